//! Answering a request from its email: each link works once, for its booking and its action
//! only, without signing in, not after it expires; opening it changes nothing; a forged one
//! does nothing.

use std::sync::Arc;

use crate::{
    bookings::{Sides, booking_id, request, saturday, sides},
    both_backends,
    helpers::TestApp,
};

/// The (approve, decline) tokens of the newest request email to `to`.
async fn answer_links(app: &TestApp, to: &str) -> (String, String) {
    let links = app.links_sent_to(to).await;
    let token = |prefix: &str| {
        links
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .map(|(_, t)| t.clone())
            .collect::<Vec<_>>()
    };
    let tokens = token("/reponse?jeton=");
    assert_eq!(tokens.len(), 2, "approve and decline links: {links:?}");
    (tokens[0].clone(), tokens[1].clone())
}

async fn status_of(app: &TestApp, client: &reqwest::Client, id: &str) -> String {
    let page = app.call(client, "get_booking", &[("id", id)]).await;
    page.ok()["booking"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

both_backends!(
    an_emailed_link_answers_once_without_signing_in,
    |app: Arc<TestApp>| async move {
        let Sides {
            owner,
            owner_org: _,
            asker,
            asker_org,
            kitchen,
        } = sides(&app, &[]).await;
        let date = saturday(3);
        let book = |from: &'static str, to: &'static str| {
            let (app, asker, kitchen, asker_org, date) = (
                app.clone(),
                asker.clone(),
                kitchen.clone(),
                asker_org.clone(),
                date.clone(),
            );
            async move {
                booking_id(
                    request(&app, &asker, &kitchen, &asker_org, (&date, from, to), "1").await,
                )
            }
        };
        let first = book("08:00", "10:00").await;
        let (approve_first, decline_first) = answer_links(&app, "lea@exemple.org").await;
        let second = book("13:00", "15:00").await;
        let (approve_second, decline_second) = answer_links(&app, "lea@exemple.org").await;
        assert_ne!(approve_first, approve_second, "one link per request");

        // Opening the page (a GET, as a mail scanner would) shows the request and changes nothing.
        let visitor = app.client();
        let html = app
            .html(&visitor, &format!("/reponse?jeton={approve_first}"), None)
            .await;
        assert!(html.contains("Cuisine de production"), "{html}");
        assert!(html.contains("Banque alimentaire"));
        assert!(
            !html.contains("<script>alert(1)"),
            "the purpose is inert on the page"
        );
        let page = app
            .call(&visitor, "booking_link", &[("token", &approve_first)])
            .await;
        assert_eq!(page.ok()["state"], "ready");
        assert_eq!(page.ok()["action"], "approve");
        assert_eq!(status_of(&app, &owner, &first).await, "requested");

        // Declining needs a reason, even from a link; nothing changes without one.
        app.call(&visitor, "answer_by_link", &[("token", &decline_first)])
            .await
            .error(422, "error.reason_required");
        assert_eq!(status_of(&app, &owner, &first).await, "requested");

        // The approve link approves its own booking only, once, for anyone who holds it.
        let answered = app
            .call(&visitor, "answer_by_link", &[("token", &approve_first)])
            .await;
        assert_eq!(answered.ok(), 1);
        assert_eq!(status_of(&app, &owner, &first).await, "approved");
        assert_eq!(status_of(&app, &owner, &second).await, "requested");
        app.call(&visitor, "answer_by_link", &[("token", &approve_first)])
            .await
            .error(409, "error.link_used");
        // Its twin can no longer decline what is answered.
        app.call(
            &visitor,
            "answer_by_link",
            &[("token", &decline_first), ("reason", "Trop tard")],
        )
        .await
        .error(409, "error.booking_already_answered");
        assert_eq!(status_of(&app, &owner, &first).await, "approved");
        let page = app.call(&owner, "get_booking", &[("id", &first)]).await;
        let history = page.ok()["history"].to_string();
        assert!(history.contains("approved"), "{history}");
        assert!(
            history.contains("Cuisine collective"),
            "the answer is the owner's, in the history: {history}"
        );

        // A forged token does nothing and says so.
        let forged = "0".repeat(64);
        app.call(&visitor, "answer_by_link", &[("token", &forged)])
            .await
            .error(422, "error.link_invalid");
        app.call(&visitor, "booking_link", &[("token", &forged)])
            .await
            .error(404, "");
        assert_eq!(status_of(&app, &owner, &second).await, "requested");

        // An expired link does nothing.
        sqlx::query("UPDATE booking_links SET expires_at = 1 WHERE token_hash = $1")
            .bind(app::accounts::auth::hash_token(&approve_second))
            .execute(app.db.pool())
            .await
            .expect("expire");
        app.call(&visitor, "answer_by_link", &[("token", &approve_second)])
            .await
            .error(409, "error.link_expired");
        let page = app
            .call(&visitor, "booking_link", &[("token", &approve_second)])
            .await;
        assert_eq!(page.ok()["state"], "expired");
        assert_eq!(status_of(&app, &owner, &second).await, "requested");

        // Eight taps on one decline link at the same instant decline once.
        let reason = "Fermé ce jour-là <b>désolé</b>";
        let taps = (0..8).map(|_| {
            let (app, visitor, token) = (app.clone(), visitor.clone(), decline_second.clone());
            tokio::spawn(async move {
                app.call(
                    &visitor,
                    "answer_by_link",
                    &[("token", &token), ("reason", reason)],
                )
                .await
                .status
                .as_u16()
            })
        });
        let mut statuses = Vec::new();
        for tap in taps {
            statuses.push(tap.await.expect("tap"));
        }
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 409),
            "{statuses:?}"
        );
        let page = app.call(&asker, "get_booking", &[("id", &second)]).await;
        assert_eq!(page.ok()["booking"]["status"], "declined");
        assert_eq!(page.ok()["reason"], reason);
        let events = page.ok()["history"]
            .as_array()
            .map(|h| h.iter().filter(|e| e["kind"] == "declined").count());
        assert_eq!(events, Some(1), "one answer in the history");
        let html = app
            .html(&asker, &format!("/reservations/{second}"), None)
            .await;
        assert!(
            !html.contains("<b>désolé</b>"),
            "the reason is inert: {html}"
        );
        assert!(html.contains("&lt;b&gt;désolé&lt;/b&gt;"));
    }
);

both_backends!(a_link_stops_when_its_admin_is_no_longer_one, |app: Arc<
    TestApp,
>| async move {
    let Sides {
        owner: _,
        owner_org,
        asker,
        asker_org,
        kitchen,
    } = sides(&app, &[]).await;
    let id = booking_id(
        request(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&saturday(3), "08:00", "10:00"),
            "1",
        )
        .await,
    );
    let (approve, _) = answer_links(&app, "lea@exemple.org").await;
    // Léa leaves the kitchen's organization (another admin stays).
    let other = app.sign_up("Marc", "marc@exemple.org").await;
    sqlx::query("UPDATE memberships SET user_id = (SELECT id FROM users WHERE email = $1) WHERE org_id = $2 AND user_id = (SELECT id FROM users WHERE email = $3)")
        .bind("marc@exemple.org")
        .bind(&owner_org)
        .bind("lea@exemple.org")
        .execute(app.db.pool())
        .await
        .expect("hand over");
    drop(other);
    app.call(&app.client(), "answer_by_link", &[("token", &approve)])
        .await
        .error(403, "");
    let marc = app.sign_in_again("marc@exemple.org").await;
    assert_eq!(status_of(&app, &marc, &id).await, "requested");
});
