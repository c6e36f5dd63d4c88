//! Paying trainers by bank transfer (admins only):
//! - `/beheer/:organiser/lesgevers`: the organiser's trainers and whether
//!   their bank account is known;
//! - `/beheer/:organiser/lesgevers/:trainer`: one trainer's address, IBAN,
//!   BIC, VAT status and enterprise number (posted to the same address);
//! - `/beheer/:organiser/financien/overschrijvingen`: approved cost lines to
//!   pay, ticked into one SEPA payment file (pain.001) that the bank's
//!   business app takes; the files made, to download again or cancel.

use super::param;
use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::payouts::{
    PaymentFilesPage, TrainerPage, TrainersPage, load_payment_files, load_trainer, load_trainers,
};
use crate::i18n::{locale, tr, tr_with};
use domain::listing::OrganiserRef;
use domain::paths;
use domain::sepa::{FileSummary, PayableLine, field as file_field};
use domain::trainers::field;
use domain::{Money, PaymentFileStatus, VatStatus, dates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn money(m: Money) -> String {
    m.display_full_in(locale())
}

fn trainers_page(organiser: &OrganiserRef) -> (String, String) {
    (paths::backoffice::trainers(&organiser.slug), tr("payouts.trainers_title").to_string())
}

#[component]
pub fn TrainersPageView() -> impl IntoView {
    let page = Resource::new(param("organiser"), load_trainers);
    view! { {loaded(page, |page| view! { <TrainersView page/> }.into_any())} }
}

#[component]
fn TrainersView(page: TrainersPage) -> impl IntoView {
    let TrainersPage { organiser, trainers } = page;
    let heading = tr("payouts.trainers_title");
    view! {
        <Title text=heading/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1 id="lesgevers">{heading}</h1>
            <p class="lead">{tr("payouts.trainers_lead")}" "<a href=paths::backoffice::payment_files(&organiser.slug)>{tr("payouts.files_title")}</a></p>
            {if trainers.is_empty() {
                view! { <p class="muted">{tr("payouts.no_trainers")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby="lesgevers">
                        <table class="data stack-on-phone">
                            <thead><tr>
                                <th scope="col">{tr("payouts.name")}</th>
                                <th scope="col">{tr("payouts.iban")}</th>
                                <th scope="col">{tr("payouts.vat_status")}</th>
                            </tr></thead>
                            <tbody>
                                {trainers.into_iter().map(|t| {
                                    let href = paths::backoffice::trainer(&organiser.slug, t.id);
                                    view! {
                                        <tr>
                                            <td class="title-cell">
                                                <a href=href>{t.full_name.clone()}</a>
                                                {t.affiliation.clone().map(|a| view! { <br/><span class="muted small">{a}</span> })}
                                            </td>
                                            <td data-label=tr("payouts.iban") class="nowrap">
                                                {t.payment.iban.as_ref().map(|i| i.to_string()).unwrap_or_else(|| tr("payouts.unknown").to_string())}
                                            </td>
                                            <td data-label=tr("payouts.vat_status")>
                                                {t.payment.vat_status.map(|s| tr(s.label_key()).to_string()).unwrap_or_else(|| tr("payouts.unknown").to_string())}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn TrainerPageView() -> impl IntoView {
    let organiser = param("organiser");
    let trainer = param("trainer");
    let page = Resource::new(move || (organiser(), trainer()), |(o, t)| load_trainer(o, t));
    view! { {loaded(page, |page| view! { <TrainerView page/> }.into_any())} }
}

fn vat_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), tr("payouts.unknown").to_string()))
        .chain(VatStatus::ALL.iter().map(|s| (s.as_str().to_string(), tr(s.label_key()).to_string())))
        .collect()
}

#[component]
fn TrainerView(page: TrainerPage) -> impl IntoView {
    let TrainerPage { organiser, trainer, form, csrf_token } = page;
    let stripe_csrf = csrf_token.clone();
    let saved = use_query_map().with_untracked(|q| q.get("melding").is_some_and(|m| m == "bewaard"));
    let heading = tr_with("payouts.trainer_title", &[("name", &trainer.full_name)]);
    let action = paths::backoffice::trainer(&organiser.slug, trainer.id);
    let (values, errors) = (form.clone(), form.clone());
    let v = move |name: &str| values.value(name);
    let e = move |name: &str| errors.error(name);
    let error_count = form.errors.len();
    view! {
        <Title text=heading.clone()/>
        <section class="container narrow backoffice">
            <BackofficeTrail organiser=organiser.clone() under=trainers_page(&organiser)/>
            <h1>{heading}</h1>
            {saved.then(|| view! { <p class="notice notice-success" role="status">{tr("payouts.trainer_saved")}</p> })}
            <p class="muted">
                {trainer.affiliation.clone().unwrap_or_default()}
                {trainer.email.clone().map(|m| view! { " · "{m} })}
            </p>
            <p>{tr("payouts.trainer_lead")}</p>
            <ErrorSummary count=error_count/>
            <PostForm action=action class="stacked-form" novalidate=true csrf=csrf_token>
                <Field label=tr("payouts.street") name=field::STREET value=v(field::STREET) error=e(field::STREET) autocomplete="off"/>
                <div class="field-row">
                    <Field label=tr("payouts.postcode") name=field::POSTCODE value=v(field::POSTCODE) error=e(field::POSTCODE) class="field-short" autocomplete="off"/>
                    <Field label=tr("payouts.city") name=field::CITY value=v(field::CITY) error=e(field::CITY) autocomplete="off"/>
                </div>
                <div class="field-row">
                    <Field label=tr("payouts.iban") name=field::IBAN value=v(field::IBAN) error=e(field::IBAN) hint=tr("payouts.iban_hint") autocomplete="off"/>
                    <Field label=tr("payouts.bic") name=field::BIC value=v(field::BIC) error=e(field::BIC) hint=tr("payouts.bic_hint") class="field-short" autocomplete="off"/>
                </div>
                <div class="field-row">
                    <Select label=tr("payouts.vat_status") name=field::VAT_STATUS value=v(field::VAT_STATUS) options=vat_options() error=e(field::VAT_STATUS)/>
                    <Field label=tr("payouts.enterprise_number") name=field::ENTERPRISE_NUMBER value=v(field::ENTERPRISE_NUMBER) error=e(field::ENTERPRISE_NUMBER) hint=tr("payouts.enterprise_number_hint") autocomplete="off"/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("payouts.save")}</button>
                </div>
            </PostForm>
            <super::connect::TrainerStripe organiser=organiser.slug.clone() trainer=trainer.clone() csrf=stripe_csrf/>
            <crate::pages::trainer_fees::TrainerFees organiser=organiser.slug.to_string() trainer=trainer.id/>
        </section>
    }
}

#[component]
pub fn PaymentFilesPageView() -> impl IntoView {
    let page = Resource::new(param("organiser"), load_payment_files);
    view! { {loaded(page, |page| view! { <FilesView page/> }.into_any())} }
}

fn notice() -> Option<AnyView> {
    use_query_map().with_untracked(|q| {
        let (class, text) = match q.get("melding")?.as_str() {
            "geannuleerd" => ("notice notice-success", tr("payouts.notice_cancelled")),
            "al-geannuleerd" => ("notice", tr("payouts.notice_already_cancelled")),
            "betaald" => ("notice notice-warning", tr("payouts.notice_has_paid")),
            _ => return None,
        };
        Some(view! { <p class=class role="status">{text}</p> }.into_any())
    })
}

#[component]
fn FilesView(page: PaymentFilesPage) -> impl IntoView {
    let language = locale();
    let PaymentFilesPage { organiser, account, lines, files, form, csrf_token } = page;
    let heading = tr("payouts.files_title");
    let (ready, waiting): (Vec<PayableLine>, Vec<PayableLine>) = lines.into_iter().partition(|l| l.blocker.is_none());
    let settings = format!("{}#bankrekening", paths::backoffice::settings(&organiser.slug));
    let finances = (paths::backoffice::finances(&organiser.slug), tr("finances.title").to_string());
    let slug = organiser.slug.to_string();
    let (waiting_slug, files_slug) = (slug.clone(), slug.clone());
    let rows_token = csrf_token.clone();
    let line_error = form.error(file_field::LINE);
    view! {
        <Title text=heading/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone() under=finances/>
            <h1>{heading}</h1>
            <p class="lead">{tr("payouts.files_lead")}" "<a href=paths::backoffice::trainers(&organiser.slug)>{tr("payouts.trainers_title")}</a></p>
            {notice()}
            <p>
                {match &account.iban {
                    Some(iban) => tr_with("payouts.from_account", &[
                        ("iban", &iban.to_string()),
                        ("bic", account.bic.as_ref().map(|b| b.as_str()).unwrap_or("–")),
                    ]),
                    None => tr("payouts.no_account").to_string(),
                }}
                " "<a href=settings>{tr("payouts.change_account")}</a>
            </p>
            <h2 id="te-betalen">{tr("payouts.ready")}</h2>
            <ErrorSummary count=form.errors.len()/>
            {line_error.map(|m| view! { <p class="field-error" id="lijn-error">{m}</p> })}
            {if ready.is_empty() {
                view! { <p class="muted">{tr("payouts.nothing_ready")}</p> }.into_any()
            } else {
                let chosen = form.values.pairs().iter().filter(|(k, _)| k == file_field::LINE).map(|(_, v)| v.clone()).collect::<Vec<_>>();
                let fresh = chosen.is_empty() && form.errors.is_empty();
                view! {
                    <PostForm class="stacked-form" novalidate=true labelledby="te-betalen" csrf=csrf_token>
                        <DataTable labelledby="te-betalen">
                            <table class="data stack-on-phone">
                                <thead><tr>
                                    <th scope="col"><span class="sr-only">{tr("payouts.pay")}</span></th>
                                    <th scope="col">{tr("payouts.line")}</th>
                                    <th scope="col">{tr("payouts.payee")}</th>
                                    <th scope="col" class="num">{tr("payouts.amount")}</th>
                                </tr></thead>
                                <tbody>
                                    {ready.into_iter().map(|l| {
                                        let id = l.line_id.to_string();
                                        let checked = fresh || chosen.contains(&id);
                                        let label = tr_with("payouts.pay_label", &[("line", &l.description), ("amount", &money(l.amount))]);
                                        view! {
                                            <tr>
                                                <td><input type="checkbox" name=file_field::LINE value=id checked=checked aria-label=label/></td>
                                                <td class="title-cell">
                                                    <a href=paths::backoffice::cost_line(&slug, l.event_id, l.line_id)>{l.description.clone()}</a>
                                                    <br/><span class="muted small">{l.event_title.clone()}</span>
                                                </td>
                                                <td data-label=tr("payouts.payee")>
                                                    {l.payee.clone().unwrap_or_default()}
                                                    <br/><span class="muted small nowrap">{l.iban.as_ref().map(|i| i.to_string()).unwrap_or_default()}</span>
                                                </td>
                                                <td data-label=tr("payouts.amount") class="num nowrap">{money(l.amount)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </DataTable>
                        <Field label=tr("payouts.execution_date") name=file_field::EXECUTION_DATE kind="date"
                            value=form.value(file_field::EXECUTION_DATE) error=form.error(file_field::EXECUTION_DATE)
                            hint=tr("payouts.execution_date_hint") class="field-short"/>
                        <div class="form-actions">
                            <button type="submit" class="button">{tr("payouts.download")}</button>
                        </div>
                    </PostForm>
                }.into_any()
            }}
            {(!waiting.is_empty()).then(|| view! {
                <h2 id="nog-niet">{tr("payouts.waiting")}</h2>
                <ul>
                    {waiting.into_iter().map(|l| {
                        let why = l.blocker.map(|b| tr(b.label_key()).to_string()).unwrap_or_default();
                        let fix = match l.trainer_id {
                            Some(t) => paths::backoffice::trainer(&waiting_slug, t),
                            None => paths::backoffice::cost_line(&waiting_slug, l.event_id, l.line_id),
                        };
                        view! {
                            <li>
                                {format!("{} ({}, {}): ", l.description, l.event_title, money(l.amount))}
                                <a href=fix>{why}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <h2 id="bestanden">{tr("payouts.files")}</h2>
            {if files.is_empty() {
                view! { <p class="muted">{tr("payouts.no_files")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby="bestanden">
                        <table class="data stack-on-phone">
                            <thead><tr>
                                <th scope="col">{tr("payouts.file")}</th>
                                <th scope="col">{tr("payouts.execution_date")}</th>
                                <th scope="col" class="num">{tr("payouts.amount")}</th>
                                <th scope="col">{tr("payouts.status")}</th>
                                <th scope="col"><span class="sr-only">{tr("dash.actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {files.into_iter().map(|f| view! { <FileRow file=f organiser=files_slug.clone() language csrf=rows_token.clone()/> }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn FileRow(file: FileSummary, organiser: String, language: domain::i18n::Locale, csrf: String) -> impl IntoView {
    let status = match (file.status, file.paid) {
        (PaymentFileStatus::Cancelled, _) => tr("payouts.file_cancelled").to_string(),
        (PaymentFileStatus::Open, 0) => tr("payouts.file_open").to_string(),
        (PaymentFileStatus::Open, paid) => {
            tr_with("payouts.file_paid", &[("paid", &paid.to_string()), ("count", &file.transactions.to_string())])
        }
    };
    let made = tr_with(
        "payouts.file_made",
        &[
            ("date", &dates::date_short_in(language, file.created_at.date())),
            ("time", &file.created_at.format("%H:%M").to_string()),
            ("who", file.created_by.as_deref().unwrap_or("–")),
        ],
    );
    let cancel = file.cancellable().then(|| {
        let label = tr_with("payouts.cancel_label", &[("file", &file.message_id)]);
        view! {
            <details class="confirm">
                <summary>{tr("payouts.cancel")}</summary>
                <PostForm action=paths::backoffice::payment_file_cancel(&organiser, file.id) csrf=csrf>
                    <p class="small">{tr("payouts.cancel_explained")}</p>
                    <button type="submit" class="button button-small button-danger" aria-label=label>{tr("payouts.cancel_confirm")}</button>
                </PostForm>
            </details>
        }
    });
    view! {
        <tr>
            <td class="title-cell">
                <a href=paths::backoffice::payment_file_xml(&organiser, file.id) download=file.file_name()>{file.message_id.clone()}</a>
                <br/><span class="muted small">{made}</span>
            </td>
            <td data-label=tr("payouts.execution_date") class="nowrap">{dates::date_short_in(language, file.requested_execution_date)}</td>
            <td data-label=tr("payouts.amount") class="num nowrap">
                {money(file.total)}
                <br/><span class="muted small">{tr_with("payouts.transactions", &[("count", &file.transactions.to_string())])}</span>
            </td>
            <td data-label=tr("payouts.status")>{status}</td>
            <td class="row-actions">{cancel}</td>
        </tr>
    }
}
