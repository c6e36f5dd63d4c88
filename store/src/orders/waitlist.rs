//! The waiting list: a freed seat is offered to the next person in line
//! ([`offer_free_seats`], the seat taken in [`crate::orders::seats`]), who takes it
//! ([`accept_offer`]) before the offer lapses ([`expire_offers`]). Every later
//! step that frees a seat (a lapsed payment, a cancellation, a lapsed
//! confirmation) hands it on through here.

use crate::StoreError;
use crate::entities::{event, order, registration, ticket};
use crate::orders::book::{issue_ticket, order_locale, withdraw};
use crate::orders::seats::take_seats;
use chrono::{DateTime, Utc};
use domain::Email;
use domain::i18n::Locale;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// How long someone from the waiting list has to take a freed seat.
pub const OFFER_TTL: chrono::Duration = chrono::Duration::hours(48);

/// A freed seat offered to the next person on the waiting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub organiser_id: i32,
    pub event_title: String,
    pub name: String,
    pub email: Email,
    pub ticket_code: String,
    pub expires_at: DateTime<Utc>,
    /// The language of the order the waiting registration belongs to.
    pub locale: Locale,
}

/// Offers the event's free seats to the waiting list, first come first served:
/// each offer holds a seat (taken in the same guarded statement as a
/// registration) until it is accepted or expires. Run in a write transaction.
pub async fn offer_free_seats(
    db: &impl ConnectionTrait,
    event_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, StoreError> {
    let Some(e) =
        event::Entity::find_by_id(event_id).filter(event::Column::Status.eq(EventStatus::Published)).one(db).await?
    else {
        return Ok(Vec::new());
    };
    let first_start = crate::schedule::first_start(db, e.id).await?;
    if first_start.is_some_and(|start| start <= now) {
        return Ok(Vec::new());
    }
    // An offer never runs past the start of the event.
    let expires_at = first_start.map_or(now + OFFER_TTL, |start| std::cmp::min(now + OFFER_TTL, start));
    let unconfirmed = sea_orm::sea_query::Query::select()
        .column(order::Column::Id)
        .from(order::Entity)
        .and_where(order::Column::EventId.eq(e.id))
        .and_where(order::Column::ConfirmBy.is_not_null())
        .to_owned();
    let waiting = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        // A group still waiting for its booker's confirmation is offered nothing.
        .filter(registration::Column::OrderId.not_in_subquery(unconfirmed))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let mut offers = Vec::new();
    for r in waiting {
        if !take_seats(db, &e, 1).await? {
            break;
        }
        registration::Entity::update_many()
            .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Offered))
            .col_expr(registration::Column::OfferExpiresAt, Expr::value(expires_at))
            .col_expr(registration::Column::UpdatedAt, Expr::value(now))
            .filter(registration::Column::Id.eq(r.id))
            .exec(db)
            .await?;
        let code = issue_ticket(db, r.id, now).await?;
        let Some(email) = r.attendee_email.as_deref().and_then(|a| Email::parse(a).ok()) else { continue };
        let locale = order_locale(db, r.order_id).await?;
        offers.push(Offer {
            organiser_id: e.organiser_id,
            event_title: e.title.clone(),
            name: r.attendee_name,
            email,
            ticket_code: code,
            expires_at,
            locale,
        });
    }
    Ok(offers)
}

/// The holder of an offered seat takes it (an order paid on invoice gets an
/// invoice for it: run in a write transaction). `None` for an unknown ticket,
/// `Some(false)` when the offer expired or was already answered.
pub async fn accept_offer(
    db: &impl ConnectionTrait,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<bool>, StoreError> {
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let accepted = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Confirmed))
        .col_expr(registration::Column::OfferExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(t.registration_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .filter(registration::Column::OfferExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected;
    if accepted == 1
        && let Some(order_id) =
            registration::Entity::find_by_id(t.registration_id).one(db).await?.and_then(|r| r.order_id)
    {
        crate::invoices::issue_for_order(db, order_id, now).await?;
    }
    Ok(Some(accepted == 1))
}

/// Whether any offer lapsed (a cheap read before [`expire_offers`]).
pub async fn offers_lapsed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<bool, StoreError> {
    Ok(registration::Entity::find()
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .filter(registration::Column::OfferExpiresAt.lte(now))
        .count(db)
        .await?
        > 0)
}

/// Offers nobody took in time lapse: their seats go to the next in line.
/// Returns the new offers to mail. Run in a write transaction.
pub async fn expire_offers(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Offer>, StoreError> {
    let lapsed = registration::Entity::find()
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .filter(registration::Column::OfferExpiresAt.lte(now))
        .all(db)
        .await?;
    let mut events = Vec::new();
    for r in lapsed {
        if !withdraw(db, &r, now).await? {
            continue;
        }
        if !events.contains(&r.event_id) {
            events.push(r.event_id);
        }
    }
    let mut offers = Vec::new();
    for event_id in events {
        offers.extend(offer_free_seats(db, event_id, now).await?);
    }
    Ok(offers)
}
