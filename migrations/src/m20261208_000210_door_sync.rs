//! Doors that keep scanning without network, and tokens for a door app.
//!
//! - `door_scans`: every scan a door sent, by the door's own scan id (unique),
//!   with the answer it got, so a door that sends a scan again (a retry, a
//!   queue sent twice) gets the same answer and nothing counts twice.
//! - `check_ins.offline`: the check-in was decided by a door without network
//!   and merged later (its time is when the door scanned, the earliest wins).
//! - `api_tokens.scope`: `organiser` (the whole API) or `scanner` (the
//!   check-in endpoints only, for a door app).

use crate::fk;
use crate::m20261123_000001_create_directory::{Organisers, People};
use crate::m20261123_000002_create_events::EventSessions;
use crate::m20261123_000003_create_registrations_and_money::Registrations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DoorScans::Table)
                    .col(pk_auto(DoorScans::Id))
                    // The door's own id for the scan (a UUID), unique across doors.
                    .col(string_len_uniq(DoorScans::ScanId, 64))
                    .col(integer(DoorScans::OrganiserId))
                    .col(integer(DoorScans::SessionId))
                    .col(integer_null(DoorScans::RegistrationId))
                    // SHA-256 (hex) of the ticket code scanned, to tell a replay from a reused id.
                    .col(string_len(DoorScans::TicketHash, 64))
                    // The answer the door got (`domain::checkin::CheckInOutcome` as JSON).
                    .col(text(DoorScans::Answer))
                    .col(string_len(DoorScans::Code, 32))
                    .col(timestamp_with_time_zone(DoorScans::ScannedAt))
                    .col(timestamp_with_time_zone(DoorScans::ReceivedAt))
                    .col(boolean(DoorScans::Offline).default(false))
                    .col(string_len_null(DoorScans::Door, 80))
                    .col(integer_null(DoorScans::ByPerson))
                    .foreign_key(&mut fk(
                        DoorScans::Table,
                        DoorScans::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        DoorScans::Table,
                        DoorScans::SessionId,
                        EventSessions::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        DoorScans::Table,
                        DoorScans::RegistrationId,
                        Registrations::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        DoorScans::Table,
                        DoorScans::ByPerson,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_door_scans_session")
                    .table(DoorScans::Table)
                    .col(DoorScans::SessionId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("check_ins"))
                    .add_column(ColumnDef::new(Alias::new("offline")).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("api_tokens"))
                    .add_column(ColumnDef::new(Alias::new("scope")).string_len(16).not_null().default("organiser"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("api_tokens")).drop_column(Alias::new("scope")).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Alias::new("check_ins")).drop_column(Alias::new("offline")).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(DoorScans::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub enum DoorScans {
    Table,
    Id,
    ScanId,
    OrganiserId,
    SessionId,
    RegistrationId,
    TicketHash,
    Answer,
    Code,
    ScannedAt,
    ReceivedAt,
    Offline,
    Door,
    ByPerson,
}
