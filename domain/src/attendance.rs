//! Attendance lists as files: who registered for an activity (any kind,
//! meetings such as a steering group or general assembly too) and who came to
//! which session, as the door recorded it. The server turns one
//! [`AttendanceList`] into a sign-in sheet (PDF, one session), a CSV and an
//! XLSX (one session or the whole activity).

use crate::i18n::{self, Locale};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// One session of the activity, in local time, with where and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSession {
    pub id: i32,
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    /// `Name, street, postcode city`; `None` for an online session.
    pub venue: Option<String>,
    /// The trainers of this session (those of the whole activity included).
    pub trainers: Vec<String>,
}

impl ListSession {
    pub fn minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes().max(0)
    }
}

/// Someone who registered, or who was checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub registration_id: i32,
    pub name: String,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub ticket_type: String,
    /// A seat holder's, or (for someone checked in whose registration was
    /// cancelled later) `Cancelled`.
    pub status: crate::RegistrationStatus,
    pub registered_at: DateTime<FixedOffset>,
    /// When they were checked in, per session of the list (same order); `None`: not present.
    pub checked_in: Vec<Option<DateTime<FixedOffset>>>,
}

impl ListRow {
    /// The sessions they were present at.
    pub fn sessions_present(&self) -> usize {
        self.checked_in.iter().filter(|c| c.is_some()).count()
    }
}

/// An activity's registrations and attendance, over all its sessions or one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceList {
    pub event_id: i32,
    pub organiser: String,
    pub event_title: String,
    /// The event kind's code (`meeting`, `training_day`, ...).
    pub kind: String,
    /// In the order they take place.
    pub sessions: Vec<ListSession>,
    /// By name.
    pub rows: Vec<ListRow>,
}

impl AttendanceList {
    /// The same list for one of its sessions; `None` for a session of another activity.
    pub fn for_session(&self, session_id: i32) -> Option<AttendanceList> {
        let index = self.sessions.iter().position(|s| s.id == session_id)?;
        Some(AttendanceList {
            sessions: vec![self.sessions[index].clone()],
            rows: self
                .rows
                .iter()
                .map(|r| ListRow { checked_in: vec![r.checked_in.get(index).copied().flatten()], ..r.clone() })
                .collect(),
            ..self.clone()
        })
    }

    /// How many were checked in for the session at `index`.
    pub fn present_at(&self, index: usize) -> usize {
        self.rows.iter().filter(|r| r.checked_in.get(index).copied().flatten().is_some()).count()
    }

    /// The minutes `row` was present for, added up over its sessions.
    pub fn minutes_present(&self, row: &ListRow) -> i64 {
        self.sessions.iter().zip(&row.checked_in).filter(|(_, c)| c.is_some()).map(|(s, _)| s.minutes()).sum()
    }

    /// The kind's word in `locale` (`Overleg`, `Vorming`, ...).
    pub fn kind_in(&self, locale: Locale) -> Option<&'static str> {
        crate::kinds::EventKind::from_code(&self.kind).ok().map(|k| k.name_in(locale))
    }

    /// A file name: `<word>-<activity>[-<date of the session>].<extension>`,
    /// ASCII letters and digits only, so that every browser and mail client keeps it.
    pub fn file_name(&self, locale: Locale, word_key: &str, one_session: bool, extension: &str) -> String {
        let mut stem = format!("{} {}", i18n::text(locale, word_key), self.event_title);
        if one_session && let Some(s) = self.sessions.first() {
            stem.push(' ');
            stem.push_str(&s.starts_at.format("%Y-%m-%d").to_string());
        }
        format!("{}.{extension}", ascii_slug(&stem))
    }
}

/// Lower-case ASCII letters and digits joined by `-`; accents dropped to their letter.
fn ascii_slug(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    let slug = folded.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    // Long titles make long names; 80 characters say enough.
    match slug.char_indices().nth(80) {
        Some((cut, _)) => slug[..cut].trim_end_matches('-').to_string(),
        None => slug,
    }
}

/// `3` for whole hours, `3.5` / `2.25` otherwise: hours as a number a sheet can add up.
pub fn hours(minutes: i64) -> f64 {
    minutes as f64 / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, day, h, m, 0).unwrap()
    }

    fn list() -> AttendanceList {
        let session = |id, day| ListSession {
            id,
            title: format!("Sessie {id}"),
            starts_at: at(day, 9, 30),
            ends_at: at(day, 12, 0),
            venue: Some("Zaal De Schakel, Markt 1, 2400 Mol".into()),
            trainers: vec!["An Trainer".into()],
        };
        let row = |id, name: &str, checked_in| ListRow {
            registration_id: id,
            name: name.into(),
            organisation: Some("OCMW Mol".into()),
            email: None,
            ticket_type: "Standaard".into(),
            status: crate::RegistrationStatus::Confirmed,
            registered_at: at(1, 10, 0),
            checked_in,
        };
        AttendanceList {
            event_id: 4,
            organiser: "BIZ Kempen".into(),
            event_title: "Stuurgroep BIZ Kempen – voorjaar".into(),
            kind: "meeting".into(),
            sessions: vec![session(10, 3), session(11, 10)],
            rows: vec![
                row(1, "Els Peeters", vec![Some(at(3, 9, 2)), Some(at(10, 9, 25))]),
                row(2, "Jan Janssens", vec![None, Some(at(10, 9, 40))]),
                row(3, "Mia Maes", vec![None, None]),
            ],
        }
    }

    #[test]
    fn one_session_keeps_everyone_with_that_sessions_check_in() {
        let all = list();
        let second = all.for_session(11).expect("its own session");
        assert_eq!(second.sessions.len(), 1);
        assert_eq!(second.rows.len(), 3, "who registered, present or not");
        assert_eq!(second.present_at(0), 2);
        assert_eq!(second.rows[0].checked_in, vec![Some(at(10, 9, 25))]);
        assert_eq!(second.rows[2].checked_in, vec![None]);
        assert!(all.for_session(99).is_none(), "a session of another activity");
    }

    #[test]
    fn the_time_present_adds_up_the_sessions_attended() {
        let all = list();
        assert_eq!(all.minutes_present(&all.rows[0]), 300);
        assert_eq!(all.minutes_present(&all.rows[1]), 150);
        assert_eq!(all.minutes_present(&all.rows[2]), 0);
        assert_eq!(all.rows[0].sessions_present(), 2);
        assert!((hours(150) - 2.5).abs() < f64::EPSILON);
        assert_eq!(all.present_at(0), 1);
    }

    #[test]
    fn a_meeting_is_named_as_one() {
        assert_eq!(list().kind_in(Locale::Nl), Some("Overleg"));
    }

    #[test]
    fn file_names_are_plain_ascii() {
        let all = list();
        assert_eq!(
            all.file_name(Locale::Nl, "attendance.file_list", false, "csv"),
            "aanwezigheden-stuurgroep-biz-kempen-voorjaar.csv"
        );
        let one = all.for_session(10).unwrap();
        assert_eq!(
            one.file_name(Locale::Nl, "attendance.file_sheet", true, "pdf"),
            "tekenlijst-stuurgroep-biz-kempen-voorjaar-2026-03-03.pdf"
        );
        assert_eq!(ascii_slug("Één café à Liège"), "een-cafe-a-liege");
        assert!(ascii_slug(&"a".repeat(200)).len() <= 80);
    }
}
