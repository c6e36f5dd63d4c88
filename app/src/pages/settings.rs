//! `/beheer/:organiser/instellingen`: the organiser's settings: who signs its
//! attendance certificates, and what else the certificates say of it.

use crate::components::fields::{ErrorSummary, Field};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::trail::BackofficeTrail;
use crate::functions::settings::{OrganiserSettings, load_organiser_settings};
use crate::i18n::tr;
use crate::pages::expense_claims::KmRateSettings;
use domain::certificates::field;
use domain::finances::field as finances_field;
use domain::iban::field as bank;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let page = Resource::new(super::param("organiser"), load_organiser_settings);
    view! {
        <Title text=tr("settings.title")/>
        {loaded(page, |settings| view! { <SettingsView settings/> }.into_any())}
    }
}

#[component]
fn SettingsView(settings: OrganiserSettings) -> impl IntoView {
    let OrganiserSettings { organiser, issuer, may_change, four_eyes, form, account, bank_form, km_rate, csrf_token } =
        settings;
    let km_rate_form = (organiser.slug.to_string(), km_rate, csrf_token.clone());
    let four_eyes_action = paths::backoffice::four_eyes(&organiser.slug);
    let four_eyes_token = csrf_token.clone();
    let notice = use_query_map().with_untracked(|q| q.get("melding"));
    let saved = notice.as_deref() == Some("bewaard");
    let four_eyes_saved = notice.as_deref() == Some("vier-ogen-bewaard");
    let bank_saved = notice.as_deref() == Some("rekening-bewaard");
    let bank_token = csrf_token.clone();
    let action = paths::backoffice::settings(&organiser.slug);
    let none = || tr("settings.none").to_string();
    view! {
        <section class="container narrow">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("settings.title")}</h1>
            {saved.then(|| view! { <p class="notice notice-success" role="status">{tr("settings.saved")}</p> })}
            {four_eyes_saved.then(|| view! { <p class="notice notice-success" role="status">{tr("settings.four_eyes_saved")}</p> })}
            <h2 id="ondertekening">{tr("settings.signatory")}</h2>
            <p>{tr("settings.signatory_explained")}</p>
            {if may_change {
                view! {
                    <ErrorSummary count=form.errors.len()/>
                    <PostForm action=action class="stacked-form" novalidate=true csrf=csrf_token>
                        <Field label=tr("settings.signatory_name") name=field::NAME value=form.value(field::NAME)
                            error=form.error(field::NAME) autocomplete="off"/>
                        <Field label=tr("settings.signatory_function") name=field::FUNCTION value=form.value(field::FUNCTION)
                            error=form.error(field::FUNCTION) hint=tr("settings.signatory_function_hint") autocomplete="off"/>
                        <button type="submit" class="button">{tr("settings.save")}</button>
                    </PostForm>
                }.into_any()
            } else {
                let current = issuer.signatory.as_ref().map(|s| format!("{}, {}", s.name(), s.function())).unwrap_or_else(none);
                view! {
                    <p><strong>{current}</strong></p>
                    <p class="muted">{tr("settings.admins_only")}</p>
                }.into_any()
            }}
            <p>{tr("settings.issuer")}</p>
            <ul>
                <li>{issuer.name}</li>
                <li>{issuer.address.unwrap_or_else(none)}</li>
                <li>{issuer.enterprise_number.unwrap_or_else(none)}</li>
            </ul>
            <h2 id="vier-ogen">{tr("settings.four_eyes")}</h2>
            <p>{tr("settings.four_eyes_explained")}</p>
            {if may_change {
                view! {
                    <PostForm action=four_eyes_action class="stacked-form" labelledby="vier-ogen" csrf=four_eyes_token>
                        <div class="field field-check">
                            <label>
                                <input type="checkbox" name=finances_field::FOUR_EYES value="aan" checked=four_eyes/>
                                " "{tr("settings.four_eyes_label")}
                            </label>
                        </div>
                        <button type="submit" class="button">{tr("settings.save")}</button>
                    </PostForm>
                }.into_any()
            } else {
                let state = if four_eyes { tr("settings.four_eyes_on") } else { tr("settings.four_eyes_off") };
                view! { <p><strong>{state}</strong></p> }.into_any()
            }}
            <h2 id="bankrekening">{tr("settings.bank")}</h2>
            <p>{tr("settings.bank_explained")}</p>
            {bank_saved.then(|| view! { <p class="notice notice-success" role="status">{tr("settings.bank_saved")}</p> })}
            {if may_change {
                view! {
                    <ErrorSummary count=bank_form.errors.len()/>
                    <PostForm action=paths::backoffice::settings(&organiser.slug) class="stacked-form" novalidate=true csrf=bank_token>
                        <input type="hidden" name=domain::iban::FORM value=domain::iban::BANK_FORM/>
                        <Field label=tr("settings.iban") name=bank::IBAN value=bank_form.value(bank::IBAN)
                            error=bank_form.error(bank::IBAN) autocomplete="off"/>
                        <Field label=tr("settings.bic") name=bank::BIC value=bank_form.value(bank::BIC)
                            error=bank_form.error(bank::BIC) hint=tr("settings.bic_hint") autocomplete="off" class="field-short"/>
                        <button type="submit" class="button">{tr("settings.bank_save")}</button>
                    </PostForm>
                }.into_any()
            } else {
                let iban = account.iban.as_ref().map(|i| i.to_string()).unwrap_or_else(none);
                let bic = account.bic.as_ref().map(|b| b.to_string()).unwrap_or_else(none);
                view! { <p><strong>{format!("{iban} · BIC {bic}")}</strong></p> }.into_any()
            }}
            <KmRateSettings organiser=km_rate_form.0 rate=km_rate_form.1 may_change=may_change csrf=km_rate_form.2/>
        </section>
    }
}
