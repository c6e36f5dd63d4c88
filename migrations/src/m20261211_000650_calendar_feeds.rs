//! Personal calendar feeds: `calendar_feeds` holds, per person, the secret
//! part of the address of the feed of their own registrations (unique; a new
//! one replaces the old, which then stops working). Gone with the person.

use crate::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn feeds() -> Alias {
    Alias::new("calendar_feeds")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(feeds())
                    .col(ColumnDef::new(Alias::new("person_id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("token")).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Alias::new("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk(
                        feeds(),
                        Alias::new("person_id"),
                        Alias::new("people"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(feeds()).to_owned()).await
    }
}
