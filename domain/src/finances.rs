//! An event's money as its admins see it: what came in from registrations (on
//! invoice and online) against what the event costs (trainers, catering,
//! venue, printing), budget against actual, and which costs are still to pay.
//!
//! Income counts what was invoiced less credit notes, plus what was paid
//! online less refunds, VAT included: the amounts the organiser actually
//! asks and receives. A cost's expected amount is its actual amount once
//! known, its budget until then.

use crate::Money;
use crate::forms::{FieldErrors, Message, RawForm};
use crate::kinds::{EventKind, EventStatus};
use crate::listing::OrganiserRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest description, payee or payout reference we keep.
pub const MAX_TEXT: usize = 200;

/// The names of the cost line form's fields.
pub mod field {
    pub const CATEGORY: &str = "soort";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const PAYEE: &str = "begunstigde";
    pub const BUDGET: &str = "budget";
    pub const ACTUAL: &str = "werkelijk";
    pub const STATUS: &str = "status";
    pub const REFERENCE: &str = "referentie";
    pub const ACCOUNT: &str = "stripe-account";
    /// One of the organiser's trainers as the payee (their id), for a SEPA transfer.
    pub const TRAINER: &str = "lesgever";
}

/// A Stripe connected account's id (`acct_` and letters and digits): where a
/// payout through Stripe Connect goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConnectedAccount(String);

impl ConnectedAccount {
    pub fn parse(input: &str) -> Result<Self, Message> {
        let id = input.trim();
        let valid = id
            .strip_prefix("acct_")
            .is_some_and(|rest| (1..=250).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_alphanumeric()));
        if valid { Ok(ConnectedAccount(id.to_string())) } else { Err(Message::new("validation.stripe_account")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ConnectedAccount {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        ConnectedAccount::parse(&value).map_err(|m| m.key().to_string())
    }
}

impl From<ConnectedAccount> for String {
    fn from(account: ConnectedAccount) -> Self {
        account.0
    }
}

/// What a cost is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CostCategory {
    Trainer,
    Catering,
    Venue,
    Printing,
    Other,
}

impl CostCategory {
    pub const ALL: [CostCategory; 5] = [
        CostCategory::Trainer,
        CostCategory::Catering,
        CostCategory::Venue,
        CostCategory::Printing,
        CostCategory::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CostCategory::Trainer => "trainer",
            CostCategory::Catering => "catering",
            CostCategory::Venue => "venue",
            CostCategory::Printing => "printing",
            CostCategory::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        CostCategory::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Its name (`domain/locales/*/finances.txt`).
    pub fn label_key(self) -> &'static str {
        match self {
            CostCategory::Trainer => "finances.category.trainer",
            CostCategory::Catering => "finances.category.catering",
            CostCategory::Venue => "finances.category.venue",
            CostCategory::Printing => "finances.category.printing",
            CostCategory::Other => "finances.category.other",
        }
    }
}

/// Where a cost stands (defined with the other statuses).
pub use crate::statuses::CostStatus;

impl CostStatus {
    pub fn label_key(self) -> &'static str {
        match self {
            CostStatus::Planned => "finances.status.planned",
            CostStatus::Approved => "finances.status.approved",
            CostStatus::SentToBank => "finances.status.sent_to_bank",
            CostStatus::Paid => "finances.status.paid",
        }
    }
}

/// One line of an event's costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    pub id: i32,
    pub category: CostCategory,
    pub description: String,
    pub payee: Option<String>,
    pub budget: Money,
    pub actual: Option<Money>,
    pub status: CostStatus,
    /// The day it was paid (local date), for paid lines.
    pub paid_on: Option<NaiveDate>,
    /// The bank transfer's communication or the payout's id.
    pub payout_reference: Option<String>,
    /// The payee's Stripe connected account, when they are paid through Stripe.
    pub payout_account: Option<ConnectedAccount>,
    /// The payee as one of the organiser's trainers, whose profile has their bank account.
    pub trainer_id: Option<i32>,
}

impl CostLine {
    /// What a payout through Stripe would send: an approved line's actual
    /// amount, when the payee has a connected account; `None` otherwise.
    pub fn payable_through_stripe(&self) -> Option<(Money, &ConnectedAccount)> {
        match (self.status, self.actual, &self.payout_account) {
            (CostStatus::Approved, Some(amount), Some(account)) if amount.cents() > 0 => Some((amount, account)),
            _ => None,
        }
    }

    /// What the line will cost: the actual amount once known, else the budget.
    pub fn expected(&self) -> Money {
        self.actual.unwrap_or(self.budget)
    }

    /// What is still owed on it: an approved line's amount; nothing for planned or paid lines.
    pub fn to_pay(&self) -> Money {
        match self.status {
            CostStatus::Approved | CostStatus::SentToBank => self.expected(),
            CostStatus::Planned | CostStatus::Paid => Money::ZERO,
        }
    }

    pub fn paid(&self) -> Money {
        match self.status {
            CostStatus::Paid => self.expected(),
            CostStatus::Planned | CostStatus::Approved | CostStatus::SentToBank => Money::ZERO,
        }
    }
}

/// The sums over some cost lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostTotals {
    pub budget: Money,
    pub expected: Money,
    pub to_pay: Money,
    pub paid: Money,
}

impl CostTotals {
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a CostLine>) -> Self {
        lines.into_iter().fold(CostTotals::default(), |t, l| CostTotals {
            budget: t.budget + l.budget,
            expected: t.expected + l.expected(),
            to_pay: t.to_pay + l.to_pay(),
            paid: t.paid + l.paid(),
        })
    }
}

impl std::ops::Add for CostTotals {
    type Output = CostTotals;

    fn add(self, other: CostTotals) -> CostTotals {
        CostTotals {
            budget: self.budget + other.budget,
            expected: self.expected + other.expected,
            to_pay: self.to_pay + other.to_pay,
            paid: self.paid + other.paid,
        }
    }
}

/// What an event's registrations brought in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Income {
    /// Invoices issued, VAT included.
    pub invoiced: Money,
    /// Credit notes issued against them.
    pub credited: Money,
    /// Payments received for the invoices (bank transfers, recorded by hand).
    pub received_on_invoice: Money,
    /// Paid online (card, Bancontact).
    pub paid_online: Money,
    /// Given back online.
    pub refunded_online: Money,
}

impl Income {
    pub fn invoiced_net(&self) -> Money {
        self.invoiced - self.credited
    }

    pub fn online_net(&self) -> Money {
        self.paid_online - self.refunded_online
    }

    /// What the event earns: what is asked on invoices and kept from online payments.
    pub fn earned(&self) -> Money {
        self.invoiced_net() + self.online_net()
    }

    /// What is in the bank so far.
    pub fn received(&self) -> Money {
        self.online_net() + self.received_on_invoice
    }

    /// What invoices still ask (never below zero: an overpayment is not income to come).
    pub fn outstanding(&self) -> Money {
        Money::from_cents((self.invoiced_net() - self.received_on_invoice).cents().max(0))
    }
}

impl std::ops::Add for Income {
    type Output = Income;

    fn add(self, other: Income) -> Income {
        Income {
            invoiced: self.invoiced + other.invoiced,
            credited: self.credited + other.credited,
            received_on_invoice: self.received_on_invoice + other.received_on_invoice,
            paid_online: self.paid_online + other.paid_online,
            refunded_online: self.refunded_online + other.refunded_online,
        }
    }
}

/// What an event leaves: what it earns less what it is expected to cost.
pub fn result(income: &Income, costs: &CostTotals) -> Money {
    income.earned() - costs.expected
}

/// One event on the year's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMoney {
    pub event_id: i32,
    pub title: String,
    pub kind: EventKind,
    pub status: EventStatus,
    pub starts_on: Option<NaiveDate>,
    pub income: Income,
    pub costs: CostTotals,
}

impl EventMoney {
    pub fn result(&self) -> Money {
        result(&self.income, &self.costs)
    }
}

/// The organiser's year: every event whose first session falls in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceYear {
    pub organiser: OrganiserRef,
    pub year: i32,
    /// The years that have events, newest first (and `year`).
    pub years: Vec<i32>,
    pub events: Vec<EventMoney>,
}

impl FinanceYear {
    pub fn income(&self) -> Income {
        self.events.iter().fold(Income::default(), |t, e| t + e.income)
    }

    pub fn costs(&self) -> CostTotals {
        self.events.iter().fold(CostTotals::default(), |t, e| t + e.costs)
    }

    pub fn result(&self) -> Money {
        result(&self.income(), &self.costs())
    }
}

/// An amount as a form shows it: no thousands separator, which would read
/// differently per language, and cents only when there are any (`1400`, `689,50`).
fn plain_amount(m: Money) -> String {
    let (euros, cents) = (m.cents() / 100, (m.cents() % 100).abs());
    if cents == 0 { euros.to_string() } else { format!("{euros},{cents:02}") }
}

/// An amount for a spreadsheet: decimal comma, no thousands separator (`-1310,00`).
fn csv_amount(m: Money) -> String {
    let sign = if m.cents() < 0 { "-" } else { "" };
    let cents = m.cents().unsigned_abs();
    format!("{sign}{},{:02}", cents / 100, cents % 100)
}

/// The year per event as CSV for the accounts (semicolons and a BOM, as
/// Belgian Excel expects; column names in Dutch like the report's).
pub fn year_csv(year: &FinanceYear) -> String {
    use crate::csv_files::{Cell, SheetWriter};
    use crate::i18n::Locale;
    let mut sheet = SheetWriter::new();
    sheet.texts([
        "activiteit",
        "soort",
        "eerste sessie",
        "status",
        "inkomsten",
        "ontvangen",
        "nog te ontvangen",
        "kosten begroot",
        "kosten verwacht",
        "nog te betalen",
        "resultaat",
    ]);
    for e in &year.events {
        let starts_on = e.starts_on.map(|d| d.to_string()).unwrap_or_default();
        let amounts = [
            e.income.earned(),
            e.income.received(),
            e.income.outstanding(),
            e.costs.budget,
            e.costs.expected,
            e.costs.to_pay,
            e.result(),
        ]
        .map(csv_amount);
        let mut cells = vec![
            Cell::Text(&e.title),
            Cell::Text(e.kind.label_in(Locale::Nl, false)),
            Cell::Figure(&starts_on),
            Cell::Text(e.status.name_in(Locale::Nl)),
        ];
        cells.extend(amounts.iter().map(|a| Cell::Figure(a)));
        sheet.row(&cells);
    }
    sheet.finish_text()
}

/// A cost line as typed in the form, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostLineEdit {
    pub category: CostCategory,
    pub description: String,
    pub payee: Option<String>,
    pub budget: Money,
    pub actual: Option<Money>,
    pub status: CostStatus,
    pub payout_reference: Option<String>,
    pub payout_account: Option<ConnectedAccount>,
    /// The payee as one of the organiser's trainers (the edge checks it is one of theirs).
    pub trainer_id: Option<i32>,
}

impl CostLineEdit {
    pub fn from_form(form: &RawForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = |name: &str, errors: &mut FieldErrors| {
            let v = form.get(name);
            if v.chars().count() > MAX_TEXT {
                errors.add(name, Message::with("validation.max_chars", &[("max", &MAX_TEXT.to_string())]));
            }
            (!v.is_empty()).then(|| v.to_string())
        };
        let category = CostCategory::parse(form.get(field::CATEGORY));
        if category.is_none() {
            errors.add(field::CATEGORY, Message::new("validation.cost_category"));
        }
        let description = text(field::DESCRIPTION, &mut errors);
        if description.is_none() {
            errors.add(field::DESCRIPTION, Message::new("validation.cost_description_required"));
        }
        let payee = text(field::PAYEE, &mut errors);
        let payout_reference = text(field::REFERENCE, &mut errors);
        let payout_account = match form.get(field::ACCOUNT) {
            "" => None,
            typed => ConnectedAccount::parse(typed).map_err(|m| errors.add(field::ACCOUNT, m)).ok(),
        };
        let amount = |name: &str, errors: &mut FieldErrors| -> Option<Money> {
            let v = form.get(name);
            if v.is_empty() {
                return None;
            }
            match Money::parse(v) {
                Ok(m) if m.cents() < 0 => {
                    errors.add(name, Message::new("validation.cost_negative"));
                    None
                }
                Ok(m) => Some(m),
                Err(e) => {
                    errors.add(name, e.message());
                    None
                }
            }
        };
        let budget = amount(field::BUDGET, &mut errors);
        if budget.is_none() && form.get(field::BUDGET).is_empty() {
            errors.add(field::BUDGET, Message::new("validation.cost_budget_required"));
        }
        let actual = amount(field::ACTUAL, &mut errors);
        let trainer_id = match form.get(field::TRAINER) {
            "" => None,
            typed => match typed.parse::<i32>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.add(field::TRAINER, Message::new("validation.cost_trainer_unknown"));
                    None
                }
            },
        };
        let status = CostStatus::parse(form.get(field::STATUS)).ok();
        match status {
            None => errors.add(field::STATUS, Message::new("validation.cost_status")),
            // Only a payment file sends a line to the bank (and cancelling it takes it back).
            Some(CostStatus::SentToBank) => errors.add(field::STATUS, Message::new("validation.cost_status_by_file")),
            // An amount is agreed before it is approved, and known before it is paid.
            Some(CostStatus::Approved | CostStatus::Paid) if actual.is_none() && form.get(field::ACTUAL).is_empty() => {
                errors.add(field::ACTUAL, Message::new("validation.cost_actual_needed"));
            }
            Some(_) => {}
        }
        match (category, description, budget, status, errors.is_empty()) {
            (Some(category), Some(description), Some(budget), Some(status), true) => Ok(CostLineEdit {
                category,
                description,
                payee,
                budget,
                actual,
                status,
                payout_reference,
                payout_account,
                trainer_id,
            }),
            _ => Err(errors),
        }
    }

    /// The form's values for a stored line.
    pub fn form_values(line: &CostLine) -> RawForm {
        let amount = plain_amount;
        let pairs = [
            (field::CATEGORY, Some(line.category.code().to_string())),
            (field::DESCRIPTION, Some(line.description.clone())),
            (field::PAYEE, line.payee.clone()),
            (field::BUDGET, Some(amount(line.budget))),
            (field::ACTUAL, line.actual.map(amount)),
            (field::STATUS, Some(line.status.as_str().to_string())),
            (field::REFERENCE, line.payout_reference.clone()),
            (field::ACCOUNT, line.payout_account.as_ref().map(|a| a.as_str().to_string())),
            (field::TRAINER, line.trainer_id.map(|id| id.to_string())),
        ];
        RawForm::new(pairs.into_iter().map(|(k, v)| (k.to_string(), v.unwrap_or_default())).collect())
    }

    /// A new line's form: a planned trainer cost.
    pub fn blank_values() -> RawForm {
        let pairs = [(field::CATEGORY, CostCategory::Trainer.code()), (field::STATUS, CostStatus::Planned.as_str())];
        RawForm::new(pairs.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// What changed against `before`, in Dutch, for the audit log (empty when nothing did).
    pub fn changes_from(&self, before: &CostLine) -> Vec<String> {
        let mut changed = Vec::new();
        let money = |m: Option<Money>| m.map_or_else(|| "–".to_string(), Money::display_nl);
        if self.description != before.description || self.category != before.category {
            changed.push(format!("omschrijving «{}»", self.description));
        }
        if self.payee != before.payee {
            changed.push(format!("begunstigde {}", self.payee.as_deref().unwrap_or("–")));
        }
        if self.budget != before.budget {
            changed.push(format!("budget {} → {}", before.budget.display_nl(), self.budget.display_nl()));
        }
        if self.actual != before.actual {
            changed.push(format!("werkelijk {} → {}", money(before.actual), money(self.actual)));
        }
        if self.status != before.status {
            changed.push(format!("status {} → {}", before.status, self.status));
        }
        if self.payout_account != before.payout_account {
            changed.push(format!("Stripe-account {}", self.payout_account.as_ref().map_or("–", |a| a.as_str())));
        }
        if self.payout_reference != before.payout_reference {
            changed.push(format!("referentie {}", self.payout_reference.as_deref().unwrap_or("–")));
        }
        if self.trainer_id != before.trainer_id {
            changed.push(format!("lesgever {}", self.trainer_id.map_or_else(|| "–".to_string(), |id| id.to_string())));
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn line(budget: i64, actual: Option<i64>, status: CostStatus) -> CostLine {
        CostLine {
            id: 1,
            category: CostCategory::Trainer,
            description: "Honorarium".into(),
            payee: None,
            budget: Money::from_euros(budget),
            actual: actual.map(Money::from_euros),
            status,
            paid_on: None,
            payout_reference: None,
            payout_account: None,
            trainer_id: None,
        }
    }

    #[test]
    fn expected_cost_is_the_actual_amount_once_known() {
        assert_eq!(line(1400, None, CostStatus::Planned).expected(), Money::from_euros(1400));
        assert_eq!(line(750, Some(690), CostStatus::Approved).expected(), Money::from_euros(690));
    }

    #[test]
    fn totals_split_what_is_owed_from_what_is_paid() {
        let lines = [
            line(1400, Some(1400), CostStatus::Paid),
            line(750, Some(690), CostStatus::Approved),
            line(200, None, CostStatus::Planned),
        ];
        let t = CostTotals::of(&lines);
        assert_eq!(t.budget, Money::from_euros(2350));
        assert_eq!(t.expected, Money::from_euros(2290));
        assert_eq!(t.to_pay, Money::from_euros(690));
        assert_eq!(t.paid, Money::from_euros(1400));
    }

    #[test]
    fn income_nets_credit_notes_and_refunds() {
        let income = Income {
            invoiced: Money::from_euros(900),
            credited: Money::from_euros(45),
            received_on_invoice: Money::from_euros(450),
            paid_online: Money::from_euros(135),
            refunded_online: Money::from_euros(45),
        };
        assert_eq!(income.earned(), Money::from_euros(945));
        assert_eq!(income.received(), Money::from_euros(540));
        assert_eq!(income.outstanding(), Money::from_euros(405));
        let costs = CostTotals { expected: Money::from_euros(1000), ..CostTotals::default() };
        assert_eq!(result(&income, &costs), Money::from_euros(-55));
    }

    #[test]
    fn an_overpaid_invoice_leaves_nothing_outstanding() {
        let income =
            Income { invoiced: Money::from_euros(45), received_on_invoice: Money::from_euros(50), ..Income::default() };
        assert_eq!(income.outstanding(), Money::ZERO);
    }

    #[test]
    fn a_complete_form_parses() {
        let edit = CostLineEdit::from_form(&form(&[
            ("soort", "catering"),
            ("omschrijving", "Broodjeslunch"),
            ("begunstigde", "Traiteur De Kempen"),
            ("budget", "750"),
            ("werkelijk", "689,50"),
            ("status", "paid"),
            ("referentie", "+++090/9337/55493+++"),
        ]))
        .unwrap();
        assert_eq!(edit.category, CostCategory::Catering);
        assert_eq!(edit.budget, Money::from_euros(750));
        assert_eq!(edit.actual, Some(Money::from_cents(68_950)));
        assert_eq!(edit.status, CostStatus::Paid);
        assert_eq!(edit.payee.as_deref(), Some("Traiteur De Kempen"));
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let errors = CostLineEdit::from_form(&form(&[
            ("soort", "cadeau"),
            ("omschrijving", " "),
            ("budget", "-5"),
            ("werkelijk", "12,345"),
            ("status", "approved"),
        ]))
        .unwrap_err();
        assert_eq!(errors.message(field::CATEGORY).map(Message::key), Some("validation.cost_category"));
        assert_eq!(errors.message(field::DESCRIPTION).map(Message::key), Some("validation.cost_description_required"));
        assert_eq!(errors.message(field::BUDGET).map(Message::key), Some("validation.cost_negative"));
        assert_eq!(errors.message(field::ACTUAL).map(Message::key), Some("validation.money_too_precise"));
    }

    #[test]
    fn a_budget_is_required_and_a_paid_line_needs_its_amount() {
        let errors = CostLineEdit::from_form(&form(&[
            ("soort", "venue"),
            ("omschrijving", "Zaalhuur"),
            ("budget", ""),
            ("status", "paid"),
        ]))
        .unwrap_err();
        assert_eq!(errors.message(field::BUDGET).map(Message::key), Some("validation.cost_budget_required"));
        assert_eq!(errors.message(field::ACTUAL).map(Message::key), Some("validation.cost_actual_needed"));
        // A planned line may wait for its amount.
        assert!(
            CostLineEdit::from_form(&form(&[
                ("soort", "venue"),
                ("omschrijving", "Zaalhuur"),
                ("budget", "0"),
                ("status", "planned"),
            ]))
            .is_ok()
        );
    }

    #[test]
    fn a_stored_line_round_trips_through_its_form() {
        let mut stored = line(1400, Some(1400), CostStatus::Paid);
        stored.payee = Some("Lies Pauwels".into());
        stored.payout_reference = Some("Honorarium LN 2026".into());
        let edit = CostLineEdit::from_form(&CostLineEdit::form_values(&stored)).unwrap();
        assert!(edit.changes_from(&stored).is_empty(), "{:?}", edit.changes_from(&stored));
    }

    #[test]
    fn form_amounts_parse_back_in_every_language() {
        assert_eq!(plain_amount(Money::from_euros(1400)), "1400");
        assert_eq!(plain_amount(Money::from_cents(68_950)), "689,50");
        assert_eq!(plain_amount(Money::from_cents(5)), "0,05");
        for cents in [0, 5, 68_950, 140_000, 123_456_789] {
            assert_eq!(Money::parse(&plain_amount(Money::from_cents(cents))), Ok(Money::from_cents(cents)));
        }
    }

    #[test]
    fn a_connected_account_is_acct_and_letters_and_digits() {
        assert_eq!(ConnectedAccount::parse(" acct_1LeernetTrainer ").unwrap().as_str(), "acct_1LeernetTrainer");
        for wrong in ["", "acct_", "acct_12 34", "cus_123", "acct_é", "1234"] {
            assert_eq!(
                ConnectedAccount::parse(wrong).map_err(|m| m.key().to_string()),
                Err("validation.stripe_account".into())
            );
        }
        let errors = CostLineEdit::from_form(&form(&[
            ("soort", "trainer"),
            ("omschrijving", "Honorarium"),
            ("budget", "200"),
            ("status", "planned"),
            ("stripe-account", "IBAN BE68"),
        ]))
        .unwrap_err();
        assert_eq!(errors.message(field::ACCOUNT).map(Message::key), Some("validation.stripe_account"));
    }

    #[test]
    fn only_an_approved_line_with_an_amount_and_an_account_is_paid_through_stripe() {
        let mut fee = line(200, Some(200), CostStatus::Approved);
        assert_eq!(fee.payable_through_stripe(), None, "no account");
        fee.payout_account = Some(ConnectedAccount::parse("acct_1Cedric").unwrap());
        assert_eq!(fee.payable_through_stripe().map(|(amount, _)| amount), Some(Money::from_euros(200)));
        fee.status = CostStatus::Paid;
        assert_eq!(fee.payable_through_stripe(), None, "paid already");
        fee.status = CostStatus::Planned;
        assert_eq!(fee.payable_through_stripe(), None, "not approved");
        fee.status = CostStatus::Approved;
        fee.actual = Some(Money::ZERO);
        assert_eq!(fee.payable_through_stripe(), None, "nothing to send");
    }

    #[test]
    fn the_year_as_csv_has_a_line_per_event_with_spreadsheet_amounts() {
        let event = |title: &str, earned: i64, expected: i64| EventMoney {
            event_id: 1,
            title: title.into(),
            kind: EventKind::TrainingDay,
            status: EventStatus::Published,
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 3),
            income: Income { paid_online: Money::from_cents(earned), ..Income::default() },
            costs: CostTotals { expected: Money::from_cents(expected), ..CostTotals::default() },
        };
        let year = FinanceYear {
            organiser: OrganiserRef {
                slug: crate::Slug::parse("biz-kempen").unwrap(),
                name: "BIZ Kempen".into(),
                short_name: "BIZ Kempen".into(),
            },
            year: 2026,
            years: vec![2026],
            events: vec![event("Vorming; energie", 9000, 140_050), event("=HYPERLINK()", 0, 0)],
        };
        let csv = year_csv(&year);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("\u{feff}activiteit;soort;eerste sessie"));
        assert!(lines[1].starts_with("\"Vorming; energie\";"), "{}", lines[1]);
        assert!(lines[1].contains(";2026-03-03;"));
        assert!(lines[1].ends_with(";90,00;90,00;0,00;0,00;1400,50;0,00;-1310,50"), "{}", lines[1]);
        assert!(lines[2].starts_with("'=HYPERLINK()"), "formulas are not run: {}", lines[2]);
    }

    #[test]
    fn a_line_goes_to_the_bank_only_in_a_payment_file_and_stays_to_pay_there() {
        let errors = CostLineEdit::from_form(&form(&[
            ("soort", "trainer"),
            ("omschrijving", "Honorarium"),
            ("budget", "200"),
            ("werkelijk", "200"),
            ("status", "sent_to_bank"),
            ("lesgever", "-3"),
        ]))
        .unwrap_err();
        assert_eq!(errors.message(field::STATUS).map(Message::key), Some("validation.cost_status_by_file"));
        assert_eq!(errors.message(field::TRAINER).map(Message::key), Some("validation.cost_trainer_unknown"));
        let mut sent = line(200, Some(200), CostStatus::SentToBank);
        assert_eq!((sent.to_pay(), sent.paid()), (Money::from_euros(200), Money::ZERO));
        assert_eq!(sent.payable_through_stripe(), None);
        sent.trainer_id = Some(7);
        let values = CostLineEdit::form_values(&sent);
        assert_eq!(values.get(field::TRAINER), "7");
    }

    #[test]
    fn changes_name_what_moved() {
        let before = line(750, None, CostStatus::Planned);
        let mut after = CostLineEdit::from_form(&CostLineEdit::form_values(&before)).unwrap();
        after.actual = Some(Money::from_euros(690));
        after.status = CostStatus::Approved;
        assert_eq!(after.changes_from(&before), ["werkelijk – → € 690", "status planned → approved"]);
    }
}
