//! `door_scans` table: every scan a door sent through the API, by its scan id.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "door_scans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub scan_id: String,
    pub organiser_id: i32,
    pub session_id: i32,
    pub registration_id: Option<i32>,
    pub ticket_hash: String,
    /// `domain::checkin::CheckInOutcome` as JSON.
    #[sea_orm(column_type = "Text")]
    pub answer: String,
    pub code: String,
    pub scanned_at: DateTimeUtc,
    pub received_at: DateTimeUtc,
    pub offline: bool,
    pub door: Option<String>,
    pub by_person: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
