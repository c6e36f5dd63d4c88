//! The demo's data files (`demo/data/*.toml`) as plain structs. The files are
//! compiled into the binary, so `leernet-server demo-data` needs nothing beside
//! it; they are parsed when the demo is loaded (and by this crate's tests).
//! What the fields mean, for whoever edits the programme: `demo/data/README.md`.

use crate::DemoError;
use chrono::Weekday;
use domain::questions::QuestionKind;
use domain::{Audience, EventKind, OrganisationKind, TicketEligibility, TrainerRole};
use serde::Deserialize;
use std::collections::BTreeMap;

const PEOPLE: &str = include_str!("../data/people.toml");
const QUESTIONS: &str = include_str!("../data/questions.toml");
/// The organisers, in the order they are written (their ids follow it).
const REGIONS: [(&str, &str); 2] = [
    ("noord-west-vlaanderen.toml", include_str!("../data/noord-west-vlaanderen.toml")),
    ("kempen.toml", include_str!("../data/kempen.toml")),
];
const ELSEWHERE: &str = include_str!("../data/elsewhere.toml");

/// Everything the demo writes, read from the data files.
#[derive(Debug)]
pub struct Plan {
    pub people: People,
    pub questions: BTreeMap<EventKind, Vec<QuestionPlan>>,
    pub regions: Vec<Region>,
    /// Organisations in the directory that belong to neither region.
    pub elsewhere: Directory,
}

impl Plan {
    /// The plan compiled into this crate.
    pub fn bundled() -> Result<Plan, DemoError> {
        Ok(Plan {
            people: parse("people.toml", PEOPLE)?,
            questions: parse("questions.toml", QUESTIONS)?,
            regions: REGIONS.iter().map(|(file, text)| parse(file, text)).collect::<Result<_, _>>()?,
            elsewhere: parse("elsewhere.toml", ELSEWHERE)?,
        })
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, DemoError> {
    toml::from_str(text).map_err(|e| DemoError::Invalid(format!("demo/data/{file}: {e}")))
}

/// `people.toml`: the names the demo invents people from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    pub first_names: Vec<String>,
    /// Lists of surnames by name (`west-flemish`, `kempen`).
    pub surnames: BTreeMap<String, Vec<String>>,
    pub ocmw_team: OcmwTeamTitles,
    pub platform_admin: PlatformAdmin,
    #[serde(default)]
    pub more_platform_admins: Vec<PlatformAdmin>,
    #[serde(default)]
    pub coordinators: Vec<Coordinator>,
}

/// A coordinator of a partner organisation (by name) for an organiser (by slug).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinator {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub organiser: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OcmwTeamTitles {
    pub lead: String,
    pub workers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformAdmin {
    pub name: String,
    pub email: String,
}

/// `questions.toml`: what registration asks, by kind of event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionPlan {
    pub kind: QuestionKind,
    /// Empty: the kind's default label.
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub required: bool,
}

/// One organiser's file: the organiser, its directory and its programme.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub surnames: String,
    pub organiser: Organiser,
    #[serde(default)]
    pub person: Vec<NamedPerson>,
    #[serde(default)]
    pub organisation: Vec<OrganisationEntry>,
    #[serde(default)]
    pub individuals: Vec<Individuals>,
    pub volunteers: Option<Volunteers>,
    /// Who events draw their participants from, by name.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<Filter>>,
    #[serde(default)]
    pub venue: Vec<Venue>,
    #[serde(default)]
    pub trainer: Vec<Trainer>,
    #[serde(default)]
    pub event: Vec<Event>,
}

impl Region {
    /// The organisations and people of this region, as a directory.
    pub fn directory(&self) -> DirectoryRef<'_> {
        DirectoryRef {
            surnames: &self.surnames,
            person: &self.person,
            organisation: &self.organisation,
            individuals: &self.individuals,
            volunteers: self.volunteers.as_ref(),
        }
    }
}

/// `elsewhere.toml`: organisations (and their staff) without an organiser.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    pub surnames: String,
    #[serde(default)]
    pub organisation: Vec<OrganisationEntry>,
}

impl Directory {
    pub fn directory(&self) -> DirectoryRef<'_> {
        DirectoryRef {
            surnames: &self.surnames,
            person: &[],
            organisation: &self.organisation,
            individuals: &[],
            volunteers: None,
        }
    }
}

/// The part of a file that fills the directory.
pub struct DirectoryRef<'a> {
    pub surnames: &'a str,
    pub person: &'a [NamedPerson],
    pub organisation: &'a [OrganisationEntry],
    pub individuals: &'a [Individuals],
    pub volunteers: Option<&'a Volunteers>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organiser {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub email: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub iban: String,
    pub enterprise_number: String,
    pub vat_mode: String,
    /// Prefix of order and payout references, e.g. `NWVL-2026-00001`.
    pub reference_prefix: String,
    /// The e-mail address of the [`NamedPerson`] who scans tickets and ticks the
    /// attendance lists of past events.
    pub door_staff: String,
}

/// Someone with a fixed name and address: the staff who sign in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPerson {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_title: String,
    /// The name of the organisation in this file that employs them.
    pub organisation: String,
    /// Their role at this file's organiser, if they sign in.
    pub signs_in_as: Option<domain::Role>,
}

/// An organisation in the directory, or the OCMWs of a set of municipalities.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OrganisationEntry {
    One(Organisation),
    Ocmws(Ocmws),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub city: String,
    /// Its staff's addresses (`info@` is the organisation's own).
    pub mail_domain: String,
    /// A partner of this file's organiser.
    pub partner: bool,
    #[serde(default)]
    pub staff: Vec<Staff>,
}

/// "OCMW <municipality>" for every municipality of some arrondissements (or of a
/// list of municipalities), each with a debt-counselling team.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ocmws {
    /// NIS codes of arrondissements.
    #[serde(default)]
    pub ocmws_in_arrondissements: Vec<i32>,
    /// Names of municipalities.
    #[serde(default)]
    pub ocmws_in: Vec<String>,
    pub partner: bool,
    /// A team lead and `team_size - 1` workers.
    pub team_size: usize,
    /// Team sizes of the municipalities with a larger team.
    #[serde(default)]
    pub larger_teams: BTreeMap<String, usize>,
}

/// A job at an organisation, filled by an invented person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub role: Role,
    pub title: String,
}

/// What a person does, which decides what they register for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Leads a debt-counselling team: learning networks and steering groups.
    Lead,
    Worker,
    Lawyer,
    Volunteer,
    /// Coordinators and staff of other partners (Huis van het Kind, SPAAK, …).
    Other,
    Parent,
    Teacher,
}

/// People without an organisation in the directory (parents, teachers).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Individuals {
    pub count: usize,
    pub role: Role,
    pub job_title: String,
    pub mail_domain: String,
    /// Kept on their registrations as the organisation's name.
    pub school: Option<String>,
}

/// Volunteers attached in turn to the organisations in `hosts`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volunteers {
    pub count: usize,
    pub job_title: String,
    pub hosts: Vec<String>,
}

/// People match a group when they match any of its filters; a filter matches
/// when every field it names matches.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    #[serde(default)]
    pub roles: Vec<Role>,
    pub partner: Option<Partnership>,
    pub kind: Option<OrganisationKind>,
    /// The name of their organisation (or school).
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Partnership {
    /// Works at a partner of this file's organiser.
    Ours,
    /// Works at a partner of another organiser.
    Elsewhere,
    /// Works at no partner.
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub directions: String,
    pub wheelchair_accessible: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trainer {
    pub name: String,
    pub affiliation: Option<String>,
    pub email: Option<String>,
    pub bio: String,
    /// What it takes to pay an external trainer by bank transfer (a SEPA file).
    pub payment: Option<TrainerPayment>,
}

/// A trainer's address, bank account and VAT status, as an admin keeps them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainerPayment {
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub iban: String,
    pub bic: Option<String>,
    pub vat_status: domain::VatStatus,
    pub enterprise_number: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// A name other events' dates can count from (`from_event`).
    pub key: Option<String>,
    pub kind: EventKind,
    /// May contain `{year}`, `{half_year}`, `{programme_year}`, `{previous_programme_year}`.
    pub title: String,
    pub summary: String,
    pub description: String,
    pub theme: Option<String>,
    #[serde(default = "public")]
    pub audience: Audience,
    pub capacity: Option<i32>,
    pub group_max_participants: Option<i32>,
    pub first_day: FirstDay,
    #[serde(default = "one")]
    pub days: usize,
    #[serde(default = "one_week")]
    pub weeks_between_days: i64,
    pub registration_opens: Option<Opens>,
    /// Registration closes at the end of the day this many days before the first session.
    pub closes_days_before: Option<i64>,
    /// Free cancellation until the end of the day this many days before the first session.
    pub cancellation_days_before: Option<i64>,
    /// Upcoming events were published this many days before today; past ones this
    /// many days before their first session.
    #[serde(default = "thirty")]
    pub published_days_before: i64,
    #[serde(default)]
    pub check_in: CheckIn,
    #[serde(default)]
    pub participants: Vec<Draw>,
    #[serde(default)]
    pub session: Vec<Session>,
    #[serde(default)]
    pub ticket: Vec<Ticket>,
    #[serde(default)]
    pub trainer: Vec<EventTrainer>,
    #[serde(default)]
    pub cost: Vec<Cost>,
}

fn public() -> Audience {
    Audience::Public
}

fn one() -> usize {
    1
}

fn one_week() -> i64 {
    1
}

fn thirty() -> i64 {
    30
}

/// The first `weekday` on or after `weeks` weeks from today (or from the first day
/// of the event `from_event`), outside the Christmas and summer breaks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstDay {
    pub weeks: i64,
    pub weekday: Weekday,
    pub from_event: Option<String>,
}

/// Registration opens `days` days after today at `at` (Belgian time).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opens {
    pub days: i64,
    pub at: String,
}

/// How attendance is taken at past events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckIn {
    /// Tickets scanned at the door.
    #[default]
    Scan,
    /// A paper attendance list, ticked when the meeting starts.
    List,
}

/// Participants drawn at random from a group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draw {
    pub group: String,
    /// A few people of another group, added to `group` before drawing.
    pub guests: Option<Guests>,
    #[serde(default)]
    pub confirmed: usize,
    #[serde(default)]
    pub waitlisted: usize,
    #[serde(default)]
    pub cancelled: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guests {
    pub group: String,
    pub count: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub title: String,
    pub description: Option<String>,
    /// Parallel workshops share a time and differ in track.
    pub track: Option<String>,
    pub capacity: Option<i32>,
    /// Which of the event's days (1 is the first).
    #[serde(default = "one")]
    pub day: usize,
    /// `09:30-12:30`, Belgian time.
    pub time: String,
    pub venue: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub name: String,
    pub description: Option<String>,
    /// In whole euros.
    #[serde(default)]
    pub price: i64,
    #[serde(rename = "for")]
    pub eligibility: TicketEligibility,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventTrainer {
    /// A trainer of this file.
    pub name: String,
    pub role: TrainerRole,
    /// In whole euros; a fee gives the event a cost line.
    #[serde(default)]
    pub fee: i64,
    /// The title of the session they speak at, if not the whole event.
    pub session: Option<String>,
}

/// A budget line other than a trainer's fee.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// `catering`, `venue`, `printing` or `other`.
    pub category: String,
    pub description: String,
    pub payee: Option<String>,
    /// In whole euros.
    pub budget: i64,
}
