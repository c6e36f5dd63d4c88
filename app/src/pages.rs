//! One module per page.

pub mod account;
pub mod api_tokens;
pub mod backoffice;
pub mod catalogue;
pub mod editor;
pub mod event;
pub mod invoices;
pub mod not_found;
pub mod online_payments;
pub mod organisers;
pub mod partners;
pub mod payment;
pub mod people;
pub mod privacy;
pub mod registration;
pub mod registrations;
pub mod reports;
pub mod scanner;
pub mod ticket;
