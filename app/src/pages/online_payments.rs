//! `/beheer/:organiser/betalingen`: what came in online (Stripe) per order and
//! what went back. A payment that could not confirm its order (paid after the
//! seats were released, or another amount) is flagged here, first, and an
//! admin gives its money back with one button (posted to
//! `/beheer/:organiser/betalingen/:order/terugbetalen`).

use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::online_payments::load_online_payments;
use crate::i18n::{locale, tr, tr_with, trn};
use domain::online_payments::{OnlinePaymentList, OnlinePaymentRow, status_key};
use domain::paths;
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
        {loaded(list, |list| view! { <OnlinePaymentsView list/> }.into_any())}
    }
}

#[component]
fn OnlinePaymentsView(list: OnlinePaymentList) -> impl IntoView {
    let OnlinePaymentList { organiser, rows, only_flagged, may_refund, csrf_token } = list;
    let base = paths::backoffice::online_payments(&organiser.slug);
    let notice = use_query_map().with_untracked(|q| {
        let (class, text) = match q.get("melding")?.as_str() {
            "terugbetaald" => ("notice notice-success", tr("payments_admin.notice_refunded")),
            "al-behandeld" => ("notice", tr("payments_admin.notice_already_handled")),
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
    let to_check = if only_flagged || flagged == 0 {
        tr("payments_admin.to_check").to_string()
    } else {
        tr_with("payments_admin.to_check_count", &[("count", &flagged.to_string())])
    };
    let organiser_name = [("organiser", organiser.short_name.as_str())];
    let empty = rows.is_empty();
    view! {
        <Title text=tr_with("payments_admin.page_title", &organiser_name)/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("payments_admin.title")}</h1>
            <p>{tr("payments_admin.lead")}" "
                <a href=paths::backoffice::invoices(&organiser.slug)>{tr("payments_admin.invoices")}</a>"."</p>
            {notice}
            {(flagged > 0 && !only_flagged).then(|| view! {
                <p class="notice notice-warning" role="status">{trn("payments_admin.attention", flagged)}</p>
            })}
            <div class="toolbar">
                <nav class="tabs" aria-label=tr("payments_admin.filter")>{tab(tr("payments_admin.all").to_string(), false)}" "{tab(to_check, true)}</nav>
            </div>
            {if empty {
                view! { <p class="muted">{if only_flagged { tr("payments_admin.none_to_check") } else { tr("payments_admin.none") }}</p> }.into_any()
            } else {
                view! {
                    <DataTable label=tr("payments_admin.title")>
                        <table class="data stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("payments_admin.col_order")}</th>
                                    <th scope="col">{tr("payments_admin.col_event")}</th>
                                    <th scope="col">{tr("payments_admin.col_booker")}</th>
                                    <th scope="col" class="numeric">{tr("payments_admin.col_paid")}</th>
                                    <th scope="col" class="numeric">{tr("payments_admin.col_refunded")}</th>
                                    <th scope="col">{tr("payments_admin.col_status")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! { <PaymentRow row=r organiser=organiser.slug.to_string() may_refund csrf_token=csrf_token.clone()/> }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn PaymentRow(row: OnlinePaymentRow, organiser: String, may_refund: bool, csrf_token: String) -> impl IntoView {
    let language = locale();
    let money = move |m: Money| m.display_in(language);
    let refundable = row.refundable();
    let refunded = match (row.refunded.is_zero(), row.refund_pending.is_zero()) {
        (true, true) => "–".to_string(),
        (false, true) => money(row.refunded),
        (true, false) => tr_with("payments_admin.refund_on_its_way", &[("amount", &money(row.refund_pending))]),
        (false, false) => tr_with(
            "payments_admin.refunded_and_on_its_way",
            &[("refunded", &money(row.refunded)), ("pending", &money(row.refund_pending))],
        ),
    };
    let when = format!(
        "{} {}",
        dates::date_short_in(language, row.ordered_at.date_naive()),
        dates::time(row.ordered_at.naive_local())
    );
    let action = paths::backoffice::refund(&organiser, row.order_id);
    let label =
        tr_with("payments_admin.refund_label", &[("amount", &money(refundable)), ("reference", &row.reference)]);
    let total_differs = row.paid != row.total && row.paid != Money::ZERO;
    let flagged = row.flag.is_some();
    view! {
        <tr class=flagged.then_some("flagged")>
            <td class="title-cell"><span class="mono">{row.reference.clone()}</span><br/><span class="muted when">{when}</span></td>
            <td data-label=tr("payments_admin.col_event")>{row.event_title}</td>
            <td data-label=tr("payments_admin.col_booker")>{if row.booker.is_empty() { tr("payments_admin.erased").to_string() } else { row.booker }}</td>
            <td data-label=tr("payments_admin.col_paid") class="numeric nowrap">
                {money(row.paid)}
                {total_differs.then(|| view! { <br/><span class="muted">{tr_with("payments_admin.order_total", &[("amount", &money(row.total))])}</span> })}
            </td>
            <td data-label=tr("payments_admin.col_refunded") class="numeric nowrap">{refunded}</td>
            <td data-label=tr("payments_admin.col_status")>{if flagged { tr("payments_admin.flagged") } else { tr(status_key(row.status)) }}</td>
        </tr>
        {row.flag.map(|flag| view! {
            <tr class="flagged flag-row">
                <td colspan="6" class="flag-cell">
                    <p>{tr(flag.explanation_key())}</p>
                    {if may_refund && !refundable.is_zero() {
                        view! {
                            <PostForm action=action.clone() csrf=csrf_token.clone()>
                                <button type="submit" class="button button-small" aria-label=label.clone()>{tr_with("payments_admin.refund", &[("amount", &money(refundable))])}</button>
                            </PostForm>
                        }.into_any()
                    } else if refundable.is_zero() {
                        view! { <p class="muted">{tr("payments_admin.nothing_to_refund")}</p> }.into_any()
                    } else {
                        view! { <p class="muted">{tr("payments_admin.admin_refunds")}</p> }.into_any()
                    }}
                </td>
            </tr>
        })}
    }
}
