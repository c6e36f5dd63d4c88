use crate::components::post_form::PostForm;
use crate::components::status::{ErrorPage, Loading, loaded};
use crate::functions::account::{check_sign_in_link, load_viewer};
use crate::i18n::{locale, tr, tr_with, trn};
use domain::accounts::Viewer;
use domain::forms::fields::{self, password, sign_in};
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/aanmelden`: ask for a sign-in link. The form posts to the server (works
/// without JavaScript), which redirects back here with the outcome.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! { <Title text=tr("status.sign_in")/><SignInForm/> }
}

#[component]
fn SignInForm() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.with(|q| q.get("verstuurd").is_some());
    let error = move || {
        query.with(|q| {
            q.get("fout").map(|code| match code.as_str() {
                "email-leeg" => tr("sign_in.email_empty").to_string(),
                "email-ongeldig" => tr("sign_in.email_invalid").to_string(),
                "te-veel" => {
                    let minutes = q.get("minuten").and_then(|m| m.parse::<usize>().ok()).unwrap_or(5);
                    trn("sign_in.too_many_links", minutes)
                }
                "link" => tr("sign_in.link_expired").to_string(),
                "wachtwoord" => tr("sign_in.wrong_password").to_string(),
                "te-veel-pogingen" => tr("sign_in.too_many_attempts").to_string(),
                _ => tr("sign_in.failed").to_string(),
            })
        })
    };
    let email = move || query.with(|q| q.get("email").unwrap_or_default());
    // The error belongs to the password form when that form was used.
    let with_password = move || query.with(|q| q.get("met").is_some_and(|m| m == "wachtwoord"));
    let link_error = move || if with_password() { None } else { error() };
    let password_error = move || if with_password() { error() } else { None };
    view! {
        <section class="container narrow">
            <h1>{tr("status.sign_in")}</h1>
            {move || if sent() {
                view! {
                    <div class="notice notice-success" role="status">
                        <p><strong>{tr("sign_in.check_mailbox")}</strong></p>
                        <p>{tr_with("sign_in.link_sent", &[("email", &email())])}</p>
                    </div>
                    <p><a href=paths::SIGN_IN>{tr("sign_in.other_address")}</a></p>
                }.into_any()
            } else {
                view! {
                    <p class="lead">{tr("sign_in.lead")}</p>
                    <form class="stacked-form" method="post" action=paths::SIGN_IN novalidate>
                        <div class="field">
                            <label for="email">{tr("registration.email")}</label>
                            <input id="email" name=sign_in::EMAIL type="email" autocomplete="email" required
                                value=move || if with_password() { String::new() } else { email() }
                                aria-invalid=move || if link_error().is_some() { "true" } else { "false" }
                                aria-describedby=move || if link_error().is_some() { "email-fout" } else { "" }/>
                            {move || link_error().map(|e| view! { <p id="email-fout" class="field-error">{e}</p> })}
                        </div>
                        <button type="submit" class="button">{tr("sign_in.send_link")}</button>
                    </form>
                    <details class="password-sign-in" open=with_password>
                        <summary>{tr("sign_in.with_password")}</summary>
                        <form class="stacked-form" method="post" action=paths::SIGN_IN_PASSWORD novalidate>
                            {move || password_error().map(|e| view! { <p id="wachtwoord-fout" class="field-error" role="alert">{e}</p> })}
                            <div class="field">
                                <label for="pw-email">{tr("registration.email")}</label>
                                <input id="pw-email" name=sign_in::EMAIL type="email" autocomplete="username" required
                                    value=move || if with_password() { email() } else { String::new() }/>
                            </div>
                            <div class="field">
                                <label for="pw-wachtwoord">{tr("sign_in.password")}</label>
                                <input id="pw-wachtwoord" name=sign_in::PASSWORD type="password" autocomplete="current-password" required
                                    aria-invalid=move || if password_error().is_some() { "true" } else { "false" }
                                    aria-describedby=move || if password_error().is_some() { "wachtwoord-fout" } else { "" }/>
                            </div>
                            <button type="submit" class="button">{tr("sign_in.password_button")}</button>
                        </form>
                    </details>
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
        <Title text=tr("status.sign_in")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(email) => view! {
                        <section class="container narrow">
                            <h1>{tr("status.sign_in")}</h1>
                            <p class="lead">{tr_with("sign_in.as", &[("email", &email)])}</p>
                            <form method="post" action=paths::SIGN_IN_CONFIRM>
                                <input type="hidden" name=sign_in::TOKEN value=token()/>
                                <button type="submit" class="button">{tr("status.sign_in")}</button>
                            </form>
                        </section>
                    }.into_any(),
                    Err(crate::error::AppError::NotFound(message)) => view! {
                        <section class="container narrow">
                            <h1>{tr("sign_in.link_broken")}</h1>
                            <p class="lead">{message}</p>
                            <p><a class="button" href=paths::SIGN_IN>{tr("sign_in.new_link")}</a></p>
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
        <Title text=tr("nav.account")/>
        {loaded(viewer, |viewer| match viewer {
            Some(v) => view! { <AccountView viewer=v/> }.into_any(),
            None => view! { <SignInForm/> }.into_any(),
        }.into_any())}
    }
}

#[component]
fn AccountView(viewer: Viewer) -> impl IntoView {
    let may_have_password = viewer.may_have_password();
    let Viewer { full_name, email, grants, csrf_token, has_password, .. } = viewer;
    let has_backoffice = grants
        .iter()
        .any(|g| matches!(g.role, domain::Role::Admin | domain::Role::Staff | domain::Role::PlatformAdmin));
    let coordinates = grants.iter().any(|g| g.role == domain::Role::Coordinator);
    let scans = grants.iter().any(|g| g.role == domain::Role::Scanner);
    let teaches = grants.iter().any(|g| g.role == domain::Role::Trainer);
    view! {
        <section class="container narrow">
            <h1>{tr_with("account.welcome", &[("name", &full_name)])}</h1>
            <p class="lead">{tr_with("privacy.signed_in_as", &[("email", email.as_str())])}</p>
            <h2>{tr("account.roles")}</h2>
            {if grants.is_empty() {
                view! { <p>{tr("account.no_roles")}</p> }.into_any()
            } else {
                view! {
                    <ul class="role-list">
                        {grants.into_iter().map(|g| {
                            let place = g.organiser.map(|o| o.name).or(g.organisation).unwrap_or_else(|| "Leernet".to_string());
                            view! { <li><strong>{g.role.name_in(locale())}</strong>" "{tr("account.at")}" "{place}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {has_backoffice.then(|| view! { <p><a class="button" href=paths::backoffice::HOME>{tr("account.to_backoffice")}</a></p> })}
            {(scans || has_backoffice).then(|| view! { <Doors scans/> })}
            <MyRegistrations/>
            <MyCalendar csrf=csrf_token.clone()/>
            {coordinates.then(|| view! { <Coordination/> })}
            {teaches.then(|| view! { <Teaching/> })}
            <crate::pages::trainer_fees::TrainerLink/>
            {may_have_password.then(|| view! { <PasswordSection has_password csrf=csrf_token.clone()/> })}
            <crate::pages::privacy::MyData csrf=csrf_token.clone()/>
            <PostForm action=paths::SIGN_OUT class="sign-out" csrf=csrf_token>
                <button type="submit" class="button button-quiet">{tr("account.sign_out")}</button>
            </PostForm>
        </section>
    }
}

/// The address of the viewer's own calendar feed (their registrations'
/// sessions), to paste into a calendar application, and a post that makes a
/// new one (the old address stops working: for an address that got out).
#[component]
fn MyCalendar(csrf: String) -> impl IntoView {
    use crate::functions::registration::load_my_calendar;
    let address = Resource::new(|| (), |_| load_my_calendar());
    view! {
        {loaded(address, move |address| {
            let csrf = csrf.clone();
            view! {
                <section class="my-calendar" id="agenda" aria-labelledby="agenda-kop">
                    <h2 id="agenda-kop">{tr("account.calendar")}</h2>
                    <p class="muted small">{tr("account.calendar_lead")}</p>
                    {address.clone().map(|address| {
                        let webcal = domain::calendar::webcal(&address);
                        view! {
                            <label for="agenda-adres">{tr("account.calendar_address")}</label>
                            <input id="agenda-adres" type="url" readonly value=address.clone()/>
                            <p><a class="button button-small" href=webcal>{tr("account.calendar_subscribe")}</a></p>
                        }
                    })}
                    <PostForm action=paths::MY_CALENDAR csrf>
                        <button type="submit" class="button button-quiet">
                            {if address.is_some() { tr("account.calendar_renew") } else { tr("account.calendar_make") }}
                        </button>
                    </PostForm>
                </section>
            }.into_any()
        })}
    }
}

/// The doors the viewer may work: the activities of today and the coming
/// week, each with its check-in page. A door volunteer (scanner) always sees
/// the section; staff only when something is on.
#[component]
fn Doors(scans: bool) -> impl IntoView {
    use crate::functions::checkin::load_doors;
    let list = Resource::new(|| (), |_| load_doors());
    view! {
        {loaded(list, move |list| {
            if list.is_empty() && !scans {
                return ().into_any();
            }
            view! {
                <section class="doors" aria-labelledby="deuren">
                    <h2 id="deuren">{tr("account.doors")}</h2>
                    {if list.is_empty() {
                        view! { <p>{tr("account.doors_none")}</p> }.into_any()
                    } else {
                        view! {
                            <p class="muted small">{tr("account.doors_lead")}</p>
                            <ul class="door-events">
                                {list.into_iter().map(|e| {
                                    let href = e.door_path();
                                    let when = format!(
                                        "{} {}–{}",
                                        domain::dates::date_short_in(locale(), e.starts_at.date_naive()),
                                        domain::dates::time(e.starts_at.naive_local()),
                                        domain::dates::time(e.ends_at.naive_local()),
                                    );
                                    let label = format!("{}: {}", tr("account.door_open"), e.title);
                                    view! {
                                        <li>
                                            <span><strong>{e.title}</strong><br/><span class="muted small">{format!("{when} · {}", e.organiser.short_name)}</span></span>
                                            <a class="button button-small" href=href aria-label=label>{tr("account.door_open")}</a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }.into_any()
        })}
    }
}

/// For coordinators: per partner organisation, the organiser's upcoming
/// events (partners-only ones included) and the colleagues' registrations.
#[component]
fn Coordination() -> impl IntoView {
    use crate::functions::people::load_coordination;
    let overviews = Resource::new(|| (), |_| load_coordination());
    view! {
        {loaded(overviews, |list| list.into_iter().map(|o| {
                        let heading = tr_with("account.offer_for", &[("organisation", &o.organisation)]);
                        let organiser_slug = o.organiser.slug.clone();
                        let label = heading.clone();
                        view! {
                            <section class="coordination" aria-label=label>
                                <h2>{heading}</h2>
                                <p class="muted">{tr_with("account.you_follow", &[("organiser", &o.organiser.name), ("organisation", &o.organisation)])}</p>
                                <p>
                                    <a class="button button-small button-quiet" href=paths::my_organisation_report(o.organisation_id)>
                                        {tr_with("my_organisation.open", &[("organisation", &o.organisation)])}
                                    </a>
                                </p>
                                {if o.events.is_empty() {
                                    view! { <p>{tr("account.nothing_planned")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="offered-events">
                                            {o.events.into_iter().map(|e| {
                                                let href = paths::event(&organiser_slug, &e.slug);
                                                let when = domain::dates::date_short_in(locale(), e.starts_at.date_naive());
                                                let sessions = if e.sessions > 1 { format!(" · {}", tr_with("account.sessions", &[("count", &e.sessions.to_string())])) } else { String::new() };
                                                view! {
                                                    <li>
                                                        <a href=href>{e.title}</a>
                                                        <span class="muted small">{format!(" {} · {}{sessions}", e.kind.label_in(locale(), false), tr_with("account.from_date", &[("date", &when)]))}</span>
                                                        {(e.audience == domain::Audience::Partners).then(|| view! { <span class="status">" "{tr("account.partners_only")}</span> })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <h3>{tr("account.colleagues")}</h3>
                                {if o.registrations.is_empty() {
                                    view! { <p>{tr("account.no_colleagues")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="colleague-registrations">
                                            {o.registrations.into_iter().map(|r| view! {
                                                <li><strong>{r.attendee}</strong>" – "{r.event_title}" "<span class="muted small">{format!("({})", domain::registration::status_label_in(locale(), r.status))}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                    }).collect_view().into_any())}
    }
}

/// Staff may add a password to signing in by link (optional; the link keeps working).
#[component]
fn PasswordSection(has_password: bool, csrf: String) -> impl IntoView {
    let query = use_query_map();
    let (notice, error, current_error) = query.with_untracked(|q| {
        let notice = q.get("melding").and_then(|m| match m.as_str() {
            "wachtwoord-bewaard" => Some(tr("password.saved")),
            "wachtwoord-weg" => Some(tr("password.removed")),
            _ => None,
        });
        let fout = q.get("fout").unwrap_or_default();
        let error = match fout.as_str() {
            "wachtwoord-kort" => Some(tr("password.too_short")),
            "wachtwoord-lang" => Some(tr("password.too_long")),
            "wachtwoord-verschilt" => Some(tr("password.differ")),
            "wachtwoord-formulier" => Some(tr("password.unreadable")),
            "link-nodig" => Some(tr("password.link_needed")),
            _ => None,
        };
        // Next to the current password's field.
        let current_error = match fout.as_str() {
            "huidig-nodig" => Some(tr("password.current_missing")),
            "huidig-fout" => Some(tr("password.current_wrong")),
            "huidig-te-veel" => Some(tr("password.current_too_many")),
            _ => None,
        };
        (notice, error, current_error)
    });
    let invalid = error.map(|_| "true");
    let describedby = error.map(|_| "wachtwoord-fout");
    view! {
        <section id="wachtwoord" class="password-section" aria-labelledby="wachtwoord-titel">
            <h2 id="wachtwoord-titel">{tr("sign_in.password")}</h2>
            {notice.map(|n| view! { <p class="notice notice-success" role="status">{n}</p> })}
            <p>{if has_password {
                tr("password.has_one")
            } else {
                tr("password.none")
            }}</p>
            <p class="muted small">{if has_password {
                tr("password.changes_end_sessions")
            } else {
                tr("password.first_needs_link")
            }}</p>
            <PostForm class="stacked-form" action=paths::ACCOUNT_PASSWORD novalidate=true csrf=csrf.clone()>
                {error.map(|e| view! { <p id="wachtwoord-fout" class="field-error" role="alert">{e}</p> })}
                {has_password.then(|| view! {
                    <div class="field">
                        <label for="huidig-wachtwoord">{tr("password.current")}</label>
                        <input id="huidig-wachtwoord" name=password::CURRENT type="password" autocomplete="current-password"
                            aria-invalid=current_error.map(|_| "true")
                            aria-describedby=if current_error.is_some() { "huidig-fout huidig-hint" } else { "huidig-hint" }/>
                        {current_error.map(|e| view! { <p id="huidig-fout" class="field-error" role="alert">{e}</p> })}
                        <p id="huidig-hint" class="field-hint">{tr("password.current_hint")}</p>
                    </div>
                })}
                <div class="field">
                    <label for="nieuw-wachtwoord">{if has_password { tr("password.new") } else { tr("sign_in.password") }}</label>
                    <input id="nieuw-wachtwoord" name=password::NEW type="password" autocomplete="new-password" minlength="12" required aria-invalid=invalid aria-describedby=describedby/>
                    <p class="field-hint">{tr("password.hint")}</p>
                </div>
                <div class="field">
                    <label for="herhaling">{tr("password.repeat")}</label>
                    <input id="herhaling" name=password::REPEAT type="password" autocomplete="new-password" required/>
                </div>
                <button type="submit" class="button">{tr("password.save")}</button>
            </PostForm>
            {has_password.then(|| view! {
                <PostForm action=paths::ACCOUNT_PASSWORD class="sign-out" csrf=csrf.clone()>
                    <input type="hidden" name=fields::ACTION value=password::REMOVE/>
                    <button type="submit" class="button button-quiet">{tr("password.remove")}</button>
                </PostForm>
            })}
        </section>
    }
}

/// The person's own registrations, each with a link to its ticket.
#[component]
fn MyRegistrations() -> impl IntoView {
    use crate::functions::registration::load_my_registrations;
    let list = Resource::new(|| (), |_| load_my_registrations());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! {
                        <h2>{tr("account.my_registrations")}</h2>
                        <p>{tr("account.none_yet")}" "<a href="/">{tr("account.see_offer")}</a>"."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <h2>{tr("account.my_registrations")}</h2>
                        <ul class="my-registrations">
                            {list.into_iter().map(|r| {
                                let when = r.starts_at.map(|t| domain::dates::date_long_in(locale(), t.date_naive())).unwrap_or_default();
                                let label = domain::registration::status_label_in(locale(), r.status);
                                view! {
                                    <li>
                                        <a href=r.event_path>{r.event_title}</a>
                                        <span class="muted small">{format!(" · {when} · {label}")}</span>
                                        {r.ticket_code.clone().map(|code| view! { " · " <a href=paths::ticket(&code)>{tr("account.ticket")}</a> })}
                                        {r.ticket_code.filter(|_| r.certificate).map(|code| view! { " · " <a href=paths::ticket_certificate(&code)>{tr("certificate.download")}</a> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// For trainers: the events they teach at, each with its attendance list.
#[component]
fn Teaching() -> impl IntoView {
    use crate::functions::backoffice::load_teaching;
    let list = Resource::new(|| (), |_| load_teaching());
    view! {
        {loaded(list, |list| view! {
                        <h2>{tr("account.as_trainer")}</h2>
                        <p><a href=paths::MY_EXPENSES>{tr("expenses.mine_link")}</a></p>
                        {if list.is_empty() {
                            view! { <p>{tr("account.nothing_teaching")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="my-registrations">
                                    {list.into_iter().map(|t| {
                                        let when = t.starts_at.map(|s| domain::dates::date_long_in(locale(), s.date_naive())).unwrap_or_default();
                                        let href = paths::backoffice::event_registrations(&t.organiser_slug, t.event_id);
                                        view! {
                                            <li>
                                                <strong>{t.title}</strong>
                                                <span class="muted small">{format!(" · {when} · ")}</span>
                                                <a href=href>{tr("account.attendance_list")}</a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any())}
    }
}
