//! Parts of the finances pages (`pages::finances`): budget against actual
//! per kind of cost (an event's from its lines, the year's loaded on its
//! own), and the links to download the books as CSV and XLSX.

use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::functions::books::load_year_budget;
use crate::i18n::{locale, tr, tr_with};
use domain::Money;
use domain::finances::budget::{BudgetRow, BudgetTable};
use domain::i18n::Locale;
use domain::paths;
use leptos::prelude::*;

fn money(m: Money) -> String {
    m.display_full_in(locale())
}

fn percent(row: &BudgetRow) -> String {
    match (row.percent(), locale()) {
        (None, _) => "–".to_string(),
        (Some(p), Locale::En) => format!("{p}%"),
        (Some(p), _) => format!("{p}\u{a0}%"),
    }
}

#[component]
fn BudgetCells(row: BudgetRow) -> impl IntoView {
    let difference = row.difference();
    let over = row.over_budget();
    view! {
        <td data-label=tr("finances.budget") class="num nowrap">{money(row.budget)}</td>
        <td data-label=tr("books.actual") class="num nowrap">{money(row.actual)}</td>
        <td data-label=tr("books.difference") class="num nowrap">
            <span class:negative=over>{money(difference)}</span>
            {over.then(|| view! { <br/><span class="small">{tr("books.over_budget")}</span> })}
        </td>
        <td data-label=tr("books.percent") class="num nowrap">{percent(&row)}</td>
    }
}

/// Budget against actual per kind of cost, with the total.
#[component]
pub fn BudgetSection(table: BudgetTable) -> impl IntoView {
    let BudgetTable { rows, total } = table;
    view! {
        <h2 id="budget-werkelijk">{tr("books.budget_title")}</h2>
        <p class="muted small">{tr("books.budget_lead")}</p>
        {if rows.is_empty() {
            view! { <p class="muted">{tr("books.budget_empty")}</p> }.into_any()
        } else {
            view! {
                <DataTable labelledby="budget-werkelijk">
                    <table class="data stack-on-phone budget-table">
                        <thead><tr>
                            <th scope="col">{tr("finances.category")}</th>
                            <th scope="col" class="num">{tr("finances.budget")}</th>
                            <th scope="col" class="num">{tr("books.actual")}</th>
                            <th scope="col" class="num">{tr("books.difference")}</th>
                            <th scope="col" class="num">{tr("books.percent")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let label = row.category.map(|c| tr(c.label_key())).unwrap_or_default();
                                view! { <tr><th scope="row" class="title-cell">{label}</th><BudgetCells row/></tr> }
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">{tr("finances.total")}</th>
                            <BudgetCells row=total/>
                        </tr></tfoot>
                    </table>
                </DataTable>
            }.into_any()
        }}
    }
}

/// The year's budget against actual (a request of its own, next to the year's figures).
#[component]
pub fn YearBudget(organiser: String, year: i32) -> impl IntoView {
    let budget = Resource::new(move || (organiser.clone(), year), |(o, y)| load_year_budget(o, Some(y)));
    view! { {loaded(budget, |table| view! { <BudgetSection table/> }.into_any())} }
}

/// The year's workbook: a button next to the year's CSV.
#[component]
pub fn YearXlsxLink(organiser: String, year: i32) -> impl IntoView {
    let href = paths::for_year(&paths::backoffice::finances_xlsx(&organiser), year);
    // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
    let label = format!(
        "{}: {}",
        tr("books.download_xlsx"),
        tr_with("books.download_year_xlsx", &[("year", &year.to_string())])
    );
    view! { <a class="button button-small" href=href download aria-label=label>{tr("books.download_xlsx")}</a> }
}

/// An event's books to download: its costs as CSV, everything as XLSX.
#[component]
pub fn EventDownloads(organiser: String, event_id: i32) -> impl IntoView {
    let csv = paths::backoffice::event_finances_csv(&organiser, event_id);
    let xlsx = paths::backoffice::event_finances_xlsx(&organiser, event_id);
    // The accessible names start with the visible text (WCAG 2.5.3, label in name).
    let xlsx_label = format!("{}: {}", tr("books.download_xlsx"), tr("books.download_event_xlsx"));
    let csv_label = format!("{}: {}", tr("books.download_costs_csv"), tr("books.download_event_csv"));
    view! {
        <p class="toolbar no-print">
            <a class="button button-small" href=xlsx download aria-label=xlsx_label>{tr("books.download_xlsx")}</a>
            <a class="button button-small button-quiet" href=csv download aria-label=csv_label>{tr("books.download_costs_csv")}</a>
        </p>
    }
}
