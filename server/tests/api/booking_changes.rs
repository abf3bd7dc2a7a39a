//! Changing a booking: the original stays booked until the owner accepts; the new time is
//! checked again then; a request not yet answered, or a resource without approval, changes at
//! once; a series moves its later dates; two changes racing for the last unit, one wins.

use std::sync::Arc;

use serde_json::Value;

use crate::{
    bookings::{Sides, approve, booking_id, kitchen, listed_ids, request, saturday, sides},
    both_backends,
    helpers::{Answer, TestApp},
};

async fn change(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    (date, from, to): (&str, &str, &str),
    extra: &[(&str, &str)],
) -> Answer {
    let mut form = vec![
        ("booking_id", id),
        ("input[date]", date),
        ("input[from]", from),
        ("input[to]", to),
    ];
    form.extend_from_slice(extra);
    app.call(client, "request_change", &form).await
}

async fn page(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    app.call(client, "get_booking", &[("id", id)])
        .await
        .ok()
        .clone()
}

/// The booking's local hours, « 08:00-10:00 », from its page in Montréal.
fn hours(page: &Value) -> String {
    let at = |index: usize| {
        let ms = page["booking"]["range"][index].as_i64().expect("instant");
        let local = app::time::Zone::Montreal.local(app::time::Instant::from_unix_ms(ms));
        format!("{:02}:{:02}", local.hour(), local.minute())
    };
    format!("{}-{}", at(0), at(1))
}

both_backends!(
    a_change_waits_for_the_owner_while_the_booking_stays,
    |app: Arc<TestApp>| async move {
        let Sides {
            owner,
            owner_org: _,
            asker,
            asker_org,
            kitchen,
        } = sides(&app, &[]).await;
        let (other, other_org) = app.admin_of("Autre organisme", "zoe@exemple.org").await;
        let date = saturday(3);
        let id = booking_id(
            request(
                &app,
                &asker,
                &kitchen,
                &asker_org,
                (&date, "08:00", "10:00"),
                "1",
            )
            .await,
        );
        approve(&app, &owner, &id).await;

        // Who may ask: the requesting side only; others get nothing.
        change(&app, &other, &id, (&date, "13:00", "15:00"), &[])
            .await
            .error(404, "");
        change(&app, &owner, &id, (&date, "13:00", "15:00"), &[])
            .await
            .error(403, "");
        // Bad values: a translated error each, nothing changes.
        let long = "x".repeat(100_000);
        for (slot, extra, status, code) in [
            (
                ("10:00", "08:00"),
                vec![],
                422,
                "error.booking_end_before_start",
            ),
            (("08:10", "10:00"), vec![], 422, "error.booking_off_grid"),
            (
                ("18:00", "19:00"),
                vec![],
                422,
                "error.booking_outside_hours",
            ),
            (
                ("08:00", "10:00"),
                vec![("input[quantity]", "0")],
                422,
                "error.booking_quantity",
            ),
            (
                ("08:00", "10:00"),
                vec![("input[quantity]", "5")],
                422,
                "error.booking_quantity",
            ),
            (("08:00", "10:00"), vec![], 422, "error.change_same"),
            (
                ("08:00", "10:00"),
                vec![("input[note]", long.as_str())],
                422,
                "error.text_too_long",
            ),
            (
                ("09:00", "10:00"),
                vec![("input[rest_of_series]", "on")],
                422,
                "error.choice_invalid",
            ),
        ] {
            change(&app, &asker, &id, (&date, slot.0, slot.1), &extra)
                .await
                .error(status, code);
        }
        assert_eq!(hours(&page(&app, &asker, &id).await), "08:00-10:00");

        // Asked for: the booking stays as it was, and holds its units meanwhile.
        let asked = change(
            &app,
            &asker,
            &id,
            (&date, "13:00", "15:00"),
            &[
                ("input[quantity]", "2"),
                ("input[note]", "Livraison <b>décalée</b>"),
            ],
        )
        .await;
        assert_eq!(asked.ok(), "pending");
        let seen = page(&app, &owner, &id).await;
        assert_eq!(hours(&seen), "08:00-10:00");
        assert_eq!(seen["pending_change"]["quantity"], 2);
        assert_eq!(seen["actions"]["answer_change"], true);
        assert_eq!(
            page(&app, &asker, &id).await["actions"]["withdraw_change"],
            true
        );
        let busy = app
            .call(
                &app.client(),
                "resource_availability",
                &[("resource_id", &kitchen), ("from", &date), ("days", "1")],
            )
            .await;
        assert_eq!(busy.ok()["busy"].as_array().map(Vec::len), Some(1));
        change(&app, &asker, &id, (&date, "16:00", "17:00"), &[])
            .await
            .error(409, "error.change_pending");
        app.call(
            &asker,
            "answer_change",
            &[("booking_id", &id), ("accept", "true")],
        )
        .await
        .error(403, "");
        assert!(
            app.outbox().await.iter().any(
                |e| e.to == "lea@exemple.org" && e.subject.starts_with("Demande de changement")
            ),
            "the owner's admins are told"
        );

        // Refused with a reason: nothing moves.
        app.call(
            &owner,
            "answer_change",
            &[("booking_id", &id), ("accept", "false")],
        )
        .await
        .error(422, "error.reason_required");
        app.call(
            &owner,
            "answer_change",
            &[
                ("booking_id", &id),
                ("accept", "false"),
                ("reason", "Cuisine prise"),
            ],
        )
        .await
        .ok();
        let after = page(&app, &asker, &id).await;
        assert_eq!(hours(&after), "08:00-10:00");
        assert!(after["pending_change"].is_null());

        // Asked again; meanwhile another organization takes 3 of the 4 stations at that time.
        change(
            &app,
            &asker,
            &id,
            (&date, "13:00", "15:00"),
            &[("input[quantity]", "2")],
        )
        .await
        .ok();
        let taken = booking_id(
            request(
                &app,
                &other,
                &kitchen,
                &other_org,
                (&date, "13:00", "15:00"),
                "3",
            )
            .await,
        );
        approve(&app, &owner, &taken).await;
        app.call(
            &owner,
            "answer_change",
            &[("booking_id", &id), ("accept", "true")],
        )
        .await
        .error(409, "error.change_no_longer_fits");
        assert_eq!(hours(&page(&app, &asker, &id).await), "08:00-10:00");

        // Withdrawn, then another time that fits: accepted, the booking moves.
        app.call(&asker, "withdraw_change", &[("booking_id", &id)])
            .await
            .ok();
        change(
            &app,
            &asker,
            &id,
            (&date, "15:00", "17:00"),
            &[("input[quantity]", "2")],
        )
        .await
        .ok();
        app.call(
            &owner,
            "answer_change",
            &[("booking_id", &id), ("accept", "true")],
        )
        .await
        .ok();
        let moved = page(&app, &asker, &id).await;
        assert_eq!(hours(&moved), "15:00-17:00");
        assert_eq!(moved["booking"]["quantity"], 2);
        // 2 hours × 2 stations × 25 $.
        assert_eq!(moved["price_estimate_cents"], 10_000);
        let kinds: Vec<&str> = moved["history"]
            .as_array()
            .expect("history")
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        assert_eq!(
            kinds,
            [
                "requested",
                "approved",
                "change_requested",
                "change_refused",
                "change_requested",
                "change_withdrawn",
                "change_requested",
                "change_accepted"
            ]
        );
        assert!(
            app.outbox()
                .await
                .iter()
                .any(|e| e.to == "sam@exemple.org" && e.subject.starts_with("Changement accepté")),
        );
        let html = app.html(&owner, &format!("/reservations/{id}"), None).await;
        assert!(!html.contains("<b>décalée</b>"), "the note is inert");
    }
);

both_backends!(a_series_changes_and_cancels_its_later_dates, |app: Arc<
    TestApp,
>| async move {
    let Sides {
        owner,
        owner_org: _,
        asker,
        asker_org,
        kitchen,
    } = sides(&app, &[]).await;
    let first: app::time::LocalDate = saturday(3).parse().expect("date");
    let last = app::time::add_days(first, 14).expect("date");
    let outcome = app
        .call(
            &asker,
            "request_booking",
            &[
                ("resource_id", &kitchen),
                ("org_id", &asker_org),
                ("input[date]", &app::time::iso_date(first)),
                ("input[from]", "08:00"),
                ("input[to]", "10:00"),
                ("input[repeat_until]", &app::time::iso_date(last)),
            ],
        )
        .await;
    assert_eq!(
        outcome.ok()["occurrences"].as_array().map(Vec::len),
        Some(3)
    );
    let ids = listed_ids(&app, &asker, &asker_org, "ours").await;
    assert_eq!(ids.len(), 3);
    let second_date = app::time::iso_date(app::time::add_days(first, 7).expect("date"));

    // The rest of a series keeps its dates: another date is refused.
    change(
        &app,
        &asker,
        &ids[1],
        (&app::time::iso_date(last), "09:00", "11:00"),
        &[("input[rest_of_series]", "on")],
    )
    .await
    .error(422, "error.change_series_same_day");
    // Nobody has answered yet: the second and third dates move at once, the first stays.
    let moved = change(
        &app,
        &asker,
        &ids[1],
        (&second_date, "09:00", "11:00"),
        &[("input[rest_of_series]", "on")],
    )
    .await;
    assert_eq!(moved.ok(), "applied");
    let mut seen = Vec::new();
    for id in &ids {
        seen.push(hours(&page(&app, &owner, id).await));
    }
    assert_eq!(seen, ["08:00-10:00", "09:00-11:00", "09:00-11:00"]);
    let page_two = page(&app, &owner, &ids[1]).await;
    assert_eq!(
        page_two["actions"]["series_pending"], 3,
        "the whole series is pending"
    );
    assert_eq!(page_two["actions"]["series_rest"], 2);

    // The owner approves the whole series from one date.
    let answered = app
        .call(
            &owner,
            "decide_booking",
            &[
                ("id", &ids[0]),
                ("decision", "approve"),
                ("whole_series", "true"),
            ],
        )
        .await;
    assert_eq!(answered.ok(), 3);

    // Cancelling « this date and the later ones » from the second leaves the first.
    let cancelled = app
        .call(
            &asker,
            "cancel_booking",
            &[
                ("id", &ids[1]),
                ("reason", "Fin du projet"),
                ("rest_of_series", "true"),
            ],
        )
        .await;
    assert_eq!(cancelled.ok(), 2);
    let statuses: Vec<String> = {
        let mut out = Vec::new();
        for id in &ids {
            out.push(
                page(&app, &asker, id).await["booking"]["status"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        out
    };
    assert_eq!(statuses, ["approved", "cancelled", "cancelled"]);
});

both_backends!(two_changes_racing_for_the_last_unit_one_wins, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let kitchen = kitchen(
        &app,
        &owner,
        &owner_org,
        &[("input[capacity]", "1"), ("input[booking_mode]", "instant")],
    )
    .await;
    let date = saturday(3);
    for round in 0..3 {
        let (a, a_org) = app
            .admin_of(
                &format!("Banque A{round}"),
                &format!("a{round}@exemple.org"),
            )
            .await;
        let (b, b_org) = app
            .admin_of(
                &format!("Banque B{round}"),
                &format!("b{round}@exemple.org"),
            )
            .await;
        let target = [("14:00", "15:00"), ("15:00", "16:00"), ("16:00", "17:00")][round];
        let first = booking_id(
            request(
                &app,
                &a,
                &kitchen,
                &a_org,
                (
                    &date,
                    ["08:00", "10:00", "12:00"][round],
                    ["09:00", "11:00", "13:00"][round],
                ),
                "1",
            )
            .await,
        );
        let second = booking_id(
            request(
                &app,
                &b,
                &kitchen,
                &b_org,
                (
                    &date,
                    ["09:00", "11:00", "13:00"][round],
                    ["10:00", "12:00", "14:00"][round],
                ),
                "1",
            )
            .await,
        );
        let go = |client: reqwest::Client, id: String| {
            let (app, date) = (app.clone(), date.clone());
            tokio::spawn(async move {
                change(&app, &client, &id, (&date, target.0, target.1), &[])
                    .await
                    .status
                    .as_u16()
            })
        };
        let (x, y) = (go(a.clone(), first.clone()), go(b.clone(), second.clone()));
        let mut statuses = [x.await.expect("a"), y.await.expect("b")];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}");
        // At the start of every booking (where the most units are held), no more than 1.
        let peak = app.peak_held().await;
        assert_eq!(peak, 1, "round {round}: never more than the one unit");
    }
});
