use crate::components::status::loaded;
use crate::functions::backoffice::{BackofficeHome, load_backoffice_home, load_dashboard};
use crate::i18n::{locale, tr, tr_with, trn};
use domain::backoffice::{Dashboard, Refusal};
use domain::dates;
use domain::{EventStatus, MailStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/beheer`: the organisers whose back office you may open; platform admins
/// also create organisers here.
#[component]
pub fn BackofficeHome() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_backoffice_home());
    view! {
        <Title text=tr("dash.home")/>
        {loaded(home, |BackofficeHome { organisers, new_organiser, proposals, csrf_token }| view! {
                        <section class="container narrow">
                            <h1>{tr("dash.home")}</h1>
                            {proposals.map(|count| view! {
                                <p><a class="button button-quiet" href="/beheer/organisaties/voorstellen">{tr_with("proposals.open", &[("count", &count.to_string())])}</a></p>
                            })}
                            {if organisers.is_empty() {
                                view! { <p>{tr("dash.no_organisers")}</p> }.into_any()
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
                    }.into_any())}
    }
}

/// For platform admins: a new organiser and the admin who gets the invitation.
#[component]
fn NewOrganiserForm(form: crate::forms::FormState, csrf: String) -> impl IntoView {
    use crate::components::fields::{ErrorSummary, Field};
    let query = use_query_map();
    let created = query.with_untracked(|q| q.get("melding").is_some_and(|m| m == "organisator"));
    view! {
        <h2 id="nieuwe-organisator">{tr("organiser.new")}</h2>
        {created.then(|| view! { <p class="notice notice-success" role="status">{tr("organiser.created")}</p> })}
        <ErrorSummary count=form.errors.len()/>
        <form method="post" action="/beheer" class="stacked-form" aria-labelledby="nieuwe-organisator" novalidate>
            <input type="hidden" name="csrf" value=csrf/>
            <Field label=tr("organiser.full_name") name="naam" value=form.value("naam") error=form.error("naam") required=true/>
            <Field label=tr("organiser.short_name") name="korte-naam" value=form.value("korte-naam") error=form.error("korte-naam") required=true hint=tr("organiser.short_name_hint")/>
            <Field label=tr("organiser.email") name="email" kind="email" value=form.value("email") error=form.error("email") required=true/>
            <Field label=tr("organiser.admin_name") name="beheerder-naam" value=form.value("beheerder-naam") error=form.error("beheerder-naam") required=true/>
            <Field label=tr("organiser.admin_email") name="beheerder-email" kind="email" value=form.value("beheerder-email") error=form.error("beheerder-email") required=true/>
            <div><button type="submit" class="button">{tr("organiser.create")}</button></div>
        </form>
    }
}

/// `/beheer/:organiser`: the organiser's events and outgoing mail.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let dashboard = Resource::new(super::param("organiser"), load_dashboard);
    view! {
        {loaded(dashboard, |d| view! { <DashboardView dashboard=d/> }.into_any())}
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Dashboard { organiser, events, outbox, audit, is_admin, csrf_token } = dashboard;
    let failed = outbox.iter().filter(|m| m.status == MailStatus::Failed).count();
    let language = locale();
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        if let Some(done) = q.get("melding") {
            let text = match done.as_str() {
                "publish" => tr("dash.published"),
                "cancel" => tr("dash.cancelled"),
                _ => tr("dash.saved"),
            };
            Some(view! { <p class="notice notice-success" role="status">{text}</p> }.into_any())
        } else {
            q.get("fout").map(|code| {
                let text = Refusal::from_code(&code).map_or(tr("dash.refused"), refusal_message);
                view! { <p class="notice notice-warning" role="alert">{text}</p> }.into_any()
            })
        }
    });
    view! {
        <Title text=tr_with("dash.title", &[("organiser", &organiser.short_name)])/>
        <section class="container backoffice">
            <h1>{tr_with("dash.heading", &[("organiser", &organiser.name)])}</h1>
            <nav class="toolbar" aria-label=tr("dash.home")>
                <a class="button" href=format!("/beheer/{}/activiteiten/nieuw", organiser.slug)>{tr("dash.new_event")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/organisaties", organiser.slug)>{tr("dash.partners")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/mensen", organiser.slug)>{tr("dash.people")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/api", organiser.slug)>{tr("dash.api")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/privacy", organiser.slug)>{tr("dash.privacy")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/instellingen", organiser.slug)>{tr("settings.title")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/facturen", organiser.slug)>{tr("dash.invoices")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/betalingen", organiser.slug)>{tr("dash.payments")}</a>
                <a class="button button-quiet" href=format!("/beheer/{}/rapport", organiser.slug)>{tr("reports.open")}</a>
                {is_admin.then(|| view! { <a class="button button-quiet" href=format!("/beheer/{}/financien", organiser.slug)>{tr("finances.open")}</a> })}
            </nav>
            {notice}
            <h2 id="activiteiten">{tr("dash.events")}</h2>
            <div class="table-wrap" role="region" aria-labelledby="activiteiten" tabindex="0">
                <table class="data stack-on-phone">
                    <thead>
                        <tr>
                            <th scope="col">{tr("dash.event")}</th>
                            <th scope="col">{tr("dash.kind")}</th>
                            <th scope="col">{tr("dash.status")}</th>
                            <th scope="col">{tr("dash.start")}</th>
                            <th scope="col" class="num">{tr("dash.registered")}</th>
                            <th scope="col" class="num">{tr("dash.waiting")}</th>
                            <th scope="col">{tr("dash.actions")}</th>
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
                            let edit_label = tr_with("dash.edit_label", &[("event", &e.title)]);
                            let list = format!("/beheer/{}/activiteiten/{}/inschrijvingen", organiser.slug, e.id);
                            let list_label = tr_with("dash.list_label", &[("event", &e.title)]);
                            let door = format!("/beheer/{}/activiteiten/{}/inchecken", organiser.slug, e.id);
                            let door_label = tr_with("dash.door_label", &[("event", &e.title)]);
                            let has_door = public && e.starts_at.is_some();
                            view! {
                                <tr>
                                    <td class="title-cell">{if public { view! { <a href=href>{e.title.clone()}</a> }.into_any() } else { view! { <span>{e.title.clone()}</span> }.into_any() }}</td>
                                    <td data-label=tr("dash.kind")>{e.kind.label_in(language, false)}</td>
                                    <td data-label=tr("dash.status")><span class=format!("status status-{}", e.status.code())>{event_status(e.status)}</span></td>
                                    <td data-label=tr("dash.start") class="nowrap">{e.starts_at.map(|t| dates::date_short_in(language, t.date_naive())).unwrap_or_else(|| "–".to_string())}</td>
                                    <td data-label=tr("dash.registered") class="num">{seats}</td>
                                    <td data-label=tr("dash.waiting") class="num">{e.waitlisted}</td>
                                    <td data-label=tr("dash.actions") class="actions">
                                        <a href=edit class="button button-small button-quiet" aria-label=edit_label>{tr("dash.edit")}</a>
                                        <a href=list class="button button-small button-quiet" aria-label=list_label>{tr("dash.list")}</a>
                                        {has_door.then(|| view! { <a href=door class="button button-small button-quiet" aria-label=door_label>{tr("dash.door")}</a> })}
                                        <StatusActions action csrf status registered title/>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!audit.is_empty()).then(|| view! {
                <h2 id="wijzigingen">{tr("dash.audit")}</h2>
                <ul class="audit-log">
                    {audit.into_iter().map(|a| view! {
                        <li>
                            <span class="muted small nowrap">{format!("{} {}", dates::date_short_in(language, a.at.date_naive()), dates::time(a.at.naive_local()))}</span>
                            " "<strong>{a.who.unwrap_or_else(|| tr("dash.someone").to_string())}</strong>" "{a.what.text(language)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <h2 id="mail">{tr("dash.mail")}</h2>
            {(failed > 0).then(|| view! {
                <p class="notice notice-warning" role="alert">{trn("dash.mail_failed", failed)}</p>
            })}
            {if outbox.is_empty() {
                view! { <p>{tr("dash.no_mail")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="mail" tabindex="0">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("dash.to")}</th>
                                    <th scope="col">{tr("dash.subject")}</th>
                                    <th scope="col">{tr("dash.status")}</th>
                                    <th scope="col">{tr("dash.created")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {outbox.into_iter().map(|m| view! {
                                    <tr>
                                        <td>{m.to}</td>
                                        <td>{m.subject}</td>
                                        <td>
                                            <span class=format!("status status-{}", m.status)>{mail_status(m.status)}</span>
                                            {m.last_error.map(|e| view! { <br/><span class="small muted">{tr_with("dash.attempt", &[("count", &m.attempts.to_string()), ("error", &e)])}</span> })}
                                        </td>
                                        <td class="nowrap">{format!("{} {}", dates::date_short_in(language, m.created_at.date_naive()), dates::time(m.created_at.naive_local()))}</td>
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
                <button type="submit" class="button button-small" aria-label=tr_with("dash.publish_label", &[("event", &title)])>{tr("dash.publish")}</button>
            </form>
        }
        .into_any(),
        Some(EventStatus::Published) => view! {
            <details class="confirm">
                <summary aria-label=tr_with("dash.cancel_label", &[("event", &title)])>{tr("dash.cancel")}</summary>
                <form method="post" action=action>
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="actie" value="annuleren"/>
                    <p class="small">{tr_with("dash.cancel_mails", &[("count", &registered.to_string())])}</p>
                    <button type="submit" class="button button-small button-danger">{tr("dash.cancel_confirm")}</button>
                </form>
            </details>
        }
        .into_any(),
        Some(EventStatus::Cancelled) | None => view! { <span class="muted small">"–"</span> }.into_any(),
    }
}

fn event_status(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Draft => tr("dash.status.draft"),
        EventStatus::Published => tr("dash.status.published"),
        EventStatus::Cancelled => tr("dash.status.cancelled"),
    }
}

fn mail_status(status: MailStatus) -> &'static str {
    match status {
        MailStatus::Queued => tr("dash.mail.queued"),
        MailStatus::Sending => tr("dash.mail.sending"),
        MailStatus::Sent => tr("dash.mail.sent"),
        MailStatus::Failed => tr("dash.mail.failed"),
    }
}

fn refusal_message(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::NoSessions => tr("dash.refusal.no_sessions"),
        Refusal::AlreadyPublished => tr("dash.refusal.already_published"),
        Refusal::Cancelled => tr("dash.refusal.cancelled"),
        Refusal::ChangedMeanwhile => tr("dash.refusal.changed"),
        Refusal::UnknownEvent => tr("dash.refusal.unknown_event"),
        Refusal::UnknownAction => tr("dash.refusal.unknown_action"),
        Refusal::Started => tr("dash.refusal.started"),
    }
}
