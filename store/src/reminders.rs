//! Reminders before an activity: which are due now ([`due`], the rules are
//! `domain::reminders`) and the record that one was queued ([`mark_sent`]),
//! written in the transaction that queues its mail. The record's unique key
//! (registration, day) lets only one of two workers — in this process or
//! another on the same database — queue a reminder: the other's insert does
//! nothing, and it queues no mail.

use crate::StoreError;
use crate::entities::{event, event_session, order, organiser, registration, reminder_sent, venue};
use crate::time::{local_date, to_local};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use domain::i18n::Locale;
use domain::reminders::{
    self, DEFAULT_DAYS_BEFORE, EventDay, MAX_DAYS_BEFORE, Place, Registered, ReminderKind, ReminderSettings,
    SessionWhere,
};
use domain::{Email, EventStatus, RegistrationStatus};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// An event's reminder settings as stored (a value out of bounds reads as the default).
pub fn settings_of(e: &event::Model) -> ReminderSettings {
    ReminderSettings {
        enabled: e.reminder_enabled,
        days_before: u32::try_from(e.reminder_days)
            .ok()
            .filter(|d| (1..=MAX_DAYS_BEFORE).contains(d))
            .unwrap_or(DEFAULT_DAYS_BEFORE),
        bring: e.reminder_bring.clone().filter(|b| !b.trim().is_empty()),
    }
}

/// A venue as mails show it.
pub(crate) fn place_of(v: &venue::Model) -> Place {
    Place {
        name: v.name.clone(),
        street: v.street.clone(),
        postcode: v.postcode.clone(),
        city: v.city.clone(),
        directions: v.directions.clone().filter(|d| !d.trim().is_empty()),
        wheelchair_accessible: v.wheelchair_accessible,
    }
}

/// One reminder to queue: to whom, in which language, about which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    pub registration_id: i32,
    pub kind: ReminderKind,
    pub day: EventDay,
    pub organiser_id: i32,
    pub organiser_name: String,
    pub event_title: String,
    pub name: String,
    pub email: Email,
    /// The language the booker registered in.
    pub locale: Locale,
    /// The ticket, for [`ReminderKind::Ticket`].
    pub ticket_code: Option<String>,
    /// The day's sessions, in order.
    pub sessions: Vec<SessionWhere>,
    pub bring: Option<String>,
}

/// Every reminder due at `now` and not sent yet, of published events that
/// were not cancelled and have reminders on. Group module bookings get none
/// (their dates are the booking's own, confirmed by the organiser).
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<DueReminder>, StoreError> {
    // Only sessions within the longest reminder window can be due.
    let horizon = now + TimeDelta::days(i64::from(MAX_DAYS_BEFORE) + 1);
    let event_ids: Vec<i32> = event_session::Entity::find()
        .select_only()
        .column(event_session::Column::EventId)
        .distinct()
        .filter(event_session::Column::StartsAt.gt(now))
        .filter(event_session::Column::StartsAt.lte(horizon))
        .into_tuple()
        .all(db)
        .await?;
    if event_ids.is_empty() {
        return Ok(Vec::new());
    }
    let events = event::Entity::find()
        .filter(event::Column::Id.is_in(event_ids))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .filter(event::Column::CancelledAt.is_null())
        .filter(event::Column::ReminderEnabled.eq(true))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for e in events {
        let settings = settings_of(&e);
        let sessions = event_session::Entity::find()
            .filter(event_session::Column::EventId.eq(e.id))
            .order_by_asc(event_session::Column::StartsAt)
            .order_by_asc(event_session::Column::Position)
            .all(db)
            .await?;
        let starts: Vec<(NaiveDate, DateTime<Utc>)> =
            sessions.iter().map(|s| (local_date(s.starts_at), s.starts_at)).collect();
        let open: Vec<EventDay> = reminders::days(&starts)
            .into_iter()
            .filter(|d| settings.moment(d.first_start) <= now && now < d.first_start)
            .collect();
        if open.is_empty() {
            continue;
        }
        let registrations = registration::Entity::find()
            .filter(registration::Column::EventId.eq(e.id))
            .filter(registration::Column::Status.is_in([RegistrationStatus::Confirmed, RegistrationStatus::Waitlisted]))
            .filter(registration::Column::AnonymisedAt.is_null())
            .filter(registration::Column::AttendeeEmail.is_not_null())
            .order_by_asc(registration::Column::Id)
            .all(db)
            .await?;
        if registrations.is_empty() {
            continue;
        }
        let ids: Vec<i32> = registrations.iter().map(|r| r.id).collect();
        let sent: HashSet<(i32, NaiveDate)> = reminder_sent::Entity::find()
            .filter(reminder_sent::Column::RegistrationId.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.registration_id, s.day))
            .collect();
        let tickets = crate::tickets::live_codes(db, ids).await?;
        let orders: HashMap<i32, order::Model> = order::Entity::find()
            .filter(order::Column::Id.is_in(registrations.iter().filter_map(|r| r.order_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let venues: HashMap<i32, venue::Model> = venue::Entity::find()
            .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let organiser_name =
            organiser::Entity::find_by_id(e.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
        for day in open {
            let day_sessions: Vec<SessionWhere> = sessions
                .iter()
                .filter(|s| local_date(s.starts_at) == day.date)
                .map(|s| SessionWhere {
                    title: s.title.clone(),
                    starts: to_local(s.starts_at).naive_local(),
                    ends: to_local(s.ends_at).naive_local(),
                    place: s.venue_id.and_then(|id| venues.get(&id)).map(place_of),
                    online_url: s.online_url.clone().filter(|u| !u.trim().is_empty()),
                })
                .collect();
            for r in &registrations {
                if sent.contains(&(r.id, day.date)) {
                    continue;
                }
                let order = r.order_id.and_then(|id| orders.get(&id));
                if order.is_some_and(|o| o.group_size.is_some()) {
                    continue;
                }
                let code = tickets.get(&r.id);
                let standing = Registered { status: r.status, registered_at: r.created_at, has_ticket: code.is_some() };
                let Some(kind) = reminders::due(&settings, &day, &standing, now) else { continue };
                let Some(email) = r.attendee_email.as_deref().and_then(|a| Email::parse(a).ok()) else { continue };
                out.push(DueReminder {
                    registration_id: r.id,
                    kind,
                    day,
                    organiser_id: e.organiser_id,
                    organiser_name: organiser_name.clone(),
                    event_title: e.title.clone(),
                    name: r.attendee_name.clone(),
                    email,
                    locale: order.and_then(|o| Locale::parse(&o.locale)).unwrap_or_default(),
                    ticket_code: code.filter(|_| kind == ReminderKind::Ticket).cloned(),
                    sessions: day_sessions.clone(),
                    bring: settings.bring.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// Records that `reminder` is queued; run it in the transaction that queues
/// the mail, and queue it only when this returns true. False: it was
/// recorded before (by another worker a moment ago): send nothing.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    reminder: &DueReminder,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let inserted = reminder_sent::Entity::insert(reminder_sent::ActiveModel {
        registration_id: Set(reminder.registration_id),
        day: Set(reminder.day.date),
        kind: Set(reminder.kind.code().to_string()),
        sent_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([reminder_sent::Column::RegistrationId, reminder_sent::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}
