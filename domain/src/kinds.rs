//! The closed sets of the domain, each with a stable code (database and API)
//! and a Dutch label (interface).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("onbekende waarde {value:?} voor {what}")]
pub struct UnknownCode {
    pub what: &'static str,
    pub value: String,
}

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, $key:literal, { $($variant:ident => $code:literal, $slug:literal, $label:literal, $plural:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        // With the `sea-orm` feature (the store's), a column can hold it as its code.
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "sea-orm",
            sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)")
        )]
        pub enum $name { $( #[cfg_attr(feature = "sea-orm", sea_orm(string_value = $code))] $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Stable code stored in the database and used in the API.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Dutch word used in URLs and filters.
            pub const fn url_slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            /// Dutch label for the interface.
            pub const fn label_nl(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The key of its label in the texts (`{key prefix}.{code}`).
            pub const fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($key, ".", $code)),+ }
            }

            /// Its label in `locale` (the interface's word for it).
            pub fn name_in(self, locale: crate::i18n::Locale) -> &'static str {
                crate::i18n::text(locale, self.label_key())
            }

            /// Dutch plural label for headings and filters.
            pub const fn plural_nl(self) -> &'static str {
                match self { $($name::$variant => $plural),+ }
            }

            pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    other => Err(UnknownCode { what: $what, value: other.to_string() }),
                }
            }

            pub fn from_url_slug(slug: &str) -> Result<Self, UnknownCode> {
                match slug {
                    $($slug => Ok($name::$variant),)+
                    other => Err(UnknownCode { what: $what, value: other.to_string() }),
                }
            }
        }
    };
}

coded_enum!(
    /// What kind of activity an event is.
    EventKind, "soort activiteit", "kind", {
        LearningNetwork => "learning_network", "leernetwerk", "Leernetwerk", "Leernetwerken";
        TrainingDay => "training_day", "vorming", "Vorming", "Vormingen";
        MethodsDay => "methods_day", "methodiekendag", "Methodiekendag", "Methodiekendagen";
        GroupModule => "group_module", "groepsmodule", "Groepsmodule", "Groepsmodules";
        Meeting => "meeting", "overleg", "Overleg", "Overlegmomenten";
    }
);

coded_enum!(
    /// Where an event is in its life.
    EventStatus, "status", "event_status", {
        Draft => "draft", "concept", "Concept", "Concepten";
        Published => "published", "gepubliceerd", "Gepubliceerd", "Gepubliceerd";
        Cancelled => "cancelled", "geannuleerd", "Geannuleerd", "Geannuleerd";
    }
);

coded_enum!(
    /// Who may register.
    Audience, "doelpubliek", "audience", {
        Partners => "partners", "partners", "Enkel partners van het samenwerkingsverband", "Partners";
        Public => "public", "iedereen", "Open voor iedereen", "Iedereen";
    }
);

coded_enum!(
    /// What a partner organisation is.
    OrganisationKind, "soort organisatie", "org_kind", {
        Ocmw => "ocmw", "ocmw", "OCMW", "OCMW's";
        Caw => "caw", "caw", "CAW", "CAW's";
        Association => "association", "vereniging", "Vereniging waar armen het woord nemen", "Verenigingen waar armen het woord nemen";
        School => "school", "school", "School", "Scholen";
        YouthCare => "youth_care", "jeugdhulp", "Jeugdhulp", "Jeugdhulp";
        Lawyer => "lawyer", "advocaat", "Advocaat-schuldbemiddelaar", "Advocaten-schuldbemiddelaars";
        Bailiff => "bailiff", "gerechtsdeurwaarder", "Gerechtsdeurwaarder", "Gerechtsdeurwaarders";
        Other => "other", "andere", "Andere organisatie", "Andere organisaties";
    }
);

coded_enum!(
    /// What a person may do, per organiser (or per partner organisation for coordinators).
    Role, "rol", "role", {
        PlatformAdmin => "platform_admin", "platformbeheerder", "Platformbeheerder", "Platformbeheerders";
        Admin => "admin", "beheerder", "Beheerder", "Beheerders";
        Staff => "staff", "medewerker", "Medewerker", "Medewerkers";
        Scanner => "scanner", "scanner", "Scanner aan de deur", "Scanners";
        Trainer => "trainer", "lesgever", "Lesgever", "Lesgevers";
        Coordinator => "coordinator", "coordinator", "Coördinator", "Coördinatoren";
    }
);

coded_enum!(
    /// Who may pick a ticket type.
    TicketEligibility, "voor wie", "eligibility", {
        Everyone => "everyone", "iedereen", "Iedereen", "Iedereen";
        Partners => "partners", "partners", "Enkel partners", "Partners";
        Externals => "externals", "externen", "Enkel externen", "Externen";
    }
);

coded_enum!(
    /// What a trainer does at an event.
    TrainerRole, "rol van de lesgever", "trainer_role", {
        Trainer => "trainer", "lesgever", "Lesgever", "Lesgevers";
        Speaker => "speaker", "spreker", "Spreker", "Sprekers";
        Moderator => "moderator", "moderator", "Moderator", "Moderatoren";
    }
);

impl EventKind {
    /// Learning networks are booked for the whole series; attendance is per session.
    pub const fn registers_for_whole_series(self) -> bool {
        matches!(self, EventKind::LearningNetwork | EventKind::GroupModule)
    }
}

impl EventKind {
    /// The kind's name in `locale` (plural: for lists and filters).
    pub fn label_in(self, locale: crate::i18n::Locale, plural: bool) -> &'static str {
        use crate::i18n;
        match (self, plural) {
            (EventKind::LearningNetwork, false) => i18n::text(locale, "kind.learning_network"),
            (EventKind::LearningNetwork, true) => i18n::text(locale, "kind.learning_network.plural"),
            (EventKind::TrainingDay, false) => i18n::text(locale, "kind.training_day"),
            (EventKind::TrainingDay, true) => i18n::text(locale, "kind.training_day.plural"),
            (EventKind::MethodsDay, false) => i18n::text(locale, "kind.methods_day"),
            (EventKind::MethodsDay, true) => i18n::text(locale, "kind.methods_day.plural"),
            (EventKind::GroupModule, false) => i18n::text(locale, "kind.group_module"),
            (EventKind::GroupModule, true) => i18n::text(locale, "kind.group_module.plural"),
            (EventKind::Meeting, false) => i18n::text(locale, "kind.meeting"),
            (EventKind::Meeting, true) => i18n::text(locale, "kind.meeting.plural"),
        }
    }
}

impl Audience {
    /// Who may register, in `locale`.
    pub fn label_in(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n;
        match self {
            Audience::Partners => i18n::text(locale, "audience.partners"),
            Audience::Public => i18n::text(locale, "audience.public"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::from_code(k.code()), Ok(*k));
            assert_eq!(EventKind::from_url_slug(k.url_slug()), Ok(*k));
        }
        for k in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::from_code(k.code()), Ok(*k));
        }
        let mut codes: Vec<_> = EventKind::ALL.iter().map(|k| k.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), EventKind::ALL.len());
    }

    #[test]
    fn unknown_codes_say_what_was_wrong() {
        let err = EventKind::from_url_slug("feestje").unwrap_err();
        assert_eq!(err.to_string(), "onbekende waarde \"feestje\" voor soort activiteit");
    }

    /// The labels come from the texts by a key built from the code, which the
    /// key scan of `i18n.rs` cannot see: check them here, in every language.
    #[test]
    fn every_label_has_a_text_in_every_language() {
        use crate::i18n::Locale;
        let keys: Vec<&str> = [
            EventKind::ALL.iter().map(|k| k.label_key()).collect::<Vec<_>>(),
            EventStatus::ALL.iter().map(|k| k.label_key()).collect(),
            Audience::ALL.iter().map(|k| k.label_key()).collect(),
            OrganisationKind::ALL.iter().map(|k| k.label_key()).collect(),
            Role::ALL.iter().map(|k| k.label_key()).collect(),
            TicketEligibility::ALL.iter().map(|k| k.label_key()).collect(),
            TrainerRole::ALL.iter().map(|k| k.label_key()).collect(),
        ]
        .concat();
        for locale in Locale::ALL {
            for key in &keys {
                assert_ne!(crate::i18n::text(locale, key), *key, "{key} in {}", locale.code());
            }
        }
        assert_eq!(Role::Scanner.name_in(Locale::Nl), Role::Scanner.label_nl(), "the Dutch text is the Dutch label");
        assert_eq!(EventStatus::Draft.name_in(Locale::Fr), "Brouillon");
    }

    #[test]
    fn serde_uses_the_codes() {
        assert_eq!(serde_json::to_string(&EventKind::MethodsDay).unwrap(), "\"methods_day\"");
        assert_eq!(serde_json::to_string(&OrganisationKind::YouthCare).unwrap(), "\"youth_care\"");
    }
}
