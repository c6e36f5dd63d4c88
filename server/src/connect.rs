//! Stripe Connect onboarding of trainers, the edges:
//! - `POST /beheer/{organiser}/lesgevers/{trainer}/stripe` (the organiser's
//!   admins): makes the trainer's Express account once (an idempotency key
//!   per trainer) and mails them a link to finish it at Stripe;
//! - `GET /lesgever/stripe/{token}`: the mailed link. Each visit asks Stripe
//!   for a fresh account link (they expire within minutes and work once) and
//!   sends the browser there; Stripe sends an expired one back here;
//! - `GET /lesgever/stripe/{token}/terug`: Stripe's return URL. Asks Stripe
//!   how the account stands (the webhook may not have come yet), records it,
//!   and shows the trainer's page (`/lesgever/stripe/{token}/klaar`).
//!
//! `account.updated` (see `crate::payments`) records changes later, also
//! an account that is no longer ready.

use crate::web::{AdminPage, Admins, Code, Id, Path, Staff, WebError};
use app::payments::{NewAccount, PaymentError, StripeAccount};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::i18n::{self, Locale};
use domain::mail::OutgoingMail;
use domain::{ConnectStatus, Email, paths};

/// The button's form holds its CSRF token only.
const FORM_LIMIT: usize = 4 * 1024;

/// Payment details are the admins'.
struct Payouts;

impl AdminPage for Payouts {
    const REFUSAL: &'static str = "refused.payouts_admins";
}

type AdminPost = Staff<Admins<Payouts>, FORM_LIMIT>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::TRAINER_STRIPE), post(send_link))
        .route(&paths::axum(paths::route::CONNECT_ONBOARDING), get(onboard))
        .route(&paths::axum(paths::route::CONNECT_RETURN), get(returned))
}

fn trainer_page(post: &AdminPost, trainer_id: i32, notice: &str) -> Response {
    let page = paths::backoffice::trainer(&post.organiser.slug, trainer_id);
    Redirect::to(&format!("{}#stripe", paths::with_notice(&page, notice))).into_response()
}

/// An `account` object of Stripe's JSON (a webhook's); `None` when it is not one.
pub(crate) fn account_from_json(object: &serde_json::Value) -> Option<StripeAccount> {
    if object["object"] != "account" {
        return None;
    }
    Some(StripeAccount {
        id: domain::finances::ConnectedAccount::parse(object["id"].as_str()?).ok()?,
        transfers_active: object["capabilities"]["transfers"] == "active",
        details_submitted: object["details_submitted"].as_bool().unwrap_or(false),
    })
}

/// The notice of a Stripe call that failed.
fn failed(e: &PaymentError) -> &'static str {
    match e {
        PaymentError::NotConfigured => "geen-betaalprovider",
        PaymentError::Refused(_) => "stripe-geweigerd",
        PaymentError::Unavailable(_) => "stripe-onbereikbaar",
    }
}

async fn send_link(
    State(state): State<AppState>,
    Path((_, Id(trainer_id))): Path<(String, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    let (organiser_id, person_id) = (post.organiser_id, post.viewer.person_id);
    let trainer =
        store::connected_accounts::onboarding(&state.db, organiser_id, trainer_id).await?.ok_or(WebError::NotFound)?;
    let Some(email) = trainer.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
        return Ok(trainer_page(&post, trainer_id, "stripe-geen-email"));
    };
    if trainer.status == Some(ConnectStatus::Ready) {
        return Ok(trainer_page(&post, trainer_id, "stripe-al-klaar"));
    }
    if trainer.account.is_none() {
        // Asked outside any transaction; the key makes a second click (or a retry) get the same account.
        let asked = NewAccount { email: email.to_string(), idempotency_key: trainer.idempotency_key() };
        let made = match state.payments.create_account(&asked).await {
            Ok(account) => account,
            Err(e) => {
                tracing::warn!(trainer = trainer_id, error = %e, "no Stripe account for a trainer");
                return Ok(trainer_page(&post, trainer_id, failed(&e)));
            }
        };
        let txn = store::begin_write(&state.db).await?;
        store::connected_accounts::set_account(&txn, organiser_id, trainer_id, &made, person_id, state.clock.now())
            .await?;
        txn.commit().await?;
    }
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let token = store::connected_accounts::issue_link(&txn, organiser_id, trainer_id, person_id, now)
        .await?
        .ok_or(WebError::NotFound)?;
    let mail = onboarding_mail(&state, (organiser_id, &post.organiser.name), &trainer.full_name, email, &token);
    store::mail::enqueue(&txn, &mail, now).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(trainer_page(&post, trainer_id, "stripe-link-verstuurd"))
}

/// The mail with the onboarding link (in Dutch: a trainer's language is not known).
fn onboarding_mail(
    state: &AppState,
    (organiser_id, organiser_name): (i32, &str),
    name: &str,
    to: Email,
    token: &str,
) -> OutgoingMail {
    let locale = Locale::Nl;
    let subject = i18n::text_with(locale, "mail.connect_subject", &[("organiser", organiser_name)]);
    let lines = vec![
        i18n::text_with(locale, "mail.dear", &[("name", name)]),
        i18n::text_with(locale, "mail.connect_text", &[("organiser", organiser_name)]),
        i18n::text(locale, "mail.connect_later").to_string(),
    ];
    let link = paths::absolute(&state.settings.base_url, &paths::connect_onboarding(token));
    let (text_body, html_body) = crate::mail::render_in(
        locale,
        Some(organiser_name),
        &subject,
        &lines,
        Some((i18n::text(locale, "mail.connect_button"), link.as_str())),
    );
    OutgoingMail {
        organiser_id: Some(organiser_id),
        to,
        to_name: Some(name.to_string()),
        subject,
        text_body,
        html_body,
        attachments: Vec::new(),
    }
}

/// The mailed link: to Stripe's onboarding with a fresh account link.
async fn onboard(State(state): State<AppState>, Path(Code(token)): Path<Code>) -> Result<Response, WebError> {
    let linked = store::connected_accounts::by_link_token(&state.db, &token).await?.ok_or(WebError::NotFound)?;
    if linked.status == Some(ConnectStatus::Ready) {
        return Ok(Redirect::to(&paths::connect_status(&token)).into_response());
    }
    let base = &state.settings.base_url;
    let refresh_url = paths::absolute(base, &paths::connect_onboarding(&token));
    let return_url = paths::absolute(base, &paths::connect_return(&token));
    match state.payments.create_account_link(linked.account.as_str(), &refresh_url, &return_url).await {
        Ok(url) => Ok(Redirect::to(&url).into_response()),
        Err(e) => {
            tracing::warn!(trainer = linked.trainer_id, error = %e, "no Stripe account link");
            Ok(Redirect::to(&paths::with_notice(&paths::connect_status(&token), failed(&e))).into_response())
        }
    }
}

/// Stripe's return URL: what the account is now, recorded, then the trainer's page.
async fn returned(State(state): State<AppState>, Path(Code(token)): Path<Code>) -> Result<Response, WebError> {
    let linked = store::connected_accounts::by_link_token(&state.db, &token).await?.ok_or(WebError::NotFound)?;
    let status = paths::connect_status(&token);
    match state.payments.retrieve_account(linked.account.as_str()).await {
        Ok(account) => {
            let txn = store::begin_write(&state.db).await?;
            store::connected_accounts::apply_account(&txn, &account, state.clock.now()).await?;
            txn.commit().await?;
            Ok(Redirect::to(&status).into_response())
        }
        Err(e) => {
            tracing::warn!(trainer = linked.trainer_id, error = %e, "Stripe unreachable after onboarding");
            Ok(Redirect::to(&paths::with_notice(&status, failed(&e))).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_an_account_as_stripe_shapes_it() {
        let account = json!({ "id": "acct_1Trainer", "object": "account", "details_submitted": false,
                              "capabilities": { "transfers": "inactive" } });
        let read = account_from_json(&account).unwrap();
        assert_eq!((read.id.as_str(), read.status()), ("acct_1Trainer", ConnectStatus::Onboarding));
        let mut done = account.clone();
        done["details_submitted"] = json!(true);
        done["capabilities"]["transfers"] = json!("active");
        assert_eq!(account_from_json(&done).map(|a| a.status()), Some(ConnectStatus::Ready));
        assert!(account_from_json(&json!({ "id": "cs_1", "object": "checkout.session" })).is_none());
        assert!(account_from_json(&json!({ "id": "bogus", "object": "account" })).is_none());
    }
}
