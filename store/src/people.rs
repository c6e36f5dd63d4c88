//! People and roles of an organiser: the list, invitations, revoking a role,
//! and the coordinator's view of their organisation.

use crate::StoreError;
use crate::entities::{
    audit_entry, event, event_session, membership, organisation, organiser, partnership, person, registration,
};
use crate::time::{local_date, to_local};
use chrono::{DateTime, Utc};
use domain::EventStatus;
use domain::forms::fields;
use domain::forms::{FieldErrors, Message};
use domain::people::{ColleagueRegistration, CoordinatorOverview, Invitation, MemberRow, OfferedEvent};
use domain::{Audience, EventKind, Role, Slug};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;

/// Everyone with a role at the organiser, coordinators of its partners included.
pub async fn members(db: &impl ConnectionTrait, organiser_id: i32) -> Result<Vec<MemberRow>, StoreError> {
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganiserId.eq(organiser_id))
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().map(|m| m.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(rows.iter().filter_map(|m| m.organisation_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut list = rows
        .into_iter()
        .filter_map(|m| {
            let p = people.get(&m.person_id)?;
            Some(Ok(MemberRow {
                membership_id: m.id,
                name: p.full_name.clone(),
                email: p.email.clone().unwrap_or_default(),
                role: match Role::from_code(&m.role) {
                    Ok(r) => r,
                    Err(e) => return Some(Err(StoreError::corrupt("memberships", m.id, e))),
                },
                organisation: m.organisation_id.and_then(|id| organisations.get(&id).cloned()),
                since: local_date(m.created_at),
            }))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    list.sort_by(|a, b| a.role.cmp(&b.role).then_with(|| a.name.cmp(&b.name)));
    Ok(list)
}

/// The organiser's partner organisations as (id, name), by name.
pub async fn partner_organisations(
    db: &impl ConnectionTrait,
    organiser_id: i32,
) -> Result<Vec<(i32, String)>, StoreError> {
    let ids: Vec<i32> = partnership::Entity::find()
        .filter(partnership::Column::OrganiserId.eq(organiser_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.organisation_id)
        .collect();
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// Who was invited, and the link that signs them in.
#[derive(Debug, Clone)]
pub struct Invited {
    pub person_id: i32,
    pub token: String,
    pub organisation: Option<String>,
}

/// Gives the invited person the role (creating them if new) and makes a sign-in
/// link that lasts [`crate::accounts::INVITATION_TTL`]. The caller queues the mail
/// in the same transaction.
pub async fn invite(
    db: &impl ConnectionTrait,
    organiser_id: i32,
    invitation: &Invitation,
    invited_by: i32,
    now: DateTime<Utc>,
) -> Result<Result<Invited, FieldErrors>, StoreError> {
    let existing = person::Entity::find().filter(person::Column::Email.eq(invitation.email.as_str())).one(db).await?;
    let person = match existing {
        Some(p) => p,
        None => {
            let created = crate::accounts::find_or_create_person(db, &invitation.email, now).await?;
            // The inviter knows the name; the address alone only gives a guess.
            let mut named: person::ActiveModel = created.into();
            named.full_name = Set(invitation.name.clone());
            named.update(db).await?
        }
    };
    let mut same = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person.id))
        .filter(membership::Column::OrganiserId.eq(organiser_id))
        .filter(membership::Column::Role.eq(invitation.role.code()));
    same = match invitation.organisation_id {
        Some(id) => same.filter(membership::Column::OrganisationId.eq(id)),
        None => same.filter(membership::Column::OrganisationId.is_null()),
    };
    if same.count(db).await? > 0 {
        let mut errors = FieldErrors::new();
        errors.add(
            fields::invitation::EMAIL,
            Message::with("validation.role_exists", &[("email", invitation.email.as_str())]),
        );
        return Ok(Err(errors));
    }
    crate::accounts::grant(db, person.id, invitation.role, Some(organiser_id), invitation.organisation_id, now).await?;
    let organisation = match invitation.organisation_id {
        Some(id) => organisation::Entity::find_by_id(id).one(db).await?.map(|o| o.name),
        None => None,
    };
    let token =
        crate::accounts::create_sign_in_token_valid_for(db, &invitation.email, now, crate::accounts::INVITATION_TTL)
            .await?;
    let role = match &organisation {
        Some(o) => format!("{} voor {o}", invitation.role.label_nl().to_lowercase()),
        None => invitation.role.label_nl().to_lowercase(),
    };
    audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(Some(invited_by)),
        entity: Set("membership".into()),
        entity_id: Set(person.id),
        action: Set("invite".into()),
        detail: Set(Some(format!("{}\n{role}", invitation.name))),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(Invited { person_id: person.id, token, organisation }))
}

/// Why a role could not be taken away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeRefusal {
    /// Not a role at this organiser.
    Unknown,
    /// Someone must remain who can run the organiser.
    LastAdmin,
}

/// Takes a role away; the organiser always keeps at least one admin.
pub async fn revoke(
    db: &DatabaseConnection,
    organiser_id: i32,
    membership_id: i32,
    revoked_by: i32,
    now: DateTime<Utc>,
) -> Result<Result<(), RevokeRefusal>, StoreError> {
    let txn = crate::begin_write(db).await?;
    let Some(m) = membership::Entity::find_by_id(membership_id)
        .filter(membership::Column::OrganiserId.eq(organiser_id))
        .one(&txn)
        .await?
    else {
        return Ok(Err(RevokeRefusal::Unknown));
    };
    if m.role == Role::Admin.code() {
        let admins = membership::Entity::find()
            .filter(membership::Column::OrganiserId.eq(organiser_id))
            .filter(membership::Column::Role.eq(Role::Admin.code()))
            .count(&txn)
            .await?;
        if admins <= 1 {
            return Ok(Err(RevokeRefusal::LastAdmin));
        }
    }
    membership::Entity::delete_by_id(m.id).exec(&txn).await?;
    // Her last role at any organiser that allowed a password: the password
    // goes and so does every session (one may be in the back office).
    if Role::from_code(&m.role).is_ok_and(domain::accounts::role_may_have_password) {
        crate::accounts::drop_password_without_role(&txn, m.person_id).await?;
    }
    let name = person::Entity::find_by_id(m.person_id).one(&txn).await?.map(|p| p.full_name).unwrap_or_default();
    let role = Role::from_code(&m.role).map(|r| r.label_nl().to_lowercase()).unwrap_or(m.role.clone());
    audit_entry::ActiveModel {
        organiser_id: Set(organiser_id),
        person_id: Set(Some(revoked_by)),
        entity: Set("membership".into()),
        entity_id: Set(m.person_id),
        action: Set("revoke".into()),
        detail: Set(Some(format!("{name}\n{role}"))),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// For each organisation the person coordinates: the organiser's upcoming
/// events and the registrations of the organisation's people.
pub async fn coordinator_overviews(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<CoordinatorOverview>, StoreError> {
    let grants = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person_id))
        .filter(membership::Column::Role.eq(Role::Coordinator.code()))
        .all(db)
        .await?;
    let mut overviews = Vec::new();
    for g in grants {
        let (Some(organiser_id), Some(organisation_id)) = (g.organiser_id, g.organisation_id) else { continue };
        let Some(org) = organiser::Entity::find_by_id(organiser_id).one(db).await? else { continue };
        let Some(organisation) = organisation::Entity::find_by_id(organisation_id).one(db).await? else { continue };
        let events = event::Entity::find()
            .filter(event::Column::OrganiserId.eq(organiser_id))
            .filter(event::Column::Status.eq(EventStatus::Published))
            .all(db)
            .await?;
        let titles: HashMap<i32, String> = events.iter().map(|e| (e.id, e.title.clone())).collect();
        let sessions = event_session::Entity::find()
            .filter(event_session::Column::EventId.is_in(events.iter().map(|e| e.id).collect::<Vec<_>>()))
            .all(db)
            .await?;
        let mut offered = Vec::new();
        for e in &events {
            let own: Vec<_> = sessions.iter().filter(|s| s.event_id == e.id).collect();
            let Some(first) = own.iter().map(|s| s.starts_at).min() else { continue };
            if first <= now {
                continue;
            }
            let corrupt = |reason: String| StoreError::corrupt("events", e.id, reason);
            offered.push(OfferedEvent {
                slug: Slug::parse(&e.slug).map_err(|err| corrupt(err.to_string()))?,
                title: e.title.clone(),
                kind: EventKind::from_code(&e.kind).map_err(|err| corrupt(err.to_string()))?,
                audience: Audience::from_code(&e.audience).map_err(|err| corrupt(err.to_string()))?,
                starts_at: to_local(first),
                sessions: u32::try_from(own.len()).unwrap_or(u32::MAX),
            });
        }
        offered.sort_by_key(|e| e.starts_at);
        let registrations = registration::Entity::find()
            .filter(registration::Column::OrganisationId.eq(organisation_id))
            .filter(registration::Column::EventId.is_in(titles.keys().copied().collect::<Vec<_>>()))
            .filter(registration::Column::AnonymisedAt.is_null())
            .order_by_desc(registration::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|r| ColleagueRegistration {
                event_title: titles.get(&r.event_id).cloned().unwrap_or_default(),
                status: r.status,
                attendee: r.attendee_name,
            })
            .collect();
        overviews.push(CoordinatorOverview {
            organisation_id,
            organisation: organisation.name,
            organiser: crate::catalogue::organiser_ref(&org)?,
            events: offered,
            registrations,
        });
    }
    Ok(overviews)
}

/// Creates an organiser (platform admins only; the edge checks). Its address
/// must be free; the caller then invites its first admin in the same transaction.
pub async fn create_organiser(
    db: &impl ConnectionTrait,
    new: &domain::people::NewOrganiser,
    now: DateTime<Utc>,
) -> Result<Result<i32, FieldErrors>, StoreError> {
    let taken = organiser::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(organiser::Column::Slug.eq(new.slug.as_str()))
                .add(organiser::Column::Name.eq(new.name.as_str())),
        )
        .count(db)
        .await?;
    if taken > 0 {
        let mut errors = FieldErrors::new();
        errors.add(
            fields::new_organiser::SHORT_NAME,
            Message::with("validation.organiser_exists", &[("slug", new.slug.as_str())]),
        );
        return Ok(Err(errors));
    }
    let created = organiser::ActiveModel {
        slug: Set(new.slug.to_string()),
        name: Set(new.name.clone()),
        short_name: Set(new.short_name.clone()),
        description: Set(String::new()),
        email: Set(new.email.to_string()),
        vat_mode: Set("exempt".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Ok(created.id))
}

/// Makes someone platform admin (from the command line: the first one cannot be invited).
pub async fn make_platform_admin(
    db: &impl ConnectionTrait,
    email: &domain::Email,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let person = crate::accounts::find_or_create_person(db, email, now).await?;
    let already = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(person.id))
        .filter(membership::Column::Role.eq(Role::PlatformAdmin.code()))
        .count(db)
        .await?
        > 0;
    if !already {
        crate::accounts::grant(db, person.id, Role::PlatformAdmin, None, None, now).await?;
    }
    Ok(!already)
}
