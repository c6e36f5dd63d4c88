use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::functions::backoffice::{BackofficeHome, load_backoffice_home, load_dashboard};
use crate::i18n::{locale, tr, tr_with, trn};
use domain::backoffice::{Dashboard, Refusal};
use domain::dates;
use domain::forms::fields::{self, event_status, new_organiser};
use domain::paths;
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
                                <p><a class="button button-quiet" href=paths::backoffice::PROPOSALS>{tr_with("proposals.open", &[("count", &count.to_string())])}</a></p>
                                // Only platform admins get the proposals, and the Flemish overview.
                                <p><a class="button button-quiet" href=paths::PLATFORM_REPORT>{tr("overview.open")}</a></p>
                            })}
                            {if organisers.is_empty() {
                                view! { <p>{tr("dash.no_organisers")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="organiser-links">
                                        {organisers.into_iter().map(|o| view! {
                                            <li><a class="button button-quiet" href=paths::backoffice::dashboard(&o.slug)>{o.name}</a></li>
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
        <PostForm action=paths::backoffice::HOME class="stacked-form" labelledby="nieuwe-organisator" novalidate=true csrf=csrf>
            <Field label=tr("organiser.full_name") name=new_organiser::NAME value=form.value(new_organiser::NAME) error=form.error(new_organiser::NAME) required=true/>
            <Field label=tr("organiser.short_name") name=new_organiser::SHORT_NAME value=form.value(new_organiser::SHORT_NAME) error=form.error(new_organiser::SHORT_NAME) required=true hint=tr("organiser.short_name_hint")/>
            <Field label=tr("organiser.email") name=new_organiser::EMAIL kind="email" value=form.value(new_organiser::EMAIL) error=form.error(new_organiser::EMAIL) required=true/>
            <Field label=tr("organiser.admin_name") name=new_organiser::ADMIN_NAME value=form.value(new_organiser::ADMIN_NAME) error=form.error(new_organiser::ADMIN_NAME) required=true/>
            <Field label=tr("organiser.admin_email") name=new_organiser::ADMIN_EMAIL kind="email" value=form.value(new_organiser::ADMIN_EMAIL) error=form.error(new_organiser::ADMIN_EMAIL) required=true/>
            <div><button type="submit" class="button">{tr("organiser.create")}</button></div>
        </PostForm>
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
                <a class="button" href=paths::backoffice::new_event(&organiser.slug)>{tr("dash.new_event")}</a>
                <a class="button button-quiet" href=paths::backoffice::partners(&organiser.slug)>{tr("dash.partners")}</a>
                <a class="button button-quiet" href=paths::backoffice::people(&organiser.slug)>{tr("dash.people")}</a>
                <a class="button button-quiet" href=paths::backoffice::api_tokens(&organiser.slug)>{tr("dash.api")}</a>
                <a class="button button-quiet" href=paths::backoffice::privacy(&organiser.slug)>{tr("dash.privacy")}</a>
                <a class="button button-quiet" href=paths::backoffice::settings(&organiser.slug)>{tr("settings.title")}</a>
                <a class="button button-quiet" href=paths::backoffice::invoices(&organiser.slug)>{tr("dash.invoices")}</a>
                <a class="button button-quiet" href=paths::backoffice::online_payments(&organiser.slug)>{tr("dash.payments")}</a>
                <a class="button button-quiet" href=paths::backoffice::report(&organiser.slug)>{tr("reports.open")}</a>
                {is_admin.then(|| view! { <a class="button button-quiet" href=paths::backoffice::finances(&organiser.slug)>{tr("finances.open")}</a> })}
            </nav>
            {notice}
            <h2 id="activiteiten">{tr("dash.events")}</h2>
            <DataTable labelledby="activiteiten">
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
                            let href = paths::event(&organiser.slug, &e.slug);
                            let action = paths::backoffice::event_status(&organiser.slug, e.id);
                            let csrf = csrf_token.clone();
                            let status = if e.started { None } else { Some(e.status) };
                            let registered = e.seats_taken + e.waitlisted;
                            let title = e.title.clone();
                            let edit = paths::backoffice::event(&organiser.slug, e.id);
                            let edit_label = tr_with("dash.edit_label", &[("event", &e.title)]);
                            let list = paths::backoffice::event_registrations(&organiser.slug, e.id);
                            let list_label = tr_with("dash.list_label", &[("event", &e.title)]);
                            let door = paths::backoffice::event_checkin(&organiser.slug, e.id);
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
            </DataTable>
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
                    <DataTable labelledby="mail">
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
                    </DataTable>
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
            <PostForm action=action csrf=csrf>
                <input type="hidden" name=fields::ACTION value=event_status::PUBLISH/>
                <button type="submit" class="button button-small" aria-label=tr_with("dash.publish_label", &[("event", &title)])>{tr("dash.publish")}</button>
            </PostForm>
        }
        .into_any(),
        Some(EventStatus::Published) => view! {
            <details class="confirm">
                <summary aria-label=tr_with("dash.cancel_label", &[("event", &title)])>{tr("dash.cancel")}</summary>
                <PostForm action=action csrf=csrf>
                    <input type="hidden" name=fields::ACTION value=event_status::CANCEL/>
                    <p class="small">{tr_with("dash.cancel_mails", &[("count", &registered.to_string())])}</p>
                    <button type="submit" class="button button-small button-danger">{tr("dash.cancel_confirm")}</button>
                </PostForm>
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
