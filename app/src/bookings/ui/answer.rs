//! The page an emailed answer link opens: the request, what the link will do, and one button
//! that does it (with a reason, to decline). Opening the page changes nothing.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use super::BookingStatusBadge;
use crate::{
    bookings::{
        links::{AnswerByLink, LinkPage, LinkState, booking_link},
        types::{Decision, TEXT_MAX, when_text},
    },
    error::AppError,
    i18n::{Msg, use_i18n},
    ui::{
        DoneNotice, ErrorPanel, FormAlert, FormPage, Icon, IconName, Loading, SubmitButton,
        TextField, action_error, links::Link,
    },
};

#[component]
pub fn AnswerPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("jeton").unwrap_or_default());
    let page = Resource::new(move || token.get(), booking_link);
    view! {
        <FormPage title=Msg::AnswerTitle>
            <Transition fallback=Loading>
                {move || page.get().map(|r| match r {
                    Ok(p) => view! { <AnswerView page=p token=token.get_untracked()/> }.into_any(),
                    Err(AppError::NotFound { .. }) => view! {
                        <ErrorPanel error=AppError::validation("token", Msg::ErrorLinkInvalid)/>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                })}
            </Transition>
        </FormPage>
    }
}

#[component]
fn AnswerView(page: LinkPage, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let b = page.booking.clone();
    let zone = b.zone;
    let range = b.range;
    let when = move || when_text(range, zone, i18n.locale.get());
    let answer = ServerAction::<AnswerByLink>::new();
    let error = action_error(answer.value());
    let done = move || matches!(answer.value().get(), Some(Ok(_)));
    let decline = page.action == Decision::Decline;
    let dates = page.dates;
    let booking_href = Link::Booking(&b.id).href();
    let token = StoredValue::new(token);
    let (button, done_msg) = if decline {
        (Msg::AnswerDecline, Msg::AnswerDeclined)
    } else {
        (Msg::AnswerApprove, Msg::AnswerApproved)
    };
    let blocked = match page.state {
        LinkState::Ready => None,
        LinkState::Used => Some(Msg::ErrorLinkUsed),
        LinkState::Expired => Some(Msg::ErrorLinkExpired),
        LinkState::Answered => Some(Msg::AnswerAlreadyAnswered),
    };
    view! {
        <dl class="facts">
            <div><dt>{i18n.t(Msg::BookingResource)}</dt><dd>{b.resource_title.clone()}</dd></div>
            <div><dt>{i18n.t(Msg::BookingRequester)}</dt><dd>{b.requester_org_name.clone()}</dd></div>
            <div><dt>{i18n.t(Msg::BookingWhen)}</dt><dd>{when}</dd></div>
            {(dates > 1).then(|| view! {
                <div><dt>{i18n.t(Msg::AnswerDates)}</dt><dd>{move || i18n.tf(Msg::AnswerSeriesDates, &[("count", &dates.to_string())])}</dd></div>
            })}
            <div><dt>{i18n.t(Msg::BookingQuantity)}</dt><dd>{b.quantity}</dd></div>
            {(!page.purpose.is_empty()).then(|| view! {
                <div><dt>{i18n.t(Msg::BookingPurpose)}</dt><dd class="prose">{page.purpose.clone()}</dd></div>
            })}
            <div><dt>{i18n.t(Msg::AnswerStatus)}</dt><dd><BookingStatusBadge status=b.status/></dd></div>
        </dl>
        {match blocked {
            Some(msg) => view! {
                <p class="alert alert-warning" role="status"><Icon name=IconName::Alert/><span>{i18n.t(msg)}</span></p>
                <A href=booking_href.clone() attr:class="button button-secondary">{i18n.t(Msg::AnswerOpenBooking)}</A>
            }.into_any(),
            None => view! {
                <Show when=done fallback=move || view! {
                    <ActionForm action=answer attr:class="form">
                        <FormAlert error=error/>
                        <input type="hidden" name="token" value=token.get_value()/>
                        {decline.then(|| view! {
                            <TextField label=Msg::BookingReason name="reason" multiline=true required=true maxlength=TEXT_MAX hint=Msg::BookingDeclineReasonHint error=error/>
                        })}
                        <p class="muted">{i18n.t(Msg::AnswerOnce)}</p>
                        <SubmitButton label=button pending=answer.pending()/>
                    </ActionForm>
                }>
                    <DoneNotice icon=IconName::Check message=done_msg/>
                    <A href=booking_href.clone() attr:class="button button-secondary">{i18n.t(Msg::AnswerOpenBooking)}</A>
                </Show>
            }.into_any(),
        }}
    }
}
