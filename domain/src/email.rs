//! E-mail addresses, normalised so that one person has one address.

use crate::forms::Message;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("vul een e-mailadres in")]
    Empty,
    #[error("een e-mailadres ziet eruit als naam@organisatie.be")]
    Malformed,
    #[error("dit e-mailadres is te lang")]
    TooLong,
}

impl EmailError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            EmailError::Empty => Message::new("validation.email_empty"),
            EmailError::Malformed => Message::new("validation.email_malformed"),
            EmailError::TooLong => Message::new("validation.email_too_long"),
        }
    }
}

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = value.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if local_ok && domain_ok { Ok(Email(value)) } else { Err(EmailError::Malformed) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Email::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises() {
        let e = Email::parse("  Hanne.Laenen@CAWdeKempen.be ").unwrap();
        assert_eq!(e.as_str(), "hanne.laenen@cawdekempen.be");
        assert!(Email::parse("a+b@ocmw-geel.be").is_ok());
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "   ",
            "geen-apenstaart",
            "@ocmw.be",
            "a@",
            "a@b",
            "a@b.c",
            "a..b@x.be",
            "a@-x.be",
            "a b@x.be",
            "a@x..be",
            ".a@x.be",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(Email::parse(&format!("{}@x.be", "a".repeat(300))), Err(EmailError::TooLong));
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Email>("\"x@y.be\"").is_ok());
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }
}
