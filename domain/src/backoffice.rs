//! What organiser staff see in the back office.

use crate::forms::fields::event_status;
use crate::kinds::{EventKind, EventStatus};
use crate::listing::OrganiserRef;
use crate::slug::Slug;
use serde::{Deserialize, Serialize};

/// One line of the organiser's event list, drafts and cancelled ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: i32,
    pub slug: Slug,
    pub title: String,
    pub kind: EventKind,
    pub status: EventStatus,
    pub starts_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub capacity: Option<u32>,
    pub seats_taken: u32,
    pub confirmed: u32,
    pub waitlisted: u32,
    /// It has begun (or is over): nothing to publish or cancel any more.
    pub started: bool,
}

/// One mail of the organiser's outbox, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    pub to: String,
    pub subject: String,
    pub status: crate::MailStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}

/// The back office of one organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub organiser: OrganiserRef,
    pub events: Vec<EventRow>,
    pub outbox: Vec<MailRow>,
    /// Only for the organiser's admins; empty for staff.
    pub audit: Vec<AuditRow>,
    /// The viewer is one of the organiser's admins (who keep the books).
    pub is_admin: bool,
    /// For the forms on the page.
    pub csrf_token: String,
}

/// What staff can do to an event's status from the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusChange {
    Publish,
    Cancel,
}

impl StatusChange {
    pub fn code(self) -> &'static str {
        match self {
            StatusChange::Publish => "publish",
            StatusChange::Cancel => "cancel",
        }
    }

    /// The event's status afterwards, or why the change is not possible from `from`.
    pub fn apply(self, from: EventStatus, has_sessions: bool) -> Result<EventStatus, Refusal> {
        match (self, from) {
            (StatusChange::Publish, EventStatus::Draft) if !has_sessions => Err(Refusal::NoSessions),
            (StatusChange::Publish, EventStatus::Draft) => Ok(EventStatus::Published),
            (StatusChange::Publish, EventStatus::Published) => Err(Refusal::AlreadyPublished),
            (StatusChange::Cancel, EventStatus::Draft | EventStatus::Published) => Ok(EventStatus::Cancelled),
            (_, EventStatus::Cancelled) => Err(Refusal::Cancelled),
        }
    }

    pub fn from_form(value: &str) -> Option<Self> {
        match value {
            event_status::PUBLISH => Some(StatusChange::Publish),
            event_status::CANCEL => Some(StatusChange::Cancel),
            _ => None,
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            StatusChange::Publish => "gepubliceerd",
            StatusChange::Cancel => "geannuleerd",
        }
    }
}

/// Why a status change was refused; the code travels in a redirect, the
/// message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    NoSessions,
    AlreadyPublished,
    Cancelled,
    ChangedMeanwhile,
    UnknownEvent,
    UnknownAction,
    Started,
}

impl Refusal {
    const ALL: [Refusal; 7] = [
        Refusal::Started,
        Refusal::NoSessions,
        Refusal::AlreadyPublished,
        Refusal::Cancelled,
        Refusal::ChangedMeanwhile,
        Refusal::UnknownEvent,
        Refusal::UnknownAction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoSessions => "zonder-sessies",
            Refusal::AlreadyPublished => "al-gepubliceerd",
            Refusal::Cancelled => "geannuleerd",
            Refusal::ChangedMeanwhile => "gewijzigd",
            Refusal::UnknownEvent => "onbekend",
            Refusal::UnknownAction => "actie",
            Refusal::Started => "begonnen",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Refusal::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message_nl(self) -> &'static str {
        match self {
            Refusal::NoSessions => "Een activiteit zonder sessies kan niet gepubliceerd worden.",
            Refusal::AlreadyPublished => "Deze activiteit is al gepubliceerd.",
            Refusal::Cancelled => "Deze activiteit is geannuleerd en kan niet meer wijzigen.",
            Refusal::ChangedMeanwhile => "Iemand anders wijzigde deze activiteit net. Bekijk de lijst opnieuw.",
            Refusal::UnknownEvent => "Deze activiteit bestaat niet (meer).",
            Refusal::UnknownAction => "Onbekende actie.",
            Refusal::Started => {
                "Deze activiteit is al begonnen of voorbij; ze kan niet meer gepubliceerd of geannuleerd worden."
            }
        }
    }
}

/// One line of the audit log, as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub who: Option<String>,
    /// What they did, put into words in the reader's language.
    pub what: crate::forms::Message,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_changes() {
        assert_eq!(StatusChange::Publish.apply(EventStatus::Draft, true), Ok(EventStatus::Published));
        assert!(StatusChange::Publish.apply(EventStatus::Draft, false).is_err());
        assert!(StatusChange::Publish.apply(EventStatus::Published, true).is_err());
        assert_eq!(StatusChange::Cancel.apply(EventStatus::Published, true), Ok(EventStatus::Cancelled));
        assert_eq!(StatusChange::Cancel.apply(EventStatus::Draft, false), Ok(EventStatus::Cancelled));
        assert!(StatusChange::Cancel.apply(EventStatus::Cancelled, true).is_err());
        assert!(StatusChange::Publish.apply(EventStatus::Cancelled, true).is_err());
        for r in Refusal::ALL {
            assert_eq!(Refusal::from_code(r.code()), Some(r));
        }
    }
}

/// One registration as staff see it in the event's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub ticket_type: String,
    pub status: crate::RegistrationStatus,
    /// Anything else the attendee told us.
    pub needs: Option<String>,
    /// Answers to the event's questions.
    #[serde(default)]
    pub answers: Vec<crate::questions::Answer>,
    /// A group module's booking: group size and the dates asked for.
    #[serde(default)]
    pub group: Option<crate::registration::GroupBooking>,
    pub order_reference: Option<String>,
    pub booked_by: Option<String>,
    pub registered_at: chrono::DateTime<chrono::FixedOffset>,
    /// The sessions this person was checked in for at the door.
    #[serde(default)]
    pub present_at: Vec<i32>,
    /// The registration's id (its attendance certificate's address).
    #[serde(default)]
    pub id: i32,
    /// Their attendance certificate was mailed.
    #[serde(default)]
    pub certificate_sent: bool,
}

/// A session as the attendance list needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSession {
    #[serde(default)]
    pub id: i32,
    pub title: String,
    pub starts_at: chrono::DateTime<chrono::FixedOffset>,
}

/// An event's registrations, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRegistrations {
    pub organiser: OrganiserRef,
    pub event_id: i32,
    pub title: String,
    pub capacity: Option<u32>,
    pub sessions: Vec<ListSession>,
    /// Confirmed first (by name), then offered, waiting (in turn), cancelled.
    pub rows: Vec<RegistrationRow>,
    /// The event's questions, for columns and totals (diets for the caterer).
    #[serde(default)]
    pub questions: Vec<crate::questions::Question>,
    /// Staff get links into the back office; a trainer sees the lists only.
    pub staff_view: bool,
    /// For the form that mails the attendance certificates (staff only).
    #[serde(default)]
    pub csrf_token: String,
}

/// An event a trainer teaches at, for their own view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaughtEvent {
    pub organiser_slug: String,
    pub event_id: i32,
    pub title: String,
    pub starts_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}
