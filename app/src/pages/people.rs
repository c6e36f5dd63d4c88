//! `/beheer/:organiser/mensen`: who has which role at the organiser; admins
//! invite staff, scanners, trainers and coordinators of partner organisations.

use crate::components::fields::{ErrorSummary, Field, Select};
use crate::components::status::{ErrorPage, Loading};
use crate::functions::people::{PeoplePage, load_people};
use domain::people::INVITABLE;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PeoplePageView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(move || params.with(|p| p.get("organiser").unwrap_or_default()), load_people);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <People page=p/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn People(page: PeoplePage) -> impl IntoView {
    let PeoplePage { organiser, members, partners, form, may_manage_people, csrf_token } = page;
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        if let Some(m) = q.get("melding") {
            let text = match m.as_str() {
                "uitgenodigd" => "De uitnodiging is verstuurd. De link erin werkt 7 dagen.",
                _ => "De rol is ingetrokken.",
            };
            Some(view! { <p class="notice notice-success" role="status">{text}</p> }.into_any())
        } else {
            q.get("fout").map(|code| {
                let text = match code.as_str() {
                    "laatste-beheerder" => "Dit is de laatste beheerder; nodig eerst iemand anders uit als beheerder.",
                    _ => "Die rol bestaat niet (meer).",
                };
                view! { <p class="notice notice-warning" role="alert">{text}</p> }.into_any()
            })
        }
    });
    let back = format!("/beheer/{}", organiser.slug);
    let action = format!("/beheer/{}/mensen", organiser.slug);
    let roles: Vec<(String, String)> =
        INVITABLE.iter().map(|r| (r.code().to_string(), r.label_nl().to_string())).collect();
    let mut organisations = vec![(String::new(), "— alleen voor coördinatoren —".to_string())];
    organisations.extend(partners.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let slug = organiser.slug.clone();
    view! {
        <Title text=format!("Mensen en rollen – {}", organiser.short_name)/>
        <section class="container backoffice">
            <p class="breadcrumb"><a href=back>{format!("← Beheer {}", organiser.short_name)}</a></p>
            <h1>"Mensen en rollen"</h1>
            {notice}
            <div class="table-wrap" role="region" aria-labelledby="rollen" tabindex="0">
                <table class="data stack-on-phone">
                    <caption id="rollen" class="sr-only">"Rollen bij "{organiser.name.clone()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Naam"</th>
                            <th scope="col">"E-mail"</th>
                            <th scope="col">"Rol"</th>
                            <th scope="col">"Sinds"</th>
                            {may_manage_people.then(|| view! { <th scope="col">"Acties"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {members.into_iter().map(|m| {
                            let role = match &m.organisation {
                                Some(o) => format!("{} – {o}", m.role.label_nl()),
                                None => m.role.label_nl().to_string(),
                            };
                            let revoke = format!("/beheer/{slug}/mensen/{}/intrekken", m.membership_id);
                            let label = format!("Rol {} van {} intrekken", m.role.label_nl().to_lowercase(), m.name);
                            let csrf = csrf_token.clone();
                            view! {
                                <tr>
                                    <td class="title-cell">{m.name}</td>
                                    <td data-label="E-mail">{m.email}</td>
                                    <td data-label="Rol">{role}</td>
                                    <td data-label="Sinds" class="nowrap">{domain::dates::date_short(m.since)}</td>
                                    {may_manage_people.then(|| view! {
                                        <td data-label="Acties">
                                            <form method="post" action=revoke>
                                                <input type="hidden" name="csrf" value=csrf/>
                                                <button type="submit" class="button button-small button-quiet" aria-label=label>"Intrekken"</button>
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
                <h2 id="uitnodigen">"Iemand uitnodigen"</h2>
                <p>"Wie je uitnodigt, krijgt een mail met een aanmeldlink die 7 dagen werkt. Een coördinator ziet het aanbod en de inschrijvingen van de eigen organisatie."</p>
                <ErrorSummary count=form.errors.len()/>
                <form method="post" action=action class="stacked-form" aria-labelledby="uitnodigen" novalidate>
                    <input type="hidden" name="csrf" value=csrf_token.clone()/>
                    <div class="field-row">
                        <Field label="Naam" name="naam" value=form.value("naam") error=form.error("naam") required=true autocomplete="off"/>
                        <Field label="E-mailadres" name="email" value=form.value("email") error=form.error("email") kind="email" required=true autocomplete="off"/>
                    </div>
                    <div class="field-row">
                        <Select label="Rol" name="rol" value=form.value("rol") options=roles error=form.error("rol")/>
                        <Select label="Partnerorganisatie" name="organisatie" value=form.value("organisatie") options=organisations hint="Voor een coördinator: de organisatie waarvoor ze inschrijvingen opvolgt." error=form.error("organisatie")/>
                    </div>
                    <div><button type="submit" class="button">"Uitnodiging versturen"</button></div>
                </form>
            })}
        </section>
    }
}
