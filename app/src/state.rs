//! What every request can reach: one `AppState`, provided as context to pages
//! and server functions and as axum state to handlers.

use axum::extract::FromRef;
use domain::clock::Clock;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// Wakes the mail worker after something was queued, so mail leaves at once.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Online payments (Stripe, or the project's fake without keys).
    pub payments: Arc<dyn crate::payments::Payments>,
}

/// Settings the app needs at request time (loaded once by the server).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Public address, used in links that leave the site (mails, API documents).
    pub base_url: String,
    /// How many registration posts one client address may make per window.
    pub registration_limit: RateLimit,
}

/// At most `max` attempts per `window`, counted in the database so that every
/// server process shares the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u64,
    pub window: chrono::Duration,
}

impl Default for RateLimit {
    /// Registration posts per client address: enough for an office behind one
    /// address registering colleagues one by one, too few for a flood.
    fn default() -> Self {
        RateLimit { max: 30, window: chrono::Duration::minutes(15) }
    }
}

/// The state from the request's context, in a server function or page.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
