//! Registering for an event: who comes (one person or a group of colleagues),
//! on which ticket type, who pays and how. The form as typed becomes a
//! [`RegistrationRequest`] that can only hold valid values; whether the seats
//! are there is decided by the store, in the same statement that takes them.

use crate::email::Email;
use crate::enterprise::EnterpriseNumber;
use crate::forms::Message;
use crate::kinds::{Audience, TicketEligibility};
use crate::money::Money;
use crate::questions::{Answer, Question};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The form and the API's body as sent, and how they become a [`RegistrationRequest`].
mod input;
pub use input::{
    AttendeeField, AttendeeInput, BookerInput, GroupInput, InvoiceInput, OrganisationInput, PaymentInput,
    RegistrationErrors, RegistrationField, RegistrationInput,
};

pub const ATTENDEE: &str = "deelnemer";
/// A group booking has at most this many people; bigger groups talk to the organiser.
pub const MAX_ATTENDEES: usize = 25;

/// A ticket type as the registration form offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketOption {
    pub id: i32,
    pub name: String,
    pub price: Money,
    pub eligibility: TicketEligibility,
}

/// What the form offers to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationChoices {
    pub audience: Audience,
    pub tickets: Vec<TicketOption>,
    /// The organiser's partner organisations: (id, name).
    pub partners: Vec<(i32, String)>,
    /// What the event asks each attendee.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Set for a group module: booked by one contact person for a group.
    #[serde(default)]
    pub group: Option<GroupOffer>,
}

/// How a group module is booked: the organisation says how many of its
/// clients come and on which dates it wants the sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOffer {
    /// The largest group the module takes.
    pub max_participants: u32,
    /// The module's sessions as planned: (title, date), in order. The planned
    /// dates are the form's proposal.
    pub sessions: Vec<(String, NaiveDate)>,
    /// No session can be asked for before this day.
    pub earliest: NaiveDate,
}

/// A group module's booking: how many clients, and a date per session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupBooking {
    pub participants: u32,
    /// One per session of the module, strictly in order.
    pub dates: Vec<NaiveDate>,
}

/// Form fields of a group booking.
pub const GROUP_SIZE: &str = "groep-aantal";

/// The form field of the date asked for session `index` of a group module.
pub fn group_date_field(index: usize) -> String {
    format!("groep-datum-{index}")
}

/// Which organisation an attendee works for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Workplace {
    /// One of the organiser's partners.
    Partner(i32),
    /// Another organisation, by name.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub email: Email,
    pub workplace: Workplace,
    /// Anything else the organiser must know to welcome them.
    pub needs: Option<String>,
    /// Answers to the event's questions.
    #[serde(default)]
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Payment {
    /// Nothing to pay.
    Free,
    /// The organisation pays on invoice (what OCMWs usually need).
    Invoice { organisation: String, enterprise_number: EnterpriseNumber, po_reference: Option<String> },
    /// Paid now, online (card or Bancontact through Stripe Checkout); the
    /// seats are held until the payment comes through or the session expires.
    Online,
}

/// The form's value for paying online (field `betaalwijze`).
pub const PAY_ONLINE: &str = "online";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    pub ticket: TicketOption,
    pub attendees: Vec<Attendee>,
    pub booker_name: String,
    pub booker_email: Email,
    pub payment: Payment,
    /// Set for a group module.
    #[serde(default)]
    pub group: Option<GroupBooking>,
}

impl RegistrationRequest {
    /// What the whole order costs.
    pub fn total(&self) -> Money {
        self.ticket.price * u32::try_from(self.attendees.len()).unwrap_or(u32::MAX)
    }
}

/// Why a registration was not taken (besides a broken database).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationRefusal {
    /// Not a published event, or not this organiser's.
    UnknownEvent,
    /// Registration is not open (not yet, or no more).
    Closed,
    /// The ticket type is not (or no longer) offered.
    UnknownTicket,
    /// Someone in the group is already registered (by address).
    AlreadyRegistered(Email),
    /// The booker (by address) or their client already holds `held` seats
    /// not yet paid or confirmed; with these more than `limit`.
    TooManySeatsHeld { held: u64, limit: u32 },
}

impl RegistrationRefusal {
    /// Why, for the user (next to the field it concerns).
    pub fn message(&self) -> Message {
        match self {
            RegistrationRefusal::UnknownEvent => Message::new("validation.registration_unknown_event"),
            RegistrationRefusal::Closed => Message::new("validation.registration_closed"),
            RegistrationRefusal::UnknownTicket => Message::new("validation.registration_unknown_ticket"),
            RegistrationRefusal::AlreadyRegistered(email) => {
                Message::with("validation.already_registered", &[("email", email.as_str())])
            }
            RegistrationRefusal::TooManySeatsHeld { held, limit } => Message::with(
                "validation.too_many_seats_held",
                &[("held", &held.to_string()), ("limit", &limit.to_string())],
            ),
        }
    }

    /// [`RegistrationRefusal::message`] in Dutch.
    pub fn message_nl(&self) -> String {
        self.message().text(crate::i18n::Locale::Nl)
    }
}

/// What happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// Everyone has a seat.
    Confirmed,
    /// Not enough seats for the whole group: everyone is on the waiting list.
    Waitlisted,
}

/// Where a new order's registrations stand: the placement rules. The store
/// finds out whether the order's seats were there (in the one guarded
/// statement that takes them, `store::orders::seats`); how they are held
/// follows from how the order is paid and who booked it, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seating {
    pub placement: Placement,
    /// Paid online (and not free): the seats wait for the payment.
    pub paying_online: bool,
    /// A large group of an untrusted booker, paid otherwise: the seats wait
    /// for the booker's confirmation by mail.
    pub needs_confirmation: bool,
}

impl Seating {
    /// `attendees` people booked by a booker (`trusted`: see
    /// [`crate::limits::booker_trusted`]), paying online or not.
    pub fn new(placement: Placement, paying_online: bool, attendees: usize, trusted: bool) -> Self {
        // Online payment is its own proof of intent (and bounded by the holds
        // per booker); a large group paid otherwise waits for its booker's
        // confirmation by mail.
        let needs_confirmation = !paying_online && crate::limits::needs_mail_confirmation(attendees, trusted);
        Seating { placement, paying_online, needs_confirmation }
    }

    /// Seats taken but not yet paid or confirmed: bounded per booker and client.
    pub fn holds(self) -> bool {
        self.placement == Placement::Confirmed && (self.paying_online || self.needs_confirmation)
    }

    /// The seats are taken and wait for the online payment.
    pub fn awaiting_payment(self) -> bool {
        self.paying_online && self.placement == Placement::Confirmed
    }

    /// The status each registration of the order starts in.
    pub fn status(self) -> crate::statuses::RegistrationStatus {
        use crate::statuses::RegistrationStatus;
        match self.placement {
            Placement::Confirmed if self.awaiting_payment() => RegistrationStatus::PendingPayment,
            Placement::Confirmed if self.needs_confirmation => RegistrationStatus::Unconfirmed,
            Placement::Confirmed => RegistrationStatus::Confirmed,
            Placement::Waitlisted => RegistrationStatus::Waitlisted,
        }
    }

    /// Tickets are issued at once only for seats neither waiting for a
    /// payment nor for a confirmation.
    pub fn tickets_now(self) -> bool {
        self.placement == Placement::Confirmed && !self.awaiting_payment() && !self.needs_confirmation
    }
}

/// One of the signed-in person's own registrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRegistration {
    pub event_title: String,
    /// `/regio/<organiser>/<event>`
    pub event_path: String,
    pub starts_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub status: crate::RegistrationStatus,
    pub ticket_code: Option<String>,
    /// Its attendance certificate was sent: `/ticket/<code>/attest` has it.
    pub certificate: bool,
}

/// A registration's status in words, as its holder reads it.
pub fn status_label_in(locale: crate::i18n::Locale, status: crate::RegistrationStatus) -> &'static str {
    use crate::RegistrationStatus as S;
    let key = match status {
        S::Confirmed => "my_status.confirmed",
        S::PendingPayment => "my_status.pending_payment",
        S::Unconfirmed => "my_status.unconfirmed",
        S::Waitlisted => "my_status.waitlisted",
        S::Offered => "my_status.offered",
        S::Cancelled => "my_status.cancelled",
    };
    crate::i18n::text(locale, key)
}

/// Whether `code` has the shape of a ticket code as Leernet makes them: 256
/// random bits as 64 hex characters. Anything else is nobody's ticket, before
/// any database lookup.
pub fn is_ticket_code(code: &str) -> bool {
    code.len() == 64 && code.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A ticket as its holder sees it (the page behind the link in their mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub event_title: String,
    /// `/regio/<organiser>/<event>`
    pub event_path: String,
    pub organiser: String,
    pub attendee: String,
    pub organisation: Option<String>,
    pub ticket_type: String,
    pub reference: String,
    pub status: crate::RegistrationStatus,
    pub sessions: Vec<TicketSession>,
    /// The holder may still cancel (before the event's deadline).
    pub cancellable: bool,
    /// For a seat offered from the waiting list: take it before this moment.
    pub offer_expires_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The QR code of the ticket's address, as an SVG document.
    pub qr_svg: String,
    /// Its attendance certificate was sent: `/ticket/<code>/attest` has it.
    pub certificate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSession {
    pub title: String,
    pub starts_at: chrono::DateTime<chrono::FixedOffset>,
    pub ends_at: chrono::DateTime<chrono::FixedOffset>,
    pub venue: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::RawForm;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn choices(audience: Audience) -> RegistrationChoices {
        RegistrationChoices {
            audience,
            tickets: vec![
                TicketOption {
                    id: 1,
                    name: "Partner".into(),
                    price: Money::ZERO,
                    eligibility: TicketEligibility::Partners,
                },
                TicketOption {
                    id: 2,
                    name: "Extern".into(),
                    price: Money::from_euros(95),
                    eligibility: TicketEligibility::Externals,
                },
            ],
            partners: vec![(7, "OCMW Geel".into())],
            questions: Vec::new(),
            group: None,
        }
    }

    fn group() -> Vec<(&'static str, &'static str)> {
        vec![
            ("ticket", "1"),
            ("deelnemer-0-naam", "An Peeters"),
            ("deelnemer-0-email", "an@ocmw-geel.test"),
            ("deelnemer-0-organisatie", "7"),
            ("deelnemer-1-naam", "Bart Claes"),
            ("deelnemer-1-email", "bart@ocmw-geel.test"),
            ("deelnemer-1-organisatie", "7"),
            ("deelnemer-1-noden", "vegetarisch"),
            ("deelnemer-2-naam", ""),
            ("deelnemer-2-email", ""),
            ("besteller-naam", "An Peeters"),
            ("besteller-email", "an@ocmw-geel.test"),
            ("toestemming", "on"),
        ]
    }

    #[test]
    fn a_colleague_registers_two_people_for_free() {
        let request = RegistrationRequest::parse(&form(&group()), &choices(Audience::Partners)).unwrap();
        assert_eq!(request.attendees.len(), 2);
        assert_eq!(request.attendees[1].needs.as_deref(), Some("vegetarisch"));
        assert_eq!(request.payment, Payment::Free);
        assert_eq!(request.total(), Money::ZERO);
    }

    #[test]
    fn externals_pay_on_invoice_and_say_who_pays() {
        let mut pairs = vec![
            ("ticket", "2"),
            ("deelnemer-0-naam", "Cis Dewit"),
            ("deelnemer-0-email", "cis@schuldhulp.test"),
            ("deelnemer-0-andere-organisatie", "Advocatenkantoor Dewit"),
            ("besteller-naam", "Cis Dewit"),
            ("besteller-email", "cis@schuldhulp.test"),
            ("toestemming", "on"),
        ];
        let errors = RegistrationRequest::parse(&form(&pairs), &choices(Audience::Public)).unwrap_err();
        assert!(errors.get("factuur-organisatie").is_some());
        pairs.push(("factuur-organisatie", "Advocatenkantoor Dewit"));
        // Without an enterprise number the invoice has no Peppol address.
        let errors = RegistrationRequest::parse(&form(&pairs), &choices(Audience::Public)).unwrap_err();
        assert!(errors.get("factuur-ondernemingsnummer").unwrap().contains("Peppol"));
        pairs.push(("factuur-ondernemingsnummer", "0207.520.811"));
        let errors = RegistrationRequest::parse(&form(&pairs), &choices(Audience::Public)).unwrap_err();
        assert!(errors.get("factuur-ondernemingsnummer").is_some(), "a wrong check digit is refused");
        pairs.pop();
        pairs.push(("factuur-ondernemingsnummer", "0207.520.810"));
        let request = RegistrationRequest::parse(&form(&pairs), &choices(Audience::Public)).unwrap();
        assert_eq!(request.total(), Money::from_euros(95));
        assert!(matches!(request.payment, Payment::Invoice { .. }));
    }

    #[test]
    fn externals_may_pay_online_without_invoice_details() {
        let pairs = vec![
            ("ticket", "2"),
            ("deelnemer-0-naam", "Cis Dewit"),
            ("deelnemer-0-email", "cis@schuldhulp.test"),
            ("deelnemer-0-andere-organisatie", "Advocatenkantoor Dewit"),
            ("besteller-naam", "Cis Dewit"),
            ("besteller-email", "cis@schuldhulp.test"),
            ("betaalwijze", PAY_ONLINE),
            ("toestemming", "on"),
        ];
        let request = RegistrationRequest::parse(&form(&pairs), &choices(Audience::Public)).unwrap();
        assert_eq!(request.payment, Payment::Online);
        // A free ticket never asks for a payment, whatever the form says.
        let mut free = group();
        free.push(("betaalwijze", PAY_ONLINE));
        let request = RegistrationRequest::parse(&form(&free), &choices(Audience::Partners)).unwrap();
        assert_eq!(request.payment, Payment::Free);
    }

    #[test]
    fn who_may_come_is_checked_per_attendee() {
        let mut pairs = group();
        pairs.push(("deelnemer-3-naam", "Dirk Extern"));
        pairs.push(("deelnemer-3-email", "an@ocmw-geel.test"));
        pairs.push(("deelnemer-3-andere-organisatie", "Elders"));
        let errors = RegistrationRequest::parse(&form(&pairs), &choices(Audience::Partners)).unwrap_err();
        assert!(errors.get("deelnemer-3-email").unwrap().contains("al bij een andere deelnemer"));
        assert!(
            errors.get("deelnemer-3-organisatie").unwrap().contains("enkel voor medewerkers van partnerorganisaties")
        );
        let errors = RegistrationRequest::parse(&form(&[("ticket", "9")]), &choices(Audience::Public)).unwrap_err();
        for field in ["ticket", "deelnemer-0-naam", "besteller-naam", "besteller-email", "toestemming"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    fn module() -> RegistrationChoices {
        let day = |d: u32| NaiveDate::from_ymd_opt(2027, 2, d).unwrap();
        RegistrationChoices {
            group: Some(GroupOffer {
                max_participants: 12,
                sessions: vec![("Sessie 1".into(), day(1)), ("Sessie 2".into(), day(8))],
                earliest: day(1),
            }),
            questions: vec![Question {
                key: 1,
                kind: crate::questions::QuestionKind::Diet,
                label: "Dieetwensen".into(),
                required: true,
                options: crate::questions::DIETS.iter().map(|d| d.to_string()).collect(),
            }],
            ..choices(Audience::Partners)
        }
    }

    fn booking() -> Vec<(&'static str, &'static str)> {
        vec![
            ("ticket", "1"),
            ("deelnemer-0-naam", "An Peeters"),
            ("deelnemer-0-email", "an@ocmw-geel.test"),
            ("deelnemer-0-organisatie", "7"),
            ("deelnemer-0-vraag-1", "Halal"),
            ("groep-aantal", "9"),
            ("groep-datum-0", "2027-02-03"),
            ("groep-datum-1", "10/02/2027"),
            ("besteller-naam", "An Peeters"),
            ("besteller-email", "an@ocmw-geel.test"),
            ("toestemming", "on"),
        ]
    }

    #[test]
    fn an_organisation_books_a_group_module_with_its_dates() {
        let request = RegistrationRequest::parse(&form(&booking()), &module()).unwrap();
        let group = request.group.expect("a group booking");
        assert_eq!(group.participants, 9);
        assert_eq!(group.dates[1], NaiveDate::from_ymd_opt(2027, 2, 10).unwrap());
        assert_eq!(request.attendees[0].answers[0].value, "Halal");
    }

    #[test]
    fn a_group_booking_has_a_size_within_the_limit_and_dates_in_order() {
        let mut pairs = booking();
        pairs.retain(|(k, _)| !k.starts_with("groep-") && !k.contains("vraag"));
        pairs.extend([("groep-aantal", "13"), ("groep-datum-0", "2027-01-20"), ("groep-datum-1", "2027-02-03")]);
        pairs.extend([
            ("deelnemer-1-naam", "Bart Claes"),
            ("deelnemer-1-email", "bart@ocmw-geel.test"),
            ("deelnemer-1-organisatie", "7"),
        ]);
        let errors = RegistrationRequest::parse(&form(&pairs), &module()).unwrap_err();
        assert_eq!(errors.get("groep-aantal").as_deref(), Some("Deze module is voor hoogstens 12 deelnemers."));
        assert_eq!(errors.get("groep-datum-0").as_deref(), Some("Kies een datum vanaf 01/02/2027."));
        assert!(errors.get("deelnemer-0-naam").unwrap().contains("één contactpersoon"));
        assert_eq!(errors.get("deelnemer-0-vraag-1").as_deref(), Some("Beantwoord deze vraag."));

        let mut pairs = booking();
        pairs.retain(|(k, _)| *k != "groep-datum-1");
        pairs.push(("groep-datum-1", "2027-02-03"));
        let errors = RegistrationRequest::parse(&form(&pairs), &module()).unwrap_err();
        assert_eq!(errors.get("groep-datum-1").as_deref(), Some("Elke sessie valt na de vorige."));
    }

    mod properties {
        use super::*;
        use crate::forms::fuzz::{config, mutated};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(config())]

            /// Any value in any field, and fields added, give a request or errors.
            #[test]
            fn any_registration_form_is_read_or_refused(f in mutated(form(&group()))) {
                for choices in [choices(Audience::Partners), choices(Audience::Public)] {
                    if let Ok(request) = RegistrationRequest::parse(&f, &choices) {
                        prop_assert!(!request.attendees.is_empty());
                        prop_assert!(request.attendees.len() <= MAX_ATTENDEES);
                    }
                }
            }

            #[test]
            fn any_group_booking_is_read_or_refused(f in mutated(form(&booking()))) {
                let _ = RegistrationRequest::parse(&f, &module());
            }
        }
    }

    #[test]
    fn seating_decides_each_registrations_status() {
        use crate::statuses::RegistrationStatus;
        let big = crate::limits::MAX_UNCONFIRMED_GROUP + 1;
        let seat = |placement, online, attendees, trusted| Seating::new(placement, online, attendees, trusted);
        let plain = seat(Placement::Confirmed, false, 1, false);
        assert_eq!((plain.status(), plain.holds(), plain.tickets_now()), (RegistrationStatus::Confirmed, false, true));
        let paying = seat(Placement::Confirmed, true, big, false);
        assert_eq!(
            (paying.status(), paying.holds(), paying.tickets_now()),
            (RegistrationStatus::PendingPayment, true, false)
        );
        assert!(!paying.needs_confirmation, "paying online is its own proof of intent");
        let group = seat(Placement::Confirmed, false, big, false);
        assert_eq!(
            (group.status(), group.holds(), group.tickets_now()),
            (RegistrationStatus::Unconfirmed, true, false)
        );
        let trusted = seat(Placement::Confirmed, false, big, true);
        assert_eq!((trusted.status(), trusted.holds()), (RegistrationStatus::Confirmed, false));
        for online in [false, true] {
            let waiting = seat(Placement::Waitlisted, online, big, false);
            assert_eq!(
                (waiting.status(), waiting.holds(), waiting.tickets_now()),
                (RegistrationStatus::Waitlisted, false, false)
            );
        }
    }
}
