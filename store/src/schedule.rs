//! When events start: the first session decides (registration closes, offers
//! lapse, lists sort by it).

use crate::StoreError;
use crate::entities::event_session;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// When the event's first session starts; `None` without sessions.
pub(crate) async fn first_start(db: &impl ConnectionTrait, event_id: i32) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .order_by_asc(event_session::Column::StartsAt)
        .one(db)
        .await?
        .map(|s| s.starts_at))
}

/// The first start of each of these events (events without sessions are left out).
pub(crate) async fn first_starts(
    db: &impl ConnectionTrait,
    event_ids: Vec<i32>,
) -> Result<HashMap<i32, DateTime<Utc>>, StoreError> {
    let mut first: HashMap<i32, DateTime<Utc>> = HashMap::new();
    for s in event_session::Entity::find().filter(event_session::Column::EventId.is_in(event_ids)).all(db).await? {
        first.entry(s.event_id).and_modify(|t| *t = std::cmp::min(*t, s.starts_at)).or_insert(s.starts_at);
    }
    Ok(first)
}
