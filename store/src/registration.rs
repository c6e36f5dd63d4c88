//! Taking registrations. Seats are counted in the database: one conditional
//! UPDATE takes the seats of a whole order or none, inside a write transaction,
//! so concurrent registrations (from one server process or several) never
//! oversell. Whoever does not fit goes to the waiting list.

use crate::StoreError;
use crate::cancellation::Cancelled;
use crate::entities::{event, event_session, order, organisation, registration, ticket, ticket_type};
use chrono::{DateTime, Utc};
use domain::i18n::Locale;
use domain::registration::{
    GroupOffer, MyRegistration, Payment, Placement, RegistrationChoices, RegistrationRefusal, RegistrationRequest,
    TicketOption, Workplace,
};
use domain::{Audience, Email, EventKind, Money, RegistrationWindow, TicketEligibility};
use domain::{EventStatus, OrderStatus, PaymentMethod, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
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

/// Seats held unsettled (paid nor confirmed) by orders of `booker`, or of `client`;
/// the larger of the two counts.
pub async fn seats_held(db: &impl ConnectionTrait, booker: &Email, client: Option<&str>) -> Result<u64, StoreError> {
    use sea_orm::sea_query::Query;
    let count = |condition: sea_orm::sea_query::SimpleExpr| {
        registration::Entity::find()
            .filter(registration::Column::Status.is_in(RegistrationStatus::HELD_UNSETTLED))
            .filter(registration::Column::OrderId.in_subquery(
                Query::select().column(order::Column::Id).from(order::Entity).and_where(condition).to_owned(),
            ))
    };
    let by_booker = count(order::Column::BuyerEmail.eq(booker.as_str())).count(db).await?;
    let by_client = match client {
        Some(client) => count(order::Column::HoldClient.eq(client)).count(db).await?,
        None => 0,
    };
    Ok(std::cmp::max(by_booker, by_client))
}

/// How long a large group waits for its booker's confirmation: a day, never
/// past the end of registration or the start of the activity.
fn confirm_by(
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

/// How long someone from the waiting list has to take a freed seat.
pub const OFFER_TTL: chrono::Duration = chrono::Duration::hours(48);

async fn published_event(
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

/// Takes `wanted` seats of the event if they are all free, in one guarded
/// statement: concurrent callers (in any server process) can never push the
/// count past the capacity, on SQLite or PostgreSQL.
async fn take_seats(db: &impl ConnectionTrait, e: &event::Model, wanted: i32) -> Result<bool, StoreError> {
    let mut take = event::Entity::update_many()
        .col_expr(event::Column::SeatsTaken, Expr::col(event::Column::SeatsTaken).add(wanted))
        .filter(event::Column::Id.eq(e.id));
    if let Some(capacity) = e.capacity {
        take = take.filter(Expr::col(event::Column::SeatsTaken).add(wanted).lte(capacity));
    }
    Ok(take.exec(db).await?.rows_affected == 1)
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
            taken + u64::try_from(wanted).unwrap_or(u64::MAX) <= u64::try_from(limit).unwrap_or(0)
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
    // Online payment is its own proof of intent (and bounded below); a large
    // group paid otherwise waits for its booker's confirmation by mail.
    let needs_confirmation =
        !paying_online && domain::limits::needs_mail_confirmation(request.attendees.len(), holder.trusted);
    let holds = placement == Placement::Confirmed && (paying_online || needs_confirmation);
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
    // Paying online: the seats are held (not yet confirmed, no tickets) until
    // the payment comes through; see `crate::payments`.
    let awaiting_payment = payment_method == PaymentMethod::Online && placement == Placement::Confirmed;
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
            status: Set(match placement {
                Placement::Confirmed if awaiting_payment => RegistrationStatus::PendingPayment,
                Placement::Confirmed if needs_confirmation => RegistrationStatus::Unconfirmed,
                Placement::Confirmed => RegistrationStatus::Confirmed,
                Placement::Waitlisted => RegistrationStatus::Waitlisted,
            }),
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
        let ticket_code = if placement == Placement::Confirmed && !awaiting_payment && !needs_confirmation {
            Some(issue_ticket(db, inserted.id, now).await?)
        } else {
            None
        };
        attendees.push(BookedAttendee { name: a.name.clone(), email: a.email.clone(), ticket_code });
    }
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(db)
        .await?;
    let venues: HashMap<i32, String> = crate::entities::venue::Entity::find()
        .filter(
            crate::entities::venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, format!("{}, {}, {} {}", v.name, v.street, v.postcode, v.city)))
        .collect();
    let sessions = sessions
        .into_iter()
        .map(|s| BookedSession {
            id: s.id,
            location: s.venue_id.and_then(|id| venues.get(&id).cloned()),
            title: s.title,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        })
        .collect();
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
    use crate::entities::{organiser, venue};
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
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .all(db)
        .await?;
    let venues: HashMap<i32, String> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, format!("{}, {} {} {}", v.name, v.street, v.postcode, v.city)))
        .collect();
    let first_start = sessions.first().map(|s| s.starts_at);
    Ok(Some(domain::registration::TicketView {
        event_title: e.title.clone(),
        event_path: format!("/regio/{}/{}", o.slug, e.slug),
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
                venue: s.venue_id.and_then(|id| venues.get(&id).cloned()),
            })
            .collect(),
        qr_svg: String::new(),
    }))
}

/// Until the event's cancellation deadline, or its start when it has none.
/// A freed seat offered to the next person on the waiting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub organiser_id: i32,
    pub event_title: String,
    pub name: String,
    pub email: Email,
    pub ticket_code: String,
    pub expires_at: DateTime<Utc>,
    /// The language of the order the waiting registration belongs to.
    pub locale: Locale,
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

/// Offers the event's free seats to the waiting list, first come first served:
/// each offer holds a seat (taken in the same guarded statement as a
/// registration) until it is accepted or expires. Run in a write transaction.
pub async fn offer_free_seats(
    db: &impl ConnectionTrait,
    event_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, StoreError> {
    let Some(e) =
        event::Entity::find_by_id(event_id).filter(event::Column::Status.eq(EventStatus::Published)).one(db).await?
    else {
        return Ok(Vec::new());
    };
    let first_start = crate::schedule::first_start(db, e.id).await?;
    if first_start.is_some_and(|start| start <= now) {
        return Ok(Vec::new());
    }
    // An offer never runs past the start of the event.
    let expires_at = first_start.map_or(now + OFFER_TTL, |start| std::cmp::min(now + OFFER_TTL, start));
    let unconfirmed = sea_orm::sea_query::Query::select()
        .column(order::Column::Id)
        .from(order::Entity)
        .and_where(order::Column::EventId.eq(e.id))
        .and_where(order::Column::ConfirmBy.is_not_null())
        .to_owned();
    let waiting = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        // A group still waiting for its booker's confirmation is offered nothing.
        .filter(registration::Column::OrderId.not_in_subquery(unconfirmed))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let mut offers = Vec::new();
    for r in waiting {
        if !take_seats(db, &e, 1).await? {
            break;
        }
        registration::Entity::update_many()
            .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Offered))
            .col_expr(registration::Column::OfferExpiresAt, Expr::value(expires_at))
            .col_expr(registration::Column::UpdatedAt, Expr::value(now))
            .filter(registration::Column::Id.eq(r.id))
            .exec(db)
            .await?;
        let code = issue_ticket(db, r.id, now).await?;
        let Some(email) = r.attendee_email.as_deref().and_then(|a| Email::parse(a).ok()) else { continue };
        let locale = order_locale(db, r.order_id).await?;
        offers.push(Offer {
            organiser_id: e.organiser_id,
            event_title: e.title.clone(),
            name: r.attendee_name,
            email,
            ticket_code: code,
            expires_at,
            locale,
        });
    }
    Ok(offers)
}

/// The holder of an offered seat takes it (an order paid on invoice gets an
/// invoice for it: run in a write transaction). `None` for an unknown ticket,
/// `Some(false)` when the offer expired or was already answered.
pub async fn accept_offer(
    db: &impl ConnectionTrait,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<bool>, StoreError> {
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let accepted = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(RegistrationStatus::Confirmed))
        .col_expr(registration::Column::OfferExpiresAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(t.registration_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .filter(registration::Column::OfferExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected;
    if accepted == 1
        && let Some(order_id) =
            registration::Entity::find_by_id(t.registration_id).one(db).await?.and_then(|r| r.order_id)
    {
        crate::invoices::issue_for_order(db, order_id, now).await?;
    }
    Ok(Some(accepted == 1))
}

/// Whether any offer lapsed (a cheap read before [`expire_offers`]).
pub async fn offers_lapsed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<bool, StoreError> {
    Ok(registration::Entity::find()
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .filter(registration::Column::OfferExpiresAt.lte(now))
        .count(db)
        .await?
        > 0)
}

/// Offers nobody took in time lapse: their seats go to the next in line.
/// Returns the new offers to mail. Run in a write transaction.
pub async fn expire_offers(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Offer>, StoreError> {
    let lapsed = registration::Entity::find()
        .filter(registration::Column::Status.eq(RegistrationStatus::Offered))
        .filter(registration::Column::OfferExpiresAt.lte(now))
        .all(db)
        .await?;
    let mut events = Vec::new();
    for r in lapsed {
        if !withdraw(db, &r, now).await? {
            continue;
        }
        if !events.contains(&r.event_id) {
            events.push(r.event_id);
        }
    }
    let mut offers = Vec::new();
    for event_id in events {
        offers.extend(offer_free_seats(db, event_id, now).await?);
    }
    Ok(offers)
}

fn may_cancel(
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
    if r.status.holds_seat() {
        event::Entity::update_many()
            .col_expr(event::Column::SeatsTaken, Expr::col(event::Column::SeatsTaken).sub(1))
            .filter(event::Column::Id.eq(r.event_id))
            .filter(event::Column::SeatsTaken.gt(0))
            .exec(db)
            .await?;
    }
    ticket::Entity::update_many()
        .col_expr(ticket::Column::RevokedAt, Expr::value(now))
        .filter(ticket::Column::RegistrationId.eq(r.id))
        .filter(ticket::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(true)
}

/// The holder of `code` cancels: the seat is freed at once and offered to the
/// waiting list. `None` for an unknown ticket; `Some(None)` when cancelling is
/// no longer possible (or was done already). Run in a write transaction.
pub async fn cancel_by_ticket(
    db: &impl ConnectionTrait,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<Option<Cancelled>>, StoreError> {
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let Some(r) = registration::Entity::find_by_id(t.registration_id).one(db).await? else { return Ok(None) };
    let Some(e) = event::Entity::find_by_id(r.event_id).one(db).await? else { return Ok(None) };
    let first_start = crate::schedule::first_start(db, e.id).await?;
    if !may_cancel(&r, &e, first_start, now) {
        return Ok(Some(None));
    }
    Ok(Some(cancel_and_offer(db, &r, now).await?))
}

/// Cancels `r` (see [`withdraw`]), credits or refunds what it cost (see
/// [`crate::cancellation::settle`]) and offers the seat it freed to the
/// waiting list. `None` when someone else changed the registration first. The
/// one way every cancellation frees a seat (a holder's, an organiser's, an
/// account's erasure). Run in a write transaction.
pub(crate) async fn cancel_and_offer(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<Option<Cancelled>, StoreError> {
    if !withdraw(db, r, now).await? {
        return Ok(None);
    }
    let mut cancelled = crate::cancellation::settle(db, r, now).await?;
    cancelled.offers = offer_free_seats(db, r.event_id, now).await?;
    Ok(Some(cancelled))
}

/// Why an organiser's cancellation did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganiserCancelRefusal {
    /// No such registration, or another organiser's.
    Unknown,
    AlreadyCancelled,
    /// The event has begun (or is over): the attendance list is history now.
    Started,
    /// The event is not (or no longer) published.
    NotLive,
}

/// The organiser cancels one of its registrations. Not bound to the
/// participant's cancellation deadline (it is the organiser's decision), but
/// refused once the event has started. The seat goes to the waiting list as
/// with [`cancel_by_ticket`]. Run in a write transaction.
pub async fn cancel_by_organiser(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    registration_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<Cancelled, OrganiserCancelRefusal>, StoreError> {
    let Some(r) = registration::Entity::find_by_id(registration_id).one(db).await? else {
        return Ok(Err(OrganiserCancelRefusal::Unknown));
    };
    let Some(e) =
        event::Entity::find_by_id(r.event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(Err(OrganiserCancelRefusal::Unknown));
    };
    if r.status == RegistrationStatus::Cancelled {
        return Ok(Err(OrganiserCancelRefusal::AlreadyCancelled));
    }
    if e.status != EventStatus::Published {
        return Ok(Err(OrganiserCancelRefusal::NotLive));
    }
    if crate::schedule::first_start(db, e.id).await?.is_some_and(|start| start <= now) {
        return Ok(Err(OrganiserCancelRefusal::Started));
    }
    match cancel_and_offer(db, &r, now).await? {
        Some(cancelled) => Ok(Ok(cancelled)),
        None => Ok(Err(OrganiserCancelRefusal::AlreadyCancelled)),
    }
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
    let codes: HashMap<i32, String> = ticket::Entity::find()
        .filter(ticket::Column::RegistrationId.is_in(regs.iter().map(|r| r.id).collect::<Vec<_>>()))
        .filter(ticket::Column::RevokedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.registration_id, t.code))
        .collect();
    let mut list: Vec<(Option<DateTime<Utc>>, MyRegistration)> = regs
        .into_iter()
        .filter_map(|r| {
            let e = events.get(&r.event_id)?;
            let start = starts.get(&e.id).copied();
            Some((
                start,
                MyRegistration {
                    event_title: e.title.clone(),
                    event_path: format!("/regio/{}/{}", organisers.get(&e.organiser_id)?, e.slug),
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
    let group = crate::payments::group_of(&o);
    let booked = Booked {
        placement,
        sessions: crate::payments::booked_sessions(db, e.id).await?,
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

/// Staff let a large group's held seats go before its booker confirmed
/// (`reference` of the organiser's event): cancelled, the seats offered to the
/// waiting list, the release in the organiser's log. `None` when there is no
/// such group waiting (confirmed meanwhile, or another organiser's).
pub async fn release_unconfirmed_order(
    db: &impl ConnectionTrait,
    (organiser_id, event_id): (i32, i32),
    reference: &str,
    by_person: i32,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Offer>>, StoreError> {
    let Some(o) = order::Entity::find()
        .filter(order::Column::Reference.eq(reference))
        .filter(order::Column::OrganiserId.eq(organiser_id))
        .filter(order::Column::EventId.eq(event_id))
        .filter(order::Column::ConfirmBy.is_not_null())
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(seats) = let_go_unconfirmed(db, &o, now).await? else { return Ok(None) };
    record_release(db, (organiser_id, by_person), &o, seats, now).await?;
    Ok(Some(offer_free_seats(db, o.event_id, now).await?))
}

/// Cancels a group still waiting for its booker's confirmation, once, and
/// withdraws its registrations; `confirm_by` stays, so the link then says it
/// lapsed. How many registrations went; `None` when it was no longer waiting.
async fn let_go_unconfirmed(
    db: &impl ConnectionTrait,
    o: &order::Model,
    now: DateTime<Utc>,
) -> Result<Option<usize>, StoreError> {
    let cancelled = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(OrderStatus::Cancelled))
        .col_expr(order::Column::HoldClient, Expr::value(Option::<String>::None))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(o.id))
        .filter(order::Column::ConfirmBy.is_not_null())
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .exec(db)
        .await?
        .rows_affected;
    if cancelled != 1 {
        return Ok(None);
    }
    let regs = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .filter(registration::Column::Status.is_in([RegistrationStatus::Unconfirmed, RegistrationStatus::Waitlisted]))
        .all(db)
        .await?;
    for r in &regs {
        withdraw(db, r, now).await?;
    }
    Ok(Some(regs.len()))
}

/// Writes a hold's release by staff to the organiser's log.
pub async fn record_release(
    db: &impl ConnectionTrait,
    (organiser_id, by_person): (i32, i32),
    o: &order::Model,
    seats: usize,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    crate::audit::record(
        db,
        organiser_id,
        by_person,
        ("order", o.id),
        "hold.released",
        format!("{}\n{seats}", o.reference),
        now,
    )
    .await
}

/// Lets go of every group whose booker did not confirm in time: its
/// registrations are cancelled and the freed seats offered to the waiting
/// list (the offers come back, to be mailed). Run in a write transaction.
pub async fn release_unconfirmed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Offer>, StoreError> {
    let lapsed = order::Entity::find()
        .filter(order::Column::ConfirmBy.lte(now))
        .filter(order::Column::Status.ne(OrderStatus::Cancelled))
        .all(db)
        .await?;
    let mut offers = Vec::new();
    for o in lapsed {
        if let_go_unconfirmed(db, &o, now).await?.is_some() {
            offers.extend(offer_free_seats(db, o.event_id, now).await?);
        }
    }
    Ok(offers)
}
