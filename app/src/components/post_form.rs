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
    let token = view! { <input type="hidden" name=FORM_TOKEN value=csrf/> };
    // Leptos writes `class=""` for a class of `None` (other attributes it
    // leaves out), so a form without classes gets no class attribute at all.
    match class {
        Some(class) => view! {
            <form method="post" action=action class=class id=id aria-labelledby=labelledby enctype=enctype novalidate=novalidate>
                {token}
                {children()}
            </form>
        }
        .into_any(),
        None => view! {
            <form method="post" action=action id=id aria-labelledby=labelledby enctype=enctype novalidate=novalidate>
                {token}
                {children()}
            </form>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The component writes what the pages wrote by hand.
    #[test]
    fn renders_the_form_the_pages_wrote() {
        let owner = Owner::new();
        owner.with(|| {
            let by_hand = view! {
                <form method="post" action="/beheer/o/mensen" class="stacked-form" aria-labelledby="uitnodigen" novalidate>
                    <input type="hidden" name="csrf" value="t0k3n"/>
                    <button type="submit">"Uitnodigen"</button>
                </form>
            }
            .to_html();
            let component = view! {
                <PostForm action="/beheer/o/mensen" class="stacked-form" labelledby="uitnodigen" novalidate=true csrf="t0k3n">
                    <button type="submit">"Uitnodigen"</button>
                </PostForm>
            }
            .to_html();
            assert_eq!(component, by_hand);
            let bare = view! {
                <PostForm csrf="t"><button type="submit">"Ja"</button></PostForm>
            }
            .to_html();
            assert_eq!(bare, r#"<form method="post"><input type="hidden" name="csrf" value="t"><button type="submit">Ja</button></form>"#);
        });
    }
}
