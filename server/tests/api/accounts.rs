//! Signing up, in and out, sessions, verification, password reset, language, rate limits.

use std::sync::Arc;

use crate::{
    both_backends,
    helpers::{Backend, Options, PASSWORD, TestApp, run},
};

both_backends!(
    sign_up_sends_a_link_that_confirms_and_signs_in,
    |app: Arc<TestApp>| async move {
        let client = app.client();
        let answer = app
            .call(
                &client,
                "sign_up",
                &[
                    ("name", "  Léa   Tremblay "),
                    ("email", "Lea@Exemple.ORG"),
                    ("password", PASSWORD),
                    ("next", "/invitation?jeton=abc"),
                ],
            )
            .await;
        answer.ok();
        // Nobody is signed in until the address is confirmed.
        assert!(answer.headers.get("set-cookie").is_none());
        assert!(app.call(&client, "get_session", &[]).await.ok().is_null());

        // The verification email, in French (the default), with a single-use link that
        // remembers where the person was going.
        let mail = app.outbox().await.into_iter().next().expect("an email");
        assert_eq!(mail.to, "lea@exemple.org");
        assert_eq!(mail.subject, "Confirmez votre adresse courriel");
        let (path, token) = app.link_sent_to("lea@exemple.org").await;
        assert!(path.starts_with("/verifier-courriel?jeton="), "{path}");
        assert!(
            path.ends_with("&suivant=/invitation%3Fjeton%3Dabc"),
            "{path}"
        );
        // Opening it confirms the address and signs in, on whatever browser opened it.
        let browser = app.client();
        let confirmed = app
            .call(&browser, "verify_email", &[("token", &token)])
            .await;
        let user = confirmed.ok();
        assert_eq!(user["name"], "Léa Tremblay");
        assert_eq!(user["email"], "lea@exemple.org");
        assert_eq!(user["email_verified"], true);
        let cookie = confirmed
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(cookie.starts_with("partage_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(
            !cookie.contains("Secure"),
            "no Secure flag on an http base URL: {cookie}"
        );
        let session = app.call(&browser, "get_session", &[]).await;
        assert_eq!(session.ok()["email"], "lea@exemple.org");
        app.call(&app.client(), "verify_email", &[("token", &token)])
            .await
            .error(409, "error.link_used");
        app.call(&app.client(), "verify_email", &[("token", "nope")])
            .await
            .error(422, "error.link_invalid");
    }
);

both_backends!(
    sign_up_does_not_tell_which_addresses_have_accounts,
    |app: Arc<TestApp>| async move {
        app.sign_up("Léa", "lea@exemple.org").await;
        let users = app.count("users").await;
        // The same address again, by someone else: the same answer as a new one.
        let stranger = app.client();
        let taken = app
            .call(
                &stranger,
                "sign_up",
                &[
                    ("name", "Mallory"),
                    ("email", "LEA@exemple.org"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        let fresh = app
            .call(
                &stranger,
                "sign_up",
                &[
                    ("name", "Mallory"),
                    ("email", "nouveau@exemple.org"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(taken.status, fresh.status);
        assert_eq!(taken.body, fresh.body);
        assert!(taken.headers.get("set-cookie").is_none());
        assert_eq!(
            app.count("users").await,
            users + 1,
            "only the new address got an account"
        );
        // The owner hears of it, with a way in; the password did not change.
        let told = app.outbox().await.into_iter().next().expect("an email");
        let told = app
            .outbox()
            .await
            .into_iter()
            .find(|m| {
                m.to == "lea@exemple.org"
                    && m.subject.contains("votre adresse")
                    && m.body.contains("connexion")
            })
            .unwrap_or(told);
        assert!(told.body.contains("/mot-de-passe-oublie"), "{}", told.body);
        app.call(
            &app.client(),
            "sign_in",
            &[("email", "lea@exemple.org"), ("password", PASSWORD)],
        )
        .await
        .ok();
    }
);

both_backends!(
    an_unconfirmed_address_can_neither_publish_nor_invite,
    |app: Arc<TestApp>| async move {
        let client = app.sign_up_unconfirmed("Paul", "paul@exemple.org").await;
        let org = app
            .create(
                &client,
                "create_organization",
                &[
                    ("input[name]", "Popote du Nord"),
                    ("input[kind]", "community"),
                    ("input[region]", "06"),
                ],
            )
            .await;
        let freezer = [
            ("org_id", org.as_str()),
            ("input[category]", "freezer"),
            ("input[title]", "Congélateur coffre 500 L"),
            ("input[region]", "06"),
            ("input[price_unit]", "free"),
        ];
        let mut published = freezer.to_vec();
        published.push(("publish", "on"));
        app.call(&client, "create_resource", &published)
            .await
            .error(409, "error.email_unverified");
        // A draft is fine; publishing it is not.
        let draft = app.create(&client, "create_resource", &freezer).await;
        app.call(
            &client,
            "set_resource_status",
            &[("id", draft.as_str()), ("status", "published")],
        )
        .await
        .error(409, "error.email_unverified");
        app.call(
            &client,
            "create_need",
            &[
                ("org_id", org.as_str()),
                ("input[category]", "freezer"),
                ("input[title]", "Espace congélateur"),
                ("input[regions][0]", "06"),
            ],
        )
        .await
        .error(409, "error.email_unverified");
        app.call(
            &client,
            "invite_member",
            &[
                ("org_id", org.as_str()),
                ("email", "ami@exemple.org"),
                ("role", "member"),
            ],
        )
        .await
        .error(409, "error.email_unverified");
        assert_eq!(app.count("needs").await, 0);
        assert_eq!(app.count("invitations").await, 0);
        // Once confirmed, all of it.
        app.confirm_email(&client, "paul@exemple.org").await;
        app.set_resource_status(&client, &draft, "published").await;
    }
);

both_backends!(sign_up_refuses_bad_input_and_changes_nothing, |app: Arc<
    TestApp,
>| async move {
    let client = app.client();
    let huge = "x".repeat(100 * 1024);
    let cases: [(&str, &str, &str, &str, &str); 7] = [
        (
            "Léa",
            "pas-une-adresse",
            PASSWORD,
            "email",
            "error.email_invalid",
        ),
        ("Léa", "", PASSWORD, "email", "error.email_required"),
        (
            &huge,
            "lea@exemple.org",
            PASSWORD,
            "name",
            "error.name_too_long",
        ),
        (
            "   ",
            "lea@exemple.org",
            PASSWORD,
            "name",
            "error.name_required",
        ),
        (
            "Léa",
            "lea@exemple.org",
            "court",
            "password",
            "error.password_too_short",
        ),
        (
            "Léa",
            "lea@exemple.org",
            "motdepasse123",
            "password",
            "error.password_common",
        ),
        (
            "Léa",
            "lea@exemple.org",
            "1234567890",
            "password",
            "error.password_common",
        ),
    ];
    for (name, email, password, field, code) in cases {
        let answer = app
            .call(
                &client,
                "sign_up",
                &[("name", name), ("email", email), ("password", password)],
            )
            .await;
        assert_eq!(answer.error(422, code)["field"], field);
        assert!(
            answer.headers.get("set-cookie").is_none(),
            "no session for a refused sign-up"
        );
    }
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("outbox").await, 0);

    // Messages are in French by default and in English when the browser asks for it.
    let answer = app
        .call(
            &client,
            "sign_up",
            &[("name", "Léa"), ("email", "x"), ("password", PASSWORD)],
        )
        .await;
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("n’est pas valide"),
        "{}",
        answer.body
    );
    let english = reqwest::Client::new()
        .post(format!("{}/api/sign_up", app.base))
        .header("accept-language", "en-CA,en;q=0.9")
        .form(&[("name", "Léa"), ("email", "x"), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(english.status().as_u16(), 422);
    let body: serde_json::Value = english.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("is not valid"),
        "{body}"
    );

    // Duplicate email (in any case) leaves the first account alone (and is not told: see
    // `sign_up_does_not_tell_which_addresses_have_accounts`).
    app.sign_up("Léa", "lea@exemple.org").await;
    let again = app
        .call(
            &app.client(),
            "sign_up",
            &[
                ("name", "Autre"),
                ("email", "LEA@exemple.org"),
                ("password", "un-autre-mot-de-passe"),
            ],
        )
        .await;
    again.ok();
    assert_eq!(app.count("users").await, 1);
    let first = app
        .call(
            &app.client(),
            "sign_in",
            &[("email", "lea@exemple.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(first.ok()["name"], "Léa");
});

both_backends!(sign_in_and_out, |app: Arc<TestApp>| async move {
    app.sign_up("Marc", "marc@exemple.org").await;
    let client = app.client();
    app.call(
        &client,
        "sign_in",
        &[
            ("email", "marc@exemple.org"),
            ("password", "mauvais-mot-de-passe"),
        ],
    )
    .await
    .error(422, "error.wrong_credentials");
    app.call(
        &client,
        "sign_in",
        &[("email", "personne@exemple.org"), ("password", PASSWORD)],
    )
    .await
    .error(422, "error.wrong_credentials");
    assert!(app.call(&client, "get_session", &[]).await.ok().is_null());

    let user = app
        .call(
            &client,
            "sign_in",
            &[("email", " MARC@exemple.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(user.ok()["name"], "Marc");
    assert_eq!(
        app.call(&client, "get_session", &[]).await.ok()["name"],
        "Marc"
    );

    app.call(&client, "sign_out", &[]).await.ok();
    assert!(app.call(&client, "get_session", &[]).await.ok().is_null());
    assert_eq!(
        app.count("sessions").await,
        1,
        "only the sign-up session remains"
    );
});

both_backends!(a_signed_out_cookie_cannot_be_replayed, |app: Arc<
    TestApp,
>| async move {
    let client = app.client();
    let answer = app
        .call(
            &client,
            "sign_up",
            &[
                ("name", "Léa"),
                ("email", "lea@exemple.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let cookie = answer
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let pair = cookie.split(';').next().unwrap_or_default().to_owned();
    app.call(&client, "sign_out", &[]).await.ok();
    let replay = reqwest::Client::new()
        .post(format!("{}/api/create_organization", app.base))
        .header("cookie", pair)
        .form(&[
            ("input[name]", "Volé"),
            ("input[kind]", "community"),
            ("input[region]", "06"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(replay.status().as_u16(), 401);
    assert_eq!(app.count("organizations").await, 0);
});

both_backends!(
    forged_session_cookies_are_nobody,
    |app: Arc<TestApp>| async move {
        app.sign_up("Léa", "lea@exemple.org").await;
        for forged in [
            "partage_session=0000",
            "partage_session=",
            &format!("partage_session={}", "a".repeat(64)),
        ] {
            let response = reqwest::Client::new()
                .post(format!("{}/api/get_session", app.base))
                .header("cookie", forged)
                .send()
                .await
                .expect("request");
            assert_eq!(response.status().as_u16(), 200);
            assert_eq!(response.text().await.expect("body"), "null");
            let private = reqwest::Client::new()
                .post(format!("{}/api/update_profile", app.base))
                .header("cookie", forged)
                .form(&[("name", "Pirate")])
                .send()
                .await
                .expect("request");
            assert_eq!(private.status().as_u16(), 401);
        }
        let name: String = sqlx::query_scalar("SELECT name FROM users")
            .fetch_one(app.db.pool())
            .await
            .expect("name");
        assert_eq!(name, "Léa");
    }
);

both_backends!(
    sign_in_is_rate_limited_per_account,
    |app: Arc<TestApp>| async move {
        app.sign_up("Marc", "marc@exemple.org").await;
        let client = app.client();
        for _ in 0..5 {
            app.call(
                &client,
                "sign_in",
                &[
                    ("email", "marc@exemple.org"),
                    ("password", "mauvais-mot-de-passe"),
                ],
            )
            .await
            .error(422, "error.wrong_credentials");
        }
        // Now even the right password waits, with a clear message and Retry-After.
        let limited = app
            .call(
                &client,
                "sign_in",
                &[("email", "marc@exemple.org"), ("password", PASSWORD)],
            )
            .await;
        limited.error(429, "");
        assert_eq!(limited.body["kind"], "rate_limited");
        assert!(
            limited.body["message"]
                .as_str()
                .unwrap_or_default()
                .contains("Trop de tentatives"),
            "{}",
            limited.body
        );
        let retry: u64 = limited.headers["retry-after"]
            .to_str()
            .expect("header")
            .parse()
            .expect("seconds");
        assert!((1..=900).contains(&retry), "{retry}");
        assert!(app.call(&client, "get_session", &[]).await.ok().is_null());
        // Another account from the same address is not locked out by Marc's failures.
        app.sign_up("Léa", "lea@exemple.org").await;
        app.call(
            &app.client(),
            "sign_in",
            &[("email", "lea@exemple.org"), ("password", PASSWORD)],
        )
        .await
        .ok();
    }
);

both_backends!(password_reset_link_works_once_and_expires, |app: Arc<
    TestApp,
>| async move {
    let old_session = app.sign_up("Sophie", "sophie@exemple.org").await;
    let visitor = app.client();
    // Unknown addresses get the same answer (no probing) and no email.
    app.call(
        &visitor,
        "request_password_reset",
        &[("email", "inconnu@exemple.org")],
    )
    .await
    .ok();
    app.call(
        &visitor,
        "request_password_reset",
        &[("email", "pas une adresse")],
    )
    .await
    .error(422, "error.email_invalid");
    app.call(
        &visitor,
        "request_password_reset",
        &[("email", "sophie@exemple.org")],
    )
    .await
    .ok();
    let (path, token) = app.link_sent_to("sophie@exemple.org").await;
    assert!(path.starts_with("/reinitialiser?jeton="), "{path}");

    // A weak new password is refused and does not spend the link.
    app.call(
        &visitor,
        "reset_password",
        &[("token", &token), ("password", "court")],
    )
    .await
    .error(422, "error.password_too_short");
    app.call(
        &visitor,
        "reset_password",
        &[("token", &token), ("password", "nouveau-mot-de-passe-2026")],
    )
    .await
    .ok();
    app.call(
        &visitor,
        "reset_password",
        &[("token", &token), ("password", "encore-un-autre-2026")],
    )
    .await
    .error(409, "error.link_used");
    app.call(
        &visitor,
        "reset_password",
        &[("token", "inconnu"), ("password", "encore-un-autre-2026")],
    )
    .await
    .error(422, "error.link_invalid");

    // Old password no longer works; the new one does; other sessions were signed out.
    app.call(
        &visitor,
        "sign_in",
        &[("email", "sophie@exemple.org"), ("password", PASSWORD)],
    )
    .await
    .error(422, "error.wrong_credentials");
    app.call(
        &visitor,
        "sign_in",
        &[
            ("email", "sophie@exemple.org"),
            ("password", "nouveau-mot-de-passe-2026"),
        ],
    )
    .await
    .ok();
    assert!(
        app.call(&old_session, "get_session", &[])
            .await
            .ok()
            .is_null()
    );

    // An expired link says so.
    app.call(
        &visitor,
        "request_password_reset",
        &[("email", "sophie@exemple.org")],
    )
    .await
    .ok();
    let (_, token) = app.link_sent_to("sophie@exemple.org").await;
    sqlx::query("UPDATE tokens SET expires_at = 1 WHERE used_at IS NULL")
        .execute(app.db.pool())
        .await
        .expect("expire");
    app.call(
        &visitor,
        "reset_password",
        &[("token", &token), ("password", "encore-un-autre-2026")],
    )
    .await
    .error(409, "error.link_expired");
});

both_backends!(
    language_choice_is_remembered_for_pages_errors_and_email,
    |app: Arc<TestApp>| async move {
        let client = app.sign_up("Amina", "amina@exemple.org").await;
        let answer = app.call(&client, "set_locale", &[("locale", "en")]).await;
        answer.ok();
        let cookie = answer
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(cookie.starts_with("partage_lang=en"), "{cookie}");
        // The cookie now drives error messages…
        let error = app.call(&client, "update_profile", &[("name", "")]).await;
        assert_eq!(
            error.error(422, "error.name_required")["message"],
            "Enter your name."
        );
        // …the pages…
        let page = client
            .get(format!("{}/", app.base))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(
            page.contains("lang=\"en-CA\""),
            "html lang follows the choice"
        );
        assert!(page.contains("Let’s pool our resources"));
        // …and emails, even requested from another browser in French.
        app.call(
            &app.client(),
            "request_password_reset",
            &[("email", "amina@exemple.org")],
        )
        .await
        .ok();
        let mail = app.outbox().await.into_iter().next().expect("mail");
        assert_eq!(mail.subject, "Reset your Partage password");
        app.call(&client, "set_locale", &[("locale", "de")])
            .await
            .error(422, "error.invalid");
    }
);

both_backends!(
    private_functions_refuse_visitors,
    |app: Arc<TestApp>| async move {
        let (_, org) = app
            .admin_of("Cuisine collective", "admin@exemple.org")
            .await;
        let visitor = app.client();
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("update_profile", vec![("name", "X")]),
            ("resend_verification", vec![]),
            (
                "create_organization",
                vec![
                    ("input[name]", "X Y"),
                    ("input[kind]", "community"),
                    ("input[region]", "06"),
                ],
            ),
            (
                "update_organization",
                vec![
                    ("id", &org),
                    ("input[name]", "X Y"),
                    ("input[kind]", "community"),
                    ("input[region]", "06"),
                ],
            ),
            ("switch_organization", vec![("org_id", &org)]),
            (
                "invite_member",
                vec![
                    ("org_id", &org),
                    ("email", "a@exemple.org"),
                    ("role", "member"),
                ],
            ),
            (
                "revoke_invitation",
                vec![("org_id", &org), ("invitation_id", "x")],
            ),
            ("accept_invitation", vec![("token", "x")]),
            (
                "change_member_role",
                vec![("org_id", &org), ("user_id", "x"), ("role", "admin")],
            ),
            ("remove_member", vec![("org_id", &org), ("user_id", "x")]),
            ("leave_organization", vec![("org_id", &org)]),
            ("admin_list_organizations", vec![]),
            (
                "set_organization_verified",
                vec![("org_id", &org), ("verified", "true")],
            ),
            ("admin_list_outbox", vec![]),
        ];
        for (endpoint, form) in calls {
            let answer = app.call(&visitor, endpoint, &form).await;
            assert_eq!(
                answer.status.as_u16(),
                401,
                "{endpoint} must refuse a visitor: {}",
                answer.body
            );
            assert_eq!(answer.body["kind"], "unauthorized", "{endpoint}");
        }
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emails_go_through_smtp_when_configured() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        run(
            backend,
            Options { smtp: true },
            |app: Arc<TestApp>| async move {
                app.sign_up("Jean", "jean@exemple.org").await;
                let sink = app.smtp.clone().expect("sink");
                let mut delivered = Vec::new();
                for _ in 0..100 {
                    delivered = sink.messages.lock().await.clone();
                    if !delivered.is_empty() {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                assert_eq!(delivered.len(), 1, "one message reached the SMTP server");
                assert!(delivered[0].contains("jean@exemple.org"));
                assert!(
                    delivered[0].contains("Subject: Confirmez votre adresse courriel"),
                    "{}",
                    delivered[0]
                );
                // The outbox records the delivery.
                for _ in 0..100 {
                    if app.outbox().await[0].sent_at.is_some() {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                let mail = &app.outbox().await[0];
                assert_eq!(mail.transport, "smtp");
                assert!(mail.sent_at.is_some() && mail.error.is_none(), "{mail:?}");
                // The delivered message has its link; the kept copy has none that works.
                assert!(delivered[0].contains("jeton="), "{}", delivered[0]);
                assert!(!mail.body.contains("jeton="), "{}", mail.body);
                assert!(
                    mail.body.contains("lien à usage unique retiré"),
                    "{}",
                    mail.body
                );
                // Nor do the copies of a reset or an invitation.
                let (admin, org) = app.admin_of("Popote roulante", "popote@exemple.org").await;
                app.call(
                    &admin,
                    "invite_member",
                    &[
                        ("org_id", org.as_str()),
                        ("email", "benevole@exemple.org"),
                        ("role", "member"),
                    ],
                )
                .await
                .ok();
                app.call(
                    &app.client(),
                    "request_password_reset",
                    &[("email", "jean@exemple.org")],
                )
                .await
                .ok();
                for kept in app.outbox().await {
                    assert!(
                        !kept.body.contains("jeton="),
                        "{}: {}",
                        kept.subject,
                        kept.body
                    );
                }
            },
        )
        .await;
    }
}
