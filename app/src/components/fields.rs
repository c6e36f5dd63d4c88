//! Labelled form fields with their error message, wired for screen readers
//! (`aria-invalid`, `aria-describedby`). Values and errors come from a
//! [`crate::forms::FormState`].

use crate::i18n::trn;
use leptos::prelude::*;

/// Leptos writes a textarea's text as it is (its content is raw text in
/// HTML), so `</textarea>` typed by a user would end the element: escape it.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{name}-hint"));
    }
    if error {
        ids.push(format!("{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn FieldMessages(name: String, hint: Option<String>, error: Option<String>) -> impl IntoView {
    view! {
        {hint.map(|h| view! { <p class="field-hint" id=format!("{name}-hint")>{h}</p> })}
        {error.map(|e| view! { <p class="field-error" id=format!("{name}-error")>{e}</p> })}
    }
}

/// A one-line input.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    /// `text`, `date`, `time`, `email`, `number`, `password`...
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] autocomplete: Option<String>,
    #[prop(optional, into)] inputmode: Option<String>,
    #[prop(optional, into)] class: Option<String>,
    /// Shown and posted, but not to be changed (a value fixed elsewhere).
    #[prop(optional)]
    readonly: bool,
) -> impl IntoView {
    let describedby = described_by(&name, hint.is_some(), error.is_some());
    let invalid = error.as_ref().map(|_| "true");
    let has_error = error.is_some();
    view! {
        <div class=format!("field {}", class.unwrap_or_default()) class:field-invalid=has_error>
            <label for=name.clone()>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <input
                id=name.clone()
                name=name.clone()
                type=kind
                value=value
                required=required
                readonly=readonly
                aria-invalid=invalid
                aria-describedby=describedby
                autocomplete=autocomplete
                inputmode=inputmode
            />
            <FieldMessages name hint error/>
        </div>
    }
}

/// A multi-line text.
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let describedby = described_by(&name, hint.is_some(), error.is_some());
    let invalid = error.as_ref().map(|_| "true");
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-invalid=has_error>
            <label for=name.clone()>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <textarea id=name.clone() name=name.clone() rows=rows required=required aria-invalid=invalid aria-describedby=describedby inner_html=escape_text(&value)></textarea>
            <FieldMessages name hint error/>
        </div>
    }
}

/// A choice from a list of (value, label) pairs.
#[component]
pub fn Select(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] value: String,
    options: Vec<(String, String)>,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] class: Option<String>,
) -> impl IntoView {
    let describedby = described_by(&name, hint.is_some(), error.is_some());
    let invalid = error.as_ref().map(|_| "true");
    let has_error = error.is_some();
    view! {
        <div class=format!("field {}", class.unwrap_or_default()) class:field-invalid=has_error>
            <label for=name.clone()>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <select id=name.clone() name=name.clone() required=required aria-invalid=invalid aria-describedby=describedby>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            <FieldMessages name hint error/>
        </div>
    }
}

/// A summary of a form's errors at its top, so a screen reader hears them first.
#[component]
pub fn ErrorSummary(count: usize) -> impl IntoView {
    (count > 0).then(|| {
        let text = trn("fields.errors", count);
        view! { <p class="notice notice-warning" role="alert">{text}</p> }
    })
}
