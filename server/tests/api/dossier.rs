//! An activity's meeting documents and dossier: staff upload each accepted
//! format through the real multipart form (tiny valid files made here), and
//! files that lie about what they are, empty ones and too large ones are
//! refused next to the field; a document's title and visibility change and it
//! is removed, each audited. Who sees what: anyone the public documents (on
//! the public page and to download), participants and the organiser's people
//! all of them; a stranger and another organiser's staff get 404. The
//! dossier page and its PDF show the programme, organisations, attendance
//! and documents.

use crate::accounts::sign_in;
use crate::helpers::{TestApp, csrf_of};
use crate::on_both_databases;
use chrono::Utc;
use domain::{EventStatus, RegistrationStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::Write;
use store::entities::{
    audit_entry, check_in, event, event_document, event_session, organisation, organiser, person, registration,
    ticket_type,
};

const KEMPEN: &str = "biz-kempen";
const KEMPEN_STAFF: &str = "tabitha.tanghe@cawdekempen.test";
const KEMPEN_TRAINER: &str = "alexander.exelmans@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";
const PARTICIPANT: &str = "els.peeters@ocmw-mol.test";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

/// A ZIP with these (name, text) parts, stored uncompressed (`mimetype` first, as OpenDocument has it).
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in parts {
            zip.start_file(*name, options).expect("zip part");
            zip.write_all(text.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip");
    }
    out.into_inner()
}

fn ooxml(main: &str, part: &str) -> Vec<u8> {
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{part}" ContentType="{main}"/></Types>"#
    );
    zip_of(&[("[Content_Types].xml", &types), (part, "<x/>")])
}

fn odf(mimetype: &str) -> Vec<u8> {
    zip_of(&[("mimetype", mimetype), ("content.xml", "<office:document-content/>")])
}

/// An OLE2 compound file whose directory names `stream`.
fn compound(stream: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    for name in ["Root Entry", stream] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        bytes.extend(entry);
    }
    bytes
}

/// Every accepted format: (file name, bytes, stored content type).
fn accepted() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("agenda.pdf", PDF.to_vec(), "application/pdf"),
        (
            "verslag.docx",
            ooxml(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "word/document.xml",
            ),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "cijfers.xlsx",
            ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "slides.pptx",
            ooxml(
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                "ppt/presentation.xml",
            ),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("tekst.odt", odf("application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text"),
        (
            "blad.ods",
            odf("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "voorstelling.odp",
            odf("application/vnd.oasis.opendocument.presentation"),
            "application/vnd.oasis.opendocument.presentation",
        ),
        ("oud.doc", compound("WordDocument"), "application/msword"),
        ("oud.xls", compound("Workbook"), "application/vnd.ms-excel"),
        ("oud.ppt", compound("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ]
}

/// A multipart body: text fields, then the file in `bestand`.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    crate::helpers::multipart(fields, "bestand", file.as_slice())
}

async fn upload(app: &TestApp, cookie: &str, path: &str, body: Vec<u8>) -> crate::helpers::Posted {
    app.post_multipart(path, &[("cookie", cookie)], body).await
}

struct Download {
    status: u16,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
}

async fn download(app: &TestApp, cookie: Option<&str>, path: &str) -> Download {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("request");
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    Download { status, headers, bytes: response.bytes().await.map(|b| b.to_vec()).unwrap_or_default() }
}

fn header(d: &Download, name: &str) -> String {
    d.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

async fn kempen_id(app: &TestApp) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(KEMPEN)).one(&app.db).await.unwrap().unwrap().id
}

/// A published Kempen meeting with one session; returns its id and slug.
async fn published_meeting(app: &TestApp, title: &str) -> (i32, String) {
    let id = app.insert_draft(KEMPEN, title, true).await;
    let found = event::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let slug = found.slug.clone();
    let mut active: event::ActiveModel = found.into();
    active.status = Set(EventStatus::Published);
    active.kind = Set("meeting".into());
    active.published_at = Set(Some(Utc::now()));
    active.update(&app.db).await.unwrap();
    (id, slug)
}

/// A confirmed registration of `email` (of `organisation`, if any) for the event; returns its id.
async fn register(app: &TestApp, event_id: i32, name: &str, email: &str, organisation: Option<i32>) -> i32 {
    let ticket = match ticket_type::Entity::find().filter(ticket_type::Column::EventId.eq(event_id)).one(&app.db).await
    {
        Ok(Some(t)) => t.id,
        _ => {
            ticket_type::ActiveModel {
                event_id: Set(event_id),
                name: Set("Deelnemer".into()),
                price_cents: Set(0),
                eligibility: Set("everyone".into()),
                position: Set(0),
                active: Set(true),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap()
            .id
        }
    };
    let person_id =
        person::Entity::find().filter(person::Column::Email.eq(email)).one(&app.db).await.unwrap().map(|p| p.id);
    let now = Utc::now();
    registration::ActiveModel {
        event_id: Set(event_id),
        ticket_type_id: Set(ticket),
        person_id: Set(person_id),
        attendee_name: Set(name.into()),
        attendee_email: Set(Some(email.into())),
        organisation_id: Set(organisation),
        status: Set(RegistrationStatus::Confirmed),
        price_cents: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

fn documents_path(event_id: i32) -> String {
    format!("/beheer/{KEMPEN}/activiteiten/{event_id}/documenten")
}

on_both_databases!(staff_upload_every_format_and_wrong_files_are_refused_at_the_field, |app: TestApp| async move {
    let (event_id, _) = published_meeting(&app, "Stuurgroep documenten").await;
    let staff = sign_in(&app, KEMPEN_STAFF).await;
    let path = documents_path(event_id);
    let page = app.get_with_cookie(&path, &staff).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("enctype=\"multipart/form-data\""), "a form that works without script");
    let csrf = csrf_of(&page.body);

    for (name, bytes, _) in accepted() {
        let body = multipart(&[("csrf", &csrf), ("titel", ""), ("soort", "minutes")], Some((name, &bytes)));
        let posted = upload(&app, &staff, &path, body).await;
        assert_eq!(posted.status, 303, "{name}: {}", posted.body);
        assert!(posted.location.ends_with("?melding=toegevoegd"), "{}", posted.location);
    }
    let stored =
        event_document::Entity::find().filter(event_document::Column::EventId.eq(event_id)).all(&app.db).await.unwrap();
    assert_eq!(stored.len(), accepted().len());
    for (name, bytes, content_type) in accepted() {
        let row = stored.iter().find(|d| d.file_name == name).unwrap_or_else(|| panic!("{name} stored"));
        assert_eq!((row.content_type.as_str(), row.content.as_slice()), (content_type, bytes.as_slice()));
        assert_eq!(row.sha256.len(), 64);
        assert_eq!(row.title, name.rsplit_once('.').unwrap().0, "an empty title takes the file's name");
        assert!(!row.is_public, "not public unless asked");
    }

    // Wrong bytes with a .pdf name, an empty file, one too large, none at all: said next to the field.
    let big = [PDF, &vec![b' '; domain::dossier::MAX_DOCUMENT_BYTES]].concat();
    for (file, says) in [
        (Some(("verslag.pdf", &b"<html><script>alert(1)</script></html>"[..])), "verslag.pdf is geen PDF, Word-"),
        (Some(("leeg.pdf", &b""[..])), "leeg.pdf is leeg."),
        (Some(("groot.pdf", &big[..])), "groot.pdf is te groot: hoogstens 20 MB."),
        (None, "Kies een bestand."),
    ] {
        let body = multipart(&[("csrf", &csrf), ("titel", "Fout"), ("soort", "agenda")], file);
        let posted = upload(&app, &staff, &path, body).await;
        assert_eq!(posted.status, 422, "{says}");
        assert!(posted.body.contains("field-error") && posted.body.contains(says), "{says}: {}", posted.body);
        assert!(posted.body.contains("value=\"Fout\""), "what was typed stays");
    }
    // Without the form token: refused.
    let body = multipart(&[("titel", "x"), ("soort", "agenda")], Some(("a.pdf", PDF)));
    assert_eq!(upload(&app, &staff, &path, body).await.status, 403);
    let count = event_document::Entity::find()
        .filter(event_document::Column::EventId.eq(event_id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(count as usize, accepted().len(), "nothing refused was stored");

    // Rename and make public; an empty title is refused next to that row's field.
    let first = stored.iter().find(|d| d.file_name == "agenda.pdf").unwrap().id;
    let change = format!("{path}/{first}/wijzigen");
    let done = app
        .post_form(
            &change,
            &[("csrf", &csrf), ("titel", "Agenda AV"), ("soort", "agenda"), ("openbaar", "ja")],
            &[("cookie", &staff)],
        )
        .await;
    assert_eq!((done.status, done.location.as_str()), (303, format!("{path}?melding=gewijzigd").as_str()));
    let row = event_document::Entity::find_by_id(first).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.title.as_str(), row.kind.as_str(), row.is_public), ("Agenda AV", "agenda", true));
    let refused =
        app.post_form(&change, &[("csrf", &csrf), ("titel", " "), ("soort", "agenda")], &[("cookie", &staff)]).await;
    assert_eq!(refused.status, 303);
    let shown = app.get_with_cookie(&refused.location, &staff).await;
    assert!(shown.body.contains("Geef het document een titel.") && shown.body.contains("aria-invalid=\"true\""));
    assert_eq!(event_document::Entity::find_by_id(first).one(&app.db).await.unwrap().unwrap().title, "Agenda AV");

    // Remove one.
    let last = stored.iter().find(|d| d.file_name == "oud.ppt").unwrap().id;
    let removed = app.post_form(&format!("{path}/{last}/verwijderen"), &[("csrf", &csrf)], &[("cookie", &staff)]).await;
    assert_eq!(removed.status, 303);
    assert!(event_document::Entity::find_by_id(last).one(&app.db).await.unwrap().is_none());

    // Every change is in the audit log.
    let kempen = kempen_id(&app).await;
    for action in ["document.added", "document.updated", "document.removed"] {
        let n = audit_entry::Entity::find()
            .filter(audit_entry::Column::OrganiserId.eq(kempen))
            .filter(audit_entry::Column::Action.eq(action))
            .count(&app.db)
            .await
            .unwrap();
        assert!(n >= 1, "{action} audited");
    }
    let removal = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("document.removed"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the removal audited");
    assert_eq!(removal.detail.as_deref(), Some("oud (oud.ppt)\nStuurgroep documenten"), "what and where");
});

on_both_databases!(participants_and_members_see_all_documents_others_only_the_public_ones, |app: TestApp| async move {
    let (event_id, slug) = published_meeting(&app, "Algemene vergadering documenten").await;
    let staff = sign_in(&app, KEMPEN_STAFF).await;
    let path = documents_path(event_id);
    let csrf = csrf_of(&app.get_with_cookie(&path, &staff).await.body);
    for (title, public) in [("Openbare agenda", true), ("Vertrouwelijk verslag", false)] {
        let mut fields = vec![("csrf", csrf.as_str()), ("titel", title), ("soort", "minutes")];
        if public {
            fields.push(("openbaar", "ja"));
        }
        assert_eq!(upload(&app, &staff, &path, multipart(&fields, Some(("x.pdf", PDF)))).await.status, 303);
    }
    let id_of = |title: &'static str| {
        let db = app.db.clone();
        async move {
            event_document::Entity::find()
                .filter(event_document::Column::Title.eq(title))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let (public_id, private_id) = (id_of("Openbare agenda").await, id_of("Vertrouwelijk verslag").await);
    let event_page = format!("/regio/{KEMPEN}/{slug}");
    let public_file = format!("{event_page}/documenten/{public_id}");
    let private_file = format!("{event_page}/documenten/{private_id}");

    // Anyone: the public document only, on the page and to download.
    let page = app.get(&event_page).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Openbare agenda") && !page.body.contains("Vertrouwelijk verslag"));
    let d = download(&app, None, &public_file).await;
    assert_eq!((d.status, d.bytes.as_slice()), (200, PDF));
    assert_eq!(header(&d, "content-type"), "application/pdf");
    assert_eq!(header(&d, "content-disposition"), "attachment; filename=\"x.pdf\"");
    assert_eq!(header(&d, "x-content-type-options"), "nosniff");
    assert!(header(&d, "cache-control").starts_with("public"));
    assert_eq!(download(&app, None, &private_file).await.status, 404);

    // A participant (a confirmed registration) and the organiser's people: all documents.
    register(&app, event_id, "Els Peeters", PARTICIPANT, None).await;
    for email in [PARTICIPANT, KEMPEN_TRAINER, KEMPEN_STAFF] {
        let cookie = if email == KEMPEN_STAFF { staff.clone() } else { sign_in(&app, email).await };
        let page = app.get_with_cookie(&event_page, &cookie).await;
        assert!(page.body.contains("Vertrouwelijk verslag") && page.body.contains("Openbare agenda"), "{email}");
        let d = download(&app, Some(&cookie), &private_file).await;
        assert_eq!(d.status, 200, "{email}");
        assert_eq!(header(&d, "cache-control"), "private, no-store", "{email}");
    }
    // The anonymous page was never the signed-in one.
    assert!(!app.get(&event_page).await.body.contains("Vertrouwelijk verslag"));

    // Another organiser's staff and a stranger: the public document, and 404 for the other.
    let nwvl = sign_in(&app, NWVL_STAFF).await;
    let page = app.get_with_cookie(&event_page, &nwvl).await;
    assert!(page.body.contains("Openbare agenda") && !page.body.contains("Vertrouwelijk verslag"));
    assert_eq!(download(&app, Some(&nwvl), &private_file).await.status, 404);
    assert_eq!(download(&app, Some(&nwvl), &public_file).await.status, 200);
    // A document of another activity through this activity's address: 404.
    let (other_id, other_slug) = published_meeting(&app, "Ander overleg").await;
    assert_eq!(
        download(&app, Some(&staff), &format!("/regio/{KEMPEN}/{other_slug}/documenten/{public_id}")).await.status,
        404
    );
    assert!(other_id > 0);

    // Making the confidential one public shows it to anonymous visitors at once (the page cache follows).
    let change = format!("{path}/{private_id}/wijzigen");
    let fields =
        [("csrf", csrf.as_str()), ("titel", "Vertrouwelijk verslag"), ("soort", "minutes"), ("openbaar", "ja")];
    assert_eq!(app.post_form(&change, &fields, &[("cookie", &staff)]).await.status, 303);
    assert!(app.get(&event_page).await.body.contains("Vertrouwelijk verslag"));
    assert_eq!(download(&app, None, &private_file).await.status, 200);

    // Back to a draft: its public documents are for insiders only until it is published again.
    use sea_orm::ActiveModelTrait;
    let mut draft: store::entities::event::ActiveModel =
        store::entities::event::Entity::find_by_id(event_id).one(&app.db).await.unwrap().unwrap().into();
    draft.status = sea_orm::ActiveValue::Set(domain::EventStatus::Draft);
    draft.update(&app.db).await.unwrap();
    assert_eq!(download(&app, None, &public_file).await.status, 404);
    assert_eq!(download(&app, Some(&nwvl), &public_file).await.status, 404);
    let d = download(&app, Some(&staff), &public_file).await;
    assert_eq!(d.status, 200);
    assert_eq!(header(&d, "cache-control"), "private, no-store");
});

on_both_databases!(the_dossier_shows_programme_organisations_attendance_and_documents, |app: TestApp| async move {
    let (event_id, _) = published_meeting(&app, "Stuurgroep dossier test").await;
    let staff = sign_in(&app, KEMPEN_STAFF).await;
    let path = documents_path(event_id);
    let csrf = csrf_of(&app.get_with_cookie(&path, &staff).await.body);
    let body =
        multipart(&[("csrf", &csrf), ("titel", "Verslag stuurgroep"), ("soort", "minutes")], Some(("v.pdf", PDF)));
    assert_eq!(upload(&app, &staff, &path, body).await.status, 303);
    let now = Utc::now();
    let ocmw = organisation::ActiveModel {
        kind: Set("ocmw".into()),
        name: Set("OCMW Dossierstad".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let caw = organisation::ActiveModel {
        kind: Set("caw".into()),
        name: Set("CAW Aardvark".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let came = register(&app, event_id, "Zeno Aanwezig", "zeno@example.test", Some(ocmw)).await;
    register(&app, event_id, "Yara Afwezig", "yara@example.test", Some(caw)).await;
    // A long attendance list: it breaks across pages.
    for n in 0..60 {
        let organisation = if n % 2 == 0 { Some(ocmw) } else { None };
        register(&app, event_id, &format!("Deelnemer {n:02}"), &format!("d{n}@example.test"), organisation).await;
    }
    let session = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(event_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    check_in::ActiveModel {
        registration_id: Set(came),
        session_id: Set(session.id),
        checked_in_at: Set(now),
        method: Set(domain::CheckInMethod::Manual),
        offline: Set(false),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    let dossier = format!("/beheer/{KEMPEN}/activiteiten/{event_id}/dossier");
    let page = app.get_with_cookie(&dossier, &staff).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for text in [
        "Stuurgroep dossier test",
        "Dag 1",
        "Verslag stuurgroep",
        "Zeno Aanwezig",
        "Yara Afwezig",
        "Aanwezigheidslijst",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    // OCMWs first, though the CAW comes first in the alphabet.
    let (o, c) = (page.body.find("OCMW Dossierstad").unwrap(), page.body.find("CAW Aardvark").unwrap());
    assert!(o < c, "OCMWs first");
    assert!(page.body.contains("62 ingeschreven, 1 aanwezig"), "the counts");
    let editor = app.get_with_cookie(&format!("/beheer/{KEMPEN}/activiteiten/{event_id}"), &staff).await;
    assert!(editor.body.contains(&dossier), "linked from the activity's back office");

    let pdf = download(&app, Some(&staff), &format!("{dossier}.pdf")).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(header(&pdf, "content-type"), "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&pdf.bytes);
    assert!(raw.contains("Stuurgroep dossier test") && raw.contains("OCMW Dossierstad"));
    // Where poppler is installed, the PDF parses and reads as it should.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dossier.pdf");
    std::fs::write(&file, &pdf.bytes).unwrap();
    // To look at it: `LEERNET_DOSSIER_PDF=/tmp/dossier.pdf cargo test … dossier` (then `pdftoppm -r 60 -png`).
    if let Ok(keep) = std::env::var("LEERNET_DOSSIER_PDF") {
        std::fs::write(keep, &pdf.bytes).unwrap();
    }
    if let Ok(out) = std::process::Command::new("pdftotext").arg(&file).arg("-").output() {
        assert!(out.status.success(), "pdftotext reads it: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        for line in [
            "Dossier",
            "Stuurgroep dossier test",
            "OCMW Dossierstad",
            "Zeno Aanwezig",
            "Verslag stuurgroep",
            "Deelnemer 59",
            "Pagina 2 van",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }
});
