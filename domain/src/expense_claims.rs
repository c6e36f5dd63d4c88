//! Expense claims (issue 18, point 4): a trainer claims travel (kilometres at
//! the organiser's rate) and material costs for an activity they teach, with
//! receipts; an admin approves the claim (it becomes one cost line for the
//! trainer) or rejects it with a reason.
//!
//! - Kilometres are kept in tenths ([`Kilometres`]): a positive decimal with
//!   at most one decimal (`12`, `12,5`, `12.5`).
//! - The organiser's rate ([`KmRate`]) is kept in hundredths of a cent per
//!   kilometre, so the Belgian federal rate of € 0,4269/km is exactly 4269.
//!   The default is that rate (valid from 1 July 2025; the organiser sets its
//!   own on its settings page).
//! - The travel amount is kilometres × rate, computed in integers
//!   (thousandths of a cent) and rounded once to the cent, half up (half a
//!   cent goes up): 123,4 km × € 0,4269 = € 52,67946 → € 52,68. The total is
//!   the travel amount plus the material items, in cents, without further rounding.
//! - Receipts are PDF, PNG or JPEG, recognised by their first bytes (never by
//!   their name or the browser's content type), at most [`MAX_RECEIPT_BYTES`]
//!   each and [`MAX_RECEIPTS`] per claim.

use crate::forms::{FieldErrors, Message, RawForm, row_field};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// The fields of the trainer's claim form (`/mijn/onkosten`), of the admins'
/// decision buttons and of the organiser's rate on its settings page.
pub mod field {
    /// The activity claimed for (its id).
    pub const EVENT: &str = "activiteit";
    pub const KILOMETRES: &str = "kilometers";
    /// The rows of material items: `materiaal-N-omschrijving`, `materiaal-N-bedrag`.
    pub const MATERIAL: &str = "materiaal";
    pub const MATERIAL_DESCRIPTION: &str = "omschrijving";
    pub const MATERIAL_AMOUNT: &str = "bedrag";
    /// The receipts: a file input that takes several files.
    pub const RECEIPTS: &str = "bonnen";
    /// The admin's decision: [`super::APPROVE`] or [`super::REJECT`].
    pub const ACTION: &str = "actie";
    /// Why a claim is rejected (`reden-<claim>`: see [`super::reason_field`]).
    pub const REASON: &str = "reden";
    /// The claim a decision is about (its id, hidden).
    pub const CLAIM: &str = "aanvraag";
    /// The organiser's kilometre rate in euro (`0,4269`).
    pub const KM_RATE: &str = "km-tarief";
}

pub const APPROVE: &str = "goedkeuren";
pub const REJECT: &str = "afwijzen";

/// A receipt may be this large (5 MB).
pub const MAX_RECEIPT_BYTES: usize = 5 * 1024 * 1024;
/// A claim carries at most this many receipts.
pub const MAX_RECEIPTS: usize = 5;
/// The form shows this many material rows (no script needed to add one).
pub const MATERIAL_ROWS: usize = 3;
/// A claim of more kilometres than this is a typing error.
pub const MAX_KILOMETRES_TENTHS: i64 = 100_000 * 10;
const MAX_DESCRIPTION: usize = 200;
const MAX_REASON: usize = 1000;
/// The largest amount one material item or a claim may have (€ 100.000).
const MAX_CENTS: i64 = 10_000_000;

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Submitted,
    Approved,
    Rejected,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 3] = [ClaimStatus::Submitted, ClaimStatus::Approved, ClaimStatus::Rejected];

    /// The text stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Its name (`domain/locales/*/expenses.txt`).
    pub fn label_key(self) -> &'static str {
        match self {
            ClaimStatus::Submitted => "expenses.status.submitted",
            ClaimStatus::Approved => "expenses.status.approved",
            ClaimStatus::Rejected => "expenses.status.rejected",
        }
    }
}

/// A distance in tenths of a kilometre, more than zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Kilometres(i64);

impl Kilometres {
    pub fn from_tenths(tenths: i64) -> Option<Self> {
        (1..=MAX_KILOMETRES_TENTHS).contains(&tenths).then_some(Kilometres(tenths))
    }

    pub fn tenths(self) -> i64 {
        self.0
    }

    /// What a trainer types: `12`, `12,5`, `12.5`. Not negative, not zero, at
    /// most one decimal.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let text = input.trim();
        let (whole, tenth) = match text.split_once([',', '.']) {
            Some((w, f)) => (w, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(whole) || !tenth.is_none_or(digits) {
            return Err(Message::new("expenses.error.km_format"));
        }
        let tenth = tenth.unwrap_or("");
        if tenth.len() > 1 {
            return Err(Message::new("expenses.error.km_decimals"));
        }
        let whole: i64 = whole.parse().map_err(|_| Message::new("expenses.error.km_too_many"))?;
        let tenths = whole
            .checked_mul(10)
            .and_then(|t| t.checked_add(tenth.parse::<i64>().unwrap_or(0)))
            .ok_or_else(|| Message::new("expenses.error.km_too_many"))?;
        if tenths == 0 {
            return Err(Message::new("expenses.error.km_positive"));
        }
        Kilometres::from_tenths(tenths).ok_or_else(|| Message::new("expenses.error.km_too_many"))
    }

    /// `123,4` (Dutch and French notation) or `123.4` (English); whole numbers without decimals.
    pub fn display(self, decimal: char) -> String {
        let (whole, tenth) = (self.0 / 10, self.0 % 10);
        if tenth == 0 { whole.to_string() } else { format!("{whole}{decimal}{tenth}") }
    }
}

/// A kilometre rate in hundredths of a cent per kilometre (€ 0,4269 is 4269).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KmRate(i64);

impl KmRate {
    /// The Belgian federal rate for civil servants' travel, € 0,4269/km (from 1 July 2025).
    pub const BELGIAN_FEDERAL: KmRate = KmRate(4269);
    /// A rate above € 5/km is a typing error.
    const MAX: i64 = 50_000;

    pub fn from_hundredth_cents(value: i64) -> Option<Self> {
        (0..=Self::MAX).contains(&value).then_some(KmRate(value))
    }

    pub fn hundredth_cents(self) -> i64 {
        self.0
    }

    /// An amount in euro with at most four decimals: `0,4269`, `0.35`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let text = input.trim().trim_start_matches('€').trim();
        let (whole, fraction) = text.split_once([',', '.']).unwrap_or((text, ""));
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
            return Err(Message::new("expenses.error.rate_format"));
        }
        if fraction.len() > 4 {
            return Err(Message::new("expenses.error.rate_decimals"));
        }
        let whole: i64 = whole.parse().map_err(|_| Message::new("expenses.error.rate_too_high"))?;
        let fraction: i64 = format!("{fraction:0<4}").parse().unwrap_or(0);
        whole
            .checked_mul(10_000)
            .and_then(|w| w.checked_add(fraction))
            .and_then(KmRate::from_hundredth_cents)
            .ok_or_else(|| Message::new("expenses.error.rate_too_high"))
    }

    /// `0,4269` with `decimal` as the decimal mark, trailing zeros kept to two decimals.
    pub fn display(self, decimal: char) -> String {
        let fraction = format!("{:04}", self.0 % 10_000);
        let fraction = fraction.trim_end_matches('0');
        let fraction = format!("{fraction:0<2}");
        format!("{}{decimal}{fraction}", self.0 / 10_000)
    }

    /// The amount for `distance`: kilometres × rate, rounded to the cent, half up.
    pub fn amount(self, distance: Kilometres) -> Money {
        // Tenths of a km × hundredths of a cent = thousandths of a cent.
        let thousandths = distance.tenths() * self.0;
        Money::from_cents((thousandths + 500) / 1000)
    }
}

impl Default for KmRate {
    fn default() -> Self {
        KmRate::BELGIAN_FEDERAL
    }
}

/// One material cost: what it was, and what it cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialItem {
    pub description: String,
    pub amount: Money,
}

/// What a receipt's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptKind {
    Pdf,
    Png,
    Jpeg,
}

impl ReceiptKind {
    pub const ALL: [ReceiptKind; 3] = [ReceiptKind::Pdf, ReceiptKind::Png, ReceiptKind::Jpeg];

    /// What the first bytes say, whatever the file is called: `%PDF-`, the
    /// PNG signature, or JPEG's start of image and a marker (`FF D8 FF`).
    pub fn detect(bytes: &[u8]) -> Option<ReceiptKind> {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if bytes.starts_with(b"%PDF-") {
            Some(ReceiptKind::Pdf)
        } else if bytes.starts_with(PNG) {
            Some(ReceiptKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ReceiptKind::Jpeg)
        } else {
            None
        }
    }

    /// The content type it is stored and served with.
    pub const fn content_type(self) -> &'static str {
        match self {
            ReceiptKind::Pdf => "application/pdf",
            ReceiptKind::Png => "image/png",
            ReceiptKind::Jpeg => "image/jpeg",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.content_type() == content_type)
    }

    pub const fn extension(self) -> &'static str {
        match self {
            ReceiptKind::Pdf => "pdf",
            ReceiptKind::Png => "png",
            ReceiptKind::Jpeg => "jpg",
        }
    }
}

/// A file as it was uploaded: the name the browser gave, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A receipt that passed: its kind by content, a file name to offer it
/// under (the uploaded name's stem with the right extension), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub kind: ReceiptKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Receipt {
    /// Checks one upload: not too large, and a PDF, PNG or JPEG by its bytes.
    pub fn check(upload: Upload) -> Result<Receipt, Message> {
        if upload.bytes.len() > MAX_RECEIPT_BYTES {
            return Err(Message::with(
                "expenses.error.receipt_too_large",
                &[("name", &short_name(&upload.file_name)), ("max", &(MAX_RECEIPT_BYTES / (1024 * 1024)).to_string())],
            ));
        }
        let Some(kind) = ReceiptKind::detect(&upload.bytes) else {
            return Err(Message::with("expenses.error.receipt_type", &[("name", &short_name(&upload.file_name))]));
        };
        Ok(Receipt { kind, file_name: safe_file_name(&upload.file_name, kind), bytes: upload.bytes })
    }
}

fn short_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.chars().take(80).collect()
}

/// A file name to offer a download under: letters, digits, `-`, `_` and `.`
/// of the uploaded name's stem, then the extension of what the bytes are.
pub fn safe_file_name(uploaded: &str, kind: ReceiptKind) -> String {
    let base = short_name(uploaded);
    let stem = base.rsplit_once('.').map_or(base.as_str(), |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(60)
        .collect();
    let stem = if stem.trim_matches('_').is_empty() { "bon".to_string() } else { stem };
    format!("{stem}.{}", kind.extension())
}

/// A claim as the trainer's form posts it, checked; the activity is checked
/// by the edge to be one the trainer teaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub event_id: i32,
    pub kilometres: Option<Kilometres>,
    pub materials: Vec<MaterialItem>,
    pub receipts: Vec<Receipt>,
}

impl NewClaim {
    /// Parses the form and the uploaded files; every error is named next to its field.
    /// A claim asks for something (kilometres or a material item); material
    /// items need at least one receipt.
    pub fn parse(form: &RawForm, uploads: Vec<Upload>) -> Result<NewClaim, FieldErrors> {
        let mut errors = FieldErrors::new();
        let event_id = form.get(field::EVENT).parse::<i32>().ok().filter(|id| *id > 0);
        if event_id.is_none() {
            errors.add(field::EVENT, Message::new("expenses.error.event_required"));
        }
        let km_text = form.get(field::KILOMETRES);
        let kilometres = if km_text.is_empty() {
            None
        } else {
            match Kilometres::parse(km_text) {
                Ok(km) => Some(km),
                Err(message) => {
                    errors.add(field::KILOMETRES, message);
                    None
                }
            }
        };
        let mut materials = Vec::new();
        for row in form.rows(field::MATERIAL) {
            let description = form.row(field::MATERIAL, row, field::MATERIAL_DESCRIPTION);
            let amount = form.row(field::MATERIAL, row, field::MATERIAL_AMOUNT);
            if description.is_empty() && amount.is_empty() {
                continue;
            }
            let description_field = row_field(field::MATERIAL, row, field::MATERIAL_DESCRIPTION);
            let amount_field = row_field(field::MATERIAL, row, field::MATERIAL_AMOUNT);
            if description.is_empty() {
                errors.add(description_field.clone(), Message::new("expenses.error.description_required"));
            } else if description.chars().count() > MAX_DESCRIPTION {
                errors.add(
                    description_field.clone(),
                    Message::with("validation.max_chars", &[("max", &MAX_DESCRIPTION.to_string())]),
                );
            }
            let parsed = match Money::parse(amount) {
                Ok(m) if m.cents() > 0 && m.cents() <= MAX_CENTS => Some(m),
                Ok(_) => {
                    errors.add(amount_field, Message::new("expenses.error.amount_positive"));
                    None
                }
                Err(_) if amount.is_empty() => {
                    errors.add(amount_field, Message::new("expenses.error.amount_required"));
                    None
                }
                Err(e) => {
                    errors.add(amount_field, e.message());
                    None
                }
            };
            if let Some(amount) = parsed.filter(|_| !description.is_empty()) {
                materials.push(MaterialItem { description: description.to_string(), amount });
            }
        }
        let uploads: Vec<Upload> = uploads.into_iter().filter(|u| !u.bytes.is_empty()).collect();
        let mut receipts = Vec::new();
        if uploads.len() > MAX_RECEIPTS {
            errors.add(
                field::RECEIPTS,
                Message::with("expenses.error.too_many_receipts", &[("max", &MAX_RECEIPTS.to_string())]),
            );
        } else {
            for upload in uploads {
                match Receipt::check(upload) {
                    Ok(r) => receipts.push(r),
                    Err(message) => {
                        errors.add(field::RECEIPTS, message);
                        break;
                    }
                }
            }
        }
        let has_material_rows = form.rows(field::MATERIAL).iter().any(|row| {
            !form.row(field::MATERIAL, *row, field::MATERIAL_DESCRIPTION).is_empty()
                || !form.row(field::MATERIAL, *row, field::MATERIAL_AMOUNT).is_empty()
        });
        if errors.is_empty() && kilometres.is_none() && !has_material_rows {
            errors.add(field::KILOMETRES, Message::new("expenses.error.nothing_claimed"));
        }
        if errors.is_empty() && !materials.is_empty() && receipts.is_empty() {
            errors.add(field::RECEIPTS, Message::new("expenses.error.receipt_required"));
        }
        let claim = NewClaim { event_id: event_id.unwrap_or_default(), kilometres, materials, receipts };
        if errors.is_empty() && claim.material_total().cents() > MAX_CENTS {
            errors.add(field::RECEIPTS, Message::new("expenses.error.total_too_high"));
        }
        errors.into_result(claim)
    }

    /// The material items' sum.
    pub fn material_total(&self) -> Money {
        Money::from_cents(self.materials.iter().map(|m| m.amount.cents()).sum())
    }

    /// The travel amount at `rate` (zero without kilometres).
    pub fn travel(&self, rate: KmRate) -> Money {
        self.kilometres.map_or(Money::ZERO, |km| rate.amount(km))
    }

    /// Travel plus material, in cents.
    pub fn total(&self, rate: KmRate) -> Money {
        Money::from_cents(self.travel(rate).cents() + self.material_total().cents())
    }

    /// The form's values for an empty claim (with the material rows shown).
    pub fn blank_values() -> RawForm {
        let mut form = RawForm::default();
        for row in 1..=MATERIAL_ROWS {
            form.push(&row_field(field::MATERIAL, row, field::MATERIAL_DESCRIPTION), "");
            form.push(&row_field(field::MATERIAL, row, field::MATERIAL_AMOUNT), "");
        }
        form
    }
}

/// The reason's field of claim `claim_id`'s rejection form (one per claim on the admins' page).
pub fn reason_field(claim_id: i32) -> String {
    format!("{}-{claim_id}", field::REASON)
}

/// An admin's rejection of claim `claim_id`: the reason is required.
pub fn rejection_reason(form: &RawForm, claim_id: i32) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = reason_field(claim_id);
    let reason = form.get(&name);
    if reason.is_empty() {
        errors.add(name, Message::new("expenses.error.reason_required"));
    } else if reason.chars().count() > MAX_REASON {
        errors.add(name, Message::with("validation.max_chars", &[("max", &MAX_REASON.to_string())]));
    }
    errors.into_result(reason.to_string())
}

/// A stored receipt as the pages list it (no bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptInfo {
    pub id: i32,
    pub file_name: String,
    pub kind: ReceiptKind,
    pub size: i64,
}

/// A stored claim, as the trainer's and the admins' pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: i32,
    pub organiser_slug: String,
    pub event_id: i32,
    pub event_title: String,
    pub trainer_id: i32,
    pub trainer_name: String,
    pub kilometres: Option<Kilometres>,
    pub rate: KmRate,
    pub travel: Money,
    pub materials: Vec<MaterialItem>,
    pub total: Money,
    pub status: ClaimStatus,
    pub rejection_reason: Option<String>,
    /// The cost line an approval made.
    pub cost_line_id: Option<i32>,
    pub submitted_on: chrono::NaiveDate,
    pub receipts: Vec<ReceiptInfo>,
}

impl Claim {
    /// The cost line's description: what was claimed, in Dutch (the books' language).
    pub fn cost_description(&self) -> String {
        let mut parts = Vec::new();
        if let Some(km) = self.kilometres {
            parts.push(format!("{} km × € {}", km.display(','), self.rate.display(',')));
        }
        parts.extend(self.materials.iter().map(|m| m.description.clone()));
        let what = format!("Onkosten {}: {}", self.trainer_name, parts.join(", "));
        what.chars().take(MAX_DESCRIPTION).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

    fn upload(name: &str, bytes: &[u8]) -> Upload {
        Upload { file_name: name.to_string(), bytes: bytes.to_vec() }
    }

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn receipts_are_recognised_by_their_bytes_not_their_names() {
        assert_eq!(ReceiptKind::detect(PDF), Some(ReceiptKind::Pdf));
        assert_eq!(ReceiptKind::detect(PNG), Some(ReceiptKind::Png));
        assert_eq!(ReceiptKind::detect(JPEG), Some(ReceiptKind::Jpeg));
        // A PNG called .pdf is a PNG, offered as .png.
        let png = Receipt::check(upload("bonnetje.pdf", PNG)).unwrap();
        assert_eq!(png.kind, ReceiptKind::Png);
        assert_eq!(png.file_name, "bonnetje.png");
        // A text file called .pdf is refused.
        let text = Receipt::check(upload("factuur.pdf", b"Dit is geen PDF\n%PDF-"));
        assert_eq!(text.unwrap_err().key(), "expenses.error.receipt_type");
        // Half a signature is no signature; an HTML page is no image.
        assert_eq!(ReceiptKind::detect(b"%PD"), None);
        assert_eq!(ReceiptKind::detect(&[0xFF, 0xD8]), None);
        assert_eq!(ReceiptKind::detect(b"<html><script>alert(1)</script>"), None);
        assert_eq!(ReceiptKind::detect(b""), None);
    }

    #[test]
    fn a_receipt_over_the_limit_is_refused() {
        let mut big = PDF.to_vec();
        big.resize(MAX_RECEIPT_BYTES, b' ');
        assert!(Receipt::check(upload("a.pdf", &big)).is_ok(), "exactly the limit passes");
        big.push(b' ');
        assert_eq!(Receipt::check(upload("a.pdf", &big)).unwrap_err().key(), "expenses.error.receipt_too_large");
    }

    #[test]
    fn download_names_are_safe_and_say_what_the_file_is() {
        assert_eq!(safe_file_name("C:\\Users\\x\\ticket trein.JPG", ReceiptKind::Jpeg), "ticket_trein.jpg");
        assert_eq!(safe_file_name("../../etc/passwd", ReceiptKind::Pdf), "passwd.pdf");
        assert_eq!(safe_file_name("\"; evil=.png", ReceiptKind::Png), "___evil_.png");
        assert_eq!(safe_file_name("...png", ReceiptKind::Png), "bon.png");
        assert_eq!(safe_file_name("", ReceiptKind::Pdf), "bon.pdf");
    }

    #[test]
    fn kilometres_are_positive_with_at_most_one_decimal() {
        assert_eq!(Kilometres::parse("12").unwrap().tenths(), 120);
        assert_eq!(Kilometres::parse("12,5").unwrap().tenths(), 125);
        assert_eq!(Kilometres::parse(" 12.5 ").unwrap().tenths(), 125);
        assert_eq!(Kilometres::parse("0,1").unwrap().tenths(), 1);
        assert_eq!(Kilometres::parse("12,55").unwrap_err().key(), "expenses.error.km_decimals");
        assert_eq!(Kilometres::parse("0").unwrap_err().key(), "expenses.error.km_positive");
        assert_eq!(Kilometres::parse("0,0").unwrap_err().key(), "expenses.error.km_positive");
        assert_eq!(Kilometres::parse("-5").unwrap_err().key(), "expenses.error.km_format");
        assert_eq!(Kilometres::parse("twaalf").unwrap_err().key(), "expenses.error.km_format");
        assert_eq!(Kilometres::parse("1e3").unwrap_err().key(), "expenses.error.km_format");
        assert_eq!(Kilometres::parse("12,").unwrap_err().key(), "expenses.error.km_format");
        assert_eq!(Kilometres::parse("999999999999999999999").unwrap_err().key(), "expenses.error.km_too_many");
        assert_eq!(Kilometres::parse("100001").unwrap_err().key(), "expenses.error.km_too_many");
        assert_eq!(Kilometres::parse("123,4").unwrap().display(','), "123,4");
        assert_eq!(Kilometres::parse("40").unwrap().display(','), "40");
    }

    #[test]
    fn the_rate_is_exact_to_a_hundredth_of_a_cent() {
        assert_eq!(KmRate::parse("0,4269").unwrap(), KmRate::BELGIAN_FEDERAL);
        assert_eq!(KmRate::parse("€ 0.35").unwrap().hundredth_cents(), 3500);
        assert_eq!(KmRate::parse("1").unwrap().hundredth_cents(), 10_000);
        assert_eq!(KmRate::parse("0,42691").unwrap_err().key(), "expenses.error.rate_decimals");
        assert_eq!(KmRate::parse("-0,3").unwrap_err().key(), "expenses.error.rate_format");
        assert_eq!(KmRate::parse("6").unwrap_err().key(), "expenses.error.rate_too_high");
        assert_eq!(KmRate::BELGIAN_FEDERAL.display(','), "0,4269");
        assert_eq!(KmRate::parse("0,35").unwrap().display(','), "0,35");
        assert_eq!(KmRate::parse("1").unwrap().display('.'), "1.00");
        assert_eq!(KmRate::default(), KmRate::BELGIAN_FEDERAL);
    }

    #[test]
    fn travel_is_rounded_once_to_the_cent_half_up() {
        let rate = KmRate::BELGIAN_FEDERAL;
        let km = |t: &str| Kilometres::parse(t).unwrap();
        // 123,4 × 0,4269 = 52,67946
        assert_eq!(rate.amount(km("123,4")).cents(), 5268);
        // 10 × 0,4269 = 4,269 → 4,27
        assert_eq!(rate.amount(km("10")).cents(), 427);
        // 0,1 × 0,4269 = 0,04269 → 0,04
        assert_eq!(rate.amount(km("0,1")).cents(), 4);
        // Exactly half a cent goes up: 0,1 km × € 0,3650 = 0,0365 → 0,04; 0,1 × 0,0350 = 0,0035 → 0,00.
        let half = KmRate::parse("0,365").unwrap();
        assert_eq!(half.amount(km("0,1")).cents(), 4);
        let down = KmRate::parse("0,035").unwrap();
        assert_eq!(down.amount(km("0,1")).cents(), 0);
        let exact_half = KmRate::parse("0,05").unwrap();
        assert_eq!(exact_half.amount(km("0,1")).cents(), 1, "0,005 is half a cent: up");
    }

    #[test]
    fn a_claim_sums_travel_and_material_in_cents() {
        let f = form(&[
            (field::EVENT, "7"),
            (field::KILOMETRES, "123,4"),
            ("materiaal-1-omschrijving", "Flip-over papier"),
            ("materiaal-1-bedrag", "12,99"),
            ("materiaal-2-omschrijving", ""),
            ("materiaal-2-bedrag", ""),
            ("materiaal-3-omschrijving", "Stiften"),
            ("materiaal-3-bedrag", "4,5"),
        ]);
        let claim = NewClaim::parse(&f, vec![upload("bon.jpg", JPEG), upload("", b"")]).unwrap();
        assert_eq!(claim.event_id, 7);
        assert_eq!(claim.materials.len(), 2);
        assert_eq!(claim.receipts.len(), 1, "an empty file input is no receipt");
        assert_eq!(claim.material_total().cents(), 1749);
        assert_eq!(claim.travel(KmRate::BELGIAN_FEDERAL).cents(), 5268);
        assert_eq!(claim.total(KmRate::BELGIAN_FEDERAL).cents(), 7017);
    }

    #[test]
    fn travel_alone_needs_no_receipt_but_material_does() {
        let travel = form(&[(field::EVENT, "7"), (field::KILOMETRES, "40")]);
        assert!(NewClaim::parse(&travel, vec![]).is_ok());
        let material =
            form(&[(field::EVENT, "7"), ("materiaal-1-omschrijving", "Papier"), ("materiaal-1-bedrag", "5")]);
        let errors = NewClaim::parse(&material, vec![]).unwrap_err();
        assert_eq!(errors.message(field::RECEIPTS).unwrap().key(), "expenses.error.receipt_required");
    }

    #[test]
    fn each_error_is_named_next_to_its_field() {
        let f = form(&[
            (field::EVENT, "x"),
            (field::KILOMETRES, "12,55"),
            ("materiaal-1-omschrijving", "Papier"),
            ("materiaal-1-bedrag", "abc"),
            ("materiaal-2-omschrijving", ""),
            ("materiaal-2-bedrag", "3"),
            ("materiaal-3-omschrijving", "Gratis"),
            ("materiaal-3-bedrag", "0"),
        ]);
        let errors = NewClaim::parse(&f, vec![upload("x.pdf", b"not a pdf")]).unwrap_err();
        assert_eq!(errors.message(field::EVENT).unwrap().key(), "expenses.error.event_required");
        assert_eq!(errors.message(field::KILOMETRES).unwrap().key(), "expenses.error.km_decimals");
        assert!(errors.message("materiaal-1-bedrag").is_some());
        assert_eq!(errors.message("materiaal-2-omschrijving").unwrap().key(), "expenses.error.description_required");
        assert_eq!(errors.message("materiaal-3-bedrag").unwrap().key(), "expenses.error.amount_positive");
        assert_eq!(errors.message(field::RECEIPTS).unwrap().key(), "expenses.error.receipt_type");
    }

    #[test]
    fn an_empty_claim_and_too_many_receipts_are_refused() {
        let empty = form(&[(field::EVENT, "7"), (field::KILOMETRES, "")]);
        let errors = NewClaim::parse(&empty, vec![]).unwrap_err();
        assert_eq!(errors.message(field::KILOMETRES).unwrap().key(), "expenses.error.nothing_claimed");
        let travel = form(&[(field::EVENT, "7"), (field::KILOMETRES, "4")]);
        let six = (0..=MAX_RECEIPTS).map(|i| upload(&format!("{i}.png"), PNG)).collect();
        let errors = NewClaim::parse(&travel, six).unwrap_err();
        assert_eq!(errors.message(field::RECEIPTS).unwrap().key(), "expenses.error.too_many_receipts");
    }

    #[test]
    fn a_rejection_needs_a_reason() {
        assert_eq!(
            rejection_reason(&form(&[("reden-4", "  ")]), 4).unwrap_err().message("reden-4").unwrap().key(),
            "expenses.error.reason_required"
        );
        assert!(rejection_reason(&form(&[("reden-5", "Geen bon")]), 4).is_err(), "another claim's reason");
        assert_eq!(rejection_reason(&form(&[("reden-4", "Geen bon")]), 4).unwrap(), "Geen bon");
    }

    #[test]
    fn statuses_round_trip() {
        for s in ClaimStatus::ALL {
            assert_eq!(ClaimStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ClaimStatus::parse("paid"), None);
    }
}
