//! The back office's invoices: the list, one invoice, and the bank statement import.

use crate::error::AppError;
use crate::forms::FormState;
use domain::invoicing::{InvoiceDetail, InvoiceList, StatementPreviewRow};
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The name of the import form's text field (also posted back to confirm).
pub use domain::forms::fields::bank_statement::TEXT as STATEMENT_FIELD;

/// The bank statement page: the form, and after a post the preview of its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementPage {
    pub organiser: OrganiserRef,
    pub form: FormState,
    pub rows: Option<Vec<StatementPreviewRow>>,
    pub csrf_token: String,
}

/// The organiser's invoices and credit notes; `status` filters (`open`, `paid`).
#[server(endpoint = "invoices/list")]
pub async fn load_invoices(organiser: String, status: String) -> Result<InvoiceList, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let filter = domain::InvoiceStatus::parse(&status).ok();
    Ok(store::invoices::list_view(&state.db, organiser_id, organiser, filter).await?)
}

/// One invoice or credit note of the organiser.
#[server(endpoint = "invoices/detail")]
pub async fn load_invoice(organiser: String, invoice: String) -> Result<InvoiceDetail, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let not_found = || AppError::NotFound(crate::i18n::tr("invoices.not_found").into());
    let id = invoice.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    store::invoices::detail_view(&state.db, organiser_id, organiser, id, viewer.csrf_token.clone())
        .await?
        .ok_or_else(not_found)
}

/// The import form; after a post, the preview of the statement that was sent.
#[server(endpoint = "invoices/statement")]
pub async fn load_statement(organiser: String) -> Result<StatementPage, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let mut form = crate::forms::resubmitted().unwrap_or_default();
    let text = form.values.get_raw(STATEMENT_FIELD).to_string();
    let rows = if text.trim().is_empty() || form.error(STATEMENT_FIELD).is_some() {
        None
    } else {
        match domain::bank::parse_statement(&text) {
            Ok(lines) => Some(store::invoices::preview_statement(&state.db, organiser_id, &lines).await?),
            Err(e) => {
                form.errors.add(STATEMENT_FIELD, e.message());
                None
            }
        }
    };
    Ok(StatementPage { organiser, form, rows, csrf_token: viewer.csrf_token })
}
