//! Bookings: a request answered by the owner, races for the last unit, who may see and do
//! what, and bad requests that change nothing.

use std::sync::Arc;

use app::time::{LocalDate, Zone, iso_date, weekday_index};
use reqwest::Client;

use crate::{both_backends, helpers::TestApp};

/// The next Saturday at least `ahead` days from today in Montréal.
pub(crate) fn saturday(ahead: i64) -> String {
    let mut day: LocalDate = app::time::add_days(Zone::Montreal.today(), ahead).expect("date");
    while weekday_index(day) != 5 {
        day = day.tomorrow().expect("date");
    }
    iso_date(day)
}

/// A kitchen open on Saturdays 8 h – 17 h, with `extra` form fields.
pub(crate) async fn kitchen(
    app: &TestApp,
    admin: &Client,
    org: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut form = vec![
        ("org_id", org),
        ("publish", "on"),
        ("input[category]", "kitchen"),
        ("input[title]", "Cuisine de production"),
        ("input[region]", "06"),
        ("input[address]", "2000, rue Aylwin"),
        ("input[price_unit]", "hour"),
        ("input[price]", "25"),
        ("input[capacity]", "4"),
        ("input[hours][sat][open]", "08:00"),
        ("input[hours][sat][close]", "17:00"),
    ];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    app.create(admin, "create_resource", &form).await
}

/// The two sides most booking tests need: Léa, admin of the kitchen's owner, and Sam, admin of
/// the food bank that asks; the kitchen made with `extra` form fields.
pub(crate) struct Sides {
    pub owner: Client,
    pub owner_org: String,
    pub asker: Client,
    pub asker_org: String,
    pub kitchen: String,
}

pub(crate) async fn sides(app: &TestApp, extra: &[(&str, &str)]) -> Sides {
    let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
    let kitchen = kitchen(app, &owner, &owner_org, extra).await;
    Sides {
        owner,
        owner_org,
        asker,
        asker_org,
        kitchen,
    }
}

/// The id of the (first) booking a request wrote.
pub(crate) fn booking_id(answer: crate::helpers::Answer) -> String {
    answer.ok()["booking_id"]
        .as_str()
        .expect("a booking id")
        .to_owned()
}

/// The asking side of `s` requests one unit of the kitchen for `(date, from, to)`: answers the
/// booking's id.
pub(crate) async fn asked(app: &TestApp, s: &Sides, when: (&str, &str, &str)) -> String {
    booking_id(request(app, &s.asker, &s.kitchen, &s.asker_org, when, "1").await)
}

/// The owner's admin approves booking `id`.
pub(crate) async fn approve(app: &TestApp, owner: &Client, id: &str) {
    app.call(
        owner,
        "decide_booking",
        &[("id", id), ("decision", "approve")],
    )
    .await
    .ok();
}

/// The ids of `org`'s bookings on `side` (« ours », « theirs »), as listed.
pub(crate) async fn listed_ids(
    app: &TestApp,
    client: &Client,
    org: &str,
    side: &str,
) -> Vec<String> {
    let list = app
        .call(client, "list_bookings", &[("org_id", org), ("side", side)])
        .await;
    list.ok()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|b| b["id"].as_str().map(str::to_owned))
        .collect()
}

/// Asks for `(date, from, to)` on `resource` for `org`.
pub(crate) async fn request(
    app: &TestApp,
    client: &Client,
    resource: &str,
    org: &str,
    (date, from, to): (&str, &str, &str),
    quantity: &str,
) -> crate::helpers::Answer {
    app.call(
        client,
        "request_booking",
        &[
            ("resource_id", resource),
            ("org_id", org),
            ("input[date]", date),
            ("input[from]", from),
            ("input[to]", to),
            ("input[quantity]", quantity),
            (
                "input[purpose]",
                "Production de soupes <script>alert(1)</script>",
            ),
        ],
    )
    .await
}

both_backends!(a_request_is_answered_and_both_sides_are_told, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
    let kitchen = kitchen(&app, &owner, &owner_org, &[]).await;
    let date = saturday(3);

    let id = booking_id(
        request(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&date, "08:00", "12:00"),
            "2",
        )
        .await,
    );
    let page = app.call(&asker, "get_booking", &[("id", &id)]).await;
    let b = page.ok();
    assert_eq!(b["booking"]["status"], "requested");
    assert_eq!(b["booking"]["quantity"], 2);
    // 4 hours × 2 stations × 25 $.
    assert_eq!(b["price_estimate_cents"], 20_000);
    assert_eq!(b["actions"]["decide"], false, "the requester cannot answer");
    assert_eq!(b["actions"]["cancel"], true);
    // The owner's admins are told, in the app and by email.
    let emails = app.outbox().await;
    assert!(
        emails
            .iter()
            .any(|e| e.to == "lea@exemple.org" && e.subject.contains("Cuisine de production")),
        "the owner got the request by email"
    );
    let notices = app
        .call(&owner, "list_notifications", &[("org_id", &owner_org)])
        .await;
    assert!(
        notices.ok().to_string().contains("booking_requested"),
        "{}",
        notices.body
    );

    // Pending requests hold nothing: the week still shows the kitchen free.
    let visitor = app.client();
    let free = app
        .call(
            &visitor,
            "resource_availability",
            &[("resource_id", &kitchen), ("from", &date), ("days", "1")],
        )
        .await;
    assert_eq!(free.ok()["busy"].as_array().map(Vec::len), Some(0));

    // Declining needs a reason; approving works once.
    app.call(
        &owner,
        "decide_booking",
        &[("id", &id), ("decision", "decline")],
    )
    .await
    .error(422, "error.reason_required");
    approve(&app, &owner, &id).await;
    app.call(
        &owner,
        "decide_booking",
        &[("id", &id), ("decision", "approve")],
    )
    .await
    .error(409, "error.booking_already_answered");
    let page = app.call(&asker, "get_booking", &[("id", &id)]).await;
    let b = page.ok();
    assert_eq!(b["booking"]["status"], "approved");
    let kinds: Vec<&str> = b["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["requested", "approved"]);
    assert!(
        app.outbox()
            .await
            .iter()
            .any(|e| e.to == "sam@exemple.org" && e.subject.contains("accept")),
        "the requester got the answer by email"
    );

    // Now the kitchen shows 2 of 4 stations taken, and nothing about who or why.
    let busy = app
        .call(
            &visitor,
            "resource_availability",
            &[("resource_id", &kitchen), ("from", &date), ("days", "1")],
        )
        .await;
    let body = busy.ok().to_string();
    assert!(body.contains("\"units\":2"), "{body}");
    assert!(!body.contains("Banque"), "no names for visitors: {body}");
    assert!(!body.contains("soupes"), "no purposes for visitors: {body}");

    // The requester cancels with a reason; the owner is told.
    app.call(&asker, "cancel_booking", &[("id", &id)])
        .await
        .error(422, "error.reason_required");
    app.call(
        &asker,
        "cancel_booking",
        &[("id", &id), ("reason", "Livraison reportée")],
    )
    .await
    .ok();
    let page = app.call(&owner, "get_booking", &[("id", &id)]).await;
    assert_eq!(page.ok()["booking"]["status"], "cancelled");
    assert_eq!(page.ok()["reason"], "Livraison reportée");
});

both_backends!(
    fifty_requests_for_the_last_unit_make_one_booking,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (a, a_org) = app.admin_of("Banque A", "a@exemple.org").await;
        let (b, b_org) = app.admin_of("Banque B", "b@exemple.org").await;
        let kitchen = kitchen(
            &app,
            &owner,
            &owner_org,
            &[("input[capacity]", "1"), ("input[booking_mode]", "instant")],
        )
        .await;
        let date = saturday(3);
        let runs = (0..50).map(|i| {
            let (client, org) = if i % 2 == 0 {
                (&a, &a_org)
            } else {
                (&b, &b_org)
            };
            // Overlapping spans, all meeting 10 h – 11 h.
            let (from, to) = [("08:00", "11:00"), ("10:00", "12:00"), ("09:30", "13:00")][i % 3];
            request(&app, client, &kitchen, org, (&date, from, to), "1")
        });
        let answers = futures_util::future::join_all(runs).await;
        let won = answers.iter().filter(|a| a.status.as_u16() == 200).count();
        assert_eq!(won, 1, "exactly one booking");
        for lost in answers.iter().filter(|a| a.status.as_u16() != 200) {
            lost.error(409, "error.booking_full");
        }
        let held: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE status = 'approved'")
                .fetch_one(app.db.pool())
                .await
                .expect("count");
        assert_eq!(held, 1);
    }
);

both_backends!(
    two_admins_approving_overlapping_requests_at_once_approve_one,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        // A second admin of the owner.
        app.call(
            &owner,
            "invite_member",
            &[
                ("org_id", &owner_org),
                ("email", "noe@exemple.org"),
                ("role", "admin"),
            ],
        )
        .await
        .ok();
        let (_, token) = app.link_sent_to("noe@exemple.org").await;
        let second = app.sign_up("Noé", "noe@exemple.org").await;
        app.call(&second, "accept_invitation", &[("token", &token)])
            .await
            .ok();
        let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
        let kitchen = kitchen(&app, &owner, &owner_org, &[("input[capacity]", "1")]).await;
        let date = saturday(3);
        for round in 0..5 {
            let (from, to) = [
                ("08:00", "09:00"),
                ("09:00", "10:00"),
                ("10:00", "11:00"),
                ("11:00", "12:00"),
                ("12:00", "13:00"),
            ][round];
            let first = request(&app, &asker, &kitchen, &asker_org, (&date, from, to), "1").await;
            let other = request(&app, &asker, &kitchen, &asker_org, (&date, from, to), "1").await;
            let (x, y) = (
                first.ok()["booking_id"].as_str().expect("id").to_owned(),
                other.ok()["booking_id"].as_str().expect("id").to_owned(),
            );
            let approve_x = [("id", x.as_str()), ("decision", "approve")];
            let approve_y = [("id", y.as_str()), ("decision", "approve")];
            let (one, two) = tokio::join!(
                app.call(&owner, "decide_booking", &approve_x),
                app.call(&second, "decide_booking", &approve_y),
            );
            let oks = [&one, &two]
                .iter()
                .filter(|a| a.status.as_u16() == 200)
                .count();
            assert_eq!(
                oks, 1,
                "round {round}: one approval, {} / {}",
                one.body, two.body
            );
            let refused = if one.status.as_u16() == 200 {
                &two
            } else {
                &one
            };
            refused.error(409, "error.booking_no_longer_fits");
        }
    }
);

both_backends!(
    only_the_two_sides_see_a_booking_and_only_the_owners_admins_answer,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
        let (stranger, _) = app.admin_of("Autre organisme", "zoe@exemple.org").await;
        let kitchen = kitchen(&app, &owner, &owner_org, &[]).await;
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
        // A plain member of the owner.
        app.call(
            &owner,
            "invite_member",
            &[
                ("org_id", &owner_org),
                ("email", "benevole@exemple.org"),
                ("role", "member"),
            ],
        )
        .await
        .ok();
        let (_, token) = app.link_sent_to("benevole@exemple.org").await;
        let member = app.sign_up("Bénévole", "benevole@exemple.org").await;
        app.call(&member, "accept_invitation", &[("token", &token)])
            .await
            .ok();

        let visitor = app.client();
        app.call(&visitor, "get_booking", &[("id", &id)])
            .await
            .error(401, "");
        // Another organization learns nothing, not even that it exists.
        app.call(&stranger, "get_booking", &[("id", &id)])
            .await
            .error(404, "");
        app.call(&stranger, "get_booking", &[("id", "inconnu")])
            .await
            .error(404, "");
        app.call(
            &stranger,
            "decide_booking",
            &[("id", &id), ("decision", "approve")],
        )
        .await
        .error(404, "");
        app.call(&stranger, "cancel_booking", &[("id", &id), ("reason", "x")])
            .await
            .error(404, "");
        // The requester and a plain member of the owner see it, but do not answer.
        app.call(
            &asker,
            "decide_booking",
            &[("id", &id), ("decision", "approve")],
        )
        .await
        .error(403, "");
        app.call(&member, "get_booking", &[("id", &id)]).await.ok();
        app.call(
            &member,
            "decide_booking",
            &[("id", &id), ("decision", "approve")],
        )
        .await
        .error(403, "");
        // Lists: each side sees it on its own tab only; a stranger cannot list another's.
        let ours = app
            .call(
                &asker,
                "list_bookings",
                &[("org_id", &asker_org), ("side", "ours")],
            )
            .await;
        assert_eq!(ours.ok()["items"].as_array().map(Vec::len), Some(1));
        let theirs = app
            .call(
                &owner,
                "list_bookings",
                &[("org_id", &owner_org), ("side", "theirs")],
            )
            .await;
        assert_eq!(theirs.ok()["items"].as_array().map(Vec::len), Some(1));
        let none = app
            .call(
                &owner,
                "list_bookings",
                &[("org_id", &owner_org), ("side", "ours")],
            )
            .await;
        assert_eq!(none.ok()["items"].as_array().map(Vec::len), Some(0));
        app.call(
            &stranger,
            "list_bookings",
            &[("org_id", &owner_org), ("side", "theirs")],
        )
        .await
        .error(403, "");
        // Nobody books for an organization they do not belong to, nor their own resource.
        app.call(
            &stranger,
            "request_booking",
            &[
                ("resource_id", &kitchen),
                ("org_id", &asker_org),
                ("input[date]", &saturday(3)),
                ("input[from]", "13:00"),
                ("input[to]", "14:00"),
            ],
        )
        .await
        .error(403, "");
        request(
            &app,
            &owner,
            &kitchen,
            &owner_org,
            (&saturday(3), "13:00", "14:00"),
            "1",
        )
        .await
        .error(409, "error.booking_own_resource");
        assert_eq!(app.count("bookings").await, 1);
        let status: String = sqlx::query_scalar("SELECT status FROM bookings")
            .fetch_one(app.db.pool())
            .await
            .expect("status");
        assert_eq!(status, "requested", "nothing answered it");
    }
);

both_backends!(
    bad_requests_change_nothing,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
        let kitchen = kitchen(
            &app,
            &owner,
            &owner_org,
            &[
                ("input[min_hours]", "1"),
                ("input[max_hours]", "6"),
                ("input[lead_hours]", "240"),
            ],
        )
        .await;
        // Ten days' notice: a Saturday 11 to 17 days away is fine, one 3 to 9 days away is
        // too soon.
        let date = saturday(11);
        let soon = saturday(3);
        let far = saturday(120);
        let long_purpose = "x".repeat(100 * 1024);
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a str,
            &'a str,
            &'a str,
            &'a str,
            u16,
            &'a str,
        );
        let cases: Vec<Case> = vec![
            // (date, from, to, quantity, purpose, field, status, code)
            (
                &date,
                "12:00",
                "08:00",
                "1",
                "",
                "to",
                422,
                "error.booking_end_before_start",
            ),
            (
                &date,
                "08:00",
                "08:00",
                "1",
                "",
                "to",
                422,
                "error.booking_end_before_start",
            ),
            (
                &date,
                "08:10",
                "10:00",
                "1",
                "",
                "from",
                422,
                "error.booking_off_grid",
            ),
            (
                &date,
                "06:00",
                "08:00",
                "1",
                "",
                "from",
                422,
                "error.booking_outside_hours",
            ),
            (
                &date,
                "08:00",
                "08:30",
                "1",
                "",
                "to",
                422,
                "error.booking_too_short",
            ),
            (
                &date,
                "08:00",
                "16:00",
                "1",
                "",
                "to",
                422,
                "error.booking_too_long",
            ),
            (
                &far,
                "08:00",
                "10:00",
                "1",
                "",
                "date",
                422,
                "error.booking_too_far",
            ),
            (
                &soon,
                "08:00",
                "10:00",
                "1",
                "",
                "date",
                422,
                "error.booking_too_soon",
            ),
            (
                &date,
                "08:00",
                "10:00",
                "0",
                "",
                "quantity",
                422,
                "error.booking_quantity",
            ),
            (
                &date,
                "08:00",
                "10:00",
                "5",
                "",
                "quantity",
                422,
                "error.booking_quantity",
            ),
            (
                &date,
                "08:00",
                "10:00",
                "deux",
                "",
                "quantity",
                422,
                "error.booking_quantity",
            ),
            (
                &date,
                "08:00",
                "10:00",
                "1",
                &long_purpose,
                "purpose",
                422,
                "error.text_too_long",
            ),
            (
                "2026-02-30",
                "08:00",
                "10:00",
                "1",
                "",
                "date",
                422,
                "error.date_invalid",
            ),
            (
                &date,
                "25:00",
                "10:00",
                "1",
                "",
                "from",
                422,
                "error.time_invalid",
            ),
        ];
        for (date, from, to, quantity, purpose, field, status, code) in cases {
            let answer = app
                .call(
                    &asker,
                    "request_booking",
                    &[
                        ("resource_id", &kitchen),
                        ("org_id", &asker_org),
                        ("input[date]", date),
                        ("input[from]", from),
                        ("input[to]", to),
                        ("input[quantity]", quantity),
                        ("input[purpose]", purpose),
                    ],
                )
                .await;
            let body = answer.error(status, code);
            assert_eq!(body["field"], field, "{date} {from}-{to} ×{quantity}");
        }
        // Unknown resources answer 404.
        request(
            &app,
            &asker,
            "inconnue",
            &asker_org,
            (&date, "08:00", "10:00"),
            "1",
        )
        .await
        .error(404, "");
        assert_eq!(app.count("bookings").await, 0);
        assert_eq!(app.count("booking_events").await, 0);
    }
);

both_backends!(
    a_booking_across_the_fall_back_has_its_real_length,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt", "marc@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Banque", "sam@exemple.org").await;
        // Open at any hour (no weekly hours), bookable two years ahead.
        let resource = app
            .create(
                &owner,
                "create_resource",
                &[
                    ("org_id", &owner_org),
                    ("publish", "on"),
                    ("input[category]", "freezer"),
                    ("input[title]", "Congélateur"),
                    ("input[region]", "06"),
                    ("input[horizon_days]", "730"),
                ],
            )
            .await;
        // 2027-11-07, 1 h to 3 h in Montréal: 1 h EDT to 3 h EST, three real hours.
        let id = booking_id(
            request(
                &app,
                &asker,
                &resource,
                &asker_org,
                ("2027-11-07", "01:00", "03:00"),
                "1",
            )
            .await,
        );
        let (start, end): (i64, i64) =
            sqlx::query_as("SELECT starts_at, ends_at FROM bookings WHERE id = $1")
                .bind(&id)
                .fetch_one(app.db.pool())
                .await
                .expect("booking");
        assert_eq!(end - start, 3 * 3600 * 1000);
    }
);

both_backends!(
    booking_pages_render_on_the_server_with_markup_inert,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
        let (stranger, _) = app.admin_of("Autre organisme", "zoe@exemple.org").await;
        let kitchen = kitchen(&app, &owner, &owner_org, &[]).await;
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
        let path = format!("/reservations/{id}");

        let page = app.html(&asker, &path, None).await;
        assert!(
            page.contains("<title>Réservation — Cuisine de production"),
            "title"
        );
        assert!(page.contains("En attente"));
        assert!(page.contains("Banque alimentaire") && page.contains("Cuisine collective"));
        // The purpose was written with markup: it shows as text.
        assert!(
            !page.contains("<script>alert(1)</script>"),
            "markup stays inert"
        );
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            page.contains("Annuler la réservation"),
            "the requester may cancel"
        );
        assert!(!page.contains(">Accepter<"), "but not answer");

        let owners = app.html(&owner, &path, None).await;
        assert!(owners.contains(">Accepter<") && owners.contains(">Refuser<"));

        let list = app
            .html(&owner, "/reservations?vue=nos-ressources", None)
            .await;
        assert!(list.contains("1 en attente de réponse"), "pending count");
        assert!(
            list.contains(&format!("href=\"{path}\"")),
            "links to the booking"
        );

        // Another organization gets the 404 page, with its status.
        let response = stranger
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 404);
        let html = response.text().await.expect("html");
        assert!(html.contains("Page introuvable") && !html.contains("Banque alimentaire"));

        // The resource page offers the request form to others, the week to everyone.
        let resource = app
            .html(&asker, &format!("/ressources/{kitchen}"), None)
            .await;
        assert!(resource.contains("Envoyer la demande") && resource.contains("Disponibilités"));
        let own = app
            .html(&owner, &format!("/ressources/{kitchen}"), None)
            .await;
        assert!(own.contains("C’est une ressource de votre organisme."));
        let visitor = app
            .html(&app.client(), &format!("/ressources/{kitchen}"), None)
            .await;
        assert!(visitor.contains("Connectez-vous pour réserver"));
    }
);

/// The date `weeks` weeks after `date` (« 2026-12-05 »).
fn weeks_after(date: &str, weeks: i64) -> String {
    let day = app::time::parse_local_date(date).expect("date");
    iso_date(app::time::add_days(day, weeks * 7).expect("date"))
}

async fn series(
    app: &TestApp,
    client: &Client,
    resource: &str,
    org: &str,
    (date, from, to): (&str, &str, &str),
    until: &str,
    preview: bool,
) -> crate::helpers::Answer {
    let mut form = vec![
        ("resource_id", resource),
        ("org_id", org),
        ("input[date]", date),
        ("input[from]", from),
        ("input[to]", to),
        ("input[quantity]", "1"),
        ("input[repeat_until]", until),
    ];
    if preview {
        form.push(("input[preview]", "on"));
    }
    app.call(client, "request_booking", &form).await
}

both_backends!(
    a_series_shows_its_dates_first_then_books_the_free_ones,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
        let (other, other_org) = app.admin_of("Popote roulante", "jean@exemple.org").await;
        let kitchen = kitchen(
            &app,
            &owner,
            &owner_org,
            &[("input[capacity]", "1"), ("input[booking_mode]", "instant")],
        )
        .await;
        let first = saturday(3);
        let second = weeks_after(&first, 1);
        request(
            &app,
            &other,
            &kitchen,
            &other_org,
            (&second, "08:00", "12:00"),
            "1",
        )
        .await
        .ok();

        // Four Saturdays: the second is taken. The preview says so and writes nothing.
        let until = weeks_after(&first, 3);
        let preview = series(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&first, "08:00", "12:00"),
            &until,
            true,
        )
        .await;
        let dates = preview.ok()["occurrences"]
            .as_array()
            .expect("dates")
            .clone();
        assert_eq!(dates.len(), 4);
        let misfits: Vec<&str> = dates
            .iter()
            .map(|d| d["misfit"].as_str().unwrap_or("free"))
            .collect();
        assert_eq!(misfits, ["free", "error.booking_full", "free", "free"]);
        assert!(preview.ok()["booking_id"].is_null());
        assert_eq!(app.count("bookings").await, 1);

        // Sent: the three free dates are booked, as one series.
        let sent = series(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&first, "08:00", "12:00"),
            &until,
            false,
        )
        .await;
        let body = sent.ok();
        assert!(body["booking_id"].is_string());
        let series_id = body["series_id"].as_str().expect("series").to_owned();
        let booked: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM bookings WHERE series_id = $1 AND status = 'approved'",
        )
        .bind(&series_id)
        .fetch_one(app.db.pool())
        .await
        .expect("count");
        assert_eq!(booked, 3);
        // The owner hears of it once, not three times.
        let emails = app
            .outbox()
            .await
            .into_iter()
            .filter(|e| e.to == "lea@exemple.org" && e.subject.contains("Nouvelle réservation"))
            .count();
        assert_eq!(emails, 2, "one for the single booking, one for the series");

        // Again: nothing is free any more.
        series(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&first, "08:00", "12:00"),
            &until,
            false,
        )
        .await
        .error(409, "error.series_nothing_fits");
        // A series of more than 52 weeks, or ending before it starts, is refused.
        let far = weeks_after(&first, 60);
        let answer = series(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&first, "08:00", "12:00"),
            &far,
            false,
        )
        .await;
        assert_eq!(
            answer.error(422, "error.series_too_long")["field"],
            "repeat_until"
        );
        let before = weeks_after(&first, -1);
        series(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&first, "08:00", "12:00"),
            &before,
            false,
        )
        .await
        .error(422, "error.series_ends_before");
        assert_eq!(app.count("bookings").await, 4);
    }
);

both_backends!(
    twenty_overlapping_series_at_once_never_hold_more_than_the_capacity,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let mut askers = Vec::new();
        for i in 0..4 {
            askers.push(
                app.admin_of(&format!("Banque {i}"), &format!("banque{i}@exemple.org"))
                    .await,
            );
        }
        let kitchen = kitchen(
            &app,
            &owner,
            &owner_org,
            &[("input[capacity]", "2"), ("input[booking_mode]", "instant")],
        )
        .await;
        let first = saturday(3);
        let until = weeks_after(&first, 3);
        let spans = [
            ("08:00", "11:00"),
            ("10:00", "12:00"),
            ("09:00", "10:30"),
            ("10:30", "13:00"),
            ("08:30", "09:30"),
        ];
        let runs = (0..20).map(|i| {
            let (client, org) = &askers[i % 4];
            let span = spans[i % spans.len()];
            let (first, until, kitchen) = (first.clone(), until.clone(), kitchen.clone());
            let app = app.clone();
            let (client, org) = (client.clone(), org.clone());
            async move {
                series(
                    &app,
                    &client,
                    &kitchen,
                    &org,
                    (&first, span.0, span.1),
                    &until,
                    false,
                )
                .await
            }
        });
        let answers = futures_util::future::join_all(runs).await;
        for answer in &answers {
            if answer.status.as_u16() != 200 {
                answer.error(409, "error.series_nothing_fits");
            }
        }
        // At the start of every booking (where the most units are held), no more than 2.
        let peak = app.peak_held().await;
        assert_eq!(peak, 2, "full, never over");
        let booked = app.count("bookings").await;
        assert!(booked >= 8, "two units on each of four Saturdays: {booked}");
    }
);

both_backends!(
    a_weekly_series_keeps_its_wall_clock_across_the_fall_back,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt", "marc@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Banque", "sam@exemple.org").await;
        let freezer = app
            .create(
                &owner,
                "create_resource",
                &[
                    ("org_id", &owner_org),
                    ("publish", "on"),
                    ("input[category]", "freezer"),
                    ("input[title]", "Congélateur"),
                    ("input[region]", "06"),
                    ("input[horizon_days]", "730"),
                    ("input[capacity]", "3"),
                    ("input[booking_mode]", "instant"),
                ],
            )
            .await;
        // Thursdays 8 h – 12 h from 2027-10-21 to 2027-11-18: 2027-11-07 falls in between.
        let sent = series(
            &app,
            &asker,
            &freezer,
            &asker_org,
            ("2027-10-21", "08:00", "12:00"),
            "2027-11-18",
            false,
        )
        .await;
        sent.ok();
        let starts: Vec<(i64, i64)> =
            sqlx::query_as("SELECT starts_at, ends_at FROM bookings ORDER BY starts_at")
                .fetch_all(app.db.pool())
                .await
                .expect("bookings");
        assert_eq!(starts.len(), 5);
        for (start, end) in starts {
            let local = Zone::Montreal.local(app::time::Instant::from_unix_ms(start));
            assert_eq!((local.hour(), local.minute()), (8, 0), "{local}");
            assert_eq!(end - start, 4 * 3600 * 1000);
        }
    }
);

both_backends!(blocked_periods_close_a_resource_to_bookings, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
    let kitchen = kitchen(&app, &owner, &owner_org, &[]).await;
    let closed = saturday(3);
    let block = |day: String| {
        vec![
            ("resource_id".to_owned(), kitchen.clone()),
            ("input[first_day]".to_owned(), day),
            ("input[kind]".to_owned(), "maintenance".to_owned()),
            (
                "input[reason]".to_owned(),
                "Nettoyage <b>des hottes</b>".to_owned(),
            ),
        ]
    };
    let form = block(closed.clone());
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Only the owner's admins block.
    app.call(&asker, "add_blocked_period", &form)
        .await
        .error(403, "");
    app.call(&app.client(), "add_blocked_period", &form)
        .await
        .error(401, "");
    let id = app.create(&owner, "add_blocked_period", &form).await;

    // A request inside it is refused and writes nothing; the week shows it closed.
    request(
        &app,
        &asker,
        &kitchen,
        &asker_org,
        (&closed, "08:00", "10:00"),
        "1",
    )
    .await
    .error(422, "error.booking_blocked");
    assert_eq!(app.count("bookings").await, 0);
    let week = app
        .call(
            &app.client(),
            "resource_availability",
            &[("resource_id", &kitchen), ("from", &closed), ("days", "1")],
        )
        .await;
    assert_eq!(week.ok()["blocked"].as_array().map(Vec::len), Some(1));
    assert!(
        !week.body.to_string().contains("hottes"),
        "reasons stay with the owner"
    );
    let listed = app
        .call(&owner, "list_blocked_periods", &[("resource_id", &kitchen)])
        .await;
    assert_eq!(listed.ok()[0]["reason"], "Nettoyage <b>des hottes</b>");
    app.call(&asker, "list_blocked_periods", &[("resource_id", &kitchen)])
        .await
        .error(403, "");

    // Bad input names its field.
    let bad = [
        (
            "input[first_day]",
            "2026-02-30",
            "first_day",
            "error.date_invalid",
        ),
        ("input[kind]", "vacances", "kind", "error.choice_invalid"),
    ];
    for (key, value, field, code) in bad {
        let mut form = block(closed.clone());
        for pair in form.iter_mut().filter(|(k, _)| k == key) {
            pair.1 = value.to_owned();
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let answer = app.call(&owner, "add_blocked_period", &form).await;
        assert_eq!(answer.error(422, code)["field"], field);
    }

    // A confirmed booking keeps its day from being blocked.
    let booked_day = saturday(10);
    let booking = booking_id(
        request(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&booked_day, "08:00", "10:00"),
            "1",
        )
        .await,
    );
    approve(&app, &owner, &booking).await;
    let over = block(booked_day);
    let over: Vec<(&str, &str)> = over.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(&owner, "add_blocked_period", &over)
        .await
        .error(409, "error.blocked_over_bookings");
    assert_eq!(app.count("blocked_periods").await, 1);

    // Removed, the day is open again.
    app.call(&asker, "remove_blocked_period", &[("id", &id)])
        .await
        .error(403, "");
    app.call(&owner, "remove_blocked_period", &[("id", &id)])
        .await
        .ok();
    request(
        &app,
        &asker,
        &kitchen,
        &asker_org,
        (&closed, "08:00", "10:00"),
        "1",
    )
    .await
    .ok();
});
