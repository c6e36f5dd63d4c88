//! Participation counts per activity and organisation, and check-ins per
//! session and organisation, as the reports read them.
//!
//! TEMPORARY (reports helper): this version counts from the raw tables with
//! the API of the shared contract (issue 19); the `counters` helper's version,
//! kept in counter tables, replaces it at merge.

use crate::StoreError;
use domain::RegistrationStatus;
use sea_orm::{ConnectionTrait, Statement};

/// Confirmed registrations of one activity from one organisation (None: none given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityCount {
    pub event_id: i32,
    pub organisation_id: Option<i32>,
    pub registered: u32,
    pub attended: u32,
}

/// Check-ins of confirmed registrations at one session, per organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCount {
    pub session_id: i32,
    pub event_id: i32,
    pub organisation_id: Option<i32>,
    pub checked_in: u32,
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The confirmed registrations of these events (and of `organisation` only, when given).
fn confirmed(event_ids: &[i32], organisation: Option<i32>) -> String {
    // The ids are integers: safe to write into the query; the status is the enum's own text.
    let ids = event_ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let mut filter = format!("r.event_id IN ({ids}) AND r.status = '{}'", RegistrationStatus::Confirmed.as_str());
    if let Some(organisation) = organisation {
        filter.push_str(&format!(" AND r.organisation_id = {organisation}"));
    }
    filter
}

/// The counts of these activities (all organisations, or only `organisation`).
pub async fn activity_counts(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    organisation: Option<i32>,
) -> Result<Vec<ActivityCount>, StoreError> {
    if event_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT r.event_id AS event_id, r.organisation_id AS organisation_id, COUNT(*) AS registered, \
         COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = r.id) THEN 1 ELSE 0 END), 0) AS attended \
         FROM registrations r WHERE {} GROUP BY r.event_id, r.organisation_id",
        confirmed(event_ids, organisation)
    );
    let mut counts = Vec::new();
    for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
        counts.push(ActivityCount {
            event_id: row.try_get("", "event_id")?,
            organisation_id: row.try_get("", "organisation_id")?,
            registered: to_u32(row.try_get("", "registered")?),
            attended: to_u32(row.try_get("", "attended")?),
        });
    }
    Ok(counts)
}

/// The check-ins at the sessions of these activities (all organisations, or only `organisation`).
pub async fn session_counts(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    organisation: Option<i32>,
) -> Result<Vec<SessionCount>, StoreError> {
    if event_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT c.session_id AS session_id, r.event_id AS event_id, r.organisation_id AS organisation_id, COUNT(*) AS n \
         FROM check_ins c JOIN registrations r ON r.id = c.registration_id WHERE {} \
         GROUP BY c.session_id, r.event_id, r.organisation_id",
        confirmed(event_ids, organisation)
    );
    let mut counts = Vec::new();
    for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
        counts.push(SessionCount {
            session_id: row.try_get("", "session_id")?,
            event_id: row.try_get("", "event_id")?,
            organisation_id: row.try_get("", "organisation_id")?,
            checked_in: to_u32(row.try_get("", "n")?),
        });
    }
    Ok(counts)
}
