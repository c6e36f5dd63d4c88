//! Registrations and money: orders, registrations (seats), tickets, check-ins,
//! payments and refunds, processed webhooks, gapless invoice numbers, invoices
//! and credit notes with their lines, and each event's budget and cost lines.

use crate::fk;
use crate::m20261123_000001_create_directory::{Organisations, Organisers, People};
use crate::m20261123_000002_create_events::{EventSessions, Events, TicketTypes, Trainers};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(pk_auto(Orders::Id))
                    .col(integer(Orders::OrganiserId))
                    .col(integer(Orders::EventId))
                    .col(string_len_uniq(Orders::Reference, 32))
                    .col(integer_null(Orders::BuyerPersonId))
                    .col(integer_null(Orders::BillingOrganisationId))
                    .col(string_len(Orders::PaymentMethod, 16))
                    .col(string_len(Orders::Status, 24).default("pending"))
                    .col(big_integer(Orders::TotalCents))
                    .col(string_null(Orders::PoReference))
                    // A client's retry of the same request finds the first order.
                    .col(string_len_null(Orders::IdempotencyKey, 64).unique_key())
                    // Seats of an unpaid online order are held until then.
                    .col(timestamp_with_time_zone_null(Orders::HoldExpiresAt))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .foreign_key(&mut fk(
                        Orders::Table,
                        Orders::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(Orders::Table, Orders::EventId, Events::Table, ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk(
                        Orders::Table,
                        Orders::BuyerPersonId,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Orders::Table,
                        Orders::BillingOrganisationId,
                        Organisations::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(Orders::PaymentMethod).is_in(["free", "online", "invoice"]))
                    .check(Expr::col(Orders::Status).is_in([
                        "pending",
                        "paid",
                        "cancelled",
                        "refunded",
                        "partially_refunded",
                    ]))
                    .check(Expr::col(Orders::TotalCents).gte(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_orders_event").table(Orders::Table).col(Orders::EventId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Registrations::Table)
                    .col(pk_auto(Registrations::Id))
                    .col(integer(Registrations::EventId))
                    .col(integer_null(Registrations::OrderId))
                    .col(integer(Registrations::TicketTypeId))
                    .col(integer_null(Registrations::PersonId))
                    // Snapshots taken at registration: the invoice and the attendance
                    // list must show what was true then. Anonymisation blanks them.
                    .col(string(Registrations::AttendeeName))
                    .col(string_null(Registrations::AttendeeEmail))
                    .col(integer_null(Registrations::OrganisationId))
                    .col(string_null(Registrations::OrganisationName))
                    .col(string_len(Registrations::Status, 24))
                    .col(big_integer(Registrations::PriceCents))
                    .col(text_null(Registrations::Answers))
                    .col(timestamp_with_time_zone_null(Registrations::OfferExpiresAt))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .col(timestamp_with_time_zone(Registrations::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Registrations::CancelledAt))
                    .col(timestamp_with_time_zone_null(Registrations::AnonymisedAt))
                    .foreign_key(&mut fk(
                        Registrations::Table,
                        Registrations::EventId,
                        Events::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Registrations::Table,
                        Registrations::OrderId,
                        Orders::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Registrations::Table,
                        Registrations::TicketTypeId,
                        TicketTypes::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Registrations::Table,
                        Registrations::PersonId,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Registrations::Table,
                        Registrations::OrganisationId,
                        Organisations::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(Registrations::Status).is_in([
                        "pending_payment",
                        "confirmed",
                        "waitlisted",
                        "offered",
                        "cancelled",
                    ]))
                    .check(Expr::col(Registrations::PriceCents).gte(0))
                    .to_owned(),
            )
            .await?;
        // One live registration per address per event; cancelled ones don't block re-registering.
        manager
            .create_index(
                Index::create()
                    .name("uq_registrations_event_email_live")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::AttendeeEmail)
                    .unique()
                    .and_where(Expr::col(Registrations::Status).ne("cancelled"))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_registrations_event_status", Registrations::Status),
            ("idx_registrations_organisation", Registrations::OrganisationId),
            ("idx_registrations_person", Registrations::PersonId),
            ("idx_registrations_order", Registrations::OrderId),
        ] {
            let mut index = Index::create().name(name).table(Registrations::Table).to_owned();
            if name == "idx_registrations_event_status" {
                index.col(Registrations::EventId);
            }
            manager.create_index(index.col(col).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .col(pk_auto(Tickets::Id))
                    .col(integer_uniq(Tickets::RegistrationId))
                    // Random and unguessable; the QR code carries it, signed.
                    .col(string_len_uniq(Tickets::Code, 64))
                    .col(timestamp_with_time_zone(Tickets::IssuedAt))
                    .col(timestamp_with_time_zone_null(Tickets::RevokedAt))
                    .foreign_key(&mut fk(
                        Tickets::Table,
                        Tickets::RegistrationId,
                        Registrations::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CheckIns::Table)
                    .col(pk_auto(CheckIns::Id))
                    .col(integer(CheckIns::RegistrationId))
                    .col(integer(CheckIns::SessionId))
                    .col(timestamp_with_time_zone(CheckIns::CheckedInAt))
                    .col(string_len(CheckIns::Method, 16).default("scan"))
                    .col(integer_null(CheckIns::CheckedInBy))
                    .foreign_key(&mut fk(
                        CheckIns::Table,
                        CheckIns::RegistrationId,
                        Registrations::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CheckIns::Table,
                        CheckIns::SessionId,
                        EventSessions::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CheckIns::Table,
                        CheckIns::CheckedInBy,
                        People::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(CheckIns::Method).is_in(["scan", "manual", "list"]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_check_ins_registration_session")
                    .table(CheckIns::Table)
                    .col(CheckIns::RegistrationId)
                    .col(CheckIns::SessionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_check_ins_session")
                    .table(CheckIns::Table)
                    .col(CheckIns::SessionId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(pk_auto(Payments::Id))
                    .col(integer(Payments::OrderId))
                    .col(string_len(Payments::Provider, 16))
                    .col(string_len(Payments::Kind, 16).default("payment"))
                    .col(string_null(Payments::ProviderReference))
                    .col(big_integer(Payments::AmountCents))
                    .col(string_len(Payments::Status, 16))
                    .col(timestamp_with_time_zone_null(Payments::SettledAt))
                    .col(timestamp_with_time_zone(Payments::CreatedAt))
                    .foreign_key(&mut fk(Payments::Table, Payments::OrderId, Orders::Table, ForeignKeyAction::Restrict))
                    .check(Expr::col(Payments::Provider).is_in(["stripe", "bank_transfer", "manual"]))
                    .check(Expr::col(Payments::Kind).is_in(["payment", "refund"]))
                    .check(Expr::col(Payments::Status).is_in(["pending", "succeeded", "failed"]))
                    .check(Expr::col(Payments::AmountCents).gt(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_payments_provider_reference")
                    .table(Payments::Table)
                    .col(Payments::Provider)
                    .col(Payments::Kind)
                    .col(Payments::ProviderReference)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_payments_order").table(Payments::Table).col(Payments::OrderId).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcessedWebhooks::Table)
                    .col(string_len(ProcessedWebhooks::Provider, 16))
                    .col(string_len(ProcessedWebhooks::EventId, 128))
                    .col(timestamp_with_time_zone(ProcessedWebhooks::ReceivedAt))
                    .primary_key(Index::create().col(ProcessedWebhooks::Provider).col(ProcessedWebhooks::EventId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InvoiceSequences::Table)
                    .col(integer(InvoiceSequences::OrganiserId))
                    .col(string_len(InvoiceSequences::DocumentKind, 16))
                    .col(integer(InvoiceSequences::Year))
                    .col(integer(InvoiceSequences::LastNumber).default(0))
                    .primary_key(
                        Index::create()
                            .col(InvoiceSequences::OrganiserId)
                            .col(InvoiceSequences::DocumentKind)
                            .col(InvoiceSequences::Year),
                    )
                    .foreign_key(&mut fk(
                        InvoiceSequences::Table,
                        InvoiceSequences::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(InvoiceSequences::LastNumber).gte(0))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invoices::Table)
                    .col(pk_auto(Invoices::Id))
                    .col(integer(Invoices::OrganiserId))
                    .col(integer(Invoices::OrderId))
                    .col(string_len(Invoices::DocumentKind, 16))
                    .col(integer(Invoices::Year))
                    .col(integer(Invoices::Number))
                    .col(integer_null(Invoices::CreditedInvoiceId))
                    .col(string_len_null(Invoices::OgmReference, 12).unique_key())
                    .col(date(Invoices::IssueDate))
                    .col(date_null(Invoices::DueDate))
                    .col(date_null(Invoices::ServiceDate))
                    .col(string(Invoices::CustomerName))
                    .col(string_len_null(Invoices::CustomerEnterpriseNumber, 10))
                    .col(string_null(Invoices::CustomerStreet))
                    .col(string_null(Invoices::CustomerPostcode))
                    .col(string_null(Invoices::CustomerCity))
                    .col(string_null(Invoices::CustomerReference))
                    .col(string_len(Invoices::VatCategory, 2))
                    .col(integer(Invoices::VatRateBasisPoints).default(0))
                    .col(big_integer(Invoices::TotalExclCents))
                    .col(big_integer(Invoices::VatCents))
                    .col(big_integer(Invoices::TotalInclCents))
                    .col(string_len(Invoices::Status, 16).default("open"))
                    .col(timestamp_with_time_zone_null(Invoices::PaidAt))
                    .col(timestamp_with_time_zone(Invoices::CreatedAt))
                    .foreign_key(&mut fk(
                        Invoices::Table,
                        Invoices::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(Invoices::Table, Invoices::OrderId, Orders::Table, ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk(
                        Invoices::Table,
                        Invoices::CreditedInvoiceId,
                        Invoices::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .check(Expr::col(Invoices::DocumentKind).is_in(["invoice", "credit_note"]))
                    .check(Expr::col(Invoices::VatCategory).is_in(["S", "E"]))
                    .check(Expr::col(Invoices::Status).is_in(["open", "paid", "credited"]))
                    .check(Expr::col(Invoices::Number).gt(0))
                    .check(Expr::col(Invoices::TotalExclCents).gte(0))
                    .check(Expr::col(Invoices::VatCents).gte(0))
                    .check(
                        Expr::col(Invoices::TotalInclCents)
                            .eq(Expr::col(Invoices::TotalExclCents).add(Expr::col(Invoices::VatCents))),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_invoices_number")
                    .table(Invoices::Table)
                    .col(Invoices::OrganiserId)
                    .col(Invoices::DocumentKind)
                    .col(Invoices::Year)
                    .col(Invoices::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InvoiceLines::Table)
                    .col(pk_auto(InvoiceLines::Id))
                    .col(integer(InvoiceLines::InvoiceId))
                    .col(integer(InvoiceLines::Position))
                    .col(string(InvoiceLines::Description))
                    .col(integer(InvoiceLines::Quantity))
                    .col(big_integer(InvoiceLines::UnitPriceCents))
                    .col(big_integer(InvoiceLines::LineTotalCents))
                    .foreign_key(&mut fk(
                        InvoiceLines::Table,
                        InvoiceLines::InvoiceId,
                        Invoices::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::col(InvoiceLines::Quantity).gt(0))
                    .check(Expr::col(InvoiceLines::UnitPriceCents).gte(0))
                    .check(
                        Expr::col(InvoiceLines::LineTotalCents)
                            .eq(Expr::col(InvoiceLines::UnitPriceCents).mul(Expr::col(InvoiceLines::Quantity))),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CostLines::Table)
                    .col(pk_auto(CostLines::Id))
                    .col(integer(CostLines::EventId))
                    .col(string_len(CostLines::Category, 16))
                    .col(string(CostLines::Description))
                    .col(string_null(CostLines::Payee))
                    .col(integer_null(CostLines::TrainerId))
                    .col(big_integer(CostLines::BudgetCents).default(0))
                    .col(big_integer_null(CostLines::ActualCents))
                    .col(string_len(CostLines::Status, 16).default("planned"))
                    .col(timestamp_with_time_zone_null(CostLines::PaidAt))
                    .col(string_null(CostLines::PayoutReference))
                    .col(timestamp_with_time_zone(CostLines::CreatedAt))
                    .foreign_key(&mut fk(
                        CostLines::Table,
                        CostLines::EventId,
                        Events::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CostLines::Table,
                        CostLines::TrainerId,
                        Trainers::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::col(CostLines::Category).is_in(["trainer", "catering", "venue", "printing", "other"]))
                    .check(Expr::col(CostLines::Status).is_in(["planned", "approved", "paid"]))
                    .check(Expr::col(CostLines::BudgetCents).gte(0))
                    .check(Expr::col(CostLines::ActualCents).is_null().or(Expr::col(CostLines::ActualCents).gte(0)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_cost_lines_event").table(CostLines::Table).col(CostLines::EventId).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CostLines::Table.into_iden(),
            InvoiceLines::Table.into_iden(),
            Invoices::Table.into_iden(),
            InvoiceSequences::Table.into_iden(),
            ProcessedWebhooks::Table.into_iden(),
            Payments::Table.into_iden(),
            CheckIns::Table.into_iden(),
            Tickets::Table.into_iden(),
            Registrations::Table.into_iden(),
            Orders::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Orders {
    Table,
    Id,
    OrganiserId,
    EventId,
    Reference,
    BuyerPersonId,
    BillingOrganisationId,
    PaymentMethod,
    Status,
    TotalCents,
    PoReference,
    IdempotencyKey,
    HoldExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Registrations {
    Table,
    Id,
    EventId,
    OrderId,
    TicketTypeId,
    PersonId,
    AttendeeName,
    AttendeeEmail,
    OrganisationId,
    OrganisationName,
    Status,
    PriceCents,
    Answers,
    OfferExpiresAt,
    CreatedAt,
    UpdatedAt,
    CancelledAt,
    AnonymisedAt,
}

#[derive(DeriveIden)]
pub enum Tickets {
    Table,
    Id,
    RegistrationId,
    Code,
    IssuedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
pub enum CheckIns {
    Table,
    Id,
    RegistrationId,
    SessionId,
    CheckedInAt,
    Method,
    CheckedInBy,
}

#[derive(DeriveIden)]
pub enum Payments {
    Table,
    Id,
    OrderId,
    Provider,
    Kind,
    ProviderReference,
    AmountCents,
    Status,
    SettledAt,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum ProcessedWebhooks {
    Table,
    Provider,
    EventId,
    ReceivedAt,
}

#[derive(DeriveIden)]
pub enum InvoiceSequences {
    Table,
    OrganiserId,
    DocumentKind,
    Year,
    LastNumber,
}

#[derive(DeriveIden)]
pub enum Invoices {
    Table,
    Id,
    OrganiserId,
    OrderId,
    DocumentKind,
    Year,
    Number,
    CreditedInvoiceId,
    OgmReference,
    IssueDate,
    DueDate,
    ServiceDate,
    CustomerName,
    CustomerEnterpriseNumber,
    CustomerStreet,
    CustomerPostcode,
    CustomerCity,
    CustomerReference,
    VatCategory,
    VatRateBasisPoints,
    TotalExclCents,
    VatCents,
    TotalInclCents,
    Status,
    PaidAt,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum InvoiceLines {
    Table,
    Id,
    InvoiceId,
    Position,
    Description,
    Quantity,
    UnitPriceCents,
    LineTotalCents,
}

#[derive(DeriveIden)]
pub enum CostLines {
    Table,
    Id,
    EventId,
    Category,
    Description,
    Payee,
    TrainerId,
    BudgetCents,
    ActualCents,
    Status,
    PaidAt,
    PayoutReference,
    CreatedAt,
}
