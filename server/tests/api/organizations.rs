//! Organizations: create, read, edit, invitations, roles, leaving, and who may do what.

use std::sync::Arc;

use crate::{both_backends, helpers::TestApp};

/// A form body: (name, value) pairs.
type Form<'a> = Vec<(&'a str, &'a str)>;

fn profile<'a>(name: &'a str, region: &'a str) -> Form<'a> {
    vec![
        ("input[name]", name),
        ("input[kind]", "food_bank"),
        ("input[region]", region),
        ("input[address]", "1500, boulevard Industriel, Laval"),
        ("input[phone]", "450 555-0177"),
        ("input[website]", "entrepot.exemple.org"),
        (
            "input[description]",
            "Chambre froide <script>alert(1)</script> 6 palettes",
        ),
        ("input[neq]", "1145 678 901"),
    ]
}

both_backends!(
    create_and_read_an_organization,
    |app: Arc<TestApp>| async move {
        let client = app.sign_up("Marc", "marc@exemple.org").await;
        let org = app
            .call(
                &client,
                "create_organization",
                &profile("Entrepôt solidaire de Laval", "13"),
            )
            .await;
        let org = org.ok().clone();
        assert_eq!(org["name"], "Entrepôt solidaire de Laval");
        assert_eq!(org["region"], 13);
        assert_eq!(org["website"], "https://entrepot.exemple.org");
        assert_eq!(org["neq"], "1145678901");
        assert_eq!(org["verified"], false);
        let id = org["id"].as_str().expect("id");

        // The creator is its admin and acts for it now.
        let session = app.call(&client, "get_session", &[]).await;
        let session = session.ok();
        assert_eq!(session["active_org_id"], id);
        assert_eq!(session["memberships"][0]["role"], "admin");

        let details = app.call(&client, "get_organization", &[("id", id)]).await;
        let details = details.ok();
        assert_eq!(details["my_role"], "admin");
        assert_eq!(details["members"].as_array().map(Vec::len), Some(1));
        assert_eq!(details["organization"]["phone"], "450 555-0177");

        // The organization page renders on the server, with the description as inert text.
        let html = client
            .get(format!("{}/organismes/{id}", app.base))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("Entrepôt solidaire de Laval"));
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "HTML in a description is escaped"
        );
        assert!(!html.contains("<script>alert(1)"));
    }
);

both_backends!(
    organization_input_is_validated,
    |app: Arc<TestApp>| async move {
        let client = app.sign_up("Marc", "marc@exemple.org").await;
        let huge = "é".repeat(100 * 1024);
        let cases: Vec<(Form, &str, &str)> = vec![
            (profile("", "13"), "name", "error.org_name_required"),
            (profile(&huge, "13"), "name", "error.org_name_too_long"),
            (profile("Entrepôt", "18"), "region", "error.region_required"),
            (profile("Entrepôt", ""), "region", "error.region_required"),
            (
                {
                    let mut p = profile("Entrepôt", "13");
                    p[1].1 = "martian";
                    p
                },
                "kind",
                "error.org_kind_required",
            ),
            (
                {
                    let mut p = profile("Entrepôt", "13");
                    p[7].1 = "123";
                    p
                },
                "neq",
                "error.neq_invalid",
            ),
            (
                {
                    let mut p = profile("Entrepôt", "13");
                    p[4].1 = "12";
                    p
                },
                "phone",
                "error.phone_invalid",
            ),
            (
                {
                    let mut p = profile("Entrepôt", "13");
                    p[5].1 = "javascript:alert(1)";
                    p
                },
                "website",
                "error.website_invalid",
            ),
        ];
        for (form, field, code) in cases {
            let answer = app.call(&client, "create_organization", &form).await;
            assert_eq!(answer.error(422, code)["field"], field);
        }
        assert_eq!(app.count("organizations").await, 0);
        assert_eq!(app.count("memberships").await, 0);
    }
);

both_backends!(
    members_of_one_organization_cannot_touch_another,
    |app: Arc<TestApp>| async move {
        let (a_admin, org_a) = app.admin_of("Cuisine A", "a@exemple.org").await;
        let (b_admin, org_b) = app.admin_of("Cuisine B", "b@exemple.org").await;
        app.call(&a_admin, "update_organization", &{
            let mut p = profile("Cuisine A", "06");
            p.insert(0, ("id", &org_a));
            p
        })
        .await
        .ok();

        // B sees only A's public profile: no address, phone, NEQ or members.
        let seen = app
            .call(&b_admin, "get_organization", &[("id", &org_a)])
            .await;
        let seen = seen.ok();
        assert_eq!(seen["my_role"], serde_json::Value::Null);
        assert_eq!(seen["organization"]["phone"], "");
        assert_eq!(seen["organization"]["address"], "");
        assert_eq!(seen["organization"]["neq"], serde_json::Value::Null);
        assert_eq!(seen["members"].as_array().map(Vec::len), Some(0));
        assert_eq!(seen["invitations"].as_array().map(Vec::len), Some(0));

        // B cannot edit A, invite into A, switch to A, or remove A's admin.
        let mut edit = profile("Pris par B", "06");
        edit.insert(0, ("id", &org_a));
        app.call(&b_admin, "update_organization", &edit)
            .await
            .error(403, "");
        app.call(
            &b_admin,
            "invite_member",
            &[
                ("org_id", &org_a),
                ("email", "x@exemple.org"),
                ("role", "admin"),
            ],
        )
        .await
        .error(403, "");
        app.call(&b_admin, "switch_organization", &[("org_id", &org_a)])
            .await
            .error(403, "");
        let a_user: String =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'a@exemple.org'")
                .fetch_one(app.db.pool())
                .await
                .expect("user");
        app.call(
            &b_admin,
            "remove_member",
            &[("org_id", &org_a), ("user_id", &a_user)],
        )
        .await
        .error(403, "");
        let name = app
            .call(&a_admin, "get_organization", &[("id", &org_a)])
            .await;
        assert_eq!(name.ok()["organization"]["name"], "Cuisine A");
        assert_eq!(app.count("invitations").await, 0);
        app.call(&b_admin, "get_organization", &[("id", &org_b)])
            .await
            .ok();
        app.call(&b_admin, "get_organization", &[("id", "inexistant")])
            .await
            .error(404, "");
    }
);

both_backends!(
    invitations_work_once_and_members_are_not_admins,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app
            .admin_of("Cuisine collective", "admin@exemple.org")
            .await;
        app.call(
            &admin,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "Nadia@Exemple.org"),
                ("role", "member"),
            ],
        )
        .await
        .ok();
        app.call(
            &admin,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "pas-une-adresse"),
                ("role", "member"),
            ],
        )
        .await
        .error(422, "error.email_invalid");
        let details = app.call(&admin, "get_organization", &[("id", &org)]).await;
        assert_eq!(details.ok()["invitations"][0]["email"], "nadia@exemple.org");
        let (path, token) = app.link_sent_to("nadia@exemple.org").await;
        assert!(path.starts_with("/invitation?jeton="));

        // Anyone may look at the invitation; joining needs an account.
        let visitor = app.client();
        let preview = app
            .call(&visitor, "preview_invitation", &[("token", &token)])
            .await;
        assert_eq!(preview.ok()["org_name"], "Cuisine collective");
        app.call(&visitor, "accept_invitation", &[("token", &token)])
            .await
            .error(401, "");

        let nadia = app.sign_up("Nadia", "nadia@exemple.org").await;
        let joined = app
            .call(&nadia, "accept_invitation", &[("token", &token)])
            .await;
        assert_eq!(joined.ok(), &serde_json::Value::String(org.clone()));
        app.call(&nadia, "accept_invitation", &[("token", &token)])
            .await
            .error(409, "error.link_used");
        let other = app.sign_up("Autre", "autre@exemple.org").await;
        app.call(&other, "accept_invitation", &[("token", &token)])
            .await
            .error(409, "error.link_used");
        app.call(
            &admin,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "nadia@exemple.org"),
                ("role", "member"),
            ],
        )
        .await
        .error(422, "error.already_member");

        // A member sees the members but not the invitations, and cannot do an admin's actions.
        let seen = app.call(&nadia, "get_organization", &[("id", &org)]).await;
        let seen = seen.ok();
        assert_eq!(seen["my_role"], "member");
        assert_eq!(seen["members"].as_array().map(Vec::len), Some(2));
        assert_eq!(seen["invitations"].as_array().map(Vec::len), Some(0));
        let mut edit = profile("Renommée", "06");
        edit.insert(0, ("id", &org));
        app.call(&nadia, "update_organization", &edit)
            .await
            .error(403, "");
        app.call(
            &nadia,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "z@exemple.org"),
                ("role", "admin"),
            ],
        )
        .await
        .error(403, "");
        let admin_id: String =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@exemple.org'")
                .fetch_one(app.db.pool())
                .await
                .expect("id");
        app.call(
            &nadia,
            "remove_member",
            &[("org_id", &org), ("user_id", &admin_id)],
        )
        .await
        .error(403, "");
        app.call(
            &nadia,
            "change_member_role",
            &[("org_id", &org), ("user_id", &admin_id), ("role", "member")],
        )
        .await
        .error(403, "");

        // Revoked and expired invitations stop working.
        app.call(
            &admin,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "tard@exemple.org"),
                ("role", "member"),
            ],
        )
        .await
        .ok();
        let (_, late) = app.link_sent_to("tard@exemple.org").await;
        sqlx::query("UPDATE invitations SET expires_at = 1 WHERE email = 'tard@exemple.org'")
            .execute(app.db.pool())
            .await
            .expect("expire");
        app.call(&other, "accept_invitation", &[("token", &late)])
            .await
            .error(409, "error.link_expired");
        app.call(
            &admin,
            "invite_member",
            &[
                ("org_id", &org),
                ("email", "retire@exemple.org"),
                ("role", "member"),
            ],
        )
        .await
        .ok();
        let (_, revoked) = app.link_sent_to("retire@exemple.org").await;
        let invitation_id: String =
            sqlx::query_scalar("SELECT id FROM invitations WHERE email = 'retire@exemple.org'")
                .fetch_one(app.db.pool())
                .await
                .expect("id");
        app.call(
            &admin,
            "revoke_invitation",
            &[("org_id", &org), ("invitation_id", &invitation_id)],
        )
        .await
        .ok();
        app.call(&other, "accept_invitation", &[("token", &revoked)])
            .await
            .error(409, "error.link_used");
        assert_eq!(app.count("memberships").await, 2);
    }
);

both_backends!(the_last_admin_stays, |app: Arc<TestApp>| async move {
    let (admin, org) = app
        .admin_of("Cuisine collective", "admin@exemple.org")
        .await;
    let admin_id: String =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@exemple.org'")
            .fetch_one(app.db.pool())
            .await
            .expect("id");
    app.call(&admin, "leave_organization", &[("org_id", &org)])
        .await
        .error(409, "error.last_admin");
    app.call(
        &admin,
        "remove_member",
        &[("org_id", &org), ("user_id", &admin_id)],
    )
    .await
    .error(409, "error.last_admin");
    app.call(
        &admin,
        "change_member_role",
        &[("org_id", &org), ("user_id", &admin_id), ("role", "member")],
    )
    .await
    .error(409, "error.last_admin");
    assert_eq!(app.count("memberships").await, 1);

    // With a second admin, the first may step down and leave.
    app.call(
        &admin,
        "invite_member",
        &[
            ("org_id", &org),
            ("email", "deux@exemple.org"),
            ("role", "admin"),
        ],
    )
    .await
    .ok();
    let (_, token) = app.link_sent_to("deux@exemple.org").await;
    let second = app.sign_up("Deux", "deux@exemple.org").await;
    app.call(&second, "accept_invitation", &[("token", &token)])
        .await
        .ok();
    app.call(&admin, "leave_organization", &[("org_id", &org)])
        .await
        .ok();
    let session = app.call(&admin, "get_session", &[]).await;
    assert_eq!(
        session.ok()["memberships"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(session.ok()["active_org_id"], serde_json::Value::Null);
});

both_backends!(
    two_admins_removing_each_other_at_once_leave_one,
    |app: Arc<TestApp>| async move {
        for round in 0..5 {
            let (first, org) = app
                .admin_of(
                    &format!("Cuisine {round}"),
                    &format!("un{round}@exemple.org"),
                )
                .await;
            let email = format!("deux{round}@exemple.org");
            app.call(
                &first,
                "invite_member",
                &[("org_id", &org), ("email", &email), ("role", "admin")],
            )
            .await
            .ok();
            let (_, token) = app.link_sent_to(&email).await;
            let second = app.sign_up("Deux", &email).await;
            app.call(&second, "accept_invitation", &[("token", &token)])
                .await
                .ok();
            let id_of = |email: String| {
                let pool = app.db.pool().clone();
                async move {
                    sqlx::query_scalar::<_, String>("SELECT id FROM users WHERE email = $1")
                        .bind(email)
                        .fetch_one(&pool)
                        .await
                        .expect("id")
                }
            };
            let first_id = id_of(format!("un{round}@exemple.org")).await;
            let second_id = id_of(email.clone()).await;
            let remove_second = [("org_id", org.as_str()), ("user_id", second_id.as_str())];
            let remove_first = [("org_id", org.as_str()), ("user_id", first_id.as_str())];
            let (a, b) = tokio::join!(
                app.call(&first, "remove_member", &remove_second),
                app.call(&second, "remove_member", &remove_first),
            );
            let statuses = [a.status.as_u16(), b.status.as_u16()];
            assert!(
                statuses.contains(&200),
                "one removal succeeds: {statuses:?} {} {}",
                a.body,
                b.body
            );
            assert!(
                statuses.iter().all(|s| [200, 403, 409].contains(s)),
                "the other is refused cleanly: {statuses:?}"
            );
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'admin'",
            )
            .bind(&org)
            .fetch_one(app.db.pool())
            .await
            .expect("count");
            assert_eq!(admins, 1, "exactly one admin remains");
        }
    }
);

both_backends!(
    switching_the_active_organization,
    |app: Arc<TestApp>| async move {
        let (admin, first) = app.admin_of("Première", "lea@exemple.org").await;
        let second = app
            .call(
                &admin,
                "create_organization",
                &[
                    ("input[name]", "Deuxième"),
                    ("input[kind]", "school"),
                    ("input[region]", "02"),
                ],
            )
            .await;
        let second = second.ok()["id"].as_str().expect("id").to_owned();
        assert_eq!(
            app.call(&admin, "get_session", &[]).await.ok()["active_org_id"],
            second.as_str()
        );
        app.call(&admin, "switch_organization", &[("org_id", &first)])
            .await
            .ok();
        let session = app.call(&admin, "get_session", &[]).await;
        assert_eq!(session.ok()["active_org_id"], first.as_str());
        assert_eq!(
            session.ok()["memberships"].as_array().map(Vec::len),
            Some(2)
        );
    }
);
