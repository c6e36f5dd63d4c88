//! The event editor's form posts: create, save, add a row, duplicate.
//! Validation lives in `domain::editor`; saving in `store::editor`.

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_errors, answer_with_page, not_found, read_body, staff_post};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::editor::{EditorChoices, EventPlan, SESSION, TICKET, TRAINER, TrainerChoice, add_row};
use domain::paths;
use store::editor::EditRefusal;

/// An event form with a long description and dozens of rows stays far below this.
const BODY_LIMIT: usize = 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::NEW_EVENT), post(create))
        .route(&paths::axum(paths::route::EVENT_EDITOR), post(save))
        .route(&paths::axum(paths::route::EVENT_COPY), post(duplicate))
}

fn event_id(raw: &str) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|id| *id > 0)
}

async fn create(State(state): State<AppState>, Path(organiser): Path<String>, request: Request) -> Response {
    submit(state, organiser, None, request).await
}

async fn save(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Response {
    let Some(id) = event_id(&event) else { return not_found() };
    submit(state, organiser, Some(id), request).await
}

async fn submit(state: AppState, organiser: String, event: Option<i32>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let mut form = match read_body(body, BODY_LIMIT).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let StaffPost { viewer, organiser_id, organiser } =
        match staff_post(&state, &parts.headers, &organiser, &form).await {
            Ok(post) => post,
            Err(response) => return response,
        };
    let now = state.clock.now();
    let before = match event {
        Some(id) => match store::editor::load(&state.db, organiser_id, id).await {
            Ok(Some((_, plan))) => Some(plan),
            Ok(None) => return not_found(),
            Err(e) => return server_error(e),
        },
        None => None,
    };
    // "Add a row" buttons: the same page again with one more empty row, nothing saved.
    let extra_row = match form.get("actie") {
        "sessie-erbij" => Some(SESSION),
        "ticket-erbij" => Some(TICKET),
        "lesgever-erbij" => Some(TRAINER),
        "vraag-erbij" => Some(domain::questions::QUESTION),
        _ => None,
    };
    if let Some(prefix) = extra_row {
        add_row(&mut form, prefix);
        return answer_with_page(&state, &parts, FormState::new(form), StatusCode::OK).await;
    }
    let choices = match store::editor::choices(&state.db, organiser_id).await {
        Ok(c) => EditorChoices { questions: before.as_ref().map(|b| b.questions.clone()).unwrap_or_default(), ..c },
        Err(e) => return server_error(e),
    };
    let mut plan = match EventPlan::parse(&form, &choices) {
        Ok(plan) => plan,
        Err(errors) => {
            return answer_with_errors(&state, &parts, form, errors).await;
        }
    };
    if !viewer.is_admin_of(organiser.slug.as_str()) {
        keep_fees(&mut plan, before.as_ref());
    }
    let saved = match event {
        None => store::editor::create(&state.db, organiser_id, &plan, viewer.person_id, now).await.map(Ok),
        Some(id) => store::editor::update(&state.db, organiser_id, id, &plan, viewer.person_id, now).await,
    };
    match saved {
        Ok(Ok(saved)) => {
            let notice = if event.is_some() { "opgeslagen" } else { "aangemaakt" };
            Redirect::to(&paths::with_notice(&paths::backoffice::event(&organiser.slug, saved.id), notice))
                .into_response()
        }
        Ok(Err(EditRefusal::UnknownEvent)) => not_found(),
        Ok(Err(EditRefusal::Invalid(errors))) => answer_with_errors(&state, &parts, form, errors).await,
        Err(e) => server_error(e),
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
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, BODY_LIMIT).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let StaffPost { viewer, organiser_id, organiser } =
        match staff_post(&state, &parts.headers, &organiser, &form).await {
            Ok(post) => post,
            Err(response) => return response,
        };
    let Some(id) = event_id(&event) else { return not_found() };
    match store::editor::duplicate(&state.db, organiser_id, id, viewer.person_id, state.clock.now()).await {
        Ok(Some(copy)) => {
            Redirect::to(&paths::with_notice(&paths::backoffice::event(&organiser.slug, copy.id), "kopie"))
                .into_response()
        }
        Ok(None) => not_found(),
        Err(e) => server_error(e),
    }
}
