//! Online payments as the back office sees them: what came in through Stripe
//! per order, what went back, and the payments that need a person's decision.

use crate::Money;
use crate::listing::OrganiserRef;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Why an online payment could not simply confirm its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentFlag {
    /// The money came in after the held seats were released (the Checkout
    /// Session expired or the payer gave up): there is no seat to give.
    PaidAfterRelease,
    /// Stripe reports another amount than the order's total.
    AmountMismatch,
}

impl PaymentFlag {
    pub fn code(self) -> &'static str {
        match self {
            PaymentFlag::PaidAfterRelease => "paid_after_release",
            PaymentFlag::AmountMismatch => "amount_mismatch",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "paid_after_release" => Some(PaymentFlag::PaidAfterRelease),
            "amount_mismatch" => Some(PaymentFlag::AmountMismatch),
            _ => None,
        }
    }

    /// The key of what happened, for the organiser (`domain/locales/*/payments_admin.txt`).
    pub fn explanation_key(self) -> &'static str {
        match self {
            PaymentFlag::PaidAfterRelease => "payments_admin.flag.paid_after_release",
            PaymentFlag::AmountMismatch => "payments_admin.flag.amount_mismatch",
        }
    }
}

/// One order paid (or being paid) online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlinePaymentRow {
    pub order_id: i32,
    pub reference: String,
    pub event_title: String,
    /// The booker; empty once anonymised.
    pub booker: String,
    pub ordered_at: DateTime<FixedOffset>,
    pub total: Money,
    pub paid: Money,
    pub refunded: Money,
    /// Refunds asked of Stripe that are not through yet.
    pub refund_pending: Money,
    /// See [`status_key`].
    pub status: crate::OrderStatus,
    pub flag: Option<PaymentFlag>,
}

impl OnlinePaymentRow {
    /// What can still be given back: paid, less what was or is being refunded.
    pub fn refundable(&self) -> Money {
        let out = self.refunded.cents() + self.refund_pending.cents();
        Money::from_cents((self.paid.cents() - out).max(0))
    }
}

/// The organiser's online payments, flagged ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlinePaymentList {
    pub organiser: OrganiserRef,
    pub rows: Vec<OnlinePaymentRow>,
    /// Only the flagged ones were asked for.
    pub only_flagged: bool,
    pub may_refund: bool,
    pub csrf_token: String,
}

/// The key of the label of an online order's status (`domain/locales/*/payments_admin.txt`).
pub fn status_key(status: crate::OrderStatus) -> &'static str {
    use crate::OrderStatus as S;
    match status {
        S::Pending => "payments_admin.status.pending",
        S::Paid => "payments_admin.status.paid",
        S::PartiallyRefunded => "payments_admin.status.partially_refunded",
        S::Refunded => "payments_admin.status.refunded",
        S::Cancelled => "payments_admin.status.cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(paid: i64, refunded: i64, pending: i64) -> OnlinePaymentRow {
        OnlinePaymentRow {
            order_id: 1,
            reference: "2026-ABC".into(),
            event_title: "Vorming".into(),
            booker: "An".into(),
            ordered_at: DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00").unwrap(),
            total: Money::from_cents(4500),
            paid: Money::from_cents(paid),
            refunded: Money::from_cents(refunded),
            refund_pending: Money::from_cents(pending),
            status: crate::OrderStatus::Paid,
            flag: None,
        }
    }

    #[test]
    fn what_is_refundable_never_counts_a_refund_twice() {
        assert_eq!(row(4500, 0, 0).refundable(), Money::from_cents(4500));
        assert_eq!(row(4500, 1500, 0).refundable(), Money::from_cents(3000));
        assert_eq!(row(4500, 1500, 3000).refundable(), Money::ZERO);
        assert_eq!(row(4500, 4500, 100).refundable(), Money::ZERO, "never below zero");
    }

    #[test]
    fn flags_round_trip_through_their_codes() {
        for flag in [PaymentFlag::PaidAfterRelease, PaymentFlag::AmountMismatch] {
            assert_eq!(PaymentFlag::parse(flag.code()), Some(flag));
        }
        assert_eq!(PaymentFlag::parse("unknown_order"), None);
    }

    #[test]
    fn statuses_and_flags_have_texts_in_every_language() {
        use crate::i18n::{Locale, text};
        let keys = crate::OrderStatus::ALL
            .iter()
            .map(|s| status_key(*s))
            .chain([PaymentFlag::PaidAfterRelease, PaymentFlag::AmountMismatch].map(PaymentFlag::explanation_key));
        for key in keys {
            for locale in Locale::ALL {
                assert_ne!(text(locale, key), key, "{key} in {}", locale.code());
            }
        }
        assert_eq!(text(Locale::Nl, status_key(crate::OrderStatus::PartiallyRefunded)), "deels terugbetaald");
    }
}
