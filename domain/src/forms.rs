//! What a submitted HTML form holds, and the errors that go next to its fields.
//!
//! Forms post `application/x-www-form-urlencoded` pairs. Repeated rows (the
//! sessions of an event, the lines of an import) are named `prefix-N-field`,
//! so a form works without JavaScript and rows can be added by a plain submit
//! button.

pub mod fields;

use crate::i18n::{self, Locale};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The name/value pairs of a submitted form, in the order they came. A NUL
/// character becomes U+FFFD, as undecodable bytes do: no text field means
/// it, and PostgreSQL refuses to store it (a 500 instead of an answer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<(String, String)>")]
pub struct RawForm(Vec<(String, String)>);

impl From<Vec<(String, String)>> for RawForm {
    fn from(pairs: Vec<(String, String)>) -> Self {
        RawForm::new(pairs)
    }
}

/// `text` without NUL characters.
fn without_nul(text: String) -> String {
    if text.contains('\0') { text.replace('\0', "\u{fffd}") } else { text }
}

impl RawForm {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        RawForm(pairs.into_iter().map(|(k, v)| (without_nul(k), without_nul(v))).collect())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn push(&mut self, name: &str, value: &str) {
        self.0.push((without_nul(name.to_string()), without_nul(value.to_string())));
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

/// Strategies for property tests of the form parsers: what a browser, a
/// script or someone playing with the form could post.
#[cfg(test)]
pub(crate) mod fuzz {
    use super::RawForm;
    use proptest::prelude::*;

    /// Few cases per property, so the whole suite stays within seconds.
    pub fn config() -> ProptestConfig {
        ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
    }

    /// Text as people paste it: ASCII, digits, accents, emoji, control characters.
    pub fn messy_text(max: usize) -> impl Strategy<Value = String> {
        let c = prop_oneof![
            4 => proptest::char::range(' ', '~'),
            2 => proptest::char::range('0', '9'),
            2 => prop::sample::select(vec!['é', '€', ',', '.', '-', '/', ':', '\n', '\r', '\u{0}', '\u{feff}']),
            1 => proptest::char::range('\u{1f600}', '\u{1f640}'),
            1 => any::<char>(),
        ];
        prop_oneof![
            4 => prop::collection::vec(c, 0..=max).prop_map(|c| c.into_iter().collect::<String>()),
            1 => Just(String::new()),
            1 => (any::<i64>()).prop_map(|n| n.to_string()),
            1 => "[0-9]{1,3}[.,/-][0-9]{1,3}[.,/-][0-9]{1,5}",
            1 => Just("9".repeat(40)),
            1 => Just("é".repeat(5_000)),
        ]
    }

    /// `valid` with some values replaced by any text, and extra fields
    /// (rows with odd numbers, names of any text) added.
    pub fn mutated(valid: RawForm) -> impl Strategy<Value = RawForm> {
        let names: Vec<String> = valid.pairs().iter().map(|(k, _)| k.clone()).collect();
        let n = names.len();
        let extra_name = prop_oneof![
            prop::sample::select(names.clone()),
            (prop::sample::select(names), prop_oneof![Just(0usize), Just(1), Just(999), Just(1000), any::<usize>()])
                .prop_map(|(name, row)| {
                    // The same field in another row: `sessie-0-datum` becomes `sessie-999-datum`.
                    let mut parts: Vec<String> = name.split('-').map(str::to_string).collect();
                    if let Some(number) = parts.iter_mut().find(|p| p.parse::<usize>().is_ok()) {
                        *number = row.to_string();
                    }
                    parts.join("-")
                }),
            messy_text(20),
        ];
        (
            prop::collection::vec((any::<bool>(), messy_text(40)), n),
            prop::collection::vec((extra_name, messy_text(40)), 0..6),
        )
            .prop_map(move |(changes, extra)| {
                let mut pairs: Vec<(String, String)> = valid
                    .pairs()
                    .iter()
                    .zip(changes)
                    .map(|((k, v), (change, new))| (k.clone(), if change { new } else { v.clone() }))
                    .collect();
                pairs.extend(extra);
                RawForm::new(pairs)
            })
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
    fn a_nul_character_never_reaches_the_database() {
        let mut f = form(&[("naam", "a\0b"), ("x\0", "")]);
        f.push("straat", "\0");
        assert_eq!(f.get("naam"), "a\u{fffd}b");
        assert!(f.has("x\u{fffd}"));
        assert_eq!(f.get("straat"), "\u{fffd}");
        let json = serde_json::to_string(&RawForm(vec![("naam".into(), "\0".into())])).unwrap();
        assert_eq!(serde_json::from_str::<RawForm>(&json).unwrap().get("naam"), "\u{fffd}");
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

    mod properties {
        //! The small values every form reads: anything typed is a value or a
        //! refusal, and what we write out reads back the same.
        use super::super::fuzz::{config, messy_text};
        use super::*;
        use crate::catalogue::{CatalogueFilter, YearMonth};
        use crate::money::Money;
        use crate::ogm::OgmReference;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn any_text_is_a_value_or_a_refusal(text in messy_text(80)) {
                let _ = Money::parse(&text);
                let _ = OgmReference::parse(&text);
                let _ = crate::email::Email::parse(&text);
                let _ = crate::enterprise::EnterpriseNumber::parse(&text);
                let _ = crate::slug::Slug::parse(&text);
                let _ = crate::slug::Slug::from_title(&text);
                let _ = YearMonth::parse(&text);
                let _ = crate::partners::Postcode::parse(&text);
                let _ = crate::privacy::RetentionMonths::parse(&text);
                let _ = crate::finances::ConnectedAccount::parse(&text);
                let _ = crate::i18n::Locale::parse(&text);
                let _ = crate::bank::find_ogm(&text);
                for key in ["regio", "soort", "maand", "thema", "prijs", "zoek", "pagina", ""] {
                    let _ = CatalogueFilter::from_pairs([(key, text.as_str())]);
                }
                let form = RawForm::new(vec![(text.clone(), text.clone())]);
                prop_assert!(form.pairs().iter().all(|(k, v)| !k.contains('\0') && !v.contains('\0')));
                let _ = form.rows(&text);
                let _ = form.row(&text, usize::MAX, &text);
            }

            #[test]
            fn amounts_read_back_as_written(cents in -100_000_000_000_000_000i64..100_000_000_000_000_000) {
                let money = Money::from_cents(cents);
                prop_assert_eq!(Money::parse(&money.amount_nl()), Ok(money));
                prop_assert_eq!(Money::parse(&money.amount_in(Locale::Fr)), Ok(money));
                prop_assert_eq!(Money::parse(&money.display_nl()), Ok(money));
            }

            #[test]
            fn structured_communications_read_back_as_written(base in 1u64..=9_999_999_999) {
                let ogm = OgmReference::from_base(base).unwrap();
                prop_assert_eq!(OgmReference::parse(&ogm.to_string()), Ok(ogm));
                prop_assert_eq!(OgmReference::parse(&ogm.digits()), Ok(ogm));
                prop_assert_eq!(crate::bank::find_ogm(&format!("betaling é€ {ogm} 😀")), Some(ogm));
            }
        }
    }
}
