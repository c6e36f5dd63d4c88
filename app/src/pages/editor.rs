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
use domain::editor::NEW;
use domain::forms::fields;
use domain::forms::fields::editor::{
    self as names, QUESTION, SESSION, TICKET, TRAINER, question, session, ticket, trainer,
};
use domain::forms::row_field;
use domain::paths;
use domain::questions::QuestionKind;
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
    let dossier_links = event.as_ref().map(|e| {
        (
            paths::backoffice::event_dossier(&organiser.slug, e.id),
            paths::backoffice::event_documents(&organiser.slug, e.id),
        )
    });
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
    let reminder_on = form.checked(names::REMINDER);
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
                {dossier_links.map(|(dossier, documents)| view! {
                    <a href=dossier>{tr("dossier.open")}</a>
                    <a href=documents>{tr("documents.manage")}</a>
                })}
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
                <button type="submit" name=fields::ACTION value=names::SAVE class="default-submit" tabindex="-1" aria-hidden="true">{tr("editor.save")}</button>
                <input type="hidden" name=fields::FORM_TOKEN value=csrf_token.clone()/>
                <fieldset>
                    <legend>{tr("editor.about")}</legend>
                    <Field label=tr("editor.title") name=names::TITLE value=v(names::TITLE) error=e(names::TITLE) required=true/>
                    <div class="field-row">
                        <Select label=tr("editor.kind") name=names::KIND value=v(names::KIND) options=options(EventKind::ALL, EventKind::code, EventKind::name_in) error=e(names::KIND)/>
                        <Select label=tr("editor.audience") name=names::AUDIENCE value=v(names::AUDIENCE) options=options(Audience::ALL, Audience::code, Audience::name_in) error=e(names::AUDIENCE)/>
                    </div>
                    <TextArea label=tr("editor.summary") name=names::SUMMARY value=v(names::SUMMARY) rows=2 required=true hint=tr("editor.summary_hint") error=e(names::SUMMARY)/>
                    <TextArea label=tr("editor.description") name=names::DESCRIPTION value=v(names::DESCRIPTION) rows=8 hint=tr("editor.description_hint") error=e(names::DESCRIPTION)/>
                    <Field label=tr("editor.theme") name=names::THEME value=v(names::THEME) hint=tr("editor.theme_hint") error=e(names::THEME)/>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.seats")}</legend>
                    <div class="field-row">
                        <Field label=tr("editor.capacity") name=names::CAPACITY value=v(names::CAPACITY) kind="number" inputmode="numeric" hint=tr("editor.capacity_hint") error=e(names::CAPACITY)/>
                        <Field label=tr("editor.opens") name=names::REGISTRATION_OPENS value=v(names::REGISTRATION_OPENS) kind="date" error=e(names::REGISTRATION_OPENS)/>
                        <Field label=tr("editor.closes") name=names::REGISTRATION_CLOSES value=v(names::REGISTRATION_CLOSES) kind="date" hint=tr("editor.closes_hint") error=e(names::REGISTRATION_CLOSES)/>
                        <Field label=tr("editor.free_cancel") name=names::CANCELLATION_DEADLINE value=v(names::CANCELLATION_DEADLINE) kind="date" error=e(names::CANCELLATION_DEADLINE)/>
                        <Field label=tr("editor.group_size") name=names::GROUP_MAX value=v(names::GROUP_MAX) kind="number" inputmode="numeric" hint=tr("editor.group_size_hint") error=e(names::GROUP_MAX)/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.reminders")}</legend>
                    <p class="field-hint">{tr("editor.reminders_hint")}</p>
                    <div class="field field-check">
                        <input type="checkbox" id=names::REMINDER name=names::REMINDER value=domain::reminders::ON checked=reminder_on/>
                        <label for=names::REMINDER>{tr("editor.reminder_on")}</label>
                    </div>
                    <Field label=tr("editor.reminder_days") name=names::REMINDER_DAYS value=v(names::REMINDER_DAYS) kind="number" inputmode="numeric" class="field-narrow" hint=tr("editor.reminder_days_hint") error=e(names::REMINDER_DAYS)/>
                    <TextArea label=tr("editor.reminder_bring") name=names::REMINDER_BRING value=v(names::REMINDER_BRING) rows=3 hint=tr("editor.reminder_bring_hint") error=e(names::REMINDER_BRING)/>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.sessions")}</legend>
                    <p class="field-hint">{tr("editor.sessions_hint")}</p>
                    <ol class="editor-rows">
                        {sessions.into_iter().enumerate().map(|(n, row)| view! {
                            <SessionRow n row form=form.clone() venues=venue_options.clone()/>
                        }).collect_view()}
                    </ol>
                    <button type="submit" name=fields::ACTION value=names::ADD_SESSION class="button button-quiet button-small">{tr("editor.add_session")}</button>
                    <fieldset class="nested">
                        <legend>{tr("editor.new_venue")}</legend>
                        <p class="field-hint">{tr("editor.new_venue_hint")}</p>
                        <div class="field-row">
                            <Field label=tr("editor.venue_name") name=names::NEW_VENUE_NAME value=v(names::NEW_VENUE_NAME) error=e(names::NEW_VENUE_NAME)/>
                            <Field label=tr("editor.venue_street") name=names::NEW_VENUE_STREET value=v(names::NEW_VENUE_STREET) error=e(names::NEW_VENUE_STREET)/>
                            <Field label=tr("editor.venue_postcode") name=names::NEW_VENUE_POSTCODE value=v(names::NEW_VENUE_POSTCODE) inputmode="numeric" class="field-narrow" error=e(names::NEW_VENUE_POSTCODE)/>
                            <Field label=tr("editor.venue_city") name=names::NEW_VENUE_CITY value=v(names::NEW_VENUE_CITY) error=e(names::NEW_VENUE_CITY)/>
                        </div>
                    </fieldset>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.tickets")}</legend>
                    <ol class="editor-rows">
                        {tickets.into_iter().enumerate().map(|(n, row)| view! { <TicketRow n row form=form.clone()/> }).collect_view()}
                    </ol>
                    <button type="submit" name=fields::ACTION value=names::ADD_TICKET class="button button-quiet button-small">{tr("editor.add_ticket")}</button>
                </fieldset>
                <fieldset>
                    <legend>{tr("editor.questions")}</legend>
                    <p class="field-hint">{tr("editor.questions_hint")}</p>
                    <ol class="editor-rows">
                        {questions.into_iter().enumerate().map(|(n, row)| view! { <QuestionRow n row form=form.clone()/> }).collect_view()}
                    </ol>
                    <button type="submit" name=fields::ACTION value=names::ADD_QUESTION class="button button-quiet button-small">{tr("editor.add_question")}</button>
                </fieldset>
                <fieldset>
                    <legend>{if shows_fees { tr("editor.trainers_fees") } else { tr("editor.trainers") }}</legend>
                    <ol class="editor-rows">
                        {trainers.into_iter().enumerate().map(|(n, row)| view! {
                            <TrainerRow n row form=form.clone() trainers=trainer_options.clone() shows_fees/>
                        }).collect_view()}
                    </ol>
                    <button type="submit" name=fields::ACTION value=names::ADD_TRAINER class="button button-quiet button-small">{tr("editor.add_trainer")}</button>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" name=fields::ACTION value=names::SAVE class="button">{if event.is_some() { tr("editor.save_changes") } else { tr("editor.create_draft") }}</button>
                    <a href=back class="button button-quiet">{tr("editor.cancel")}</a>
                </div>
            </form>
        </section>
    }
}

/// The "remove" checkbox of a row (rows that were never saved just stay empty).
#[component]
fn RemoveBox(prefix: &'static str, row: usize, form: FormState) -> impl IntoView {
    let name = row_field(prefix, row, names::REMOVE);
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
            <input type="hidden" name=name(names::ROW_ID) value=v(names::ROW_ID)/>
            <div class="field-row">
                <Field label=tr_with("editor.session_title", &[("n", &(n + 1).to_string())]) name=name(session::TITLE) value=v(session::TITLE) hint=tr("editor.session_title_hint") error=e(session::TITLE)/>
                <Field label=tr("editor.date") name=name(session::DATE) value=v(session::DATE) kind="date" error=e(session::DATE) class="field-narrow"/>
                <Field label=tr("editor.from") name=name(session::STARTS) value=v(session::STARTS) kind="time" error=e(session::STARTS) class="field-narrow"/>
                <Field label=tr("editor.until") name=name(session::ENDS) value=v(session::ENDS) kind="time" error=e(session::ENDS) class="field-narrow"/>
            </div>
            <div class="field-row">
                <Select label=tr("editor.venue") name=name(session::VENUE) value=v(session::VENUE) options=venues error=e(session::VENUE)/>
                <Field label=tr("editor.track") name=name(session::TRACK) value=v(session::TRACK) error=e(session::TRACK)/>
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
            <input type="hidden" name=name(names::ROW_ID) value=v(names::ROW_ID)/>
            <div class="field-row">
                <Field label=tr_with("editor.ticket_name", &[("n", &(n + 1).to_string())]) name=name(ticket::NAME) value=v(ticket::NAME) error=e(ticket::NAME)/>
                <Field label=tr("editor.price") name=name(ticket::PRICE) value=v(ticket::PRICE) inputmode="decimal" error=e(ticket::PRICE) class="field-narrow"/>
                <Select label=tr("editor.eligibility") name=name(ticket::ELIGIBILITY) value=v(ticket::ELIGIBILITY) options=eligibility error=e(ticket::ELIGIBILITY)/>
                <Field label=tr("editor.ticket_seats") name=name(ticket::SEATS) value=v(ticket::SEATS) kind="number" inputmode="numeric" hint=tr("editor.ticket_seats_hint") error=e(ticket::SEATS) class="field-narrow"/>
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
    let required = name(question::REQUIRED);
    view! {
        <li class="editor-row" aria-label=tr_with("editor.question_n", &[("n", &(n + 1).to_string())])>
            <input type="hidden" name=name(names::ROW_ID) value=v(names::ROW_ID)/>
            <div class="field-row">
                <Select label=tr_with("editor.question_kind", &[("n", &(n + 1).to_string())]) name=name(question::KIND) value=v(question::KIND) options=kinds error=e(question::KIND)/>
                <Field label=tr("editor.question") name=name(question::LABEL) value=v(question::LABEL) hint=tr("editor.question_hint") error=e(question::LABEL)/>
            </div>
            <div class="field-row">
                <TextArea label=tr("editor.options") name=name(question::OPTIONS) value=v(question::OPTIONS) rows=3 hint=tr("editor.options_hint") error=e(question::OPTIONS)/>
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
                <Select label=tr_with("editor.trainer_n", &[("n", &(n + 1).to_string())]) name=name(trainer::WHO) value=v(trainer::WHO) options=trainers error=e(trainer::WHO)/>
                <Field label=tr("editor.trainer_name") name=name(trainer::NAME) value=v(trainer::NAME) error=e(trainer::NAME)/>
                <Field label=tr("editor.trainer_organisation") name=name(trainer::AFFILIATION) value=v(trainer::AFFILIATION) error=e(trainer::AFFILIATION)/>
            </div>
            <div class="field-row">
                <Select label=tr("editor.role") name=name(trainer::ROLE) value=v(trainer::ROLE) options=roles error=e(trainer::ROLE)/>
                {shows_fees.then(|| view! {
                    <Field label=tr("editor.fee") name=name(trainer::FEE) value=v(trainer::FEE) inputmode="decimal" error=e(trainer::FEE) class="field-narrow"/>
                })}
                <RemoveBox prefix=TRAINER row form=form.clone()/>
            </div>
        </li>
    }
}
