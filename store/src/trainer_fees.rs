//! The signed-in person as a trainer (`/mijn/lesgever`): which trainer rows
//! are theirs, their fees, and one activity's fee statement.
//!
//! **The one rule** ([`trainers_of`]): a person is the trainer of every
//! `trainers` row, at any organiser, whose e-mail address is their account's.
//! An account's address is one its holder proved to read: a session starts
//! only from a sign-in link mailed to it (or an invitation, likewise mailed),
//! or from a password, which can be set only in a session that a link started
//! (`domain::sign_in`); the address of an account never changes (erasing it
//! removes it). Every other function here takes the trainer row that rule
//! found, never an id from the request alone.

use crate::StoreError;
use crate::entities::{cost_line, event, event_session, event_trainer, organiser, trainer};
use crate::time::to_local;
use domain::trainer_fees::{self, Fee, FeeStatement, Party, StatementSession, TrainerAccount};
use domain::trainers::PaymentDetails;
use domain::{Email, EnterpriseNumber, Money};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The trainer rows whose e-mail address is `email` (whatever its case), at
/// every organiser, oldest first: the person with that account is their trainer.
pub async fn trainers_of(db: &impl ConnectionTrait, email: &Email) -> Result<Vec<trainer::Model>, StoreError> {
    Ok(trainer::Entity::find()
        .filter(ExprTrait::eq(Expr::expr(Func::lower(Expr::col(trainer::Column::Email))), email.as_str()))
        .order_by_asc(trainer::Column::Id)
        .all(db)
        .await?)
}

/// The trainer row `trainer_id` when it is `email`'s (see [`trainers_of`]); `None` for anyone else's.
pub async fn trainer_of(
    db: &impl ConnectionTrait,
    email: &Email,
    trainer_id: i32,
) -> Result<Option<trainer::Model>, StoreError> {
    Ok(trainers_of(db, email).await?.into_iter().find(|t| t.id == trainer_id))
}

/// Whether the person with `email` is anyone's trainer (for the link on `/mijn`).
pub async fn is_trainer(db: &impl ConnectionTrait, email: &Email) -> Result<bool, StoreError> {
    Ok(!trainers_of(db, email).await?.is_empty())
}

/// The person as each organiser's trainer: profile and fees, by organiser name.
pub async fn accounts(db: &impl ConnectionTrait, email: &Email) -> Result<Vec<TrainerAccount>, StoreError> {
    let rows = trainers_of(db, email).await?;
    let organisers: HashMap<i32, organiser::Model> = organiser::Entity::find()
        .filter(organiser::Column::Id.is_in(rows.iter().map(|t| t.organiser_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut accounts = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(o) = organisers.get(&row.organiser_id) else { continue };
        let fees = fees(db, &row).await?;
        accounts.push(TrainerAccount {
            organiser: crate::catalogue::organiser_ref(o)?,
            trainer: crate::payouts::to_profile(row)?,
            fees,
        });
    }
    accounts.sort_by(|a, b| a.organiser.name.cmp(&b.organiser.name).then(a.trainer.id.cmp(&b.trainer.id)));
    Ok(accounts)
}

/// The fees of one trainer row: the cost lines of its organiser's events
/// with it as payee, soonest activity first.
pub async fn fees(db: &impl ConnectionTrait, trainer: &trainer::Model) -> Result<Vec<Fee>, StoreError> {
    let lines = cost_line::Entity::find().filter(cost_line::Column::TrainerId.eq(trainer.id)).all(db).await?;
    let events: HashMap<i32, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(lines.iter().map(|l| l.event_id).collect::<Vec<_>>()))
        .filter(event::Column::OrganiserId.eq(trainer.organiser_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let first = crate::schedule::first_starts(db, events.keys().copied().collect()).await?;
    let fees = lines
        .into_iter()
        .filter_map(|l| {
            let e = events.get(&l.event_id)?;
            Some(Fee {
                line_id: l.id,
                event_id: l.event_id,
                event_title: e.title.clone(),
                starts_on: first.get(&l.event_id).map(|t| to_local(*t).date_naive()),
                description: l.description,
                agreed: trainer_fees::agreed_amount(
                    l.status,
                    Money::from_cents(l.budget_cents),
                    l.actual_cents.map(Money::from_cents),
                    l.approved_cents.map(Money::from_cents),
                ),
                status: l.status,
                paid_on: l.paid_at.map(|t| to_local(t).date_naive()),
                reference: l.payout_reference.filter(|r| !r.trim().is_empty()),
            })
        })
        .collect();
    Ok(trainer_fees::in_page_order(fees))
}

/// The fees of the organiser's trainer `trainer_id` (for its admins); `None` for another organiser's.
pub async fn fees_at(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
) -> Result<Option<Vec<Fee>>, StoreError> {
    let row =
        trainer::Entity::find_by_id(trainer_id).filter(trainer::Column::OrganiserId.eq(organiser_id)).one(db).await?;
    match row {
        Some(row) => Ok(Some(fees(db, &row).await?)),
        None => Ok(None),
    }
}

/// The fee statement of `event_id` for the trainer row `trainer_id` of
/// `organiser_id` (the edge found the row through [`trainer_of`], or checked
/// that the viewer is the organiser's admin); `None` when the trainer has no
/// fee there, or is not the organiser's.
pub async fn statement(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
    event_id: i32,
    issued_on: chrono::NaiveDate,
) -> Result<Option<FeeStatement>, StoreError> {
    let Some(row) =
        trainer::Entity::find_by_id(trainer_id).filter(trainer::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(None);
    };
    let Some(o) = organiser::Entity::find_by_id(organiser_id).one(db).await? else { return Ok(None) };
    let fees: Vec<Fee> = fees(db, &row).await?.into_iter().filter(|f| f.event_id == event_id).collect();
    let Some(first) = fees.first() else { return Ok(None) };
    let event_title = first.event_title.clone();
    // The sessions the trainer was assigned to; all of them when assigned to the whole activity (or not at all).
    let assigned: Vec<Option<i32>> = event_trainer::Entity::find()
        .filter(event_trainer::Column::EventId.eq(event_id))
        .filter(event_trainer::Column::TrainerId.eq(trainer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.session_id)
        .collect();
    let whole = assigned.is_empty() || assigned.iter().any(Option::is_none);
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .order_by_asc(event_session::Column::StartsAt)
        .order_by_asc(event_session::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|s| whole || assigned.contains(&Some(s.id)))
        .map(|s| StatementSession {
            title: s.title,
            starts_at: to_local(s.starts_at).naive_local(),
            ends_at: to_local(s.ends_at).naive_local(),
        })
        .collect();
    let profile = crate::payouts::to_profile(row)?;
    let PaymentDetails { street, postcode, city, vat_status, enterprise_number, .. } = profile.payment;
    Ok(Some(FeeStatement {
        organiser: Party {
            name: o.name,
            street: o.street,
            postcode: o.postcode,
            city: o.city,
            // An enterprise number typed before it was checked that no longer parses is left off.
            enterprise_number: o.enterprise_number.as_deref().and_then(|n| EnterpriseNumber::parse(n).ok()),
        },
        trainer: Party { name: profile.full_name, street, postcode, city, enterprise_number },
        vat_status,
        event_id,
        event_title,
        sessions,
        fees,
        issued_on,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc};
    use domain::{CostStatus, EventStatus};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    async fn db() -> DatabaseConnection {
        let db = crate::connect("sqlite::memory:", 1).await.unwrap();
        crate::migrate(&db).await.unwrap();
        db
    }

    async fn an_organiser(db: &DatabaseConnection, slug: &str) -> i32 {
        organiser::ActiveModel {
            slug: Set(slug.into()),
            name: Set(format!("BIZ {slug}")),
            short_name: Set(slug.into()),
            description: Set(String::new()),
            email: Set(format!("info@{slug}.test")),
            vat_mode: Set("exempt".into()),
            four_eyes: Set(false),
            created_at: Set(t0()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    async fn a_trainer(db: &DatabaseConnection, organiser_id: i32, name: &str, email: Option<&str>) -> i32 {
        trainer::ActiveModel {
            organiser_id: Set(organiser_id),
            full_name: Set(name.into()),
            email: Set(email.map(str::to_string)),
            created_at: Set(t0()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    async fn an_event_with_fee(db: &DatabaseConnection, organiser_id: i32, trainer_id: i32, cents: i64) -> i32 {
        let e = event::ActiveModel {
            organiser_id: Set(organiser_id),
            slug: Set(format!("vorming-{trainer_id}-{cents}")),
            kind: Set("training_day".into()),
            status: Set(EventStatus::Published),
            title: Set(format!("Vorming {cents}")),
            summary: Set(String::new()),
            description: Set(String::new()),
            audience: Set("public".into()),
            language: Set("nl".into()),
            seats_taken: Set(0),
            created_at: Set(t0()),
            updated_at: Set(t0()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        event_session::ActiveModel {
            event_id: Set(e.id),
            position: Set(0),
            title: Set("Dag 1".into()),
            starts_at: Set(t0() + chrono::Duration::days(3)),
            ends_at: Set(t0() + chrono::Duration::days(3) + chrono::Duration::hours(3)),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        cost_line::ActiveModel {
            event_id: Set(e.id),
            category: Set("trainer".into()),
            description: Set("Honorarium".into()),
            trainer_id: Set(Some(trainer_id)),
            budget_cents: Set(cents),
            status: Set(CostStatus::Planned),
            payout_attempt: Set(0),
            created_at: Set(t0()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        e.id
    }

    #[tokio::test]
    async fn a_person_sees_only_the_trainer_rows_with_their_own_address() {
        let db = db().await;
        let (kempen, noord) = (an_organiser(&db, "kempen").await, an_organiser(&db, "noord").await);
        // Sofie teaches for both; the address was typed with capitals at one of them.
        let sofie_kempen = a_trainer(&db, kempen, "Sofie Mertens", Some("sofie.mertens@energieadvies.test")).await;
        let sofie_noord = a_trainer(&db, noord, "Sofie Mertens", Some("Sofie.Mertens@EnergieAdvies.test")).await;
        let koen = a_trainer(&db, kempen, "Koen Verachtert", Some("koen@advocaat.test")).await;
        let nobody = a_trainer(&db, kempen, "Zonder adres", None).await;
        let sofies_event = an_event_with_fee(&db, kempen, sofie_kempen, 25_000).await;
        let koens_event = an_event_with_fee(&db, kempen, koen, 40_000).await;
        an_event_with_fee(&db, noord, sofie_noord, 12_000).await;
        an_event_with_fee(&db, kempen, nobody, 1_000).await;

        let sofie = Email::parse("sofie.mertens@energieadvies.test").unwrap();
        let ids: Vec<i32> = trainers_of(&db, &sofie).await.unwrap().iter().map(|t| t.id).collect();
        assert_eq!(ids, [sofie_kempen, sofie_noord], "at every organiser, whatever the case");
        let hers = accounts(&db, &sofie).await.unwrap();
        assert_eq!(hers.len(), 2);
        let amounts: Vec<i64> = hers.iter().flat_map(|a| a.fees.iter().map(|f| f.agreed.cents())).collect();
        assert_eq!(amounts, [25_000, 12_000], "her own fees, and only hers");

        // Another person: not her rows, not her fees, not her statement.
        let other = Email::parse("koen@advocaat.test").unwrap();
        assert_eq!(trainer_of(&db, &other, sofie_kempen).await.unwrap(), None);
        assert!(trainer_of(&db, &other, koen).await.unwrap().is_some());
        let koens = accounts(&db, &other).await.unwrap();
        assert_eq!(koens.len(), 1);
        assert!(koens[0].fees.iter().all(|f| f.event_id == koens_event && f.agreed.cents() == 40_000));
        let stranger = Email::parse("iemand@elders.test").unwrap();
        assert!(trainers_of(&db, &stranger).await.unwrap().is_empty());
        assert!(!is_trainer(&db, &stranger).await.unwrap());
        assert!(accounts(&db, &stranger).await.unwrap().is_empty());

        // A statement only for the trainer's own fees at the organiser that has them.
        let day = t0().date_naive();
        let statement = statement(&db, kempen, sofie_kempen, sofies_event, day).await.unwrap().unwrap();
        assert_eq!((statement.total().cents(), statement.sessions.len()), (25_000, 1));
        assert_eq!(super::statement(&db, kempen, sofie_kempen, koens_event, day).await.unwrap(), None);
        assert_eq!(super::statement(&db, noord, sofie_kempen, sofies_event, day).await.unwrap(), None);
    }
}
