//! An organiser's partner organisations: the list, the edit form and the CSV
//! import. The import is checked here in two steps, both pure: [`parse_csv`]
//! turns the text into rows that are valid or carry their errors, and
//! [`plan_import`] compares those rows with the directory and says per row
//! what an import would do. The store only loads the directory and carries
//! out the plan, so the preview and the import itself cannot disagree.

use crate::csv_files;
use crate::email::Email;
use crate::enterprise::EnterpriseNumber;
use crate::forms::{FieldErrors, Message, RawForm};
use crate::i18n::{self, Locale};
use crate::kinds::OrganisationKind;
use crate::listing::OrganiserRef;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

pub mod ownership;
pub use ownership::{Decision, Identity, IdentityChanges, IdentityField, decide};

/// The largest CSV text an import takes (Excel exports of 2,000 rows stay far below).
pub const MAX_BYTES: usize = 1_000_000;
/// The most data rows an import takes: one transaction should stay short.
pub const MAX_ROWS: usize = 2_000;
/// Longest name, street, city we accept; longer is a paste gone wrong.
const MAX_TEXT: usize = 200;

// --- values --------------------------------------------------------------

/// A Belgian postcode: four digits, 1000 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Postcode(u16);

impl Postcode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let t = input.trim();
        match t.parse::<u16>() {
            Ok(n) if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && (1000..=9999).contains(&n) => {
                Ok(Postcode(n))
            }
            _ => Err("een postcode telt 4 cijfers, van 1000 tot 9999".to_string()),
        }
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A Flemish municipality (the directory's reference list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    pub nis_code: i32,
    pub name: String,
}

/// Municipalities by name, found whatever the case, accents or hyphens:
/// "sint niklaas" and "Sint-Niklaas" are the same place.
#[derive(Debug, Clone, Default)]
pub struct MunicipalityIndex {
    by_key: HashMap<String, Municipality>,
    by_nis: HashMap<i32, Municipality>,
}

impl MunicipalityIndex {
    pub fn new(all: impl IntoIterator<Item = Municipality>) -> Self {
        let mut index = MunicipalityIndex::default();
        for m in all {
            index.by_key.insert(fold(&m.name), m.clone());
            index.by_nis.insert(m.nis_code, m);
        }
        index
    }

    pub fn find(&self, name: &str) -> Option<&Municipality> {
        self.by_key.get(&fold(name))
    }

    pub fn by_nis(&self, nis_code: i32) -> Option<&Municipality> {
        self.by_nis.get(&nis_code)
    }

    /// All of them, alphabetically (for a choice list).
    pub fn sorted(&self) -> Vec<Municipality> {
        let mut all: Vec<Municipality> = self.by_nis.values().cloned().collect();
        all.sort_by_key(|m| fold(&m.name));
        all
    }
}

/// Text reduced for comparing: lower case, accents dropped, every run of
/// spaces and punctuation one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        };
        if base.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(base);
        } else {
            gap = true;
        }
    }
    out
}

/// A kind of organisation as people write it: the code (`youth_care`), the
/// Dutch word (`jeugdhulp`) or the label (`OCMW`), in any case.
pub fn parse_kind(input: &str) -> Result<OrganisationKind, String> {
    let wanted = fold(input);
    OrganisationKind::ALL
        .iter()
        .copied()
        .find(|k| [k.code(), k.url_slug(), k.label_nl()].iter().any(|s| fold(s) == wanted))
        .ok_or_else(|| {
            let known: Vec<&str> = OrganisationKind::ALL.iter().map(|k| k.url_slug()).collect();
            format!("onbekende soort «{}»; kies uit {}", input.trim(), known.join(", "))
        })
}

/// Uploaded files are decoded where every spreadsheet file is (UTF-8 or Windows-1252).
pub use crate::csv_files::decode_text;

// --- the CSV file ---------------------------------------------------------

/// The columns an import file may have; only `naam` is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    Name,
    Kind,
    EnterpriseNumber,
    Street,
    Postcode,
    Municipality,
    Email,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Kind,
        Column::EnterpriseNumber,
        Column::Street,
        Column::Postcode,
        Column::Municipality,
        Column::Email,
    ];

    /// The column's heading in the file, and its name in messages.
    pub const fn header(self) -> &'static str {
        match self {
            Column::Name => "naam",
            Column::Kind => "soort",
            Column::EnterpriseNumber => "ondernemingsnummer",
            Column::Street => "straat",
            Column::Postcode => "postcode",
            Column::Municipality => "gemeente",
            Column::Email => "email",
        }
    }
}

/// The file as a whole cannot be read; nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("Plak de inhoud van een CSV-bestand of kies een bestand.")]
    Empty,
    #[error("Dit bestand is te groot: een import mag hoogstens 1 MB zijn. Splits het op.")]
    TooLarge,
    #[error("Dit bestand telt {0} regels; een import mag hoogstens 2000 organisaties bevatten. Splits het op.")]
    TooManyRows(usize),
    #[error(
        "De eerste regel moet de kolomnamen bevatten, met minstens «naam», bv. naam;soort;ondernemingsnummer;straat;postcode;gemeente;email."
    )]
    NoNameColumn,
    #[error(
        "Onbekende kolom «{0}» in de eerste regel. Toegelaten: naam, soort, ondernemingsnummer, straat, postcode, gemeente, email."
    )]
    UnknownColumn(String),
    #[error("De kolom «{0}» staat twee keer in de eerste regel.")]
    DuplicateColumn(String),
    #[error("Regel {0}: een aanhalingsteken (\") wordt niet gesloten, zodat de rest van het bestand niet te lezen is.")]
    UnclosedQuote(usize),
}

impl ImportError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            ImportError::Empty => Message::new("validation.import_empty"),
            ImportError::TooLarge => Message::new("validation.import_too_large"),
            ImportError::TooManyRows(rows) => {
                Message::with("validation.import_too_many_rows", &[("rows", &rows.to_string())])
            }
            ImportError::NoNameColumn => Message::new("validation.import_no_name_column"),
            ImportError::UnknownColumn(column) => {
                Message::with("validation.import_unknown_column", &[("column", column)])
            }
            ImportError::DuplicateColumn(column) => {
                Message::with("validation.import_duplicate_column", &[("column", column)])
            }
            ImportError::UnclosedQuote(line) => {
                Message::with("validation.import_unclosed_quote", &[("line", &line.to_string())])
            }
        }
    }
}

/// One data row's cells, as typed (what the preview shows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub name: String,
    pub kind: String,
    pub enterprise_number: String,
    pub street: String,
    pub postcode: String,
    pub municipality: String,
    pub email: String,
}

impl RawRow {
    fn cell_mut(&mut self, column: Column) -> &mut String {
        match column {
            Column::Name => &mut self.name,
            Column::Kind => &mut self.kind,
            Column::EnterpriseNumber => &mut self.enterprise_number,
            Column::Street => &mut self.street,
            Column::Postcode => &mut self.postcode,
            Column::Municipality => &mut self.municipality,
            Column::Email => &mut self.email,
        }
    }
}

/// A valid row: what the file says about one organisation. Empty cells are
/// `None` and never blank out what the directory already knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRow {
    pub name: String,
    pub kind: Option<OrganisationKind>,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub street: Option<String>,
    pub postcode: Option<Postcode>,
    pub municipality: Option<Municipality>,
    pub email: Option<Email>,
}

/// What is wrong with one cell (or, without column, with the whole row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub column: Option<Column>,
    pub message: Message,
}

impl RowError {
    /// The error as a note of the preview: `regel 4, postcode: …`.
    pub fn note(&self) -> Message {
        let line = self.line.to_string();
        match self.column {
            Some(c) => Message::with("import.error_at", &[("line", &line), ("column", c.header())]),
            None => Message::with("import.error_line", &[("line", &line)]),
        }
        .nest("message", self.message.clone())
    }
}

/// One data row of the file: its line number (of its first line, should a
/// quoted cell span several), its cells and whether they are valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRow {
    pub line: usize,
    pub raw: RawRow,
    pub row: Result<PartnerRow, Vec<RowError>>,
}

/// Reads an import file: a header line with column names (any order, any
/// case), then one organisation per line. The separator (`;` as Belgian Excel
/// writes, `,` or a tab) is the one the header uses most.
pub fn parse_csv(text: &str, municipalities: &MunicipalityIndex) -> Result<Vec<ParsedRow>, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(ImportError::TooLarge);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let separator = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|s| (header_line.matches(char::from(*s)).count(), *s == b';'))
        .unwrap_or(b';');
    let mut records = csv_files::read(text, separator)
        .map_err(|open| ImportError::UnclosedQuote(open.line))?
        .into_iter()
        .map(|r| (r.line, r.cells))
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((_, header)) = records.next() else { return Err(ImportError::Empty) };
    let mut columns = Vec::with_capacity(header.len());
    for name in &header {
        let name = name.trim();
        let column = Column::ALL
            .into_iter()
            .find(|c| fold(c.header()) == fold(name) || (*c == Column::Email && fold(name) == "e mail"))
            .ok_or_else(|| ImportError::UnknownColumn(name.to_string()))?;
        if columns.contains(&column) {
            return Err(ImportError::DuplicateColumn(column.header().to_string()));
        }
        columns.push(column);
    }
    if !columns.contains(&Column::Name) {
        return Err(ImportError::NoNameColumn);
    }
    let data: Vec<(usize, Vec<String>)> = records.collect();
    if data.is_empty() {
        return Err(ImportError::Empty);
    }
    if data.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows(data.len()));
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut numbers: HashMap<EnterpriseNumber, usize> = HashMap::new();
    Ok(data
        .into_iter()
        .map(|(line, cells)| {
            let mut raw = RawRow::default();
            for (column, cell) in columns.iter().zip(&cells) {
                *raw.cell_mut(*column) = cell.trim().to_string();
            }
            let mut row = check_row(line, &raw, municipalities);
            let mut errors = Vec::new();
            if cells.len() > columns.len() {
                errors.push(RowError {
                    line,
                    column: None,
                    message: Message::with(
                        "import.too_many_fields",
                        &[("cells", &cells.len().to_string()), ("columns", &columns.len().to_string())],
                    ),
                });
            }
            // The first occurrence wins; a later one is the mistake to fix.
            if !raw.name.is_empty()
                && let Some(first) = names.insert(raw.name.to_lowercase(), line)
            {
                names.insert(raw.name.to_lowercase(), first);
                errors.push(RowError {
                    line,
                    column: Some(Column::Name),
                    message: Message::with("import.duplicate_name", &[("first", &first.to_string())]),
                });
            }
            if let Ok(n) = EnterpriseNumber::parse(&raw.enterprise_number)
                && let Some(first) = numbers.insert(n, line)
            {
                numbers.insert(n, first);
                errors.push(RowError {
                    line,
                    column: Some(Column::EnterpriseNumber),
                    message: Message::with("import.duplicate_number", &[("first", &first.to_string())]),
                });
            }
            if !errors.is_empty() {
                let mut all = row.err().unwrap_or_default();
                all.extend(errors);
                all.sort_by_key(|e| e.column.map_or(0, |c| 1 + c as usize));
                row = Err(all);
            }
            ParsedRow { line, raw, row }
        })
        .collect())
}

fn check_row(line: usize, raw: &RawRow, municipalities: &MunicipalityIndex) -> Result<PartnerRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut error = |column: Column, message: Message| errors.push(RowError { line, column: Some(column), message });
    let too_long = || Message::with("import.too_long", &[("max", &MAX_TEXT.to_string())]);
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
    if raw.name.is_empty() {
        error(Column::Name, Message::new("import.name_required"));
    } else if raw.name.chars().count() > MAX_TEXT {
        error(Column::Name, too_long());
    }
    if raw.street.chars().count() > MAX_TEXT {
        error(Column::Street, too_long());
    }
    let kind = optional(&raw.kind).map(|k| parse_kind(&k)).transpose().unwrap_or_else(|_| {
        let known: Vec<&str> = OrganisationKind::ALL.iter().map(|k| k.url_slug()).collect();
        error(
            Column::Kind,
            Message::with("import.unknown_kind", &[("kind", raw.kind.trim()), ("known", &known.join(", "))]),
        );
        None
    });
    let enterprise_number =
        optional(&raw.enterprise_number).map(|n| EnterpriseNumber::parse(&n)).transpose().unwrap_or_else(|e| {
            error(Column::EnterpriseNumber, e.message());
            None
        });
    let postcode = optional(&raw.postcode).map(|p| Postcode::parse(&p)).transpose().unwrap_or_else(|_| {
        error(Column::Postcode, Message::new("validation.postcode"));
        None
    });
    let municipality = optional(&raw.municipality).and_then(|m| match municipalities.find(&m) {
        Some(found) => Some(found.clone()),
        None => {
            error(Column::Municipality, Message::with("import.not_flemish", &[("municipality", &m)]));
            None
        }
    });
    let email = optional(&raw.email).map(|e| Email::parse(&e)).transpose().unwrap_or_else(|e| {
        error(Column::Email, e.message());
        None
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PartnerRow {
        name: raw.name.clone(),
        kind,
        enterprise_number,
        street: optional(&raw.street),
        postcode,
        municipality,
        email,
    })
}

// --- comparing with the directory ----------------------------------------

/// An organisation of the (shared) directory, as the import and the edit form
/// see it, and whether it is already a partner of the organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub id: i32,
    pub name: String,
    pub kind: OrganisationKind,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub municipality_nis: Option<i32>,
    /// Whether it is already a partner of the organiser.
    pub partner: bool,
    /// Whether other organisers link it too: then its identity is shared
    /// (see [`ownership`]).
    pub shared: bool,
    /// The organiser's own details of it (empty when it is not a partner).
    pub link: LinkDetails,
    /// What the organiser proposed for it and the platform admin has not decided yet.
    pub pending: IdentityChanges,
}

impl DirectoryEntry {
    pub fn identity(&self) -> Identity {
        Identity {
            name: self.name.clone(),
            kind: self.kind,
            enterprise_number: self.enterprise_number,
            street: self.street.clone(),
            postcode: self.postcode.clone(),
            city: self.city.clone(),
            municipality_nis: self.municipality_nis,
        }
    }
}

/// What one organiser keeps about a partner for itself, on its own link:
/// no other organiser sees or changes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDetails {
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: Option<String>,
}

/// What importing one row does to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new organisation, made a partner.
    Create(PartnerRow),
    /// An existing organisation: identity fields to set (all, or only empty
    /// ones when it is shared), the organiser's own contact address, whether
    /// it becomes a partner, and what to propose to the platform admin.
    Update {
        id: i32,
        apply: IdentityChanges,
        contact_email: Option<Email>,
        link: bool,
        propose: IdentityChanges,
    },
    Nothing {
        id: i32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowStatus {
    New,
    Updated,
    /// Only proposals to the platform admin: the organisation is shared.
    Proposed,
    Unchanged,
    Error,
}

impl RowStatus {
    /// Its word in `locale`, for the preview's status column.
    pub fn name_in(self, locale: Locale) -> &'static str {
        match self {
            RowStatus::New => i18n::text(locale, "partners.status.new"),
            RowStatus::Updated => i18n::text(locale, "partners.status.updated"),
            RowStatus::Proposed => i18n::text(locale, "partners.status.proposed"),
            RowStatus::Unchanged => i18n::text(locale, "partners.status.unchanged"),
            RowStatus::Error => i18n::text(locale, "partners.status.error"),
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            RowStatus::New => "new",
            RowStatus::Updated => "updated",
            RowStatus::Proposed => "proposed",
            RowStatus::Unchanged => "unchanged",
            RowStatus::Error => "error",
        }
    }
}

/// One row of the preview: what was typed, what will happen and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRow {
    pub line: usize,
    pub raw: RawRow,
    pub status: RowStatus,
    /// The changes ("e-mail: ..."), or the errors ("regel 4, postcode: ..."),
    /// put into words in the reader's language.
    pub notes: Vec<Message>,
    /// None for rows with errors; not sent to the browser.
    #[serde(skip)]
    pub action: Option<Action>,
}

/// What an import would do, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    pub rows: Vec<PlannedRow>,
}

/// How many rows of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: usize,
    #[serde(default)]
    pub proposed: usize,
}

impl ImportCounts {
    /// "3 nieuw, 2 bijgewerkt, 22 ongewijzigd" in `locale` (the preview, the audit log).
    pub fn summary_in(&self, locale: Locale) -> String {
        let count = |n: usize| n.to_string();
        let mut parts = vec![
            i18n::text_with(locale, "partners.summary.new", &[("count", &count(self.new))]),
            i18n::text_with(locale, "partners.summary.updated", &[("count", &count(self.updated))]),
            i18n::text_with(locale, "partners.summary.unchanged", &[("count", &count(self.unchanged))]),
        ];
        if self.proposed > 0 {
            parts.push(i18n::text_with(locale, "partners.summary.proposed", &[("count", &count(self.proposed))]));
        }
        if self.errors > 0 {
            parts.push(i18n::text_with(locale, "partners.summary.errors", &[("count", &count(self.errors))]));
        }
        parts.join(", ")
    }
}

impl ImportPlan {
    pub fn counts(&self) -> ImportCounts {
        let mut c = ImportCounts::default();
        for r in &self.rows {
            match r.status {
                RowStatus::New => c.new += 1,
                RowStatus::Updated => c.updated += 1,
                RowStatus::Proposed => c.proposed += 1,
                RowStatus::Unchanged => c.unchanged += 1,
                RowStatus::Error => c.errors += 1,
            }
        }
        c
    }

    pub fn has_errors(&self) -> bool {
        self.rows.iter().any(|r| r.status == RowStatus::Error)
    }

    /// Whether importing would change anything at all.
    pub fn changes_something(&self) -> bool {
        self.rows.iter().any(|r| matches!(r.status, RowStatus::New | RowStatus::Updated | RowStatus::Proposed))
    }
}

/// Decides per row what an import does. An organisation is found by
/// enterprise number, else by its exact name in any case. A found one gets
/// what the row adds or changes (empty cells change nothing) and becomes a
/// partner; an unknown one is created. Old values are only shown for
/// organisations that are already partners: the directory is shared, and
/// other organisers' data is not ours to show.
pub fn plan_import(rows: Vec<ParsedRow>, directory: &[DirectoryEntry]) -> ImportPlan {
    let by_number: HashMap<EnterpriseNumber, &DirectoryEntry> =
        directory.iter().filter_map(|e| Some((e.enterprise_number?, e))).collect();
    let by_name: HashMap<String, &DirectoryEntry> = directory.iter().map(|e| (e.name.to_lowercase(), e)).collect();
    let mut claimed: HashMap<i32, usize> = HashMap::new();
    let rows = rows
        .into_iter()
        .map(|parsed| {
            let ParsedRow { line, raw, row } = parsed;
            let failed = |errors: Vec<RowError>| PlannedRow {
                line,
                raw: raw.clone(),
                status: RowStatus::Error,
                notes: errors.iter().map(RowError::note).collect(),
                action: None,
            };
            let row = match row {
                Ok(row) => row,
                Err(errors) => return failed(errors),
            };
            let error =
                |column: Column, message: Message| failed(vec![RowError { line, column: Some(column), message }]);
            let by_own_number = row.enterprise_number.and_then(|n| by_number.get(&n).copied());
            let named = by_name.get(&row.name.to_lowercase()).copied();
            let Some(found) = by_own_number.or(named) else {
                let mut notes = vec![Message::new("import.will_create")];
                if row.kind.is_none() {
                    notes.push(Message::new("import.kind_defaulted"));
                }
                return PlannedRow { line, raw, status: RowStatus::New, notes, action: Some(Action::Create(row)) };
            };
            if let Some(first) = claimed.insert(found.id, line) {
                claimed.insert(found.id, first);
                return error(Column::Name, Message::with("import.same_as_line", &[("first", &first.to_string())]));
            }
            if by_own_number.is_none()
                && let (Some(_), Some(theirs)) = (row.enterprise_number, found.enterprise_number)
            {
                return error(
                    Column::EnterpriseNumber,
                    Message::with(
                        "import.listed_with_number",
                        &[("name", &found.name), ("number", &theirs.to_string())],
                    ),
                );
            }
            if let Some(other) = named
                && other.id != found.id
            {
                return error(Column::Name, Message::new("import.name_taken"));
            }
            let planned = plan_update(&row, found);
            let link = !found.partner;
            let mut notes = planned.notes;
            if link {
                notes.push(Message::new("import.becomes_partner"));
            }
            let status = if link || !planned.apply.is_empty() || planned.contact_email.is_some() {
                RowStatus::Updated
            } else if !planned.propose.is_empty() {
                RowStatus::Proposed
            } else {
                RowStatus::Unchanged
            };
            let action = if status == RowStatus::Unchanged {
                if !planned.already_proposed {
                    notes.push(Message::new("import.already_partner"));
                }
                Action::Nothing { id: found.id }
            } else {
                Action::Update {
                    id: found.id,
                    apply: planned.apply,
                    contact_email: planned.contact_email,
                    link,
                    propose: planned.propose,
                }
            };
            PlannedRow { line, raw, status, notes, action: Some(action) }
        })
        .collect();
    ImportPlan { rows }
}

/// What a row does to an organisation that is in the directory.
struct PlannedUpdate {
    apply: IdentityChanges,
    contact_email: Option<Email>,
    propose: IdentityChanges,
    /// Every proposed change is already waiting for the platform admin.
    already_proposed: bool,
    notes: Vec<Message>,
}

/// Compares a row with the organisation it found. Empty cells change
/// nothing; the identity follows [`decide`]: all of it for the organiser's
/// own partners, only the empty fields (and proposals for the rest) for
/// shared ones. After the import the organiser is linked to it, so it is
/// the sole owner when nobody else links it.
fn plan_update(row: &PartnerRow, found: &DirectoryEntry) -> PlannedUpdate {
    use IdentityField as F;
    let mut wanted = IdentityChanges::new();
    // The value each change shows in the notes, as the reader typed it.
    let mut shown: HashMap<IdentityField, String> = HashMap::new();
    let mut want = |field: IdentityField, value: String, show: String| {
        wanted.set(field, Some(value));
        shown.insert(field, show);
    };
    if row.name.to_lowercase() != found.name.to_lowercase() {
        want(F::Name, row.name.clone(), row.name.clone());
    }
    if let Some(kind) = row.kind {
        want(F::Kind, kind.code().to_string(), kind.label_nl().to_string());
    }
    if let Some(n) = row.enterprise_number.filter(|_| found.enterprise_number.is_none()) {
        want(F::EnterpriseNumber, n.digits(), n.to_string());
    }
    if let Some(street) = &row.street {
        want(F::Street, street.clone(), street.clone());
    }
    if let Some(p) = row.postcode {
        want(F::Postcode, p.to_string(), p.to_string());
    }
    if let Some(m) = &row.municipality {
        want(F::Municipality, m.nis_code.to_string(), m.name.clone());
        // The city may be a part of the municipality (Kessel-Lo in Leuven):
        // only an empty one is filled in.
        if found.city.as_deref().is_none_or(|c| c.trim().is_empty()) {
            wanted.set(F::City, Some(m.name.clone()));
        }
    }
    let current = found.identity();
    let (apply, propose) = match decide(&current, &wanted, !found.shared) {
        Decision::Nothing => (IdentityChanges::new(), IdentityChanges::new()),
        Decision::ApplyAll(all) => (all, IdentityChanges::new()),
        Decision::FillAndPropose { fill, propose } => (fill, propose),
    };
    let mut notes = Vec::new();
    // Old values only for the organiser's own partners: the directory is
    // shared, and other organisers' data is not ours to show.
    let old = |field: IdentityField| -> Option<String> {
        let value = current.value(field).filter(|_| found.partner)?;
        Some(match field {
            F::Kind => current.kind.label_nl().to_string(),
            F::Municipality => return None,
            F::EnterpriseNumber => return None,
            _ => value,
        })
    };
    // `field` is the file's own column name, which the reader typed.
    for field in apply.fields().filter(|f| shown.contains_key(f)) {
        let new = &shown[&field];
        notes.push(match old(field) {
            Some(old) => Message::with("import.change_was", &[("field", field.dutch()), ("new", new), ("old", &old)]),
            None => Message::with("import.change", &[("field", field.dutch()), ("new", new)]),
        });
    }
    let already_proposed = !propose.is_empty() && propose.within(&found.pending);
    for field in propose.fields().filter(|f| shown.contains_key(f)) {
        let key = if already_proposed { "import.change_pending" } else { "import.change_proposed" };
        notes.push(Message::with(key, &[("field", field.dutch()), ("new", &shown[&field])]));
    }
    let contact_email = row.email.clone().filter(|e| found.link.contact_email.as_deref() != Some(e.as_str()));
    if let Some(email) = &contact_email {
        let old = found.link.contact_email.as_deref().filter(|o| !o.is_empty());
        notes.push(match old {
            Some(old) => {
                Message::with("import.change_was", &[("field", "e-mail"), ("new", email.as_str()), ("old", old)])
            }
            None => Message::with("import.change", &[("field", "e-mail"), ("new", email.as_str())]),
        });
    }
    let propose = if already_proposed { IdentityChanges::new() } else { propose };
    PlannedUpdate { apply, contact_email, propose, already_proposed, notes }
}

// --- the list and the edit form --------------------------------------------

/// One partner in the organiser's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerListRow {
    pub id: i32,
    pub name: String,
    pub kind: OrganisationKind,
    pub municipality: Option<String>,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub email: Option<String>,
    /// People of the organisation in the directory.
    pub people: u32,
    /// Their registrations for this organiser's events (cancelled ones not counted).
    pub registrations: u32,
}

impl PartnerListRow {
    /// Whether the row matches a search: every word of `query` occurs in the
    /// name, kind, municipality, enterprise number or e-mail address.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = fold(&format!(
            "{} {} {} {} {} {}",
            self.name,
            self.kind.label_nl(),
            self.municipality.as_deref().unwrap_or_default(),
            self.enterprise_number.map(|n| format!("{n} {}", n.digits())).unwrap_or_default(),
            self.email.as_deref().unwrap_or_default(),
            self.email.as_deref().unwrap_or_default().replace(['@', '.', '-'], " "),
        ));
        fold(query).split(' ').filter(|w| !w.is_empty()).all(|w| haystack.contains(w))
    }
}

/// The partner list page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerList {
    pub organiser: OrganiserRef,
    /// The partners that match `query` (all when it is empty), by name.
    pub rows: Vec<PartnerListRow>,
    pub total: usize,
    pub query: String,
}

/// The edit form's field names.
pub mod field {
    pub const NAME: &str = "naam";
    pub const KIND: &str = "soort";
    pub const ENTERPRISE_NUMBER: &str = "ondernemingsnummer";
    pub const STREET: &str = "straat";
    pub const POSTCODE: &str = "postcode";
    pub const CITY: &str = "plaats";
    pub const MUNICIPALITY: &str = "gemeente";
    pub const CONTACT_NAME: &str = "contactpersoon";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "telefoon";
    pub const NOTES: &str = "notities";
}

/// The longest notes an organiser keeps about a partner.
pub const MAX_NOTES: usize = 2_000;

/// A telephone number as people write it (`014 56 78 90`, `+32 14 56 78 90`):
/// digits with spaces, dots, slashes, hyphens or brackets, 8 to 15 digits.
pub fn parse_phone(input: &str) -> Result<String, Message> {
    let t = input.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let allowed =
        t.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " ./-()".contains(c) || (c == '+' && i == 0));
    if allowed && (8..=15).contains(&digits) && t.chars().count() <= 30 {
        Ok(t.to_string())
    } else {
        Err(Message::new("validation.phone"))
    }
}

/// A partner organisation as the edit form sets it. Unlike the import, an
/// empty field empties the stored value: what you see is what is kept. The
/// identity fields go through [`decide`]; the contact person, e-mail address,
/// telephone and notes are the organiser's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerEdit {
    pub name: String,
    pub kind: OrganisationKind,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub street: Option<String>,
    pub postcode: Option<Postcode>,
    pub city: Option<String>,
    pub municipality_nis: Option<i32>,
    pub link: LinkDetails,
}

impl PartnerEdit {
    pub fn from_form(form: &RawForm, municipalities: &MunicipalityIndex) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = |name: &str, max: usize, errors: &mut FieldErrors| {
            let v = form.get(name);
            if v.chars().count() > max {
                errors.add(name, Message::with("validation.max_chars", &[("max", &max.to_string())]));
            }
            (!v.is_empty()).then(|| v.to_string())
        };
        let name = text(field::NAME, MAX_TEXT, &mut errors).unwrap_or_default();
        if name.is_empty() {
            errors.add(field::NAME, Message::new("validation.organisation_name_required"));
        }
        let kind = OrganisationKind::from_code(form.get(field::KIND)).unwrap_or_else(|_| {
            errors.add(field::KIND, Message::new("validation.organisation_kind"));
            OrganisationKind::Other
        });
        let mut optional = |name: &str, parse: &dyn Fn(&str) -> Result<(), Message>| {
            let v = form.get(name);
            if let (false, Err(message)) = (v.is_empty(), parse(v)) {
                errors.add(name, message.as_sentence());
            }
        };
        optional(field::ENTERPRISE_NUMBER, &|v| EnterpriseNumber::parse(v).map(|_| ()).map_err(|e| e.message()));
        optional(field::EMAIL, &|v| Email::parse(v).map(|_| ()).map_err(|e| e.message()));
        optional(field::PHONE, &|v| parse_phone(v).map(|_| ()));
        optional(field::POSTCODE, &|v| Postcode::parse(v).map(|_| ()).map_err(|_| Message::new("validation.postcode")));
        optional(field::MUNICIPALITY, &|v| match v.parse::<i32>().ok().and_then(|n| municipalities.by_nis(n)) {
            Some(_) => Ok(()),
            None => Err(Message::new("validation.municipality")),
        });
        let street = text(field::STREET, MAX_TEXT, &mut errors);
        let city = text(field::CITY, MAX_TEXT, &mut errors);
        let contact_name = text(field::CONTACT_NAME, MAX_TEXT, &mut errors);
        // Notes keep their line breaks and inner spaces.
        let notes = form.get_raw(field::NOTES).trim();
        if notes.chars().count() > MAX_NOTES {
            errors.add(field::NOTES, Message::with("validation.max_chars", &[("max", &MAX_NOTES.to_string())]));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PartnerEdit {
            name,
            kind,
            enterprise_number: EnterpriseNumber::parse(form.get(field::ENTERPRISE_NUMBER)).ok(),
            street,
            postcode: Postcode::parse(form.get(field::POSTCODE)).ok(),
            city,
            municipality_nis: form.get(field::MUNICIPALITY).parse().ok(),
            link: LinkDetails {
                contact_name,
                contact_email: Email::parse(form.get(field::EMAIL)).ok().map(|e| e.as_str().to_string()),
                contact_phone: parse_phone(form.get(field::PHONE)).ok(),
                notes: (!notes.is_empty()).then(|| notes.replace("\r\n", "\n")),
            },
        })
    }

    /// The form's values for a stored partner.
    pub fn form_values(entry: &DirectoryEntry) -> RawForm {
        let link = &entry.link;
        let pairs = [
            (field::NAME, Some(entry.name.clone())),
            (field::KIND, Some(entry.kind.code().to_string())),
            (field::ENTERPRISE_NUMBER, entry.enterprise_number.map(|n| n.to_string())),
            (field::STREET, entry.street.clone()),
            (field::POSTCODE, entry.postcode.clone()),
            (field::CITY, entry.city.clone()),
            (field::MUNICIPALITY, entry.municipality_nis.map(|n| n.to_string())),
            (field::CONTACT_NAME, link.contact_name.clone()),
            (field::EMAIL, link.contact_email.clone()),
            (field::PHONE, link.contact_phone.clone()),
            (field::NOTES, link.notes.clone()),
        ];
        RawForm::new(pairs.into_iter().map(|(k, v)| (k.to_string(), v.unwrap_or_default())).collect())
    }

    /// The identity the form asks for, every field of it.
    pub fn identity_changes(&self) -> IdentityChanges {
        use IdentityField as F;
        let mut c = IdentityChanges::new();
        c.set(F::Name, Some(self.name.clone()));
        c.set(F::Kind, Some(self.kind.code().to_string()));
        c.set(F::EnterpriseNumber, self.enterprise_number.map(|n| n.digits()));
        c.set(F::Street, self.street.clone());
        c.set(F::Postcode, self.postcode.map(|p| p.to_string()));
        c.set(F::City, self.city.clone());
        c.set(F::Municipality, self.municipality_nis.map(|n| n.to_string()));
        c
    }

    /// The Dutch names of the organiser's own fields this edit changes (for the audit log).
    pub fn link_changes(&self, before: &LinkDetails) -> Vec<&'static str> {
        let norm = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or_default().to_string();
        let (now, was) = (&self.link, before);
        [
            ("contactpersoon", norm(&now.contact_name) != norm(&was.contact_name)),
            ("e-mail", norm(&now.contact_email) != norm(&was.contact_email)),
            ("telefoon", norm(&now.contact_phone) != norm(&was.contact_phone)),
            ("notities", norm(&now.notes) != norm(&was.notes)),
        ]
        .into_iter()
        .filter_map(|(name, changed)| changed.then_some(name))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn municipalities() -> MunicipalityIndex {
        MunicipalityIndex::new([
            Municipality { nis_code: 13008, name: "Geel".into() },
            Municipality { nis_code: 46021, name: "Sint-Niklaas".into() },
            Municipality { nis_code: 11002, name: "Antwerpen".into() },
            Municipality { nis_code: 23002, name: "Asse".into() },
        ])
    }

    fn parse(text: &str) -> Vec<ParsedRow> {
        parse_csv(text, &municipalities()).unwrap()
    }

    fn errors(row: &ParsedRow) -> Vec<String> {
        row.row
            .as_ref()
            .err()
            .map(|e| e.iter().map(|e| e.note().text(crate::i18n::Locale::Nl)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn reads_belgian_excel_with_bom_and_quotes() {
        let text = "\u{feff}Naam;Soort;Ondernemingsnummer;Straat;Postcode;Gemeente;E-mail\r\n\
                    OCMW Geel;ocmw;0207.520.810;\"Markt 1; bus 2\";2440;geel;Info@OCMW-Geel.be\r\n\
                    \"Vzw \"\"Den Durpel\"\"\";Vereniging;;;;sint niklaas;\r\n\
                    ;;;;;;\r\n";
        let rows = parse(text);
        assert_eq!(rows.len(), 2);
        let first = rows[0].row.as_ref().unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(first.kind, Some(OrganisationKind::Ocmw));
        assert_eq!(first.street.as_deref(), Some("Markt 1; bus 2"));
        assert_eq!(first.postcode.map(|p| p.to_string()).as_deref(), Some("2440"));
        assert_eq!(first.municipality.as_ref().map(|m| m.nis_code), Some(13008));
        assert_eq!(first.email.as_ref().map(Email::as_str), Some("info@ocmw-geel.be"));
        let second = rows[1].row.as_ref().unwrap();
        assert_eq!(second.name, "Vzw \"Den Durpel\"");
        assert_eq!(second.kind, Some(OrganisationKind::Association));
        assert_eq!(second.municipality.as_ref().map(|m| m.name.as_str()), Some("Sint-Niklaas"));
        assert_eq!(second.enterprise_number, None);
    }

    #[test]
    fn commas_any_column_order_and_only_a_name() {
        let rows = parse("email,naam\nx@y.be,\"CAW De Kempen, Geel\"\n");
        assert_eq!(rows[0].row.as_ref().unwrap().name, "CAW De Kempen, Geel");
        let rows = parse("NAAM\nOCMW Asse");
        assert_eq!(rows[0].row.as_ref().unwrap().name, "OCMW Asse");
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn a_quoted_line_break_keeps_line_numbers_right() {
        let rows = parse("naam;straat\n\"Twee\nregels\";x\nDerde;y\n");
        assert_eq!(rows[0].raw.name, "Twee\nregels");
        assert_eq!((rows[0].line, rows[1].line), (2, 4));
    }

    #[test]
    fn per_row_errors_name_line_and_column() {
        let text = "naam;soort;ondernemingsnummer;postcode;gemeente;email\n\
                    Goed;caw;;2440;Geel;\n\
                    ;feestje;0207.520.811;999;Parijs;geen-mail\n\
                    Goed;;0207.520.810;;;\n\
                    Ander;;207520810;;;\n\
                    Te veel;;;;;;extra\n";
        let rows = parse(text);
        assert!(rows[0].row.is_ok());
        let bad = errors(&rows[1]);
        assert_eq!(bad.len(), 6, "{bad:?}");
        assert_eq!(bad[0], "regel 3, naam: vul de naam van de organisatie in");
        assert!(bad[1].starts_with("regel 3, soort: onbekende soort «feestje»"), "{bad:?}");
        assert!(bad[2].starts_with("regel 3, ondernemingsnummer: de controlegetallen"), "{bad:?}");
        assert!(bad[3].starts_with("regel 3, postcode: een postcode telt 4 cijfers"), "{bad:?}");
        assert!(bad[4].starts_with("regel 3, gemeente: «Parijs» is geen Vlaamse gemeente"), "{bad:?}");
        assert!(bad[5].starts_with("regel 3, email: een e-mailadres ziet eruit als"), "{bad:?}");
        assert_eq!(errors(&rows[2]), vec!["regel 4, naam: deze naam staat al op regel 2"]);
        assert_eq!(errors(&rows[3]), vec!["regel 5, ondernemingsnummer: dit ondernemingsnummer staat al op regel 4"]);
        assert!(errors(&rows[4])[0].starts_with("regel 6: 7 velden, maar de eerste regel heeft er 6"));
    }

    #[test]
    fn whole_file_errors() {
        let m = municipalities();
        assert_eq!(parse_csv("", &m), Err(ImportError::Empty));
        assert_eq!(parse_csv("naam;soort\n", &m), Err(ImportError::Empty));
        assert_eq!(parse_csv("soort;email\ncaw;x@y.be", &m), Err(ImportError::NoNameColumn));
        assert_eq!(parse_csv("naam;telefoon\nA;1", &m), Err(ImportError::UnknownColumn("telefoon".into())));
        assert_eq!(parse_csv("naam;NAAM\nA;B", &m), Err(ImportError::DuplicateColumn("naam".into())));
        assert_eq!(parse_csv("naam\n\"A\nB", &m), Err(ImportError::UnclosedQuote(2)));
        let many = format!("naam\n{}", (0..=MAX_ROWS).map(|i| format!("Org {i}\n")).collect::<String>());
        assert_eq!(parse_csv(&many, &m), Err(ImportError::TooManyRows(MAX_ROWS + 1)));
        assert_eq!(parse_csv(&"x".repeat(MAX_BYTES + 1), &m), Err(ImportError::TooLarge));
    }

    #[test]
    fn kinds_postcodes_and_names() {
        for (input, kind) in [
            ("OCMW", OrganisationKind::Ocmw),
            ("caw", OrganisationKind::Caw),
            ("youth_care", OrganisationKind::YouthCare),
            ("Jeugdhulp", OrganisationKind::YouthCare),
            ("advocaat", OrganisationKind::Lawyer),
            ("Advocaat-schuldbemiddelaar", OrganisationKind::Lawyer),
            (" Andere ", OrganisationKind::Other),
        ] {
            assert_eq!(parse_kind(input), Ok(kind), "{input}");
        }
        assert!(parse_kind("bank").is_err());
        assert!(Postcode::parse("2440").is_ok());
        for bad in ["999", "0999", "24400", "24a0", "+244"] {
            assert!(Postcode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(fold("  Sint-Niklaas "), "sint niklaas");
        assert_eq!(fold("ÉCAUSSINNES"), "ecaussinnes");
        assert_eq!(decode_text(b"Li\xe8ge \x80"), "Liège €");
        assert_eq!(decode_text("Liège".as_bytes()), "Liège");
    }

    fn nl(notes: &[Message]) -> Vec<String> {
        notes.iter().map(|n| n.text(crate::i18n::Locale::Nl)).collect()
    }

    fn entry(id: i32, name: &str, partner: bool) -> DirectoryEntry {
        DirectoryEntry {
            id,
            name: name.into(),
            kind: OrganisationKind::Ocmw,
            enterprise_number: None,
            street: None,
            postcode: None,
            city: None,
            municipality_nis: None,
            partner,
            shared: false,
            link: LinkDetails { contact_email: partner.then(|| "info@ocmw-geel.be".into()), ..LinkDetails::default() },
            pending: IdentityChanges::new(),
        }
    }

    #[test]
    fn plans_new_updated_unchanged_and_conflicts() {
        let mut numbered = entry(3, "OCMW Asse", false);
        numbered.enterprise_number = EnterpriseNumber::parse("0207.520.810").ok();
        let directory = vec![entry(1, "OCMW Geel", true), entry(2, "OCMW Mol", false), numbered];
        let text = "naam;soort;ondernemingsnummer;gemeente;email\n\
                    ocmw geel;OCMW;;;info@ocmw-geel.be\n\
                    OCMW Mol;;;Geel;nieuw@ocmw-mol.be\n\
                    Nieuwe vzw;;;;\n\
                    Sociaal Huis Asse;;0207.520.810;;\n\
                    OCMW Geel;;;;\n\
                    Fout;;;Parijs;\n";
        let plan = plan_import(parse(text), &directory);
        let statuses: Vec<RowStatus> = plan.rows.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [
                RowStatus::Unchanged,
                RowStatus::Updated,
                RowStatus::New,
                RowStatus::Updated,
                RowStatus::Error,
                RowStatus::Error
            ]
        );
        assert_eq!(plan.rows[0].action, Some(Action::Nothing { id: 1 }));
        assert_eq!(nl(&plan.rows[0].notes), ["al partner; niets te wijzigen"]);
        // Not a partner yet: no old values shown.
        assert_eq!(nl(&plan.rows[1].notes), ["gemeente: Geel", "e-mail: nieuw@ocmw-mol.be", "wordt partner"]);
        let Some(Action::Update { id: 2, apply, link: true, contact_email: Some(_), propose }) = &plan.rows[1].action
        else {
            panic!()
        };
        assert_eq!(
            (apply.get(IdentityField::Municipality), apply.get(IdentityField::City), propose.is_empty()),
            (Some(Some("13008")), Some(Some("Geel")), true)
        );
        assert_eq!(nl(&plan.rows[2].notes)[1], "soort: Andere organisatie (niet ingevuld)");
        // Found by its number, renamed.
        assert_eq!(nl(&plan.rows[3].notes)[0], "naam: Sociaal Huis Asse");
        assert_eq!(nl(&plan.rows[4].notes), ["regel 6, naam: deze naam staat al op regel 2"]);
        assert_eq!(
            plan.rows[4].notes[0].text(crate::i18n::Locale::En),
            "line 6, naam: this name is already on line 2",
            "the reader's language, the file's column name"
        );
        assert_eq!(plan.counts(), ImportCounts { new: 1, updated: 2, unchanged: 1, errors: 2, proposed: 0 });
        assert_eq!(plan.counts().summary_in(Locale::Nl), "1 nieuw, 2 bijgewerkt, 1 ongewijzigd, 2 met fouten");
        assert_eq!(plan.counts().summary_in(Locale::En), "1 new, 2 updated, 1 unchanged, 2 with errors");
        assert!(plan.has_errors() && plan.changes_something());
    }

    #[test]
    fn a_name_with_another_number_is_a_conflict() {
        let mut asse = entry(3, "OCMW Asse", true);
        asse.enterprise_number = EnterpriseNumber::parse("0207.520.810").ok();
        let plan = plan_import(parse("naam;ondernemingsnummer\nOCMW Asse;0212.255.497\n"), &[asse.clone()]);
        assert_eq!(plan.rows[0].status, RowStatus::Error);
        assert!(nl(&plan.rows[0].notes)[0].starts_with("regel 2, ondernemingsnummer: «OCMW Asse» staat al"));
        // Renaming onto another organisation's name.
        let plan = plan_import(
            parse("naam;ondernemingsnummer\nOCMW Geel;0207.520.810\n"),
            &[asse, entry(1, "OCMW Geel", true)],
        );
        assert_eq!(plan.rows[0].status, RowStatus::Error);
        // Two rows, one organisation (once by number, once by name).
        let mut asse = entry(3, "OCMW Asse", true);
        asse.enterprise_number = EnterpriseNumber::parse("0207.520.810").ok();
        let plan = plan_import(parse("naam;ondernemingsnummer\nAsse;0207.520.810\nOCMW Asse;\n"), &[asse]);
        assert_eq!(nl(&plan.rows[1].notes), ["regel 3, naam: dezelfde organisatie als op regel 2"]);
    }

    #[test]
    fn partners_show_old_values_and_search_folds() {
        let plan = plan_import(parse("naam;email\nOCMW Geel;ander@ocmw-geel.be\n"), &[entry(1, "OCMW Geel", true)]);
        assert_eq!(nl(&plan.rows[0].notes), ["e-mail: ander@ocmw-geel.be (was info@ocmw-geel.be)"]);
        let row = PartnerListRow {
            id: 1,
            name: "OCMW Sint-Niklaas".into(),
            kind: OrganisationKind::Ocmw,
            municipality: Some("Sint-Niklaas".into()),
            enterprise_number: EnterpriseNumber::parse("0207520810").ok(),
            email: Some("info@ocmw-sint-niklaas.be".into()),
            people: 0,
            registrations: 0,
        };
        assert!(row.matches("sint niklaas ocmw"));
        assert!(row.matches("0207520810") && row.matches("0207.520"));
        assert!(!row.matches("geel"));
        assert!(row.matches(""));
    }

    #[test]
    fn a_shared_organisation_is_filled_in_and_the_rest_proposed_once() {
        let mut geel = entry(1, "OCMW Geel", false);
        geel.shared = true;
        geel.street = Some("Markt 1".into());
        geel.enterprise_number = EnterpriseNumber::parse("0207520810").ok();
        let text =
            "naam;ondernemingsnummer;straat;postcode;email\nSociaal Huis Geel;0207.520.810;Markt 2;2440;ocmw@geel.be\n";
        let plan = plan_import(parse(text), &[geel.clone()]);
        assert_eq!(plan.rows[0].status, RowStatus::Updated);
        assert_eq!(
            nl(&plan.rows[0].notes),
            [
                "postcode: 2440",
                "naam: Sociaal Huis Geel (voorstel aan de platformbeheerder)",
                "straat: Markt 2 (voorstel aan de platformbeheerder)",
                "e-mail: ocmw@geel.be",
                "wordt partner"
            ]
        );
        let Some(Action::Update { apply, propose, link: true, .. }) = &plan.rows[0].action else { panic!() };
        assert_eq!((apply.dutch_list(), propose.dutch_list()), ("postcode".into(), "naam, straat".into()));
        // Partner now, the same file again: only the proposal, already waiting.
        geel.partner = true;
        geel.postcode = Some("2440".into());
        geel.link.contact_email = Some("ocmw@geel.be".into());
        let plan = plan_import(parse(text), &[geel.clone()]);
        assert_eq!(plan.rows[0].status, RowStatus::Proposed);
        assert_eq!(plan.counts().summary_in(Locale::Nl), "0 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 met voorstel");
        geel.pending = propose.clone();
        let plan = plan_import(parse(text), &[geel]);
        assert_eq!(plan.rows[0].status, RowStatus::Unchanged);
        assert_eq!(plan.rows[0].action, Some(Action::Nothing { id: 1 }));
        assert!(nl(&plan.rows[0].notes)[0].ends_with("(wacht al op de platformbeheerder)"));
        assert!(!plan.changes_something());
    }

    #[test]
    fn the_edit_form_validates_every_field() {
        let form =
            |pairs: &[(&str, &str)]| RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        let errors = PartnerEdit::from_form(
            &form(&[
                ("naam", " "),
                ("soort", "bank"),
                ("ondernemingsnummer", "123"),
                ("email", "x@"),
                ("telefoon", "12"),
                ("postcode", "12"),
                ("gemeente", "1"),
            ]),
            &municipalities(),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 7);
        assert_eq!(errors.get("telefoon").as_deref(), Some("Vul een telefoonnummer in, bv. 014 56 78 90."));
        assert_eq!(errors.get("naam").as_deref(), Some("Vul de naam van de organisatie in."));
        assert_eq!(
            errors.get("ondernemingsnummer").as_deref(),
            Some("Een ondernemingsnummer telt 10 cijfers en begint met 0 of 1, bv. 0207.520.810.")
        );
        let ok = PartnerEdit::from_form(
            &form(&[
                ("naam", "OCMW Geel"),
                ("soort", "ocmw"),
                ("ondernemingsnummer", "207520810"),
                ("gemeente", "13008"),
                ("plaats", "Geel"),
                ("telefoon", "+32 14 56 78 90"),
                ("notities", "  Twee\r\nregels "),
            ]),
            &municipalities(),
        )
        .unwrap();
        assert_eq!(ok.enterprise_number.map(|n| n.digits()).as_deref(), Some("0207520810"));
        assert_eq!((ok.link.contact_email.clone(), ok.street.clone(), ok.municipality_nis), (None, None, Some(13008)));
        assert_eq!(ok.link.notes.as_deref(), Some("Twee\nregels"));
        let before = entry(1, "OCMW Geel", true);
        assert_eq!(ok.link_changes(&before.link), ["e-mail", "telefoon", "notities"]);
        let wanted = ok.identity_changes().against(&before.identity());
        assert_eq!(wanted.dutch_list(), "ondernemingsnummer, plaats, gemeente");
        let again = PartnerEdit::from_form(&PartnerEdit::form_values(&before), &municipalities()).unwrap();
        assert!(again.link_changes(&before.link).is_empty());
        assert!(again.identity_changes().against(&before.identity()).is_empty());
        for good in ["014 56 78 90", "+32 (0)14/56.78.90", "0470-12 34 56"] {
            assert!(parse_phone(good).is_ok(), "{good}");
        }
        for bad in ["12", "014 56 78 90 ext 2", "32+14567890", "1234567890123456"] {
            assert!(parse_phone(bad).is_err(), "{bad}");
        }
    }

    mod properties {
        //! An import file of any text or bytes is read or refused, never a
        //! panic; a clean file keeps its rows when blank lines and a BOM are
        //! added, whatever its encoding.
        use super::*;
        use proptest::prelude::*;

        fn messy_char() -> impl Strategy<Value = char> {
            prop_oneof![
                4 => proptest::char::range(' ', '~'),
                2 => prop::sample::select(vec![';', ',', '\t', '"', '\n', '\r', '\u{feff}', 'é', '€', '’']),
                1 => proptest::char::range('\u{1f600}', '\u{1f640}'),
                1 => any::<char>(),
            ]
        }

        fn messy(max: usize) -> impl Strategy<Value = String> {
            prop::collection::vec(messy_char(), 0..=max).prop_map(|c| c.into_iter().collect())
        }

        /// A cell as people type it, without the separator, quotes or line breaks.
        fn plain_cell() -> impl Strategy<Value = String> {
            messy(30).prop_map(|s| {
                s.chars().filter(|c| !matches!(c, ';' | ',' | '\t' | '"' | '\n' | '\r' | '\u{feff}')).collect()
            })
        }

        fn config() -> ProptestConfig {
            ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() }
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn any_text_is_read_or_refused(text in messy(600)) {
                let _ = parse_csv(&text, &municipalities());
                let _ = parse_kind(&text);
                let _ = Postcode::parse(&text);
                let _ = fold(&text);
            }

            #[test]
            fn any_text_under_a_good_header(body in messy(600)) {
                let text = format!("naam;soort;ondernemingsnummer;straat;postcode;gemeente;email\n{body}");
                if let Ok(rows) = parse_csv(&text, &municipalities()) {
                    let _ = plan_import(rows, &[]);
                }
            }

            #[test]
            fn any_bytes_decode_and_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
                let text = decode_text(&bytes);
                prop_assert!(text.chars().count() <= bytes.len());
                let _ = parse_csv(&text, &municipalities());
            }

            #[test]
            fn windows_1252_reads_as_typed(names in prop::collection::vec(plain_cell(), 1..6)) {
                // Only what Windows-1252 can write: Latin-1 letters and the euro sign.
                let names: Vec<String> = names
                    .into_iter()
                    .map(|n| n.chars().filter(|c| *c == '€' || (u32::from(*c) >= 0x20 && u32::from(*c) < 0x7f) || (u32::from(*c) >= 0xa0 && u32::from(*c) <= 0xff)).collect())
                    .collect();
                let text = format!("naam\r\n{}\r\n", names.join("\r\n"));
                let cp1252: Vec<u8> = text.chars().map(|c| if c == '€' { 0x80 } else { u32::from(c) as u8 }).collect();
                prop_assert_eq!(decode_text(text.as_bytes()), text.clone());
                // Bytes that happen to be valid UTF-8 too are taken as UTF-8.
                if std::str::from_utf8(&cp1252).is_err() {
                    prop_assert_eq!(decode_text(&cp1252), text.clone());
                }
            }

            #[test]
            fn blank_lines_and_a_bom_change_no_row(
                rows in prop::collection::vec((plain_cell(), plain_cell()), 1..8),
                blank in prop::sample::select(vec!["\n", "\r\n", ";;\n", " ; \n"]),
                separator in prop::sample::select(vec![";", ",", "\t"]),
            ) {
                let lines: Vec<String> = rows.iter().map(|(n, s)| format!("{n}{separator}{s}")).collect();
                let blank = if separator == ";" { blank } else { "\n" };
                let clean = format!("naam{separator}straat\n{}\n", lines.join("\n"));
                let noisy = format!("\u{feff}{blank}naam{separator}straat\n{blank}{}\n{blank}", lines.join(&format!("\n{blank}")));
                let strip = |r: Result<Vec<ParsedRow>, ImportError>| {
                    r.map(|rows| rows.into_iter().map(|p| (p.raw, p.row.is_ok())).collect::<Vec<_>>())
                };
                prop_assert_eq!(strip(parse_csv(&noisy, &municipalities())), strip(parse_csv(&clean, &municipalities())));
            }

            #[test]
            fn quoted_cells_come_back_as_typed(cell in messy(60)) {
                let cell: String = cell.chars().filter(|c| !matches!(c, '\r' | '\u{feff}')).collect();
                let text = format!("naam;straat\nOCMW Geel;\"{}\"\n", cell.replace('"', "\"\""));
                let rows = parse_csv(&text, &municipalities()).unwrap();
                prop_assert_eq!(rows.len(), 1);
                prop_assert_eq!(&rows[0].raw.street, cell.trim());
            }
        }

        #[test]
        fn empty_and_huge_files() {
            for text in ["", "\n", "\u{feff}", "\"", "naam\n\"", ";;;;", "naam;naam"] {
                assert!(parse_csv(text, &municipalities()).is_err(), "{text:?}");
            }
            let huge_line = format!("naam;straat\nOCMW;{}\n", "é".repeat(MAX_BYTES / 2 - 20));
            let rows = parse_csv(&huge_line, &municipalities()).unwrap();
            assert!(rows[0].row.is_err(), "a street of half a million characters is refused");
            let too_big = "x".repeat(MAX_BYTES + 1);
            assert_eq!(parse_csv(&too_big, &municipalities()), Err(ImportError::TooLarge));
            let separators = format!("naam\n{}\n", ";".repeat(100_000));
            assert!(parse_csv(&separators, &municipalities()).is_err());
        }
    }
}
