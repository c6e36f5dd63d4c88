//! The older spelling of the web edge ([`crate::web`]), kept for the handlers
//! not converted yet; each function answers as the edge does.

use crate::web::{Page, WebError};
use app::forms::FormState;
use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::accounts::{Action, Viewer};
use domain::forms::{FieldErrors, RawForm};
use domain::listing::OrganiserRef;

pub fn read_form(body: &Bytes) -> RawForm {
    crate::web::read_form(body)
}

pub async fn read_body(body: Body, limit: usize) -> Result<RawForm, Response> {
    crate::web::read_body(body, limit).await.map_err(IntoResponse::into_response)
}

pub async fn answer_with_errors(_: &AppState, _: &Parts, values: RawForm, errors: FieldErrors) -> Response {
    WebError::invalid(values, errors).into_response()
}

pub async fn answer_with_page(_: &AppState, _: &Parts, form: FormState, status: StatusCode) -> Response {
    Page::new(form, status).into_response()
}

pub fn not_found() -> Response {
    WebError::NotFound.into_response()
}

pub struct StaffPost {
    pub viewer: Viewer,
    pub organiser_id: i32,
    pub organiser: OrganiserRef,
}

pub async fn staff_post(
    state: &AppState,
    headers: &HeaderMap,
    organiser: &str,
    form: &RawForm,
) -> Result<StaffPost, Response> {
    let (viewer, access) = crate::web::staff_of(state, headers, organiser, Action::Manage, "refused.not_found", form)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(StaffPost { viewer, organiser_id: access.organiser_id, organiser: access.organiser })
}
