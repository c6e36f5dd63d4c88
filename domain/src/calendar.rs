//! iCalendar (RFC 5545) entries for an event's sessions, attached to a
//! confirmation so the sessions land in the participant's agenda.

use chrono::{DateTime, Utc};

/// One session as a calendar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// Stable across mails, so a calendar updates the entry instead of adding one.
    pub uid: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub description: String,
    pub url: String,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Text values escape backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Lines longer than 75 octets continue on the next line after a space,
/// never splitting a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// A calendar with one entry per session.
pub fn calendar(entries: &[CalendarEntry], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Leernet//Leernet//NL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        out.push_str(&fold(line));
    }
    for e in entries {
        out.push_str(&fold("BEGIN:VEVENT"));
        out.push_str(&fold(&format!("UID:{}", e.uid)));
        out.push_str(&fold(&format!("DTSTAMP:{}", stamp(now))));
        out.push_str(&fold(&format!("DTSTART:{}", stamp(e.starts_at))));
        out.push_str(&fold(&format!("DTEND:{}", stamp(e.ends_at))));
        out.push_str(&fold(&format!("SUMMARY:{}", escape(&e.title))));
        if let Some(location) = &e.location {
            out.push_str(&fold(&format!("LOCATION:{}", escape(location))));
        }
        out.push_str(&fold(&format!("DESCRIPTION:{}", escape(&e.description))));
        out.push_str(&fold(&format!("URL:{}", e.url)));
        out.push_str(&fold("END:VEVENT"));
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn writes_one_entry_per_session_with_escaping_and_folding() {
        let at = |h| Utc.with_ymd_and_hms(2027, 2, 4, h, 30, 0).unwrap();
        let entry = CalendarEntry {
            uid: "registration-12-session-3@leernet".into(),
            title: "Leernetwerk energie, sessie 1; praktijk".into(),
            starts_at: at(12),
            ends_at: at(15),
            location: Some("Sociaal Huis, Markt 1, 2400 Mol".into()),
            description: "Je ticket: https://leernet.example/ticket/abc\nBreng een casus mee. ".repeat(3),
            url: "https://leernet.example/ticket/abc".into(),
        };
        let ics = calendar(&[entry.clone(), CalendarEntry { uid: "other".into(), ..entry }], at(9));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(ics.contains("DTSTART:20270204T123000Z\r\n"));
        assert!(ics.contains("SUMMARY:Leernetwerk energie\\, sessie 1\\; praktijk\r\n"));
        assert!(ics.contains("LOCATION:Sociaal Huis\\, Markt 1\\, 2400 Mol"));
        assert!(ics.lines().all(|l| l.len() <= 75), "folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
