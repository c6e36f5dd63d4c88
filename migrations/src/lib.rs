//! Leernet's schema, one set of migrations for SQLite and PostgreSQL.
//!
//! Money is stored as integer cents, seats as integer counters guarded by CHECK
//! constraints, and every natural key has a unique index, so the database itself
//! refuses overselling, double counting and duplicate numbers.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_directory;
mod m20261123_000002_create_events;
mod m20261123_000003_create_registrations_and_money;
mod m20261123_000004_create_mail_outbox;
mod m20261123_000005_create_accounts;
mod m20261123_000006_create_audit_log;
mod m20261124_000007_order_parties;
mod m20261124_000008_mail_attachments;
mod m20261125_000009_stripe_checkout;
mod m20261125_000010_invoicing;
mod m20261125_000011_api_tokens;
mod m20261125_000013_questions_and_group_bookings;
mod m20261125_000014_privacy;
mod m20261126_000015_order_locale;
mod m20261127_000016_report_index;
mod m20261128_000017_site_revision;
mod m20261203_000018_cost_line_payouts;
mod m20261203_000019_certificates;
mod m20261207_000030_seat_holds;
mod m20261207_000031_unconfirmed_status;
mod m20261207_000040_partner_ownership;
mod m20261207_000060_session_link_sign_in;
mod m20261208_000110_check_in_door;
mod m20261208_000210_door_sync;
mod m20261208_000310_organiser_signatory;
mod m20261209_000410_cost_line_approval;
mod m20261209_000410_invoice_rounding;

mod m20261209_000470_sepa_transfers;
mod m20261210_000510_ledger;
mod m20261210_000520_connect_accounts;
mod m20261210_000540_expense_claims;
mod m20261211_000610_participation_counters;
mod m20261211_000620_event_documents;
mod m20261211_000650_calendar_feeds;
mod m20261212_000710_reminders;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_directory::Migration),
            Box::new(m20261123_000002_create_events::Migration),
            Box::new(m20261123_000003_create_registrations_and_money::Migration),
            Box::new(m20261123_000004_create_mail_outbox::Migration),
            Box::new(m20261123_000005_create_accounts::Migration),
            Box::new(m20261123_000006_create_audit_log::Migration),
            Box::new(m20261124_000007_order_parties::Migration),
            Box::new(m20261124_000008_mail_attachments::Migration),
            Box::new(m20261125_000009_stripe_checkout::Migration),
            Box::new(m20261125_000010_invoicing::Migration),
            Box::new(m20261125_000011_api_tokens::Migration),
            Box::new(m20261125_000013_questions_and_group_bookings::Migration),
            Box::new(m20261125_000014_privacy::Migration),
            Box::new(m20261126_000015_order_locale::Migration),
            Box::new(m20261127_000016_report_index::Migration),
            Box::new(m20261128_000017_site_revision::Migration),
            Box::new(m20261203_000018_cost_line_payouts::Migration),
            Box::new(m20261203_000019_certificates::Migration),
            Box::new(m20261207_000030_seat_holds::Migration),
            Box::new(m20261207_000031_unconfirmed_status::Migration),
            Box::new(m20261207_000040_partner_ownership::Migration),
            Box::new(m20261207_000060_session_link_sign_in::Migration),
            Box::new(m20261208_000110_check_in_door::Migration),
            Box::new(m20261208_000210_door_sync::Migration),
            Box::new(m20261208_000310_organiser_signatory::Migration),
            Box::new(m20261209_000410_invoice_rounding::Migration),
            Box::new(m20261209_000410_cost_line_approval::Migration),
            Box::new(m20261209_000470_sepa_transfers::Migration),
            Box::new(m20261210_000510_ledger::Migration),
            Box::new(m20261210_000520_connect_accounts::Migration),
            Box::new(m20261210_000540_expense_claims::Migration),
            Box::new(m20261211_000610_participation_counters::Migration),
            Box::new(m20261211_000620_event_documents::Migration),
            Box::new(m20261211_000650_calendar_feeds::Migration),
            Box::new(m20261212_000710_reminders::Migration),
        ]
    }
}

/// A foreign key from `table.column` to `target.id`.
pub(crate) fn fk<T, C, U>(table: T, column: C, target: U, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement
where
    T: IntoIden + 'static,
    C: IntoIden + 'static,
    U: IntoIden + 'static,
{
    ForeignKey::create()
        .from(table, column)
        .to(target, Alias::new("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}
