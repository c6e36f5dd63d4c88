//! Limits counted in the database, so every server process shares them:
//! several buckets taken together (all or none), and given back when the
//! attempt turned out not to count (a form refused for its own mistakes).

use crate::StoreError;
use crate::entities::rate_limit_hit;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// At most `max` hits in `bucket` per `window`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub bucket: String,
    pub window: Duration,
    pub max: u64,
}

/// The hits one attempt took, to give back with [`give_back`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "an attempt that does not count must be given back"]
pub struct Taken(Vec<i32>);

/// Takes one hit in every bucket of `limits`, or none when any is full; the
/// full one is returned (its index in `limits`). One write transaction, so
/// concurrent attempts never overshoot a bucket.
pub async fn take(
    db: &DatabaseConnection,
    limits: &[Limit],
    now: DateTime<Utc>,
) -> Result<Result<Taken, usize>, StoreError> {
    let txn = crate::begin_write(db).await?;
    for (i, limit) in limits.iter().enumerate() {
        let recent = rate_limit_hit::Entity::find()
            .filter(rate_limit_hit::Column::Bucket.eq(limit.bucket.as_str()))
            .filter(rate_limit_hit::Column::At.gt(now - limit.window))
            .count(&txn)
            .await?;
        if recent >= limit.max {
            // Ended here rather than dropped, so the lock is free before the turn passes on.
            txn.commit().await?;
            return Ok(Err(i));
        }
    }
    let mut taken = Vec::with_capacity(limits.len());
    for limit in limits {
        let hit = rate_limit_hit::ActiveModel { bucket: Set(limit.bucket.clone()), at: Set(now), ..Default::default() }
            .insert(&txn)
            .await?;
        taken.push(hit.id);
        // Old hits only matter for their window; forget them as we go.
        rate_limit_hit::Entity::delete_many()
            .filter(rate_limit_hit::Column::Bucket.eq(limit.bucket.as_str()))
            .filter(rate_limit_hit::Column::At.lt(now - limit.window))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(Ok(Taken(taken)))
}

/// Gives the hits of an attempt back: it did not count.
pub async fn give_back(db: &DatabaseConnection, taken: Taken) -> Result<(), StoreError> {
    if taken.0.is_empty() {
        return Ok(());
    }
    let txn = crate::begin_write(db).await?;
    rate_limit_hit::Entity::delete_many().filter(rate_limit_hit::Column::Id.is_in(taken.0)).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}
