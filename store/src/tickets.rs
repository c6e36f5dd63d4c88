//! Reading tickets: the live (not revoked) ticket code of each registration.
//! Issuing and revoking them belong to the order lifecycle (`crate::orders`).

use crate::StoreError;
use crate::entities::ticket;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The live ticket code per registration of `registration_ids` (a
/// registration without one, or whose ticket was revoked, is left out).
pub async fn live_codes(
    db: &impl ConnectionTrait,
    registration_ids: Vec<i32>,
) -> Result<HashMap<i32, String>, StoreError> {
    Ok(ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.is_in(registration_ids))
        .filter(ticket::Column::RevokedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.registration_id, t.code))
        .collect())
}
