//! Expense claims (see `domain::expense_claims`): trainers submit them for
//! the activities they teach, admins approve or reject them.
//!
//! Who is a trainer: a signed-in person whose account e-mail equals the
//! e-mail of one of an organiser's `trainers` rows, for the activities that
//! row is linked to through `event_trainers` ([`activities_of`],
//! [`trainer_of`]; a small rule of this module's own, which the `/mijn`
//! trainer view repeats).
//!
//! Approving is one conditional update (`submitted` → `approved`): of two
//! admins clicking at once, one changes the row and makes the cost line
//! (through `store::finances::add_cost_line` and `approve`, as an admin's
//! line would be), the other finds it decided. Both in the caller's
//! transaction; a refusal leaves it to be rolled back.

use crate::StoreError;
use crate::entities::{event, event_trainer, expense_claim, expense_claim_item, expense_receipt, organiser, trainer};
use crate::finances::{Added, Moved};
use crate::time::local_date;
use chrono::{DateTime, Utc};
use domain::expense_claims::{
    Claim, ClaimStatus, Kilometres, KmRate, MaterialItem, NewClaim, ReceiptInfo, ReceiptKind,
};
use domain::finances::{CostCategory, CostLineEdit};
use domain::{Email, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// An activity a signed-in person teaches: where a claim may be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub event_id: i32,
    pub title: String,
    pub organiser_id: i32,
    pub organiser_slug: String,
    pub organiser_name: String,
    pub trainer_id: i32,
    pub trainer_name: String,
    pub starts_on: Option<chrono::NaiveDate>,
}

/// The person's trainer rows: one rule for who is a trainer, [`crate::trainer_fees::trainers_of`].
async fn trainers_with(db: &impl ConnectionTrait, email: &Email) -> Result<Vec<trainer::Model>, StoreError> {
    crate::trainer_fees::trainers_of(db, email).await
}

/// The activities the person with `email` teaches, at any organiser, soonest first.
pub async fn activities_of(db: &impl ConnectionTrait, email: &Email) -> Result<Vec<Activity>, StoreError> {
    let trainers: HashMap<i32, trainer::Model> =
        trainers_with(db, email).await?.into_iter().map(|t| (t.id, t)).collect();
    if trainers.is_empty() {
        return Ok(Vec::new());
    }
    let links = event_trainer::Entity::find()
        .filter(event_trainer::Column::TrainerId.is_in(trainers.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?;
    let event_ids: Vec<i32> = links.iter().map(|l| l.event_id).collect();
    let events: HashMap<i32, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(event_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let organisers: HashMap<i32, organiser::Model> = organiser::Entity::find()
        .filter(organiser::Column::Id.is_in(trainers.values().map(|t| t.organiser_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let first = crate::schedule::first_starts(db, event_ids).await?;
    let mut list: Vec<Activity> = Vec::new();
    for link in links {
        let (Some(t), Some(e)) = (trainers.get(&link.trainer_id), events.get(&link.event_id)) else { continue };
        // A trainer row is linked to its own organiser's events only; anything else is not theirs.
        let Some(o) = organisers.get(&t.organiser_id).filter(|o| o.id == e.organiser_id) else { continue };
        if list.iter().any(|a| a.event_id == e.id) {
            continue;
        }
        list.push(Activity {
            event_id: e.id,
            title: e.title.clone(),
            organiser_id: o.id,
            organiser_slug: o.slug.clone(),
            organiser_name: o.short_name.clone(),
            trainer_id: t.id,
            trainer_name: t.full_name.clone(),
            starts_on: first.get(&e.id).map(|s| local_date(*s)),
        });
    }
    list.sort_by(|a, b| a.starts_on.cmp(&b.starts_on).then_with(|| a.title.cmp(&b.title)));
    Ok(list)
}

/// The activity `event_id`, when the person with `email` teaches it.
pub async fn trainer_of(
    db: &impl ConnectionTrait,
    email: &Email,
    event_id: i32,
) -> Result<Option<Activity>, StoreError> {
    Ok(activities_of(db, email).await?.into_iter().find(|a| a.event_id == event_id))
}

/// The organiser's kilometre rate.
pub async fn km_rate(db: &impl ConnectionTrait, organiser_id: i32) -> Result<KmRate, StoreError> {
    let Some(o) = organiser::Entity::find_by_id(organiser_id).one(db).await? else { return Ok(KmRate::default()) };
    KmRate::from_hundredth_cents(o.km_rate).ok_or_else(|| StoreError::corrupt("organisers", o.id, "km_rate"))
}

/// Sets the organiser's kilometre rate (claims already made keep theirs); `false` when unchanged.
pub async fn set_km_rate(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    rate: KmRate,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = organiser::Entity::update_many()
        .col_expr(organiser::Column::KmRate, Expr::value(rate.hundredth_cents()))
        .filter(organiser::Column::Id.eq(organiser_id))
        .filter(organiser::Column::KmRate.ne(rate.hundredth_cents()))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    let detail = format!("€ {}/km", rate.display(','));
    crate::audit::record(db, organiser_id, person_id, ("organiser", organiser_id), "organiser.km_rate", detail, now)
        .await?;
    Ok(true)
}

/// Stores a claim for `activity` (checked by the caller to be the person's)
/// at the organiser's current rate, with its items and receipts.
pub async fn submit(
    db: &impl ConnectionTrait,
    activity: &Activity,
    claim: &NewClaim,
    locale: domain::i18n::Locale,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<i32, StoreError> {
    let rate = km_rate(db, activity.organiser_id).await?;
    let stored = expense_claim::ActiveModel {
        organiser_id: Set(activity.organiser_id),
        event_id: Set(activity.event_id),
        trainer_id: Set(activity.trainer_id),
        submitted_by: Set(Some(person_id)),
        locale: Set(locale.code().to_string()),
        kilometres_tenths: Set(claim.kilometres.map(Kilometres::tenths)),
        km_rate: Set(rate.hundredth_cents()),
        travel_cents: Set(claim.travel(rate).cents()),
        material_cents: Set(claim.material_total().cents()),
        total_cents: Set(claim.total(rate).cents()),
        status: Set(ClaimStatus::Submitted.as_str().to_string()),
        rejection_reason: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        cost_line_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (position, item) in claim.materials.iter().enumerate() {
        expense_claim_item::ActiveModel {
            claim_id: Set(stored.id),
            position: Set(position as i32 + 1),
            description: Set(item.description.clone()),
            amount_cents: Set(item.amount.cents()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for receipt in &claim.receipts {
        let sha256: String = Sha256::digest(&receipt.bytes).iter().map(|b| format!("{b:02x}")).collect();
        expense_receipt::ActiveModel {
            claim_id: Set(stored.id),
            file_name: Set(receipt.file_name.clone()),
            content_type: Set(receipt.kind.content_type().to_string()),
            size_bytes: Set(receipt.bytes.len() as i64),
            sha256: Set(sha256),
            content: Set(receipt.bytes.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let detail = format!("{} ({})\n{}", activity.trainer_name, activity.title, claim.total(rate).display_nl());
    crate::audit::record(
        db,
        activity.organiser_id,
        person_id,
        ("expense_claim", stored.id),
        "expense_claim.submitted",
        detail,
        now,
    )
    .await?;
    Ok(stored.id)
}

/// Reads stored claims with their items, receipts (without bytes), events and trainers.
async fn read(db: &impl ConnectionTrait, models: Vec<expense_claim::Model>) -> Result<Vec<Claim>, StoreError> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = models.iter().map(|m| m.id).collect();
    let mut items: HashMap<i32, Vec<MaterialItem>> = HashMap::new();
    for i in expense_claim_item::Entity::find()
        .filter(expense_claim_item::Column::ClaimId.is_in(ids.clone()))
        .order_by_asc(expense_claim_item::Column::Position)
        .all(db)
        .await?
    {
        items
            .entry(i.claim_id)
            .or_default()
            .push(MaterialItem { description: i.description, amount: Money::from_cents(i.amount_cents) });
    }
    let mut receipts: HashMap<i32, Vec<ReceiptInfo>> = HashMap::new();
    // Without the bytes.
    let rows = expense_receipt::Entity::find()
        .select_only()
        .columns([
            expense_receipt::Column::Id,
            expense_receipt::Column::ClaimId,
            expense_receipt::Column::FileName,
            expense_receipt::Column::ContentType,
            expense_receipt::Column::SizeBytes,
        ])
        .filter(expense_receipt::Column::ClaimId.is_in(ids.clone()))
        .order_by_asc(expense_receipt::Column::Id)
        .into_tuple::<(i32, i32, String, String, i64)>()
        .all(db)
        .await?;
    for (id, claim_id, file_name, content_type, size) in rows {
        let kind = ReceiptKind::from_content_type(&content_type)
            .ok_or_else(|| StoreError::corrupt("expense_receipts", id, "content_type"))?;
        receipts.entry(claim_id).or_default().push(ReceiptInfo { id, file_name, kind, size });
    }
    let events: HashMap<i32, String> = event::Entity::find()
        .filter(event::Column::Id.is_in(models.iter().map(|m| m.event_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect();
    let trainers: HashMap<i32, String> = trainer::Entity::find()
        .filter(trainer::Column::Id.is_in(models.iter().map(|m| m.trainer_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.full_name))
        .collect();
    let slugs: HashMap<i32, String> = organiser::Entity::find()
        .filter(organiser::Column::Id.is_in(models.iter().map(|m| m.organiser_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.slug))
        .collect();
    models
        .into_iter()
        .map(|m| {
            let corrupt = |what: &str| StoreError::corrupt("expense_claims", m.id, what);
            Ok(Claim {
                id: m.id,
                organiser_slug: slugs.get(&m.organiser_id).cloned().unwrap_or_default(),
                event_id: m.event_id,
                event_title: events.get(&m.event_id).cloned().unwrap_or_default(),
                trainer_id: m.trainer_id,
                trainer_name: trainers.get(&m.trainer_id).cloned().unwrap_or_default(),
                kilometres: match m.kilometres_tenths {
                    Some(t) => Some(Kilometres::from_tenths(t).ok_or_else(|| corrupt("kilometres_tenths"))?),
                    None => None,
                },
                rate: KmRate::from_hundredth_cents(m.km_rate).ok_or_else(|| corrupt("km_rate"))?,
                travel: Money::from_cents(m.travel_cents),
                materials: items.remove(&m.id).unwrap_or_default(),
                total: Money::from_cents(m.total_cents),
                status: ClaimStatus::parse(&m.status).ok_or_else(|| corrupt("status"))?,
                rejection_reason: m.rejection_reason,
                cost_line_id: m.cost_line_id,
                submitted_on: local_date(m.created_at),
                receipts: receipts.remove(&m.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The claims of the person with `email` (as a trainer of any organiser), newest first.
pub async fn claims_of(db: &impl ConnectionTrait, email: &Email) -> Result<Vec<Claim>, StoreError> {
    let trainer_ids: Vec<i32> = trainers_with(db, email).await?.into_iter().map(|t| t.id).collect();
    if trainer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let models = expense_claim::Entity::find()
        .filter(expense_claim::Column::TrainerId.is_in(trainer_ids))
        .order_by_desc(expense_claim::Column::Id)
        .all(db)
        .await?;
    read(db, models).await
}

/// The organiser's claims: those waiting for a decision first (oldest
/// first), then the decided ones (newest first).
pub async fn claims_of_organiser(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<Claim>, StoreError> {
    let models = expense_claim::Entity::find()
        .filter(expense_claim::Column::OrganiserId.eq(organiser_id))
        .order_by_desc(expense_claim::Column::Id)
        .all(db)
        .await?;
    let mut claims = read(db, models).await?;
    claims.sort_by_key(|c| if c.status == ClaimStatus::Submitted { (0, c.id) } else { (1, -c.id) });
    Ok(claims)
}

/// One of the organiser's claims.
pub async fn claim(db: &impl ConnectionTrait, organiser_id: i32, claim_id: i32) -> Result<Option<Claim>, StoreError> {
    let model = expense_claim::Entity::find_by_id(claim_id)
        .filter(expense_claim::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?;
    Ok(read(db, model.into_iter().collect()).await?.pop())
}

/// A receipt to download, with who may: the organiser's admins and the trainer.
pub struct ReceiptFile {
    pub organiser_id: i32,
    pub organiser_slug: String,
    /// The claiming trainer's e-mail address.
    pub trainer_email: Option<String>,
    pub kind: ReceiptKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Receipt `receipt_id` of claim `claim_id`.
pub async fn receipt(
    db: &impl ConnectionTrait,
    claim_id: i32,
    receipt_id: i32,
) -> Result<Option<ReceiptFile>, StoreError> {
    let Some(r) = expense_receipt::Entity::find_by_id(receipt_id)
        .filter(expense_receipt::Column::ClaimId.eq(claim_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(c) = expense_claim::Entity::find_by_id(claim_id).one(db).await? else { return Ok(None) };
    let t = trainer::Entity::find_by_id(c.trainer_id).one(db).await?;
    let o = organiser::Entity::find_by_id(c.organiser_id).one(db).await?;
    let kind = ReceiptKind::from_content_type(&r.content_type)
        .ok_or_else(|| StoreError::corrupt("expense_receipts", r.id, "content_type"))?;
    Ok(Some(ReceiptFile {
        organiser_id: c.organiser_id,
        organiser_slug: o.map(|o| o.slug).unwrap_or_default(),
        trainer_email: t.and_then(|t| t.email),
        kind,
        file_name: r.file_name,
        bytes: r.content,
    }))
}

/// Whom to tell about a decision: the trainer, in the language of their claim.
#[derive(Debug, Clone)]
pub struct Decided {
    pub claim: Claim,
    pub trainer_email: Option<String>,
    pub locale: domain::i18n::Locale,
    pub organiser_name: String,
}

/// What became of an admin's decision.
#[derive(Debug, Clone)]
pub enum Decision {
    Done(Box<Decided>),
    NotFound,
    /// Decided already (another admin, another click): nothing changed.
    AlreadyDecided,
}

async fn decided(db: &impl ConnectionTrait, organiser_id: i32, claim_id: i32) -> Result<Decision, StoreError> {
    let Some(m) = expense_claim::Entity::find_by_id(claim_id).one(db).await? else { return Ok(Decision::NotFound) };
    let locale = domain::i18n::Locale::parse(&m.locale).unwrap_or_default();
    let trainer_email = trainer::Entity::find_by_id(m.trainer_id).one(db).await?.and_then(|t| t.email);
    let organiser_name = organiser::Entity::find_by_id(organiser_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let Some(claim) = read(db, vec![m]).await?.pop() else { return Ok(Decision::NotFound) };
    Ok(Decision::Done(Box::new(Decided { claim, trainer_email, locale, organiser_name })))
}

/// Approves a submitted claim: it becomes one cost line of its activity for
/// the trainer (category trainer, at the claim's total), approved at once by
/// the same admin through `store::finances`, and linked to the claim.
/// Moves a submitted claim to `status` (with the rejection's `reason`), as one
/// conditional update: `false` when it was decided already (a second click).
async fn decide(
    db: &impl ConnectionTrait,
    (organiser_id, claim_id): (i32, i32),
    status: ClaimStatus,
    reason: Option<&str>,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut update = expense_claim::Entity::update_many()
        .col_expr(expense_claim::Column::Status, Expr::value(status.as_str()))
        .col_expr(expense_claim::Column::DecidedBy, Expr::value(person_id))
        .col_expr(expense_claim::Column::DecidedAt, Expr::value(now));
    if let Some(reason) = reason {
        update = update.col_expr(expense_claim::Column::RejectionReason, Expr::value(reason));
    }
    let won = update
        .filter(expense_claim::Column::Id.eq(claim_id))
        .filter(expense_claim::Column::OrganiserId.eq(organiser_id))
        .filter(expense_claim::Column::Status.eq(ClaimStatus::Submitted.as_str()))
        .exec(db)
        .await?;
    Ok(won.rows_affected == 1)
}

pub async fn approve(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    claim_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Decision, StoreError> {
    let Some(claim) = claim(db, organiser_id, claim_id).await? else { return Ok(Decision::NotFound) };
    if !decide(db, (organiser_id, claim_id), ClaimStatus::Approved, None, person_id, now).await? {
        return Ok(Decision::AlreadyDecided);
    }
    let edit = CostLineEdit {
        category: CostCategory::Trainer,
        description: claim.cost_description(),
        payee: Some(claim.trainer_name.clone()),
        budget: claim.total,
        actual: Some(claim.total),
        payout_reference: None,
        trainer_id: Some(claim.trainer_id),
        corrects: None,
    };
    let line_id = match crate::finances::add_cost_line(db, organiser_id, claim.event_id, &edit, person_id, now).await? {
        Added::Added(id) => id,
        // The claim's event is the organiser's (a foreign key and the claim's own organiser).
        other => {
            return Err(StoreError::corrupt("expense_claims", claim_id, format!("cost line not added: {other:?}")));
        }
    };
    match crate::finances::approve(db, organiser_id, claim.event_id, line_id, Some(claim.total), person_id, now).await?
    {
        Moved::Done => {}
        other => {
            return Err(StoreError::corrupt("expense_claims", claim_id, format!("cost line not approved: {other:?}")));
        }
    }
    expense_claim::Entity::update_many()
        .col_expr(expense_claim::Column::CostLineId, Expr::value(line_id))
        .filter(expense_claim::Column::Id.eq(claim_id))
        .exec(db)
        .await?;
    let detail = format!("{} ({})\n{}", claim.trainer_name, claim.event_title, claim.total.display_nl());
    crate::audit::record(
        db,
        organiser_id,
        person_id,
        ("expense_claim", claim_id),
        "expense_claim.approved",
        detail,
        now,
    )
    .await?;
    decided(db, organiser_id, claim_id).await
}

/// Rejects a submitted claim with a reason the trainer reads.
pub async fn reject(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    claim_id: i32,
    reason: &str,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Decision, StoreError> {
    let Some(claim) = claim(db, organiser_id, claim_id).await? else { return Ok(Decision::NotFound) };
    if !decide(db, (organiser_id, claim_id), ClaimStatus::Rejected, Some(reason), person_id, now).await? {
        return Ok(Decision::AlreadyDecided);
    }
    let detail = format!("{} ({})\n{}", claim.trainer_name, claim.event_title, reason);
    crate::audit::record(
        db,
        organiser_id,
        person_id,
        ("expense_claim", claim_id),
        "expense_claim.rejected",
        detail,
        now,
    )
    .await?;
    decided(db, organiser_id, claim_id).await
}
