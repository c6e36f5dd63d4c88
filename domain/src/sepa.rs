//! SEPA credit transfer files: the ISO 20022 `pain.001.001.09` document
//! ("customer credit transfer initiation") an organiser uploads in its bank's
//! business app to pay trainers. One file is one payment batch from the
//! organiser's account ([`Debtor`]) with one transaction per cost line
//! ([`Transfer`]).
//!
//! What the banks' SEPA rulebook asks beyond the schema is done here too:
//! texts in the SEPA character set (Latin letters, digits and `/ - ? : ( ) . , ' +`
//! and space; accented letters are written without their accents, anything
//! else is dropped), names at most 70 characters, the remittance text at
//! most 140, identifiers at most 35, amounts in euro with two decimals, taken
//! exactly from the cents.

use crate::EnterpriseNumber;
use crate::iban::{Bic, Iban};
use crate::money::Money;
use crate::xml::XmlWriter;
use chrono::{NaiveDate, NaiveDateTime};

/// The message's namespace: pain.001 version 09, which Belgian banks accept.
pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
/// The schema's name, as `scripts/validate_xsd.py` takes it.
pub const MESSAGE: &str = "pain.001.001.09";

/// The longest name the SEPA rulebook lets through (the schema allows 140).
pub const MAX_NAME: usize = 70;
/// The longest unstructured remittance text.
pub const MAX_REMITTANCE: usize = 140;
/// The longest identifier (message, batch, end-to-end).
pub const MAX_ID: usize = 35;

/// The account that pays: the organiser's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    pub iban: Iban,
    /// Without one, the bank finds its own from the IBAN ("NOTPROVIDED").
    pub bic: Option<Bic>,
    /// The organiser's KBO number, which Belgian banks like to see as the initiator's id.
    pub enterprise_number: Option<EnterpriseNumber>,
}

/// One payment of the file: one cost line to one payee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Unique per transaction, returned on the debtor's statement: see [`end_to_end_id`].
    pub end_to_end_id: String,
    pub amount: Money,
    pub creditor_name: String,
    pub creditor_iban: Iban,
    pub creditor_bic: Option<Bic>,
    /// What the payee reads on their statement: see [`remittance`].
    pub remittance: String,
}

/// A whole payment file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFile {
    /// Unique per file and organiser: see [`message_id`].
    pub message_id: String,
    /// When the file was made (local time, as banks show it).
    pub created_at: NaiveDateTime,
    pub requested_execution_date: NaiveDate,
    pub debtor: Debtor,
    pub transfers: Vec<Transfer>,
}

/// The identifier of a file: `LEERNET-F{file}-{yyyymmddhhmmss}`. Banks refuse
/// a message id they saw before; the time keeps ids apart should a database
/// be started afresh and count its files from 1 again.
pub fn message_id(file_id: i32, created_at: NaiveDateTime) -> String {
    let id = format!("LEERNET-F{file_id}-{}", created_at.format("%Y%m%d%H%M%S"));
    id.chars().take(MAX_ID).collect()
}

/// A transaction's end-to-end id: the cost line and the file, so a bank
/// statement's debit points back at both (`LEERNET-L17-F3`, at most 31 characters).
pub fn end_to_end_id(line_id: i32, file_id: i32) -> String {
    format!("LEERNET-L{line_id}-F{file_id}")
}

/// The payee's communication: the line and what it was for, within 140 characters.
pub fn remittance(line_id: i32, description: &str, event_title: &str) -> String {
    sepa_text(&format!("Leernet kost {line_id}: {description} - {event_title}"), MAX_REMITTANCE)
}

/// `text` in the SEPA character set, whitespace collapsed, at most `max` characters.
pub fn sepa_text(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '/' | '-' | '?' | ':' | '(' | ')' | '.' | ',' | '\'' | '+' => {
                out.push(c)
            }
            '&' => out.push('+'),
            '’' | '‘' | '`' => out.push('\''),
            '–' | '—' | '_' => out.push('-'),
            '"' | '“' | '”' | '«' | '»' => out.push('\''),
            ';' => out.push(','),
            other => out.push_str(transliterate(other)),
        }
    }
    let trimmed: String = out.trim().chars().take(max).collect();
    trimmed.trim_end().to_string()
}

/// A letter with its accent dropped (the letters of the languages we meet); "" for anything else.
fn transliterate(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => "A",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ç' => "c",
        'Ç' => "C",
        'ñ' => "n",
        'Ñ' => "N",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        '€' => "EUR",
        _ => "",
    }
}

/// An amount as the schema writes it: euros, a point, two decimals (`1400.00`).
pub fn amount(m: Money) -> String {
    let cents = m.cents();
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// A name for the file: never empty (the schema wants at least one character).
fn name(text: &str) -> String {
    let name = sepa_text(text, MAX_NAME);
    if name.is_empty() { "-".to_string() } else { name }
}

impl PaymentFile {
    pub fn control_sum(&self) -> Money {
        self.transfers.iter().fold(Money::ZERO, |sum, t| sum + t.amount)
    }

    /// The pain.001.001.09 document.
    pub fn to_xml(&self) -> String {
        let mut x = XmlWriter::new();
        x.open_with("Document", &[("xmlns", NAMESPACE), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")]);
        x.open("CstmrCdtTrfInitn");
        let count = self.transfers.len().to_string();
        let sum = amount(self.control_sum());
        let debtor_name = name(&self.debtor.name);

        x.open("GrpHdr");
        x.leaf("MsgId", &sepa_text(&self.message_id, MAX_ID));
        x.leaf("CreDtTm", &self.created_at.format("%Y-%m-%dT%H:%M:%S").to_string());
        x.leaf("NbOfTxs", &count);
        x.leaf("CtrlSum", &sum);
        x.open("InitgPty");
        x.leaf("Nm", &debtor_name);
        if let Some(number) = self.debtor.enterprise_number {
            x.open("Id");
            x.open("OrgId");
            x.open("Othr");
            x.leaf("Id", &number.digits());
            x.leaf("Issr", "KBO-BCE");
            x.close("Othr");
            x.close("OrgId");
            x.close("Id");
        }
        x.close("InitgPty");
        x.close("GrpHdr");

        x.open("PmtInf");
        x.leaf("PmtInfId", &sepa_text(&format!("{}-1", self.message_id), MAX_ID));
        x.leaf("PmtMtd", "TRF");
        x.leaf("BtchBookg", "true");
        x.leaf("NbOfTxs", &count);
        x.leaf("CtrlSum", &sum);
        x.open("PmtTpInf");
        x.open("SvcLvl");
        x.leaf("Cd", "SEPA");
        x.close("SvcLvl");
        x.close("PmtTpInf");
        x.open("ReqdExctnDt");
        x.leaf("Dt", &self.requested_execution_date.format("%Y-%m-%d").to_string());
        x.close("ReqdExctnDt");
        x.open("Dbtr");
        x.leaf("Nm", &debtor_name);
        x.close("Dbtr");
        account(&mut x, "DbtrAcct", &self.debtor.iban);
        agent(&mut x, "DbtrAgt", self.debtor.bic.as_ref(), true);
        x.leaf("ChrgBr", "SLEV");
        for t in &self.transfers {
            x.open("CdtTrfTxInf");
            x.open("PmtId");
            x.leaf("EndToEndId", &sepa_text(&t.end_to_end_id, MAX_ID));
            x.close("PmtId");
            x.open("Amt");
            x.leaf_with("InstdAmt", &[("Ccy", "EUR")], &amount(t.amount));
            x.close("Amt");
            agent(&mut x, "CdtrAgt", t.creditor_bic.as_ref(), false);
            x.open("Cdtr");
            x.leaf("Nm", &name(&t.creditor_name));
            x.close("Cdtr");
            account(&mut x, "CdtrAcct", &t.creditor_iban);
            let remittance = sepa_text(&t.remittance, MAX_REMITTANCE);
            if !remittance.is_empty() {
                x.open("RmtInf");
                x.leaf("Ustrd", &remittance);
                x.close("RmtInf");
            }
            x.close("CdtTrfTxInf");
        }
        x.close("PmtInf");
        x.close("CstmrCdtTrfInitn");
        x.close("Document");
        x.finish()
    }
}

fn account(x: &mut XmlWriter, element: &str, iban: &Iban) {
    x.open(element);
    x.open("Id");
    x.leaf("IBAN", iban.as_str());
    x.close("Id");
    x.close(element);
}

/// A bank by its BIC. Without one: the debtor's agent says "not provided"
/// (the bank knows its own customer); a creditor's agent is left out, as
/// SEPA allows within the EEA.
fn agent(x: &mut XmlWriter, element: &str, bic: Option<&Bic>, required: bool) {
    match bic {
        Some(bic) => {
            x.open(element);
            x.open("FinInstnId");
            x.leaf("BICFI", bic.as_str());
            x.close("FinInstnId");
            x.close(element);
        }
        None if required => {
            x.open(element);
            x.open("FinInstnId");
            x.open("Othr");
            x.leaf("Id", "NOTPROVIDED");
            x.close("Othr");
            x.close("FinInstnId");
            x.close(element);
        }
        None => {}
    }
}

/// Why an approved cost line cannot go into a payment file (yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Blocker {
    /// The line names no trainer as its payee.
    NoTrainer,
    /// Its trainer's profile has no IBAN.
    NoIban,
    /// No amount above zero.
    NoAmount,
}

impl Blocker {
    pub fn label_key(self) -> &'static str {
        match self {
            Blocker::NoTrainer => "payouts.blocker.no_trainer",
            Blocker::NoIban => "payouts.blocker.no_iban",
            Blocker::NoAmount => "payouts.blocker.no_amount",
        }
    }
}

/// An approved cost line, as the payment files page offers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PayableLine {
    pub line_id: i32,
    pub event_id: i32,
    pub event_title: String,
    pub description: String,
    /// What the file would send: the line's actual amount.
    pub amount: Money,
    /// The trainer's name, else the line's free-text payee.
    pub payee: Option<String>,
    pub trainer_id: Option<i32>,
    pub iban: Option<Iban>,
    pub bic: Option<Bic>,
    /// `None` when it can go into a file now.
    pub blocker: Option<Blocker>,
}

/// A payment file, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileSummary {
    pub id: i32,
    pub message_id: String,
    /// Local time.
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
    pub requested_execution_date: NaiveDate,
    pub status: crate::PaymentFileStatus,
    pub transactions: i32,
    pub total: Money,
    /// How many of its lines were paid (matched on a bank statement).
    pub paid: usize,
}

impl FileSummary {
    /// An open file none of whose lines is paid may be cancelled.
    pub fn cancellable(&self) -> bool {
        self.status == crate::PaymentFileStatus::Open && self.paid == 0
    }

    /// The downloaded file's name.
    pub fn file_name(&self) -> String {
        file_name(self.id, self.created_at.date())
    }
}

/// A payment file's name: `overschrijvingen-2026-11-23-3.xml`.
pub fn file_name(file_id: i32, created_on: NaiveDate) -> String {
    format!("overschrijvingen-{created_on}-{file_id}.xml")
}

/// The requested execution date as typed (`YYYY-MM-DD`): today or later,
/// within a year (what banks accept).
pub fn parse_execution_date(typed: &str, today: NaiveDate) -> Result<NaiveDate, crate::forms::Message> {
    use crate::forms::Message;
    let date =
        NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").map_err(|_| Message::new("validation.execution_date"))?;
    if date < today {
        return Err(Message::new("validation.execution_date_past"));
    }
    if date > today + chrono::Duration::days(365) {
        return Err(Message::new("validation.execution_date_far"));
    }
    Ok(date)
}

/// The names of the payment file form's fields.
pub mod field {
    /// A cost line to pay (one value per checked line).
    pub const LINE: &str = "lijn";
    pub const EXECUTION_DATE: &str = "uitvoeringsdatum";
}

/// For tests (here and the server's): the official schema check of
/// `scripts/validate_xsd.py` in the project's venv.
pub mod schema_check {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// The venv's Python and the script, or `None` when the validator is not
    /// installed and not required (`LEERNET_REQUIRE_SEPA_XSD=1` or CI require
    /// it: then a missing validator panics).
    pub fn validator(repository: &Path) -> Option<(PathBuf, PathBuf)> {
        let python = repository.join(".venv-peppol/bin/python");
        let script = repository.join("scripts/validate_xsd.py");
        let available = python.exists()
            && Command::new(&python).args(["-c", "import sepaxml, lxml"]).status().is_ok_and(|s| s.success());
        let required = std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var("LEERNET_REQUIRE_SEPA_XSD").is_ok_and(|v| v == "1");
        if !available {
            assert!(!required, "the SEPA schema validator is required but missing: run scripts/setup.sh --test");
            eprintln!("skipping the schema check: sepaxml and lxml are not installed (scripts/setup.sh --test)");
            return None;
        }
        Some((python, script))
    }

    /// Validates `documents` (XML texts) against pain.001.001.09: `Some((valid, output))`,
    /// `None` when the validator is missing and not required.
    pub fn validate(repository: &Path, documents: &[String]) -> Option<(bool, String)> {
        let (python, script) = validator(repository)?;
        let dir = std::env::temp_dir().join(format!("leernet-sepa-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let mut paths = Vec::new();
        for (i, document) in documents.iter().enumerate() {
            let path = dir.join(format!("pain-{i}.xml"));
            std::fs::write(&path, document).expect("the file is written");
            paths.push(path);
        }
        let output =
            Command::new(python).arg(script).arg(super::MESSAGE).args(&paths).output().expect("the validator runs");
        let _ = std::fs::remove_dir_all(&dir);
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        Some((output.status.success(), text))
    }

    fn unique() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_path_buf()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn transfer(line: i32, file: i32, cents: i64, name: &str, iban: &str, bic: Option<&str>) -> Transfer {
        Transfer {
            end_to_end_id: end_to_end_id(line, file),
            amount: Money::from_cents(cents),
            creditor_name: name.into(),
            creditor_iban: Iban::parse(iban).unwrap(),
            creditor_bic: bic.map(|b| Bic::parse(b).unwrap()),
            remittance: remittance(line, "Honorarium vorming", "Schuldhulp & budgetbeheer: één dag"),
        }
    }

    fn file(file_id: i32, bic: Option<&str>, transfers: Vec<Transfer>) -> PaymentFile {
        let created_at = at("2026-11-23 10:00:00");
        PaymentFile {
            message_id: message_id(file_id, created_at),
            created_at,
            requested_execution_date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            debtor: Debtor {
                name: "BIZ Kempen – CAW De Kempen vzw".into(),
                iban: Iban::parse("BE71 0961 2345 6769").unwrap(),
                bic: bic.map(|b| Bic::parse(b).unwrap()),
                enterprise_number: EnterpriseNumber::parse("0207.520.810").ok(),
            },
            transfers,
        }
    }

    #[test]
    fn texts_keep_to_the_sepa_character_set() {
        assert_eq!(sepa_text("Zoë Vandenbroucke-Çelik", 70), "Zoe Vandenbroucke-Celik");
        assert_eq!(sepa_text("Café «De Kroon» & zonen; 50%", 70), "Cafe 'De Kroon' + zonen, 50");
        assert_eq!(sepa_text("  Straße\t\nGroß  ", 70), "Strasse Gross");
        assert_eq!(sepa_text("Œuvre d’art 🎨 <b>", 70), "OEuvre d'art b");
        assert_eq!(sepa_text("abcdef", 3), "abc");
        assert_eq!(sepa_text("ab  cd", 3), "ab", "no trailing space after cutting");
        assert_eq!(sepa_text("€ 1.400", 35), "EUR 1.400");
        let long = remittance(123_456, &"x".repeat(300), "Vorming");
        assert_eq!(long.chars().count(), MAX_REMITTANCE);
        assert!(long.starts_with("Leernet kost 123456: xxx"));
    }

    #[test]
    fn identifiers_fit_in_35_characters() {
        assert_eq!(end_to_end_id(17, 3), "LEERNET-L17-F3");
        assert!(end_to_end_id(i32::MAX, i32::MAX).len() <= MAX_ID);
        let id = message_id(i32::MAX, at("2026-11-23 10:00:00"));
        assert_eq!(id, "LEERNET-F2147483647-20261123100000");
        assert!(id.len() <= MAX_ID);
    }

    #[test]
    fn the_execution_date_is_today_or_within_a_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(parse_execution_date("2026-11-23", today), Ok(today));
        assert_eq!(
            parse_execution_date(" 2027-11-23 ", today).unwrap(),
            NaiveDate::from_ymd_opt(2027, 11, 23).unwrap()
        );
        let key = |typed: &str| parse_execution_date(typed, today).unwrap_err().key().to_string();
        assert_eq!(key("2026-11-22"), "validation.execution_date_past");
        assert_eq!(key("2027-11-24"), "validation.execution_date_far");
        assert_eq!(key("23/11/2026"), "validation.execution_date");
        assert_eq!(key(""), "validation.execution_date");
    }

    #[test]
    fn amounts_are_exact_from_the_cents() {
        assert_eq!(amount(Money::from_cents(140_000)), "1400.00");
        assert_eq!(amount(Money::from_cents(68_950)), "689.50");
        assert_eq!(amount(Money::from_cents(5)), "0.05");
        assert_eq!(amount(Money::from_cents(99_999_999_999)), "999999999.99");
    }

    #[test]
    fn the_file_has_the_group_header_one_batch_and_a_transaction_per_line() {
        let f = file(
            3,
            Some("GKCCBEBB"),
            vec![
                transfer(17, 3, 140_000, "Lies Pauwels", "BE68 5390 0754 7034", Some("GEBABEBB")),
                transfer(18, 3, 68_951, "Traiteur Çava", "NL91ABNA0417164300", None),
            ],
        );
        let xml = f.to_xml();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\""));
        for part in [
            "<MsgId>LEERNET-F3-20261123100000</MsgId>",
            "<CreDtTm>2026-11-23T10:00:00</CreDtTm>",
            "<NbOfTxs>2</NbOfTxs>",
            "<CtrlSum>2089.51</CtrlSum>",
            "<Nm>BIZ Kempen - CAW De Kempen vzw</Nm>",
            "<Id>0207520810</Id>",
            "<PmtMtd>TRF</PmtMtd>",
            "<BtchBookg>true</BtchBookg>",
            "<Cd>SEPA</Cd>",
            "<Dt>2026-11-25</Dt>",
            "<IBAN>BE71096123456769</IBAN>",
            "<BICFI>GKCCBEBB</BICFI>",
            "<ChrgBr>SLEV</ChrgBr>",
            "<EndToEndId>LEERNET-L17-F3</EndToEndId>",
            "<InstdAmt Ccy=\"EUR\">1400.00</InstdAmt>",
            "<InstdAmt Ccy=\"EUR\">689.51</InstdAmt>",
            "<BICFI>GEBABEBB</BICFI>",
            "<Nm>Traiteur Cava</Nm>",
            "<IBAN>NL91ABNA0417164300</IBAN>",
            "<Ustrd>Leernet kost 17: Honorarium vorming - Schuldhulp + budgetbeheer: een dag</Ustrd>",
        ] {
            assert!(xml.contains(part), "{part} missing in\n{xml}");
        }
        assert_eq!(xml.matches("<CdtTrfTxInf>").count(), 2);
        assert_eq!(xml.matches("<CdtrAgt>").count(), 1, "no creditor agent without a BIC");
        assert!(!xml.contains("NOTPROVIDED"));
    }

    #[test]
    fn without_the_organisers_bic_the_debtor_agent_is_not_provided() {
        let xml = file(4, None, vec![transfer(1, 4, 100, "A", "BE68539007547034", None)]).to_xml();
        assert!(
            xml.contains("<DbtrAgt>\n        <FinInstnId>\n          <Othr>\n            <Id>NOTPROVIDED</Id>"),
            "{xml}"
        );
    }

    #[test]
    fn every_file_passes_the_official_schema() {
        let names = ["Lies Pauwels", "Zoë D'Haese & co «bvba»", &"Ő".repeat(80), "🎨"];
        let files = [
            file(1, Some("GKCCBEBB"), vec![transfer(17, 1, 140_000, names[0], "BE68539007547034", Some("GEBABEBB"))]),
            file(
                2,
                None,
                vec![
                    transfer(18, 2, 1, names[1], "FR1420041010050500013M02606", None),
                    transfer(19, 2, 99_999_999_999, names[2], "DE89370400440532013000", Some("COBADEFFXXX")),
                    transfer(20, 2, 68_950, names[3], "LU280019400644750000", None),
                ],
            ),
            {
                let mut f =
                    file(3, Some("BBRUBEBB010"), vec![transfer(21, 3, 5000, "Els", "NL91ABNA0417164300", None)]);
                f.debtor.enterprise_number = None;
                f.debtor.name = "<&>".into();
                f.transfers[0].remittance = String::new();
                f
            },
        ];
        let documents: Vec<String> = files.iter().map(PaymentFile::to_xml).collect();
        let Some((valid, output)) = schema_check::validate(&repository(), &documents) else { return };
        assert!(valid, "the schema refuses our payment files:\n{output}");

        // The check does refuse a broken file.
        let broken = documents[0].replace("<PmtMtd>TRF</PmtMtd>", "");
        let Some((valid, output)) = schema_check::validate(&repository(), &[broken]) else { return };
        assert!(!valid, "a file without its payment method passed:\n{output}");
        assert!(output.contains("PmtMtd"), "{output}");
    }
}
