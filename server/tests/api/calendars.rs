//! Calendars people already use: a booking's `.ics` for its two sides only, in UTC across a DST
//! change, its text unable to forge properties; secret feed addresses that are cached,
//! answer 304 when nothing changed, and stop once revoked.

use std::sync::Arc;

use app::time::{LocalDate, LocalTime, Zone, iso_date};

use crate::{
    bookings::{Sides, listed_ids, saturday, sides},
    both_backends,
    helpers::TestApp,
};

/// Two Saturdays a week apart on either side of Montréal's next change of clocks.
fn saturdays_across_dst() -> (LocalDate, LocalDate) {
    let eight = LocalTime::new(8, 0, 0, 0).expect("time");
    let mut day: LocalDate = saturday(3).parse().expect("date");
    for _ in 0..60 {
        let next = app::time::add_days(day, 7).expect("date");
        let gap = Zone::Montreal.instant(next, eight).unix_ms()
            - Zone::Montreal.instant(day, eight).unix_ms();
        if gap != 7 * 24 * 3_600_000 {
            return (day, next);
        }
        day = next;
    }
    panic!("no change of clocks within a year");
}

/// The `DTSTART` lines of a calendar, in order.
fn starts(ics: &str) -> Vec<String> {
    ics.lines()
        .filter_map(|l| l.strip_prefix("DTSTART:"))
        .map(str::to_owned)
        .collect()
}

both_backends!(
    a_booking_downloads_as_ics_for_its_two_sides_only,
    |app: Arc<TestApp>| async move {
        let Sides {
            owner,
            owner_org: _,
            asker,
            asker_org,
            kitchen,
        } = sides(&app, &[("input[horizon_days]", "400")]).await;
        let (outsider, _) = app.admin_of("Autre organisme", "zoe@exemple.org").await;
        let (before, after) = saturdays_across_dst();
        let purpose =
            "Soupes, pains; <script>alert(1)</script>\r\nATTENDEE:mailto:pirate@exemple.org";
        let outcome = app
            .call(
                &asker,
                "request_booking",
                &[
                    ("resource_id", &kitchen),
                    ("org_id", &asker_org),
                    ("input[date]", &iso_date(before)),
                    ("input[from]", "08:00"),
                    ("input[to]", "12:00"),
                    ("input[repeat_until]", &iso_date(after)),
                    ("input[purpose]", purpose),
                ],
            )
            .await;
        let outcome = outcome.ok();
        let first = outcome["booking_id"].as_str().expect("id").to_owned();
        assert_eq!(outcome["occurrences"].as_array().map(Vec::len), Some(2));
        let ids = listed_ids(&app, &asker, &asker_org, "ours").await;
        assert_eq!(ids.len(), 2);

        let file = |client: reqwest::Client, id: String| {
            let app = app.clone();
            async move {
                app.get(&client, &format!("/reservations/{id}/calendrier.ics"))
                    .await
            }
        };
        let response = file(asker.clone(), first.clone()).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap_or_default()
                .starts_with("attachment;")
        );
        let ics = response.text().await.expect("ics");
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        assert!(ics.contains(&format!("UID:{first}@partage")), "{ics}");
        assert!(
            ics.contains("STATUS:TENTATIVE"),
            "a request is tentative: {ics}"
        );
        assert!(ics.contains("En attente"), "{ics}");
        // The text cannot add a property: no line starts with what the purpose smuggled in.
        let unfolded = ics.replace("\r\n ", "");
        assert!(
            !unfolded.lines().any(|l| l.starts_with("ATTENDEE")),
            "{ics}"
        );
        assert!(unfolded.contains("Soupes\\, pains\\;"), "escaped: {ics}");

        // Both dates start at 8 h in Montréal: their UTC hours differ by the change of clocks.
        let mut hours = Vec::new();
        for id in &ids {
            let ics = file(owner.clone(), id.clone())
                .await
                .text()
                .await
                .expect("ics");
            let start = starts(&ics).pop().expect("a start");
            assert!(start.ends_with('Z'), "UTC: {start}");
            hours.push(start[9..11].to_owned());
        }
        let mut sorted = hours.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            ["12", "13"],
            "8 h EDT is 12 h UTC, 8 h EST 13 h: {hours:?}"
        );

        // Nobody else gets it, signed in or not.
        assert_eq!(file(outsider.clone(), first.clone()).await.status(), 404);
        assert_eq!(file(app.client(), first.clone()).await.status(), 404);
        assert_eq!(file(asker.clone(), "nope".into()).await.status(), 404);
    }
);

both_backends!(a_feed_is_secret_cached_and_revocable, |app: Arc<
    TestApp,
>| async move {
    let Sides {
        owner,
        owner_org,
        asker,
        asker_org,
        kitchen,
    } = sides(&app, &[("input[booking_mode]", "instant")]).await;
    let booked = crate::bookings::request(
        &app,
        &asker,
        &kitchen,
        &asker_org,
        (&saturday(3), "08:00", "12:00"),
        "1",
    )
    .await;
    let id = booked.ok()["booking_id"].as_str().expect("id").to_owned();

    // An outsider neither lists nor makes another organization's addresses.
    app.call(&asker, "list_calendar_feeds", &[("org_id", &owner_org)])
        .await
        .error(403, "");
    app.call(
        &asker,
        "create_calendar_feed",
        &[("org_id", &asker_org), ("resource_id", &kitchen)],
    )
    .await
    .error(404, "");

    let made = app
        .call(&asker, "create_calendar_feed", &[("org_id", &asker_org)])
        .await;
    let url = made.ok().as_str().expect("url").to_owned();
    let path = url.trim_start_matches("http://partage.test").to_owned();
    assert!(path.starts_with("/ical/"), "{url}");
    // Asking again gives the same address.
    let again = app
        .call(&asker, "create_calendar_feed", &[("org_id", &asker_org)])
        .await;
    assert_eq!(again.ok().as_str(), Some(url.as_str()));
    let listed = app
        .call(&asker, "list_calendar_feeds", &[("org_id", &asker_org)])
        .await;
    assert_eq!(listed.ok()[0]["url"], url.as_str());

    // A calendar fetches it without cookies; then, unchanged, gets 304.
    let calendar = reqwest::Client::new();
    let response = calendar
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("feed");
    assert_eq!(response.status(), 200);
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(cache.starts_with("private"), "{cache}");
    let etag = response.headers()["etag"].clone();
    let body = response.text().await.expect("feed");
    assert!(body.contains(&format!("UID:{id}@partage")), "{body}");
    assert!(body.contains("STATUS:CONFIRMED"), "{body}");
    assert!(
        body.contains("Cuisine collective"),
        "the other side's name: {body}"
    );
    let unchanged = calendar
        .get(format!("{}{path}", app.base))
        .header("if-none-match", etag.clone())
        .send()
        .await
        .expect("feed");
    assert_eq!(unchanged.status(), 304);

    // A cancellation changes the feed: the booking leaves it.
    app.call(
        &asker,
        "cancel_booking",
        &[("id", &id), ("reason", "Plus besoin")],
    )
    .await
    .ok();
    let changed = calendar
        .get(format!("{}{path}", app.base))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("feed");
    assert_eq!(changed.status(), 200);
    assert!(!changed.text().await.expect("feed").contains(&id));

    // The owner's resource address, then revoked: 404, and a new address differs.
    let resource_url = app
        .call(
            &owner,
            "create_calendar_feed",
            &[("org_id", &owner_org), ("resource_id", &kitchen)],
        )
        .await;
    let resource_url = resource_url.ok().as_str().expect("url").to_owned();
    assert_ne!(resource_url, url);
    app.call(&asker, "revoke_calendar_feed", &[("org_id", &owner_org)])
        .await
        .error(403, "");
    app.call(&asker, "revoke_calendar_feed", &[("org_id", &asker_org)])
        .await
        .ok();
    let gone = calendar
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("feed");
    assert_eq!(gone.status(), 404);
    let renewed = app
        .call(&asker, "create_calendar_feed", &[("org_id", &asker_org)])
        .await;
    assert_ne!(renewed.ok().as_str(), Some(url.as_str()));
    assert_eq!(
        calendar
            .get(resource_url.replace("http://partage.test", &app.base))
            .send()
            .await
            .expect("feed")
            .status(),
        200,
        "the resource's address is another one"
    );
});
