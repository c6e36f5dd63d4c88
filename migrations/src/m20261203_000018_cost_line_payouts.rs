//! Paying a cost through Stripe Connect: the payee's connected account
//! (`cost_lines.payout_account`, `acct_...`) and the number of the payout
//! attempt (`payout_attempt`), which makes the transfer's idempotency key. A
//! retry after an unknown outcome repeats the key, so Stripe answers with the
//! transfer it already made; a refused attempt moves the number on, so the
//! next try is a new request.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table a column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("cost_lines"))
                    .add_column(ColumnDef::new(Alias::new("payout_account")).string_len(255).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("cost_lines"))
                    .add_column(ColumnDef::new(Alias::new("payout_attempt")).integer().not_null().default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["payout_attempt", "payout_account"] {
            manager
                .alter_table(Table::alter().table(Alias::new("cost_lines")).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
