//! One order's lifecycle, in one direction: an order is booked, paid, its
//! payment settled, it may be cancelled and refunded, and every freed seat is
//! offered to the waiting list. Each step is a module that calls only the
//! steps listed before it (a test in `server/tests` keeps the crate's module
//! graph free of loops):
//!
//! | module | what | a newcomer's question |
//! |---|---|---|
//! | [`seats`] | taking and giving back seats in one guarded statement; holds per booker | where is capacity decided? |
//! | [`book`] | what the form offers, registering an order, a group's confirmation by mail, tickets | where is a registration taken? |
//! | [`waitlist`] | offering a freed seat to the next in line, taking it, lapsed offers | where does a freed seat go? |
//! | [`pay`] | holding seats while paying online, the Checkout Session, a lapsed hold | where is an online payment started? |
//! | [`settle`] | recording a paid session once and confirming its seats | where is a payment confirmed? |
//! | [`refund`] | planning, recording and retrying refunds | where is a refund recorded? |
//! | [`cancel`] | every way a registration is cancelled, with its credit note or refund | where is a cancellation made? |
//!
//! The placement rules themselves (confirmed, waitlisted, unconfirmed) are the
//! domain's (`domain::registration`); these modules read and write them in
//! the database. The server's `orders` module runs these steps and then their
//! side effects (Stripe, mails). Run the writes in a write transaction
//! (`crate::begin_write`).

pub mod book;
pub mod cancel;
pub mod pay;
pub mod refund;
pub mod seats;
pub mod settle;
pub mod waitlist;
