//! A form that posts with the session's form token.
//!
//! Every signed-in form post carries the token in a hidden `csrf` field; the
//! server refuses a post without the viewer's own token
//! (`server/src/forms.rs`). Forms of visitors without a session (sign-in,
//! booking confirmation, a ticket's links) post without one and stay plain
//! `<form>`s.

use domain::forms::fields::FORM_TOKEN;
use leptos::prelude::*;

/// `<form method="post">` with the hidden `csrf` input first, then `children`.
#[component]
pub fn PostForm(
    /// The session's form token.
    #[prop(into)]
    csrf: String,
    /// Where the form posts; without it, to the page's own address.
    #[prop(optional, into)]
    action: Option<String>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] id: Option<&'static str>,
    /// The id of the heading that names the form.
    #[prop(optional)]
    labelledby: Option<&'static str>,
    /// `multipart/form-data` for a file upload.
    #[prop(optional)]
    enctype: Option<&'static str>,
    /// The server checks the fields and answers in the page's words, not the browser's.
    #[prop(optional)]
    novalidate: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=action class=class id=id aria-labelledby=labelledby enctype=enctype novalidate=novalidate>
            <input type="hidden" name=FORM_TOKEN value=csrf/>
            {children()}
        </form>
    }
}
