//! Who may see a report beyond one organiser's: a partner organisation's
//! coordinators see their own organisation (across every organiser it is a
//! partner of or registered with). Platform admins see everything; that is a
//! grant the viewer carries (`Viewer::is_platform_admin`).

use crate::StoreError;
use crate::entities::{membership, organisation};
use domain::Role;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Whether the person is a coordinator of the organisation (at any organiser).
pub async fn coordinates(db: &impl ConnectionTrait, person_id: i32, organisation_id: i32) -> Result<bool, StoreError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::Role.eq(Role::Coordinator.code()))
        .filter(membership::Column::OrganisationId.eq(organisation_id))
        .count(db)
        .await?
        > 0)
}

/// The organisations the person coordinates, each once, by name: (id, name).
pub async fn coordinated_organisations(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<(i32, String)>, StoreError> {
    let ids: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::Role.eq(Role::Coordinator.code()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| m.organisation_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}
