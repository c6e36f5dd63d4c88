//! The report's charts (issue 19, point 5): server-rendered SVG, no script,
//! printable and accessible (title, description, the table beside it):
//! registrations per month this period against the same months a year
//! earlier, with that table right under it, and participation per
//! organisation (OCMWs first), whose table is the report's own per
//! organisation. The pages (organiser, Flemish overview) put them between
//! their totals and their tables.

use crate::components::chart::ChartFigure;
use crate::components::table::DataTable;
use crate::i18n::{locale, tr};
use domain::reports::{MonthLine, OrganisationLine, Period};
use leptos::prelude::*;

/// The charts of a participation report (organiser, Flemish overview).
#[component]
pub fn ParticipationCharts(
    /// OCMWs first (see `domain::reports::sort_organisations`).
    by_organisation: Vec<OrganisationLine>,
    /// Every month of the period with the same month a year earlier.
    by_month: Vec<MonthLine>,
    period: Period,
) -> impl IntoView {
    let language = locale();
    let months = domain::overview::months_chart(language, "deelname-per-maand", period, &by_month);
    let organisations = domain::overview::organisations_chart(language, "deelname-per-organisatie", &by_organisation);
    let (now, before) = (months.series[0].name.clone(), months.series[1].name.clone());
    let rows: Vec<(String, u32, u32)> = months
        .categories
        .iter()
        .cloned()
        .zip(by_month.iter().map(|l| (l.counts.registered, l.previous.registered)))
        .map(|(month, (a, b))| (month, a, b))
        .collect();
    view! {
        <div class="chart-pair">
            <div>
                <ChartFigure chart=months table="per-maand"/>
                <DataTable labelledby="per-maand" class="compact">
                    <table class="data">
                        <caption id="per-maand">{tr("charts.by_month.title")}</caption>
                        <thead><tr>
                            <th scope="col">{tr("reports.month")}</th>
                            <th scope="col" class="num">{now}</th>
                            <th scope="col" class="num">{before}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(month, a, b)| view! {
                                <tr><th scope="row">{month}</th><td class="num">{a}</td><td class="num">{b}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </DataTable>
            </div>
            <ChartFigure chart=organisations table="per-organisatie"/>
        </div>
    }
}

/// One chart of an organisation's report (the coordinator's): registered and
/// attended per organiser; its table is the page's per organiser.
#[component]
pub fn OrganiserChart(lines: Vec<domain::overview::OrganiserLine>) -> impl IntoView {
    let chart = domain::overview::organisers_chart(locale(), "deelname-per-organisator", &lines);
    view! { <ChartFigure chart table="per-organisator"/> }
}
