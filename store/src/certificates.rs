//! Attendance certificates (see `domain::certificates`): who of an event was
//! checked in, for which sessions, and whose certificate was mailed.

use crate::StoreError;
use crate::entities::{event, event_session, order, organiser, registration};
use crate::time::to_local;
use chrono::{DateTime, Utc};
use domain::certificates::{AttendedSession, Certificate};
use domain::i18n::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The certificates of one of the organiser's events: everyone with a seat
/// who was checked in for at least one session, by name. `None` for an event
/// that is not the organiser's.
pub async fn of_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<Vec<Certificate>>, StoreError> {
    let Some(e) =
        event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(None);
    };
    let organiser_name = organiser::Entity::find_by_id(organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let sessions: HashMap<i32, event_session::Model> = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let attendance = crate::checkin::attendance(db, e.id).await?;
    let registrations = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Id.is_in(attendance.keys().copied().collect::<Vec<_>>()))
        .filter(registration::Column::AnonymisedAt.is_null())
        .filter(registration::Column::Status.eq("confirmed"))
        .order_by_asc(registration::Column::AttendeeName)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let locales: HashMap<i32, Locale> = order::Entity::find()
        .filter(order::Column::Id.is_in(registrations.iter().filter_map(|r| r.order_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, Locale::parse(&o.locale).unwrap_or_default()))
        .collect();
    let certificates = registrations
        .into_iter()
        .map(|r| {
            let mut attended: Vec<AttendedSession> = attendance
                .get(&r.id)
                .into_iter()
                .flatten()
                .filter_map(|id| sessions.get(id))
                .map(|s| AttendedSession {
                    title: s.title.clone(),
                    starts_at: to_local(s.starts_at),
                    ends_at: to_local(s.ends_at),
                })
                .collect();
            attended.sort_by_key(|s| s.starts_at);
            Certificate {
                registration_id: r.id,
                participant: r.attendee_name,
                email: r.attendee_email,
                organisation: r.organisation_name,
                event_title: e.title.clone(),
                organiser_name: organiser_name.clone(),
                sessions: attended,
                locale: r.order_id.and_then(|id| locales.get(&id).copied()).unwrap_or_default(),
                sent: r.certificate_sent_at.is_some(),
            }
        })
        .collect();
    Ok(Some(certificates))
}

/// Marks certificates as mailed; `false` when one was marked meanwhile (by a
/// second click), so that its mail is not queued twice.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    registration_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = registration::Entity::update_many()
        .col_expr(registration::Column::CertificateSentAt, Expr::value(now))
        .filter(registration::Column::Id.eq(registration_id))
        .filter(registration::Column::CertificateSentAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}
