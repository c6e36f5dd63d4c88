//! Attendance certificates (see `domain::certificates`): who of an event was
//! checked in, for which sessions, and whose certificate was mailed.

use crate::StoreError;
use crate::entities::{event, event_session, order, organiser, registration};
use crate::time::to_local;
use chrono::{DateTime, Utc};
use domain::RegistrationStatus;
use domain::certificates::{AttendedSession, Certificate, Issuer, Signatory};
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
    let Some(issuer) = issuer(db, organiser_id).await? else { return Ok(None) };
    let sessions: HashMap<i32, event_session::Model> = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let attendance = crate::checkin::attendance(db, e.id).await?;
    let session_ids: Vec<i32> = sessions.keys().copied().collect();
    let trainers = crate::attendance::trainers_by_session(db, e.id, &session_ids).await?;
    let registrations = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Id.is_in(attendance.keys().copied().collect::<Vec<_>>()))
        .filter(registration::Column::AnonymisedAt.is_null())
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
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
            let mut names: Vec<String> = Vec::new();
            let mut ids: Vec<&i32> = attendance.get(&r.id).into_iter().flatten().collect();
            ids.sort_by_key(|id| sessions.get(id).map(|s| s.starts_at));
            for name in ids.into_iter().filter_map(|id| trainers.get(id)).flatten() {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
            Certificate {
                registration_id: r.id,
                participant: r.attendee_name,
                email: r.attendee_email,
                organisation: r.organisation_name,
                event_title: e.title.clone(),
                organiser_name: issuer.name.clone(),
                organiser_enterprise_number: issuer.enterprise_number.clone(),
                organiser_address: issuer.address.clone(),
                signatory: issuer.signatory.clone(),
                trainers: names,
                sessions: attended,
                locale: r.order_id.and_then(|id| locales.get(&id).copied()).unwrap_or_default(),
                sent: r.certificate_sent_at.is_some(),
                sent_on: r.certificate_sent_at.map(crate::time::local_date),
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

/// The certificate behind a ticket's code, once it was sent: what its holder
/// may download from the ticket page. `None` for an unknown code, or one whose
/// certificate was not (yet) sent.
pub async fn of_ticket(db: &impl ConnectionTrait, code: &str) -> Result<Option<Certificate>, StoreError> {
    use crate::entities::ticket;
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(t.registration_id).one(db).await? else { return Ok(None) };
    if r.certificate_sent_at.is_none() {
        return Ok(None);
    }
    let Some(e) = event::Entity::find_by_id(r.event_id).one(db).await? else { return Ok(None) };
    Ok(of_event(db, e.organiser_id, e.id).await?.and_then(|all| all.into_iter().find(|c| c.registration_id == r.id)))
}

/// The organiser as its certificates name it; `None` for an unknown id.
pub async fn issuer(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Option<Issuer>, StoreError> {
    let Some(o) = organiser::Entity::find_by_id(organiser_id).one(db).await? else { return Ok(None) };
    let enterprise_number =
        o.enterprise_number.as_deref().and_then(|n| domain::EnterpriseNumber::parse(n).ok()).map(|n| n.to_string());
    let address = match (&o.street, &o.postcode, &o.city) {
        (Some(street), Some(postcode), Some(city)) => Some(format!("{street}, {postcode} {city}")),
        (None, Some(postcode), Some(city)) => Some(format!("{postcode} {city}")),
        _ => None,
    };
    Ok(Some(Issuer {
        signatory: Signatory::stored(o.signatory_name, o.signatory_function),
        name: o.name,
        enterprise_number,
        address,
    }))
}

/// Sets (or, `None`, clears) who signs the organiser's certificates.
pub async fn set_signatory(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    signatory: Option<&Signatory>,
) -> Result<(), StoreError> {
    organiser::Entity::update_many()
        .col_expr(organiser::Column::SignatoryName, Expr::value(signatory.map(|s| s.name().to_string())))
        .col_expr(organiser::Column::SignatoryFunction, Expr::value(signatory.map(|s| s.function().to_string())))
        .filter(organiser::Column::Id.eq(organiser_id))
        .exec(db)
        .await?;
    Ok(())
}
