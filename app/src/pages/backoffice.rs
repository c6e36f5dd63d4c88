use crate::components::status::{ErrorPage, Loading};
use crate::functions::backoffice::{load_dashboard, load_my_organisers};
use domain::backoffice::Dashboard;
use domain::dates;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/beheer`: the organisers whose back office you may open.
#[component]
pub fn BackofficeHome() -> impl IntoView {
    let organisers = Resource::new(|| (), |_| load_my_organisers());
    view! {
        <Title text="Beheer"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match organisers.await {
                    Ok(list) => view! {
                        <section class="container narrow">
                            <h1>"Beheer"</h1>
                            {if list.is_empty() {
                                view! { <p>"Je bent geen beheerder of medewerker van een organisator."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="organiser-links">
                                        {list.into_iter().map(|o| view! {
                                            <li><a class="button button-quiet" href=format!("/beheer/{}", o.slug)>{o.name}</a></li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/beheer/:organiser`: the organiser's events and outgoing mail.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let params = use_params_map();
    let dashboard = Resource::new(move || params.with(|p| p.get("organiser").unwrap_or_default()), load_dashboard);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => view! { <DashboardView dashboard=d/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Dashboard { organiser, events, outbox } = dashboard;
    let failed = outbox.iter().filter(|m| m.status == "failed").count();
    view! {
        <Title text=format!("Beheer {}", organiser.short_name)/>
        <section class="container backoffice">
            <h1>{format!("Beheer – {}", organiser.name)}</h1>
            <h2 id="activiteiten">"Activiteiten"</h2>
            <div class="table-wrap" role="region" aria-labelledby="activiteiten" tabindex="0">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">"Activiteit"</th>
                            <th scope="col">"Soort"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Start"</th>
                            <th scope="col" class="num">"Ingeschreven"</th>
                            <th scope="col" class="num">"Wachtlijst"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {events.into_iter().map(|e| {
                            let seats = match e.capacity {
                                Some(c) => format!("{} / {c}", e.seats_taken),
                                None => e.seats_taken.to_string(),
                            };
                            let public = e.status != domain::EventStatus::Draft;
                            let href = format!("/regio/{}/{}", organiser.slug, e.slug);
                            view! {
                                <tr>
                                    <td>{if public { view! { <a href=href>{e.title.clone()}</a> }.into_any() } else { view! { <span>{e.title.clone()}</span> }.into_any() }}</td>
                                    <td>{e.kind.label_nl()}</td>
                                    <td><span class=format!("status status-{}", e.status.code())>{e.status.label_nl()}</span></td>
                                    <td class="nowrap">{e.starts_at.map(|t| dates::date_short(t.date_naive())).unwrap_or_else(|| "–".to_string())}</td>
                                    <td class="num">{seats}</td>
                                    <td class="num">{e.waitlisted}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h2 id="mail">"Verstuurde mail"</h2>
            {(failed > 0).then(|| view! {
                <p class="notice notice-warning" role="alert">{format!("{failed} mail(s) konden niet verstuurd worden. Controleer het adres en de foutmelding.")}</p>
            })}
            {if outbox.is_empty() {
                view! { <p>"Nog geen mail verstuurd namens deze organisator."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="mail" tabindex="0">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">"Aan"</th>
                                    <th scope="col">"Onderwerp"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Aangemaakt"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {outbox.into_iter().map(|m| view! {
                                    <tr>
                                        <td>{m.to}</td>
                                        <td>{m.subject}</td>
                                        <td>
                                            <span class=format!("status status-{}", m.status)>{m.status_label}</span>
                                            {m.last_error.map(|e| view! { <br/><span class="small muted">{format!("poging {}: {e}", m.attempts)}</span> })}
                                        </td>
                                        <td class="nowrap">{format!("{} {}", dates::date_short(m.created_at.date_naive()), dates::time(m.created_at.naive_local()))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
