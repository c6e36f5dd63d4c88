use crate::components::status::{ErrorPage, Loading};
use crate::functions::account::{check_sign_in_link, load_viewer};
use domain::accounts::Viewer;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/aanmelden`: ask for a sign-in link. The form posts to the server (works
/// without JavaScript), which redirects back here with the outcome.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! { <Title text="Aanmelden"/><SignInForm/> }
}

#[component]
fn SignInForm() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|q| q.get("verstuurd").is_some());
    let error = move || {
        query.with(|q| {
            q.get("fout").map(|code| match code.as_str() {
                "email-leeg" => "Vul je e-mailadres in.",
                "email-ongeldig" => {
                    "Dit is geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@organisatie.be."
                }
                "te-veel" => {
                    "Je vroeg de voorbije minuten te veel aanmeldlinks aan. Probeer het over een kwartier opnieuw."
                }
                "link" => "Die aanmeldlink werkt niet meer. Vraag hieronder een nieuwe aan.",
                _ => "Er ging iets mis. Probeer het opnieuw.",
            })
        })
    };
    let email = move || query.with(|q| q.get("email").unwrap_or_default());
    view! {
        <section class="container narrow">
            <h1>"Aanmelden"</h1>
            {move || if sent() {
                view! {
                    <div class="notice notice-success" role="status">
                        <p><strong>"Kijk in je mailbox."</strong></p>
                        <p>{format!("We stuurden een aanmeldlink naar {}. De link werkt 20 minuten en één keer.", email())}</p>
                    </div>
                    <p><a href="/aanmelden">"Een ander adres gebruiken"</a></p>
                }.into_any()
            } else {
                view! {
                    <p class="lead">"Je krijgt een link per e-mail waarmee je meteen bent aangemeld. Geen wachtwoord nodig."</p>
                    <form class="stacked-form" method="post" action="/aanmelden" novalidate>
                        <div class="field">
                            <label for="email">"E-mailadres"</label>
                            <input id="email" name="email" type="email" autocomplete="email" required
                                value=email
                                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                                aria-describedby=move || if error().is_some() { "email-fout" } else { "" }/>
                            {move || error().map(|e| view! { <p id="email-fout" class="field-error">{e}</p> })}
                        </div>
                        <button type="submit" class="button">"Stuur me een aanmeldlink"</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

/// `/aanmelden/:token`: the link from the mail. Mail scanners open links, so
/// opening it signs no one in; the button does.
#[component]
pub fn ConfirmSignInPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let link = Resource::new(token, check_sign_in_link);
    view! {
        <Title text="Aanmelden"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(email) => view! {
                        <section class="container narrow">
                            <h1>"Aanmelden"</h1>
                            <p class="lead">{format!("Je meldt je aan als {email}.")}</p>
                            <form method="post" action="/aanmelden/bevestigen">
                                <input type="hidden" name="token" value=token()/>
                                <button type="submit" class="button">"Aanmelden"</button>
                            </form>
                        </section>
                    }.into_any(),
                    Err(crate::error::AppError::NotFound(message)) => view! {
                        <section class="container narrow">
                            <h1>"Deze link werkt niet"</h1>
                            <p class="lead">{message}</p>
                            <p><a class="button" href="/aanmelden">"Vraag een nieuwe aanmeldlink aan"</a></p>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/mijn`: who you are and what you may do; the sign-in form when signed out.
#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = Resource::new(|| (), |_| load_viewer());
    view! {
        <Title text="Mijn account"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(v)) => view! { <AccountView viewer=v/> }.into_any(),
                    Ok(None) => view! { <SignInForm/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountView(viewer: Viewer) -> impl IntoView {
    let Viewer { full_name, email, grants, csrf_token, .. } = viewer;
    let has_backoffice = grants
        .iter()
        .any(|g| matches!(g.role, domain::Role::Admin | domain::Role::Staff | domain::Role::PlatformAdmin));
    let coordinates = grants.iter().any(|g| g.role == domain::Role::Coordinator);
    view! {
        <section class="container narrow">
            <h1>{format!("Welkom, {full_name}")}</h1>
            <p class="lead">{format!("Je bent aangemeld als {email}.")}</p>
            <h2>"Je rollen"</h2>
            {if grants.is_empty() {
                view! { <p>"Je hebt (nog) geen rol bij een organisator of partnerorganisatie. Je kan je inschrijven voor activiteiten."</p> }.into_any()
            } else {
                view! {
                    <ul class="role-list">
                        {grants.into_iter().map(|g| {
                            let place = g.organiser.map(|o| o.name).or(g.organisation).unwrap_or_else(|| "Leernet".to_string());
                            view! { <li><strong>{g.role.label_nl()}</strong>" bij "{place}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {has_backoffice.then(|| view! { <p><a class="button" href="/beheer">"Naar het beheer"</a></p> })}
            {coordinates.then(|| view! { <Coordination/> })}
            <form method="post" action="/afmelden" class="sign-out">
                <input type="hidden" name="csrf" value=csrf_token/>
                <button type="submit" class="button button-quiet">"Afmelden"</button>
            </form>
        </section>
    }
}

/// For coordinators: per partner organisation, the organiser's upcoming
/// events (partners-only ones included) and the colleagues' registrations.
#[component]
fn Coordination() -> impl IntoView {
    use crate::functions::people::load_coordination;
    let overviews = Resource::new(|| (), |_| load_coordination());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overviews.await {
                    Ok(list) => list.into_iter().map(|o| {
                        let heading = format!("Aanbod voor {}", o.organisation);
                        let organiser_slug = o.organiser.slug.clone();
                        let label = heading.clone();
                        view! {
                            <section class="coordination" aria-label=label>
                                <h2>{heading}</h2>
                                <p class="muted">{format!("Van {}. Jij volgt de inschrijvingen van {} op.", o.organiser.name, o.organisation)}</p>
                                {if o.events.is_empty() {
                                    view! { <p>"Er staat nu geen activiteit gepland."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="offered-events">
                                            {o.events.into_iter().map(|e| {
                                                let href = format!("/regio/{}/{}", organiser_slug, e.slug);
                                                let when = domain::dates::date_short(e.starts_at.date_naive());
                                                let sessions = if e.sessions > 1 { format!(" · {} sessies", e.sessions) } else { String::new() };
                                                view! {
                                                    <li>
                                                        <a href=href>{e.title}</a>
                                                        <span class="muted small">{format!(" {} · vanaf {when}{sessions}", e.kind.label_nl())}</span>
                                                        {(e.audience == domain::Audience::Partners).then(|| view! { <span class="status">" Enkel partners"</span> })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <h3>"Inschrijvingen van je collega's"</h3>
                                {if o.registrations.is_empty() {
                                    view! { <p>"Nog niemand van je organisatie is ingeschreven."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="colleague-registrations">
                                            {o.registrations.into_iter().map(|r| view! {
                                                <li><strong>{r.attendee}</strong>" – "{r.event_title}" "<span class="muted small">{format!("({})", r.status)}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
