//! The participation reports (see `domain::reports`) for every scope: one
//! organiser, every organiser (the Flemish overview), one organisation across
//! the organisers it registered with; and one organisation's own report.
//!
//! Seats, attendance and check-ins come per (activity, organisation) and per
//! (session, organisation) from `crate::counters`; hours are check-ins times
//! the session's length, computed here (session times may change). People,
//! who cannot be summed, are counted with direct grouped queries over the
//! period's registrations, read from the report index (`idx_registrations_report`).

use crate::StoreError;
use crate::counters::{self, ActivityCount, SessionCount};
use crate::entities::{event, event_session, municipality, organisation, organiser, partnership, registration};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::kinds::EventKind;
use domain::listing::OrganiserRef;
use domain::reports::{
    ActivityLine, Counts, KindLine, MonthLine, OrganisationLine, OrganisationRef, OrganisationReport,
    ParticipationReport, PartnerLine, Period, PersonLine, RegionLine, Scope, Totals,
};
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How many people the registrations are, each counted once: the distinct
/// persons (every registration names one until it is erased) plus every
/// erased registration, each its own person. Counted apart, because an
/// anonymised year would otherwise put every one of its rows through the
/// distinct count. Read from the report index without touching the rows.
const PEOPLE: &str = "COUNT(DISTINCT r.person_id) + COALESCE(SUM(CASE WHEN r.person_id IS NULL THEN 1 ELSE 0 END), 0)";

fn to_u32(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// A published activity with its first session.
#[derive(Debug, Clone)]
struct Activity {
    id: i32,
    organiser_id: i32,
    title: String,
    kind: EventKind,
    starts_on: NaiveDate,
}

/// The published activities of `organiser` (every organiser's with `None`)
/// that have a session, with the day of their first one (local time).
async fn activities(db: &impl ConnectionTrait, organiser: Option<i32>) -> Result<Vec<Activity>, StoreError> {
    let mut query = event::Entity::find().filter(event::Column::Status.eq(EventStatus::Published));
    if let Some(organiser) = organiser {
        query = query.filter(event::Column::OrganiserId.eq(organiser));
    }
    let events = query.all(db).await?;
    let first: HashMap<i32, DateTime<Utc>> =
        crate::schedule::first_starts(db, events.iter().map(|e| e.id).collect()).await?;
    let mut list = Vec::new();
    for e in events {
        let Some(first) = first.get(&e.id) else { continue };
        list.push(Activity {
            id: e.id,
            organiser_id: e.organiser_id,
            kind: EventKind::from_code(&e.kind).map_err(|err| StoreError::corrupt("events", e.id, err))?,
            title: e.title,
            starts_on: crate::time::local_date(*first),
        });
    }
    Ok(list)
}

/// The years with activities, newest first, with the period's own.
fn years_of(activities: &[Activity], period: Period) -> Vec<i32> {
    let mut years: BTreeSet<i32> = activities.iter().map(|a| a.starts_on.year()).collect();
    years.insert(period.from.year());
    years.insert(period.to.year());
    years.into_iter().rev().collect()
}

/// The organisers by id.
async fn organisers(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, OrganiserRef>, StoreError> {
    let mut refs = HashMap::new();
    for o in organiser::Entity::find().filter(organiser::Column::Id.is_in(ids)).all(db).await? {
        refs.insert(o.id, crate::catalogue::organiser_ref(&o)?);
    }
    Ok(refs)
}

/// Organisations with their place: names, kinds, municipalities and arrondissements.
struct Places {
    organisations: HashMap<i32, organisation::Model>,
    municipalities: HashMap<i32, municipality::Model>,
}

impl Places {
    async fn load(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<Places, StoreError> {
        let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let municipalities = municipality::Entity::find()
            .filter(
                municipality::Column::NisCode
                    .is_in(organisations.values().filter_map(|o| o.municipality_nis).collect::<Vec<_>>()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.nis_code, m))
            .collect();
        Ok(Places { organisations, municipalities })
    }

    fn region(&self, organisation_id: Option<i32>) -> Option<i32> {
        let o = self.organisations.get(&organisation_id?)?;
        self.municipalities.get(&o.municipality_nis?).map(|m| m.arrondissement_nis)
    }

    fn kind(&self, organisation_id: Option<i32>) -> &str {
        organisation_id.and_then(|id| self.organisations.get(&id)).map(|o| o.kind.as_str()).unwrap_or_default()
    }

    fn reference(&self, id: i32) -> Option<OrganisationRef> {
        let o = self.organisations.get(&id)?;
        Some(OrganisationRef {
            id,
            name: o.name.clone(),
            kind: o.kind.clone(),
            municipality: o
                .municipality_nis
                .and_then(|nis| self.municipalities.get(&nis))
                .map(|m| m.name_nl.clone())
                .or_else(|| o.city.clone()),
        })
    }
}

/// The counts of a set of activities per (activity, organisation): seats
/// from the counters, check-ins and minutes from the session counters times
/// each session's length; and the sessions of each activity.
struct Seats {
    lines: BTreeMap<(i32, Option<i32>), Counts>,
    sessions_of: HashMap<i32, u32>,
    /// Sessions with at least one check-in (of the organisation counted).
    sessions_attended: HashSet<i32>,
}

async fn seats(db: &impl ConnectionTrait, ids: &[i32], organisation: Option<i32>) -> Result<Seats, StoreError> {
    let mut result = Seats { lines: BTreeMap::new(), sessions_of: HashMap::new(), sessions_attended: HashSet::new() };
    if ids.is_empty() {
        return Ok(result);
    }
    let mut minutes_of: HashMap<i32, (DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
    for s in event_session::Entity::find().filter(event_session::Column::EventId.is_in(ids.to_vec())).all(db).await? {
        *result.sessions_of.entry(s.event_id).or_default() += 1;
        minutes_of.insert(s.id, (s.starts_at, s.ends_at));
    }
    let (activity, session) = tokio::try_join!(
        counters::activity_counts(db, ids, organisation),
        counters::session_counts(db, ids, organisation),
    )?;
    for ActivityCount { event_id, organisation_id, registered, attended } in activity {
        let line = result.lines.entry((event_id, organisation_id)).or_default();
        line.registered += registered;
        line.attended += attended;
    }
    for SessionCount { session_id, event_id, organisation_id, checked_in } in session {
        if checked_in == 0 {
            continue;
        }
        let line = result.lines.entry((event_id, organisation_id)).or_default();
        line.check_ins += checked_in;
        if let Some((starts, ends)) = minutes_of.get(&session_id) {
            line.minutes += domain::reports::minutes_attended(checked_in, *starts, *ends);
        }
        result.sessions_attended.insert(session_id);
    }
    Ok(result)
}

/// The filter for confirmed registrations of these activities (and one organisation).
fn confirmed(ids: &[i32], organisation: Option<i32>) -> String {
    // The ids are integers from the database: safe to write into the query.
    let list = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let mut filter = format!("r.event_id IN ({list}) AND r.status = '{}'", RegistrationStatus::Confirmed.as_str());
    if let Some(organisation) = organisation {
        filter.push_str(&format!(" AND r.organisation_id = {organisation}"));
    }
    filter
}

/// Distinct people per group (`None`: one total under the key `None`).
/// Grouped by the text `k`, not the column: SQLite would otherwise walk the
/// organisation index for its order and fetch every row, where the report
/// index covers the whole query.
async fn people(
    db: &impl ConnectionTrait,
    ids: &[i32],
    organisation: Option<i32>,
    group: Option<&'static str>,
    joins: &'static str,
) -> Result<HashMap<Option<String>, u32>, StoreError> {
    let mut counted = HashMap::new();
    if ids.is_empty() {
        return Ok(counted);
    }
    let confirmed = confirmed(ids, organisation);
    let sql = match group {
        Some(group) => format!(
            "SELECT CAST({group} AS TEXT) AS k, {PEOPLE} AS n FROM registrations r {joins} \
             WHERE {confirmed} GROUP BY k"
        ),
        None => format!("SELECT NULL AS k, {PEOPLE} AS n FROM registrations r WHERE {confirmed}"),
    };
    for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
        counted.insert(row.try_get("", "k")?, count(row.try_get("", "n")?));
    }
    Ok(counted)
}

fn key(id: Option<i32>) -> Option<String> {
    id.map(|i| i.to_string())
}

/// The totals of some activities' seats (organisations: those with registrations).
fn totals_of(activities: &[&Activity], seats: &Seats, places: Option<&Places>, people: u32) -> Totals {
    let mut totals = Totals::default();
    let mut organisations = HashSet::new();
    for ((_, organisation_id), counts) in &seats.lines {
        totals.counts.add_seats(*counts);
        if counts.registered > 0
            && let Some(id) = organisation_id
        {
            organisations.insert(*id);
        }
    }
    totals.counts.people = people;
    totals.activities = to_u32(activities.len());
    totals.sessions = activities.iter().map(|a| seats.sessions_of.get(&a.id).copied().unwrap_or(0)).sum();
    totals.organisations = to_u32(organisations.len());
    totals.ocmws = places.map_or(0, |p| to_u32(organisations.iter().filter(|id| p.kind(Some(**id)) == "ocmw").count()));
    totals
}

/// The participation report of `scope` over `period`, with the same period a
/// year earlier. An activity belongs to the period of its first session.
pub async fn participation(
    db: &impl ConnectionTrait,
    scope: Scope,
    period: Period,
) -> Result<ParticipationReport, StoreError> {
    let (organiser_id, organisation_id) = match scope {
        Scope::Organiser(id) => (Some(id), None),
        Scope::All => (None, None),
        Scope::Organisation(id) => (None, Some(id)),
    };
    let all = activities(db, organiser_id).await?;
    let years = years_of(&all, period);
    let previous_period = period.previous();
    let in_period = |p: Period| -> Vec<&Activity> { all.iter().filter(|a| p.contains(a.starts_on)).collect() };
    let (now, before) = (in_period(period), in_period(previous_period));
    let now_ids: Vec<i32> = now.iter().map(|a| a.id).collect();
    let before_ids: Vec<i32> = before.iter().map(|a| a.id).collect();

    let (seats_now, seats_before) =
        tokio::try_join!(seats(db, &now_ids, organisation_id), seats(db, &before_ids, organisation_id))?;
    // For one organisation, only the activities it registered for.
    let keep = |list: Vec<&Activity>, s: &Seats| -> Vec<i32> {
        list.into_iter()
            .filter(|a| {
                organisation_id.is_none()
                    || s.lines.range((a.id, None)..=(a.id, Some(i32::MAX))).any(|(_, c)| c.registered > 0)
            })
            .map(|a| a.id)
            .collect()
    };
    let now_kept: HashSet<i32> = keep(now, &seats_now).into_iter().collect();
    let before_kept: HashSet<i32> = keep(before, &seats_before).into_iter().collect();
    let now: Vec<&Activity> = all.iter().filter(|a| now_kept.contains(&a.id)).collect();
    let before: Vec<&Activity> = all.iter().filter(|a| before_kept.contains(&a.id)).collect();
    let now_ids: Vec<i32> = now.iter().map(|a| a.id).collect();
    let before_ids: Vec<i32> = before.iter().map(|a| a.id).collect();

    let region_join = "LEFT JOIN organisations o ON o.id = r.organisation_id \
                       LEFT JOIN municipalities m ON m.nis_code = o.municipality_nis";
    let (people_total, people_before, people_by_organisation, people_by_kind, people_by_region, people_by_activity) = tokio::try_join!(
        people(db, &now_ids, organisation_id, None, ""),
        people(db, &before_ids, organisation_id, None, ""),
        people(db, &now_ids, organisation_id, Some("r.organisation_id"), ""),
        people(db, &now_ids, organisation_id, Some("e.kind"), "JOIN events e ON e.id = r.event_id"),
        people(db, &now_ids, organisation_id, Some("m.arrondissement_nis"), region_join),
        people(db, &now_ids, organisation_id, Some("r.event_id"), ""),
    )?;

    // The partners of the organiser(s), for those that took part in nothing.
    let partnerships = match scope {
        Scope::Organiser(id) => {
            partnership::Entity::find().filter(partnership::Column::OrganiserId.eq(id)).all(db).await?
        }
        Scope::All => partnership::Entity::find().all(db).await?,
        Scope::Organisation(_) => Vec::new(),
    };
    let mut organisation_ids: HashSet<i32> =
        seats_now.lines.keys().chain(seats_before.lines.keys()).filter_map(|k| k.1).collect();
    organisation_ids.extend(partnerships.iter().map(|p| p.organisation_id));
    organisation_ids.extend(organisation_id);
    let places = Places::load(db, organisation_ids.into_iter().collect()).await?;
    let mut organiser_ids: HashSet<i32> = now.iter().map(|a| a.organiser_id).collect();
    organiser_ids.extend(partnerships.iter().map(|p| p.organiser_id));
    organiser_ids.extend(organiser_id);
    let organiser_refs = organisers(db, organiser_ids.into_iter().collect()).await?;

    let totals = totals_of(&now, &seats_now, Some(&places), people_total.values().sum());
    let previous = totals_of(&before, &seats_before, Some(&places), people_before.values().sum());

    let kinds: HashMap<i32, EventKind> = all.iter().map(|a| (a.id, a.kind)).collect();
    let mut per_organisation: BTreeMap<Option<i32>, (HashSet<i32>, Counts)> = BTreeMap::new();
    let mut per_kind: HashMap<EventKind, (HashSet<i32>, Counts)> = HashMap::new();
    let mut per_region: BTreeMap<Option<i32>, (HashSet<i32>, Counts)> = BTreeMap::new();
    let mut per_activity: HashMap<i32, (Vec<(String, String)>, Counts)> = HashMap::new();
    for ((event_id, organisation), counts) in &seats_now.lines {
        if counts.registered == 0 && counts.check_ins == 0 {
            continue;
        }
        let entry = per_organisation.entry(*organisation).or_default();
        entry.0.insert(*event_id);
        entry.1.add_seats(*counts);
        if let Some(kind) = kinds.get(event_id) {
            let entry = per_kind.entry(*kind).or_default();
            entry.0.extend(*organisation);
            entry.1.add_seats(*counts);
        }
        let entry = per_region.entry(places.region(*organisation)).or_default();
        entry.0.extend(*organisation);
        entry.1.add_seats(*counts);
        let entry = per_activity.entry(*event_id).or_default();
        if let Some(o) = organisation.and_then(|id| places.organisations.get(&id)) {
            entry.0.push((o.name.clone(), o.kind.clone()));
        }
        entry.1.add_seats(*counts);
    }

    let mut by_organisation: Vec<OrganisationLine> = per_organisation
        .into_iter()
        .map(|(id, (activities, mut counts))| {
            counts.people = people_by_organisation.get(&key(id)).copied().unwrap_or(0);
            let reference = id.and_then(|id| places.reference(id));
            OrganisationLine {
                organisation_id: id,
                name: reference.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
                kind: reference.as_ref().map(|o| o.kind.clone()).unwrap_or_default(),
                municipality: reference.and_then(|o| o.municipality),
                activities: to_u32(activities.len()),
                counts,
            }
        })
        .collect();
    domain::reports::sort_organisations(&mut by_organisation);

    let mut by_kind = Vec::new();
    for &kind in EventKind::ALL {
        let of_kind: Vec<&&Activity> = now.iter().filter(|a| a.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let (organisations, mut counts) = per_kind.remove(&kind).unwrap_or_default();
        counts.people = people_by_kind.get(&Some(kind.code().to_string())).copied().unwrap_or(0);
        by_kind.push(KindLine {
            kind,
            activities: to_u32(of_kind.len()),
            sessions: of_kind.iter().map(|a| seats_now.sessions_of.get(&a.id).copied().unwrap_or(0)).sum(),
            organisations: to_u32(organisations.len()),
            counts,
        });
    }

    let mut by_region: Vec<RegionLine> = per_region
        .into_iter()
        .map(|(nis, (organisations, mut counts))| {
            counts.people = people_by_region.get(&key(nis)).copied().unwrap_or(0);
            RegionLine {
                region: nis.and_then(domain::reports::arrondissement_name).unwrap_or_default().to_string(),
                organisations: to_u32(organisations.len()),
                counts,
            }
        })
        .collect();
    // The largest first; organisations without a known place last.
    by_region.sort_by(|a, b| {
        a.region.is_empty().cmp(&b.region.is_empty()).then(b.counts.registered.cmp(&a.counts.registered))
    });

    let mut by_activity = Vec::new();
    for a in &now {
        let Some(organiser) = organiser_refs.get(&a.organiser_id) else { continue };
        let (names, mut counts) = per_activity.remove(&a.id).unwrap_or_default();
        counts.people = people_by_activity.get(&key(Some(a.id))).copied().unwrap_or(0);
        by_activity.push(ActivityLine {
            event_id: a.id,
            organiser: organiser.clone(),
            title: a.title.clone(),
            kind: a.kind,
            starts_on: a.starts_on,
            occurrences: 1,
            sessions: seats_now.sessions_of.get(&a.id).copied().unwrap_or(0),
            organisations: domain::reports::ocmws_first(names),
            counts,
        });
    }
    domain::reports::sort_activities(&mut by_activity);

    // Per month: the activities' seats by the month of their first session.
    let month_counts = |list: &[&Activity], seats: &Seats, shift: i32| -> HashMap<(i32, u32), Counts> {
        let month_of: HashMap<i32, (i32, u32)> =
            list.iter().map(|a| (a.id, (a.starts_on.year() + shift, a.starts_on.month()))).collect();
        let mut months: HashMap<(i32, u32), Counts> = HashMap::new();
        for ((event_id, _), counts) in &seats.lines {
            if let Some(month) = month_of.get(event_id) {
                months.entry(*month).or_default().add_seats(*counts);
            }
        }
        months
    };
    let this_months = month_counts(&now, &seats_now, 0);
    let last_months = month_counts(&before, &seats_before, 1);
    let by_month = period
        .months()
        .into_iter()
        .map(|(year, month)| MonthLine {
            year,
            month,
            counts: this_months.get(&(year, month)).copied().unwrap_or_default(),
            previous: last_months.get(&(year, month)).copied().unwrap_or_default(),
        })
        .collect();

    // Partners that registered for nothing in the period.
    let took_part: HashSet<i32> =
        seats_now.lines.iter().filter(|(_, c)| c.registered > 0).filter_map(|(k, _)| k.1).collect();
    let mut silent: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for p in &partnerships {
        if took_part.contains(&p.organisation_id) {
            continue;
        }
        let names = silent.entry(p.organisation_id).or_default();
        if let Some(o) = organiser_refs.get(&p.organiser_id) {
            names.push(o.short_name.clone());
        }
    }
    let mut silent_partners: Vec<PartnerLine> = silent
        .into_iter()
        .filter_map(|(id, mut partner_of)| {
            partner_of.sort();
            Some(PartnerLine { organisation: places.reference(id)?, partner_of })
        })
        .collect();
    domain::reports::sort_partners(&mut silent_partners);

    Ok(ParticipationReport {
        scope,
        organiser: organiser_id.and_then(|id| organiser_refs.get(&id).cloned()),
        organisation: organisation_id.and_then(|id| places.reference(id)),
        period,
        years,
        totals,
        previous,
        by_organisation,
        by_kind,
        by_region,
        by_activity,
        by_month,
        silent_partners,
    })
}

/// Whether `organisation` is known to `organiser`: a partner of it, or ever
/// registered (in any status) for one of its activities. The organiser's
/// report of an organisation it does not know is no page (404).
pub async fn organisation_known_to(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: i32,
) -> Result<bool, StoreError> {
    if partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(organiser_id))
        .filter(partnership::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    let sql = format!(
        "SELECT 1 AS found FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.organisation_id = {organisation_id} AND e.organiser_id = {organiser_id} LIMIT 1"
    );
    Ok(db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await?.is_some())
}

/// One organisation's report over `period` against a year earlier: every
/// organiser's activities (`organiser_id` `None`: the coordinator's view) or
/// one organiser's only. `None` when there is no such organisation.
pub async fn organisation(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    organiser_id: Option<i32>,
    period: Period,
) -> Result<Option<OrganisationReport>, StoreError> {
    let places = Places::load(db, vec![organisation_id]).await?;
    let Some(organisation) = places.reference(organisation_id) else { return Ok(None) };
    let all = activities(db, organiser_id).await?;
    let years = years_of(&all, period);
    let in_period = |p: Period| -> Vec<i32> { all.iter().filter(|a| p.contains(a.starts_on)).map(|a| a.id).collect() };
    let (now_ids, before_ids) = (in_period(period), in_period(period.previous()));
    let (seats_now, seats_before) =
        tokio::try_join!(seats(db, &now_ids, Some(organisation_id)), seats(db, &before_ids, Some(organisation_id)))?;
    let registered_for = |s: &Seats| -> HashSet<i32> {
        s.lines.iter().filter(|(_, c)| c.registered > 0 || c.check_ins > 0).map(|(k, _)| k.0).collect()
    };
    let attended = |s: &Seats| -> u32 {
        to_u32(s.lines.iter().filter(|(_, c)| c.attended > 0).map(|(k, _)| k.0).collect::<HashSet<_>>().len())
    };
    let (now_set, before_set) = (registered_for(&seats_now), registered_for(&seats_before));
    let now_ids: Vec<i32> = now_ids.into_iter().filter(|id| now_set.contains(id)).collect();
    let before_ids: Vec<i32> = before_ids.into_iter().filter(|id| before_set.contains(id)).collect();
    let (people_now, people_before, people_by_kind, people_by_activity) = tokio::try_join!(
        people(db, &now_ids, Some(organisation_id), None, ""),
        people(db, &before_ids, Some(organisation_id), None, ""),
        people(db, &now_ids, Some(organisation_id), Some("e.kind"), "JOIN events e ON e.id = r.event_id"),
        people(db, &now_ids, Some(organisation_id), Some("r.event_id"), ""),
    )?;
    let totals_for = |ids: &[i32], s: &Seats, people: u32| {
        let mut totals = Totals::default();
        for counts in s.lines.values() {
            totals.counts.add_seats(*counts);
        }
        totals.counts.people = people;
        totals.activities = to_u32(ids.len());
        totals.sessions = to_u32(s.sessions_attended.len());
        totals.organisations = u32::from(totals.activities > 0);
        totals.ocmws = u32::from(totals.activities > 0 && organisation.kind == "ocmw");
        totals
    };
    let totals = totals_for(&now_ids, &seats_now, people_now.values().sum());
    let previous = totals_for(&before_ids, &seats_before, people_before.values().sum());

    let organiser_refs =
        organisers(db, all.iter().map(|a| a.organiser_id).collect::<HashSet<_>>().into_iter().collect()).await?;
    let by_id: HashMap<i32, &Activity> = all.iter().map(|a| (a.id, a)).collect();
    let mut lines = Vec::new();
    let mut per_kind: BTreeMap<&str, (EventKind, u32, Counts)> = BTreeMap::new();
    for id in &now_ids {
        let Some(a) = by_id.get(id) else { continue };
        let Some(organiser) = organiser_refs.get(&a.organiser_id) else { continue };
        let mut counts = Counts::default();
        for ((_, _), c) in seats_now.lines.range((*id, None)..=(*id, Some(i32::MAX))) {
            counts.add_seats(*c);
        }
        let kind_entry = per_kind.entry(a.kind.code()).or_insert((a.kind, 0, Counts::default()));
        kind_entry.1 += 1;
        kind_entry.2.add_seats(counts);
        counts.people = people_by_activity.get(&key(Some(*id))).copied().unwrap_or(0);
        lines.push(ActivityLine {
            event_id: a.id,
            organiser: organiser.clone(),
            title: a.title.clone(),
            kind: a.kind,
            starts_on: a.starts_on,
            occurrences: 1,
            sessions: seats_now.sessions_of.get(id).copied().unwrap_or(0),
            organisations: vec![organisation.name.clone()],
            counts,
        });
    }
    let by_kind = EventKind::ALL
        .iter()
        .filter_map(|kind| {
            let (kind, activities, mut counts) = per_kind.remove(kind.code())?;
            counts.people = people_by_kind.get(&Some(kind.code().to_string())).copied().unwrap_or(0);
            let sessions = lines.iter().filter(|l| l.kind == kind).map(|l| l.sessions).sum();
            Some(KindLine { kind, activities, sessions, organisations: 1, counts })
        })
        .collect();
    let (people, erased) = people_of(db, &now_ids, organisation_id, &by_id, &seats_now).await?;
    Ok(Some(OrganisationReport {
        organisation,
        organiser: organiser_id.and_then(|id| organiser_refs.get(&id).cloned()),
        period,
        years,
        totals,
        previous,
        activities_attended: attended(&seats_now),
        previous_activities_attended: attended(&seats_before),
        by_kind,
        by_activity: domain::reports::group_modules(lines),
        people,
        erased,
    }))
}

/// The organisation's people over these activities: by name, what they
/// registered for and attended; erased (anonymised) registrations only counted.
async fn people_of(
    db: &impl ConnectionTrait,
    ids: &[i32],
    organisation_id: i32,
    activities: &HashMap<i32, &Activity>,
    seats: &Seats,
) -> Result<(Vec<PersonLine>, u32), StoreError> {
    if ids.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let registrations = registration::Entity::find()
        .filter(registration::Column::EventId.is_in(ids.to_vec()))
        .filter(registration::Column::OrganisationId.eq(organisation_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .all(db)
        .await?;
    // Check-ins per registration, with the session's length.
    let sql = format!(
        "SELECT c.registration_id AS registration_id, s.starts_at AS starts_at, s.ends_at AS ends_at \
         FROM check_ins c JOIN registrations r ON r.id = c.registration_id \
         JOIN event_sessions s ON s.id = c.session_id WHERE {}",
        confirmed(ids, Some(organisation_id))
    );
    let mut check_ins: HashMap<i32, (u32, u64)> = HashMap::new();
    if !seats.sessions_attended.is_empty() {
        for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
            let id: i32 = row.try_get("", "registration_id")?;
            let starts: DateTime<Utc> = row.try_get("", "starts_at")?;
            let ends: DateTime<Utc> = row.try_get("", "ends_at")?;
            let entry = check_ins.entry(id).or_default();
            entry.0 += 1;
            entry.1 += domain::reports::minutes_attended(1, starts, ends);
        }
    }
    let mut erased = 0;
    let mut people: HashMap<i32, (PersonLine, Vec<(NaiveDate, String)>)> = HashMap::new();
    for r in registrations {
        let Some(person) = r.person_id.filter(|_| r.anonymised_at.is_none()) else {
            erased += 1;
            continue;
        };
        let entry = people.entry(person).or_insert_with(|| {
            (
                PersonLine {
                    name: r.attendee_name.clone(),
                    registered: 0,
                    attended: 0,
                    check_ins: 0,
                    minutes: 0,
                    attended_activities: Vec::new(),
                },
                Vec::new(),
            )
        });
        entry.0.registered += 1;
        if let Some((n, minutes)) = check_ins.get(&r.id) {
            entry.0.attended += 1;
            entry.0.check_ins += n;
            entry.0.minutes += minutes;
            if let Some(a) = activities.get(&r.event_id) {
                entry.1.push((a.starts_on, a.title.clone()));
            }
        }
    }
    let mut lines: Vec<PersonLine> = people
        .into_values()
        .map(|(mut line, mut titles)| {
            titles.sort();
            line.attended_activities = titles.into_iter().map(|(_, t)| t).collect();
            line
        })
        .collect();
    lines.sort_by_key(|l| l.name.to_lowercase());
    Ok((lines, erased))
}
