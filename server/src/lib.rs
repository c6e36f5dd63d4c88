//! Leernet's server: configuration, wiring of the app, the JSON API and the
//! operator commands. Domain rules live in `domain`, queries in `store`,
//! pages and server functions in `app`.

// Leptos views are deeply nested types; the default limit is too low for them.
#![recursion_limit = "512"]

pub mod api;
pub mod auth;
pub mod backoffice;
pub mod config;
pub mod editor;
pub mod forms;
pub mod mail;
pub mod partners;
pub mod payments;
pub mod people;
pub mod problem;
pub mod registration;
pub mod stripe_client;
pub mod telemetry;
pub mod waitlist;

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
    /// The built-in Stripe stand-in, mounted at `/_fake-stripe` when no keys are configured.
    fake_stripe: Option<fakestripe::FakeStripe>,
}

impl Application {
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = open_database(config).await?;
        store::migrate(&db).await.context("running database migrations")?;
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
            settings: Arc::new(Settings { base_url: config.base_url.clone() }),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
            payments,
        };
        let mailer = Arc::new(mail::Mailer::new(&config.mail)?);
        Ok(Application { listener, state, mailer, fake_stripe })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The built-in fake Stripe (no keys configured), for tests to steer.
    pub fn fake_stripe(&self) -> Option<&fakestripe::FakeStripe> {
        self.fake_stripe.as_ref()
    }

    /// Serves until SIGINT/SIGTERM, then finishes the requests in flight; the
    /// mail worker runs alongside and finishes its round before stopping.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (stop_mail, stopped) = tokio::sync::watch::channel(false);
        let worker = tokio::spawn(mail::run_worker(
            self.state.db.clone(),
            self.mailer.clone(),
            self.state.clock.clone(),
            self.state.mail_wake.clone(),
            stopped,
        ));
        let offers = tokio::spawn(waitlist::run_worker(self.state.clone(), stop_mail.subscribe()));
        let payments = tokio::spawn(payments::run_worker(self.state.clone(), stop_mail.subscribe()));
        let result = Self::serve(self.listener, self.state, self.fake_stripe).await;
        let _ = stop_mail.send(true);
        let _ = worker.await;
        let _ = offers.await;
        let _ = payments.await;
        result
    }

    async fn serve(
        listener: TcpListener,
        state: AppState,
        fake_stripe: Option<fakestripe::FakeStripe>,
    ) -> std::io::Result<()> {
        let mut router = router(state);
        if let Some(fake) = fake_stripe {
            router = router.nest(FAKE_STRIPE_PATH, fake.router());
        }
        // Client addresses feed the sign-in rate limit.
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await
    }
}

/// Where the built-in fake Stripe answers (API and hosted checkout page).
pub const FAKE_STRIPE_PATH: &str = "/_fake-stripe";

/// Real Stripe when keys are configured; otherwise the same client pointed at
/// the built-in fake, mounted on this server (test mode, no money moves).
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
        return Ok((Arc::new(real), None));
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
    tracing::info!("no STRIPE_SECRET_KEY: online payments use the built-in fake Stripe (test mode)");
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

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    Router::new()
        .nest("/api/v1", api::router())
        .merge(auth::router())
        .merge(backoffice::router())
        .merge(editor::router())
        .merge(people::router())
        .merge(registration::router())
        .merge(payments::router())
        .merge(waitlist::router())
        .merge(partners::router())
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(server_fn_error_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::same_origin_guard))
        .layer(telemetry::trace_layer())
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

async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
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
    tracing::info!("shutting down; finishing requests in flight");
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
