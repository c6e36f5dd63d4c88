//! An activity's dossier and its meeting documents (see `domain::dossier`).
//!
//! The dossier reads one activity's raw rows (its sessions, trainers,
//! confirmed registrations and their check-ins: small) and leaves the counting
//! to `domain::dossier::assemble`. Documents are changed by the organiser's
//! staff, each change audited in the caller's transaction; every query is
//! limited to the organiser's own activity.

use crate::StoreError;
use crate::entities::{
    check_in, event, event_document, event_session, event_trainer, organisation, organiser, registration, trainer,
    venue,
};
use crate::time::to_local;
use chrono::{DateTime, Utc};
use domain::dossier::{
    DocumentDetails, DocumentFormat, DocumentInfo, DocumentKind, Dossier, DossierInput, DossierSession, DossierTrainer,
    NewDocument, OrganisationInput, RegistrationInput,
};
use domain::{Email, EventKind, OrganisationKind, RegistrationStatus, TrainerRole};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The organiser's activity `event_id`; `None` for anyone else's.
async fn own_event(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<event::Model>, StoreError> {
    Ok(event::Entity::find_by_id(event_id).filter(event::Column::OrganiserId.eq(organiser_id)).one(db).await?)
}

/// A document's columns but its bytes: id, kind, title, file name, content type, size, public, added.
type DocumentRow = (i32, String, String, String, String, i64, bool, DateTime<Utc>);

/// The documents of an activity, without their bytes, by kind and then as
/// they were added; only the public ones when `public_only`.
pub async fn documents(
    db: &impl ConnectionTrait,
    event_id: i32,
    public_only: bool,
) -> Result<Vec<DocumentInfo>, StoreError> {
    let mut query = event_document::Entity::find()
        .select_only()
        .columns([
            event_document::Column::Id,
            event_document::Column::Kind,
            event_document::Column::Title,
            event_document::Column::FileName,
            event_document::Column::ContentType,
            event_document::Column::SizeBytes,
            event_document::Column::IsPublic,
            event_document::Column::CreatedAt,
        ])
        .filter(event_document::Column::EventId.eq(event_id));
    if public_only {
        query = query.filter(event_document::Column::IsPublic.eq(true));
    }
    let rows: Vec<DocumentRow> = query.order_by_asc(event_document::Column::Id).into_tuple().all(db).await?;
    let mut documents = rows
        .into_iter()
        .map(|(id, kind, title, file_name, content_type, size, public, created_at)| {
            Ok(DocumentInfo {
                id,
                kind: DocumentKind::parse(&kind).ok_or_else(|| StoreError::corrupt("event_documents", id, "kind"))?,
                title,
                file_name,
                format: DocumentFormat::from_content_type(&content_type)
                    .ok_or_else(|| StoreError::corrupt("event_documents", id, "content_type"))?,
                size,
                public,
                uploaded_at: to_local(created_at),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    documents.sort_by_key(|d| (d.kind, d.id));
    Ok(documents)
}

/// An activity of the organiser, as its documents page heads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventHead {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub kind: Option<EventKind>,
    /// Not a draft: it has a public page.
    pub public_page: bool,
}

/// The organiser's activity `event_id`, or `None`.
pub async fn event_head(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
) -> Result<Option<EventHead>, StoreError> {
    Ok(own_event(db, organiser_id, event_id).await?.map(|e| EventHead {
        id: e.id,
        kind: EventKind::from_code(&e.kind).ok(),
        public_page: e.status != domain::EventStatus::Draft,
        slug: e.slug,
        title: e.title,
    }))
}

/// Adds a document to the organiser's activity; `None` when the activity is not theirs.
pub async fn add_document(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    document: &NewDocument,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Option<i32>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let sha256: String = Sha256::digest(&document.bytes).iter().map(|b| format!("{b:02x}")).collect();
    let row = event_document::ActiveModel {
        organiser_id: Set(organiser_id),
        event_id: Set(event_id),
        kind: Set(document.details.kind.code().to_string()),
        title: Set(document.details.title.clone()),
        is_public: Set(document.details.public),
        file_name: Set(document.file_name.clone()),
        content_type: Set(document.format.content_type().to_string()),
        size_bytes: Set(document.bytes.len() as i64),
        sha256: Set(sha256),
        content: Set(document.bytes.clone()),
        uploaded_by: Set(Some(person_id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let visibility = if document.details.public { "openbaar" } else { "niet openbaar" };
    let detail = format!("{} ({}, {visibility})\n{}", document.details.title, document.file_name, e.title);
    crate::audit::record(db, organiser_id, person_id, ("event_document", row.id), "document.added", detail, now)
        .await?;
    Ok(Some(row.id))
}

/// Changes a document's title, kind and visibility; `false` when it is not
/// a document of the organiser's activity.
pub async fn update_document(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    document_id: i32,
    details: &DocumentDetails,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(row) = event_document::Entity::find_by_id(document_id)
        .filter(event_document::Column::EventId.eq(event_id))
        .filter(event_document::Column::OrganiserId.eq(organiser_id))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let mut changes = Vec::new();
    if row.title != details.title {
        changes.push(format!("titel «{}» → «{}»", row.title, details.title));
    }
    if row.kind != details.kind.code() {
        changes.push(format!("soort {} → {}", row.kind, details.kind.code()));
    }
    if row.is_public != details.public {
        changes.push(if details.public { "nu openbaar".to_string() } else { "niet langer openbaar".to_string() });
    }
    if changes.is_empty() {
        return Ok(true);
    }
    let mut active: event_document::ActiveModel = row.clone().into();
    active.title = Set(details.title.clone());
    active.kind = Set(details.kind.code().to_string());
    active.is_public = Set(details.public);
    active.updated_at = Set(now);
    active.update(db).await?;
    let detail = format!("{}\n{}", details.title, changes.join(", "));
    crate::audit::record(db, organiser_id, person_id, ("event_document", row.id), "document.updated", detail, now)
        .await?;
    Ok(true)
}

/// Removes a document; `false` when it is not one of the organiser's activity.
pub async fn remove_document(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    event_id: i32,
    document_id: i32,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(row) = event_document::Entity::find_by_id(document_id)
        .select_only()
        .columns([event_document::Column::Id, event_document::Column::Title, event_document::Column::FileName])
        .filter(event_document::Column::EventId.eq(event_id))
        .filter(event_document::Column::OrganiserId.eq(organiser_id))
        .into_tuple::<(i32, String, String)>()
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let title = event::Entity::find_by_id(event_id).one(db).await?.map(|e| e.title).unwrap_or_default();
    event_document::Entity::delete_by_id(row.0).exec(db).await?;
    let detail = format!("{} ({})\n{title}", row.1, row.2);
    crate::audit::record(db, organiser_id, person_id, ("event_document", row.0), "document.removed", detail, now)
        .await?;
    Ok(true)
}

/// A document to download, with what decides who may.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    pub organiser_id: i32,
    pub event_id: i32,
    /// Marked public, and its activity is not a draft: anyone may download it.
    pub public: bool,
    pub format: DocumentFormat,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Document `document_id` of the activity with slug `event_slug` of the
/// organiser with slug `organiser_slug`; `None` when there is no such.
pub async fn document_file(
    db: &impl ConnectionTrait,
    organiser_slug: &str,
    event_slug: &str,
    document_id: i32,
) -> Result<Option<DocumentFile>, StoreError> {
    let Some(o) = organiser::Entity::find().filter(organiser::Column::Slug.eq(organiser_slug)).one(db).await? else {
        return Ok(None);
    };
    let Some(e) = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(o.id))
        .filter(event::Column::Slug.eq(event_slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(d) = event_document::Entity::find_by_id(document_id)
        .filter(event_document::Column::EventId.eq(e.id))
        .filter(event_document::Column::OrganiserId.eq(o.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let format = DocumentFormat::from_content_type(&d.content_type)
        .ok_or_else(|| StoreError::corrupt("event_documents", d.id, "content_type"))?;
    Ok(Some(DocumentFile {
        organiser_id: o.id,
        event_id: e.id,
        // A draft has no public page: its documents are for insiders only.
        public: d.is_public && e.status != domain::EventStatus::Draft,
        format,
        file_name: d.file_name,
        bytes: d.content,
    }))
}

/// The event with slug `event_slug` at the organiser with `organiser_slug`: its id, if any.
pub async fn event_id_by_slugs(
    db: &impl ConnectionTrait,
    organiser_slug: &str,
    event_slug: &str,
) -> Result<Option<(i32, i32)>, StoreError> {
    let Some(o) = organiser::Entity::find().filter(organiser::Column::Slug.eq(organiser_slug)).one(db).await? else {
        return Ok(None);
    };
    let e = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(o.id))
        .filter(event::Column::Slug.eq(event_slug))
        .one(db)
        .await?;
    Ok(e.map(|e| (o.id, e.id)))
}

/// Whether the person (by their id or their account's e-mail address) has a
/// confirmed registration for the activity.
pub async fn is_participant(
    db: &impl ConnectionTrait,
    event_id: i32,
    person_id: i32,
    email: &Email,
) -> Result<bool, StoreError> {
    let count = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .filter(
            Condition::any()
                .add(registration::Column::PersonId.eq(person_id))
                .add(registration::Column::AttendeeEmail.eq(email.as_str())),
        )
        .count(db)
        .await?;
    Ok(count > 0)
}

/// The dossier of the organiser's activity `event_id`; `None` for anyone else's.
pub async fn dossier(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    organiser_name: &str,
    event_id: i32,
) -> Result<Option<Dossier>, StoreError> {
    let Some(e) = own_event(db, organiser_id, event_id).await? else { return Ok(None) };
    let kind = EventKind::from_code(&e.kind).map_err(|_| StoreError::corrupt("events", e.id, "kind"))?;
    let sessions = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(e.id))
        .order_by_asc(event_session::Column::StartsAt)
        .order_by_asc(event_session::Column::Position)
        .all(db)
        .await?;
    let venues: HashMap<i32, venue::Model> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(sessions.iter().filter_map(|s| s.venue_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let links = event_trainer::Entity::find()
        .filter(event_trainer::Column::EventId.eq(e.id))
        .order_by_asc(event_trainer::Column::Id)
        .all(db)
        .await?;
    let trainers: HashMap<i32, trainer::Model> = trainer::Entity::find()
        .filter(trainer::Column::Id.is_in(links.iter().map(|l| l.trainer_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let session_title: HashMap<i32, String> = sessions.iter().map(|s| (s.id, s.title.clone())).collect();
    let mut people: Vec<DossierTrainer> = Vec::new();
    for link in &links {
        let Some(t) = trainers.get(&link.trainer_id) else { continue };
        let role = TrainerRole::from_code(&link.role).unwrap_or(TrainerRole::Trainer);
        let session = link.session_id.and_then(|id| session_title.get(&id).cloned());
        match people.iter_mut().find(|p| p.name == t.full_name && p.role == role) {
            Some(p) => p.sessions.extend(session),
            None => people.push(DossierTrainer {
                name: t.full_name.clone(),
                affiliation: t.affiliation.clone(),
                role,
                sessions: session.into_iter().collect(),
            }),
        }
    }
    let programme: Vec<DossierSession> = sessions
        .iter()
        .map(|s| DossierSession {
            id: s.id,
            title: s.title.clone(),
            description: s.description.clone().filter(|d| !d.trim().is_empty()),
            starts_at: to_local(s.starts_at),
            ends_at: to_local(s.ends_at),
            venue: s
                .venue_id
                .and_then(|id| venues.get(&id))
                .map(|v| format!("{}, {} {} {}", v.name, v.street, v.postcode, v.city)),
            online: s.online_url.as_deref().is_some_and(|u| !u.trim().is_empty()),
            trainers: links
                .iter()
                .filter(|l| l.session_id == Some(s.id))
                .filter_map(|l| trainers.get(&l.trainer_id).map(|t| t.full_name.clone()))
                .collect(),
            checked_in: 0,
        })
        .collect();
    let registrations: Vec<registration::Model> = registration::Entity::find()
        .filter(registration::Column::EventId.eq(e.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .all(db)
        .await?;
    let organisation_ids: Vec<i32> = registrations.iter().filter_map(|r| r.organisation_id).collect();
    let organisations: Vec<OrganisationInput> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| OrganisationInput { id: o.id, kind: OrganisationKind::from_code(&o.kind).ok(), name: o.name })
        .collect();
    let check_ins: Vec<(i32, i32)> = if sessions.is_empty() {
        Vec::new()
    } else {
        check_in::Entity::find()
            .select_only()
            .columns([check_in::Column::RegistrationId, check_in::Column::SessionId])
            .filter(check_in::Column::SessionId.is_in(sessions.iter().map(|s| s.id).collect::<Vec<_>>()))
            .into_tuple()
            .all(db)
            .await?
    };
    let documents = documents(db, e.id, false).await?;
    Ok(Some(domain::dossier::assemble(DossierInput {
        organiser_name: organiser_name.to_string(),
        event_id: e.id,
        title: e.title,
        kind,
        summary: e.summary,
        description: e.description,
        sessions: programme,
        trainers: people,
        registrations: registrations
            .into_iter()
            .map(|r| RegistrationInput {
                id: r.id,
                name: r.attendee_name,
                organisation_id: r.organisation_id,
                organisation_name: r.organisation_name,
            })
            .collect(),
        organisations,
        check_ins,
        documents,
    })))
}

/// Which documents of the organiser's activity `viewer` sees: all of them as
/// one of the organiser's people (any role there, or a platform admin) or as
/// a participant (a confirmed registration); else the public ones.
pub async fn audience(
    db: &impl ConnectionTrait,
    viewer: Option<&domain::accounts::Viewer>,
    organiser_id: i32,
    event_id: i32,
) -> Result<domain::dossier::DocumentAudience, StoreError> {
    use domain::dossier::DocumentAudience;
    let Some(viewer) = viewer else { return Ok(DocumentAudience::Everyone) };
    let member = viewer.grants.iter().any(|g| {
        g.role == domain::Role::PlatformAdmin
            || (g.role != domain::Role::Coordinator && g.organiser_id == Some(organiser_id))
    });
    if member || is_participant(db, event_id, viewer.person_id, &viewer.email).await? {
        Ok(DocumentAudience::Insiders)
    } else {
        Ok(DocumentAudience::Everyone)
    }
}
