//! The owner's card for partner organizations, in the resource editor: who may book a
//! resource kept for partners.

use leptos::prelude::*;

use crate::{
    bookings::partners::{AddPartner, Partners, RemovePartner, list_partners},
    error::AppError,
    i18n::{Msg, use_i18n},
    ui::{
        ErrorPanel, FormAlert, Icon, IconName, Loading, SubmitButton, action_error, toast_outcome,
    },
};

/// A resource's partners and the actions that change them. Made by the editor page outside
/// its `Transition`.
#[derive(Clone, Copy)]
pub struct PartnerList {
    add: ServerAction<AddPartner>,
    remove: ServerAction<RemovePartner>,
    list: Resource<Result<Partners, AppError>>,
}

impl PartnerList {
    pub fn new(resource_id: impl Fn() -> String + Send + Sync + 'static) -> PartnerList {
        let add = ServerAction::<AddPartner>::new();
        let remove = ServerAction::<RemovePartner>::new();
        let list = Resource::new(
            move || (resource_id(), add.version().get(), remove.version().get()),
            |(id, _, _)| list_partners(id),
        );
        PartnerList { add, remove, list }
    }
}

#[component]
pub fn PartnersCard(resource_id: String, partners: PartnerList) -> impl IntoView {
    let i18n = use_i18n();
    let PartnerList { add, remove, list } = partners;
    let error = action_error(add.value());
    let remove_error = action_error(remove.value());
    toast_outcome(add.value(), move |()| {
        Some(i18n.t(Msg::PartnersAdded).to_owned())
    });
    toast_outcome(remove.value(), move |()| {
        Some(i18n.t(Msg::PartnersRemoved).to_owned())
    });
    let resource_id = StoredValue::new(resource_id);
    view! {
        <section class="card form-card stack" aria-labelledby="partners-title">
            <h2 id="partners-title"><Icon name=IconName::Users/><span>{i18n.t(Msg::PartnersTitle)}</span></h2>
            <p class="hint">{i18n.t(Msg::PartnersHint)}</p>
            <FormAlert error=remove_error/>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(p) => view! {
                        {if p.partners.is_empty() {
                            view! { <p class="muted">{i18n.t(Msg::PartnersEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="occurrences">
                                    {p.partners.into_iter().map(|(id, name)| view! {
                                        <li>
                                            <span>{name}</span>
                                            <ActionForm action=remove>
                                                <input type="hidden" name="resource_id" value=resource_id.get_value()/>
                                                <input type="hidden" name="org_id" value=id/>
                                                <button type="submit" class="button button-ghost danger">{i18n.t(Msg::PartnersRemove)}</button>
                                            </ActionForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <datalist id="partner-names">
                            {p.choices.into_iter().map(|n| view! { <option value=n/> }).collect_view()}
                        </datalist>
                    }.into_any(),
                })}
            </Transition>
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="resource_id" value=resource_id.get_value()/>
                <div class="field">
                    <label for="partner-name">{i18n.t(Msg::PartnersName)}</label>
                    <input id="partner-name" class="input" type="text" name="name" list="partner-names"
                        autocomplete="off" required maxlength="200"
                        aria-invalid=move || error.get().is_some().then_some("true")/>
                </div>
                <SubmitButton label=Msg::PartnersAdd pending=add.pending()/>
            </ActionForm>
        </section>
    }
}
