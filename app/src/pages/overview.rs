//! `/overzicht?van=&tot=` (or `?jaar=`): the Flemish overview, every
//! organiser's participation together, for platform admins: totals against
//! the previous period, per organiser (region), per kind, per arrondissement
//! and per organisation, with the charts; every table as CSV, all of them as
//! one workbook.
//!
//! `/mijn/organisatie/:organisation`: a coordinator's report of their own
//! organisation across every organiser it took part with: per organiser, per
//! kind, per activity and per person, with the workbook.

use crate::components::report_charts::{OrganiserChart, ParticipationCharts};
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::year::Figures;
use crate::functions::overview::{ScopeAnswer, load_my_organisation_report, load_platform_report};
use crate::functions::reports::PeriodAsked;
use crate::i18n::{locale, tr, tr_with};
use crate::pages::reports::{
    ActivityTable, Comparison, CountCells, CountHeadings, PeopleTable, PeriodForm, TableHeading, percent,
};
use domain::overview::OrganiserLine;
use domain::paths;
use domain::reports::tables::ReportTable;
use domain::reports::{OrganisationReport, ParticipationReport, Period, PeriodError, fields, hours_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn asked_period() -> Memo<PeriodAsked> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| PeriodAsked { from: q.get(fields::FROM), to: q.get(fields::TO), year: q.get(fields::YEAR) })
    })
}

/// "2026" or "2026-01-01 – 2026-06-30".
fn period_name(period: Period) -> String {
    match period.calendar_year() {
        Some(year) => year.to_string(),
        None => format!("{} – {}", period.from, period.to),
    }
}

#[component]
pub fn PlatformReportPage() -> impl IntoView {
    let asked = asked_period();
    let report = Resource::new(move || asked.get(), |asked| load_platform_report(asked.from, asked.to, asked.year));
    view! {
        {loaded(report, |answer| match answer {
            ScopeAnswer::Report(report) => view! { <PlatformReport report/> }.into_any(),
            ScopeAnswer::BadPeriod { error, asked } => {
                let heading = tr("overview.open").to_string();
                view! { <BadPeriod heading action=paths::PLATFORM_REPORT.to_string() error asked/> }.into_any()
            }
        })}
    }
}

#[component]
pub fn MyOrganisationReportPage() -> impl IntoView {
    let params = use_params_map();
    let asked = asked_period();
    let organisation = move || params.with(|p| p.get("organisation").unwrap_or_default());
    let report = Resource::new(
        move || (organisation(), asked.get()),
        |(organisation, asked)| load_my_organisation_report(organisation, asked.from, asked.to, asked.year),
    );
    view! {
        {move || {
            let action = paths::my_organisation_report(organisation());
            loaded(report, move |answer| match answer {
                ScopeAnswer::Report(report) => view! { <MyOrganisationReport report/> }.into_any(),
                ScopeAnswer::BadPeriod { error, asked } => {
                    let heading = tr("reports.period").to_string();
                    view! { <BadPeriod heading action=action.clone() error asked/> }.into_any()
                }
            })
        }}
    }
}

/// The period's form with its error, and nothing else.
#[component]
fn BadPeriod(heading: String, action: String, error: PeriodError, asked: PeriodAsked) -> impl IntoView {
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice report">
            <h1>{heading}</h1>
            <PeriodForm action from=asked.from.unwrap_or_default() to=asked.to.unwrap_or_default() years=Vec::new() error=Some(error)/>
        </section>
    }
}

/// The per-organiser table (no people column: see `domain::overview::OrganiserLine`).
#[component]
fn OrganiserTable(lines: Vec<OrganiserLine>, labelledby: &'static str) -> impl IntoView {
    view! {
        <DataTable labelledby>
            <table class="data stack-on-phone">
                <thead><tr>
                    <th scope="col">{tr("reports.organiser")}</th>
                    <th scope="col" class="num">{tr("reports.activities")}</th>
                    <th scope="col" class="num">{tr("reports.sessions")}</th>
                    <th scope="col" class="num">{tr("reports.registered")}</th>
                    <th scope="col" class="num">{tr("reports.attended")}</th>
                    <th scope="col" class="num">{tr("reports.check_ins")}</th>
                    <th scope="col" class="num">{tr("reports.hours")}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr>
                            <th scope="row" class="title-cell">{line.organiser.name}</th>
                            <td class="num" data-label=tr("reports.activities")>{line.activities}</td>
                            <td class="num" data-label=tr("reports.sessions")>{line.sessions}</td>
                            <td class="num" data-label=tr("reports.registered")>{line.registered}</td>
                            <td class="num" data-label=tr("reports.attended")>{line.attended}</td>
                            <td class="num" data-label=tr("reports.check_ins")>{line.check_ins}</td>
                            <td class="num" data-label=tr("reports.hours")>{hours_text(line.minutes)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </DataTable>
    }
}

#[component]
fn PlatformReport(report: ParticipationReport) -> impl IntoView {
    let language = locale();
    let period = report.period;
    let heading = match period.calendar_year() {
        Some(year) => tr_with("overview.title", &[("year", &year.to_string())]),
        None => tr_with("overview.title_period", &[("from", &period.from.to_string()), ("to", &period.to.to_string())]),
    };
    let query = period.query();
    let xlsx = format!("{}{query}", paths::PLATFORM_REPORT_XLSX);
    let csv = |file: String| format!("{}{query}", paths::platform_report_csv(file));
    let organisers = domain::overview::by_organiser(&report.by_activity);
    let totals = report.totals;
    let figures = vec![
        (tr("overview.organisers"), organisers.len().to_string()),
        (tr("reports.activities"), totals.activities.to_string()),
        (tr("reports.sessions"), totals.sessions.to_string()),
        (tr("reports.registered"), totals.counts.registered.to_string()),
        (tr("reports.attended"), format!("{} ({})", totals.counts.attended, percent(totals.counts))),
        (tr("reports.people"), totals.counts.people.to_string()),
        (tr("reports.hours"), hours_text(totals.counts.minutes)),
        (tr("reports.organisations"), totals.organisations.to_string()),
        (tr("reports.ocmws"), totals.ocmws.to_string()),
    ];
    let extra = vec![
        ("reports.organisations", totals.organisations, report.previous.organisations),
        ("reports.ocmws", totals.ocmws, report.previous.ocmws),
    ];
    let empty = totals.activities == 0;
    let ParticipationReport { by_organisation, by_kind, by_region, by_month, years, previous, .. } = report;
    let charts_by_organisation = by_organisation.clone();
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice report">
            <nav class="breadcrumbs no-print" aria-label=tr("trail.label")>
                <a href=paths::backoffice::HOME>{tr("overview.crumb")}</a>
            </nav>
            <h1>{heading}</h1>
            <p class="lead">{tr("overview.lead")}</p>
            <PeriodForm action=paths::PLATFORM_REPORT.to_string() from=period.from.to_string() to=period.to.to_string() years>
                <a class="button button-small" href=xlsx download>{tr("reports.download_xlsx")}</a>
            </PeriodForm>
            <p class="muted small no-print">{tr("reports.print")}</p>
            {empty.then(|| view! {
                <p class="notice notice-warning">{tr_with("reports.empty_period", &[("from", &period.from.to_string()), ("to", &period.to.to_string())])}</p>
            })}
            <Figures figures/>
            <Comparison totals previous period extra/>

            <ParticipationCharts by_organisation=charts_by_organisation by_month period/>

            <TableHeading id="per-organisator" text=tr("overview.by_organiser") csv=csv(domain::overview::ORGANISERS_CSV.to_string())/>
            <OrganiserTable lines=organisers labelledby="per-organisator"/>

            <TableHeading id="per-soort" text=tr("reports.by_kind") csv=csv(ReportTable::Kinds.file())/>
            <DataTable labelledby="per-soort">
                <table class="data stack-on-phone">
                    <thead><tr>
                        <th scope="col">{tr("reports.kind")}</th>
                        <th scope="col" class="num">{tr("reports.activities")}</th>
                        <th scope="col" class="num">{tr("reports.sessions")}</th>
                        <th scope="col" class="num">{tr("reports.organisations")}</th>
                        <CountHeadings/>
                    </tr></thead>
                    <tbody>
                        {by_kind.into_iter().map(|line| view! {
                            <tr>
                                <th scope="row" class="title-cell">{line.kind.label_in(language, true)}</th>
                                <td class="num" data-label=tr("reports.activities")>{line.activities}</td>
                                <td class="num" data-label=tr("reports.sessions")>{line.sessions}</td>
                                <td class="num" data-label=tr("reports.organisations")>{line.organisations}</td>
                                <CountCells counts=line.counts/>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </DataTable>

            <TableHeading id="per-regio" text=tr("reports.by_region") csv=csv(ReportTable::Regions.file())/>
            <DataTable labelledby="per-regio">
                <table class="data stack-on-phone">
                    <thead><tr>
                        <th scope="col">{tr("reports.region")}</th>
                        <th scope="col" class="num">{tr("reports.organisations")}</th>
                        <CountHeadings/>
                    </tr></thead>
                    <tbody>
                        {by_region.into_iter().map(|line| {
                            let region = if line.region.is_empty() { tr("reports.unknown_region").to_string() } else { line.region };
                            view! {
                                <tr>
                                    <th scope="row" class="title-cell">{region}</th>
                                    <td class="num" data-label=tr("reports.organisations")>{line.organisations}</td>
                                    <CountCells counts=line.counts/>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </DataTable>

            <TableHeading id="per-organisatie" text=tr("reports.by_organisation") csv=csv(ReportTable::Organisations.file())/>
            <DataTable labelledby="per-organisatie">
                <table class="data stack-on-phone">
                    <thead><tr>
                        <th scope="col">{tr("reports.organisation")}</th>
                        <th scope="col">{tr("reports.municipality")}</th>
                        <th scope="col" class="num">{tr("reports.activities")}</th>
                        <CountHeadings/>
                    </tr></thead>
                    <tbody>
                        {by_organisation.into_iter().map(|line| {
                            let name = if line.organisation_id.is_none() { tr("reports.no_organisation").to_string() } else { line.name };
                            view! {
                                <tr>
                                    <th scope="row" class="title-cell">{name}</th>
                                    <td data-label=tr("reports.municipality")>{line.municipality.unwrap_or_default()}</td>
                                    <td class="num" data-label=tr("reports.activities")>{line.activities}</td>
                                    <CountCells counts=line.counts/>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </DataTable>
        </section>
    }
}

#[component]
fn MyOrganisationReport(report: OrganisationReport) -> impl IntoView {
    let language = locale();
    let OrganisationReport {
        organisation,
        period,
        years,
        totals,
        previous,
        activities_attended,
        previous_activities_attended,
        by_kind,
        by_activity,
        people,
        erased,
        ..
    } = report;
    let heading = tr_with("my_organisation.title", &[("organisation", &organisation.name)]);
    let query = period.query();
    let base = paths::my_organisation_report(organisation.id);
    let xlsx = format!("{}{query}", paths::my_organisation_report_xlsx(organisation.id));
    let csv = |file: String| format!("{}{query}", paths::my_organisation_report_csv(organisation.id, file));
    let organisers = domain::overview::by_organiser(&by_activity);
    let figures = vec![
        (tr("overview.organisers"), organisers.len().to_string()),
        (tr("reports.activities"), totals.activities.to_string()),
        (tr("reports.activities_attended"), activities_attended.to_string()),
        (tr("reports.check_ins"), totals.counts.check_ins.to_string()),
        (tr("reports.hours"), hours_text(totals.counts.minutes)),
        (tr("reports.registered"), totals.counts.registered.to_string()),
        (tr("reports.people"), totals.counts.people.to_string()),
    ];
    let extra = vec![("reports.activities_attended", activities_attended, previous_activities_attended)];
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice report">
            <nav class="breadcrumbs no-print" aria-label=tr("trail.label")>
                <a href=paths::ACCOUNT>{tr("my_organisation.back")}</a>
            </nav>
            <h1>{format!("{heading} – {}", period_name(period))}</h1>
            <p class="lead">{tr_with("my_organisation.lead", &[("organisation", &organisation.name)])}</p>
            <PeriodForm action=base from=period.from.to_string() to=period.to.to_string() years>
                <a class="button button-small" href=xlsx download>{tr("reports.download_xlsx")}</a>
            </PeriodForm>
            <p class="muted small no-print">{tr("reports.print")}</p>
            {(totals.activities == 0).then(|| view! {
                <p class="notice notice-warning">{tr_with("reports.organisation_empty", &[("organisation", &organisation.name)])}</p>
            })}
            <Figures figures/>
            <Comparison totals previous period extra/>

            <OrganiserChart lines=organisers.clone()/>

            <TableHeading id="per-organisator" text=tr("my_organisation.by_organiser") csv=csv(domain::overview::ORGANISERS_CSV.to_string())/>
            <OrganiserTable lines=organisers labelledby="per-organisator"/>

            <TableHeading id="per-soort" text=tr("reports.by_kind") csv=csv(ReportTable::Kinds.file())/>
            <DataTable labelledby="per-soort">
                <table class="data stack-on-phone">
                    <thead><tr>
                        <th scope="col">{tr("reports.kind")}</th>
                        <th scope="col" class="num">{tr("reports.activities")}</th>
                        <th scope="col" class="num">{tr("reports.sessions")}</th>
                        <CountHeadings/>
                    </tr></thead>
                    <tbody>
                        {by_kind.into_iter().map(|line| view! {
                            <tr>
                                <th scope="row" class="title-cell">{line.kind.label_in(language, true)}</th>
                                <td class="num" data-label=tr("reports.activities")>{line.activities}</td>
                                <td class="num" data-label=tr("reports.sessions")>{line.sessions}</td>
                                <CountCells counts=line.counts/>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </DataTable>

            <TableHeading id="per-activiteit" text=tr("reports.by_activity") csv=csv(ReportTable::Activities.file())/>
            <ActivityTable lines=by_activity labelledby="per-activiteit" occurrences=true/>

            <TableHeading id="personen" text=tr("reports.table.people") csv=csv(ReportTable::People.file())/>
            <PeopleTable people/>
            {(erased > 0).then(|| view! { <p class="muted">{tr_with("reports.erased_note", &[("count", &erased.to_string())])}</p> })}
        </section>
    }
}
