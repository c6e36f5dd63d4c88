//! `/beheer/:organiser/activiteiten/:event/inschrijvingen`: who registered,
//! who waits, and an attendance list to print for the door (a signature
//! column per session).

use crate::components::status::{ErrorPage, Loading};
use crate::functions::backoffice::load_event_registrations;
use domain::backoffice::EventRegistrations;
use domain::dates;
use domain::questions::tally;
use domain::registration::status_label_nl;
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <RegistrationsView data=d/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegistrationsView(data: EventRegistrations) -> impl IntoView {
    let EventRegistrations { organiser, event_id, title, capacity, sessions, rows, staff_view, questions } = data;
    let holding = |s: &str| matches!(s, "confirmed" | "pending_payment");
    let confirmed: Vec<_> = rows.iter().filter(|r| holding(&r.status)).cloned().collect();
    let waiting = rows.iter().filter(|r| r.status == "waitlisted").count();
    let offered = rows.iter().filter(|r| r.status == "offered").count();
    let summary = match capacity {
        Some(c) => format!(
            "{} van {c} plaatsen ingenomen · {offered} aangeboden · {waiting} op de wachtlijst",
            confirmed.len()
        ),
        None => format!("{} ingeschreven · {waiting} op de wachtlijst", confirmed.len()),
    };
    let back = format!("/beheer/{}/activiteiten/{event_id}", organiser.slug);
    // For the caterer and the room: how many chose what, over the seats taken.
    let totals: Vec<(String, String)> = questions
        .iter()
        .filter(|q| q.choices().is_some())
        .map(|q| {
            let counts = tally(q.key, confirmed.iter().map(|r| r.answers.as_slice()));
            let line = if counts.is_empty() {
                "nog geen antwoorden".to_string()
            } else {
                counts.iter().map(|(value, n)| format!("{value}: {n}")).collect::<Vec<_>>().join(" · ")
            };
            (q.label.clone(), line)
        })
        .collect();
    // A list for the door has room for a signature per session; more than six do not fit a page.
    let columns: Vec<_> = sessions.iter().take(6).cloned().collect();
    view! {
        <Title text=format!("Inschrijvingen: {title}")/>
        <section class="container backoffice">
            {if staff_view {
                view! { <p class="breadcrumb no-print"><a href=format!("/beheer/{}", organiser.slug)>{format!("← Beheer {}", organiser.short_name)}</a>" · "<a href=back>"Activiteit bewerken"</a></p> }.into_any()
            } else {
                view! { <p class="breadcrumb no-print"><a href="/mijn">"← Mijn account"</a></p> }.into_any()
            }}
            <h1>{format!("Inschrijvingen: {title}")}</h1>
            <p class="lead no-print">{summary}</p>
            {staff_view.then(|| view! {
                <p class="no-print"><a class="button" href=format!("/beheer/{}/activiteiten/{event_id}/inchecken", organiser.slug)>{crate::i18n::tr("scanner.open")}</a></p>
            })}
            {(!totals.is_empty()).then(|| view! {
                <dl class="totals no-print">
                    {totals.into_iter().map(|(question, line)| view! { <dt>{question}</dt><dd>{line}</dd> }).collect_view()}
                </dl>
            })}
            <h2 id="alle" class="no-print">"Alle inschrijvingen"</h2>
            <div class="table-wrap no-print" role="region" aria-labelledby="alle" tabindex="0">
                <table class="data stack-on-phone">
                    <thead>
                        <tr>
                            <th scope="col">"Naam"</th>
                            <th scope="col">"Organisatie"</th>
                            <th scope="col">"Ticket"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Antwoorden"</th>
                            <th scope="col">"Ingeschreven"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <td class="title-cell">{r.name}<br/><span class="muted small">{r.email}</span></td>
                                <td data-label="Organisatie">{r.organisation.unwrap_or_default()}</td>
                                <td data-label="Ticket">{r.ticket_type}</td>
                                <td data-label="Status">{status_label_nl(&r.status)}</td>
                                <td data-label="Antwoorden">
                                    {r.group.map(|g| {
                                        let days: Vec<String> = g.dates.iter().map(|d| dates::date_short(*d)).collect();
                                        view! { <span class="answer">{format!("Groep van {}: {}", g.participants, days.join(", "))}</span> }
                                    })}
                                    {r.answers.into_iter().map(|a| view! {
                                        <span class="answer"><span class="muted">{format!("{}: ", a.question)}</span>{a.value}</span>
                                    }).collect_view()}
                                    {r.needs.map(|n| view! { <span class="answer">{n}</span> })}
                                </td>
                                <td data-label="Ingeschreven" class="nowrap">
                                    {format!("{} {}", dates::date_short(r.registered_at.date_naive()), dates::time(r.registered_at.naive_local()))}
                                    {r.booked_by.map(|b| view! { <br/><span class="muted small">{format!("door {b}")}</span> })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h2 id="aanwezigheden">"Aanwezigheidslijst"</h2>
            <p class="muted small no-print">"Druk deze pagina af (Ctrl+P): alleen de aanwezigheidslijst komt op papier."</p>
            <div class="table-wrap" role="region" aria-labelledby="aanwezigheden" tabindex="0">
                <table class="data attendance">
                    <thead>
                        <tr>
                            <th scope="col">"Naam"</th>
                            <th scope="col">"Organisatie"</th>
                            {columns.iter().map(|s| view! {
                                <th scope="col" class="signature">{dates::date_short(s.starts_at.date_naive())}<br/><span class="small">{s.title.clone()}</span></th>
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
                                    view! { <td class="signature">{scanned.then(|| view! { <span class="present">"✓ ingecheckt"</span> })}</td> }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
