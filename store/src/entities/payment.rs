//! `payments` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub provider: String,
    pub kind: String,
    pub provider_reference: Option<String>,
    pub amount_cents: i64,
    pub status: String,
    pub settled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub invoice_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
