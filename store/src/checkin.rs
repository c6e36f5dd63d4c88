//! Check-in at the door: who is expected, who came, and recording a scan or a
//! tap on "present". Every function takes the organiser's id, which the edge
//! has checked against the viewer's roles; another organiser's event, session
//! or ticket is as good as unknown.

use crate::StoreError;
use crate::entities::{check_in, event, event_session, person, registration, ticket_type};
use crate::time::{from_local, local_date, to_local};
use chrono::{DateTime, Utc};
use domain::checkin::{CheckInOutcome, DoorEvent, DoorMessage, DoorSession, DoorView, Holder, TicketCode};
use domain::listing::OrganiserRef;
use domain::{CheckInMethod, EventStatus, RegistrationStatus};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement,
};
use std::collections::{HashMap, HashSet};

/// What the door identified someone by.
#[derive(Debug, Clone)]
pub enum Identified {
    /// A ticket's QR code or code: a scan.
    Ticket(TicketCode),
    /// Found by name at the door and tapped "present".
    Registration(i32),
}

impl Identified {
    /// The `check_ins.method` this makes.
    fn method(&self) -> CheckInMethod {
        match self {
            Identified::Ticket(_) => CheckInMethod::Scan,
            Identified::Registration(_) => CheckInMethod::Manual,
        }
    }
}

/// Who checks someone in, and how: what a scan brings besides the ticket.
#[derive(Debug, Clone, Default)]
pub struct ScanContext {
    /// The person at the door (`check_ins.checked_in_by`).
    pub by_person: Option<i32>,
    /// The name the door gave itself (`check_ins.door`), see [`domain::checkin::door_name`].
    pub door: Option<String>,
    /// The door confirmed "check in for this session anyway": a session on
    /// another day than today's session of the same event.
    pub other_session: bool,
}

/// How many people are checked in, per session (sessions nobody came to are absent).
pub(crate) async fn present_counts(
    db: &impl ConnectionTrait,
    session_ids: Vec<i32>,
) -> Result<HashMap<i32, u32>, StoreError> {
    Ok(check_in::Entity::find()
        .select_only()
        .column(check_in::Column::SessionId)
        .column_as(check_in::Column::Id.count(), "count")
        .filter(check_in::Column::SessionId.is_in(session_ids))
        .group_by(check_in::Column::SessionId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

/// The organiser's event, or `None`.
pub(crate) async fn own_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<event::Model>, StoreError> {
    Ok(event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?)
}

/// An event's sessions in the order they happen.
pub(crate) async fn sessions_of(
    db: &impl ConnectionTrait,
    event_id: i32,
) -> Result<Vec<event_session::Model>, StoreError> {
    Ok(event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .order_by_asc(event_session::Column::StartsAt)
        .order_by_asc(event_session::Column::Id)
        .all(db)
        .await?)
}

async fn holder(db: &impl ConnectionTrait, r: &registration::Model) -> Result<Holder, StoreError> {
    let ticket_type =
        ticket_type::Entity::find_by_id(r.ticket_type_id).one(db).await?.map(|t| t.name).unwrap_or_default();
    Ok(holder_of(r, ticket_type))
}

fn holder_of(r: &registration::Model, ticket_type: String) -> Holder {
    Holder {
        registration_id: r.id,
        name: r.attendee_name.clone(),
        organisation: r.organisation_name.clone(),
        ticket_type,
        needs: needs_of(r.answers.as_deref()),
    }
}

/// The access needs in a registration's stored answers (never the rest).
fn needs_of(stored: Option<&str>) -> Option<String> {
    domain::checkin::access_needs(&crate::registration::answers_of(stored).1)
}

/// The name of who checked someone in, and at which door.
async fn checked_by(
    db: &impl ConnectionTrait,
    c: &check_in::Model,
) -> Result<(Option<String>, Option<String>), StoreError> {
    let by = match c.checked_in_by {
        Some(id) => person::Entity::find_by_id(id).one(db).await?.map(|p| p.full_name),
        None => None,
    };
    Ok((by, c.door.clone()))
}

/// The scanner page's data for one of the organiser's events; `None` for anyone else's.
/// `session` is the one staff picked (else the one on at `now`); `search` a name search.
pub async fn door_view(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: OrganiserRef,
    event_id: i32,
    session: Option<i32>,
    search: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<DoorView>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let sessions = sessions_of(db, e.id).await?;
    let session_ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let present = present_counts(db, session_ids.clone()).await?;
    let door_sessions: Vec<DoorSession> = sessions
        .iter()
        .map(|s| DoorSession {
            id: s.id,
            title: s.title.clone(),
            starts_at: to_local(s.starts_at),
            ends_at: to_local(s.ends_at),
            present: present.get(&s.id).copied().unwrap_or(0),
        })
        .collect();
    let session_id = session
        .filter(|id| session_ids.contains(id))
        .or_else(|| domain::checkin::session_at(&door_sessions, to_local(now)));
    let expected = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .count(db)
        .await?;
    let checked_in: HashMap<i32, DateTime<Utc>> = match session_id {
        Some(id) => check_in::Entity::find()
            .filter(check_in::Column::SessionId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.registration_id, c.checked_in_at))
            .collect(),
        None => HashMap::new(),
    };
    let ticket_types: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(e.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let type_name = |r: &registration::Model| ticket_types.get(&r.ticket_type_id).cloned().unwrap_or_default();
    // The search runs over the event's confirmed seats in Rust: a few hundred
    // names at most, and Unicode-aware lower case (é, ë) that SQLite's lower() lacks.
    let found = match search.and_then(domain::checkin::search_term) {
        Some(term) => {
            let mut hits: Vec<(Holder, bool)> = registration::Entity::find()
                .filter(registration::Column::EventId.eq(e.id))
                .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
                .all(db)
                .await?
                .into_iter()
                .filter(|r| {
                    r.attendee_name.to_lowercase().contains(&term)
                        || r.organisation_name.as_deref().is_some_and(|o| o.to_lowercase().contains(&term))
                })
                .map(|r| (holder_of(&r, type_name(&r)), checked_in.contains_key(&r.id)))
                .collect();
            hits.sort_by_key(|(h, _)| h.name.to_lowercase());
            hits.truncate(25);
            hits
        }
        None => Vec::new(),
    };
    let mut latest: Vec<(i32, DateTime<Utc>)> = checked_in.into_iter().collect();
    latest.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    latest.truncate(8);
    let latest_ids: Vec<i32> = latest.iter().map(|(id, _)| *id).collect();
    let people: HashMap<i32, registration::Model> = registration::Entity::find()
        .filter(registration::Column::Id.is_in(latest_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let recent = latest
        .into_iter()
        .filter_map(|(id, at)| people.get(&id).map(|r| (holder_of(r, type_name(r)), to_local(at))))
        .collect();
    Ok(Some(DoorView {
        organiser,
        event_id: e.id,
        title: e.title,
        sessions: door_sessions,
        session_id,
        expected: u32::try_from(expected).unwrap_or(u32::MAX),
        found,
        recent,
        last: None,
        csrf_token: String::new(),
        manages: false,
    }))
}

/// A registration as a scan sees it, read in one query with its ticket, its
/// ticket type, its check-in at the session, and whether that session is
/// one of the organiser's event's.
struct Scanned {
    registration_id: i32,
    event_id: i32,
    status: RegistrationStatus,
    /// The ticket was taken back (a scan by code only).
    revoked: bool,
    holder: Holder,
    checked_in_at: Option<DateTime<Utc>>,
    /// Who checked them in for the session, and at which door.
    checked_in_by: Option<String>,
    checked_in_door: Option<String>,
    /// When the door's session starts; `None` when it is not one of the organiser's event's.
    session_starts_at: Option<DateTime<Utc>>,
}

/// Where a scan starts: the door's session and event, and the organiser.
#[derive(Clone, Copy)]
struct Door {
    organiser_id: i32,
    event_id: i32,
    session_id: i32,
}

/// The registration whose ticket code (`t.code = $4`) or id (`r.id = $4`) is given.
async fn scanned(
    db: &impl ConnectionTrait,
    door: Door,
    condition: &'static str,
    value: sea_orm::Value,
) -> Result<Option<Scanned>, StoreError> {
    let by_ticket = condition.starts_with("t.");
    let from = if by_ticket {
        "tickets t JOIN registrations r ON r.id = t.registration_id"
    } else {
        "registrations r LEFT JOIN tickets t ON t.registration_id = r.id"
    };
    // The placeholders first appear in their own order ($1, $2, $3, $4), as SQLite numbers them.
    let sql = format!(
        "SELECT r.id, r.event_id, r.status, r.attendee_name, r.organisation_name, r.answers, \
         t.revoked_at IS NOT NULL AS revoked, tt.name AS ticket_type, \
         (SELECT s.starts_at FROM event_sessions s JOIN events e ON e.id = s.event_id \
          WHERE s.id = $1 AND e.id = $2 AND e.organiser_id = $3) AS session_starts_at, \
         c.checked_in_at, c.door AS checked_in_door, p.full_name AS checked_in_by \
         FROM {from} LEFT JOIN ticket_types tt ON tt.id = r.ticket_type_id \
         LEFT JOIN check_ins c ON c.registration_id = r.id AND c.session_id = $1 \
         LEFT JOIN people p ON p.id = c.checked_in_by \
         WHERE {condition}"
    );
    let values = [door.session_id.into(), door.event_id.into(), door.organiser_id.into(), value];
    let Some(row) = db.query_one_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?
    else {
        return Ok(None);
    };
    let registration_id: i32 = row.try_get("", "id")?;
    Ok(Some(Scanned {
        registration_id,
        event_id: row.try_get("", "event_id")?,
        status: row.try_get("", "status")?,
        // Found by id, the ticket does not matter: staff chose the person.
        revoked: by_ticket && row.try_get::<Option<bool>>("", "revoked")?.unwrap_or(false),
        holder: Holder {
            registration_id,
            name: row.try_get("", "attendee_name")?,
            organisation: row.try_get("", "organisation_name")?,
            ticket_type: row.try_get::<Option<String>>("", "ticket_type")?.unwrap_or_default(),
            needs: needs_of(row.try_get::<Option<String>>("", "answers")?.as_deref()),
        },
        checked_in_at: row.try_get("", "checked_in_at")?,
        checked_in_by: row.try_get("", "checked_in_by")?,
        checked_in_door: row.try_get("", "checked_in_door")?,
        session_starts_at: row.try_get("", "session_starts_at")?,
    }))
}

/// The organiser's session of the organiser's event.
pub(crate) async fn own_session(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    session_id: i32,
) -> Result<Option<event_session::Model>, StoreError> {
    // One query (a scan's path counts them): the session, if its event is the organiser's.
    Ok(event_session::Entity::find_by_id(session_id)
        .filter(event_session::Column::EventId.eq(event_id))
        .filter(
            event_session::Column::EventId.in_subquery(
                Query::select()
                    .column(event::Column::Id)
                    .from(event::Entity)
                    .and_where(event::Column::Id.eq(event_id))
                    .and_where(event::Column::OrganiserId.eq(organiser_id))
                    .to_owned(),
            ),
        )
        .one(db)
        .await?)
}

/// Whether the door's session belongs to the organiser's event.
async fn session_is_ours(db: &impl ConnectionTrait, door: Door) -> Result<bool, StoreError> {
    Ok(own_session(db, door.organiser_id, door.event_id, door.session_id).await?.is_some())
}

/// Whether another session of the event than `session_id` is on today.
async fn other_session_today(
    db: &impl ConnectionTrait,
    event_id: i32,
    session_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let today = local_date(now);
    let (from, until) = (from_local(today.into()), from_local((today + chrono::Duration::days(1)).into()));
    Ok(event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .filter(event_session::Column::Id.ne(session_id))
        .filter(event_session::Column::StartsAt.gte(from))
        .filter(event_session::Column::StartsAt.lt(until))
        .count(db)
        .await?
        > 0)
}

/// Marks someone present at one session of one of the organiser's events.
/// `None` when the event or session is not the organiser's. A second scan of
/// the same ticket (or two doors scanning at once) records one check-in.
///
/// A door scanning for a session on another day while another session of the
/// event is on today is most likely set to the wrong session: the answer is
/// [`CheckInOutcome::OtherSession`] unless `scan.other_session` confirms it.
/// (On a day without a session of the event, the door may check in for any of
/// its sessions, as staff do afterwards from a paper list.)
pub async fn check_in(
    db: &DatabaseConnection,
    organiser_id: i32,
    event_id: i32,
    session_id: i32,
    who: &Identified,
    scan: &ScanContext,
    now: DateTime<Utc>,
) -> Result<Option<CheckInOutcome>, StoreError> {
    // A scan is the door's busiest moment: one read, and a write only for a
    // first scan (a second scan of the same ticket finds its check-in).
    let door = Door { organiser_id, event_id, session_id };
    let method = who.method();
    let found = match who {
        Identified::Ticket(code) => scanned(db, door, "t.code = $4", code.as_str().into()).await?,
        Identified::Registration(id) => scanned(db, door, "r.id = $4", (*id).into()).await?,
    };
    let scanned = match found {
        Some(scanned) if scanned.session_starts_at.is_none() => return Ok(None),
        Some(scanned) => scanned,
        None if !session_is_ours(db, door).await? => return Ok(None),
        None => {
            return Ok(match who {
                Identified::Ticket(_) => Some(CheckInOutcome::UnknownTicket),
                Identified::Registration(_) => None,
            });
        }
    };
    if matches!(who, Identified::Registration(_)) && scanned.event_id != event_id {
        return Ok(None);
    }
    let Scanned {
        registration_id,
        event_id: registered_for,
        status,
        revoked,
        holder: who,
        checked_in_at,
        checked_in_by,
        checked_in_door,
        session_starts_at,
    } = scanned;
    if registered_for != event_id {
        // Another organiser's ticket says nothing about that organiser's events.
        let Some(other) = own_event(db, organiser_id, registered_for).await? else {
            return Ok(Some(CheckInOutcome::UnknownTicket));
        };
        return Ok(Some(CheckInOutcome::OtherEvent { holder: who, event_title: other.title }));
    }
    match status {
        RegistrationStatus::Confirmed if !revoked => {}
        RegistrationStatus::Waitlisted
        | RegistrationStatus::Offered
        | RegistrationStatus::PendingPayment
        | RegistrationStatus::Unconfirmed => {
            return Ok(Some(CheckInOutcome::NotConfirmed { holder: who, status }));
        }
        RegistrationStatus::Confirmed | RegistrationStatus::Cancelled => {
            return Ok(Some(CheckInOutcome::Cancelled(who)));
        }
    }
    if let Some(earlier) = checked_in_at {
        return Ok(Some(CheckInOutcome::AlreadyIn {
            holder: who,
            at: to_local(earlier),
            by: checked_in_by,
            door: checked_in_door,
        }));
    }
    if let Some(starts_at) = session_starts_at
        && !scan.other_session
        && local_date(starts_at) != local_date(now)
        && other_session_today(db, event_id, session_id, now).await?
    {
        return Ok(Some(CheckInOutcome::OtherSession { holder: who, session_id, starts_at: to_local(starts_at) }));
    }
    let turn = crate::write::turn(db).await;
    let inserted = check_in::Entity::insert(check_in::ActiveModel {
        registration_id: Set(registration_id),
        session_id: Set(session_id),
        checked_in_at: Set(now),
        method: Set(method),
        checked_in_by: Set(scan.by_person),
        door: Set(scan.door.clone()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([check_in::Column::RegistrationId, check_in::Column::SessionId]).do_nothing().to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    drop(turn);
    if inserted > 0 {
        return Ok(Some(CheckInOutcome::CheckedIn(who)));
    }
    // Another door checked them in between the read and the write.
    let earlier = check_in::Entity::find()
        .filter(check_in::Column::RegistrationId.eq(registration_id))
        .filter(check_in::Column::SessionId.eq(session_id))
        .one(db)
        .await?;
    let (by, door) = match &earlier {
        Some(c) => checked_by(db, c).await?,
        None => (None, None),
    };
    let at = to_local(earlier.map_or(now, |c| c.checked_in_at));
    Ok(Some(CheckInOutcome::AlreadyIn { holder: who, at, by, door }))
}

/// Takes back a check-in made by mistake. `None` when the event, session or
/// registration is not the organiser's; `Some(None)` when there was none.
pub async fn undo_check_in(
    db: &DatabaseConnection,
    organiser_id: i32,
    event_id: i32,
    session_id: i32,
    registration_id: i32,
) -> Result<Option<Option<Holder>>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(registration_id)
        .filter(registration::Column::EventId.eq(e.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if event_session::Entity::find_by_id(session_id)
        .filter(event_session::Column::EventId.eq(e.id))
        .one(db)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let turn = crate::write::turn(db).await;
    let deleted = check_in::Entity::delete_many()
        .filter(check_in::Column::RegistrationId.eq(r.id))
        .filter(check_in::Column::SessionId.eq(session_id))
        .exec(db)
        .await?
        .rows_affected;
    drop(turn);
    Ok(Some(if deleted > 0 { Some(holder(db, &r).await?) } else { None }))
}

/// Who came to which session of an event: registration id → the session ids
/// they were checked in for. For the attendance list.
pub async fn attendance(db: &impl ConnectionTrait, event_id: i32) -> Result<HashMap<i32, HashSet<i32>>, StoreError> {
    let session_ids: Vec<i32> = sessions_of(db, event_id).await?.into_iter().map(|s| s.id).collect();
    let mut map: HashMap<i32, HashSet<i32>> = HashMap::new();
    for c in check_in::Entity::find().filter(check_in::Column::SessionId.is_in(session_ids)).all(db).await? {
        map.entry(c.registration_id).or_default().insert(c.session_id);
    }
    Ok(map)
}

/// The message of the last post again, for the page it redirected to
/// (`?uitkomst=<code>&registratie=<id>`). The address is the visitor's to
/// edit, so everything is looked up again within the organiser's own event:
/// someone else's registration gives `None`, as does a code that does not fit.
pub async fn replay(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    session_id: Option<i32>,
    code: &str,
    registration_id: Option<i32>,
) -> Result<Option<DoorMessage>, StoreError> {
    match code {
        "unknown" => return Ok(Some(DoorMessage::Outcome(CheckInOutcome::UnknownTicket))),
        "unreadable" => return Ok(Some(DoorMessage::Outcome(CheckInOutcome::Unreadable))),
        _ => {}
    }
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let Some(id) = registration_id else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let who = holder(db, &r).await?;
    if code == "other_event" {
        let Some(other) = own_event(db, organiser_id, r.event_id).await?.filter(|o| o.id != e.id) else {
            return Ok(None);
        };
        return Ok(Some(DoorMessage::Outcome(CheckInOutcome::OtherEvent { holder: who, event_title: other.title })));
    }
    if r.event_id != e.id {
        return Ok(None);
    }
    let since = match session_id {
        Some(s) => {
            check_in::Entity::find()
                .filter(check_in::Column::RegistrationId.eq(r.id))
                .filter(check_in::Column::SessionId.eq(s))
                .one(db)
                .await?
        }
        None => None,
    };
    // The session of an "other session" answer: one of this event's.
    let session = match session_id {
        Some(s) => event_session::Entity::find_by_id(s).filter(event_session::Column::EventId.eq(e.id)).one(db).await?,
        None => None,
    };
    let message = match (code, since) {
        ("checked_in", Some(_)) => DoorMessage::Outcome(CheckInOutcome::CheckedIn(who)),
        ("already_in", Some(c)) => {
            let (by, door) = checked_by(db, &c).await?;
            DoorMessage::Outcome(CheckInOutcome::AlreadyIn { holder: who, at: to_local(c.checked_in_at), by, door })
        }
        ("other_session", None) => match session {
            Some(s) => DoorMessage::Outcome(CheckInOutcome::OtherSession {
                holder: who,
                session_id: s.id,
                starts_at: to_local(s.starts_at),
            }),
            None => return Ok(None),
        },
        ("cancelled", _) => DoorMessage::Outcome(CheckInOutcome::Cancelled(who)),
        ("not_confirmed", _) => DoorMessage::Outcome(CheckInOutcome::NotConfirmed { holder: who, status: r.status }),
        (domain::checkin::UNDONE, None) => DoorMessage::Undone(who),
        _ => return Ok(None),
    };
    Ok(Some(message))
}

/// The published events of `organiser_ids` with a session today or in the
/// coming [`domain::checkin::DOOR_DAYS_AHEAD`] days, soonest first: a door
/// volunteer's list on `/mijn`. Only what the door needs: no counts, no people.
pub async fn door_events(
    db: &impl ConnectionTrait,
    organiser_ids: &[i32],
    now: DateTime<Utc>,
) -> Result<Vec<DoorEvent>, StoreError> {
    use crate::entities::organiser;
    if organiser_ids.is_empty() {
        return Ok(Vec::new());
    }
    let today = local_date(now);
    let from = from_local(today.into());
    let until = from_local((today + chrono::Duration::days(domain::checkin::DOOR_DAYS_AHEAD + 1)).into());
    let events: HashMap<i32, event::Model> = event::Entity::find()
        .filter(event::Column::OrganiserId.is_in(organiser_ids.to_vec()))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.is_in(events.keys().copied().collect::<Vec<_>>()))
        .filter(event_session::Column::StartsAt.gte(from))
        .filter(event_session::Column::StartsAt.lt(until))
        .order_by_asc(event_session::Column::StartsAt)
        .order_by_asc(event_session::Column::Id)
        .all(db)
        .await?;
    let mut organisers = HashMap::new();
    for o in organiser::Entity::find().filter(organiser::Column::Id.is_in(organiser_ids.to_vec())).all(db).await? {
        let slug = domain::Slug::parse(&o.slug).map_err(|e| StoreError::corrupt("organisers", o.id, e))?;
        organisers.insert(o.id, OrganiserRef { slug, name: o.name, short_name: o.short_name });
    }
    let mut seen = HashSet::new();
    let mut list = Vec::new();
    for s in sessions {
        let Some(e) = events.get(&s.event_id) else { continue };
        let Some(organiser) = organisers.get(&e.organiser_id) else { continue };
        if seen.insert(e.id) {
            list.push(DoorEvent {
                organiser: organiser.clone(),
                event_id: e.id,
                title: e.title.clone(),
                starts_at: to_local(s.starts_at),
                ends_at: to_local(s.ends_at),
            });
        }
    }
    Ok(list)
}
