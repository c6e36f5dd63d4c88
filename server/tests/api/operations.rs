use crate::helpers::{Backend, TestApp, spawn_app, spawn_empty, spawn_empty_with};
use crate::on_both_databases;
use domain::EventStatus;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

on_both_databases!(health_and_readiness, |app: TestApp| async move {
    let health = app.get("/health").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    let ready = app.get("/ready").await;
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));
});

/// A database that misses a migration (an older schema next to a newer
/// build) is not ready: 503 with a problem, while /health stays 200.
#[tokio::test]
async fn not_ready_while_migrations_are_pending() {
    use sea_orm::ConnectionTrait;
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    let last = {
        use migrations::MigratorTrait;
        migrations::Migrator::migrations().last().expect("migrations").name().to_string()
    };
    app.db
        .execute_unprepared(&format!("DELETE FROM seaql_migrations WHERE version = '{last}'"))
        .await
        .expect("forget one migration");
    let ready = app.get("/ready").await;
    assert_eq!(ready.status, 503);
    assert_eq!(ready.content_type, "application/problem+json");
    assert_eq!(ready.json()["status"], 503);
    assert_eq!(app.get("/health").await.status, 200);
}

#[tokio::test]
async fn demo_data_only_loads_into_an_empty_database() {
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    // An empty catalogue is a page, not an error.
    let empty = app.get("/").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Geen activiteiten gevonden"));
    store::demo::load(&app.db, crate::helpers::today()).await.expect("first load");
    assert!(matches!(store::demo::load(&app.db, crate::helpers::today()).await, Err(store::demo::DemoError::NotEmpty)));
    assert!(app.get("/").await.body.contains("Duurzaam Budgetmanagement"));
}

#[tokio::test]
async fn request_ids_are_kept_when_sane_and_made_otherwise() {
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    let id_of = |r: &reqwest::Response| r.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
    let given = app.client.get(format!("{}/health", app.address)).header("x-request-id", "lb-1234.abc").send().await;
    assert_eq!(id_of(&given.unwrap()).as_deref(), Some("lb-1234.abc"));
    for bad in ["met spatie", "<script>", &"x".repeat(65)] {
        let response = app.client.get(format!("{}/", app.address)).header("x-request-id", bad).send().await.unwrap();
        let id = id_of(&response).expect("an id");
        assert_ne!(id, bad);
        assert_eq!(id.len(), 32, "a fresh id: {id}");
    }
    let a = id_of(&app.client.get(format!("{}/", app.address)).send().await.unwrap()).expect("an id");
    let b = id_of(&app.client.get(format!("{}/", app.address)).send().await.unwrap()).expect("an id");
    assert_ne!(a, b, "every request its own id");
}

#[tokio::test]
async fn security_headers_and_the_nonce_of_the_hydration_script() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite always works");
    let response = app.client.get(format!("{}/", app.address)).send().await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    let csp = header("content-security-policy").expect("a CSP");
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(header("referrer-policy").as_deref(), Some("strict-origin-when-cross-origin"));
    assert_eq!(header("permissions-policy").as_deref(), Some(NO_CAMERA));
    assert_eq!(header("strict-transport-security"), None, "no HSTS on an http base URL");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_string();
    let html = response.text().await.unwrap();
    // Every inline script carries the nonce of this response's policy.
    let scripts: Vec<&str> = html.split("<script").skip(1).map(|s| s.split('>').next().unwrap_or_default()).collect();
    assert!(!scripts.is_empty(), "the page has its hydration script");
    for attributes in scripts {
        assert!(attributes.contains(&format!("nonce=\"{nonce}\"")), "a script without the nonce: <script{attributes}>");
    }
    // Every response has the headers, also an API answer and a 404 page.
    for path in ["/api/v1/events", "/bestaat-niet"] {
        let r = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert!(r.headers().contains_key("content-security-policy"), "{path}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    // The 404 page's scripts carry its own response's nonce too.
    let missing = app.client.get(format!("{}/bestaat-niet", app.address)).send().await.unwrap();
    let csp = missing.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_string();
    let html = missing.text().await.unwrap();
    if html.contains("<script") {
        assert!(html.contains(&format!("nonce=\"{nonce}\"")));
    }
}

#[tokio::test]
async fn hsts_when_the_public_address_is_https() {
    // A public https address takes no fake payments.
    let vars = [("LEERNET_BASE_URL", "https://leernet.test"), ("LEERNET_FAKE_STRIPE", "0")];
    let app = spawn_empty_with(Backend::Sqlite, &vars).await.unwrap();
    let response = app.client.get(format!("{}/health", app.address)).send().await.unwrap();
    assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000");
}

#[tokio::test]
async fn an_oversized_body_gets_413_as_a_problem() {
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    let body = vec![b'a'; server::operations::MAX_BODY + 1];
    let response = app
        .client
        .post(format!("{}/aanmelden", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 413);
}

#[tokio::test]
async fn too_many_requests_from_one_address_get_429_with_retry_after() {
    let app = spawn_empty_with(Backend::Sqlite, &[("LEERNET_RATE_LIMIT", "5")]).await.unwrap();
    for _ in 0..5 {
        assert_eq!(app.get("/api/v1/events").await.status, 200);
    }
    let refused = app.client.get(format!("{}/api/v1/events", app.address)).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&wait), "about 12 s for one of 5 a minute: {wait}");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    // The probes and static assets are not counted.
    assert_eq!(app.get("/health").await.status, 200);
    assert_eq!(app.get("/ready").await.status, 200);
}

/// Behind a trusted proxy the limit counts the address the proxy forwards;
/// from anyone else `X-Forwarded-For` is ignored (it cannot dodge the limit).
#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() {
    let get_as = |app: &TestApp, client: &str| {
        app.client.get(format!("{}/api/v1/events", app.address)).header("x-forwarded-for", client.to_string()).send()
    };
    let trusted =
        spawn_empty_with(Backend::Sqlite, &[("LEERNET_RATE_LIMIT", "2"), ("LEERNET_TRUSTED_PROXIES", "127.0.0.1")])
            .await
            .unwrap();
    for _ in 0..2 {
        assert_eq!(get_as(&trusted, "203.0.113.1").await.unwrap().status(), 200);
    }
    assert_eq!(get_as(&trusted, "203.0.113.1").await.unwrap().status(), 429);
    assert_eq!(get_as(&trusted, "203.0.113.2").await.unwrap().status(), 200, "another client, its own bucket");

    let untrusted = spawn_empty_with(Backend::Sqlite, &[("LEERNET_RATE_LIMIT", "2")]).await.unwrap();
    assert_eq!(get_as(&untrusted, "203.0.113.1").await.unwrap().status(), 200);
    assert_eq!(get_as(&untrusted, "203.0.113.2").await.unwrap().status(), 200);
    assert_eq!(get_as(&untrusted, "203.0.113.3").await.unwrap().status(), 429, "all one peer");
}

/// The stop signal: a request in flight (its body still arriving) completes,
/// new connections are refused, and the server then stops cleanly.
#[tokio::test]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite always works");
    let host = app.address.trim_start_matches("http://").to_string();
    let body = "email=hanne.laenen%40cawdekempen.test";
    let (first, rest) = body.split_at(10);
    let mut slow = TcpStream::connect(&host).await.expect("connect");
    let head = format!(
        "POST /aanmelden HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    app.stop();
    let mut refused = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if TcpStream::connect(&host).await.is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "new connections are refused after the stop signal");

    slow.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(20), slow.read_to_string(&mut answer))
        .await
        .expect("the request in flight is answered")
        .expect("read");
    assert!(answer.starts_with("HTTP/1.1 303"), "the sign-in post completed: {answer}");
    assert!(answer.to_lowercase().contains("\r\nlocation: "), "{answer}");
    tokio::time::timeout(Duration::from_secs(20), app.stopped())
        .await
        .expect("the server stops once the request is done")
        .expect("a clean stop");
}

/// A stopping mail worker hands back the mails it claimed and did not send:
/// queued again, due at once, the attempt not counted.
#[tokio::test]
async fn a_stopping_mail_worker_hands_back_its_claimed_mails() {
    use chrono::TimeZone;
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite always works");
    // Due only at a time the server's own worker never sees (its clock is fixed).
    let later = chrono::Utc.with_ymd_and_hms(2031, 1, 1, 9, 0, 0).single().unwrap();
    let mut ids = Vec::new();
    for n in 0..3 {
        let mail = domain::mail::OutgoingMail {
            organiser_id: None,
            to: domain::Email::parse(&format!("iemand{n}@voorbeeld.be")).unwrap(),
            to_name: None,
            subject: "Test".into(),
            text_body: "Test".into(),
            html_body: "<p>Test</p>".into(),
            attachments: Vec::new(),
        };
        ids.push(store::mail::enqueue(&app.db, &mail, later).await.unwrap());
    }
    let outbox = tempfile::tempdir().unwrap();
    let settings = server::mail::from_env_values(None, None, outbox.path().to_path_buf()).unwrap();
    let mailer = server::mail::Mailer::new(&settings).unwrap();
    let clock = domain::clock::FixedClock::new(later + chrono::Duration::seconds(1));
    let sent_one = std::sync::atomic::AtomicBool::new(false);
    // Stop after the first mail.
    let stopping = || sent_one.swap(true, std::sync::atomic::Ordering::SeqCst);
    let claimed = server::mail::drain_round(&app.db, &mailer, &clock, &stopping).await.unwrap();
    assert_eq!(claimed, 3);
    let mut statuses = Vec::new();
    for id in ids {
        let entry = store::mail::get(&app.db, id).await.unwrap().unwrap();
        statuses.push((entry.status, entry.attempts));
    }
    use store::mail::MailStatus::{Queued, Sent};
    assert_eq!(statuses, vec![(Sent, 1), (Queued, 0), (Queued, 0)]);
}

/// `leernet-server backup` while the server serves, `restore` to a new path,
/// and a server on the restored database has the same events and registrations.
#[tokio::test]
async fn backup_while_serving_and_restore_elsewhere() {
    use sea_orm::{EntityTrait, PaginatorTrait};
    use store::entities::{event, registration};
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite always works");
    let events = event::Entity::find().count(&app.db).await.unwrap();
    let registrations = registration::Entity::find().count(&app.db).await.unwrap();
    assert!(events > 0 && registrations > 0);
    let catalogue = app.get("/api/v1/events").await.json();

    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backups/leernet.db");
    let restored_url = format!("sqlite://{}/restored/leernet.db", dir.path().display());
    let command = |args: &[&str], url: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_leernet-server"))
            .args(args)
            .env("DATABASE_URL", url)
            .env("LEERNET_LOG_FORMAT", "text")
            .env_remove("SMTP_URL")
            .output()
            .expect("the server binary runs");
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    };

    // Readers keep the server busy during the backup.
    let busy = {
        let (client, address) = (app.client.clone(), app.address.clone());
        tokio::spawn(async move {
            for _ in 0..40 {
                let status = client.get(format!("{address}/")).send().await.map(|r| r.status().as_u16());
                assert_eq!(status.ok(), Some(200));
            }
        })
    };
    let backup_arg = backup.display().to_string();
    let app_url = app.database_url().to_string();
    let (ok, out) = tokio::task::spawn_blocking({
        let backup_arg = backup_arg.clone();
        move || command(&["backup", &backup_arg], &app_url)
    })
    .await
    .unwrap();
    assert!(ok, "backup: {out}");
    busy.await.unwrap();
    let (ok, out) = command(&["backup", &backup_arg], app.database_url());
    assert!(!ok && out.contains("exists already"), "no overwriting a backup: {out}");

    let (ok, out) = command(&["restore", &backup_arg], &restored_url);
    assert!(ok, "restore: {out}");
    let (ok, out) = command(&["restore", &backup_arg], &restored_url);
    assert!(!ok && out.contains("--force"), "a database with data is not replaced without --force: {out}");
    let (ok, out) = command(&["restore", &backup_arg, "--force"], &restored_url);
    assert!(ok, "restore --force: {out}");
    // Something that is no Leernet database is refused.
    let stranger = dir.path().join("vreemd.db");
    std::fs::write(&stranger, b"geen databank").unwrap();
    let (ok, out) = command(&["restore", &stranger.display().to_string()], &restored_url);
    assert!(!ok && out.contains("not a Leernet database"), "{out}");

    // A server on the restored database.
    let config = server::config::Config::from_lookup(|key| match key {
        "DATABASE_URL" => Some(restored_url.clone()),
        "LEERNET_ADDR" => Some("127.0.0.1:0".into()),
        "LEERNET_BASE_URL" => Some("http://leernet.test".into()),
        "LEERNET_MAIL_OUTBOX" => Some(dir.path().join("outbox").display().to_string()),
        _ => None,
    })
    .unwrap();
    let restored = server::Application::build(&config, app.clock.clone()).await.expect("a server on the backup");
    let address = format!("http://127.0.0.1:{}", restored.port());
    let db = restored.state().db.clone();
    tokio::spawn(restored.run_until_stopped());
    assert_eq!(event::Entity::find().count(&db).await.unwrap(), events);
    assert_eq!(registration::Entity::find().count(&db).await.unwrap(), registrations);
    let served = app.client.get(format!("{address}/api/v1/events")).send().await;
    let served: serde_json::Value =
        served.unwrap_or_else(|e| panic!("the restored server answers: {e:?}")).json().await.unwrap();
    assert_eq!(served, catalogue, "the restored server shows the same catalogue");
}

/// On PostgreSQL both commands refuse and point to pg_dump/pg_restore.
#[test]
fn backup_on_postgres_points_to_pg_dump() {
    for args in [&["backup", "x.dump"][..], &["restore", "x.dump"][..]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_leernet-server"))
            .args(args)
            .env("DATABASE_URL", "postgres://leernet@127.0.0.1:1/leernet")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(text.contains("pg_dump") && text.contains("pg_restore"), "{text}");
    }
}

// Several processes behind one database behave as one: a session made on
// one server is valid on the other, and the sign-in limit per address
// counts the requests to both (it lives in the database, not in a process).
on_both_databases!(two_servers_share_sessions_and_sign_in_limits, |app: TestApp| async move {
    let second = app.second_server().await;
    let cookie = crate::accounts::sign_in(&app, "an.peeters@ocmw-geel.test").await;
    let mine =
        app.client.get(format!("{second}/mijn")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    assert!(
        mine.contains("Je bent aangemeld als an.peeters@ocmw-geel.test"),
        "the session is known to the second server"
    );

    // Three links an address without waiting, asked alternately from both servers.
    let email = "iemand@ocmw-geel.test";
    let mut locations = Vec::new();
    for n in 0..4 {
        let server = if n % 2 == 0 { app.address.clone() } else { second.clone() };
        let response = app.client.post(format!("{server}/aanmelden")).form(&[("email", email)]).send().await.unwrap();
        locations.push(response.headers()["location"].to_str().unwrap().to_string());
    }
    assert!(locations[..3].iter().all(|l| l.contains("verstuurd=1")), "{locations:?}");
    assert!(locations[3].contains("fout=te-veel"), "the fourth waits, whichever server: {locations:?}");
});

/// What every page sends, and what the door's check-in page sends instead.
const NO_CAMERA: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
const OWN_CAMERA: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

// Only the check-in page, which shows the camera scanner, may use the camera
// (of its own site); every other page, the door's neighbours too, may not.
on_both_databases!(only_the_check_in_page_may_use_the_camera, |app: TestApp| async move {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use store::entities::{event, event_session, organiser};
    let staff = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq("biz-kempen")).one(&app.db).await.unwrap().unwrap();
    let events: Vec<i32> = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(kempen.id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.is_in(events))
        .order_by_asc(event_session::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("an activity with a session");
    let door = format!("/beheer/biz-kempen/activiteiten/{}/inchecken", sessions.event_id);
    let policy = async |path: &str| {
        let response = app.client.get(format!("{}{path}", app.address)).header("cookie", &staff).send().await.unwrap();
        let status = response.status().as_u16();
        let policy = response.headers().get("permissions-policy").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(status, 200, "{path}: {}", response.text().await.unwrap());
        policy
    };
    assert_eq!(policy(&door).await.as_deref(), Some(OWN_CAMERA), "the door scans with the camera");
    let session_door = format!("{door}?sessie={}", sessions.id);
    assert_eq!(policy(&session_door).await.as_deref(), Some(OWN_CAMERA));
    for path in [
        "/".to_string(),
        "/mijn".to_string(),
        "/beheer/biz-kempen".to_string(),
        format!("/beheer/biz-kempen/activiteiten/{}/inschrijvingen", sessions.event_id),
        "/api/v1/events".to_string(),
    ] {
        assert_eq!(policy(&path).await.as_deref(), Some(NO_CAMERA), "{path}");
    }
    // Another organiser's door is a 404 page, without the camera.
    let other =
        app.client.get(format!("{}/beheer/biz-limburg/activiteiten/{}/inchecken", app.address, sessions.event_id));
    let other = other.header("cookie", &staff).send().await.unwrap();
    assert_eq!(other.headers()["permissions-policy"], NO_CAMERA);
});
