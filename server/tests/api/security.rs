//! Tried as an attacker would: stored markup stays text on every page, every render of a URL
//! answers alike, other sites cannot write with a visitor's cookie, and the protective headers
//! stand behind all of it.

use std::{collections::BTreeSet, sync::Arc};

use reqwest::{Client, StatusCode};

use crate::{
    both_backends,
    helpers::{Answer, TestApp},
};

/// Markup that would run if a page wrote it unescaped: each closes one of the elements whose
/// content the HTML parser does not read as markup, or an attribute, then adds an element.
const PAYLOADS: [&str; 5] = [
    "</title><img src=x onerror=alert(1)>",
    "</textarea><img src=x onerror=alert(2)>",
    "</script><script>alert(3)</script>",
    "</style><img src=x onerror=alert(4)>",
    "\"><img src=x onerror=alert(5)>",
];

/// What a page must never contain when the payloads are stored: the elements they try to add.
fn assert_inert(html: &str, page: &str) {
    for injected in ["<img src=x", "<script>alert", "javascript:alert"] {
        assert!(
            !html.contains(injected),
            "{page}: stored markup {injected:?} written as markup:\n{}",
            around(html, injected)
        );
    }
}

fn around(html: &str, needle: &str) -> String {
    let at = html.find(needle).unwrap_or_default();
    let start = html.floor_char_boundary(at.saturating_sub(200));
    let end = html.ceil_char_boundary((at + 200).min(html.len()));
    html[start..end].to_owned()
}

/// The text of the page's `<title>`, as the browser reads it (character references decoded).
fn title_of(html: &str) -> Option<String> {
    let start = html.find("<title>")? + "<title>".len();
    let end = start + html[start..].find("</title>")?;
    Some(
        html[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&amp;", "&"),
    )
}

/// An organization, a person, a resource and a need whose every text field holds a payload.
async fn hostile_content(app: &TestApp) -> (Client, String, String, String) {
    let client = app.sign_up(PAYLOADS[4], "mallory@exemple.org").await;
    let org = app
        .create(
            &client,
            "create_organization",
            &[
                ("input[name]", PAYLOADS[0]),
                ("input[kind]", "community"),
                ("input[region]", "06"),
                ("input[address]", PAYLOADS[4]),
                ("input[description]", PAYLOADS[1]),
            ],
        )
        .await;
    let resource = app
        .create(
            &client,
            "create_resource",
            &[
                ("org_id", org.as_str()),
                ("publish", "on"),
                ("input[category]", "kitchen"),
                ("input[title]", PAYLOADS[0]),
                ("input[description]", PAYLOADS[1]),
                ("input[region]", "06"),
                ("input[address]", PAYLOADS[4]),
                ("input[access_notes]", PAYLOADS[2]),
                ("input[equipment]", PAYLOADS[3]),
                ("input[work_stations]", "4"),
                ("input[price_unit]", "free"),
                ("input[capacity]", "4"),
                ("input[hours][sat][open]", "08:00"),
                ("input[hours][sat][close]", "17:00"),
            ],
        )
        .await;
    let need = app
        .create(
            &client,
            "create_need",
            &[
                ("org_id", org.as_str()),
                ("input[category]", "kitchen"),
                ("input[title]", PAYLOADS[0]),
                ("input[description]", PAYLOADS[1]),
                ("input[regions][0]", "06"),
                ("input[sat]", "on"),
                ("input[from_time]", "08:00"),
                ("input[to_time]", "12:00"),
                ("input[quantity]", "1"),
                ("input[quantity_unit]", "units"),
            ],
        )
        .await;
    (client, org, resource, need)
}

both_backends!(stored_markup_stays_text_on_every_page, |app: Arc<
    TestApp,
>| async move {
    let (owner, org, resource, need) = hostile_content(&app).await;
    let visitor = app.client();
    let pages = [
        (&owner, format!("/ressources/{resource}")),
        (&owner, format!("/ressources/{resource}/modifier")),
        (&owner, format!("/besoins/{need}")),
        (&owner, format!("/organismes/{org}")),
        (&owner, "/mon-catalogue".to_owned()),
        (&owner, "/compte".to_owned()),
        (&owner, "/catalogue".to_owned()),
        (&owner, "/besoins".to_owned()),
        (&owner, "/ressources/nouvelle".to_owned()),
        (&visitor, format!("/ressources/{resource}")),
        (&visitor, format!("/besoins/{need}")),
        (&visitor, format!("/organismes/{org}")),
        (&visitor, "/catalogue?q=title".to_owned()),
        (&visitor, "/besoins".to_owned()),
        (&visitor, "/".to_owned()),
    ];
    for (client, path) in &pages {
        let html = app.html(client, path, None).await;
        assert_inert(&html, path);
    }
    // The home page lists the new resource, its title as text.
    let html = app.html(&visitor, "/", None).await;
    assert!(
        html.contains(&format!("/ressources/{resource}\""))
            && html.contains("&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;</a>"),
        "the home page lists the newest resource:\n{html}"
    );
    // The titles show the stored text, as text.
    for path in [
        format!("/ressources/{resource}"),
        format!("/besoins/{need}"),
        format!("/organismes/{org}"),
    ] {
        let html = app.html(&visitor, &path, None).await;
        assert_eq!(
            title_of(&html).as_deref(),
            Some(format!("{} · Partage", PAYLOADS[0]).as_str()),
            "{path}"
        );
    }
    // The edit form gives the stored text back unchanged.
    let html = app
        .html(&owner, &format!("/ressources/{resource}/modifier"), None)
        .await;
    assert!(html.contains("&lt;/textarea&gt;&lt;img src=x onerror=alert(2)&gt;</textarea>"));
});

both_backends!(stored_markup_stays_text_in_the_inbox, |app: Arc<
    TestApp,
>| async move {
    let (owner, _, resource, _) = hostile_content(&app).await;
    let (other, other_org) = app.admin_of(PAYLOADS[4], "autre@exemple.org").await;
    // Every payload, and addresses that try to leave their link.
    let body = format!(
        "{}\nhttps://exemple.org/\"><img src=x onerror=alert(6)>\n\
         www.exemple.org/<script>alert(7)</script> javascript:void(8)",
        PAYLOADS.join("\n")
    );
    let id = app
        .create(
            &other,
            "start_conversation",
            &[
                ("org_id", &other_org),
                ("kind", "resource"),
                ("subject_id", &resource),
                ("body", &body),
            ],
        )
        .await;
    app.call(
        &owner,
        "send_message",
        &[("conversation_id", &id), ("body", PAYLOADS[2])],
    )
    .await
    .ok();
    app.call(
        &other,
        "report_conversation",
        &[("conversation_id", &id), ("reason", &PAYLOADS.join(" "))],
    )
    .await
    .ok();
    let admin = app.platform_admin().await;
    let pages = [
        (&owner, "/messages".to_owned()),
        (&owner, format!("/messages/{id}")),
        (&other, "/messages".to_owned()),
        (&other, format!("/messages/{id}")),
        (
            &other,
            format!("/messages/nouveau?sujet=resource&id={resource}"),
        ),
        (&admin, "/admin".to_owned()),
    ];
    for (client, path) in &pages {
        let html = app.html(client, path, None).await;
        assert_inert(&html, path);
        assert!(!html.contains("<img src"), "{path}");
    }
    // The addresses became links, markup and all escaped inside them; the rest stayed text.
    let html = app.html(&owner, &format!("/messages/{id}"), None).await;
    assert!(
        html.contains(r#"<a href="https://exemple.org/&quot;&gt;&lt;img" rel="noopener noreferrer nofollow ugc" target="_blank">"#),
        "{}",
        around(&html, "exemple.org/")
    );
    assert!(html.contains(r#"href="https://www.exemple.org/&lt;script&gt;alert(7)&lt;/script""#));
    assert!(!html.contains("href=\"javascript:"));
    // The thread's title names the other organization as text.
    assert_eq!(
        title_of(&html).as_deref(),
        Some(format!("{} — Messages · Partage", PAYLOADS[4]).as_str())
    );
});

/// Requests `path` `count` times, `parallel` at once, and returns each distinct
/// (status, title) it got.
async fn renders(
    app: &TestApp,
    path: &str,
    count: usize,
    parallel: usize,
) -> BTreeSet<(u16, Option<String>)> {
    let client = app.client();
    let mut seen = BTreeSet::new();
    for _ in 0..count / parallel {
        let batch = (0..parallel).map(|_| {
            let request = client.get(format!("{}{path}", app.base)).send();
            async move {
                let response = request.await.expect("request");
                let status = response.status().as_u16();
                let html = response.text().await.expect("html");
                (status, title_of(&html))
            }
        });
        seen.extend(futures_util::future::join_all(batch).await);
    }
    seen
}

both_backends!(
    every_render_of_a_url_answers_alike,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app
            .admin_of("Cuisine du Faubourg", "lea@faubourg.test")
            .await;
        let resource = app
            .create(
                &admin,
                "create_resource",
                &[
                    ("org_id", org.as_str()),
                    ("publish", "on"),
                    ("input[category]", "freezer"),
                    ("input[title]", "Congélateur coffre 500 L"),
                    ("input[region]", "06"),
                    ("input[price_unit]", "free"),
                ],
            )
            .await;
        let need = app
            .create(
                &admin,
                "create_need",
                &[
                    ("org_id", org.as_str()),
                    ("input[category]", "freezer"),
                    ("input[title]", "Espace congélateur, 2 palettes"),
                    ("input[regions][0]", "06"),
                    ("input[quantity]", "2"),
                    ("input[quantity_unit]", "pallets"),
                ],
            )
            .await;
        let expected = [
            (
                format!("/ressources/{resource}"),
                200,
                "Congélateur coffre 500 L · Partage",
            ),
            (
                "/ressources/0190f0a0-0000-7000-8000-000000000000".to_owned(),
                404,
                "Page introuvable · Partage",
            ),
            (
                "/ressources/pas-un-identifiant".to_owned(),
                404,
                "Page introuvable · Partage",
            ),
            (
                format!("/besoins/{need}"),
                200,
                "Espace congélateur, 2 palettes · Partage",
            ),
            (
                "/besoins/0190f0a0-0000-7000-8000-000000000000".to_owned(),
                404,
                "Page introuvable · Partage",
            ),
            (
                format!("/organismes/{org}"),
                200,
                "Cuisine du Faubourg · Partage",
            ),
            (
                "/organismes/0190f0a0-0000-7000-8000-000000000000".to_owned(),
                404,
                "Page introuvable · Partage",
            ),
            (
                "/catalogue".to_owned(),
                200,
                "Catalogue des ressources · Partage",
            ),
            ("/besoins".to_owned(), 200, "Tableau des besoins · Partage"),
            ("/".to_owned(), 200, "Partage"),
            ("/nulle-part".to_owned(), 404, "Page introuvable · Partage"),
        ];
        // All page types at once, each 50 times, 5 requests in flight per page type: the
        // server renders up to 55 pages at the same time.
        let runs = expected
            .iter()
            .map(|(path, _, _)| renders(&app, path, 50, 5));
        let seen = futures_util::future::join_all(runs).await;
        for ((path, status, title), seen) in expected.iter().zip(seen) {
            let want = BTreeSet::from([(*status, Some((*title).to_owned()))]);
            assert_eq!(seen, want, "{path}");
        }
    }
);

both_backends!(
    other_sites_cannot_write_with_a_visitors_cookie,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app
            .admin_of("Cuisine du Faubourg", "lea@faubourg.test")
            .await;
        let before = app.count("needs").await;
        let need_form = [
            ("org_id", org.as_str()),
            ("input[category]", "freezer"),
            ("input[title]", "Besoin forgé ailleurs"),
            ("input[regions][0]", "06"),
        ];
        // A form on another site, posted by the victim's browser.
        let forged = admin
            .post(format!("{}/api/create_need", app.base))
            .header("origin", "https://evil.example")
            .form(&need_form)
            .send()
            .await
            .expect("request");
        let forged = Answer::from(forged).await;
        assert_eq!(forged.error(403, "")["kind"], "forbidden");
        // A `text/plain` body (a form's enctype that needs no preflight), said by Fetch
        // Metadata rather than Origin.
        let plain = admin
            .post(format!("{}/api/create_need", app.base))
            .header("sec-fetch-site", "cross-site")
            .header("content-type", "text/plain")
            .body("org_id=x")
            .send()
            .await
            .expect("request");
        assert_eq!(plain.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.count("needs").await, before, "nothing was created");

        // A cross-site sign-in sets no session.
        let stranger = app.client();
        let sign_in = stranger
            .post(format!("{}/api/sign_in", app.base))
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[
                ("email", "lea@faubourg.test"),
                ("password", crate::helpers::PASSWORD),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(sign_in.status(), StatusCode::FORBIDDEN);
        assert!(sign_in.headers().get("set-cookie").is_none());

        // The site's own pages still write: same origin by Fetch Metadata, or by Origin.
        let host = app.base.trim_start_matches("http://").to_owned();
        let own = admin
            .post(format!("{}/api/create_need", app.base))
            .header("origin", app.base.as_str())
            .header("host", host.as_str())
            .header("sec-fetch-site", "same-origin")
            .form(&need_form)
            .send()
            .await
            .expect("request");
        assert_eq!(own.status(), StatusCode::OK);
        let own = admin
            .post(format!("{}/api/create_need", app.base))
            .header("origin", app.base.as_str())
            .form(&need_form)
            .send()
            .await
            .expect("request");
        assert_eq!(own.status(), StatusCode::OK);
        assert_eq!(app.count("needs").await, before + 2);
    }
);

both_backends!(
    protective_headers_on_every_response,
    |app: Arc<TestApp>| async move {
        let client = app.client();
        let page = app.get(&client, "/catalogue").await;
        let policy = page
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .expect("a policy on pages")
            .to_owned();
        for header in [
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
        ] {
            assert!(page.headers().contains_key(header), "{header} on pages");
        }
        let html = page.text().await.expect("html");
        // The policy's nonce is the one on the page's scripts, and differs on every page.
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy")
            .to_owned();
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "scripts carry the nonce"
        );
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("'wasm-unsafe-eval'"));
        // Inline scripts and style elements are refused; only style attributes (the board's
        // block positions) are allowed.
        let directive = |name: &str| {
            policy
                .split(';')
                .map(str::trim)
                .find(|d| d.split_whitespace().next() == Some(name))
                .unwrap_or_default()
                .to_owned()
        };
        assert!(
            !directive("script-src").contains("unsafe-inline"),
            "{policy}"
        );
        assert_eq!(directive("style-src"), "style-src 'self'");
        assert_eq!(directive("style-src-elem"), "style-src-elem 'self'");
        assert_eq!(
            directive("style-src-attr"),
            "style-src-attr 'unsafe-inline'"
        );
        assert_eq!(policy.matches("unsafe-inline").count(), 1, "{policy}");
        let again = app.get(&client, "/catalogue").await;
        let policy_again = again.headers()["content-security-policy"]
            .to_str()
            .expect("text");
        assert_ne!(policy, policy_again, "a fresh nonce per page");
        // No inline script goes without the nonce.
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or_default();
            assert!(
                tag.contains("src=") || tag.contains(&format!("nonce=\"{nonce}\"")),
                "inline script without the nonce: <script{tag}>"
            );
        }

        for (post, path) in [
            (true, "/api/get_session"),
            (false, "/healthz"),
            (false, "/catalogue/modele.csv"),
        ] {
            let url = format!("{}{path}", app.base);
            let request = if post {
                client.post(url)
            } else {
                client.get(url)
            };
            let response = request.send().await.expect("request");
            let policy = response
                .headers()
                .get("content-security-policy")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            assert!(policy.starts_with("default-src 'none'"), "{path}: {policy}");
            assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        }
    }
);

both_backends!(
    simultaneous_guesses_are_all_counted,
    |app: Arc<TestApp>| async move {
        app.sign_up("Marc", "marc@exemple.org").await;
        let attacker = app.client();
        // 40 wrong passwords for one account, all at once.
        let guesses = (0..40).map(|_| {
            app.call(
                &attacker,
                "sign_in",
                &[
                    ("email", "marc@exemple.org"),
                    ("password", "mauvais-mot-de-passe"),
                ],
            )
        });
        let mut answers = futures_util::future::join_all(guesses).await;
        // And then one after the other.
        for _ in 0..10 {
            answers.push(
                app.call(
                    &attacker,
                    "sign_in",
                    &[
                        ("email", "marc@exemple.org"),
                        ("password", "mauvais-mot-de-passe"),
                    ],
                )
                .await,
            );
        }
        let checked = answers.iter().filter(|a| a.status.as_u16() == 422).count();
        let refused = answers.iter().filter(|a| a.status.as_u16() == 429).count();
        assert_eq!(
            checked + refused,
            50,
            "only wrong-password or limited answers"
        );
        assert!(
            checked <= 5,
            "{checked} guesses were checked against a limit of 5"
        );
    }
);

both_backends!(
    guesses_from_elsewhere_do_not_lock_the_owner_out,
    |app: Arc<TestApp>| async move {
        let owner = app.sign_up("Marc", "marc@exemple.org").await;
        app.call(&owner, "sign_out", &[]).await.ok();
        let right = [
            ("email", "marc@exemple.org"),
            ("password", crate::helpers::PASSWORD),
        ];
        let wrong = [
            ("email", "marc@exemple.org"),
            ("password", "mauvais-mot-de-passe"),
        ];
        // Someone else guesses until refused.
        let attacker = app.client();
        for _ in 0..5 {
            app.call(&attacker, "sign_in", &wrong)
                .await
                .error(422, "error.wrong_credentials");
        }
        app.call(&attacker, "sign_in", &right).await.error(429, "");
        // The owner's browser, where the account was used before, still signs in.
        app.call(&owner, "sign_in", &right).await.ok();
        app.call(&owner, "sign_out", &[]).await.ok();
        // Its own failures are limited too, for that browser only.
        for _ in 0..5 {
            app.call(&owner, "sign_in", &wrong)
                .await
                .error(422, "error.wrong_credentials");
        }
        app.call(&owner, "sign_in", &right).await.error(429, "");
        // A device cookie made up, or taken from another account, counts for nothing.
        let forger = Client::builder().build().expect("client");
        let forged = forger
            .post(format!("{}/api/sign_in", app.base))
            .header("cookie", "partage_appareil=0000")
            .form(&right)
            .send()
            .await
            .expect("request");
        assert_eq!(forged.status().as_u16(), 429);
    }
);

both_backends!(
    bad_input_gets_a_4xx_never_a_500,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app
            .admin_of("Cuisine du Faubourg", "lea@faubourg.test")
            .await;
        let before = app.count("needs").await;
        // A body over 2 MB: refused before it is read, with a translated message. The server may
        // close the connection before the client has written it all: then the client sees the
        // pipe break instead of the answer, and the refusal is only seen in what did not change.
        let huge = "x".repeat(3 * 1024 * 1024);
        let sent = admin
            .post(format!("{}/api/create_need", app.base))
            .form(&[("org_id", org.as_str()), ("input[title]", huge.as_str())])
            .send()
            .await;
        match sent {
            Ok(response) => {
                assert_eq!(response.status().as_u16(), 413);
                let body: serde_json::Value = response.json().await.expect("json");
                assert!(
                    body["message"].as_str().unwrap_or_default().contains("2"),
                    "{body}"
                );
            }
            Err(e) => assert!(e.is_request(), "{e}"),
        }
        // Not UTF-8, raw or percent-encoded. (A new connection: the server closed the one whose
        // body it did not read.)
        let admin = app.sign_in_again("lea@faubourg.test").await;
        for body in [
            &b"org_id=x&input%5Btitle%5D=%FF%FEcong"[..],
            &b"org_id=\xff\xfe"[..],
        ] {
            let response = admin
                .post(format!("{}/api/create_need", app.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_vec())
                .send()
                .await
                .expect("request");
            let body = Answer::from(response).await;
            let body = body.error(400, "error.body_not_utf8");
            assert!(
                body["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("UTF-8")
            );
        }
        // Control characters in a title.
        for title in [
            "Congélateur\u{0}coffre",
            "Congélateur \u{1b}[31mrouge",
            "Cuisine\u{7}",
        ] {
            app.call(
                &admin,
                "create_need",
                &[
                    ("org_id", org.as_str()),
                    ("input[category]", "freezer"),
                    ("input[title]", title),
                    ("input[regions][0]", "06"),
                ],
            )
            .await
            .error(422, "error.title_invalid");
            app.call(
                &admin,
                "create_resource",
                &[
                    ("org_id", org.as_str()),
                    ("input[category]", "freezer"),
                    ("input[title]", title),
                    ("input[region]", "06"),
                    ("input[price_unit]", "free"),
                ],
            )
            .await
            .error(422, "error.title_invalid");
        }
        assert_eq!(app.count("needs").await, before);
        assert_eq!(app.count("resources").await, 0);
        // A 50 KB search word, without signing in: a clear 422, on the API and on the page.
        let word = "congelateur".repeat(5_000);
        let visitor = app.client();
        app.call(&visitor, "search_resources", &[("query[q]", word.as_str())])
            .await
            .error(422, "error.query_too_long");
        app.call(&visitor, "search_needs", &[("query[q]", word.as_str())])
            .await
            .error(422, "error.query_too_long");
        let page = app.get(&visitor, &format!("/catalogue?q={word}")).await;
        // The page reads the first 200 characters of its address's query, and searches.
        assert_eq!(page.status().as_u16(), 200);
        assert!(
            page.text()
                .await
                .expect("html")
                .contains("Aucune ressource")
        );
        // A long word within the limit still searches.
        let word = "congelateur".repeat(15);
        let results = app
            .call(&visitor, "search_resources", &[("query[q]", word.as_str())])
            .await;
        assert_eq!(results.ok()["total"], 0);
    }
);

both_backends!(emails_are_bounded_per_recipient_and_sender, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app
        .admin_of("Cuisine du Faubourg", "lea@faubourg.test")
        .await;
    let before = app.outbox().await.len();
    // 25 invitations to one address, at once: 3 go out, the rest are told to wait.
    let invite = [
        ("org_id", org.as_str()),
        ("email", "cible@exemple.org"),
        ("role", "member"),
    ];
    let invitations = (0..25).map(|_| app.call(&admin, "invite_member", &invite));
    let answers = futures_util::future::join_all(invitations).await;
    let sent = answers.iter().filter(|a| a.status.as_u16() == 200).count();
    assert_eq!(sent, 3, "3 invitations a day to one address");
    for refused in answers.iter().filter(|a| a.status.as_u16() != 200) {
        refused.error(429, "");
    }
    let to_target = |mails: &[app::admin::types::OutboxEmail]| {
        mails.iter().filter(|m| m.to == "cible@exemple.org").count()
    };
    assert_eq!(to_target(&app.outbox().await), 3);
    // One sender, many addresses: 20 a day.
    let mut accepted = sent;
    for i in 0..20 {
        let address = format!("benevole{i}@exemple.org");
        let answer = app
            .call(
                &admin,
                "invite_member",
                &[
                    ("org_id", org.as_str()),
                    ("email", &address),
                    ("role", "member"),
                ],
            )
            .await;
        if answer.status.as_u16() == 200 {
            accepted += 1;
        } else {
            answer.error(429, "");
        }
    }
    assert_eq!(accepted, 20);
    // 15 reset requests for one person, at once: the same answer each time, 3 emails.
    let visitor = app.client();
    let reset = [("email", "lea@faubourg.test")];
    let resets = (0..15).map(|_| app.call(&visitor, "request_password_reset", &reset));
    for answer in futures_util::future::join_all(resets).await {
        answer.ok();
    }
    let resets = app
        .outbox()
        .await
        .into_iter()
        .filter(|m| m.to == "lea@faubourg.test" && m.subject.contains("mot de passe"))
        .count();
    assert_eq!(resets, 3);
    assert_eq!(app.outbox().await.len(), before + 20 + 3);
});
