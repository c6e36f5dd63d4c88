//! Bank account numbers for SEPA transfers: the [`Iban`] (ISO 13616) of an
//! account and the [`Bic`] (ISO 9362) of its bank.
//!
//! An IBAN is typed in many ways (`be68 5390 0754 7034`, `BE68539007547034`);
//! [`Iban::parse`] keeps only the electronic form (no spaces, upper case),
//! checks the country's length and the two check digits (mod 97 over the
//! rearranged number), so a typo in any one digit is caught before a bank
//! refuses the whole payment file.

use crate::forms::Message;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The IBAN length of each country of the SEPA scheme (the SWIFT IBAN registry).
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// Why a typed IBAN is refused; each has its own message next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IbanError {
    #[error("een IBAN begint met een landcode en twee cijfers, gevolgd door letters en cijfers")]
    Malformed,
    #[error("IBAN's uit {0} kunnen we niet gebruiken voor een SEPA-overschrijving")]
    UnknownCountry(String),
    #[error("een IBAN uit {country} telt {expected} tekens, deze telt er {found}")]
    WrongLength { country: String, expected: usize, found: usize },
    #[error("de controlegetallen van deze IBAN kloppen niet: een tikfout?")]
    BadCheckDigits,
}

impl IbanError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            IbanError::Malformed => Message::new("validation.iban_malformed"),
            IbanError::UnknownCountry(country) => Message::with("validation.iban_country", &[("country", country)]),
            IbanError::WrongLength { country, expected, found } => Message::with(
                "validation.iban_length",
                &[("country", country), ("expected", &expected.to_string()), ("found", &found.to_string())],
            ),
            IbanError::BadCheckDigits => Message::new("validation.iban_check_digits"),
        }
    }
}

/// A valid IBAN of a SEPA country, kept in its electronic form
/// (`BE68539007547034`); [`Display`](fmt::Display) prints it in groups of four.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iban(String);

impl Iban {
    pub fn parse(input: &str) -> Result<Self, IbanError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let compact = compact.to_ascii_uppercase();
        let well_formed = compact.len() >= 5
            && compact.chars().all(|c| c.is_ascii_alphanumeric())
            && compact[..2].chars().all(|c| c.is_ascii_uppercase())
            && compact[2..4].chars().all(|c| c.is_ascii_digit());
        if !well_formed {
            return Err(IbanError::Malformed);
        }
        let country = &compact[..2];
        let expected = LENGTHS
            .iter()
            .find(|(c, _)| *c == country)
            .map(|(_, len)| *len)
            .ok_or_else(|| IbanError::UnknownCountry(country.to_string()))?;
        if compact.len() != expected {
            return Err(IbanError::WrongLength { country: country.to_string(), expected, found: compact.len() });
        }
        // The national part's shape, for the countries whose accounts we meet most.
        let bban = &compact[4..];
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        let shaped = match country {
            "BE" | "DE" => digits(bban),
            "NL" => bban[..4].chars().all(|c| c.is_ascii_uppercase()) && digits(&bban[4..]),
            "FR" => digits(&bban[..10]) && digits(&bban[21..]),
            "LU" => digits(&bban[..3]),
            _ => true,
        };
        if !shaped {
            return Err(IbanError::Malformed);
        }
        if mod97(&compact) != 1 {
            return Err(IbanError::BadCheckDigits);
        }
        Ok(Iban(compact))
    }

    /// The electronic form, as payment files carry it: `BE68539007547034`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country code.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

/// The remainder of the IBAN, moved (its first four characters to the end)
/// and with each letter as two digits (A = 10 … Z = 35), divided by 97.
fn mod97(iban: &str) -> u32 {
    let moved = iban[4..].chars().chain(iban[..4].chars());
    moved.fold(0u32, |rest, c| {
        // Only ASCII letters and digits get here (checked by the caller).
        let value = c.to_digit(36).unwrap_or(0);
        if value < 10 { (rest * 10 + value) % 97 } else { (rest * 100 + value) % 97 }
    })
}

impl fmt::Display for Iban {
    /// In groups of four, as printed on paper: `BE68 5390 0754 7034`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.0.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            // The IBAN is ASCII, so every chunk is text.
            f.write_str(std::str::from_utf8(chunk).unwrap_or_default())?;
        }
        Ok(())
    }
}

impl Serialize for Iban {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Iban {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Iban::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A bank's BIC (SWIFT code): four letters for the bank, two for its
/// country, two letters or digits for its place, and optionally three for a
/// branch (`GEBABEBB`, `GKCCBEBB`, `BBRUBEBB010`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bic(String);

impl Bic {
    pub fn parse(input: &str) -> Result<Self, Message> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let valid = matches!(compact.len(), 8 | 11)
            && compact[..6].chars().all(|c| c.is_ascii_uppercase())
            && compact[6..].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if valid { Ok(Bic(compact)) } else { Err(Message::new("validation.bic_malformed")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Bic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Bic::parse(&raw).map_err(|m| serde::de::Error::custom(m.key().to_string()))
    }
}

/// The settings page has two forms; this field says which one was posted.
pub const FORM: &str = "formulier";
/// [`FORM`]'s value for the bank account's form.
pub const BANK_FORM: &str = "bank";

/// The names of the fields of an organiser's bank account (on its settings page).
pub mod field {
    pub const IBAN: &str = "iban";
    pub const BIC: &str = "bic";
}

/// An organiser's own account, from which payment files pay: both optional
/// (a file needs the IBAN; without a BIC the bank finds its own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub iban: Option<Iban>,
    pub bic: Option<Bic>,
}

impl BankAccount {
    pub fn from_form(form: &crate::forms::RawForm) -> Result<Self, crate::forms::FieldErrors> {
        let mut errors = crate::forms::FieldErrors::new();
        let iban = match form.get(field::IBAN) {
            "" => None,
            typed => Iban::parse(typed).map_err(|e| errors.add(field::IBAN, e.message())).ok(),
        };
        let bic = match form.get(field::BIC) {
            "" => None,
            typed => Bic::parse(typed).map_err(|m| errors.add(field::BIC, m)).ok(),
        };
        errors.into_result(BankAccount { iban, bic })
    }

    pub fn form_values(&self) -> crate::forms::RawForm {
        crate::forms::RawForm::new(vec![
            (field::IBAN.to_string(), self.iban.as_ref().map(Iban::to_string).unwrap_or_default()),
            (field::BIC.to_string(), self.bic.as_ref().map(Bic::to_string).unwrap_or_default()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_ibans_however_they_are_typed() {
        let iban = Iban::parse(" be68 5390 0754 7034 ").unwrap();
        assert_eq!(iban.as_str(), "BE68539007547034");
        assert_eq!(iban.to_string(), "BE68 5390 0754 7034");
        assert_eq!(iban.country(), "BE");
        for valid in [
            "BE71096123456769",
            "NL91ABNA0417164300",
            "FR1420041010050500013M02606",
            "DE89370400440532013000",
            "LU280019400644750000",
            "GB29NWBK60161331926819",
            "NO9386011117947",
        ] {
            assert_eq!(Iban::parse(valid).map(|i| i.as_str().to_string()), Ok(valid.to_string()));
        }
        assert_eq!(
            Iban::parse("FR1420041010050500013M02606").unwrap().to_string(),
            "FR14 2004 1010 0505 0001 3M02 606"
        );
    }

    #[test]
    fn a_typo_fails_the_check_digits() {
        // One digit changed, two digits swapped.
        assert_eq!(Iban::parse("BE68539007547035"), Err(IbanError::BadCheckDigits));
        assert_eq!(Iban::parse("BE68539007547304"), Err(IbanError::BadCheckDigits));
        assert_eq!(Iban::parse("NL91ABNA0417164301"), Err(IbanError::BadCheckDigits));
        assert_eq!(Iban::parse("DE89370400440532013001"), Err(IbanError::BadCheckDigits));
        assert_eq!(Iban::parse("BE68539007547035").unwrap_err().message().key(), "validation.iban_check_digits");
    }

    #[test]
    fn length_country_and_shape_are_checked_first() {
        assert_eq!(
            Iban::parse("BE6853900754703"),
            Err(IbanError::WrongLength { country: "BE".into(), expected: 16, found: 15 })
        );
        assert_eq!(Iban::parse("US12345678901234"), Err(IbanError::UnknownCountry("US".into())));
        for malformed in ["", "BE", "1234567890123456", "BEAB539007547034", "BE68 5390 0754 703!", "BE6853900754703A"] {
            assert_eq!(Iban::parse(malformed), Err(IbanError::Malformed), "{malformed}");
        }
        let message = Iban::parse("NL91ABNA04171643").unwrap_err().message();
        assert_eq!(message.key(), "validation.iban_length");
    }

    #[test]
    fn a_bic_has_eight_or_eleven_characters() {
        assert_eq!(Bic::parse("gebabebb").unwrap().as_str(), "GEBABEBB");
        assert_eq!(Bic::parse("BBRU BEBB 010").unwrap().as_str(), "BBRUBEBB010");
        assert_eq!(Bic::parse("KREDBEBB").unwrap().to_string(), "KREDBEBB");
        for wrong in ["", "GEBABE", "GEBABEBBX", "GEBA1EBB", "GEBABEB!", "GEBABEBB01"] {
            assert_eq!(Bic::parse(wrong).map_err(|m| m.key().to_string()), Err("validation.bic_malformed".into()));
        }
    }

    #[test]
    fn an_organisers_account_is_parsed_field_by_field() {
        let form = |iban: &str, bic: &str| {
            crate::forms::RawForm::new(vec![("iban".into(), iban.into()), ("bic".into(), bic.into())])
        };
        let account = BankAccount::from_form(&form("BE71 0961 2345 6769", "gkccbebb")).unwrap();
        assert_eq!(account.form_values().get(field::IBAN), "BE71 0961 2345 6769");
        assert_eq!(BankAccount::from_form(&account.form_values()), Ok(account));
        assert_eq!(BankAccount::from_form(&form("", "")), Ok(BankAccount::default()));
        let errors = BankAccount::from_form(&form("BE71 0961 2345 6768", "x")).unwrap_err();
        assert_eq!(errors.message(field::IBAN).map(Message::key), Some("validation.iban_check_digits"));
        assert_eq!(errors.message(field::BIC).map(Message::key), Some("validation.bic_malformed"));
    }

    #[test]
    fn serde_keeps_the_electronic_form_and_refuses_bad_numbers() {
        let iban = Iban::parse("BE68 5390 0754 7034").unwrap();
        assert_eq!(serde_json::to_string(&iban).unwrap(), "\"BE68539007547034\"");
        assert_eq!(serde_json::from_str::<Iban>("\"BE68539007547034\"").unwrap(), iban);
        assert!(serde_json::from_str::<Iban>("\"BE68539007547035\"").is_err());
    }
}
