//! Date and time formatting, in Dutch and (the `_in` functions) in each of our languages. Inputs are local (Belgian) wall-clock times;
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
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_SHORT_FR: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const WEEKDAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SHORT_EN: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

use crate::i18n::Locale;

struct Names {
    months: [&'static str; 12],
    months_short: [&'static str; 12],
    weekdays: [&'static str; 7],
}

fn names(locale: Locale) -> Names {
    match locale {
        Locale::Nl => Names { months: MONTHS_NL, months_short: MONTHS_SHORT_NL, weekdays: WEEKDAYS_NL },
        Locale::Fr => Names { months: MONTHS_FR, months_short: MONTHS_SHORT_FR, weekdays: WEEKDAYS_FR },
        Locale::En => Names { months: MONTHS_EN, months_short: MONTHS_SHORT_EN, weekdays: WEEKDAYS_EN },
    }
}

fn weekday(locale: Locale, date: NaiveDate) -> &'static str {
    names(locale).weekdays[date.weekday().num_days_from_monday() as usize]
}

/// [`date_long`] in `locale`: `mardi 15 décembre 2026`, `Tuesday 15 December 2026`.
pub fn date_long_in(locale: Locale, date: NaiveDate) -> String {
    let n = names(locale);
    format!("{} {} {} {}", weekday(locale, date), date.day(), n.months[date.month0() as usize], date.year())
}

/// [`date_short`] in `locale`: `15 déc. 2026`, `15 Dec 2026`.
pub fn date_short_in(locale: Locale, date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), names(locale).months_short[date.month0() as usize], date.year())
}

/// [`date_compact`] in `locale`: `ma 15 déc.`, `Tu 15 Dec`.
pub fn date_compact_in(locale: Locale, date: NaiveDate) -> String {
    let wd: String = weekday(locale, date).chars().take(2).collect();
    format!("{wd} {} {}", date.day(), names(locale).months_short[date.month0() as usize])
}

/// [`badge`] in `locale`.
pub fn badge_in(locale: Locale, date: NaiveDate) -> (String, String) {
    (date.day().to_string(), names(locale).months_short[date.month0() as usize].to_string())
}

/// A date on a document such as an invoice, in `locale`'s usual form:
/// `15-12-2026` (nl), `15/12/2026` (fr), `15 Dec 2026` (en: no day/month order to misread).
pub fn date_document_in(locale: Locale, date: NaiveDate) -> String {
    match locale {
        Locale::Nl => date.format("%d-%m-%Y").to_string(),
        Locale::Fr => date.format("%d/%m/%Y").to_string(),
        Locale::En => date_short_in(Locale::En, date),
    }
}

/// A month's short name (`mrt.`, `févr.`, `Mar`), for a chart's axis; `month` is 1 to 12.
pub fn month_short_in(locale: Locale, month: u32) -> &'static str {
    names(locale).months_short[(month.clamp(1, 12) - 1) as usize]
}

/// A month and year: `décembre 2026`.
pub fn month_in(locale: Locale, year: i32, month: u32) -> String {
    format!("{} {year}", names(locale).months[(month.clamp(1, 12) - 1) as usize])
}

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

/// [`span`] in `locale`.
pub fn span_in(locale: Locale, start: NaiveDateTime, end: NaiveDateTime) -> String {
    if start.date() == end.date() {
        format!("{}, {}–{}", date_long_in(locale, start.date()), time(start), time(end))
    } else {
        format!(
            "{} {} – {} {}",
            date_long_in(locale, start.date()),
            time(start),
            date_long_in(locale, end.date()),
            time(end)
        )
    }
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
    fn formats_in_french_and_english() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        assert_eq!(date_long_in(Locale::Fr, d), "mardi 15 décembre 2026");
        assert_eq!(date_long_in(Locale::En, d), "Tuesday 15 December 2026");
        assert_eq!(date_compact_in(Locale::Fr, d), "ma 15 déc.");
        assert_eq!(date_short_in(Locale::En, d), "15 Dec 2026");
        assert_eq!(date_long_in(Locale::Nl, d), date_long(d));
        assert_eq!(month_in(Locale::Fr, 2027, 2), "février 2027");
        assert_eq!(month_short_in(Locale::Nl, 3), "mrt.");
        assert_eq!(month_short_in(Locale::Nl, 13), "dec.");
        assert_eq!(date_document_in(Locale::Nl, d), "15-12-2026");
        assert_eq!(date_document_in(Locale::Fr, d), "15/12/2026");
        assert_eq!(date_document_in(Locale::En, d), "15 Dec 2026");
    }

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
