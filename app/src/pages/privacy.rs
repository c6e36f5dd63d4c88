//! Privacy pages: "Mijn gegevens" on `/mijn` (download, erase), the erase
//! page `/mijn/verwijderen` and its confirmation `/mijn/verwijderd`, and an
//! organiser's retention period `/beheer/:organiser/privacy`.

use crate::components::fields::{ErrorSummary, Field};
use crate::components::status::{ErrorPage, Loading};
use crate::forms::FormState;
use crate::functions::privacy::{EraseForm, PrivacySettings, load_erase_form, load_privacy_settings};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The section on `/mijn`: download everything, or erase the account.
#[component]
pub fn MyData(csrf: String) -> impl IntoView {
    view! {
        <section id="mijn-gegevens" class="my-data" aria-labelledby="mijn-gegevens-titel">
            <h2 id="mijn-gegevens-titel">"Mijn gegevens"</h2>
            <p>"Download alles wat Leernet over jou bewaart: je gegevens, rollen, inschrijvingen met je antwoorden, tickets en aanwezigheden, je bestellingen en de mails die we je stuurden."</p>
            <p><a class="button button-quiet" href="/mijn/gegevens.json" download>"Mijn gegevens downloaden (JSON)"</a></p>
            <details class="erase-account">
                <summary>"Mijn account verwijderen"</summary>
                <EraseAccountForm form=FormState::default() csrf/>
            </details>
        </section>
    }
}

/// What erasing does, the confirmation box and the button.
#[component]
fn EraseAccountForm(form: FormState, csrf: String) -> impl IntoView {
    let error = form.error("bevestigen");
    let invalid = error.as_ref().map(|_| "true");
    let describedby = error.as_ref().map(|_| "bevestigen-error");
    let has_error = error.is_some();
    view! {
        <div class="erase-explanation">
            <p>"Als je je account verwijdert:"</p>
            <ul>
                <li>"word je uitgeschreven voor activiteiten die nog moeten komen; je plaats gaat naar de wachtlijst;"</li>
                <li>"verdwijnen je naam, e-mailadres en antwoorden uit al je inschrijvingen. De organisator houdt enkel bij dat iemand van je organisatie deelnam (voor de tellingen en rapporten);"</li>
                <li>"blijven facturen ongewijzigd (dat zijn wettelijke documenten), maar je naam en adres als besteller verdwijnen uit je bestellingen;"</li>
                <li>"verlies je je rollen bij organisatoren en partnerorganisaties, en word je afgemeld."</li>
            </ul>
            <p><strong>"Dit kan niet ongedaan gemaakt worden."</strong>" Download je gegevens eerst als je ze wil bewaren."</p>
        </div>
        <form method="post" action="/mijn/verwijderen" class="stacked-form" novalidate>
            <input type="hidden" name="csrf" value=csrf/>
            <div class="field field-check" class:field-invalid=has_error>
                <input id="bevestigen" name="bevestigen" type="checkbox" value="ja" required
                    aria-invalid=invalid aria-describedby=describedby/>
                <label for="bevestigen">"Ik begrijp dat mijn account en mijn gegevens definitief gewist worden."</label>
                {error.map(|e| view! { <p id="bevestigen-error" class="field-error">{e}</p> })}
            </div>
            <button type="submit" class="button button-danger">"Mijn account definitief verwijderen"</button>
        </form>
    }
}

/// `/mijn/verwijderen`: the erase form on its own (a refused post comes back here).
#[component]
pub fn EraseAccountPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_erase_form());
    view! {
        <Title text="Account verwijderen"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(EraseForm { email, form, csrf_token }) => view! {
                        <section class="container narrow">
                            <h1>"Mijn account verwijderen"</h1>
                            <p class="lead">{format!("Je bent aangemeld als {email}.")}</p>
                            <ErrorSummary count=form.errors.len()/>
                            <EraseAccountForm form csrf=csrf_token/>
                            <p><a href="/mijn">"Terug naar mijn account"</a></p>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/mijn/verwijderd`: after the erasure (signed out by then).
#[component]
pub fn AccountErasedPage() -> impl IntoView {
    view! {
        <Title text="Account verwijderd"/>
        <section class="container narrow">
            <h1>"Je account is verwijderd"</h1>
            <p class="lead" role="status">"Je bent afgemeld. Je naam, e-mailadres en antwoorden zijn uit je inschrijvingen gewist, en je plaats bij activiteiten die nog moesten komen is vrijgegeven."</p>
            <p>"Organisatoren houden enkel nog bij dat iemand van je organisatie deelnam, zonder te weten wie. Wil je later weer inschrijven? Dat kan gewoon; je krijgt dan een nieuw account."</p>
            <p><a class="button" href="/">"Naar het aanbod"</a></p>
        </section>
    }
}

/// `/beheer/:organiser/privacy`: how long personal data of past events is kept.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(move || params.with(|p| p.get("organiser").unwrap_or_default()), load_privacy_settings);
    view! {
        <Title text="Privacy"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(settings) => view! { <PrivacySettingsView settings/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrivacySettingsView(settings: PrivacySettings) -> impl IntoView {
    let PrivacySettings { organiser, months, may_change, form, csrf_token } = settings;
    let query = use_query_map();
    let saved = query.with_untracked(|q| q.get("melding").is_some_and(|m| m == "bewaard"));
    let action = format!("/beheer/{}/privacy", organiser.slug);
    view! {
        <section class="container narrow">
            <p><a href=format!("/beheer/{}", organiser.slug)>{format!("← {}", organiser.name)}</a></p>
            <h1>"Privacy"</h1>
            {saved.then(|| view! { <p class="notice notice-success" role="status">"De bewaartermijn is bewaard."</p> })}
            <h2>"Bewaartermijn"</h2>
            <p>{format!(
                "Persoonsgegevens van deelnemers (naam, e-mailadres, antwoorden, besteller) blijven {months} maanden bewaard na de laatste sessie van een activiteit. Daarna worden ze elk uur automatisch geanonimiseerd. Wat telt voor rapporten blijft: de organisatie, het tickettype, de prijs en de aanwezigheden."
            )}</p>
            <p>"Wie een deelnemerslijst opent, staat in het logboek op het dashboard."</p>
            {if may_change {
                view! {
                    <ErrorSummary count=form.errors.len()/>
                    <form method="post" action=action class="stacked-form" novalidate>
                        <input type="hidden" name="csrf" value=csrf_token/>
                        <Field label="Bewaartermijn in maanden" name="maanden" kind="number" inputmode="numeric"
                            value=form.value("maanden") error=form.error("maanden") required=true
                            hint="Tussen 6 en 120 maanden (standaard 24)."/>
                        <button type="submit" class="button">"Bewaartermijn bewaren"</button>
                    </form>
                }.into_any()
            } else {
                view! { <p class="muted">"Alleen beheerders van de organisator wijzigen de bewaartermijn."</p> }.into_any()
            }}
        </section>
    }
}
