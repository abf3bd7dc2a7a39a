//! Live events: what the open pages of a change's readers should hear of at once (a message, a
//! read receipt, someone typing). Events carry keys only; a page that hears of a change reads
//! the rows again through a server function, so an event says nothing its reader could not
//! read anyway and a lost one costs only a delay until the next catch-up.
//!
//! Inside one process, a broadcast channel. Across processes on one PostgreSQL, `pg_notify`
//! in the transaction of the change (PostgreSQL delivers it at commit, never for a rolled-back
//! change), heard by one listener per process that feeds the same channel; after a listener
//! reconnects, it tells every socket to catch up, since notifications sent while it was away
//! are lost. On SQLite (one process) the channel is fed after the commit.

use serde::{Deserialize, Serialize};

/// An event, as the server passes it around and as a socket sends it to a browser (the
/// organizations it concerns are left out of what the browser gets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A conversation has a new message (`seq`), or one of its messages changed.
    Message {
        conversation: String,
        seq: i64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        orgs: Vec<String>,
    },
    /// An organization read a conversation up to `seq`.
    Read {
        conversation: String,
        org: String,
        seq: i64,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        orgs: Vec<String>,
    },
    /// A member of `org` is typing in a conversation.
    Typing {
        conversation: String,
        org: String,
        name: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        orgs: Vec<String>,
    },
    /// Bookings or blocked periods of these resources changed: their boards read them again.
    Board {
        resources: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        orgs: Vec<String>,
    },
    /// A person's memberships changed: their sockets read them again (a removed member
    /// stops hearing of the organization's conversations at once).
    Membership { user: String },
    /// Events may have been missed (a listener reconnected, a socket fell behind): catch up.
    Resync,
}

impl LiveEvent {
    /// Whether a member of `orgs` may hear of it.
    pub fn concerns(&self, orgs: &[String]) -> bool {
        match self {
            LiveEvent::Message { orgs: to, .. }
            | LiveEvent::Read { orgs: to, .. }
            | LiveEvent::Typing { orgs: to, .. }
            | LiveEvent::Board { orgs: to, .. } => to.iter().any(|o| orgs.contains(o)),
            LiveEvent::Membership { .. } => false,
            LiveEvent::Resync => true,
        }
    }

    /// The event as a browser gets it: without the organizations it concerns.
    pub fn for_browser(&self) -> LiveEvent {
        let mut event = self.clone();
        match &mut event {
            LiveEvent::Message { orgs, .. }
            | LiveEvent::Read { orgs, .. }
            | LiveEvent::Typing { orgs, .. }
            | LiveEvent::Board { orgs, .. } => orgs.clear(),
            LiveEvent::Membership { .. } | LiveEvent::Resync => {}
        }
        event
    }
}

#[cfg(feature = "ssr")]
pub use hub::{CHANNEL, Live};

#[cfg(feature = "ssr")]
mod hub {
    use std::time::Duration;

    use tokio::sync::broadcast;

    use super::LiveEvent;
    use crate::db::{Backend, Tx};

    /// The PostgreSQL channel events travel on between processes.
    pub const CHANNEL: &str = "partage_live";

    /// This process's events: sockets subscribe, changes publish.
    #[derive(Clone, Debug)]
    pub struct Live {
        sender: broadcast::Sender<LiveEvent>,
        backend: Backend,
        /// PostgreSQL: where the listener connects.
        listen_url: Option<String>,
    }

    impl Live {
        /// The hub of a process on `database_url`'s database.
        pub fn new(backend: Backend, database_url: &str) -> Live {
            // Room for bursts; a socket that falls further behind is told to catch up.
            let (sender, _) = broadcast::channel(4_096);
            let listen_url = (backend == Backend::Postgres).then(|| database_url.to_owned());
            Live {
                sender,
                backend,
                listen_url,
            }
        }

        /// PostgreSQL: the task that listens for other processes' events (none on SQLite).
        pub fn listener(&self) -> Option<impl Future<Output = ()> + Send + 'static> {
            let url = self.listen_url.clone()?;
            Some(self.clone().run_listener(url))
        }

        pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
            self.sender.subscribe()
        }

        /// Hands an event to this process's sockets (from the PostgreSQL listener, or after a
        /// SQLite commit).
        pub fn deliver(&self, event: LiveEvent) {
            // No socket listening is not an error.
            let _ = self.sender.send(event);
        }

        /// Commits `tx` with its events: on PostgreSQL they are notified inside it (delivered
        /// by PostgreSQL at commit, to every process); on SQLite delivered here after it.
        pub async fn commit(&self, mut tx: Tx, events: Vec<LiveEvent>) -> Result<(), sqlx::Error> {
            match self.backend {
                Backend::Postgres => {
                    for event in &events {
                        notify(&mut tx, event).await?;
                    }
                    tx.commit().await
                }
                Backend::Sqlite => {
                    tx.commit().await?;
                    for event in events {
                        self.deliver(event);
                    }
                    Ok(())
                }
            }
        }

        /// Sends an event that no transaction carries (someone typing).
        pub async fn send(&self, db: &sqlx::AnyPool, event: LiveEvent) -> Result<(), sqlx::Error> {
            match self.backend {
                Backend::Postgres => {
                    let mut conn = db.acquire().await?;
                    notify(&mut conn, &event).await
                }
                Backend::Sqlite => {
                    self.deliver(event);
                    Ok(())
                }
            }
        }

        /// PostgreSQL: listens on [`CHANNEL`] until the process ends and feeds this process's
        /// sockets; after every reconnection, tells them to catch up.
        async fn run_listener(self, url: String) {
            let mut backoff = Duration::from_millis(250);
            let mut first = true;
            loop {
                match sqlx::postgres::PgListener::connect(&url).await {
                    Ok(mut listener) => match listener.listen(CHANNEL).await {
                        Ok(()) => {
                            if !first {
                                self.deliver(LiveEvent::Resync);
                            }
                            first = false;
                            backoff = Duration::from_millis(250);
                            loop {
                                match listener.try_recv().await {
                                    Ok(Some(n)) => match serde_json::from_str(n.payload()) {
                                        Ok(event) => self.deliver(event),
                                        Err(e) => {
                                            tracing::warn!(error = %e, "live: unreadable event")
                                        }
                                    },
                                    // The connection dropped: events may have been missed.
                                    Ok(None) => self.deliver(LiveEvent::Resync),
                                    Err(e) => {
                                        tracing::warn!(error = %e, "live: listener lost");
                                        break;
                                    }
                                }
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "live: cannot listen"),
                    },
                    Err(e) => tracing::warn!(error = %e, "live: cannot connect the listener"),
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
            }
        }
    }

    async fn notify(conn: &mut sqlx::AnyConnection, event: &LiveEvent) -> Result<(), sqlx::Error> {
        let payload = serde_json::to_string(event).unwrap_or_default();
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(conn)
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_reaches_members_of_its_organizations_only_and_without_them() {
        let event = LiveEvent::Message {
            conversation: "c".into(),
            seq: 3,
            orgs: vec!["a".into(), "b".into()],
        };
        assert!(event.concerns(&["b".into(), "z".into()]));
        assert!(!event.concerns(&["z".into()]));
        assert!(!event.concerns(&[]));
        let sent = serde_json::to_string(&event.for_browser()).expect("json");
        assert_eq!(sent, r#"{"type":"message","conversation":"c","seq":3}"#);
        assert!(LiveEvent::Resync.concerns(&[]));
        assert!(!LiveEvent::Membership { user: "u".into() }.concerns(&["a".into()]));
    }
}
