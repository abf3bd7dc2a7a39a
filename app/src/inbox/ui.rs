//! The inbox's pages: « Messages » (the active organization's conversations, unread first in
//! weight, searchable), a thread (its subject on top, both sides' messages, the other side's
//! read receipt, the composer) and the page that starts a conversation about a resource, a
//! need or a booking. Every form is a plain form too: without the page's code, sending still
//! works (the server answers with the page again).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Redirect},
    hooks::{use_navigate, use_params_map, use_query_map},
};

use super::{
    api::{
        AssignConversation, DeleteMessage, ReportConversation, SendMessage, SetBlock,
        StartConversation, conversation_draft, get_thread, list_conversations,
        mark_conversation_read, messages_since,
    },
    types::{
        Attachment, AttachmentCopy, AttachmentKind, Block, ConversationSummary, Draft, Message,
        MessageKind, Side, Subject, SubjectKind, SystemEvent, Thread,
    },
};
use crate::{
    error::AppError,
    i18n::{Locale, Msg, use_i18n},
    live::LiveEvent,
    organizations::types::MembershipSummary,
    session::ActiveOrgGate,
    time::{Instant, format_day_month, format_time},
    ui::{ErrorPanel, Icon, IconName, Loading, links::Link, pager::Pager},
};

/// « 23 novembre, 14 h 02 »: the same text on the server and in the browser, whatever the day.
fn when(at: Instant, locale: Locale) -> String {
    format!(
        "{}, {}",
        format_day_month(at, locale),
        format_time(at, locale)
    )
}

fn subject_icon(kind: SubjectKind) -> IconName {
    match kind {
        SubjectKind::Resource => IconName::Box,
        SubjectKind::Need => IconName::Sparkles,
        SubjectKind::Booking => IconName::Calendar,
    }
}

fn subject_label(kind: SubjectKind) -> Msg {
    match kind {
        SubjectKind::Resource => Msg::InboxAboutResource,
        SubjectKind::Need => Msg::InboxAboutNeed,
        SubjectKind::Booking => Msg::InboxAboutBooking,
    }
}

fn subject_href(subject: &Subject) -> String {
    match subject.kind {
        SubjectKind::Resource => Link::Resource(&subject.id).href(),
        SubjectKind::Need => Link::Need(&subject.id).href(),
        SubjectKind::Booking => Link::Booking(&subject.id).href(),
    }
}

fn event_msg(event: SystemEvent) -> Msg {
    match event {
        SystemEvent::Requested => Msg::InboxEventRequested,
        SystemEvent::Approved => Msg::InboxEventApproved,
        SystemEvent::Declined => Msg::InboxEventDeclined,
        SystemEvent::Moved => Msg::InboxEventMoved,
        SystemEvent::Cancelled => Msg::InboxEventCancelled,
    }
}

/// One line of a message, for the list.
fn preview(m: &Message, locale: Locale) -> String {
    if m.deleted {
        return locale.t(Msg::InboxMessageDeleted).to_owned();
    }
    match (m.kind, m.event) {
        (MessageKind::System, Some(event)) => locale.t(event_msg(event)).to_owned(),
        // A file sent without words.
        (MessageKind::Text, _) if m.body.is_empty() => locale.t(Msg::InboxAttachment).to_owned(),
        _ => m.body.lines().next().unwrap_or_default().to_owned(),
    }
}

/// The subject's card, on top of a thread and of a new conversation.
#[component]
fn SubjectCard(subject: Subject) -> impl IntoView {
    let i18n = use_i18n();
    let href = subject_href(&subject);
    let kind = subject.kind;
    let window = subject.window;
    let title = if subject.title.is_empty() {
        i18n.t(Msg::InboxSubjectGone).to_owned()
    } else {
        subject.title.clone()
    };
    view! {
        <div class="subject-card">
            <span class="subject-icon"><Icon name=subject_icon(kind)/></span>
            <div>
                <p class="eyebrow">{i18n.t(subject_label(kind))}</p>
                <A href=href attr:class="subject-title">{title}</A>
                {window.map(|(a, b)| view! {
                    <p class="muted small">{move || format!("{} – {}", when(a, i18n.locale.get()), format_time(b, i18n.locale.get()))}</p>
                })}
            </div>
        </div>
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::InboxTitle)/>
        <ActiveOrgGate title=Msg::InboxTitle render=|m: MembershipSummary| {
            view! { <InboxView org_id=m.org_id/> }.into_any()
        }/>
    }
}

#[component]
fn InboxView(org_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    });
    // A new message or receipt anywhere in the list: read it again.
    let version = RwSignal::new(0_u32);
    let _socket = crate::inbox::live_client::LiveSocket::open(move |event| {
        if matches!(event, LiveEvent::Message { .. } | LiveEvent::Read { .. }) {
            version.update(|v| *v += 1);
        }
    });
    let list = Resource::new(
        move || (org_id.clone(), q.get(), page.get(), version.get()),
        |(org_id, q, page, _)| list_conversations(org_id, q, page),
    );
    view! {
        <section class="page narrow stack inbox">
            <header class="page-header">
                <div>
                    <h1>{i18n.t(Msg::InboxTitle)}</h1>
                    <p class="lead-small">{i18n.t(Msg::InboxLead)}</p>
                </div>
            </header>
            <form class="search-row" method="get" action="/messages" role="search">
                <label for="inbox-q" class="visually-hidden">{i18n.t(Msg::InboxSearchLabel)}</label>
                <input id="inbox-q" type="search" name="q" maxlength="200" enterkeyhint="search"
                    placeholder=i18n.t(Msg::InboxSearchPlaceholder) prop:value=move || q.get()/>
                <button type="submit" class="button button-secondary">
                    <Icon name=IconName::Search/>
                    <span>{i18n.t(Msg::ActionSearch)}</span>
                </button>
            </form>
            <Transition fallback=Loading>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(found) if found.items.is_empty() => {
                        let searching = !q.get_untracked().is_empty();
                        view! {
                            <div class="empty-state card">
                                <Icon name=IconName::Message/>
                                {if searching {
                                    view! {
                                        <p>{i18n.t(Msg::InboxEmptySearch)}</p>
                                        <A href="/messages" attr:class="button button-secondary">{i18n.t(Msg::FilterClear)}</A>
                                    }.into_any()
                                } else {
                                    view! {
                                        <h2>{i18n.t(Msg::InboxEmptyTitle)}</h2>
                                        <p>{i18n.t(Msg::InboxEmptyBody)}</p>
                                        <A href="/catalogue" attr:class="button button-primary">{i18n.t(Msg::NavCatalogue)}</A>
                                    }.into_any()
                                }}
                            </div>
                        }.into_any()
                    }
                    Ok(found) => {
                        let q = q.get_untracked();
                        view! {
                            <h2 class="visually-hidden">{i18n.t(Msg::InboxConversations)}</h2>
                            <ul class="conversation-list">
                                {found.items.into_iter().map(|c| view! { <ConversationRow conversation=c/> }).collect_view()}
                            </ul>
                            <Pager page=found.page pages=found.pages href=move |p| {
                                let mut href = format!("/messages?page={p}");
                                if !q.is_empty() {
                                    href.push_str(&format!("&q={}", crate::shared::text::encode_component(&q)));
                                }
                                href
                            }/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ConversationRow(conversation: ConversationSummary) -> impl IntoView {
    let i18n = use_i18n();
    let c = conversation;
    let unread = c.unread;
    let has_unread = unread > 0;
    let last = c.last.clone();
    let at = c.last_message_at;
    let kind = c.subject.kind;
    let subject = c.subject.title.clone();
    view! {
        <li class="conversation-row" class:unread=has_unread>
            <span class="subject-icon"><Icon name=subject_icon(kind)/></span>
            <div class="conversation-main">
                <p class="conversation-top">
                    <A href=Link::Conversation(&c.id).href() attr:class="conversation-org">
                        {c.other_org_name.clone()}
                    </A>
                    <span class="muted small">{move || when(at, i18n.locale.get())}</span>
                </p>
                <p class="conversation-subject">
                    <span class="visually-hidden">{i18n.t(subject_label(kind))}" "</span>
                    {subject}
                </p>
                <p class="conversation-preview muted">{move || last.as_ref().map(|m| preview(m, i18n.locale.get())).unwrap_or_default()}</p>
            </div>
            {(unread > 0).then(|| view! {
                <span class="nav-count">
                    <span class="visually-hidden">{move || i18n.tf(Msg::InboxUnreadCount, &[("count", &unread.to_string())])}</span>
                    <span aria-hidden="true">{unread}</span>
                </span>
            })}
        </li>
    }
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = RwSignal::new(0_u32);
    let thread = Resource::new(
        move || (id(), version.get()),
        |(id, _)| get_thread(id, None),
    );
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Transition fallback=Loading>
            {move || thread.get().map(|r| match r {
                Ok(t) => view! {
                    <Title text=format!("{} — {}", t.theirs.org_name, i18n.t(Msg::InboxTitle))/>
                    <ThreadView thread=t reload/>
                }.into_any(),
                Err(AppError::NotFound { .. }) => view! { <crate::ui::not_found::NotFoundPage/> }.into_any(),
                Err(AppError::Unauthorized { .. }) => view! { <crate::session::SignInRequired/> }.into_any(),
                Err(e) => view! { <section class="page narrow"><Title text=i18n.t(Msg::InboxTitle)/><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ThreadView(thread: Thread, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = thread;
    let ours = StoredValue::new(t.ours.clone());
    let theirs = StoredValue::new(t.theirs.clone());
    let id = StoredValue::new(t.id.clone());
    // What the page shows follows the conversation: new messages are added as they come (from
    // the socket, or after our own send), numbered, so none is shown twice.
    let messages = RwSignal::new(t.messages.clone());
    let their_read = RwSignal::new((t.theirs.read_seq, t.theirs.read_at));
    let block = RwSignal::new(t.block);
    let typing = RwSignal::new(None::<(String, f64)>);
    let catch_up = move || {
        let after = messages.with_untracked(|m| m.last().map_or(0, |m| m.seq));
        leptos::task::spawn_local(async move {
            if let Ok(new) = messages_since(id.get_value(), after).await
                && let Some(last) = new.last().map(|m| m.seq)
            {
                messages.update(|list| {
                    let known = list.last().map_or(0, |m| m.seq);
                    list.extend(new.into_iter().filter(|m| m.seq > known));
                });
                // Seen on screen: read.
                let _ = mark_conversation_read(id.get_value(), last).await;
            }
        });
    };
    // The whole thread again, in place (after a reconnection, or when an earlier message
    // changed): the list keeps what did not change.
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = get_thread(id.get_value(), None).await {
                messages.set(fresh.messages);
                their_read.set((fresh.theirs.read_seq, fresh.theirs.read_at));
                // Only a change redraws the composer (and a draft in it stays otherwise).
                if block.get_untracked() != fresh.block {
                    block.set(fresh.block);
                }
            }
        });
    };
    let socket = crate::inbox::live_client::LiveSocket::open(move |event| match event {
        LiveEvent::Message {
            conversation, seq, ..
        } if conversation == id.get_value() => {
            let last = messages.with_untracked(|m| m.last().map_or(0, |m| m.seq));
            if seq > last {
                catch_up();
            } else {
                refresh();
            }
        }
        LiveEvent::Read {
            conversation,
            org,
            seq,
            ..
        } if conversation == id.get_value() && org == theirs.with_value(|t| t.org_id.clone()) => {
            their_read.set((seq, Some(crate::time::Instant::now())));
        }
        LiveEvent::Typing {
            conversation,
            org,
            name,
            ..
        } if conversation == id.get_value() && org == theirs.with_value(|t| t.org_id.clone()) => {
            let at = js_now();
            typing.set(Some((name, at)));
            set_timeout(
                move || {
                    if typing.with_untracked(|t| t.as_ref().is_some_and(|(_, when)| *when == at)) {
                        typing.set(None);
                    }
                },
                std::time::Duration::from_secs(4),
            );
        }
        LiveEvent::Resync => refresh(),
        _ => {}
    });
    let on_typing = {
        let socket = socket.clone();
        Callback::new(move |()| socket.typing(&id.get_value()))
    };
    // The other side's receipt, under our last message it covers.
    let receipt = move || {
        let ours_id = ours.with_value(|o| o.org_id.clone());
        let our_last = messages.with(|list| {
            list.iter()
                .rev()
                .find(|m| m.org_id.as_deref() == Some(ours_id.as_str()))
                .map(|m| m.seq)
        });
        let (seq, at) = their_read.get();
        our_last.filter(|last| seq >= *last).and(at)
    };
    view! {
        <section class="page narrow stack thread-page">
            <header class="thread-header">
                <A href="/messages" attr:class="button button-ghost back-link">
                    <Icon name=IconName::ChevronLeft/>
                    <span>{i18n.t(Msg::InboxBack)}</span>
                </A>
                <h1>{t.theirs.org_name.clone()}</h1>
            </header>
            <SubjectCard subject=t.subject.clone()/>
            <AssigneeField conversation_id=t.id.clone() ours=t.ours.clone() members=t.members.clone() reload/>
            <h2 class="visually-hidden">{i18n.t(Msg::InboxMessages)}</h2>
            {t.earlier.then(|| view! { <p class="muted small">{i18n.t(Msg::InboxEarlier)}</p> })}
            <ol class="thread">
                <For each=move || messages.get() key=|m| (m.seq, m.deleted) let:m>
                    {
                        let (ours_id, ours_name) = ours.with_value(|o| (o.org_id.clone(), o.org_name.clone()));
                        let side = match (m.kind, m.org_id.as_deref()) {
                            (MessageKind::System, _) => "msg msg-system",
                            (_, Some(org)) if org == ours_id => "msg msg-ours",
                            _ => "msg msg-theirs",
                        };
                        let org_name = if m.org_id.as_deref() == Some(ours_id.as_str()) { ours_name } else { theirs.with_value(|t| t.org_name.clone()) };
                        view! { <MessageItem message=m class=side org_name reload/> }
                    }
                </For>
            </ol>
            <div class="thread-status" role="status" aria-live="polite">
                {move || receipt().map(|at| {
                    let org = theirs.with_value(|t| t.org_name.clone());
                    view! {
                        <p class="receipt muted small">
                            <Icon name=IconName::Check/>
                            <span>{move || i18n.tf(Msg::InboxReadBy, &[("org", &org), ("when", &when(at, i18n.locale.get()))])}</span>
                        </p>
                    }
                })}
                {move || typing.get().map(|(name, _)| view! {
                    <p class="typing muted small">{move || i18n.tf(Msg::InboxTyping, &[("name", &name)])}</p>
                })}
            </div>
            {
                let conversation_id = t.id.clone();
                let their_name = t.theirs.org_name.clone();
                move || match block.get() {
                    None => view! {
                        <Composer conversation_id=conversation_id.clone() sent=Callback::new(move |()| catch_up()) on_typing/>
                    }.into_any(),
                    Some(b) => {
                        let their_name = their_name.clone();
                        view! {
                        <p class="panel panel-warning blocked-note" role="note">
                            <Icon name=IconName::Alert/>
                            <span>{move || match b {
                                Block::ByUs => i18n.tf(Msg::InboxBlockedByUsNamed, &[("org", &their_name)]),
                                Block::ByThem => i18n.t(Msg::InboxBlockedByThem).to_owned(),
                            }}</span>
                        </p>
                        }.into_any()
                    }
                }
            }
            <ThreadActions conversation_id=t.id.clone() their_name=t.theirs.org_name.clone()
                block can_block=t.can_block reported_at=t.reported_at refresh=Callback::new(move |()| refresh())/>
        </section>
    }
}

/// « 2,4 Mo », « 850 Ko »: a file's size as people read it.
fn file_size(bytes: i64, locale: Locale) -> String {
    let (value, unit) = if bytes >= 1024 * 1024 {
        (
            bytes as f64 / (1024.0 * 1024.0),
            locale.t(Msg::InboxMegabytes),
        )
    } else {
        (
            (bytes as f64 / 1024.0).max(1.0),
            locale.t(Msg::InboxKilobytes),
        )
    };
    let number = format!("{value:.1}");
    let number = number.trim_end_matches(".0");
    let number = match locale {
        Locale::Fr => number.replace('.', ","),
        Locale::En => number.to_owned(),
    };
    format!("{number} {unit}")
}

/// A message's file: an image's thumbnail leading to its large copy, or a PDF to download.
#[component]
fn AttachmentView(attachment: Attachment) -> impl IntoView {
    let i18n = use_i18n();
    let a = attachment;
    let whole = a.url(AttachmentCopy::Whole);
    let size = a.size;
    match a.kind {
        AttachmentKind::Image => view! {
            <a class="msg-image" href=whole target="_blank" rel="noopener">
                <img src=a.url(AttachmentCopy::Thumb) alt=a.name.clone()
                    width=crate::shared::images::THUMB_WIDTH height=crate::shared::images::THUMB_HEIGHT
                    loading="lazy"/>
            </a>
        }
        .into_any(),
        AttachmentKind::Pdf => {
            let name = a.name.clone();
            view! {
                <a class="msg-file" href=whole download=a.name.clone()>
                    <Icon name=IconName::File/>
                    <span class="msg-file-name">{name}</span>
                    <span class="muted small">{move || format!("PDF · {}", file_size(size, i18n.locale.get()))}</span>
                </a>
            }
            .into_any()
        }
    }
}

/// A message's text with its web addresses as links that open apart from the platform and
/// tell the site nothing of where they came from. Everything else is text.
fn linked(body: &str) -> impl IntoView + use<> {
    crate::shared::text::linkify(body)
        .into_iter()
        .map(|piece| match piece {
            crate::shared::text::Piece::Text(text) => text.to_owned().into_any(),
            crate::shared::text::Piece::Link(text, href) => view! {
                <a href=href rel="noopener noreferrer nofollow ugc" target="_blank">{text.to_owned()}</a>
            }
            .into_any(),
        })
        .collect_view()
}

/// Less frequent actions under a thread: report it to the platform's admins; block the other
/// organization, or lift our block (our admins). Plain forms, inside a disclosure.
#[component]
fn ThreadActions(
    conversation_id: String,
    their_name: String,
    block: RwSignal<Option<Block>>,
    can_block: bool,
    reported_at: Option<Instant>,
    refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let report = ServerAction::<ReportConversation>::new();
    let report_url = <ReportConversation as server_fn::ServerFn>::url();
    let set_block = ServerAction::<SetBlock>::new();
    let block_url = <SetBlock as server_fn::ServerFn>::url();
    let reported = RwSignal::new(reported_at);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<Msg>);
    let toasts = crate::ui::toasts::use_toasts();
    Effect::new(move |_| {
        if let Some(result) = report.value().get() {
            match result {
                Ok(()) => {
                    reason_error.set(None);
                    reason.set(String::new());
                    reported.set(Some(Instant::now()));
                    toasts.success(i18n.t(Msg::InboxReportedToast).to_owned());
                }
                Err(e) => reason_error.set(Some(e.msg())),
            }
        }
    });
    // What was asked, for the toast: the thread's state may have moved already (the socket).
    let blocking = StoredValue::new(true);
    crate::ui::toast_outcome(set_block.value(), move |()| {
        refresh.run(());
        Some(
            i18n.t(if blocking.get_value() {
                Msg::InboxBlockedToast
            } else {
                Msg::InboxUnblockedToast
            })
            .to_owned(),
        )
    });
    let id = StoredValue::new(conversation_id.clone());
    let block_id = conversation_id.clone();
    let name = StoredValue::new(their_name);
    view! {
        <details class="thread-actions">
            <summary>{i18n.t(Msg::InboxMoreActions)}</summary>
            <div class="stack">
                {move || match reported.get() {
                    Some(at) => view! {
                        <p class="muted">{move || i18n.tf(Msg::InboxReportedOn, &[("when", &when(at, i18n.locale.get()))])}</p>
                    }.into_any(),
                    None => view! {
                        <form method="post" action=report_url class="stack"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                report.dispatch(ReportConversation { conversation_id: id.get_value(), reason: reason.get_untracked() });
                            }>
                            <input type="hidden" name="conversation_id" value=id.get_value()/>
                            <h2>{i18n.t(Msg::InboxReport)}</h2>
                            <p class="hint" id="report-hint">{i18n.t(Msg::InboxReportHint)}</p>
                            <label for="report-reason">{i18n.t(Msg::InboxReportReason)}</label>
                            <textarea id="report-reason" name="reason" rows="3" maxlength="1000" required
                                aria-describedby="report-hint report-error"
                                aria-invalid=move || reason_error.get().is_some().then_some("true")
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <p id="report-error" class="field-error" role="alert">{move || reason_error.get().map(|m| i18n.t(m))}</p>
                            <button type="submit" class="button button-secondary" disabled=move || report.pending().get()>
                                <Icon name=IconName::Flag/>
                                <span>{i18n.t(Msg::InboxReportSend)}</span>
                            </button>
                        </form>
                    }.into_any(),
                }}
                {can_block.then(|| {
                    let block_id = block_id.clone();
                    view! {
                        <form method="post" action=block_url class="stack"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                let blocked = block.get_untracked() != Some(Block::ByUs);
                                blocking.set_value(blocked);
                                set_block.dispatch(SetBlock { conversation_id: block_id.clone(), blocked });
                            }>
                            <input type="hidden" name="conversation_id" value=id.get_value()/>
                            {move || {
                                let name = name.get_value();
                                match block.get() {
                                    Some(Block::ByUs) => view! {
                                        <input type="hidden" name="blocked" value="false"/>
                                        <button type="submit" class="button button-secondary" disabled=move || set_block.pending().get()>
                                            {move || i18n.tf(Msg::InboxUnblock, &[("org", &name)])}
                                        </button>
                                    }.into_any(),
                                    _ => {
                                        let hint = name.clone();
                                        view! {
                                            <h2>{move || i18n.tf(Msg::InboxBlock, &[("org", &name)])}</h2>
                                            <p class="hint">{move || i18n.tf(Msg::InboxBlockHint, &[("org", &hint)])}</p>
                                            <input type="hidden" name="blocked" value="true"/>
                                            <button type="submit" class="button button-danger" disabled=move || set_block.pending().get()>
                                                <Icon name=IconName::Ban/>
                                                <span>{i18n.t(Msg::InboxBlockConfirm)}</span>
                                            </button>
                                        }.into_any()
                                    }
                                }
                            }}
                        </form>
                    }
                })}
            </div>
        </details>
    }
}

/// Milliseconds since the page's clock began (browser only; 0 on the server).
fn js_now() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

#[component]
fn MessageItem(
    message: Message,
    class: &'static str,
    org_name: String,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let m = message;
    let at = m.created_at;
    let session = crate::session::use_session();
    let mine = m.author_id.is_some() && m.author_id == session.user_id() && !m.deleted;
    let delete = ServerAction::<DeleteMessage>::new();
    let delete_url = <DeleteMessage as server_fn::ServerFn>::url();
    crate::ui::toast_outcome(delete.value(), move |()| {
        reload.run(());
        Some(i18n.t(Msg::InboxMessageDeletedToast).to_owned())
    });
    let id = m.id.clone();
    let body = match (m.kind, m.event, m.deleted) {
        (_, _, true) => {
            view! { <p class="msg-body msg-deleted">{i18n.t(Msg::InboxMessageDeleted)}</p> }
                .into_any()
        }
        (MessageKind::System, Some(event), _) => {
            let detail = m.detail.clone();
            let window = m.window;
            let previous = m.previous;
            view! {
                <p class="msg-body">
                    <Icon name=IconName::Calendar/>
                    <span>{i18n.t(event_msg(event))}</span>
                    {window.map(|(a, b)| view! { " " <span>{move || format!("{} – {}", when(a, i18n.locale.get()), format_time(b, i18n.locale.get()))}</span> })}
                </p>
                {previous.map(|(a, b)| view! {
                    <p class="msg-detail">{move || i18n.tf(Msg::InboxMovedFrom, &[("when", &format!("{} – {}", when(a, i18n.locale.get()), format_time(b, i18n.locale.get())))])}</p>
                })}
                {detail.filter(|d| !d.is_empty()).map(|d| view! { <p class="msg-detail">{d}</p> })}
            }.into_any()
        }
        _ => {
            let attachment = m.attachment.clone();
            view! {
                {(!m.body.is_empty()).then(|| view! { <p class="msg-body">{linked(&m.body)}</p> })}
                {attachment.map(|a| view! { <AttachmentView attachment=a/> })}
            }
            .into_any()
        }
    };
    let author = m.author.clone().unwrap_or_default();
    view! {
        <li class=class id=format!("m{}", m.seq)>
            {(m.kind == MessageKind::Text).then(|| view! {
                <p class="msg-meta">
                    <strong>{author}</strong>
                    <span class="muted">" · " {org_name}</span>
                </p>
            })}
            {body}
            <p class="msg-time muted small">
                <time datetime=at.unix_ms().to_string()>{move || when(at, i18n.locale.get())}</time>
                {mine.then(|| view! {
                    <form method="post" action=delete_url class="inline-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            delete.dispatch(DeleteMessage { message_id: id.clone() });
                        }>
                        <input type="hidden" name="message_id" value=m.id.clone()/>
                        <button type="submit" class="link-button" disabled=move || delete.pending().get()>
                            {i18n.t(Msg::InboxDelete)}
                        </button>
                    </form>
                })}
            </p>
        </li>
    }
}

/// Who of our organization handles the conversation.
#[component]
fn AssigneeField(
    conversation_id: String,
    ours: Side,
    members: Vec<crate::inbox::types::Member>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let assign = ServerAction::<AssignConversation>::new();
    let assign_url = <AssignConversation as server_fn::ServerFn>::url();
    crate::ui::toast_outcome(assign.value(), move |()| {
        reload.run(());
        Some(i18n.t(Msg::InboxAssigned).to_owned())
    });
    let current = ours.assignee_id.clone().unwrap_or_default();
    let id = conversation_id.clone();
    view! {
        <form method="post" action=assign_url class="assignee-form"
            on:submit=move |ev| ev.prevent_default()>
            <input type="hidden" name="conversation_id" value=conversation_id/>
            <label for="assignee">{i18n.t(Msg::InboxAssignee)}</label>
            <select id="assignee" name="assignee" on:change=move |ev| {
                let value = event_target_value(&ev);
                assign.dispatch(AssignConversation { conversation_id: id.clone(), assignee: Some(value) });
            }>
                <option value="" selected=current.is_empty()>{i18n.t(Msg::InboxNobody)}</option>
                {members.into_iter().map(|m| {
                    let selected = m.user_id == current;
                    view! { <option value=m.user_id selected=selected>{m.name}</option> }
                }).collect_view()}
            </select>
            <noscript><button type="submit" class="button button-secondary">{i18n.t(Msg::ActionSave)}</button></noscript>
        </form>
    }
}

/// The composer: a plain form (it posts without the page's code); with it, Enter sends on a
/// desktop (Shift+Enter for a new line) and the button on a phone.
#[component]
fn Composer(conversation_id: String, sent: Callback<()>, on_typing: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<SendMessage>::new();
    let send_url = <SendMessage as server_fn::ServerFn>::url();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let input = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(result) = send.value().get() {
            match result {
                Ok(_) => {
                    text.set(String::new());
                    error.set(None);
                    sent.run(());
                }
                Err(e) => error.set(Some(send_error(&e))),
            }
        }
    });
    let id = StoredValue::new(conversation_id.clone());
    let submit = move || {
        if send.pending().get_untracked() {
            return;
        }
        send.dispatch(SendMessage {
            conversation_id: id.get_value(),
            body: text.get_untracked(),
        });
    };
    view! {
        <form method="post" action=send_url class="composer"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
            <input type="hidden" name="conversation_id" value=conversation_id/>
            <label for="composer-body" class="visually-hidden">{i18n.t(Msg::InboxWrite)}</label>
            <textarea id="composer-body" name="body" rows="2" maxlength="5000" required
                node_ref=input
                placeholder=i18n.t(Msg::InboxWritePlaceholder)
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby="composer-error"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    on_typing.run(());
                }
                on:keydown=move |ev| {
                    // A desktop's Enter sends; a phone's adds a line (its keyboard has no Shift).
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() && fine_pointer() {
                        ev.prevent_default();
                        submit();
                    }
                }
            ></textarea>
            <button type="submit" class="button button-primary" disabled=move || send.pending().get()>
                <Icon name=IconName::Send/>
                <span>{i18n.t(Msg::InboxSend)}</span>
            </button>
            <p id="composer-error" class="field-error" role="alert">{move || error.get().map(|m| i18n.t(m))}</p>
        </form>
        <AttachForm conversation_id=id.get_value() sent/>
    }
}

/// Sends a file (an image or a PDF) in the conversation: a plain multipart form; with the
/// page's code, the file goes as soon as it is chosen, with a progress bar.
#[component]
fn AttachForm(conversation_id: String, sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let progress = RwSignal::new(None::<u32>);
    let error = RwSignal::new(None::<Msg>);
    let form = NodeRef::<leptos::html::Form>::new();
    let on_change = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = form.get_untracked() {
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            error.set(None);
            progress.set(Some(0));
            leptos::task::spawn_local(async move {
                let outcome: Result<i64, AppError> =
                    crate::ui::upload::send(super::api::ATTACH_PATH, data, move |p| {
                        progress.set(Some(p))
                    })
                    .await;
                progress.set(None);
                form.reset();
                match outcome {
                    Ok(_) => sent.run(()),
                    Err(e) => error.set(Some(send_error(&e))),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (form, sent);
    };
    view! {
        <form method="post" action=super::api::ATTACH_PATH enctype="multipart/form-data"
            class="attach-form" node_ref=form on:submit=move |ev| ev.prevent_default()>
            <input type="hidden" name="conversation_id" value=conversation_id/>
            <label class="button button-ghost attach-button" class:busy=move || progress.get().is_some()>
                <Icon name=IconName::Paperclip/>
                <span>{i18n.t(Msg::InboxAttach)}</span>
                <input type="file" name="file" class="visually-hidden"
                    accept="image/jpeg,image/png,image/webp,application/pdf"
                    aria-describedby="attach-hint attach-error"
                    disabled=move || progress.get().is_some()
                    on:change=on_change/>
            </label>
            <span id="attach-hint" class="hint">{i18n.t(Msg::InboxAttachHint)}</span>
            <noscript><button type="submit" class="button button-secondary">{i18n.t(Msg::InboxSendFile)}</button></noscript>
            {move || progress.get().map(|p| view! {
                <progress max="100" value=p aria-label=i18n.t(Msg::InboxAttachSending)></progress>
            })}
            <p id="attach-error" class="field-error" role="alert">{move || error.get().map(|m| i18n.t(m))}</p>
        </form>
    }
}

/// What a refused send tells its writer: a flood of sends is asked to slow down in words
/// about messages, not the sign-in form's « too many attempts ».
fn send_error(e: &AppError) -> Msg {
    match e {
        AppError::RateLimited { .. } => Msg::InboxSlowDown,
        other => other.msg(),
    }
}

/// Whether the main pointer is a mouse (a desktop): there, Enter sends.
fn fine_pointer() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.match_media("(pointer: fine)").ok().flatten())
            .is_some_and(|m| m.matches())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Starts a conversation: `/messages/nouveau?sujet=resource&id=…`. When the two organizations
/// already talk about it, the page leads to that conversation instead.
#[component]
pub fn NewConversationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Msg::InboxNewTitle)/>
        <ActiveOrgGate title=Msg::InboxNewTitle render=|m: MembershipSummary| {
            view! { <NewConversationView org_id=m.org_id/> }.into_any()
        }/>
    }
}

#[component]
fn NewConversationView(org_id: String) -> impl IntoView {
    let query = use_query_map();
    let subject = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("sujet").and_then(|k| SubjectKind::parse(&k)),
            q.get("id").unwrap_or_default(),
        )
    });
    let org = org_id.clone();
    let draft = Resource::new(
        move || (org.clone(), subject.get()),
        |(org_id, (kind, id))| async move {
            match kind {
                Some(kind) => conversation_draft(org_id, kind, id).await,
                None => Err(AppError::not_found()),
            }
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || draft.get().map(|r| match r {
                Ok(Draft { existing: Some(id), .. }) => view! {
                    <Redirect path=Link::Conversation(&id).href()/>
                }.into_any(),
                Ok(d) => {
                    let (kind, id) = subject.get_untracked();
                    view! { <NewConversationForm draft=d org_id=org_id.clone() kind=kind.unwrap_or(SubjectKind::Resource) subject_id=id/> }.into_any()
                }
                Err(AppError::NotFound { .. }) => view! { <crate::ui::not_found::NotFoundPage/> }.into_any(),
                Err(e) => view! { <section class="page narrow"><ErrorPanel error=e/></section> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn NewConversationForm(
    draft: Draft,
    org_id: String,
    kind: SubjectKind,
    subject_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartConversation>::new();
    let start_url = <StartConversation as server_fn::ServerFn>::url();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(result) = start.value().get() {
            match result {
                Ok(id) => navigate(&Link::Conversation(&id).href(), Default::default()),
                Err(e) => error.set(Some(send_error(&e))),
            }
        }
    });
    let to = draft.other_org_name.clone();
    let fields = StoredValue::new((org_id.clone(), subject_id.clone()));
    view! {
        <section class="page narrow stack">
            <h1>{move || i18n.tf(Msg::InboxNewHeading, &[("org", &to)])}</h1>
            <SubjectCard subject=draft.subject.clone()/>
            <form method="post" action=start_url class="composer composer-new"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let (org_id, subject_id) = fields.get_value();
                    start.dispatch(StartConversation { org_id, kind, subject_id, body: text.get_untracked() });
                }>
                <input type="hidden" name="org_id" value=org_id/>
                <input type="hidden" name="kind" value=kind.code()/>
                <input type="hidden" name="subject_id" value=subject_id/>
                <label for="composer-body">{i18n.t(Msg::InboxWrite)}</label>
                <textarea id="composer-body" name="body" rows="5" maxlength="5000" required
                    placeholder=i18n.t(Msg::InboxFirstPlaceholder)
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby="composer-error"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <p id="composer-error" class="field-error" role="alert">{move || error.get().map(|m| i18n.t(m))}</p>
                <button type="submit" class="button button-primary" disabled=move || start.pending().get()>
                    <Icon name=IconName::Send/>
                    <span>{i18n.t(Msg::InboxSend)}</span>
                </button>
            </form>
        </section>
    }
}
