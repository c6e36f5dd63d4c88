//! `check_ins` table.

use domain::CheckInMethod;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "check_ins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub registration_id: i32,
    pub session_id: i32,
    pub checked_in_at: DateTimeUtc,
    pub method: CheckInMethod,
    pub checked_in_by: Option<i32>,
    /// The name the door gave itself ("Ingang zaal"), if any.
    pub door: Option<String>,
    /// Decided by a door without network and merged later.
    pub offline: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
