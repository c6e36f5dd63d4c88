//! Events' money (see `domain::finances`): income summed from invoices and
//! payments by the database, per event, and the cost lines admins keep.
//! Every function takes the organiser's id, which the edge has checked
//! against the viewer's roles; another organiser's event or line is `None`.

use crate::StoreError;
use crate::entities::{cost_line, event};
use crate::time::local_date;
use chrono::{DateTime, Datelike, Utc};
use domain::finances::{
    ConnectedAccount, CostCategory, CostLine, CostLineEdit, CostStatus, CostTotals, EventMoney, FinanceYear, Income,
};
use domain::invoicing::DocumentKind;
use domain::kinds::EventKind;
use domain::listing::OrganiserRef;
use domain::{Money, PaymentKind, PaymentProvider, PaymentStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement,
};
use std::collections::{BTreeSet, HashMap};

/// Sums of money are BIGINT on both databases (PostgreSQL's SUM of a BIGINT is NUMERIC).
fn sum(expression: &str) -> String {
    format!("CAST(COALESCE(SUM({expression}), 0) AS BIGINT)")
}

/// The income of each of `event_ids` (all of them, zero where nothing came in).
async fn incomes(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_ids: &[i32],
) -> Result<HashMap<i32, Income>, StoreError> {
    let mut incomes: HashMap<i32, Income> = event_ids.iter().map(|id| (*id, Income::default())).collect();
    if event_ids.is_empty() {
        return Ok(incomes);
    }
    // The ids come from the database as integers: safe to write into the query.
    let ids = event_ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let backend = db.get_database_backend();
    // The kinds, statuses and providers written into the SQL are the enums'
    // own texts (constants, no input).
    let (invoice, credit_note) = (DocumentKind::Invoice.code(), DocumentKind::CreditNote.code());
    let invoiced = format!(
        "SELECT o.event_id AS event_id, {} AS invoiced, {} AS credited \
         FROM invoices i JOIN orders o ON o.id = i.order_id \
         WHERE i.organiser_id = $1 AND o.event_id IN ({ids}) GROUP BY o.event_id",
        sum(&format!("CASE WHEN i.document_kind = '{invoice}' THEN i.total_incl_cents ELSE 0 END")),
        sum(&format!("CASE WHEN i.document_kind = '{credit_note}' THEN i.total_incl_cents ELSE 0 END")),
    );
    for row in db.query_all_raw(Statement::from_sql_and_values(backend, invoiced, [organiser_id.into()])).await? {
        let income = incomes.entry(row.try_get("", "event_id")?).or_default();
        income.invoiced = Money::from_cents(row.try_get("", "invoiced")?);
        income.credited = Money::from_cents(row.try_get("", "credited")?);
    }
    let (succeeded, stripe) = (PaymentStatus::Succeeded.as_str(), PaymentProvider::Stripe.as_str());
    let (payment, refund) = (PaymentKind::Payment.as_str(), PaymentKind::Refund.as_str());
    let paid = format!(
        "SELECT o.event_id AS event_id, {} AS paid_online, {} AS refunded_online, {} AS received_on_invoice \
         FROM payments p JOIN orders o ON o.id = p.order_id \
         WHERE o.organiser_id = $1 AND o.event_id IN ({ids}) AND p.status = '{succeeded}' GROUP BY o.event_id",
        sum(&format!("CASE WHEN p.provider = '{stripe}' AND p.kind = '{payment}' THEN p.amount_cents ELSE 0 END")),
        sum(&format!("CASE WHEN p.provider = '{stripe}' AND p.kind = '{refund}' THEN p.amount_cents ELSE 0 END")),
        sum(&format!("CASE WHEN p.provider <> '{stripe}' AND p.kind = '{payment}' THEN p.amount_cents ELSE 0 END")),
    );
    for row in db.query_all_raw(Statement::from_sql_and_values(backend, paid, [organiser_id.into()])).await? {
        let income = incomes.entry(row.try_get("", "event_id")?).or_default();
        income.paid_online = Money::from_cents(row.try_get("", "paid_online")?);
        income.refunded_online = Money::from_cents(row.try_get("", "refunded_online")?);
        income.received_on_invoice = Money::from_cents(row.try_get("", "received_on_invoice")?);
    }
    Ok(incomes)
}

fn to_line(m: cost_line::Model) -> Result<CostLine, StoreError> {
    let corrupt = |what: &str| StoreError::corrupt("cost_lines", m.id, what);
    Ok(CostLine {
        id: m.id,
        category: CostCategory::parse(&m.category).ok_or_else(|| corrupt("category"))?,
        status: m.status,
        budget: Money::from_cents(m.budget_cents),
        actual: m.actual_cents.map(Money::from_cents),
        paid_on: m.paid_at.map(local_date),
        payout_account: m
            .payout_account
            .as_deref()
            .map(ConnectedAccount::parse)
            .transpose()
            .map_err(|_| corrupt("payout_account"))?,
        trainer_id: m.trainer_id,
        description: m.description,
        payee: m.payee,
        payout_reference: m.payout_reference,
    })
}

/// The cost lines of events, per event, in the order they were added.
async fn lines_of(db: &impl ConnectionTrait, event_ids: &[i32]) -> Result<HashMap<i32, Vec<CostLine>>, StoreError> {
    let mut lines: HashMap<i32, Vec<CostLine>> = HashMap::new();
    for m in cost_line::Entity::find()
        .filter(cost_line::Column::EventId.is_in(event_ids.to_vec()))
        .order_by_asc(cost_line::Column::Id)
        .all(db)
        .await?
    {
        lines.entry(m.event_id).or_default().push(to_line(m)?);
    }
    Ok(lines)
}

async fn own_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<event::Model>, StoreError> {
    Ok(event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?)
}

/// One event's money: its title, income and cost lines.
pub struct EventBooks {
    pub title: String,
    pub income: Income,
    pub lines: Vec<CostLine>,
}

pub async fn event_books(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<EventBooks>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let income = incomes(db, organiser_id, &[e.id]).await?.remove(&e.id).unwrap_or_default();
    let lines = lines_of(db, &[e.id]).await?.remove(&e.id).unwrap_or_default();
    Ok(Some(EventBooks { title: e.title, income, lines }))
}

/// The organiser's `year`: every event whose first session falls in it (in
/// local time, as the participation report counts), drafts and cancelled
/// ones too, since they may have cost something.
pub async fn year(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: OrganiserRef,
    year: i32,
) -> Result<FinanceYear, StoreError> {
    let events = event::Entity::find().filter(event::Column::OrganiserId.eq(organiser_id)).all(db).await?;
    let first = crate::schedule::first_starts(db, events.iter().map(|e| e.id).collect()).await?;
    let starts_on = |id: i32| first.get(&id).map(|t| local_date(*t));
    let years: Vec<i32> = events
        .iter()
        .filter_map(|e| starts_on(e.id).map(|d| d.year()))
        .chain([year])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .rev()
        .collect();
    let in_year: Vec<&event::Model> =
        events.iter().filter(|e| starts_on(e.id).is_some_and(|d| d.year() == year)).collect();
    let ids: Vec<i32> = in_year.iter().map(|e| e.id).collect();
    let mut incomes = incomes(db, organiser_id, &ids).await?;
    let mut lines = lines_of(db, &ids).await?;
    let mut rows = Vec::with_capacity(in_year.len());
    for e in in_year {
        let corrupt = |err: domain::UnknownCode| StoreError::corrupt("events", e.id, err);
        rows.push(EventMoney {
            event_id: e.id,
            title: e.title.clone(),
            kind: EventKind::from_code(&e.kind).map_err(corrupt)?,
            status: e.status,
            starts_on: starts_on(e.id),
            income: incomes.remove(&e.id).unwrap_or_default(),
            costs: CostTotals::of(lines.remove(&e.id).unwrap_or_default().iter()),
        });
    }
    rows.sort_by(|a, b| a.starts_on.cmp(&b.starts_on).then_with(|| a.title.cmp(&b.title)));
    Ok(FinanceYear { organiser, year, years, events: rows })
}

/// One of the event's cost lines.
pub async fn cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
) -> Result<Option<(String, CostLine)>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let line = cost_line::Entity::find_by_id(line_id).filter(cost_line::Column::EventId.eq(e.id)).one(db).await?;
    match line {
        Some(m) => Ok(Some((e.title, to_line(m)?))),
        None => Ok(None),
    }
}

/// When a line that becomes paid was paid: now, or when it was marked paid before.
fn paid_at(status: CostStatus, before: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (status == CostStatus::Paid).then(|| before.unwrap_or(now))
}

/// Adds a cost line to one of the organiser's events; `None` when the event is not theirs.
pub async fn add_cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    edit: &CostLineEdit,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<i32>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let line = cost_line::ActiveModel {
        event_id: Set(e.id),
        category: Set(edit.category.code().into()),
        description: Set(edit.description.clone()),
        payee: Set(edit.payee.clone()),
        trainer_id: Set(edit.trainer_id),
        budget_cents: Set(edit.budget.cents()),
        actual_cents: Set(edit.actual.map(Money::cents)),
        status: Set(edit.status),
        paid_at: Set(paid_at(edit.status, None, now)),
        payout_reference: Set(edit.payout_reference.clone()),
        payout_account: Set(edit.payout_account.as_ref().map(|a| a.as_str().to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let detail = format!("{}\n{} ({})", edit.description, e.title, edit.budget.display_nl());
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line.id), "cost_line.added", detail, now).await?;
    Ok(Some(line.id))
}

/// Changes one of the event's cost lines; `None` when it is not the
/// organiser's, else what changed (in Dutch, for the audit log).
pub async fn update_cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    edit: &CostLineEdit,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let Some(stored) =
        cost_line::Entity::find_by_id(line_id).filter(cost_line::Column::EventId.eq(e.id)).one(db).await?
    else {
        return Ok(None);
    };
    let before_paid_at = stored.paid_at;
    let before = to_line(stored)?;
    let changes = edit.changes_from(&before);
    if changes.is_empty() {
        return Ok(Some(changes));
    }
    cost_line::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(line_id),
        category: Set(edit.category.code().into()),
        description: Set(edit.description.clone()),
        payee: Set(edit.payee.clone()),
        trainer_id: Set(edit.trainer_id),
        budget_cents: Set(edit.budget.cents()),
        actual_cents: Set(edit.actual.map(Money::cents)),
        status: Set(edit.status),
        paid_at: Set(paid_at(edit.status, before_paid_at, now)),
        payout_reference: Set(edit.payout_reference.clone()),
        payout_account: Set(edit.payout_account.as_ref().map(|a| a.as_str().to_string())),
        ..Default::default()
    }
    .update(db)
    .await?;
    let detail = format!("{} ({})\n{}", edit.description, e.title, changes.join(", "));
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.updated", detail, now).await?;
    Ok(Some(changes))
}

/// What became of a request to remove a cost line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Removed,
    NotFound,
    /// A paid line is part of the books: it stays.
    Paid,
}

pub async fn remove_cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Removal, StoreError> {
    let Some((title, line)) = cost_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Removal::NotFound);
    };
    if matches!(line.status, CostStatus::Paid | CostStatus::SentToBank) {
        return Ok(Removal::Paid);
    }
    // Only if it was not paid (or sent to the bank) in between.
    let deleted = cost_line::Entity::delete_many()
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.is_not_in([CostStatus::Paid, CostStatus::SentToBank]))
        .exec(db)
        .await?;
    if deleted.rows_affected != 1 {
        return Ok(Removal::Paid);
    }
    let detail = format!("{} ({})", line.description, title);
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.removed", detail, now).await?;
    Ok(Removal::Removed)
}

/// A payout through Stripe Connect, as it is to be asked of Stripe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutPlan {
    pub organiser_id: i32,
    pub event_id: i32,
    pub line_id: i32,
    pub amount: Money,
    pub account: ConnectedAccount,
    /// Stays the same until an attempt is refused, so a retry after an
    /// unknown outcome gets the transfer that was made.
    pub idempotency_key: String,
    pub line_description: String,
    pub event_title: String,
    /// The event's payouts together (`event-{id}`).
    pub transfer_group: String,
}

impl PayoutPlan {
    /// The line and the event, as Stripe's dashboard shows the transfer.
    pub fn description(&self) -> String {
        format!("{} – {}", self.line_description, self.event_title)
    }
}

/// Whether a line can be paid through Stripe now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payout {
    Ready(PayoutPlan),
    /// Not approved, no amount, no connected account, or paid already.
    NotPayable,
    NotFound,
}

pub async fn payout(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
) -> Result<Payout, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(Payout::NotFound) };
    let Some(stored) =
        cost_line::Entity::find_by_id(line_id).filter(cost_line::Column::EventId.eq(e.id)).one(db).await?
    else {
        return Ok(Payout::NotFound);
    };
    let (attempt, created) = (stored.payout_attempt, stored.created_at.timestamp());
    let line = to_line(stored)?;
    let Some((amount, account)) = line.payable_through_stripe() else { return Ok(Payout::NotPayable) };
    Ok(Payout::Ready(PayoutPlan {
        organiser_id,
        event_id: e.id,
        line_id,
        amount,
        account: account.clone(),
        // The line's creation keeps keys apart should a database be started afresh on the same Stripe account.
        idempotency_key: format!("leernet-payout-{line_id}-{created}-{attempt}"),
        line_description: line.description.clone(),
        event_title: e.title,
        transfer_group: format!("event-{}", e.id),
    }))
}

/// Records a transfer Stripe made for a line: paid now, with the transfer's
/// id as its reference. `false` when the line was paid meanwhile (a second
/// click that Stripe answered with the same transfer) or its amount changed.
pub async fn record_payout(
    db: &impl ConnectionTrait,
    plan: &PayoutPlan,
    transfer_id: &str,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    use sea_orm::sea_query::Expr;
    let PayoutPlan { organiser_id, line_id, .. } = *plan;
    let updated = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(CostStatus::Paid))
        .col_expr(cost_line::Column::PaidAt, Expr::value(now))
        .col_expr(cost_line::Column::PayoutReference, Expr::value(transfer_id))
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.eq(CostStatus::Approved))
        .filter(cost_line::Column::ActualCents.eq(plan.amount.cents()))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    let detail = format!(
        "{} ({})\n{} → {} ({transfer_id})",
        plan.line_description,
        plan.event_title,
        plan.amount.display_nl(),
        plan.account.as_str()
    );
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.paid_out", detail, now)
        .await?;
    Ok(true)
}

/// Stripe refused the attempt: the next one is a new request.
pub async fn payout_refused(db: &impl ConnectionTrait, line_id: i32) -> Result<(), StoreError> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    cost_line::Entity::update_many()
        .col_expr(cost_line::Column::PayoutAttempt, Expr::col(cost_line::Column::PayoutAttempt).add(1))
        .filter(cost_line::Column::Id.eq(line_id))
        .exec(db)
        .await?;
    Ok(())
}
