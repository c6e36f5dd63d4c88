//! Per-event questions (kept with the event as JSON: a handful per event, never
//! queried on their own; answers already live in `registrations.answers`), and
//! group bookings: the largest group a group module takes, and per order the
//! group's size and the dates the organisation asked for.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let alter =
            |table: &str, column: ColumnDef| Table::alter().table(Alias::new(table)).add_column(column).to_owned();
        manager.alter_table(alter("events", text_null(Alias::new("questions")))).await?;
        manager
            .alter_table(alter(
                "events",
                integer_null(Alias::new("group_max_participants"))
                    .check(Expr::col(Alias::new("group_max_participants")).gt(0))
                    .to_owned(),
            ))
            .await?;
        manager
            .alter_table(alter(
                "orders",
                integer_null(Alias::new("group_size")).check(Expr::col(Alias::new("group_size")).gt(0)).to_owned(),
            ))
            .await?;
        manager.alter_table(alter("orders", text_null(Alias::new("requested_dates")))).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            ("orders", "requested_dates"),
            ("orders", "group_size"),
            ("events", "group_max_participants"),
            ("events", "questions"),
        ] {
            manager
                .alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
