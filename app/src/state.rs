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
    /// How many registration posts, and held seats, are allowed.
    pub registration_limits: RegistrationLimits,
}

/// Registration posts per `window`, counted in the database so that every
/// server process shares the count, and the seats one booker may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrationLimits {
    pub window: chrono::Duration,
    /// Per client address (an IPv4 address or an IPv6 /64).
    pub per_client: u64,
    /// Per booker e-mail address.
    pub per_email: u64,
    /// Per activity, from everyone together: bounds a flood from many addresses.
    pub per_activity: u64,
    /// Seats one booker (e-mail address) or client may hold at once for online
    /// payments in progress and bookings awaiting their confirmation by mail.
    pub seats_held: u32,
    /// Sign-in links mailed per client address in `window`, whatever the
    /// addresses asked for: bounds someone spraying links at many mailboxes.
    pub sign_in_links_per_client: u64,
}

impl Default for RegistrationLimits {
    /// Enough for an office behind one address registering colleagues one by
    /// one, and for a methods day filling in minutes; too few for a flood.
    fn default() -> Self {
        RegistrationLimits {
            window: chrono::Duration::minutes(15),
            per_client: 30,
            per_email: 10,
            per_activity: 1000,
            seats_held: domain::limits::DEFAULT_SEATS_HELD,
            sign_in_links_per_client: 20,
        }
    }
}

/// The state from the request's context, in a server function or page.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
