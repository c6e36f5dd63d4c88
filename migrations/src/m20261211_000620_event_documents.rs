//! Meeting documents (issue 19, point 2): files staff attach to an activity
//! (agenda, minutes, slides, other), PDF or office formats recognised by
//! their bytes (`domain::dossier::DocumentFormat`).
//!
//! - `event_documents`: the activity (and its organiser, for the isolation
//!   of every query), the kind, a title, whether it is public, the file name
//!   to offer it under, the content type detected from the bytes, the size,
//!   the SHA-256 and the bytes as a blob (one backup holds everything, as
//!   expense receipts do), who uploaded it and when.
//!
//! The activity's public page lists its public documents, so a change to
//! this table bumps the public pages' revision (see migration 17).

use crate::fk;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventDocuments {
    Table,
    Id,
    OrganiserId,
    EventId,
    Kind,
    Title,
    IsPublic,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    Content,
    UploadedBy,
    CreatedAt,
    UpdatedAt,
}

const OPERATIONS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EventDocuments::Table)
                    .col(pk_auto(EventDocuments::Id))
                    .col(integer(EventDocuments::OrganiserId))
                    .col(integer(EventDocuments::EventId))
                    .col(string_len(EventDocuments::Kind, 16))
                    .col(string_len(EventDocuments::Title, 200))
                    .col(boolean(EventDocuments::IsPublic).default(false))
                    .col(string_len(EventDocuments::FileName, 100))
                    .col(string_len(EventDocuments::ContentType, 100))
                    .col(big_integer(EventDocuments::SizeBytes))
                    .col(string_len(EventDocuments::Sha256, 64))
                    .col(blob(EventDocuments::Content))
                    .col(integer_null(EventDocuments::UploadedBy))
                    .col(timestamp_with_time_zone(EventDocuments::CreatedAt))
                    .col(timestamp_with_time_zone(EventDocuments::UpdatedAt))
                    .foreign_key(&mut fk(
                        EventDocuments::Table,
                        EventDocuments::OrganiserId,
                        Alias::new("organisers"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        EventDocuments::Table,
                        EventDocuments::EventId,
                        Alias::new("events"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        EventDocuments::Table,
                        EventDocuments::UploadedBy,
                        Alias::new("people"),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(EventDocuments::Kind).is_in(["agenda", "minutes", "slides", "other"]))
                    .check(Expr::col(EventDocuments::ContentType).is_in([
                        "application/pdf",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                        "application/vnd.oasis.opendocument.text",
                        "application/vnd.oasis.opendocument.spreadsheet",
                        "application/vnd.oasis.opendocument.presentation",
                        "application/msword",
                        "application/vnd.ms-excel",
                        "application/vnd.ms-powerpoint",
                    ]))
                    .check(Expr::col(EventDocuments::SizeBytes).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_documents_event")
                    .table(EventDocuments::Table)
                    .col(EventDocuments::EventId)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE CONSTRAINT TRIGGER bump_site_revision AFTER INSERT OR UPDATE OR DELETE ON event_documents \
                     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_site_revision()",
                )
                .await?;
            }
            _ => {
                for operation in OPERATIONS {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER bump_site_revision_event_documents_{op} AFTER {operation} ON event_documents \
                         BEGIN UPDATE site_revision SET revision = revision + 1 WHERE id = 1; END",
                        op = operation.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The triggers go with the table.
        manager.drop_table(Table::drop().table(EventDocuments::Table).to_owned()).await?;
        Ok(())
    }
}
