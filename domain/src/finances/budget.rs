//! Budget against actual per kind of cost, as the year plans set a budget
//! next to each action ("Actie 2: herdruk brochure … €500"): per category
//! of cost line, what was budgeted, what is actually spent, the difference
//! and how much of the budget that is.
//!
//! "Actual" counts the lines whose amount is fixed: approved, being paid,
//! sent to the bank or paid (their approved amount, which is the line's
//! actual amount). A planned line counts in the budget only, even when an
//! amount was typed: nothing is committed until someone approves it.
//! Corrections count in their category like any line (a refund lowers it).

use super::{CostCategory, CostLine};
use crate::Money;
use serde::{Deserialize, Serialize};

/// What a line adds to "actual": its amount once approved, nothing while planned.
pub fn committed(line: &CostLine) -> Money {
    if line.status.fixes_terms() { line.expected() } else { Money::ZERO }
}

/// One kind of cost (or the total): budget against actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRow {
    /// `None` for the total.
    pub category: Option<CostCategory>,
    pub budget: Money,
    /// Approved and paid (see [`committed`]).
    pub actual: Money,
    /// How many lines it sums.
    pub lines: usize,
}

impl BudgetRow {
    fn empty(category: Option<CostCategory>) -> Self {
        BudgetRow { category, budget: Money::ZERO, actual: Money::ZERO, lines: 0 }
    }

    fn add(&mut self, line: &CostLine) {
        self.budget = self.budget + line.budget;
        self.actual = self.actual + committed(line);
        self.lines += 1;
    }

    /// What is left of the budget: budget less actual (below zero: over budget).
    pub fn difference(&self) -> Money {
        self.budget - self.actual
    }

    /// Actual as a whole percentage of the budget (rounded half away from
    /// zero); `None` when nothing was budgeted.
    pub fn percent(&self) -> Option<i64> {
        let (actual, budget) = (i128::from(self.actual.cents()), i128::from(self.budget.cents()));
        if budget <= 0 {
            return None;
        }
        let twice = actual * 200;
        let rounded = if twice >= 0 { (twice + budget) / (2 * budget) } else { (twice - budget) / (2 * budget) };
        i64::try_from(rounded).ok()
    }

    pub fn over_budget(&self) -> bool {
        self.difference().cents() < 0
    }
}

/// Budget against actual per kind of cost, in the order of [`CostCategory::ALL`]
/// (only the kinds that have lines), and the total over all lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetTable {
    pub rows: Vec<BudgetRow>,
    pub total: BudgetRow,
}

impl BudgetTable {
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a CostLine>) -> Self {
        let mut rows: Vec<BudgetRow> = CostCategory::ALL.iter().map(|c| BudgetRow::empty(Some(*c))).collect();
        let mut total = BudgetRow::empty(None);
        for line in lines {
            if let Some(row) = rows.iter_mut().find(|r| r.category == Some(line.category)) {
                row.add(line);
            }
            total.add(line);
        }
        rows.retain(|r| r.lines > 0);
        BudgetTable { rows, total }
    }

    pub fn is_empty(&self) -> bool {
        self.total.lines == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finances::{Approval, CostStatus};
    use chrono::NaiveDate;

    fn line(category: CostCategory, budget: i64, actual: Option<i64>, status: CostStatus) -> CostLine {
        CostLine {
            id: 1,
            category,
            description: "Kost".into(),
            payee: None,
            budget: Money::from_cents(budget),
            actual: actual.map(Money::from_cents),
            status,
            paid_on: None,
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

    #[test]
    fn actual_is_what_is_approved_or_paid_per_kind_of_cost() {
        use CostCategory::*;
        use CostStatus::*;
        // The year plan's "Leernetwerk" (€ 1400 trainer, € 750 catering for the actions).
        let lines = [
            line(Trainer, 140_000, Some(140_000), Paid),
            line(Trainer, 20_000, Some(25_000), Approved),
            line(Trainer, 275_000, Some(260_000), Planned),
            line(Catering, 75_000, Some(68_950), SentToBank),
            line(Catering, 0, Some(1_000), PayingOut),
            line(Printing, 50_000, None, Planned),
        ];
        let table = BudgetTable::of(&lines);
        let kinds: Vec<_> = table.rows.iter().map(|r| r.category).collect();
        assert_eq!(
            kinds,
            [Some(Trainer), Some(Catering), Some(Printing)],
            "in the enum's order, only kinds with lines"
        );
        let trainer = table.rows[0];
        assert_eq!(
            (trainer.budget, trainer.actual, trainer.lines),
            (Money::from_cents(435_000), Money::from_cents(165_000), 3)
        );
        assert_eq!(trainer.difference(), Money::from_cents(270_000));
        assert_eq!(trainer.percent(), Some(38), "1650 of 4350 is 37.9 %");
        let catering = table.rows[1];
        assert_eq!(catering.actual, Money::from_cents(69_950));
        assert_eq!(catering.difference(), Money::from_cents(5_050));
        assert_eq!(catering.percent(), Some(93));
        let printing = table.rows[2];
        assert_eq!((printing.actual, printing.percent()), (Money::ZERO, Some(0)));
        assert_eq!(table.total.budget, Money::from_cents(435_000 + 75_000 + 50_000));
        assert_eq!(table.total.actual, Money::from_cents(165_000 + 69_950));
        assert_eq!(table.total.lines, 6);
        assert_eq!(table.total.category, None);
    }

    #[test]
    fn over_budget_unbudgeted_and_corrections() {
        use CostCategory::*;
        use CostStatus::*;
        let mut refund = line(Venue, 0, Some(-5_000), Paid);
        refund.corrects = Some(1);
        let table =
            BudgetTable::of(&[line(Venue, 20_000, Some(30_000), Paid), refund, line(Other, 0, Some(2_500), Approved)]);
        let venue = table.rows[0];
        assert_eq!(venue.actual, Money::from_cents(25_000), "the correction lowers the venue's actual");
        assert_eq!(venue.difference(), Money::from_cents(-5_000));
        assert!(venue.over_budget());
        assert_eq!(venue.percent(), Some(125));
        let other = table.rows[1];
        assert_eq!(other.percent(), None, "nothing budgeted: no percentage");
        assert!(other.over_budget());
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        let row = |budget: i64, actual: i64| BudgetRow {
            category: None,
            budget: Money::from_cents(budget),
            actual: Money::from_cents(actual),
            lines: 1,
        };
        assert_eq!(row(200, 1).percent(), Some(1), "0.5 % rounds up");
        assert_eq!(row(200, -1).percent(), Some(-1));
        assert_eq!(row(300, 100).percent(), Some(33));
        assert_eq!(row(300, 200).percent(), Some(67));
        assert!(row(1, i64::MAX / 1000).percent().is_some(), "no overflow");
        assert_eq!(row(-100, 50).percent(), None);
    }

    #[test]
    fn no_lines_no_rows() {
        let table = BudgetTable::of(&[]);
        assert!(table.is_empty() && table.rows.is_empty());
        assert_eq!(table.total.percent(), None);
    }
}
