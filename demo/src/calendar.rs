//! Dates relative to "today": the demo's offer lies in the months after it and
//! its history before it, and sessions avoid the sector's holiday breaks.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use store::time::from_local;

/// A Belgian wall-clock time on `date`, in UTC.
pub fn at(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    from_local(date.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(hour * 60 + minute)))
}

/// The Christmas holidays and the weeks around 1 August, when the sector hardly
/// meets: demo sessions avoid them.
fn in_holiday_break(date: NaiveDate) -> bool {
    let (month, day) = (date.month(), date.day());
    (month == 12 && day >= 20) || (month == 1 && day <= 3) || (month == 7 && day >= 15) || (month == 8 && day <= 15)
}

/// The first `weekday` on or after `from` outside the holiday breaks.
pub fn on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let mut date = from;
    // A break lasts at most a month, so a few weeks of searching always succeed.
    for _ in 0..70 {
        if date.weekday() == weekday && !in_holiday_break(date) {
            return date;
        }
        date += TimeDelta::days(1);
    }
    date
}

/// `count` dates on the weekday of `first`, `gap_weeks` apart; a date that falls in a
/// break moves to the next week, and the following ones keep their distance from it.
pub fn series(first: NaiveDate, count: usize, gap_weeks: i64) -> Vec<NaiveDate> {
    let mut dates = vec![first];
    while dates.len() < count {
        let previous = dates[dates.len() - 1];
        dates.push(on_or_after(previous + TimeDelta::weeks(gap_weeks), first.weekday()));
    }
    dates
}

/// "voorjaar 2027" or "najaar 2026": how the sector names its half-yearly meetings.
pub fn half_year(date: NaiveDate) -> String {
    let season = if date.month() <= 6 { "voorjaar" } else { "najaar" };
    format!("{season} {}", date.year())
}

/// The year a yearly series belongs to: the sector plans per calendar year, and
/// from July on the next year's series is announced.
pub fn programme_year(today: NaiveDate) -> i32 {
    if today.month() >= 7 { today.year() + 1 } else { today.year() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_avoid_the_holidays() {
        let christmas = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        assert_eq!(on_or_after(christmas, Weekday::Tue), NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
        let dates = series(NaiveDate::from_ymd_opt(2026, 12, 14).unwrap(), 3, 1);
        assert_eq!(dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(), ["2026-12-14", "2027-01-04", "2027-01-11"]);
    }
}
