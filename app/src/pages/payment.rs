//! `/betaling/:token` and `/betaling/:token/geannuleerd`: where an online
//! payment stands, in plain words. The page only says "betaald" once the
//! payment is recorded; until then the seats are held and the payer may try
//! again or give them up.

use crate::components::status::loaded;
use crate::functions::payment::{PaymentState, PaymentView, load_payment};
use crate::i18n::{locale, tr, tr_with, trn};
use domain::OrderStatus;
use domain::dates;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The banner that says no real money moves.
#[component]
pub fn TestModeBanner() -> impl IntoView {
    view! {
        <p class="notice notice-test" role="status">{tr("payment.test_mode")}</p>
    }
}

#[component]
pub fn PaymentPage() -> impl IntoView {
    view! { <PaymentStatus cancelled=false/> }
}

/// Stripe's cancel URL: the payer came back without paying.
#[component]
pub fn PaymentCancelledPage() -> impl IntoView {
    view! { <PaymentStatus cancelled=true/> }
}

#[component]
fn PaymentStatus(cancelled: bool) -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let payment = Resource::new(token, load_payment);
    let unreachable = use_query_map().with_untracked(|q| q.get("melding").is_some_and(|m| m == "stripe-onbereikbaar"));
    view! {
        {loaded(payment, move |p| view! { <PaymentBody p cancelled unreachable/> }.into_any())}
    }
}

#[component]
fn PaymentBody(p: PaymentView, cancelled: bool, unreachable: bool) -> impl IntoView {
    let locale = locale();
    let people = trn("registration.participants", p.attendees.len());
    let names = p.attendees.join(", ");
    let amount = p.total.display_in(locale);
    let (title, text, tone) = match p.state {
        PaymentState::Order(OrderStatus::Paid) => (
            tr("payment.paid"),
            tr_with("payment.paid_text", &[("amount", &amount), ("names", &names)]),
            "notice notice-success",
        ),
        PaymentState::Waiting if cancelled => {
            (tr("payment.not_paid"), tr_with("payment.not_paid_text", &[("people", &people)]), "notice notice-warning")
        }
        PaymentState::Waiting => {
            (tr("payment.processing"), tr("payment.processing_text").to_string(), "notice notice-warning")
        }
        PaymentState::Order(OrderStatus::Cancelled) => {
            (tr("payment.cancelled"), tr("payment.cancelled_text").to_string(), "notice notice-warning")
        }
        PaymentState::Order(OrderStatus::Refunded) => {
            (tr("payment.refunded"), tr_with("payment.refunded_text", &[("amount", &amount)]), "notice notice-success")
        }
        PaymentState::Order(OrderStatus::PartiallyRefunded) => (
            tr("payment.partially_refunded"),
            tr_with("payment.partially_refunded_text", &[("amount", &amount)]),
            "notice notice-success",
        ),
        PaymentState::Flagged | PaymentState::Order(OrderStatus::Pending) => {
            (tr("payment.unmatched"), tr("payment.unmatched_text").to_string(), "notice notice-warning")
        }
    };
    let waiting = p.state == PaymentState::Waiting;
    let held = p.held_until.map(|until| {
        tr_with(
            "payment.held_until",
            &[("date", &dates::date_long_in(locale, until.date_naive())), ("time", &dates::time(until.naive_local()))],
        )
    });
    let refresh = paths::payment_return(&p.token);
    let cancel_action = paths::payment_cancelled(&p.token);
    view! {
        <Title text=title/>
        <section class="container narrow">
            {p.test_mode.then(|| view! { <TestModeBanner/> })}
            <h1>{title}</h1>
            <p class=tone role="status">{text}</p>
            <p>{tr_with("payment.reference", &[("event", &p.event_title), ("reference", &p.reference)])}</p>
            {unreachable.then(|| view! { <p class="notice notice-warning" role="alert">{tr("payment.unreachable")}</p> })}
            {waiting.then(|| view! {
                {held.map(|h| view! { <p>{h}</p> })}
                <div class="form-actions">
                    {p.checkout_url.clone().map(|url| view! { <a class="button" href=url>{if cancelled { tr("payment.try_again") } else { tr("payment.continue") }}</a> })}
                    {(!cancelled).then(|| view! { <a class="button button-quiet" href=refresh.clone()>{tr("payment.check_again")}</a> })}
                </div>
                <form method="post" action=cancel_action.clone()>
                    <button type="submit" class="button button-quiet">{tr("payment.cancel_registration")}</button>
                </form>
            })}
            <p><a class="button button-quiet" href=p.event_path.clone()>{tr("registration.back_to_event")}</a></p>
        </section>
    }
}
