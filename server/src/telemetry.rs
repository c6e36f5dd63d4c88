//! Logging: readable text by default, JSON lines when `LEERNET_LOG_FORMAT=json`.
//! Every request runs in a `request` span with its method, path and request id
//! (see [`crate::operations::request_id`]), so each line logged while handling
//! it carries that id; the span closes with one line: status and duration.

use axum::body::Body;
use axum::http::{HeaderName, Request};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;
use tracing_subscriber::EnvFilter;

pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // A second init (tests) is harmless: the first subscriber stays.
    let _ =
        if json { builder.json().with_current_span(true).with_span_list(false).try_init() } else { builder.try_init() };
}

/// The request id header: kept or given by [`crate::operations::request_id`],
/// logged with every line of its request.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

type MakeSpan = fn(&Request<Body>) -> tracing::Span;

pub fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_response(DefaultOnResponse::new().level(Level::INFO))
        .on_failure(DefaultOnFailure::new().level(Level::ERROR))
}

fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
        request_id = %id,
    )
}

/// The path for a log line, without secrets: a ticket code is a long path
/// segment of letters and digits (slugs have hyphens), logged as its first 6
/// characters and "…". The query string is never logged.
pub fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.len() >= 32 && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                format!("{}…", &segment[..6])
            } else {
                segment.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_codes_are_shortened_in_logs() {
        let code = "a".repeat(64);
        assert_eq!(super::loggable_path(&format!("/ticket/{code}/aannemen")), "/ticket/aaaaaa…/aannemen");
        let slug = "/regio/cawdekempen/duurzaam-budgetmanagement-voor-begeleiders-2026";
        assert_eq!(super::loggable_path(slug), slug);
    }
}
