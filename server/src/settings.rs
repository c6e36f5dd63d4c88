//! `POST /beheer/{organiser}/instellingen`: the organiser's admins set who
//! signs its attendance certificates (name and function, or neither), or
//! (the form `formulier=bank`) its bank account: IBAN and BIC. A
//! refused form comes back with the message next to its field (422); staff
//! who are not admins get 403, others 404 (see `crate::web::Staff`).

use crate::web::{AdminPage, Admins, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::certificates::{Signatory, field};
use domain::iban::BankAccount;
use domain::iban::{BANK_FORM, FORM};
use domain::paths;

const BODY_LIMIT: usize = 8 * 1024;

/// Who signs the certificates is the admins' to say.
struct Settings;

impl AdminPage for Settings {
    const REFUSAL: &'static str = "refused.settings_admins";
}

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::SETTINGS), post(save))
}

async fn save(
    State(state): State<AppState>,
    Staff { viewer, organiser_id, organiser, form, .. }: Staff<Admins<Settings>, BODY_LIMIT>,
) -> Result<Response, WebError> {
    if form.get(FORM) == BANK_FORM {
        let account = BankAccount::from_form(&form).map_err(|errors| WebError::invalid(form.clone(), errors))?;
        let txn = store::begin_write(&state.db).await?;
        store::payouts::set_bank_account(&txn, organiser_id, &account, viewer.person_id, state.clock.now()).await?;
        txn.commit().await?;
        let page = paths::with_notice(&paths::backoffice::settings(&organiser.slug), "rekening-bewaard");
        return Ok(Redirect::to(&format!("{page}#bankrekening")).into_response());
    }
    let signatory = Signatory::parse(form.get(field::NAME), form.get(field::FUNCTION))
        .map_err(|errors| WebError::invalid(form.clone(), errors))?;
    store::certificates::set_signatory(&state.db, organiser_id, signatory.as_ref()).await?;
    Ok(Redirect::to(&paths::with_notice(&paths::backoffice::settings(&organiser.slug), "bewaard")).into_response())
}
