//! `/beheer/:organiser/activiteiten/:event/inchecken`: check-in at the door,
//! on a phone. A handheld scanner types the ticket's address into the form and
//! presses Enter, so the page works without JavaScript; with it, the phone's
//! camera can read the QR code (where the browser can). Without a ticket,
//! the door finds the person by name. Staff and the organiser's scanners (door
//! volunteers) work it; a scanner sees what the door needs and nothing else.
//! The door's name (`deur`, "Ingang zaal") is kept in the address and in every
//! form, so it stays without JavaScript and goes with each check-in.

use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::functions::checkin::load_door;
use crate::i18n::{locale, tr, tr_with};
use domain::checkin::{CheckInOutcome, DoorMessage, DoorView, Holder, Tone};
use domain::dates;
use domain::forms::fields::{self, check_in as names};
use domain::paths;
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
                    q.get(names::SESSION).and_then(|s| s.parse::<i32>().ok()),
                    q.get(names::SEARCH),
                    q.get(names::OUTCOME),
                    q.get(names::REGISTRATION).and_then(|s| s.parse::<i32>().ok()),
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
    let DoorView {
        organiser,
        event_id,
        title,
        sessions,
        session_id,
        expected,
        found,
        recent,
        last,
        csrf_token,
        manages,
    } = view;
    let query = use_query_map();
    let search = query.with_untracked(|q| q.get(names::SEARCH)).unwrap_or_default();
    let door =
        query.with_untracked(|q| q.get(names::DOOR)).and_then(|d| domain::checkin::door_name(&d)).unwrap_or_default();
    let base = paths::backoffice::event_checkin(&organiser.slug, event_id);
    // Staff go back to the participant list; a door volunteer has none, and goes home.
    let (back, back_label) = if manages {
        (paths::backoffice::event_registrations(&organiser.slug, event_id), tr("scanner.back"))
    } else {
        (paths::ACCOUNT.to_string(), tr("scanner.back_home"))
    };
    let heading = tr_with("scanner.title", &[("event", &title)]);
    let Some(session_id) = session_id else {
        return view! {
            <Title text=heading.clone()/>
            <section class="container narrow scanner">
                <p class="breadcrumb"><a href=back>{back_label}</a></p>
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
    let undo_action = paths::backoffice::event_checkin_undo(&organiser.slug, event_id);
    let mark_action = base.clone();
    let answer_door = door.clone();
    let scan_door = door.clone();
    view! {
        <Title text=heading.clone()/>
        <section class="container narrow scanner">
            <p class="breadcrumb"><a href=back>{back_label}</a></p>
            <h1>{heading}</h1>
            <form method="get" action=base.clone() class="scanner-session">
                <div class="scanner-field">
                    <label for="sessie">{tr("scanner.session")}</label>
                    <select id="sessie" name=names::SESSION>
                        {sessions.iter().map(|s| view! {
                            <option value=s.id.to_string() selected=s.id == session_id>{session_label(s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="scanner-field scanner-door">
                    <label for="deur">{tr("scanner.door")}</label>
                    <input id="deur" name=names::DOOR type="text" value=door.clone() maxlength=domain::checkin::DOOR_NAME_MAX.to_string() autocomplete="off" aria-describedby="deur-hint"/>
                </div>
                <button type="submit" class="button button-quiet button-small">{tr("scanner.choose_session")}</button>
                <p class="field-hint" id="deur-hint">{tr("scanner.door_hint")}</p>
            </form>
            <p class="scanner-count" aria-live="polite">
                {tr_with("scanner.present", &[("present", &present.to_string()), ("expected", &expected.to_string())])}
            </p>
            <DoorSync event_id session_id/>
            {last.map(|message| view! {
                <LastMessage message csrf=csrf.clone() undo_action=undo_action.clone() mark_action=base.clone() session_id door=answer_door.clone()/>
            })}

            <h2 id="scannen">{tr("scanner.scan_heading")}</h2>
            <PostForm action=base.clone() class="scanner-form" id=crate::components::camera::SCAN_FORM_ID labelledby="scannen" csrf=csrf_token.clone()>
                <input type="hidden" name=names::SESSION value=session_id.to_string()/>
                <input type="hidden" name=names::DOOR value=scan_door/>
                <label for="ticket">{tr("scanner.scan_label")}</label>
                <p class="field-hint" id="ticket-hint">{tr("scanner.scan_hint")}</p>
                <div class="scanner-input">
                    <input id=crate::components::camera::TICKET_INPUT_ID name=names::TICKET type="text" autocomplete="off" autocapitalize="off" spellcheck="false" autofocus aria-describedby="ticket-hint"/>
                    <button type="submit" class="button">{tr("scanner.scan_submit")}</button>
                </div>
            </PostForm>
            <crate::components::camera::CameraScanner/>

            <h2 id="zoeken">{tr("scanner.search_heading")}</h2>
            <form method="get" action=base.clone() class="scanner-input" role="search" aria-labelledby="zoeken">
                <input type="hidden" name=names::SESSION value=session_id.to_string()/>
                {(!door.is_empty()).then(|| view! { <input type="hidden" name=names::DOOR value=door.clone()/> })}
                <label class="sr-only" for="zoek">{tr("scanner.search_label")}</label>
                <input id="zoek" name=names::SEARCH type="search" value=search.clone() autocomplete="off" placeholder=tr("scanner.search_label")/>
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
                            {found.into_iter().map(|(holder, is_in)| {
                                let (search, door) = (search.clone(), door.clone());
                                view! {
                                <li>
                                    <HolderLine holder=holder.clone()/>
                                    {if is_in {
                                        view! { <span class="badge badge-open">{tr("scanner.is_present")}</span> }.into_any()
                                    } else {
                                        view! {
                                            <PostForm action=mark_action.clone() csrf=csrf_token.clone()>
                                                <input type="hidden" name=names::SESSION value=session_id.to_string()/>
                                                <input type="hidden" name=names::REGISTRATION value=holder.registration_id.to_string()/>
                                                <input type="hidden" name=names::SEARCH value=search.clone()/>
                                                <input type="hidden" name=names::DOOR value=door.clone()/>
                                                <button type="submit" class="button button-small" aria-label=format!("{}: {}", tr("scanner.mark_present"), holder.name)>{tr("scanner.mark_present")}</button>
                                            </PostForm>
                                        }.into_any()
                                    }}
                                </li>
                            }}).collect_view()}
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
    let detail = holder.detail();
    view! {
        <span class="door-person">
            <strong>{holder.name}</strong>
            {(!detail.is_empty()).then(|| view! { <br/><span class="muted small">{detail}</span> })}
            {holder.needs.map(|needs| view! { <br/><span class="door-needs-inline small"><strong>{tr("scanner.needs")}</strong>" "{needs}</span> })}
        </span>
    }
}

/// The answer to the last scan, big enough to read at arm's length: green
/// (welcome), orange (in already: when, by whom, at which door) or red (not
/// in, with the reason); a sign beside the colour; the access needs the
/// participant gave; an undo for a wrong tap, and for a session on another
/// day the way to check in for it anyway.
#[component]
fn LastMessage(
    message: DoorMessage,
    csrf: String,
    undo_action: String,
    mark_action: String,
    session_id: i32,
    door: String,
) -> impl IntoView {
    let language = locale();
    match message {
        DoorMessage::Undone(holder) => view! {
            <p class="door-result door-neutral" role="status">{tr_with("scanner.undone", &[("name", &holder.name)])}</p>
        }
        .into_any(),
        DoorMessage::Outcome(outcome) => {
            let tone = outcome.tone();
            let headline = outcome.headline(language);
            let by = outcome.checked_in_by(language);
            let undo = match &outcome {
                CheckInOutcome::CheckedIn(holder) => Some(holder.registration_id),
                _ => None,
            };
            let anyway = match &outcome {
                CheckInOutcome::OtherSession { holder, session_id, .. } => Some((holder.registration_id, *session_id)),
                _ => None,
            };
            let holder = outcome.holder().cloned();
            let hidden = move |csrf: String, session: i32, registration: i32, door: String| {
                view! {
                    <input type="hidden" name=fields::FORM_TOKEN value=csrf/>
                    <input type="hidden" name=names::SESSION value=session.to_string()/>
                    <input type="hidden" name=names::REGISTRATION value=registration.to_string()/>
                    <input type="hidden" name=names::DOOR value=door/>
                }
            };
            view! {
                <div class=tone.class() data-answer=tone.code() role=if tone == Tone::Stop { "alert" } else { "status" }>
                    <p class="door-headline"><span class="door-icon" aria-hidden="true">{tone.icon()}</span>" "{headline}</p>
                    {holder.map(|h| {
                        let detail = h.detail();
                        view! {
                            {(!detail.is_empty()).then(|| view! { <p class="door-detail">{detail}</p> })}
                            {h.needs.map(|needs| view! { <p class="door-needs"><strong>{tr("scanner.needs")}</strong>" "{needs}</p> })}
                        }
                    })}
                    {by.map(|line| view! { <p class="door-by">{line}</p> })}
                    {anyway.map(|(registration, session)| view! {
                        <form method="post" action=mark_action.clone()>
                            {hidden(csrf.clone(), session, registration, door.clone())}
                            <input type="hidden" name=names::OTHER_SESSION value="ja"/>
                            <button type="submit" class="button button-small">{tr("scanner.other_session_anyway")}</button>
                        </form>
                    })}
                    {undo.map(|registration| view! {
                        <form method="post" action=undo_action.clone()>
                            {hidden(csrf.clone(), session_id, registration, door.clone())}
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
            data-t-unpaid=tr("scanner.unpaid") data-t-unknown=tr("scanner.unknown") data-t-unreadable=tr("scanner.unreadable")
            data-t-undo=tr("scanner.undo") data-t-undone=tr("scanner.undone") data-t-needs=tr("scanner.needs")></p>
        <div id="door-answer"></div>
        <script src="/door.js" defer></script>
    }
}
