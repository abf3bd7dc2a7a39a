//! Configuration from environment variables, with the defaults the README documents.

use std::{net::SocketAddr, path::PathBuf};

#[derive(Clone, Debug)]
pub struct Settings {
    /// `DATABASE_URL`: `sqlite://…` (default: `$PARTAGE_DATA_DIR/partage.db`) or `postgres://…`.
    pub database_url: String,
    /// `PARTAGE_ADDR`: where to listen (default 127.0.0.1:3000).
    pub addr: SocketAddr,
    /// `PARTAGE_BASE_URL`: the public address, for links in emails (default http://<addr>).
    pub base_url: String,
    /// `SMTP_URL`: an SMTP relay; unset means the in-app outbox.
    pub smtp_url: Option<String>,
    /// `PARTAGE_MAIL_FROM`: the sender of emails.
    pub mail_from: String,
    /// `PARTAGE_DATA_DIR`: files and the default database (default `data`).
    pub data_dir: PathBuf,
    /// `PARTAGE_TRUST_PROXY=1`: read the client address from `X-Forwarded-For`.
    pub trust_proxy: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("PARTAGE_ADDR must look like 127.0.0.1:3000, got {0:?}")]
    Addr(String),
    #[error("PARTAGE_BASE_URL must start with http:// or https://, got {0:?}")]
    BaseUrl(String),
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        Settings::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `get`, so tests can supply their own values.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let data_dir = PathBuf::from(get("PARTAGE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("partage.db").display()));
        let addr_text = get("PARTAGE_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text
            .parse()
            .map_err(|_| ConfigError::Addr(addr_text.clone()))?;
        let base_url = get("PARTAGE_BASE_URL").unwrap_or_else(|| format!("http://{addr}"));
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::BaseUrl(base_url));
        }
        Ok(Settings {
            database_url,
            addr,
            base_url: base_url.trim_end_matches('/').to_owned(),
            smtp_url: get("SMTP_URL"),
            mail_from: get("PARTAGE_MAIL_FROM")
                .unwrap_or_else(|| "Partage <no-reply@partage.local>".into()),
            data_dir,
            trust_proxy: matches!(
                get("PARTAGE_TRUST_PROXY").as_deref(),
                Some("1" | "true" | "yes")
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let s = Settings::from_lookup(|_| None).expect("defaults");
        assert_eq!(s.database_url, "sqlite://data/partage.db");
        assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.base_url, "http://127.0.0.1:3000");
        assert!(s.smtp_url.is_none());
    }

    #[test]
    fn overrides_and_errors() {
        let s = Settings::from_lookup(|k| match k {
            "PARTAGE_BASE_URL" => Some("https://partage.example.org/".into()),
            "PARTAGE_ADDR" => Some("0.0.0.0:8080".into()),
            _ => None,
        })
        .expect("settings");
        assert_eq!(s.base_url, "https://partage.example.org");
        assert_eq!(s.addr.port(), 8080);
        assert!(
            Settings::from_lookup(|k| (k == "PARTAGE_ADDR").then(|| "nowhere".into())).is_err()
        );
        assert!(
            Settings::from_lookup(|k| (k == "PARTAGE_BASE_URL").then(|| "ftp://x".into())).is_err()
        );
    }
}
