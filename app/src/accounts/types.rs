//! Wire types and validated values for people and their sessions. These compile for the
//! browser too, so forms check input the same way the server does.

use serde::{Deserialize, Serialize};

use crate::{i18n::Msg, shared::text::collapse_spaces};

/// A lower-cased, syntactically valid email address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Email, Msg> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(Msg::ErrorEmailRequired);
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Msg::ErrorEmailInvalid);
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err(Msg::ErrorEmailInvalid);
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if local_ok && domain_ok {
            Ok(Email(value))
        } else {
            Err(Msg::ErrorEmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's display name: trimmed, 1 to 100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: usize = 100;

    pub fn parse(input: &str) -> Result<PersonName, Msg> {
        let value = collapse_spaces(input);
        if value.is_empty() {
            return Err(Msg::ErrorNameRequired);
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Msg::ErrorNameTooLong);
        }
        if value.chars().any(char::is_control) {
            return Err(Msg::ErrorNameInvalid);
        }
        Ok(PersonName(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The password rules a form can check before sending; the server also refuses common ones.
pub struct PasswordRules;

impl PasswordRules {
    pub const MIN_LEN: usize = 10;
    /// Long enough for any passphrase, short enough that hashing it costs nothing unusual.
    pub const MAX_LEN: usize = 200;

    pub fn check_shape(password: &str) -> Result<(), Msg> {
        let len = password.chars().count();
        if len < Self::MIN_LEN {
            return Err(Msg::ErrorPasswordTooShort);
        }
        if len > Self::MAX_LEN {
            return Err(Msg::ErrorPasswordTooLong);
        }
        let mut chars = password.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(Msg::ErrorPasswordCommon);
        }
        Ok(())
    }
}

/// Where to go after signing in or up, from `?suivant=`: a path of this site, or nothing.
/// Browsers drop tabs and line breaks inside URLs and read `\` as `/`, so `/\t/evil.example`
/// or `/\evil.example` would become `//evil.example`, another site: only a plain path whose
/// second character starts no host is kept, and nothing with a control character, a space or a
/// backslash anywhere.
pub fn safe_next_path(raw: &str) -> Option<String> {
    let mut chars = raw.chars();
    let plain = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && !raw
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    plain.then(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_paths_stay_on_the_site() {
        use super::safe_next_path;
        assert_eq!(safe_next_path("/"), Some("/".to_owned()));
        assert_eq!(
            safe_next_path("/invitation?jeton=abc"),
            Some("/invitation?jeton=abc".to_owned())
        );
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            " /catalogue",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "",
        ] {
            assert_eq!(safe_next_path(hostile), None, "{hostile:?}");
        }
    }

    use super::*;

    #[test]
    fn email_is_normalized() {
        let email = Email::parse("  Lea.Tremblay@Cuisine-Collective.QC.ca ").expect("valid");
        assert_eq!(email.as_str(), "lea.tremblay@cuisine-collective.qc.ca");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "   ",
            "lea",
            "lea@",
            "@exemple.ca",
            "lea@exemple",
            "lea@@exemple.ca",
            "lea tremblay@exemple.ca",
            "lea@exemple..ca",
            ".lea@exemple.ca",
            "lea@-exemple.ca",
            "lea@exemple.c",
            "<script>@exemple.ca",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}@exemple.ca", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(Msg::ErrorEmailInvalid));
        assert_eq!(Email::parse(""), Err(Msg::ErrorEmailRequired));
    }

    #[test]
    fn accented_addresses_are_accepted() {
        assert!(Email::parse("hélène@épicerie.qc.ca").is_ok());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Léa   Tremblay ")
                .expect("valid")
                .as_str(),
            "Léa Tremblay"
        );
        assert_eq!(PersonName::parse("   "), Err(Msg::ErrorNameRequired));
        assert_eq!(
            PersonName::parse(&"é".repeat(101)),
            Err(Msg::ErrorNameTooLong)
        );
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
        assert_eq!(
            PersonName::parse(&"x".repeat(100_000)),
            Err(Msg::ErrorNameTooLong)
        );
    }

    #[test]
    fn password_shape() {
        assert_eq!(
            PasswordRules::check_shape("court"),
            Err(Msg::ErrorPasswordTooShort)
        );
        assert_eq!(
            PasswordRules::check_shape("ééééééééé"),
            Err(Msg::ErrorPasswordTooShort)
        );
        assert_eq!(
            PasswordRules::check_shape("aaaaaaaaaaaa"),
            Err(Msg::ErrorPasswordCommon)
        );
        assert_eq!(
            PasswordRules::check_shape(&"ab".repeat(101)),
            Err(Msg::ErrorPasswordTooLong)
        );
        assert!(PasswordRules::check_shape("cuisine-partagée-2026").is_ok());
    }
}
