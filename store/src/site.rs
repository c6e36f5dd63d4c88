//! The public pages' revision: a number database triggers bump whenever
//! anything those pages show changes (see migration 17, `site_revision`).

use crate::StoreError;
use sea_orm::{ConnectionTrait, Statement};

/// The current revision of what public pages show.
pub async fn revision(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(backend, "SELECT revision FROM site_revision WHERE id = 1"))
        .await?
        .ok_or_else(|| StoreError::corrupt("site_revision", 1, "the revision row is missing"))?;
    Ok(row.try_get("", "revision")?)
}
