//! `venues` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "venues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub directions: Option<String>,
    pub wheelchair_accessible: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
