//! Who signs the organiser's attendance certificates: a name and a function
//! (`organisers.signatory_name`, `organisers.signatory_function`), set by the
//! organiser's admin; NULL until then. One column per statement, as SQLite
//! alters a table one column at a time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 2] = ["signatory_name", "signatory_function"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("organisers"))
                        .add_column(ColumnDef::new(Alias::new(column)).string().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager
                .alter_table(Table::alter().table(Alias::new("organisers")).drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
