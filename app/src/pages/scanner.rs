//! `/beheer/:organiser/activiteiten/:event/inchecken`: check-in at the door,
//! on a phone. A handheld scanner types the ticket's address into the form and
//! presses Enter, so the page works without JavaScript; with it, the phone's
//! camera can read the QR code (where the browser can). Without a ticket,
//! staff find the person by name.

use crate::components::status::loaded;
use crate::functions::checkin::load_door;
use crate::i18n::{locale, tr, tr_with};
use domain::checkin::{CheckInOutcome, DoorMessage, DoorView, Holder};
use domain::dates;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ScannerPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let door = Resource::new(
        move || {
            let (organiser, event) =
                params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default()));
            query.with(|q| {
                (
                    organiser,
                    event,
                    q.get("sessie").and_then(|s| s.parse::<i32>().ok()),
                    q.get("zoek"),
                    q.get("uitkomst"),
                    q.get("registratie").and_then(|s| s.parse::<i32>().ok()),
                )
            })
        },
        |(organiser, event, session, search, outcome, registration)| {
            load_door(organiser, event, session, search, outcome, registration)
        },
    );
    view! {
        {loaded(door, |view| view! { <Door view/> }.into_any())}
    }
}

#[component]
fn Door(view: DoorView) -> impl IntoView {
    let DoorView { organiser, event_id, title, sessions, session_id, expected, found, recent, last, csrf_token } = view;
    let query = use_query_map();
    let search = query.with_untracked(|q| q.get("zoek")).unwrap_or_default();
    let base = format!("/beheer/{}/activiteiten/{event_id}/inchecken", organiser.slug);
    let list = format!("/beheer/{}/activiteiten/{event_id}/inschrijvingen", organiser.slug);
    let heading = tr_with("scanner.title", &[("event", &title)]);
    let Some(session_id) = session_id else {
        return view! {
            <Title text=heading.clone()/>
            <section class="container narrow scanner">
                <p class="breadcrumb"><a href=list>{tr("scanner.back")}</a></p>
                <h1>{heading}</h1>
                <p class="notice notice-warning">{tr("scanner.no_sessions")}</p>
            </section>
        }
        .into_any();
    };
    let present = sessions.iter().find(|s| s.id == session_id).map_or(0, |s| s.present);
    let language = locale();
    let session_label = move |s: &domain::checkin::DoorSession| {
        format!(
            "{} {}–{} · {}",
            dates::date_short_in(language, s.starts_at.date_naive()),
            dates::time(s.starts_at.naive_local()),
            dates::time(s.ends_at.naive_local()),
            s.title
        )
    };
    let csrf = csrf_token.clone();
    let undo_action = format!("{base}/ongedaan");
    let mark_action = base.clone();
    view! {
        <Title text=heading.clone()/>
        <section class="container narrow scanner">
            <p class="breadcrumb"><a href=list>{tr("scanner.back")}</a></p>
            <h1>{heading}</h1>
            <form method="get" action=base.clone() class="scanner-session">
                <label for="sessie">{tr("scanner.session")}</label>
                <select id="sessie" name="sessie">
                    {sessions.iter().map(|s| view! {
                        <option value=s.id.to_string() selected=s.id == session_id>{session_label(s)}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-quiet button-small">{tr("scanner.choose_session")}</button>
            </form>
            <p class="scanner-count" aria-live="polite">
                {tr_with("scanner.present", &[("present", &present.to_string()), ("expected", &expected.to_string())])}
            </p>
            <DoorSync event_id session_id/>
            {last.map(|message| view! { <LastMessage message csrf=csrf.clone() action=undo_action.clone() session_id/> })}

            <h2 id="scannen">{tr("scanner.scan_heading")}</h2>
            <form method="post" action=base.clone() class="scanner-form" id=crate::components::camera::SCAN_FORM_ID aria-labelledby="scannen">
                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                <input type="hidden" name="sessie" value=session_id.to_string()/>
                <label for="ticket">{tr("scanner.scan_label")}</label>
                <p class="field-hint" id="ticket-hint">{tr("scanner.scan_hint")}</p>
                <div class="scanner-input">
                    <input id=crate::components::camera::TICKET_INPUT_ID name="ticket" type="text" autocomplete="off" autocapitalize="off" spellcheck="false" autofocus aria-describedby="ticket-hint"/>
                    <button type="submit" class="button">{tr("scanner.scan_submit")}</button>
                </div>
            </form>
            <crate::components::camera::CameraScanner/>

            <h2 id="zoeken">{tr("scanner.search_heading")}</h2>
            <form method="get" action=base.clone() class="scanner-input" role="search" aria-labelledby="zoeken">
                <input type="hidden" name="sessie" value=session_id.to_string()/>
                <label class="sr-only" for="zoek">{tr("scanner.search_label")}</label>
                <input id="zoek" name="zoek" type="search" value=search.clone() autocomplete="off" placeholder=tr("scanner.search_label")/>
                <button type="submit" class="button button-quiet">{tr("scanner.search_submit")}</button>
            </form>
            {(!search.trim().is_empty()).then(|| {
                if domain::checkin::search_term(&search).is_none() {
                    view! { <p class="muted">{tr("scanner.search_short")}</p> }.into_any()
                } else if found.is_empty() {
                    view! { <p class="muted">{tr_with("scanner.search_none", &[("term", search.trim())])}</p> }.into_any()
                } else {
                    view! {
                        <ul class="door-list">
                            {found.into_iter().map(|(holder, is_in)| view! {
                                <li>
                                    <HolderLine holder=holder.clone()/>
                                    {if is_in {
                                        view! { <span class="badge badge-open">{tr("scanner.is_present")}</span> }.into_any()
                                    } else {
                                        view! {
                                            <form method="post" action=mark_action.clone()>
                                                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                                                <input type="hidden" name="sessie" value=session_id.to_string()/>
                                                <input type="hidden" name="registratie" value=holder.registration_id.to_string()/>
                                                <input type="hidden" name="zoek" value=search.clone()/>
                                                <button type="submit" class="button button-small" aria-label=format!("{}: {}", tr("scanner.mark_present"), holder.name)>{tr("scanner.mark_present")}</button>
                                            </form>
                                        }.into_any()
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}

            <h2 id="recent">{tr("scanner.recent")}</h2>
            {if recent.is_empty() {
                view! { <p class="muted">{tr("scanner.recent_none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="door-list" aria-labelledby="recent">
                        {recent.into_iter().map(|(holder, at)| view! {
                            <li><HolderLine holder/><span class="muted nowrap">{dates::time(at.naive_local())}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn HolderLine(holder: Holder) -> impl IntoView {
    let detail = [holder.organisation.clone().unwrap_or_default(), holder.ticket_type.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <span class="door-person"><strong>{holder.name}</strong>{(!detail.is_empty()).then(|| view! { <br/><span class="muted small">{detail}</span> })}</span>
    }
}

/// The answer to the last scan, big enough to read at arm's length: green
/// when the person may go in, red when not; with an undo for a wrong tap.
#[component]
fn LastMessage(message: DoorMessage, csrf: String, action: String, session_id: i32) -> impl IntoView {
    let language = locale();
    match message {
        DoorMessage::Undone(holder) => view! {
            <p class="door-result door-neutral" role="status">{tr_with("scanner.undone", &[("name", &holder.name)])}</p>
        }
        .into_any(),
        DoorMessage::Outcome(outcome) => {
            let admitted = outcome.admitted();
            let headline = outcome.headline(language);
            let undo = match &outcome {
                CheckInOutcome::CheckedIn(holder) => Some(holder.registration_id),
                _ => None,
            };
            let holder = outcome.holder().cloned();
            view! {
                <div class=if admitted { "door-result door-ok" } else { "door-result door-stop" } role=if admitted { "status" } else { "alert" }>
                    <p class="door-headline">{if admitted { "✓ " } else { "✕ " }}{headline}</p>
                    {holder.map(|h| {
                        let detail = [h.organisation.unwrap_or_default(), h.ticket_type]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · ");
                        (!detail.is_empty()).then(|| view! { <p>{detail}</p> })
                    })}
                    {undo.map(|registration| view! {
                        <form method="post" action=action.clone()>
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <input type="hidden" name="sessie" value=session_id.to_string()/>
                            <input type="hidden" name="registratie" value=registration.to_string()/>
                            <button type="submit" class="button button-quiet button-small">{tr("scanner.undo")}</button>
                        </form>
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// What the door's script (`/door.js`) needs: where to send scans, and the
/// texts in the visitor's language. The script shows the banner (online or
/// offline, scans waiting, when the list was refreshed) and puts its answers
/// in `#door-answer`; without it the page works as a plain form.
#[component]
fn DoorSync(event_id: i32, session_id: i32) -> impl IntoView {
    view! {
        <p id="door-sync" class="door-sync" hidden aria-live="polite"
            data-event=event_id.to_string() data-session=session_id.to_string()
            data-t-online=tr("door_sync.online") data-t-offline=tr("door_sync.offline")
            data-t-waiting=tr("door_sync.waiting") data-t-list=tr("door_sync.list") data-t-no-list=tr("door_sync.no_list")
            data-t-offline-answer=tr("door_sync.offline_answer") data-t-conflict=tr("door_sync.conflict")
            data-t-present=tr("scanner.present") data-t-welcome=tr("scanner.welcome") data-t-already=tr("scanner.already_in")
            data-t-cancelled=tr("scanner.cancelled") data-t-waitlisted=tr("scanner.waitlisted") data-t-offered=tr("scanner.offered")
            data-t-unpaid=tr("scanner.unpaid") data-t-unknown=tr("scanner.unknown")
            data-t-undo=tr("scanner.undo") data-t-undone=tr("scanner.undone")></p>
        <div id="door-answer"></div>
        <script src="/door.js" defer></script>
    }
}
