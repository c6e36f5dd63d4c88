//! Where capacity is decided: the one guarded statement that takes an event's
//! seats ([`take_seats`]) and the one that gives a seat back ([`give_back_seat`]),
//! and the bounds on seats held without payment or confirmation ([`seats_held`]).
//! Seats are counted in the database: one conditional UPDATE takes the seats
//! of a whole order or none, inside a write transaction, so concurrent
//! registrations (from one server process or several) never oversell. What
//! the numbers mean for a visitor is `domain::capacity`; which placement an
//! order gets is `domain::registration::Placement`.

use crate::StoreError;
use crate::entities::{event, order, registration};
use domain::{Email, RegistrationStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Seats held unsettled (paid nor confirmed) by orders of `booker`, or of `client`;
/// the larger of the two counts.
pub async fn seats_held(db: &impl ConnectionTrait, booker: &Email, client: Option<&str>) -> Result<u64, StoreError> {
    use sea_orm::sea_query::Query;
    let count = |condition: sea_orm::sea_query::SimpleExpr| {
        registration::Entity::find()
            .filter(registration::Column::Status.is_in(RegistrationStatus::HELD_UNSETTLED))
            .filter(registration::Column::OrderId.in_subquery(
                Query::select().column(order::Column::Id).from(order::Entity).and_where(condition).to_owned(),
            ))
    };
    let by_booker = count(order::Column::BuyerEmail.eq(booker.as_str())).count(db).await?;
    let by_client = match client {
        Some(client) => count(order::Column::HoldClient.eq(client)).count(db).await?,
        None => 0,
    };
    Ok(std::cmp::max(by_booker, by_client))
}

/// Takes `wanted` seats of the event if they are all free, in one guarded
/// statement: concurrent callers (in any server process) can never push the
/// count past the capacity, on SQLite or PostgreSQL.
pub(crate) async fn take_seats(db: &impl ConnectionTrait, e: &event::Model, wanted: i32) -> Result<bool, StoreError> {
    let mut take = event::Entity::update_many()
        .col_expr(event::Column::SeatsTaken, Expr::col(event::Column::SeatsTaken).add(wanted))
        .filter(event::Column::Id.eq(e.id));
    if let Some(capacity) = e.capacity {
        take = take.filter(Expr::col(event::Column::SeatsTaken).add(wanted).lte(capacity));
    }
    Ok(take.exec(db).await?.rows_affected == 1)
}

/// Gives back the seat a registration in `status` held (none for a waiting or
/// cancelled one), never below zero. Called once per registration, by
/// [`crate::orders::book::withdraw`] after its guarded status change.
pub(crate) async fn give_back_seat(
    db: &impl ConnectionTrait,
    event_id: i32,
    status: RegistrationStatus,
) -> Result<(), StoreError> {
    if status.holds_seat() {
        event::Entity::update_many()
            .col_expr(event::Column::SeatsTaken, Expr::col(event::Column::SeatsTaken).sub(1))
            .filter(event::Column::Id.eq(event_id))
            .filter(event::Column::SeatsTaken.gt(0))
            .exec(db)
            .await?;
    }
    Ok(())
}
