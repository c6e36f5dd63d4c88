//! An activity's dossier and meeting documents:
//! - `/beheer/:organiser/activiteiten/:event/documenten`: staff upload a
//!   document (a multipart form posted to the same address, no script
//!   needed), change a document's title, kind and visibility, or remove it;
//! - `/beheer/:organiser/activiteiten/:event/dossier`: programme, trainers,
//!   organisations (OCMWs first), attendance per session, for meetings the
//!   attendance list, and the documents; with the same as one PDF;
//! - [`EventDocuments`]: the "Documenten" section of the activity's public page.

use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::dossier::{
    DocumentsPage, DossierPage, load_event_documents, load_event_dossier, load_public_documents,
};
use crate::i18n::{locale, tr, tr_with};
use domain::dates;
use domain::dossier::{DocumentInfo, DocumentKind, MAX_DOCUMENT_BYTES, field};
use domain::i18n::Locale;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What the file input accepts (a hint to the browser; the server checks the bytes).
const ACCEPT: &str = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,application/pdf";

fn decimal() -> char {
    if locale() == Locale::En { '.' } else { ',' }
}

fn kind_options() -> Vec<(String, String)> {
    DocumentKind::ALL.iter().map(|k| (k.code().to_string(), tr(k.label_key()).to_string())).collect()
}

/// One document as a download link with what it is.
#[component]
fn DocumentLink(organiser: String, event_slug: String, document: DocumentInfo, show_visibility: bool) -> impl IntoView {
    let href = paths::event_document(&organiser, &event_slug, document.id);
    let detail = format!("{} · {}", document.format.label(), document.size_label(decimal()));
    let visibility = show_visibility.then(|| {
        if document.public {
            view! { <span class="status status-published">{tr("documents.public")}</span> }.into_any()
        } else {
            view! { <span class="status status-draft">{tr("documents.private")}</span> }.into_any()
        }
    });
    view! {
        <span class="document-link">
            <a href=href download=document.file_name.clone()>{document.title.clone()}</a>
            " "<span class="muted small">{format!("({}, {detail})", tr(document.kind.label_key()))}</span>
            {visibility.map(|v| view! { " "{v} })}
        </span>
    }
}

#[component]
pub fn DocumentsPageView() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())),
        |(organiser, event)| load_event_documents(organiser, event),
    );
    view! { {loaded(data, |d| view! { <DocumentsView page=d/> }.into_any())} }
}

#[component]
fn DocumentsView(page: DocumentsPage) -> impl IntoView {
    let DocumentsPage { organiser, event_id, event_slug, title, public_page, documents, form, csrf_token } = page;
    let query = use_query_map();
    let notice = query.with_untracked(|q| q.get("melding")).and_then(|m| match m.as_str() {
        "toegevoegd" => Some(tr("documents.added")),
        "gewijzigd" => Some(tr("documents.updated")),
        "verwijderd" => Some(tr("documents.removed")),
        _ => None,
    });
    // A refused change of one document's row: which document, field and reason.
    let refused: Option<(i32, String, String)> = query.with_untracked(|q| {
        let id = q.get(paths::DOCUMENT_QUERY)?.parse::<i32>().ok()?;
        let key = match q.get("fout")?.as_str() {
            "title_required" => "documents.error.title_required",
            "title_too_long" => "documents.error.title_too_long",
            "kind_required" => "documents.error.kind_required",
            _ => return None,
        };
        let field = if q.get("veld").as_deref() == Some(field::KIND) { field::KIND } else { field::TITLE };
        Some((id, field.to_string(), tr_with(key, &[("max", "200")])))
    });
    let heading = tr_with("documents.page_title", &[("event", &title)]);
    let editor = paths::backoffice::event(&organiser.slug, event_id);
    let upload_action = paths::backoffice::event_documents(&organiser.slug, event_id);
    let dossier = paths::backoffice::event_dossier(&organiser.slug, event_id);
    let public_link = public_page.then(|| paths::event(&organiser.slug, &event_slug));
    let (values, errors) = (form.clone(), form.clone());
    let v = move |name: &str| values.value(name);
    let e = move |name: &str| errors.error(name);
    let kind_value = {
        let k = v(field::KIND);
        if k.is_empty() { DocumentKind::Agenda.code().to_string() } else { k }
    };
    let file_error = e(field::FILE);
    let hint = tr_with("documents.file_hint", &[("mb", &(MAX_DOCUMENT_BYTES / (1024 * 1024)).to_string())]);
    let error_count = form.errors.len();
    let public_checked = form.checked(field::PUBLIC);
    let slug = organiser.slug.to_string();
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice documents-page">
            <BackofficeTrail organiser=organiser.clone() under=(editor, title.clone())/>
            <h1>{heading}</h1>
            {notice.map(|text| view! { <p class="notice notice-success" role="status">{text}</p> })}
            <p class="lead">{tr("documents.lead")}</p>
            <p class="actions-row">
                <a href=dossier>{tr("dossier.open")}</a>
                {public_link.map(|href| view! { " · "<a href=href>{tr("documents.view_public")}</a> })}
            </p>

            <h2 id="toevoegen">{tr("documents.add_title")}</h2>
            <ErrorSummary count=error_count/>
            <PostForm action=upload_action class="stacked-form" labelledby="toevoegen" enctype="multipart/form-data" novalidate=true csrf=csrf_token.clone()>
                <FileInput hint error=file_error/>
                <Field label=tr("documents.title_label") name=field::TITLE value=v(field::TITLE) error=e(field::TITLE)
                    hint=tr("documents.title_hint") autocomplete="off"/>
                <Select label=tr("documents.kind_label") name=field::KIND value=kind_value options=kind_options() error=e(field::KIND)/>
                <div class="field field-check">
                    <input type="checkbox" id=field::PUBLIC name=field::PUBLIC value="ja" checked=public_checked aria-describedby="openbaar-hint"/>
                    <label for=field::PUBLIC>{tr("documents.public_label")}</label>
                    <p class="field-hint" id="openbaar-hint">{tr("documents.public_hint")}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button">{tr("documents.add")}</button>
                </div>
            </PostForm>

            <h2 id="documenten">{tr("documents.list_title")}</h2>
            {if documents.is_empty() {
                view! { <p class="muted">{tr("documents.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="document-rows">
                        {documents.into_iter().map(|d| {
                            let row_error = refused.clone().filter(|(id, _, _)| *id == d.id).map(|(_, f, m)| (f, m));
                            view! { <DocumentRow organiser=slug.clone() event_id event_slug=event_slug.clone() document=d csrf=csrf_token.clone() error=row_error/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The file input, with its hint and error.
#[component]
fn FileInput(hint: String, error: Option<String>) -> impl IntoView {
    let name = field::FILE;
    let describedby = if error.is_some() { format!("{name}-hint {name}-error") } else { format!("{name}-hint") };
    let invalid = error.as_ref().map(|_| "true");
    let has_error = error.is_some();
    view! {
        <div class="field" class:field-invalid=has_error>
            <label for=name>{tr("documents.file_label")}<span class="required" aria-hidden="true">" *"</span></label>
            <input type="file" id=name name=name accept=ACCEPT required aria-describedby=describedby aria-invalid=invalid/>
            <p class="field-hint" id=format!("{name}-hint")>{hint}</p>
            {error.map(|e| view! { <p class="field-error" id=format!("{name}-error")>{e}</p> })}
        </div>
    }
}

/// One document: its link, a form to change its title, kind and visibility, and a remove button.
#[component]
fn DocumentRow(
    organiser: String,
    event_id: i32,
    event_slug: String,
    document: DocumentInfo,
    csrf: String,
    /// A refused change: the field and the message.
    error: Option<(String, String)>,
) -> impl IntoView {
    let id = document.id;
    let update = paths::backoffice::event_document_visibility(&organiser, event_id, id);
    let remove = paths::backoffice::event_document_remove(&organiser, event_id, id);
    let title_id = format!("titel-{id}");
    let kind_id = format!("soort-{id}");
    let public_id = format!("openbaar-{id}");
    let title_error = error.clone().filter(|(f, _)| f == field::TITLE).map(|(_, m)| m);
    let kind_error = error.filter(|(f, _)| f == field::KIND).map(|(_, m)| m);
    let title_error_id = format!("titel-{id}-fout");
    let kind_error_id = format!("soort-{id}-fout");
    let (title_invalid, kind_invalid) = (title_error.is_some(), kind_error.is_some());
    let title_described = title_error.as_ref().map(|_| title_error_id.clone());
    let kind_described = kind_error.as_ref().map(|_| kind_error_id.clone());
    let remove_label = tr_with("documents.remove_label", &[("title", &document.title)]);
    let save_label = tr_with("documents.save_label", &[("title", &document.title)]);
    let uploaded = tr_with(
        "documents.uploaded_on",
        &[("date", &dates::date_short_in(locale(), document.uploaded_at.date_naive()))],
    );
    let kind = document.kind;
    view! {
        <li class="document-row" id=format!("document-{id}")>
            <p class="document-head">
                <DocumentLink organiser=organiser.clone() event_slug document=document.clone() show_visibility=true/>
                <br/><span class="muted small">{format!("{} · {uploaded}", document.file_name)}</span>
            </p>
            <PostForm action=update class="document-edit" csrf=csrf.clone() novalidate=true>
                <div class="field" class:field-invalid=title_invalid>
                    <label for=title_id.clone()>{tr("documents.title_label")}</label>
                    <input id=title_id name=field::TITLE type="text" value=document.title.clone() autocomplete="off"
                        aria-invalid=title_invalid.then_some("true") aria-describedby=title_described/>
                    {title_error.map(|m| view! { <p class="field-error" id=title_error_id.clone()>{m}</p> })}
                </div>
                <div class="field" class:field-invalid=kind_invalid>
                    <label for=kind_id.clone()>{tr("documents.kind_label")}</label>
                    <select id=kind_id name=field::KIND aria-invalid=kind_invalid.then_some("true") aria-describedby=kind_described>
                        {DocumentKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=k == kind>{tr(k.label_key())}</option>
                        }).collect_view()}
                    </select>
                    {kind_error.map(|m| view! { <p class="field-error" id=kind_error_id.clone()>{m}</p> })}
                </div>
                <div class="field field-check">
                    <input type="checkbox" id=public_id.clone() name=field::PUBLIC value="ja" checked=document.public/>
                    <label for=public_id>{tr("documents.public_label")}</label>
                </div>
                <button type="submit" class="button button-small" aria-label=save_label>{tr("documents.save")}</button>
            </PostForm>
            <PostForm action=remove class="inline-form" csrf=csrf>
                <button type="submit" class="button button-small button-quiet" aria-label=remove_label>{tr("documents.remove")}</button>
            </PostForm>
        </li>
    }
}

#[component]
pub fn DossierPageView() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| (p.get("organiser").unwrap_or_default(), p.get("event").unwrap_or_default())),
        |(organiser, event)| load_event_dossier(organiser, event),
    );
    view! { {loaded(data, |d| view! { <DossierView page=d/> }.into_any())} }
}

#[component]
fn DossierView(page: DossierPage) -> impl IntoView {
    let DossierPage { organiser, event_slug, public_page, dossier } = page;
    let language = locale();
    let event_id = dossier.event_id;
    let heading = tr_with("dossier.page_title", &[("event", &dossier.title)]);
    let editor = paths::backoffice::event(&organiser.slug, event_id);
    let pdf = paths::backoffice::event_dossier_pdf(&organiser.slug, event_id);
    let documents_page = paths::backoffice::event_documents(&organiser.slug, event_id);
    let list = paths::backoffice::event_registrations(&organiser.slug, event_id);
    let public_link = public_page.then(|| paths::event(&organiser.slug, &event_slug));
    let (ocmws_registered, ocmws_attended) = dossier.ocmw_counts();
    let counts = tr_with(
        "dossier.counts",
        &[
            ("registered", &dossier.registered.to_string()),
            ("attended", &dossier.attended.to_string()),
            ("ocmws_registered", &ocmws_registered.to_string()),
            ("ocmws_attended", &ocmws_attended.to_string()),
        ],
    );
    let description: Vec<String> =
        dossier.description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    let lists_names = dossier.lists_names();
    let sessions = dossier.sessions.clone();
    let slug = organiser.slug.to_string();
    let columns: Vec<_> = sessions.iter().map(|s| dates::date_short_in(language, s.starts_at.date_naive())).collect();
    view! {
        <Title text=heading.clone()/>
        <section class="container backoffice dossier">
            <BackofficeTrail organiser=organiser.clone() under=(editor, dossier.title.clone())/>
            <p class="muted">{dossier.kind.label_in(language, false)}</p>
            <h1>{heading}</h1>
            {(!dossier.summary.trim().is_empty()).then(|| view! { <p class="lead">{dossier.summary.clone()}</p> })}
            <p><strong>{counts}</strong></p>
            <p class="actions-row no-print">
                <a class="button" href=pdf>{tr("dossier.pdf")}</a>" "
                <a class="button button-quiet" href=documents_page>{tr("documents.manage")}</a>" "
                <a class="button button-quiet" href=list>{tr("dossier.registrations")}</a>
                {public_link.map(|href| view! { " "<a class="button button-quiet" href=href>{tr("documents.view_public")}</a> })}
            </p>

            <section aria-labelledby="programma">
                <h2 id="programma">{tr("dossier.programme")}</h2>
                {if sessions.is_empty() {
                    view! { <p class="muted">{tr("dossier.no_sessions")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="dossier-programme">
                            {sessions.iter().map(|s| {
                                let when = dates::span_in(language, s.starts_at.naive_local(), s.ends_at.naive_local());
                                let place = match (&s.venue, s.online) {
                                    (Some(v), _) => v.clone(),
                                    (None, true) => tr("dossier.online").to_string(),
                                    (None, false) => tr("dossier.no_venue").to_string(),
                                };
                                view! {
                                    <li>
                                        <p><strong>{when}</strong>" · "{s.title.clone()}</p>
                                        <p class="muted small">{place}</p>
                                        {(!s.trainers.is_empty()).then(|| view! {
                                            <p class="small">{format!("{}: {}", tr("dossier.trainers_short"), s.trainers.join(", "))}</p>
                                        })}
                                        {s.description.clone().map(|d| view! { <p class="small">{d}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                {(!description.is_empty()).then(|| view! {
                    <h3>{tr("dossier.content")}</h3>
                    {description.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                })}
            </section>

            <section aria-labelledby="lesgevers">
                <h2 id="lesgevers">{tr("dossier.trainers")}</h2>
                {if dossier.trainers.is_empty() {
                    view! { <p class="muted">{tr("dossier.no_trainers")}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {dossier.trainers.iter().cloned().map(|p| view! {
                                <li>
                                    <strong>{p.name}</strong>" ("{p.role.name_in(language)}")"
                                    {p.affiliation.filter(|a| !a.trim().is_empty()).map(|a| view! { ", "{a} })}
                                    {(!p.sessions.is_empty()).then(|| view! { <br/><span class="muted small">{p.sessions.join(", ")}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>

            <section aria-labelledby="organisaties">
                <h2 id="organisaties">{tr("dossier.organisations")}</h2>
                {if dossier.organisations.is_empty() {
                    view! { <p class="muted">{tr("dossier.no_registrations")}</p> }.into_any()
                } else {
                    view! {
                        <DataTable labelledby="organisaties">
                            <table class="data stack-on-phone">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr("dossier.organisation")}</th>
                                        <th scope="col">{tr("dossier.organisation_kind")}</th>
                                        <th scope="col" class="num">{tr("dossier.registered")}</th>
                                        <th scope="col" class="num">{tr("dossier.attended")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {dossier.organisations.iter().cloned().map(|o| view! {
                                        <tr>
                                            <th scope="row" class="title-cell">{o.name.unwrap_or_else(|| tr("dossier.no_organisation").to_string())}</th>
                                            <td data-label=tr("dossier.organisation_kind")>{o.kind.map(|k| k.name_in(language)).unwrap_or_default()}</td>
                                            <td data-label=tr("dossier.registered") class="num">{o.registered}</td>
                                            <td data-label=tr("dossier.attended") class="num">{o.attended}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                                <tfoot>
                                    <tr>
                                        <th scope="row">{tr("dossier.total")}</th>
                                        <td></td>
                                        <td data-label=tr("dossier.registered") class="num">{dossier.registered}</td>
                                        <td data-label=tr("dossier.attended") class="num">{dossier.attended}</td>
                                    </tr>
                                </tfoot>
                            </table>
                        </DataTable>
                    }.into_any()
                }}
            </section>

            {(!sessions.is_empty()).then(|| view! {
                <section aria-labelledby="per-sessie">
                    <h2 id="per-sessie">{tr("dossier.attendance_per_session")}</h2>
                    <DataTable labelledby="per-sessie">
                        <table class="data stack-on-phone">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("dossier.date")}</th>
                                    <th scope="col">{tr("dossier.session")}</th>
                                    <th scope="col" class="num">{tr("dossier.checked_in")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {sessions.iter().cloned().map(|s| view! {
                                    <tr>
                                        <td class="nowrap">{format!("{} {}–{}", dates::date_short_in(language, s.starts_at.date_naive()), dates::time(s.starts_at.naive_local()), dates::time(s.ends_at.naive_local()))}</td>
                                        <td data-label=tr("dossier.session")>{s.title}</td>
                                        <td data-label=tr("dossier.checked_in") class="num">{s.checked_in}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                </section>
            })}

            {lists_names.then(|| view! {
                <section aria-labelledby="aanwezigheidslijst">
                    <h2 id="aanwezigheidslijst">{tr("dossier.attendance_list")}</h2>
                    {if dossier.attendance.is_empty() {
                        view! { <p class="muted">{tr("dossier.no_registrations")}</p> }.into_any()
                    } else {
                        view! {
                            <DataTable labelledby="aanwezigheidslijst">
                                <table class="data stack-on-phone">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr("dossier.name")}</th>
                                            <th scope="col">{tr("dossier.organisation")}</th>
                                            {columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {dossier.attendance.iter().cloned().map(|l| view! {
                                            <tr>
                                                <th scope="row" class="title-cell">{l.name}</th>
                                                <td data-label=tr("dossier.organisation")>{l.organisation.unwrap_or_default()}</td>
                                                {l.present.iter().zip(&columns).map(|(p, c)| view! {
                                                    <td data-label=c.clone()>{if *p { tr("dossier.present") } else { tr("dossier.absent") }}</td>
                                                }).collect_view()}
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </DataTable>
                        }.into_any()
                    }}
                </section>
            })}

            <section aria-labelledby="documenten">
                <h2 id="documenten">{tr("dossier.documents")}</h2>
                {if dossier.documents.is_empty() {
                    view! { <p class="muted">{tr("dossier.no_documents")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="document-list">
                            {dossier.documents.iter().cloned().map(|d| view! {
                                <li><DocumentLink organiser=slug.clone() event_slug=event_slug.clone() document=d show_visibility=true/></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </section>
    }
}

/// The "Documenten" section of an activity's public page: the public
/// documents for everyone, all of them for its participants and the
/// organiser's people (signed in: such a page is never kept for others).
#[component]
pub fn EventDocuments(organiser: String, event_slug: String) -> impl IntoView {
    let (o, e) = (organiser.clone(), event_slug.clone());
    let data = Resource::new(move || (o.clone(), e.clone()), |(o, e)| load_public_documents(o, e));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (organiser, event_slug) = (organiser.clone(), event_slug.clone());
                Suspend::new(async move {
                    let Ok(found) = data.await else { return ().into_any() };
                    if found.documents.is_empty() {
                        return ().into_any();
                    }
                    view! {
                        <section aria-labelledby="documenten">
                            <h2 id="documenten">{tr("documents.public_title")}</h2>
                            {found.insider.then(|| view! { <p class="muted small">{tr("documents.insider_note")}</p> })}
                            <ul class="document-list">
                                {found.documents.into_iter().map(|d| view! {
                                    <li><DocumentLink organiser=organiser.clone() event_slug=event_slug.clone() document=d show_visibility=found.insider/></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}
