//! sea-orm entities, one per table (hand-written, classic compact format).

pub mod audit_entry;
pub mod check_in;
pub mod cost_line;
pub mod event;
pub mod event_session;
pub mod event_trainer;
pub mod mail_outbox;
pub mod membership;
pub mod municipality;
pub mod order;
pub mod organisation;
pub mod organiser;
pub mod partnership;
pub mod payment;
pub mod person;
pub mod processed_webhook;
pub mod rate_limit_hit;
pub mod registration;
pub mod session;
pub mod sign_in_token;
pub mod ticket;
pub mod ticket_type;
pub mod trainer;
pub mod venue;
