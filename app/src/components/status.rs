//! Loading and error states shared by all pages.

use crate::error::{AppError, set_response_status};
use crate::i18n::tr;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading container" role="status">{tr("status.loading")}</p> }
}

/// Shows an error as a page of its own and gives the response its status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    set_response_status(&error);
    let title = error.title_nl();
    let detail = match &error {
        AppError::BadRequest { parameter, message } => format!("De waarde voor «{parameter}» klopt niet: {message}."),
        other => other.to_string(),
    };
    view! {
        <Title text=title/>
        <section class="container error-page" aria-labelledby="error-title">
            <p class="error-code">{error.status_code()}</p>
            <h1 id="error-title">{title}</h1>
            <p class="error-detail">{detail}</p>
            {if error == AppError::SignInRequired {
                view! { <p><a class="button" href="/aanmelden">{tr("status.sign_in")}</a></p> }.into_any()
            } else {
                view! { <p><a class="button" href="/">{tr("status.to_offer")}</a></p> }.into_any()
            }}
        </section>
    }
}
