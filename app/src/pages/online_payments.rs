//! `/beheer/:organiser/betalingen`: what came in online (Stripe) per order and
//! what went back. A payment that could not confirm its order (paid after the
//! seats were released, or another amount) is flagged here, first, and an
//! admin gives its money back with one button (posted to
//! `/beheer/:organiser/betalingen/:order/terugbetalen`).

use crate::components::status::{ErrorPage, Loading};
use crate::functions::online_payments::load_online_payments;
use domain::online_payments::{OnlinePaymentList, OnlinePaymentRow};
use domain::{Money, dates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn OnlinePaymentsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let list = Resource::new(
        move || {
            (
                params.with(|p| p.get("organiser").unwrap_or_default()),
                query.with(|q| q.get("filter").unwrap_or_default()),
            )
        },
        |(organiser, filter)| load_online_payments(organiser, filter),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <OnlinePaymentsView list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OnlinePaymentsView(list: OnlinePaymentList) -> impl IntoView {
    let OnlinePaymentList { organiser, rows, only_flagged, may_refund, csrf_token } = list;
    let base = format!("/beheer/{}/betalingen", organiser.slug);
    let notice = use_query_map().with_untracked(|q| {
        let (class, text) = match q.get("melding")?.as_str() {
            "terugbetaald" => {
                ("notice notice-success", "De terugbetaling is aangevraagd bij Stripe; ze staat hieronder.")
            }
            "al-behandeld" => ("notice", "Deze betaling was al behandeld; er werd niets opnieuw terugbetaald."),
            _ => return None,
        };
        Some(view! { <p class=class role="status">{text}</p> })
    });
    let flagged = rows.iter().filter(|r| r.flag.is_some()).count();
    let tab = |label: String, filtered: bool| {
        let href = if filtered { format!("{base}?filter=te-controleren") } else { base.clone() };
        let current = only_flagged == filtered;
        view! { <a href=href class=if current { "tab current" } else { "tab" } aria-current=current.then_some("page")>{label}</a> }
    };
    let to_check =
        if only_flagged || flagged == 0 { "Te controleren".to_string() } else { format!("Te controleren ({flagged})") };
    let empty = rows.is_empty();
    view! {
        <Title text=format!("Online betalingen – {}", organiser.short_name)/>
        <section class="container backoffice">
            <nav class="breadcrumbs" aria-label="Kruimelpad">
                <a href=format!("/beheer/{}", organiser.slug)>{format!("Beheer – {}", organiser.short_name)}</a>
            </nav>
            <h1>"Online betalingen"</h1>
            <p>"Wat er per bestelling online (kaart of Bancontact, via Stripe) betaald en terugbetaald werd. Facturen staan bij "
                <a href=format!("/beheer/{}/facturen", organiser.slug)>"Facturen"</a>"."</p>
            {notice}
            {(flagged > 0 && !only_flagged).then(|| view! {
                <p class="notice notice-warning" role="status">{if flagged == 1 {
                    "1 betaling vraagt je aandacht: ze kon geen inschrijving bevestigen.".to_string()
                } else {
                    format!("{flagged} betalingen vragen je aandacht: ze konden geen inschrijving bevestigen.")
                }}</p>
            })}
            <div class="toolbar">
                <nav class="tabs" aria-label="Filter">{tab("Alle".to_string(), false)}" "{tab(to_check, true)}</nav>
            </div>
            {if empty {
                view! { <p class="muted">{if only_flagged { "Geen betalingen te controleren." } else { "Nog geen online betalingen." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label="Online betalingen" tabindex="0">
                        <table class="data stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">"Bestelling"</th>
                                    <th scope="col">"Activiteit"</th>
                                    <th scope="col">"Besteller"</th>
                                    <th scope="col" class="numeric">"Betaald"</th>
                                    <th scope="col" class="numeric">"Terugbetaald"</th>
                                    <th scope="col">"Status"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! { <PaymentRow row=r base=base.clone() may_refund csrf_token=csrf_token.clone()/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn PaymentRow(row: OnlinePaymentRow, base: String, may_refund: bool, csrf_token: String) -> impl IntoView {
    let refundable = row.refundable();
    let refunded = match (row.refunded.is_zero(), row.refund_pending.is_zero()) {
        (true, true) => "–".to_string(),
        (false, true) => row.refunded.display_nl(),
        (true, false) => format!("{} (onderweg)", row.refund_pending.display_nl()),
        (false, false) => format!("{} + {} onderweg", row.refunded.display_nl(), row.refund_pending.display_nl()),
    };
    let when =
        format!("{} {}", dates::date_short(row.ordered_at.date_naive()), dates::time(row.ordered_at.naive_local()));
    let action = format!("{base}/{}/terugbetalen", row.order_id);
    let label = format!("{} terugbetalen voor bestelling {}", refundable.display_nl(), row.reference);
    let total_differs = row.paid != row.total && row.paid != Money::ZERO;
    let flagged = row.flag.is_some();
    view! {
        <tr class=flagged.then_some("flagged")>
            <td class="title-cell"><span class="mono">{row.reference.clone()}</span><br/><span class="muted when">{when}</span></td>
            <td data-label="Activiteit">{row.event_title}</td>
            <td data-label="Besteller">{if row.booker.is_empty() { "(gewist)".to_string() } else { row.booker }}</td>
            <td data-label="Betaald" class="numeric nowrap">
                {row.paid.display_nl()}
                {total_differs.then(|| view! { <br/><span class="muted">{format!("bestelling {}", row.total.display_nl())}</span> })}
            </td>
            <td data-label="Terugbetaald" class="numeric nowrap">{refunded}</td>
            <td data-label="Status">{if flagged { "te controleren".to_string() } else { row.status_label }}</td>
        </tr>
        {row.flag.map(|flag| view! {
            <tr class="flagged flag-row">
                <td colspan="6" class="flag-cell">
                    <p>{flag.explanation_nl()}</p>
                    {if may_refund && !refundable.is_zero() {
                        view! {
                            <form method="post" action=action.clone()>
                                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                                <button type="submit" class="button button-small" aria-label=label.clone()>{format!("{} terugbetalen", refundable.display_nl())}</button>
                            </form>
                        }.into_any()
                    } else if refundable.is_zero() {
                        view! { <p class="muted">"Er is niets meer terug te betalen."</p> }.into_any()
                    } else {
                        view! { <p class="muted">"Een beheerder van deze organisator kan het bedrag terugbetalen."</p> }.into_any()
                    }}
                </td>
            </tr>
        })}
    }
}
