//! Public pages, kept once rendered for anonymous visitors.
//!
//! The catalogue, the regions and the event pages are the same for every
//! visitor who is not signed in, and they are most of the traffic. Rendering
//! one reads the whole upcoming catalogue and runs the page's views; serving it
//! again costs one tiny read: the public pages' revision, which database
//! triggers bump on every change those pages could show (migration 17). So a
//! kept page is never stale. It is also kept for one minute of the clock at
//! most, because "open for registration" and "upcoming" change with time.
//!
//! Each response still gets its own CSP nonce: the kept page's nonce is
//! replaced by the request's. Signed-in visitors, other methods and every
//! other path pass straight through.

use crate::operations::CspNonce;
use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use domain::i18n::Locale;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Distinct pages kept at most (query strings are the visitor's to choose);
/// at some 50 kB a page, about 13 MB.
const CAPACITY: usize = 256;
/// Rendered pages larger than this are served but not kept.
const MAX_PAGE_BYTES: usize = 1024 * 1024;

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
    nonce: Arc<str>,
    headers: HeaderMap,
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

/// Whether `path` is a public page that looks the same to every anonymous
/// visitor: `/`, `/regio`, `/regio/{organiser}` and `/regio/{organiser}/{event}`.
fn is_public_page(path: &str) -> bool {
    use domain::paths::{matches, route};
    [route::CATALOGUE, route::ORGANISERS, route::ORGANISER, route::EVENT].iter().any(|pattern| matches(pattern, path))
}

fn cacheable_request(request: &Request) -> bool {
    request.method() == Method::GET
        && is_public_page(request.uri().path())
        && app::session::session_id(request.headers()).is_none()
}

pub async fn serve(State((state, cache)): State<(AppState, Arc<PageCache>)>, request: Request, next: Next) -> Response {
    if !cacheable_request(&request) {
        return next.run(request).await;
    }
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
    let nonce = request.extensions().get::<CspNonce>().map(|n| n.0.clone());
    if let (Some(kept), Some(nonce)) = (cache.get(&key, revision, minute), nonce.as_ref()) {
        let mut response = Response::new(Body::from(with_nonce(&kept.body, &kept.nonce, nonce)));
        *response.headers_mut() = kept.headers;
        return response;
    }

    let response = next.run(request).await;
    let Some(nonce) = nonce else { return response };
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if response.status() != StatusCode::OK
        || !content_type.starts_with("text/html")
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: page not read");
            return Response::from_parts(parts, Body::empty());
        }
    };
    cache.put(key, Kept { revision, minute, nonce, headers: parts.headers.clone(), body: body.clone() });
    Response::from_parts(parts, Body::from(body))
}

/// `page` with every occurrence of `old` replaced by `new`.
fn with_nonce(page: &Bytes, old: &str, new: &str) -> Bytes {
    if old == new || old.is_empty() {
        return page.clone();
    }
    let (page, old) = (page.as_ref(), old.as_bytes());
    let mut out = Vec::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = find(rest, old) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(new.as_bytes());
        rest = &rest[at + old.len()..];
    }
    out.extend_from_slice(rest);
    Bytes::from(out)
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
            nonce: "n".into(),
            headers: HeaderMap::new(),
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
                Kept { revision: 1, minute: 1, nonce: "n".into(), headers: HeaderMap::new(), body: Bytes::new() },
            );
        }
        assert!(cache.len() <= CAPACITY);
    }
}
