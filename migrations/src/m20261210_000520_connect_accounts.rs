//! Stripe Connect onboarding of trainers: `trainers` gains
//!
//! - `stripe_account`: the Express account Leernet made for them (`acct_…`,
//!   unique: one trainer per account);
//! - `stripe_status`: where it stands as Stripe last reported it
//!   (`onboarding`: not finished; `ready`: its `transfers` capability is
//!   active; `restricted`: finished, but Stripe asks for more), NULL without
//!   an account;
//! - `stripe_ready_at`: since when it is ready (NULL when it is not);
//! - `stripe_synced_at`: when Stripe reported that state (an older report
//!   that arrives later changes nothing);
//! - `stripe_link_token` and `stripe_link_sent_at`: the random part of the
//!   onboarding link mailed to the trainer (unique), and when it was last sent.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn trainers() -> Alias {
    Alias::new("trainers")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new(Alias::new("stripe_account")).string_len(64).null().to_owned(),
            ColumnDef::new(Alias::new("stripe_status"))
                .string_len(16)
                .null()
                .check(Expr::col(Alias::new("stripe_status")).is_in(["onboarding", "ready", "restricted"]))
                .to_owned(),
            ColumnDef::new(Alias::new("stripe_ready_at")).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Alias::new("stripe_synced_at")).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Alias::new("stripe_link_token")).string_len(64).null().to_owned(),
            ColumnDef::new(Alias::new("stripe_link_sent_at")).timestamp_with_time_zone().null().to_owned(),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(trainers()).add_column(&mut column).to_owned()).await?;
        }
        for (name, column) in
            [("idx_trainers_stripe_account", "stripe_account"), ("idx_trainers_stripe_link_token", "stripe_link_token")]
        {
            manager
                .create_index(Index::create().name(name).table(trainers()).col(Alias::new(column)).unique().to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_trainers_stripe_account", "idx_trainers_stripe_link_token"] {
            manager.drop_index(Index::drop().name(name).table(trainers()).to_owned()).await?;
        }
        for column in [
            "stripe_account",
            "stripe_status",
            "stripe_ready_at",
            "stripe_synced_at",
            "stripe_link_token",
            "stripe_link_sent_at",
        ] {
            manager.alter_table(Table::alter().table(trainers()).drop_column(Alias::new(column)).to_owned()).await?;
        }
        Ok(())
    }
}
