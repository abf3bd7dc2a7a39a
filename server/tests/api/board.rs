//! The coordinators' board: what each reader sees on it, moving a booking (who may, what is
//! refused and changes nothing, what the requester is told), two moves racing for the last
//! unit, and the live events its readers hear.

use std::sync::Arc;

use app::time::{LocalTime, Zone, parse_local_date};
use reqwest::Client;
use serde_json::Value;

use crate::{
    bookings::{approve, asked, booking_id, kitchen, request, saturday, sides},
    both_backends,
    helpers::TestApp,
    inbox::{QUIET, SOON, add_member, next_event, open_socket},
};

/// `date` at `time` (« 14:30 ») in Montréal, in Unix milliseconds.
fn at(date: &str, time: &str) -> i64 {
    let day = parse_local_date(date).expect("date");
    let (h, m) = time.split_once(':').expect("hh:mm");
    let time = LocalTime::new(h.parse().expect("h"), m.parse().expect("m"), 0, 0).expect("time");
    Zone::Montreal.instant(day, time).unix_ms()
}

/// `org`'s board on `tab` for the week of `date`, as `client` reads it.
async fn board(app: &TestApp, client: &Client, org: &str, tab: &str, date: &str) -> Value {
    app.call(
        client,
        "board",
        &[
            ("org_id", org),
            ("query[tab]", tab),
            ("query[zoom]", "week"),
            ("query[date]", date),
        ],
    )
    .await
    .ok()
    .clone()
}

/// Booking `id` as `org`'s board shows it (its version, its row).
async fn on_board(
    app: &TestApp,
    client: &Client,
    org: &str,
    date: &str,
    id: &str,
) -> (Value, String) {
    let board = board(app, client, org, "own", date).await;
    for row in board["rows"].as_array().expect("rows") {
        for b in row["bookings"].as_array().expect("bookings") {
            if b["id"] == id {
                return (
                    b.clone(),
                    row["resource_id"].as_str().expect("id").to_owned(),
                );
            }
        }
    }
    panic!("booking {id} not on the board: {board}");
}

/// Moves booking `id` (shown at `version`) to `resource` (empty: its own) on `date`, `from`–`to`.
async fn move_to(
    app: &TestApp,
    client: &Client,
    (id, version): (&str, i64),
    resource: &str,
    (date, from, to): (&str, &str, &str),
) -> crate::helpers::Answer {
    app.call(
        client,
        "move_booking",
        &[
            ("input[booking_id]", id),
            ("input[version]", &version.to_string()),
            ("input[resource_id]", resource),
            ("input[starts_at]", &at(date, from).to_string()),
            ("input[ends_at]", &at(date, to).to_string()),
        ],
    )
    .await
}

both_backends!(the_board_shows_each_reader_what_it_may_see, |app: Arc<
    TestApp,
>| async move {
    let s = sides(&app, &[]).await;
    let (other, other_org) = app.admin_of("Popote roulante", "eve@exemple.org").await;
    let date = saturday(3);
    let ours = asked(&app, &s, (&date, "09:00", "11:00")).await;
    approve(&app, &s.owner, &ours).await;
    let theirs = booking_id(
        request(
            &app,
            &other,
            &s.kitchen,
            &other_org,
            (&date, "13:00", "15:00"),
            "2",
        )
        .await,
    );
    approve(&app, &s.owner, &theirs).await;
    let form = [
        ("resource_id", s.kitchen.as_str()),
        ("input[first_day]", &saturday(10)),
        ("input[kind]", "maintenance"),
        ("input[reason]", "Hottes <b>nettoyées</b>"),
    ];
    app.create(&s.owner, "add_blocked_period", &form).await;

    // The owner's members: every booking with who asked, blocked periods with their reason;
    // only an admin may edit.
    let own = board(&app, &s.owner, &s.owner_org, "own", &date).await;
    assert_eq!(own["can_edit"], true);
    assert_eq!(own["days"], 7);
    let row = &own["rows"][0];
    assert_eq!(row["resource_id"], s.kitchen.as_str());
    let names: Vec<&str> = row["bookings"]
        .as_array()
        .expect("bookings")
        .iter()
        .map(|b| b["requester_org_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Banque alimentaire", "Popote roulante"]);
    assert_eq!(row["rules"]["capacity"], 4);
    let later = board(&app, &s.owner, &s.owner_org, "own", &saturday(10)).await;
    assert_eq!(
        later["rows"][0]["blocked"][0]["reason"],
        "Hottes <b>nettoyées</b>"
    );
    let member = add_member(&app, &s.owner, &s.owner_org, "Zoé", "zoe@exemple.org").await;
    let seen = board(&app, &member, &s.owner_org, "own", &date).await;
    assert_eq!(seen["can_edit"], false);
    assert_eq!(
        seen["rows"][0]["bookings"].as_array().map(Vec::len),
        Some(2)
    );

    // The requester's second tab: its own booking in full, the other's as busy units only.
    let others = board(&app, &s.asker, &s.asker_org, "others", &date).await;
    assert_eq!(others["can_edit"], false);
    let row = &others["rows"][0];
    assert_eq!(row["owner_name"], "Cuisine collective");
    assert_eq!(row["bookings"].as_array().map(Vec::len), Some(1));
    assert_eq!(row["bookings"][0]["id"], ours.as_str());
    assert_eq!(row["busy"][0]["units"], 2);
    assert!(!others.to_string().contains("Popote"), "{others}");
    assert!(!others.to_string().contains(&theirs), "{others}");
    let later = board(&app, &s.asker, &s.asker_org, "others", &saturday(10)).await;
    assert_eq!(later["rows"].as_array().map(Vec::len), Some(0));
    // Its own tab: it owns nothing.
    let own = board(&app, &s.asker, &s.asker_org, "own", &date).await;
    assert_eq!(own["rows"].as_array().map(Vec::len), Some(0));

    // Outsiders and visitors read nothing; bad input is refused.
    app.call(&other, "board", &[("org_id", &s.owner_org)])
        .await
        .error(403, "");
    app.call(&app.client(), "board", &[("org_id", &s.owner_org)])
        .await
        .error(401, "");
    for (field, value) in [
        ("query[date]", "2026-02-30"),
        ("query[category]", "spaceship"),
    ] {
        app.call(
            &s.owner,
            "board",
            &[("org_id", &s.owner_org), (field, value)],
        )
        .await
        .error(422, "");
    }
    app.call(
        &s.owner,
        "board",
        &[("org_id", &s.owner_org), ("query[zoom]", "year")],
    )
    .await
    .error(422, "");
    // A category filter keeps its rows; the choices stay.
    let freezers = app
        .call(
            &s.owner,
            "board",
            &[("org_id", &s.owner_org), ("query[category]", "freezer")],
        )
        .await;
    assert_eq!(freezers.ok()["rows"].as_array().map(Vec::len), Some(0));
    assert_eq!(freezers.ok()["categories"][0], "kitchen");
});

both_backends!(
    an_admin_moves_a_booking_and_the_requester_is_told,
    |app: Arc<TestApp>| async move {
        let s = sides(&app, &[]).await;
        let second = kitchen(
            &app,
            &s.owner,
            &s.owner_org,
            &[("input[title]", "Petite cuisine")],
        )
        .await;
        let freezer = kitchen(
            &app,
            &s.owner,
            &s.owner_org,
            &[
                ("input[category]", "freezer"),
                ("input[title]", "Congélateur"),
            ],
        )
        .await;
        let date = saturday(3);
        let id = asked(&app, &s, (&date, "09:00", "11:00")).await;
        approve(&app, &s.owner, &id).await;
        let (shown, row) = on_board(&app, &s.owner, &s.owner_org, &date, &id).await;
        assert_eq!(row, s.kitchen);
        let version = shown["version"].as_i64().expect("version");
        let mut owner_socket = open_socket(
            &app.base,
            &app.session_cookie("lea@exemple.org").await,
            None,
        )
        .await
        .expect("socket");
        let (outsider, outsider_org) = app.admin_of("Popote roulante", "eve@exemple.org").await;
        let elsewhere = kitchen(&app, &outsider, &outsider_org, &[]).await;
        let closed = saturday(10);
        let form = [
            ("resource_id", s.kitchen.as_str()),
            ("input[first_day]", &closed),
            ("input[kind]", "closure"),
            ("input[reason]", "Fermé"),
        ];
        app.create(&s.owner, "add_blocked_period", &form).await;
        // The blocked period was heard of; what follows starts from a quiet socket.
        assert_eq!(
            next_event(&mut owner_socket, SOON)
                .await
                .map(|e| e["type"].clone()),
            Some("board".into())
        );
        let mut outsider_socket = open_socket(
            &app.base,
            &app.session_cookie("eve@exemple.org").await,
            None,
        )
        .await
        .expect("socket");

        // Who may not: the requester, a plain member, an outsider (who learns nothing).
        let member = add_member(&app, &s.owner, &s.owner_org, "Zoé", "zoe@exemple.org").await;
        let target = (date.as_str(), "13:00", "15:00");
        move_to(&app, &s.asker, (&id, version), "", target)
            .await
            .error(403, "");
        move_to(&app, &member, (&id, version), "", target)
            .await
            .error(403, "");
        move_to(&app, &outsider, (&id, version), "", target)
            .await
            .error(404, "");
        move_to(&app, &app.client(), (&id, version), "", target)
            .await
            .error(401, "");

        // What does not fit is refused and changes nothing.
        for (resource, when, status, code) in [
            (
                "",
                (date.as_str(), "18:00", "19:00"),
                422,
                "error.booking_outside_hours",
            ),
            (
                "",
                (date.as_str(), "13:10", "15:00"),
                422,
                "error.booking_off_grid",
            ),
            (
                "",
                (date.as_str(), "15:00", "13:00"),
                422,
                "error.booking_end_before_start",
            ),
            (freezer.as_str(), target, 422, "error.board_other_category"),
            ("no-such-resource", target, 422, "error.choice_invalid"),
            (elsewhere.as_str(), target, 422, "error.choice_invalid"),
            (
                "",
                (closed.as_str(), "09:00", "11:00"),
                409,
                "error.booking_blocked",
            ),
            (
                "",
                (date.as_str(), "09:00", "11:00"),
                422,
                "error.change_same",
            ),
        ] {
            move_to(&app, &s.owner, (&id, version), resource, when)
                .await
                .error(status, code);
        }
        let (shown_again, _) = on_board(&app, &s.owner, &s.owner_org, &date, &id).await;
        assert_eq!(shown_again, shown, "nothing changed");
        assert_eq!(next_event(&mut owner_socket, QUIET).await, None);

        // Moved to the afternoon on the second kitchen: settled with a new version.
        let moved = move_to(&app, &s.owner, (&id, version), &second, target).await;
        assert_eq!(moved.ok()["resource_id"], second.as_str());
        assert_eq!(moved.ok()["from_resource_id"], s.kitchen.as_str());
        assert_eq!(moved.ok()["booking"]["version"], version + 1);
        let (now_shown, row) = on_board(&app, &s.owner, &s.owner_org, &date, &id).await;
        assert_eq!(row, second);
        assert_eq!(now_shown["version"], version + 1);
        assert_eq!(
            now_shown["range"],
            serde_json::json!([at(&date, "13:00"), at(&date, "15:00")])
        );
        // The owner's members hear of it at once (both resources; the booking's thread got a
        // line too), outsiders do not.
        let mut event = next_event(&mut owner_socket, SOON).await.expect("event");
        if event["type"] == "message" {
            event = next_event(&mut owner_socket, SOON).await.expect("event");
        }
        assert_eq!(event["type"], "board", "{event}");
        let mut heard: Vec<&str> = event["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        heard.sort_unstable();
        let mut expected = vec![s.kitchen.as_str(), second.as_str()];
        expected.sort_unstable();
        assert_eq!(heard, expected);
        assert!(event.get("orgs").is_none(), "{event}");
        assert_eq!(next_event(&mut outsider_socket, QUIET).await, None);

        // The requester is told: a notice, an email and its thread, with the old and new time.
        let notices = app
            .call(&s.asker, "list_notifications", &[("org_id", &s.asker_org)])
            .await;
        assert!(
            notices.ok().to_string().contains("booking_moved"),
            "{}",
            notices.body
        );
        let emails = app.outbox().await;
        let email = emails
            .iter()
            .find(|e| e.to == "sam@exemple.org" && e.subject.starts_with("Réservation déplacée"))
            .expect("an email to the requester");
        assert!(
            email.body.contains("9\u{a0}h") && email.body.contains("13\u{a0}h"),
            "{}",
            email.body
        );
        assert!(email.body.contains("Petite cuisine"), "{}", email.body);
        let payloads: Vec<String> = sqlx::query_scalar(
            "SELECT payload FROM messages WHERE payload LIKE '%from_starts_at%'",
        )
        .fetch_all(app.db.pool())
        .await
        .expect("messages");
        assert_eq!(payloads.len(), 1);
        assert!(
            payloads[0].contains(&at(&date, "09:00").to_string()),
            "{}",
            payloads[0]
        );
        let page = app
            .html(&s.asker, &format!("/reservations/{id}"), None)
            .await;
        assert!(
            page.contains("Déplacée par le propriétaire"),
            "history says who moved it"
        );

        // The version the board showed before is stale now: refused, nothing changes.
        move_to(
            &app,
            &s.owner,
            (&id, version),
            "",
            (&date, "08:00", "10:00"),
        )
        .await
        .error(409, "error.board_stale");
        // A resize by its end edge.
        move_to(
            &app,
            &s.owner,
            (&id, version + 1),
            &second,
            (&date, "13:00", "16:30"),
        )
        .await
        .ok();
        let (resized, _) = on_board(&app, &s.owner, &s.owner_org, &date, &id).await;
        assert_eq!(resized["range"][1], at(&date, "16:30"));
    }
);

both_backends!(two_moves_into_the_last_unit_one_wins, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let other_admin = {
        app.call(
            &owner,
            "invite_member",
            &[
                ("org_id", &owner_org),
                ("email", "max@exemple.org"),
                ("role", "admin"),
            ],
        )
        .await
        .ok();
        let (_, token) = app.link_sent_to("max@exemple.org").await;
        let max = app.sign_up("Max", "max@exemple.org").await;
        app.call(&max, "accept_invitation", &[("token", &token)])
            .await
            .ok();
        max
    };
    let kitchen = kitchen(&app, &owner, &owner_org, &[("input[capacity]", "1")]).await;
    let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
    let date = saturday(3);
    for round in 0..3 {
        let hours = |i: usize| {
            (
                ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00"][i],
                ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00"][i],
            )
        };
        let (a_from, a_to) = hours(round * 2);
        let (b_from, b_to) = hours(round * 2 + 1);
        let a = booking_id(
            request(
                &app,
                &asker,
                &kitchen,
                &asker_org,
                (&date, a_from, a_to),
                "1",
            )
            .await,
        );
        approve(&app, &owner, &a).await;
        let b = booking_id(
            request(
                &app,
                &asker,
                &kitchen,
                &asker_org,
                (&date, b_from, b_to),
                "1",
            )
            .await,
        );
        approve(&app, &owner, &b).await;
        let target = [("15:00", "16:00"), ("16:00", "17:00"), ("14:00", "15:00")][round];
        let go = |client: Client, id: String| {
            let (app, date, org) = (app.clone(), date.clone(), owner_org.clone());
            tokio::spawn(async move {
                let (shown, _) = on_board(&app, &client, &org, &date, &id).await;
                let version = shown["version"].as_i64().expect("version");
                move_to(
                    &app,
                    &client,
                    (&id, version),
                    "",
                    (&date, target.0, target.1),
                )
                .await
                .status
                .as_u16()
            })
        };
        let (x, y) = (
            go(owner.clone(), a.clone()),
            go(other_admin.clone(), b.clone()),
        );
        let mut statuses = [x.await.expect("a"), y.await.expect("b")];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}");
    }
    // At the start of every booking (where the most units are held), no more than 1.
    let peak = app.peak_held().await;
    assert_eq!(peak, 1);

    // Two admins moving the same booking at once from the same version: one applies, the
    // other is told the board is stale.
    let c = booking_id(
        request(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&saturday(10), "08:00", "09:00"),
            "1",
        )
        .await,
    );
    approve(&app, &owner, &c).await;
    let (shown, _) = on_board(&app, &owner, &owner_org, &saturday(10), &c).await;
    let version = shown["version"].as_i64().expect("version");
    let day = saturday(10);
    let (one, two) = tokio::join!(
        move_to(&app, &owner, (&c, version), "", (&day, "10:00", "11:00")),
        move_to(
            &app,
            &other_admin,
            (&c, version),
            "",
            (&day, "12:00", "13:00")
        ),
    );
    let mut statuses = [one.status.as_u16(), two.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let stale = if one.status.as_u16() == 409 {
        &one
    } else {
        &two
    };
    stale.error(409, "error.board_stale");
});

both_backends!(
    an_admin_blocks_hours_from_the_board,
    |app: Arc<TestApp>| async move {
        let s = sides(&app, &[]).await;
        let date = saturday(3);
        let ours = asked(&app, &s, (&date, "09:00", "11:00")).await;
        approve(&app, &s.owner, &ours).await;
        let sunday = app::time::add_days(parse_local_date(&date).expect("date"), 1)
            .map(app::time::iso_date)
            .expect("date");
        let block = |first: &str, from: &str, last: &str, to: &str| -> Vec<(String, String)> {
            [
                ("resource_id", s.kitchen.as_str()),
                ("input[first_day]", first),
                ("input[from]", from),
                ("input[last_day]", last),
                ("input[to]", to),
                ("input[kind]", "own_use"),
                ("input[reason]", "Atelier <script>alert(1)</script>"),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
        };
        let blocked = |board: &Value| -> Vec<(i64, i64)> {
            board["rows"][0]["blocked"]
                .as_array()
                .expect("blocked")
                .iter()
                .map(|b| {
                    (
                        b["range"][0].as_i64().expect("start"),
                        b["range"][1].as_i64().expect("end"),
                    )
                })
                .collect()
        };
        let before = board(&app, &s.owner, &s.owner_org, "own", &date).await;
        assert!(blocked(&before).is_empty());

        // Refused, and nothing written: a requester (403), a visitor (401), one time without the
        // other, a time that is not one, an end before the start, hours over an approved booking.
        let form = block(&date, "12:00", &date, "14:30");
        app.call(&s.asker, "add_blocked_period", &pairs(&form))
            .await
            .error(403, "");
        app.call(&app.client(), "add_blocked_period", &pairs(&form))
            .await
            .error(401, "");
        for (from, to, status, code, field) in [
            ("12:00", "", 422, "error.time_invalid", "to"),
            ("25:00", "14:00", 422, "error.time_invalid", "from"),
            (
                "14:00",
                "13:00",
                422,
                "error.booking_end_before_start",
                "to",
            ),
            ("10:00", "12:00", 409, "error.blocked_over_bookings", ""),
        ] {
            let answer = app
                .call(
                    &s.owner,
                    "add_blocked_period",
                    &pairs(&block(&date, from, &date, to)),
                )
                .await;
            let body = answer.error(status, code);
            if !field.is_empty() {
                assert_eq!(body["field"], field, "{from}–{to}");
            }
        }
        assert_eq!(
            board(&app, &s.owner, &s.owner_org, "own", &date).await["rows"],
            before["rows"]
        );

        // Hours on one day, and an evening to the next morning.
        app.create(&s.owner, "add_blocked_period", &pairs(&form))
            .await;
        app.create(
            &s.owner,
            "add_blocked_period",
            &pairs(&block(&date, "16:00", &sunday, "09:30")),
        )
        .await;
        let after = board(&app, &s.owner, &s.owner_org, "own", &date).await;
        assert_eq!(
            blocked(&after),
            [
                (at(&date, "12:00"), at(&date, "14:30")),
                (at(&date, "16:00"), at(&sunday, "09:30")),
            ]
        );
        let first = &after["rows"][0]["blocked"][0];
        assert_eq!(first["kind"], "own_use");
        assert_eq!(first["reason"], "Atelier <script>alert(1)</script>");
        // The requester's board shows the hours as unavailable, without kind or reason.
        let theirs = board(&app, &s.asker, &s.asker_org, "others", &date).await;
        let row = &theirs["rows"][0];
        assert_eq!(row["blocked"][0]["kind"], Value::Null);
        assert_eq!(row["blocked"][0]["reason"], "");
        // A request inside the hours is refused; one beside them fits.
        request(
            &app,
            &s.asker,
            &s.kitchen,
            &s.asker_org,
            (&date, "13:00", "14:00"),
            "1",
        )
        .await
        .error(422, "error.booking_blocked");
        request(
            &app,
            &s.asker,
            &s.kitchen,
            &s.asker_org,
            (&date, "14:30", "15:30"),
            "1",
        )
        .await
        .ok();
    }
);

both_backends!(an_admin_books_for_an_organization_it_knows, |app: Arc<
    TestApp,
>| async move {
    let s = sides(&app, &[]).await;
    let date = saturday(3);
    // The food bank booked here before: the kitchen knows it.
    let ours = asked(&app, &s, (&date, "09:00", "11:00")).await;
    approve(&app, &s.owner, &ours).await;
    let (stranger, stranger_org) = app.admin_of("Popote roulante", "eve@exemple.org").await;
    let member = add_member(&app, &s.owner, &s.owner_org, "Zoé", "zoe@exemple.org").await;
    let own = board(&app, &s.owner, &s.owner_org, "own", &date).await;
    assert_eq!(
        own["partners"],
        serde_json::json!([[s.asker_org.as_str(), "Banque alimentaire"]])
    );
    assert_eq!(
        board(&app, &member, &s.owner_org, "own", &date).await["partners"],
        serde_json::json!([]),
        "only admins get the list"
    );
    let book = |org: &str, from: &str, to: &str, quantity: &str| -> Vec<(String, String)> {
        [
            ("resource_id", s.kitchen.as_str()),
            ("org_id", org),
            ("input[date]", date.as_str()),
            ("input[from]", from),
            ("input[to]", to),
            ("input[quantity]", quantity),
            ("input[purpose]", "Dépannage <b>urgent</b>"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let form = book(&s.asker_org, "12:00", "14:00", "2");
    let mut asker_socket = open_socket(
        &app.base,
        &app.session_cookie("sam@exemple.org").await,
        None,
    )
    .await
    .expect("socket");
    let mut stranger_socket = open_socket(
        &app.base,
        &app.session_cookie("eve@exemple.org").await,
        None,
    )
    .await
    .expect("socket");

    // Who may not: the requester itself, a plain member, an outsider, a visitor.
    app.call(&s.asker, "book_for_org", &pairs(&form))
        .await
        .error(403, "");
    app.call(&member, "book_for_org", &pairs(&form))
        .await
        .error(403, "");
    app.call(&stranger, "book_for_org", &pairs(&form))
        .await
        .error(403, "");
    app.call(&app.client(), "book_for_org", &pairs(&form))
        .await
        .error(401, "");
    // What is refused writes nothing: an organization the kitchen does not know, its own,
    // an unknown one, no units, outside the hours, more units than are left.
    for (org, from, to, quantity, status, code) in [
        (
            stranger_org.as_str(),
            "12:00",
            "14:00",
            "1",
            422,
            "error.choice_invalid",
        ),
        (
            s.owner_org.as_str(),
            "12:00",
            "14:00",
            "1",
            422,
            "error.booking_own_resource",
        ),
        (
            "no-such-org",
            "12:00",
            "14:00",
            "1",
            422,
            "error.choice_invalid",
        ),
        (
            s.asker_org.as_str(),
            "12:00",
            "14:00",
            "0",
            422,
            "error.booking_quantity",
        ),
        (
            s.asker_org.as_str(),
            "18:00",
            "19:00",
            "1",
            422,
            "error.booking_outside_hours",
        ),
        (
            s.asker_org.as_str(),
            "10:00",
            "11:00",
            "4",
            409,
            "error.booking_full",
        ),
    ] {
        app.call(
            &s.owner,
            "book_for_org",
            &pairs(&book(org, from, to, quantity)),
        )
        .await
        .error(status, code);
    }
    assert_eq!(
        board(&app, &s.owner, &s.owner_org, "own", &date).await["rows"],
        own["rows"]
    );
    assert_eq!(next_event(&mut stranger_socket, QUIET).await, None);

    // Booked: approved at once, on the board with the organization's name.
    let id: String = app.create(&s.owner, "book_for_org", &pairs(&form)).await;
    let (shown, row) = on_board(&app, &s.owner, &s.owner_org, &date, &id).await;
    assert_eq!(row, s.kitchen);
    assert_eq!(shown["status"], "approved");
    assert_eq!(shown["quantity"], 2);
    assert_eq!(shown["requester_org_name"], "Banque alimentaire");
    assert_eq!(
        shown["range"],
        serde_json::json!([at(&date, "12:00"), at(&date, "14:00")])
    );
    // The organization is told: live, a notice, an email to its admins, its list.
    let mut heard = Vec::new();
    while let Some(event) = next_event(&mut asker_socket, SOON).await {
        heard.push(event["type"].as_str().unwrap_or_default().to_owned());
        if heard.iter().any(|t| t == "board") {
            break;
        }
    }
    assert!(heard.iter().any(|t| t == "board"), "{heard:?}");
    assert_eq!(next_event(&mut stranger_socket, QUIET).await, None);
    let notices = app
        .call(&s.asker, "list_notifications", &[("org_id", &s.asker_org)])
        .await;
    assert!(
        notices.ok().to_string().contains("booking_made_for_us"),
        "{}",
        notices.body
    );
    let emails = app.outbox().await;
    let email = emails
        .iter()
        .find(|e| e.to == "sam@exemple.org" && e.subject.starts_with("Réservation faite pour vous"))
        .expect("an email to the organization's admin");
    assert!(email.body.contains("12\u{a0}h"), "{}", email.body);
    let page = app
        .html(&s.asker, &format!("/reservations/{id}"), None)
        .await;
    assert!(page.contains("Réservée par le propriétaire pour l’organisme"));
    assert!(
        page.contains("urgent") && !page.contains("<b>urgent"),
        "the purpose stays text"
    );
    // Two of the 4 units are left at noon: three do not fit.
    app.call(
        &s.owner,
        "book_for_org",
        &pairs(&book(&s.asker_org, "12:00", "13:00", "3")),
    )
    .await
    .error(409, "error.booking_full");
});

/// A form's fields as `TestApp::call` takes them.
fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}
