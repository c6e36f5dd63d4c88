//! The door's API: redeeming tickets by a door's scan id (once, the earliest
//! time wins, two doors make one check-in, conflicts come back), what a door
//! downloads (sessions with counts, the admission list, who is present),
//! undo, every bad input its own problem, and who may call (tokens of both
//! scopes, a signed-in browser with its form token, nobody else's).

use crate::accounts::sign_in;
use crate::checkin::{Seat, event_with_seats};
use crate::helpers::TestApp;
use crate::on_both_databases;
use chrono::{DateTime, Duration, Utc};
use domain::RegistrationStatus;
use domain::api_tokens::TokenScope;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use store::entities::{check_in, door_scan, event, event_session, organiser, person, registration};

const KEMPEN: &str = "biz-kempen";
const NWVL: &str = "biz-noord-west-vlaanderen";
const KEMPEN_STAFF: &str = "tabitha.tanghe@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";

struct Reply {
    status: u16,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The problem's kind (the last part of its type URI).
    fn problem(&self) -> String {
        assert_eq!(self.content_type, "application/problem+json", "{}", self.body);
        let p = self.json();
        p["type"].as_str().unwrap().trim_start_matches("https://leernet.be/problems/").to_string()
    }

    fn pointer(&self) -> String {
        self.json()["errors"][0]["pointer"].as_str().unwrap_or_default().to_string()
    }
}

enum Auth<'a> {
    Token(&'a str),
    /// A browser's session cookie and the form token it sends (if any).
    Browser(&'a str, Option<&'a str>),
    Nobody,
}

async fn call(app: &TestApp, method: &str, path: &str, auth: &Auth<'_>, body: Option<&Value>) -> Reply {
    let url = format!("{}/api/v1{path}", app.address);
    let mut request = match method {
        "GET" => app.client.get(&url),
        "POST" => app.client.post(&url),
        "DELETE" => app.client.delete(&url),
        other => panic!("{other}"),
    };
    match auth {
        Auth::Token(token) => request = request.bearer_auth(token),
        Auth::Browser(cookie, csrf) => {
            request = request.header("cookie", *cookie);
            if let Some(csrf) = csrf {
                request = request.header("x-csrf-token", *csrf);
            }
        }
        Auth::Nobody => {}
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("request failed");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    Reply { status, content_type, body: response.text().await.expect("body") }
}

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

async fn token(app: &TestApp, slug: &str, scope: TokenScope) -> String {
    let organiser = organiser_id(app, slug).await;
    let admin = person::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    store::api_tokens::create_with_scope(&app.db, organiser, "Deur", scope, admin, app.clock_now()).await.unwrap().1
}

/// A Kempen event whose first session runs now (started half an hour ago),
/// with `seats` unscanned tickets: (event, session, seats).
async fn door_today(app: &TestApp, seats: usize) -> (i32, i32, Vec<Seat>) {
    let (event_id, session_id, seats) = event_with_seats(app, KEMPEN, seats).await;
    let now = app.clock_now();
    let mut s: event_session::ActiveModel =
        event_session::Entity::find_by_id(session_id).one(&app.db).await.unwrap().unwrap().into();
    s.starts_at = Set(now - Duration::minutes(30));
    s.ends_at = Set(now + Duration::hours(3));
    s.update(&app.db).await.unwrap();
    (event_id, session_id, seats)
}

fn scan(ticket: &str, scan_id: &str) -> Value {
    json!({ "ticket": ticket, "scan_id": scan_id })
}

fn offline_scan(ticket: &str, scan_id: &str, at: DateTime<Utc>, door: &str) -> Value {
    json!({ "ticket": ticket, "scan_id": scan_id, "scanned_at": at.to_rfc3339(), "offline": true, "door": door })
}

async fn check_ins_of(app: &TestApp, registration_id: i32, session_id: i32) -> Vec<check_in::Model> {
    check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .filter(check_in::Column::SessionId.eq(session_id))
        .all(&app.db)
        .await
        .unwrap()
}

on_both_databases!(a_scan_counts_once_and_the_earliest_scan_wins, |app: TestApp| async move {
    let (event_id, session_id, seats) = door_today(&app, 6).await;
    let kempen = token(&app, KEMPEN, TokenScope::Organiser).await;
    let auth = Auth::Token(&kempen);
    let redeem = format!("/events/{event_id}/sessions/{session_id}/check-ins");
    let now = app.clock_now();

    // A first scan, by the ticket's address as a scanner reads it.
    let address = format!("{}/ticket/{}", app.address, seats[0].code);
    let first = call(&app, "POST", &redeem, &auth, Some(&scan(&address, "scan-0000-0001"))).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let answer = first.json();
    assert_eq!(answer["code"], "checked_in");
    assert_eq!(answer["admitted"], true);
    assert_eq!(answer["replayed"], false);
    assert_eq!(answer["holder"]["name"], seats[0].name.as_str());
    assert!(answer["headline"].as_str().unwrap().contains(&seats[0].name), "{answer}");
    // The same scan sent again (a retry): the same answer, nothing new.
    let again = call(&app, "POST", &redeem, &auth, Some(&scan(&seats[0].code, "SCAN-0000-0001"))).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!((again.json()["code"].clone(), again.json()["replayed"].clone()), (json!("checked_in"), json!(true)));
    assert_eq!(check_ins_of(&app, seats[0].registration_id, session_id).await.len(), 1);
    assert_eq!(door_scan::Entity::find().count(&app.db).await.unwrap(), 1);
    // The id reused for another ticket: refused, nothing recorded.
    let reused = call(&app, "POST", &redeem, &auth, Some(&scan(&seats[1].code, "scan-0000-0001"))).await;
    assert_eq!((reused.status, reused.problem(), reused.pointer()), (409, "scan-id-reused".into(), "/scan_id".into()));
    assert!(check_ins_of(&app, seats[1].registration_id, session_id).await.is_empty());
    // A second scan of the ticket with a new id: already in, since the first.
    let second = call(&app, "POST", &redeem, &auth, Some(&scan(&seats[0].code, "scan-0000-0002"))).await;
    assert_eq!(second.json()["code"], "already_in");
    assert_eq!(second.json()["admitted"], true);

    // Online at 10:00, a door without network had scanned the ticket at 09:40:
    // the check-in moves back to 09:40, decided offline.
    let online = call(&app, "POST", &redeem, &auth, Some(&scan(&seats[1].code, "scan-0000-0003"))).await;
    assert_eq!(online.json()["code"], "checked_in");
    let at = now - Duration::minutes(20);
    let synced =
        call(&app, "POST", &redeem, &auth, Some(&offline_scan(&seats[1].code, "scan-0000-0004", at, "Zaal 2"))).await;
    assert_eq!(synced.status, 200, "{}", synced.body);
    assert_eq!(synced.json()["code"], "checked_in", "{}", synced.body);
    assert_eq!(synced.json()["conflict"], false);
    let rows = check_ins_of(&app, seats[1].registration_id, session_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].checked_in_at.timestamp(), at.timestamp());
    assert!(rows[0].offline);

    // Two doors without network scanned one ticket (09:45 and 09:50): one check-in, at 09:45.
    let (early, late) = (now - Duration::minutes(15), now - Duration::minutes(10));
    let door_b = offline_scan(&seats[2].code, "scan-0000-0006", late, "B");
    let door_a = offline_scan(&seats[2].code, "scan-0000-0005", early, "A");
    let b = call(&app, "POST", &redeem, &auth, Some(&door_b)).await.json();
    let a = call(&app, "POST", &redeem, &auth, Some(&door_a)).await.json();
    assert_eq!((b["code"].as_str(), a["code"].as_str()), (Some("checked_in"), Some("checked_in")));
    let rows = check_ins_of(&app, seats[2].registration_id, session_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].checked_in_at.timestamp(), early.timestamp());
    // Door B's queue sent once more: the answer it got, still one check-in.
    let b_again = call(&app, "POST", &redeem, &auth, Some(&door_b)).await.json();
    assert_eq!((b_again["code"].as_str(), b_again["replayed"].as_bool()), (Some("checked_in"), Some(true)));
    assert_eq!(check_ins_of(&app, seats[2].registration_id, session_id).await.len(), 1);

    // Cancelled by staff after the door took its list: the door let her in
    // offline, the server says cancelled, and the door is told of the conflict.
    let mut r: registration::ActiveModel =
        registration::Entity::find_by_id(seats[3].registration_id).one(&app.db).await.unwrap().unwrap().into();
    r.status = Set(RegistrationStatus::Cancelled);
    r.update(&app.db).await.unwrap();
    let conflict =
        call(&app, "POST", &redeem, &auth, Some(&offline_scan(&seats[3].code, "scan-0000-0007", at, "A"))).await.json();
    assert_eq!((conflict["code"].as_str(), conflict["admitted"].as_bool()), (Some("cancelled"), Some(false)));
    assert_eq!(conflict["conflict"], true);
    assert!(check_ins_of(&app, seats[3].registration_id, session_id).await.is_empty());

    // Eight requests with one scan id at once (a retry racing the first): one answer, one check-in.
    let mut racing = tokio::task::JoinSet::new();
    for n in 0..16 {
        let url = format!("{}/api/v1{redeem}", app.address);
        let (client, secret) = (app.client.clone(), kempen.clone());
        // Half send one scan id, the other half each their own.
        let id = if n % 2 == 0 { "scan-race-0000".to_string() } else { format!("scan-race-{n:04}") };
        let body = scan(&seats[4].code, &id);
        racing.spawn(async move {
            let answer: Value =
                client.post(url).bearer_auth(secret).json(&body).send().await.unwrap().json().await.unwrap();
            (n % 2 == 0, answer["code"].as_str().unwrap_or_default().to_string(), answer["replayed"].as_bool())
        });
    }
    let answers = racing.join_all().await;
    let same_id: Vec<&String> = answers.iter().filter(|(same, ..)| *same).map(|(_, code, _)| code).collect();
    assert!(same_id.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    let welcomed = answers.iter().filter(|(_, code, replayed)| code == "checked_in" && *replayed == Some(false));
    assert_eq!(welcomed.count(), 1, "{answers:?}");
    assert!(answers.iter().all(|(_, code, _)| code == "checked_in" || code == "already_in"), "{answers:?}");
    assert_eq!(check_ins_of(&app, seats[4].registration_id, session_id).await.len(), 1);
    assert_eq!(
        door_scan::Entity::find().filter(door_scan::Column::ScanId.eq("scan-race-0000")).count(&app.db).await.unwrap(),
        1
    );

    // A claim left by a request that never answered (its server died between
    // claiming the scan id and deciding): a retry a while later takes it over.
    let race = door_scan::Entity::find().filter(door_scan::Column::ScanId.eq("scan-race-0000")).one(&app.db).await;
    let race = race.unwrap().unwrap();
    door_scan::Entity::insert(door_scan::ActiveModel {
        scan_id: Set("scan-abandoned-0001".into()),
        organiser_id: Set(race.organiser_id),
        session_id: Set(session_id),
        registration_id: Set(None),
        ticket_hash: Set(domain::door_sync::ticket_hash(
            &domain::checkin::TicketCode::from_scan(&seats[5].code).unwrap(),
        )),
        answer: Set(String::new()),
        code: Set("pending".into()),
        scanned_at: Set(now - Duration::minutes(5)),
        received_at: Set(now - Duration::minutes(5)),
        offline: Set(false),
        door: Set(None),
        by_person: Set(None),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
    let retried = call(&app, "POST", &redeem, &auth, Some(&scan(&seats[5].code, "scan-abandoned-0001"))).await;
    assert_eq!(retried.status, 200, "{}", retried.body);
    assert_eq!(
        (retried.json()["code"].clone(), retried.json()["replayed"].clone()),
        (json!("checked_in"), json!(false))
    );
    let decided = door_scan::Entity::find().filter(door_scan::Column::ScanId.eq("scan-abandoned-0001")).one(&app.db);
    assert_eq!(decided.await.unwrap().unwrap().code, "checked_in");
    assert_eq!(check_ins_of(&app, seats[5].registration_id, session_id).await.len(), 1);

    // What a door downloads: counts, the list (hashes, never codes), who is present.
    let sessions = call(&app, "GET", &format!("/events/{event_id}/sessions"), &auth, None).await;
    assert_eq!(sessions.status, 200, "{}", sessions.body);
    let present = check_in::Entity::find().filter(check_in::Column::SessionId.eq(session_id)).count(&app.db).await;
    let this = sessions.json()["data"].as_array().unwrap().iter().find(|s| s["id"] == session_id).cloned().unwrap();
    assert_eq!(this["present"].as_u64(), Some(present.unwrap()));
    assert!(this["expected"].as_u64().unwrap() >= 6);
    let list = call(&app, "GET", &format!("/events/{event_id}/sessions/{session_id}/admissions"), &auth, None).await;
    assert_eq!(list.status, 200, "{}", list.body);
    for seat in &seats {
        assert!(!list.body.contains(&seat.code), "a ticket code in the admission list");
        let hash = domain::door_sync::ticket_hash(&domain::checkin::TicketCode::from_scan(&seat.code).unwrap());
        assert!(list.body.contains(&hash), "{} missing", seat.name);
    }
    let cancelled = list.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["registration_id"] == seats[3].registration_id)
        .cloned()
        .unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    let in_now = call(&app, "GET", &redeem, &auth, None).await.json();
    let ids: Vec<i64> = in_now["registration_ids"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    assert!(ids.contains(&i64::from(seats[1].registration_id)));
    let since = call(
        &app,
        "GET",
        &format!("{redeem}?since={}", (now - Duration::minutes(12)).to_rfc3339().replace('+', "%2B")),
        &auth,
        None,
    )
    .await;
    assert_eq!(since.status, 200, "{}", since.body);
    let since_ids: Vec<i64> =
        since.json()["data"].as_array().unwrap().iter().map(|p| p["registration_id"].as_i64().unwrap()).collect();
    assert!(since_ids.contains(&i64::from(seats[0].registration_id)));
    assert!(!since_ids.contains(&i64::from(seats[1].registration_id)), "checked in at 09:40");

    // Undo: out of the present list; a second undo finds nothing.
    let undo = format!("{redeem}/{}", seats[0].registration_id);
    let undone = call(&app, "DELETE", &undo, &auth, None).await;
    assert_eq!((undone.status, undone.json()["undone"].as_bool()), (200, Some(true)), "{}", undone.body);
    assert_eq!(call(&app, "DELETE", &undo, &auth, None).await.json()["undone"], false);
    let in_now = call(&app, "GET", &redeem, &auth, None).await.json();
    assert!(!in_now["registration_ids"].as_array().unwrap().contains(&json!(seats[0].registration_id)));
});

on_both_databases!(every_bad_scan_gets_its_own_problem, |app: TestApp| async move {
    let (event_id, session_id, seats) = door_today(&app, 1).await;
    let kempen = token(&app, KEMPEN, TokenScope::Scanner).await;
    let auth = Auth::Token(&kempen);
    let redeem = format!("/events/{event_id}/sessions/{session_id}/check-ins");
    let now = app.clock_now();
    let code = seats[0].code.as_str();
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (scan("hallo", "scan-bad-0001"), 422, "malformed-ticket", "/ticket"),
        (scan(&code[..10], "scan-bad-0002"), 422, "malformed-ticket", "/ticket"),
        (scan("https://leernet.be/ticket/", "scan-bad-0003"), 422, "malformed-ticket", "/ticket"),
        (scan(code, "kort"), 422, "validation-failed", "/scan_id"),
        (
            json!({ "ticket": code, "scan_id": "scan-bad-0004", "scanned_at": "gisteren" }),
            422,
            "validation-failed",
            "/scanned_at",
        ),
        (
            offline_scan(code, "scan-bad-0005", now + Duration::hours(1), "A"),
            422,
            "scanned-at-in-future",
            "/scanned_at",
        ),
        (
            offline_scan(code, "scan-bad-0006", now - Duration::days(1), "A"),
            422,
            "scanned-at-before-session",
            "/scanned_at",
        ),
        (
            json!({ "ticket": code, "scan_id": "scan-bad-0007", "door": "x".repeat(81) }),
            422,
            "validation-failed",
            "/door",
        ),
    ];
    for (body, status, kind, pointer) in cases {
        let reply = call(&app, "POST", &redeem, &auth, Some(&body)).await;
        assert_eq!(
            (reply.status, reply.problem(), reply.pointer()),
            (status, kind.to_string(), pointer.to_string()),
            "{body}: {}",
            reply.body
        );
    }
    let extra =
        call(&app, "POST", &redeem, &auth, Some(&json!({ "ticket": code, "scan_id": "scan-bad-0008", "x": 1 }))).await;
    assert_eq!((extra.status, extra.problem()), (422, "validation-failed".into()));
    let url = format!("{}/api/v1{redeem}", app.address);
    let broken = app
        .client
        .post(&url)
        .bearer_auth(&kempen)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status().as_u16(), 400);
    let form = app.client.post(&url).bearer_auth(&kempen).form(&[("ticket", code)]).send().await.unwrap();
    assert_eq!(form.status().as_u16(), 415);
    // Nothing of that was recorded.
    assert!(check_ins_of(&app, seats[0].registration_id, session_id).await.is_empty());
    assert_eq!(door_scan::Entity::find().count(&app.db).await.unwrap(), 0);

    // An unknown code, and another organiser's ticket: unknown, not admitted.
    let unknown = call(&app, "POST", &redeem, &auth, Some(&scan("ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "scan-bad-0009"))).await;
    assert_eq!((unknown.status, unknown.json()["code"].as_str()), (200, Some("unknown")));
    let (_, _, theirs) = event_with_seats(&app, NWVL, 1).await;
    let foreign = call(&app, "POST", &redeem, &auth, Some(&scan(&theirs[0].code, "scan-bad-0010"))).await.json();
    assert_eq!((foreign["code"].as_str(), foreign["holder"].clone()), (Some("unknown"), Value::Null));

    // A session that is not today: said so.
    let tomorrow = event_session::ActiveModel {
        event_id: Set(event_id),
        title: Set("Dag 2".into()),
        starts_at: Set(now + Duration::days(1)),
        ends_at: Set(now + Duration::days(1) + Duration::hours(3)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let later = format!("/events/{event_id}/sessions/{}/check-ins", tomorrow.id);
    let not_today = call(&app, "POST", &later, &auth, Some(&scan(code, "scan-bad-0011"))).await;
    assert_eq!((not_today.status, not_today.problem()), (409, "session-not-today".into()), "{}", not_today.body);
    assert_eq!(not_today.json()["parameter"], "session_id");

    // Ids that are no ids, sessions of no event of ours.
    for path in
        [format!("/events/{event_id}/sessions/0/check-ins"), format!("/events/abc/sessions/{session_id}/check-ins")]
    {
        let reply = call(&app, "GET", &path, &auth, None).await;
        assert_eq!((reply.status, reply.problem()), (400, "invalid-parameter".into()), "{path}");
    }
    let other_session = call(&app, "GET", &format!("/events/{event_id}/sessions/999999/check-ins"), &auth, None).await;
    assert_eq!((other_session.status, other_session.problem()), (404, "not-found".into()));
});

on_both_databases!(who_may_run_the_door_through_the_api, |app: TestApp| async move {
    let (event_id, session_id, seats) = door_today(&app, 2).await;
    let redeem = format!("/events/{event_id}/sessions/{session_id}/check-ins");
    let sessions = format!("/events/{event_id}/sessions");

    // A scanner token: the door, and nothing else.
    let scanner = token(&app, KEMPEN, TokenScope::Scanner).await;
    let door = Auth::Token(&scanner);
    assert_eq!(call(&app, "GET", &sessions, &door, None).await.status, 200);
    let ok = call(&app, "POST", &redeem, &door, Some(&scan(&seats[0].code, "scope-0000-0001"))).await;
    assert_eq!(ok.json()["code"], "checked_in", "{}", ok.body);
    let registrations = call(&app, "GET", &format!("/events/{event_id}/registrations"), &door, None).await;
    assert_eq!((registrations.status, registrations.problem()), (403, "insufficient-scope".into()));
    let any = store::entities::registration::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let cancel = call(&app, "DELETE", &format!("/registrations/{any}"), &door, None).await;
    assert_eq!(cancel.status, 403);

    // Another organiser's tokens (either scope): 404 for all of it.
    for scope in [TokenScope::Organiser, TokenScope::Scanner] {
        let theirs = token(&app, NWVL, scope).await;
        let auth = Auth::Token(&theirs);
        for (method, path, body) in [
            ("GET", sessions.clone(), None),
            ("GET", format!("/events/{event_id}/sessions/{session_id}/admissions"), None),
            ("GET", redeem.clone(), None),
            ("POST", redeem.clone(), Some(scan(&seats[1].code, "scope-0000-0002"))),
            ("DELETE", format!("{redeem}/{}", seats[0].registration_id), None),
        ] {
            let reply = call(&app, method, &path, &auth, body.as_ref()).await;
            assert_eq!((reply.status, reply.problem()), (404, "not-found".into()), "{method} {path}");
            assert!(!reply.body.contains(&seats[0].name));
        }
    }
    assert!(check_ins_of(&app, seats[1].registration_id, session_id).await.is_empty());
    assert_eq!(check_ins_of(&app, seats[0].registration_id, session_id).await.len(), 1, "not undone");
    let nobody = call(&app, "GET", &sessions, &Auth::Nobody, None).await;
    assert_eq!((nobody.status, nobody.problem()), (401, "unauthorized".into()));
    let revoked = "lnt_".to_string() + &"0".repeat(64);
    assert_eq!(call(&app, "GET", &sessions, &Auth::Token(&revoked), None).await.status, 401);

    // The door page's island: a signed-in staff member's browser, with the form token for changes.
    let tabitha = sign_in(&app, KEMPEN_STAFF).await;
    let csrf = crate::helpers::csrf_of(&app.get_with_cookie("/mijn", &tabitha).await.body);
    let page = Auth::Browser(&tabitha, Some(&csrf));
    assert_eq!(call(&app, "GET", &sessions, &Auth::Browser(&tabitha, None), None).await.status, 200);
    let no_token =
        call(&app, "POST", &redeem, &Auth::Browser(&tabitha, None), Some(&scan(&seats[1].code, "page-0000-0001")))
            .await;
    assert_eq!((no_token.status, no_token.problem()), (403, "csrf-token".into()));
    let wrong = call(
        &app,
        "POST",
        &redeem,
        &Auth::Browser(&tabitha, Some("fout")),
        Some(&scan(&seats[1].code, "page-0000-0002")),
    )
    .await;
    assert_eq!(wrong.status, 403);
    let by_page = call(&app, "POST", &redeem, &page, Some(&scan(&seats[1].code, "page-0000-0003"))).await;
    assert_eq!(by_page.json()["code"], "checked_in", "{}", by_page.body);
    let tabitha_id =
        person::Entity::find().filter(person::Column::Email.eq(KEMPEN_STAFF)).one(&app.db).await.unwrap().unwrap().id;
    assert_eq!(check_ins_of(&app, seats[1].registration_id, session_id).await[0].checked_in_by, Some(tabitha_id));
    // Another organiser's staff in the browser: no such event.
    let jens = sign_in(&app, NWVL_STAFF).await;
    let jens_csrf = crate::helpers::csrf_of(&app.get_with_cookie("/mijn", &jens).await.body);
    assert_eq!(call(&app, "GET", &sessions, &Auth::Browser(&jens, None), None).await.status, 404);
    let undo = format!("{redeem}/{}", seats[1].registration_id);
    assert_eq!(call(&app, "DELETE", &undo, &Auth::Browser(&jens, Some(&jens_csrf)), None).await.status, 404);
    assert_eq!(check_ins_of(&app, seats[1].registration_id, session_id).await.len(), 1);
    let _ = event::Entity::find_by_id(event_id).one(&app.db).await.unwrap();
});

on_both_databases!(an_admin_makes_a_scanner_token_in_the_back_office, |app: TestApp| async move {
    let hanne = sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let page = app.get_with_cookie(&format!("/beheer/{KEMPEN}/api"), &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"rechten\""), "the page offers the scope");
    let csrf = crate::helpers::csrf_of(&page.body);
    let made = app
        .post_form(
            &format!("/beheer/{KEMPEN}/api"),
            &[("csrf", &csrf), ("naam", "Deur zaal 1"), ("rechten", "scanner")],
            &[("cookie", &hanne)],
        )
        .await;
    assert_eq!(made.status, 201);
    let row = store::entities::api_token::Entity::find()
        .filter(store::entities::api_token::Column::Name.eq("Deur zaal 1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.scope, "scanner");
    let refused = app
        .post_form(
            &format!("/beheer/{KEMPEN}/api"),
            &[("csrf", &csrf), ("naam", "Alles"), ("rechten", "root")],
            &[("cookie", &hanne)],
        )
        .await;
    assert_eq!(refused.status, 422);
});
