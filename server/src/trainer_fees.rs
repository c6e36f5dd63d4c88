//! The signed-in person as a trainer (see `store::trainer_fees` for who is
//! whose trainer):
//! - `POST /mijn/lesgever/{trainer}`: their profile at one organiser (their
//!   trainer row there), with the admins' form rules and audit entry; errors
//!   come back next to the fields (422) on the same page;
//! - `GET /mijn/lesgever/{trainer}/activiteiten/{event}/vergoedingsstaat`:
//!   their fee statement of one activity (PDF);
//! - `GET /beheer/{organiser}/lesgevers/{trainer}/activiteiten/{event}/vergoedingsstaat`:
//!   the same statement for the organiser's admins.
//!
//! Anyone else's trainer row, or an activity without a fee of theirs, is 404.

use crate::web::{Action, Id, Path, Posted, SignedIn, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::i18n::Locale;
use domain::paths;
use domain::trainers::PaymentDetails;

/// A profile form is a few hundred bytes.
const FORM_LIMIT: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::MY_TRAINER_PROFILE), post(save_profile))
        .route(&paths::axum(paths::route::MY_FEE_STATEMENT), get(my_statement))
        .route(&paths::axum(paths::route::TRAINER_FEE_STATEMENT), get(admin_statement))
}

async fn save_profile(
    State(state): State<AppState>,
    Path(Id(trainer_id)): Path<Id>,
    post: Posted<FORM_LIMIT>,
) -> Result<Response, WebError> {
    // Only a trainer row with the person's own address; any other is not found.
    let row =
        store::trainer_fees::trainer_of(&state.db, &post.viewer.email, trainer_id).await?.ok_or(WebError::NotFound)?;
    let details =
        PaymentDetails::from_form(&post.form).map_err(|errors| WebError::invalid(post.form.clone(), errors))?;
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    // The admins' save: the same checks, the same audit entry (by the trainer).
    store::payouts::save_payment_details(&txn, row.organiser_id, row.id, &details, post.viewer.person_id, now)
        .await?
        .ok_or(WebError::NotFound)?;
    txn.commit().await?;
    let page = format!("{}#lesgever-{}", paths::with_notice(paths::MY_FEES, "bewaard"), row.id);
    Ok(Redirect::to(&page).into_response())
}

fn pdf(statement: &domain::trainer_fees::FeeStatement, locale: Locale) -> Response {
    crate::invoices::download(
        crate::fee_statement_pdf::render(statement, locale),
        "application/pdf",
        &crate::fee_statement_pdf::file_name(statement, locale),
    )
}

/// The trainer's own statement (no session: 401, a download has no page to return to).
async fn my_statement(
    State(state): State<AppState>,
    Path((Id(trainer_id), Id(event_id))): Path<(Id, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let row = store::trainer_fees::trainer_of(&state.db, &viewer.email, trainer_id).await?.ok_or(WebError::NotFound)?;
    let today = store::time::local_date(state.clock.now());
    let statement = store::trainer_fees::statement(&state.db, row.organiser_id, row.id, event_id, today)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(pdf(&statement, locale))
}

/// The statement for the organiser's admins (staff and others: 404).
async fn admin_statement(
    State(state): State<AppState>,
    Path((organiser, Id(trainer_id), Id(event_id))): Path<(String, Id, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let organiser_id = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Administer).await? {
        store::backoffice::Decision::Allowed(access) => access.organiser_id,
        _ => return Err(WebError::NotFound),
    };
    let today = store::time::local_date(state.clock.now());
    let statement = store::trainer_fees::statement(&state.db, organiser_id, trainer_id, event_id, today)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(pdf(&statement, locale))
}
