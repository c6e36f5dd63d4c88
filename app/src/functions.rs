//! Server functions, grouped by what they serve. They parse, call the store
//! and map errors; nothing else.

pub mod account;
pub mod api_tokens;
pub mod backoffice;
pub mod books;
pub mod catalogue;
pub mod checkin;
pub mod connect;
pub mod dossier;
pub mod editor;
pub mod expense_claims;
pub mod finances;
pub mod invoices;
pub mod online_payments;
pub mod overview;
pub mod partners;
pub mod payment;
pub mod payouts;
pub mod people;
pub mod privacy;
pub mod registration;
pub mod reports;
pub mod settings;
pub mod trainer_fees;
