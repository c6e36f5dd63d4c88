//! Paying trainers by bank transfer: their profiles' payment details, the
//! organiser's own account, and the SEPA payment files (see `domain::sepa`).
//!
//! A file takes approved cost lines whose trainer has an IBAN and sends them
//! to the bank (`sent_to_bank`) in one write transaction. A line is in one
//! live file at most: the lines change status only when they are still
//! approved (one guarded UPDATE; on PostgreSQL a second, simultaneous file
//! waits for the first's row locks and then finds them sent), and
//! `payment_file_lines.live_cost_line_id` is unique. Cancelling a file gives
//! its lines back (approved) as long as none of them was paid; a bank
//! statement's debit settles a line by its end-to-end id.
//!
//! Every function takes the organiser's id, which the edge has checked; a
//! function that returns a refusal leaves its transaction to be rolled back
//! (the caller commits only on success).

use crate::StoreError;
use crate::entities::{cost_line, event, organiser, payment_file, payment_file_line, person, trainer};
use crate::time::to_local;
use chrono::{DateTime, NaiveDate, Utc};
use domain::connect::TrainerStripe;
use domain::finances::ConnectedAccount;
use domain::iban::BankAccount;
use domain::sepa::{self, Blocker, Debtor, FileSummary, PayableLine, PaymentFile, Transfer};
use domain::trainers::{PaymentDetails, TrainerProfile};
use domain::{Bic, CostStatus, EnterpriseNumber, Iban, Money, PaymentFileStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub(crate) fn to_profile(m: trainer::Model) -> Result<TrainerProfile, StoreError> {
    let corrupt = |what: &str| StoreError::corrupt("trainers", m.id, what);
    let iban = m.iban.as_deref().map(Iban::parse).transpose().map_err(|_| corrupt("iban"))?;
    let bic = m.bic.as_deref().map(Bic::parse).transpose().map_err(|_| corrupt("bic"))?;
    let enterprise_number = m
        .enterprise_number
        .as_deref()
        .map(EnterpriseNumber::parse)
        .transpose()
        .map_err(|_| corrupt("enterprise_number"))?;
    let stripe = TrainerStripe {
        account: m
            .stripe_account
            .as_deref()
            .map(ConnectedAccount::parse)
            .transpose()
            .map_err(|_| corrupt("stripe_account"))?,
        status: m.stripe_status,
        ready_since: m.stripe_ready_at.map(crate::time::local_date),
        link_sent_on: m.stripe_link_sent_at.map(crate::time::local_date),
    };
    Ok(TrainerProfile {
        id: m.id,
        stripe,
        full_name: m.full_name,
        affiliation: m.affiliation,
        email: m.email,
        payment: PaymentDetails {
            street: m.street,
            postcode: m.postcode,
            city: m.city,
            iban,
            bic,
            vat_status: m.vat_status,
            enterprise_number,
        },
    })
}

/// The organiser's trainers, by name.
pub async fn trainers(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<TrainerProfile>, StoreError> {
    trainer::Entity::find()
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .order_by_asc(trainer::Column::FullName)
        .order_by_asc(trainer::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_profile)
        .collect()
}

/// One of the organiser's trainers; `None` for anyone else's.
pub async fn trainer(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
) -> Result<Option<TrainerProfile>, StoreError> {
    trainer::Entity::find_by_id(trainer_id)
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?
        .map(to_profile)
        .transpose()
}

/// Keeps a trainer's payment details; `None` when the trainer is not the
/// organiser's, else what changed (in Dutch, as the audit log has it).
pub async fn save_payment_details(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
    details: &PaymentDetails,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>, StoreError> {
    let Some(before) = trainer(db, organiser_id, trainer_id).await? else { return Ok(None) };
    let changes = details.changes_from(&before.payment);
    if changes.is_empty() {
        return Ok(Some(changes));
    }
    trainer::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(trainer_id),
        street: Set(details.street.clone()),
        postcode: Set(details.postcode.clone()),
        city: Set(details.city.clone()),
        iban: Set(details.iban.as_ref().map(|i| i.as_str().to_string())),
        bic: Set(details.bic.as_ref().map(|b| b.as_str().to_string())),
        vat_status: Set(details.vat_status),
        enterprise_number: Set(details.enterprise_number.map(EnterpriseNumber::digits)),
        ..Default::default()
    }
    .update(db)
    .await?;
    let detail = format!("{}\n{}", before.full_name, changes.join(", "));
    crate::audit::record(db, organiser_id, person_id, ("trainer", trainer_id), "trainer.updated", detail, now).await?;
    Ok(Some(changes))
}

/// The organiser's own bank account (what its payment files pay from).
pub async fn bank_account(db: &impl ConnectionTrait, organiser_id: i32) -> Result<BankAccount, StoreError> {
    let Some(o) = organiser::Entity::find_by_id(organiser_id).one(db).await? else {
        return Ok(BankAccount::default());
    };
    // An IBAN typed before it was checked (the demo's, an old import) that no longer parses counts as none.
    Ok(BankAccount {
        iban: o.iban.as_deref().and_then(|i| Iban::parse(i).ok()),
        bic: o.bic.as_deref().and_then(|b| Bic::parse(b).ok()),
    })
}

pub async fn set_bank_account(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    account: &BankAccount,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    organiser::Entity::update_many()
        .col_expr(organiser::Column::Iban, Expr::value(account.iban.as_ref().map(|i| i.as_str().to_string())))
        .col_expr(organiser::Column::Bic, Expr::value(account.bic.as_ref().map(|b| b.as_str().to_string())))
        .filter(organiser::Column::Id.eq(organiser_id))
        .exec(db)
        .await?;
    let detail = format!(
        "{}\n{}",
        account.iban.as_ref().map_or_else(|| "–".to_string(), Iban::to_string),
        account.bic.as_ref().map_or("–", Bic::as_str)
    );
    crate::audit::record(db, organiser_id, person_id, ("organiser", organiser_id), "bank_account.updated", detail, now)
        .await
}

/// The organiser's events' titles, by id.
async fn event_titles(db: &impl ConnectionTrait, organiser_id: i32) -> Result<HashMap<i32, String>, StoreError> {
    Ok(event::Entity::find()
        .filter(event::Column::OrganiserId.eq(organiser_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect())
}

/// The organiser's approved cost lines, oldest first, each with what a
/// payment file would send or why it cannot yet.
pub async fn payable_lines(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<PayableLine>, StoreError> {
    let titles = event_titles(db, organiser_id).await?;
    let lines = cost_line::Entity::find()
        .filter(cost_line::Column::EventId.is_in(titles.keys().copied().collect::<Vec<_>>()))
        .filter(cost_line::Column::Status.eq(CostStatus::Approved))
        .order_by_asc(cost_line::Column::Id)
        .all(db)
        .await?;
    let trainers: HashMap<i32, TrainerProfile> =
        trainers(db, organiser_id).await?.into_iter().map(|t| (t.id, t)).collect();
    Ok(lines
        .into_iter()
        .map(|l| {
            let trainer = l.trainer_id.and_then(|id| trainers.get(&id));
            let amount = Money::from_cents(l.actual_cents.unwrap_or(0));
            let iban = trainer.and_then(|t| t.payment.iban.clone());
            let blocker = if amount.cents() <= 0 {
                Some(Blocker::NoAmount)
            } else if trainer.is_none() {
                Some(Blocker::NoTrainer)
            } else if iban.is_none() {
                Some(Blocker::NoIban)
            } else {
                None
            };
            PayableLine {
                line_id: l.id,
                event_id: l.event_id,
                event_title: titles.get(&l.event_id).cloned().unwrap_or_default(),
                description: l.description,
                amount,
                payee: trainer.map(|t| t.full_name.clone()).or(l.payee),
                trainer_id: trainer.map(|t| t.id),
                iban,
                bic: trainer.and_then(|t| t.payment.bic.clone()),
                blocker,
            }
        })
        .collect())
}

/// Why a payment file was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    /// The organiser has no (valid) IBAN of its own.
    NoAccount,
    NoLines,
    /// A chosen line is not one of the organiser's approved lines, or cannot be paid yet (its description).
    NotPayable(String),
    /// A chosen line went into another file (or was paid) meanwhile.
    Taken,
}

/// Makes one payment file of the organiser's approved `line_ids` and sends
/// those lines to the bank; the file's id. On a refusal nothing may be
/// committed (the caller drops the transaction).
pub async fn create_file(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    line_ids: &[i32],
    requested_execution_date: NaiveDate,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<i32, FileRefusal>, StoreError> {
    let Some(o) = organiser::Entity::find_by_id(organiser_id).one(db).await? else {
        return Ok(Err(FileRefusal::NoAccount));
    };
    let account = bank_account(db, organiser_id).await?;
    let Some(debtor_iban) = account.iban else { return Ok(Err(FileRefusal::NoAccount)) };
    let mut ids = line_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Err(FileRefusal::NoLines));
    }
    let payable: HashMap<i32, PayableLine> =
        payable_lines(db, organiser_id).await?.into_iter().map(|l| (l.line_id, l)).collect();
    let mut chosen = Vec::with_capacity(ids.len());
    for id in &ids {
        match payable.get(id) {
            Some(line) if line.blocker.is_none() => chosen.push(line.clone()),
            Some(line) => return Ok(Err(FileRefusal::NotPayable(line.description.clone()))),
            None => {
                // Not approved (any more): sent or paid meanwhile, or not the organiser's at all.
                let stored = cost_line::Entity::find_by_id(*id).one(db).await?;
                let titles = event_titles(db, organiser_id).await?;
                return Ok(Err(match stored {
                    Some(l) if titles.contains_key(&l.event_id) => match l.status {
                        CostStatus::SentToBank | CostStatus::Paid => FileRefusal::Taken,
                        _ => FileRefusal::NotPayable(l.description),
                    },
                    _ => FileRefusal::NotPayable(id.to_string()),
                }));
            }
        }
    }
    let total = chosen.iter().fold(Money::ZERO, |sum, l| sum + l.amount);
    // The lines go to the bank only if they are still approved: the guard against a second file at once.
    let sent = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(CostStatus::SentToBank))
        .filter(cost_line::Column::Id.is_in(ids.clone()))
        .filter(cost_line::Column::Status.eq(CostStatus::Approved))
        .exec(db)
        .await?;
    if sent.rows_affected != ids.len() as u64 {
        return Ok(Err(FileRefusal::Taken));
    }
    let created_at = to_local(now).naive_local();
    // A unique placeholder until the id is known (the message id contains it).
    let placeholder: String = format!("NEW-{:016x}", rand::random::<u64>());
    let file = payment_file::ActiveModel {
        organiser_id: Set(organiser_id),
        created_by: Set(Some(person_id)),
        created_at: Set(now),
        requested_execution_date: Set(requested_execution_date),
        msg_id: Set(placeholder),
        status: Set(PaymentFileStatus::Open),
        transaction_count: Set(chosen.len() as i32),
        total_cents: Set(total.cents()),
        xml: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut transfers = Vec::with_capacity(chosen.len());
    for line in &chosen {
        let (Some(iban), Some(payee)) = (line.iban.clone(), line.payee.clone()) else {
            return Ok(Err(FileRefusal::NotPayable(line.description.clone())));
        };
        let transfer = Transfer {
            end_to_end_id: sepa::end_to_end_id(line.line_id, file.id),
            amount: line.amount,
            creditor_name: payee,
            creditor_iban: iban,
            creditor_bic: line.bic.clone(),
            remittance: sepa::remittance(line.line_id, &line.description, &line.event_title),
        };
        payment_file_line::ActiveModel {
            file_id: Set(file.id),
            cost_line_id: Set(line.line_id),
            live_cost_line_id: Set(Some(line.line_id)),
            amount_cents: Set(transfer.amount.cents()),
            payee_name: Set(transfer.creditor_name.clone()),
            iban: Set(transfer.creditor_iban.as_str().to_string()),
            bic: Set(transfer.creditor_bic.as_ref().map(|b| b.as_str().to_string())),
            end_to_end_id: Set(transfer.end_to_end_id.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        transfers.push(transfer);
    }
    let document = PaymentFile {
        message_id: sepa::message_id(file.id, created_at),
        created_at,
        requested_execution_date,
        debtor: Debtor {
            name: o.name.clone(),
            iban: debtor_iban,
            bic: account.bic,
            enterprise_number: o.enterprise_number.as_deref().and_then(|n| EnterpriseNumber::parse(n).ok()),
        },
        transfers,
    };
    payment_file::Entity::update_many()
        .col_expr(payment_file::Column::MsgId, Expr::value(document.message_id.clone()))
        .col_expr(payment_file::Column::Xml, Expr::value(document.to_xml()))
        .filter(payment_file::Column::Id.eq(file.id))
        .exec(db)
        .await?;
    let detail = format!("{}\n{} ({} overschrijvingen)", document.message_id, total.display_nl(), chosen.len());
    crate::audit::record(db, organiser_id, person_id, ("payment_file", file.id), "payment_file.created", detail, now)
        .await?;
    Ok(Ok(file.id))
}

/// The organiser's payment files, newest first.
pub async fn files(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<FileSummary>, StoreError> {
    let files = payment_file::Entity::find()
        .filter(payment_file::Column::OrganiserId.eq(organiser_id))
        .order_by_desc(payment_file::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = files.iter().map(|f| f.id).collect();
    let lines = payment_file_line::Entity::find().filter(payment_file_line::Column::FileId.is_in(ids)).all(db).await?;
    let paid_lines: std::collections::HashSet<i32> = cost_line::Entity::find()
        .filter(cost_line::Column::Id.is_in(lines.iter().map(|l| l.cost_line_id).collect::<Vec<_>>()))
        .filter(cost_line::Column::Status.eq(CostStatus::Paid))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.id)
        .collect();
    let people: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(files.iter().filter_map(|f| f.created_by).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    Ok(files
        .into_iter()
        .map(|f| FileSummary {
            id: f.id,
            // A cancelled file's lines may be paid through a later file: only its own live lines count.
            paid: lines
                .iter()
                .filter(|l| l.file_id == f.id && l.live_cost_line_id.is_some() && paid_lines.contains(&l.cost_line_id))
                .count(),
            message_id: f.msg_id,
            created_at: to_local(f.created_at).naive_local(),
            created_by: f.created_by.and_then(|id| people.get(&id).cloned()),
            requested_execution_date: f.requested_execution_date,
            status: f.status,
            transactions: f.transaction_count,
            total: Money::from_cents(f.total_cents),
        })
        .collect())
}

/// A payment file's name and document, as it was made; `None` for another organiser's.
pub async fn file_xml(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    file_id: i32,
) -> Result<Option<(String, String)>, StoreError> {
    let file = payment_file::Entity::find_by_id(file_id)
        .filter(payment_file::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?;
    Ok(file.map(|f| (sepa::file_name(f.id, to_local(f.created_at).date_naive()), f.xml)))
}

/// What became of a request to cancel a payment file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancellation {
    /// Its lines are approved again.
    Cancelled,
    NotFound,
    AlreadyCancelled,
    /// One of its lines was paid: the file went through, at least partly.
    HasPaidLines,
}

/// Cancels an open payment file none of whose lines was paid. On anything
/// but [`Cancellation::Cancelled`] the caller must not commit.
pub async fn cancel_file(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    file_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Cancellation, StoreError> {
    let Some(file) = payment_file::Entity::find_by_id(file_id)
        .filter(payment_file::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?
    else {
        return Ok(Cancellation::NotFound);
    };
    if file.status == PaymentFileStatus::Cancelled {
        return Ok(Cancellation::AlreadyCancelled);
    }
    let lines: Vec<i32> = payment_file_line::Entity::find()
        .filter(payment_file_line::Column::FileId.eq(file_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.cost_line_id)
        .collect();
    // Back to approved only if none was paid (meanwhile, too): all or nothing.
    let returned = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(CostStatus::Approved))
        .filter(cost_line::Column::Id.is_in(lines.clone()))
        .filter(cost_line::Column::Status.eq(CostStatus::SentToBank))
        .exec(db)
        .await?;
    if returned.rows_affected != lines.len() as u64 {
        return Ok(Cancellation::HasPaidLines);
    }
    let cancelled = payment_file::Entity::update_many()
        .col_expr(payment_file::Column::Status, Expr::value(PaymentFileStatus::Cancelled))
        .col_expr(payment_file::Column::CancelledBy, Expr::value(person_id))
        .col_expr(payment_file::Column::CancelledAt, Expr::value(now))
        .filter(payment_file::Column::Id.eq(file_id))
        .filter(payment_file::Column::Status.eq(PaymentFileStatus::Open))
        .exec(db)
        .await?;
    if cancelled.rows_affected != 1 {
        return Ok(Cancellation::AlreadyCancelled);
    }
    payment_file_line::Entity::update_many()
        .col_expr(payment_file_line::Column::LiveCostLineId, Expr::value(Option::<i32>::None))
        .filter(payment_file_line::Column::FileId.eq(file_id))
        .exec(db)
        .await?;
    let detail = format!("{}\n{}", file.msg_id, Money::from_cents(file.total_cents).display_nl());
    crate::audit::record(db, organiser_id, person_id, ("payment_file", file_id), "payment_file.cancelled", detail, now)
        .await?;
    Ok(Cancellation::Cancelled)
}

/// What a bank statement's debit did to the line it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// The line (its id) is paid now.
    Settled(i32),
    /// No live file line of the organiser has that end-to-end id.
    Unknown,
    /// The debit's amount is not what the file sent.
    AmountDiffers { sent: Money },
    /// The line is paid already (the same statement imported twice).
    AlreadyPaid(i32),
}

/// The live line of one of the organiser's open payment files that a debit
/// with `end_to_end_id` pays, if any.
async fn live_file_line(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    end_to_end_id: &str,
) -> Result<Option<payment_file_line::Model>, StoreError> {
    let Some(line) = payment_file_line::Entity::find()
        .filter(payment_file_line::Column::EndToEndId.eq(end_to_end_id.trim()))
        .filter(payment_file_line::Column::LiveCostLineId.is_not_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let file = payment_file::Entity::find_by_id(line.file_id)
        .filter(payment_file::Column::OrganiserId.eq(organiser_id))
        .filter(payment_file::Column::Status.eq(PaymentFileStatus::Open))
        .one(db)
        .await?;
    Ok(file.map(|_| line))
}

/// What a bank statement's debit would do, for the import's preview: the
/// same outcome as [`settle_file_line_by_end_to_end_id`], changing nothing.
/// `amount` is what left the account (positive).
pub async fn match_debit(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    end_to_end_id: &str,
    amount: Money,
) -> Result<(Settlement, Option<String>), StoreError> {
    let Some(line) = live_file_line(db, organiser_id, end_to_end_id).await? else {
        return Ok((Settlement::Unknown, None));
    };
    if amount.cents() != line.amount_cents {
        return Ok((Settlement::AmountDiffers { sent: Money::from_cents(line.amount_cents) }, Some(line.payee_name)));
    }
    let status = cost_line::Entity::find_by_id(line.cost_line_id).one(db).await?.map(|c| c.status);
    let outcome = match status {
        Some(CostStatus::SentToBank) => Settlement::Settled(line.cost_line_id),
        _ => Settlement::AlreadyPaid(line.cost_line_id),
    };
    Ok((outcome, Some(line.payee_name)))
}

/// Marks the cost line that a payment file sent with `end_to_end_id` as paid
/// on `paid_at`, with the statement's `reference`, when the debit's `amount`
/// (positive: what left the account) is what the file sent. For the bank
/// statement import (CODA debits).
pub async fn settle_file_line_by_end_to_end_id(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    end_to_end_id: &str,
    amount: Money,
    paid_at: DateTime<Utc>,
    reference: &str,
    person_id: i32,
) -> Result<Settlement, StoreError> {
    let Some(line) = live_file_line(db, organiser_id, end_to_end_id).await? else {
        return Ok(Settlement::Unknown);
    };
    if amount.cents() != line.amount_cents {
        return Ok(Settlement::AmountDiffers { sent: Money::from_cents(line.amount_cents) });
    }
    let paid = cost_line::Entity::update_many()
        .col_expr(cost_line::Column::Status, Expr::value(CostStatus::Paid))
        .col_expr(cost_line::Column::PaidAt, Expr::value(paid_at))
        .col_expr(cost_line::Column::PayoutReference, Expr::value(reference))
        .filter(cost_line::Column::Id.eq(line.cost_line_id))
        .filter(cost_line::Column::Status.eq(CostStatus::SentToBank))
        .exec(db)
        .await?;
    if paid.rows_affected != 1 {
        return Ok(Settlement::AlreadyPaid(line.cost_line_id));
    }
    crate::ledger::record_payout(db, line.cost_line_id, Some(person_id), paid_at).await?;
    let detail = format!("{}\n{} ({reference})", line.payee_name, Money::from_cents(line.amount_cents).display_nl());
    crate::audit::record(
        db,
        organiser_id,
        person_id,
        ("cost_line", line.cost_line_id),
        "cost_line.settled",
        detail,
        paid_at,
    )
    .await?;
    Ok(Settlement::Settled(line.cost_line_id))
}

/// The name of one of the organiser's trainers; `None` for anyone else's
/// (the cost line form's choice of payee is checked with it).
pub async fn trainer_name(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    trainer_id: i32,
) -> Result<Option<String>, StoreError> {
    Ok(trainer::Entity::find_by_id(trainer_id)
        .filter(trainer::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?
        .map(|t| t.full_name))
}
