//! Platform administration: verification and the outbox are for platform admins only.

use std::sync::Arc;

use crate::{both_backends, helpers::TestApp};

both_backends!(only_platform_admins_verify_organizations, |app: Arc<
    TestApp,
>| async move {
    let (org_admin, org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    app.call(
        &org_admin,
        "set_organization_verified",
        &[("org_id", &org), ("verified", "true")],
    )
    .await
    .error(403, "");
    app.call(&org_admin, "admin_list_outbox", &[])
        .await
        .error(403, "");
    app.call(&org_admin, "admin_list_organizations", &[])
        .await
        .error(403, "");

    let admin = app.platform_admin().await;
    let list = app.call(&admin, "admin_list_organizations", &[]).await;
    assert_eq!(list.ok().as_array().map(Vec::len), Some(1));
    app.call(
        &admin,
        "set_organization_verified",
        &[("org_id", &org), ("verified", "true")],
    )
    .await
    .ok();
    app.call(
        &admin,
        "set_organization_verified",
        &[("org_id", "inexistant"), ("verified", "true")],
    )
    .await
    .error(404, "");

    // The badge shows wherever the organization appears: its page and its members' switcher.
    let seen = app
        .call(&app.client(), "get_organization", &[("id", &org)])
        .await;
    assert_eq!(seen.ok()["organization"]["verified"], true);
    let session = app.call(&org_admin, "get_session", &[]).await;
    assert_eq!(session.ok()["memberships"][0]["verified"], true);

    let outbox = app.call(&admin, "admin_list_outbox", &[]).await;
    assert!(
        outbox.ok()["emails"]
            .as_array()
            .is_some_and(|m| !m.is_empty())
    );
    assert_eq!(
        outbox.ok()["demo"],
        true,
        "no SMTP relay: a demo outbox, and /admin says so"
    );
    let html = app.html(&admin, "/admin", None).await;
    assert!(html.contains("démonstration"));
});

both_backends!(
    demo_data_seeds_once_and_signs_in,
    |app: Arc<TestApp>| async move {
        let files = app::files::FileStore::on_disk(app.data_dir.join("photos"));
        assert!(
            server::seed::seed_demo(&app.db, &files)
                .await
                .expect("seed")
        );
        assert!(
            !server::seed::seed_demo(&app.db, &files)
                .await
                .expect("seed again"),
            "a second run adds nothing"
        );
        // Every demo resource has a photo, stored in both sizes.
        assert_eq!(app.count("resource_photos").await, 12);
        let photo: String = sqlx::query_scalar("SELECT id FROM resource_photos LIMIT 1")
            .fetch_one(app.db.pool())
            .await
            .expect("a photo");
        let thumb = reqwest::get(format!("{}/photos/{photo}-vignette.jpg", app.base))
            .await
            .expect("thumbnail");
        assert_eq!(thumb.status(), 200);
        assert_eq!(thumb.headers()["content-type"], "image/jpeg");
        assert_eq!(app.count("organizations").await, 5);
        let regions: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT region FROM organizations ORDER BY region")
                .fetch_all(app.db.pool())
                .await
                .expect("regions");
        assert_eq!(regions, ["02", "03", "06", "13"]);
        let lea = app.client();
        let user = app
            .call(
                &lea,
                "sign_in",
                &[
                    ("email", "lea@demo.partage.local"),
                    ("password", server::seed::DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(user.ok()["memberships"].as_array().map(Vec::len), Some(2));
    }
);
