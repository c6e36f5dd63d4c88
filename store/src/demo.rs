//! Demo data for an empty database: BIZ Noord-West-Vlaanderen and BIZ Kempen with
//! their partners, staff, venues, trainers, events, registrations, orders, tickets,
//! attendance and costs, after the two seed plans (year plan 2020 of BIZ NWVL and
//! the presentation of BIZ Kempen).
//!
//! Everything is placed around a given `today`: the offer in the months after it and
//! a history before it, so the catalogue and the reports always have something to
//! show. The same `today` gives the same data (a seeded generator picks names, times
//! and attendance), except ticket codes: those are secrets and always random.
//!
//! Every invented e-mail address uses the reserved `.test` top-level domain, so the
//! demo never writes to a real mailbox.

use crate::StoreError;
use crate::entities::{
    check_in, cost_line, event, event_session, event_trainer, municipality, order, organisation, organiser,
    partnership, person, registration, ticket, ticket_type, trainer, venue,
};
use crate::time::from_local;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use domain::{Audience, Email, EventKind, Money, OrganisationKind, Slug};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What [`load`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub organisers: usize,
    pub organisations: usize,
    pub events: usize,
    pub registrations: usize,
    pub check_ins: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already has data; demo data is only loaded into an empty database")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The demo plan contradicts itself (a bug in this module, never user input).
    #[error("the demo data is inconsistent: {0}")]
    Invalid(String),
}

/// A status of the plan as its enum: the plan writes the stored texts; an
/// unknown one is a bug in this module.
fn stored<T: std::str::FromStr<Err = domain::UnknownCode>>(text: &str) -> Result<T, DemoError> {
    text.parse().map_err(|e: domain::UnknownCode| DemoError::Invalid(e.to_string()))
}

impl From<DbErr> for DemoError {
    fn from(e: DbErr) -> Self {
        DemoError::Store(StoreError::Db(e))
    }
}

/// Loads the demo data in one transaction. `today` is the Belgian local date the data
/// is relative to: upcoming events are placed in the weeks and months after it, past
/// ones before it. Refuses when the database already has organisers: demo data only
/// ever goes into an empty database.
pub async fn load(db: &DatabaseConnection, today: NaiveDate) -> Result<DemoSummary, DemoError> {
    let txn = crate::begin_write(db).await.map_err(StoreError::from)?;
    // Checked inside the transaction; should two loads still race, the unique
    // organiser slugs stop the second one. Returning drops `txn`, which rolls back.
    if !crate::is_empty(&txn).await? {
        return Err(DemoError::NotEmpty);
    }
    let mut demo = Demo::new(&txn, today);
    let nwvl = demo.noord_west_vlaanderen().await?;
    let kempen = demo.kempen().await?;
    demo.other_west_flemish_ocmws().await?;
    demo.nwvl_events(&nwvl).await?;
    demo.kempen_events(&kempen).await?;
    demo.write_registrations().await?;
    demo.write_costs().await?;
    let summary = demo.summary;
    grant_staff_roles(&txn).await?;
    txn.commit().await?;
    Ok(summary)
}

/// The seeds' staff run their region's year in Leernet: one admin and one staff
/// member per region, the budget-coach coordinator as trainer, and a door
/// volunteer as Kempen's scanner. Each signs in
/// by link with the address below (the demo's mail lands in the file outbox).
pub const DEMO_STAFF: &[(&str, &str, domain::Role)] = &[
    ("elisa.demeulaere@cawnoordwestvlaanderen.test", "biz-noord-west-vlaanderen", domain::Role::Admin),
    ("jens.jaecques@cawnoordwestvlaanderen.test", "biz-noord-west-vlaanderen", domain::Role::Staff),
    ("hanne.laenen@cawdekempen.test", "biz-kempen", domain::Role::Admin),
    ("tabitha.tanghe@cawdekempen.test", "biz-kempen", domain::Role::Staff),
    ("alexander.exelmans@cawdekempen.test", "biz-kempen", domain::Role::Trainer),
    (DEMO_DOOR_VOLUNTEER, "biz-kempen", domain::Role::Scanner),
];

/// The demo's door volunteer: BIZ Kempen's scanner, who may check people in
/// at its activities and nothing else.
pub const DEMO_DOOR_VOLUNTEER: &str = "dorien.dockx@cawdekempen.test";

/// The demo's platform admin, who creates organisers.
pub const DEMO_PLATFORM_ADMIN: &str = "platform@leernet.test";

async fn grant_staff_roles(db: &impl ConnectionTrait) -> Result<(), DemoError> {
    use crate::entities::{organiser, person};
    let now = chrono::Utc::now();
    let platform = domain::Email::parse(DEMO_PLATFORM_ADMIN).map_err(|e| DemoError::Invalid(e.to_string()))?;
    crate::people::make_platform_admin(db, &platform, now).await?;
    let mut named: person::ActiveModel = person::Entity::find()
        .filter(person::Column::Email.eq(DEMO_PLATFORM_ADMIN))
        .one(db)
        .await
        .map_err(StoreError::from)?
        .ok_or_else(|| DemoError::Invalid("platform admin missing".into()))?
        .into();
    named.full_name = Set("Pieter Platform".to_string());
    named.update(db).await.map_err(StoreError::from)?;
    for (email, organiser_slug, role) in DEMO_STAFF {
        let who = person::Entity::find().filter(person::Column::Email.eq(*email)).one(db).await?;
        let at = organiser::Entity::find().filter(organiser::Column::Slug.eq(*organiser_slug)).one(db).await?;
        let (Some(who), Some(at)) = (who, at) else {
            return Err(DemoError::Invalid(format!("demo staff {email} or organiser {organiser_slug} missing")));
        };
        crate::accounts::grant(db, who.id, *role, Some(at.id), None, now).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

const FIRST_NAMES: &[&str] = &[
    "Anneleen",
    "Bart",
    "Charlotte",
    "Dries",
    "Els",
    "Fien",
    "Gert",
    "Hilde",
    "Ine",
    "Jeroen",
    "Karolien",
    "Lotte",
    "Maarten",
    "Nele",
    "Pieter-Jan",
    "Ruben",
    "Sofie",
    "Tine",
    "Wouter",
    "Yente",
    "Ann",
    "Bram",
    "Evelien",
    "Femke",
    "Glenn",
    "Hannelore",
    "Jasper",
    "Katrien",
    "Lien",
    "Mieke",
    "Nick",
    "Ellen",
    "Stijn",
    "Veerle",
    "Ward",
    "Lore",
    "Joke",
    "Kristof",
    "Sarah",
    "Tom",
    "Inge",
    "Jonas",
    "Leen",
    "Michiel",
    "Nathalie",
    "Robbe",
    "Saskia",
    "Thomas",
    "Valerie",
    "Wim",
    "Astrid",
    "Brecht",
    "Delphine",
    "Elke",
    "Frederik",
    "Griet",
    "Hanne",
    "Isabelle",
    "Jolien",
    "Kobe",
    "Liesbeth",
    "Margot",
    "Nina",
    "Olivier",
    "Pauline",
    "Rani",
    "Sien",
    "Tijs",
    "Vicky",
    "Zoë",
];

const WEST_FLEMISH_SURNAMES: &[&str] = &[
    "Vandenberghe",
    "Declercq",
    "Verhaeghe",
    "Vermeulen",
    "Maes",
    "Desmet",
    "Vandamme",
    "Decock",
    "Dewulf",
    "Vanhoutte",
    "Deprez",
    "Vercruysse",
    "Lambrecht",
    "Devos",
    "Pattyn",
    "Callens",
    "Vandewalle",
    "Debruyne",
    "Ghesquière",
    "Dumon",
    "Verstraete",
    "Vanneste",
    "Boone",
    "Lievens",
    "Dejonghe",
    "Vanhee",
    "Vandecasteele",
    "Depoorter",
    "Bostoen",
    "Coussement",
    "Dezutter",
    "Haerynck",
    "Moerman",
    "Naessens",
    "Rommel",
    "Snauwaert",
];

const KEMPEN_SURNAMES: &[&str] = &[
    "Peeters",
    "Janssens",
    "Van den Bosch",
    "Mertens",
    "Wouters",
    "Hendrickx",
    "Van Gorp",
    "Geudens",
    "Verheyen",
    "Michiels",
    "Luyten",
    "Aerts",
    "Smets",
    "Claes",
    "Van Dyck",
    "Goossens",
    "Jacobs",
    "Wuyts",
    "Verbeeck",
    "Vos",
    "Leysen",
    "Sels",
    "Nuyts",
    "Daems",
    "Verlinden",
    "Bogaerts",
    "Van Looy",
    "Huybrechts",
    "Mariën",
    "Schellekens",
    "Van Hoof",
    "Vermeiren",
    "Sterckx",
    "Van Roey",
    "Bellens",
    "Thys",
];

/// Job titles of the people generated for partner organisations.
const TITLE_LEAD: &str = "teamverantwoordelijke budget- en schuldhulpverlening";
const WORKER_TITLES: &[&str] =
    &["maatschappelijk werker schuldbemiddeling", "budgetbegeleider", "maatschappelijk werker"];

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/// SplitMix64: small, fast and stable across library versions, so the same
/// `today` always gives the same demo data. Not for secrets (ticket codes come from `accounts::new_secret`).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). The modulo bias is irrelevant here.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A Belgian wall-clock time on `date`, in UTC.
fn at(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    from_local(date.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(hour * 60 + minute)))
}

/// The Christmas holidays and the weeks around 1 August, when the sector hardly
/// meets: demo sessions avoid them.
fn in_holiday_break(date: NaiveDate) -> bool {
    let (month, day) = (date.month(), date.day());
    (month == 12 && day >= 20) || (month == 1 && day <= 3) || (month == 7 && day >= 15) || (month == 8 && day <= 15)
}

/// The first `weekday` on or after `from` outside the holiday breaks.
fn on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let mut date = from;
    // A break lasts at most a month, so a few weeks of searching always succeed.
    for _ in 0..70 {
        if date.weekday() == weekday && !in_holiday_break(date) {
            return date;
        }
        date += TimeDelta::days(1);
    }
    date
}

/// `N` dates on the weekday of `first`, `gap_weeks` apart; a date that falls in a
/// break moves to the next week, and the following ones keep their distance from it.
fn series<const N: usize>(first: NaiveDate, gap_weeks: i64) -> [NaiveDate; N] {
    let mut dates = [first; N];
    for i in 1..N {
        dates[i] = on_or_after(dates[i - 1] + TimeDelta::weeks(gap_weeks), first.weekday());
    }
    dates
}

/// "voorjaar 2027" or "najaar 2026": how the sector names its half-yearly meetings.
fn half_year(date: NaiveDate) -> String {
    let season = if date.month() <= 6 { "voorjaar" } else { "najaar" };
    format!("{season} {}", date.year())
}

/// What registration asks, by kind of event: diets where there is catering,
/// a question to prepare a learning network or a group module.
fn demo_questions(kind: EventKind) -> Result<Option<String>, DemoError> {
    use domain::questions::{DIETS, Question, QuestionKind, QuestionSet};
    let question = |key, kind: QuestionKind, label: &str, required| Question {
        key,
        kind,
        label: if label.is_empty() { kind.default_label().to_string() } else { label.to_string() },
        required,
        options: if kind == QuestionKind::Diet { DIETS.iter().map(|d| d.to_string()).collect() } else { Vec::new() },
    };
    let questions = match kind {
        EventKind::TrainingDay | EventKind::MethodsDay => vec![
            question(1, QuestionKind::Diet, "Dieetwensen voor de lunch", true),
            question(2, QuestionKind::Accessibility, "", false),
        ],
        EventKind::LearningNetwork => vec![
            question(1, QuestionKind::Text, "Welke vraag of casus wil je graag aan bod zien komen?", false),
            question(2, QuestionKind::Accessibility, "", false),
        ],
        EventKind::GroupModule => {
            vec![question(1, QuestionKind::Text, "Waar komt de groep samen (adres van de lokalen)?", true)]
        }
        EventKind::Meeting => return Ok(None),
    };
    let set = QuestionSet { last_key: u32::try_from(questions.len()).unwrap_or(0), questions };
    serde_json::to_string(&set).map(Some).map_err(|e| DemoError::Invalid(e.to_string()))
}

/// A slug for an e-mail domain or local part: `Van den Bosch` becomes `vandenbosch`.
fn mail_part(text: &str, keep_hyphens: bool) -> String {
    let slug = Slug::from_title(text).map(|s| s.as_str().to_string()).unwrap_or_default();
    if keep_hyphens { slug } else { slug.replace('-', "") }
}

// ---------------------------------------------------------------------------
// The plan of one event
// ---------------------------------------------------------------------------

/// A participant the demo can register: a person and the organisation they come from.
#[derive(Debug, Clone)]
struct Attendee {
    person_id: i32,
    name: String,
    email: String,
    organisation_id: Option<i32>,
    organisation_kind: Option<OrganisationKind>,
    /// Snapshot on the registration; also set for schools that are not in the directory.
    organisation_name: Option<String>,
    /// The organiser whose partnership this person's organisation belongs to.
    partner_of: Option<i32>,
    role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
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

#[derive(Debug, Clone)]
struct OrgRef {
    id: i32,
    name: String,
    kind: OrganisationKind,
    domain: String,
}

/// The organiser an event belongs to.
struct Region {
    id: i32,
    /// Prefix of order and payout references, e.g. `NWVL-2026-00001`.
    prefix: &'static str,
    /// The staff member who scans tickets and ticks the attendance lists.
    door_staff: i32,
}

struct SessionPlan {
    title: String,
    description: Option<String>,
    track: Option<&'static str>,
    date: NaiveDate,
    start: (u32, u32),
    end: (u32, u32),
    venue: Option<i32>,
    capacity: Option<i32>,
}

impl SessionPlan {
    fn new(title: &str, date: NaiveDate, start: (u32, u32), end: (u32, u32), venue: i32) -> Self {
        SessionPlan {
            title: title.to_string(),
            description: None,
            track: None,
            date,
            start,
            end,
            venue: Some(venue),
            capacity: None,
        }
    }

    fn about(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }

    fn track(mut self, track: &'static str, capacity: i32) -> Self {
        self.track = Some(track);
        self.capacity = Some(capacity);
        self
    }
}

struct TicketPlan {
    name: &'static str,
    description: Option<&'static str>,
    price: Money,
    /// 'everyone', 'partners' or 'externals'.
    eligibility: &'static str,
}

impl TicketPlan {
    fn new(name: &'static str, price: Money, eligibility: &'static str, description: &'static str) -> Self {
        TicketPlan { name, description: Some(description), price, eligibility }
    }

    fn free(name: &'static str, eligibility: &'static str) -> Self {
        TicketPlan { name, description: None, price: Money::ZERO, eligibility }
    }
}

struct TrainerPlan {
    trainer_id: i32,
    /// 'trainer', 'speaker' or 'moderator'.
    role: &'static str,
    fee: Money,
    /// Index into the event's sessions, for speakers of one programme item.
    session: Option<usize>,
}

impl TrainerPlan {
    fn new(trainer_id: i32, role: &'static str, fee: Money) -> Self {
        TrainerPlan { trainer_id, role, fee, session: None }
    }

    fn at_session(mut self, index: usize) -> Self {
        self.session = Some(index);
        self
    }
}

/// A budget line other than a trainer fee (those follow from [`TrainerPlan`]).
struct CostPlan {
    category: &'static str,
    description: String,
    payee: Option<String>,
    budget: Money,
}

fn cost(category: &'static str, description: &str, payee: Option<&str>, budget: Money) -> CostPlan {
    CostPlan { category, description: description.to_string(), payee: payee.map(str::to_string), budget }
}

/// Who registered: confirmed ones hold a seat, waitlisted and cancelled ones do not.
#[derive(Default)]
struct Attendance {
    confirmed: Vec<Attendee>,
    waitlisted: Vec<Attendee>,
    cancelled: Vec<Attendee>,
}

struct EventPlan {
    kind: EventKind,
    title: String,
    summary: String,
    description: String,
    theme: Option<&'static str>,
    audience: Audience,
    capacity: Option<i32>,
    sessions: Vec<SessionPlan>,
    tickets: Vec<TicketPlan>,
    trainers: Vec<TrainerPlan>,
    costs: Vec<CostPlan>,
    /// Registration closes at the end of the day this many days before the first session.
    closes_days_before: Option<i64>,
    /// Free cancellation until the end of the day this many days before the first session.
    cancellation_days_before: Option<i64>,
    opens_at: Option<DateTime<Utc>>,
    /// Upcoming events were published this many days before today; past ones this
    /// many days before their first session.
    published_days_before: i64,
    attendance: Attendance,
    /// 'scan' at the door, or 'list' for meetings with a paper attendance list.
    check_in_method: &'static str,
}

impl EventPlan {
    fn new(kind: EventKind, title: &str, summary: &str, description: &str) -> Self {
        EventPlan {
            kind,
            title: title.to_string(),
            summary: summary.to_string(),
            description: description.to_string(),
            theme: None,
            audience: Audience::Public,
            capacity: None,
            sessions: Vec::new(),
            tickets: Vec::new(),
            trainers: Vec::new(),
            costs: Vec::new(),
            closes_days_before: None,
            cancellation_days_before: None,
            opens_at: None,
            published_days_before: 30,
            attendance: Attendance::default(),
            check_in_method: "scan",
        }
    }
}

// ---------------------------------------------------------------------------
// Registrations waiting to be written (all events first, so that order
// references can be numbered in the order the orders were placed)
// ---------------------------------------------------------------------------

struct PlannedCheckIn {
    session_id: i32,
    at: DateTime<Utc>,
    method: &'static str,
    by: i32,
}

struct PlannedRegistration {
    event_id: i32,
    ticket_type_id: i32,
    attendee: Attendee,
    status: &'static str,
    price_cents: i64,
    created_at: DateTime<Utc>,
    cancelled_at: Option<DateTime<Utc>>,
    check_ins: Vec<PlannedCheckIn>,
}

struct PlannedOrder {
    organiser_id: i32,
    prefix: &'static str,
    event_id: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    buyer_person_id: i32,
    billing_organisation_id: Option<i32>,
    payment_method: &'static str,
    status: &'static str,
    po_reference: Option<String>,
    registrations: Vec<PlannedRegistration>,
}

/// A cost line; payout references are numbered once all are known, in payment order.
struct PlannedCost {
    prefix: &'static str,
    paid_at: Option<DateTime<Utc>>,
    line: cost_line::ActiveModel,
}

struct TicketChoice {
    id: i32,
    price_cents: i64,
    eligibility: &'static str,
}

// ---------------------------------------------------------------------------
// The loader
// ---------------------------------------------------------------------------

struct Demo<'a> {
    db: &'a crate::WriteTransaction,
    today: NaiveDate,
    rng: SplitMix64,
    /// When the directory "started": three years back, before any past event.
    history_start: DateTime<Utc>,
    summary: DemoSummary,
    municipalities: Vec<municipality::Model>,
    emails: HashSet<String>,
    names: HashSet<String>,
    attendees: Vec<Attendee>,
    trainer_names: HashMap<i32, String>,
    event_slugs: HashSet<(i32, String)>,
    costs: Vec<PlannedCost>,
    orders: Vec<PlannedOrder>,
    /// Waitlisted registrations: nothing was bought yet, so they have no order.
    without_order: Vec<PlannedRegistration>,
}

impl<'a> Demo<'a> {
    fn new(db: &'a crate::WriteTransaction, today: NaiveDate) -> Self {
        Demo {
            db,
            today,
            rng: SplitMix64(0x4249_5A20_4C65_6572 ^ u64::from(today.num_days_from_ce().unsigned_abs())),
            history_start: at(today - TimeDelta::days(3 * 365), 9, 0),
            summary: DemoSummary::default(),
            municipalities: Vec::new(),
            emails: HashSet::new(),
            names: HashSet::new(),
            attendees: Vec::new(),
            trainer_names: HashMap::new(),
            event_slugs: HashSet::new(),
            costs: Vec::new(),
            orders: Vec::new(),
            without_order: Vec::new(),
        }
    }

    fn weeks(&self, n: i64) -> NaiveDate {
        self.today + TimeDelta::weeks(n)
    }

    // --- directory --------------------------------------------------------

    async fn municipalities_of(&mut self, arrondissements: &[i32]) -> Result<Vec<municipality::Model>, DemoError> {
        let found = municipality::Entity::find()
            .filter(municipality::Column::ArrondissementNis.is_in(arrondissements.iter().copied()))
            .order_by_asc(municipality::Column::NisCode)
            .all(self.db)
            .await?;
        self.municipalities.extend(found.iter().cloned());
        Ok(found)
    }

    fn nis_of(&self, name: &str) -> Option<i32> {
        self.municipalities.iter().find(|m| m.name_nl == name).map(|m| m.nis_code)
    }

    #[allow(clippy::too_many_arguments)]
    async fn organiser(
        &mut self,
        slug: &str,
        name: &str,
        short_name: &str,
        description: &str,
        email: &str,
        phone: Option<&str>,
        website: Option<&str>,
        address: (&str, &str, &str),
        iban: &str,
        (enterprise_number, vat_mode): (&str, &str),
    ) -> Result<i32, DemoError> {
        let enterprise_number = domain::EnterpriseNumber::parse(enterprise_number)
            .map_err(|e| DemoError::Invalid(format!("enterprise number {enterprise_number:?}: {e}")))?;
        let slug = Slug::parse(slug).map_err(|e| DemoError::Invalid(format!("organiser slug {slug:?}: {e}")))?;
        let email = Email::parse(email).map_err(|e| DemoError::Invalid(format!("organiser e-mail {email:?}: {e}")))?;
        let model = organiser::ActiveModel {
            slug: Set(slug.as_str().to_string()),
            name: Set(name.to_string()),
            short_name: Set(short_name.to_string()),
            description: Set(description.to_string()),
            email: Set(email.as_str().to_string()),
            phone: Set(phone.map(str::to_string)),
            website: Set(website.map(str::to_string)),
            enterprise_number: Set(Some(enterprise_number.digits())),
            street: Set(Some(address.0.to_string())),
            postcode: Set(Some(address.1.to_string())),
            city: Set(Some(address.2.to_string())),
            iban: Set(Some(iban.to_string())),
            vat_mode: Set(vat_mode.to_string()),
            created_at: Set(self.history_start),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.summary.organisers += 1;
        Ok(model.id)
    }

    async fn organisation(
        &mut self,
        name: &str,
        kind: OrganisationKind,
        municipality_nis: Option<i32>,
        city: Option<&str>,
        domain: &str,
    ) -> Result<OrgRef, DemoError> {
        let email = format!("info@{domain}");
        Email::parse(&email).map_err(|e| DemoError::Invalid(format!("{name}: {email}: {e}")))?;
        let model = organisation::ActiveModel {
            kind: Set(kind.code().to_string()),
            name: Set(name.to_string()),
            municipality_nis: Set(municipality_nis),
            enterprise_number: Set(None),
            street: Set(None),
            postcode: Set(None),
            city: Set(city.map(str::to_string)),
            created_at: Set(self.history_start),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.summary.organisations += 1;
        Ok(OrgRef { id: model.id, name: name.to_string(), kind, domain: domain.to_string() })
    }

    async fn partnerships(&mut self, organiser_id: i32, partners: &[OrgRef]) -> Result<(), DemoError> {
        // The seed plans describe partnerships that already ran for years.
        let since = NaiveDate::from_ymd_opt(self.today.year() - 6, 1, 1);
        let rows = partners.iter().map(|o| partnership::ActiveModel {
            organiser_id: Set(organiser_id),
            organisation_id: Set(o.id),
            since: Set(since),
            // Each organiser keeps its own contact address of a partner.
            contact_email: Set(Some(format!("info@{}", o.domain))),
            ..Default::default()
        });
        partnership::Entity::insert_many(rows).exec_without_returning(self.db).await?;
        Ok(())
    }

    /// A person with an unused invented name and address at `domain`.
    async fn invent_person(
        &mut self,
        surnames: &[&str],
        domain: &str,
        job_title: &str,
        organisation_id: Option<i32>,
    ) -> Result<(i32, String, String), DemoError> {
        for _ in 0..200 {
            let first = self.rng.pick(FIRST_NAMES).copied().unwrap_or("An");
            let last = self.rng.pick(surnames).copied().unwrap_or("Peeters");
            let name = format!("{first} {last}");
            let email = format!("{}.{}@{domain}", mail_part(first, true), mail_part(last, false));
            // Unique names too, so attendance lists never show two identical people.
            if self.names.contains(&name) || self.emails.contains(&email) {
                continue;
            }
            let id = self.person(&name, &email, None, job_title, organisation_id).await?;
            return Ok((id, name, email));
        }
        Err(DemoError::Invalid(format!("ran out of unused names for {domain}")))
    }

    async fn person(
        &mut self,
        name: &str,
        email: &str,
        phone: Option<&str>,
        job_title: &str,
        organisation_id: Option<i32>,
    ) -> Result<i32, DemoError> {
        let email = Email::parse(email).map_err(|e| DemoError::Invalid(format!("{name}: {email}: {e}")))?;
        let model = person::ActiveModel {
            full_name: Set(name.to_string()),
            email: Set(Some(email.as_str().to_string())),
            phone: Set(phone.map(str::to_string)),
            job_title: Set(Some(job_title.to_string())),
            organisation_id: Set(organisation_id),
            created_at: Set(self.history_start),
            anonymised_at: Set(None),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.names.insert(name.to_string());
        self.emails.insert(email.as_str().to_string());
        Ok(model.id)
    }

    /// People working at `org`: one per entry of `roles`.
    async fn staff_of(
        &mut self,
        org: &OrgRef,
        partner_of: Option<i32>,
        surnames: &[&str],
        roles: &[(Role, &str)],
    ) -> Result<(), DemoError> {
        for (role, job_title) in roles {
            let (person_id, name, email) = self.invent_person(surnames, &org.domain, job_title, Some(org.id)).await?;
            self.attendees.push(Attendee {
                person_id,
                name,
                email,
                organisation_id: Some(org.id),
                organisation_kind: Some(org.kind),
                organisation_name: Some(org.name.clone()),
                partner_of,
                role: *role,
            });
        }
        Ok(())
    }

    /// An OCMW's debt counsellors: a team lead and `size - 1` workers.
    async fn ocmw_team(
        &mut self,
        org: &OrgRef,
        partner_of: i32,
        surnames: &[&str],
        size: usize,
    ) -> Result<(), DemoError> {
        let mut roles = vec![(Role::Lead, TITLE_LEAD)];
        for i in 1..size {
            roles.push((Role::Worker, WORKER_TITLES[(i - 1) % WORKER_TITLES.len()]));
        }
        self.staff_of(org, Some(partner_of), surnames, &roles).await
    }

    /// People without an organisation in the directory (parents, teachers).
    async fn individuals(
        &mut self,
        count: usize,
        surnames: &[&str],
        domain: &str,
        job_title: &str,
        organisation_name: Option<&str>,
        role: Role,
    ) -> Result<(), DemoError> {
        for _ in 0..count {
            let (person_id, name, email) = self.invent_person(surnames, domain, job_title, None).await?;
            self.attendees.push(Attendee {
                person_id,
                name,
                email,
                organisation_id: None,
                organisation_kind: None,
                organisation_name: organisation_name.map(str::to_string),
                partner_of: None,
                role,
            });
        }
        Ok(())
    }

    async fn noord_west_vlaanderen(&mut self) -> Result<Region, DemoError> {
        let id = self
            .organiser(
                "biz-noord-west-vlaanderen",
                "BIZ Noord-West-Vlaanderen",
                "BIZ NWVL",
                NWVL_DESCRIPTION,
                // Invented address, hence `.test` (see the module documentation).
                "biz@cawnoordwestvlaanderen.test",
                None,
                None,
                ("Sint-Jorisstraat 72", "8000", "Brugge"),
                "BE68539007547034",
                // Invented (valid check digits); NWVL charges 21 % VAT.
                ("0876.543.270", "standard"),
            )
            .await?;
        let ocmws = self.municipalities_of(&[31000, 32000, 35000]).await?;
        let caw = self
            .organisation(
                "CAW Noord-West-Vlaanderen",
                OrganisationKind::Caw,
                self.nis_of("Brugge"),
                Some("Brugge"),
                "cawnoordwestvlaanderen.test",
            )
            .await?;
        // The seed's BIZ staff (0,5 and 0,25 FTE), employed by the CAW.
        let elisa = self
            .person(
                "Elisa Demeulaere",
                "elisa.demeulaere@cawnoordwestvlaanderen.test",
                None,
                "stafmedewerker BIZ Noord-West-Vlaanderen",
                Some(caw.id),
            )
            .await?;
        self.person(
            "Jens Jaecques",
            "jens.jaecques@cawnoordwestvlaanderen.test",
            None,
            "stafmedewerker BIZ Noord-West-Vlaanderen",
            Some(caw.id),
        )
        .await?;

        let mut partners = vec![caw.clone()];
        for m in &ocmws {
            let org = self
                .organisation(
                    &format!("OCMW {}", m.name_nl),
                    OrganisationKind::Ocmw,
                    Some(m.nis_code),
                    Some(&m.name_nl),
                    &format!("ocmw-{}.test", mail_part(&m.name_nl, true)),
                )
                .await?;
            let size = match m.name_nl.as_str() {
                "Brugge" | "Oostende" => 5,
                "Knokke-Heist" | "Torhout" | "Blankenberge" | "Diksmuide" | "Bredene" | "Middelkerke" => 3,
                _ => 2,
            };
            self.ocmw_team(&org, id, WEST_FLEMISH_SURNAMES, size).await?;
            partners.push(org);
        }
        self.staff_of(
            &caw,
            Some(id),
            WEST_FLEMISH_SURNAMES,
            &[
                (Role::Lead, "teamcoach budget- en schuldhulpverlening"),
                (Role::Worker, "maatschappelijk werker budgethulp"),
                (Role::Worker, "maatschappelijk werker budgethulp"),
                (Role::Worker, "maatschappelijk werker schuldbemiddeling"),
                (Role::Worker, "preventiewerker jongeren"),
                (Role::Worker, "maatschappelijk werker budgethulp"),
            ],
        )
        .await?;
        for city in ["Brugge", "Oostende", "Torhout"] {
            let org = self
                .organisation(
                    &format!("Huis van het Kind {city}"),
                    OrganisationKind::Other,
                    self.nis_of(city),
                    Some(city),
                    &format!("huisvanhetkind-{}.test", mail_part(city, true)),
                )
                .await?;
            self.staff_of(&org, Some(id), WEST_FLEMISH_SURNAMES, &[(Role::Other, "coördinator Huis van het Kind")])
                .await?;
            partners.push(org);
        }
        for (name, city, domain) in [
            ("Advocatenkantoor Goethals & Vermeulen", "Brugge", "goethals-vermeulen.test"),
            ("Advocatenkantoor Debrouwer", "Oostende", "advocaat-debrouwer.test"),
        ] {
            let org = self.organisation(name, OrganisationKind::Lawyer, self.nis_of(city), Some(city), domain).await?;
            self.staff_of(
                &org,
                Some(id),
                WEST_FLEMISH_SURNAMES,
                &[(Role::Lawyer, "advocaat-schuldbemiddelaar"), (Role::Lawyer, "advocaat-schuldbemiddelaar")],
            )
            .await?;
            partners.push(org);
        }
        self.partnerships(id, &partners).await?;

        // Parents (for the parents' evening) and teachers (train-the-trainer) have no
        // organisation in the directory; teachers keep their school as a snapshot.
        self.individuals(24, WEST_FLEMISH_SURNAMES, "thuis.test", "ouder", None, Role::Parent).await?;
        for (school, domain) in [
            ("VBS De Regenboog, Oostkamp", "vbs-deregenboog.test"),
            ("Gemeentelijke Basisschool 't Kompas, Jabbeke", "gbs-kompas.test"),
            ("Basisschool Sint-Jozef, Torhout", "bs-sintjozef.test"),
            ("Stedelijke Basisschool De Vlieger, Oostende", "sbs-devlieger.test"),
        ] {
            self.individuals(
                3,
                WEST_FLEMISH_SURNAMES,
                domain,
                "leerkracht lager onderwijs",
                Some(school),
                Role::Teacher,
            )
            .await?;
        }
        Ok(Region { id, prefix: "NWVL", door_staff: elisa })
    }

    async fn kempen(&mut self) -> Result<Region, DemoError> {
        let id = self
            .organiser(
                "biz-kempen",
                "BIZ Kempen",
                "BIZ Kempen",
                KEMPEN_DESCRIPTION,
                "bizkempen@cawdekempen.test",
                Some("0471 81 23 32"),
                Some("https://www.biz-kempen.be"),
                ("Grensstraat 7", "2300", "Turnhout"),
                "BE71096123456769",
                // Invented (valid check digits); Kempen's training is exempt (art. 44 WBTW).
                ("0412.345.614", "exempt"),
            )
            .await?;
        let ocmws = self.municipalities_of(&[13000]).await?;
        let caw = self
            .organisation(
                "CAW De Kempen",
                OrganisationKind::Caw,
                self.nis_of("Turnhout"),
                Some("Turnhout"),
                "cawdekempen.test",
            )
            .await?;
        // The seed's contact people, employed by the CAW. Their published phone
        // numbers are kept; their addresses are `.test` so no one gets demo mail.
        let hanne = self
            .person(
                "Hanne Laenen",
                "hanne.laenen@cawdekempen.test",
                Some("0471 81 23 32"),
                "stafmedewerker BIZ Kempen",
                Some(caw.id),
            )
            .await?;
        self.person(
            "Tabitha Tanghe",
            "tabitha.tanghe@cawdekempen.test",
            Some("0490 56 38 50"),
            "stafmedewerker BIZ Kempen",
            Some(caw.id),
        )
        .await?;
        self.person(
            "Alexander Exelmans",
            "alexander.exelmans@cawdekempen.test",
            Some("0491 35 14 61"),
            "projectcoördinator budgetcoaches",
            Some(caw.id),
        )
        .await?;
        // A volunteer who welcomes people at the door, and does nothing else.
        self.person("Dorien Dockx", DEMO_DOOR_VOLUNTEER, None, "vrijwilliger onthaal", Some(caw.id)).await?;

        let mut partners = vec![caw.clone()];
        let mut volunteer_hosts = vec![caw.clone()];
        for m in &ocmws {
            let org = self
                .organisation(
                    &format!("OCMW {}", m.name_nl),
                    OrganisationKind::Ocmw,
                    Some(m.nis_code),
                    Some(&m.name_nl),
                    &format!("ocmw-{}.test", mail_part(&m.name_nl, true)),
                )
                .await?;
            let size = match m.name_nl.as_str() {
                "Turnhout" => 5,
                "Geel" | "Mol" => 4,
                "Herentals" | "Westerlo" | "Hoogstraten" | "Balen" => 3,
                _ => 2,
            };
            self.ocmw_team(&org, id, KEMPEN_SURNAMES, size).await?;
            if matches!(m.name_nl.as_str(), "Turnhout" | "Geel" | "Mol" | "Herentals") {
                volunteer_hosts.push(org.clone());
            }
            partners.push(org);
        }
        self.staff_of(
            &caw,
            Some(id),
            KEMPEN_SURNAMES,
            &[
                (Role::Lead, "teamcoach budget- en schuldhulpverlening"),
                (Role::Worker, "maatschappelijk werker budgethulp"),
                (Role::Worker, "maatschappelijk werker schuldbemiddeling"),
                (Role::Worker, "maatschappelijk werker budgethulp"),
                (Role::Worker, "trajectbegeleider budgetcoaching"),
                (Role::Worker, "maatschappelijk werker"),
            ],
        )
        .await?;
        let wzk = self
            .organisation(
                "Welzijnszorg Kempen",
                OrganisationKind::Other,
                self.nis_of("Geel"),
                Some("Geel"),
                "welzijnszorgkempen.test",
            )
            .await?;
        self.staff_of(
            &wzk,
            Some(id),
            KEMPEN_SURNAMES,
            &[(Role::Lead, "stafmedewerker sociaal beleid"), (Role::Other, "beleidsmedewerker armoede")],
        )
        .await?;
        partners.push(wzk);
        for city in ["Turnhout", "Geel", "Mol", "Herentals"] {
            let org = self
                .organisation(
                    &format!("Vereniging waar armen het woord nemen {city}"),
                    OrganisationKind::Association,
                    self.nis_of(city),
                    Some(city),
                    &format!("waw-{}.test", mail_part(city, true)),
                )
                .await?;
            self.staff_of(
                &org,
                Some(id),
                KEMPEN_SURNAMES,
                &[(Role::Lead, "coördinator"), (Role::Other, "ervaringsdeskundige in armoede")],
            )
            .await?;
            partners.push(org);
        }
        for (name, kind, city, domain, title) in [
            (
                "Centrum voor Basiseducatie Kempen",
                OrganisationKind::Other,
                "Turnhout",
                "basiseducatie-kempen.test",
                "lesgever basiseducatie",
            ),
            (
                "CEBUD – Thomas More",
                OrganisationKind::School,
                "Geel",
                "cebud-thomasmore.test",
                "onderzoeker budgetadvies",
            ),
        ] {
            let org = self.organisation(name, kind, self.nis_of(city), Some(city), domain).await?;
            self.staff_of(&org, Some(id), KEMPEN_SURNAMES, &[(Role::Other, title)]).await?;
            partners.push(org);
        }
        self.partnerships(id, &partners).await?;

        // Lawyer-debt mediators take part in the case discussions but are not partners:
        // the directory is shared, partnerships are per organiser.
        for (name, city, domain) in [
            ("Advocatenkantoor Verachtert", "Herentals", "advocaat-verachtert.test"),
            ("Advocaten Kempenland", "Turnhout", "advocaten-kempenland.test"),
        ] {
            let org = self.organisation(name, OrganisationKind::Lawyer, self.nis_of(city), Some(city), domain).await?;
            self.staff_of(
                &org,
                None,
                KEMPEN_SURNAMES,
                &[(Role::Lawyer, "advocaat-schuldbemiddelaar"), (Role::Lawyer, "advocaat-schuldbemiddelaar")],
            )
            .await?;
        }
        // Volunteer budget coaches, attached to the CAW or an OCMW they coach for.
        for i in 0..16 {
            let host = volunteer_hosts[i % volunteer_hosts.len()].clone();
            self.staff_of(&host, Some(id), KEMPEN_SURNAMES, &[(Role::Volunteer, "vrijwillige budgetcoach")]).await?;
        }
        Ok(Region { id, prefix: "KEMP", door_staff: hanne })
    }

    /// OCMWs elsewhere in West Flanders: in the directory, not partners of either
    /// region, so their people register for public events at the external price.
    async fn other_west_flemish_ocmws(&mut self) -> Result<(), DemoError> {
        let wanted = [36015, 34022, 33011, 37022, 34040, 34027, 33021, 36008, 38025, 38014];
        let found = municipality::Entity::find()
            .filter(municipality::Column::NisCode.is_in(wanted))
            .order_by_asc(municipality::Column::NisCode)
            .all(self.db)
            .await?;
        for m in found.iter().take(8) {
            let org = self
                .organisation(
                    &format!("OCMW {}", m.name_nl),
                    OrganisationKind::Ocmw,
                    Some(m.nis_code),
                    Some(&m.name_nl),
                    &format!("ocmw-{}.test", mail_part(&m.name_nl, true)),
                )
                .await?;
            self.staff_of(
                &org,
                None,
                WEST_FLEMISH_SURNAMES,
                &[(Role::Lead, TITLE_LEAD), (Role::Worker, WORKER_TITLES[0]), (Role::Worker, WORKER_TITLES[1])],
            )
            .await?;
        }
        Ok(())
    }

    // --- venues and trainers ------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    async fn venue(
        &mut self,
        region: &Region,
        name: &str,
        street: &str,
        postcode: &str,
        city: &str,
        directions: &str,
        wheelchair_accessible: bool,
    ) -> Result<i32, DemoError> {
        let model = venue::ActiveModel {
            organiser_id: Set(region.id),
            name: Set(name.to_string()),
            street: Set(street.to_string()),
            postcode: Set(postcode.to_string()),
            city: Set(city.to_string()),
            directions: Set(Some(directions.to_string())),
            wheelchair_accessible: Set(wheelchair_accessible),
            created_at: Set(self.history_start),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        Ok(model.id)
    }

    async fn trainer(
        &mut self,
        region: &Region,
        name: &str,
        affiliation: Option<&str>,
        email: Option<&str>,
        bio: &str,
    ) -> Result<i32, DemoError> {
        let email = email
            .map(|e| Email::parse(e).map_err(|err| DemoError::Invalid(format!("trainer {name}: {e}: {err}"))))
            .transpose()?;
        let model = trainer::ActiveModel {
            organiser_id: Set(region.id),
            full_name: Set(name.to_string()),
            affiliation: Set(affiliation.map(str::to_string)),
            email: Set(email.map(|e| e.as_str().to_string())),
            bio: Set(Some(bio.to_string())),
            created_at: Set(self.history_start),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.trainer_names.insert(model.id, name.to_string());
        Ok(model.id)
    }

    // --- choosing participants ------------------------------------------------

    fn pool(&self, wanted: impl Fn(&Attendee) -> bool) -> Vec<Attendee> {
        self.attendees.iter().filter(|a| wanted(a)).cloned().collect()
    }

    /// Draws distinct people from `pool` for each status.
    fn draw(
        &mut self,
        what: &str,
        mut pool: Vec<Attendee>,
        confirmed: usize,
        waitlisted: usize,
        cancelled: usize,
    ) -> Result<Attendance, DemoError> {
        let needed = confirmed + waitlisted + cancelled;
        if pool.len() < needed {
            return Err(DemoError::Invalid(format!(
                "{what}: {needed} participants wanted, only {} available",
                pool.len()
            )));
        }
        self.rng.shuffle(&mut pool);
        let mut rest = pool.into_iter();
        Ok(Attendance {
            confirmed: rest.by_ref().take(confirmed).collect(),
            waitlisted: rest.by_ref().take(waitlisted).collect(),
            cancelled: rest.by_ref().take(cancelled).collect(),
        })
    }

    /// A moment during office hours on a day in `from..until` (or on `from` when
    /// the range is empty).
    fn office_moment(&mut self, from: NaiveDate, until: NaiveDate) -> DateTime<Utc> {
        let span = (until - from).num_days().max(1);
        let day = from + TimeDelta::days(self.rng.below(span.unsigned_abs()) as i64);
        let minutes = 8 * 60 + self.rng.below(10 * 60) as u32;
        at(day, minutes / 60, minutes % 60)
    }

    // --- writing one event ------------------------------------------------------

    async fn add_event(&mut self, region: &Region, plan: EventPlan) -> Result<i32, DemoError> {
        let invalid = |why: String| DemoError::Invalid(format!("{}: {why}", plan.title));
        let first_start = plan.sessions.iter().map(|s| at(s.date, s.start.0, s.start.1)).min();
        let last_end = plan.sessions.iter().map(|s| at(s.date, s.end.0, s.end.1)).max();
        let (Some(first_start), Some(last_end)) = (first_start, last_end) else {
            // The catalogue refuses published events without sessions.
            return Err(invalid("a published event needs at least one session".into()));
        };
        let first_date = plan.sessions.iter().map(|s| s.date).min().unwrap_or(self.today);
        let today_start = at(self.today, 0, 0);
        let tomorrow_start = at(self.today + TimeDelta::days(1), 0, 0);
        let past = last_end <= today_start;
        if !past && first_start < tomorrow_start {
            return Err(invalid("an event must lie wholly before or wholly after today".into()));
        }
        let seats_taken = i32::try_from(plan.attendance.confirmed.len()).map_err(|e| invalid(e.to_string()))?;
        if plan.capacity.is_some_and(|c| seats_taken > c) {
            return Err(invalid(format!("{seats_taken} confirmed for {:?} seats", plan.capacity)));
        }
        let slug = Slug::from_title(&plan.title).map_err(|e| invalid(e.to_string()))?;
        if !self.event_slugs.insert((region.id, slug.as_str().to_string())) {
            return Err(invalid(format!("slug {slug} is used twice")));
        }
        let theme_slug = match plan.theme {
            Some(theme) => Some(Slug::from_title(theme).map_err(|e| invalid(e.to_string()))?.as_str().to_string()),
            None => None,
        };
        let published_at = if past {
            at(first_date - TimeDelta::days(plan.published_days_before), 10, 0)
        } else {
            at(self.today - TimeDelta::days(plan.published_days_before), 10, 0)
        };
        let created_at = published_at - TimeDelta::days(2);
        let end_of_day_before = |days: i64| at(first_date - TimeDelta::days(days), 23, 59);
        let closes_at = plan.closes_days_before.map(end_of_day_before);

        let event = event::ActiveModel {
            organiser_id: Set(region.id),
            slug: Set(slug.as_str().to_string()),
            kind: Set(plan.kind.code().to_string()),
            status: Set(domain::EventStatus::Published),
            title: Set(plan.title.clone()),
            summary: Set(plan.summary.clone()),
            description: Set(plan.description.clone()),
            theme: Set(plan.theme.map(str::to_string)),
            theme_slug: Set(theme_slug),
            audience: Set(plan.audience.code().to_string()),
            language: Set("nl".to_string()),
            capacity: Set(plan.capacity),
            seats_taken: Set(seats_taken),
            registration_opens_at: Set(plan.opens_at),
            registration_closes_at: Set(closes_at),
            cancellation_deadline: Set(plan.cancellation_days_before.map(end_of_day_before)),
            published_at: Set(Some(published_at)),
            cancelled_at: Set(None),
            questions: Set(demo_questions(plan.kind)?),
            group_max_participants: Set((plan.kind == EventKind::GroupModule).then_some(12)),
            created_at: Set(created_at),
            updated_at: Set(published_at),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.summary.events += 1;

        let mut sessions = Vec::new();
        for (position, s) in plan.sessions.iter().enumerate() {
            let model = event_session::ActiveModel {
                event_id: Set(event.id),
                position: Set(i32::try_from(position).map_err(|e| invalid(e.to_string()))?),
                title: Set(s.title.clone()),
                description: Set(s.description.clone()),
                track: Set(s.track.map(str::to_string)),
                starts_at: Set(at(s.date, s.start.0, s.start.1)),
                ends_at: Set(at(s.date, s.end.0, s.end.1)),
                venue_id: Set(s.venue),
                online_url: Set(None),
                capacity: Set(s.capacity),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            sessions.push(model);
        }

        let mut tickets = Vec::new();
        for (position, t) in plan.tickets.iter().enumerate() {
            let model = ticket_type::ActiveModel {
                event_id: Set(event.id),
                name: Set(t.name.to_string()),
                description: Set(t.description.map(str::to_string)),
                price_cents: Set(t.price.cents()),
                eligibility: Set(t.eligibility.to_string()),
                capacity: Set(None),
                position: Set(i32::try_from(position).map_err(|e| invalid(e.to_string()))?),
                active: Set(true),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            tickets.push(TicketChoice { id: model.id, price_cents: t.price.cents(), eligibility: t.eligibility });
        }

        // Cost lines: one per paid trainer (the fee), then the other budget lines.
        let mut costs: Vec<(CostPlan, Option<i32>)> = Vec::new();
        for t in &plan.trainers {
            let session_id = match t.session {
                Some(i) => Some(sessions.get(i).map(|s| s.id).ok_or_else(|| invalid(format!("no session {i}")))?),
                None => None,
            };
            event_trainer::ActiveModel {
                event_id: Set(event.id),
                trainer_id: Set(t.trainer_id),
                session_id: Set(session_id),
                role: Set(t.role.to_string()),
                fee_cents: Set(t.fee.cents()),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            if !t.fee.is_zero() {
                let name = self.trainer_names.get(&t.trainer_id).cloned().unwrap_or_default();
                costs.push((cost("trainer", &format!("Honorarium {name}"), Some(&name), t.fee), Some(t.trainer_id)));
            }
        }
        costs.extend(plan.costs.into_iter().map(|c| (c, None)));
        for (c, trainer_id) in costs {
            let (actual, status, paid_at) = if past {
                // Trainers get their agreed fee; catering and printing differ a little from the budget.
                let actual = if c.category == "trainer" || c.category == "venue" {
                    c.budget.cents()
                } else {
                    c.budget.cents() * (92 + self.rng.below(12) as i64) / 100
                };
                let paid_at = at(last_end.date_naive() + TimeDelta::days(10 + self.rng.below(14) as i64), 11, 0);
                if paid_at < today_start {
                    (Some(actual), "paid", Some(paid_at))
                } else {
                    (Some(actual), "approved", None)
                }
            } else {
                (None, "planned", None)
            };
            self.costs.push(PlannedCost {
                prefix: region.prefix,
                paid_at,
                line: cost_line::ActiveModel {
                    event_id: Set(event.id),
                    category: Set(c.category.to_string()),
                    description: Set(c.description),
                    payee: Set(c.payee),
                    trainer_id: Set(trainer_id),
                    budget_cents: Set(c.budget.cents()),
                    actual_cents: Set(actual),
                    status: Set(stored(status)?),
                    paid_at: Set(paid_at),
                    payout_reference: Set(None),
                    created_at: Set(created_at),
                    ..Default::default()
                },
            });
        }

        // Registrations happen between publication and the close of registration.
        let window_from = published_at.date_naive() + TimeDelta::days(1);
        let mut window_until = first_date - TimeDelta::days(1);
        if let Some(days) = plan.closes_days_before {
            window_until = window_until.min(first_date - TimeDelta::days(days));
        }
        if !past {
            window_until = window_until.min(self.today);
        }
        // Attendance is taken at every session, except on days with parallel
        // workshops: there people are scanned once, at the welcome.
        let has_tracks = sessions.iter().any(|s| s.track.is_some());
        let check_in_sessions: Vec<&event_session::Model> = if !past {
            Vec::new()
        } else if has_tracks {
            sessions.iter().take(1).collect()
        } else {
            sessions.iter().collect()
        };
        let context = RegistrationContext {
            region,
            event_id: event.id,
            past,
            window_until,
            tickets: &tickets,
            check_in_sessions: &check_in_sessions,
            check_in_method: plan.check_in_method,
        };
        self.plan_registrations(&context, plan.attendance, window_from)
    }

    fn plan_registrations(
        &mut self,
        cx: &RegistrationContext<'_>,
        attendance: Attendance,
        window_from: NaiveDate,
    ) -> Result<i32, DemoError> {
        let live = attendance.confirmed.len() + attendance.cancelled.len();
        let mut moments: Vec<DateTime<Utc>> =
            (0..live + attendance.waitlisted.len()).map(|_| self.office_moment(window_from, cx.window_until)).collect();
        moments.sort();
        // The waiting list fills after the seats are gone: it gets the latest moments.
        let waitlist_moments = moments.split_off(live);
        let mut entries: Vec<(Attendee, bool)> = attendance
            .confirmed
            .into_iter()
            .map(|a| (a, false))
            .chain(attendance.cancelled.into_iter().map(|a| (a, true)))
            .collect();
        self.rng.shuffle(&mut entries);

        // Colleagues of one organisation are registered together, in one order.
        let mut groups: BTreeMap<(bool, i32), Vec<PlannedRegistration>> = BTreeMap::new();
        for ((attendee, cancelled), created_at) in entries.into_iter().zip(moments) {
            let ticket = self.ticket_for(cx, &attendee)?;
            if cancelled {
                let latest = at(cx.window_until, 0, 0);
                let mut cancelled_at = created_at + TimeDelta::days(1 + self.rng.below(10) as i64);
                if cancelled_at >= latest {
                    cancelled_at = created_at + TimeDelta::hours(1);
                }
                let registration = PlannedRegistration {
                    event_id: cx.event_id,
                    ticket_type_id: ticket.0,
                    attendee: attendee.clone(),
                    status: "cancelled",
                    price_cents: ticket.1,
                    created_at,
                    cancelled_at: Some(cancelled_at),
                    check_ins: Vec::new(),
                };
                // A cancelled registration keeps its own order, cancelled before it was invoiced.
                let method = if ticket.1 == 0 { "free" } else { "invoice" };
                self.orders.push(PlannedOrder {
                    organiser_id: cx.region.id,
                    prefix: cx.region.prefix,
                    event_id: cx.event_id,
                    created_at,
                    updated_at: cancelled_at,
                    buyer_person_id: attendee.person_id,
                    billing_organisation_id: attendee.organisation_id,
                    payment_method: method,
                    status: "cancelled",
                    po_reference: None,
                    registrations: vec![registration],
                });
                continue;
            }
            let check_ins = self.attendance_of(cx);
            let key = match attendee.organisation_id {
                Some(id) => (false, id),
                None => (true, attendee.person_id),
            };
            groups.entry(key).or_default().push(PlannedRegistration {
                event_id: cx.event_id,
                ticket_type_id: ticket.0,
                attendee,
                status: "confirmed",
                price_cents: ticket.1,
                created_at,
                cancelled_at: None,
                check_ins,
            });
        }
        for mut registrations in groups.into_values() {
            let Some(first) = registrations.iter().min_by_key(|r| r.created_at) else { continue };
            let created_at = first.created_at;
            let buyer = first.attendee.clone();
            for r in &mut registrations {
                r.created_at = created_at;
            }
            let total: i64 = registrations.iter().map(|r| r.price_cents).sum();
            let (payment_method, status) = self.payment(buyer.organisation_kind, total, cx.past);
            let po_reference = (payment_method == "invoice"
                && buyer.organisation_kind == Some(OrganisationKind::Ocmw)
                && self.rng.chance(60))
            .then(|| format!("BB-{}-{:04}", created_at.year(), 100 + self.rng.below(9000)));
            // Invoices of past events were paid some weeks later.
            let mut updated_at = created_at;
            if payment_method == "invoice" && status == "paid" {
                let paid = created_at + TimeDelta::days(14 + self.rng.below(21) as i64);
                if paid < at(self.today, 0, 0) {
                    updated_at = paid;
                }
            }
            self.orders.push(PlannedOrder {
                organiser_id: cx.region.id,
                prefix: cx.region.prefix,
                event_id: cx.event_id,
                created_at,
                updated_at,
                buyer_person_id: buyer.person_id,
                billing_organisation_id: buyer.organisation_id,
                payment_method,
                status,
                po_reference,
                registrations,
            });
        }
        for (attendee, created_at) in attendance.waitlisted.into_iter().zip(waitlist_moments) {
            let ticket = self.ticket_for(cx, &attendee)?;
            self.without_order.push(PlannedRegistration {
                event_id: cx.event_id,
                ticket_type_id: ticket.0,
                attendee,
                status: "waitlisted",
                price_cents: ticket.1,
                created_at,
                cancelled_at: None,
                check_ins: Vec::new(),
            });
        }
        Ok(cx.event_id)
    }

    /// The first ticket type this attendee may pick: partners get the partner price.
    fn ticket_for(&self, cx: &RegistrationContext<'_>, attendee: &Attendee) -> Result<(i32, i64), DemoError> {
        let is_partner = attendee.partner_of == Some(cx.region.id);
        cx.tickets
            .iter()
            .find(|t| match t.eligibility {
                "partners" => is_partner,
                "externals" => !is_partner,
                _ => true,
            })
            .map(|t| (t.id, t.price_cents))
            .ok_or_else(|| DemoError::Invalid(format!("event {}: no ticket type for {}", cx.event_id, attendee.name)))
    }

    /// How an order is paid: OCMWs are public bodies and want an invoice; people
    /// without an organisation pay online; others do either.
    fn payment(&mut self, kind: Option<OrganisationKind>, total: i64, past: bool) -> (&'static str, &'static str) {
        let invoice_status = if past { "paid" } else { "pending" };
        match kind {
            _ if total == 0 => ("free", "paid"),
            None => ("online", "paid"),
            Some(OrganisationKind::Ocmw) => ("invoice", invoice_status),
            Some(_) if self.rng.chance(50) => ("online", "paid"),
            Some(_) => ("invoice", invoice_status),
        }
    }

    /// Check-ins of one confirmed participant of a past event: everyone has their own
    /// reliability, so attendance per session ends up around 85 %.
    fn attendance_of(&mut self, cx: &RegistrationContext<'_>) -> Vec<PlannedCheckIn> {
        let reliability = 72 + self.rng.below(26);
        let mut check_ins = Vec::new();
        for session in cx.check_in_sessions {
            if !self.rng.chance(reliability) {
                continue;
            }
            let at = match cx.check_in_method {
                // Scanned at the door, in the half hour before the start.
                "scan" => session.starts_at - TimeDelta::minutes(self.rng.below(30) as i64),
                // Ticked on the list when the meeting starts.
                _ => session.starts_at,
            };
            check_ins.push(PlannedCheckIn {
                session_id: session.id,
                at,
                method: cx.check_in_method,
                by: cx.region.door_staff,
            });
        }
        check_ins
    }

    // --- writing all registrations --------------------------------------------

    /// Writes the planned orders in the order they were placed (so references
    /// count up in time), their registrations and tickets, the waiting lists and
    /// the check-ins.
    async fn write_registrations(&mut self) -> Result<(), DemoError> {
        let mut orders = std::mem::take(&mut self.orders);
        orders.sort_by_key(|o| (o.created_at, o.event_id, o.buyer_person_id));
        let mut numbers: HashMap<(&'static str, i32), u32> = HashMap::new();
        let mut tickets = Vec::new();
        let mut check_ins = Vec::new();
        for planned in orders {
            let year = crate::time::to_local(planned.created_at).year();
            let number = numbers.entry((planned.prefix, year)).or_insert(0);
            *number += 1;
            let total: i64 = planned.registrations.iter().map(|r| r.price_cents).sum();
            let order = order::ActiveModel {
                organiser_id: Set(planned.organiser_id),
                event_id: Set(planned.event_id),
                reference: Set(format!("{}-{year}-{:05}", planned.prefix, number)),
                buyer_person_id: Set(Some(planned.buyer_person_id)),
                billing_organisation_id: Set(planned.billing_organisation_id),
                payment_method: Set(stored(planned.payment_method)?),
                status: Set(stored(planned.status)?),
                total_cents: Set(total),
                po_reference: Set(planned.po_reference),
                idempotency_key: Set(None),
                hold_expires_at: Set(None),
                created_at: Set(planned.created_at),
                updated_at: Set(planned.updated_at),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            for r in planned.registrations {
                self.write_registration(r, Some(order.id), &mut tickets, &mut check_ins).await?;
            }
            // Orders paid on invoice have their invoice, numbered in order; paid ones were paid by transfer.
            if planned.payment_method == "invoice"
                && let Some(invoice_id) = crate::invoices::issue_invoice(self.db, order.id, planned.created_at).await?
                && planned.status == "paid"
            {
                crate::invoices::settle_by_transfer(self.db, invoice_id, &order.reference, planned.updated_at).await?;
            }
        }
        for r in std::mem::take(&mut self.without_order) {
            self.write_registration(r, None, &mut tickets, &mut check_ins).await?;
        }
        self.summary.check_ins = check_ins.len();
        // Bulk inserts in modest chunks stay below SQLite's limit on bound parameters.
        while !tickets.is_empty() {
            let chunk: Vec<ticket::ActiveModel> = tickets.drain(..tickets.len().min(200)).collect();
            ticket::Entity::insert_many(chunk).exec_without_returning(self.db).await?;
        }
        while !check_ins.is_empty() {
            let chunk: Vec<check_in::ActiveModel> = check_ins.drain(..check_ins.len().min(200)).collect();
            check_in::Entity::insert_many(chunk).exec_without_returning(self.db).await?;
        }
        Ok(())
    }

    /// Writes the cost lines; paid ones get payout references numbered in the order
    /// they were paid.
    async fn write_costs(&mut self) -> Result<(), DemoError> {
        let mut costs = std::mem::take(&mut self.costs);
        let mut paid: Vec<(DateTime<Utc>, usize)> =
            costs.iter().enumerate().filter_map(|(i, c)| c.paid_at.map(|t| (t, i))).collect();
        paid.sort();
        let mut numbers: HashMap<(&'static str, i32), u32> = HashMap::new();
        for (paid_at, i) in paid {
            let Some(cost) = costs.get_mut(i) else { continue };
            let year = crate::time::to_local(paid_at).year();
            let number = numbers.entry((cost.prefix, year)).or_insert(0);
            *number += 1;
            cost.line.payout_reference = Set(Some(format!("{}-UIT-{year}-{number:03}", cost.prefix)));
        }
        let mut lines: Vec<cost_line::ActiveModel> = costs.into_iter().map(|c| c.line).collect();
        while !lines.is_empty() {
            let chunk: Vec<cost_line::ActiveModel> = lines.drain(..lines.len().min(200)).collect();
            cost_line::Entity::insert_many(chunk).exec_without_returning(self.db).await?;
        }
        Ok(())
    }

    async fn write_registration(
        &mut self,
        r: PlannedRegistration,
        order_id: Option<i32>,
        tickets: &mut Vec<ticket::ActiveModel>,
        check_ins: &mut Vec<check_in::ActiveModel>,
    ) -> Result<(), DemoError> {
        let model = registration::ActiveModel {
            event_id: Set(r.event_id),
            order_id: Set(order_id),
            ticket_type_id: Set(r.ticket_type_id),
            person_id: Set(Some(r.attendee.person_id)),
            attendee_name: Set(r.attendee.name.clone()),
            attendee_email: Set(Some(r.attendee.email.clone())),
            organisation_id: Set(r.attendee.organisation_id),
            organisation_name: Set(r.attendee.organisation_name.clone()),
            status: Set(stored(r.status)?),
            price_cents: Set(r.price_cents),
            answers: Set(None),
            offer_expires_at: Set(None),
            created_at: Set(r.created_at),
            updated_at: Set(r.cancelled_at.unwrap_or(r.created_at)),
            cancelled_at: Set(r.cancelled_at),
            anonymised_at: Set(None),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.summary.registrations += 1;
        if r.status == "confirmed" {
            tickets.push(ticket::ActiveModel {
                registration_id: Set(model.id),
                // The same kind of code a real registration gets, so the demo's
                // tickets open on the ticket page and scan at the door.
                code: Set(crate::accounts::new_secret()),
                issued_at: Set(r.created_at),
                revoked_at: Set(None),
                ..Default::default()
            });
        }
        for c in r.check_ins {
            check_ins.push(check_in::ActiveModel {
                registration_id: Set(model.id),
                session_id: Set(c.session_id),
                checked_in_at: Set(c.at),
                method: Set(stored(c.method)?),
                checked_in_by: Set(Some(c.by)),
                ..Default::default()
            });
        }
        Ok(())
    }
}

struct RegistrationContext<'a> {
    region: &'a Region,
    event_id: i32,
    past: bool,
    /// Registrations were made before this day.
    window_until: NaiveDate,
    tickets: &'a [TicketChoice],
    check_in_sessions: &'a [&'a event_session::Model],
    check_in_method: &'static str,
}

// ---------------------------------------------------------------------------
// BIZ Noord-West-Vlaanderen's events (seed 000)
// ---------------------------------------------------------------------------

impl Demo<'_> {
    async fn nwvl_events(&mut self, r: &Region) -> Result<(), DemoError> {
        let sas = self
            .venue(
                r,
                "Vormingscentrum 't Sas",
                "Sasplein 4",
                "8000",
                "Brugge",
                "Tien minuten wandelen van het station Brugge. Betaald parkeren in de parking Zand; fietsenstalling aan de ingang.",
                true,
            )
            .await?;
        let schelpe = self
            .venue(
                r,
                "Zaal De Schelpe",
                "Koninginnelaan 45",
                "8400",
                "Oostende",
                "Op vijf minuten van het station Oostende. Beperkt gratis parkeren achter het gebouw.",
                true,
            )
            .await?;
        let oud_sint_jan = self
            .venue(
                r,
                "Oud Sint-Jan",
                "Mariastraat 38",
                "8000",
                "Brugge",
                "Congrescentrum in het historische centrum. Met de bus (halte Sint-Jan) of te voet vanaf het station (15 minuten).",
                true,
            )
            .await?;
        let sociaal_huis_oostende = self
            .venue(
                r,
                "Sociaal Huis Oostende",
                "Edith Cavellstraat 15",
                "8400",
                "Oostende",
                "Groepslokaal op het gelijkvloers; meld je aan bij het onthaal.",
                true,
            )
            .await?;
        let sociaal_huis_torhout = self
            .venue(
                r,
                "Sociaal Huis Torhout",
                "Aartrijkestraat 11",
                "8820",
                "Torhout",
                "Vergaderzaal op de eerste verdieping, bereikbaar met de lift.",
                true,
            )
            .await?;
        let zeebries = self
            .venue(
                r,
                "Buurthuis De Zeebries",
                "Kerkstraat 120",
                "8370",
                "Blankenberge",
                "De keuken ligt op de eerste verdieping en is enkel via de trap bereikbaar.",
                false,
            )
            .await?;
        let huis_van_het_kind = self
            .venue(
                r,
                "Huis van het Kind Brugge",
                "Karel de Stoutelaan 40",
                "8000",
                "Brugge",
                "Ingang via de speeltuin; er is opvang voor kinderen als je dat vooraf meldt.",
                true,
            )
            .await?;

        let lies = self
            .trainer(
                r,
                "Lies Pauwels",
                None,
                Some("lies.pauwels@leernetwerk.test"),
                "Begeleidt leernetwerken en intervisie voor leidinggevenden in de sociale sector, met bijzondere aandacht voor visievorming in de budget- en schuldhulpverlening.",
            )
            .await?;
        let cedric = self
            .trainer(
                r,
                "Cedric Lesage",
                Some("Dampont Verzekeringen"),
                None,
                "Verzekeringsmakelaar die al jaren hulpverleners wegwijs maakt in polissen, waarborgen en schadedossiers.",
            )
            .await?;
        let pieter = self
            .trainer(
                r,
                "Pieter Geens",
                Some("OCMW Heist-op-den-Berg"),
                None,
                "Schuldhulpverlener bij OCMW Heist-op-den-Berg en specialist in telecomdossiers: contracten, facturen en sociale tarieven.",
            )
            .await?;
        let griet = self
            .trainer(
                r,
                "Griet Vanhoutte",
                Some("freelance vormingswerker"),
                Some("griet.vanhoutte@vormingswerk.test"),
                "Vormingswerker die de groepsmodules van BIZ begeleidt. Werkt met ervaringsgerichte oefeningen in kleine, vertrouwde groepen.",
            )
            .await?;
        let tom = self
            .trainer(
                r,
                "Tom Claeys",
                Some("jurist huurrecht"),
                None,
                "Jurist met jarenlange ervaring in huurgeschillen, huurwaarborgen en woonkosten van kwetsbare huurders.",
            )
            .await?;
        let sarah = self
            .trainer(
                r,
                "Sarah Vermeersch",
                Some("docent sociaal werk"),
                None,
                "Onderzoekt hoe gezinnen na een traject in de schuldhulpverlening financieel weerbaar blijven.",
            )
            .await?;
        let alexander = self
            .trainer(
                r,
                "Alexander Exelmans",
                Some("BIZ Kempen – CAW De Kempen"),
                // The same address as his sign-in, so he finds his sessions in Leernet.
                Some("alexander.exelmans@cawdekempen.test"),
                "Projectcoördinator van de budgetcoaches in de Kempen: vrijwilligers die in tandem met een maatschappelijk werker trajecten lopen.",
            )
            .await?;
        let kobe = self
            .trainer(
                r,
                "Kobe Vandenbroucke",
                Some("coach digitale inclusie"),
                None,
                "Helpt hulpverleners en cliënten op weg met online bankieren, budgetapps en digitale overheidsdiensten.",
            )
            .await?;
        let marieke = self
            .trainer(
                r,
                "Marieke De Smet",
                Some("psycholoog en trainer gesprekstechnieken"),
                None,
                "Traint hulpverleners in gesprekken over geld, schaamte en stress.",
            )
            .await?;
        let frederik = self
            .trainer(
                r,
                "Frederik Goethals",
                Some("Advocatenkantoor Goethals & Vermeulen"),
                None,
                "Advocaat-schuldbemiddelaar in Brugge, actief in de werkgroep collectieve schuldenregeling van BIZ.",
            )
            .await?;
        let nathalie = self
            .trainer(
                r,
                "Nathalie Desmet",
                Some("CAW Noord-West-Vlaanderen"),
                None,
                "Energiesnoeier: bezoekt gezinnen aan huis om hun energieverbruik en -contracten door te lichten.",
            )
            .await?;
        let jens = self
            .trainer(
                r,
                "Jens Jaecques",
                Some("BIZ Noord-West-Vlaanderen"),
                None,
                "Stafmedewerker van BIZ Noord-West-Vlaanderen, verantwoordelijk voor het preventieaanbod en financiële educatie.",
            )
            .await?;
        let elisa = self
            .trainer(
                r,
                "Elisa Demeulaere",
                Some("BIZ Noord-West-Vlaanderen"),
                None,
                "Stafmedewerker van BIZ Noord-West-Vlaanderen, trekt de leernetwerken, vormingen en de methodiekendag.",
            )
            .await?;
        let hilde = self
            .trainer(
                r,
                "Hilde Verbeke",
                Some("ervaringsdeskundige in armoede en sociale uitsluiting"),
                None,
                "Vertelt vanuit eigen ervaring hoe het is om in de schuldhulpverlening terecht te komen, en wat dan echt helpt.",
            )
            .await?;

        let id = r.id;
        let professionals = |a: &Attendee| matches!(a.role, Role::Lead | Role::Worker | Role::Lawyer);
        let leads = self.pool(|a| a.partner_of == Some(id) && a.role == Role::Lead);
        // The region's own professionals plus colleagues of other West-Flemish OCMWs
        // (not partners, so they pay the external price at public events).
        let west_flanders = self.pool(|a| {
            professionals(a)
                && (a.partner_of == Some(id)
                    || (a.partner_of.is_none() && a.organisation_kind == Some(OrganisationKind::Ocmw)))
        });
        let catering_share = Money::from_euros(250);

        // Learning network: four half days, about five weeks apart.
        let [d1, d2, d3, d4] = series::<4>(on_or_after(self.weeks(3), Weekday::Tue), 5);
        let attendance = self.draw("leernetwerk", leads.clone(), 13, 0, 1)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Schuldhulpverlening"),
                audience: Audience::Partners,
                capacity: Some(16),
                sessions: vec![
                    SessionPlan::new("Wat maakt een dossier negatief?", d1, (9, 30), (12, 30), sas)
                        .about("Kennismaking, verwachtingen en een eerste verkenning aan de hand van casussen uit de eigen praktijk."),
                    SessionPlan::new("Signalen en criteria", d2, (9, 30), (12, 30), sas)
                        .about("Welke signalen wijzen erop dat een traject vastloopt, en welke criteria hanteren we om bij te sturen of af te sluiten?"),
                    SessionPlan::new("Zorgvuldig afsluiten, de deur openhouden", d3, (9, 30), (12, 30), sas)
                        .about("Hoe breng je een beslissing over, wat bied je nog aan en hoe blijft de weg terug open?"),
                    SessionPlan::new("Naar een gedeelde visietekst", d4, (9, 30), (12, 30), sas)
                        .about("We bundelen de inzichten in een visietekst die elke partner in het eigen team kan gebruiken."),
                ],
                tickets: vec![TicketPlan::new(
                    "Partner",
                    Money::from_euros(60),
                    "partners",
                    "Deelname aan de volledige reeks van vier bijeenkomsten, gefactureerd aan je organisatie.",
                )],
                trainers: vec![TrainerPlan::new(lies, "trainer", Money::from_euros(1400))],
                costs: vec![cost("catering", "Koffie en versnaperingen (4 bijeenkomsten)", Some("Traiteur 't Zilt"), catering_share)],
                closes_days_before: Some(7),
                cancellation_days_before: Some(14),
                published_days_before: 49,
                attendance,
                ..EventPlan::new(
                    EventKind::LearningNetwork,
                    "Hoe omgaan met negatieve dossiers: visievorming",
                    "Een leernetwerk voor leidinggevenden uit de budget- en schuldhulpverlening: in vier bijeenkomsten bouwen we samen aan een visie op dossiers die vastlopen.",
                    LEARNING_NETWORK_DESCRIPTION,
                )
            },
        )
        .await?;

        // Insurance: one afternoon, 27 of 30 seats taken.
        let day = on_or_after(self.weeks(2), Weekday::Thu);
        let attendance = self.draw("verzekeringen", west_flanders.clone(), 27, 0, 1)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Verzekeringen"),
                capacity: Some(30),
                sessions: vec![SessionPlan::new("Verzekeringen in het budget", day, (13, 30), (16, 30), schelpe)],
                tickets: vec![
                    TicketPlan::new("Partner", Money::from_euros(35), "partners", "Voor medewerkers van partners van BIZ Noord-West-Vlaanderen."),
                    TicketPlan::new("Extern", Money::from_euros(70), "externals", "Voor wie niet bij een partnerorganisatie werkt."),
                ],
                trainers: vec![TrainerPlan::new(cedric, "trainer", Money::from_euros(200))],
                costs: vec![cost("catering", "Koffie en versnapering", Some("Traiteur 't Zilt"), catering_share)],
                closes_days_before: Some(3),
                cancellation_days_before: Some(7),
                published_days_before: 56,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Vorming Verzekeringen: welke polissen zijn echt nodig?",
                    "Brandverzekering, familiale, hospitalisatie of schuldsaldo: welke verzekeringen heeft een gezin met een krap budget echt nodig? Een praktijkgerichte namiddag met Cedric Lesage.",
                    INSURANCE_DESCRIPTION,
                )
            },
        )
        .await?;

        // Telecom: a full day, full, with a waiting list.
        let day = on_or_after(self.weeks(7), Weekday::Tue);
        let attendance = self.draw("telecom", west_flanders.clone(), 40, 3, 1)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Telecom"),
                capacity: Some(40),
                sessions: vec![
                    SessionPlan::new("Facturen, contracten en consumentenrechten", day, (9, 30), (12, 30), sas),
                    SessionPlan::new("Praktijk: sociale tarieven en schulden aanpakken", day, (13, 15), (16, 0), sas),
                ],
                tickets: vec![
                    TicketPlan::new("Partner", Money::from_euros(45), "partners", "Voor medewerkers van partners van BIZ Noord-West-Vlaanderen; broodjeslunch inbegrepen."),
                    TicketPlan::new("Extern", Money::from_euros(90), "externals", "Voor wie niet bij een partnerorganisatie werkt; broodjeslunch inbegrepen."),
                ],
                trainers: vec![TrainerPlan::new(pieter, "trainer", Money::from_euros(2750))],
                costs: vec![cost("catering", "Broodjeslunch en koffie", Some("Traiteur 't Zilt"), catering_share)],
                closes_days_before: Some(5),
                cancellation_days_before: Some(10),
                published_days_before: 63,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Vorming Telecom: van abonnement tot schuld",
                    "Een volledige vormingsdag over telecomfacturen, contracten, sociale tarieven en telecomschulden, met Pieter Geens (OCMW Heist-op-den-Berg).",
                    TELECOM_DESCRIPTION,
                )
            },
        )
        .await?;

        // The biennial methods day, with two rounds of three parallel workshops.
        let day = on_or_after(self.weeks(11), Weekday::Thu);
        let mut pool = west_flanders.clone();
        let mut kempen_guests = self.pool(|a| a.partner_of.is_some_and(|o| o != id) && a.role == Role::Worker);
        self.rng.shuffle(&mut kempen_guests);
        pool.extend(kempen_guests.into_iter().take(4));
        let attendance = self.draw("methodiekendag", pool, 80, 0, 2)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Budgetbeheer"),
                capacity: Some(150),
                sessions: vec![
                    SessionPlan::new("Onthaal met koffie", day, (9, 0), (9, 30), oud_sint_jan),
                    SessionPlan::new("Plenaire lezing: van brandjes blussen naar veerkracht", day, (9, 30), (10, 30), oud_sint_jan)
                        .about("Wat hebben gezinnen nodig om na een traject financieel overeind te blijven? Een lezing over veerkracht, nazorg en zelfredzaamheid."),
                    SessionPlan::new("Budgetcoaching met vrijwilligers: een tandem die werkt", day, (10, 45), (12, 15), oud_sint_jan)
                        .track("Workshop A", 50)
                        .about("Ervaringen uit de Kempen met vrijwillige budgetcoaches naast de maatschappelijk werker."),
                    SessionPlan::new("Digitaal budgetbeheer met cliënten", day, (10, 45), (12, 15), oud_sint_jan)
                        .track("Workshop B", 50)
                        .about("Online bankieren, budgetapps en digitale overheidsdiensten: hoe begeleid je cliënten zonder het over te nemen?"),
                    SessionPlan::new("Het gesprek over geld: schaamte en stress doorbreken", day, (10, 45), (12, 15), oud_sint_jan)
                        .track("Workshop C", 50)
                        .about("Gesprekstechnieken om geldzorgen bespreekbaar te maken."),
                    SessionPlan::new("Lunch", day, (12, 15), (13, 15), oud_sint_jan),
                    SessionPlan::new("Nazorg na een collectieve schuldenregeling", day, (13, 15), (14, 45), oud_sint_jan)
                        .track("Workshop A", 50)
                        .about("Wat gebeurt er na de laatste dag van de aanzuiveringsregeling, en hoe voorkomen we herval?"),
                    SessionPlan::new("Financiële opvoeding: praten met kinderen over geld", day, (13, 15), (14, 45), oud_sint_jan)
                        .track("Workshop B", 50)
                        .about("Hoe ondersteun je ouders om met hun kinderen over zakgeld, sparen en reclame te praten?"),
                    SessionPlan::new("Energiearmoede en budget", day, (13, 15), (14, 45), oud_sint_jan)
                        .track("Workshop C", 50)
                        .about("Een hoge energiefactuur in een krap budget: besparen, sociale maatregelen en afbetalingsplannen."),
                    SessionPlan::new("Slotpanel: wat hebben mensen nodig om duurzaam rond te komen?", day, (15, 0), (16, 0), oud_sint_jan)
                        .about("Ervaringsdeskundigen, hulpverleners en een advocaat-schuldbemiddelaar in gesprek."),
                ],
                tickets: vec![
                    TicketPlan::new("Partner", Money::from_euros(40), "partners", "Voor medewerkers van partners van BIZ Noord-West-Vlaanderen; lunch inbegrepen."),
                    TicketPlan::new("Extern", Money::from_euros(65), "externals", "Voor alle andere deelnemers; lunch inbegrepen."),
                ],
                trainers: vec![
                    TrainerPlan::new(sarah, "speaker", Money::from_euros(400)).at_session(1),
                    TrainerPlan::new(alexander, "speaker", Money::ZERO).at_session(2),
                    TrainerPlan::new(kobe, "speaker", Money::from_euros(125)).at_session(3),
                    TrainerPlan::new(marieke, "speaker", Money::from_euros(125)).at_session(4),
                    TrainerPlan::new(frederik, "speaker", Money::from_euros(125)).at_session(6),
                    TrainerPlan::new(jens, "speaker", Money::ZERO).at_session(7),
                    TrainerPlan::new(nathalie, "speaker", Money::from_euros(125)).at_session(8),
                    TrainerPlan::new(elisa, "moderator", Money::ZERO).at_session(9),
                ],
                // Together with the speakers' 900 euro: the seed's budget of 3500 euro.
                costs: vec![
                    cost("catering", "Onthaal, lunch en koffiepauzes (150 personen)", Some("Traiteur De Vijvers"), Money::from_euros(1500)),
                    cost("venue", "Huur congreszaal en drie workshopzalen", Some("Oud Sint-Jan"), Money::from_euros(800)),
                    cost("printing", "Programmaboekje en naambadges", Some("Drukkerij Die Keure"), Money::from_euros(300)),
                ],
                closes_days_before: Some(10),
                cancellation_days_before: Some(14),
                published_days_before: 70,
                attendance,
                ..EventPlan::new(
                    EventKind::MethodsDay,
                    &format!("Methodiekendag {}: Duurzaam Budgetmanagement", day.year()),
                    "De tweejaarlijkse methodiekendag van BIZ Noord-West-Vlaanderen en haar West-Vlaamse partners: een plenaire lezing, zes workshops en een slotpanel over hoe mensen duurzaam rondkomen.",
                    METHODS_DAY_DESCRIPTION,
                )
            },
        )
        .await?;
        let methods_day = day;

        // Group modules: scheduled runs that one organisation books for its clients.
        let module_ticket = || {
            TicketPlan::new(
                "Module voor uw organisatie (max. 12 deelnemers)",
                Money::ZERO,
                "partners",
                "Eén boeking per reeks: uw organisatie brengt een groep van maximaal twaalf cliënten samen.",
            )
        };
        let [m1, m2, m3] = series::<3>(on_or_after(self.weeks(3), Weekday::Mon), 1);
        let host = self.pool(|a| a.organisation_name.as_deref() == Some("OCMW Oostende") && a.role == Role::Lead);
        let attendance = self.draw("de dag door", host, 1, 0, 0)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Budgetbeheer"),
                audience: Audience::Partners,
                capacity: Some(1),
                sessions: vec![
                    SessionPlan::new("Sessie 1: waar gaat mijn leefgeld naartoe?", m1, (13, 30), (16, 30), sociaal_huis_oostende),
                    SessionPlan::new("Sessie 2: plannen en prioriteiten stellen", m2, (13, 30), (16, 30), sociaal_huis_oostende),
                    SessionPlan::new("Sessie 3: omgaan met het onverwachte", m3, (13, 30), (16, 30), sociaal_huis_oostende),
                ],
                tickets: vec![TicketPlan { price: Money::from_euros(450), ..module_ticket() }],
                trainers: vec![TrainerPlan::new(griet, "trainer", Money::from_euros(360))],
                costs: vec![cost("printing", "Werkboekjes voor de deelnemers", None, Money::from_euros(40))],
                closes_days_before: Some(14),
                cancellation_days_before: Some(14),
                published_days_before: 90,
                attendance,
                ..EventPlan::new(
                    EventKind::GroupModule,
                    "De dag door met mijn leefgeld",
                    "Groepsmodule van drie sessies van drie uur waarin cliënten leren rondkomen met hun leefgeld: plannen, prioriteiten stellen en omgaan met onverwachte uitgaven.",
                    DAY_BY_DAY_DESCRIPTION,
                )
            },
        )
        .await?;

        let [b1, b2, b3, b4, b5] = series::<5>(on_or_after(self.weeks(9), Weekday::Tue), 1);
        self.add_event(
            r,
            EventPlan {
                theme: Some("Budgetbeheer"),
                audience: Audience::Partners,
                capacity: Some(1),
                sessions: [
                    ("Sessie 1: mijn inkomsten en uitgaven", b1),
                    ("Sessie 2: vaste kosten onder de loep", b2),
                    ("Sessie 3: papieren en administratie", b3),
                    ("Sessie 4: sparen voor later", b4),
                    ("Sessie 5: mijn budgetplan", b5),
                ]
                .into_iter()
                .map(|(title, date)| SessionPlan::new(title, date, (9, 0), (12, 0), sociaal_huis_torhout))
                .collect(),
                tickets: vec![TicketPlan { price: Money::from_euros(750), ..module_ticket() }],
                trainers: vec![TrainerPlan::new(griet, "trainer", Money::from_euros(600))],
                costs: vec![cost("printing", "Werkmap Budget in Zicht", None, Money::from_euros(60))],
                closes_days_before: Some(14),
                cancellation_days_before: Some(14),
                published_days_before: 90,
                ..EventPlan::new(
                    EventKind::GroupModule,
                    "Budget in – over – uit Zicht",
                    "Groepsmodule van vijf sessies van drie uur: zicht krijgen op inkomsten en uitgaven, administratie ordenen en een eigen budgetplan maken.",
                    BUDGET_MODULE_DESCRIPTION,
                )
            },
        )
        .await?;

        let [k1, k2, k3, k4] = series::<4>(on_or_after(self.weeks(12), Weekday::Thu), 1);
        self.add_event(
            r,
            EventPlan {
                theme: Some("Budgetbeheer"),
                audience: Audience::Partners,
                capacity: Some(1),
                sessions: [
                    ("Week 1: slim boodschappen doen", k1),
                    ("Week 2: koken met restjes", k2),
                    ("Week 3: gezond op een klein budget", k3),
                    ("Week 4: samen een menu plannen", k4),
                ]
                .into_iter()
                .map(|(title, date)| SessionPlan::new(title, date, (9, 30), (12, 30), zeebries))
                .collect(),
                tickets: vec![TicketPlan { price: Money::from_euros(650), ..module_ticket() }],
                trainers: vec![TrainerPlan::new(griet, "trainer", Money::from_euros(480))],
                costs: vec![cost("other", "Ingrediënten voor vier kooksessies", None, Money::from_euros(120))],
                closes_days_before: Some(14),
                cancellation_days_before: Some(14),
                published_days_before: 90,
                ..EventPlan::new(
                    EventKind::GroupModule,
                    "Gezond en budgetvriendelijk koken",
                    "Vier wekelijkse bijeenkomsten van drie uur waarin deelnemers samen boodschappen plannen, koken en eten: gezond en met oog voor het budget.",
                    COOKING_DESCRIPTION,
                )
            },
        )
        .await?;

        // Free prevention offer.
        let day = on_or_after(self.weeks(5), Weekday::Tue);
        let parents =
            self.pool(|a| a.role == Role::Parent || a.organisation_name.as_deref() == Some("Huis van het Kind Brugge"));
        let attendance = self.draw("ouderavond", parents, 21, 0, 1)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Financiële educatie"),
                capacity: Some(40),
                sessions: vec![SessionPlan::new("Ouderavond", day, (19, 30), (21, 30), huis_van_het_kind)],
                tickets: vec![TicketPlan::free("Gratis deelname", "everyone")],
                trainers: vec![TrainerPlan::new(jens, "trainer", Money::ZERO)],
                costs: vec![cost(
                    "printing",
                    "Herdruk brochure 'Budget in handen van je kind' (500 exemplaren)",
                    Some("Drukkerij Die Keure"),
                    Money::from_euros(500),
                )],
                published_days_before: 35,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Ouderavond Financiële opvoeding: budget in handen van je kind",
                    "Een gratis avond voor ouders over zakgeld, sparen, reclame en praten over geld met je kinderen, samen met het Huis van het Kind Brugge.",
                    PARENTS_EVENING_DESCRIPTION,
                )
            },
        )
        .await?;

        let day = on_or_after(self.weeks(10), Weekday::Wed);
        let teachers = self.pool(|a| a.role == Role::Teacher);
        let attendance = self.draw("train-de-trainer", teachers, 12, 0, 0)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Financiële educatie"),
                capacity: Some(25),
                sessions: vec![SessionPlan::new("Aan de slag met de toolbox", day, (13, 30), (16, 30), sas)],
                tickets: vec![TicketPlan::free("Gratis deelname", "everyone")],
                trainers: vec![TrainerPlan::new(jens, "trainer", Money::ZERO)],
                costs: vec![
                    cost("printing", "Toolbox-materiaal voor de deelnemende scholen", Some("Drukkerij Die Keure"), Money::from_euros(150)),
                    cost("catering", "Koffie en versnapering", Some("Traiteur 't Zilt"), Money::from_euros(100)),
                ],
                published_days_before: 28,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Train-de-trainer basisonderwijs: toolbox",
                    "Een gratis namiddag voor leerkrachten van het lager onderwijs: maak kennis met de toolbox financiële educatie van BIZ en ga er meteen mee aan de slag.",
                    TRAIN_THE_TRAINER_DESCRIPTION,
                )
            },
        )
        .await?;

        // Meetings of the partnership (the seed's 80 euro, split over both).
        let day = on_or_after(self.weeks(6), Weekday::Thu);
        let attendance = self.draw("stuurgroep", leads.clone(), 12, 0, 0)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Samenwerking"),
                audience: Audience::Partners,
                sessions: vec![SessionPlan::new("Stuurgroep", day, (14, 0), (16, 0), sas)],
                tickets: vec![TicketPlan::free("Deelname", "partners")],
                trainers: vec![TrainerPlan::new(elisa, "moderator", Money::ZERO)],
                costs: vec![cost("catering", "Koffie en versnapering", None, Money::from_euros(40))],
                published_days_before: 21,
                attendance,
                check_in_method: "list",
                ..EventPlan::new(
                    EventKind::Meeting,
                    &format!("Stuurgroep BIZ Noord-West-Vlaanderen – {}", half_year(day)),
                    "De halfjaarlijkse stuurgroep van BIZ Noord-West-Vlaanderen: opvolging van het jaarplan en afstemming met de partners.",
                    NWVL_STEERING_DESCRIPTION,
                )
            },
        )
        .await?;

        // Registration for the general assembly opens later: the catalogue shows when.
        let day = on_or_after(self.weeks(15), Weekday::Fri);
        self.add_event(
            r,
            EventPlan {
                theme: Some("Samenwerking"),
                audience: Audience::Partners,
                sessions: vec![SessionPlan::new("Ledenvergadering", day, (9, 30), (12, 0), schelpe)],
                tickets: vec![TicketPlan::free("Deelname", "partners")],
                trainers: vec![TrainerPlan::new(elisa, "moderator", Money::ZERO)],
                costs: vec![cost("catering", "Koffie en broodjes", None, Money::from_euros(40))],
                opens_at: Some(at(self.today + TimeDelta::days(10), 9, 0)),
                published_days_before: 7,
                check_in_method: "list",
                ..EventPlan::new(
                    EventKind::Meeting,
                    &format!("Ledenvergadering BIZ Noord-West-Vlaanderen {}", day.year()),
                    "De jaarlijkse ledenvergadering: terugblik op het voorbije jaar en voorstelling van het nieuwe jaarplan.",
                    NWVL_ASSEMBLY_DESCRIPTION,
                )
            },
        )
        .await?;

        // History.
        let day = on_or_after(self.weeks(-9), Weekday::Thu);
        let attendance = self.draw("huurwaarborg", west_flanders.clone(), 24, 0, 2)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Wonen"),
                capacity: Some(30),
                sessions: vec![SessionPlan::new("Huurwaarborg en woonkosten", day, (13, 30), (16, 30), schelpe)],
                tickets: vec![
                    TicketPlan::new("Partner", Money::from_euros(35), "partners", "Voor medewerkers van partners van BIZ Noord-West-Vlaanderen."),
                    TicketPlan::new("Extern", Money::from_euros(70), "externals", "Voor wie niet bij een partnerorganisatie werkt."),
                ],
                trainers: vec![TrainerPlan::new(tom, "trainer", Money::from_euros(250))],
                costs: vec![cost("catering", "Koffie en versnapering", Some("Traiteur 't Zilt"), Money::from_euros(150))],
                closes_days_before: Some(3),
                cancellation_days_before: Some(7),
                published_days_before: 56,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Vorming Huurwaarborg en woonkosten",
                    "Een namiddag over huurwaarborgen, de huurwaarborglening, huurachterstallen en woonkosten in het budget van kwetsbare huurders.",
                    RENT_DESCRIPTION,
                )
            },
        )
        .await?;

        let day = on_or_after(methods_day - TimeDelta::weeks(104), Weekday::Thu);
        let attendance = self.draw("vorige methodiekendag", west_flanders.clone(), 72, 0, 3)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Schuldhulpverlening"),
                capacity: Some(140),
                sessions: vec![
                    SessionPlan::new("Onthaal met koffie", day, (9, 0), (9, 30), oud_sint_jan),
                    SessionPlan::new("Plenaire getuigenis: aan het stuur van mijn eigen traject", day, (9, 30), (10, 30), oud_sint_jan),
                    SessionPlan::new("Samen beslissen over negatieve dossiers", day, (10, 45), (12, 15), oud_sint_jan).track("Workshop A", 50),
                    SessionPlan::new("Het gesprek over geld", day, (10, 45), (12, 15), oud_sint_jan).track("Workshop B", 50),
                    SessionPlan::new("Groepswerk als aanvulling op individuele hulp", day, (10, 45), (12, 15), oud_sint_jan).track("Workshop C", 50),
                    SessionPlan::new("Lunch en slotmoment", day, (12, 15), (14, 0), oud_sint_jan),
                ],
                tickets: vec![
                    TicketPlan::new("Partner", Money::from_euros(35), "partners", "Voor medewerkers van partners van BIZ Noord-West-Vlaanderen; lunch inbegrepen."),
                    TicketPlan::new("Extern", Money::from_euros(60), "externals", "Voor alle andere deelnemers; lunch inbegrepen."),
                ],
                trainers: vec![
                    TrainerPlan::new(hilde, "speaker", Money::from_euros(300)).at_session(1),
                    TrainerPlan::new(lies, "speaker", Money::from_euros(150)).at_session(2),
                    TrainerPlan::new(marieke, "speaker", Money::from_euros(150)).at_session(3),
                    TrainerPlan::new(griet, "speaker", Money::from_euros(150)).at_session(4),
                ],
                costs: vec![
                    cost("catering", "Onthaal, lunch en koffiepauzes", Some("Traiteur De Vijvers"), Money::from_euros(1200)),
                    cost("venue", "Huur congreszaal en workshopzalen", Some("Oud Sint-Jan"), Money::from_euros(700)),
                    cost("printing", "Programmaboekje", Some("Drukkerij Die Keure"), Money::from_euros(250)),
                ],
                closes_days_before: Some(10),
                cancellation_days_before: Some(14),
                published_days_before: 70,
                attendance,
                ..EventPlan::new(
                    EventKind::MethodsDay,
                    &format!("Methodiekendag {}: Cliënt aan het stuur", day.year()),
                    "De vorige methodiekendag van BIZ Noord-West-Vlaanderen, over participatie van cliënten in hun eigen traject.",
                    PREVIOUS_METHODS_DAY_DESCRIPTION,
                )
            },
        )
        .await?;

        let day = on_or_after(self.weeks(-30), Weekday::Thu);
        let attendance = self.draw("vorige stuurgroep", leads, 11, 0, 0)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Samenwerking"),
                audience: Audience::Partners,
                sessions: vec![SessionPlan::new("Stuurgroep", day, (14, 0), (16, 0), sas)],
                tickets: vec![TicketPlan::free("Deelname", "partners")],
                trainers: vec![TrainerPlan::new(elisa, "moderator", Money::ZERO)],
                costs: vec![cost("catering", "Koffie en versnapering", None, Money::from_euros(40))],
                published_days_before: 21,
                attendance,
                check_in_method: "list",
                ..EventPlan::new(
                    EventKind::Meeting,
                    &format!("Stuurgroep BIZ Noord-West-Vlaanderen – {}", half_year(day)),
                    "De halfjaarlijkse stuurgroep van BIZ Noord-West-Vlaanderen: opvolging van het jaarplan en afstemming met de partners.",
                    NWVL_STEERING_DESCRIPTION,
                )
            },
        )
        .await?;
        Ok(())
    }
}

/// Lawyer-debt mediators in the Kempen: in the directory, not partners of BIZ Kempen.
fn is_kempen_lawyer(a: &Attendee) -> bool {
    a.role == Role::Lawyer && a.partner_of.is_none()
}

// ---------------------------------------------------------------------------
// BIZ Kempen's events (seed 001)
// ---------------------------------------------------------------------------

impl Demo<'_> {
    async fn kempen_events(&mut self, r: &Region) -> Result<(), DemoError> {
        let turnhout = self
            .venue(
                r,
                "CAW De Kempen – Turnhout",
                "Grensstraat 7",
                "2300",
                "Turnhout",
                "Vergaderzaal op het gelijkvloers, vijf minuten wandelen van het station Turnhout; parkeren op de parking Grensstraat.",
                true,
            )
            .await?;
        let werft = self
            .venue(
                r,
                "Cultuurcentrum De Werft",
                "Werft 32",
                "2440",
                "Geel",
                "In het centrum van Geel; parkeren in de ondergrondse parking De Werft.",
                true,
            )
            .await?;
        let mol = self
            .venue(
                r,
                "Sociaal Huis Mol",
                "Hoogbuul 46",
                "2400",
                "Mol",
                "Vergaderzaal op het gelijkvloers; gratis parkeren aan de achterzijde.",
                true,
            )
            .await?;
        let herentals = self
            .venue(
                r,
                "CAW De Kempen – Herentals",
                "Grote Markt 35",
                "2200",
                "Herentals",
                "Historisch pand aan de Grote Markt: de vergaderzaal ligt op de tweede verdieping, zonder lift.",
                false,
            )
            .await?;

        let hanne = self
            .trainer(
                r,
                "Hanne Laenen",
                Some("BIZ Kempen – CAW De Kempen"),
                None,
                "Stafmedewerker van BIZ Kempen en voorzitter van de werkgroep collectieve schuldenregeling.",
            )
            .await?;
        let tabitha = self
            .trainer(
                r,
                "Tabitha Tanghe",
                Some("BIZ Kempen – CAW De Kempen"),
                None,
                "Stafmedewerker van BIZ Kempen, trekt de werkgroep visie en methodieken.",
            )
            .await?;
        let alexander = self
            .trainer(
                r,
                "Alexander Exelmans",
                Some("BIZ Kempen – CAW De Kempen"),
                // The same address as his sign-in, so he finds his sessions in Leernet.
                Some("alexander.exelmans@cawdekempen.test"),
                "Projectcoördinator van de budgetcoaches: werft, vormt en begeleidt de vrijwilligers.",
            )
            .await?;
        let koen = self
            .trainer(
                r,
                "Koen Verachtert",
                Some("Advocatenkantoor Verachtert"),
                None,
                "Advocaat-schuldbemiddelaar in Herentals en lid van de werkgroep collectieve schuldenregeling.",
            )
            .await?;
        let sofie = self
            .trainer(
                r,
                "Sofie Mertens",
                Some("zelfstandig energieconsulent"),
                Some("sofie.mertens@energieadvies.test"),
                "Energieconsulent die hulpverleners en gezinnen helpt met energiefacturen, sociale maatregelen en besparen.",
            )
            .await?;

        let id = r.id;
        let professionals = self.pool(|a| a.partner_of == Some(id) && matches!(a.role, Role::Lead | Role::Worker));
        let leads = self.pool(|a| a.partner_of == Some(id) && a.role == Role::Lead);
        let lawyers = self.pool(is_kempen_lawyer);
        let volunteers = self.pool(|a| a.partner_of == Some(id) && a.role == Role::Volunteer);
        let case_venues = [turnhout, werft, mol, herentals];
        // The year the case discussions belong to (the sector plans per calendar year;
        // from July on, the next series is announced).
        let series_year = if self.today.month() >= 7 { self.today.year() + 1 } else { self.today.year() };

        // Case discussions: four a year, rotating through the region.
        let dates = series::<4>(on_or_after(self.weeks(7), Weekday::Tue), 13);
        let mut attendance = self.draw("casusbesprekingen", professionals.clone(), 16, 0, 0)?;
        attendance.confirmed.extend(self.draw("casusbesprekingen advocaten", lawyers.clone(), 4, 0, 0)?.confirmed);
        self.add_event(r, case_discussions(series_year, dates, case_venues, [hanne, tabitha, koen], attendance, false))
            .await?;

        let [w1, w2] = series::<2>(on_or_after(self.weeks(4), Weekday::Thu), 13);
        let attendance = self.draw("werkgroep", professionals.clone(), 10, 0, 0)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Schuldhulpverlening"),
                audience: Audience::Partners,
                capacity: Some(20),
                sessions: vec![
                    SessionPlan::new("Cliënten informeren en de opstart van een dossier", w1, (9, 30), (12, 0), turnhout),
                    SessionPlan::new("Evaluatiemomenten en werken aan (zelf)redzaamheid", w2, (9, 30), (12, 0), werft),
                ],
                tickets: vec![TicketPlan::free("Deelname", "partners")],
                trainers: vec![TrainerPlan::new(tabitha, "moderator", Money::ZERO)],
                costs: vec![cost("catering", "Koffie (2 bijeenkomsten)", None, Money::from_euros(30))],
                published_days_before: 30,
                attendance,
                check_in_method: "list",
                ..EventPlan::new(
                    EventKind::Meeting,
                    "Werkgroep visie en methodieken in budget- en schuldhulpverlening",
                    "Twee werkgroepbijeenkomsten waarin hulpverleners van de Kempische OCMW's en het CAW goede praktijken uitwisselen en samen hulpmiddelen uitwerken.",
                    WORKING_GROUP_DESCRIPTION,
                )
            },
        )
        .await?;

        let [c1, c2] = series::<2>(on_or_after(self.weeks(8), Weekday::Tue), 1);
        let attendance = self.draw("budgetcoach", volunteers, 14, 0, 1)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Budgetbeheer"),
                audience: Audience::Partners,
                capacity: Some(20),
                sessions: vec![
                    SessionPlan::new("Dag 1: de rol van de budgetcoach", c1, (9, 30), (16, 0), werft)
                        .about("Wat is budgetbegeleiding, hoe werkt de tandem met de maatschappelijk werker en waar liggen je grenzen als vrijwilliger?"),
                    SessionPlan::new("Dag 2: budget en administratie in de praktijk", c2, (9, 30), (16, 0), werft)
                        .about("Een budget opmaken en opvolgen, een administratie ordenen en oefenen met casussen."),
                ],
                tickets: vec![TicketPlan::free("Vrijwillige budgetcoach", "partners")],
                trainers: vec![TrainerPlan::new(alexander, "trainer", Money::ZERO)],
                costs: vec![
                    cost("catering", "Middagmaal en koffie (2 dagen)", Some("Traiteur Den Ouden Hoeve"), Money::from_euros(420)),
                    cost("printing", "Cursusmap budgetcoach", None, Money::from_euros(90)),
                ],
                closes_days_before: Some(7),
                published_days_before: 45,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Basisopleiding budgetcoach",
                    "Tweedaagse basisopleiding voor vrijwilligers die als budgetcoach cliënten van een OCMW of het CAW in de Kempen (gaan) begeleiden. Gratis.",
                    BUDGET_COACH_DESCRIPTION,
                )
            },
        )
        .await?;

        let day = on_or_after(self.weeks(6), Weekday::Thu);
        let attendance = self.draw("energie", professionals.clone(), 21, 0, 1)?;
        self.add_event(
            r,
            EventPlan {
                theme: Some("Energie"),
                capacity: Some(35),
                sessions: vec![SessionPlan::new("Energiefacturen en sociale maatregelen", day, (13, 0), (16, 30), werft)],
                tickets: vec![
                    TicketPlan::new("Partner", Money::from_euros(30), "partners", "Voor medewerkers van partners van BIZ Kempen."),
                    TicketPlan::new("Extern", Money::from_euros(60), "externals", "Voor wie niet bij een partnerorganisatie werkt."),
                ],
                trainers: vec![TrainerPlan::new(sofie, "trainer", Money::from_euros(450))],
                costs: vec![cost("catering", "Koffie en versnapering", Some("Traiteur Den Ouden Hoeve"), Money::from_euros(120))],
                closes_days_before: Some(4),
                cancellation_days_before: Some(7),
                published_days_before: 40,
                attendance,
                ..EventPlan::new(
                    EventKind::TrainingDay,
                    "Energie: facturen lezen en sociale tarieven",
                    "Een namiddag over energiefacturen, het sociaal tarief, de digitale meter met prepaidfunctie en afbetalingsplannen, zodat je cliënten met een hoge energiefactuur gericht helpt.",
                    ENERGY_DESCRIPTION,
                )
            },
        )
        .await?;

        let day = on_or_after(self.weeks(9), Weekday::Mon);
        let attendance = self.draw("stuurgroep kempen", leads.clone(), 15, 0, 0)?;
        self.add_event(r, kempen_steering(day, turnhout, hanne, attendance)).await?;

        // History.
        let dates = series::<4>(on_or_after(self.weeks(-48), Weekday::Tue), 13);
        let mut attendance = self.draw("vorige casusbesprekingen", professionals, 17, 0, 1)?;
        attendance.confirmed.extend(self.draw("vorige casusbesprekingen advocaten", lawyers, 3, 0, 0)?.confirmed);
        self.add_event(
            r,
            case_discussions(series_year - 1, dates, case_venues, [hanne, tabitha, koen], attendance, true),
        )
        .await?;

        let day = on_or_after(self.weeks(-30), Weekday::Mon);
        let attendance = self.draw("vorige stuurgroep kempen", leads, 14, 0, 0)?;
        self.add_event(r, kempen_steering(day, turnhout, hanne, attendance)).await?;
        Ok(())
    }
}

/// Kempen's yearly series of four case discussions (seed 001: "vier casusbesprekingen in de Kempen").
fn case_discussions(
    year: i32,
    dates: [NaiveDate; 4],
    venues: [i32; 4],
    [chair, co_chair, lawyer]: [i32; 3],
    attendance: Attendance,
    past: bool,
) -> EventPlan {
    let sessions = dates
        .iter()
        .zip(venues)
        .enumerate()
        .map(|(i, (date, venue))| {
            SessionPlan::new(&format!("Casusbespreking {}", i + 1), *date, (13, 30), (16, 0), venue)
                .about("Twee tot drie ingebrachte casussen, besproken door advocaat-schuldbemiddelaars en hulpverleners samen.")
        })
        .collect();
    EventPlan {
        theme: Some("Collectieve schuldenregeling"),
        capacity: Some(30),
        sessions,
        tickets: vec![TicketPlan::free("Deelname aan de reeks", "everyone")],
        trainers: vec![
            TrainerPlan::new(chair, "moderator", Money::ZERO),
            TrainerPlan::new(co_chair, "moderator", Money::ZERO),
            TrainerPlan::new(lawyer, "speaker", Money::ZERO),
        ],
        costs: vec![cost("catering", "Koffie en versnapering (4 bijeenkomsten)", None, Money::from_euros(160))],
        published_days_before: if past { 42 } else { 35 },
        attendance,
        check_in_method: "list",
        ..EventPlan::new(
            EventKind::Meeting,
            &format!("Casusbesprekingen collectieve schuldenregeling {year}"),
            "Vier casusbesprekingen waarin advocaat-schuldbemiddelaars en hulpverleners uit de Kempen samen dossiers in collectieve schuldenregeling bespreken.",
            CASE_DISCUSSIONS_DESCRIPTION,
        )
    }
}

fn kempen_steering(day: NaiveDate, venue: i32, chair: i32, attendance: Attendance) -> EventPlan {
    EventPlan {
        theme: Some("Samenwerking"),
        audience: Audience::Partners,
        sessions: vec![SessionPlan::new("Stuurgroep", day, (14, 0), (16, 0), venue)],
        tickets: vec![TicketPlan::free("Deelname", "partners")],
        trainers: vec![TrainerPlan::new(chair, "moderator", Money::ZERO)],
        costs: vec![cost("catering", "Koffie en versnapering", None, Money::from_euros(40))],
        published_days_before: 21,
        attendance,
        check_in_method: "list",
        ..EventPlan::new(
            EventKind::Meeting,
            &format!("Stuurgroep BIZ Kempen – {}", half_year(day)),
            "De halfjaarlijkse stuurgroep van BIZ Kempen met vertegenwoordigers van alle partners.",
            KEMPEN_STEERING_DESCRIPTION,
        )
    }
}

// ---------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------

const NWVL_DESCRIPTION: &str = "BIZ Noord-West-Vlaanderen (Budget In Zicht) is het regionale samenwerkingsverband voor budget- en schuldhulpverlening in de arrondissementen Brugge, Oostende en Diksmuide. De OCMW's van de regio en CAW Noord-West-Vlaanderen werken er samen aan preventie en aan een toegankelijke hulpverlening.

We zetten in op preventie- en nazorginitiatieven om (herval in) schuldoverlast te voorkomen: ouderavonden over financiële opvoeding met de Huizen van het Kind, financiële educatie voor scholen en jeugdhulp, en groepsmodules voor mensen in budget- en schuldhulpverlening.

Daarnaast ondersteunen we een toegankelijke, cliëntgerichte en integrale schuld- en budgethulpverlening, zodat gezinnen en personen zelf verantwoordelijkheid (leren) dragen voor hun duurzaam budgetmanagement. Daarvoor organiseren we leernetwerken, vormingen en een tweejaarlijkse methodiekendag voor de hulpverleners van onze partners.";

const KEMPEN_DESCRIPTION: &str = "BIZ Kempen (Budget In Zicht Kempen) is het samenwerkingsverband voor budget- en schuldhulpverlening in het arrondissement Turnhout. Partners zijn de OCMW's van de 27 Kempische gemeenten, Welzijnszorg Kempen, CAW De Kempen en SPAAK (Samen Paraat tegen Armoede in de Kempen), het samenwerkingsverband van de verenigingen waar armen het woord nemen uit Turnhout, Geel, Mol en Herentals. We werken ook nauw samen met het Centrum voor Basiseducatie Kempen, CEBUD (Thomas More) en SAM vzw.

We richten ons vooral tot professionals in de budget- en schuldhulpverlening, omdat zij het dichtst bij mensen met budgetmoeilijkheden en schulden staan. We bouwen een breed netwerk uit, benutten de expertise die er al is en delen die, zodat hulpverleners elkaar verder professionaliseren en mensen op een duurzame manier (opnieuw) hun budget leren beheren.

Enkele projecten: de opleiding en begeleiding van budgetcoaches, de werkgroep visie en methodieken in budget- en schuldhulpverlening, en de werkgroep collectieve schuldenregeling met casusbesprekingen tussen advocaat-schuldbemiddelaars en hulpverleners.";

const LEARNING_NETWORK_DESCRIPTION: &str = "Elke schuldhulpverlener kent ze: dossiers waarin ondanks alle inspanningen geen duurzame oplossing in zicht komt. De schulden blijven groeien, afspraken worden niet nagekomen of de cliënt haakt af. Wanneer is een dossier 'negatief'? Wanneer sluit je af, en hoe doe je dat zorgvuldig?

In dit leernetwerk werken leidinggevenden uit de budget- en schuldhulpverlening van de OCMW's en het CAW aan een gedeelde visie. We vertrekken van casussen uit de eigen praktijk, leggen werkwijzen naast elkaar en zoeken criteria die recht doen aan de cliënt én aan de draagkracht van de dienst.

Het leernetwerk bestaat uit vier bijeenkomsten van een halve dag, onder begeleiding van Lies Pauwels. Tussen de bijeenkomsten toets je de inzichten af in je eigen team. Je schrijft in voor de volledige reeks: het is telkens dezelfde groep, zodat er vertrouwen groeit om ook moeilijke situaties open te bespreken.

Het leernetwerk staat enkel open voor partners van BIZ Noord-West-Vlaanderen. De deelnameprijs wordt per deelnemer aan je organisatie gefactureerd.";

const INSURANCE_DESCRIPTION: &str = "Verzekeringen zijn een vaste kost in elk budget, maar cliënten in budget- en schuldhulpverlening zijn vaak over- of onderverzekerd. Wie huurt, heeft niet altijd een brandverzekering; anderen betalen voor dubbele polissen of voor waarborgen die ze nooit zullen gebruiken.

Deze vorming vertrekt van de vragen die hulpverleners uit de regio vooraf bezorgden. Cedric Lesage van Dampont Verzekeringen overloopt de verplichte en de sterk aanbevolen verzekeringen, legt uit hoe je een polis leest en toont hoe je samen met de cliënt vergelijkt, opzegt en onderhandelt.

Er is ruimte voor je eigen casussen: breng gerust (geanonimiseerde) polissen of vragen mee. Koffie en een versnapering zijn voorzien.";

const TELECOM_DESCRIPTION: &str = "Telecomkosten wegen zwaar op een klein budget en telecomschulden komen in bijna elk dossier voor. Bundels, toestellen op afbetaling en extra kosten maken het voor cliënten moeilijk om het overzicht te bewaren.

Pieter Geens, zelf schuldhulpverlener bij OCMW Heist-op-den-Berg, neemt je een volledige dag mee door het telecomlandschap: hoe lees je een factuur, welke rechten heeft een consument bij opzeg of wanbetaling, hoe vraag je het sociaal telefoontarief aan en hoe pak je een schuld aan bij een operator of incassobureau?

In de voormiddag staat de theorie centraal, in de namiddag oefenen we met echte (geanonimiseerde) facturen en casussen. Een broodjeslunch is inbegrepen.";

const METHODS_DAY_DESCRIPTION: &str = "Hoe help je mensen niet alleen uit de schulden, maar ook om er blijvend uit te blijven? Op deze methodiekendag staat duurzaam budgetmanagement centraal: het vermogen van gezinnen en personen om zelf, op lange termijn, verantwoordelijkheid te dragen voor hun budget.

De dag opent met een plenaire lezing over de stap van brandjes blussen naar veerkracht. Daarna volg je twee workshops, telkens te kiezen uit drie: van budgetcoaching met vrijwilligers en digitaal budgetbeheer tot nazorg na een collectieve schuldenregeling, financiële opvoeding en energiearmoede. We sluiten af met een panelgesprek waarin ervaringsdeskundigen en hulpverleners met elkaar in gesprek gaan.

De methodiekendag richt zich tot hulpverleners uit de budget- en schuldhulpverlening van OCMW's en CAW's, advocaat-schuldbemiddelaars, verenigingen waar armen het woord nemen en iedereen die beroepshalve met budget en schulden bezig is. Partners van BIZ Noord-West-Vlaanderen betalen een voordeeltarief. De lunch is inbegrepen.";

const PREVIOUS_METHODS_DAY_DESCRIPTION: &str = "Cliënten zijn de experts van hun eigen leven. Hoe geef je hen een echte stem in hun traject in de budget- en schuldhulpverlening, ook als de beslissingsruimte klein is?

Na een plenaire getuigenis van een ervaringsdeskundige volgden de deelnemers een van drie workshops: samen beslissen over negatieve dossiers, het gesprek over geld en groepswerk als aanvulling op individuele hulpverlening. De dag sloot af met een gezamenlijke lunch.";

const DAY_BY_DAY_DESCRIPTION: &str = "Rondkomen met leefgeld is een dagelijkse puzzel. In deze groepsmodule oefenen deelnemers hoe ze hun leefgeld over de week of de maand verdelen, hoe ze prioriteiten stellen en hoe ze omgaan met onverwachte uitgaven. Ze wisselen tips en ervaringen uit in een kleine, vertrouwde groep.

De module bestaat uit drie sessies van drie uur en wordt begeleid door Griet Vanhoutte, een externe vormingswerker verbonden aan BIZ. Ze is complementair aan de individuele hulpverlening: de maatschappelijk werker van de deelnemers blijft het aanspreekpunt.

Een organisatie boekt de volledige reeks voor een groep van maximaal twaalf cliënten. Deze reeks vindt plaats in het Sociaal Huis Oostende. De prijs wordt aan de organisatie gefactureerd.";

const BUDGET_MODULE_DESCRIPTION: &str = "Zicht krijgen op je budget is de eerste stap naar grip op je geld. In vijf sessies van drie uur brengen deelnemers hun inkomsten en uitgaven in kaart, bekijken ze hun vaste kosten kritisch, ordenen ze hun papieren en maken ze een eigen budgetplan.

De module wordt begeleid door een externe vormingswerker verbonden aan BIZ en sluit aan bij de individuele begeleiding door de maatschappelijk werker. Deelnemers oefenen met eigen voorbeelden en leren van elkaars ervaringen.

Een organisatie boekt de volledige reeks voor een groep van maximaal twaalf cliënten. Deze reeks vindt plaats in het Sociaal Huis Torhout. De prijs wordt aan de organisatie gefactureerd.";

const COOKING_DESCRIPTION: &str = "Gezond eten hoeft niet duur te zijn. In vier wekelijkse bijeenkomsten van drie uur plannen de deelnemers samen een menu, doen ze slim boodschappen, koken ze met seizoensgroenten en restjes en eten ze samen wat ze maakten.

De module wordt begeleid door een externe vormingswerker verbonden aan BIZ. De ingrediënten zijn inbegrepen. Een organisatie boekt de volledige reeks voor een groep van maximaal twaalf cliënten.

Deze reeks vindt plaats in Buurthuis De Zeebries in Blankenberge. Let op: de keuken is enkel via de trap bereikbaar.";

const PARENTS_EVENING_DESCRIPTION: &str = "Hoeveel zakgeld geef je, en vanaf welke leeftijd? Hoe leer je kinderen sparen, en hoe ga je om met reclame en groepsdruk? Kinderen leren het meest over geld door wat ze thuis zien en horen.

Op deze ouderavond, in samenwerking met het Huis van het Kind Brugge, krijg je praktische tips om thuis over geld te praten en je kinderen stap voor stap zelfstandig met een budget te leren omgaan. Er is ruim tijd voor vragen en om ervaringen uit te wisselen met andere ouders.

Elke deelnemer krijgt de brochure 'Budget in handen van je kind' mee naar huis. Deelname is gratis.";

const TRAIN_THE_TRAINER_DESCRIPTION: &str = "BIZ Noord-West-Vlaanderen ontwikkelde een toolbox financiële educatie voor het lager onderwijs: lessen, spelvormen en werkbladen over zakgeld, sparen, kiezen en reclame.

In deze train-de-trainer maak je kennis met de toolbox en probeer je de werkvormen zelf uit. Je krijgt tips om ze in te passen in je lessen en om ouders erbij te betrekken.

De namiddag is gratis voor leerkrachten en zorgcoördinatoren van basisscholen in de regio. Elke school krijgt na afloop een toolbox mee.";

const NWVL_STEERING_DESCRIPTION: &str = "Twee keer per jaar komt de stuurgroep van BIZ Noord-West-Vlaanderen samen. Op de agenda: de opvolging van het jaarplan, de stand van zaken van de acties en het aanbod voor het komende halfjaar.

We streven ernaar alle partners zo goed mogelijk te betrekken. Partners die niet kunnen deelnemen, krijgen achteraf het verslag en kunnen hun opmerkingen nog bezorgen; ook daarmee houden we rekening.";

const NWVL_ASSEMBLY_DESCRIPTION: &str = "Eén keer per jaar nodigen we alle partners uit op de ledenvergadering. We blikken terug op het voorbije jaar, stellen het nieuwe jaarplan voor en bespreken samen de noden in de regio.

Het jaarplan bouwt verder op het vijfjarenplan en houdt rekening met de input van de partners en de opdracht van de Vlaamse overheid. Inschrijven kan vanaf een paar weken voor de vergadering.";

const RENT_DESCRIPTION: &str = "Een huurwaarborg bijeenkrijgen is voor veel cliënten een grote drempel, en huurachterstallen behoren tot de schulden met de zwaarste gevolgen.

Deze vorming overliep de regels rond de huurwaarborg, de huurwaarborglening en de tussenkomst van het OCMW, de aanpak van huurachterstallen en de plaats van woonkosten in een realistisch budget.";

const CASE_DISCUSSIONS_DESCRIPTION: &str = "In de werkgroep collectieve schuldenregeling (CSR) zetelen praktijkwerkers, juristen en een schuldbemiddelaar. Eén signaal horen we er steeds opnieuw: advocaat-schuldbemiddelaars en hulpverleners werken vaak voor dezelfde mensen, maar vinden elkaar niet altijd even vlot.

Daarom organiseert BIZ Kempen vier casusbesprekingen per jaar, verspreid over de Kempen. Telkens brengen deelnemers een (geanonimiseerde) casus in: een aanzuiveringsregeling die niet haalbaar blijkt, afspraken over leefgeld, een dreigende herroeping, … Samen zoeken we naar een aanpak en naar afspraken die de samenwerking verbeteren.

De casusbesprekingen zijn ook een gelegenheid om het samenwerkingsprotocol CSR kracht bij te zetten. Je schrijft in voor de reeks; je aanwezigheid wordt per bijeenkomst bijgehouden. Deelname is gratis.";

const WORKING_GROUP_DESCRIPTION: &str = "De werkgroep visie en methodieken ontstond in 2019 uit een grote nood aan uitwisseling en samenwerking om de werking van de erkende instellingen voor schuldbemiddeling te verbeteren.

De werkgroep werkt rond vier thema's: cliënten informeren, evaluatiemomenten, de opstart van een dossier en werken aan (zelf)redzaamheid. Per thema verzamelen we goede praktijken uit de OCMW's en het CAW en werken we bruikbare hulpmiddelen uit.

Maatschappelijk werkers en teamverantwoordelijken van de partners zijn welkom, ook als je niet op beide bijeenkomsten kunt zijn.";

const BUDGET_COACH_DESCRIPTION: &str = "Budgetcoaches zijn opgeleide vrijwilligers die samen met een maatschappelijk werker trajecten lopen met cliënten van het OCMW en het CAW in de Kempen. De maatschappelijk werker focust op het wegwerken van schulden en de bemiddeling; de budgetcoach helpt de cliënt vaardigheden aanleren om bewust met budget en administratie om te gaan. Het doel: de cliënt zo zelfstandig mogelijk maken.

In deze tweedaagse basisopleiding leer je wat budgetbegeleiding inhoudt, hoe je een budget opmaakt en opvolgt, hoe je een administratie ordent en hoe je als vrijwilliger je rol en grenzen bewaakt in de tandem met de maatschappelijk werker.

De opleiding wordt gegeven door Alexander Exelmans, projectcoördinator budgetcoaches bij CAW De Kempen. Ze is gratis voor vrijwilligers die via een OCMW of het CAW in de Kempen als budgetcoach (willen) starten. Het middagmaal is inbegrepen.";

const ENERGY_DESCRIPTION: &str = "Energie blijft voor veel gezinnen een van de zwaarste posten in het budget. Een jaarafrekening die veel hoger uitvalt dan verwacht, een voorschot dat niet klopt of een dreigende activering van de prepaidfunctie op de digitale meter: hulpverleners krijgen er dagelijks vragen over.

Sofie Mertens leert je een energiefactuur stap voor stap lezen en controleren. Ze legt uit wie recht heeft op het sociaal tarief en hoe het automatisch wordt toegekend, wat de procedure bij wanbetaling inhoudt en welke rol de lokale adviescommissie speelt. Daarnaast krijg je tips om samen met cliënten energie te besparen zonder in te boeten aan comfort.

De vorming staat open voor iedereen; partners van BIZ Kempen betalen een voordeeltarief.";

const KEMPEN_STEERING_DESCRIPTION: &str = "Twee keer per jaar komt de stuurgroep van BIZ Kempen samen met vertegenwoordigers van de OCMW's, Welzijnszorg Kempen, CAW De Kempen en SPAAK.

Op de agenda: de opvolging van het jaarplan, de stand van zaken in de werkgroepen en bij de budgetcoaches, en de planning van het komende halfjaar.";

#[cfg(test)]
mod tests {
    use super::*;
    use domain::SeatsLeft;
    use sea_orm::PaginatorTrait;

    fn demo_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
    }

    async fn fresh_database() -> DatabaseConnection {
        // One connection: every connection to "sqlite::memory:" is its own database.
        let db = crate::connect("sqlite::memory:", 1).await.expect("connects");
        crate::migrate(&db).await.expect("migrates");
        db
    }

    #[tokio::test]
    async fn loads_consistent_demo_data() {
        let db = fresh_database().await;
        let started = std::time::Instant::now();
        let summary = load(&db, demo_day()).await.expect("demo data loads");
        eprintln!("demo data loaded in {:?}: {summary:?}", started.elapsed());
        assert_eq!(summary.organisers, 2);

        let organisers = organiser::Entity::find().all(&db).await.unwrap();
        let slug_of = |slug: &str| organisers.iter().find(|o| o.slug == slug).map(|o| o.id);
        let nwvl = slug_of("biz-noord-west-vlaanderen").expect("BIZ Noord-West-Vlaanderen exists");
        let kempen = slug_of("biz-kempen").expect("BIZ Kempen exists");

        let organisations = organisation::Entity::find().all(&db).await.unwrap();
        let partnerships = partnership::Entity::find().all(&db).await.unwrap();
        let ocmw_partners = |organiser: i32| {
            partnerships
                .iter()
                .filter(|p| p.organiser_id == organiser)
                .filter(|p| organisations.iter().any(|o| o.id == p.organisation_id && o.kind == "ocmw"))
                .count()
        };
        assert_eq!(ocmw_partners(kempen), 27);
        assert_eq!(ocmw_partners(nwvl), 22);
        assert_eq!(summary.organisations, organisations.len());

        let events = event::Entity::find().all(&db).await.unwrap();
        let sessions = event_session::Entity::find().all(&db).await.unwrap();
        let registrations = registration::Entity::find().all(&db).await.unwrap();
        let tickets = ticket::Entity::find().all(&db).await.unwrap();
        assert_eq!(summary.events, events.len());
        assert_eq!(summary.registrations, registrations.len());
        assert_eq!(summary.check_ins as u64, check_in::Entity::find().count(&db).await.unwrap());
        for e in &events {
            assert_eq!(e.status, domain::EventStatus::Published);
            assert!(sessions.iter().any(|s| s.event_id == e.id), "{} has no session", e.title);
            let live = registrations
                .iter()
                .filter(|r| r.event_id == e.id && matches!(r.status.as_str(), "confirmed" | "pending_payment"))
                .count();
            assert_eq!(e.seats_taken as usize, live, "{}", e.title);
            if let Some(capacity) = e.capacity {
                assert!(e.seats_taken <= capacity, "{}", e.title);
            }
        }
        // The API's event page must never contain the word "fee" (server tests check
        // that fees stay internal), so no public text may contain it either.
        let mut public_texts: Vec<String> = Vec::new();
        for e in &events {
            public_texts.extend([e.title.clone(), e.summary.clone(), e.description.clone()]);
        }
        for s in &sessions {
            public_texts.extend([Some(s.title.clone()), s.description.clone(), s.track.clone()].into_iter().flatten());
        }
        for t in trainer::Entity::find().all(&db).await.unwrap() {
            public_texts.extend([Some(t.full_name), t.affiliation, t.bio].into_iter().flatten());
        }
        for t in ticket_type::Entity::find().all(&db).await.unwrap() {
            public_texts.extend([Some(t.name), t.description].into_iter().flatten());
        }
        for o in &organisers {
            public_texts.extend([o.name.clone(), o.short_name.clone(), o.description.clone(), o.email.clone()]);
        }
        for v in venue::Entity::find().all(&db).await.unwrap() {
            public_texts.extend([Some(v.name), Some(v.street), Some(v.city), v.directions].into_iter().flatten());
        }
        for text in &public_texts {
            assert!(!text.to_lowercase().contains("fee"), "{text}");
        }

        // One ticket per confirmed registration, with a random code like a real one's.
        let confirmed = registrations.iter().filter(|r| r.status == domain::RegistrationStatus::Confirmed).count();
        assert_eq!(tickets.len(), confirmed);
        let codes: HashSet<&str> = tickets.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes.len(), tickets.len());
        assert!(tickets.iter().all(|t| t.code.len() == 64 && t.code.bytes().all(|b| b.is_ascii_hexdigit())));

        // Orders add up; every invented address is a `.test` one.
        let orders = order::Entity::find().all(&db).await.unwrap();
        for o in &orders {
            let total: i64 = registrations.iter().filter(|r| r.order_id == Some(o.id)).map(|r| r.price_cents).sum();
            assert_eq!(o.total_cents, total, "{}", o.reference);
        }
        assert!(registrations.iter().all(|r| r.attendee_email.as_deref().is_some_and(|e| e.ends_with(".test"))));
        let people = person::Entity::find().all(&db).await.unwrap();
        assert!(people.iter().all(|p| p.email.as_deref().is_some_and(|e| e.ends_with(".test"))));

        // Past events have attendance of roughly 80-90 %.
        let check_ins = check_in::Entity::find().all(&db).await.unwrap();
        let past_case_discussions = events
            .iter()
            .find(|e| e.title == "Casusbesprekingen collectieve schuldenregeling 2026")
            .expect("last year's case discussions");
        let attended: Vec<usize> = sessions
            .iter()
            .filter(|s| s.event_id == past_case_discussions.id)
            .map(|s| check_ins.iter().filter(|c| c.session_id == s.id).count())
            .collect();
        assert_eq!(attended.len(), 4);
        let rate = attended.iter().sum::<usize>() as f64 / (4.0 * past_case_discussions.seats_taken as f64);
        assert!((0.7..0.97).contains(&rate), "attendance {rate}");

        // The catalogue shows the offer, including a full and a free event.
        let now = from_local(demo_day().and_hms_opt(10, 0, 0).unwrap());
        let cards = crate::catalogue::upcoming_events(&db, now, &Default::default()).await.expect("catalogue");
        assert!(cards.len() >= 10, "only {} upcoming events", cards.len());
        assert!(cards.iter().any(|c| c.seats == SeatsLeft::Full && c.title.contains("Telecom")));
        assert!(cards.iter().any(|c| c.price.is_free()));
        assert!(!cards.iter().any(|c| c.title.contains("Huurwaarborg")));
        let insurance = cards.iter().find(|c| c.title.contains("Verzekeringen")).expect("insurance training");
        assert_eq!(insurance.seats, SeatsLeft::Available(3));
        assert_eq!(cards.iter().filter(|c| c.title.to_lowercase().contains("telecom")).count(), 1);

        assert!(matches!(load(&db, demo_day()).await, Err(DemoError::NotEmpty)));
    }

    #[tokio::test]
    async fn the_same_day_gives_the_same_data() {
        async fn fingerprint(today: NaiveDate) -> Vec<String> {
            let db = fresh_database().await;
            load(&db, today).await.expect("demo data loads");
            let mut lines: Vec<String> = event_session::Entity::find()
                .all(&db)
                .await
                .unwrap()
                .iter()
                .map(|s| format!("{} {}", s.title, s.starts_at))
                .collect();
            lines.extend(
                registration::Entity::find()
                    .all(&db)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| format!("{} {:?} {} {}", r.event_id, r.attendee_email, r.status, r.created_at)),
            );
            lines.extend(
                order::Entity::find()
                    .all(&db)
                    .await
                    .unwrap()
                    .iter()
                    .map(|o| format!("{} {}", o.reference, o.total_cents)),
            );
            lines
        }
        assert_eq!(fingerprint(demo_day()).await, fingerprint(demo_day()).await);
    }

    #[tokio::test]
    async fn loads_for_any_day_of_the_year() {
        // Days near the holiday breaks and the turn of the year move sessions the most;
        // none may make an event straddle today or give two events the same slug.
        for day in [
            "2026-01-02",
            "2026-03-30",
            "2026-06-20",
            "2026-07-10",
            "2026-08-31",
            "2026-12-21",
            "2027-05-15",
            "2028-02-29",
        ] {
            let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let db = fresh_database().await;
            let summary = load(&db, today).await.unwrap_or_else(|e| panic!("{day}: {e}"));
            assert_eq!(summary.events, 21, "{day}");
        }
    }

    #[test]
    fn sessions_avoid_the_holidays() {
        let christmas = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        assert_eq!(on_or_after(christmas, Weekday::Tue), NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
        let dates = series::<3>(NaiveDate::from_ymd_opt(2026, 12, 14).unwrap(), 1);
        assert_eq!(dates.map(|d| d.to_string()), ["2026-12-14", "2027-01-04", "2027-01-11"]);
    }

    #[test]
    fn demo_ibans_are_valid() {
        for iban in ["BE68539007547034", "BE71096123456769"] {
            let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
            let digits: String = rearranged
                .chars()
                .map(|c| if c.is_ascii_digit() { c.to_string() } else { (c as u32 - 'A' as u32 + 10).to_string() })
                .collect();
            let remainder = digits.chars().fold(0u32, |acc, c| (acc * 10 + c.to_digit(10).unwrap()) % 97);
            assert_eq!(remainder, 1, "{iban}");
        }
    }
}
