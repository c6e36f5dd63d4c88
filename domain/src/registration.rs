//! Registering for an event: who comes (one person or a group of colleagues),
//! on which ticket type, who pays and how. The form as typed becomes a
//! [`RegistrationRequest`] that can only hold valid values; whether the seats
//! are there is decided by the store, in the same statement that takes them.

use crate::email::Email;
use crate::enterprise::EnterpriseNumber;
use crate::forms::{FieldErrors, Message, RawForm, row_field};
use crate::kinds::{Audience, TicketEligibility};
use crate::money::Money;
use crate::questions::{Answer, Question, parse_answers};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

    /// Reads the registration form; every problem at its field, all at once.
    pub fn parse(form: &RawForm, choices: &RegistrationChoices) -> Result<RegistrationRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let ticket =
            match form.get("ticket").parse::<i32>().ok().and_then(|id| choices.tickets.iter().find(|t| t.id == id)) {
                Some(t) => Some(t.clone()),
                None if choices.tickets.len() == 1 && form.get("ticket").is_empty() => choices.tickets.first().cloned(),
                None => {
                    errors.add("ticket", Message::new("validation.ticket_required"));
                    None
                }
            };
        let mut attendees: Vec<Attendee> = Vec::new();
        for row in form.rows(ATTENDEE) {
            let get = |f: &str| form.row(ATTENDEE, row, f);
            let field = |f: &str| row_field(ATTENDEE, row, f);
            if get("naam").is_empty() && get("email").is_empty() {
                continue;
            }
            let name = get("naam").to_string();
            if name.is_empty() {
                errors.add(field("naam"), Message::new("validation.attendee_name_required"));
            } else if name.chars().count() > 120 {
                errors.add(field("naam"), Message::with("validation.max_chars", &[("max", "120")]));
            }
            let email = match Email::parse(get("email")) {
                Ok(e) if attendees.iter().any(|a| a.email == e) => {
                    errors.add(field("email"), Message::new("validation.attendee_email_twice"));
                    None
                }
                Ok(e) => Some(e),
                Err(e) => {
                    errors.add(field("email"), e.message());
                    None
                }
            };
            let workplace = match (get("organisatie"), get("andere-organisatie")) {
                ("", "") => {
                    errors.add(field("organisatie"), Message::new("validation.workplace_required"));
                    None
                }
                ("", other) => Some(Workplace::Other(other.to_string())),
                (id, _) => match id.parse::<i32>() {
                    Ok(id) if choices.partners.iter().any(|(p, _)| *p == id) => Some(Workplace::Partner(id)),
                    _ => {
                        errors.add(field("organisatie"), Message::new("validation.workplace_unknown"));
                        None
                    }
                },
            };
            let partner = matches!(workplace, Some(Workplace::Partner(_)));
            if !partner && workplace.is_some() {
                if choices.audience == Audience::Partners {
                    errors.add(field("organisatie"), Message::new("validation.partners_only_event"));
                } else if ticket.as_ref().is_some_and(|t| t.eligibility == TicketEligibility::Partners) {
                    errors.add(field("organisatie"), Message::new("validation.partners_only_ticket"));
                }
            }
            if partner && ticket.as_ref().is_some_and(|t| t.eligibility == TicketEligibility::Externals) {
                errors.add(field("organisatie"), Message::new("validation.externals_only_ticket"));
            }
            let needs = Some(get("noden").to_string()).filter(|n| !n.is_empty());
            if needs.as_ref().is_some_and(|n| n.chars().count() > 500) {
                errors.add(field("noden"), Message::with("validation.max_chars", &[("max", "500")]));
            }
            let answers = parse_answers(form, ATTENDEE, row, &choices.questions, &mut errors);
            if let (Some(email), Some(workplace)) = (email, workplace) {
                attendees.push(Attendee { name, email, workplace, needs, answers });
            }
        }
        let first_row = form.rows(ATTENDEE).first().copied().unwrap_or(0);
        if attendees.is_empty() && errors.iter().all(|(k, _)| !k.starts_with("deelnemer-")) {
            errors.add(row_field(ATTENDEE, first_row, "naam"), Message::new("validation.attendee_required"));
        }
        let group = choices.group.as_ref().map(|offer| {
            if attendees.len() > 1 {
                errors.add(row_field(ATTENDEE, first_row, "naam"), Message::new("validation.group_one_contact"));
            }
            parse_group(form, offer, &mut errors)
        });
        if attendees.len() > MAX_ATTENDEES {
            errors.add(
                row_field(ATTENDEE, first_row, "naam"),
                Message::with("validation.too_many_attendees", &[("max", &MAX_ATTENDEES.to_string())]),
            );
        }
        let booker_name = form.get("besteller-naam").to_string();
        if booker_name.is_empty() {
            errors.add("besteller-naam", Message::new("validation.booker_name_required"));
        }
        let booker_email =
            Email::parse(form.get("besteller-email")).map_err(|e| errors.add("besteller-email", e.message())).ok();
        let paid = ticket.as_ref().is_some_and(|t| !t.price.is_zero());
        let payment = if paid && form.get("betaalwijze") == PAY_ONLINE {
            Some(Payment::Online)
        } else if paid {
            let organisation = form.get("factuur-organisatie").to_string();
            if organisation.is_empty() {
                errors.add("factuur-organisatie", Message::new("validation.invoice_organisation_required"));
            }
            // Belgian invoices travel over Peppol, whose address is the
            // customer's enterprise number (rule PEPPOL-EN16931-R010): no
            // number, no invoice that its accounts department can receive.
            let enterprise_number = match form.get("factuur-ondernemingsnummer") {
                "" => {
                    errors.add("factuur-ondernemingsnummer", Message::new("validation.invoice_enterprise_required"));
                    None
                }
                raw => {
                    EnterpriseNumber::parse(raw).map_err(|e| errors.add("factuur-ondernemingsnummer", e.message())).ok()
                }
            };
            let po_reference = Some(form.get("factuur-bestelbon").to_string()).filter(|p| !p.is_empty());
            if po_reference.as_ref().is_some_and(|p| p.chars().count() > 60) {
                errors.add("factuur-bestelbon", Message::with("validation.max_chars", &[("max", "60")]));
            }
            enterprise_number.map(|enterprise_number| Payment::Invoice {
                organisation,
                enterprise_number,
                po_reference,
            })
        } else {
            Some(Payment::Free)
        };
        if form.get("toestemming").is_empty() {
            errors.add("toestemming", Message::new("validation.consent_required"));
        }
        match (ticket, booker_email, payment) {
            (Some(ticket), Some(booker_email), Some(payment)) if errors.is_empty() => Ok(RegistrationRequest {
                ticket,
                attendees,
                booker_name,
                booker_email,
                payment,
                group: group.flatten(),
            }),
            _ => Err(errors),
        }
    }
}

fn parse_group(form: &RawForm, offer: &GroupOffer, errors: &mut FieldErrors) -> Option<GroupBooking> {
    let max = offer.max_participants;
    let participants = match form.get(GROUP_SIZE).parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        Ok(n) if n > max => {
            errors.add(GROUP_SIZE, Message::with("validation.group_too_big", &[("max", &max.to_string())]));
            None
        }
        _ => {
            errors.add(GROUP_SIZE, Message::with("validation.group_size", &[("max", &max.to_string())]));
            None
        }
    };
    let mut dates = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for index in 0..offer.sessions.len() {
        let field = group_date_field(index);
        let raw = form.get(&field);
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"));
        match date {
            Err(_) if raw.is_empty() => errors.add(field, Message::new("validation.group_date_required")),
            Err(_) => errors.add(field, Message::new("validation.date_example")),
            Ok(d) if d < offer.earliest => {
                let earliest = offer.earliest.format("%d/%m/%Y").to_string();
                errors.add(field, Message::with("validation.group_date_too_early", &[("date", &earliest)]))
            }
            Ok(d) if previous.is_some_and(|p| d <= p) => {
                errors.add(field, Message::new("validation.group_date_order"));
            }
            Ok(d) => {
                previous = Some(d);
                dates.push(d);
            }
        }
    }
    match participants {
        Some(participants) if dates.len() == offer.sessions.len() => Some(GroupBooking { participants, dates }),
        _ => None,
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
}
