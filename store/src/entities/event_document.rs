//! `event_documents` table: an activity's meeting documents, their bytes in the database.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub event_id: i32,
    /// `domain::dossier::DocumentKind`'s code.
    pub kind: String,
    pub title: String,
    pub is_public: bool,
    pub file_name: String,
    /// Detected from the bytes (`domain::dossier::DocumentFormat`).
    pub content_type: String,
    pub size_bytes: i64,
    /// Hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    pub content: Vec<u8>,
    pub uploaded_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
