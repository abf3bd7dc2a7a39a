//! One small set of line icons drawn for Partage (24 × 24, 2 px strokes, `currentColor`), inlined
//! so nothing extra is downloaded. Decorative: screen readers skip them; text labels sit beside.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Home,
    Building,
    User,
    Globe,
    LogOut,
    LogIn,
    BadgeCheck,
    Alert,
    Check,
    Close,
    Mail,
    Plus,
    Shield,
    Users,
    ChevronDown,
    Search,
    Calendar,
    ChevronLeft,
    ChevronRight,
    Inbox,
    Truck,
    Snowflake,
    Chef,
    Box,
    Tool,
    MapPin,
    Tag,
    Edit,
    Copy,
    Pause,
    Play,
    Archive,
    Bell,
    Sparkles,
    Clock,
    Lock,
    Message,
    Send,
    Flag,
    Ban,
    Paperclip,
    File,
    Image,
    Trash,
    Star,
}

impl IconName {
    fn paths(self) -> &'static [&'static str] {
        match self {
            IconName::Home => &["M3 11 12 3l9 8", "M5 10v10h5v-6h4v6h5V10"],
            IconName::Building => &[
                "M4 21V4h11v17",
                "M15 9h5v12",
                "M2 21h20",
                "M8 8h3M8 12h3M8 16h3",
            ],
            IconName::User => &[
                "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
                "M4 21a8 8 0 0 1 16 0",
            ],
            IconName::Users => &[
                "M9 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
                "M2 21a7 7 0 0 1 14 0",
                "M16 4.5a4 4 0 0 1 0 7",
                "M18 14.5a6 6 0 0 1 4 6.5",
            ],
            IconName::Globe => &[
                "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z",
                "M3 12h18",
                "M12 3c3 3.5 3 14.5 0 18c-3-3.5-3-14.5 0-18",
            ],
            IconName::LogOut => &["M15 4h4v16h-4", "M10 8l-4 4 4 4", "M6 12h10"],
            IconName::LogIn => &["M15 4h4v16h-4", "M10 8l4 4-4 4", "M3 12h11"],
            IconName::BadgeCheck => &[
                "M12 2l2.6 2 3.3-.2.9 3.2 2.7 1.9-1.2 3.1 1.2 3.1-2.7 1.9-.9 3.2-3.3-.2L12 22l-2.6-2-3.3.2-.9-3.2-2.7-1.9L3.7 12 2.5 8.9l2.7-1.9.9-3.2 3.3.2z",
                "M8.5 12l2.5 2.5 4.5-5",
            ],
            IconName::Alert => &["M12 3 2 21h20z", "M12 10v5", "M12 18h.01"],
            IconName::Check => &["M4 12.5l5 5L20 6.5"],
            IconName::Close => &["M6 6l12 12", "M18 6 6 18"],
            IconName::Mail => &["M3 5h18v14H3z", "M3 6l9 7 9-7"],
            IconName::Plus => &["M12 5v14", "M5 12h14"],
            IconName::Shield => &["M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"],
            IconName::ChevronDown => &["M6 9l6 6 6-6"],
            IconName::Search => &["M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z", "M16 16l5 5"],
            IconName::Calendar => &["M4 5h16v16H4z", "M4 10h16", "M8 3v4M16 3v4"],
            IconName::ChevronLeft => &["M15 6l-6 6 6 6"],
            IconName::ChevronRight => &["M9 6l6 6-6 6"],
            IconName::Inbox => &["M3 13h5l1.5 3h5L16 13h5", "M5 5h14l2 8v6H3v-6z"],
            IconName::Truck => &[
                "M2 6h12v10H2z",
                "M14 9h4l4 4v3h-8",
                "M6.5 19a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM17.5 19a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z",
            ],
            IconName::Chef => &[
                "M7 14a4 4 0 1 1 1.5-7.7A4 4 0 0 1 16 6a4 4 0 1 1 1 8",
                "M7 14v6h10v-6",
                "M7 17h10",
            ],
            IconName::Box => &["M3 7l9-4 9 4v10l-9 4-9-4z", "M3 7l9 4 9-4", "M12 11v10"],
            IconName::Tool => &[
                "M14.5 6.5a4 4 0 0 0 5 5L21 13l-2 2-1.5-1.5a4 4 0 0 0-5-5z",
                "M13 10l-9 9 1 1 9-9",
            ],
            IconName::MapPin => &[
                "M12 21s7-6 7-12a7 7 0 0 0-14 0c0 6 7 12 7 12z",
                "M12 11.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
            ],
            IconName::Tag => &["M3 3h8l10 10-8 8L3 11z", "M7.5 7.5h.01"],
            IconName::Edit => &["M4 20h4L19 9l-4-4L4 16z", "M13 7l4 4"],
            IconName::Copy => &["M8 8h12v12H8z", "M4 16V4h12"],
            IconName::Pause => &["M8 5v14", "M16 5v14"],
            IconName::Play => &["M7 4l13 8-13 8z"],
            IconName::Archive => &["M3 4h18v4H3z", "M5 8v12h14V8", "M10 12h4"],
            IconName::Bell => &["M6 16V11a6 6 0 1 1 12 0v5l2 2H4z", "M10 21h4"],
            IconName::Sparkles => &[
                "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8z",
                "M19 16l.7 2.3L22 19l-2.3.7L19 22l-.7-2.3L16 19l2.3-.7z",
            ],
            IconName::Clock => &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 7v5l3 2"],
            IconName::Lock => &["M5 11h14v10H5z", "M8 11V7a4 4 0 0 1 8 0v4"],
            IconName::Message => &["M4 5h16v11H9l-5 4z"],
            IconName::Send => &["M22 2 11 13", "M22 2l-7 20-4-9-9-4z"],
            IconName::Flag => &["M5 21V4", "M5 4h11l-2 4 2 4H5"],
            IconName::Ban => &["M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z", "M5.6 5.6l12.8 12.8"],
            IconName::Paperclip => &[
                "M20 11.5 12 19.5a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L9.7 17.2a1.7 1.7 0 0 1-2.4-2.4L15 7.1",
            ],
            IconName::File => &["M6 2h8l4 4v16H6z", "M14 2v4h4", "M9 13h6", "M9 17h6"],
            IconName::Image => &["M3 5h18v14H3z", "M3 16l5-5 4 4 3-3 6 6", "M15.5 9h.01"],
            IconName::Trash => &[
                "M3 6h18",
                "M8 6V4h8v2",
                "M6 6l1 14h10l1-14",
                "M10 11v6",
                "M14 11v6",
            ],
            IconName::Star => {
                &["M12 3l2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 2.9 1.1-6.2L3 9.6l6.2-.9z"]
            }
            IconName::Snowflake => &[
                "M12 2v20",
                "M4 7l16 10",
                "M20 7 4 17",
                "M9 4l3 2 3-2M9 20l3-2 3 2",
            ],
        }
    }
}

#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {name.paths().iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}
