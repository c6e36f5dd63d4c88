//! A password someone chose: long enough to resist guessing, short enough to
//! hash cheaply. Only ever held in memory on its way to the hash.

use std::fmt;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("kies een wachtwoord van minstens {MIN_LENGTH} tekens; een zin van enkele woorden werkt goed")]
    TooShort,
    #[error("een wachtwoord heeft hoogstens {MAX_LENGTH} tekens")]
    TooLong,
}

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let length = input.chars().count();
        if length < MIN_LENGTH {
            return Err(PasswordError::TooShort);
        }
        if length > MAX_LENGTH {
            return Err(PasswordError::TooLong);
        }
        Ok(Password(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never printed, not even in a debug log.
impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules_and_no_leaks() {
        assert_eq!(Password::parse("kort"), Err(PasswordError::TooShort));
        assert_eq!(Password::parse(&"x".repeat(129)), Err(PasswordError::TooLong));
        let p = Password::parse("paard batterij nietje").unwrap();
        assert_eq!(p.expose(), "paard batterij nietje");
        assert_eq!(format!("{p:?}"), "Password(***)");
        // Twelve characters, counted as characters, not bytes.
        assert!(Password::parse("éééééééééééé").is_ok());
    }
}
