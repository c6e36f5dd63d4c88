use crate::error::AppError;
use crate::forms::FormState;
use domain::listing::OrganiserRef;
use domain::partners::{ImportPlan, PartnerList};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The edit page of one partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerForm {
    pub organiser: OrganiserRef,
    pub id: i32,
    /// The stored name, for the title (the form may hold a new one).
    pub name: String,
    /// Other organisers link it too: identity changes become proposals.
    pub shared: bool,
    /// What this organiser proposed and the platform admin has not decided
    /// yet, in words (`naam: Sociaal Huis Geel`).
    pub pending: Vec<String>,
    pub form: FormState,
    /// (code, label) of every kind of organisation.
    pub kinds: Vec<(String, String)>,
    /// (NIS code, name) of every municipality, alphabetically.
    pub municipalities: Vec<(String, String)>,
    pub csrf_token: String,
}

/// The import page: the form, and after a preview what the import would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPage {
    pub organiser: OrganiserRef,
    pub form: FormState,
    pub plan: Option<ImportPlan>,
    pub csrf_token: String,
}

/// The organiser's partners, those matching `query` when it is not empty.
#[server(endpoint = "partners/list")]
pub async fn load_partners(organiser: String, query: String) -> Result<PartnerList, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let all = store::partners::partners(&state.db, organiser_id).await?;
    let total = all.len();
    let query = query.trim().chars().take(100).collect::<String>();
    let rows = all.into_iter().filter(|r| r.matches(&query)).collect();
    Ok(PartnerList { organiser, rows, total, query })
}

/// One partner for its edit form: as stored, or as just typed when a post failed.
#[server(endpoint = "partners/edit")]
pub async fn load_partner(organiser: String, id: String) -> Result<PartnerForm, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    // Others' organisations, and ones that do not exist, look the same.
    let not_found = || AppError::NotFound(crate::i18n::tr("error.partner_not_found").to_string());
    let id: i32 = id.parse().map_err(|_| not_found())?;
    let entry = store::partners::partner(&state.db, organiser_id, id).await?.ok_or_else(not_found)?;
    let form = crate::forms::resubmitted()
        .unwrap_or_else(|| FormState::new(domain::partners::PartnerEdit::form_values(&entry)));
    let municipalities = store::partners::municipalities(&state.db)
        .await?
        .sorted()
        .into_iter()
        .map(|m| (m.nis_code.to_string(), m.name))
        .collect();
    let locale = crate::i18n::locale();
    let kinds =
        domain::OrganisationKind::ALL.iter().map(|k| (k.code().to_string(), k.name_in(locale).to_string())).collect();
    let places = store::partners::municipalities(&state.db).await?;
    let pending = entry
        .pending
        .iter()
        .map(|(field, value)| format!("{}: {}", field.name_in(locale), field.show(value, locale, &places)))
        .collect();
    Ok(PartnerForm {
        organiser,
        id,
        name: entry.name,
        shared: entry.shared,
        pending,
        form,
        kinds,
        municipalities,
        csrf_token: viewer.csrf_token,
    })
}

/// The import form; after a post, the preview of the text that was sent.
#[server(endpoint = "partners/import")]
pub async fn load_import(organiser: String) -> Result<ImportPage, AppError> {
    use domain::forms::fields::partner_import;
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let mut form = crate::forms::resubmitted().unwrap_or_default();
    let text = form.values.get_raw(partner_import::TEXT).to_string();
    let plan = if text.trim().is_empty() || form.error(partner_import::TEXT).is_some() {
        None
    } else {
        match store::partners::preview_import(&state.db, organiser_id, &text).await? {
            Ok(plan) => Some(plan),
            Err(e) => {
                form.errors.add(partner_import::TEXT, e.message());
                None
            }
        }
    };
    Ok(ImportPage { organiser, form, plan, csrf_token: viewer.csrf_token })
}

/// The platform admin's review page: proposals for shared organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalsPage {
    pub proposals: Vec<domain::partners::ownership::ProposalView>,
    pub csrf_token: String,
}

/// The proposals waiting for a decision; for platform admins only (anyone
/// else: 404, the page does not exist for them).
#[server(endpoint = "partners/proposals")]
pub async fn load_proposals() -> Result<ProposalsPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    if !viewer.grants.iter().any(|g| g.role == domain::Role::PlatformAdmin) {
        return Err(AppError::NotFound(crate::i18n::tr("error.proposal_not_found").to_string()));
    }
    let proposals = store::partners::pending_proposals(&state.db, crate::i18n::locale()).await?;
    Ok(ProposalsPage { proposals, csrf_token: viewer.csrf_token })
}
