//! Stripe Connect onboarding, the trainer's side: where their account
//! stands, behind the secret link they were mailed (no sign-in needed).

use crate::error::AppError;
use domain::ConnectStatus;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectStatusPage {
    pub token: String,
    pub trainer_name: String,
    pub organiser_name: String,
    /// As last recorded (the return from Stripe asks Stripe first).
    pub status: Option<ConnectStatus>,
    /// No real money moves (the built-in fake, or Stripe's test keys).
    pub test_mode: bool,
}

#[server(endpoint = "connect/status")]
pub async fn load_connect_status(token: String) -> Result<ConnectStatusPage, AppError> {
    let state = crate::state::app_state()?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.connect_link_not_found").into());
    let linked = store::connected_accounts::by_link_token(&state.db, &token).await?.ok_or_else(not_found)?;
    Ok(ConnectStatusPage {
        token,
        trainer_name: linked.full_name,
        organiser_name: linked.organiser_name,
        status: linked.status,
        test_mode: state.payments.test_mode(),
    })
}
