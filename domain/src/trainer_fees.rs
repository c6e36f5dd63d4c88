//! What a trainer sees of their own fees on `/mijn/lesgever`: per organiser
//! they teach for, their profile (the same form and rules as the admins',
//! [`crate::trainers::PaymentDetails`]) and their fees (the organiser's cost
//! lines with them as payee), each with its agreed amount, where it stands in
//! words, and when and with which reference it was paid. A fee statement
//! ([`FeeStatement`]) lists one activity's fees for the trainer's own books.
//!
//! Who is whose trainer is the store's one rule (`store::trainer_fees`): the
//! signed-in person is the trainer of every trainer row with their e-mail.

use crate::Money;
use crate::enterprise::EnterpriseNumber;
use crate::listing::OrganiserRef;
use crate::statuses::{CostStatus, VatStatus};
use crate::trainers::TrainerProfile;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// One of the trainer's fees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub line_id: i32,
    pub event_id: i32,
    pub event_title: String,
    /// The activity's first day (local date); `None` without sessions.
    pub starts_on: Option<NaiveDate>,
    pub description: String,
    /// What was agreed: the approved amount once approved, the budget before.
    pub agreed: Money,
    pub status: CostStatus,
    /// The day it was paid (local date), for paid fees.
    pub paid_on: Option<NaiveDate>,
    /// The bank transfer's communication or the payout's id.
    pub reference: Option<String>,
}

/// The amount agreed on a cost line: the approved amount (fixed by the
/// approval), else for a line approved before approvals recorded their
/// amount its actual amount, else (planned) its budget.
pub fn agreed_amount(status: CostStatus, budget: Money, actual: Option<Money>, approved: Option<Money>) -> Money {
    match (approved, status.fixes_terms()) {
        (Some(amount), _) => amount,
        (None, true) => actual.unwrap_or(budget),
        (None, false) => budget,
    }
}

/// The words for a fee's status, as the trainer reads them (`my_fees.txt`).
pub fn status_key(status: CostStatus) -> &'static str {
    match status {
        CostStatus::Planned => "my_fees.status.planned",
        CostStatus::Approved => "my_fees.status.approved",
        CostStatus::PayingOut => "my_fees.status.paying_out",
        CostStatus::SentToBank => "my_fees.status.sent_to_bank",
        CostStatus::Paid => "my_fees.status.paid",
    }
}

/// What the trainer says of VAT, printed on the statement (`my_fees.txt`).
pub fn vat_note_key(status: Option<VatStatus>) -> &'static str {
    match status {
        Some(VatStatus::Liable) => "my_fees.vat_note.liable",
        Some(VatStatus::Exempt) => "my_fees.vat_note.exempt",
        Some(VatStatus::NotABusiness) => "my_fees.vat_note.not_a_business",
        None => "my_fees.vat_note.unknown",
    }
}

/// The person as the trainer of one organiser: their profile there and
/// their fees, by date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerAccount {
    pub organiser: OrganiserRef,
    pub trainer: TrainerProfile,
    pub fees: Vec<Fee>,
}

impl TrainerAccount {
    /// The activities of the fees, each once, in the fees' order: (event id, title).
    pub fn activities(&self) -> Vec<(i32, String)> {
        let mut seen = Vec::new();
        for fee in &self.fees {
            if !seen.iter().any(|(id, _)| *id == fee.event_id) {
                seen.push((fee.event_id, fee.event_title.clone()));
            }
        }
        seen
    }
}

/// The fees in the order of the page: soonest activity first (those without
/// a date last), then by line.
pub fn in_page_order(mut fees: Vec<Fee>) -> Vec<Fee> {
    fees.sort_by_key(|f| (f.starts_on.is_none(), f.starts_on, f.event_id, f.line_id));
    fees
}

/// A party on the statement: name, address and enterprise number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub enterprise_number: Option<EnterpriseNumber>,
}

impl Party {
    /// The address as lines (street; postcode and city), leaving out what is unknown.
    pub fn address_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(street) = &self.street {
            lines.push(street.clone());
        }
        let place: Vec<&str> = [self.postcode.as_deref(), self.city.as_deref()].into_iter().flatten().collect();
        if !place.is_empty() {
            lines.push(place.join(" "));
        }
        lines
    }
}

/// One session of the activity the trainer taught (local times).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSession {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// A fee statement: one activity's fees of one trainer, for their own books
/// (not an invoice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeStatement {
    pub organiser: Party,
    pub trainer: Party,
    pub vat_status: Option<VatStatus>,
    pub event_id: i32,
    pub event_title: String,
    /// The sessions the trainer was assigned to (all of the activity's when
    /// they were assigned to the whole), in order.
    pub sessions: Vec<StatementSession>,
    pub fees: Vec<Fee>,
    /// The day it was made (local date).
    pub issued_on: NaiveDate,
}

impl FeeStatement {
    /// The sum of the fees' agreed amounts.
    pub fn total(&self) -> Money {
        self.fees.iter().fold(Money::ZERO, |sum, f| sum + f.agreed)
    }

    /// The sum of what was paid.
    pub fn paid(&self) -> Money {
        self.fees.iter().filter(|f| f.status == CostStatus::Paid).fold(Money::ZERO, |sum, f| sum + f.agreed)
    }

    /// The PDF's file name: plain letters, the activity's id.
    pub fn file_name(&self, prefix: &str) -> String {
        format!("{prefix}-{}.pdf", self.event_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(event_id: i32, line_id: i32, day: Option<u32>, cents: i64, status: CostStatus) -> Fee {
        Fee {
            line_id,
            event_id,
            event_title: format!("Activiteit {event_id}"),
            starts_on: day.and_then(|d| NaiveDate::from_ymd_opt(2026, 12, d)),
            description: "Honorarium".into(),
            agreed: Money::from_cents(cents),
            status,
            paid_on: None,
            reference: None,
        }
    }

    #[test]
    fn the_agreed_amount_is_the_approved_one_once_approved_and_the_budget_before() {
        let (budget, actual, approved) = (Money::from_cents(30_000), Some(Money::from_cents(32_000)), None);
        assert_eq!(agreed_amount(CostStatus::Planned, budget, actual, approved), budget, "not agreed yet");
        let fixed = Some(Money::from_cents(31_000));
        for status in [CostStatus::Approved, CostStatus::SentToBank, CostStatus::PayingOut, CostStatus::Paid] {
            assert_eq!(agreed_amount(status, budget, actual, fixed), Money::from_cents(31_000), "{status:?}");
            assert_eq!(agreed_amount(status, budget, actual, None), Money::from_cents(32_000), "old approvals");
            assert_eq!(agreed_amount(status, budget, None, None), budget);
        }
    }

    #[test]
    fn every_status_and_vat_status_has_words() {
        let statuses = [
            CostStatus::Planned,
            CostStatus::Approved,
            CostStatus::PayingOut,
            CostStatus::SentToBank,
            CostStatus::Paid,
        ];
        let keys: std::collections::HashSet<_> = statuses.into_iter().map(status_key).collect();
        assert_eq!(keys.len(), statuses.len());
        let notes: std::collections::HashSet<_> =
            VatStatus::ALL.iter().map(|s| vat_note_key(Some(*s))).chain([vat_note_key(None)]).collect();
        assert_eq!(notes.len(), VatStatus::ALL.len() + 1);
    }

    #[test]
    fn fees_by_date_with_undated_activities_last_and_each_activity_once() {
        let fees = in_page_order(vec![
            fee(3, 9, None, 100, CostStatus::Planned),
            fee(2, 5, Some(20), 200, CostStatus::Paid),
            fee(1, 7, Some(4), 300, CostStatus::Approved),
            fee(2, 4, Some(20), 400, CostStatus::Planned),
        ]);
        assert_eq!(fees.iter().map(|f| f.line_id).collect::<Vec<_>>(), [7, 4, 5, 9]);
        let account = TrainerAccount {
            organiser: OrganiserRef {
                slug: crate::Slug::parse("biz-kempen").unwrap(),
                name: "BIZ Kempen".into(),
                short_name: "Kempen".into(),
            },
            trainer: TrainerProfile {
                id: 1,
                full_name: "Sofie Mertens".into(),
                affiliation: None,
                email: None,
                payment: Default::default(),
                stripe: Default::default(),
            },
            fees,
        };
        assert_eq!(account.activities().iter().map(|(id, _)| *id).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn a_statement_adds_up_what_was_agreed_and_what_was_paid() {
        let party = Party {
            name: "BIZ Kempen".into(),
            street: None,
            postcode: Some("2300".into()),
            city: Some("Turnhout".into()),
            enterprise_number: None,
        };
        assert_eq!(party.address_lines(), ["2300 Turnhout"]);
        let statement = FeeStatement {
            organiser: party.clone(),
            trainer: Party { name: "Sofie Mertens".into(), ..party },
            vat_status: Some(VatStatus::Exempt),
            event_id: 2,
            event_title: "Energie".into(),
            sessions: Vec::new(),
            fees: vec![fee(2, 5, Some(20), 25_000, CostStatus::Paid), fee(2, 6, Some(20), 4_050, CostStatus::Approved)],
            issued_on: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        };
        assert_eq!(statement.total(), Money::from_cents(29_050));
        assert_eq!(statement.paid(), Money::from_cents(25_000));
        assert_eq!(statement.file_name("vergoedingsstaat"), "vergoedingsstaat-2.pdf");
    }
}
