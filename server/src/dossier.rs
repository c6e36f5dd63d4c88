//! An activity's meeting documents and dossier (see `domain::dossier`):
//!
//! - `POST …/activiteiten/{event}/documenten`: staff upload a document, a
//!   multipart form (title, kind, public, the file). The form token is
//!   checked; the file is recognised by its bytes (for a ZIP, by the part
//!   inside that says what it is); a refused form comes back with the errors
//!   next to the fields (422); a body over the limit is refused (413).
//! - `POST …/documenten/{document}/wijzigen`: its title, kind and visibility;
//!   `POST …/documenten/{document}/verwijderen`: removes it. Both audited.
//! - `GET /regio/{organiser}/{event}/documenten/{document}`: the download.
//!   A public document for anyone; the others for the activity's participants
//!   (a confirmed registration) and the organiser's people; anyone else: 404.
//!   As an attachment with a safe name, the type detected from its bytes,
//!   `nosniff`, and kept by no shared cache unless public.
//! - `GET …/activiteiten/{event}/dossier.pdf`: the dossier as one PDF, for staff.

use crate::web::{Action, Id, Path, SignedIn, Staff, WebError, body_bytes, signed_in, staff_of};
use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::dossier::{DocumentDetails, MAX_DOCUMENT_BYTES, NewDocument, Upload, field};
use domain::forms::RawForm;
use domain::i18n::Locale;
use domain::paths;
use std::io::Read;

/// The largest document, and the form's text around it.
const UPLOAD_LIMIT: usize = MAX_DOCUMENT_BYTES + 256 * 1024;
/// A part of a ZIP read to tell what it is: `[Content_Types].xml` is a few kB.
const MAX_PART_BYTES: u64 = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::EVENT_DOCUMENTS), post(upload))
        .route(&paths::axum(paths::route::EVENT_DOCUMENT_VISIBILITY), post(update))
        .route(&paths::axum(paths::route::EVENT_DOCUMENT_REMOVE), post(remove))
        .route(&paths::axum(paths::route::EVENT_DOCUMENT), get(download))
        .route(&paths::axum(paths::route::EVENT_DOSSIER_PDF), get(dossier_pdf))
}

/// The text fields and the file of an upload's multipart body.
async fn read_upload(content_type: &str, body: Bytes) -> Result<(RawForm, Option<Upload>), multer::Error> {
    let boundary = multer::parse_boundary(content_type)?;
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(body)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut pairs, mut upload) = (Vec::new(), None);
    while let Some(part) = multipart.next_field().await? {
        let name = part.name().unwrap_or_default().to_string();
        if name == field::FILE {
            let file_name = part.file_name().unwrap_or_default().to_string();
            let bytes = part.bytes().await?.to_vec();
            // One file a form; a second one is ignored.
            if upload.is_none() {
                upload = Some(Upload { file_name, bytes });
            }
        } else {
            let data = part.bytes().await?;
            pairs.push((name, String::from_utf8_lossy(&data).into_owned()));
        }
    }
    Ok((RawForm::new(pairs), upload))
}

/// A part of the ZIP file `bytes` as text, read no further than [`MAX_PART_BYTES`].
fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let part = archive.by_name(name).ok()?;
    let mut text = String::new();
    part.take(MAX_PART_BYTES).read_to_string(&mut text).ok()?;
    Some(text)
}

async fn upload(
    State(state): State<AppState>,
    Path((organiser, Id(event_id))): Path<(String, Id)>,
    request: Request,
) -> Result<Response, WebError> {
    let (parts, body) = request.into_parts();
    // No session, or nobody of this organiser: no upload read.
    let viewer = signed_in(&state, &parts.headers).await?;
    if !viewer.may_ask(Action::Manage, &organiser) {
        return Err(WebError::NotFound);
    }
    let bytes = body_bytes(body, UPLOAD_LIMIT, "refused.document_too_large").await?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (form, upload) = if content_type.starts_with("multipart/form-data") {
        read_upload(content_type, bytes).await.map_err(|e| {
            tracing::info!(error = %e, "unreadable document upload");
            WebError::BadRequest("refused.unreadable_file")
        })?
    } else {
        (crate::web::read_form(&bytes), None)
    };
    let (viewer, access) =
        staff_of(&state, &parts.headers, &organiser, Action::Manage, "refused.not_found", &form).await?;
    if store::dossier::event_head(&state.db, access.organiser_id, event_id).await?.is_none() {
        return Err(WebError::NotFound);
    }
    let document = NewDocument::parse(&form, upload, zip_part).map_err(|errors| WebError::invalid(form, errors))?;
    let txn = store::begin_write(&state.db).await?;
    let added = store::dossier::add_document(
        &txn,
        access.organiser_id,
        event_id,
        &document,
        viewer.person_id,
        state.clock.now(),
    )
    .await?;
    if added.is_none() {
        return Err(WebError::NotFound);
    }
    txn.commit().await?;
    let list = paths::backoffice::event_documents(&access.organiser.slug, event_id);
    Ok(Redirect::to(&paths::with_notice(&list, "toegevoegd")).into_response())
}

/// A document's title, kind and visibility, from its row on the documents page.
async fn update(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(document_id))): Path<(String, Id, Id)>,
    post: Staff,
) -> Result<Response, WebError> {
    let list = paths::backoffice::event_documents(&post.organiser.slug, event_id);
    let details = match DocumentDetails::parse(&post.form, None) {
        Ok(details) => details,
        // A row of the list has no page of its own: the list says what was wrong, next to the row's field.
        Err(errors) => {
            let (field, message) =
                errors.iter().next().map(|(f, m)| (f.to_string(), m.key().to_string())).unwrap_or_default();
            let reason = message.strip_prefix("documents.error.").unwrap_or("title_required");
            return Ok(Redirect::to(&format!(
                "{list}?{}={document_id}&veld={field}&fout={reason}#document-{document_id}",
                paths::DOCUMENT_QUERY
            ))
            .into_response());
        }
    };
    let txn = store::begin_write(&state.db).await?;
    let (organiser_id, person_id) = (post.organiser_id, post.viewer.person_id);
    if !store::dossier::update_document(
        &txn,
        organiser_id,
        event_id,
        document_id,
        &details,
        person_id,
        state.clock.now(),
    )
    .await?
    {
        return Err(WebError::NotFound);
    }
    txn.commit().await?;
    Ok(Redirect::to(&paths::with_notice(&list, "gewijzigd")).into_response())
}

async fn remove(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(document_id))): Path<(String, Id, Id)>,
    post: Staff,
) -> Result<Response, WebError> {
    let txn = store::begin_write(&state.db).await?;
    let (organiser_id, person_id) = (post.organiser_id, post.viewer.person_id);
    if !store::dossier::remove_document(&txn, organiser_id, event_id, document_id, person_id, state.clock.now()).await?
    {
        return Err(WebError::NotFound);
    }
    txn.commit().await?;
    let list = paths::backoffice::event_documents(&post.organiser.slug, event_id);
    Ok(Redirect::to(&paths::with_notice(&list, "verwijderd")).into_response())
}

async fn download(
    State(state): State<AppState>,
    Path((organiser, event, Id(document_id))): Path<(String, String, Id)>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    // Only addresses that can be an activity's are looked up.
    let (Ok(organiser), Ok(event)) = (domain::Slug::parse(&organiser), domain::Slug::parse(&event)) else {
        return Err(WebError::NotFound);
    };
    let file = store::dossier::document_file(&state.db, organiser.as_str(), event.as_str(), document_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !file.public {
        let viewer = viewer.map(|SignedIn(v)| v);
        let audience = store::dossier::audience(&state.db, viewer.as_ref(), file.organiser_id, file.event_id).await?;
        if !audience.sees(false) {
            return Err(WebError::NotFound);
        }
    }
    // The name is made of safe characters only (`domain::dossier::safe_file_name`).
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.file_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let cache = if file.public { "public, max-age=300" } else { "private, no-store" };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(file.format.content_type())),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        file.bytes,
    )
        .into_response())
}

async fn dossier_pdf(
    State(state): State<AppState>,
    Path((organiser, Id(event_id))): Path<(String, Id)>,
    locale: Option<axum::Extension<Locale>>,
    viewer: Option<SignedIn>,
) -> Result<Response, WebError> {
    let locale = locale.map(|axum::Extension(l)| l).unwrap_or_default();
    let Some(SignedIn(viewer)) = viewer else { return Err(WebError::Unauthorized) };
    let access = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Manage).await? {
        store::backoffice::Decision::Allowed(access) => access,
        _ => return Err(WebError::NotFound),
    };
    let dossier = store::dossier::dossier(&state.db, access.organiser_id, &access.organiser.name, event_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let now = state.clock.now();
    if dossier.lists_names() {
        // Names leave the system: logged as the participants list is.
        store::privacy::log_registrations_view(
            &state.db,
            access.organiser_id,
            event_id,
            &dossier.title,
            viewer.person_id,
            now,
        )
        .await?;
    }
    let pdf = crate::dossier_pdf::render(&dossier, locale, store::time::to_local(now));
    let name = format!("dossier-{event_id}.pdf");
    let disposition = HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("inline"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        pdf,
    )
        .into_response())
}
