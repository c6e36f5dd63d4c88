//! `event_sessions` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: i32,
    pub position: i32,
    pub title: String,
    pub description: Option<String>,
    pub track: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue_id: Option<i32>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
