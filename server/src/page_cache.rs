//! Public pages and public API answers, kept once rendered for anonymous
//! visitors, and revalidated by browsers and proxies with `ETag`.
//!
//! The catalogue, the regions and the event pages are the same for every
//! visitor who is not signed in, and they are most of the traffic; the public
//! API (`/api/v1/events`, `/api/v1/events/{id}`, `/api/v1/organisers`) is the
//! same for every client without an organiser token, and regional websites
//! embed it. Rendering one reads the whole upcoming catalogue; serving it
//! again costs one tiny read: the public pages' revision, which database
//! triggers bump on every change those answers could show (migration 17). So a
//! kept answer is never stale. It is also kept for one minute of the clock at
//! most, because "open for registration" and "upcoming" change with time.
//!
//! Each kept answer carries a weak `ETag` (a hash of its body, the page's CSP
//! nonce left out, so the same page rendered again a minute later has the same
//! tag) and `Cache-Control: public, no-cache`: a browser or proxy may keep it
//! but asks again each time, and `If-None-Match` gets a `304` without a body.
//! `Vary` names what else chooses the answer: the language, and for pages the
//! cookie (a signed-in visitor's page is her own) or for the API the
//! `Authorization` header. Answers to signed-in visitors and to organiser
//! tokens are never kept here, and say `private` so no shared cache keeps them.
//!
//! Each page still gets its own CSP nonce: the kept page's nonce is replaced
//! by the request's. A `304` carries no Content-Security-Policy (see
//! `operations::security_headers`): the browser keeps the policy it stored
//! with the page, whose nonce its copy of the page carries.
//! Other methods and every other path pass straight through.

use crate::operations::CspNonce;
use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use domain::i18n::Locale;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, Mutex};

/// Distinct answers kept at most (query strings are the visitor's to choose);
/// at some 50 kB a page, about 13 MB.
const CAPACITY: usize = 256;
/// Rendered answers larger than this are served but not kept.
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// May be stored by anyone, but is asked for again (with its tag) each time.
const PUBLIC: &str = "public, no-cache";
/// For the visitor's own browser only.
const PRIVATE: &str = "private, no-cache";

#[derive(Default)]
pub struct PageCache {
    pages: Mutex<HashMap<Key, Kept>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    locale: &'static str,
}

#[derive(Clone)]
struct Kept {
    revision: i64,
    minute: i64,
    /// The nonce in `body`, for pages; `None` for JSON.
    nonce: Option<Arc<str>>,
    headers: HeaderMap,
    etag: HeaderValue,
    body: Bytes,
}

impl PageCache {
    fn get(&self, key: &Key, revision: i64, minute: i64) -> Option<Kept> {
        let pages = self.pages.lock().ok()?;
        pages.get(key).filter(|kept| kept.revision == revision && kept.minute == minute).cloned()
    }

    fn put(&self, key: Key, kept: Kept) {
        let Ok(mut pages) = self.pages.lock() else { return };
        if pages.len() >= CAPACITY && !pages.contains_key(&key) {
            let (revision, minute) = (kept.revision, kept.minute);
            pages.retain(|_, old| old.revision == revision && old.minute == minute);
            if pages.len() >= CAPACITY {
                pages.clear();
            }
        }
        pages.insert(key, kept);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.pages.lock().map(|p| p.len()).unwrap_or(0)
    }
}

/// What a GET may be answered from the cache as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shared {
    /// A public page (HTML with a CSP nonce).
    Page,
    /// A public API answer (JSON).
    Api,
}

impl Shared {
    fn vary(self) -> &'static str {
        match self {
            Shared::Page => "cookie, accept-language",
            Shared::Api => "authorization, accept-language",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Shared::Page => "text/html",
            Shared::Api => "application/json",
        }
    }
}

/// Whether `path` is a public page that looks the same to every anonymous
/// visitor: `/`, `/regio`, `/regio/{organiser}` and `/regio/{organiser}/{event}`.
fn is_public_page(path: &str) -> bool {
    use domain::paths::{matches, route};
    [route::CATALOGUE, route::ORGANISERS, route::ORGANISER, route::EVENT].iter().any(|pattern| matches(pattern, path))
}

/// The public API's answers that are the same for every client without a
/// token (`crate::api::ROUTES`' first three, and the OpenAPI document).
fn is_public_api(path: &str) -> bool {
    ["/api/v1/events", "/api/v1/events/:id", "/api/v1/organisers", "/api/v1/openapi.json"]
        .iter()
        .any(|pattern| domain::paths::matches(pattern, path))
}

/// How `request` may be answered: from the cache (`Some`), or fresh (`None`).
fn shared_as(request: &Request) -> Option<Shared> {
    if request.method() != Method::GET {
        return None;
    }
    let path = request.uri().path();
    if is_public_page(path) && app::session::session_id(request.headers()).is_none() {
        Some(Shared::Page)
    } else if is_public_api(path) && !request.headers().contains_key(header::AUTHORIZATION) {
        Some(Shared::Api)
    } else {
        None
    }
}

/// Whether the answer to `request` is someone's own: a signed-in visitor's,
/// or an organiser token's. No shared cache may keep it.
fn is_personal(request: &Request) -> bool {
    app::session::session_id(request.headers()).is_some() || request.headers().contains_key(header::AUTHORIZATION)
}

pub async fn serve(State((state, cache)): State<(AppState, Arc<PageCache>)>, request: Request, next: Next) -> Response {
    let Some(shared) = shared_as(&request) else {
        let personal = is_personal(&request);
        let mut response = next.run(request).await;
        if personal && !response.headers().contains_key(header::CACHE_CONTROL) {
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
        }
        return response;
    };
    // Read before rendering: a change that lands while the page renders makes
    // the kept copy older than its revision says, never newer, so the next
    // request renders again.
    let revision = match store::site::revision(&state.db).await {
        Ok(revision) => revision,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: no revision; rendering without it");
            return next.run(request).await;
        }
    };
    let minute = state.clock.now().timestamp().div_euclid(60);
    let key = Key {
        path_and_query: request.uri().path_and_query().map_or_else(|| "/".to_string(), |p| p.as_str().to_string()),
        locale: request.extensions().get::<Locale>().copied().unwrap_or_default().code(),
    };
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    // A page is served with the request's nonce; without one (never, behind
    // `operations::security_headers`) it is rendered fresh.
    let nonce = match shared {
        Shared::Page => match request.extensions().get::<CspNonce>() {
            Some(nonce) => Some(nonce.0.clone()),
            None => return next.run(request).await,
        },
        Shared::Api => None,
    };
    if let Some(kept) = cache.get(&key, revision, minute) {
        return answer(kept, nonce.as_deref(), if_none_match.as_ref());
    }

    let response = next.run(request).await;
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if response.status() != StatusCode::OK
        || !content_type.starts_with(shared.content_type())
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: answer not read");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let etag = entity_tag(&body, nonce.as_deref());
    parts.headers.insert(header::ETAG, etag.clone());
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC));
    parts.headers.insert(header::VARY, HeaderValue::from_static(shared.vary()));
    let kept = Kept { revision, minute, nonce: nonce.clone(), headers: parts.headers, etag, body };
    cache.put(key, kept.clone());
    answer(kept, nonce.as_deref(), if_none_match.as_ref())
}

/// The kept answer, or `304 Not Modified` when the client holds it already.
fn answer(kept: Kept, nonce: Option<&str>, if_none_match: Option<&HeaderValue>) -> Response {
    if if_none_match.is_some_and(|tags| any_tag_matches(tags, &kept.etag)) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(value) = kept.headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    let body = match (&kept.nonce, nonce) {
        (Some(old), Some(new)) => with_nonce(&kept.body, old, new),
        _ => kept.body.clone(),
    };
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = kept.headers;
    response
}

/// A weak entity tag for `body`: the same for every render of the same
/// content, whatever nonce it carries (weak because the bytes differ in it).
fn entity_tag(body: &[u8], nonce: Option<&str>) -> HeaderValue {
    // SipHash with fixed keys: the same tag in every process of one build
    // (another build may tag anew, which costs one full answer).
    let mut hasher = DefaultHasher::new();
    for part in parts_around(body, nonce.unwrap_or("").as_bytes()) {
        hasher.write(part);
    }
    HeaderValue::from_str(&format!("W/\"{:016x}\"", hasher.finish()))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

/// Whether an `If-None-Match` value names `etag` (RFC 9110 13.1.2: weak
/// comparison, a list of tags or `*`).
fn any_tag_matches(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(tags) = if_none_match.to_str() else { return false };
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    let ours = etag.to_str().map(opaque).unwrap_or_default();
    tags.trim() == "*" || tags.split(',').any(|tag| opaque(tag) == ours)
}

/// `page` with every occurrence of `old` replaced by `new`.
fn with_nonce(page: &Bytes, old: &str, new: &str) -> Bytes {
    if old == new || old.is_empty() {
        return page.clone();
    }
    let mut out = Vec::with_capacity(page.len());
    for (i, part) in parts_around(page, old.as_bytes()).enumerate() {
        if i > 0 {
            out.extend_from_slice(new.as_bytes());
        }
        out.extend_from_slice(part);
    }
    Bytes::from(out)
}

/// The pieces of `page` between the occurrences of `needle` (the whole page
/// when `needle` is empty): what a kept page is without its nonce.
fn parts_around<'a>(page: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    let mut rest = Some(page);
    std::iter::from_fn(move || {
        let current = rest?;
        // `windows(0)` would panic: an empty needle splits nothing.
        match (!needle.is_empty()).then(|| find(current, needle)).flatten() {
            Some(at) => {
                rest = Some(&current[at + needle.len()..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_public_pages_are_kept() {
        for path in ["/", "/regio", "/regio/biz-kempen", "/regio/biz-kempen/vorming-x"] {
            assert!(is_public_page(path), "{path}");
        }
        for path in [
            "/regio/biz-kempen/vorming-x/inschrijven",
            "/regio/",
            "/regio//x",
            "/mijn",
            "/beheer/biz-kempen",
            "/ticket/abc",
            "/api/v1/events",
            "/regiox",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }

    #[test]
    fn the_public_api_is_kept_but_not_its_tokens_routes() {
        for path in ["/api/v1/events", "/api/v1/events/12", "/api/v1/organisers", "/api/v1/openapi.json"] {
            assert!(is_public_api(path), "{path}");
        }
        for path in [
            "/api/v1/events/12/registrations",
            "/api/v1/events/12/sessions",
            "/api/v1/participation",
            "/api/v1/events/",
            "/api/v1/registrations/3",
        ] {
            assert!(!is_public_api(path), "{path}");
        }
    }

    #[test]
    fn a_tag_leaves_the_nonce_out() {
        let one = entity_tag(b"<script nonce=\"aaaa\">x</script>", Some("aaaa"));
        let two = entity_tag(b"<script nonce=\"bbbb\">x</script>", Some("bbbb"));
        let other = entity_tag(b"<script nonce=\"bbbb\">y</script>", Some("bbbb"));
        assert_eq!(one, two);
        assert_ne!(one, other);
        assert!(one.to_str().unwrap().starts_with("W/\""));
        assert_eq!(entity_tag(b"{}", None), entity_tag(b"{}", None));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        for value in ["W/\"abc\"", "\"abc\"", "\"x\", W/\"abc\"", "*", " W/\"abc\" "] {
            assert!(any_tag_matches(&HeaderValue::from_str(value).unwrap(), &etag), "{value}");
        }
        for value in ["W/\"abd\"", "abc", "\"x\", \"y\"", ""] {
            assert!(!any_tag_matches(&HeaderValue::from_str(value).unwrap(), &etag), "{value}");
        }
    }

    #[test]
    fn every_nonce_is_replaced() {
        let page = Bytes::from_static(b"<script nonce=\"aaa\">x</script><link nonce=\"aaa\">aa");
        assert_eq!(
            with_nonce(&page, "aaa", "bbbb"),
            Bytes::from_static(b"<script nonce=\"bbbb\">x</script><link nonce=\"bbbb\">aa")
        );
    }

    #[test]
    fn a_page_is_served_only_at_its_revision_and_minute() {
        let cache = PageCache::default();
        let key = Key { path_and_query: "/".into(), locale: "nl" };
        let kept = |revision| Kept {
            revision,
            minute: 10,
            nonce: Some("n".into()),
            headers: HeaderMap::new(),
            etag: HeaderValue::from_static("W/\"1\""),
            body: Bytes::from_static(b"page"),
        };
        cache.put(key.clone(), kept(1));
        assert!(cache.get(&key, 1, 10).is_some());
        assert!(cache.get(&key, 2, 10).is_none(), "a change was made since");
        assert!(cache.get(&key, 1, 11).is_none(), "a minute has passed");
        assert!(cache.get(&Key { locale: "fr", ..key.clone() }, 1, 10).is_none(), "another language");
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = PageCache::default();
        for i in 0..(CAPACITY + 10) {
            let key = Key { path_and_query: format!("/?zoek={i}"), locale: "nl" };
            cache.put(
                key,
                Kept {
                    revision: 1,
                    minute: 1,
                    nonce: None,
                    headers: HeaderMap::new(),
                    etag: HeaderValue::from_static("W/\"1\""),
                    body: Bytes::new(),
                },
            );
        }
        assert!(cache.len() <= CAPACITY);
    }
}
