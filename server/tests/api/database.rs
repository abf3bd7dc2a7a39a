//! The database's own rules answer as specific conflicts, and a stored value that does not
//! parse is an error, never a silent default.

use app::{
    accounts::repo::{NewUser, insert_user},
    db::Constraint,
    error::AppError,
    i18n::Msg,
    organizations::{repo as orgs, types::Role},
};

use crate::{both_backends, helpers::*};

fn user<'a>(id: &'a str, email: &'a str) -> NewUser<'a> {
    NewUser {
        id,
        email,
        name: "Léa",
        password_hash: "x",
        locale: "fr",
        is_platform_admin: false,
        email_verified_at: None,
        now: 0,
    }
}

both_backends!(broken_rules_are_known_by_name, |app: std::sync::Arc<
    TestApp,
>| async move {
    let pool = app.db.pool();
    insert_user(pool, &user("u1", "lea@exemple.org"))
        .await
        .expect("first");
    let taken = insert_user(pool, &user("u2", "lea@exemple.org"))
        .await
        .expect_err("same address");
    assert_eq!(Constraint::broken_by(&taken), Some(Constraint::UserEmail));
    assert_eq!(
        AppError::from(taken),
        AppError::conflict(Msg::ErrorEmailTaken)
    );

    let (_, org) = app.admin_of("Popote roulante", "popote@exemple.org").await;
    orgs::insert_membership(pool, &org, "u1", Role::Member, 0)
        .await
        .expect("member");
    let twice = orgs::insert_membership(pool, &org, "u1", Role::Admin, 0)
        .await
        .expect_err("twice");
    assert_eq!(Constraint::broken_by(&twice), Some(Constraint::Membership));
    assert_eq!(
        AppError::from(twice),
        AppError::conflict(Msg::ErrorAlreadyMember)
    );

    // A rule that is not a uniqueness one we name stays an internal error.
    let missing = orgs::insert_membership(pool, "pas-un-organisme", "u1", Role::Member, 0)
        .await
        .expect_err("foreign key");
    assert_eq!(Constraint::broken_by(&missing), None);
    assert_eq!(AppError::from(missing), AppError::internal());
});

both_backends!(
    an_unknown_stored_value_is_an_error_not_a_default,
    |app: std::sync::Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Popote roulante", "popote@exemple.org").await;
        let pool = app.db.pool();
        assert!(orgs::find_organization(pool, &org).await.is_ok());
        // A region code written by a newer version, or by hand (the schema has no list).
        sqlx::query("UPDATE organizations SET region = '99' WHERE id = $1")
            .bind(&org)
            .execute(pool)
            .await
            .expect("update");
        // Through the API: an internal error, not an organization placed in Montréal.
        let answer = app
            .call(&admin, "get_organization", &[("id", org.as_str())])
            .await;
        assert_eq!(answer.status.as_u16(), 500, "{}", answer.body);
        assert_eq!(answer.body["kind"], "internal");
        assert!(orgs::find_organization(pool, &org).await.is_err());
        sqlx::query(
            "UPDATE organizations SET region = '06', kind = 'societe_secrete' WHERE id = $1",
        )
        .bind(&org)
        .execute(pool)
        .await
        .expect("update");
        assert!(
            orgs::find_organization(pool, &org).await.is_err(),
            "an unknown kind is not « other »"
        );
    }
);
