//! What organiser staff see of their own organiser. Every function takes the
//! organiser's id, which the edge has already checked against the viewer's roles.

use crate::StoreError;
use crate::entities::{event, event_session, organiser, registration};
use crate::time::to_local;
use domain::backoffice::EventRow;
use domain::listing::OrganiserRef;
use domain::{EventKind, EventStatus, Slug};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub async fn organiser_ref(db: &impl ConnectionTrait, slug: &Slug) -> Result<Option<(i32, OrganiserRef)>, StoreError> {
    let found = organiser::Entity::find().filter(organiser::Column::Slug.eq(slug.as_str())).one(db).await?;
    found.map(|o| Ok((o.id, crate::catalogue::organiser_ref(&o)?))).transpose()
}

/// The organiser's events: upcoming ones soonest first, then events without
/// sessions yet, then past ones most recent first.
pub async fn events(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<EventRow>, StoreError> {
    let events = event::Entity::find().filter(event::Column::OrganiserId.eq(organiser_id)).all(db).await?;
    let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    let mut first_start: HashMap<i32, chrono::DateTime<chrono::Utc>> = HashMap::new();
    for s in event_session::Entity::find().filter(event_session::Column::EventId.is_in(ids.clone())).all(db).await? {
        first_start.entry(s.event_id).and_modify(|t| *t = (*t).min(s.starts_at)).or_insert(s.starts_at);
    }
    let mut counts: HashMap<(i32, String), u32> = HashMap::new();
    for r in registration::Entity::find().filter(registration::Column::EventId.is_in(ids)).all(db).await? {
        *counts.entry((r.event_id, r.status)).or_default() += 1;
    }
    let count = |id: i32, status: &str| counts.get(&(id, status.to_string())).copied().unwrap_or(0);
    let mut rows = events
        .into_iter()
        .map(|e| {
            let corrupt = |reason: String| StoreError::corrupt("events", e.id, reason);
            Ok(EventRow {
                id: e.id,
                slug: Slug::parse(&e.slug).map_err(|err| corrupt(err.to_string()))?,
                kind: EventKind::from_code(&e.kind).map_err(|err| corrupt(err.to_string()))?,
                status: EventStatus::from_code(&e.status).map_err(|err| corrupt(err.to_string()))?,
                starts_at: first_start.get(&e.id).map(|t| to_local(*t)),
                capacity: e.capacity.and_then(|c| u32::try_from(c).ok()),
                seats_taken: u32::try_from(e.seats_taken).unwrap_or(0),
                confirmed: count(e.id, "confirmed"),
                waitlisted: count(e.id, "waitlisted"),
                title: e.title,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let now = to_local(now);
    // 0: upcoming, 1: not scheduled yet, 2: past.
    let group = |r: &EventRow| match r.starts_at {
        Some(t) if t >= now => 0,
        None => 1,
        Some(_) => 2,
    };
    rows.sort_by(|a, b| {
        group(a).cmp(&group(b)).then_with(|| match (group(a), a.starts_at, b.starts_at) {
            (2, Some(x), Some(y)) => y.cmp(&x),
            (_, x, y) => x.cmp(&y).then_with(|| a.title.cmp(&b.title)),
        })
    });
    Ok(rows)
}
