//! The resource form, to list a new resource or edit one: essentials, the facts of its
//! category (only those are shown), price and capacity, booking rules, opening hours and the
//! private access notes.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::{
    catalogue::{
        photos::{Photo, ui::PhotoManager},
        resources::{
            api::{CreateResource, UpdateResource, get_resource},
            form::ResourceInput,
            types::{Attr, Audience, Category, PriceUnit, SlotGrid},
        },
        ui::{category_options, region_options},
    },
    error::AppError,
    i18n::{Msg, use_i18n},
    organizations::types::Role,
    session::SignInRequired,
    session::use_session,
    shared::hours::{DayHoursInput, HoursEdge, HoursInput, WEEKDAY_FIELDS, WEEKDAYS},
    ui::{
        CheckField, ErrorPanel, FieldError, FormAlert, Icon, IconName, Loading, OptionLabel,
        SelectField, SubmitButton, TextField, action_error, use_toasts,
    },
};

#[component]
pub fn NewResourcePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Title text=i18n.t(Msg::ResourceNewTitle)/>
        {move || match session.current() {
            None => view! { <SignInRequired/> }.into_any(),
            Some(user) => match user.active_membership() {
                Some(m) if m.role == Role::Admin => {
                    view! { <CreateResourceForm org_id=m.org_id.clone() org_name=m.org_name.clone() region=m.region/> }.into_any()
                }
                _ => view! {
                    <section class="page narrow">
                        <ErrorPanel error=AppError::forbidden()/>
                    </section>
                }.into_any(),
            },
        }}
    }
}

/// A first listing is quick: what it is, where, when it is open; the rest (facts, price, rules,
/// private notes) waits folded below, for now or for later.
#[component]
fn CreateResourceForm(
    org_id: String,
    org_name: String,
    region: Option<crate::shared::Region>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<CreateResource>::new();
    let error = action_error(action.value());
    let navigate = use_navigate();
    // The input is cleared once the action settles: remember the choice while it runs.
    let published = StoredValue::new(false);
    let title = StoredValue::new(String::new());
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            published.set_value(input.publish.is_some());
            title.set_value(input.input.title.trim().to_owned());
        }
    });
    // A photo chosen with the first step goes up once the listing exists, with its progress.
    let photo_input = NodeRef::<leptos::html::Input>::new();
    let sending = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        let Some(Ok(id)) = action.value().get() else {
            return;
        };
        let done = toasts;
        let saved = if published.get_value() {
            Msg::ResourcePublished
        } else {
            Msg::ResourceDraftSaved
        };
        let navigate = navigate.clone();
        let file = chosen_photo(photo_input);
        let Some(file) = file else {
            done.success(i18n.t(saved));
            navigate(
                &crate::ui::links::Link::Resource(&id).href(),
                Default::default(),
            );
            return;
        };
        sending.set(Some(0));
        leptos::task::spawn_local(async move {
            let sent = send_first_photo(&id, &title.get_value(), file, sending).await;
            sending.set(None);
            match sent {
                Ok(()) => {
                    done.success(i18n.t(saved));
                    navigate(
                        &crate::ui::links::Link::Resource(&id).href(),
                        Default::default(),
                    );
                }
                // Saved all the same: the photos section says what went wrong with the file.
                Err(e) => {
                    done.error(i18n.tf(
                        Msg::ResourceSavedPhotoFailed,
                        &[("reason", i18n.t(e.msg()))],
                    ));
                    navigate(
                        &format!(
                            "{}#photos",
                            crate::ui::links::Link::EditResource(&id).href()
                        ),
                        Default::default(),
                    );
                }
            }
        });
    });
    view! {
        <section class="page narrow">
            <div class="card form-card">
                <h1>{i18n.t(Msg::ResourceNewTitle)}</h1>
                <p class="lead-small">{move || i18n.tf(Msg::ResourceNewLead, &[("org", &org_name)])}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormAlert error/>
                    <input type="hidden" name="org_id" value=org_id/>
                    <ResourceFields
                        initial=ResourceInput {
                            booking_mode: "approval".into(),
                            capacity: "1".into(),
                            region: region.map(|r| r.code_str()).unwrap_or_default(),
                            ..Default::default()
                        }
                        error
                        quick=true
                    />
                    // No name: the file stays out of the form's fields and goes up on its own.
                    <div class="field">
                        <label for="first-photo">{i18n.t(Msg::ResourceFirstPhoto)}</label>
                        <input id="first-photo" type="file" accept="image/jpeg,image/png,image/webp" node_ref=photo_input aria-describedby="first-photo-hint"/>
                        <p class="hint" id="first-photo-hint">{i18n.t(Msg::ResourceFirstPhotoHint)}</p>
                    </div>
                    <div class="upload-progress" hidden=move || sending.get().is_none()>
                        <label for="first-photo-progress">
                            {move || i18n.tf(Msg::PhotoUploading, &[("percent", &sending.get().unwrap_or(0).to_string())])}
                        </label>
                        <progress id="first-photo-progress" max="100" value=move || sending.get().unwrap_or(0)></progress>
                    </div>
                    <CheckField label=Msg::ResourcePublishNow name="publish" checked=true hint=Msg::ResourcePublishNowHint/>
                    <SubmitButton label=Msg::ResourceSaveNew pending=Signal::derive(move || action.pending().get() || sending.get().is_some())/>
                </ActionForm>
            </div>
        </section>
    }
    .into_any()
}

/// The file chosen in `input`, if any.
#[cfg(feature = "hydrate")]
fn chosen_photo(input: NodeRef<leptos::html::Input>) -> Option<leptos::web_sys::File> {
    input.get_untracked()?.files()?.get(0)
}

#[cfg(not(feature = "hydrate"))]
fn chosen_photo(_input: NodeRef<leptos::html::Input>) -> Option<()> {
    None
}

#[cfg(feature = "hydrate")]
async fn send_first_photo(
    id: &str,
    title: &str,
    file: leptos::web_sys::File,
    sending: RwSignal<Option<u32>>,
) -> Result<(), AppError> {
    crate::catalogue::photos::ui::upload_photo(id, title, file, move |p| sending.set(Some(p)))
        .await
        .map(|_| ())
}

#[cfg(not(feature = "hydrate"))]
async fn send_first_photo(
    _id: &str,
    _title: &str,
    _file: (),
    _sending: RwSignal<Option<u32>>,
) -> Result<(), AppError> {
    Ok(())
}

#[component]
pub fn EditResourcePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let page = Resource::new(id, get_resource);
    let blocked = crate::bookings::ui::Blocked::new(id);
    let partners = crate::bookings::ui::PartnerList::new(id);
    view! {
        <Title text=i18n.t(Msg::ResourceEditTitle)/>
        <Transition fallback=Loading>
            {move || page.get().map(|r| match r {
                Ok(p) if p.can_edit => view! {
                    <EditResourceForm id=p.resource.id.clone() title=p.resource.content.title.clone() initial=ResourceInput::from_resource(&p.resource) photos=p.resource.photos blocked partners/>
                }.into_any(),
                Ok(_) => view! { <section class="page narrow"><ErrorPanel error=AppError::forbidden()/></section> }.into_any(),
                Err(AppError::NotFound { .. }) => view! { <crate::ui::not_found::NotFoundPage/> }.into_any(),
                Err(e) => view! { <section class="page narrow"><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn EditResourceForm(
    id: String,
    title: String,
    initial: ResourceInput,
    photos: Vec<Photo>,
    blocked: crate::bookings::ui::Blocked,
    partners: crate::bookings::ui::PartnerList,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<UpdateResource>::new();
    let error = action_error(action.value());
    let navigate = use_navigate();
    let back = crate::ui::links::Link::Resource(&id).href();
    let target = back.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            toasts.success(i18n.t(Msg::ResourceSaved));
            navigate(&target, Default::default());
        }
    });
    let photos_for = id.clone();
    let alt_for = title.clone();
    let blocked_for = id.clone();
    let partners_for = id.clone();
    view! {
        <section class="page narrow stack">
            <header>
                <h1>{i18n.t(Msg::ResourceEditTitle)}</h1>
                <p class="lead-small">{title}</p>
            </header>
            <PhotoManager resource_id=photos_for photos suggested_alt=alt_for/>
            <div class="card form-card">
                <h2>{i18n.t(Msg::ResourceSectionDetails)}</h2>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormAlert error/>
                    <input type="hidden" name="id" value=id/>
                    <ResourceFields initial error/>
                    <div class="button-row">
                        <SubmitButton label=Msg::ActionSave pending=action.pending()/>
                        <a href=back class="button button-ghost">{i18n.t(Msg::ActionCancel)}</a>
                    </div>
                </ActionForm>
            </div>
            <crate::bookings::ui::BlockedPeriodsCard resource_id=blocked_for today=crate::time::Zone::Montreal.today() blocked/>
            <crate::bookings::ui::PartnersCard resource_id=partners_for partners/>
        </section>
    }
    .into_any()
}

/// Every field of the resource form (`input[…]` names); facts follow the chosen category.
#[component]
fn ResourceFields(
    initial: ResourceInput,
    error: Signal<Option<AppError>>,
    /// A new listing: the optional sections start folded, after the opening hours.
    #[prop(optional)]
    quick: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let category = RwSignal::new(Category::parse(&initial.category));
    let price_unit =
        RwSignal::new(PriceUnit::parse(&initial.price_unit).unwrap_or(PriceUnit::Free));
    let shows = move |attr: Attr| move || !category.get().is_some_and(|c| c.has(attr));
    let units = PriceUnit::ALL
        .iter()
        .map(|u| (u.code().to_owned(), OptionLabel::Msg(u.label())))
        .collect::<Vec<_>>();
    let grids = SlotGrid::CHOICES
        .iter()
        .map(|g| (g.code(), OptionLabel::Msg(g.label())))
        .collect::<Vec<_>>();
    let audiences = Audience::ALL
        .iter()
        .map(|a| (a.code().to_owned(), OptionLabel::Msg(a.label())))
        .collect::<Vec<_>>();
    let i = initial;
    let instant = i.booking_mode == "instant";
    let unit = if i.price_unit.is_empty() {
        "free".to_owned()
    } else {
        i.price_unit.clone()
    };
    let hours = i.hours.clone();
    // A problem in a folded section unfolds it, so the person sees the field at fault.
    let more = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        let folded = error
            .get()
            .and_then(|e| {
                e.field()
                    .map(|f| !FIRST_STEP.contains(&f) && !f.starts_with("hours"))
            })
            .unwrap_or(false);
        if folded && let Some(more) = more.get_untracked() {
            more.set_open(true);
        }
    });
    view! {
        <fieldset class="fieldset">
            <legend>{i18n.t(Msg::ResourceSectionEssentials)}</legend>
            <SelectField label=Msg::FieldCategory name="input[category]" field="category" options=category_options() selected=i.category.clone() error required=true placeholder=Msg::FieldChoose
                on_change=move |value: String| category.set(Category::parse(&value))/>
            <TextField label=Msg::FieldTitle name="input[title]" field="title" value=i.title error required=true maxlength=120 hint=Msg::FieldTitleHint/>
            <TextField label=Msg::FieldDescription name="input[description]" field="description" multiline=true value=i.description error maxlength=5000/>
            <SelectField label=Msg::FieldRegion name="input[region]" field="region" options=region_options() selected=i.region error required=true placeholder=Msg::FieldChoose/>
            <TextField label=Msg::FieldAddress name="input[address]" field="address" value=i.address error maxlength=300 hint=Msg::FieldAddressHint/>
        </fieldset>

        {quick.then(|| view! { <HoursFieldset hours=hours.clone() error/> })}
        <details class="more-details" open=!quick node_ref=more>
            <summary>{i18n.t(Msg::ResourceMoreDetails)}</summary>
            <p class="hint">{i18n.t(Msg::ResourceMoreDetailsHint)}</p>
        <fieldset class="fieldset" hidden=move || category.get().is_none()>
            <legend>{i18n.t(Msg::ResourceSectionFacts)}</legend>
            <div class="field-row">
                <div hidden=shows(Attr::AreaM2)>
                    <TextField label=Msg::FieldAreaM2 name="input[area_m2]" field="area_m2" inputmode="numeric" value=i.area_m2 error/>
                </div>
                <div hidden=shows(Attr::WorkStations)>
                    <TextField label=Msg::FieldWorkStations name="input[work_stations]" field="work_stations" inputmode="numeric" value=i.work_stations error/>
                </div>
                <div hidden=shows(Attr::PalletSpots)>
                    <TextField label=Msg::FieldPalletSpots name="input[pallet_spots]" field="pallet_spots" inputmode="numeric" value=i.pallet_spots error/>
                </div>
                <div hidden=shows(Attr::Seats)>
                    <TextField label=Msg::FieldSeats name="input[seats]" field="seats" inputmode="numeric" value=i.seats error/>
                </div>
            </div>
            <div class="field-row" hidden=shows(Attr::Temperature)>
                <TextField label=Msg::FieldTempMin name="input[temp_min_c]" field="temp_min_c" inputmode="numeric" value=i.temp_min_c error/>
                <TextField label=Msg::FieldTempMax name="input[temp_max_c]" field="temp_max_c" inputmode="numeric" value=i.temp_max_c error/>
            </div>
            <div class="field-row" hidden=shows(Attr::PayloadKg)>
                <TextField label=Msg::FieldPayloadKg name="input[payload_kg]" field="payload_kg" inputmode="numeric" value=i.payload_kg error/>
                <TextField label=Msg::FieldVolumeM3 name="input[volume_m3]" field="volume_m3" inputmode="numeric" value=i.volume_m3 error/>
            </div>
            <div hidden=shows(Attr::LicenceClass)>
                <TextField label=Msg::FieldLicenceClass name="input[licence_class]" field="licence_class" value=i.licence_class error maxlength=20/>
            </div>
            <div hidden=move || category.get() != Some(Category::Vehicle)>
                <CheckField label=Msg::FieldRefrigerated name="input[refrigerated]" checked=i.refrigerated.is_some()/>
            </div>
            <div hidden=shows(Attr::MapaqPermit)>
                <CheckField label=Msg::FieldMapaqPermit name="input[mapaq_permit]" checked=i.mapaq_permit.is_some()/>
            </div>
            <div hidden=shows(Attr::Equipment)>
                <TextField label=Msg::FieldEquipment name="input[equipment]" field="equipment" multiline=true value=i.equipment error maxlength=1000/>
            </div>
            <div class="field-row" hidden=shows(Attr::Skill)>
                <TextField label=Msg::FieldSkill name="input[skill]" field="skill" value=i.skill error maxlength=120/>
                <TextField label=Msg::FieldHoursPerWeek name="input[hours_per_week]" field="hours_per_week" inputmode="numeric" value=i.hours_per_week error/>
            </div>
        </fieldset>

        <fieldset class="fieldset">
            <legend>{i18n.t(Msg::ResourceSectionPrice)}</legend>
            <div class="field-row">
                <SelectField label=Msg::FieldPriceUnit name="input[price_unit]" field="price_unit" options=units selected=unit error
                    on_change=move |value: String| price_unit.set(PriceUnit::parse(&value).unwrap_or(PriceUnit::Free))/>
                <div hidden=move || price_unit.get() == PriceUnit::Free>
                    <TextField label=Msg::FieldPrice name="input[price]" field="price" inputmode="decimal" value=i.price error hint=Msg::FieldPriceHint/>
                </div>
            </div>
            <div class="field-row">
                <TextField label=Msg::FieldDeposit name="input[deposit]" field="deposit" inputmode="decimal" value=i.deposit error/>
                <TextField label=Msg::FieldCapacity name="input[capacity]" field="capacity" inputmode="numeric" value=i.capacity error hint=Msg::FieldCapacityHint/>
            </div>
        </fieldset>

        <fieldset class="fieldset">
            <legend>{i18n.t(Msg::ResourceSectionRules)}</legend>
            <div class="radios" role="radiogroup" aria-label=i18n.t(Msg::FieldBookingMode)>
                <label class="check">
                    <input type="radio" name="input[booking_mode]" value="approval" checked=!instant/>
                    <span>{i18n.t(Msg::BookingModeApproval)}</span>
                </label>
                <label class="check">
                    <input type="radio" name="input[booking_mode]" value="instant" checked=instant/>
                    <span>{i18n.t(Msg::BookingModeInstant)}</span>
                </label>
            </div>
            <div class="field-row">
                <TextField label=Msg::FieldMinHours name="input[min_hours]" field="min_hours" inputmode="decimal" value=i.min_hours error/>
                <TextField label=Msg::FieldMaxHours name="input[max_hours]" field="max_hours" inputmode="decimal" value=i.max_hours error/>
            </div>
            <div class="field-row">
                <SelectField label=Msg::FieldSlotGrid name="input[slot_grid]" field="slot_grid" options=grids selected=i.slot_grid.clone() error/>
                <TextField label=Msg::FieldHorizonDays name="input[horizon_days]" field="horizon_days" inputmode="numeric" value=i.horizon_days.clone() error/>
            </div>
            <SelectField label=Msg::FieldAudience name="input[audience]" field="audience" options=audiences selected=i.audience.clone() error/>
            <div class="field-row">
                <TextField label=Msg::FieldLeadHours name="input[lead_hours]" field="lead_hours" inputmode="numeric" value=i.lead_hours error hint=Msg::FieldLeadHoursHint/>
                <TextField label=Msg::FieldBufferMinutes name="input[buffer_minutes]" field="buffer_minutes" inputmode="numeric" value=i.buffer_minutes error hint=Msg::FieldBufferMinutesHint/>
            </div>
        </fieldset>

            {(!quick).then(|| view! { <HoursFieldset hours=hours.clone() error/> })}
        <fieldset class="fieldset">
            <legend><Icon name=IconName::Lock/> " " {i18n.t(Msg::ResourceSectionPrivate)}</legend>
            <TextField label=Msg::FieldAccessNotes name="input[access_notes]" field="access_notes" multiline=true value=i.access_notes error maxlength=2000 hint=Msg::FieldAccessNotesHint/>
        </fieldset>
        </details>
    }
}

/// The fields of a new listing's first step (with the opening hours); the others are folded.
const FIRST_STEP: [&str; 5] = ["category", "title", "description", "region", "address"];

/// The week's opening hours, a row a day.
#[component]
fn HoursFieldset(hours: HoursInput, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="fieldset">
            <legend>{i18n.t(Msg::ResourceSectionHours)}</legend>
            <p class="hint">{i18n.t(Msg::ResourceHoursHint)}</p>
            <div class="hours-grid">
                {(0..7)
                    .map(|day| {
                        let DayHoursInput { open, close } = hours.day(day);
                        view! { <HoursRow day open close error/> }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// One weekday's opening and closing times; both empty means closed.
#[component]
fn HoursRow(
    day: usize,
    open: String,
    close: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = WEEKDAY_FIELDS[day];
    let message = crate::ui::field_message(error, field);
    let day_name = move || crate::catalogue::ui::capitalized(i18n.t(WEEKDAYS[day]));
    let error_id = format!("hours-{day}-error");
    let described = error_id.clone();
    view! {
        <div class="hours-row" class:field-invalid=move || message.get().is_some()>
            <span class="hours-day" id=format!("hours-{day}-label")>{day_name}</span>
            <label class="visually-hidden" for=format!("hours-{day}-open")>
                {move || i18n.tf(Msg::HoursOpensLabel, &[("day", &day_name())])}
            </label>
            <input
                id=format!("hours-{day}-open")
                type="time"
                name=HoursInput::field_name("input", day, HoursEdge::Open)
                value=open
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described.clone()
            />
            <span aria-hidden="true">"–"</span>
            <label class="visually-hidden" for=format!("hours-{day}-close")>
                {move || i18n.tf(Msg::HoursClosesLabel, &[("day", &day_name())])}
            </label>
            <input
                id=format!("hours-{day}-close")
                type="time"
                name=HoursInput::field_name("input", day, HoursEdge::Close)
                value=close
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described
            />
            <FieldError id=error_id message class="field-error hours-error"/>
        </div>
    }
}
