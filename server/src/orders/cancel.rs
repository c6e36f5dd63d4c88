//! After a cancellation, whichever way it was made (by the holder, by the
//! organiser, with the whole event, by an account's erasure): the store
//! cancels and settles the money in the cancelling transaction
//! (`store::orders::cancel`); here the mails are queued in that same
//! transaction ([`queue_mails`]) and the refunds are made after it commits
//! ([`make_refunds`]).

use crate::orders::mails::{Why, cancellation_mails, queue_offer_mails};
use crate::orders::refund::make_refund;
use app::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use store::orders::cancel::Cancelled;
/// Queues, in the caller's transaction, the offers of the freed seats, the
/// attendee's notice and the booker's credit note or refund notice.
pub async fn queue_mails(
    db: &impl ConnectionTrait,
    base_url: &str,
    cancelled: &Cancelled,
    why: Why,
    now: DateTime<Utc>,
) -> Result<(), store::StoreError> {
    queue_offer_mails(db, base_url, &cancelled.offers, now).await?;
    for mail in cancellation_mails(cancelled, why) {
        store::mail::enqueue(db, &mail, now).await?;
    }
    Ok(())
}

/// Makes the refunds the cancellations recorded (after their commit). A
/// failed call stays pending and is retried by the payments worker.
pub async fn make_refunds(state: &AppState, cancelled: &[Cancelled]) {
    for refund in cancelled.iter().filter_map(|c| c.refund.as_ref()) {
        make_refund(state, refund).await;
    }
}
