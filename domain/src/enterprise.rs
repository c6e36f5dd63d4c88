//! Belgian enterprise numbers (KBO/BCE), e.g. `0207.520.810`.

use crate::forms::Message;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid Belgian enterprise number: ten digits, first 0 or 1, last two a mod-97 check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnterpriseNumber(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnterpriseNumberError {
    #[error("een ondernemingsnummer telt 10 cijfers en begint met 0 of 1, bv. 0207.520.810")]
    Malformed,
    #[error("de controlegetallen van dit ondernemingsnummer kloppen niet")]
    BadCheckDigits,
}

impl EnterpriseNumberError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            EnterpriseNumberError::Malformed => Message::new("validation.enterprise_malformed"),
            EnterpriseNumberError::BadCheckDigits => Message::new("validation.enterprise_check_digits"),
        }
    }
}

impl EnterpriseNumber {
    pub fn parse(input: &str) -> Result<Self, EnterpriseNumberError> {
        let trimmed = input.trim();
        let without_country = trimmed.strip_prefix("BE").or_else(|| trimmed.strip_prefix("be")).unwrap_or(trimmed);
        if without_country.chars().any(|c| !(c.is_ascii_digit() || " .".contains(c))) {
            return Err(EnterpriseNumberError::Malformed);
        }
        let mut digits: String = without_country.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 9 {
            // Older numbers are often written without the leading zero.
            digits.insert(0, '0');
        }
        if digits.len() != 10 || !(digits.starts_with('0') || digits.starts_with('1')) {
            return Err(EnterpriseNumberError::Malformed);
        }
        let value: u64 = digits.parse().map_err(|_| EnterpriseNumberError::Malformed)?;
        let (base, check) = (value / 100, value % 100);
        if 97 - base % 97 != check {
            return Err(EnterpriseNumberError::BadCheckDigits);
        }
        Ok(EnterpriseNumber(value))
    }

    /// The ten digits, as used in Peppol (scheme 0208) and databases.
    pub fn digits(self) -> String {
        format!("{:010}", self.0)
    }
}

impl fmt::Display for EnterpriseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{}.{}.{}", &d[0..4], &d[4..7], &d[7..10])
    }
}

impl Serialize for EnterpriseNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EnterpriseNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        EnterpriseNumber::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_numbers() {
        let n = EnterpriseNumber::parse("0207.520.810").unwrap();
        assert_eq!(n.to_string(), "0207.520.810");
        assert_eq!(EnterpriseNumber::parse("BE 0207 520 810"), Ok(n));
        assert_eq!(EnterpriseNumber::parse("207520810"), Ok(n));
        // A base divisible by 97 has check digits 97.
        assert!(EnterpriseNumber::parse("0212.255.497").is_ok());
    }

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(EnterpriseNumber::parse("0207.520.811"), Err(EnterpriseNumberError::BadCheckDigits));
        assert_eq!(EnterpriseNumber::parse("2207.520.810"), Err(EnterpriseNumberError::Malformed));
        assert_eq!(EnterpriseNumber::parse("abc"), Err(EnterpriseNumberError::Malformed));
        assert_eq!(EnterpriseNumber::parse(""), Err(EnterpriseNumberError::Malformed));
    }
}
