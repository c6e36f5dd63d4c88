//! Organisers' API tokens (only a SHA-256 of the secret is stored, with a
//! short prefix to recognise it by), and the fingerprint of the request that
//! created an order through the API, so a retry with the same
//! `Idempotency-Key` but another body can be told apart from a true retry.

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
                    .table(ApiTokens::Table)
                    .col(pk_auto(ApiTokens::Id))
                    .col(integer(ApiTokens::OrganiserId))
                    .col(string_len(ApiTokens::Name, 80))
                    // SHA-256 of the whole token, hex.
                    .col(string_len_uniq(ApiTokens::TokenHash, 64))
                    // The first characters of the token, to recognise it in the list.
                    .col(string_len(ApiTokens::Prefix, 16))
                    .col(integer_null(ApiTokens::CreatedBy))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(&mut fk(
                        ApiTokens::Table,
                        ApiTokens::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ApiTokens::Table,
                        ApiTokens::CreatedBy,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_tokens_organiser")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::OrganiserId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("orders"))
                    .add_column(string_len_null(Alias::new("request_hash"), 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("orders")).drop_column(Alias::new("request_hash")).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(ApiTokens::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum ApiTokens {
    Table,
    Id,
    OrganiserId,
    Name,
    TokenHash,
    Prefix,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}
