//! The extractors of the form handlers: who asks, for which organiser, with
//! which form, and the ids and codes in the path. Each refuses with a
//! [`WebError`], in the order the checks have always had: the body's size
//! (413), a session (sign-in page), a role at the organiser (404: others'
//! organisers do not exist for them), the form token (403), then the shared
//! check of what the role may (`store::backoffice::may`: 404, or 403 for
//! staff asking what only admins may).

use super::{WebError, form_token_ok};
use app::session::session_id;
use app::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use domain::accounts::{Action, Viewer};
use domain::forms::RawForm;
use domain::listing::OrganiserRef;
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;
use std::marker::PhantomData;
use store::backoffice::Decision;

/// The body limit of a form that sets none: axum's own default, which the
/// handlers reading `Bytes` had.
pub const DEFAULT_LIMIT: usize = 2 * 1024 * 1024;

/// The pairs of an `application/x-www-form-urlencoded` body. Undecodable
/// bytes become U+FFFD rather than an error: the validation that follows
/// names the field.
pub fn read_form(body: &Bytes) -> RawForm {
    RawForm::new(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// A post's body, at most `limit` bytes; a larger one is refused (413) with
/// the text of `too_large`.
pub async fn body_bytes(body: Body, limit: usize, too_large: &'static str) -> Result<Bytes, WebError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        tracing::info!(error = %e, "form post refused");
        WebError::TooLarge(too_large)
    })
}

/// The form in a post's body; a body over `limit` bytes gets 413.
pub async fn read_body(body: Body, limit: usize) -> Result<RawForm, WebError> {
    Ok(read_form(&body_bytes(body, limit, "refused.form_too_large").await?))
}

/// The signed-in person; `None` without a (live) session.
async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Option<Viewer>, WebError> {
    let Some(sid) = session_id(headers) else { return Ok(None) };
    Ok(store::accounts::viewer(&state.db, &sid, state.clock.now()).await?)
}

/// The signed-in person; without a (live) session, the sign-in page.
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Viewer, WebError> {
    viewer(state, headers).await?.ok_or(WebError::SignIn)
}

/// The signed-in viewer. As `Option<SignedIn>`, `None` without a session
/// (for a download, which answers 401 rather than the sign-in page).
pub struct SignedIn(pub Viewer);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        signed_in(state, &parts.headers).await.map(SignedIn)
    }
}

impl OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, WebError> {
        Ok(viewer(state, &parts.headers).await?.map(SignedIn))
    }
}

/// What a form route asks of the poster (see [`Staff`]).
pub trait Need: Send + Sync + 'static {
    /// The 403's text for staff who are not admins, when only admins may.
    const ADMINS_ONLY: &'static str = "refused.not_found";
    /// The action, for the event in the path (0 when there is none).
    fn action(event_id: i32) -> Action;
}

/// Staff of the organiser: its admins and staff, and platform admins.
pub struct AnyStaff;

impl Need for AnyStaff {
    fn action(_: i32) -> Action {
        Action::Manage
    }
}

/// The door of the organiser's event in the path: its staff, and its
/// scanners (door volunteers) at its published events.
pub struct Door;

impl Need for Door {
    fn action(event_id: i32) -> Action {
        Action::WorkDoor { event_id }
    }
}

/// A page only the organiser's admins may post to, and why (for staff).
pub trait AdminPage: Send + Sync + 'static {
    /// The text of the 403 staff get: the page's own explanation.
    const REFUSAL: &'static str;
}

/// Only the organiser's admins (and platform admins); staff get 403 with
/// `P`'s explanation.
pub struct Admins<P>(PhantomData<P>);

impl<P: AdminPage> Need for Admins<P> {
    const ADMINS_ONLY: &'static str = P::REFUSAL;
    fn action(_: i32) -> Action {
        Action::Administer
    }
}

/// A form posted by someone `N` allows at the organiser in the path
/// (`{organiser}`), its body at most `LIMIT` bytes and its token checked.
pub struct Staff<N: Need = AnyStaff, const LIMIT: usize = DEFAULT_LIMIT> {
    pub viewer: Viewer,
    pub organiser_id: i32,
    pub organiser: OrganiserRef,
    pub form: RawForm,
    need: PhantomData<N>,
}

impl<N: Need, const LIMIT: usize> FromRequest<AppState> for Staff<N, LIMIT> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let form = read_body(body, LIMIT).await?;
        let params = <axum::extract::Path<HashMap<String, String>> as FromRequestParts<_>>::from_request_parts(
            &mut parts, state,
        )
        .await
        .map_err(|_| WebError::NotFound)?
        .0;
        let slug = params.get("organiser").map(String::as_str).unwrap_or_default();
        // A door's event that is no id is no event of the organiser's.
        let event_id = params.get("event").and_then(|e| Id::parse(e)).map_or(0, |id| id.0);
        let (viewer, access) =
            staff_of(state, &parts.headers, slug, N::action(event_id), N::ADMINS_ONLY, &form).await?;
        Ok(Staff { viewer, organiser_id: access.organiser_id, organiser: access.organiser, form, need: PhantomData })
    }
}

/// The check of every staff form: signed in (else the sign-in page), a role
/// that may ask for `action` at `slug` (else 404), the form's token (else
/// 403), then what the role may (`store::backoffice::may`: 404, or 403 with
/// `admins_only`'s text).
pub async fn staff_of(
    state: &AppState,
    headers: &HeaderMap,
    slug: &str,
    action: Action,
    admins_only: &'static str,
    form: &RawForm,
) -> Result<(Viewer, store::backoffice::Access), WebError> {
    let viewer = signed_in(state, headers).await?;
    if !viewer.may_ask(action, slug) {
        return Err(WebError::NotFound);
    }
    if !form_token_ok(&viewer, form.get(domain::forms::fields::FORM_TOKEN)) {
        return Err(WebError::FormToken);
    }
    match store::backoffice::may(&state.db, &viewer, slug, action).await? {
        Decision::Allowed(access) => Ok((viewer, access)),
        Decision::AdminsOnly => Err(WebError::Forbidden(admins_only)),
        Decision::NotFound => Err(WebError::NotFound),
    }
}

/// A form posted by anyone signed in, its body at most `LIMIT` bytes and its
/// token checked.
pub struct Posted<const LIMIT: usize = DEFAULT_LIMIT> {
    pub viewer: Viewer,
    pub form: RawForm,
}

impl<const LIMIT: usize> FromRequest<AppState> for Posted<LIMIT> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (parts, body) = request.into_parts();
        let form = read_body(body, LIMIT).await?;
        let viewer = signed_in(state, &parts.headers).await?;
        if !form_token_ok(&viewer, form.get(domain::forms::fields::FORM_TOKEN)) {
            return Err(WebError::FormToken);
        }
        Ok(Posted { viewer, form })
    }
}

/// The path's parameters; any that do not parse (an [`Id`] that is no
/// positive number, a [`Code`] that is no code) make the address unknown: 404.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        match <axum::extract::Path<T> as FromRequestParts<S>>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(WebError::NotFound),
            Err(other) => Err(WebError::internal(other)),
        }
    }
}

/// A row's id as addresses and forms carry it: a positive number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Id(pub i32);

impl Id {
    pub fn parse(raw: &str) -> Option<Id> {
        raw.parse::<i32>().ok().filter(|id| *id > 0).map(Id)
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Id::parse(&raw).ok_or_else(|| serde::de::Error::custom("not a positive id"))
    }
}

/// A secret code in an address (a ticket's, an offer's, a payment's): 64
/// hexadecimal characters. Anything else names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(pub String);

impl Code {
    pub fn parse(raw: &str) -> Option<Code> {
        domain::registration::is_ticket_code(raw).then(|| Code(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Code::parse(&raw).ok_or_else(|| serde::de::Error::custom("not a code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use axum::routing::get;

    #[test]
    fn ids_are_positive_numbers() {
        assert_eq!(Id::parse("42"), Some(Id(42)));
        assert_eq!(Id::parse("+7"), Some(Id(7)), "as str::parse has it");
        for bad in ["0", "-1", "abc", "", "1.5", "99999999999", " 3"] {
            assert_eq!(Id::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_are_64_hexadecimal_characters() {
        let code = "0123456789abcdef".repeat(4);
        assert_eq!(Code::parse(&code).as_ref().map(Code::as_str), Some(code.as_str()));
        assert!(Code::parse(&code.to_uppercase()).is_some());
        for bad in [&code[1..], &format!("{code}0"), &"g".repeat(64), "", &"-".repeat(64)] {
            assert!(Code::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn forms_read_what_was_typed_and_bad_bytes_become_replacement_characters() {
        let form = read_form(&Bytes::from_static(b"naam=H%C3%A9l%C3%A8ne&csrf=abc&x=%FF"));
        assert_eq!((form.get("naam"), form.get("csrf")), ("Hélène", "abc"));
        assert_eq!(form.get_raw("x"), "\u{fffd}");
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_413() {
        let refused = body_bytes(Body::from(vec![b'a'; 11]), 10, "refused.form_too_large").await;
        assert!(matches!(refused, Err(WebError::TooLarge("refused.form_too_large"))));
        assert_eq!(read_body(Body::from("a=1"), 10).await.map(|f| f.get("a").to_string()).ok().as_deref(), Some("1"));
    }

    /// The path's ids, through a router as the handlers get them.
    async fn status_of(uri: &str) -> StatusCode {
        use tower::ServiceExt;
        async fn handler(Path((_, event)): Path<(String, Id)>) -> String {
            event.to_string()
        }
        async fn ticket(Path(code): Path<Code>) -> String {
            code.0
        }
        let router = axum::Router::new()
            .route("/beheer/{organiser}/activiteiten/{event}", get(handler))
            .route("/ticket/{code}", get(ticket));
        let request = axum::http::Request::get(uri).body(Body::empty()).unwrap();
        router.oneshot(request).await.map(|r| r.status()).unwrap_or(StatusCode::IM_A_TEAPOT)
    }

    #[tokio::test]
    async fn ids_and_codes_that_do_not_parse_make_the_address_unknown() {
        assert_eq!(status_of("/beheer/biz-kempen/activiteiten/12").await, StatusCode::OK);
        for bad in ["abc", "0", "-3", "1e3", "%20"] {
            assert_eq!(
                status_of(&format!("/beheer/biz-kempen/activiteiten/{bad}")).await,
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
        assert_eq!(status_of(&format!("/ticket/{}", "a".repeat(64))).await, StatusCode::OK);
        assert_eq!(status_of("/ticket/abc").await, StatusCode::NOT_FOUND);
        assert_eq!(WebError::NotFound.into_response().status(), StatusCode::NOT_FOUND);
    }
}
