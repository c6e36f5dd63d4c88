use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an online payment stands, as its payer may see it (by the secret token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub token: String,
    pub reference: String,
    pub event_title: String,
    pub event_path: String,
    pub state: PaymentState,
    pub total: domain::Money,
    pub attendees: Vec<String>,
    /// Until when the seats are held (while waiting).
    pub held_until: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The hosted payment page, to try again (while waiting).
    pub checkout_url: Option<String>,
    /// No real money moves (the built-in fake, or Stripe's test keys).
    pub test_mode: bool,
}

/// Where the payment stands for its payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentState {
    /// Seats held, not paid yet (the order is `pending`).
    Waiting,
    /// The money came but could not simply confirm the order
    /// (`domain::online_payments::PaymentFlag`): the organiser looks at it.
    Flagged,
    /// Settled one way or another: the order's own status.
    Order(domain::OrderStatus),
}

#[server(endpoint = "payment")]
pub async fn load_payment(token: String) -> Result<PaymentView, AppError> {
    let state = crate::state::app_state()?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.payment_not_found").into());
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let order = store::payments::by_token(&state.db, &token).await?.ok_or_else(not_found)?;
    let payment_state = match (order.status, order.flag.is_some()) {
        (_, true) => PaymentState::Flagged,
        (domain::OrderStatus::Pending, _) => PaymentState::Waiting,
        (other, _) => PaymentState::Order(other),
    };
    let waiting = payment_state == PaymentState::Waiting;
    Ok(PaymentView {
        token,
        reference: order.reference,
        event_title: order.event_title,
        event_path: order.event_path,
        total: order.total,
        attendees: order.attendees,
        held_until: order.hold_expires_at.filter(|_| waiting).map(store::time::to_local),
        checkout_url: order.checkout_url.filter(|_| waiting),
        state: payment_state,
        test_mode: state.payments.test_mode(),
    })
}
