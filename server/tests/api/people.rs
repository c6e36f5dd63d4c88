//! People and roles: admins invite staff and coordinators; coordinators see
//! their organisation's offer once signed in.

use crate::accounts::{link_from_outbox, sign_in};
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{mail_outbox, membership, organisation, organiser, partnership};

const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const KEMPEN_STAFF: &str = "tabitha.tanghe@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";
const PEOPLE: &str = "/beheer/biz-kempen/mensen";
const COORDINATOR: &str = "kim.coordinator@ocmw-partner.test";

/// A partner organisation of the organiser: (id, name).
async fn partner_of(app: &TestApp, organiser_slug: &str) -> (i32, String) {
    let org = organiser::Entity::find()
        .filter(organiser::Column::Slug.eq(organiser_slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let link = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(org.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let organisation = organisation::Entity::find_by_id(link.organisation_id).one(&app.db).await.unwrap().unwrap();
    (organisation.id, organisation.name)
}

on_both_databases!(an_admin_invites_a_coordinator_who_then_sees_the_offer, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie(PEOPLE, &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Hanne"), "the admin is listed");
    let csrf = csrf_of(&page.body);
    let cookie = [("cookie", hanne.as_str())];
    let (partner_id, partner_name) = partner_of(&app, "biz-kempen").await;
    let partner = partner_id.to_string();

    // A coordinator without an organisation is refused at the field.
    let missing = app
        .post_form(
            PEOPLE,
            &[("csrf", &csrf), ("naam", "Kim Coördinator"), ("email", COORDINATOR), ("rol", "coordinator")],
            &cookie,
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("Een coördinator hoort bij een partnerorganisatie"));
    assert!(missing.body.contains(COORDINATOR), "what was typed stays");

    let fields = [
        ("csrf", csrf.as_str()),
        ("naam", "Kim Coördinator"),
        ("email", COORDINATOR),
        ("rol", "coordinator"),
        ("organisatie", partner.as_str()),
    ];
    let invited = app.post_form(PEOPLE, &fields, &cookie).await;
    assert_eq!((invited.status, invited.location.as_str()), (303, "/beheer/biz-kempen/mensen?melding=uitgenodigd"));
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(COORDINATOR))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(mail.subject.contains("Uitnodiging"), "{}", mail.subject);
    assert!(mail.text_body.contains(&format!("coördinator voor {partner_name}")), "{}", mail.text_body);
    let again = app.post_form(PEOPLE, &fields, &cookie).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("heeft deze rol hier al"));

    let listed = app.get_with_cookie(PEOPLE, &hanne).await;
    assert!(listed.body.contains("Kim Coördinator") && listed.body.contains(&format!("Coördinator – {partner_name}")));
    let log = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(log.body.contains(&format!("nodigde Kim Coördinator uit als coördinator voor {partner_name}")));

    // The link still works a day later (invitations last a week), and only once.
    let path = link_from_outbox(&app, COORDINATOR).await;
    app.clock.set(app.clock_now() + chrono::Duration::days(1));
    let token = path.trim_start_matches("/aanmelden/");
    let confirmed = app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await;
    assert_eq!(confirmed.status, 303);
    let cookie = confirmed
        .set_cookie
        .iter()
        .find(|c| c.starts_with("leernet_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let mine = app.get_with_cookie("/mijn", &cookie).await;
    assert!(mine.body.contains("Welkom, Kim Coördinator"), "the invited name is used");
    assert!(mine.body.contains(&format!("Aanbod voor {partner_name}")));
    assert!(mine.body.contains("Enkel partners"), "partners-only events are part of the offer");
});

on_both_databases!(only_admins_manage_people_and_only_their_own, |app: TestApp| async move {
    let (partner_id, _) = partner_of(&app, "biz-kempen").await;
    let partner = partner_id.to_string();
    let tabitha = sign_in(&app, KEMPEN_STAFF).await;
    let page = app.get_with_cookie(PEOPLE, &tabitha).await;
    assert_eq!(page.status, 200, "staff see who is who");
    assert!(!page.body.contains("Uitnodiging versturen"));
    let csrf = csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &tabitha).await.body);
    let fields =
        [("csrf", csrf.as_str()), ("naam", "X"), ("email", "x@example.test"), ("rol", "admin"), ("organisatie", "")];
    let refused = app.post_form(PEOPLE, &fields, &[("cookie", tabitha.as_str())]).await;
    assert_eq!(refused.status, 403);

    let jens = sign_in(&app, NWVL_STAFF).await;
    let jens_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &jens).await.body);
    assert_eq!(app.get_with_cookie(PEOPLE, &jens).await.status, 404);
    let fields = [
        ("csrf", jens_csrf.as_str()),
        ("naam", "X"),
        ("email", "x@example.test"),
        ("rol", "coordinator"),
        ("organisatie", partner.as_str()),
    ];
    assert_eq!(app.post_form(PEOPLE, &fields, &[("cookie", jens.as_str())]).await.status, 404);
    // Kempen's membership ids mean nothing under another organiser.
    let kempen_membership = membership::Entity::find().one(&app.db).await.unwrap().unwrap();
    let foreign = format!("/beheer/biz-noord-west-vlaanderen/mensen/{}/intrekken", kempen_membership.id);
    let elisa = sign_in(&app, "elisa.demeulaere@cawnoordwestvlaanderen.test").await;
    let elisa_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &elisa).await.body);
    if kempen_membership.organiser_id
        != organiser::Entity::find()
            .filter(organiser::Column::Slug.eq("biz-noord-west-vlaanderen"))
            .one(&app.db)
            .await
            .unwrap()
            .map(|o| o.id)
    {
        assert_eq!(app.post_form(&foreign, &[("csrf", &elisa_csrf)], &[("cookie", elisa.as_str())]).await.status, 404);
    }
    // A coordinator of an organisation that is not a partner cannot be invited.
    let (nwvl_partner, _) = partner_of(&app, "biz-noord-west-vlaanderen").await;
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(PEOPLE, &hanne).await.body);
    let other = nwvl_partner.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("naam", "Y"),
        ("email", "y@example.test"),
        ("rol", "coordinator"),
        ("organisatie", other.as_str()),
    ];
    let answer = app.post_form(PEOPLE, &fields, &[("cookie", hanne.as_str())]).await;
    if nwvl_partner != partner_id {
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("Kies een partnerorganisatie uit de lijst."));
    }
});

on_both_databases!(roles_can_be_revoked_but_not_the_last_admin, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(PEOPLE, &hanne).await.body);
    let cookie = [("cookie", hanne.as_str())];
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    let invite =
        [("csrf", csrf.as_str()), ("naam", "Tweede Beheerder"), ("email", "tweede@cawdekempen.test"), ("rol", "admin")];
    assert_eq!(app.post_form(PEOPLE, &invite, &cookie).await.status, 303);
    let admins = membership::Entity::find()
        .filter(membership::Column::OrganiserId.eq(kempen.id))
        .filter(membership::Column::Role.eq("admin"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(admins.len(), 2);
    let hanne_id = store::entities::person::Entity::find()
        .filter(store::entities::person::Column::Email.eq(KEMPEN_ADMIN))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (own, other): (Vec<_>, Vec<_>) = admins.iter().partition(|m| m.person_id == hanne_id);
    let revoked = app.post_form(&format!("{PEOPLE}/{}/intrekken", other[0].id), &[("csrf", &csrf)], &cookie).await;
    assert!(revoked.location.ends_with("melding=ingetrokken"), "{}", revoked.location);
    let last = app.post_form(&format!("{PEOPLE}/{}/intrekken", own[0].id), &[("csrf", &csrf)], &cookie).await;
    assert!(last.location.ends_with("fout=laatste-beheerder"), "{}", last.location);
    let log = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(log.body.contains("nam Tweede Beheerder de rol beheerder af"));
    let left = membership::Entity::find()
        .filter(membership::Column::OrganiserId.eq(kempen.id))
        .filter(membership::Column::Role.eq("admin"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 1);
});

on_both_databases!(a_platform_admin_creates_an_organiser_and_invites_its_admin, |app: TestApp| async move {
    let pieter = sign_in(&app, demo::DEMO_PLATFORM_ADMIN).await;
    let home = app.get_with_cookie("/beheer", &pieter).await;
    assert!(home.body.contains("Nieuwe organisator"));
    let csrf = csrf_of(&home.body);
    let cookie = [("cookie", pieter.as_str())];
    let fields = [
        ("csrf", csrf.as_str()),
        ("naam", "BIZ Limburg – Budget In Zicht"),
        ("korte-naam", "BIZ Limburg"),
        ("email", "info@bizlimburg.test"),
        ("beheerder-naam", "Nina Nieuw"),
        ("beheerder-email", "nina@bizlimburg.test"),
    ];
    let created = app.post_form("/beheer", &fields, &cookie).await;
    assert_eq!((created.status, created.location.as_str()), (303, "/beheer?melding=organisator"));
    let again = app.post_form("/beheer", &fields, &cookie).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Er bestaat al een organisator"));

    // The invited admin signs in with the link and runs the new organiser.
    let path = link_from_outbox(&app, "nina@bizlimburg.test").await;
    let token = path.trim_start_matches("/aanmelden/");
    let confirmed = app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await;
    let nina = confirmed
        .set_cookie
        .iter()
        .find(|c| c.starts_with("leernet_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let dashboard = app.get_with_cookie("/beheer/biz-limburg", &nina).await;
    assert_eq!(dashboard.status, 200);
    assert!(dashboard.body.contains("Beheer – BIZ Limburg – Budget In Zicht"));
    assert_eq!(app.get_with_cookie("/beheer/biz-kempen", &nina).await.status, 404);

    // Only platform admins create organisers.
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let hanne_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &hanne).await.body);
    let mut fields = fields;
    fields[0] = ("csrf", hanne_csrf.as_str());
    fields[2] = ("korte-naam", "BIZ Antwerpen");
    assert_eq!(app.post_form("/beheer", &fields, &[("cookie", hanne.as_str())]).await.status, 403);
    assert!(!app.get_with_cookie("/beheer", &hanne).await.body.contains("Nieuwe organisator"));
});
