//! Organisers' API tokens: what the back office lists, and the rules for a
//! token's name and shape. The secret itself is made and hashed by the store.

use crate::forms::fields::api_token;
use crate::forms::{FieldErrors, Message, RawForm};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Every token starts with this, so a leaked one is recognisable (and scannable).
pub const TOKEN_PREFIX: &str = "lnt_";
/// How many characters of a token the list shows (`lnt_` and 8 more).
pub const DISPLAY_PREFIX_LEN: usize = 12;
pub const MAX_NAME_LEN: usize = 80;

/// A token as the organiser's admins see it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: i32,
    pub name: String,
    /// The token's first characters, e.g. `lnt_3f9a0c1b`.
    pub prefix: String,
    pub created_by: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub last_used_at: Option<DateTime<FixedOffset>>,
    pub revoked_at: Option<DateTime<FixedOffset>>,
    pub scope: TokenScope,
}

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TokenScope {
    /// The whole organiser API: registrations, cancellations, the door.
    #[default]
    Organiser,
    /// The door only: sessions and counts, admission lists, redeeming tickets,
    /// who is present, undo. For a door app or a volunteer's scanner.
    Scanner,
}

impl TokenScope {
    /// As stored in `api_tokens.scope`.
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::Organiser => "organiser",
            TokenScope::Scanner => "scanner",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "organiser" => Some(TokenScope::Organiser),
            "scanner" => Some(TokenScope::Scanner),
            _ => None,
        }
    }
}

/// A new token's name (`naam`) and what it may do (`rechten`: `api`, the
/// default, or `scanner`).
pub fn parse_new_token(form: &RawForm) -> Result<(String, TokenScope), FieldErrors> {
    let scope = match form.get(api_token::SCOPE) {
        "" | "api" => Some(TokenScope::Organiser),
        "scanner" => Some(TokenScope::Scanner),
        _ => None,
    };
    let name = parse_token_name(form);
    match (name, scope) {
        (Ok(name), Some(scope)) => Ok((name, scope)),
        (name, scope) => {
            let mut errors = name.err().unwrap_or_default();
            if scope.is_none() {
                errors.add(api_token::SCOPE, Message::new("validation.token_scope"));
            }
            Err(errors)
        }
    }
}

/// The name of a new token, from the form's `naam` field.
pub fn parse_token_name(form: &RawForm) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = form.get(api_token::NAME).to_string();
    if name.is_empty() {
        errors.add(api_token::NAME, Message::new("validation.token_name_required"));
    } else if name.chars().count() > MAX_NAME_LEN {
        errors.add(api_token::NAME, Message::with("validation.max_chars", &[("max", &MAX_NAME_LEN.to_string())]));
    }
    errors.into_result(name)
}

/// Whether `raw` has the shape of a token (`lnt_` and 64 hex digits), before
/// any database lookup.
pub fn looks_like_token(raw: &str) -> bool {
    raw.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| rest.len() == 64 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shapes() {
        let form = |v: &str| RawForm::new(vec![("naam".into(), v.into())]);
        assert_eq!(parse_token_name(&form("Website")).unwrap(), "Website");
        assert!(parse_token_name(&form("")).is_err());
        assert!(parse_token_name(&form(&"x".repeat(81))).is_err());
        assert!(looks_like_token(&format!("lnt_{}", "a1".repeat(32))));
        assert!(!looks_like_token(&format!("lnt_{}", "g1".repeat(32))));
        assert!(!looks_like_token(&"a1".repeat(34)));
        assert!(!looks_like_token("lnt_abc"));
    }

    #[test]
    fn a_token_for_the_door_only() {
        let form = |scope: &str| RawForm::new(vec![("naam".into(), "Deur".into()), ("rechten".into(), scope.into())]);
        assert_eq!(parse_new_token(&form("scanner")).unwrap(), ("Deur".into(), TokenScope::Scanner));
        assert_eq!(parse_new_token(&form("api")).unwrap().1, TokenScope::Organiser);
        assert_eq!(parse_new_token(&form("")).unwrap().1, TokenScope::Organiser);
        assert!(parse_new_token(&form("root")).is_err());
        for scope in [TokenScope::Organiser, TokenScope::Scanner] {
            assert_eq!(TokenScope::from_code(scope.code()), Some(scope));
        }
    }
}
