//! `/betaling/:token` and `/betaling/:token/geannuleerd`: where an online
//! payment stands, in plain words. The page only says "betaald" once the
//! payment is recorded; until then the seats are held and the payer may try
//! again or give them up.

use crate::components::status::{ErrorPage, Loading};
use crate::functions::payment::{PaymentView, load_payment};
use domain::dates;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The banner that says no real money moves.
#[component]
pub fn TestModeBanner() -> impl IntoView {
    view! {
        <p class="notice notice-test" role="status">"Testmodus — er wordt niet echt betaald."</p>
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match payment.await {
                    Ok(p) => view! { <PaymentBody p cancelled unreachable/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PaymentBody(p: PaymentView, cancelled: bool, unreachable: bool) -> impl IntoView {
    let people =
        if p.attendees.len() == 1 { "1 deelnemer".to_string() } else { format!("{} deelnemers", p.attendees.len()) };
    let names = p.attendees.join(", ");
    let amount = p.total.display_nl();
    let (title, text, tone) = match p.state.as_str() {
        "paid" => (
            "Betaald",
            format!("We ontvingen je betaling van {amount}. Ingeschreven: {names}. Elke deelnemer krijgt een mail met het ticket."),
            "notice notice-success",
        ),
        "waiting" if cancelled => (
            "Niet betaald",
            format!("Je hebt de betaling niet afgerond. Je plaatsen ({people}) blijven nog even voor je vastgehouden."),
            "notice notice-warning",
        ),
        "waiting" => (
            "Betaling in verwerking",
            "We hebben de bevestiging van je betaling nog niet ontvangen. Dat duurt meestal enkele seconden; kijk zo meteen opnieuw. Je wordt niet twee keer aangerekend.".to_string(),
            "notice notice-warning",
        ),
        "cancelled" => (
            "Geannuleerd",
            "Er werd niet betaald; de inschrijving is geannuleerd en de plaatsen zijn vrijgegeven.".to_string(),
            "notice notice-warning",
        ),
        "refunded" => ("Terugbetaald", format!("Je betaling van {amount} werd terugbetaald."), "notice notice-success"),
        "partially_refunded" => (
            "Deels terugbetaald",
            format!("Je betaalde {amount}; voor wie zich afmeldde, werd de prijs terugbetaald."),
            "notice notice-success",
        ),
        _ => (
            "Betaling ontvangen, nog niet bevestigd",
            "We ontvingen een betaling die niet overeenkomt met je inschrijving. De organisator bekijkt het en neemt contact met je op.".to_string(),
            "notice notice-warning",
        ),
    };
    let waiting = p.state == "waiting";
    let held = p.held_until.map(|until| {
        format!(
            "Je plaatsen blijven vastgehouden tot {} om {}; daarna gaan ze naar anderen.",
            dates::date_long(until.date_naive()),
            dates::time(until.naive_local())
        )
    });
    let refresh = format!("/betaling/{}/terug", p.token);
    let cancel_action = format!("/betaling/{}/geannuleerd", p.token);
    view! {
        <Title text=title/>
        <section class="container narrow">
            {p.test_mode.then(|| view! { <TestModeBanner/> })}
            <h1>{title}</h1>
            <p class=tone role="status">{text}</p>
            <p>{format!("{} · inschrijvingsnummer {}", p.event_title, p.reference)}</p>
            {unreachable.then(|| view! { <p class="notice notice-warning" role="alert">"De betaaldienst is even niet bereikbaar; probeer het zo meteen opnieuw."</p> })}
            {waiting.then(|| view! {
                {held.map(|h| view! { <p>{h}</p> })}
                <div class="form-actions">
                    {p.checkout_url.clone().map(|url| view! { <a class="button" href=url>{if cancelled { "Opnieuw proberen" } else { "Verder betalen" }}</a> })}
                    {(!cancelled).then(|| view! { <a class="button button-quiet" href=refresh.clone()>"Opnieuw kijken"</a> })}
                </div>
                <form method="post" action=cancel_action.clone()>
                    <button type="submit" class="button button-quiet">"Inschrijving annuleren"</button>
                </form>
            })}
            <p><a class="button button-quiet" href=p.event_path.clone()>"Terug naar de activiteit"</a></p>
        </section>
    }
}
