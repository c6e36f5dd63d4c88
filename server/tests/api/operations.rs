use crate::helpers::{Backend, TestApp, spawn_empty};
use crate::on_both_databases;

on_both_databases!(health_and_readiness, |app: TestApp| async move {
    let health = app.get("/health").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    let ready = app.get("/ready").await;
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));
});

#[tokio::test]
async fn demo_data_only_loads_into_an_empty_database() {
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    // An empty catalogue is a page, not an error.
    let empty = app.get("/").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Geen activiteiten gevonden"));
    store::demo::load(&app.db, crate::helpers::today()).await.expect("first load");
    assert!(matches!(store::demo::load(&app.db, crate::helpers::today()).await, Err(store::demo::DemoError::NotEmpty)));
    assert!(app.get("/").await.body.contains("Duurzaam Budgetmanagement"));
}
