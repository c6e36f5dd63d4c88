//! Expense claims (see `domain::expense_claims`):
//!
//! - `POST /mijn/onkosten`: a trainer submits a claim, a multipart form with
//!   its receipts (or, without files, a plain form). The form token is
//!   checked; the activity must be one the signed-in person teaches (their
//!   account's e-mail is that of the organiser's trainer linked to it); a
//!   refused form comes back with the errors next to the fields (422); a
//!   body over all receipts' limits together is refused (413).
//! - `POST /beheer/{organiser}/financien/onkosten`: an admin approves
//!   (`actie=goedkeuren`) or rejects (`actie=afwijzen`, with a reason) claim
//!   `aanvraag`; the trainer is mailed either way, in the language they
//!   claimed in, through the outbox and in the same transaction.
//! - `GET …/onkosten/{claim}/bonnen/{receipt}`: a receipt, for the
//!   organiser's admins and the trainer who sent it (anyone else: 404), as
//!   an attachment with the type detected from its bytes and `nosniff`.
//! - `POST /beheer/{organiser}/instellingen/km-tarief`: the organiser's kilometre rate.

use crate::web::{
    Action, AdminPage, Admins, Id, Path, SignedIn, Staff, WebError, body_bytes, form_token_ok, read_form, signed_in,
};
use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::Email;
use domain::expense_claims::{
    APPROVE, KmRate, MAX_RECEIPT_BYTES, MAX_RECEIPTS, NewClaim, REJECT, Upload, field, rejection_reason,
};
use domain::forms::{FieldErrors, Message, RawForm};
use domain::i18n;
use domain::mail::OutgoingMail;
use domain::paths;
use store::expense_claims::{Decided, Decision};

/// Every receipt at its largest, and the form's text around them.
const SUBMIT_LIMIT: usize = MAX_RECEIPTS * MAX_RECEIPT_BYTES + 256 * 1024;
/// A decision is a few hundred bytes (a reason of at most 1000 characters).
const DECISION_LIMIT: usize = 16 * 1024;

/// Claims are decided by the organiser's admins, as its books are kept.
struct Claims;

impl AdminPage for Claims {
    const REFUSAL: &'static str = "refused.finances_admins";
}

struct Settings;

impl AdminPage for Settings {
    const REFUSAL: &'static str = "refused.settings_admins";
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::MY_EXPENSES, post(submit))
        .route(&paths::axum(paths::route::EXPENSE_CLAIMS), post(decide))
        .route(&paths::axum(paths::route::EXPENSE_RECEIPT), get(receipt))
        .route(&paths::axum(paths::route::KM_RATE), post(km_rate))
}

/// The text fields and the files of a claim's multipart body.
async fn read_claim(content_type: &str, body: Bytes) -> Result<(RawForm, Vec<Upload>), multer::Error> {
    let boundary = multer::parse_boundary(content_type)?;
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(body)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut pairs, mut uploads) = (Vec::new(), Vec::new());
    while let Some(part) = multipart.next_field().await? {
        let name = part.name().unwrap_or_default().to_string();
        if name == field::RECEIPTS {
            let file_name = part.file_name().unwrap_or_default().to_string();
            uploads.push(Upload { file_name, bytes: part.bytes().await?.to_vec() });
        } else {
            let data = part.bytes().await?;
            pairs.push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    Ok((RawForm::new(pairs), uploads))
}

async fn submit(State(state): State<AppState>, request: Request) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    // No session, no upload read.
    let viewer = signed_in(&state, &parts.headers).await?;
    let bytes = body_bytes(body, SUBMIT_LIMIT, "refused.receipts_too_large").await?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (form, uploads) = if content_type.starts_with("multipart/form-data") {
        read_claim(content_type, bytes).await.map_err(|e| {
            tracing::info!(error = %e, "unreadable expense claim");
            WebError::BadRequest("refused.unreadable_file")
        })?
    } else {
        (read_form(&bytes), Vec::new())
    };
    if !form_token_ok(&viewer, form.get(domain::forms::fields::FORM_TOKEN)) {
        return Err(WebError::FormToken);
    }
    let claim = NewClaim::parse(&form, uploads).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let Some(activity) = store::expense_claims::trainer_of(&state.db, &viewer.email, claim.event_id).await? else {
        // Not an activity they teach (or none at all): said next to the choice.
        let mut errors = FieldErrors::new();
        errors.add(field::EVENT, Message::new("expenses.error.event_required"));
        return Err(WebError::invalid(form, errors));
    };
    let now = state.clock.now();
    let locale = crate::language::current();
    let txn = store::begin_write(&state.db).await?;
    store::expense_claims::submit(&txn, &activity, &claim, locale, viewer.person_id, now).await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!("{}#mijn-aanvragen", paths::with_notice(paths::MY_EXPENSES, "ingediend"))).into_response())
}

async fn decide(
    State(state): State<AppState>,
    post: Staff<Admins<Claims>, DECISION_LIMIT>,
) -> Result<Response, WebError> {
    let Some(Id(claim_id)) = Id::parse(post.form.get(field::CLAIM)) else { return Err(WebError::NotFound) };
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let action = post.form.get(field::ACTION);
    // A refused form answers before any write (the page renders on connections of its own).
    let reason = match action {
        APPROVE => None,
        REJECT => Some(rejection_reason(&post.form, claim_id).map_err(|e| WebError::invalid(post.form.clone(), e))?),
        _ => return Err(WebError::BadRequest("refused.bad_decision")),
    };
    let txn = store::begin_write(&state.db).await?;
    let decision = match &reason {
        None => store::expense_claims::approve(&txn, organiser_id, claim_id, person_id, now).await?,
        Some(reason) => store::expense_claims::reject(&txn, organiser_id, claim_id, reason, person_id, now).await?,
    };
    let list = paths::backoffice::expense_claims(&post.organiser.slug);
    match decision {
        Decision::Done(decided) => {
            if let Some(mail) = decision_mail(&state, organiser_id, &decided) {
                store::mail::enqueue(&txn, &mail, now).await?;
            }
            txn.commit().await?;
            state.mail_wake.notify_one();
            let notice = if reason.is_some() { "afgewezen" } else { "goedgekeurd" };
            Ok(Redirect::to(&paths::with_notice(&list, notice)).into_response())
        }
        Decision::NotFound => Err(WebError::NotFound),
        Decision::AlreadyDecided => Ok(Redirect::to(&paths::with_notice(&list, "al-beslist")).into_response()),
    }
}

/// The trainer's mail about a decision, in the language they claimed in;
/// none when the trainer has no (valid) address.
fn decision_mail(state: &AppState, organiser_id: i32, decided: &Decided) -> Option<OutgoingMail> {
    let to = Email::parse(decided.trainer_email.as_deref()?.trim()).ok()?;
    let (claim, locale) = (&decided.claim, decided.locale);
    let amount = claim.total.display_full_in(locale);
    let event = claim.event_title.as_str();
    let link = paths::absolute(&state.settings.base_url, paths::MY_EXPENSES);
    let (subject, body) = match &claim.rejection_reason {
        None => (
            i18n::text_with(locale, "expenses.mail_approved_subject", &[("event", event)]),
            vec![i18n::text_with(locale, "expenses.mail_approved_body", &[("event", event), ("amount", &amount)])],
        ),
        Some(reason) => (
            i18n::text_with(locale, "expenses.mail_rejected_subject", &[("event", event)]),
            vec![
                i18n::text_with(locale, "expenses.mail_rejected_body", &[("event", event), ("amount", &amount)]),
                i18n::text_with(locale, "expenses.mail_rejected_reason", &[("reason", reason)]),
            ],
        ),
    };
    let mut lines = vec![i18n::text_with(locale, "mail.dear", &[("name", &claim.trainer_name)])];
    lines.extend(body);
    let (text_body, html_body) = crate::mail::render_in(
        locale,
        Some(&decided.organiser_name),
        &subject,
        &lines,
        Some((i18n::text(locale, "expenses.mail_button"), &link)),
    );
    Some(OutgoingMail {
        organiser_id: Some(organiser_id),
        to,
        to_name: Some(claim.trainer_name.clone()),
        subject,
        text_body,
        html_body,
        attachments: Vec::new(),
    })
}

/// A receipt, for the organiser's admins and the trainer who sent it.
async fn receipt(
    State(state): State<AppState>,
    Path((organiser, Id(claim_id), Id(receipt_id))): Path<(String, Id, Id)>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let file = store::expense_claims::receipt(&state.db, claim_id, receipt_id).await?.ok_or(WebError::NotFound)?;
    if file.organiser_slug != organiser {
        return Err(WebError::NotFound);
    }
    let trainer = file.trainer_email.as_deref().is_some_and(|e| e.trim().eq_ignore_ascii_case(viewer.email.as_str()));
    let admin = || async {
        Ok::<bool, WebError>(matches!(
            store::backoffice::may(&state.db, &viewer, &organiser, Action::Administer).await?,
            store::backoffice::Decision::Allowed(access) if access.organiser_id == file.organiser_id
        ))
    };
    if !trainer && !admin().await? {
        return Err(WebError::NotFound);
    }
    // The name is made of safe characters only (`domain::expense_claims::safe_file_name`).
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.file_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(file.kind.content_type())),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        file.bytes,
    )
        .into_response())
}

/// The organiser's kilometre rate, on its settings page. A rate that does
/// not parse comes back as a message above the field.
async fn km_rate(State(state): State<AppState>, post: Staff<Admins<Settings>, 4096>) -> Result<Response, WebError> {
    let settings = paths::backoffice::settings(&post.organiser.slug);
    let back = |notice: &str| {
        Ok(Redirect::to(&format!("{}#km-tarief", paths::with_notice(&settings, notice))).into_response())
    };
    let Ok(rate) = KmRate::parse(post.form.get(field::KM_RATE)) else { return back("km-tarief-ongeldig") };
    let txn = store::begin_write(&state.db).await?;
    store::expense_claims::set_km_rate(&txn, post.organiser_id, rate, post.viewer.person_id, state.clock.now()).await?;
    txn.commit().await?;
    back("km-tarief-bewaard")
}
