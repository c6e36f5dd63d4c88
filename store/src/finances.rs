//! Events' money (see `domain::finances`): income summed from invoices and
//! payments by the database, per event, and the cost lines admins keep.
//! Every function takes the organiser's id, which the edge has checked
//! against the viewer's roles; another organiser's event or line is `None`.

use crate::StoreError;
use crate::entities::{cost_line, event, organiser, person};
use crate::time::local_date;
use chrono::{DateTime, Datelike, Utc};
use domain::finances::{
    Approval, Approver, ConnectedAccount, CostAction, CostCategory, CostLine, CostLineEdit, CostStatus, CostTotals,
    EditRefusal, EventMoney, FinanceYear, Income, StripeBlocker, in_book_order,
};
use domain::invoicing::DocumentKind;
use domain::kinds::EventKind;
use domain::listing::OrganiserRef;
use domain::{Money, PaymentKind, PaymentProvider, PaymentStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement,
};
use std::collections::{BTreeSet, HashMap};

/// Sums of money are BIGINT on both databases (PostgreSQL's SUM of a BIGINT is NUMERIC).
fn sum(expression: &str) -> String {
    format!("CAST(COALESCE(SUM({expression}), 0) AS BIGINT)")
}

/// The income and the cost totals of each of `event_ids` (all of them, zero
/// where nothing happened): sums over the ledger (`crate::ledger`), with the
/// planned lines' expected amounts, which are no money event yet.
async fn books_of(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_ids: &[i32],
    lines: &HashMap<i32, Vec<CostLine>>,
) -> Result<HashMap<i32, (Income, CostTotals)>, StoreError> {
    let sums = crate::ledger::sums_per_event(db, organiser_id, event_ids).await?;
    Ok(sums
        .into_iter()
        .map(|(event, sums)| {
            let lines = lines.get(&event).map(Vec::as_slice).unwrap_or_default();
            (event, (Income::from_ledger(&sums), CostTotals::from_ledger(lines, &sums)))
        })
        .collect())
}

/// The income of each of `event_ids` as the documents say it (invoices,
/// credit notes and payments, summed by the database), without Stripe's
/// fees, which only the ledger has: to check the ledger against.
pub async fn incomes_from_documents(
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
    // What invoices ask and credit notes give back: their amount due, the
    // total with VAT plus the rounding to the prices shown.
    let invoiced = format!(
        "SELECT o.event_id AS event_id, {} AS invoiced, {} AS credited \
         FROM invoices i JOIN orders o ON o.id = i.order_id \
         WHERE i.organiser_id = $1 AND o.event_id IN ({ids}) GROUP BY o.event_id",
        sum(&format!("CASE WHEN i.document_kind = '{invoice}' THEN i.total_incl_cents + i.rounding_cents ELSE 0 END")),
        sum(&format!(
            "CASE WHEN i.document_kind = '{credit_note}' THEN i.total_incl_cents + i.rounding_cents ELSE 0 END"
        )),
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

fn to_line(m: cost_line::Model, approvers: &HashMap<i32, String>) -> Result<CostLine, StoreError> {
    let corrupt = |what: &str| StoreError::corrupt("cost_lines", m.id, what);
    let approval = match (m.approved_at, m.approved_cents) {
        (Some(at), Some(cents)) => Some(Approval {
            approver: m.approved_by.map(|person_id| Approver {
                person_id,
                // An erased person's approval stays; their name does not.
                name: approvers.get(&person_id).cloned().unwrap_or_default(),
            }),
            on: local_date(at),
            amount: Money::from_cents(cents),
        }),
        // Approved before approvals were recorded, without an amount: nothing
        // to pay against (withdrawn and approved again, it gets one).
        _ => None,
    };
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
        approval,
        corrects: m.corrects_line_id,
        trainer_id: m.trainer_id,
        description: m.description,
        payee: m.payee,
        payout_reference: m.payout_reference,
    })
}

/// The names of the people who approved `lines`.
async fn approvers(db: &impl ConnectionTrait, lines: &[cost_line::Model]) -> Result<HashMap<i32, String>, StoreError> {
    let ids: BTreeSet<i32> = lines.iter().filter_map(|l| l.approved_by).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect())
}

/// The cost lines of events, per event, in the order of the books (see `in_book_order`).
pub(crate) async fn lines_of(
    db: &impl ConnectionTrait,
    event_ids: &[i32],
) -> Result<HashMap<i32, Vec<CostLine>>, StoreError> {
    let models = cost_line::Entity::find()
        .filter(cost_line::Column::EventId.is_in(event_ids.to_vec()))
        .order_by_asc(cost_line::Column::Id)
        .all(db)
        .await?;
    let names = approvers(db, &models).await?;
    let mut lines: HashMap<i32, Vec<CostLine>> = HashMap::new();
    for m in models {
        lines.entry(m.event_id).or_default().push(to_line(m, &names)?);
    }
    Ok(lines.into_iter().map(|(event, lines)| (event, in_book_order(lines))).collect())
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
    /// Sums over the ledger (net of Stripe's fees: see `Income::earned_net`).
    pub income: Income,
    pub lines: Vec<CostLine>,
    /// The lines' totals: what is approved and paid from the ledger, the budgets from the lines.
    pub costs: CostTotals,
}

pub async fn event_books(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<EventBooks>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let mut lines = lines_of(db, &[e.id]).await?;
    let (income, costs) = books_of(db, organiser_id, &[e.id], &lines).await?.remove(&e.id).unwrap_or_default();
    let lines = lines.remove(&e.id).unwrap_or_default();
    Ok(Some(EventBooks { title: e.title, income, lines, costs }))
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
    let lines = lines_of(db, &ids).await?;
    let mut books = books_of(db, organiser_id, &ids, &lines).await?;
    let mut rows = Vec::with_capacity(in_year.len());
    for e in in_year {
        let corrupt = |err: domain::UnknownCode| StoreError::corrupt("events", e.id, err);
        rows.push(EventMoney {
            event_id: e.id,
            title: e.title.clone(),
            kind: EventKind::from_code(&e.kind).map_err(corrupt)?,
            status: e.status,
            starts_on: starts_on(e.id),
            income: books.get(&e.id).map(|b| b.0).unwrap_or_default(),
            costs: books.remove(&e.id).map(|b| b.1).unwrap_or_default(),
        });
    }
    rows.sort_by(|a, b| a.starts_on.cmp(&b.starts_on).then_with(|| a.title.cmp(&b.title)));
    Ok(FinanceYear { organiser, year, years, events: rows })
}

/// One of the event's cost lines, stored.
async fn stored_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
) -> Result<Option<(event::Model, cost_line::Model)>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let line = cost_line::Entity::find_by_id(line_id).filter(cost_line::Column::EventId.eq(e.id)).one(db).await?;
    Ok(line.map(|l| (e, l)))
}

async fn read_line(db: &impl ConnectionTrait, m: cost_line::Model) -> Result<CostLine, StoreError> {
    let names = approvers(db, std::slice::from_ref(&m)).await?;
    to_line(m, &names)
}

/// One of the event's cost lines.
pub async fn cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
) -> Result<Option<(String, CostLine)>, StoreError> {
    match stored_line(db, organiser_id, event_id, line_id).await? {
        Some((e, m)) => Ok(Some((e.title, read_line(db, m).await?))),
        None => Ok(None),
    }
}

/// Whether the organiser has four eyes on: whoever approved a line may not pay it.
pub async fn four_eyes(db: &impl ConnectionTrait, organiser_id: i32) -> Result<bool, StoreError> {
    Ok(organiser::Entity::find_by_id(organiser_id).one(db).await?.is_some_and(|o| o.four_eyes))
}

/// Turns four eyes on or off; `false` when it already was so (nothing logged).
pub async fn set_four_eyes(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    on: bool,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    use sea_orm::sea_query::Expr;
    let updated = organiser::Entity::update_many()
        .col_expr(organiser::Column::FourEyes, Expr::value(on))
        .filter(organiser::Column::Id.eq(organiser_id))
        .filter(organiser::Column::FourEyes.ne(on))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    let detail = if on { "aan" } else { "uit" }.to_string();
    crate::audit::record(db, organiser_id, person_id, ("organiser", organiser_id), "organiser.four_eyes", detail, now)
        .await?;
    Ok(true)
}

/// What became of a request to add a cost line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Added(i32),
    /// The event (or the line it corrects) is not the organiser's.
    NotFound,
    /// Only a paid line is corrected by a new line (an unpaid one is changed, or withdrawn and changed).
    NotCorrectable,
}

/// Adds a cost line to one of the organiser's events: planned, whatever
/// the form said (approving is an action of its own). A correction names
/// a paid line of the same event.
pub async fn add_cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    edit: &CostLineEdit,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Added, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(Added::NotFound) };
    let mut corrected = None;
    if let Some(original_id) = edit.corrects {
        let original =
            cost_line::Entity::find_by_id(original_id).filter(cost_line::Column::EventId.eq(e.id)).one(db).await?;
        match original {
            Some(o) if o.status.is_final() => corrected = Some(o),
            Some(_) => return Ok(Added::NotCorrectable),
            None => return Ok(Added::NotFound),
        }
    }
    let line = cost_line::ActiveModel {
        event_id: Set(e.id),
        category: Set(edit.category.code().into()),
        description: Set(edit.description.clone()),
        payee: Set(edit.payee.clone()),
        trainer_id: Set(edit.trainer_id.or_else(|| corrected.as_ref().and_then(|o| o.trainer_id))),
        budget_cents: Set(edit.budget.cents()),
        actual_cents: Set(edit.actual.map(Money::cents)),
        status: Set(CostStatus::Planned),
        paid_at: Set(None),
        payout_reference: Set(edit.payout_reference.clone()),
        payout_account: Set(None),
        corrects_line_id: Set(corrected.as_ref().map(|o| o.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let detail = match &corrected {
        Some(o) => format!("{}\n{} (correctie op «{}», {})", edit.description, e.title, o.description, amount_nl(edit)),
        None => format!("{}\n{} ({})", edit.description, e.title, edit.budget.display_nl()),
    };
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line.id), "cost_line.added", detail, now).await?;
    Ok(Added::Added(line.id))
}

fn amount_nl(edit: &CostLineEdit) -> String {
    edit.actual.unwrap_or(edit.budget).display_nl()
}

/// What became of a form that changes a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Updated {
    /// What changed (in Dutch, for the audit log; empty when nothing did).
    Saved(Vec<String>),
    NotFound,
    /// The line is paid or being paid, or its terms are fixed: see the refusal.
    Refused(EditRefusal),
    /// The line moved (approved, paid) between reading and writing: nothing changed.
    Stale,
}

/// Changes one of the event's cost lines, as far as its status allows (see
/// `CostLineEdit::check_against`). The write is conditional on the status
/// and the terms read, so an approval or a payout in between wins.
pub async fn update_cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    edit: &CostLineEdit,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Updated, StoreError> {
    let Some((e, stored)) = stored_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Updated::NotFound);
    };
    let (status, approved_cents) = (stored.status, stored.approved_cents);
    let before = read_line(db, stored).await?;
    let mut edit = edit.clone();
    if let Err(refusal) = edit.check_against(&before) {
        return Ok(Updated::Refused(refusal));
    }
    let changes = edit.changes_from(&before);
    if changes.is_empty() {
        return Ok(Updated::Saved(changes));
    }
    let mut update = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Category, Expr::value(edit.category.code()))
        .col_expr(cost_line::Column::Description, Expr::value(edit.description.clone()))
        .col_expr(cost_line::Column::BudgetCents, Expr::value(edit.budget.cents()))
        .col_expr(cost_line::Column::PayoutReference, Expr::value(edit.payout_reference.clone()))
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.eq(status));
    if status.fixes_terms() {
        // The approved terms stay as they are; the guard makes sure they still are.
        update = update.filter(match approved_cents {
            Some(cents) => cost_line::Column::ApprovedCents.eq(cents),
            None => cost_line::Column::ApprovedCents.is_null(),
        });
    } else {
        update = update
            .col_expr(cost_line::Column::Payee, Expr::value(edit.payee.clone()))
            .col_expr(cost_line::Column::TrainerId, Expr::value(edit.trainer_id))
            .col_expr(cost_line::Column::ActualCents, Expr::value(edit.actual.map(Money::cents)));
    }
    if update.exec(db).await?.rows_affected != 1 {
        return Ok(Updated::Stale);
    }
    let detail = format!("{} ({})\n{}", edit.description, e.title, changes.join(", "));
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.updated", detail, now).await?;
    Ok(Updated::Saved(changes))
}

/// What became of a request to remove a cost line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Removed,
    NotFound,
    /// A paid line is part of the books: it stays.
    Paid,
    /// Approved (or being paid): its approval is withdrawn first.
    Approved,
}

pub async fn remove_cost_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Removal, StoreError> {
    let Some((e, line)) = stored_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Removal::NotFound);
    };
    let refusal = |status: CostStatus| if status.is_final() { Removal::Paid } else { Removal::Approved };
    if !line.status.may_be_removed() {
        return Ok(refusal(line.status));
    }
    // Only if it was not approved or paid in between.
    let deleted = cost_line::Entity::delete_many()
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.eq(CostStatus::Planned))
        .exec(db)
        .await?;
    if deleted.rows_affected != 1 {
        return Ok(Removal::Approved);
    }
    let detail = format!("{} ({})", line.description, e.title);
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.removed", detail, now).await?;
    Ok(Removal::Removed)
}

/// What became of an action on a line (approve, withdraw, mark paid, start a payout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    Done,
    NotFound,
    /// The line is not (or no longer) where the action starts, or its terms
    /// are not what the admin saw: nothing changed.
    Stale,
    /// An approval needs the actual amount.
    NoAmount,
    /// Four eyes: the admin who approved it may not pay it.
    FourEyes,
}

/// Approves a planned line at its actual amount, as the admin saw it
/// (`seen_amount`: the amount on their page): fixes the amount, the payee
/// and the trainer (whose ready Stripe account a payout goes to), and records who and when.
pub async fn approve(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    seen_amount: Option<Money>,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Moved, StoreError> {
    let Some((e, stored)) = stored_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Moved::NotFound);
    };
    let line = read_line(db, stored).await?;
    let amount = match line.approvable() {
        Ok(amount) => amount,
        Err(_) if line.status == CostStatus::Planned => return Ok(Moved::NoAmount),
        Err(_) => return Ok(Moved::Stale),
    };
    let action = CostAction::Approve;
    let approved = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(action.after()))
        .col_expr(cost_line::Column::ApprovedCents, Expr::value(amount.cents()))
        .col_expr(cost_line::Column::ApprovedBy, Expr::value(person_id))
        .col_expr(cost_line::Column::ApprovedAt, Expr::value(now))
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.eq(action.before()))
        .filter(cost_line::Column::ActualCents.eq(seen_amount.map(Money::cents)))
        .exec(db)
        .await?;
    if seen_amount != Some(amount) || approved.rows_affected != 1 {
        return Ok(Moved::Stale);
    }
    crate::ledger::record_approval(db, (organiser_id, e.id, line_id), amount, person_id, now).await?;
    let payee = line.payee.as_deref().unwrap_or("–");
    let detail = format!("{} ({})\n{} aan {payee}", line.description, e.title, amount.display_nl());
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.approved", detail, now)
        .await?;
    Ok(Moved::Done)
}

/// Withdraws an approval: the line is planned again and its terms may change.
/// Not once a payout started, nor once paid.
pub async fn withdraw_approval(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Moved, StoreError> {
    let Some((e, line)) = stored_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Moved::NotFound);
    };
    let action = CostAction::WithdrawApproval;
    let withdrawn = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(action.after()))
        .col_expr(cost_line::Column::ApprovedCents, Expr::value(Option::<i64>::None))
        .col_expr(cost_line::Column::ApprovedBy, Expr::value(Option::<i32>::None))
        .col_expr(cost_line::Column::ApprovedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.eq(action.before()))
        .exec(db)
        .await?;
    if withdrawn.rows_affected != 1 {
        return Ok(Moved::Stale);
    }
    crate::ledger::record_withdrawal(db, line_id, person_id, now).await?;
    let detail = format!("{} ({})", line.description, e.title);
    crate::audit::record(
        db,
        organiser_id,
        person_id,
        ("cost_line", line_id),
        "cost_line.approval_withdrawn",
        detail,
        now,
    )
    .await?;
    Ok(Moved::Done)
}

/// The guards of an action that pays: the line is approved at the amount it
/// holds, and, with four eyes, was approved by someone else.
fn paying_guards(
    update: sea_orm::UpdateMany<cost_line::Entity>,
    action: CostAction,
    four_eyes: bool,
    person_id: i32,
) -> sea_orm::UpdateMany<cost_line::Entity> {
    let update = update
        .filter(cost_line::Column::Status.eq(action.before()))
        .filter(ExprTrait::eq(Expr::col(cost_line::Column::ApprovedCents), Expr::col(cost_line::Column::ActualCents)));
    if four_eyes {
        update.filter(cost_line::Column::ApprovedBy.is_null().or(cost_line::Column::ApprovedBy.ne(person_id)))
    } else {
        update
    }
}

/// Marks an approved line paid by hand (a bank transfer made outside
/// Leernet), with its reference, at the approved amount.
pub async fn mark_paid(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    reference: &str,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Moved, StoreError> {
    let Some((e, stored)) = stored_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Moved::NotFound);
    };
    let line = read_line(db, stored).await?;
    let action = CostAction::MarkPaid;
    let four_eyes = four_eyes(db, organiser_id).await?;
    if line.status != action.before() {
        return Ok(Moved::Stale);
    }
    if !line.may_be_paid_by(person_id, four_eyes) {
        return Ok(Moved::FourEyes);
    }
    let update = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(action.after()))
        .col_expr(cost_line::Column::PaidAt, Expr::value(now))
        .col_expr(cost_line::Column::PaidBy, Expr::value(person_id))
        .col_expr(cost_line::Column::PayoutReference, Expr::value(reference))
        .filter(cost_line::Column::Id.eq(line_id));
    if paying_guards(update, action, four_eyes, person_id).exec(db).await?.rows_affected != 1 {
        return Ok(Moved::Stale);
    }
    crate::ledger::record_payout(db, line_id, Some(person_id), now).await?;
    let amount = line.approval.as_ref().map_or(line.expected(), |a| a.amount);
    let detail = format!("{} ({})\n{} ({reference})", line.description, e.title, amount.display_nl());
    crate::audit::record(db, organiser_id, person_id, ("cost_line", line_id), "cost_line.marked_paid", detail, now)
        .await?;
    Ok(Moved::Done)
}

/// A payout through Stripe Connect, as it is to be asked of Stripe: only
/// what is stored (the approved amount, the account), never a form's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutPlan {
    pub organiser_id: i32,
    pub event_id: i32,
    pub line_id: i32,
    pub amount: Money,
    pub account: ConnectedAccount,
    /// The attempt the key is made of: the outcome is recorded only for it.
    pub attempt: i32,
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
    /// The line is held (`paying_out`) for this request: ask Stripe, then record the outcome.
    Ready(PayoutPlan),
    /// Not approved, no amount, or paid already.
    NotPayable,
    /// The line's trainer has no Stripe account ready for payouts (or it has no trainer).
    NoReadyAccount(StripeBlocker),
    /// Another request is asking Stripe right now.
    InProgress,
    /// Four eyes: the admin who approved it may not pay it.
    FourEyes,
    NotFound,
}

/// How long a request may hold a line while it asks Stripe; after that (the
/// request died), another may ask again, with the same key.
pub const PAYOUT_HOLD_SECONDS: i64 = 120;

/// Holds a line for a payout through Stripe: an approved line (at its
/// approved amount) becomes `paying_out`, or a line whose payout's outcome
/// is unknown is asked about again. Only one request holds it at a time.
pub async fn start_payout(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    line_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Payout, StoreError> {
    let Some((e, stored)) = stored_line(db, organiser_id, event_id, line_id).await? else {
        return Ok(Payout::NotFound);
    };
    let (attempt, created) = (stored.payout_attempt, stored.created_at.timestamp());
    let line = read_line(db, stored).await?;
    let Some(amount) = line.payable_through_stripe() else { return Ok(Payout::NotPayable) };
    let four_eyes = four_eyes(db, organiser_id).await?;
    if !line.may_be_paid_by(person_id, four_eyes) {
        return Ok(Payout::FourEyes);
    }
    // Only the trainer's ready account receives a payout; a payout asked before
    // (its outcome unknown) is asked again of the account it went to, with the same key.
    let ready = match line.trainer_id {
        Some(trainer_id) => crate::connected_accounts::ready_account(db, organiser_id, trainer_id).await?,
        None => None,
    };
    if let Some(blocker) = line.stripe_blocker(ready.is_some()) {
        return Ok(Payout::NoReadyAccount(blocker));
    }
    let account = match (&line.payout_account, ready) {
        (Some(held), _) if line.status == CostStatus::PayingOut => held.clone(),
        (_, Some(ready)) => ready,
        _ => return Ok(Payout::NoReadyAccount(StripeBlocker::NotReady)),
    };
    let hold = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(CostStatus::PayingOut))
        .col_expr(cost_line::Column::PayoutStartedAt, Expr::value(now))
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::ApprovedCents.eq(amount.cents()))
        .filter(cost_line::Column::PayoutAttempt.eq(attempt));
    let hold = match line.status {
        // The account it goes to is kept with the line: a retry asks the same.
        CostStatus::Approved => paying_guards(
            hold.col_expr(cost_line::Column::PayoutAccount, Expr::value(account.as_str())),
            CostAction::StartPayout,
            four_eyes,
            person_id,
        ),
        // Asked before with an unknown outcome, or by a request that died: ask again, with the same key.
        _ => {
            let stale = now - chrono::Duration::seconds(PAYOUT_HOLD_SECONDS);
            // (A line held before payouts kept their account has none: it gets the trainer's.)
            hold.col_expr(cost_line::Column::PayoutAccount, Expr::value(account.as_str()))
                .filter(cost_line::Column::Status.eq(CostStatus::PayingOut))
                .filter(
                    cost_line::Column::PayoutAccount
                        .eq(account.as_str())
                        .or(cost_line::Column::PayoutAccount.is_null()),
                )
                .filter(cost_line::Column::PayoutStartedAt.is_null().or(cost_line::Column::PayoutStartedAt.lt(stale)))
        }
    };
    if hold.exec(db).await?.rows_affected != 1 {
        // Held by another request (or paid, or changed, meanwhile).
        let now_status = cost_line::Entity::find_by_id(line_id).one(db).await?.map(|l| l.status);
        return Ok(if now_status == Some(CostStatus::PayingOut) { Payout::InProgress } else { Payout::NotPayable });
    }
    Ok(Payout::Ready(PayoutPlan {
        organiser_id,
        event_id: e.id,
        line_id,
        amount,
        account,
        attempt,
        // The line's creation keeps keys apart should a database be started afresh on the same Stripe account.
        idempotency_key: format!("leernet-payout-{line_id}-{created}-{attempt}"),
        line_description: line.description.clone(),
        event_title: e.title,
        transfer_group: format!("event-{}", e.id),
    }))
}

/// Records a transfer Stripe made for a line: paid now, with the transfer's
/// id as its reference. `false` when another request recorded it already
/// (Stripe answered both with the same transfer).
pub async fn record_payout(
    db: &impl ConnectionTrait,
    plan: &PayoutPlan,
    transfer_id: &str,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let PayoutPlan { organiser_id, line_id, .. } = *plan;
    let action = CostAction::PayoutMade;
    let updated = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(action.after()))
        .col_expr(cost_line::Column::PaidAt, Expr::value(now))
        .col_expr(cost_line::Column::PaidBy, Expr::value(person_id))
        .col_expr(cost_line::Column::PayoutReference, Expr::value(transfer_id))
        .col_expr(cost_line::Column::PayoutStartedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(cost_line::Column::Id.eq(line_id))
        .filter(cost_line::Column::Status.eq(action.before()))
        .filter(cost_line::Column::ApprovedCents.eq(plan.amount.cents()))
        .filter(cost_line::Column::PayoutAttempt.eq(plan.attempt))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    crate::ledger::record_payout(db, line_id, Some(person_id), now).await?;
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

/// What Stripe said, when it made no transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayoutOutcome {
    /// Refused: approved again, and the next attempt is a new request (a new key).
    Refused,
    /// Never asked (no payment provider): approved again, same key.
    NotAsked,
    /// No answer: the line stays held (its terms may not change, since a
    /// transfer may have been made), and the next click asks again with the same key.
    Unknown,
}

/// Records that a payout made no transfer (for the plan's attempt only).
pub async fn payout_failed(
    db: &impl ConnectionTrait,
    plan: &PayoutPlan,
    outcome: PayoutOutcome,
) -> Result<(), StoreError> {
    let update = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::PayoutStartedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(cost_line::Column::Id.eq(plan.line_id))
        .filter(cost_line::Column::Status.eq(CostAction::PayoutRefused.before()))
        .filter(cost_line::Column::PayoutAttempt.eq(plan.attempt));
    let update = match outcome {
        PayoutOutcome::Refused => update
            .col_expr(cost_line::Column::Status, Expr::value(CostAction::PayoutRefused.after()))
            .col_expr(cost_line::Column::PayoutAttempt, Expr::col(cost_line::Column::PayoutAttempt).add(1)),
        PayoutOutcome::NotAsked => {
            update.col_expr(cost_line::Column::Status, Expr::value(CostAction::PayoutRefused.after()))
        }
        PayoutOutcome::Unknown => update,
    };
    update.exec(db).await?;
    Ok(())
}
