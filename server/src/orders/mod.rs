//! One order's lifecycle, the server's half: each step runs its store step
//! (`store::orders`) and then its side effects: Stripe calls, and the mails,
//! which are all written in [`mails`]. The HTML form, the JSON API, Stripe's
//! webhook and the workers call these; none of them calls another. The steps
//! call only those listed before them (`server/tests/module_graph.rs` keeps
//! the crate free of import loops):
//!
//! | module | what |
//! |---|---|
//! | [`mails`] | every mail of the lifecycle: confirmations and tickets, a group's confirmation link, offers, cancellations |
//! | [`pay`] | the Checkout Session of a held order; releasing a hold that will not be paid |
//! | [`settle`] | where a payment is confirmed: applying how a Checkout Session ended |
//! | [`refund`] | making refunds at Stripe and taking in its answers |
//! | [`cancel`] | after a cancellation: its mails, then its refunds |
//!
//! The forms and the API that start these live in `registration.rs` (the
//! form), `api_registrations.rs` (the API), `payments.rs` (Stripe's webhook,
//! the payer's return, the payments worker), `waitlist.rs` (taking an offer,
//! the offers worker) and `holds.rs` (staff releasing a hold).

pub mod cancel;
pub mod mails;
pub mod pay;
pub mod refund;
pub mod settle;
