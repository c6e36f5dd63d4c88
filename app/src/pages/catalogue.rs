use crate::components::event_card::EventCardView;
use crate::components::status::loaded;
use crate::functions::catalogue::{Catalogue, load_catalogue};
use crate::i18n::{tr, trn};
use domain::forms::fields::catalogue as names;
use domain::paths;
use domain::{CatalogueFilter, EventKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The catalogue across all organisers (`/`) or of one (`/regio/:organiser`).
#[component]
pub fn CataloguePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let catalogue = Resource::new(
        move || {
            let organiser = params.with(|p| p.get("organiser"));
            let pairs: Vec<(String, String)> =
                query.with(|q| q.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
            (organiser, pairs)
        },
        |(organiser, pairs)| load_catalogue(organiser, pairs),
    );
    view! {
        {loaded(catalogue, |c| view! { <CatalogueView catalogue=c/> }.into_any())}
    }
}

#[component]
fn CatalogueView(catalogue: Catalogue) -> impl IntoView {
    let Catalogue { filter, events, facets, organiser } = catalogue;
    let scoped = organiser.is_some();
    let action = match &organiser {
        Some(o) => paths::organiser(&o.slug),
        None => "/".to_string(),
    };
    let count = events.len();
    let count_label = match count {
        0 => tr("catalogue.none").to_string(),
        n => trn("catalogue.found", n),
    };
    let title = organiser.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let heading = match &organiser {
        Some(o) => view! {
            <h1>{o.name.clone()}</h1>
            <p class="lead">{o.description.clone()}</p>
            <p class="contact-line">
                <a href=format!("mailto:{}", o.email)>{o.email.clone()}</a>
                {o.website.clone().map(|w| view! { " · " <a href=w.clone() rel="noopener">{w.trim_start_matches("https://").trim_start_matches("http://").to_string()}</a> })}
                {o.phone.clone().map(|p| view! { " · " <span>{p}</span> })}
            </p>
        }
        .into_any(),
        None => view! {
            <h1>{tr("catalogue.heading")}</h1>
            <p class="lead">{tr("catalogue.lead")}</p>
        }
        .into_any(),
    };
    // On an organiser's page the organiser is the page itself, not a filter to clear.
    let user_filters = if scoped { CatalogueFilter { organiser: None, ..filter.clone() } } else { filter.clone() };
    let filtered = !user_filters.is_empty();
    let selected = move |current: Option<String>, value: &str| current.as_deref() == Some(value);
    let kind_now = filter.kind.map(|k| k.url_slug().to_string());
    let month_now = filter.month.map(|m| m.to_string());
    let theme_now = filter.theme.as_ref().map(|t| t.to_string());
    let price_now = filter.price.map(|p| p.url_slug().to_string());
    let region_now = filter.organiser.as_ref().map(|o| o.to_string());
    let kinds: Vec<EventKind> = if facets.kinds.is_empty() { EventKind::ALL.to_vec() } else { facets.kinds.clone() };
    let clear_href = action.clone();
    let feed = filter.calendar_feed();
    view! {
        <Title text=title/>
        <leptos_meta::Link rel="alternate" type_="text/calendar" href=feed.clone() title=tr("catalogue.calendar_feed")/>
        <section class="hero">
            <div class="container">{heading}</div>
        </section>
        <div class="container catalogue">
            <FilterForm action=action.clone() label=tr("catalogue.filter").to_string()>
                <div class="field field-search">
                    <label for="f-zoek">{tr("catalogue.search")}</label>
                    <input id="f-zoek" type="search" name=names::SEARCH maxlength="100" placeholder=tr("catalogue.search_hint") value=filter.text.clone().unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="f-soort">{tr("catalogue.kind")}</label>
                    <select id="f-soort" name=names::KIND>
                        <option value="">{tr("catalogue.all_kinds")}</option>
                        {kinds.into_iter().map(|k| view! { <option value=k.url_slug() selected=selected(kind_now.clone(), k.url_slug())>{k.label_in(crate::i18n::locale(), true)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-maand">{tr("catalogue.month")}</label>
                    <select id="f-maand" name=names::MONTH>
                        <option value="">{tr("catalogue.all_months")}</option>
                        {facets.months.iter().map(|m| { let v = m.to_string(); view! { <option value=v.clone() selected=selected(month_now.clone(), &v)>{domain::dates::month_in(crate::i18n::locale(), m.year, m.month)}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-thema">{tr("catalogue.theme")}</label>
                    <select id="f-thema" name=names::THEME>
                        <option value="">{tr("catalogue.all_themes")}</option>
                        {facets.themes.iter().map(|t| { let v = t.slug.to_string(); view! { <option value=v.clone() selected=selected(theme_now.clone(), &v)>{t.label.clone()}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-prijs">{tr("catalogue.price")}</label>
                    <select id="f-prijs" name=names::PRICE>
                        <option value="">{tr("catalogue.all_prices")}</option>
                        <option value="gratis" selected=selected(price_now.clone(), "gratis")>{tr("catalogue.free")}</option>
                        <option value="betalend" selected=selected(price_now.clone(), "betalend")>{tr("catalogue.paid")}</option>
                    </select>
                </div>
                {(!scoped).then(|| view! {
                    <div class="field">
                        <label for="f-regio">{tr("catalogue.region")}</label>
                        <select id="f-regio" name=names::REGION>
                            <option value="">{tr("catalogue.all_regions")}</option>
                            {facets.organisers.iter().map(|o| { let v = o.slug.to_string(); view! { <option value=v.clone() selected=selected(region_now.clone(), &v)>{o.short_name.clone()}</option> } }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field field-actions">
                    <button type="submit" class="button">{tr("catalogue.show")}</button>
                    {filtered.then(|| view! { <a class="button button-quiet" href=clear_href>{tr("catalogue.clear")}</a> })}
                </div>
            </FilterForm>
            <p class="result-count" role="status" aria-live="polite">{count_label}</p>
            <p class="calendar-feed small"><a href=feed>{tr("catalogue.calendar_feed")}</a></p>
            {if events.is_empty() {
                view! {
                    <div class="empty-state">
                        <p>{tr("catalogue.empty")}</p>
                        <p><a href=action.clone()>{tr("catalogue.see_all")}</a></p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="event-grid">
                        {events.into_iter().map(|card| view! { <EventCardView card show_organiser=!scoped/> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </div>
    }
}

/// The filter form. It is an island: with JavaScript, a changed select
/// applies the filters at once; without it, the submit button does the same.
#[island]
fn FilterForm(action: String, label: String, children: Children) -> impl IntoView {
    view! {
        <form class="filters" method="get" action=action role="search" aria-label=label on:change=submit_on_change>
            {children()}
        </form>
    }
}

fn submit_on_change(ev: leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    let Some(target) = ev.target() else { return };
    if target.dyn_ref::<leptos::web_sys::HtmlSelectElement>().is_none() {
        return;
    }
    if let Some(form) = ev.current_target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()) {
        let _ = form.request_submit();
    }
}
