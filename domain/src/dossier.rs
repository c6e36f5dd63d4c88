//! An activity's dossier (issue 19, points 1 and 2): what a region shows in
//! its year report about one activity, and the meeting documents staff attach
//! to it.
//!
//! - Meeting documents ([`DocumentFormat`]) are PDF or office files (Word,
//!   Excel, PowerPoint, old and new, and OpenDocument), recognised by their
//!   bytes only, never by their name or the browser's content type: `%PDF-`;
//!   the OLE2 compound file signature and the name of the stream that makes it
//!   a Word, Excel or PowerPoint file; or a ZIP whose `mimetype` part
//!   (OpenDocument) or `[Content_Types].xml` part (Office Open XML) says which
//!   it is. Reading a part of a ZIP (it may be deflated) is the caller's: it
//!   hands [`DocumentFormat::detect`] a function that does.
//! - A document is at most [`MAX_DOCUMENT_BYTES`], has a kind
//!   ([`DocumentKind`]), a title and is public or not.
//! - [`assemble`] puts the dossier together from the activity's raw rows:
//!   the organisations that registered and came (OCMWs first), attendance per
//!   session, and for meetings the attendance list with names.

use crate::forms::{FieldErrors, Message, RawForm};
use crate::kinds::{EventKind, OrganisationKind, TrainerRole};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The fields of the documents page's forms.
pub mod field {
    pub const TITLE: &str = "titel";
    pub const KIND: &str = "soort";
    /// A checkbox: present when the document is public.
    pub const PUBLIC: &str = "openbaar";
    pub const FILE: &str = "bestand";
}

/// A document may be this large (20 MB; the server takes 26 MB a request).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;
const MAX_TITLE: usize = 200;

/// What a document is to the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Agenda,
    Minutes,
    Slides,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Agenda, DocumentKind::Minutes, DocumentKind::Slides, DocumentKind::Other];

    /// The text stored in the database.
    pub const fn code(self) -> &'static str {
        match self {
            DocumentKind::Agenda => "agenda",
            DocumentKind::Minutes => "minutes",
            DocumentKind::Slides => "slides",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Its name (`domain/locales/*/dossier.txt`).
    pub const fn label_key(self) -> &'static str {
        match self {
            DocumentKind::Agenda => "documents.kind.agenda",
            DocumentKind::Minutes => "documents.kind.minutes",
            DocumentKind::Slides => "documents.kind.slides",
            DocumentKind::Other => "documents.kind.other",
        }
    }
}

/// What a document's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Doc,
    Xls,
    Ppt,
}

const PDF_MAGIC: &[u8] = b"%PDF-";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

impl DocumentFormat {
    pub const ALL: [DocumentFormat; 10] = [
        DocumentFormat::Pdf,
        DocumentFormat::Docx,
        DocumentFormat::Xlsx,
        DocumentFormat::Pptx,
        DocumentFormat::Odt,
        DocumentFormat::Ods,
        DocumentFormat::Odp,
        DocumentFormat::Doc,
        DocumentFormat::Xls,
        DocumentFormat::Ppt,
    ];

    /// The content type it is stored and served with.
    pub const fn content_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocumentFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DocumentFormat::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            DocumentFormat::Odt => "application/vnd.oasis.opendocument.text",
            DocumentFormat::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            DocumentFormat::Odp => "application/vnd.oasis.opendocument.presentation",
            DocumentFormat::Doc => "application/msword",
            DocumentFormat::Xls => "application/vnd.ms-excel",
            DocumentFormat::Ppt => "application/vnd.ms-powerpoint",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.content_type() == content_type)
    }

    pub const fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Xlsx => "xlsx",
            DocumentFormat::Pptx => "pptx",
            DocumentFormat::Odt => "odt",
            DocumentFormat::Ods => "ods",
            DocumentFormat::Odp => "odp",
            DocumentFormat::Doc => "doc",
            DocumentFormat::Xls => "xls",
            DocumentFormat::Ppt => "ppt",
        }
    }

    /// A short name for lists: `PDF`, `Word`, `Excel`…
    pub const fn label(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Docx | DocumentFormat::Doc => "Word",
            DocumentFormat::Xlsx | DocumentFormat::Xls => "Excel",
            DocumentFormat::Pptx | DocumentFormat::Ppt => "PowerPoint",
            DocumentFormat::Odt => "OpenDocument-tekst",
            DocumentFormat::Ods => "OpenDocument-rekenblad",
            DocumentFormat::Odp => "OpenDocument-presentatie",
        }
    }

    /// What `bytes` are, by their content only. `read_part` reads a part of a
    /// ZIP file by name (`None` when it is not there or the ZIP is unreadable).
    pub fn detect(bytes: &[u8], read_part: impl Fn(&str) -> Option<String>) -> Option<DocumentFormat> {
        if bytes.starts_with(PDF_MAGIC) {
            Some(DocumentFormat::Pdf)
        } else if bytes.starts_with(OLE_MAGIC) {
            Self::from_compound_file(bytes)
        } else if bytes.starts_with(ZIP_MAGIC) {
            Self::from_zip(read_part)
        } else {
            None
        }
    }

    /// An OLE2 compound file: which of Word's, Excel's or PowerPoint's main
    /// streams its directory names. Directory entries are 128 bytes, their
    /// names UTF-16LE at the entry's start, and the directory sectors follow
    /// the 512-byte header; so only names at those places count.
    fn from_compound_file(bytes: &[u8]) -> Option<DocumentFormat> {
        let utf16 = |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).chain([0, 0]).collect() };
        let streams = [
            (utf16("WordDocument"), DocumentFormat::Doc),
            (utf16("Workbook"), DocumentFormat::Xls),
            (utf16("Book"), DocumentFormat::Xls),
            (utf16("PowerPoint Document"), DocumentFormat::Ppt),
        ];
        bytes
            .get(512..)?
            .chunks(128)
            .find_map(|entry| streams.iter().find(|(name, _)| entry.starts_with(name)).map(|(_, format)| *format))
    }

    /// A ZIP: OpenDocument says what it is in its `mimetype` part, Office
    /// Open XML in the main part's type in `[Content_Types].xml`. A file with
    /// macros (`docm`, `xlsm`, `pptm`) has other types, and is refused.
    fn from_zip(read_part: impl Fn(&str) -> Option<String>) -> Option<DocumentFormat> {
        if let Some(mimetype) = read_part("mimetype") {
            let format = DocumentFormat::from_content_type(mimetype.trim())?;
            return matches!(format, DocumentFormat::Odt | DocumentFormat::Ods | DocumentFormat::Odp).then_some(format);
        }
        let types = read_part("[Content_Types].xml")?;
        [
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", DocumentFormat::Docx),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", DocumentFormat::Xlsx),
            (
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                DocumentFormat::Pptx,
            ),
        ]
        .into_iter()
        .find(|(main, _)| types.contains(&format!("\"{main}\"")))
        .map(|(_, format)| format)
    }
}

/// A file as it was uploaded: the name the browser gave, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The uploaded name without its folders, at most 80 characters.
fn short_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.chars().take(80).collect()
}

/// A file name to offer a download under: letters, digits, `-` and `_` of
/// the uploaded name's stem (others become `_`), then the extension of what
/// the bytes are. Safe in a `Content-Disposition` header as it is.
pub fn safe_file_name(uploaded: &str, format: DocumentFormat) -> String {
    let base = short_name(uploaded);
    let stem = base.rsplit_once('.').map_or(base.as_str(), |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(60)
        .collect();
    let stem = if stem.trim_matches('_').is_empty() { "document".to_string() } else { stem };
    format!("{stem}.{}", format.extension())
}

/// A document's title, kind and visibility, as the forms post them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentDetails {
    pub title: String,
    pub kind: DocumentKind,
    pub public: bool,
}

impl DocumentDetails {
    /// `fallback_title` is used when the title is left empty (the uploaded
    /// file's name, on an upload).
    pub fn parse(form: &RawForm, fallback_title: Option<&str>) -> Result<DocumentDetails, FieldErrors> {
        let mut errors = FieldErrors::new();
        let typed = form.get(field::TITLE).trim();
        let title = if typed.is_empty() { fallback_title.map(str::trim).unwrap_or_default() } else { typed };
        let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            errors.add(field::TITLE, Message::new("documents.error.title_required"));
        } else if title.chars().count() > MAX_TITLE {
            errors
                .add(field::TITLE, Message::with("documents.error.title_too_long", &[("max", &MAX_TITLE.to_string())]));
        }
        let kind = DocumentKind::parse(form.get(field::KIND));
        if kind.is_none() {
            errors.add(field::KIND, Message::new("documents.error.kind_required"));
        }
        let public = !form.get(field::PUBLIC).is_empty();
        match kind {
            Some(kind) if errors.is_empty() => Ok(DocumentDetails { title, kind, public }),
            _ => Err(errors),
        }
    }
}

/// An upload that passed: its details, its format by content, a safe file
/// name and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub details: DocumentDetails,
    pub format: DocumentFormat,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl NewDocument {
    /// Parses the upload form; every error is named next to its field.
    /// `read_part(zip, name)` reads a part of a ZIP file (see [`DocumentFormat::detect`]).
    pub fn parse(
        form: &RawForm,
        upload: Option<Upload>,
        read_part: impl Fn(&[u8], &str) -> Option<String>,
    ) -> Result<NewDocument, FieldErrors> {
        let upload = upload.filter(|u| !u.bytes.is_empty() || !u.file_name.is_empty());
        let fallback = upload.as_ref().map(|u| {
            let name = short_name(&u.file_name);
            name.rsplit_once('.').map_or(name.clone(), |(stem, _)| stem.to_string())
        });
        let details = DocumentDetails::parse(form, fallback.as_deref());
        let file = match upload {
            None => Err(Message::new("documents.error.file_required")),
            Some(u) if u.bytes.is_empty() => {
                Err(Message::with("documents.error.file_empty", &[("name", &short_name(&u.file_name))]))
            }
            Some(u) if u.bytes.len() > MAX_DOCUMENT_BYTES => Err(Message::with(
                "documents.error.file_too_large",
                &[("name", &short_name(&u.file_name)), ("max", &(MAX_DOCUMENT_BYTES / (1024 * 1024)).to_string())],
            )),
            Some(u) => match DocumentFormat::detect(&u.bytes, |name| read_part(&u.bytes, name)) {
                Some(format) => Ok((format, u)),
                None => Err(Message::with("documents.error.file_type", &[("name", &short_name(&u.file_name))])),
            },
        };
        match (details, file) {
            (Ok(details), Ok((format, upload))) => Ok(NewDocument {
                details,
                format,
                file_name: safe_file_name(&upload.file_name, format),
                bytes: upload.bytes,
            }),
            (details, file) => {
                let mut errors = details.err().unwrap_or_default();
                if let Err(message) = file {
                    errors.add(field::FILE, message);
                }
                Err(errors)
            }
        }
    }
}

/// A stored document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: i32,
    pub kind: DocumentKind,
    pub title: String,
    pub file_name: String,
    pub format: DocumentFormat,
    pub size: i64,
    pub public: bool,
    pub uploaded_at: DateTime<FixedOffset>,
}

impl DocumentInfo {
    /// `12 kB`, `3,4 MB`.
    pub fn size_label(&self, decimal: char) -> String {
        if self.size < 1024 * 1024 {
            format!("{} kB", (self.size + 1023) / 1024)
        } else {
            let tenths = (self.size * 10 + 512 * 1024) / (1024 * 1024);
            format!("{}{decimal}{} MB", tenths / 10, tenths % 10)
        }
    }
}

/// Who may see which documents of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentAudience {
    /// Anyone: the public documents.
    Everyone,
    /// The activity's participants (a confirmed registration) and the
    /// organiser's people: all documents.
    Insiders,
}

impl DocumentAudience {
    pub fn sees(self, document_public: bool) -> bool {
        document_public || self == DocumentAudience::Insiders
    }
}

// ---------------------------------------------------------------------------
// The dossier.

/// One session of the programme, with how many were checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierSession {
    pub id: i32,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    /// The venue in one line, or `None` (online or not yet known).
    pub venue: Option<String>,
    pub online: bool,
    pub trainers: Vec<String>,
    /// Confirmed registrations checked in at this session.
    pub checked_in: u32,
}

/// A trainer or speaker, with what they did and the sessions they had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierTrainer {
    pub name: String,
    pub affiliation: Option<String>,
    pub role: TrainerRole,
    /// The titles of their sessions; empty: the whole activity.
    pub sessions: Vec<String>,
}

/// An organisation that registered people, with how many and how many came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationLine {
    /// `None`: registrations without an organisation.
    pub name: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub registered: u32,
    /// Checked in at one session at least.
    pub attended: u32,
}

/// One person on a meeting's attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceLine {
    pub name: String,
    pub organisation: Option<String>,
    /// Per session of the programme (in its order): checked in or not.
    pub present: Vec<bool>,
}

/// The activity's dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub organiser_name: String,
    pub event_id: i32,
    pub title: String,
    pub kind: EventKind,
    pub summary: String,
    pub description: String,
    pub sessions: Vec<DossierSession>,
    pub trainers: Vec<DossierTrainer>,
    /// OCMWs first, then the other organisations, each by name; the
    /// registrations without organisation last.
    pub organisations: Vec<OrganisationLine>,
    pub registered: u32,
    pub attended: u32,
    /// For meetings: who was there, by name (empty for other kinds).
    pub attendance: Vec<AttendanceLine>,
    pub documents: Vec<DocumentInfo>,
}

impl Dossier {
    /// Whether the attendance list with names belongs in the dossier.
    pub fn lists_names(&self) -> bool {
        self.kind == EventKind::Meeting
    }

    /// Number of OCMWs that registered and that came.
    pub fn ocmw_counts(&self) -> (u32, u32) {
        let ocmws = self.organisations.iter().filter(|o| o.kind == Some(OrganisationKind::Ocmw));
        ocmws.fold((0, 0), |(r, a), o| (r + u32::from(o.registered > 0), a + u32::from(o.attended > 0)))
    }
}

/// A confirmed registration, as the dossier reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationInput {
    pub id: i32,
    pub name: String,
    pub organisation_id: Option<i32>,
    /// The organisation's name as registered (kept when the row is gone).
    pub organisation_name: Option<String>,
}

/// A partner organisation named by registrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationInput {
    pub id: i32,
    pub name: String,
    pub kind: Option<OrganisationKind>,
}

/// Everything [`assemble`] needs about one activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierInput {
    pub organiser_name: String,
    pub event_id: i32,
    pub title: String,
    pub kind: EventKind,
    pub summary: String,
    pub description: String,
    /// In programme order; `checked_in` is filled in by [`assemble`].
    pub sessions: Vec<DossierSession>,
    pub trainers: Vec<DossierTrainer>,
    /// Confirmed registrations only.
    pub registrations: Vec<RegistrationInput>,
    pub organisations: Vec<OrganisationInput>,
    /// Check-ins: (registration, session).
    pub check_ins: Vec<(i32, i32)>,
    pub documents: Vec<DocumentInfo>,
}

/// Puts the dossier together: counts per organisation and session from the
/// confirmed registrations and their check-ins (check-ins of other
/// registrations, or at sessions not in the programme, do not count), and for
/// meetings the attendance list by name.
pub fn assemble(input: DossierInput) -> Dossier {
    let session_ids: Vec<i32> = input.sessions.iter().map(|s| s.id).collect();
    let registration_ids: HashSet<i32> = input.registrations.iter().map(|r| r.id).collect();
    let check_ins: HashSet<(i32, i32)> = input
        .check_ins
        .iter()
        .copied()
        .filter(|(r, s)| registration_ids.contains(r) && session_ids.contains(s))
        .collect();
    let came: HashSet<i32> = check_ins.iter().map(|(r, _)| *r).collect();
    let mut sessions = input.sessions;
    for s in &mut sessions {
        s.checked_in = check_ins.iter().filter(|(_, session)| *session == s.id).count() as u32;
    }
    let known: BTreeMap<i32, &OrganisationInput> = input.organisations.iter().map(|o| (o.id, o)).collect();
    // Grouped by organisation (or, without a known one, the name given).
    let mut groups: BTreeMap<(u8, String), OrganisationLine> = BTreeMap::new();
    for r in &input.registrations {
        let found = r.organisation_id.and_then(|id| known.get(&id));
        let name = found
            .map(|o| o.name.clone())
            .or_else(|| r.organisation_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string));
        let kind = found.and_then(|o| o.kind);
        let rank = match (&name, kind) {
            (Some(_), Some(OrganisationKind::Ocmw)) => 0,
            (Some(_), _) => 1,
            (None, _) => 2,
        };
        let key = (rank, name.as_deref().map(str::to_lowercase).unwrap_or_default());
        let line = groups.entry(key).or_insert(OrganisationLine { name, kind, registered: 0, attended: 0 });
        line.registered += 1;
        line.attended += u32::from(came.contains(&r.id));
    }
    let attendance = if input.kind == EventKind::Meeting {
        let mut lines: Vec<AttendanceLine> = input
            .registrations
            .iter()
            .map(|r| AttendanceLine {
                name: r.name.clone(),
                organisation: r
                    .organisation_id
                    .and_then(|id| known.get(&id))
                    .map(|o| o.name.clone())
                    .or_else(|| r.organisation_name.clone()),
                present: session_ids.iter().map(|s| check_ins.contains(&(r.id, *s))).collect(),
            })
            .collect();
        lines.sort_by_key(|l| l.name.to_lowercase());
        lines
    } else {
        Vec::new()
    };
    Dossier {
        organiser_name: input.organiser_name,
        event_id: input.event_id,
        title: input.title,
        kind: input.kind,
        summary: input.summary,
        description: input.description,
        sessions,
        trainers: input.trainers,
        organisations: groups.into_values().collect(),
        registered: input.registrations.len() as u32,
        attended: came.len() as u32,
        attendance,
        documents: input.documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn no_zip(_: &str) -> Option<String> {
        None
    }

    fn no_part(_: &[u8], _: &str) -> Option<String> {
        None
    }

    fn ole_with(stream: &str) -> Vec<u8> {
        let mut bytes = OLE_MAGIC.to_vec();
        bytes.resize(512 + 128, 0);
        let name: Vec<u8> = "Root Entry".encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes[512..512 + name.len()].copy_from_slice(&name);
        let mut entry: Vec<u8> = stream.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        bytes.extend(entry);
        bytes
    }

    #[test]
    fn formats_are_recognised_by_their_bytes_only() {
        assert_eq!(DocumentFormat::detect(b"%PDF-1.7\n", no_zip), Some(DocumentFormat::Pdf));
        assert_eq!(DocumentFormat::detect(&ole_with("WordDocument"), no_zip), Some(DocumentFormat::Doc));
        assert_eq!(DocumentFormat::detect(&ole_with("Workbook"), no_zip), Some(DocumentFormat::Xls));
        assert_eq!(DocumentFormat::detect(&ole_with("PowerPoint Document"), no_zip), Some(DocumentFormat::Ppt));
        // A compound file of anything else (an installer, say) is none of them.
        assert_eq!(DocumentFormat::detect(&ole_with("SummaryInformation"), no_zip), None);
        for junk in [&b"<html>"[..], b"", b"%PD", b"\x89PNG\r\n\x1a\n", b"MZ\x90\0"] {
            assert_eq!(DocumentFormat::detect(junk, no_zip), None, "{junk:?}");
        }
    }

    #[test]
    fn zip_files_say_what_they_are_inside() {
        let zip = b"PK\x03\x04rest";
        let odf = |t: &'static str| move |part: &str| (part == "mimetype").then(|| t.to_string());
        assert_eq!(
            DocumentFormat::detect(zip, odf("application/vnd.oasis.opendocument.text")),
            Some(DocumentFormat::Odt)
        );
        assert_eq!(
            DocumentFormat::detect(zip, odf("application/vnd.oasis.opendocument.presentation")),
            Some(DocumentFormat::Odp)
        );
        assert_eq!(DocumentFormat::detect(zip, odf("application/epub+zip")), None);
        assert_eq!(DocumentFormat::detect(zip, odf("application/pdf")), None, "a mimetype part does not make a PDF");
        let ooxml = |main: &'static str| {
            move |part: &str| {
                (part == "[Content_Types].xml")
                    .then(|| format!(r#"<Types><Override PartName="/x/main.xml" ContentType="{main}"/></Types>"#))
            }
        };
        let word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
        let sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
        let slides = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
        let macros = "application/vnd.ms-word.document.macroEnabled.main+xml";
        assert_eq!(DocumentFormat::detect(zip, ooxml(word)), Some(DocumentFormat::Docx));
        assert_eq!(DocumentFormat::detect(zip, ooxml(sheet)), Some(DocumentFormat::Xlsx));
        assert_eq!(DocumentFormat::detect(zip, ooxml(slides)), Some(DocumentFormat::Pptx));
        assert_eq!(DocumentFormat::detect(zip, ooxml(macros)), None, "macros are refused");
        assert_eq!(DocumentFormat::detect(zip, no_zip), None, "any other ZIP");
    }

    #[test]
    fn every_format_has_a_content_type_that_reads_back() {
        for f in DocumentFormat::ALL {
            assert_eq!(DocumentFormat::from_content_type(f.content_type()), Some(f));
        }
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.code()), Some(k));
        }
    }

    #[test]
    fn download_names_are_safe() {
        assert_eq!(safe_file_name("C:\\docs\\Verslag 12\"; x.exe", DocumentFormat::Pdf), "Verslag_12___x.pdf");
        assert_eq!(safe_file_name("agenda.docx", DocumentFormat::Docx), "agenda.docx");
        assert_eq!(safe_file_name("...", DocumentFormat::Odt), "document.odt");
        assert_eq!(safe_file_name("../../etc/passwd", DocumentFormat::Xls), "passwd.xls");
    }

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn an_upload_is_checked_field_by_field() {
        let pdf = Upload { file_name: "verslag.pdf".into(), bytes: b"%PDF-1.4 x".to_vec() };
        let ok = NewDocument::parse(&form(&[("soort", "minutes"), ("openbaar", "ja")]), Some(pdf.clone()), no_part)
            .expect("valid");
        assert_eq!(ok.details, DocumentDetails { title: "verslag".into(), kind: DocumentKind::Minutes, public: true });
        assert_eq!((ok.format, ok.file_name.as_str()), (DocumentFormat::Pdf, "verslag.pdf"));

        let fake = Upload { file_name: "verslag.pdf".into(), bytes: b"<html>".to_vec() };
        let errors = NewDocument::parse(&form(&[("titel", "Verslag"), ("soort", "minutes")]), Some(fake), no_part)
            .expect_err("not a PDF");
        assert_eq!(errors.message(field::FILE).map(Message::key), Some("documents.error.file_type"));

        let empty = Upload { file_name: "leeg.pdf".into(), bytes: Vec::new() };
        let errors =
            NewDocument::parse(&form(&[("titel", "x"), ("soort", "agenda")]), Some(empty), no_part).expect_err("empty");
        assert_eq!(errors.message(field::FILE).map(Message::key), Some("documents.error.file_empty"));

        let big = Upload { file_name: "groot.pdf".into(), bytes: vec![b'%'; MAX_DOCUMENT_BYTES + 1] };
        let errors =
            NewDocument::parse(&form(&[("titel", "x"), ("soort", "agenda")]), Some(big), no_part).expect_err("big");
        assert_eq!(errors.message(field::FILE).map(Message::key), Some("documents.error.file_too_large"));

        let errors = NewDocument::parse(&form(&[("soort", "nonsense")]), None, no_part).expect_err("nothing");
        assert_eq!(errors.message(field::FILE).map(Message::key), Some("documents.error.file_required"));
        assert_eq!(errors.message(field::KIND).map(Message::key), Some("documents.error.kind_required"));
        assert_eq!(errors.message(field::TITLE).map(Message::key), Some("documents.error.title_required"));
    }

    #[test]
    fn details_keep_a_typed_title_and_refuse_a_long_one() {
        let d = DocumentDetails::parse(&form(&[("titel", "  Agenda   AV  "), ("soort", "agenda")]), Some("x")).unwrap();
        assert_eq!((d.title.as_str(), d.public), ("Agenda AV", false));
        let long = "a".repeat(201);
        assert!(DocumentDetails::parse(&form(&[("titel", &long), ("soort", "agenda")]), None).is_err());
    }

    #[test]
    fn insiders_see_everything_everyone_else_the_public_documents() {
        assert!(DocumentAudience::Everyone.sees(true) && !DocumentAudience::Everyone.sees(false));
        assert!(DocumentAudience::Insiders.sees(false) && DocumentAudience::Insiders.sees(true));
    }

    fn at(hour: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, 5, hour, 0, 0).unwrap()
    }

    fn session(id: i32, hour: u32) -> DossierSession {
        DossierSession {
            id,
            title: format!("Sessie {id}"),
            description: None,
            starts_at: at(hour),
            ends_at: at(hour + 1),
            venue: Some("Zaal".into()),
            online: false,
            trainers: Vec::new(),
            checked_in: 99,
        }
    }

    fn registration(id: i32, name: &str, organisation: Option<i32>, given: Option<&str>) -> RegistrationInput {
        RegistrationInput {
            id,
            name: name.into(),
            organisation_id: organisation,
            organisation_name: given.map(str::to_string),
        }
    }

    fn input(kind: EventKind) -> DossierInput {
        DossierInput {
            organiser_name: "BIZ Kempen".into(),
            event_id: 7,
            title: "Stuurgroep".into(),
            kind,
            summary: String::new(),
            description: String::new(),
            sessions: vec![session(1, 9), session(2, 13)],
            trainers: Vec::new(),
            registrations: vec![
                registration(10, "Zoë", Some(100), None),
                registration(11, "an", Some(100), None),
                registration(12, "Bert", Some(200), None),
                registration(13, "Carla", None, Some("Eigen vzw")),
                registration(14, "Dirk", None, None),
                registration(15, "Eva", Some(300), None),
            ],
            organisations: vec![
                OrganisationInput { id: 100, name: "OCMW Mol".into(), kind: Some(OrganisationKind::Ocmw) },
                OrganisationInput { id: 200, name: "CAW De Kempen".into(), kind: Some(OrganisationKind::Caw) },
                OrganisationInput { id: 300, name: "ocmw Geel".into(), kind: Some(OrganisationKind::Ocmw) },
            ],
            // 10 came twice, 12 once, 99 is no confirmed registration, session 3 not in the programme.
            check_ins: vec![(10, 1), (10, 2), (12, 2), (99, 1), (11, 3)],
            documents: Vec::new(),
        }
    }

    #[test]
    fn organisations_come_ocmws_first_with_what_they_registered_and_attended() {
        let d = assemble(input(EventKind::TrainingDay));
        let lines: Vec<(Option<&str>, u32, u32)> =
            d.organisations.iter().map(|o| (o.name.as_deref(), o.registered, o.attended)).collect();
        assert_eq!(
            lines,
            vec![
                (Some("ocmw Geel"), 1, 0),
                (Some("OCMW Mol"), 2, 1),
                (Some("CAW De Kempen"), 1, 1),
                (Some("Eigen vzw"), 1, 0),
                (None, 1, 0),
            ]
        );
        assert_eq!((d.registered, d.attended), (6, 2));
        assert_eq!(d.ocmw_counts(), (2, 1));
        assert_eq!(d.sessions.iter().map(|s| s.checked_in).collect::<Vec<_>>(), vec![1, 2]);
        assert!(d.attendance.is_empty() && !d.lists_names(), "names only for meetings");
    }

    #[test]
    fn a_meeting_lists_who_was_there_per_session() {
        let d = assemble(input(EventKind::Meeting));
        assert!(d.lists_names());
        let names: Vec<&str> = d.attendance.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["an", "Bert", "Carla", "Dirk", "Eva", "Zoë"]);
        let zoe = d.attendance.iter().find(|l| l.name == "Zoë").unwrap();
        assert_eq!((zoe.organisation.as_deref(), zoe.present.as_slice()), (Some("OCMW Mol"), &[true, true][..]));
        let an = d.attendance.iter().find(|l| l.name == "an").unwrap();
        assert_eq!(an.present, vec![false, false], "a check-in outside the programme does not count");
        let carla = d.attendance.iter().find(|l| l.name == "Carla").unwrap();
        assert_eq!(carla.organisation.as_deref(), Some("Eigen vzw"));
    }

    #[test]
    fn an_activity_without_registrations_has_an_empty_dossier() {
        let mut empty = input(EventKind::Meeting);
        empty.registrations.clear();
        let d = assemble(empty);
        assert!(d.organisations.is_empty() && d.attendance.is_empty());
        assert_eq!((d.registered, d.attended), (0, 0));
        assert_eq!(d.sessions.iter().map(|s| s.checked_in).sum::<u32>(), 0);
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        let doc = |size| DocumentInfo {
            id: 1,
            kind: DocumentKind::Other,
            title: "x".into(),
            file_name: "x.pdf".into(),
            format: DocumentFormat::Pdf,
            size,
            public: false,
            uploaded_at: at(9),
        };
        assert_eq!(doc(10).size_label(','), "1 kB");
        assert_eq!(doc(3 * 1024 * 1024 + 400 * 1024).size_label(','), "3,4 MB");
    }
}
