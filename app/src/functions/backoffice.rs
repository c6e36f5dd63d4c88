use crate::error::AppError;
use domain::backoffice::Dashboard;
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// `/beheer`: the organisers whose back office the viewer may open and, for
/// platform admins, the form that creates a new organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackofficeHome {
    pub organisers: Vec<OrganiserRef>,
    pub new_organiser: Option<crate::forms::FormState>,
    /// For platform admins: how many proposals for shared organisations wait.
    pub proposals: Option<u64>,
    pub csrf_token: String,
}

#[server(endpoint = "backoffice/home")]
pub async fn load_backoffice_home() -> Result<BackofficeHome, AppError> {
    use domain::Role;
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    if viewer.grants.iter().any(|g| g.role == Role::PlatformAdmin) {
        let organisers = store::catalogue::organisers(&state.db)
            .await?
            .into_iter()
            .map(|o| OrganiserRef { slug: o.slug, name: o.name, short_name: o.short_name })
            .collect();
        let form = crate::forms::resubmitted().unwrap_or_default();
        let proposals = Some(store::partners::pending_count(&state.db).await?);
        return Ok(BackofficeHome { organisers, new_organiser: Some(form), proposals, csrf_token: viewer.csrf_token });
    }
    let mut list: Vec<OrganiserRef> = viewer
        .grants
        .into_iter()
        .filter(|g| matches!(g.role, Role::Admin | Role::Staff))
        .filter_map(|g| g.organiser)
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list.dedup_by(|a, b| a.slug == b.slug);
    Ok(BackofficeHome { organisers: list, new_organiser: None, proposals: None, csrf_token: viewer.csrf_token })
}

/// One organiser's events (drafts included) and outgoing mail.
#[server(endpoint = "backoffice/dashboard")]
pub async fn load_dashboard(organiser: String) -> Result<Dashboard, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let events = store::backoffice::events(&state.db, organiser_id, state.clock.now()).await?;
    let outbox = store::mail::list_for_organiser(&state.db, organiser_id, 50)
        .await?
        .into_iter()
        .map(|m| domain::backoffice::MailRow {
            to: m.to_address,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: store::time::to_local(m.created_at),
        })
        .collect();
    let is_admin = viewer.is_admin_of(organiser.slug.as_str());
    let audit = if is_admin { store::backoffice::audit_log(&state.db, organiser_id, 30).await? } else { Vec::new() };
    Ok(Dashboard { organiser, events, outbox, audit, is_admin, csrf_token: viewer.csrf_token })
}

/// One event's registrations and attendance list, for the organiser's staff.
#[server(endpoint = "backoffice/registrations")]
pub async fn load_event_registrations(
    organiser: String,
    event: String,
) -> Result<domain::backoffice::EventRegistrations, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into());
    let id = event.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    // Staff see every event's list; a trainer only the lists of events they teach at.
    let staff_view = viewer.may_manage(&organiser);
    let (organiser_id, organiser) = if staff_view {
        crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?
    } else if viewer.has_role_at(domain::Role::Trainer, &organiser) {
        let slug = domain::Slug::parse(&organiser).map_err(|_| not_found())?;
        let (organiser_id, organiser) =
            store::backoffice::organiser_ref(&state.db, &slug).await?.ok_or_else(not_found)?;
        let taught = store::backoffice::taught_events(&state.db, &viewer.email, &[organiser_id]).await?;
        if !taught.iter().any(|t| t.event_id == id) {
            return Err(not_found());
        }
        (organiser_id, organiser)
    } else {
        return Err(not_found());
    };
    let mut list =
        store::backoffice::registrations(&state.db, organiser_id, organiser, id).await?.ok_or_else(not_found)?;
    // Staff mail the attendance certificates from this page.
    if staff_view {
        list.csrf_token = viewer.csrf_token.clone();
    }
    list.staff_view = staff_view;
    // Personal data was opened: who, which event, when.
    store::privacy::log_registrations_view(
        &state.db,
        organiser_id,
        list.event_id,
        &list.title,
        viewer.person_id,
        state.clock.now(),
    )
    .await?;
    Ok(list)
}

/// For trainers: the events they teach at, at the organisers where they are trainer.
#[server(endpoint = "account/teaching")]
pub async fn load_teaching() -> Result<Vec<domain::backoffice::TaughtEvent>, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let mut organiser_ids = Vec::new();
    for grant in viewer.grants.iter().filter(|g| g.role == domain::Role::Trainer) {
        if let Some(found) = grant.organiser.as_ref()
            && let Some((id, _)) = store::backoffice::organiser_ref(&state.db, &found.slug).await?
        {
            organiser_ids.push(id);
        }
    }
    Ok(store::backoffice::taught_events(&state.db, &viewer.email, &organiser_ids).await?)
}
