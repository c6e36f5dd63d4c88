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
