//! Online payments behind a small trait: Stripe Checkout in production
//! (`server::stripe`), the same client pointed at the project's Stripe-shaped
//! fake (`fakestripe`) when no keys are configured. Handlers only see this.

use chrono::{DateTime, Utc};
pub use domain::connect::StripeAccount;

/// One line of a Checkout Session (amounts in EUR cents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutLine {
    pub name: String,
    pub unit_amount_cents: i64,
    pub quantity: u64,
}

/// What a Checkout Session is created with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCheckout {
    /// Our order reference; travels as metadata and client_reference_id.
    pub order_reference: String,
    pub lines: Vec<CheckoutLine>,
    pub customer_email: String,
    pub success_url: String,
    pub cancel_url: String,
    pub expires_at: DateTime<Utc>,
    /// Sent as `Idempotency-Key`: a retried creation returns the same session.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Open,
    Complete,
    Expired,
}

/// A Checkout Session as Stripe reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    pub url: Option<String>,
    pub status: SessionStatus,
    /// `payment_status == "paid"`.
    pub paid: bool,
    pub payment_intent: Option<String>,
    pub amount_total: Option<i64>,
    pub expires_at: DateTime<Utc>,
    pub order_reference: Option<String>,
}

/// A refund as Stripe reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub id: String,
    /// `succeeded`; `pending` while the bank is still moving the money.
    pub status: String,
}

/// A payout to a connected account (Stripe Connect), from the platform's balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    pub amount_cents: i64,
    /// The connected account (`acct_...`).
    pub destination: String,
    pub description: String,
    /// Groups an event's payouts in Stripe's dashboard.
    pub transfer_group: String,
    /// Sent as `Idempotency-Key`: a retried payout returns the same transfer.
    pub idempotency_key: String,
}

/// A transfer as Stripe reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub id: String,
    pub amount_cents: i64,
}

/// Stripe's error codes a payout can meet (`PaymentError::Refused` carries the code when Stripe gave one).
pub const BALANCE_INSUFFICIENT: &str = "balance_insufficient";
pub const RESOURCE_MISSING: &str = "resource_missing";
/// The destination's `transfers` capability is not active (onboarding not finished, or Stripe asks for more).
pub const INSUFFICIENT_CAPABILITIES: &str = "insufficient_capabilities_for_transfer";

/// An Express account to make for a trainer (Stripe Connect), who finishes it at Stripe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    /// Sent as `Idempotency-Key`: one trainer gets one account, however often asked.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// Stripe answered with an error (bad request, declined, unknown id...).
    #[error("Stripe refused: {0}")]
    Refused(String),
    /// Stripe could not be reached or answered nonsense; worth retrying.
    #[error("Stripe unavailable: {0}")]
    Unavailable(String),
    /// This server has no payment provider (no Stripe keys, no fake asked for).
    #[error("no payment provider is configured (STRIPE_SECRET_KEY)")]
    NotConfigured,
}

#[async_trait::async_trait]
pub trait Payments: Send + Sync {
    /// False when there is no provider: online payment is not offered then.
    fn available(&self) -> bool {
        true
    }
    /// True when no real money moves (the fake, or Stripe's test keys).
    fn test_mode(&self) -> bool;
    /// The secret webhook signatures are checked with.
    fn webhook_secret(&self) -> &str;
    async fn create_checkout(&self, checkout: &NewCheckout) -> Result<CheckoutSession, PaymentError>;
    async fn retrieve_checkout(&self, session_id: &str) -> Result<CheckoutSession, PaymentError>;
    async fn expire_checkout(&self, session_id: &str) -> Result<CheckoutSession, PaymentError>;
    /// Refunds `amount_cents` of a payment intent; `idempotency_key` makes a retry safe.
    async fn refund(
        &self,
        payment_intent: &str,
        amount_cents: i64,
        idempotency_key: &str,
    ) -> Result<Refund, PaymentError>;
    /// Sends money to a connected account. A refusal carries Stripe's error
    /// code when there is one ([`BALANCE_INSUFFICIENT`], [`RESOURCE_MISSING`], ...).
    async fn transfer(&self, transfer: &NewTransfer) -> Result<Transfer, PaymentError>;
    /// Stripe's fee on a payment intent: its latest charge's balance
    /// transaction (`fee`, `net`). Without a provider there is none to ask.
    async fn stripe_fee(&self, _payment_intent: &str) -> Result<domain::ledger::StripeFee, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    /// Makes an Express connected account (Belgium, transfers requested).
    async fn create_account(&self, account: &NewAccount) -> Result<StripeAccount, PaymentError>;
    async fn retrieve_account(&self, account: &str) -> Result<StripeAccount, PaymentError>;
    /// A fresh onboarding link for `account` (links expire within minutes and
    /// work once); the URL of Stripe's hosted onboarding.
    async fn create_account_link(
        &self,
        account: &str,
        refresh_url: &str,
        return_url: &str,
    ) -> Result<String, PaymentError>;
}

/// A server without a payment provider: online payment is not offered, and
/// anything that would move money is refused (never pretended).
pub struct NoPayments;

#[async_trait::async_trait]
impl Payments for NoPayments {
    fn available(&self) -> bool {
        false
    }
    fn test_mode(&self) -> bool {
        false
    }
    fn webhook_secret(&self) -> &str {
        // Nothing verifies against an empty secret: every webhook is refused.
        ""
    }
    async fn create_checkout(&self, _: &NewCheckout) -> Result<CheckoutSession, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn retrieve_checkout(&self, _: &str) -> Result<CheckoutSession, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn expire_checkout(&self, _: &str) -> Result<CheckoutSession, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn refund(&self, _: &str, _: i64, _: &str) -> Result<Refund, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn transfer(&self, _: &NewTransfer) -> Result<Transfer, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn create_account(&self, _: &NewAccount) -> Result<StripeAccount, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn retrieve_account(&self, _: &str) -> Result<StripeAccount, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
    async fn create_account_link(&self, _: &str, _: &str, _: &str) -> Result<String, PaymentError> {
        Err(PaymentError::NotConfigured)
    }
}
