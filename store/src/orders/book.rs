//! Booking, the first step of an order's lifecycle (see [`crate::orders`]):
//! what the form offers ([`choices`]), registering everyone of an order with a
//! seat or on the waiting list ([`register`], seats taken in
//! [`crate::orders::seats`]), a large group's confirmation by its booker
//! ([`confirm_booking`]), the tickets and a person's registrations, and
//! [`withdraw`], the one way a registration lets its seat go.

use crate::StoreError;
use crate::entities::{event, event_session, order, organisation, registration, ticket, ticket_type};
use crate::orders::seats::{give_back_seat, seats_held, take_seats};
use chrono::{DateTime, Utc};
use domain::capacity::SeatsLeft;
use domain::i18n::Locale;
use domain::registration::{
    GroupOffer, MyRegistration, Payment, Placement, RegistrationChoices, RegistrationRefusal, RegistrationRequest,
    Seating, TicketOption, Workplace,
};
use domain::{Audience, Email, EventKind, Money, RegistrationWindow, TicketEligibility};
use domain::{EventStatus, OrderStatus, PaymentMethod, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    SqlErr,
};
use std::collections::HashMap;

/// Who places an order, for the bounds on seats held without payment or
/// confirmation (see `domain::limits`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The client (`domain::limits::ClientKey`), kept on the order while it holds seats.
    pub client: Option<String>,
    /// Signed-in coordinators and organisers (their API tokens) are trusted:
    /// no confirmation by mail, no bound on holds.
    pub trusted: bool,
    /// Seats one booker address or one client may hold at once.
    pub seats_held: u32,
}

impl Holder {
    /// An organiser's own integration (API token): trusted.
    pub fn organiser() -> Self {
        Holder { client: None, trusted: true, seats_held: u32::MAX }
    }
}

/// How long a large group waits for its booker's confirmation: a day, never
/// past the end of registration or the start of the activity.
pub(crate) fn confirm_by(
    now: DateTime<Utc>,
    closes_at: Option<DateTime<Utc>>,
    first_start: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let mut until = now + chrono::Duration::hours(domain::limits::CONFIRMATION_TTL_HOURS);
    for limit in [closes_at, first_start].into_iter().flatten() {
        until = std::cmp::min(until, limit);
    }
    until
}

pub(crate) async fn published_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<event::Model>, StoreError> {
    Ok(event::Entity::find_by_id(event_id)
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .one(db)
        .await?)
}

/// Issues the ticket of a registration that has its seat: a new secret code
/// (the QR code's address), returned in the clear for the mail.
pub(crate) async fn issue_ticket(
    db: &impl ConnectionTrait,
    registration_id: i32,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let code = crate::accounts::new_secret();
    ticket::ActiveModel {
        registration_id: Set(registration_id),
        code: Set(code.clone()),
        issued_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(code)
}

/// What the registration form of a published event offers; `None` when there is no such event.
pub async fn choices(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<RegistrationChoices>, StoreError> {
    let Some(e) = published_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let tickets = ticket_type::Entity::find()
        .filter(ticket_type::Column::EventId.eq(e.id))
        .filter(ticket_type::Column::Active.eq(true))
        .order_by_asc(ticket_type::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            Ok(TicketOption {
                id: t.id,
                eligibility: TicketEligibility::from_code(&t.eligibility)
                    .map_err(|err| StoreError::corrupt("ticket_types", t.id, err))?,
                price: Money::from_cents(t.price_cents),
                name: t.name,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(RegistrationChoices {
        audience: Audience::from_code(&e.audience).map_err(|err| StoreError::corrupt("events", e.id, err))?,
        tickets,
        partners: crate::people::partner_organisations(db, organiser_id).await?,
        questions: crate::editor::questions_of(&e)?.questions,
        group: group_offer(db, &e, now).await?,
    }))
}

/// How a group module is booked; `None` for any other kind of event.
async fn group_offer(
    db: &impl ConnectionTrait,
    e: &event::Model,
    now: DateTime<Utc>,
) -> Result<Option<GroupOffer>, StoreError> {
    if e.kind != EventKind::GroupModule.code() {
        return Ok(None);
    }
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(db)
        .await?;
    Ok(Some(GroupOffer {
        max_participants: e
            .group_max_participants
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(u32::try_from(domain::registration::MAX_ATTENDEES).unwrap_or(25)),
        sessions: sessions.into_iter().map(|s| (s.title, crate::time::local_date(s.starts_at))).collect(),
        // A booking can't ask for today: the trainer needs a day's notice at least.
        earliest: crate::time::local_date(now) + chrono::Days::new(1),
    }))
}

/// An attendee's confirmation: where their ticket is (none while waitlisted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedAttendee {
    pub name: String,
    pub email: Email,
    pub ticket_code: Option<String>,
}

/// A session of the booked event, for the calendar entry in the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedSession {
    pub id: i32,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    /// The venue with its directions and accessibility, for the mails.
    pub place: Option<domain::reminders::Place>,
    pub online_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub placement: Placement,
    pub sessions: Vec<BookedSession>,
    pub order_reference: String,
    pub event_title: String,
    pub total: Money,
    pub attendees: Vec<BookedAttendee>,
    /// The invoice of an order paid on invoice whose seats are confirmed.
    pub invoice: Option<crate::invoices::Issued>,
    /// A group module's booking: group size and the dates asked for.
    pub group: Option<domain::registration::GroupBooking>,
    /// The language the booker registered in; the order's mails speak it.
    pub locale: Locale,
    /// A large group booked by someone not signed in: nobody is mailed and no
    /// ticket exists until the booker confirms with this token (by mail).
    pub awaiting_confirmation: Option<AwaitingConfirmation>,
}

/// The booker's confirmation a large group waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaitingConfirmation {
    /// The secret of the confirmation link (only its hash is stored).
    pub token: String,
    pub until: DateTime<Utc>,
}

/// Registers everyone in `request` for the event, all with a seat or all on
/// the waiting list. Run it in a write transaction (`crate::begin_write`): the
/// caller queues the confirmation mails in the same transaction.
pub async fn register(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    request: &RegistrationRequest,
    locale: Locale,
    holder: &Holder,
    now: DateTime<Utc>,
) -> Result<Result<Booked, RegistrationRefusal>, StoreError> {
    let Some(e) = published_event(db, organiser_id, event_id).await? else {
        return Ok(Err(RegistrationRefusal::UnknownEvent));
    };
    let first_start = crate::schedule::first_start(db, e.id).await?;
    if !RegistrationWindow::at(now, e.registration_opens_at, e.registration_closes_at, first_start).is_open() {
        return Ok(Err(RegistrationRefusal::Closed));
    }
    // The price comes from the database, never from the form.
    let Some(ticket_type) = ticket_type::Entity::find_by_id(request.ticket.id)
        .filter(ticket_type::Column::EventId.eq(e.id))
        .filter(ticket_type::Column::Active.eq(true))
        .one(db)
        .await?
    else {
        return Ok(Err(RegistrationRefusal::UnknownTicket));
    };
    let emails: Vec<String> = request.attendees.iter().map(|a| a.email.to_string()).collect();
    if let Some(existing) = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::AttendeeEmail.is_in(emails))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .one(db)
        .await?
    {
        let email = Email::parse(existing.attendee_email.as_deref().unwrap_or_default())
            .map_err(|err| StoreError::corrupt("registrations", existing.id, err))?;
        return Ok(Err(RegistrationRefusal::AlreadyRegistered(email)));
    }
    let wanted = i32::try_from(request.attendees.len()).unwrap_or(i32::MAX);
    let fits_ticket_type = match ticket_type.capacity {
        None => true,
        Some(limit) => {
            let taken = registration::Entity::find()
                .filter(registration::Column::TicketTypeId.eq(ticket_type.id))
                .filter(registration::Column::Status.is_in(RegistrationStatus::HOLDING_A_SEAT))
                .count(db)
                .await?;
            SeatsLeft::compute(Some(u32::try_from(limit).unwrap_or(0)), u32::try_from(taken).unwrap_or(u32::MAX))
                .fits(u32::try_from(wanted).unwrap_or(u32::MAX))
        }
    };
    // Take the seats only if they are all there, in one statement.
    let placement = if fits_ticket_type {
        if take_seats(db, &e, wanted).await? { Placement::Confirmed } else { Placement::Waitlisted }
    } else {
        Placement::Waitlisted
    };

    let price = Money::from_cents(ticket_type.price_cents);
    let total = price * u32::try_from(wanted).unwrap_or(0);
    let paying_online = matches!(request.payment, Payment::Online) && !total.is_zero();
    // How the seats are held (and each registration's status) is the domain's rule.
    let seating = Seating::new(placement, paying_online, request.attendees.len(), holder.trusted);
    let needs_confirmation = seating.needs_confirmation;
    let holds = seating.holds();
    if holds && !holder.trusted {
        let held = seats_held(db, &request.booker_email, holder.client.as_deref()).await?;
        if !domain::limits::hold_fits(held, u64::try_from(wanted).unwrap_or(u64::MAX), holder.seats_held) {
            // The caller rolls the transaction back: the seats taken above go with it.
            return Ok(Err(RegistrationRefusal::TooManySeatsHeld { held, limit: holder.seats_held }));
        }
    }
    let confirmation = needs_confirmation.then(|| {
        let token = crate::accounts::new_secret();
        let until = confirm_by(now, e.registration_closes_at, first_start);
        (token, until)
    });
    let buyer = crate::accounts::find_or_create_person(db, &request.booker_email, now).await?;
    let (payment_method, billing_name, billing_number, po_reference) = match &request.payment {
        _ if total.is_zero() => (PaymentMethod::Free, None, None, None),
        Payment::Free => (PaymentMethod::Free, None, None, None),
        Payment::Invoice { organisation, enterprise_number, po_reference } => {
            (PaymentMethod::Invoice, Some(organisation.clone()), Some(enterprise_number.digits()), po_reference.clone())
        }
        Payment::Online => (PaymentMethod::Online, None, None, None),
    };
    let reference = format!("{}-{}", now.format("%Y"), crate::accounts::new_secret()[..8].to_uppercase());
    let placed = order::ActiveModel {
        organiser_id: Set(organiser_id),
        event_id: Set(e.id),
        reference: Set(reference.clone()),
        buyer_person_id: Set(Some(buyer.id)),
        payment_method: Set(payment_method),
        // Free orders are settled; invoices wait for the bank.
        status: Set(if total.is_zero() { OrderStatus::Paid } else { OrderStatus::Pending }),
        total_cents: Set(if placement == Placement::Confirmed { total.cents() } else { 0 }),
        po_reference: Set(po_reference),
        buyer_name: Set(Some(request.booker_name.clone())),
        buyer_email: Set(Some(request.booker_email.to_string())),
        billing_name: Set(billing_name),
        billing_enterprise_number: Set(billing_number),
        group_size: Set(request.group.as_ref().and_then(|g| i32::try_from(g.participants).ok())),
        requested_dates: Set(match &request.group {
            Some(g) => Some(serde_json::to_string(&g.dates).map_err(|e| sea_orm::DbErr::Json(e.to_string()))?),
            None => None,
        }),
        locale: Set(locale.code().to_string()),
        hold_client: Set(holder.client.clone().filter(|_| holds)),
        confirm_token_hash: Set(confirmation.as_ref().map(|(token, _)| crate::accounts::hash_secret(token))),
        confirm_by: Set(confirmation.as_ref().map(|(_, until)| *until)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let partner_names: HashMap<i32, String> = organisation::Entity::find()
        .filter(
            organisation::Column::Id.is_in(
                request
                    .attendees
                    .iter()
                    .filter_map(|a| match a.workplace {
                        Workplace::Partner(id) => Some(id),
                        Workplace::Other(_) => None,
                    })
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut attendees = Vec::new();
    for a in &request.attendees {
        let person = crate::accounts::find_or_create_person(db, &a.email, now).await?;
        let (organisation_id, organisation_name) = match &a.workplace {
            Workplace::Partner(id) => (Some(*id), partner_names.get(id).cloned()),
            Workplace::Other(name) => (None, Some(name.clone())),
        };
        let answers = stored_answers(a)?;
        let inserted = registration::ActiveModel {
            event_id: Set(e.id),
            order_id: Set(Some(placed.id)),
            ticket_type_id: Set(ticket_type.id),
            person_id: Set(Some(person.id)),
            attendee_name: Set(a.name.clone()),
            attendee_email: Set(Some(a.email.to_string())),
            organisation_id: Set(organisation_id),
            organisation_name: Set(organisation_name),
            // Paying online: the seats are held (not yet confirmed, no tickets)
            // until the payment comes through; see `crate::orders::settle`.
            status: Set(seating.status()),
            price_cents: Set(price.cents()),
            answers: Set(answers),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await;
        let inserted = match inserted {
            Ok(r) => r,
            // Registered a moment ago by a request that raced this one.
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Ok(Err(RegistrationRefusal::AlreadyRegistered(a.email.clone())));
            }
            Err(err) => return Err(err.into()),
        };
        let ticket_code = if seating.tickets_now() { Some(issue_ticket(db, inserted.id, now).await?) } else { None };
        attendees.push(BookedAttendee { name: a.name.clone(), email: a.email.clone(), ticket_code });
    }
    let sessions = booked_sessions(db, e.id).await?;
    let invoice = crate::invoices::issue_for_order(db, placed.id, now).await?;
    Ok(Ok(Booked {
        placement,
        sessions,
        order_reference: reference,
        event_title: e.title,
        total,
        attendees,
        invoice,
        group: request.group.clone(),
        locale,
        awaiting_confirmation: confirmation.map(|(token, until)| AwaitingConfirmation { token, until }),
    }))
}

/// What an attendee told us, as kept in `registrations.answers`:
/// `{"needs": "...", "answers": [{"key": 1, "kind": "diet", "question": "...", "value": "..."}]}`.
fn stored_answers(a: &domain::registration::Attendee) -> Result<Option<String>, StoreError> {
    if a.needs.is_none() && a.answers.is_empty() {
        return Ok(None);
    }
    let mut stored = serde_json::Map::new();
    if let Some(needs) = &a.needs {
        stored.insert("needs".into(), needs.clone().into());
    }
    if !a.answers.is_empty() {
        stored.insert(
            "answers".into(),
            serde_json::to_value(&a.answers).map_err(|e| sea_orm::DbErr::Json(e.to_string()))?,
        );
    }
    Ok(Some(serde_json::Value::Object(stored).to_string()))
}

/// The answers kept with a registration (see [`stored_answers`]); unreadable ones are left out.
pub(crate) fn answers_of(stored: Option<&str>) -> (Option<String>, Vec<domain::questions::Answer>) {
    let Some(value) = stored.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()) else {
        return (None, Vec::new());
    };
    let needs = value.get("needs").and_then(|n| n.as_str()).map(str::to_string);
    let answers = value.get("answers").and_then(|a| serde_json::from_value(a.clone()).ok()).unwrap_or_default();
    (needs, answers)
}

/// The ticket behind `code` with what its holder needs; `None` for an unknown code.
/// `qr_svg` is left empty: drawing it is the edge's job.
pub async fn ticket_view(
    db: &impl ConnectionTrait,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<domain::registration::TicketView>, StoreError> {
    use crate::entities::organiser;
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(t.registration_id).one(db).await? else { return Ok(None) };
    let Some(e) = event::Entity::find_by_id(r.event_id).one(db).await? else { return Ok(None) };
    let Some(o) = organiser::Entity::find_by_id(e.organiser_id).one(db).await? else { return Ok(None) };
    let ticket_type =
        ticket_type::Entity::find_by_id(r.ticket_type_id).one(db).await?.map(|t| t.name).unwrap_or_default();
    let reference = match r.order_id {
        Some(id) => order::Entity::find_by_id(id).one(db).await?.map(|o| o.reference).unwrap_or_default(),
        None => String::new(),
    };
    // The same sessions, with their venues written the same way, as the confirmation mail's.
    let sessions = booked_sessions(db, e.id).await?;
    let first_start = sessions.first().map(|s| s.starts_at);
    Ok(Some(domain::registration::TicketView {
        event_title: e.title.clone(),
        event_path: domain::paths::event(&o.slug, &e.slug),
        organiser: o.name,
        attendee: r.attendee_name.clone(),
        organisation: r.organisation_name.clone(),
        ticket_type,
        reference,
        cancellable: may_cancel(&r, &e, first_start, now) && t.revoked_at.is_none(),
        offer_expires_at: r
            .offer_expires_at
            .filter(|_| r.status == RegistrationStatus::Offered)
            .map(crate::time::to_local),
        certificate: r.certificate_sent_at.is_some()
            && r.status == RegistrationStatus::Confirmed
            && r.anonymised_at.is_none(),
        status: r.status,
        sessions: sessions
            .iter()
            .map(|s| domain::registration::TicketSession {
                title: s.title.clone(),
                starts_at: crate::time::to_local(s.starts_at),
                ends_at: crate::time::to_local(s.ends_at),
                venue: s.location.clone(),
            })
            .collect(),
        qr_svg: String::new(),
    }))
}

/// The language of order `order_id` (Dutch for none, or an unknown code).
pub async fn order_locale(db: &impl ConnectionTrait, order_id: Option<i32>) -> Result<Locale, StoreError> {
    let Some(id) = order_id else { return Ok(Locale::Nl) };
    let code = order::Entity::find_by_id(id)
        .select_only()
        .column(order::Column::Locale)
        .into_tuple::<String>()
        .one(db)
        .await?;
    Ok(code.as_deref().and_then(Locale::parse).unwrap_or_default())
}

/// Until the event's cancellation deadline, or its start when it has none.
pub(crate) fn may_cancel(
    r: &registration::Model,
    e: &event::Model,
    first_start: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let deadline = e.cancellation_deadline.or(first_start);
    r.status != RegistrationStatus::Cancelled && e.status == EventStatus::Published && deadline.is_none_or(|d| now < d)
}

/// Cancels a registration (only if its status is still the one read: a
/// double click frees one seat, not two), gives back the seat it held and
/// revokes its ticket. `false` when someone else changed it first.
pub(crate) async fn withdraw(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Cancelled))
        .col_expr(registration::Column::CancelledAt, Expr::value(now))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(r.id))
        .filter(registration::Column::Status.eq(r.status.as_str()))
        .exec(db)
        .await?
        .rows_affected;
    if changed != 1 {
        return Ok(false);
    }
    give_back_seat(db, r.event_id, r.status).await?;
    ticket::Entity::update_many()
        .col_expr(ticket::Column::RevokedAt, Expr::value(now))
        .filter(ticket::Column::RegistrationId.eq(r.id))
        .filter(ticket::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(true)
}

/// The person's registrations, upcoming first (soonest on top), then past ones.
pub async fn my_registrations(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<MyRegistration>, StoreError> {
    use crate::entities::organiser;
    let regs = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(person_id))
        .filter(registration::Column::AnonymisedAt.is_null())
        .all(db)
        .await?;
    let event_ids: Vec<i32> = regs.iter().map(|r| r.event_id).collect();
    let events: HashMap<i32, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(event_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let organisers: HashMap<i32, String> = organiser::Entity::find()
        .filter(organiser::Column::Id.is_in(events.values().map(|e| e.organiser_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.slug))
        .collect();
    let starts = crate::schedule::first_starts(db, event_ids).await?;
    let codes = crate::tickets::live_codes(db, regs.iter().map(|r| r.id).collect()).await?;
    let mut list: Vec<(Option<DateTime<Utc>>, MyRegistration)> = regs
        .into_iter()
        .filter_map(|r| {
            let e = events.get(&r.event_id)?;
            let start = starts.get(&e.id).copied();
            Some((
                start,
                MyRegistration {
                    event_title: e.title.clone(),
                    event_path: domain::paths::event(organisers.get(&e.organiser_id)?, &e.slug),
                    starts_at: start.map(crate::time::to_local),
                    ticket_code: codes.get(&r.id).cloned(),
                    certificate: r.certificate_sent_at.is_some() && r.status == RegistrationStatus::Confirmed,
                    status: r.status,
                },
            ))
        })
        .collect();
    // Upcoming soonest first, then the past most recent first.
    list.sort_by(|(a, _), (b, _)| {
        let upcoming = |t: &Option<DateTime<Utc>>| t.is_none_or(|t| t >= now);
        upcoming(b).cmp(&upcoming(a)).then_with(|| if upcoming(a) { a.cmp(b) } else { b.cmp(a) })
    });
    Ok(list.into_iter().map(|(_, r)| r).collect())
}

/// A group module's booking as the order keeps it (size and dates asked for).
pub(crate) fn group_of(o: &order::Model) -> Option<domain::registration::GroupBooking> {
    let dates = serde_json::from_str(o.requested_dates.as_deref()?).ok()?;
    Some(domain::registration::GroupBooking { participants: u32::try_from(o.group_size?).ok()?, dates })
}

/// The event's sessions in order, each with its venue written out once for
/// every place that shows it (the confirmation's calendar entry, the ticket).
pub(crate) async fn booked_sessions(
    db: &impl ConnectionTrait,
    event_id: i32,
) -> Result<Vec<BookedSession>, StoreError> {
    use crate::entities::venue;
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(db)
        .await?;
    let venues: HashMap<i32, domain::reminders::Place> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, crate::reminders::place_of(&v)))
        .collect();
    Ok(sessions
        .into_iter()
        .map(|s| BookedSession {
            id: s.id,
            location: s.venue_id.and_then(|id| venues.get(&id)).map(|p| p.address()),
            place: s.venue_id.and_then(|id| venues.get(&id).cloned()),
            online_url: s.online_url.clone().filter(|u| !u.trim().is_empty()),
            title: s.title,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        })
        .collect())
}

/// What following a large group's confirmation link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Seats confirmed and tickets issued (or the group is on the waiting
    /// list): mail everyone now.
    Confirmed { booked: Box<Booked>, organiser_id: i32, booker_name: String, booker_email: Email },
    /// Confirmed before; nothing changed.
    AlreadyConfirmed,
    /// Too late: the seats went back (or are about to).
    Lapsed,
}

/// Confirms the booking behind a confirmation link's `token`, once: its held
/// seats become confirmed with tickets (and its invoice is issued). `None`
/// for an unknown token. Run it in a write transaction; the caller queues
/// the confirmation mails in it.
pub async fn confirm_booking(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Confirmation>, StoreError> {
    let hash = crate::accounts::hash_secret(token);
    let Some(o) = order::Entity::find().filter(order::Column::ConfirmTokenHash.eq(hash)).one(db).await? else {
        return Ok(None);
    };
    match o.confirm_by {
        None => return Ok(Some(Confirmation::AlreadyConfirmed)),
        Some(until) if until <= now || o.status == OrderStatus::Cancelled => return Ok(Some(Confirmation::Lapsed)),
        Some(_) => {}
    }
    let settled = order::Entity::update_many()
        .col_expr(order::Column::ConfirmBy, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(order::Column::HoldClient, Expr::value(Option::<String>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::ConfirmBy.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    if settled != 1 {
        return Ok(Some(Confirmation::AlreadyConfirmed));
    }
    let regs = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .filter(registration::Column::Status.is_in([RegistrationStatus::Unconfirmed, RegistrationStatus::Waitlisted]))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let mut placement = Placement::Waitlisted;
    let mut attendees = Vec::new();
    for r in regs {
        let ticket_code = if r.status == RegistrationStatus::Unconfirmed {
            placement = Placement::Confirmed;
            registration::Entity::update_many()
                .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Confirmed))
                .col_expr(registration::Column::UpdatedAt, Expr::value(now))
                .filter(registration::Column::Id.eq(r.id))
                .filter(registration::Column::Status.eq(RegistrationStatus::Unconfirmed))
                .exec(db)
                .await?;
            Some(issue_ticket(db, r.id, now).await?)
        } else {
            None
        };
        let Some(email) = r.attendee_email.as_deref().and_then(|e| Email::parse(e).ok()) else { continue };
        attendees.push(BookedAttendee { name: r.attendee_name, email, ticket_code });
    }
    let Some(e) = event::Entity::find_by_id(o.event_id).one(db).await? else { return Ok(None) };
    let booker_email = Email::parse(o.buyer_email.as_deref().unwrap_or_default())
        .map_err(|err| StoreError::corrupt("orders", o.id, err))?;
    let invoice = crate::invoices::issue_for_order(db, o.id, now).await?;
    let group = group_of(&o);
    let booked = Booked {
        placement,
        sessions: booked_sessions(db, e.id).await?,
        order_reference: o.reference,
        event_title: e.title,
        total: Money::from_cents(o.total_cents),
        attendees,
        invoice,
        locale: Locale::parse(&o.locale).unwrap_or_default(),
        group,
        awaiting_confirmation: None,
    };
    Ok(Some(Confirmation::Confirmed {
        booked: Box::new(booked),
        organiser_id: o.organiser_id,
        booker_name: o.buyer_name.unwrap_or_default(),
        booker_email,
    }))
}

/// Whether any group's confirmation ran out (a cheap look before a write).
pub async fn confirmations_lapsed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<bool, StoreError> {
    Ok(order::Entity::find()
        .filter(order::Column::ConfirmBy.lte(now))
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .count(db)
        .await?
        > 0)
}
