//! The organiser's audit log: who did what to which of its things.

use crate::StoreError;
use crate::entities::audit_entry;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

/// Records `action` by `person_id` on `subject` (its table's name and the row's id).
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    person_id: i32,
    subject: (&'static str, i32),
    action: &str,
    detail: String,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (entity, entity_id) = subject;
    audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(Some(person_id)),
        entity: Set(entity.into()),
        entity_id: Set(entity_id),
        action: Set(action.into()),
        detail: Set(Some(detail)),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
