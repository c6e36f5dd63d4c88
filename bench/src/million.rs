//! The report pages at the size of Flanders (issue 19): 11 organisers, 300
//! organisations, and a million confirmed registrations (70 % checked in)
//! over the activities of ten years (this year and the nine before) of the
//! 11 organisers; then every report page in [`PAGES`] is asked for as its
//! users would (signed-in staff, by session cookie), five times: median and
//! max.
//!
//! The fill is the database's own work, in a few statements per organiser
//! and year: the organisers and organisations the demo lacks, then per
//! organiser and year [`ACTIVITIES_PER_YEAR`] activities of one session and
//! one ticket type, then their registrations, each naming its person (a pool
//! of [`PEOPLE`] people, each at most once per activity), then the check-ins.
//! The participation counters are kept by the database's triggers as the
//! rows go in; a rebuild afterwards (`store::counters::rebuild`) must find
//! nothing to change, or the run fails.

use crate::rush::percentile;
use anyhow::{Context, bail};
use chrono::{Datelike, TimeZone};
use domain::EventStatus;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement,
};
use std::time::Instant;
use store::entities::{
    event, event_session, municipality, organisation, organiser, partnership, person, registration, ticket_type,
};

const STAFF: &str = "hanne.laenen@cawdekempen.test";
const ORGANISER: &str = "biz-kempen";
pub const REGISTRATIONS: u64 = 1_000_000;
const ORGANISERS: usize = 11;
const ORGANISATIONS: usize = 300;
const YEARS: i32 = 10;
const ACTIVITIES_PER_YEAR: usize = 20;
const PEOPLE: u64 = 30_000;
/// The pages to time, as (name, path): `{organiser}` (BIZ Kempen's address),
/// `{year}` (this year), `{organisation}` (an organisation that registered
/// for one of Kempen's activities this year) and `{event}` (one of those
/// activities) are filled in. Asked for by BIZ Kempen's admin, who is made a
/// platform admin too. A page that answers 404 is reported as not there yet.
pub const PAGES: &[(&str, &str)] = &[
    ("organiser's report", "/beheer/{organiser}/rapport?jaar={year}"),
    ("organisation's report", "/beheer/{organiser}/rapport/organisaties/{organisation}"),
    ("activity dossier", "/beheer/{organiser}/activiteiten/{event}/dossier"),
    ("platform overview", "/overzicht"),
];

/// One page's timing: `None` when it is not there yet (404).
pub struct PageTiming {
    pub name: &'static str,
    pub path: String,
    /// (median, max) in ms of five requests.
    pub timing: Option<(f64, f64)>,
}

pub struct Report {
    pub registrations: u64,
    pub check_ins: u64,
    pub fill_seconds: f64,
    pub rebuild_seconds: f64,
    pub pages: Vec<PageTiming>,
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<u64> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_string()))
        .await?
        .context("a count")?;
    Ok(u64::try_from(row.try_get::<i64>("", "n")?)?)
}

async fn run_sql(db: &impl ConnectionTrait, sql: String, what: &str) -> anyhow::Result<()> {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.with_context(|| what.to_string())?;
    Ok(())
}

/// The organisers up to [`ORGANISERS`], made like the first one.
async fn organisers(db: &impl ConnectionTrait) -> anyhow::Result<Vec<i32>> {
    let existing = organiser::Entity::find().order_by_asc(organiser::Column::Id).all(db).await?;
    let model = existing.first().context("the demo has organisers")?.clone();
    let mut ids: Vec<i32> = existing.iter().map(|o| o.id).collect();
    for n in existing.len()..ORGANISERS {
        let mut o: organiser::ActiveModel = model.clone().into();
        o.id = NotSet;
        o.slug = Set(format!("bench-biz-{n}"));
        o.name = Set(format!("BIZ Bench {n}"));
        o.short_name = Set(format!("Bench {n}"));
        o.email = Set(format!("biz{n}@bench.test"));
        o.enterprise_number = Set(None);
        o.iban = Set(None);
        ids.push(organiser::Entity::insert(o).exec(db).await?.last_insert_id);
    }
    ids.truncate(ORGANISERS);
    Ok(ids)
}

/// The organisations up to [`ORGANISATIONS`] (OCMWs of real municipalities),
/// each a partner of one organiser; their ids, in order.
async fn organisations(db: &impl ConnectionTrait, organisers: &[i32]) -> anyhow::Result<Vec<i32>> {
    let existing = usize::try_from(organisation::Entity::find().count(db).await?)?;
    let municipalities = municipality::Entity::find().order_by_asc(municipality::Column::NisCode).all(db).await?;
    let now = chrono::Utc::now();
    let mut added = Vec::new();
    for n in existing..ORGANISATIONS {
        let m = municipalities.get(n % municipalities.len().max(1));
        let o = organisation::ActiveModel {
            kind: Set(if n % 4 == 3 { "caw".to_string() } else { "ocmw".to_string() }),
            name: Set(format!("Bench {n} {}", m.map_or("", |m| m.name_nl.as_str()))),
            municipality_nis: Set(m.map(|m| m.nis_code)),
            created_at: Set(now),
            ..Default::default()
        };
        added.push(organisation::Entity::insert(o).exec(db).await?.last_insert_id);
    }
    for (i, id) in added.iter().enumerate() {
        partnership::Entity::insert(partnership::ActiveModel {
            organiser_id: Set(organisers[i % organisers.len()]),
            organisation_id: Set(*id),
            since: Set(None),
            ..Default::default()
        })
        .exec(db)
        .await?;
    }
    Ok(organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect())
}

/// [`ACTIVITIES_PER_YEAR`] published activities of `organiser_id` in `year`,
/// each with one session and one free ticket type.
async fn activities(db: &impl ConnectionTrait, organiser_id: i32, year: i32) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let kinds = domain::kinds::EventKind::ALL;
    let events: Vec<event::ActiveModel> = (0..ACTIVITIES_PER_YEAR)
        .map(|n| event::ActiveModel {
            organiser_id: Set(organiser_id),
            slug: Set(format!("bench-{year}-{n}")),
            kind: Set(kinds[n % kinds.len()].code().to_string()),
            status: Set(EventStatus::Published),
            title: Set(format!("Bench {year} {n}")),
            summary: Set("Bench".into()),
            description: Set("Bench.".into()),
            audience: Set("public".into()),
            language: Set("nl".into()),
            seats_taken: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    event::Entity::insert_many(events).exec(db).await?;
    let made = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .filter(event::Column::Slug.starts_with(format!("bench-{year}-")))
        .all(db)
        .await?;
    let mut sessions = Vec::new();
    let mut tickets = Vec::new();
    for (i, e) in made.iter().enumerate() {
        let month = u32::try_from(i % 12).unwrap_or(0) + 1;
        let starts = chrono::Utc.with_ymd_and_hms(year, month, 10, 8, 0, 0).single().context("a session's start")?;
        sessions.push(event_session::ActiveModel {
            event_id: Set(e.id),
            position: Set(0),
            title: Set("Dag 1".into()),
            starts_at: Set(starts),
            ends_at: Set(starts + chrono::Duration::hours(3)),
            ..Default::default()
        });
        tickets.push(ticket_type::ActiveModel {
            event_id: Set(e.id),
            name: Set("Deelname".into()),
            price_cents: Set(0),
            eligibility: Set("everyone".into()),
            position: Set(0),
            active: Set(true),
            ..Default::default()
        });
    }
    event_session::Entity::insert_many(sessions).exec(db).await?;
    ticket_type::Entity::insert_many(tickets).exec(db).await?;
    Ok(())
}

pub async fn run(base: &str, database_url: &str) -> anyhow::Result<Report> {
    let db = sea_orm::Database::connect(database_url).await.context("connecting to the database")?;
    let backend = db.get_database_backend();
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(ORGANISER)).one(&db).await?.context(ORGANISER)?;
    let year = store::time::local_date(chrono::Utc::now()).year();

    let filled = Instant::now();
    let organisers = organisers(&db).await?;
    if !organisers.contains(&kempen.id) {
        bail!("{ORGANISER} is not among the first {ORGANISERS} organisers");
    }
    let organisations = organisations(&db, &organisers).await?;
    let (low, high) = (organisations[0], organisations[organisations.len() - 1]);
    if usize::try_from(high - low + 1)? != organisations.len() {
        bail!("the organisations' ids are not contiguous; the fill below assumes they are");
    }
    let organisations = organisations.len();
    for organiser_id in &organisers {
        for y in (year - YEARS + 1)..=year {
            activities(&db, *organiser_id, y).await?;
        }
    }
    let existing = count(&db, "SELECT COUNT(*) AS n FROM registrations").await?;
    let activities_made = (organisers.len() * ACTIVITIES_PER_YEAR) as u64 * u64::try_from(YEARS)?;
    let per_activity = REGISTRATIONS.saturating_sub(existing).div_ceil(activities_made);
    if per_activity > PEOPLE {
        bail!("{per_activity} registrations per activity need more than {PEOPLE} people");
    }

    let numbers = |to: u64| match backend {
        DatabaseBackend::Postgres => (String::new(), format!("generate_series(1, {to}) AS n(i)")),
        _ => (format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {to}) "), "n".into()),
    };
    let (prefix, source) = numbers(PEOPLE);
    run_sql(
        &db,
        format!(
            "{prefix}INSERT INTO people (full_name, email, organisation_id, created_at) \
             SELECT 'Bench ' || i, 'bench' || i || '@bench.test', {low} + (i % {organisations}), \
             (SELECT created_at FROM registrations ORDER BY id LIMIT 1) FROM {source}"
        ),
        "adding people",
    )
    .await?;
    // The people just added have the ids after the last one before them, in order.
    let first_person =
        count(&db, "SELECT CAST(MIN(id) AS BIGINT) AS n FROM people WHERE email = 'bench1@bench.test'").await?;
    let numbered = count(
        &db,
        &format!(
            "SELECT COUNT(*) AS n FROM people WHERE id BETWEEN {first_person} AND {} \
             AND email = 'bench' || (id - {first_person} + 1) || '@bench.test'",
            first_person + PEOPLE - 1
        ),
    )
    .await?;
    if numbered != PEOPLE {
        bail!("the people added are not numbered in order; the fill below assumes they are");
    }
    let (prefix, source) = numbers(per_activity);
    // Person `p` (0-based) of the pool, for place i of activity e: a different one per place.
    let p = format!("((e.id * 131 + n.i) % {PEOPLE})");
    for organiser_id in &organisers {
        for y in (year - YEARS + 1)..=year {
            let bench = format!("e.organiser_id = {organiser_id} AND e.slug LIKE 'bench-{y}-%'");
            run_sql(
                &db,
                format!(
                    "{prefix}INSERT INTO registrations (event_id, ticket_type_id, person_id, attendee_name, \
                     attendee_email, organisation_id, status, price_cents, created_at, updated_at) \
                     SELECT e.id, t.id, {first_person} + {p}, 'Bench ' || ({p} + 1), 'bench' || ({p} + 1) || '@bench.test', \
                     {low} + ((e.id * 7 + n.i) % {organisations}), 'confirmed', 0, e.created_at, e.created_at \
                     FROM events e JOIN ticket_types t ON t.event_id = e.id CROSS JOIN {source} WHERE {bench}"
                ),
                "filling registrations",
            )
            .await?;
            run_sql(
                &db,
                format!(
                    "INSERT INTO check_ins (registration_id, session_id, checked_in_at, method) \
                     SELECT r.id, s.id, s.starts_at, 'scan' FROM registrations r JOIN events e ON e.id = r.event_id \
                     JOIN event_sessions s ON s.event_id = e.id WHERE {bench} AND r.id % 10 < 7"
                ),
                "filling check-ins",
            )
            .await?;
        }
    }
    // Fresh statistics, as a database that grew to this size would have.
    db.execute_unprepared("ANALYZE").await?;
    let fill_seconds = filled.elapsed().as_secs_f64();
    let registrations = count(&db, "SELECT COUNT(*) AS n FROM registrations").await?;
    let check_ins = count(&db, "SELECT COUNT(*) AS n FROM check_ins").await?;

    // The triggers kept the counters: a rebuild finds nothing to change.
    let rebuilt_at = Instant::now();
    let rebuilt = store::counters::rebuild(&db).await.context("rebuilding the counters")?;
    let rebuild_seconds = rebuilt_at.elapsed().as_secs_f64();
    if !rebuilt.activity_changes.is_empty() || !rebuilt.session_changes.is_empty() {
        bail!(
            "the counters were wrong after the fill: {} activity and {} session counters changed by the rebuild (first: {:?})",
            rebuilt.activity_changes.len(),
            rebuilt.session_changes.len(),
            rebuilt.activity_changes.first()
        );
    }

    // What the pages show: one of Kempen's activities this year and an organisation that came.
    let sample = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(kempen.id))
        .filter(event::Column::Slug.eq(format!("bench-{year}-0")))
        .one(&db)
        .await?
        .context("a bench activity of this year")?;
    let organisation_id = registration::Entity::find()
        .filter(registration::Column::EventId.eq(sample.id))
        .one(&db)
        .await?
        .and_then(|r| r.organisation_id)
        .context("a registration with an organisation")?;
    let staff = person::Entity::find().filter(person::Column::Email.eq(STAFF)).one(&db).await?.context(STAFF)?;
    let email = domain::Email::parse(STAFF).map_err(|e| anyhow::anyhow!("{STAFF}: {e}"))?;
    store::people::make_platform_admin(&db, &email, chrono::Utc::now()).await?;
    let cookie =
        format!("leernet_session={}", store::accounts::create_session(&db, staff.id, chrono::Utc::now()).await?);
    let client = reqwest::Client::new();
    let mut pages = Vec::new();
    for (name, template) in PAGES {
        let path = template
            .replace("{organiser}", ORGANISER)
            .replace("{year}", &year.to_string())
            .replace("{organisation}", &organisation_id.to_string())
            .replace("{event}", &sample.id.to_string());
        let mut timings = Vec::new();
        let mut missing = false;
        for _ in 0..5 {
            let started = Instant::now();
            let page = client.get(format!("{base}{path}")).header("cookie", &cookie).send().await?;
            let status = page.status();
            let _ = page.bytes().await?;
            timings.push(started.elapsed().as_secs_f64() * 1000.0);
            if status == reqwest::StatusCode::NOT_FOUND {
                missing = true;
                break;
            }
            if !status.is_success() {
                bail!("{name} ({path}) answered {status}");
            }
        }
        timings.sort_by(f64::total_cmp);
        let timing = (!missing).then(|| (percentile(&timings, 0.5), timings[timings.len() - 1]));
        pages.push(PageTiming { name, path, timing });
    }
    Ok(Report { registrations, check_ins, fill_seconds, rebuild_seconds, pages })
}
