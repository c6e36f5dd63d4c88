//! `/ticket/:code`: an attendee's ticket (the QR code shown at the door), the
//! programme, and cancelling while that is still possible.

use crate::components::status::{ErrorPage, Loading};
use crate::functions::registration::load_ticket;
use domain::dates;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let ticket = Resource::new(code, load_ticket);
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        q.get("melding").and_then(|m| match m.as_str() {
            "afgemeld" => Some(("success", "Je bent afgemeld. Je plaats gaat naar iemand van de wachtlijst.")),
            "aangenomen" => Some(("success", "Je plaats is bevestigd. Dit is je ticket.")),
            "betalen-mislukt" => Some((
                "warning",
                "Online betalen lukte niet: er werd niets aangerekend, en de plaats gaat naar de volgende op de wachtlijst. Neem contact op met de organisator als je toch wil komen.",
            )),
            _ => None,
        })
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(t) => {
                        let action = format!("/ticket/{}/afmelden", code());
                        let accept = format!("/ticket/{}/aannemen", code());
                        let offer = t.offer_expires_at.map(|until| format!(
                            "Er is een plaats voor je vrijgekomen. Ze blijft voor je gereserveerd tot {} om {}.",
                            dates::date_long(until.date_naive()),
                            dates::time(until.naive_local())
                        ));
                        let valid = t.status == "confirmed";
                        let status_text = match t.status.as_str() {
                            "confirmed" => "Geldig ticket",
                            "waitlisted" => "Op de wachtlijst",
                            "offered" => "Plaats vrij voor jou",
                            "cancelled" => "Afgemeld",
                            _ => "Nog niet bevestigd",
                        };
                        view! {
                            <Title text=format!("Ticket: {}", t.event_title)/>
                            <section class="container narrow ticket">
                                {notice.map(|(kind, n)| view! { <p class=format!("notice notice-{kind}") role="status">{n}</p> })}
                                <p class="muted">{t.organiser.clone()}</p>
                                <h1><a href=t.event_path.clone()>{t.event_title.clone()}</a></h1>
                                <p class="lead"><strong>{t.attendee.clone()}</strong>{t.organisation.clone().map(|o| format!(" · {o}"))}</p>
                                <p><span class=format!("status status-{}", if valid { "published" } else { "cancelled" })>{status_text}</span>" "<span class="muted small">{format!("{} · {}", t.ticket_type, t.reference)}</span></p>
                                {offer.map(|text| view! {
                                    <div class="notice notice-warning" role="status">
                                        <p>{text}</p>
                                        <form method="post" action=accept.clone()>
                                            <button type="submit" class="button">"Plaats aannemen"</button>
                                        </form>
                                    </div>
                                })}
                                {valid.then(|| view! {
                                    <figure class="ticket-qr">
                                        <div role="img" aria-label="QR-code van je ticket, te scannen aan de ingang" inner_html=t.qr_svg.clone()></div>
                                        <figcaption class="small muted">"Toon deze code aan de ingang, op je telefoon of afgedrukt."</figcaption>
                                    </figure>
                                })}
                                <h2>"Programma"</h2>
                                <ul class="ticket-sessions">
                                    {t.sessions.into_iter().map(|s| view! {
                                        <li>
                                            <strong>{dates::date_long(s.starts_at.date_naive())}</strong>
                                            {format!(" · {}–{} · {}", dates::time(s.starts_at.naive_local()), dates::time(s.ends_at.naive_local()), s.title)}
                                            {s.venue.map(|v| view! { <br/><span class="muted small">{v}</span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {t.cancellable.then(|| view! {
                                    <details class="confirm">
                                        <summary>"Afmelden…"</summary>
                                        <form method="post" action=action>
                                            <p class="small">"Je ticket vervalt en je plaats gaat naar de wachtlijst."</p>
                                            <button type="submit" class="button button-small button-danger">"Ja, meld me af"</button>
                                        </form>
                                    </details>
                                })}
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
