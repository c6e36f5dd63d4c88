//! What the registrations API reads besides the shared registration code: an
//! event's registrations page by page, an order's registrations, and the
//! `Idempotency-Key` of orders made through the API.

use crate::StoreError;
use crate::accounts::hash_secret;
use crate::entities::{event, order, registration, ticket_type};
use chrono::{DateTime, FixedOffset};
use domain::{OrderStatus, PaymentMethod, RegistrationStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr};
use serde::Serialize;
use std::collections::HashMap;

/// A registration as the API shows it to its organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationRecord {
    pub id: i32,
    pub event_id: i32,
    pub order_reference: Option<String>,
    pub status: RegistrationStatus,
    pub attendee: AttendeeRecord,
    pub ticket_type: TicketTypeRecord,
    pub price_cents: i64,
    pub created_at: DateTime<FixedOffset>,
    pub cancelled_at: Option<DateTime<FixedOffset>>,
    /// The ticket's code while it is live (confirmed or offered).
    #[serde(skip)]
    pub ticket_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendeeRecord {
    pub name: String,
    pub email: Option<String>,
    /// The partner organisation's id, when it is one of the organiser's partners.
    pub organisation_id: Option<i32>,
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketTypeRecord {
    pub id: i32,
    pub name: String,
}

/// The statuses the API filters on, in the order its error message names them.
pub const STATUSES: [RegistrationStatus; 6] = [
    RegistrationStatus::Confirmed,
    RegistrationStatus::PendingPayment,
    RegistrationStatus::Unconfirmed,
    RegistrationStatus::Waitlisted,
    RegistrationStatus::Offered,
    RegistrationStatus::Cancelled,
];

async fn records(
    db: &impl ConnectionTrait,
    rows: Vec<registration::Model>,
) -> Result<Vec<RegistrationRecord>, StoreError> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let tickets = crate::tickets::live_codes(db, ids).await?;
    let types: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::Id.is_in(rows.iter().map(|r| r.ticket_type_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let orders: HashMap<i32, String> = order::Entity::find()
        .filter(order::Column::Id.is_in(rows.iter().filter_map(|r| r.order_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.reference))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| RegistrationRecord {
            id: r.id,
            event_id: r.event_id,
            order_reference: r.order_id.and_then(|id| orders.get(&id).cloned()),
            ticket_code: if matches!(r.status, RegistrationStatus::Confirmed | RegistrationStatus::Offered) {
                tickets.get(&r.id).cloned()
            } else {
                None
            },
            status: r.status,
            attendee: AttendeeRecord {
                name: r.attendee_name,
                email: r.attendee_email,
                organisation_id: r.organisation_id,
                organisation: r.organisation_name,
            },
            ticket_type: TicketTypeRecord {
                id: r.ticket_type_id,
                name: types.get(&r.ticket_type_id).cloned().unwrap_or_default(),
            },
            price_cents: r.price_cents,
            created_at: crate::time::to_local(r.created_at),
            cancelled_at: r.cancelled_at.map(crate::time::to_local),
        })
        .collect())
}

/// One page of the event's registrations, oldest first, after registration
/// `after` (the cursor), at most `limit`. `None` when the event is not the
/// organiser's (or does not exist).
pub async fn event_registrations(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    status: Option<RegistrationStatus>,
    after: Option<i32>,
    limit: u64,
) -> Result<Option<Vec<RegistrationRecord>>, StoreError> {
    if event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?.is_none()
    {
        return Ok(None);
    }
    let mut query = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::AnonymisedAt.is_null());
    if let Some(status) = status {
        query = query.filter(registration::Column::Status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(registration::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(registration::Column::Id).limit(limit).all(db).await?;
    Ok(Some(records(db, rows).await?))
}

/// One registration of the organiser's; `None` for another's or an unknown id.
pub async fn registration_record(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    registration_id: i32,
) -> Result<Option<RegistrationRecord>, StoreError> {
    let Some(r) = registration::Entity::find_by_id(registration_id).one(db).await? else { return Ok(None) };
    if event::Entity::find_by_id(r.event_id)
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(records(db, vec![r]).await?.pop())
}

/// An order made through the API, as the API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiOrder {
    pub id: i32,
    pub event_id: i32,
    pub reference: String,
    pub payment_method: PaymentMethod,
    pub status: OrderStatus,
    pub total_cents: i64,
    /// The fingerprint of the request that made it.
    pub request_hash: Option<String>,
    pub registrations: Vec<RegistrationRecord>,
}

/// What is stored in `orders.idempotency_key` for a client's key: scoped to
/// the organiser (two organisers may pick the same key) and of fixed length.
pub fn scoped_key(organiser_id: i32, client_key: &str) -> String {
    hash_secret(&format!("{organiser_id}:{client_key}"))
}

async fn api_order(db: &impl ConnectionTrait, o: order::Model) -> Result<ApiOrder, StoreError> {
    let rows = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    Ok(ApiOrder {
        id: o.id,
        event_id: o.event_id,
        reference: o.reference,
        payment_method: o.payment_method,
        status: o.status,
        total_cents: o.total_cents,
        request_hash: o.request_hash,
        registrations: records(db, rows).await?,
    })
}

/// The order stored under `scoped_key` (see [`scoped_key`]).
pub async fn order_by_key(db: &impl ConnectionTrait, scoped_key: &str) -> Result<Option<ApiOrder>, StoreError> {
    match order::Entity::find().filter(order::Column::IdempotencyKey.eq(scoped_key)).one(db).await? {
        Some(o) => Ok(Some(api_order(db, o).await?)),
        None => Ok(None),
    }
}

/// The order with this reference (just made by `registration::register`).
pub async fn order_by_reference(db: &impl ConnectionTrait, reference: &str) -> Result<Option<ApiOrder>, StoreError> {
    match order::Entity::find().filter(order::Column::Reference.eq(reference)).one(db).await? {
        Some(o) => Ok(Some(api_order(db, o).await?)),
        None => Ok(None),
    }
}

/// Marks the order as made by the request with this key and fingerprint.
/// `false` when another order holds the key already (a concurrent duplicate
/// that committed first): the caller rolls back and answers with that one.
pub async fn claim_key(
    db: &impl ConnectionTrait,
    order_reference: &str,
    scoped_key: &str,
    request_hash: &str,
) -> Result<bool, StoreError> {
    let claimed = order::Entity::update_many()
        .col_expr(order::Column::IdempotencyKey, Expr::value(scoped_key))
        .col_expr(order::Column::RequestHash, Expr::value(request_hash))
        .filter(order::Column::Reference.eq(order_reference))
        .exec(db)
        .await;
    match claimed {
        Ok(done) => Ok(done.rows_affected == 1),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(false),
        Err(err) => Err(err.into()),
    }
}
