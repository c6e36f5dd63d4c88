//! The waiting list at work: a freed seat is offered to the next person by
//! mail; they take it from their ticket page before the offer lapses; a worker
//! lets lapsed offers go and offers the seat to the next in line. The rules
//! are `store::orders::waitlist`; the offer mails `crate::orders::mails`.

use crate::orders::mails::invoice_mail;
use crate::web::{Code, Path, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::paths;

use std::time::Duration;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::TICKET_ACCEPT), post(accept))
}

/// How often lapsed offers are looked for.
const EXPIRY_INTERVAL: Duration = Duration::from_secs(60);

async fn accept(State(state): State<AppState>, Path(Code(code)): Path<Code>) -> Result<Response, WebError> {
    let now = state.clock.now();
    // One transaction: the seat and, for an order paid on invoice, its invoice.
    let txn = store::begin_write(&state.db).await?;
    // A seat for someone who chose to pay online is paid first (at Stripe).
    if let Some(reference) = store::orders::pay::offer_to_pay(&txn, &code, now).await? {
        let order = store::orders::pay::hold_for_checkout(&txn, &reference, now)
            .await?
            .ok_or_else(|| WebError::internal("the order just made for the offer is gone"))?;
        txn.commit().await?;
        return match crate::orders::pay::start_checkout(&state, &order).await {
            Ok(url) => Ok(Redirect::to(&url).into_response()),
            // The hold was released and the seat offered on: the ticket page says so.
            Err(crate::orders::pay::CheckoutFailed::Payment(e)) => {
                tracing::warn!(error = %e, "online payment unavailable for an accepted offer");
                Ok(Redirect::to(&paths::with_notice(&paths::ticket(&code), "betalen-mislukt")).into_response())
            }
            Err(e) => Err(WebError::internal(e)),
        };
    }
    match store::orders::waitlist::accept_offer(&txn, &code, now).await? {
        None => Err(WebError::NotFound),
        Some(true) => {
            let queued = invoice_mail(&txn, &code, now).await?;
            txn.commit().await?;
            if queued {
                state.mail_wake.notify_one();
            }
            Ok(Redirect::to(&paths::with_notice(&paths::ticket(&code), "aangenomen")).into_response())
        }
        Some(false) => Ok(Redirect::to(&paths::ticket(&code)).into_response()),
    }
}

/// One round: lapsed offers go, and large groups their bookers did not
/// confirm in time; their seats are offered to the next in line.
pub async fn expire_once(state: &AppState) -> Result<usize, store::StoreError> {
    let now = state.clock.now();
    // Most minutes nothing lapsed: look before taking the write lock.
    if !store::orders::waitlist::offers_lapsed(&state.db, now).await?
        && !store::orders::book::confirmations_lapsed(&state.db, now).await?
    {
        return Ok(0);
    }
    let txn = store::begin_write(&state.db).await?;
    let mut offers = store::orders::waitlist::expire_offers(&txn, now).await?;
    offers.extend(store::orders::cancel::release_unconfirmed(&txn, now).await?);
    crate::orders::mails::queue_offer_mails(&txn, &state.settings.base_url, &offers, now).await?;
    txn.commit().await?;
    if !offers.is_empty() {
        state.mail_wake.notify_one();
    }
    Ok(offers.len())
}

/// Runs [`expire_once`] every minute until `stop` turns true.
pub async fn run_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = expire_once(&state).await {
            tracing::error!(error = %e, "expiring waiting-list offers failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(EXPIRY_INTERVAL) => {}
            _ = stop.changed() => return,
        }
    }
}
