//! What organiser staff see in the back office.

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
}

/// One mail of the organiser's outbox, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    pub to: String,
    pub subject: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub status: String,
    pub status_label: String,
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
}
