//! `/beheer/:organiser/facturen`: the organiser's invoices and credit notes,
//! one invoice (PDF and UBL to download, "mark paid" by hand), and the bank
//! statement import that matches transfers by structured communication. Every
//! form posts to the page's own address (see the server's `invoices` module).

use super::param;
use crate::components::fields::{ErrorSummary, TextArea};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::invoices::{STATEMENT_FIELD, StatementPage, load_invoice, load_invoices, load_statement};
use crate::i18n::{locale, tr, tr_with, trn};
use domain::InvoiceStatus;
use domain::dates;
use domain::invoicing::{InvoiceDetail, InvoiceList, StatementPreviewRow};
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The invoices list, for the trail of the pages under it.
fn invoices_page(organiser: &domain::listing::OrganiserRef) -> (String, String) {
    (paths::backoffice::invoices(&organiser.slug), tr("invoices.title").to_string())
}

/// `/beheer/:organiser/facturen`, `?status=open|paid` filters.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let organiser = param("organiser");
    let query = use_query_map();
    let list = Resource::new(
        move || (organiser(), query.with(|q| q.get("status").unwrap_or_default())),
        |(organiser, status)| load_invoices(organiser, status),
    );
    view! {
        {loaded(list, |list| view! { <InvoicesView list/> }.into_any())}
    }
}

#[component]
fn InvoicesView(list: InvoiceList) -> impl IntoView {
    let InvoiceList { organiser, filter, rows } = list;
    let language = locale();
    let base = paths::backoffice::invoices(&organiser.slug);
    let notice = use_query_map().with_untracked(|q| {
        let count = q.get("aantal").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let text = match q.get("melding")?.as_str() {
            "ingelezen" => trn("invoices.imported", count),
            _ => return None,
        };
        Some(view! { <p class="notice notice-success" role="status">{text}</p> })
    });
    let tab = |label: &'static str, value: Option<InvoiceStatus>| {
        let href = match value {
            Some(v) => format!("{base}?status={v}"),
            None => base.clone(),
        };
        let current = filter == value;
        view! { <a href=href class=if current { "tab current" } else { "tab" } aria-current=current.then_some("page")>{label}</a> }
    };
    let empty = rows.is_empty();
    view! {
        <Title text=tr_with("invoices.page_title", &[("organiser", &organiser.short_name)])/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("invoices.title")}</h1>
            {notice}
            <div class="toolbar">
                <nav class="tabs" aria-label=tr("invoices.filter")>
                    {tab(tr("invoices.all"), None)}" "{tab(tr("invoices.open"), Some(InvoiceStatus::Open))}" "{tab(tr("invoices.paid"), Some(InvoiceStatus::Paid))}
                </nav>
                <a class="button" href=paths::backoffice::statement_import(&organiser.slug)>{tr("invoices.import")}</a>
            </div>
            {if empty {
                view! { <p class="muted">{tr("invoices.none")}</p> }.into_any()
            } else {
                view! {
                    <DataTable label=tr("invoices.title")>
                        <table class="data stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("invoices.number")}</th>
                                    <th scope="col">{tr("invoices.date")}</th>
                                    <th scope="col">{tr("invoices.customer")}</th>
                                    <th scope="col" class="numeric">{tr("invoices.amount")}</th>
                                    <th scope="col">{tr("invoices.status")}</th>
                                    <th scope="col">{tr("invoices.communication")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let href = paths::backoffice::invoice(&organiser.slug, r.id);
                                    let total = r.total.display_in(language);
                                    let amount = if r.credit_note { format!("– {total}") } else { total };
                                    let status = if r.credit_note { tr("invoices.status.credit_note") } else { status_label(r.status) };
                                    view! {
                                        <tr>
                                            <td class="title-cell"><a href=href>{r.number}</a></td>
                                            <td data-label=tr("invoices.date") class="nowrap">{dates::date_short_in(language, r.issue_date)}</td>
                                            <td data-label=tr("invoices.customer")>{r.customer}</td>
                                            <td data-label=tr("invoices.amount") class="numeric nowrap">{amount}</td>
                                            <td data-label=tr("invoices.status")>{status}</td>
                                            <td data-label=tr("invoices.communication") class="nowrap">{r.payment_reference.unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}

/// `/beheer/:organiser/facturen/:invoice`.
#[component]
pub fn InvoicePage() -> impl IntoView {
    let organiser = param("organiser");
    let invoice = param("invoice");
    let detail =
        Resource::new(move || (organiser(), invoice()), |(organiser, invoice)| load_invoice(organiser, invoice));
    view! {
        {loaded(detail, |detail| view! { <InvoiceView detail/> }.into_any())}
    }
}

#[component]
fn InvoiceView(detail: InvoiceDetail) -> impl IntoView {
    let d = detail;
    let language = locale();
    let money = move |m: domain::Money| m.display_in(language);
    let date = |day| dates::date_short_in(language, day);
    let base = paths::backoffice::invoice(&d.organiser.slug, d.id);
    let notice = use_query_map().with_untracked(|q| match q.get("melding")?.as_str() {
        "betaald" => Some(view! { <p class="notice notice-success" role="status">{tr("invoices.marked_paid")}</p> }),
        _ => None,
    });
    let kind = if d.credit_note { tr("invoices.credit_note") } else { tr("invoices.invoice") };
    let title = format!("{kind} {}", d.number);
    let mut facts: Vec<(&'static str, String)> = vec![
        (tr("invoices.customer"), d.customer.clone()),
        (tr("invoices.date"), date(d.issue_date)),
        (tr("invoices.status"), status_label(d.status).to_string()),
        (tr("invoices.our_reference"), d.order_reference.clone()),
    ];
    if let Some(n) = &d.customer_enterprise_number {
        facts.push((tr("invoices.customer_enterprise_number"), n.clone()));
    }
    if let Some(po) = &d.purchase_order {
        facts.push((tr("invoices.purchase_order"), po.clone()));
    }
    if let Some(due) = d.due_date {
        facts.push((tr("invoices.due_date"), date(due)));
    }
    if let Some(service) = d.service_date {
        facts.push((tr("invoices.service_date"), date(service)));
    }
    if let Some(ogm) = &d.payment_reference {
        facts.push((tr("invoices.structured_communication"), ogm.clone()));
    }
    if let Some(credited) = &d.credited {
        facts.push((tr("invoices.credits"), credited.clone()));
    }
    if let Some(paid) = d.paid_at {
        facts
            .push((tr("invoices.paid_on"), format!("{} {}", date(paid.date_naive()), dates::time(paid.naive_local()))));
    }
    let vat_label = match &d.vat_percent {
        Some(percent) => tr_with("invoices.vat_rate", &[("percent", percent)]),
        None => tr("invoices.vat_exempt").to_string(),
    };
    let may_mark_paid = d.status == InvoiceStatus::Open && d.credited.is_none() && !d.outstanding.is_zero();
    view! {
        <Title text=title.clone()/>
        <section class="container backoffice">
            <BackofficeTrail organiser=d.organiser.clone() under=invoices_page(&d.organiser)/>
            <h1>{title}</h1>
            {notice}
            <dl class="facts">
                {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <p class="actions">
                <a class="button" href=paths::backoffice::invoice_pdf(&d.organiser.slug, d.id)>{tr("invoices.download_pdf")}</a>" "
                <a class="button button-quiet" href=paths::backoffice::invoice_ubl(&d.organiser.slug, d.id)>{tr("invoices.download_ubl")}</a>
            </p>
            <DataTable label=tr("invoices.lines")>
                <table class="data stack-on-phone">
                    <thead>
                        <tr>
                            <th scope="col">{tr("invoices.description")}</th>
                            <th scope="col" class="numeric">{tr("invoices.quantity")}</th>
                            <th scope="col" class="numeric">{tr("invoices.unit_price")}</th>
                            <th scope="col" class="numeric">{tr("invoices.net_amount")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.lines.into_iter().map(|l| view! {
                            <tr>
                                <td class="title-cell">{l.description}</td>
                                <td data-label=tr("invoices.quantity") class="numeric">{l.quantity}</td>
                                <td data-label=tr("invoices.unit_price") class="numeric nowrap">{money(l.unit_price)}</td>
                                <td data-label=tr("invoices.amount") class="numeric nowrap">{money(l.net)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="3">{tr("invoices.total_net")}</th><td class="numeric nowrap">{money(d.net)}</td></tr>
                        <tr><th scope="row" colspan="3">{vat_label}</th><td class="numeric nowrap">{money(d.vat)}</td></tr>
                        {(!d.rounding.is_zero()).then(|| view! {
                            <tr><th scope="row" colspan="3">{tr("invoices.total_incl")}</th><td class="numeric nowrap">{money(d.gross)}</td></tr>
                            <tr><th scope="row" colspan="3">{tr("invoices.rounding")}</th><td class="numeric nowrap">{money(d.rounding)}</td></tr>
                        })}
                        <tr><th scope="row" colspan="3">{tr("invoices.total")}</th><td class="numeric nowrap"><strong>{money(d.due)}</strong></td></tr>
                    </tfoot>
                </table>
            </DataTable>
            {may_mark_paid.then(|| view! {
                <PostForm action=base.clone() class="confirm-import" csrf=d.csrf_token.clone()>
                    <input type="hidden" name=domain::forms::fields::ACTION value=domain::forms::fields::invoice::MARK_PAID/>
                    <p>{tr_with("invoices.still_to_pay", &[("amount", &money(d.outstanding))])}</p>
                    <button type="submit" class="button">{tr("invoices.mark_paid")}</button>
                </PostForm>
            })}
        </section>
    }
}

/// `/beheer/:organiser/facturen/bankafschrift`.
#[component]
pub fn StatementImportPage() -> impl IntoView {
    let organiser = param("organiser");
    let page = Resource::new(organiser, load_statement);
    view! {
        {loaded(page, |page| view! { <StatementView page/> }.into_any())}
    }
}

#[component]
fn StatementView(page: StatementPage) -> impl IntoView {
    let StatementPage { organiser, form, rows, csrf_token } = page;
    let action = paths::backoffice::statement_import(&organiser.slug);
    let text = form.value(STATEMENT_FIELD);
    let preview_text = text.clone();
    view! {
        <Title text=tr("invoices.import")/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone() under=invoices_page(&organiser)/>
            <h1>{tr("invoices.import")}</h1>
            <p>{tr("invoices.statement_intro")}</p>
            <ErrorSummary count=form.errors.len()/>
            <PostForm class="stacked-form" action=action.clone() enctype="multipart/form-data" novalidate=true csrf=csrf_token.clone()>
                <div class="field">
                    <label for="bestand">{tr("invoices.statement_file")}</label>
                    <input id="bestand" name=domain::forms::fields::bank_statement::FILE type="file" accept=".cod,.coda,.csv,.txt,text/plain,text/csv"/>
                </div>
                <TextArea label=tr("invoices.statement_paste") name=STATEMENT_FIELD value=text.clone() error=form.error(STATEMENT_FIELD) hint=tr("invoices.statement_paste_hint") rows=6/>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("invoices.statement_preview")}</button>
                </div>
            </PostForm>
            {rows.map(|rows| view! { <Preview rows organiser=organiser.slug.to_string() action csrf=csrf_token text=preview_text/> })}
        </section>
    }
}

#[component]
fn Preview(
    rows: Vec<StatementPreviewRow>,
    organiser: String,
    action: String,
    csrf: String,
    text: String,
) -> impl IntoView {
    let booking = rows.iter().filter(|r| r.books).count();
    let language = locale();
    view! {
        <h2 id="voorbeeld">{tr("invoices.preview")}</h2>
        <DataTable labelledby="voorbeeld">
            <table class="data stack-on-phone">
                <thead>
                    <tr>
                        <th scope="col">{tr("invoices.date")}</th>
                        <th scope="col" class="numeric">{tr("invoices.amount")}</th>
                        <th scope="col">{tr("invoices.counterparty")}</th>
                        <th scope="col">{tr("invoices.communication")}</th>
                        <th scope="col">{tr("invoices.invoice_column")}</th>
                        <th scope="col">{tr("invoices.outcome")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let outcome = outcome_label(&r.outcome, r.open_amount.map(|m| m.display_in(language)));
                        view! {
                        <tr class=format!("statement-{}", r.outcome)>
                            <td class="nowrap">{r.date.map(|d| dates::date_short_in(language, d)).unwrap_or_default()}</td>
                            <td data-label=tr("invoices.amount") class="numeric nowrap">{r.amount.display_in(language)}</td>
                            <td data-label=tr("invoices.counterparty")>{r.counterparty}</td>
                            <td data-label=tr("invoices.communication")>
                                {r.communication}
                                {(!r.information.is_empty()).then(|| view! { <br/><small class="statement-information">{r.information}</small> })}
                                {r.original.map(|o| view! { <br/><small class="statement-original">{tr_with("invoices.original_amount", &[("amount", &o.display_in(language))])}</small> })}
                            </td>
                            <td data-label=tr("invoices.invoice_column")>{match (r.invoice_id, r.invoice_number, r.payee) {
                                (Some(id), Some(number), _) => view! { <a href=paths::backoffice::invoice(&organiser, id)>{number}</a> }.into_any(),
                                (_, _, Some(payee)) => view! { {payee} }.into_any(),
                                _ => view! { "–" }.into_any(),
                            }}</td>
                            <td data-label=tr("invoices.outcome")>{outcome}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </DataTable>
        {if booking > 0 {
            view! {
                <PostForm action=action class="confirm-import" csrf=csrf>
                    <input type="hidden" name=STATEMENT_FIELD value=text/>
                    <input type="hidden" name=domain::forms::fields::bank_statement::CONFIRM value=domain::forms::fields::bank_statement::CONFIRMED/>
                    <button type="submit" class="button">{tr_with("invoices.book", &[("count", &booking.to_string())])}</button>
                </PostForm>
            }.into_any()
        } else {
            view! { <p class="notice notice-success" role="status">{tr("invoices.nothing_to_book")}</p> }.into_any()
        }}
    }
}

/// An invoice's status in the page's language.
fn status_label(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Paid => tr("invoices.status.paid"),
        InvoiceStatus::Credited => tr("invoices.status.credited"),
        InvoiceStatus::Open => tr("invoices.status.open"),
    }
}

/// What importing a statement line would do, in the page's language.
fn outcome_label(outcome: &str, open: Option<String>) -> String {
    match outcome {
        "exact" => tr("invoices.outcome.exact").to_string(),
        "other_amount" => tr_with("invoices.outcome.other_amount", &[("open", &open.unwrap_or_default())]),
        "not_open" => tr("invoices.outcome.not_open").to_string(),
        "imported" => tr("invoices.outcome.imported").to_string(),
        "outgoing" => tr("invoices.outcome.outgoing").to_string(),
        "payout" => tr("invoices.outcome.payout").to_string(),
        "payout_paid" => tr("invoices.outcome.payout_paid").to_string(),
        "payout_other_amount" => {
            tr_with("invoices.outcome.payout_other_amount", &[("sent", &open.unwrap_or_default())])
        }
        _ => tr("invoices.outcome.unknown").to_string(),
    }
}
