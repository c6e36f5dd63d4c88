//! Who changed what, when: every change to an event is recorded for the
//! organiser's admins.

use crate::fk;
use crate::m20261123_000001_create_directory::{Organisers, People};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_auto(AuditLog::Id))
                    .col(integer(AuditLog::OrganiserId))
                    .col(integer_null(AuditLog::PersonId))
                    .col(string_len(AuditLog::Entity, 32))
                    .col(integer(AuditLog::EntityId))
                    .col(string_len(AuditLog::Action, 32))
                    .col(text_null(AuditLog::Detail))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .foreign_key(&mut fk(
                        AuditLog::Table,
                        AuditLog::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(AuditLog::Table, AuditLog::PersonId, People::Table, ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_organiser_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::OrganiserId)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum AuditLog {
    Table,
    Id,
    OrganiserId,
    PersonId,
    Entity,
    EntityId,
    Action,
    Detail,
    At,
}
