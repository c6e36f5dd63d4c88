//! The calendar feeds' entries (see `domain::calendar`): the published
//! programme, all regions or filtered, and one person's own registrations
//! behind a secret address.
//!
//! A feed shows the sessions that end from [`KEPT_FOR`] ago on: a calendar
//! that subscribed keeps what it saw, so a session that changed or an
//! activity that was cancelled must still be in the feed for a while to be
//! updated or struck out there.

use crate::StoreError;
use crate::entities::{calendar_feed, event, event_session, organiser, registration, ticket, venue};
use chrono::{DateTime, Duration, Utc};
use domain::calendar::{CalendarEntry, session_uid, ticket_session_uid};
use domain::kinds::EventKind;
use domain::{CatalogueFilter, EventStatus, RegistrationStatus, paths};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// How long past sessions stay in a feed.
pub const KEPT_FOR: Duration = Duration::days(30);

/// What the entries of a feed are made of: the activities with their
/// organisers, and the sessions to show.
struct Loaded {
    events: HashMap<i32, event::Model>,
    organisers: HashMap<i32, organiser::Model>,
    venues: HashMap<i32, venue::Model>,
    sessions: Vec<event_session::Model>,
}

impl Loaded {
    async fn of(
        db: &impl ConnectionTrait,
        events: Vec<event::Model>,
        since: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
        let sessions = if ids.is_empty() {
            Vec::new()
        } else {
            event_session::Entity::find()
                .filter(event_session::Column::EventId.is_in(ids))
                .filter(event_session::Column::EndsAt.gte(since))
                .order_by_asc(event_session::Column::StartsAt)
                .order_by_asc(event_session::Column::Id)
                .all(db)
                .await?
        };
        let organisers = organiser::Entity::find()
            .filter(organiser::Column::Id.is_in(events.iter().map(|e| e.organiser_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let venues = venue::Entity::find()
            .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        Ok(Loaded { events: events.into_iter().map(|e| (e.id, e)).collect(), organisers, venues, sessions })
    }

    /// The entry of `session`; `uid` and `cancelled` are the feed's to decide.
    fn entry(
        &self,
        session: &event_session::Model,
        base_url: &str,
        uid: String,
        cancelled: bool,
    ) -> Option<CalendarEntry> {
        let e = self.events.get(&session.event_id)?;
        let o = self.organisers.get(&e.organiser_id)?;
        let several = self.sessions.iter().filter(|s| s.event_id == e.id).count() > 1 || session.position > 1;
        let title = if several && !session.title.trim().is_empty() && session.title != e.title {
            format!("{}: {}", e.title, session.title)
        } else {
            e.title.clone()
        };
        let location = match session.venue_id.and_then(|id| self.venues.get(&id)) {
            Some(v) => Some(format!("{}, {}, {} {}", v.name, v.street, v.postcode, v.city)),
            None => session.online_url.as_ref().map(|_| "Online".to_string()),
        };
        let mut description = e.summary.trim().to_string();
        if let Some(more) = session.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            description = format!("{description}\n\n{more}");
        }
        description = format!("{description}\n\n{}", o.name).trim().to_string();
        let mut categories: Vec<String> =
            EventKind::from_code(&e.kind).ok().map(|k| k.label_nl().to_string()).into_iter().collect();
        categories.extend(e.theme.clone().filter(|t| !t.trim().is_empty()));
        Some(CalendarEntry {
            uid,
            title,
            description,
            starts_at: session.starts_at,
            ends_at: session.ends_at,
            location,
            url: format!("{}{}", base_url.trim_end_matches('/'), paths::event(&o.slug, &e.slug)),
            cancelled: cancelled || e.status == EventStatus::Cancelled,
            changed_at: e.updated_at,
            categories,
        })
    }
}

/// The published programme matching `filter` (its region, kind and theme;
/// month, price and search text are for browsing, not for a subscription,
/// and are not applied): every session ending from [`KEPT_FOR`] ago on,
/// cancelled activities struck out. `None`: the region does not exist.
pub async fn programme(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    filter: &CatalogueFilter,
    base_url: &str,
) -> Result<Option<Vec<CalendarEntry>>, StoreError> {
    let mut query = event::Entity::find()
        .filter(event::Column::Status.is_in([EventStatus::Published, EventStatus::Cancelled]))
        .filter(event::Column::PublishedAt.is_not_null());
    if let Some(slug) = &filter.organiser {
        match organiser::Entity::find().filter(organiser::Column::Slug.eq(slug.as_str())).one(db).await? {
            Some(o) => query = query.filter(event::Column::OrganiserId.eq(o.id)),
            None => return Ok(None),
        }
    }
    if let Some(kind) = filter.kind {
        query = query.filter(event::Column::Kind.eq(kind.code()));
    }
    if let Some(theme) = &filter.theme {
        query = query.filter(event::Column::ThemeSlug.eq(theme.as_str()));
    }
    let events = query.all(db).await?;
    let loaded = Loaded::of(db, events, now - KEPT_FOR).await?;
    let host = domain::calendar::host_of(base_url);
    Ok(Some(loaded.sessions.iter().filter_map(|s| loaded.entry(s, base_url, session_uid(s.id, host), false)).collect()))
}

/// The secret of `person_id`'s personal feed, if they made one. Kept as it
/// is (not hashed) so /mijn can show the address again: it opens a read-only
/// list of one's own sessions, nothing more.
pub async fn token_of(db: &impl ConnectionTrait, person_id: i32) -> Result<Option<String>, StoreError> {
    Ok(calendar_feed::Entity::find_by_id(person_id).one(db).await?.map(|f| f.token))
}

/// A new secret for `person_id`'s personal feed: the old address, if any,
/// stops working.
pub async fn renew_token(db: &impl ConnectionTrait, person_id: i32, now: DateTime<Utc>) -> Result<String, StoreError> {
    let token = crate::accounts::new_secret();
    calendar_feed::Entity::delete_by_id(person_id).exec(db).await?;
    calendar_feed::ActiveModel { person_id: Set(person_id), token: Set(token.clone()), created_at: Set(now) }
        .insert(db)
        .await?;
    Ok(token)
}

/// The person's name and entries behind `token`: their registrations'
/// sessions (confirmed ones; cancelled ones struck out while they are kept).
/// `None`: no feed has this address.
pub async fn personal(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<Option<Vec<CalendarEntry>>, StoreError> {
    let Some(feed) = calendar_feed::Entity::find().filter(calendar_feed::Column::Token.eq(token)).one(db).await? else {
        return Ok(None);
    };
    let registrations = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(feed.person_id))
        .filter(registration::Column::Status.is_in([RegistrationStatus::Confirmed, RegistrationStatus::Cancelled]))
        .all(db)
        .await?;
    let tickets: HashMap<i32, String> = ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.is_in(registrations.iter().map(|r| r.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.registration_id, t.code))
        .collect();
    let events = event::Entity::find()
        .filter(event::Column::Id.is_in(registrations.iter().map(|r| r.event_id).collect::<Vec<_>>()))
        .filter(event::Column::PublishedAt.is_not_null())
        .all(db)
        .await?;
    let loaded = Loaded::of(db, events, now - KEPT_FOR).await?;
    let mut entries = Vec::new();
    for r in &registrations {
        let Some(code) = tickets.get(&r.id) else { continue };
        let cancelled = r.status == RegistrationStatus::Cancelled;
        for s in loaded.sessions.iter().filter(|s| s.event_id == r.event_id) {
            entries.extend(loaded.entry(s, base_url, ticket_session_uid(code, s.id), cancelled));
        }
    }
    entries.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.uid.cmp(&b.uid)));
    Ok(Some(entries))
}
