//! Paying trainers through Stripe Connect: each trainer gets an Express
//! account that Leernet makes for them, and finishes its onboarding at
//! Stripe through a link an admin mails them. Only an account whose
//! `transfers` capability is active receives payouts ([`ConnectStatus::Ready`]);
//! Stripe reports changes with `account.updated`, and may take readiness back.

use crate::finances::ConnectedAccount;
use crate::statuses::ConnectStatus;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

impl ConnectStatus {
    /// Its name (`domain/locales/*/connect.txt`).
    pub fn label_key(self) -> &'static str {
        match self {
            ConnectStatus::Onboarding => "connect.status.onboarding",
            ConnectStatus::Ready => "connect.status.ready",
            ConnectStatus::Restricted => "connect.status.restricted",
        }
    }
}

/// A connected account as Stripe reports it (the API or a webhook).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripeAccount {
    pub id: ConnectedAccount,
    /// `capabilities.transfers == "active"`.
    pub transfers_active: bool,
    /// The trainer finished onboarding.
    pub details_submitted: bool,
}

impl StripeAccount {
    pub fn status(&self) -> ConnectStatus {
        match (self.transfers_active, self.details_submitted) {
            (true, _) => ConnectStatus::Ready,
            (false, true) => ConnectStatus::Restricted,
            (false, false) => ConnectStatus::Onboarding,
        }
    }
}

/// A trainer's Stripe account as Leernet knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerStripe {
    pub account: Option<ConnectedAccount>,
    pub status: Option<ConnectStatus>,
    /// The day it became ready (local date).
    pub ready_since: Option<NaiveDate>,
    /// The day the onboarding link was last mailed (local date).
    pub link_sent_on: Option<NaiveDate>,
}

impl TrainerStripe {
    /// The account payouts go to: only a ready one.
    pub fn ready_account(&self) -> Option<&ConnectedAccount> {
        self.account.as_ref().filter(|_| self.status == Some(ConnectStatus::Ready))
    }
}

/// What a report of the account changes: the new status, and since when it
/// is ready. `None` when the report is older than what is stored (`synced_at`)
/// and must not overwrite it.
pub fn apply_report(
    stored: (Option<ConnectStatus>, Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    reported: &StripeAccount,
    reported_at: DateTime<Utc>,
) -> Option<(ConnectStatus, Option<DateTime<Utc>>)> {
    let (status, ready_at, synced_at) = stored;
    if synced_at.is_some_and(|synced| synced > reported_at) {
        return None;
    }
    let now = reported.status();
    let ready_at = match now {
        ConnectStatus::Ready if status == Some(ConnectStatus::Ready) => ready_at.or(Some(reported_at)),
        ConnectStatus::Ready => Some(reported_at),
        _ => None,
    };
    Some((now, ready_at))
}

/// The random part of a trainer's onboarding link: 256 bits as 64 hex characters.
pub fn valid_link_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn an_account_is_ready_when_its_transfers_capability_is_active() {
        let id = ConnectedAccount::parse("acct_1Trainer").unwrap();
        let account =
            |transfers_active, details_submitted| StripeAccount { id: id.clone(), transfers_active, details_submitted };
        assert_eq!(account(false, false).status(), ConnectStatus::Onboarding);
        assert_eq!(account(false, true).status(), ConnectStatus::Restricted);
        assert_eq!(account(true, true).status(), ConnectStatus::Ready);
        assert_eq!(account(true, false).status(), ConnectStatus::Ready);
    }

    #[test]
    fn only_a_ready_account_receives_payouts() {
        let account = ConnectedAccount::parse("acct_1Trainer").ok();
        let mut stripe = TrainerStripe { account: account.clone(), ..TrainerStripe::default() };
        assert_eq!(stripe.ready_account(), None);
        stripe.status = Some(ConnectStatus::Restricted);
        assert_eq!(stripe.ready_account(), None);
        stripe.status = Some(ConnectStatus::Ready);
        assert_eq!(stripe.ready_account(), account.as_ref());
    }

    #[test]
    fn an_older_report_changes_nothing_and_readiness_can_be_taken_back() {
        let ready = StripeAccount {
            id: ConnectedAccount::parse("acct_1T").unwrap(),
            transfers_active: true,
            details_submitted: true,
        };
        let not_ready = StripeAccount { transfers_active: false, ..ready.clone() };
        let became = apply_report((Some(ConnectStatus::Onboarding), None, Some(at(0))), &ready, at(10));
        assert_eq!(became, Some((ConnectStatus::Ready, Some(at(10)))));
        // Reported again later: ready since the first time.
        let again = apply_report((Some(ConnectStatus::Ready), Some(at(10)), Some(at(10))), &ready, at(20));
        assert_eq!(again, Some((ConnectStatus::Ready, Some(at(10)))));
        // Stripe asks for more: not ready any more.
        let back = apply_report((Some(ConnectStatus::Ready), Some(at(10)), Some(at(20))), &not_ready, at(30));
        assert_eq!(back, Some((ConnectStatus::Restricted, None)));
        // The report of before arrives late: ignored.
        assert_eq!(apply_report((Some(ConnectStatus::Restricted), None, Some(at(30))), &ready, at(20)), None);
    }

    #[test]
    fn link_tokens_are_long_and_plain() {
        assert!(valid_link_token(&"a1".repeat(32)));
        assert!(!valid_link_token("a1a1"));
        assert!(!valid_link_token(&format!("{}/..", "a".repeat(61))));
    }
}
