//! The names of the HTML forms' fields, one module per form. The page's
//! markup (app), the parsers here in the domain and the server's handlers use
//! these constants, so a renamed field cannot leave its parser behind. Tests
//! keep the literal names: they post what a browser posts.
//!
//! Repeated rows are named `prefix-N-field` ([`super::row_field`]); a row's
//! prefix and its fields sit next to each other here. The forms whose names
//! were already constants beside their parser are listed here too.

/// The hidden field with the session's form token, in every signed-in post
/// (`app::components::post_form::PostForm`).
pub const FORM_TOKEN: &str = "csrf";

/// The submit button's name where one form has several buttons.
pub const ACTION: &str = "actie";

/// A partner organisation's edit form (`/beheer/<organiser>/organisaties/<id>`).
pub use crate::partners::field as partner;

/// A cost line of an event's books (`…/activiteiten/<event>/financien`).
pub use crate::finances::field as cost_line;

/// The signatory of the attendance certificates (the organiser's settings).
pub use crate::certificates::field as certificate_signatory;

/// The registration form (`/regio/<organiser>/<event>/inschrijven`).
pub mod registration {
    /// The rows of attendees: `deelnemer-N-…` with the fields of [`attendee`].
    pub use crate::registration::ATTENDEE;
    /// How many people a group module is for.
    pub use crate::registration::GROUP_SIZE;

    pub const TICKET: &str = "ticket";
    pub const BOOKER_NAME: &str = "besteller-naam";
    pub const BOOKER_EMAIL: &str = "besteller-email";
    /// `factuur`, or [`crate::registration::PAY_ONLINE`].
    pub const PAYMENT_METHOD: &str = "betaalwijze";
    pub const INVOICE_ORGANISATION: &str = "factuur-organisatie";
    pub const INVOICE_ENTERPRISE_NUMBER: &str = "factuur-ondernemingsnummer";
    pub const INVOICE_PO_REFERENCE: &str = "factuur-bestelbon";
    pub const CONSENT: &str = "toestemming";
    /// [`super::ACTION`]'s value of the button that adds an attendee row.
    pub const ADD_ATTENDEE: &str = "deelnemer-erbij";
    /// [`super::ACTION`]'s value of the button that registers.
    pub const REGISTER: &str = "inschrijven";

    /// The fields of one attendee row.
    pub mod attendee {
        pub const NAME: &str = "naam";
        pub const EMAIL: &str = "email";
        /// A partner organisation's id from the list.
        pub const ORGANISATION: &str = "organisatie";
        /// A workplace that is not on the list.
        pub const OTHER_ORGANISATION: &str = "andere-organisatie";
        /// Special needs (accessibility, diet …), free text.
        pub const NEEDS: &str = "noden";
    }
}

/// Inviting someone to an organiser's team (`/beheer/<organiser>/mensen`).
pub mod invitation {
    pub const NAME: &str = "naam";
    pub const EMAIL: &str = "email";
    pub const ROLE: &str = "rol";
    /// The partner organisation of a coordinator.
    pub const ORGANISATION: &str = "organisatie";
}

/// A new organiser with its first admin (`/beheer`, platform admins).
pub mod new_organiser {
    pub const NAME: &str = "naam";
    pub const SHORT_NAME: &str = "korte-naam";
    pub const EMAIL: &str = "email";
    pub const ADMIN_NAME: &str = "beheerder-naam";
    pub const ADMIN_EMAIL: &str = "beheerder-email";
}

/// A new API key (`/beheer/<organiser>/api`).
pub mod api_token {
    pub const NAME: &str = "naam";
    /// `lezen` or `schrijven`.
    pub const SCOPE: &str = "rechten";
}

/// How long an organiser keeps personal data (`/beheer/<organiser>/privacy`).
pub mod retention {
    pub const MONTHS: &str = "maanden";
}

/// Erasing one's own account (`/mijn/verwijderen`).
pub mod erase_account {
    /// The box that confirms it.
    pub const CONFIRM: &str = "bevestigen";
}

/// The event editor (`/beheer/<organiser>/activiteiten/nieuw` and
/// `…/activiteiten/<event>`). Rows: sessions, ticket types, trainers and
/// questions, each `prefix-N-field` with the fields of its module below.
pub mod editor {
    /// The session rows: `sessie-N-…` with the fields of [`session`].
    pub use crate::editor::SESSION;
    /// The ticket type rows: `ticket-N-…` with the fields of [`ticket`].
    pub use crate::editor::TICKET;
    /// The trainer rows: `lesgever-N-…` with the fields of [`trainer`].
    pub use crate::editor::TRAINER;
    /// The question rows: `vraag-N-…` with the fields of [`question`].
    pub use crate::questions::QUESTION;

    pub const TITLE: &str = "titel";
    /// An [`crate::EventKind`]'s code.
    pub const KIND: &str = "soort";
    pub const SUMMARY: &str = "samenvatting";
    pub const DESCRIPTION: &str = "beschrijving";
    pub const THEME: &str = "thema";
    /// An [`crate::Audience`]'s code.
    pub const AUDIENCE: &str = "doelpubliek";
    pub const CAPACITY: &str = "capaciteit";
    pub const REGISTRATION_OPENS: &str = "inschrijven-vanaf";
    pub const REGISTRATION_CLOSES: &str = "inschrijven-tot";
    pub const CANCELLATION_DEADLINE: &str = "annuleren-tot";
    /// The largest group of a group module.
    pub const GROUP_MAX: &str = "groep-max";
    /// The box that turns the reminder mail before each day on
    /// ([`crate::reminders::ON`]); unticked, none is sent.
    pub const REMINDER: &str = "herinnering";
    /// How many days before a day its reminder goes out.
    pub const REMINDER_DAYS: &str = "herinnering-dagen";
    /// "What to bring", written in the reminder.
    pub const REMINDER_BRING: &str = "meebrengen";
    /// The venue that a session's [`session::VENUE`] `nieuw` stands for.
    pub const NEW_VENUE_NAME: &str = "nieuwe-locatie-naam";
    pub const NEW_VENUE_STREET: &str = "nieuwe-locatie-straat";
    pub const NEW_VENUE_POSTCODE: &str = "nieuwe-locatie-postcode";
    pub const NEW_VENUE_CITY: &str = "nieuwe-locatie-gemeente";

    /// [`super::ACTION`]'s value of the buttons that save the event.
    pub const SAVE: &str = "opslaan";
    /// [`super::ACTION`]'s values of the buttons that add an empty row.
    pub const ADD_SESSION: &str = "sessie-erbij";
    pub const ADD_TICKET: &str = "ticket-erbij";
    pub const ADD_TRAINER: &str = "lesgever-erbij";
    pub const ADD_QUESTION: &str = "vraag-erbij";

    /// The hidden id of a saved row (sessions, ticket types, questions).
    pub const ROW_ID: &str = "id";
    /// The checkbox that removes a row.
    pub const REMOVE: &str = "weg";

    /// The fields of a session row.
    pub mod session {
        pub const TITLE: &str = "titel";
        pub const DATE: &str = "datum";
        pub const STARTS: &str = "van";
        pub const ENDS: &str = "tot";
        pub const TRACK: &str = "spoor";
        /// A venue's id, empty, or [`crate::editor::NEW`].
        pub const VENUE: &str = "locatie";
    }

    /// The fields of a ticket type row.
    pub mod ticket {
        pub const NAME: &str = "naam";
        pub const PRICE: &str = "prijs";
        /// A [`crate::TicketEligibility`]'s code.
        pub const ELIGIBILITY: &str = "voor";
        pub const SEATS: &str = "plaatsen";
    }

    /// The fields of a trainer row.
    pub mod trainer {
        /// A trainer's id, or [`crate::editor::NEW`] for the name below.
        pub const WHO: &str = "wie";
        pub const NAME: &str = "naam";
        pub const AFFILIATION: &str = "organisatie";
        /// A [`crate::TrainerRole`]'s code.
        pub const ROLE: &str = "rol";
        pub const FEE: &str = "vergoeding";
    }

    /// The fields of a question row.
    pub mod question {
        /// A [`crate::questions::QuestionKind`]'s code.
        pub const KIND: &str = "soort";
        pub const LABEL: &str = "label";
        pub const REQUIRED: &str = "verplicht";
        /// The choices of a choice question, one a line.
        pub const OPTIONS: &str = "opties";
    }
}

/// Publishing or cancelling an event from the dashboard
/// (`/beheer/<organiser>/activiteiten/<event>/status`).
pub mod event_status {
    /// [`super::ACTION`]'s values.
    pub const PUBLISH: &str = "publiceren";
    pub const CANCEL: &str = "annuleren";
}

/// Check-in at the door (`/beheer/<organiser>/activiteiten/<event>/inchecken`):
/// the scanner page's forms, and its address, where each check-in's answer
/// redirects to.
pub mod check_in {
    pub const SESSION: &str = "sessie";
    /// The door's name, kept in every form and in the address.
    pub const DOOR: &str = "deur";
    /// What the handheld scanner or the camera read.
    pub const TICKET: &str = "ticket";
    /// A registration found by name and marked present.
    pub const REGISTRATION: &str = "registratie";
    /// The name search.
    pub const SEARCH: &str = "zoek";
    /// `ja`: check in for another session than the ticket's.
    pub const OTHER_SESSION: &str = "andere-sessie";
    /// In the address only: what the last scan came to.
    pub const OUTCOME: &str = "uitkomst";
}

/// Signing in (`/aanmelden`): the link by e-mail, or a password.
pub mod sign_in {
    pub const EMAIL: &str = "email";
    pub const PASSWORD: &str = "wachtwoord";
    /// The sign-in link's token, posted back from its confirmation page.
    pub const TOKEN: &str = "token";
}

/// Setting, changing or removing one's password (`/mijn`, posted to
/// `/mijn/wachtwoord`).
pub mod password {
    pub const CURRENT: &str = "huidig";
    pub const NEW: &str = "wachtwoord";
    pub const REPEAT: &str = "herhaling";
    /// [`super::ACTION`]'s value of the button that removes the password.
    pub const REMOVE: &str = "verwijderen";
}

/// The language switch in every page's header (`/taal`).
pub mod language {
    /// A [`crate::i18n::Locale`]'s code.
    pub const LOCALE: &str = "taal";
    /// The page to go back to.
    pub const BACK: &str = "terug";
}

/// The catalogue's filters (`/`, `/regio/<organiser>`), a `GET` form: its
/// names are the address's query parameters.
pub mod catalogue {
    pub const REGION: &str = "regio";
    pub const KIND: &str = "soort";
    pub const MONTH: &str = "maand";
    pub const THEME: &str = "thema";
    pub const PRICE: &str = "prijs";
    pub const SEARCH: &str = "zoek";
}

/// Importing partner organisations from a CSV
/// (`/beheer/<organiser>/organisaties/importeren`).
pub mod partner_import {
    /// The pasted text, and the text posted back with the confirmation.
    pub const TEXT: &str = "csv";
    /// An uploaded file, which takes the place of the text.
    pub const FILE: &str = "bestand";
    /// `1`: import what the preview showed.
    pub const CONFIRM: &str = "bevestigen";
}

/// The partner list's search (`/beheer/<organiser>/organisaties`, a `GET` form).
pub mod partner_search {
    pub const QUERY: &str = "q";
}

/// A platform admin's decision on a proposed partner
/// (`/beheer/organisaties/voorstellen`).
pub mod proposal {
    /// The proposal's id.
    pub const PROPOSAL: &str = "voorstel";
    /// [`ACCEPT`] or [`REJECT`].
    pub const DECISION: &str = "besluit";
    pub const ACCEPT: &str = "aanvaarden";
    pub const REJECT: &str = "afwijzen";
}

/// Releasing the seats an unfinished booking holds (the participant list's
/// button, posted to `…/activiteiten/<event>/vrijgeven`).
pub mod release_hold {
    /// The order's reference.
    pub const ORDER: &str = "bestelling";
}

/// A large group's booker confirms it (`/inschrijving/bevestigen`).
pub mod confirm_booking {
    pub const TOKEN: &str = "token";
}

/// An invoice's page (`/beheer/<organiser>/facturen/<id>`).
pub mod invoice {
    /// [`super::ACTION`]'s value of the "mark as paid" button.
    pub const MARK_PAID: &str = "betaald";
}

/// The bank statement import (`/beheer/<organiser>/facturen/afschrift`):
/// the statement pasted or uploaded, then confirmed from its preview.
pub mod bank_statement {
    /// The statement's text (pasted, or the upload's content).
    pub const TEXT: &str = "afschrift";
    /// The uploaded file (CODA or CSV).
    pub const FILE: &str = "bestand";
    /// Set to [`CONFIRMED`] by the preview's button: book the lines.
    pub const CONFIRM: &str = "bevestigen";
    pub const CONFIRMED: &str = "1";
}

/// The year chooser of the yearly pages (reports, books), a `GET` form.
pub mod year {
    pub const YEAR: &str = "jaar";
}
