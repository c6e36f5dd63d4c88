//! `organisation_proposals` table: changes to a shared organisation's
//! identity that wait for the platform admin.

use domain::ProposalStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation_proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub organiser_id: i32,
    pub person_id: Option<i32>,
    /// `domain::partners::IdentityChanges` as JSON.
    pub changes: String,
    pub status: ProposalStatus,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
