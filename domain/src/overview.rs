//! The reports beyond one organiser (issue 19, point 4): the Flemish overview
//! across every organiser, and a coordinator's view of their own organisation
//! across every organiser it took part with. Both add a table per organiser
//! (region) to what `crate::reports` gives, summed from the activity lines,
//! and both draw the same charts (`crate::charts`).

use crate::charts::{Chart, Series, Shape};
use crate::finances::export::{Table, Value};
use crate::i18n::{Locale, text, text_with};
use crate::listing::OrganiserRef;
use crate::reports::{ActivityLine, MonthLine, OrganisationLine, Period};
use serde::{Deserialize, Serialize};

/// The per-organiser table's CSV (beside the report's own tables).
pub const ORGANISERS_CSV: &str = "per-organisator.csv";

/// One organiser's figures, summed over its activities. People are left
/// out: one person at two activities is one person, and the lines cannot say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserLine {
    pub organiser: OrganiserRef,
    pub activities: u32,
    pub sessions: u32,
    pub registered: u32,
    pub attended: u32,
    pub check_ins: u32,
    pub minutes: u64,
}

/// The activity lines per organiser, the most registrations first.
pub fn by_organiser(lines: &[ActivityLine]) -> Vec<OrganiserLine> {
    let mut out: Vec<OrganiserLine> = Vec::new();
    for line in lines {
        let at = match out.iter().position(|o| o.organiser.slug == line.organiser.slug) {
            Some(i) => i,
            None => {
                out.push(OrganiserLine {
                    organiser: line.organiser.clone(),
                    activities: 0,
                    sessions: 0,
                    registered: 0,
                    attended: 0,
                    check_ins: 0,
                    minutes: 0,
                });
                out.len() - 1
            }
        };
        let o = &mut out[at];
        o.activities = o.activities.saturating_add(line.occurrences.max(1));
        o.sessions = o.sessions.saturating_add(line.sessions);
        o.registered = o.registered.saturating_add(line.counts.registered);
        o.attended = o.attended.saturating_add(line.counts.attended);
        o.check_ins = o.check_ins.saturating_add(line.counts.check_ins);
        o.minutes = o.minutes.saturating_add(line.counts.minutes);
    }
    out.sort_by(|a, b| b.registered.cmp(&a.registered).then_with(|| a.organiser.name.cmp(&b.organiser.name)));
    out
}

/// The per-organiser table for the workbook and its CSV.
pub fn organisers_table(locale: Locale, lines: &[OrganiserLine]) -> Table {
    let mut table = Table::new(
        locale,
        "overview.table.organisers",
        &[
            "reports.organiser",
            "reports.activities",
            "reports.sessions",
            "reports.registered",
            "reports.attended",
            "reports.check_ins",
            "reports.hours",
        ],
    );
    for line in lines {
        table.rows.push(vec![
            Value::Text(line.organiser.name.clone()),
            Value::Number(i64::from(line.activities)),
            Value::Number(i64::from(line.sessions)),
            Value::Number(i64::from(line.registered)),
            Value::Number(i64::from(line.attended)),
            Value::Number(i64::from(line.check_ins)),
            Value::Hours(line.minutes),
        ]);
    }
    table
}

/// How many organisations the chart per organisation shows (the table has them all).
pub const CHART_ORGANISATIONS: usize = 25;

/// Registered and attended per organisation (in the report's order: OCMWs
/// first, then the largest), the first [`CHART_ORGANISATIONS`] of them.
pub fn organisations_chart(locale: Locale, id: &str, lines: &[OrganisationLine]) -> Chart {
    let shown: Vec<&OrganisationLine> = lines.iter().take(CHART_ORGANISATIONS).collect();
    let no_organisation = text(locale, "reports.no_organisation");
    Chart {
        id: id.to_string(),
        shape: Shape::Bars,
        title: text(locale, "charts.by_organisation.title").to_string(),
        description: text_with(
            locale,
            "charts.by_organisation.desc",
            &[("shown", &shown.len().to_string()), ("count", &lines.len().to_string())],
        ),
        categories: shown
            .iter()
            .map(|l| if l.organisation_id.is_none() { no_organisation.to_string() } else { l.name.clone() })
            .collect(),
        series: vec![
            Series {
                name: text(locale, "reports.registered").to_string(),
                values: shown.iter().map(|l| l.counts.registered).collect(),
            },
            Series {
                name: text(locale, "reports.attended").to_string(),
                values: shown.iter().map(|l| l.counts.attended).collect(),
            },
        ],
        empty: text(locale, "charts.no_data").to_string(),
    }
}

/// Registrations per month of the period, next to the same month a year earlier.
pub fn months_chart(locale: Locale, id: &str, period: Period, lines: &[MonthLine]) -> Chart {
    let before = period.previous();
    let span = |p: Period| match p.calendar_year() {
        Some(year) => year.to_string(),
        None => format!("{} – {}", p.from, p.to),
    };
    // A period over one year: the months say their year.
    let many_years = period.from.format("%Y").to_string() != period.to.format("%Y").to_string();
    Chart {
        id: id.to_string(),
        shape: Shape::Columns,
        title: text(locale, "charts.by_month.title").to_string(),
        description: text_with(
            locale,
            "charts.by_month.desc",
            &[("period", &span(period)), ("previous", &span(before))],
        ),
        categories: lines
            .iter()
            .map(|l| {
                let month = crate::dates::month_short_in(locale, l.month);
                if many_years { format!("{month} {}", l.year % 100) } else { month.to_string() }
            })
            .collect(),
        series: vec![
            Series { name: span(period), values: lines.iter().map(|l| l.counts.registered).collect() },
            Series { name: span(before), values: lines.iter().map(|l| l.previous.registered).collect() },
        ],
        empty: text(locale, "charts.no_data").to_string(),
    }
}

/// Registered and attended per organiser (the coordinator's chart).
pub fn organisers_chart(locale: Locale, id: &str, lines: &[OrganiserLine]) -> Chart {
    Chart {
        id: id.to_string(),
        shape: Shape::Bars,
        title: text(locale, "charts.by_organiser.title").to_string(),
        description: text(locale, "charts.by_organiser.desc").to_string(),
        categories: lines.iter().map(|l| l.organiser.name.clone()).collect(),
        series: vec![
            Series {
                name: text(locale, "reports.registered").to_string(),
                values: lines.iter().map(|l| l.registered).collect(),
            },
            Series {
                name: text(locale, "reports.attended").to_string(),
                values: lines.iter().map(|l| l.attended).collect(),
            },
        ],
        empty: text(locale, "charts.no_data").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EventKind;
    use crate::reports::Counts;
    use chrono::NaiveDate;

    fn organiser(slug: &str, name: &str) -> OrganiserRef {
        OrganiserRef { slug: crate::Slug::parse(slug).unwrap(), name: name.into(), short_name: name.into() }
    }

    fn activity(o: &OrganiserRef, registered: u32, attended: u32, minutes: u64) -> ActivityLine {
        ActivityLine {
            event_id: 1,
            organiser: o.clone(),
            title: "Vorming".into(),
            kind: EventKind::TrainingDay,
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            occurrences: 1,
            sessions: 2,
            organisations: Vec::new(),
            counts: Counts { registered, attended, people: registered, check_ins: attended * 2, minutes },
        }
    }

    #[test]
    fn organisers_sum_their_activities_the_largest_first() {
        let (kempen, nwvl) = (organiser("biz-kempen", "BIZ Kempen"), organiser("biz-nwvl", "BIZ NWVL"));
        let lines =
            by_organiser(&[activity(&kempen, 3, 2, 180), activity(&nwvl, 10, 9, 60), activity(&kempen, 4, 4, 90)]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].organiser.name, "BIZ NWVL");
        let k = &lines[1];
        assert_eq!((k.activities, k.sessions, k.registered, k.attended, k.check_ins, k.minutes), (2, 4, 7, 6, 12, 270));
        let table = organisers_table(Locale::Nl, &lines);
        assert_eq!(table.name, "Per organisator");
        assert_eq!(table.rows.len(), 2);
        assert!(table.csv().contains("BIZ Kempen;2;4;7;6;12;"), "{}", table.csv());
    }

    #[test]
    fn the_month_chart_sets_this_period_against_a_year_earlier() {
        let months: Vec<MonthLine> = (1..=12)
            .map(|m| MonthLine {
                year: 2026,
                month: m,
                counts: Counts { registered: m, ..Counts::default() },
                previous: Counts { registered: 2 * m, ..Counts::default() },
            })
            .collect();
        let chart = months_chart(Locale::Nl, "per-maand", Period::year(2026), &months);
        assert_eq!(chart.categories[2], "mrt.");
        assert_eq!((chart.series[0].name.as_str(), chart.series[1].name.as_str()), ("2026", "2025"));
        assert_eq!(chart.series[1].values[11], 24);
        assert!(chart.svg().contains("role=\"img\""));
    }

    #[test]
    fn the_organisation_chart_shows_the_first_ones_and_says_how_many() {
        let lines: Vec<OrganisationLine> = (0..40)
            .map(|i| OrganisationLine {
                organisation_id: (i > 0).then_some(i),
                name: format!("OCMW <{i}>"),
                kind: "ocmw".into(),
                municipality: None,
                activities: 1,
                counts: Counts { registered: 40 - i as u32, attended: 1, ..Counts::default() },
            })
            .collect();
        let chart = organisations_chart(Locale::Nl, "per-organisatie", &lines);
        assert_eq!(chart.categories.len(), CHART_ORGANISATIONS);
        assert_eq!(chart.categories[0], "Zonder organisatie");
        assert!(chart.description.contains("25 van 40"), "{}", chart.description);
        assert!(chart.svg().contains("OCMW &lt;3&gt;"));
    }
}
