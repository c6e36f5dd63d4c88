//! A Stripe-shaped HTTP server, for tests and for running Leernet without
//! Stripe keys. It speaks Stripe's wire format for what Leernet uses:
//! form-encoded POST bodies in bracket notation, Bearer secret-key auth,
//! JSON objects shaped like Stripe's, Stripe's error JSON, `Idempotency-Key`,
//! and webhooks signed with the endpoint secret exactly as Stripe signs them.
//!
//! Endpoints (below wherever the router is mounted):
//! - `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
//!   `POST /v1/checkout/sessions/{id}/expire`, `POST /v1/refunds`,
//!   `POST /v1/transfers` (Connect payouts from the available balance: what
//!   was paid, less refunds and transfers, plus an opening balance, since
//!   test mode starts with funds; every well-formed `acct_...` exists until a
//!   test closes it)
//! - `GET /v1/payment_intents/{id}`, `GET /v1/charges/{id}`,
//!   `GET /v1/balance_transactions/{id}` (with `expand[]`): a paid intent's
//!   charge and its balance transaction with Stripe's fee ([`fee_for`])
//! - `GET|POST /pay/{id}`: the hosted checkout page (pay by card or
//!   Bancontact, or go back), which completes the session, sends
//!   `checkout.session.completed` and sends the browser to `success_url`.
//! - Connect onboarding: `POST /v1/accounts`, `GET /v1/accounts/{id}`,
//!   `POST /v1/account_links` and the hosted onboarding page
//!   `GET|POST /onboarding/{link}` (see `connect.rs`); a transfer to an
//!   account made here needs its `transfers` capability active.
//!
//! Tests steer deliveries through [`FakeStripe`]: hold webhooks back, deliver
//! them twice or in another order, or make the next API call fail.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use domain::clock::Clock;
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

mod connect;
pub use connect::ACCOUNT_LINK_SECONDS;

/// The available balance the fake starts with, as a Stripe test account topped
/// up for trying payouts (€ 25.000); tests change it with [`FakeStripe::set_opening_balance`].
pub const OPENING_BALANCE_CENTS: i64 = 2_500_000;

/// Stripe's API version the objects are shaped after.
pub const API_VERSION: &str = "2025-09-30.clover";

/// How the fake is set up.
pub struct FakeConfig {
    /// The key clients must send as `Authorization: Bearer ...`.
    pub secret_key: String,
    /// Webhooks are signed with this (`whsec_...`).
    pub webhook_secret: String,
    /// Where browsers reach the router (for the hosted page's `url`), e.g. `https://example.org/_fake-stripe`.
    pub public_base: String,
    pub clock: Arc<dyn Clock>,
}

/// A failure the next API call answers with.
#[derive(Debug, Clone)]
struct Failure {
    status: u16,
    kind: String,
    message: String,
}

#[derive(Default)]
struct Ledger {
    sessions: HashMap<String, Value>,
    /// Payment intent id → (amount, amount refunded so far).
    intents: HashMap<String, (i64, i64)>,
    refunds: HashMap<String, Value>,
    /// Transfers to connected accounts, by id.
    transfers: HashMap<String, Value>,
    /// `None`: [`OPENING_BALANCE_CENTS`].
    opening_balance: Option<i64>,
    /// Connected accounts that no longer exist.
    closed_accounts: HashSet<String>,
    /// Idempotency key → (request fingerprint, status, answer).
    idempotency: HashMap<String, (String, u16, Value)>,
    /// Every event created, in order.
    events: Vec<Value>,
    /// Events waiting while deliveries are held.
    held: Vec<Value>,
    hold: bool,
    fail_next: Option<Failure>,
    /// Webhook deliveries: (event id, status answered).
    deliveries: Vec<(String, u16)>,
    /// Payment intent id → how it was paid (for its charge and balance transaction).
    paid_intents: HashMap<String, PaidIntent>,
}

impl Ledger {
    fn available(&self) -> i64 {
        let paid: i64 = self.intents.values().map(|(paid, refunded)| paid - refunded).sum();
        let transferred: i64 = self.transfers.values().filter_map(|t| t["amount"].as_i64()).sum();
        self.opening_balance.unwrap_or(OPENING_BALANCE_CENTS) + paid - transferred
    }
}

struct Inner {
    config: FakeConfig,
    webhook_url: Mutex<Option<String>>,
    ledger: Mutex<Ledger>,
    /// Connected accounts and their onboarding links (`connect.rs`).
    connect: Mutex<connect::Connect>,
    http: reqwest::Client,
}

/// The fake; cheap to clone (shared state).
#[derive(Clone)]
pub struct FakeStripe {
    inner: Arc<Inner>,
}

fn random(n: usize) -> String {
    use rand::Rng;
    rand::rng().sample_iter(&rand::distr::Alphanumeric).take(n).map(char::from).collect()
}

/// Stripe's error JSON.
fn error(status: u16, kind: &str, message: &str, param: Option<&str>) -> Response {
    let mut body = json!({ "error": { "type": kind, "message": message } });
    if let Some(param) = param {
        body["error"]["param"] = json!(param);
    }
    (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body)).into_response()
}

fn invalid(message: &str, param: &str) -> Response {
    error(400, "invalid_request_error", message, Some(param))
}

impl FakeStripe {
    pub fn new(config: FakeConfig) -> Self {
        let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().unwrap_or_default();
        FakeStripe {
            inner: Arc::new(Inner {
                config,
                webhook_url: Mutex::new(None),
                ledger: Mutex::new(Ledger::default()),
                connect: Mutex::new(connect::Connect::default()),
                http,
            }),
        }
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        // A panic while holding the lock leaves plain data behind; keep going.
        self.inner.ledger.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn now(&self) -> DateTime<Utc> {
        self.inner.config.clock.now()
    }

    pub fn webhook_secret(&self) -> &str {
        &self.inner.config.webhook_secret
    }

    pub fn secret_key(&self) -> &str {
        &self.inner.config.secret_key
    }

    /// Where webhooks go (the application's `/webhooks/stripe`).
    pub fn set_webhook_url(&self, url: impl Into<String>) {
        *self.inner.webhook_url.lock().unwrap_or_else(|p| p.into_inner()) = Some(url.into());
    }

    /// While `true`, events are kept back instead of sent; see [`Self::held_events`].
    pub fn hold_webhooks(&self, hold: bool) {
        self.ledger().hold = hold;
    }

    /// Takes the events kept back (oldest first); deliver them with [`Self::deliver`].
    pub fn take_held_events(&self) -> Vec<Value> {
        std::mem::take(&mut self.ledger().held)
    }

    /// Every event created so far, oldest first.
    pub fn events(&self) -> Vec<Value> {
        self.ledger().events.clone()
    }

    /// Webhook deliveries made: (event id, HTTP status answered; 0 when unreachable).
    pub fn deliveries(&self) -> Vec<(String, u16)> {
        self.ledger().deliveries.clone()
    }

    /// The next API call answers with this Stripe error.
    pub fn fail_next_call(&self, status: u16, kind: &str, message: &str) {
        self.ledger().fail_next = Some(Failure { status, kind: kind.into(), message: message.into() });
    }

    /// The balance payouts can draw on: the opening balance, plus what was paid, less refunds and transfers.
    pub fn available_balance(&self) -> i64 {
        self.ledger().available()
    }

    pub fn set_opening_balance(&self, cents: i64) {
        self.ledger().opening_balance = Some(cents);
    }

    /// From now on `account` is unknown, as a deleted connected account is.
    pub fn close_account(&self, account: &str) {
        self.ledger().closed_accounts.insert(account.to_string());
    }

    /// Every transfer made, in no particular order.
    pub fn transfers(&self) -> Vec<Value> {
        self.ledger().transfers.values().cloned().collect()
    }

    /// A session as the API would return it.
    pub fn session(&self, id: &str) -> Option<Value> {
        self.ledger().sessions.get(id).cloned()
    }

    /// Signs `payload` as Stripe would, at `timestamp` (unix seconds).
    pub fn sign(&self, timestamp: i64, payload: &[u8]) -> String {
        domain::stripe_signature::sign(&self.inner.config.webhook_secret, timestamp, payload)
    }

    /// Sends one event to the webhook URL (signed now); the status it got, 0 when unreachable.
    pub async fn deliver(&self, event: &Value) -> u16 {
        let url = self.inner.webhook_url.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let Some(url) = url else { return 0 };
        let payload = event.to_string();
        let signature = self.sign(self.now().timestamp(), payload.as_bytes());
        let status = match self
            .inner
            .http
            .post(&url)
            .header("content-type", "application/json; charset=utf-8")
            .header("stripe-signature", signature)
            .body(payload)
            .send()
            .await
        {
            Ok(response) => response.status().as_u16(),
            Err(e) => {
                tracing::warn!(error = %e, "fake Stripe could not deliver a webhook");
                0
            }
        };
        let id = event["id"].as_str().unwrap_or_default().to_string();
        self.ledger().deliveries.push((id, status));
        status
    }

    /// Creates an event about `object` and sends it (unless deliveries are held).
    async fn emit(&self, kind: &str, object: Value) {
        let event = json!({
            "id": format!("evt_{}", random(24)),
            "object": "event",
            "api_version": API_VERSION,
            "created": self.now().timestamp(),
            "livemode": false,
            "pending_webhooks": 1,
            "request": { "id": null, "idempotency_key": null },
            "type": kind,
            "data": { "object": object },
        });
        let send = {
            let mut ledger = self.ledger();
            ledger.events.push(event.clone());
            if ledger.hold {
                ledger.held.push(event.clone());
                false
            } else {
                true
            }
        };
        if send {
            self.deliver(&event).await;
        }
    }

    /// Expires open sessions whose time ran out, as Stripe does on its own.
    async fn expire_lapsed(&self) {
        let now = self.now().timestamp();
        let lapsed: Vec<Value> = {
            let mut ledger = self.ledger();
            ledger
                .sessions
                .values_mut()
                .filter(|s| s["status"] == "open" && s["expires_at"].as_i64().is_some_and(|at| at <= now))
                .map(|s| {
                    s["status"] = json!("expired");
                    s.clone()
                })
                .collect()
        };
        for session in lapsed {
            self.emit("checkout.session.expired", session).await;
        }
    }

    /// The router, to nest under a path (e.g. `/_fake-stripe`).
    pub fn router(&self) -> Router {
        Router::new()
            .route("/v1/checkout/sessions", post(create_session))
            .route("/v1/checkout/sessions/{id}", get(retrieve_session))
            .route("/v1/checkout/sessions/{id}/expire", post(expire_session))
            .route("/v1/refunds", post(create_refund))
            .route("/v1/transfers", post(create_transfer))
            .route("/pay/{id}", get(hosted_page).post(hosted_action))
            .route("/pay.css", get(hosted_style))
            .merge(balance_routes())
            // Connect onboarding (`connect.rs`).
            .route("/v1/accounts", post(connect::create_account))
            .route("/v1/accounts/{id}", get(connect::retrieve_account))
            .route("/v1/account_links", post(connect::create_account_link))
            .route("/onboarding/{id}", get(connect::onboarding_page).post(connect::onboarding_action))
            .with_state(self.clone())
    }

    /// Checks auth and the failure hook; `Err` is the answer to give.
    fn admit(&self, headers: &HeaderMap) -> Result<(), Box<Response>> {
        let expected = format!("Bearer {}", self.inner.config.secret_key);
        let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if given != expected {
            return Err(Box::new(error(
                401,
                "invalid_request_error",
                "Invalid API Key provided. You did not provide a valid secret key.",
                None,
            )));
        }
        if let Some(f) = self.ledger().fail_next.take() {
            return Err(Box::new(error(f.status, &f.kind, &f.message, None)));
        }
        Ok(())
    }

    /// A cached answer for a repeated `Idempotency-Key`, or an error when it was used for another request.
    fn replay(&self, headers: &HeaderMap, fingerprint: &str) -> Option<Response> {
        let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok())?;
        let ledger = self.ledger();
        let (seen, status, body) = ledger.idempotency.get(key)?;
        if seen != fingerprint {
            return Some(error(
                400,
                "idempotency_error",
                "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                None,
            ));
        }
        Some((StatusCode::from_u16(*status).unwrap_or(StatusCode::OK), axum::Json(body.clone())).into_response())
    }

    fn remember(&self, headers: &HeaderMap, fingerprint: &str, status: u16, body: &Value) {
        if let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) {
            self.ledger().idempotency.insert(key.to_string(), (fingerprint.to_string(), status, body.clone()));
        }
    }
}

/// Decodes a form body in Stripe's bracket notation
/// (`line_items[0][price_data][unit_amount]=2500`) into JSON: numbered
/// keys make arrays, every leaf is a string (as Stripe receives it).
pub fn decode_form(body: &[u8]) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(body) {
        let mut path: Vec<String> = Vec::new();
        let (head, rest) = key.split_once('[').map_or((key.as_ref(), ""), |(h, r)| (h, r));
        path.push(head.to_string());
        for part in rest.split('[') {
            let part = part.trim_end_matches(']');
            if !part.is_empty() || !rest.is_empty() {
                path.push(part.to_string());
            }
        }
        let mut node = &mut root;
        for (i, segment) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            let Value::Object(map) = node else { break };
            // `a[]=x` appends.
            let segment = if segment.is_empty() { map.len().to_string() } else { segment.clone() };
            if last {
                map.insert(segment, Value::String(value.to_string()));
                break;
            }
            node = map.entry(segment).or_insert_with(|| Value::Object(Map::new()));
        }
    }
    arrays(root)
}

/// Objects whose keys are 0, 1, 2... become arrays.
fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let numbered = !map.is_empty() && (0..map.len()).all(|i| map.contains_key(&i.to_string()));
            if numbered {
                let mut map = map;
                Value::Array(
                    (0..map.len()).map(|i| arrays(map.remove(&i.to_string()).unwrap_or(Value::Null))).collect(),
                )
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

fn int(value: &Value) -> Option<i64> {
    value.as_str().and_then(|s| s.parse().ok()).or_else(|| value.as_i64())
}

async fn create_session(State(fake): State<FakeStripe>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let fingerprint = format!("POST /v1/checkout/sessions {}", String::from_utf8_lossy(&body));
    if let Some(answer) = fake.replay(&headers, &fingerprint) {
        return answer;
    }
    let params = decode_form(&body);
    match new_session(&fake, &params) {
        Ok(session) => {
            let id = session["id"].as_str().unwrap_or_default().to_string();
            fake.ledger().sessions.insert(id, session.clone());
            fake.remember(&headers, &fingerprint, 200, &session);
            axum::Json(session).into_response()
        }
        Err(answer) => *answer,
    }
}

fn new_session(fake: &FakeStripe, params: &Value) -> Result<Value, Box<Response>> {
    let now = fake.now().timestamp();
    if params["mode"].as_str() != Some("payment") {
        return Err(Box::new(invalid("This fake supports mode=payment only.", "mode")));
    }
    let Some(success_url) = params["success_url"].as_str() else {
        return Err(Box::new(invalid("Missing required param: success_url.", "success_url")));
    };
    let Some(items) = params["line_items"].as_array().filter(|items| !items.is_empty()) else {
        return Err(Box::new(invalid("Missing required param: line_items.", "line_items")));
    };
    let mut total = 0i64;
    let mut currency = None;
    for (i, item) in items.iter().enumerate() {
        let price = &item["price_data"];
        let (Some(amount), Some(quantity)) = (int(&price["unit_amount"]), int(&item["quantity"])) else {
            return Err(Box::new(invalid(
                "Each line item needs price_data[unit_amount] and quantity.",
                &format!("line_items[{i}][price_data][unit_amount]"),
            )));
        };
        if amount < 0 || quantity < 1 {
            return Err(Box::new(invalid("Invalid amount or quantity.", &format!("line_items[{i}]"))));
        }
        if price["product_data"]["name"].as_str().is_none_or(str::is_empty) {
            return Err(Box::new(invalid(
                "Missing required param: product_data[name].",
                &format!("line_items[{i}][price_data][product_data][name]"),
            )));
        }
        let item_currency = price["currency"].as_str().unwrap_or_default().to_string();
        if currency.get_or_insert_with(|| item_currency.clone()) != &item_currency {
            return Err(Box::new(invalid("All line items must use the same currency.", "currency")));
        }
        total += amount * quantity;
    }
    let expires_at = match int(&params["expires_at"]) {
        None => now + 24 * 3600,
        Some(at) if at < now + 30 * 60 || at > now + 24 * 3600 => {
            return Err(Box::new(invalid(
                "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
                "expires_at",
            )));
        }
        Some(at) => at,
    };
    let methods: Vec<Value> = params["payment_method_types"]
        .as_array()
        .or_else(|| params["allowed_payment_method_types"].as_array())
        .cloned()
        .unwrap_or_else(|| vec![json!("card")]);
    let id = format!("cs_test_{}", random(40));
    Ok(json!({
        "id": id,
        "object": "checkout.session",
        "amount_subtotal": total,
        "amount_total": total,
        "automatic_tax": { "enabled": false, "liability": null, "provider": null, "status": null },
        "cancel_url": params["cancel_url"],
        "client_reference_id": params["client_reference_id"],
        "created": now,
        "currency": currency,
        "custom_fields": [],
        "custom_text": { "after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null },
        "customer": null,
        "customer_email": params["customer_email"],
        "expires_at": expires_at,
        "livemode": false,
        "locale": params["locale"],
        "metadata": params.get("metadata").cloned().unwrap_or_else(|| json!({})),
        "mode": "payment",
        "payment_intent": null,
        "payment_method_types": methods,
        "payment_status": "unpaid",
        "shipping_options": [],
        "status": "open",
        "success_url": success_url,
        "url": format!("{}/pay/{id}", fake.inner.config.public_base.trim_end_matches('/')),
        "line_items_for_fake": items,
    }))
}

fn without_internal(mut session: Value) -> Value {
    if let Some(map) = session.as_object_mut() {
        map.remove("line_items_for_fake");
    }
    session
}

async fn retrieve_session(State(fake): State<FakeStripe>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    fake.expire_lapsed().await;
    match fake.session(&id) {
        Some(session) => axum::Json(without_internal(session)).into_response(),
        None => error(404, "invalid_request_error", &format!("No such checkout.session: '{id}'"), Some("id")),
    }
}

async fn expire_session(State(fake): State<FakeStripe>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    fake.expire_lapsed().await;
    let expired = {
        let mut ledger = fake.ledger();
        let Some(session) = ledger.sessions.get_mut(&id) else {
            return error(404, "invalid_request_error", &format!("No such checkout.session: '{id}'"), Some("id"));
        };
        if session["status"] != "open" {
            return invalid("Only Checkout Sessions with a status in [\"open\"] can be expired.", "session");
        }
        session["status"] = json!("expired");
        session.clone()
    };
    fake.emit("checkout.session.expired", without_internal(expired.clone())).await;
    axum::Json(without_internal(expired)).into_response()
}

async fn create_refund(State(fake): State<FakeStripe>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let fingerprint = format!("POST /v1/refunds {}", String::from_utf8_lossy(&body));
    if let Some(answer) = fake.replay(&headers, &fingerprint) {
        return answer;
    }
    let params = decode_form(&body);
    let Some(intent) = params["payment_intent"].as_str().map(str::to_string) else {
        return invalid("Missing required param: payment_intent.", "payment_intent");
    };
    let now = fake.now().timestamp();
    let (refund, charge) = {
        let mut ledger = fake.ledger();
        let Some((paid, refunded)) = ledger.intents.get(&intent).copied() else {
            return error(
                404,
                "invalid_request_error",
                &format!("No such payment_intent: '{intent}'"),
                Some("payment_intent"),
            );
        };
        let amount = int(&params["amount"]).unwrap_or(paid - refunded);
        if amount < 1 || amount > paid - refunded {
            return invalid(
                &format!("Refund amount ({amount}) is greater than unrefunded amount on charge ({}).", paid - refunded),
                "amount",
            );
        }
        ledger.intents.insert(intent.clone(), (paid, refunded + amount));
        let refund = json!({
            "id": format!("re_{}", random(24)),
            "object": "refund",
            "amount": amount,
            "balance_transaction": null,
            "charge": format!("ch_{}", intent.trim_start_matches("pi_")),
            "created": now,
            "currency": "eur",
            "metadata": params.get("metadata").cloned().unwrap_or_else(|| json!({})),
            "payment_intent": intent,
            "reason": params["reason"],
            "status": "succeeded",
        });
        let charge = json!({
            "id": format!("ch_{}", intent.trim_start_matches("pi_")),
            "object": "charge",
            "amount": paid,
            "amount_refunded": refunded + amount,
            "currency": "eur",
            "payment_intent": intent,
            "refunded": refunded + amount == paid,
            "refunds": { "object": "list", "data": [refund.clone()], "has_more": false },
        });
        ledger.refunds.insert(refund["id"].as_str().unwrap_or_default().to_string(), refund.clone());
        (refund, charge)
    };
    fake.remember(&headers, &fingerprint, 200, &refund);
    fake.emit("refund.created", refund.clone()).await;
    fake.emit("charge.refunded", charge).await;
    axum::Json(refund).into_response()
}

/// Stripe's error JSON with its `code`.
fn refusal(code: &str, message: &str, param: Option<&str>) -> Response {
    let mut body = json!({ "error": { "type": "invalid_request_error", "code": code, "message": message } });
    if let Some(param) = param {
        body["error"]["param"] = json!(param);
    }
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

async fn create_transfer(State(fake): State<FakeStripe>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let fingerprint = format!("POST /v1/transfers {}", String::from_utf8_lossy(&body));
    let params = decode_form(&body);
    if params["currency"].as_str() != Some("eur") {
        return invalid("This account can only transfer in eur.", "currency");
    }
    let Some(amount) = int(&params["amount"]).filter(|a| *a >= 1) else {
        return invalid("Invalid positive integer", "amount");
    };
    let destination = params["destination"].as_str().unwrap_or_default().to_string();
    let well_formed = destination
        .strip_prefix("acct_")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric()));
    let transfer = {
        // Checked and made under one lock: two requests with one key make one transfer.
        let mut ledger = fake.ledger();
        let balance = ledger.available();
        let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
        if let Some((seen, status, answer)) = key.as_ref().and_then(|k| ledger.idempotency.get(k)) {
            if *seen != fingerprint {
                return error(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                    None,
                );
            }
            return (StatusCode::from_u16(*status).unwrap_or(StatusCode::OK), axum::Json(answer.clone()))
                .into_response();
        }
        if !well_formed || ledger.closed_accounts.contains(&destination) {
            return refusal("resource_missing", &format!("No such destination: '{destination}'"), Some("destination"));
        }
        // An account onboarded through the fake receives transfers once its onboarding is finished.
        if let Some(refused) = fake.refuse_transfer(&destination) {
            return refused;
        }
        if amount > balance {
            return refusal(
                "balance_insufficient",
                "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.",
                None,
            );
        }
        let id = format!("tr_{}", random(24));
        let transfer = json!({
            "id": id,
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "balance_transaction": format!("txn_{}", random(24)),
            "created": fake.now().timestamp(),
            "currency": "eur",
            "description": params["description"],
            "destination": destination,
            "destination_payment": format!("py_{}", random(24)),
            "livemode": false,
            "metadata": params.get("metadata").cloned().unwrap_or_else(|| json!({})),
            "reversals": { "object": "list", "data": [], "has_more": false, "total_count": 0,
                           "url": format!("/v1/transfers/{id}/reversals") },
            "reversed": false,
            "source_transaction": null,
            "source_type": "card",
            "transfer_group": params["transfer_group"],
        });
        ledger.transfers.insert(id, transfer.clone());
        if let Some(key) = key {
            ledger.idempotency.insert(key, (fingerprint, 200, transfer.clone()));
        }
        transfer
    };
    fake.emit("transfer.created", transfer.clone()).await;
    axum::Json(transfer).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn euros(cents: i64) -> String {
    format!("€ {},{:02}", cents / 100, cents % 100)
}

async fn hosted_page(State(fake): State<FakeStripe>, Path(id): Path<String>) -> Response {
    fake.expire_lapsed().await;
    let Some(session) = fake.session(&id) else {
        return (StatusCode::NOT_FOUND, Html(page("Onbekende betaling", "<p>Deze betaalpagina bestaat niet.</p>")))
            .into_response();
    };
    let lines: String = session["line_items_for_fake"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    format!(
                        "<li>{} × {} à {}</li>",
                        escape(item["quantity"].as_str().unwrap_or("1")),
                        escape(item["price_data"]["product_data"]["name"].as_str().unwrap_or_default()),
                        euros(int(&item["price_data"]["unit_amount"]).unwrap_or(0))
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let total = euros(session["amount_total"].as_i64().unwrap_or(0));
    let body = match session["status"].as_str() {
        Some("open") => format!(
            r#"<ul>{lines}</ul><p class="total">Te betalen: <strong>{total}</strong></p>
<form method="post">
<button type="submit" name="actie" value="card">Betalen met kaart</button>
<button type="submit" name="actie" value="bancontact">Betalen met Bancontact</button>
<button type="submit" name="actie" value="annuleren" class="quiet">Annuleren</button>
</form>"#
        ),
        Some("complete") => "<p>Deze betaling is al gebeurd.</p>".to_string(),
        _ => "<p>Deze betaalsessie is verlopen; er werd niets betaald.</p>".to_string(),
    };
    Html(page(&format!("Betalen: {total}"), &body)).into_response()
}

/// The hosted page's look, as a file of its own: the app's Content Security
/// Policy (no inline styles) covers this page too.
const HOSTED_STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2933}\n\
.test{background:#fff3cd;border:2px solid #b58100;padding:.75rem;font-weight:bold}\n\
button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem;cursor:pointer}\n\
.quiet{background:none}\n";

async fn hosted_style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], HOSTED_STYLE).into_response()
}

fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="../pay.css"></head>
<body><main><p class="test" role="status">Testmodus — er wordt niet echt betaald. Dit is de nagebootste betaalpagina van Stripe.</p>
<h1>{title}</h1>{body}</main></body></html>"#,
        title = escape(title)
    )
}

async fn hosted_action(State(fake): State<FakeStripe>, Path(id): Path<String>, body: axum::body::Bytes) -> Response {
    fake.expire_lapsed().await;
    let action = decode_form(&body)["actie"].as_str().unwrap_or_default().to_string();
    let Some(session) = fake.session(&id) else {
        return (StatusCode::NOT_FOUND, Html(page("Onbekende betaling", "<p>Deze betaalpagina bestaat niet.</p>")))
            .into_response();
    };
    if session["status"] != "open" {
        return Redirect::to(&format!("{}/pay/{id}", fake.inner.config.public_base.trim_end_matches('/')))
            .into_response();
    }
    match action.as_str() {
        "card" | "bancontact" => {
            let completed = fake.complete(&id, &action);
            if let Some(session) = completed {
                fake.emit("checkout.session.completed", without_internal(session.clone())).await;
                let url = session["success_url"].as_str().unwrap_or_default().replace("{CHECKOUT_SESSION_ID}", &id);
                return Redirect::to(&url).into_response();
            }
            (StatusCode::CONFLICT, Html(page("Betaling", "<p>Deze betaling is al afgehandeld.</p>"))).into_response()
        }
        _ => match session["cancel_url"].as_str() {
            Some(url) => Redirect::to(url).into_response(),
            None => Html(page("Geannuleerd", "<p>Je hebt niet betaald.</p>")).into_response(),
        },
    }
}

impl FakeStripe {
    /// Marks an open session paid (what the hosted page's pay buttons do),
    /// without sending the event; `None` when it was not open.
    pub fn complete(&self, id: &str, method: &str) -> Option<Value> {
        let mut ledger = self.ledger();
        let session = ledger.sessions.get_mut(id)?;
        if session["status"] != "open" {
            return None;
        }
        let intent = format!("pi_{}", random(24));
        let amount = session["amount_total"].as_i64().unwrap_or(0);
        session["status"] = json!("complete");
        session["payment_status"] = json!("paid");
        session["payment_intent"] = json!(intent);
        session["payment_method_types"] = json!([method]);
        let session = session.clone();
        ledger.intents.insert(intent.clone(), (amount, 0));
        let paid = PaidIntent { method: method.to_string(), created: self.now().timestamp() };
        ledger.paid_intents.insert(intent, paid);
        Some(session)
    }
}

// ---- Payment intents, charges and balance transactions (Stripe's fees) ----
//
// A paid session's payment intent `pi_X` has one charge `ch_X`, whose
// balance transaction `txn_X` holds Stripe's fee, as Stripe reports them:
// `GET /v1/payment_intents/{id}` (its `latest_charge`), `GET /v1/charges/{id}`
// (its `balance_transaction`), `GET /v1/balance_transactions/{id}` (`fee`,
// `fee_details`, `net`), each with `expand[]` for the objects they name
// (`latest_charge`, `latest_charge.balance_transaction`, `balance_transaction`).

/// How a payment intent was paid.
#[derive(Debug, Clone)]
struct PaidIntent {
    /// `card` or `bancontact`.
    method: String,
    created: i64,
}

/// Stripe's standard fee in Belgium for a payment of `amount` cents by
/// `method`: Bancontact € 0,35; cards (standard EEA) 1,5 % + € 0,25, the
/// percentage rounded half up to the cent.
pub fn fee_for(method: &str, amount: i64) -> i64 {
    match method {
        "bancontact" => 35,
        _ => (amount * 15 + 500) / 1000 + 25,
    }
}

/// When Stripe makes a payment available: seven days after it (as for a new Belgian account).
const AVAILABLE_AFTER: i64 = 7 * 24 * 3600;

fn balance_routes() -> Router<FakeStripe> {
    Router::new()
        .route("/v1/payment_intents/{id}", get(retrieve_payment_intent))
        .route("/v1/charges/{id}", get(retrieve_charge))
        .route("/v1/balance_transactions/{id}", get(retrieve_balance_transaction))
}

/// The `expand[]` of a query string.
fn expansions(query: Option<&str>) -> Vec<String> {
    let params = decode_form(query.unwrap_or_default().as_bytes());
    match &params["expand"] {
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Value::String(one) => vec![one.clone()],
        _ => Vec::new(),
    }
}

impl FakeStripe {
    /// The paid intent with this suffix (`pi_X`, `ch_X`, `txn_X` share `X`), and its amount.
    fn paid_intent(&self, suffix: &str) -> Option<(String, PaidIntent, i64, i64)> {
        let intent = format!("pi_{suffix}");
        let ledger = self.ledger();
        let paid = ledger.paid_intents.get(&intent)?.clone();
        let (amount, refunded) = ledger.intents.get(&intent).copied()?;
        Some((intent, paid, amount, refunded))
    }

    fn balance_transaction(&self, suffix: &str) -> Option<Value> {
        let (_, paid, amount, _) = self.paid_intent(suffix)?;
        let fee = fee_for(&paid.method, amount);
        let available_on = paid.created + AVAILABLE_AFTER;
        Some(json!({
            "id": format!("txn_{suffix}"),
            "object": "balance_transaction",
            "amount": amount,
            "available_on": available_on,
            "created": paid.created,
            "currency": "eur",
            "description": null,
            "exchange_rate": null,
            "fee": fee,
            "fee_details": [{
                "amount": fee,
                "application": null,
                "currency": "eur",
                "description": "Stripe processing fees",
                "type": "stripe_fee",
            }],
            "net": amount - fee,
            "reporting_category": "charge",
            "source": format!("ch_{suffix}"),
            "status": if self.now().timestamp() >= available_on { "available" } else { "pending" },
            "type": "charge",
        }))
    }

    fn charge(&self, suffix: &str, expand_balance: bool) -> Option<Value> {
        let (intent, paid, amount, refunded) = self.paid_intent(suffix)?;
        let balance_transaction =
            if expand_balance { self.balance_transaction(suffix)? } else { json!(format!("txn_{suffix}")) };
        Some(json!({
            "id": format!("ch_{suffix}"),
            "object": "charge",
            "amount": amount,
            "amount_captured": amount,
            "amount_refunded": refunded,
            "balance_transaction": balance_transaction,
            "captured": true,
            "created": paid.created,
            "currency": "eur",
            "livemode": false,
            "paid": true,
            "payment_intent": intent,
            "payment_method_details": { "type": paid.method },
            "refunded": refunded >= amount,
            "status": "succeeded",
        }))
    }

    fn payment_intent(&self, suffix: &str, expand: &[String]) -> Option<Value> {
        let (intent, paid, amount, _) = self.paid_intent(suffix)?;
        let latest_charge = if expand.iter().any(|e| e == "latest_charge.balance_transaction") {
            self.charge(suffix, true)?
        } else if expand.iter().any(|e| e == "latest_charge") {
            self.charge(suffix, false)?
        } else {
            json!(format!("ch_{suffix}"))
        };
        Some(json!({
            "id": intent,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount,
            "created": paid.created,
            "currency": "eur",
            "latest_charge": latest_charge,
            "livemode": false,
            "payment_method_types": [paid.method],
            "status": "succeeded",
        }))
    }
}

fn no_such(what: &str, id: &str) -> Response {
    error(404, "invalid_request_error", &format!("No such {what}: '{id}'"), Some("id"))
}

async fn retrieve_payment_intent(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let expand = expansions(query.as_deref());
    match id.strip_prefix("pi_").and_then(|suffix| fake.payment_intent(suffix, &expand)) {
        Some(intent) => axum::Json(intent).into_response(),
        None => no_such("payment_intent", &id),
    }
}

async fn retrieve_charge(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    let expand = expansions(query.as_deref()).iter().any(|e| e == "balance_transaction");
    match id.strip_prefix("ch_").and_then(|suffix| fake.charge(suffix, expand)) {
        Some(charge) => axum::Json(charge).into_response(),
        None => no_such("charge", &id),
    }
}

async fn retrieve_balance_transaction(
    State(fake): State<FakeStripe>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(answer) = fake.admit(&headers) {
        return *answer;
    }
    match id.strip_prefix("txn_").and_then(|suffix| fake.balance_transaction(suffix)) {
        Some(txn) => axum::Json(txn).into_response(),
        None => no_such("balance_transaction", &id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_follow_stripes_belgian_prices() {
        // Cards: 1,5 % + € 0,25 (half a cent rounds up); Bancontact: € 0,35.
        assert_eq!(fee_for("card", 3500), 78);
        assert_eq!(fee_for("card", 1000), 40);
        assert_eq!(fee_for("card", 2100), 57);
        assert_eq!(fee_for("bancontact", 3500), 35);
        assert_eq!(
            expansions(Some("expand%5B%5D=latest_charge.balance_transaction")),
            ["latest_charge.balance_transaction"]
        );
        assert_eq!(expansions(Some("expand[0]=latest_charge")), ["latest_charge"]);
        assert!(expansions(None).is_empty());
    }

    #[test]
    fn decodes_stripes_bracket_notation() {
        let body = b"mode=payment&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=2500\
&line_items[0][price_data][currency]=eur&line_items[0][quantity]=2\
&line_items[1][quantity]=1&metadata[order_reference]=2026-AB12\
&allowed_payment_method_types[0]=card&allowed_payment_method_types[1]=bancontact\
&expand[]=payment_intent&success_url=https%3A%2F%2Fx.test%2Fok%3Fs%3D%7BCHECKOUT_SESSION_ID%7D";
        let v = decode_form(body);
        assert_eq!(v["mode"], "payment");
        assert_eq!(v["line_items"][0]["price_data"]["unit_amount"], "2500");
        assert_eq!(v["line_items"][0]["price_data"]["currency"], "eur");
        assert_eq!(v["line_items"][0]["quantity"], "2");
        assert_eq!(v["line_items"][1]["quantity"], "1");
        assert_eq!(v["metadata"]["order_reference"], "2026-AB12");
        assert_eq!(v["allowed_payment_method_types"], json!(["card", "bancontact"]));
        assert_eq!(v["expand"], json!(["payment_intent"]));
        assert_eq!(v["success_url"], "https://x.test/ok?s={CHECKOUT_SESSION_ID}");
    }

    #[test]
    fn numbered_keys_out_of_order_still_make_an_array() {
        let v = decode_form(b"a[1]=y&a[0]=x&b[x]=1");
        assert_eq!(v["a"], json!(["x", "y"]));
        assert_eq!(v["b"], json!({"x": "1"}));
    }
}
