use crate::components::event_card::SeatsBadge;
use crate::components::status::loaded;
use crate::functions::catalogue::load_event;
use crate::i18n::{locale, tr, tr_with, trn};
use domain::dates;
use domain::listing::{EventPage, SessionView, TicketTypeView};
use domain::paths;
use domain::{Audience, Money, RegistrationWindow, SeatsLeft};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventPageView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())),
        |(organiser, event)| load_event(organiser, event),
    );
    view! {
        {loaded(page, |p| view! { <EventDetail page=p/> }.into_any())}
    }
}

#[component]
fn EventDetail(page: EventPage) -> impl IntoView {
    let EventPage { card, organiser, description, capacity, sessions, trainers, ticket_types, cancelled, held, .. } =
        page;
    let locale = locale();
    let start = card.starts_at.naive_local();
    let end = card.ends_at.naive_local();
    let when = if start.date() != end.date() && card.session_count > 1 {
        tr_with(
            "event.sessions_span",
            &[
                ("count", &card.session_count.to_string()),
                ("from", &dates::date_long_in(locale, start.date())),
                ("to", &dates::date_long_in(locale, end.date())),
            ],
        )
    } else {
        dates::span_in(locale, start, end)
    };
    let places: Vec<String> = {
        let mut seen = Vec::new();
        for v in sessions.iter().filter_map(|s| s.venue.as_ref()) {
            let line = format!("{}, {} {} {}", v.name, v.street, v.postcode, v.city);
            if !seen.contains(&line) {
                seen.push(line);
            }
        }
        if sessions.iter().any(|s| s.online) {
            seen.push(tr("event.online").to_string());
        }
        seen
    };
    let registration_line = match card.registration {
        RegistrationWindow::NotYetOpen(at) => tr_with(
            "event.opens_at",
            &[("date", &dates::date_long_in(locale, at.with_timezone(&card.starts_at.timezone()).date_naive()))],
        ),
        RegistrationWindow::Open { closes_at: Some(at) } => {
            let local = at.with_timezone(&card.starts_at.timezone()).naive_local();
            tr_with(
                "event.open_until",
                &[("date", &dates::date_long_in(locale, local.date())), ("time", &dates::time(local))],
            )
        }
        RegistrationWindow::Open { closes_at: None } => tr("event.open_now").to_string(),
        RegistrationWindow::Closed => tr("event.closed").to_string(),
    };
    let seats_line = match (card.seats, capacity) {
        (SeatsLeft::Unlimited, _) => tr("event.no_maximum").to_string(),
        (s, Some(c)) => tr_with("event.seats_of", &[("seats", &s.label_in(locale)), ("capacity", &c.to_string())]),
        (s, None) => s.label_in(locale),
    };
    let register_href = paths::register(&card.organiser.slug, &card.slug);
    let (documents_organiser, documents_event) = (card.organiser.slug.to_string(), card.slug.to_string());
    let description_paragraphs: Vec<String> =
        description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    let summary = card.summary.clone();
    let organiser_href = paths::organiser(&organiser.slug);
    let can_register = card.registration.is_open() && !cancelled;
    view! {
        <Title text=card.title.clone()/>
        <Meta name="description" content=summary.clone()/>
        <article class="event-page">
            <header class="hero event-hero">
                <div class="container">
                    <nav class="breadcrumbs" aria-label=tr("event.breadcrumbs")>
                        <a href="/">{tr("nav.offer")}</a>
                        <span aria-hidden="true">" / "</span>
                        <a href=organiser_href.clone()>{organiser.short_name.clone()}</a>
                    </nav>
                    <p class="event-kicker">
                        <span class=format!("kind kind-{}", card.kind.code())>{card.kind.label_in(locale, false)}</span>
                        {card.theme.clone().map(|t| view! { <a class="theme" href=format!("{}?thema={}", paths::CATALOGUE, t.slug)>{t.label}</a> })}
                    </p>
                    <h1>{card.title.clone()}</h1>
                    <p class="lead">{summary}</p>
                    {cancelled.then(|| view! { <p class="notice notice-warning" role="alert">{tr("event.cancelled")}</p> })}
                </div>
            </header>
            <div class="container event-layout">
                <div class="event-main">
                    <section aria-labelledby="over">
                        <h2 id="over">{tr("event.about")}</h2>
                        {description_paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </section>
                    <section aria-labelledby="programma">
                        <h2 id="programma">{if card.session_count > 1 { tr("event.programme_sessions") } else { tr("event.programme") }}</h2>
                        <Programme sessions/>
                    </section>
                    {(!trainers.is_empty()).then(|| view! {
                        <section aria-labelledby="lesgevers">
                            <h2 id="lesgevers">{trn("event.trainers", trainers.len())}</h2>
                            <ul class="trainer-list">
                                {trainers.into_iter().map(|t| view! {
                                    <li>
                                        <strong>{t.name}</strong>
                                        {t.affiliation.map(|a| view! { <span class="muted">{format!(" – {a}")}</span> })}
                                        {t.bio.map(|b| view! { <p>{b}</p> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <crate::pages::dossier::EventDocuments organiser=documents_organiser event_slug=documents_event/>
                </div>
                <aside class="event-aside" aria-label=tr("event.practical")>
                    <div class="panel">
                        <h2>{tr("event.practical")}</h2>
                        <dl class="facts">
                            <dt>{tr("event.when")}</dt>
                            <dd>{when}</dd>
                            <dt>{tr("event.where")}</dt>
                            <dd>
                                {if places.is_empty() { view! { <span>{tr("event.where_unknown")}</span> }.into_any() } else {
                                    view! { <ul class="plain">{places.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }.into_any()
                                }}
                            </dd>
                            <dt>{tr("event.for_whom")}</dt>
                            <dd>{card.audience.label_in(locale)}</dd>
                            <dt>{tr("event.seats")}</dt>
                            <dd>
                                <SeatsBadge seats=card.seats registration=card.registration/>
                                <span class="muted small">" "{seats_line}</span>
                                {(held.paying > 0).then(|| view! {
                                    <span class="muted small seats-held">{tr_with("event.seats_held_paying", &[("count", &held.paying.to_string())])}</span>
                                })}
                                {(held.awaiting_confirmation > 0).then(|| view! {
                                    <span class="muted small seats-held">{tr_with("event.seats_held_unconfirmed", &[("count", &held.awaiting_confirmation.to_string())])}</span>
                                })}
                            </dd>
                            <dt>{tr("event.registration")}</dt>
                            <dd>{registration_line}</dd>
                        </dl>
                        <PriceCalculator tickets=ticket_types audience=card.audience/>
                        {can_register.then(|| view! {
                            <p class="register">
                                <a class="button button-wide" href=register_href>{if matches!(card.seats, domain::SeatsLeft::Full) { tr("event.join_waiting_list") } else { tr("event.register") }}</a>
                            </p>
                            <p class="muted small">{tr_with("event.goes_to", &[("organiser", &organiser.name)])}</p>
                        })}
                    </div>
                    <div class="panel panel-quiet">
                        <h2>{tr("event.organiser")}</h2>
                        <p><a href=organiser_href>{organiser.name.clone()}</a></p>
                        <p><a href=format!("mailto:{}", organiser.email)>{organiser.email.clone()}</a></p>
                        {organiser.phone.map(|p| view! { <p>{p}</p> })}
                    </div>
                </aside>
            </div>
        </article>
    }
}

/// Sessions grouped by day; parallel workshops are marked by their track.
#[component]
fn Programme(sessions: Vec<SessionView>) -> impl IntoView {
    let locale = locale();
    let wheelchair = format!(" · {}", tr("event.wheelchair"));
    let mut days: Vec<(chrono::NaiveDate, Vec<SessionView>)> = Vec::new();
    for s in sessions {
        let day = s.starts_at.date_naive();
        match days.last_mut() {
            Some((d, list)) if *d == day => list.push(s),
            _ => days.push((day, vec![s])),
        }
    }
    view! {
        <ol class="programme">
            {days.into_iter().map(|(day, list)| view! {
                <li class="programme-day">
                    <h3>{dates::date_long_in(locale, day)}</h3>
                    <ul class="sessions">
                        {list.into_iter().map(|s| {
                            let start = s.starts_at.naive_local();
                            let end = s.ends_at.naive_local();
                            view! {
                                <li class="session">
                                    <span class="session-time">{format!("{}–{}", dates::time(start), dates::time(end))}</span>
                                    <div class="session-body">
                                        <p class="session-title">
                                            {s.track.clone().map(|t| view! { <span class="track">{t}</span> " " })}
                                            {s.title.clone()}
                                        </p>
                                        {(!s.speakers.is_empty()).then(|| view! { <p class="muted small">{s.speakers.join(", ")}</p> })}
                                        {s.description.clone().map(|d| view! { <p class="small">{d}</p> })}
                                        {s.venue.clone().map(|v| view! {
                                            <p class="muted small">
                                                {format!("{}, {} {}", v.name, v.postcode, v.city)}
                                                {v.wheelchair_accessible.then(|| wheelchair.clone())}
                                            </p>
                                        })}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </li>
            }).collect_view()}
        </ol>
    }
}

/// Prices per ticket type and, once the page is interactive, the total for a
/// number of colleagues.
#[component]
fn PriceCalculator(tickets: Vec<TicketTypeView>, audience: Audience) -> impl IntoView {
    let locale = locale();
    if tickets.is_empty() || tickets.iter().all(|t| t.price.is_zero()) {
        return view! { <p class="price-free"><strong>{tr("price.free")}</strong>{format!(" – {}", tr("event.free_note"))}</p> }
            .into_any();
    }
    let for_partners = format!(" ({})", tr("event.for_partners"));
    let for_externals = format!(" ({})", tr("event.for_externals"));
    let eligibility = move |e: &str| match (e, audience) {
        ("partners", _) => for_partners.clone(),
        ("externals", _) => for_externals.clone(),
        _ => String::new(),
    };
    let rates: Vec<(String, Money)> = tickets.iter().map(|t| (t.name.clone(), t.price)).collect();
    view! {
        <div class="prices">
            <h3>{tr("event.price_per_participant")}</h3>
            <ul class="plain price-list">
                {tickets.iter().map(|t| view! {
                    <li>
                        <span>{t.name.clone()}<span class="muted small">{eligibility(&t.eligibility)}</span></span>
                        <strong>{t.price.display_in(locale)}</strong>
                    </li>
                }).collect_view()}
            </ul>
            <TeamCalculator rates/>
        </div>
    }
    .into_any()
}

/// The total for a number of colleagues at one rate. An island: the only part
/// of the event page that runs in the browser.
#[island]
fn TeamCalculator(rates: Vec<(String, Money)>) -> impl IntoView {
    let locale = locale();
    let (selected, set_selected) = signal(0usize);
    let (count, set_count) = signal(1u32);
    let prices: Vec<Money> = rates.iter().map(|(_, price)| *price).collect();
    let total = move || {
        let price = prices.get(selected.get()).copied().unwrap_or(Money::ZERO);
        price * count.get()
    };
    view! {
        <div class="calculator" aria-labelledby="calc-title">
            <p id="calc-title" class="small">{tr("event.calculate")}</p>
            <div class="calc-row">
                <label for="calc-ticket" class="sr-only">{tr("event.rate")}</label>
                <select id="calc-ticket" on:change=move |ev| set_selected.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {rates.iter().enumerate().map(|(i, (name, _))| view! { <option value=i.to_string()>{name.clone()}</option> }).collect_view()}
                </select>
                <label for="calc-count">{tr("event.count")}</label>
                <input id="calc-count" type="number" min="1" max="50" value="1" inputmode="numeric"
                    on:input=move |ev| {
                        let n: u32 = event_target_value(&ev).parse().unwrap_or(1);
                        set_count.set(n.clamp(1, 50));
                    }/>
            </div>
            <p class="calc-total" aria-live="polite">
                {tr("event.total")}" " <strong data-testid="calc-total">{move || total().display_in(locale)}</strong>
            </p>
        </div>
    }
}
