//! Attendance lists (see `domain::attendance`): who registered for one of the
//! organiser's activities and who was checked in for which session, with the
//! sessions' venues and trainers. Read only; the door writes `check_ins`.

use crate::StoreError;
use crate::entities::{
    check_in, event, event_session, event_trainer, organiser, registration, ticket_type, trainer, venue,
};
use crate::time::to_local;
use domain::RegistrationStatus;
use domain::attendance::{AttendanceList, ListRow, ListSession};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

/// Registrations that hold a seat; besides them, anyone checked in is on the list.
const HOLDING: [RegistrationStatus; 3] =
    [RegistrationStatus::Confirmed, RegistrationStatus::PendingPayment, RegistrationStatus::Unconfirmed];

/// The trainers per session of an event: session id → names, those of the
/// whole event (no session) in every session, each name once, in order of the link.
pub async fn trainers_by_session(
    db: &impl ConnectionTrait,
    event_id: i32,
    session_ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>, StoreError> {
    let links = event_trainer::Entity::find()
        .filter(event_trainer::Column::EventId.eq(event_id))
        .order_by_asc(event_trainer::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = trainer::Entity::find()
        .filter(trainer::Column::Id.is_in(links.iter().map(|l| l.trainer_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.full_name))
        .collect();
    let mut by_session: HashMap<i32, Vec<String>> = HashMap::new();
    for session in session_ids {
        let list = by_session.entry(*session).or_default();
        for link in links.iter().filter(|l| l.session_id.is_none() || l.session_id == Some(*session)) {
            if let Some(name) = names.get(&link.trainer_id)
                && !list.contains(name)
            {
                list.push(name.clone());
            }
        }
    }
    Ok(by_session)
}

/// The attendance list of one of the organiser's events; `None` for an event
/// that is not the organiser's. Anonymised registrations are left out.
pub async fn of_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<AttendanceList>, StoreError> {
    let Some(e) =
        event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(None);
    };
    let organiser = organiser::Entity::find_by_id(organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .order_by_asc(event_session::Column::Id)
        .all(db)
        .await?;
    let session_ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let venues: HashMap<i32, String> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, format!("{}, {}, {} {}", v.name, v.street, v.postcode, v.city)))
        .collect();
    let mut trainers = trainers_by_session(db, e.id, &session_ids).await?;
    // registration id → session id → when.
    let mut checked_in: HashMap<i32, HashMap<i32, chrono::DateTime<chrono::Utc>>> = HashMap::new();
    for c in check_in::Entity::find().filter(check_in::Column::SessionId.is_in(session_ids.clone())).all(db).await? {
        checked_in.entry(c.registration_id).or_default().insert(c.session_id, c.checked_in_at);
    }
    let present: BTreeSet<i32> = checked_in.keys().copied().collect();
    let registrations = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::AnonymisedAt.is_null())
        .order_by_asc(registration::Column::AttendeeName)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|r| HOLDING.contains(&r.status) || present.contains(&r.id));
    let ticket_types: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(e.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut rows: Vec<ListRow> = registrations
        .map(|r| {
            let times = checked_in.get(&r.id);
            ListRow {
                registration_id: r.id,
                checked_in: session_ids.iter().map(|s| times.and_then(|t| t.get(s)).copied().map(to_local)).collect(),
                ticket_type: ticket_types.get(&r.ticket_type_id).cloned().unwrap_or_default(),
                registered_at: to_local(r.created_at),
                name: r.attendee_name,
                organisation: r.organisation_name,
                email: r.attendee_email,
                status: r.status,
            }
        })
        .collect();
    // By name as people read it (é next to e), not as the database's collation sorts.
    rows.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.registration_id.cmp(&b.registration_id))
    });
    Ok(Some(AttendanceList {
        event_id: e.id,
        organiser,
        event_title: e.title,
        kind: e.kind,
        sessions: sessions
            .into_iter()
            .map(|s| ListSession {
                trainers: trainers.remove(&s.id).unwrap_or_default(),
                venue: s.venue_id.and_then(|id| venues.get(&id).cloned()),
                starts_at: to_local(s.starts_at),
                ends_at: to_local(s.ends_at),
                id: s.id,
                title: s.title,
            })
            .collect(),
        rows,
    }))
}
