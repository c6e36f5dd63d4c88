//! Paying online with Stripe Checkout, the edges: Stripe's webhook, the
//! payer's return and cancel, an admin's refund of a flagged payment, and a
//! worker that settles what fell through the cracks. Whatever tells us how a
//! session ended (the webhook, the browser coming back, the worker asking
//! Stripe) goes through [`apply_session`] (`crate::orders::settle`, where a
//! payment is confirmed), whose store calls change things once.

use crate::orders::pay::release;
use crate::orders::refund::{make_refund, settle_refund};
use crate::orders::settle::{GiveUpFailed, apply_session, give_up_checkout, sync_with_stripe};
use crate::problem::Problem;
use crate::web::{AdminPage, Admins, Code, Id, Path, Staff, WebError};
use app::payments::{CheckoutSession, SessionStatus};
use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, TimeZone, Utc};
use domain::paths;

use serde_json::Value;
use std::time::Duration;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::STRIPE_WEBHOOK), post(webhook))
        .route(&paths::axum(paths::route::PAYMENT_RETURN), get(returned))
        .route(&paths::axum(paths::route::PAYMENT_CANCELLED), post(cancel_checkout))
        .route(&paths::axum(paths::route::REFUND), post(refund_flagged))
}

/// An admin gives back the money of a flagged online payment (see
/// `/beheer/{organiser}/betalingen`): recorded in one transaction with the
/// cleared flag and an audit entry, then asked of Stripe.
/// Money goes back on an admin's word only.
struct Refunds;

impl AdminPage for Refunds {
    const REFUSAL: &'static str = "refused.refund_admins";
}

async fn refund_flagged(
    State(state): State<AppState>,
    Path((organiser, Id(order_id))): Path<(String, Id)>,
    post: Staff<Admins<Refunds>>,
) -> Result<Response, WebError> {
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let refund =
        match store::orders::refund::refund_flagged(&txn, post.organiser_id, order_id, post.viewer.person_id, now)
            .await?
        {
            Ok(refund) => refund,
            Err(store::orders::refund::FlaggedRefundRefusal::Unknown) => return Err(WebError::NotFound),
            Err(store::orders::refund::FlaggedRefundRefusal::NotFlagged) => {
                return Ok(Redirect::to(&paths::with_notice(
                    &paths::backoffice::online_payments(&organiser),
                    "al-behandeld",
                ))
                .into_response());
            }
        };
    txn.commit().await?;
    if let Some(refund) = refund {
        make_refund(&state, &refund).await;
    }
    Ok(Redirect::to(&paths::with_notice(&paths::backoffice::online_payments(&organiser), "terugbetaald"))
        .into_response())
}

/// After the hold, the worker waits this long for the webhook before asking Stripe.
const GRACE: chrono::Duration = chrono::Duration::minutes(2);

const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

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
    // When Stripe made the event: an older report of an account does not overwrite a newer one.
    let created =
        event["created"].as_i64().and_then(|t| Utc.timestamp_opt(t, 0).single()).unwrap_or_else(|| state.clock.now());
    match handle_event(&state, id, kind, (object, created)).await {
        Ok(first) => {
            state.mail_wake.notify_one();
            if first && kind.starts_with("checkout.session.") {
                // Stripe's fee, from the payment's balance transaction, after answering Stripe.
                let state = state.clone();
                tokio::spawn(async move { collect_fees(&state).await });
            }
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
async fn handle_event(
    state: &AppState,
    id: &str,
    kind: &str,
    (object, created): (&Value, DateTime<Utc>),
) -> Result<bool, store::StoreError> {
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    if !store::orders::settle::first_delivery(&txn, "stripe", id, now).await? {
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
        // A trainer's connected account (a Connect event): ready for payouts, or no longer.
        "account.updated" => {
            if let Some(account) = crate::connect::account_from_json(object) {
                let status = store::connected_accounts::apply_account(&txn, &account, created).await?;
                tracing::info!(event = id, account = account.id.as_str(), ?status, "Stripe account updated");
            }
        }
        _ => tracing::debug!(event = id, kind, "Stripe event ignored"),
    }
    txn.commit().await?;
    Ok(true)
}

/// Stripe's success URL: settle what the session says, then show the truth.
async fn returned(State(state): State<AppState>, Path(Code(token)): Path<Code>) -> Result<Response, WebError> {
    let order = store::orders::pay::by_token(&state.db, &token).await?.ok_or(WebError::NotFound)?;
    sync_with_stripe(&state, &order).await;
    let background = state.clone();
    tokio::spawn(async move { collect_fees(&background).await });
    Ok(Redirect::to(&paths::payment(&token)).into_response())
}

/// The payer gives up: the session is expired at Stripe first (so it can no
/// longer be paid), then the seats are released.
async fn cancel_checkout(State(state): State<AppState>, Path(Code(token)): Path<Code>) -> Result<Response, WebError> {
    let order = store::orders::pay::by_token(&state.db, &token).await?.ok_or(WebError::NotFound)?;
    match give_up_checkout(&state, &order).await {
        Ok(()) => Ok(Redirect::to(&paths::payment(&token)).into_response()),
        Err(GiveUpFailed::Unreachable) => {
            Ok(Redirect::to(&paths::with_notice(&paths::payment_cancelled(&token), "stripe-onbereikbaar"))
                .into_response())
        }
        Err(GiveUpFailed::Store(e)) => Err(e.into()),
    }
}

/// One round of the safety net: holds past their expiry (and a grace for the
/// webhook) are settled by asking Stripe; refunds that did not go through are retried.
pub async fn sweep_once(state: &AppState) -> Result<(), store::StoreError> {
    let now = state.clock.now();
    for hold in store::orders::pay::lapsed_holds(&state.db, now - GRACE).await? {
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
    for intent in store::orders::refund::unfinished_refunds(&state.db, now - chrono::Duration::minutes(1)).await? {
        make_refund(state, &intent).await;
    }
    collect_fees(state).await;
    Ok(())
}

/// How far back the worker looks for online payments whose Stripe fee is not in the ledger yet.
const FEES_SINCE: chrono::Duration = chrono::Duration::days(30);

/// How many fees one round asks Stripe for.
const FEES_PER_ROUND: u64 = 20;

/// Asks Stripe for the fee of each recent online payment that has none in
/// the ledger yet (its balance transaction), and records it. A payment is
/// recorded without waiting for this: when Stripe cannot say yet (or cannot
/// be reached), the next round asks again; the ledger's unique key makes a
/// fee count once, however often it is asked. Returns how many it recorded.
pub async fn collect_fees(state: &AppState) -> usize {
    let now = state.clock.now();
    let due = match store::ledger::fees_to_fetch(&state.db, now - FEES_SINCE, FEES_PER_ROUND).await {
        Ok(due) => due,
        Err(e) => {
            tracing::error!(error = %e, "reading the payments without a Stripe fee failed");
            return 0;
        }
    };
    let mut recorded = 0;
    for payment in due {
        let fee = match state.payments.stripe_fee(&payment.payment_intent).await {
            Ok(fee) => fee,
            Err(app::payments::PaymentError::NotConfigured) => return recorded,
            Err(e) => {
                tracing::warn!(error = %e, payment = payment.payment_id, "Stripe's fee is not known yet");
                continue;
            }
        };
        let written = async {
            let txn = store::begin_write(&state.db).await?;
            let written = store::ledger::record_stripe_fee(&txn, payment.payment_id, &fee, now).await?;
            txn.commit().await?;
            Ok::<bool, store::StoreError>(written)
        }
        .await;
        match written {
            Ok(true) => recorded += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, payment = payment.payment_id, "recording Stripe's fee failed"),
        }
    }
    recorded
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
