//! « Réservations »: each side's list narrowed by status, resource and dates; bad filters are
//! refused with a translated error; nobody lists another organization's.

use std::sync::Arc;

use serde_json::Value;

use crate::{
    bookings::{approve, booking_id, kitchen, request, saturday},
    both_backends,
    helpers::TestApp,
};

both_backends!(lists_narrow_by_status_resource_and_dates, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
    let (stranger, _) = app.admin_of("Autre organisme", "zoe@exemple.org").await;
    let big = kitchen(&app, &owner, &owner_org, &[]).await;
    let small = kitchen(
        &app,
        &owner,
        &owner_org,
        &[("input[title]", "Petite cuisine")],
    )
    .await;
    let (soon, later) = (saturday(3), saturday(10));
    let first = booking_id(
        request(
            &app,
            &asker,
            &big,
            &asker_org,
            (&soon, "08:00", "10:00"),
            "1",
        )
        .await,
    );
    booking_id(
        request(
            &app,
            &asker,
            &big,
            &asker_org,
            (&later, "08:00", "10:00"),
            "1",
        )
        .await,
    );
    booking_id(
        request(
            &app,
            &asker,
            &small,
            &asker_org,
            (&soon, "13:00", "15:00"),
            "1",
        )
        .await,
    );
    approve(&app, &owner, &first).await;

    let list = |filter: Vec<(&'static str, String)>| {
        let (app, owner, owner_org) = (app.clone(), owner.clone(), owner_org.clone());
        async move {
            let mut form = vec![("org_id", owner_org.clone()), ("side", "theirs".to_owned())];
            form.extend(filter);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&owner, "list_bookings", &form).await
        }
    };
    let count = |v: &Value| v["items"].as_array().map(Vec::len).unwrap_or(99);
    let all = list(vec![]).await;
    assert_eq!(count(all.ok()), 3);
    let titles: Vec<&str> = all.ok()["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["title"].as_str())
        .collect();
    assert_eq!(titles, ["Cuisine de production", "Petite cuisine"]);
    // Pending first.
    assert_eq!(all.ok()["items"][0]["status"], "requested");

    let by_status = list(vec![("filter[status]", "requested".into())]).await;
    assert_eq!(count(by_status.ok()), 2);
    let approved = list(vec![("filter[status]", "approved".into())]).await;
    assert_eq!(count(approved.ok()), 1);
    assert_eq!(approved.ok()["items"][0]["id"], first.as_str());
    let by_resource = list(vec![("filter[resource_id]", small.clone())]).await;
    assert_eq!(count(by_resource.ok()), 1);
    let by_dates = list(vec![
        ("filter[from]", later.clone()),
        ("filter[to]", later.clone()),
    ])
    .await;
    assert_eq!(count(by_dates.ok()), 1);
    let nothing = list(vec![
        ("filter[status]", "declined".into()),
        ("filter[resource_id]", big.clone()),
    ])
    .await;
    assert_eq!(count(nothing.ok()), 0);

    // Bad filters: a translated error, nothing listed.
    list(vec![("filter[status]", "pending".into())])
        .await
        .error(422, "error.choice_invalid");
    list(vec![("filter[from]", "2026-13-01".into())])
        .await
        .error(422, "error.date_invalid");
    list(vec![
        ("filter[from]", later.clone()),
        ("filter[to]", soon.clone()),
    ])
    .await
    .error(422, "error.booking_end_before_start");
    app.call(
        &stranger,
        "list_bookings",
        &[
            ("org_id", &owner_org),
            ("side", "theirs"),
            ("filter[status]", "approved"),
        ],
    )
    .await
    .error(403, "");

    // The page reads the same filters from its address, without WASM.
    let html = app
        .html(
            &owner,
            "/reservations?vue=nos-ressources&statut=approved",
            None,
        )
        .await;
    assert!(html.contains("Affichées : 1"), "{html}");
    assert!(html.contains("Effacer les filtres"));
    assert!(
        html.contains(r#"<option value="approved" selected"#),
        "{html}"
    );
});
