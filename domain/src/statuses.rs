//! The statuses (and the other closed sets of text a row carries: how an
//! order is paid, how a check-in was made, ...) as enums: one place that
//! names every value the database, the API and the pages know.
//!
//! Each value has one text, the same in the database, in JSON (serde) and in
//! `as_str()`; the database's CHECK constraints allow exactly these texts
//! (migrations `m20261123_000003`, `m20261123_000004`, `m20261207_000031`,
//! `m20261207_000040`). With the `sea-orm` feature (the store turns it on)
//! each enum is also a sea-orm `ActiveEnum` stored as that text, so an
//! entity's column has the enum's type; the domain's default build carries no
//! ORM types.

use crate::kinds::UnknownCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Defines an enum whose every variant is stored as the given text.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "sea-orm",
            sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)")
        )]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text)]
                #[cfg_attr(feature = "sea-orm", sea_orm(string_value = $text))]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order of its definition.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text stored in the database and used in the API.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value stored as `text`; any other text is refused.
            pub fn parse(text: &str) -> Result<Self, UnknownCode> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(UnknownCode { what: $what, value: other.to_string() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::parse(text)
            }
        }
    };
}

stored_enum!(
    /// Where one registration (one attendee's seat) stands.
    RegistrationStatus, "registration status", {
        /// Seats held while the online payment is under way.
        PendingPayment => "pending_payment",
        /// A large group's seats, held until the booker confirms by mail.
        Unconfirmed => "unconfirmed",
        Confirmed => "confirmed",
        Waitlisted => "waitlisted",
        /// A seat freed up and offered from the waiting list until `offer_expires_at`.
        Offered => "offered",
        Cancelled => "cancelled",
    }
);

impl RegistrationStatus {
    /// The statuses that hold a seat (counted in the event's `seats_taken`);
    /// the waiting list and the cancelled hold none.
    pub const HOLDING_A_SEAT: [RegistrationStatus; 4] = [
        RegistrationStatus::Confirmed,
        RegistrationStatus::PendingPayment,
        RegistrationStatus::Offered,
        RegistrationStatus::Unconfirmed,
    ];

    /// The statuses that hold a seat that is neither paid nor confirmed yet:
    /// bounded per booker and per client (see `crate::limits`).
    pub const HELD_UNSETTLED: [RegistrationStatus; 2] =
        [RegistrationStatus::PendingPayment, RegistrationStatus::Unconfirmed];

    /// Holds a seat: one of [`Self::HOLDING_A_SEAT`].
    pub fn holds_seat(self) -> bool {
        Self::HOLDING_A_SEAT.contains(&self)
    }
}

stored_enum!(
    /// Where an order (one booking, one or more registrations) stands with its money.
    OrderStatus, "order status", {
        Pending => "pending",
        Paid => "paid",
        Cancelled => "cancelled",
        Refunded => "refunded",
        PartiallyRefunded => "partially_refunded",
    }
);

stored_enum!(
    /// How an order is paid.
    PaymentMethod, "payment method", {
        Free => "free",
        Online => "online",
        Invoice => "invoice",
    }
);

stored_enum!(
    /// Where one movement of money (a payment or a refund) stands.
    PaymentStatus, "payment status", {
        Pending => "pending",
        Succeeded => "succeeded",
        Failed => "failed",
    }
);

stored_enum!(
    /// Money in or money out.
    PaymentKind, "payment kind", {
        Payment => "payment",
        Refund => "refund",
    }
);

stored_enum!(
    /// Who moved the money.
    PaymentProvider, "payment provider", {
        Stripe => "stripe",
        BankTransfer => "bank_transfer",
        /// Recorded by staff (cash, a transfer matched by hand).
        Manual => "manual",
    }
);

stored_enum!(
    /// Where an invoice (or credit note) stands.
    InvoiceStatus, "invoice status", {
        Open => "open",
        Paid => "paid",
        /// A credit note cancelled it.
        Credited => "credited",
    }
);

stored_enum!(
    /// Where a cost stands: planned (in the budget), approved (the amount,
    /// payee and account are fixed: to pay), being paid out through Stripe,
    /// sent to the bank (in a SEPA payment file that is not cancelled), or
    /// paid (final). The moves between them are `finances::CostAction`s and
    /// the payment files.
    CostStatus, "cost status", {
        Planned => "planned",
        Approved => "approved",
        /// A payout through Stripe was asked and its outcome is not recorded yet.
        PayingOut => "paying_out",
        /// In an open SEPA payment file (`payment_files`): the bank was asked to pay it.
        SentToBank => "sent_to_bank",
        Paid => "paid",
    }
);

stored_enum!(
    /// Where a SEPA payment file stands: open (handed to the bank), or
    /// cancelled (its lines are to pay again).
    PaymentFileStatus, "payment file status", {
        Open => "open",
        Cancelled => "cancelled",
    }
);

stored_enum!(
    /// A payee's VAT status, for what their invoice or fee note must say.
    VatStatus, "VAT status", {
        /// A business that charges VAT.
        Liable => "liable",
        /// A business exempt from VAT (e.g. the small-business scheme, or training exempt by law).
        Exempt => "exempt",
        /// A private person: a fee note, no VAT.
        NotABusiness => "not_a_business",
    }
);

stored_enum!(
    /// Where a trainer's Stripe Connect account stands (see `crate::connect`).
    ConnectStatus, "Stripe account status", {
        /// Made; the trainer has not finished onboarding at Stripe.
        Onboarding => "onboarding",
        /// Its `transfers` capability is active: it receives payouts.
        Ready => "ready",
        /// Onboarding was finished, but Stripe asks for more before it pays out.
        Restricted => "restricted",
    }
);

stored_enum!(
    /// Where a mail in the outbox stands.
    MailStatus, "mail status", {
        Queued => "queued",
        /// Claimed by a worker that is sending it now.
        Sending => "sending",
        Sent => "sent",
        /// Out of attempts.
        Failed => "failed",
    }
);

stored_enum!(
    /// How an attendee was checked in.
    CheckInMethod, "check-in method", {
        /// Their ticket's QR code at the door.
        Scan => "scan",
        /// By hand, by staff.
        Manual => "manual",
        /// Ticked on the attendance list.
        List => "list",
    }
);

stored_enum!(
    /// Where an organiser's proposed change to a shared organisation stands.
    ProposalStatus, "proposal status", {
        Pending => "pending",
        Accepted => "accepted",
        Rejected => "rejected",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value goes to its text and back, through `as_str`, `Display`,
    /// `FromStr` and serde alike; `texts` are the database's allowed values.
    fn round_trip<T>(all: &[T], texts: &[&str])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr<Err = UnknownCode> + Serialize,
        T: for<'de> Deserialize<'de>,
    {
        let written: Vec<String> = all.iter().map(|v| v.to_string()).collect();
        assert_eq!(written, texts, "the stored texts are the database's");
        for (value, text) in all.iter().zip(texts) {
            assert_eq!(text.parse::<T>().as_ref(), Ok(value));
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *value);
        }
        for unknown in ["", "Confirmed", "CONFIRMED", " confirmed", "unknown", "paid "] {
            if !texts.contains(&unknown) {
                let refused = unknown.parse::<T>().unwrap_err();
                assert_eq!(refused.value, unknown);
                assert!(serde_json::from_str::<T>(&format!("\"{unknown}\"")).is_err());
            }
        }
    }

    #[test]
    fn every_status_round_trips_through_its_text() {
        round_trip(
            RegistrationStatus::ALL,
            &["pending_payment", "unconfirmed", "confirmed", "waitlisted", "offered", "cancelled"],
        );
        round_trip(OrderStatus::ALL, &["pending", "paid", "cancelled", "refunded", "partially_refunded"]);
        round_trip(PaymentMethod::ALL, &["free", "online", "invoice"]);
        round_trip(PaymentStatus::ALL, &["pending", "succeeded", "failed"]);
        round_trip(PaymentKind::ALL, &["payment", "refund"]);
        round_trip(PaymentProvider::ALL, &["stripe", "bank_transfer", "manual"]);
        round_trip(InvoiceStatus::ALL, &["open", "paid", "credited"]);
        round_trip(CostStatus::ALL, &["planned", "approved", "paying_out", "sent_to_bank", "paid"]);
        round_trip(PaymentFileStatus::ALL, &["open", "cancelled"]);
        round_trip(VatStatus::ALL, &["liable", "exempt", "not_a_business"]);
        round_trip(ConnectStatus::ALL, &["onboarding", "ready", "restricted"]);
        round_trip(MailStatus::ALL, &["queued", "sending", "sent", "failed"]);
        round_trip(CheckInMethod::ALL, &["scan", "manual", "list"]);
        round_trip(ProposalStatus::ALL, &["pending", "accepted", "rejected"]);
    }

    #[test]
    fn an_unknown_text_is_refused_and_named() {
        let refused = RegistrationStatus::parse("lost").unwrap_err();
        assert_eq!(refused, UnknownCode { what: "registration status", value: "lost".into() });
        assert!(OrderStatus::parse("confirmed").is_err(), "a registration's status is no order's");
        assert!(InvoiceStatus::parse("pending").is_err());
    }

    #[test]
    fn seats_are_held_by_every_live_status_but_the_waiting_list() {
        let holding: Vec<_> = RegistrationStatus::ALL.iter().filter(|s| s.holds_seat()).map(|s| s.as_str()).collect();
        assert_eq!(holding, ["pending_payment", "unconfirmed", "confirmed", "offered"]);
        assert!(RegistrationStatus::HELD_UNSETTLED.iter().all(|s| s.holds_seat()));
    }
}
