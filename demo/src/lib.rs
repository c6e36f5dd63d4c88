//! Demo data for an empty database: BIZ Noord-West-Vlaanderen and BIZ Kempen with
//! their partners, staff, venues, trainers, events, registrations, orders, tickets,
//! attendance and costs, after the two seed plans (year plan 2020 of BIZ NWVL and
//! the presentation of BIZ Kempen). `leernet-server demo-data` loads it.
//!
//! The plans' texts live in data files (`demo/data/*.toml`, described in
//! `demo/data/README.md`), compiled into the binary: [`plan`] reads them, and the
//! writer ([`writer`]) writes them through the store. The production store knows
//! nothing of the demo.
//!
//! Everything is placed around a given `today`: the offer in the months after it and
//! a history before it, so the catalogue and the reports always have something to
//! show. The same `today` gives the same data (a seeded generator picks names, times
//! and attendance), except ticket codes: those are secrets and always random.
//!
//! Every invented e-mail address uses the reserved `.test` top-level domain, so the
//! demo never writes to a real mailbox.

mod calendar;
pub mod plan;
mod random;
mod writer;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use store::StoreError;

/// The demo's door volunteer: BIZ Kempen's scanner, who may check people in
/// at its activities and nothing else (`kempen.toml`).
pub const DEMO_DOOR_VOLUNTEER: &str = "dorien.dockx@cawdekempen.test";

/// The demo's platform admin, who creates organisers (`people.toml`).
pub const DEMO_PLATFORM_ADMIN: &str = "platform@leernet.test";

/// What [`load`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub organisers: usize,
    pub organisations: usize,
    pub events: usize,
    pub registrations: usize,
    pub check_ins: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already has data; demo data is only loaded into an empty database")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The demo data contradicts itself (a mistake in `demo/data`, never user input).
    #[error("the demo data is inconsistent: {0}")]
    Invalid(String),
}

impl From<DbErr> for DemoError {
    fn from(e: DbErr) -> Self {
        DemoError::Store(StoreError::Db(e))
    }
}

/// Loads the demo data in one transaction. `today` is the Belgian local date the data
/// is relative to: upcoming events are placed in the weeks and months after it, past
/// ones before it. Refuses when the database already has organisers: demo data only
/// ever goes into an empty database.
pub async fn load(db: &DatabaseConnection, today: NaiveDate) -> Result<DemoSummary, DemoError> {
    let plan = plan::Plan::bundled()?;
    let txn = store::begin_write(db).await.map_err(StoreError::from)?;
    // Checked inside the transaction; should two loads still race, the unique
    // organiser slugs stop the second one. Returning drops `txn`, which rolls back.
    if !store::is_empty(&txn).await? {
        return Err(DemoError::NotEmpty);
    }
    let summary = writer::write(&txn, &plan, today).await?;
    grant_staff_roles(&txn, &plan).await?;
    // The cost lines went in in bulk: the ledger gets their approvals and payouts.
    store::ledger::backfill(&txn, chrono::Utc::now()).await?;
    txn.commit().await?;
    Ok(summary)
}

/// The seeds' staff run their region's year in Leernet (`signs_in_as` in the
/// region files): each signs in by link with their address (the demo's mail lands
/// in the file outbox). The platform admin creates organisers.
async fn grant_staff_roles(db: &impl ConnectionTrait, plan: &plan::Plan) -> Result<(), DemoError> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    use store::entities::{organiser, person};
    let now = chrono::Utc::now();
    for admin in std::iter::once(&plan.people.platform_admin).chain(&plan.people.more_platform_admins) {
        let platform = domain::Email::parse(&admin.email).map_err(|e| DemoError::Invalid(e.to_string()))?;
        store::people::make_platform_admin(db, &platform, now).await?;
        let mut named: person::ActiveModel = person::Entity::find()
            .filter(person::Column::Email.eq(platform.as_str()))
            .one(db)
            .await?
            .ok_or_else(|| DemoError::Invalid("platform admin missing".into()))?
            .into();
        named.full_name = Set(admin.name.clone());
        named.update(db).await?;
    }
    for c in &plan.people.coordinators {
        use store::entities::organisation;
        let email = domain::Email::parse(&c.email).map_err(|e| DemoError::Invalid(e.to_string()))?;
        let org =
            organisation::Entity::find().filter(organisation::Column::Name.eq(c.organisation.as_str())).one(db).await?;
        let at = organiser::Entity::find().filter(organiser::Column::Slug.eq(c.organiser.as_str())).one(db).await?;
        let (Some(org), Some(at)) = (org, at) else {
            return Err(DemoError::Invalid(format!(
                "coordinator {}: {} or {} missing",
                c.email, c.organisation, c.organiser
            )));
        };
        let who = store::accounts::find_or_create_person(db, &email, now).await?;
        let id = who.id;
        let mut named: person::ActiveModel = who.into();
        named.full_name = Set(c.name.clone());
        named.organisation_id = Set(Some(org.id));
        named.update(db).await?;
        store::accounts::grant(db, id, domain::Role::Coordinator, Some(at.id), Some(org.id), now).await?;
    }
    for region in &plan.regions {
        let slug = &region.organiser.slug;
        for p in &region.person {
            let Some(role) = p.signs_in_as else { continue };
            let who = person::Entity::find().filter(person::Column::Email.eq(p.email.as_str())).one(db).await?;
            let at = organiser::Entity::find().filter(organiser::Column::Slug.eq(slug.as_str())).one(db).await?;
            let (Some(who), Some(at)) = (who, at) else {
                return Err(DemoError::Invalid(format!("demo staff {} or organiser {slug} missing", p.email)));
            };
            // A coordinator's role is at the organisation that employs them.
            let organisation =
                match role {
                    domain::Role::Coordinator => Some(who.organisation_id.ok_or_else(|| {
                        DemoError::Invalid(format!("demo coordinator {} has no organisation", p.email))
                    })?),
                    _ => None,
                };
            store::accounts::grant(db, who.id, role, Some(at.id), organisation, now).await?;
        }
    }
    Ok(())
}
