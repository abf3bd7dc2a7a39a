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

        let english = reqwest::Client::new()
            .get(format!("{}/", app.base))
            .header("accept-language", "en-US,en;q=0.8")
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("html");
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
