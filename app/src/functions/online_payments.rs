//! The back office's online payments: what came in through Stripe and went
//! back, and the payments that need a decision.

use crate::error::AppError;
use domain::online_payments::OnlinePaymentList;
use leptos::prelude::*;

/// The organiser's online payments; `filter` = `te-controleren` keeps the flagged ones.
#[server(endpoint = "payments/list")]
pub async fn load_online_payments(organiser: String, filter: String) -> Result<OnlinePaymentList, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let (organiser_id, organiser) = crate::functions::account::staff_organiser(&state, &viewer, &organiser).await?;
    let only_flagged = filter == "te-controleren";
    let rows = store::orders::pay::online_orders(&state.db, organiser_id, only_flagged).await?;
    let may_refund = viewer.is_admin_of(organiser.slug.as_str());
    Ok(OnlinePaymentList { organiser, rows, only_flagged, may_refund, csrf_token: viewer.csrf_token })
}
