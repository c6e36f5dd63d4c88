//! The books as tables for a spreadsheet, the same for the CSV and the XLSX
//! download and in the page's language: an event's income, its cost lines
//! and its budget against actual; for a year, the overview per event, the
//! income per event, every cost line and the budget against actual.
//!
//! A [`Value`] says what a cell is, so the XLSX writes amounts as numbers
//! (with a euro format), dates as dates and percentages as percentages,
//! and the CSV writes them as the other finance CSV does: amounts with a
//! decimal comma and no thousands separator (`-1310,50`), dates in ISO 8601,
//! percentages as whole numbers; text cells are defused (see `csv_files`).
//! Totals are a row of their own in the XLSX; the CSV holds the lines only,
//! for scripts and pivot tables.

use super::budget::BudgetTable;
use super::{CostLine, CostTotals, FinanceYear, Income, csv_amount};
use crate::Money;
use crate::i18n::{Locale, text};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Amount(Money),
    Date(NaiveDate),
    /// A whole percentage (93 for 93 %).
    Percent(i64),
    /// A count (registrations, sessions).
    Number(i64),
    /// Minutes, shown as hours with one decimal (the reports' hours attended).
    Hours(u64),
    Empty,
}

impl Value {
    fn text(s: impl Into<String>) -> Self {
        Value::Text(s.into())
    }

    fn date(d: Option<NaiveDate>) -> Self {
        d.map(Value::Date).unwrap_or(Value::Empty)
    }
}

/// One table: a sheet of the workbook, or a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name (short: Excel allows 31 characters).
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// The totals, under the rows (the XLSX only).
    pub total: Option<Vec<Value>>,
}

impl Table {
    pub(crate) fn new(locale: Locale, name_key: &str, column_keys: &[&str]) -> Self {
        Table {
            name: text(locale, name_key).to_string(),
            columns: column_keys.iter().map(|k| text(locale, k).to_string()).collect(),
            rows: Vec::new(),
            total: None,
        }
    }

    /// The rows as CSV for Belgian Excel (see the module's words).
    pub fn csv(&self) -> String {
        use crate::csv_files::{Cell, SheetWriter};
        let mut sheet = SheetWriter::new();
        sheet.texts(&self.columns);
        for row in &self.rows {
            let figures: Vec<String> = row
                .iter()
                .map(|v| match v {
                    Value::Text(_) | Value::Empty => String::new(),
                    Value::Amount(m) => csv_amount(*m),
                    Value::Date(d) => d.to_string(),
                    Value::Percent(p) => p.to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Hours(minutes) => crate::reports::hours_text(*minutes),
                })
                .collect();
            let cells: Vec<Cell<'_>> = row
                .iter()
                .zip(&figures)
                .map(|(v, figure)| match v {
                    Value::Text(t) => Cell::Text(t),
                    _ => Cell::Figure(figure),
                })
                .collect();
            sheet.row(&cells);
        }
        sheet.finish_text()
    }
}

fn total_label(locale: Locale) -> Value {
    Value::text(text(locale, "finances.total"))
}

fn negative(m: Money) -> Money {
    Money::ZERO - m
}

/// The columns of a cost line (after the event's, in the year's sheet).
const COST_COLUMNS: [&str; 9] = [
    "finances.description",
    "finances.category",
    "finances.payee",
    "finances.status",
    "books.paid_on",
    "finances.reference",
    "finances.budget",
    "finances.actual",
    "finances.costs_expected",
];

fn cost_cells(locale: Locale, line: &CostLine, all: &[CostLine]) -> Vec<Value> {
    let mut description = line.description.clone();
    if let Some(of) = line.corrects.and_then(|id| all.iter().find(|l| l.id == id)) {
        description = format!(
            "{description} ({})",
            crate::i18n::text_with(locale, "finances.correction_of", &[("line", &of.description)])
        );
    }
    vec![
        Value::Text(description),
        Value::text(text(locale, line.category.label_key())),
        Value::text(line.payee.clone().unwrap_or_default()),
        Value::text(text(locale, line.status.label_key())),
        Value::date(line.paid_on),
        Value::text(line.payout_reference.clone().unwrap_or_default()),
        Value::Amount(line.budget),
        line.actual.map(Value::Amount).unwrap_or(Value::Empty),
        Value::Amount(line.expected()),
    ]
}

/// The totals under the cost columns: budget, actual (of the lines that have one), expected.
fn cost_totals(lines: &[&CostLine]) -> [Value; 3] {
    let totals = CostTotals::of(lines.iter().copied());
    let actual: Money = lines.iter().filter_map(|l| l.actual).sum();
    [Value::Amount(totals.budget), Value::Amount(actual), Value::Amount(totals.expected)]
}

/// An event's cost lines (in the order given: the books').
pub fn costs(locale: Locale, lines: &[CostLine]) -> Table {
    let mut table = Table::new(locale, "books.sheet_costs", &COST_COLUMNS);
    table.rows = lines.iter().map(|l| cost_cells(locale, l, lines)).collect();
    let mut total = vec![total_label(locale)];
    total.extend(std::iter::repeat_n(Value::Empty, COST_COLUMNS.len() - 4));
    total.extend(cost_totals(&lines.iter().collect::<Vec<_>>()));
    table.total = Some(total);
    table
}

/// Budget against actual per kind of cost.
pub fn budget(locale: Locale, budget: &BudgetTable) -> Table {
    let mut table = Table::new(
        locale,
        "books.sheet_budget",
        &["finances.category", "finances.budget", "books.actual", "books.difference", "books.percent"],
    );
    let cells = |label: Value, row: &super::budget::BudgetRow| {
        vec![
            label,
            Value::Amount(row.budget),
            Value::Amount(row.actual),
            Value::Amount(row.difference()),
            row.percent().map(Value::Percent).unwrap_or(Value::Empty),
        ]
    };
    table.rows = budget
        .rows
        .iter()
        .map(|r| cells(Value::text(r.category.map(|c| text(locale, c.label_key())).unwrap_or_default()), r))
        .collect();
    table.total = Some(cells(total_label(locale), &budget.total));
    table
}

/// An event's income, by how it came in; the total is what it earns.
pub fn event_income(locale: Locale, income: &Income) -> Table {
    let mut table = Table::new(locale, "books.sheet_income", &["books.item", "books.amount"]);
    let row = |key: &str, m: Money| vec![Value::text(text(locale, key)), Value::Amount(m)];
    table.rows = vec![
        row("finances.invoiced", income.invoiced),
        row("finances.credited", negative(income.credited)),
        row("finances.paid_online", income.paid_online),
        row("finances.refunded_online", negative(income.refunded_online)),
        row("finances.stripe_fees", negative(income.stripe_fees)),
    ];
    table.total = Some(row("finances.earned_net", income.earned_net()));
    table
}

/// An event's books: income, costs, budget against actual.
pub fn event_tables(locale: Locale, income: &Income, lines: &[CostLine]) -> Vec<Table> {
    vec![event_income(locale, income), costs(locale, lines), budget(locale, &BudgetTable::of(lines))]
}

/// The year per event, as on the page.
pub fn year_overview(locale: Locale, year: &FinanceYear) -> Table {
    let mut table = Table::new(
        locale,
        "books.sheet_overview",
        &[
            "finances.event",
            "books.kind",
            "finances.date",
            "books.event_status",
            "finances.earned_net",
            "finances.received",
            "books.outstanding",
            "finances.costs_budget",
            "finances.costs_expected",
            "finances.to_pay",
            "finances.result",
        ],
    );
    let amounts = |income: &Income, costs: &CostTotals| {
        [
            income.earned_net(),
            income.received(),
            income.outstanding(),
            costs.budget,
            costs.expected,
            costs.to_pay,
            super::result(income, costs),
        ]
        .map(Value::Amount)
    };
    for e in &year.events {
        let mut row = vec![
            Value::text(e.title.clone()),
            Value::text(e.kind.label_in(locale, false)),
            Value::date(e.starts_on),
            Value::text(e.status.name_in(locale)),
        ];
        row.extend(amounts(&e.income, &e.costs));
        table.rows.push(row);
    }
    let mut total = vec![total_label(locale), Value::Empty, Value::Empty, Value::Empty];
    total.extend(amounts(&year.income(), &year.costs()));
    table.total = Some(total);
    table
}

/// The year's income per event, by how it came in.
pub fn year_income(locale: Locale, year: &FinanceYear) -> Table {
    let mut table = Table::new(
        locale,
        "books.sheet_income",
        &[
            "finances.event",
            "finances.invoiced",
            "finances.credited",
            "finances.paid_online",
            "finances.refunded_online",
            "finances.stripe_fees",
            "finances.earned_net",
            "finances.received",
            "books.outstanding",
        ],
    );
    let amounts = |i: &Income| {
        [
            i.invoiced,
            negative(i.credited),
            i.paid_online,
            negative(i.refunded_online),
            negative(i.stripe_fees),
            i.earned_net(),
            i.received(),
            i.outstanding(),
        ]
        .map(Value::Amount)
    };
    for e in &year.events {
        let mut row = vec![Value::text(e.title.clone())];
        row.extend(amounts(&e.income));
        table.rows.push(row);
    }
    let mut total = vec![total_label(locale)];
    total.extend(amounts(&year.income()));
    table.total = Some(total);
    table
}

/// Every cost line of the year, under its event.
pub fn year_costs(locale: Locale, year: &FinanceYear, lines: &HashMap<i32, Vec<CostLine>>) -> Table {
    let mut columns = vec!["finances.event", "finances.date"];
    columns.extend(COST_COLUMNS);
    let mut table = Table::new(locale, "books.sheet_costs", &columns);
    let mut all = Vec::new();
    for e in &year.events {
        let of_event = lines.get(&e.event_id).map(Vec::as_slice).unwrap_or_default();
        for line in of_event {
            let mut row = vec![Value::text(e.title.clone()), Value::date(e.starts_on)];
            row.extend(cost_cells(locale, line, of_event));
            table.rows.push(row);
            all.push(line);
        }
    }
    let mut total = vec![total_label(locale)];
    total.extend(std::iter::repeat_n(Value::Empty, columns.len() - 4));
    total.extend(cost_totals(&all));
    table.total = Some(total);
    table
}

/// The lines of the year's events (those in `lines` of an event not in the year do not count).
pub fn year_lines<'a>(year: &FinanceYear, lines: &'a HashMap<i32, Vec<CostLine>>) -> Vec<&'a CostLine> {
    year.events.iter().flat_map(|e| lines.get(&e.event_id).into_iter().flatten()).collect()
}

/// The year's books: the overview, income, costs, budget against actual.
pub fn year_tables(locale: Locale, year: &FinanceYear, lines: &HashMap<i32, Vec<CostLine>>) -> Vec<Table> {
    vec![
        year_overview(locale, year),
        year_income(locale, year),
        year_costs(locale, year, lines),
        budget(locale, &BudgetTable::of(year_lines(year, lines))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finances::{Approval, CostCategory, CostStatus, EventMoney};
    use crate::kinds::{EventKind, EventStatus};
    use crate::listing::OrganiserRef;

    fn line(id: i32, category: CostCategory, budget: i64, actual: Option<i64>, status: CostStatus) -> CostLine {
        CostLine {
            id,
            category,
            description: format!("Kost {id}"),
            payee: Some("=Lies Pauwels".into()),
            budget: Money::from_cents(budget),
            actual: actual.map(Money::from_cents),
            status,
            paid_on: (status == CostStatus::Paid).then(|| NaiveDate::from_ymd_opt(2026, 4, 20).unwrap()),
            payout_reference: None,
            payout_account: None,
            approval: (status != CostStatus::Planned).then(|| Approval {
                approver: None,
                on: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
                amount: Money::from_cents(actual.unwrap_or(budget)),
            }),
            corrects: None,
            trainer_id: None,
        }
    }

    fn lines() -> Vec<CostLine> {
        let mut correction = line(3, CostCategory::Trainer, 0, Some(-5_000), CostStatus::Approved);
        correction.corrects = Some(1);
        vec![
            line(1, CostCategory::Trainer, 140_000, Some(145_000), CostStatus::Paid),
            correction,
            line(2, CostCategory::Catering, 75_000, None, CostStatus::Planned),
        ]
    }

    fn income() -> Income {
        Income {
            invoiced: Money::from_cents(350_000),
            credited: Money::from_cents(3_500),
            received_on_invoice: Money::from_cents(100_000),
            paid_online: Money::from_cents(7_000),
            refunded_online: Money::from_cents(1_250),
            stripe_fees: Money::from_cents(410),
        }
    }

    fn amount(v: &Value) -> Money {
        match v {
            Value::Amount(m) => *m,
            other => panic!("no amount: {other:?}"),
        }
    }

    #[test]
    fn an_events_books_are_three_tables_whose_totals_are_the_pages() {
        let lines = lines();
        let tables = event_tables(Locale::Nl, &income(), &lines);
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Inkomsten", "Kosten", "Budget"]);
        for t in &tables {
            assert!(t.name.chars().count() <= 31, "Excel's limit: {}", t.name);
            assert!(t.rows.iter().chain(t.total.iter()).all(|r| r.len() == t.columns.len()), "{}", t.name);
        }
        let income_total = tables[0].total.as_ref().unwrap();
        assert_eq!(amount(&income_total[1]), income().earned_net());
        let row_sum: Money = tables[0].rows.iter().map(|r| amount(&r[1])).sum();
        assert_eq!(row_sum, income().earned_net(), "credit notes, refunds and Stripe's fees are negative rows");

        let costs = &tables[1];
        assert_eq!(costs.rows.len(), 3);
        assert_eq!(costs.rows[1][0], Value::text("Kost 3 (Correctie op «Kost 1»)"));
        assert_eq!(costs.rows[0][4], Value::Date(NaiveDate::from_ymd_opt(2026, 4, 20).unwrap()));
        assert_eq!(costs.rows[2][7], Value::Empty, "no actual amount yet");
        let totals = CostTotals::of(&lines);
        let total = costs.total.as_ref().unwrap();
        assert_eq!(total[0], Value::text("Totaal"));
        assert_eq!((amount(&total[6]), amount(&total[8])), (totals.budget, totals.expected));
        assert_eq!(amount(&total[7]), Money::from_cents(140_000));

        let budget = &tables[2];
        assert_eq!(budget.columns, ["Soort", "Budget", "Werkelijk", "Verschil", "% van budget"]);
        assert_eq!(
            budget.rows[0],
            [
                Value::text("Lesgever"),
                Value::Amount(Money::from_cents(140_000)),
                Value::Amount(Money::from_cents(140_000)),
                Value::Amount(Money::ZERO),
                Value::Percent(100)
            ]
        );
        assert_eq!(budget.rows[1][2], Value::Amount(Money::ZERO), "a planned line is budget only");
        assert_eq!(budget.total.as_ref().unwrap()[4], Value::Percent(65), "1400 of 2150");
    }

    #[test]
    fn the_csv_is_for_belgian_excel_and_leaves_formulas_unrun() {
        let csv = costs(Locale::Nl, &lines()).csv();
        let rows: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            rows[0],
            "\u{feff}Omschrijving;Soort;Begunstigde;Stand;Betaald op;Betalingsreferentie;Budget;Werkelijk bedrag;Kosten verwacht"
        );
        assert_eq!(rows[1], "Kost 1;Lesgever;'=Lies Pauwels;Betaald;2026-04-20;;1400,00;1450,00;1450,00");
        assert!(rows[2].ends_with(";0,00;-50,00;-50,00"), "{}", rows[2]);
        assert!(rows[3].ends_with(";750,00;;750,00"), "{}", rows[3]);
        assert_eq!(rows.len(), 5, "three lines and the final line break: no total row");
        let budget = budget(Locale::Fr, &BudgetTable::of(&lines())).csv();
        assert!(budget.contains("Formateur;1400,00;1400,00;0,00;100\r\n"), "{budget}");
    }

    #[test]
    fn the_year_sums_its_events_and_their_lines() {
        let event = |event_id: i32, title: &str, income: Income| EventMoney {
            event_id,
            title: title.into(),
            kind: EventKind::LearningNetwork,
            status: EventStatus::Published,
            starts_on: NaiveDate::from_ymd_opt(2026, 4, 2),
            income,
            costs: CostTotals::of(&lines()),
        };
        let year = FinanceYear {
            organiser: OrganiserRef {
                slug: crate::Slug::parse("biz-nwvl").unwrap(),
                name: "BIZ Noord-West-Vlaanderen".into(),
                short_name: "BIZ NWVL".into(),
            },
            year: 2026,
            years: vec![2026],
            events: vec![event(10, "Leernetwerk", income()), event(11, "Vorming Telecom", Income::default())],
        };
        let by_event: HashMap<i32, Vec<CostLine>> =
            [(10, lines()), (11, lines()), (99, vec![line(9, CostCategory::Venue, 1, None, CostStatus::Planned)])]
                .into();
        let tables = year_tables(Locale::En, &year, &by_event);
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Per activity", "Income", "Costs", "Budget"]);
        let overview = tables[0].total.as_ref().unwrap();
        assert_eq!(amount(&overview[4]), year.income().earned_net());
        assert_eq!(amount(&overview[10]), year.result());
        assert_eq!(amount(&tables[1].total.as_ref().unwrap()[5]), Money::ZERO - year.income().stripe_fees);
        assert_eq!(amount(&tables[1].total.as_ref().unwrap()[6]), year.income().earned_net());
        let costs = &tables[2];
        assert_eq!(costs.rows.len(), 6, "the event outside the year does not count");
        assert_eq!(costs.rows[3][0], Value::text("Vorming Telecom"));
        assert_eq!(amount(&costs.total.as_ref().unwrap()[10]), year.costs().expected);
        let budget = tables[3].total.as_ref().unwrap();
        assert_eq!(amount(&budget[1]), year.costs().budget);
        assert!(tables.iter().all(|t| t.rows.iter().chain(t.total.iter()).all(|r| r.len() == t.columns.len())));
    }
}
