//! `/beheer/:organiser/activiteiten/nieuw` and `/beheer/:organiser/activiteiten/:event`:
//! the event editor. One plain form posted to its own address: rows are added
//! with submit buttons and removed with checkboxes, so it works without
//! JavaScript; errors come back next to their fields.

use crate::components::fields::{ErrorSummary, Field, Select, TextArea};
use crate::components::status::{ErrorPage, Loading};
use crate::forms::FormState;
use crate::functions::editor::{EventEditor, load_event_editor};
use domain::editor::{NEW, SESSION, TICKET, TRAINER};
use domain::forms::row_field;
use domain::questions::{QUESTION, QuestionKind};
use domain::{Audience, EventKind, EventStatus, TicketEligibility, TrainerRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewEventPage() -> impl IntoView {
    let params = use_params_map();
    let editor = Resource::new(
        move || params.with(|p| p.get("organiser").unwrap_or_default()),
        |organiser| load_event_editor(organiser, None),
    );
    view! { <EditorLoader editor/> }
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let params = use_params_map();
    let editor = Resource::new(
        move || params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())),
        |(organiser, event)| load_event_editor(organiser, Some(event)),
    );
    view! { <EditorLoader editor/> }
}

#[component]
fn EditorLoader(editor: Resource<Result<EventEditor, crate::error::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(e) => view! { <EditorView editor=e/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn options<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    all.iter().map(|k| (code(*k).to_string(), label(*k).to_string())).collect()
}

#[component]
fn EditorView(editor: EventEditor) -> impl IntoView {
    let EventEditor { organiser, event, form, choices, shows_fees, csrf_token } = editor;
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        q.get("melding").map(|m| {
            let text = match m.as_str() {
                "aangemaakt" => {
                    "De activiteit is aangemaakt als concept. Publiceer ze vanuit het overzicht als alles klopt."
                }
                "kopie" => "Dit is de nieuwe editie, als concept: alle data schoven 52 weken op. Kijk ze na en sla op.",
                _ => "Je wijzigingen zijn opgeslagen.",
            };
            view! { <p class="notice notice-success" role="status">{text}</p> }
        })
    });
    let heading = match &event {
        Some(e) => format!("Bewerken: {}", e.title),
        None => "Nieuwe activiteit".to_string(),
    };
    let back = format!("/beheer/{}", organiser.slug);
    let public_link = event
        .as_ref()
        .filter(|e| e.status != EventStatus::Draft)
        .map(|e| format!("/regio/{}/{}", organiser.slug, e.slug));
    let copy_action = event.as_ref().map(|e| format!("/beheer/{}/activiteiten/{}/kopie", organiser.slug, e.id));
    let status = event.as_ref().map(|e| e.status);
    let error_count = form.errors.len();
    let venue_options = {
        let mut list = vec![(String::new(), "— geen locatie —".to_string())];
        list.extend(choices.venues.iter().map(|(id, name)| (id.to_string(), name.clone())));
        list.push((NEW.to_string(), "Nieuwe locatie (vul hieronder in)".to_string()));
        list
    };
    let trainer_options = {
        let mut list = vec![(String::new(), "— kies —".to_string())];
        list.extend(choices.trainers.iter().map(|(id, name)| (id.to_string(), name.clone())));
        list.push((NEW.to_string(), "Nieuwe lesgever (naam hiernaast)".to_string()));
        list
    };
    let sessions = form.values.rows(SESSION);
    let tickets = form.values.rows(TICKET);
    let trainers = form.values.rows(TRAINER);
    let questions = form.values.rows(QUESTION);
    let f = form.clone();
    let v = move |name: &str| f.value(name);
    let f = form.clone();
    let e = move |name: &str| f.error(name);
    view! {
        <Title text=heading.clone()/>
        <section class="container editor">
            <p class="breadcrumb"><a href=back.clone()>{format!("← Beheer {}", organiser.short_name)}</a></p>
            <h1>{heading}</h1>
            <div class="editor-meta">
                {status.map(|s| view! { <span class=format!("status status-{}", s.code())>{s.label_nl()}</span> })}
                {public_link.map(|href| view! { <a href=href>"Bekijk in het aanbod"</a> })}
                {copy_action.map(|action| view! {
                    <form method="post" action=action class="inline-form">
                        <input type="hidden" name="csrf" value=csrf_token.clone()/>
                        <button type="submit" class="button button-small button-quiet">"Kopiëren als volgende editie"</button>
                    </form>
                })}
            </div>
            {notice}
            <ErrorSummary count=error_count/>
            <form method="post" class="editor-form" novalidate>
                // Enter in a text field presses the form's first button: make that "save".
                <button type="submit" name="actie" value="opslaan" class="default-submit" tabindex="-1" aria-hidden="true">"Opslaan"</button>
                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                <fieldset>
                    <legend>"Over de activiteit"</legend>
                    <Field label="Titel" name="titel" value=v("titel") error=e("titel") required=true/>
                    <div class="field-row">
                        <Select label="Soort" name="soort" value=v("soort") options=options(EventKind::ALL, EventKind::code, EventKind::label_nl) error=e("soort")/>
                        <Select label="Wie mag inschrijven" name="doelpubliek" value=v("doelpubliek") options=options(Audience::ALL, Audience::code, Audience::label_nl) error=e("doelpubliek")/>
                    </div>
                    <TextArea label="Samenvatting" name="samenvatting" value=v("samenvatting") rows=2 required=true hint="Eén of twee zinnen; ze staan in het aanbod." error=e("samenvatting")/>
                    <TextArea label="Beschrijving" name="beschrijving" value=v("beschrijving") rows=8 hint="Laat een lege regel tussen alinea's." error=e("beschrijving")/>
                    <Field label="Thema" name="thema" value=v("thema") hint="Bv. Energie, Budgetbegeleiding. Bezoekers filteren erop." error=e("thema")/>
                </fieldset>
                <fieldset>
                    <legend>"Plaatsen en inschrijving"</legend>
                    <div class="field-row">
                        <Field label="Capaciteit" name="capaciteit" value=v("capaciteit") kind="number" inputmode="numeric" hint="Aantal deelnemers; leeg is geen limiet." error=e("capaciteit")/>
                        <Field label="Inschrijven vanaf" name="inschrijven-vanaf" value=v("inschrijven-vanaf") kind="date" error=e("inschrijven-vanaf")/>
                        <Field label="Inschrijven tot en met" name="inschrijven-tot" value=v("inschrijven-tot") kind="date" hint="Leeg: tot de start." error=e("inschrijven-tot")/>
                        <Field label="Kosteloos annuleren tot en met" name="annuleren-tot" value=v("annuleren-tot") kind="date" error=e("annuleren-tot")/>
                        <Field label="Groepsgrootte" name="groep-max" value=v("groep-max") kind="number" inputmode="numeric" hint="Alleen voor een groepsmodule: hoeveel deelnemers een groep hoogstens telt." error=e("groep-max")/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Sessies"</legend>
                    <p class="field-hint">"Een leernetwerk of reeks heeft meerdere sessies; parallelle workshops delen datum en uur en verschillen in spoor."</p>
                    <ol class="editor-rows">
                        {sessions.into_iter().enumerate().map(|(n, row)| view! {
                            <SessionRow n row form=form.clone() venues=venue_options.clone()/>
                        }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="sessie-erbij" class="button button-quiet button-small">"+ Sessie toevoegen"</button>
                    <fieldset class="nested">
                        <legend>"Nieuwe locatie"</legend>
                        <p class="field-hint">"Alleen nodig als je bij een sessie «Nieuwe locatie» kiest."</p>
                        <div class="field-row">
                            <Field label="Naam" name="nieuwe-locatie-naam" value=v("nieuwe-locatie-naam") error=e("nieuwe-locatie-naam")/>
                            <Field label="Straat en nummer" name="nieuwe-locatie-straat" value=v("nieuwe-locatie-straat") error=e("nieuwe-locatie-straat")/>
                            <Field label="Postcode" name="nieuwe-locatie-postcode" value=v("nieuwe-locatie-postcode") inputmode="numeric" class="field-narrow" error=e("nieuwe-locatie-postcode")/>
                            <Field label="Gemeente" name="nieuwe-locatie-gemeente" value=v("nieuwe-locatie-gemeente") error=e("nieuwe-locatie-gemeente")/>
                        </div>
                    </fieldset>
                </fieldset>
                <fieldset>
                    <legend>"Tickets en prijzen"</legend>
                    <ol class="editor-rows">
                        {tickets.into_iter().enumerate().map(|(n, row)| view! { <TicketRow n row form=form.clone()/> }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="ticket-erbij" class="button button-quiet button-small">"+ Tickettype toevoegen"</button>
                </fieldset>
                <fieldset>
                    <legend>"Vragen bij inschrijving"</legend>
                    <p class="field-hint">"Wat elke deelnemer beantwoordt: dieetwensen voor de catering, toegankelijkheid, of een eigen vraag. Antwoorden staan in de inschrijvingslijst."</p>
                    <ol class="editor-rows">
                        {questions.into_iter().enumerate().map(|(n, row)| view! { <QuestionRow n row form=form.clone()/> }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="vraag-erbij" class="button button-quiet button-small">"+ Vraag toevoegen"</button>
                </fieldset>
                <fieldset>
                    <legend>{if shows_fees { "Lesgevers en vergoedingen" } else { "Lesgevers" }}</legend>
                    <ol class="editor-rows">
                        {trainers.into_iter().enumerate().map(|(n, row)| view! {
                            <TrainerRow n row form=form.clone() trainers=trainer_options.clone() shows_fees/>
                        }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="lesgever-erbij" class="button button-quiet button-small">"+ Lesgever toevoegen"</button>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" name="actie" value="opslaan" class="button">{if event.is_some() { "Wijzigingen opslaan" } else { "Aanmaken als concept" }}</button>
                    <a href=back class="button button-quiet">"Annuleren"</a>
                </div>
            </form>
        </section>
    }
}

/// The "remove" checkbox of a row (rows that were never saved just stay empty).
#[component]
fn RemoveBox(prefix: &'static str, row: usize, form: FormState) -> impl IntoView {
    let name = row_field(prefix, row, "weg");
    let error = form.error(&name);
    let checked = form.checked(&name);
    let has_error = error.is_some();
    let describedby = error.as_ref().map(|_| format!("{name}-error"));
    view! {
        <div class="field field-check" class:field-invalid=has_error>
            <input type="checkbox" id=name.clone() name=name.clone() checked=checked aria-describedby=describedby/>
            <label for=name.clone()>"Verwijderen"</label>
            {error.map(|message| view! { <p class="field-error" id=format!("{name}-error")>{message}</p> })}
        </div>
    }
}

#[component]
fn SessionRow(n: usize, row: usize, form: FormState, venues: Vec<(String, String)>) -> impl IntoView {
    let name = move |f: &str| row_field(SESSION, row, f);
    let v = |f: &str| form.value(&name(f));
    let e = |f: &str| form.error(&name(f));
    view! {
        <li class="editor-row" aria-label=format!("Sessie {}", n + 1)>
            <input type="hidden" name=name("id") value=v("id")/>
            <div class="field-row">
                <Field label=format!("Sessie {}: titel", n + 1) name=name("titel") value=v("titel") hint="Leeg: «Sessie 1», «Sessie 2»…" error=e("titel")/>
                <Field label="Datum" name=name("datum") value=v("datum") kind="date" error=e("datum") class="field-narrow"/>
                <Field label="Van" name=name("van") value=v("van") kind="time" error=e("van") class="field-narrow"/>
                <Field label="Tot" name=name("tot") value=v("tot") kind="time" error=e("tot") class="field-narrow"/>
            </div>
            <div class="field-row">
                <Select label="Locatie" name=name("locatie") value=v("locatie") options=venues error=e("locatie")/>
                <Field label="Spoor (parallelle workshop)" name=name("spoor") value=v("spoor") error=e("spoor")/>
                <RemoveBox prefix=SESSION row form=form.clone()/>
            </div>
        </li>
    }
}

#[component]
fn TicketRow(n: usize, row: usize, form: FormState) -> impl IntoView {
    let name = move |f: &str| row_field(TICKET, row, f);
    let v = |f: &str| form.value(&name(f));
    let e = |f: &str| form.error(&name(f));
    let eligibility = options(TicketEligibility::ALL, TicketEligibility::code, TicketEligibility::label_nl);
    view! {
        <li class="editor-row" aria-label=format!("Tickettype {}", n + 1)>
            <input type="hidden" name=name("id") value=v("id")/>
            <div class="field-row">
                <Field label=format!("Tickettype {}: naam", n + 1) name=name("naam") value=v("naam") error=e("naam")/>
                <Field label="Prijs (€)" name=name("prijs") value=v("prijs") inputmode="decimal" error=e("prijs") class="field-narrow"/>
                <Select label="Voor wie" name=name("voor") value=v("voor") options=eligibility error=e("voor")/>
                <Field label="Plaatsen" name=name("plaatsen") value=v("plaatsen") kind="number" inputmode="numeric" hint="Leeg: geen aparte limiet." error=e("plaatsen") class="field-narrow"/>
                <RemoveBox prefix=TICKET row form=form.clone()/>
            </div>
        </li>
    }
}

#[component]
fn QuestionRow(n: usize, row: usize, form: FormState) -> impl IntoView {
    let name = move |f: &str| row_field(QUESTION, row, f);
    let v = |f: &str| form.value(&name(f));
    let e = |f: &str| form.error(&name(f));
    let mut kinds = vec![(String::new(), "— kies —".to_string())];
    kinds.extend(QuestionKind::ALL.iter().map(|k| (k.code().to_string(), k.label_nl().to_string())));
    let required = name("verplicht");
    view! {
        <li class="editor-row" aria-label=format!("Vraag {}", n + 1)>
            <input type="hidden" name=name("id") value=v("id")/>
            <div class="field-row">
                <Select label=format!("Vraag {}: soort", n + 1) name=name("soort") value=v("soort") options=kinds error=e("soort")/>
                <Field label="Vraag" name=name("label") value=v("label") hint="Leeg bij dieet of toegankelijkheid: de gewone vraag." error=e("label")/>
            </div>
            <div class="field-row">
                <TextArea label="Antwoorden (keuzelijst)" name=name("opties") value=v("opties") rows=3 hint="Eén per regel; alleen voor een eigen keuzelijst." error=e("opties")/>
                <div class="field field-check">
                    <input type="checkbox" id=required.clone() name=required.clone() value="ja" checked=form.checked(&required)/>
                    <label for=required.clone()>"Verplicht"</label>
                </div>
                <RemoveBox prefix=QUESTION row form=form.clone()/>
            </div>
        </li>
    }
}

#[component]
fn TrainerRow(
    n: usize,
    row: usize,
    form: FormState,
    trainers: Vec<(String, String)>,
    shows_fees: bool,
) -> impl IntoView {
    let name = move |f: &str| row_field(TRAINER, row, f);
    let v = |f: &str| form.value(&name(f));
    let e = |f: &str| form.error(&name(f));
    let roles = options(TrainerRole::ALL, TrainerRole::code, TrainerRole::label_nl);
    view! {
        <li class="editor-row" aria-label=format!("Lesgever {}", n + 1)>
            <div class="field-row">
                <Select label=format!("Lesgever {}", n + 1) name=name("wie") value=v("wie") options=trainers error=e("wie")/>
                <Field label="Naam (nieuwe lesgever)" name=name("naam") value=v("naam") error=e("naam")/>
                <Field label="Organisatie (nieuwe lesgever)" name=name("organisatie") value=v("organisatie") error=e("organisatie")/>
            </div>
            <div class="field-row">
                <Select label="Rol" name=name("rol") value=v("rol") options=roles error=e("rol")/>
                {shows_fees.then(|| view! {
                    <Field label="Vergoeding (€)" name=name("vergoeding") value=v("vergoeding") inputmode="decimal" error=e("vergoeding") class="field-narrow"/>
                })}
                <RemoveBox prefix=TRAINER row form=form.clone()/>
            </div>
        </li>
    }
}
