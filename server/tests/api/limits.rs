//! Registration limits count clients, not the proxy in front of them: per
//! client address (behind a trusted proxy, the one it forwards; IPv6 per
//! /64), per booker e-mail address and per activity. A form refused for its
//! own mistakes does not count.

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::registrations_api::{Event, open_event};
use domain::RegistrationStatus;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{event, registration};

const KEMPEN: &str = "biz-kempen";

async fn form_path(app: &TestApp, e: &Event) -> String {
    let slug = event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().slug;
    format!("{}/regio/{KEMPEN}/{slug}/inschrijven", app.address)
}

fn fields(e: &Event, attendee: &str, booker: &str) -> Vec<(String, String)> {
    vec![
        ("ticket".into(), e.free.to_string()),
        ("deelnemer-0-naam".into(), format!("Deelnemer {attendee}")),
        ("deelnemer-0-email".into(), format!("{attendee}@ocmw-geel.test")),
        ("deelnemer-0-organisatie".into(), e.partner.to_string()),
        ("besteller-naam".into(), "Boekt".into()),
        ("besteller-email".into(), format!("{booker}@ocmw-geel.test")),
        ("toestemming".into(), "on".into()),
    ]
}

async fn post(app: &TestApp, path: &str, fields: &[(String, String)], forwarded_for: Option<&str>) -> u16 {
    let mut request = app.client.post(path).form(fields);
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", format!("198.18.0.1, {address}"));
    }
    request.send().await.unwrap().status().as_u16()
}

async fn registered(app: &TestApp, e: &Event) -> u64 {
    registration::Entity::find().filter(registration::Column::EventId.eq(e.id)).count(&app.db).await.unwrap()
}

/// 200 people behind one trusted proxy, each from their own address, all
/// register for 150 seats (the rest on the waiting list); 31 from one address
/// are limited at the 31st.
async fn per_client_behind_a_proxy(backend: Backend) {
    let vars = [("LEERNET_TRUSTED_PROXIES", "127.0.0.1"), ("LEERNET_REGISTRATIONS_PER_IP", "30")];
    let Some(app) = spawn_app_with(backend, &vars).await else { return };
    let e = open_event(&app, "Methodiekdag voor iedereen", Some(150)).await;
    let path = form_path(&app, &e).await;
    for n in 0..200 {
        let client = format!("203.0.{}.{}", n / 100, n % 100 + 1);
        let status = post(&app, &path, &fields(&e, &format!("p{n}"), &format!("p{n}")), Some(&client)).await;
        assert_eq!(status, 303, "person {n} from {client} registers");
    }
    assert_eq!(registered(&app, &e).await, 200);
    let confirmed = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(confirmed, 150);

    let office = "198.51.100.20";
    for n in 0..30 {
        let status = post(&app, &path, &fields(&e, &format!("o{n}"), &format!("o{n}")), Some(office)).await;
        assert_eq!(status, 303, "colleague {n} of one office");
    }
    assert_eq!(post(&app, &path, &fields(&e, "o30", "o30"), Some(office)).await, 429, "the 31st from one address");
    // An IPv6 client is its /64: another address in it is the same client.
    let v6 = |host: u32| format!("2001:db8:7:8::{host:x}");
    for n in 0..30 {
        assert_eq!(post(&app, &path, &fields(&e, &format!("s{n}"), &format!("s{n}")), Some(&v6(n + 1))).await, 303);
    }
    assert_eq!(post(&app, &path, &fields(&e, "s30", "s30"), Some(&v6(999))).await, 429, "same /64");
    assert_eq!(post(&app, &path, &fields(&e, "t0", "t0"), Some("2001:db8:7:9::1")).await, 303, "another /64");
}

#[tokio::test]
async fn limits_count_clients_behind_a_trusted_proxy_sqlite() {
    per_client_behind_a_proxy(Backend::Sqlite).await;
}

#[tokio::test]
async fn limits_count_clients_behind_a_trusted_proxy_postgres() {
    per_client_behind_a_proxy(Backend::Postgres).await;
}

/// From a peer that is no trusted proxy, `X-Forwarded-For` is the client's
/// own say: ignored, so made-up addresses do not escape the limit.
async fn forwarded_for_from_strangers_is_ignored(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("LEERNET_REGISTRATIONS_PER_IP", "30")]).await else { return };
    let e = open_event(&app, "Vorming zonder proxy", None).await;
    let path = form_path(&app, &e).await;
    for n in 0..30 {
        let forged = format!("203.0.113.{}", n + 1);
        assert_eq!(post(&app, &path, &fields(&e, &format!("f{n}"), &format!("f{n}")), Some(&forged)).await, 303);
    }
    assert_eq!(post(&app, &path, &fields(&e, "f30", "f30"), Some("203.0.113.200")).await, 429);
    assert_eq!(registered(&app, &e).await, 30);
}

#[tokio::test]
async fn forwarded_for_from_strangers_is_ignored_sqlite() {
    forwarded_for_from_strangers_is_ignored(Backend::Sqlite).await;
}

#[tokio::test]
async fn forwarded_for_from_strangers_is_ignored_postgres() {
    forwarded_for_from_strangers_is_ignored(Backend::Postgres).await;
}

/// A refused form (422) does not count; the booker's address and the
/// activity have limits of their own.
async fn refused_forms_do_not_count(backend: Backend) {
    let vars = [
        ("LEERNET_REGISTRATIONS_PER_IP", "2"),
        ("LEERNET_REGISTRATIONS_PER_EMAIL", "100000"),
        ("LEERNET_TRUSTED_PROXIES", "127.0.0.1"),
    ];
    let Some(app) = spawn_app_with(backend, &vars).await else { return };
    let e = open_event(&app, "Vorming met fouten", None).await;
    let path = form_path(&app, &e).await;
    let client = Some("203.0.113.9");
    for n in 0..5 {
        let mut bad = fields(&e, &format!("x{n}"), &format!("x{n}"));
        bad.retain(|(name, _)| name != "toestemming");
        assert_eq!(post(&app, &path, &bad, client).await, 422, "no consent: refused");
    }
    assert_eq!(post(&app, &path, &fields(&e, "a", "a"), client).await, 303);
    // Registered already: refused by the store (409), not counted either.
    assert_eq!(post(&app, &path, &fields(&e, "a", "a"), client).await, 409);
    assert_eq!(post(&app, &path, &fields(&e, "b", "b"), client).await, 303);
    assert_eq!(post(&app, &path, &fields(&e, "c", "c"), client).await, 429, "the third that counts");

    // Per booker e-mail address, whatever the client.
    let vars = [("LEERNET_TRUSTED_PROXIES", "127.0.0.1"), ("LEERNET_REGISTRATIONS_PER_EMAIL", "10")];
    let Some(app) = spawn_app_with(backend, &vars).await else { return };
    let e = open_event(&app, "Vorming voor een boeker", None).await;
    let path = form_path(&app, &e).await;
    for n in 0..10 {
        let client = format!("203.0.113.{}", n + 1);
        assert_eq!(post(&app, &path, &fields(&e, &format!("m{n}"), "boeker"), Some(&client)).await, 303);
    }
    let page = app.client.post(&path).form(&fields(&e, "m10", "boeker")).header("x-forwarded-for", "203.0.113.99");
    let page = page.send().await.unwrap();
    assert_eq!(page.status().as_u16(), 429);
    let page = page.text().await.unwrap();
    assert!(page.contains("e-mailadres"), "says which limit: {page}");

    // Per activity, from everyone together.
    let vars = [("LEERNET_TRUSTED_PROXIES", "127.0.0.1"), ("LEERNET_REGISTRATIONS_PER_ACTIVITY", "3")];
    let Some(app) = spawn_app_with(backend, &vars).await else { return };
    let e = open_event(&app, "Drukke vorming", None).await;
    let path = form_path(&app, &e).await;
    for n in 0..3 {
        let client = format!("203.0.113.{}", n + 1);
        assert_eq!(post(&app, &path, &fields(&e, &format!("q{n}"), &format!("q{n}")), Some(&client)).await, 303);
    }
    assert_eq!(post(&app, &path, &fields(&e, "q3", "q3"), Some("203.0.113.50")).await, 429);
    let other = open_event(&app, "Rustige vorming", None).await;
    let other_path = form_path(&app, &other).await;
    assert_eq!(post(&app, &other_path, &fields(&other, "q3", "q3"), Some("203.0.113.50")).await, 303);
}

#[tokio::test]
async fn refused_forms_do_not_count_sqlite() {
    refused_forms_do_not_count(Backend::Sqlite).await;
}

#[tokio::test]
async fn refused_forms_do_not_count_postgres() {
    refused_forms_do_not_count(Backend::Postgres).await;
}

fn group(e: &Event, ticket: i32, size: usize, prefix: &str, booker: &str, how: Option<&str>) -> Vec<(String, String)> {
    let mut f = vec![
        ("ticket".to_string(), ticket.to_string()),
        ("besteller-naam".into(), "Boekt Groep".into()),
        ("besteller-email".into(), format!("{booker}@ocmw-geel.test")),
        ("toestemming".into(), "on".into()),
    ];
    for n in 0..size {
        f.push((format!("deelnemer-{n}-naam"), format!("Deelnemer {prefix}{n}")));
        f.push((format!("deelnemer-{n}-email"), format!("{prefix}{n}@ocmw-geel.test")));
        f.push((format!("deelnemer-{n}-organisatie"), e.partner.to_string()));
    }
    if let Some(how) = how {
        f.push(("betaalwijze".into(), how.into()));
        if how == "factuur" {
            f.push(("factuur-organisatie".into(), "OCMW Geel".into()));
            f.push(("factuur-ondernemingsnummer".into(), "0207.520.810".into()));
        }
    }
    f
}

async fn statuses(app: &TestApp, e: &Event) -> Vec<String> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.status.to_string())
        .collect()
}

/// Seats held for online payments in progress are bounded per booker address
/// and per client (10 by default): two posts cannot keep an activity full.
async fn holds_are_bounded(backend: Backend) {
    let vars = [("LEERNET_TRUSTED_PROXIES", "127.0.0.1"), ("LEERNET_SEATS_HELD", "10")];
    let Some(app) = spawn_app_with(backend, &vars).await else { return };
    let e = open_event(&app, "Betalende vorming", Some(100)).await;
    let path = form_path(&app, &e).await;
    let post_as = |fields: Vec<(String, String)>, client: &'static str| {
        let request = app.client.post(&path).form(&fields).header("x-forwarded-for", client);
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, _) = post_as(group(&e, e.paid, 6, "a", "boeker-a", Some("online")), "203.0.113.1").await;
    assert_eq!(status, 303, "six seats held while paying");
    let (status, page) = post_as(group(&e, e.paid, 5, "b", "boeker-a", Some("online")), "203.0.113.2").await;
    assert_eq!(status, 409, "eleven seats for one booker address");
    assert!(page.contains("al 6 plaatsen vastgehouden"), "says how many are held");
    let (status, _) = post_as(group(&e, e.paid, 5, "c", "boeker-c", Some("online")), "203.0.113.1").await;
    assert_eq!(status, 409, "eleven seats for one client");
    let (status, _) = post_as(group(&e, e.paid, 4, "d", "boeker-d", Some("online")), "203.0.113.1").await;
    assert_eq!(status, 303, "ten fit");
    assert_eq!(statuses(&app, &e).await.iter().filter(|s| *s == "pending_payment").count(), 10);
    let seats = event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken;
    assert_eq!(seats, 10, "refused posts hold nothing");
    // Paying on invoice holds nothing unpaid: a small group is confirmed at once.
    let (status, _) = post_as(group(&e, e.paid, 3, "f", "boeker-a", Some("factuur")), "203.0.113.1").await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn holds_are_bounded_sqlite() {
    holds_are_bounded(Backend::Sqlite).await;
}

#[tokio::test]
async fn holds_are_bounded_postgres() {
    holds_are_bounded(Backend::Postgres).await;
}

/// The confirmation link in the only mail a large group's booker gets.
async fn confirmation_token(app: &TestApp, booker: &str) -> String {
    use store::entities::mail_outbox;
    let mails = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(format!("{booker}@ocmw-geel.test")))
        .all(&app.db)
        .await
        .unwrap();
    let mail = mails.iter().find(|m| m.subject.starts_with("Bevestig je inschrijving")).expect("a confirmation mail");
    let after = mail.text_body.split("/inschrijving/bevestigen/").nth(1).expect("a link");
    after.chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

async fn mails_to_attendees(app: &TestApp, prefix: &str) -> usize {
    use store::entities::mail_outbox;
    mail_outbox::Entity::find().filter(mail_outbox::Column::ToAddress.starts_with(prefix)).count(&app.db).await.unwrap()
        as usize
}

/// More than five people booked by someone not signed in: their seats are
/// held, nobody else is mailed until the booker confirms through the link in
/// their own mail; without confirmation the seats go back after a day.
async fn large_groups_confirm_by_mail(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else { return };
    let e = open_event(&app, "Gratis vorming voor groepen", Some(20)).await;
    let path = form_path(&app, &e).await;
    let small = app.client.post(&path).form(&group(&e, e.free, 5, "s", "klein", None)).send().await.unwrap();
    assert_eq!(small.status().as_u16(), 303);
    assert!(small.headers()["location"].to_str().unwrap().contains("status=bevestigd"), "five: confirmed at once");

    let large = app.client.post(&path).form(&group(&e, e.free, 6, "gx", "groot", None)).send().await.unwrap();
    assert_eq!(large.status().as_u16(), 303, "{}", large.text().await.unwrap());
    let location = large.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("status=bevestigen"), "{location}");
    let page = app.get(&location.replace(&app.address, "")).await;
    assert!(page.body.contains("Bevestig je inschrijving"));
    assert_eq!(statuses(&app, &e).await.iter().filter(|s| *s == "unconfirmed").count(), 6);
    assert_eq!(mails_to_attendees(&app, "gx").await, 0, "strangers are not mailed");
    assert_eq!(event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken, 11);

    let token = confirmation_token(&app, "groot").await;
    let landing = app.get(&format!("/inschrijving/bevestigen/{token}")).await;
    assert_eq!(landing.status, 200);
    assert!(landing.body.contains("name=\"token\""), "opening the link changes nothing; the button confirms");
    assert_eq!(statuses(&app, &e).await.iter().filter(|s| *s == "unconfirmed").count(), 6);
    let confirmed = app.post_form("/inschrijving/bevestigen", &[("token", &token)], &[]).await;
    assert_eq!(confirmed.status, 303);
    assert!(confirmed.location.ends_with("status=bevestigd"), "{}", confirmed.location);
    assert_eq!(statuses(&app, &e).await.iter().filter(|s| *s == "confirmed").count(), 11);
    assert_eq!(mails_to_attendees(&app, "gx").await, 6, "now everyone gets their ticket");
    let again = app.post_form("/inschrijving/bevestigen", &[("token", &token)], &[]).await;
    assert!(again.location.ends_with("status=al-bevestigd"));
    assert_eq!(mails_to_attendees(&app, "gx").await, 6, "once");
    assert_eq!(app.post_form("/inschrijving/bevestigen", &[("token", "onbekend")], &[]).await.status, 404);

    // Not confirmed within a day: the seats go back.
    let late = app.client.post(&path).form(&group(&e, e.free, 7, "lx", "laat", None)).send().await.unwrap();
    assert_eq!(late.status().as_u16(), 303);
    assert_eq!(event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken, 18);
    let token = confirmation_token(&app, "laat").await;
    app.clock.set(app.clock_now() + chrono::Duration::hours(25));
    server::waitlist::expire_once(&app.state).await.unwrap();
    assert_eq!(event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken, 11);
    let lapsed = app.post_form("/inschrijving/bevestigen", &[("token", &token)], &[]).await;
    assert!(lapsed.location.ends_with("status=verlopen"), "{}", lapsed.location);
    assert_eq!(mails_to_attendees(&app, "lx").await, 0);
}

#[tokio::test]
async fn large_groups_confirm_by_mail_sqlite() {
    large_groups_confirm_by_mail(Backend::Sqlite).await;
}

#[tokio::test]
async fn large_groups_confirm_by_mail_postgres() {
    large_groups_confirm_by_mail(Backend::Postgres).await;
}

/// The activity page counts held seats apart, and staff let held seats go
/// from the participants list: a payment in progress is expired at Stripe
/// first, a large group awaiting confirmation is let go; other organisers'
/// staff cannot, and nothing moves without the form token.
async fn staff_release_holds(backend: Backend) {
    use crate::accounts::sign_in;
    use crate::helpers::csrf_of;
    let Some(app) = spawn_app_with(backend, &[]).await else { return };
    let e = open_event(&app, "Vorming met wachtende plaatsen", Some(30)).await;
    let path = form_path(&app, &e).await;
    let paying = app.client.post(&path).form(&group(&e, e.paid, 3, "px", "betaler", Some("online"))).send().await;
    assert_eq!(paying.unwrap().status().as_u16(), 303);
    let waiting = app.client.post(&path).form(&group(&e, e.free, 6, "wx", "wachter", None)).send().await;
    assert_eq!(waiting.unwrap().status().as_u16(), 303);
    let public = app.get(&path.replace(&app.address, "").replace("/inschrijven", "")).await;
    assert!(public.body.contains("Plaatsen waarvoor nu betaald wordt: 3."), "the page counts them apart");
    assert!(public.body.contains("Plaatsen die wachten op bevestiging: 6."));

    let list = format!("/beheer/{KEMPEN}/activiteiten/{}/inschrijvingen", e.id);
    let release = format!("/beheer/{KEMPEN}/activiteiten/{}/vrijgeven", e.id);
    let reference_of = |booker: &'static str| {
        let db = app.db.clone();
        async move {
            use store::entities::order;
            order::Entity::find()
                .filter(order::Column::BuyerEmail.eq(format!("{booker}@ocmw-geel.test")))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .reference
        }
    };
    let (paying_ref, waiting_ref) = (reference_of("betaler").await, reference_of("wachter").await);
    let jens = sign_in(&app, "jens.jaecques@cawnoordwestvlaanderen.test").await;
    let nwvl_page = app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &jens).await;
    assert_eq!(nwvl_page.status, 404);
    let tabitha = sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    let page = app.get_with_cookie(&list, &tabitha).await;
    assert!(page.body.contains("Plaatsen vrijgeven"));
    let csrf = csrf_of(&page.body);
    let as_tabitha = [("cookie", tabitha.as_str())];
    assert_eq!(app.post_form(&release, &[("bestelling", &paying_ref)], &as_tabitha).await.status, 403, "no token");
    let own = csrf_of(&app.get_with_cookie("/mijn", &jens).await.body);
    let sideways = [("csrf", own.as_str()), ("bestelling", paying_ref.as_str())];
    assert_eq!(app.post_form(&release, &sideways, &[("cookie", jens.as_str())]).await.status, 404, "other organiser");
    assert_eq!(event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken, 9);

    let released = app.post_form(&release, &[("csrf", &csrf), ("bestelling", &paying_ref)], &as_tabitha).await;
    assert_eq!(released.status, 303);
    assert!(released.location.ends_with("?melding=vrijgegeven"), "{}", released.location);
    let released = app.post_form(&release, &[("csrf", &csrf), ("bestelling", &waiting_ref)], &as_tabitha).await;
    assert_eq!(released.status, 303);
    assert_eq!(event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken, 0);
    assert!(statuses(&app, &e).await.iter().all(|s| s == "cancelled"));
    let again = app.post_form(&release, &[("csrf", &csrf), ("bestelling", &waiting_ref)], &as_tabitha).await;
    assert_eq!(again.status, 404, "nothing held any more");
    // The booker's link, followed after the release, says the seats went.
    let token = confirmation_token(&app, "wachter").await;
    let late = app.post_form("/inschrijving/bevestigen", &[("token", &token)], &[]).await;
    assert!(late.location.ends_with("status=verlopen"), "{}", late.location);
    let page = app.get_with_cookie(&format!("{list}?melding=vrijgegeven"), &tabitha).await;
    assert!(page.body.contains("De vastgehouden plaatsen zijn vrijgegeven"));
}

#[tokio::test]
async fn staff_release_holds_sqlite() {
    staff_release_holds(Backend::Sqlite).await;
}

#[tokio::test]
async fn staff_release_holds_postgres() {
    staff_release_holds(Backend::Postgres).await;
}
