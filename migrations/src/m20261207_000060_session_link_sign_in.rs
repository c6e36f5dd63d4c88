//! When a session signed in by link (`sessions.link_signed_in_at`; NULL for a
//! password sign-in): a link sign-in in the last minutes may set or change a
//! password without the current one (`domain::sign_in`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("sessions"))
                    .add_column(ColumnDef::new(Alias::new("link_signed_in_at")).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Alias::new("sessions")).drop_column(Alias::new("link_signed_in_at")).to_owned(),
            )
            .await
    }
}
