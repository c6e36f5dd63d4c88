//! `/beheer/:organiser/activiteiten/:event/inschrijvingen`: who registered,
//! who waits, and an attendance list to print for the door (a signature
//! column per session).

use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::backoffice::load_event_registrations;
use crate::i18n::{locale, tr, tr_with};
use domain::RegistrationStatus;
use domain::backoffice::EventRegistrations;
use domain::dates;
use domain::paths;
use domain::questions::tally;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())),
        |(organiser, event)| load_event_registrations(organiser, event),
    );
    view! {
        {loaded(data, |d| view! { <RegistrationsView data=d/> }.into_any())}
    }
}

#[component]
fn RegistrationsView(data: EventRegistrations) -> impl IntoView {
    let EventRegistrations { organiser, event_id, title, capacity, sessions, rows, staff_view, questions, csrf_token } =
        data;
    // Who was checked in with a seat: they get an attendance certificate.
    let present: Vec<(i32, String, bool)> = rows
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed && !r.present_at.is_empty())
        .map(|r| (r.id, r.name.clone(), r.certificate_sent))
        .collect();
    let release_token = csrf_token.clone();
    let release_action = paths::backoffice::event_release_holds(&organiser.slug, event_id);
    let notice =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("melding")).and_then(|m| match m.as_str() {
            "vrijgegeven" => Some(("notice notice-success", tr("list.hold_released"))),
            "stripe-onbereikbaar" => Some(("notice notice-warning", tr("list.hold_stripe_unreachable"))),
            _ => None,
        });
    let certificates = staff_view.then(|| {
        view! { <Certificates organiser=organiser.slug.to_string() event_id present csrf_token/> }
    });
    let holding = |s: RegistrationStatus| {
        matches!(
            s,
            RegistrationStatus::Confirmed | RegistrationStatus::PendingPayment | RegistrationStatus::Unconfirmed
        )
    };
    let confirmed: Vec<_> = rows.iter().filter(|r| holding(r.status)).cloned().collect();
    let waiting = rows.iter().filter(|r| r.status == RegistrationStatus::Waitlisted).count();
    let offered = rows.iter().filter(|r| r.status == RegistrationStatus::Offered).count();
    let language = locale();
    let (taken, offered, waiting) = (confirmed.len().to_string(), offered.to_string(), waiting.to_string());
    let summary = match capacity {
        Some(c) => tr_with(
            "list.summary_capacity",
            &[("taken", &taken), ("capacity", &c.to_string()), ("offered", &offered), ("waiting", &waiting)],
        ),
        None => tr_with("list.summary", &[("taken", &taken), ("waiting", &waiting)]),
    };
    let back = paths::backoffice::event(&organiser.slug, event_id);
    // For the caterer and the room: how many chose what, over the seats taken.
    let totals: Vec<(String, String)> = questions
        .iter()
        .filter(|q| q.choices().is_some())
        .map(|q| {
            let counts = tally(q.key, confirmed.iter().map(|r| r.answers.as_slice()));
            let line = if counts.is_empty() {
                tr("list.no_answers").to_string()
            } else {
                counts.iter().map(|(value, n)| format!("{value}: {n}")).collect::<Vec<_>>().join(" · ")
            };
            (q.label.clone(), line)
        })
        .collect();
    // A list for the door has room for a signature per session; more than six do not fit a page.
    let columns: Vec<_> = sessions.iter().take(6).cloned().collect();
    let files_sessions = sessions.clone();
    view! {
        <Title text=tr_with("list.title", &[("event", &title)])/>
        <section class="container backoffice">
            {if staff_view {
                view! { <BackofficeTrail organiser=organiser.clone() under=(back.clone(), title.clone())/> }.into_any()
            } else {
                view! { <p class="breadcrumb no-print"><a href=paths::ACCOUNT>{tr("list.my_account")}</a></p> }.into_any()
            }}
            <h1>{tr_with("list.title", &[("event", &title)])}</h1>
            <p class="lead no-print">{summary}</p>
            {notice.map(|(class, text)| view! { <p class=class role="status">{text}</p> })}
            {staff_view.then(|| view! {
                <p class="no-print">
                    <a class="button" href=paths::backoffice::event_checkin(&organiser.slug, event_id)>{crate::i18n::tr("scanner.open")}</a>" "
                    <a class="button button-quiet" href=paths::backoffice::event_dossier(&organiser.slug, event_id)>{crate::i18n::tr("dossier.open")}</a>
                </p>
            })}
            {(!totals.is_empty()).then(|| view! {
                <dl class="totals no-print">
                    {totals.into_iter().map(|(question, line)| view! { <dt>{question}</dt><dd>{line}</dd> }).collect_view()}
                </dl>
            })}
            <h2 id="alle" class="no-print">{tr("list.all")}</h2>
            <DataTable class="no-print" labelledby="alle">
                <table class="data stack-on-phone">
                    <thead>
                        <tr>
                            <th scope="col">{tr("list.name")}</th>
                            <th scope="col">{tr("list.organisation")}</th>
                            <th scope="col">{tr("list.ticket")}</th>
                            <th scope="col">{tr("list.status")}</th>
                            <th scope="col">{tr("list.answers")}</th>
                            <th scope="col">{tr("list.registered")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            // Seats held unpaid or unconfirmed: staff may let them go.
                            let release = (staff_view && RegistrationStatus::HELD_UNSETTLED.contains(&r.status))
                                .then(|| r.order_reference.clone())
                                .flatten()
                                .map(|reference| view! {
                                    <PostForm action=release_action.clone() class="inline-form" csrf=release_token.clone()>
                                        <input type="hidden" name=domain::forms::fields::release_hold::ORDER value=reference/>
                                        <button type="submit" class="button button-small button-quiet">{tr("list.release_hold")}</button>
                                    </PostForm>
                                });
                            view! {
                            <tr>
                                <td class="title-cell">{r.name}<br/><span class="muted small">{r.email}</span></td>
                                <td data-label=tr("list.organisation")>{r.organisation.unwrap_or_default()}</td>
                                <td data-label=tr("list.ticket")>{r.ticket_type}</td>
                                <td data-label=tr("list.status")><span class="cell-stack">{status_label(r.status)}{release}</span></td>
                                <td data-label=tr("list.answers")>
                                    {r.group.map(|g| {
                                        let days: Vec<String> = g.dates.iter().map(|d| dates::date_short_in(language, *d)).collect();
                                        view! { <span class="answer">{tr_with("list.group", &[("size", &g.participants.to_string()), ("dates", &days.join(", "))])}</span> }
                                    })}
                                    {r.answers.into_iter().map(|a| view! {
                                        <span class="answer"><span class="muted">{format!("{}: ", a.question)}</span>{a.value}</span>
                                    }).collect_view()}
                                    {r.needs.map(|n| view! { <span class="answer">{n}</span> })}
                                </td>
                                <td data-label=tr("list.registered")>
                                    <span class="cell-stack">
                                        <span class="nowrap">{format!("{} {}", dates::date_short_in(language, r.registered_at.date_naive()), dates::time(r.registered_at.naive_local()))}</span>
                                        {r.booked_by.map(|b| view! { <span class="muted small">{tr_with("list.booked_by", &[("name", &b)])}</span> })}
                                    </span>
                                </td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            </DataTable>
            <h2 id="aanwezigheden">{tr("list.attendance")}</h2>
            <p class="muted small no-print">{tr("list.print")}</p>
            <DataTable labelledby="aanwezigheden">
                <table class="data attendance">
                    <thead>
                        <tr>
                            <th scope="col">{tr("list.name")}</th>
                            <th scope="col">{tr("list.organisation")}</th>
                            {columns.iter().map(|s| view! {
                                <th scope="col" class="signature">{dates::date_short_in(language, s.starts_at.date_naive())}<br/><span class="small">{s.title.clone()}</span></th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {confirmed.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.name}</td>
                                <td>{r.organisation.unwrap_or_default()}</td>
                                {columns.iter().map(|s| {
                                    let scanned = r.present_at.contains(&s.id);
                                    view! { <td class="signature">{scanned.then(|| view! { <span class="present">{tr("list.checked_in")}</span> })}</td> }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </DataTable>
            {staff_view.then(|| view! { <AttendanceFiles organiser=organiser.slug.to_string() event_id sessions=files_sessions/> })}
            {certificates}
        </section>
    }
}

/// Attendance certificates: how many are due, a button that mails them, and each one as a PDF.
#[component]
fn Certificates(
    organiser: String,
    event_id: i32,
    present: Vec<(i32, String, bool)>,
    csrf_token: String,
) -> impl IntoView {
    let base = paths::backoffice::event_certificates(&organiser, event_id);
    let unsent = present.iter().filter(|(_, _, sent)| !sent).count();
    let notice = leptos_router::hooks::use_query_map().with_untracked(|q| {
        let count = q.get("attesten")?.parse::<usize>().ok()?;
        let text = if count == 0 {
            tr("certificate.sent_none").to_string()
        } else {
            tr_with("certificate.sent_notice", &[("count", &count.to_string())])
        };
        Some(view! { <p class="notice notice-success" role="status">{text}</p> })
    });
    view! {
        <section class="no-print certificates" aria-labelledby="attesten">
            <h2 id="attesten">{tr("certificate.list_title")}</h2>
            {notice}
            <p>{tr("certificate.list_lead")}</p>
            {if present.is_empty() {
                view! { <p class="muted">{tr("certificate.nobody_present")}</p> }.into_any()
            } else {
                view! {
                    <p>{tr_with("certificate.list_counts", &[("attended", &present.len().to_string()), ("unsent", &unsent.to_string())])}</p>
                    {if unsent > 0 {
                        view! {
                            <PostForm action=base.clone() csrf=csrf_token>
                                <button type="submit" class="button">{tr_with("certificate.send", &[("count", &unsent.to_string())])}</button>
                            </PostForm>
                        }.into_any()
                    } else {
                        view! { <p class="muted">{tr("certificate.none_to_send")}</p> }.into_any()
                    }}
                    <ul class="certificate-list">
                        {present.into_iter().map(|(id, name, sent)| view! {
                            <li>
                                <a href=paths::backoffice::event_certificate(&organiser, event_id, id)>{tr_with("certificate.pdf_label", &[("name", &name)])}</a>
                                {sent.then(|| view! { " "<span class="status status-sent">{tr("certificate.sent_mark")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Attendance as files: the whole activity as CSV or Excel, and per session the
/// sign-in sheet to print (PDF), CSV and Excel.
#[component]
fn AttendanceFiles(organiser: String, event_id: i32, sessions: Vec<domain::backoffice::ListSession>) -> impl IntoView {
    let language = locale();
    view! {
        <section class="no-print attendance-files" aria-labelledby="bestanden">
            <h2 id="bestanden">{tr("attendance.links_title")}</h2>
            <p>{tr("attendance.links_lead")}</p>
            <ul>
                <li>
                    <strong>{tr("attendance.whole")}</strong>": "
                    <a href=paths::backoffice::event_attendance(&organiser, event_id, "csv")>{tr("attendance.link_csv")}</a>" · "
                    <a href=paths::backoffice::event_attendance(&organiser, event_id, "xlsx")>{tr("attendance.link_xlsx")}</a>
                </li>
                {sessions.into_iter().map(|s| {
                    let at = |format| paths::backoffice::session_attendance(&organiser, event_id, s.id, format);
                    let when = format!("{} {}", dates::date_short_in(language, s.starts_at.date_naive()), dates::time(s.starts_at.naive_local()));
                    view! {
                        <li>
                            <strong>{format!("{when} · {}", s.title)}</strong>": "
                            <a href=at("pdf")>{tr("attendance.link_pdf")}</a>" · "
                            <a href=at("csv")>{tr("attendance.link_csv")}</a>" · "
                            <a href=at("xlsx")>{tr("attendance.link_xlsx")}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A registration's status in the page's language.
fn status_label(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => tr("list.status.confirmed"),
        RegistrationStatus::PendingPayment => tr("list.status.pending_payment"),
        RegistrationStatus::Unconfirmed => tr("list.status.unconfirmed"),
        RegistrationStatus::Waitlisted => tr("list.status.waitlisted"),
        RegistrationStatus::Offered => tr("list.status.offered"),
        RegistrationStatus::Cancelled => tr("list.status.cancelled"),
    }
}
