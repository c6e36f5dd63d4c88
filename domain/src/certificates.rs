//! Attendance certificates (attesten): proof that someone took part, per
//! session they were checked in for at the door, with the time that adds up
//! to. Social workers hand them in for their training hours.

use crate::dates;
use crate::forms::{FieldErrors, Message};
use crate::i18n::{self, Locale};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A session someone was present at, in local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendedSession {
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
}

impl AttendedSession {
    pub fn minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes().max(0)
    }
}

/// One person's certificate for one activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub registration_id: i32,
    pub participant: String,
    /// Where it is mailed; `None` when the registration has no address.
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub event_title: String,
    pub organiser_name: String,
    /// The organiser as an employer files it: enterprise number (`0412.345.614`) and address.
    pub organiser_enterprise_number: Option<String>,
    pub organiser_address: Option<String>,
    /// Who signs for the organiser; `None` until its admin set one.
    pub signatory: Option<Signatory>,
    /// The trainers of the sessions attended.
    pub trainers: Vec<String>,
    /// In the order they took place.
    pub sessions: Vec<AttendedSession>,
    /// The language the participant registered in.
    pub locale: Locale,
    /// Mailed before.
    pub sent: bool,
    /// The day it was mailed: the date it carries from then on, whenever it is downloaded again.
    pub sent_on: Option<chrono::NaiveDate>,
}

impl Certificate {
    /// The time attended, in minutes.
    pub fn minutes(&self) -> i64 {
        self.sessions.iter().map(AttendedSession::minutes).sum()
    }

    /// The file name of its PDF: `attest-<name>.pdf` in the participant's words.
    pub fn file_name(&self, locale: Locale) -> String {
        let name: String = self
            .participant
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        format!("{}-{name}.pdf", i18n::text(locale, "certificate.file"))
    }
}

/// Who signs an organiser's certificates, and as what ("Hanne Laenen",
/// "coördinator"). Both or neither: a name without a function tells an
/// employer too little.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    name: String,
    function: String,
}

/// The organiser as a certificate names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    pub name: String,
    /// Formatted: `0412.345.614`.
    pub enterprise_number: Option<String>,
    /// `street, postcode city`.
    pub address: Option<String>,
    pub signatory: Option<Signatory>,
}

/// The form fields of the signatory.
pub mod field {
    pub const NAME: &str = "ondertekenaar";
    pub const FUNCTION: &str = "functie";
}

const SIGNATORY_MAX: usize = 100;

impl Signatory {
    /// From the organiser's settings form: both empty is no signatory; errors name the field.
    pub fn parse(name: &str, function: &str) -> Result<Option<Signatory>, FieldErrors> {
        let (name, function) = (name.trim(), function.trim());
        if name.is_empty() && function.is_empty() {
            return Ok(None);
        }
        let mut errors = FieldErrors::new();
        for (field, value, missing) in [
            (field::NAME, name, "validation.signatory_name_required"),
            (field::FUNCTION, function, "validation.signatory_function_required"),
        ] {
            if value.is_empty() {
                errors.add(field, Message::new(missing));
            } else if value.chars().count() > SIGNATORY_MAX {
                errors.add(field, Message::with("validation.max_chars", &[("max", &SIGNATORY_MAX.to_string())]));
            } else if value.chars().any(char::is_control) {
                errors.add(field, Message::new("validation.signatory_one_line"));
            }
        }
        errors.into_result(Some(Signatory { name: name.to_string(), function: function.to_string() }))
    }

    /// As stored: both columns set, else none.
    pub fn stored(name: Option<String>, function: Option<String>) -> Option<Signatory> {
        match (name, function) {
            (Some(name), Some(function)) if !name.trim().is_empty() && !function.trim().is_empty() => {
                Some(Signatory { name, function })
            }
            _ => None,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn function(&self) -> &str {
        &self.function
    }
}

/// A duration as a reader says it: `3 uur`, `6 uur 30 min`, `45 min`.
pub fn duration_in(locale: Locale, minutes: i64) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let h = hours.to_string();
    let m = rest.to_string();
    match (hours, rest) {
        (0, _) => i18n::text_with(locale, "certificate.minutes", &[("minutes", &m)]),
        (_, 0) => i18n::text_with(locale, "certificate.hours", &[("hours", &h)]),
        _ => i18n::text_with(locale, "certificate.hours_minutes", &[("hours", &h), ("minutes", &m)]),
    }
}

/// A session's line on the certificate: `dinsdag 3 maart 2026, 09:30–12:30 — Sessie 1`.
pub fn session_line(locale: Locale, session: &AttendedSession) -> String {
    let when = dates::span_in(locale, session.starts_at.naive_local(), session.ends_at.naive_local());
    format!("{when} — {}", session.title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn session(day: u32, from: u32, to: (u32, u32)) -> AttendedSession {
        let tz = FixedOffset::east_opt(3600).unwrap();
        AttendedSession {
            title: format!("Sessie {day}"),
            starts_at: tz.with_ymd_and_hms(2026, 3, day, from, 0, 0).unwrap(),
            ends_at: tz.with_ymd_and_hms(2026, 3, day, to.0, to.1, 0).unwrap(),
        }
    }

    fn certificate(sessions: Vec<AttendedSession>) -> Certificate {
        Certificate {
            registration_id: 7,
            participant: "Els Peeters-Van Dijck".into(),
            email: Some("els@ocmw-mol.test".into()),
            organisation: Some("OCMW Mol".into()),
            event_title: "Leernetwerk".into(),
            organiser_name: "BIZ Kempen".into(),
            organiser_enterprise_number: None,
            organiser_address: None,
            signatory: None,
            trainers: vec![],
            sessions,
            locale: Locale::Nl,
            sent: false,
            sent_on: None,
        }
    }

    #[test]
    fn the_time_attended_adds_up_the_sessions() {
        let c = certificate(vec![session(3, 9, (12, 30)), session(10, 13, (16, 0))]);
        assert_eq!(c.minutes(), 390);
        assert_eq!(duration_in(Locale::Nl, c.minutes()), "6 uur 30 min");
        assert_eq!(duration_in(Locale::Nl, 180), "3 uur");
        assert_eq!(duration_in(Locale::Fr, 45), "45 min");
        assert_eq!(duration_in(Locale::En, 390), "6 h 30 min");
    }

    #[test]
    fn a_session_that_ends_before_it_starts_counts_nothing() {
        let mut wrong = session(3, 12, (9, 0));
        wrong.title = "Omgekeerd".into();
        assert_eq!(wrong.minutes(), 0);
    }

    #[test]
    fn a_signatory_has_a_name_and_a_function_or_is_none() {
        assert_eq!(Signatory::parse("  ", ""), Ok(None));
        let s = Signatory::parse(" Hanne Laenen ", "coördinator").unwrap().unwrap();
        assert_eq!((s.name(), s.function()), ("Hanne Laenen", "coördinator"));
        let errors = Signatory::parse("Hanne Laenen", "").unwrap_err();
        assert_eq!(errors.message(field::FUNCTION).map(Message::key), Some("validation.signatory_function_required"));
        assert!(errors.message(field::NAME).is_none());
        let errors = Signatory::parse("", "coördinator").unwrap_err();
        assert!(errors.message(field::NAME).is_some());
        let errors = Signatory::parse(&"x".repeat(101), "coördinator").unwrap_err();
        assert_eq!(errors.message(field::NAME).map(Message::key), Some("validation.max_chars"));
        assert!(Signatory::parse("Hanne\nLaenen", "x").is_err());
        assert_eq!(Signatory::stored(Some("A".into()), None), None);
        assert_eq!(
            Signatory::stored(Some("A".into()), Some("B".into())).map(|s| s.name().to_string()),
            Some("A".into())
        );
    }

    #[test]
    fn the_file_is_named_after_the_participant() {
        let c = certificate(vec![]);
        assert_eq!(c.file_name(Locale::Nl), "attest-els-peeters-van-dijck.pdf");
        assert_eq!(c.file_name(Locale::En), "certificate-els-peeters-van-dijck.pdf");
    }

    #[test]
    fn a_session_line_has_its_day_hours_and_title() {
        let line = session_line(Locale::Nl, &session(3, 9, (12, 30)));
        for part in ["3 maart 2026", "09:00", "12:30", "Sessie 3"] {
            assert!(line.contains(part), "{part} in {line}");
        }
        assert_eq!(line.matches("maart").count(), 1, "the day once: {line}");
    }
}
