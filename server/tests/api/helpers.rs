use chrono::{NaiveDate, TimeZone, Utc};
use domain::EventStatus;
use domain::clock::FixedClock;
use server::Application;
use server::config::Config;
use std::sync::Arc;

/// Every test's "now": Monday 23 November 2026, 10:00 in Brussels.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// The form token in a page (every back-office form carries one).
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).expect("a form with a token").split('"').next().unwrap().to_string()
}

pub struct TestApp {
    pub address: String,
    /// The running server's state, for background jobs a test runs by hand.
    pub state: app::state::AppState,
    database_url: String,
    /// The server's clock; tests move it to see links and sessions expire.
    pub clock: Arc<FixedClock>,
    pub client: reqwest::Client,
    pub db: sea_orm::DatabaseConnection,
    /// The configuration variables the test chose (a second server gets them too).
    vars: Vec<(String, String)>,
    /// The built-in fake Stripe the server pays with (no keys in tests), unless
    /// the test set `LEERNET_FAKE_STRIPE=0`.
    stripe: Option<fakestripe::FakeStripe>,
    _database: TestDatabase,
    /// Mail the server's own worker sends lands here (no SMTP in tests).
    _outbox: tempfile::TempDir,
    /// Sends the server the stop signal (as SIGTERM would), see [`TestApp::stop`].
    stop: tokio::sync::watch::Sender<bool>,
    server: std::sync::Mutex<Option<tokio::task::JoinHandle<std::io::Result<()>>>>,
}

/// The boundary of the tests' multipart bodies.
pub const MULTIPART_BOUNDARY: &str = "----leernet-test-boundary";

/// A multipart body: text fields, then each file under `file_field`. The
/// browser's type always says PDF: the server must judge by the bytes.
pub fn multipart(fields: &[(&str, &str)], file_field: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in fields {
        out.extend(
            format!("--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .bytes(),
        );
    }
    for (file_name, bytes) in files {
        out.extend(
            format!(
                "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend(b"\r\n");
    }
    out.extend(format!("--{MULTIPART_BOUNDARY}--\r\n").bytes());
    out
}

/// The answer to a multipart post.
pub struct Posted {
    pub status: u16,
    pub location: String,
    pub body: String,
}

pub struct FormResponse {
    pub status: u16,
    pub location: String,
    pub set_cookie: Vec<String>,
    /// The page, when the post was answered with one (a form with errors).
    pub body: String,
}

pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    /// The fake Stripe the server pays with (`LEERNET_FAKE_STRIPE=1`, the tests' default).
    pub fn stripe(&self) -> &fakestripe::FakeStripe {
        self.stripe.as_ref().expect("this test server runs with LEERNET_FAKE_STRIPE=1")
    }

    /// Gives the server the stop signal, the one SIGTERM or ctrl-c gives.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until the server stopped (after [`TestApp::stop`]); its result.
    pub async fn stopped(&self) -> std::io::Result<()> {
        let handle = self.server.lock().expect("not poisoned").take().expect("the server was running");
        handle.await.expect("the server task did not panic")
    }

    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    pub async fn get(&self, path: &str) -> Response {
        let response = self.client.get(format!("{}{path}", self.address)).send().await.expect("request failed");
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let body = response.text().await.expect("body");
        Response { status, content_type, body }
    }

    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        use domain::clock::Clock;
        self.clock.now()
    }

    /// A draft event of `organiser_slug`, with one session in 40 days when asked.
    pub async fn insert_draft(&self, organiser_slug: &str, title: &str, with_session: bool) -> i32 {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
        use store::entities::{event, event_session, organiser};
        let org = organiser::Entity::find()
            .filter(organiser::Column::Slug.eq(organiser_slug))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        let now = self.clock_now();
        let draft = event::ActiveModel {
            organiser_id: Set(org.id),
            slug: Set(domain::Slug::from_title(title).unwrap().to_string()),
            kind: Set("training_day".into()),
            status: Set(EventStatus::Draft),
            title: Set(title.into()),
            summary: Set("Nieuw".into()),
            description: Set("Nieuw aanbod.".into()),
            audience: Set("public".into()),
            language: Set("nl".into()),
            seats_taken: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
        if with_session {
            event_session::ActiveModel {
                event_id: Set(draft.id),
                position: Set(0),
                title: Set("Dag 1".into()),
                starts_at: Set(now + chrono::Duration::days(40)),
                ends_at: Set(now + chrono::Duration::days(40) + chrono::Duration::hours(3)),
                ..Default::default()
            }
            .insert(&self.db)
            .await
            .unwrap();
        }
        draft.id
    }

    /// Posts a body made by [`multipart`], with extra headers (the session cookie, a language).
    pub async fn post_multipart(&self, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Posted {
        let mut request = self
            .client
            .post(format!("{}{path}", self.address))
            .header("content-type", format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.body(body).send().await.expect("request");
        let status = response.status().as_u16();
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        Posted { status, location, body: response.text().await.unwrap_or_default() }
    }

    /// Posts a form (application/x-www-form-urlencoded), with optional extra headers.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> FormResponse {
        let mut request = self.client.post(format!("{}{path}", self.address)).form(fields);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request failed");
        let status = response.status().as_u16();
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let set_cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect();
        let body = response.text().await.expect("body");
        FormResponse { status, location, set_cookie, body }
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Response {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request failed");
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        Response { status, content_type, body: response.text().await.expect("body") }
    }

    /// The slug path of the first upcoming event whose title contains `text`.
    pub async fn event_path(&self, text: &str) -> (String, i64) {
        let list = self.get(&format!("/api/v1/events?q={}", text.replace(' ', "+"))).await.json();
        let card = list["data"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["title"].as_str().is_some_and(|t| t.contains(text))))
            .unwrap_or_else(|| panic!("no upcoming event with {text:?}"))
            .clone();
        let path = format!("/regio/{}/{}", card["organiser"]["slug"].as_str().unwrap(), card["slug"].as_str().unwrap());
        (path, card["id"].as_i64().unwrap())
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

enum TestDatabase {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside async; a short-lived runtime on its own thread drops the database.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                // Bounded: a database left behind is better than a run that never ends.
                // The timer is made inside the runtime (outside it, making it panics).
                rt.block_on(async {
                    tokio::time::timeout(std::time::Duration::from_secs(20), async {
                        use sea_orm::ConnectionTrait;
                        let admin = sea_orm::Database::connect(&admin_url).await.ok()?;
                        admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok()
                    })
                    .await
                })
                .ok()
                .flatten()
            })
            .join();
        }
    }
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// Starts the server with demo data. For PostgreSQL, returns None (and says so)
/// when no server is reachable, unless `LEERNET_REQUIRE_POSTGRES=1` (CI), where
/// a missing PostgreSQL fails the test.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// As [`spawn_app`], with configuration variables of its own (e.g. a low rate limit).
pub async fn spawn_app_with(backend: Backend, vars: &[(&str, &str)]) -> Option<TestApp> {
    // `TEST_LOG=1 cargo test ...` shows the server's log, e.g. the cause of a 500.
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    }
    let app = spawn_configured(backend, vars).await?;
    demo::load(&app.db, today()).await.expect("demo data loads");
    Some(app)
}

pub async fn spawn_empty(backend: Backend) -> Option<TestApp> {
    spawn_configured(backend, &[]).await
}

/// A configuration variable of a test server: the test's own, else the tests'
/// default. Every test client comes from 127.0.0.1: tests that rush many
/// registrations would trip the production rate limit, so tests raise it
/// unless they set it.
fn test_var(vars: &[(&str, &str)], key: &str) -> Option<String> {
    vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string()).or_else(|| match key {
        "LEERNET_BASE_URL" => Some("http://leernet.test".to_string()),
        "LEERNET_DB_POOL" => Some("5".to_string()),
        "LEERNET_REGISTRATIONS_PER_IP" => Some("100000".to_string()),
        "LEERNET_REGISTRATIONS_PER_EMAIL" => Some("100000".to_string()),
        "LEERNET_SEATS_HELD" => Some("10000".to_string()),
        // Online payments go to the built-in fake Stripe, which tests steer.
        "LEERNET_FAKE_STRIPE" => Some("1".to_string()),
        // The general per-process limit is tested on its own (operations.rs).
        "LEERNET_RATE_LIMIT" => Some("0".to_string()),
        _ => None,
    })
}

/// An empty installation with these environment variables set (the rest as in tests).
pub async fn spawn_empty_with(backend: Backend, vars: &[(&str, &str)]) -> Option<TestApp> {
    spawn_configured(backend, vars).await
}

async fn spawn_configured(backend: Backend, vars: &[(&str, &str)]) -> Option<TestApp> {
    let (database_url, database) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/leernet.db", dir.path().display());
            (url, TestDatabase::Sqlite(dir))
        }
        Backend::Postgres => {
            use sea_orm::ConnectionTrait;
            let admin_url = postgres_admin_url();
            let admin = match sea_orm::Database::connect(&admin_url).await {
                Ok(db) => db,
                Err(e) => {
                    if std::env::var("LEERNET_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                        panic!("PostgreSQL is required but unreachable at {admin_url}: {e}");
                    }
                    eprintln!("skipping: PostgreSQL unreachable at {admin_url}: {e}");
                    return None;
                }
            };
            let name = format!("leernet_test_{}", uuid::Uuid::new_v4().simple());
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
            let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
            (format!("{base}/{name}"), TestDatabase::Postgres { admin_url: admin_url.clone(), name })
        }
    };
    let outbox = tempfile::tempdir().expect("temp dir");
    let outbox_path = outbox.path().display().to_string();
    let config = Config::from_lookup(|key| match key {
        "LEERNET_MAIL_OUTBOX" => Some(outbox_path.clone()),
        "LEERNET_ADDR" => Some("127.0.0.1:0".to_string()),
        "DATABASE_URL" => Some(database_url.clone()),
        other => test_var(vars, other),
    })
    .expect("test config");
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let now = Utc.from_utc_datetime(&today().and_hms_opt(9, 0, 0).expect("valid time"));
    let clock = Arc::new(FixedClock::new(now));
    let application = Application::build(&config, clock.clone()).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.state().db.clone();
    let state = application.state().clone();
    let stripe = application.fake_stripe().cloned();
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let server = tokio::spawn(application.run_until(async move {
        // A dropped sender (the test ended) is no signal.
        if stopped.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }));
    // A stuck request fails its test instead of hanging the whole run. A
    // minute: with every test's server on two cores at once, a signed-in page
    // has waited over 30 s for its turn (the whole run is bounded by its own
    // timeout in scripts/test.sh).
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    Some(TestApp {
        address,
        clock,
        client,
        db,
        state,
        stripe,
        database_url,
        vars,
        _database: database,
        _outbox: outbox,
        stop,
        server: std::sync::Mutex::new(Some(server)),
    })
}

impl TestApp {
    /// Starts another server on the same database, as a second process behind
    /// a load balancer would be: its own connection pool, its own workers,
    /// nothing shared in memory. Returns its address.
    pub async fn second_server(&self) -> String {
        let outbox = self._outbox.path().display().to_string();
        let url = self.database_url.clone();
        let config = Config::from_lookup(|key| match key {
            "LEERNET_MAIL_OUTBOX" => Some(outbox.clone()),
            "LEERNET_ADDR" => Some("127.0.0.1:0".to_string()),
            "DATABASE_URL" => Some(url.clone()),
            other => {
                let vars: Vec<(&str, &str)> = self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                test_var(&vars, other)
            }
        })
        .expect("test config");
        let application = Application::build(&config, self.clock.clone()).await.expect("second app builds");
        let address = format!("http://127.0.0.1:{}", application.port());
        tokio::spawn(application.run_until_stopped());
        address
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await {
                    ($body)(app).await;
                }
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    ($body)(app).await;
                }
            }
        }
    };
}

/// A 128-character CODA record with `fields` at their (1-based) positions.
pub fn coda_record(fields: &[(usize, &str)]) -> String {
    let mut record = [' '; 128];
    for (at, text) in fields {
        for (i, c) in text.chars().enumerate() {
            record[at - 1 + i] = c;
        }
    }
    record.iter().collect()
}
