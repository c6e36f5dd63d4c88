use crate::error::AppError;
use crate::forms::FormState;
use domain::listing::OrganiserRef;
use domain::people::{CoordinatorOverview, MemberRow};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The organiser's people and roles, with the invitation form for admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub organiser: OrganiserRef,
    pub members: Vec<MemberRow>,
    /// Partner organisations a coordinator can be invited for: (id, name).
    pub partners: Vec<(i32, String)>,
    pub form: FormState,
    /// Only admins invite people and take roles away; staff see the list.
    pub may_manage_people: bool,
    pub csrf_token: String,
}

#[server(endpoint = "backoffice/people")]
pub async fn load_people(organiser: String) -> Result<PeoplePage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let members = store::people::members(&state.db, organiser_id).await?;
    let partners = store::people::partner_organisations(&state.db, organiser_id).await?;
    let form = crate::forms::resubmitted().unwrap_or_else(|| {
        let mut blank = domain::forms::RawForm::default();
        blank.push("rol", domain::Role::Coordinator.code());
        FormState::new(blank)
    });
    Ok(PeoplePage {
        may_manage_people: viewer.is_admin_of(organiser.slug.as_str()),
        organiser,
        members,
        partners,
        form,
        csrf_token: viewer.csrf_token,
    })
}

/// What the signed-in person coordinates for partner organisations (empty for most people).
#[server(endpoint = "account/coordination")]
pub async fn load_coordination() -> Result<Vec<CoordinatorOverview>, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    Ok(store::people::coordinator_overviews(&state.db, viewer.person_id, state.clock.now()).await?)
}
