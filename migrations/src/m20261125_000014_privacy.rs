//! Privacy: how long each organiser keeps personal data of past events
//! (`organisers.retention_months`, 6 to 120, 24 unless chosen otherwise).

use crate::m20261123_000001_create_directory::Organisers;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisers::Table)
                    .add_column(
                        ColumnDef::new(Alias::new("retention_months"))
                            .integer()
                            .not_null()
                            .default(24)
                            .check(Expr::col(Alias::new("retention_months")).between(6, 120)),
                    )
                    .to_owned(),
            )
            .await?;
        // The retention job and the erasure look for registrations not yet anonymised.
        manager
            .create_index(
                Index::create()
                    .name("idx_registrations_anonymised_at")
                    .table(Alias::new("registrations"))
                    .col(Alias::new("anonymised_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop().name("idx_registrations_anonymised_at").table(Alias::new("registrations")).to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Organisers::Table).drop_column(Alias::new("retention_months")).to_owned())
            .await
    }
}
