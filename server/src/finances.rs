//! Form posts of the admins' money pages: add a cost line to an event, change
//! one, remove one, pay one through Stripe Connect. Each posts to its page's own address; a form with errors
//! is answered with that page rendered from what was typed (422), a saved
//! one with a redirect to the event's books and a message.

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_errors, not_found, read_body, staff_post};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::finances::CostLineEdit;
use domain::forms::RawForm;
use store::finances::{Payout, Removal};

/// A cost line's form is a few hundred bytes.
const FORM_LIMIT: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/{organiser}/activiteiten/{event}/financien", post(add))
        .route("/beheer/{organiser}/activiteiten/{event}/financien/{line}", post(update))
        .route("/beheer/{organiser}/activiteiten/{event}/financien/{line}/verwijderen", post(remove))
        .route("/beheer/{organiser}/activiteiten/{event}/financien/{line}/uitbetalen", post(pay_out))
}

/// The post's form and its poster, who must be an admin of the organiser.
async fn admin_post(
    state: &AppState,
    parts: &axum::http::request::Parts,
    organiser: &str,
    body: axum::body::Body,
) -> Result<(StaffPost, RawForm), Response> {
    let form = read_body(body, FORM_LIMIT).await?;
    let post = staff_post(state, &parts.headers, organiser, &form).await?;
    if !post.viewer.is_admin_of(post.organiser.slug.as_str()) {
        return Err((StatusCode::FORBIDDEN, crate::language::tr("refused.finances_admins")).into_response());
    }
    Ok((post, form))
}

fn id(raw: &str) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|id| *id > 0)
}

fn books(post: &StaffPost, event_id: i32, notice: &str) -> Response {
    let path = format!("/beheer/{}/activiteiten/{event_id}/financien?melding={notice}#kosten", post.organiser.slug);
    Redirect::to(&path).into_response()
}

async fn add(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let (post, form) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(event_id) = id(&event) else { return not_found() };
    let edit = match CostLineEdit::from_form(&form) {
        Ok(edit) => edit,
        Err(errors) => return answer_with_errors(&state, &parts, form, errors).await,
    };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    match store::finances::add_cost_line(&txn, post.organiser_id, event_id, &edit, post.viewer.person_id, now).await {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    books(&post, event_id, "toegevoegd")
}

async fn update(
    State(state): State<AppState>,
    Path((organiser, event, line)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let (post, form) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (Some(event_id), Some(line_id)) = (id(&event), id(&line)) else { return not_found() };
    // Another organiser's line is not found, whatever the form holds.
    match store::finances::cost_line(&state.db, post.organiser_id, event_id, line_id).await {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    }
    let edit = match CostLineEdit::from_form(&form) {
        Ok(edit) => edit,
        Err(errors) => return answer_with_errors(&state, &parts, form, errors).await,
    };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    let changes = match store::finances::update_cost_line(
        &txn,
        post.organiser_id,
        event_id,
        line_id,
        &edit,
        post.viewer.person_id,
        now,
    )
    .await
    {
        Ok(Some(changes)) => changes,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    books(&post, event_id, if changes.is_empty() { "ongewijzigd" } else { "opgeslagen" })
}

async fn remove(
    State(state): State<AppState>,
    Path((organiser, event, line)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let (post, _) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (Some(event_id), Some(line_id)) = (id(&event), id(&line)) else { return not_found() };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    let removal =
        match store::finances::remove_cost_line(&txn, post.organiser_id, event_id, line_id, post.viewer.person_id, now)
            .await
        {
            Ok(removal) => removal,
            Err(e) => return server_error(e),
        };
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    match removal {
        Removal::Removed => books(&post, event_id, "verwijderd"),
        Removal::Paid => books(&post, event_id, "betaald"),
        Removal::NotFound => not_found(),
    }
}

/// Pays an approved line to its payee's connected account. Stripe is asked
/// outside any transaction (a write turn is never held over the network);
/// the idempotency key makes a second click, or a retry after a timeout,
/// return the transfer already made, and the guarded update records it once.
async fn pay_out(
    State(state): State<AppState>,
    Path((organiser, event, line)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    use app::payments::{BALANCE_INSUFFICIENT, NewTransfer, PaymentError, RESOURCE_MISSING};
    let (parts, body) = request.into_parts();
    let (post, _) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (Some(event_id), Some(line_id)) = (id(&event), id(&line)) else { return not_found() };
    let plan = match store::finances::payout(&state.db, post.organiser_id, event_id, line_id).await {
        Ok(Payout::Ready(plan)) => plan,
        Ok(Payout::NotPayable) => return books(&post, event_id, "niet-uit-te-betalen"),
        Ok(Payout::NotFound) => return not_found(),
        Err(e) => return server_error(e),
    };
    let asked = NewTransfer {
        amount_cents: plan.amount.cents(),
        destination: plan.account.as_str().to_string(),
        description: plan.description.clone(),
        transfer_group: plan.transfer_group.clone(),
        idempotency_key: plan.idempotency_key.clone(),
    };
    let transfer = match state.payments.transfer(&asked).await {
        Ok(transfer) => transfer,
        Err(PaymentError::Refused(reason)) => {
            tracing::info!(line = line_id, reason, "Stripe refused a payout");
            let txn = match store::begin_write(&state.db).await {
                Ok(t) => t,
                Err(e) => return server_error(e),
            };
            if let Err(e) = store::finances::payout_refused(&txn, line_id).await {
                return server_error(e);
            }
            if let Err(e) = txn.commit().await {
                return server_error(e);
            }
            let notice = match reason.as_str() {
                BALANCE_INSUFFICIENT => "saldo-te-laag",
                RESOURCE_MISSING => "account-onbekend",
                _ => "geweigerd",
            };
            return books(&post, event_id, notice);
        }
        Err(PaymentError::Unavailable(reason)) => {
            // Nothing is known of the outcome: the same key asks again next time.
            tracing::warn!(line = line_id, reason, "Stripe unreachable for a payout");
            return books(&post, event_id, "stripe-onbereikbaar");
        }
    };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    let recorded = match store::finances::record_payout(&txn, &plan, &transfer.id, post.viewer.person_id, now).await {
        Ok(recorded) => recorded,
        Err(e) => return server_error(e),
    };
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    books(&post, event_id, if recorded { "uitbetaald" } else { "al-betaald" })
}
