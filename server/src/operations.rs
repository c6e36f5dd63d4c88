//! What every request passes on its way in: a request id, the client's
//! address, a rate limit, a body limit, a time limit, and the security headers
//! on the way out. Each is one axum middleware, layered in [`crate::router`].

use crate::problem::Problem;
use crate::telemetry::X_REQUEST_ID;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::i18n::{self, Locale};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An incoming request id longer than this is replaced by our own.
pub const MAX_REQUEST_ID: usize = 64;
/// Largest request body the server reads at all. Routes set lower limits of
/// their own (a form 64 kB, the import of organisations three files of 1 MB);
/// this one is just above the largest, an expense claim with its five
/// receipts of 5 MB.
pub const MAX_BODY: usize = 26 * 1024 * 1024;
/// A request that takes longer is answered with 503 and its work dropped
/// (an open transaction rolls back).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The request's id, from `x-request-id` or made up; in every log line of the
/// request (the `request` span) and in the response.
#[derive(Debug, Clone)]
pub struct RequestId(pub Arc<str>);

/// The client's address: the peer, or, behind a trusted reverse proxy, the
/// address the proxy put last in `X-Forwarded-For`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// Whom per-client limits count (an IPv6 client per /64).
    pub fn key(self) -> domain::limits::ClientKey {
        domain::limits::ClientKey::of(self.0)
    }
}

/// The nonce this response's Content-Security-Policy allows inline scripts with.
#[derive(Debug, Clone)]
pub struct CspNonce(pub Arc<str>);

/// Keeps a well-formed incoming id (letters, digits, `-_.:`, at most
/// [`MAX_REQUEST_ID`] characters); anything else is not ours to log.
pub fn sanitise_request_id(raw: &str) -> Option<&str> {
    let id = raw.trim();
    (!id.is_empty()
        && id.len() <= MAX_REQUEST_ID
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
    .then_some(id)
}

pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id: Arc<str> = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .and_then(sanitise_request_id)
        .map(Arc::from)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string().into());
    let value = HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("-"));
    request.headers_mut().insert(X_REQUEST_ID, value.clone());
    request.extensions_mut().insert(RequestId(id));
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID, value);
    response
}

/// Settings of the layers, from [`crate::config::Config`].
#[derive(Debug, Clone)]
pub struct Limits {
    /// Peers whose `X-Forwarded-For` is believed (the reverse proxy).
    pub trusted_proxies: Arc<[IpAddr]>,
    /// Requests per minute per client address; None: no limit.
    pub rate: Option<Arc<RateLimiter>>,
    /// Send HSTS (the public address is https).
    pub https: bool,
}

/// The client address for [`ClientIp`]: the peer unless the peer is a trusted
/// proxy; then the last address in `X-Forwarded-For` (the one that proxy
/// added; earlier ones are the client's own say).
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    forwarded_for
        .and_then(|list| list.rsplit(',').next())
        .and_then(|last| last.trim().parse::<IpAddr>().ok())
        .unwrap_or(peer)
}

/// Static assets and the probes are not rate limited: a page loads several
/// assets, and a load balancer's probes must always get through.
fn is_exempt(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/health" || path == "/ready"
}

/// Client address, rate limit and body limit.
pub async fn limits(State(limits): State<Limits>, mut request: Request, next: Next) -> Response {
    let peer =
        request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = client_ip(peer, forwarded, &limits.trusted_proxies);
    request.extensions_mut().insert(ClientIp(client));
    if let Some(rate) = &limits.rate
        && !is_exempt(request.uri().path())
        && let Err(wait) = rate.check(client, Instant::now())
    {
        tracing::warn!(client = %client, "rate limit reached");
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut response = rate_limited(problem_locale(request.uri().path()), seconds).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return too_large(problem_locale(request.uri().path())).into_response();
    }
    // A body without a length (chunked) is cut off at the limit; the route
    // reading it then answers 413 itself.
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, MAX_BODY)));
    next.run(request).await
}

/// The language of the problems below: the request's (see
/// [`crate::language::locale`], a layer outside these), but English under the
/// JSON API, whose problem details are for developers and stay English.
pub fn problem_locale(path: &str) -> Locale {
    if path == "/api" || path.starts_with("/api/") { Locale::En } else { crate::language::current() }
}

/// 429: too many requests from one client address.
pub fn rate_limited(locale: Locale, seconds: u64) -> Problem {
    Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
        i18n::text(locale, "problem.rate_limited_title"),
        i18n::text_with(locale, "problem.rate_limited", &[("seconds", &seconds.to_string())]),
    )
}

/// 413: a body over [`MAX_BODY`].
pub fn too_large(locale: Locale) -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        i18n::text(locale, "problem.too_large_title"),
        i18n::text_with(locale, "problem.too_large", &[("megabytes", &(MAX_BODY / (1024 * 1024)).to_string())]),
    )
}

/// 503: a request that took longer than [`REQUEST_TIMEOUT`].
pub fn timed_out(locale: Locale) -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "timeout",
        i18n::text(locale, "problem.timeout_title"),
        i18n::text(locale, "problem.timeout"),
    )
}

/// Bounds how long a request may take.
pub async fn timeout(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(path = %crate::telemetry::loggable_path(&path), "request timed out");
            timed_out(problem_locale(&path)).into_response()
        }
    }
}

/// The Content-Security-Policy for a response whose inline scripts carry `nonce`.
///
/// Leptos hydrates with one inline module script (carrying the nonce) that
/// imports `/pkg/leernet.js` and instantiates the WebAssembly, which needs
/// `'wasm-unsafe-eval'`. No `'unsafe-inline'` for scripts or styles. No
/// `form-action`: browsers apply it to the redirect after a post, and a
/// payment form redirects to the payment provider.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         frame-ancestors 'none'"
    )
}

/// Makes a nonce per request (for Leptos, see [`provide_csp_nonce`]) and sets
/// the security headers on every response that has not set its own.
pub async fn security_headers(State(limits): State<Limits>, mut request: Request, next: Next) -> Response {
    let nonce: Arc<str> = uuid::Uuid::new_v4().simple().to_string().into();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &str| {
        if !headers.contains_key(&name)
            && let Ok(value) = HeaderValue::from_str(value)
        {
            headers.insert(name, value);
        }
    };
    // A 304 carries no policy: the browser keeps the one it stored with the
    // page, whose nonce its copy of the page carries (crate::page_cache).
    if !not_modified {
        set(header::CONTENT_SECURITY_POLICY, &content_security_policy(&nonce));
    }
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    // The door's scanner page sets its own, which allows the camera.
    set(HeaderName::from_static("permissions-policy"), &app::components::camera::permissions_policy(false));
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if limits.https {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    response
}

/// Gives the page being rendered the request's nonce, so Leptos' hydration
/// scripts carry the one the Content-Security-Policy allows. Called in the
/// Leptos routes' context (after leptos_axum provided the request's parts and
/// its own random nonce, which this replaces).
pub fn provide_csp_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(parts) = use_context::<http::request::Parts>()
        && let Some(CspNonce(nonce)) = parts.extensions.get::<CspNonce>()
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.clone()));
    }
}

/// A token bucket per client address: `per_minute` requests as a burst,
/// refilled at `per_minute` a minute.
///
/// Per process, on purpose: it is flood protection, checked on every request,
/// and a database round trip per request would cost more than the flood. With
/// N processes behind a proxy a client gets N times the rate at most. The
/// limits that matter (sign-in links and password tries per address and per
/// e-mail) are counted in the database, shared by every process.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<domain::limits::ClientKey, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Addresses remembered before full buckets are forgotten.
const MAX_TRACKED: usize = 10_000;

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter { per_minute: per_minute.max(1), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `client`, or says how long until there is one.
    pub fn check(&self, client: impl Into<domain::limits::ClientKey>, now: Instant) -> Result<(), Duration> {
        let client = client.into();
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let Ok(mut buckets) = self.buckets.lock() else {
            // A poisoned lock (a panic elsewhere) must not take the site down.
            return Ok(());
        };
        if buckets.len() >= MAX_TRACKED {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity);
        }
        let bucket = buckets.entry(client).or_insert(Bucket { tokens: capacity, at: now });
        let refilled = bucket.tokens + now.saturating_duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = refilled.min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_kept_only_when_well_formed() {
        assert_eq!(sanitise_request_id(" abc-123_x.y:z "), Some("abc-123_x.y:z"));
        assert_eq!(sanitise_request_id(""), None);
        assert_eq!(sanitise_request_id("a b"), None);
        assert_eq!(sanitise_request_id("evil\"}"), None);
        assert_eq!(sanitise_request_id(&"a".repeat(MAX_REQUEST_ID)).map(str::len), Some(MAX_REQUEST_ID));
        assert_eq!(sanitise_request_id(&"a".repeat(MAX_REQUEST_ID + 1)), None);
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let header = Some("1.2.3.4, 203.0.113.7");
        assert_eq!(client_ip(proxy, header, &[proxy]), client);
        assert_eq!(client_ip(proxy, header, &[]), proxy);
        assert_eq!(client_ip(client, Some("10.9.9.9"), &[proxy]), client);
        assert_eq!(client_ip(proxy, Some("garbage"), &[proxy]), proxy);
        assert_eq!(client_ip(proxy, None, &[proxy]), proxy);
    }

    #[test]
    fn a_bucket_empties_and_refills() {
        let limiter = RateLimiter::new(60);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check(a, start).is_ok());
        }
        let wait = limiter.check(a, start).unwrap_err();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(limiter.check(b, start).is_ok(), "another address has its own bucket");
        assert!(limiter.check(a, start + Duration::from_secs(1)).is_ok(), "one a second comes back");
        assert!(limiter.check(a, start + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn the_policy_allows_the_nonce_and_wasm_but_no_inline_code() {
        let csp = content_security_policy("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
