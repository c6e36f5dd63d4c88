//! Paying online, the server's half: the Checkout Session of an order whose
//! seats were just held ([`start_checkout`], after `store::orders::pay`), and
//! releasing the seats of a payment that will not come ([`release`], the seats
//! offered to the waiting list with their mails).

use app::payments::{CheckoutLine, NewCheckout, PaymentError};
use app::state::AppState;
use domain::paths;
use store::orders::pay::CheckoutOrder;
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
        success_url: format!(
            "{}?sessie={{CHECKOUT_SESSION_ID}}",
            paths::absolute(base, &paths::payment_return(&order.token))
        ),
        cancel_url: paths::absolute(base, &paths::payment_cancelled(&order.token)),
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
                store::orders::pay::attach_session(&txn, order.id, &session.id, Some(&url), now).await?;
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
pub(crate) async fn release(state: &AppState, order_id: i32) -> Result<(), store::StoreError> {
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    if let Some(offers) = store::orders::pay::release_hold(&txn, order_id, now).await? {
        crate::orders::mails::queue_offer_mails(&txn, &state.settings.base_url, &offers, now).await?;
    }
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}
