//! `/beheer/:organiser/api`: the organiser's API tokens (admins only). A new
//! token's secret is shown once, right after it was made.

use crate::components::fields::{ErrorSummary, Field};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::api_tokens::{ApiTokensPage, load_api_tokens};
use crate::i18n::{locale, tr, tr_with};
use domain::api_tokens::TokenScope;
use domain::forms::fields::api_token;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ApiTokensPageView() -> impl IntoView {
    let page = Resource::new(super::param("organiser"), load_api_tokens);
    view! {
        {loaded(page, |p| view! { <ApiTokens page=p/> }.into_any())}
    }
}

#[component]
fn ApiTokens(page: ApiTokensPage) -> impl IntoView {
    let ApiTokensPage { organiser, tokens, form, created, csrf_token } = page;
    let rows_token = csrf_token.clone();
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        (q.get("melding").as_deref() == Some("ingetrokken")).then(|| {
            view! { <p class="notice notice-success" role="status">{tr("api.revoked")}</p> }
        })
    });
    let action = paths::backoffice::api_tokens(&organiser.slug);
    let slug = organiser.slug.clone();
    let docs = "/api/v1/openapi.json";
    let locale = locale();
    let day = move |at: chrono::DateTime<chrono::FixedOffset>| domain::dates::date_short_in(locale, at.date_naive());
    view! {
        <Title text=tr_with("api.page_title", &[("organiser", &organiser.short_name)])/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("api.title")}</h1>
            <p>
                {tr_with("api.intro", &[("organiser", &organiser.name)])}" "
                {tr("api.send_as")}" "<code>"Authorization: Bearer …"</code>". "{tr("api.described_in")}" "
                <a href=docs>{tr("api.openapi")}</a>"."
            </p>
            {notice}
            {created.map(|(name, secret)| view! {
                <div class="notice notice-success" role="status">
                    <p><strong>{tr_with("api.created", &[("name", &name)])}</strong>" "{tr("api.copy_now")}</p>
                    <p><label for="nieuwe-sleutel">{tr("api.secret")}</label></p>
                    <p><input id="nieuwe-sleutel" type="text" readonly value=secret class="mono" size="72" aria-describedby="nieuwe-sleutel-uitleg"/></p>
                    <p id="nieuwe-sleutel-uitleg">{tr("api.keep_safe")}</p>
                </div>
            })}
            {if tokens.is_empty() {
                view! { <p class="empty-state">{tr("api.none")}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelledby="sleutels">
                        <table class="data stack-on-phone">
                            <caption id="sleutels" class="sr-only">{tr_with("api.caption", &[("organiser", &organiser.name)])}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr("api.name")}</th>
                                    <th scope="col">{tr("api.prefix")}</th>
                                    <th scope="col">{tr("api.scope")}</th>
                                    <th scope="col">{tr("api.made")}</th>
                                    <th scope="col">{tr("api.last_used")}</th>
                                    <th scope="col">{tr("api.status")}</th>
                                    <th scope="col">{tr("people.actions")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {tokens.into_iter().map(|t| {
                                    let revoke = paths::backoffice::api_token_revoke(&slug, t.id);
                                    let label = tr_with("api.revoke_label", &[("name", &t.name)]);
                                    let made = match &t.created_by {
                                        Some(who) => tr_with("api.made_by", &[("date", &day(t.created_at)), ("name", who)]),
                                        None => day(t.created_at),
                                    };
                                    let used = t.last_used_at.map_or(tr("api.not_yet").to_string(), day);
                                    let live = t.revoked_at.is_none();
                                    let status = t.revoked_at.map_or(tr("api.active").to_string(), |at| tr_with("api.revoked_on", &[("date", &day(at))]));
                                    let csrf = rows_token.clone();
                                    view! {
                                        <tr>
                                            <td class="title-cell">{t.name}</td>
                                            <td data-label=tr("api.prefix")><code>{format!("{}…", t.prefix)}</code></td>
                                            <td data-label=tr("api.scope")>{scope_label(t.scope)}</td>
                                            <td data-label=tr("api.made")>{made}</td>
                                            <td data-label=tr("api.last_used")>{used}</td>
                                            <td data-label=tr("api.status")>{status}</td>
                                            <td data-label=tr("people.actions")>
                                                {live.then(|| view! {
                                                    <PostForm action=revoke csrf=csrf>
                                                        <button type="submit" class="button button-small button-quiet" aria-label=label>{tr("people.revoke")}</button>
                                                    </PostForm>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </DataTable>
                }.into_any()
            }}
            <h2 id="nieuw">{tr("api.new")}</h2>
            <ErrorSummary count=form.errors.len()/>
            <PostForm action=action class="stacked-form" labelledby="nieuw" novalidate=true csrf=csrf_token.clone()>
                <Field label=tr("api.name") name=api_token::NAME value=form.value(api_token::NAME) error=form.error(api_token::NAME) required=true hint=tr("api.name_hint") autocomplete="off"/>
                <ScopeChoice chosen=form.value(api_token::SCOPE) error=form.error(api_token::SCOPE)/>
                <div><button type="submit" class="button">{tr("api.create")}</button></div>
            </PostForm>
        </section>
    }
}

fn scope_label(scope: TokenScope) -> &'static str {
    match scope {
        TokenScope::Organiser => tr("api.scope_organiser"),
        TokenScope::Scanner => tr("api.scope_scanner"),
    }
}

/// What a new token may do: the whole API (the default) or the door only.
#[component]
fn ScopeChoice(chosen: String, error: Option<String>) -> impl IntoView {
    let scanner = chosen == "scanner";
    let described = if error.is_some() { "rechten-uitleg rechten-fout" } else { "rechten-uitleg" };
    view! {
        <fieldset class="field" aria-describedby=described>
            <legend>{tr("api.scope")}</legend>
            <p class="field-hint" id="rechten-uitleg">{tr("api.scope_hint")}</p>
            {error.map(|e| view! { <p class="field-error" id="rechten-fout">{e}</p> })}
            <label class="choice">
                <input type="radio" name=api_token::SCOPE value="api" checked=!scanner/>" "{scope_label(TokenScope::Organiser)}
            </label>
            <label class="choice">
                <input type="radio" name=api_token::SCOPE value="scanner" checked=scanner/>" "{scope_label(TokenScope::Scanner)}
            </label>
        </fieldset>
    }
}
