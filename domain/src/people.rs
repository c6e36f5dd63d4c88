//! The people of an organiser: who has which role, inviting someone new, and
//! what a coordinator of a partner organisation sees.

use crate::email::Email;
use crate::forms::fields::{invitation, new_organiser};
use crate::forms::{FieldErrors, Message, RawForm};
use crate::kinds::{Audience, EventKind, Role};
use crate::listing::OrganiserRef;
use crate::slug::Slug;
use serde::{Deserialize, Serialize};

/// The roles an organiser's admin can hand out (platform admins are made elsewhere).
pub const INVITABLE: [Role; 5] = [Role::Admin, Role::Staff, Role::Scanner, Role::Trainer, Role::Coordinator];

/// One role of one person at the organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub membership_id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// For coordinators: the partner organisation they coordinate for.
    pub organisation: Option<String>,
    pub since: chrono::NaiveDate,
}

/// A validated invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub name: String,
    pub email: Email,
    pub role: Role,
    /// Required for coordinators, and only for them.
    pub organisation_id: Option<i32>,
}

impl Invitation {
    /// Reads the invitation form (`naam`, `email`, `rol`, `organisatie`);
    /// `partners` are the organisations a coordinator can be invited for.
    pub fn parse(form: &RawForm, partners: &[(i32, String)]) -> Result<Invitation, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = form.get(invitation::NAME).to_string();
        if name.is_empty() {
            errors.add(invitation::NAME, Message::new("validation.invitee_name_required"));
        } else if name.chars().count() > 120 {
            errors.add(invitation::NAME, Message::with("validation.max_chars", &[("max", "120")]));
        }
        let email =
            Email::parse(form.get(invitation::EMAIL)).map_err(|e| errors.add(invitation::EMAIL, e.message())).ok();
        let role = Role::from_code(form.get(invitation::ROLE)).ok().filter(|r| INVITABLE.contains(r));
        if role.is_none() {
            errors.add(invitation::ROLE, Message::new("validation.choose_role"));
        }
        let organisation_id = match (role, form.get(invitation::ORGANISATION)) {
            (Some(Role::Coordinator), "") => {
                errors.add(invitation::ORGANISATION, Message::new("validation.coordinator_needs_partner"));
                None
            }
            (Some(Role::Coordinator), raw) => match raw.parse::<i32>() {
                Ok(id) if partners.iter().any(|(p, _)| *p == id) => Some(id),
                _ => {
                    errors.add(invitation::ORGANISATION, Message::new("validation.partner_from_list"));
                    None
                }
            },
            // Other roles are roles at the organiser itself.
            _ => None,
        };
        match (email, role) {
            (Some(email), Some(role)) if errors.is_empty() => Ok(Invitation { name, email, role, organisation_id }),
            _ => Err(errors),
        }
    }
}

/// What a coordinator sees for one partner organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinatorOverview {
    pub organisation_id: i32,
    pub organisation: String,
    pub organiser: OrganiserRef,
    /// The organiser's upcoming published events, partners-only ones included.
    pub events: Vec<OfferedEvent>,
    /// Registrations of the organisation's people for the organiser's events.
    pub registrations: Vec<ColleagueRegistration>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedEvent {
    pub slug: Slug,
    pub title: String,
    pub kind: EventKind,
    pub audience: Audience,
    pub starts_at: chrono::DateTime<chrono::FixedOffset>,
    pub sessions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColleagueRegistration {
    pub attendee: String,
    pub event_title: String,
    pub status: crate::RegistrationStatus,
}

/// A new organiser, made by a platform admin, with its first admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrganiser {
    pub name: String,
    pub short_name: String,
    /// From the short name: `/regio/biz-kempen`.
    pub slug: Slug,
    /// Where participants write to (replies to the organiser's mail).
    pub email: Email,
    pub first_admin: Invitation,
}

impl NewOrganiser {
    /// Reads `naam`, `korte-naam`, `email`, `beheerder-naam`, `beheerder-email`.
    pub fn parse(form: &RawForm) -> Result<NewOrganiser, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = form.get(new_organiser::NAME).to_string();
        if name.is_empty() {
            errors.add(new_organiser::NAME, Message::new("validation.organiser_name_required"));
        } else if name.chars().count() > 150 {
            errors.add(new_organiser::NAME, Message::with("validation.max_chars", &[("max", "150")]));
        }
        let short_name = form.get(new_organiser::SHORT_NAME).to_string();
        let slug = if short_name.is_empty() {
            errors.add(new_organiser::SHORT_NAME, Message::new("validation.organiser_short_name_required"));
            None
        } else if short_name.chars().count() > 40 {
            errors.add(new_organiser::SHORT_NAME, Message::with("validation.max_chars", &[("max", "40")]));
            None
        } else {
            let slug = Slug::from_title(&short_name).ok();
            if slug.is_none() {
                errors.add(new_organiser::SHORT_NAME, Message::new("validation.organiser_short_name_letters"));
            }
            slug
        };
        let email = Email::parse(form.get(new_organiser::EMAIL))
            .map_err(|e| errors.add(new_organiser::EMAIL, e.message()))
            .ok();
        let admin_name = form.get(new_organiser::ADMIN_NAME).to_string();
        if admin_name.is_empty() {
            errors.add(new_organiser::ADMIN_NAME, Message::new("validation.first_admin_name_required"));
        }
        let admin_email = Email::parse(form.get(new_organiser::ADMIN_EMAIL))
            .map_err(|e| errors.add(new_organiser::ADMIN_EMAIL, e.message()))
            .ok();
        match (slug, email, admin_email) {
            (Some(slug), Some(email), Some(admin_email)) if errors.is_empty() => Ok(NewOrganiser {
                name,
                short_name,
                slug,
                email,
                first_admin: Invitation {
                    name: admin_name,
                    email: admin_email,
                    role: Role::Admin,
                    organisation_id: None,
                },
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    const PARTNERS: &[(i32, &str)] = &[(4, "OCMW Mol")];

    fn partners() -> Vec<(i32, String)> {
        PARTNERS.iter().map(|(id, n)| (*id, n.to_string())).collect()
    }

    #[test]
    fn a_coordinator_needs_a_partner_organisation() {
        let missing = Invitation::parse(
            &form(&[("naam", "Els"), ("email", "els@ocmw-mol.test"), ("rol", "coordinator")]),
            &partners(),
        )
        .unwrap_err();
        assert!(missing.get("organisatie").is_some());
        let foreign = Invitation::parse(
            &form(&[("naam", "Els"), ("email", "els@ocmw-mol.test"), ("rol", "coordinator"), ("organisatie", "99")]),
            &partners(),
        )
        .unwrap_err();
        assert_eq!(foreign.get("organisatie").as_deref(), Some("Kies een partnerorganisatie uit de lijst."));
        let ok = Invitation::parse(
            &form(&[("naam", "Els"), ("email", "Els@OCMW-Mol.test"), ("rol", "coordinator"), ("organisatie", "4")]),
            &partners(),
        )
        .unwrap();
        assert_eq!((ok.email.as_str(), ok.organisation_id), ("els@ocmw-mol.test", Some(4)));
    }

    #[test]
    fn staff_roles_ignore_the_organisation_and_platform_admin_is_not_offered() {
        let staff = Invitation::parse(
            &form(&[("naam", "Tom"), ("email", "tom@biz.test"), ("rol", "staff"), ("organisatie", "4")]),
            &partners(),
        )
        .unwrap();
        assert_eq!(staff.organisation_id, None);
        let errors =
            Invitation::parse(&form(&[("naam", ""), ("email", "geen-adres"), ("rol", "platform_admin")]), &partners())
                .unwrap_err();
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn a_new_organiser_gets_its_address_from_the_short_name() {
        let ok = NewOrganiser::parse(&form(&[
            ("naam", "BIZ Limburg – Budget In Zicht"),
            ("korte-naam", "BIZ Limburg"),
            ("email", "info@bizlimburg.test"),
            ("beheerder-naam", "Nina Nieuw"),
            ("beheerder-email", "nina@bizlimburg.test"),
        ]))
        .unwrap();
        assert_eq!(ok.slug.as_str(), "biz-limburg");
        assert_eq!(ok.first_admin.role, Role::Admin);
        let errors = NewOrganiser::parse(&form(&[("korte-naam", "!!!"), ("email", "x")])).unwrap_err();
        for field in ["naam", "korte-naam", "email", "beheerder-naam", "beheerder-email"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    mod properties {
        use super::*;
        use crate::forms::fuzz::{config, mutated};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn any_invitation_is_read_or_refused(
                f in mutated(form(&[("naam", "Els"), ("email", "els@ocmw-mol.test"), ("rol", "coordinator"), ("organisatie", "4")])),
            ) {
                if let Ok(invitation) = Invitation::parse(&f, &partners()) {
                    prop_assert!(invitation.organisation_id.is_none_or(|id| id == 4));
                }
            }

            #[test]
            fn any_new_organiser_is_read_or_refused(
                f in mutated(form(&[
                    ("naam", "BIZ Limburg"),
                    ("korte-naam", "BIZ Limburg"),
                    ("email", "info@bizlimburg.test"),
                    ("beheerder-naam", "Nina Nieuw"),
                    ("beheerder-email", "nina@bizlimburg.test"),
                ])),
            ) {
                let _ = NewOrganiser::parse(&f);
                let _ = crate::api_tokens::parse_token_name(&f);
                let _ = crate::privacy::parse_retention_form(&f);
                let _ = crate::privacy::parse_erase_form(&f);
            }
        }
    }
}
