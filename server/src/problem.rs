//! RFC 9457 problem details, the API's one error shape.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For validation errors: the parameter or field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Problem {
            type_uri: format!("https://leernet.be/problems/{kind}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            parameter: None,
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    pub fn invalid_parameter(parameter: impl Into<String>, detail: impl Into<String>) -> Self {
        let mut p = Problem::new(StatusCode::BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
        p.parameter = Some(parameter.into());
        p
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
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}

impl From<store::StoreError> for Problem {
    fn from(e: store::StoreError) -> Self {
        tracing::error!(error = %e, "store error in API");
        Problem::internal()
    }
}
