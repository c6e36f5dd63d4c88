//! Paying online. An order paid online holds its seats (registrations in
//! `pending_payment`, counted like confirmed ones) until the payment comes
//! through ([`crate::orders::settle`]) or the Checkout Session expires
//! ([`release_hold`]). Every change here is guarded by the state it expects,
//! so a webhook that arrives twice, late or before the browser returns changes
//! things once: seats are released once, a paid order is never released. Run
//! the writes in a write transaction (`crate::begin_write`).

use crate::StoreError;
use crate::entities::{event, order, organiser, payment, registration, ticket};
use crate::orders::book::withdraw;
use crate::orders::waitlist::{Offer, offer_free_seats};
use chrono::{DateTime, Utc};
use domain::{Email, Money};
use domain::{OrderStatus, PaymentKind, PaymentMethod, PaymentStatus, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
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
        event_path: domain::paths::event(&org.slug, &e.slug),
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
        withdraw(db, r, now).await?;
    }
    Ok(Some(offer_free_seats(db, o.event_id, now).await?))
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
