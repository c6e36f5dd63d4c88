//! What a submitted HTML form holds, and the errors that go next to its fields.
//!
//! Forms post `application/x-www-form-urlencoded` pairs. Repeated rows (the
//! sessions of an event, the lines of an import) are named `prefix-N-field`,
//! so a form works without JavaScript and rows can be added by a plain submit
//! button.

use crate::i18n::{self, Locale};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The name/value pairs of a submitted form, in the order they came.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawForm(Vec<(String, String)>);

impl RawForm {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        RawForm(pairs)
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn push(&mut self, name: &str, value: &str) {
        self.0.push((name.to_string(), value.to_string()));
    }

    /// Replaces every value of `name` by `value` (adds it when absent).
    pub fn set(&mut self, name: &str, value: &str) {
        self.0.retain(|(k, _)| k != name);
        self.push(name, value);
    }

    /// The first value of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim())
    }

    /// The first value of `name` as typed (multi-line texts keep their layout).
    pub fn get_raw(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The row numbers used with `prefix` (`prefix-3-title` is row 3), ascending.
    pub fn rows(&self, prefix: &str) -> Vec<usize> {
        let start = format!("{prefix}-");
        let mut rows: Vec<usize> = self
            .0
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(&start)?.split_once('-')?.0.parse().ok())
            // A form has a handful of rows; a huge number is someone playing with the form.
            .filter(|n| *n < 1000)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The value of `field` in row `row` of `prefix`, trimmed.
    pub fn row(&self, prefix: &str, row: usize, field: &str) -> &str {
        self.get(&row_field(prefix, row, field))
    }
}

/// The name of `field` in row `row` of `prefix`: `sessie-2-datum`.
pub fn row_field(prefix: &str, row: usize, field: &str) -> String {
    format!("{prefix}-{row}-{field}")
}

/// A message for the user: the key of its text (area `validation` or `mail`,
/// see [`crate::i18n`]) and the values of its `{placeholders}`. It crosses
/// server functions as it is and is put into words in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    key: String,
    values: Vec<(String, String)>,
    /// Shown as a sentence of its own: a capital first, a full stop last
    /// (for texts that usually follow a field's name, such as `een postcode telt…`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    sentence: bool,
    /// Placeholders filled with a message of their own, in the same language
    /// (`regel 4, postcode: {message}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    nested: Vec<(String, Message)>,
}

impl Message {
    /// The text `key`, without placeholders.
    pub fn new(key: &'static str) -> Self {
        Message { key: key.to_string(), values: Vec::new(), sentence: false, nested: Vec::new() }
    }

    /// The text `key` with its placeholders filled in.
    pub fn with(key: &'static str, values: &[(&str, &str)]) -> Self {
        Message {
            key: key.to_string(),
            values: values.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            sentence: false,
            nested: Vec::new(),
        }
    }

    /// Fills placeholder `name` with `message`, put into words in the same language.
    pub fn nest(mut self, name: &str, message: Message) -> Self {
        self.nested.push((name.to_string(), message));
        self
    }

    /// The same text as a sentence of its own: capital first, full stop last.
    pub fn as_sentence(mut self) -> Self {
        self.sentence = true;
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The message in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        let mut out = i18n::text(locale, &self.key).to_string();
        for (name, value) in &self.values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        for (name, message) in &self.nested {
            out = out.replace(&format!("{{{name}}}"), &message.text(locale));
        }
        if self.sentence {
            let mut chars = out.chars();
            if let Some(first) = chars.next() {
                out = format!("{}{}.", first.to_uppercase(), chars.as_str().trim_end_matches('.'));
            }
        }
        out
    }
}

/// Messages for the user, keyed by the form field they belong to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(BTreeMap<String, Message>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field`; the first message for a field wins.
    pub fn add(&mut self, field: impl Into<String>, message: Message) {
        self.0.entry(field.into()).or_insert(message);
    }

    /// The message for `field` in Dutch (the default language).
    pub fn get(&self, field: &str) -> Option<String> {
        self.get_in(Locale::Nl, field)
    }

    /// The message for `field` in `locale`.
    pub fn get_in(&self, locale: Locale, field: &str) -> Option<String> {
        self.0.get(field).map(|m| m.text(locale))
    }

    pub fn message(&self, field: &str) -> Option<&Message> {
        self.0.get(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Message)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// `Ok(value)` when nothing was recorded, else the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn reads_fields_and_rows() {
        let f = form(&[
            ("titel", "  Leernetwerk  "),
            ("sessie-3-datum", "2027-01-14"),
            ("sessie-0-datum", "2026-12-03"),
            ("sessie-0-titel", "Start"),
            ("sessie-x-datum", "nonsense"),
            ("sessie-99999-datum", "too many"),
        ]);
        assert_eq!(f.get("titel"), "Leernetwerk");
        assert_eq!(f.get_raw("titel"), "  Leernetwerk  ");
        assert_eq!(f.get("ontbreekt"), "");
        assert_eq!(f.rows("sessie"), vec![0, 3]);
        assert_eq!(f.row("sessie", 0, "titel"), "Start");
        assert_eq!(f.row("sessie", 3, "titel"), "");
    }

    #[test]
    fn keeps_the_first_error_per_field() {
        let mut errors = FieldErrors::new();
        errors.add("titel", Message::new("validation.event_title_required"));
        errors.add("titel", Message::with("validation.max_chars", &[("max", "200")]));
        assert_eq!(errors.get("titel").as_deref(), Some("Geef de activiteit een titel."));
        assert_eq!(
            errors.into_result(()),
            Err(FieldErrors(BTreeMap::from([("titel".into(), Message::new("validation.event_title_required"))])))
        );
        assert_eq!(FieldErrors::new().into_result(5), Ok(5));
    }

    #[test]
    fn messages_speak_the_page_language() {
        let mut errors = FieldErrors::new();
        errors.add("naam", Message::with("validation.max_chars", &[("max", "120")]));
        assert_eq!(errors.get("naam").as_deref(), Some("Hoogstens 120 tekens."));
        assert_eq!(errors.get_in(Locale::Fr, "naam").as_deref(), Some("120 caractères au maximum."));
        assert_eq!(errors.get_in(Locale::En, "naam").as_deref(), Some("At most 120 characters."));
        let json = serde_json::to_string(&errors).unwrap();
        assert_eq!(serde_json::from_str::<FieldErrors>(&json).unwrap(), errors, "crosses server functions");
    }
}
