//! The reminder a day before a booking: sent once, even by two server processes looking at
//! the same minute; never for a cancelled booking, never twice.

use std::sync::Arc;

use app::{bookings::reminders::send_due, db::Db, mail::Outbox, time::Instant};

use crate::{
    bookings::{Sides, booking_id, request, saturday, sides},
    both_backends,
    helpers::TestApp,
};

both_backends!(a_reminder_goes_once_even_from_two_processes, |app: Arc<
    TestApp,
>| async move {
    let Sides {
        owner: _,
        owner_org: _,
        asker,
        asker_org,
        kitchen,
    } = sides(&app, &[("input[booking_mode]", "instant")]).await;
    let date = saturday(3);
    let kept = booking_id(
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
    let dropped = booking_id(
        request(
            &app,
            &asker,
            &kitchen,
            &asker_org,
            (&date, "13:00", "15:00"),
            "1",
        )
        .await,
    );
    app.call(
        &asker,
        "cancel_booking",
        &[("id", &dropped), ("reason", "Plus besoin")],
    )
    .await
    .ok();
    let start: i64 = sqlx::query_scalar("SELECT starts_at FROM bookings WHERE id = $1")
        .bind(&kept)
        .fetch_one(app.db.pool())
        .await
        .expect("start");
    let reminders = || async {
        app.outbox()
            .await
            .into_iter()
            .filter(|e| e.subject.starts_with("Rappel"))
            .collect::<Vec<_>>()
    };
    let base = "http://partage.test";

    // Thirty hours ahead: too early.
    let early = Instant::from_unix_ms(start - 30 * 3_600_000);
    assert_eq!(
        send_due(&app.db, &Outbox::default(), base, early)
            .await
            .expect("look"),
        0
    );
    assert!(reminders().await.is_empty());

    // Twelve hours ahead, two processes (each its own pool) look five times each at once.
    let second = Db::connect(&app.database_url).await.expect("second pool");
    let now = Instant::from_unix_ms(start - 12 * 3_600_000);
    let looks = (0..10).map(|i| {
        let db = if i % 2 == 0 {
            app.db.clone()
        } else {
            second.clone()
        };
        tokio::spawn(async move {
            send_due(&db, &Outbox::default(), base, now)
                .await
                .expect("look")
        })
    });
    let mut sent = 0;
    for look in looks {
        sent += look.await.expect("look");
    }
    assert_eq!(sent, 1, "one booking reminded, once");
    let emails = reminders().await;
    assert_eq!(emails.len(), 1, "{emails:?}");
    assert_eq!(emails[0].to, "sam@exemple.org");
    assert!(emails[0].subject.contains("Cuisine de production"));
    assert!(
        emails[0]
            .body
            .contains(&format!("/reservations/{kept}/calendrier.ics"))
    );
    // The requesting organization sees it in the app too.
    let notices = app
        .call(&asker, "list_notifications", &[("org_id", &asker_org)])
        .await;
    assert!(notices.ok().to_string().contains("booking_reminder"));

    // Later looks send nothing more.
    let later = Instant::from_unix_ms(start - 3_600_000);
    assert_eq!(
        send_due(&second, &Outbox::default(), base, later)
            .await
            .expect("look"),
        0
    );
    assert_eq!(reminders().await.len(), 1);
});
