//! The admins' money pages:
//! - `/beheer/:organiser/financien?jaar=YYYY`: the year, per event, budget
//!   against actual, income and result;
//! - `/beheer/:organiser/activiteiten/:event/financien`: an event's income
//!   and cost lines, and a form to add a line (posted to the same address);
//! - `…/financien/:line`: one line: its form while it may change (an
//!   approved line's amount, payee and account read-only), its buttons
//!   (approve, withdraw the approval, mark paid: posted to the same address
//!   with `actie`), its removal while planned (`…/financien/:line/verwijderen`),
//!   and for a paid line, which no longer changes, its corrections and the
//!   form for a new one (posted to the event's books);
//! - `…/financien/:line/uitbetalen` (a button on the event's books): pays an
//!   approved line's approved amount to the payee's Stripe connected account.

use super::books::{BudgetSection, EventDownloads, YearBudget, YearXlsxLink};
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
use domain::finances::budget::BudgetTable;
use domain::finances::{CostCategory, CostLine, CostLineEdit, CostStatus, FinanceYear, Income, field, result};
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
        move || {
            (organiser(), query.with(|q| q.get(domain::forms::fields::year::YEAR).and_then(|y| y.parse::<i32>().ok())))
        },
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
    let csv = paths::for_year(&paths::backoffice::finances_csv(&organiser.slug), year);
    let heading = tr_with("finances.year_title", &[("year", &year.to_string())]);
    let slug = organiser.slug.to_string();
    let xlsx_link = view! { <YearXlsxLink organiser=slug.clone() year/> };
    let figures = vec![
        (tr("finances.earned_net"), money(income.earned_net())),
        (tr("finances.stripe_fees"), money(income.stripe_fees)),
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
                {xlsx_link}
            </YearPicker>
            <p>
                <a href=paths::backoffice::payment_files(&organiser.slug)>{tr("finances.to_payment_files")}</a>
                " · "
                <a href=paths::backoffice::expense_claims(&organiser.slug)>{tr("expenses.admin_title")}</a>
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
                                <th scope="col" class="num">{tr("finances.earned_net")}</th>
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
                                            <td data-label=tr("finances.earned_net") class="num nowrap">{money(e.income.earned_net())}</td>
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
                                <td data-label=tr("finances.earned_net") class="num nowrap">{money(income.earned_net())}</td>
                                <td data-label=tr("finances.costs_budget") class="num nowrap">{money(costs.budget)}</td>
                                <td data-label=tr("finances.costs_expected") class="num nowrap">{money(costs.expected)}</td>
                                <td data-label=tr("finances.to_pay") class="num nowrap">{money(costs.to_pay)}</td>
                                <td data-label=tr("finances.result") class="num nowrap">{signed(total)}</td>
                            </tr></tfoot>
                        </table>
                    </DataTable>
                    <YearBudget organiser=slug year/>
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

/// The select options of the form: every category, named in the page's language.
fn categories() -> Vec<(String, String)> {
    CostCategory::ALL.iter().map(|c| (c.code().to_string(), tr(c.label_key()).to_string())).collect()
}

fn trainer_options(trainers: Vec<(i32, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), tr("finances.no_trainer").to_string()))
        .chain(trainers.into_iter().map(|(id, name)| (id.to_string(), name)))
        .collect()
}

/// The fields of a cost line, for the add, the correction and the edit form.
/// `fixed`: the line is approved, so its amount, payee and account show but
/// do not change (the store refuses a change anyway). A line's status is not
/// a field: it moves through the line's buttons.
#[component]
fn CostLineFields(form: FormState, trainers: Vec<(i32, String)>, #[prop(optional)] fixed: bool) -> impl IntoView {
    let v = |name: &str| form.value(name);
    let e = |name: &str| form.error(name);
    let fixed_hint =
        |hint: &'static str| if fixed { tr("finances.fixed_hint").to_string() } else { tr(hint).to_string() };
    let corrects = v(field::CORRECTS);
    view! {
        {(!corrects.is_empty()).then(|| view! { <input type="hidden" name=field::CORRECTS value=corrects/> })}
        <div class="field-row">
            <Select label=tr("finances.category") name=field::CATEGORY value=v(field::CATEGORY) options=categories() error=e(field::CATEGORY) required=true/>
            <Field label=tr("finances.description") name=field::DESCRIPTION value=v(field::DESCRIPTION) error=e(field::DESCRIPTION) required=true/>
        </div>
        <Field label=tr("finances.payee") name=field::PAYEE value=v(field::PAYEE) error=e(field::PAYEE) hint=fixed_hint("finances.payee_hint") readonly=fixed/>
        {(!fixed).then(|| view! {
            <Select label=tr("finances.trainer") name=field::TRAINER value=v(field::TRAINER) options=trainer_options(trainers) error=e(field::TRAINER) hint=tr("finances.trainer_hint")/>
        })}
        <div class="field-row">
            <Field label=tr("finances.budget") name=field::BUDGET value=v(field::BUDGET) error=e(field::BUDGET) required=true inputmode="decimal" hint=tr("finances.budget_hint") class="field-short"/>
            <Field label=tr("finances.actual") name=field::ACTUAL value=v(field::ACTUAL) error=e(field::ACTUAL) inputmode="decimal" hint=fixed_hint("finances.actual_hint") class="field-short" readonly=fixed/>
        </div>
        <Field label=tr("finances.reference") name=field::REFERENCE value=v(field::REFERENCE) error=e(field::REFERENCE) hint=tr("finances.reference_hint")/>
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
            "betaald-definitief" => ("notice notice-warning", tr("finances.notice_paid_final")),
            "eerst-intrekken" => ("notice notice-warning", tr("finances.notice_withdraw_first")),
            "gewijzigd" => ("notice notice-warning", tr("finances.notice_stale")),
            "goedgekeurd" => ("notice notice-success", tr("finances.notice_approved")),
            "ingetrokken" => ("notice notice-success", tr("finances.notice_withdrawn")),
            "betaald-gemarkeerd" => ("notice notice-success", tr("finances.notice_marked_paid")),
            "bedrag-nodig" => ("notice notice-warning", tr("validation.cost_actual_needed")),
            "vier-ogen" => ("notice notice-warning", tr("finances.notice_four_eyes")),
            "uitbetaling-bezig" => ("notice notice-warning", tr("finances.notice_in_progress")),
            "correctie-toegevoegd" => ("notice notice-success", tr("finances.notice_correction_added")),
            "niet-te-corrigeren" => ("notice notice-warning", tr("finances.notice_not_correctable")),
            "uitbetaald" => ("notice notice-success", tr("finances.notice_paid_out")),
            "al-betaald" => ("notice", tr("finances.notice_paid_already")),
            "niet-uit-te-betalen" => ("notice notice-warning", tr("finances.notice_not_payable")),
            "saldo-te-laag" => ("notice notice-warning", tr("finances.notice_balance")),
            "account-onbekend" => ("notice notice-warning", tr("finances.notice_account_unknown")),
            "geweigerd" => ("notice notice-warning", tr("finances.notice_refused")),
            "stripe-onbereikbaar" => ("notice notice-warning", tr("finances.notice_unreachable")),
            "geen-betaalprovider" => ("notice notice-warning", tr("finances.notice_no_provider")),
            "in-betaalbestand" => ("notice notice-warning", tr("finances.notice_in_file")),
            "geen-lesgever" => ("notice notice-warning", tr("finances.notice_no_trainer")),
            "stripe-niet-klaar" => ("notice notice-warning", tr("finances.notice_stripe_not_ready")),
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
                    <tr><th scope="row">{tr("finances.stripe_fees")}</th><td class="num nowrap">{money(Money::ZERO - income.stripe_fees)}</td></tr>
                </tbody>
                <tfoot>
                    <tr><th scope="row">{tr("finances.earned_net")}</th><td class="num nowrap">{money(income.earned_net())}</td></tr>
                    <tr><th scope="row">{tr("finances.outstanding")}</th><td class="num nowrap">{money(income.outstanding())}</td></tr>
                </tfoot>
            </table>
        </DataTable>
    }
}

#[component]
fn EventView(page: EventFinancesPage) -> impl IntoView {
    let language = locale();
    let EventFinancesPage {
        organiser,
        event_id,
        title,
        income,
        lines,
        costs,
        form,
        trainers,
        csrf_token,
        four_eyes,
        viewer_id,
        stripe_ready,
    } = page;
    let rows_token = csrf_token.clone();
    let budget = BudgetTable::of(&lines);
    let base = paths::backoffice::event_finances(&organiser.slug, event_id);
    let heading = tr_with("finances.event_title", &[("event", &title)]);
    let figures = vec![
        (tr("finances.earned_net"), money(income.earned_net())),
        (tr("finances.received"), money(income.received())),
        (tr("finances.costs_budget"), money(costs.budget)),
        (tr("finances.costs_expected"), money(costs.expected)),
        (tr("finances.to_pay"), money(costs.to_pay)),
        (tr("finances.result"), money(result(&income, &costs))),
    ];
    let editor = paths::backoffice::event(&organiser.slug, event_id);
    let error_count = form.errors.len();
    let add_heading =
        if form.value(field::CORRECTS).is_empty() { tr("finances.add") } else { tr("finances.correction_add") };
    let descriptions: Vec<(i32, String)> = lines.iter().map(|l| (l.id, l.description.clone())).collect();
    let rules = if four_eyes { tr("finances.rules_four_eyes") } else { tr("finances.rules") };
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone() under=year_page(&organiser)/>
            <h1>{heading}</h1>
            <p class="lead">{tr("finances.event_lead")}" "<a href=editor>{tr("finances.to_editor")}</a></p>
            {notice()}
            <Figures figures/>
            <EventDownloads organiser=organiser.slug.to_string() event_id/>
            <h2 id="inkomsten">{tr("finances.income")}</h2>
            <IncomeTable income/>
            <h2 id="kosten">{tr("finances.costs")}</h2>
            <p class="muted small">{rules}</p>
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
                                {lines.into_iter().map(|line| {
                                    let corrected = line.corrects.and_then(|id| descriptions.iter().find(|(i, _)| *i == id).map(|(_, d)| d.clone()));
                                    let may_pay = line.may_be_paid_by(viewer_id, four_eyes);
                                    let stripe_ready = line.trainer_id.is_some_and(|t| stripe_ready.contains(&t));
                                    view! { <CostRow line corrected may_pay stripe_ready organiser=organiser.slug.to_string() event_id language csrf=rows_token.clone()/> }
                                }).collect_view()}
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
            <BudgetSection table=budget/>
            <h2 id="kost-toevoegen">{add_heading}</h2>
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

/// A line's status in words: paid on a day, approved by someone on a day.
fn status_text(line: &CostLine, language: domain::i18n::Locale) -> (String, Option<String>) {
    let day = |d| dates::date_short_in(language, d);
    let status = match (line.status, line.paid_on) {
        (CostStatus::Paid, Some(on)) => tr_with("finances.paid_on", &[("date", &day(on))]),
        (status, _) => tr(status.label_key()).to_string(),
    };
    let approval = line.approval.as_ref().map(|a| match &a.approver {
        Some(who) if !who.name.is_empty() => {
            tr_with("finances.approved_by", &[("name", &who.name), ("date", &day(a.on)), ("amount", &money(a.amount))])
        }
        _ => tr_with("finances.approved_on", &[("date", &day(a.on)), ("amount", &money(a.amount))]),
    });
    (status, approval)
}

/// The approve button: it carries the amount the admin sees, which the approval fixes.
#[component]
fn ApproveButton(line: CostLine, action: String, csrf: String, #[prop(optional)] small: bool) -> impl IntoView {
    let amount = line.actual.map(CostLineEdit::plain_amount).unwrap_or_default();
    let label = tr_with(
        "finances.approve_label",
        &[("line", &line.description), ("amount", &line.actual.map(money).unwrap_or_default())],
    );
    let class = if small { "button button-small" } else { "button" };
    view! {
        <PostForm action class="inline-form" csrf>
            <input type="hidden" name=field::ACTION value="goedkeuren"/>
            <input type="hidden" name=field::SEEN_AMOUNT value=amount/>
            <button type="submit" class=class aria-label=label>{tr("finances.approve")}</button>
        </PostForm>
    }
}

#[component]
fn CostRow(
    line: CostLine,
    /// The description of the line it corrects.
    corrected: Option<String>,
    /// Whether the viewer may pay it (four eyes).
    may_pay: bool,
    /// Whether the line's trainer has a Stripe account ready for payouts.
    stripe_ready: bool,
    organiser: String,
    event_id: i32,
    language: domain::i18n::Locale,
    csrf: String,
) -> impl IntoView {
    let href = paths::backoffice::cost_line(&organiser, event_id, line.id);
    let pay = line.payable_through_stripe().map(|amount| {
        if !may_pay {
            return view! { <span class="muted small">{tr("finances.four_eyes_other")}</span> }.into_any();
        }
        // No button where the store would refuse: why, and where to fix it.
        if let Some(blocker) = line.stripe_blocker(stripe_ready) {
            let fix = line.trainer_id.map(|t| {
                view! { " "<a href=format!("{}#stripe", paths::backoffice::trainer(&organiser, t))>{tr("finances.stripe_to_trainer")}</a> }
            });
            return view! { <span class="muted small">{tr(blocker.message_key())}{fix}</span> }.into_any();
        }
        let retry = line.status == CostStatus::PayingOut;
        let text = if retry { tr_with("finances.pay_retry", &[("amount", &money(amount))]) } else { tr_with("finances.pay", &[("amount", &money(amount))]) };
        let label = tr_with("finances.pay_label", &[("amount", &money(amount)), ("line", &line.description)]);
        view! {
            <PostForm action=paths::backoffice::cost_line_pay_out(&organiser, event_id, line.id) class="inline-form" csrf=csrf.clone()>
                <button type="submit" class="button button-small" aria-label=label>{text}</button>
            </PostForm>
        }.into_any()
    });
    let approve = (line.status == CostStatus::Planned && line.actual.is_some())
        .then(|| view! { <ApproveButton line=line.clone() action=href.clone() csrf=csrf.clone() small=true/> });
    let (link_text, link_label) = if line.status.is_editable() {
        (tr("finances.edit"), tr_with("finances.edit_label", &[("line", &line.description)]))
    } else {
        (tr("finances.view"), tr_with("finances.view_label", &[("line", &line.description)]))
    };
    let (status, approval) = status_text(&line, language);
    let correction = corrected.map(
        |of| view! { <br/><span class="muted small">{tr_with("finances.correction_of", &[("line", &of)])}</span> },
    );
    let is_correction = line.corrects.is_some();
    view! {
        <tr class:cost-correction=is_correction>
            <td class="title-cell">
                {line.description.clone()}
                {line.payee.clone().map(|p| view! { <br/><span class="muted small">{p}</span> })}
                {correction}
            </td>
            <td data-label=tr("finances.category")>{tr(line.category.label_key())}</td>
            <td data-label=tr("finances.budget") class="num nowrap">{money(line.budget)}</td>
            <td data-label=tr("finances.actual") class="num nowrap">{line.actual.map(money).unwrap_or_else(|| "–".into())}</td>
            <td data-label=tr("finances.status")>
                <span class=format!("status status-cost-{}", line.status)>{status}</span>
                {approval.map(|a| view! { <br/><span class="muted small">{a}</span> })}
                {line.payout_reference.clone().map(|r| view! { <br/><span class="muted small">{r}</span> })}
            </td>
            <td class="row-actions">
                <a class="button button-small button-quiet" href=href aria-label=link_label>{link_text}</a>
                {approve}
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

/// A line that no longer changes, as a list of what it holds.
#[component]
fn LineFacts(line: CostLine, language: domain::i18n::Locale) -> impl IntoView {
    let (status, approval) = status_text(&line, language);
    let dash = || "–".to_string();
    view! {
        <dl class="facts">
            <dt>{tr("finances.category")}</dt><dd>{tr(line.category.label_key())}</dd>
            <dt>{tr("finances.payee")}</dt><dd>{line.payee.clone().unwrap_or_else(dash)}</dd>
            <dt>{tr("finances.budget")}</dt><dd>{money(line.budget)}</dd>
            <dt>{tr("finances.actual")}</dt><dd>{line.actual.map(money).unwrap_or_else(dash)}</dd>
            <dt>{tr("finances.status")}</dt><dd>{status}{approval.map(|a| view! { <br/><span class="muted small">{a}</span> })}</dd>
            <dt>{tr("finances.reference")}</dt><dd>{line.payout_reference.clone().unwrap_or_else(dash)}</dd>
            <dt>{tr("finances.account")}</dt><dd>{line.payout_account.as_ref().map(|a| a.as_str().to_string()).unwrap_or_else(dash)}</dd>
        </dl>
    }
}

#[component]
fn LineView(page: CostLinePage) -> impl IntoView {
    let language = locale();
    let CostLinePage {
        organiser,
        event_id,
        title,
        line,
        form,
        paid_form,
        correction_form,
        corrected,
        corrections,
        csrf_token,
        four_eyes,
        viewer_id,
        trainers,
    } = page;
    let event_page = paths::backoffice::event_finances(&organiser.slug, event_id);
    let action = paths::backoffice::cost_line(&organiser.slug, event_id, line.id);
    let heading = tr_with("finances.line_title", &[("line", &line.description)]);
    let error_count = form.errors.len() + paid_form.errors.len();
    let status = line.status;
    let may_pay = line.may_be_paid_by(viewer_id, four_eyes);
    let corrected_view = corrected.map(|o| {
        let href = paths::backoffice::cost_line(&organiser.slug, event_id, o.id);
        view! { <p>{tr("finances.corrects")}" "<a href=href>{o.description}</a></p> }
    });
    // While it may change: the form (an approved line's terms read-only).
    let edit = status.is_editable().then(|| {
        let trainers = trainers.clone();
        let token = csrf_token.clone();
        let action = action.clone();
        let back = event_page.clone();
        view! {
            <PostForm class="stacked-form" action=action novalidate=true csrf=token>
                <CostLineFields form trainers fixed=status.fixes_terms()/>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("editor.save")}</button>
                    <a href=back>{tr("editor.cancel")}</a>
                </div>
            </PostForm>
        }
    });
    let facts = (!status.is_editable()).then(|| view! { <LineFacts line=line.clone() language/> });
    let actions = match status {
        CostStatus::Planned => {
            let approve = if line.actual.is_some() {
                view! { <ApproveButton line=line.clone() action=action.clone() csrf=csrf_token.clone()/> }.into_any()
            } else {
                view! { <p class="muted small">{tr("validation.cost_actual_needed")}</p> }.into_any()
            };
            view! {
                <h2 id="goedkeuren">{tr("finances.approve_title")}</h2>
                <p class="small">{tr("finances.approve_explained")}</p>
                {approve}
                <details class="confirm">
                    <summary>{tr("finances.remove")}</summary>
                    <PostForm action=paths::backoffice::cost_line_remove(&organiser.slug, event_id, line.id) csrf=csrf_token.clone()>
                        <p class="small">{tr("finances.remove_explained")}</p>
                        <button type="submit" class="button button-small button-danger">{tr("finances.remove_confirm")}</button>
                    </PostForm>
                </details>
            }.into_any()
        }
        CostStatus::Approved => {
            let pay = if may_pay {
                let (reference, reference_error) =
                    (paid_form.value(field::REFERENCE), paid_form.error(field::REFERENCE));
                view! {
                    <h2 id="betaald">{tr("finances.mark_paid_title")}</h2>
                    <PostForm class="stacked-form" action=action.clone() novalidate=true labelledby="betaald" csrf=csrf_token.clone()>
                        <input type="hidden" name=field::ACTION value="betaald"/>
                        <Field label=tr("finances.reference") name=field::REFERENCE value=reference error=reference_error required=true hint=tr("finances.mark_paid_hint")/>
                        <button type="submit" class="button">{tr("finances.mark_paid")}</button>
                    </PostForm>
                }.into_any()
            } else {
                view! { <p class="notice">{tr("finances.four_eyes_other")}</p> }.into_any()
            };
            view! {
                {pay}
                <details class="confirm">
                    <summary>{tr("finances.withdraw")}</summary>
                    <PostForm action=action.clone() csrf=csrf_token.clone()>
                        <input type="hidden" name=field::ACTION value="intrekken"/>
                        <p class="small">{tr("finances.withdraw_explained")}</p>
                        <button type="submit" class="button button-small">{tr("finances.withdraw_confirm")}</button>
                    </PostForm>
                </details>
            }
            .into_any()
        }
        CostStatus::PayingOut => {
            view! { <p class="notice notice-warning">{tr("finances.paying_out_explained")}</p> }.into_any()
        }
        CostStatus::SentToBank => view! { <p class="notice">{tr("finances.sent_to_bank_explained")}</p> }.into_any(),
        CostStatus::Paid => {
            let books_action = event_page.clone();
            view! {
                <p class="muted small">{tr("finances.paid_stays")}</p>
                <h2 id="correcties">{tr("finances.corrections")}</h2>
                {if corrections.is_empty() {
                    view! { <p class="muted small">{tr("finances.no_corrections")}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {corrections.into_iter().map(|c| {
                                let href = paths::backoffice::cost_line(&organiser.slug, event_id, c.id);
                                let amount = c.actual.unwrap_or(c.budget);
                                view! { <li><a href=href>{c.description.clone()}</a>" ("{money(amount)}", "{tr(c.status.label_key())}")"</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h3 id="correctie">{tr("finances.correction_add")}</h3>
                <p class="small">{tr("finances.correction_explained")}</p>
                <PostForm class="stacked-form" action=books_action novalidate=true labelledby="correctie" csrf=csrf_token.clone()>
                    <CostLineFields form=correction_form trainers=trainers.clone()/>
                    <button type="submit" class="button">{tr("finances.correction_button")}</button>
                </PostForm>
            }.into_any()
        }
    };
    view! {
        <Title text=heading.clone()/>
        <section class="container narrow backoffice">
            <BackofficeTrail organiser=organiser.clone() under=(event_page.clone(), tr_with("finances.event_title", &[("event", &title)]))/>
            <h1>{heading}</h1>
            {corrected_view}
            <ErrorSummary count=error_count/>
            {edit}
            {facts}
            {actions}
        </section>
    }
}
