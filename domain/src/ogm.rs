//! Belgian structured communication ("gestructureerde mededeling", OGM/VCS):
//! `+++ddd/dddd/ddddd+++`, ten digits followed by a mod-97 check of two digits
//! (a remainder of 0 is written as 97).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid structured communication; holds the twelve digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OgmReference(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OgmError {
    #[error("een gestructureerde mededeling telt 12 cijfers, bv. +++123/4567/89002+++")]
    WrongLength,
    #[error("de controlegetallen van deze gestructureerde mededeling kloppen niet")]
    BadCheckDigits,
    #[error("het basisnummer moet tussen 1 en 9999999999 liggen")]
    BaseOutOfRange,
}

impl OgmReference {
    /// Builds the reference for a ten-digit base number (e.g. derived from an invoice number).
    pub fn from_base(base: u64) -> Result<Self, OgmError> {
        if base == 0 || base > 9_999_999_999 {
            return Err(OgmError::BaseOutOfRange);
        }
        Ok(OgmReference(base * 100 + check_digits(base)))
    }

    /// Parses any notation people paste: with or without `+++`, `***`, slashes, spaces.
    pub fn parse(input: &str) -> Result<Self, OgmError> {
        let digits: String = input.chars().filter(|c| c.is_ascii_digit()).collect();
        let junk = input.chars().any(|c| !(c.is_ascii_digit() || "+*/ .-".contains(c)));
        if digits.len() != 12 || junk {
            return Err(OgmError::WrongLength);
        }
        let value: u64 = digits.parse().map_err(|_| OgmError::WrongLength)?;
        let base = value / 100;
        if base == 0 {
            return Err(OgmError::BaseOutOfRange);
        }
        if value % 100 != check_digits(base) {
            return Err(OgmError::BadCheckDigits);
        }
        Ok(OgmReference(value))
    }

    pub fn base(self) -> u64 {
        self.0 / 100
    }

    /// The twelve digits without decoration, as banks export them.
    pub fn digits(self) -> String {
        format!("{:012}", self.0)
    }
}

fn check_digits(base: u64) -> u64 {
    match base % 97 {
        0 => 97,
        r => r,
    }
}

impl fmt::Display for OgmReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "+++{}/{}/{}+++", &d[0..3], &d[3..7], &d[7..12])
    }
}

impl Serialize for OgmReference {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OgmReference {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        OgmReference::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_textbook_example() {
        // 1234567890 mod 97 = 2
        let r = OgmReference::from_base(1_234_567_890).unwrap();
        assert_eq!(r.to_string(), "+++123/4567/89002+++");
        assert_eq!(OgmReference::parse("+++123/4567/89002+++"), Ok(r));
        assert_eq!(OgmReference::parse("123456789002"), Ok(r));
        assert_eq!(OgmReference::parse("***123/4567/89002***"), Ok(r));
    }

    #[test]
    fn remainder_zero_becomes_97() {
        let r = OgmReference::from_base(97).unwrap();
        assert_eq!(r.digits(), "000000009797");
        assert!(OgmReference::parse("000000009700").is_err());
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(OgmReference::parse("+++123/4567/89003+++"), Err(OgmError::BadCheckDigits));
        assert_eq!(OgmReference::parse("12345"), Err(OgmError::WrongLength));
        assert_eq!(OgmReference::parse("12345678900a2"), Err(OgmError::WrongLength));
        assert_eq!(OgmReference::from_base(0), Err(OgmError::BaseOutOfRange));
        assert_eq!(OgmReference::from_base(10_000_000_000), Err(OgmError::BaseOutOfRange));
    }

    #[test]
    fn every_base_round_trips() {
        for base in (1..10_000_000_000u64).step_by(9_999_991) {
            let r = OgmReference::from_base(base).unwrap();
            assert_eq!(OgmReference::parse(&r.to_string()), Ok(r));
            assert_eq!(r.base(), base);
        }
    }
}
