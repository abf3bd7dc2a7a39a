//! The owner's card for closures, maintenance and own use, in the resource editor.

use leptos::prelude::*;

use super::when_text;
use crate::{
    bookings::{
        api::{AddBlockedPeriod, RemoveBlockedPeriod, list_blocked_periods},
        types::{BlockKind, TEXT_MAX},
    },
    i18n::{Msg, use_i18n},
    time::LocalDate,
    ui::{
        ErrorPanel, FormAlert, Icon, IconName, Loading, OptionLabel, SelectField, SubmitButton,
        TextField, action_error, pickers::DateField, toast_outcome,
    },
};

/// A resource's blocked periods and the actions that change them. Made by the editor page
/// outside its `Transition`, so the server and the browser create their resources in the same
/// order.
#[derive(Clone, Copy)]
pub struct Blocked {
    add: ServerAction<AddBlockedPeriod>,
    remove: ServerAction<RemoveBlockedPeriod>,
    periods: Resource<Result<Vec<crate::bookings::types::BlockedPeriod>, crate::error::AppError>>,
}

impl Blocked {
    pub fn new(resource_id: impl Fn() -> String + Send + Sync + 'static) -> Blocked {
        let add = ServerAction::<AddBlockedPeriod>::new();
        let remove = ServerAction::<RemoveBlockedPeriod>::new();
        let periods = Resource::new(
            move || (resource_id(), add.version().get(), remove.version().get()),
            |(id, _, _)| list_blocked_periods(id),
        );
        Blocked {
            add,
            remove,
            periods,
        }
    }
}

#[component]
pub fn BlockedPeriodsCard(
    resource_id: String,
    today: LocalDate,
    blocked: Blocked,
) -> impl IntoView {
    let i18n = use_i18n();
    let Blocked {
        add,
        remove,
        periods,
    } = blocked;
    let error = action_error(add.value());
    toast_outcome(add.value(), move |_| {
        Some(i18n.t(Msg::BlockedAdded).to_owned())
    });
    toast_outcome(remove.value(), move |()| {
        Some(i18n.t(Msg::BlockedRemoved).to_owned())
    });
    let kinds = BlockKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), OptionLabel::Msg(k.label())))
        .collect::<Vec<_>>();
    view! {
        <section class="card form-card stack" aria-labelledby="blocked-title">
            <h2 id="blocked-title"><Icon name=IconName::Lock/><span>{i18n.t(Msg::BlockedTitle)}</span></h2>
            <p class="hint">{i18n.t(Msg::BlockedHint)}</p>
            <Transition fallback=Loading>
                {move || periods.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{i18n.t(Msg::BlockedEmpty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="occurrences">
                            {list.into_iter().map(|p| view! {
                                <li>
                                    <span class="badge">{i18n.t(p.kind.label())}</span>
                                    <span>{move || when_text(p.range, p.zone, i18n.locale.get())}</span>
                                    {(!p.reason.is_empty()).then(|| view! { <span class="muted">{p.reason.clone()}</span> })}
                                    <ActionForm action=remove>
                                        <input type="hidden" name="id" value=p.id.clone()/>
                                        <button type="submit" class="button button-ghost danger">{i18n.t(Msg::BlockedRemove)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="resource_id" value=resource_id/>
                <div class="field-row">
                    <DateField label=Msg::RequestFirstDay name="input[first_day]" field="first_day" error required=true min=today/>
                    <DateField label=Msg::RequestLastDay name="input[last_day]" field="last_day" error min=today/>
                </div>
                <SelectField label=Msg::BlockedKind name="input[kind]" field="kind" options=kinds selected="closure".to_owned() error required=true/>
                <TextField label=Msg::BlockedDetails name="input[reason]" field="reason" maxlength=TEXT_MAX error/>
                <SubmitButton label=Msg::BlockedAdd pending=add.pending()/>
            </ActionForm>
        </section>
    }
}
