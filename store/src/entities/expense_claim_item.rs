//! `expense_claim_items` table: a claim's material items.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_claim_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub claim_id: i32,
    pub position: i32,
    pub description: String,
    pub amount_cents: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
