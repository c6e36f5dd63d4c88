//! Form posts of the partner pages: the edit form and the CSV import. Each
//! posts to its page's own address. A form with errors is answered with that
//! page rendered from what was typed (422); a preview with the page and the
//! preview of what was sent (200); a saved edit or import with a redirect to
//! the list and a message.

use crate::web::{Action, Id, Page, Path, Posted, Staff, WebError, body_bytes, read_form, staff_of};
use app::forms::FormState;
use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::forms::fields::{partner_import, proposal};
use domain::forms::{FieldErrors, Message, RawForm};
use domain::partners::{ImportError, MAX_BYTES, PartnerEdit, decode_text};
use domain::paths;
use store::partners::{DecisionRefusal, ImportOutcome, UpdateRefusal};

/// An edit form is a few hundred bytes.
const FORM_LIMIT: usize = 64 * 1024;
/// 1 MB of CSV, percent-encoded (up to three bytes per byte) or as a file
/// upload next to what the text field holds.
const IMPORT_LIMIT: usize = 3 * MAX_BYTES + 64 * 1024;
pub fn router() -> Router<AppState> {
    // The static segment wins over the parameter, as in the app's routes.
    Router::new()
        .route(&paths::axum(paths::route::PARTNERS_IMPORT), post(import))
        .route(&paths::axum(paths::route::PARTNER), post(edit))
        .route(paths::backoffice::PROPOSALS, post(decide_proposal))
}

async fn edit(
    State(state): State<AppState>,
    // Others' organisations do not exist for this organiser, whatever the form holds.
    Path((_, Id(id))): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser: organiser_ref, form, .. }: Staff<crate::web::AnyStaff, FORM_LIMIT>,
) -> Result<Response, WebError> {
    store::partners::partner(&state.db, organiser_id, id).await?.ok_or(WebError::NotFound)?;
    let municipalities = store::partners::municipalities(&state.db).await?;
    let edit =
        PartnerEdit::from_form(&form, &municipalities).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let now = state.clock.now();
    match store::partners::update_partner(&state.db, organiser_id, id, &edit, viewer.person_id, now).await? {
        Ok(outcome) => {
            let done = match (outcome.proposed, outcome.changed.is_empty()) {
                (true, _) => "voorgesteld",
                (false, true) => "ongewijzigd",
                (false, false) => "opgeslagen",
            };
            Ok(Redirect::to(&paths::with_notice(&paths::backoffice::partners(organiser_ref.slug.as_str()), done))
                .into_response())
        }
        Err(UpdateRefusal::NotFound) => Err(WebError::NotFound),
        Err(UpdateRefusal::Taken(errors)) => Err(WebError::invalid(form, errors)),
    }
}

async fn import(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    let bytes = body_bytes(body, IMPORT_LIMIT, "refused.import_too_large").await?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let form = if content_type.starts_with("multipart/form-data") {
        read_multipart(content_type, bytes, partner_import::FILE, partner_import::TEXT).await.map_err(|e| {
            tracing::info!(error = %e, "unreadable upload");
            WebError::BadRequest("refused.unreadable_file")
        })?
    } else {
        read_form(&bytes)
    };
    let (viewer, access) =
        staff_of(&state, &parts.headers, &organiser, Action::Manage, "refused.not_found", &form).await?;
    let (organiser_id, organiser_ref) = (access.organiser_id, access.organiser);
    let text = form.get_raw(partner_import::TEXT).to_string();
    // What the page shows again: the text (its preview is made by the page).
    let page = |errors: Option<ImportError>| {
        let mut state = FormState::new(RawForm::new(vec![(partner_import::TEXT.to_string(), text.clone())]));
        if let Some(e) = errors {
            if e == ImportError::TooLarge {
                // Not worth sending a megabyte back into a text field.
                state.values = RawForm::default();
            }
            let mut errors = FieldErrors::new();
            errors.add(partner_import::TEXT, e.message());
            state.errors = errors;
        }
        state
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;

    if form.get(partner_import::CONFIRM) != "1" {
        return Ok(match store::partners::preview_import(&state.db, organiser_id, &text).await? {
            Ok(plan) => {
                let status = if plan.has_errors() { unprocessable } else { StatusCode::OK };
                Page::new(page(None), status)
            }
            Err(e) => Page::new(page(Some(e)), unprocessable),
        }
        .into_response());
    }

    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    // Anything but Done leaves the transaction unfinished: nothing is written.
    // It rolls back when the handler returns, before the page renders (see
    // `crate::web::Page`): the page's queries take connections of their own.
    let refused = match store::partners::import(&txn, organiser_id, &text, viewer.person_id, now).await? {
        ImportOutcome::Done(counts) => {
            txn.commit().await?;
            let query = format!(
                "melding=geimporteerd&nieuw={}&bijgewerkt={}&ongewijzigd={}&voorstel={}",
                counts.new, counts.updated, counts.unchanged, counts.proposed
            );
            return Ok(Redirect::to(&format!("{}?{query}", paths::backoffice::partners(organiser_ref.slug.as_str())))
                .into_response());
        }
        refused => refused,
    };
    let answer = match refused {
        ImportOutcome::Done(_) | ImportOutcome::Refused(_) => Page::new(page(None), unprocessable),
        ImportOutcome::Unreadable(e) => Page::new(page(Some(e)), unprocessable),
        ImportOutcome::ChangedMeanwhile => {
            let mut form = page(None);
            form.errors.add(partner_import::TEXT, Message::new("validation.import_changed_meanwhile"));
            Page::new(form, StatusCode::CONFLICT)
        }
    };
    Ok(answer.into_response())
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
async fn decide_proposal(
    State(state): State<AppState>,
    Posted { viewer, form }: Posted<FORM_LIMIT>,
) -> Result<Response, WebError> {
    if !viewer.is_platform_admin() {
        return Err(WebError::Forbidden("refused.platform_admins_only"));
    }
    let Some(Id(id)) = Id::parse(form.get(proposal::PROPOSAL)) else { return Err(WebError::NotFound) };
    let accept = match form.get(proposal::DECISION) {
        proposal::ACCEPT => true,
        proposal::REJECT => false,
        _ => return Err(WebError::BadRequest("refused.bad_decision")),
    };
    let txn = store::begin_write(&state.db).await?;
    let back = |query: &str| Ok(Redirect::to(&format!("{}?{query}", paths::backoffice::PROPOSALS)).into_response());
    match store::partners::decide_proposal(&txn, id, accept, viewer.person_id, state.clock.now()).await? {
        Ok(()) => {
            txn.commit().await?;
            back(if accept { "melding=aanvaard" } else { "melding=afgewezen" })
        }
        // Anything else leaves the transaction unfinished: nothing is written.
        Err(DecisionRefusal::NotFound) => Err(WebError::NotFound),
        Err(DecisionRefusal::Decided) => back("fout=behandeld"),
        Err(DecisionRefusal::Taken) => back("fout=bezet"),
    }
}
