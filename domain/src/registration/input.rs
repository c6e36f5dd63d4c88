//! A registration as it is sent, before anything is decided: by the HTML
//! form (read with [`RegistrationInput::from_form`]) or as the JSON API's body
//! (deserialized by serde, this type being that body's schema). Both become
//! the domain's [`RegistrationRequest`] through one `TryFrom`, so the form and
//! the API cannot drift apart in what they accept. A mistake is reported at a
//! [`RegistrationField`], which each edge names its own way: the form's field
//! name (next to the field) or the body's JSON pointer (in the problem).

use super::{
    ATTENDEE, Attendee, GROUP_SIZE, GroupBooking, GroupOffer, MAX_ATTENDEES, PAY_ONLINE, Payment, RegistrationChoices,
    RegistrationRequest, Workplace, group_date_field,
};
use crate::email::Email;
use crate::enterprise::EnterpriseNumber;
use crate::forms::fields::registration as names;
use crate::forms::{FieldErrors, Message, RawForm, row_field};
use crate::kinds::{Audience, TicketEligibility};
use crate::questions::check_answers;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest name of an attendee.
const MAX_NAME: usize = 120;
/// The longest note on what an attendee needs.
const MAX_NEEDS: usize = 500;
/// The longest purchase order reference.
const MAX_PO_REFERENCE: usize = 60;

/// A registration as sent. The field names are the API's (its OpenAPI
/// document describes this shape); the form's names are in
/// [`crate::forms::fields::registration`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    /// The chosen ticket type's id; `None` when none was chosen (the form
    /// then takes an event's only ticket type).
    #[serde(rename = "ticket_type")]
    pub ticket: Option<i32>,
    pub attendees: Vec<AttendeeInput>,
    pub booker: BookerInput,
    pub payment: PaymentInput,
    /// What the sender expects the order to cost; the order is refused when
    /// it would cost something else (a client's safeguard; the form has none).
    #[serde(default)]
    pub expected_total_cents: Option<i64>,
    /// A group module's booking (one attendee: the contact person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupInput>,
    /// The booker answers for informing the attendees (the form's checkbox).
    /// The organiser's own system, registering through the API, answers for
    /// it by its key's terms of use: a body cannot leave it out.
    #[serde(skip, default = "given")]
    pub consent: bool,
}

fn given() -> bool {
    true
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendeeInput {
    pub name: String,
    pub email: String,
    pub organisation: OrganisationInput,
    #[serde(default)]
    pub needs: Option<String>,
    /// Answers to the event's questions, by question key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<u32, String>,
    /// The form's row number (`deelnemer-N-…`), which is not always the
    /// position: rows can be left empty. `None` in the API, where the
    /// position is the address.
    #[serde(skip)]
    pub form_row: Option<usize>,
}

impl AttendeeInput {
    /// Neither name nor address: the form's empty row, no attendee.
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.email.trim().is_empty()
    }
}

/// Where an attendee works: a partner organisation by id, or any
/// organisation by name (a partner's exact name counts as that partner).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OrganisationInput {
    Id(i32),
    Name(String),
    /// Nothing chosen or typed.
    #[default]
    #[serde(skip)]
    Missing,
    /// A choice from the form's list that is no number (a tampered form).
    #[serde(skip)]
    Unreadable,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookerInput {
    pub name: String,
    pub email: String,
}

/// How the order is paid, as asked: `"free"`, `"online"` or
/// `{"invoice": {...}}`. Whether that fits the ticket is decided later: a free
/// ticket is free whatever was asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentInput {
    #[default]
    Free,
    Online,
    Invoice(InvoiceInput),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    pub organisation: String,
    #[serde(default)]
    pub enterprise_number: Option<String>,
    #[serde(default)]
    pub po_reference: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    /// How many of the organisation's clients come; `None` when the form's
    /// number was unreadable.
    pub participants: Option<u32>,
    /// One date per session of the module, in order (ISO, or `dd/mm/yyyy` as typed).
    pub dates: Vec<String>,
}

/// Where a mistake is: one of the registration's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationField {
    Ticket,
    /// The attendees as a whole (none, too many, more than one contact).
    Attendees,
    /// Attendee at `position` (in [`RegistrationInput::attendees`]).
    Attendee(usize, AttendeeField),
    GroupSize,
    /// The date asked for the module's session `index`.
    GroupDate(usize),
    BookerName,
    BookerEmail,
    /// How to pay (free asked for a paid ticket).
    Payment,
    InvoiceOrganisation,
    InvoiceEnterpriseNumber,
    InvoicePoReference,
    Consent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendeeField {
    Name,
    Email,
    Organisation,
    Needs,
    /// The answer to the question with this key.
    Answer(u32),
}

impl RegistrationField {
    /// Its name in the HTML form that `input` was read from.
    pub fn form_name(self, input: &RegistrationInput) -> String {
        let row = |position: usize| input.attendees.get(position).and_then(|a| a.form_row).unwrap_or(position);
        match self {
            RegistrationField::Ticket => names::TICKET.into(),
            // Said at the first row's name, where the form starts.
            RegistrationField::Attendees => row_field(ATTENDEE, row(0), names::attendee::NAME),
            RegistrationField::Attendee(position, field) => {
                let name = match field {
                    AttendeeField::Name => names::attendee::NAME.to_string(),
                    AttendeeField::Email => names::attendee::EMAIL.into(),
                    AttendeeField::Organisation => names::attendee::ORGANISATION.into(),
                    AttendeeField::Needs => names::attendee::NEEDS.into(),
                    AttendeeField::Answer(key) => format!("vraag-{key}"),
                };
                row_field(ATTENDEE, row(position), &name)
            }
            RegistrationField::GroupSize => GROUP_SIZE.into(),
            RegistrationField::GroupDate(index) => group_date_field(index),
            RegistrationField::BookerName => names::BOOKER_NAME.into(),
            RegistrationField::BookerEmail => names::BOOKER_EMAIL.into(),
            // The form asks for invoice details instead of a free choice.
            RegistrationField::Payment | RegistrationField::InvoiceOrganisation => names::INVOICE_ORGANISATION.into(),
            RegistrationField::InvoiceEnterpriseNumber => names::INVOICE_ENTERPRISE_NUMBER.into(),
            RegistrationField::InvoicePoReference => names::INVOICE_PO_REFERENCE.into(),
            RegistrationField::Consent => names::CONSENT.into(),
        }
    }

    /// Its JSON pointer (RFC 6901) in the API's body.
    pub fn pointer(self) -> String {
        match self {
            RegistrationField::Ticket => "/ticket_type".into(),
            RegistrationField::Attendees => "/attendees".into(),
            RegistrationField::Attendee(position, field) => match field {
                AttendeeField::Name => format!("/attendees/{position}/name"),
                AttendeeField::Email => format!("/attendees/{position}/email"),
                AttendeeField::Organisation => format!("/attendees/{position}/organisation"),
                AttendeeField::Needs => format!("/attendees/{position}/needs"),
                AttendeeField::Answer(key) => format!("/attendees/{position}/answers/{key}"),
            },
            RegistrationField::GroupSize => "/group/participants".into(),
            RegistrationField::GroupDate(index) => format!("/group/dates/{index}"),
            RegistrationField::BookerName => "/booker/name".into(),
            RegistrationField::BookerEmail => "/booker/email".into(),
            RegistrationField::Payment => "/payment".into(),
            RegistrationField::InvoiceOrganisation => "/payment/invoice/organisation".into(),
            RegistrationField::InvoiceEnterpriseNumber => "/payment/invoice/enterprise_number".into(),
            RegistrationField::InvoicePoReference => "/payment/invoice/po_reference".into(),
            RegistrationField::Consent => "/consent".into(),
        }
    }
}

/// Every mistake in a registration, each at its field, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationErrors(Vec<(RegistrationField, Message)>);

impl RegistrationErrors {
    fn add(&mut self, field: RegistrationField, message: Message) {
        self.0.push((field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(RegistrationField, Message)> {
        self.0.iter()
    }

    pub fn has(&self, field: RegistrationField) -> bool {
        self.0.iter().any(|(f, _)| *f == field)
    }

    /// As the form shows them: by field name.
    pub fn for_form(&self, input: &RegistrationInput) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for (field, message) in &self.0 {
            errors.add(field.form_name(input), message.clone());
        }
        errors
    }
}

impl RegistrationInput {
    /// Reads the registration form as posted. Nothing is refused here: an
    /// unreadable number is kept as "none" and the conversion says why.
    pub fn from_form(form: &RawForm) -> RegistrationInput {
        let attendees = form
            .rows(ATTENDEE)
            .into_iter()
            .map(|row| {
                let get = |f: &str| form.row(ATTENDEE, row, f).to_string();
                let organisation = match (get(names::attendee::ORGANISATION), get(names::attendee::OTHER_ORGANISATION))
                {
                    (id, _) if !id.is_empty() => {
                        id.parse().map_or(OrganisationInput::Unreadable, OrganisationInput::Id)
                    }
                    (_, other) if !other.is_empty() => OrganisationInput::Name(other),
                    _ => OrganisationInput::Missing,
                };
                let question = row_field(ATTENDEE, row, "vraag-");
                let answers = form
                    .pairs()
                    .iter()
                    .filter_map(|(name, value)| Some((name.strip_prefix(&question)?.parse().ok()?, value.clone())))
                    .collect();
                AttendeeInput {
                    name: get(names::attendee::NAME),
                    email: get(names::attendee::EMAIL),
                    organisation,
                    needs: Some(get(names::attendee::NEEDS)).filter(|n| !n.is_empty()),
                    answers,
                    form_row: Some(row),
                }
            })
            .collect();
        let group = (form.has(GROUP_SIZE) || form.has(&group_date_field(0))).then(|| GroupInput {
            participants: form.get(GROUP_SIZE).parse().ok(),
            dates: (0..)
                .map(group_date_field)
                .take_while(|field| form.has(field))
                .map(|field| form.get(&field).to_string())
                .collect(),
        });
        let payment = if form.get(names::PAYMENT_METHOD) == PAY_ONLINE {
            PaymentInput::Online
        } else {
            let optional = |name: &str| Some(form.get(name).to_string()).filter(|v| !v.is_empty());
            PaymentInput::Invoice(InvoiceInput {
                organisation: form.get(names::INVOICE_ORGANISATION).to_string(),
                enterprise_number: optional(names::INVOICE_ENTERPRISE_NUMBER),
                po_reference: optional(names::INVOICE_PO_REFERENCE),
            })
        };
        RegistrationInput {
            ticket: form.get(names::TICKET).parse().ok(),
            attendees,
            booker: BookerInput {
                name: form.get(names::BOOKER_NAME).to_string(),
                email: form.get(names::BOOKER_EMAIL).to_string(),
            },
            payment,
            expected_total_cents: None,
            group,
            consent: !form.get(names::CONSENT).is_empty(),
        }
    }
}

impl RegistrationRequest {
    /// Reads the registration form; every problem at its field, all at once.
    pub fn parse(form: &RawForm, choices: &RegistrationChoices) -> Result<RegistrationRequest, FieldErrors> {
        let input = RegistrationInput::from_form(form);
        RegistrationRequest::try_from((&input, choices)).map_err(|errors| errors.for_form(&input))
    }
}

impl TryFrom<(&RegistrationInput, &RegistrationChoices)> for RegistrationRequest {
    type Error = RegistrationErrors;

    /// Decides a registration as sent against what the event offers; every
    /// mistake at its field, all at once.
    fn try_from((input, choices): (&RegistrationInput, &RegistrationChoices)) -> Result<Self, RegistrationErrors> {
        use RegistrationField as F;
        let mut errors = RegistrationErrors::default();
        let ticket = match input.ticket.and_then(|id| choices.tickets.iter().find(|t| t.id == id)) {
            Some(t) => Some(t.clone()),
            None if choices.tickets.len() == 1 && input.ticket.is_none() => choices.tickets.first().cloned(),
            None => {
                errors.add(F::Ticket, Message::new("validation.ticket_required"));
                None
            }
        };
        let mut attendees: Vec<Attendee> = Vec::new();
        for (position, sent) in input.attendees.iter().enumerate() {
            if sent.is_blank() {
                continue;
            }
            let field = |f: AttendeeField| F::Attendee(position, f);
            let name = sent.name.trim().to_string();
            if name.is_empty() {
                errors.add(field(AttendeeField::Name), Message::new("validation.attendee_name_required"));
            } else if name.chars().count() > MAX_NAME {
                errors.add(field(AttendeeField::Name), Message::with("validation.max_chars", &[("max", "120")]));
            }
            let email = match Email::parse(&sent.email) {
                Ok(e) if attendees.iter().any(|a| a.email == e) => {
                    errors.add(field(AttendeeField::Email), Message::new("validation.attendee_email_twice"));
                    None
                }
                Ok(e) => Some(e),
                Err(e) => {
                    errors.add(field(AttendeeField::Email), e.message());
                    None
                }
            };
            let workplace = workplace(&sent.organisation, choices);
            if workplace.is_none() {
                let key = match sent.organisation {
                    OrganisationInput::Missing => "validation.workplace_required",
                    _ => "validation.workplace_unknown",
                };
                errors.add(field(AttendeeField::Organisation), Message::new(key));
            }
            let partner = matches!(workplace, Some(Workplace::Partner(_)));
            if !partner && workplace.is_some() {
                if choices.audience == Audience::Partners {
                    errors.add(field(AttendeeField::Organisation), Message::new("validation.partners_only_event"));
                } else if ticket.as_ref().is_some_and(|t| t.eligibility == TicketEligibility::Partners) {
                    errors.add(field(AttendeeField::Organisation), Message::new("validation.partners_only_ticket"));
                }
            }
            if partner && ticket.as_ref().is_some_and(|t| t.eligibility == TicketEligibility::Externals) {
                errors.add(field(AttendeeField::Organisation), Message::new("validation.externals_only_ticket"));
            }
            let needs = sent.needs.as_ref().map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
            if needs.as_ref().is_some_and(|n| n.chars().count() > MAX_NEEDS) {
                errors.add(field(AttendeeField::Needs), Message::with("validation.max_chars", &[("max", "500")]));
            }
            let (answers, wrong) = check_answers(&sent.answers, &choices.questions);
            for (key, message) in wrong {
                errors.add(field(AttendeeField::Answer(key)), message);
            }
            if let (Some(email), Some(workplace)) = (email, workplace) {
                attendees.push(Attendee { name, email, workplace, needs, answers });
            }
        }
        let attendee_errors = errors.iter().any(|(f, _)| matches!(f, F::Attendee(..)));
        if attendees.is_empty() && !attendee_errors {
            errors.add(F::Attendees, Message::new("validation.attendee_required"));
        }
        let group = choices.group.as_ref().map(|offer| {
            if attendees.len() > 1 {
                errors.add(F::Attendees, Message::new("validation.group_one_contact"));
            }
            group_booking(input.group.as_ref(), offer, &mut errors)
        });
        if attendees.len() > MAX_ATTENDEES {
            errors.add(
                F::Attendees,
                Message::with("validation.too_many_attendees", &[("max", &MAX_ATTENDEES.to_string())]),
            );
        }
        let booker_name = input.booker.name.trim().to_string();
        if booker_name.is_empty() {
            errors.add(F::BookerName, Message::new("validation.booker_name_required"));
        }
        let booker_email = Email::parse(&input.booker.email).map_err(|e| errors.add(F::BookerEmail, e.message())).ok();
        let paid = ticket.as_ref().is_some_and(|t| !t.price.is_zero());
        let payment = match &input.payment {
            _ if !paid => Some(Payment::Free),
            PaymentInput::Online => Some(Payment::Online),
            PaymentInput::Free => {
                errors.add(F::Payment, Message::new("validation.payment_required"));
                None
            }
            PaymentInput::Invoice(invoice) => invoice_payment(invoice, &mut errors),
        };
        if !input.consent {
            errors.add(F::Consent, Message::new("validation.consent_required"));
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

/// The attendee's workplace, when it is one: a partner by id, or by its exact
/// name; any other name as it was typed.
fn workplace(sent: &OrganisationInput, choices: &RegistrationChoices) -> Option<Workplace> {
    match sent {
        OrganisationInput::Id(id) => choices.partners.iter().any(|(p, _)| p == id).then_some(Workplace::Partner(*id)),
        OrganisationInput::Name(name) if name.trim().is_empty() => None,
        OrganisationInput::Name(name) => {
            match choices.partners.iter().find(|(_, n)| n.trim().eq_ignore_ascii_case(name.trim())) {
                Some((id, _)) => Some(Workplace::Partner(*id)),
                None => Some(Workplace::Other(name.trim().to_string())),
            }
        }
        OrganisationInput::Missing | OrganisationInput::Unreadable => None,
    }
}

fn invoice_payment(invoice: &InvoiceInput, errors: &mut RegistrationErrors) -> Option<Payment> {
    use RegistrationField as F;
    let organisation = invoice.organisation.trim().to_string();
    if organisation.is_empty() {
        errors.add(F::InvoiceOrganisation, Message::new("validation.invoice_organisation_required"));
    }
    // Belgian invoices travel over Peppol, whose address is the customer's
    // enterprise number (rule PEPPOL-EN16931-R010): no number, no invoice
    // that its accounts department can receive.
    let enterprise_number = match invoice.enterprise_number.as_deref().map(str::trim) {
        None | Some("") => {
            errors.add(F::InvoiceEnterpriseNumber, Message::new("validation.invoice_enterprise_required"));
            None
        }
        Some(raw) => EnterpriseNumber::parse(raw).map_err(|e| errors.add(F::InvoiceEnterpriseNumber, e.message())).ok(),
    };
    let po_reference = invoice.po_reference.as_ref().map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
    if po_reference.as_ref().is_some_and(|p| p.chars().count() > MAX_PO_REFERENCE) {
        errors.add(F::InvoicePoReference, Message::with("validation.max_chars", &[("max", "60")]));
    }
    if organisation.is_empty() {
        return None;
    }
    enterprise_number.map(|enterprise_number| Payment::Invoice { organisation, enterprise_number, po_reference })
}

fn group_booking(
    sent: Option<&GroupInput>,
    offer: &GroupOffer,
    errors: &mut RegistrationErrors,
) -> Option<GroupBooking> {
    use RegistrationField as F;
    let max = offer.max_participants;
    let participants = match sent.and_then(|g| g.participants) {
        Some(n) if (1..=max).contains(&n) => Some(n),
        Some(n) if n > max => {
            errors.add(F::GroupSize, Message::with("validation.group_too_big", &[("max", &max.to_string())]));
            None
        }
        _ => {
            errors.add(F::GroupSize, Message::with("validation.group_size", &[("max", &max.to_string())]));
            None
        }
    };
    let mut dates = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for index in 0..offer.sessions.len() {
        let raw = sent.and_then(|g| g.dates.get(index)).map_or("", |d| d.trim());
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"));
        match date {
            Err(_) if raw.is_empty() => errors.add(F::GroupDate(index), Message::new("validation.group_date_required")),
            Err(_) => errors.add(F::GroupDate(index), Message::new("validation.date_example")),
            Ok(d) if d < offer.earliest => {
                let earliest = offer.earliest.format("%d/%m/%Y").to_string();
                errors
                    .add(F::GroupDate(index), Message::with("validation.group_date_too_early", &[("date", &earliest)]))
            }
            Ok(d) if previous.is_some_and(|p| d <= p) => {
                errors.add(F::GroupDate(index), Message::new("validation.group_date_order"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::registration::TicketOption;

    fn choices() -> RegistrationChoices {
        RegistrationChoices {
            audience: Audience::Public,
            tickets: vec![TicketOption {
                id: 2,
                name: "Extern".into(),
                price: Money::from_euros(95),
                eligibility: TicketEligibility::Everyone,
            }],
            partners: vec![(7, "OCMW Geel".into())],
            questions: Vec::new(),
            group: None,
        }
    }

    fn api_body() -> serde_json::Value {
        serde_json::json!({
            "ticket_type": 2,
            "attendees": [
                {"name": "An", "email": "an@ocmw-geel.test", "organisation": 7},
                {"name": "Bart", "email": "bart@elders.test", "organisation": "ocmw geel"},
            ],
            "booker": {"name": "An", "email": "an@ocmw-geel.test"},
            "payment": {"invoice": {"organisation": "OCMW Geel", "enterprise_number": "0207.520.810"}},
        })
    }

    #[test]
    fn the_form_and_the_api_body_are_one_registration() {
        let from_api: RegistrationInput = serde_json::from_value(api_body()).unwrap();
        let form = RawForm::new(
            [
                ("ticket", "2"),
                ("deelnemer-0-naam", "An"),
                ("deelnemer-0-email", "an@ocmw-geel.test"),
                ("deelnemer-0-organisatie", "7"),
                ("deelnemer-1-naam", "Bart"),
                ("deelnemer-1-email", "bart@elders.test"),
                ("deelnemer-1-andere-organisatie", "ocmw geel"),
                ("besteller-naam", "An"),
                ("besteller-email", "an@ocmw-geel.test"),
                ("factuur-organisatie", "OCMW Geel"),
                ("factuur-ondernemingsnummer", "0207.520.810"),
                ("toestemming", "on"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
        let from_form = RegistrationInput::from_form(&form);
        let api = RegistrationRequest::try_from((&from_api, &choices())).unwrap();
        let html = RegistrationRequest::try_from((&from_form, &choices())).unwrap();
        assert_eq!(api, html);
        // A partner's name, in any case, is that partner.
        assert_eq!(api.attendees[1].workplace, Workplace::Partner(7));
        assert_eq!(api.total(), Money::from_euros(190));
    }

    #[test]
    fn a_mistake_is_named_the_way_each_edge_names_it() {
        let mut body = api_body();
        body["attendees"][1]["email"] = "bart@".into();
        body["payment"] = "free".into();
        let input: RegistrationInput = serde_json::from_value(body).unwrap();
        let errors = RegistrationRequest::try_from((&input, &choices())).unwrap_err();
        let pointers: Vec<String> = errors.iter().map(|(f, _)| f.pointer()).collect();
        assert_eq!(pointers, ["/attendees/1/email", "/payment"]);
        let form =
            RawForm::new(vec![("deelnemer-3-naam".into(), "Cis".into()), ("deelnemer-3-email".into(), "cis@".into())]);
        let input = RegistrationInput::from_form(&form);
        let errors = RegistrationRequest::try_from((&input, &choices())).unwrap_err().for_form(&input);
        assert!(errors.get("deelnemer-3-email").is_some(), "the form's own row number");
        assert!(errors.get("deelnemer-3-organisatie").is_some());
        assert!(errors.get("factuur-organisatie").is_some());
    }

    #[test]
    fn the_api_body_is_written_as_it_was_read() {
        // The API keeps a hash of the body as read, to know a retried request.
        let input: RegistrationInput = serde_json::from_value(api_body()).unwrap();
        let written = serde_json::to_value(&input).unwrap();
        let mut expected = api_body();
        expected["expected_total_cents"] = serde_json::Value::Null;
        expected["payment"]["invoice"]["po_reference"] = serde_json::Value::Null;
        expected["attendees"][0]["needs"] = serde_json::Value::Null;
        expected["attendees"][1]["needs"] = serde_json::Value::Null;
        assert_eq!(written, expected);
    }
}
