//! `/ticket/:code`: an attendee's ticket (the QR code shown at the door), the
//! programme, and cancelling while that is still possible.

use crate::components::status::{ErrorPage, Loading};
use crate::functions::registration::load_ticket;
use crate::i18n::{locale, tr, tr_with};
use domain::{RegistrationStatus, dates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let ticket = Resource::new(code, load_ticket);
    let query = use_query_map();
    let locale = locale();
    let notice = query.with_untracked(|q| {
        q.get("melding").and_then(|m| match m.as_str() {
            "afgemeld" => Some(("success", tr("ticket.cancelled_notice"))),
            "aangenomen" => Some(("success", tr("ticket.accepted_notice"))),
            "betalen-mislukt" => Some(("warning", tr("ticket.payment_failed_notice"))),
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
                        let offer = t.offer_expires_at.map(|until| tr_with(
                            "ticket.offer",
                            &[
                                ("date", &dates::date_long_in(locale, until.date_naive())),
                                ("time", &dates::time(until.naive_local())),
                            ],
                        ));
                        let valid = t.status == RegistrationStatus::Confirmed;
                        let status_text = match t.status {
                            RegistrationStatus::Confirmed => tr("ticket.valid"),
                            RegistrationStatus::Waitlisted => tr("ticket.waitlisted"),
                            RegistrationStatus::Offered => tr("ticket.offered"),
                            RegistrationStatus::Cancelled => tr("ticket.cancelled"),
                            RegistrationStatus::PendingPayment | RegistrationStatus::Unconfirmed => tr("ticket.unconfirmed"),
                        };
                        view! {
                            <Title text=tr_with("ticket.page_title", &[("event", &t.event_title)])/>
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
                                            <button type="submit" class="button">{tr("mail.offer_button")}</button>
                                        </form>
                                    </div>
                                })}
                                {t.certificate.then(|| view! {
                                    <p class="notice notice-success">{tr("certificate.ready")}" "<a href=format!("/ticket/{}/attest", code())>{tr("certificate.download")}</a></p>
                                })}
                                {valid.then(|| view! {
                                    <figure class="ticket-qr">
                                        <div role="img" aria-label=tr("ticket.qr_label") inner_html=t.qr_svg.clone()></div>
                                        <figcaption class="small muted">{tr("ticket.qr_hint")}</figcaption>
                                    </figure>
                                })}
                                <h2>{tr("event.programme")}</h2>
                                <ul class="ticket-sessions">
                                    {t.sessions.into_iter().map(|s| view! {
                                        <li>
                                            <strong>{dates::date_long_in(locale, s.starts_at.date_naive())}</strong>
                                            {format!(" · {}–{} · {}", dates::time(s.starts_at.naive_local()), dates::time(s.ends_at.naive_local()), s.title)}
                                            {s.venue.map(|v| view! { <br/><span class="muted small">{v}</span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {t.cancellable.then(|| view! {
                                    <details class="confirm">
                                        <summary>{tr("ticket.cancel")}</summary>
                                        <form method="post" action=action>
                                            <p class="small">{tr("ticket.cancel_hint")}</p>
                                            <button type="submit" class="button button-small button-danger">{tr("ticket.cancel_confirm")}</button>
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
