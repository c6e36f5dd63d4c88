//! `/beheer/:organiser/rapport?van=&tot=` (or `?jaar=`): the board's
//! participation report over a period, against the same period a year
//! earlier: per organisation (OCMWs first, each leading to its own page),
//! per kind of activity, per activity, per region, and the partners that
//! took part in nothing; every table as CSV, all of them as one workbook.
//!
//! `/beheer/:organiser/rapport/organisaties/:organisation`: one
//! organisation's participation in the organiser's activities, with its people.

use crate::components::report_charts::ParticipationCharts;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::components::year::Figures;
use crate::functions::reports::{Answer, PeriodAsked, load_organisation_report, load_participation};
use crate::i18n::{locale, tr, tr_with};
use domain::listing::OrganiserRef;
use domain::paths;
use domain::reports::tables::ReportTable;
use domain::reports::{
    ActivityLine, Counts, OrganisationReport, ParticipationReport, Period, PeriodError, Totals, fields, hours_text,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn asked_period() -> Memo<PeriodAsked> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| PeriodAsked { from: q.get(fields::FROM), to: q.get(fields::TO), year: q.get(fields::YEAR) })
    })
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let asked = asked_period();
    let report = Resource::new(
        move || (params.with(|p| p.get("organiser").unwrap_or_default()), asked.get()),
        |(organiser, asked)| load_participation(organiser, asked.from, asked.to, asked.year),
    );
    view! {
        {loaded(report, |answer| match answer {
            Answer::Report(report) => view! { <Report report/> }.into_any(),
            Answer::BadPeriod { error, asked, organiser } => {
                let action = paths::backoffice::report(&organiser.slug);
                view! { <BadPeriod organiser action error asked/> }.into_any()
            }
        })}
    }
}

#[component]
pub fn OrganisationReportPage() -> impl IntoView {
    let params = use_params_map();
    let asked = asked_period();
    let report = Resource::new(
        move || {
            (
                params.with(|p| p.get("organiser").unwrap_or_default()),
                params.with(|p| p.get("organisation").unwrap_or_default()),
                asked.get(),
            )
        },
        |(organiser, organisation, asked)| {
            load_organisation_report(organiser, organisation, asked.from, asked.to, asked.year)
        },
    );
    let organisation = move || params.with(|p| p.get("organisation").unwrap_or_default());
    view! {
        {move || {
            let organisation = organisation();
            loaded(report, move |answer| match answer {
                Answer::Report(report) => view! { <OrganisationView report/> }.into_any(),
                Answer::BadPeriod { error, asked, organiser } => {
                    let action = paths::backoffice::report_organisation(&organiser.slug, &organisation);
                    view! { <BadPeriod organiser action error asked/> }.into_any()
                }
            })
        }}
    }
}

/// The period's form with its error, and nothing else (no report for a period that is none).
#[component]
fn BadPeriod(organiser: OrganiserRef, action: String, error: PeriodError, asked: PeriodAsked) -> impl IntoView {
    let heading = tr("reports.period");
    view! {
        <Title text=format!("{heading} – {}", organiser.short_name)/>
        <section class="container backoffice report">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{heading}</h1>
            <PeriodForm action from=asked.from.unwrap_or_default() to=asked.to.unwrap_or_default() years=Vec::new() error=Some(error)/>
        </section>
    }
}

/// Asks for another period: from/to dates (a GET form, no script needed) and
/// a link per calendar year; `children` go after it (the downloads).
#[component]
pub(crate) fn PeriodForm(
    action: String,
    from: String,
    to: String,
    /// The years there is something to show for, newest first.
    years: Vec<i32>,
    #[prop(default = None)] error: Option<PeriodError>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let error_for = move |field: &'static str| error.filter(|e| e.field() == field).map(|e| tr(e.text_key()));
    let field = move |field: &'static str, label: &'static str, value: String| {
        let message = error_for(field);
        let invalid = message.map(|_| "true");
        let describedby = message.map(|_| format!("{field}-error"));
        view! {
            <div class="field" class:field-invalid=message.is_some()>
                <label for=field>{label}</label>
                <input id=field name=field type="date" value=value aria-invalid=invalid aria-describedby=describedby/>
                {message.map(|m| view! { <p class="field-error" id=format!("{field}-error")>{m}</p> })}
            </div>
        }
    };
    let has_years = !years.is_empty();
    let year_links = years
        .into_iter()
        .map(|y| {
            let href = paths::for_year(&action, y);
            view! { <li><a href=href>{y}</a></li> }
        })
        .collect_view();
    view! {
        <form method="get" action=action.clone() class="toolbar period-form no-print" aria-label=tr("reports.period")>
            {field(fields::FROM, tr("reports.from"), from)}
            {field(fields::TO, tr("reports.to"), to)}
            <button type="submit" class="button button-quiet button-small">{tr("reports.show")}</button>
            {children.map(|c| c())}
        </form>
        {has_years.then(|| view! {
            <nav class="year-shortcuts no-print" aria-label=tr("reports.years")>
                <span>{tr("reports.years")}": "</span>
                <ul class="inline-list">{year_links}</ul>
            </nav>
        })}
    }
}

pub(crate) fn percent(counts: Counts) -> String {
    counts.attendance_percent().map(|p| format!("{p}%")).unwrap_or_else(|| "–".to_string())
}

fn title(period: Period) -> String {
    match period.calendar_year() {
        Some(year) => tr_with("reports.title", &[("year", &year.to_string())]),
        None => tr_with("reports.title_period", &[("from", &period.from.to_string()), ("to", &period.to.to_string())]),
    }
}

/// The columns every table of the report ends with.
#[component]
pub(crate) fn CountHeadings() -> impl IntoView {
    view! {
        <th scope="col" class="num">{tr("reports.registered")}</th>
        <th scope="col" class="num">{tr("reports.attended")}</th>
        <th scope="col" class="num">{tr("reports.people")}</th>
        <th scope="col" class="num">{tr("reports.check_ins")}</th>
        <th scope="col" class="num">{tr("reports.hours")}</th>
    }
}

#[component]
pub(crate) fn CountCells(counts: Counts) -> impl IntoView {
    view! {
        <td class="num" data-label=tr("reports.registered")>{counts.registered}</td>
        <td class="num" data-label=tr("reports.attended")>{format!("{} ({})", counts.attended, percent(counts))}</td>
        <td class="num" data-label=tr("reports.people")>{counts.people}</td>
        <td class="num" data-label=tr("reports.check_ins")>{counts.check_ins}</td>
        <td class="num" data-label=tr("reports.hours")>{hours_text(counts.minutes)}</td>
    }
}

/// A table's heading with its CSV beside it.
#[component]
pub(crate) fn TableHeading(id: &'static str, text: &'static str, csv: String) -> impl IntoView {
    view! {
        <div class="table-heading">
            <h2 id=id>{text}</h2>
            <a class="button button-small button-quiet no-print" href=csv download>
                {tr("reports.download_table")}<span class="sr-only">{format!(": {text}")}</span>
            </a>
        </div>
    }
}

/// This period's totals against the previous one's, with the change.
#[component]
pub(crate) fn Comparison(
    totals: Totals,
    previous: Totals,
    period: Period,
    extra: Vec<(&'static str, u32, u32)>,
) -> impl IntoView {
    let before = period.previous();
    let caption = tr_with("reports.comparison", &[("from", &before.from.to_string()), ("to", &before.to.to_string())]);
    let row = |label: &'static str, now: String, then: String, change: String| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td class="num" data-label=tr("reports.this_period")>{now}</td>
                <td class="num" data-label=tr("reports.previous_period")>{then}</td>
                <td class="num" data-label=tr("reports.change")>{change}</td>
            </tr>
        }
    };
    let count = |label: &'static str, now: u32, then: u32| {
        row(label, now.to_string(), then.to_string(), domain::reports::change_text(now.into(), then.into()))
    };
    let (t, p) = (totals.counts, previous.counts);
    let mut lines = vec![
        count(tr("reports.activities"), totals.activities, previous.activities),
        count(tr("reports.sessions"), totals.sessions, previous.sessions),
        count(tr("reports.registered"), t.registered, p.registered),
        count(tr("reports.attended"), t.attended, p.attended),
        count(tr("reports.people"), t.people, p.people),
        count(tr("reports.check_ins"), t.check_ins, p.check_ins),
        row(
            tr("reports.hours"),
            hours_text(t.minutes),
            hours_text(p.minutes),
            domain::reports::change_text(t.minutes, p.minutes),
        ),
    ];
    for (label, now, then) in extra {
        lines.push(count(tr(label), now, then));
    }
    view! {
        <DataTable labelledby="vergelijking">
            <table class="data stack-on-phone">
                <caption id="vergelijking">{caption}</caption>
                <thead><tr>
                    <th scope="col">{tr("reports.figure")}</th>
                    <th scope="col" class="num">{tr("reports.this_period")}</th>
                    <th scope="col" class="num">{tr("reports.previous_period")}</th>
                    <th scope="col" class="num">{tr("reports.change")}</th>
                </tr></thead>
                <tbody>{lines.into_iter().collect_view()}</tbody>
            </table>
        </DataTable>
    }
}

/// The activities' table (the report's, and an organisation's).
#[component]
pub(crate) fn ActivityTable(lines: Vec<ActivityLine>, labelledby: &'static str, occurrences: bool) -> impl IntoView {
    let language = locale();
    view! {
        <DataTable labelledby>
            <table class="data stack-on-phone">
                <thead><tr>
                    <th scope="col">{tr("reports.activity")}</th>
                    <th scope="col">{tr("reports.date")}</th>
                    <th scope="col">{tr("reports.kind")}</th>
                    {occurrences.then(|| view! { <th scope="col" class="num">{tr("reports.occurrences")}</th> })}
                    <th scope="col" class="num">{tr("reports.sessions")}</th>
                    {(!occurrences).then(|| view! { <th scope="col">{tr("reports.organisations")}</th> })}
                    <CountHeadings/>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr>
                            <th scope="row" class="title-cell">{line.title}</th>
                            <td data-label=tr("reports.date")>{line.starts_on.format("%d/%m/%Y").to_string()}</td>
                            <td data-label=tr("reports.kind")>{line.kind.label_in(language, false)}</td>
                            {occurrences.then(|| view! { <td class="num" data-label=tr("reports.occurrences")>{line.occurrences}</td> })}
                            <td class="num" data-label=tr("reports.sessions")>{line.sessions}</td>
                            {(!occurrences).then(|| view! { <td data-label=tr("reports.organisations")>{line.organisations.join(", ")}</td> })}
                            <CountCells counts=line.counts/>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </DataTable>
    }
}

#[component]
fn Report(report: ParticipationReport) -> impl IntoView {
    let language = locale();
    let Some(organiser) = report.organiser.clone() else {
        return view! { <p class="notice notice-warning">{tr("error.not_found")}</p> }.into_any();
    };
    let period = report.period;
    let heading = title(period);
    let base = paths::backoffice::report(&organiser.slug);
    let query = period.query();
    let xlsx = format!("{}{query}", paths::backoffice::report_xlsx(&organiser.slug));
    let csv =
        |table: ReportTable| format!("{}{query}", paths::backoffice::report_table_csv(&organiser.slug, table.file()));
    let totals = report.totals;
    let figures = vec![
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
    let slug = organiser.slug.clone();
    let ParticipationReport {
        by_organisation,
        by_kind,
        by_region,
        by_activity,
        by_month,
        silent_partners,
        years,
        previous,
        ..
    } = report;
    let [csv_organisations, csv_kinds, csv_activities, csv_regions, csv_partners] = [
        ReportTable::Organisations,
        ReportTable::Kinds,
        ReportTable::Activities,
        ReportTable::Regions,
        ReportTable::SilentPartners,
    ]
    .map(csv);
    let old_csv = format!("{}{query}", paths::backoffice::report_csv(&organiser.slug));
    let organisation_href = |id: i32| format!("{}{query}", paths::backoffice::report_organisation(&slug, id));
    let charts_by_organisation = by_organisation.clone();
    let by_organisation: Vec<_> =
        by_organisation.into_iter().map(|line| (line.organisation_id.map(organisation_href), line)).collect();
    let silent_partners: Vec<_> =
        silent_partners.into_iter().map(|line| (organisation_href(line.organisation.id), line)).collect();
    view! {
        <Title text=format!("{heading} – {}", organiser.short_name)/>
        <section class="container backoffice report">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{format!("{heading} – {}", organiser.name)}</h1>
            <p class="lead">{tr_with("reports.lead", &[("organiser", &organiser.name)])}</p>
            <PeriodForm action=base from=period.from.to_string() to=period.to.to_string() years>
                <a class="button button-small" href=xlsx download>{tr("reports.download_xlsx")}</a>
                <a class="button button-small button-quiet" href=old_csv download>{tr("reports.download")}</a>
            </PeriodForm>
            <p class="muted small no-print">{tr("reports.print")}</p>
            {if empty {
                let message = match period.calendar_year() {
                    Some(year) => tr_with("reports.empty", &[("year", &year.to_string())]),
                    None => tr_with("reports.empty_period", &[("from", &period.from.to_string()), ("to", &period.to.to_string())]),
                };
                view! { <p class="notice notice-warning">{message}</p> }.into_any()
            } else { ().into_any() }}
            <Figures figures/>
            <Comparison totals previous period extra/>

            // The charts (per OCMW, per month against a year earlier) go here: see `components::report_charts`.
            <ParticipationCharts by_organisation=charts_by_organisation by_month period/>

            <TableHeading id="per-organisatie" text=tr("reports.by_organisation") csv=csv_organisations/>
            <DataTable labelledby="per-organisatie">
                <table class="data stack-on-phone">
                    <thead><tr>
                        <th scope="col">{tr("reports.organisation")}</th>
                        <th scope="col">{tr("reports.municipality")}</th>
                        <th scope="col" class="num">{tr("reports.activities")}</th>
                        <CountHeadings/>
                    </tr></thead>
                    <tbody>
                        {by_organisation.into_iter().map(|(href, line)| {
                            let name = match href {
                                Some(href) => view! { <a href=href>{line.name}</a> }.into_any(),
                                None => tr("reports.no_organisation").into_any(),
                            };
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

            <TableHeading id="per-soort" text=tr("reports.by_kind") csv=csv_kinds/>
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

            <TableHeading id="per-activiteit" text=tr("reports.by_activity") csv=csv_activities/>
            <ActivityTable lines=by_activity labelledby="per-activiteit" occurrences=false/>

            <TableHeading id="per-regio" text=tr("reports.by_region") csv=csv_regions/>
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

            <TableHeading id="stille-partners" text=tr("reports.silent_partners") csv=csv_partners/>
            <p>{tr("reports.silent_partners_lead")}</p>
            {if silent_partners.is_empty() {
                view! { <p class="muted">{tr("reports.silent_partners_none")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby="stille-partners">
                        <table class="data stack-on-phone">
                            <thead><tr>
                                <th scope="col">{tr("reports.organisation")}</th>
                                <th scope="col">{tr("reports.organisation_kind")}</th>
                                <th scope="col">{tr("reports.municipality")}</th>
                            </tr></thead>
                            <tbody>
                                {silent_partners.into_iter().map(|(href, line)| {
                                    view! {
                                        <tr>
                                            <th scope="row" class="title-cell"><a href=href>{line.organisation.name}</a></th>
                                            <td data-label=tr("reports.organisation_kind")>{line.organisation.kind}</td>
                                            <td data-label=tr("reports.municipality")>{line.organisation.municipality.unwrap_or_default()}</td>
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
    .into_any()
}

#[component]
fn OrganisationView(report: OrganisationReport) -> impl IntoView {
    let language = locale();
    let Some(organiser) = report.organiser.clone() else {
        return view! { <p class="notice notice-warning">{tr("error.not_found")}</p> }.into_any();
    };
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
    let heading = tr_with("reports.organisation_title", &[("organisation", &organisation.name)]);
    let query = period.query();
    let base = paths::backoffice::report_organisation(&organiser.slug, organisation.id);
    let xlsx = format!("{}{query}", paths::backoffice::report_organisation_xlsx(&organiser.slug, organisation.id));
    let csv = |table: ReportTable| {
        format!("{}{query}", paths::backoffice::report_organisation_csv(&organiser.slug, organisation.id, table.file()))
    };
    let back = (format!("{}{query}", paths::backoffice::report(&organiser.slug)), tr("reports.back").to_string());
    let figures = vec![
        (tr("reports.activities"), totals.activities.to_string()),
        (tr("reports.activities_attended"), activities_attended.to_string()),
        (tr("reports.check_ins"), totals.counts.check_ins.to_string()),
        (tr("reports.hours"), hours_text(totals.counts.minutes)),
        (tr("reports.registered"), totals.counts.registered.to_string()),
        (tr("reports.people"), totals.counts.people.to_string()),
    ];
    let extra = vec![("reports.activities_attended", activities_attended, previous_activities_attended)];
    view! {
        <Title text=format!("{heading} – {}", organiser.short_name)/>
        <section class="container backoffice report">
            <BackofficeTrail organiser=organiser.clone() under=back/>
            <h1>{format!("{heading} – {}", title(period))}</h1>
            <p class="lead">{tr_with("reports.organisation_lead", &[("organisation", &organisation.name), ("organiser", &organiser.name)])}</p>
            <PeriodForm action=base from=period.from.to_string() to=period.to.to_string() years>
                <a class="button button-small" href=xlsx download>{tr("reports.download_xlsx")}</a>
            </PeriodForm>
            {(totals.activities == 0).then(|| view! {
                <p class="notice notice-warning">{tr_with("reports.organisation_empty", &[("organisation", &organisation.name)])}</p>
            })}
            <Figures figures/>
            <Comparison totals previous period extra/>

            <TableHeading id="per-soort" text=tr("reports.by_kind") csv=csv(ReportTable::Kinds)/>
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

            <TableHeading id="per-activiteit" text=tr("reports.by_activity") csv=csv(ReportTable::Activities)/>
            <ActivityTable lines=by_activity labelledby="per-activiteit" occurrences=true/>

            <TableHeading id="personen" text=tr("reports.table.people") csv=csv(ReportTable::People)/>
            <PeopleTable people/>
            {(erased > 0).then(|| view! { <p class="muted">{tr_with("reports.erased_note", &[("count", &erased.to_string())])}</p> })}
        </section>
    }
    .into_any()
}

/// An organisation's people and what they followed (a coordinator's page and
/// the organiser's page of one organisation show the same table).
#[component]
pub(crate) fn PeopleTable(people: Vec<domain::reports::PersonLine>) -> impl IntoView {
    view! {
        {if people.is_empty() {
            view! { <p class="muted">{tr("reports.people_none")}</p> }.into_any()
        } else {
            view! {
                <DataTable labelledby="personen">
                    <table class="data stack-on-phone">
                        <thead><tr>
                            <th scope="col">{tr("reports.person")}</th>
                            <th scope="col" class="num">{tr("reports.registered")}</th>
                            <th scope="col" class="num">{tr("reports.attended")}</th>
                            <th scope="col" class="num">{tr("reports.check_ins")}</th>
                            <th scope="col" class="num">{tr("reports.hours")}</th>
                            <th scope="col">{tr("reports.attended_activities")}</th>
                        </tr></thead>
                        <tbody>
                            {people.into_iter().map(|p| view! {
                                <tr>
                                    <th scope="row" class="title-cell">{p.name}</th>
                                    <td class="num" data-label=tr("reports.registered")>{p.registered}</td>
                                    <td class="num" data-label=tr("reports.attended")>{p.attended}</td>
                                    <td class="num" data-label=tr("reports.check_ins")>{p.check_ins}</td>
                                    <td class="num" data-label=tr("reports.hours")>{hours_text(p.minutes)}</td>
                                    <td data-label=tr("reports.attended_activities")>{p.attended_activities.join("; ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </DataTable>
            }.into_any()
        }}
    }
}
