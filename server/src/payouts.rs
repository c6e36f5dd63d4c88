//! Form posts and the download of paying trainers by bank transfer (admins
//! of the organiser only; staff read why, others get 404):
//! - `POST /beheer/{organiser}/lesgevers/{trainer}`: a trainer's payment details;
//! - `POST /beheer/{organiser}/financien/overschrijvingen`: one SEPA payment
//!   file of the ticked approved lines, answered with a redirect to its download;
//! - `GET …/overschrijvingen/{file}/xml`: the file (pain.001), the same every time;
//! - `POST …/overschrijvingen/{file}/annuleren`: its lines back to approved.

use crate::web::{AdminPage, Admins, Id, Path, SignedIn, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::accounts::Action;
use domain::forms::{FieldErrors, Message};
use domain::paths;
use domain::sepa::{self, field};
use domain::trainers::PaymentDetails;
use store::payouts::{Cancellation, FileRefusal};

/// A trainer's details, or a hundred ticked lines, are a few kilobytes.
const FORM_LIMIT: usize = 64 * 1024;

/// Bank accounts and payment files are the admins'.
struct Payouts;

impl AdminPage for Payouts {
    const REFUSAL: &'static str = "refused.payouts_admins";
}

type AdminPost = Staff<Admins<Payouts>, FORM_LIMIT>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::TRAINER), post(save_trainer))
        .route(&paths::axum(paths::route::PAYMENT_FILES), post(create_file))
        .route(&paths::axum(paths::route::PAYMENT_FILE_XML), get(download))
        .route(&paths::axum(paths::route::PAYMENT_FILE_CANCEL), post(cancel))
}

async fn save_trainer(
    State(state): State<AppState>,
    Path((_, Id(trainer_id))): Path<(String, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    // Another organiser's trainer is not found, whatever the form holds.
    store::payouts::trainer(&state.db, post.organiser_id, trainer_id).await?.ok_or(WebError::NotFound)?;
    let details =
        PaymentDetails::from_form(&post.form).map_err(|errors| WebError::invalid(post.form.clone(), errors))?;
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    store::payouts::save_payment_details(&txn, post.organiser_id, trainer_id, &details, post.viewer.person_id, now)
        .await?
        .ok_or(WebError::NotFound)?;
    txn.commit().await?;
    let page = paths::backoffice::trainer(&post.organiser.slug, trainer_id);
    Ok(Redirect::to(&paths::with_notice(&page, "bewaard")).into_response())
}

/// The form again with `message` next to `field_name` (422).
fn refused(post: &AdminPost, field_name: &str, message: Message) -> WebError {
    let mut errors = FieldErrors::new();
    errors.add(field_name, message);
    WebError::invalid(post.form.clone(), errors)
}

async fn create_file(State(state): State<AppState>, post: AdminPost) -> Result<Response, WebError> {
    let today = store::time::local_date(state.clock.now());
    let date = sepa::parse_execution_date(post.form.get(field::EXECUTION_DATE), today)
        .map_err(|message| refused(&post, field::EXECUTION_DATE, message))?;
    let mut lines = Vec::new();
    for (name, value) in post.form.pairs() {
        if name == field::LINE {
            let id = value.trim().parse::<i32>().ok().filter(|id| *id > 0);
            lines.push(id.ok_or_else(|| refused(&post, field::LINE, Message::new("validation.payment_lines")))?);
        }
    }
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    let made = store::payouts::create_file(&txn, post.organiser_id, &lines, date, post.viewer.person_id, now).await?;
    // A refusal drops the transaction: nothing of it stays.
    let file_id = match made {
        Ok(file_id) => file_id,
        Err(FileRefusal::NoLines) => return Err(refused(&post, field::LINE, Message::new("validation.payment_lines"))),
        Err(FileRefusal::NoAccount) => {
            return Err(refused(&post, field::LINE, Message::new("validation.payment_no_account")));
        }
        Err(FileRefusal::NotPayable(line)) => {
            let message = Message::with("validation.payment_not_payable", &[("line", &line)]);
            return Err(refused(&post, field::LINE, message));
        }
        Err(FileRefusal::Taken) => return Err(refused(&post, field::LINE, Message::new("validation.payment_taken"))),
    };
    txn.commit().await?;
    Ok(Redirect::to(&paths::backoffice::payment_file_xml(&post.organiser.slug, file_id)).into_response())
}

/// The file as the bank takes it (a download: no session is 401, anyone
/// but the organiser's admins 404).
async fn download(
    State(state): State<AppState>,
    Path((organiser, Id(file_id))): Path<(String, Id)>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let access = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Administer).await? {
        store::backoffice::Decision::Allowed(access) => access,
        _ => return Err(WebError::NotFound),
    };
    let (name, xml) =
        store::payouts::file_xml(&state.db, access.organiser_id, file_id).await?.ok_or(WebError::NotFound)?;
    let mut response = crate::invoices::download(xml.into_bytes(), "application/xml; charset=utf-8", &name);
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response.headers_mut().insert(axum::http::header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn cancel(
    State(state): State<AppState>,
    Path((_, Id(file_id))): Path<(String, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    let outcome = store::payouts::cancel_file(&txn, post.organiser_id, file_id, post.viewer.person_id, now).await?;
    let notice = match outcome {
        Cancellation::Cancelled => {
            txn.commit().await?;
            "geannuleerd"
        }
        Cancellation::NotFound => return Err(WebError::NotFound),
        Cancellation::AlreadyCancelled => "al-geannuleerd",
        Cancellation::HasPaidLines => "betaald",
    };
    let page =
        format!("{}#bestanden", paths::with_notice(&paths::backoffice::payment_files(&post.organiser.slug), notice));
    Ok(Redirect::to(&page).into_response())
}
