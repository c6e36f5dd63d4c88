//! An organiser's partner organisations. The directory of organisations is
//! shared by all organisers; an organiser sees and changes only those linked
//! to it by a partnership. Every function takes the organiser's id, which the
//! edge has already checked against the viewer's roles.

use crate::StoreError;
use crate::entities::{audit_entry, event, municipality, organisation, partnership, person, registration};
use crate::time::local_date;
use chrono::{DateTime, Utc};
use domain::forms::{FieldErrors, Message};
use domain::partners::{
    Action, DirectoryEntry, ImportCounts, ImportError, ImportPlan, Municipality, MunicipalityIndex, PartnerEdit,
    PartnerListRow, Patch, field, parse_csv, plan_import,
};
use domain::{EnterpriseNumber, OrganisationKind};
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

async fn partner_ids(db: &impl ConnectionTrait, organiser_id: i32) -> Result<HashSet<i32>, StoreError> {
    Ok(partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(organiser_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.organisation_id)
        .collect())
}

fn entry(m: organisation::Model, partner: bool) -> Result<DirectoryEntry, StoreError> {
    let corrupt = |reason: String| StoreError::corrupt("organisations", m.id, reason);
    let kind = OrganisationKind::from_code(&m.kind).map_err(|e| corrupt(e.to_string()))?;
    let enterprise_number =
        m.enterprise_number.as_deref().map(EnterpriseNumber::parse).transpose().map_err(|e| corrupt(e.to_string()))?;
    Ok(DirectoryEntry {
        id: m.id,
        name: m.name,
        kind,
        enterprise_number,
        street: m.street,
        postcode: m.postcode,
        city: m.city,
        municipality_nis: m.municipality_nis,
        email: m.email,
        partner,
    })
}

/// The organiser's partners by name, with their municipality and how many
/// people and registrations (for this organiser's events) they have.
pub async fn partners(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<PartnerListRow>, StoreError> {
    let ids: Vec<i32> = partner_ids(db, organiser_id).await?.into_iter().collect();
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
        .filter(registration::Column::Status.ne("cancelled"))
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
            let e = entry(o, true)?;
            Ok(PartnerListRow {
                id,
                name: e.name,
                kind: e.kind,
                municipality,
                enterprise_number: e.enterprise_number,
                email: e.email,
                people: count(&people, id),
                registrations: count(&registrations, id),
            })
        })
        .collect()
}

/// One partner of the organiser; None when the organisation does not exist
/// or is not the organiser's partner (the edges answer both with 404).
pub async fn partner(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: i32,
) -> Result<Option<DirectoryEntry>, StoreError> {
    if partnership::Entity::find_by_id((organiser_id, organisation_id)).one(db).await?.is_none() {
        return Ok(None);
    }
    organisation::Entity::find_by_id(organisation_id).one(db).await?.map(|o| entry(o, true)).transpose()
}

/// Why an edit was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateRefusal {
    NotFound,
    /// Name or enterprise number already belongs to another organisation.
    Taken(FieldErrors),
}

/// Saves an edit of a partner and records it in the audit log. Returns the
/// names of the fields that changed (none: nothing was written).
pub async fn update_partner(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organisation_id: i32,
    edit: &PartnerEdit,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Result<Vec<&'static str>, UpdateRefusal>, StoreError> {
    let Some(before) = partner(db, organiser_id, organisation_id).await? else {
        return Ok(Err(UpdateRefusal::NotFound));
    };
    let changed = edit.changed_fields(&before);
    if changed.is_empty() {
        return Ok(Ok(changed));
    }
    // Names are unique whatever their case, as the import matches them.
    let mut taken = FieldErrors::new();
    for (name, number) in organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Name, organisation::Column::EnterpriseNumber])
        .filter(organisation::Column::Id.ne(organisation_id))
        .into_tuple::<(String, Option<String>)>()
        .all(db)
        .await?
    {
        if name.to_lowercase() == edit.name.to_lowercase() {
            taken.add(field::NAME, Message::new("validation.organisation_name_taken"));
        }
        if number.is_some() && number == edit.enterprise_number.map(|n| n.digits()) {
            taken
                .add(field::ENTERPRISE_NUMBER, Message::with("validation.enterprise_number_taken", &[("name", &name)]));
        }
    }
    if !taken.is_empty() {
        return Ok(Err(UpdateRefusal::Taken(taken)));
    }
    let update = organisation::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(organisation_id),
        kind: Set(edit.kind.code().to_string()),
        name: Set(edit.name.clone()),
        municipality_nis: Set(edit.municipality_nis),
        enterprise_number: Set(edit.enterprise_number.map(|n| n.digits())),
        street: Set(edit.street.clone()),
        postcode: Set(edit.postcode.map(|p| p.to_string())),
        city: Set(edit.city.clone()),
        email: Set(edit.email.as_ref().map(|e| e.as_str().to_string())),
        ..Default::default()
    };
    if let Err(e) = update.update(db).await {
        // Someone else took the name or number between the check and now.
        return match unique_violation(&e) {
            Some(column) => {
                let mut taken = FieldErrors::new();
                taken.add(column, Message::new("validation.taken_meanwhile"));
                Ok(Err(UpdateRefusal::Taken(taken)))
            }
            None => Err(e.into()),
        };
    }
    audit(
        db,
        organiser_id,
        person_id,
        organisation_id,
        "organisation.updated",
        &format!("{}\n{}", edit.name, changed.join(", ")),
        now,
    )
    .await?;
    Ok(Ok(changed))
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

async fn audit(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    person_id: i32,
    entity_id: i32,
    action: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(Some(person_id)),
        entity: Set("organisation".into()),
        entity_id: Set(entity_id),
        action: Set(action.into()),
        detail: Set(Some(detail.into())),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Every organisation of the directory, marked when it is the organiser's partner.
async fn directory(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<DirectoryEntry>, StoreError> {
    let partners = partner_ids(db, organiser_id).await?;
    organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            let partner = partners.contains(&o.id);
            entry(o, partner)
        })
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
/// file twice changes nothing the second time (and writes no audit entry).
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
    for action in plan.rows.into_iter().filter_map(|r| r.action) {
        let written = match action {
            Action::Create(row) => {
                let city = row.municipality.as_ref().map(|m| m.name.clone());
                organisation::ActiveModel {
                    kind: Set(row.kind.unwrap_or(OrganisationKind::Other).code().to_string()),
                    name: Set(row.name),
                    municipality_nis: Set(row.municipality.map(|m| m.nis_code)),
                    enterprise_number: Set(row.enterprise_number.map(|n| n.digits())),
                    street: Set(row.street),
                    postcode: Set(row.postcode.map(|p| p.to_string())),
                    city: Set(city),
                    email: Set(row.email.map(|e| e.as_str().to_string())),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await
                .map(|o| links.push(o.id))
            }
            Action::Update { id, patch, link } => {
                if link {
                    links.push(id);
                }
                apply_patch(db, id, patch).await
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
        let rows = chunk.iter().map(|id| partnership::ActiveModel {
            organiser_id: Set(organiser_id),
            organisation_id: Set(*id),
            since: Set(Some(since)),
        });
        if let Err(e) = partnership::Entity::insert_many(rows).exec_without_returning(db).await {
            return match unique_violation(&e) {
                Some(_) => Ok(ImportOutcome::ChangedMeanwhile),
                None => Err(e.into()),
            };
        }
    }
    // One entry for the whole import ("several organisations": entity id 0).
    audit(db, organiser_id, person_id, 0, "organisations.imported", &counts.summary_in(domain::i18n::Locale::Nl), now)
        .await?;
    Ok(ImportOutcome::Done(counts))
}

async fn apply_patch(db: &impl ConnectionTrait, id: i32, patch: Patch) -> Result<(), DbErr> {
    if patch.is_empty() {
        return Ok(());
    }
    use organisation::Column as C;
    let mut update = organisation::Entity::update_many().filter(C::Id.eq(id));
    let Patch { name, kind, enterprise_number, street, postcode, city, municipality_nis, email } = patch;
    let sets: [(C, Option<sea_orm::Value>); 8] = [
        (C::Name, name.map(Into::into)),
        (C::Kind, kind.map(|k| k.code().into())),
        (C::EnterpriseNumber, enterprise_number.map(|n| n.digits().into())),
        (C::Street, street.map(Into::into)),
        (C::Postcode, postcode.map(|p| p.to_string().into())),
        (C::City, city.map(Into::into)),
        (C::MunicipalityNis, municipality_nis.map(Into::into)),
        (C::Email, email.map(|e| e.as_str().into())),
    ];
    for (column, value) in sets {
        if let Some(value) = value {
            update = update.col_expr(column, Expr::value(value));
        }
    }
    update.exec(db).await.map(|_| ())
}
