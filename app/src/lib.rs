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
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};

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
                    <Route path=domain::page_path!(CATALOGUE) view=pages::catalogue::CataloguePage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(ORGANISERS) view=pages::organisers::OrganisersPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(ORGANISER) view=pages::catalogue::CataloguePage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT) view=pages::event::EventPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(REGISTER) view=pages::registration::RegistrationPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(REGISTERED) view=pages::registration::RegisteredPage/>
                    <Route path=domain::page_path!(CONFIRM_BOOKING) view=pages::registration::ConfirmBookingPage/>
                    <Route path=domain::page_path!(TICKET) view=pages::ticket::TicketPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PAYMENT) view=pages::payment::PaymentPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PAYMENT_CANCELLED) view=pages::payment::PaymentCancelledPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(CONNECT_STATUS) view=pages::connect::ConnectStatusPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(SIGN_IN) view=pages::account::SignInPage/>
                    <Route path=domain::page_path!(SIGN_IN_LINK) view=pages::account::ConfirmSignInPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(ACCOUNT) view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(MY_FEES) view=pages::trainer_fees::MyFeesPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(MY_TRAINER_PROFILE) view=pages::trainer_fees::MyProfilePageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(MY_EXPENSES) view=pages::expense_claims::MyExpensesPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(ACCOUNT_ERASE) view=pages::privacy::EraseAccountPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(ACCOUNT_ERASED) view=pages::privacy::AccountErasedPage/>
                    <Route path=domain::page_path!(BACKOFFICE) view=pages::backoffice::BackofficeHome ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PROPOSALS) view=pages::partners::ProposalsReviewPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(DASHBOARD) view=pages::backoffice::DashboardPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PEOPLE) view=pages::people::PeoplePageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(API_TOKENS) view=pages::api_tokens::ApiTokensPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PRIVACY) view=pages::privacy::PrivacyPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(SETTINGS) view=pages::settings::SettingsPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(NEW_EVENT) view=pages::editor::NewEventPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT_EDITOR) view=pages::editor::EditEventPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT_REGISTRATIONS) view=pages::registrations::RegistrationsPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT_CHECKIN) view=pages::scanner::ScannerPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(REPORT) view=pages::reports::ReportPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(REPORT_ORGANISATION) view=pages::reports::OrganisationReportPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PLATFORM_REPORT) view=pages::overview::PlatformReportPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(MY_ORGANISATION_REPORT) view=pages::overview::MyOrganisationReportPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(FINANCES) view=pages::finances::FinanceYearPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EXPENSE_CLAIMS) view=pages::expense_claims::ExpenseClaimsPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PAYMENT_FILES) view=pages::payouts::PaymentFilesPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(TRAINERS) view=pages::payouts::TrainersPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(TRAINER) view=pages::payouts::TrainerPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT_FINANCES) view=pages::finances::EventFinancesPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT_DOSSIER) view=pages::dossier::DossierPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(EVENT_DOCUMENTS) view=pages::dossier::DocumentsPageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(COST_LINE) view=pages::finances::CostLinePageView ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(INVOICES) view=pages::invoices::InvoicesPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(ONLINE_PAYMENTS) view=pages::online_payments::OnlinePaymentsPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(STATEMENT_IMPORT) view=pages::invoices::StatementImportPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(INVOICE) view=pages::invoices::InvoicePage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PARTNERS) view=pages::partners::PartnersPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PARTNERS_IMPORT) view=pages::partners::ImportPartnersPage ssr=SsrMode::Async/>
                    <Route path=domain::page_path!(PARTNER) view=pages::partners::PartnerPage ssr=SsrMode::Async/>
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
