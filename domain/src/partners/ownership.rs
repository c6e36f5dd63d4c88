//! Who may change an organisation's identity. The directory of organisations
//! is shared: an OCMW may be a partner of several organisers at once. Its
//! identity (name, kind, enterprise number, address) is what they all see,
//! on their lists, registration forms and reports, so one organiser may
//! change it only while the organisation is its partner alone. Once others
//! link it too, an organiser's imports and edits fill in empty fields only
//! and propose the other changes to the platform admin, who accepts or
//! rejects them. What an organiser keeps for itself (notes, contact person)
//! lives on its own link and is always its own to change.

use crate::enterprise::EnterpriseNumber;
use crate::i18n::{self, Locale};
use crate::kinds::OrganisationKind;
use crate::partners::MunicipalityIndex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field of an organisation's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityField {
    Name,
    Kind,
    EnterpriseNumber,
    Street,
    Postcode,
    City,
    Municipality,
}

impl IdentityField {
    pub const ALL: [IdentityField; 7] = [
        IdentityField::Name,
        IdentityField::Kind,
        IdentityField::EnterpriseNumber,
        IdentityField::Street,
        IdentityField::Postcode,
        IdentityField::City,
        IdentityField::Municipality,
    ];

    /// How it is stored in a proposal.
    pub const fn code(self) -> &'static str {
        match self {
            IdentityField::Name => "name",
            IdentityField::Kind => "kind",
            IdentityField::EnterpriseNumber => "enterprise_number",
            IdentityField::Street => "street",
            IdentityField::Postcode => "postcode",
            IdentityField::City => "city",
            IdentityField::Municipality => "municipality",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        IdentityField::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Its Dutch name, as the audit log's details and the import's notes use it.
    pub const fn dutch(self) -> &'static str {
        match self {
            IdentityField::Name => "naam",
            IdentityField::Kind => "soort",
            IdentityField::EnterpriseNumber => "ondernemingsnummer",
            IdentityField::Street => "straat",
            IdentityField::Postcode => "postcode",
            IdentityField::City => "plaats",
            IdentityField::Municipality => "gemeente",
        }
    }

    /// Its name in `locale` (the review page's first column).
    pub fn name_in(self, locale: Locale) -> &'static str {
        i18n::text(
            locale,
            match self {
                IdentityField::Name => "partners.name",
                IdentityField::Kind => "partners.kind",
                IdentityField::EnterpriseNumber => "partners.enterprise_number",
                IdentityField::Street => "editor.venue_street",
                IdentityField::Postcode => "editor.venue_postcode",
                IdentityField::City => "partners.city",
                IdentityField::Municipality => "partners.municipality",
            },
        )
    }

    /// A stored value of this field for a reader: the kind's and the
    /// municipality's names, the enterprise number with its dots, `–` for none.
    pub fn show(self, value: Option<&str>, locale: Locale, municipalities: &MunicipalityIndex) -> String {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else { return "–".to_string() };
        match self {
            IdentityField::Kind => {
                OrganisationKind::from_code(value).map_or_else(|_| value.to_string(), |k| k.name_in(locale).to_string())
            }
            IdentityField::EnterpriseNumber => {
                EnterpriseNumber::parse(value).map_or_else(|_| value.to_string(), |n| n.to_string())
            }
            IdentityField::Municipality => value
                .parse()
                .ok()
                .and_then(|nis| municipalities.by_nis(nis))
                .map_or_else(|| value.to_string(), |m| m.name.clone()),
            _ => value.to_string(),
        }
    }
}

/// An organisation's identity as stored: what every organiser linked to it shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub kind: OrganisationKind,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub municipality_nis: Option<i32>,
}

impl Identity {
    /// A field's value as text (the form a proposal stores); `None` when empty.
    pub fn value(&self, field: IdentityField) -> Option<String> {
        let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        match field {
            IdentityField::Name => Some(self.name.clone()),
            IdentityField::Kind => Some(self.kind.code().to_string()),
            IdentityField::EnterpriseNumber => self.enterprise_number.map(|n| n.digits()),
            IdentityField::Street => text(&self.street),
            IdentityField::Postcode => text(&self.postcode),
            IdentityField::City => text(&self.city),
            IdentityField::Municipality => self.municipality_nis.map(|n| n.to_string()),
        }
    }

    /// This identity with `changes` made. Fails (with the field) on a value
    /// that is not one of the field's, such as a proposal stored long ago.
    pub fn with(&self, changes: &IdentityChanges) -> Result<Identity, IdentityField> {
        let mut out = self.clone();
        for (field, value) in changes.iter() {
            let value = value.map(str::to_string);
            match field {
                IdentityField::Name => out.name = value.filter(|v| !v.trim().is_empty()).ok_or(field)?,
                IdentityField::Kind => {
                    out.kind = value.and_then(|v| OrganisationKind::from_code(&v).ok()).ok_or(field)?;
                }
                IdentityField::EnterpriseNumber => {
                    out.enterprise_number =
                        value.map(|v| EnterpriseNumber::parse(&v)).transpose().map_err(|_| field)?;
                }
                IdentityField::Street => out.street = value,
                IdentityField::Postcode => out.postcode = value,
                IdentityField::City => out.city = value,
                IdentityField::Municipality => {
                    out.municipality_nis = value.map(|v| v.parse()).transpose().map_err(|_| field)?;
                }
            }
        }
        Ok(out)
    }
}

/// Changes to an identity, field by field, each value as text (see
/// [`Identity::value`]); a field not in it stays as it is, `None` empties it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityChanges(BTreeMap<IdentityField, Option<String>>);

impl IdentityChanges {
    pub fn new() -> Self {
        IdentityChanges::default()
    }

    /// Sets `field` to `value` (blank text is `None`: empty).
    pub fn set(&mut self, field: IdentityField, value: Option<String>) {
        let value = value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        self.0.insert(field, value);
    }

    pub fn get(&self, field: IdentityField) -> Option<Option<&str>> {
        self.0.get(&field).map(Option::as_deref)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (IdentityField, Option<&str>)> {
        self.0.iter().map(|(f, v)| (*f, v.as_deref()))
    }

    pub fn fields(&self) -> impl Iterator<Item = IdentityField> + '_ {
        self.0.keys().copied()
    }

    /// The Dutch names of the fields, for the audit log: `naam, straat`.
    pub fn dutch_list(&self) -> String {
        self.fields().map(IdentityField::dutch).collect::<Vec<_>>().join(", ")
    }

    /// Only the changes that differ from `current`.
    pub fn against(&self, current: &Identity) -> IdentityChanges {
        IdentityChanges(
            self.0.iter().filter(|(f, v)| current.value(**f) != **v).map(|(f, v)| (*f, v.clone())).collect(),
        )
    }

    /// These changes with `newer` laid over them (a newer proposal of the
    /// same organiser replaces what it says about a field, keeps the rest).
    pub fn merged(&self, newer: &IdentityChanges) -> IdentityChanges {
        let mut out = self.clone();
        out.0.extend(newer.0.iter().map(|(f, v)| (*f, v.clone())));
        out
    }

    /// Whether every change in here is already in `other`, with the same value.
    pub fn within(&self, other: &IdentityChanges) -> bool {
        self.0.iter().all(|(f, v)| other.0.get(f) == Some(v))
    }
}

/// What an organiser's edit or import may do to an organisation's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing differs from what is stored.
    Nothing,
    /// The organisation is the organiser's partner alone: every change is made.
    ApplyAll(IdentityChanges),
    /// Others link it too: empty fields are filled in (`fill`), every other
    /// change goes to the platform admin as a proposal (`propose`). Either may be empty.
    FillAndPropose { fill: IdentityChanges, propose: IdentityChanges },
}

/// Decides what `wanted` (an organiser's edit or import row) does to the
/// `current` identity, given whether the organiser is (or, by this import,
/// becomes) the only one linked to the organisation.
pub fn decide(current: &Identity, wanted: &IdentityChanges, sole_owner: bool) -> Decision {
    let changes = wanted.against(current);
    if changes.is_empty() {
        return Decision::Nothing;
    }
    if sole_owner {
        return Decision::ApplyAll(changes);
    }
    let (fill, propose): (BTreeMap<_, _>, BTreeMap<_, _>) =
        changes.0.into_iter().partition(|(field, value)| value.is_some() && current.value(*field).is_none());
    Decision::FillAndPropose { fill: IdentityChanges(fill), propose: IdentityChanges(propose) }
}

/// One proposal on the platform admin's review page, its values put into words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub id: i32,
    /// The organisation's name now.
    pub organisation: String,
    /// The organiser that proposed it, and who did.
    pub proposer: String,
    pub person: Option<String>,
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    pub fields: Vec<ProposedField>,
    /// Every organiser linked to the organisation (whose lists would change).
    pub linked: Vec<String>,
}

/// One field of a proposal: what the organisation says now and what is proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedField {
    pub field: IdentityField,
    pub current: String,
    pub proposed: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partners::Municipality;

    fn ocmw() -> Identity {
        Identity {
            name: "OCMW Geel".into(),
            kind: OrganisationKind::Ocmw,
            enterprise_number: None,
            street: Some("Markt 1".into()),
            postcode: None,
            city: Some("Geel".into()),
            municipality_nis: Some(13008),
        }
    }

    fn changes(pairs: &[(IdentityField, Option<&str>)]) -> IdentityChanges {
        let mut c = IdentityChanges::new();
        for (f, v) in pairs {
            c.set(*f, v.map(str::to_string));
        }
        c
    }

    use IdentityField as F;

    #[test]
    fn the_sole_owner_changes_everything() {
        let wanted = changes(&[(F::Name, Some("Sociaal Huis Geel")), (F::Postcode, Some("2440")), (F::Street, None)]);
        assert_eq!(decide(&ocmw(), &wanted, true), Decision::ApplyAll(wanted.clone()));
        let applied = ocmw().with(&wanted).unwrap();
        assert_eq!(
            (applied.name.as_str(), applied.street, applied.postcode.as_deref()),
            ("Sociaal Huis Geel", None, Some("2440"))
        );
    }

    #[test]
    fn a_shared_organisation_is_filled_in_and_the_rest_proposed() {
        let wanted = changes(&[
            (F::Name, Some("Sociaal Huis Geel")),
            (F::Postcode, Some("2440")),
            (F::EnterpriseNumber, Some("0207520810")),
            (F::Street, None),
            (F::City, Some("Geel")),
        ]);
        let Decision::FillAndPropose { fill, propose } = decide(&ocmw(), &wanted, false) else { panic!() };
        assert_eq!(fill, changes(&[(F::Postcode, Some("2440")), (F::EnterpriseNumber, Some("0207520810"))]));
        // Emptying a field is a change like any other: proposed. The same city is no change.
        assert_eq!(propose, changes(&[(F::Name, Some("Sociaal Huis Geel")), (F::Street, None)]));
        // Only filling in: nothing to propose.
        let Decision::FillAndPropose { fill, propose } =
            decide(&ocmw(), &changes(&[(F::Postcode, Some("2440"))]), false)
        else {
            panic!()
        };
        assert_eq!((fill.len(), propose.is_empty()), (1, true));
    }

    #[test]
    fn nothing_differs_nothing_to_do() {
        let same = changes(&[
            (F::Name, Some("OCMW Geel")),
            (F::Kind, Some("ocmw")),
            (F::Street, Some(" Markt 1 ")),
            (F::Postcode, None),
        ]);
        assert_eq!(decide(&ocmw(), &same, false), Decision::Nothing);
        assert_eq!(decide(&ocmw(), &same, true), Decision::Nothing);
        assert_eq!(decide(&ocmw(), &IdentityChanges::new(), false), Decision::Nothing);
    }

    #[test]
    fn proposals_merge_and_compare() {
        let first = changes(&[(F::Name, Some("A")), (F::Street, Some("Markt 2"))]);
        let second = changes(&[(F::Name, Some("B"))]);
        let merged = first.merged(&second);
        assert_eq!(merged, changes(&[(F::Name, Some("B")), (F::Street, Some("Markt 2"))]));
        assert!(second.within(&merged) && !first.within(&merged));
        assert_eq!(merged.dutch_list(), "naam, straat");
        // What the organisation already says is no change any more.
        assert_eq!(merged.against(&ocmw().with(&second).unwrap()), changes(&[(F::Street, Some("Markt 2"))]));
    }

    #[test]
    fn bad_stored_values_are_refused_and_values_shown() {
        assert_eq!(ocmw().with(&changes(&[(F::Kind, Some("bank"))])), Err(F::Kind));
        assert_eq!(ocmw().with(&changes(&[(F::Name, None)])), Err(F::Name));
        assert_eq!(ocmw().with(&changes(&[(F::EnterpriseNumber, Some("123"))])), Err(F::EnterpriseNumber));
        let m = MunicipalityIndex::new([Municipality { nis_code: 13008, name: "Geel".into() }]);
        assert_eq!(F::Municipality.show(Some("13008"), Locale::Nl, &m), "Geel");
        assert_eq!(F::EnterpriseNumber.show(Some("0207520810"), Locale::Nl, &m), "0207.520.810");
        assert_eq!(F::Kind.show(Some("ocmw"), Locale::En, &m), OrganisationKind::Ocmw.name_in(Locale::En));
        assert_eq!(F::Street.show(None, Locale::Nl, &m), "–");
        for f in IdentityField::ALL {
            assert_eq!(IdentityField::from_code(f.code()), Some(f));
        }
    }
}
