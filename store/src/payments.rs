//! Paying online. An order paid online holds its seats (registrations in
//! `pending_payment`, counted like confirmed ones) until the payment comes
//! through or the Checkout Session expires. Every change here is guarded by
//! the state it expects, so a webhook that arrives twice, late or before the
//! browser returns changes things once: a payment is recorded once (unique
//! provider reference), seats are released once, a paid order is never
//! released. Run the writes in a write transaction (`crate::begin_write`).

use crate::StoreError;
use crate::entities::{event, event_session, order, organiser, payment, processed_webhook, registration, ticket};
use crate::registration::{BookedAttendee, BookedSession, Offer};
use chrono::{DateTime, Utc};
use domain::i18n::Locale;
use domain::registration::Placement;
use domain::{Email, Money};
use domain::{OrderStatus, PaymentKind, PaymentMethod, PaymentProvider, PaymentStatus, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// How long seats are held while paying: Stripe's minimum session lifetime
/// (30 minutes from its creation) plus a minute for the round trip.
pub const HOLD: chrono::Duration = chrono::Duration::minutes(31);

/// An order paid online, as its payment pages and the webhook need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutOrder {
    pub id: i32,
    pub reference: String,
    pub token: String,
    pub organiser_id: i32,
    pub organiser_name: String,
    pub event_id: i32,
    pub event_title: String,
    /// `/regio/<organiser>/<event>`
    pub event_path: String,
    pub status: OrderStatus,
    pub total: Money,
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub checkout_session_id: Option<String>,
    pub checkout_url: Option<String>,
    /// Why a payment was not accepted as it came (`amount_mismatch`, `paid_after_release`).
    pub flag: Option<String>,
    pub buyer_name: String,
    pub buyer_email: Option<Email>,
    /// (ticket type, unit price, attendee names) of the held or confirmed registrations.
    pub ticket_name: String,
    pub unit_price: Money,
    pub attendees: Vec<String>,
}

async fn load(db: &impl ConnectionTrait, o: order::Model) -> Result<Option<CheckoutOrder>, StoreError> {
    let Some(token) = o.payment_token.clone() else { return Ok(None) };
    let Some(e) = event::Entity::find_by_id(o.event_id).one(db).await? else { return Ok(None) };
    let Some(org) = organiser::Entity::find_by_id(e.organiser_id).one(db).await? else { return Ok(None) };
    let regs = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let (ticket_name, unit_price) = match regs.first() {
        Some(r) => (
            crate::entities::ticket_type::Entity::find_by_id(r.ticket_type_id)
                .one(db)
                .await?
                .map(|t| t.name)
                .unwrap_or_default(),
            Money::from_cents(r.price_cents),
        ),
        None => (String::new(), Money::ZERO),
    };
    Ok(Some(CheckoutOrder {
        id: o.id,
        reference: o.reference,
        token,
        organiser_id: e.organiser_id,
        organiser_name: org.name,
        event_id: e.id,
        event_path: format!("/regio/{}/{}", org.slug, e.slug),
        event_title: e.title,
        status: o.status,
        total: Money::from_cents(o.total_cents),
        hold_expires_at: o.hold_expires_at,
        checkout_session_id: o.checkout_session_id,
        checkout_url: o.checkout_url,
        flag: o.payment_flag,
        buyer_name: o.buyer_name.unwrap_or_default(),
        buyer_email: o.buyer_email.as_deref().and_then(|e| Email::parse(e).ok()),
        ticket_name,
        unit_price,
        attendees: regs.into_iter().map(|r| r.attendee_name).collect(),
    }))
}

/// Starts the hold of a just registered online order: gives it the secret
/// token of its payment pages and the time its seats are released.
pub async fn hold_for_checkout(
    db: &impl ConnectionTrait,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<Option<CheckoutOrder>, StoreError> {
    let Some(o) = order::Entity::find().filter(order::Column::Reference.eq(reference)).one(db).await? else {
        return Ok(None);
    };
    let mut active: order::ActiveModel = o.into();
    active.payment_token = Set(Some(crate::accounts::new_secret()));
    active.hold_expires_at = Set(Some(now + HOLD));
    active.updated_at = Set(now);
    let o = active.update(db).await?;
    load(db, o).await
}

/// A seat offered from the waiting list to someone who chose to pay online
/// is paid before it is theirs: the registration moves to an order of its own
/// (online, pending, its price) and holds the seat while its holder pays,
/// exactly like a fresh online registration. Returns that order's reference
/// for [`hold_for_checkout`]; `None` when the offer needs no payment (free,
/// on invoice) or is no longer open (then accepting it answers as usual).
/// Run in a write transaction.
pub async fn offer_to_pay(
    db: &impl ConnectionTrait,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, StoreError> {
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(t.registration_id).one(db).await? else { return Ok(None) };
    let open = r.status == RegistrationStatus::Offered && r.offer_expires_at.is_some_and(|at| at > now);
    if !open || r.price_cents <= 0 {
        return Ok(None);
    }
    let Some(original) = r.order_id else { return Ok(None) };
    let Some(o) = order::Entity::find_by_id(original).one(db).await? else { return Ok(None) };
    if o.payment_method != PaymentMethod::Online {
        return Ok(None);
    }
    let reference = format!("{}-{}", now.format("%Y"), crate::accounts::new_secret()[..8].to_uppercase());
    let own = order::ActiveModel {
        organiser_id: Set(o.organiser_id),
        event_id: Set(o.event_id),
        reference: Set(reference.clone()),
        buyer_person_id: Set(o.buyer_person_id),
        payment_method: Set(PaymentMethod::Online),
        status: Set(OrderStatus::Pending),
        total_cents: Set(r.price_cents),
        buyer_name: Set(o.buyer_name.clone()),
        buyer_email: Set(o.buyer_email.clone()),
        locale: Set(o.locale.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // From offered to held-while-paying: both keep the seat, so the count does not move.
    let moved = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::PendingPayment))
        .col_expr(registration::Column::OrderId, Expr::value(own.id))
        .col_expr(registration::Column::OfferExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(r.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .exec(db)
        .await?
        .rows_affected;
    if moved != 1 {
        return Err(StoreError::corrupt("registrations", r.id, "offer changed inside the write transaction"));
    }
    Ok(Some(reference))
}

/// A pending online order of the organiser's event, by its reference (staff
/// releasing its hold); `None` for another organiser's, event's or a settled one.
pub async fn held_by_reference(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    reference: &str,
) -> Result<Option<CheckoutOrder>, StoreError> {
    let found = order::Entity::find()
        .filter(order::Column::Reference.eq(reference))
        .filter(order::Column::OrganiserId.eq(organiser_id))
        .filter(order::Column::EventId.eq(event_id))
        .filter(order::Column::PaymentMethod.eq(PaymentMethod::Online))
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .one(db)
        .await?;
    match found {
        Some(o) => load(db, o).await,
        None => Ok(None),
    }
}

/// The order behind a payment page's token.
pub async fn by_token(db: &impl ConnectionTrait, token: &str) -> Result<Option<CheckoutOrder>, StoreError> {
    match order::Entity::find().filter(order::Column::PaymentToken.eq(token)).one(db).await? {
        Some(o) => load(db, o).await,
        None => Ok(None),
    }
}

/// The order of a Checkout Session: by its id, or else by the order reference
/// in its metadata (a webhook may come before the id was stored).
pub async fn by_session(
    db: &impl ConnectionTrait,
    session_id: &str,
    reference: Option<&str>,
) -> Result<Option<CheckoutOrder>, StoreError> {
    if let Some(o) = order::Entity::find().filter(order::Column::CheckoutSessionId.eq(session_id)).one(db).await? {
        return load(db, o).await;
    }
    let Some(reference) = reference else { return Ok(None) };
    match order::Entity::find()
        .filter(order::Column::Reference.eq(reference))
        .filter(order::Column::PaymentMethod.eq(PaymentMethod::Online))
        .one(db)
        .await?
    {
        // Only an order without a session yet: a reference never moves a paid order to another session.
        Some(o) if o.checkout_session_id.is_none() => load(db, o).await,
        _ => Ok(None),
    }
}

/// Remembers the order's Checkout Session (its id and hosted page).
pub async fn attach_session(
    db: &impl ConnectionTrait,
    order_id: i32,
    session_id: &str,
    url: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    order::Entity::update_many()
        .col_expr(order::Column::CheckoutSessionId, Expr::value(session_id))
        .col_expr(order::Column::CheckoutUrl, Expr::value(url.map(str::to_string)))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order_id))
        .exec(db)
        .await?;
    Ok(())
}

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

/// Lets the held seats of an unpaid order go: its registrations are
/// cancelled, the order too, and the seats are offered to the waiting list
/// (the offers come back, to be mailed). `None` when the order is no longer
/// pending (paid, or released already): a late "expired" changes nothing.
pub async fn release_hold(
    db: &impl ConnectionTrait,
    order_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Offer>>, StoreError> {
    let Some(o) = order::Entity::find_by_id(order_id).one(db).await? else { return Ok(None) };
    let released = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(OrderStatus::Cancelled))
        .col_expr(order::Column::HoldExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(order::Column::HoldClient, Expr::value(Option::<String>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order_id))
        .filter(order::Column::PaymentMethod.eq(PaymentMethod::Online))
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .exec(db)
        .await?
        .rows_affected;
    if released != 1 {
        return Ok(None);
    }
    let held = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(order_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::PendingPayment))
        .all(db)
        .await?;
    for r in &held {
        crate::registration::withdraw(db, r, now).await?;
    }
    Ok(Some(crate::registration::offer_free_seats(db, o.event_id, now).await?))
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
    Confirmed(Box<crate::registration::Booked>),
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
            None => crate::registration::issue_ticket(db, r.id, now).await?,
        };
        let Some(email) = r.attendee_email.as_deref().and_then(|e| Email::parse(e).ok()) else { continue };
        attendees.push(BookedAttendee { name: r.attendee_name, email, ticket_code: Some(code) });
    }
    let Some(e) = event::Entity::find_by_id(o.event_id).one(db).await? else {
        return Ok(Settlement::Flagged("unknown_event".into()));
    };
    let group = group_of(&o);
    Ok(Settlement::Confirmed(Box::new(crate::registration::Booked {
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

/// A group module's booking as the order keeps it (size and dates asked for).
pub(crate) fn group_of(o: &order::Model) -> Option<domain::registration::GroupBooking> {
    let dates = serde_json::from_str(o.requested_dates.as_deref()?).ok()?;
    Some(domain::registration::GroupBooking { participants: u32::try_from(o.group_size?).ok()?, dates })
}

pub(crate) async fn booked_sessions(
    db: &impl ConnectionTrait,
    event_id: i32,
) -> Result<Vec<BookedSession>, StoreError> {
    use crate::entities::venue;
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(db)
        .await?;
    let venues: HashMap<i32, String> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, format!("{}, {}, {} {}", v.name, v.street, v.postcode, v.city)))
        .collect();
    Ok(sessions
        .into_iter()
        .map(|s| BookedSession {
            id: s.id,
            location: s.venue_id.and_then(|id| venues.get(&id).cloned()),
            title: s.title,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        })
        .collect())
}

/// A held order whose hold ran out (plus `grace`): ask Stripe how its session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LapsedHold {
    pub order_id: i32,
    pub checkout_session_id: Option<String>,
}

pub async fn lapsed_holds(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<Vec<LapsedHold>, StoreError> {
    Ok(order::Entity::find()
        .filter(order::Column::PaymentMethod.eq(PaymentMethod::Online))
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .filter(order::Column::HoldExpiresAt.lt(before))
        .all(db)
        .await?
        .into_iter()
        .map(|o| LapsedHold { order_id: o.id, checkout_session_id: o.checkout_session_id })
        .collect())
}

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

/// An order's payments and refunds, oldest first (for the organiser and tests).
pub async fn order_payments(db: &impl ConnectionTrait, order_id: i32) -> Result<Vec<payment::Model>, StoreError> {
    Ok(payment::Entity::find()
        .filter(payment::Column::OrderId.eq(order_id))
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?)
}

/// The organiser's orders paid online (or flagged), flagged ones first, then
/// newest first; `only_flagged` keeps the ones that need a decision.
pub async fn online_orders(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    only_flagged: bool,
) -> Result<Vec<domain::online_payments::OnlinePaymentRow>, StoreError> {
    use domain::online_payments::{OnlinePaymentRow, PaymentFlag};
    use sea_orm::QuerySelect;
    let mut query = order::Entity::find()
        .filter(order::Column::OrganiserId.eq(organiser_id))
        .filter(order::Column::PaymentMethod.eq(PaymentMethod::Online))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .limit(500);
    if only_flagged {
        query = query.filter(order::Column::PaymentFlag.is_not_null());
    }
    let orders = query.all(db).await?;
    let ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let mut money: HashMap<i32, Vec<payment::Model>> = HashMap::new();
    for p in payment::Entity::find().filter(payment::Column::OrderId.is_in(ids)).all(db).await? {
        money.entry(p.order_id).or_default().push(p);
    }
    let titles: HashMap<i32, String> = event::Entity::find()
        .filter(event::Column::Id.is_in(orders.iter().map(|o| o.event_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect();
    let mut rows: Vec<OnlinePaymentRow> = orders
        .into_iter()
        .filter_map(|o| {
            let payments = money.remove(&o.id).unwrap_or_default();
            let sum = |kind: PaymentKind, done: bool| -> i64 {
                payments
                    .iter()
                    .filter(|p| p.kind == kind)
                    .filter(|p| {
                        if done { p.status == PaymentStatus::Succeeded } else { p.status == PaymentStatus::Pending }
                    })
                    .map(|p| p.amount_cents)
                    .sum()
            };
            let paid = sum(PaymentKind::Payment, true);
            let flag = o.payment_flag.as_deref().and_then(PaymentFlag::parse);
            // Holds that were never paid are not payments.
            (paid > 0 || flag.is_some()).then(|| OnlinePaymentRow {
                order_id: o.id,
                reference: o.reference.clone(),
                event_title: titles.get(&o.event_id).cloned().unwrap_or_default(),
                booker: o.buyer_name.clone().unwrap_or_default(),
                ordered_at: crate::time::to_local(o.created_at),
                total: Money::from_cents(o.total_cents),
                paid: Money::from_cents(paid),
                refunded: Money::from_cents(sum(PaymentKind::Refund, true)),
                refund_pending: Money::from_cents(sum(PaymentKind::Refund, false)),
                status: o.status,
                flag,
            })
        })
        .collect();
    // Stable: flagged first, each group keeps newest first.
    rows.sort_by_key(|r| r.flag.is_none());
    Ok(rows)
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
