//! Leernet's web app: pages, components and the server functions they call.
//! Rendered on the server (feature `ssr`); in the browser (feature `hydrate`)
//! only the islands are hydrated: the filter form, the price calculator, the
//! door's camera and the marker that tells the page is live.

// Leptos views are deeply nested types; the default limit is too low for them.
#![recursion_limit = "512"]

pub mod components;
pub mod error;
pub mod forms;
pub mod functions;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_locale().code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5e55"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::request_locale());
    view! {
        <Stylesheet id="leptos" href="/pkg/leernet.css"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="description" content="Leernetwerken, vormingen en methodiekendagen van de BIZ-samenwerkingsverbanden voor budget- en schuldhulpverlening."/>
        <Title formatter=|text: String| if text.is_empty() { "Leernet".to_string() } else { format!("{text} · Leernet") }/>
        <Router>
            <components::layout::Header/>
            <main id="inhoud" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::catalogue::CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/regio") view=pages::organisers::OrganisersPage ssr=SsrMode::Async/>
                    <Route path=path!("/regio/:organiser") view=pages::catalogue::CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/regio/:organiser/:event") view=pages::event::EventPageView ssr=SsrMode::Async/>
                    <Route path=path!("/regio/:organiser/:event/inschrijven") view=pages::registration::RegistrationPageView ssr=SsrMode::Async/>
                    <Route path=path!("/regio/:organiser/:event/ingeschreven") view=pages::registration::RegisteredPage/>
                    <Route path=path!("/inschrijving/bevestigen/:token") view=pages::registration::ConfirmBookingPage/>
                    <Route path=path!("/ticket/:code") view=pages::ticket::TicketPage ssr=SsrMode::Async/>
                    <Route path=path!("/betaling/:token") view=pages::payment::PaymentPage ssr=SsrMode::Async/>
                    <Route path=path!("/betaling/:token/geannuleerd") view=pages::payment::PaymentCancelledPage ssr=SsrMode::Async/>
                    <Route path=path!("/aanmelden") view=pages::account::SignInPage/>
                    <Route path=path!("/aanmelden/:token") view=pages::account::ConfirmSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/mijn") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/mijn/verwijderen") view=pages::privacy::EraseAccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/mijn/verwijderd") view=pages::privacy::AccountErasedPage/>
                    <Route path=path!("/beheer") view=pages::backoffice::BackofficeHome ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/organisaties/voorstellen") view=pages::partners::ProposalsReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser") view=pages::backoffice::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/mensen") view=pages::people::PeoplePageView ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/api") view=pages::api_tokens::ApiTokensPageView ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/privacy") view=pages::privacy::PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/instellingen") view=pages::settings::SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/activiteiten/nieuw") view=pages::editor::NewEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/activiteiten/:event") view=pages::editor::EditEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/activiteiten/:event/inschrijvingen") view=pages::registrations::RegistrationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/activiteiten/:event/inchecken") view=pages::scanner::ScannerPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/rapport") view=pages::reports::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/financien") view=pages::finances::FinanceYearPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/activiteiten/:event/financien") view=pages::finances::EventFinancesPageView ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/activiteiten/:event/financien/:line") view=pages::finances::CostLinePageView ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/facturen") view=pages::invoices::InvoicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/betalingen") view=pages::online_payments::OnlinePaymentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/facturen/bankafschrift") view=pages::invoices::StatementImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/facturen/:invoice") view=pages::invoices::InvoicePage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/organisaties") view=pages::partners::PartnersPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/organisaties/importeren") view=pages::partners::ImportPartnersPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/:organiser/organisaties/:organisation") view=pages::partners::PartnerPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <components::layout::Footer/>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands mode: the pages are rendered on the server only; the browser
    // brings to life just the few interactive parts marked `#[island]`, so
    // the wasm carries those and not the whole app.
    leptos::mount::hydrate_islands();
}
