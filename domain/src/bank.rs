//! Bank statements, to match incoming transfers to invoices by their
//! structured communication: CODA (the Belgian banks' fixed-width format,
//! 128-character records) and the CSV exports of the common Belgian banks
//! (`date;amount;counterparty;communication`).

use crate::forms::Message;
use crate::money::Money;
use crate::ogm::OgmReference;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One incoming transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// Identifies the line in its statement: the same file gives the same
    /// references, which makes importing twice harmless.
    pub reference: String,
    pub date: Option<NaiveDate>,
    pub amount: Money,
    pub counterparty: String,
    pub communication: String,
    pub ogm: Option<OgmReference>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("dit bestand is leeg")]
    Empty,
    #[error("regel {0} is geen geldige CODA-regel (128 tekens)")]
    BadCodaRecord(usize),
    #[error("regel {0}: verwacht datum;bedrag;tegenpartij;mededeling")]
    BadCsvLine(usize),
    #[error("regel {0}: het bedrag is onleesbaar")]
    BadAmount(usize),
    #[error("geen inkomende betalingen gevonden in dit bestand")]
    NoCredits,
}

impl StatementError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            StatementError::Empty => Message::new("validation.statement_empty"),
            StatementError::BadCodaRecord(line) => {
                Message::with("validation.statement_coda_line", &[("line", &line.to_string())])
            }
            StatementError::BadCsvLine(line) => {
                Message::with("validation.statement_csv_line", &[("line", &line.to_string())])
            }
            StatementError::BadAmount(line) => {
                Message::with("validation.statement_amount", &[("line", &line.to_string())])
            }
            StatementError::NoCredits => Message::new("validation.statement_no_payments"),
        }
    }
}

/// CODA or CSV, whichever the file is.
pub fn parse_statement(text: &str) -> Result<Vec<StatementLine>, StatementError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(StatementError::Empty);
    }
    let first = text.lines().next().unwrap_or_default();
    let lines = if first.starts_with("0000") && first.trim_end_matches('\r').chars().count() >= 128 {
        parse_coda(text)?
    } else {
        parse_csv(text)?
    };
    if lines.is_empty() {
        return Err(StatementError::NoCredits);
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

fn date_ddmmyy(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d%m%y").ok()
}

/// CODA 2: movement records (type 2, article 1) that are credits. The
/// communication is structured when its type (position 62) is 1 and its
/// first three characters are 101: the twelve digits follow.
pub fn parse_coda(text: &str) -> Result<Vec<StatementLine>, StatementError> {
    let mut out = Vec::new();
    let mut statement = String::new();
    for (i, raw) in text.lines().enumerate() {
        let record: Vec<char> = raw.trim_end_matches('\r').chars().collect();
        if record.is_empty() {
            continue;
        }
        if record.len() < 128 {
            return Err(StatementError::BadCodaRecord(i + 1));
        }
        let field = |from: usize, to: usize| record[from - 1..to].iter().collect::<String>();
        match (record[0], record[1]) {
            // Old balance: account and statement number make references unique across statements.
            ('1', _) => statement = format!("{}-{}", field(6, 42).trim(), field(3, 5)),
            ('2', '1') => {
                if field(32, 32) != "0" {
                    continue; // a debit
                }
                let milli: i64 = field(33, 47).parse().map_err(|_| StatementError::BadAmount(i + 1))?;
                let communication_type = field(62, 62);
                let communication = field(63, 115);
                let ogm = if communication_type == "1" && communication.starts_with("101") {
                    OgmReference::parse(&communication[3..15]).ok()
                } else {
                    find_ogm(&communication)
                };
                out.push(StatementLine {
                    reference: format!("coda:{statement}:{}:{}:{}", field(116, 121), field(3, 6), field(11, 31).trim()),
                    date: date_ddmmyy(&field(48, 53)),
                    amount: Money::from_cents(milli / 10),
                    counterparty: String::new(),
                    communication: if ogm.is_some() && communication_type == "1" {
                        ogm.map(|o| o.to_string()).unwrap_or_default()
                    } else {
                        communication.trim().to_string()
                    },
                    ogm,
                });
            }
            // Counterparty name (record 2.3, positions 48–82) of the last movement.
            ('2', '3') => {
                if let Some(last) = out.last_mut() {
                    last.counterparty = field(48, 82).trim().to_string();
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `date;amount;counterparty;communication` (semicolons or commas; a header
/// line is skipped; quotes are removed). Only incoming amounts are kept.
pub fn parse_csv(text: &str) -> Result<Vec<StatementLine>, StatementError> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let separator = if line.contains(';') { ';' } else { ',' };
        let fields: Vec<String> =
            line.split(separator).map(|f| f.trim().trim_matches('"').trim().to_string()).collect();
        if fields.len() < 4 {
            return Err(StatementError::BadCsvLine(i + 1));
        }
        let date = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(&fields[0], f).ok());
        let Some(date) = date else {
            if i == 0 {
                continue; // the header
            }
            return Err(StatementError::BadCsvLine(i + 1));
        };
        let amount = Money::parse(&fields[1]).map_err(|_| StatementError::BadAmount(i + 1))?;
        if amount.cents() <= 0 {
            continue;
        }
        let communication = fields[3..].join(" ");
        let ogm = find_ogm(&communication);
        let key = format!("csv:{date}:{}:{}:{}", amount.cents(), fields[2], communication);
        let n = seen.entry(key.clone()).or_default();
        *n += 1;
        out.push(StatementLine {
            reference: format!("{key}#{n}"),
            date: Some(date),
            amount,
            counterparty: fields[2].clone(),
            communication,
            ogm,
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
    fn coda_reads_structured_credits_only() {
        let ogm = OgmReference::from_base(12_600_042).unwrap();
        let text = coda(&[
            coda_movement(1, true, 11157, Some(ogm), ""),
            coda_movement(2, false, 5000, Some(ogm), ""),
            coda_movement(3, true, 2500, None, "factuur 2026-00001"),
        ]);
        let lines = parse_statement(&text).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].amount, Money::from_cents(11157));
        assert_eq!(lines[0].ogm, Some(ogm));
        assert_eq!(lines[0].date, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(lines[1].ogm, None);
        assert_ne!(lines[0].reference, lines[1].reference);
        assert_eq!(parse_statement(&text).unwrap(), lines, "the same file gives the same references");
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
        assert_eq!(lines.len(), 3);
        assert_eq!((lines[0].amount, lines[0].ogm), (Money::from_cents(11157), Some(ogm)));
        assert_eq!(lines[1].amount, Money::from_cents(123_450));
        assert_eq!(lines[1].ogm, Some(ogm));
        assert_ne!(lines[1].reference, lines[2].reference, "two identical transfers stay two");
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
}
