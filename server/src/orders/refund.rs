//! Refunds, the server's half: making a recorded refund at Stripe
//! ([`make_refund`]; the store recorded it in `store::orders::refund`) and
//! taking in what Stripe's webhook says about it ([`settle_refund`]).

use app::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use store::orders::refund::RefundIntent;
/// Makes a recorded refund through Stripe and records the outcome; a failure
/// stays pending and is retried by the worker with the same idempotency key.
pub async fn make_refund(state: &AppState, intent: &RefundIntent) {
    let outcome = state.payments.refund(&intent.payment_intent, intent.amount_cents, &intent.idempotency_key).await;
    let now = state.clock.now();
    let recorded = async {
        let txn = store::begin_write(&state.db).await?;
        match &outcome {
            Ok(refund) => {
                store::orders::refund::record_refund(
                    &txn,
                    intent.payment_id,
                    Ok((&refund.id, refund.status == "succeeded")),
                    now,
                )
                .await?
            }
            Err(e) => store::orders::refund::record_refund(&txn, intent.payment_id, Err(&e.to_string()), now).await?,
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

pub(crate) async fn settle_refund(
    db: &impl ConnectionTrait,
    refund: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    // Stripe's refund statuses (its spelling), not ours.
    match status {
        "succeeded" => store::orders::refund::refund_settled(db, refund, true, now).await,
        "failed" | "canceled" => store::orders::refund::refund_settled(db, refund, false, now).await,
        _ => Ok(()),
    }
}
