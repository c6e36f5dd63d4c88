//! The board's report: a year's participation per organisation (above all per
//! OCMW), per kind of activity and per region. "Registered" counts confirmed
//! seats; "attended" those checked in at the door for at least one session;
//! "people" counts each person once however many activities they followed.
//! An activity belongs to the year of its first session.

use crate::csv_files::{Cell, SheetWriter};
use crate::kinds::EventKind;
use crate::listing::OrganiserRef;
use serde::{Deserialize, Serialize};

/// Counts for one line of the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Confirmed registrations.
    pub registered: u32,
    /// Of those, checked in at least once.
    pub attended: u32,
    /// Distinct people among the registrations.
    pub people: u32,
}

impl Counts {
    /// Attended as a share of registered, in whole percent (`None` without registrations).
    pub fn attendance_percent(self) -> Option<u32> {
        (self.registered > 0).then(|| {
            let percent =
                (u64::from(self.attended) * 100 + u64::from(self.registered) / 2) / u64::from(self.registered);
            u32::try_from(percent).unwrap_or(100)
        })
    }
}

/// One organisation's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationLine {
    /// `None` for registrations without an organisation.
    pub organisation_id: Option<i32>,
    pub name: String,
    /// The organisation's kind code (`ocmw`, `caw`, ...), empty when unknown.
    pub kind: String,
    pub municipality: Option<String>,
    /// How many of the year's activities it had people at.
    pub activities: u32,
    pub counts: Counts,
}

/// One kind of activity's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindLine {
    pub kind: EventKind,
    pub activities: u32,
    pub sessions: u32,
    pub organisations: u32,
    pub counts: Counts,
}

/// One region's line (an arrondissement; "unknown" for organisations without a municipality).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionLine {
    pub region: String,
    pub organisations: u32,
    pub counts: Counts,
}

/// A year's report for one organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipationReport {
    pub organiser: OrganiserRef,
    pub year: i32,
    /// The years with activities, newest first, for the year switcher.
    pub years: Vec<i32>,
    pub activities: u32,
    pub sessions: u32,
    pub organisations: u32,
    pub ocmws: u32,
    pub totals: Counts,
    /// OCMWs first, then by registrations.
    pub by_organisation: Vec<OrganisationLine>,
    pub by_kind: Vec<KindLine>,
    pub by_region: Vec<RegionLine>,
}

/// The name of a Flemish (or Brussels) arrondissement by its NIS code.
pub fn arrondissement_name(nis: i32) -> Option<&'static str> {
    Some(match nis {
        11000 => "Antwerpen",
        12000 => "Mechelen",
        13000 => "Turnhout",
        21000 => "Brussel-Hoofdstad",
        23000 => "Halle-Vilvoorde",
        24000 => "Leuven",
        31000 => "Brugge",
        32000 => "Diksmuide",
        33000 => "Ieper",
        34000 => "Kortrijk",
        35000 => "Oostende",
        36000 => "Roeselare",
        37000 => "Tielt",
        38000 => "Veurne",
        41000 => "Aalst",
        42000 => "Dendermonde",
        43000 => "Eeklo",
        44000 => "Gent",
        45000 => "Oudenaarde",
        46000 => "Sint-Niklaas",
        71000 => "Hasselt",
        72000 => "Maaseik",
        73000 => "Tongeren-Borgloon",
        _ => return None,
    })
}

/// Orders the organisation lines for the board: OCMWs first (the core of the
/// report), then the most registrations, then by name; "without organisation" last.
pub fn sort_organisations(lines: &mut [OrganisationLine]) {
    lines.sort_by(|a, b| {
        a.organisation_id
            .is_none()
            .cmp(&b.organisation_id.is_none())
            .then_with(|| (b.kind == "ocmw").cmp(&(a.kind == "ocmw")))
            .then_with(|| b.counts.registered.cmp(&a.counts.registered))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
}

/// The year a report or the books are asked for: `asked` when it is one
/// (years far from now are typing errors, not reports), else this year.
pub fn year_asked(asked: Option<i32>, this_year: i32) -> i32 {
    asked.filter(|y| (2000..=this_year + 5).contains(y)).unwrap_or(this_year)
}

/// The organisation lines as CSV for a spreadsheet (semicolons, as Belgian
/// Excel expects; a BOM so it reads UTF-8; see [`crate::csv_files`]).
pub fn organisations_csv(report: &ParticipationReport) -> String {
    let mut sheet = SheetWriter::new();
    sheet.texts(["organisatie", "soort", "gemeente", "activiteiten", "ingeschreven", "aanwezig", "personen"]);
    for line in &report.by_organisation {
        let figures =
            [line.activities, line.counts.registered, line.counts.attended, line.counts.people].map(|n| n.to_string());
        sheet.row(&[
            Cell::Text(&line.name),
            Cell::Text(&line.kind),
            Cell::Text(line.municipality.as_deref().unwrap_or_default()),
            Cell::Figure(&figures[0]),
            Cell::Figure(&figures[1]),
            Cell::Figure(&figures[2]),
            Cell::Figure(&figures[3]),
        ]);
    }
    sheet.finish_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: Option<i32>, name: &str, kind: &str, registered: u32) -> OrganisationLine {
        OrganisationLine {
            organisation_id: id,
            name: name.into(),
            kind: kind.into(),
            municipality: None,
            activities: 1,
            counts: Counts { registered, attended: 0, people: registered },
        }
    }

    #[test]
    fn a_year_far_from_now_is_this_year() {
        assert_eq!(year_asked(Some(2025), 2026), 2025);
        assert_eq!(year_asked(Some(2031), 2026), 2031);
        assert_eq!(year_asked(Some(2032), 2026), 2026);
        assert_eq!(year_asked(Some(1999), 2026), 2026);
        assert_eq!(year_asked(None, 2026), 2026);
    }

    #[test]
    fn attendance_is_a_rounded_share() {
        assert_eq!(Counts { registered: 3, attended: 2, people: 3 }.attendance_percent(), Some(67));
        assert_eq!(Counts { registered: 8, attended: 8, people: 5 }.attendance_percent(), Some(100));
        assert_eq!(Counts::default().attendance_percent(), None);
    }

    #[test]
    fn ocmws_come_first_then_the_largest() {
        let mut lines = vec![
            line(None, "Zonder organisatie", "", 40),
            line(Some(1), "CAW De Kempen", "caw", 30),
            line(Some(2), "OCMW Geel", "ocmw", 5),
            line(Some(3), "OCMW Mol", "ocmw", 12),
            line(Some(4), "OCMW Balen", "ocmw", 5),
        ];
        sort_organisations(&mut lines);
        let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["OCMW Mol", "OCMW Balen", "OCMW Geel", "CAW De Kempen", "Zonder organisatie"]);
    }

    #[test]
    fn every_arrondissement_in_the_municipality_list_has_a_name() {
        let csv = include_str!("../../migrations/data/flemish-municipalities.csv");
        for row in csv.lines().skip(1) {
            let nis: i32 = row.split(',').nth(4).and_then(|n| n.trim().parse().ok()).expect("arrondissement");
            assert!(arrondissement_name(nis).is_some(), "no name for arrondissement {nis}");
        }
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let report = ParticipationReport {
            organiser: OrganiserRef {
                slug: crate::Slug::parse("biz").unwrap(),
                name: "BIZ".into(),
                short_name: "BIZ".into(),
            },
            year: 2026,
            years: vec![2026],
            activities: 1,
            sessions: 1,
            organisations: 2,
            ocmws: 1,
            totals: Counts::default(),
            by_organisation: vec![line(Some(1), "OCMW \"Noord\"; Kust", "ocmw", 3), line(Some(2), "=SUM(A1)", "", 1)],
            by_kind: Vec::new(),
            by_region: Vec::new(),
        };
        let csv = organisations_csv(&report);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"OCMW \"\"Noord\"\"; Kust\";ocmw;;1;3;0;3\r\n"), "{csv}");
        assert!(csv.contains("'=SUM(A1);"), "{csv}");
    }
}
