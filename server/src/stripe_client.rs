//! [`app::payments::Payments`] with async-stripe: Stripe itself, or any
//! Stripe-shaped server (the project's `fakestripe`) at another base URL.

use app::payments::{
    CheckoutSession, NewAccount, NewCheckout, NewTransfer, PaymentError, Payments, Refund, SessionStatus,
    StripeAccount, Transfer,
};
use chrono::{TimeZone, Utc};
use domain::ledger::StripeFee;
use std::collections::HashMap;
use std::time::Duration;
use stripe::{RequestStrategy, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionAllowedPaymentMethodTypes, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionLineItemsPriceData, ExpireCheckoutSession, ProductData, RetrieveCheckoutSession,
};
use stripe_core::refund::CreateRefund;

pub struct StripePayments {
    client: stripe::Client,
    webhook_secret: String,
    test_mode: bool,
}

impl StripePayments {
    /// `api_base` like `https://api.stripe.com/` (with the trailing slash; `v1/...` follows).
    pub fn new(secret_key: &str, webhook_secret: &str, api_base: &str, test_mode: bool) -> Result<Self, PaymentError> {
        let client = stripe::ClientBuilder::new(secret_key)
            .url(api_base)
            .timeout(Duration::from_secs(20))
            .app_info("leernet", Some(env!("CARGO_PKG_VERSION").to_string()), None)
            .build()
            .map_err(|e| PaymentError::Unavailable(e.to_string()))?;
        Ok(StripePayments { client, webhook_secret: webhook_secret.to_string(), test_mode })
    }
}

fn failure(e: stripe::StripeError) -> PaymentError {
    match e {
        stripe::StripeError::Stripe(api, status) if status < 500 => {
            PaymentError::Refused(api.message.clone().unwrap_or_else(|| format!("{:?}", api.type_)))
        }
        other => PaymentError::Unavailable(other.to_string()),
    }
}

fn idempotent(key: &str) -> Result<RequestStrategy, PaymentError> {
    stripe::IdempotencyKey::new(key)
        .map(RequestStrategy::Idempotent)
        .map_err(|e| PaymentError::Refused(format!("idempotency key: {e:?}")))
}

fn session(s: stripe_shared::CheckoutSession) -> CheckoutSession {
    use stripe_shared::{CheckoutSessionPaymentStatus, CheckoutSessionStatus};
    CheckoutSession {
        id: s.id.as_str().to_string(),
        url: s.url,
        status: match s.status {
            Some(CheckoutSessionStatus::Complete) => SessionStatus::Complete,
            Some(CheckoutSessionStatus::Expired) => SessionStatus::Expired,
            _ => SessionStatus::Open,
        },
        paid: s.payment_status == CheckoutSessionPaymentStatus::Paid,
        payment_intent: s.payment_intent.map(|p| p.id().as_str().to_string()),
        amount_total: s.amount_total,
        expires_at: Utc.timestamp_opt(s.expires_at, 0).single().unwrap_or_default(),
        order_reference: s.metadata.and_then(|m| m.get("order_reference").cloned()).or(s.client_reference_id),
    }
}

#[async_trait::async_trait]
impl Payments for StripePayments {
    fn test_mode(&self) -> bool {
        self.test_mode
    }

    fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    async fn create_checkout(&self, checkout: &NewCheckout) -> Result<CheckoutSession, PaymentError> {
        let lines: Vec<CreateCheckoutSessionLineItems> = checkout
            .lines
            .iter()
            .map(|line| {
                let mut price = CreateCheckoutSessionLineItemsPriceData::new(stripe_types::Currency::EUR);
                price.unit_amount = Some(line.unit_amount_cents);
                price.product_data = Some(ProductData::new(line.name.clone()));
                let mut item = CreateCheckoutSessionLineItems::new();
                item.price_data = Some(price);
                item.quantity = Some(line.quantity);
                item
            })
            .collect();
        let metadata = HashMap::from([("order_reference".to_string(), checkout.order_reference.clone())]);
        let created = CreateCheckoutSession::new()
            .mode(stripe_shared::CheckoutSessionMode::Payment)
            .line_items(lines)
            .allowed_payment_method_types(vec![
                CreateCheckoutSessionAllowedPaymentMethodTypes::Card,
                CreateCheckoutSessionAllowedPaymentMethodTypes::Bancontact,
            ])
            .customer_email(checkout.customer_email.clone())
            .client_reference_id(checkout.order_reference.clone())
            .metadata(metadata)
            .success_url(checkout.success_url.clone())
            .cancel_url(checkout.cancel_url.clone())
            .expires_at(checkout.expires_at.timestamp())
            .locale(stripe_shared::CheckoutSessionLocale::Nl)
            .customize()
            .request_strategy(idempotent(&checkout.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(failure)?;
        Ok(session(created))
    }

    async fn retrieve_checkout(&self, session_id: &str) -> Result<CheckoutSession, PaymentError> {
        RetrieveCheckoutSession::new(session_id).send(&self.client).await.map(session).map_err(failure)
    }

    async fn expire_checkout(&self, session_id: &str) -> Result<CheckoutSession, PaymentError> {
        ExpireCheckoutSession::new(session_id).send(&self.client).await.map(session).map_err(failure)
    }

    async fn refund(
        &self,
        payment_intent: &str,
        amount_cents: i64,
        idempotency_key: &str,
    ) -> Result<Refund, PaymentError> {
        let refund = CreateRefund::new()
            .payment_intent(payment_intent)
            .amount(amount_cents)
            .customize()
            .request_strategy(idempotent(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(failure)?;
        Ok(Refund { id: refund.id.as_str().to_string(), status: refund.status.unwrap_or_default() })
    }

    async fn transfer(&self, transfer: &NewTransfer) -> Result<Transfer, PaymentError> {
        let created = stripe_connect::transfer::CreateTransfer::new(stripe_types::Currency::EUR, &transfer.destination)
            .amount(transfer.amount_cents)
            .description(transfer.description.clone())
            .transfer_group(transfer.transfer_group.clone())
            .customize()
            .request_strategy(idempotent(&transfer.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(|e| match e {
                // The code says why (no such account, not enough balance); the page explains it.
                stripe::StripeError::Stripe(api, status) if status < 500 => PaymentError::Refused(
                    api.code
                        .as_ref()
                        .map(|c| c.as_str().to_string())
                        .or(api.message.clone())
                        .unwrap_or_else(|| format!("{:?}", api.type_)),
                ),
                other => failure(other),
            })?;
        Ok(Transfer { id: created.id.as_str().to_string(), amount_cents: created.amount })
    }

    /// `GET /v1/payment_intents/{id}?expand[]=latest_charge.balance_transaction`:
    /// the fee Stripe kept, as the balance transaction of the intent's charge says.
    async fn stripe_fee(&self, payment_intent: &str) -> Result<StripeFee, PaymentError> {
        use stripe_client_core::{RequestBuilder, StripeMethod};
        #[derive(serde::Serialize)]
        struct Expand {
            expand: [&'static str; 1],
        }
        if !payment_intent.starts_with("pi_") || !payment_intent.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(PaymentError::Refused(format!("not a payment intent: {payment_intent}")));
        }
        let intent: miniserde::json::Value =
            RequestBuilder::new(StripeMethod::Get, format!("/payment_intents/{payment_intent}"))
                .query(&Expand { expand: ["latest_charge.balance_transaction"] })
                .customize()
                .send(&self.client)
                .await
                .map_err(failure)?;
        fee_of_intent(&intent).ok_or_else(|| {
            PaymentError::Unavailable(format!("{payment_intent} has no charge with a balance transaction yet"))
        })
    }

    async fn create_account(&self, account: &NewAccount) -> Result<StripeAccount, PaymentError> {
        use stripe_connect::account::{
            CreateAccount, CreateAccountCapabilities, CreateAccountCapabilitiesTransfers, CreateAccountType,
        };
        let mut capabilities = CreateAccountCapabilities::new();
        capabilities.transfers = Some(CreateAccountCapabilitiesTransfers { requested: Some(true) });
        let created = CreateAccount::new()
            .type_(CreateAccountType::Express)
            .country("BE")
            .email(account.email.clone())
            .capabilities(capabilities)
            .customize()
            .request_strategy(idempotent(&account.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(failure)?;
        connected(created)
    }

    async fn retrieve_account(&self, account: &str) -> Result<StripeAccount, PaymentError> {
        let found = stripe_connect::account::RetrieveAccount::new(account).send(&self.client).await.map_err(failure)?;
        connected(found)
    }

    async fn create_account_link(
        &self,
        account: &str,
        refresh_url: &str,
        return_url: &str,
    ) -> Result<String, PaymentError> {
        use stripe_connect::account_link::{CreateAccountLink, CreateAccountLinkType};
        let link = CreateAccountLink::new(account, CreateAccountLinkType::AccountOnboarding)
            .refresh_url(refresh_url)
            .return_url(return_url)
            .send(&self.client)
            .await
            .map_err(failure)?;
        Ok(link.url)
    }
}

/// The fee of an intent whose `latest_charge.balance_transaction` is expanded.
fn fee_of_intent(intent: &miniserde::json::Value) -> Option<StripeFee> {
    use miniserde::json::{Number, Value};
    fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
        match value {
            Value::Object(map) => map.get(name),
            _ => None,
        }
    }
    fn int(value: &Value) -> Option<i64> {
        match value {
            Value::Number(Number::I64(n)) => Some(*n),
            Value::Number(Number::U64(n)) => i64::try_from(*n).ok(),
            _ => None,
        }
    }
    let txn = field(field(intent, "latest_charge")?, "balance_transaction")?;
    let Value::String(id) = field(txn, "id")? else { return None };
    Some(StripeFee {
        balance_transaction: id.clone(),
        fee: domain::Money::from_cents(int(field(txn, "fee")?)?),
        net: domain::Money::from_cents(int(field(txn, "net")?)?),
    })
}

/// A connected account as the rest of Leernet reads it.
fn connected(account: stripe_shared::Account) -> Result<StripeAccount, PaymentError> {
    use stripe_shared::AccountCapabilitiesStatus;
    let id = domain::finances::ConnectedAccount::parse(account.id.as_str())
        .map_err(|_| PaymentError::Unavailable(format!("not an account id: {}", account.id.as_str())))?;
    let transfers = account.capabilities.as_ref().and_then(|c| c.transfers.as_ref());
    Ok(StripeAccount {
        id,
        transfers_active: matches!(transfers, Some(AccountCapabilitiesStatus::Active)),
        details_submitted: account.details_submitted.unwrap_or(false),
    })
}
