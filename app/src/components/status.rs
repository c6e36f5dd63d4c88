//! Loading and error states shared by all pages.

use crate::error::{AppError, set_response_status};
use crate::i18n::{tr, tr_with};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading container" role="status">{tr("status.loading")}</p> }
}

/// A page's data as the page shows it: "loading" until the resource is in,
/// the error page (with its status) when it failed, else `render` of it.
/// Every page that loads one thing starts here.
///
/// `render` gives an `AnyView`: a page's view type is enormous, and as a
/// type parameter here it would be spelled out in every symbol name.
pub fn loaded<T>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Shows an error as a page of its own and gives the response its status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    set_response_status(&error);
    let title = match &error {
        AppError::NotFound(_) => tr("error.not_found"),
        AppError::SignInRequired => tr("error.sign_in_required"),
        AppError::BadRequest { .. } => tr("error.bad_request"),
        AppError::Internal | AppError::Transport(_) => tr("error.internal"),
    };
    let detail = match &error {
        AppError::NotFound(message) => message.clone(),
        AppError::SignInRequired => tr("error.sign_in_required_detail").to_string(),
        AppError::BadRequest { parameter, message } => {
            tr_with("error.bad_request_detail", &[("parameter", parameter), ("message", message)])
        }
        AppError::Internal => tr("error.internal_detail").to_string(),
        AppError::Transport(message) => tr_with("error.transport_detail", &[("message", message)]),
    };
    view! {
        <Title text=title/>
        <section class="container error-page" aria-labelledby="error-title">
            <p class="error-code">{error.status_code()}</p>
            <h1 id="error-title">{title}</h1>
            <p class="error-detail">{detail}</p>
            {if error == AppError::SignInRequired {
                view! { <p><a class="button" href=domain::paths::SIGN_IN>{tr("status.sign_in")}</a></p> }.into_any()
            } else {
                view! { <p><a class="button" href="/">{tr("status.to_offer")}</a></p> }.into_any()
            }}
        </section>
    }
}
