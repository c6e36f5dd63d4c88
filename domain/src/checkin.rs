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
/// plausible length (ours are 64 hex characters; 16 to 128 letters and digits pass, so a foreign code gets "unknown", not "unreadable").
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

/// Who a ticket belongs to, as the door shows it: what the door needs and
/// nothing else (no e-mail address, no money).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub registration_id: i32,
    pub name: String,
    pub organisation: Option<String>,
    pub ticket_type: String,
    /// What the participant said they need to take part (the answer to the
    /// event's accessibility question): a wheelchair place, an interpreter.
    #[serde(default)]
    pub needs: Option<String>,
}

impl Holder {
    /// Organisation and ticket type, as one line under the name.
    pub fn detail(&self) -> String {
        [self.organisation.as_deref().unwrap_or_default(), self.ticket_type.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What a participant needs for access, from their answers: the answers to
/// the event's accessibility questions, joined. `None` when they gave none.
pub fn access_needs(answers: &[crate::questions::Answer]) -> Option<String> {
    let needs: Vec<&str> = answers
        .iter()
        .filter(|a| a.kind == crate::questions::QuestionKind::Accessibility)
        .map(|a| a.value.trim())
        .filter(|v| !v.is_empty())
        .collect();
    (!needs.is_empty()).then(|| needs.join("; "))
}

/// The longest door name kept, in characters.
pub const DOOR_NAME_MAX: usize = 40;

/// The name a door gives itself ("Ingang zaal"), as kept with each check-in:
/// trimmed, inner whitespace and control characters reduced to one space,
/// at most [`DOOR_NAME_MAX`] characters. `None` when nothing is left.
pub fn door_name(input: &str) -> Option<String> {
    let name: String = input
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(DOOR_NAME_MAX)
        .collect();
    let name = name.trim_end().to_string();
    (!name.is_empty()).then_some(name)
}

/// How an answer reads at a glance: green, orange or red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Green: in you go.
    Welcome,
    /// Orange: in already; the door sees when, by whom and where.
    Again,
    /// Red: not in, with the reason.
    Stop,
}

impl Tone {
    /// For `data-answer` and the API.
    pub const fn code(self) -> &'static str {
        match self {
            Tone::Welcome => "welcome",
            Tone::Again => "again",
            Tone::Stop => "stop",
        }
    }

    /// The class of the answer's box.
    pub const fn class(self) -> &'static str {
        match self {
            Tone::Welcome => "door-result door-ok",
            Tone::Again => "door-result door-again",
            Tone::Stop => "door-result door-stop",
        }
    }

    /// The sign beside the headline, so colour is not the only cue.
    pub const fn icon(self) -> &'static str {
        match self {
            Tone::Welcome => "✓",
            Tone::Again => "↻",
            Tone::Stop => "✕",
        }
    }
}

/// What a scan or a tap on "present" comes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckInOutcome {
    /// Welcome: checked in now.
    CheckedIn(Holder),
    /// Scanned before for this session (a second scan changes nothing): when,
    /// by whom (the checker's name) and at which door, where known.
    AlreadyIn { holder: Holder, at: DateTime<FixedOffset>, by: Option<String>, door: Option<String> },
    /// The registration was cancelled or the ticket revoked.
    Cancelled(Holder),
    /// A seat not (yet) confirmed: waiting list, offered, or payment still open.
    NotConfirmed { holder: Holder, status: crate::RegistrationStatus },
    /// A valid ticket, for another event of this organiser.
    OtherEvent { holder: Holder, event_title: String },
    /// A valid ticket, but the door is scanning for a session of this event
    /// on another day while one is on today. A registration covers all its
    /// event's sessions, so the door may check in for that session anyway.
    OtherSession { holder: Holder, session_id: i32, starts_at: DateTime<FixedOffset> },
    /// No ticket of this organiser has this code.
    UnknownTicket,
    /// What was scanned cannot be a ticket code: a damaged or foreign code.
    Unreadable,
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
            | CheckInOutcome::OtherEvent { holder: h, .. }
            | CheckInOutcome::OtherSession { holder: h, .. } => Some(h),
            CheckInOutcome::UnknownTicket | CheckInOutcome::Unreadable => None,
        }
    }

    /// Green, orange or red.
    pub fn tone(&self) -> Tone {
        match self {
            CheckInOutcome::CheckedIn(_) => Tone::Welcome,
            CheckInOutcome::AlreadyIn { .. } => Tone::Again,
            CheckInOutcome::Cancelled(_)
            | CheckInOutcome::NotConfirmed { .. }
            | CheckInOutcome::OtherEvent { .. }
            | CheckInOutcome::OtherSession { .. }
            | CheckInOutcome::UnknownTicket
            | CheckInOutcome::Unreadable => Tone::Stop,
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
            CheckInOutcome::OtherSession { .. } => "other_session",
            CheckInOutcome::UnknownTicket => "unknown",
            CheckInOutcome::Unreadable => "unreadable",
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
                let key = match status {
                    crate::RegistrationStatus::Waitlisted => "scanner.waitlisted",
                    crate::RegistrationStatus::Offered => "scanner.offered",
                    crate::RegistrationStatus::Unconfirmed => "scanner.unconfirmed",
                    _ => "scanner.unpaid",
                };
                i18n::text_with(locale, key, &[("name", name)])
            }
            CheckInOutcome::OtherEvent { event_title, .. } => {
                i18n::text_with(locale, "scanner.other_event", &[("name", name), ("event", event_title)])
            }
            CheckInOutcome::OtherSession { starts_at, .. } => i18n::text_with(
                locale,
                "scanner.other_session",
                &[("name", name), ("date", &crate::dates::date_long_in(locale, starts_at.date_naive()))],
            ),
            CheckInOutcome::UnknownTicket => i18n::text(locale, "scanner.unknown").to_string(),
            CheckInOutcome::Unreadable => i18n::text(locale, "scanner.unreadable").to_string(),
        }
    }

    /// The line under an orange answer: by whom and at which door the person
    /// was checked in, as far as known.
    pub fn checked_in_by(&self, locale: Locale) -> Option<String> {
        let CheckInOutcome::AlreadyIn { by, door, .. } = self else { return None };
        match (by.as_deref(), door.as_deref()) {
            (Some(by), Some(door)) => {
                Some(i18n::text_with(locale, "scanner.in_by_at_door", &[("by", by), ("door", door)]))
            }
            (Some(by), None) => Some(i18n::text_with(locale, "scanner.in_by", &[("by", by)])),
            (None, Some(door)) => Some(i18n::text_with(locale, "scanner.in_at_door", &[("door", door)])),
            (None, None) => None,
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
    /// Whether the viewer runs the organiser's back office (staff, admins):
    /// a door volunteer (the scanner role) gets no way to the participant list.
    #[serde(default)]
    pub manages: bool,
}

/// How many days ahead a door volunteer sees the organiser's activities on `/mijn`.
pub const DOOR_DAYS_AHEAD: i64 = 7;

/// An activity with a session today or in the coming [`DOOR_DAYS_AHEAD`]
/// days, as a door volunteer's list on `/mijn` shows it: its check-in page
/// and when its next session starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorEvent {
    pub organiser: crate::listing::OrganiserRef,
    pub event_id: i32,
    pub title: String,
    /// The first of its sessions in that window.
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
}

impl DoorEvent {
    /// The address of its check-in page.
    pub fn door_path(&self) -> String {
        format!("/beheer/{}/activiteiten/{}/inchecken", self.organiser.slug, self.event_id)
    }
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

    fn holder(name: &str) -> Holder {
        Holder {
            registration_id: 1,
            name: name.into(),
            organisation: Some("OCMW Geel".into()),
            ticket_type: "Standaard".into(),
            needs: None,
        }
    }

    fn again(by: Option<&str>, door: Option<&str>) -> CheckInOutcome {
        CheckInOutcome::AlreadyIn {
            holder: holder("An Peeters"),
            at: at(1, 9, 2),
            by: by.map(str::to_string),
            door: door.map(str::to_string),
        }
    }

    #[test]
    fn only_a_valid_ticket_for_this_event_is_admitted() {
        let h = holder("An");
        assert!(CheckInOutcome::CheckedIn(h.clone()).admitted());
        assert!(again(None, None).admitted());
        assert!(!CheckInOutcome::OtherSession { holder: h.clone(), session_id: 2, starts_at: at(8, 13, 0) }.admitted());
        assert!(!CheckInOutcome::Unreadable.admitted());
        assert!(!CheckInOutcome::Cancelled(h.clone()).admitted());
        assert!(
            !CheckInOutcome::NotConfirmed { holder: h.clone(), status: crate::RegistrationStatus::Waitlisted }
                .admitted()
        );
        assert!(!CheckInOutcome::OtherEvent { holder: h.clone(), event_title: "X".into() }.admitted());
        assert!(!CheckInOutcome::UnknownTicket.admitted());
    }

    /// Each answer's colour, code and headline: green, orange, and red with the reason.
    #[test]
    fn every_answer_reads_at_a_glance() {
        let h = holder("An Peeters");
        let status = |s: &str| CheckInOutcome::NotConfirmed { holder: h.clone(), status: s.parse().unwrap() };
        let cases: Vec<(CheckInOutcome, Tone, &str, &str)> = vec![
            (CheckInOutcome::CheckedIn(h.clone()), Tone::Welcome, "checked_in", "Welkom, An Peeters"),
            (
                again(Some("Tabitha Tanghe"), Some("Ingang zaal")),
                Tone::Again,
                "already_in",
                "is al binnen (sinds 09:02)",
            ),
            (CheckInOutcome::Cancelled(h.clone()), Tone::Stop, "cancelled", "geannuleerd"),
            (status("waitlisted"), Tone::Stop, "not_confirmed", "wachtlijst"),
            (status("offered"), Tone::Stop, "not_confirmed", "aangeboden"),
            (status("pending_payment"), Tone::Stop, "not_confirmed", "betaling"),
            (status("unconfirmed"), Tone::Stop, "not_confirmed", "bevestigd"),
            (
                CheckInOutcome::OtherEvent { holder: h.clone(), event_title: "Intervisie".into() },
                Tone::Stop,
                "other_event",
                "«Intervisie»",
            ),
            (
                CheckInOutcome::OtherSession { holder: h.clone(), session_id: 2, starts_at: at(8, 13, 0) },
                Tone::Stop,
                "other_session",
                "8 december 2026",
            ),
            (CheckInOutcome::UnknownTicket, Tone::Stop, "unknown", "kennen we niet"),
            (CheckInOutcome::Unreadable, Tone::Stop, "unreadable", "niet lezen"),
        ];
        for (outcome, tone, code, says) in cases {
            assert_eq!(outcome.tone(), tone, "{outcome:?}");
            assert_eq!(outcome.admitted(), tone != Tone::Stop, "{outcome:?}");
            assert_eq!(outcome.code(), code);
            let headline = outcome.headline(Locale::Nl);
            assert!(headline.contains(says), "{code}: {headline}");
            if outcome.holder().is_some() {
                assert!(headline.contains("An Peeters"), "{code} names the person: {headline}");
            }
            // The JSON the offline door keeps and the API answers reads back the same.
            let json = serde_json::to_string(&outcome).unwrap();
            assert!(!json.contains('@'));
            assert_eq!(serde_json::from_str::<CheckInOutcome>(&json).unwrap(), outcome);
            for locale in Locale::ALL {
                assert!(!outcome.headline(locale).contains("scanner."), "{code} in {}", locale.code());
            }
        }
        assert_eq!(
            [Tone::Welcome, Tone::Again, Tone::Stop].map(|t| (t.code(), t.icon())),
            [("welcome", "✓"), ("again", "↻"), ("stop", "✕")]
        );
        assert!(Tone::Again.class().contains("door-again"));
    }

    #[test]
    fn an_orange_answer_says_by_whom_and_where() {
        let by_at = again(Some("Tabitha Tanghe"), Some("Ingang zaal")).checked_in_by(Locale::Nl).unwrap();
        assert!(by_at.contains("Tabitha Tanghe") && by_at.contains("Ingang zaal"), "{by_at}");
        assert!(again(Some("Tabitha Tanghe"), None).checked_in_by(Locale::Nl).unwrap().contains("Tabitha Tanghe"));
        assert!(again(None, Some("Zij-ingang")).checked_in_by(Locale::En).unwrap().contains("Zij-ingang"));
        assert_eq!(again(None, None).checked_in_by(Locale::Nl), None);
        assert_eq!(CheckInOutcome::CheckedIn(holder("An")).checked_in_by(Locale::Nl), None);
        for locale in Locale::ALL {
            let line = again(Some("T"), Some("D")).checked_in_by(locale).unwrap();
            assert!(!line.contains("scanner."), "{line}");
        }
    }

    #[test]
    fn a_door_names_itself_briefly() {
        assert_eq!(door_name("  Ingang \t zaal \n"), Some("Ingang zaal".into()));
        assert_eq!(door_name(" \u{7} "), None);
        assert_eq!(door_name(""), None);
        assert_eq!(door_name(&"é".repeat(100)).map(|d| d.chars().count()), Some(DOOR_NAME_MAX));
    }

    #[test]
    fn the_door_sees_access_needs_only() {
        use crate::questions::{Answer, QuestionKind};
        let answer = |kind, value: &str| Answer { key: 1, kind, question: "?".into(), value: value.into() };
        let answers = [
            answer(QuestionKind::Diet, "vegetarisch"),
            answer(QuestionKind::Accessibility, "rolstoel"),
            answer(QuestionKind::Text, "Ik kom met de trein"),
            answer(QuestionKind::Accessibility, " "),
        ];
        assert_eq!(access_needs(&answers), Some("rolstoel".into()));
        assert_eq!(access_needs(&answers[..1]), None);
        let h = Holder { organisation: None, ..holder("An") };
        assert_eq!(h.detail(), "Standaard");
        assert_eq!(holder("An").detail(), "OCMW Geel · Standaard");
    }

    #[test]
    fn the_door_reads_who_and_what_in_every_language() {
        let h = Holder {
            registration_id: 1,
            name: "An Peeters".into(),
            organisation: None,
            ticket_type: "".into(),
            needs: None,
        };
        let again = CheckInOutcome::AlreadyIn { holder: h.clone(), at: at(1, 9, 5), by: None, door: None };
        assert_eq!(again.headline(Locale::Nl), "An Peeters is al binnen (sinds 09:05).");
        assert_eq!(CheckInOutcome::CheckedIn(h.clone()).headline(Locale::En), "Welcome, An Peeters");
        for locale in Locale::ALL {
            assert!(!CheckInOutcome::UnknownTicket.headline(locale).starts_with("scanner."));
            let waiting =
                CheckInOutcome::NotConfirmed { holder: h.clone(), status: crate::RegistrationStatus::Waitlisted };
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
