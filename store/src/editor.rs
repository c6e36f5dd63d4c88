//! Creating, changing and duplicating events from the back office. Each
//! operation runs in one transaction and writes an audit entry, so an event
//! is never half-saved and every change says who made it.

use crate::StoreError;
use crate::entities::{check_in, event, event_session, event_trainer, registration, ticket_type, trainer, venue};
use crate::time::{from_local, local_date, to_local};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::editor::{
    EditedEvent, EditorChoices, EventPlan, SessionPlan, TicketPlan, TrainerChoice, TrainerPlan, VenueChoice,
};
use domain::forms::fields::editor as names;
use domain::forms::{FieldErrors, Message, row_field};
use domain::questions::QuestionSet;
use domain::{Audience, EventKind, EventStatus, Money, Slug, TicketEligibility, TrainerRole};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashSet;

/// Why an edit was not saved (besides a broken database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRefusal {
    /// Not one of this organiser's events.
    UnknownEvent,
    /// What was asked conflicts with what already happened (seats taken, check-ins).
    Invalid(FieldErrors),
}

/// The venues and trainers an organiser can pick in the editor.
pub async fn choices(db: &impl ConnectionTrait, organiser_id: i32) -> Result<EditorChoices, StoreError> {
    let venues = venue::Entity::find()
        .filter(venue::Column::OrganiserId.eq(organiser_id))
        .order_by_asc(venue::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, format!("{}, {}", v.name, v.city)))
        .collect();
    let trainers = trainer::Entity::find()
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .order_by_asc(trainer::Column::FullName)
        .all(db)
        .await?
        .into_iter()
        .map(|t| match t.affiliation {
            Some(a) if !a.is_empty() => (t.id, format!("{} ({a})", t.full_name)),
            _ => (t.id, t.full_name),
        })
        .collect();
    Ok(EditorChoices { venues, trainers, questions: Default::default() })
}

fn edited(e: &event::Model) -> Result<EditedEvent, StoreError> {
    let corrupt = |reason: String| StoreError::corrupt("events", e.id, reason);
    Ok(EditedEvent {
        id: e.id,
        slug: Slug::parse(&e.slug).map_err(|err| corrupt(err.to_string()))?,
        title: e.title.clone(),
        status: e.status,
        seats_taken: u32::try_from(e.seats_taken).unwrap_or(0),
    })
}

async fn own_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<event::Model>, StoreError> {
    Ok(event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?)
}

/// One of the organiser's events as the editor shows it; `None` for anyone else's.
pub async fn load(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<(EditedEvent, EventPlan)>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let corrupt = |reason: String| StoreError::corrupt("events", e.id, reason);
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .order_by_asc(event_session::Column::Position)
        .all(db)
        .await?;
    let tickets = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(e.id))
        .order_by_asc(ticket_type::Column::Position)
        .order_by_asc(ticket_type::Column::Id)
        .all(db)
        .await?;
    let trainers = event_trainer::Entity::find()
        .filter(event_trainer::Column::EventId.eq(e.id))
        .order_by_asc(event_trainer::Column::Id)
        .all(db)
        .await?;
    let plan = EventPlan {
        title: e.title.clone(),
        kind: EventKind::from_code(&e.kind).map_err(|err| corrupt(err.to_string()))?,
        summary: e.summary.clone(),
        description: e.description.clone(),
        theme: e.theme.clone(),
        audience: Audience::from_code(&e.audience).map_err(|err| corrupt(err.to_string()))?,
        capacity: e.capacity.and_then(|c| u32::try_from(c).ok()),
        registration_opens: e.registration_opens_at.map(local_date),
        registration_closes: e.registration_closes_at.map(local_date),
        cancellation_deadline: e.cancellation_deadline.map(local_date),
        sessions: sessions
            .into_iter()
            .enumerate()
            .map(|(row, s)| {
                let (starts, ends) = (to_local(s.starts_at), to_local(s.ends_at));
                SessionPlan {
                    row,
                    id: Some(s.id),
                    title: s.title,
                    date: starts.date_naive(),
                    starts: starts.time(),
                    ends: ends.time(),
                    track: s.track,
                    venue: s.venue_id.map_or(VenueChoice::None, VenueChoice::Existing),
                }
            })
            .collect(),
        tickets: tickets
            .into_iter()
            .enumerate()
            .map(|(row, t)| {
                Ok(TicketPlan {
                    row,
                    id: Some(t.id),
                    eligibility: TicketEligibility::from_code(&t.eligibility)
                        .map_err(|err| StoreError::corrupt("ticket_types", t.id, err))?,
                    capacity: t.capacity.and_then(|c| u32::try_from(c).ok()),
                    price: Money::from_cents(t.price_cents),
                    name: t.name,
                })
            })
            .collect::<Result<_, StoreError>>()?,
        trainers: trainers
            .into_iter()
            .enumerate()
            .map(|(row, t)| {
                Ok(TrainerPlan {
                    row,
                    trainer: TrainerChoice::Existing(t.trainer_id),
                    role: TrainerRole::from_code(&t.role)
                        .map_err(|err| StoreError::corrupt("event_trainers", t.id, err))?,
                    fee: Money::from_cents(t.fee_cents),
                })
            })
            .collect::<Result<_, StoreError>>()?,
        questions: questions_of(&e)?,
        group_max_participants: e.group_max_participants.and_then(|n| u32::try_from(n).ok()),
        reminders: crate::reminders::settings_of(&e),
        new_venue: None,
        removed_sessions: Vec::new(),
        removed_tickets: Vec::new(),
    };
    Ok(Some((edited(&e)?, plan)))
}

/// The questions an event asks at registration.
pub(crate) fn questions_of(e: &event::Model) -> Result<QuestionSet, StoreError> {
    match e.questions.as_deref() {
        None | Some("") => Ok(QuestionSet::default()),
        Some(json) => serde_json::from_str(json).map_err(|err| StoreError::corrupt("events", e.id, err)),
    }
}

fn opens_at(d: NaiveDate) -> DateTime<Utc> {
    from_local(d.and_time(NaiveTime::MIN))
}

fn end_of_day(d: NaiveDate) -> DateTime<Utc> {
    from_local(d.and_hms_opt(23, 59, 0).unwrap_or(d.and_time(NaiveTime::MIN)))
}

async fn free_slug(db: &impl ConnectionTrait, organiser_id: i32, title: &str) -> Result<Slug, StoreError> {
    let base = Slug::from_title(title)
        .or_else(|_| Slug::parse("activiteit"))
        .map_err(|e| StoreError::corrupt("events", 0, e))?;
    for n in 1..1000 {
        let candidate = if n == 1 { base.to_string() } else { format!("{base}-{n}") };
        let taken = event::Entity::find()
            .filter(event::Column::OrganiserId.eq(organiser_id))
            .filter(event::Column::Slug.eq(candidate.as_str()))
            .count(db)
            .await?
            > 0;
        if !taken {
            return Slug::parse(&candidate).map_err(|e| StoreError::corrupt("events", 0, e));
        }
    }
    Err(StoreError::corrupt("events", 0, "no free slug"))
}

/// Creates a draft event from `plan`.
pub async fn create(
    db: &DatabaseConnection,
    organiser_id: i32,
    plan: &EventPlan,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<EditedEvent, StoreError> {
    let txn = crate::begin_write(db).await?;
    let saved = insert_event(&txn, organiser_id, plan, now).await?;
    crate::audit::record(&txn, organiser_id, person_id, ("event", saved.id), "create", plan.title.clone(), now).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A draft copy of the event, 52 weeks later: next year's edition.
pub async fn duplicate(
    db: &DatabaseConnection,
    organiser_id: i32,
    event_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<EditedEvent>, StoreError> {
    let txn = crate::begin_write(db).await?;
    let Some((original, plan)) = load(&txn, organiser_id, event_id).await? else { return Ok(None) };
    let next = plan.next_edition();
    let saved = insert_event(&txn, organiser_id, &next, now).await?;
    crate::audit::record(
        &txn,
        organiser_id,
        person_id,
        ("event", saved.id),
        "duplicate",
        format!("{}\n{}", next.title, original.title),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Some(saved))
}

async fn insert_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    plan: &EventPlan,
    now: DateTime<Utc>,
) -> Result<EditedEvent, StoreError> {
    let slug = free_slug(db, organiser_id, &plan.title).await?;
    let e = event::ActiveModel {
        organiser_id: Set(organiser_id),
        slug: Set(slug.to_string()),
        status: Set(EventStatus::Draft),
        language: Set("nl".into()),
        seats_taken: Set(0),
        created_at: Set(now),
        ..event_columns(plan, now)?
    }
    .insert(db)
    .await?;
    write_children(db, organiser_id, e.id, plan, &[], &[], now).await?;
    edited(&e)
}

/// What the editor sets on the event row itself.
fn event_columns(plan: &EventPlan, now: DateTime<Utc>) -> Result<event::ActiveModel, StoreError> {
    // Kept once a question existed, so its key is never handed out again.
    let questions = match plan.questions.is_empty() && plan.questions.last_key == 0 {
        true => None,
        false => Some(serde_json::to_string(&plan.questions).map_err(|e| sea_orm::DbErr::Json(e.to_string()))?),
    };
    Ok(event::ActiveModel {
        kind: Set(plan.kind.code().into()),
        title: Set(plan.title.clone()),
        summary: Set(plan.summary.clone()),
        description: Set(plan.description.clone()),
        theme: Set(plan.theme.clone()),
        theme_slug: Set(plan.theme.as_deref().and_then(|t| Slug::from_title(t).ok()).map(|s| s.to_string())),
        audience: Set(plan.audience.code().into()),
        capacity: Set(plan.capacity.and_then(|c| i32::try_from(c).ok())),
        registration_opens_at: Set(plan.registration_opens.map(opens_at)),
        registration_closes_at: Set(plan.registration_closes.map(end_of_day)),
        cancellation_deadline: Set(plan.cancellation_deadline.map(end_of_day)),
        questions: Set(questions),
        group_max_participants: Set(plan.group_max_participants.and_then(|n| i32::try_from(n).ok())),
        reminder_enabled: Set(plan.reminders.enabled),
        reminder_days: Set(
            i32::try_from(plan.reminders.days_before).unwrap_or(domain::reminders::DEFAULT_DAYS_BEFORE as i32)
        ),
        reminder_bring: Set(plan.reminders.bring.clone()),
        updated_at: Set(now),
        ..Default::default()
    })
}

/// Saves `plan` over one of the organiser's events.
pub async fn update(
    db: &DatabaseConnection,
    organiser_id: i32,
    event_id: i32,
    plan: &EventPlan,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<EditedEvent, EditRefusal>, StoreError> {
    let txn = crate::begin_write(db).await?;
    let Some((_, before)) = load(&txn, organiser_id, event_id).await? else {
        return Ok(Err(EditRefusal::UnknownEvent));
    };
    let mut errors = FieldErrors::new();
    let session_ids: Vec<i32> = before.sessions.iter().filter_map(|s| s.id).collect();
    let ticket_ids: Vec<i32> = before.tickets.iter().filter_map(|t| t.id).collect();
    // Ids from the form must be this event's: a tampered form changes nothing.
    for s in &plan.sessions {
        if s.id.is_some_and(|id| !session_ids.contains(&id)) {
            errors.add(
                row_field(names::SESSION, s.row, names::session::DATE),
                Message::new("validation.session_not_of_event"),
            );
        }
    }
    for t in &plan.tickets {
        if t.id.is_some_and(|id| !ticket_ids.contains(&id)) {
            errors.add(
                row_field(names::TICKET, t.row, names::ticket::NAME),
                Message::new("validation.ticket_not_of_event"),
            );
        }
    }
    // Ticket types the form did not mention stay as they are; a new one may not take their name.
    let untouched: Vec<&TicketPlan> = before
        .tickets
        .iter()
        .filter(|old| {
            let id = old.id;
            !plan.tickets.iter().any(|t| t.id == id) && !plan.removed_tickets.iter().any(|(_, r)| Some(*r) == id)
        })
        .collect();
    for t in plan.tickets.iter().filter(|t| t.id.is_none()) {
        if untouched.iter().any(|old| old.name.eq_ignore_ascii_case(&t.name)) {
            errors.add(
                row_field(names::TICKET, t.row, names::ticket::NAME),
                Message::new("validation.ticket_name_taken"),
            );
        }
    }
    for &(row, id) in &plan.removed_sessions {
        if session_ids.contains(&id)
            && check_in::Entity::find().filter(check_in::Column::SessionId.eq(id)).count(&txn).await? > 0
        {
            errors
                .add(row_field(names::SESSION, row, names::REMOVE), Message::new("validation.session_has_attendance"));
        }
    }
    for &(row, id) in &plan.removed_tickets {
        if ticket_ids.contains(&id)
            && registration::Entity::find().filter(registration::Column::TicketTypeId.eq(id)).count(&txn).await? > 0
        {
            errors.add(row_field(names::TICKET, row, names::REMOVE), Message::new("validation.ticket_in_use"));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(EditRefusal::Invalid(errors)));
    }
    // Only if the seats already taken still fit: checked in the same statement
    // that changes the event, so a registration arriving meanwhile is counted.
    let mut change = event::Entity::update_many()
        .set(event_columns(plan, now)?)
        .filter(event::Column::Id.eq(event_id))
        .filter(event::Column::OrganiserId.eq(organiser_id));
    if let Some(capacity) = plan.capacity {
        change = change.filter(event::Column::SeatsTaken.lte(i64::from(capacity)));
    }
    if change.exec(&txn).await?.rows_affected != 1 {
        let taken = own_event(&txn, organiser_id, event_id).await?.map_or(0, |e| e.seats_taken);
        let mut errors = FieldErrors::new();
        errors.add(names::CAPACITY, Message::with("validation.capacity_below_taken", &[("taken", &taken.to_string())]));
        return Ok(Err(EditRefusal::Invalid(errors)));
    }
    let removed_sessions: Vec<i32> = plan.removed_sessions.iter().map(|(_, id)| *id).collect();
    let removed_tickets: Vec<i32> = plan.removed_tickets.iter().map(|(_, id)| *id).collect();
    write_children(&txn, organiser_id, event_id, plan, &removed_sessions, &removed_tickets, now).await?;
    let changes = plan.changes_since(&before);
    if !changes.is_empty() {
        let detail = format!("{}\n{}", plan.title, changes.join(", "));
        crate::audit::record(&txn, organiser_id, person_id, ("event", event_id), "update", detail, now).await?;
    }
    let saved = own_event(&txn, organiser_id, event_id).await?.ok_or(sea_orm::DbErr::RecordNotFound("event".into()))?;
    txn.commit().await?;
    edited(&saved).map(Ok)
}

/// Sessions, ticket types and trainers of the event, as the plan says.
async fn write_children(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    plan: &EventPlan,
    removed_sessions: &[i32],
    removed_tickets: &[i32],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let new_venue_id = match &plan.new_venue {
        Some(v) => Some(
            venue::ActiveModel {
                organiser_id: Set(organiser_id),
                name: Set(v.name.clone()),
                street: Set(v.street.clone()),
                postcode: Set(v.postcode.clone()),
                city: Set(v.city.clone()),
                wheelchair_accessible: Set(false),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
            .id,
        ),
        None => None,
    };
    if !removed_sessions.is_empty() {
        event_session::Entity::delete_many()
            .filter(event_session::Column::EventId.eq(event_id))
            .filter(event_session::Column::Id.is_in(removed_sessions.to_vec()))
            .exec(db)
            .await?;
    }
    for (position, s) in plan.sessions.iter().enumerate() {
        let venue_id = match s.venue {
            VenueChoice::None => None,
            VenueChoice::Existing(id) => Some(id),
            VenueChoice::New => new_venue_id,
        };
        let columns = event_session::ActiveModel {
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            title: Set(s.title.clone()),
            track: Set(s.track.clone()),
            starts_at: Set(from_local(s.date.and_time(s.starts))),
            ends_at: Set(from_local(s.date.and_time(s.ends))),
            venue_id: Set(venue_id),
            ..Default::default()
        };
        match s.id {
            Some(id) => {
                event_session::Entity::update_many()
                    .set(columns)
                    .filter(event_session::Column::Id.eq(id))
                    .filter(event_session::Column::EventId.eq(event_id))
                    .exec(db)
                    .await?;
            }
            None => {
                event_session::ActiveModel { event_id: Set(event_id), ..columns }.insert(db).await?;
            }
        }
    }
    if !removed_tickets.is_empty() {
        ticket_type::Entity::delete_many()
            .filter(ticket_type::Column::EventId.eq(event_id))
            .filter(ticket_type::Column::Id.is_in(removed_tickets.to_vec()))
            .exec(db)
            .await?;
    }
    // Two renamed ticket types may swap names; park the names first so the
    // unique (event, name) index never sees a clash half-way.
    let kept: Vec<i32> = plan.tickets.iter().filter_map(|t| t.id).collect();
    if !kept.is_empty() {
        ticket_type::Entity::update_many()
            .col_expr(ticket_type::Column::Name, Expr::cust("'~' || CAST(id AS TEXT)"))
            .filter(ticket_type::Column::Id.is_in(kept))
            .filter(ticket_type::Column::EventId.eq(event_id))
            .exec(db)
            .await?;
    }
    for (position, t) in plan.tickets.iter().enumerate() {
        let columns = ticket_type::ActiveModel {
            name: Set(t.name.clone()),
            price_cents: Set(t.price.cents()),
            eligibility: Set(t.eligibility.code().into()),
            capacity: Set(t.capacity.and_then(|c| i32::try_from(c).ok())),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        };
        match t.id {
            Some(id) => {
                ticket_type::Entity::update_many()
                    .set(columns)
                    .filter(ticket_type::Column::Id.eq(id))
                    .filter(ticket_type::Column::EventId.eq(event_id))
                    .exec(db)
                    .await?;
            }
            None => {
                ticket_type::ActiveModel { event_id: Set(event_id), active: Set(true), ..columns }.insert(db).await?;
            }
        }
    }
    // Trainer assignments carry no history of their own: replaced as a whole.
    event_trainer::Entity::delete_many().filter(event_trainer::Column::EventId.eq(event_id)).exec(db).await?;
    let mut assigned = HashSet::new();
    for t in &plan.trainers {
        let trainer_id = match &t.trainer {
            TrainerChoice::Existing(id) => *id,
            TrainerChoice::New { name, affiliation } => {
                trainer::ActiveModel {
                    organiser_id: Set(organiser_id),
                    full_name: Set(name.clone()),
                    affiliation: Set(affiliation.clone()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        if !assigned.insert(trainer_id) {
            continue;
        }
        event_trainer::ActiveModel {
            event_id: Set(event_id),
            trainer_id: Set(trainer_id),
            session_id: Set(None),
            role: Set(t.role.code().into()),
            fee_cents: Set(t.fee.cents()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
