//! Sign-in by e-mailed link, sign-out, and the cross-site request guard.
//! Plain HTML form posts answered with 303 redirects, so they work without
//! JavaScript; the pages they redirect to live in `app::pages::account`.

use crate::operations::ClientIp;
use crate::web::{SignedIn, WebError, form_token_ok};
use app::session::{clear_cookie, session_id, set_cookie};
use app::state::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use chrono::Duration;
use domain::Email;
use domain::email::EmailError;
use domain::forms::fields::password;
use domain::mail::OutgoingMail;
use domain::paths;
use domain::sign_in::PasswordChange;
use serde::Deserialize;

/// Links per client address are counted over this window (at most
/// `RegistrationLimits::sign_in_links_per_client`, against someone spraying
/// addresses). Per address, `domain::sign_in::next_link` decides: it slows
/// repeats without locking the person out.
const RATE_WINDOW: Duration = Duration::minutes(15);

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::SIGN_IN), post(request_link))
        .route(&paths::axum(paths::route::SIGN_IN_CONFIRM), post(confirm_link))
        .route(&paths::axum(paths::route::SIGN_OUT), post(sign_out))
        .route(&paths::axum(paths::route::SIGN_IN_PASSWORD), post(sign_in_with_password))
        .route(&paths::axum(paths::route::ACCOUNT_PASSWORD), post(change_password))
}

/// Attempts with a password per address and per client address, per window.
const PASSWORD_TRIES_PER_EMAIL: u64 = 10;
const PASSWORD_TRIES_PER_IP: u64 = 30;

/// The forms here are read by serde: their fields carry the names of
/// `domain::forms::fields::{sign_in, password}` (see the tests below).
#[derive(Deserialize)]
struct PasswordSignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    wachtwoord: String,
}

fn back_to_password_form(code: &str, email: &str) -> Response {
    let query =
        serde_urlencoded::to_string([("fout", code), ("email", email), ("met", "wachtwoord")]).unwrap_or_default();
    Redirect::to(&format!("{}?{query}", paths::SIGN_IN)).into_response()
}

/// Staff who chose a password sign in with it; everyone else uses the link.
async fn sign_in_with_password(
    State(state): State<AppState>,
    axum::Extension(ClientIp(client)): axum::Extension<ClientIp>,
    form: Result<Form<PasswordSignInForm>, FormRejection>,
) -> Result<Response, WebError> {
    let PasswordSignInForm { email: raw, wachtwoord } =
        form.map(|f| f.0).unwrap_or(PasswordSignInForm { email: String::new(), wachtwoord: String::new() });
    let Ok(email) = Email::parse(&raw) else { return Ok(back_to_password_form("email-ongeldig", raw.trim())) };
    let now = state.clock.now();
    for (bucket, max) in [
        (format!("password:email:{email}"), PASSWORD_TRIES_PER_EMAIL),
        (format!("password:ip:{}", ClientIp(client).key()), PASSWORD_TRIES_PER_IP),
    ] {
        if !store::accounts::rate_limit(&state.db, &bucket, now, RATE_WINDOW, max).await? {
            return Ok(back_to_password_form("te-veel-pogingen", email.as_str()));
        }
    }
    let (person, stored) = match store::accounts::password_hash_of(&state.db, &email).await? {
        Some((id, hash)) => (Some(id), hash),
        None => (None, None),
    };
    // Verifying takes tens of milliseconds of CPU: keep it off the async workers.
    let verified =
        tokio::task::spawn_blocking(move || store::accounts::verify_password(stored.as_deref(), &wachtwoord))
            .await
            .unwrap_or(false);
    let Some(person) = person.filter(|_| verified) else {
        return Ok(back_to_password_form("wachtwoord", email.as_str()));
    };
    let session = store::accounts::create_session(&state.db, person, now).await?;
    let cookie = set_cookie(&session, secure(&state), store::accounts::SESSION_TTL.num_seconds());
    Ok(with_cookie(Redirect::to(paths::ACCOUNT).into_response(), &cookie))
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    actie: String,
    #[serde(default)]
    huidig: String,
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    herhaling: String,
}

/// Sets, changes or removes the signed-in staff member's password. Setting or
/// changing it asks for the current one, or a sign-in by link in the last
/// minutes (`domain::sign_in::password_change`); it ends every other session.
async fn change_password(
    State(state): State<AppState>,
    axum::Extension(ClientIp(client)): axum::Extension<ClientIp>,
    SignedIn(viewer): SignedIn,
    headers: HeaderMap,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, WebError> {
    let sid = session_id(&headers).ok_or(WebError::SignIn)?;
    let Ok(Form(mut form)) = form else {
        return Ok(Redirect::to(&format!("{}?fout=wachtwoord-formulier", paths::ACCOUNT)).into_response());
    };
    if !form_token_ok(&viewer, &form.csrf) {
        return Err(WebError::FormToken);
    }
    if !viewer.may_have_password() {
        return Err(WebError::Forbidden("refused.password_staff_only"));
    }
    let back = |query: &str| Ok(Redirect::to(&format!("{}?{query}#wachtwoord", paths::ACCOUNT)).into_response());
    if form.actie == password::REMOVE {
        store::accounts::clear_password(&state.db, viewer.person_id).await?;
        return back("melding=wachtwoord-weg");
    }
    let password = match domain::password::Password::parse(&form.wachtwoord) {
        Ok(p) => p,
        Err(domain::password::PasswordError::TooShort) => return back("fout=wachtwoord-kort"),
        Err(domain::password::PasswordError::TooLong) => return back("fout=wachtwoord-lang"),
    };
    if form.herhaling != form.wachtwoord {
        return back("fout=wachtwoord-verschilt");
    }
    let now = state.clock.now();
    let link_signed_in_at = store::accounts::link_signed_in_at(&state.db, &sid).await?;
    match domain::sign_in::password_change(viewer.has_password, link_signed_in_at, now) {
        PasswordChange::Allowed => {}
        PasswordChange::NeedsLinkSignIn => return back("fout=link-nodig"),
        PasswordChange::NeedsCurrentPassword if form.huidig.is_empty() => return back("fout=huidig-nodig"),
        PasswordChange::NeedsCurrentPassword => {
            // Counted like a password sign-in: a stolen session cannot guess on.
            for (bucket, max) in [
                (format!("password:email:{}", viewer.email), PASSWORD_TRIES_PER_EMAIL),
                (format!("password:ip:{}", ClientIp(client).key()), PASSWORD_TRIES_PER_IP),
            ] {
                if !store::accounts::rate_limit(&state.db, &bucket, now, RATE_WINDOW, max).await? {
                    return back("fout=huidig-te-veel");
                }
            }
            let stored = store::accounts::password_hash_of(&state.db, &viewer.email).await?.and_then(|(_, hash)| hash);
            let current = std::mem::take(&mut form.huidig);
            let verified =
                tokio::task::spawn_blocking(move || store::accounts::verify_password(stored.as_deref(), &current))
                    .await
                    .unwrap_or(false);
            if !verified {
                return back("fout=huidig-fout");
            }
        }
    }
    // Hashing takes a noticeable moment of CPU: keep it off the async workers.
    let hash = tokio::task::spawn_blocking(move || store::accounts::hash_password(&password))
        .await?
        .map_err(WebError::internal)?;
    store::accounts::change_password(&state.db, viewer.person_id, &hash, &sid).await?;
    back("melding=wachtwoord-bewaard")
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
}

fn back_to_form(code: &str, email: &str) -> Response {
    let query = serde_urlencoded::to_string([("fout", code), ("email", email)]).unwrap_or_default();
    Redirect::to(&format!("{}?{query}", paths::SIGN_IN)).into_response()
}

/// Back to the form, saying in how many minutes a new link can be asked.
fn too_many_links(email: &Email, wait: Duration) -> Response {
    let minutes = domain::sign_in::minutes_to_say(wait).to_string();
    let query =
        serde_urlencoded::to_string([("fout", "te-veel"), ("email", email.as_str()), ("minuten", minutes.as_str())])
            .unwrap_or_default();
    Redirect::to(&format!("{}?{query}", paths::SIGN_IN)).into_response()
}

async fn request_link(
    State(state): State<AppState>,
    axum::Extension(ClientIp(client)): axum::Extension<ClientIp>,
    locale: Option<axum::Extension<domain::i18n::Locale>>,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, WebError> {
    let locale = locale.map(|l| l.0).unwrap_or_default();
    let raw = form.map(|f| f.0.email).unwrap_or_default();
    let email = match Email::parse(&raw) {
        Ok(e) => e,
        Err(EmailError::Empty) => return Ok(back_to_form("email-leeg", "")),
        Err(_) => return Ok(back_to_form("email-ongeldig", raw.trim())),
    };
    let now = state.clock.now();
    // The client first: a refused sprayer uses up no one's allowance.
    let client_bucket = format!("sign-in:ip:{}", ClientIp(client).key());
    if !store::accounts::rate_limit(
        &state.db,
        &client_bucket,
        now,
        RATE_WINDOW,
        state.settings.registration_limits.sign_in_links_per_client,
    )
    .await?
    {
        return Ok(too_many_links(&email, RATE_WINDOW));
    }
    // The same answer whether or not the address is known.
    if let Err(wait) = store::accounts::link_allowance(&state.db, &format!("sign-in:email:{email}"), now).await? {
        return Ok(too_many_links(&email, wait));
    }
    let token = store::accounts::create_sign_in_token(&state.db, &email, now).await?;
    let link = format!("{}/aanmelden/{token}", state.settings.base_url);
    let subject = domain::i18n::text(locale, "mail.sign_in_subject");
    let (text_body, html_body) = crate::mail::render_in(
        locale,
        None,
        subject,
        &[
            domain::i18n::text(locale, "mail.sign_in").to_string(),
            domain::i18n::text(locale, "mail.sign_in_ignore").to_string(),
        ],
        Some((domain::i18n::text(locale, "mail.sign_in_button"), &link)),
    );
    let mail = OutgoingMail {
        organiser_id: None,
        to: email.clone(),
        to_name: None,
        subject: subject.to_string(),
        text_body,
        html_body,
        attachments: Vec::new(),
    };
    store::mail::enqueue(&state.db, &mail, now).await?;
    state.mail_wake.notify_one();
    let query = serde_urlencoded::to_string([("verstuurd", "1"), ("email", email.as_str())]).unwrap_or_default();
    Ok(Redirect::to(&format!("{}?{query}", paths::SIGN_IN)).into_response())
}

#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    token: String,
}

async fn confirm_link(
    State(state): State<AppState>,
    form: Result<Form<ConfirmForm>, FormRejection>,
) -> Result<Response, WebError> {
    let token = form.map(|f| f.0.token).unwrap_or_default();
    let now = state.clock.now();
    let Ok(email) = store::accounts::consume_sign_in_token(&state.db, &token, now).await? else {
        return Ok(back_to_form("link", ""));
    };
    let person = store::accounts::find_or_create_person(&state.db, &email, now).await?;
    let session = store::accounts::create_link_session(&state.db, person.id, now).await?;
    let cookie = set_cookie(&session, secure(&state), store::accounts::SESSION_TTL.num_seconds());
    Ok(with_cookie(Redirect::to(paths::ACCOUNT).into_response(), &cookie))
}

#[derive(Deserialize)]
struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SignOutForm>, FormRejection>,
) -> Result<Response, WebError> {
    // Signed out already: nothing to do but go home.
    let Some(sid) = session_id(&headers) else { return Ok(Redirect::to("/").into_response()) };
    let viewer = store::accounts::viewer(&state.db, &sid, state.clock.now()).await?;
    let given = form.map(|f| f.0.csrf).unwrap_or_default();
    // A session that ended meanwhile has no token to check: its cookie goes.
    if viewer.is_some_and(|v| !form_token_ok(&v, &given)) {
        return Err(WebError::FormToken);
    }
    store::accounts::delete_session(&state.db, &sid).await?;
    Ok(with_cookie(Redirect::to("/").into_response(), &clear_cookie(secure(&state))))
}

fn secure(state: &AppState) -> bool {
    state.settings.base_url.starts_with("https://")
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Refuses state-changing requests that a browser sent from another site: the
/// `Origin` header, when present, must be this site (the public base URL or
/// the Host the request came to). Together with SameSite=Lax cookies and the
/// per-session token in forms this is the CSRF defence.
pub async fn same_origin_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && let Some(origin) = request.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let matches_base = origin == state.settings.base_url.trim_end_matches('/');
        let matches_host =
            !host.is_empty() && (origin == format!("http://{host}") || origin == format!("https://{host}"));
        if !(matches_base || matches_host) {
            tracing::warn!(%origin, "cross-site request refused");
            return (StatusCode::FORBIDDEN, crate::language::tr("refused.cross_site")).into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    //! serde names the fields after the structs' own; these keep them the
    //! names the pages post.
    use super::*;
    use domain::forms::fields::{self, sign_in};

    fn read<T: serde::de::DeserializeOwned>(pairs: &[(&str, &str)]) -> T {
        serde_urlencoded::from_str(&serde_urlencoded::to_string(pairs).expect("pairs")).expect("the form")
    }

    #[test]
    fn the_forms_read_the_names_the_pages_post() {
        let f: PasswordSignInForm = read(&[(sign_in::EMAIL, "a@b.be"), (sign_in::PASSWORD, "geheim")]);
        assert_eq!((f.email.as_str(), f.wachtwoord.as_str()), ("a@b.be", "geheim"));
        let f: SignInForm = read(&[(sign_in::EMAIL, "a@b.be")]);
        assert_eq!(f.email, "a@b.be");
        let f: ConfirmForm = read(&[(sign_in::TOKEN, "t")]);
        assert_eq!(f.token, "t");
        let f: SignOutForm = read(&[(fields::FORM_TOKEN, "c")]);
        assert_eq!(f.csrf, "c");
        let f: PasswordForm = read(&[
            (fields::FORM_TOKEN, "c"),
            (fields::ACTION, password::REMOVE),
            (password::CURRENT, "oud"),
            (password::NEW, "nieuw"),
            (password::REPEAT, "nog eens"),
        ]);
        assert_eq!(
            [f.csrf.as_str(), f.actie.as_str(), f.huidig.as_str(), f.wachtwoord.as_str(), f.herhaling.as_str()],
            ["c", password::REMOVE, "oud", "nieuw", "nog eens"]
        );
    }
}
