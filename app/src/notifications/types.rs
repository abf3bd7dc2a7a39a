//! Notifications as the browser sees them.

use serde::{Deserialize, Serialize};

/// What a notification tells. Each kind says what its subject (and related record) are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A resource of another organization (related) fits one of our needs (subject).
    ResourceForOurNeed,
    /// A need of another organization (subject) fits one of our resources (related).
    NeedForOurResource,
    /// Another organization asks to book one of our resources (subject: the booking; related:
    /// the resource). Likewise for the booking kinds below.
    BookingRequested,
    /// Another organization booked one of our resources (no approval needed).
    BookingConfirmed,
    /// The owner approved our request.
    BookingApproved,
    /// The owner declined our request.
    BookingDeclined,
    /// The other side cancelled a booking.
    BookingCancelled,
    /// One of our bookings starts within a day.
    BookingReminder,
    /// The requester asks to change a booking of one of our resources.
    BookingChangeRequested,
    /// The requester changed a booking of one of our resources (applied at once).
    BookingChanged,
    /// The owner accepted the change we asked for.
    BookingChangeAccepted,
    /// The owner refused the change we asked for.
    BookingChangeRefused,
    /// The owner moved one of our bookings (another time or resource).
    BookingMoved,
    /// The owner booked one of its resources for us (from its board).
    BookingMadeForUs,
    /// Another organization wrote to ours (subject: the conversation; related: the writing
    /// organization). One unread notice per conversation: a new message brings it to the top.
    MessageReceived,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 15] = [
        NotificationKind::ResourceForOurNeed,
        NotificationKind::NeedForOurResource,
        NotificationKind::BookingRequested,
        NotificationKind::BookingConfirmed,
        NotificationKind::BookingApproved,
        NotificationKind::BookingDeclined,
        NotificationKind::BookingCancelled,
        NotificationKind::BookingReminder,
        NotificationKind::BookingChangeRequested,
        NotificationKind::BookingChanged,
        NotificationKind::BookingChangeAccepted,
        NotificationKind::BookingChangeRefused,
        NotificationKind::BookingMoved,
        NotificationKind::BookingMadeForUs,
        NotificationKind::MessageReceived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::ResourceForOurNeed => "resource_for_our_need",
            NotificationKind::NeedForOurResource => "need_for_our_resource",
            NotificationKind::BookingRequested => "booking_requested",
            NotificationKind::BookingConfirmed => "booking_confirmed",
            NotificationKind::BookingApproved => "booking_approved",
            NotificationKind::BookingDeclined => "booking_declined",
            NotificationKind::BookingCancelled => "booking_cancelled",
            NotificationKind::BookingReminder => "booking_reminder",
            NotificationKind::BookingChangeRequested => "booking_change_requested",
            NotificationKind::BookingChanged => "booking_changed",
            NotificationKind::BookingChangeAccepted => "booking_change_accepted",
            NotificationKind::BookingChangeRefused => "booking_change_refused",
            NotificationKind::BookingMoved => "booking_moved",
            NotificationKind::BookingMadeForUs => "booking_made_for_us",
            NotificationKind::MessageReceived => "message_received",
        }
    }

    pub fn parse(code: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the notification says: a message with `{need}`, `{resource}` and `{org}` (the
    /// subject's title, the related record's title or organization's name).
    pub fn msg(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            NotificationKind::ResourceForOurNeed => Msg::NoticeResourceForOurNeed,
            NotificationKind::NeedForOurResource => Msg::NoticeNeedForOurResource,
            NotificationKind::BookingRequested => Msg::NoticeBookingRequested,
            NotificationKind::BookingConfirmed => Msg::NoticeBookingConfirmed,
            NotificationKind::BookingApproved => Msg::NoticeBookingApproved,
            NotificationKind::BookingDeclined => Msg::NoticeBookingDeclined,
            NotificationKind::BookingCancelled => Msg::NoticeBookingCancelled,
            NotificationKind::BookingReminder => Msg::NoticeBookingReminder,
            NotificationKind::BookingChangeRequested => Msg::NoticeBookingChangeRequested,
            NotificationKind::BookingChanged => Msg::NoticeBookingChanged,
            NotificationKind::BookingChangeAccepted => Msg::NoticeBookingChangeAccepted,
            NotificationKind::BookingChangeRefused => Msg::NoticeBookingChangeRefused,
            NotificationKind::BookingMoved => Msg::NoticeBookingMoved,
            NotificationKind::BookingMadeForUs => Msg::NoticeBookingMadeForUs,
            NotificationKind::MessageReceived => Msg::NoticeMessageReceived,
        }
    }
}

/// How a person wants email to tell them of notifications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailFrequency {
    /// An email for each event (and for a message unread after a quarter of an hour).
    #[default]
    Each,
    /// One summary a day, in the morning.
    Daily,
    /// None: the notification centre only.
    Off,
}

impl EmailFrequency {
    pub const ALL: [EmailFrequency; 3] = [
        EmailFrequency::Each,
        EmailFrequency::Daily,
        EmailFrequency::Off,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EmailFrequency::Each => "each",
            EmailFrequency::Daily => "daily",
            EmailFrequency::Off => "off",
        }
    }

    pub fn parse(code: &str) -> Option<EmailFrequency> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// One notification, with the current titles of what it is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: String,
    pub kind: NotificationKind,
    /// Where opening it leads (a path of this site).
    pub link: String,
    /// The title of its subject (a need for match kinds).
    pub subject_title: String,
    /// The title of the related record (a resource for match kinds), when the kind has one.
    pub related_title: Option<String>,
    pub created_at: crate::time::Instant,
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_unknown_codes_are_refused() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(NotificationKind::parse("booking_approved_later"), None);
    }
}
