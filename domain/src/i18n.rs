//! Languages. Dutch is the default; French and English follow. A visitor's
//! language comes from her choice (a cookie, set by the switcher) or, on a
//! first visit, from the browser's `Accept-Language`.
//!
//! The texts live in one file per language and area (`domain/locales/{nl,fr,en}/*.txt`,
//! `key = text` lines) so translators work in plain files; the tests below fail
//! when a key is missing in any language, when a language has a key the others
//! lack, or when the code asks for a key that no file has.
//!
//! Texts that depend on a count come in plural forms, one key per CLDR plural
//! category: `catalogue.found.one = {count} activiteit` and
//! `catalogue.found.other = {count} activiteiten`, asked for as
//! [`plural`]`(locale, "catalogue.found", n)`. The language's rule picks the
//! form, so French says « 0 activité » and Dutch « 0 activiteiten » without an
//! `if n == 1` in the code. A form a language does not need falls back to
//! `.other` (French `.many` is only for round millions).
//!
//! The rules are [`PluralCategory::of`]: CLDR's rules for our three languages,
//! for whole numbers (we count people, payments, sessions; never fractions).
//! They are a few lines here rather than a crate: `intl_pluralrules` (or
//! `fluent`, which uses it) carries the rules of every CLDR language plus
//! `unic-langid` into the browser's wasm, where this module also runs, to
//! answer for three languages whose integer rules are one comparison each.
//! When a language is added, its line comes from CLDR's `plurals.xml`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The cookie that remembers the chosen language.
pub const COOKIE: &str = "leernet_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Locale {
    #[default]
    Nl,
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Nl, Locale::Fr, Locale::En];

    /// The language's BCP 47 code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The language by its code or a tag that starts with it (`fr-BE`); `None` for others.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Locale::Nl),
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Nl => "Nederlands",
            Locale::Fr => "Français",
            Locale::En => "English",
        }
    }

    /// The best of our languages for an `Accept-Language` header: the highest
    /// quality first, the earlier one on a tie; Dutch when none fits.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(u16, Locale)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let Some(locale) = pieces.next().and_then(Locale::parse) else { continue };
            let quality = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // Thousandths, so a tie keeps the first.
            let weight = (quality.clamp(0.0, 1.0) * 1000.0).round() as u16;
            if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, locale));
            }
        }
        best.map_or(Locale::Nl, |(_, locale)| locale)
    }

    /// The language a request asks for: its cookie if that names one of ours,
    /// else its `Accept-Language`.
    pub fn for_request(cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
        cookie.and_then(Locale::parse).unwrap_or_else(|| Locale::negotiate(accept_language.unwrap_or_default()))
    }
}

/// One file per language and area of the product (`locales/{lang}/{area}.txt`),
/// so work on one area does not touch another's file. A missing file fails the build.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        [
            (Locale::Nl, &[$(($area, include_str!(concat!("../locales/nl/", $area, ".txt")))),*]),
            (Locale::Fr, &[$(($area, include_str!(concat!("../locales/fr/", $area, ".txt")))),*]),
            (Locale::En, &[$(($area, include_str!(concat!("../locales/en/", $area, ".txt")))),*]),
        ]
    };
}

type Sources = &'static [(&'static str, &'static str)];

const SOURCES: [(Locale, Sources); 3] = areas!(
    "frame",
    "catalogue",
    "event",
    "registration",
    "account",
    "mail",
    "pdf",
    "validation",
    "backoffice",
    "scanner",
    "door_sync",
    "reports",
    "invoices",
    "payments_admin",
    "finances",
    "certificates",
    "attendance",
    "labels",
    "admin",
    "camera",
    "payouts",
    "books",
    "connect",
    "my_fees",
    "expenses",
    "dossier",
    "overview",
);

type Catalogue = HashMap<&'static str, &'static str>;

/// `key = text` lines of every area of a language; `#` starts a comment line.
/// `\n` in a text is a line break. A key may appear once across all areas.
fn parse_catalogue(areas: Sources) -> Result<Catalogue, String> {
    let mut texts = HashMap::new();
    for (area, source) in areas {
        for (n, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, text)) = line.split_once(" = ") else {
                return Err(format!("{area}.txt line {}: expected `key = text`", n + 1));
            };
            if texts.insert(key.trim(), text.trim()).is_some() {
                return Err(format!("{area}.txt line {}: key {} appears twice", n + 1, key.trim()));
            }
        }
    }
    Ok(texts)
}

fn catalogues() -> &'static HashMap<Locale, Catalogue> {
    static CATALOGUES: OnceLock<HashMap<Locale, Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        SOURCES
            .iter()
            // A broken file would fail the tests; at run time it only loses its texts.
            .map(|(locale, areas)| (*locale, parse_catalogue(areas).unwrap_or_default()))
            .collect()
    })
}

/// The text of `key` in `locale`; the Dutch one if that language lacks it
/// (the tests make sure none does), the key itself as a last resort.
pub fn text(locale: Locale, key: &str) -> &str {
    let all = catalogues();
    all.get(&locale)
        .and_then(|c| c.get(key))
        .or_else(|| all.get(&Locale::Nl).and_then(|c| c.get(key)))
        .copied()
        .unwrap_or(key)
}

/// [`text`] with `{name}` placeholders filled in.
pub fn text_with(locale: Locale, key: &'static str, values: &[(&str, &str)]) -> String {
    let mut out = text(locale, key).to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A CLDR plural category (the ones our languages use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralCategory {
    One,
    Many,
    Other,
}

impl PluralCategory {
    /// The category of the whole number `n` in `locale`, by CLDR's rules
    /// (unicode.org/cldr, `plurals.xml`, integers: `v = 0`):
    /// - nl, en: one `i = 1`; other.
    /// - fr: one `i = 0,1`; many `e = 0 and i != 0 and i % 1000000 = 0`; other.
    pub fn of(locale: Locale, n: u64) -> Self {
        match locale {
            Locale::Nl | Locale::En if n == 1 => PluralCategory::One,
            Locale::Fr if n <= 1 => PluralCategory::One,
            Locale::Fr if n.is_multiple_of(1_000_000) => PluralCategory::Many,
            _ => PluralCategory::Other,
        }
    }

    /// The key suffix, as in the locale files.
    pub fn suffix(self) -> &'static str {
        match self {
            PluralCategory::One => "one",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

/// The form of `key` for `count` in `locale` (`key.one`, `key.other`, …, see the
/// module's words), with `{count}` and the other `{name}` placeholders filled in.
pub fn plural(locale: Locale, key: &str, count: u64, values: &[(&str, &str)]) -> String {
    let category = PluralCategory::of(locale, count);
    let form = format!("{key}.{}", category.suffix());
    let all = catalogues();
    let has = |k: &str| all.get(&locale).is_some_and(|c| c.contains_key(k));
    let chosen = if has(&form) { form } else { format!("{key}.other") };
    let mut out = text(locale, &chosen).replace("{count}", &count.to_string());
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else { break };
            found.insert(rest[start + 1..start + end].to_string());
            rest = &rest[start + end + 1..];
        }
        found
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let parsed: Vec<(Locale, Catalogue)> = SOURCES
            .iter()
            .map(|(l, s)| (*l, parse_catalogue(s).unwrap_or_else(|e| panic!("{}: {e}", l.code()))))
            .collect();
        let all_keys: BTreeSet<&str> = parsed.iter().flat_map(|(_, c)| c.keys().copied()).collect();
        let mut problems = Vec::new();
        for (locale, catalogue) in &parsed {
            for key in &all_keys {
                match catalogue.get(key) {
                    None => problems.push(format!("{}: missing {key}", locale.code())),
                    Some(&"") => problems.push(format!("{}: empty {key}", locale.code())),
                    Some(text) => {
                        let dutch = parsed[0].1.get(key).map(|t| placeholders(t)).unwrap_or_default();
                        if placeholders(text) != dutch {
                            problems.push(format!("{}: {key} has other placeholders than Dutch", locale.code()));
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Every key the code asks for (`tr("…")` in the app, `i18n::text(…, "…")`
    /// elsewhere) is in the Dutch file, and so (test above) in every language.
    #[test]
    fn every_key_the_code_uses_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dutch = parse_catalogue(SOURCES[0].1).unwrap();
        let mut used = BTreeSet::new();
        for dir in ["app/src", "server/src", "store/src", "domain/src"] {
            collect_keys(&root.join(dir), &mut used);
        }
        assert!(used.len() >= 10, "the scan found the keys in use: {used:?}");
        let missing: Vec<&String> = used.iter().filter(|k| !dutch.contains_key(k.as_str())).collect();
        assert!(missing.is_empty(), "keys used in the code but missing from the catalogues: {missing:?}");
    }

    fn collect_keys(dir: &std::path::Path, used: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_keys(&path, used);
            } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "i18n.rs") {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                for marker in [
                    "tr(\"",
                    "tr_with(\"",
                    "trn(\"",
                    "trn_with(\"",
                    "i18n::text(locale, \"",
                    "i18n::text_with(locale, \"",
                    "i18n::plural(locale, \"",
                    "Message::new(\"",
                    "Message::with(\"",
                ] {
                    let plural = marker.starts_with("trn") || marker.contains("plural");
                    for (at, _) in source.match_indices(marker) {
                        // `tr(` itself, not the end of `push_str(`.
                        let before = source[..at].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = &source[at + marker.len()..];
                        if let Some(end) = rest.find('"') {
                            if plural {
                                // Every language has `.one` and `.other` of a plural text.
                                used.insert(format!("{}.one", &rest[..end]));
                                used.insert(format!("{}.other", &rest[..end]));
                            } else {
                                used.insert(rest[..end].to_string());
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_browser_language_decides_on_a_first_visit() {
        assert_eq!(Locale::negotiate("fr-BE,fr;q=0.9,en;q=0.8"), Locale::Fr);
        assert_eq!(Locale::negotiate("de-DE,en;q=0.7,nl;q=0.8"), Locale::Nl);
        assert_eq!(Locale::negotiate("en-GB"), Locale::En);
        assert_eq!(Locale::negotiate("de, es;q=0.5"), Locale::Nl, "none of ours: Dutch");
        assert_eq!(Locale::negotiate(""), Locale::Nl);
        assert_eq!(Locale::negotiate("fr;q=0, en;q=0.1"), Locale::En, "q=0 means not wanted");
        assert_eq!(Locale::negotiate("fr;q=0.5, en;q=0.5"), Locale::Fr, "a tie keeps the first");
        assert_eq!(Locale::negotiate("en;q=abc, fr;q=0.9"), Locale::En, "a broken quality counts as 1");
    }

    #[test]
    fn a_chosen_language_wins_over_the_browser() {
        assert_eq!(Locale::for_request(Some("en"), Some("fr-BE")), Locale::En);
        assert_eq!(Locale::for_request(Some("xx"), Some("fr-BE")), Locale::Fr, "an unknown cookie is ignored");
        assert_eq!(Locale::for_request(None, None), Locale::Nl);
    }

    #[test]
    fn texts_fall_back_to_dutch_then_to_the_key() {
        assert_eq!(text(Locale::Fr, "nav.offer"), "Offre");
        assert_eq!(text(Locale::En, "no.such.key"), "no.such.key");
        assert_eq!(text_with(Locale::En, "partners.summary.new", &[("count", "3")]), "3 new");
    }

    #[test]
    fn plural_forms_follow_each_languages_rule() {
        assert_eq!(plural(Locale::En, "catalogue.found", 3, &[]), "3 activities");
        assert_eq!(plural(Locale::En, "catalogue.found", 1, &[]), "1 activity");
        assert_eq!(plural(Locale::En, "catalogue.found", 0, &[]), "0 activities");
        assert_eq!(plural(Locale::Nl, "catalogue.found", 1, &[]), "1 activiteit");
        assert_eq!(plural(Locale::Nl, "catalogue.found", 0, &[]), "0 activiteiten");
        assert_eq!(plural(Locale::Fr, "catalogue.found", 0, &[]), "0 activité", "French counts zero as one");
        assert_eq!(plural(Locale::Fr, "catalogue.found", 2, &[]), "2 activités");
        assert_eq!(
            plural(Locale::Fr, "catalogue.found", 2_000_000, &[]),
            "2000000 activités",
            "many falls back to other"
        );
    }

    /// CLDR's examples for integers (plurals.xml, v46) per category.
    #[test]
    fn the_rules_are_cldrs() {
        use PluralCategory::*;
        let cases: [(Locale, &[u64], PluralCategory); 7] = [
            (Locale::Nl, &[1], One),
            (Locale::Nl, &[0, 2, 3, 16, 100, 1000, 1_000_000], Other),
            (Locale::En, &[1], One),
            (Locale::En, &[0, 2, 3, 16, 100, 1000, 1_000_000], Other),
            (Locale::Fr, &[0, 1], One),
            (Locale::Fr, &[1_000_000, 2_000_000, 3_000_000, 1_000_000_000], Many),
            (Locale::Fr, &[2, 3, 16, 100, 1000, 10_000, 100_000, 1_000_001], Other),
        ];
        for (locale, numbers, category) in cases {
            for n in numbers {
                assert_eq!(PluralCategory::of(locale, *n), category, "{} {n}", locale.code());
            }
        }
    }

    /// A plural text has its `.other` form (the fallback of every category)
    /// wherever it has another form.
    #[test]
    fn every_plural_text_has_its_other_form() {
        let dutch = parse_catalogue(SOURCES[0].1).unwrap();
        let missing: Vec<&&str> = dutch
            .keys()
            .filter(|k| k.ends_with(".one") || k.ends_with(".many"))
            .filter(|k| {
                !dutch.contains_key(format!("{}.other", k.rsplit_once('.').map_or("", |(base, _)| base)).as_str())
            })
            .collect();
        assert!(missing.is_empty(), "plural texts without .other: {missing:?}");
    }
}
