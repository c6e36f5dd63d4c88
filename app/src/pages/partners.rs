//! The organiser's partner organisations: the list, the edit form and the CSV
//! import. Every form posts to the page's own address (see the server's
//! `partners` module) and works without JavaScript.

use crate::components::fields::{ErrorSummary, Field, Select, TextArea};
use crate::components::status::{ErrorPage, Loading};
use crate::functions::partners::{CSV_FIELD, ImportPage, PartnerForm, load_import, load_partner, load_partners};
use domain::partners::{ImportPlan, PartnerList, RowStatus, field};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// An empty cell, visibly empty.
fn dash(text: String) -> String {
    if text.is_empty() { "–".to_string() } else { text }
}

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
                " › "<a href=format!("/beheer/{}/organisaties", organiser.slug)>"Partnerorganisaties"</a>
            })}
        </nav>
    }
}

/// `/beheer/:organiser/organisaties`: the partners, searchable.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let organiser = param("organiser");
    let query = use_query_map();
    let list = Resource::new(
        move || (organiser(), query.with(|q| q.get("q").unwrap_or_default())),
        |(organiser, q)| load_partners(organiser, q),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <PartnersView list/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PartnersView(list: PartnerList) -> impl IntoView {
    let PartnerList { organiser, rows, total, query } = list;
    let notice = use_query_map().with_untracked(|q| {
        let count = |name: &str| q.get(name).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let text = match q.get("melding")?.as_str() {
            "opgeslagen" => "De organisatie is opgeslagen.".to_string(),
            "ongewijzigd" => "Er was niets gewijzigd.".to_string(),
            "geimporteerd" => format!(
                "De import is klaar: {} nieuw, {} bijgewerkt, {} ongewijzigd.",
                count("nieuw"),
                count("bijgewerkt"),
                count("ongewijzigd")
            ),
            _ => "Opgeslagen.".to_string(),
        };
        Some(view! { <p class="notice notice-success" role="status">{text}</p> })
    });
    let base = format!("/beheer/{}/organisaties", organiser.slug);
    let shown = rows.len();
    let count_text = if query.is_empty() {
        format!("{total} partnerorganisaties")
    } else {
        format!("{shown} van {total} partnerorganisaties voor «{query}»")
    };
    view! {
        <Title text=format!("Partnerorganisaties {}", organiser.short_name)/>
        <section class="container backoffice">
            <Breadcrumbs organiser=organiser.clone()/>
            <h1>"Partnerorganisaties"</h1>
            {notice}
            <div class="toolbar">
                <form method="get" action=base.clone() class="search-form" role="search">
                    <div class="field">
                        <label for="q">"Zoeken op naam, soort, gemeente, nummer of e-mail"</label>
                        <input id="q" name="q" type="search" value=query.clone() autocomplete="off"/>
                    </div>
                    <button type="submit" class="button button-quiet">"Zoeken"</button>
                    {(!query.is_empty()).then(|| view! { <a href=base.clone()>"Alles tonen"</a> })}
                </form>
                <a class="button" href=format!("{base}/importeren")>"Importeren uit CSV"</a>
            </div>
            <h2 id="partners" class="result-count" aria-live="polite">{count_text}</h2>
            {if rows.is_empty() {
                view! { <p class="empty-state">"Geen partnerorganisaties gevonden."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="partners" tabindex="0">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">"Naam"</th>
                                    <th scope="col">"Soort"</th>
                                    <th scope="col">"Gemeente"</th>
                                    <th scope="col">"Ondernemingsnummer"</th>
                                    <th scope="col">"E-mail"</th>
                                    <th scope="col" class="num">"Mensen"</th>
                                    <th scope="col" class="num">"Inschrijvingen"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("{base}/{}", r.id) aria-label=format!("{} wijzigen", r.name)>{r.name.clone()}</a></td>
                                        <td>{r.kind.label_nl()}</td>
                                        <td>{r.municipality.unwrap_or_else(|| "–".to_string())}</td>
                                        <td class="nowrap">{r.enterprise_number.map(|n| n.to_string()).unwrap_or_else(|| "–".to_string())}</td>
                                        <td class="break">{r.email.unwrap_or_else(|| "–".to_string())}</td>
                                        <td class="num">{r.people}</td>
                                        <td class="num">{r.registrations}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match partner.await {
                    Ok(partner) => view! { <PartnerEditView partner/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PartnerEditView(partner: PartnerForm) -> impl IntoView {
    let PartnerForm { organiser, id, name, form, kinds, municipalities, csrf_token } = partner;
    let list = format!("/beheer/{}/organisaties", organiser.slug);
    let action = format!("{list}/{id}");
    let mut places = vec![(String::new(), "– geen of buiten Vlaanderen –".to_string())];
    places.extend(municipalities);
    let v = |name: &str| form.value(name);
    let e = |name: &str| form.error(name);
    view! {
        <Title text=format!("{name} wijzigen")/>
        <section class="container narrow backoffice">
            <Breadcrumbs organiser=organiser.clone() list=true/>
            <h1>{format!("{name} wijzigen")}</h1>
            <p class="small muted">"De gegevens van een organisatie zijn gedeeld: andere organisatoren waarmee ze samenwerkt, zien dezelfde gegevens."</p>
            <ErrorSummary count=form.errors.len()/>
            <form class="stacked-form" method="post" action=action novalidate>
                <input type="hidden" name="csrf" value=csrf_token/>
                <Field label="Naam" name=field::NAME value=v(field::NAME) error=e(field::NAME) required=true autocomplete="organization"/>
                <Select label="Soort" name=field::KIND value=v(field::KIND) options=kinds error=e(field::KIND) required=true/>
                <Field label="Ondernemingsnummer" name=field::ENTERPRISE_NUMBER value=v(field::ENTERPRISE_NUMBER) error=e(field::ENTERPRISE_NUMBER) hint="10 cijfers, bv. 0207.520.810" inputmode="numeric"/>
                <Field label="E-mailadres" name=field::EMAIL value=v(field::EMAIL) error=e(field::EMAIL) kind="email" autocomplete="email"/>
                <Field label="Straat en nummer" name=field::STREET value=v(field::STREET) error=e(field::STREET) autocomplete="street-address"/>
                <div class="field-row">
                    <Field label="Postcode" name=field::POSTCODE value=v(field::POSTCODE) error=e(field::POSTCODE) inputmode="numeric" autocomplete="postal-code" class="field-short"/>
                    <Field label="Plaats" name=field::CITY value=v(field::CITY) error=e(field::CITY) autocomplete="address-level2"/>
                </div>
                <Select label="Gemeente" name=field::MUNICIPALITY value=v(field::MUNICIPALITY) options=places error=e(field::MUNICIPALITY) hint="De fusiegemeente waartoe de plaats hoort (bepaalt het OCMW-gebied)."/>
                <div class="form-actions">
                    <button type="submit" class="button">"Opslaan"</button>
                    <a href=list>"Annuleren"</a>
                </div>
            </form>
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
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <ImportView page/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImportView(page: ImportPage) -> impl IntoView {
    let ImportPage { organiser, form, plan, csrf_token } = page;
    let action = format!("/beheer/{}/organisaties/importeren", organiser.slug);
    let text = form.value(CSV_FIELD);
    view! {
        <Title text="Partnerorganisaties importeren"/>
        <section class="container backoffice">
            <Breadcrumbs organiser=organiser.clone() list=true/>
            <h1>"Partnerorganisaties importeren"</h1>
            <div class="import-help">
                <p>"Een CSV-bestand (uit Excel: «Opslaan als» › «CSV») met op de eerste regel de kolomnamen. Alleen «naam» is verplicht; de volgorde is vrij:"</p>
                <pre class="sample" tabindex="0" aria-label="Voorbeeld van een CSV-bestand">"naam;soort;ondernemingsnummer;straat;postcode;gemeente;email\nOCMW Geel;OCMW;0212.255.497;Markt 1;2440;Geel;info@ocmw-geel.be"</pre>
                <p class="small">"Een organisatie die al in de lijst staat (zelfde ondernemingsnummer of naam) wordt aangevuld en partner; een lege cel verandert niets. Je ziet eerst per regel wat er zou gebeuren; pas na bevestigen wordt er iets opgeslagen."</p>
            </div>
            <ErrorSummary count=form.errors.len()/>
            <form class="stacked-form" method="post" action=action.clone() enctype="multipart/form-data" novalidate>
                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                <div class="field">
                    <label for="bestand">"CSV-bestand"</label>
                    <input id="bestand" name="bestand" type="file" accept=".csv,.txt,text/csv,text/plain"/>
                </div>
                <TextArea label="Of plak de inhoud hier" name=CSV_FIELD value=text.clone() error=form.error(CSV_FIELD) hint="Een bestand heeft voorrang op wat hier staat." rows=8/>
                <div class="form-actions">
                    <button type="submit" class="button">"Voorbeeld tonen"</button>
                </div>
            </form>
            {plan.map(|plan| view! { <Preview plan action csrf=csrf_token text/> })}
        </section>
    }
}

#[component]
fn Preview(plan: ImportPlan, action: String, csrf: String, text: String) -> impl IntoView {
    let counts = plan.counts();
    let verdict = if counts.errors > 0 {
        let rows = if counts.errors == 1 {
            "Eén regel bevat".to_string()
        } else {
            format!("{} regels bevatten", counts.errors)
        };
        view! {
            <p class="notice notice-warning" role="alert">
                {format!("{rows} fouten. Verbeter ze hierboven (of in het bestand) en toon het voorbeeld opnieuw; zolang er fouten zijn, wordt niets geïmporteerd.")}
            </p>
        }
        .into_any()
    } else if plan.changes_something() {
        view! {
            <form method="post" action=action class="confirm-import">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name=CSV_FIELD value=text/>
                <input type="hidden" name="bevestigen" value="1"/>
                <button type="submit" class="button">"Importeren bevestigen"</button>
            </form>
        }
        .into_any()
    } else {
        view! { <p class="notice notice-success" role="status">"Alles staat al zo in de lijst: importeren verandert niets."</p> }.into_any()
    };
    view! {
        <h2 id="voorbeeld">"Voorbeeld"</h2>
        <p class="result-count" role="status">{counts.summary_nl()}</p>
        {verdict}
        <div class="table-wrap" role="region" aria-labelledby="voorbeeld" tabindex="0">
            <table class="data preview">
                <thead>
                    <tr>
                        <th scope="col" class="num">"Regel"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Naam"</th>
                        <th scope="col">"Soort"</th>
                        <th scope="col">"Ondernemingsnummer"</th>
                        <th scope="col">"Gemeente"</th>
                        <th scope="col">"E-mail"</th>
                        <th scope="col">"Wat er gebeurt"</th>
                    </tr>
                </thead>
                <tbody>
                    {plan.rows.into_iter().map(|r| {
                        let status_class = format!("status status-{}", r.status.code());
                        let error = r.status == RowStatus::Error;
                        view! {
                            <tr class:row-error=error>
                                <td class="num">{r.line}</td>
                                <td><span class=status_class>{r.status.label_nl()}</span></td>
                                <td>{dash(r.raw.name)}</td>
                                <td>{dash(r.raw.kind)}</td>
                                <td class="nowrap">{dash(r.raw.enterprise_number)}</td>
                                <td>{dash(r.raw.municipality)}</td>
                                <td class="break">{dash(r.raw.email)}</td>
                                <td>
                                    <ul class="plain small">
                                        {r.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
