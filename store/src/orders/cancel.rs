//! Cancelling, and what follows a cancelled registration whichever way it was
//! cancelled (by its holder, by the organiser, with the whole event, by an
//! account's erasure, a large group not confirmed in time): the seat is given
//! back ([`crate::orders::book::withdraw`]) and offered to the waiting list, the
//! invoiced seat is credited, the seat paid online is refunded
//! ([`credit_or_refund`]), and the people concerned are told. The money is
//! written in the cancelling transaction; the caller mails and makes the refund
//! after commit.

use crate::StoreError;
use crate::entities::{event, order, organiser, registration, ticket};
use crate::invoices::Issued;
use crate::orders::book::{may_cancel, withdraw};
use crate::orders::refund::{RefundIntent, plan_refund};
use crate::orders::waitlist::{Offer, offer_free_seats};
use chrono::{DateTime, Utc};
use domain::Email;
use domain::i18n::Locale;
use domain::{EventStatus, OrderStatus, RegistrationStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Someone to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: Email,
}

/// A cancelled registration and what is left to do once its transaction commits.
#[derive(Debug, Clone)]
pub struct Cancelled {
    pub registration_id: i32,
    pub organiser_id: i32,
    pub organiser_name: String,
    pub event_title: String,
    /// Who held the seat (none once anonymised or without an address).
    pub attendee: Option<Contact>,
    /// Who booked the order, and so receives its invoice, credit note or refund.
    pub booker: Option<Contact>,
    /// Seats freed to the waiting list, to be mailed.
    pub offers: Vec<Offer>,
    /// The credit note issued for an invoiced seat.
    pub credit_note: Option<Issued>,
    /// The refund of a seat paid online, recorded as pending: to make at Stripe.
    pub refund: Option<RefundIntent>,
    /// The language the order was placed in: the mails speak it.
    pub locale: Locale,
}

fn contact(name: Option<&str>, email: Option<&str>) -> Option<Contact> {
    let email = Email::parse(email?).ok()?;
    Some(Contact { name: name.unwrap_or_default().to_string(), email })
}

/// Credits and refunds what `r` cost (each at most once, however often this
/// runs) and gathers who is to be told. `r` is cancelled already, or belongs to
/// an event being cancelled. Run in the cancelling transaction.
pub async fn credit_or_refund(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<Cancelled, StoreError> {
    let credit_note = crate::invoices::credit_for_registration(db, r.id, now).await?;
    let refund = plan_refund(db, r, now).await?;
    let e = event::Entity::find_by_id(r.event_id)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::corrupt("registrations", r.id, "event"))?;
    let organiser_name =
        organiser::Entity::find_by_id(e.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let placed = match r.order_id {
        Some(order_id) => order::Entity::find_by_id(order_id).one(db).await?,
        None => None,
    };
    let booker = placed.as_ref().and_then(|o| contact(o.buyer_name.as_deref(), o.buyer_email.as_deref()));
    let locale = placed.as_ref().and_then(|o| Locale::parse(&o.locale)).unwrap_or_default();
    Ok(Cancelled {
        registration_id: r.id,
        organiser_id: e.organiser_id,
        organiser_name,
        event_title: e.title,
        attendee: contact(Some(&r.attendee_name), r.attendee_email.as_deref()),
        booker,
        offers: Vec::new(),
        credit_note,
        refund,
        locale,
    })
}

/// The holder of `code` cancels: the seat is freed at once and offered to the
/// waiting list. `None` for an unknown ticket; `Some(None)` when cancelling is
/// no longer possible (or was done already). Run in a write transaction.
pub async fn cancel_by_ticket(
    db: &impl ConnectionTrait,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<Option<Cancelled>>, StoreError> {
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(t.registration_id).one(db).await? else { return Ok(None) };
    let Some(e) = event::Entity::find_by_id(r.event_id).one(db).await? else { return Ok(None) };
    let first_start = crate::schedule::first_start(db, e.id).await?;
    if !may_cancel(&r, &e, first_start, now) {
        return Ok(Some(None));
    }
    Ok(Some(cancel_and_offer(db, &r, now).await?))
}

/// Cancels `r` (see [`withdraw`]), credits or refunds what it cost (see
/// [`credit_or_refund`]) and offers the seat it freed to the
/// waiting list. `None` when someone else changed the registration first. The
/// one way every cancellation frees a seat (a holder's, an organiser's, an
/// account's erasure). Run in a write transaction.
pub(crate) async fn cancel_and_offer(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<Option<Cancelled>, StoreError> {
    if !withdraw(db, r, now).await? {
        return Ok(None);
    }
    let mut cancelled = credit_or_refund(db, r, now).await?;
    cancelled.offers = offer_free_seats(db, r.event_id, now).await?;
    Ok(Some(cancelled))
}

/// Why an organiser's cancellation did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganiserCancelRefusal {
    /// No such registration, or another organiser's.
    Unknown,
    AlreadyCancelled,
    /// The event has begun (or is over): the attendance list is history now.
    Started,
    /// The event is not (or no longer) published.
    NotLive,
}

/// The organiser cancels one of its registrations. Not bound to the
/// participant's cancellation deadline (it is the organiser's decision), but
/// refused once the event has started. The seat goes to the waiting list as
/// with [`cancel_by_ticket`]. Run in a write transaction.
pub async fn cancel_by_organiser(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    registration_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<Cancelled, OrganiserCancelRefusal>, StoreError> {
    let Some(r) = registration::Entity::find_by_id(registration_id).one(db).await? else {
        return Ok(Err(OrganiserCancelRefusal::Unknown));
    };
    let Some(e) =
        event::Entity::find_by_id(r.event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(Err(OrganiserCancelRefusal::Unknown));
    };
    if r.status == RegistrationStatus::Cancelled {
        return Ok(Err(OrganiserCancelRefusal::AlreadyCancelled));
    }
    if e.status != EventStatus::Published {
        return Ok(Err(OrganiserCancelRefusal::NotLive));
    }
    if crate::schedule::first_start(db, e.id).await?.is_some_and(|start| start <= now) {
        return Ok(Err(OrganiserCancelRefusal::Started));
    }
    match cancel_and_offer(db, &r, now).await? {
        Some(cancelled) => Ok(Ok(cancelled)),
        None => Ok(Err(OrganiserCancelRefusal::AlreadyCancelled)),
    }
}

/// Staff let a large group's held seats go before its booker confirmed
/// (`reference` of the organiser's event): cancelled, the seats offered to the
/// waiting list, the release in the organiser's log. `None` when there is no
/// such group waiting (confirmed meanwhile, or another organiser's).
pub async fn release_unconfirmed_order(
    db: &impl ConnectionTrait,
    (organiser_id, event_id): (i32, i32),
    reference: &str,
    by_person: i32,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Offer>>, StoreError> {
    let Some(o) = order::Entity::find()
        .filter(order::Column::Reference.eq(reference))
        .filter(order::Column::OrganiserId.eq(organiser_id))
        .filter(order::Column::EventId.eq(event_id))
        .filter(order::Column::ConfirmBy.is_not_null())
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(seats) = let_go_unconfirmed(db, &o, now).await? else { return Ok(None) };
    record_release(db, (organiser_id, by_person), &o, seats, now).await?;
    Ok(Some(offer_free_seats(db, o.event_id, now).await?))
}

/// Cancels a group still waiting for its booker's confirmation, once, and
/// withdraws its registrations; `confirm_by` stays, so the link then says it
/// lapsed. How many registrations went; `None` when it was no longer waiting.
async fn let_go_unconfirmed(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<Option<usize>, StoreError> {
    let cancelled = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(OrderStatus::Cancelled))
        .col_expr(order::Column::HoldClient, Expr::value(Option::<String>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::ConfirmBy.is_not_null())
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .exec(db)
        .await?
        .rows_affected;
    if cancelled != 1 {
        return Ok(None);
    }
    let regs = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .filter(registration::Column::Status.is_in([RegistrationStatus::Unconfirmed, RegistrationStatus::Waitlisted]))
        .all(db)
        .await?;
    for r in &regs {
        withdraw(db, r, now).await?;
    }
    Ok(Some(regs.len()))
}

/// Writes a hold's release by staff to the organiser's log.
pub async fn record_release(
    db: &impl ConnectionTrait,
    (organiser_id, by_person): (i32, i32),
    o: &order::Model,
    seats: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    crate::audit::record(
        db,
        organiser_id,
        by_person,
        ("order", o.id),
        "hold.released",
        format!("{}\n{seats}", o.reference),
        now,
    )
    .await
}

/// Lets go of every group whose booker did not confirm in time: its
/// registrations are cancelled and the freed seats offered to the waiting
/// list (the offers come back, to be mailed). Run in a write transaction.
pub async fn release_unconfirmed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Offer>, StoreError> {
    let lapsed = order::Entity::find()
        .filter(order::Column::ConfirmBy.lte(now))
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .all(db)
        .await?;
    let mut offers = Vec::new();
    for o in lapsed {
        if let_go_unconfirmed(db, &o, now).await?.is_some() {
            offers.extend(offer_free_seats(db, o.event_id, now).await?);
        }
    }
    Ok(offers)
}
