//! `/beheer/:organiser/mensen`: who has which role at the organiser; admins
//! invite staff, scanners, trainers and coordinators of partner organisations.

use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::status::loaded;
use crate::components::trail::BackofficeTrail;
use crate::functions::people::{PeoplePage, load_people};
use crate::i18n::{locale, tr, tr_with};
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
    let action = format!("/beheer/{}/mensen", organiser.slug);
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
            <div class="table-wrap" role="region" aria-labelledby="rollen" tabindex="0">
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
                            let revoke = format!("/beheer/{slug}/mensen/{}/intrekken", m.membership_id);
                            let label = tr_with("people.revoke_label", &[("role", &m.role.name_in(locale).to_lowercase()), ("name", &m.name)]);
                            let csrf = csrf_token.clone();
                            view! {
                                <tr>
                                    <td class="title-cell">{m.name}</td>
                                    <td data-label=tr("people.email") class="break">{m.email}</td>
                                    <td data-label=tr("people.role")>{role}</td>
                                    <td data-label=tr("people.since") class="nowrap">{domain::dates::date_short_in(locale, m.since)}</td>
                                    {may_manage_people.then(|| view! {
                                        <td data-label=tr("people.actions")>
                                            <form method="post" action=revoke>
                                                <input type="hidden" name="csrf" value=csrf/>
                                                <button type="submit" class="button button-small button-quiet" aria-label=label>{tr("people.revoke")}</button>
                                            </form>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {may_manage_people.then(|| view! {
                <h2 id="uitnodigen">{tr("people.invite")}</h2>
                <p>{tr("people.invite_intro")}</p>
                <ErrorSummary count=form.errors.len()/>
                <form method="post" action=action class="stacked-form" aria-labelledby="uitnodigen" novalidate>
                    <input type="hidden" name="csrf" value=csrf_token.clone()/>
                    <div class="field-row">
                        <Field label=tr("people.name") name="naam" value=form.value("naam") error=form.error("naam") required=true autocomplete="off"/>
                        <Field label=tr("people.email_address") name="email" value=form.value("email") error=form.error("email") kind="email" required=true autocomplete="off"/>
                    </div>
                    <div class="field-row">
                        <Select label=tr("people.role") name="rol" value=form.value("rol") options=roles error=form.error("rol")/>
                        <Select label=tr("people.partner") name="organisatie" value=form.value("organisatie") options=organisations hint=tr("people.partner_hint") error=form.error("organisatie")/>
                    </div>
                    <div><button type="submit" class="button">{tr("people.send_invitation")}</button></div>
                </form>
            })}
        </section>
    }
}
