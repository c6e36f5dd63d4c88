//! The organiser's ledger (see `domain::ledger`): entries are only inserted
//! and read, never updated or deleted (a trigger on each database refuses
//! both). Each money event is recorded in the transaction that makes it,
//! by the store function that makes it:
//!
//! - invoices and credit notes: [`record_invoice`] (`invoices::issue_invoice`,
//!   `invoices::credit_for_registration`);
//! - payments and refunds once succeeded: [`record_payment`]
//!   (`orders::settle::settle_paid`, `invoices::settle_by_transfer` and the
//!   other invoice payments, `orders::refund`);
//! - Stripe's fee on an online payment, from its balance transaction:
//!   [`record_stripe_fee`] (the server asks Stripe after the payment, and
//!   again from its worker for [`fees_to_fetch`]);
//! - a cost line's approval, its withdrawal (a correction of the approval)
//!   and its payout: [`record_approval`], [`record_withdrawal`],
//!   [`record_payout`] (`finances`, `payouts`).
//!
//! Recording is idempotent: `(kind, reference)` is unique, and the record
//! functions insert nothing when the event is in the ledger already. So
//! [`backfill`] (run at start and after demo data) gives rows made before the
//! ledger, or by bulk inserts, their entries, as often as it runs.

use crate::StoreError;
use crate::entities::ledger_entry;
use chrono::{DateTime, Utc};
use domain::Money;
use domain::ledger::{DocumentKind, EntryKind, Source, StripeFee, Sums};
use domain::{CostStatus, PaymentKind, PaymentProvider, PaymentStatus};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement, Value,
};
use std::collections::HashMap;

/// One entry, as it is to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub organiser_id: i32,
    pub event_id: Option<i32>,
    pub kind: EntryKind,
    /// Any sign: it is given the kind's (see [`EntryKind::signed`]).
    pub amount: Money,
    pub source: Source,
    pub corrects: Option<i32>,
    pub external_reference: Option<String>,
    pub actor: Option<i32>,
    pub occurred_at: DateTime<Utc>,
}

/// Writes an entry; `false` when the same event was recorded already (nothing written).
pub async fn insert(db: &impl ConnectionTrait, entry: NewEntry, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let inserted = ledger_entry::Entity::insert(ledger_entry::ActiveModel {
        organiser_id: Set(entry.organiser_id),
        event_id: Set(entry.event_id),
        kind: Set(entry.kind.code().into()),
        amount_cents: Set(entry.kind.signed(entry.amount).cents()),
        document_kind: Set(entry.source.document.code().into()),
        document_id: Set(entry.source.document_id),
        reference: Set(entry.source.reference()),
        corrects_id: Set(entry.corrects),
        external_reference: Set(entry.external_reference),
        actor_id: Set(entry.actor),
        occurred_at: Set(entry.occurred_at),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([ledger_entry::Column::Kind, ledger_entry::Column::Reference]).do_nothing().to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// The columns every recording statement fills, in this order.
const COLUMNS: &str = "organiser_id, event_id, kind, amount_cents, document_kind, document_id, reference, \
                       external_reference, actor_id, occurred_at, created_at";

/// Runs one of the statements below, for one document (`Some(id)`) or all; `$1` is the actor, `$2` now.
async fn run(
    db: &impl ConnectionTrait,
    sql: String,
    id: Option<i32>,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut values: Vec<Value> = vec![actor.into(), now.into()];
    let sql = match id {
        Some(id) => {
            values.push(id.into());
            sql.replace("{one}", "= $3")
        }
        None => sql.replace("{one}", "IS NOT NULL"),
    };
    let backend = db.get_database_backend();
    Ok(db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?.rows_affected())
}

/// Records an invoice or credit note (its amount due) unless it is in the ledger.
/// The texts written into the SQL are the enums' own codes (constants, no input).
async fn invoices(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let credit_note = domain::invoicing::DocumentKind::CreditNote.code();
    let (invoice, credit, doc) =
        (EntryKind::Invoice.code(), EntryKind::CreditNote.code(), DocumentKind::Invoice.code());
    let sql = format!(
        "INSERT INTO ledger_entries ({COLUMNS}) \
         SELECT i.organiser_id, o.event_id, \
           CASE WHEN i.document_kind = '{credit_note}' THEN '{credit}' ELSE '{invoice}' END, \
           CASE WHEN i.document_kind = '{credit_note}' THEN -(i.total_incl_cents + i.rounding_cents) \
                ELSE i.total_incl_cents + i.rounding_cents END, \
           '{doc}', i.id, '{doc}:' || i.id, NULL, CAST($1 AS INTEGER), i.created_at, $2 \
         FROM invoices i JOIN orders o ON o.id = i.order_id \
         WHERE i.id {{one}} AND NOT EXISTS (SELECT 1 FROM ledger_entries l \
           WHERE l.document_kind = '{doc}' AND l.document_id = i.id AND l.kind IN ('{invoice}', '{credit}')) \
         ON CONFLICT (kind, reference) DO NOTHING"
    );
    run(db, sql, id, actor, now).await
}

/// Records a succeeded payment or refund unless it is in the ledger: paid
/// online (Stripe), paid on an invoice (any other provider), or refunded.
async fn payments(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let (online, on_invoice, refund, doc) = (
        EntryKind::OnlinePayment.code(),
        EntryKind::InvoicePayment.code(),
        EntryKind::Refund.code(),
        DocumentKind::Payment.code(),
    );
    let (succeeded, stripe, refund_kind) =
        (PaymentStatus::Succeeded.as_str(), PaymentProvider::Stripe.as_str(), PaymentKind::Refund.as_str());
    let sql = format!(
        "INSERT INTO ledger_entries ({COLUMNS}) \
         SELECT o.organiser_id, o.event_id, \
           CASE WHEN p.kind = '{refund_kind}' THEN '{refund}' \
                WHEN p.provider = '{stripe}' THEN '{online}' ELSE '{on_invoice}' END, \
           CASE WHEN p.kind = '{refund_kind}' THEN -p.amount_cents ELSE p.amount_cents END, \
           '{doc}', p.id, '{doc}:' || p.id, p.provider_reference, CAST($1 AS INTEGER), \
           COALESCE(p.settled_at, p.created_at), $2 \
         FROM payments p JOIN orders o ON o.id = p.order_id \
         WHERE p.id {{one}} AND p.status = '{succeeded}' AND NOT EXISTS (SELECT 1 FROM ledger_entries l \
           WHERE l.document_kind = '{doc}' AND l.document_id = p.id \
           AND l.kind IN ('{online}', '{on_invoice}', '{refund}')) \
         ON CONFLICT (kind, reference) DO NOTHING"
    );
    run(db, sql, id, actor, now).await
}

/// Records a paid cost line's payout (at the amount it was paid, which the
/// approval fixed) unless it is in the ledger.
async fn payouts(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let (payout, doc, paid) = (EntryKind::Payout.code(), DocumentKind::CostLine.code(), CostStatus::Paid.as_str());
    let sql = format!(
        "INSERT INTO ledger_entries ({COLUMNS}) \
         SELECT e.organiser_id, c.event_id, '{payout}', -COALESCE(c.approved_cents, c.actual_cents, c.budget_cents), \
           '{doc}', c.id, '{doc}:' || c.id, c.payout_reference, COALESCE(CAST($1 AS INTEGER), c.paid_by), \
           COALESCE(c.paid_at, c.created_at), $2 \
         FROM cost_lines c JOIN events e ON e.id = c.event_id \
         WHERE c.id {{one}} AND c.status = '{paid}' AND NOT EXISTS (SELECT 1 FROM ledger_entries l \
           WHERE l.document_kind = '{doc}' AND l.document_id = c.id AND l.kind = '{payout}') \
         ON CONFLICT (kind, reference) DO NOTHING"
    );
    run(db, sql, id, actor, now).await
}

/// Gives lines approved (or paid) before the ledger their approval, at the
/// amount approved (the actual amount, or the budget, for lines approved
/// before approvals fixed an amount).
async fn approvals_before_the_ledger(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let (approval, doc, planned) =
        (EntryKind::CostApproval.code(), DocumentKind::CostLine.code(), CostStatus::Planned.as_str());
    let sql = format!(
        "INSERT INTO ledger_entries ({COLUMNS}) \
         SELECT e.organiser_id, c.event_id, '{approval}', \
           -COALESCE(c.approved_cents, c.actual_cents, c.budget_cents), \
           '{doc}', c.id, '{doc}:' || c.id, NULL, COALESCE(CAST($1 AS INTEGER), c.approved_by), \
           COALESCE(c.approved_at, c.paid_at, c.created_at), $2 \
         FROM cost_lines c JOIN events e ON e.id = c.event_id \
         WHERE c.id {{one}} AND c.status <> '{planned}' AND NOT EXISTS (SELECT 1 FROM ledger_entries l \
           WHERE l.document_kind = '{doc}' AND l.document_id = c.id AND l.kind = '{approval}') \
         ON CONFLICT (kind, reference) DO NOTHING"
    );
    run(db, sql, None, None, now).await
}

/// Records an invoice or credit note just issued (same transaction).
pub async fn record_invoice(
    db: &impl ConnectionTrait,
    invoice_id: i32,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    invoices(db, Some(invoice_id), actor, now).await.map(drop)
}

/// Records a payment or refund once it succeeded (nothing for one still pending or failed).
pub async fn record_payment(
    db: &impl ConnectionTrait,
    payment_id: i32,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    payments(db, Some(payment_id), actor, now).await.map(drop)
}

/// Records a cost line's payout once it is paid.
pub async fn record_payout(
    db: &impl ConnectionTrait,
    line_id: i32,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    payouts(db, Some(line_id), actor, now).await.map(drop)
}

/// The entries of a cost line of one kind, oldest first.
async fn line_entries(
    db: &impl ConnectionTrait,
    kind: EntryKind,
    line_id: i32,
) -> Result<Vec<ledger_entry::Model>, StoreError> {
    Ok(ledger_entry::Entity::find()
        .filter(ledger_entry::Column::Kind.eq(kind.code()))
        .filter(ledger_entry::Column::DocumentKind.eq(DocumentKind::CostLine.code()))
        .filter(ledger_entry::Column::DocumentId.eq(line_id))
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?)
}

/// Records an approval of a cost line at `amount` (its `n`th: a line
/// withdrawn and approved again has one entry per approval).
pub async fn record_approval(
    db: &impl ConnectionTrait,
    (organiser_id, event_id, line_id): (i32, i32, i32),
    amount: Money,
    actor: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let earlier = line_entries(db, EntryKind::CostApproval, line_id).await?.len();
    let occurrence = u32::try_from(earlier).unwrap_or(u32::MAX - 1) + 1;
    let source = Source { document: DocumentKind::CostLine, document_id: line_id, occurrence };
    let entry = NewEntry {
        organiser_id,
        event_id: Some(event_id),
        kind: EntryKind::CostApproval,
        amount,
        source,
        corrects: None,
        external_reference: None,
        actor: Some(actor),
        occurred_at: now,
    };
    insert(db, entry, now).await.map(drop)
}

/// Records that a line's approval was withdrawn: a correction that undoes
/// its last approval (nothing when that one was undone already).
pub async fn record_withdrawal(
    db: &impl ConnectionTrait,
    line_id: i32,
    actor: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(approval) = line_entries(db, EntryKind::CostApproval, line_id).await?.pop() else { return Ok(()) };
    let corrected =
        ledger_entry::Entity::find().filter(ledger_entry::Column::CorrectsId.eq(approval.id)).count(db).await?;
    if corrected > 0 {
        return Ok(());
    }
    let (document, occurrence) = parse_reference(&approval.reference)
        .ok_or_else(|| StoreError::corrupt("ledger_entries", approval.id, "reference"))?;
    let entry = NewEntry {
        organiser_id: approval.organiser_id,
        event_id: approval.event_id,
        kind: EntryKind::Correction,
        amount: Money::from_cents(-approval.amount_cents),
        source: Source { document, document_id: approval.document_id, occurrence },
        corrects: Some(approval.id),
        external_reference: None,
        actor: Some(actor),
        occurred_at: now,
    };
    insert(db, entry, now).await.map(drop)
}

/// The document kind and occurrence of a stored reference (`cost_line:7#2`).
fn parse_reference(reference: &str) -> Option<(DocumentKind, u32)> {
    let (document, rest) = reference.split_once(':')?;
    let occurrence = match rest.split_once('#') {
        Some((_, n)) => n.parse().ok()?,
        None => 1,
    };
    Some((DocumentKind::parse(document)?, occurrence))
}

/// An online payment whose Stripe fee is not in the ledger yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeToFetch {
    pub payment_id: i32,
    /// Stripe's payment intent (`pi_...`).
    pub payment_intent: String,
}

/// Online payments made since `since` without their Stripe fee, newest first
/// (at most `limit`): the worker asks Stripe for them.
pub async fn fees_to_fetch(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<FeeToFetch>, StoreError> {
    let (online, fee) = (EntryKind::OnlinePayment.code(), EntryKind::StripeFee.code());
    let sql = format!(
        "SELECT e.document_id AS payment_id, e.external_reference AS payment_intent FROM ledger_entries e \
         WHERE e.kind = '{online}' AND e.occurred_at >= $1 AND e.external_reference IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM ledger_entries f WHERE f.kind = '{fee}' AND f.reference = e.reference) \
         ORDER BY e.id DESC LIMIT {limit}"
    );
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, [since.into()])).await? {
        out.push(FeeToFetch {
            payment_id: row.try_get("", "payment_id")?,
            payment_intent: row.try_get("", "payment_intent")?,
        });
    }
    Ok(out)
}

/// Records Stripe's fee on an online payment (dated with the payment);
/// `false` when it was recorded already or the payment is not in the ledger.
pub async fn record_stripe_fee(
    db: &impl ConnectionTrait,
    payment_id: i32,
    fee: &StripeFee,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let source = Source::of(DocumentKind::Payment, payment_id);
    let Some(payment) = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::Kind.eq(EntryKind::OnlinePayment.code()))
        .filter(ledger_entry::Column::Reference.eq(source.reference()))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let entry = NewEntry {
        organiser_id: payment.organiser_id,
        event_id: payment.event_id,
        kind: EntryKind::StripeFee,
        amount: fee.fee,
        source,
        corrects: None,
        external_reference: Some(fee.balance_transaction.clone()),
        actor: None,
        occurred_at: payment.occurred_at,
    };
    insert(db, entry, now).await
}

/// Gives every row made before the ledger (or by a bulk insert) its entries;
/// idempotent. Returns how many entries it wrote.
pub async fn backfill(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut written = invoices(db, None, None, now).await?;
    written += payments(db, None, None, now).await?;
    written += approvals_before_the_ledger(db, now).await?;
    written += payouts(db, None, None, now).await?;
    Ok(written)
}

/// The sums of the ledger per event of `event_ids` (all of them, zero where
/// nothing happened), corrections counted with the kind they correct.
pub async fn sums_per_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_ids: &[i32],
) -> Result<HashMap<i32, Sums>, StoreError> {
    let mut sums: HashMap<i32, Sums> = event_ids.iter().map(|id| (*id, Sums::default())).collect();
    if event_ids.is_empty() {
        return Ok(sums);
    }
    // The ids come from the database as integers: safe to write into the query.
    let ids = event_ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT e.event_id AS event_id, COALESCE(c.kind, e.kind) AS kind, \
           CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) AS total \
         FROM ledger_entries e LEFT JOIN ledger_entries c ON c.id = e.corrects_id \
         WHERE e.organiser_id = $1 AND e.event_id IN ({ids}) \
         GROUP BY e.event_id, COALESCE(c.kind, e.kind)"
    );
    let backend = db.get_database_backend();
    for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, [organiser_id.into()])).await? {
        let event_id: i32 = row.try_get("", "event_id")?;
        let code: String = row.try_get("", "kind")?;
        let kind = EntryKind::parse(&code).ok_or_else(|| StoreError::corrupt("ledger_entries", event_id, code))?;
        sums.entry(event_id).or_default().add(kind, Money::from_cents(row.try_get("", "total")?));
    }
    Ok(sums)
}

/// One entry as the books list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i32,
    pub kind: EntryKind,
    pub amount: Money,
    pub document: DocumentKind,
    pub document_id: i32,
    pub external_reference: Option<String>,
    pub actor: Option<i32>,
    pub occurred_at: DateTime<Utc>,
}

/// The organiser's entries of one event, in the order they were written.
pub async fn entries_of_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Vec<Entry>, StoreError> {
    let rows = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::OrganiserId.eq(organiser_id))
        .filter(ledger_entry::Column::EventId.eq(event_id))
        .order_by_asc(ledger_entry::Column::Id)
        .limit(10_000)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|m| {
            let corrupt = |what: &str| StoreError::corrupt("ledger_entries", m.id, what);
            Ok(Entry {
                id: m.id,
                kind: EntryKind::parse(&m.kind).ok_or_else(|| corrupt("kind"))?,
                amount: Money::from_cents(m.amount_cents),
                document: DocumentKind::parse(&m.document_kind).ok_or_else(|| corrupt("document_kind"))?,
                document_id: m.document_id,
                external_reference: m.external_reference,
                actor: m.actor_id,
                occurred_at: m.occurred_at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_reference;
    use domain::ledger::DocumentKind;

    #[test]
    fn references_parse_back() {
        assert_eq!(parse_reference("cost_line:7#2"), Some((DocumentKind::CostLine, 2)));
        assert_eq!(parse_reference("payment:4"), Some((DocumentKind::Payment, 1)));
        assert_eq!(parse_reference("order:4"), None);
    }
}
