//! Dutch date and time formatting. Inputs are local (Belgian) wall-clock times;
//! converting from UTC happens at the edge, where the time zone database lives.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

pub const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_SHORT_NL: [&str; 12] =
    ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."];
const WEEKDAYS_NL: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];

/// `dinsdag 15 december 2026`
pub fn date_long(date: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        WEEKDAYS_NL[date.weekday().num_days_from_monday() as usize],
        date.day(),
        MONTHS_NL[date.month0() as usize],
        date.year()
    )
}

/// `15 dec. 2026`
pub fn date_short(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS_SHORT_NL[date.month0() as usize], date.year())
}

/// `di 15 dec.` (for compact cards)
pub fn date_compact(date: NaiveDate) -> String {
    let wd = &WEEKDAYS_NL[date.weekday().num_days_from_monday() as usize][..2];
    format!("{wd} {} {}", date.day(), MONTHS_SHORT_NL[date.month0() as usize])
}

/// `09:30`
pub fn time(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `dinsdag 15 december 2026, 09:30–12:30`, or across days with both dates.
pub fn span(start: NaiveDateTime, end: NaiveDateTime) -> String {
    if start.date() == end.date() {
        format!("{}, {}–{}", date_long(start.date()), time(start), time(end))
    } else {
        format!("{} {} – {} {}", date_long(start.date()), time(start), date_long(end.date()), time(end))
    }
}

/// Day-of-month and short month for a calendar badge: (`15`, `dec.`).
pub fn badge(date: NaiveDate) -> (String, String) {
    (date.day().to_string(), MONTHS_SHORT_NL[date.month0() as usize].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_dutch() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        assert_eq!(date_long(d), "dinsdag 15 december 2026");
        assert_eq!(date_short(d), "15 dec. 2026");
        assert_eq!(date_compact(d), "di 15 dec.");
        let s = d.and_hms_opt(9, 30, 0).unwrap();
        let e = d.and_hms_opt(12, 30, 0).unwrap();
        assert_eq!(span(s, e), "dinsdag 15 december 2026, 09:30–12:30");
        assert_eq!(badge(d), ("15".to_string(), "dec.".to_string()));
    }
}
