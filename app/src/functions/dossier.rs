//! An activity's dossier and meeting documents: the staff's documents page
//! and dossier page, and the documents on the activity's public page.

use crate::error::AppError;
use crate::forms::FormState;
use domain::dossier::{DocumentInfo, Dossier};
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The documents page (`…/activiteiten/:event/documenten`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsPage {
    pub organiser: OrganiserRef,
    pub event_id: i32,
    pub event_slug: String,
    pub title: String,
    /// The activity has a public page (it is no draft).
    pub public_page: bool,
    pub documents: Vec<DocumentInfo>,
    /// The upload form: empty, or as typed when a post failed.
    pub form: FormState,
    pub csrf_token: String,
}

/// The dossier page (`…/activiteiten/:event/dossier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierPage {
    pub organiser: OrganiserRef,
    pub event_slug: String,
    pub public_page: bool,
    pub dossier: Dossier,
}

/// The documents the viewer of an activity's public page may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicDocuments {
    pub documents: Vec<DocumentInfo>,
    /// The viewer sees the documents that are not public too.
    pub insider: bool,
}

#[cfg(feature = "ssr")]
fn not_found() -> AppError {
    AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into())
}

#[server(endpoint = "dossier/documents")]
pub async fn load_event_documents(organiser: String, event: String) -> Result<DocumentsPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let id = event.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let head = store::dossier::event_head(&state.db, organiser_id, id).await?.ok_or_else(not_found)?;
    let documents = store::dossier::documents(&state.db, head.id, false).await?;
    let form = crate::forms::resubmitted().unwrap_or_default();
    Ok(DocumentsPage {
        organiser,
        event_id: head.id,
        event_slug: head.slug,
        title: head.title,
        public_page: head.public_page,
        documents,
        form,
        csrf_token: viewer.csrf_token,
    })
}

#[server(endpoint = "dossier")]
pub async fn load_event_dossier(organiser: String, event: String) -> Result<DossierPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let id = event.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let head = store::dossier::event_head(&state.db, organiser_id, id).await?.ok_or_else(not_found)?;
    let dossier = store::dossier::dossier(&state.db, organiser_id, &organiser.name, id).await?.ok_or_else(not_found)?;
    if dossier.lists_names() {
        // Personal data was opened: who, which event, when (as for the participants list).
        store::privacy::log_registrations_view(
            &state.db,
            organiser_id,
            id,
            &dossier.title,
            viewer.person_id,
            state.clock.now(),
        )
        .await?;
    }
    Ok(DossierPage { organiser, event_slug: head.slug, public_page: head.public_page, dossier })
}

/// The documents of the activity with slug `event` at `organiser`: the
/// public ones, or all of them for its participants and the organiser's people.
#[server(endpoint = "event/documents")]
pub async fn load_public_documents(organiser: String, event: String) -> Result<PublicDocuments, AppError> {
    let state = crate::state::app_state()?;
    let nothing = PublicDocuments { documents: Vec::new(), insider: false };
    // Only addresses that can be an activity's are looked up.
    let (Ok(organiser), Ok(event)) = (domain::Slug::parse(&organiser), domain::Slug::parse(&event)) else {
        return Ok(nothing);
    };
    let Some((organiser_id, event_id)) =
        store::dossier::event_id_by_slugs(&state.db, organiser.as_str(), event.as_str()).await?
    else {
        return Ok(nothing);
    };
    let headers: http::HeaderMap = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let viewer = match crate::session::session_id(&headers) {
        Some(sid) => store::accounts::viewer(&state.db, &sid, state.clock.now()).await?,
        None => None,
    };
    let audience = store::dossier::audience(&state.db, viewer.as_ref(), organiser_id, event_id).await?;
    let insider = audience == domain::dossier::DocumentAudience::Insiders;
    let documents = store::dossier::documents(&state.db, event_id, !insider).await?;
    Ok(PublicDocuments { documents, insider })
}
