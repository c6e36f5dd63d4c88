//! The event editor's form posts: create, save, add a row, duplicate.
//! Validation lives in `domain::editor`; saving in `store::editor`.

use crate::web::{AnyStaff, Id, Page, Path, Staff, WebError};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::editor::{EditorChoices, EventPlan, TrainerChoice, add_row};
use domain::forms::fields;
use domain::forms::fields::editor::{self as names, QUESTION, SESSION, TICKET, TRAINER};
use domain::paths;
use store::editor::EditRefusal;

/// An event form with a long description and dozens of rows stays far below this.
const BODY_LIMIT: usize = 256 * 1024;

/// A post of the editor: staff of the organiser, a form of at most [`BODY_LIMIT`].
type EditorPost = Staff<AnyStaff, BODY_LIMIT>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::NEW_EVENT), post(create))
        .route(&paths::axum(paths::route::EVENT_EDITOR), post(save))
        .route(&paths::axum(paths::route::EVENT_COPY), post(duplicate))
}

async fn create(State(state): State<AppState>, post: EditorPost) -> Result<Response, WebError> {
    submit(state, None, post).await
}

async fn save(
    State(state): State<AppState>,
    Path((_, event)): Path<(String, Id)>,
    post: EditorPost,
) -> Result<Response, WebError> {
    submit(state, Some(event.0), post).await
}

async fn submit(state: AppState, event: Option<i32>, post: EditorPost) -> Result<Response, WebError> {
    let Staff { viewer, organiser_id, organiser, mut form, .. } = post;
    let now = state.clock.now();
    let before = match event {
        Some(id) => Some(store::editor::load(&state.db, organiser_id, id).await?.ok_or(WebError::NotFound)?.1),
        None => None,
    };
    // "Add a row" buttons: the same page again with one more empty row, nothing saved.
    let extra_row = match form.get(fields::ACTION) {
        names::ADD_SESSION => Some(SESSION),
        names::ADD_TICKET => Some(TICKET),
        names::ADD_TRAINER => Some(TRAINER),
        names::ADD_QUESTION => Some(QUESTION),
        _ => None,
    };
    if let Some(prefix) = extra_row {
        add_row(&mut form, prefix);
        return Ok(Page::new(FormState::new(form), StatusCode::OK).into_response());
    }
    let choices = EditorChoices {
        questions: before.as_ref().map(|b| b.questions.clone()).unwrap_or_default(),
        ..store::editor::choices(&state.db, organiser_id).await?
    };
    let mut plan = EventPlan::parse(&form, &choices).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    if !viewer.is_admin_of(organiser.slug.as_str()) {
        keep_fees(&mut plan, before.as_ref());
    }
    let saved = match event {
        None => Ok(store::editor::create(&state.db, organiser_id, &plan, viewer.person_id, now).await?),
        Some(id) => store::editor::update(&state.db, organiser_id, id, &plan, viewer.person_id, now).await?,
    };
    match saved {
        Ok(saved) => {
            let notice = if event.is_some() { "opgeslagen" } else { "aangemaakt" };
            Ok(Redirect::to(&paths::with_notice(&paths::backoffice::event(&organiser.slug, saved.id), notice))
                .into_response())
        }
        Err(EditRefusal::UnknownEvent) => Err(WebError::NotFound),
        Err(EditRefusal::Invalid(errors)) => Err(WebError::invalid(form, errors)),
    }
}

/// Fees are money, which only admins handle: a staff member's save keeps the
/// fees already agreed and adds new trainers without one, whatever the form says.
fn keep_fees(plan: &mut EventPlan, before: Option<&EventPlan>) {
    for t in &mut plan.trainers {
        t.fee = before
            .into_iter()
            .flat_map(|b| &b.trainers)
            .find(|old| matches!(t.trainer, TrainerChoice::Existing(_)) && old.trainer == t.trainer)
            .map_or(domain::Money::ZERO, |old| old.fee);
    }
}

async fn duplicate(
    State(state): State<AppState>,
    Path((_, event)): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser, .. }: EditorPost,
) -> Result<Response, WebError> {
    let copy = store::editor::duplicate(&state.db, organiser_id, event.0, viewer.person_id, state.clock.now())
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&paths::with_notice(&paths::backoffice::event(&organiser.slug, copy.id), "kopie")).into_response())
}
