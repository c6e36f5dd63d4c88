//! Doors that keep scanning without network: the rules for what a door sends
//! when it syncs (its own scan id, the time it scanned) and the one way a
//! ticket code is hashed for the admission list a door keeps offline.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2_hmac::{Digest, Sha256};

use crate::checkin::TicketCode;

/// How far ahead of the server's clock a door's clock may run.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// A door's own id for one scan (a UUID from `crypto.randomUUID()`, or any
/// 8 to 64 letters, digits, `-` and `_`), unique across doors: sending the
/// same scan again counts once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScanId(String);

impl ScanId {
    pub fn parse(raw: &str) -> Option<Self> {
        let plausible =
            (8..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        plausible.then(|| ScanId(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The SHA-256 (lower-case hex) of a ticket code: what the admission list
/// holds instead of the code. The door hashes the code it read the same way
/// (`crypto.subtle.digest("SHA-256", code)`), so it can recognise a ticket
/// without a copy of the list being a copy of the tickets.
pub fn ticket_hash(code: &TicketCode) -> String {
    hex(&Sha256::digest(code.as_str().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the time a door says it scanned cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanTimeRefusal {
    /// Later than now (more than [`CLOCK_SKEW`] ahead): the door's clock is wrong.
    InTheFuture,
    /// Before the day of the session: a scan for another day.
    BeforeTheSessionDay,
    /// The session is not on the day of the scan (for a scan without a time: not today).
    SessionNotThatDay { session_day: NaiveDate, scan_day: NaiveDate },
}

/// The time a scan counts at: the door's `scanned_at` (a door without network
/// sends it when it syncs), else now. A time a little ahead of the server's
/// clock is taken as now. `day_of` gives the local (Belgian) date of a time;
/// the session must be on the day of the scan.
pub fn scan_time(
    scanned_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    session_starts_at: DateTime<Utc>,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Result<DateTime<Utc>, ScanTimeRefusal> {
    let at = match scanned_at {
        Some(at) if at > now + CLOCK_SKEW => return Err(ScanTimeRefusal::InTheFuture),
        Some(at) => at.min(now),
        None => now,
    };
    let (session_day, scan_day) = (day_of(session_starts_at), day_of(at));
    if scanned_at.is_some() && scan_day < session_day {
        return Err(ScanTimeRefusal::BeforeTheSessionDay);
    }
    if scan_day != session_day {
        return Err(ScanTimeRefusal::SessionNotThatDay { session_day, scan_day });
    }
    Ok(at)
}

/// A session of an activity with who came and who is expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCount {
    pub id: i32,
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    /// People checked in for this session.
    pub present: u32,
    /// Confirmed seats: everyone expected.
    pub expected: u32,
}

/// One ticket of a session's admission list, as a door keeps it offline:
/// the hash of its code (never the code), and what the door shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admission {
    pub ticket_hash: String,
    pub registration_id: i32,
    pub name: String,
    pub organisation: Option<String>,
    pub ticket_type: String,
    /// `cancelled` also for a revoked ticket.
    pub status: crate::RegistrationStatus,
    /// What the participant said they need (access, diet).
    pub needs: Option<String>,
    pub checked_in_at: Option<DateTime<FixedOffset>>,
}

/// Someone checked in for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub registration_id: i32,
    pub name: String,
    pub organisation: Option<String>,
    pub checked_in_at: DateTime<FixedOffset>,
    /// Decided by a door without network.
    pub offline: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, minute, 0).unwrap()
    }

    fn day(t: DateTime<Utc>) -> NaiveDate {
        t.date_naive()
    }

    #[test]
    fn scan_ids_are_short_plain_and_case_blind() {
        let uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
        assert_eq!(ScanId::parse(uuid).unwrap().as_str(), uuid.to_ascii_lowercase());
        for bad in ["", "short", "has space in it", "ü-nicode-id", &"a".repeat(65), "a/b/c/d/e/f"] {
            assert_eq!(ScanId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_hash_is_sha256_hex_of_the_code() {
        let code = TicketCode::from_scan("ABCDEFGHIJKLMNOPQRSTUVWXYZ").unwrap();
        // printf ABCDEFGHIJKLMNOPQRSTUVWXYZ | sha256sum
        assert_eq!(ticket_hash(&code), "d6ec6898de87ddac6e5b3611708a7aa1c2d298293349cc1a6c299a1db7149d38");
        let same = TicketCode::from_scan("https://leernet.be/ticket/ABCDEFGHIJKLMNOPQRSTUVWXYZ/").unwrap();
        assert_eq!(ticket_hash(&code), ticket_hash(&same));
    }

    #[test]
    fn a_door_clock_and_the_session_day() {
        let (now, session) = (utc(8, 9, 30), utc(8, 9, 0));
        assert_eq!(scan_time(None, now, session, day), Ok(now));
        assert_eq!(scan_time(Some(utc(8, 9, 1)), now, session, day), Ok(utc(8, 9, 1)), "offline at 09:01");
        assert_eq!(scan_time(Some(utc(8, 9, 33)), now, session, day), Ok(now), "a clock 3 minutes fast");
        assert_eq!(scan_time(Some(utc(8, 9, 40)), now, session, day), Err(ScanTimeRefusal::InTheFuture));
        assert_eq!(scan_time(Some(utc(7, 23, 0)), now, session, day), Err(ScanTimeRefusal::BeforeTheSessionDay));
        // Synced the next morning: the scan was on the session's day.
        assert_eq!(scan_time(Some(utc(8, 16, 0)), utc(9, 8, 0), session, day), Ok(utc(8, 16, 0)));
        // Scanning today for tomorrow's session, or for yesterday's.
        let tomorrow = utc(9, 9, 0);
        assert_eq!(
            scan_time(None, now, tomorrow, day),
            Err(ScanTimeRefusal::SessionNotThatDay { session_day: day(tomorrow), scan_day: day(now) })
        );
        assert!(matches!(scan_time(None, utc(9, 8, 0), session, day), Err(ScanTimeRefusal::SessionNotThatDay { .. })));
    }
}
