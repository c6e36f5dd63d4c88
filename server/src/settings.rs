//! `POST /beheer/{organiser}/instellingen`: the organiser's admins set who
//! signs its attendance certificates (name and function, or neither). A
//! refused form comes back with the message next to its field (422); staff
//! who are not admins get 403, others 404 (see `forms::staff_post`).

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_errors, read_body, staff_post};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::certificates::{Signatory, field};
use domain::paths;

const BODY_LIMIT: usize = 8 * 1024;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::SETTINGS), post(save))
}

async fn save(State(state): State<AppState>, Path(organiser): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, BODY_LIMIT).await {
        Ok(f) => f,
        Err(response) => return response,
    };
    let StaffPost { viewer, organiser_id, organiser } =
        match staff_post(&state, &parts.headers, &organiser, &form).await {
            Ok(post) => post,
            Err(response) => return response,
        };
    if !viewer.is_admin_of(organiser.slug.as_str()) {
        return (StatusCode::FORBIDDEN, crate::language::tr("refused.settings_admins")).into_response();
    }
    let signatory = match Signatory::parse(form.get(field::NAME), form.get(field::FUNCTION)) {
        Ok(s) => s,
        Err(errors) => return answer_with_errors(&state, &parts, form, errors).await,
    };
    if let Err(e) = store::certificates::set_signatory(&state.db, organiser_id, signatory.as_ref()).await {
        return server_error(e);
    }
    Redirect::to(&paths::with_notice(&paths::backoffice::settings(&organiser.slug), "bewaard")).into_response()
}
