//! The event editor: what an organiser fills in to create or change an event
//! (sessions, ticket types, trainers and their fees), read from the form as
//! typed and turned into an [`EventPlan`] that can only hold valid values.
//!
//! Field names are Dutch, as in the page: `titel`, `sessie-0-datum`,
//! `ticket-1-prijs`, `lesgever-0-vergoeding` (the constants of
//! [`crate::forms::fields::editor`]). Rows are added with a submit button (no
//! JavaScript) and removed with their `-weg` checkbox.

use crate::forms::fields::editor::{self as names, question, session, ticket, trainer};
use crate::forms::{FieldErrors, Message, RawForm, row_field};
use crate::kinds::{Audience, EventKind, EventStatus, TicketEligibility, TrainerRole};
use crate::money::Money;
use crate::questions::{QuestionSet, parse_questions, push_questions};
use crate::slug::Slug;
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

pub const SESSION: &str = "sessie";
pub const TICKET: &str = "ticket";
pub const TRAINER: &str = "lesgever";
/// The choice, in a session's venue list, for the venue described in the `nieuwe-locatie-*` fields.
pub const NEW: &str = "nieuw";

const MAX_TITLE: usize = 150;
const MAX_SUMMARY: usize = 400;
const MAX_TEXT: usize = 20_000;
const MAX_CAPACITY: u32 = 10_000;
const MAX_ROWS: usize = 60;

/// The event being edited, as the editor's heading and links need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditedEvent {
    pub id: i32,
    pub slug: Slug,
    pub title: String,
    pub status: EventStatus,
    pub seats_taken: u32,
}

/// What the organiser already has to choose from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorChoices {
    /// (id, "name, city")
    pub venues: Vec<(i32, String)>,
    /// (id, "name (affiliation)")
    pub trainers: Vec<(i32, String)>,
    /// The event's questions so far, so their keys stay stable (empty for a new event).
    pub questions: QuestionSet,
}

/// A validated event, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPlan {
    pub title: String,
    pub kind: EventKind,
    pub summary: String,
    pub description: String,
    pub theme: Option<String>,
    pub audience: Audience,
    /// `None`: no limit.
    pub capacity: Option<u32>,
    /// Registration opens at the start of this day (Brussels time); `None`: at once.
    pub registration_opens: Option<NaiveDate>,
    /// Registration closes at the end of this day; `None`: when the event starts.
    pub registration_closes: Option<NaiveDate>,
    /// Participants may cancel until the end of this day.
    pub cancellation_deadline: Option<NaiveDate>,
    /// Sorted by date and time.
    pub sessions: Vec<SessionPlan>,
    pub tickets: Vec<TicketPlan>,
    pub trainers: Vec<TrainerPlan>,
    /// What registration asks each attendee.
    pub questions: QuestionSet,
    /// Group modules: the largest group one booking may bring.
    pub group_max_participants: Option<u32>,
    /// The reminder mail before each day: on or off, how many days before, what to bring.
    pub reminders: crate::reminders::ReminderSettings,
    /// Filled in when a session is held at a venue that does not exist yet.
    pub new_venue: Option<VenuePlan>,
    /// Sessions, ticket types and trainer rows the organiser asked to remove (by id).
    pub removed_sessions: Vec<(usize, i32)>,
    pub removed_tickets: Vec<(usize, i32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPlan {
    /// The form row it came from, so the store can point an error at it.
    pub row: usize,
    pub id: Option<i32>,
    pub title: String,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub track: Option<String>,
    pub venue: VenueChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VenueChoice {
    None,
    Existing(i32),
    New,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenuePlan {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketPlan {
    pub row: usize,
    pub id: Option<i32>,
    pub name: String,
    pub price: Money,
    pub eligibility: TicketEligibility,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerPlan {
    pub row: usize,
    pub trainer: TrainerChoice,
    pub role: TrainerRole,
    pub fee: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrainerChoice {
    Existing(i32),
    New { name: String, affiliation: Option<String> },
}

/// A blank form for a new event: one session, one free ticket type.
pub fn blank_form(today: NaiveDate, locale: crate::i18n::Locale) -> RawForm {
    let mut form = RawForm::default();
    form.push(names::KIND, EventKind::TrainingDay.code());
    form.push(names::AUDIENCE, Audience::Public.code());
    form.push(names::REGISTRATION_OPENS, &today.to_string());
    crate::reminders::ReminderSettings::default().push(&mut form);
    add_row(&mut form, SESSION);
    add_row(&mut form, TICKET);
    // The usual first ticket, named in the organiser's language.
    form.set(&crate::forms::row_field(TICKET, 0, ticket::NAME), crate::i18n::text(locale, "editor.default_ticket"));
    form
}

/// Adds an empty row for `prefix` to the form, copying what is usually the
/// same from the row before (a series of sessions shares times and venue).
pub fn add_row(form: &mut RawForm, prefix: &str) {
    let rows = form.rows(prefix);
    if rows.len() >= MAX_ROWS {
        return;
    }
    let row = rows.last().map_or(0, |last| last + 1);
    let previous = rows.last().copied();
    let copy = |form: &RawForm, field: &str, default: &str| {
        previous.map(|p| form.row(prefix, p, field).to_string()).filter(|v| !v.is_empty()).unwrap_or(default.into())
    };
    let fields: Vec<(&str, String)> = match prefix {
        SESSION => vec![
            (session::TITLE, String::new()),
            (session::DATE, String::new()),
            (session::STARTS, copy(form, session::STARTS, "09:30")),
            (session::ENDS, copy(form, session::ENDS, "12:30")),
            (session::TRACK, String::new()),
            (session::VENUE, copy(form, session::VENUE, "")),
        ],
        TICKET if previous.is_none() => vec![
            (ticket::NAME, String::new()),
            (ticket::PRICE, "0".into()),
            (ticket::ELIGIBILITY, TicketEligibility::Everyone.code().into()),
            (ticket::SEATS, String::new()),
        ],
        TICKET => vec![
            (ticket::NAME, String::new()),
            (ticket::PRICE, String::new()),
            (ticket::ELIGIBILITY, TicketEligibility::Everyone.code().into()),
            (ticket::SEATS, String::new()),
        ],
        crate::questions::QUESTION => {
            vec![(question::KIND, String::new()), (question::LABEL, String::new()), (question::OPTIONS, String::new())]
        }
        _ => vec![
            (trainer::WHO, String::new()),
            (trainer::NAME, String::new()),
            (trainer::AFFILIATION, String::new()),
            (trainer::ROLE, TrainerRole::Trainer.code().into()),
            (trainer::FEE, "0".into()),
        ],
    };
    for (field, value) in fields {
        form.push(&row_field(prefix, row, field), &value);
    }
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    // Browsers send ISO dates; people without a date picker type 14/01/2027.
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y")).ok()
}

fn parse_time(raw: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(raw, "%H:%M").or_else(|_| NaiveTime::parse_from_str(&raw.replace('u', ":"), "%H:%M")).ok()
}

/// Why a number of seats (or of participants) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountError {
    Zero,
    TooMany(u32),
    NotANumber,
}

impl CountError {
    /// For a number of seats, where empty means no limit.
    fn seats(self) -> Message {
        match self {
            CountError::Zero => Message::new("validation.count_zero"),
            CountError::TooMany(max) => Message::with("validation.count_max", &[("max", &max.to_string())]),
            CountError::NotANumber => Message::new("validation.count_not_a_number"),
        }
    }

    /// For the size of a group, which is required.
    fn participants(self) -> Message {
        match self {
            CountError::Zero => Message::new("validation.group_max_zero"),
            CountError::TooMany(max) => Message::with("validation.group_max_max", &[("max", &max.to_string())]),
            CountError::NotANumber => Message::new("validation.group_max_not_a_number"),
        }
    }
}

fn parse_count(raw: &str, max: u32) -> Result<Option<u32>, CountError> {
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(0) => Err(CountError::Zero),
        Ok(n) if n <= max => Ok(Some(n)),
        Ok(_) => Err(CountError::TooMany(max)),
        Err(_) => Err(CountError::NotANumber),
    }
}

fn optional_date(form: &RawForm, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let raw = form.get(field);
    if raw.is_empty() {
        return None;
    }
    let date = parse_date(raw);
    if date.is_none() {
        errors.add(field, Message::new("validation.date_example"));
    }
    date
}

fn required_text(form: &RawForm, field: &str, max: usize, empty: Message, errors: &mut FieldErrors) -> String {
    let value = form.get(field).to_string();
    if value.is_empty() {
        errors.add(field, empty);
    } else if value.chars().count() > max {
        errors.add(field, Message::with("validation.max_chars", &[("max", &max.to_string())]));
    }
    value
}

fn id_of(form: &RawForm, prefix: &str, row: usize) -> Option<i32> {
    form.row(prefix, row, names::ROW_ID).parse().ok().filter(|id| *id > 0)
}

fn removed(form: &RawForm, prefix: &str, row: usize) -> bool {
    !form.row(prefix, row, names::REMOVE).is_empty()
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

impl EventPlan {
    /// Reads the editor's form. Every problem is reported at its field, all at once.
    pub fn parse(form: &RawForm, choices: &EditorChoices) -> Result<EventPlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title =
            required_text(form, names::TITLE, MAX_TITLE, Message::new("validation.event_title_required"), &mut errors);
        let kind = EventKind::from_code(form.get(names::KIND)).unwrap_or_else(|_| {
            errors.add(names::KIND, Message::new("validation.event_kind"));
            EventKind::TrainingDay
        });
        let summary = required_text(
            form,
            names::SUMMARY,
            MAX_SUMMARY,
            Message::new("validation.event_summary_required"),
            &mut errors,
        );
        let description = form.get_raw(names::DESCRIPTION).trim().to_string();
        if description.chars().count() > MAX_TEXT {
            errors.add(names::DESCRIPTION, Message::with("validation.max_chars", &[("max", &MAX_TEXT.to_string())]));
        }
        let theme = optional(form.get(names::THEME));
        if theme.as_ref().is_some_and(|t| t.chars().count() > 80) {
            errors.add(names::THEME, Message::with("validation.max_chars", &[("max", "80")]));
        }
        let audience = Audience::from_code(form.get(names::AUDIENCE)).unwrap_or_else(|_| {
            errors.add(names::AUDIENCE, Message::new("validation.audience"));
            Audience::Public
        });
        let capacity = parse_count(form.get(names::CAPACITY), MAX_CAPACITY).unwrap_or_else(|e| {
            errors.add(names::CAPACITY, e.seats());
            None
        });
        let registration_opens = optional_date(form, names::REGISTRATION_OPENS, &mut errors);
        let registration_closes = optional_date(form, names::REGISTRATION_CLOSES, &mut errors);
        let cancellation_deadline = optional_date(form, names::CANCELLATION_DEADLINE, &mut errors);
        if let (Some(opens), Some(closes)) = (registration_opens, registration_closes)
            && closes < opens
        {
            errors.add(names::REGISTRATION_CLOSES, Message::new("validation.registration_closes_before_opening"));
        }

        let (sessions, removed_sessions) = parse_sessions(form, choices, &mut errors);
        if let Some(first) = sessions.first() {
            if registration_closes.is_some_and(|d| d > first.date) {
                errors.add(names::REGISTRATION_CLOSES, Message::new("validation.registration_closes_after_start"));
            }
            if registration_opens.is_some_and(|d| d > first.date) {
                errors.add(names::REGISTRATION_OPENS, Message::new("validation.registration_opens_after_start"));
            }
            if cancellation_deadline.is_some_and(|d| d > first.date) {
                errors.add(names::CANCELLATION_DEADLINE, Message::new("validation.cancellation_after_start"));
            }
        }
        let new_venue = if sessions.iter().any(|s| s.venue == VenueChoice::New) {
            let name = required_text(
                form,
                names::NEW_VENUE_NAME,
                120,
                Message::new("validation.venue_name_required"),
                &mut errors,
            );
            let street = required_text(
                form,
                names::NEW_VENUE_STREET,
                120,
                Message::new("validation.venue_street_required"),
                &mut errors,
            );
            let postcode = form.get(names::NEW_VENUE_POSTCODE).to_string();
            if !(postcode.len() == 4 && postcode.chars().all(|c| c.is_ascii_digit()) && !postcode.starts_with('0')) {
                errors.add(names::NEW_VENUE_POSTCODE, Message::new("validation.venue_postcode"));
            }
            let city = required_text(
                form,
                names::NEW_VENUE_CITY,
                80,
                Message::new("validation.venue_city_required"),
                &mut errors,
            );
            Some(VenuePlan { name, street, postcode, city })
        } else {
            None
        };
        let (tickets, removed_tickets) = parse_tickets(form, &mut errors);
        let trainers = parse_trainers(form, choices, &mut errors);
        let questions = parse_questions(form, &choices.questions, &mut errors);
        let group_max_participants = if kind == EventKind::GroupModule {
            match parse_count(form.get(names::GROUP_MAX), 500) {
                Ok(Some(n)) => Some(n),
                Ok(None) => {
                    errors.add(names::GROUP_MAX, Message::new("validation.group_max_required"));
                    None
                }
                Err(e) => {
                    errors.add(names::GROUP_MAX, e.participants());
                    None
                }
            }
        } else {
            None
        };
        let reminders = crate::reminders::ReminderSettings::parse(form, &mut errors);
        errors.into_result(EventPlan {
            title,
            kind,
            summary,
            description,
            theme,
            audience,
            capacity,
            registration_opens,
            registration_closes,
            cancellation_deadline,
            sessions,
            tickets,
            trainers,
            questions,
            group_max_participants,
            reminders,
            new_venue,
            removed_sessions,
            removed_tickets,
        })
    }

    /// The form showing this plan, for editing it.
    pub fn to_form(&self) -> RawForm {
        let mut form = RawForm::default();
        form.push(names::TITLE, &self.title);
        form.push(names::KIND, self.kind.code());
        form.push(names::SUMMARY, &self.summary);
        form.push(names::DESCRIPTION, &self.description);
        form.push(names::THEME, self.theme.as_deref().unwrap_or_default());
        form.push(names::AUDIENCE, self.audience.code());
        form.push(names::CAPACITY, &self.capacity.map(|c| c.to_string()).unwrap_or_default());
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        form.push(names::REGISTRATION_OPENS, &date(self.registration_opens));
        form.push(names::REGISTRATION_CLOSES, &date(self.registration_closes));
        form.push(names::CANCELLATION_DEADLINE, &date(self.cancellation_deadline));
        for (row, s) in self.sessions.iter().enumerate() {
            let field = |f: &str| row_field(SESSION, row, f);
            form.push(&field(names::ROW_ID), &s.id.map(|id| id.to_string()).unwrap_or_default());
            form.push(&field(session::TITLE), &s.title);
            form.push(&field(session::DATE), &s.date.to_string());
            form.push(&field(session::STARTS), &s.starts.format("%H:%M").to_string());
            form.push(&field(session::ENDS), &s.ends.format("%H:%M").to_string());
            form.push(&field(session::TRACK), s.track.as_deref().unwrap_or_default());
            let venue = match s.venue {
                VenueChoice::None => String::new(),
                VenueChoice::Existing(id) => id.to_string(),
                VenueChoice::New => NEW.to_string(),
            };
            form.push(&field(session::VENUE), &venue);
        }
        for (row, t) in self.tickets.iter().enumerate() {
            let field = |f: &str| row_field(TICKET, row, f);
            form.push(&field(names::ROW_ID), &t.id.map(|id| id.to_string()).unwrap_or_default());
            form.push(&field(ticket::NAME), &t.name);
            form.push(&field(ticket::PRICE), &t.price.amount_nl());
            form.push(&field(ticket::ELIGIBILITY), t.eligibility.code());
            form.push(&field(ticket::SEATS), &t.capacity.map(|c| c.to_string()).unwrap_or_default());
        }
        for (row, t) in self.trainers.iter().enumerate() {
            let field = |f: &str| row_field(TRAINER, row, f);
            match &t.trainer {
                TrainerChoice::Existing(id) => form.push(&field(trainer::WHO), &id.to_string()),
                TrainerChoice::New { name, affiliation } => {
                    form.push(&field(trainer::WHO), NEW);
                    form.push(&field(trainer::NAME), name);
                    form.push(&field(trainer::AFFILIATION), affiliation.as_deref().unwrap_or_default());
                }
            }
            form.push(&field(trainer::ROLE), t.role.code());
            form.push(&field(trainer::FEE), &t.fee.amount_nl());
        }
        push_questions(&mut form, &self.questions.questions);
        form.push(names::GROUP_MAX, &self.group_max_participants.map(|n| n.to_string()).unwrap_or_default());
        self.reminders.push(&mut form);
        if let Some(v) = &self.new_venue {
            form.push(names::NEW_VENUE_NAME, &v.name);
            form.push(names::NEW_VENUE_STREET, &v.street);
            form.push(names::NEW_VENUE_POSTCODE, &v.postcode);
            form.push(names::NEW_VENUE_CITY, &v.city);
        }
        form
    }

    /// Next year's edition: same programme 52 weeks later (so on the same
    /// weekday), the year in the title moved on, nothing of this year's ids.
    pub fn next_edition(&self) -> EventPlan {
        let shift = |d: NaiveDate| d + TimeDelta::weeks(52);
        let year = self.sessions.first().map(|s| s.date.year());
        let title = match year {
            Some(y) => bump_years(&self.title, y),
            None => self.title.clone(),
        };
        EventPlan {
            title,
            registration_opens: self.registration_opens.map(shift),
            registration_closes: self.registration_closes.map(shift),
            cancellation_deadline: self.cancellation_deadline.map(shift),
            sessions: self
                .sessions
                .iter()
                .map(|s| SessionPlan { id: None, date: shift(s.date), ..s.clone() })
                .collect(),
            tickets: self.tickets.iter().map(|t| TicketPlan { id: None, ..t.clone() }).collect(),
            removed_sessions: Vec::new(),
            removed_tickets: Vec::new(),
            ..self.clone()
        }
    }

    /// The parts that differ from `before`, in Dutch, for the audit log.
    pub fn changes_since(&self, before: &EventPlan) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |differs: bool, what: &'static str| {
            if differs {
                changed.push(what);
            }
        };
        check(self.title != before.title, "titel");
        check(self.kind != before.kind, "soort");
        check(self.summary != before.summary || self.description != before.description, "beschrijving");
        check(self.theme != before.theme, "thema");
        check(self.audience != before.audience, "doelpubliek");
        check(self.capacity != before.capacity, "capaciteit");
        check(
            (self.registration_opens, self.registration_closes, self.cancellation_deadline)
                != (before.registration_opens, before.registration_closes, before.cancellation_deadline),
            "inschrijvingsperiode",
        );
        let sessions = |p: &EventPlan| -> Vec<_> {
            p.sessions.iter().map(|s| (s.title.clone(), s.date, s.starts, s.ends, s.track.clone(), s.venue)).collect()
        };
        check(sessions(self) != sessions(before) || self.new_venue != before.new_venue, "sessies");
        let tickets = |p: &EventPlan| -> Vec<_> {
            p.tickets.iter().map(|t| (t.name.clone(), t.price, t.eligibility, t.capacity)).collect()
        };
        check(tickets(self) != tickets(before), "tickets en prijzen");
        let trainers =
            |p: &EventPlan| -> Vec<_> { p.trainers.iter().map(|t| (t.trainer.clone(), t.role, t.fee)).collect() };
        check(trainers(self) != trainers(before), "lesgevers en vergoedingen");
        check(self.questions.questions != before.questions.questions, "vragen bij inschrijving");
        check(self.group_max_participants != before.group_max_participants, "groepsgrootte");
        check(self.reminders != before.reminders, "herinnering");
        changed
    }
}

/// "Leernetwerk 2026" → "Leernetwerk 2027"; "2026-2027" → "2027-2028".
fn bump_years(title: &str, year: i32) -> String {
    let (this, next, after) = (year.to_string(), (year + 1).to_string(), (year + 2).to_string());
    title.replace(&next, "\u{0}").replace(&this, &next).replace('\u{0}', &after)
}

fn parse_sessions(
    form: &RawForm,
    choices: &EditorChoices,
    errors: &mut FieldErrors,
) -> (Vec<SessionPlan>, Vec<(usize, i32)>) {
    let mut sessions = Vec::new();
    let mut removed_ids = Vec::new();
    let rows = form.rows(SESSION);
    for &row in &rows {
        let get = |f: &str| form.row(SESSION, row, f);
        let field = |f: &str| row_field(SESSION, row, f);
        if removed(form, SESSION, row) {
            if let Some(id) = id_of(form, SESSION, row) {
                removed_ids.push((row, id));
            }
            continue;
        }
        // A row left empty is no session (the "add a session" button adds such rows).
        if get(session::TITLE).is_empty() && get(session::DATE).is_empty() && id_of(form, SESSION, row).is_none() {
            continue;
        }
        let date = parse_date(get(session::DATE));
        if date.is_none() {
            errors.add(
                field(session::DATE),
                if get(session::DATE).is_empty() {
                    Message::new("validation.session_date_required")
                } else {
                    Message::new("validation.date_example")
                },
            );
        }
        let starts = parse_time(get(session::STARTS));
        if starts.is_none() {
            errors.add(field(session::STARTS), Message::new("validation.session_start"));
        }
        let ends = parse_time(get(session::ENDS));
        if ends.is_none() {
            errors.add(field(session::ENDS), Message::new("validation.session_end"));
        }
        if let (Some(s), Some(e)) = (starts, ends)
            && e <= s
        {
            errors.add(field(session::ENDS), Message::new("validation.session_end_order"));
        }
        let venue = match get(session::VENUE) {
            "" => VenueChoice::None,
            NEW => VenueChoice::New,
            other => match other.parse::<i32>() {
                Ok(id) if choices.venues.iter().any(|(v, _)| *v == id) => VenueChoice::Existing(id),
                _ => {
                    errors.add(field(session::VENUE), Message::new("validation.venue_from_list"));
                    VenueChoice::None
                }
            },
        };
        let title = get(session::TITLE).to_string();
        if title.chars().count() > MAX_TITLE {
            errors
                .add(field(session::TITLE), Message::with("validation.max_chars", &[("max", &MAX_TITLE.to_string())]));
        }
        if let (Some(date), Some(starts), Some(ends)) = (date, starts, ends) {
            sessions.push(SessionPlan {
                row,
                id: id_of(form, SESSION, row),
                title,
                date,
                starts,
                ends,
                track: optional(get(session::TRACK)),
                venue,
            });
        }
    }
    let session_field = format!("{SESSION}-");
    if sessions.is_empty() && errors.iter().all(|(k, _)| !k.starts_with(&session_field)) {
        let first = rows.first().copied().unwrap_or(0);
        errors.add(row_field(SESSION, first, session::DATE), Message::new("validation.session_required"));
    }
    sessions.sort_by_key(|s| (s.date, s.starts, s.track.clone()));
    // Untitled sessions are numbered in date order: "Sessie 1", "Sessie 2"...
    let count = sessions.len();
    for (n, s) in sessions.iter_mut().enumerate() {
        if s.title.is_empty() {
            s.title = if count == 1 { "Programma".to_string() } else { format!("Sessie {}", n + 1) };
        }
    }
    (sessions, removed_ids)
}

fn parse_tickets(form: &RawForm, errors: &mut FieldErrors) -> (Vec<TicketPlan>, Vec<(usize, i32)>) {
    let mut tickets: Vec<TicketPlan> = Vec::new();
    let mut removed_ids = Vec::new();
    let rows = form.rows(TICKET);
    for &row in &rows {
        let get = |f: &str| form.row(TICKET, row, f);
        let field = |f: &str| row_field(TICKET, row, f);
        if removed(form, TICKET, row) {
            if let Some(id) = id_of(form, TICKET, row) {
                removed_ids.push((row, id));
            }
            continue;
        }
        if get(ticket::NAME).is_empty() && get(ticket::PRICE).is_empty() && id_of(form, TICKET, row).is_none() {
            continue;
        }
        let name = get(ticket::NAME).to_string();
        if name.is_empty() {
            errors.add(field(ticket::NAME), Message::new("validation.ticket_name_required"));
        } else if name.chars().count() > 80 {
            errors.add(field(ticket::NAME), Message::with("validation.max_chars", &[("max", "80")]));
        } else if tickets.iter().any(|t| t.name.eq_ignore_ascii_case(&name)) {
            errors.add(field(ticket::NAME), Message::new("validation.ticket_name_twice"));
        }
        let price = match Money::parse(if get(ticket::PRICE).is_empty() { "0" } else { get(ticket::PRICE) }) {
            Ok(p) if p.cents() < 0 => {
                errors.add(field(ticket::PRICE), Message::new("validation.price_negative"));
                Money::ZERO
            }
            Ok(p) => p,
            Err(e) => {
                errors.add(field(ticket::PRICE), e.message());
                Money::ZERO
            }
        };
        let eligibility = TicketEligibility::from_code(get(ticket::ELIGIBILITY)).unwrap_or_else(|_| {
            errors.add(field(ticket::ELIGIBILITY), Message::new("validation.ticket_eligibility"));
            TicketEligibility::Everyone
        });
        let capacity = parse_count(get(ticket::SEATS), MAX_CAPACITY).unwrap_or_else(|e| {
            errors.add(field(ticket::SEATS), e.seats());
            None
        });
        tickets.push(TicketPlan { row, id: id_of(form, TICKET, row), name, price, eligibility, capacity });
    }
    if tickets.is_empty() {
        let first = rows.first().copied().unwrap_or(0);
        errors.add(row_field(TICKET, first, ticket::NAME), Message::new("validation.ticket_required_in_event"));
    }
    (tickets, removed_ids)
}

fn parse_trainers(form: &RawForm, choices: &EditorChoices, errors: &mut FieldErrors) -> Vec<TrainerPlan> {
    let mut trainers: Vec<TrainerPlan> = Vec::new();
    for row in form.rows(TRAINER) {
        let get = |f: &str| form.row(TRAINER, row, f);
        let field = |f: &str| row_field(TRAINER, row, f);
        if removed(form, TRAINER, row) || (get(trainer::WHO).is_empty() && get(trainer::NAME).is_empty()) {
            continue;
        }
        let trainer = match get(trainer::WHO) {
            NEW | "" => {
                let name = get(trainer::NAME).to_string();
                if name.is_empty() {
                    errors.add(field(trainer::NAME), Message::new("validation.trainer_name_required"));
                } else if name.chars().count() > 120 {
                    errors.add(field(trainer::NAME), Message::with("validation.max_chars", &[("max", "120")]));
                }
                TrainerChoice::New { name, affiliation: optional(get(trainer::AFFILIATION)) }
            }
            other => match other.parse::<i32>() {
                Ok(id) if choices.trainers.iter().any(|(t, _)| *t == id) => TrainerChoice::Existing(id),
                _ => {
                    errors.add(field(trainer::WHO), Message::new("validation.trainer_from_list"));
                    continue;
                }
            },
        };
        if let TrainerChoice::Existing(id) = trainer
            && trainers.iter().any(|t| t.trainer == TrainerChoice::Existing(id))
        {
            errors.add(field(trainer::WHO), Message::new("validation.trainer_twice"));
        }
        let role = TrainerRole::from_code(get(trainer::ROLE)).unwrap_or_else(|_| {
            errors.add(field(trainer::ROLE), Message::new("validation.choose_role"));
            TrainerRole::Trainer
        });
        let fee = match Money::parse(if get(trainer::FEE).is_empty() { "0" } else { get(trainer::FEE) }) {
            Ok(f) if f.cents() < 0 => {
                errors.add(field(trainer::FEE), Message::new("validation.fee_negative"));
                Money::ZERO
            }
            Ok(f) => f,
            Err(e) => {
                errors.add(field(trainer::FEE), e.message());
                Money::ZERO
            }
        };
        trainers.push(TrainerPlan { row, trainer, role, fee });
    }
    trainers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> EditorChoices {
        EditorChoices {
            venues: vec![(7, "Zaal De Ploeg, Geel".into())],
            trainers: vec![(3, "An Peeters".into())],
            questions: QuestionSet::default(),
        }
    }

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn learning_network() -> RawForm {
        form(&[
            ("titel", "Leernetwerk energie 2027"),
            ("soort", "learning_network"),
            ("samenvatting", "Vier sessies over energieschulden."),
            ("beschrijving", "Uitgebreid.\n\nMet alinea's."),
            ("doelpubliek", "partners"),
            ("capaciteit", "40"),
            ("inschrijven-vanaf", "2026-11-23"),
            ("inschrijven-tot", "2027-01-10"),
            ("sessie-0-datum", "2027-03-11"),
            ("sessie-0-van", "13:30"),
            ("sessie-0-tot", "16:30"),
            ("sessie-0-locatie", "7"),
            ("sessie-1-datum", "14/01/2027"),
            ("sessie-1-van", "13:30"),
            ("sessie-1-tot", "16:30"),
            ("sessie-1-locatie", "nieuw"),
            ("sessie-2-titel", ""),
            ("sessie-2-datum", ""),
            ("sessie-2-van", "13:30"),
            ("nieuwe-locatie-naam", "OCMW Mol"),
            ("nieuwe-locatie-straat", "Markt 1"),
            ("nieuwe-locatie-postcode", "2400"),
            ("nieuwe-locatie-gemeente", "Mol"),
            ("ticket-0-naam", "Partner"),
            ("ticket-0-prijs", "0"),
            ("ticket-0-voor", "partners"),
            ("ticket-1-naam", "Extern"),
            ("ticket-1-prijs", "45,50"),
            ("ticket-1-voor", "externals"),
            ("lesgever-0-wie", "3"),
            ("lesgever-0-rol", "trainer"),
            ("lesgever-0-vergoeding", "1.250,00"),
            ("lesgever-1-wie", "nieuw"),
            ("lesgever-1-naam", "Bram Claes"),
            ("lesgever-1-rol", "speaker"),
        ])
    }

    #[test]
    fn reads_a_learning_network_with_its_sessions_tickets_and_trainers() {
        let plan = EventPlan::parse(&learning_network(), &choices()).expect("valid");
        assert_eq!(plan.kind, EventKind::LearningNetwork);
        assert_eq!(plan.capacity, Some(40));
        // Sorted by date, numbered, the empty row ignored.
        let dates: Vec<_> = plan.sessions.iter().map(|s| (s.date.to_string(), s.title.as_str())).collect();
        assert_eq!(dates, vec![("2027-01-14".into(), "Sessie 1"), ("2027-03-11".into(), "Sessie 2")]);
        assert_eq!(plan.sessions[0].venue, VenueChoice::New);
        assert_eq!(plan.new_venue.as_ref().map(|v| v.city.as_str()), Some("Mol"));
        assert_eq!(plan.tickets[1].price, Money::from_cents(4550));
        assert_eq!(plan.trainers[0].fee, Money::from_euros(1250));
        assert_eq!(plan.trainers[1].trainer, TrainerChoice::New { name: "Bram Claes".into(), affiliation: None });
        assert_eq!(plan.description, "Uitgebreid.\n\nMet alinea's.");
    }

    #[test]
    fn reports_every_problem_at_its_field() {
        let mut f = learning_network();
        for (k, v) in [
            ("titel", ""),
            ("capaciteit", "veel"),
            ("sessie-0-tot", "12:00"),
            ("sessie-0-locatie", "99"),
            ("ticket-1-prijs", "12,345"),
            ("ticket-0-naam", "extern"),
            ("lesgever-0-vergoeding", "-5"),
            ("inschrijven-tot", "2027-02-01"),
            ("nieuwe-locatie-postcode", "240"),
        ] {
            f = form(
                &f.pairs().iter().map(|(a, b)| (a.as_str(), if a == k { v } else { b.as_str() })).collect::<Vec<_>>(),
            );
        }
        let errors = EventPlan::parse(&f, &choices()).unwrap_err();
        for field in [
            "titel",
            "capaciteit",
            "sessie-0-tot",
            "sessie-0-locatie",
            "ticket-1-prijs",
            "ticket-1-naam",
            "lesgever-0-vergoeding",
            "inschrijven-tot",
            "nieuwe-locatie-postcode",
        ] {
            assert!(errors.get(field).is_some(), "no error for {field}: {errors:?}");
        }
        assert_eq!(
            errors.get("ticket-1-prijs").as_deref(),
            Some("een bedrag heeft hoogstens twee cijfers na de komma")
        );
    }

    #[test]
    fn an_event_needs_a_session_and_a_ticket_type() {
        let errors = EventPlan::parse(
            &form(&[("titel", "X"), ("soort", "meeting"), ("samenvatting", "Y"), ("doelpubliek", "public")]),
            &choices(),
        )
        .unwrap_err();
        assert!(errors.get("sessie-0-datum").is_some());
        assert!(errors.get("ticket-0-naam").is_some());
    }

    #[test]
    fn foreign_ids_are_refused() {
        let mut f = learning_network();
        f.push("lesgever-2-wie", "12345");
        let errors = EventPlan::parse(&f, &choices()).unwrap_err();
        assert_eq!(errors.get("lesgever-2-wie").as_deref(), Some("Kies een lesgever uit de lijst."));
    }

    #[test]
    fn round_trips_through_the_form() {
        let plan = EventPlan::parse(&learning_network(), &choices()).unwrap();
        let again = EventPlan::parse(&plan.to_form(), &choices()).unwrap();
        assert_eq!(again.changes_since(&plan), Vec::<&str>::new());
        assert_eq!(again.sessions.len(), 2);
    }

    #[test]
    fn next_edition_is_52_weeks_later_on_the_same_weekday() {
        let plan = EventPlan::parse(&learning_network(), &choices()).unwrap();
        let next = plan.next_edition();
        assert_eq!(next.title, "Leernetwerk energie 2028");
        assert_eq!(next.sessions[0].date.weekday(), plan.sessions[0].date.weekday());
        assert_eq!(next.sessions[0].date.to_string(), "2028-01-13");
        assert_eq!(next.registration_closes.map(|d| d.to_string()).as_deref(), Some("2028-01-09"));
        assert!(next.sessions.iter().all(|s| s.id.is_none()));
        assert_eq!(bump_years("Vorming 2026-2027", 2026), "Vorming 2027-2028");
        assert_eq!(next.changes_since(&plan), vec!["titel", "inschrijvingsperiode", "sessies"]);
    }

    #[test]
    fn new_rows_copy_times_and_venue_of_the_row_before() {
        let mut f = blank_form(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), crate::i18n::Locale::Nl);
        f.set("sessie-0-van", "13:30");
        f.set("sessie-0-locatie", "7");
        add_row(&mut f, SESSION);
        assert_eq!(f.rows(SESSION), vec![0, 1]);
        assert_eq!(f.row(SESSION, 1, "van"), "13:30");
        assert_eq!(f.row(SESSION, 1, "locatie"), "7");
        assert_eq!(f.row(SESSION, 1, "datum"), "");
        assert_eq!(f.row(TICKET, 0, "naam"), "Deelname");
        let french = blank_form(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), crate::i18n::Locale::Fr);
        assert_eq!(french.row(TICKET, 0, "naam"), "Participation");
    }

    #[test]
    fn removed_rows_are_reported_by_id() {
        let mut f = learning_network();
        f.push("sessie-1-id", "55");
        f.push("sessie-1-weg", "on");
        let plan = EventPlan::parse(&f, &choices()).unwrap();
        assert_eq!(plan.removed_sessions, vec![(1, 55)]);
        assert_eq!(plan.sessions.len(), 1);
        assert!(plan.new_venue.is_none());
    }

    mod properties {
        use super::*;
        use crate::forms::fuzz::{config, mutated};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(config())]

            /// Any value in any field of the event editor, and rows added, give a plan or errors.
            #[test]
            fn any_event_form_is_read_or_refused(f in mutated(learning_network())) {
                let _ = EventPlan::parse(&f, &choices());
            }
        }
    }
}
