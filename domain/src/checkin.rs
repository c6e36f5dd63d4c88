//! Check-in at the door: what a scanned ticket holds, which session is on,
//! and what the scanner tells the person at the door.
//!
//! A ticket's QR code holds its address (`https://…/ticket/<code>`). A phone's
//! camera, a handheld scanner (which types like a keyboard) or a person typing
//! the code all end up here as text.

use chrono::{DateTime, Duration, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::i18n::{self, Locale};

/// A ticket code as printed in the QR code: letters and digits only, of a
/// plausible length (our codes are 26 base32 or 64 hex characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketCode(String);

impl TicketCode {
    /// The code in what a scanner read: a ticket address or the bare code,
    /// with stray whitespace, a query string or a trailing slash tolerated.
    pub fn from_scan(scanned: &str) -> Option<Self> {
        let text = scanned.trim();
        let code = match text.rfind("/ticket/") {
            Some(at) => &text[at + "/ticket/".len()..],
            None => text,
        };
        let code = code.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
        let plausible = (16..=128).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric());
        plausible.then(|| TicketCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A session as the scanner offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorSession {
    pub id: i32,
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    /// People checked in for this session.
    pub present: u32,
}

/// How long before a session starts the door opens.
const DOORS_OPEN: Duration = Duration::minutes(90);

/// The session the door is most likely scanning for at `now`: the one running
/// or about to start; else the next one today; else the last one that began
/// today; else the next one to come; else the last. Staff can pick another.
pub fn session_at(sessions: &[DoorSession], now: DateTime<FixedOffset>) -> Option<i32> {
    let today = now.date_naive();
    let running = sessions.iter().find(|s| s.starts_at - DOORS_OPEN <= now && now <= s.ends_at);
    let later_today =
        sessions.iter().filter(|s| s.starts_at > now && s.starts_at.date_naive() == today).min_by_key(|s| s.starts_at);
    let earlier_today =
        sessions.iter().filter(|s| s.starts_at <= now && s.starts_at.date_naive() == today).max_by_key(|s| s.starts_at);
    let upcoming = sessions.iter().filter(|s| s.starts_at > now).min_by_key(|s| s.starts_at);
    let last = sessions.iter().max_by_key(|s| s.starts_at);
    running.or(later_today).or(earlier_today).or(upcoming).or(last).map(|s| s.id)
}

/// Who a ticket belongs to, as the door shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub registration_id: i32,
    pub name: String,
    pub organisation: Option<String>,
    pub ticket_type: String,
}

/// What a scan or a tap on "present" comes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckInOutcome {
    /// Welcome: checked in now.
    CheckedIn(Holder),
    /// Scanned before for this session (a second scan changes nothing).
    AlreadyIn { holder: Holder, at: DateTime<FixedOffset> },
    /// The registration was cancelled or the ticket revoked.
    Cancelled(Holder),
    /// A seat not (yet) confirmed: waiting list, offered, or payment still open.
    NotConfirmed { holder: Holder, status: String },
    /// A valid ticket, for another event of this organiser.
    OtherEvent { holder: Holder, event_title: String },
    /// No ticket of this organiser has this code.
    UnknownTicket,
}

impl CheckInOutcome {
    /// Whether the person may go in.
    pub fn admitted(&self) -> bool {
        matches!(self, CheckInOutcome::CheckedIn(_) | CheckInOutcome::AlreadyIn { .. })
    }

    pub fn holder(&self) -> Option<&Holder> {
        match self {
            CheckInOutcome::CheckedIn(h)
            | CheckInOutcome::Cancelled(h)
            | CheckInOutcome::AlreadyIn { holder: h, .. }
            | CheckInOutcome::NotConfirmed { holder: h, .. }
            | CheckInOutcome::OtherEvent { holder: h, .. } => Some(h),
            CheckInOutcome::UnknownTicket => None,
        }
    }

    /// A short code for logs, query strings and the page's styling.
    pub fn code(&self) -> &'static str {
        match self {
            CheckInOutcome::CheckedIn(_) => "checked_in",
            CheckInOutcome::AlreadyIn { .. } => "already_in",
            CheckInOutcome::Cancelled(_) => "cancelled",
            CheckInOutcome::NotConfirmed { .. } => "not_confirmed",
            CheckInOutcome::OtherEvent { .. } => "other_event",
            CheckInOutcome::UnknownTicket => "unknown",
        }
    }

    /// The headline the door reads at a glance.
    pub fn headline(&self, locale: Locale) -> String {
        let name = self.holder().map(|h| h.name.as_str()).unwrap_or_default();
        match self {
            CheckInOutcome::CheckedIn(_) => i18n::text_with(locale, "scanner.welcome", &[("name", name)]),
            CheckInOutcome::AlreadyIn { at, .. } => i18n::text_with(
                locale,
                "scanner.already_in",
                &[("name", name), ("time", &at.format("%H:%M").to_string())],
            ),
            CheckInOutcome::Cancelled(_) => i18n::text_with(locale, "scanner.cancelled", &[("name", name)]),
            CheckInOutcome::NotConfirmed { status, .. } => {
                let key = match status.as_str() {
                    "waitlisted" => "scanner.waitlisted",
                    "offered" => "scanner.offered",
                    _ => "scanner.unpaid",
                };
                i18n::text_with(locale, key, &[("name", name)])
            }
            CheckInOutcome::OtherEvent { event_title, .. } => {
                i18n::text_with(locale, "scanner.other_event", &[("name", name), ("event", event_title)])
            }
            CheckInOutcome::UnknownTicket => i18n::text(locale, "scanner.unknown").to_string(),
        }
    }
}

/// Everything the scanner page shows for one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorView {
    pub organiser: crate::listing::OrganiserRef,
    pub event_id: i32,
    pub title: String,
    pub sessions: Vec<DoorSession>,
    /// The session being scanned for.
    pub session_id: Option<i32>,
    /// Confirmed seats: everyone expected at each session.
    pub expected: u32,
    /// The people a name search found, with whether they are in already.
    pub found: Vec<(Holder, bool)>,
    /// The last people checked in for this session, newest first.
    pub recent: Vec<(Holder, DateTime<FixedOffset>)>,
    /// What the last scan or tap came to, shown at the top.
    pub last: Option<DoorMessage>,
    pub csrf_token: String,
}

/// What the door last did, as the page after the form post shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DoorMessage {
    Outcome(CheckInOutcome),
    Undone(Holder),
}

/// The code a [`DoorMessage`] travels under in the address after a post.
pub const UNDONE: &str = "undone";

/// What a name search looks for: the input in lower case, once it has two
/// letters or digits (one letter would list half the room).
pub fn search_term(input: &str) -> Option<String> {
    let term = input.trim().to_lowercase();
    (term.chars().filter(|c| c.is_alphanumeric()).count() >= 2).then_some(term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 12, day, hour, minute, 0).unwrap()
    }

    fn session(id: i32, day: u32, from: u32, to: u32) -> DoorSession {
        DoorSession { id, title: format!("S{id}"), starts_at: at(day, from, 0), ends_at: at(day, to, 0), present: 0 }
    }

    #[test]
    fn reads_the_code_from_a_ticket_address_or_as_typed() {
        let code = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for scanned in [
            code.to_string(),
            format!("https://leernet.be/ticket/{code}"),
            format!("  http://127.0.0.1:3000/ticket/{code}/?utm=x \n"),
            format!("https://leernet.be/ticket/{code}#top"),
        ] {
            assert_eq!(TicketCode::from_scan(&scanned).map(|c| c.0), Some(code.to_string()), "{scanned:?}");
        }
        let hex = "0123456789abcdef".repeat(4);
        assert_eq!(TicketCode::from_scan(&hex).map(|c| c.0), Some(hex));
    }

    #[test]
    fn refuses_what_cannot_be_a_ticket() {
        for scanned in ["", "abc", "https://leernet.be/ticket/", "ABCDEFGHIJKLMNOP' OR 1=1", &"A".repeat(129)] {
            assert_eq!(TicketCode::from_scan(scanned), None, "{scanned:?}");
        }
    }

    #[test]
    fn picks_the_session_that_is_on() {
        // A learning network: three afternoons; and a day with a morning and an afternoon.
        let series = [session(1, 1, 13, 16), session(2, 8, 13, 16), session(3, 15, 13, 16)];
        assert_eq!(session_at(&series, at(8, 12, 0)), Some(2), "doors open before the start");
        assert_eq!(session_at(&series, at(8, 15, 30)), Some(2), "running");
        assert_eq!(session_at(&series, at(8, 17, 0)), Some(2), "later that day: still today's");
        assert_eq!(session_at(&series, at(4, 10, 0)), Some(2), "between sessions: the next one");
        assert_eq!(session_at(&series, at(20, 10, 0)), Some(3), "after the series: the last");
        let day = [session(4, 10, 9, 12), session(5, 10, 13, 16)];
        assert_eq!(session_at(&day, at(10, 8, 0)), Some(4));
        assert_eq!(session_at(&day, at(10, 12, 15)), Some(5), "lunch: the afternoon's doors are open");
        assert_eq!(session_at(&day, at(10, 10, 0)), Some(4));
        assert_eq!(session_at(&[], at(10, 10, 0)), None);
    }

    #[test]
    fn only_a_valid_ticket_for_this_event_is_admitted() {
        let h = Holder { registration_id: 1, name: "An".into(), organisation: None, ticket_type: "Standaard".into() };
        assert!(CheckInOutcome::CheckedIn(h.clone()).admitted());
        assert!(CheckInOutcome::AlreadyIn { holder: h.clone(), at: at(1, 9, 5) }.admitted());
        assert!(!CheckInOutcome::Cancelled(h.clone()).admitted());
        assert!(!CheckInOutcome::NotConfirmed { holder: h.clone(), status: "waitlisted".into() }.admitted());
        assert!(!CheckInOutcome::OtherEvent { holder: h.clone(), event_title: "X".into() }.admitted());
        assert!(!CheckInOutcome::UnknownTicket.admitted());
    }

    #[test]
    fn the_door_reads_who_and_what_in_every_language() {
        let h = Holder { registration_id: 1, name: "An Peeters".into(), organisation: None, ticket_type: "".into() };
        let again = CheckInOutcome::AlreadyIn { holder: h.clone(), at: at(1, 9, 5) };
        assert_eq!(again.headline(Locale::Nl), "An Peeters is al binnen (sinds 09:05).");
        assert_eq!(CheckInOutcome::CheckedIn(h.clone()).headline(Locale::En), "Welcome, An Peeters");
        for locale in Locale::ALL {
            assert!(!CheckInOutcome::UnknownTicket.headline(locale).starts_with("scanner."));
            let waiting = CheckInOutcome::NotConfirmed { holder: h.clone(), status: "waitlisted".into() };
            assert!(waiting.headline(locale).contains("An Peeters"));
        }
    }

    #[test]
    fn a_name_search_needs_two_letters() {
        assert_eq!(search_term(" Pe "), Some("pe".into()));
        assert_eq!(search_term("a"), None);
        assert_eq!(search_term("  -- "), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn config() -> ProptestConfig {
            ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() }
        }

        proptest! {
            #![proptest_config(config())]

            /// Whatever a scanner types, the answer is a plausible code or none.
            #[test]
            fn any_scan_is_a_code_or_none(scanned in any::<String>()) {
                if let Some(code) = TicketCode::from_scan(&scanned) {
                    prop_assert!((16..=128).contains(&code.as_str().len()));
                    prop_assert!(code.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
                }
                let _ = search_term(&scanned);
            }

            #[test]
            fn multibyte_text_around_a_ticket_address(
                before in "\\PC{0,20}",
                code in "[A-Za-z0-9]{16,128}",
                after in "/?([?#]\\PC{0,20})?",
            ) {
                let scanned = format!("{before}/ticket/{code}{after}");
                prop_assert_eq!(TicketCode::from_scan(&scanned).map(|c| c.0), Some(code));
            }
        }

        #[test]
        fn huge_scans() {
            assert_eq!(TicketCode::from_scan(&"é/ticket/".repeat(100_000)), None);
            assert_eq!(TicketCode::from_scan(&format!("{}/ticket/", "A".repeat(1_000_000))), None);
        }
    }
}
