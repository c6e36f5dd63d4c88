use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use domain::RegistrationStatus;

const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const KEMPEN_TRAINER: &str = "alexander.exelmans@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";

on_both_databases!(the_back_office_needs_a_sign_in, |app: TestApp| async move {
    for path in ["/beheer", "/beheer/biz-kempen"] {
        let page = app.get(path).await;
        assert_eq!(page.status, 401, "{path}");
        assert!(page.body.contains("Aanmelden nodig"), "{path}");
    }
});

on_both_databases!(staff_see_their_own_organiser_and_nothing_else, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let home = app.get_with_cookie("/beheer", &hanne).await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("/beheer/biz-kempen"));
    assert!(!home.body.contains("/beheer/biz-noord-west-vlaanderen"));

    let own = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("Casusbesprekingen"));
    assert!(own.body.contains("Stuurgroep BIZ Kempen"));
    assert!(!own.body.contains("Telecom"));

    let jens = sign_in(&app, NWVL_STAFF).await;
    let theirs = app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &jens).await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains("Telecom"));
    // The sign-in link for staff is platform mail, not the organiser's.
    assert!(theirs.body.contains("Nog geen mail verstuurd"));
});

on_both_databases!(others_organisers_do_not_exist_for_you, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let trainer = sign_in(&app, KEMPEN_TRAINER).await;
    let participant = sign_in(&app, "els.peeters@ocmw-mol.test").await;
    // (who, path): every one of these must look like a page that does not exist.
    let cases = [
        (&hanne, "/beheer/biz-noord-west-vlaanderen"),
        (&hanne, "/beheer/bestaat-niet"),
        (&hanne, "/beheer/BIZ"),
        (&trainer, "/beheer/biz-kempen"),
        (&participant, "/beheer/biz-kempen"),
        (&participant, "/beheer/biz-noord-west-vlaanderen"),
    ];
    for (cookie, path) in cases {
        let page = app.get_with_cookie(path, cookie).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(!page.body.contains("Telecom") && !page.body.contains("Casusbesprekingen"), "{path} leaked data");
    }
    let home = app.get_with_cookie("/beheer", &participant).await;
    assert!(home.body.contains("geen beheerder"));
});

on_both_databases!(upcoming_events_come_first_in_the_back_office, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    let upcoming = page.body.find("Casusbesprekingen collectieve schuldenregeling 2027").expect("upcoming listed");
    let past = page.body.find("Casusbesprekingen collectieve schuldenregeling 2026").expect("past listed");
    assert!(upcoming < past, "upcoming events are listed before past ones");
});

on_both_databases!(admins_publish_drafts_and_cancel_events_with_mail_to_registrants, |app: TestApp| async move {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    let csrf = csrf_of(&dashboard.body);
    let cookie = [("cookie", hanne.as_str())];

    // Publish a draft: it appears in the public catalogue.
    let draft = app.insert_draft("biz-kempen", "Vorming schuldhulp in de praktijk", true).await;
    assert!(!app.get("/regio/biz-kempen").await.body.contains("schuldhulp in de praktijk"));
    let path = format!("/beheer/biz-kempen/activiteiten/{draft}/status");
    let done = app.post_form(&path, &[("actie", "publiceren"), ("csrf", &csrf)], &cookie).await;
    assert_eq!((done.status, done.location.as_str()), (303, "/beheer/biz-kempen?melding=publish"));
    assert!(app.get("/regio/biz-kempen").await.body.contains("schuldhulp in de praktijk"));
    let again = app.post_form(&path, &[("actie", "publiceren"), ("csrf", &csrf)], &cookie).await;
    assert_eq!(again.location, "/beheer/biz-kempen?fout=al-gepubliceerd");

    // A draft without sessions cannot be published.
    let empty = app.insert_draft("biz-kempen", "Nog zonder data", false).await;
    let refused = app
        .post_form(
            &format!("/beheer/biz-kempen/activiteiten/{empty}/status"),
            &[("actie", "publiceren"), ("csrf", &csrf)],
            &cookie,
        )
        .await;
    assert_eq!(refused.location, "/beheer/biz-kempen?fout=zonder-sessies");
    let page = app.get_with_cookie(&refused.location, &hanne).await;
    assert!(page.body.contains("Een activiteit zonder sessies kan niet gepubliceerd worden."));

    // Cancel an event with registrations: everyone registered gets a mail, in the same step.
    let list = app.get("/api/v1/events?organiser=biz-kempen&q=Energie").await.json();
    let event_id = list["data"][0]["id"].as_i64().unwrap() as i32;
    let live = store::entities::registration::Entity::find()
        .filter(store::entities::registration::Column::EventId.eq(event_id))
        .filter(store::entities::registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .count(&app.db)
        .await
        .unwrap();
    assert!(live > 0);
    let cancel_path = format!("/beheer/biz-kempen/activiteiten/{event_id}/status");
    let cancelled = app.post_form(&cancel_path, &[("actie", "annuleren"), ("csrf", &csrf)], &cookie).await;
    assert_eq!(cancelled.location, "/beheer/biz-kempen?melding=cancel");
    let mails = store::entities::mail_outbox::Entity::find()
        .filter(store::entities::mail_outbox::Column::Subject.starts_with("Geannuleerd: Energie"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(mails, live, "one mail per live registration");
    assert!(!app.get("/regio/biz-kempen").await.body.contains("Energie: facturen"));
    let twice = app.post_form(&cancel_path, &[("actie", "annuleren"), ("csrf", &csrf)], &cookie).await;
    assert_eq!(twice.location, "/beheer/biz-kempen?fout=geannuleerd");

    // Admins see who did what.
    let after = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(after.body.contains("Wijzigingen"));
    assert!(after.body.contains("publiceerde «Vorming schuldhulp in de praktijk»"));
    assert!(after.body.contains("annuleerde «Energie: facturen lezen en sociale tarieven»"));
    // Staff do not see the audit log.
    let tabitha = sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    assert!(!app.get_with_cookie("/beheer/biz-kempen", &tabitha).await.body.contains("Wijzigingen"));
});

on_both_databases!(status_changes_are_authorised_and_csrf_safe, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &hanne).await.body);
    let draft = app.insert_draft("biz-kempen", "Geheime vorming", true).await;
    let path = format!("/beheer/biz-kempen/activiteiten/{draft}/status");

    let no_token = app.post_form(&path, &[("actie", "publiceren")], &[("cookie", hanne.as_str())]).await;
    assert_eq!(no_token.status, 403);
    let cross_site = app
        .post_form(
            &path,
            &[("actie", "publiceren"), ("csrf", &csrf)],
            &[("cookie", hanne.as_str()), ("origin", "https://evil.test")],
        )
        .await;
    assert_eq!(cross_site.status, 403);
    let anonymous = app.post_form(&path, &[("actie", "publiceren"), ("csrf", &csrf)], &[]).await;
    assert_eq!((anonymous.status, anonymous.location.as_str()), (303, "/aanmelden"));

    // Another organiser's staff: the organiser does not exist for them.
    let jens = sign_in(&app, NWVL_STAFF).await;
    let jens_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &jens).await.body);
    let foreign =
        app.post_form(&path, &[("actie", "publiceren"), ("csrf", &jens_csrf)], &[("cookie", jens.as_str())]).await;
    assert_eq!(foreign.status, 404);
    // Nor can they reach a Kempen event through their own organiser's path.
    let sideways = app
        .post_form(
            &format!("/beheer/biz-noord-west-vlaanderen/activiteiten/{draft}/status"),
            &[("actie", "publiceren"), ("csrf", &jens_csrf)],
            &[("cookie", jens.as_str())],
        )
        .await;
    assert_eq!(sideways.status, 404);
    // A trainer is no staff.
    let trainer = sign_in(&app, KEMPEN_TRAINER).await;
    let by_trainer =
        app.post_form(&path, &[("actie", "publiceren"), ("csrf", "x")], &[("cookie", trainer.as_str())]).await;
    assert_eq!(by_trainer.status, 404);
    // Still a draft after all that.
    assert!(!app.get("/regio/biz-kempen").await.body.contains("Geheime vorming"));
    // Nonsense ids are not found; nonsense actions are explained.
    let bad_id = app
        .post_form(
            "/beheer/biz-kempen/activiteiten/abc/status",
            &[("actie", "publiceren"), ("csrf", &csrf)],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(bad_id.status, 404);
    let bad_action = app.post_form(&path, &[("actie", "wissen"), ("csrf", &csrf)], &[("cookie", hanne.as_str())]).await;
    assert_eq!(bad_action.location, "/beheer/biz-kempen?fout=actie");
});

on_both_databases!(what_has_begun_cannot_be_cancelled, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    let csrf = csrf_of(&dashboard.body);
    // Last spring's steering group is over.
    let past = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use store::entities::event;
        event::Entity::find()
            .filter(event::Column::Title.eq("Stuurgroep BIZ Kempen – voorjaar 2026"))
            .one(&app.db)
            .await
            .unwrap()
            .expect("past steering group in the demo")
            .id
    };
    let refused = app
        .post_form(
            &format!("/beheer/biz-kempen/activiteiten/{past}/status"),
            &[("actie", "annuleren"), ("csrf", &csrf)],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(refused.location, "/beheer/biz-kempen?fout=begonnen");
});

on_both_databases!(trainers_see_the_lists_of_the_events_they_teach_at, |app: TestApp| async move {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let alexander = sign_in(&app, KEMPEN_TRAINER).await;
    let mine = app.get_with_cookie("/mijn", &alexander).await;
    assert!(mine.body.contains("Als lesgever") && mine.body.contains("Basisopleiding budgetcoach"), "{}", mine.body);
    let taught = store::entities::event::Entity::find()
        .filter(store::entities::event::Column::Title.eq("Basisopleiding budgetcoach"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let list =
        app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{}/inschrijvingen", taught.id), &alexander).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Aanwezigheidslijst"));
    // Not the events he does not teach at, nor the rest of the back office.
    let other = app.insert_draft("biz-kempen", "Vorming zonder Alexander", true).await;
    let refused =
        app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{other}/inschrijvingen"), &alexander).await;
    assert_eq!(refused.status, 404);
    assert_eq!(app.get_with_cookie("/beheer/biz-kempen", &alexander).await.status, 404);
});
