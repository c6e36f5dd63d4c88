//! An organiser's partner organisations. The directory of organisations is
//! shared by all organisers; an organiser sees and changes only those linked
//! to it by a partnership. Every function takes the organiser's id, which the
//! edge has already checked against the viewer's roles.
//!
//! An organisation's identity (name, kind, number, address) is changed by an
//! organiser only while it is its partner alone; otherwise its changes fill
//! in empty fields and the rest waits as a proposal for the platform admin
//! (`domain::partners::ownership`). What an organiser keeps for itself
//! (contact person, e-mail address, telephone, notes) lives on its link.

use crate::StoreError;
use crate::entities::{
    event, municipality, organisation, organisation_proposal, organiser, partnership, person, registration,
};
use crate::time::{local_date, to_local};
use chrono::{DateTime, Utc};
use domain::forms::{FieldErrors, Message};
use domain::i18n::Locale;
use domain::partners::ownership::{ProposalView, ProposedField};
use domain::partners::{
    Action, Decision, DirectoryEntry, Identity, IdentityChanges, ImportCounts, ImportError, ImportPlan, LinkDetails,
    Municipality, MunicipalityIndex, PartnerEdit, PartnerListRow, decide, field, parse_csv, plan_import,
};
use domain::{EnterpriseNumber, OrganisationKind};
use domain::{ProposalStatus, RegistrationStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, SqlErr,
};
use std::collections::{HashMap, HashSet};

/// The Flemish municipalities, to look up by name or NIS code.
pub async fn municipalities(db: &impl ConnectionTrait) -> Result<MunicipalityIndex, StoreError> {
    let all = municipality::Entity::find().all(db).await?;
    Ok(MunicipalityIndex::new(all.into_iter().map(|m| Municipality { nis_code: m.nis_code, name: m.name_nl })))
}

/// The organisers linked to an organisation.
async fn linked_organisers(db: &impl ConnectionTrait, organisation_id: i32) -> Result<Vec<i32>, StoreError> {
    Ok(partnership::Entity::find()
        .filter(partnership::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.organiser_id)
        .collect())
}

fn link_details(p: &partnership::Model) -> LinkDetails {
    LinkDetails {
        contact_name: p.contact_name.clone(),
        contact_email: p.contact_email.clone(),
        contact_phone: p.contact_phone.clone(),
        notes: p.notes.clone(),
    }
}

fn identity(m: &organisation::Model) -> Result<Identity, StoreError> {
    let corrupt = |reason: String| StoreError::corrupt("organisations", m.id, reason);
    let kind = OrganisationKind::from_code(&m.kind).map_err(|e| corrupt(e.to_string()))?;
    let enterprise_number =
        m.enterprise_number.as_deref().map(EnterpriseNumber::parse).transpose().map_err(|e| corrupt(e.to_string()))?;
    Ok(Identity {
        name: m.name.clone(),
        kind,
        enterprise_number,
        street: m.street.clone(),
        postcode: m.postcode.clone(),
        city: m.city.clone(),
        municipality_nis: m.municipality_nis,
    })
}

fn entry(
    m: &organisation::Model,
    own: Option<&partnership::Model>,
    shared: bool,
    pending: IdentityChanges,
) -> Result<DirectoryEntry, StoreError> {
    let Identity { name, kind, enterprise_number, street, postcode, city, municipality_nis } = identity(m)?;
    Ok(DirectoryEntry {
        id: m.id,
        name,
        kind,
        enterprise_number,
        street,
        postcode,
        city,
        municipality_nis,
        partner: own.is_some(),
        shared,
        link: own.map(link_details).unwrap_or_default(),
        pending,
    })
}

fn changes_of(p: &organisation_proposal::Model) -> Result<IdentityChanges, StoreError> {
    serde_json::from_str(&p.changes).map_err(|e| StoreError::corrupt("organisation_proposals", p.id, e))
}

/// The organiser's pending proposals, by organisation.
async fn own_pending(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: Option<i32>,
) -> Result<HashMap<i32, IdentityChanges>, StoreError> {
    let mut query = organisation_proposal::Entity::find()
        .filter(organisation_proposal::Column::OrganiserId.eq(organiser_id))
        .filter(organisation_proposal::Column::Status.eq(ProposalStatus::Pending));
    if let Some(id) = organisation_id {
        query = query.filter(organisation_proposal::Column::OrganisationId.eq(id));
    }
    query.all(db).await?.iter().map(|p| Ok((p.organisation_id, changes_of(p)?))).collect()
}

/// The organiser's partners by name, with their municipality and how many
/// people and registrations (for this organiser's events) they have.
pub async fn partners(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<PartnerListRow>, StoreError> {
    let links: HashMap<i32, partnership::Model> = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(organiser_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.organisation_id, p))
        .collect();
    let ids: Vec<i32> = links.keys().copied().collect();
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids.clone()))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = municipality::Entity::find()
        .filter(municipality::Column::NisCode.is_in(orgs.iter().filter_map(|o| o.municipality_nis)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.nis_code, m.name_nl))
        .collect();
    let people: HashMap<Option<i32>, i64> = person::Entity::find()
        .select_only()
        .column(person::Column::OrganisationId)
        .column_as(person::Column::Id.count(), "n")
        .filter(person::Column::OrganisationId.is_in(ids.clone()))
        .filter(person::Column::AnonymisedAt.is_null())
        .group_by(person::Column::OrganisationId)
        .into_tuple::<(Option<i32>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let own_events = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .filter(event::Column::OrganiserId.eq(organiser_id));
    let registrations: HashMap<Option<i32>, i64> = registration::Entity::find()
        .select_only()
        .column(registration::Column::OrganisationId)
        .column_as(registration::Column::Id.count(), "n")
        .filter(registration::Column::OrganisationId.is_in(ids))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .filter(registration::Column::EventId.in_subquery(own_events.into_query()))
        .group_by(registration::Column::OrganisationId)
        .into_tuple::<(Option<i32>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let count =
        |map: &HashMap<Option<i32>, i64>, id: i32| map.get(&Some(id)).map_or(0, |n| u32::try_from(*n).unwrap_or(0));
    orgs.into_iter()
        .map(|o| {
            let (id, municipality) = (o.id, o.municipality_nis.and_then(|n| names.get(&n).cloned()));
            let e = identity(&o)?;
            Ok(PartnerListRow {
                id,
                name: e.name,
                kind: e.kind,
                municipality,
                enterprise_number: e.enterprise_number,
                email: links.get(&id).and_then(|l| l.contact_email.clone()),
                people: count(&people, id),
                registrations: count(&registrations, id),
            })
        })
        .collect()
}

/// One partner of the organiser, with what the organiser keeps about it;
/// None when the organisation does not exist or is not the organiser's
/// partner (the edges answer both with 404).
pub async fn partner(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: i32,
) -> Result<Option<DirectoryEntry>, StoreError> {
    let links =
        partnership::Entity::find().filter(partnership::Column::OrganisationId.eq(organisation_id)).all(db).await?;
    let Some(own) = links.iter().find(|l| l.organiser_id == organiser_id) else { return Ok(None) };
    let Some(m) = organisation::Entity::find_by_id(organisation_id).one(db).await? else { return Ok(None) };
    let pending = own_pending(db, organiser_id, Some(organisation_id)).await?.remove(&organisation_id);
    Ok(Some(entry(&m, Some(own), links.len() > 1, pending.unwrap_or_default())?))
}

/// Why an edit was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRefusal {
    NotFound,
    /// Name or enterprise number already belongs to another organisation.
    Taken(FieldErrors),
}

/// What an edit did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditOutcome {
    /// The Dutch names of the fields that changed (none: nothing was written).
    pub changed: Vec<&'static str>,
    /// Changes went to the platform admin as a proposal.
    pub proposed: bool,
}

/// Whether the name or enterprise number in `changes` is another organisation's.
async fn taken(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    changes: &IdentityChanges,
) -> Result<FieldErrors, StoreError> {
    use domain::partners::IdentityField as F;
    let mut taken = FieldErrors::new();
    let name = changes.get(F::Name).flatten().map(str::to_lowercase);
    let number = changes.get(F::EnterpriseNumber).flatten();
    if name.is_none() && number.is_none() {
        return Ok(taken);
    }
    // Names are unique whatever their case, as the import matches them.
    for (other, other_number) in organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Name, organisation::Column::EnterpriseNumber])
        .filter(organisation::Column::Id.ne(organisation_id))
        .into_tuple::<(String, Option<String>)>()
        .all(db)
        .await?
    {
        if name.as_deref() == Some(other.to_lowercase().as_str()) {
            taken.add(field::NAME, Message::new("validation.organisation_name_taken"));
        }
        if number.is_some() && other_number.as_deref() == number {
            taken.add(
                field::ENTERPRISE_NUMBER,
                Message::with("validation.enterprise_number_taken", &[("name", &other)]),
            );
        }
    }
    Ok(taken)
}

/// Writes `after` as the organisation's identity.
async fn write_identity(db: &impl ConnectionTrait, organisation_id: i32, after: &Identity) -> Result<(), DbErr> {
    organisation::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(organisation_id),
        kind: Set(after.kind.code().to_string()),
        name: Set(after.name.clone()),
        municipality_nis: Set(after.municipality_nis),
        enterprise_number: Set(after.enterprise_number.map(|n| n.digits())),
        street: Set(after.street.clone()),
        postcode: Set(after.postcode.clone()),
        city: Set(after.city.clone()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// `current` with `changes` made; a change that is no value of its field is
/// a corrupt row (edges and the import only make valid ones).
fn changed(current: &Identity, changes: &IdentityChanges, organisation_id: i32) -> Result<Identity, StoreError> {
    current.with(changes).map_err(|f| StoreError::corrupt("organisation_proposals", organisation_id, f.code()))
}

/// Records or extends the organiser's pending proposal for an organisation.
/// Returns whether anything new was proposed (the same proposal again is not).
async fn propose(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: i32,
    person_id: i32,
    changes: &IdentityChanges,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let pending = organisation_proposal::Entity::find()
        .filter(organisation_proposal::Column::OrganiserId.eq(organiser_id))
        .filter(organisation_proposal::Column::OrganisationId.eq(organisation_id))
        .filter(organisation_proposal::Column::Status.eq(ProposalStatus::Pending))
        .one(db)
        .await?;
    let json = |c: &IdentityChanges| serde_json::to_string(c).map_err(|e| DbErr::Custom(e.to_string()));
    match pending {
        Some(p) => {
            let before: IdentityChanges = serde_json::from_str(&p.changes).unwrap_or_default();
            let merged = before.merged(changes);
            if merged == before {
                return Ok(false);
            }
            organisation_proposal::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(p.id),
                changes: Set(json(&merged)?),
                person_id: Set(Some(person_id)),
                created_at: Set(now),
                ..Default::default()
            }
            .update(db)
            .await?;
        }
        None => {
            organisation_proposal::ActiveModel {
                organisation_id: Set(organisation_id),
                organiser_id: Set(organiser_id),
                person_id: Set(Some(person_id)),
                changes: Set(json(changes)?),
                status: Set(ProposalStatus::Pending),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(true)
}

/// Writes `action` into the audit log of every organiser linked to the
/// organisation (but `except`), so each sees what others changed.
async fn tell_linked(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    except: Option<i32>,
    person_id: i32,
    action: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for organiser_id in linked_organisers(db, organisation_id).await? {
        if Some(organiser_id) != except {
            crate::audit::record(
                db,
                organiser_id,
                person_id,
                ("organisation", organisation_id),
                action,
                detail.to_string(),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

async fn organiser_name(db: &impl ConnectionTrait, organiser_id: i32) -> Result<String, StoreError> {
    Ok(organiser::Entity::find_by_id(organiser_id).one(db).await?.map(|o| o.short_name).unwrap_or_default())
}

/// Saves an edit of a partner and records it in the audit log. The
/// identity follows [`decide`]; the organiser's own details are always
/// saved. Changes to the identity are written into the log of every other
/// organiser linked to the organisation as well.
pub async fn update_partner(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: i32,
    edit: &PartnerEdit,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<EditOutcome, UpdateRefusal>, StoreError> {
    let Some(before) = partner(db, organiser_id, organisation_id).await? else {
        return Ok(Err(UpdateRefusal::NotFound));
    };
    let current = before.identity();
    let (apply, propose_now) = match decide(&current, &edit.identity_changes(), !before.shared) {
        Decision::Nothing => (IdentityChanges::new(), IdentityChanges::new()),
        Decision::ApplyAll(all) => (all, IdentityChanges::new()),
        Decision::FillAndPropose { fill, propose } => (fill, propose),
    };
    let link_changes = edit.link_changes(&before.link);
    let taken = taken(db, organisation_id, &apply.merged(&propose_now)).await?;
    if !taken.is_empty() {
        return Ok(Err(UpdateRefusal::Taken(taken)));
    }
    let refused_meanwhile = |e: &DbErr| {
        // Someone else took the name or number between the check and now.
        unique_violation(e).map(|column| {
            let mut taken = FieldErrors::new();
            taken.add(column, Message::new("validation.taken_meanwhile"));
            UpdateRefusal::Taken(taken)
        })
    };
    let after = changed(&current, &apply, organisation_id)?;
    if !apply.is_empty()
        && let Err(e) = write_identity(db, organisation_id, &after).await
    {
        return refused_meanwhile(&e).map(Err).ok_or_else(|| e.into());
    }
    if !link_changes.is_empty() {
        let link = &edit.link;
        partnership::ActiveModel {
            organiser_id: sea_orm::ActiveValue::Unchanged(organiser_id),
            organisation_id: sea_orm::ActiveValue::Unchanged(organisation_id),
            contact_name: Set(link.contact_name.clone()),
            contact_email: Set(link.contact_email.clone()),
            contact_phone: Set(link.contact_phone.clone()),
            notes: Set(link.notes.clone()),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    let proposed = if propose_now.is_empty() {
        false
    } else {
        match propose(db, organiser_id, organisation_id, person_id, &propose_now, now).await {
            Ok(written) => written,
            Err(e) => return refused_meanwhile(&e).map(Err).ok_or_else(|| e.into()),
        }
    };
    let mut changed: Vec<&'static str> = apply.fields().map(|f| f.dutch()).collect();
    changed.extend(link_changes);
    let subject = ("organisation", organisation_id);
    if !changed.is_empty() {
        let detail = format!("{}\n{}", after.name, changed.join(", "));
        crate::audit::record(db, organiser_id, person_id, subject, "organisation.updated", detail, now).await?;
    }
    if proposed {
        let detail = format!("{}\n{}", after.name, propose_now.dutch_list());
        crate::audit::record(db, organiser_id, person_id, subject, "organisation.proposed", detail, now).await?;
    }
    if !apply.is_empty() {
        let by = organiser_name(db, organiser_id).await?;
        let detail = format!("{}\n{} ({by})", after.name, apply.dutch_list());
        tell_linked(db, organisation_id, Some(organiser_id), person_id, "organisation.changed_by_other", &detail, now)
            .await?;
    }
    Ok(Ok(EditOutcome { changed, proposed }))
}

/// The form field of a violated unique constraint, if `e` is one.
fn unique_violation(e: &DbErr) -> Option<&'static str> {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) if message.contains("enterprise_number") => {
            Some(field::ENTERPRISE_NUMBER)
        }
        Some(SqlErr::UniqueConstraintViolation(_)) => Some(field::NAME),
        _ => None,
    }
}

/// Every organisation of the directory as the organiser sees it: whether it
/// is a partner (with the organiser's own details), whether others link it,
/// and what the organiser proposed for it.
async fn directory(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<DirectoryEntry>, StoreError> {
    let mut own: HashMap<i32, partnership::Model> = HashMap::new();
    let mut others: HashSet<i32> = HashSet::new();
    for link in partnership::Entity::find().all(db).await? {
        if link.organiser_id == organiser_id {
            own.insert(link.organisation_id, link);
        } else {
            others.insert(link.organisation_id);
        }
    }
    let mut pending = own_pending(db, organiser_id, None).await?;
    organisation::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|o| entry(o, own.get(&o.id), others.contains(&o.id), pending.remove(&o.id).unwrap_or_default()))
        .collect()
}

/// What importing `text` would do, row by row; writes nothing.
pub async fn preview_import(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    text: &str,
) -> Result<Result<ImportPlan, ImportError>, StoreError> {
    let rows = match parse_csv(text, &municipalities(db).await?) {
        Ok(rows) => rows,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(plan_import(rows, &directory(db, organiser_id).await?)))
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Done(ImportCounts),
    /// Some rows have errors (perhaps only since the preview): nothing was written.
    Refused(ImportPlan),
    Unreadable(ImportError),
    /// Another import or edit took a name or number meanwhile; roll back and retry.
    ChangedMeanwhile,
}

/// Imports `text`: run it in a transaction. The plan is made anew inside it,
/// so what is written is what the directory holds now; importing the same
/// file twice changes nothing the second time (and writes no audit entry,
/// nor a second proposal).
pub async fn import(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    text: &str,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<ImportOutcome, StoreError> {
    let plan = match preview_import(db, organiser_id, text).await? {
        Ok(plan) => plan,
        Err(e) => return Ok(ImportOutcome::Unreadable(e)),
    };
    if plan.has_errors() {
        return Ok(ImportOutcome::Refused(plan));
    }
    let counts = plan.counts();
    if !plan.changes_something() {
        return Ok(ImportOutcome::Done(counts));
    }
    let since = local_date(now);
    let mut links = Vec::new();
    let mut changed_identities = Vec::new();
    for action in plan.rows.into_iter().filter_map(|r| r.action) {
        let written = match action {
            Action::Create(row) => {
                let city = row.municipality.as_ref().map(|m| m.name.clone());
                let email = row.email.map(|e| e.as_str().to_string());
                organisation::ActiveModel {
                    kind: Set(row.kind.unwrap_or(OrganisationKind::Other).code().to_string()),
                    name: Set(row.name),
                    municipality_nis: Set(row.municipality.map(|m| m.nis_code)),
                    enterprise_number: Set(row.enterprise_number.map(|n| n.digits())),
                    street: Set(row.street),
                    postcode: Set(row.postcode.map(|p| p.to_string())),
                    city: Set(city),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await
                .map(|o| links.push((o.id, email)))
            }
            Action::Update { id, apply, contact_email, link, propose: proposal } => {
                let email = contact_email.map(|e| e.as_str().to_string());
                let mut written = Ok(());
                if !apply.is_empty()
                    && let Some(m) = organisation::Entity::find_by_id(id).one(db).await?
                {
                    let after = changed(&identity(&m)?, &apply, id)?;
                    written = write_identity(db, id, &after).await;
                    changed_identities.push((id, format!("{}\n{}", after.name, apply.dutch_list())));
                }
                if written.is_ok() && !proposal.is_empty() {
                    written = propose(db, organiser_id, id, person_id, &proposal, now).await.map(|_| ());
                }
                if link {
                    links.push((id, email));
                } else if written.is_ok()
                    && let Some(email) = email
                {
                    written = partnership::Entity::update_many()
                        .col_expr(partnership::Column::ContactEmail, Expr::value(email))
                        .filter(partnership::Column::OrganiserId.eq(organiser_id))
                        .filter(partnership::Column::OrganisationId.eq(id))
                        .exec(db)
                        .await
                        .map(|_| ());
                }
                written
            }
            Action::Nothing { .. } => Ok(()),
        };
        if let Err(e) = written {
            return match unique_violation(&e) {
                Some(_) => Ok(ImportOutcome::ChangedMeanwhile),
                None => Err(e.into()),
            };
        }
    }
    for chunk in links.chunks(500) {
        let rows = chunk.iter().map(|(id, email)| partnership::ActiveModel {
            organiser_id: Set(organiser_id),
            organisation_id: Set(*id),
            since: Set(Some(since)),
            contact_email: Set(email.clone()),
            ..Default::default()
        });
        if let Err(e) = partnership::Entity::insert_many(rows).exec_without_returning(db).await {
            return match unique_violation(&e) {
                Some(_) => Ok(ImportOutcome::ChangedMeanwhile),
                None => Err(e.into()),
            };
        }
    }
    // One entry for the whole import ("several organisations": entity id 0).
    let summary = counts.summary_in(Locale::Nl);
    crate::audit::record(db, organiser_id, person_id, ("organisation", 0), "organisations.imported", summary, now)
        .await?;
    // The other organisers linked to an organisation whose identity changed.
    if !changed_identities.is_empty() {
        let by = organiser_name(db, organiser_id).await?;
        for (id, detail) in changed_identities {
            let detail = format!("{detail} ({by})");
            tell_linked(db, id, Some(organiser_id), person_id, "organisation.changed_by_other", &detail, now).await?;
        }
    }
    Ok(ImportOutcome::Done(counts))
}

// --- the platform admin's review -------------------------------------------

/// How many proposals wait for the platform admin.
pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Ok(organisation_proposal::Entity::find()
        .filter(organisation_proposal::Column::Status.eq(ProposalStatus::Pending))
        .count(db)
        .await?)
}

/// The proposals waiting for the platform admin, oldest first, with each
/// field's value now and as proposed, put into words in `locale`.
pub async fn pending_proposals(db: &impl ConnectionTrait, locale: Locale) -> Result<Vec<ProposalView>, StoreError> {
    let proposals = organisation_proposal::Entity::find()
        .filter(organisation_proposal::Column::Status.eq(ProposalStatus::Pending))
        .order_by_asc(organisation_proposal::Column::CreatedAt)
        .order_by_asc(organisation_proposal::Column::Id)
        .all(db)
        .await?;
    let org_ids: Vec<i32> = proposals.iter().map(|p| p.organisation_id).collect();
    let orgs: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let organisers: HashMap<i32, String> =
        organiser::Entity::find().all(db).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let people: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(proposals.iter().filter_map(|p| p.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    let mut linked: HashMap<i32, Vec<String>> = HashMap::new();
    for link in partnership::Entity::find().filter(partnership::Column::OrganisationId.is_in(org_ids)).all(db).await? {
        linked.entry(link.organisation_id).or_default().extend(organisers.get(&link.organiser_id).cloned());
    }
    let places = municipalities(db).await?;
    let mut out = Vec::new();
    for p in proposals {
        let Some(org) = orgs.get(&p.organisation_id) else { continue };
        let current = identity(org)?;
        let fields = changes_of(&p)?
            .iter()
            .map(|(f, proposed)| ProposedField {
                field: f,
                current: f.show(current.value(f).as_deref(), locale, &places),
                proposed: f.show(proposed, locale, &places),
            })
            .collect();
        let mut names = linked.remove(&p.organisation_id).unwrap_or_default();
        names.sort();
        out.push(ProposalView {
            id: p.id,
            organisation: org.name.clone(),
            proposer: organisers.get(&p.organiser_id).cloned().unwrap_or_default(),
            person: p.person_id.and_then(|id| people.get(&id).cloned()),
            created_at: to_local(p.created_at),
            fields,
            linked: names,
        });
    }
    Ok(out)
}

/// Why a decision on a proposal was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionRefusal {
    NotFound,
    /// Someone decided it already.
    Decided,
    /// Its name or enterprise number is another organisation's by now.
    Taken,
}

/// Accepts (`accept`) or rejects a pending proposal, as the platform admin
/// `person_id`. Accepting changes the shared organisation and tells every
/// organiser linked to it in its audit log; rejecting tells the proposer.
/// Run it in a transaction.
pub async fn decide_proposal(
    db: &impl ConnectionTrait,
    proposal_id: i32,
    accept: bool,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<(), DecisionRefusal>, StoreError> {
    let Some(p) = organisation_proposal::Entity::find_by_id(proposal_id).one(db).await? else {
        return Ok(Err(DecisionRefusal::NotFound));
    };
    if p.status != ProposalStatus::Pending {
        return Ok(Err(DecisionRefusal::Decided));
    }
    let Some(org) = organisation::Entity::find_by_id(p.organisation_id).one(db).await? else {
        return Ok(Err(DecisionRefusal::NotFound));
    };
    let changes = changes_of(&p)?;
    let current = identity(&org)?;
    let effective = changes.against(&current);
    let after = changed(&current, &effective, org.id)?;
    if accept {
        if !taken(db, org.id, &effective).await?.is_empty() {
            return Ok(Err(DecisionRefusal::Taken));
        }
        if !effective.is_empty()
            && let Err(e) = write_identity(db, org.id, &after).await
        {
            return match unique_violation(&e) {
                Some(_) => Ok(Err(DecisionRefusal::Taken)),
                None => Err(e.into()),
            };
        }
    }
    // Guarded: of two admins deciding at once, one does.
    let decided = organisation_proposal::Entity::update_many()
        .col_expr(
            organisation_proposal::Column::Status,
            Expr::value(if accept { ProposalStatus::Accepted } else { ProposalStatus::Rejected }),
        )
        .col_expr(organisation_proposal::Column::DecidedBy, Expr::value(person_id))
        .col_expr(organisation_proposal::Column::DecidedAt, Expr::value(now))
        .filter(organisation_proposal::Column::Id.eq(p.id))
        .filter(organisation_proposal::Column::Status.eq(ProposalStatus::Pending))
        .exec(db)
        .await?;
    if decided.rows_affected != 1 {
        return Ok(Err(DecisionRefusal::Decided));
    }
    let by = organiser_name(db, p.organiser_id).await?;
    if accept {
        let detail = format!("{}\n{} ({by})", after.name, changes.dutch_list());
        let mut told = linked_organisers(db, org.id).await?;
        if !told.contains(&p.organiser_id) {
            told.push(p.organiser_id);
        }
        for organiser_id in told {
            let subject = ("organisation", org.id);
            crate::audit::record(
                db,
                organiser_id,
                person_id,
                subject,
                "organisation.proposal_accepted",
                detail.clone(),
                now,
            )
            .await?;
        }
    } else {
        let detail = format!("{}\n{}", current.name, changes.dutch_list());
        let subject = ("organisation", org.id);
        crate::audit::record(db, p.organiser_id, person_id, subject, "organisation.proposal_rejected", detail, now)
            .await?;
    }
    Ok(Ok(()))
}
