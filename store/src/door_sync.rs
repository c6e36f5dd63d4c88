//! Doors that sync: a scan sent by a door (online at once, or later from its
//! offline queue) counts once by its scan id, the earliest scan of a ticket
//! is its check-in time, and two doors scanning one ticket make one
//! check-in. Also what a door downloads: the sessions with their counts, a
//! session's admission list (ticket hashes, never codes) and who is present.
//!
//! Every function takes the organiser's id, checked by the edge; another
//! organiser's event or session is as good as unknown (`None`).

use crate::StoreError;
use crate::checkin::{Identified, ScanContext};
use crate::entities::{check_in, door_scan, event, registration, ticket, ticket_type};
use crate::time::to_local;
use chrono::{DateTime, NaiveDate, Utc};
use domain::RegistrationStatus;
use domain::checkin::{CheckInOutcome, TicketCode};
use domain::door_sync::{Admission, Present, ScanId, ScanTimeRefusal, SessionCount, scan_time, ticket_hash};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// A scan as a door sends it.
#[derive(Debug, Clone)]
pub struct Scan {
    pub event_id: i32,
    pub session_id: i32,
    pub code: TicketCode,
    pub scan_id: ScanId,
    /// When the door scanned; `None` for now.
    pub scanned_at: Option<DateTime<Utc>>,
    pub by_person: Option<i32>,
    /// The door decided without network (against its admission list).
    pub offline: bool,
    /// The door's name, as the door gives it ("Ingang zaal 2").
    pub door: Option<String>,
}

/// What a scan came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redeemed {
    pub outcome: CheckInOutcome,
    /// The time the scan counts at.
    pub scanned_at: DateTime<Utc>,
    /// This scan id was sent before: the answer it got then, nothing new recorded.
    pub replayed: bool,
}

/// Why a scan is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedeemRefusal {
    /// The event or session is not the organiser's.
    NoSuchSession,
    /// The scan id was used before for another ticket or session.
    ScanIdReused,
    ScanTime(ScanTimeRefusal),
    /// Another request with this scan id is still being decided (the door
    /// retries later and gets that request's answer).
    StillDeciding,
}

/// The local (Belgian) date of a time.
fn local_day(t: DateTime<Utc>) -> NaiveDate {
    to_local(t).date_naive()
}

/// The answer a scan id got before; `Err(ScanIdReused)` when it was for
/// another ticket or session (or another organiser).
fn earlier_answer(
    stored: door_scan::Model,
    organiser_id: i32,
    session_id: i32,
    hash: &str,
) -> Result<Result<Redeemed, RedeemRefusal>, StoreError> {
    if stored.organiser_id != organiser_id || stored.session_id != session_id || stored.ticket_hash != hash {
        return Ok(Err(RedeemRefusal::ScanIdReused));
    }
    let outcome: CheckInOutcome =
        serde_json::from_str(&stored.answer).map_err(|e| StoreError::corrupt("door_scans", stored.id, e))?;
    Ok(Ok(Redeemed { outcome, scanned_at: stored.scanned_at, replayed: true }))
}

/// The `code` of a scan id that is claimed but not yet decided.
const PENDING: &str = "pending";

/// How long a request waits for another one deciding the same scan id, and
/// after how long a claim whose request never answered (its process died) is
/// taken over.
const WAIT_FOR_DECISION: std::time::Duration = std::time::Duration::from_secs(10);
const ABANDONED_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

/// Takes a door's scan. A scan id counts once: sent again, it gets the
/// answer it got the first time. The earliest scan of a ticket for a session
/// is its check-in time, so a door that scanned at 09:01 without network and
/// syncs at 09:30 moves an online check-in of 09:10 back to 09:01. A ticket
/// cancelled before the scan reached the server gets the page's answer
/// (`Cancelled`), which the door shows as a conflict when it had let the
/// person in offline.
pub async fn redeem(
    db: &DatabaseConnection,
    organiser_id: i32,
    scan: &Scan,
    now: DateTime<Utc>,
) -> Result<Result<Redeemed, RedeemRefusal>, StoreError> {
    let hash = ticket_hash(&scan.code);
    if let Some(stored) = find_scan(db, &scan.scan_id).await?
        && stored.code != PENDING
    {
        return earlier_answer(stored, organiser_id, scan.session_id, &hash);
    }
    let Some(session) = crate::checkin::own_session(db, organiser_id, scan.event_id, scan.session_id).await? else {
        return Ok(Err(RedeemRefusal::NoSuchSession));
    };
    let at = match scan_time(scan.scanned_at, now, session.starts_at, local_day) {
        Ok(at) => at,
        Err(refusal) => return Ok(Err(RedeemRefusal::ScanTime(refusal))),
    };
    // The scan id is claimed before anything is decided: of several requests
    // with one scan id (a retry racing the first), exactly one decides and
    // the others wait for its answer. Deciding first and claiming after would
    // let a retry see the first request's fresh check-in as "already in" and
    // store that answer for both.
    let started = tokio::time::Instant::now();
    loop {
        if claim(db, organiser_id, scan, &hash, at, now).await? {
            break;
        }
        match find_scan(db, &scan.scan_id).await? {
            Some(stored) if stored.code != PENDING => {
                return earlier_answer(stored, organiser_id, scan.session_id, &hash);
            }
            Some(stored) if now - stored.received_at > ABANDONED_AFTER => {
                // Its request never answered: take the claim over.
                door_scan::Entity::delete_many()
                    .filter(door_scan::Column::Id.eq(stored.id))
                    .filter(door_scan::Column::Code.eq(PENDING))
                    .exec(db)
                    .await?;
            }
            Some(_) if started.elapsed() > WAIT_FOR_DECISION => return Ok(Err(RedeemRefusal::StillDeciding)),
            Some(_) => tokio::time::sleep(std::time::Duration::from_millis(15)).await,
            // The deciding request failed and let go of its claim: try again.
            None => {}
        }
    }
    match decide(db, organiser_id, scan, at).await {
        Ok(Some(outcome)) => {
            let answer = serde_json::to_string(&outcome).map_err(|e| StoreError::corrupt("door_scans", 0, e))?;
            let turn = crate::write::turn(db).await;
            door_scan::Entity::update_many()
                .col_expr(door_scan::Column::Answer, Expr::value(answer))
                .col_expr(door_scan::Column::Code, Expr::value(outcome.code()))
                .col_expr(door_scan::Column::RegistrationId, Expr::value(outcome.holder().map(|h| h.registration_id)))
                .filter(door_scan::Column::ScanId.eq(scan.scan_id.as_str()))
                .exec(db)
                .await?;
            drop(turn);
            Ok(Ok(Redeemed { outcome, scanned_at: at, replayed: false }))
        }
        undecided => {
            // Let go of the claim, so the door's retry is decided afresh.
            let released = door_scan::Entity::delete_many()
                .filter(door_scan::Column::ScanId.eq(scan.scan_id.as_str()))
                .filter(door_scan::Column::Code.eq(PENDING))
                .exec(db)
                .await;
            if let Err(release) = released {
                tracing::warn!(error = %release, "could not release a door scan's claim");
            }
            // `None`: the session stopped being the organiser's since it was checked.
            undecided.map(|_| Err(RedeemRefusal::NoSuchSession))
        }
    }
}

async fn find_scan(db: &DatabaseConnection, scan_id: &ScanId) -> Result<Option<door_scan::Model>, StoreError> {
    Ok(door_scan::Entity::find().filter(door_scan::Column::ScanId.eq(scan_id.as_str())).one(db).await?)
}

/// Claims `scan`'s id for this request; `false` when another request has it.
async fn claim(
    db: &DatabaseConnection,
    organiser_id: i32,
    scan: &Scan,
    hash: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let turn = crate::write::turn(db).await;
    let inserted = door_scan::Entity::insert(door_scan::ActiveModel {
        scan_id: Set(scan.scan_id.as_str().to_string()),
        organiser_id: Set(organiser_id),
        session_id: Set(scan.session_id),
        registration_id: Set(None),
        ticket_hash: Set(hash.to_string()),
        answer: Set(String::new()),
        code: Set(PENDING.to_string()),
        scanned_at: Set(at),
        received_at: Set(now),
        offline: Set(scan.offline),
        door: Set(scan.door.clone()),
        by_person: Set(scan.by_person),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(door_scan::Column::ScanId).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    drop(turn);
    Ok(inserted > 0)
}

/// The check-in a claimed scan comes to; `None` when the session is not the organiser's.
async fn decide(
    db: &DatabaseConnection,
    organiser_id: i32,
    scan: &Scan,
    at: DateTime<Utc>,
) -> Result<Option<CheckInOutcome>, StoreError> {
    let who = Identified::Ticket(scan.code.clone());
    let context = ScanContext { by_person: scan.by_person, door: scan.door.clone(), other_session: false };
    let Some(mut outcome) =
        crate::checkin::check_in(db, organiser_id, scan.event_id, scan.session_id, &who, &context, at).await?
    else {
        return Ok(None);
    };
    let turn = crate::write::turn(db).await;
    match &outcome {
        // Checked in later by another door: this scan was first, and its time
        // counts. A door that let the person in offline is told "welcome"
        // (that is what it showed); a door asking online is told she is
        // already in, since another door welcomed her a moment ago.
        CheckInOutcome::AlreadyIn { holder, at: since, .. } if at < *since => {
            let moved = check_in::Entity::update_many()
                .col_expr(check_in::Column::CheckedInAt, Expr::value(at))
                .col_expr(check_in::Column::Offline, Expr::value(scan.offline))
                .col_expr(check_in::Column::CheckedInBy, Expr::value(scan.by_person))
                .col_expr(check_in::Column::Door, Expr::value(scan.door.clone()))
                .filter(check_in::Column::RegistrationId.eq(holder.registration_id))
                .filter(check_in::Column::SessionId.eq(scan.session_id))
                .filter(check_in::Column::CheckedInAt.gt(at))
                .exec(db)
                .await?
                .rows_affected;
            if moved > 0 && scan.offline {
                outcome = CheckInOutcome::CheckedIn(holder.clone());
            }
        }
        CheckInOutcome::CheckedIn(holder) if scan.offline => {
            check_in::Entity::update_many()
                .col_expr(check_in::Column::Offline, Expr::value(true))
                .filter(check_in::Column::RegistrationId.eq(holder.registration_id))
                .filter(check_in::Column::SessionId.eq(scan.session_id))
                .exec(db)
                .await?;
        }
        _ => {}
    }
    drop(turn);
    Ok(Some(outcome))
}

/// The sessions of one of the organiser's events, each with who came and who
/// is expected; `None` for anyone else's event.
pub async fn sessions(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<Vec<SessionCount>>, StoreError> {
    let Some(e) = crate::checkin::own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let sessions = crate::checkin::sessions_of(db, e.id).await?;
    let present = crate::checkin::present_counts(db, sessions.iter().map(|s| s.id).collect()).await?;
    let expected = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .count(db)
        .await?;
    let expected = u32::try_from(expected).unwrap_or(u32::MAX);
    Ok(Some(
        sessions
            .into_iter()
            .map(|s| SessionCount {
                present: present.get(&s.id).copied().unwrap_or(0),
                id: s.id,
                title: s.title,
                starts_at: to_local(s.starts_at),
                ends_at: to_local(s.ends_at),
                expected,
            })
            .collect(),
    ))
}

/// A session's admission list: every ticket of the event (cancelled and
/// revoked ones too, so a door offline can say so), by the hash of its code.
/// `None` for anyone else's session.
pub async fn admission_list(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    session_id: i32,
) -> Result<Option<Vec<Admission>>, StoreError> {
    let Some(session) = crate::checkin::own_session(db, organiser_id, event_id, session_id).await? else {
        return Ok(None);
    };
    let registrations: Vec<registration::Model> = registration::Entity::find()
        .filter(registration::Column::EventId.eq(session.event_id))
        .order_by_asc(registration::Column::AttendeeName)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = registrations.iter().map(|r| r.id).collect();
    let tickets: HashMap<i32, ticket::Model> = ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.registration_id, t))
        .collect();
    let types: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(session.event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let checked_in: HashMap<i32, DateTime<Utc>> = check_in::Entity::find()
        .filter(check_in::Column::SessionId.eq(session.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.registration_id, c.checked_in_at))
        .collect();
    Ok(Some(
        registrations
            .into_iter()
            .filter_map(|r| {
                let t = tickets.get(&r.id)?;
                let code = TicketCode::from_scan(&t.code)?;
                let status = if t.revoked_at.is_some() && r.status == RegistrationStatus::Confirmed {
                    RegistrationStatus::Cancelled
                } else {
                    r.status
                };
                let (needs, _) = crate::registration::answers_of(r.answers.as_deref());
                Some(Admission {
                    ticket_hash: ticket_hash(&code),
                    registration_id: r.id,
                    ticket_type: types.get(&r.ticket_type_id).cloned().unwrap_or_default(),
                    status,
                    needs,
                    checked_in_at: checked_in.get(&r.id).copied().map(to_local),
                    name: r.attendee_name,
                    organisation: r.organisation_name,
                })
            })
            .collect(),
    ))
}

/// Who is checked in for a session, earliest first: the full list, so a door
/// that syncs also learns of check-ins undone. `None` for anyone else's session.
pub async fn present(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    session_id: i32,
) -> Result<Option<Vec<Present>>, StoreError> {
    let Some(session) = crate::checkin::own_session(db, organiser_id, event_id, session_id).await? else {
        return Ok(None);
    };
    let rows = check_in::Entity::find()
        .filter(check_in::Column::SessionId.eq(session.id))
        .order_by_asc(check_in::Column::CheckedInAt)
        .order_by_asc(check_in::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, registration::Model> = registration::Entity::find()
        .filter(registration::Column::Id.is_in(rows.iter().map(|c| c.registration_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    Ok(Some(
        rows.into_iter()
            .filter_map(|c| {
                let r = people.get(&c.registration_id)?;
                Some(Present {
                    registration_id: r.id,
                    name: r.attendee_name.clone(),
                    organisation: r.organisation_name.clone(),
                    checked_in_at: to_local(c.checked_in_at),
                    offline: c.offline,
                })
            })
            .collect(),
    ))
}

/// The organiser an event belongs to: (id, slug); `None` for no such event.
/// For a browser at the door, whose rights are per organiser slug.
pub async fn event_organiser(db: &impl ConnectionTrait, event_id: i32) -> Result<Option<(i32, String)>, StoreError> {
    let Some(e) = event::Entity::find_by_id(event_id).one(db).await? else { return Ok(None) };
    Ok(crate::entities::organiser::Entity::find_by_id(e.organiser_id).one(db).await?.map(|o| (o.id, o.slug)))
}
