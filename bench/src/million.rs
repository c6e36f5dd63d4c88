//! The board's report at a million registrations: BIZ Kempen's activities of
//! this year get a million confirmed registrations between them (70% checked
//! in), made by the database itself in a few statements; then the report page
//! is asked for as its staff would, five times. Every registration names its
//! person, as a registration through the form does: one person per place in
//! the activity's list, who registers for each of the activities, so the
//! report counts as many people as one activity has registrations.

use crate::rush::percentile;
use anyhow::{Context, bail};
use chrono::Datelike;
use domain::EventStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, Statement};
use std::time::Instant;
use store::entities::{event, event_session, organisation, organiser, person, ticket_type};

const STAFF: &str = "hanne.laenen@cawdekempen.test";
const ORGANISER: &str = "biz-kempen";
pub const REGISTRATIONS: u64 = 1_000_000;

pub struct Report {
    pub registrations: u64,
    pub check_ins: u64,
    pub fill_seconds: f64,
    pub median_ms: f64,
    pub max_ms: f64,
}

async fn count(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<u64> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_string()))
        .await?
        .context("a count")?;
    Ok(u64::try_from(row.try_get::<i64>("", "n")?)?)
}

pub async fn run(base: &str, database_url: &str) -> anyhow::Result<Report> {
    let db = sea_orm::Database::connect(database_url).await.context("connecting to the database")?;
    let backend = db.get_database_backend();
    let o =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(ORGANISER)).one(&db).await?.context(ORGANISER)?;
    let year = store::time::local_date(chrono::Utc::now()).year();
    // This year's activities with a ticket type, and their first session.
    let mut activities: Vec<(i32, i32, i32)> = Vec::new();
    for e in event::Entity::find()
        .filter(event::Column::OrganiserId.eq(o.id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(&db)
        .await?
    {
        let first = event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(e.id))
            .order_by_asc(event_session::Column::StartsAt)
            .one(&db)
            .await?;
        let tt = ticket_type::Entity::find().filter(ticket_type::Column::EventId.eq(e.id)).one(&db).await?;
        if let (Some(first), Some(tt)) = (first, tt)
            && store::time::local_date(first.starts_at).year() == year
        {
            activities.push((e.id, tt.id, first.id));
        }
    }
    if activities.is_empty() {
        bail!("{ORGANISER} has no activities this year in the demo data");
    }
    let organisations: Vec<i32> = organisation::Entity::find()
        .order_by_asc(organisation::Column::Id)
        .all(&db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let (low, high) = (organisations[0], organisations[organisations.len() - 1]);
    if usize::try_from(high - low + 1)? != organisations.len() {
        bail!("the organisations' ids are not contiguous; the fill below assumes they are");
    }
    let existing = count(&db, "SELECT COUNT(*) AS n FROM registrations").await?;
    let wanted = REGISTRATIONS.saturating_sub(existing);
    let per_activity = wanted.div_ceil(activities.len() as u64);

    let filled = Instant::now();
    let source = match backend {
        DatabaseBackend::Postgres => format!("generate_series(1, {per_activity}) AS n(i)"),
        _ => "n".to_string(),
    };
    let prefix = match backend {
        DatabaseBackend::Postgres => String::new(),
        _ => format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {per_activity}) "),
    };
    let organisations = organisations.len();
    let sql = format!(
        "{prefix}INSERT INTO people (full_name, email, organisation_id, created_at) \
         SELECT 'Bench ' || i, 'bench' || i || '@bench.test', {low} + (i % {organisations}), \
         (SELECT created_at FROM registrations ORDER BY id LIMIT 1) FROM {source}"
    );
    db.execute_raw(Statement::from_string(backend, sql)).await.context("adding people")?;
    // The people just added have the ids after the last one before them, in order.
    let first_person =
        count(&db, "SELECT CAST(MIN(id) AS BIGINT) AS n FROM people WHERE email = 'bench1@bench.test'").await?;
    let last_person = first_person + per_activity - 1;
    let numbered = count(
        &db,
        &format!(
            "SELECT COUNT(*) AS n FROM people WHERE id BETWEEN {first_person} AND {last_person} \
             AND email = 'bench' || (id - {first_person} + 1) || '@bench.test'"
        ),
    )
    .await?;
    if numbered != per_activity {
        bail!("the people added are not numbered in order; the fill below assumes they are");
    }
    for (event_id, ticket_type_id, session_id) in &activities {
        let sql = format!(
            "{prefix}INSERT INTO registrations (event_id, ticket_type_id, person_id, attendee_name, attendee_email, \
             organisation_id, status, price_cents, created_at, updated_at) \
             SELECT {event_id}, {ticket_type_id}, {first_person} + i - 1, 'Bench ' || i, 'bench' || i || '@bench.test', \
             {low} + (i % {organisations}), 'confirmed', 0, \
             (SELECT created_at FROM registrations ORDER BY id LIMIT 1), (SELECT created_at FROM registrations ORDER BY id LIMIT 1) \
             FROM {source}"
        );
        db.execute_raw(Statement::from_string(backend, sql)).await.context("filling registrations")?;
        let sql = format!(
            "INSERT INTO check_ins (registration_id, session_id, checked_in_at, method) \
             SELECT r.id, {session_id}, r.created_at, 'scan' FROM registrations r \
             WHERE r.event_id = {event_id} AND r.attendee_email LIKE 'bench%' AND r.id % 10 < 7"
        );
        db.execute_raw(Statement::from_string(backend, sql)).await.context("filling check-ins")?;
    }
    // Fresh statistics, as a database that grew to this size would have.
    db.execute_unprepared("ANALYZE").await?;
    let fill_seconds = filled.elapsed().as_secs_f64();
    let registrations = count(&db, "SELECT COUNT(*) AS n FROM registrations").await?;
    let check_ins = count(&db, "SELECT COUNT(*) AS n FROM check_ins").await?;

    let staff = person::Entity::find().filter(person::Column::Email.eq(STAFF)).one(&db).await?.context(STAFF)?;
    let cookie =
        format!("leernet_session={}", store::accounts::create_session(&db, staff.id, chrono::Utc::now()).await?);
    let client = reqwest::Client::new();
    let url = format!("{base}/beheer/{ORGANISER}/rapport?jaar={year}");
    let mut timings = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let page = client.get(&url).header("cookie", &cookie).send().await?;
        let status = page.status();
        let body = page.text().await?;
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
        if !status.is_success() || !body.contains("report-figures") {
            bail!("the report answered {status}");
        }
    }
    timings.sort_by(f64::total_cmp);
    Ok(Report { registrations, check_ins, fill_seconds, median_ms: percentile(&timings, 0.5), max_ms: timings[4] })
}
