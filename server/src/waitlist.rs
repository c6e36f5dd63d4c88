//! The waiting list at work: a freed seat is offered to the next person by
//! mail; they take it from their ticket page before the offer lapses; a worker
//! lets lapsed offers go and offers the seat to the next in line.

use crate::auth::server_error;
use crate::forms::not_found;
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::dates;
use domain::i18n;
use domain::mail::OutgoingMail;
use domain::paths;
use sea_orm::{ConnectionTrait, EntityTrait};
use std::time::Duration;
use store::registration::Offer;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::TICKET_ACCEPT), post(accept))
}

/// How often lapsed offers are looked for.
const EXPIRY_INTERVAL: Duration = Duration::from_secs(60);

/// Queues the offer mails (in the caller's transaction).
pub async fn queue_offer_mails(
    db: &impl ConnectionTrait,
    base_url: &str,
    offers: &[Offer],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), store::StoreError> {
    use store::entities::organiser;
    for offer in offers {
        let organiser_name =
            organiser::Entity::find_by_id(offer.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
        let until = store::time::to_local(offer.expires_at);
        let locale = offer.locale;
        let subject = i18n::text_with(locale, "mail.offer_subject", &[("event", &offer.event_title)]);
        let (text_body, html_body) = crate::mail::render_in(
            locale,
            Some(&organiser_name),
            &subject,
            &[
                i18n::text_with(locale, "mail.dear", &[("name", &offer.name)]),
                i18n::text_with(
                    locale,
                    "mail.offer",
                    &[
                        ("event", &offer.event_title),
                        ("date", &dates::date_long_in(locale, until.date_naive())),
                        ("time", &dates::time(until.naive_local())),
                    ],
                ),
                i18n::text(locale, "mail.offer_how").to_string(),
            ],
            Some((
                i18n::text(locale, "mail.offer_button"),
                &paths::absolute(base_url, &paths::ticket(&offer.ticket_code)),
            )),
        );
        let mail = OutgoingMail {
            organiser_id: Some(offer.organiser_id),
            to: offer.email.clone(),
            to_name: Some(offer.name.clone()),
            subject,
            text_body,
            html_body,
            attachments: Vec::new(),
        };
        store::mail::enqueue(db, &mail, now).await?;
    }
    Ok(())
}

async fn accept(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    if code.len() != 64 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return not_found();
    }
    let now = state.clock.now();
    // One transaction: the seat and, for an order paid on invoice, its invoice.
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    // A seat for someone who chose to pay online is paid first (at Stripe).
    let to_pay = match store::payments::offer_to_pay(&txn, &code, now).await {
        Ok(to_pay) => to_pay,
        Err(e) => return server_error(e),
    };
    if let Some(reference) = to_pay {
        let order = match store::payments::hold_for_checkout(&txn, &reference, now).await {
            Ok(Some(order)) => order,
            Ok(None) => return server_error("the order just made for the offer is gone"),
            Err(e) => return server_error(e),
        };
        if let Err(e) = txn.commit().await {
            return server_error(e);
        }
        return match crate::payments::start_checkout(&state, &order).await {
            Ok(url) => Redirect::to(&url).into_response(),
            // The hold was released and the seat offered on: the ticket page says so.
            Err(crate::payments::CheckoutFailed::Payment(e)) => {
                tracing::warn!(error = %e, "online payment unavailable for an accepted offer");
                Redirect::to(&paths::with_notice(&paths::ticket(&code), "betalen-mislukt")).into_response()
            }
            Err(e) => server_error(e),
        };
    }
    match store::registration::accept_offer(&txn, &code, now).await {
        Ok(None) => not_found(),
        Ok(Some(true)) => {
            match invoice_mail(&txn, &code, now).await {
                Ok(queued) => {
                    if let Err(e) = txn.commit().await {
                        return server_error(e);
                    }
                    if queued {
                        state.mail_wake.notify_one();
                    }
                }
                Err(e) => return server_error(e),
            }
            Redirect::to(&paths::with_notice(&paths::ticket(&code), "aangenomen")).into_response()
        }
        Ok(Some(false)) => Redirect::to(&paths::ticket(&code)).into_response(),
        Err(e) => server_error(e),
    }
}

/// Mails the booker the invoice of a seat just taken, if it was invoiced now.
async fn invoice_mail(
    db: &impl ConnectionTrait,
    code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, store::StoreError> {
    use store::entities::{event, organiser};
    let Some(issued) = store::invoices::invoice_of_ticket(db, code).await? else { return Ok(false) };
    if issued.document.issue_date != store::time::local_date(now) {
        return Ok(false);
    }
    let Some(o) = store::entities::order::Entity::find_by_id(issued.order_id).one(db).await? else { return Ok(false) };
    let title = event::Entity::find_by_id(o.event_id).one(db).await?.map(|e| e.title).unwrap_or_default();
    let name = organiser::Entity::find_by_id(o.organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let locale = domain::i18n::Locale::parse(&o.locale).unwrap_or_default();
    let Some(mail) = crate::invoices::invoice_mail(locale, &issued, &name, &title) else { return Ok(false) };
    store::mail::enqueue(db, &mail, now).await?;
    Ok(true)
}

/// One round: lapsed offers go, and large groups their bookers did not
/// confirm in time; their seats are offered to the next in line.
pub async fn expire_once(state: &AppState) -> Result<usize, store::StoreError> {
    let now = state.clock.now();
    // Most minutes nothing lapsed: look before taking the write lock.
    if !store::registration::offers_lapsed(&state.db, now).await?
        && !store::registration::confirmations_lapsed(&state.db, now).await?
    {
        return Ok(0);
    }
    let txn = store::begin_write(&state.db).await?;
    let mut offers = store::registration::expire_offers(&txn, now).await?;
    offers.extend(store::registration::release_unconfirmed(&txn, now).await?);
    queue_offer_mails(&txn, &state.settings.base_url, &offers, now).await?;
    txn.commit().await?;
    if !offers.is_empty() {
        state.mail_wake.notify_one();
    }
    Ok(offers.len())
}

/// Runs [`expire_once`] every minute until `stop` turns true.
pub async fn run_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = expire_once(&state).await {
            tracing::error!(error = %e, "expiring waiting-list offers failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(EXPIRY_INTERVAL) => {}
            _ = stop.changed() => return,
        }
    }
}
