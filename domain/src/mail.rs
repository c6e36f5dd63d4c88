//! Outgoing mail as the domain sees it: who, what, in plain text and HTML.
//! Queueing and sending live at the edges (store: the outbox table; server: the
//! SMTP or file transport and the worker that drains the queue).

use crate::email::Email;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    /// The organiser on whose behalf the mail goes out (its name signs the mail,
    /// its staff see it in their outbox); None for platform mail such as sign-in links.
    pub organiser_id: Option<i32>,
    pub to: Email,
    pub to_name: Option<String>,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// Files that travel with the mail (a calendar entry, say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A file attached to a mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub filename: String,
    /// e.g. `text/calendar; charset=utf-8; method=PUBLISH`
    pub content_type: String,
    /// The text itself, or for a binary file (a PDF) its bytes in base64.
    pub content: String,
    /// Whether `content` is base64 of a binary file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base64: bool,
    /// Set for an image the HTML body shows (`<img src="cid:...">`): its content id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_id: Option<String>,
}
