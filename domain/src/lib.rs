//! Leernet's domain: plain types and rules with no web or database types.
//!
//! Values that can only hold valid data ("parse, don't validate"): [`Email`],
//! [`Money`], [`OgmReference`], [`EnterpriseNumber`], [`Slug`], [`YearMonth`].
//! Rules: seat counting ([`capacity`]), registration windows ([`window`]),
//! catalogue filters ([`catalogue`]) and Dutch date formatting ([`dates`]).
//! Every status a stored row can have is an enum in [`statuses`] (with the
//! `sea-orm` feature, which only the store turns on, also a sea-orm
//! `ActiveEnum` stored as its text).

pub mod accounts;
pub mod api_tokens;
pub mod attendance;
pub mod backoffice;
pub mod bank;
pub mod calendar;
pub mod capacity;
pub mod catalogue;
pub mod certificates;
pub mod charts;
pub mod checkin;
pub mod clock;
pub mod connect;
pub mod csv_files;
pub mod dates;
pub mod door_sync;
pub mod dossier;
pub mod editor;
pub mod email;
pub mod enterprise;
pub mod expense_claims;
pub mod finances;
pub mod forms;
pub mod i18n;
pub mod iban;
pub mod invoicing;
pub mod kinds;
pub mod ledger;
pub mod limits;
pub mod listing;
pub mod mail;
pub mod money;
pub mod ogm;
pub mod online_payments;
pub mod overview;
pub mod partners;
pub mod password;
pub mod paths;
pub mod people;
pub mod privacy;
pub mod questions;
pub mod registration;
pub mod reminders;
pub mod reports;
pub mod sepa;
pub mod sign_in;
pub mod slug;
pub mod statuses;
pub mod stripe_signature;
pub mod trainer_fees;
pub mod trainers;
pub mod window;
pub mod xml;

pub use capacity::SeatsLeft;
pub use catalogue::{CatalogueFilter, FilterError, PriceFilter, YearMonth};
pub use email::Email;
pub use enterprise::EnterpriseNumber;
pub use iban::{Bic, Iban};
pub use kinds::{
    Audience, EventKind, EventStatus, OrganisationKind, Role, TicketEligibility, TrainerRole, UnknownCode,
};
pub use money::Money;
pub use ogm::OgmReference;
pub use slug::Slug;
pub use statuses::{
    CheckInMethod, ConnectStatus, CostStatus, InvoiceStatus, MailStatus, OrderStatus, PaymentFileStatus, PaymentKind,
    PaymentMethod, PaymentProvider, PaymentStatus, ProposalStatus, RegistrationStatus, VatStatus,
};
pub use window::RegistrationWindow;
