//! `/beheer/:organiser/api`: the organiser's API tokens (admins only). A new
//! token's secret is shown once, right after it was made.

use crate::components::fields::{ErrorSummary, Field};
use crate::components::status::{ErrorPage, Loading};
use crate::functions::api_tokens::{ApiTokensPage, load_api_tokens};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ApiTokensPageView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(move || params.with(|p| p.get("organiser").unwrap_or_default()), load_api_tokens);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ApiTokens page=p/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ApiTokens(page: ApiTokensPage) -> impl IntoView {
    let ApiTokensPage { organiser, tokens, form, created, csrf_token } = page;
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        (q.get("melding").as_deref() == Some("ingetrokken")).then(|| {
            view! { <p class="notice notice-success" role="status">"De sleutel is ingetrokken; ze werkt niet meer."</p> }
        })
    });
    let back = format!("/beheer/{}", organiser.slug);
    let action = format!("/beheer/{}/api", organiser.slug);
    let slug = organiser.slug.clone();
    let docs = "/api/v1/openapi.json";
    let day = |at: chrono::DateTime<chrono::FixedOffset>| domain::dates::date_short(at.date_naive());
    view! {
        <Title text=format!("API-sleutels – {}", organiser.short_name)/>
        <section class="container backoffice">
            <p class="breadcrumb"><a href=back>{format!("← Beheer {}", organiser.short_name)}</a></p>
            <h1>"API-sleutels"</h1>
            <p>
                "Met een API-sleutel schrijft een andere toepassing (bv. jullie website of CRM) mensen in, bekijkt ze de inschrijvingen en annuleert ze inschrijvingen van "
                {organiser.name.clone()}". Stuur de sleutel mee als "<code>"Authorization: Bearer …"</code>". De beschrijving staat in "
                <a href=docs>"het OpenAPI-document"</a>"."
            </p>
            {notice}
            {created.map(|(name, secret)| view! {
                <div class="notice notice-success" role="status">
                    <p><strong>{format!("Sleutel «{name}» aangemaakt.")}</strong>" Kopieer ze nu: we tonen ze maar één keer en bewaren alleen een vingerafdruk."</p>
                    <p><label for="nieuwe-sleutel">"Geheime sleutel"</label></p>
                    <p><input id="nieuwe-sleutel" type="text" readonly value=secret class="mono" size="72" aria-describedby="nieuwe-sleutel-uitleg"/></p>
                    <p id="nieuwe-sleutel-uitleg">"Wie deze sleutel heeft, handelt in naam van jullie organisatie. Bewaar ze als een wachtwoord."</p>
                </div>
            })}
            {if tokens.is_empty() {
                view! { <p class="empty-state">"Er zijn nog geen API-sleutels."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="sleutels" tabindex="0">
                        <table class="data stack-on-phone">
                            <caption id="sleutels" class="sr-only">"API-sleutels van "{organiser.name.clone()}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Naam"</th>
                                    <th scope="col">"Begint met"</th>
                                    <th scope="col">"Gemaakt"</th>
                                    <th scope="col">"Laatst gebruikt"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Acties"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {tokens.into_iter().map(|t| {
                                    let revoke = format!("/beheer/{slug}/api/{}/intrekken", t.id);
                                    let label = format!("Sleutel {} intrekken", t.name);
                                    let made = match &t.created_by {
                                        Some(who) => format!("{} door {who}", day(t.created_at)),
                                        None => day(t.created_at),
                                    };
                                    let used = t.last_used_at.map_or("nog niet".to_string(), day);
                                    let live = t.revoked_at.is_none();
                                    let status = t.revoked_at.map_or("Actief".to_string(), |at| format!("Ingetrokken {}", day(at)));
                                    let csrf = csrf_token.clone();
                                    view! {
                                        <tr>
                                            <td class="title-cell">{t.name}</td>
                                            <td data-label="Begint met"><code>{format!("{}…", t.prefix)}</code></td>
                                            <td data-label="Gemaakt">{made}</td>
                                            <td data-label="Laatst gebruikt">{used}</td>
                                            <td data-label="Status">{status}</td>
                                            <td data-label="Acties">
                                                {live.then(|| view! {
                                                    <form method="post" action=revoke>
                                                        <input type="hidden" name="csrf" value=csrf/>
                                                        <button type="submit" class="button button-small button-quiet" aria-label=label>"Intrekken"</button>
                                                    </form>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <h2 id="nieuw">"Nieuwe sleutel"</h2>
            <ErrorSummary count=form.errors.len()/>
            <form method="post" action=action class="stacked-form" aria-labelledby="nieuw" novalidate>
                <input type="hidden" name="csrf" value=csrf_token.clone()/>
                <Field label="Naam" name="naam" value=form.value("naam") error=form.error("naam") required=true hint="Waarvoor dient ze? Bv. «Website inschrijvingen»." autocomplete="off"/>
                <div><button type="submit" class="button">"Sleutel aanmaken"</button></div>
            </form>
        </section>
    }
}
