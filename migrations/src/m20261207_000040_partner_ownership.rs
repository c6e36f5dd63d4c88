//! One owner per organisation's identity. What an organiser keeps about a
//! partner for itself (contact person, e-mail address, telephone, notes)
//! moves to its own link (`partnerships`): the organisation's e-mail address
//! was written by whichever organiser imported last, so each existing link
//! gets a copy of it and the shared column goes. Changes an organiser may not
//! make to a shared organisation's identity wait in `organisation_proposals`
//! for the platform admin; one pending proposal per organisation and
//! organiser (a newer one is merged into it).

use crate::fk;
use crate::m20261123_000001_create_directory::{Organisations, Organisers, People};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Partnerships {
    Table,
    ContactName,
    ContactEmail,
    ContactPhone,
    Notes,
}

#[derive(DeriveIden)]
enum OrganisationProposals {
    Table,
    Id,
    OrganisationId,
    OrganiserId,
    PersonId,
    /// The proposed fields as JSON: `{"name": "…", "street": null}` (null empties).
    Changes,
    /// pending, accepted or rejected.
    Status,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one change per ALTER TABLE.
        for column in [
            string_len_null(Partnerships::ContactName, 200),
            string_len_null(Partnerships::ContactEmail, 254),
            string_len_null(Partnerships::ContactPhone, 30),
            text_null(Partnerships::Notes),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Partnerships::Table).add_column(&mut column).to_owned()).await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE partnerships SET contact_email = \
             (SELECT organisations.email FROM organisations WHERE organisations.id = partnerships.organisation_id)",
        )
        .await?;
        db.execute_unprepared("ALTER TABLE organisations DROP COLUMN email").await?;

        manager
            .create_table(
                Table::create()
                    .table(OrganisationProposals::Table)
                    .col(pk_auto(OrganisationProposals::Id))
                    .col(integer(OrganisationProposals::OrganisationId))
                    .col(integer(OrganisationProposals::OrganiserId))
                    .col(integer_null(OrganisationProposals::PersonId))
                    .col(text(OrganisationProposals::Changes))
                    .col(
                        string_len(OrganisationProposals::Status, 16)
                            .check(Expr::col(OrganisationProposals::Status).is_in(["pending", "accepted", "rejected"])),
                    )
                    .col(integer_null(OrganisationProposals::DecidedBy))
                    .col(timestamp_with_time_zone_null(OrganisationProposals::DecidedAt))
                    .col(timestamp_with_time_zone(OrganisationProposals::CreatedAt))
                    .foreign_key(&mut fk(
                        OrganisationProposals::Table,
                        OrganisationProposals::OrganisationId,
                        Organisations::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OrganisationProposals::Table,
                        OrganisationProposals::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OrganisationProposals::Table,
                        OrganisationProposals::PersonId,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        OrganisationProposals::Table,
                        OrganisationProposals::DecidedBy,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One pending proposal per organisation and organiser (both databases
        // take a partial unique index).
        db.execute_unprepared(
            "CREATE UNIQUE INDEX idx_organisation_proposals_pending \
             ON organisation_proposals (organisation_id, organiser_id) WHERE status = 'pending'",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_proposals_status")
                    .table(OrganisationProposals::Table)
                    .col(OrganisationProposals::Status)
                    .col(OrganisationProposals::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OrganisationProposals::Table).to_owned()).await?;
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE organisations ADD COLUMN email VARCHAR(254) NULL").await?;
        db.execute_unprepared(
            "UPDATE organisations SET email = (SELECT MIN(partnerships.contact_email) FROM partnerships \
             WHERE partnerships.organisation_id = organisations.id)",
        )
        .await?;
        for column in
            [Partnerships::ContactName, Partnerships::ContactEmail, Partnerships::ContactPhone, Partnerships::Notes]
        {
            manager.alter_table(Table::alter().table(Partnerships::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
