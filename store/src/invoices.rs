//! Invoices and credit notes. An order paid on invoice gets its invoice in the
//! transaction that confirms its seats; a cancelled seat gets a credit note in
//! the transaction that cancels it. Numbers come from `invoice_sequences`,
//! taken with one upsert inside that transaction: the row stays locked until
//! commit, a rolled-back transaction gives its number back, so the numbers of
//! an organiser, kind and year run 1, 2, 3… without gaps or repeats. Invoices
//! are never edited or deleted; only their status moves (open → paid or credited).

use crate::StoreError;
use crate::entities::{
    event, invoice, invoice_line, order, organisation, organiser, payment, registration, ticket_type,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::invoicing::{
    Address, Credited, Customer, DocumentKind, InvoiceDocument, InvoiceNumber, Line, Supplier, Totals, VatTreatment,
    payment_reference, rounding_to,
};
use domain::{EnterpriseNumber, Money, OgmReference};
use domain::{OrderStatus, PaymentKind, PaymentMethod, PaymentProvider, PaymentStatus, RegistrationStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// Days to pay an invoice.
pub const PAYMENT_TERM_DAYS: i64 = 30;

/// An issued invoice or credit note with its document (for the PDF and UBL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub id: i32,
    pub organiser_id: i32,
    pub order_id: i32,
    pub status: InvoiceStatus,
    pub paid_at: Option<DateTime<Utc>>,
    pub document: InvoiceDocument,
}

pub use domain::InvoiceStatus;

/// Takes the next number of the organiser's `kind` documents of `year`.
async fn next_number(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    kind: DocumentKind,
    year: i32,
) -> Result<i32, StoreError> {
    let table = Alias::new("invoice_sequences");
    let last = Alias::new("last_number");
    let stmt = Query::insert()
        .into_table(table.clone())
        .columns([Alias::new("organiser_id"), Alias::new("document_kind"), Alias::new("year"), last.clone()])
        .values([organiser_id.into(), kind.code().into(), year.into(), 1.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::columns([Alias::new("organiser_id"), Alias::new("document_kind"), Alias::new("year")])
                .value(last.clone(), Expr::col((table, last.clone())).add(1))
                .to_owned(),
        )
        .returning_col(last)
        .to_owned();
    let row = db.query_one(&stmt).await?.ok_or_else(|| DbErr::Custom("no invoice number returned".into()))?;
    Ok(row.try_get::<i32>("", "last_number")?)
}

fn supplier_of(o: &organiser::Model) -> Result<Option<(Supplier, VatTreatment)>, StoreError> {
    let Some(number) = o.enterprise_number.as_deref().and_then(|n| EnterpriseNumber::parse(n).ok()) else {
        return Ok(None);
    };
    let vat =
        VatTreatment::from_mode(&o.vat_mode).ok_or_else(|| StoreError::corrupt("organisers", o.id, "vat_mode"))?;
    Ok(Some((
        Supplier {
            name: o.name.clone(),
            enterprise_number: number,
            address: Address { street: o.street.clone(), postcode: o.postcode.clone(), city: o.city.clone() },
            iban: o.iban.clone(),
            email: o.email.clone(),
        },
        vat,
    )))
}

/// Registrations already on an invoice (`DocumentKind::Invoice`) or a credit note.
async fn billed_registrations(
    db: &impl ConnectionTrait,
    registration_ids: Vec<i32>,
    kind: DocumentKind,
) -> Result<HashMap<i32, invoice_line::Model>, StoreError> {
    let lines = invoice_line::Entity::find()
        .filter(invoice_line::Column::RegistrationId.is_in(registration_ids))
        .all(db)
        .await?;
    let invoices: HashSet<i32> = invoice::Entity::find()
        .filter(invoice::Column::Id.is_in(lines.iter().map(|l| l.invoice_id).collect::<Vec<_>>()))
        .filter(invoice::Column::DocumentKind.eq(kind.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    Ok(lines
        .into_iter()
        .filter(|l| invoices.contains(&l.invoice_id))
        .filter_map(|l| Some((l.registration_id?, l)))
        .collect())
}

/// Invoices the order's confirmed registrations that no invoice bills yet, if
/// the order is paid on invoice: at registration, and again when a waitlisted
/// attendee takes an offered seat. `None` when there is nothing to invoice (or
/// the organiser lacks the enterprise number an invoice needs). Run it in the
/// write transaction that confirmed the seats.
pub async fn issue_for_order(
    db: &impl ConnectionTrait,
    order_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Issued>, StoreError> {
    let Some(id) = issue_invoice(db, order_id, now).await? else { return Ok(None) };
    let Some(o) = order::Entity::find_by_id(order_id).one(db).await? else { return Ok(None) };
    document(db, o.organiser_id, id).await
}

/// [`issue_for_order`] without building the document: the new invoice's id.
pub async fn issue_invoice(
    db: &impl ConnectionTrait,
    order_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<i32>, StoreError> {
    let Some(o) = order::Entity::find_by_id(order_id).one(db).await? else { return Ok(None) };
    if o.payment_method != PaymentMethod::Invoice {
        return Ok(None);
    }
    let regs = registration::Entity::find()
        .filter(registration::Column::OrderId.eq(o.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let billed = billed_registrations(db, regs.iter().map(|r| r.id).collect(), DocumentKind::Invoice).await?;
    let regs: Vec<_> = regs.into_iter().filter(|r| !billed.contains_key(&r.id) && r.price_cents > 0).collect();
    if regs.is_empty() {
        return Ok(None);
    }
    let Some(org) = organiser::Entity::find_by_id(o.organiser_id).one(db).await? else { return Ok(None) };
    let Some((_, vat)) = supplier_of(&org)? else {
        tracing::warn!(organiser = org.id, order = o.id, "no invoice: the organiser has no valid enterprise number");
        return Ok(None);
    };
    let e = event::Entity::find_by_id(o.event_id).one(db).await?;
    let title = e.as_ref().map(|e| e.title.clone()).unwrap_or_default();
    let ticket_names: HashMap<i32, String> = ticket_type::Entity::find()
        .filter(ticket_type::Column::Id.is_in(regs.iter().map(|r| r.ticket_type_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let service_date = crate::schedule::first_start(db, o.event_id).await?.map(crate::time::local_date);

    // The customer as typed, with the address from the directory when we know the organisation.
    let customer_number =
        o.billing_enterprise_number.as_deref().and_then(|n| EnterpriseNumber::parse(n).ok()).map(|n| n.digits());
    let known = match (o.billing_organisation_id, customer_number.as_deref()) {
        (Some(id), _) => organisation::Entity::find_by_id(id).one(db).await?,
        (None, Some(number)) => {
            organisation::Entity::find().filter(organisation::Column::EnterpriseNumber.eq(number)).one(db).await?
        }
        (None, None) => None,
    };
    let customer_name = o
        .billing_name
        .clone()
        .or_else(|| known.as_ref().map(|k| k.name.clone()))
        .or_else(|| o.buyer_name.clone())
        .unwrap_or_default();

    let issue_date = crate::time::local_date(now);
    let year = issue_date.year();
    let number = next_number(db, o.organiser_id, DocumentKind::Invoice, year).await?;
    let ogm = payment_reference(o.organiser_id, year, number);
    let lines: Vec<Line> = regs
        .iter()
        .map(|r| {
            let ticket = ticket_names.get(&r.ticket_type_id).cloned().unwrap_or_default();
            let description = format!("{title} – {ticket} – {}", r.attendee_name);
            Line::at_price_incl_vat(description, 1, Money::from_cents(r.price_cents), vat)
        })
        .collect();
    // The invoice asks what the participants were shown.
    let shown = Money::from_cents(regs.iter().map(|r| r.price_cents).sum());
    let totals = Totals::of(vat, &lines, rounding_to(vat, &lines, shown));
    let inserted = invoice::ActiveModel {
        organiser_id: Set(o.organiser_id),
        order_id: Set(o.id),
        document_kind: Set(DocumentKind::Invoice.code().into()),
        year: Set(year),
        number: Set(number),
        credited_invoice_id: Set(None),
        ogm_reference: Set(ogm.map(|r| r.digits())),
        issue_date: Set(issue_date),
        due_date: Set(Some(issue_date + chrono::Duration::days(PAYMENT_TERM_DAYS))),
        service_date: Set(service_date),
        customer_name: Set(customer_name),
        customer_enterprise_number: Set(customer_number),
        customer_street: Set(known.as_ref().and_then(|k| k.street.clone())),
        customer_postcode: Set(known.as_ref().and_then(|k| k.postcode.clone())),
        customer_city: Set(known.as_ref().and_then(|k| k.city.clone())),
        customer_reference: Set(o.po_reference.clone()),
        vat_category: Set(vat.category().into()),
        vat_rate_basis_points: Set(i32::try_from(vat.rate_basis_points()).unwrap_or(0)),
        total_excl_cents: Set(totals.net.cents()),
        vat_cents: Set(totals.vat.cents()),
        total_incl_cents: Set(totals.gross.cents()),
        rounding_cents: Set(totals.rounding.cents()),
        status: Set(InvoiceStatus::Open),
        paid_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_lines(db, inserted.id, regs.iter().map(|r| r.id).zip(&lines)).await?;
    crate::ledger::record_invoice(db, inserted.id, None, now).await?;
    Ok(Some(inserted.id))
}

/// Records that an invoice was paid in full by bank transfer at `at` (the demo
/// data's past invoices, `leernet-demo`).
pub async fn settle_by_transfer(
    db: &impl ConnectionTrait,
    invoice_id: i32,
    reference: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let Some(i) = invoice::Entity::find_by_id(invoice_id).one(db).await? else { return Ok(()) };
    record_payment(db, &i, PaymentProvider::BankTransfer, &format!("demo-{reference}"), i.due(), (None, at)).await?;
    Ok(())
}

async fn insert_lines<'a>(
    db: &impl ConnectionTrait,
    invoice_id: i32,
    lines: impl Iterator<Item = (i32, &'a Line)>,
) -> Result<(), StoreError> {
    for (position, (registration_id, line)) in lines.enumerate() {
        invoice_line::ActiveModel {
            invoice_id: Set(invoice_id),
            position: Set(i32::try_from(position + 1).unwrap_or(i32::MAX)),
            description: Set(line.description.clone()),
            quantity: Set(i32::try_from(line.quantity).unwrap_or(1)),
            unit_price_cents: Set(line.unit_price.cents()),
            line_total_cents: Set(line.net().cents()),
            registration_id: Set(Some(registration_id)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Credits the invoice line of a cancelled registration with a credit note of
/// its own number. `None` when the registration was never invoiced or is
/// credited already. An open invoice whose lines are all credited becomes
/// 'credited'. Run it in the transaction that cancels the registration.
///
/// The credit note gives back the price shown for the registration; the one
/// that credits an invoice's last line gives back what its other credit notes
/// left of the invoice's amount due. So an invoice's credit notes add up to it
/// exactly (also one issued before invoices asked the prices shown), and the
/// credit note of a one-line invoice mirrors it: same lines, same rounding.
pub async fn credit_for_registration(
    db: &impl ConnectionTrait,
    registration_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<Issued>, StoreError> {
    let Some(line) =
        billed_registrations(db, vec![registration_id], DocumentKind::Invoice).await?.remove(&registration_id)
    else {
        return Ok(None);
    };
    if !billed_registrations(db, vec![registration_id], DocumentKind::CreditNote).await?.is_empty() {
        return Ok(None);
    }
    let Some(credited) = invoice::Entity::find_by_id(line.invoice_id).one(db).await? else { return Ok(None) };
    let vat = VatTreatment::from_stored(&credited.vat_category, credited.vat_rate_basis_points)
        .ok_or_else(|| StoreError::corrupt("invoices", credited.id, "vat category"))?;
    let issue_date = crate::time::local_date(now);
    let year = issue_date.year();
    let number = next_number(db, credited.organiser_id, DocumentKind::CreditNote, year).await?;
    let lines = vec![Line {
        description: line.description.clone(),
        quantity: u32::try_from(line.quantity).unwrap_or(1),
        unit_price: Money::from_cents(line.unit_price_cents),
    }];
    let rounding = match credit_due(db, &credited, registration_id, &line).await? {
        Some(due) => rounding_to(vat, &lines, due),
        None => Money::ZERO,
    };
    let totals = Totals::of(vat, &lines, rounding);
    let inserted = invoice::ActiveModel {
        organiser_id: Set(credited.organiser_id),
        order_id: Set(credited.order_id),
        document_kind: Set(DocumentKind::CreditNote.code().into()),
        year: Set(year),
        number: Set(number),
        credited_invoice_id: Set(Some(credited.id)),
        ogm_reference: Set(None),
        issue_date: Set(issue_date),
        due_date: Set(None),
        service_date: Set(credited.service_date),
        customer_name: Set(credited.customer_name.clone()),
        customer_enterprise_number: Set(credited.customer_enterprise_number.clone()),
        customer_street: Set(credited.customer_street.clone()),
        customer_postcode: Set(credited.customer_postcode.clone()),
        customer_city: Set(credited.customer_city.clone()),
        customer_reference: Set(credited.customer_reference.clone()),
        vat_category: Set(credited.vat_category.clone()),
        vat_rate_basis_points: Set(credited.vat_rate_basis_points),
        total_excl_cents: Set(totals.net.cents()),
        vat_cents: Set(totals.vat.cents()),
        total_incl_cents: Set(totals.gross.cents()),
        rounding_cents: Set(totals.rounding.cents()),
        // A credit note settles nothing by itself: it lowers what its invoice asks.
        status: Set(InvoiceStatus::Open),
        paid_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    insert_lines(db, inserted.id, std::iter::once(registration_id).zip(&lines)).await?;
    crate::ledger::record_invoice(db, inserted.id, None, now).await?;
    // Fully credited and unpaid: nothing is owed any more.
    let all_lines: Vec<i32> = invoice_line::Entity::find()
        .filter(invoice_line::Column::InvoiceId.eq(credited.id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| l.registration_id)
        .collect();
    let credited_lines = billed_registrations(db, all_lines.clone(), DocumentKind::CreditNote).await?;
    if credited_lines.len() == all_lines.len() {
        invoice::Entity::update_many()
            .col_expr(invoice::Column::Status, Expr::value(InvoiceStatus::Credited))
            .filter(invoice::Column::Id.eq(credited.id))
            .filter(invoice::Column::Status.eq(InvoiceStatus::Open))
            .exec(db)
            .await?;
    }
    document(db, credited.organiser_id, inserted.id).await
}

/// What the credit note for `registration_id`'s invoice `line` gives back (its
/// amount due): the rest of the invoice's amount due when it credits the last
/// line not credited yet, the price shown for the registration otherwise
/// (`None` when the registration is gone: then the line's total with VAT).
async fn credit_due(
    db: &impl ConnectionTrait,
    credited: &invoice::Model,
    registration_id: i32,
    line: &invoice_line::Model,
) -> Result<Option<Money>, StoreError> {
    let others: Vec<i32> = invoice_line::Entity::find()
        .filter(invoice_line::Column::InvoiceId.eq(credited.id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|l| l.registration_id)
        .filter(|id| *id != registration_id)
        .collect();
    let earlier = billed_registrations(db, others.clone(), DocumentKind::CreditNote).await?;
    if earlier.len() == others.len() {
        let notes: HashSet<i32> = earlier.values().map(|l| l.invoice_id).collect();
        let given_back: Money = invoice::Entity::find()
            .filter(invoice::Column::Id.is_in(notes))
            .filter(invoice::Column::CreditedInvoiceId.eq(credited.id))
            .all(db)
            .await?
            .iter()
            .map(invoice::Model::due)
            .sum();
        return Ok(Some(credited.due() - given_back));
    }
    let shown = registration::Entity::find_by_id(registration_id).one(db).await?;
    Ok(shown.map(|r| Money::from_cents(r.price_cents) * u32::try_from(line.quantity).unwrap_or(1)))
}

/// The document behind one of the organiser's invoices or credit notes; `None`
/// for another organiser's id (or an organiser without an enterprise number).
pub async fn document(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    invoice_id: i32,
) -> Result<Option<Issued>, StoreError> {
    let Some(i) =
        invoice::Entity::find_by_id(invoice_id).filter(invoice::Column::OrganiserId.eq(organiser_id)).one(db).await?
    else {
        return Ok(None);
    };
    let Some(org) = organiser::Entity::find_by_id(organiser_id).one(db).await? else { return Ok(None) };
    let Some((supplier, _)) = supplier_of(&org)? else { return Ok(None) };
    let kind = DocumentKind::parse(&i.document_kind).ok_or_else(|| StoreError::corrupt("invoices", i.id, "kind"))?;
    let vat = VatTreatment::from_stored(&i.vat_category, i.vat_rate_basis_points)
        .ok_or_else(|| StoreError::corrupt("invoices", i.id, "vat category"))?;
    let o = order::Entity::find_by_id(i.order_id).one(db).await?;
    let lines = invoice_line::Entity::find()
        .filter(invoice_line::Column::InvoiceId.eq(i.id))
        .order_by_asc(invoice_line::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|l| Line {
            description: l.description,
            quantity: u32::try_from(l.quantity).unwrap_or(1),
            unit_price: Money::from_cents(l.unit_price_cents),
        })
        .collect();
    let credited = match i.credited_invoice_id {
        Some(id) => invoice::Entity::find_by_id(id).one(db).await?.map(|c| Credited {
            number: InvoiceNumber { kind: DocumentKind::Invoice, year: c.year, number: c.number },
            issue_date: c.issue_date,
        }),
        None => None,
    };
    Ok(Some(Issued {
        id: i.id,
        organiser_id,
        order_id: i.order_id,
        status: i.status,
        paid_at: i.paid_at,
        document: InvoiceDocument {
            number: InvoiceNumber { kind, year: i.year, number: i.number },
            issue_date: i.issue_date,
            due_date: i.due_date,
            service_date: i.service_date,
            supplier,
            customer: Customer {
                name: i.customer_name,
                enterprise_number: i
                    .customer_enterprise_number
                    .as_deref()
                    .and_then(|n| EnterpriseNumber::parse(n).ok()),
                address: Address { street: i.customer_street, postcode: i.customer_postcode, city: i.customer_city },
                email: o.as_ref().and_then(|o| o.buyer_email.clone()),
            },
            vat,
            lines,
            payment_reference: i.ogm_reference.as_deref().and_then(|r| OgmReference::parse(r).ok()),
            purchase_order: i.customer_reference,
            order_reference: o.map(|o| o.reference).unwrap_or_default(),
            credited,
            rounding: Money::from_cents(i.rounding_cents),
        },
    }))
}

/// One row of the back office's invoice list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRow {
    pub id: i32,
    pub number: InvoiceNumber,
    pub issue_date: NaiveDate,
    pub customer: String,
    pub total: Money,
    /// What is still to be paid (invoices: total less credit notes and payments).
    pub outstanding: Money,
    pub status: InvoiceStatus,
    pub ogm: Option<OgmReference>,
}

/// The organiser's invoices and credit notes, newest first; `status` filters.
pub async fn list(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    status: Option<InvoiceStatus>,
) -> Result<Vec<InvoiceRow>, StoreError> {
    let mut query = invoice::Entity::find().filter(invoice::Column::OrganiserId.eq(organiser_id));
    if let Some(status) = status {
        query = query
            .filter(invoice::Column::Status.eq(status))
            .filter(invoice::Column::DocumentKind.eq(DocumentKind::Invoice.code()));
    }
    let rows = query.order_by_desc(invoice::Column::IssueDate).order_by_desc(invoice::Column::Id).all(db).await?;
    let outstanding = outstanding_of(db, organiser_id).await?;
    rows.into_iter()
        .map(|i| {
            let kind =
                DocumentKind::parse(&i.document_kind).ok_or_else(|| StoreError::corrupt("invoices", i.id, "kind"))?;
            Ok(InvoiceRow {
                id: i.id,
                number: InvoiceNumber { kind, year: i.year, number: i.number },
                issue_date: i.issue_date,
                total: i.due(),
                customer: i.customer_name,
                outstanding: outstanding.get(&i.id).copied().unwrap_or(Money::ZERO),
                status: i.status,
                ogm: i.ogm_reference.as_deref().and_then(|r| OgmReference::parse(r).ok()),
            })
        })
        .collect()
}

/// What each open invoice of the organiser still asks: its total less its
/// credit notes and the payments received for it.
async fn outstanding_of(db: &impl ConnectionTrait, organiser_id: i32) -> Result<HashMap<i32, Money>, StoreError> {
    let all = invoice::Entity::find().filter(invoice::Column::OrganiserId.eq(organiser_id)).all(db).await?;
    let mut due: HashMap<i32, i64> = all
        .iter()
        .filter(|i| i.document_kind == DocumentKind::Invoice.code() && i.status == InvoiceStatus::Open)
        .map(|i| (i.id, i.due().cents()))
        .collect();
    for note in all.iter().filter(|i| i.document_kind == DocumentKind::CreditNote.code()) {
        if let Some(amount) = note.credited_invoice_id.and_then(|id| due.get_mut(&id)) {
            *amount -= note.due().cents();
        }
    }
    for p in payment::Entity::find()
        .filter(payment::Column::InvoiceId.is_in(due.keys().copied().collect::<Vec<_>>()))
        .filter(payment::Column::Kind.eq(PaymentKind::Payment))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .all(db)
        .await?
    {
        if let Some(amount) = p.invoice_id.and_then(|id| due.get_mut(&id)) {
            *amount -= p.amount_cents;
        }
    }
    Ok(due.into_iter().map(|(id, cents)| (id, Money::from_cents(Ord::max(cents, 0)))).collect())
}

/// Records a payment of an open invoice; the invoice is 'paid' once nothing
/// is outstanding. `Ok(false)` when the reference was recorded before (the
/// same bank line imported twice) or the invoice is not open. The ledger gets
/// the payment, with who recorded it (`None`: no person did).
async fn record_payment(
    db: &impl ConnectionTrait,
    i: &invoice::Model,
    provider: PaymentProvider,
    reference: &str,
    amount: Money,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<bool, StoreError> {
    if i.status != InvoiceStatus::Open || amount.cents() <= 0 {
        return Ok(false);
    }
    let seen = payment::Entity::find()
        .filter(payment::Column::Provider.eq(provider))
        .filter(payment::Column::Kind.eq(PaymentKind::Payment))
        .filter(payment::Column::ProviderReference.eq(reference))
        .one(db)
        .await?;
    if seen.is_some() {
        return Ok(false);
    }
    let paid = payment::ActiveModel {
        order_id: Set(i.order_id),
        provider: Set(provider),
        kind: Set(PaymentKind::Payment),
        provider_reference: Set(Some(reference.into())),
        amount_cents: Set(amount.cents()),
        status: Set(PaymentStatus::Succeeded),
        settled_at: Set(Some(now)),
        created_at: Set(now),
        invoice_id: Set(Some(i.id)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::ledger::record_payment(db, paid.id, actor, now).await?;
    let left = outstanding_of(db, i.organiser_id).await?.get(&i.id).copied().unwrap_or(Money::ZERO);
    if left.cents() <= 0 {
        invoice::Entity::update_many()
            .col_expr(invoice::Column::Status, Expr::value(InvoiceStatus::Paid))
            .col_expr(invoice::Column::PaidAt, Expr::value(now))
            .filter(invoice::Column::Id.eq(i.id))
            .filter(invoice::Column::Status.eq(InvoiceStatus::Open))
            .exec(db)
            .await?;
        // The order is settled once none of its invoices is open.
        let open = invoice::Entity::find()
            .filter(invoice::Column::OrderId.eq(i.order_id))
            .filter(invoice::Column::DocumentKind.eq(DocumentKind::Invoice.code()))
            .filter(invoice::Column::Status.eq(InvoiceStatus::Open))
            .one(db)
            .await?;
        if open.is_none() {
            order::Entity::update_many()
                .col_expr(order::Column::Status, Expr::value(OrderStatus::Paid))
                .col_expr(order::Column::UpdatedAt, Expr::value(now))
                .filter(order::Column::Id.eq(i.order_id))
                .filter(order::Column::Status.eq(OrderStatus::Pending))
                .exec(db)
                .await?;
        }
    }
    Ok(true)
}

/// Staff mark an open invoice paid by hand (for what is outstanding), with an
/// audit entry. `None` for an unknown id or another organiser's; `Some(false)`
/// when it was not open. Run in a write transaction.
pub async fn mark_paid(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    invoice_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<bool>, StoreError> {
    let Some(i) = invoice::Entity::find_by_id(invoice_id)
        .filter(invoice::Column::OrganiserId.eq(organiser_id))
        .filter(invoice::Column::DocumentKind.eq(DocumentKind::Invoice.code()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let left = outstanding_of(db, organiser_id).await?.get(&i.id).copied().unwrap_or(Money::ZERO);
    let done = if left.cents() > 0 {
        record_payment(
            db,
            &i,
            PaymentProvider::Manual,
            &format!("manual-{}-{}", i.id, now.timestamp_millis()),
            left,
            (Some(person_id), now),
        )
        .await?
    } else {
        false
    };
    if !done {
        return Ok(Some(false));
    }
    crate::audit::record(
        db,
        organiser_id,
        person_id,
        ("invoice", i.id),
        "mark_paid",
        InvoiceNumber { kind: DocumentKind::Invoice, year: i.year, number: i.number }.to_string(),
        now,
    )
    .await?;
    Ok(Some(true))
}

/// How a bank statement line relates to the organiser's invoices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineMatch {
    /// An open invoice, asking exactly this amount.
    Exact { invoice_id: i32, number: InvoiceNumber },
    /// An open invoice, asking another amount (`outstanding`).
    OtherAmount { invoice_id: i32, number: InvoiceNumber, outstanding: Money },
    /// The invoice is no longer open (paid or credited).
    NotOpen { invoice_id: i32, number: InvoiceNumber },
    /// This line was imported before.
    AlreadyImported { invoice_id: Option<i32> },
    /// Money going out: it settles no invoice (payouts will match it later).
    Outgoing,
    /// No structured communication, or none of ours.
    Unknown,
}

/// Matches statement lines to the organiser's invoices by structured
/// communication; only credits can match. A line counts as imported when a
/// bank payment carries its reference, or its earlier reference for the same
/// invoice (what the first CODA reader called a globalised movement's details).
pub async fn match_statement(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    lines: &[domain::bank::StatementLine],
) -> Result<Vec<LineMatch>, StoreError> {
    let invoices: HashMap<String, invoice::Model> = invoice::Entity::find()
        .filter(invoice::Column::OrganiserId.eq(organiser_id))
        .filter(invoice::Column::DocumentKind.eq(DocumentKind::Invoice.code()))
        .filter(invoice::Column::OgmReference.is_in(
            lines.iter().filter(|l| l.is_credit()).filter_map(|l| l.ogm.map(|o| o.digits())).collect::<Vec<_>>(),
        ))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|i| Some((i.ogm_reference.clone()?, i)))
        .collect();
    let imported: HashMap<String, Option<i32>> = payment::Entity::find()
        .filter(payment::Column::Provider.eq(PaymentProvider::BankTransfer))
        .filter(
            payment::Column::ProviderReference.is_in(
                lines
                    .iter()
                    .flat_map(|l| std::iter::once(l.reference.clone()).chain(l.earlier_reference.clone()))
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.provider_reference?, p.invoice_id)))
        .collect();
    let outstanding = outstanding_of(db, organiser_id).await?;
    Ok(lines
        .iter()
        .map(|l| {
            if !l.is_credit() {
                return LineMatch::Outgoing;
            }
            let Some(i) = l.ogm.and_then(|o| invoices.get(&o.digits())) else { return LineMatch::Unknown };
            if let Some(invoice_id) = imported.get(&l.reference) {
                return LineMatch::AlreadyImported { invoice_id: *invoice_id };
            }
            if let Some(earlier) = l.earlier_reference.as_ref().and_then(|r| imported.get(r))
                && *earlier == Some(i.id)
            {
                return LineMatch::AlreadyImported { invoice_id: *earlier };
            }
            let number = InvoiceNumber { kind: DocumentKind::Invoice, year: i.year, number: i.number };
            match outstanding.get(&i.id) {
                None => LineMatch::NotOpen { invoice_id: i.id, number },
                Some(due) if *due == l.amount => LineMatch::Exact { invoice_id: i.id, number },
                Some(due) => LineMatch::OtherAmount { invoice_id: i.id, number, outstanding: *due },
            }
        })
        .collect())
}

/// Books the statement's lines that match an open invoice (exactly or not) as
/// bank transfers; a line imported before is skipped, so importing the same
/// statement twice changes nothing. Returns how many payments were recorded.
pub async fn apply_statement(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    lines: &[domain::bank::StatementLine],
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let matches = match_statement(db, organiser_id, lines).await?;
    let mut recorded = 0;
    for (line, m) in lines.iter().zip(matches) {
        let invoice_id = match m {
            LineMatch::Exact { invoice_id, .. } | LineMatch::OtherAmount { invoice_id, .. } => invoice_id,
            LineMatch::Outgoing => {
                if settle_debit(db, organiser_id, line, person_id, now).await? {
                    recorded += 1;
                }
                continue;
            }
            _ => continue,
        };
        let Some(i) = invoice::Entity::find_by_id(invoice_id).one(db).await? else { continue };
        if record_payment(db, &i, PaymentProvider::BankTransfer, &line.reference, line.amount, (Some(person_id), now))
            .await?
        {
            recorded += 1;
            let number = InvoiceNumber { kind: DocumentKind::Invoice, year: i.year, number: i.number };
            crate::audit::record(
                db,
                organiser_id,
                person_id,
                ("invoice", i.id),
                "bank_payment",
                format!("{number}: {}", line.amount.display_nl()),
                now,
            )
            .await?;
        }
    }
    Ok(recorded)
}

/// A debit that pays a line of one of the organiser's payment files marks
/// that cost line paid (on the statement's date, with its reference).
async fn settle_debit(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    line: &domain::bank::StatementLine,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(end_to_end) = line.end_to_end.as_deref() else { return Ok(false) };
    let paid_at = line.date.and_then(|d| d.and_hms_opt(12, 0, 0)).map(|d| d.and_utc()).unwrap_or(now);
    let outcome = crate::payouts::settle_file_line_by_end_to_end_id(
        db,
        organiser_id,
        end_to_end,
        Money::from_cents(-line.amount.cents()),
        paid_at,
        &line.reference,
        person_id,
    )
    .await?;
    Ok(matches!(outcome, crate::payouts::Settlement::Settled(_)))
}

/// The back office's list.
pub async fn list_view(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: domain::listing::OrganiserRef,
    filter: Option<InvoiceStatus>,
) -> Result<domain::invoicing::InvoiceList, StoreError> {
    let rows = list(db, organiser_id, filter)
        .await?
        .into_iter()
        .map(|r| domain::invoicing::InvoiceListItem {
            id: r.id,
            number: r.number.to_string(),
            credit_note: r.number.kind == DocumentKind::CreditNote,
            issue_date: r.issue_date,
            customer: r.customer,
            total: r.total,
            outstanding: r.outstanding,
            status: r.status,
            payment_reference: r.ogm.map(|o| o.to_string()),
        })
        .collect();
    Ok(domain::invoicing::InvoiceList { organiser, filter, rows })
}

/// One invoice for the back office; `None` for another organiser's id.
pub async fn detail_view(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser: domain::listing::OrganiserRef,
    invoice_id: i32,
    csrf_token: String,
) -> Result<Option<domain::invoicing::InvoiceDetail>, StoreError> {
    let Some(issued) = document(db, organiser_id, invoice_id).await? else { return Ok(None) };
    let d = &issued.document;
    let totals = d.totals();
    let outstanding = outstanding_of(db, organiser_id).await?.get(&issued.id).copied().unwrap_or(Money::ZERO);
    Ok(Some(domain::invoicing::InvoiceDetail {
        organiser,
        id: issued.id,
        number: d.number.to_string(),
        credit_note: d.kind() == DocumentKind::CreditNote,
        status: issued.status,
        issue_date: d.issue_date,
        due_date: d.due_date,
        service_date: d.service_date,
        customer: d.customer.name.clone(),
        customer_enterprise_number: d.customer.enterprise_number.map(|n| n.to_string()),
        purchase_order: d.purchase_order.clone(),
        order_reference: d.order_reference.clone(),
        credited: d.credited.map(|c| c.number.to_string()),
        vat_percent: match d.vat {
            VatTreatment::Standard { .. } => Some(d.vat.percent()),
            VatTreatment::Exempt => None,
        },
        lines: d
            .lines
            .iter()
            .map(|l| domain::invoicing::InvoiceLineView {
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                net: l.net(),
            })
            .collect(),
        net: totals.net,
        vat: totals.vat,
        gross: totals.gross,
        rounding: totals.rounding,
        due: totals.due,
        outstanding,
        payment_reference: d.payment_reference.map(|o| o.to_string()),
        paid_at: issued.paid_at.map(crate::time::to_local),
        csrf_token,
    }))
}

/// What importing `lines` would do, line by line.
pub async fn preview_statement(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    lines: &[domain::bank::StatementLine],
) -> Result<Vec<domain::invoicing::StatementPreviewRow>, StoreError> {
    let matches = match_statement(db, organiser_id, lines).await?;
    let mut payouts = Vec::with_capacity(lines.len());
    for (l, m) in lines.iter().zip(&matches) {
        payouts.push(match (m, l.end_to_end.as_deref()) {
            (LineMatch::Outgoing, Some(end_to_end)) => Some(
                crate::payouts::match_debit(db, organiser_id, end_to_end, Money::from_cents(-l.amount.cents())).await?,
            ),
            _ => None,
        });
    }
    Ok(lines
        .iter()
        .zip(matches)
        .zip(payouts)
        .map(|((l, m), payout)| {
            use crate::payouts::Settlement;
            let payee = payout.as_ref().and_then(|(_, payee)| payee.clone());
            let (invoice_id, invoice_number, outcome, open_amount, books) = match (m, payout.map(|(s, _)| s)) {
                (LineMatch::Outgoing, Some(Settlement::Settled(_))) => (None, None, "payout", None, true),
                (LineMatch::Outgoing, Some(Settlement::AlreadyPaid(_))) => (None, None, "payout_paid", None, false),
                (LineMatch::Outgoing, Some(Settlement::AmountDiffers { sent })) => {
                    (None, None, "payout_other_amount", Some(sent), false)
                }
                (m, _) => match m {
                    LineMatch::Exact { invoice_id, number } => {
                        (Some(invoice_id), Some(number.to_string()), "exact", None, true)
                    }
                    LineMatch::OtherAmount { invoice_id, number, outstanding } => {
                        (Some(invoice_id), Some(number.to_string()), "other_amount", Some(outstanding), true)
                    }
                    LineMatch::NotOpen { invoice_id, number } => {
                        (Some(invoice_id), Some(number.to_string()), "not_open", None, false)
                    }
                    LineMatch::AlreadyImported { invoice_id } => (invoice_id, None, "imported", None, false),
                    LineMatch::Unknown => (None, None, "unknown", None, false),
                    LineMatch::Outgoing => (None, None, "outgoing", None, false),
                },
            };
            domain::invoicing::StatementPreviewRow {
                payee,
                date: l.date,
                amount: l.amount,
                counterparty: l.counterparty.clone(),
                communication: l.communication.clone(),
                information: l.information.clone(),
                original: l.original.clone(),
                invoice_id,
                invoice_number,
                outcome: outcome.into(),
                open_amount,
                books,
            }
        })
        .collect())
}

/// The invoice that bills the registration behind ticket `code`, if any.
pub async fn invoice_of_ticket(db: &impl ConnectionTrait, code: &str) -> Result<Option<Issued>, StoreError> {
    use crate::entities::ticket;
    let Some(t) = ticket::Entity::find().filter(ticket::Column::Code.eq(code)).one(db).await? else { return Ok(None) };
    let Some(line) =
        billed_registrations(db, vec![t.registration_id], DocumentKind::Invoice).await?.remove(&t.registration_id)
    else {
        return Ok(None);
    };
    let Some(i) = invoice::Entity::find_by_id(line.invoice_id).one(db).await? else { return Ok(None) };
    document(db, i.organiser_id, i.id).await
}
