//! Reference data and the directory: municipalities, organisers (BIZ regions),
//! partner organisations, partnerships and people.

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The 285 Flemish municipalities after the 2025 mergers (one OCMW each).
/// Reference data that the schema's foreign keys rely on, not demo data.
const MUNICIPALITIES_CSV: &str = include_str!("../data/flemish-municipalities.csv");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Municipalities::Table)
                    .col(integer(Municipalities::NisCode).primary_key())
                    .col(string(Municipalities::NameNl))
                    .col(string(Municipalities::NameFr))
                    .col(integer(Municipalities::ProvinceNis))
                    .col(integer(Municipalities::ArrondissementNis))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert()
            .into_table(Municipalities::Table)
            .columns([
                Municipalities::NisCode,
                Municipalities::NameNl,
                Municipalities::NameFr,
                Municipalities::ProvinceNis,
                Municipalities::ArrondissementNis,
            ])
            .to_owned();
        for line in MUNICIPALITIES_CSV.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f: Vec<&str> = line.split(',').collect();
            let parse =
                |s: &str| s.trim().parse::<i32>().map_err(|e| DbErr::Migration(format!("municipality {line:?}: {e}")));
            if f.len() != 5 {
                return Err(DbErr::Migration(format!("municipality line {line:?} has {} fields", f.len())));
            }
            insert.values_panic([
                parse(f[0])?.into(),
                f[1].trim().into(),
                f[2].trim().into(),
                parse(f[3])?.into(),
                parse(f[4])?.into(),
            ]);
        }
        manager.exec_stmt(insert).await?;

        manager
            .create_table(
                Table::create()
                    .table(Organisers::Table)
                    .col(pk_auto(Organisers::Id))
                    .col(string_len_uniq(Organisers::Slug, 80))
                    .col(string(Organisers::Name))
                    .col(string(Organisers::ShortName))
                    .col(text(Organisers::Description))
                    .col(string(Organisers::Email))
                    .col(string_null(Organisers::Phone))
                    .col(string_null(Organisers::Website))
                    .col(string_len_null(Organisers::EnterpriseNumber, 10))
                    .col(string_null(Organisers::Street))
                    .col(string_null(Organisers::Postcode))
                    .col(string_null(Organisers::City))
                    .col(string_len_null(Organisers::Iban, 34))
                    // 'exempt' (art. 44 VAT code) or 'standard' (21 %): drives invoices.
                    .col(string_len(Organisers::VatMode, 16).default("exempt"))
                    .col(timestamp_with_time_zone(Organisers::CreatedAt))
                    .check(Expr::col(Organisers::VatMode).is_in(["exempt", "standard"]))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_auto(Organisations::Id))
                    .col(string_len(Organisations::Kind, 32))
                    .col(string_uniq(Organisations::Name))
                    .col(integer_null(Organisations::MunicipalityNis))
                    .col(string_len_null(Organisations::EnterpriseNumber, 10).unique_key())
                    .col(string_null(Organisations::Street))
                    .col(string_null(Organisations::Postcode))
                    .col(string_null(Organisations::City))
                    .col(string_null(Organisations::Email))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Organisations::Table, Organisations::MunicipalityNis)
                            .to(Municipalities::Table, Municipalities::NisCode)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .check(Expr::col(Organisations::Kind).is_in([
                        "ocmw",
                        "caw",
                        "association",
                        "school",
                        "youth_care",
                        "lawyer",
                        "bailiff",
                        "other",
                    ]))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_municipality")
                    .table(Organisations::Table)
                    .col(Organisations::MunicipalityNis)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Partnerships::Table)
                    .col(integer(Partnerships::OrganiserId))
                    .col(integer(Partnerships::OrganisationId))
                    .col(date_null(Partnerships::Since))
                    .primary_key(Index::create().col(Partnerships::OrganiserId).col(Partnerships::OrganisationId))
                    .foreign_key(&mut fk(
                        Partnerships::Table,
                        Partnerships::OrganiserId,
                        Organisers::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Partnerships::Table,
                        Partnerships::OrganisationId,
                        Organisations::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(pk_auto(People::Id))
                    .col(string(People::FullName))
                    // Lower-cased by the domain's Email type; NULL once anonymised.
                    .col(string_null(People::Email).unique_key())
                    .col(string_null(People::Phone))
                    .col(string_null(People::JobTitle))
                    .col(integer_null(People::OrganisationId))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .col(timestamp_with_time_zone_null(People::AnonymisedAt))
                    .foreign_key(&mut fk(
                        People::Table,
                        People::OrganisationId,
                        Organisations::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_people_organisation")
                    .table(People::Table)
                    .col(People::OrganisationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            People::Table.into_iden(),
            Partnerships::Table.into_iden(),
            Organisations::Table.into_iden(),
            Organisers::Table.into_iden(),
            Municipalities::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Municipalities {
    Table,
    NisCode,
    NameNl,
    NameFr,
    ProvinceNis,
    ArrondissementNis,
}

#[derive(DeriveIden)]
pub enum Organisers {
    Table,
    Id,
    Slug,
    Name,
    ShortName,
    Description,
    Email,
    Phone,
    Website,
    EnterpriseNumber,
    Street,
    Postcode,
    City,
    Iban,
    VatMode,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    MunicipalityNis,
    EnterpriseNumber,
    Street,
    Postcode,
    City,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Partnerships {
    Table,
    OrganiserId,
    OrganisationId,
    Since,
}

#[derive(DeriveIden)]
pub enum People {
    Table,
    Id,
    FullName,
    Email,
    Phone,
    JobTitle,
    OrganisationId,
    CreatedAt,
    AnonymisedAt,
}
