//! The registrations API for organisers: tokens made in the back office,
//! registering through the form's rules, listing, cancelling, idempotent
//! retries, a problem for every bad input (and nothing written), and the rate
//! limit on registration posts.

use crate::accounts::sign_in;
use crate::helpers::{Backend, TestApp, csrf_of, spawn_app_with};
use crate::on_both_databases;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use store::entities::{
    api_token, audit_entry, event, mail_outbox, order, organiser, partnership, person, registration, ticket,
    ticket_type,
};

const KEMPEN: &str = "biz-kempen";
const NWVL: &str = "biz-noord-west-vlaanderen";
const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const KEMPEN_STAFF: &str = "tabitha.tanghe@cawdekempen.test";

/// A published Kempen event with a free ticket for everyone, a paid one and
/// a partners-only one.
pub(crate) struct Event {
    pub(crate) id: i32,
    pub(crate) free: i32,
    pub(crate) paid: i32,
    partners_only: i32,
    pub(crate) partner: i32,
    partner_name: String,
}

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

pub(crate) async fn open_event(app: &TestApp, title: &str, capacity: Option<i32>) -> Event {
    let id = app.insert_draft(KEMPEN, title, true).await;
    let mut e: event::ActiveModel = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into();
    e.status = Set(EventStatus::Published);
    e.capacity = Set(capacity);
    e.update(&app.db).await.unwrap();
    let mut ids = Vec::new();
    for (position, (name, price, eligibility)) in
        [("Deelname", 0, "everyone"), ("Betalend", 4500, "everyone"), ("Partners", 0, "partners")].iter().enumerate()
    {
        let t = ticket_type::ActiveModel {
            event_id: Set(id),
            name: Set(name.to_string()),
            price_cents: Set(*price),
            eligibility: Set(eligibility.to_string()),
            position: Set(position as i32),
            active: Set(true),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(t.id);
    }
    let kempen = organiser_id(app, KEMPEN).await;
    let partner = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(kempen))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .organisation_id;
    let partner_name =
        store::entities::organisation::Entity::find_by_id(partner).one(&app.db).await.unwrap().unwrap().name;
    Event { id, free: ids[0], paid: ids[1], partners_only: ids[2], partner, partner_name }
}

/// A token for the organiser, made as its admin would (straight in the store).
async fn token_for(app: &TestApp, slug: &str) -> String {
    let organiser = organiser_id(app, slug).await;
    let admin = person::Entity::find().one(&app.db).await.unwrap().unwrap();
    store::api_tokens::create(&app.db, organiser, "Test", admin.id, app.clock_now()).await.unwrap().1
}

struct Answer {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The problem's kind (the last part of its type URI).
    fn problem(&self) -> String {
        assert_eq!(self.content_type, "application/problem+json", "{}", self.body);
        let p = self.json();
        assert!(p["title"].is_string() && p["detail"].as_str().is_some_and(|d| !d.is_empty()), "{p}");
        p["type"].as_str().unwrap().trim_start_matches("https://leernet.be/problems/").to_string()
    }

    fn pointers(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| a.iter().map(|e| e["pointer"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    }
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let url = format!("{}/api/v1{path}", app.address);
    let mut request = match method {
        "GET" => app.client.get(&url),
        "POST" => app.client.post(&url),
        "DELETE" => app.client.delete(&url),
        other => panic!("{other}"),
    };
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request failed");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    Answer { status, content_type, headers, body: response.text().await.expect("body") }
}

fn one(ticket: i32, organisation: Value, name: &str, email: &str) -> Value {
    json!({
        "ticket_type": ticket,
        "attendees": [{ "name": name, "email": email, "organisation": organisation }],
        "booker": { "name": name, "email": email },
        "payment": "free"
    })
}

#[derive(Debug, PartialEq)]
struct Counts {
    orders: u64,
    registrations: u64,
    tickets: u64,
    mails: u64,
    seats: i32,
}

async fn counts(app: &TestApp, event_id: i32) -> Counts {
    Counts {
        orders: order::Entity::find().count(&app.db).await.unwrap(),
        registrations: registration::Entity::find().count(&app.db).await.unwrap(),
        tickets: ticket::Entity::find().count(&app.db).await.unwrap(),
        mails: mail_outbox::Entity::find().count(&app.db).await.unwrap(),
        seats: event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().seats_taken,
    }
}

on_both_databases!(an_organiser_registers_lists_and_cancels_through_the_api, |app: TestApp| async move {
    let e = open_event(&app, "API vorming", Some(1)).await;
    let token = token_for(&app, KEMPEN).await;
    let path = format!("/events/{}/registrations", e.id);

    let body = one(e.free, json!(e.partner), "An Peeters", "an.api@ocmw-geel.test");
    let made = call(&app, "POST", &path, Some(&token), Some(&body), &[]).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let made = made.json();
    assert_eq!(made["placement"], "confirmed");
    assert_eq!(made["order"]["payment_method"], "free");
    let first = &made["registrations"][0];
    assert_eq!(first["status"], "confirmed");
    assert_eq!(first["attendee"]["email"], "an.api@ocmw-geel.test");
    assert_eq!(first["attendee"]["organisation_id"], e.partner);
    assert_eq!(first["ticket_type"]["id"], e.free);
    let ticket_url = first["ticket_url"].as_str().expect("a live ticket").to_string();
    assert!(ticket_url.starts_with("http://leernet.test/ticket/"));
    let first_id = first["id"].as_i64().unwrap();
    // The attendee's confirmation, with the ticket and a calendar file.
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("an.api@ocmw-geel.test"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a confirmation mail");
    assert!(mail.subject.starts_with("Ingeschreven: API vorming"));
    assert!(mail.text_body.contains(ticket_url.trim_start_matches("http://leernet.test")));
    assert!(mail.attachments.unwrap_or_default().contains("inschrijving.ics"));
    let code = ticket_url.rsplit('/').next().unwrap();
    assert_eq!(app.get(&format!("/ticket/{code}")).await.status, 200);

    // The only seat is taken: the next one waits (no error), by a partner named by name.
    let second = one(e.free, json!(e.partner_name.to_uppercase()), "Bart Claes", "bart.api@ocmw-geel.test");
    let waiting = call(&app, "POST", &path, Some(&token), Some(&second), &[]).await;
    assert_eq!(waiting.status, 201, "{}", waiting.body);
    let waiting = waiting.json();
    assert_eq!(waiting["placement"], "waitlisted");
    assert_eq!(waiting["registrations"][0]["status"], "waitlisted");
    assert_eq!(waiting["registrations"][0]["attendee"]["organisation_id"], e.partner);
    assert!(waiting["registrations"][0]["ticket_url"].is_null());

    // The list, page by page and by status.
    let all = call(&app, "GET", &path, Some(&token), None, &[]).await.json();
    assert_eq!(all["count"], 2);
    assert!(all["next_cursor"].is_null());
    let page = call(&app, "GET", &format!("{path}?limit=1"), Some(&token), None, &[]).await.json();
    assert_eq!(page["count"], 1);
    assert_eq!(page["data"][0]["id"], first_id);
    let cursor = page["next_cursor"].as_str().expect("a next page").to_string();
    let next = call(&app, "GET", &format!("{path}?limit=1&cursor={cursor}"), Some(&token), None, &[]).await.json();
    assert_eq!(next["data"][0]["attendee"]["name"], "Bart Claes");
    assert!(next["next_cursor"].is_null());
    let waitlisted = call(&app, "GET", &format!("{path}?status=waitlisted"), Some(&token), None, &[]).await.json();
    assert_eq!(waitlisted["count"], 1);
    for bad in ["status=gone", "limit=0", "limit=500", "cursor=x", "colour=red"] {
        let r = call(&app, "GET", &format!("{path}?{bad}"), Some(&token), None, &[]).await;
        assert_eq!((r.status, r.problem().as_str()), (400, "invalid-parameter"), "{bad}");
    }

    // The organiser cancels the first: the seat goes to the waiting list.
    let cancelled = call(&app, "DELETE", &format!("/registrations/{first_id}"), Some(&token), None, &[]).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.json()["status"], "cancelled");
    assert!(cancelled.json()["ticket_url"].is_null());
    let bart = registration::Entity::find()
        .filter(registration::Column::AttendeeEmail.eq("bart.api@ocmw-geel.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bart.status, RegistrationStatus::Offered);
    assert_eq!(event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().seats_taken, 1);
    let offer = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("bart.api@ocmw-geel.test"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(offer, 2, "the waiting-list mail and the offer");
    assert!(app.get(&format!("/ticket/{code}")).await.body.contains("Afgemeld"), "the ticket page says so");
    // The attendee hears it from the organiser.
    let notice = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq("an.api@ocmw-geel.test"))
        .filter(mail_outbox::Column::Subject.eq("Inschrijving geannuleerd: API vorming"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a cancellation notice");
    assert!(notice.text_body.contains("heeft je inschrijving voor «API vorming» geannuleerd"), "{}", notice.text_body);
    let again = call(&app, "DELETE", &format!("/registrations/{first_id}"), Some(&token), None, &[]).await;
    assert_eq!((again.status, again.problem().as_str()), (409, "already-cancelled"));

    // Once the event has started, the organiser no longer cancels.
    let bart_id = bart.id;
    app.clock.set(app.clock_now() + chrono::Duration::days(41));
    let late = call(&app, "DELETE", &format!("/registrations/{bart_id}"), Some(&token), None, &[]).await;
    assert_eq!((late.status, late.problem().as_str()), (409, "event-started"));
});

on_both_databases!(a_token_acts_only_for_its_own_organiser, |app: TestApp| async move {
    let e = open_event(&app, "Alleen Kempen", Some(20)).await;
    let kempen = token_for(&app, KEMPEN).await;
    let nwvl = token_for(&app, NWVL).await;
    let path = format!("/events/{}/registrations", e.id);
    let made = call(
        &app,
        "POST",
        &path,
        Some(&kempen),
        Some(&one(e.free, json!(e.partner), "Cis", "cis@ocmw-geel.test")),
        &[],
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let id = made.json()["registrations"][0]["id"].as_i64().unwrap() as i32;
    let before = counts(&app, e.id).await;

    let body = one(e.free, json!("Elders"), "Indringer", "indringer@example.test");
    for (method, path, body) in [
        ("GET", path.clone(), None),
        ("POST", path.clone(), Some(&body)),
        ("DELETE", format!("/registrations/{id}"), None),
    ] {
        let r = call(&app, method, &path, Some(&nwvl), body, &[]).await;
        assert_eq!((r.status, r.problem().as_str()), (404, "not-found"), "{method} {path}");
        assert!(!r.body.contains("cis@ocmw-geel.test"));
        // No token, a made-up one, or a session cookie instead of a token: 401.
        let cookie = sign_in(&app, KEMPEN_ADMIN).await;
        for token in
            [None, Some("lnt_0000000000000000000000000000000000000000000000000000000000000000"), Some("geheim")]
        {
            let r = call(&app, method, &path, token, body, &[("cookie", &cookie)]).await;
            assert_eq!((r.status, r.problem().as_str()), (401, "unauthorized"), "{method} {path} {token:?}");
            assert!(r.headers.get("www-authenticate").unwrap().to_str().unwrap().starts_with("Bearer"));
        }
        // A browser on another site is refused before anything else.
        if method != "GET" {
            let r = call(&app, method, &path, Some(&kempen), body, &[("origin", "https://evil.test")]).await;
            assert_eq!(r.status, 403, "{method} {path}");
        }
    }
    let after = counts(&app, e.id).await;
    assert_eq!(before.orders, after.orders);
    assert_eq!(before.registrations, after.registrations);
    assert_eq!(before.seats, after.seats);
    assert_eq!(
        registration::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().status,
        RegistrationStatus::Confirmed,
        "NWVL's DELETE changed nothing"
    );
});

on_both_databases!(admins_make_show_once_and_revoke_tokens, |app: TestApp| async move {
    let e = open_event(&app, "Sleutelvorming", Some(20)).await;
    let admin = sign_in(&app, KEMPEN_ADMIN).await;
    let page = app.get_with_cookie(&format!("/beheer/{KEMPEN}/api"), &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Nog geen API-sleutels") || page.body.contains("nog geen API-sleutels"));
    let csrf = csrf_of(&page.body);
    let dashboard = app.get_with_cookie(&format!("/beheer/{KEMPEN}"), &admin).await;
    assert!(dashboard.body.contains(&format!("/beheer/{KEMPEN}/api")), "linked from the back office");

    let path = format!("/beheer/{KEMPEN}/api");
    let nameless = app.post_form(&path, &[("csrf", &csrf), ("naam", "")], &[("cookie", &admin)]).await;
    assert_eq!(nameless.status, 422);
    assert!(nameless.body.contains("Geef de sleutel een naam"));
    assert!(!nameless.body.contains("lnt_"));
    let made = app.post_form(&path, &[("csrf", &csrf), ("naam", "Website")], &[("cookie", &admin)]).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let start = made.body.find("value=\"lnt_").expect("the secret, shown once") + "value=\"".len();
    let secret: String = made.body[start..].chars().take_while(|c| *c != '"').collect();
    assert_eq!(secret.len(), 68);
    // Stored as a hash only; the list shows the prefix, never the secret again.
    let stored = api_token::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_ne!(stored.token_hash, secret);
    assert_eq!(stored.token_hash, store::accounts::hash_secret(&secret));
    let list = app.get_with_cookie(&path, &admin).await;
    assert!(list.body.contains(&secret[..12]) && !list.body.contains(&secret));

    let events = format!("/events/{}/registrations", e.id);
    assert_eq!(call(&app, "GET", &events, Some(&secret), None, &[]).await.status, 200);
    assert!(api_token::Entity::find().one(&app.db).await.unwrap().unwrap().last_used_at.is_some());

    // Staff see no token page and make no tokens.
    let staff = sign_in(&app, KEMPEN_STAFF).await;
    assert_eq!(app.get_with_cookie(&path, &staff).await.status, 404);
    let staff_csrf = csrf_of(&app.get_with_cookie("/mijn", &staff).await.body);
    let refused = app.post_form(&path, &[("csrf", &staff_csrf), ("naam", "Stiekem")], &[("cookie", &staff)]).await;
    assert_eq!(refused.status, 403);

    let revoke = format!("{path}/{}/intrekken", stored.id);
    let done = app.post_form(&revoke, &[("csrf", &csrf)], &[("cookie", &admin)]).await;
    assert_eq!(done.status, 303);
    assert!(done.location.ends_with("melding=ingetrokken"));
    let r = call(&app, "GET", &events, Some(&secret), None, &[]).await;
    assert_eq!((r.status, r.problem().as_str()), (401, "unauthorized"));
    assert_eq!(app.post_form(&revoke, &[("csrf", &csrf)], &[("cookie", &admin)]).await.status, 404);
    let audit: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("api_token"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(audit, ["api_token.created", "api_token.revoked"]);
});

on_both_databases!(a_retry_with_the_same_key_finds_the_first_order, |app: TestApp| async move {
    let e = open_event(&app, "Idempotente vorming", Some(20)).await;
    let token = token_for(&app, KEMPEN).await;
    let path = format!("/events/{}/registrations", e.id);
    let body = one(e.free, json!(e.partner), "Dirk", "dirk@ocmw-geel.test");
    let key = [("idempotency-key", "order-1")];
    let first = call(&app, "POST", &path, Some(&token), Some(&body), &key).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let mails = counts(&app, e.id).await.mails;
    let again = call(&app, "POST", &path, Some(&token), Some(&body), &key).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["registrations"], first.json()["registrations"]);
    assert_eq!(again.json()["order"], first.json()["order"]);
    assert_eq!(counts(&app, e.id).await.mails, mails, "no second confirmation");

    let other = one(e.free, json!(e.partner), "Els", "els@ocmw-geel.test");
    let reused = call(&app, "POST", &path, Some(&token), Some(&other), &key).await;
    assert_eq!((reused.status, reused.problem().as_str()), (422, "idempotency-key-reused"));
    // Another organiser's identical key is its own.
    assert_eq!(order::Entity::find().filter(order::Column::EventId.eq(e.id)).count(&app.db).await.unwrap(), 1);
    let empty = call(&app, "POST", &path, Some(&token), Some(&other), &[("idempotency-key", " ")]).await;
    assert_eq!((empty.status, empty.problem().as_str()), (400, "invalid-parameter"));
});

on_both_databases!(fifty_parallel_retries_make_one_order, |app: TestApp| async move {
    let e = open_event(&app, "Drukke retries", Some(20)).await;
    let token = token_for(&app, KEMPEN).await;
    let url = format!("{}/api/v1/events/{}/registrations", app.address, e.id);
    let body = json!({
        "ticket_type": e.free,
        "attendees": [
            { "name": "Fien", "email": "fien@ocmw-geel.test", "organisation": e.partner },
            { "name": "Gert", "email": "gert@ocmw-geel.test", "organisation": e.partner }
        ],
        "booker": { "name": "Fien", "email": "fien@ocmw-geel.test" },
        "payment": "free"
    });
    let mut rush = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (client, url, token, body) = (app.client.clone(), url.clone(), token.clone(), body.clone());
        rush.spawn(async move {
            let r = client.post(&url).bearer_auth(token).header("idempotency-key", "same").json(&body).send().await;
            let r = r.expect("request");
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.expect("json"))
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = rush.join_next().await {
        answers.push(answer.expect("task"));
    }
    let created = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 1, "{:?}", answers.iter().map(|(s, _)| s).collect::<Vec<_>>());
    assert!(answers.iter().all(|(s, _)| *s == 200 || *s == 201));
    let reference = &answers[0].1["order"]["reference"];
    assert!(answers.iter().all(|(_, b)| &b["order"]["reference"] == reference));
    let c = counts(&app, e.id).await;
    assert_eq!(order::Entity::find().filter(order::Column::EventId.eq(e.id)).count(&app.db).await.unwrap(), 1);
    assert_eq!(
        registration::Entity::find().filter(registration::Column::EventId.eq(e.id)).count(&app.db).await.unwrap(),
        2
    );
    assert_eq!(c.seats, 2);
});

on_both_databases!(every_bad_registration_has_its_own_problem_and_writes_nothing, |app: TestApp| async move {
    let e = open_event(&app, "Strenge vorming", Some(20)).await;
    let token = token_for(&app, KEMPEN).await;
    let path = format!("/events/{}/registrations", e.id);
    let taken = one(e.free, json!(e.partner), "Hilde", "hilde@ocmw-geel.test");
    assert_eq!(call(&app, "POST", &path, Some(&token), Some(&taken), &[]).await.status, 201);
    let before = counts(&app, e.id).await;

    let good = || one(e.free, json!(e.partner), "Ilse", "ilse@ocmw-geel.test");
    let with = |mut v: Value, pointer: &str, value: Value| {
        match v.pointer_mut(pointer) {
            Some(slot) => *slot = value,
            None => {
                v[pointer.trim_start_matches('/')] = value;
            }
        }
        v
    };
    let mut group = good();
    group["attendees"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "Hilde", "email": "HILDE@ocmw-geel.test", "organisation": e.partner }));
    let paid_invoice = json!({ "invoice": { "organisation": "OCMW Geel", "enterprise_number": "0207.520.810" } });
    let paid = with(with(good(), "/ticket_type", json!(e.paid)), "/payment", paid_invoice);
    let cases: Vec<(&str, Value, u16, &str, &[&str])> = vec![
        (
            "unknown ticket type",
            with(good(), "/ticket_type", json!(999999)),
            422,
            "unknown-ticket-type",
            &["/ticket_type"],
        ),
        (
            "malformed email",
            with(good(), "/attendees/0/email", json!("ilse@")),
            422,
            "validation-failed",
            &["/attendees/0/email"],
        ),
        (
            "booker email",
            with(good(), "/booker/email", json!("geen adres")),
            422,
            "validation-failed",
            &["/booker/email"],
        ),
        ("no attendees", with(good(), "/attendees", json!([])), 422, "validation-failed", &["/attendees"]),
        (
            "blank attendee",
            with(good(), "/attendees/0", json!({ "name": "", "email": "", "organisation": "x" })),
            422,
            "validation-failed",
            &["/attendees/0/name"],
        ),
        (
            "partners only",
            with(
                with(good(), "/ticket_type", json!(e.partners_only)),
                "/attendees/0/organisation",
                json!("Advocatenkantoor Elders"),
            ),
            422,
            "ticket-not-for-audience",
            &["/attendees/0/organisation"],
        ),
        (
            "unknown partner id",
            with(good(), "/attendees/0/organisation", json!(999999)),
            422,
            "validation-failed",
            &["/attendees/0/organisation"],
        ),
        ("already registered", group, 409, "already-registered", &["/attendees/1/email"]),
        (
            "tampered amount",
            with(paid.clone(), "/expected_total_cents", json!(100)),
            422,
            "amount-mismatch",
            &["/expected_total_cents"],
        ),
        (
            "free on a paid ticket",
            with(paid.clone(), "/payment", json!("free")),
            422,
            "payment-required",
            &["/payment"],
        ),
        ("online payment", with(good(), "/payment", json!("online")), 422, "payment-not-supported", &["/payment"]),
        (
            "missing enterprise number",
            with(paid.clone(), "/payment/invoice", json!({ "organisation": "OCMW Geel" })),
            422,
            "validation-failed",
            &["/payment/invoice/enterprise_number"],
        ),
        (
            "bad enterprise number",
            with(paid.clone(), "/payment/invoice/enterprise_number", json!("0207.520.811")),
            422,
            "validation-failed",
            &["/payment/invoice/enterprise_number"],
        ),
        (
            "unknown field",
            with(good(), "/booker", json!({ "name": "x", "email": "x@y.test", "phone": "1" })),
            422,
            "validation-failed",
            &[],
        ),
        ("wrong type", with(good(), "/ticket_type", json!("een")), 422, "validation-failed", &[]),
    ];
    for (what, body, status, kind, pointers) in cases {
        let r = call(&app, "POST", &path, Some(&token), Some(&body), &[]).await;
        assert_eq!((r.status, r.problem().as_str()), (status, kind), "{what}: {}", r.body);
        assert_eq!(r.pointers(), pointers.iter().map(|p| p.to_string()).collect::<Vec<_>>(), "{what}: {}", r.body);
    }
    // The paid body itself is fine, and its total is what a client must expect.
    let url = format!("{}/api/v1{path}", app.address);
    let raw = |body: &'static str, content_type: &'static str| {
        app.client.post(&url).bearer_auth(&token).header("content-type", content_type).body(body).send()
    };
    let r = raw("{\"ticket_type\": ", "application/json").await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("malformed-json"));
    let r = raw("ticket_type=1", "application/x-www-form-urlencoded").await.unwrap();
    assert_eq!(r.status().as_u16(), 415);
    let big = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(vec![b' '; 100 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(big.status().as_u16(), 413);
    assert!(big.text().await.unwrap().contains("body-too-large"));
    assert_eq!(counts(&app, e.id).await, before, "nothing written by any refused request");

    let right =
        call(&app, "POST", &path, Some(&token), Some(&with(paid, "/expected_total_cents", json!(4500))), &[]).await;
    assert_eq!(right.status, 201, "{}", right.body);
    assert_eq!(right.json()["order"]["payment_method"], "invoice");
    assert_eq!(right.json()["order"]["total_cents"], 4500);

    // A closed window is a conflict.
    let mut closed: event::ActiveModel = event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().into();
    closed.registration_closes_at = Set(Some(app.clock_now() - chrono::Duration::hours(1)));
    closed.update(&app.db).await.unwrap();
    let before = counts(&app, e.id).await;
    let r =
        call(&app, "POST", &path, Some(&token), Some(&one(e.free, json!(e.partner), "Jan", "jan@ocmw-geel.test")), &[])
            .await;
    assert_eq!((r.status, r.problem().as_str()), (409, "registration-closed"));
    assert_eq!(counts(&app, e.id).await, before);
});

/// Registration posts per client address are limited, across server processes.
async fn rate_limited(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("LEERNET_REGISTRATIONS_PER_IP", "2")]).await else { return };
    let e = open_event(&app, "Begrensde vorming", Some(20)).await;
    let token = token_for(&app, KEMPEN).await;
    let second = app.second_server().await;
    let slug = event::Entity::find_by_id(e.id).one(&app.db).await.unwrap().unwrap().slug;
    let form = format!("/regio/{KEMPEN}/{slug}/inschrijven");
    let fields = |n: usize| {
        vec![
            ("ticket".to_string(), e.free.to_string()),
            ("deelnemer-0-naam".to_string(), format!("Deelnemer {n}")),
            ("deelnemer-0-email".to_string(), format!("d{n}@ocmw-geel.test")),
            ("deelnemer-0-organisatie".to_string(), e.partner.to_string()),
            ("besteller-naam".to_string(), "Boekt".to_string()),
            ("besteller-email".to_string(), format!("d{n}@ocmw-geel.test")),
            ("toestemming".to_string(), "on".to_string()),
        ]
    };
    for (n, server) in [&app.address, &second].into_iter().enumerate() {
        let r = app.client.post(format!("{server}{form}")).form(&fields(n)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303, "post {n} passes");
    }
    let r = app.client.post(format!("{}{form}", app.address)).form(&fields(9)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429, "the third, on either server, does not");
    assert_eq!(r.headers().get("retry-after").unwrap(), "900");
    let page = r.text().await.unwrap();
    assert!(page.contains("te veel inschrijvingen"), "a friendly message at the form");
    assert!(page.contains("d9@ocmw-geel.test"), "what was typed stays");
    assert_eq!(
        registration::Entity::find().filter(registration::Column::EventId.eq(e.id)).count(&app.db).await.unwrap(),
        2
    );

    // The API has its own count per address, also shared.
    let path = format!("/events/{}/registrations", e.id);
    let body = |n: usize| one(e.free, json!(e.partner), "API", &format!("api{n}@ocmw-geel.test"));
    assert_eq!(call(&app, "POST", &path, Some(&token), Some(&body(1)), &[]).await.status, 201);
    let url = format!("{second}/api/v1{path}");
    assert_eq!(app.client.post(&url).bearer_auth(&token).json(&body(2)).send().await.unwrap().status().as_u16(), 201);
    let r = call(&app, "POST", &path, Some(&token), Some(&body(3)), &[]).await;
    assert_eq!((r.status, r.problem().as_str()), (429, "too-many-requests"));
    assert_eq!(r.headers.get("retry-after").unwrap(), "900");
}

#[tokio::test]
async fn registration_posts_are_rate_limited_sqlite() {
    rate_limited(Backend::Sqlite).await;
}

#[tokio::test]
async fn registration_posts_are_rate_limited_postgres() {
    rate_limited(Backend::Postgres).await;
}

on_both_databases!(every_documented_operation_is_routed, |app: TestApp| async move {
    let token = token_for(&app, KEMPEN).await;
    for (method, path) in server::api::ROUTES {
        let concrete: String =
            path.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
        let r = call(&app, &method.to_uppercase(), &concrete, Some(&token), None, &[]).await;
        assert!(!r.body.contains("no such API endpoint"), "{method} {path} is documented but not routed");
    }
});
