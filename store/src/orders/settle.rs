//! Where a payment is confirmed: a paid Checkout Session (told by Stripe's
//! webhook, the payer's return or the worker asking Stripe) is recorded once
//! ([`settle_paid`]: unique provider reference) and the order's held seats
//! become confirmed with tickets, or the order is flagged for the organiser.
//! [`first_delivery`] makes a webhook delivered twice count once.

use crate::StoreError;
use crate::entities::{event, order, payment, processed_webhook, registration, ticket};
use crate::orders::book::{Booked, BookedAttendee, booked_sessions, group_of, issue_ticket};
use chrono::{DateTime, Utc};
use domain::i18n::Locale;
use domain::registration::Placement;
use domain::{Email, Money};
use domain::{OrderStatus, PaymentKind, PaymentProvider, PaymentStatus, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Records that the provider's event was handled; `false` when it was
/// already (then do nothing). Run it in the transaction of the event's effect.
pub async fn first_delivery(
    db: &impl ConnectionTrait,
    provider: &str,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let inserted = processed_webhook::Entity::insert(processed_webhook::ActiveModel {
        provider: Set(provider.to_string()),
        event_id: Set(event_id.to_string()),
        received_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([processed_webhook::Column::Provider, processed_webhook::Column::EventId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// A Checkout Session Stripe reports paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidSession {
    pub session_id: String,
    pub payment_intent: String,
    pub amount_cents: i64,
}

/// What recording a paid session did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// The seats are confirmed and the tickets issued: mail them.
    Confirmed(Box<Booked>),
    /// This payment was recorded before; nothing changed.
    AlreadyRecorded,
    /// The money is recorded but the order is not confirmed; the organiser
    /// must look (`amount_mismatch`, `paid_after_release`).
    Flagged(String),
}

/// Records a paid Checkout Session of the order once, and confirms the
/// held registrations (with tickets) when the amount is the order's total.
pub async fn settle_paid(
    db: &impl ConnectionTrait,
    order_id: i32,
    paid: &PaidSession,
    now: DateTime<Utc>,
) -> Result<Settlement, StoreError> {
    let Some(o) = order::Entity::find_by_id(order_id).one(db).await? else {
        return Ok(Settlement::Flagged("unknown_order".into()));
    };
    let recorded = payment::Entity::insert(payment::ActiveModel {
        order_id: Set(o.id),
        provider: Set(PaymentProvider::Stripe),
        kind: Set(PaymentKind::Payment),
        provider_reference: Set(Some(paid.payment_intent.clone())),
        amount_cents: Set(paid.amount_cents),
        status: Set(PaymentStatus::Succeeded),
        settled_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([payment::Column::Provider, payment::Column::Kind, payment::Column::ProviderReference])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if recorded != 1 {
        return Ok(Settlement::AlreadyRecorded);
    }
    // Recorded just now (the provider reference is unique): into the ledger with it.
    if let Some(p) = payment::Entity::find()
        .filter(payment::Column::Provider.eq(PaymentProvider::Stripe))
        .filter(payment::Column::Kind.eq(PaymentKind::Payment))
        .filter(payment::Column::ProviderReference.eq(paid.payment_intent.as_str()))
        .one(db)
        .await?
    {
        crate::ledger::record_payment(db, p.id, None, now).await?;
    }
    let flag = if o.status != OrderStatus::Pending {
        Some(domain::online_payments::PaymentFlag::PaidAfterRelease.code())
    } else if paid.amount_cents != o.total_cents {
        Some(domain::online_payments::PaymentFlag::AmountMismatch.code())
    } else {
        None
    };
    if let Some(flag) = flag {
        tracing::error!(order = %o.reference, flag, amount = paid.amount_cents, total = o.total_cents,
            "online payment needs the organiser's attention");
        order::Entity::update_many()
            .col_expr(order::Column::PaymentFlag, Expr::value(flag))
            .col_expr(order::Column::UpdatedAt, Expr::value(now))
            .filter(order::Column::Id.eq(o.id))
            .exec(db)
            .await?;
        return Ok(Settlement::Flagged(flag.into()));
    }
    let settled = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(OrderStatus::Paid))
        .col_expr(order::Column::HoldExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(order::Column::HoldClient, Expr::value(Option::<String>::None))
        .col_expr(order::Column::CheckoutSessionId, Expr::value(paid.session_id.clone()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .exec(db)
        .await?
        .rows_affected;
    if settled != 1 {
        return Ok(Settlement::AlreadyRecorded);
    }
    let held = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::PendingPayment))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let mut attendees = Vec::new();
    for r in held {
        let confirmed = registration::Entity::update_many()
            .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Confirmed))
            .col_expr(registration::Column::UpdatedAt, Expr::value(now))
            .filter(registration::Column::Id.eq(r.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::PendingPayment))
            .exec(db)
            .await?
            .rows_affected;
        if confirmed != 1 {
            continue;
        }
        // A seat taken from the waiting list already has its ticket (the offer came with it).
        let code = match ticket::Entity::find().filter(ticket::Column::RegistrationId.eq(r.id)).one(db).await? {
            Some(existing) => existing.code,
            None => issue_ticket(db, r.id, now).await?,
        };
        let Some(email) = r.attendee_email.as_deref().and_then(|e| Email::parse(e).ok()) else { continue };
        attendees.push(BookedAttendee { name: r.attendee_name, email, ticket_code: Some(code) });
    }
    let Some(e) = event::Entity::find_by_id(o.event_id).one(db).await? else {
        return Ok(Settlement::Flagged("unknown_event".into()));
    };
    let group = group_of(&o);
    Ok(Settlement::Confirmed(Box::new(Booked {
        placement: Placement::Confirmed,
        sessions: booked_sessions(db, e.id).await?,
        order_reference: o.reference,
        event_title: e.title,
        total: Money::from_cents(o.total_cents),
        attendees,
        // Paid online: no invoice follows.
        invoice: None,
        locale: Locale::parse(&o.locale).unwrap_or_default(),
        group,
        awaiting_confirmation: None,
    })))
}
