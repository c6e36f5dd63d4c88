//! `/beheer/:organiser/facturen`: the organiser's invoices and credit notes,
//! one invoice (PDF and UBL to download, "mark paid" by hand), and the bank
//! statement import that matches transfers by structured communication. Every
//! form posts to the page's own address (see the server's `invoices` module).

use crate::components::fields::{ErrorSummary, TextArea};
use crate::components::status::{ErrorPage, Loading};
use crate::functions::invoices::{STATEMENT_FIELD, StatementPage, load_invoice, load_invoices, load_statement};
use domain::dates;
use domain::invoicing::{InvoiceDetail, InvoiceList, StatementPreviewRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn param(name: &'static str) -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get(name).unwrap_or_default())
}

#[component]
fn Breadcrumbs(organiser: domain::listing::OrganiserRef, #[prop(optional)] list: bool) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label="Kruimelpad">
            <a href=format!("/beheer/{}", organiser.slug)>{format!("Beheer – {}", organiser.short_name)}</a>
            {list.then(|| view! {
                " › "<a href=format!("/beheer/{}/facturen", organiser.slug)>"Facturen"</a>
            })}
        </nav>
    }
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <InvoicesView list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InvoicesView(list: InvoiceList) -> impl IntoView {
    let InvoiceList { organiser, filter, rows } = list;
    let base = format!("/beheer/{}/facturen", organiser.slug);
    let notice = use_query_map().with_untracked(|q| {
        let count = q.get("aantal").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let text = match q.get("melding")?.as_str() {
            "ingelezen" if count == 1 => "Het bankafschrift is ingelezen: 1 betaling geboekt.".to_string(),
            "ingelezen" => format!("Het bankafschrift is ingelezen: {count} betalingen geboekt."),
            _ => return None,
        };
        Some(view! { <p class="notice notice-success" role="status">{text}</p> })
    });
    let tab = |label: &'static str, value: Option<&'static str>| {
        let href = match value {
            Some(v) => format!("{base}?status={v}"),
            None => base.clone(),
        };
        let current = filter.as_deref() == value;
        view! { <a href=href class=if current { "tab current" } else { "tab" } aria-current=current.then_some("page")>{label}</a> }
    };
    let empty = rows.is_empty();
    view! {
        <Title text=format!("Facturen – {}", organiser.short_name)/>
        <section class="container backoffice">
            <Breadcrumbs organiser=organiser.clone()/>
            <h1>"Facturen"</h1>
            {notice}
            <div class="toolbar">
                <nav class="tabs" aria-label="Filter">
                    {tab("Alle", None)}" "{tab("Open", Some("open"))}" "{tab("Betaald", Some("paid"))}
                </nav>
                <a class="button" href=format!("{base}/bankafschrift")>"Bankafschrift inlezen"</a>
            </div>
            {if empty {
                view! { <p class="muted">"Nog geen facturen."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label="Facturen" tabindex="0">
                        <table class="data stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">"Nummer"</th>
                                    <th scope="col">"Datum"</th>
                                    <th scope="col">"Klant"</th>
                                    <th scope="col" class="numeric">"Bedrag"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Mededeling"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let href = format!("{base}/{}", r.id);
                                    let amount = if r.credit_note { format!("– {}", r.total.display_nl()) } else { r.total.display_nl() };
                                    view! {
                                        <tr>
                                            <td class="title-cell"><a href=href>{r.number}</a></td>
                                            <td data-label="Datum" class="nowrap">{dates::date_short(r.issue_date)}</td>
                                            <td data-label="Klant">{r.customer}</td>
                                            <td data-label="Bedrag" class="numeric nowrap">{amount}</td>
                                            <td data-label="Status">{r.status_label}</td>
                                            <td data-label="Mededeling" class="nowrap">{r.payment_reference.unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <InvoiceView detail/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InvoiceView(detail: InvoiceDetail) -> impl IntoView {
    let d = detail;
    let base = format!("/beheer/{}/facturen/{}", d.organiser.slug, d.id);
    let notice = use_query_map().with_untracked(|q| match q.get("melding")?.as_str() {
        "betaald" => Some(view! { <p class="notice notice-success" role="status">"De factuur staat op betaald."</p> }),
        _ => None,
    });
    let title = format!("{} {}", d.kind_label, d.number);
    let mut facts: Vec<(&'static str, String)> = vec![
        ("Klant", d.customer.clone()),
        ("Datum", dates::date_short(d.issue_date)),
        ("Status", d.status_label.clone()),
        ("Onze referentie", d.order_reference.clone()),
    ];
    if let Some(n) = &d.customer_enterprise_number {
        facts.push(("Ondernemingsnummer klant", n.clone()));
    }
    if let Some(po) = &d.purchase_order {
        facts.push(("Bestelbon", po.clone()));
    }
    if let Some(due) = d.due_date {
        facts.push(("Vervaldatum", dates::date_short(due)));
    }
    if let Some(service) = d.service_date {
        facts.push(("Datum dienst", dates::date_short(service)));
    }
    if let Some(ogm) = &d.payment_reference {
        facts.push(("Gestructureerde mededeling", ogm.clone()));
    }
    if let Some(credited) = &d.credited {
        facts.push(("Crediteert factuur", credited.clone()));
    }
    if let Some(paid) = d.paid_at {
        facts.push((
            "Betaald op",
            format!("{} {}", dates::date_short(paid.date_naive()), dates::time(paid.naive_local())),
        ));
    }
    let may_mark_paid = d.status == "open" && d.credited.is_none() && !d.outstanding.is_zero();
    view! {
        <Title text=title.clone()/>
        <section class="container backoffice">
            <Breadcrumbs organiser=d.organiser.clone() list=true/>
            <h1>{title}</h1>
            {notice}
            <dl class="facts">
                {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <p class="actions">
                <a class="button" href=format!("{base}/pdf")>"PDF downloaden"</a>" "
                <a class="button button-quiet" href=format!("{base}/ubl")>"UBL (Peppol) downloaden"</a>
            </p>
            <div class="table-wrap" role="region" aria-label="Regels" tabindex="0">
                <table class="data stack-on-phone">
                    <thead>
                        <tr>
                            <th scope="col">"Omschrijving"</th>
                            <th scope="col" class="numeric">"Aantal"</th>
                            <th scope="col" class="numeric">"Eenheidsprijs"</th>
                            <th scope="col" class="numeric">"Bedrag excl. btw"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.lines.into_iter().map(|l| view! {
                            <tr>
                                <td class="title-cell">{l.description}</td>
                                <td data-label="Aantal" class="numeric">{l.quantity}</td>
                                <td data-label="Eenheidsprijs" class="numeric nowrap">{l.unit_price.display_nl()}</td>
                                <td data-label="Bedrag" class="numeric nowrap">{l.net.display_nl()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="3">"Totaal excl. btw"</th><td class="numeric nowrap">{d.net.display_nl()}</td></tr>
                        <tr><th scope="row" colspan="3">{d.vat_label}</th><td class="numeric nowrap">{d.vat.display_nl()}</td></tr>
                        <tr><th scope="row" colspan="3">"Totaal"</th><td class="numeric nowrap"><strong>{d.gross.display_nl()}</strong></td></tr>
                    </tfoot>
                </table>
            </div>
            {may_mark_paid.then(|| view! {
                <form method="post" action=base.clone() class="confirm-import">
                    <input type="hidden" name="csrf" value=d.csrf_token.clone()/>
                    <input type="hidden" name="actie" value="betaald"/>
                    <p>{format!("Nog te betalen: {}. Kwam de betaling binnen buiten het bankafschrift om?", d.outstanding.display_nl())}</p>
                    <button type="submit" class="button">"Markeer als betaald"</button>
                </form>
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <StatementView page/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StatementView(page: StatementPage) -> impl IntoView {
    let StatementPage { organiser, form, rows, csrf_token } = page;
    let action = format!("/beheer/{}/facturen/bankafschrift", organiser.slug);
    let text = form.value(STATEMENT_FIELD);
    view! {
        <Title text="Bankafschrift inlezen"/>
        <section class="container backoffice">
            <Breadcrumbs organiser=organiser.clone() list=true/>
            <h1>"Bankafschrift inlezen"</h1>
            <p>"Een CODA-bestand van de bank, of een CSV-export met per regel datum;bedrag;tegenpartij;mededeling. Betalingen met de gestructureerde mededeling van een open factuur worden bij die factuur geboekt. Je ziet eerst wat er zou gebeuren; hetzelfde afschrift twee keer inlezen boekt niets dubbel."</p>
            <ErrorSummary count=form.errors.len()/>
            <form class="stacked-form" method="post" action=action.clone() enctype="multipart/form-data" novalidate>
                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                <div class="field">
                    <label for="bestand">"Bestand (CODA of CSV)"</label>
                    <input id="bestand" name="bestand" type="file" accept=".cod,.coda,.csv,.txt,text/plain,text/csv"/>
                </div>
                <TextArea label="Of plak de inhoud hier" name=STATEMENT_FIELD value=text.clone() error=form.error(STATEMENT_FIELD) hint="Een bestand heeft voorrang op wat hier staat." rows=6/>
                <div class="form-actions">
                    <button type="submit" class="button">"Voorbeeld tonen"</button>
                </div>
            </form>
            {rows.map(|rows| view! { <Preview rows action csrf=csrf_token text/> })}
        </section>
    }
}

#[component]
fn Preview(rows: Vec<StatementPreviewRow>, action: String, csrf: String, text: String) -> impl IntoView {
    let booking = rows.iter().filter(|r| r.books).count();
    let base = action.trim_end_matches("/bankafschrift").to_string();
    view! {
        <h2 id="voorbeeld">"Voorbeeld"</h2>
        <div class="table-wrap" role="region" aria-labelledby="voorbeeld" tabindex="0">
            <table class="data stack-on-phone">
                <thead>
                    <tr>
                        <th scope="col">"Datum"</th>
                        <th scope="col" class="numeric">"Bedrag"</th>
                        <th scope="col">"Tegenpartij"</th>
                        <th scope="col">"Mededeling"</th>
                        <th scope="col">"Factuur"</th>
                        <th scope="col">"Wat gebeurt er"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr class=format!("statement-{}", r.outcome)>
                            <td class="nowrap">{r.date.map(dates::date_short).unwrap_or_default()}</td>
                            <td data-label="Bedrag" class="numeric nowrap">{r.amount.display_nl()}</td>
                            <td data-label="Tegenpartij">{r.counterparty}</td>
                            <td data-label="Mededeling">{r.communication}</td>
                            <td data-label="Factuur">{match (r.invoice_id, r.invoice_number) {
                                (Some(id), Some(number)) => view! { <a href=format!("{base}/{id}")>{number}</a> }.into_any(),
                                _ => view! { "–" }.into_any(),
                            }}</td>
                            <td data-label="Wat gebeurt er">{r.outcome_label}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {if booking > 0 {
            view! {
                <form method="post" action=action class="confirm-import">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name=STATEMENT_FIELD value=text/>
                    <input type="hidden" name="bevestigen" value="1"/>
                    <button type="submit" class="button">{format!("{booking} betaling(en) boeken")}</button>
                </form>
            }.into_any()
        } else {
            view! { <p class="notice notice-success" role="status">"Er valt niets te boeken in dit afschrift."</p> }.into_any()
        }}
    }
}
