//! Every page and form path of the site, in one place.
//!
//! [`route`] holds each route's pattern once, in Leptos' syntax (`:name` is a
//! parameter). The app's `<Route>`s take a page's pattern through
//! [`page_path!`](crate::page_path) (the router's `path!` accepts only a
//! literal, so that macro is generated from the same table), the server's
//! axum routes through [`axum`] (`{name}`), and the links, redirects and the
//! mails' addresses through the builders below ([`event`],
//! [`backoffice::event_checkin`] …), which fill the very same pattern. So a
//! link cannot point beside its route; the tests check that every builder
//! fills every parameter of its pattern.
//!
//! Each parameter is percent-encoded as a path segment: slugs, codes and
//! tokens are plain ASCII and come out as they went in, but a value taken
//! from an address a visitor typed cannot break out of its segment.
//!
//! This lives in the domain because the store's read models (an event's
//! address) and the door's scanner page carry paths too; it holds strings
//! only, no web types.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use std::fmt::{Display, Write};

/// What a path segment cannot carry as is (RFC 3986's `pchar` leaves `:`,
/// `@`, `&`, `=`, `+`, `$` and `,` free; `/`, `?`, `#` and `%` would change the
/// address's meaning).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Declares the patterns once: as constants in [`route`], and as the arms of
/// [`page_path!`](crate::page_path), which hands the same literal to Leptos'
/// `path!` (that macro reads only a literal, not a constant).
macro_rules! routes {
    ($($(#[$doc:meta])* $name:ident = $pattern:tt;)*) => {
        /// The routes' patterns, in Leptos' syntax (`:name` is a parameter).
        pub mod route {
            $($(#[$doc])* pub const $name: &str = $pattern;)*

            /// Every pattern, for the tests.
            pub const ALL: &[(&str, &str)] = &[$((stringify!($name), $name)),*];
        }

        /// A page's route for the app's `<Route path=…>`:
        /// `domain::page_path!(EVENT)` is `leptos_router::path!("/regio/:organiser/:event")`,
        /// the literal of [`route::EVENT`](crate::paths::route::EVENT). Expands
        /// only where `leptos_router` is a dependency (the app).
        #[macro_export]
        macro_rules! page_path {
            $(($name) => { ::leptos_router::path!($pattern) };)*
        }
    };
}

routes! {
    /// The catalogue (`?thema=`, `?zoek=` … filter it).
    CATALOGUE = "/";
    ORGANISERS = "/regio";
    /// One organiser's catalogue.
    ORGANISER = "/regio/:organiser";
    EVENT = "/regio/:organiser/:event";
    /// A meeting document to download (`:event` is the activity's slug): public
    /// ones for anyone, the others for its participants and the organiser's people.
    EVENT_DOCUMENT = "/regio/:organiser/:event/documenten/:document";
    /// The registration form (GET) and its post.
    REGISTER = "/regio/:organiser/:event/inschrijven";
    REGISTERED = "/regio/:organiser/:event/ingeschreven";
    /// The page behind the link that confirms a booking made without a session.
    CONFIRM_BOOKING = "/inschrijving/bevestigen/:token";
    CONFIRM_BOOKING_POST = "/inschrijving/bevestigen";
    TICKET = "/ticket/:code";
    TICKET_CANCEL = "/ticket/:code/afmelden";
    /// Accepting a seat offered from the waiting list.
    TICKET_ACCEPT = "/ticket/:code/aannemen";
    TICKET_CERTIFICATE = "/ticket/:code/attest";
    PAYMENT = "/betaling/:token";
    PAYMENT_CANCELLED = "/betaling/:token/geannuleerd";
    /// Where Stripe's checkout sends the payer back.
    PAYMENT_RETURN = "/betaling/:token/terug";
    STRIPE_WEBHOOK = "/webhooks/stripe";
    /// The onboarding link mailed to a trainer: a fresh Stripe account link each time.
    CONNECT_ONBOARDING = "/lesgever/stripe/:token";
    /// Where Stripe's onboarding sends the trainer back: asks Stripe how the account stands.
    CONNECT_RETURN = "/lesgever/stripe/:token/terug";
    /// Thanks, and where the trainer's account stands.
    CONNECT_STATUS = "/lesgever/stripe/:token/klaar";
    SIGN_IN = "/aanmelden";
    /// The sign-in link of a mail.
    SIGN_IN_LINK = "/aanmelden/:token";
    SIGN_IN_CONFIRM = "/aanmelden/bevestigen";
    SIGN_IN_PASSWORD = "/aanmelden/wachtwoord";
    SIGN_OUT = "/afmelden";
    ACCOUNT = "/mijn";
    ACCOUNT_PASSWORD = "/mijn/wachtwoord";
    ACCOUNT_DATA = "/mijn/gegevens.json";
    ACCOUNT_ERASE = "/mijn/verwijderen";
    ACCOUNT_ERASED = "/mijn/verwijderd";
    /// The signed-in person as a trainer: their fees and profile per organiser.
    MY_FEES = "/mijn/lesgever";
    /// Their profile at one organiser (`:trainer` is their trainer row there); the form posts here.
    MY_TRAINER_PROFILE = "/mijn/lesgever/:trainer";
    /// One activity's fee statement (PDF) for the trainer's own books.
    MY_FEE_STATEMENT = "/mijn/lesgever/:trainer/activiteiten/:event/vergoedingsstaat";
    /// A trainer's expense claims: the form for a new one, and theirs with their status.
    MY_EXPENSES = "/mijn/onkosten";
    /// A person's own calendar feed: a new secret address (a post of /mijn).
    MY_CALENDAR = "/mijn/agenda";
    /// The published programme as a calendar feed (`?regio=`, `?soort=`, `?thema=` filter it).
    CALENDAR_FEED = "/agenda.ics";
    /// A person's own registrations as a calendar feed, behind its secret address.
    PERSONAL_CALENDAR_FEED = "/agenda/:token";
    /// A coordinator's report of their own organisation, across every organiser
    /// it registered with (`?van=&tot=` or `?jaar=`).
    MY_ORGANISATION_REPORT = "/mijn/organisatie/:organisation";
    MY_ORGANISATION_REPORT_XLSX = "/mijn/organisatie/:organisation/rapport.xlsx";
    /// One table of it as CSV; `:table` is its file name (`per-activiteit.csv`).
    MY_ORGANISATION_REPORT_CSV = "/mijn/organisatie/:organisation/:table";
    /// The Flemish overview: every organiser's participation (platform admins).
    PLATFORM_REPORT = "/overzicht";
    PLATFORM_REPORT_XLSX = "/overzicht.xlsx";
    /// One table of it as CSV; `:table` is its file name (`per-regio.csv`).
    PLATFORM_REPORT_CSV = "/overzicht/:table";
    LANGUAGE = "/taal";
    BACKOFFICE = "/beheer";
    PROPOSALS = "/beheer/organisaties/voorstellen";
    DASHBOARD = "/beheer/:organiser";
    PEOPLE = "/beheer/:organiser/mensen";
    MEMBERSHIP_REVOKE = "/beheer/:organiser/mensen/:membership/intrekken";
    API_TOKENS = "/beheer/:organiser/api";
    API_TOKEN_REVOKE = "/beheer/:organiser/api/:token/intrekken";
    PRIVACY = "/beheer/:organiser/privacy";
    SETTINGS = "/beheer/:organiser/instellingen";
    /// The organiser's four-eyes setting for paying costs (a post of the settings page).
    FOUR_EYES = "/beheer/:organiser/instellingen/vier-ogen";

    /// The organiser's trainers, and one trainer's profile (address, bank account, VAT).
    TRAINERS = "/beheer/:organiser/lesgevers";
    TRAINER = "/beheer/:organiser/lesgevers/:trainer";
    /// Makes the trainer's Stripe account (once) and mails them the onboarding link.
    TRAINER_STRIPE = "/beheer/:organiser/lesgevers/:trainer/stripe";
    /// A trainer's fee statement of one activity (PDF), as the trainer downloads it.
    TRAINER_FEE_STATEMENT = "/beheer/:organiser/lesgevers/:trainer/activiteiten/:event/vergoedingsstaat";
    NEW_EVENT = "/beheer/:organiser/activiteiten/nieuw";
    /// The event's editor.
    EVENT_EDITOR = "/beheer/:organiser/activiteiten/:event";
    EVENT_STATUS = "/beheer/:organiser/activiteiten/:event/status";
    EVENT_COPY = "/beheer/:organiser/activiteiten/:event/kopie";
    EVENT_REGISTRATIONS = "/beheer/:organiser/activiteiten/:event/inschrijvingen";
    EVENT_CHECKIN = "/beheer/:organiser/activiteiten/:event/inchecken";
    EVENT_CHECKIN_UNDO = "/beheer/:organiser/activiteiten/:event/inchecken/ongedaan";
    /// Releasing the seats held for unpaid online payments.
    EVENT_RELEASE_HOLDS = "/beheer/:organiser/activiteiten/:event/vrijgeven";
    EVENT_CERTIFICATES = "/beheer/:organiser/activiteiten/:event/attesten";
    EVENT_CERTIFICATE = "/beheer/:organiser/activiteiten/:event/attesten/:registration";
    /// The attendance list of the whole activity; `:format` is `csv` or `xlsx`.
    EVENT_ATTENDANCE = "/beheer/:organiser/activiteiten/:event/aanwezigheden/:format";
    SESSION_ATTENDANCE = "/beheer/:organiser/activiteiten/:event/sessies/:session/aanwezigheden/:format";
    EVENT_FINANCES = "/beheer/:organiser/activiteiten/:event/financien";
    COST_LINE = "/beheer/:organiser/activiteiten/:event/financien/:line";
    COST_LINE_REMOVE = "/beheer/:organiser/activiteiten/:event/financien/:line/verwijderen";
    COST_LINE_PAY_OUT = "/beheer/:organiser/activiteiten/:event/financien/:line/uitbetalen";
    /// An event's books to download: its cost lines as CSV, all its tables as XLSX.
    EVENT_FINANCES_CSV = "/beheer/:organiser/activiteiten/:event/financien.csv";
    EVENT_FINANCES_XLSX = "/beheer/:organiser/activiteiten/:event/financien.xlsx";
    /// The activity's dossier: programme, trainers, organisations, attendance, documents.
    EVENT_DOSSIER = "/beheer/:organiser/activiteiten/:event/dossier";
    EVENT_DOSSIER_PDF = "/beheer/:organiser/activiteiten/:event/dossier.pdf";
    /// The activity's meeting documents: the list, and an upload posts here.
    EVENT_DOCUMENTS = "/beheer/:organiser/activiteiten/:event/documenten";
    /// A document's title, kind and visibility (a post).
    EVENT_DOCUMENT_VISIBILITY = "/beheer/:organiser/activiteiten/:event/documenten/:document/wijzigen";
    EVENT_DOCUMENT_REMOVE = "/beheer/:organiser/activiteiten/:event/documenten/:document/verwijderen";
    REPORT = "/beheer/:organiser/rapport";
    REPORT_CSV = "/beheer/:organiser/rapport/organisaties.csv";
    /// Every table of the report as a workbook (`?van=&tot=` or `?jaar=`).
    REPORT_XLSX = "/beheer/:organiser/rapport.xlsx";
    /// One table of the report as CSV; `:table` is its file name (`per-soort.csv`, see
    /// `domain::reports::tables::ReportTable::file`).
    REPORT_TABLE_CSV = "/beheer/:organiser/rapport/:table";
    /// The organiser's report of one organisation (its activities only).
    REPORT_ORGANISATION = "/beheer/:organiser/rapport/organisaties/:organisation";
    REPORT_ORGANISATION_XLSX = "/beheer/:organiser/rapport/organisaties/:organisation/rapport.xlsx";
    /// One table of it as CSV (`personen.csv`).
    REPORT_ORGANISATION_CSV = "/beheer/:organiser/rapport/organisaties/:organisation/:table";
    FINANCES = "/beheer/:organiser/financien";
    FINANCES_CSV = "/beheer/:organiser/financien.csv";
    /// The year's books as a workbook (`?jaar=`).
    FINANCES_XLSX = "/beheer/:organiser/financien.xlsx";
    /// Paying approved cost lines by bank transfer: the SEPA payment files.
    PAYMENT_FILES = "/beheer/:organiser/financien/overschrijvingen";
    /// A payment file as pain.001 XML, for the bank.
    PAYMENT_FILE_XML = "/beheer/:organiser/financien/overschrijvingen/:file/xml";
    PAYMENT_FILE_CANCEL = "/beheer/:organiser/financien/overschrijvingen/:file/annuleren";
    /// The trainers' expense claims, to approve or reject (a decision posts to the same address).
    EXPENSE_CLAIMS = "/beheer/:organiser/financien/onkosten";
    /// A claim's receipt, for the organiser's admins and the trainer who sent it.
    EXPENSE_RECEIPT = "/beheer/:organiser/financien/onkosten/:claim/bonnen/:receipt";
    /// The organiser's kilometre rate for expense claims (a post of the settings page).
    KM_RATE = "/beheer/:organiser/instellingen/km-tarief";
    INVOICES = "/beheer/:organiser/facturen";
    STATEMENT_IMPORT = "/beheer/:organiser/facturen/bankafschrift";
    INVOICE = "/beheer/:organiser/facturen/:invoice";
    INVOICE_PDF = "/beheer/:organiser/facturen/:invoice/pdf";
    INVOICE_UBL = "/beheer/:organiser/facturen/:invoice/ubl";
    ONLINE_PAYMENTS = "/beheer/:organiser/betalingen";
    REFUND = "/beheer/:organiser/betalingen/:order/terugbetalen";
    PARTNERS = "/beheer/:organiser/organisaties";
    PARTNERS_IMPORT = "/beheer/:organiser/organisaties/importeren";
    PARTNER = "/beheer/:organiser/organisaties/:organisation";
}

// The paths without parameters are their own patterns.
pub use route::{
    ACCOUNT, ACCOUNT_DATA, ACCOUNT_ERASE, ACCOUNT_ERASED, ACCOUNT_PASSWORD, CALENDAR_FEED, CATALOGUE,
    CONFIRM_BOOKING_POST, LANGUAGE, MY_CALENDAR, MY_EXPENSES, MY_FEES, ORGANISERS, PLATFORM_REPORT,
    PLATFORM_REPORT_XLSX, SIGN_IN, SIGN_IN_CONFIRM, SIGN_IN_PASSWORD, SIGN_OUT, STRIPE_WEBHOOK,
};

pub fn my_organisation_report(organisation: impl Display) -> String {
    fill(route::MY_ORGANISATION_REPORT, &[&organisation])
}

pub fn my_organisation_report_xlsx(organisation: impl Display) -> String {
    fill(route::MY_ORGANISATION_REPORT_XLSX, &[&organisation])
}

/// `table`: the CSV's file name (`per-activiteit.csv`).
pub fn my_organisation_report_csv(organisation: impl Display, table: impl Display) -> String {
    fill(route::MY_ORGANISATION_REPORT_CSV, &[&organisation, &table])
}

/// `table`: the CSV's file name (`per-regio.csv`).
pub fn platform_report_csv(table: impl Display) -> String {
    fill(route::PLATFORM_REPORT_CSV, &[&table])
}

/// `pattern` in axum's syntax (`{name}` for `:name`), for the server's routes.
pub fn axum(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `pattern` with its parameters, in order, filled in and percent-encoded.
fn fill(pattern: &str, values: &[&dyn Display]) -> String {
    let mut path = String::with_capacity(pattern.len() + 16);
    let mut values = values.iter();
    for segment in pattern.split('/').skip(1) {
        path.push('/');
        if !segment.starts_with(':') {
            path.push_str(segment);
            continue;
        }
        // Every builder passes as many values as its pattern has parameters
        // (see the tests); a missing one keeps the parameter's name.
        match values.next() {
            Some(value) => {
                let _ = write!(path, "{}", utf8_percent_encode(&value.to_string(), SEGMENT));
            }
            None => path.push_str(segment),
        }
    }
    debug_assert!(values.next().is_none(), "more values than parameters in {pattern}");
    path
}

/// Whether `path` (without its query) is an address `pattern` matches: the
/// same static segments, and a non-empty segment for each parameter.
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut pattern, mut path) = (pattern.split('/'), path.split('/'));
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if p.starts_with(':') && !s.is_empty() => {}
            (Some(p), Some(s)) if !p.starts_with(':') && p == s => {}
            _ => return false,
        }
    }
}

/// The documents page's query naming the document a refused change was for
/// (with `veld`, the field, and `fout`, what was wrong).
pub const DOCUMENT_QUERY: &str = "document";

/// `path` with the notice a page shows after a post (`?melding=…`).
pub fn with_notice(path: &str, notice: &str) -> String {
    format!("{path}?melding={notice}")
}

/// The yearly page (or its download) at `path` for `year`.
pub fn for_year(path: &str, year: i32) -> String {
    format!("{path}?{}={year}", crate::forms::fields::year::YEAR)
}

/// The full address of `path` on the site at `base_url` (for mails and Stripe).
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

pub fn organiser(organiser: impl Display) -> String {
    fill(route::ORGANISER, &[&organiser])
}

pub fn event(organiser: impl Display, event: impl Display) -> String {
    fill(route::EVENT, &[&organiser, &event])
}

pub fn register(organiser: impl Display, event: impl Display) -> String {
    fill(route::REGISTER, &[&organiser, &event])
}

/// A meeting document of the activity with slug `event`.
pub fn event_document(organiser: impl Display, event: impl Display, document: impl Display) -> String {
    fill(route::EVENT_DOCUMENT, &[&organiser, &event, &document])
}

pub fn registered(organiser: impl Display, event: impl Display) -> String {
    fill(route::REGISTERED, &[&organiser, &event])
}

pub fn confirm_booking(token: impl Display) -> String {
    fill(route::CONFIRM_BOOKING, &[&token])
}

pub fn personal_calendar_feed(token: impl Display) -> String {
    fill(route::PERSONAL_CALENDAR_FEED, &[&token])
}

pub fn ticket(code: impl Display) -> String {
    fill(route::TICKET, &[&code])
}

pub fn ticket_cancel(code: impl Display) -> String {
    fill(route::TICKET_CANCEL, &[&code])
}

pub fn ticket_accept(code: impl Display) -> String {
    fill(route::TICKET_ACCEPT, &[&code])
}

pub fn ticket_certificate(code: impl Display) -> String {
    fill(route::TICKET_CERTIFICATE, &[&code])
}

pub fn payment(token: impl Display) -> String {
    fill(route::PAYMENT, &[&token])
}

pub fn payment_cancelled(token: impl Display) -> String {
    fill(route::PAYMENT_CANCELLED, &[&token])
}

pub fn payment_return(token: impl Display) -> String {
    fill(route::PAYMENT_RETURN, &[&token])
}

pub fn sign_in_link(token: impl Display) -> String {
    fill(route::SIGN_IN_LINK, &[&token])
}

pub fn connect_onboarding(token: impl Display) -> String {
    fill(route::CONNECT_ONBOARDING, &[&token])
}

pub fn connect_return(token: impl Display) -> String {
    fill(route::CONNECT_RETURN, &[&token])
}

pub fn connect_status(token: impl Display) -> String {
    fill(route::CONNECT_STATUS, &[&token])
}

/// The trainer's own profile at one organiser (`trainer` is their trainer row there).
pub fn my_trainer_profile(trainer: impl Display) -> String {
    fill(route::MY_TRAINER_PROFILE, &[&trainer])
}

/// The trainer's own fee statement of one activity (`trainer` is their trainer row at its organiser).
pub fn my_fee_statement(trainer: impl Display, event: impl Display) -> String {
    fill(route::MY_FEE_STATEMENT, &[&trainer, &event])
}

/// The back office: `/beheer/<organiser>/…`. Parameters are anything that
/// prints as the value (a `Slug`, a number, or the text of a path parameter).
pub mod backoffice {
    use super::{fill, route};
    use std::fmt::Display;

    pub use super::route::{BACKOFFICE as HOME, PROPOSALS};

    pub fn dashboard(organiser: impl Display) -> String {
        fill(route::DASHBOARD, &[&organiser])
    }

    pub fn people(organiser: impl Display) -> String {
        fill(route::PEOPLE, &[&organiser])
    }

    pub fn membership_revoke(organiser: impl Display, membership: impl Display) -> String {
        fill(route::MEMBERSHIP_REVOKE, &[&organiser, &membership])
    }

    pub fn api_tokens(organiser: impl Display) -> String {
        fill(route::API_TOKENS, &[&organiser])
    }

    pub fn api_token_revoke(organiser: impl Display, token: impl Display) -> String {
        fill(route::API_TOKEN_REVOKE, &[&organiser, &token])
    }

    pub fn privacy(organiser: impl Display) -> String {
        fill(route::PRIVACY, &[&organiser])
    }

    pub fn settings(organiser: impl Display) -> String {
        fill(route::SETTINGS, &[&organiser])
    }

    pub fn four_eyes(organiser: impl Display) -> String {
        fill(route::FOUR_EYES, &[&organiser])
    }

    pub fn trainers(organiser: impl Display) -> String {
        fill(route::TRAINERS, &[&organiser])
    }

    pub fn trainer(organiser: impl Display, trainer: impl Display) -> String {
        fill(route::TRAINER, &[&organiser, &trainer])
    }

    pub fn trainer_stripe(organiser: impl Display, trainer: impl Display) -> String {
        fill(route::TRAINER_STRIPE, &[&organiser, &trainer])
    }

    pub fn trainer_fee_statement(organiser: impl Display, trainer: impl Display, event: impl Display) -> String {
        fill(route::TRAINER_FEE_STATEMENT, &[&organiser, &trainer, &event])
    }

    pub fn new_event(organiser: impl Display) -> String {
        fill(route::NEW_EVENT, &[&organiser])
    }

    /// The event's editor.
    pub fn event(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_EDITOR, &[&organiser, &event])
    }

    pub fn event_status(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_STATUS, &[&organiser, &event])
    }

    pub fn event_copy(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_COPY, &[&organiser, &event])
    }

    pub fn event_registrations(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_REGISTRATIONS, &[&organiser, &event])
    }

    pub fn event_checkin(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_CHECKIN, &[&organiser, &event])
    }

    pub fn event_checkin_undo(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_CHECKIN_UNDO, &[&organiser, &event])
    }

    pub fn event_release_holds(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_RELEASE_HOLDS, &[&organiser, &event])
    }

    pub fn event_certificates(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_CERTIFICATES, &[&organiser, &event])
    }

    pub fn event_certificate(organiser: impl Display, event: impl Display, registration: impl Display) -> String {
        fill(route::EVENT_CERTIFICATE, &[&organiser, &event, &registration])
    }

    /// `format` is `csv` or `xlsx`.
    pub fn event_attendance(organiser: impl Display, event: impl Display, format: impl Display) -> String {
        fill(route::EVENT_ATTENDANCE, &[&organiser, &event, &format])
    }

    pub fn session_attendance(
        organiser: impl Display,
        event: impl Display,
        session: impl Display,
        format: impl Display,
    ) -> String {
        fill(route::SESSION_ATTENDANCE, &[&organiser, &event, &session, &format])
    }

    pub fn event_finances(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_FINANCES, &[&organiser, &event])
    }

    pub fn cost_line(organiser: impl Display, event: impl Display, line: impl Display) -> String {
        fill(route::COST_LINE, &[&organiser, &event, &line])
    }

    pub fn cost_line_remove(organiser: impl Display, event: impl Display, line: impl Display) -> String {
        fill(route::COST_LINE_REMOVE, &[&organiser, &event, &line])
    }

    pub fn cost_line_pay_out(organiser: impl Display, event: impl Display, line: impl Display) -> String {
        fill(route::COST_LINE_PAY_OUT, &[&organiser, &event, &line])
    }

    pub fn event_finances_csv(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_FINANCES_CSV, &[&organiser, &event])
    }

    pub fn event_finances_xlsx(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_FINANCES_XLSX, &[&organiser, &event])
    }

    pub fn event_dossier(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_DOSSIER, &[&organiser, &event])
    }

    pub fn event_dossier_pdf(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_DOSSIER_PDF, &[&organiser, &event])
    }

    pub fn event_documents(organiser: impl Display, event: impl Display) -> String {
        fill(route::EVENT_DOCUMENTS, &[&organiser, &event])
    }

    pub fn event_document_visibility(organiser: impl Display, event: impl Display, document: impl Display) -> String {
        fill(route::EVENT_DOCUMENT_VISIBILITY, &[&organiser, &event, &document])
    }

    pub fn event_document_remove(organiser: impl Display, event: impl Display, document: impl Display) -> String {
        fill(route::EVENT_DOCUMENT_REMOVE, &[&organiser, &event, &document])
    }

    pub fn report(organiser: impl Display) -> String {
        fill(route::REPORT, &[&organiser])
    }

    pub fn report_csv(organiser: impl Display) -> String {
        fill(route::REPORT_CSV, &[&organiser])
    }

    pub fn report_xlsx(organiser: impl Display) -> String {
        fill(route::REPORT_XLSX, &[&organiser])
    }

    /// `table`: the CSV's file name (`per-soort.csv`).
    pub fn report_table_csv(organiser: impl Display, table: impl Display) -> String {
        fill(route::REPORT_TABLE_CSV, &[&organiser, &table])
    }

    pub fn report_organisation(organiser: impl Display, organisation: impl Display) -> String {
        fill(route::REPORT_ORGANISATION, &[&organiser, &organisation])
    }

    pub fn report_organisation_xlsx(organiser: impl Display, organisation: impl Display) -> String {
        fill(route::REPORT_ORGANISATION_XLSX, &[&organiser, &organisation])
    }

    pub fn report_organisation_csv(organiser: impl Display, organisation: impl Display, table: impl Display) -> String {
        fill(route::REPORT_ORGANISATION_CSV, &[&organiser, &organisation, &table])
    }

    pub fn finances(organiser: impl Display) -> String {
        fill(route::FINANCES, &[&organiser])
    }

    pub fn finances_csv(organiser: impl Display) -> String {
        fill(route::FINANCES_CSV, &[&organiser])
    }

    pub fn finances_xlsx(organiser: impl Display) -> String {
        fill(route::FINANCES_XLSX, &[&organiser])
    }

    pub fn payment_files(organiser: impl Display) -> String {
        fill(route::PAYMENT_FILES, &[&organiser])
    }

    pub fn expense_claims(organiser: impl Display) -> String {
        fill(route::EXPENSE_CLAIMS, &[&organiser])
    }

    pub fn expense_receipt(organiser: impl Display, claim: impl Display, receipt: impl Display) -> String {
        fill(route::EXPENSE_RECEIPT, &[&organiser, &claim, &receipt])
    }

    pub fn km_rate(organiser: impl Display) -> String {
        fill(route::KM_RATE, &[&organiser])
    }

    pub fn payment_file_xml(organiser: impl Display, file: impl Display) -> String {
        fill(route::PAYMENT_FILE_XML, &[&organiser, &file])
    }

    pub fn payment_file_cancel(organiser: impl Display, file: impl Display) -> String {
        fill(route::PAYMENT_FILE_CANCEL, &[&organiser, &file])
    }

    pub fn invoices(organiser: impl Display) -> String {
        fill(route::INVOICES, &[&organiser])
    }

    pub fn statement_import(organiser: impl Display) -> String {
        fill(route::STATEMENT_IMPORT, &[&organiser])
    }

    pub fn invoice(organiser: impl Display, invoice: impl Display) -> String {
        fill(route::INVOICE, &[&organiser, &invoice])
    }

    pub fn invoice_pdf(organiser: impl Display, invoice: impl Display) -> String {
        fill(route::INVOICE_PDF, &[&organiser, &invoice])
    }

    pub fn invoice_ubl(organiser: impl Display, invoice: impl Display) -> String {
        fill(route::INVOICE_UBL, &[&organiser, &invoice])
    }

    pub fn online_payments(organiser: impl Display) -> String {
        fill(route::ONLINE_PAYMENTS, &[&organiser])
    }

    pub fn refund(organiser: impl Display, order: impl Display) -> String {
        fill(route::REFUND, &[&organiser, &order])
    }

    pub fn partners(organiser: impl Display) -> String {
        fill(route::PARTNERS, &[&organiser])
    }

    pub fn partners_import(organiser: impl Display) -> String {
        fill(route::PARTNERS_IMPORT, &[&organiser])
    }

    pub fn partner(organiser: impl Display, organisation: impl Display) -> String {
        fill(route::PARTNER, &[&organiser, &organisation])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every builder, named by its pattern, with sample values.
    fn built() -> Vec<(&'static str, String)> {
        use backoffice as b;
        let (o, e) = ("biz-kempen", 42);
        vec![
            ("ORGANISER", organiser(o)),
            ("EVENT", event(o, "vorming-x")),
            ("REGISTER", register(o, "vorming-x")),
            ("EVENT_DOCUMENT", event_document(o, "vorming-x", 7)),
            ("REGISTERED", registered(o, "vorming-x")),
            ("CONFIRM_BOOKING", confirm_booking("ab12")),
            ("PERSONAL_CALENDAR_FEED", personal_calendar_feed("ab12")),
            ("TICKET", ticket("T0K3N")),
            ("TICKET_CANCEL", ticket_cancel("T0K3N")),
            ("TICKET_ACCEPT", ticket_accept("T0K3N")),
            ("TICKET_CERTIFICATE", ticket_certificate("T0K3N")),
            ("PAYMENT", payment("ab12")),
            ("PAYMENT_CANCELLED", payment_cancelled("ab12")),
            ("PAYMENT_RETURN", payment_return("ab12")),
            ("SIGN_IN_LINK", sign_in_link("ab12")),
            ("CONNECT_ONBOARDING", connect_onboarding("ab12")),
            ("CONNECT_RETURN", connect_return("ab12")),
            ("CONNECT_STATUS", connect_status("ab12")),
            ("MY_TRAINER_PROFILE", my_trainer_profile(7)),
            ("MY_FEE_STATEMENT", my_fee_statement(7, e)),
            ("MY_ORGANISATION_REPORT", my_organisation_report(7)),
            ("MY_ORGANISATION_REPORT_XLSX", my_organisation_report_xlsx(7)),
            ("MY_ORGANISATION_REPORT_CSV", my_organisation_report_csv(7, "per-activiteit.csv")),
            ("PLATFORM_REPORT_CSV", platform_report_csv("per-regio.csv")),
            ("DASHBOARD", b::dashboard(o)),
            ("PEOPLE", b::people(o)),
            ("MEMBERSHIP_REVOKE", b::membership_revoke(o, 7)),
            ("API_TOKENS", b::api_tokens(o)),
            ("API_TOKEN_REVOKE", b::api_token_revoke(o, 7)),
            ("PRIVACY", b::privacy(o)),
            ("SETTINGS", b::settings(o)),
            ("FOUR_EYES", b::four_eyes(o)),
            ("TRAINERS", b::trainers(o)),
            ("TRAINER", b::trainer(o, 7)),
            ("TRAINER_STRIPE", b::trainer_stripe(o, 7)),
            ("TRAINER_FEE_STATEMENT", b::trainer_fee_statement(o, 7, e)),
            ("NEW_EVENT", b::new_event(o)),
            ("EVENT_EDITOR", b::event(o, e)),
            ("EVENT_STATUS", b::event_status(o, e)),
            ("EVENT_COPY", b::event_copy(o, e)),
            ("EVENT_REGISTRATIONS", b::event_registrations(o, e)),
            ("EVENT_CHECKIN", b::event_checkin(o, e)),
            ("EVENT_CHECKIN_UNDO", b::event_checkin_undo(o, e)),
            ("EVENT_RELEASE_HOLDS", b::event_release_holds(o, e)),
            ("EVENT_CERTIFICATES", b::event_certificates(o, e)),
            ("EVENT_CERTIFICATE", b::event_certificate(o, e, 7)),
            ("EVENT_ATTENDANCE", b::event_attendance(o, e, "csv")),
            ("SESSION_ATTENDANCE", b::session_attendance(o, e, 7, "xlsx")),
            ("EVENT_FINANCES", b::event_finances(o, e)),
            ("COST_LINE", b::cost_line(o, e, 7)),
            ("COST_LINE_REMOVE", b::cost_line_remove(o, e, 7)),
            ("COST_LINE_PAY_OUT", b::cost_line_pay_out(o, e, 7)),
            ("EVENT_FINANCES_CSV", b::event_finances_csv(o, e)),
            ("EVENT_FINANCES_XLSX", b::event_finances_xlsx(o, e)),
            ("EVENT_DOSSIER", b::event_dossier(o, e)),
            ("EVENT_DOSSIER_PDF", b::event_dossier_pdf(o, e)),
            ("EVENT_DOCUMENTS", b::event_documents(o, e)),
            ("EVENT_DOCUMENT_VISIBILITY", b::event_document_visibility(o, e, 7)),
            ("EVENT_DOCUMENT_REMOVE", b::event_document_remove(o, e, 7)),
            ("REPORT", b::report(o)),
            ("REPORT_CSV", b::report_csv(o)),
            ("REPORT_XLSX", b::report_xlsx(o)),
            ("REPORT_TABLE_CSV", b::report_table_csv(o, "per-soort.csv")),
            ("REPORT_ORGANISATION", b::report_organisation(o, 7)),
            ("REPORT_ORGANISATION_XLSX", b::report_organisation_xlsx(o, 7)),
            ("REPORT_ORGANISATION_CSV", b::report_organisation_csv(o, 7, "personen.csv")),
            ("FINANCES", b::finances(o)),
            ("FINANCES_CSV", b::finances_csv(o)),
            ("FINANCES_XLSX", b::finances_xlsx(o)),
            ("PAYMENT_FILES", b::payment_files(o)),
            ("PAYMENT_FILE_XML", b::payment_file_xml(o, 7)),
            ("PAYMENT_FILE_CANCEL", b::payment_file_cancel(o, 7)),
            ("EXPENSE_CLAIMS", b::expense_claims(o)),
            ("EXPENSE_RECEIPT", b::expense_receipt(o, 7, 8)),
            ("KM_RATE", b::km_rate(o)),
            ("INVOICES", b::invoices(o)),
            ("STATEMENT_IMPORT", b::statement_import(o)),
            ("INVOICE", b::invoice(o, 7)),
            ("INVOICE_PDF", b::invoice_pdf(o, 7)),
            ("INVOICE_UBL", b::invoice_ubl(o, 7)),
            ("ONLINE_PAYMENTS", b::online_payments(o)),
            ("REFUND", b::refund(o, 7)),
            ("PARTNERS", b::partners(o)),
            ("PARTNERS_IMPORT", b::partners_import(o)),
            ("PARTNER", b::partner(o, 7)),
        ]
    }

    #[test]
    fn every_pattern_with_a_parameter_has_a_builder_that_fills_it() {
        let built = built();
        for (name, pattern) in route::ALL {
            let has_parameter = pattern.contains(':');
            let builder = built.iter().find(|(n, _)| n == name);
            assert_eq!(builder.is_some(), has_parameter, "{name}: a builder exactly when the pattern has parameters");
            if let Some((_, path)) = builder {
                assert!(matches(pattern, path), "{name}: {path} does not match {pattern}");
                assert!(!path.contains(':'), "{name}: {path} left a parameter unfilled");
            }
        }
    }

    #[test]
    fn builds_the_addresses_the_site_always_had() {
        assert_eq!(event("biz-kempen", "vorming-x"), "/regio/biz-kempen/vorming-x");
        assert_eq!(backoffice::event_checkin("biz-kempen", 42), "/beheer/biz-kempen/activiteiten/42/inchecken");
        assert_eq!(
            backoffice::session_attendance("biz-kempen", 42, 7, "csv"),
            "/beheer/biz-kempen/activiteiten/42/sessies/7/aanwezigheden/csv"
        );
        assert_eq!(ticket_accept("abc"), "/ticket/abc/aannemen");
        assert_eq!(with_notice(&backoffice::settings("o"), "bewaard"), "/beheer/o/instellingen?melding=bewaard");
        assert_eq!(absolute("https://leernet.be/", &ticket("abc")), "https://leernet.be/ticket/abc");
    }

    #[test]
    fn matches_only_the_pattern() {
        assert!(matches(route::CATALOGUE, "/"));
        assert!(matches(route::ORGANISERS, "/regio"));
        assert!(matches(route::EVENT, "/regio/biz-kempen/vorming-x"));
        for path in ["/regio/", "/regio//x", "/regiox", "/regio/a/b/c", "", "/mijn"] {
            assert!(!matches(route::ORGANISER, path) && !matches(route::EVENT, path), "{path}");
        }
    }

    #[test]
    fn a_parameter_stays_inside_its_segment() {
        assert_eq!(organiser("a b/../c?d#e%"), "/regio/a%20b%2F..%2Fc%3Fd%23e%25");
        assert_eq!(event("café", "x"), "/regio/caf%C3%A9/x");
    }

    #[test]
    fn axum_gets_braces() {
        assert_eq!(
            axum(route::SESSION_ATTENDANCE),
            "/beheer/{organiser}/activiteiten/{event}/sessies/{session}/aanwezigheden/{format}"
        );
        assert_eq!(axum(route::CATALOGUE), "/");
        assert_eq!(axum(route::PROPOSALS), "/beheer/organisaties/voorstellen");
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = route::ALL.iter().map(|(n, _)| *n).collect();
        let mut patterns: Vec<_> = route::ALL.iter().map(|(_, p)| *p).collect();
        names.sort_unstable();
        patterns.sort_unstable();
        let count = names.len();
        names.dedup();
        patterns.dedup();
        assert_eq!((names.len(), patterns.len()), (count, count));
    }
}
