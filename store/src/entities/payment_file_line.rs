//! `payment_file_lines` table: one cost line in a payment file, with the
//! amount and account it went out with.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_file_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub file_id: i32,
    pub cost_line_id: i32,
    /// The cost line while its file is not cancelled, NULL after (unique: one live file per line).
    pub live_cost_line_id: Option<i32>,
    pub amount_cents: i64,
    pub payee_name: String,
    pub iban: String,
    pub bic: Option<String>,
    pub end_to_end_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
