//! The catalogue, the needs board and matching: search quality, who may see and change what,
//! bad input, and the notices both sides get when a need and a resource fit.

use std::sync::Arc;

use reqwest::Client;
use serde_json::Value;

use crate::{both_backends, helpers::TestApp};

type Form<'a> = Vec<(&'a str, &'a str)>;

fn kitchen<'a>(org_id: &'a str) -> Form<'a> {
    vec![
        ("org_id", org_id),
        ("publish", "on"),
        ("input[category]", "kitchen"),
        ("input[title]", "Cuisine de production 80 m², 4 postes"),
        (
            "input[description]",
            "Permis MAPAQ, disponible les fins de semaine. <script>alert('x')</script>",
        ),
        ("input[region]", "06"),
        ("input[address]", "2000, rue Aylwin, Montréal"),
        ("input[access_notes]", "Code de la porte : 4321"),
        ("input[area_m2]", "80"),
        ("input[work_stations]", "4"),
        ("input[mapaq_permit]", "on"),
        ("input[price_unit]", "hour"),
        ("input[price]", "25,00"),
        ("input[capacity]", "4"),
        // Saturdays 8 h – 17 h (0 = Monday).
        ("input[hours][sat][open]", "08:00"),
        ("input[hours][sat][close]", "17:00"),
    ]
}

fn freezer<'a>(org_id: &'a str) -> Form<'a> {
    vec![
        ("org_id", org_id),
        ("publish", "on"),
        ("input[category]", "freezer"),
        ("input[title]", "Congélateurs coffres 500 L"),
        ("input[region]", "13"),
        ("input[temp_min_c]", "-25"),
        ("input[temp_max_c]", "-18"),
        ("input[pallet_spots]", "4"),
        ("input[price_unit]", "free"),
        // Thursdays 7 h – 18 h.
        ("input[hours][thu][open]", "07:00"),
        ("input[hours][thu][close]", "18:00"),
    ]
}

fn truck<'a>(org_id: &'a str) -> Form<'a> {
    vec![
        ("org_id", org_id),
        ("publish", "on"),
        ("input[category]", "refrigerated_truck"),
        ("input[title]", "Camion cube réfrigéré 16 pi"),
        ("input[region]", "13"),
        ("input[payload_kg]", "3000"),
        ("input[licence_class]", "5"),
        ("input[price_unit]", "day"),
        ("input[price]", "80"),
    ]
}

async fn create(app: &TestApp, client: &Client, form: &Form<'_>) -> String {
    let answer = app.call(client, "create_resource", form).await;
    answer.ok().as_str().expect("id").to_owned()
}

/// Searches as the given client; `params` are `query[…]` fields without the prefix.
async fn search(app: &TestApp, client: &Client, params: &[(&str, &str)]) -> Value {
    let form: Vec<(String, &str)> = params
        .iter()
        .map(|(k, v)| (format!("query[{k}]"), *v))
        .collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.call(client, "search_resources", &form)
        .await
        .ok()
        .clone()
}

fn titles(results: &Value) -> Vec<String> {
    results["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

both_backends!(search_forgives_accents_case_and_plurals, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    create(&app, &admin, &kitchen(&org)).await;
    create(&app, &admin, &freezer(&org)).await;
    create(&app, &admin, &truck(&org)).await;
    let mut draft = freezer(&org);
    draft.retain(|(k, _)| *k != "publish");
    draft[2].1 = "Chambre froide en brouillon";
    draft[1].1 = "cold_room";
    let draft_id = create(&app, &admin, &draft).await;

    let visitor = app.client();
    for q in [
        "congelateur",
        "CONGÉLATEURS",
        "congel",
        "Congélateur coffre",
    ] {
        assert_eq!(
            titles(&search(&app, &visitor, &[("q", q)]).await),
            ["Congélateurs coffres 500 L"],
            "query {q:?}"
        );
    }
    assert_eq!(
        titles(&search(&app, &visitor, &[("q", "camions refrigeres")]).await),
        ["Camion cube réfrigéré 16 pi"]
    );
    // Category labels and regions are searchable words too, in both languages.
    assert_eq!(
        titles(&search(&app, &visitor, &[("q", "freezer laval")]).await),
        ["Congélateurs coffres 500 L"]
    );
    assert!(titles(&search(&app, &visitor, &[("q", "piscine")]).await).is_empty());

    // Everything published, newest first; drafts never show.
    let all = search(&app, &visitor, &[]).await;
    assert_eq!(all["total"], 3);
    assert_eq!(
        titles(&all),
        [
            "Camion cube réfrigéré 16 pi",
            "Congélateurs coffres 500 L",
            "Cuisine de production 80 m², 4 postes"
        ]
    );

    // Category + region, attribute filters, free only.
    let by = |params: Vec<(&'static str, &'static str)>| {
        let app = app.clone();
        let visitor = visitor.clone();
        async move { titles(&search(&app, &visitor, &params).await) }
    };
    assert_eq!(
        by(vec![("category", "freezer"), ("region", "13")])
            .await
            .len(),
        1
    );
    assert!(
        by(vec![("category", "freezer"), ("region", "6")])
            .await
            .is_empty()
    );
    assert_eq!(by(vec![("min_pallets", "4")]).await.len(), 1);
    assert!(by(vec![("min_pallets", "5")]).await.is_empty());
    assert_eq!(
        by(vec![("min_stations", "4"), ("mapaq", "true")]).await,
        ["Cuisine de production 80 m², 4 postes"]
    );
    assert_eq!(
        by(vec![("free_only", "true")]).await,
        ["Congélateurs coffres 500 L"]
    );
    assert_eq!(
        by(vec![("refrigerated", "true")]).await,
        ["Camion cube réfrigéré 16 pi"]
    );

    // Availability: Saturday 5 December 2026, 9 h – 12 h finds the kitchen (open then) and
    // the truck (no hours set: on request), not the freezer (Thursdays only).
    let saturday = by(vec![
        ("date", "2026-12-05"),
        ("from_minute", "540"),
        ("to_minute", "720"),
    ])
    .await;
    assert_eq!(
        saturday,
        [
            "Camion cube réfrigéré 16 pi",
            "Cuisine de production 80 m², 4 postes"
        ]
    );
    let thursday = by(vec![
        ("date", "2026-12-03"),
        ("from_minute", "480"),
        ("to_minute", "720"),
    ])
    .await;
    assert_eq!(
        thursday,
        ["Camion cube réfrigéré 16 pi", "Congélateurs coffres 500 L"]
    );

    // The draft is private to its organization.
    app.call(&visitor, "get_resource", &[("id", &draft_id)])
        .await
        .error(404, "");
    let own = app.call(&admin, "get_resource", &[("id", &draft_id)]).await;
    assert_eq!(own.ok()["resource"]["status"], "draft");

    // The catalogue page renders the results on the server, and the search lives in the URL.
    let html = visitor
        .get(format!("{}/catalogue?q=congelateur", app.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Congélateurs coffres 500 L"), "{html}");
    assert!(!html.contains("Cuisine de production"));
});

both_backends!(
    visitors_see_no_private_details,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let id = create(&app, &admin, &kitchen(&org)).await;

        let visitor = app.client();
        let seen = app.call(&visitor, "get_resource", &[("id", &id)]).await;
        let seen = seen.ok();
        assert_eq!(seen["can_edit"], false);
        assert_eq!(seen["resource"]["content"]["address"], "");
        assert_eq!(seen["resource"]["content"]["access_notes"], "");
        assert_eq!(
            seen["resource"]["content"]["attributes"]["work_stations"],
            4
        );
        assert_eq!(seen["resource"]["content"]["pricing"]["price_cents"], 2500);

        let other = app.sign_up("Autre", "autre@exemple.org").await;
        let seen = app.call(&other, "get_resource", &[("id", &id)]).await;
        assert_eq!(seen.ok()["resource"]["content"]["access_notes"], "");

        let own = app.call(&admin, "get_resource", &[("id", &id)]).await;
        let own = own.ok();
        assert_eq!(own["can_edit"], true);
        assert_eq!(
            own["resource"]["content"]["access_notes"],
            "Code de la porte : 4321"
        );

        // The page is rendered on the server, with HTML in the description made inert and no
        // access notes.
        let html = visitor
            .get(format!("{}/ressources/{id}", app.base))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("Cuisine de production 80 m², 4 postes"));
        assert!(html.contains("&lt;script&gt;"), "script tags are escaped");
        assert!(!html.contains("<script>alert('x')"));
        assert!(!html.contains("4321"), "access notes never reach visitors");
        assert!(!html.contains("rue Aylwin"));
    }
);

both_backends!(only_the_owners_admins_change_a_resource, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app.admin_of("Entrepôt", "marc@exemple.org").await;
    let (other_admin, other_org) = app.admin_of("Popote", "jean@exemple.org").await;
    let id = create(&app, &admin, &freezer(&org)).await;

    // A visitor is asked to sign in; another organization is refused; unknown is 404.
    let visitor = app.client();
    app.call(&visitor, "create_resource", &freezer(&org))
        .await
        .error(401, "");
    app.call(&other_admin, "create_resource", &freezer(&org))
        .await
        .error(403, "");
    let mut edit: Form = freezer("");
    edit[0] = ("id", &id);
    edit.retain(|(k, _)| *k != "publish");
    edit[2].1 = "Volé";
    app.call(&other_admin, "update_resource", &edit)
        .await
        .error(403, "");
    app.call(&visitor, "update_resource", &edit)
        .await
        .error(401, "");
    for status in ["archived", "paused"] {
        app.call(
            &other_admin,
            "set_resource_status",
            &[("id", &id), ("status", status)],
        )
        .await
        .error(403, "");
    }
    app.call(&other_admin, "duplicate_resource", &[("id", &id)])
        .await
        .error(403, "");
    app.call(
        &other_admin,
        "set_resource_status",
        &[("id", "inexistant"), ("status", "archived")],
    )
    .await
    .error(404, "");
    app.call(&other_admin, "get_org_catalogue", &[("org_id", &org)])
        .await
        .error(403, "");
    app.call(&visitor, "get_org_catalogue", &[("org_id", &org)])
        .await
        .error(401, "");
    let unchanged = app.call(&visitor, "get_resource", &[("id", &id)]).await;
    assert_eq!(
        unchanged.ok()["resource"]["content"]["title"],
        "Congélateurs coffres 500 L"
    );
    assert_eq!(app.count("resources").await, 1);

    // A plain member of the owner cannot change it either.
    let invite = app
        .call(
            &admin,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "benevole@exemple.org"),
                ("role", "member"),
            ],
        )
        .await;
    invite.ok();
    let (_, token) = app.link_sent_to("benevole@exemple.org").await;
    let member = app.sign_up("Bénévole", "benevole@exemple.org").await;
    app.call(&member, "accept_invitation", &[("token", &token)])
        .await
        .ok();
    app.call(
        &member,
        "set_resource_status",
        &[("id", &id), ("status", "archived")],
    )
    .await
    .error(403, "");
    let mine = app
        .call(&member, "get_org_catalogue", &[("org_id", &org)])
        .await;
    assert_eq!(mine.ok()["is_admin"], false);

    // The owner pauses it (gone from the catalogue), duplicates it, edits the copy.
    app.set_resource_status(&admin, &id, "paused").await;
    assert_eq!(search(&app, &visitor, &[]).await["total"], 0);
    app.call(&visitor, "get_resource", &[("id", &id)])
        .await
        .error(404, "");
    let copy = app.call(&admin, "duplicate_resource", &[("id", &id)]).await;
    let copy = copy.ok().as_str().expect("id").to_owned();
    let copied = app.call(&admin, "get_resource", &[("id", &copy)]).await;
    let copied = copied.ok();
    assert_eq!(copied["resource"]["status"], "draft");
    assert_eq!(
        copied["resource"]["content"]["title"],
        "Congélateurs coffres 500 L (copie)"
    );
    assert_eq!(
        copied["resource"]["content"]["attributes"]["pallet_spots"],
        4
    );
    let mut edit: Form = freezer("");
    edit[0] = ("id", &copy);
    edit.retain(|(k, _)| *k != "publish");
    edit[2].1 = "Congélateur numéro 2";
    app.call(&admin, "update_resource", &edit).await.ok();
    app.set_resource_status(&admin, &copy, "published").await;
    assert_eq!(
        titles(&search(&app, &visitor, &[("q", "numero 2")]).await),
        ["Congélateur numéro 2"]
    );
    let mine = app
        .call(&admin, "get_org_catalogue", &[("org_id", &org)])
        .await;
    assert_eq!(mine.ok()["resources"].as_array().map(Vec::len), Some(2));
    let theirs = app
        .call(&other_admin, "get_org_catalogue", &[("org_id", &other_org)])
        .await;
    assert_eq!(theirs.ok()["resources"].as_array().map(Vec::len), Some(0));
});

both_backends!(
    bad_resource_input_is_refused_and_changes_nothing,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt", "marc@exemple.org").await;
        let huge = "é".repeat(100 * 1024);
        let cases: Vec<(&str, &str, &str, &str)> = vec![
            (
                "input[capacity]",
                "-3",
                "capacity",
                "error.number_out_of_range",
            ),
            (
                "input[capacity]",
                "beaucoup",
                "capacity",
                "error.number_invalid",
            ),
            ("input[title]", &huge, "title", "error.title_too_long"),
            ("input[title]", "", "title", "error.title_required"),
            (
                "input[category]",
                "fusée",
                "category",
                "error.category_required",
            ),
            ("input[region]", "42", "region", "error.region_required"),
            ("input[price]", "gratuit?", "price", "error.money_invalid"),
            (
                "input[hours][sat][close]",
                "07:00",
                "hours_5",
                "error.hours_invalid",
            ),
            (
                "input[work_stations]",
                "1000",
                "work_stations",
                "error.number_out_of_range",
            ),
            (
                "input[description]",
                &huge,
                "description",
                "error.text_too_long",
            ),
        ];
        for (name, value, field, code) in cases {
            let mut form = kitchen(&org);
            match form.iter_mut().find(|(k, _)| *k == name) {
                Some(pair) => pair.1 = value,
                None => form.push((name, value)),
            }
            let answer = app.call(&admin, "create_resource", &form).await;
            assert_eq!(
                answer.error(422, code)["field"],
                field,
                "{name}={value:.20}"
            );
        }
        // Bad input on an edit leaves the resource as it was.
        let id = create(&app, &admin, &kitchen(&org)).await;
        let mut edit = kitchen("");
        edit[0] = ("id", &id);
        edit.retain(|(k, _)| *k != "publish");
        edit.iter_mut()
            .find(|(k, _)| *k == "input[capacity]")
            .expect("capacity")
            .1 = "0";
        app.call(&admin, "update_resource", &edit)
            .await
            .error(422, "error.number_out_of_range");
        let kept = app.call(&admin, "get_resource", &[("id", &id)]).await;
        assert_eq!(kept.ok()["resource"]["content"]["rules"]["capacity"], 4);
        assert_eq!(app.count("resources").await, 1);
        // The error is explained in the caller's language.
        let english = admin
            .post(format!("{}/api/create_resource", app.base))
            .header("accept-language", "en-CA")
            .form(&[("org_id", org.as_str()), ("input[category]", "kitchen")])
            .send()
            .await
            .expect("request");
        assert_eq!(english.status().as_u16(), 422);
        let body: Value = english.json().await.expect("json");
        assert_eq!(body["message"], "Enter a title.");
    }
);

both_backends!(needs_find_resources_and_both_sides_are_told, |app: Arc<
    TestApp,
>| async move {
    let (owner, entrepot) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let (popote_admin, popote) = app.admin_of("Popote roulante", "jean@exemple.org").await;
    let freezer_id = create(&app, &owner, &freezer(&entrepot)).await;
    create(&app, &owner, &kitchen(&entrepot)).await;

    let need = app
        .call(
            &popote_admin,
            "create_need",
            &[
                ("org_id", popote.as_str()),
                ("input[category]", "freezer"),
                ("input[title]", "Espace congélateur, 2 palettes, jeudis"),
                ("input[description]", "Pour nos repas surgelés."),
                ("input[regions][5]", "06"),
                ("input[regions][12]", "13"),
                ("input[thu]", "on"),
                ("input[from_time]", "08:00"),
                ("input[to_time]", "12:00"),
                ("input[quantity]", "2"),
                ("input[quantity_unit]", "pallets"),
            ],
        )
        .await;
    let need_id = need.ok().as_str().expect("id").to_owned();

    // The need's page ranks the freezer with its reasons, in plain categories.
    let visitor = app.client();
    let page = app.call(&visitor, "get_need", &[("id", &need_id)]).await;
    let page = page.ok().clone();
    assert_eq!(page["need"]["regions"], serde_json::json!([6, 13]));
    let matches = page["matches"].as_array().expect("matches");
    assert_eq!(matches.len(), 1, "only the freezer fits: {matches:?}");
    assert_eq!(matches[0]["resource"]["id"], freezer_id.as_str());
    let kinds: Vec<&str> = matches[0]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    for kind in ["same_region", "enough_capacity", "open_during", "free"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }

    // Both organizations were told, once; the header shows the owner's count.
    let session = app.call(&owner, "get_session", &[]).await;
    assert_eq!(session.ok()["unread_notifications"], 1);
    let told = app
        .call(&owner, "list_notifications", &[("org_id", &entrepot)])
        .await;
    let told = told.ok().clone();
    assert_eq!(told[0]["kind"], "need_for_our_resource");
    assert_eq!(told[0]["link"], format!("/besoins/{need_id}"));
    assert_eq!(told[0]["read"], false);
    let notice_id = told[0]["id"].as_str().expect("id").to_owned();
    // Listing (a GET of the page) reads nothing; opening one does.
    let session = app.call(&owner, "get_session", &[]).await;
    assert_eq!(
        session.ok()["unread_notifications"],
        1,
        "listing is not reading"
    );
    let told = app
        .call(&popote_admin, "list_notifications", &[("org_id", &popote)])
        .await;
    let popote_notice = told.ok()[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(told.ok()[0]["kind"], "resource_for_our_need");
    app.call(&owner, "list_notifications", &[("org_id", &popote)])
        .await
        .error(403, "");
    // Nobody marks another organization's notice, nor one that does not exist.
    app.call(&owner, "mark_notification_read", &[("id", &popote_notice)])
        .await
        .error(404, "");
    app.call(&owner, "mark_notification_read", &[("id", "inconnu")])
        .await
        .error(404, "");
    app.call(
        &app.client(),
        "mark_notification_read",
        &[("id", &notice_id)],
    )
    .await
    .error(401, "");
    app.call(
        &owner,
        "mark_all_notifications_read",
        &[("org_id", &popote)],
    )
    .await
    .error(403, "");
    let told = app
        .call(&popote_admin, "list_notifications", &[("org_id", &popote)])
        .await;
    assert_eq!(told.ok()[0]["read"], false, "still unread for its own side");
    app.call(&owner, "mark_notification_read", &[("id", &notice_id)])
        .await
        .ok();
    let session = app.call(&owner, "get_session", &[]).await;
    assert_eq!(session.ok()["unread_notifications"], 0);
    let told = app
        .call(&owner, "list_notifications", &[("org_id", &entrepot)])
        .await;
    assert_eq!(told.ok()[0]["read"], true);
    app.call(
        &popote_admin,
        "mark_all_notifications_read",
        &[("org_id", &popote)],
    )
    .await
    .ok();
    let session = app.call(&popote_admin, "get_session", &[]).await;
    assert_eq!(session.ok()["unread_notifications"], 0);

    // A resource taken back to draft leaves the other side's notices: its title is no longer
    // theirs to read.
    app.set_resource_status(&owner, &freezer_id, "draft").await;
    let told = app
        .call(&popote_admin, "list_notifications", &[("org_id", &popote)])
        .await;
    assert_eq!(told.ok().as_array().map(Vec::len), Some(0), "{}", told.body);
    let told = app
        .call(&owner, "list_notifications", &[("org_id", &entrepot)])
        .await;
    assert_eq!(
        told.ok().as_array().map(Vec::len),
        Some(1),
        "the owner still sees its own"
    );
    app.set_resource_status(&owner, &freezer_id, "published")
        .await;

    // The owner sees the need among those its resources could serve.
    let mine = app
        .call(&owner, "get_org_catalogue", &[("org_id", &entrepot)])
        .await;
    let mine = mine.ok().clone();
    assert_eq!(mine["matching_needs"][0]["need"]["id"], need_id.as_str());
    assert_eq!(
        mine["matching_needs"][0]["resource_id"],
        freezer_id.as_str()
    );

    // The needs board finds it by words without accents, and by region.
    let found = |q: &'static str, region: &'static str| {
        let app = app.clone();
        let visitor = visitor.clone();
        async move {
            let answer = app
                .call(
                    &visitor,
                    "search_needs",
                    &[("query[q]", q), ("query[region]", region)],
                )
                .await;
            answer.ok()["total"].as_u64().unwrap_or(99)
        }
    };
    assert_eq!(found("congelateurs", "").await, 1);
    assert_eq!(found("", "13").await, 1);
    assert_eq!(found("", "2").await, 0);
    assert_eq!(found("popote", "").await, 1);

    // Only its organization closes it; once fulfilled it leaves the board.
    app.call(
        &owner,
        "set_need_status",
        &[("id", &need_id), ("status", "closed")],
    )
    .await
    .error(403, "");
    app.call(
        &popote_admin,
        "set_need_status",
        &[("id", &need_id), ("status", "fulfilled")],
    )
    .await
    .ok();
    assert_eq!(found("congelateurs", "").await, 0);

    // Bad needs are refused and change nothing.
    let before = app.count("needs").await;
    for (form, code) in [
        (
            vec![
                ("org_id", popote.as_str()),
                ("input[category]", "freezer"),
                ("input[title]", "Sans région"),
            ],
            "error.region_required",
        ),
        (
            vec![
                ("org_id", popote.as_str()),
                ("input[category]", "freezer"),
                ("input[title]", "Heures à l’envers"),
                ("input[regions][0]", "06"),
                ("input[from_time]", "12:00"),
                ("input[to_time]", "08:00"),
            ],
            "error.hours_invalid",
        ),
    ] {
        app.call(&popote_admin, "create_need", &form)
            .await
            .error(422, code);
    }
    app.call(
        &owner,
        "create_need",
        &[
            ("org_id", popote.as_str()),
            ("input[category]", "freezer"),
            ("input[title]", "Pas mon organisme"),
            ("input[regions][0]", "06"),
        ],
    )
    .await
    .error(403, "");
    assert_eq!(app.count("needs").await, before);
});

both_backends!(
    csv_import_is_all_or_nothing,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt", "marc@exemple.org").await;
        let (other, _) = app.admin_of("Popote", "jean@exemple.org").await;

        // The template downloads and imports as it is.
        let template = app
            .client()
            .get(format!("{}/catalogue/modele.csv", app.base))
            .send()
            .await
            .expect("template");
        assert_eq!(template.status().as_u16(), 200);
        let template = template.text().await.expect("csv");
        assert!(template.starts_with("\u{feff}categorie,titre,"));

        // One bad row among good ones: nothing is written, the report names line and field.
        let bad = "categorie;titre;region;capacite;heures\n\
                   Cuisine commerciale;Cuisine A;Montréal;4;sam 08:00-17:00\n\
                   freezer;Congélateur B;13;-2;\n\
                   fusée;Fusée C;06;1;\n";
        let report = app
            .call(
                &admin,
                "import_resources",
                &[("org_id", org.as_str()), ("csv", bad), ("publish", "on")],
            )
            .await;
        let report = report.ok().clone();
        assert_eq!(report["imported"], 0);
        let rows = report["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["problems"], serde_json::json!([]));
        assert_eq!(rows[1]["line"], 3);
        assert_eq!(
            rows[1]["problems"],
            serde_json::json!([{
                "column": "capacite",
                "error": "error.number_out_of_range",
                "value": "-2",
                "accepted": null
            }])
        );
        assert_eq!(rows[2]["problems"][0]["column"], "categorie");
        assert_eq!(rows[2]["problems"][0]["value"], "fusée");
        assert_eq!(rows[2]["problems"][0]["accepted"], "categories");
        assert_eq!(app.count("resources").await, 0);

        // Only the organization's admins import; whole-file problems are explained.
        app.call(
            &other,
            "import_resources",
            &[("org_id", org.as_str()), ("csv", template.as_str())],
        )
        .await
        .error(403, "");
        app.call(
            &admin,
            "import_resources",
            &[
                ("org_id", org.as_str()),
                ("csv", "categorie,region\nkitchen,06\n"),
            ],
        )
        .await
        .error(422, "error.csv_missing_column");
        assert_eq!(app.count("resources").await, 0);

        // The template's rows go in, published, and are found.
        let report = app
            .call(
                &admin,
                "import_resources",
                &[
                    ("org_id", org.as_str()),
                    ("csv", template.as_str()),
                    ("publish", "on"),
                ],
            )
            .await;
        assert_eq!(report.ok()["imported"], 2);
        let visitor = app.client();
        assert_eq!(search(&app, &visitor, &[]).await["total"], 2);
        assert_eq!(
            titles(&search(&app, &visitor, &[("q", "congelateur")]).await),
            ["Congélateur coffre 500 L"]
        );
    }
);

both_backends!(
    an_import_tells_each_need_once,
    |app: Arc<TestApp>| async move {
        let (owner, entrepot) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (popote_admin, popote) = app.admin_of("Popote roulante", "jean@exemple.org").await;
        app.create(
            &popote_admin,
            "create_need",
            &[
                ("org_id", popote.as_str()),
                ("input[category]", "freezer"),
                ("input[title]", "Espace congélateur, 2 palettes, jeudis"),
                ("input[regions][0]", "13"),
                ("input[thu]", "on"),
                ("input[from_time]", "08:00"),
                ("input[to_time]", "12:00"),
                ("input[quantity]", "2"),
                ("input[quantity_unit]", "pallets"),
            ],
        )
        .await;
        let mut csv = String::from("categorie,titre,region,palettes,tarif,heures\n");
        for i in 1..=40 {
            csv.push_str(&format!(
                "freezer,Congélateur coffre {i},13,{},gratuit,jeu 07:00-13:00\n",
                2 + i % 3
            ));
        }
        let report = app
            .call(
                &owner,
                "import_resources",
                &[
                    ("org_id", entrepot.as_str()),
                    ("csv", csv.as_str()),
                    ("publish", "on"),
                ],
            )
            .await;
        assert_eq!(report.ok()["imported"], 40);
        // Forty fitting freezers: one notice to each side, not eighty.
        assert_eq!(app.count("notifications").await, 2);
        let told = app
            .call(&popote_admin, "list_notifications", &[("org_id", &popote)])
            .await;
        assert_eq!(told.ok()[0]["kind"], "resource_for_our_need");
    }
);

/// A freezer for the given region (for matching across regions).
fn freezer_in<'a>(org_id: &'a str, region: &'a str, title: &'a str) -> Form<'a> {
    let mut form = freezer(org_id);
    for (key, value) in &mut form {
        match *key {
            "input[region]" => *value = region,
            "input[title]" => *value = title,
            _ => {}
        }
    }
    form
}

fn matched_ids(page: &Value) -> Vec<String> {
    page["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .filter_map(|m| m["resource"]["id"].as_str().map(str::to_owned))
        .collect()
}

/// Posts a freezer need for `org_id` in `regions` (form fields) and returns its page.
async fn freezer_need(
    app: &TestApp,
    client: &Client,
    org_id: &str,
    regions: &[(&str, &str)],
    nearby: bool,
) -> Value {
    let mut form: Form<'_> = vec![
        ("org_id", org_id),
        ("input[category]", "freezer"),
        ("input[title]", "Espace congélateur, 2 palettes, jeudis"),
        ("input[thu]", "on"),
        ("input[quantity]", "2"),
        ("input[quantity_unit]", "pallets"),
    ];
    form.extend_from_slice(regions);
    if nearby {
        form.push(("input[nearby]", "on"));
    }
    let id = app.call(client, "create_need", &form).await;
    let id = id.ok().as_str().expect("id").to_owned();
    app.call(&app.client(), "get_need", &[("id", &id)])
        .await
        .ok()
        .clone()
}

async fn notice_count(app: &TestApp, client: &Client, org_id: &str) -> usize {
    app.call(client, "list_notifications", &[("org_id", org_id)])
        .await
        .ok()
        .as_array()
        .map_or(0, Vec::len)
}

both_backends!(
    needs_match_only_in_their_regions_or_next_door,
    |app: Arc<TestApp>| async move {
        let (owner, entrepot) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (popote_admin, popote) = app.admin_of("Popote roulante", "jean@exemple.org").await;
        let saguenay = create(
            &app,
            &owner,
            &freezer_in(&entrepot, "02", "Congélateur Chicoutimi"),
        )
        .await;
        let laval = create(
            &app,
            &owner,
            &freezer_in(&entrepot, "13", "Congélateur Laval"),
        )
        .await;
        let monteregie = create(
            &app,
            &owner,
            &freezer_in(&entrepot, "16", "Congélateur Longueuil"),
        )
        .await;

        // Montréal and Laval, as the walk-through's need: Laval only, never Saguenay, 500 km away.
        let montreal_laval = [("input[regions][5]", "06"), ("input[regions][12]", "13")];
        let page = freezer_need(&app, &popote_admin, &popote, &montreal_laval, false).await;
        assert_eq!(page["need"]["nearby"], false);
        assert_eq!(matched_ids(&page), std::slice::from_ref(&laval));

        // Montréal, neighbours welcome: Laval and Montérégie, each said to be next door.
        let montreal = [("input[regions][5]", "06")];
        let page = freezer_need(&app, &popote_admin, &popote, &montreal, true).await;
        assert_eq!(page["need"]["nearby"], true);
        let ids = matched_ids(&page);
        assert!(ids.contains(&laval) && ids.contains(&monteregie), "{ids:?}");
        assert!(!ids.contains(&saguenay), "{ids:?}");
        for m in page["matches"].as_array().expect("matches") {
            let reasons = m["reasons"].as_array().expect("reasons");
            assert!(
                reasons.iter().all(|r| r["kind"] != "same_region"),
                "{reasons:?}"
            );
            let next_door = reasons
                .iter()
                .find(|r| r["kind"] == "neighbour_region")
                .expect("a neighbour reason");
            let region = next_door["region"].as_u64().expect("region");
            assert!(region == 13 || region == 16, "{next_door}");
        }

        // A freezer published later far away tells nobody; one next door tells the second need.
        let before = notice_count(&app, &popote_admin, &popote).await;
        create(
            &app,
            &owner,
            &freezer_in(&entrepot, "09", "Congélateur Baie-Comeau"),
        )
        .await;
        assert_eq!(notice_count(&app, &popote_admin, &popote).await, before);
        create(
            &app,
            &owner,
            &freezer_in(&entrepot, "14", "Congélateur Joliette"),
        )
        .await;
        assert_eq!(notice_count(&app, &popote_admin, &popote).await, before + 1);
    }
);

both_backends!(search_ranks_by_relevance_and_follows_edits, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let freezer_id = create(&app, &admin, &freezer(&org)).await;
    // Newer, and it says « congélateur » once, in passing: the freezer is the better answer.
    let kitchen_id = create(&app, &admin, &{
        let mut form = kitchen(&org);
        form[4].1 = "Grande cuisine avec plonge, hotte, four mixte, un petit congélateur \
                 d’appoint et une chambre sèche pour la farine et les conserves.";
        form
    })
    .await;
    let visitor = app.client();
    let found = search(&app, &visitor, &[("q", "congelateur")]).await;
    assert_eq!(found["total"], 2);
    assert_eq!(
        titles(&found),
        [
            "Congélateurs coffres 500 L",
            "Cuisine de production 80 m², 4 postes"
        ],
        "most relevant first, not newest first"
    );
    // Without words, newest first as always.
    assert_eq!(
        titles(&search(&app, &visitor, &[]).await)[0],
        "Cuisine de production 80 m², 4 postes"
    );

    // An edit is searchable at once, and its old words are gone.
    let mut edit = kitchen(&org);
    edit.retain(|(k, _)| *k != "publish");
    edit[0] = ("id", &kitchen_id);
    edit[2].1 = "Cuisine Rosemont";
    edit[3].1 = "Four à sole.";
    app.call(&admin, "update_resource", &edit).await.ok();
    assert_eq!(
        titles(&search(&app, &visitor, &[("q", "rosemont")]).await),
        ["Cuisine Rosemont"]
    );
    assert_eq!(
        titles(&search(&app, &visitor, &[("q", "congelateur")]).await),
        ["Congélateurs coffres 500 L"]
    );
    assert!(titles(&search(&app, &visitor, &[("q", "plonge")]).await).is_empty());

    // Query syntax of either index is only words here: no error, no surprise.
    let long = "x".repeat(200);
    for q in [
        "congel\" OR *",
        "congel*",
        "'congel':* | rosemont",
        "NEAR(congel rosemont)",
        "congel & !rosemont",
        "-congel",
        "\\",
        "words:congel",
        long.as_str(),
    ] {
        let found = search(&app, &visitor, &[("q", q)]).await;
        assert!(found["total"].as_u64().is_some(), "{q:?}: {found}");
    }
    assert_eq!(
        titles(&search(&app, &visitor, &[("q", "congel\" OR *")]).await),
        Vec::<String>::new(),
        "« or » is a word to find, not an operator"
    );
    let page = app
        .call(&visitor, "get_resource", &[("id", &freezer_id)])
        .await;
    assert_eq!(page.ok()["resource"]["status"], "published");
});

both_backends!(
    an_empty_form_names_every_missing_field_and_changes_nothing,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let empty = app
            .call(
                &admin,
                "create_resource",
                // An empty form, as the page sends it: every field there, none filled.
                &[
                    ("org_id", org.as_str()),
                    ("publish", "on"),
                    ("input[category]", ""),
                    ("input[title]", ""),
                    ("input[region]", ""),
                ],
            )
            .await;
        let body = empty.error(422, "error.category_required");
        assert_eq!(body["field"], "category");
        assert_eq!(
            body["also"],
            "title=error.title_required,region=error.region_required"
        );
        // One field left: that one alone, as before.
        let body = app
            .call(
                &admin,
                "create_resource",
                &[
                    ("org_id", org.as_str()),
                    ("input[category]", "kitchen"),
                    ("input[title]", "Cuisine"),
                ],
            )
            .await;
        let body = body.error(422, "error.region_required");
        assert_eq!(body["field"], "region");
        assert!(body.get("also").is_none(), "{body}");
        let need = app
            .call(
                &admin,
                "create_need",
                &[
                    ("org_id", org.as_str()),
                    ("input[category]", ""),
                    ("input[title]", "  "),
                ],
            )
            .await;
        let body = need.error(422, "error.category_required");
        assert_eq!(
            body["also"],
            "title=error.title_required,regions=error.region_required"
        );
        assert_eq!(app.count("resources").await, 0);
        assert_eq!(app.count("needs").await, 0);
    }
);

both_backends!(
    counts_stop_past_a_thousand_and_pages_stay_in_order,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        // 1,005 kitchens; every tenth says « congélateur » in its title, the others in passing.
        let mut csv = String::from("categorie;titre;region;description\n");
        for i in 0..1005 {
            if i % 10 == 0 {
                csv.push_str(&format!("kitchen;Congélateur et cuisine {i};06;Four\n"));
            } else {
                csv.push_str(&format!("kitchen;Cuisine {i};06;Avec un congélateur\n"));
            }
        }
        let report = app
            .call(
                &admin,
                "import_resources",
                &[
                    ("org_id", org.as_str()),
                    ("csv", csv.as_str()),
                    ("publish", "on"),
                ],
            )
            .await;
        assert_eq!(report.ok()["imported"], 1005);
        let visitor = app.client();
        for params in [
            vec![],
            vec![("q", "congelateur")],
            vec![("q", "cuisine"), ("category", "kitchen")],
            vec![("q", "congelateur"), ("free_only", "true")],
        ] {
            let found = search(&app, &visitor, &params).await;
            assert_eq!(found["total"], 1001, "{params:?}: counted past the cap");
            assert_eq!(found["pages"], 50, "{params:?}");
        }
        // Titles holding the word first (101 of them), then the others.
        let first = search(&app, &visitor, &[("q", "congelateur")]).await;
        assert!(titles(&first).iter().all(|t| t.starts_with("Congélateur")));
        let sixth = search(&app, &visitor, &[("q", "congelateur"), ("page", "6")]).await;
        let sixth = titles(&sixth);
        assert!(
            sixth[0].starts_with("Congélateur"),
            "the last of the first group"
        );
        assert!(
            sixth[1..].iter().all(|t| t.starts_with("Cuisine")),
            "{sixth:?}"
        );
        // A page past the last is the last.
        let far = search(&app, &visitor, &[("q", "congelateur"), ("page", "900")]).await;
        assert_eq!(far["page"], 50);
        assert_eq!(titles(&far).len(), 20);
        // Under the cap, counted exactly.
        let few = search(&app, &visitor, &[("q", "congelateur four")]).await;
        assert_eq!(few["total"], 101);
    }
);

both_backends!(
    the_home_page_lists_the_newest_published_resources,
    |app: Arc<TestApp>| async move {
        let visitor = app.client();
        // An empty catalogue: no section, nothing broken.
        let html = app.html(&visitor, "/", None).await;
        assert!(!html.contains("Nouveautés au catalogue"));

        let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let mut ids = Vec::new();
        for n in 1..=7 {
            let title = format!("Congélateur numéro {n}");
            let mut form = freezer(&org);
            form[3].1 = &title;
            ids.push(create(&app, &admin, &form).await);
        }
        let mut draft = freezer(&org);
        draft.retain(|(k, _)| *k != "publish");
        draft[2].1 = "Congélateur brouillon";
        create(&app, &admin, &draft).await;

        let answer = app.call(&visitor, "newest_listings", &[]).await;
        let titles: Vec<&str> = answer
            .ok()
            .as_array()
            .expect("listings")
            .iter()
            .map(|l| l["title"].as_str().unwrap_or_default())
            .collect();
        // The six newest published, newest first; never a draft.
        assert_eq!(
            titles,
            (2..=7)
                .rev()
                .map(|n| format!("Congélateur numéro {n}"))
                .collect::<Vec<_>>()
        );
        let html = app.html(&visitor, "/", None).await;
        assert!(html.contains("Nouveautés au catalogue"));
        assert!(html.contains(&format!("/ressources/{}", ids[6])));
        assert!(!html.contains(&format!("/ressources/{}", ids[0])));
        assert!(!html.contains("Congélateur brouillon"));
        let english = app.html(&visitor, "/", Some("en-CA,en;q=0.9")).await;
        assert!(english.contains("New in the catalogue") && english.contains("Freezer"));

        // Withdrawn, it leaves the home page.
        app.set_resource_status(&admin, &ids[6], "paused").await;
        let html = app.html(&visitor, "/", None).await;
        assert!(!html.contains(&format!("/ressources/{}", ids[6])));
        assert!(html.contains(&format!("/ressources/{}", ids[0])));
    }
);

/// A free resource published in `org`, for the PostgreSQL search tests.
async fn publish_words(
    app: &TestApp,
    admin: &Client,
    org: &str,
    (title, description): (&str, &str),
    (category, region): (&str, &str),
) -> String {
    create(
        app,
        admin,
        &vec![
            ("org_id", org),
            ("publish", "on"),
            ("input[category]", category),
            ("input[title]", title),
            ("input[description]", description),
            ("input[region]", region),
            ("input[price_unit]", "free"),
        ],
    )
    .await
}

both_backends!(postgres_search_answers_alike_from_any_window, |app: Arc<
    TestApp,
>| async move {
    use app::catalogue::resources::{query::ResourceQuery, repo::search_pg, types::Category};
    if app.db.backend() != app::db::Backend::Postgres {
        return;
    }
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    // 45 resources: some with the words in the title, some only in the description, two
    // categories and two regions, a few withdrawn.
    for n in 0..45 {
        let title = match n % 3 {
            0 => format!("Congélateur coffre {n}"),
            1 => format!("Cuisine de production {n}"),
            _ => format!("Chambre froide {n}"),
        };
        let description = if n % 4 == 0 {
            "Un petit congélateur d’appoint."
        } else {
            ""
        };
        let region = if n % 5 == 0 { "13" } else { "06" };
        let category = if n % 3 == 1 { "kitchen" } else { "freezer" };
        let id = publish_words(
            &app,
            &admin,
            &org,
            (&title, description),
            (category, region),
        )
        .await;
        if n % 11 == 0 {
            app.set_resource_status(&admin, &id, "paused").await;
        }
    }
    let pool = app.db.pool();
    for (q, category, region) in [
        ("congelateur", None, None),
        ("congel", Some(Category::Freezer), None),
        ("cuisine", None, Some("06")),
        ("congelateur", Some(Category::Kitchen), None),
        ("froide", None, Some("13")),
        ("introuvable", None, None),
    ] {
        let query = ResourceQuery {
            q: q.to_owned(),
            category,
            region: region.and_then(app::shared::Region::parse),
            ..ResourceQuery::default()
        };
        let terms = app::catalogue::search::query_terms(q);
        for page in 1..=3 {
            let whole = search_pg::search_windowed(pool, &query, &terms, page, 100_000, false)
                .await
                .expect("search");
            for window in [1, 3, 8, 20, 30] {
                let windowed =
                    search_pg::search_windowed(pool, &query, &terms, page, window, false)
                        .await
                        .expect("search");
                assert_eq!(
                    windowed, whole,
                    "{q} {category:?} {region:?}, page {page}, window {window}"
                );
            }
            if page == 1 && q == "congelateur" && category.is_none() {
                // Titles first: every « Congélateur coffre » before the kitchens that mention one.
                let titles: Vec<&str> = whole.0.iter().map(|r| r.title.as_str()).collect();
                let first_other = titles.iter().position(|t| !t.starts_with("Congélateur"));
                assert!(
                    first_other
                        .is_none_or(|i| titles[i..].iter().all(|t| !t.starts_with("Congélateur"))),
                    "{titles:?}"
                );
                assert!(whole.1 > 20, "two pages of matches: {}", whole.1);
            }
        }
    }
});

both_backends!(a_kept_search_count_follows_the_catalogue, |app: Arc<
    TestApp,
>| async move {
    // PostgreSQL keeps a search's count between searches, until the searchable catalogue
    // changes: publishing, withdrawing, renaming or deleting a resource shows in the very next
    // count. (SQLite counts afresh every time.)
    use app::catalogue::resources::{query::ResourceQuery, repo::search_pg};
    if app.db.backend() != app::db::Backend::Postgres {
        return;
    }
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    // The category's name is among a resource's words: the kitchens never match.
    let publish = async |title: String, category: &str| {
        publish_words(&app, &admin, &org, (&title, ""), (category, "06")).await
    };
    let mut ids = Vec::new();
    for n in 0..25 {
        ids.push(publish(format!("Congélateur coffre {n}"), "freezer").await);
    }
    for n in 0..5 {
        publish(format!("Cuisine de production {n}"), "kitchen").await;
    }
    let pool = app.db.pool();
    let query = ResourceQuery {
        q: "congelateur".to_owned(),
        ..ResourceQuery::default()
    };
    let terms = app::catalogue::search::query_terms("congelateur");
    // A window of 3 rows: the count always comes from the index (or from what was kept).
    let count = || async {
        let kept = search_pg::search_windowed(pool, &query, &terms, 1, 3, true)
            .await
            .expect("search")
            .1;
        let fresh = search_pg::search_windowed(pool, &query, &terms, 1, 3, false)
            .await
            .expect("search")
            .1;
        assert_eq!(kept, fresh, "a kept count differs from a fresh one");
        kept
    };
    assert_eq!(count().await, 25);
    assert_eq!(count().await, 25, "asked again");
    publish("Congélateur vertical".to_owned(), "freezer").await;
    assert_eq!(count().await, 26, "after publishing one more");
    app.set_resource_status(&admin, &ids[0], "paused").await;
    app.set_resource_status(&admin, &ids[1], "paused").await;
    assert_eq!(count().await, 24, "after withdrawing two");
    app.set_resource_status(&admin, &ids[0], "published").await;
    assert_eq!(count().await, 25, "after publishing one again");
});
