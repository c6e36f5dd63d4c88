//! The organiser's ledger: every money event as an entry that is written once
//! and never changed or removed. An entry says what happened ([`EntryKind`]),
//! how much, when, who did it (when a person did) and the document it comes
//! from ([`Source`]): an invoice or credit note, a payment or refund, a cost
//! line. A mistake is put right by a new entry, a [`EntryKind::Correction`]
//! naming the entry it corrects, never by editing one.
//!
//! # Sign convention
//!
//! Amounts are cents seen from the organiser: **positive is money owed to or
//! received by the organiser, negative is money it owes or pays out**.
//! So an invoice, a bank payment of an invoice and an online payment are
//! positive; a credit note, a refund, a Stripe fee, a cost approval (what the
//! organiser now owes) and a payout are negative. A correction has the sign
//! that undoes (part of) what it corrects: withdrawing a € 300 approval is
//! `+300`. Each kind's sum therefore has one sign, and [`Sums`] turns them
//! into the positive figures the books show.
//!
//! An activity's books and the year page are sums over these entries (see
//! `store::finances`); what is planned but not yet a money event (a cost
//! line's budget) stays with the cost lines.

use crate::Money;
use serde::{Deserialize, Serialize};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntryKind {
    /// An invoice was issued: its amount due (positive).
    Invoice,
    /// A credit note was issued: its amount due (negative).
    CreditNote,
    /// An invoice was paid by bank transfer or by hand (positive).
    InvoicePayment,
    /// A participant paid online, through Stripe (positive, before fees).
    OnlinePayment,
    /// Money paid online was given back (negative).
    Refund,
    /// What Stripe kept of an online payment, from its balance transaction (negative).
    StripeFee,
    /// A cost line was approved: the organiser owes its amount (negative).
    CostApproval,
    /// A cost line was paid: through Stripe, by a SEPA file or by hand (negative).
    Payout,
    /// Undoes (part of) an earlier entry, which it names; counts with that entry's kind.
    Correction,
}

impl EntryKind {
    pub const ALL: [EntryKind; 9] = [
        EntryKind::Invoice,
        EntryKind::CreditNote,
        EntryKind::InvoicePayment,
        EntryKind::OnlinePayment,
        EntryKind::Refund,
        EntryKind::StripeFee,
        EntryKind::CostApproval,
        EntryKind::Payout,
        EntryKind::Correction,
    ];

    /// How it is stored.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Invoice => "invoice",
            EntryKind::CreditNote => "credit_note",
            EntryKind::InvoicePayment => "invoice_payment",
            EntryKind::OnlinePayment => "online_payment",
            EntryKind::Refund => "refund",
            EntryKind::StripeFee => "stripe_fee",
            EntryKind::CostApproval => "cost_approval",
            EntryKind::Payout => "payout",
            EntryKind::Correction => "correction",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        EntryKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The sign every entry of this kind has (`0` for a correction, which
    /// takes the opposite sign of what it corrects).
    pub fn sign(self) -> i64 {
        match self {
            EntryKind::Invoice | EntryKind::InvoicePayment | EntryKind::OnlinePayment => 1,
            EntryKind::CreditNote
            | EntryKind::Refund
            | EntryKind::StripeFee
            | EntryKind::CostApproval
            | EntryKind::Payout => -1,
            EntryKind::Correction => 0,
        }
    }

    /// The entry's signed amount for an `amount` as the document states it
    /// (an invoice's amount due, a fee, an approved cost; a correction line
    /// that lowers a cost has a negative one): a correction is stored as given.
    pub fn signed(self, amount: Money) -> Money {
        match self.sign() {
            0 => amount,
            s => Money::from_cents(s * amount.cents()),
        }
    }
}

/// The kind of document an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    /// `invoices` (invoices and credit notes).
    Invoice,
    /// `payments` (payments and refunds).
    Payment,
    /// `cost_lines`.
    CostLine,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::Payment => "payment",
            DocumentKind::CostLine => "cost_line",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [DocumentKind::Invoice, DocumentKind::Payment, DocumentKind::CostLine].into_iter().find(|k| k.code() == code)
    }
}

/// Where an entry comes from: the document, and which of its money events
/// (a cost line is approved, perhaps withdrawn and approved again, then paid).
/// `(kind, reference)` is unique: the same event cannot be recorded twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    pub document: DocumentKind,
    pub document_id: i32,
    /// The `n`th event of its kind on the document (approvals are numbered from 1; others are 1).
    pub occurrence: u32,
}

impl Source {
    pub fn of(document: DocumentKind, document_id: i32) -> Self {
        Source { document, document_id, occurrence: 1 }
    }

    /// The text the uniqueness is on: `invoice:12`, `cost_line:7#2`.
    pub fn reference(&self) -> String {
        match self.occurrence {
            1 => format!("{}:{}", self.document.code(), self.document_id),
            n => format!("{}:{}#{n}", self.document.code(), self.document_id),
        }
    }
}

/// The sums the books show, each as a positive figure (see the sign convention).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sums {
    pub invoiced: Money,
    pub credited: Money,
    pub received_on_invoice: Money,
    pub paid_online: Money,
    pub refunded_online: Money,
    pub stripe_fees: Money,
    /// Approved costs, less approvals withdrawn.
    pub approved_costs: Money,
    pub paid_costs: Money,
}

impl Sums {
    /// Adds the signed `total` of entries of `kind` (corrections counted with
    /// the kind they correct).
    pub fn add(&mut self, kind: EntryKind, total: Money) {
        let positive = Money::from_cents(kind.sign() * total.cents());
        let field = match kind {
            EntryKind::Invoice => &mut self.invoiced,
            EntryKind::CreditNote => &mut self.credited,
            EntryKind::InvoicePayment => &mut self.received_on_invoice,
            EntryKind::OnlinePayment => &mut self.paid_online,
            EntryKind::Refund => &mut self.refunded_online,
            EntryKind::StripeFee => &mut self.stripe_fees,
            EntryKind::CostApproval => &mut self.approved_costs,
            EntryKind::Payout => &mut self.paid_costs,
            // Only a corrupt ledger has a correction of a correction: it counts nowhere.
            EntryKind::Correction => return,
        };
        *field = *field + positive;
    }

    /// Sums `(kind, signed total)` pairs.
    pub fn of(totals: impl IntoIterator<Item = (EntryKind, Money)>) -> Self {
        let mut sums = Sums::default();
        for (kind, total) in totals {
            sums.add(kind, total);
        }
        sums
    }

    /// What is approved and not yet paid.
    pub fn costs_to_pay(&self) -> Money {
        self.approved_costs - self.paid_costs
    }
}

/// Stripe's fee on an online payment, as its balance transaction reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripeFee {
    /// The balance transaction (`txn_...`).
    pub balance_transaction: String,
    /// The fee (positive cents, as Stripe gives it).
    pub fee: Money,
    /// What reached the balance: the amount less the fee.
    pub net: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(EntryKind::parse("gift"), None);
        for doc in [DocumentKind::Invoice, DocumentKind::Payment, DocumentKind::CostLine] {
            assert_eq!(DocumentKind::parse(doc.code()), Some(doc));
        }
    }

    #[test]
    fn amounts_get_the_sign_of_their_kind() {
        let amount = Money::from_cents(3500);
        assert_eq!(EntryKind::Invoice.signed(amount).cents(), 3500);
        // A correction line that lowers a cost: its approval gives money back.
        assert_eq!(EntryKind::CostApproval.signed(Money::from_cents(-3500)).cents(), 3500);
        assert_eq!(EntryKind::CreditNote.signed(amount).cents(), -3500);
        assert_eq!(EntryKind::StripeFee.signed(amount).cents(), -3500);
        assert_eq!(EntryKind::Payout.signed(amount).cents(), -3500);
        // A correction is stored as given: the opposite of what it undoes.
        assert_eq!(EntryKind::Correction.signed(amount).cents(), 3500);
    }

    #[test]
    fn references_name_the_document_and_the_occurrence() {
        assert_eq!(Source::of(DocumentKind::Invoice, 12).reference(), "invoice:12");
        let second = Source { document: DocumentKind::CostLine, document_id: 7, occurrence: 2 };
        assert_eq!(second.reference(), "cost_line:7#2");
    }

    #[test]
    fn sums_are_positive_figures_per_kind() {
        let c = Money::from_cents;
        let sums = Sums::of([
            (EntryKind::Invoice, c(7000)),
            (EntryKind::CreditNote, c(-3500)),
            (EntryKind::InvoicePayment, c(3500)),
            (EntryKind::OnlinePayment, c(10_000)),
            (EntryKind::Refund, c(-2500)),
            (EntryKind::StripeFee, c(-175)),
            (EntryKind::CostApproval, c(-30_000)),
            // An approval withdrawn: counted with the approvals.
            (EntryKind::CostApproval, c(12_000)),
            (EntryKind::Payout, c(-15_000)),
        ]);
        assert_eq!(sums.invoiced, c(7000));
        assert_eq!(sums.credited, c(3500));
        assert_eq!(sums.received_on_invoice, c(3500));
        assert_eq!(sums.paid_online, c(10_000));
        assert_eq!(sums.refunded_online, c(2500));
        assert_eq!(sums.stripe_fees, c(175));
        assert_eq!(sums.approved_costs, c(18_000));
        assert_eq!(sums.paid_costs, c(15_000));
        assert_eq!(sums.costs_to_pay(), c(3000));
    }

    #[test]
    fn a_correction_of_a_correction_counts_nowhere() {
        assert_eq!(Sums::of([(EntryKind::Correction, Money::from_cents(100))]), Sums::default());
    }
}
