//! Privacy pages: "Mijn gegevens" on `/mijn` (download, erase), the erase
//! page `/mijn/verwijderen` and its confirmation `/mijn/verwijderd`, and an
//! organiser's retention period `/beheer/:organiser/privacy`.

use crate::components::fields::{ErrorSummary, Field};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::trail::BackofficeTrail;
use crate::forms::FormState;
use crate::functions::privacy::{EraseForm, PrivacySettings, load_erase_form, load_privacy_settings};
use crate::i18n::{tr, tr_with};
use domain::forms::fields::{erase_account, retention};
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The section on `/mijn`: download everything, or erase the account.
#[component]
pub fn MyData(csrf: String) -> impl IntoView {
    view! {
        <section id="mijn-gegevens" class="my-data" aria-labelledby="mijn-gegevens-titel">
            <h2 id="mijn-gegevens-titel">{tr("privacy.my_data")}</h2>
            <p>{tr("privacy.download_intro")}</p>
            <p><a class="button button-quiet" href=paths::ACCOUNT_DATA download>{tr("privacy.download")}</a></p>
            <details class="erase-account">
                <summary>{tr("privacy.erase_title")}</summary>
                <EraseAccountForm form=FormState::default() csrf/>
            </details>
        </section>
    }
}

/// What erasing does, the confirmation box and the button.
#[component]
fn EraseAccountForm(form: FormState, csrf: String) -> impl IntoView {
    let error = form.error(erase_account::CONFIRM);
    let invalid = error.as_ref().map(|_| "true");
    let describedby = error.as_ref().map(|_| "bevestigen-error");
    let has_error = error.is_some();
    view! {
        <div class="erase-explanation">
            <p>{tr("privacy.erase_if")}</p>
            <ul>
                <li>{tr("privacy.erase_future")}</li>
                <li>{tr("privacy.erase_names")}</li>
                <li>{tr("privacy.erase_invoices")}</li>
                <li>{tr("privacy.erase_roles")}</li>
            </ul>
            <p><strong>{tr("privacy.erase_final")}</strong>" "{tr("privacy.erase_download_first")}</p>
        </div>
        <PostForm action=paths::ACCOUNT_ERASE class="stacked-form" novalidate=true csrf=csrf>
            <div class="field field-check" class:field-invalid=has_error>
                <input id="bevestigen" name=erase_account::CONFIRM type="checkbox" value="ja" required
                    aria-invalid=invalid aria-describedby=describedby/>
                <label for="bevestigen">{tr("privacy.erase_confirm")}</label>
                {error.map(|e| view! { <p id="bevestigen-error" class="field-error">{e}</p> })}
            </div>
            <button type="submit" class="button button-danger">{tr("privacy.erase_button")}</button>
        </PostForm>
    }
}

/// `/mijn/verwijderen`: the erase form on its own (a refused post comes back here).
#[component]
pub fn EraseAccountPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_erase_form());
    view! {
        <Title text=tr("privacy.erase_page_title")/>
        {loaded(page, |EraseForm { email, form, csrf_token }| view! {
                        <section class="container narrow">
                            <h1>{tr("privacy.erase_title")}</h1>
                            <p class="lead">{tr_with("privacy.signed_in_as", &[("email", &email)])}</p>
                            <ErrorSummary count=form.errors.len()/>
                            <EraseAccountForm form csrf=csrf_token/>
                            <p><a href=paths::ACCOUNT>{tr("privacy.back_to_account")}</a></p>
                        </section>
                    }.into_any())}
    }
}

/// `/mijn/verwijderd`: after the erasure (signed out by then).
#[component]
pub fn AccountErasedPage() -> impl IntoView {
    view! {
        <Title text=tr("privacy.erased_title")/>
        <section class="container narrow">
            <h1>{tr("privacy.erased_heading")}</h1>
            <p class="lead" role="status">{tr("privacy.erased_lead")}</p>
            <p>{tr("privacy.erased_more")}</p>
            <p><a class="button" href="/">{tr("privacy.to_catalogue")}</a></p>
        </section>
    }
}

/// `/beheer/:organiser/privacy`: how long personal data of past events is kept.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let page = Resource::new(super::param("organiser"), load_privacy_settings);
    view! {
        <Title text=tr("privacy.title")/>
        {loaded(page, |settings| view! { <PrivacySettingsView settings/> }.into_any())}
    }
}

#[component]
fn PrivacySettingsView(settings: PrivacySettings) -> impl IntoView {
    let PrivacySettings { organiser, months, may_change, form, csrf_token } = settings;
    let query = use_query_map();
    let saved = query.with_untracked(|q| q.get("melding").is_some_and(|m| m == "bewaard"));
    let action = paths::backoffice::privacy(&organiser.slug);
    view! {
        <section class="container narrow">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("privacy.title")}</h1>
            {saved.then(|| view! { <p class="notice notice-success" role="status">{tr("privacy.retention_saved")}</p> })}
            <h2>{tr("privacy.retention")}</h2>
            <p>{tr_with("privacy.retention_explained", &[("months", &months.to_string())])}</p>
            <p>{tr("privacy.access_logged")}</p>
            {if may_change {
                view! {
                    <ErrorSummary count=form.errors.len()/>
                    <PostForm action=action class="stacked-form" novalidate=true csrf=csrf_token>
                        <Field label=tr("privacy.months") name=retention::MONTHS kind="number" inputmode="numeric"
                            value=form.value(retention::MONTHS) error=form.error(retention::MONTHS) required=true
                            hint=tr("privacy.months_hint")/>
                        <button type="submit" class="button">{tr("privacy.save_retention")}</button>
                    </PostForm>
                }.into_any()
            } else {
                view! { <p class="muted">{tr("privacy.admins_only")}</p> }.into_any()
            }}
        </section>
    }
}
