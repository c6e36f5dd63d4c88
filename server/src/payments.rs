//! Paying online with Stripe Checkout: starting a session for a held order,
//! Stripe's webhook, the payer's return and cancel, refunds, and a worker that
//! settles what fell through the cracks. Whatever tells us how a session
//! ended (the webhook, the browser coming back, the worker asking Stripe) goes
//! through [`apply_session`], whose store calls change things once.

use crate::auth::server_error;
use crate::forms::not_found;
use crate::problem::Problem;
use app::payments::{CheckoutLine, CheckoutSession, NewCheckout, PaymentError, SessionStatus};
use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, TimeZone, Utc};
use domain::OrderStatus;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use std::time::Duration;
use store::payments::{CheckoutOrder, PaidSession, RefundIntent, Settlement};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/stripe", post(webhook))
        .route("/betaling/{token}/terug", get(returned))
        .route("/betaling/{token}/geannuleerd", post(cancel_checkout))
        .route("/beheer/{organiser}/betalingen/{order}/terugbetalen", post(refund_flagged))
}

/// An admin gives back the money of a flagged online payment (see
/// `/beheer/{organiser}/betalingen`): recorded in one transaction with the
/// cleared flag and an audit entry, then asked of Stripe.
async fn refund_flagged(
    State(state): State<AppState>,
    Path((organiser, order)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = crate::forms::read_form(&body);
    let post = match crate::forms::staff_post(&state, &headers, &organiser, &form).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    if !post.viewer.is_admin_of(post.organiser.slug.as_str()) {
        return (StatusCode::FORBIDDEN, crate::language::tr("refused.refund_admins")).into_response();
    }
    let Some(order_id) = order.parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let now = state.clock.now();
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let refund =
        match store::payments::refund_flagged(&txn, post.organiser_id, order_id, post.viewer.person_id, now).await {
            Ok(Ok(refund)) => refund,
            Ok(Err(store::payments::FlaggedRefundRefusal::Unknown)) => return not_found(),
            Ok(Err(store::payments::FlaggedRefundRefusal::NotFlagged)) => {
                drop(txn);
                return Redirect::to(&format!("/beheer/{organiser}/betalingen?melding=al-behandeld")).into_response();
            }
            Err(e) => return server_error(e),
        };
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    if let Some(refund) = refund {
        make_refund(&state, &refund).await;
    }
    Redirect::to(&format!("/beheer/{organiser}/betalingen?melding=terugbetaald")).into_response()
}

/// After the hold, the worker waits this long for the webhook before asking Stripe.
const GRACE: chrono::Duration = chrono::Duration::minutes(2);
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

fn valid_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Creates the Checkout Session of an order whose seats were just held and
/// returns the page to send the payer to. When Stripe refuses or cannot be
/// reached, the held seats are released at once (and offered to the waiting
/// list): nothing stays half done.
pub async fn start_checkout(state: &AppState, order: &CheckoutOrder) -> Result<String, CheckoutFailed> {
    let base = &state.settings.base_url;
    let Some(expires_at) = order.hold_expires_at else { return Err(CheckoutFailed::Store("no hold".into())) };
    let checkout = NewCheckout {
        order_reference: order.reference.clone(),
        lines: vec![CheckoutLine {
            name: format!("{} – {}", order.event_title, order.ticket_name),
            unit_amount_cents: order.unit_price.cents(),
            quantity: u64::try_from(order.attendees.len()).unwrap_or(1),
        }],
        customer_email: order.buyer_email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
        success_url: format!("{base}/betaling/{}/terug?sessie={{CHECKOUT_SESSION_ID}}", order.token),
        cancel_url: format!("{base}/betaling/{}/geannuleerd", order.token),
        expires_at,
        idempotency_key: format!("leernet-checkout-{}", order.reference),
    };
    let now = state.clock.now();
    match state.payments.create_checkout(&checkout).await {
        Ok(session) => {
            let Some(url) = session.url.clone() else {
                release(state, order.id).await.map_err(|e| CheckoutFailed::Store(e.to_string()))?;
                return Err(CheckoutFailed::Payment(PaymentError::Refused("session without url".into())));
            };
            let attached = async {
                let txn = store::begin_write(&state.db).await?;
                store::payments::attach_session(&txn, order.id, &session.id, Some(&url), now).await?;
                txn.commit().await?;
                Ok::<_, store::StoreError>(())
            }
            .await;
            attached.map_err(|e| CheckoutFailed::Store(e.to_string()))?;
            Ok(url)
        }
        Err(e) => {
            tracing::warn!(order = %order.reference, error = %e, "creating a Checkout Session failed; releasing the seats");
            release(state, order.id).await.map_err(|e| CheckoutFailed::Store(e.to_string()))?;
            Err(CheckoutFailed::Payment(e))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CheckoutFailed {
    #[error("{0}")]
    Payment(PaymentError),
    #[error("store: {0}")]
    Store(String),
}

/// Releases an order's held seats in a transaction of its own and mails the offers.
async fn release(state: &AppState, order_id: i32) -> Result<(), store::StoreError> {
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    if let Some(offers) = store::payments::release_hold(&txn, order_id, now).await? {
        crate::waitlist::queue_offer_mails(&txn, &state.settings.base_url, &offers, now).await?;
    }
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// What a session's state did to its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Unknown,
    Confirmed,
    AlreadyDone,
    Flagged(String),
    Released,
    StillOpen,
}

/// Brings the order of `session` in line with it (in the caller's
/// transaction, which also holds the mails it queues): paid → confirmed with
/// tickets, expired → seats released. Safe to repeat and to get out of order.
pub async fn apply_session(
    state: &AppState,
    db: &impl ConnectionTrait,
    session: &CheckoutSession,
    payment_failed: bool,
) -> Result<Applied, store::StoreError> {
    let now = state.clock.now();
    let Some(order) = store::payments::by_session(db, &session.id, session.order_reference.as_deref()).await? else {
        tracing::warn!(session = %session.id, "a Checkout Session of no order of ours");
        return Ok(Applied::Unknown);
    };
    if session.paid
        && let Some(payment_intent) = &session.payment_intent
    {
        let paid = PaidSession {
            session_id: session.id.clone(),
            payment_intent: payment_intent.clone(),
            amount_cents: session.amount_total.unwrap_or(0),
        };
        return Ok(match store::payments::settle_paid(db, order.id, &paid, now).await? {
            Settlement::Confirmed(booked) => {
                let booker_email = order.buyer_email.clone();
                if let Some(booker_email) = booker_email {
                    let mails = crate::registration::confirmation_mails(
                        state,
                        now,
                        order.organiser_id,
                        &order.organiser_name,
                        (&order.buyer_name, &booker_email),
                        &booked,
                        true,
                    );
                    for mail in mails {
                        store::mail::enqueue(db, &mail, now).await?;
                    }
                }
                Applied::Confirmed
            }
            Settlement::AlreadyRecorded => Applied::AlreadyDone,
            Settlement::Flagged(flag) => Applied::Flagged(flag),
        });
    }
    if session.status == SessionStatus::Expired || payment_failed {
        return Ok(match store::payments::release_hold(db, order.id, now).await? {
            Some(offers) => {
                crate::waitlist::queue_offer_mails(db, &state.settings.base_url, &offers, now).await?;
                Applied::Released
            }
            None => Applied::AlreadyDone,
        });
    }
    Ok(Applied::StillOpen)
}

/// A Checkout Session object from a webhook's JSON.
fn session_from_json(object: &Value) -> Option<CheckoutSession> {
    let id = object["id"].as_str()?.to_string();
    let payment_intent = match &object["payment_intent"] {
        Value::String(id) => Some(id.clone()),
        Value::Object(pi) => pi.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    Some(CheckoutSession {
        id,
        url: object["url"].as_str().map(str::to_string),
        status: match object["status"].as_str() {
            Some("complete") => SessionStatus::Complete,
            Some("expired") => SessionStatus::Expired,
            _ => SessionStatus::Open,
        },
        paid: object["payment_status"] == "paid",
        payment_intent,
        amount_total: object["amount_total"].as_i64(),
        expires_at: object["expires_at"]
            .as_i64()
            .and_then(|t| Utc.timestamp_opt(t, 0).single())
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
        order_reference: object["metadata"]["order_reference"]
            .as_str()
            .or_else(|| object["client_reference_id"].as_str())
            .map(str::to_string),
    })
}

fn refused(detail: &str) -> Response {
    Problem::new(StatusCode::BAD_REQUEST, "invalid-webhook", "Invalid webhook", detail).into_response()
}

/// `POST /webhooks/stripe`: authenticated by Stripe's signature only (no
/// session, no form token; Stripe sends no Origin). Each event id is handled
/// once, in the same transaction as its effect.
async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if !state.payments.available() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Err(e) = domain::stripe_signature::verify(
        state.payments.webhook_secret(),
        signature,
        &body,
        state.clock.now().timestamp(),
    ) {
        tracing::warn!(error = %e, "webhook refused");
        return refused(&e.to_string());
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else { return refused("the body is not JSON") };
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return refused("an event needs an id and a type");
    };
    let object = &event["data"]["object"];
    match handle_event(&state, id, kind, object).await {
        Ok(first) => {
            state.mail_wake.notify_one();
            axum::Json(serde_json::json!({ "received": true, "duplicate": !first })).into_response()
        }
        Err(e) => {
            // Stripe retries a failed delivery; nothing was recorded.
            tracing::error!(error = %e, event = id, kind, "handling a webhook failed");
            Problem::internal().into_response()
        }
    }
}

/// `Ok(false)` for an event handled before.
async fn handle_event(state: &AppState, id: &str, kind: &str, object: &Value) -> Result<bool, store::StoreError> {
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    if !store::payments::first_delivery(&txn, "stripe", id, now).await? {
        txn.rollback().await?;
        return Ok(false);
    }
    match kind {
        "checkout.session.completed"
        | "checkout.session.async_payment_succeeded"
        | "checkout.session.expired"
        | "checkout.session.async_payment_failed" => {
            if let Some(session) = session_from_json(object) {
                let applied =
                    apply_session(state, &txn, &session, kind == "checkout.session.async_payment_failed").await?;
                tracing::info!(event = id, kind, session = %session.id, ?applied, "Stripe event applied");
            }
        }
        "refund.created" | "refund.updated" | "refund.failed" => {
            if let (Some(refund), Some(status)) = (object["id"].as_str(), object["status"].as_str()) {
                settle_refund(&txn, refund, status, now).await?;
            }
        }
        "charge.refunded" => {
            for refund in object["refunds"]["data"].as_array().into_iter().flatten() {
                if let (Some(id), Some(status)) = (refund["id"].as_str(), refund["status"].as_str()) {
                    settle_refund(&txn, id, status, now).await?;
                }
            }
        }
        _ => tracing::debug!(event = id, kind, "Stripe event ignored"),
    }
    txn.commit().await?;
    Ok(true)
}

async fn settle_refund(
    db: &impl ConnectionTrait,
    refund: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    // Stripe's refund statuses (its spelling), not ours.
    match status {
        "succeeded" => store::payments::refund_settled(db, refund, true, now).await,
        "failed" | "canceled" => store::payments::refund_settled(db, refund, false, now).await,
        _ => Ok(()),
    }
}

/// Asks Stripe how the order's session stands and applies it (the browser
/// may be back before the webhook). Errors are logged: the page then says
/// the payment is still being processed, and the webhook or worker settles it.
async fn sync_with_stripe(state: &AppState, order: &CheckoutOrder) {
    let Some(session_id) = order.checkout_session_id.as_deref().filter(|_| order.status == OrderStatus::Pending) else {
        return;
    };
    let session = match state.payments.retrieve_checkout(session_id).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(order = %order.reference, error = %e, "retrieving a Checkout Session failed");
            return;
        }
    };
    let applied = async {
        let txn = store::begin_write(&state.db).await?;
        let applied = apply_session(state, &txn, &session, false).await?;
        txn.commit().await?;
        Ok::<_, store::StoreError>(applied)
    }
    .await;
    match applied {
        Ok(applied) => {
            state.mail_wake.notify_one();
            tracing::info!(order = %order.reference, ?applied, "Checkout Session synced");
        }
        Err(e) => tracing::error!(order = %order.reference, error = %e, "applying a Checkout Session failed"),
    }
}

/// Stripe's success URL: settle what the session says, then show the truth.
async fn returned(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !valid_token(&token) {
        return not_found();
    }
    let order = match store::payments::by_token(&state.db, &token).await {
        Ok(Some(o)) => o,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    sync_with_stripe(&state, &order).await;
    Redirect::to(&format!("/betaling/{token}")).into_response()
}

/// The payer gives up: the session is expired at Stripe first (so it can no
/// longer be paid), then the seats are released.
async fn cancel_checkout(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !valid_token(&token) {
        return not_found();
    }
    let order = match store::payments::by_token(&state.db, &token).await {
        Ok(Some(o)) => o,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    match give_up_checkout(&state, &order).await {
        Ok(()) => Redirect::to(&format!("/betaling/{token}")).into_response(),
        Err(GiveUpFailed::Unreachable) => {
            Redirect::to(&format!("/betaling/{token}/geannuleerd?melding=stripe-onbereikbaar")).into_response()
        }
        Err(GiveUpFailed::Store(e)) => server_error(e),
    }
}

/// Why a held order could not be given up.
pub(crate) enum GiveUpFailed {
    /// Stripe could not be asked to expire the session; nothing changed.
    Unreachable,
    Store(store::StoreError),
}

/// Ends the hold of a pending online order: its session is expired at Stripe
/// first (so it can no longer be paid), then the seats are released and
/// offered to the waiting list. An order Stripe reports paid meanwhile is
/// confirmed instead. Nothing happens to an order that is no longer pending.
pub(crate) async fn give_up_checkout(state: &AppState, order: &CheckoutOrder) -> Result<(), GiveUpFailed> {
    if order.status != OrderStatus::Pending {
        return Ok(());
    }
    match order.checkout_session_id.as_deref() {
        Some(session_id) => match state.payments.expire_checkout(session_id).await {
            Ok(session) => {
                let applied = async {
                    let txn = store::begin_write(&state.db).await?;
                    apply_session(state, &txn, &session, false).await?;
                    txn.commit().await?;
                    Ok::<_, store::StoreError>(())
                }
                .await;
                applied.map_err(GiveUpFailed::Store)?;
                state.mail_wake.notify_one();
                Ok(())
            }
            // Already paid or expired at Stripe: take over what it says.
            Err(PaymentError::Refused(_)) => {
                sync_with_stripe(state, order).await;
                Ok(())
            }
            Err(e) => {
                tracing::warn!(order = %order.reference, error = %e, "expiring a Checkout Session failed");
                Err(GiveUpFailed::Unreachable)
            }
        },
        None => release(state, order.id).await.map_err(GiveUpFailed::Store),
    }
}

/// Makes a recorded refund through Stripe and records the outcome; a failure
/// stays pending and is retried by the worker with the same idempotency key.
pub async fn make_refund(state: &AppState, intent: &RefundIntent) {
    let outcome = state.payments.refund(&intent.payment_intent, intent.amount_cents, &intent.idempotency_key).await;
    let now = state.clock.now();
    let recorded = async {
        let txn = store::begin_write(&state.db).await?;
        match &outcome {
            Ok(refund) => {
                store::payments::record_refund(
                    &txn,
                    intent.payment_id,
                    Ok((&refund.id, refund.status == "succeeded")),
                    now,
                )
                .await?
            }
            Err(e) => store::payments::record_refund(&txn, intent.payment_id, Err(&e.to_string()), now).await?,
        }
        txn.commit().await?;
        Ok::<_, store::StoreError>(())
    }
    .await;
    if let Err(e) = &outcome {
        tracing::warn!(payment = intent.payment_id, error = %e, "refund failed; the worker retries it");
    }
    if let Err(e) = recorded {
        tracing::error!(payment = intent.payment_id, error = %e, "recording a refund failed");
    }
}

/// One round of the safety net: holds past their expiry (and a grace for the
/// webhook) are settled by asking Stripe; refunds that did not go through are retried.
pub async fn sweep_once(state: &AppState) -> Result<(), store::StoreError> {
    let now = state.clock.now();
    for hold in store::payments::lapsed_holds(&state.db, now - GRACE).await? {
        let Some(session_id) = hold.checkout_session_id else {
            // The session was never made (a crash between hold and Stripe).
            release(state, hold.order_id).await?;
            continue;
        };
        let session = match state.payments.retrieve_checkout(&session_id).await {
            Ok(s) if s.status == SessionStatus::Open => match state.payments.expire_checkout(&session_id).await {
                Ok(s) => s,
                Err(_) => match state.payments.retrieve_checkout(&session_id).await {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::warn!(error = %e, "Stripe unreachable for a lapsed hold");
                        continue;
                    }
                },
            },
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "Stripe unreachable for a lapsed hold");
                continue;
            }
        };
        let txn = store::begin_write(&state.db).await?;
        apply_session(state, &txn, &session, false).await?;
        txn.commit().await?;
        state.mail_wake.notify_one();
    }
    for intent in store::payments::unfinished_refunds(&state.db, now - chrono::Duration::minutes(1)).await? {
        make_refund(state, &intent).await;
    }
    Ok(())
}

/// Runs [`sweep_once`] every minute until `stop` turns true.
pub async fn run_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = sweep_once(&state).await {
            tracing::error!(error = %e, "the payments sweep failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(SWEEP_INTERVAL) => {}
            _ = stop.changed() => return,
        }
    }
}
