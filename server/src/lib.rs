//! Leernet's server: configuration, wiring of the app, the JSON API and the
//! operator commands. Domain rules live in `domain`, queries in `store`,
//! pages and server functions in `app`.

// Leptos views are deeply nested types; the default limit is too low for them.
#![recursion_limit = "512"]

pub mod api;
pub mod api_checkin;
pub mod api_participation;
pub mod api_registrations;
pub mod api_tokens;
pub mod attendance;
pub mod attendance_pdf;
pub mod auth;
pub mod backoffice;
pub mod backup;
pub mod calendar_feeds;
pub mod certificate_pdf;
pub mod certificates;
pub mod checkin;
pub mod config;
pub mod connect;
pub mod dossier;
pub mod dossier_pdf;
pub mod editor;
pub mod expense_claims;
pub mod fee_statement_pdf;
pub mod finances;
pub mod finances_export;
pub mod holds;
pub mod invoice_pdf;
pub mod invoices;
pub mod language;
pub mod mail;
pub mod operations;
pub mod orders;
pub mod overview;
pub mod page_cache;
pub mod partners;
pub mod payments;
pub mod payouts;
pub mod pdf;
pub mod people;
pub mod privacy;
pub mod problem;
pub mod registration;
pub mod reminders;
pub mod reports;
pub mod settings;
pub mod stripe_client;
pub mod telemetry;
pub mod ticket_image;
pub mod trainer_fees;
pub mod waitlist;
pub mod web;

use anyhow::Context;
use app::state::{AppState, Settings};
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use config::Config;
use domain::clock::Clock;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::ConnectionTrait;
use std::sync::Arc;
use tokio::net::TcpListener;

/// A built server: database connected and migrated, socket bound.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    mailer: Arc<mail::Mailer>,
    limits: operations::Limits,
    /// The built-in Stripe stand-in, mounted at `/_fake-stripe` when asked for
    /// (`LEERNET_FAKE_STRIPE=1`).
    fake_stripe: Option<fakestripe::FakeStripe>,
}

/// How long, after the stop signal, requests in flight and the workers' last
/// round may take before the server stops anyway.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

impl Application {
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = open_database(config).await?;
        store::migrate(&db).await.context("running database migrations")?;
        // Rows from before the ledger (or from bulk loads) get their entries:
        // each statement on its own, idempotent; a failure is retried at the next start.
        match store::ledger::backfill(&db, clock.now()).await {
            Ok(0) => {}
            Ok(entries) => tracing::info!(entries, "ledger entries recorded for earlier rows"),
            Err(e) => tracing::error!(error = %e, "filling the ledger for earlier rows failed"),
        }
        let listener = TcpListener::bind(config.addr).await.with_context(|| format!("binding {}", config.addr))?;
        let local = listener.local_addr()?;
        let leptos_options = LeptosOptions::builder()
            .output_name("leernet")
            .site_root(config.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(local)
            .build();
        let (payments, fake_stripe) = payments_for(config, local, clock.clone())?;
        let state = AppState {
            leptos_options,
            db,
            clock,
            settings: Arc::new(Settings {
                base_url: config.base_url.clone(),
                registration_limits: config.registration_limits,
            }),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
            payments,
        };
        let mailer = Arc::new(mail::Mailer::new(&config.mail)?);
        let limits = operations::Limits {
            trusted_proxies: config.trusted_proxies.clone().into(),
            rate: (config.rate_per_minute > 0).then(|| Arc::new(operations::RateLimiter::new(config.rate_per_minute))),
            https: config.base_url.starts_with("https://"),
        };
        Ok(Application { listener, state, mailer, limits, fake_stripe })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The built-in fake Stripe (`LEERNET_FAKE_STRIPE=1`), for tests to steer.
    pub fn fake_stripe(&self) -> Option<&fakestripe::FakeStripe> {
        self.fake_stripe.as_ref()
    }

    /// Serves until SIGINT/SIGTERM; see [`Application::run_until`].
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves, with the workers alongside, until `stop` completes. Then it
    /// stops accepting connections, lets the requests in flight finish and
    /// the workers end their round (a mail worker hands back the mails it
    /// claimed and did not send yet), all within [`SHUTDOWN_GRACE`].
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let (stop_workers, stopped) = tokio::sync::watch::channel(false);
        let worker = tokio::spawn(mail::run_worker(
            self.state.db.clone(),
            self.mailer.clone(),
            self.state.clock.clone(),
            self.state.mail_wake.clone(),
            stopped,
        ));
        let offers = tokio::spawn(waitlist::run_worker(self.state.clone(), stop_workers.subscribe()));
        let retention = tokio::spawn(privacy::run_worker(self.state.clone(), stop_workers.subscribe()));
        let payments = tokio::spawn(payments::run_worker(self.state.clone(), stop_workers.subscribe()));
        let reminders = tokio::spawn(reminders::run_worker(self.state.clone(), stop_workers.subscribe()));
        let checkpoints = tokio::spawn(run_checkpoints(self.state.db.clone(), stop_workers.subscribe()));
        let (signalled, on_signal) = tokio::sync::oneshot::channel::<()>();
        let stop = async move {
            stop.await;
            tracing::info!("shutting down; finishing requests in flight");
            let _ = signalled.send(());
        };
        let router = router_with_fake_stripe(self.state, self.limits, self.fake_stripe.map(|fake| fake.router()));
        // Client addresses feed the rate limits.
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let serve = axum::serve(self.listener, service).with_graceful_shutdown(stop).into_future();
        let grace = async {
            match on_signal.await {
                Ok(()) => tokio::time::sleep(SHUTDOWN_GRACE).await,
                Err(_) => std::future::pending().await,
            }
        };
        let result = tokio::select! {
            result = serve => result,
            () = grace => {
                tracing::warn!("requests still running {} s after the stop signal; stopping anyway", SHUTDOWN_GRACE.as_secs());
                Ok(())
            }
        };
        let _ = stop_workers.send(true);
        for (name, handle) in [
            ("mail", worker),
            ("waiting list", offers),
            ("retention", retention),
            ("payments", payments),
            ("reminders", reminders),
            ("checkpoints", checkpoints),
        ] {
            let abort = handle.abort_handle();
            if tokio::time::timeout(SHUTDOWN_GRACE, handle).await.is_err() {
                // A mail it was sending stays claimed and is queued again later
                // (`store::mail::requeue_stuck`); nothing is lost.
                tracing::warn!(worker = name, "worker did not stop in time; stopped anyway");
                abort.abort();
            }
        }
        tracing::info!("stopped");
        result
    }
}

/// Where the built-in fake Stripe answers (API and hosted checkout page).
pub const FAKE_STRIPE_PATH: &str = "/_fake-stripe";

/// Real Stripe when keys are configured; the same client pointed at the
/// built-in fake, mounted on this server, when asked for
/// (`LEERNET_FAKE_STRIPE=1`, test mode, no money moves); otherwise none:
/// registrations are paid on invoice only.
fn payments_for(
    config: &Config,
    local: std::net::SocketAddr,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<(Arc<dyn app::payments::Payments>, Option<fakestripe::FakeStripe>)> {
    if let Some(keys) = &config.stripe {
        let real = stripe_client::StripePayments::new(
            &keys.secret_key,
            &keys.webhook_secret,
            &keys.api_base,
            keys.test_mode(),
        )
        .map_err(|e| anyhow::anyhow!("configuring Stripe: {e}"))?;
        if keys.test_mode() && config.base_url.starts_with("https://") {
            tracing::warn!(
                "STRIPE_SECRET_KEY is a test key on the public address {}: payments move no real money \
                 (the payment pages say so)",
                config.base_url
            );
        }
        return Ok((Arc::new(real), None));
    }
    if !config.fake_stripe {
        tracing::info!("no STRIPE_SECRET_KEY: registrations are paid on invoice only (no online payment)");
        return Ok((Arc::new(app::payments::NoPayments), None));
    }
    // The server calls itself on its own socket (the public address may be a proxy's).
    let host = if local.ip().is_unspecified() { std::net::IpAddr::from([127, 0, 0, 1]) } else { local.ip() };
    let internal = std::net::SocketAddr::new(host, local.port());
    let secret = |prefix: &str| format!("{prefix}{}", &store::accounts::new_secret()[..32]);
    let fake = fakestripe::FakeStripe::new(fakestripe::FakeConfig {
        secret_key: secret("sk_test_fake_"),
        webhook_secret: secret("whsec_fake_"),
        public_base: format!("{}{FAKE_STRIPE_PATH}", config.base_url),
        clock,
    });
    fake.set_webhook_url(format!("http://{internal}/webhooks/stripe"));
    let client = stripe_client::StripePayments::new(
        fake.secret_key(),
        fake.webhook_secret(),
        &format!("http://{internal}{FAKE_STRIPE_PATH}/"),
        true,
    )
    .map_err(|e| anyhow::anyhow!("configuring the fake Stripe: {e}"))?;
    tracing::warn!("LEERNET_FAKE_STRIPE=1: online payments use the built-in fake Stripe (test mode, no money moves)");
    Ok((Arc::new(client), Some(fake)))
}

pub async fn open_database(config: &Config) -> anyhow::Result<sea_orm::DatabaseConnection> {
    if let Some(dir) = config.sqlite_dir() {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    store::connect(&config.database_url, config.db_pool)
        .await
        .with_context(|| format!("connecting to the database (DATABASE_URL={})", redact(&config.database_url)))
}

/// Hides a password in a database URL before it is logged.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The router with the production limits off (no rate limit, no proxies).
pub fn router(state: AppState) -> Router {
    let https = state.settings.base_url.starts_with("https://");
    router_with_limits(state, operations::Limits { trusted_proxies: Arc::new([]), rate: None, https })
}

pub fn router_with_limits(state: AppState, limits: operations::Limits) -> Router {
    router_with_fake_stripe(state, limits, None)
}

/// The whole site; the fake Stripe, when mounted, sits behind the same
/// headers, limits and time-outs as every other route.
fn router_with_fake_stripe(state: AppState, limits: operations::Limits, fake_stripe: Option<Router>) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let site = match fake_stripe {
        Some(fake) => Router::new().nest_service(FAKE_STRIPE_PATH, fake),
        None => Router::new(),
    };
    site.nest("/api/v1", api::router())
        .merge(auth::router())
        .merge(backoffice::router())
        .merge(checkin::router())
        .merge(reports::router())
        .merge(overview::router())
        .merge(editor::router())
        .merge(people::router())
        .merge(registration::router())
        .merge(payments::router())
        .merge(waitlist::router())
        .merge(partners::router())
        .merge(api_tokens::router())
        .merge(privacy::router())
        .merge(calendar_feeds::router())
        .merge(invoices::router())
        .merge(finances::router())
        .merge(finances_export::router())
        .merge(expense_claims::router())
        .merge(dossier::router())
        .merge(payouts::router())
        .merge(connect::router())
        .merge(trainer_fees::router())
        .merge(certificates::router())
        .merge(attendance::router())
        .merge(settings::router())
        .merge(holds::router())
        .merge(language::router())
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                operations::provide_csp_nonce();
            },
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(operations::provide_csp_nonce, shell))
        // Innermost: the page a form post answers with is rendered after its
        // handler finished, inside every layer below.
        .layer(axum::middleware::from_fn_with_state(state.clone(), web::render_pages))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), Arc::new(page_cache::PageCache::default())),
            page_cache::serve,
        ))
        .layer(axum::middleware::from_fn(server_fn_error_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::same_origin_guard))
        // Outermost last: a request passes id, log span, headers, language,
        // time limit, then rate and body limits, then the guard above. The
        // language comes before the limits so their problems speak it too.
        .layer(axum::middleware::from_fn_with_state(limits.clone(), operations::limits))
        .layer(axum::middleware::from_fn(operations::timeout))
        .layer(axum::middleware::from_fn(language::locale))
        .layer(axum::middleware::from_fn_with_state(limits, operations::security_headers))
        .layer(telemetry::trace_layer())
        .layer(axum::middleware::from_fn(operations::request_id))
        .with_state(state)
}

/// Server functions answer every error with 500. A refusal is no server
/// error: give it the status of the `AppError` in the body, as the pages do
/// (404 for others' organisers and ids, 401 without a session). The client
/// reads any 4xx or 5xx answer as the error it carries.
async fn server_fn_error_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error is a short JSON text; anything else stays the 500 it was.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status_code())
    {
        parts.status = status;
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Ready for traffic: the database answers and has every migration this
/// build knows (a new process next to an old database is not ready until
/// `migrate` ran). Otherwise 503 with a problem.
async fn ready(State(state): State<AppState>) -> axum::response::Response {
    use migrations::MigratorTrait;
    // The problem in the request's language; `ready` stays a fixed word, like
    // `/health`'s `ok`, for probes that look at the body.
    let locale = language::current();
    let not_ready = |detail: String| {
        let title = domain::i18n::text(locale, "problem.not_ready_title");
        problem::Problem::new(StatusCode::SERVICE_UNAVAILABLE, "not-ready", title, detail).into_response()
    };
    if let Err(e) = state.db.execute_unprepared("SELECT 1").await {
        tracing::warn!(error = %e, "database not ready");
        return not_ready(domain::i18n::text(locale, "problem.database_unreachable").to_string());
    }
    match migrations::Migrator::get_pending_migrations(&state.db).await {
        Ok(pending) if pending.is_empty() => (StatusCode::OK, "ready").into_response(),
        Ok(pending) => {
            tracing::warn!(pending = pending.len(), "database migrations pending");
            not_ready(domain::i18n::plural(locale, "problem.migrations_pending", pending.len() as u64, &[]))
        }
        Err(e) => {
            tracing::warn!(error = %e, "migration status unknown");
            not_ready(domain::i18n::text(locale, "problem.migrations_unknown").to_string())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// How often the SQLite log is copied back into the database file.
const CHECKPOINT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// Checkpoints the SQLite log off the request path (see `store::write`).
async fn run_checkpoints(db: store::Db, mut stop: tokio::sync::watch::Receiver<bool>) {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return;
    }
    loop {
        tokio::select! {
            _ = tokio::time::sleep(CHECKPOINT_INTERVAL) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = store::write::checkpoint(&db).await {
            tracing::warn!(error = %e, "checkpointing the SQLite log failed; trying again in a second");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://leernet:geheim@db/leernet"), "postgres://leernet:***@db/leernet");
        assert_eq!(super::redact("postgres://root@127.0.0.1/test"), "postgres://root@127.0.0.1/test");
        assert_eq!(super::redact("sqlite://data/leernet.db"), "sqlite://data/leernet.db");
    }
}
