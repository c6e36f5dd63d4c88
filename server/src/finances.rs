//! Form posts of the admins' money pages: add a cost line to an event, change
//! one, remove one, pay one through Stripe Connect. Each posts to its page's own address; a form with errors
//! is answered with that page rendered from what was typed (422), a saved
//! one with a redirect to the event's books and a message.

use crate::reports::{YearQuery, csv_download};
use crate::web::{AdminPage, Admins, Id, Path, SignedIn, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::CostStatus;
use domain::accounts::Action;
use domain::finances::{CostLineEdit, field};
use domain::paths;

use store::finances::{Payout, Removal};

/// A cost line's form is a few hundred bytes.
const FORM_LIMIT: usize = 16 * 1024;

/// The books are the admins': staff read why they may not post here.
struct Books;

impl AdminPage for Books {
    const REFUSAL: &'static str = "refused.finances_admins";
}

/// A post of the money pages: an admin of the organiser, a form of at most [`FORM_LIMIT`].
type AdminPost = Staff<Admins<Books>, FORM_LIMIT>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::FINANCES_CSV), axum::routing::get(year_csv))
        .route(&paths::axum(paths::route::EVENT_FINANCES), post(add))
        .route(&paths::axum(paths::route::COST_LINE), post(update))
        .route(&paths::axum(paths::route::COST_LINE_REMOVE), post(remove))
        .route(&paths::axum(paths::route::COST_LINE_PAY_OUT), post(pay_out))
}

fn books(post: &AdminPost, event_id: i32, notice: &str) -> Response {
    let path = format!(
        "{}#kosten",
        paths::with_notice(&paths::backoffice::event_finances(&post.organiser.slug, event_id), notice)
    );
    Redirect::to(&path).into_response()
}

/// The form's line, its trainer checked to be one of the organiser's (their
/// name is the payee when none was typed).
async fn parse_line(state: &AppState, post: &AdminPost) -> Result<CostLineEdit, WebError> {
    let mut edit =
        CostLineEdit::from_form(&post.form).map_err(|errors| WebError::invalid(post.form.clone(), errors))?;
    if let Some(trainer_id) = edit.trainer_id {
        let Some(name) = store::payouts::trainer_name(&state.db, post.organiser_id, trainer_id).await? else {
            let mut errors = domain::forms::FieldErrors::new();
            errors.add(field::TRAINER, domain::forms::Message::new("validation.cost_trainer_unknown"));
            return Err(WebError::invalid(post.form.clone(), errors));
        };
        edit.payee = edit.payee.or(Some(name));
    }
    Ok(edit)
}

async fn add(
    State(state): State<AppState>,
    Path((_, Id(event_id))): Path<(String, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    let edit = parse_line(&state, &post).await?;
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    store::finances::add_cost_line(&txn, post.organiser_id, event_id, &edit, post.viewer.person_id, now)
        .await?
        .ok_or(WebError::NotFound)?;
    txn.commit().await?;
    Ok(books(&post, event_id, "toegevoegd"))
}

async fn update(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(line_id))): Path<(String, Id, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    // Another organiser's line is not found, whatever the form holds.
    let (_, stored) =
        store::finances::cost_line(&state.db, post.organiser_id, event_id, line_id).await?.ok_or(WebError::NotFound)?;
    // A line in a payment file keeps the amount and payee the bank was sent.
    if stored.status == CostStatus::SentToBank {
        return Ok(books(&post, event_id, "in-betaalbestand"));
    }
    let edit = parse_line(&state, &post).await?;
    let txn = store::begin_write(&state.db).await?;
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let changes = store::finances::update_cost_line(&txn, organiser_id, event_id, line_id, &edit, person_id, now)
        .await?
        .ok_or(WebError::NotFound)?;
    txn.commit().await?;
    Ok(books(&post, event_id, if changes.is_empty() { "ongewijzigd" } else { "opgeslagen" }))
}

async fn remove(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(line_id))): Path<(String, Id, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    let txn = store::begin_write(&state.db).await?;
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let removal = store::finances::remove_cost_line(&txn, organiser_id, event_id, line_id, person_id, now).await?;
    txn.commit().await?;
    match removal {
        Removal::Removed => Ok(books(&post, event_id, "verwijderd")),
        Removal::Paid => Ok(books(&post, event_id, "betaald")),
        Removal::NotFound => Err(WebError::NotFound),
    }
}

/// Pays an approved line to its payee's connected account. Stripe is asked
/// outside any transaction (a write turn is never held over the network);
/// the idempotency key makes a second click, or a retry after a timeout,
/// return the transfer already made, and the guarded update records it once.
async fn pay_out(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(line_id))): Path<(String, Id, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    use app::payments::{BALANCE_INSUFFICIENT, NewTransfer, PaymentError, RESOURCE_MISSING};
    let plan = match store::finances::payout(&state.db, post.organiser_id, event_id, line_id).await? {
        Payout::Ready(plan) => plan,
        Payout::NotPayable => return Ok(books(&post, event_id, "niet-uit-te-betalen")),
        Payout::NotFound => return Err(WebError::NotFound),
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
            let txn = store::begin_write(&state.db).await?;
            store::finances::payout_refused(&txn, line_id).await?;
            txn.commit().await?;
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
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    let recorded = store::finances::record_payout(&txn, &plan, &transfer.id, post.viewer.person_id, now).await?;
    txn.commit().await?;
    Ok(books(&post, event_id, if recorded { "uitbetaald" } else { "al-betaald" }))
}

/// The year per event as CSV, for the organiser's admins (a download: no
/// session goes to the sign-in page; anyone else gets 404).
async fn year_csv(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    axum::extract::Query(query): axum::extract::Query<YearQuery>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    // A download: staff who are no admins find nothing here either.
    let access = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Administer).await? {
        store::backoffice::Decision::Allowed(access) => access,
        _ => return Err(WebError::NotFound),
    };
    let year = query.year(&state);
    let books = store::finances::year(&state.db, access.organiser_id, access.organiser, year).await?;
    let file = format!("financien-{}-{year}.csv", books.organiser.slug);
    Ok(csv_download(domain::finances::year_csv(&books), &file))
}
