//! RFC 9457 problem details, the API's one error shape, and the API's path
//! extractor that refuses with one ([`ApiPath`]).

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// For validation errors: the parameter or field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<Box<str>>,
    /// For a request body that did not validate: every field at fault, by JSON pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Sent as `Retry-After` (seconds), for 429.
    #[serde(skip)]
    pub retry_after: Option<u32>,
}

/// One field of a request body at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// JSON pointer (RFC 6901) into the request body, e.g. `/attendees/0/email`.
    pub pointer: String,
    pub detail: String,
}

pub const TYPE_BASE: &str = "https://leernet.be/problems/";

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &'static str, detail: impl Into<String>) -> Self {
        Problem {
            type_uri: format!("{TYPE_BASE}{kind}"),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            parameter: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    pub fn invalid_parameter(parameter: impl Into<String>, detail: impl Into<String>) -> Self {
        let mut p = Problem::new(StatusCode::BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
        p.parameter = Some(parameter.into().into_boxed_str());
        p
    }

    /// 401 with `WWW-Authenticate: Bearer`.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "Authentication required", detail)
    }

    pub fn with_error(mut self, pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        self.errors.push(FieldProblem { pointer: pointer.into(), detail: detail.into() });
        self
    }

    pub fn internal() -> Self {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "Something went wrong on our side; it has been logged.",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"leernet\""));
        }
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<store::StoreError> for Problem {
    fn from(e: store::StoreError) -> Self {
        tracing::error!(error = %e, "store error in API");
        Problem::internal()
    }
}

impl From<sea_orm::DbErr> for Problem {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error in API");
        Problem::internal()
    }
}

/// The one path parameter of an API route, as typed. Unlike axum's `Path`,
/// a parameter that does not decode (invalid UTF-8 in `%FF`) is refused with
/// problem JSON like every other API error, not with plain text.
pub(crate) struct ApiPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Path::<String>::from_request_parts(parts, state).await.map(|Path(raw)| ApiPath(raw)).map_err(|rejection| {
            let parameter = match &rejection {
                PathRejection::FailedToDeserializePathParams(e) => match e.kind() {
                    ErrorKind::InvalidUtf8InPathParam { key } | ErrorKind::ParseErrorAtKey { key, .. } => key.clone(),
                    _ => "path".to_string(),
                },
                _ => "path".to_string(),
            };
            Problem::invalid_parameter(parameter, format!("the path does not decode: {}", rejection.body_text()))
        })
    }
}
