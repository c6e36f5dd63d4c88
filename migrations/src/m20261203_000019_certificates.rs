//! When a registration's attendance certificate was mailed
//! (`registrations.certificate_sent_at`), so sending the certificates of an
//! event again reaches only those who have none yet.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("registrations"))
                    .add_column(ColumnDef::new(Alias::new("certificate_sent_at")).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("registrations"))
                    .drop_column(Alias::new("certificate_sent_at"))
                    .to_owned(),
            )
            .await
    }
}
