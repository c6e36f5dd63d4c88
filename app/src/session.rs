//! The session cookie: its name, how to read it and how to write it.

use http::HeaderMap;

pub const SESSION_COOKIE: &str = "leernet_session";

/// The session id from the request's Cookie header(s), if any.
pub fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A Set-Cookie value for a new session (HttpOnly, SameSite=Lax, Secure on https).
pub fn set_cookie(session_id: &str, secure: bool, max_age_seconds: i64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}")
}

pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", secure, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_well_formed_session_cookies() {
        let mut h = HeaderMap::new();
        h.append(http::header::COOKIE, "a=1; leernet_session=abc123; b=2".parse().unwrap());
        assert_eq!(session_id(&h).as_deref(), Some("abc123"));
        let mut h = HeaderMap::new();
        h.append(http::header::COOKIE, "leernet_session=<script>".parse().unwrap());
        assert_eq!(session_id(&h), None);
        assert_eq!(session_id(&HeaderMap::new()), None);
    }

    #[test]
    fn cookies_are_locked_down() {
        let c = set_cookie("ab", true, 60);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure") && c.contains("Path=/"));
        assert!(!set_cookie("ab", false, 60).contains("Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }
}
