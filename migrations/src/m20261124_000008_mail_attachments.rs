//! Mail can carry text attachments (a calendar entry with a confirmation),
//! kept as a JSON array in the outbox row so a mail and its files queue together.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("mail_outbox"))
                    .add_column(text_null(Alias::new("attachments")))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Alias::new("mail_outbox")).drop_column(Alias::new("attachments")).to_owned(),
            )
            .await
    }
}
