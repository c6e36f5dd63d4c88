//! At which door someone was checked in (`check_ins.door`, the name a door
//! gives itself on the check-in page, such as "Ingang zaal"; NULL when the
//! door gave none). An orange answer at another door says where.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("check_ins"))
                    .add_column(ColumnDef::new(Alias::new("door")).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("check_ins")).drop_column(Alias::new("door")).to_owned())
            .await
    }
}
