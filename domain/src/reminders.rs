//! Reminders before an activity: a mail some days before each day of it, with
//! the ticket, that day's sessions, the venue with its directions and
//! accessibility, and what to bring; people on the waiting list get a note
//! that they are still waiting. Also "when and where" as mails write it
//! ([`when_and_where`]), shared with the confirmation mail.
//!
//! The rules, at a moment `now`, for one registration and one day of the
//! activity ([`due`]):
//! - the organiser left reminders on for the activity ([`ReminderSettings`]);
//! - the day's reminder moment (its first session's start minus
//!   [`ReminderSettings::days_before`] days) has come, and that session has
//!   not started yet (a worker that was down sends late, never after the start);
//! - the registration was made before that moment (someone who registers the
//!   day before got the confirmation a moment ago and needs no reminder);
//! - a confirmed seat with a ticket gets the reminder ([`ReminderKind::Ticket`]),
//!   before every day of a series; someone on the waiting list gets the
//!   "still waiting" note ([`ReminderKind::StillWaiting`]) once, before the
//!   activity's first day; cancelled, offered and unpaid registrations get none.
//!
//! A day's sessions are reminded of together (a methods day with parallel
//! workshops is one mail, not six); the store records each (registration, day)
//! it sent, in the transaction that queues the mail, under a unique key.

use crate::RegistrationStatus;
use crate::forms::fields::editor as names;
use crate::forms::{FieldErrors, Message, RawForm};
use crate::i18n::{self, Locale};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Days before an activity its reminder goes out, unless the organiser chose otherwise.
pub const DEFAULT_DAYS_BEFORE: u32 = 2;
/// The most days before: a reminder a month ahead reminds of nothing.
pub const MAX_DAYS_BEFORE: u32 = 30;
/// The longest "what to bring" text.
pub const MAX_BRING: usize = 1000;
/// The value of the reminder checkbox when it is ticked.
pub const ON: &str = "aan";

/// What an organiser set for an activity's reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSettings {
    pub enabled: bool,
    /// 1 to [`MAX_DAYS_BEFORE`].
    pub days_before: u32,
    /// "What to bring", as the organiser typed it (plain text).
    pub bring: Option<String>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { enabled: true, days_before: DEFAULT_DAYS_BEFORE, bring: None }
    }
}

impl ReminderSettings {
    /// Reads the editor's reminder fields; problems go to `errors` at their field.
    /// An unticked box turns reminders off; the days are still checked when
    /// typed, and kept (the default when left empty).
    pub fn parse(form: &RawForm, errors: &mut FieldErrors) -> ReminderSettings {
        let enabled = !form.get(names::REMINDER).is_empty();
        let raw_days = form.get(names::REMINDER_DAYS);
        let days_before = if raw_days.is_empty() {
            if enabled {
                errors.add(names::REMINDER_DAYS, days_message());
            }
            DEFAULT_DAYS_BEFORE
        } else {
            match raw_days.parse::<u32>() {
                Ok(n) if (1..=MAX_DAYS_BEFORE).contains(&n) => n,
                _ => {
                    errors.add(names::REMINDER_DAYS, days_message());
                    DEFAULT_DAYS_BEFORE
                }
            }
        };
        let bring = form.get_raw(names::REMINDER_BRING).trim();
        if bring.chars().count() > MAX_BRING {
            errors
                .add(names::REMINDER_BRING, Message::with("validation.max_chars", &[("max", &MAX_BRING.to_string())]));
        }
        let bring = (!bring.is_empty()).then(|| bring.to_string());
        ReminderSettings { enabled, days_before, bring }
    }

    /// The editor's fields showing these settings.
    pub fn push(&self, form: &mut RawForm) {
        if self.enabled {
            form.push(names::REMINDER, ON);
        }
        form.push(names::REMINDER_DAYS, &self.days_before.to_string());
        form.push(names::REMINDER_BRING, self.bring.as_deref().unwrap_or_default());
    }

    /// When the reminder of a day whose first session starts at `first_start` goes out.
    pub fn moment(&self, first_start: DateTime<Utc>) -> DateTime<Utc> {
        first_start - TimeDelta::days(i64::from(self.days_before))
    }
}

fn days_message() -> Message {
    Message::with("validation.reminder_days", &[("max", &MAX_DAYS_BEFORE.to_string())])
}

/// Which mail a registration gets before a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReminderKind {
    /// A seat: the ticket, when and where, what to bring.
    Ticket,
    /// On the waiting list: still waiting, no seat yet.
    StillWaiting,
}

impl ReminderKind {
    /// The text stored with a sent reminder.
    pub const fn code(self) -> &'static str {
        match self {
            ReminderKind::Ticket => "ticket",
            ReminderKind::StillWaiting => "still_waiting",
        }
    }
}

/// One day of an activity, as the reminder rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDay {
    /// The day in Belgian time.
    pub date: NaiveDate,
    /// The start of its first session.
    pub first_start: DateTime<Utc>,
    /// The activity's first day.
    pub is_first: bool,
    /// Its number (from 1) among `of` days.
    pub number: usize,
    pub of: usize,
}

/// The days of an activity from its sessions' (Belgian date, start), in any order.
pub fn days(sessions: &[(NaiveDate, DateTime<Utc>)]) -> Vec<EventDay> {
    let mut firsts: Vec<(NaiveDate, DateTime<Utc>)> = Vec::new();
    for &(date, start) in sessions {
        match firsts.iter_mut().find(|(d, _)| *d == date) {
            Some((_, first)) => *first = (*first).min(start),
            None => firsts.push((date, start)),
        }
    }
    firsts.sort();
    let of = firsts.len();
    firsts
        .into_iter()
        .enumerate()
        .map(|(i, (date, first_start))| EventDay { date, first_start, is_first: i == 0, number: i + 1, of })
        .collect()
}

/// A registration as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    pub status: RegistrationStatus,
    pub registered_at: DateTime<Utc>,
    /// A valid (not revoked) ticket.
    pub has_ticket: bool,
}

/// The reminder `registration` is due before `day` at `now`, if any (see the module's rules).
/// Whether it was sent already is the store's to know.
pub fn due(
    settings: &ReminderSettings,
    day: &EventDay,
    registration: &Registered,
    now: DateTime<Utc>,
) -> Option<ReminderKind> {
    if !settings.enabled {
        return None;
    }
    let moment = settings.moment(day.first_start);
    if now < moment || now >= day.first_start || registration.registered_at > moment {
        return None;
    }
    match registration.status {
        RegistrationStatus::Confirmed if registration.has_ticket => Some(ReminderKind::Ticket),
        RegistrationStatus::Waitlisted if day.is_first => Some(ReminderKind::StillWaiting),
        _ => None,
    }
}

/// A venue as a participant needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub directions: Option<String>,
    pub wheelchair_accessible: bool,
}

impl Place {
    /// `name, street, postcode city`
    pub fn address(&self) -> String {
        format!("{}, {}, {} {}", self.name, self.street, self.postcode, self.city)
    }
}

/// A session as a mail says when and where it is (times in Belgian time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionWhere {
    pub title: String,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub place: Option<Place>,
    pub online_url: Option<String>,
}

/// One paragraph per session: its title, date and hours, the venue's address,
/// directions and accessibility, the online link. Plain text; the mail's
/// layout escapes it.
pub fn when_and_where(locale: Locale, sessions: &[SessionWhere]) -> Vec<String> {
    sessions
        .iter()
        .map(|s| {
            let mut lines = vec![s.title.clone(), crate::dates::span_in(locale, s.starts, s.ends)];
            match &s.place {
                Some(p) => {
                    lines.push(i18n::text_with(locale, "mail.where", &[("place", &p.address())]));
                    if let Some(directions) = p.directions.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                        lines.push(i18n::text_with(locale, "mail.directions", &[("directions", directions)]));
                    }
                    lines.push(
                        i18n::text(
                            locale,
                            if p.wheelchair_accessible { "mail.wheelchair_yes" } else { "mail.wheelchair_no" },
                        )
                        .to_string(),
                    );
                }
                None if s.online_url.is_none() => lines.push(i18n::text(locale, "mail.place_unknown").to_string()),
                None => {}
            }
            if let Some(url) = &s.online_url {
                lines.push(i18n::text_with(locale, "mail.online", &[("url", url)]));
            }
            lines.join("\n")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap()
    }

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn seat(registered_at: DateTime<Utc>) -> Registered {
        Registered { status: RegistrationStatus::Confirmed, registered_at, has_ticket: true }
    }

    fn one_day() -> EventDay {
        days(&[(date(10), at(10, 8))])[0]
    }

    #[test]
    fn a_reminder_is_due_from_two_days_before_until_the_start() {
        let s = ReminderSettings::default();
        let day = one_day();
        let r = seat(at(1, 9));
        assert_eq!(due(&s, &day, &r, at(8, 7)), None, "before the moment");
        assert_eq!(due(&s, &day, &r, at(8, 8)), Some(ReminderKind::Ticket), "at the moment");
        assert_eq!(due(&s, &day, &r, at(9, 20)), Some(ReminderKind::Ticket), "a worker that was down sends late");
        assert_eq!(due(&s, &day, &r, at(10, 8)), None, "never once it started");
        let week = ReminderSettings { days_before: 7, ..s };
        assert_eq!(due(&week, &day, &r, at(3, 8)), Some(ReminderKind::Ticket));
    }

    #[test]
    fn none_when_turned_off_or_registered_after_the_moment() {
        let day = one_day();
        let off = ReminderSettings { enabled: false, ..ReminderSettings::default() };
        assert_eq!(due(&off, &day, &seat(at(1, 9)), at(9, 9)), None);
        let on = ReminderSettings::default();
        assert_eq!(due(&on, &day, &seat(at(8, 8)), at(9, 9)), Some(ReminderKind::Ticket), "just in time");
        assert_eq!(due(&on, &day, &seat(at(8, 9)), at(9, 9)), None, "registered after the moment");
    }

    #[test]
    fn the_waiting_list_hears_once_and_others_never() {
        let s = ReminderSettings::default();
        let series = days(&[(date(10), at(10, 8)), (date(17), at(17, 8))]);
        let waiting = Registered { status: RegistrationStatus::Waitlisted, registered_at: at(1, 9), has_ticket: false };
        assert_eq!(due(&s, &series[0], &waiting, at(8, 9)), Some(ReminderKind::StillWaiting));
        assert_eq!(due(&s, &series[1], &waiting, at(15, 9)), None, "only before the first day");
        for status in [
            RegistrationStatus::Cancelled,
            RegistrationStatus::Offered,
            RegistrationStatus::PendingPayment,
            RegistrationStatus::Unconfirmed,
        ] {
            let r = Registered { status, registered_at: at(1, 9), has_ticket: true };
            assert_eq!(due(&s, &series[0], &r, at(8, 9)), None, "{status}");
        }
        let revoked = Registered { has_ticket: false, ..seat(at(1, 9)) };
        assert_eq!(due(&s, &series[0], &revoked, at(8, 9)), None, "no valid ticket");
    }

    #[test]
    fn a_series_is_reminded_before_each_day_and_a_day_once() {
        let s = ReminderSettings::default();
        // Two parallel workshops on the 10th, one session on the 17th, given out of order.
        let series = days(&[(date(17), at(17, 13)), (date(10), at(10, 13)), (date(10), at(10, 8))]);
        assert_eq!(series.len(), 2);
        assert_eq!((series[0].date, series[0].first_start, series[0].is_first), (date(10), at(10, 8), true));
        assert_eq!((series[1].number, series[1].of, series[1].is_first), (2, 2, false));
        let r = seat(at(1, 9));
        assert_eq!(due(&s, &series[0], &r, at(8, 9)), Some(ReminderKind::Ticket));
        assert_eq!(due(&s, &series[1], &r, at(8, 9)), None, "not yet");
        assert_eq!(due(&s, &series[1], &r, at(15, 13)), Some(ReminderKind::Ticket));
        // Registered between the two days: only the second day's reminder.
        let late = seat(at(11, 9));
        assert_eq!(due(&s, &series[0], &late, at(9, 9)), None);
        assert_eq!(due(&s, &series[1], &late, at(15, 14)), Some(ReminderKind::Ticket));
    }

    #[test]
    fn the_editor_fields_are_checked_and_round_trip() {
        let form =
            |pairs: &[(&str, &str)]| RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        let mut errors = FieldErrors::new();
        let s = ReminderSettings::parse(
            &form(&[(names::REMINDER, ON), (names::REMINDER_DAYS, "3"), (names::REMINDER_BRING, "  Laptop\n")]),
            &mut errors,
        );
        assert!(errors.is_empty());
        assert_eq!(s, ReminderSettings { enabled: true, days_before: 3, bring: Some("Laptop".into()) });
        let mut again = RawForm::default();
        s.push(&mut again);
        assert_eq!(ReminderSettings::parse(&again, &mut FieldErrors::new()), s);
        let off = ReminderSettings::parse(&form(&[(names::REMINDER_DAYS, "2")]), &mut errors);
        assert!(!off.enabled && errors.is_empty());
        for bad in ["0", "31", "twee", "-1", "2.5"] {
            let mut errors = FieldErrors::new();
            ReminderSettings::parse(&form(&[(names::REMINDER, ON), (names::REMINDER_DAYS, bad)]), &mut errors);
            assert_eq!(
                errors.message(names::REMINDER_DAYS).map(Message::key),
                Some("validation.reminder_days"),
                "{bad}"
            );
        }
        let mut errors = FieldErrors::new();
        let long = "x".repeat(MAX_BRING + 1);
        ReminderSettings::parse(
            &form(&[(names::REMINDER, ON), (names::REMINDER_DAYS, "2"), (names::REMINDER_BRING, long.as_str())]),
            &mut errors,
        );
        assert!(errors.get(names::REMINDER_BRING).is_some());
    }

    #[test]
    fn when_and_where_names_hours_address_directions_and_access() {
        let place = Place {
            name: "De Markt".into(),
            street: "Markt 1".into(),
            postcode: "2440".into(),
            city: "Geel".into(),
            directions: Some("Ingang via de binnenkoer".into()),
            wheelchair_accessible: true,
        };
        let starts = date(10).and_hms_opt(9, 30, 0).unwrap();
        let lines = when_and_where(
            Locale::Nl,
            &[
                SessionWhere {
                    title: "Dag 1".into(),
                    starts,
                    ends: date(10).and_hms_opt(12, 30, 0).unwrap(),
                    place: Some(place.clone()),
                    online_url: None,
                },
                SessionWhere {
                    title: "Online".into(),
                    starts,
                    ends: starts,
                    place: None,
                    online_url: Some("https://meet.example/x".into()),
                },
            ],
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("Dag 1\ndonderdag 10 december 2026, 09:30–12:30\n"), "{}", lines[0]);
        assert!(lines[0].contains("De Markt, Markt 1, 2440 Geel"), "{}", lines[0]);
        assert!(lines[0].contains("Ingang via de binnenkoer"), "{}", lines[0]);
        assert!(lines[0].contains(i18n::text(Locale::Nl, "mail.wheelchair_yes")));
        assert!(lines[1].contains("https://meet.example/x") && !lines[1].contains("mail."), "{}", lines[1]);
        let fr = when_and_where(
            Locale::Fr,
            &[SessionWhere { place: Some(place), online_url: None, ..SessionWhereDefaults::one(starts) }],
        );
        assert!(fr[0].contains("jeudi 10 décembre 2026"), "{}", fr[0]);
    }

    struct SessionWhereDefaults;

    impl SessionWhereDefaults {
        fn one(starts: NaiveDateTime) -> SessionWhere {
            SessionWhere { title: "Dag".into(), starts, ends: starts, place: None, online_url: None }
        }
    }
}
