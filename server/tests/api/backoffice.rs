use crate::accounts::sign_in;
use crate::helpers::TestApp;
use crate::on_both_databases;

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
