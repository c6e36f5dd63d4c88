//! `/regio/:organiser/:event/inschrijven`: register yourself or colleagues.
//! One plain form posted to its own address (works without JavaScript); a
//! group adds rows with a submit button; errors come back next to the fields.

use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::status::loaded;
use crate::functions::registration::{RegistrationPage, load_registration};
use crate::i18n::{locale, tr, tr_with, trn};
use crate::pages::payment::TestModeBanner;
use domain::forms::fields::{self, registration as names};
use domain::forms::row_field;
use domain::paths;
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
    let event_href = paths::event(&event.organiser.slug, &event.slug);
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
                        <button type="submit" name=fields::ACTION value=names::REGISTER class="default-submit" tabindex="-1" aria-hidden="true">{tr("event.register")}</button>
                        <fieldset>
                            <legend>{tr("registration.ticket")}</legend>
                            <Select label=tr("registration.ticket_type") name=names::TICKET value=form.value(names::TICKET) options=tickets error=form.error(names::TICKET) required=true/>
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
                                                <Field label=tr_with("registration.attendee_name", &[("who", &who)]) name=name(names::attendee::NAME) value=form.value(&name(names::attendee::NAME)) error=form.error(&name(names::attendee::NAME)) autocomplete="off"/>
                                                <Field label=tr("registration.email") name=name(names::attendee::EMAIL) kind="email" value=form.value(&name(names::attendee::EMAIL)) error=form.error(&name(names::attendee::EMAIL)) autocomplete="off"/>
                                            </div>
                                            <div class="field-row">
                                                <Select label=tr("registration.organisation") name=name(names::attendee::ORGANISATION) value=form.value(&name(names::attendee::ORGANISATION)) options=workplaces.clone() error=form.error(&name(names::attendee::ORGANISATION))/>
                                                <Field label=tr("registration.other_organisation") name=name(names::attendee::OTHER_ORGANISATION) value=form.value(&name(names::attendee::OTHER_ORGANISATION)) error=form.error(&name(names::attendee::OTHER_ORGANISATION))/>
                                            </div>
                                            {questions.iter().map(|q| {
                                                let field = q.field(ATTENDEE, row);
                                                view! { <QuestionField question=q.clone() name=field.clone() value=form.value(&field) error=form.error(&field)/> }
                                            }).collect_view()}
                                            <Field label=tr("registration.needs") name=name(names::attendee::NEEDS) value=form.value(&name(names::attendee::NEEDS)) hint=tr("registration.needs_hint") error=form.error(&name(names::attendee::NEEDS))/>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {(!is_group).then(|| view! {
                                <button type="submit" name=fields::ACTION value=names::ADD_ATTENDEE class="button button-quiet button-small">{tr("registration.add_attendee")}</button>
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
                                <Field label=tr("registration.your_name") name=names::BOOKER_NAME value=form.value(names::BOOKER_NAME) error=form.error(names::BOOKER_NAME) required=true autocomplete="name"/>
                                <Field label=tr("registration.your_email") name=names::BOOKER_EMAIL kind="email" value=form.value(names::BOOKER_EMAIL) error=form.error(names::BOOKER_EMAIL) required=true autocomplete="email"/>
                            </div>
                        </fieldset>
                        {paid.then(|| {
                            let online = online_payment && form.value(names::PAYMENT_METHOD) == PAY_ONLINE;
                            let choice_error = form.error(names::PAYMENT_METHOD);
                            let describedby = choice_error.as_ref().map(|_| "betaalwijze-error");
                            view! {
                            <fieldset class="payment-choice" aria-describedby=describedby>
                                <legend>{tr("registration.payment")}</legend>
                                {(online_payment && payments_test_mode).then(|| view! { <TestModeBanner/> })}
                                <p class="field-hint">{if online_payment { tr("registration.payment_hint") } else { tr("registration.payment_invoice_only") }}</p>
                                <label><input type="radio" name=names::PAYMENT_METHOD value="factuur" checked=!online/>{tr("registration.pay_by_invoice")}</label>
                                {online_payment.then(|| view! {
                                    <label><input type="radio" name=names::PAYMENT_METHOD value=PAY_ONLINE checked=online/>{tr("registration.pay_online")}</label>
                                })}
                                {choice_error.map(|e| view! { <p class="field-error" id="betaalwijze-error" role="alert">{e}</p> })}
                            </fieldset>
                            <fieldset>
                                <legend>{tr("registration.invoicing")}</legend>
                                <p class="field-hint">{tr("registration.invoicing_hint")}</p>
                                <Field label=tr("registration.paying_organisation") name=names::INVOICE_ORGANISATION value=form.value(names::INVOICE_ORGANISATION) error=form.error(names::INVOICE_ORGANISATION) autocomplete="organization"/>
                                <div class="field-row">
                                    <Field label=tr("registration.enterprise_number") name=names::INVOICE_ENTERPRISE_NUMBER value=form.value(names::INVOICE_ENTERPRISE_NUMBER) hint=tr("registration.enterprise_number_hint") inputmode="numeric" error=form.error(names::INVOICE_ENTERPRISE_NUMBER)/>
                                    <Field label=tr("registration.po_number") name=names::INVOICE_PO_REFERENCE value=form.value(names::INVOICE_PO_REFERENCE) hint=tr("registration.po_number_hint") error=form.error(names::INVOICE_PO_REFERENCE)/>
                                </div>
                            </fieldset>
                        }})}
                        <Consent checked=form.checked(names::CONSENT) error=form.error(names::CONSENT) organiser=event.organiser.name.clone()/>
                        <div class="form-actions">
                            <button type="submit" name=fields::ACTION value=names::REGISTER class="button">{if full { tr("event.join_waiting_list") } else { tr("event.register") }}</button>
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
            <input type="checkbox" id="toestemming" name=names::CONSENT checked=checked aria-describedby=describedby/>
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
    let back = params
        .with_untracked(|p| paths::event(p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default()));
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
                <form method="post" action=paths::CONFIRM_BOOKING_POST>
                    <input type="hidden" name=fields::confirm_booking::TOKEN value=token.clone()/>
                    <button type="submit" class="button">{tr("registration.confirm_button")}</button>
                </form>
            })}
        </section>
    }
}
