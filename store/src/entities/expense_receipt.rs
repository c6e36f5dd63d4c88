//! `expense_receipts` table: a claim's receipts, their bytes in the database.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_receipts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub claim_id: i32,
    pub file_name: String,
    /// Detected from the bytes (`domain::expense_claims::ReceiptKind`).
    pub content_type: String,
    pub size_bytes: i64,
    /// Hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    pub content: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
