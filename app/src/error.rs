//! One error type for the whole app. Server functions return `Result<T, AppError>`; the browser
//! receives the same typed value and shows it in the reader's language. Internals (database
//! errors, I/O) are logged on the server and reach the browser only as `Internal`.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

use crate::i18n::{Locale, Msg};

/// On the wire, a JSON object whose `kind` names the variant. It is read back through the
/// flat [`WireError`]: serde's derive for an internally tagged enum buffers the object and
/// cost the browser module about 40 KB, for every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "WireError")]
pub enum AppError {
    /// Nobody is signed in (or the session expired).
    #[error("sign-in required")]
    Unauthorized {
        #[serde(default)]
        message: String,
    },
    /// Signed in, but this person may not do this for this organization.
    #[error("forbidden")]
    Forbidden {
        #[serde(default)]
        message: String,
    },
    #[error("not found")]
    NotFound {
        #[serde(default)]
        message: String,
    },
    /// Bad input: `field` names the form field, `code` the message key. `also` names the other
    /// fields at fault at once (an empty form: every required field), as `field=code` pairs
    /// between commas: plain text keeps the browser's decoder small.
    #[error("invalid {field}: {code}")]
    Validation {
        field: String,
        code: String,
        #[serde(default)]
        message: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        also: String,
    },
    /// The request is well formed but clashes with the current state (duplicate, last admin…).
    #[error("conflict: {code}")]
    Conflict {
        code: String,
        #[serde(default)]
        message: String,
    },
    /// Too many attempts; try again later.
    #[error("rate limited")]
    RateLimited {
        retry_after_secs: u64,
        #[serde(default)]
        message: String,
    },
    /// Something broke on our side; details are in the server log only.
    #[error("internal error")]
    Internal {
        #[serde(default)]
        message: String,
    },
    /// The request never reached the server or its answer could not be read.
    #[error("network error")]
    Network {
        #[serde(default)]
        message: String,
    },
}

/// An [`AppError`] as it travels: every field of every variant, each optional.
#[derive(Deserialize)]
struct WireError {
    kind: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    retry_after_secs: u64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    also: String,
}

impl TryFrom<WireError> for AppError {
    type Error = String;

    fn try_from(wire: WireError) -> Result<Self, Self::Error> {
        let WireError {
            kind,
            field,
            code,
            retry_after_secs,
            message,
            also,
        } = wire;
        Ok(match kind.as_str() {
            "unauthorized" => Self::Unauthorized { message },
            "forbidden" => Self::Forbidden { message },
            "not_found" => Self::NotFound { message },
            "validation" => Self::Validation {
                field,
                code,
                message,
                also,
            },
            "conflict" => Self::Conflict { code, message },
            "rate_limited" => Self::RateLimited {
                retry_after_secs,
                message,
            },
            "internal" => Self::Internal { message },
            "network" => Self::Network { message },
            _ => return Err(format!("unknown error kind {kind:?}")),
        })
    }
}

impl AppError {
    pub fn unauthorized() -> Self {
        Self::Unauthorized {
            message: String::new(),
        }
    }
    pub fn forbidden() -> Self {
        Self::Forbidden {
            message: String::new(),
        }
    }
    pub fn not_found() -> Self {
        Self::NotFound {
            message: String::new(),
        }
    }
    pub fn internal() -> Self {
        Self::Internal {
            message: String::new(),
        }
    }
    pub fn validation(field: &str, msg: Msg) -> Self {
        Self::Validation {
            field: field.to_owned(),
            code: msg.key().to_owned(),
            message: String::new(),
            also: String::new(),
        }
    }

    /// Several fields at fault at once; the first leads (the form's alert names it). `None`
    /// when there is none.
    pub fn validation_all(problems: &[(&str, Msg)]) -> Option<Self> {
        let ((field, msg), rest) = problems.split_first()?;
        let also = rest
            .iter()
            .map(|(f, m)| format!("{f}={}", m.key()))
            .collect::<Vec<_>>()
            .join(",");
        Some(Self::Validation {
            field: (*field).to_owned(),
            code: msg.key().to_owned(),
            message: String::new(),
            also,
        })
    }

    /// The message for `field`, when this error is about it (first or among the others).
    pub fn field_msg(&self, wanted: &str) -> Option<Msg> {
        let Self::Validation { field, also, .. } = self else {
            return None;
        };
        if field == wanted {
            return Some(self.msg());
        }
        also.split(',')
            .filter_map(|pair| pair.split_once('='))
            .find(|(f, _)| *f == wanted)
            .map(|(_, code)| Msg::from_key(code).unwrap_or(Msg::ErrorInvalid))
    }
    pub fn conflict(msg: Msg) -> Self {
        Self::Conflict {
            code: msg.key().to_owned(),
            message: String::new(),
        }
    }
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::RateLimited {
            retry_after_secs,
            message: String::new(),
        }
    }

    /// The message key that explains this error to a person.
    pub fn msg(&self) -> Msg {
        match self {
            Self::Unauthorized { .. } => Msg::ErrorUnauthorized,
            Self::Forbidden { .. } => Msg::ErrorForbidden,
            Self::NotFound { .. } => Msg::ErrorNotFound,
            Self::Validation { code, .. } | Self::Conflict { code, .. } => {
                Msg::from_key(code).unwrap_or(Msg::ErrorInvalid)
            }
            Self::RateLimited { .. } => Msg::ErrorRateLimited,
            Self::Internal { .. } => Msg::ErrorInternal,
            Self::Network { .. } => Msg::ErrorNetwork,
        }
    }

    /// The form field this error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The HTTP status this error travels with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound { .. } => 404,
            Self::Validation { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal { .. } | Self::Network { .. } => 500,
        }
    }

    /// Fills `message` with the explanation in `locale`, for clients other than our own UI.
    pub fn localized(mut self, locale: Locale) -> Self {
        let text = match &self {
            Self::RateLimited {
                retry_after_secs, ..
            } => locale.tf(
                Msg::ErrorRateLimited,
                &[("minutes", &retry_after_secs.div_ceil(60).max(1).to_string())],
            ),
            other => locale.t(other.msg()).to_owned(),
        };
        match &mut self {
            Self::Unauthorized { message }
            | Self::Forbidden { message }
            | Self::NotFound { message }
            | Self::Validation { message, .. }
            | Self::Conflict { message, .. }
            | Self::RateLimited { message, .. }
            | Self::Internal { message }
            | Self::Network { message } => *message = text,
        }
        self
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::validation("", Msg::ErrorInvalid)
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => Self::Network {
                message: String::new(),
            },
            _ => Self::internal(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        use crate::db::Constraint;
        if let sqlx::Error::RowNotFound = err {
            return Self::not_found();
        }
        match Constraint::broken_by(&err) {
            Some(Constraint::UserEmail) => return Self::conflict(Msg::ErrorEmailTaken),
            Some(Constraint::Membership) => return Self::conflict(Msg::ErrorAlreadyMember),
            Some(Constraint::PhotoPosition | Constraint::NotificationOnce) => {
                return Self::conflict(Msg::ErrorChangedMeanwhile);
            }
            None => {}
        }
        tracing::error!(error = %err, "database error");
        Self::internal()
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_back_as_it_was_written() {
        let all = [
            AppError::unauthorized(),
            AppError::forbidden(),
            AppError::not_found(),
            AppError::validation("email", Msg::ErrorInvalid).localized(Locale::En),
            AppError::conflict(Msg::ErrorInvalid),
            AppError::rate_limited(125),
            AppError::internal().localized(Locale::Fr),
            AppError::Network {
                message: "hors ligne".into(),
            },
        ];
        for error in all {
            let json = serde_json::to_string(&error).expect("serializes");
            let back: AppError = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, error, "{json}");
        }
    }

    #[test]
    fn the_wire_format_is_an_object_tagged_by_kind() {
        let json = serde_json::to_value(AppError::rate_limited(90)).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"kind": "rate_limited", "retry_after_secs": 90, "message": ""})
        );
        let read: AppError =
            serde_json::from_str(r#"{"kind":"validation","field":"name","code":"x"}"#)
                .expect("message may be left out");
        assert_eq!(read.field(), Some("name"));
    }

    #[test]
    fn an_unknown_kind_is_refused() {
        assert!(serde_json::from_str::<AppError>(r#"{"kind":"teapot"}"#).is_err());
        assert!(serde_json::from_str::<AppError>(r#"{"message":"no kind"}"#).is_err());
    }
}
