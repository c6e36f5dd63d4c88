//! The admins' money pages:
//! - `/beheer/:organiser/financien?jaar=YYYY`: the year, per event, budget
//!   against actual, income and result;
//! - `/beheer/:organiser/activiteiten/:event/financien`: an event's income
//!   and cost lines, and a form to add a line (posted to the same address);
//! - `…/financien/:line`: one line's form (posted to the same address), and
//!   its removal (`…/financien/:line/verwijderen`);
//! - `…/financien/:line/uitbetalen` (a button on the event's books): pays an
//!   approved line to the payee's Stripe connected account.

use super::param;
use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::components::year::{Figures, YearPicker};
use crate::forms::FormState;
use crate::functions::finances::{
    CostLinePage, EventFinancesPage, load_cost_line, load_event_finances, load_finance_year,
};
use crate::i18n::{locale, tr, tr_with};
use domain::Money;
use domain::finances::{CostCategory, CostLine, CostStatus, CostTotals, FinanceYear, Income, field, result};
use domain::listing::OrganiserRef;
use domain::paths;
use domain::{EventStatus, dates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The year overview's address and name, for the trail of the pages under it.
fn year_page(organiser: &OrganiserRef) -> (String, String) {
    (paths::backoffice::finances(&organiser.slug), tr("finances.title").to_string())
}

fn money(m: Money) -> String {
    m.display_full_in(locale())
}

/// A result: marked when the event costs more than it brings in.
fn signed(m: Money) -> impl IntoView {
    let negative = m.cents() < 0;
    view! { <span class:negative=negative>{money(m)}</span> }
}

#[component]
pub fn FinanceYearPage() -> impl IntoView {
    let organiser = param("organiser");
    let query = use_query_map();
    let year = Resource::new(
        move || (organiser(), query.with(|q| q.get("jaar").and_then(|y| y.parse::<i32>().ok()))),
        |(organiser, year)| load_finance_year(organiser, year),
    );
    view! {
        {loaded(year, |year| view! { <YearView year/> }.into_any())}
    }
}

#[component]
fn YearView(year: FinanceYear) -> impl IntoView {
    let language = locale();
    let income = year.income();
    let costs = year.costs();
    let total = year.result();
    let FinanceYear { organiser, year, years, events } = year;
    let base = paths::backoffice::finances(&organiser.slug);
    let csv = format!("{}?jaar={year}", paths::backoffice::finances_csv(&organiser.slug));
    let heading = tr_with("finances.year_title", &[("year", &year.to_string())]);
    let figures = vec![
        (tr("finances.earned"), money(income.earned())),
        (tr("finances.received"), money(income.received())),
        (tr("finances.costs_budget"), money(costs.budget)),
        (tr("finances.costs_expected"), money(costs.expected)),
        (tr("finances.to_pay"), money(costs.to_pay)),
        (tr("finances.result"), money(total)),
    ];
    view! {
        <Title text=format!("{heading} – {}", organiser.short_name)/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{format!("{heading} – {}", organiser.name)}</h1>
            <p class="lead">{tr("finances.year_lead")}</p>
            <YearPicker action=base.clone() year years>
                <a class="button button-small" href=csv download>{tr("finances.download")}</a>
            </YearPicker>
            <p>
                <a href=paths::backoffice::payment_files(&organiser.slug)>{tr("finances.to_payment_files")}</a>
                " · "
                <a href=paths::backoffice::trainers(&organiser.slug)>{tr("finances.to_trainers")}</a>
            </p>
            {if events.is_empty() {
                view! { <p class="notice">{tr_with("finances.year_empty", &[("year", &year.to_string())])}</p> }.into_any()
            } else {
                view! {
                    <Figures figures/>
                    <h2 id="per-activiteit">{tr("finances.per_event")}</h2>
                    <DataTable labelledby="per-activiteit">
                        <table class="data stack-on-phone">
                            <thead><tr>
                                <th scope="col">{tr("finances.event")}</th>
                                <th scope="col">{tr("finances.date")}</th>
                                <th scope="col" class="num">{tr("finances.earned")}</th>
                                <th scope="col" class="num">{tr("finances.costs_budget")}</th>
                                <th scope="col" class="num">{tr("finances.costs_expected")}</th>
                                <th scope="col" class="num">{tr("finances.to_pay")}</th>
                                <th scope="col" class="num">{tr("finances.result")}</th>
                            </tr></thead>
                            <tbody>
                                {events.into_iter().map(|e| {
                                    let href = paths::backoffice::event_finances(&organiser.slug, e.event_id);
                                    let result = e.result();
                                    view! {
                                        <tr>
                                            <td class="title-cell">
                                                <a href=href>{e.title.clone()}</a>
                                                {(e.status == EventStatus::Cancelled).then(|| view! { " "<span class="status status-cancelled">{tr("dash.status.cancelled")}</span> })}
                                                <br/><span class="muted small">{e.kind.label_in(language, false)}</span>
                                            </td>
                                            <td data-label=tr("finances.date") class="nowrap">{e.starts_on.map(|d| dates::date_short_in(language, d)).unwrap_or_else(|| "–".into())}</td>
                                            <td data-label=tr("finances.earned") class="num nowrap">{money(e.income.earned())}</td>
                                            <td data-label=tr("finances.costs_budget") class="num nowrap">{money(e.costs.budget)}</td>
                                            <td data-label=tr("finances.costs_expected") class="num nowrap">{money(e.costs.expected)}</td>
                                            <td data-label=tr("finances.to_pay") class="num nowrap">{money(e.costs.to_pay)}</td>
                                            <td data-label=tr("finances.result") class="num nowrap">{signed(result)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row" colspan="2">{tr("finances.total")}</th>
                                <td data-label=tr("finances.earned") class="num nowrap">{money(income.earned())}</td>
                                <td data-label=tr("finances.costs_budget") class="num nowrap">{money(costs.budget)}</td>
                                <td data-label=tr("finances.costs_expected") class="num nowrap">{money(costs.expected)}</td>
                                <td data-label=tr("finances.to_pay") class="num nowrap">{money(costs.to_pay)}</td>
                                <td data-label=tr("finances.result") class="num nowrap">{signed(total)}</td>
                            </tr></tfoot>
                        </table>
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn EventFinancesPageView() -> impl IntoView {
    let organiser = param("organiser");
    let event = param("event");
    let page =
        Resource::new(move || (organiser(), event()), |(organiser, event)| load_event_finances(organiser, event));
    view! {
        {loaded(page, |page| view! { <EventView page/> }.into_any())}
    }
}

/// The select options of the form: every category and status, named in the page's language.
fn categories() -> Vec<(String, String)> {
    CostCategory::ALL.iter().map(|c| (c.code().to_string(), tr(c.label_key()).to_string())).collect()
}

/// The statuses one may choose: "sent to the bank" only a payment file sets.
fn statuses() -> Vec<(String, String)> {
    CostStatus::ALL
        .iter()
        .filter(|s| **s != CostStatus::SentToBank)
        .map(|s| (s.as_str().to_string(), tr(s.label_key()).to_string()))
        .collect()
}

fn trainer_options(trainers: Vec<(i32, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr("finances.no_trainer").to_string()))
        .chain(trainers.into_iter().map(|(id, name)| (id.to_string(), name)))
        .collect()
}

/// The fields of a cost line, for the add and the edit form.
#[component]
fn CostLineFields(form: FormState, trainers: Vec<(i32, String)>) -> impl IntoView {
    let v = |name: &str| form.value(name);
    let e = |name: &str| form.error(name);
    view! {
        <div class="field-row">
            <Select label=tr("finances.category") name=field::CATEGORY value=v(field::CATEGORY) options=categories() error=e(field::CATEGORY) required=true/>
            <Field label=tr("finances.description") name=field::DESCRIPTION value=v(field::DESCRIPTION) error=e(field::DESCRIPTION) required=true/>
        </div>
        <div class="field-row">
            <Field label=tr("finances.payee") name=field::PAYEE value=v(field::PAYEE) error=e(field::PAYEE) hint=tr("finances.payee_hint")/>
            <Select label=tr("finances.trainer") name=field::TRAINER value=v(field::TRAINER) options=trainer_options(trainers) error=e(field::TRAINER) hint=tr("finances.trainer_hint")/>
        </div>
        <div class="field-row">
            <Field label=tr("finances.budget") name=field::BUDGET value=v(field::BUDGET) error=e(field::BUDGET) required=true inputmode="decimal" hint=tr("finances.budget_hint") class="field-short"/>
            <Field label=tr("finances.actual") name=field::ACTUAL value=v(field::ACTUAL) error=e(field::ACTUAL) inputmode="decimal" hint=tr("finances.actual_hint") class="field-short"/>
        </div>
        <div class="field-row">
            <Select label=tr("finances.status") name=field::STATUS value=v(field::STATUS) options=statuses() error=e(field::STATUS) required=true hint=tr("finances.status_hint")/>
            <Field label=tr("finances.reference") name=field::REFERENCE value=v(field::REFERENCE) error=e(field::REFERENCE) hint=tr("finances.reference_hint")/>
        </div>
        <Field label=tr("finances.account") name=field::ACCOUNT value=v(field::ACCOUNT) error=e(field::ACCOUNT) hint=tr("finances.account_hint") autocomplete="off"/>
    }
}

fn notice() -> Option<AnyView> {
    use_query_map().with_untracked(|q| {
        let (class, text) = match q.get("melding")?.as_str() {
            "toegevoegd" => ("notice notice-success", tr("finances.notice_added")),
            "opgeslagen" => ("notice notice-success", tr("finances.notice_saved")),
            "ongewijzigd" => ("notice", tr("finances.notice_unchanged")),
            "verwijderd" => ("notice notice-success", tr("finances.notice_removed")),
            "betaald" => ("notice notice-warning", tr("finances.notice_paid_stays")),
            "uitbetaald" => ("notice notice-success", tr("finances.notice_paid_out")),
            "al-betaald" => ("notice", tr("finances.notice_paid_already")),
            "niet-uit-te-betalen" => ("notice notice-warning", tr("finances.notice_not_payable")),
            "saldo-te-laag" => ("notice notice-warning", tr("finances.notice_balance")),
            "account-onbekend" => ("notice notice-warning", tr("finances.notice_account_unknown")),
            "geweigerd" => ("notice notice-warning", tr("finances.notice_refused")),
            "stripe-onbereikbaar" => ("notice notice-warning", tr("finances.notice_unreachable")),
            "geen-betaalprovider" => ("notice notice-warning", tr("finances.notice_no_provider")),
            "in-betaalbestand" => ("notice notice-warning", tr("finances.notice_in_file")),
            _ => return None,
        };
        Some(view! { <p class=class role="status">{text}</p> }.into_any())
    })
}

/// The income, split by how it comes in.
#[component]
fn IncomeTable(income: Income) -> impl IntoView {
    view! {
        <DataTable class="compact" labelledby="inkomsten">
            <table class="data">
                <tbody>
                    <tr><th scope="row">{tr("finances.invoiced")}</th><td class="num nowrap">{money(income.invoiced)}</td></tr>
                    <tr><th scope="row">{tr("finances.credited")}</th><td class="num nowrap">{money(Money::ZERO - income.credited)}</td></tr>
                    <tr><th scope="row">{tr("finances.paid_online")}</th><td class="num nowrap">{money(income.paid_online)}</td></tr>
                    <tr><th scope="row">{tr("finances.refunded_online")}</th><td class="num nowrap">{money(Money::ZERO - income.refunded_online)}</td></tr>
                </tbody>
                <tfoot>
                    <tr><th scope="row">{tr("finances.earned")}</th><td class="num nowrap">{money(income.earned())}</td></tr>
                    <tr><th scope="row">{tr("finances.outstanding")}</th><td class="num nowrap">{money(income.outstanding())}</td></tr>
                </tfoot>
            </table>
        </DataTable>
    }
}

#[component]
fn EventView(page: EventFinancesPage) -> impl IntoView {
    let language = locale();
    let EventFinancesPage { organiser, event_id, title, income, lines, form, trainers, csrf_token } = page;
    let rows_token = csrf_token.clone();
    let costs = CostTotals::of(&lines);
    let base = paths::backoffice::event_finances(&organiser.slug, event_id);
    let heading = tr_with("finances.event_title", &[("event", &title)]);
    let figures = vec![
        (tr("finances.earned"), money(income.earned())),
        (tr("finances.received"), money(income.received())),
        (tr("finances.costs_budget"), money(costs.budget)),
        (tr("finances.costs_expected"), money(costs.expected)),
        (tr("finances.to_pay"), money(costs.to_pay)),
        (tr("finances.result"), money(result(&income, &costs))),
    ];
    let editor = paths::backoffice::event(&organiser.slug, event_id);
    let error_count = form.errors.len();
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone() under=year_page(&organiser)/>
            <h1>{heading}</h1>
            <p class="lead">{tr("finances.event_lead")}" "<a href=editor>{tr("finances.to_editor")}</a></p>
            {notice()}
            <Figures figures/>
            <h2 id="inkomsten">{tr("finances.income")}</h2>
            <IncomeTable income/>
            <h2 id="kosten">{tr("finances.costs")}</h2>
            {if lines.is_empty() {
                view! { <p class="muted">{tr("finances.no_costs")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby="kosten">
                        <table class="data stack-on-phone">
                            <thead><tr>
                                <th scope="col">{tr("finances.description")}</th>
                                <th scope="col">{tr("finances.category")}</th>
                                <th scope="col" class="num">{tr("finances.budget")}</th>
                                <th scope="col" class="num">{tr("finances.actual")}</th>
                                <th scope="col">{tr("finances.status")}</th>
                                <th scope="col"><span class="sr-only">{tr("dash.actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|line| view! { <CostRow line organiser=organiser.slug.to_string() event_id language csrf=rows_token.clone()/> }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row" colspan="2">{tr("finances.total")}</th>
                                <td data-label=tr("finances.budget") class="num nowrap">{money(costs.budget)}</td>
                                <td data-label=tr("finances.costs_expected") class="num nowrap">{money(costs.expected)}</td>
                                <td colspan="2">{tr_with("finances.to_pay_of", &[("amount", &money(costs.to_pay))])}</td>
                            </tr></tfoot>
                        </table>
                    </DataTable>
                }.into_any()
            }}
            <h2 id="kost-toevoegen">{tr("finances.add")}</h2>
            <ErrorSummary count=error_count/>
            <PostForm class="stacked-form" action=base.clone() novalidate=true labelledby="kost-toevoegen" csrf=csrf_token>
                <CostLineFields form trainers/>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("finances.add_button")}</button>
                </div>
            </PostForm>
        </section>
    }
}

#[component]
fn CostRow(
    line: CostLine,
    organiser: String,
    event_id: i32,
    language: domain::i18n::Locale,
    csrf: String,
) -> impl IntoView {
    let href = paths::backoffice::cost_line(&organiser, event_id, line.id);
    let pay = line.payable_through_stripe().map(|(amount, _)| {
        let label = tr_with("finances.pay_label", &[("amount", &money(amount)), ("line", &line.description)]);
        view! {
            <PostForm action=paths::backoffice::cost_line_pay_out(&organiser, event_id, line.id) class="inline-form" csrf=csrf>
                <button type="submit" class="button button-small" aria-label=label>{tr_with("finances.pay", &[("amount", &money(amount))])}</button>
            </PostForm>
        }
    });
    let label = tr_with("finances.edit_label", &[("line", &line.description)]);
    let status = match (line.status, line.paid_on) {
        (CostStatus::Paid, Some(on)) => tr_with("finances.paid_on", &[("date", &dates::date_short_in(language, on))]),
        (status, _) => tr(status.label_key()).to_string(),
    };
    view! {
        <tr>
            <td class="title-cell">
                {line.description.clone()}
                {line.payee.clone().map(|p| view! { <br/><span class="muted small">{p}</span> })}
            </td>
            <td data-label=tr("finances.category")>{tr(line.category.label_key())}</td>
            <td data-label=tr("finances.budget") class="num nowrap">{money(line.budget)}</td>
            <td data-label=tr("finances.actual") class="num nowrap">{line.actual.map(money).unwrap_or_else(|| "–".into())}</td>
            <td data-label=tr("finances.status")>
                <span class=format!("status status-cost-{}", line.status)>{status}</span>
                {line.payout_reference.clone().map(|r| view! { <br/><span class="muted small">{r}</span> })}
            </td>
            <td class="row-actions">
                <a class="button button-small button-quiet" href=href aria-label=label>{tr("finances.edit")}</a>
                {pay}
            </td>
        </tr>
    }
}

#[component]
pub fn CostLinePageView() -> impl IntoView {
    let organiser = param("organiser");
    let event = param("event");
    let line = param("line");
    let page = Resource::new(
        move || (organiser(), event(), line()),
        |(organiser, event, line)| load_cost_line(organiser, event, line),
    );
    view! {
        {loaded(page, |page| view! { <LineView page/> }.into_any())}
    }
}

#[component]
fn LineView(page: CostLinePage) -> impl IntoView {
    let CostLinePage { organiser, event_id, title, line, form, trainers, csrf_token } = page;
    let event_page = paths::backoffice::event_finances(&organiser.slug, event_id);
    let action = paths::backoffice::cost_line(&organiser.slug, event_id, line.id);
    let heading = tr_with("finances.line_title", &[("line", &line.description)]);
    let error_count = form.errors.len();
    let removable = !matches!(line.status, CostStatus::Paid | CostStatus::SentToBank);
    view! {
        <Title text=heading.clone()/>
        <section class="container narrow backoffice">
            <BackofficeTrail organiser=organiser.clone() under=(event_page.clone(), tr_with("finances.event_title", &[("event", &title)]))/>
            <h1>{heading}</h1>
            <ErrorSummary count=error_count/>
            <PostForm class="stacked-form" action=action.clone() novalidate=true csrf=csrf_token.clone()>
                <CostLineFields form trainers/>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("editor.save")}</button>
                    <a href=event_page>{tr("editor.cancel")}</a>
                </div>
            </PostForm>
            {if removable {
                view! {
                    <details class="confirm">
                        <summary>{tr("finances.remove")}</summary>
                        <PostForm action=paths::backoffice::cost_line_remove(&organiser.slug, event_id, line.id) csrf=csrf_token>
                            <p class="small">{tr("finances.remove_explained")}</p>
                            <button type="submit" class="button button-small button-danger">{tr("finances.remove_confirm")}</button>
                        </PostForm>
                    </details>
                }.into_any()
            } else {
                view! { <p class="muted small">{tr("finances.paid_stays")}</p> }.into_any()
            }}
        </section>
    }
}
