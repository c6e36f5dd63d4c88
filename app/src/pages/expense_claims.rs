//! Expense claims:
//! - `/mijn/onkosten`: a trainer claims travel (kilometres at the
//!   organiser's rate) and material costs for an activity they teach, with
//!   receipts (a multipart form posted to the same address, no script
//!   needed), and sees their claims with status and, if rejected, the reason;
//! - `/beheer/:organiser/financien/onkosten`: the organiser's admins see the
//!   claims with their receipts, and approve one (it becomes a cost line) or
//!   reject it with a reason (posted to the same address).

use crate::components::fields::{ErrorSummary, Field, Select, TextArea};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::trail::BackofficeTrail;
use crate::forms::FormState;
use crate::functions::expense_claims::{ClaimsPage, MyExpensesPage, load_expense_claims, load_my_expenses};
use crate::i18n::{locale, tr, tr_with};
use domain::expense_claims::{
    APPROVE, Claim, ClaimStatus, KmRate, MATERIAL_ROWS, MAX_RECEIPT_BYTES, MAX_RECEIPTS, REJECT, field, reason_field,
};
use domain::forms::row_field;
use domain::i18n::Locale;
use domain::{Money, dates, paths};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn money(m: Money) -> String {
    m.display_full_in(locale())
}

fn decimal() -> char {
    if locale() == Locale::En { '.' } else { ',' }
}

fn rate_text(rate: KmRate) -> String {
    tr_with("expenses.rate_per_km", &[("rate", &rate.display(decimal()))])
}

fn status_class(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Submitted => "status status-draft",
        ClaimStatus::Approved => "status status-sent",
        ClaimStatus::Rejected => "status status-cancelled",
    }
}

/// What a claim asks: the travel (km × rate) and each material item.
#[component]
fn ClaimDetails(claim: Claim) -> impl IntoView {
    let travel = claim.kilometres.map(|km| {
        let what = tr_with(
            "expenses.travel_line",
            &[("km", &km.display(decimal())), ("rate", &claim.rate.display(decimal()))],
        );
        view! { <li>{what}": "{money(claim.travel)}</li> }
    });
    view! {
        <ul class="claim-items">
            {travel}
            {claim.materials.into_iter().map(|m| view! { <li>{m.description}": "{money(m.amount)}</li> }).collect_view()}
        </ul>
    }
}

/// The links to a claim's receipts.
#[component]
fn Receipts(claim: Claim) -> impl IntoView {
    if claim.receipts.is_empty() {
        return view! { <p class="muted small">{tr("expenses.no_receipts")}</p> }.into_any();
    }
    view! {
        <ul class="claim-receipts">
            {claim.receipts.into_iter().map(|r| {
                let href = paths::backoffice::expense_receipt(&claim.organiser_slug, claim.id, r.id);
                let size = format!("{} kB", (r.size + 1023) / 1024);
                view! { <li><a href=href download>{r.file_name}</a>" "<span class="muted small">{format!("({size})")}</span></li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn MyExpensesPageView() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_my_expenses());
    view! {
        <Title text=tr("expenses.mine_title")/>
        {loaded(page, |page| view! { <MyExpensesView page/> }.into_any())}
    }
}

#[component]
fn MyExpensesView(page: MyExpensesPage) -> impl IntoView {
    let MyExpensesPage { activities, claims, form, csrf_token } = page;
    let submitted = use_query_map().with_untracked(|q| q.get("melding").is_some_and(|m| m == "ingediend"));
    let language = locale();
    let options: Vec<(String, String)> = std::iter::once((String::new(), tr("expenses.choose_activity").to_string()))
        .chain(activities.iter().map(|a| {
            let when = a.starts_on.map(|d| format!(" · {}", dates::date_short_in(language, d))).unwrap_or_default();
            (a.event_id.to_string(), format!("{}{when} · {} · {}", a.title, a.organiser_name, rate_text(a.rate)))
        }))
        .collect();
    let (values, errors) = (form.clone(), form.clone());
    let v = move |name: &str| values.value(name);
    let e = move |name: &str| errors.error(name);
    let max_mb = (MAX_RECEIPT_BYTES / (1024 * 1024)).to_string();
    let receipts_hint = tr_with("expenses.receipts_hint", &[("max", &MAX_RECEIPTS.to_string()), ("mb", &max_mb)]);
    let error_count = form.errors.len();
    view! {
        <section class="container narrow">
            <h1>{tr("expenses.mine_title")}</h1>
            {submitted.then(|| view! { <p class="notice notice-success" role="status">{tr("expenses.submitted_notice")}</p> })}
            <p class="lead">{tr("expenses.mine_lead")}</p>
            {if activities.is_empty() {
                view! { <p class="notice">{tr("expenses.no_activities")}</p> }.into_any()
            } else {
                view! {
                    <h2 id="nieuwe-aanvraag">{tr("expenses.new_claim")}</h2>
                    <ErrorSummary count=error_count/>
                    <PostForm action=paths::MY_EXPENSES class="stacked-form" labelledby="nieuwe-aanvraag" enctype="multipart/form-data" novalidate=true csrf=csrf_token>
                        <Select label=tr("expenses.activity") name=field::EVENT value=v(field::EVENT) options=options error=e(field::EVENT) required=true/>
                        <Field label=tr("expenses.kilometres") name=field::KILOMETRES value=v(field::KILOMETRES) error=e(field::KILOMETRES)
                            hint=tr("expenses.kilometres_hint") inputmode="decimal" class="field-short" autocomplete="off"/>
                        <fieldset class="claim-material">
                            <legend>{tr("expenses.material")}</legend>
                            <p class="field-hint">{tr("expenses.material_hint")}</p>
                            {(1..=MATERIAL_ROWS).map(|row| {
                                let description = row_field(field::MATERIAL, row, field::MATERIAL_DESCRIPTION);
                                let amount = row_field(field::MATERIAL, row, field::MATERIAL_AMOUNT);
                                let number = row.to_string();
                                view! {
                                    <div class="field-row">
                                        <Field label=tr_with("expenses.material_description", &[("n", &number)]) name=description.clone()
                                            value=v(&description) error=e(&description) autocomplete="off"/>
                                        <Field label=tr_with("expenses.material_amount", &[("n", &number)]) name=amount.clone()
                                            value=v(&amount) error=e(&amount) inputmode="decimal" class="field-short" autocomplete="off"/>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <ReceiptInput hint=receipts_hint error=e(field::RECEIPTS)/>
                        <div class="form-actions">
                            <button type="submit" class="button">{tr("expenses.submit")}</button>
                        </div>
                    </PostForm>
                }.into_any()
            }}
            <h2 id="mijn-aanvragen">{tr("expenses.my_claims")}</h2>
            {if claims.is_empty() {
                view! { <p class="muted">{tr("expenses.no_claims")}</p> }.into_any()
            } else {
                view! {
                    <ul class="claims">
                        {claims.into_iter().map(|c| view! { <MyClaim claim=c/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The file input for receipts (several files at once), with its hint and error.
#[component]
fn ReceiptInput(hint: String, error: Option<String>) -> impl IntoView {
    let name = field::RECEIPTS;
    let describedby = if error.is_some() { format!("{name}-hint {name}-error") } else { format!("{name}-hint") };
    let invalid = error.as_ref().map(|_| "true");
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-invalid=has_error>
            <label for=name>{tr("expenses.receipts")}</label>
            <input type="file" id=name name=name multiple accept="application/pdf,image/jpeg,image/png"
                aria-describedby=describedby aria-invalid=invalid/>
            <p class="field-hint" id=format!("{name}-hint")>{hint}</p>
            {error.map(|e| view! { <p class="field-error" id=format!("{name}-error")>{e}</p> })}
        </div>
    }
}

#[component]
fn MyClaim(claim: Claim) -> impl IntoView {
    let when = dates::date_short_in(locale(), claim.submitted_on);
    let status = claim.status;
    let reason = claim.rejection_reason.clone();
    view! {
        <li class="claim">
            <div class="claim-head">
                <strong>{claim.event_title.clone()}</strong>
                <span class=status_class(status)>{tr(status.label_key())}</span>
            </div>
            <p class="muted small">{tr_with("expenses.submitted_on", &[("date", &when)])}</p>
            <ClaimDetails claim=claim.clone()/>
            <p><strong>{tr("expenses.total")}": "{money(claim.total)}</strong></p>
            {reason.map(|r| view! { <p class="notice notice-error">{tr("expenses.reason")}": "{r}</p> })}
            <Receipts claim/>
        </li>
    }
}

#[component]
pub fn ExpenseClaimsPageView() -> impl IntoView {
    let page = Resource::new(super::param("organiser"), load_expense_claims);
    view! {
        <Title text=tr("expenses.admin_title")/>
        {loaded(page, |page| view! { <ClaimsView page/> }.into_any())}
    }
}

#[component]
fn ClaimsView(page: ClaimsPage) -> impl IntoView {
    let ClaimsPage { organiser, claims, form, csrf_token } = page;
    let notice = use_query_map().with_untracked(|q| q.get("melding"));
    let notice = notice.and_then(|n| match n.as_str() {
        "goedgekeurd" => Some(("notice notice-success", tr("expenses.approved_notice"))),
        "afgewezen" => Some(("notice notice-success", tr("expenses.rejected_notice"))),
        "al-beslist" => Some(("notice", tr("expenses.already_decided"))),
        _ => None,
    });
    let under = (paths::backoffice::finances(&organiser.slug), tr("finances.title").to_string());
    let action = paths::backoffice::expense_claims(&organiser.slug);
    let (waiting, decided): (Vec<Claim>, Vec<Claim>) =
        claims.into_iter().partition(|c| c.status == ClaimStatus::Submitted);
    view! {
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone() under=under/>
            <h1>{tr("expenses.admin_title")}</h1>
            {notice.map(|(class, text)| view! { <p class=class role="status">{text}</p> })}
            <p class="lead">{tr("expenses.admin_lead")}" "<a href=paths::backoffice::settings(&organiser.slug)>{tr("expenses.to_rate")}</a></p>
            <h2 id="te-beslissen">{tr("expenses.waiting")}</h2>
            {if waiting.is_empty() {
                view! { <p class="muted">{tr("expenses.none_waiting")}</p> }.into_any()
            } else {
                view! {
                    <ul class="claims">
                        {waiting.into_iter().map(|c| view! {
                            <AdminClaim claim=c action=action.clone() csrf=csrf_token.clone() form=form.clone()/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2 id="beslist">{tr("expenses.decided")}</h2>
            {if decided.is_empty() {
                view! { <p class="muted">{tr("expenses.none_decided")}</p> }.into_any()
            } else {
                let slug = organiser.slug.clone();
                view! {
                    <ul class="claims">
                        {decided.into_iter().map(|c| {
                            let line = c.cost_line_id.map(|id| paths::backoffice::cost_line(&slug, c.event_id, id));
                            view! { <AdminClaim claim=c action=action.clone() csrf=csrf_token.clone() form=FormState::default() line/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AdminClaim(
    claim: Claim,
    action: String,
    csrf: String,
    form: FormState,
    #[prop(default = None)] line: Option<String>,
) -> impl IntoView {
    let when = dates::date_short_in(locale(), claim.submitted_on);
    let status = claim.status;
    // A refused rejection comes back to its own claim's form (each claim's reason has its own name).
    let reason_name = reason_field(claim.id);
    let reason_value = form.value(&reason_name);
    let reason_error = form.error(&reason_name);
    let id = claim.id.to_string();
    let open = reason_error.is_some();
    let decide = (status == ClaimStatus::Submitted).then(|| {
        let (approve_id, reject_id) = (id.clone(), id.clone());
        let total = money(claim.total);
        view! {
            <div class="claim-decision">
                <PostForm action=action.clone() class="inline-form" csrf=csrf.clone()>
                    <input type="hidden" name=field::CLAIM value=approve_id/>
                    <button type="submit" class="button" name=field::ACTION value=APPROVE>
                        {tr_with("expenses.approve", &[("amount", &total)])}
                    </button>
                </PostForm>
                <details class="claim-reject" open=open>
                    <summary>{tr("expenses.reject")}</summary>
                    <PostForm action=action class="stacked-form" novalidate=true csrf=csrf>
                        <input type="hidden" name=field::CLAIM value=reject_id/>
                        <TextArea label=tr("expenses.reason_label") name=reason_name value=reason_value error=reason_error
                            hint=tr("expenses.reason_hint") rows=3/>
                        <button type="submit" class="button button-danger" name=field::ACTION value=REJECT>{tr("expenses.reject_button")}</button>
                    </PostForm>
                </details>
            </div>
        }
    });
    let reason = claim.rejection_reason.clone();
    view! {
        <li class="claim">
            <div class="claim-head">
                <strong>{claim.trainer_name.clone()}</strong>
                <span class=status_class(status)>{tr(status.label_key())}</span>
            </div>
            <p class="muted small">{format!("{} · ", claim.event_title)}{tr_with("expenses.submitted_on", &[("date", &when)])}</p>
            <ClaimDetails claim=claim.clone()/>
            <p><strong>{tr("expenses.total")}": "{money(claim.total)}</strong></p>
            {reason.map(|r| view! { <p class="notice notice-error">{tr("expenses.reason")}": "{r}</p> })}
            {line.map(|href| view! { <p><a href=href>{tr("expenses.to_cost_line")}</a></p> })}
            <Receipts claim/>
            {decide}
        </li>
    }
}

/// The organiser's kilometre rate on its settings page (admins change it).
#[component]
pub fn KmRateSettings(organiser: String, rate: KmRate, may_change: bool, csrf: String) -> impl IntoView {
    let notice = use_query_map().with_untracked(|q| q.get("melding"));
    let saved = notice.as_deref() == Some("km-tarief-bewaard");
    let invalid = notice.as_deref() == Some("km-tarief-ongeldig");
    let current = rate.display(decimal());
    view! {
        <h2 id="km-tarief">{tr("expenses.rate_title")}</h2>
        <p>{tr("expenses.rate_explained")}</p>
        {saved.then(|| view! { <p class="notice notice-success" role="status">{tr("expenses.rate_saved")}</p> })}
        {if may_change {
            let error = invalid.then(|| tr("expenses.error.rate_format").to_string());
            view! {
                <PostForm action=paths::backoffice::km_rate(&organiser) class="stacked-form" labelledby="km-tarief" novalidate=true csrf=csrf>
                    <Field label=tr("expenses.rate_label") name=field::KM_RATE value=current error=error
                        hint=tr("expenses.rate_hint") inputmode="decimal" class="field-short" autocomplete="off"/>
                    <button type="submit" class="button">{tr("expenses.rate_save")}</button>
                </PostForm>
            }.into_any()
        } else {
            view! { <p><strong>{rate_text(rate)}</strong></p> }.into_any()
        }}
    }
}
