//! Privacy (GDPR): what an erased or expired registration keeps, how long an
//! organiser keeps personal data of past events, and the form rules around it.

use crate::forms::fields::{erase_account, retention};
use crate::forms::{FieldErrors, Message, RawForm};
use chrono::{DateTime, Months, Utc};

/// The name an anonymised registration keeps; everything else that points to
/// a person (address, account, answers) is cleared.
pub const ANONYMISED_NAME: &str = "Geanonimiseerde deelnemer";

/// How many months after an event's last session its personal data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RetentionMonths(u32);

impl RetentionMonths {
    pub const MIN: u32 = 6;
    pub const MAX: u32 = 120;
    pub const DEFAULT: RetentionMonths = RetentionMonths(24);

    pub fn new(months: u32) -> Result<Self, RetentionError> {
        if (Self::MIN..=Self::MAX).contains(&months) {
            Ok(RetentionMonths(months))
        } else {
            Err(RetentionError::OutOfRange)
        }
    }

    /// As typed in a form: a whole number of months.
    pub fn parse(input: &str) -> Result<Self, RetentionError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(RetentionError::Empty);
        }
        let months: u32 = input.parse().map_err(|_| RetentionError::NotANumber)?;
        Self::new(months)
    }

    /// A stored value; out-of-range values (only by a manual edit, the
    /// database refuses them) fall back to the default.
    pub fn from_stored(months: i32) -> Self {
        u32::try_from(months).ok().and_then(|m| Self::new(m).ok()).unwrap_or(Self::DEFAULT)
    }

    pub fn months(self) -> u32 {
        self.0
    }

    /// Events whose last session ended before this moment are past keeping.
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_months(Months::new(self.0)).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Whether an event whose last session ended at `last_end` is past keeping.
    pub fn expired(self, last_end: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        last_end < self.cutoff(now)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    #[error("Vul een aantal maanden in.")]
    Empty,
    #[error("Vul een heel aantal maanden in, bijvoorbeeld 24.")]
    NotANumber,
    #[error("Kies tussen 6 en 120 maanden.")]
    OutOfRange,
}

impl RetentionError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            RetentionError::Empty => Message::new("validation.retention_empty"),
            RetentionError::NotANumber => Message::new("validation.retention_not_a_number"),
            RetentionError::OutOfRange => Message::new("validation.retention_out_of_range"),
        }
    }
}

/// The retention form (`/beheer/{organiser}/privacy`), field `maanden`.
pub fn parse_retention_form(form: &RawForm) -> Result<RetentionMonths, FieldErrors> {
    RetentionMonths::parse(form.get(retention::MONTHS)).map_err(|e| {
        let mut errors = FieldErrors::new();
        errors.add(retention::MONTHS, e.message());
        errors
    })
}

/// The erase form (`/mijn/verwijderen`): the confirmation box must be ticked.
pub fn parse_erase_form(form: &RawForm) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if form.get(erase_account::CONFIRM).is_empty() {
        errors.add(erase_account::CONFIRM, Message::new("validation.erase_unconfirmed"));
    }
    errors.into_result(())
}

/// The Dutch of `validation.erase_unconfirmed` (tests look for it).
pub const ERASE_UNCONFIRMED: &str = "Vink aan dat je begrijpt dat je account en je gegevens definitief gewist worden.";

/// Why an account may not be erased (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErasureRefusal {
    /// She is the only admin of these organisers: someone must take over first.
    LastAdmin(Vec<String>),
}

impl ErasureRefusal {
    pub fn message(&self) -> Message {
        match self {
            ErasureRefusal::LastAdmin(names) => {
                Message::with("validation.last_admin", &[("organisers", &names.join(", "))])
            }
        }
    }
}

/// The file name of a data export made on `date`.
pub fn export_file_name(date: chrono::NaiveDate) -> String {
    format!("leernet-gegevens-{}.json", date.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retention_is_between_six_and_a_hundred_twenty_months() {
        assert_eq!(RetentionMonths::parse("24").map(RetentionMonths::months), Ok(24));
        assert_eq!(RetentionMonths::parse(" 6 ").map(RetentionMonths::months), Ok(6));
        assert_eq!(RetentionMonths::parse("120").map(RetentionMonths::months), Ok(120));
        assert_eq!(RetentionMonths::parse("5"), Err(RetentionError::OutOfRange));
        assert_eq!(RetentionMonths::parse("121"), Err(RetentionError::OutOfRange));
        assert_eq!(RetentionMonths::parse(""), Err(RetentionError::Empty));
        assert_eq!(RetentionMonths::parse("twee jaar"), Err(RetentionError::NotANumber));
        assert_eq!(RetentionMonths::parse("-12"), Err(RetentionError::NotANumber));
        assert_eq!(RetentionMonths::parse("12.5"), Err(RetentionError::NotANumber));
        assert_eq!(RetentionMonths::DEFAULT.months(), 24);
        assert_eq!(RetentionMonths::from_stored(3), RetentionMonths::DEFAULT);
        assert_eq!(RetentionMonths::from_stored(36).months(), 36);
    }

    #[test]
    fn the_cutoff_counts_calendar_months_back() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap();
        let r = RetentionMonths::new(24).unwrap();
        assert_eq!(r.cutoff(now), Utc.with_ymd_and_hms(2024, 11, 25, 10, 0, 0).unwrap());
        // The end of a longer month lands on the end of the shorter one.
        let end_of_may = Utc.with_ymd_and_hms(2026, 5, 31, 12, 0, 0).unwrap();
        assert_eq!(
            RetentionMonths::new(6).unwrap().cutoff(end_of_may),
            Utc.with_ymd_and_hms(2025, 11, 30, 12, 0, 0).unwrap()
        );
        assert!(r.expired(Utc.with_ymd_and_hms(2024, 11, 25, 9, 59, 59).unwrap(), now));
        assert!(!r.expired(Utc.with_ymd_and_hms(2024, 11, 25, 10, 0, 0).unwrap(), now));
    }

    #[test]
    fn forms_name_their_field() {
        let form = RawForm::new(vec![("maanden".into(), "3".into())]);
        assert_eq!(
            parse_retention_form(&form).unwrap_err().get("maanden").as_deref(),
            Some("Kies tussen 6 en 120 maanden.")
        );
        let form = RawForm::new(vec![("maanden".into(), "36".into())]);
        assert_eq!(parse_retention_form(&form).map(RetentionMonths::months), Ok(36));
        assert_eq!(
            parse_erase_form(&RawForm::new(vec![])).unwrap_err().get("bevestigen").as_deref(),
            Some(ERASE_UNCONFIRMED)
        );
        assert!(parse_erase_form(&RawForm::new(vec![("bevestigen".into(), "ja".into())])).is_ok());
    }

    #[test]
    fn the_refusal_names_the_organisers_and_the_way_out() {
        let m = ErasureRefusal::LastAdmin(vec!["BIZ Kempen".into()]).message().text(crate::i18n::Locale::Nl);
        assert!(m.contains("enige beheerder van BIZ Kempen") && m.contains("iemand anders beheerder"));
        assert_eq!(
            export_file_name(chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()),
            "leernet-gegevens-2026-03-04.json"
        );
    }
}
