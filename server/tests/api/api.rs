use crate::helpers::TestApp;
use crate::on_both_databases;
use sea_orm::EntityTrait;

on_both_databases!(api_lists_events_with_filters, |app: TestApp| async move {
    let all = app.get("/api/v1/events").await;
    assert_eq!(all.status, 200);
    assert!(all.content_type.starts_with("application/json"));
    let all = all.json();
    let count = all["count"].as_u64().unwrap();
    assert!(count >= 10, "only {count} upcoming events");
    assert_eq!(all["data"].as_array().unwrap().len() as u64, count);
    // Soonest first.
    let starts: Vec<&str> = all["data"].as_array().unwrap().iter().map(|c| c["starts_at"].as_str().unwrap()).collect();
    let mut sorted = starts.clone();
    sorted.sort_by_key(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap());
    assert_eq!(starts, sorted);

    let kempen = app.get("/api/v1/events?organiser=biz-kempen").await.json();
    assert!(kempen["data"].as_array().unwrap().iter().all(|c| c["organiser"]["slug"] == "biz-kempen"));
    assert!(kempen["count"].as_u64().unwrap() > 0);

    let free = app.get("/api/v1/events?price=free").await.json();
    assert!(free["data"].as_array().unwrap().iter().all(|c| c["price"]["to"] == 0));

    let days = app.get("/api/v1/events?kind=methods_day").await.json();
    assert!(days["data"].as_array().unwrap().iter().all(|c| c["kind"] == "methods_day"));
    assert!(days["count"].as_u64().unwrap() >= 1);
});

on_both_databases!(api_event_detail_and_errors_are_problem_json, |app: TestApp| async move {
    let (_, id) = app.event_path("Duurzaam Budgetmanagement").await;
    let event = app.get(&format!("/api/v1/events/{id}")).await;
    assert_eq!(event.status, 200);
    let event = event.json();
    assert_eq!(event["card"]["kind"], "methods_day");
    assert!(event["sessions"].as_array().unwrap().len() >= 3);
    assert!(event["ticket_types"].as_array().unwrap().iter().any(|t| t["price"].as_i64().unwrap() > 0));
    // Fees never leave the back office.
    assert!(!event.to_string().contains("fee"));

    for (path, status, parameter) in [
        ("/api/v1/events/abc", 400, Some("id")),
        ("/api/v1/events/-1", 400, Some("id")),
        ("/api/v1/events/99999999", 404, None),
        ("/api/v1/events?kind=feest", 400, Some("kind")),
        ("/api/v1/events?month=2026-13", 400, Some("month")),
        ("/api/v1/events?colour=red", 400, Some("colour")),
        ("/api/v1/nothing-here", 404, None),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json", "{path}");
        let p = r.json();
        assert_eq!(p["status"], status, "{path}");
        assert!(p["title"].is_string() && p["detail"].is_string() && p["type"].is_string(), "{path}");
        if let Some(parameter) = parameter {
            assert_eq!(p["parameter"], parameter, "{path}");
        }
    }
});

on_both_databases!(drafts_are_never_public, |app: TestApp| async move {
    use store::entities::event;
    let draft = app.insert_draft("biz-kempen", "Geheim concept", true).await;
    assert!(event::Entity::find_by_id(draft).one(&app.db).await.unwrap().is_some());
    assert_eq!(app.get(&format!("/api/v1/events/{draft}")).await.status, 404);
    assert!(!app.get("/api/v1/events").await.body.contains("Geheim concept"));
    assert!(!app.get("/").await.body.contains("Geheim concept"));
    assert_eq!(app.get("/regio/biz-kempen/geheim-concept").await.status, 404);
});

on_both_databases!(openapi_document_names_this_server, |app: TestApp| async move {
    let doc = app.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert_eq!(doc["servers"][0]["url"], "http://leernet.test/api/v1");
    assert!(doc["paths"]["/events/{id}"]["get"].is_object());
});
