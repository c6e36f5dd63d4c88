//! The board's participation report (see `domain::reports`). Registered and
//! attended per activity and organisation come from the participation
//! counters (`store::counters`); the distinct people, which cannot be summed,
//! are counted by the database in a handful of grouped queries over the
//! year's registrations.

use crate::StoreError;
use crate::entities::{event, event_session, municipality, organisation};
use chrono::Datelike;
use domain::kinds::EventKind;
use domain::listing::OrganiserRef;
use domain::reports::{Counts, KindLine, OrganisationLine, ParticipationReport, RegionLine};
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How many people the registrations are, each counted once: the distinct
/// persons (every registration names one until it is erased) plus every
/// erased registration, each its own person. Counted apart, because an
/// anonymised year would otherwise put every one of its rows through the
/// distinct count. Read from the report index (`idx_registrations_report`)
/// without touching the rows.
const PEOPLE: &str = "COUNT(DISTINCT r.person_id) + COALESCE(SUM(CASE WHEN r.person_id IS NULL THEN 1 ELSE 0 END), 0)";

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The report of `organiser_id` for `year`; the year's activities are its
/// published events whose first session falls in that year (local time).
pub async fn participation(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: OrganiserRef,
    year: i32,
) -> Result<ParticipationReport, StoreError> {
    let events = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(db)
        .await?;
    let first = crate::schedule::first_starts(db, events.iter().map(|e| e.id).collect()).await?;
    let year_of = |id: i32| first.get(&id).map(|t| crate::time::local_date(*t).year());
    let mut years: Vec<i32> =
        events.iter().filter_map(|e| year_of(e.id)).collect::<BTreeSet<_>>().into_iter().rev().collect();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    let mut kinds: HashMap<i32, EventKind> = HashMap::new();
    for e in events.iter().filter(|e| year_of(e.id) == Some(year)) {
        kinds.insert(e.id, EventKind::from_code(&e.kind).map_err(|err| StoreError::corrupt("events", e.id, err))?);
    }
    let mut report = ParticipationReport {
        organiser,
        year,
        years,
        activities: u32::try_from(kinds.len()).unwrap_or(u32::MAX),
        sessions: 0,
        organisations: 0,
        ocmws: 0,
        totals: Counts::default(),
        by_organisation: Vec::new(),
        by_kind: Vec::new(),
        by_region: Vec::new(),
    };
    if kinds.is_empty() {
        return Ok(report);
    }
    let mut sessions_per_kind: HashMap<EventKind, u32> = HashMap::new();
    for s in event_session::Entity::find()
        .filter(event_session::Column::EventId.is_in(kinds.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
    {
        if let Some(kind) = kinds.get(&s.event_id) {
            *sessions_per_kind.entry(*kind).or_default() += 1;
            report.sessions += 1;
        }
    }
    // The ids come from the database as integers: safe to write into the query.
    let ids = kinds.keys().map(i32::to_string).collect::<Vec<_>>().join(",");
    // The status is the enum's own text (a constant, no input).
    let confirmed = format!("r.event_id IN ({ids}) AND r.status = '{}'", RegistrationStatus::Confirmed.as_str());
    let backend = db.get_database_backend();

    // Distinct people, per grouping (each a query: people cannot be summed).
    // Grouped by the text `k`, not the column: SQLite would otherwise walk the
    // organisation index for its order and fetch every row, where the report
    // index covers the whole query (four times faster at a million).
    let people = |group: Option<&'static str>, joins: &'static str| {
        let sql = match group {
            Some(group) => format!(
                "SELECT CAST({group} AS TEXT) AS k, {PEOPLE} AS n FROM registrations r {joins} \
                 WHERE {confirmed} GROUP BY k"
            ),
            None => format!("SELECT NULL AS k, {PEOPLE} AS n FROM registrations r WHERE {confirmed}"),
        };
        async move {
            let mut counted: HashMap<Option<String>, u32> = HashMap::new();
            for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
                counted.insert(row.try_get("", "k")?, to_u32(row.try_get("", "n")?));
            }
            Ok::<_, StoreError>(counted)
        }
    };
    // Each query reads the whole year once; on a pool they run side by side,
    // each on its own connection (in a transaction, one after the other).
    let (people_total, people_by_organisation, people_by_kind, people_by_region) = tokio::try_join!(
        people(None, ""),
        people(Some("r.organisation_id"), ""),
        people(Some("e.kind"), "JOIN events e ON e.id = r.event_id"),
        people(
            Some("m.arrondissement_nis"),
            "LEFT JOIN organisations o ON o.id = r.organisation_id LEFT JOIN municipalities m ON m.nis_code = o.municipality_nis",
        ),
    )?;

    // Registered, and of those attended, per activity and organisation: from the counters.
    let event_ids: Vec<i32> = kinds.keys().copied().collect();
    let seats: Vec<(i32, Option<i32>, u32, u32)> = crate::counters::activity_counts(db, &event_ids, None)
        .await?
        .into_iter()
        .map(|c| (c.event_id, c.organisation_id, c.registered, c.attended))
        .collect();

    // The organisations and where they are.
    let organisation_ids: HashSet<i32> = seats.iter().filter_map(|s| s.1).collect();
    let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids.iter().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let municipalities: HashMap<i32, municipality::Model> = municipality::Entity::find()
        .filter(
            municipality::Column::NisCode
                .is_in(organisations.values().filter_map(|o| o.municipality_nis).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.nis_code, m))
        .collect();
    let region_of = |organisation_id: Option<i32>| -> Option<i32> {
        let o = organisations.get(&organisation_id?)?;
        municipalities.get(&o.municipality_nis?).map(|m| m.arrondissement_nis)
    };

    // Per organisation.
    let mut per_organisation: BTreeMap<Option<i32>, (HashSet<i32>, Counts)> = BTreeMap::new();
    let mut per_kind: HashMap<EventKind, (HashSet<i32>, Counts)> = HashMap::new();
    let mut per_region: BTreeMap<Option<i32>, (HashSet<i32>, Counts)> = BTreeMap::new();
    for (event_id, organisation_id, registered, attended) in &seats {
        let add = |counts: &mut Counts| {
            counts.registered += registered;
            counts.attended += attended;
        };
        let entry = per_organisation.entry(*organisation_id).or_default();
        entry.0.insert(*event_id);
        add(&mut entry.1);
        if let Some(kind) = kinds.get(event_id) {
            let entry = per_kind.entry(*kind).or_default();
            entry.0.extend(*organisation_id);
            add(&mut entry.1);
        }
        let entry = per_region.entry(region_of(*organisation_id)).or_default();
        entry.0.extend(*organisation_id);
        add(&mut entry.1);
        add(&mut report.totals);
    }
    let key = |id: Option<i32>| id.map(|i| i.to_string());
    report.totals.people = people_total.values().sum();
    report.organisations = u32::try_from(organisation_ids.len()).unwrap_or(u32::MAX);
    report.ocmws = u32::try_from(organisations.values().filter(|o| o.kind == "ocmw").count()).unwrap_or(u32::MAX);
    report.by_organisation = per_organisation
        .into_iter()
        .map(|(id, (activities, mut counts))| {
            counts.people = people_by_organisation.get(&key(id)).copied().unwrap_or(0);
            let o = id.and_then(|id| organisations.get(&id));
            OrganisationLine {
                organisation_id: id,
                name: o.map(|o| o.name.clone()).unwrap_or_default(),
                kind: o.map(|o| o.kind.clone()).unwrap_or_default(),
                municipality: o
                    .and_then(|o| municipalities.get(&o.municipality_nis?))
                    .map(|m| m.name_nl.clone())
                    .or_else(|| o.and_then(|o| o.city.clone())),
                activities: u32::try_from(activities.len()).unwrap_or(u32::MAX),
                counts,
            }
        })
        .collect();
    domain::reports::sort_organisations(&mut report.by_organisation);
    for &kind in EventKind::ALL {
        let activities = u32::try_from(kinds.values().filter(|k| **k == kind).count()).unwrap_or(u32::MAX);
        if activities == 0 {
            continue;
        }
        let (organisations, mut counts) = per_kind.remove(&kind).unwrap_or_default();
        counts.people = people_by_kind.get(&Some(kind.code().to_string())).copied().unwrap_or(0);
        report.by_kind.push(KindLine {
            kind,
            activities,
            sessions: sessions_per_kind.get(&kind).copied().unwrap_or(0),
            organisations: u32::try_from(organisations.len()).unwrap_or(u32::MAX),
            counts,
        });
    }
    let mut regions: Vec<RegionLine> = per_region
        .into_iter()
        .map(|(nis, (organisations, mut counts))| {
            counts.people = people_by_region.get(&key(nis)).copied().unwrap_or(0);
            RegionLine {
                region: nis.and_then(domain::reports::arrondissement_name).unwrap_or_default().to_string(),
                organisations: u32::try_from(organisations.len()).unwrap_or(u32::MAX),
                counts,
            }
        })
        .collect();
    // The largest first; organisations without a known place last.
    regions.sort_by(|a, b| {
        a.region.is_empty().cmp(&b.region.is_empty()).then(b.counts.registered.cmp(&a.counts.registered))
    });
    report.by_region = regions;
    Ok(report)
}
