//! What organisers offer: venues, trainers, events with their sessions,
//! trainer assignments (with fees) and ticket types (with prices).

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
                    .table(Venues::Table)
                    .col(pk_auto(Venues::Id))
                    .col(integer(Venues::OrganiserId))
                    .col(string(Venues::Name))
                    .col(string(Venues::Street))
                    .col(string(Venues::Postcode))
                    .col(string(Venues::City))
                    .col(text_null(Venues::Directions))
                    .col(boolean(Venues::WheelchairAccessible).default(false))
                    .col(timestamp_with_time_zone(Venues::CreatedAt))
                    .foreign_key(&mut fk(
                        Venues::Table,
                        Venues::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Trainers::Table)
                    .col(pk_auto(Trainers::Id))
                    .col(integer(Trainers::OrganiserId))
                    .col(string(Trainers::FullName))
                    .col(string_null(Trainers::Affiliation))
                    .col(string_null(Trainers::Email))
                    .col(text_null(Trainers::Bio))
                    .col(timestamp_with_time_zone(Trainers::CreatedAt))
                    .foreign_key(&mut fk(
                        Trainers::Table,
                        Trainers::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(pk_auto(Events::Id))
                    .col(integer(Events::OrganiserId))
                    .col(string_len(Events::Slug, 80))
                    .col(string_len(Events::Kind, 32))
                    .col(string_len(Events::Status, 16).default("draft"))
                    .col(string(Events::Title))
                    .col(text(Events::Summary))
                    .col(text(Events::Description))
                    .col(string_null(Events::Theme))
                    .col(string_len_null(Events::ThemeSlug, 80))
                    .col(string_len(Events::Audience, 16).default("public"))
                    .col(string_len(Events::Language, 8).default("nl"))
                    // NULL: no limit. Seats taken are counted in `seats_taken`, updated
                    // in the same statement that admits a registration.
                    .col(integer_null(Events::Capacity))
                    .col(integer(Events::SeatsTaken).default(0))
                    .col(timestamp_with_time_zone_null(Events::RegistrationOpensAt))
                    .col(timestamp_with_time_zone_null(Events::RegistrationClosesAt))
                    .col(timestamp_with_time_zone_null(Events::CancellationDeadline))
                    .col(timestamp_with_time_zone_null(Events::PublishedAt))
                    .col(timestamp_with_time_zone_null(Events::CancelledAt))
                    .col(timestamp_with_time_zone(Events::CreatedAt))
                    .col(timestamp_with_time_zone(Events::UpdatedAt))
                    .foreign_key(&mut fk(
                        Events::Table,
                        Events::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(Events::Kind).is_in([
                        "learning_network",
                        "training_day",
                        "methods_day",
                        "group_module",
                        "meeting",
                    ]))
                    .check(Expr::col(Events::Status).is_in(["draft", "published", "cancelled"]))
                    .check(Expr::col(Events::Audience).is_in(["partners", "public"]))
                    .check(Expr::col(Events::SeatsTaken).gte(0))
                    .check(Expr::col(Events::Capacity).is_null().or(Expr::col(Events::Capacity).gte(0)))
                    .check(
                        Expr::col(Events::Capacity)
                            .is_null()
                            .or(Expr::col(Events::SeatsTaken).lte(Expr::col(Events::Capacity))),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_events_organiser_slug")
                    .table(Events::Table)
                    .col(Events::OrganiserId)
                    .col(Events::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_events_status").table(Events::Table).col(Events::Status).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EventSessions::Table)
                    .col(pk_auto(EventSessions::Id))
                    .col(integer(EventSessions::EventId))
                    .col(integer(EventSessions::Position).default(0))
                    .col(string(EventSessions::Title))
                    .col(text_null(EventSessions::Description))
                    // Parallel workshops share a time slot and differ by track.
                    .col(string_null(EventSessions::Track))
                    .col(timestamp_with_time_zone(EventSessions::StartsAt))
                    .col(timestamp_with_time_zone(EventSessions::EndsAt))
                    .col(integer_null(EventSessions::VenueId))
                    .col(string_null(EventSessions::OnlineUrl))
                    .col(integer_null(EventSessions::Capacity))
                    .foreign_key(&mut fk(
                        EventSessions::Table,
                        EventSessions::EventId,
                        Events::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        EventSessions::Table,
                        EventSessions::VenueId,
                        Venues::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(EventSessions::EndsAt).gt(Expr::col(EventSessions::StartsAt)))
                    .check(Expr::col(EventSessions::Capacity).is_null().or(Expr::col(EventSessions::Capacity).gte(0)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_sessions_event_start")
                    .table(EventSessions::Table)
                    .col(EventSessions::EventId)
                    .col(EventSessions::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_sessions_start")
                    .table(EventSessions::Table)
                    .col(EventSessions::StartsAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EventTrainers::Table)
                    .col(pk_auto(EventTrainers::Id))
                    .col(integer(EventTrainers::EventId))
                    .col(integer(EventTrainers::TrainerId))
                    .col(integer_null(EventTrainers::SessionId))
                    .col(string_len(EventTrainers::Role, 16).default("trainer"))
                    .col(big_integer(EventTrainers::FeeCents).default(0))
                    .foreign_key(&mut fk(
                        EventTrainers::Table,
                        EventTrainers::EventId,
                        Events::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        EventTrainers::Table,
                        EventTrainers::TrainerId,
                        Trainers::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        EventTrainers::Table,
                        EventTrainers::SessionId,
                        EventSessions::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(EventTrainers::FeeCents).gte(0))
                    .check(Expr::col(EventTrainers::Role).is_in(["trainer", "speaker", "moderator"]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_event_trainers_event_trainer")
                    .table(EventTrainers::Table)
                    .col(EventTrainers::EventId)
                    .col(EventTrainers::TrainerId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TicketTypes::Table)
                    .col(pk_auto(TicketTypes::Id))
                    .col(integer(TicketTypes::EventId))
                    .col(string(TicketTypes::Name))
                    .col(text_null(TicketTypes::Description))
                    .col(big_integer(TicketTypes::PriceCents).default(0))
                    // Who may pick it: 'everyone', 'partners' (partner price) or 'externals'.
                    .col(string_len(TicketTypes::Eligibility, 16).default("everyone"))
                    .col(integer_null(TicketTypes::Capacity))
                    .col(integer(TicketTypes::Position).default(0))
                    .col(boolean(TicketTypes::Active).default(true))
                    .foreign_key(&mut fk(
                        TicketTypes::Table,
                        TicketTypes::EventId,
                        Events::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(TicketTypes::PriceCents).gte(0))
                    .check(Expr::col(TicketTypes::Eligibility).is_in(["everyone", "partners", "externals"]))
                    .check(Expr::col(TicketTypes::Capacity).is_null().or(Expr::col(TicketTypes::Capacity).gte(0)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_ticket_types_event_name")
                    .table(TicketTypes::Table)
                    .col(TicketTypes::EventId)
                    .col(TicketTypes::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketTypes::Table.into_iden(),
            EventTrainers::Table.into_iden(),
            EventSessions::Table.into_iden(),
            Events::Table.into_iden(),
            Trainers::Table.into_iden(),
            Venues::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Venues {
    Table,
    Id,
    OrganiserId,
    Name,
    Street,
    Postcode,
    City,
    Directions,
    WheelchairAccessible,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Trainers {
    Table,
    Id,
    OrganiserId,
    FullName,
    Affiliation,
    Email,
    Bio,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Events {
    Table,
    Id,
    OrganiserId,
    Slug,
    Kind,
    Status,
    Title,
    Summary,
    Description,
    Theme,
    ThemeSlug,
    Audience,
    Language,
    Capacity,
    SeatsTaken,
    RegistrationOpensAt,
    RegistrationClosesAt,
    CancellationDeadline,
    PublishedAt,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum EventSessions {
    Table,
    Id,
    EventId,
    Position,
    Title,
    Description,
    Track,
    StartsAt,
    EndsAt,
    VenueId,
    OnlineUrl,
    Capacity,
}

#[derive(DeriveIden)]
pub enum EventTrainers {
    Table,
    Id,
    EventId,
    TrainerId,
    SessionId,
    Role,
    FeeCents,
}

#[derive(DeriveIden)]
pub enum TicketTypes {
    Table,
    Id,
    EventId,
    Name,
    Description,
    PriceCents,
    Eligibility,
    Capacity,
    Position,
    Active,
}
