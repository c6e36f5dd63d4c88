//! Participation counters: how many registered for and came to each
//! activity and session, per organisation, read without counting the rows.
//!
//! What each counter means:
//! - `registered` (per activity and organisation): the activity's
//!   registrations with status confirmed that name that organisation;
//! - `attended` (per activity and organisation): of those, the ones checked
//!   in for at least one session;
//! - `checked_in` (per session and organisation): the check-ins at that
//!   session of confirmed registrations naming that organisation.
//!
//! A registration without organisation is counted under `None`. Waiting,
//! offered, unpaid, unconfirmed and cancelled registrations count nowhere,
//! nor do their check-ins: when a registration leaves 'confirmed' its
//! check-ins stop counting, and they count again when it comes back. Hours
//! are the reader's to compute (`checked_in` × the session's duration):
//! session times can change, so minutes are never stored.
//!
//! The tables (`activity_counters`, `session_counters`) are kept by database
//! triggers in the transaction of every change to `registrations` and
//! `check_ins` (see migration `m20261211_000610_participation_counters`), so
//! no code path can forget them. The `recount_*` functions compute the same
//! from the rows; [`rebuild`] (`leernet-server rebuild-counters`) rewrites the
//! tables from a recount, in one transaction, and says what it changed.

use crate::StoreError;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::collections::BTreeMap;

/// Confirmed registrations of one activity from one organisation (None: none given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActivityCount {
    pub event_id: i32,
    pub organisation_id: Option<i32>,
    pub registered: u32,
    pub attended: u32,
}

/// Check-ins of confirmed registrations at one session, per organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionCount {
    pub session_id: i32,
    pub event_id: i32,
    pub organisation_id: Option<i32>,
    pub checked_in: u32,
}

/// Ids per query: written into the SQL as numbers (they are integers, no
/// input text), in chunks that keep every statement small.
const CHUNK: usize = 1000;

/// `column IN (ids)` for a chunk of ids; `None` for every row.
fn among(column: &str, ids: Option<&[i32]>) -> String {
    match ids {
        Some(ids) => format!("{column} IN ({})", ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")),
        None => "1 = 1".to_string(),
    }
}

/// `AND column = id` when one organisation is asked for.
fn of_organisation(column: &str, organisation: Option<i32>) -> String {
    organisation.map(|id| format!(" AND {column} = {id}")).unwrap_or_default()
}

fn organisation_of(key: i64) -> Option<i32> {
    i32::try_from(key).ok().filter(|k| *k != 0)
}

fn count(table: &'static str, id: i32, n: i64) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| {
        StoreError::corrupt(table, id, format!("count {n}; `leernet-server rebuild-counters` recounts the rows"))
    })
}

/// Runs `query` for every chunk of `event_ids` (once for all when `None`).
async fn per_chunk<T>(
    db: &impl ConnectionTrait,
    event_ids: Option<&[i32]>,
    query: impl Fn(String) -> String,
    row: impl Fn(&sea_orm::QueryResult) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let backend: DbBackend = db.get_database_backend();
    let chunks: Vec<Option<&[i32]>> = match event_ids {
        Some([]) => Vec::new(),
        Some(ids) => ids.chunks(CHUNK).map(Some).collect(),
        None => vec![None],
    };
    let mut out = Vec::new();
    for chunk in chunks {
        for r in db.query_all_raw(Statement::from_string(backend, query(among("{EVENT}", chunk)))).await? {
            out.push(row(&r)?);
        }
    }
    Ok(out)
}

fn activity_row(table: &'static str) -> impl Fn(&sea_orm::QueryResult) -> Result<ActivityCount, StoreError> {
    move |r| {
        let event_id: i32 = r.try_get("", "event_id")?;
        Ok(ActivityCount {
            event_id,
            organisation_id: organisation_of(r.try_get("", "organisation_key")?),
            registered: count(table, event_id, r.try_get("", "registered")?)?,
            attended: count(table, event_id, r.try_get("", "attended")?)?,
        })
    }
}

fn session_row(table: &'static str) -> impl Fn(&sea_orm::QueryResult) -> Result<SessionCount, StoreError> {
    move |r| {
        let session_id: i32 = r.try_get("", "session_id")?;
        Ok(SessionCount {
            session_id,
            event_id: r.try_get("", "event_id")?,
            organisation_id: organisation_of(r.try_get("", "organisation_key")?),
            checked_in: count(table, session_id, r.try_get("", "checked_in")?)?,
        })
    }
}

fn tidy<T: Ord>(mut rows: Vec<T>, nonzero: impl Fn(&T) -> bool) -> Vec<T> {
    rows.retain(nonzero);
    rows.sort_unstable();
    rows
}

async fn stored_activities(
    db: &impl ConnectionTrait,
    event_ids: Option<&[i32]>,
    organisation: Option<i32>,
) -> Result<Vec<ActivityCount>, StoreError> {
    let rows = per_chunk(
        db,
        event_ids,
        |events| {
            format!(
                "SELECT event_id, CAST(organisation_key AS BIGINT) AS organisation_key, \
                 CAST(registered AS BIGINT) AS registered, CAST(attended AS BIGINT) AS attended \
                 FROM activity_counters WHERE {}{}",
                events.replace("{EVENT}", "event_id"),
                of_organisation("organisation_key", organisation)
            )
        },
        activity_row("activity_counters"),
    )
    .await?;
    Ok(tidy(rows, |c| c.registered > 0 || c.attended > 0))
}

async fn stored_sessions(
    db: &impl ConnectionTrait,
    event_ids: Option<&[i32]>,
    organisation: Option<i32>,
) -> Result<Vec<SessionCount>, StoreError> {
    let rows = per_chunk(
        db,
        event_ids,
        |events| {
            format!(
                "SELECT c.session_id AS session_id, s.event_id AS event_id, \
                 CAST(c.organisation_key AS BIGINT) AS organisation_key, CAST(c.checked_in AS BIGINT) AS checked_in \
                 FROM session_counters c JOIN event_sessions s ON s.id = c.session_id WHERE {}{}",
                events.replace("{EVENT}", "s.event_id"),
                of_organisation("c.organisation_key", organisation)
            )
        },
        session_row("session_counters"),
    )
    .await?;
    Ok(tidy(rows, |c| c.checked_in > 0))
}

async fn counted_activities(
    db: &impl ConnectionTrait,
    event_ids: Option<&[i32]>,
    organisation: Option<i32>,
) -> Result<Vec<ActivityCount>, StoreError> {
    let rows = per_chunk(
        db,
        event_ids,
        |events| {
            format!(
                "SELECT r.event_id AS event_id, CAST(COALESCE(r.organisation_id, 0) AS BIGINT) AS organisation_key, \
                 CAST(COUNT(*) AS BIGINT) AS registered, \
                 CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = r.id) \
                   THEN 1 ELSE 0 END) AS BIGINT) AS attended \
                 FROM registrations r WHERE r.status = 'confirmed' AND {}{} \
                 GROUP BY r.event_id, COALESCE(r.organisation_id, 0)",
                events.replace("{EVENT}", "r.event_id"),
                of_organisation("r.organisation_id", organisation)
            )
        },
        activity_row("registrations"),
    )
    .await?;
    Ok(tidy(rows, |c| c.registered > 0 || c.attended > 0))
}

async fn counted_sessions(
    db: &impl ConnectionTrait,
    event_ids: Option<&[i32]>,
    organisation: Option<i32>,
) -> Result<Vec<SessionCount>, StoreError> {
    let rows = per_chunk(
        db,
        event_ids,
        |events| {
            format!(
                "SELECT c.session_id AS session_id, s.event_id AS event_id, \
                 CAST(COALESCE(r.organisation_id, 0) AS BIGINT) AS organisation_key, \
                 CAST(COUNT(*) AS BIGINT) AS checked_in \
                 FROM check_ins c JOIN registrations r ON r.id = c.registration_id \
                 JOIN event_sessions s ON s.id = c.session_id \
                 WHERE r.status = 'confirmed' AND {}{} \
                 GROUP BY c.session_id, s.event_id, COALESCE(r.organisation_id, 0)",
                events.replace("{EVENT}", "s.event_id"),
                of_organisation("r.organisation_id", organisation)
            )
        },
        session_row("check_ins"),
    )
    .await?;
    Ok(tidy(rows, |c| c.checked_in > 0))
}

/// The counts of these activities (all organisations, or only `organisation`),
/// from the counters; sorted by activity, then organisation (`None` first).
/// Rows with all zeros are left out.
pub async fn activity_counts(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    organisation: Option<i32>,
) -> Result<Vec<ActivityCount>, StoreError> {
    stored_activities(db, Some(event_ids), organisation).await
}

/// The check-ins at the sessions of these activities (all organisations, or
/// only `organisation`), from the counters; sorted by session, then
/// organisation. Rows with zero are left out.
pub async fn session_counts(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    organisation: Option<i32>,
) -> Result<Vec<SessionCount>, StoreError> {
    stored_sessions(db, Some(event_ids), organisation).await
}

/// [`activity_counts`] counted from the registrations and check-ins themselves.
pub async fn recount_activity_counts(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    organisation: Option<i32>,
) -> Result<Vec<ActivityCount>, StoreError> {
    counted_activities(db, Some(event_ids), organisation).await
}

/// [`session_counts`] counted from the registrations and check-ins themselves.
pub async fn recount_session_counts(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
    organisation: Option<i32>,
) -> Result<Vec<SessionCount>, StoreError> {
    counted_sessions(db, Some(event_ids), organisation).await
}

/// One activity's counter as it was and as the recount says (zeros when absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityChange {
    pub event_id: i32,
    pub organisation_id: Option<i32>,
    /// (registered, attended) before and after; a tampered counter may have been negative.
    pub before: (i64, i64),
    pub after: (i64, i64),
}

/// One session's counter as it was and as the recount says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionChange {
    pub session_id: i32,
    pub event_id: i32,
    pub organisation_id: Option<i32>,
    pub before: i64,
    pub after: i64,
}

/// What [`rebuild`] did: how many counters it wrote, and the ones that changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub activity_counters: usize,
    pub session_counters: usize,
    pub activity_changes: Vec<ActivityChange>,
    pub session_changes: Vec<SessionChange>,
}

/// Every stored counter as it is (negative ones too), by key.
async fn stored_raw(
    db: &impl ConnectionTrait,
) -> Result<(BTreeMap<(i32, Option<i32>), (i64, i64)>, BTreeMap<(i32, i32, Option<i32>), i64>), StoreError> {
    let backend = db.get_database_backend();
    let mut activities = BTreeMap::new();
    for r in db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT event_id, CAST(organisation_key AS BIGINT) AS organisation_key, \
             CAST(registered AS BIGINT) AS registered, CAST(attended AS BIGINT) AS attended FROM activity_counters",
        ))
        .await?
    {
        let key = (r.try_get("", "event_id")?, organisation_of(r.try_get("", "organisation_key")?));
        activities.insert(key, (r.try_get("", "registered")?, r.try_get("", "attended")?));
    }
    let mut sessions = BTreeMap::new();
    for r in db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT c.session_id AS session_id, s.event_id AS event_id, \
             CAST(c.organisation_key AS BIGINT) AS organisation_key, CAST(c.checked_in AS BIGINT) AS checked_in \
             FROM session_counters c JOIN event_sessions s ON s.id = c.session_id",
        ))
        .await?
    {
        let key = (
            r.try_get("", "session_id")?,
            r.try_get("", "event_id")?,
            organisation_of(r.try_get("", "organisation_key")?),
        );
        sessions.insert(key, r.try_get("", "checked_in")?);
    }
    Ok((activities, sessions))
}

/// The keys whose value differs between `before` and `after` (absent is the default, zero).
fn differences<K: Ord + Copy, V: PartialEq + Default + Copy>(
    before: BTreeMap<K, V>,
    after: impl IntoIterator<Item = (K, V)>,
) -> Vec<(K, V, V)> {
    let mut all: BTreeMap<K, (V, V)> = before.into_iter().map(|(k, v)| (k, (v, V::default()))).collect();
    for (k, v) in after {
        all.entry(k).or_default().1 = v;
    }
    all.into_iter().filter(|(_, (b, a))| b != a).map(|(k, (b, a))| (k, b, a)).collect()
}

/// Rewrites every counter from a recount of the rows, in one transaction
/// that writers wait for (SQLite's write turn; on PostgreSQL a SHARE lock on
/// `registrations` and `check_ins`, which readers pass); returns what changed.
pub async fn rebuild(db: &DatabaseConnection) -> Result<Rebuilt, StoreError> {
    let txn = crate::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE registrations, check_ins IN SHARE MODE").await?;
    }
    let (activities_before, sessions_before) = stored_raw(&txn).await?;
    let activities = counted_activities(&txn, None, None).await?;
    let sessions = counted_sessions(&txn, None, None).await?;
    txn.execute_unprepared("DELETE FROM activity_counters").await?;
    txn.execute_unprepared("DELETE FROM session_counters").await?;
    let key = |o: Option<i32>| o.unwrap_or(0);
    for chunk in activities.chunks(CHUNK) {
        let values: Vec<String> = chunk
            .iter()
            .map(|c| format!("({}, {}, {}, {})", c.event_id, key(c.organisation_id), c.registered, c.attended))
            .collect();
        txn.execute_unprepared(&format!(
            "INSERT INTO activity_counters (event_id, organisation_key, registered, attended) VALUES {}",
            values.join(",")
        ))
        .await?;
    }
    for chunk in sessions.chunks(CHUNK) {
        let values: Vec<String> =
            chunk.iter().map(|c| format!("({}, {}, {})", c.session_id, key(c.organisation_id), c.checked_in)).collect();
        txn.execute_unprepared(&format!(
            "INSERT INTO session_counters (session_id, organisation_key, checked_in) VALUES {}",
            values.join(",")
        ))
        .await?;
    }
    txn.commit().await?;
    let activity_changes = differences(
        activities_before,
        activities.iter().map(|c| ((c.event_id, c.organisation_id), (i64::from(c.registered), i64::from(c.attended)))),
    )
    .into_iter()
    .map(|((event_id, organisation_id), before, after)| ActivityChange { event_id, organisation_id, before, after })
    .collect();
    let session_changes = differences(
        sessions_before,
        sessions.iter().map(|c| ((c.session_id, c.event_id, c.organisation_id), i64::from(c.checked_in))),
    )
    .into_iter()
    .map(|((session_id, event_id, organisation_id), before, after)| SessionChange {
        session_id,
        event_id,
        organisation_id,
        before,
        after,
    })
    .collect();
    Ok(Rebuilt {
        activity_counters: activities.len(),
        session_counters: sessions.len(),
        activity_changes,
        session_changes,
    })
}
