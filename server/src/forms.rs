//! Form posts from back-office pages: the shared preamble (who is asking, for
//! which organiser, with which form token) and the answer to a form that did
//! not validate: the same page, rendered from what was typed, with the errors
//! next to the fields and status 422. Works the same with and without
//! JavaScript, because the browser posts the form itself.

use crate::auth::{constant_time_eq, server_error};
use app::forms::{FormState, Resubmission};
use app::session::session_id;
use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::Viewer;
use domain::forms::{FieldErrors, RawForm};
use domain::listing::OrganiserRef;
use leptos::prelude::provide_context;

/// The pairs of an `application/x-www-form-urlencoded` body. Undecodable
/// bytes become U+FFFD rather than an error: the validation that follows
/// names the field.
pub fn read_form(body: &Bytes) -> RawForm {
    RawForm::new(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// The form in a post's body; a body over `limit` bytes gets 413.
pub async fn read_body(body: Body, limit: usize) -> Result<RawForm, Response> {
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => Ok(read_form(&bytes)),
        Err(_) => Err((StatusCode::PAYLOAD_TOO_LARGE, crate::language::tr("refused.form_too_large")).into_response()),
    }
}

/// Answers a form that did not validate: the page again, what was typed in
/// the fields and the messages next to them, status 422.
pub async fn answer_with_errors(state: &AppState, parts: &Parts, values: RawForm, errors: FieldErrors) -> Response {
    answer_with_page(state, parts, FormState { values, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
}

pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, crate::language::tr("refused.not_found")).into_response()
}

/// Who posts, for which organiser. Anyone who may not run `organiser`'s back
/// office gets 404 (others' organisers do not exist for them); a missing or
/// wrong form token gets 403; no session goes to the sign-in page.
pub struct StaffPost {
    pub viewer: Viewer,
    pub organiser_id: i32,
    pub organiser: OrganiserRef,
}

/// The signed-in person behind a form post; without a (live) session the
/// answer is a redirect to the sign-in page.
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Viewer, Response> {
    let Some(sid) = session_id(headers) else { return Err(Redirect::to(domain::paths::SIGN_IN).into_response()) };
    match store::accounts::viewer(&state.db, &sid, state.clock.now()).await {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(Redirect::to(domain::paths::SIGN_IN).into_response()),
        Err(e) => Err(server_error(e)),
    }
}

/// The 403 for a form that does not carry the session's token (field `csrf`);
/// `None` when it does.
pub fn form_token_refusal(viewer: &Viewer, given: &str) -> Option<Response> {
    (!constant_time_eq(viewer.csrf_token.as_bytes(), given.as_bytes()))
        .then(|| (StatusCode::FORBIDDEN, crate::language::tr("refused.form_token")).into_response())
}

pub async fn staff_post(
    state: &AppState,
    headers: &HeaderMap,
    organiser: &str,
    form: &RawForm,
) -> Result<StaffPost, Response> {
    let viewer = signed_in(state, headers).await?;
    if !viewer.may_manage(organiser) {
        return Err(not_found());
    }
    if let Some(refusal) = form_token_refusal(&viewer, form.get("csrf")) {
        return Err(refusal);
    }
    match store::backoffice::managed_organiser(&state.db, &viewer, organiser).await {
        Ok(Some((organiser_id, organiser))) => Ok(StaffPost { viewer, organiser_id, organiser }),
        Ok(None) => Err(not_found()),
        Err(e) => Err(server_error(e)),
    }
}

/// Who posts at the door of `organiser`'s event `event_id`: as [`staff_post`],
/// but the organiser's scanners may too (see
/// [`store::backoffice::door_organiser`]). Anyone else gets 404; a missing or
/// wrong form token 403; no session the sign-in page.
pub async fn door_post(
    state: &AppState,
    headers: &HeaderMap,
    organiser: &str,
    event_id: i32,
    form: &RawForm,
) -> Result<StaffPost, Response> {
    let viewer = signed_in(state, headers).await?;
    if !viewer.may_work_door(organiser) {
        return Err(not_found());
    }
    if let Some(refusal) = form_token_refusal(&viewer, form.get("csrf")) {
        return Err(refusal);
    }
    match store::backoffice::door_organiser(&state.db, &viewer, organiser, event_id).await {
        Ok(Some(door)) => Ok(StaffPost { viewer, organiser_id: door.organiser_id, organiser: door.organiser }),
        Ok(None) => Err(not_found()),
        Err(e) => Err(server_error(e)),
    }
}

/// Answers a form post with the page at the same address, rendered from
/// `form` instead of the database. `status` is 422 for a form with errors and
/// 200 for one that only asked for another row.
pub async fn answer_with_page(state: &AppState, parts: &Parts, form: FormState, status: StatusCode) -> Response {
    let mut request = Request::builder().method(Method::GET).uri(parts.uri.clone());
    for (name, value) in &parts.headers {
        // The page is rendered as for a GET; a body length would be wrong.
        if name != axum::http::header::CONTENT_LENGTH && name != axum::http::header::CONTENT_TYPE {
            request = request.header(name, value);
        }
    }
    let mut request = match request.body(Body::empty()) {
        Ok(r) => r,
        Err(e) => return server_error(e),
    };
    // The page's inline scripts carry the nonce of this response's CSP header.
    if let Some(nonce) = parts.extensions.get::<crate::operations::CspNonce>() {
        request.extensions_mut().insert(nonce.clone());
    }
    // And in the visitor's language.
    if let Some(locale) = parts.extensions.get::<domain::i18n::Locale>() {
        request.extensions_mut().insert(*locale);
    }
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context_state.clone());
            provide_context(Resubmission(form.clone()));
            crate::operations::provide_csp_nonce();
        },
        move || app::shell(options.clone()),
    );
    let mut response = render(request).await;
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}
