//! The public JSON API under `/api/v1`, described by `/api/v1/openapi.json`.

use crate::problem::{ApiPath, Problem};
use app::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use domain::listing::{EventCard, EventPage, OrganiserProfile};
use domain::{CatalogueFilter, EventKind, PriceFilter, Slug, YearMonth};
use serde::Serialize;

/// Every route of this router (method, path under `/api/v1`): the OpenAPI
/// document must describe exactly these (a test below checks it, and an
/// integration test calls each documented operation).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/events"),
    ("get", "/events/{id}"),
    ("get", "/organisers"),
    ("get", "/events/{event_id}/registrations"),
    ("post", "/events/{event_id}/registrations"),
    ("delete", "/registrations/{registration_id}"),
    ("get", "/events/{event_id}/sessions"),
    ("get", "/events/{event_id}/sessions/{session_id}/admissions"),
    ("get", "/events/{event_id}/sessions/{session_id}/check-ins"),
    ("post", "/events/{event_id}/sessions/{session_id}/check-ins"),
    ("delete", "/events/{event_id}/sessions/{session_id}/check-ins/{registration_id}"),
    ("get", "/participation"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list_events))
        .route("/events/{id}", get(get_event))
        .route("/organisers", get(list_organisers))
        .route("/openapi.json", get(openapi))
        .merge(crate::api_registrations::router())
        .merge(crate::api_checkin::router())
        .merge(crate::api_participation::router())
        .fallback(|| async { Problem::not_found("There is no such API endpoint; see /api/v1/openapi.json.") })
}

#[derive(Serialize)]
struct ListOf<T> {
    count: usize,
    data: Vec<T>,
}

/// Query parameters, in English as APIs go: organiser, kind, month, theme, price, q.
fn parse_api_filter(raw: Option<&str>) -> Result<CatalogueFilter, Problem> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|e| Problem::invalid_parameter("query", format!("the query string is malformed: {e}")))?;
    let mut filter = CatalogueFilter::default();
    for (key, value) in &pairs {
        // Values as sent: a filter is exactly as documented (a slug with a
        // space or an empty one is a mistake); the search text alone is trimmed.
        let value = value.as_str();
        let bad = |detail: String| Problem::invalid_parameter(key.clone(), detail);
        if value.is_empty() && key != "q" {
            return Err(bad(format!("{key} is empty; leave the parameter out for no filter")));
        }
        match key.as_str() {
            "organiser" => filter.organiser = Some(Slug::parse(value).map_err(|e| bad(format!("{value:?}: {e}")))?),
            "kind" => {
                filter.kind = Some(EventKind::from_code(value).map_err(|_| {
                    let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.code()).collect();
                    bad(format!("unknown kind {value:?}; use one of {}", known.join(", ")))
                })?)
            }
            "month" => {
                filter.month =
                    Some(YearMonth::parse(value).map_err(|_| bad(format!("{value:?} is not a month like 2026-12")))?)
            }
            "theme" => filter.theme = Some(Slug::parse(value).map_err(|e| bad(format!("{value:?}: {e}")))?),
            "price" => {
                filter.price = Some(match value {
                    "free" => PriceFilter::Free,
                    "paid" => PriceFilter::Paid,
                    other => return Err(bad(format!("unknown price {other:?}; use free or paid"))),
                })
            }
            "q" => {
                if value.chars().count() > domain::catalogue::MAX_SEARCH_LEN {
                    return Err(bad(format!(
                        "search text is limited to {} characters",
                        domain::catalogue::MAX_SEARCH_LEN
                    )));
                }
                let text = value.trim();
                filter.text = (!text.is_empty()).then(|| text.to_string());
            }
            other => return Err(bad(format!("unknown parameter {other:?}; see /api/v1/openapi.json"))),
        }
    }
    Ok(filter)
}

async fn list_events(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ListOf<EventCard>>, Problem> {
    let filter = parse_api_filter(raw.as_deref())?;
    let data = store::catalogue::upcoming_events(&state.db, state.clock.now(), &filter).await?;
    Ok(Json(ListOf { count: data.len(), data }))
}

async fn get_event(State(state): State<AppState>, ApiPath(raw_id): ApiPath) -> Result<Json<EventPage>, Problem> {
    let id: i32 = raw_id.parse().ok().filter(|id| *id > 0).ok_or_else(|| {
        Problem::invalid_parameter("id", format!("{raw_id:?} is not an event id (a positive whole number)"))
    })?;
    store::catalogue::event_page_by_id(&state.db, state.clock.now(), id)
        .await?
        .map(Json)
        .ok_or_else(|| Problem::not_found(format!("There is no published event {id}.")))
}

async fn list_organisers(State(state): State<AppState>) -> Result<Json<ListOf<OrganiserProfile>>, Problem> {
    let data = store::catalogue::organisers(&state.db).await?;
    Ok(Json(ListOf { count: data.len(), data }))
}

const OPENAPI: &str = include_str!("openapi.json");

async fn openapi(State(state): State<AppState>) -> Result<Json<serde_json::Value>, Problem> {
    let mut doc: serde_json::Value = serde_json::from_str(OPENAPI).map_err(|e| {
        tracing::error!(error = %e, "openapi.json does not parse");
        Problem::internal()
    })?;
    doc["servers"] = serde_json::json!([{ "url": format!("{}/api/v1", state.settings.base_url) }]);
    Ok(Json(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_filters_parse_and_reject() {
        let f = parse_api_filter(Some("organiser=biz-kempen&kind=training_day&month=2027-01&price=paid&q=energie"))
            .unwrap();
        assert_eq!(f.kind, Some(EventKind::TrainingDay));
        assert_eq!(f.price, Some(PriceFilter::Paid));
        for (raw, parameter) in [
            ("kind=vorming", "kind"),
            ("month=2027-1", "month"),
            ("price=cheap", "price"),
            ("organiser=BIZ", "organiser"),
            ("colour=red", "colour"),
            ("theme=", "theme"),
            ("kind=+&q=", "kind"),
            ("theme=%20budgetbeheer", "theme"),
        ] {
            let p = parse_api_filter(Some(raw)).unwrap_err();
            assert_eq!(p.status, 400, "{raw}");
            assert_eq!(p.parameter.as_deref(), Some(parameter), "{raw}");
        }
    }

    #[test]
    fn openapi_document_is_json_with_our_paths() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        for path in ["/events", "/events/{id}", "/organisers"] {
            assert!(doc["paths"][path]["get"].is_object(), "{path} missing");
        }
    }

    #[test]
    fn openapi_documents_exactly_the_routes() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        for (method, path) in ROUTES {
            let operation = &doc["paths"][path][method];
            assert!(operation.is_object(), "{method} {path} is not documented");
            assert!(operation["responses"].is_object(), "{method} {path} has no responses");
            // The per-address limit (crate::operations::limits) answers any route.
            assert_eq!(
                operation["responses"]["429"]["$ref"], "#/components/responses/TooManyRequests",
                "{method} {path} does not document 429"
            );
        }
        let kinds = doc["components"]["schemas"]["Problem"]["properties"]["type"]["enum"].as_array().unwrap();
        for kind in ["rate-limited", "payload-too-large", "too-many-requests", "invalid-parameter", "not-found"] {
            assert!(kinds.contains(&format!("{}{kind}", crate::problem::TYPE_BASE).into()), "problem type {kind}");
        }
        assert!(doc["components"]["responses"]["TooManyRequests"]["headers"]["Retry-After"].is_object());
        let documented: Vec<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
            .collect();
        for (method, path) in &documented {
            assert!(ROUTES.contains(&(method.as_str(), path.as_str())), "{method} {path} documented but not routed");
        }
        // Every $ref points at a schema that exists.
        let text = OPENAPI;
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(doc["components"]["schemas"][name].is_object(), "schema {name} missing");
        }
        let secured = &doc["paths"]["/events/{event_id}/registrations"]["post"]["security"][0];
        assert!(secured["organiserToken"].is_array());
        assert_eq!(doc["components"]["securitySchemes"]["organiserToken"]["scheme"], "bearer");
    }
}
