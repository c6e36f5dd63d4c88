//! Who is signed in and what they may do.

use crate::email::Email;
use crate::kinds::Role;
use crate::listing::OrganiserRef;
use serde::{Deserialize, Serialize};

/// One role of a person: at an organiser, or (coordinators) at a partner organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    /// The organiser's row, so a form post need not look it up again.
    pub organiser_id: Option<i32>,
    pub organiser: Option<OrganiserRef>,
    pub organisation: Option<String>,
}

/// The signed-in person, as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub person_id: i32,
    pub full_name: String,
    pub email: Email,
    pub grants: Vec<Grant>,
    /// Echoed in every form that changes something; checked by the server.
    pub csrf_token: String,
    /// Staff may sign in with a password besides the link.
    pub has_password: bool,
}

/// The roles whose holders may sign in with a password: an organiser's
/// people. Someone whose last such role is revoked loses her password.
pub const PASSWORD_ROLES: [Role; 5] = [Role::PlatformAdmin, Role::Admin, Role::Staff, Role::Scanner, Role::Trainer];

/// What someone asks to do at an organiser. Who may is decided in one place
/// for the pages, their server functions and the form posts:
/// `store::backoffice::may`, which starts from [`Viewer::may_ask`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Run its back office: lists, editor, invoices (admins, staff, platform admins).
    Manage,
    /// What only its admins (and platform admins) do: money, people, settings.
    Administer,
    /// Check people in at its event `event_id` (those who manage it, and its
    /// scanners at its published events).
    WorkDoor { event_id: i32 },
}

pub fn role_may_have_password(role: Role) -> bool {
    PASSWORD_ROLES.contains(&role)
}

impl Viewer {
    /// The id and name of an organiser the viewer has a role at, as read with
    /// the session; `None` for any other (a platform admin's, say).
    pub fn organiser_of_grant(&self, organiser_slug: &str) -> Option<(i32, OrganiserRef)> {
        self.grants.iter().find_map(|g| {
            let o = g.organiser.as_ref().filter(|o| o.slug.as_str() == organiser_slug)?;
            Some((g.organiser_id?, o.clone()))
        })
    }

    /// Admins and staff of the organiser, and platform admins, run its back office.
    pub fn may_manage(&self, organiser_slug: &str) -> bool {
        self.grants.iter().any(|g| g.role == Role::PlatformAdmin)
            || self.has_role_at(Role::Admin, organiser_slug)
            || self.has_role_at(Role::Staff, organiser_slug)
    }

    /// Who may work the organiser's door (open its check-in pages, check
    /// people in, undo): those who run its back office, and its scanners.
    /// A scanner may do that and nothing else.
    pub fn may_work_door(&self, organiser_slug: &str) -> bool {
        self.may_manage(organiser_slug) || self.has_role_at(Role::Scanner, organiser_slug)
    }

    /// Whether the viewer's grants let her ask for `action` at the organiser
    /// at all: the check made before anything is read (a form's token
    /// included). Anyone else is answered "not found". Staff asking what
    /// only admins may are let through here and refused later, knowingly.
    pub fn may_ask(&self, action: Action, organiser_slug: &str) -> bool {
        match action {
            Action::Manage | Action::Administer => self.may_manage(organiser_slug),
            Action::WorkDoor { .. } => self.may_work_door(organiser_slug),
        }
    }

    /// Staff of an organiser may add a password to signing in by link;
    /// participants and coordinators always use the link.
    pub fn may_have_password(&self) -> bool {
        self.grants.iter().any(|g| role_may_have_password(g.role))
    }

    /// Runs the platform: creates organisers, decides on shared organisations.
    pub fn is_platform_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::PlatformAdmin)
    }

    pub fn is_admin_of(&self, organiser_slug: &str) -> bool {
        self.grants.iter().any(|g| g.role == Role::PlatformAdmin) || self.has_role_at(Role::Admin, organiser_slug)
    }

    pub fn has_role_at(&self, role: Role, organiser_slug: &str) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == role && g.organiser.as_ref().is_some_and(|o| o.slug.as_str() == organiser_slug))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisers_people_may_have_a_password_participants_and_coordinators_not() {
        for role in [Role::PlatformAdmin, Role::Admin, Role::Staff, Role::Scanner, Role::Trainer] {
            assert!(role_may_have_password(role), "{role:?}");
        }
        assert!(!role_may_have_password(Role::Coordinator));
    }

    #[test]
    fn a_scanner_works_the_door_and_runs_nothing() {
        let grant = |role, slug: &str| Grant {
            role,
            organiser_id: Some(1),
            organiser: Some(OrganiserRef {
                slug: crate::Slug::parse(slug).unwrap(),
                name: slug.into(),
                short_name: slug.into(),
            }),
            organisation: None,
        };
        let viewer = |grants| Viewer {
            person_id: 1,
            full_name: "Dorien".into(),
            email: Email::parse("dorien@example.test").unwrap(),
            grants,
            csrf_token: String::new(),
            has_password: false,
        };
        let scanner = viewer(vec![grant(Role::Scanner, "biz-kempen")]);
        assert!(scanner.may_work_door("biz-kempen"));
        assert!(!scanner.may_manage("biz-kempen") && !scanner.is_admin_of("biz-kempen"));
        assert!(!scanner.may_work_door("biz-noord-west-vlaanderen"));
        for role in [Role::Staff, Role::Admin] {
            assert!(viewer(vec![grant(role, "biz-kempen")]).may_work_door("biz-kempen"));
        }
        for role in [Role::Trainer, Role::Coordinator] {
            assert!(!viewer(vec![grant(role, "biz-kempen")]).may_work_door("biz-kempen"));
        }
        let platform = Grant { role: Role::PlatformAdmin, organiser_id: None, organiser: None, organisation: None };
        assert!(viewer(vec![platform]).may_work_door("biz-kempen"));
        let door = Action::WorkDoor { event_id: 1 };
        assert!(scanner.may_ask(door, "biz-kempen"));
        assert!(!scanner.may_ask(Action::Manage, "biz-kempen") && !scanner.may_ask(Action::Administer, "biz-kempen"));
        // Staff may ask what admins may: the refusal (403) comes after the form token.
        let staff = viewer(vec![grant(Role::Staff, "biz-kempen")]);
        assert!(staff.may_ask(Action::Administer, "biz-kempen") && !staff.is_admin_of("biz-kempen"));
    }
}
