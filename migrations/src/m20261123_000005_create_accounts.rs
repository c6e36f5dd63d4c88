//! Accounts: roles (memberships), single-use sign-in links, server-side
//! sessions and the counters behind sign-in rate limits. Secrets are stored
//! only as SHA-256 hashes.

use crate::fk;
use crate::m20261123_000001_create_directory::{Organisations, Organisers, People};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(People::Table).add_column(string_null(Alias::new("password_hash"))).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(pk_auto(Memberships::Id))
                    .col(integer(Memberships::PersonId))
                    // Set for organiser roles (admin, staff, scanner, trainer).
                    .col(integer_null(Memberships::OrganiserId))
                    // Set for coordinators: they manage their organisation's registrations.
                    .col(integer_null(Memberships::OrganisationId))
                    .col(string_len(Memberships::Role, 24))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .foreign_key(&mut fk(
                        Memberships::Table,
                        Memberships::PersonId,
                        People::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Memberships::Table,
                        Memberships::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Memberships::Table,
                        Memberships::OrganisationId,
                        Organisations::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(Memberships::Role).is_in([
                        "platform_admin",
                        "admin",
                        "staff",
                        "scanner",
                        "trainer",
                        "coordinator",
                    ]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_memberships_role")
                    .table(Memberships::Table)
                    .col(Memberships::PersonId)
                    .col(Memberships::Role)
                    .col(Memberships::OrganiserId)
                    .col(Memberships::OrganisationId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInTokens::Table)
                    .col(pk_auto(SignInTokens::Id))
                    .col(string_len_uniq(SignInTokens::TokenHash, 64))
                    .col(string(SignInTokens::Email))
                    .col(timestamp_with_time_zone(SignInTokens::CreatedAt))
                    .col(timestamp_with_time_zone(SignInTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInTokens::UsedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::IdHash, 64).primary_key())
                    .col(integer(Sessions::PersonId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .foreign_key(&mut fk(Sessions::Table, Sessions::PersonId, People::Table, ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_sessions_person").table(Sessions::Table).col(Sessions::PersonId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateLimitHits::Table)
                    .col(pk_auto(RateLimitHits::Id))
                    .col(string_len(RateLimitHits::Bucket, 200))
                    .col(timestamp_with_time_zone(RateLimitHits::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limit_hits_bucket_at")
                    .table(RateLimitHits::Table)
                    .col(RateLimitHits::Bucket)
                    .col(RateLimitHits::At)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RateLimitHits::Table.into_iden(),
            Sessions::Table.into_iden(),
            SignInTokens::Table.into_iden(),
            Memberships::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(People::Table).drop_column(Alias::new("password_hash")).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Memberships {
    Table,
    Id,
    PersonId,
    OrganiserId,
    OrganisationId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum SignInTokens {
    Table,
    Id,
    TokenHash,
    Email,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
pub enum Sessions {
    Table,
    IdHash,
    PersonId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
pub enum RateLimitHits {
    Table,
    Id,
    Bucket,
    At,
}
