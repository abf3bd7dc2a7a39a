//! What the reader may do on a booking's page: answer a request (or its whole series), ask for
//! a change, answer or withdraw one, cancel (this date, or the rest of its series). Every
//! action is a plain form (it posts without WASM); those that need a reason open a dialog.

use leptos::prelude::*;

use crate::{
    bookings::{
        api::{CancelBooking, DecideBooking},
        changes::{AnswerChange, RequestChange, WithdrawChange},
        types::{BookingPage, ChangeOutcome, Decision, TEXT_MAX, when_text},
    },
    error::AppError,
    i18n::{Msg, use_i18n},
    time::{LocalTime, iso_date},
    ui::{
        CheckField, FormAlert, Icon, IconName, SubmitButton, TextField, action_error,
        dialog::Dialog,
        pickers::{DateField, TimeField},
        toast_outcome,
    },
};

/// A reason (required), the submit button and « Garder », inside a dialog's form.
#[component]
fn ReasonFields(
    id: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    hint: Msg,
    submit: Msg,
    #[prop(into)] pending: Signal<bool>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <FormAlert error/>
        <TextField id label=Msg::BookingReason name="reason" multiline=true required=true maxlength=TEXT_MAX hint error/>
        <div class="button-row">
            <SubmitButton label=submit pending/>
            <button type="button" class="button button-ghost" on:click=move |_| open.set(false)>{i18n.t(Msg::BookingKeep)}</button>
        </div>
    }
}

/// « 08:30 » for a wall-clock time.
fn clock(time: LocalTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

#[component]
pub fn BookingActionsBar(page: BookingPage, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let actions = page.actions;
    let b = page.booking.clone();
    let id = StoredValue::new(b.id.clone());
    let decide = ServerAction::<DecideBooking>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let change = ServerAction::<RequestChange>::new();
    let answer = ServerAction::<AnswerChange>::new();
    let withdraw = ServerAction::<WithdrawChange>::new();
    let declining = RwSignal::new(false);
    let cancelling = RwSignal::new(false);
    let changing = RwSignal::new(false);
    let refusing = RwSignal::new(false);
    let decide_error = action_error(decide.value());
    let cancel_error = action_error(cancel.value());
    let change_error = action_error(change.value());
    let answer_error = action_error(answer.value());
    let withdraw_error = action_error(withdraw.value());
    let last_decision = RwSignal::new(None::<Decision>);
    toast_outcome(decide.value(), move |count: u32| {
        declining.set(false);
        reload.run(());
        Some(match (last_decision.get_untracked(), count) {
            (_, n) if n > 1 => i18n.tf(
                Msg::BookingSeriesAnsweredToast,
                &[("count", &n.to_string())],
            ),
            (Some(Decision::Decline), _) => i18n.t(Msg::BookingDeclinedToast).to_owned(),
            _ => i18n.t(Msg::BookingApprovedToast).to_owned(),
        })
    });
    toast_outcome(cancel.value(), move |_| {
        cancelling.set(false);
        reload.run(());
        Some(i18n.t(Msg::BookingCancelledToast).to_owned())
    });
    toast_outcome(change.value(), move |outcome: ChangeOutcome| {
        changing.set(false);
        reload.run(());
        Some(
            i18n.t(match outcome {
                ChangeOutcome::Applied => Msg::BookingChangedToast,
                ChangeOutcome::Pending => Msg::BookingChangeSentToast,
            })
            .to_owned(),
        )
    });
    let accepting = RwSignal::new(true);
    toast_outcome(answer.value(), move |()| {
        refusing.set(false);
        reload.run(());
        Some(
            i18n.t(if accepting.get_untracked() {
                Msg::BookingChangeAcceptedToast
            } else {
                Msg::BookingChangeRefusedToast
            })
            .to_owned(),
        )
    });
    toast_outcome(withdraw.value(), move |()| {
        reload.run(());
        Some(i18n.t(Msg::BookingChangeWithdrawnToast).to_owned())
    });

    // The change form starts from the booking as it is, in the owner's zone.
    let (start, end) = (b.zone.local(b.range.start()), b.zone.local(b.range.end()));
    let days = page.slot_minutes == 0;
    let last_day = if end.time() == LocalTime::midnight() {
        end.date().yesterday().unwrap_or(end.date())
    } else {
        end.date()
    };
    let form_date = StoredValue::new(iso_date(start.date()));
    let form_end = StoredValue::new(iso_date(last_day));
    let form_from = StoredValue::new(clock(start.time()));
    let form_to = StoredValue::new(clock(end.time()));
    let quantity = StoredValue::new(b.quantity.to_string());
    let step = page.slot_minutes.max(1);
    let capacity = page.capacity;
    let pending_change = page.pending_change.clone();
    let zone = b.zone;

    let any = actions.decide
        || actions.cancel
        || actions.change
        || actions.answer_change
        || actions.withdraw_change;
    any.then(|| view! {
        {pending_change.map(|c| {
            let when = move || when_text(c.range, zone, i18n.locale.get());
            view! {
                <section class="card pending-change" aria-labelledby="pending-change-title">
                    <h2 id="pending-change-title">{i18n.t(Msg::BookingPendingChange)}</h2>
                    <dl class="facts">
                        <div><dt>{i18n.t(Msg::BookingWhen)}</dt><dd>{when}</dd></div>
                        <div><dt>{i18n.t(Msg::BookingQuantity)}</dt><dd>{c.quantity}</dd></div>
                        {c.rest_of_series.then(|| view! {
                            <div><dt>{i18n.t(Msg::AnswerDates)}</dt><dd>{i18n.t(Msg::BookingPendingChangeSeries)}</dd></div>
                        })}
                        {(!c.note.is_empty()).then(|| view! {
                            <div><dt>{i18n.t(Msg::BookingChangeNote)}</dt><dd class="prose">{c.note.clone()}</dd></div>
                        })}
                    </dl>
                    <FormAlert error=Signal::derive(move || answer_error.get().filter(|_| !refusing.get()).or_else(|| withdraw_error.get()))/>
                    <div class="button-row">
                        {actions.answer_change.then(|| view! {
                            <ActionForm action=answer on:submit=move |_| accepting.set(true)>
                                <input type="hidden" name="booking_id" value=id.get_value()/>
                                <input type="hidden" name="accept" value="true"/>
                                <SubmitButton label=Msg::BookingChangeAccept pending=answer.pending()/>
                            </ActionForm>
                            <button type="button" class="button button-secondary" on:click=move |_| refusing.set(true)>
                                {i18n.t(Msg::BookingChangeRefuse)}
                            </button>
                        })}
                        {actions.withdraw_change.then(|| view! {
                            <ActionForm action=withdraw>
                                <input type="hidden" name="booking_id" value=id.get_value()/>
                                <SubmitButton label=Msg::BookingChangeWithdraw pending=withdraw.pending() secondary=true/>
                            </ActionForm>
                        })}
                    </div>
                </section>
            }
        })}
        <div class="button-row">
            {actions.decide.then(|| view! {
                <ActionForm action=decide on:submit=move |_| last_decision.set(Some(Decision::Approve))>
                    <input type="hidden" name="id" value=id.get_value()/>
                    <input type="hidden" name="decision" value="approve"/>
                    <SubmitButton label=Msg::BookingApprove pending=decide.pending()/>
                </ActionForm>
                {(actions.series_pending > 1).then(|| view! {
                    <ActionForm action=decide on:submit=move |_| last_decision.set(Some(Decision::Approve))>
                        <input type="hidden" name="id" value=id.get_value()/>
                        <input type="hidden" name="decision" value="approve"/>
                        <input type="hidden" name="whole_series" value="true"/>
                        <button type="submit" class="button button-secondary" disabled=move || decide.pending().get()>
                            {move || i18n.tf(Msg::BookingApproveSeries, &[("count", &actions.series_pending.to_string())])}
                        </button>
                    </ActionForm>
                })}
                <button type="button" class="button button-secondary" on:click=move |_| declining.set(true)>
                    {i18n.t(Msg::BookingDecline)}
                </button>
            })}
            {actions.change.then(|| view! {
                <button type="button" class="button button-secondary" on:click=move |_| changing.set(true)>
                    <Icon name=IconName::Calendar/><span>{i18n.t(Msg::BookingChange)}</span>
                </button>
            })}
            {actions.cancel.then(|| view! {
                <button type="button" class="button button-ghost danger" on:click=move |_| cancelling.set(true)>
                    {i18n.t(Msg::BookingCancel)}
                </button>
            })}
            <FormAlert error=Signal::derive(move || decide_error.get().filter(|_| !declining.get()))/>
        </div>
        <Dialog open=declining id="decline-dialog" title=Signal::derive(move || i18n.t(Msg::BookingDeclineTitle).to_owned())>
            <ActionForm action=decide attr:class="form" on:submit=move |_| last_decision.set(Some(Decision::Decline))>
                <input type="hidden" name="id" value=id.get_value()/>
                <input type="hidden" name="decision" value="decline"/>
                {(actions.series_pending > 1).then(|| view! {
                    <CheckField label=Msg::BookingDeclineSeries name="whole_series" value="true"/>
                })}
                <ReasonFields id="decline-reason" error=decide_error hint=Msg::BookingDeclineReasonHint submit=Msg::BookingDecline pending=decide.pending() open=declining/>
            </ActionForm>
        </Dialog>
        <Dialog open=cancelling id="cancel-dialog" title=Signal::derive(move || i18n.t(Msg::BookingCancelTitle).to_owned())>
            <ActionForm action=cancel attr:class="form">
                <input type="hidden" name="id" value=id.get_value()/>
                {(actions.series_rest > 1).then(|| view! {
                    <fieldset class="field choices">
                        <legend>{i18n.t(Msg::BookingCancelScope)}</legend>
                        <label class="choice"><input type="radio" name="rest_of_series" value="false" checked/>{i18n.t(Msg::BookingCancelThis)}</label>
                        <label class="choice"><input type="radio" name="rest_of_series" value="true"/>{move || i18n.tf(Msg::BookingCancelRest, &[("count", &actions.series_rest.to_string())])}</label>
                    </fieldset>
                })}
                <ReasonFields id="cancel-reason" error=cancel_error hint=Msg::BookingCancelReasonHint submit=Msg::BookingCancel pending=cancel.pending() open=cancelling/>
            </ActionForm>
        </Dialog>
        <Dialog open=refusing id="refuse-change-dialog" title=Signal::derive(move || i18n.t(Msg::BookingChangeRefuse).to_owned())>
            <ActionForm action=answer attr:class="form" on:submit=move |_| accepting.set(false)>
                <input type="hidden" name="booking_id" value=id.get_value()/>
                <input type="hidden" name="accept" value="false"/>
                <ReasonFields id="refuse-change-reason" error=answer_error hint=Msg::BookingDeclineReasonHint submit=Msg::BookingChangeRefuse pending=answer.pending() open=refusing/>
            </ActionForm>
        </Dialog>
        <Dialog open=changing id="change-dialog" title=Signal::derive(move || i18n.t(Msg::BookingChangeTitle).to_owned())>
            <ActionForm action=change attr:class="form">
                <FormAlert error=change_error/>
                <input type="hidden" name="booking_id" value=id.get_value()/>
                <p class="muted">{i18n.t(Msg::BookingChangeLead)}</p>
                {if days {
                    view! {
                        <DateField label=Msg::RequestFirstDay name="input[date]" field="date" value=form_date.get_value() error=change_error required=true/>
                        <DateField label=Msg::RequestLastDay name="input[end_date]" field="end_date" value=form_end.get_value() error=change_error required=true/>
                    }.into_any()
                } else {
                    view! {
                        <DateField label=Msg::RequestDate name="input[date]" field="date" value=form_date.get_value() error=change_error required=true/>
                        <div class="field-row">
                            <TimeField label=Msg::RequestFrom name="input[from]" field="from" value=form_from.get_value() error=change_error required=true step_minutes=step/>
                            <TimeField label=Msg::RequestTo name="input[to]" field="to" value=form_to.get_value() error=change_error required=true step_minutes=step/>
                        </div>
                    }.into_any()
                }}
                {if capacity > 1 {
                    view! {
                        <TextField label=Msg::RequestQuantity name="input[quantity]" field="quantity" kind="number" inputmode="numeric" value=quantity.get_value() min="1" max=capacity.to_string() error=change_error required=true/>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="input[quantity]" value="1"/> }.into_any()
                }}
                {(actions.series_rest > 1 && !days).then(|| view! {
                    <CheckField label=Msg::BookingChangeRest name="input[rest_of_series]"/>
                })}
                <TextField label=Msg::BookingChangeNote name="input[note]" field="note" multiline=true maxlength=TEXT_MAX error=change_error/>
                <div class="button-row">
                    <SubmitButton label=Msg::BookingChangeSubmit pending=change.pending()/>
                    <button type="button" class="button button-ghost" on:click=move |_| changing.set(false)>{i18n.t(Msg::BookingKeep)}</button>
                </div>
            </ActionForm>
        </Dialog>
    })
}
