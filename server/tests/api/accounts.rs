use crate::helpers::{FormResponse, TestApp};
use crate::on_both_databases;
use sea_orm::{EntityTrait, QueryOrder};

const EMAIL: &str = "An.Peeters@ocmw-geel.test";

/// The sign-in link in the newest mail of the outbox.
pub async fn link_from_outbox(app: &TestApp, to: &str) -> String {
    use store::entities::mail_outbox;
    let mail = mail_outbox::Entity::find()
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a mail was queued");
    assert_eq!(mail.to_address, to);
    let start = mail.text_body.find("/aanmelden/").expect("link in mail");
    let path: String = mail.text_body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    assert!(mail.html_body.contains(&path), "the HTML part carries the same link");
    path
}

/// Signs `email` in through the real link flow and returns the session cookie.
pub async fn sign_in(app: &TestApp, email: &str) -> String {
    let asked = app.post_form("/aanmelden", &[("email", email)], &[]).await;
    assert!(asked.location.contains("verstuurd=1"), "{}", asked.location);
    let path = link_from_outbox(app, &email.to_lowercase()).await;
    let token = path.trim_start_matches("/aanmelden/");
    session_cookie(&app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await)
}

fn session_cookie(response: &FormResponse) -> String {
    let cookie = response.set_cookie.iter().find(|c| c.starts_with("leernet_session=")).expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

on_both_databases!(signing_in_by_link, |app: TestApp| async move {
    let asked = app.post_form("/aanmelden", &[("email", EMAIL)], &[]).await;
    assert_eq!(asked.status, 303);
    assert!(asked.location.starts_with("/aanmelden?verstuurd=1"), "{}", asked.location);

    let path = link_from_outbox(&app, "an.peeters@ocmw-geel.test").await;
    // Opening the link (as a mail scanner would) signs no one in.
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Je meldt je aan als an.peeters@ocmw-geel.test"));

    let token = path.trim_start_matches("/aanmelden/");
    let confirmed = app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await;
    assert_eq!((confirmed.status, confirmed.location.as_str()), (303, "/mijn"));
    let cookie = session_cookie(&confirmed);

    let mine = app.get_with_cookie("/mijn", &cookie).await;
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains("Je bent aangemeld als an.peeters@ocmw-geel.test"));
    assert!(!app.get("/mijn").await.body.contains("Je bent aangemeld"));

    // A link works once.
    let again = app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await;
    assert_eq!(again.location, "/aanmelden?fout=link&email=");
    assert!(app.get(&path).await.body.contains("al gebruikt"));
});

on_both_databases!(links_expire, |app: TestApp| async move {
    app.post_form("/aanmelden", &[("email", EMAIL)], &[]).await;
    let path = link_from_outbox(&app, "an.peeters@ocmw-geel.test").await;
    app.clock.set(app.clock_now() + store::accounts::SIGN_IN_LINK_TTL);
    assert!(app.get(&path).await.body.contains("verlopen"));
    let token = path.trim_start_matches("/aanmelden/");
    let late = app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await;
    assert_eq!(late.location, "/aanmelden?fout=link&email=");
    assert!(late.set_cookie.is_empty());
    // Nonsense tokens are simply unknown.
    assert!(app.get("/aanmelden/abc").await.body.contains("kennen we niet"));
});

on_both_databases!(bad_addresses_are_explained_next_to_the_field, |app: TestApp| async move {
    let empty = app.post_form("/aanmelden", &[("email", "  ")], &[]).await;
    assert_eq!(empty.location, "/aanmelden?fout=email-leeg&email=");
    let bad = app.post_form("/aanmelden", &[("email", "an@ocmw")], &[]).await;
    assert_eq!(bad.location, "/aanmelden?fout=email-ongeldig&email=an%40ocmw");
    let page = app.get(&bad.location).await;
    assert!(page.body.contains("Dit is geen geldig e-mailadres"));
    assert!(page.body.contains("aria-invalid=\"true\""));
    // A body that is no form at all is an empty address, not a crash.
    let raw = app.client.post(format!("{}/aanmelden", app.address)).body("{}").send().await.unwrap();
    assert_eq!(raw.status().as_u16(), 303);
});

on_both_databases!(sign_in_requests_are_rate_limited_per_address, |app: TestApp| async move {
    for _ in 0..domain::sign_in::LINKS_WITHOUT_WAITING {
        let r = app.post_form("/aanmelden", &[("email", EMAIL)], &[]).await;
        assert!(r.location.contains("verstuurd=1"));
    }
    let blocked = app.post_form("/aanmelden", &[("email", EMAIL)], &[]).await;
    assert!(blocked.location.starts_with("/aanmelden?fout=te-veel"), "{}", blocked.location);
    assert!(blocked.location.ends_with("&minuten=5"), "{}", blocked.location);
    let page = app.get(&blocked.location).await;
    assert!(page.body.contains("Een nieuwe kan over 5 minuten."), "the page says how long");
    // Another address is not blocked by it.
    let other = app.post_form("/aanmelden", &[("email", "someone@caw.test")], &[]).await;
    assert!(other.location.contains("verstuurd=1"));
});

// A stranger asking for someone's links over and over slows her down but
// cannot lock her out: she waits at most a few minutes, and meanwhile the
// last link mailed to her still works.
on_both_databases!(a_stranger_cannot_lock_someone_out_of_signing_in, |app: TestApp| async move {
    const STAFF: &str = "tabitha.tanghe@cawdekempen.test";
    let mut answers = Vec::new();
    for _ in 0..10 {
        answers.push(app.post_form("/aanmelden", &[("email", STAFF)], &[]).await.location);
    }
    assert!(answers[..3].iter().all(|a| a.contains("verstuurd=1")), "{answers:?}");
    assert!(answers[3..].iter().all(|a| a.contains("fout=te-veel") && a.ends_with("minuten=5")), "{answers:?}");
    // While she waits, the link the stranger made us mail her works.
    app.clock.set(app.clock_now() + chrono::Duration::minutes(2));
    let waiting = app.post_form("/aanmelden", &[("email", STAFF)], &[]).await;
    assert!(waiting.location.ends_with("minuten=3"), "{}", waiting.location);
    let path = link_from_outbox(&app, STAFF).await;
    let token = path.trim_start_matches("/aanmelden/");
    let cookie = session_cookie(&app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await);
    assert!(app.get_with_cookie("/mijn", &cookie).await.body.contains("Je bent aangemeld"));
    // And a few minutes later she gets a new one herself.
    app.clock.set(app.clock_now() + chrono::Duration::minutes(3));
    let again = app.post_form("/aanmelden", &[("email", STAFF)], &[]).await;
    assert!(again.location.contains("verstuurd=1"), "{}", again.location);
    assert!(app.post_form("/aanmelden", &[("email", STAFF)], &[]).await.location.contains("fout=te-veel"));
    // An unknown address gets the very same answers: nothing tells which addresses exist.
    for n in 0..4 {
        let unknown = app.post_form("/aanmelden", &[("email", "niemand@nergens.test")], &[]).await.location;
        assert_eq!(unknown.contains("verstuurd=1"), n < 3, "{unknown}");
    }
    assert!(
        app.post_form("/aanmelden", &[("email", "niemand@nergens.test")], &[]).await.location.ends_with("minuten=5")
    );
});

on_both_databases!(state_changes_need_this_site_and_the_form_token, |app: TestApp| async move {
    let cross = app.post_form("/aanmelden", &[("email", EMAIL)], &[("origin", "https://evil.test")]).await;
    assert_eq!(cross.status, 403);
    let same = app.post_form("/aanmelden", &[("email", EMAIL)], &[("origin", app.address.as_str())]).await;
    assert_eq!(same.status, 303);

    let path = link_from_outbox(&app, "an.peeters@ocmw-geel.test").await;
    let token = path.trim_start_matches("/aanmelden/");
    let cookie = session_cookie(&app.post_form("/aanmelden/bevestigen", &[("token", token)], &[]).await);

    // Sign-out without the form's token is refused and the session lives on.
    let forged = app.post_form("/afmelden", &[("csrf", "guess")], &[("cookie", cookie.as_str())]).await;
    assert_eq!(forged.status, 403);
    let page = app.get_with_cookie("/mijn", &cookie).await;
    assert!(page.body.contains("Je bent aangemeld"));

    let csrf = page.body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let out = app.post_form("/afmelden", &[("csrf", csrf.as_str())], &[("cookie", cookie.as_str())]).await;
    assert_eq!((out.status, out.location.as_str()), (303, "/"));
    assert!(out.set_cookie.iter().any(|c| c.contains("Max-Age=0")));
    assert!(!app.get_with_cookie("/mijn", &cookie).await.body.contains("Je bent aangemeld"));
});

on_both_databases!(staff_may_add_a_password_and_sign_in_with_it, |app: TestApp| async move {
    const STAFF: &str = "tabitha.tanghe@cawdekempen.test";
    let cookie = sign_in(&app, STAFF).await;
    let page = app.get_with_cookie("/mijn", &cookie).await;
    assert!(page.body.contains("Wachtwoord bewaren"));
    let csrf = crate::helpers::csrf_of(&page.body);
    let headers = [("cookie", cookie.as_str())];
    let set = |pw: &'static str, again: &'static str| {
        let csrf = csrf.clone();
        let app = &app;
        async move {
            app.post_form("/mijn/wachtwoord", &[("csrf", &csrf), ("wachtwoord", pw), ("herhaling", again)], &headers)
                .await
                .location
        }
    };
    assert_eq!(set("kort", "kort").await, "/mijn?fout=wachtwoord-kort#wachtwoord");
    assert_eq!(set("paard batterij nietje", "paard batterij").await, "/mijn?fout=wachtwoord-verschilt#wachtwoord");
    assert_eq!(
        set("paard batterij nietje", "paard batterij nietje").await,
        "/mijn?melding=wachtwoord-bewaard#wachtwoord"
    );
    let no_token = app
        .post_form(
            "/mijn/wachtwoord",
            &[("wachtwoord", "x".repeat(20).as_str()), ("herhaling", "x".repeat(20).as_str())],
            &headers,
        )
        .await;
    assert_eq!(no_token.status, 403);

    let wrong =
        app.post_form("/aanmelden/wachtwoord", &[("email", STAFF), ("wachtwoord", "paard batterij")], &[]).await;
    assert!(wrong.location.contains("fout=wachtwoord"), "{}", wrong.location);
    assert!(wrong.set_cookie.is_empty());
    let right = app
        .post_form(
            "/aanmelden/wachtwoord",
            &[("email", "Tabitha.Tanghe@cawdekempen.test"), ("wachtwoord", "paard batterij nietje")],
            &[],
        )
        .await;
    assert_eq!((right.status, right.location.as_str()), (303, "/mijn"));
    let session = session_cookie(&right);
    assert!(
        app.get_with_cookie("/mijn", &session)
            .await
            .body
            .contains("Je kan je aanmelden met een link of met je wachtwoord.")
    );

    // Guessing is slowed down per address.
    let mut last = String::new();
    for _ in 0..10 {
        last =
            app.post_form("/aanmelden/wachtwoord", &[("email", STAFF), ("wachtwoord", "geraden?")], &[]).await.location;
    }
    assert!(last.contains("fout=te-veel-pogingen"), "{last}");
    let blocked =
        app.post_form("/aanmelden/wachtwoord", &[("email", STAFF), ("wachtwoord", "paard batterij nietje")], &[]).await;
    assert!(blocked.location.contains("fout=te-veel-pogingen"), "even the right password waits");
});

on_both_databases!(participants_sign_in_by_link_only, |app: TestApp| async move {
    let cookie = sign_in(&app, "els.peeters@ocmw-mol.test").await;
    let page = app.get_with_cookie("/mijn", &cookie).await;
    assert!(!page.body.contains("Wachtwoord bewaren"));
    let csrf = crate::helpers::csrf_of(&page.body);
    let refused = app
        .post_form(
            "/mijn/wachtwoord",
            &[("csrf", &csrf), ("wachtwoord", "paard batterij nietje"), ("herhaling", "paard batterij nietje")],
            &[("cookie", cookie.as_str())],
        )
        .await;
    assert_eq!(refused.status, 403);
    // Without a password, a password sign-in fails like a wrong one.
    let attempt = app
        .post_form(
            "/aanmelden/wachtwoord",
            &[("email", "els.peeters@ocmw-mol.test"), ("wachtwoord", "paard batterij nietje")],
            &[],
        )
        .await;
    assert!(attempt.location.contains("fout=wachtwoord"));
});

/// The password form of `/mijn` posted with this session: its location.
async fn post_password(app: &TestApp, cookie: &str, current: &str, new: &str) -> String {
    let page = app.get_with_cookie("/mijn", cookie).await;
    let csrf = crate::helpers::csrf_of(&page.body);
    let fields = [("csrf", csrf.as_str()), ("huidig", current), ("wachtwoord", new), ("herhaling", new)];
    app.post_form("/mijn/wachtwoord", &fields, &[("cookie", cookie)]).await.location
}

async fn sign_in_with_password(app: &TestApp, email: &str, password: &str) -> Option<String> {
    let answer = app.post_form("/aanmelden/wachtwoord", &[("email", email), ("wachtwoord", password)], &[]).await;
    (answer.location == "/mijn").then(|| session_cookie(&answer))
}

async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    app.get_with_cookie("/mijn", cookie).await.body.contains("Je bent aangemeld")
}

const SAVED: &str = "/mijn?melding=wachtwoord-bewaard#wachtwoord";

// Setting or changing a password asks for the current one, or a sign-in by
// link in the last ten minutes; a change signs out every other session.
on_both_databases!(a_password_change_needs_the_current_one_or_a_fresh_link, |app: TestApp| async move {
    use chrono::Duration;
    const STAFF: &str = "tabitha.tanghe@cawdekempen.test";
    let by_link = sign_in(&app, STAFF).await;
    let page = app.get_with_cookie("/mijn", &by_link).await;
    assert!(page.body.contains("binnen 10 minuten nadat je je met een link aanmeldde"));
    assert!(!page.body.contains("name=\"huidig\""), "no current password to ask for yet");
    // A first password right after the link sign-in.
    assert_eq!(post_password(&app, &by_link, "", "paard batterij nietje").await, SAVED);
    let page = app.get_with_cookie("/mijn", &by_link).await;
    assert!(page.body.contains("name=\"huidig\"") && page.body.contains("Huidig wachtwoord"));

    // A session that signed in with the password needs it to change it.
    let by_password = sign_in_with_password(&app, STAFF, "paard batterij nietje").await.expect("signed in");
    let missing = post_password(&app, &by_password, "", "een heel ander wachtwoord").await;
    assert_eq!(missing, "/mijn?fout=huidig-nodig#wachtwoord");
    let page = app.get_with_cookie(&missing, &by_password).await;
    assert!(
        page.body.contains("aria-describedby=\"huidig-fout huidig-hint\"><p id=\"huidig-fout\""),
        "next to its field"
    );
    assert!(page.body.contains("Vul je huidige wachtwoord in"));
    let wrong = post_password(&app, &by_password, "paard batterij", "een heel ander wachtwoord").await;
    assert_eq!(wrong, "/mijn?fout=huidig-fout#wachtwoord");
    assert!(app.get_with_cookie(&wrong, &by_password).await.body.contains("Dit is niet je huidige wachtwoord."));
    assert!(sign_in_with_password(&app, STAFF, "een heel ander wachtwoord").await.is_none(), "nothing changed");

    // The right one changes it and signs out everywhere else, not here.
    let elsewhere = sign_in_with_password(&app, STAFF, "paard batterij nietje").await.expect("signed in");
    assert!(signed_in(&app, &by_link).await && signed_in(&app, &elsewhere).await);
    assert_eq!(post_password(&app, &by_password, "paard batterij nietje", "een heel ander wachtwoord").await, SAVED);
    assert!(signed_in(&app, &by_password).await, "this session stays");
    assert!(!signed_in(&app, &by_link).await && !signed_in(&app, &elsewhere).await, "the others ended");
    assert!(sign_in_with_password(&app, STAFF, "paard batterij nietje").await.is_none());
    assert!(sign_in_with_password(&app, STAFF, "een heel ander wachtwoord").await.is_some());

    // Within ten minutes of a link sign-in no current password is asked.
    let fresh = sign_in(&app, STAFF).await;
    app.clock.set(app.clock_now() + Duration::minutes(9));
    assert_eq!(post_password(&app, &fresh, "", "derde wachtwoord hier").await, SAVED);
    assert!(!signed_in(&app, &by_password).await, "this change too ended the other sessions");
    // Eleven minutes after it, it is asked again.
    app.clock.set(app.clock_now() + Duration::minutes(2));
    assert_eq!(post_password(&app, &fresh, "", "vierde wachtwoord hier").await, "/mijn?fout=huidig-nodig#wachtwoord");
    assert_eq!(post_password(&app, &fresh, "derde wachtwoord hier", "vierde wachtwoord hier").await, SAVED);

    // Guessing the current password counts like guessing at sign-in.
    let mut last = String::new();
    for _ in 0..10 {
        last = post_password(&app, &fresh, "geraden?", "vijfde wachtwoord hier").await;
    }
    assert_eq!(last, "/mijn?fout=huidig-te-veel#wachtwoord");
    assert_eq!(
        post_password(&app, &fresh, "vierde wachtwoord hier", "vijfde wachtwoord hier").await,
        "/mijn?fout=huidig-te-veel#wachtwoord",
        "even the right one waits"
    );
});

// A first password needs a recent link sign-in: a session left open is not enough.
on_both_databases!(a_first_password_needs_a_recent_link_sign_in, |app: TestApp| async move {
    const STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";
    let cookie = sign_in(&app, STAFF).await;
    app.clock.set(app.clock_now() + chrono::Duration::minutes(11));
    let refused = post_password(&app, &cookie, "", "paard batterij nietje").await;
    assert_eq!(refused, "/mijn?fout=link-nodig#wachtwoord");
    assert!(app.get_with_cookie(&refused, &cookie).await.body.contains("Meld je eerst (opnieuw) aan met een link"));
    assert!(sign_in_with_password(&app, STAFF, "paard batterij nietje").await.is_none());
});

// Revoking someone's last staff role ends her password and her sessions.
on_both_databases!(revoking_the_last_staff_role_ends_password_and_sessions, |app: TestApp| async move {
    use sea_orm::{ColumnTrait, QueryFilter};
    use store::entities::{membership, person};
    const STAFF: &str = "tabitha.tanghe@cawdekempen.test";
    let by_link = sign_in(&app, STAFF).await;
    assert_eq!(post_password(&app, &by_link, "", "paard batterij nietje").await, SAVED);
    let by_password = sign_in_with_password(&app, STAFF, "paard batterij nietje").await.expect("signed in");
    let backoffice = app.get_with_cookie("/beheer/biz-kempen", &by_password).await;
    assert_eq!(backoffice.status, 200);

    let tabitha = person::Entity::find().filter(person::Column::Email.eq(STAFF)).one(&app.db).await.unwrap().unwrap();
    let roles =
        membership::Entity::find().filter(membership::Column::PersonId.eq(tabitha.id)).all(&app.db).await.unwrap();
    assert_eq!(roles.len(), 1, "one staff role in the demo");
    let hanne = sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let csrf = crate::helpers::csrf_of(&app.get_with_cookie("/beheer/biz-kempen/mensen", &hanne).await.body);
    let revoked = app
        .post_form(
            &format!("/beheer/biz-kempen/mensen/{}/intrekken", roles[0].id),
            &[("csrf", csrf.as_str())],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    assert!(revoked.location.contains("melding=ingetrokken"), "{}", revoked.location);

    assert!(!signed_in(&app, &by_link).await && !signed_in(&app, &by_password).await, "her sessions ended");
    use store::entities::session;
    let left = session::Entity::find().filter(session::Column::PersonId.eq(tabitha.id)).all(&app.db).await.unwrap();
    assert!(left.is_empty(), "no session of hers is left");
    assert!(sign_in_with_password(&app, STAFF, "paard batterij nietje").await.is_none(), "the password is gone");
    assert!(signed_in(&app, &hanne).await, "the admin who revoked stays signed in");
    // She may still sign in by link, as anyone may; without a password form.
    let again = sign_in(&app, STAFF).await;
    assert!(!app.get_with_cookie("/mijn", &again).await.body.contains("Wachtwoord bewaren"));
});
