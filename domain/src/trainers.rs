//! A trainer's profile as the organiser's admins keep it, to pay them by bank
//! transfer: their address, bank account (IBAN, and BIC when known), VAT
//! status and enterprise number. Everything is optional until a payment asks
//! for it: a SEPA payment file needs the IBAN.

use crate::enterprise::EnterpriseNumber;
use crate::forms::{FieldErrors, Message, RawForm};
use crate::iban::{Bic, Iban};
use crate::statuses::VatStatus;
use serde::{Deserialize, Serialize};

/// The names of the trainer profile form's fields.
pub mod field {
    pub const STREET: &str = "straat";
    pub const POSTCODE: &str = "postcode";
    pub const CITY: &str = "gemeente";
    pub const IBAN: &str = "iban";
    pub const BIC: &str = "bic";
    pub const VAT_STATUS: &str = "btw-status";
    pub const ENTERPRISE_NUMBER: &str = "ondernemingsnummer";
}

/// The longest street, postcode and city we keep.
pub const MAX_STREET: usize = 200;
pub const MAX_POSTCODE: usize = 16;
pub const MAX_CITY: usize = 100;

impl VatStatus {
    /// Its name (`domain/locales/*/payouts.txt`).
    pub fn label_key(self) -> &'static str {
        match self {
            VatStatus::Liable => "payouts.vat.liable",
            VatStatus::Exempt => "payouts.vat.exempt",
            VatStatus::NotABusiness => "payouts.vat.not_a_business",
        }
    }
}

/// One of the organiser's trainers, with what it takes to pay them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerProfile {
    pub id: i32,
    pub full_name: String,
    pub affiliation: Option<String>,
    pub email: Option<String>,
    pub payment: PaymentDetails,
    /// Their Stripe Connect account, for payouts through Stripe.
    #[serde(default)]
    pub stripe: crate::connect::TrainerStripe,
}

/// The profile's part that the form changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDetails {
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub iban: Option<Iban>,
    pub bic: Option<Bic>,
    pub vat_status: Option<VatStatus>,
    pub enterprise_number: Option<EnterpriseNumber>,
}

impl PaymentDetails {
    pub fn from_form(form: &RawForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = |name: &str, max: usize, errors: &mut FieldErrors| {
            let v = form.get(name);
            if v.chars().count() > max {
                errors.add(name, Message::with("validation.max_chars", &[("max", &max.to_string())]));
            }
            (!v.is_empty()).then(|| v.to_string())
        };
        let street = text(field::STREET, MAX_STREET, &mut errors);
        let postcode = text(field::POSTCODE, MAX_POSTCODE, &mut errors);
        let city = text(field::CITY, MAX_CITY, &mut errors);
        let iban = match form.get(field::IBAN) {
            "" => None,
            typed => Iban::parse(typed).map_err(|e| errors.add(field::IBAN, e.message())).ok(),
        };
        let bic = match form.get(field::BIC) {
            "" => None,
            typed => Bic::parse(typed).map_err(|m| errors.add(field::BIC, m)).ok(),
        };
        let vat_status = match form.get(field::VAT_STATUS) {
            "" => None,
            typed => VatStatus::parse(typed)
                .map_err(|_| errors.add(field::VAT_STATUS, Message::new("validation.vat_status")))
                .ok(),
        };
        let enterprise_number = match form.get(field::ENTERPRISE_NUMBER) {
            "" => None,
            typed => EnterpriseNumber::parse(typed).map_err(|e| errors.add(field::ENTERPRISE_NUMBER, e.message())).ok(),
        };
        // A business is paid on its invoice, which names its enterprise number.
        if vat_status == Some(VatStatus::Liable) && form.get(field::ENTERPRISE_NUMBER).is_empty() {
            errors.add(field::ENTERPRISE_NUMBER, Message::new("validation.trainer_enterprise_required"));
        }
        errors.into_result(PaymentDetails { street, postcode, city, iban, bic, vat_status, enterprise_number })
    }

    /// The form's values for stored details.
    pub fn form_values(&self) -> RawForm {
        let pairs = [
            (field::STREET, self.street.clone()),
            (field::POSTCODE, self.postcode.clone()),
            (field::CITY, self.city.clone()),
            (field::IBAN, self.iban.as_ref().map(Iban::to_string)),
            (field::BIC, self.bic.as_ref().map(Bic::to_string)),
            (field::VAT_STATUS, self.vat_status.map(|s| s.as_str().to_string())),
            (field::ENTERPRISE_NUMBER, self.enterprise_number.map(|n| n.to_string())),
        ];
        RawForm::new(pairs.into_iter().map(|(k, v)| (k.to_string(), v.unwrap_or_default())).collect())
    }

    /// What changed against `before`, in Dutch, for the audit log (the
    /// account's last four characters only: the log is read by every admin).
    pub fn changes_from(&self, before: &PaymentDetails) -> Vec<String> {
        let mut changed = Vec::new();
        if (&self.street, &self.postcode, &self.city) != (&before.street, &before.postcode, &before.city) {
            changed.push("adres".to_string());
        }
        if self.iban != before.iban {
            let tail = self.iban.as_ref().map(|i| format!("…{}", &i.as_str()[i.as_str().len() - 4..]));
            changed.push(format!("IBAN {}", tail.as_deref().unwrap_or("–")));
        }
        if self.bic != before.bic {
            changed.push(format!("BIC {}", self.bic.as_ref().map_or("–", Bic::as_str)));
        }
        if self.vat_status != before.vat_status {
            changed.push(format!("btw-status {}", self.vat_status.map_or("–", VatStatus::as_str)));
        }
        if self.enterprise_number != before.enterprise_number {
            changed.push(format!(
                "ondernemingsnummer {}",
                self.enterprise_number.map_or_else(|| "–".to_string(), |n| n.to_string())
            ));
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn a_complete_profile_parses_and_round_trips() {
        let details = PaymentDetails::from_form(&form(&[
            ("straat", "Kerkstraat 1"),
            ("postcode", "2440"),
            ("gemeente", "Geel"),
            ("iban", "be68 5390 0754 7034"),
            ("bic", "gkccbebb"),
            ("btw-status", "liable"),
            ("ondernemingsnummer", "0207520810"),
        ]))
        .unwrap();
        assert_eq!(details.iban.as_ref().map(Iban::as_str), Some("BE68539007547034"));
        assert_eq!(details.bic.as_ref().map(Bic::as_str), Some("GKCCBEBB"));
        assert_eq!(details.vat_status, Some(VatStatus::Liable));
        let again = PaymentDetails::from_form(&details.form_values()).unwrap();
        assert_eq!(again, details);
        assert!(again.changes_from(&details).is_empty());
        assert!(PaymentDetails::from_form(&form(&[])).unwrap() == PaymentDetails::default(), "all optional");
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let errors = PaymentDetails::from_form(&form(&[
            ("iban", "BE68 5390 0754 7035"),
            ("bic", "GKCC"),
            ("btw-status", "maybe"),
            ("ondernemingsnummer", "0207.520.811"),
            ("postcode", &"9".repeat(17)),
        ]))
        .unwrap_err();
        assert_eq!(errors.message(field::IBAN).map(Message::key), Some("validation.iban_check_digits"));
        assert_eq!(errors.message(field::BIC).map(Message::key), Some("validation.bic_malformed"));
        assert_eq!(errors.message(field::VAT_STATUS).map(Message::key), Some("validation.vat_status"));
        assert_eq!(
            errors.message(field::ENTERPRISE_NUMBER).map(Message::key),
            Some("validation.enterprise_check_digits")
        );
        assert_eq!(errors.message(field::POSTCODE).map(Message::key), Some("validation.max_chars"));
    }

    #[test]
    fn a_vat_liable_trainer_needs_an_enterprise_number() {
        let errors = PaymentDetails::from_form(&form(&[("btw-status", "liable")])).unwrap_err();
        assert_eq!(
            errors.message(field::ENTERPRISE_NUMBER).map(Message::key),
            Some("validation.trainer_enterprise_required")
        );
        assert!(PaymentDetails::from_form(&form(&[("btw-status", "not_a_business")])).is_ok());
    }

    #[test]
    fn the_audit_log_shows_only_the_end_of_an_account() {
        let before = PaymentDetails::default();
        let after = PaymentDetails { iban: Iban::parse("BE68539007547034").ok(), ..PaymentDetails::default() };
        assert_eq!(after.changes_from(&before), ["IBAN …7034"]);
    }
}
