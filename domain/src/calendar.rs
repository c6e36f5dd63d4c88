//! iCalendar (RFC 5545): the entries attached to a confirmation so the
//! sessions land in the participant's agenda, and the calendar feeds to
//! subscribe to (the published programme, and one person's registrations).
//!
//! Written by hand rather than through a crate: a feed is one calendar of
//! plain events in UTC (no time zones, no recurrence rules), and what matters
//! is exactly what RFC 5545 asks of the text: CRLF line ends, lines folded at
//! 75 octets without splitting a character, and TEXT values escaped. The
//! tests read our feeds back with a parser that is not ours.
//!
//! Every session is one event, so a series shows each of its dates. Its UID
//! is the session's, so a calendar that subscribed updates the same entry
//! when times or the venue change, and strikes it out when the activity is
//! cancelled (`STATUS:CANCELLED`, kept in the feed for a while for that).

use chrono::{DateTime, Utc};
use std::fmt::Write;

/// How often a subscribed calendar should look again (RFC 7986 `REFRESH-INTERVAL`).
pub const REFRESH: &str = "PT1H";

/// One entry of a feed: a session of an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// Stable across edits: see [`session_uid`].
    pub uid: String,
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The venue's name and address, or "Online".
    pub location: Option<String>,
    /// The activity's page, or the participant's ticket.
    pub url: String,
    pub cancelled: bool,
    /// When the activity last changed: the entry's `LAST-MODIFIED`, and its
    /// `SEQUENCE` (so a later change always carries a higher one).
    pub changed_at: DateTime<Utc>,
    /// The kind of activity and its theme.
    pub categories: Vec<String>,
}

/// A whole calendar: a feed, or a mail's attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Shown as the calendar's name by the subscribing application.
    pub name: String,
    pub description: Option<String>,
    pub entries: Vec<CalendarEntry>,
}

/// The UID of a session's entry; `host` is the site's host name, so two
/// Leernet installations never share one.
pub fn session_uid(session_id: i32, host: &str) -> String {
    format!("session-{session_id}@{host}")
}

/// The UID of a session in one participant's agenda: the confirmation's
/// attachment and the personal feed carry the same, so subscribing after
/// opening the attachment updates those entries instead of doubling them.
pub fn ticket_session_uid(ticket_code: &str, session_id: i32) -> String {
    format!("{ticket_code}-{session_id}@leernet")
}

/// The `webcal:` form of a feed's address, which calendar applications
/// open as a subscription (an `http:` address stays as it is: `webcal:` is
/// fetched over https).
pub fn webcal(address: &str) -> String {
    match address.strip_prefix("https://") {
        Some(rest) => format!("webcal://{rest}"),
        None => address.to_string(),
    }
}

/// The host of a base address (`https://leernet.be/` → `leernet.be`).
pub fn host_of(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// `SEQUENCE`: whole minutes since 2020 at the last change. Grows with every
/// change without a counter of its own, and fits the 31 bits clients expect.
fn sequence(changed_at: DateTime<Utc>) -> i64 {
    let base = DateTime::<Utc>::from_timestamp(1_577_836_800, 0).unwrap_or_default();
    ((changed_at - base).num_minutes()).clamp(0, i64::from(i32::MAX))
}

/// A date-time in UTC form (`20261207T193000Z`).
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line ends escaped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (RFC 5545 3.1) without
/// splitting a UTF-8 character, ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            // The leading space of a continuation line counts.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A confirmation's attachment: the booked sessions, as of `now`.
pub fn calendar(entries: &[CalendarEntry], now: DateTime<Utc>) -> String {
    let entries = entries.iter().map(|e| CalendarEntry { changed_at: now, ..e.clone() }).collect();
    render(&Calendar { name: "Leernet".to_string(), description: None, entries })
}

/// The calendar as `text/calendar` (UTF-8, CRLF).
pub fn render(calendar: &Calendar) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Leernet//Leernet//NL");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let name = escape_text(&calendar.name);
    line(&mut out, &format!("NAME:{name}"));
    line(&mut out, &format!("X-WR-CALNAME:{name}"));
    if let Some(description) = &calendar.description {
        let description = escape_text(description);
        line(&mut out, &format!("DESCRIPTION:{description}"));
        line(&mut out, &format!("X-WR-CALDESC:{description}"));
    }
    line(&mut out, &format!("REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}"));
    line(&mut out, &format!("X-PUBLISHED-TTL:{REFRESH}"));
    for entry in &calendar.entries {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape_text(&entry.uid)));
        line(&mut out, &format!("DTSTAMP:{}", utc(entry.changed_at)));
        line(&mut out, &format!("LAST-MODIFIED:{}", utc(entry.changed_at)));
        line(&mut out, &format!("SEQUENCE:{}", sequence(entry.changed_at)));
        line(&mut out, &format!("DTSTART:{}", utc(entry.starts_at)));
        line(&mut out, &format!("DTEND:{}", utc(entry.ends_at.max(entry.starts_at))));
        line(&mut out, &format!("SUMMARY:{}", escape_text(&entry.title)));
        if !entry.description.trim().is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape_text(&entry.description)));
        }
        if let Some(location) = &entry.location {
            line(&mut out, &format!("LOCATION:{}", escape_text(location)));
        }
        // A URI value: not TEXT-escaped, and ours never holds a line end.
        let url: String = entry.url.chars().filter(|c| !c.is_control()).collect();
        line(&mut out, &format!("URL:{url}"));
        if !entry.categories.is_empty() {
            let mut categories = String::new();
            for (i, category) in entry.categories.iter().enumerate() {
                if i > 0 {
                    categories.push(',');
                }
                let _ = write!(categories, "{}", escape_text(category));
            }
            line(&mut out, &format!("CATEGORIES:{categories}"));
        }
        line(&mut out, if entry.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        line(&mut out, "TRANSP:OPAQUE");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 8, h, 0, 0).unwrap()
    }

    fn entry() -> CalendarEntry {
        CalendarEntry {
            uid: session_uid(7, "leernet.test"),
            title: "Lerend netwerk; dag 1, Geel".to_string(),
            description: "Regel een\nRegel twee".to_string(),
            starts_at: at(9),
            ends_at: at(12),
            location: Some("De Werf, Werft 32, 2440 Geel".to_string()),
            url: "http://127.0.0.1:3000/regio/biz-kempen/lerend-netwerk".to_string(),
            cancelled: false,
            changed_at: at(8),
            categories: vec!["Lerend netwerk".to_string(), "Budget, schulden".to_string()],
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
        assert_eq!(escape_text("bel\u{7}"), "bel");
    }

    #[test]
    fn every_line_ends_in_crlf_and_fits_75_octets() {
        let mut e = entry();
        e.description = "Schuldhulpverlening é€ ".repeat(30);
        let ics = render(&Calendar { name: "Leernet".into(), description: None, entries: vec![e] });
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
            assert!(!l.contains('\n') && !l.contains('\r'));
        }
        // Unfolding gives back the escaped value, characters whole.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}", "Schuldhulpverlening é€ ".repeat(30))));
    }

    #[test]
    fn an_entry_carries_what_a_calendar_needs() {
        let ics = render(&Calendar {
            name: "BIZ Kempen".into(),
            description: Some("Het programma".into()),
            entries: vec![entry()],
        });
        for expected in [
            "UID:session-7@leernet.test",
            "DTSTART:20261208T090000Z",
            "DTEND:20261208T120000Z",
            "SUMMARY:Lerend netwerk\\; dag 1\\, Geel",
            "LOCATION:De Werf\\, Werft 32\\, 2440 Geel",
            "CATEGORIES:Lerend netwerk,Budget\\, schulden",
            "STATUS:CONFIRMED",
            "X-WR-CALNAME:BIZ Kempen",
        ] {
            assert!(ics.contains(&format!("{expected}\r\n")), "{expected} missing in {ics}");
        }
    }

    #[test]
    fn a_later_change_has_a_higher_sequence_and_cancelling_says_so() {
        let mut later = entry();
        later.changed_at = at(10);
        later.cancelled = true;
        assert!(sequence(later.changed_at) > sequence(entry().changed_at));
        let ics = render(&Calendar { name: "x".into(), description: None, entries: vec![later] });
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
    }

    #[test]
    fn a_confirmation_lists_each_session() {
        let other = CalendarEntry { uid: "other".into(), ..entry() };
        let ics = calendar(&[entry(), other], at(11));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(ics.contains("DTSTAMP:20261208T110000Z\r\n"));
    }

    #[test]
    fn subscriptions_use_webcal_over_https_only() {
        assert_eq!(webcal("https://leernet.be/agenda/ab"), "webcal://leernet.be/agenda/ab");
        assert_eq!(webcal("http://127.0.0.1:3000/agenda/ab"), "http://127.0.0.1:3000/agenda/ab");
    }

    #[test]
    fn the_host_of_a_base_address() {
        assert_eq!(host_of("https://leernet.be/"), "leernet.be");
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1:3000");
        assert_eq!(host_of("leernet.be"), "leernet.be");
    }
}
