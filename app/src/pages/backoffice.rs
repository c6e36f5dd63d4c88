use crate::components::status::{ErrorPage, Loading};
use crate::functions::backoffice::{BackofficeHome, load_backoffice_home, load_dashboard};
use domain::EventStatus;
use domain::backoffice::{Dashboard, Refusal};
use domain::dates;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/beheer`: the organisers whose back office you may open; platform admins
/// also create organisers here.
#[component]
pub fn BackofficeHome() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_backoffice_home());
    view! {
        <Title text="Beheer"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(BackofficeHome { organisers, new_organiser, csrf_token }) => view! {
                        <section class="container narrow">
                            <h1>"Beheer"</h1>
                            {if organisers.is_empty() {
                                view! { <p>"Je bent geen beheerder of medewerker van een organisator."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="organiser-links">
                                        {organisers.into_iter().map(|o| view! {
                                            <li><a class="button button-quiet" href=format!("/beheer/{}", o.slug)>{o.name}</a></li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {new_organiser.map(|form| view! { <NewOrganiserForm form csrf=csrf_token/> })}
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// For platform admins: a new organiser and the admin who gets the invitation.
#[component]
fn NewOrganiserForm(form: crate::forms::FormState, csrf: String) -> impl IntoView {
    use crate::components::fields::{ErrorSummary, Field};
    let query = use_query_map();
    let created = query.with_untracked(|q| q.get("melding").is_some_and(|m| m == "organisator"));
    view! {
        <h2 id="nieuwe-organisator">"Nieuwe organisator"</h2>
        {created.then(|| view! { <p class="notice notice-success" role="status">"De organisator is aangemaakt en de eerste beheerder kreeg een uitnodiging."</p> })}
        <ErrorSummary count=form.errors.len()/>
        <form method="post" action="/beheer" class="stacked-form" aria-labelledby="nieuwe-organisator" novalidate>
            <input type="hidden" name="csrf" value=csrf/>
            <Field label="Volledige naam" name="naam" value=form.value("naam") error=form.error("naam") required=true/>
            <Field label="Korte naam" name="korte-naam" value=form.value("korte-naam") error=form.error("korte-naam") required=true hint="Bepaalt het webadres: «BIZ Kempen» wordt /regio/biz-kempen."/>
            <Field label="E-mailadres van de organisator" name="email" kind="email" value=form.value("email") error=form.error("email") required=true/>
            <Field label="Eerste beheerder: naam" name="beheerder-naam" value=form.value("beheerder-naam") error=form.error("beheerder-naam") required=true/>
            <Field label="Eerste beheerder: e-mailadres" name="beheerder-email" kind="email" value=form.value("beheerder-email") error=form.error("beheerder-email") required=true/>
            <div><button type="submit" class="button">"Organisator aanmaken en beheerder uitnodigen"</button></div>
        </form>
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
    let Dashboard { organiser, events, outbox, audit, csrf_token } = dashboard;
    let failed = outbox.iter().filter(|m| m.status == "failed").count();
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        if let Some(done) = q.get("melding") {
            let text = match done.as_str() {
                "publish" => "De activiteit is gepubliceerd en staat nu in het aanbod.",
                "cancel" => "De activiteit is geannuleerd. Wie ingeschreven was, krijgt een mail.",
                _ => "Opgeslagen.",
            };
            Some(view! { <p class="notice notice-success" role="status">{text}</p> }.into_any())
        } else {
            q.get("fout").map(|code| {
                let text = Refusal::from_code(&code).map_or("Dat lukte niet.", Refusal::message_nl);
                view! { <p class="notice notice-warning" role="alert">{text}</p> }.into_any()
            })
        }
    });
    view! {
        <Title text=format!("Beheer {}", organiser.short_name)/>
        <section class="container backoffice">
            <h1>{format!("Beheer – {}", organiser.name)}</h1>
            <nav class="toolbar" aria-label="Beheer">
                <a class="button" href=format!("/beheer/{}/activiteiten/nieuw", organiser.slug)>"+ Nieuwe activiteit"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/organisaties", organiser.slug)>"Partnerorganisaties"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/mensen", organiser.slug)>"Mensen en rollen"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/api", organiser.slug)>"API-sleutels"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/privacy", organiser.slug)>"Privacy"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/facturen", organiser.slug)>"Facturen"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/betalingen", organiser.slug)>"Online betalingen"</a>
                <a class="button button-quiet" href=format!("/beheer/{}/rapport", organiser.slug)>{crate::i18n::tr("reports.open")}</a>
            </nav>
            {notice}
            <h2 id="activiteiten">"Activiteiten"</h2>
            <div class="table-wrap" role="region" aria-labelledby="activiteiten" tabindex="0">
                <table class="data stack-on-phone">
                    <thead>
                        <tr>
                            <th scope="col">"Activiteit"</th>
                            <th scope="col">"Soort"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Start"</th>
                            <th scope="col" class="num">"Ingeschreven"</th>
                            <th scope="col" class="num">"Wachtlijst"</th>
                            <th scope="col">"Acties"</th>
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
                            let action = format!("/beheer/{}/activiteiten/{}/status", organiser.slug, e.id);
                            let csrf = csrf_token.clone();
                            let status = if e.started { None } else { Some(e.status) };
                            let registered = e.seats_taken + e.waitlisted;
                            let title = e.title.clone();
                            let edit = format!("/beheer/{}/activiteiten/{}", organiser.slug, e.id);
                            let edit_label = format!("{} bewerken", e.title);
                            let list = format!("/beheer/{}/activiteiten/{}/inschrijvingen", organiser.slug, e.id);
                            let list_label = format!("Inschrijvingen van {}", e.title);
                            let door = format!("/beheer/{}/activiteiten/{}/inchecken", organiser.slug, e.id);
                            let door_label = format!("Inchecken: {}", e.title);
                            let has_door = public && e.starts_at.is_some();
                            view! {
                                <tr>
                                    <td class="title-cell">{if public { view! { <a href=href>{e.title.clone()}</a> }.into_any() } else { view! { <span>{e.title.clone()}</span> }.into_any() }}</td>
                                    <td data-label="Soort">{e.kind.label_nl()}</td>
                                    <td data-label="Status"><span class=format!("status status-{}", e.status.code())>{e.status.label_nl()}</span></td>
                                    <td data-label="Start" class="nowrap">{e.starts_at.map(|t| dates::date_short(t.date_naive())).unwrap_or_else(|| "–".to_string())}</td>
                                    <td data-label="Ingeschreven" class="num">{seats}</td>
                                    <td data-label="Wachtlijst" class="num">{e.waitlisted}</td>
                                    <td data-label="Acties" class="actions">
                                        <a href=edit class="button button-small button-quiet" aria-label=edit_label>"Bewerken"</a>
                                        <a href=list class="button button-small button-quiet" aria-label=list_label>"Inschrijvingen"</a>
                                        {has_door.then(|| view! { <a href=door class="button button-small button-quiet" aria-label=door_label>"Inchecken"</a> })}
                                        <StatusActions action csrf status registered title/>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!audit.is_empty()).then(|| view! {
                <h2 id="wijzigingen">"Wijzigingen"</h2>
                <ul class="audit-log">
                    {audit.into_iter().map(|a| view! {
                        <li>
                            <span class="muted small nowrap">{format!("{} {}", dates::date_short(a.at.date_naive()), dates::time(a.at.naive_local()))}</span>
                            " "<strong>{a.who.unwrap_or_else(|| "Iemand".to_string())}</strong>" "{a.what}
                        </li>
                    }).collect_view()}
                </ul>
            })}
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

/// Publish a draft; cancel an event (behind a disclosure, since it mails everyone).
#[component]
fn StatusActions(
    action: String,
    csrf: String,
    /// None once the event has begun: then there is nothing left to change.
    status: Option<EventStatus>,
    registered: u32,
    title: String,
) -> impl IntoView {
    match status {
        Some(EventStatus::Draft) => view! {
            <form method="post" action=action>
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="actie" value="publiceren"/>
                <button type="submit" class="button button-small" aria-label=format!("{title} publiceren")>"Publiceren"</button>
            </form>
        }
        .into_any(),
        Some(EventStatus::Published) => view! {
            <details class="confirm">
                <summary aria-label=format!("{title} annuleren")>"Annuleren…"</summary>
                <form method="post" action=action>
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="actie" value="annuleren"/>
                    <p class="small">{format!("{registered} ingeschrevenen krijgen een mail.")}</p>
                    <button type="submit" class="button button-small button-danger">"Ja, annuleer"</button>
                </form>
            </details>
        }
        .into_any(),
        Some(EventStatus::Cancelled) | None => view! { <span class="muted small">"–"</span> }.into_any(),
    }
}
