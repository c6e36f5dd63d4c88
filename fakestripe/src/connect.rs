//! Stripe Connect onboarding, as the fake speaks it (kept apart from the
//! payments of `lib.rs`):
//! - `POST /v1/accounts` (`type=express`, `country`, `email`,
//!   `capabilities[transfers][requested]=true`) and `GET /v1/accounts/{id}`:
//!   a connected account shaped as Stripe's, its `transfers` capability
//!   `inactive` until onboarding is finished, then `active`;
//! - `POST /v1/account_links` (`account`, `refresh_url`, `return_url`,
//!   `type=account_onboarding`): a single-use link to the hosted onboarding
//!   page, valid for five minutes as Stripe's are;
//! - `GET|POST /onboarding/{link}`: the hosted onboarding page. Finishing
//!   makes the account ready, sends `account.updated` (a Connect event: the
//!   account is named at the top level) and sends the browser to
//!   `return_url`; leaving sends it there without finishing. An expired or
//!   used link sends the browser to `refresh_url`, as Stripe does.
//!
//! A transfer to an account the fake made whose `transfers` capability is
//! not active is refused with Stripe's `insufficient_capabilities_for_transfer`.

use crate::{FakeStripe, decode_form, error, escape, invalid, page, random};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::HashMap;

/// How long an account link may be opened (Stripe: a few minutes).
pub const ACCOUNT_LINK_SECONDS: i64 = 300;

/// What Stripe asks of an Express account before it may receive transfers.
const DUE: [&str; 5] =
    ["business_type", "external_account", "individual.first_name", "tos_acceptance.date", "tos_acceptance.ip"];

struct Link {
    account: String,
    refresh_url: String,
    return_url: String,
    expires_at: i64,
    used: bool,
}

/// The connected accounts and account links the fake made.
#[derive(Default)]
pub(crate) struct Connect {
    accounts: HashMap<String, Value>,
    links: HashMap<String, Link>,
}

/// An account's `requirements` and flags for a `transfers` capability that is (not) active.
fn set_ready(account: &mut Value, ready: bool) {
    let due: Vec<&str> = if ready { Vec::new() } else { DUE.to_vec() };
    account["capabilities"]["transfers"] = json!(if ready { "active" } else { "inactive" });
    account["payouts_enabled"] = json!(ready);
    account["requirements"] = json!({
        "alternatives": [],
        "current_deadline": null,
        "currently_due": due,
        "disabled_reason": if ready { Value::Null } else { json!("requirements.past_due") },
        "errors": [],
        "eventually_due": due,
        "past_due": due,
        "pending_verification": [],
    });
}

impl FakeStripe {
    fn connect(&self) -> std::sync::MutexGuard<'_, Connect> {
        self.inner.connect.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A connected account as the API would return it.
    pub fn account(&self, id: &str) -> Option<Value> {
        self.connect().accounts.get(id).cloned()
    }

    /// Every connected account made, in no particular order.
    pub fn accounts(&self) -> Vec<Value> {
        self.connect().accounts.values().cloned().collect()
    }

    /// `Some(refusal)` for a transfer to an account the fake made whose
    /// `transfers` capability is not active (any other well-formed account exists).
    pub(crate) fn refuse_transfer(&self, destination: &str) -> Option<Response> {
        let connect = self.connect();
        let account = connect.accounts.get(destination)?;
        if account["capabilities"]["transfers"] == "active" {
            return None;
        }
        let body = json!({ "error": {
            "type": "invalid_request_error",
            "code": "insufficient_capabilities_for_transfer",
            "message": "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
            "param": "destination",
        }});
        Some((StatusCode::BAD_REQUEST, axum::Json(body)).into_response())
    }

    /// Makes an account (not) ready for transfers, as finishing onboarding or
    /// Stripe asking for more does, and sends `account.updated`; `false` for an unknown account.
    pub async fn set_account_ready(&self, id: &str, ready: bool) -> bool {
        let updated = {
            let mut connect = self.connect();
            let Some(account) = connect.accounts.get_mut(id) else { return false };
            set_ready(account, ready);
            if ready {
                account["details_submitted"] = json!(true);
            }
            account.clone()
        };
        self.emit_connect("account.updated", updated, id).await;
        true
    }

    /// A Connect event: as [`Self::emit`], with the connected account at the top level.
    async fn emit_connect(&self, kind: &str, object: Value, account: &str) {
        let event = json!({
            "id": format!("evt_{}", random(24)),
            "object": "event",
            "account": account,
            "api_version": crate::API_VERSION,
            "created": self.now().timestamp(),
            "livemode": false,
            "pending_webhooks": 1,
            "request": { "id": null, "idempotency_key": null },
            "type": kind,
            "data": { "object": object },
        });
        if self.record_event(&event) {
            self.deliver(&event).await;
        }
    }

    /// Keeps `event` (held back while deliveries are held); whether to send it now.
    fn record_event(&self, event: &Value) -> bool {
        let mut ledger = self.ledger();
        ledger.events.push(event.clone());
        if ledger.hold {
            ledger.held.push(event.clone());
        }
        !ledger.hold
    }
}

pub(crate) async fn create_account(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let fingerprint = format!("POST /v1/accounts {}", String::from_utf8_lossy(&body));
    if let Some(answer) = fake.replay(&headers, &fingerprint) {
        return answer;
    }
    let params = decode_form(&body);
    let kind = params["type"].as_str().unwrap_or_default();
    if !matches!(kind, "express" | "standard" | "custom") {
        return invalid("Missing required param: type.", "type");
    }
    if params["capabilities"]["transfers"]["requested"].as_str() != Some("true") {
        return invalid("The transfers capability must be requested for this account.", "capabilities");
    }
    let id = format!("acct_1{}", random(15));
    let mut account = json!({
        "id": id,
        "object": "account",
        "business_profile": { "mcc": null, "name": null, "url": null },
        "business_type": null,
        "capabilities": {},
        "charges_enabled": false,
        "controller": { "type": "application", "is_controller": true },
        "country": params["country"].as_str().unwrap_or("US"),
        "created": fake.now().timestamp(),
        "default_currency": "eur",
        "details_submitted": false,
        "email": params["email"],
        "metadata": params.get("metadata").cloned().unwrap_or_else(|| json!({})),
        "payouts_enabled": false,
        "type": kind,
    });
    set_ready(&mut account, false);
    fake.connect().accounts.insert(id, account.clone());
    fake.remember(&headers, &fingerprint, 200, &account);
    axum::Json(account).into_response()
}

pub(crate) async fn retrieve_account(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    match fake.account(&id) {
        Some(account) => axum::Json(account).into_response(),
        None => error(404, "invalid_request_error", &format!("No such account: '{id}'"), Some("account")),
    }
}

pub(crate) async fn create_account_link(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let params = decode_form(&body);
    let account = params["account"].as_str().unwrap_or_default().to_string();
    if fake.account(&account).is_none() {
        return error(404, "invalid_request_error", &format!("No such account: '{account}'"), Some("account"));
    }
    if !matches!(params["type"].as_str(), Some("account_onboarding" | "account_update")) {
        return invalid("Missing required param: type.", "type");
    }
    let url = |name: &str| params[name].as_str().filter(|u| u.starts_with("http")).map(str::to_string);
    let (Some(refresh_url), Some(return_url)) = (url("refresh_url"), url("return_url")) else {
        return invalid("Not a valid URL", if url("refresh_url").is_none() { "refresh_url" } else { "return_url" });
    };
    let created = fake.now().timestamp();
    let expires_at = created + ACCOUNT_LINK_SECONDS;
    let id = random(24);
    let link = json!({
        "object": "account_link",
        "created": created,
        "expires_at": expires_at,
        "url": format!("{}/onboarding/{id}", fake.inner.config.public_base.trim_end_matches('/')),
    });
    fake.connect().links.insert(id, Link { account, refresh_url, return_url, expires_at, used: false });
    axum::Json(link).into_response()
}

/// The link's account and addresses, or where an expired or used link goes.
fn open_link(fake: &FakeStripe, id: &str) -> Result<(String, String), Box<Response>> {
    let now = fake.now().timestamp();
    let connect = fake.connect();
    let Some(link) = connect.links.get(id) else {
        return Err(Box::new(
            (StatusCode::NOT_FOUND, Html(page("Onbekende link", "<p>Deze link bestaat niet.</p>"))).into_response(),
        ));
    };
    if link.used || link.expires_at <= now {
        return Err(Box::new(Redirect::to(&link.refresh_url).into_response()));
    }
    Ok((link.account.clone(), link.return_url.clone()))
}

pub(crate) async fn onboarding_page(State(fake): State<FakeStripe>, Path(id): Path<String>) -> Response {
    let (account, _) = match open_link(&fake, &id) {
        Ok(found) => found,
        Err(answer) => return *answer,
    };
    let email = fake.account(&account).and_then(|a| a["email"].as_str().map(str::to_string)).unwrap_or_default();
    let body = format!(
        r#"<p>Stripe betaalt je uit voor het platform dat je deze link stuurde. In testmodus vul je niets in: je gegevens gelden als nagekeken.</p>
<p>Account: <strong>{account}</strong>{email}</p>
<form method="post">
<button type="submit" name="actie" value="afronden">Gegevens bevestigen en afronden</button>
<button type="submit" name="actie" value="later" class="quiet">Later verdergaan</button>
</form>"#,
        account = escape(&account),
        email = if email.is_empty() { String::new() } else { format!(" ({})", escape(&email)) },
    );
    Html(page("Uitbetalingen instellen", &body)).into_response()
}

pub(crate) async fn onboarding_action(
    State(fake): State<FakeStripe>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let (account, return_url) = match open_link(&fake, &id) {
        Ok(found) => found,
        Err(answer) => return *answer,
    };
    if let Some(link) = fake.connect().links.get_mut(&id) {
        link.used = true;
    }
    if decode_form(&body)["actie"].as_str() == Some("afronden") {
        fake.set_account_ready(&account, true).await;
    }
    Redirect::to(&return_url).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_ready_exactly_when_its_transfers_capability_is_active() {
        let mut account = json!({ "capabilities": {} });
        set_ready(&mut account, false);
        assert_eq!(account["capabilities"]["transfers"], "inactive");
        assert_eq!(account["requirements"]["disabled_reason"], "requirements.past_due");
        assert!(!account["requirements"]["currently_due"].as_array().unwrap().is_empty());
        set_ready(&mut account, true);
        assert_eq!(account["capabilities"]["transfers"], "active");
        assert_eq!(account["requirements"]["currently_due"], json!([]));
        assert_eq!(account["requirements"]["disabled_reason"], Value::Null);
    }
}
