//! `/beheer/:organiser/mensen`: who has which role at the organiser; admins
//! invite staff, scanners, trainers and coordinators of partner organisations.

use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::post_form::PostForm;
use crate::components::status::loaded;
use crate::components::table::DataTable;
use crate::components::trail::BackofficeTrail;
use crate::functions::people::{PeoplePage, load_people};
use crate::i18n::{locale, tr, tr_with};
use domain::forms::fields::invitation;
use domain::paths;
use domain::people::INVITABLE;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeoplePageView() -> impl IntoView {
    let page = Resource::new(super::param("organiser"), load_people);
    view! {
        {loaded(page, |p| view! { <People page=p/> }.into_any())}
    }
}

#[component]
fn People(page: PeoplePage) -> impl IntoView {
    let PeoplePage { organiser, members, partners, form, may_manage_people, csrf_token } = page;
    let rows_token = csrf_token.clone();
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        if let Some(m) = q.get("melding") {
            let text = match m.as_str() {
                "uitgenodigd" => tr("people.invited"),
                _ => tr("people.revoked"),
            };
            Some(view! { <p class="notice notice-success" role="status">{text}</p> }.into_any())
        } else {
            q.get("fout").map(|code| {
                let text = match code.as_str() {
                    "laatste-beheerder" => tr("people.last_admin"),
                    _ => tr("people.no_such_role"),
                };
                view! { <p class="notice notice-warning" role="alert">{text}</p> }.into_any()
            })
        }
    });
    let action = paths::backoffice::people(&organiser.slug);
    let locale = locale();
    let roles: Vec<(String, String)> =
        INVITABLE.iter().map(|r| (r.code().to_string(), r.name_in(locale).to_string())).collect();
    let mut organisations = vec![(String::new(), tr("people.coordinators_only").to_string())];
    organisations.extend(partners.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let slug = organiser.slug.clone();
    view! {
        <Title text=tr_with("people.page_title", &[("organiser", &organiser.short_name)])/>
        <section class="container backoffice">
            <BackofficeTrail organiser=organiser.clone()/>
            <h1>{tr("people.title")}</h1>
            {notice}
            <DataTable labelledby="rollen">
                <table class="data stack-on-phone">
                    <caption id="rollen" class="sr-only">{tr_with("people.caption", &[("organiser", &organiser.name)])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr("people.name")}</th>
                            <th scope="col">{tr("people.email")}</th>
                            <th scope="col">{tr("people.role")}</th>
                            <th scope="col">{tr("people.since")}</th>
                            {may_manage_people.then(|| view! { <th scope="col">{tr("people.actions")}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {members.into_iter().map(|m| {
                            let role = match &m.organisation {
                                Some(o) => format!("{} – {o}", m.role.name_in(locale)),
                                None => m.role.name_in(locale).to_string(),
                            };
                            let revoke = paths::backoffice::membership_revoke(&slug, m.membership_id);
                            let label = tr_with("people.revoke_label", &[("role", &m.role.name_in(locale).to_lowercase()), ("name", &m.name)]);
                            let csrf = rows_token.clone();
                            view! {
                                <tr>
                                    <td class="title-cell">{m.name}</td>
                                    <td data-label=tr("people.email") class="break">{m.email}</td>
                                    <td data-label=tr("people.role")>{role}</td>
                                    <td data-label=tr("people.since") class="nowrap">{domain::dates::date_short_in(locale, m.since)}</td>
                                    {may_manage_people.then(|| view! {
                                        <td data-label=tr("people.actions")>
                                            <PostForm action=revoke csrf=csrf>
                                                <button type="submit" class="button button-small button-quiet" aria-label=label>{tr("people.revoke")}</button>
                                            </PostForm>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </DataTable>
            {may_manage_people.then(|| view! {
                <h2 id="uitnodigen">{tr("people.invite")}</h2>
                <p>{tr("people.invite_intro")}</p>
                <ErrorSummary count=form.errors.len()/>
                <PostForm action=action class="stacked-form" labelledby="uitnodigen" novalidate=true csrf=csrf_token.clone()>
                    <div class="field-row">
                        <Field label=tr("people.name") name=invitation::NAME value=form.value(invitation::NAME) error=form.error(invitation::NAME) required=true autocomplete="off"/>
                        <Field label=tr("people.email_address") name=invitation::EMAIL value=form.value(invitation::EMAIL) error=form.error(invitation::EMAIL) kind="email" required=true autocomplete="off"/>
                    </div>
                    <div class="field-row">
                        <Select label=tr("people.role") name=invitation::ROLE value=form.value(invitation::ROLE) options=roles error=form.error(invitation::ROLE)/>
                        <Select label=tr("people.partner") name=invitation::ORGANISATION value=form.value(invitation::ORGANISATION) options=organisations hint=tr("people.partner_hint") error=form.error(invitation::ORGANISATION)/>
                    </div>
                    <div><button type="submit" class="button">{tr("people.send_invitation")}</button></div>
                </PostForm>
            })}
        </section>
    }
}
