//! Writes the [`Plan`] through the store: the directory (organisers, organisations,
//! people), then each organiser's programme (venues, trainers, events with their
//! sessions, ticket types, trainers and costs), then the registrations, orders,
//! invoices, tickets and check-ins a seeded generator invents for them, and the
//! cost lines.
//!
//! The order of writing is part of the data: the generator draws invented names,
//! participants and moments in this order, so the same `today` always gives the
//! same people, registrations and references.

use crate::calendar::{at, half_year, on_or_after, programme_year, series};
use crate::plan::{self, CheckIn, DirectoryRef, OrganisationEntry, Plan, Role};
use crate::random::SplitMix64;
use crate::{DemoError, DemoSummary};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use domain::{
    Audience, CheckInMethod, CostStatus, Email, EventKind, EventStatus, Money, OrderStatus, OrganisationKind,
    PaymentMethod, RegistrationStatus, Slug, TicketEligibility, TrainerRole,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::WriteTransaction;
use store::entities::{
    check_in, cost_line, event, event_session, event_trainer, municipality, order, organisation, organiser,
    partnership, person, registration, ticket, ticket_type, trainer, venue,
};

/// The one place where the plan's check-in method becomes the stored one (the
/// statuses the loader writes are the domain's enums themselves).
fn check_in_method(method: CheckIn) -> CheckInMethod {
    match method {
        CheckIn::Scan => CheckInMethod::Scan,
        CheckIn::List => CheckInMethod::List,
    }
}

/// Writes the whole plan; the caller commits.
pub async fn write(db: &WriteTransaction, plan: &Plan, today: NaiveDate) -> Result<DemoSummary, DemoError> {
    let mut writer = Writer::new(db, &plan.people, today);
    writer.municipalities = municipality::Entity::find().order_by_asc(municipality::Column::NisCode).all(db).await?;
    let mut regions = Vec::new();
    for region in &plan.regions {
        let ids = writer.organiser(&region.organiser).await?;
        writer.directory(region.directory(), Some(ids.id)).await?;
        let door_staff = writer.named.get(&region.organiser.door_staff).copied().ok_or_else(|| {
            DemoError::Invalid(format!("door staff {} is not a person of the file", region.organiser.door_staff))
        })?;
        regions.push(RegionIds { door_staff, ..ids });
    }
    writer.directory(plan.elsewhere.directory(), None).await?;
    for (region, ids) in plan.regions.iter().zip(&regions) {
        writer.programme(region, ids, &plan.questions).await?;
    }
    writer.write_registrations().await?;
    writer.write_costs().await?;
    Ok(writer.summary)
}

/// Invented e-mail addresses: a slug of a name, e.g. `Van den Bosch` becomes `vandenbosch`.
fn mail_part(text: &str, keep_hyphens: bool) -> String {
    let slug = Slug::from_title(text).map(|s| s.as_str().to_string()).unwrap_or_default();
    if keep_hyphens { slug } else { slug.replace('-', "") }
}

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

#[derive(Debug, Clone)]
struct OrgRef {
    id: i32,
    name: String,
    kind: OrganisationKind,
    domain: String,
}

/// An organisation written for the directory, with the jobs still to fill.
struct Listed {
    org: OrgRef,
    partner: bool,
    staff: Vec<(Role, String)>,
    /// An OCMW's debt-counselling team: invented before the other organisations' staff.
    ocmw_team: bool,
}

/// The organiser an event belongs to.
struct RegionIds {
    id: i32,
    /// Prefix of order and payout references, e.g. `NWVL-2026-00001`.
    prefix: String,
    /// The staff member who scans tickets and ticks the attendance lists.
    door_staff: i32,
}

struct SessionPlan {
    title: String,
    description: Option<String>,
    track: Option<String>,
    date: NaiveDate,
    start: (u32, u32),
    end: (u32, u32),
    venue: i32,
    capacity: Option<i32>,
}

struct TicketPlan {
    name: String,
    description: Option<String>,
    price: Money,
    eligibility: TicketEligibility,
}

struct TrainerPlan {
    trainer_id: i32,
    role: TrainerRole,
    fee: Money,
    /// Index into the event's sessions, for speakers of one programme item.
    session: Option<usize>,
}

/// A budget line other than a trainer fee (those follow from [`TrainerPlan`]).
struct CostPlan {
    category: String,
    description: String,
    payee: Option<String>,
    budget: Money,
}

/// Who registered: confirmed ones hold a seat, waitlisted and cancelled ones do not.
#[derive(Default)]
struct Attendance {
    confirmed: Vec<Attendee>,
    waitlisted: Vec<Attendee>,
    cancelled: Vec<Attendee>,
}

/// One event of the data file, with its dates and references resolved.
struct EventPlan {
    kind: EventKind,
    title: String,
    summary: String,
    description: String,
    theme: Option<String>,
    audience: Audience,
    capacity: Option<i32>,
    group_max_participants: Option<i32>,
    sessions: Vec<SessionPlan>,
    tickets: Vec<TicketPlan>,
    trainers: Vec<TrainerPlan>,
    costs: Vec<CostPlan>,
    closes_days_before: Option<i64>,
    cancellation_days_before: Option<i64>,
    opens_at: Option<DateTime<Utc>>,
    published_days_before: i64,
    questions: Option<String>,
    attendance: Attendance,
    check_in_method: CheckIn,
}

// Registrations waiting to be written (all events first, so that order
// references can be numbered in the order the orders were placed).

struct PlannedCheckIn {
    session_id: i32,
    at: DateTime<Utc>,
    method: CheckIn,
    by: i32,
}

struct PlannedRegistration {
    event_id: i32,
    ticket_type_id: i32,
    attendee: Attendee,
    status: RegistrationStatus,
    price_cents: i64,
    created_at: DateTime<Utc>,
    cancelled_at: Option<DateTime<Utc>>,
    check_ins: Vec<PlannedCheckIn>,
}

struct PlannedOrder {
    organiser_id: i32,
    prefix: String,
    event_id: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    buyer_person_id: i32,
    billing_organisation_id: Option<i32>,
    payment_method: PaymentMethod,
    status: OrderStatus,
    po_reference: Option<String>,
    registrations: Vec<PlannedRegistration>,
}

/// A cost line; payout references are numbered once all are known, in payment order.
struct PlannedCost {
    prefix: String,
    paid_at: Option<DateTime<Utc>>,
    line: cost_line::ActiveModel,
}

struct TicketChoice {
    id: i32,
    price_cents: i64,
    eligibility: TicketEligibility,
}

struct RegistrationContext<'a> {
    region: &'a RegionIds,
    event_id: i32,
    past: bool,
    /// Registrations were made before this day.
    window_until: NaiveDate,
    tickets: &'a [TicketChoice],
    check_in_sessions: &'a [&'a event_session::Model],
    check_in_method: CheckIn,
}

struct Writer<'a> {
    db: &'a WriteTransaction,
    people: &'a plan::People,
    today: NaiveDate,
    rng: SplitMix64,
    /// When the directory "started": three years back, before any past event.
    history_start: DateTime<Utc>,
    summary: DemoSummary,
    municipalities: Vec<municipality::Model>,
    emails: HashSet<String>,
    names: HashSet<String>,
    /// The named people (staff who sign in) by e-mail address.
    named: HashMap<String, i32>,
    attendees: Vec<Attendee>,
    trainer_names: HashMap<i32, String>,
    event_slugs: HashSet<(i32, String)>,
    costs: Vec<PlannedCost>,
    orders: Vec<PlannedOrder>,
    /// Waitlisted registrations: nothing was bought yet, so they have no order.
    without_order: Vec<PlannedRegistration>,
}

impl<'a> Writer<'a> {
    fn new(db: &'a WriteTransaction, people: &'a plan::People, today: NaiveDate) -> Self {
        Writer {
            db,
            people,
            today,
            rng: SplitMix64(0x4249_5A20_4C65_6572 ^ u64::from(today.num_days_from_ce().unsigned_abs())),
            history_start: at(today - TimeDelta::days(3 * 365), 9, 0),
            summary: DemoSummary::default(),
            municipalities: Vec::new(),
            emails: HashSet::new(),
            names: HashSet::new(),
            named: HashMap::new(),
            attendees: Vec::new(),
            trainer_names: HashMap::new(),
            event_slugs: HashSet::new(),
            costs: Vec::new(),
            orders: Vec::new(),
            without_order: Vec::new(),
        }
    }

    // --- directory --------------------------------------------------------

    fn nis_of(&self, name: &str) -> Option<i32> {
        self.municipalities.iter().find(|m| m.name_nl == name).map(|m| m.nis_code)
    }

    async fn organiser(&mut self, o: &plan::Organiser) -> Result<RegionIds, DemoError> {
        let enterprise_number = domain::EnterpriseNumber::parse(&o.enterprise_number)
            .map_err(|e| DemoError::Invalid(format!("enterprise number {:?}: {e}", o.enterprise_number)))?;
        let slug = Slug::parse(&o.slug).map_err(|e| DemoError::Invalid(format!("organiser slug {:?}: {e}", o.slug)))?;
        let email =
            Email::parse(&o.email).map_err(|e| DemoError::Invalid(format!("organiser e-mail {:?}: {e}", o.email)))?;
        let model = organiser::ActiveModel {
            slug: Set(slug.as_str().to_string()),
            name: Set(o.name.clone()),
            short_name: Set(o.short_name.clone()),
            description: Set(o.description.clone()),
            email: Set(email.as_str().to_string()),
            phone: Set(o.phone.clone()),
            website: Set(o.website.clone()),
            enterprise_number: Set(Some(enterprise_number.digits())),
            street: Set(Some(o.street.clone())),
            postcode: Set(Some(o.postcode.clone())),
            city: Set(Some(o.city.clone())),
            iban: Set(Some(o.iban.clone())),
            vat_mode: Set(o.vat_mode.clone()),
            created_at: Set(self.history_start),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        self.summary.organisers += 1;
        Ok(RegionIds { id: model.id, prefix: o.reference_prefix.clone(), door_staff: 0 })
    }

    /// The organisations of a file, their people and (for an organiser) its partnerships.
    async fn directory(&mut self, dir: DirectoryRef<'_>, organiser_id: Option<i32>) -> Result<(), DemoError> {
        let people = self.people;
        let surnames = people
            .surnames
            .get(dir.surnames)
            .ok_or_else(|| DemoError::Invalid(format!("no surnames {:?} in people.toml", dir.surnames)))?;

        // The organisations, in the order listed (an OCMW entry stands for several).
        let mut listed: Vec<Listed> = Vec::new();
        for entry in dir.organisation {
            match entry {
                OrganisationEntry::One(o) => {
                    let nis = self.nis_of(&o.city);
                    let org = self.organisation(&o.name, o.kind, nis, Some(&o.city), &o.mail_domain).await?;
                    let staff = o.staff.iter().map(|s| (s.role, s.title.clone())).collect();
                    listed.push(Listed { org, partner: o.partner, staff, ocmw_team: false });
                }
                OrganisationEntry::Ocmws(block) => {
                    for name in &block.ocmws_in {
                        if self.nis_of(name).is_none() {
                            return Err(DemoError::Invalid(format!("no municipality {name:?}")));
                        }
                    }
                    let found: Vec<municipality::Model> = self
                        .municipalities
                        .iter()
                        .filter(|m| {
                            block.ocmws_in_arrondissements.contains(&m.arrondissement_nis)
                                || block.ocmws_in.contains(&m.name_nl)
                        })
                        .cloned()
                        .collect();
                    for m in found {
                        let org = self
                            .organisation(
                                &format!("OCMW {}", m.name_nl),
                                OrganisationKind::Ocmw,
                                Some(m.nis_code),
                                Some(&m.name_nl),
                                &format!("ocmw-{}.test", mail_part(&m.name_nl, true)),
                            )
                            .await?;
                        let size = block.larger_teams.get(&m.name_nl).copied().unwrap_or(block.team_size);
                        listed.push(Listed {
                            org,
                            partner: block.partner,
                            staff: self.ocmw_team(size)?,
                            ocmw_team: true,
                        });
                    }
                }
            }
        }
        if organiser_id.is_none() && listed.iter().any(|l| l.partner) {
            return Err(DemoError::Invalid("a partner in a file without an organiser".into()));
        }
        let find = |name: &str| {
            listed
                .iter()
                .find(|l| l.org.name == name)
                .ok_or_else(|| DemoError::Invalid(format!("no organisation {name:?} in the file")))
        };

        // The named people first, so no invented person takes their name.
        for p in dir.person {
            let at = find(&p.organisation)?.org.id;
            let id = self.person(&p.name, &p.email, p.phone.as_deref(), &p.job_title, Some(at)).await?;
            self.named.insert(p.email.clone(), id);
        }
        // Invented staff: the OCMW teams first, then the others in the order listed.
        let partner_of = |l: &Listed| if l.partner { organiser_id } else { None };
        for l in listed.iter().filter(|l| l.ocmw_team).chain(listed.iter().filter(|l| !l.ocmw_team)) {
            self.staff_of(&l.org, partner_of(l), surnames, &l.staff).await?;
        }
        for group in dir.individuals {
            for _ in 0..group.count {
                let (person_id, name, email) =
                    self.invent_person(surnames, &group.mail_domain, &group.job_title, None).await?;
                self.attendees.push(Attendee {
                    person_id,
                    name,
                    email,
                    organisation_id: None,
                    organisation_kind: None,
                    organisation_name: group.school.clone(),
                    partner_of: None,
                    role: group.role,
                });
            }
        }
        if let Some(v) = dir.volunteers {
            let hosts = v.hosts.iter().map(|h| find(h).map(|l| &l.org)).collect::<Result<Vec<_>, _>>()?;
            if hosts.is_empty() && v.count > 0 {
                return Err(DemoError::Invalid("volunteers without hosts".into()));
            }
            for i in 0..v.count {
                let host = hosts[i % hosts.len()];
                self.staff_of(host, organiser_id, surnames, &[(Role::Volunteer, v.job_title.clone())]).await?;
            }
        }
        if let Some(id) = organiser_id {
            let partners: Vec<&OrgRef> = listed.iter().filter(|l| l.partner).map(|l| &l.org).collect();
            if !partners.is_empty() {
                self.partnerships(id, &partners).await?;
            }
        }
        Ok(())
    }

    /// An OCMW's debt counsellors: a team lead and `size - 1` workers.
    fn ocmw_team(&self, size: usize) -> Result<Vec<(Role, String)>, DemoError> {
        let titles = &self.people.ocmw_team;
        let mut roles = vec![(Role::Lead, titles.lead.clone())];
        for i in 1..size {
            let title = titles
                .workers
                .get((i - 1) % titles.workers.len().max(1))
                .ok_or_else(|| DemoError::Invalid("people.toml: no worker titles".into()))?;
            roles.push((Role::Worker, title.clone()));
        }
        Ok(roles)
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

    async fn partnerships(&mut self, organiser_id: i32, partners: &[&OrgRef]) -> Result<(), DemoError> {
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
        surnames: &[String],
        domain: &str,
        job_title: &str,
        organisation_id: Option<i32>,
    ) -> Result<(i32, String, String), DemoError> {
        let first_names = &self.people.first_names;
        for _ in 0..200 {
            let first = self.rng.pick(first_names).map(String::as_str).unwrap_or("An");
            let last = self.rng.pick(surnames).map(String::as_str).unwrap_or("Peeters");
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
        surnames: &[String],
        roles: &[(Role, String)],
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

    // --- venues, trainers and the programme -----------------------------------

    async fn venue(&mut self, region: &RegionIds, v: &plan::Venue) -> Result<i32, DemoError> {
        let model = venue::ActiveModel {
            organiser_id: Set(region.id),
            name: Set(v.name.clone()),
            street: Set(v.street.clone()),
            postcode: Set(v.postcode.clone()),
            city: Set(v.city.clone()),
            directions: Set(Some(v.directions.clone())),
            wheelchair_accessible: Set(v.wheelchair_accessible),
            created_at: Set(self.history_start),
            ..Default::default()
        }
        .insert(self.db)
        .await?;
        Ok(model.id)
    }

    async fn trainer(&mut self, region: &RegionIds, t: &plan::Trainer) -> Result<i32, DemoError> {
        let email = t
            .email
            .as_deref()
            .map(|e| Email::parse(e).map_err(|err| DemoError::Invalid(format!("trainer {}: {e}: {err}", t.name))))
            .transpose()?;
        let invalid = |what: &str, err: String| DemoError::Invalid(format!("trainer {}: {what}: {err}", t.name));
        let mut model = trainer::ActiveModel {
            organiser_id: Set(region.id),
            full_name: Set(t.name.clone()),
            affiliation: Set(t.affiliation.clone()),
            email: Set(email.map(|e| e.as_str().to_string())),
            bio: Set(Some(t.bio.clone())),
            created_at: Set(self.history_start),
            ..Default::default()
        };
        if let Some(p) = &t.payment {
            // Kept as the admin's form keeps them: parsed, then in their canonical form.
            let iban = domain::Iban::parse(&p.iban).map_err(|e| invalid(&p.iban, format!("{e:?}")))?;
            let bic = p
                .bic
                .as_deref()
                .map(|b| domain::Bic::parse(b).map_err(|e| invalid(b, format!("{e:?}"))))
                .transpose()?;
            let enterprise = p
                .enterprise_number
                .as_deref()
                .map(|n| domain::EnterpriseNumber::parse(n).map_err(|e| invalid(n, format!("{e:?}"))))
                .transpose()?;
            model.street = Set(Some(p.street.clone()));
            model.postcode = Set(Some(p.postcode.clone()));
            model.city = Set(Some(p.city.clone()));
            model.iban = Set(Some(iban.as_str().to_string()));
            model.bic = Set(bic.map(|b| b.as_str().to_string()));
            model.vat_status = Set(Some(p.vat_status));
            model.enterprise_number = Set(enterprise.map(|n| n.digits()));
        }
        let model = model.insert(self.db).await?;
        self.trainer_names.insert(model.id, t.name.clone());
        Ok(model.id)
    }

    async fn programme(
        &mut self,
        region: &plan::Region,
        ids: &RegionIds,
        questions: &BTreeMap<EventKind, Vec<plan::QuestionPlan>>,
    ) -> Result<(), DemoError> {
        let mut venues: HashMap<&str, i32> = HashMap::new();
        for v in &region.venue {
            venues.insert(&v.name, self.venue(ids, v).await?);
        }
        let mut trainers: HashMap<&str, i32> = HashMap::new();
        for t in &region.trainer {
            trainers.insert(&t.name, self.trainer(ids, t).await?);
        }
        let mut first_days: HashMap<&str, NaiveDate> = HashMap::new();
        for e in &region.event {
            let invalid = |why: String| DemoError::Invalid(format!("{}: {why}", e.title));
            let from = match &e.first_day.from_event {
                Some(key) => {
                    *first_days.get(key.as_str()).ok_or_else(|| invalid(format!("no earlier event {key:?}")))?
                }
                None => self.today,
            };
            let first = on_or_after(from + TimeDelta::weeks(e.first_day.weeks), e.first_day.weekday);
            let days = series(first, e.days.max(1), e.weeks_between_days);
            if let Some(key) = &e.key {
                first_days.insert(key, first);
            }
            let attendance = self.participants(region, ids.id, e)?;
            let plan = self.event_plan(e, &days, &venues, &trainers, questions, attendance)?;
            self.add_event(ids, plan).await?;
        }
        Ok(())
    }

    /// The participants of an event, drawn from its groups.
    fn participants(
        &mut self,
        region: &plan::Region,
        organiser_id: i32,
        e: &plan::Event,
    ) -> Result<Attendance, DemoError> {
        let mut attendance = Attendance::default();
        for d in &e.participants {
            let mut pool = self.group(region, organiser_id, &d.group)?;
            if let Some(guests) = &d.guests {
                let mut extra = self.group(region, organiser_id, &guests.group)?;
                self.rng.shuffle(&mut extra);
                pool.extend(extra.into_iter().take(guests.count));
            }
            let drawn =
                self.draw(&format!("{}: {}", e.title, d.group), pool, d.confirmed, d.waitlisted, d.cancelled)?;
            attendance.confirmed.extend(drawn.confirmed);
            attendance.waitlisted.extend(drawn.waitlisted);
            attendance.cancelled.extend(drawn.cancelled);
        }
        Ok(attendance)
    }

    /// The people of a group of the file, in the order they were invented.
    fn group(&self, region: &plan::Region, organiser_id: i32, name: &str) -> Result<Vec<Attendee>, DemoError> {
        let filters = region.groups.get(name).ok_or_else(|| DemoError::Invalid(format!("no group {name:?}")))?;
        let matches = |f: &plan::Filter, a: &Attendee| {
            (f.roles.is_empty() || f.roles.contains(&a.role))
                && f.partner.is_none_or(|p| match p {
                    plan::Partnership::Ours => a.partner_of == Some(organiser_id),
                    plan::Partnership::Elsewhere => a.partner_of.is_some_and(|o| o != organiser_id),
                    plan::Partnership::None => a.partner_of.is_none(),
                })
                && f.kind.is_none_or(|k| a.organisation_kind == Some(k))
                && f.organisation.as_deref().is_none_or(|n| a.organisation_name.as_deref() == Some(n))
        };
        Ok(self.attendees.iter().filter(|a| filters.iter().any(|f| matches(f, a))).cloned().collect())
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

    /// Resolves an event of the file: its title's placeholders, dates, venues and trainers.
    fn event_plan(
        &self,
        e: &plan::Event,
        days: &[NaiveDate],
        venues: &HashMap<&str, i32>,
        trainers: &HashMap<&str, i32>,
        questions: &BTreeMap<EventKind, Vec<plan::QuestionPlan>>,
        attendance: Attendance,
    ) -> Result<EventPlan, DemoError> {
        let invalid = |why: String| DemoError::Invalid(format!("{}: {why}", e.title));
        let first = days.first().copied().unwrap_or(self.today);
        let programme = programme_year(self.today);
        let title = e
            .title
            .replace("{year}", &first.year().to_string())
            .replace("{half_year}", &half_year(first))
            .replace("{programme_year}", &programme.to_string())
            .replace("{previous_programme_year}", &(programme - 1).to_string());
        let mut sessions = Vec::new();
        for s in &e.session {
            let date = s
                .day
                .checked_sub(1)
                .and_then(|i| days.get(i))
                .copied()
                .ok_or_else(|| invalid(format!("session {:?} on day {} of {}", s.title, s.day, days.len())))?;
            let (start, end) = s
                .time
                .split_once('-')
                .and_then(|(start, end)| Some((clock(start)?, clock(end)?)))
                .ok_or_else(|| invalid(format!("time {:?} is not like 09:30-12:30", s.time)))?;
            let venue = *venues.get(s.venue.as_str()).ok_or_else(|| invalid(format!("no venue {:?}", s.venue)))?;
            sessions.push(SessionPlan {
                title: s.title.clone(),
                description: s.description.clone(),
                track: s.track.clone(),
                date,
                start,
                end,
                venue,
                capacity: s.capacity,
            });
        }
        let tickets = e
            .ticket
            .iter()
            .map(|t| TicketPlan {
                name: t.name.clone(),
                description: t.description.clone(),
                price: Money::from_euros(t.price),
                eligibility: t.eligibility,
            })
            .collect();
        let mut event_trainers = Vec::new();
        for t in &e.trainer {
            let trainer_id =
                *trainers.get(t.name.as_str()).ok_or_else(|| invalid(format!("no trainer {:?}", t.name)))?;
            let session = match &t.session {
                Some(title) => Some(
                    e.session
                        .iter()
                        .position(|s| &s.title == title)
                        .ok_or_else(|| invalid(format!("no session {title:?}")))?,
                ),
                None => None,
            };
            event_trainers.push(TrainerPlan { trainer_id, role: t.role, fee: Money::from_euros(t.fee), session });
        }
        let mut costs = Vec::new();
        for c in &e.cost {
            let category = domain::finances::CostCategory::parse(&c.category)
                .ok_or_else(|| invalid(format!("no cost category {:?}", c.category)))?;
            costs.push(CostPlan {
                category: category.code().to_string(),
                description: c.description.clone(),
                payee: c.payee.clone(),
                budget: Money::from_euros(c.budget),
            });
        }
        let opens_at = match &e.registration_opens {
            Some(o) => {
                let (hour, minute) = clock(&o.at).ok_or_else(|| invalid(format!("{:?} is not like 09:00", o.at)))?;
                Some(at(self.today + TimeDelta::days(o.days), hour, minute))
            }
            None => None,
        };
        let asked =
            questions.get(&e.kind).ok_or_else(|| invalid(format!("questions.toml has no {}", e.kind.code())))?;
        Ok(EventPlan {
            kind: e.kind,
            title,
            summary: e.summary.clone(),
            description: e.description.clone(),
            theme: e.theme.clone(),
            audience: e.audience,
            capacity: e.capacity,
            group_max_participants: e.group_max_participants,
            sessions,
            tickets,
            trainers: event_trainers,
            costs,
            closes_days_before: e.closes_days_before,
            cancellation_days_before: e.cancellation_days_before,
            opens_at,
            published_days_before: e.published_days_before,
            questions: question_set(asked)?,
            attendance,
            check_in_method: e.check_in,
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

    async fn add_event(&mut self, region: &RegionIds, plan: EventPlan) -> Result<i32, DemoError> {
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
        let theme_slug = match &plan.theme {
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
            status: Set(EventStatus::Published),
            title: Set(plan.title.clone()),
            summary: Set(plan.summary.clone()),
            description: Set(plan.description.clone()),
            theme: Set(plan.theme.clone()),
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
            questions: Set(plan.questions.clone()),
            group_max_participants: Set(plan.group_max_participants),
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
                track: Set(s.track.clone()),
                starts_at: Set(at(s.date, s.start.0, s.start.1)),
                ends_at: Set(at(s.date, s.end.0, s.end.1)),
                venue_id: Set(Some(s.venue)),
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
                name: Set(t.name.clone()),
                description: Set(t.description.clone()),
                price_cents: Set(t.price.cents()),
                eligibility: Set(t.eligibility.code().to_string()),
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
                role: Set(t.role.code().to_string()),
                fee_cents: Set(t.fee.cents()),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            if !t.fee.is_zero() {
                let name = self.trainer_names.get(&t.trainer_id).cloned().unwrap_or_default();
                costs.push((
                    CostPlan {
                        category: domain::finances::CostCategory::Trainer.code().to_string(),
                        description: format!("Honorarium {name}"),
                        payee: Some(name),
                        budget: t.fee,
                    },
                    Some(t.trainer_id),
                ));
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
                    (Some(actual), CostStatus::Paid, Some(paid_at))
                } else {
                    (Some(actual), CostStatus::Approved, None)
                }
            } else {
                (None, CostStatus::Planned, None)
            };
            self.costs.push(PlannedCost {
                prefix: region.prefix.clone(),
                paid_at,
                line: cost_line::ActiveModel {
                    event_id: Set(event.id),
                    category: Set(c.category),
                    description: Set(c.description),
                    payee: Set(c.payee),
                    trainer_id: Set(trainer_id),
                    budget_cents: Set(c.budget.cents()),
                    actual_cents: Set(actual),
                    status: Set(status),
                    paid_at: Set(paid_at),
                    payout_reference: Set(None),
                    created_at: Set(created_at),
                    // Approved (by nobody known) at the amount agreed, when the line was made.
                    approved_cents: Set(actual.filter(|_| status != CostStatus::Planned)),
                    approved_at: Set((status != CostStatus::Planned).then_some(created_at)),
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
                    status: RegistrationStatus::Cancelled,
                    price_cents: ticket.1,
                    created_at,
                    cancelled_at: Some(cancelled_at),
                    check_ins: Vec::new(),
                };
                // A cancelled registration keeps its own order, cancelled before it was invoiced.
                let method = if ticket.1 == 0 { PaymentMethod::Free } else { PaymentMethod::Invoice };
                self.orders.push(PlannedOrder {
                    organiser_id: cx.region.id,
                    prefix: cx.region.prefix.clone(),
                    event_id: cx.event_id,
                    created_at,
                    updated_at: cancelled_at,
                    buyer_person_id: attendee.person_id,
                    billing_organisation_id: attendee.organisation_id,
                    payment_method: method,
                    status: OrderStatus::Cancelled,
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
                status: RegistrationStatus::Confirmed,
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
            let po_reference = (payment_method == PaymentMethod::Invoice
                && buyer.organisation_kind == Some(OrganisationKind::Ocmw)
                && self.rng.chance(60))
            .then(|| format!("BB-{}-{:04}", created_at.year(), 100 + self.rng.below(9000)));
            // Invoices of past events were paid some weeks later.
            let mut updated_at = created_at;
            if payment_method == PaymentMethod::Invoice && status == OrderStatus::Paid {
                let paid = created_at + TimeDelta::days(14 + self.rng.below(21) as i64);
                if paid < at(self.today, 0, 0) {
                    updated_at = paid;
                }
            }
            self.orders.push(PlannedOrder {
                organiser_id: cx.region.id,
                prefix: cx.region.prefix.clone(),
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
                status: RegistrationStatus::Waitlisted,
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
                TicketEligibility::Partners => is_partner,
                TicketEligibility::Externals => !is_partner,
                TicketEligibility::Everyone => true,
            })
            .map(|t| (t.id, t.price_cents))
            .ok_or_else(|| DemoError::Invalid(format!("event {}: no ticket type for {}", cx.event_id, attendee.name)))
    }

    /// How an order is paid: OCMWs are public bodies and want an invoice; people
    /// without an organisation pay online; others do either.
    fn payment(&mut self, kind: Option<OrganisationKind>, total: i64, past: bool) -> (PaymentMethod, OrderStatus) {
        let invoice_status = if past { OrderStatus::Paid } else { OrderStatus::Pending };
        match kind {
            _ if total == 0 => (PaymentMethod::Free, OrderStatus::Paid),
            None => (PaymentMethod::Online, OrderStatus::Paid),
            Some(OrganisationKind::Ocmw) => (PaymentMethod::Invoice, invoice_status),
            Some(_) if self.rng.chance(50) => (PaymentMethod::Online, OrderStatus::Paid),
            Some(_) => (PaymentMethod::Invoice, invoice_status),
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
                CheckIn::Scan => session.starts_at - TimeDelta::minutes(self.rng.below(30) as i64),
                // Ticked on the list when the meeting starts.
                CheckIn::List => session.starts_at,
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
        let mut numbers: HashMap<(String, i32), u32> = HashMap::new();
        let mut tickets = Vec::new();
        let mut check_ins = Vec::new();
        for planned in orders {
            let year = store::time::to_local(planned.created_at).year();
            let number = numbers.entry((planned.prefix.clone(), year)).or_insert(0);
            *number += 1;
            let total: i64 = planned.registrations.iter().map(|r| r.price_cents).sum();
            let order = order::ActiveModel {
                organiser_id: Set(planned.organiser_id),
                event_id: Set(planned.event_id),
                reference: Set(format!("{}-{year}-{:05}", planned.prefix, number)),
                buyer_person_id: Set(Some(planned.buyer_person_id)),
                billing_organisation_id: Set(planned.billing_organisation_id),
                payment_method: Set(planned.payment_method),
                status: Set(planned.status),
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
            if planned.payment_method == PaymentMethod::Invoice
                && let Some(invoice_id) = store::invoices::issue_invoice(self.db, order.id, planned.created_at).await?
                && planned.status == OrderStatus::Paid
            {
                store::invoices::settle_by_transfer(self.db, invoice_id, &order.reference, planned.updated_at).await?;
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
        let mut numbers: HashMap<(String, i32), u32> = HashMap::new();
        for (paid_at, i) in paid {
            let Some(cost) = costs.get_mut(i) else { continue };
            let year = store::time::to_local(paid_at).year();
            let number = numbers.entry((cost.prefix.clone(), year)).or_insert(0);
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
            status: Set(r.status),
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
        if r.status == RegistrationStatus::Confirmed {
            tickets.push(ticket::ActiveModel {
                registration_id: Set(model.id),
                // The same kind of code a real registration gets, so the demo's
                // tickets open on the ticket page and scan at the door.
                code: Set(store::accounts::new_secret()),
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
                method: Set(check_in_method(c.method)),
                checked_in_by: Set(Some(c.by)),
                ..Default::default()
            });
        }
        Ok(())
    }
}

/// `09:30` as hours and minutes.
fn clock(text: &str) -> Option<(u32, u32)> {
    let time = chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()?;
    Some((chrono::Timelike::hour(&time), chrono::Timelike::minute(&time)))
}

/// The questions of `questions.toml` for one kind of event, as the event stores them.
fn question_set(asked: &[plan::QuestionPlan]) -> Result<Option<String>, DemoError> {
    use domain::questions::{DIETS, Question, QuestionKind, QuestionSet};
    if asked.is_empty() {
        return Ok(None);
    }
    let questions: Vec<Question> = asked
        .iter()
        .zip(1..)
        .map(|(q, key)| Question {
            key,
            kind: q.kind,
            label: if q.label.is_empty() { q.kind.default_label().to_string() } else { q.label.clone() },
            required: q.required,
            options: if q.kind == QuestionKind::Diet {
                DIETS.iter().map(|d| d.to_string()).collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let set = QuestionSet { last_key: u32::try_from(questions.len()).unwrap_or(0), questions };
    serde_json::to_string(&set).map(Some).map_err(|e| DemoError::Invalid(e.to_string()))
}
