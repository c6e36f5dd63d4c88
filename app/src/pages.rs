//! One module per page.

pub mod account;
pub mod api_tokens;
pub mod backoffice;
pub mod books;
pub mod catalogue;
pub mod connect;
pub mod dossier;
pub mod editor;
pub mod event;
pub mod expense_claims;
pub mod finances;
pub mod invoices;
pub mod not_found;
pub mod online_payments;
pub mod organisers;
pub mod overview;
pub mod partners;
pub mod payment;
pub mod payouts;
pub mod people;
pub mod privacy;
pub mod registration;
pub mod registrations;
pub mod reports;
pub mod scanner;
pub mod settings;
pub mod ticket;
pub mod trainer_fees;

/// The route's parameter `name`, read reactively ("" when absent).
fn param(name: &'static str) -> impl Fn() -> String + Copy {
    use leptos::prelude::With;
    let params = leptos_router::hooks::use_params_map();
    move || params.with(|p| p.get(name).unwrap_or_default())
}
