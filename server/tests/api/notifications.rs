//! One notification centre, and the email that follows each person's choice: a message left
//! unread a quarter of an hour is emailed once (to whoever handles the conversation), a daily
//! digest goes once a morning even from two processes, and a signed link stops them all.

use std::sync::Arc;

use app::{
    inbox::emails::{QUIET_MS, digest_cutoff, send_digests, send_message_emails},
    mail::Outbox,
    time::Instant,
};
use reqwest::Client;
use serde_json::Value;

use crate::{
    both_backends,
    helpers::TestApp,
    inbox::{Talk, add_member, freezer, send, start, talk, thread},
};

const BASE: &str = "http://partage.test";
const MINUTE: i64 = 60_000;

/// The notifications `org` lists for `client`.
async fn notices(app: &TestApp, client: &Client, org: &str) -> Vec<Value> {
    app.call(client, "list_notifications", &[("org_id", org)])
        .await
        .ok()
        .as_array()
        .expect("notifications")
        .clone()
}

/// The notification emails to `to` so far (those that carry the link that stops them; not
/// the account's own, such as the address check), newest first.
async fn emails_to(app: &TestApp, to: &str) -> Vec<app::admin::types::OutboxEmail> {
    app.outbox()
        .await
        .into_iter()
        .filter(|e| e.to == to && e.body.contains("/courriels?u="))
        .collect()
}

/// The message emails due `after` milliseconds from now, as the worker would send them.
async fn message_emails_after(app: &TestApp, after: i64) -> usize {
    let at = Instant::from_unix_ms(app::db::now_ms() + after);
    send_message_emails(&app.db, &Outbox::default(), BASE, at)
        .await
        .expect("message emails")
}

both_backends!(
    a_message_is_a_notification_until_its_thread_is_read,
    |app: Arc<TestApp>| async move {
        let Talk {
            owner,
            owner_org,
            asker,
            asker_org,
            id,
            ..
        } = talk(&app, "Bonjour").await;
        send(&app, &asker, &id, "Encore moi").await.ok();
        // Two messages, one notice: the conversation's, unread, naming who wrote.
        let list = notices(&app, &owner, &owner_org).await;
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0]["kind"], "message_received");
        assert_eq!(list[0]["related_title"], "Cuisine collective");
        assert_eq!(list[0]["link"], format!("/messages/{id}"));
        assert_eq!(list[0]["read"], false);
        // The writer's side is not told of its own message.
        assert!(notices(&app, &asker, &asker_org).await.is_empty());
        let me = app.call(&owner, "get_session", &[]).await;
        assert_eq!(me.ok()["unread_notifications"], 1);

        // Reading the thread reads its notice.
        thread(&app, &owner, &id).await;
        assert_eq!(notices(&app, &owner, &owner_org).await[0]["read"], true);
        // The next message is news again.
        send(&app, &asker, &id, "Alors ?").await.ok();
        let list = notices(&app, &owner, &owner_org).await;
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["read"], false);
        assert_eq!(list[1]["read"], true);
    }
);

both_backends!(
    an_unread_message_is_emailed_once_to_whoever_handles_it,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let resource = freezer(&app, &owner, &owner_org).await;
        let zoe = add_member(&app, &owner, &owner_org, "Zoé", "zoe@exemple.org").await;
        let id = start(
            &app,
            &asker,
            &asker_org,
            &resource,
            "Bonjour <b>Marc</b>, libre jeudi ?",
        )
        .await;

        // Not before a quarter of an hour.
        assert_eq!(message_emails_after(&app, QUIET_MS - MINUTE).await, 0);
        assert!(emails_to(&app, "marc@exemple.org").await.is_empty());
        // Then once, to the owner's admin (not to Zoé, a member; not to the writer).
        assert_eq!(message_emails_after(&app, QUIET_MS + MINUTE).await, 1);
        let sent = emails_to(&app, "marc@exemple.org").await;
        assert_eq!(sent.len(), 1);
        let email = &sent[0];
        assert_eq!(email.subject, "Cuisine collective vous a écrit sur Partage");
        assert!(
            email.body.contains("Bonjour <b>Marc</b>, libre jeudi ?"),
            "{}",
            email.body
        );
        assert!(email.body.contains(&format!("{BASE}/messages/{id}")));
        assert!(email.body.contains(&format!("{BASE}/courriels?u=")));
        assert!(emails_to(&app, "zoe@exemple.org").await.is_empty());
        assert!(emails_to(&app, "lea@exemple.org").await.is_empty());
        // Never twice for the same messages; not again within the hour for new ones.
        assert_eq!(message_emails_after(&app, QUIET_MS + 2 * MINUTE).await, 0);
        send(&app, &asker, &id, "Ou vendredi ?").await.ok();
        assert_eq!(message_emails_after(&app, QUIET_MS + 30 * MINUTE).await, 0);
        // An hour later, the new one is told.
        assert_eq!(message_emails_after(&app, QUIET_MS + 62 * MINUTE).await, 1);
        assert!(
            emails_to(&app, "marc@exemple.org").await[0]
                .body
                .contains("Ou vendredi ?")
        );

        // Once read, nothing is emailed, however long it waits.
        thread(&app, &owner, &id).await;
        assert_eq!(message_emails_after(&app, 3 * 3600 * 1000).await, 0);

        // Given to Zoé, it is Zoé who hears, in her language.
        app.call(&zoe, "set_locale", &[("locale", "en")]).await.ok();
        let zoe_id = thread(&app, &owner, &id).await["members"]
            .as_array()
            .expect("members")
            .iter()
            .find(|m| m["name"] == "Zoé")
            .map(|m| m["user_id"].as_str().unwrap_or_default().to_owned())
            .expect("Zoé");
        app.call(
            &owner,
            "assign_conversation",
            &[("conversation_id", &id), ("assignee", &zoe_id)],
        )
        .await
        .ok();
        send(&app, &asker, &id, "Samedi alors").await.ok();
        assert_eq!(message_emails_after(&app, QUIET_MS + MINUTE).await, 1);
        let to_zoe = emails_to(&app, "zoe@exemple.org").await;
        assert_eq!(to_zoe.len(), 1);
        assert_eq!(
            to_zoe[0].subject,
            "Cuisine collective wrote to you on Partage"
        );
        assert_eq!(emails_to(&app, "marc@exemple.org").await.len(), 2);
    }
);

both_backends!(
    the_daily_digest_goes_once_a_morning,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let resource = freezer(&app, &owner, &owner_org).await;
        app.call(&owner, "set_email_frequency", &[("frequency", "daily")])
            .await
            .ok();
        assert_eq!(
            app.call(&owner, "get_email_frequency", &[]).await.ok(),
            "daily"
        );
        let id = start(&app, &asker, &asker_org, &resource, "Bonjour").await;
        // On the digest, no email for each message.
        assert_eq!(message_emails_after(&app, QUIET_MS + MINUTE).await, 0);

        // Tomorrow morning, from two processes at once: one digest.
        let now = app::db::now_ms();
        let tomorrow = digest_cutoff(Instant::from_unix_ms(now + 24 * 3600 * 1000));
        let at = Instant::from_unix_ms(tomorrow.unix_ms() + MINUTE);
        let outbox = Outbox::default();
        let (a, b) = tokio::join!(
            send_digests(&app.db, &outbox, BASE, at),
            send_digests(&app.db, &outbox, BASE, at)
        );
        assert_eq!(a.expect("a") + b.expect("b"), 1);
        let sent = emails_to(&app, "marc@exemple.org").await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].subject, "Votre résumé Partage");
        assert!(
            sent[0]
                .body
                .contains("Nouveau message de Cuisine collective"),
            "{}",
            sent[0].body
        );
        assert!(sent[0].body.contains(&format!("{BASE}/messages/{id}")));
        assert!(
            sent[0]
                .body
                .contains("1 conversation a des messages non lus")
        );
        // Later that morning: nothing more.
        let later = Instant::from_unix_ms(at.unix_ms() + 3 * 3600 * 1000);
        assert_eq!(
            send_digests(&app.db, &outbox, BASE, later)
                .await
                .expect("later"),
            0
        );
        // Those who want each event get no digest.
        assert!(emails_to(&app, "lea@exemple.org").await.is_empty());
    }
);

both_backends!(
    a_signed_link_stops_the_emails,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let resource = freezer(&app, &owner, &owner_org).await;
        start(&app, &asker, &asker_org, &resource, "Bonjour").await;
        message_emails_after(&app, QUIET_MS + MINUTE).await;
        let body = emails_to(&app, "marc@exemple.org").await[0].body.clone();
        let link = body
            .split_whitespace()
            .find(|w| w.contains("/courriels?u="))
            .expect("an unsubscribe link")
            .to_owned();
        let query = link.split_once('?').expect("query").1;
        let (user, signature) = {
            let mut user = "";
            let mut signature = "";
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some(("u", v)) => user = v,
                    Some(("s", v)) => signature = v,
                    _ => {}
                }
            }
            (user.to_owned(), signature.to_owned())
        };

        // Opening the page changes nothing (link checkers open links).
        let visitor = app.client();
        let page = app.get(&visitor, &format!("/courriels?{query}")).await;
        assert_eq!(page.status(), 200);
        assert_eq!(
            app.call(&owner, "get_email_frequency", &[]).await.ok(),
            "each"
        );
        // A forged or borrowed signature is refused and changes nothing.
        for (u, s) in [
            (user.as_str(), "0".repeat(64)),
            (user.as_str(), String::new()),
            ("someone-else", signature.clone()),
        ] {
            app.call(&visitor, "unsubscribe", &[("user", u), ("signature", &s)])
                .await
                .error(422, "error.unsubscribe_link");
        }
        assert_eq!(
            app.call(&owner, "get_email_frequency", &[]).await.ok(),
            "each"
        );
        // The real one works without signing in.
        app.call(
            &visitor,
            "unsubscribe",
            &[("user", &user), ("signature", &signature)],
        )
        .await
        .ok();
        assert_eq!(
            app.call(&owner, "get_email_frequency", &[]).await.ok(),
            "off"
        );
        // No more message emails, nor booking ones.
        app.call(
            &asker,
            "send_message",
            &[
                (
                    "conversation_id",
                    &start(&app, &asker, &asker_org, &resource, "Re").await,
                ),
                ("body", "Toujours là ?"),
            ],
        )
        .await
        .ok();
        assert_eq!(message_emails_after(&app, 2 * 3600 * 1000).await, 0);
        let kitchen = crate::bookings::kitchen(&app, &owner, &owner_org, &[]).await;
        crate::bookings::request(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&crate::bookings::saturday(3), "08:00", "10:00"),
            "1",
        )
        .await
        .ok();
        assert_eq!(emails_to(&app, "marc@exemple.org").await.len(), 1);

        // Choosing needs a session and a known choice.
        app.call(&visitor, "set_email_frequency", &[("frequency", "each")])
            .await
            .error(401, "");
        let refused = app
            .call(&owner, "set_email_frequency", &[("frequency", "hourly")])
            .await;
        assert!(refused.status.is_client_error(), "{}", refused.status);
        assert_eq!(
            app.call(&owner, "get_email_frequency", &[]).await.ok(),
            "off"
        );
    }
);
