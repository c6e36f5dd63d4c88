//! The board's report: a year's participation per organisation (above all per
//! OCMW), per kind of activity and per region. "Registered" counts confirmed
//! seats; "attended" those checked in at the door for at least one session;
//! "people" counts each person once however many activities they followed.
//! An activity belongs to the year of its first session.

use crate::csv_files::{Cell, SheetWriter};
use crate::kinds::EventKind;
use crate::listing::OrganiserRef;
use chrono::{Datelike, NaiveDate};
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
    /// Check-ins: sessions attended, one per person and session.
    pub check_ins: u32,
    /// Minutes attended: each check-in times its session's length.
    pub minutes: u64,
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

    /// The hours attended, to one decimal.
    pub fn hours(self) -> f64 {
        hours(self.minutes)
    }

    /// Adds another line's seats, check-ins and minutes (people cannot be summed: left alone).
    pub fn add_seats(&mut self, other: Counts) {
        self.registered += other.registered;
        self.attended += other.attended;
        self.check_ins += other.check_ins;
        self.minutes += other.minutes;
    }
}

/// Minutes as hours, rounded to one decimal.
pub fn hours(minutes: u64) -> f64 {
    // Whole tenths first, so 59 minutes is 1.0 and not 0.98333.
    let tenths = (minutes * 10 + 30) / 60;
    tenths as f64 / 10.0
}

/// Minutes as hours for a page: one decimal with a comma (`"12,5"`).
pub fn hours_text(minutes: u64) -> String {
    let tenths = (minutes * 10 + 30) / 60;
    format!("{},{}", tenths / 10, tenths % 10)
}

/// How many minutes `check_ins` check-ins at a session from `starts` to `ends` are (0 when it ends before it starts).
pub fn minutes_attended(
    check_ins: u32,
    starts: chrono::DateTime<chrono::Utc>,
    ends: chrono::DateTime<chrono::Utc>,
) -> u64 {
    let minutes = u64::try_from((ends - starts).num_minutes()).unwrap_or(0);
    u64::from(check_ins) * minutes
}

/// The period a report covers: `from` to `to`, both days included (local dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The longest period a report is asked for, in years (longer is a typing error).
pub const LONGEST_PERIOD_YEARS: i32 = 10;

/// Why a period in the address is no period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodError {
    /// `van` is no date (YYYY-MM-DD).
    BadFrom,
    /// `tot` is no date.
    BadTo,
    /// `van` comes after `tot`.
    Reversed,
    /// Longer than [`LONGEST_PERIOD_YEARS`].
    TooLong,
}

impl PeriodError {
    /// The text key saying what is wrong.
    pub fn text_key(self) -> &'static str {
        match self {
            PeriodError::BadFrom => "reports.period.bad_from",
            PeriodError::BadTo => "reports.period.bad_to",
            PeriodError::Reversed => "reports.period.reversed",
            PeriodError::TooLong => "reports.period.too_long",
        }
    }

    /// The field the error belongs next to.
    pub fn field(self) -> &'static str {
        match self {
            PeriodError::BadFrom | PeriodError::Reversed | PeriodError::TooLong => fields::FROM,
            PeriodError::BadTo => fields::TO,
        }
    }
}

/// The names of the period's fields in the address (`?van=2026-01-01&tot=2026-12-31`, or `?jaar=2026`).
pub mod fields {
    pub const FROM: &str = "van";
    pub const TO: &str = "tot";
    pub const YEAR: &str = crate::forms::fields::year::YEAR;
}

/// The same day `years` later (29 February becomes 28 February in a year without it).
fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    let year = d.year() + years;
    NaiveDate::from_ymd_opt(year, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, d.month(), d.day() - 1))
        .unwrap_or(d)
}

impl Period {
    /// A calendar year.
    pub fn year(year: i32) -> Period {
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        Period { from, to }
    }

    /// The period asked for in the address: `van`/`tot` (either may be left
    /// out: then the other one's calendar year bounds it), else `jaar`, else
    /// this calendar year. Empty fields count as left out (a form sends them).
    pub fn asked(
        from: Option<&str>,
        to: Option<&str>,
        year: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period, PeriodError> {
        let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let parse = |v: String, error| NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| error);
        let from = given(from).map(|v| parse(v, PeriodError::BadFrom)).transpose()?;
        let to = given(to).map(|v| parse(v, PeriodError::BadTo)).transpose()?;
        let period = match (from, to) {
            (Some(from), Some(to)) => Period { from, to },
            (Some(from), None) => Period { from, to: Period::year(from.year()).to },
            (None, Some(to)) => Period { from: Period::year(to.year()).from, to },
            (None, None) => {
                let asked = given(year).and_then(|y| y.parse::<i32>().ok());
                return Ok(Period::year(year_asked(asked, today.year())));
            }
        };
        if period.from > period.to {
            return Err(PeriodError::Reversed);
        }
        if period.to >= shift_years(period.from, LONGEST_PERIOD_YEARS) {
            return Err(PeriodError::TooLong);
        }
        Ok(period)
    }

    /// The same period a year earlier (29 February: the 28th).
    pub fn previous(self) -> Period {
        Period { from: shift_years(self.from, -1), to: shift_years(self.to, -1) }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The calendar year, when the period is exactly one.
    pub fn calendar_year(self) -> Option<i32> {
        (self == Period::year(self.from.year())).then_some(self.from.year())
    }

    /// The months the period touches, as (year, month), oldest first.
    pub fn months(self) -> Vec<(i32, u32)> {
        let mut months = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        while (y, m) <= (self.to.year(), self.to.month()) {
            months.push((y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        months
    }

    /// The query string that asks for this period (`?van=...&tot=...`, or `?jaar=` for a calendar year).
    pub fn query(self) -> String {
        match self.calendar_year() {
            Some(year) => format!("?{}={year}", fields::YEAR),
            None => format!("?{}={}&{}={}", fields::FROM, self.from, fields::TO, self.to),
        }
    }

    /// A short name for files: `2026` or `2026-01-01_2026-06-30`.
    pub fn file_part(self) -> String {
        match self.calendar_year() {
            Some(year) => year.to_string(),
            None => format!("{}_{}", self.from, self.to),
        }
    }
}

/// Whose participation a report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// One organiser's activities (the region's board).
    Organiser(i32),
    /// Every organiser's activities: the Flemish overview (platform admins).
    All,
    /// One organisation's registrations, across every organiser it registered with.
    Organisation(i32),
}

/// A change against the previous period, in whole percent (`None` when there was nothing before).
pub fn change_percent(now: u64, before: u64) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let now = i128::from(now);
    let before = i128::from(before);
    let diff = (now - before) * 100;
    // Rounded half away from zero.
    let rounded = if diff >= 0 { (diff + before / 2) / before } else { (diff - before / 2) / before };
    i64::try_from(rounded).ok()
}

/// A change for a page: `+12 %`, `−5 %`, `0 %`, or `–` without a base.
pub fn change_text(now: u64, before: u64) -> String {
    match change_percent(now, before) {
        Some(p) if p > 0 => format!("+{p} %"),
        Some(p) if p < 0 => format!("\u{2212}{} %", -p),
        Some(_) => "0 %".to_string(),
        None => "\u{2013}".to_string(),
    }
}

/// An organisation as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub id: i32,
    pub name: String,
    /// The kind code (`ocmw`, `caw`, ...).
    pub kind: String,
    pub municipality: Option<String>,
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
    /// How many of the period's activities it had people at.
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

/// One activity's line (in an organisation's report, group modules of one
/// name are one line: `occurrences` says how many activities it holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    /// The (first) activity's id.
    pub event_id: i32,
    pub organiser: OrganiserRef,
    pub title: String,
    pub kind: EventKind,
    /// The day of its first session (local).
    pub starts_on: NaiveDate,
    /// How many activities the line holds (1, or more for group modules of one name).
    pub occurrences: u32,
    pub sessions: u32,
    /// The organisations that registered, OCMWs first.
    pub organisations: Vec<String>,
    pub counts: Counts,
}

/// One month of the period against the same month a year earlier (the charts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthLine {
    pub year: i32,
    pub month: u32,
    /// Registrations and attendance of the activities whose first session is
    /// in the month (people are not counted per month).
    pub counts: Counts,
    /// The same month a year earlier.
    pub previous: Counts,
}

/// A partner organisation that took part in nothing in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerLine {
    pub organisation: OrganisationRef,
    /// The organisers it is a partner of (short names).
    pub partner_of: Vec<String>,
}

/// The totals of a period, for the comparison with the previous one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub activities: u32,
    pub sessions: u32,
    pub organisations: u32,
    pub ocmws: u32,
    pub counts: Counts,
}

/// The participation report of a scope over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipationReport {
    pub scope: Scope,
    /// The organiser, for [`Scope::Organiser`].
    pub organiser: Option<OrganiserRef>,
    /// The organisation, for [`Scope::Organisation`].
    pub organisation: Option<OrganisationRef>,
    pub period: Period,
    /// The years with activities, newest first, for the year shortcuts.
    pub years: Vec<i32>,
    pub totals: Totals,
    /// The same period a year earlier.
    pub previous: Totals,
    /// OCMWs first, then by registrations.
    pub by_organisation: Vec<OrganisationLine>,
    pub by_kind: Vec<KindLine>,
    pub by_region: Vec<RegionLine>,
    /// Oldest first.
    pub by_activity: Vec<ActivityLine>,
    /// Every month of the period, oldest first.
    pub by_month: Vec<MonthLine>,
    /// Partners (of the organiser, or of any organiser in the overview) that
    /// took part in nothing in the period; OCMWs first. Empty for an organisation.
    pub silent_partners: Vec<PartnerLine>,
}

/// One of an organisation's people: what they registered for and attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLine {
    pub name: String,
    pub registered: u32,
    pub attended: u32,
    pub check_ins: u32,
    pub minutes: u64,
    /// The titles of the activities they attended, oldest first.
    pub attended_activities: Vec<String>,
}

/// One organisation's participation over a period: for the organiser's view
/// (only its activities) or across every organiser (the coordinator's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationReport {
    pub organisation: OrganisationRef,
    /// Only this organiser's activities; `None`: every organiser's.
    pub organiser: Option<OrganiserRef>,
    pub period: Period,
    pub years: Vec<i32>,
    /// `activities`: activities it registered for; `sessions`: sessions its
    /// people were checked in at; `organisations` and `ocmws` unused.
    pub totals: Totals,
    pub previous: Totals,
    /// Activities at least one of its people attended.
    pub activities_attended: u32,
    pub previous_activities_attended: u32,
    pub by_kind: Vec<KindLine>,
    /// Group modules of one name are one line.
    pub by_activity: Vec<ActivityLine>,
    /// By name; people whose registrations were erased are only counted ([`Self::erased`]).
    pub people: Vec<PersonLine>,
    /// Registrations of erased (anonymised) people: counted, never named.
    pub erased: u32,
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

/// Orders partners that took part in nothing: OCMWs first, then by name.
pub fn sort_partners(lines: &mut [PartnerLine]) {
    lines.sort_by(|a, b| {
        (b.organisation.kind == "ocmw")
            .cmp(&(a.organisation.kind == "ocmw"))
            .then_with(|| a.organisation.name.to_lowercase().cmp(&b.organisation.name.to_lowercase()))
    });
}

/// Orders names of organisations with their kinds: OCMWs first, then by name.
pub fn ocmws_first(mut names: Vec<(String, String)>) -> Vec<String> {
    names.sort_by(|a, b| {
        (b.1 == "ocmw").cmp(&(a.1 == "ocmw")).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
    });
    names.dedup();
    names.into_iter().map(|(name, _)| name).collect()
}

/// Activity lines oldest first (then by title), with the group modules of
/// one organiser and title merged into one line (its first date and id, the
/// counts and sessions added, the organisations of all of them).
pub fn group_modules(lines: Vec<ActivityLine>) -> Vec<ActivityLine> {
    let mut merged: Vec<ActivityLine> = Vec::new();
    let mut lines = lines;
    sort_activities(&mut lines);
    for line in lines {
        if line.kind == EventKind::GroupModule
            && let Some(into) = merged.iter_mut().find(|m| {
                m.kind == EventKind::GroupModule
                    && m.organiser.slug == line.organiser.slug
                    && m.title.trim().to_lowercase() == line.title.trim().to_lowercase()
            })
        {
            into.occurrences += line.occurrences;
            into.sessions += line.sessions;
            into.counts.add_seats(line.counts);
            into.counts.people += line.counts.people;
            for name in line.organisations {
                if !into.organisations.contains(&name) {
                    into.organisations.push(name);
                }
            }
            continue;
        }
        merged.push(line);
    }
    merged
}

/// Activity lines oldest first, then by title.
pub fn sort_activities(lines: &mut [ActivityLine]) {
    lines.sort_by(|a, b| {
        a.starts_on.cmp(&b.starts_on).then_with(|| a.title.cmp(&b.title)).then(a.event_id.cmp(&b.event_id))
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

/// The report's tables for a spreadsheet: a sheet each in the XLSX, a CSV
/// each, in the reader's language (see `finances::export` for the cells).
pub mod tables {
    use super::{Counts, OrganisationReport, ParticipationReport, Totals};
    use crate::finances::export::{Table, Value};
    use crate::i18n::{Locale, text};
    use chrono::NaiveDate;

    /// Which table; its slug names its CSV (`{slug}.csv`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ReportTable {
        Totals,
        Organisations,
        Kinds,
        Activities,
        Regions,
        Months,
        SilentPartners,
        People,
    }

    impl ReportTable {
        pub const ALL: [ReportTable; 8] = [
            ReportTable::Totals,
            ReportTable::Organisations,
            ReportTable::Kinds,
            ReportTable::Activities,
            ReportTable::Regions,
            ReportTable::Months,
            ReportTable::SilentPartners,
            ReportTable::People,
        ];

        pub fn slug(self) -> &'static str {
            match self {
                ReportTable::Totals => "totalen",
                ReportTable::Organisations => "per-organisatie",
                ReportTable::Kinds => "per-soort",
                ReportTable::Activities => "per-activiteit",
                ReportTable::Regions => "per-regio",
                ReportTable::Months => "per-maand",
                ReportTable::SilentPartners => "partners-zonder-deelname",
                ReportTable::People => "personen",
            }
        }

        /// The table a CSV's file name (`per-soort.csv`) asks for.
        pub fn from_file(file: &str) -> Option<ReportTable> {
            let slug = file.strip_suffix(".csv")?;
            ReportTable::ALL.into_iter().find(|t| t.slug() == slug)
        }

        /// The CSV's file name.
        pub fn file(self) -> String {
            format!("{}.csv", self.slug())
        }
    }

    const COUNT_COLUMNS: [&str; 6] = [
        "reports.registered",
        "reports.attended",
        "reports.attendance",
        "reports.people",
        "reports.check_ins",
        "reports.hours",
    ];

    fn n(v: u32) -> Value {
        Value::Number(i64::from(v))
    }

    fn count_cells(c: Counts) -> Vec<Value> {
        vec![
            n(c.registered),
            n(c.attended),
            c.attendance_percent().map(|p| Value::Percent(i64::from(p))).unwrap_or(Value::Empty),
            n(c.people),
            n(c.check_ins),
            Value::Hours(c.minutes),
        ]
    }

    fn table(locale: Locale, name_key: &str, first: &[&str], counts: bool) -> Table {
        let mut columns: Vec<&str> = first.to_vec();
        if counts {
            columns.extend(COUNT_COLUMNS);
        }
        Table::new(locale, name_key, &columns)
    }

    fn totals_table(locale: Locale, now: Totals, before: Totals, extra: &[(&str, u32, u32)]) -> Table {
        let mut t = Table::new(
            locale,
            "reports.table.totals",
            &["reports.figure", "reports.this_period", "reports.previous_period", "reports.change"],
        );
        let row = |key: &str, a: u64, b: u64| {
            vec![
                Value::Text(text(locale, key).to_string()),
                Value::Number(i64::try_from(a).unwrap_or(i64::MAX)),
                Value::Number(i64::try_from(b).unwrap_or(i64::MAX)),
                super::change_percent(a, b).map(Value::Percent).unwrap_or(Value::Empty),
            ]
        };
        let mut rows = vec![
            row("reports.activities", now.activities.into(), before.activities.into()),
            row("reports.sessions", now.sessions.into(), before.sessions.into()),
            row("reports.registered", now.counts.registered.into(), before.counts.registered.into()),
            row("reports.attended", now.counts.attended.into(), before.counts.attended.into()),
            row("reports.people", now.counts.people.into(), before.counts.people.into()),
            row("reports.check_ins", now.counts.check_ins.into(), before.counts.check_ins.into()),
        ];
        let mut hours = row("reports.hours", now.counts.minutes, before.counts.minutes);
        hours[1] = Value::Hours(now.counts.minutes);
        hours[2] = Value::Hours(before.counts.minutes);
        rows.push(hours);
        for (key, a, b) in extra {
            rows.push(row(key, u64::from(*a), u64::from(*b)));
        }
        t.rows = rows;
        t
    }

    fn kind_label(locale: Locale, kind: crate::kinds::EventKind) -> Value {
        Value::Text(kind.label_in(locale, false).to_string())
    }

    /// Every table of a participation report, in the page's order.
    pub fn participation(locale: Locale, report: &ParticipationReport) -> Vec<(ReportTable, Table)> {
        let no_organisation = text(locale, "reports.no_organisation").to_string();
        let unknown_region = text(locale, "reports.unknown_region").to_string();
        let totals = totals_table(
            locale,
            report.totals,
            report.previous,
            &[
                ("reports.organisations", report.totals.organisations, report.previous.organisations),
                ("reports.ocmws", report.totals.ocmws, report.previous.ocmws),
            ],
        );

        let mut organisations = table(
            locale,
            "reports.table.organisations",
            &["reports.organisation", "reports.organisation_kind", "reports.municipality", "reports.activities"],
            true,
        );
        for line in &report.by_organisation {
            let name = if line.organisation_id.is_none() { no_organisation.clone() } else { line.name.clone() };
            let mut row = vec![
                Value::Text(name),
                Value::Text(line.kind.clone()),
                Value::Text(line.municipality.clone().unwrap_or_default()),
                n(line.activities),
            ];
            row.extend(count_cells(line.counts));
            organisations.rows.push(row);
        }

        let mut kinds = table(
            locale,
            "reports.table.kinds",
            &["reports.kind", "reports.activities", "reports.sessions", "reports.organisations"],
            true,
        );
        for line in &report.by_kind {
            let mut row =
                vec![kind_label(locale, line.kind), n(line.activities), n(line.sessions), n(line.organisations)];
            row.extend(count_cells(line.counts));
            kinds.rows.push(row);
        }

        let activities = activity_table(locale, &report.by_activity);

        let mut regions = table(locale, "reports.table.regions", &["reports.region", "reports.organisations"], true);
        for line in &report.by_region {
            let region = if line.region.is_empty() { unknown_region.clone() } else { line.region.clone() };
            let mut row = vec![Value::Text(region), n(line.organisations)];
            row.extend(count_cells(line.counts));
            regions.rows.push(row);
        }

        let mut months = Table::new(
            locale,
            "reports.table.months",
            &[
                "reports.month",
                "reports.registered",
                "reports.attended",
                "reports.check_ins",
                "reports.hours",
                "reports.registered_before",
                "reports.attended_before",
            ],
        );
        for m in &report.by_month {
            months.rows.push(vec![
                NaiveDate::from_ymd_opt(m.year, m.month, 1).map(Value::Date).unwrap_or(Value::Empty),
                n(m.counts.registered),
                n(m.counts.attended),
                n(m.counts.check_ins),
                Value::Hours(m.counts.minutes),
                n(m.previous.registered),
                n(m.previous.attended),
            ]);
        }

        let mut silent = Table::new(
            locale,
            "reports.table.silent_partners",
            &["reports.organisation", "reports.organisation_kind", "reports.municipality", "reports.partner_of"],
        );
        for line in &report.silent_partners {
            silent.rows.push(vec![
                Value::Text(line.organisation.name.clone()),
                Value::Text(line.organisation.kind.clone()),
                Value::Text(line.organisation.municipality.clone().unwrap_or_default()),
                Value::Text(line.partner_of.join(", ")),
            ]);
        }
        vec![
            (ReportTable::Totals, totals),
            (ReportTable::Organisations, organisations),
            (ReportTable::Kinds, kinds),
            (ReportTable::Activities, activities),
            (ReportTable::Regions, regions),
            (ReportTable::Months, months),
            (ReportTable::SilentPartners, silent),
        ]
    }

    fn activity_table(locale: Locale, lines: &[super::ActivityLine]) -> Table {
        let mut activities = table(
            locale,
            "reports.table.activities",
            &[
                "reports.date",
                "reports.activity",
                "reports.kind",
                "reports.organiser",
                "reports.occurrences",
                "reports.sessions",
                "reports.organisations",
            ],
            true,
        );
        for line in lines {
            let mut row = vec![
                Value::Date(line.starts_on),
                Value::Text(line.title.clone()),
                kind_label(locale, line.kind),
                Value::Text(line.organiser.short_name.clone()),
                n(line.occurrences),
                n(line.sessions),
                Value::Text(line.organisations.join(", ")),
            ];
            row.extend(count_cells(line.counts));
            activities.rows.push(row);
        }
        activities
    }

    /// Every table of an organisation's report, in the page's order.
    pub fn organisation(locale: Locale, report: &OrganisationReport) -> Vec<(ReportTable, Table)> {
        let totals = totals_table(
            locale,
            report.totals,
            report.previous,
            &[("reports.activities_attended", report.activities_attended, report.previous_activities_attended)],
        );
        let mut kinds =
            table(locale, "reports.table.kinds", &["reports.kind", "reports.activities", "reports.sessions"], true);
        for line in &report.by_kind {
            let mut row = vec![kind_label(locale, line.kind), n(line.activities), n(line.sessions)];
            row.extend(count_cells(line.counts));
            kinds.rows.push(row);
        }
        let activities = activity_table(locale, &report.by_activity);
        let mut people = Table::new(
            locale,
            "reports.table.people",
            &[
                "reports.person",
                "reports.registered",
                "reports.attended",
                "reports.check_ins",
                "reports.hours",
                "reports.attended_activities",
            ],
        );
        for p in &report.people {
            people.rows.push(vec![
                Value::Text(p.name.clone()),
                n(p.registered),
                n(p.attended),
                n(p.check_ins),
                Value::Hours(p.minutes),
                Value::Text(p.attended_activities.join("; ")),
            ]);
        }
        if report.erased > 0 {
            people.rows.push(vec![
                Value::Text(text(locale, "reports.erased_people").to_string()),
                n(report.erased),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
            ]);
        }
        vec![
            (ReportTable::Totals, totals),
            (ReportTable::Kinds, kinds),
            (ReportTable::Activities, activities),
            (ReportTable::People, people),
        ]
    }
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
            counts: Counts { registered, people: registered, ..Counts::default() },
        }
    }

    fn biz() -> OrganiserRef {
        OrganiserRef { slug: crate::Slug::parse("biz").unwrap(), name: "BIZ".into(), short_name: "BIZ".into() }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn activity(id: i32, title: &str, kind: EventKind, on: NaiveDate, registered: u32) -> ActivityLine {
        ActivityLine {
            event_id: id,
            organiser: biz(),
            title: title.into(),
            kind,
            starts_on: on,
            occurrences: 1,
            sessions: 2,
            organisations: vec![format!("org {id}")],
            counts: Counts { registered, attended: registered, people: registered, check_ins: 2, minutes: 90 },
        }
    }

    #[test]
    fn a_period_is_a_year_by_default_and_from_to_when_given() {
        let today = day(2026, 12, 7);
        assert_eq!(Period::asked(None, None, None, today), Ok(Period::year(2026)));
        assert_eq!(Period::asked(Some(""), Some(" "), Some("2025"), today), Ok(Period::year(2025)));
        assert_eq!(Period::asked(None, None, Some("1850"), today), Ok(Period::year(2026)));
        assert_eq!(
            Period::asked(Some("2026-03-01"), Some("2026-06-30"), Some("2020"), today),
            Ok(Period { from: day(2026, 3, 1), to: day(2026, 6, 30) })
        );
        assert_eq!(
            Period::asked(Some("2026-03-01"), None, None, today),
            Ok(Period { from: day(2026, 3, 1), to: day(2026, 12, 31) })
        );
        assert_eq!(
            Period::asked(None, Some("2026-03-01"), None, today),
            Ok(Period { from: day(2026, 1, 1), to: day(2026, 3, 1) })
        );
        assert_eq!(Period::asked(Some("2026-13-01"), None, None, today), Err(PeriodError::BadFrom));
        assert_eq!(Period::asked(Some("2026-01-01"), Some("morgen"), None, today), Err(PeriodError::BadTo));
        assert_eq!(Period::asked(Some("2026-06-01"), Some("2026-05-31"), None, today), Err(PeriodError::Reversed));
        assert_eq!(
            Period::asked(Some("2016-01-01"), Some("2025-12-31"), None, today),
            Ok(Period { from: day(2016, 1, 1), to: day(2025, 12, 31) })
        );
        assert_eq!(Period::asked(Some("2016-01-01"), Some("2026-01-01"), None, today), Err(PeriodError::TooLong));
        assert_eq!(PeriodError::BadTo.field(), fields::TO);
        assert_eq!(PeriodError::Reversed.text_key(), "reports.period.reversed");
    }

    #[test]
    fn the_previous_period_is_a_year_earlier_and_29_february_the_28th() {
        assert_eq!(Period::year(2026).previous(), Period::year(2025));
        let leap = Period { from: day(2024, 2, 29), to: day(2024, 3, 31) };
        assert_eq!(leap.previous(), Period { from: day(2023, 2, 28), to: day(2023, 3, 31) });
        let after = Period { from: day(2025, 1, 1), to: day(2025, 2, 28) };
        assert_eq!(after.previous(), Period { from: day(2024, 1, 1), to: day(2024, 2, 28) });
    }

    #[test]
    fn a_period_knows_its_months_year_and_address() {
        let p = Period { from: day(2025, 11, 15), to: day(2026, 2, 1) };
        assert_eq!(p.months(), vec![(2025, 11), (2025, 12), (2026, 1), (2026, 2)]);
        assert_eq!(p.calendar_year(), None);
        assert_eq!(p.query(), "?van=2025-11-15&tot=2026-02-01");
        assert_eq!(p.file_part(), "2025-11-15_2026-02-01");
        assert!(p.contains(day(2026, 2, 1)) && p.contains(day(2025, 11, 15)) && !p.contains(day(2026, 2, 2)));
        assert_eq!(Period::year(2026).calendar_year(), Some(2026));
        assert_eq!(Period::year(2026).query(), "?jaar=2026");
        assert_eq!(Period::year(2026).months().len(), 12);
    }

    #[test]
    fn changes_are_rounded_percentages_and_nothing_without_a_base() {
        assert_eq!(change_percent(120, 100), Some(20));
        assert_eq!(change_percent(2, 3), Some(-33));
        assert_eq!(change_percent(1, 3), Some(-67));
        assert_eq!(change_percent(5, 0), None);
        assert_eq!(change_text(150, 100), "+50 %");
        assert_eq!(change_text(50, 100), "\u{2212}50 %");
        assert_eq!(change_text(7, 7), "0 %");
        assert_eq!(change_text(7, 0), "\u{2013}");
    }

    #[test]
    fn hours_are_check_ins_times_session_length_to_a_tenth() {
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").unwrap().to_utc();
        let end = chrono::DateTime::parse_from_rfc3339("2026-03-01T12:30:00Z").unwrap().to_utc();
        assert_eq!(minutes_attended(4, start, end), 840);
        assert_eq!(minutes_attended(4, end, start), 0);
        assert!((hours(840) - 14.0).abs() < f64::EPSILON);
        assert!((hours(59) - 1.0).abs() < f64::EPSILON);
        assert!((hours(100) - 1.7).abs() < f64::EPSILON);
        assert_eq!(hours_text(100), "1,7");
        assert_eq!(hours_text(0), "0,0");
        let mut total = Counts { registered: 1, attended: 1, people: 1, check_ins: 1, minutes: 60 };
        total.add_seats(Counts { registered: 2, attended: 1, people: 2, check_ins: 3, minutes: 30 });
        assert_eq!(total, Counts { registered: 3, attended: 2, people: 1, check_ins: 4, minutes: 90 });
    }

    #[test]
    fn group_modules_of_one_name_are_one_line_and_the_rest_stay_apart() {
        let lines = vec![
            activity(3, "Omgaan met agressie", EventKind::GroupModule, day(2026, 5, 1), 4),
            activity(1, "Omgaan met agressie", EventKind::GroupModule, day(2026, 2, 1), 6),
            activity(2, "Lerend netwerk armoede", EventKind::LearningNetwork, day(2026, 3, 1), 10),
            activity(4, "Lerend netwerk armoede", EventKind::LearningNetwork, day(2026, 4, 1), 8),
        ];
        let merged = group_modules(lines);
        let titles: Vec<(i32, u32)> = merged.iter().map(|l| (l.event_id, l.occurrences)).collect();
        assert_eq!(titles, [(1, 2), (2, 1), (4, 1)]);
        assert_eq!(merged[0].counts.registered, 10);
        assert_eq!(merged[0].sessions, 4);
        assert_eq!(merged[0].organisations, ["org 1", "org 3"]);
    }

    #[test]
    fn partners_and_names_put_ocmws_first() {
        let partner = |name: &str, kind: &str| PartnerLine {
            organisation: OrganisationRef { id: 1, name: name.into(), kind: kind.into(), municipality: None },
            partner_of: vec![],
        };
        let mut lines = vec![partner("CAW Oost", "caw"), partner("OCMW Zele", "ocmw"), partner("ocmw Aalst", "ocmw")];
        sort_partners(&mut lines);
        let names: Vec<&str> = lines.iter().map(|l| l.organisation.name.as_str()).collect();
        assert_eq!(names, ["ocmw Aalst", "OCMW Zele", "CAW Oost"]);
        let names = ocmws_first(vec![("CAW".into(), "caw".into()), ("OCMW Mol".into(), "ocmw".into())]);
        assert_eq!(names, ["OCMW Mol", "CAW"]);
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
        assert_eq!(
            Counts { registered: 3, attended: 2, people: 3, ..Counts::default() }.attendance_percent(),
            Some(67)
        );
        assert_eq!(
            Counts { registered: 8, attended: 8, people: 5, ..Counts::default() }.attendance_percent(),
            Some(100)
        );
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
            scope: Scope::Organiser(1),
            organiser: Some(biz()),
            organisation: None,
            period: Period::year(2026),
            years: vec![2026],
            totals: Totals::default(),
            previous: Totals::default(),
            by_organisation: vec![line(Some(1), "OCMW \"Noord\"; Kust", "ocmw", 3), line(Some(2), "=SUM(A1)", "", 1)],
            by_kind: Vec::new(),
            by_region: Vec::new(),
            by_activity: Vec::new(),
            by_month: Vec::new(),
            silent_partners: Vec::new(),
        };
        let csv = organisations_csv(&report);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"OCMW \"\"Noord\"\"; Kust\";ocmw;;1;3;0;3\r\n"), "{csv}");
        assert!(csv.contains("'=SUM(A1);"), "{csv}");
    }
}
