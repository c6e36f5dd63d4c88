//! Form posts of the admins' money pages: add a cost line to an event, change
//! one, remove one, pay one through Stripe Connect. Each posts to its page's own address; a form with errors
//! is answered with that page rendered from what was typed (422), a saved
//! one with a redirect to the event's books and a message.

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_errors, not_found, read_body, staff_post};
use crate::reports::{YearQuery, csv_download};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::finances::CostLineEdit;
use domain::forms::RawForm;
use domain::paths;
use store::finances::{Payout, Removal};

/// A cost line's form is a few hundred bytes.
const FORM_LIMIT: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::FINANCES_CSV), axum::routing::get(year_csv))
        .route(&paths::axum(paths::route::EVENT_FINANCES), post(add))
        .route(&paths::axum(paths::route::COST_LINE), post(update))
        .route(&paths::axum(paths::route::COST_LINE_REMOVE), post(remove))
        .route(&paths::axum(paths::route::COST_LINE_PAY_OUT), post(pay_out))
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

fn id(raw: &str) -> Result<i32, Early> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| not_found().into())
}

/// The response a handler's step answers early with (404, 422, 500): `?`
/// carries it out, and axum sends it. Boxed, as a response is large.
struct Early(Box<Response>);

impl From<Response> for Early {
    fn from(response: Response) -> Self {
        Early(Box::new(response))
    }
}

impl IntoResponse for Early {
    fn into_response(self) -> Response {
        *self.0
    }
}

type Answer = Result<Response, Early>;

/// A store or payment failure as the 500 it is.
fn failed<T>(result: Result<T, impl std::fmt::Display>) -> Result<T, Early> {
    result.map_err(|e| server_error(e).into())
}

fn found<T>(found: Option<T>) -> Result<T, Early> {
    found.ok_or_else(|| not_found().into())
}

fn books(post: &StaffPost, event_id: i32, notice: &str) -> Response {
    let path = format!(
        "{}#kosten",
        paths::with_notice(&paths::backoffice::event_finances(&post.organiser.slug, event_id), notice)
    );
    Redirect::to(&path).into_response()
}

async fn add(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Answer {
    let (parts, body) = request.into_parts();
    let (post, form) = admin_post(&state, &parts, &organiser, body).await?;
    let event_id = id(&event)?;
    let edit = match CostLineEdit::from_form(&form) {
        Ok(edit) => edit,
        Err(errors) => return Err(answer_with_errors(&state, &parts, form, errors).await.into()),
    };
    let txn = failed(store::begin_write(&state.db).await)?;
    let now = state.clock.now();
    found(failed(
        store::finances::add_cost_line(&txn, post.organiser_id, event_id, &edit, post.viewer.person_id, now).await,
    )?)?;
    failed(txn.commit().await)?;
    Ok(books(&post, event_id, "toegevoegd"))
}

async fn update(
    State(state): State<AppState>,
    Path((organiser, event, line)): Path<(String, String, String)>,
    request: Request,
) -> Answer {
    let (parts, body) = request.into_parts();
    let (post, form) = admin_post(&state, &parts, &organiser, body).await?;
    let (event_id, line_id) = (id(&event)?, id(&line)?);
    // Another organiser's line is not found, whatever the form holds.
    found(failed(store::finances::cost_line(&state.db, post.organiser_id, event_id, line_id).await)?)?;
    let edit = match CostLineEdit::from_form(&form) {
        Ok(edit) => edit,
        Err(errors) => return Err(answer_with_errors(&state, &parts, form, errors).await.into()),
    };
    let txn = failed(store::begin_write(&state.db).await)?;
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let changes = found(failed(
        store::finances::update_cost_line(&txn, organiser_id, event_id, line_id, &edit, person_id, now).await,
    )?)?;
    failed(txn.commit().await)?;
    Ok(books(&post, event_id, if changes.is_empty() { "ongewijzigd" } else { "opgeslagen" }))
}

async fn remove(
    State(state): State<AppState>,
    Path((organiser, event, line)): Path<(String, String, String)>,
    request: Request,
) -> Answer {
    let (parts, body) = request.into_parts();
    let (post, _) = admin_post(&state, &parts, &organiser, body).await?;
    let (event_id, line_id) = (id(&event)?, id(&line)?);
    let txn = failed(store::begin_write(&state.db).await)?;
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let removal =
        failed(store::finances::remove_cost_line(&txn, organiser_id, event_id, line_id, person_id, now).await)?;
    failed(txn.commit().await)?;
    match removal {
        Removal::Removed => Ok(books(&post, event_id, "verwijderd")),
        Removal::Paid => Ok(books(&post, event_id, "betaald")),
        Removal::NotFound => Err(not_found().into()),
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
) -> Answer {
    use app::payments::{BALANCE_INSUFFICIENT, NewTransfer, PaymentError, RESOURCE_MISSING};
    let (parts, body) = request.into_parts();
    let (post, _) = admin_post(&state, &parts, &organiser, body).await?;
    let (event_id, line_id) = (id(&event)?, id(&line)?);
    let plan = match failed(store::finances::payout(&state.db, post.organiser_id, event_id, line_id).await)? {
        Payout::Ready(plan) => plan,
        Payout::NotPayable => return Ok(books(&post, event_id, "niet-uit-te-betalen")),
        Payout::NotFound => return Err(not_found().into()),
    };
    let asked = NewTransfer {
        amount_cents: plan.amount.cents(),
        destination: plan.account.as_str().to_string(),
        description: plan.description(),
        transfer_group: plan.transfer_group.clone(),
        idempotency_key: plan.idempotency_key.clone(),
    };
    let transfer = match state.payments.transfer(&asked).await {
        Ok(transfer) => transfer,
        Err(PaymentError::Refused(reason)) => {
            tracing::info!(line = line_id, reason, "Stripe refused a payout");
            let txn = failed(store::begin_write(&state.db).await)?;
            failed(store::finances::payout_refused(&txn, line_id).await)?;
            failed(txn.commit().await)?;
            let notice = match reason.as_str() {
                BALANCE_INSUFFICIENT => "saldo-te-laag",
                RESOURCE_MISSING => "account-onbekend",
                _ => "geweigerd",
            };
            return Ok(books(&post, event_id, notice));
        }
        Err(PaymentError::NotConfigured) => return Ok(books(&post, event_id, "geen-betaalprovider")),
        Err(PaymentError::Unavailable(reason)) => {
            // Nothing is known of the outcome: the same key asks again next time.
            tracing::warn!(line = line_id, reason, "Stripe unreachable for a payout");
            return Ok(books(&post, event_id, "stripe-onbereikbaar"));
        }
    };
    let txn = failed(store::begin_write(&state.db).await)?;
    let now = state.clock.now();
    let recorded = failed(store::finances::record_payout(&txn, &plan, &transfer.id, post.viewer.person_id, now).await)?;
    failed(txn.commit().await)?;
    Ok(books(&post, event_id, if recorded { "uitbetaald" } else { "al-betaald" }))
}

/// The year per event as CSV, for the organiser's admins (a download: no
/// session goes to the sign-in page; anyone else gets 404).
async fn year_csv(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    axum::extract::Query(query): axum::extract::Query<YearQuery>,
    headers: axum::http::HeaderMap,
) -> Response {
    let viewer = match crate::forms::signed_in(&state, &headers).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    if !viewer.is_admin_of(&organiser) {
        return not_found();
    }
    let (organiser_id, organiser) = match store::backoffice::managed_organiser(&state.db, &viewer, &organiser).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    let year = query.year(&state);
    let books = match store::finances::year(&state.db, organiser_id, organiser, year).await {
        Ok(books) => books,
        Err(e) => return server_error(e),
    };
    let file = format!("financien-{}-{year}.csv", books.organiser.slug);
    csv_download(domain::finances::year_csv(&books), &file)
}
