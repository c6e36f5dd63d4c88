//! An event's money as its admins see it: what came in from registrations (on
//! invoice and online) against what the event costs (trainers, catering,
//! venue, printing), budget against actual, and which costs are still to pay.
//!
//! Income counts what was invoiced less credit notes, plus what was paid
//! online less refunds, VAT included: the amounts the organiser actually
//! asks and receives. A cost's expected amount is its actual amount once
//! known, its budget until then.
//!
//! Paid is final and approval fixes the terms: a line moves only through
//! [`CostAction`]s (planned → approved → paid, or back from approved to
//! planned while nothing is paid), an approved line's amount, payee and
//! account do not change, and a mistake in a paid line is put right by a
//! correction: a new line that names the one it corrects.

pub mod budget;
pub mod export;

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
    pub const REFERENCE: &str = "referentie";
    /// The paid line a new line corrects (hidden).
    pub const CORRECTS: &str = "corrigeert";
    /// A line's action button ([`super::CostAction::code`]).
    pub const ACTION: &str = "actie";
    /// The amount the approving admin saw (hidden): what the approval fixes.
    pub const SEEN_AMOUNT: &str = "bedrag";
    /// The organiser's four-eyes setting (a checkbox).
    pub const FOUR_EYES: &str = "vier-ogen";
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
            CostStatus::PayingOut => "finances.status.paying_out",
            CostStatus::SentToBank => "finances.status.sent_to_bank",
            CostStatus::Paid => "finances.status.paid",
        }
    }

    /// Whether the status may move to `next` (through one of the [`CostAction`]s).
    pub fn may_become(self, next: CostStatus) -> bool {
        CostAction::ALL.iter().any(|a| a.before() == self && a.after() == next)
    }

    /// Paid is final: nothing of the line changes any more.
    pub fn is_final(self) -> bool {
        self == CostStatus::Paid
    }

    /// Whether the amount, the payee and the payout account are fixed (by an approval).
    pub fn fixes_terms(self) -> bool {
        self != CostStatus::Planned
    }

    /// Whether a form may still change anything of the line (its description, budget...).
    pub fn is_editable(self) -> bool {
        matches!(self, CostStatus::Planned | CostStatus::Approved)
    }

    /// Only a planned line may go: an approved one is withdrawn first, a paid one stays.
    pub fn may_be_removed(self) -> bool {
        self == CostStatus::Planned
    }
}

/// The moves of a cost line, each from one status to another; the store
/// makes each with an update conditional on the status it starts from, so
/// two admins (or two clicks) cannot both make a move. A later step (such as
/// "sent to the bank") is a new action between the statuses it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CostAction {
    /// Fixes the amount, payee and account, and records who and when.
    Approve,
    /// Back to planned, to change the terms (not once a payout started).
    WithdrawApproval,
    /// Paid outside Leernet (a bank transfer), with its reference.
    MarkPaid,
    /// A payout through Stripe is asked: the line is held meanwhile.
    StartPayout,
    /// Stripe made the transfer.
    PayoutMade,
    /// Stripe refused (or was never asked): approved again, and the next try is a new request.
    PayoutRefused,
}

impl CostAction {
    pub const ALL: [CostAction; 6] = [
        CostAction::Approve,
        CostAction::WithdrawApproval,
        CostAction::MarkPaid,
        CostAction::StartPayout,
        CostAction::PayoutMade,
        CostAction::PayoutRefused,
    ];

    /// The status the action starts from.
    pub fn before(self) -> CostStatus {
        match self {
            CostAction::Approve => CostStatus::Planned,
            CostAction::WithdrawApproval | CostAction::MarkPaid | CostAction::StartPayout => CostStatus::Approved,
            CostAction::PayoutMade | CostAction::PayoutRefused => CostStatus::PayingOut,
        }
    }

    /// The status it leaves the line in.
    pub fn after(self) -> CostStatus {
        match self {
            CostAction::Approve | CostAction::PayoutRefused => CostStatus::Approved,
            CostAction::WithdrawApproval => CostStatus::Planned,
            CostAction::MarkPaid | CostAction::PayoutMade => CostStatus::Paid,
            CostAction::StartPayout => CostStatus::PayingOut,
        }
    }

    /// The value of the line page's button (`actie`), for the actions an admin asks for there.
    pub fn code(self) -> Option<&'static str> {
        match self {
            CostAction::Approve => Some("goedkeuren"),
            CostAction::WithdrawApproval => Some("intrekken"),
            CostAction::MarkPaid => Some("betaald"),
            CostAction::StartPayout | CostAction::PayoutMade | CostAction::PayoutRefused => None,
        }
    }

    /// A button's action; `None` for anything else (the payout has its own address).
    pub fn parse(code: &str) -> Option<Self> {
        CostAction::ALL.into_iter().find(|a| a.code() == Some(code))
    }

    /// Whether the organiser's four eyes apply: the approver may not pay.
    pub fn pays(self) -> bool {
        matches!(self, CostAction::MarkPaid | CostAction::StartPayout)
    }
}

/// Who approved a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approver {
    pub person_id: i32,
    pub name: String,
}

/// Why an approved line cannot be paid through Stripe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StripeBlocker {
    /// The payee is none of the organiser's trainers.
    NoTrainer,
    /// The trainer has no Stripe account ready for payouts (not onboarded, or not any more).
    NotReady,
}

impl StripeBlocker {
    pub fn message_key(self) -> &'static str {
        match self {
            StripeBlocker::NoTrainer => "finances.stripe_no_trainer",
            StripeBlocker::NotReady => "finances.stripe_not_ready",
        }
    }
}

/// A line's approval: what it fixed, when, by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// `None` for lines approved before approvals were recorded.
    pub approver: Option<Approver>,
    /// The day (local date).
    pub on: NaiveDate,
    /// The amount approved: the most a payout sends.
    pub amount: Money,
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
    /// The Stripe connected account a payout went (or is going) to: the
    /// trainer's ready account when the payout was asked (`crate::connect`).
    pub payout_account: Option<ConnectedAccount>,
    /// Set once approved (and kept when paid).
    pub approval: Option<Approval>,
    /// The paid line this one corrects.
    pub corrects: Option<i32>,
    /// The payee as one of the organiser's trainers, whose profile has their bank account.
    pub trainer_id: Option<i32>,
}

impl CostLine {
    /// What a payout through Stripe would send: the approved amount of an
    /// approved line (or of one whose payout is in progress, to try again),
    /// when it is the line's amount. It goes to the line's trainer's ready
    /// Stripe account only ([`Self::stripe_blocker`]).
    pub fn payable_through_stripe(&self) -> Option<Money> {
        let approved = self.approval.as_ref().map(|a| a.amount);
        match (self.status, approved) {
            (CostStatus::Approved | CostStatus::PayingOut, Some(amount))
                if amount.cents() > 0 && self.actual == Some(amount) =>
            {
                Some(amount)
            }
            _ => None,
        }
    }

    /// Why a line payable through Stripe cannot go out yet, given whether its
    /// trainer's account is ready; `None` when it can. A payout whose outcome
    /// is unknown is asked again of the account it went to.
    pub fn stripe_blocker(&self, trainer_ready: bool) -> Option<StripeBlocker> {
        if self.status == CostStatus::PayingOut && self.payout_account.is_some() {
            return None;
        }
        match (self.trainer_id, trainer_ready) {
            (None, _) => Some(StripeBlocker::NoTrainer),
            (Some(_), false) => Some(StripeBlocker::NotReady),
            (Some(_), true) => None,
        }
    }

    /// Whether `person_id` may pay the line (through Stripe or by hand): with
    /// the organiser's four eyes on, not the admin who approved it.
    pub fn may_be_paid_by(&self, person_id: i32, four_eyes: bool) -> bool {
        let approver = self.approval.as_ref().and_then(|a| a.approver.as_ref());
        !four_eyes || approver.is_none_or(|a| a.person_id != person_id)
    }

    /// The amount an approval would fix: the actual amount, which a planned line must have.
    pub fn approvable(&self) -> Result<Money, Message> {
        match (self.status, self.actual) {
            (CostStatus::Planned, Some(amount)) => Ok(amount),
            (CostStatus::Planned, None) => Err(Message::new("validation.cost_actual_needed")),
            _ => Err(Message::new("finances.notice_stale")),
        }
    }

    /// What the line will cost: the actual amount once known, else the budget.
    pub fn expected(&self) -> Money {
        self.actual.unwrap_or(self.budget)
    }

    /// What is still owed on it: an approved line's amount; nothing for planned or paid lines.
    pub fn to_pay(&self) -> Money {
        match self.status {
            CostStatus::Approved | CostStatus::PayingOut | CostStatus::SentToBank => self.expected(),
            CostStatus::Planned | CostStatus::Paid => Money::ZERO,
        }
    }

    pub fn paid(&self) -> Money {
        match self.status {
            CostStatus::Paid => self.expected(),
            CostStatus::Planned | CostStatus::Approved | CostStatus::PayingOut | CostStatus::SentToBank => Money::ZERO,
        }
    }
}

/// The lines in the order of the books: each after the one before it (by
/// id), with a line's corrections right under it (and theirs under them).
pub fn in_book_order(mut lines: Vec<CostLine>) -> Vec<CostLine> {
    use std::collections::{HashMap, HashSet};
    lines.sort_by_key(|l| l.id);
    let ids: HashSet<i32> = lines.iter().map(|l| l.id).collect();
    let mut corrections: HashMap<i32, Vec<CostLine>> = HashMap::new();
    let mut roots = Vec::new();
    for line in lines {
        match line.corrects.filter(|c| ids.contains(c) && *c != line.id) {
            Some(original) => corrections.entry(original).or_default().push(line),
            None => roots.push(line),
        }
    }
    fn place(line: CostLine, corrections: &mut HashMap<i32, Vec<CostLine>>, out: &mut Vec<CostLine>) {
        let under = corrections.remove(&line.id).unwrap_or_default();
        out.push(line);
        for c in under {
            place(c, corrections, out);
        }
    }
    let mut out = Vec::new();
    for line in roots {
        place(line, &mut corrections, &mut out);
    }
    // Corrections of each other in a loop (only a corrupt table has them) still show.
    let mut rest: Vec<CostLine> = corrections.into_values().flatten().collect();
    rest.sort_by_key(|l| l.id);
    out.extend(rest);
    out
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

impl CostTotals {
    /// The totals from the ledger's sums (what is approved, less what was
    /// withdrawn, and what is paid) and the lines (their budgets, and the
    /// expected amounts of the planned ones, which are no money event yet).
    pub fn from_ledger(lines: &[CostLine], sums: &crate::ledger::Sums) -> Self {
        let budget = lines.iter().map(|l| l.budget).sum();
        let planned: Money = lines.iter().filter(|l| !l.status.fixes_terms()).map(CostLine::expected).sum();
        CostTotals {
            budget,
            expected: sums.approved_costs + planned,
            to_pay: sums.costs_to_pay(),
            paid: sums.paid_costs,
        }
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
    /// Invoices issued: their amounts due (VAT included, the prices shown).
    pub invoiced: Money,
    /// Credit notes issued against them (their amounts due).
    pub credited: Money,
    /// Payments received for the invoices (bank transfers, recorded by hand).
    pub received_on_invoice: Money,
    /// Paid online (card, Bancontact).
    pub paid_online: Money,
    /// Given back online.
    pub refunded_online: Money,
    /// What Stripe kept of the online payments (their balance transactions' fees).
    #[serde(default)]
    pub stripe_fees: Money,
}

impl Income {
    /// The income from the ledger's sums.
    pub fn from_ledger(sums: &crate::ledger::Sums) -> Self {
        Income {
            invoiced: sums.invoiced,
            credited: sums.credited,
            received_on_invoice: sums.received_on_invoice,
            paid_online: sums.paid_online,
            refunded_online: sums.refunded_online,
            stripe_fees: sums.stripe_fees,
        }
    }

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

    /// What the event earns once Stripe took its fees: the income the result counts.
    pub fn earned_net(&self) -> Money {
        self.earned() - self.stripe_fees
    }

    /// What is in the bank so far (Stripe pays out what it did not keep).
    pub fn received(&self) -> Money {
        self.online_net() + self.received_on_invoice - self.stripe_fees
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
            stripe_fees: self.stripe_fees + other.stripe_fees,
        }
    }
}

/// What an event leaves: what it earns, net of Stripe's fees, less what it is expected to cost.
pub fn result(income: &Income, costs: &CostTotals) -> Money {
    income.earned_net() - costs.expected
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
        "stripe-kosten",
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
            e.income.stripe_fees,
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
    pub payout_reference: Option<String>,
    /// The payee as one of the organiser's trainers (the edge checks it is one of theirs).
    pub trainer_id: Option<i32>,
    /// The paid line a new line corrects (its amounts may be negative).
    pub corrects: Option<i32>,
}

/// Why a form may not change a stored line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditRefusal {
    /// Paid, or being paid: nothing changes (a correction is a new line).
    Final,
    /// Approved: the amount, payee and account are fixed (errors next to them).
    Fixed(FieldErrors),
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
        // A hidden field; anything but a positive id is no correction (the store checks the line).
        let corrects = form.get(field::CORRECTS).trim().parse::<i32>().ok().filter(|id| *id > 0);
        let amount = |name: &str, errors: &mut FieldErrors| -> Option<Money> {
            let v = form.get(name);
            if v.is_empty() {
                return None;
            }
            match Money::parse(v) {
                // A correction may give money back; a cost may not.
                Ok(m) if m.cents() < 0 && corrects.is_none() => {
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
        match (category, description, budget, errors.is_empty()) {
            (Some(category), Some(description), Some(budget), true) => Ok(CostLineEdit {
                category,
                description,
                payee,
                budget,
                actual,
                payout_reference,
                corrects,
                trainer_id,
            }),
            _ => Err(errors),
        }
    }

    /// Whether this form may change `before`: not once it is paid or being
    /// paid; once approved, not its amount, payee or account. A line stays
    /// what it was (a correction or not), whatever the form says.
    pub fn check_against(&mut self, before: &CostLine) -> Result<(), EditRefusal> {
        if !before.status.is_editable() {
            return Err(EditRefusal::Final);
        }
        self.corrects = before.corrects;
        let mut errors = FieldErrors::new();
        if before.corrects.is_none() {
            for (name, amount) in [(field::BUDGET, Some(self.budget)), (field::ACTUAL, self.actual)] {
                if amount.is_some_and(|m| m.cents() < 0) {
                    errors.add(name, Message::new("validation.cost_negative"));
                }
            }
        }
        if before.status.fixes_terms() {
            let fixed = Message::new("validation.cost_fixed_by_approval");
            if self.actual != before.actual {
                errors.add(field::ACTUAL, fixed.clone());
            }
            if self.payee != before.payee {
                errors.add(field::PAYEE, fixed.clone());
            }
            // The trainer (whose Stripe account is paid) stays: the form does not show it.
            self.trainer_id = before.trainer_id;
        }
        if errors.is_empty() { Ok(()) } else { Err(EditRefusal::Fixed(errors)) }
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
            (field::REFERENCE, line.payout_reference.clone()),
            (field::CORRECTS, line.corrects.map(|id| id.to_string())),
            (field::TRAINER, line.trainer_id.map(|id| id.to_string())),
        ];
        RawForm::new(pairs.into_iter().map(|(k, v)| (k.to_string(), v.unwrap_or_default())).collect())
    }

    /// A new line's form: a trainer cost (every new line starts planned).
    pub fn blank_values() -> RawForm {
        RawForm::new(vec![(field::CATEGORY.to_string(), CostCategory::Trainer.code().to_string())])
    }

    /// A correction's form: a new line for `original`'s payee and trainer,
    /// with no budget, for the difference (negative when money comes back).
    pub fn correction_values(original: &CostLine) -> RawForm {
        let pairs = [
            (field::CATEGORY, Some(original.category.code().to_string())),
            (field::PAYEE, original.payee.clone()),
            (field::BUDGET, Some("0".to_string())),
            (field::CORRECTS, Some(original.id.to_string())),
            (field::TRAINER, original.trainer_id.map(|id| id.to_string())),
        ];
        RawForm::new(pairs.into_iter().map(|(k, v)| (k.to_string(), v.unwrap_or_default())).collect())
    }

    /// The amount typed with a form's amounts (`1.400`, `689,50`), for the approve button's hidden field.
    pub fn plain_amount(m: Money) -> String {
        plain_amount(m)
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
        if self.payout_reference != before.payout_reference {
            changed.push(format!("referentie {}", self.payout_reference.as_deref().unwrap_or("–")));
        }
        if self.trainer_id != before.trainer_id {
            changed.push(format!("lesgever {}", self.trainer_id.map_or_else(|| "–".to_string(), |id| id.to_string())));
        }
        changed
    }
}

/// The reference of a line marked paid by hand: required, one line.
pub fn paid_reference(form: &RawForm) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let reference = form.get(field::REFERENCE);
    if reference.is_empty() {
        errors.add(field::REFERENCE, Message::new("validation.cost_reference_required"));
    } else if reference.chars().count() > MAX_TEXT {
        errors.add(field::REFERENCE, Message::with("validation.max_chars", &[("max", &MAX_TEXT.to_string())]));
    }
    if errors.is_empty() { Ok(reference.to_string()) } else { Err(errors) }
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
            approval: (status != CostStatus::Planned).then(|| Approval {
                approver: Some(Approver { person_id: 7, name: "Hanne Laenen".into() }),
                on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                amount: Money::from_euros(actual.unwrap_or(budget)),
            }),
            corrects: None,
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
            stripe_fees: Money::ZERO,
        };
        assert_eq!(income.earned(), Money::from_euros(945));
        assert_eq!(income.received(), Money::from_euros(540));
        assert_eq!(income.outstanding(), Money::from_euros(405));
        let costs = CostTotals { expected: Money::from_euros(1000), ..CostTotals::default() };
        assert_eq!(result(&income, &costs), Money::from_euros(-55));
    }

    #[test]
    fn the_result_counts_income_net_of_stripes_fees() {
        let income =
            Income { paid_online: Money::from_euros(100), stripe_fees: Money::from_cents(175), ..Income::default() };
        assert_eq!(income.earned(), Money::from_euros(100));
        assert_eq!(income.earned_net(), Money::from_cents(9825));
        // Stripe pays out what it did not keep.
        assert_eq!(income.received(), Money::from_cents(9825));
        let costs = CostTotals { expected: Money::from_euros(50), ..CostTotals::default() };
        assert_eq!(result(&income, &costs), Money::from_cents(4825));
    }

    #[test]
    fn cost_totals_from_the_ledger_add_the_planned_lines() {
        let line = |id: i32, status: CostStatus, budget: i64, actual: Option<i64>| CostLine {
            id,
            category: CostCategory::Trainer,
            description: format!("lijn {id}"),
            payee: None,
            budget: Money::from_euros(budget),
            actual: actual.map(Money::from_euros),
            status,
            paid_on: None,
            payout_reference: None,
            payout_account: None,
            approval: None,
            corrects: None,
            trainer_id: None,
        };
        let lines = [
            line(1, CostStatus::Planned, 100, None),
            line(2, CostStatus::Planned, 100, Some(120)),
            line(3, CostStatus::Approved, 300, Some(250)),
            line(4, CostStatus::Paid, 400, Some(400)),
        ];
        let sums = crate::ledger::Sums::of([
            (crate::ledger::EntryKind::CostApproval, Money::from_euros(-650)),
            (crate::ledger::EntryKind::Payout, Money::from_euros(-400)),
        ]);
        let totals = CostTotals::from_ledger(&lines, &sums);
        assert_eq!(totals.budget, Money::from_euros(900));
        assert_eq!(totals.expected, Money::from_euros(100 + 120 + 650));
        assert_eq!(totals.to_pay, Money::from_euros(250));
        assert_eq!(totals.paid, Money::from_euros(400));
        // The same as the lines say, when the ledger agrees with them.
        assert_eq!(totals, CostTotals::of(&lines));
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
        assert_eq!(edit.payee.as_deref(), Some("Traiteur De Kempen"));
        assert_eq!(edit.corrects, None, "a status typed in the form moves nothing: the form has none");
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
    fn a_budget_is_required_and_an_approval_needs_the_amount() {
        let errors =
            CostLineEdit::from_form(&form(&[("soort", "venue"), ("omschrijving", "Zaalhuur"), ("budget", "")]))
                .unwrap_err();
        assert_eq!(errors.message(field::BUDGET).map(Message::key), Some("validation.cost_budget_required"));
        // A planned line may wait for its amount, but is approved with one.
        assert!(
            CostLineEdit::from_form(&form(&[("soort", "venue"), ("omschrijving", "Zaalhuur"), ("budget", "0")]))
                .is_ok()
        );
        let waiting = line(300, None, CostStatus::Planned);
        assert_eq!(waiting.approvable().map_err(|m| m.key().to_string()), Err("validation.cost_actual_needed".into()));
        assert_eq!(line(300, Some(280), CostStatus::Planned).approvable(), Ok(Money::from_euros(280)));
        assert!(line(300, Some(280), CostStatus::Approved).approvable().is_err(), "approved once");
    }

    #[test]
    fn a_line_moves_only_along_its_actions() {
        use CostStatus::*;
        let allowed: Vec<(CostStatus, CostStatus)> = CostStatus::ALL
            .iter()
            .flat_map(|from| CostStatus::ALL.iter().map(move |to| (*from, *to)))
            .filter(|(from, to)| from.may_become(*to))
            .collect();
        assert_eq!(
            allowed,
            [
                (Planned, Approved),
                (Approved, Planned),
                (Approved, PayingOut),
                (Approved, Paid),
                (PayingOut, Approved),
                (PayingOut, Paid)
            ]
        );
        // Paid is final: nothing leaves it, and only a planned line may go.
        assert!(CostStatus::ALL.iter().all(|to| !Paid.may_become(*to)));
        assert!(Paid.is_final() && !Paid.is_editable() && !PayingOut.is_editable());
        assert_eq!(
            CostStatus::ALL.iter().map(|s| s.may_be_removed()).collect::<Vec<_>>(),
            [true, false, false, false, false]
        );
        assert_eq!(
            CostStatus::ALL.iter().map(|s| s.fixes_terms()).collect::<Vec<_>>(),
            [false, true, true, true, true]
        );
        // The buttons of the line's page name three of them; the payout has its own address.
        assert_eq!(CostAction::parse("goedkeuren"), Some(CostAction::Approve));
        assert_eq!(CostAction::parse("intrekken"), Some(CostAction::WithdrawApproval));
        assert_eq!(CostAction::parse("betaald"), Some(CostAction::MarkPaid));
        assert_eq!(CostAction::parse("approved"), None);
        assert_eq!(CostAction::ALL.iter().filter(|a| a.pays()).count(), 2);
    }

    #[test]
    fn paid_is_final_and_approval_fixes_the_terms() {
        let edit_of = |l: &CostLine, change: &[(&str, &str)]| {
            let mut values = CostLineEdit::form_values(l);
            for (k, v) in change {
                values = RawForm::new(
                    values
                        .pairs()
                        .iter()
                        .filter(|(name, _)| name != k)
                        .cloned()
                        .chain([(k.to_string(), v.to_string())])
                        .collect(),
                );
            }
            CostLineEdit::from_form(&values).unwrap()
        };
        let mut paid = line(200, Some(200), CostStatus::Paid);
        paid.payout_account = Some(ConnectedAccount::parse("acct_1Cedric").unwrap());
        for change in [&[][..], &[("werkelijk", "150")], &[("omschrijving", "Anders")], &[("lesgever", "9")]] {
            assert_eq!(edit_of(&paid, change).check_against(&paid), Err(EditRefusal::Final), "{change:?}");
        }
        let paying = CostLine { status: CostStatus::PayingOut, ..paid.clone() };
        assert_eq!(edit_of(&paying, &[]).check_against(&paying), Err(EditRefusal::Final));

        let approved = CostLine { status: CostStatus::Approved, paid_on: None, ..paid.clone() };
        let Err(EditRefusal::Fixed(errors)) =
            edit_of(&approved, &[("werkelijk", "250"), ("begunstigde", "Iemand anders")]).check_against(&approved)
        else {
            panic!("the terms are fixed");
        };
        for name in [field::ACTUAL, field::PAYEE] {
            assert_eq!(errors.message(name).map(Message::key), Some("validation.cost_fixed_by_approval"), "{name}");
        }
        // The rest may still change: the description, the budget; the trainer stays, whatever is posted.
        let mut renamed =
            edit_of(&approved, &[("omschrijving", "Honorarium dag 1"), ("budget", "250"), ("lesgever", "9")]);
        assert_eq!(renamed.check_against(&approved), Ok(()));
        assert_eq!(renamed.trainer_id, approved.trainer_id);
        let planned = CostLine { status: CostStatus::Planned, approval: None, ..paid.clone() };
        assert_eq!(edit_of(&planned, &[("werkelijk", "250")]).check_against(&planned), Ok(()));
    }

    #[test]
    fn only_a_correction_may_be_negative() {
        let base = [("soort", "trainer"), ("omschrijving", "Te veel betaald"), ("budget", "0"), ("werkelijk", "-50")];
        let errors = CostLineEdit::from_form(&form(&base)).unwrap_err();
        assert_eq!(errors.message(field::ACTUAL).map(Message::key), Some("validation.cost_negative"));
        let mut correction = base.to_vec();
        correction.push(("corrigeert", "12"));
        let mut edit = CostLineEdit::from_form(&form(&correction)).unwrap();
        assert_eq!((edit.corrects, edit.actual), (Some(12), Some(Money::from_euros(-50))));
        // A form that says it corrects a line that is no correction changes nothing of that.
        let plain = line(0, None, CostStatus::Planned);
        let Err(EditRefusal::Fixed(errors)) = edit.check_against(&plain) else { panic!("no correction") };
        assert_eq!(errors.message(field::ACTUAL).map(Message::key), Some("validation.cost_negative"));
        assert_eq!(edit.corrects, None);
        let original = line(200, Some(200), CostStatus::Paid);
        let values = CostLineEdit::correction_values(&original);
        assert_eq!((values.get(field::CORRECTS), values.get(field::BUDGET)), ("1", "0"));
    }

    #[test]
    fn four_eyes_keep_the_approver_from_paying() {
        let fee = line(200, Some(200), CostStatus::Approved);
        assert!(fee.may_be_paid_by(7, false), "four eyes off: the approver pays");
        assert!(!fee.may_be_paid_by(7, true));
        assert!(fee.may_be_paid_by(8, true), "another admin pays");
        let unknown = CostLine { approval: fee.approval.clone().map(|a| Approval { approver: None, ..a }), ..fee };
        assert!(unknown.may_be_paid_by(7, true), "approved before approvers were recorded");
    }

    #[test]
    fn corrections_follow_the_line_they_correct() {
        let mut lines: Vec<CostLine> = (1..=5).map(|id| CostLine { id, ..line(10, None, CostStatus::Paid) }).collect();
        lines[3].corrects = Some(1);
        lines[4].corrects = Some(4);
        lines[2].corrects = Some(99);
        let order: Vec<i32> = in_book_order(lines).iter().map(|l| l.id).collect();
        assert_eq!(order, [1, 4, 5, 2, 3]);
    }

    #[test]
    fn a_paid_reference_is_required() {
        assert_eq!(paid_reference(&form(&[("referentie", " OV 2026-114 ")])), Ok("OV 2026-114".into()));
        let errors = paid_reference(&form(&[])).unwrap_err();
        assert_eq!(errors.message(field::REFERENCE).map(Message::key), Some("validation.cost_reference_required"));
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
        // The account is no field of the form any more (it is the trainer's): a typed one is not read.
        let edit = CostLineEdit::from_form(&form(&[
            ("soort", "trainer"),
            ("omschrijving", "Honorarium"),
            ("budget", "200"),
            ("stripe-account", "acct_1Dief"),
        ]))
        .unwrap();
        assert_eq!(edit.trainer_id, None);
    }

    #[test]
    fn only_an_approved_line_with_an_amount_is_paid_through_stripe_to_a_ready_trainer() {
        let mut fee = line(200, Some(200), CostStatus::Approved);
        assert_eq!(fee.payable_through_stripe(), Some(Money::from_euros(200)));
        assert_eq!(fee.stripe_blocker(true), Some(StripeBlocker::NoTrainer));
        fee.trainer_id = Some(7);
        assert_eq!(fee.stripe_blocker(false), Some(StripeBlocker::NotReady));
        assert_eq!(fee.stripe_blocker(true), None);
        fee.status = CostStatus::PayingOut;
        assert!(fee.payable_through_stripe().is_some(), "tried again after an unknown outcome");
        fee.payout_account = Some(ConnectedAccount::parse("acct_1Cedric").unwrap());
        assert_eq!(fee.stripe_blocker(false), None, "asked again of the account it went to");
        fee.status = CostStatus::Paid;
        assert_eq!(fee.payable_through_stripe(), None, "paid already");
        fee.status = CostStatus::Planned;
        assert_eq!(fee.payable_through_stripe(), None, "not approved");
        fee.status = CostStatus::Approved;
        fee.actual = Some(Money::from_euros(250));
        assert_eq!(fee.payable_through_stripe(), None, "not the amount approved");
        fee.actual = Some(Money::ZERO);
        fee.approval.as_mut().unwrap().amount = Money::ZERO;
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
        assert!(lines[1].ends_with(";90,00;0,00;90,00;0,00;0,00;1400,50;0,00;-1310,50"), "{}", lines[1]);
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
        // A status is no field (the line's buttons and the payment files move it): only the trainer is wrong.
        assert_eq!(errors.len(), 1);
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
        after.budget = Money::from_euros(700);
        assert_eq!(after.changes_from(&before), ["budget € 750 → € 700", "werkelijk – → € 690"]);
    }
}
