//! Invoices at the edges: the PDF and UBL files (downloads for the
//! organiser's staff, attachments for the booker), marking an invoice paid
//! by hand, and the bank statement import (preview, then confirm).

use crate::web::{Action, Id, Page, Path, SignedIn, Staff, WebError, body_bytes, read_form, staff_of};
use app::forms::FormState;
use app::functions::invoices::STATEMENT_FIELD;
use app::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use domain::forms::{FieldErrors, Message, RawForm};
use domain::i18n::{self, Locale};
use domain::mail::{Attachment, OutgoingMail};
use domain::paths;
use store::invoices::Issued;

/// A CODA or CSV statement of a few months, as a file or percent-encoded text.
const STATEMENT_LIMIT: usize = 4 * 1024 * 1024;
use domain::forms::fields::bank_statement::FILE as FILE_FIELD;

pub fn router() -> Router<AppState> {
    // The static segment wins over the parameter, as in the app's routes.
    Router::new()
        .route(&paths::axum(paths::route::STATEMENT_IMPORT), post(import_statement))
        .route(&paths::axum(paths::route::INVOICE), post(mark_paid))
        .route(&paths::axum(paths::route::INVOICE_PDF), get(download_pdf))
        .route(&paths::axum(paths::route::INVOICE_UBL), get(download_ubl))
}

/// The file name of a document, without extension: `factuur-2026-00042`,
/// `facture-2026-00042`, `invoice-2026-00042`.
pub fn file_stem(locale: Locale, issued: &Issued) -> String {
    let kind = match issued.document.kind() {
        domain::invoicing::DocumentKind::Invoice => i18n::text(locale, "pdf.file_invoice"),
        domain::invoicing::DocumentKind::CreditNote => i18n::text(locale, "pdf.file_credit_note"),
    };
    format!("{kind}-{}", issued.document.number)
}

/// The PDF (in `locale`, the mail's language) and the UBL of a document, to attach to a mail.
pub fn attachments(locale: Locale, issued: &Issued) -> Vec<Attachment> {
    let stem = file_stem(locale, issued);
    vec![
        Attachment {
            filename: format!("{stem}.pdf"),
            content_type: "application/pdf".into(),
            content: base64::engine::general_purpose::STANDARD
                .encode(crate::invoice_pdf::render(&issued.document, locale)),
            base64: true,
            inline_id: None,
        },
        Attachment {
            filename: format!("{stem}.xml"),
            content_type: "application/xml; charset=utf-8".into(),
            content: issued.document.to_ubl(),
            base64: false,
            inline_id: None,
        },
    ]
}

/// The lines a mail uses to present an attached invoice.
pub fn invoice_lines(locale: Locale, issued: &Issued) -> Vec<String> {
    let d = &issued.document;
    let total = d.totals().due.display_in(locale);
    let mut lines =
        vec![i18n::text_with(locale, "mail.invoice_attached", &[("number", &d.number.to_string()), ("total", &total)])];
    if let (Some(ogm), Some(due)) = (d.payment_reference, d.due_date) {
        let due = domain::dates::date_document_in(locale, due);
        let ogm = ogm.to_string();
        lines.push(match d.supplier.iban.as_deref() {
            Some(iban) => i18n::text_with(
                locale,
                "mail.invoice_transfer_to",
                &[("total", &total), ("iban", iban), ("due", &due), ("ogm", &ogm)],
            ),
            None => {
                i18n::text_with(locale, "mail.invoice_transfer", &[("total", &total), ("due", &due), ("ogm", &ogm)])
            }
        });
    }
    lines
}

/// A mail to the booker carrying an invoice (for a seat taken from the waiting list).
pub fn invoice_mail(locale: Locale, issued: &Issued, organiser_name: &str, event_title: &str) -> Option<OutgoingMail> {
    let to = domain::Email::parse(issued.document.customer.email.as_deref()?).ok()?;
    let subject = i18n::text_with(
        locale,
        "mail.invoice_subject",
        &[("number", &issued.document.number.to_string()), ("event", event_title)],
    );
    let mut lines = vec![i18n::text_with(locale, "mail.invoice_seat_taken", &[("event", event_title)])];
    lines.extend(invoice_lines(locale, issued));
    let (text_body, html_body) = crate::mail::render_in(locale, Some(organiser_name), &subject, &lines, None);
    Some(OutgoingMail {
        organiser_id: Some(issued.organiser_id),
        to,
        to_name: None,
        subject,
        text_body,
        html_body,
        attachments: attachments(locale, issued),
    })
}

/// The staff member asking for one of `organiser`'s documents; 401 without a
/// session, 404 for anyone else and for others' ids.
async fn staff_document(
    state: &AppState,
    viewer: Option<SignedIn>,
    organiser: &str,
    invoice: i32,
) -> Result<Issued, WebError> {
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let access = match store::backoffice::may(&state.db, &viewer, organiser, Action::Manage).await? {
        store::backoffice::Decision::Allowed(access) => access,
        _ => return Err(WebError::NotFound),
    };
    store::invoices::document(&state.db, access.organiser_id, invoice).await?.ok_or(WebError::NotFound)
}

pub(crate) fn download(body: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("inline; filename=\"{filename}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("inline"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}

/// The PDF in the reader's language.
async fn download_pdf(
    State(state): State<AppState>,
    Path((organiser, Id(invoice))): Path<(String, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let issued = staff_document(&state, viewer, &organiser, invoice).await?;
    Ok(download(
        crate::invoice_pdf::render(&issued.document, locale),
        "application/pdf",
        &format!("{}.pdf", file_stem(locale, &issued)),
    ))
}

async fn download_ubl(
    State(state): State<AppState>,
    Path((organiser, Id(invoice))): Path<(String, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let issued = staff_document(&state, viewer, &organiser, invoice).await?;
    Ok(download(
        issued.document.to_ubl().into_bytes(),
        "application/xml; charset=utf-8",
        &format!("{}.xml", file_stem(locale, &issued)),
    ))
}

/// "Markeer als betaald": the payment came in some other way.
async fn mark_paid(
    State(state): State<AppState>,
    Path((_, Id(id))): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser: organiser_ref, form, .. }: Staff,
) -> Result<Response, WebError> {
    let back = paths::backoffice::invoice(organiser_ref.slug.as_str(), id);
    if form.get(domain::forms::fields::ACTION) != domain::forms::fields::invoice::MARK_PAID {
        return Ok(Redirect::to(&back).into_response());
    }
    let txn = store::begin_write(&state.db).await?;
    match store::invoices::mark_paid(&txn, organiser_id, id, viewer.person_id, state.clock.now()).await? {
        None => Err(WebError::NotFound),
        Some(false) => Ok(Redirect::to(&back).into_response()),
        Some(true) => {
            txn.commit().await?;
            Ok(Redirect::to(&paths::with_notice(&back, "betaald")).into_response())
        }
    }
}

/// The bank statement: a preview of what it would book, then (with
/// `bevestigen=1`) the payments.
async fn import_statement(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    request: Request,
) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    let bytes = body_bytes(body, STATEMENT_LIMIT, "invoices.file_too_large").await?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let form = if content_type.starts_with("multipart/form-data") {
        crate::partners::read_multipart(content_type, bytes, FILE_FIELD, STATEMENT_FIELD).await.map_err(|e| {
            tracing::info!(error = %e, "unreadable upload");
            WebError::BadRequest("invoices.file_unreadable")
        })?
    } else {
        read_form(&bytes)
    };
    let (viewer, access) =
        staff_of(&state, &parts.headers, &organiser, Action::Manage, "refused.not_found", &form).await?;
    let (organiser_id, organiser_ref) = (access.organiser_id, access.organiser);
    let text = form.get_raw(STATEMENT_FIELD).to_string();
    let page = |error: Option<Message>| {
        let mut state = FormState::new(RawForm::new(vec![(STATEMENT_FIELD.to_string(), text.clone())]));
        if let Some(message) = error {
            let mut errors = FieldErrors::new();
            errors.add(STATEMENT_FIELD, message);
            state.errors = errors;
        }
        state
    };
    let lines =
        domain::bank::parse_statement(&text).map_err(|e| WebError::Invalid(Box::new(page(Some(e.message())))))?;
    if form.get(domain::forms::fields::bank_statement::CONFIRM) != domain::forms::fields::bank_statement::CONFIRMED {
        return Ok(Page::new(page(None), StatusCode::OK).into_response());
    }
    let txn = store::begin_write(&state.db).await?;
    let count =
        store::invoices::apply_statement(&txn, organiser_id, &lines, viewer.person_id, state.clock.now()).await?;
    txn.commit().await?;
    Ok(Redirect::to(&format!(
        "{}&aantal={count}",
        paths::with_notice(&paths::backoffice::invoices(organiser_ref.slug.as_str()), "ingelezen")
    ))
    .into_response())
}
