//! The visitor's language: decided per request (her choice in a cookie, else
//! `Accept-Language`), handed to the pages as a request extension, and changed
//! by the switcher's plain form post to `/taal`.

use app::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::forms::fields::language as names;
use domain::i18n::{COOKIE, Locale};
use domain::paths;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::LANGUAGE), post(choose))
}

/// A year: the choice is a preference, not a session.
const REMEMBER_SECONDS: u32 = 365 * 24 * 60 * 60;

fn cookie_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

tokio::task_local! {
    /// The language of the request being handled (see [`locale`]).
    static CURRENT: Locale;
}

/// The language of the request being handled; Dutch outside a request.
pub fn current() -> Locale {
    CURRENT.try_with(|locale| *locale).unwrap_or_default()
}

/// The text of `key` in the language of the request being handled: for the
/// short plain answers (a refused form, a forbidden action) that handlers
/// give without a page.
pub fn tr(key: &'static str) -> &'static str {
    domain::i18n::text(current(), key)
}

/// Puts the request's [`Locale`] in its extensions (for the pages) and in a
/// task-local (for handlers' own answers), and says it in `Content-Language`.
pub async fn locale(mut request: Request, next: Next) -> Response {
    let accept = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let locale = Locale::for_request(cookie_value(&request, COOKIE), accept);
    request.extensions_mut().insert(locale);
    let mut response = CURRENT.scope(locale, next.run(request)).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(locale.code()));
    // Caches must keep one copy per language.
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    response
}

/// Only a path on this site: never an address elsewhere (`//host`, `https:`).
fn local_path(back: &str) -> &str {
    let local = back.starts_with('/') && !back.starts_with("//") && !back.contains('\\');
    if local { back } else { "/" }
}

/// `POST /taal` (`taal` = nl|fr|en, `terug` = the page to go back to).
async fn choose(State(state): State<AppState>, body: Bytes) -> Response {
    // Read here rather than with `crate::web`, which speaks through this module:
    // two fields, no token (a language is no secret), nothing to refuse.
    let form = domain::forms::RawForm::new(
        form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
    );
    let back = local_path(form.get(names::BACK)).to_string();
    let Some(locale) = Locale::parse(form.get(names::LOCALE)) else { return Redirect::to(&back).into_response() };
    let secure = if state.settings.base_url.starts_with("https://") { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={}; Path=/; Max-Age={REMEMBER_SECONDS}; SameSite=Lax{secure}", locale.code());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn the_way_back_stays_on_this_site() {
        assert_eq!(local_path("/regio/biz-kempen?soort=vorming"), "/regio/biz-kempen?soort=vorming");
        assert_eq!(local_path("//evil.test/x"), "/");
        assert_eq!(local_path("https://evil.test"), "/");
        assert_eq!(local_path("/\\evil.test"), "/");
        assert_eq!(local_path(""), "/");
    }
}
