//! A resource kept for partners: its admins list them by name; only they may book; the owner's
//! members see who booked in the week view, everyone else free and busy only.

use std::sync::Arc;

use crate::{
    bookings::{kitchen, request, saturday},
    both_backends,
    helpers::TestApp,
};

both_backends!(
    only_listed_partners_book_a_resource_kept_for_them,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        let (partner, partner_org) = app.admin_of("Banque alimentaire", "sam@exemple.org").await;
        let (other, other_org) = app.admin_of("Autre organisme", "zoe@exemple.org").await;
        let kitchen = kitchen(&app, &owner, &owner_org, &[("input[audience]", "partners")]).await;
        let date = saturday(3);

        // Nobody is a partner yet.
        request(
            &app,
            &partner,
            &kitchen,
            &partner_org,
            (&date, "08:00", "10:00"),
            "1",
        )
        .await
        .error(409, "error.booking_partners_only");

        // Only the owner's admins list partners, by a registered organization's name.
        app.call(&other, "list_partners", &[("resource_id", &kitchen)])
            .await
            .error(403, "");
        app.call(
            &other,
            "add_partner",
            &[("resource_id", &kitchen), ("name", "Autre organisme")],
        )
        .await
        .error(403, "");
        for (name, code) in [
            ("", "error.org_name_required"),
            ("Organisme inconnu", "error.partner_unknown"),
            ("Cuisine collective", "error.partner_self"),
        ] {
            app.call(
                &owner,
                "add_partner",
                &[("resource_id", &kitchen), ("name", name)],
            )
            .await
            .error(422, code);
        }
        app.call(
            &owner,
            "add_partner",
            &[("resource_id", &kitchen), ("name", "banque ALIMENTAIRE")],
        )
        .await
        .ok();
        let listed = app
            .call(&owner, "list_partners", &[("resource_id", &kitchen)])
            .await;
        assert_eq!(listed.ok()["partners"][0][1], "Banque alimentaire");
        assert!(
            listed.ok()["choices"]
                .to_string()
                .contains("Autre organisme"),
            "admins pick from the other organizations' names"
        );

        // The partner books; the other organization still cannot.
        let booked = request(
            &app,
            &partner,
            &kitchen,
            &partner_org,
            (&date, "08:00", "10:00"),
            "1",
        )
        .await;
        booked.ok();
        request(
            &app,
            &other,
            &kitchen,
            &other_org,
            (&date, "10:00", "12:00"),
            "1",
        )
        .await
        .error(409, "error.booking_partners_only");

        // The owner's members see who asked in the week; visitors and others see nothing of it.
        let week = |client: reqwest::Client| {
            let (app, kitchen, date) = (app.clone(), kitchen.clone(), date.clone());
            async move {
                app.call(
                    &client,
                    "resource_availability",
                    &[("resource_id", &kitchen), ("from", &date), ("days", "1")],
                )
                .await
                .ok()
                .clone()
            }
        };
        let seen = week(owner.clone()).await;
        assert_eq!(
            seen["bookings"][0]["requester_org_name"],
            "Banque alimentaire"
        );
        for outsider in [other.clone(), app.client(), partner.clone()] {
            let seen = week(outsider).await;
            assert_eq!(seen["bookings"].as_array().map(Vec::len), Some(0), "{seen}");
            assert!(!seen.to_string().contains("Banque alimentaire"));
        }

        // Removed, the partner can no longer book.
        app.call(
            &owner,
            "remove_partner",
            &[("resource_id", &kitchen), ("org_id", &partner_org)],
        )
        .await
        .ok();
        app.call(
            &owner,
            "remove_partner",
            &[("resource_id", &kitchen), ("org_id", &partner_org)],
        )
        .await
        .error(404, "");
        request(
            &app,
            &partner,
            &kitchen,
            &partner_org,
            (&date, "13:00", "15:00"),
            "1",
        )
        .await
        .error(409, "error.booking_partners_only");
    }
);
