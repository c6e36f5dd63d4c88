//! Refunds of seats paid online: planned (recorded as a pending `refund` row)
//! in the cancelling transaction ([`plan_refund`]) or by an admin for a
//! flagged payment ([`refund_flagged`]), made at Stripe after the commit by
//! the server, and recorded from Stripe's answer or webhook.

use crate::StoreError;
use crate::entities::{order, payment, registration};
use crate::orders::pay::order_payments;
use chrono::{DateTime, Utc};
use domain::Money;
use domain::{OrderStatus, PaymentKind, PaymentMethod, PaymentProvider, PaymentStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// A refund to make through Stripe, recorded (as a pending `refund` row)
/// before the call so that a failed call is retried with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundIntent {
    pub payment_id: i32,
    pub payment_intent: String,
    pub amount_cents: i64,
    pub idempotency_key: String,
}

/// For a seat given back (same transaction as the cancellation): when it was
/// paid online, the refund of its price is recorded as pending and returned,
/// to be made once the transaction is committed. `None` when there is nothing
/// to refund, or when its refund was made already.
pub async fn plan_refund(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<Option<RefundIntent>, StoreError> {
    let Some(order_id) = r.order_id.filter(|_| r.price_cents > 0) else {
        return Ok(None);
    };
    let Some(paid) = payment::Entity::find()
        .filter(payment::Column::OrderId.eq(order_id))
        .filter(payment::Column::Provider.eq(PaymentProvider::Stripe))
        .filter(payment::Column::Kind.eq(PaymentKind::Payment))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(payment_intent) = paid.provider_reference else { return Ok(None) };
    let key = format!("leernet-refund-registration-{}", r.id);
    if let Some(existing) =
        payment::Entity::find().filter(payment::Column::IdempotencyKey.eq(key.as_str())).one(db).await?
    {
        return Ok((existing.status == PaymentStatus::Pending && existing.provider_reference.is_none()).then_some(
            RefundIntent {
                payment_id: existing.id,
                payment_intent,
                amount_cents: existing.amount_cents,
                idempotency_key: key,
            },
        ));
    }
    let row = payment::ActiveModel {
        order_id: Set(order_id),
        provider: Set(PaymentProvider::Stripe),
        kind: Set(PaymentKind::Refund),
        provider_reference: Set(None),
        amount_cents: Set(r.price_cents),
        status: Set(PaymentStatus::Pending),
        created_at: Set(now),
        registration_id: Set(Some(r.id)),
        idempotency_key: Set(Some(key.clone())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some(RefundIntent { payment_id: row.id, payment_intent, amount_cents: r.price_cents, idempotency_key: key }))
}

/// Records what Stripe said to a refund call: its refund id (and whether the
/// money is back already), or why it failed (the row stays pending, to retry).
pub async fn record_refund(
    db: &impl ConnectionTrait,
    payment_id: i32,
    outcome: Result<(&str, bool), &str>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(row) = payment::Entity::find_by_id(payment_id).one(db).await? else { return Ok(()) };
    match outcome {
        Ok((refund_id, succeeded)) => {
            payment::Entity::update_many()
                .col_expr(payment::Column::ProviderReference, Expr::value(refund_id))
                .col_expr(
                    payment::Column::Status,
                    Expr::value(if succeeded { PaymentStatus::Succeeded } else { PaymentStatus::Pending }),
                )
                .col_expr(payment::Column::SettledAt, Expr::value(succeeded.then_some(now)))
                .col_expr(payment::Column::Failure, Expr::value(Option::<String>::None))
                .filter(payment::Column::Id.eq(payment_id))
                .filter(payment::Column::Status.eq(PaymentStatus::Pending))
                .exec(db)
                .await?;
            crate::ledger::record_payment(db, payment_id, None, now).await?;
            update_refunded_status(db, row.order_id, now).await
        }
        Err(reason) => {
            payment::Entity::update_many()
                .col_expr(payment::Column::Failure, Expr::value(reason))
                .filter(payment::Column::Id.eq(payment_id))
                .exec(db)
                .await?;
            Ok(())
        }
    }
}

/// A refund Stripe reports done (webhook `refund.updated`, `charge.refunded`).
pub async fn refund_settled(
    db: &impl ConnectionTrait,
    refund_id: &str,
    succeeded: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(row) = payment::Entity::find()
        .filter(payment::Column::Provider.eq(PaymentProvider::Stripe))
        .filter(payment::Column::Kind.eq(PaymentKind::Refund))
        .filter(payment::Column::ProviderReference.eq(refund_id))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    payment::Entity::update_many()
        .col_expr(
            payment::Column::Status,
            Expr::value(if succeeded { PaymentStatus::Succeeded } else { PaymentStatus::Failed }),
        )
        .col_expr(payment::Column::SettledAt, Expr::value(Some(now)))
        .filter(payment::Column::Id.eq(row.id))
        .filter(payment::Column::Status.eq(PaymentStatus::Pending))
        .exec(db)
        .await?;
    crate::ledger::record_payment(db, row.id, None, now).await?;
    update_refunded_status(db, row.order_id, now).await
}

/// `refunded` once the refunds made cover what was paid, `partially_refunded` before.
async fn update_refunded_status(
    db: &impl ConnectionTrait,
    order_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let rows = payment::Entity::find().filter(payment::Column::OrderId.eq(order_id)).all(db).await?;
    let paid: i64 = rows
        .iter()
        .filter(|p| p.kind == PaymentKind::Payment && p.status == PaymentStatus::Succeeded)
        .map(|p| p.amount_cents)
        .sum();
    let refunded: i64 = rows
        .iter()
        .filter(|p| {
            p.kind == PaymentKind::Refund && p.status != PaymentStatus::Failed && p.provider_reference.is_some()
        })
        .map(|p| p.amount_cents)
        .sum();
    if refunded == 0 {
        return Ok(());
    }
    let status = if refunded >= paid { OrderStatus::Refunded } else { OrderStatus::PartiallyRefunded };
    order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(status))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order_id))
        .filter(order::Column::Status.is_in([OrderStatus::Paid, OrderStatus::PartiallyRefunded]))
        .exec(db)
        .await?;
    Ok(())
}

/// Refunds recorded but not (yet) accepted by Stripe, created before `before`: retry them.
pub async fn unfinished_refunds(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<Vec<RefundIntent>, StoreError> {
    let rows = payment::Entity::find()
        .filter(payment::Column::Kind.eq(PaymentKind::Refund))
        .filter(payment::Column::Provider.eq(PaymentProvider::Stripe))
        .filter(payment::Column::Status.eq(PaymentStatus::Pending))
        .filter(payment::Column::ProviderReference.is_null())
        .filter(payment::Column::CreatedAt.lt(before))
        .all(db)
        .await?;
    let mut intents = Vec::new();
    for row in rows {
        let Some(paid) = payment::Entity::find()
            .filter(payment::Column::OrderId.eq(row.order_id))
            .filter(payment::Column::Kind.eq(PaymentKind::Payment))
            .filter(payment::Column::Provider.eq(PaymentProvider::Stripe))
            .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
            .one(db)
            .await?
        else {
            continue;
        };
        let (Some(payment_intent), Some(key)) = (paid.provider_reference, row.idempotency_key) else { continue };
        intents.push(RefundIntent {
            payment_id: row.id,
            payment_intent,
            amount_cents: row.amount_cents,
            idempotency_key: key,
        });
    }
    Ok(intents)
}

/// Why a flagged payment was not refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlaggedRefundRefusal {
    /// No such order of this organiser, or not paid online.
    Unknown,
    /// Nothing flagged (any more): someone handled it already.
    NotFlagged,
}

/// An admin gives back the money of a flagged order (all that was paid and
/// not refunded yet): recorded as one pending refund, to be made at Stripe
/// after the commit, and the flag is cleared with an audit entry. Run in a
/// write transaction.
pub async fn refund_flagged(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    order_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<Option<RefundIntent>, FlaggedRefundRefusal>, StoreError> {
    let Some(o) = order::Entity::find_by_id(order_id)
        .filter(order::Column::OrganiserId.eq(organiser_id))
        .filter(order::Column::PaymentMethod.eq(PaymentMethod::Online))
        .one(db)
        .await?
    else {
        return Ok(Err(FlaggedRefundRefusal::Unknown));
    };
    // Clearing the flag first, guarded, makes a double click refund once.
    let cleared = order::Entity::update_many()
        .col_expr(order::Column::PaymentFlag, Expr::value(Option::<String>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::PaymentFlag.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    if cleared != 1 {
        return Ok(Err(FlaggedRefundRefusal::NotFlagged));
    }
    let payments = order_payments(db, o.id).await?;
    let Some(paid) =
        payments.iter().rev().find(|p| p.kind == PaymentKind::Payment && p.status == PaymentStatus::Succeeded)
    else {
        return Ok(Ok(None));
    };
    let received: i64 = payments
        .iter()
        .filter(|p| p.kind == PaymentKind::Payment && p.status == PaymentStatus::Succeeded)
        .map(|p| p.amount_cents)
        .sum();
    let given_back: i64 = payments
        .iter()
        .filter(|p| p.kind == PaymentKind::Refund && p.status != PaymentStatus::Failed)
        .map(|p| p.amount_cents)
        .sum();
    let amount = (received - given_back).min(paid.amount_cents);
    crate::entities::audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(Some(person_id)),
        entity: Set("order".into()),
        entity_id: Set(o.id),
        action: Set("refund_flagged".into()),
        detail: Set(Some(format!("{} ({})", o.reference, Money::from_cents(amount.max(0)).display_nl()))),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let Some(payment_intent) = paid.provider_reference.clone().filter(|_| amount > 0) else {
        return Ok(Ok(None));
    };
    // One key per refund of this order: a retry reuses it, a later flag gets its own.
    let earlier = payments.iter().filter(|p| p.kind == PaymentKind::Refund).count();
    let key = format!("leernet-refund-order-{}-{}", o.id, earlier + 1);
    let row = payment::ActiveModel {
        order_id: Set(o.id),
        provider: Set(PaymentProvider::Stripe),
        kind: Set(PaymentKind::Refund),
        provider_reference: Set(None),
        amount_cents: Set(amount),
        status: Set(PaymentStatus::Pending),
        created_at: Set(now),
        registration_id: Set(None),
        idempotency_key: Set(Some(key.clone())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(Some(RefundIntent { payment_id: row.id, payment_intent, amount_cents: amount, idempotency_key: key })))
}
