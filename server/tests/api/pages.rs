//! Pages render on the server, in the visitor's language, before any WASM arrives.

use std::sync::Arc;

use crate::{both_backends, helpers::TestApp};

both_backends!(health_answers_when_the_database_does, |app: Arc<
    TestApp,
>| async move {
    let response = reqwest::get(format!("{}/healthz", app.base))
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    app.db.close().await;
    let response = reqwest::get(format!("{}/healthz", app.base))
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 503);
});

both_backends!(
    home_page_is_server_rendered_in_the_visitors_language,
    |app: Arc<TestApp>| async move {
        let french = reqwest::get(format!("{}/", app.base))
            .await
            .expect("request");
        assert_eq!(french.status().as_u16(), 200);
        let html = french.text().await.expect("html");
        assert!(html.contains("<html lang=\"fr-CA\""), "French by default");
        assert!(html.contains("Mettons nos ressources en commun"));
        assert!(html.contains("Aller au contenu"), "skip link");
        assert!(html.contains("<main id=\"main\""), "main landmark");

        let english = app.html(&app.client(), "/", Some("en-US,en;q=0.8")).await;
        assert!(english.contains("<html lang=\"en-CA\""));
        assert!(english.contains("Let’s pool our resources"));
    }
);

both_backends!(
    unknown_pages_get_a_real_404,
    |app: Arc<TestApp>| async move {
        let response = reqwest::get(format!("{}/nulle-part", app.base))
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 404);
        let html = response.text().await.expect("html");
        assert!(html.contains("Page introuvable"));
        assert!(html.contains("Retour à l’accueil"));
    }
);

both_backends!(
    signed_in_pages_show_the_person_without_waiting_for_the_browser,
    |app: Arc<TestApp>| async move {
        let (client, _) = app
            .admin_of("Cuisine du Faubourg", "lea@faubourg.test")
            .await;
        for path in ["/", "/catalogue", "/compte", "/nulle-part"] {
            let html = app.html(&client, path, None).await;
            // The frame is rendered for this person on the server: organization switcher,
            // account menu, « Mon catalogue » — not the visitor's « Se connecter ».
            assert!(html.contains("Cuisine du Faubourg"), "{path}: org switcher");
            assert!(html.contains("/mon-catalogue"), "{path}: members' section");
            assert!(
                !html.contains("href=\"/connexion\""),
                "{path}: no sign-in link"
            );
        }
        let account = app.html(&client, "/compte", None).await;
        assert!(
            account.contains("lea@faubourg.test"),
            "account page content"
        );

        let visitor = app.html(&app.client(), "/", None).await;
        assert!(visitor.contains("href=\"/connexion\""));
        assert!(!visitor.contains("/mon-catalogue"));
        assert!(!visitor.contains("Cuisine du Faubourg"));
    }
);

both_backends!(
    a_forged_session_cookie_on_a_page_is_nobody_and_cleared,
    |app: Arc<TestApp>| async move {
        let response = reqwest::Client::new()
            .get(format!("{}/", app.base))
            .header("cookie", "partage_session=forged-0000")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 200);
        let cleared = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("partage_session=;") && c.contains("Max-Age=0"));
        assert!(cleared, "the forged cookie is cleared");
        let html = response.text().await.expect("html");
        assert!(
            html.contains("href=\"/connexion\""),
            "rendered for a visitor"
        );
    }
);

both_backends!(
    simultaneous_page_loads_all_complete,
    |app: Arc<TestApp>| async move {
        // Many pages at once, signed in and not: each must arrive whole. Under load, Leptos'
        // server rendering sometimes never finishes a page (a lost Suspense wake-up: seen on the
        // home page and the catalogue); the server renders such a page again (`render_page`).
        let (member, _) = app.admin_of("Banque alimentaire", "ana@banque.test").await;
        let visitor = app.client();
        let mut tasks = Vec::new();
        for worker in 0..8 {
            let client = if worker % 2 == 0 {
                member.clone()
            } else {
                visitor.clone()
            };
            let base = app.base.clone();
            tasks.push(tokio::spawn(async move {
                for round in 0..15 {
                    let path = ["/", "/catalogue", "/besoins"][round % 3];
                    let html = tokio::time::timeout(std::time::Duration::from_secs(60), async {
                        client
                            .get(format!("{base}{path}"))
                            .send()
                            .await
                            .expect("request")
                            .text()
                            .await
                            .expect("html")
                    })
                    .await
                    .unwrap_or_else(|_| panic!("{path} did not complete within 60 s"));
                    // `text()` returns once the stream has ended.
                    assert!(html.contains("</main>"), "{path}: whole page");
                }
            }));
        }
        for task in tasks {
            task.await.expect("worker");
        }
    }
);

both_backends!(
    pages_hand_the_browser_their_language_s_messages,
    |app: Arc<TestApp>| async move {
        let script_of = |html: &str| {
            let start = html.find("src=\"/i18n/").expect("a messages script") + 5;
            let end = start + html[start..].find('"').expect("end of src");
            html[start..end].to_owned()
        };
        let french = app.html(&app.client(), "/", None).await;
        let english = app.html(&app.client(), "/catalogue", Some("en-CA")).await;
        let (fr, en) = (script_of(&french), script_of(&english));
        assert!(
            fr.starts_with("/i18n/fr-") && en.starts_with("/i18n/en-"),
            "{fr} {en}"
        );

        let response = reqwest::get(format!("{}{fr}", app.base))
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 200);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(header("content-type").starts_with("text/javascript"));
        assert!(header("cache-control").contains("immutable"));
        let script = response.text().await.expect("script");
        assert!(script.starts_with("window.__partageMessages="));
        assert!(script.contains("Mettons nos ressources en commun"));
        assert!(!script.contains("Let’s pool our resources"), "French only");

        for unknown in ["/i18n/fr-0000000000000000.js", "/i18n/de.js", "/i18n/"] {
            let response = reqwest::get(format!("{}{unknown}", app.base))
                .await
                .expect("request");
            assert_eq!(response.status().as_u16(), 404, "{unknown}");
        }
    }
);

/// A page whose rendering stalls is dropped and rendered again; one that never finishes ends
/// in a 503 instead of a connection left open for good.
#[tokio::test]
async fn a_stalled_page_render_is_started_again() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::{
        Router,
        body::{Body, Bytes},
        extract::Request,
        middleware::{self, Next},
        routing::get,
    };
    use futures_util::{StreamExt, stream};

    let calls = Arc::new(AtomicUsize::new(0));
    // The first render sends its first bytes, then never finishes; the next ones are whole.
    let page = {
        let calls = Arc::clone(&calls);
        move || {
            let first = calls.fetch_add(1, Ordering::SeqCst) == 0;
            async move {
                if first {
                    Body::from_stream(
                        stream::once(async {
                            Ok::<_, std::io::Error>(Bytes::from("<!DOCTYPE html>"))
                        })
                        .chain(stream::pending()),
                    )
                } else {
                    Body::from("<!DOCTYPE html><main>whole</main>")
                }
            }
        }
    };
    let never = || async { Body::from_stream(stream::pending::<Result<Bytes, std::io::Error>>()) };
    let router = Router::new()
        .route("/page", get(page))
        .route("/never", get(never))
        .layer(middleware::from_fn(
            |request: Request, next: Next| async move {
                let (parts, _) = request.into_parts();
                server::render_page(parts, next).await
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let started = std::time::Instant::now();
    let response = reqwest::get(format!("{base}/page")).await.expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.text().await.expect("body"),
        "<!DOCTYPE html><main>whole</main>"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2, "rendered a second time");
    assert!(started.elapsed() >= std::time::Duration::from_secs(5));

    let response = reqwest::get(format!("{base}/never"))
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 503);
}
