//! Integration tests: the real server on a random port, against a fresh
//! database per test, on SQLite and on PostgreSQL.

mod helpers;

mod accounts;
mod api;
mod attendance_files;
mod backoffice;
mod calendar_feeds;
mod catalogue;
mod certificates;
mod checkin;
mod connect;
mod counters;
mod door_sync;
mod dossier;
mod editor;
mod expense_claims;
mod finances;
mod finances_export;
mod invoices;
mod isolation;
mod languages;
mod ledger;
mod limits;
mod mail;
mod operations;
mod partners;
mod payments;
mod payouts;
mod people;
mod privacy;
mod registration;
mod registrations_api;
mod reminders;
mod reports;
mod scopes;
mod trainer_fees;
