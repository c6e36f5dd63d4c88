//! The public catalogue: published events, their sessions, trainers and prices.

use crate::StoreError;
use crate::entities::{event, event_session, event_trainer, organiser, ticket_type, trainer, venue};
use crate::time::to_local;
use chrono::{DateTime, Utc};
use domain::listing::{
    CatalogueFacets, EventCard, EventPage, OrganiserProfile, OrganiserRef, PriceRange, SessionView, Theme,
    TicketTypeView, TrainerView, VenueView,
};
use domain::{
    Audience, CatalogueFilter, EventKind, EventStatus, Money, PriceFilter, RegistrationStatus, RegistrationWindow,
    SeatsLeft, Slug, YearMonth,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

/// Published events with a session that has not ended yet, matching `filter`,
/// soonest first.
pub async fn upcoming_events(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    filter: &CatalogueFilter,
) -> Result<Vec<EventCard>, StoreError> {
    Ok(upcoming_events_with_facets(db, now, filter).await?.0)
}

/// The matching events and, for the filter controls, what all upcoming events
/// of the organiser in `filter` (or of everyone) have to offer. One load serves both.
pub async fn upcoming_events_with_facets(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    filter: &CatalogueFilter,
) -> Result<(Vec<EventCard>, CatalogueFacets), StoreError> {
    let mut query = event::Entity::find().filter(event::Column::Status.eq(EventStatus::Published)).filter(
        event::Column::Id.in_subquery(
            Query::select()
                .column(event_session::Column::EventId)
                .from(event_session::Entity)
                .and_where(Expr::col(event_session::Column::EndsAt).gte(now))
                .to_owned(),
        ),
    );
    if let Some(slug) = &filter.organiser {
        match organiser::Entity::find().filter(organiser::Column::Slug.eq(slug.as_str())).one(db).await? {
            Some(o) => query = query.filter(event::Column::OrganiserId.eq(o.id)),
            None => return Ok((Vec::new(), CatalogueFacets::default())),
        }
    }
    let events = query.all(db).await?;
    let loaded = Loaded::fetch(db, &events).await?;
    let needle = filter.text.as_ref().map(|t| t.to_lowercase());
    let mut facets = FacetCollector::default();
    let mut cards = Vec::new();
    for e in &events {
        let card = loaded.card(e, now)?;
        let months: BTreeSet<YearMonth> =
            loaded.sessions_of(e.id).iter().map(|s| YearMonth::of(to_local(s.starts_at).date_naive())).collect();
        facets.add(&card, &months);
        if filter.kind.is_some_and(|k| k != card.kind)
            || filter.theme.as_ref().is_some_and(|t| card.theme.as_ref().is_none_or(|c| &c.slug != t))
            || filter.month.is_some_and(|m| !months.contains(&m))
        {
            continue;
        }
        match filter.price {
            Some(PriceFilter::Free) if !card.price.is_free() => continue,
            Some(PriceFilter::Paid) if card.price.is_free() => continue,
            _ => {}
        }
        if let Some(needle) = &needle
            && !searchable_text(&card).contains(needle.as_str())
        {
            continue;
        }
        cards.push(card);
    }
    cards.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.title.cmp(&b.title)));
    Ok((cards, facets.finish()))
}

fn searchable_text(card: &EventCard) -> String {
    [
        card.title.as_str(),
        card.summary.as_str(),
        card.organiser.name.as_str(),
        card.theme.as_ref().map_or("", |t| t.label.as_str()),
        card.kind.label_nl(),
        &card.cities.join(" "),
    ]
    .join(" ")
    .to_lowercase()
}

/// Gathers the filter choices: only values that upcoming events actually have,
/// and only months in which a session takes place.
#[derive(Default)]
struct FacetCollector {
    organisers: Vec<OrganiserRef>,
    kinds: BTreeSet<EventKind>,
    themes: BTreeSet<Theme>,
    months: BTreeSet<YearMonth>,
}

impl FacetCollector {
    fn add(&mut self, card: &EventCard, months: &BTreeSet<YearMonth>) {
        if !self.organisers.iter().any(|o| o.slug == card.organiser.slug) {
            self.organisers.push(card.organiser.clone());
        }
        self.kinds.insert(card.kind);
        if let Some(t) = &card.theme {
            self.themes.insert(t.clone());
        }
        self.months.extend(months.iter().copied());
    }

    fn finish(mut self) -> CatalogueFacets {
        self.organisers.sort_by(|a, b| a.name.cmp(&b.name));
        CatalogueFacets {
            organisers: self.organisers,
            kinds: self.kinds.into_iter().collect(),
            themes: self.themes.into_iter().collect(),
            months: self.months.into_iter().collect(),
        }
    }
}

pub async fn organiser_profile(db: &impl ConnectionTrait, slug: &Slug) -> Result<Option<OrganiserProfile>, StoreError> {
    let found = organiser::Entity::find().filter(organiser::Column::Slug.eq(slug.as_str())).one(db).await?;
    found.map(|o| profile(&o)).transpose()
}

pub async fn organisers(db: &impl ConnectionTrait) -> Result<Vec<OrganiserProfile>, StoreError> {
    let all = organiser::Entity::find().order_by_asc(organiser::Column::Name).all(db).await?;
    all.iter().map(profile).collect()
}

/// The public page of one event (published or cancelled; never a draft).
pub async fn event_page(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    organiser_slug: &Slug,
    event_slug: &Slug,
) -> Result<Option<EventPage>, StoreError> {
    let Some(org) =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(organiser_slug.as_str())).one(db).await?
    else {
        return Ok(None);
    };
    let found = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(org.id))
        .filter(event::Column::Slug.eq(event_slug.as_str()))
        .filter(event::Column::Status.ne(EventStatus::Draft))
        .one(db)
        .await?;
    match found {
        Some(e) => page(db, now, e).await.map(Some),
        None => Ok(None),
    }
}

pub async fn event_page_by_id(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    id: i32,
) -> Result<Option<EventPage>, StoreError> {
    let found = event::Entity::find_by_id(id).filter(event::Column::Status.ne(EventStatus::Draft)).one(db).await?;
    match found {
        Some(e) => page(db, now, e).await.map(Some),
        None => Ok(None),
    }
}

async fn page(db: &impl ConnectionTrait, now: DateTime<Utc>, e: event::Model) -> Result<EventPage, StoreError> {
    let loaded = Loaded::fetch(db, std::slice::from_ref(&e)).await?;
    let card = loaded.card(&e, now)?;
    let org = loaded
        .organisers
        .get(&e.organiser_id)
        .ok_or_else(|| StoreError::corrupt("events", e.id, "organiser missing"))?;
    let assignments = event_trainer::Entity::find()
        .filter(event_trainer::Column::EventId.eq(e.id))
        .order_by_asc(event_trainer::Column::Id)
        .all(db)
        .await?;
    let trainer_ids: Vec<i32> = assignments.iter().map(|a| a.trainer_id).collect();
    let trainers: HashMap<i32, trainer::Model> = trainer::Entity::find()
        .filter(trainer::Column::Id.is_in(trainer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let speakers_of = |session_id: i32| -> Vec<String> {
        assignments
            .iter()
            .filter(|a| a.session_id == Some(session_id))
            .filter_map(|a| trainers.get(&a.trainer_id).map(|t| t.full_name.clone()))
            .collect()
    };
    let sessions = loaded
        .sessions_of(e.id)
        .iter()
        .map(|s| SessionView {
            id: s.id,
            title: s.title.clone(),
            description: s.description.clone(),
            track: s.track.clone(),
            starts_at: to_local(s.starts_at),
            ends_at: to_local(s.ends_at),
            venue: s.venue_id.and_then(|v| loaded.venues.get(&v)).map(venue_view),
            online: s.online_url.is_some(),
            speakers: speakers_of(s.id),
        })
        .collect();
    let trainer_views = assignments
        .iter()
        .filter_map(|a| {
            trainers.get(&a.trainer_id).map(|t| TrainerView {
                name: t.full_name.clone(),
                affiliation: t.affiliation.clone(),
                role: a.role.clone(),
                bio: t.bio.clone(),
            })
        })
        .collect();
    let ticket_types = loaded
        .tickets_of(e.id)
        .iter()
        .map(|t| TicketTypeView {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            price: Money::from_cents(t.price_cents),
            eligibility: t.eligibility.clone(),
        })
        .collect();
    let held = held_seats(db, e.id).await?;
    Ok(EventPage {
        held,
        card,
        organiser: profile(org)?,
        description: e.description.clone(),
        language: e.language.clone(),
        capacity: e.capacity.map(non_negative),
        sessions,
        trainers: trainer_views,
        ticket_types,
        cancelled: e.status == EventStatus::Cancelled,
    })
}

/// Everything needed to show a set of events, fetched in four queries
/// whatever the number of events.
struct Loaded {
    organisers: HashMap<i32, organiser::Model>,
    sessions: HashMap<i32, Vec<event_session::Model>>,
    venues: HashMap<i32, venue::Model>,
    tickets: HashMap<i32, Vec<ticket_type::Model>>,
}

impl Loaded {
    async fn fetch(db: &impl ConnectionTrait, events: &[event::Model]) -> Result<Self, StoreError> {
        let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
        let organiser_ids: BTreeSet<i32> = events.iter().map(|e| e.organiser_id).collect();
        let organisers = organiser::Entity::find()
            .filter(organiser::Column::Id.is_in(organiser_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut sessions: HashMap<i32, Vec<event_session::Model>> = HashMap::new();
        for s in event_session::Entity::find()
            .filter(event_session::Column::EventId.is_in(ids.clone()))
            .order_by_asc(event_session::Column::StartsAt)
            .order_by_asc(event_session::Column::Position)
            .all(db)
            .await?
        {
            sessions.entry(s.event_id).or_default().push(s);
        }
        let venue_ids: BTreeSet<i32> = sessions.values().flatten().filter_map(|s| s.venue_id).collect();
        let venues = venue::Entity::find()
            .filter(venue::Column::Id.is_in(venue_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let mut tickets: HashMap<i32, Vec<ticket_type::Model>> = HashMap::new();
        for t in ticket_type::Entity::find()
            .filter(ticket_type::Column::EventId.is_in(ids))
            .filter(ticket_type::Column::Active.eq(true))
            .order_by_asc(ticket_type::Column::Position)
            .order_by_asc(ticket_type::Column::Id)
            .all(db)
            .await?
        {
            tickets.entry(t.event_id).or_default().push(t);
        }
        Ok(Loaded { organisers, sessions, venues, tickets })
    }

    fn sessions_of(&self, event_id: i32) -> &[event_session::Model] {
        self.sessions.get(&event_id).map_or(&[], Vec::as_slice)
    }

    fn tickets_of(&self, event_id: i32) -> &[ticket_type::Model] {
        self.tickets.get(&event_id).map_or(&[], Vec::as_slice)
    }

    fn card(&self, e: &event::Model, now: DateTime<Utc>) -> Result<EventCard, StoreError> {
        let corrupt = |reason: String| StoreError::corrupt("events", e.id, reason);
        let org = self.organisers.get(&e.organiser_id).ok_or_else(|| corrupt("organiser missing".into()))?;
        let sessions = self.sessions_of(e.id);
        let (first, last) = match (sessions.first(), sessions.iter().map(|s| s.ends_at).max()) {
            (Some(f), Some(l)) => (f.starts_at, l),
            _ => return Err(corrupt("a published event has no sessions".into())),
        };
        let mut cities: Vec<String> = Vec::new();
        for city in sessions.iter().filter_map(|s| s.venue_id.and_then(|v| self.venues.get(&v))).map(|v| v.city.clone())
        {
            if !cities.contains(&city) {
                cities.push(city);
            }
        }
        let theme = match (&e.theme, &e.theme_slug) {
            (Some(label), Some(slug)) => {
                Some(Theme { slug: Slug::parse(slug).map_err(|err| corrupt(err.to_string()))?, label: label.clone() })
            }
            _ => None,
        };
        let capacity = e.capacity.map(non_negative);
        Ok(EventCard {
            id: e.id,
            organiser: organiser_ref(org)?,
            slug: Slug::parse(&e.slug).map_err(|err| corrupt(err.to_string()))?,
            kind: EventKind::from_code(&e.kind).map_err(|err| corrupt(err.to_string()))?,
            title: e.title.clone(),
            summary: e.summary.clone(),
            theme,
            audience: Audience::from_code(&e.audience).map_err(|err| corrupt(err.to_string()))?,
            starts_at: to_local(first),
            ends_at: to_local(last),
            session_count: sessions.len() as u32,
            cities,
            price: PriceRange::of(self.tickets_of(e.id).iter().map(|t| Money::from_cents(t.price_cents))),
            seats: SeatsLeft::compute(capacity, non_negative(e.seats_taken)),
            registration: if e.status == EventStatus::Cancelled {
                RegistrationWindow::Closed
            } else {
                RegistrationWindow::at(now, e.registration_opens_at, e.registration_closes_at, Some(first))
            },
        })
    }
}

fn venue_view(v: &venue::Model) -> VenueView {
    VenueView {
        name: v.name.clone(),
        street: v.street.clone(),
        postcode: v.postcode.clone(),
        city: v.city.clone(),
        directions: v.directions.clone(),
        wheelchair_accessible: v.wheelchair_accessible,
    }
}

/// How other records name an organiser.
pub(crate) fn organiser_ref(o: &organiser::Model) -> Result<OrganiserRef, StoreError> {
    Ok(OrganiserRef {
        slug: Slug::parse(&o.slug).map_err(|e| StoreError::corrupt("organisers", o.id, e))?,
        name: o.name.clone(),
        short_name: o.short_name.clone(),
    })
}

fn profile(o: &organiser::Model) -> Result<OrganiserProfile, StoreError> {
    Ok(OrganiserProfile {
        slug: Slug::parse(&o.slug).map_err(|e| StoreError::corrupt("organisers", o.id, e))?,
        name: o.name.clone(),
        short_name: o.short_name.clone(),
        description: o.description.clone(),
        email: o.email.clone(),
        phone: o.phone.clone(),
        website: o.website.clone(),
    })
}

/// Counts are stored as SQL integers guarded by CHECK (>= 0).
fn non_negative(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

/// Seats of the event held without payment or confirmation yet, per reason.
async fn held_seats(db: &impl ConnectionTrait, event_id: i32) -> Result<domain::listing::HeldSeats, StoreError> {
    use crate::entities::registration;
    use sea_orm::PaginatorTrait;
    let count = |status: RegistrationStatus| {
        registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::Status.eq(status))
            .count(db)
    };
    let as_seats = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(domain::listing::HeldSeats {
        paying: as_seats(count(RegistrationStatus::PendingPayment).await?),
        awaiting_confirmation: as_seats(count(RegistrationStatus::Unconfirmed).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    async fn demo_db() -> (sea_orm::DatabaseConnection, DateTime<Utc>) {
        let db = crate::connect("sqlite::memory:", 1).await.unwrap();
        crate::migrate(&db).await.unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        crate::demo::load(&db, today).await.unwrap();
        (db, Utc.from_utc_datetime(&today.and_hms_opt(9, 0, 0).unwrap()))
    }

    #[tokio::test]
    async fn every_offered_filter_value_finds_events() {
        let (db, now) = demo_db().await;
        let (all, facets) = upcoming_events_with_facets(&db, now, &CatalogueFilter::default()).await.unwrap();
        assert!(!facets.months.is_empty() && !facets.themes.is_empty() && !facets.kinds.is_empty());
        for month in &facets.months {
            let filter = CatalogueFilter { month: Some(*month), ..Default::default() };
            assert!(!upcoming_events(&db, now, &filter).await.unwrap().is_empty(), "month {month} offered but empty");
        }
        for theme in &facets.themes {
            let filter = CatalogueFilter { theme: Some(theme.slug.clone()), ..Default::default() };
            let found = upcoming_events(&db, now, &filter).await.unwrap();
            assert!(!found.is_empty() && found.iter().all(|c| c.theme.as_ref() == Some(theme)), "theme {}", theme.slug);
        }
        for kind in &facets.kinds {
            let filter = CatalogueFilter { kind: Some(*kind), ..Default::default() };
            let found = upcoming_events(&db, now, &filter).await.unwrap();
            assert!(!found.is_empty() && found.iter().all(|c| c.kind == *kind));
        }
        // Filters only narrow: every result of a filter is in the unfiltered list.
        let free = upcoming_events(&db, now, &CatalogueFilter { price: Some(PriceFilter::Free), ..Default::default() })
            .await
            .unwrap();
        assert!(free.iter().all(|c| c.price.is_free() && all.contains(c)));
    }

    #[tokio::test]
    async fn an_organiser_scope_narrows_the_facets_too() {
        let (db, now) = demo_db().await;
        let kempen = Slug::parse("biz-kempen").unwrap();
        let filter = CatalogueFilter { organiser: Some(kempen.clone()), ..Default::default() };
        let (events, facets) = upcoming_events_with_facets(&db, now, &filter).await.unwrap();
        assert!(!events.is_empty() && events.iter().all(|c| c.organiser.slug == kempen));
        assert_eq!(facets.organisers.iter().map(|o| &o.slug).collect::<Vec<_>>(), vec![&kempen]);
        let unknown = CatalogueFilter { organiser: Some(Slug::parse("bestaat-niet").unwrap()), ..Default::default() };
        assert!(upcoming_events(&db, now, &unknown).await.unwrap().is_empty());
    }
}
