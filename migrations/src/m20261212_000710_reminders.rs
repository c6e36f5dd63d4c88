//! Reminders before an activity. On `events`: whether they are sent
//! (`reminder_enabled`, on for every existing event), how many days before
//! (`reminder_days`, 2, between 1 and 30) and what to bring (`reminder_bring`).
//! `reminders_sent` records, per registration and day of the activity
//! (Belgian date), the reminder that was queued, in the transaction that
//! queued it; its unique key is what makes two workers, in one process or
//! several, send a reminder once. Gone with the registration.

use crate::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn events() -> Alias {
    Alias::new("events")
}

fn sent() -> Alias {
    Alias::new("reminders_sent")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(events())
                    .add_column(ColumnDef::new(Alias::new("reminder_enabled")).boolean().not_null().default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(events())
                    .add_column(
                        ColumnDef::new(Alias::new("reminder_days"))
                            .integer()
                            .not_null()
                            .default(2)
                            .check(Expr::col(Alias::new("reminder_days")).between(1, 30)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(events())
                    .add_column(ColumnDef::new(Alias::new("reminder_bring")).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(sent())
                    .col(ColumnDef::new(Alias::new("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Alias::new("registration_id")).integer().not_null())
                    .col(ColumnDef::new(Alias::new("day")).date().not_null())
                    .col(ColumnDef::new(Alias::new("kind")).string_len(20).not_null())
                    .col(ColumnDef::new(Alias::new("sent_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        sent(),
                        Alias::new("registration_id"),
                        Alias::new("registrations"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_reminders_sent_registration_day")
                    .table(sent())
                    .col(Alias::new("registration_id"))
                    .col(Alias::new("day"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(sent()).to_owned()).await?;
        for column in ["reminder_bring", "reminder_days", "reminder_enabled"] {
            manager.alter_table(Table::alter().table(events()).drop_column(Alias::new(column)).to_owned()).await?;
        }
        Ok(())
    }
}
