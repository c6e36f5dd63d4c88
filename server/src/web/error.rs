//! The one error type of the form handlers, and how each variant answers.

use crate::language::tr;
use app::forms::FormState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::forms::{FieldErrors, RawForm};
use std::sync::Arc;

/// Every answer of a form handler that is not the happy one.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// 404: unknown, or another organiser's (which does not exist for the asker).
    #[error("not found")]
    NotFound,
    /// 403: the form does not carry the session's form token.
    #[error("form token missing or wrong")]
    FormToken,
    /// 403 with the text of `key`: signed in, but not allowed (staff asking
    /// what only admins may, say).
    #[error("refused: {0}")]
    Forbidden(&'static str),
    /// No live session: to the sign-in page (303).
    #[error("sign-in needed")]
    SignIn,
    /// No live session for a download: 401, there is no page to come back to.
    #[error("sign-in needed for a download")]
    Unauthorized,
    /// 422: the page again, rendered from what was typed, with the errors
    /// next to the fields (see [`super::render_pages`]).
    #[error("the form did not validate")]
    Invalid(Box<FormState>),
    /// 413 with the text of `key`.
    #[error("body too large")]
    TooLarge(&'static str),
    /// 400 with the text of `key`: a body that cannot be read at all.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// 500: the cause goes to the log (once, with the request id), never to the page.
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    /// The page again with `values` and `errors`, status 422.
    pub fn invalid(values: RawForm, errors: FieldErrors) -> WebError {
        WebError::Invalid(Box::new(FormState { values, errors }))
    }

    /// A failure that is ours (database, payment provider, a bug): 500.
    pub fn internal(cause: impl std::fmt::Display) -> WebError {
        WebError::Internal(cause.to_string())
    }
}

macro_rules! internal_from {
    ($($t:ty),* $(,)?) => {
        $(impl From<$t> for WebError {
            fn from(e: $t) -> Self {
                WebError::internal(e)
            }
        })*
    };
}

internal_from!(
    store::StoreError,
    sea_orm::DbErr,
    serde_json::Error,
    tokio::task::JoinError,
    axum::http::Error,
    app::payments::PaymentError,
);

/// The cause of a 500, handed from the response to [`super::render_pages`],
/// which logs it with the request's id.
#[derive(Debug, Clone)]
pub(super) struct Failure(pub Arc<str>);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => (StatusCode::NOT_FOUND, tr("refused.not_found")).into_response(),
            WebError::FormToken => (StatusCode::FORBIDDEN, tr("refused.form_token")).into_response(),
            WebError::Forbidden(key) => (StatusCode::FORBIDDEN, tr(key)).into_response(),
            WebError::SignIn => Redirect::to(domain::paths::SIGN_IN).into_response(),
            WebError::Unauthorized => (StatusCode::UNAUTHORIZED, tr("invoices.sign_in")).into_response(),
            WebError::Invalid(form) => super::Page::new(*form, StatusCode::UNPROCESSABLE_ENTITY).into_response(),
            WebError::TooLarge(key) => (StatusCode::PAYLOAD_TOO_LARGE, tr(key)).into_response(),
            WebError::BadRequest(key) => (StatusCode::BAD_REQUEST, tr(key)).into_response(),
            WebError::Internal(cause) => {
                let mut response = (StatusCode::INTERNAL_SERVER_ERROR, tr("refused.server_error")).into_response();
                response.extensions_mut().insert(Failure(cause.into()));
                response
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_has_its_status() {
        let status = |e: WebError| e.into_response().status();
        assert_eq!(status(WebError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(status(WebError::FormToken), StatusCode::FORBIDDEN);
        assert_eq!(status(WebError::Forbidden("refused.finances_admins")), StatusCode::FORBIDDEN);
        assert_eq!(status(WebError::SignIn), StatusCode::SEE_OTHER);
        assert_eq!(status(WebError::Unauthorized), StatusCode::UNAUTHORIZED);
        assert_eq!(status(WebError::TooLarge("refused.form_too_large")), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(status(WebError::BadRequest("refused.bad_decision")), StatusCode::BAD_REQUEST);
        let invalid = WebError::invalid(RawForm::default(), FieldErrors::new()).into_response();
        assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(invalid.extensions().get::<super::super::page::Pending>().is_some(), "rendered by the layer");
    }

    #[test]
    fn a_server_error_keeps_its_cause_off_the_page_and_hands_it_to_the_log() {
        let response = WebError::from(sea_orm::DbErr::Custom("disk on fire".into())).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let cause = response.extensions().get::<Failure>().map(|f| f.0.to_string());
        assert_eq!(cause.as_deref(), Some("Custom Error: disk on fire"));
    }

    #[test]
    fn the_sign_in_page_is_where_a_session_is_missing() {
        let response = WebError::SignIn.into_response();
        assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/aanmelden"));
    }
}
