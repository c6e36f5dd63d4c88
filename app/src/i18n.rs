//! The page's language in the app: the server decides it per request (the
//! visitor's choice in a cookie, else the browser's `Accept-Language`; see the
//! server's `operations::locale`), renders `<html lang>` with it, and the
//! browser reads it back from there when it hydrates.

use domain::i18n::{self, Locale};
use leptos::prelude::*;

/// The language of the request being rendered (server) or of the page (browser).
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Locale>().copied())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Locale::parse(&lang))
            .unwrap_or_default()
    }
}

/// The language pages render in (provided by `App`).
pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(request_locale)
}

/// The text of `key` in the page's language.
pub fn tr(key: &'static str) -> &'static str {
    i18n::text(locale(), key)
}

/// [`tr`] with `{name}` placeholders filled in.
pub fn tr_with(key: &'static str, values: &[(&str, &str)]) -> String {
    i18n::text_with(locale(), key, values)
}

/// The plural form of `key` for `count` in the page's language, `{count}`
/// filled in (see `domain::i18n`'s words on plural forms).
pub fn trn(key: &'static str, count: usize) -> String {
    trn_with(key, count, &[])
}

/// [`trn`] with other `{name}` placeholders filled in too.
pub fn trn_with(key: &'static str, count: usize, values: &[(&str, &str)]) -> String {
    i18n::plural(locale(), key, u64::try_from(count).unwrap_or(u64::MAX), values)
}
