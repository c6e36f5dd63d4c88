//! Form posts of the partner pages: the edit form and the CSV import. Each
//! posts to its page's own address. A form with errors is answered with that
//! page rendered from what was typed (422); a preview with the page and the
//! preview of what was sent (200); a saved edit or import with a redirect to
//! the list and a message.

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_page, form_token_refusal, not_found, read_form, signed_in, staff_post};
use app::forms::FormState;
use app::functions::partners::CSV_FIELD;
use app::state::AppState;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::forms::{FieldErrors, Message, RawForm};
use domain::partners::{ImportError, MAX_BYTES, PartnerEdit, decode_text};
use domain::paths;
use store::partners::{DecisionRefusal, ImportOutcome, UpdateRefusal};

/// An edit form is a few hundred bytes.
const FORM_LIMIT: usize = 64 * 1024;
/// 1 MB of CSV, percent-encoded (up to three bytes per byte) or as a file
/// upload next to what the text field holds.
const IMPORT_LIMIT: usize = 3 * MAX_BYTES + 64 * 1024;
/// The file input of the import form.
const FILE_FIELD: &str = "bestand";

pub fn router() -> Router<AppState> {
    // The static segment wins over the parameter, as in the app's routes.
    Router::new()
        .route(&paths::axum(paths::route::PARTNERS_IMPORT), post(import))
        .route(&paths::axum(paths::route::PARTNER), post(edit))
        .route(paths::backoffice::PROPOSALS, post(decide_proposal))
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, Response> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        tracing::info!(error = %e, "form post refused");
        (StatusCode::PAYLOAD_TOO_LARGE, crate::language::tr("refused.import_too_large")).into_response()
    })
}

async fn edit(
    State(state): State<AppState>,
    Path((organiser, organisation)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, FORM_LIMIT).await {
        Ok(bytes) => read_form(&bytes),
        Err(response) => return response,
    };
    let StaffPost { viewer, organiser_id, organiser: organiser_ref } =
        match staff_post(&state, &parts.headers, &organiser, &form).await {
            Ok(post) => post,
            Err(response) => return response,
        };
    // Others' organisations do not exist for this organiser, whatever the form holds.
    let Ok(id) = organisation.parse::<i32>() else { return not_found() };
    match store::partners::partner(&state.db, organiser_id, id).await {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    }
    let municipalities = match store::partners::municipalities(&state.db).await {
        Ok(m) => m,
        Err(e) => return server_error(e),
    };
    let edit = match PartnerEdit::from_form(&form, &municipalities) {
        Ok(edit) => edit,
        Err(errors) => {
            return answer_with_page(
                &state,
                &parts,
                FormState { values: form, errors },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let now = state.clock.now();
    match store::partners::update_partner(&state.db, organiser_id, id, &edit, viewer.person_id, now).await {
        Ok(Ok(outcome)) => {
            let done = match (outcome.proposed, outcome.changed.is_empty()) {
                (true, _) => "voorgesteld",
                (false, true) => "ongewijzigd",
                (false, false) => "opgeslagen",
            };
            Redirect::to(&paths::with_notice(&paths::backoffice::partners(organiser_ref.slug.as_str()), done))
                .into_response()
        }
        Ok(Err(UpdateRefusal::NotFound)) => not_found(),
        Ok(Err(UpdateRefusal::Taken(errors))) => {
            answer_with_page(&state, &parts, FormState { values: form, errors }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => server_error(e),
    }
}

async fn import(State(state): State<AppState>, Path(organiser): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match read_body(body, IMPORT_LIMIT).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let form = if content_type.starts_with("multipart/form-data") {
        match read_multipart(content_type, bytes, FILE_FIELD, CSV_FIELD).await {
            Ok(form) => form,
            Err(e) => {
                tracing::info!(error = %e, "unreadable upload");
                return (StatusCode::BAD_REQUEST, crate::language::tr("refused.unreadable_file")).into_response();
            }
        }
    } else {
        read_form(&bytes)
    };
    let StaffPost { viewer, organiser_id, organiser: organiser_ref } =
        match staff_post(&state, &parts.headers, &organiser, &form).await {
            Ok(post) => post,
            Err(response) => return response,
        };
    let text = form.get_raw(CSV_FIELD).to_string();
    // What the page shows again: the text (its preview is made by the page).
    let page = |errors: Option<ImportError>| {
        let mut state = FormState::new(RawForm::new(vec![(CSV_FIELD.to_string(), text.clone())]));
        if let Some(e) = errors {
            if e == ImportError::TooLarge {
                // Not worth sending a megabyte back into a text field.
                state.values = RawForm::default();
            }
            let mut errors = FieldErrors::new();
            errors.add(CSV_FIELD, e.message());
            state.errors = errors;
        }
        state
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;

    if form.get("bevestigen") != "1" {
        return match store::partners::preview_import(&state.db, organiser_id, &text).await {
            Ok(Ok(plan)) => {
                let status = if plan.has_errors() { unprocessable } else { StatusCode::OK };
                answer_with_page(&state, &parts, page(None), status).await
            }
            Ok(Err(e)) => answer_with_page(&state, &parts, page(Some(e)), unprocessable).await,
            Err(e) => server_error(e),
        };
    }

    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let now = state.clock.now();
    // Anything but Done leaves the transaction unfinished: nothing is written.
    let refused = match store::partners::import(&txn, organiser_id, &text, viewer.person_id, now).await {
        Ok(ImportOutcome::Done(counts)) => {
            if let Err(e) = txn.commit().await {
                return server_error(e);
            }
            let query = format!(
                "melding=geimporteerd&nieuw={}&bijgewerkt={}&ongewijzigd={}&voorstel={}",
                counts.new, counts.updated, counts.unchanged, counts.proposed
            );
            return Redirect::to(&format!("{}?{query}", paths::backoffice::partners(organiser_ref.slug.as_str())))
                .into_response();
        }
        Ok(refused) => refused,
        Err(e) => return server_error(e),
    };
    // Roll back before the page renders: its queries take connections of their
    // own, and the unfinished transaction must not hold one (or its locks) meanwhile.
    drop(txn);
    match refused {
        ImportOutcome::Done(_) | ImportOutcome::Refused(_) => {
            answer_with_page(&state, &parts, page(None), unprocessable).await
        }
        ImportOutcome::Unreadable(e) => answer_with_page(&state, &parts, page(Some(e)), unprocessable).await,
        ImportOutcome::ChangedMeanwhile => {
            let mut form = page(None);
            form.errors.add(CSV_FIELD, Message::new("validation.import_changed_meanwhile"));
            answer_with_page(&state, &parts, form, StatusCode::CONFLICT).await
        }
    }
}

/// The pairs of a `multipart/form-data` body. An uploaded file (Excel's
/// Windows-1252 or UTF-8) in `file_field` takes the place of the pasted text
/// in `text_field`, so the page shows it and the confirmation posts it back as text.
pub(crate) async fn read_multipart(
    content_type: &str,
    body: Bytes,
    file_field: &str,
    text_field: &str,
) -> Result<RawForm, multer::Error> {
    let boundary = multer::parse_boundary(content_type)?;
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(body)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut pairs = Vec::new();
    let mut file = None;
    while let Some(part) = multipart.next_field().await? {
        let name = part.name().unwrap_or_default().to_string();
        let data = part.bytes().await?;
        if name == file_field {
            // A form sent without choosing a file still has an empty file part.
            if !data.is_empty() {
                file = Some(decode_text(&data));
            }
        } else {
            pairs.push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    if let Some(text) = file {
        pairs.retain(|(name, _)| name != text_field);
        pairs.push((text_field.to_string(), text));
    }
    Ok(RawForm::new(pairs))
}

/// A platform admin accepts (`besluit=aanvaarden`) or rejects (`afwijzen`)
/// proposal `voorstel`, in one transaction with its audit entries. Anyone
/// else gets 403, like the other platform admin post (`/beheer`).
async fn decide_proposal(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, FORM_LIMIT).await {
        Ok(bytes) => read_form(&bytes),
        Err(response) => return response,
    };
    let viewer = match signed_in(&state, &parts.headers).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    if let Some(refusal) = form_token_refusal(&viewer, form.get("csrf")) {
        return refusal;
    }
    if !viewer.grants.iter().any(|g| g.role == domain::Role::PlatformAdmin) {
        return (StatusCode::FORBIDDEN, crate::language::tr("refused.platform_admins_only")).into_response();
    }
    let Some(id) = form.get("voorstel").parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let accept = match form.get("besluit") {
        "aanvaarden" => true,
        "afwijzen" => false,
        _ => return (StatusCode::BAD_REQUEST, crate::language::tr("refused.bad_decision")).into_response(),
    };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let back = |query: &str| Redirect::to(&format!("{}?{query}", paths::backoffice::PROPOSALS)).into_response();
    match store::partners::decide_proposal(&txn, id, accept, viewer.person_id, state.clock.now()).await {
        Ok(Ok(())) => match txn.commit().await {
            Ok(()) => back(if accept { "melding=aanvaard" } else { "melding=afgewezen" }),
            Err(e) => server_error(e),
        },
        // Anything else leaves the transaction unfinished: nothing is written.
        Ok(Err(DecisionRefusal::NotFound)) => not_found(),
        Ok(Err(DecisionRefusal::Decided)) => back("fout=behandeld"),
        Ok(Err(DecisionRefusal::Taken)) => back("fout=bezet"),
        Err(e) => server_error(e),
    }
}
