//! Belgian local time. Events happen in Belgium; times are stored in UTC and
//! shown in Europe/Brussels with their offset.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Brussels;

pub fn to_local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Brussels).fixed_offset()
}

/// A Belgian wall-clock time as UTC. In the autumn hour that occurs twice the
/// earlier one is taken; a time skipped in spring moves an hour on.
pub fn from_local(local: NaiveDateTime) -> DateTime<Utc> {
    match Brussels.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        chrono::LocalResult::None => from_local(local + chrono::Duration::hours(1)),
    }
}

pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Brussels).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brussels_offsets() {
        let winter = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap().and_hms_opt(9, 30, 0).unwrap();
        assert_eq!(from_local(winter).to_rfc3339(), "2026-12-15T08:30:00+00:00");
        assert_eq!(to_local(from_local(winter)).to_rfc3339(), "2026-12-15T09:30:00+01:00");
        let summer = NaiveDate::from_ymd_opt(2027, 6, 15).unwrap().and_hms_opt(9, 30, 0).unwrap();
        assert_eq!(to_local(from_local(summer)).to_rfc3339(), "2027-06-15T09:30:00+02:00");
        let skipped = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap().and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(to_local(from_local(skipped)).naive_local().to_string(), "2027-03-28 03:30:00");
    }
}
