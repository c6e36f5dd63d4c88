//! What follows a cancelled registration, whichever way it was cancelled (by
//! its holder, by the organiser, with the whole event, by an account's
//! erasure): the invoiced seat is credited, the seat paid online is refunded,
//! and the people concerned are told. The first two are written in the
//! cancelling transaction; the caller mails and makes the refund after commit.

use crate::StoreError;
use crate::entities::{event, order, organiser, registration};
use crate::invoices::Issued;
use crate::payments::RefundIntent;
use crate::registration::Offer;
use chrono::{DateTime, Utc};
use domain::Email;
use domain::i18n::Locale;
use sea_orm::{ConnectionTrait, EntityTrait};

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
pub async fn settle(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<Cancelled, StoreError> {
    let credit_note = crate::invoices::credit_for_registration(db, r.id, now).await?;
    let refund = crate::payments::plan_refund(db, r, now).await?;
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
