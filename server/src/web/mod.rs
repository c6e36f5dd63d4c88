//! The web edge of the HTML form posts (and the downloads next to them): who
//! is asking, for which organiser, with which form token, and every answer
//! that is not the happy one. A handler takes what it needs as extractors
//!
//! - [`SignedIn`]: the signed-in viewer (no session: to the sign-in page);
//! - [`Staff`]: the posted form of the staff, an admin ([`Admins`]) or the
//!   door ([`Door`]) of the organiser in the path, its form token checked;
//! - [`Posted`]: the posted form of anyone signed in, its token checked;
//! - [`Path`] with [`Id`] and [`Code`]: positive ids and 64-hex codes from
//!   the path (anything else: 404);
//!
//! and returns `Result<_, WebError>`: 404, 403, the sign-in page, the page
//! again with what was typed and the errors (422), 413 and 500 (logged once,
//! with the request id) are each one variant of [`WebError`], and the store's
//! errors turn into the 500 with `?`. The page a form answers with is
//! rendered by [`render_pages`], a layer, from a [`Page`] (or a
//! [`WebError::Invalid`]) the handler returns.
//!
//! Who may do what is decided in one place for these posts and for the app's
//! server functions: `store::backoffice::may`.
//!
//! The JSON API answers with `crate::problem::Problem` instead.

mod downloads;
mod error;
mod extract;
mod page;

pub use domain::accounts::Action;
pub use downloads::{YearQuery, csv_download, download, language};
pub use error::WebError;
pub use extract::{
    AdminPage, Admins, AnyStaff, Code, DEFAULT_LIMIT, Door, Id, Need, Path, Posted, SignedIn, Staff, body_bytes,
    read_body, read_form, signed_in, staff_of,
};
pub use page::{Page, render_pages};

/// Compares secrets without telling by timing how much of them matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `given` is the viewer's form token (field `csrf`): the same rule
/// for every form post.
pub fn form_token_ok(viewer: &domain::accounts::Viewer, given: &str) -> bool {
    constant_time_eq(viewer.csrf_token.as_bytes(), given.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn constant_time_comparison() {
        assert!(super::constant_time_eq(b"abc", b"abc"));
        assert!(!super::constant_time_eq(b"abc", b"abd"));
        assert!(!super::constant_time_eq(b"abc", b"ab"));
    }
}
