//! What organiser staff see of their own organiser. Every function takes the
//! organiser's id, which the edge has already checked against the viewer's roles.

use crate::StoreError;
use crate::entities::{event, event_session, organiser, registration};
use crate::time::to_local;
use domain::RegistrationStatus;
pub use domain::accounts::Action;
use domain::backoffice::EventRow;
use domain::forms::Message;
use domain::listing::OrganiserRef;
use domain::registration::GroupBooking;
use domain::{EventKind, EventStatus, Slug};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn organiser_ref(db: &impl ConnectionTrait, slug: &Slug) -> Result<Option<(i32, OrganiserRef)>, StoreError> {
    let found = organiser::Entity::find().filter(organiser::Column::Slug.eq(slug.as_str())).one(db).await?;
    found.map(|o| Ok((o.id, crate::catalogue::organiser_ref(&o)?))).transpose()
}

/// The organiser behind `slug` when the viewer may manage it: staff's own
/// organiser comes with the viewer's grants, a platform admin's others are
/// looked up. `None` for anyone else, and for a slug that names nobody.
async fn managed_organiser(
    db: &impl ConnectionTrait,
    viewer: &domain::accounts::Viewer,
    slug: &str,
) -> Result<Option<(i32, OrganiserRef)>, StoreError> {
    if !viewer.may_manage(slug) {
        return Ok(None);
    }
    if let Some(own) = viewer.organiser_of_grant(slug) {
        return Ok(Some(own));
    }
    let Ok(slug) = Slug::parse(slug) else { return Ok(None) };
    organiser_ref(db, &slug).await
}

/// Someone allowed at an organiser, with the organiser.
#[derive(Debug, Clone)]
pub struct Access {
    pub organiser_id: i32,
    pub organiser: OrganiserRef,
    /// Runs the organiser's back office (staff, admins, platform admins); a
    /// scanner at the door does not.
    pub manages: bool,
}

/// What [`may`] decided.
#[derive(Debug, Clone)]
pub enum Decision {
    Allowed(Access),
    /// Staff of the organiser asking what only its admins may.
    AdminsOnly,
    /// Anyone else: others' organisers (and their events) do not exist for them.
    NotFound,
}

/// The one check of who may do what at the organiser behind `slug`, for the
/// pages' server functions and the form posts alike. Those who manage the
/// organiser (its admins and staff, platform admins) run its back office;
/// only admins [`Action::Administer`]; at the door
/// ([`Action::WorkDoor`]) those who manage it may at any of its events (the
/// store's door functions then find out whether the event is theirs), a
/// scanner of the organiser at its published events and nowhere else.
pub async fn may(
    db: &impl ConnectionTrait,
    viewer: &domain::accounts::Viewer,
    slug: &str,
    action: Action,
) -> Result<Decision, StoreError> {
    use sea_orm::PaginatorTrait;
    if let Some((organiser_id, organiser)) = managed_organiser(db, viewer, slug).await? {
        if action == Action::Administer && !viewer.is_admin_of(organiser.slug.as_str()) {
            return Ok(Decision::AdminsOnly);
        }
        return Ok(Decision::Allowed(Access { organiser_id, organiser, manages: true }));
    }
    let Action::WorkDoor { event_id } = action else { return Ok(Decision::NotFound) };
    if !viewer.has_role_at(domain::Role::Scanner, slug) {
        return Ok(Decision::NotFound);
    }
    let Some((organiser_id, organiser)) = viewer.organiser_of_grant(slug) else { return Ok(Decision::NotFound) };
    let published = event::Entity::find_by_id(event_id)
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .count(db)
        .await?
        > 0;
    Ok(if published {
        Decision::Allowed(Access { organiser_id, organiser, manages: false })
    } else {
        Decision::NotFound
    })
}

/// The door's side of [`may`]: the organiser behind `slug` when the viewer
/// may check people in for its event `event_id`; `None` for anyone else.
pub async fn door_organiser(
    db: &impl ConnectionTrait,
    viewer: &domain::accounts::Viewer,
    slug: &str,
    event_id: i32,
) -> Result<Option<Access>, StoreError> {
    Ok(match may(db, viewer, slug, Action::WorkDoor { event_id }).await? {
        Decision::Allowed(access) => Some(access),
        Decision::AdminsOnly | Decision::NotFound => None,
    })
}

/// The organiser's events: upcoming ones soonest first, then events without
/// sessions yet, then past ones most recent first.
pub async fn events(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<EventRow>, StoreError> {
    let events = event::Entity::find().filter(event::Column::OrganiserId.eq(organiser_id)).all(db).await?;
    let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    let first_start = crate::schedule::first_starts(db, ids.clone()).await?;
    let mut counts: HashMap<(i32, RegistrationStatus), u32> = HashMap::new();
    for r in registration::Entity::find().filter(registration::Column::EventId.is_in(ids)).all(db).await? {
        *counts.entry((r.event_id, r.status)).or_default() += 1;
    }
    let count = |id: i32, status: RegistrationStatus| counts.get(&(id, status)).copied().unwrap_or(0);
    let mut rows = events
        .into_iter()
        .map(|e| {
            let corrupt = |reason: String| StoreError::corrupt("events", e.id, reason);
            Ok(EventRow {
                id: e.id,
                slug: Slug::parse(&e.slug).map_err(|err| corrupt(err.to_string()))?,
                kind: EventKind::from_code(&e.kind).map_err(|err| corrupt(err.to_string()))?,
                status: e.status,
                starts_at: first_start.get(&e.id).map(|t| to_local(*t)),
                capacity: e.capacity.and_then(|c| u32::try_from(c).ok()),
                seats_taken: u32::try_from(e.seats_taken).unwrap_or(0),
                confirmed: count(e.id, RegistrationStatus::Confirmed),
                waitlisted: count(e.id, RegistrationStatus::Waitlisted),
                started: first_start.get(&e.id).is_some_and(|t| *t <= now),
                title: e.title,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let now = to_local(now);
    // 0: upcoming, 1: not scheduled yet, 2: past.
    let group = |r: &EventRow| match r.starts_at {
        Some(t) if t >= now => 0,
        None => 1,
        Some(_) => 2,
    };
    rows.sort_by(|a, b| {
        group(a).cmp(&group(b)).then_with(|| match (group(a), a.starts_at, b.starts_at) {
            (2, Some(x), Some(y)) => y.cmp(&x),
            (_, x, y) => x.cmp(&y).then_with(|| a.title.cmp(&b.title)),
        })
    });
    Ok(rows)
}

/// Changes an event's status and records who did it. Run it in a transaction:
/// on cancellation every registration still on it is settled (credited or
/// refunded, see [`crate::orders::cancel::credit_or_refund`]) and comes back, for the
/// caller to queue the mails in the same transaction, so either everything
/// happens or nothing (and to make the refunds after the commit).
pub async fn change_status(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    change: domain::backoffice::StatusChange,
    person_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<(String, Vec<crate::orders::cancel::Cancelled>), domain::backoffice::Refusal>, StoreError> {
    use sea_orm::sea_query::Expr;
    let Some(e) =
        event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(Err(domain::backoffice::Refusal::UnknownEvent));
    };
    let from = e.status;
    let sessions = event_session::Entity::find().filter(event_session::Column::EventId.eq(e.id)).all(db).await?;
    let has_sessions = !sessions.is_empty();
    if sessions.iter().any(|s| s.starts_at <= now) {
        return Ok(Err(domain::backoffice::Refusal::Started));
    }
    let to = match change.apply(from, has_sessions) {
        Ok(to) => to,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let mut update = event::Entity::update_many()
        .col_expr(event::Column::Status, Expr::value(to))
        .col_expr(event::Column::UpdatedAt, Expr::value(now))
        .filter(event::Column::Id.eq(e.id))
        // Only if nobody changed it in between.
        .filter(event::Column::Status.eq(from));
    update = match to {
        EventStatus::Published => update.col_expr(event::Column::PublishedAt, Expr::value(now)),
        EventStatus::Cancelled => update.col_expr(event::Column::CancelledAt, Expr::value(now)),
        EventStatus::Draft => update,
    };
    if update.exec(db).await?.rows_affected != 1 {
        return Ok(Err(domain::backoffice::Refusal::ChangedMeanwhile));
    }
    crate::entities::audit_entry::ActiveModel {
        organiser_id: sea_orm::ActiveValue::Set(organiser_id),
        person_id: sea_orm::ActiveValue::Set(Some(person_id)),
        entity: sea_orm::ActiveValue::Set("event".into()),
        entity_id: sea_orm::ActiveValue::Set(e.id),
        action: sea_orm::ActiveValue::Set(change.code().into()),
        detail: sea_orm::ActiveValue::Set(Some(e.title.clone())),
        at: sea_orm::ActiveValue::Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut registrants = Vec::new();
    if to == EventStatus::Cancelled {
        // The registrations stay as they were (the event's history), but what
        // they cost is credited or refunded.
        for r in registration::Entity::find()
            .filter(registration::Column::EventId.eq(e.id))
            .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
            .order_by_asc(registration::Column::Id)
            .all(db)
            .await?
        {
            registrants.push(crate::orders::cancel::credit_or_refund(db, &r, now).await?);
        }
    }
    Ok(Ok((e.title, registrants)))
}

/// The organiser's audit log, newest first.
pub async fn audit_log(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    limit: u64,
) -> Result<Vec<domain::backoffice::AuditRow>, StoreError> {
    use crate::entities::{audit_entry, person};
    use sea_orm::QuerySelect;
    let rows = audit_entry::Entity::find()
        .filter(audit_entry::Column::OrganiserId.eq(organiser_id))
        .order_by_desc(audit_entry::Column::At)
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let people: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().filter_map(|r| r.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let detail = r.detail.unwrap_or_default();
            // Some details carry two parts on two lines (see `editor`, `partners`, `people`).
            let (first, second) = detail.split_once('\n').unwrap_or((detail.as_str(), ""));
            let one = |key: &'static str| Message::with(key, &[("first", first)]);
            let two = |key: &'static str| Message::with(key, &[("first", first), ("second", second)]);
            // The details were written in Dutch when they happened; the sentence around them follows the reader.
            let what = match r.action.as_str() {
                "publish" => one("audit.publish"),
                "cancel" => one("audit.cancel"),
                "create" => one("audit.create"),
                "update" => two("audit.update"),
                "duplicate" => two("audit.duplicate"),
                "invite" => two("audit.invite"),
                "revoke" => two("audit.revoke"),
                "organisation.updated" => two("audit.organisation_updated"),
                "organisations.imported" => one("audit.organisations_imported"),
                "organisation.proposed" => two("audit.organisation_proposed"),
                "organisation.changed_by_other" => two("audit.organisation_changed_by_other"),
                "organisation.proposal_accepted" => two("audit.organisation_proposal_accepted"),
                "organisation.proposal_rejected" => two("audit.organisation_proposal_rejected"),
                "api_token.created" => two("audit.api_token_created"),
                "api_token.revoked" => two("audit.api_token_revoked"),
                "registrations.viewed" => one("audit.registrations_viewed"),
                "person.erased" => Message::new("audit.person_erased"),
                "retention.updated" => two("audit.retention_updated"),
                "retention.anonymised" => one("audit.retention_anonymised"),
                "cost_line.added" => two("audit.cost_line_added"),
                "cost_line.updated" => two("audit.cost_line_updated"),
                "cost_line.removed" => one("audit.cost_line_removed"),
                "cost_line.paid_out" => two("audit.cost_line_paid_out"),
                "cost_line.approved" => two("audit.cost_line_approved"),
                "cost_line.approval_withdrawn" => one("audit.cost_line_approval_withdrawn"),
                "cost_line.marked_paid" => two("audit.cost_line_marked_paid"),
                "organiser.four_eyes" => one("audit.four_eyes"),

                "cost_line.settled" => two("audit.cost_line_settled"),
                "trainer.updated" => two("audit.trainer_updated"),
                "bank_account.updated" => two("audit.bank_account_updated"),
                "payment_file.created" => two("audit.payment_file_created"),
                "payment_file.cancelled" => two("audit.payment_file_cancelled"),
                "hold.released" => two("audit.hold_released"),
                "document.added" => two("audit.document_added"),
                "document.updated" => two("audit.document_updated"),
                "document.removed" => two("audit.document_removed"),
                other => Message::with("audit.other", &[("action", other), ("first", first)]),
            };
            domain::backoffice::AuditRow {
                at: to_local(r.at),
                who: r.person_id.and_then(|id| people.get(&id).cloned()),
                what,
            }
        })
        .collect())
}

/// The registrations of one of the organiser's events; `None` for anyone else's event.
pub async fn registrations(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: OrganiserRef,
    event_id: i32,
) -> Result<Option<domain::backoffice::EventRegistrations>, StoreError> {
    use crate::entities::{order, ticket_type};
    use domain::backoffice::{EventRegistrations, ListSession, RegistrationRow};
    use sea_orm::QueryOrder;
    let Some(e) =
        event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(None);
    };
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ListSession { id: s.id, title: s.title, starts_at: to_local(s.starts_at) })
        .collect();
    let regs = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::AnonymisedAt.is_null())
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let tickets: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(e.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let orders: HashMap<i32, order::Model> = order::Entity::find()
        .filter(order::Column::Id.is_in(regs.iter().filter_map(|r| r.order_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let attendance = crate::checkin::attendance(db, e.id).await?;
    let mut rows: Vec<RegistrationRow> = regs
        .into_iter()
        .map(|r| {
            let mut present_at: Vec<i32> =
                attendance.get(&r.id).map(|s| s.iter().copied().collect()).unwrap_or_default();
            present_at.sort_unstable();
            let order = r.order_id.and_then(|id| orders.get(&id));
            let (needs, answers) = crate::orders::book::answers_of(r.answers.as_deref());
            let group = order.and_then(|o| {
                let dates = serde_json::from_str(o.requested_dates.as_deref()?).ok()?;
                Some(GroupBooking { participants: u32::try_from(o.group_size?).ok()?, dates })
            });
            RegistrationRow {
                answers,
                group,
                email: r.attendee_email.unwrap_or_default(),
                organisation: r.organisation_name,
                ticket_type: tickets.get(&r.ticket_type_id).cloned().unwrap_or_default(),
                needs,
                order_reference: order.map(|o| o.reference.clone()),
                booked_by: order.and_then(|o| o.buyer_name.clone()).filter(|b| *b != r.attendee_name),
                registered_at: to_local(r.created_at),
                present_at,
                id: r.id,
                certificate_sent: r.certificate_sent_at.is_some(),
                status: r.status,
                name: r.attendee_name,
            }
        })
        .collect();
    let rank = |status: RegistrationStatus| match status {
        RegistrationStatus::Confirmed | RegistrationStatus::PendingPayment | RegistrationStatus::Unconfirmed => 0,
        RegistrationStatus::Offered => 1,
        RegistrationStatus::Waitlisted => 2,
        RegistrationStatus::Cancelled => 3,
    };
    // Stable: the waiting list keeps its order of arrival.
    rows.sort_by(|a, b| {
        rank(a.status).cmp(&rank(b.status)).then_with(|| {
            if rank(a.status) == 0 {
                a.name.to_lowercase().cmp(&b.name.to_lowercase())
            } else {
                std::cmp::Ordering::Equal
            }
        })
    });
    let questions = crate::editor::questions_of(&e)?.questions;
    Ok(Some(EventRegistrations {
        organiser,
        event_id: e.id,
        questions,
        title: e.title,
        capacity: e.capacity.and_then(|c| u32::try_from(c).ok()),
        sessions,
        rows,
        staff_view: true,
        csrf_token: String::new(),
    }))
}

/// The published events of `organiser_ids` where a trainer with this e-mail
/// address is assigned, soonest first.
pub async fn taught_events(
    db: &impl ConnectionTrait,
    email: &domain::Email,
    organiser_ids: &[i32],
) -> Result<Vec<domain::backoffice::TaughtEvent>, StoreError> {
    use crate::entities::{event_trainer, trainer};
    let trainers: Vec<i32> = trainer::Entity::find()
        .filter(trainer::Column::Email.eq(email.as_str()))
        .filter(trainer::Column::OrganiserId.is_in(organiser_ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let event_ids: Vec<i32> = event_trainer::Entity::find()
        .filter(event_trainer::Column::TrainerId.is_in(trainers))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.event_id)
        .collect();
    let events = event::Entity::find()
        .filter(event::Column::Id.is_in(event_ids.clone()))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .all(db)
        .await?;
    let first = crate::schedule::first_starts(db, event_ids).await?;
    let slugs: HashMap<i32, String> = organiser::Entity::find()
        .filter(organiser::Column::Id.is_in(organiser_ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.slug))
        .collect();
    let mut list: Vec<_> = events
        .into_iter()
        .map(|e| domain::backoffice::TaughtEvent {
            organiser_slug: slugs.get(&e.organiser_id).cloned().unwrap_or_default(),
            event_id: e.id,
            starts_at: first.get(&e.id).map(|t| to_local(*t)),
            title: e.title,
        })
        .collect();
    list.sort_by_key(|t| t.starts_at);
    Ok(list)
}
