//! The mail outbox: every mail is queued here first and sent by a worker, so a
//! request never waits for (or fails on) the mail server. Retries back off; a
//! mail that keeps failing ends as 'failed', visible to the organiser's staff.

use crate::fk;
use crate::m20261123_000001_create_directory::Organisers;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(pk_auto(MailOutbox::Id))
                    // NULL for platform mail (sign-in links); kept when the organiser goes.
                    .col(integer_null(MailOutbox::OrganiserId))
                    .col(string(MailOutbox::ToAddress))
                    .col(string_null(MailOutbox::ToName))
                    .col(string(MailOutbox::Subject))
                    .col(text(MailOutbox::TextBody))
                    .col(text(MailOutbox::HtmlBody))
                    .col(string_len(MailOutbox::Status, 16).default("queued"))
                    .col(integer(MailOutbox::Attempts).default(0))
                    // When a queued mail is due; while 'sending', when the claim was taken.
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(text_null(MailOutbox::LastError))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .foreign_key(&mut fk(
                        MailOutbox::Table,
                        MailOutbox::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(MailOutbox::Status).is_in(["queued", "sending", "sent", "failed"]))
                    .check(Expr::col(MailOutbox::Attempts).gte(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_status_due")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Status)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_organiser")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::OrganiserId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MailOutbox::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum MailOutbox {
    Table,
    Id,
    OrganiserId,
    ToAddress,
    ToName,
    Subject,
    TextBody,
    HtmlBody,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    CreatedAt,
    SentAt,
}
