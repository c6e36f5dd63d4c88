//! The signed-in person as a trainer:
//! - `/mijn/lesgever`: per organiser they train for, their fees (date,
//!   activity, agreed fee, status in words, paid on, reference) with a fee
//!   statement (PDF) per activity, and their payment details;
//! - `/mijn/lesgever/:trainer`: their profile at one organiser (address,
//!   IBAN, BIC, VAT status, enterprise number), the admins' form and rules,
//!   posted to the same address.
//!
//! [`TrainerLink`] is `/mijn`'s section that leads here, for trainers only.

use super::param;
use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::functions::trainer_fees::{
    MyFeesPage, MyProfilePage, load_is_trainer, load_my_fees, load_my_profile, load_trainer_fees,
};
use crate::i18n::{locale, tr, tr_with};
use domain::paths;
use domain::trainer_fees::{TrainerAccount, status_key};
use domain::trainers::field;
use domain::{CostStatus, VatStatus, dates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// On the admins' trainer page: the trainer's fees, each activity with its fee statement.
#[component]
pub fn TrainerFees(organiser: String, trainer: i32) -> impl IntoView {
    let slug = organiser.clone();
    let fees = Resource::new(move || (organiser.clone(), trainer), |(o, t)| load_trainer_fees(o, t));
    view! {
        {loaded(fees, move |fees| {
            let language = locale();
            let slug = slug.clone();
            view! {
                <h2 id="vergoedingen">{tr("my_fees.fees")}</h2>
                {if fees.is_empty() {
                    view! { <p class="muted">{tr("my_fees.no_fees")}</p> }.into_any()
                } else {
                    let mut shown = std::collections::HashSet::new();
                    view! {
                        <ul class="trainer-fees">
                            {fees.into_iter().map(|fee| {
                                let date = fee.starts_on.map(|d| dates::date_short_in(language, d)).unwrap_or_default();
                                let statement = shown.insert(fee.event_id).then(|| {
                                    let label = format!(
                    "{}: {}",
                    tr("my_fees.statement"),
                    tr_with("my_fees.statement_label", &[("activity", &fee.event_title)])
                );
                                    let href = paths::backoffice::trainer_fee_statement(&slug, trainer, fee.event_id);
                                    view! { " · "<a href=href aria-label=label download>{tr("my_fees.statement")}</a> }
                                });
                                view! {
                                    <li>
                                        <strong>{fee.event_title.clone()}</strong>
                                        {format!(" · {date} · {} · {} · {}", fee.description, money(fee.agreed), tr(status_key(fee.status)))}
                                        {statement}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }.into_any()
        })}
    }
}

/// `/mijn`'s section for trainers: a link to their fees and details.
#[component]
pub fn TrainerLink() -> impl IntoView {
    let is_trainer = Resource::new(|| (), |_| load_is_trainer());
    view! {
        {loaded(is_trainer, |is_trainer| {
            is_trainer.then(|| view! {
                <section class="trainer-fees-link" aria-labelledby="als-lesgever">
                    <h2 id="als-lesgever">{tr("my_fees.account_heading")}</h2>
                    <p>{tr("my_fees.account_lead")}</p>
                    <p><a class="button" href=paths::MY_FEES>{tr("my_fees.account_link")}</a></p>
                </section>
            }).into_any()
        })}
    }
}

fn back() -> impl IntoView {
    view! { <p class="breadcrumb no-print"><a href=paths::ACCOUNT>{tr("my_fees.back")}</a></p> }
}

#[component]
pub fn MyFeesPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_my_fees());
    view! { {loaded(page, |page| view! { <MyFeesView page/> }.into_any())} }
}

#[component]
fn MyFeesView(page: MyFeesPage) -> impl IntoView {
    let saved = use_query_map().with_untracked(|q| q.get("melding").is_some_and(|m| m == "bewaard"));
    let heading = tr("my_fees.title");
    view! {
        <Title text=heading/>
        <section class="container my-fees">
            {back()}
            <h1>{heading}</h1>
            {saved.then(|| view! { <p class="notice notice-success" role="status">{tr("my_fees.saved")}</p> })}
            {if page.accounts.is_empty() {
                view! { <p>{tr("my_fees.none")}</p> }.into_any()
            } else {
                view! {
                    <p class="lead">{tr("my_fees.lead")}</p>
                    {page.accounts.into_iter().map(|account| view! { <Account account/> }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

fn money(m: domain::Money) -> String {
    m.display_full_in(locale())
}

fn unknown() -> String {
    tr("payouts.unknown").to_string()
}

#[component]
fn Account(account: TrainerAccount) -> impl IntoView {
    let language = locale();
    let trainer_id = account.trainer.id;
    let section_id = format!("lesgever-{trainer_id}");
    let fees_id = format!("vergoedingen-{trainer_id}");
    let organiser = account.organiser.name.clone();
    let heading = tr_with("my_fees.for_organiser", &[("organiser", &organiser)]);
    let payment = account.trainer.payment.clone();
    let address = [
        payment.street.clone(),
        match (&payment.postcode, &payment.city) {
            (None, None) => None,
            (p, c) => Some([p.as_deref(), c.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")),
        },
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let mut shown_statement = std::collections::HashSet::new();
    let rows = account
        .fees
        .iter()
        .map(|fee| {
            // The statement covers the activity: its link on the activity's first row.
            let statement = shown_statement.insert(fee.event_id).then(|| {
                let label = format!(
                    "{}: {}",
                    tr("my_fees.statement"),
                    tr_with("my_fees.statement_label", &[("activity", &fee.event_title)])
                );
                view! {
                    <a href=paths::my_fee_statement(trainer_id, fee.event_id) aria-label=label download>{tr("my_fees.statement")}</a>
                }
            });
            let date = fee.starts_on.map(|d| dates::date_short_in(language, d)).unwrap_or_else(|| tr("my_fees.no_date").to_string());
            let paid_on = fee.paid_on.filter(|_| fee.status == CostStatus::Paid).map(|d| dates::date_short_in(language, d));
            view! {
                <tr>
                    <td data-label=tr("my_fees.col_date") class="nowrap">{date}</td>
                    <td class="title-cell">
                        {fee.event_title.clone()}
                        <br/><span class="muted small">{fee.description.clone()}</span>
                    </td>
                    <td data-label=tr("my_fees.col_amount") class="num nowrap">{money(fee.agreed)}</td>
                    <td data-label=tr("my_fees.col_status")>{tr(status_key(fee.status))}</td>
                    <td data-label=tr("my_fees.col_paid_on") class="nowrap">{paid_on.unwrap_or_default()}</td>
                    <td data-label=tr("my_fees.col_reference")>{fee.reference.clone().unwrap_or_default()}</td>
                    <td data-label=tr("my_fees.col_statement")>{statement}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="trainer-account" id=section_id.clone() aria-labelledby=format!("{section_id}-titel")>
            <h2 id=format!("{section_id}-titel")>{heading}</h2>
            <h3 id=fees_id.clone()>{tr("my_fees.fees")}</h3>
            {if account.fees.is_empty() {
                view! { <p class="muted">{tr("my_fees.no_fees")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby=fees_id>
                        <table class="data stack-on-phone">
                            <thead><tr>
                                <th scope="col">{tr("my_fees.col_date")}</th>
                                <th scope="col">{tr("my_fees.col_activity")}</th>
                                <th scope="col" class="num">{tr("my_fees.col_amount")}</th>
                                <th scope="col">{tr("my_fees.col_status")}</th>
                                <th scope="col">{tr("my_fees.col_paid_on")}</th>
                                <th scope="col">{tr("my_fees.col_reference")}</th>
                                <th scope="col">{tr("my_fees.col_statement")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
            <h3>{tr_with("my_fees.profile", &[("organiser", &organiser)])}</h3>
            <dl class="facts">
                <dt>{tr("my_fees.name")}</dt><dd>{account.trainer.full_name.clone()}</dd>
                <dt>{tr("my_fees.email")}</dt><dd>{account.trainer.email.clone().unwrap_or_else(unknown)}</dd>
                {account.trainer.affiliation.clone().map(|a| view! { <dt>{tr("my_fees.affiliation")}</dt><dd>{a}</dd> })}
                <dt>{tr("payouts.street")}</dt><dd>{if address.is_empty() { unknown() } else { address }}</dd>
                <dt>{tr("payouts.iban")}</dt><dd>{payment.iban.as_ref().map(|i| i.to_string()).unwrap_or_else(unknown)}</dd>
                <dt>{tr("payouts.bic")}</dt><dd>{payment.bic.as_ref().map(|b| b.to_string()).unwrap_or_else(unknown)}</dd>
                <dt>{tr("payouts.vat_status")}</dt><dd>{payment.vat_status.map(|s| tr(s.label_key()).to_string()).unwrap_or_else(unknown)}</dd>
                <dt>{tr("payouts.enterprise_number")}</dt><dd>{payment.enterprise_number.map(|n| n.to_string()).unwrap_or_else(unknown)}</dd>
            </dl>
            <p><a class="button" href=paths::my_trainer_profile(trainer_id)>{tr("my_fees.edit")}</a></p>
        </section>
    }
}

#[component]
pub fn MyProfilePageView() -> impl IntoView {
    let trainer = param("trainer");
    let page = Resource::new(trainer, load_my_profile);
    view! { {loaded(page, |page| view! { <MyProfileView page/> }.into_any())} }
}

fn vat_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), tr("payouts.unknown").to_string()))
        .chain(VatStatus::ALL.iter().map(|s| (s.as_str().to_string(), tr(s.label_key()).to_string())))
        .collect()
}

#[component]
fn MyProfileView(page: MyProfilePage) -> impl IntoView {
    let MyProfilePage { organiser, trainer, form, csrf_token } = page;
    let heading = tr_with("my_fees.profile", &[("organiser", &organiser.name)]);
    let action = paths::my_trainer_profile(trainer.id);
    let (values, errors) = (form.clone(), form.clone());
    let v = move |name: &str| values.value(name);
    let e = move |name: &str| errors.error(name);
    let error_count = form.errors.len();
    view! {
        <Title text=heading.clone()/>
        <section class="container narrow my-fees">
            <p class="breadcrumb no-print"><a href=paths::MY_FEES>{tr("my_fees.title")}</a></p>
            <h1>{heading}</h1>
            <p>{tr_with("my_fees.profile_lead", &[("organiser", &organiser.name)])}</p>
            <dl class="facts">
                <dt>{tr("my_fees.name")}</dt><dd>{trainer.full_name.clone()}</dd>
                <dt>{tr("my_fees.email")}</dt><dd>{trainer.email.clone().unwrap_or_default()}</dd>
                {trainer.affiliation.clone().map(|a| view! { <dt>{tr("my_fees.affiliation")}</dt><dd>{a}</dd> })}
            </dl>
            <ErrorSummary count=error_count/>
            <PostForm action=action class="stacked-form" novalidate=true csrf=csrf_token>
                <Field label=tr("payouts.street") name=field::STREET value=v(field::STREET) error=e(field::STREET) autocomplete="street-address"/>
                <div class="field-row">
                    <Field label=tr("payouts.postcode") name=field::POSTCODE value=v(field::POSTCODE) error=e(field::POSTCODE) class="field-short" autocomplete="postal-code"/>
                    <Field label=tr("payouts.city") name=field::CITY value=v(field::CITY) error=e(field::CITY) autocomplete="address-level2"/>
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
                    <button type="submit" class="button">{tr("my_fees.save")}</button>
                </div>
            </PostForm>
        </section>
    }
}
