//! `/regio/:organiser/:event/inschrijven`: register yourself or colleagues.
//! One plain form posted to its own address (works without JavaScript); a
//! group adds rows with a submit button; errors come back next to the fields.

use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::status::loaded;
use crate::functions::registration::{RegistrationPage, load_registration};
use crate::i18n::{locale, tr, tr_with, trn};
use crate::pages::payment::TestModeBanner;
use domain::forms::row_field;
use domain::questions::Question;
use domain::registration::{ATTENDEE, GROUP_SIZE, PAY_ONLINE, group_date_field};
use domain::{RegistrationWindow, SeatsLeft, dates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RegistrationPageView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())),
        |(organiser, event)| load_registration(organiser, event),
    );
    view! {
        {loaded(page, |p| view! { <RegistrationForm page=p/> }.into_any())}
    }
}

#[component]
fn RegistrationForm(page: RegistrationPage) -> impl IntoView {
    let RegistrationPage { event, choices, form, payments_test_mode, online_payment } = page;
    let locale = locale();
    let event_href = format!("/regio/{}/{}", event.organiser.slug, event.slug);
    let when = dates::date_long_in(locale, event.starts_at.date_naive());
    let sessions = if event.session_count > 1 {
        format!(" · {}", tr_with("card.sessions", &[("count", &event.session_count.to_string())]))
    } else {
        String::new()
    };
    let open = event.registration.is_open();
    let full = matches!(event.seats, SeatsLeft::Full);
    let tickets: Vec<(String, String)> = {
        let mut list = if choices.tickets.len() > 1 {
            vec![(String::new(), tr("registration.choose").to_string())]
        } else {
            vec![]
        };
        list.extend(
            choices.tickets.iter().map(|t| (t.id.to_string(), format!("{} – {}", t.name, t.price.display_in(locale)))),
        );
        list
    };
    let mut workplaces = vec![(String::new(), tr("registration.other_organisation_option").to_string())];
    workplaces.extend(choices.partners.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let paid = choices.tickets.iter().any(|t| !t.price.is_zero());
    let questions = choices.questions.clone();
    let group = choices.group.clone();
    let is_group = group.is_some();
    let rows = form.values.rows(ATTENDEE);
    let rows = if rows.is_empty() { vec![0] } else { rows };
    let closed_text = match event.registration {
        RegistrationWindow::NotYetOpen(at) => {
            tr_with("event.opens_at", &[("date", &dates::date_long_in(locale, at.date_naive()))])
        }
        _ => tr("event.closed").to_string(),
    };
    view! {
        <Title text=tr_with("registration.page_title", &[("event", &event.title)])/>
        <section class="container editor">
            <p class="breadcrumb"><a href=event_href.clone()>{format!("← {}", event.title)}</a></p>
            <h1>{tr("event.register")}</h1>
            <p class="lead"><strong>{event.title.clone()}</strong>{format!(" · {when}{sessions} · {}", event.organiser.name)}</p>
            {if !open {
                view! { <p class="notice notice-warning" role="alert">{closed_text}</p> }.into_any()
            } else {
                view! {
                    {full.then(|| view! { <p class="notice notice-warning" role="status">{tr("registration.full_notice")}</p> })}
                    <ErrorSummary count=form.errors.len()/>
                    <form method="post" class="editor-form" novalidate>
                        <button type="submit" name="actie" value="inschrijven" class="default-submit" tabindex="-1" aria-hidden="true">{tr("event.register")}</button>
                        <fieldset>
                            <legend>{tr("registration.ticket")}</legend>
                            <Select label=tr("registration.ticket_type") name="ticket" value=form.value("ticket") options=tickets error=form.error("ticket") required=true/>
                        </fieldset>
                        <fieldset>
                            <legend>{if is_group { tr("registration.contact") } else { tr("registration.who") }}</legend>
                            <p class="field-hint">{if is_group {
                                tr("registration.group_hint")
                            } else {
                                tr("registration.who_hint")
                            }}</p>
                            <ol class="editor-rows">
                                {rows.into_iter().enumerate().map(|(n, row)| {
                                    let name = move |f: &str| row_field(ATTENDEE, row, f);
                                    let who = if is_group {
                                        tr("registration.contact").to_string()
                                    } else {
                                        tr_with("registration.attendee_n", &[("n", &(n + 1).to_string())])
                                    };
                                    view! {
                                        <li class="editor-row" aria-label=who.clone()>
                                            <div class="field-row">
                                                <Field label=tr_with("registration.attendee_name", &[("who", &who)]) name=name("naam") value=form.value(&name("naam")) error=form.error(&name("naam")) autocomplete="off"/>
                                                <Field label=tr("registration.email") name=name("email") kind="email" value=form.value(&name("email")) error=form.error(&name("email")) autocomplete="off"/>
                                            </div>
                                            <div class="field-row">
                                                <Select label=tr("registration.organisation") name=name("organisatie") value=form.value(&name("organisatie")) options=workplaces.clone() error=form.error(&name("organisatie"))/>
                                                <Field label=tr("registration.other_organisation") name=name("andere-organisatie") value=form.value(&name("andere-organisatie")) error=form.error(&name("andere-organisatie"))/>
                                            </div>
                                            {questions.iter().map(|q| {
                                                let field = q.field(ATTENDEE, row);
                                                view! { <QuestionField question=q.clone() name=field.clone() value=form.value(&field) error=form.error(&field)/> }
                                            }).collect_view()}
                                            <Field label=tr("registration.needs") name=name("noden") value=form.value(&name("noden")) hint=tr("registration.needs_hint") error=form.error(&name("noden"))/>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {(!is_group).then(|| view! {
                                <button type="submit" name="actie" value="deelnemer-erbij" class="button button-quiet button-small">{tr("registration.add_attendee")}</button>
                            })}
                        </fieldset>
                        {group.map(|offer| view! {
                            <fieldset>
                                <legend>{tr("registration.group")}</legend>
                                <Field label=tr("registration.group_size") name=GROUP_SIZE kind="number" inputmode="numeric" value=form.value(GROUP_SIZE) hint=tr_with("registration.group_size_hint", &[("max", &offer.max_participants.to_string())]) error=form.error(GROUP_SIZE) required=true/>
                                <p class="field-hint">{tr("registration.group_dates_hint")}</p>
                                <div class="field-row">
                                    {offer.sessions.iter().enumerate().map(|(index, (title, _))| {
                                        let field = group_date_field(index);
                                        view! { <Field label=title.clone() name=field.clone() kind="date" value=form.value(&field) error=form.error(&field) required=true/> }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        })}
                        <fieldset>
                            <legend>{tr("registration.your_details")}</legend>
                            <div class="field-row">
                                <Field label=tr("registration.your_name") name="besteller-naam" value=form.value("besteller-naam") error=form.error("besteller-naam") required=true autocomplete="name"/>
                                <Field label=tr("registration.your_email") name="besteller-email" kind="email" value=form.value("besteller-email") error=form.error("besteller-email") required=true autocomplete="email"/>
                            </div>
                        </fieldset>
                        {paid.then(|| {
                            let online = online_payment && form.value("betaalwijze") == PAY_ONLINE;
                            let choice_error = form.error("betaalwijze");
                            let describedby = choice_error.as_ref().map(|_| "betaalwijze-error");
                            view! {
                            <fieldset class="payment-choice" aria-describedby=describedby>
                                <legend>{tr("registration.payment")}</legend>
                                {(online_payment && payments_test_mode).then(|| view! { <TestModeBanner/> })}
                                <p class="field-hint">{if online_payment { tr("registration.payment_hint") } else { tr("registration.payment_invoice_only") }}</p>
                                <label><input type="radio" name="betaalwijze" value="factuur" checked=!online/>{tr("registration.pay_by_invoice")}</label>
                                {online_payment.then(|| view! {
                                    <label><input type="radio" name="betaalwijze" value=PAY_ONLINE checked=online/>{tr("registration.pay_online")}</label>
                                })}
                                {choice_error.map(|e| view! { <p class="field-error" id="betaalwijze-error" role="alert">{e}</p> })}
                            </fieldset>
                            <fieldset>
                                <legend>{tr("registration.invoicing")}</legend>
                                <p class="field-hint">{tr("registration.invoicing_hint")}</p>
                                <Field label=tr("registration.paying_organisation") name="factuur-organisatie" value=form.value("factuur-organisatie") error=form.error("factuur-organisatie") autocomplete="organization"/>
                                <div class="field-row">
                                    <Field label=tr("registration.enterprise_number") name="factuur-ondernemingsnummer" value=form.value("factuur-ondernemingsnummer") hint=tr("registration.enterprise_number_hint") inputmode="numeric" error=form.error("factuur-ondernemingsnummer")/>
                                    <Field label=tr("registration.po_number") name="factuur-bestelbon" value=form.value("factuur-bestelbon") hint=tr("registration.po_number_hint") error=form.error("factuur-bestelbon")/>
                                </div>
                            </fieldset>
                        }})}
                        <Consent checked=form.checked("toestemming") error=form.error("toestemming") organiser=event.organiser.name.clone()/>
                        <div class="form-actions">
                            <button type="submit" name="actie" value="inschrijven" class="button">{if full { tr("event.join_waiting_list") } else { tr("event.register") }}</button>
                        </div>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

/// One of the event's questions for one attendee: a list to choose from, or a line of text.
#[component]
fn QuestionField(question: Question, name: String, value: String, error: Option<String>) -> impl IntoView {
    match question.choices() {
        Some(options) => {
            let mut list = vec![(String::new(), tr("registration.choose").to_string())];
            list.extend(options.iter().map(|o| (o.clone(), o.clone())));
            view! { <Select label=question.label.clone() name=name value=value options=list error=error required=question.required/> }
                .into_any()
        }
        None => {
            view! { <Field label=question.label.clone() name=name value=value error=error required=question.required/> }
                .into_any()
        }
    }
}

#[component]
fn Consent(checked: bool, error: Option<String>, organiser: String) -> impl IntoView {
    let has_error = error.is_some();
    let describedby = error.as_ref().map(|_| "toestemming-error");
    view! {
        <div class="field field-check consent" class:field-invalid=has_error>
            <input type="checkbox" id="toestemming" name="toestemming" checked=checked aria-describedby=describedby/>
            <label for="toestemming">{tr_with("registration.consent", &[("organiser", &organiser)])}</label>
            {error.map(|e| view! { <p class="field-error" id="toestemming-error">{e}</p> })}
        </div>
    }
}

/// `/regio/:organiser/:event/ingeschreven`: what happened, after the form.
#[component]
pub fn RegisteredPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let back = params.with_untracked(|p| {
        format!("/regio/{}/{}", p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())
    });
    let (waitlisted, to_confirm, count) = query.with_untracked(|q| {
        (
            q.get("status").is_some_and(|s| s == "wachtlijst"),
            q.get("status").is_some_and(|s| s == "bevestigen"),
            q.get("aantal").and_then(|n| n.parse::<u32>().ok()).unwrap_or(1),
        )
    });
    let people = trn("registration.participants", count as usize);
    let title = if to_confirm {
        tr("registration.confirm_title")
    } else if waitlisted {
        tr("registration.waitlisted_title")
    } else {
        tr("registration.registered_title")
    };
    view! {
        <Title text=title/>
        <section class="container narrow">
            <h1>{title}</h1>
            <p class="notice notice-success" role="status">{if to_confirm {
                tr_with("registration.confirm_text", &[("people", &people)])
            } else if waitlisted {
                tr_with("registration.waitlisted_text", &[("people", &people)])
            } else {
                tr_with("registration.registered_text", &[("people", &people)])
            }}</p>
            <p><a class="button button-quiet" href=back>{tr("registration.back_to_event")}</a></p>
        </section>
    }
}

/// `/inschrijving/bevestigen/:token`: the link in a large group's booker's
/// mail. Opening it changes nothing (mail scanners open links); the button
/// confirms. After the post, `?status=` says what happened.
#[component]
pub fn ConfirmBookingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let status = query.with_untracked(|q| q.get("status").unwrap_or_default());
    let (title, text) = match status.as_str() {
        "bevestigd" => (tr("registration.registered_title"), tr("registration.confirmed_text")),
        "wachtlijst" => (tr("registration.waitlisted_title"), tr("registration.confirmed_waitlisted_text")),
        "al-bevestigd" => (tr("registration.registered_title"), tr("registration.already_confirmed_text")),
        "verlopen" => (tr("registration.confirm_lapsed_title"), tr("registration.confirm_lapsed_text")),
        _ => (tr("registration.confirm_title"), tr("registration.confirm_ask")),
    };
    let ask = status.is_empty();
    view! {
        <Title text=title/>
        <section class="container narrow">
            <h1>{title}</h1>
            <p class="lead">{text}</p>
            {ask.then(|| view! {
                <form method="post" action="/inschrijving/bevestigen">
                    <input type="hidden" name="token" value=token.clone()/>
                    <button type="submit" class="button">{tr("registration.confirm_button")}</button>
                </form>
            })}
        </section>
    }
}
