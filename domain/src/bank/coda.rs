//! CODA 2.x (versions 2.3 to 2.6 as Febelfin's "coded statement of account"
//! describes them, and as KBC, BNP Paribas Fortis, Belfius, ING, Argenta and
//! the others write them): records of 128 characters, positions counted from 1.
//!
//! - 0: header, one per file (position 128: the version; 1 is refused).
//! - 1: old balance, one per statement: account structure (position 2: 0 a
//!   Belgian account number with its currency at 19–21; 1 a foreign one, 2 a
//!   Belgian IBAN, 3 a foreign IBAN, with the currency at 40–42), the old
//!   balance (43 sign, 44–58). A statement of an account not in euro is
//!   refused: its amounts are not euro and must never settle a euro invoice.
//! - 2.1: a movement: sequence number (3–6), detail number (7–10), the bank's
//!   reference (11–31), sign (32: 0 credit, 1 debit), amount (33–47, three
//!   decimals, always in the account's currency), value date (48–53),
//!   transaction code (54–61, 54 its type), communication (62: 1 structured;
//!   63–115), entry date (116–121).
//!   - 2.2 continues the communication (11–63), then the SEPA end-to-end
//!     reference (64–98) and the counterparty's BIC (99–109).
//!   - 2.3 has the counterparty's account (11–47) and name (48–82), and the
//!     communication's last part (83–125).
//!
//!   The communication is the three parts end to end, exactly as the bank
//!   cut them (a word may run over a cut), with runs of padding made one space.
//! - 3.1/3.2/3.3: information about the movement above (3.1: structure at 40,
//!   text 41–113; 3.2: 11–115; 3.3: 11–100): the counterparty's name and
//!   address (structured 001), the original amount in a foreign currency
//!   (105), or free text.
//! - 4: free messages of the bank: read past.
//! - 8: new balance (42 sign, 43–57). Old balance plus the movements must
//!   give it: that proves no movement was lost or counted twice.
//! - 9: trailer: the number of records 1, 2, 3 and 8 (17–22), the debit
//!   (23–37) and credit (38–52) totals; checked when filled in.
//!
//! Structured communications (62 = 1) start with a code: 101 (and 102, the
//! bank's reconstruction) hold the twelve digits of an OGM at 66–77; 105
//! holds a foreign amount and may hold an OGM.
//!
//! Globalisation: the bank may book several movements as one total (transaction
//! type 1, totalled by the customer, or 2, by the bank: e.g. a day's
//! transfers with structured communication) followed by its details (types
//! 5, 6, 7), all with the total's sequence number and a detail number from
//! 0001 on. The payers' structured communications are on the details, never on
//! the total, so the details count and the total does not, as long as they
//! add up to it; otherwise the total alone counts. Details of type 8 and 9
//! explain a simple amount (type 3, e.g. a foreign transfer's gross amount
//! and costs) and never count: what they tell (a foreign amount, a
//! communication) is added to their movement. Either way each euro counts once.
//!
//! Lenient where banks differ and the field is not used: record 0's fields,
//! dates, paper sequence numbers, next and link codes, and anything past
//! position 128. A record shorter than 128 characters (a mail client cut its
//! trailing spaces) is padded with spaces, unless it stops before the fields
//! it must have (a movement before its entry date at 121).

use super::{CodaProblem, OriginalAmount, StatementError, StatementLine, find_ogm};
use crate::money::Money;
use crate::ogm::OgmReference;
use chrono::NaiveDate;

const RECORD: usize = 128;

/// One line of the file, padded to 128 characters.
struct Record {
    line: usize,
    chars: Vec<char>,
}

impl Record {
    fn new(line: usize, text: &str) -> Record {
        let mut chars: Vec<char> = text.chars().take(RECORD).collect();
        chars.resize(RECORD, ' ');
        Record { line, chars }
    }

    /// Positions `from` to `to`, both included, counted from 1 as the standard does.
    fn field(&self, from: usize, to: usize) -> String {
        self.chars[from - 1..to].iter().collect()
    }

    fn at(&self, position: usize) -> char {
        self.chars[position - 1]
    }

    fn fail(&self, problem: CodaProblem) -> StatementError {
        StatementError::Coda { line: self.line, problem }
    }

    /// A number of `from`–`to` in thousandths with its sign at `sign`, if both are filled in.
    fn signed_amount(&self, sign: usize, from: usize, to: usize) -> Option<i64> {
        let amount = unsigned(&self.field(from, to))?;
        match self.at(sign) {
            '0' => Some(amount),
            '1' => Some(-amount),
            _ => None,
        }
    }
}

/// Digits only, as a number.
fn unsigned(digits: &str) -> Option<i64> {
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

/// A movement (record 2.1) with what its 2.2, 2.3 and 3.x records add.
struct Movement {
    sequence: String,
    detail: String,
    bank_reference: String,
    /// Thousandths of the account's currency, negative for a debit.
    milli: i64,
    value_date: Option<NaiveDate>,
    entry_date: String,
    /// The transaction type (position 54): 1 and 2 are totals, 5–9 details.
    kind: char,
    structured: bool,
    communication: String,
    end_to_end: String,
    counterparty_account: String,
    counterparty: String,
    information: Vec<Information>,
}

/// An information record 3.1 with its 3.2 and 3.3.
struct Information {
    detail: String,
    structured: bool,
    text: String,
}

/// One statement: record 1 to record 8.
struct Statement {
    /// Account and paper statement number, part of every reference.
    key: String,
    old_balance: Option<i128>,
    movements: Vec<Movement>,
}

/// One file: record 0 to record 9.
#[derive(Default)]
struct File {
    records: usize,
    debit: i128,
    credit: i128,
}

/// The record a continuation record may follow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Other,
    Movement(u8),
    Information(u8),
}

/// Reads a CODA file (several files one after the other too).
pub fn parse_coda(text: &str) -> Result<Vec<StatementLine>, StatementError> {
    let mut out = Vec::new();
    let mut file: Option<File> = None;
    let mut statement: Option<Statement> = None;
    let mut last = Last::Other;
    let mut last_line = 0;
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        if raw.chars().all(char::is_whitespace) {
            continue;
        }
        let line = i + 1;
        last_line = line;
        let kind: String = raw.chars().take(2).collect();
        let kind = match kind.as_str() {
            "21" | "22" | "23" | "31" | "32" | "33" => kind,
            _ => kind.chars().take(1).collect(),
        };
        // The fields each record must reach; anything after may have been trailing spaces.
        let needed = match kind.as_str() {
            "1" => 42,
            "21" => 121,
            "22" | "23" | "31" | "32" | "33" => 10,
            _ => 1,
        };
        if raw.chars().take(RECORD).count() < needed {
            return Err(StatementError::BadCodaRecord(line));
        }
        let record = Record::new(line, raw);
        if let Some(f) = file.as_mut()
            && matches!(kind.as_str(), "1" | "21" | "22" | "23" | "31" | "32" | "33" | "8")
        {
            f.records += 1;
        }
        let previous = last;
        last = Last::Other;
        match kind.as_str() {
            "0" => {
                if file.is_some() {
                    return Err(record.fail(CodaProblem::Truncated));
                }
                if record.at(128) == '1' {
                    return Err(record.fail(CodaProblem::OldVersion));
                }
                file = Some(File::default());
            }
            "1" => {
                if file.is_none() {
                    return Err(record.fail(CodaProblem::Outside));
                }
                if statement.is_some() {
                    return Err(record.fail(CodaProblem::Unclosed));
                }
                let currency = match record.at(2) {
                    '0' => record.field(19, 21),
                    '1' | '2' | '3' => record.field(40, 42),
                    _ => return Err(record.fail(CodaProblem::AccountStructure)),
                };
                match currency.trim() {
                    "EUR" => {}
                    "" => return Err(record.fail(CodaProblem::NoCurrency)),
                    other => return Err(record.fail(CodaProblem::Currency(other.to_string()))),
                }
                statement = Some(Statement {
                    // As the first version of this reader wrote it, so references stay the same.
                    key: format!("{}-{}", record.field(6, 42).trim(), record.field(3, 5)),
                    old_balance: record.signed_amount(43, 44, 58).map(i128::from),
                    movements: Vec::new(),
                });
            }
            "21" => {
                let Some(s) = statement.as_mut() else { return Err(record.fail(CodaProblem::Outside)) };
                s.movements.push(movement(&record)?);
                last = Last::Movement(1);
            }
            "22" | "23" => {
                let part = if kind == "22" { 2 } else { 3 };
                let m = statement.as_mut().and_then(|s| s.movements.last_mut());
                let Some(m) = m.filter(|m| {
                    matches!(previous, Last::Movement(p) if p < part)
                        && m.sequence == record.field(3, 6)
                        && m.detail == record.field(7, 10)
                }) else {
                    return Err(record.fail(CodaProblem::Continuation));
                };
                if part == 2 {
                    m.communication.push_str(&record.field(11, 63));
                    m.end_to_end = record.field(64, 98).trim().to_string();
                } else {
                    // A Belgian account number (12 digits, a space, its currency) or an IBAN (34, then the currency).
                    let belgian = record.field(11, 22);
                    m.counterparty_account = if record.at(23) == ' ' && unsigned(&belgian).is_some() {
                        belgian
                    } else {
                        record.field(11, 44).trim().to_string()
                    };
                    m.counterparty = record.field(48, 82).trim().to_string();
                    m.communication.push_str(&record.field(83, 125));
                }
                last = Last::Movement(part);
            }
            "31" | "32" | "33" => {
                let part = kind.as_bytes()[1] - b'0';
                let m = statement.as_mut().and_then(|s| s.movements.last_mut());
                let Some(m) = m.filter(|m| m.sequence == record.field(3, 6)) else {
                    return Err(record.fail(CodaProblem::Continuation));
                };
                if part == 1 {
                    m.information.push(Information {
                        detail: record.field(7, 10),
                        structured: record.at(40) == '1',
                        text: record.field(41, 113),
                    });
                } else {
                    let info = m.information.last_mut().filter(|info| {
                        matches!(previous, Last::Information(p) if p < part) && info.detail == record.field(7, 10)
                    });
                    let Some(info) = info else { return Err(record.fail(CodaProblem::Continuation)) };
                    info.text.push_str(&if part == 2 { record.field(11, 115) } else { record.field(11, 100) });
                }
                last = Last::Information(part);
            }
            "4" => {
                if file.is_none() {
                    return Err(record.fail(CodaProblem::Outside));
                }
            }
            "8" => {
                let Some(s) = statement.take() else { return Err(record.fail(CodaProblem::Outside)) };
                let lines = resolve(&s);
                let sum: i128 = lines.iter().map(|(_, milli)| i128::from(*milli)).sum();
                if let (Some(old), Some(new)) = (s.old_balance, record.signed_amount(42, 43, 57).map(i128::from))
                    && old + sum != new
                {
                    return Err(record.fail(CodaProblem::Balance { expected: euro(old + sum), found: euro(new) }));
                }
                if let Some(f) = file.as_mut() {
                    for (_, milli) in &lines {
                        if *milli < 0 {
                            f.debit -= i128::from(*milli);
                        } else {
                            f.credit += i128::from(*milli);
                        }
                    }
                }
                out.extend(lines.into_iter().map(|(line, _)| line));
            }
            "9" => {
                let Some(f) = file.take() else { return Err(record.fail(CodaProblem::Outside)) };
                if statement.is_some() {
                    return Err(record.fail(CodaProblem::Unclosed));
                }
                if let Some(found) = unsigned(&record.field(17, 22))
                    && found != f.records as i64
                {
                    return Err(record.fail(CodaProblem::RecordCount {
                        expected: f.records,
                        found: usize::try_from(found).unwrap_or_default(),
                    }));
                }
                for (expected, field) in [(f.debit, record.field(23, 37)), (f.credit, record.field(38, 52))] {
                    if let Some(found) = unsigned(&field).map(i128::from)
                        && found != expected
                    {
                        return Err(record.fail(CodaProblem::Totals { expected: euro(expected), found: euro(found) }));
                    }
                }
            }
            _ => return Err(record.fail(CodaProblem::UnknownRecord)),
        }
    }
    if file.is_some() {
        return Err(StatementError::Coda { line: last_line, problem: CodaProblem::Truncated });
    }
    Ok(out)
}

/// Thousandths as euro for a message: `1234.56`.
fn euro(milli: i128) -> String {
    Money::from_cents(i64::try_from(milli / 10).unwrap_or(i64::MAX)).amount_in(crate::i18n::Locale::En).replace(',', "")
}

fn movement(record: &Record) -> Result<Movement, StatementError> {
    let sign = match record.at(32) {
        '0' => 1,
        '1' => -1,
        _ => return Err(record.fail(CodaProblem::Sign)),
    };
    // Fifteen digits, the last three after the decimal point; the sign is position 32.
    // A euro account has no fractions of a cent.
    let milli = unsigned(&record.field(33, 47))
        .filter(|milli| milli % 10 == 0)
        .ok_or(StatementError::BadAmount(record.line))?;
    Ok(Movement {
        sequence: record.field(3, 6),
        detail: record.field(7, 10),
        bank_reference: record.field(11, 31).trim().to_string(),
        milli: sign * milli,
        value_date: date(&record.field(48, 53)),
        entry_date: record.field(116, 121),
        kind: record.at(54),
        structured: record.at(62) == '1',
        communication: record.field(63, 115),
        end_to_end: String::new(),
        counterparty_account: String::new(),
        counterparty: String::new(),
        information: Vec::new(),
    })
}

fn date(ddmmyy: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(ddmmyy, "%d%m%y").ok()
}

/// Runs of spaces (the padding at each record's cut) as one, none at the ends.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The characters `from..to` of `text`, counted in characters.
fn chars(text: &str, from: usize, to: usize) -> String {
    text.chars().skip(from).take(to.saturating_sub(from)).collect()
}

/// A structured communication 105: the amount in the original currency.
/// After the code: the gross amount in the account's currency (15), in the
/// original currency (15), the rate (12), the currency (3), an OGM (12).
fn foreign_amount(structured: &str) -> (Option<OriginalAmount>, Option<OgmReference>) {
    let amount = unsigned(&chars(structured, 18, 33));
    let currency = chars(structured, 45, 48);
    let original = match amount {
        Some(milli) if currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()) && currency != "EUR" => {
            Some(OriginalAmount { currency, hundredths: milli / 10 })
        }
        _ => None,
    };
    (original, OgmReference::parse(&chars(structured, 48, 60)).ok())
}

/// What a movement says once its records are read.
struct Reading {
    communication: String,
    ogm: Option<OgmReference>,
    original: Option<OriginalAmount>,
    information: Vec<String>,
    counterparty: String,
}

fn read(m: &Movement) -> Reading {
    let mut original = None;
    let (communication, mut ogm) = if m.structured {
        let code = chars(&m.communication, 0, 3);
        let ogm = match code.as_str() {
            "101" | "102" => OgmReference::parse(&chars(&m.communication, 3, 15)).ok(),
            "105" => {
                let (amount, ogm) = foreign_amount(&m.communication);
                original = amount;
                ogm
            }
            _ => None,
        };
        (ogm.map(|o| o.to_string()).unwrap_or_else(|| squeeze(&m.communication)), ogm)
    } else {
        let communication = squeeze(&m.communication);
        let ogm = find_ogm(&communication);
        (communication, ogm)
    };
    let mut counterparty = m.counterparty.clone();
    let mut information = Vec::new();
    for info in &m.information {
        let code = chars(&info.text, 0, 3);
        if info.structured && code == "001" {
            // Name (70), street (35), locality (35), an identification (35).
            let name = squeeze(&chars(&info.text, 3, 73));
            if counterparty.is_empty() {
                counterparty = name.clone();
            }
            let address = [chars(&info.text, 73, 108), chars(&info.text, 108, 143)].map(|part| squeeze(&part));
            let parts: Vec<String> = [name].into_iter().chain(address).filter(|p| !p.is_empty()).collect();
            information.push(parts.join(", "));
        } else if info.structured && code == "105" {
            let (amount, found) = foreign_amount(&info.text);
            original = original.or(amount);
            ogm = ogm.or(found);
        } else if info.structured {
            information.push(squeeze(&chars(&info.text, 3, usize::MAX)));
        } else {
            let text = squeeze(&info.text);
            // A payer's free text in an information record may hold the communication.
            if ogm.is_none() && !m.structured {
                ogm = find_ogm(&text).filter(|_| text.contains("+++") || text.contains("***"));
            }
            information.push(text);
        }
    }
    information.retain(|text| !text.is_empty());
    Reading { communication, ogm, original, information, counterparty }
}

/// The statement's movements, each euro once (see the module's comment on
/// globalisation), with their signed thousandths.
fn resolve(statement: &Statement) -> Vec<(StatementLine, i64)> {
    let mut out = Vec::new();
    let movements = &statement.movements;
    let mut start = 0;
    while start < movements.len() {
        let end = movements[start..]
            .iter()
            .position(|m| m.sequence != movements[start].sequence)
            .map_or(movements.len(), |n| start + n);
        let group = &movements[start..end];
        start = end;
        let total = &group[0];
        if group.len() == 1 || total.detail != "0000" {
            out.extend(group.iter().map(|m| (line(statement, m, read(m), Vec::new()), m.milli)));
            continue;
        }
        let details = &group[1..];
        if matches!(total.kind, '1' | '2') {
            let parts: Vec<&Movement> = details.iter().filter(|m| !matches!(m.kind, '8' | '9')).collect();
            if !parts.is_empty() && parts.iter().map(|m| i128::from(m.milli)).sum::<i128>() == i128::from(total.milli) {
                out.extend(parts.into_iter().map(|m| (line(statement, m, read(m), Vec::new()), m.milli)));
                continue;
            }
        }
        // The total alone. Details that explain it (type 8, 9) add what they
        // tell; a globalised total's details that do not add up to it are many
        // payers' and give it no communication of theirs.
        let explained = !matches!(total.kind, '1' | '2');
        let mut reading = read(total);
        let mut extra = Vec::new();
        for detail in details.iter().filter(|_| explained) {
            let d = read(detail);
            reading.ogm = reading.ogm.or(d.ogm);
            reading.original = reading.original.or(d.original);
            if !detail.structured && !d.communication.is_empty() {
                extra.push(d.communication);
            }
            extra.extend(d.information);
        }
        out.push((line(statement, total, reading, extra), total.milli));
    }
    out
}

fn line(statement: &Statement, m: &Movement, reading: Reading, extra: Vec<String>) -> StatementLine {
    // The first version of this reader knew no details: a detail got its
    // total's reference, which stays recognisable as `earlier_reference`.
    let earlier = format!("coda:{}:{}:{}:{}", statement.key, m.entry_date, m.sequence, m.bank_reference);
    let (reference, earlier_reference) = if m.detail == "0000" {
        (earlier, None)
    } else {
        (
            format!("coda:{}:{}:{}/{}:{}", statement.key, m.entry_date, m.sequence, m.detail, m.bank_reference),
            Some(earlier),
        )
    };
    let mut information = reading.information;
    information.extend(extra);
    information.dedup();
    StatementLine {
        reference,
        earlier_reference,
        date: m.value_date.or_else(|| date(&m.entry_date)),
        amount: Money::from_cents(m.milli / 10),
        counterparty: reading.counterparty,
        counterparty_account: m.counterparty_account.clone(),
        communication: reading.communication,
        ogm: reading.ogm,
        end_to_end: Some(m.end_to_end.clone()).filter(|e| !e.is_empty()),
        information: information.join("; "),
        original: reading.original,
    }
}
