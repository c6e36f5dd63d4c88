//! The page a form post answers with, rendered from what was posted instead
//! of the database: after a form with errors (422), a preview (200), a
//! "one more row" (200). A handler returns a [`Page`] (or
//! [`super::WebError::Invalid`]); [`render_pages`], a layer around the
//! routes, renders it for the same address, in the visitor's language and
//! with the response's script nonce. By then the handler has finished, so
//! its transaction is rolled back and the page's own queries have the
//! connections. The same layer logs a 500's cause with the request id.

use super::error::Failure;
use app::forms::{FormState, Resubmission};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

/// The page at the post's own address, rendered from `form`, with `status`.
/// Headers set on this response are kept on the page's.
#[derive(Debug, Clone)]
pub struct Page {
    form: FormState,
    status: StatusCode,
}

impl Page {
    pub fn new(form: FormState, status: StatusCode) -> Page {
        Page { form, status }
    }
}

/// A page still to render, from the handler to [`render_pages`].
#[derive(Debug, Clone)]
pub(super) struct Pending(Box<Page>);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(Pending(Box::new(self)));
        response
    }
}

/// The layer: renders a [`Page`] a handler answered with, and logs the cause
/// of a [`super::WebError::Internal`] (once, with the request id). Anything
/// else passes untouched.
pub async fn render_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Only a post answers with a page; a GET's headers are not worth copying.
    let asked = (request.method() != Method::GET && request.method() != Method::HEAD).then(|| Asked {
        uri: request.uri().clone(),
        headers: request.headers().clone(),
        nonce: request.extensions().get::<crate::operations::CspNonce>().cloned(),
        locale: request.extensions().get::<domain::i18n::Locale>().copied(),
    });
    let request_id = request.extensions().get::<crate::operations::RequestId>().map(|id| id.0.clone());
    let mut response = next.run(request).await;
    if let Some(Failure(cause)) = response.extensions_mut().remove::<Failure>() {
        tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), error = %cause, "form post failed");
    }
    let Some(Pending(page)) = response.extensions_mut().remove::<Pending>() else { return response };
    let Some(asked) = asked else { return response };
    let mut rendered = render(&state, asked, *page).await;
    for (name, value) in response.headers() {
        rendered.headers_mut().insert(name, value.clone());
    }
    rendered
}

/// What the page is rendered for: the post's address, headers and extensions.
struct Asked {
    uri: Uri,
    headers: HeaderMap,
    nonce: Option<crate::operations::CspNonce>,
    locale: Option<domain::i18n::Locale>,
}

async fn render(state: &AppState, asked: Asked, page: Page) -> Response {
    let mut request = axum::http::Request::builder().method(Method::GET).uri(asked.uri);
    for (name, value) in &asked.headers {
        // The page is rendered as for a GET; a body length would be wrong.
        if name != axum::http::header::CONTENT_LENGTH && name != axum::http::header::CONTENT_TYPE {
            request = request.header(name, value);
        }
    }
    let mut request = match request.body(Body::empty()) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "rendering a form's page failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, crate::language::tr("refused.server_error")).into_response();
        }
    };
    // The page's inline scripts carry the nonce of this response's CSP header.
    if let Some(nonce) = asked.nonce {
        request.extensions_mut().insert(nonce);
    }
    // And in the visitor's language.
    if let Some(locale) = asked.locale {
        request.extensions_mut().insert(locale);
    }
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    let Page { form, status } = page;
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context_state.clone());
            provide_context(Resubmission(form.clone()));
            crate::operations::provide_csp_nonce();
        },
        move || app::shell(options.clone()),
    );
    let mut response = render(request).await;
    if response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}
