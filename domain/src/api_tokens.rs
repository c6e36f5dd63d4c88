//! Organisers' API tokens: what the back office lists, and the rules for a
//! token's name and shape. The secret itself is made and hashed by the store.

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
}

/// The name of a new token, from the form's `naam` field.
pub fn parse_token_name(form: &RawForm) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = form.get("naam").to_string();
    if name.is_empty() {
        errors.add("naam", Message::new("validation.token_name_required"));
    } else if name.chars().count() > MAX_NAME_LEN {
        errors.add("naam", Message::with("validation.max_chars", &[("max", &MAX_NAME_LEN.to_string())]));
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
}
