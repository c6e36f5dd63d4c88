//! Where a payment is confirmed, the server's half: whatever tells us how a
//! Checkout Session ended (Stripe's webhook, the payer's return, the worker
//! asking Stripe, a payer or staff giving up) goes through [`apply_session`]:
//! paid → the store confirms the seats once (`store::orders::settle`) and the
//! tickets are mailed; expired → the seats are released and offered on.

use crate::orders::mails::{confirmation_mails, queue_offer_mails};
use crate::orders::pay::release;
use app::payments::{CheckoutSession, PaymentError, SessionStatus};
use app::state::AppState;
use domain::OrderStatus;
use sea_orm::ConnectionTrait;
use store::orders::pay::CheckoutOrder;
use store::orders::settle::{PaidSession, Settlement};
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
    let Some(order) = store::orders::pay::by_session(db, &session.id, session.order_reference.as_deref()).await? else {
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
        return Ok(match store::orders::settle::settle_paid(db, order.id, &paid, now).await? {
            Settlement::Confirmed(booked) => {
                let booker_email = order.buyer_email.clone();
                if let Some(booker_email) = booker_email {
                    let mails = confirmation_mails(
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
        return Ok(match store::orders::pay::release_hold(db, order.id, now).await? {
            Some(offers) => {
                queue_offer_mails(db, &state.settings.base_url, &offers, now).await?;
                Applied::Released
            }
            None => Applied::AlreadyDone,
        });
    }
    Ok(Applied::StillOpen)
}

/// Asks Stripe how the order's session stands and applies it (the browser
/// may be back before the webhook). Errors are logged: the page then says
/// the payment is still being processed, and the webhook or worker settles it.
pub(crate) async fn sync_with_stripe(state: &AppState, order: &CheckoutOrder) {
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
