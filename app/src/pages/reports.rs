//! `/beheer/:organiser/rapport?jaar=YYYY`: the board's participation report,
//! per organisation (OCMWs first), per kind of activity and per region, with
//! a CSV of the organisation lines for the annual report's spreadsheet.

use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::components::year::{Figures, YearPicker};
use crate::functions::reports::load_participation;
use crate::i18n::{locale, tr, tr_with};
use domain::paths;
use domain::reports::{Counts, ParticipationReport};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let report = Resource::new(
        move || {
            (
                params.with(|p| p.get("organiser").unwrap_or_default()),
                query.with(|q| q.get(domain::forms::fields::year::YEAR).and_then(|y| y.parse::<i32>().ok())),
            )
        },
        |(organiser, year)| load_participation(organiser, year),
    );
    view! {
        {loaded(report, |report| view! { <Report report/> }.into_any())}
    }
}

fn percent(counts: Counts) -> String {
    counts.attendance_percent().map(|p| format!("{p}%")).unwrap_or_else(|| "–".to_string())
}

/// The three count columns every table of the report ends with.
#[component]
fn CountHeadings() -> impl IntoView {
    view! {
        <th scope="col" class="num">{tr("reports.registered")}</th>
        <th scope="col" class="num">{tr("reports.attended")}</th>
        <th scope="col" class="num">{tr("reports.people")}</th>
    }
}

#[component]
fn CountCells(counts: Counts) -> impl IntoView {
    view! {
        <td class="num" data-label=tr("reports.registered")>{counts.registered}</td>
        <td class="num" data-label=tr("reports.attended")>{format!("{} ({})", counts.attended, percent(counts))}</td>
        <td class="num" data-label=tr("reports.people")>{counts.people}</td>
    }
}

#[component]
fn Report(report: ParticipationReport) -> impl IntoView {
    let language = locale();
    let ParticipationReport {
        organiser,
        year,
        years,
        activities,
        sessions,
        organisations,
        ocmws,
        totals,
        by_organisation,
        by_kind,
        by_region,
    } = report;
    let heading = tr_with("reports.title", &[("year", &year.to_string())]);
    let base = paths::backoffice::report(&organiser.slug);
    let csv = paths::for_year(&paths::backoffice::report_csv(&organiser.slug), year);
    let figures = vec![
        (tr("reports.activities"), activities.to_string()),
        (tr("reports.sessions"), sessions.to_string()),
        (tr("reports.registered"), totals.registered.to_string()),
        (tr("reports.attended"), format!("{} ({})", totals.attended, percent(totals))),
        (tr("reports.people"), totals.people.to_string()),
        (tr("reports.organisations"), organisations.to_string()),
        (tr("reports.ocmws"), ocmws.to_string()),
    ];
    view! {
        <Title text=format!("{heading} – {}", organiser.short_name)/>
        <section class="container backoffice report">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{format!("{heading} – {}", organiser.name)}</h1>
            <p class="lead">{tr_with("reports.lead", &[("organiser", &organiser.name)])}</p>
            <YearPicker action=base year years>
                <a class="button button-small" href=csv.clone() download>{tr("reports.download")}</a>
            </YearPicker>
            <p class="muted small no-print">{tr("reports.print")}</p>
            {if activities == 0 {
                view! { <p class="notice notice-warning">{tr_with("reports.empty", &[("year", &year.to_string())])}</p> }.into_any()
            } else {
                view! {
                    <Figures figures/>

                    <h2 id="per-organisatie">{tr("reports.by_organisation")}</h2>
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

                    <h2 id="per-soort">{tr("reports.by_kind")}</h2>
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

                    <h2 id="per-regio">{tr("reports.by_region")}</h2>
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
                }.into_any()
            }}
        </section>
    }
}
