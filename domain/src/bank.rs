//! Bank statements, to match incoming transfers to invoices by their
//! structured communication: CODA (the Belgian banks' fixed-width format,
//! read in [`coda`]) and the CSV exports of the common Belgian banks
//! (`date;amount;counterparty;communication`).
//!
//! A statement is read whole into [`StatementLine`]s, credits and debits
//! alike, each with its sign: only credits can settle an invoice (the store's
//! matching leaves debits alone); debits keep their communication and, from
//! CODA, the SEPA end-to-end reference, for settling payouts later. Every
//! line has a reference that the same file always gives again, so importing
//! a statement twice books nothing twice.

mod coda;

pub use coda::parse_coda;

use crate::csv_files;
use crate::forms::Message;
use crate::i18n::Locale;
use crate::money::Money;
use crate::ogm::OgmReference;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One movement on the account: a transfer in (positive amount) or out (negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// Identifies the line in its statement: the same file gives the same
    /// references, which makes importing twice harmless.
    pub reference: String,
    /// The reference an earlier version of this reader gave the same line,
    /// when it differs (CODA details of a globalised movement): a payment
    /// booked under it counts as this line's.
    pub earlier_reference: Option<String>,
    pub date: Option<NaiveDate>,
    /// In euro; negative for a debit.
    pub amount: Money,
    pub counterparty: String,
    /// The counterparty's account (IBAN, or an old Belgian account number), when the bank gives it.
    pub counterparty_account: String,
    pub communication: String,
    pub ogm: Option<OgmReference>,
    /// The SEPA end-to-end reference (CODA record 2.2), to recognise our own payouts by.
    pub end_to_end: Option<String>,
    /// What the bank adds beyond the communication (CODA information records 3.x).
    pub information: String,
    /// The amount in the currency the counterparty paid in, when not euro;
    /// `amount` is what reached the account, in euro.
    pub original: Option<OriginalAmount>,
}

impl StatementLine {
    /// A transfer in: the only kind that can settle an invoice.
    pub fn is_credit(&self) -> bool {
        self.amount.cents() > 0
    }
}

/// An amount in a currency other than euro, in hundredths of its unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalAmount {
    /// ISO 4217, e.g. `USD`.
    pub currency: String,
    pub hundredths: i64,
}

impl OriginalAmount {
    /// `USD 1.234,56` (nl), `USD 1 234,56` (fr), `USD 1,234.56` (en).
    pub fn display_in(&self, locale: Locale) -> String {
        format!("{} {}", self.currency, Money::from_cents(self.hundredths).amount_in(locale))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("dit bestand is leeg")]
    Empty,
    /// A record too short to hold the fields it must have.
    #[error("regel {0} is geen volledige CODA-regel (128 tekens)")]
    BadCodaRecord(usize),
    #[error("regel {0}: verwacht datum;bedrag;tegenpartij;mededeling")]
    BadCsvLine(usize),
    #[error("regel {0}: het bedrag is onleesbaar")]
    BadAmount(usize),
    #[error("regel {line}: {problem}")]
    Coda { line: usize, problem: CodaProblem },
    #[error("geen betalingen gevonden in dit bestand")]
    NoMovements,
}

/// What is wrong with a CODA record, beyond its length and its amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodaProblem {
    #[error("onbekend soort record")]
    UnknownRecord,
    #[error("CODA versie 1 wordt niet gelezen; vraag de bank CODA 2")]
    OldVersion,
    #[error("onbekende structuur van het rekeningnummer")]
    AccountStructure,
    #[error("de rekening is in {0}; alleen afschriften van een euro-rekening kunnen facturen betalen")]
    Currency(String),
    #[error("de munt van de rekening ontbreekt")]
    NoCurrency,
    #[error("het teken van het bedrag is geen 0 (credit) of 1 (debet)")]
    Sign,
    #[error("dit record staat buiten een afschrift (begin- of eindrecord ontbreekt)")]
    Outside,
    #[error("dit vervolgrecord hoort niet bij de beweging erboven")]
    Continuation,
    #[error("een nieuw afschrift begint voor het vorige met zijn nieuw saldo (record 8) afsloot")]
    Unclosed,
    #[error("het bestand houdt op zonder eindrecord (9): is het volledig?")]
    Truncated,
    #[error("oud saldo plus bewegingen ({expected}) is niet het nieuw saldo ({found})")]
    Balance { expected: String, found: String },
    #[error("het eindrecord telt {found} records, het bestand heeft er {expected}")]
    RecordCount { expected: usize, found: usize },
    #[error("het eindrecord telt {found} aan debet of credit, de bewegingen {expected}")]
    Totals { expected: String, found: String },
}

impl StatementError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        let line = |key: &'static str, line: &usize| Message::with(key, &[("line", &line.to_string())]);
        match self {
            StatementError::Empty => Message::new("validation.statement_empty"),
            StatementError::BadCodaRecord(n) => line("validation.statement_coda_line", n),
            StatementError::BadCsvLine(n) => line("validation.statement_csv_line", n),
            StatementError::BadAmount(n) => line("validation.statement_amount", n),
            StatementError::Coda { line: n, problem } => {
                let n = n.to_string();
                match problem {
                    CodaProblem::UnknownRecord => Message::with("validation.coda_unknown_record", &[("line", &n)]),
                    CodaProblem::OldVersion => Message::with("validation.coda_old_version", &[("line", &n)]),
                    CodaProblem::AccountStructure => {
                        Message::with("validation.coda_account_structure", &[("line", &n)])
                    }
                    CodaProblem::Currency(currency) => {
                        Message::with("validation.coda_currency", &[("line", &n), ("currency", currency)])
                    }
                    CodaProblem::NoCurrency => Message::with("validation.coda_no_currency", &[("line", &n)]),
                    CodaProblem::Sign => Message::with("validation.coda_sign", &[("line", &n)]),
                    CodaProblem::Outside => Message::with("validation.coda_outside", &[("line", &n)]),
                    CodaProblem::Continuation => Message::with("validation.coda_continuation", &[("line", &n)]),
                    CodaProblem::Unclosed => Message::with("validation.coda_unclosed", &[("line", &n)]),
                    CodaProblem::Truncated => Message::with("validation.coda_truncated", &[("line", &n)]),
                    CodaProblem::Balance { expected, found } => Message::with(
                        "validation.coda_balance",
                        &[("line", &n), ("expected", expected), ("found", found)],
                    ),
                    CodaProblem::RecordCount { expected, found } => Message::with(
                        "validation.coda_record_count",
                        &[("line", &n), ("expected", &expected.to_string()), ("found", &found.to_string())],
                    ),
                    CodaProblem::Totals { expected, found } => Message::with(
                        "validation.coda_totals",
                        &[("line", &n), ("expected", expected), ("found", found)],
                    ),
                }
            }
            StatementError::NoMovements => Message::new("validation.statement_no_payments"),
        }
    }
}

/// CODA or CSV, whichever the file is: CODA when its first line is a CODA
/// header (record 0), even one whose trailing spaces a mail client cut.
pub fn parse_statement(text: &str) -> Result<Vec<StatementLine>, StatementError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(StatementError::Empty);
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let lines = if first.starts_with("00000") && first.trim_end().chars().count() >= 16 {
        parse_coda(text)?
    } else {
        parse_csv(text)?
    };
    if lines.is_empty() {
        return Err(StatementError::NoMovements);
    }
    Ok(lines)
}

/// A structured communication anywhere in free text (`+++…+++`, `***…***`, or the twelve digits).
pub fn find_ogm(text: &str) -> Option<OgmReference> {
    if let Ok(ogm) = OgmReference::parse(text.trim()) {
        return Some(ogm);
    }
    for delimiter in ["+++", "***"] {
        let mut rest = text;
        while let Some(start) = rest.find(delimiter) {
            let after = &rest[start + 3..];
            let Some(end) = after.find(delimiter) else { break };
            if let Ok(ogm) = OgmReference::parse(&after[..end]) {
                return Some(ogm);
            }
            rest = &after[end..];
        }
    }
    None
}

/// `date;amount;counterparty;communication` (semicolons or commas, as the
/// first line uses; a header line is skipped; quoted cells may hold the
/// separator). Incoming amounts are positive, outgoing ones negative; a line
/// of zero is no movement.
pub fn parse_csv(text: &str) -> Result<Vec<StatementLine>, StatementError> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let separator = if first.contains(';') { b';' } else { b',' };
    let records = csv_files::read(text, separator).map_err(|open| StatementError::BadCsvLine(open.line))?;
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let records = records.into_iter().filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
    for (i, csv_files::Record { line, cells }) in records.enumerate() {
        // Quotes left around a cell (` "OCMW Mol"`) go too, as they always did:
        // the cells make up each payment's reference, which must not change.
        let fields: Vec<String> = cells.iter().map(|f| f.trim().trim_matches('"').trim().to_string()).collect();
        if fields.len() < 4 {
            return Err(StatementError::BadCsvLine(line));
        }
        let date = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(&fields[0], f).ok());
        let Some(date) = date else {
            if i == 0 {
                continue; // the header
            }
            return Err(StatementError::BadCsvLine(line));
        };
        let amount = Money::parse(&fields[1]).map_err(|_| StatementError::BadAmount(line))?;
        if amount.is_zero() {
            continue;
        }
        let communication = fields[3..].join(" ");
        let ogm = find_ogm(&communication);
        let key = format!("csv:{date}:{}:{}:{}", amount.cents(), fields[2], communication);
        let n = seen.entry(key.clone()).or_default();
        *n += 1;
        out.push(StatementLine {
            reference: format!("{key}#{n}"),
            earlier_reference: None,
            date: Some(date),
            amount,
            counterparty: fields[2].clone(),
            counterparty_account: String::new(),
            communication,
            ogm,
            end_to_end: None,
            information: String::new(),
            original: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CODA movement record (2.1) with the given amount and communication.
    pub fn coda_movement(seq: u32, credit: bool, cents: i64, structured: Option<OgmReference>, free: &str) -> String {
        let (kind, communication) = match structured {
            Some(ogm) => ('1', format!("101{}", ogm.digits())),
            None => ('0', free.to_string()),
        };
        let line = format!(
            "21{seq:04}0000{:<21}{}{:015}{}{:<8}{kind}{:<53}{}{:03}{}{} {}",
            format!("REF{seq}"),
            if credit { '0' } else { '1' },
            cents * 10,
            "020326",
            "00150000",
            communication,
            "020326",
            12,
            '0',
            '0',
            '0'
        );
        assert_eq!(line.len(), 128, "{line}");
        line
    }

    fn coda(body: &[String]) -> String {
        let header = format!(
            "0000002032672500        00000000000CAW DE KEMPEN             BBRUBEBB   00000000000 00000 2{:>32}",
            ""
        );
        let old = format!("12012BE68539007547034                  EUR0000000000000000010326CAW DE KEMPEN{:>50}012", "");
        let mut text = format!("{:<128}\n{:<128}\n", &header[..header.len().min(128)], &old[..old.len().min(128)]);
        for b in body {
            text.push_str(b);
            text.push('\n');
        }
        text.push_str(&format!("{:<128}\n", "8012BE68539007547034"));
        text.push_str(&format!("{:<128}\n", "9"));
        text
    }

    #[test]
    fn coda_reads_credits_and_debits_with_their_sign() {
        let ogm = OgmReference::from_base(12_600_042).unwrap();
        let text = coda(&[
            coda_movement(1, true, 11157, Some(ogm), ""),
            coda_movement(2, false, 5000, Some(ogm), ""),
            coda_movement(3, true, 2500, None, "factuur 2026-00001"),
        ]);
        let lines = parse_statement(&text).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].amount, Money::from_cents(11157));
        assert_eq!(lines[0].ogm, Some(ogm));
        assert_eq!(lines[0].date, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(lines[1].amount, Money::from_cents(-5000), "a debit keeps its sign");
        assert!(lines[0].is_credit() && !lines[1].is_credit());
        assert_eq!(lines[2].ogm, None);
        assert_eq!(lines[2].communication, "factuur 2026-00001");
        assert_ne!(lines[0].reference, lines[2].reference);
        assert_eq!(parse_statement(&text).unwrap(), lines, "the same file gives the same references");
    }

    /// The bug that dropped the connection: text where a structured
    /// communication's twelve digits belong, with a character of two bytes
    /// across the twelfth digit's place.
    #[test]
    fn coda_reads_text_where_the_structured_communication_belongs() {
        let ogm = OgmReference::from_base(12_600_042).unwrap();
        let record = coda_movement(1, true, 2500, Some(ogm), "");
        let text: String = record.chars().take(65).chain("1éééééé €😀xy".chars()).collect();
        let record: String = text.chars().chain(record.chars().skip(text.chars().count())).collect();
        assert_eq!(record.chars().count(), 128);
        let lines = parse_statement(&coda(&[record])).unwrap();
        assert_eq!((lines[0].amount, lines[0].ogm), (Money::from_cents(2500), None));
        assert_eq!(lines[0].communication, "1011éééééé €😀xy");
    }

    #[test]
    fn coda_rejects_short_records() {
        assert_eq!(parse_coda("21000100\n"), Err(StatementError::BadCodaRecord(1)));
    }

    #[test]
    fn csv_of_a_belgian_bank() {
        let ogm = OgmReference::from_base(12_600_042).unwrap();
        let text = format!(
            "Datum;Bedrag;Tegenpartij;Mededeling\n02/03/2026;111,57;OCMW Geel;{ogm}\n03/03/2026;-20,00;Drukkerij;factuur\n04/03/2026;1.234,50;\"OCMW Mol\";***{}***\n04/03/2026;1.234,50;\"OCMW Mol\";***{}***\n",
            &ogm.to_string()[3..17],
            &ogm.to_string()[3..17]
        );
        let lines = parse_statement(&text).unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!((lines[0].amount, lines[0].ogm), (Money::from_cents(11157), Some(ogm)));
        assert_eq!(lines[1].amount, Money::from_cents(-2000), "a debit keeps its sign");
        assert_eq!(lines[2].amount, Money::from_cents(123_450));
        assert_eq!(lines[2].ogm, Some(ogm));
        assert_ne!(lines[2].reference, lines[3].reference, "two identical transfers stay two");
        assert_eq!(parse_csv("a;b\n"), Err(StatementError::BadCsvLine(1)));
        assert_eq!(parse_statement("  \n"), Err(StatementError::Empty));
    }

    #[test]
    fn finds_communications_in_free_text() {
        let ogm = OgmReference::from_base(12_600_042).unwrap();
        assert_eq!(find_ogm(&format!("betaling {ogm} dank")), Some(ogm));
        assert_eq!(find_ogm(&ogm.digits()), Some(ogm));
        assert_eq!(find_ogm("factuur 12"), None);
    }

    mod properties {
        //! Whatever a bank or a person uploads, reading it never panics:
        //! arbitrary text, multibyte characters at CODA's fixed positions,
        //! empty and huge lines. A good statement keeps its payments when
        //! noise is added around them, and amounts come out as they went in.
        use super::*;
        use proptest::prelude::*;

        /// The record types of a CODA file and where each starts.
        const RECORD_STARTS: [&str; 11] = ["0", "1", "21", "22", "23", "31", "32", "33", "4", "8", "9"];

        /// Text as people and banks paste it: ASCII, accents, CJK, emoji, control characters.
        fn messy_char() -> impl Strategy<Value = char> {
            prop_oneof![
                4 => proptest::char::range(' ', '~'),
                2 => prop::sample::select(vec!['é', 'ë', 'ç', '€', '°', '’', '\u{a0}', '\u{feff}', '\r', '\t']),
                1 => proptest::char::range('\u{4e00}', '\u{4e50}'),
                1 => proptest::char::range('\u{1f600}', '\u{1f640}'),
                1 => any::<char>(),
            ]
        }

        fn messy(min: usize, max: usize) -> impl Strategy<Value = String> {
            prop::collection::vec(messy_char(), min..=max).prop_map(|c| c.into_iter().collect())
        }

        /// A 128-character record of `kind` with anything after its type.
        fn noise_record() -> impl Strategy<Value = String> {
            (prop::sample::select(RECORD_STARTS.to_vec()), messy(126, 126)).prop_map(|(kind, rest)| {
                let record: String = format!("{kind}{rest}").chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
                let n = record.chars().count();
                if n >= 128 { record.chars().take(128).collect() } else { format!("{record}{}", " ".repeat(128 - n)) }
            })
        }

        /// `record` with `text` written over the characters from position `from` (1-based), kept at 128.
        fn overwrite(record: &str, from: usize, text: &str) -> String {
            let mut chars: Vec<char> = record.chars().collect();
            for (i, c) in text.chars().filter(|c| !matches!(c, '\n' | '\r')).enumerate() {
                if let Some(slot) = chars.get_mut(from - 1 + i) {
                    *slot = c;
                }
            }
            chars.into_iter().collect()
        }

        fn config() -> ProptestConfig {
            ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() }
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn any_text_is_read_or_refused(text in messy(0, 600)) {
                let _ = parse_statement(&text);
                let _ = parse_coda(&text);
                let _ = parse_csv(&text);
                let _ = find_ogm(&text);
            }

            #[test]
            fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
                let text = String::from_utf8_lossy(&bytes);
                let _ = parse_statement(&text);
            }

            #[test]
            fn multibyte_text_anywhere_in_a_coda_record(
                records in prop::collection::vec((0usize..5, 1usize..128, messy(1, 40)), 1..6),
            ) {
                let ogm = OgmReference::from_base(12_600_042).unwrap();
                let mut body = vec![
                    coda_movement(1, true, 11157, Some(ogm), ""),
                    coda_movement(2, true, 2500, None, "factuur 2026-00001"),
                    format!("2200010000{:<118}", "BIC"),
                    format!("2300010000{:<37}{:<35}{:<46}", "BE68539007547034", "OCMW Geel", ""),
                    format!("3100010001{:<118}", "vrije tekst"),
                ];
                for (which, at, text) in &records {
                    body[*which] = overwrite(&body[*which], *at, text);
                }
                let _ = parse_statement(&coda(&body));
            }

            /// The known bug: text where the structured communication's digits belong.
            #[test]
            fn text_where_the_structured_communication_is_expected(text in messy(1, 53), at in 63usize..116) {
                let ogm = OgmReference::from_base(12_600_042).unwrap();
                let record = overwrite(&coda_movement(1, true, 11157, Some(ogm), ""), at, &text);
                let lines = parse_statement(&coda(&[record])).unwrap();
                prop_assert_eq!(lines.len(), 1);
                prop_assert_eq!(lines[0].amount, Money::from_cents(11157));
                if let Some(found) = lines[0].ogm {
                    prop_assert_eq!(found.to_string(), lines[0].communication.clone());
                }
            }

            /// Free messages (record 4) and blank lines between the payments
            /// change nothing; an information record of the first payment
            /// changes its information only; any other record there is read
            /// or refused, never a panic.
            #[test]
            fn noise_around_a_statement_keeps_its_payments(
                noise in prop::collection::vec(noise_record(), 0..8),
                blanks in prop::collection::vec(prop::sample::select(vec!["", "\r", "   "]), 0..3),
                info in messy(0, 118),
            ) {
                let ogm = OgmReference::from_base(12_600_042).unwrap();
                let payments = [coda_movement(1, true, 11157, Some(ogm), ""), coda_movement(2, true, 2500, None, "factuur")];
                let clean = parse_statement(&coda(&payments)).unwrap();
                let messages: Vec<String> = noise.iter().filter(|r| r.starts_with('4')).cloned().collect();
                let mut body = vec![payments[0].clone()];
                body.extend(messages);
                body.extend(blanks.iter().map(|b| b.to_string()));
                body.push(payments[1].clone());
                prop_assert_eq!(parse_statement(&coda(&body)).unwrap(), clean.clone());

                let information = overwrite(&format!("31000100010000000000{:<108}", ""), 11, &info);
                let with_info = parse_statement(&coda(&[payments[0].clone(), information, payments[1].clone()])).unwrap();
                let amounts = |lines: &[StatementLine]| lines.iter().map(|l| (l.amount, l.reference.clone(), l.ogm)).collect::<Vec<_>>();
                prop_assert_eq!(amounts(&with_info), amounts(&clean));

                let mut body = vec![payments[0].clone()];
                body.extend(noise);
                body.push(payments[1].clone());
                let _ = parse_statement(&coda(&body));
            }

            /// A total (type 2) with its details (type 6): the details count
            /// when they add up to the total, the total when they do not; the
            /// statement's sum is the total's either way.
            #[test]
            fn a_globalised_movement_counts_once(parts in prop::collection::vec(1i64..10_000_000, 1..6), off in 0i64..3) {
                let total: i64 = parts.iter().sum();
                let as_kind = |record: String, detail: usize, kind: &str| overwrite(&overwrite(&record, 7, &format!("{detail:04}")), 54, kind);
                let mut body = vec![as_kind(coda_movement(1, true, total, None, "globalisatie"), 0, "2")];
                for (i, cents) in parts.iter().enumerate() {
                    let cents = if i == 0 { cents + off } else { *cents };
                    body.push(as_kind(coda_movement(1, true, cents, None, &format!("detail {i}")), i + 1, "6"));
                }
                body.push(coda_movement(2, true, 100, None, "los"));
                let lines = parse_statement(&coda(&body)).unwrap();
                let counted: i64 = lines.iter().map(|l| l.amount.cents()).sum();
                prop_assert_eq!(counted, total + 100);
                prop_assert_eq!(lines.len(), if off == 0 { parts.len() + 1 } else { 2 });
                let mut references: Vec<&str> = lines.iter().map(|l| l.reference.as_str()).collect();
                references.dedup();
                prop_assert_eq!(references.len(), lines.len());
            }

            #[test]
            fn a_coda_amount_comes_out_as_it_went_in(cents in 1i64..100_000_000_000_000, seq in 1u32..9999) {
                let lines = parse_statement(&coda(&[coda_movement(seq, true, cents, None, "")])).unwrap();
                prop_assert_eq!(lines[0].amount, Money::from_cents(cents));
            }

            #[test]
            fn a_csv_amount_comes_out_as_it_went_in(cents in 1i64..100_000_000_000_000, name in messy(0, 30)) {
                let name: String = name.chars().filter(|c| !matches!(c, ';' | ',' | '"' | '\n' | '\r')).collect();
                let text = format!("02/03/2026;{};{name};factuur\n", Money::from_cents(cents).amount_nl());
                let lines = parse_statement(&text).unwrap();
                prop_assert_eq!(lines[0].amount, Money::from_cents(cents));
                prop_assert_eq!(&lines[0].counterparty, name.trim().trim_matches('"').trim());
            }

            #[test]
            fn csv_cells_of_any_text(cells in prop::collection::vec(messy(0, 40), 0..8), rows in 1usize..4) {
                let line = cells.join(";");
                let _ = parse_statement(&vec![line; rows].join("\n"));
            }
        }

        #[test]
        fn empty_and_huge_lines() {
            for text in ["", "\n", "\r\n\r\n", "\u{feff}", "0000", &"0".repeat(200_000), &"é".repeat(100_000)] {
                let _ = parse_statement(text);
            }
            let ogm = OgmReference::from_base(12_600_042).unwrap();
            let huge = format!("{}{}", coda_movement(1, true, 100, Some(ogm), ""), "é".repeat(100_000));
            assert_eq!(
                parse_statement(&coda(&[huge])).map(|l| l.len()),
                Ok(1),
                "a record is read by its first 128 characters"
            );
            let huge_csv = format!("02/03/2026;1,00;{};x", "€".repeat(200_000));
            assert_eq!(parse_statement(&huge_csv).map(|l| l.len()), Ok(1));
        }

        #[test]
        fn a_signed_or_lettered_coda_amount_is_refused() {
            let record = coda_movement(1, true, 100, None, "");
            for amount in ["+00000000001000", "-00000000001000", "00000000000100é", "         100000"] {
                let bad = overwrite(&record, 33, amount);
                assert_eq!(parse_statement(&coda(&[bad])), Err(StatementError::BadAmount(3)), "{amount:?}");
            }
        }
    }
}
