//! The public catalogue's filters, parsed from a query string.

use crate::forms::fields::catalogue as names;
use crate::kinds::EventKind;
use crate::slug::Slug;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar month, e.g. `2026-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn parse(input: &str) -> Result<Self, String> {
        let err = || format!("{input:?} is geen maand; gebruik jjjj-mm, bv. 2026-12");
        let (y, m) = input.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(YearMonth { year, month })
    }

    pub fn of(date: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        YearMonth { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated month")
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            YearMonth { year: self.year + 1, month: 1 }
        } else {
            YearMonth { year: self.year, month: self.month + 1 }
        }
    }

    pub fn label_nl(self) -> String {
        format!("{} {}", crate::dates::MONTHS_NL[(self.month - 1) as usize], self.year)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceFilter {
    Free,
    Paid,
}

impl PriceFilter {
    pub fn url_slug(self) -> &'static str {
        match self {
            PriceFilter::Free => "gratis",
            PriceFilter::Paid => "betalend",
        }
    }
}

/// A rejected filter value, named by its query parameter so the page can say which one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{parameter}: {message}")]
pub struct FilterError {
    pub parameter: String,
    pub message: String,
}

/// What the visitor asked the catalogue for. Every field is optional; an
/// empty value (an untouched select) means "no filter".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueFilter {
    pub organiser: Option<Slug>,
    pub kind: Option<EventKind>,
    pub month: Option<YearMonth>,
    pub theme: Option<Slug>,
    pub price: Option<PriceFilter>,
    pub text: Option<String>,
}

pub const MAX_SEARCH_LEN: usize = 100;

impl CatalogueFilter {
    /// Parses query parameters (Dutch names: `regio`, `soort`, `maand`,
    /// `thema`, `prijs`, `zoek`). Unknown parameters are ignored, as links
    /// carry tracking parameters; known ones with bad values are errors.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, FilterError> {
        let mut filter = CatalogueFilter::default();
        for (key, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() {
                continue;
            }
            let fail = |message: String| FilterError { parameter: key.to_string(), message };
            match key {
                names::REGION => filter.organiser = Some(Slug::parse(value).map_err(|e| fail(e.to_string()))?),
                names::KIND => {
                    filter.kind = Some(EventKind::from_url_slug(value).map_err(|_| {
                        let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.url_slug()).collect();
                        fail(format!("onbekende soort {value:?}; kies uit {}", known.join(", ")))
                    })?)
                }
                names::MONTH => filter.month = Some(YearMonth::parse(value).map_err(fail)?),
                names::THEME => filter.theme = Some(Slug::parse(value).map_err(|e| fail(e.to_string()))?),
                names::PRICE => {
                    filter.price = Some(match value {
                        "gratis" => PriceFilter::Free,
                        "betalend" => PriceFilter::Paid,
                        other => return Err(fail(format!("onbekende prijs {other:?}; kies gratis of betalend"))),
                    })
                }
                names::SEARCH => {
                    if value.chars().count() > MAX_SEARCH_LEN {
                        return Err(fail(format!("zoek op hoogstens {MAX_SEARCH_LEN} tekens")));
                    }
                    filter.text = Some(value.to_string());
                }
                _ => {}
            }
        }
        Ok(filter)
    }

    /// The query parameters that reproduce this filter, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(o) = &self.organiser {
            pairs.push((names::REGION, o.to_string()));
        }
        if let Some(k) = self.kind {
            pairs.push((names::KIND, k.url_slug().to_string()));
        }
        if let Some(m) = self.month {
            pairs.push((names::MONTH, m.to_string()));
        }
        if let Some(t) = &self.theme {
            pairs.push((names::THEME, t.to_string()));
        }
        if let Some(p) = self.price {
            pairs.push((names::PRICE, p.url_slug().to_string()));
        }
        if let Some(q) = &self.text {
            pairs.push((names::SEARCH, q.clone()));
        }
        pairs
    }

    pub fn is_empty(&self) -> bool {
        *self == CatalogueFilter::default()
    }

    /// The calendar feed of what this filter shows, as far as a subscription
    /// goes: region, kind and theme (their values are slugs, safe in a query
    /// as they are).
    pub fn calendar_feed(&self) -> String {
        let subscription = CatalogueFilter {
            organiser: self.organiser.clone(),
            kind: self.kind,
            theme: self.theme.clone(),
            ..CatalogueFilter::default()
        };
        let query: Vec<String> = subscription.to_pairs().into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        if query.is_empty() {
            crate::paths::CALENDAR_FEED.to_string()
        } else {
            format!("{}?{}", crate::paths::CALENDAR_FEED, query.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_feed_keeps_region_kind_and_theme() {
        assert_eq!(CatalogueFilter::default().calendar_feed(), "/agenda.ics");
        let f = CatalogueFilter::from_pairs([
            ("regio", "biz-kempen"),
            ("soort", "vorming"),
            ("maand", "2026-12"),
            ("thema", "energie"),
            ("zoek", "x"),
        ])
        .unwrap();
        assert_eq!(f.calendar_feed(), "/agenda.ics?regio=biz-kempen&soort=vorming&thema=energie");
        assert_eq!(
            CatalogueFilter::from_pairs(url_pairs(&f.calendar_feed())).unwrap().calendar_feed(),
            f.calendar_feed()
        );
    }

    fn url_pairs(path: &str) -> Vec<(&str, &str)> {
        path.split_once('?').map_or("", |(_, q)| q).split('&').filter_map(|p| p.split_once('=')).collect()
    }

    #[test]
    fn parses_all_filters() {
        let f = CatalogueFilter::from_pairs([
            ("regio", "biz-kempen"),
            ("soort", "vorming"),
            ("maand", "2027-02"),
            ("thema", "verzekeringen"),
            ("prijs", "gratis"),
            ("zoek", " telecom "),
            ("utm_source", "nieuwsbrief"),
        ])
        .unwrap();
        assert_eq!(f.kind, Some(EventKind::TrainingDay));
        assert_eq!(f.month, Some(YearMonth { year: 2027, month: 2 }));
        assert_eq!(f.price, Some(PriceFilter::Free));
        assert_eq!(f.text.as_deref(), Some("telecom"));
        let again = CatalogueFilter::from_pairs(f.to_pairs().iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn empty_values_mean_no_filter() {
        let f = CatalogueFilter::from_pairs([("soort", ""), ("maand", " ")]).unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let cases = [
            ("soort", "feest"),
            ("maand", "2026-13"),
            ("maand", "december"),
            ("maand", "1999-01"),
            ("prijs", "duur"),
            ("regio", "BIZ Kempen"),
            ("thema", "../etc"),
        ];
        for (key, value) in cases {
            let err = CatalogueFilter::from_pairs([(key, value)]).unwrap_err();
            assert_eq!(err.parameter, key, "{key}={value}");
            assert!(!err.message.is_empty());
        }
        let long = "x".repeat(MAX_SEARCH_LEN + 1);
        assert_eq!(CatalogueFilter::from_pairs([("zoek", long.as_str())]).unwrap_err().parameter, "zoek");
    }

    #[test]
    fn months_step_and_label() {
        let dec = YearMonth::parse("2026-12").unwrap();
        assert_eq!(dec.next().to_string(), "2027-01");
        assert_eq!(dec.label_nl(), "december 2026");
    }
}
