//! Stripe Connect onboarding of trainers:
//! - on a trainer's page (admins), [`TrainerStripe`]: where their Stripe
//!   account stands, and the button that mails them the onboarding link;
//! - `/lesgever/stripe/:token/klaar`: where Stripe sends the trainer back
//!   (after the server asked Stripe): thanks, and what is still to do.

use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::functions::connect::{ConnectStatusPage, load_connect_status};
use crate::i18n::{locale, tr, tr_with};
use crate::pages::payment::TestModeBanner;
use domain::dates;
use domain::paths;
use domain::trainers::TrainerProfile;
use domain::{ConnectStatus, Slug};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn notice() -> Option<AnyView> {
    use_query_map().with_untracked(|q| {
        let (class, text) = match q.get("melding")?.as_str() {
            "stripe-link-verstuurd" => ("notice notice-success", tr("connect.notice_sent")),
            "stripe-geen-email" => ("notice notice-warning", tr("connect.notice_no_email")),
            "stripe-al-klaar" => ("notice", tr("connect.notice_ready_already")),
            "stripe-onbereikbaar" => ("notice notice-warning", tr("connect.notice_unreachable")),
            "stripe-geweigerd" => ("notice notice-warning", tr("connect.notice_refused")),
            "geen-betaalprovider" => ("notice notice-warning", tr("connect.notice_no_provider")),
            _ => return None,
        };
        Some(view! { <p class=class role="status">{text}</p> }.into_any())
    })
}

/// The trainer's Stripe account on their page, with the button that mails the link.
#[component]
pub fn TrainerStripe(organiser: Slug, trainer: TrainerProfile, csrf: String) -> impl IntoView {
    let language = locale();
    let stripe = trainer.stripe.clone();
    let status = stripe.status.map(|s| {
        let since = stripe
            .ready_since
            .filter(|_| s == ConnectStatus::Ready)
            .map(|d| view! { " · "{tr_with("connect.ready_since", &[("date", &dates::date_short_in(language, d))])} });
        view! { <span class=format!("status status-connect-{s}")>{tr(s.label_key())}</span>{since} }
    });
    let account = stripe.account.as_ref().map(|a| a.as_str().to_string());
    let sent = stripe
        .link_sent_on
        .map(|d| view! { <p class="muted small">{tr_with("connect.link_sent_on", &[("date", &dates::date_short_in(language, d))])}</p> });
    let ready = stripe.status == Some(ConnectStatus::Ready);
    let action = match trainer.email.clone().filter(|e| !e.trim().is_empty()) {
        _ if ready => None,
        None => Some(view! { <p class="muted small">{tr("connect.no_email")}</p> }.into_any()),
        Some(email) => {
            let text = if stripe.link_sent_on.is_some() { tr("connect.send_again") } else { tr("connect.send_link") };
            // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
            let label = format!("{text}: {}", tr_with("connect.send_label", &[("email", &email)]));
            Some(
                view! {
                    <PostForm action=paths::backoffice::trainer_stripe(&organiser, trainer.id) class="inline-form" csrf>
                        <button type="submit" class="button" aria-label=label>{text}</button>
                    </PostForm>
                }
                .into_any(),
            )
        }
    };
    view! {
        <h2 id="stripe">{tr("connect.section_title")}</h2>
        {notice()}
        <p class="small">{tr("connect.lead")}</p>
        {match account {
            None => view! { <p>{tr("connect.none")}</p> }.into_any(),
            Some(account) => view! {
                <dl class="facts">
                    <dt>{tr("connect.account")}</dt><dd><code>{account}</code></dd>
                    <dt>{tr("connect.status")}</dt><dd>{status}</dd>
                </dl>
            }.into_any(),
        }}
        {sent}
        {action}
    }
}

#[component]
pub fn ConnectStatusPageView() -> impl IntoView {
    let token = super::param("token");
    let page = Resource::new(token, load_connect_status);
    view! { {loaded(page, |page| view! { <StatusView page/> }.into_any())} }
}

#[component]
fn StatusView(page: ConnectStatusPage) -> impl IntoView {
    let organiser = [("organiser", page.organiser_name.as_str())];
    let (text, tone) = match page.status {
        Some(ConnectStatus::Ready) => (tr_with("connect.ready_text", &organiser), "notice notice-success"),
        Some(ConnectStatus::Restricted) => (tr("connect.restricted_text").to_string(), "notice notice-warning"),
        _ => (tr_with("connect.onboarding_text", &organiser), "notice notice-warning"),
    };
    let unreachable = use_query_map().with_untracked(|q| q.get("melding").is_some());
    let ready = page.status == Some(ConnectStatus::Ready);
    let heading = tr_with("connect.thanks", &[("name", &page.trainer_name)]);
    view! {
        <Title text=tr("connect.page_title")/>
        <section class="container narrow">
            {page.test_mode.then(|| view! { <TestModeBanner/> })}
            <h1>{heading}</h1>
            {unreachable.then(|| view! { <p class="notice notice-warning" role="alert">{tr("connect.unreachable")}</p> })}
            <p class=tone role="status">{text}</p>
            {(!ready).then(|| view! {
                <div class="form-actions">
                    <a class="button" href=paths::connect_onboarding(&page.token)>{tr("connect.continue")}</a>
                    <a class="button button-quiet" href=paths::connect_return(&page.token)>{tr("connect.check_again")}</a>
                </div>
                <p class="muted small">{tr("connect.link_hint")}</p>
            })}
        </section>
    }
}
