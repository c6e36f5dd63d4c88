//! Server functions, grouped by what they serve. They parse, call the store
//! and map errors; nothing else.

pub mod account;
pub mod backoffice;
pub mod catalogue;
pub mod editor;
pub mod partners;
pub mod payment;
pub mod people;
pub mod registration;
