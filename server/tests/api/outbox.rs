//! Side effects commit with their cause: emails are rows written in the change's transaction
//! and delivered by the server's worker, once, with retries.

use std::{sync::Arc, time::Duration};

use app::{
    db::Db,
    i18n::{Locale, Msg},
    mail::{self, Email, Mailer},
};

use crate::helpers::*;

fn email(to: &str, n: usize) -> Email {
    Email::compose(
        to,
        Locale::Fr,
        Msg::EmailInviteSubject,
        Msg::EmailInviteBody,
        &[
            ("inviter", "Test"),
            ("org", &format!("Organisme {n}")),
            (
                "link",
                &format!("http://partage.test/invitation?jeton=t{n}"),
            ),
        ],
    )
}

/// Waits (up to `limit`) for the sink to hold `n` messages.
async fn wait_for_messages(sink: &SmtpSink, n: usize, limit: Duration) -> Vec<String> {
    let start = std::time::Instant::now();
    loop {
        let got = sink.messages.lock().await.clone();
        if got.len() >= n || start.elapsed() > limit {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Writes `emails` to the outbox in one committed transaction, as a change would, without
/// waking this process's worker (it finds them at its next poll).
async fn commit_emails(db: &Db, emails: &[Email]) {
    let mut tx = db.begin_write().await.expect("begin");
    for email in emails {
        mail::queue(&mut tx, email).await.expect("queue");
    }
    tx.commit().await.expect("commit");
}

async fn pending(db: &Db) -> i64 {
    mail::repo::pending_count(db.pool()).await.expect("count")
}

/// Waits (5 s at most) until no email is pending: the relay has a message a moment before the
/// worker records it as sent.
async fn settled(db: &Db) -> i64 {
    for _ in 0..50 {
        let left = pending(db).await;
        if left == 0 {
            return 0;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    pending(db).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_rolls_back_sends_nothing_and_one_that_commits_sends_once() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(
            backend,
            Options { smtp: true },
            |app: Arc<TestApp>| async move {
                let sink = app.smtp.clone().expect("sink");
                let mut tx = app.db.begin_write().await.expect("begin");
                mail::queue(&mut tx, &email("annule@exemple.org", 1))
                    .await
                    .expect("queue");
                tx.rollback().await.expect("rollback");
                commit_emails(&app.db, &[email("garde@exemple.org", 2)]).await;
                // The worker polls every 2 s when nobody wakes it.
                let got = wait_for_messages(&sink, 1, Duration::from_secs(10)).await;
                tokio::time::sleep(Duration::from_millis(2500)).await;
                let got_later = sink.messages.lock().await.clone();
                assert_eq!(got.len(), 1, "the committed email went");
                assert_eq!(got_later.len(), 1, "and only it, once");
                assert!(got[0].contains("garde@exemple.org"));
                assert_eq!(settled(&app.db).await, 0);
                let outbox = app.outbox().await;
                assert_eq!(outbox.len(), 1, "the rolled-back email was never written");
                assert!(
                    !outbox[0].body.contains("jeton=t2"),
                    "kept copy without its link"
                );
            },
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_refuses_then_accepts_gets_the_email_once() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(
            backend,
            Options { smtp: true },
            |app: Arc<TestApp>| async move {
                let sink = app.smtp.clone().expect("sink");
                sink.refuse.store(2, std::sync::atomic::Ordering::SeqCst);
                commit_emails(&app.db, &[email("patient@exemple.org", 1)]).await;
                // Refused twice (retried after 1 s, then 2 s), accepted the third time.
                let got = wait_for_messages(&sink, 1, Duration::from_secs(20)).await;
                assert_eq!(got.len(), 1, "delivered after the relay came back");
                tokio::time::sleep(Duration::from_millis(2500)).await;
                assert_eq!(sink.messages.lock().await.len(), 1, "once");
                let mut row = app.outbox().await.remove(0);
                for _ in 0..40 {
                    if row.sent_at.is_some() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    row = app.outbox().await.remove(0);
                }
                assert!(row.sent_at.is_some(), "{row:?}");
                assert_eq!(row.error, None, "{row:?}");
            },
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_processes_deliver_each_email_exactly_once() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(
            backend,
            Options { smtp: true },
            |app: Arc<TestApp>| async move {
                let sink = app.smtp.clone().expect("sink");
                const N: usize = 60;
                let emails: Vec<Email> = (0..N)
                    .map(|n| email(&format!("p{n}@exemple.org"), n))
                    .collect();
                commit_emails(&app.db, &emails).await;
                // Three more "processes", each with its own pool, take batches at the same time
                // as the server's own worker.
                let mut workers = Vec::new();
                for _ in 0..3 {
                    let db = Db::connect(&app.database_url).await.expect("second pool");
                    let mailer = Mailer::smtp(
                        &format!("smtp://{}", sink.addr),
                        "Partage <ne-pas-repondre@partage.test>",
                    )
                    .expect("mailer");
                    workers.push(tokio::spawn(async move {
                        let mut taken = 0;
                        for _ in 0..20 {
                            taken += mail::outbox::deliver_due(&db, &mailer)
                                .await
                                .expect("deliver");
                        }
                        db.close().await;
                        taken
                    }));
                }
                for w in workers {
                    w.await.expect("worker");
                }
                let got = wait_for_messages(&sink, N, Duration::from_secs(20)).await;
                tokio::time::sleep(Duration::from_millis(2500)).await;
                let got = {
                    let later = sink.messages.lock().await.clone();
                    assert_eq!(later.len(), got.len(), "nothing more arrived");
                    later
                };
                assert_eq!(got.len(), N, "every email once, none twice");
                for n in 0..N {
                    let to = format!("To: p{n}@exemple.org");
                    assert_eq!(got.iter().filter(|m| m.contains(&to)).count(), 1, "{to}");
                }
                assert_eq!(settled(&app.db).await, 0);
            },
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emails_left_by_a_process_that_died_are_delivered() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(
            backend,
            Options { smtp: true },
            |app: Arc<TestApp>| async move {
                let sink = app.smtp.clone().expect("sink");
                // A process committed two emails and died: one before its worker took it, one
                // while delivering it (taken under a lease that has now ended).
                let mut tx = app.db.begin_write().await.expect("begin");
                mail::queue(&mut tx, &email("avant@exemple.org", 1))
                    .await
                    .expect("queue");
                mail::queue(&mut tx, &email("pendant@exemple.org", 2))
                    .await
                    .expect("queue");
                let now = app::db::now_ms();
                let taken = mail::repo::claim_due(
                    &mut *tx,
                    app.db.backend() == app::db::Backend::Postgres,
                    now,
                    now + 300,
                    1,
                )
                .await
                .expect("claim");
                assert_eq!(taken.len(), 1);
                tx.commit().await.expect("commit");
                // This process (started after) delivers both, the leased one once its lease ends.
                let got = wait_for_messages(&sink, 2, Duration::from_secs(15)).await;
                assert_eq!(got.len(), 2, "{got:?}");
                assert!(got.iter().any(|m| m.contains("avant@exemple.org")));
                assert!(got.iter().any(|m| m.contains("pendant@exemple.org")));
                assert_eq!(settled(&app.db).await, 0);
            },
        )
        .await;
    }
}
