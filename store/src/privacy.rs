//! Privacy (GDPR): a person's own data as JSON, erasing an account, the
//! retention job per organiser, and the log of who opened personal data.
//!
//! Anonymising a registration keeps what reports count (event, status, ticket
//! type, price, organisation, check-ins) and clears what points to a person
//! (name, address, account, answers). Erasure and the retention job use the
//! same [`anonymise_registrations`]; both are idempotent through
//! `anonymised_at IS NULL`, so several server processes may run them.

use crate::StoreError;
use crate::entities::{
    audit_entry, check_in, event, event_session, mail_outbox, membership, order, organisation, organiser,
    organiser_retention, person, registration, session, sign_in_token, ticket, ticket_type,
};
use crate::time::to_local;
use chrono::{DateTime, Utc};
use domain::privacy::{ANONYMISED_NAME, ErasureRefusal, RetentionMonths};
use domain::{MailStatus, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

/// Audit actions written here (rendered in Dutch by `backoffice::audit_log`).
pub const VIEWED_REGISTRATIONS: &str = "registrations.viewed";
pub const ERASED: &str = "person.erased";
pub const RETENTION_CHANGED: &str = "retention.updated";
pub const RETENTION_APPLIED: &str = "retention.anonymised";

/// Registration states that are still going to happen.
const LIVE: [RegistrationStatus; 5] = [
    RegistrationStatus::Confirmed,
    RegistrationStatus::PendingPayment,
    RegistrationStatus::Unconfirmed,
    RegistrationStatus::Offered,
    RegistrationStatus::Waitlisted,
];

/// `is_in` lists stay well under the databases' parameter limits.
const CHUNK: usize = 500;

fn time(t: DateTime<Utc>) -> String {
    to_local(t).to_rfc3339()
}

fn audit(
    organiser_id: i32,
    person_id: Option<i32>,
    entity: &str,
    entity_id: i32,
    action: &str,
    detail: Option<String>,
    at: DateTime<Utc>,
) -> audit_entry::ActiveModel {
    audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(person_id),
        entity: Set(entity.into()),
        entity_id: Set(entity_id),
        action: Set(action.into()),
        detail: Set(detail),
        at: Set(at),
        ..Default::default()
    }
}

/// Everything Leernet holds about the person, as one JSON document; `None`
/// for an unknown (or erased) person. Nothing about anyone else: orders she
/// booked list no attendees, her audit trail no details.
pub async fn export(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Value>, StoreError> {
    let Some(p) = person::Entity::find_by_id(person_id).filter(person::Column::AnonymisedAt.is_null()).one(db).await?
    else {
        return Ok(None);
    };
    let organisers: HashMap<i32, String> =
        organiser::Entity::find().all(db).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let organisation_name =
        |db_names: &HashMap<i32, String>, id: Option<i32>| id.and_then(|id| db_names.get(&id).cloned());
    let memberships = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(p.id))
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let regs = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(p.id))
        .filter(registration::Column::AnonymisedAt.is_null())
        .order_by_asc(registration::Column::CreatedAt)
        .all(db)
        .await?;
    let orders = order::Entity::find()
        .filter(order::Column::BuyerPersonId.eq(p.id))
        .order_by_asc(order::Column::CreatedAt)
        .all(db)
        .await?;
    let mut organisation_ids: Vec<i32> = memberships.iter().filter_map(|m| m.organisation_id).collect();
    organisation_ids.extend(p.organisation_id);
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let event_ids: BTreeSet<i32> = regs.iter().map(|r| r.event_id).chain(orders.iter().map(|o| o.event_id)).collect();
    let events: HashMap<i32, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(event_ids.iter().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let reg_ids: Vec<i32> = regs.iter().map(|r| r.id).collect();
    let tickets = ticket::Entity::find().filter(ticket::Column::RegistrationId.is_in(reg_ids.clone())).all(db).await?;
    let check_ins = check_in::Entity::find().filter(check_in::Column::RegistrationId.is_in(reg_ids)).all(db).await?;
    let sessions: HashMap<i32, event_session::Model> = event_session::Entity::find()
        .filter(event_session::Column::EventId.is_in(event_ids.iter().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let ticket_types: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::Id.is_in(regs.iter().map(|r| r.ticket_type_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let event_of = |id: i32| {
        events.get(&id).map(|e| {
            json!({
                "title": e.title,
                "organiser": organisers.get(&e.organiser_id),
            })
        })
    };

    let roles: Vec<Value> = memberships
        .iter()
        .map(|m| {
            json!({
                "role": m.role,
                "organiser": m.organiser_id.and_then(|id| organisers.get(&id)),
                "organisation": organisation_name(&organisations, m.organisation_id),
                "since": time(m.created_at),
            })
        })
        .collect();
    let registrations: Vec<Value> = regs
        .iter()
        .map(|r| {
            let answers = r.answers.as_deref().and_then(|a| serde_json::from_str::<Value>(a).ok());
            json!({
                "event": event_of(r.event_id),
                "status": r.status,
                "name": r.attendee_name,
                "email": r.attendee_email,
                "organisation": r.organisation_name,
                "ticket_type": ticket_types.get(&r.ticket_type_id),
                "price_cents": r.price_cents,
                "answers": answers,
                "registered_at": time(r.created_at),
                "cancelled_at": r.cancelled_at.map(time),
                "tickets": tickets.iter().filter(|t| t.registration_id == r.id).map(|t| json!({
                    "code": t.code,
                    "issued_at": time(t.issued_at),
                    "revoked_at": t.revoked_at.map(time),
                })).collect::<Vec<_>>(),
                "check_ins": check_ins.iter().filter(|c| c.registration_id == r.id).map(|c| {
                    let s = sessions.get(&c.session_id);
                    json!({
                        "session": s.map(|s| s.title.clone()),
                        "session_starts_at": s.map(|s| time(s.starts_at)),
                        "checked_in_at": time(c.checked_in_at),
                        "method": c.method,
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let orders: Vec<Value> = orders
        .iter()
        .map(|o| {
            json!({
                "reference": o.reference,
                "event": event_of(o.event_id),
                "status": o.status,
                "payment_method": o.payment_method,
                "total_cents": o.total_cents,
                "buyer_name": o.buyer_name,
                "buyer_email": o.buyer_email,
                "billing_name": o.billing_name,
                "billing_enterprise_number": o.billing_enterprise_number,
                "po_reference": o.po_reference,
                "group_size": o.group_size,
                "requested_dates": o.requested_dates.as_deref().and_then(|d| serde_json::from_str::<Value>(d).ok()),
                "created_at": time(o.created_at),
            })
        })
        .collect();
    let mails: Vec<Value> = match &p.email {
        Some(email) => mail_outbox::Entity::find()
            .filter(mail_outbox::Column::ToAddress.eq(email.as_str()))
            .order_by_asc(mail_outbox::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                json!({
                    "subject": m.subject,
                    "status": m.status,
                    "created_at": time(m.created_at),
                    "sent_at": m.sent_at.map(time),
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let trail: Vec<Value> = audit_entry::Entity::find()
        .filter(audit_entry::Column::PersonId.eq(p.id))
        .order_by_asc(audit_entry::Column::At)
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "organiser": organisers.get(&a.organiser_id),
                "action": a.action,
                "entity": a.entity,
                "entity_id": a.entity_id,
                "at": time(a.at),
            })
        })
        .collect();
    Ok(Some(json!({
        "exported_at": time(now),
        "person": {
            "name": p.full_name,
            "email": p.email,
            "phone": p.phone,
            "job_title": p.job_title,
            "organisation": organisation_name(&organisations, p.organisation_id),
            "has_password": p.password_hash.is_some(),
            "created_at": time(p.created_at),
        },
        "roles": roles,
        "registrations": registrations,
        "orders": orders,
        "mails": mails,
        "audit_trail": trail,
    })))
}

/// Clears what points to a person in these registrations (name, address,
/// account, answers) and revokes their tickets; keeps event, status, ticket
/// type, price, organisation and check-ins. Registrations anonymised before
/// are left alone. Returns how many were anonymised now.
pub(crate) async fn anonymise_registrations(
    db: &impl ConnectionTrait,
    ids: &[i32],
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut done = 0;
    for chunk in ids.chunks(CHUNK) {
        done += registration::Entity::update_many()
            .col_expr(registration::Column::AttendeeName, Expr::value(ANONYMISED_NAME))
            .col_expr(registration::Column::AttendeeEmail, Expr::value(Option::<String>::None))
            .col_expr(registration::Column::PersonId, Expr::value(Option::<i32>::None))
            .col_expr(registration::Column::Answers, Expr::value(Option::<String>::None))
            .col_expr(registration::Column::AnonymisedAt, Expr::value(now))
            .col_expr(registration::Column::UpdatedAt, Expr::value(now))
            .filter(registration::Column::Id.is_in(chunk.to_vec()))
            .filter(registration::Column::AnonymisedAt.is_null())
            .exec(db)
            .await?
            .rows_affected;
        ticket::Entity::update_many()
            .col_expr(ticket::Column::RevokedAt, Expr::value(now))
            .filter(ticket::Column::RegistrationId.is_in(chunk.to_vec()))
            .filter(ticket::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(done)
}

/// Orders keep their billing data (invoices are legal documents) but lose
/// who booked them.
async fn clear_buyers(db: &impl ConnectionTrait, which: Condition, now: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(order::Entity::update_many()
        .col_expr(order::Column::BuyerName, Expr::value(Option::<String>::None))
        .col_expr(order::Column::BuyerEmail, Expr::value(Option::<String>::None))
        .col_expr(order::Column::BuyerPersonId, Expr::value(Option::<i32>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(which)
        .exec(db)
        .await?
        .rows_affected)
}

fn buyer_data_left() -> Condition {
    Condition::any()
        .add(order::Column::BuyerName.is_not_null())
        .add(order::Column::BuyerEmail.is_not_null())
        .add(order::Column::BuyerPersonId.is_not_null())
}

/// What an erasure did: the seats it gave back, with their offers to the
/// waiting list, credit notes and refunds (to be mailed and made).
#[derive(Debug, Default)]
pub struct Erased {
    pub cancelled: Vec<crate::orders::cancel::Cancelled>,
    pub registrations: u64,
}

/// Erases the person's account: live registrations of events still to come
/// are cancelled (seat freed, offered to the waiting list), all her
/// registrations anonymised, her orders lose the buyer's name and address,
/// her sessions, sign-in links, roles and unsent mails go, and the person row
/// keeps no personal data. Refused while she is an organiser's only admin.
/// Run in a write transaction: all of it happens, or nothing.
pub async fn erase(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<Erased, ErasureRefusal>, StoreError> {
    let Some(p) = person::Entity::find_by_id(person_id).filter(person::Column::AnonymisedAt.is_null()).one(db).await?
    else {
        return Ok(Ok(Erased::default()));
    };
    let memberships = membership::Entity::find().filter(membership::Column::PersonId.eq(p.id)).all(db).await?;
    let mut sole = Vec::new();
    for organiser_id in memberships.iter().filter(|m| m.role == "admin").filter_map(|m| m.organiser_id) {
        let others = membership::Entity::find()
            .filter(membership::Column::OrganiserId.eq(organiser_id))
            .filter(membership::Column::Role.eq("admin"))
            .filter(membership::Column::PersonId.ne(p.id))
            .count(db)
            .await?;
        if others == 0 {
            let name = organiser::Entity::find_by_id(organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
            sole.push(name);
        }
    }
    if !sole.is_empty() {
        sole.sort();
        sole.dedup();
        return Ok(Err(ErasureRefusal::LastAdmin(sole)));
    }

    let regs = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(p.id))
        .filter(registration::Column::AnonymisedAt.is_null())
        .all(db)
        .await?;
    let starts = crate::schedule::first_starts(db, regs.iter().map(|r| r.event_id).collect()).await?;
    let mut cancelled = Vec::new();
    for r in regs.iter().filter(|r| LIVE.contains(&r.status)) {
        // Events still to come (or not yet scheduled): give the seat back.
        if starts.get(&r.event_id).is_none_or(|start| *start > now) {
            cancelled.extend(crate::orders::cancel::cancel_and_offer(db, r, now).await?);
        }
    }
    let ids: Vec<i32> = regs.iter().map(|r| r.id).collect();
    let anonymised = anonymise_registrations(db, &ids, now).await?;

    // Who is told: every organiser that held something of hers.
    let mut organisers: BTreeSet<i32> = memberships.iter().filter_map(|m| m.organiser_id).collect();
    organisers.extend(
        event::Entity::find()
            .filter(event::Column::Id.is_in(regs.iter().map(|r| r.event_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|e| e.organiser_id),
    );
    organisers.extend(
        order::Entity::find()
            .filter(order::Column::BuyerPersonId.eq(p.id))
            .all(db)
            .await?
            .into_iter()
            .map(|o| o.organiser_id),
    );
    clear_buyers(db, Condition::all().add(order::Column::BuyerPersonId.eq(p.id)), now).await?;

    session::Entity::delete_many().filter(session::Column::PersonId.eq(p.id)).exec(db).await?;
    crate::entities::calendar_feed::Entity::delete_by_id(p.id).exec(db).await?;
    membership::Entity::delete_many().filter(membership::Column::PersonId.eq(p.id)).exec(db).await?;
    if let Some(email) = &p.email {
        sign_in_token::Entity::delete_many().filter(sign_in_token::Column::Email.eq(email.as_str())).exec(db).await?;
        // Mail that has not gone out yet is not sent any more.
        mail_outbox::Entity::delete_many()
            .filter(mail_outbox::Column::ToAddress.eq(email.as_str()))
            .filter(mail_outbox::Column::Status.is_in([MailStatus::Queued, MailStatus::Failed]))
            .exec(db)
            .await?;
    }
    // The row stays (audit entries and check-ins point to it) without anything personal.
    person::Entity::update_many()
        .col_expr(person::Column::FullName, Expr::value(ANONYMISED_NAME))
        .col_expr(person::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(person::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(person::Column::JobTitle, Expr::value(Option::<String>::None))
        .col_expr(person::Column::OrganisationId, Expr::value(Option::<i32>::None))
        .col_expr(person::Column::PasswordHash, Expr::value(Option::<String>::None))
        .col_expr(person::Column::AnonymisedAt, Expr::value(now))
        .filter(person::Column::Id.eq(p.id))
        .exec(db)
        .await?;
    for organiser_id in organisers {
        audit(organiser_id, None, "person", p.id, ERASED, None, now).insert(db).await?;
    }
    Ok(Ok(Erased { cancelled, registrations: anonymised }))
}

/// The organisers' events whose last session ended longer ago than their
/// organiser keeps personal data, by organiser.
async fn expired_events(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<HashMap<i32, Vec<i32>>, StoreError> {
    let retention: HashMap<i32, RetentionMonths> = organiser_retention::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, RetentionMonths::from_stored(o.retention_months)))
        .collect();
    // No organiser keeps less than the minimum: younger sessions cannot matter.
    let Some(shortest) = retention.values().min().copied() else { return Ok(HashMap::new()) };
    let candidates: Vec<i32> = event_session::Entity::find()
        .select_only()
        .column(event_session::Column::EventId)
        .filter(event_session::Column::EndsAt.lt(shortest.cutoff(now)))
        .distinct()
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let mut last_end: HashMap<i32, DateTime<Utc>> = HashMap::new();
    for chunk in candidates.chunks(CHUNK) {
        for s in
            event_session::Entity::find().filter(event_session::Column::EventId.is_in(chunk.to_vec())).all(db).await?
        {
            last_end.entry(s.event_id).and_modify(|t| *t = std::cmp::max(*t, s.ends_at)).or_insert(s.ends_at);
        }
    }
    let mut due: HashMap<i32, Vec<i32>> = HashMap::new();
    for chunk in candidates.chunks(CHUNK) {
        for (event_id, organiser_id) in event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .column(event::Column::OrganiserId)
            .filter(event::Column::Id.is_in(chunk.to_vec()))
            .into_tuple::<(i32, i32)>()
            .all(db)
            .await?
        {
            let keep = retention.get(&organiser_id).copied().unwrap_or(RetentionMonths::DEFAULT);
            if last_end.get(&event_id).is_some_and(|end| keep.expired(*end, now)) {
                due.entry(organiser_id).or_default().push(event_id);
            }
        }
    }
    Ok(due)
}

/// Whether the retention job has anything to do (a read before the write lock).
pub async fn retention_due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<bool, StoreError> {
    for events in expired_events(db, now).await?.values() {
        for chunk in events.chunks(CHUNK) {
            let registrations = registration::Entity::find()
                .filter(registration::Column::EventId.is_in(chunk.to_vec()))
                .filter(registration::Column::AnonymisedAt.is_null())
                .count(db)
                .await?;
            let orders = order::Entity::find()
                .filter(order::Column::EventId.is_in(chunk.to_vec()))
                .filter(buyer_data_left())
                .count(db)
                .await?;
            if registrations + orders > 0 {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Anonymises the registrations and order buyers of every event past its
/// organiser's retention period; one audit entry per organiser that had
/// something to anonymise. Returns how many registrations were anonymised.
/// Run in a write transaction; a second run finds nothing left to do.
pub async fn apply_retention(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut total = 0;
    for (organiser_id, events) in expired_events(db, now).await? {
        let (mut registrations, mut orders) = (0, 0);
        for chunk in events.chunks(CHUNK) {
            let ids: Vec<i32> = registration::Entity::find()
                .select_only()
                .column(registration::Column::Id)
                .filter(registration::Column::EventId.is_in(chunk.to_vec()))
                .filter(registration::Column::AnonymisedAt.is_null())
                .into_tuple::<i32>()
                .all(db)
                .await?;
            registrations += anonymise_registrations(db, &ids, now).await?;
            orders += clear_buyers(
                db,
                Condition::all().add(order::Column::EventId.is_in(chunk.to_vec())).add(buyer_data_left()),
                now,
            )
            .await?;
        }
        if registrations + orders > 0 {
            let detail = format!("{registrations} inschrijvingen, {orders} bestellingen");
            audit(organiser_id, None, "organiser", organiser_id, RETENTION_APPLIED, Some(detail), now)
                .insert(db)
                .await?;
        }
        total += registrations;
    }
    Ok(total)
}

/// How long the organiser keeps personal data of past events.
pub async fn retention_of(db: &impl ConnectionTrait, organiser_id: i32) -> Result<RetentionMonths, StoreError> {
    Ok(organiser_retention::Entity::find_by_id(organiser_id)
        .one(db)
        .await?
        .map_or(RetentionMonths::DEFAULT, |o| RetentionMonths::from_stored(o.retention_months)))
}

/// Changes the retention period and records who did it.
pub async fn set_retention(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    months: RetentionMonths,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let before = retention_of(db, organiser_id).await?;
    organiser_retention::Entity::update_many()
        .col_expr(
            organiser_retention::Column::RetentionMonths,
            Expr::value(i32::try_from(months.months()).unwrap_or(24)),
        )
        .filter(organiser_retention::Column::Id.eq(organiser_id))
        .exec(db)
        .await?;
    if before != months {
        let detail = format!("{}\n{}", before.months(), months.months());
        audit(organiser_id, Some(person_id), "organiser", organiser_id, RETENTION_CHANGED, Some(detail), now)
            .insert(db)
            .await?;
    }
    Ok(())
}

/// Records that someone opened an event's list of participants (personal data).
pub async fn log_registrations_view(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    event_title: &str,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    audit(organiser_id, Some(person_id), "event", event_id, VIEWED_REGISTRATIONS, Some(event_title.to_string()), now)
        .insert(db)
        .await?;
    Ok(())
}
