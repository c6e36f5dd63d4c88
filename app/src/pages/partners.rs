//! The organiser's partner organisations: the list, the edit form and the CSV
//! import. Every form posts to the page's own address (see the server's
//! `partners` module) and works without JavaScript.

use super::param;
use crate::components::fields::{ErrorSummary, Field, Select, TextArea};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::partners::{
    ImportPage, PartnerForm, ProposalsPage, load_import, load_partner, load_partners, load_proposals,
};
use crate::i18n::{locale, tr, tr_with, trn};
use domain::dates;
use domain::forms::fields::{partner_import, partner_search, proposal};
use domain::partners::{ImportPlan, PartnerList, RowStatus, field};
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// An empty cell, visibly empty.
fn dash(text: String) -> String {
    if text.is_empty() { "–".to_string() } else { text }
}

/// The partners list, for the trail of the pages under it.
fn partners_page(organiser: &domain::listing::OrganiserRef) -> (String, String) {
    (paths::backoffice::partners(&organiser.slug), tr("partners.title").to_string())
}

/// `/beheer/:organiser/organisaties`: the partners, searchable.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let organiser = param("organiser");
    let query = use_query_map();
    let list = Resource::new(
        move || (organiser(), query.with(|q| q.get(partner_search::QUERY).unwrap_or_default())),
        |(organiser, q)| load_partners(organiser, q),
    );
    view! {
        {loaded(list, |list| view! { <PartnersView list/> }.into_any())}
    }
}

#[component]
fn PartnersView(list: PartnerList) -> impl IntoView {
    let PartnerList { organiser, rows, total, query } = list;
    let notice = use_query_map().with_untracked(|q| {
        let count = |name: &str| q.get(name).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let text = match q.get("melding")?.as_str() {
            "opgeslagen" => tr("partners.saved").to_string(),
            "voorgesteld" => tr("partners.saved_proposed").to_string(),
            "ongewijzigd" => tr("partners.unchanged").to_string(),
            "geimporteerd" => {
                tr_with(
                    "partners.imported",
                    &[
                        ("new", &count("nieuw").to_string()),
                        ("updated", &count("bijgewerkt").to_string()),
                        ("unchanged", &count("ongewijzigd").to_string()),
                    ],
                ) + &match count("voorstel") {
                    0 => String::new(),
                    n => format!(" {}", tr_with("partners.imported_proposed", &[("count", &n.to_string())])),
                }
            }
            _ => tr("dash.saved").to_string(),
        };
        Some(view! { <p class="notice notice-success" role="status">{text}</p> })
    });
    let base = paths::backoffice::partners(&organiser.slug);
    let shown = rows.len();
    let count_text = if query.is_empty() {
        tr_with("partners.count", &[("total", &total.to_string())])
    } else {
        tr_with(
            "partners.count_found",
            &[("shown", &shown.to_string()), ("total", &total.to_string()), ("query", &query)],
        )
    };
    let locale = locale();
    view! {
        <Title text=tr_with("partners.page_title", &[("organiser", &organiser.short_name)])/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("partners.title")}</h1>
            {notice}
            <div class="toolbar">
                <form method="get" action=base.clone() class="search-form" role="search">
                    <div class="field">
                        <label for="q">{tr("partners.search_label")}</label>
                        <input id="q" name=partner_search::QUERY type="search" value=query.clone() autocomplete="off"/>
                    </div>
                    <button type="submit" class="button button-quiet">{tr("partners.search")}</button>
                    {(!query.is_empty()).then(|| view! { <a href=base.clone()>{tr("partners.show_all")}</a> })}
                </form>
                <a class="button" href=paths::backoffice::partners_import(&organiser.slug)>{tr("partners.import_csv")}</a>
            </div>
            <h2 id="partners" class="result-count" aria-live="polite">{count_text}</h2>
            {if rows.is_empty() {
                view! { <p class="empty-state">{tr("partners.none")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby="partners">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("partners.name")}</th>
                                    <th scope="col">{tr("partners.kind")}</th>
                                    <th scope="col">{tr("partners.municipality")}</th>
                                    <th scope="col">{tr("partners.enterprise_number")}</th>
                                    <th scope="col">{tr("people.email")}</th>
                                    <th scope="col" class="num">{tr("partners.people")}</th>
                                    <th scope="col" class="num">{tr("partners.registrations")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=paths::backoffice::partner(&organiser.slug, r.id) aria-label=tr_with("partners.edit", &[("name", &r.name)])>{r.name.clone()}</a></td>
                                        <td>{r.kind.name_in(locale)}</td>
                                        <td>{r.municipality.unwrap_or_else(|| "–".to_string())}</td>
                                        <td class="nowrap">{r.enterprise_number.map(|n| n.to_string()).unwrap_or_else(|| "–".to_string())}</td>
                                        <td class="break">{r.email.unwrap_or_else(|| "–".to_string())}</td>
                                        <td class="num">{r.people}</td>
                                        <td class="num">{r.registrations}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
        </section>
    }
}

/// `/beheer/:organiser/organisaties/:organisation`: edit one partner.
#[component]
pub fn PartnerPage() -> impl IntoView {
    let organiser = param("organiser");
    let id = param("organisation");
    let partner = Resource::new(move || (organiser(), id()), |(organiser, id)| load_partner(organiser, id));
    view! {
        {loaded(partner, |partner| view! { <PartnerEditView partner/> }.into_any())}
    }
}

#[component]
fn PartnerEditView(partner: PartnerForm) -> impl IntoView {
    let PartnerForm { organiser, id, name, shared, pending, form, kinds, municipalities, csrf_token } = partner;
    let list = paths::backoffice::partners(&organiser.slug);
    let action = paths::backoffice::partner(&organiser.slug, id);
    let mut places = vec![(String::new(), tr("partners.no_municipality").to_string())];
    places.extend(municipalities);
    let notes = form.values.get_raw(field::NOTES).to_string();
    let error_count = form.errors.len();
    let errors = form.clone();
    let v = move |name: &str| form.value(name);
    let e = move |name: &str| errors.error(name);
    let own_legend = tr_with("partners.own", &[("organiser", &organiser.short_name)]);
    view! {
        <Title text=tr_with("partners.edit", &[("name", &name)])/>
        <section class="container narrow backoffice">
            <BackofficeTrail organiser=organiser.clone() under=partners_page(&organiser)/>
            <h1>{tr_with("partners.edit", &[("name", &name)])}</h1>
            <ErrorSummary count=error_count/>
            <PostForm class="stacked-form editor-form" action=action novalidate=true csrf=csrf_token>
                <fieldset aria-describedby="identiteit-uitleg">
                    <legend>{tr("partners.identity")}</legend>
                    <p id="identiteit-uitleg" class="small muted">
                        {if shared { tr("partners.identity_shared") } else { tr("partners.identity_own") }}
                    </p>
                    {(!pending.is_empty()).then(|| view! {
                        <p class="notice notice-info" role="status">{tr_with("partners.pending", &[("changes", &pending.join(" · "))])}</p>
                    })}
                    <Field label=tr("partners.name") name=field::NAME value=v(field::NAME) error=e(field::NAME) required=true autocomplete="organization"/>
                    <Select label=tr("partners.kind") name=field::KIND value=v(field::KIND) options=kinds error=e(field::KIND) required=true/>
                    <Field label=tr("partners.enterprise_number") name=field::ENTERPRISE_NUMBER value=v(field::ENTERPRISE_NUMBER) error=e(field::ENTERPRISE_NUMBER) hint=tr("partners.enterprise_number_hint") inputmode="numeric"/>
                    <Field label=tr("editor.venue_street") name=field::STREET value=v(field::STREET) error=e(field::STREET) autocomplete="street-address"/>
                    <div class="field-row">
                        <Field label=tr("editor.venue_postcode") name=field::POSTCODE value=v(field::POSTCODE) error=e(field::POSTCODE) inputmode="numeric" autocomplete="postal-code" class="field-short"/>
                        <Field label=tr("partners.city") name=field::CITY value=v(field::CITY) error=e(field::CITY) autocomplete="address-level2"/>
                    </div>
                    <Select label=tr("partners.municipality") name=field::MUNICIPALITY value=v(field::MUNICIPALITY) options=places error=e(field::MUNICIPALITY) hint=tr("partners.municipality_hint")/>
                </fieldset>
                <fieldset aria-describedby="eigen-uitleg">
                    <legend>{own_legend}</legend>
                    <p id="eigen-uitleg" class="small muted">{tr("partners.own_hint")}</p>
                    <Field label=tr("partners.contact_name") name=field::CONTACT_NAME value=v(field::CONTACT_NAME) error=e(field::CONTACT_NAME) autocomplete="off"/>
                    <Field label=tr("partners.contact_email") name=field::EMAIL value=v(field::EMAIL) error=e(field::EMAIL) kind="email" autocomplete="off"/>
                    <Field label=tr("partners.phone") name=field::PHONE value=v(field::PHONE) error=e(field::PHONE) kind="tel" autocomplete="off"/>
                    <TextArea label=tr("partners.notes") name=field::NOTES value=notes error=e(field::NOTES) rows=4/>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("editor.save")}</button>
                    <a href=list>{tr("editor.cancel")}</a>
                </div>
            </PostForm>
        </section>
    }
}

/// `/beheer/:organiser/organisaties/importeren`: paste or upload a CSV, see
/// what would happen per row, then confirm.
#[component]
pub fn ImportPartnersPage() -> impl IntoView {
    let organiser = param("organiser");
    let page = Resource::new(organiser, load_import);
    view! {
        {loaded(page, |page| view! { <ImportView page/> }.into_any())}
    }
}

#[component]
fn ImportView(page: ImportPage) -> impl IntoView {
    let ImportPage { organiser, form, plan, csrf_token } = page;
    let action = paths::backoffice::partners_import(&organiser.slug);
    let text = form.value(partner_import::TEXT);
    let preview_text = text.clone();
    view! {
        <Title text=tr("partners.import_title")/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone() under=partners_page(&organiser)/>
            <h1>{tr("partners.import_title")}</h1>
            <div class="import-help">
                <p>{tr("partners.import_help")}</p>
                <pre class="sample" tabindex="0" aria-label=tr("partners.sample")>"naam;soort;ondernemingsnummer;straat;postcode;gemeente;email\nOCMW Geel;OCMW;0212.255.497;Markt 1;2440;Geel;info@ocmw-geel.be"</pre>
                <p class="small">{tr("partners.import_rules")}</p>
            </div>
            <ErrorSummary count=form.errors.len()/>
            <PostForm class="stacked-form" action=action.clone() enctype="multipart/form-data" novalidate=true csrf=csrf_token.clone()>
                <div class="field">
                    <label for="bestand">{tr("partners.csv_file")}</label>
                    <input id="bestand" name=partner_import::FILE type="file" accept=".csv,.txt,text/csv,text/plain"/>
                </div>
                <TextArea label=tr("partners.paste") name=partner_import::TEXT value=text.clone() error=form.error(partner_import::TEXT) hint=tr("partners.paste_hint") rows=8/>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("partners.preview_button")}</button>
                </div>
            </PostForm>
            {plan.map(|plan| view! { <Preview plan action csrf=csrf_token text=preview_text/> })}
        </section>
    }
}

#[component]
fn Preview(plan: ImportPlan, action: String, csrf: String, text: String) -> impl IntoView {
    let counts = plan.counts();
    let summary = counts.summary_in(locale());
    let verdict = if counts.errors > 0 {
        let text = trn("partners.errors", counts.errors);
        view! {
            <p class="notice notice-warning" role="alert">{text}</p>
        }
        .into_any()
    } else if plan.changes_something() {
        view! {
            <PostForm action=action class="confirm-import" csrf=csrf>
                <input type="hidden" name=partner_import::TEXT value=text/>
                <input type="hidden" name=partner_import::CONFIRM value="1"/>
                <button type="submit" class="button">{tr("partners.confirm_import")}</button>
            </PostForm>
        }
        .into_any()
    } else {
        view! { <p class="notice notice-success" role="status">{tr("partners.nothing_to_import")}</p> }.into_any()
    };
    view! {
        <h2 id="voorbeeld">{tr("partners.preview")}</h2>
        <p class="result-count" role="status">{summary}</p>
        {verdict}
        <DataTable labelledby="voorbeeld">
            <table class="data preview">
                <thead>
                    <tr>
                        <th scope="col" class="num">{tr("partners.line")}</th>
                        <th scope="col">{tr("api.status")}</th>
                        <th scope="col">{tr("partners.name")}</th>
                        <th scope="col">{tr("partners.kind")}</th>
                        <th scope="col">{tr("partners.enterprise_number")}</th>
                        <th scope="col">{tr("partners.municipality")}</th>
                        <th scope="col">{tr("people.email")}</th>
                        <th scope="col">{tr("partners.what_happens")}</th>
                    </tr>
                </thead>
                <tbody>
                    {plan.rows.into_iter().map(|r| {
                        let status_class = format!("status status-{}", r.status.code());
                        let error = r.status == RowStatus::Error;
                        view! {
                            <tr class:row-error=error>
                                <td class="num">{r.line}</td>
                                <td><span class=status_class>{r.status.name_in(locale())}</span></td>
                                <td>{dash(r.raw.name)}</td>
                                <td>{dash(r.raw.kind)}</td>
                                <td class="nowrap">{dash(r.raw.enterprise_number)}</td>
                                <td>{dash(r.raw.municipality)}</td>
                                <td class="break">{dash(r.raw.email)}</td>
                                <td>
                                    <ul class="plain small">
                                        {r.notes.into_iter().map(|n| view! { <li>{n.text(locale())}</li> }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </DataTable>
    }
}

/// `/beheer/organisaties/voorstellen`: for platform admins, the proposals for
/// shared organisations, each with its values now and as proposed.
#[component]
pub fn ProposalsReviewPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_proposals());
    view! {
        {loaded(page, |page| view! { <ProposalsView page/> }.into_any())}
    }
}

#[component]
fn ProposalsView(page: ProposalsPage) -> impl IntoView {
    let ProposalsPage { proposals, csrf_token } = page;
    let language = locale();
    let notice = use_query_map().with_untracked(|q| {
        if let Some(done) = q.get("melding") {
            let text = if done == "aanvaard" { tr("proposals.accepted") } else { tr("proposals.rejected") };
            Some(view! { <p class="notice notice-success" role="status">{text}</p> }.into_any())
        } else {
            q.get("fout").map(|code| {
                let text = if code == "bezet" { tr("proposals.taken") } else { tr("proposals.decided") };
                view! { <p class="notice notice-warning" role="alert">{text}</p> }.into_any()
            })
        }
    });
    let action = paths::backoffice::PROPOSALS;
    view! {
        <Title text=tr("proposals.title")/>
        <section class="container backoffice">
            <nav class="breadcrumbs no-print" aria-label=tr("trail.label")><a href=paths::backoffice::HOME>{tr("dash.home")}</a></nav>
            <h1>{tr("proposals.title")}</h1>
            <p class="lead">{tr("proposals.lead")}</p>
            {notice}
            {if proposals.is_empty() {
                view! { <p class="empty-state">{tr("proposals.none")}</p> }.into_any()
            } else {
                proposals.into_iter().map(|p| {
                    let heading = format!("voorstel-{}", p.id);
                    let date = format!(
                        "{} {}",
                        dates::date_short_in(language, p.created_at.date_naive()),
                        dates::time(p.created_at.naive_local())
                    );
                    let by = tr_with(
                        "proposals.by",
                        &[("organiser", &p.proposer), ("person", p.person.as_deref().unwrap_or("–")), ("date", &date)],
                    );
                    let linked = tr_with("proposals.linked", &[("organisers", &p.linked.join(", "))]);
                    let accept_label = tr_with("proposals.accept_label", &[("name", &p.organisation)]);
                    let reject_label = tr_with("proposals.reject_label", &[("name", &p.organisation)]);
                    let id = p.id.to_string();
                    let csrf = csrf_token.clone();
                    let (labelled, region) = (heading.clone(), heading.clone());
                    view! {
                        <article class="proposal" aria-labelledby=labelled>
                            <h2 id=heading>{p.organisation.clone()}</h2>
                            <p class="small muted">{by}</p>
                            <p class="small">{linked}</p>
                            <DataTable labelledby=region>
                                <table class="data stack-on-phone">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr("proposals.field")}</th>
                                            <th scope="col">{tr("proposals.current")}</th>
                                            <th scope="col">{tr("proposals.proposed")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p.fields.into_iter().map(|f| view! {
                                            <tr>
                                                <th scope="row">{f.field.name_in(language)}</th>
                                                <td data-label=tr("proposals.current") class="break">{f.current}</td>
                                                <td data-label=tr("proposals.proposed") class="break"><strong>{f.proposed}</strong></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </DataTable>
                            <PostForm action=action class="proposal-actions" csrf=csrf>
                                <input type="hidden" name=proposal::PROPOSAL value=id/>
                                <button type="submit" name=proposal::DECISION value=proposal::ACCEPT class="button" aria-label=accept_label>{tr("proposals.accept")}</button>
                                <button type="submit" name=proposal::DECISION value=proposal::REJECT class="button button-quiet" aria-label=reject_label>{tr("proposals.reject")}</button>
                            </PostForm>
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}
