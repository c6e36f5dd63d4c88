//! `/beheer/:organiser/activiteiten/nieuw` and `/beheer/:organiser/activiteiten/:event`:
//! the event editor. One plain form posted to its own address: rows are added
//! with submit buttons and removed with checkboxes, so it works without
//! JavaScript; errors come back next to their fields.

use crate::components::fields::{ErrorSummary, Field, Select, TextArea};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::trail::BackofficeTrail;
use crate::forms::FormState;
use crate::functions::editor::{EventEditor, load_event_editor};
use crate::i18n::{locale, tr, tr_with};
use domain::editor::{NEW, SESSION, TICKET, TRAINER};
use domain::forms::row_field;
use domain::paths;
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
        {loaded(editor, |e| view! { <EditorView editor=e/> }.into_any())}
    }
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, domain::i18n::Locale) -> &'static str,
) -> Vec<(String, String)> {
    let locale = locale();
    all.iter().map(|k| (code(*k).to_string(), label(*k, locale).to_string())).collect()
}

#[component]
fn EditorView(editor: EventEditor) -> impl IntoView {
    let EventEditor { organiser, event, form, choices, shows_fees, csrf_token } = editor;
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        q.get("melding").map(|m| {
            let text = match m.as_str() {
                "aangemaakt" => tr("editor.created"),
                "kopie" => tr("editor.copied"),
                _ => tr("editor.saved"),
            };
            view! { <p class="notice notice-success" role="status">{text}</p> }
        })
    });
    let heading = match &event {
        Some(e) => tr_with("editor.edit_title", &[("event", &e.title)]),
        None => tr("editor.new_title").to_string(),
    };
    let back = paths::backoffice::dashboard(&organiser.slug);
    let public_link =
        event.as_ref().filter(|e| e.status != EventStatus::Draft).map(|e| paths::event(&organiser.slug, &e.slug));
    let copy_action = event.as_ref().map(|e| paths::backoffice::event_copy(&organiser.slug, e.id));
    let status = event.as_ref().map(|e| e.status);
    // The books are for admins, who see the trainers' fees too.
    let books_link =
        event.as_ref().filter(|_| shows_fees).map(|e| paths::backoffice::event_finances(&organiser.slug, e.id));
    let error_count = form.errors.len();
    let venue_options = {
        let mut list = vec![(String::new(), tr("editor.no_venue").to_string())];
        list.extend(choices.venues.iter().map(|(id, name)| (id.to_string(), name.clone())));
        list.push((NEW.to_string(), tr("editor.new_venue_option").to_string()));
        list
    };
    let trainer_options = {
        let mut list = vec![(String::new(), tr("editor.choose").to_string())];
        list.extend(choices.trainers.iter().map(|(id, name)| (id.to_string(), name.clone())));
        list.push((NEW.to_string(), tr("editor.new_trainer_option").to_string()));
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
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{heading}</h1>
            <div class="editor-meta">
                {status.map(|s| view! { <span class=format!("status status-{}", s.code())>{s.name_in(locale())}</span> })}
                {public_link.map(|href| view! { <a href=href>{tr("editor.view_public")}</a> })}
                {books_link.map(|href| view! { <a href=href>{tr("finances.open")}</a> })}
                {copy_action.map(|action| view! {
                    <PostForm action=action class="inline-form" csrf=csrf_token.clone()>
                        <button type="submit" class="button button-small button-quiet">{tr("editor.copy")}</button>
                    </PostForm>
                })}
            </div>
            {notice}
            <ErrorSummary count=error_count/>
            <form method="post" class="editor-form" novalidate>
                // Enter in a text field presses the form's first button: make that "save".
                <button type="submit" name="actie" value="opslaan" class="default-submit" tabindex="-1" aria-hidden="true">{tr("editor.save")}</button>
                <input type="hidden" name=domain::forms::fields::FORM_TOKEN value=csrf_token.clone()/>
                <fieldset>
                    <legend>{tr("editor.about")}</legend>
                    <Field label=tr("editor.title") name="titel" value=v("titel") error=e("titel") required=true/>
                    <div class="field-row">
                        <Select label=tr("editor.kind") name="soort" value=v("soort") options=options(EventKind::ALL, EventKind::code, EventKind::name_in) error=e("soort")/>
                        <Select label=tr("editor.audience") name="doelpubliek" value=v("doelpubliek") options=options(Audience::ALL, Audience::code, Audience::name_in) error=e("doelpubliek")/>
                    </div>
                    <TextArea label=tr("editor.summary") name="samenvatting" value=v("samenvatting") rows=2 required=true hint=tr("editor.summary_hint") error=e("samenvatting")/>
                    <TextArea label=tr("editor.description") name="beschrijving" value=v("beschrijving") rows=8 hint=tr("editor.description_hint") error=e("beschrijving")/>
                    <Field label=tr("editor.theme") name="thema" value=v("thema") hint=tr("editor.theme_hint") error=e("thema")/>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.seats")}</legend>
                    <div class="field-row">
                        <Field label=tr("editor.capacity") name="capaciteit" value=v("capaciteit") kind="number" inputmode="numeric" hint=tr("editor.capacity_hint") error=e("capaciteit")/>
                        <Field label=tr("editor.opens") name="inschrijven-vanaf" value=v("inschrijven-vanaf") kind="date" error=e("inschrijven-vanaf")/>
                        <Field label=tr("editor.closes") name="inschrijven-tot" value=v("inschrijven-tot") kind="date" hint=tr("editor.closes_hint") error=e("inschrijven-tot")/>
                        <Field label=tr("editor.free_cancel") name="annuleren-tot" value=v("annuleren-tot") kind="date" error=e("annuleren-tot")/>
                        <Field label=tr("editor.group_size") name="groep-max" value=v("groep-max") kind="number" inputmode="numeric" hint=tr("editor.group_size_hint") error=e("groep-max")/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.sessions")}</legend>
                    <p class="field-hint">{tr("editor.sessions_hint")}</p>
                    <ol class="editor-rows">
                        {sessions.into_iter().enumerate().map(|(n, row)| view! {
                            <SessionRow n row form=form.clone() venues=venue_options.clone()/>
                        }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="sessie-erbij" class="button button-quiet button-small">{tr("editor.add_session")}</button>
                    <fieldset class="nested">
                        <legend>{tr("editor.new_venue")}</legend>
                        <p class="field-hint">{tr("editor.new_venue_hint")}</p>
                        <div class="field-row">
                            <Field label=tr("editor.venue_name") name="nieuwe-locatie-naam" value=v("nieuwe-locatie-naam") error=e("nieuwe-locatie-naam")/>
                            <Field label=tr("editor.venue_street") name="nieuwe-locatie-straat" value=v("nieuwe-locatie-straat") error=e("nieuwe-locatie-straat")/>
                            <Field label=tr("editor.venue_postcode") name="nieuwe-locatie-postcode" value=v("nieuwe-locatie-postcode") inputmode="numeric" class="field-narrow" error=e("nieuwe-locatie-postcode")/>
                            <Field label=tr("editor.venue_city") name="nieuwe-locatie-gemeente" value=v("nieuwe-locatie-gemeente") error=e("nieuwe-locatie-gemeente")/>
                        </div>
                    </fieldset>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.tickets")}</legend>
                    <ol class="editor-rows">
                        {tickets.into_iter().enumerate().map(|(n, row)| view! { <TicketRow n row form=form.clone()/> }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="ticket-erbij" class="button button-quiet button-small">{tr("editor.add_ticket")}</button>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.questions")}</legend>
                    <p class="field-hint">{tr("editor.questions_hint")}</p>
                    <ol class="editor-rows">
                        {questions.into_iter().enumerate().map(|(n, row)| view! { <QuestionRow n row form=form.clone()/> }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="vraag-erbij" class="button button-quiet button-small">{tr("editor.add_question")}</button>
                </fieldset>
                <fieldset>
                    <legend>{if shows_fees { tr("editor.trainers_fees") } else { tr("editor.trainers") }}</legend>
                    <ol class="editor-rows">
                        {trainers.into_iter().enumerate().map(|(n, row)| view! {
                            <TrainerRow n row form=form.clone() trainers=trainer_options.clone() shows_fees/>
                        }).collect_view()}
                    </ol>
                    <button type="submit" name="actie" value="lesgever-erbij" class="button button-quiet button-small">{tr("editor.add_trainer")}</button>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" name="actie" value="opslaan" class="button">{if event.is_some() { tr("editor.save_changes") } else { tr("editor.create_draft") }}</button>
                    <a href=back class="button button-quiet">{tr("editor.cancel")}</a>
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
            <label for=name.clone()>{tr("editor.remove")}</label>
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
        <li class="editor-row" aria-label=tr_with("editor.session_n", &[("n", &(n + 1).to_string())])>
            <input type="hidden" name=name("id") value=v("id")/>
            <div class="field-row">
                <Field label=tr_with("editor.session_title", &[("n", &(n + 1).to_string())]) name=name("titel") value=v("titel") hint=tr("editor.session_title_hint") error=e("titel")/>
                <Field label=tr("editor.date") name=name("datum") value=v("datum") kind="date" error=e("datum") class="field-narrow"/>
                <Field label=tr("editor.from") name=name("van") value=v("van") kind="time" error=e("van") class="field-narrow"/>
                <Field label=tr("editor.until") name=name("tot") value=v("tot") kind="time" error=e("tot") class="field-narrow"/>
            </div>
            <div class="field-row">
                <Select label=tr("editor.venue") name=name("locatie") value=v("locatie") options=venues error=e("locatie")/>
                <Field label=tr("editor.track") name=name("spoor") value=v("spoor") error=e("spoor")/>
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
    let eligibility = options(TicketEligibility::ALL, TicketEligibility::code, TicketEligibility::name_in);
    view! {
        <li class="editor-row" aria-label=tr_with("editor.ticket_n", &[("n", &(n + 1).to_string())])>
            <input type="hidden" name=name("id") value=v("id")/>
            <div class="field-row">
                <Field label=tr_with("editor.ticket_name", &[("n", &(n + 1).to_string())]) name=name("naam") value=v("naam") error=e("naam")/>
                <Field label=tr("editor.price") name=name("prijs") value=v("prijs") inputmode="decimal" error=e("prijs") class="field-narrow"/>
                <Select label=tr("editor.eligibility") name=name("voor") value=v("voor") options=eligibility error=e("voor")/>
                <Field label=tr("editor.ticket_seats") name=name("plaatsen") value=v("plaatsen") kind="number" inputmode="numeric" hint=tr("editor.ticket_seats_hint") error=e("plaatsen") class="field-narrow"/>
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
    let mut kinds = vec![(String::new(), tr("editor.choose").to_string())];
    let locale = locale();
    kinds.extend(QuestionKind::ALL.iter().map(|k| (k.code().to_string(), k.name_in(locale).to_string())));
    let required = name("verplicht");
    view! {
        <li class="editor-row" aria-label=tr_with("editor.question_n", &[("n", &(n + 1).to_string())])>
            <input type="hidden" name=name("id") value=v("id")/>
            <div class="field-row">
                <Select label=tr_with("editor.question_kind", &[("n", &(n + 1).to_string())]) name=name("soort") value=v("soort") options=kinds error=e("soort")/>
                <Field label=tr("editor.question") name=name("label") value=v("label") hint=tr("editor.question_hint") error=e("label")/>
            </div>
            <div class="field-row">
                <TextArea label=tr("editor.options") name=name("opties") value=v("opties") rows=3 hint=tr("editor.options_hint") error=e("opties")/>
                <div class="field field-check">
                    <input type="checkbox" id=required.clone() name=required.clone() value="ja" checked=form.checked(&required)/>
                    <label for=required.clone()>{tr("editor.required")}</label>
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
    let roles = options(TrainerRole::ALL, TrainerRole::code, TrainerRole::name_in);
    view! {
        <li class="editor-row" aria-label=tr_with("editor.trainer_n", &[("n", &(n + 1).to_string())])>
            <div class="field-row">
                <Select label=tr_with("editor.trainer_n", &[("n", &(n + 1).to_string())]) name=name("wie") value=v("wie") options=trainers error=e("wie")/>
                <Field label=tr("editor.trainer_name") name=name("naam") value=v("naam") error=e("naam")/>
                <Field label=tr("editor.trainer_organisation") name=name("organisatie") value=v("organisatie") error=e("organisatie")/>
            </div>
            <div class="field-row">
                <Select label=tr("editor.role") name=name("rol") value=v("rol") options=roles error=e("rol")/>
                {shows_fees.then(|| view! {
                    <Field label=tr("editor.fee") name=name("vergoeding") value=v("vergoeding") inputmode="decimal" error=e("vergoeding") class="field-narrow"/>
                })}
                <RemoveBox prefix=TRAINER row form=form.clone()/>
            </div>
        </li>
    }
}
