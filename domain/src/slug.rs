//! URL slugs: lower-case ASCII words joined by hyphens.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("een korte naam bevat enkel kleine letters, cijfers en koppeltekens (max. 80 tekens)")]
pub struct SlugError;

impl Slug {
    /// Accepts an existing slug exactly as it is; anything else is an error.
    pub fn parse(input: &str) -> Result<Self, SlugError> {
        let ok = !input.is_empty()
            && input.len() <= 80
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--")
            && input.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok { Ok(Slug(input.to_string())) } else { Err(SlugError) }
    }

    /// Derives a slug from a title: `Vorming "Telecom" – 2026` becomes `vorming-telecom-2026`.
    pub fn from_title(title: &str) -> Result<Self, SlugError> {
        let mut out = String::new();
        for ch in title.chars().flat_map(fold_accent) {
            if ch.is_ascii_alphanumeric() {
                out.push(ch.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let trimmed = out.trim_end_matches('-');
        let cut = match trimmed.char_indices().nth(80) {
            Some((i, _)) => trimmed[..i].trim_end_matches('-'),
            None => trimmed,
        };
        Slug::parse(cut)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn fold_accent(c: char) -> Vec<char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        'ÿ' => 'y',
        'æ' => return vec!['a', 'e'],
        'œ' => return vec!['o', 'e'],
        other => other,
    };
    vec![folded]
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Slug::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_titles() {
        assert_eq!(Slug::from_title("Vorming \"Telecom\" – 2026").unwrap().as_str(), "vorming-telecom-2026");
        assert_eq!(
            Slug::from_title("Methodiekendag: Duurzaam Budgetmanagement").unwrap().as_str(),
            "methodiekendag-duurzaam-budgetmanagement"
        );
        assert_eq!(Slug::from_title("Café Ëlise").unwrap().as_str(), "cafe-elise");
        assert!(Slug::from_title("???").is_err());
        assert!(Slug::from_title(&"lang ".repeat(40)).unwrap().as_str().len() <= 80);
    }

    #[test]
    fn parse_is_strict() {
        assert!(Slug::parse("biz-kempen").is_ok());
        for bad in ["", "BIZ", "a--b", "-a", "a-", "a b", "a/b", "é"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
