//! Tenant isolation, table-driven: every page, form post and server function,
//! asked by people of another organiser (or of none) about BIZ Kempen's data.
//! Others' organisers and ids do not exist for them: 404, never 403 (which
//! would confirm that the id exists). After all of it, Kempen's data is as it
//! was and no mail was queued.
//!
//! The table must stay complete: a test below fails when a page route, server
//! function or form route has no row.

use crate::accounts::sign_in;
use crate::helpers::TestApp;
use crate::on_both_databases;
use domain::{
    CostStatus, InvoiceStatus, OrderStatus, PaymentKind, PaymentMethod, PaymentProvider, PaymentStatus,
    RegistrationStatus,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use store::entities::{
    audit_entry, cost_line, event, event_session, mail_outbox, membership, organisation, organiser, partnership,
    person, registration, ticket_type, trainer, venue,
};

/// The same table's routes, fed garbage.
mod garbage;

const KEMPEN: &str = "biz-kempen";
const NWVL: &str = "biz-noord-west-vlaanderen";
/// Only Kempen's back office may ever show these.
const SECRET_TITLE: &str = "Geheime vorming Kempen";
const SECRET_EMAIL: &str = "geheim-adres@ocmw-geel.test";
const KEMPEN_STAFF_EMAIL: &str = "tabitha.tanghe@cawdekempen.test";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    KempenAdmin,
    KempenStaff,
    KempenTrainer,
    /// A door volunteer: may check people in at Kempen's published events, nothing else.
    KempenScanner,
    NwvlStaff,
    NwvlAdmin,
    Participant,
    /// Decides on proposals for shared organisations; runs no organiser.
    Platform,
    /// OCMW Geel's coordinator (Kempen's partner): sees her own organisation's report.
    Coordinator,
}

use Who::*;

impl Who {
    const SIGNED_IN: [Who; 9] = [
        KempenAdmin,
        KempenStaff,
        KempenTrainer,
        KempenScanner,
        NwvlStaff,
        NwvlAdmin,
        Participant,
        Platform,
        Coordinator,
    ];

    fn email(self) -> Option<&'static str> {
        match self {
            Anonymous => None,
            KempenAdmin => Some("hanne.laenen@cawdekempen.test"),
            KempenStaff => Some(KEMPEN_STAFF_EMAIL),
            KempenTrainer => Some("alexander.exelmans@cawdekempen.test"),
            KempenScanner => Some(demo::DEMO_DOOR_VOLUNTEER),
            NwvlStaff => Some("jens.jaecques@cawnoordwestvlaanderen.test"),
            NwvlAdmin => Some("elisa.demeulaere@cawnoordwestvlaanderen.test"),
            Participant => Some("els.peeters@ocmw-mol.test"),
            Platform => Some(demo::DEMO_PLATFORM_ADMIN),
            Coordinator => Some("griet.geudens@ocmw-geel.test"),
        }
    }

    /// Kempen's own back office may see Kempen's data; nobody else may.
    fn runs_kempen(self) -> bool {
        matches!(self, KempenAdmin | KempenStaff)
    }
}

type Fields = Vec<(&'static str, String)>;

#[derive(Clone, Debug)]
enum Send {
    /// A page (or JSON API) GET.
    Get,
    /// A form post, with the form token of the sender's own session unless `token` is off.
    Form(Fields),
    /// A server function with URL-encoded arguments, as its client sends them.
    Function(Fields),
    /// A server function with JSON arguments.
    FunctionJson(serde_json::Value),
    /// A JSON API call with the API token of the sender's organiser (Kempen's
    /// admin: Kempen's token; NWVL's admin: NWVL's; anyone else: none).
    Api(&'static str, Option<serde_json::Value>),
}

#[derive(Clone, Debug)]
struct Case {
    who: Who,
    path: String,
    send: Send,
    /// Form posts carry the sender's own (valid) form token unless this is off.
    token: bool,
    /// Sent with `Origin: https://evil.test`.
    elsewhere: bool,
    status: u16,
    /// Where a redirect must go (a prefix); empty when the answer is no redirect.
    location: &'static str,
    /// Text that must not be in the answer, besides Kempen's secrets.
    hides: &'static str,
    /// Text that must be in the answer.
    says: &'static str,
}

impl Case {
    fn new(who: Who, path: impl Into<String>, send: Send) -> Case {
        Case {
            who,
            path: path.into(),
            send,
            token: true,
            elsewhere: false,
            status: 0,
            location: "",
            hides: "",
            says: "",
        }
    }

    fn is(mut self, status: u16) -> Case {
        self.status = status;
        self
    }

    fn redirects_to(mut self, location: &'static str) -> Case {
        self.status = 303;
        self.location = location;
        self
    }

    /// Anonymous: a form post goes to the sign-in page.
    fn goes_to_sign_in(self) -> Case {
        self.redirects_to("/aanmelden")
    }

    fn hiding(mut self, text: &'static str) -> Case {
        self.hides = text;
        self
    }

    /// A form refused at a field: the answer names the reason.
    fn refused_with(mut self, message: &'static str) -> Case {
        self.says = message;
        self.is(422)
    }

    /// Text that must be in the answer (a control: the right page).
    fn saying(mut self, text: &'static str) -> Case {
        self.says = text;
        self
    }

    /// The rightful owner, tricked: the form without its token.
    fn without_token(mut self) -> Case {
        self.token = false;
        self.is(403)
    }

    /// The rightful owner, tricked: sent from another site (with a valid token).
    fn sent_from_elsewhere(mut self) -> Case {
        self.elsewhere = true;
        self.is(403)
    }

    fn method(&self) -> &'static str {
        match self.send {
            Send::Get => "GET",
            Send::Api(method, _) => method,
            _ => "POST",
        }
    }
}

fn get(who: Who, path: impl Into<String>) -> Case {
    Case::new(who, path, Send::Get)
}
fn post(who: Who, path: impl Into<String>, fields: &Fields) -> Case {
    Case::new(who, path, Send::Form(fields.clone()))
}
fn call(who: Who, endpoint: &str, args: &[(&'static str, &str)]) -> Case {
    let args = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
    Case::new(who, format!("/api/{endpoint}"), Send::Function(args))
}
fn api(who: Who, method: &'static str, path: impl Into<String>, body: Option<serde_json::Value>) -> Case {
    Case::new(who, format!("/api/v1{}", path.into()), Send::Api(method, body))
}
fn call_json(who: Who, endpoint: &str, args: serde_json::Value) -> Case {
    Case::new(who, format!("/api/{endpoint}"), Send::FunctionJson(args))
}

fn fields(pairs: &[(&'static str, &str)]) -> Fields {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// Kempen's ids that the table aims at.
struct Targets {
    /// A draft with a session: publishing it would succeed.
    draft: i32,
    draft_slug: String,
    /// A published, upcoming event with registrations: cancelling it would mail them.
    live: i32,
    /// Its first session, where the door scans.
    live_session: i32,
    /// The surname of its confirmed registration's attendee, and their e-mail address.
    attendee_surname: &'static str,
    attendee_email: &'static str,
    /// A partner organisation of Kempen (and not of NWVL).
    partner: i32,
    /// Kempen's staff member's role.
    membership: i32,
    venue: i32,
    trainer: i32,
    /// One of Kempen's API tokens, and a registration of the live event.
    api_token: i32,
    registration: i32,
    kempen_secret: String,
    nwvl_secret: String,
    /// An invoice of Kempen's (open: marking it paid would change it).
    invoice: i32,
    /// A cost line of the draft (in its books, for Kempen's admins only).
    cost_line: i32,
    /// An order of Kempen's with a flagged online payment (refunding it would change it).
    flagged_order: i32,
    /// An open SEPA payment file of Kempen's (cancelling it would change it).
    payment_file: i32,
    /// An organisation the coordinator does not coordinate (the participant's OCMW Mol).
    other_organisation: i32,
}

/// A complete, valid event form (so that only authorisation can stop it).
fn event_form(title: &str) -> Fields {
    fields(&[
        ("actie", "opslaan"),
        ("titel", title),
        ("soort", "training_day"),
        ("samenvatting", "Een dag over schuldhulp."),
        ("beschrijving", "Met casussen."),
        ("doelpubliek", "public"),
        ("capaciteit", "20"),
        ("sessie-0-datum", "2027-02-04"),
        ("sessie-0-van", "13:30"),
        ("sessie-0-tot", "16:30"),
        ("sessie-0-locatie", ""),
        ("ticket-0-naam", "Deelnemer"),
        ("ticket-0-prijs", "0"),
        ("ticket-0-voor", "everyone"),
    ])
}

fn with(mut form: Fields, extra: &[(&'static str, &str)]) -> Fields {
    for (key, value) in extra {
        form.retain(|(k, _)| k != key);
        form.push((key, value.to_string()));
    }
    form
}

/// The whole table. Rows by Kempen's own people are controls (they prove the
/// address and arguments are right, so a 404 elsewhere means "refused").
fn cases(t: &Targets) -> Vec<Case> {
    let (k, n) = (KEMPEN, NWVL);
    let draft = t.draft.to_string();
    let partner = t.partner.to_string();
    let kempen_event = format!("/beheer/{k}/activiteiten/{}", t.draft);
    let sideways_event = format!("/beheer/{n}/activiteiten/{}", t.draft);
    let kempen_partner = format!("/beheer/{k}/organisaties/{}", t.partner);
    let sideways_partner = format!("/beheer/{n}/organisaties/{}", t.partner);
    let kempen_invoice = format!("/beheer/{k}/facturen/{}", t.invoice);
    let sideways_invoice = format!("/beheer/{n}/facturen/{}", t.invoice);
    let kempen_refund = format!("/beheer/{k}/betalingen/{}/terugbetalen", t.flagged_order);
    let invoice = t.invoice.to_string();
    let mark_paid = fields(&[("actie", "betaald")]);
    let statement = fields(&[
        ("afschrift", "Datum;Bedrag;Tegenpartij;Mededeling\n20/11/2026;10,00;X;+++000/0000/09797+++"),
        ("bevestigen", "1"),
    ]);
    let kempen_revoke = format!("/beheer/{k}/mensen/{}/intrekken", t.membership);
    let sideways_revoke = format!("/beheer/{n}/mensen/{}/intrekken", t.membership);
    let publish = fields(&[("actie", "publiceren")]);
    let cancel = fields(&[("actie", "annuleren")]);
    let hijack = event_form("Gekaapt");
    let invite = fields(&[
        ("naam", "Indringer"),
        ("email", "indringer@example.test"),
        ("rol", "coordinator"),
        ("organisatie", &partner),
    ]);
    let rename = fields(&[("naam", "Gekaapt"), ("soort", "ocmw"), ("email", "indringer@example.test")]);
    let import = fields(&[("csv", "naam;straat\nOCMW Geel;Gekaapt 1\nNieuw Gekaapt;Straat 1"), ("bevestigen", "1")]);
    let nothing = Fields::new();
    let token_name = fields(&[("naam", "Gekaapt")]);
    let kempen_token_revoke = format!("/beheer/{k}/api/{}/intrekken", t.api_token);
    let retention = fields(&[("maanden", "6")]);
    let signatory = fields(&[("ondertekenaar", "Indringer"), ("functie", "Gekaapt")]);
    let erase = fields(&[("bevestigen", "ja")]);
    // Kempen's scanner is an outsider everywhere but at the door of a published event.
    let outsiders = [NwvlStaff, NwvlAdmin, KempenTrainer, KempenScanner, Participant];
    let strangers = [NwvlStaff, NwvlAdmin, KempenTrainer, Participant];
    let scan = fields(&[("sessie", "1"), ("ticket", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")]);
    let undo_scan = fields(&[("sessie", "1"), ("registratie", "1")]);
    let kempen_books = format!("{kempen_event}/financien");
    let sideways_books = format!("{sideways_event}/financien");
    let kempen_cost = format!("{kempen_books}/{}", t.cost_line);
    let sideways_cost = format!("{sideways_books}/{}", t.cost_line);
    let cost = fields(&[("soort", "other"), ("omschrijving", "Gekaapt"), ("budget", "0"), ("status", "planned")]);
    // The line's buttons post to its address: approving it, marking it paid.
    let approve = fields(&[("actie", "goedkeuren"), ("bedrag", "1400")]);
    let marked_paid = fields(&[("actie", "betaald"), ("referentie", "Gekaapt")]);
    let four_eyes = fields(&[("vier-ogen", "aan")]);
    let approve_claim = fields(&[("aanvraag", "1"), ("actie", "goedkeuren")]);
    let km_rate = fields(&[("km-tarief", "9")]);
    // A meeting document's details (an upload without its file is refused at the field).
    let document = fields(&[("titel", "Gekaapt"), ("soort", "agenda"), ("openbaar", "ja")]);

    let bank_details = fields(&[("iban", "BE68 5390 0754 7034"), ("bic", "GKCCBEBB")]);
    let pay_line = fields(&[("lijn", &t.cost_line.to_string()), ("uitvoeringsdatum", "2026-11-24")]);

    let mut rows = Vec::new();

    // Pages under Kempen's address: 404 for outsiders, 401 without a session.
    for path in [
        format!("/beheer/{k}"),
        format!("/beheer/{k}/activiteiten/nieuw"),
        kempen_event.clone(),
        format!("{kempen_event}/inschrijvingen"),
        format!("{kempen_event}/inchecken"),
        format!("/beheer/{k}/rapport"),
        format!("/beheer/{k}/rapport/organisaties/{}", t.partner),
        format!("/beheer/{k}/mensen"),
        format!("/beheer/{k}/privacy"),
        format!("/beheer/{k}/instellingen"),
        format!("/beheer/{k}/organisaties"),
        format!("/beheer/{k}/organisaties/importeren"),
        kempen_partner.clone(),
        format!("/beheer/{k}/facturen"),
        format!("/beheer/{k}/betalingen"),
        format!("/beheer/{k}/facturen/bankafschrift"),
        kempen_invoice.clone(),
        format!("{kempen_invoice}/pdf"),
        format!("{kempen_invoice}/ubl"),
        format!("{kempen_event}/dossier"),
        format!("{kempen_event}/dossier.pdf"),
        format!("{kempen_event}/documenten"),
    ] {
        rows.push(get(KempenStaff, &path).is(200));
        rows.extend(outsiders.map(|who| get(who, &path).is(404)));
        rows.push(get(Anonymous, &path).is(401));
    }
    // The API token page is for Kempen's admins only.
    let tokens_page = format!("/beheer/{k}/api");
    rows.push(get(KempenAdmin, &tokens_page).is(200));
    rows.push(get(KempenStaff, &tokens_page).is(404));
    rows.extend(outsiders.map(|who| get(who, &tokens_page).is(404)));
    rows.push(get(Anonymous, &tokens_page).is(401));
    // The books are for Kempen's admins only.
    for path in [format!("/beheer/{k}/financien"), kempen_books.clone(), kempen_cost.clone()] {
        rows.push(get(KempenAdmin, &path).is(200));
        rows.push(get(KempenStaff, &path).is(404).hiding("Geheim honorarium"));
        rows.extend(outsiders.map(|who| get(who, &path).is(404).hiding("Geheim honorarium")));
        rows.push(get(Anonymous, &path).is(401));
    }
    let books_csv = format!("/beheer/{k}/financien.csv");
    rows.push(get(KempenAdmin, &books_csv).is(200));
    rows.push(get(KempenStaff, &books_csv).is(404));
    rows.extend(outsiders.map(|who| get(who, &books_csv).is(404)));
    rows.push(get(Anonymous, &books_csv).goes_to_sign_in());
    // The books as files: the year's workbook, an event's costs (CSV) and workbook.
    for path in [format!("/beheer/{k}/financien.xlsx"), format!("{kempen_books}.csv"), format!("{kempen_books}.xlsx")] {
        rows.push(get(KempenAdmin, &path).is(200));
        rows.push(get(KempenStaff, &path).is(404));
        rows.extend(outsiders.map(|who| get(who, &path).is(404)));
        rows.push(get(Anonymous, &path).is(401));
    }
    // Trainers' bank accounts and payment files: Kempen's admins only.
    let kempen_trainer = format!("/beheer/{k}/lesgevers/{}", t.trainer);
    let sideways_trainer = format!("/beheer/{n}/lesgevers/{}", t.trainer);
    let payment_files = format!("/beheer/{k}/financien/overschrijvingen");
    let kempen_file = format!("{payment_files}/{}", t.payment_file);
    let sideways_file = format!("/beheer/{n}/financien/overschrijvingen/{}", t.payment_file);
    for path in [format!("/beheer/{k}/lesgevers"), kempen_trainer.clone(), payment_files.clone()] {
        rows.push(get(KempenAdmin, &path).is(200));
        rows.push(get(KempenStaff, &path).is(404).hiding("BE68"));
        rows.extend(outsiders.map(|who| get(who, &path).is(404).hiding("BE68")));
        rows.push(get(Anonymous, &path).is(401));
    }
    let file_xml = format!("{kempen_file}/xml");
    rows.push(get(KempenAdmin, &file_xml).is(200).saying("pain.001.001.09"));
    rows.push(get(KempenStaff, &file_xml).is(404));
    rows.extend(outsiders.map(|who| get(who, &file_xml).is(404)));
    rows.push(get(Anonymous, &file_xml).is(401));
    rows.push(get(NwvlAdmin, format!("{sideways_file}/xml")).is(404));
    rows.push(get(NwvlAdmin, &sideways_trainer).is(404));
    rows.push(get(NwvlAdmin, format!("/beheer/{n}/financien/overschrijvingen")).is(200).hiding(SECRET_TITLE));
    rows.push(get(NwvlAdmin, &sideways_books).is(404));
    rows.push(get(NwvlAdmin, &sideways_cost).is(404));
    rows.push(get(NwvlAdmin, format!("/beheer/{n}/financien")).is(200).hiding(SECRET_TITLE));
    // Kempen's ids under NWVL's own address: they do not exist there.
    rows.push(get(NwvlAdmin, &sideways_event).is(404));
    rows.push(get(NwvlAdmin, format!("{sideways_event}/inschrijvingen")).is(404));
    rows.push(get(NwvlAdmin, format!("{sideways_event}/inchecken")).is(404));
    // The report's CSV: a download, so no session means the sign-in page.
    let report_csv = format!("/beheer/{k}/rapport/organisaties.csv");
    rows.push(get(KempenStaff, &report_csv).is(200));
    rows.extend(outsiders.map(|who| get(who, &report_csv).is(404)));
    rows.push(get(Anonymous, &report_csv).goes_to_sign_in());
    // The report's other files: the workbook, a table's CSV, an organisation's workbook and CSV.
    for path in [
        format!("/beheer/{k}/rapport.xlsx"),
        format!("/beheer/{k}/rapport/per-activiteit.csv"),
        format!("/beheer/{k}/rapport/organisaties/{}/rapport.xlsx", t.partner),
        format!("/beheer/{k}/rapport/organisaties/{}/personen.csv", t.partner),
    ] {
        rows.push(get(KempenStaff, &path).is(200));
        rows.extend(outsiders.map(|who| get(who, &path).is(404)));
        rows.push(get(Anonymous, &path).goes_to_sign_in());
    }
    // The Flemish overview: platform admins only (404 for anyone else; without a
    // session the page asks to sign in, a download goes to the sign-in page).
    let everyone_else = [KempenAdmin, KempenStaff, KempenScanner, NwvlAdmin, Participant, Coordinator];
    for path in ["/overzicht", "/overzicht.xlsx", "/overzicht/per-organisator.csv", "/overzicht/per-regio.csv"] {
        let names_regions = path == "/overzicht" || path.contains("per-organisator");
        rows.push(get(Platform, path).is(200).saying(if names_regions { "BIZ" } else { "" }));
        rows.extend(everyone_else.map(|who| get(who, path).is(404)));
    }
    rows.push(get(Platform, "/overzicht/geheim.csv").is(404));
    rows.push(get(Anonymous, "/overzicht").is(401));
    rows.push(get(Anonymous, "/overzicht.xlsx").goes_to_sign_in());
    rows.push(get(Anonymous, "/overzicht/per-regio.csv").goes_to_sign_in());
    rows.push(call(Platform, "reports/platform", &[]).is(200));
    rows.extend(everyone_else.map(|who| call(who, "reports/platform", &[]).is(404)));
    rows.push(call(Anonymous, "reports/platform", &[]).is(401));
    rows.push(call(Platform, "reports/platform", &[]).sent_from_elsewhere());
    // A coordinator's own organisation: its coordinators only; another organisation is not there for her.
    let own = format!("/mijn/organisatie/{}", t.partner);
    let not_coordinators = [KempenAdmin, KempenStaff, NwvlAdmin, Participant, Platform];
    for path in [own.clone(), format!("{own}/rapport.xlsx"), format!("{own}/personen.csv")] {
        rows.push(get(Coordinator, &path).is(200));
        rows.extend(not_coordinators.map(|who| get(who, &path).is(404)));
    }
    let other = format!("/mijn/organisatie/{}", t.other_organisation);
    rows.push(get(Coordinator, &other).is(404));
    rows.push(get(Coordinator, format!("{other}/rapport.xlsx")).is(404));
    rows.push(get(Coordinator, format!("{other}/personen.csv")).is(404));
    rows.push(get(Anonymous, &own).is(401));
    rows.push(get(Anonymous, format!("{own}/rapport.xlsx")).goes_to_sign_in());
    rows.push(get(Anonymous, format!("{own}/per-organisator.csv")).goes_to_sign_in());
    let partner_id = t.partner.to_string();
    let other_id = t.other_organisation.to_string();
    rows.push(call(Coordinator, "reports/my-organisation", &[("organisation", partner_id.as_str())]).is(200));
    rows.push(call(Coordinator, "reports/my-organisation", &[("organisation", other_id.as_str())]).is(404));
    rows.extend(
        not_coordinators
            .map(|who| call(who, "reports/my-organisation", &[("organisation", partner_id.as_str())]).is(404)),
    );
    rows.push(call(Anonymous, "reports/my-organisation", &[("organisation", partner_id.as_str())]).is(401));
    rows.push(
        call(Coordinator, "reports/my-organisation", &[("organisation", partner_id.as_str())]).sent_from_elsewhere(),
    );
    // An organisation NWVL does not know (no partner, never registered): no page.
    rows.push(get(NwvlAdmin, format!("/beheer/{n}/rapport/organisaties/999999")).is(404));
    rows.push(get(NwvlAdmin, format!("/beheer/{n}/rapport/organisaties/999999/personen.csv")).is(404));
    rows.push(get(NwvlAdmin, &sideways_partner).is(404));
    rows.push(get(NwvlAdmin, &sideways_invoice).is(404));
    rows.push(get(NwvlAdmin, format!("{sideways_invoice}/pdf")).is(404));
    rows.push(get(NwvlAdmin, format!("{sideways_invoice}/ubl")).is(404));
    rows.push(get(NwvlAdmin, format!("/beheer/{n}/facturen/abc/pdf")).is(404));
    rows.push(get(NwvlAdmin, format!("/beheer/{n}/activiteiten/abc")).is(404));

    // The door of a published event: Kempen's staff, admins and scanner work it
    // (a scanner sees names, organisations and needs, never an e-mail address,
    // and no way to the participant list); nobody else. A draft's door is not
    // the scanner's (it stays 404 above, with the other back-office pages).
    let live_door = format!("/beheer/{k}/activiteiten/{}/inchecken", t.live);
    let live_session = t.live_session.to_string();
    let found = format!("{live_door}?sessie={live_session}&zoek={}", t.attendee_surname);
    let list_link = format!("/beheer/{k}/activiteiten/{}/inschrijvingen", t.live);
    for who in [KempenAdmin, KempenStaff, KempenScanner, Platform] {
        rows.push(get(who, &live_door).is(200));
    }
    rows.push(get(KempenScanner, &found).is(200).hiding(t.attendee_email).saying(t.attendee_surname));
    rows.push(get(KempenScanner, &live_door).is(200).hiding(Box::leak(list_link.into_boxed_str())));
    rows.push(get(KempenStaff, &found).is(200).saying(t.attendee_surname));
    rows.extend(strangers.map(|who| get(who, &live_door).is(404)));
    rows.extend(strangers.map(|who| get(who, &found).is(404).hiding(t.attendee_email)));
    rows.push(get(Anonymous, &live_door).is(401));
    rows.push(get(NwvlAdmin, live_door.replace(k, n)).is(404));
    // Its posts: a scan (of a code nobody has: nothing changes) and an undo
    // (of nothing), by the door's people; nobody else gets past the guards.
    let live_scan = fields(&[("sessie", &live_session), ("ticket", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), ("deur", "Ingang")]);
    let registration = t.registration.to_string();
    let live_undo = fields(&[("sessie", &live_session), ("registratie", &registration)]);
    let live_undo_path = format!("{live_door}/ongedaan");
    let scanned = format!("{live_door}?sessie={live_session}&deur=Ingang&uitkomst=unknown");
    let reopened = format!("{live_door}?sessie={live_session}");
    for (path, form, answer) in [(&live_door, &live_scan, scanned), (&live_undo_path, &live_undo, reopened)] {
        let answer: &'static str = Box::leak(answer.into_boxed_str());
        for who in [KempenAdmin, KempenStaff, KempenScanner] {
            rows.push(post(who, path, form).redirects_to(answer));
        }
        rows.extend(strangers.map(|who| post(who, path, form).is(404)));
        rows.push(post(Anonymous, path, form).goes_to_sign_in());
        rows.push(post(KempenScanner, path, form).without_token());
        rows.push(post(KempenScanner, path, form).sent_from_elsewhere());
        rows.push(post(NwvlAdmin, path.replace(k, n), form).is(404));
    }
    // Its loader, as the page's client calls it.
    let live_id = t.live.to_string();
    let live_args = [("organiser", k), ("event", live_id.as_str())];
    rows.push(call(KempenScanner, "scanner/door", &live_args).is(200).hiding("@"));
    rows.push(call(KempenStaff, "scanner/door", &live_args).is(200));
    rows.extend(strangers.map(|who| call(who, "scanner/door", &live_args).is(404)));
    rows.push(call(Anonymous, "scanner/door", &live_args).is(401));
    rows.push(call(KempenScanner, "scanner/door", &live_args).sent_from_elsewhere());
    // On /mijn, a door volunteer's list of doors: published events only, of their own organiser.
    rows.push(get(KempenScanner, "/mijn").is(200).saying("Aan de deur"));
    rows.push(call(KempenScanner, "account/doors", &[]).is(200).hiding(SECRET_TITLE));
    rows.push(call(KempenStaff, "account/doors", &[]).is(200));
    rows.push(call(NwvlAdmin, "account/doors", &[]).is(200).hiding("biz-kempen"));
    rows.push(call(Participant, "account/doors", &[]).is(200).hiding("biz-kempen"));
    rows.push(call(Anonymous, "account/doors", &[]).is(401));
    rows.push(call(KempenScanner, "account/doors", &[]).sent_from_elsewhere());

    // Pages for everyone: nothing of Kempen's back office shows.
    for who in [Anonymous, NwvlAdmin, Participant] {
        rows.push(get(who, "/").is(200));
        rows.push(get(who, "/regio").is(200));
        rows.push(get(who, format!("/regio/{k}")).is(200));
        rows.push(get(who, format!("/regio/{k}/{}", t.draft_slug)).is(404));
        // A draft takes no registrations, whoever asks.
        rows.push(get(who, format!("/regio/{k}/{}/inschrijven", t.draft_slug)).is(404));
        rows.push(get(who, format!("/regio/{k}/{}/ingeschreven", t.draft_slug)).is(200));
        rows.push(get(who, format!("/ticket/{}", "0".repeat(64))).is(404));
        // Payment pages are public: the 64-hex token in the address (known only
        // to the payer's browser and Stripe's redirect) is what opens them.
        rows.push(get(who, format!("/betaling/{}", "0".repeat(64))).is(404));
        rows.push(get(who, format!("/betaling/{}/geannuleerd", "0".repeat(64))).is(404));
        rows.push(get(who, format!("/betaling/{}/terug", "0".repeat(64))).is(404));
        rows.push(get(who, "/aanmelden").is(200));
        // A large group's confirmation: the token in the address confirms, by post only.
        rows.push(get(who, format!("/inschrijving/bevestigen/{}", "0".repeat(64))).is(200));
        // Without a session, /mijn offers to sign in.
        rows.push(get(who, "/mijn").is(200));
    }
    // An unknown sign-in link: a page that says so.
    rows.push(get(Anonymous, format!("/aanmelden/{}", "0".repeat(64))).is(200));
    rows.push(get(NwvlAdmin, "/beheer").is(200).hiding("/beheer/biz-kempen"));
    let proposals = "/beheer/organisaties/voorstellen";
    rows.push(get(Platform, proposals).is(200));
    for who in [KempenAdmin, KempenStaff, NwvlAdmin, NwvlStaff, KempenTrainer, KempenScanner, Participant] {
        rows.push(get(who, proposals).is(404));
    }
    rows.push(get(Anonymous, proposals).is(401));
    // Deciding on a proposal: an unknown one is 404 for platform admins (the
    // control: past every guard), 403 for everyone else.
    let decide = fields(&[("voorstel", "999999"), ("besluit", "aanvaarden")]);
    rows.push(post(Platform, proposals, &decide).is(404));
    for who in [KempenAdmin, KempenStaff, NwvlAdmin, NwvlStaff, KempenTrainer, KempenScanner, Participant] {
        rows.push(post(who, proposals, &decide).is(403));
    }
    rows.push(post(Anonymous, proposals, &decide).goes_to_sign_in());
    rows.push(post(Platform, proposals, &decide).without_token());
    rows.push(post(Platform, proposals, &decide).sent_from_elsewhere());
    rows.push(get(Participant, "/beheer").is(200).hiding("/beheer/biz-kempen"));
    rows.push(get(KempenScanner, "/beheer").is(200).hiding("/beheer/biz-kempen\""));
    rows.push(get(Anonymous, "/beheer").is(401));
    rows.push(get(KempenAdmin, format!("/beheer/{n}")).is(404));
    // The JSON API: drafts are nobody's business.
    rows.push(get(Anonymous, format!("/api/v1/events/{}", t.draft)).is(404));
    rows.push(get(NwvlAdmin, format!("/api/v1/events?organiser={k}&q=Geheime")).is(200));
    rows.push(get(Anonymous, "/api/v1/organisers").is(200));

    // Form posts under Kempen's address, with the sender's own valid token.
    let posts: Vec<(String, &Fields)> = vec![
        (format!("{kempen_event}/status"), &publish),
        (format!("/beheer/{k}/activiteiten/{}/status", t.live), &cancel),
        (format!("/beheer/{k}/activiteiten/nieuw"), &hijack),
        (kempen_event.clone(), &hijack),
        (format!("{kempen_event}/kopie"), &nothing),
        (format!("/beheer/{k}/mensen"), &invite),
        (kempen_revoke.clone(), &nothing),
        (format!("/beheer/{k}/organisaties/importeren"), &import),
        (kempen_partner.clone(), &rename),
        (format!("/beheer/{k}/api"), &token_name),
        (kempen_token_revoke.clone(), &nothing),
        (format!("/beheer/{k}/privacy"), &retention),
        (kempen_invoice.clone(), &mark_paid),
        (format!("/beheer/{k}/facturen/bankafschrift"), &statement),
        (kempen_refund.clone(), &nothing),
        (format!("{kempen_event}/inchecken"), &scan),
        (format!("{kempen_event}/inchecken/ongedaan"), &undo_scan),
        (kempen_books.clone(), &cost),
        (kempen_cost.clone(), &cost),
        (format!("{kempen_cost}/verwijderen"), &nothing),
        (format!("{kempen_cost}/uitbetalen"), &nothing),
        (kempen_cost.clone(), &approve),
        (kempen_cost.clone(), &marked_paid),
        (format!("/beheer/{k}/instellingen/vier-ogen"), &four_eyes),
        (format!("{kempen_event}/attesten"), &nothing),
        (format!("{kempen_event}/vrijgeven"), &nothing),
        (format!("/beheer/{k}/instellingen"), &signatory),
        (format!("/beheer/{k}/lesgevers/{}", t.trainer), &bank_details),
        (format!("/beheer/{k}/financien/overschrijvingen"), &pay_line),
        (format!("/beheer/{k}/financien/overschrijvingen/{}/annuleren", t.payment_file), &nothing),
        (format!("/beheer/{k}/financien/onkosten"), &approve_claim),
        (format!("/beheer/{k}/instellingen/km-tarief"), &km_rate),
        (format!("{kempen_event}/documenten"), &document),
        (format!("{kempen_event}/documenten/1/wijzigen"), &document),
        (format!("{kempen_event}/documenten/1/verwijderen"), &nothing),
    ];
    for (path, form) in &posts {
        rows.extend(outsiders.map(|who| post(who, path, form).is(404)));
        rows.push(post(Anonymous, path, form).goes_to_sign_in());
        // The rightful owner, tricked: no token, or sent from another site.
        rows.push(post(KempenAdmin, path, form).without_token());
        rows.push(post(KempenAdmin, path, form).sent_from_elsewhere());
    }
    // Kempen's staff may see people, not manage them (within the organiser: 403).
    rows.push(post(KempenStaff, format!("/beheer/{k}/privacy"), &retention).is(403));
    rows.push(post(KempenStaff, &kempen_revoke, &nothing).is(403));
    // Nor API tokens.
    rows.push(post(KempenStaff, format!("/beheer/{k}/api"), &token_name).is(403));
    rows.push(post(KempenStaff, &kempen_token_revoke, &nothing).is(403));
    rows.push(post(NwvlAdmin, format!("/beheer/{n}/api/{}/intrekken", t.api_token), &nothing).is(404));
    // Nor keep the books.
    rows.push(post(KempenStaff, &kempen_books, &cost).is(403));
    rows.push(post(KempenStaff, &kempen_cost, &cost).is(403));
    rows.push(post(KempenStaff, format!("{kempen_cost}/verwijderen"), &nothing).is(403));
    rows.push(post(KempenStaff, format!("{kempen_cost}/uitbetalen"), &nothing).is(403));
    rows.push(post(KempenStaff, &kempen_cost, &approve).is(403));
    rows.push(post(KempenStaff, &kempen_cost, &marked_paid).is(403));
    rows.push(post(NwvlAdmin, &sideways_cost, &approve).is(404));
    // Nor say who pays (four eyes): Kempen's admins only.
    rows.push(post(KempenStaff, format!("/beheer/{k}/instellingen/vier-ogen"), &four_eyes).is(403));
    // Meeting documents: Kempen's ids through NWVL's address are nobody's; an upload
    // without a file is refused at the field; no document is anyone's to download
    // unless it exists (the visibility rules: `dossier.rs`).
    rows.push(post(NwvlAdmin, format!("{sideways_event}/documenten"), &document).is(404));
    rows.push(post(NwvlAdmin, format!("{sideways_event}/documenten/1/wijzigen"), &document).is(404));
    rows.push(post(KempenStaff, format!("{kempen_event}/documenten"), &document).refused_with("Kies een bestand."));
    rows.push(get(NwvlAdmin, format!("{sideways_event}/dossier")).is(404));
    rows.push(get(NwvlAdmin, format!("{sideways_event}/dossier.pdf")).is(404));
    let download = format!("/regio/{k}/{}/documenten/1", t.draft_slug);
    for who in Who::SIGNED_IN.into_iter().chain([Anonymous]) {
        rows.push(get(who, &download).is(404));
    }
    // Nor decide on expense claims, nor set the kilometre rate.
    rows.push(post(KempenStaff, format!("/beheer/{k}/financien/onkosten"), &approve_claim).is(403));
    rows.push(post(KempenStaff, format!("/beheer/{k}/instellingen/km-tarief"), &km_rate).is(403));
    // A claim is made for an activity one teaches: anyone else's choice is refused at the field.
    let claim = fields(&[("activiteit", &t.draft.to_string()), ("kilometers", "12")]);
    rows.push(
        post(Participant, "/mijn/onkosten", &claim)
            .refused_with("Je bent nog bij geen enkele activiteit als lesgever ingeschreven"),
    );
    rows.push(
        post(NwvlAdmin, "/mijn/onkosten", &claim)
            .refused_with("Je bent nog bij geen enkele activiteit als lesgever ingeschreven"),
    );
    rows.push(post(KempenTrainer, "/mijn/onkosten", &claim).without_token());
    rows.push(post(KempenTrainer, "/mijn/onkosten", &claim).sent_from_elsewhere());
    rows.push(post(Anonymous, "/mijn/onkosten", &claim).goes_to_sign_in());
    // A calendar address is one's own to make; the feeds show no draft, and
    // an address no one made does not exist.
    rows.push(post(Participant, "/mijn/agenda", &nothing).redirects_to("/mijn#agenda"));
    rows.push(post(Participant, "/mijn/agenda", &nothing).without_token());
    rows.push(post(Participant, "/mijn/agenda", &nothing).sent_from_elsewhere());
    rows.push(post(Anonymous, "/mijn/agenda", &nothing).goes_to_sign_in());
    rows.push(get(Anonymous, "/agenda.ics").is(200).hiding(SECRET_TITLE));
    rows.push(get(Anonymous, "/agenda.ics?regio=biz-kempen").is(200).hiding(SECRET_TITLE));
    rows.push(get(NwvlAdmin, format!("/agenda/{}", "0".repeat(64))).is(404));
    rows.push(post(NwvlAdmin, format!("{sideways_cost}/uitbetalen"), &nothing).is(404));
    rows.push(post(NwvlAdmin, format!("{sideways_event}/attesten"), &nothing).is(404));
    let certificate = format!("/beheer/{k}/activiteiten/{}/attesten/{}", t.live, t.registration);
    rows.extend(outsiders.map(|who| get(who, &certificate).is(404)));
    rows.push(get(Anonymous, &certificate).is(401));
    // Bank accounts and payment files: Kempen's admins only; Kempen's ids through NWVL's address are nobody's.
    for (path, form) in [
        (format!("/beheer/{k}/lesgevers/{}", t.trainer), &bank_details),
        (format!("/beheer/{k}/financien/overschrijvingen"), &pay_line),
        (format!("/beheer/{k}/financien/overschrijvingen/{}/annuleren", t.payment_file), &nothing),
    ] {
        rows.push(post(KempenStaff, &path, form).is(403));
        // NWVL's own payment files page is NWVL's: the row below.
        if !path.ends_with("/overschrijvingen") {
            let sideways = path.replacen(&format!("/beheer/{k}/"), &format!("/beheer/{n}/"), 1);
            rows.push(post(NwvlAdmin, sideways, form).is(404));
        }
    }
    // Kempen's cost line slipped into NWVL's own payment file: refused at the field.
    rows.push(
        post(NwvlAdmin, format!("/beheer/{n}/financien/overschrijvingen"), &pay_line)
            .refused_with("kan niet per overschrijving betaald worden"),
    );
    // The organiser's own bank account, on its settings page: Kempen's admins only.
    let bank_form = fields(&[("formulier", "bank"), ("iban", "BE68 5390 0754 7034"), ("bic", "GKCCBEBB")]);
    rows.push(post(KempenStaff, format!("/beheer/{k}/instellingen"), &bank_form).is(403));
    rows.extend(outsiders.map(|who| post(who, format!("/beheer/{k}/instellingen"), &bank_form).is(404)));
    // Who signs the certificates: Kempen's admins only.
    rows.push(post(KempenStaff, format!("/beheer/{k}/instellingen"), &signatory).is(403));
    // Control: NWVL's admin sets NWVL's own (Kempen's stays as it was, see `KempenState`).
    rows.push(
        post(NwvlAdmin, format!("/beheer/{n}/instellingen"), &signatory)
            .redirects_to("/beheer/biz-noord-west-vlaanderen/instellingen"),
    );
    // Attendance as files (sign-in sheet, CSV, XLSX): Kempen's staff only, through Kempen's address only.
    let live_files = format!("/beheer/{k}/activiteiten/{}", t.live);
    let session_files = format!("{live_files}/sessies/{}/aanwezigheden", t.live_session);
    for path in [
        format!("{live_files}/aanwezigheden/csv"),
        format!("{live_files}/aanwezigheden/xlsx"),
        format!("{session_files}/pdf"),
        format!("{session_files}/csv"),
        format!("{session_files}/xlsx"),
    ] {
        rows.push(get(KempenStaff, &path).is(200));
        rows.push(get(KempenAdmin, &path).is(200));
        rows.extend(outsiders.map(|who| get(who, &path).is(404)));
        rows.push(get(Anonymous, &path).is(401));
        rows.push(get(NwvlAdmin, path.replacen(&format!("/beheer/{k}/"), &format!("/beheer/{n}/"), 1)).is(404));
    }
    // A ticket's certificate is its holder's: a code nobody has, or one whose certificate was not sent, is 404.
    for who in [Anonymous, NwvlAdmin, KempenStaff] {
        rows.push(get(who, format!("/ticket/{}/attest", "0".repeat(64))).is(404));
        rows.push(get(who, "/ticket/abc/attest").is(404));
    }
    rows.push(post(NwvlAdmin, &sideways_books, &cost).is(404));
    rows.push(post(NwvlAdmin, &sideways_cost, &cost).is(404));
    rows.push(post(NwvlAdmin, format!("{sideways_cost}/verwijderen"), &nothing).is(404));
    // Nor give money back.
    rows.push(post(KempenStaff, &kempen_refund, &nothing).is(403));
    rows.push(post(NwvlAdmin, format!("/beheer/{n}/betalingen/{}/terugbetalen", t.flagged_order), &nothing).is(404));

    // The organisers' API: a token acts for its own organiser only.
    let live_registrations = format!("/events/{}/registrations", t.live);
    let cancel_path = format!("/registrations/{}", t.registration);
    let intruder = serde_json::json!({
        "ticket_type": 999999,
        "attendees": [{ "name": "Indringer", "email": "indringer@example.test", "organisation": "Elders" }],
        "booker": { "name": "Indringer", "email": "indringer@example.test" },
        "payment": "free"
    });
    // Controls: Kempen's own token reads its list; a body with an unknown ticket type is refused at the field.
    rows.push(api(KempenAdmin, "GET", &live_registrations, None).is(200));
    rows.push(api(KempenAdmin, "POST", &live_registrations, Some(intruder.clone())).is(422));
    for (method, path, body) in [
        ("GET", &live_registrations, None),
        ("POST", &live_registrations, Some(intruder.clone())),
        ("DELETE", &cancel_path, None),
    ] {
        rows.push(api(NwvlAdmin, method, path, body.clone()).is(404).hiding("@"));
        // A session (any session) is no token.
        rows.push(api(Anonymous, method, path, body.clone()).is(401));
        rows.extend([KempenStaff, KempenScanner, Participant].map(|who| api(who, method, path, body.clone()).is(401)));
        if method != "GET" {
            rows.push(api(KempenAdmin, method, path, body.clone()).sent_from_elsewhere());
        }
    }
    rows.push(api(NwvlAdmin, "GET", format!("/events/{}/registrations", t.draft), None).is(404));
    // Participation per organisation: each token reads its own organiser's (no ids to
    // aim at another's); without a token, or with a session only, 401.
    let participation = "/participation?from=2020-01-01&to=2029-12-31";
    rows.push(api(KempenAdmin, "GET", participation, None).is(200).saying("\"organiser\":\"biz-kempen\""));
    rows.push(api(NwvlAdmin, "GET", participation, None).is(200).saying("\"organiser\":\"biz-noord-west-vlaanderen\""));
    rows.push(api(Anonymous, "GET", participation, None).is(401));
    rows.extend([KempenStaff, Platform, Coordinator].map(|who| api(who, "GET", participation, None).is(401)));

    // The door's API: another organiser's token gets 404, no token 401; a
    // browser signed in as Kempen's staff reads, and changes only with the
    // form token in X-CSRF-Token (these rows send none); anyone else's is 404.
    let door = format!("/events/{}/sessions/{}", t.live, t.live_session);
    let scan = serde_json::json!({ "ticket": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "scan_id": "isolation-scan-0001" });
    for (method, path, body) in [
        ("GET", format!("/events/{}/sessions", t.live), None),
        ("GET", format!("{door}/admissions"), None),
        ("GET", format!("{door}/check-ins"), None),
        ("POST", format!("{door}/check-ins"), Some(scan.clone())),
        ("DELETE", format!("{door}/check-ins/{}", t.registration), None),
    ] {
        rows.push(api(NwvlAdmin, method, &path, body.clone()).is(404).hiding("@"));
        rows.push(api(Anonymous, method, &path, body.clone()).is(401));
        let (staff, participant) = if method == "GET" { (200, 404) } else { (403, 403) };
        rows.push(api(KempenStaff, method, &path, body.clone()).is(staff));
        rows.push(api(Participant, method, &path, body.clone()).is(participant).hiding("@"));
        // A door volunteer reads what the door needs (no e-mail addresses) of
        // a published event; a trainer is nobody at the door.
        rows.push(api(KempenScanner, method, &path, body.clone()).is(staff).hiding("@"));
        rows.push(api(KempenTrainer, method, &path, body.clone()).is(participant).hiding("@"));
        if method != "GET" {
            rows.push(api(KempenAdmin, method, &path, body.clone()).sent_from_elsewhere());
        }
    }

    // A draft's door is staff's business only.
    rows.push(api(KempenScanner, "GET", format!("/events/{}/sessions", t.draft), None).is(404));
    rows.push(api(KempenStaff, "GET", format!("/events/{}/sessions", t.draft), None).is(200));

    // Kempen's ids through NWVL's own address, by NWVL's admin.
    rows.push(post(NwvlAdmin, format!("{sideways_event}/status"), &publish).is(404));
    rows.push(post(NwvlAdmin, format!("/beheer/{n}/activiteiten/{}/status", t.live), &cancel).is(404));
    rows.push(post(NwvlAdmin, &sideways_event, &hijack).is(404));
    rows.push(post(NwvlAdmin, format!("{sideways_event}/kopie"), &nothing).is(404));
    rows.push(post(NwvlAdmin, &sideways_revoke, &nothing).is(404));
    rows.push(post(NwvlAdmin, &sideways_partner, &rename).is(404));
    rows.push(post(NwvlAdmin, &sideways_invoice, &mark_paid).is(404));
    // Kempen's ids slipped into NWVL's own forms: refused at the field.
    rows.push(
        post(NwvlAdmin, format!("/beheer/{n}/mensen"), &invite)
            .refused_with("Kies een partnerorganisatie uit de lijst."),
    );
    let venue = t.venue.to_string();
    let trainer = t.trainer.to_string();
    let new_event = format!("/beheer/{n}/activiteiten/nieuw");
    let with_venue = with(hijack.clone(), &[("sessie-0-locatie", &venue)]);
    rows.push(post(NwvlAdmin, &new_event, &with_venue).refused_with("Kies een locatie uit de lijst."));
    let with_trainer = with(hijack.clone(), &[("lesgever-0-wie", &trainer), ("lesgever-0-rol", "trainer")]);
    rows.push(post(NwvlAdmin, &new_event, &with_trainer).refused_with("Kies een lesgever uit de lijst."));
    // Control: the same form is fine for NWVL's own new event.
    rows.push(
        post(NwvlAdmin, &new_event, &event_form("Vorming NWVL")).redirects_to("/beheer/biz-noord-west-vlaanderen/"),
    );

    // Sign-in and sign-out: only from this site.
    let email = fields(&[("email", "indringer@example.test")]);
    rows.push(post(Anonymous, "/aanmelden", &email).sent_from_elsewhere());
    rows.push(post(Anonymous, "/aanmelden/bevestigen", &fields(&[("token", &"0".repeat(64))])).sent_from_elsewhere());
    let password = fields(&[("email", "hanne.laenen@cawdekempen.test"), ("wachtwoord", "paard batterij nietje")]);
    rows.push(post(Anonymous, "/aanmelden/wachtwoord", &password).sent_from_elsewhere());
    // A password is for staff; nobody sets one without the form token or from elsewhere.
    let new_password = fields(&[("wachtwoord", "paard batterij nietje"), ("herhaling", "paard batterij nietje")]);
    rows.push(post(Participant, "/mijn/wachtwoord", &new_password).is(403));
    rows.push(post(KempenAdmin, "/mijn/wachtwoord", &new_password).without_token());
    rows.push(post(KempenAdmin, "/mijn/wachtwoord", &new_password).sent_from_elsewhere());
    // Creating organisers is for platform admins only.
    let organiser = fields(&[
        ("naam", "BIZ Indringer"),
        ("korte-naam", "BIZ Indringer"),
        ("email", "info@indringer.test"),
        ("beheerder-naam", "Indringer"),
        ("beheerder-email", "indringer@example.test"),
    ]);
    rows.push(post(NwvlAdmin, "/beheer", &organiser).is(403));
    rows.push(post(KempenAdmin, "/beheer", &organiser).is(403));
    rows.push(post(KempenAdmin, "/beheer", &organiser).without_token());
    rows.push(post(KempenAdmin, "/beheer", &organiser).sent_from_elsewhere());
    // Registering and cancelling a ticket need no session: only this site may post them.
    let draft_registration = format!("/regio/{k}/{}/inschrijven", t.draft_slug);
    let attendee = fields(&[("deelnemer-0-naam", "Indringer"), ("deelnemer-0-email", "indringer@example.test")]);
    rows.push(post(Anonymous, &draft_registration, &attendee).is(404));
    rows.push(post(Anonymous, &draft_registration, &attendee).sent_from_elsewhere());
    let unknown_ticket = format!("/ticket/{}/afmelden", "0".repeat(64));
    rows.push(post(Anonymous, &unknown_ticket, &nothing).is(404));
    rows.push(post(Anonymous, &unknown_ticket, &nothing).sent_from_elsewhere());
    let unknown_confirmation = fields(&[("token", &"0".repeat(64))]);
    rows.push(post(Anonymous, "/inschrijving/bevestigen", &unknown_confirmation).is(404));
    rows.push(post(Anonymous, "/inschrijving/bevestigen", &unknown_confirmation).sent_from_elsewhere());
    let unknown_offer = format!("/ticket/{}/aannemen", "0".repeat(64));
    rows.push(post(Anonymous, &unknown_offer, &nothing).is(404));
    rows.push(post(Anonymous, &unknown_offer, &nothing).sent_from_elsewhere());
    // Privacy: one's own data only. Erasing needs the box ticked, the form
    // token and this site; the download is for the signed-in person alone.
    rows.push(post(Participant, "/mijn/verwijderen", &nothing).refused_with(domain::privacy::ERASE_UNCONFIRMED));
    rows.push(post(KempenAdmin, "/mijn/verwijderen", &erase).without_token());
    rows.push(post(KempenAdmin, "/mijn/verwijderen", &erase).sent_from_elsewhere());
    rows.push(get(Participant, "/mijn/gegevens.json").is(200).hiding(KEMPEN_STAFF_EMAIL));
    rows.push(get(Anonymous, "/mijn/gegevens.json").goes_to_sign_in());
    for who in [Anonymous, NwvlAdmin, Participant] {
        rows.push(get(who, "/mijn/verwijderd").is(200));
    }
    rows.push(get(Participant, "/mijn/verwijderen").is(200));
    rows.push(get(Anonymous, "/mijn/verwijderen").is(401));
    let unknown_payment = format!("/betaling/{}/geannuleerd", "0".repeat(64));
    rows.push(post(Anonymous, &unknown_payment, &nothing).is(404));
    rows.push(post(Anonymous, &unknown_payment, &nothing).sent_from_elsewhere());
    // Stripe's webhook has no session and no form token: only a valid signature
    // (with the endpoint secret) is accepted, from anyone.
    rows.push(post(Anonymous, "/webhooks/stripe", &nothing).is(400));
    rows.push(post(KempenAdmin, "/webhooks/stripe", &nothing).is(400));
    rows.push(post(KempenAdmin, "/afmelden", &nothing).without_token());
    rows.push(post(KempenAdmin, "/afmelden", &nothing).sent_from_elsewhere());

    // Server functions, called directly as an attacker would.
    let kempen_arg = [("organiser", k)];
    let with_query = [("organiser", k), ("query", "")];
    let editor_args = [("organiser", k), ("event", draft.as_str())];
    let partner_args = [("organiser", k), ("id", partner.as_str())];
    let invoice_args = [("organiser", k), ("invoice", invoice.as_str())];
    let status_args = [("organiser", k), ("status", "")];
    let payments_args = [("organiser", k), ("filter", "te-controleren")];
    let door_args = [("organiser", k), ("event", draft.as_str())];
    let report_args = [("organiser", k), ("organisation", partner.as_str())];
    let org_functions: [(&str, &[(&'static str, &str)]); 16] = [
        ("scanner/door", &door_args),
        ("reports/participation", &kempen_arg),
        ("reports/organisation", &report_args),
        ("payments/list", &payments_args),
        ("invoices/list", &status_args),
        ("invoices/detail", &invoice_args),
        ("invoices/statement", &kempen_arg),
        ("backoffice/dashboard", &kempen_arg),
        ("backoffice/event-editor", &editor_args),
        ("backoffice/registrations", &editor_args),
        ("backoffice/people", &kempen_arg),
        ("backoffice/privacy", &kempen_arg),
        ("backoffice/settings", &kempen_arg),
        ("partners/list", &with_query),
        ("partners/edit", &partner_args),
        ("partners/import", &kempen_arg),
    ];
    for (endpoint, args) in org_functions {
        rows.push(call(KempenStaff, endpoint, args).is(200));
        rows.extend(outsiders.map(|who| call(who, endpoint, args).is(404)));
        rows.push(call(Anonymous, endpoint, args).is(401));
        rows.push(call(KempenStaff, endpoint, args).sent_from_elsewhere());
    }
    rows.push(call(KempenAdmin, "backoffice/api-tokens", &kempen_arg).is(200));
    rows.push(call(KempenStaff, "backoffice/api-tokens", &kempen_arg).is(404));
    rows.extend(outsiders.map(|who| call(who, "backoffice/api-tokens", &kempen_arg).is(404)));
    rows.push(call(Anonymous, "backoffice/api-tokens", &kempen_arg).is(401));
    rows.push(call(KempenAdmin, "backoffice/api-tokens", &kempen_arg).sent_from_elsewhere());
    let cost_id = t.cost_line.to_string();
    let cost_args = [("organiser", k), ("event", draft.as_str()), ("line", cost_id.as_str())];
    for (endpoint, args) in [
        ("finances/year", &kempen_arg[..]),
        ("finances/budget", &kempen_arg[..]),
        ("finances/event", &editor_args[..]),
        ("finances/line", &cost_args[..]),
    ] {
        rows.push(call(KempenAdmin, endpoint, args).is(200));
        rows.push(call(KempenStaff, endpoint, args).is(404).hiding("Geheim honorarium"));
        rows.extend(outsiders.map(|who| call(who, endpoint, args).is(404).hiding("Geheim honorarium")));
        rows.push(call(Anonymous, endpoint, args).is(401));
        rows.push(call(KempenAdmin, endpoint, args).sent_from_elsewhere());
    }
    let trainer_id = t.trainer.to_string();
    let trainer_args = [("organiser", k), ("trainer", trainer_id.as_str())];
    for (endpoint, args) in [
        ("payouts/trainers", &kempen_arg[..]),
        ("payouts/trainer", &trainer_args[..]),
        ("payouts/files", &kempen_arg[..]),
    ] {
        rows.push(call(KempenAdmin, endpoint, args).is(200));
        rows.push(call(KempenStaff, endpoint, args).is(404).hiding("BE68"));
        rows.extend(outsiders.map(|who| call(who, endpoint, args).is(404).hiding("BE68")));
        rows.push(call(Anonymous, endpoint, args).is(401));
        rows.push(call(KempenAdmin, endpoint, args).sent_from_elsewhere());
    }
    rows.push(call(NwvlAdmin, "payouts/trainer", &[("organiser", n), ("trainer", &trainer_id)]).is(404));
    // Expense claims: a trainer's own page (anyone signed in sees only their own), the
    // organiser's list for its admins only.
    for who in [KempenTrainer, Participant, NwvlAdmin] {
        rows.push(get(who, "/mijn/onkosten").is(200).hiding(SECRET_TITLE));
        rows.push(call(who, "expenses/mine", &[]).is(200).hiding(SECRET_TITLE));
    }
    rows.push(get(Anonymous, "/mijn/onkosten").is(401));
    rows.push(call(Anonymous, "expenses/mine", &[]).is(401));
    rows.push(call(KempenTrainer, "expenses/mine", &[]).sent_from_elsewhere());
    let claims_page = format!("/beheer/{k}/financien/onkosten");
    rows.push(get(KempenAdmin, &claims_page).is(200));
    rows.push(get(KempenStaff, &claims_page).is(404));
    rows.extend(outsiders.map(|who| get(who, &claims_page).is(404)));
    rows.push(get(Anonymous, &claims_page).is(401));
    rows.push(call(KempenAdmin, "expenses/organiser", &kempen_arg).is(200));
    rows.push(call(KempenStaff, "expenses/organiser", &kempen_arg).is(404));
    rows.extend(outsiders.map(|who| call(who, "expenses/organiser", &kempen_arg).is(404)));
    rows.push(call(Anonymous, "expenses/organiser", &kempen_arg).is(401));
    rows.push(call(KempenAdmin, "expenses/organiser", &kempen_arg).sent_from_elsewhere());
    // An activity's dossier and documents page: Kempen's staff; the public page's documents: anyone.
    let event_args = [("organiser", k), ("event", draft.as_str())];
    for endpoint in ["dossier", "dossier/documents"] {
        rows.push(call(KempenStaff, endpoint, &event_args).is(200));
        rows.extend(outsiders.map(|who| call(who, endpoint, &event_args).is(404).hiding(SECRET_TITLE)));
        rows.push(call(Anonymous, endpoint, &event_args).is(401));
        rows.push(call(KempenStaff, endpoint, &event_args).sent_from_elsewhere());
        rows.push(call(NwvlAdmin, endpoint, &[("organiser", n), ("event", draft.as_str())]).is(404));
    }
    let public_args = [("organiser", k), ("event", t.draft_slug.as_str())];
    for who in Who::SIGNED_IN.into_iter().chain([Anonymous]) {
        rows.push(call(who, "event/documents", &public_args).is(200));
    }
    // A trainer's own fees and profile: a person sees only the trainer rows with their own
    // e-mail address (Kempen's trainer here has an IBAN that no one else may see).
    let own_profile = format!("/mijn/lesgever/{trainer_id}");
    for who in [Participant, NwvlAdmin, KempenStaff] {
        rows.push(get(who, "/mijn/lesgever").is(200).hiding("BE68"));
        rows.push(call(who, "my-fees", &[]).is(200).hiding("BE68"));
        rows.push(call(who, "is-trainer", &[]).is(200));
        rows.push(get(who, &own_profile).is(404).hiding("BE68"));
        rows.push(call(who, "my-trainer-profile", &[("trainer", trainer_id.as_str())]).is(404).hiding("BE68"));
    }
    rows.push(get(Anonymous, "/mijn/lesgever").is(401));
    rows.push(get(Anonymous, &own_profile).is(401));
    for (endpoint, args) in [("my-fees", &[][..]), ("is-trainer", &[][..]), ("my-trainer-profile", &trainer_args[1..])]
    {
        rows.push(call(Anonymous, endpoint, args).is(401));
        rows.push(call(Participant, endpoint, args).sent_from_elsewhere());
    }
    // The fees on a trainer's page in the back office: the organiser's admins only.
    rows.push(call(KempenAdmin, "trainer-fees", &trainer_args).is(200));
    rows.push(call(KempenStaff, "trainer-fees", &trainer_args).is(404));
    rows.extend(outsiders.map(|who| call(who, "trainer-fees", &trainer_args).is(404)));
    rows.push(call(Anonymous, "trainer-fees", &trainer_args).is(401));
    rows.push(call(KempenAdmin, "trainer-fees", &trainer_args).sent_from_elsewhere());
    // A Stripe onboarding link's status page: only with the mailed token.
    let unknown_link = "0".repeat(64);
    rows.push(get(Anonymous, format!("/lesgever/stripe/{unknown_link}/klaar")).is(404));
    rows.push(call(Anonymous, "connect/status", &[("token", unknown_link.as_str())]).is(404));
    rows.push(call(NwvlAdmin, "finances/event", &[("organiser", n), ("event", &draft)]).is(404));
    rows.push(call(NwvlAdmin, "finances/line", &[("organiser", n), ("event", &draft), ("line", &cost_id)]).is(404));
    rows.push(call(NwvlAdmin, "backoffice/event-editor", &[("organiser", n), ("event", &draft)]).is(404));
    rows.push(call(NwvlAdmin, "backoffice/registrations", &[("organiser", n), ("event", &draft)]).is(404));
    rows.push(call(NwvlAdmin, "partners/edit", &[("organiser", n), ("id", &partner)]).is(404));
    rows.push(call(NwvlAdmin, "invoices/detail", &[("organiser", n), ("invoice", &invoice)]).is(404));
    rows.push(call(NwvlAdmin, "backoffice/home", &[]).is(200).hiding("biz-kempen"));
    // The review of proposals for shared organisations: platform admins only.
    let organisers_people = [KempenAdmin, KempenStaff, NwvlAdmin, NwvlStaff, KempenTrainer, KempenScanner, Participant];
    rows.push(call(Platform, "partners/proposals", &[]).is(200));
    rows.extend(organisers_people.map(|who| call(who, "partners/proposals", &[]).is(404)));
    rows.push(call(Anonymous, "partners/proposals", &[]).is(401));
    rows.push(call(Platform, "partners/proposals", &[]).sent_from_elsewhere());
    rows.push(call(Participant, "backoffice/home", &[]).is(200).hiding("biz-kempen"));
    rows.push(call(Anonymous, "backoffice/home", &[]).is(401));
    rows.push(call(NwvlAdmin, "viewer", &[]).is(200));
    rows.push(call(NwvlAdmin, "account/coordination", &[]).is(200));
    rows.push(call(Anonymous, "account/coordination", &[]).is(401));
    rows.push(call(Anonymous, "sign-in-link", &[("token", &"0".repeat(64))]).is(404));
    rows.push(call(Anonymous, "ticket", &[("code", &"0".repeat(64))]).is(404));
    rows.push(call(Anonymous, "payment", &[("token", &"0".repeat(64))]).is(404));
    rows.push(call(NwvlAdmin, "payment", &[("token", &"0".repeat(64))]).is(404));
    rows.push(call(Anonymous, "account/registrations", &[]).is(401));
    rows.push(call(Anonymous, "account/calendar", &[]).is(401));
    rows.push(call(NwvlAdmin, "account/calendar", &[]).is(200));
    rows.push(call(Anonymous, "account/teaching", &[]).is(401));
    rows.push(call(Participant, "account/erase", &[]).is(200));
    rows.push(call(Anonymous, "account/erase", &[]).is(401));
    rows.push(call(KempenTrainer, "account/teaching", &[]).is(200).hiding(SECRET_TITLE));
    rows.push(call(NwvlAdmin, "account/registrations", &[]).is(200));
    rows.push(call(NwvlAdmin, "registration/form", &[("organiser", k), ("event", &t.draft_slug)]).is(404));
    rows.push(call(NwvlAdmin, "event", &[("organiser", k), ("event", &t.draft_slug)]).is(404));
    rows.push(call(Anonymous, "organisers", &[]).is(200));
    let catalogue = serde_json::json!({ "organiser": k, "query": [] });
    rows.push(call_json(NwvlAdmin, "catalogue", catalogue.clone()).is(200));
    rows.push(call_json(Anonymous, "catalogue", catalogue).is(200));
    rows
}

struct Answer {
    status: u16,
    location: String,
    body: String,
}

async fn send(app: &TestApp, case: &Case, cookie: Option<&str>, csrf: &str, api_token: Option<&str>) -> Answer {
    let url = format!("{}{}", app.address, case.path);
    let mut request = match &case.send {
        Send::Get => app.client.get(&url),
        Send::Form(form) => {
            let mut form = form.clone();
            if case.token {
                form.push(("csrf", csrf.to_string()));
            }
            app.client.post(&url).form(&form)
        }
        Send::Function(args) => app.client.post(&url).form(args),
        Send::FunctionJson(args) => app.client.post(&url).json(args),
        Send::Api(method, body) => {
            let mut request = match *method {
                "GET" => app.client.get(&url),
                "DELETE" => app.client.delete(&url),
                _ => app.client.post(&url),
            };
            if let Some(token) = api_token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            request
        }
    };
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if case.elsewhere {
        request = request.header("origin", "https://evil.test");
    }
    let response = request.send().await.expect("request failed");
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    Answer { status, location, body: response.text().await.expect("body") }
}

/// Everything of Kempen's that a hostile request could change.
#[derive(Debug, PartialEq)]
struct KempenState {
    events: Vec<event::Model>,
    sessions: u64,
    tickets: u64,
    memberships: Vec<membership::Model>,
    partner: organisation::Model,
    partnerships: u64,
    organisations: u64,
    venues: u64,
    trainers: u64,
    audit: u64,
    invoices: Vec<store::entities::invoice::Model>,
    cost_lines: Vec<cost_line::Model>,
    payments: u64,
    mails: u64,
    /// Its signatory, address and enterprise number.
    organiser: organiser::Model,
    /// Its trainers' payment details.
    trainer_rows: Vec<trainer::Model>,
    payment_files: Vec<store::entities::payment_file::Model>,
}

async fn kempen_state(app: &TestApp, kempen: i32, partner: i32) -> KempenState {
    let db = &app.db;
    let events =
        event::Entity::find().filter(event::Column::OrganiserId.eq(kempen)).order_by_asc(event::Column::Id).all(db);
    let events = events.await.unwrap();
    let ids: Vec<i32> = events.iter().map(|e| e.id).collect();
    KempenState {
        sessions: event_session::Entity::find()
            .filter(event_session::Column::EventId.is_in(ids.clone()))
            .count(db)
            .await
            .unwrap(),
        tickets: ticket_type::Entity::find()
            .filter(ticket_type::Column::EventId.is_in(ids.clone()))
            .count(db)
            .await
            .unwrap(),
        cost_lines: cost_line::Entity::find()
            .filter(cost_line::Column::EventId.is_in(ids))
            .order_by_asc(cost_line::Column::Id)
            .all(db)
            .await
            .unwrap(),
        events,
        memberships: membership::Entity::find()
            .filter(membership::Column::OrganiserId.eq(kempen))
            .order_by_asc(membership::Column::Id)
            .all(db)
            .await
            .unwrap(),
        partner: organisation::Entity::find_by_id(partner).one(db).await.unwrap().unwrap(),
        partnerships: partnership::Entity::find()
            .filter(partnership::Column::OrganiserId.eq(kempen))
            .count(db)
            .await
            .unwrap(),
        organisations: organisation::Entity::find().count(db).await.unwrap(),
        venues: venue::Entity::find().filter(venue::Column::OrganiserId.eq(kempen)).count(db).await.unwrap(),
        trainers: trainer::Entity::find().filter(trainer::Column::OrganiserId.eq(kempen)).count(db).await.unwrap(),
        // Opening a participant list is logged, by Kempen's own staff too: not a change.
        audit: audit_entry::Entity::find()
            .filter(audit_entry::Column::OrganiserId.eq(kempen))
            .filter(audit_entry::Column::Action.ne(store::privacy::VIEWED_REGISTRATIONS))
            .count(db)
            .await
            .unwrap(),
        invoices: store::entities::invoice::Entity::find()
            .filter(store::entities::invoice::Column::OrganiserId.eq(kempen))
            .order_by_asc(store::entities::invoice::Column::Id)
            .all(db)
            .await
            .unwrap(),
        payments: store::entities::payment::Entity::find().count(db).await.unwrap(),
        // To anyone: no invitation, no cancellation, no sign-in link.
        mails: mail_outbox::Entity::find().count(db).await.unwrap(),
        organiser: organiser::Entity::find_by_id(kempen).one(db).await.unwrap().unwrap(),
        trainer_rows: trainer::Entity::find()
            .filter(trainer::Column::OrganiserId.eq(kempen))
            .order_by_asc(trainer::Column::Id)
            .all(db)
            .await
            .unwrap(),
        payment_files: store::entities::payment_file::Entity::find()
            .filter(store::entities::payment_file::Column::OrganiserId.eq(kempen))
            .order_by_asc(store::entities::payment_file::Column::Id)
            .all(db)
            .await
            .unwrap(),
    }
}

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

async fn targets(app: &TestApp, kempen: i32, nwvl: i32) -> Targets {
    let db = &app.db;
    let draft = app.insert_draft(KEMPEN, SECRET_TITLE, true).await;
    let draft_slug = event::Entity::find_by_id(draft).one(db).await.unwrap().unwrap().slug;
    let live = app.get(&format!("/api/v1/events?organiser={KEMPEN}&q=Energie")).await.json()["data"][0]["id"]
        .as_i64()
        .expect("an upcoming Kempen event") as i32;
    let registered = registration::Entity::find()
        .filter(registration::Column::EventId.eq(live))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .count(db)
        .await
        .unwrap();
    assert!(registered > 0, "cancelling it would mail its registrants");
    let geel = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("OCMW Geel"))
        .one(db)
        .await
        .unwrap()
        .expect("OCMW Geel in the demo");
    assert!(partnership::Entity::find_by_id((kempen, geel.id)).one(db).await.unwrap().is_some());
    assert!(partnership::Entity::find_by_id((nwvl, geel.id)).one(db).await.unwrap().is_none());
    // A detail only Kempen's partner pages show.
    // Kempen's own contact address of its partner: for Kempen's eyes only.
    let mut marked: partnership::ActiveModel =
        partnership::Entity::find_by_id((kempen, geel.id)).one(db).await.unwrap().unwrap().into();
    marked.contact_email = sea_orm::ActiveValue::Set(Some(SECRET_EMAIL.to_string()));
    marked.update(db).await.unwrap();
    let tabitha =
        person::Entity::find().filter(person::Column::Email.eq(KEMPEN_STAFF_EMAIL)).one(db).await.unwrap().unwrap();
    let membership = membership::Entity::find()
        .filter(membership::Column::PersonId.eq(tabitha.id))
        .filter(membership::Column::OrganiserId.eq(kempen))
        .one(db)
        .await
        .unwrap()
        .expect("Kempen's staff role")
        .id;
    let venue =
        venue::Entity::find().filter(venue::Column::OrganiserId.eq(kempen)).one(db).await.unwrap().expect("a venue").id;
    let trainer = trainer::Entity::find()
        .filter(trainer::Column::OrganiserId.eq(kempen))
        .one(db)
        .await
        .unwrap()
        .expect("a trainer")
        .id;
    // An open invoice of Kempen's (from the demo's orders paid on invoice).
    let invoice = store::entities::invoice::Entity::find()
        .filter(store::entities::invoice::Column::OrganiserId.eq(kempen))
        .filter(store::entities::invoice::Column::DocumentKind.eq("invoice"))
        .filter(store::entities::invoice::Column::Status.eq(InvoiceStatus::Open))
        .one(db)
        .await
        .unwrap()
        .expect("an open Kempen invoice in the demo")
        .id;
    let hanne = person::Entity::find()
        .filter(person::Column::Email.eq("hanne.laenen@cawdekempen.test"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let now = app.clock_now();
    let (api_token, kempen_secret) = store::api_tokens::create(db, kempen, "Kempen", hanne.id, now).await.unwrap();
    let (_, nwvl_secret) = store::api_tokens::create(db, nwvl, "NWVL", hanne.id, now).await.unwrap();
    // A confirmed registration whose surname can go in an address as it is.
    let attendee = registration::Entity::find()
        .filter(registration::Column::EventId.eq(live))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|r| {
            let surname = r.attendee_name.split_whitespace().last().unwrap_or_default();
            surname.len() >= 4 && surname.bytes().all(|b| b.is_ascii_alphabetic()) && r.attendee_email.is_some()
        })
        .expect("a confirmed registration");
    let registration = attendee.id;
    let attendee_surname: &'static str =
        Box::leak(attendee.attendee_name.split_whitespace().last().unwrap().to_string().into_boxed_str());
    let attendee_email: &'static str = Box::leak(attendee.attendee_email.clone().unwrap().into_boxed_str());
    let live_session = event_session::Entity::find()
        .filter(event_session::Column::EventId.eq(live))
        .order_by_asc(event_session::Column::StartsAt)
        .one(db)
        .await
        .unwrap()
        .expect("a session of the live event")
        .id;
    // Paid online after its hold was released: waiting for an admin's refund.
    let flagged_order = store::entities::order::ActiveModel {
        organiser_id: Set(kempen),
        event_id: Set(live),
        reference: Set("2026-LATEPAID".into()),
        payment_method: Set(PaymentMethod::Online),
        status: Set(OrderStatus::Cancelled),
        total_cents: Set(4500),
        payment_flag: Set(Some("paid_after_release".into())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    store::entities::payment::ActiveModel {
        order_id: Set(flagged_order),
        provider: Set(PaymentProvider::Stripe),
        kind: Set(PaymentKind::Payment),
        provider_reference: Set(Some("pi_isolation_late".into())),
        amount_cents: Set(4500),
        status: Set(PaymentStatus::Succeeded),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let cost_line = cost_line::ActiveModel {
        event_id: Set(draft),
        category: Set("trainer".into()),
        description: Set("Geheim honorarium".into()),
        budget_cents: Set(140_000),
        status: Set(CostStatus::Planned),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    // Kempen's trainer with a bank account, and an open payment file paying the live event's trainer.
    let mut paid_trainer: trainer::ActiveModel =
        trainer::Entity::find_by_id(trainer).one(db).await.unwrap().unwrap().into();
    paid_trainer.iban = Set(Some("BE68539007547034".into()));
    paid_trainer.update(db).await.unwrap();
    let sent_line = cost_line::ActiveModel {
        event_id: Set(live),
        category: Set("trainer".into()),
        description: Set("Honorarium in betaalbestand".into()),
        trainer_id: Set(Some(trainer)),
        budget_cents: Set(50_000),
        actual_cents: Set(Some(50_000)),
        status: Set(CostStatus::SentToBank),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let payment_file = store::entities::payment_file::ActiveModel {
        organiser_id: Set(kempen),
        created_by: Set(Some(hanne.id)),
        created_at: Set(now),
        requested_execution_date: Set(now.date_naive()),
        msg_id: Set("LEERNET-F-ISOLATION".into()),
        status: Set(domain::PaymentFileStatus::Open),
        transaction_count: Set(1),
        total_cents: Set(50_000),
        xml: Set("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    store::entities::payment_file_line::ActiveModel {
        file_id: Set(payment_file),
        cost_line_id: Set(sent_line),
        live_cost_line_id: Set(Some(sent_line)),
        amount_cents: Set(50_000),
        payee_name: Set("Lesgever".into()),
        iban: Set("BE68539007547034".into()),
        end_to_end_id: Set(format!("LEERNET-L{sent_line}-F{payment_file}")),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let other_organisation = organisation::Entity::find()
        .filter(organisation::Column::Name.eq("OCMW Mol"))
        .one(db)
        .await
        .unwrap()
        .expect("OCMW Mol in the demo")
        .id;
    Targets {
        payment_file,
        other_organisation,
        draft,
        draft_slug,
        live,
        live_session,
        attendee_surname,
        attendee_email,
        partner: geel.id,
        membership,
        venue,
        trainer,
        api_token,
        registration,
        kempen_secret,
        nwvl_secret,
        invoice,
        cost_line,
        flagged_order,
    }
}

/// The form token of a session, from a page everyone signed in may open.
async fn csrf_of_session(app: &TestApp, cookie: &str) -> String {
    crate::helpers::csrf_of(&app.get_with_cookie("/mijn", cookie).await.body)
}

on_both_databases!(nobody_reads_or_changes_another_organisers_data, |app: TestApp| async move {
    let (kempen, nwvl) = (organiser_id(&app, KEMPEN).await, organiser_id(&app, NWVL).await);
    let targets = targets(&app, kempen, nwvl).await;
    let mut sessions = Vec::new();
    for who in Who::SIGNED_IN {
        let cookie = sign_in(&app, who.email().unwrap()).await;
        let csrf = csrf_of_session(&app, &cookie).await;
        sessions.push((who, cookie, csrf));
    }
    let before = kempen_state(&app, kempen, targets.partner).await;
    let (kempen_token, nwvl_token) = (targets.kempen_secret.clone(), targets.nwvl_secret.clone());

    let mut failures = Vec::new();
    for (row, case) in cases(&targets).iter().enumerate() {
        let (cookie, csrf) = match sessions.iter().find(|(who, ..)| *who == case.who) {
            Some((_, cookie, csrf)) => (Some(cookie.as_str()), csrf.as_str()),
            None => (None, "geen"),
        };
        let api_token = match case.who {
            KempenAdmin => Some(kempen_token.as_str()),
            NwvlAdmin => Some(nwvl_token.as_str()),
            _ => None,
        };
        let answer = send(&app, case, cookie, csrf, api_token).await;
        let mut wrong = Vec::new();
        if answer.status != case.status {
            wrong.push(format!("got {} expected {}", answer.status, case.status));
        }
        if !answer.location.starts_with(case.location) || (case.location.is_empty() && !answer.location.is_empty()) {
            wrong.push(format!("redirected to {:?}, expected {:?}", answer.location, case.location));
        }
        if !case.who.runs_kempen() {
            for secret in [SECRET_TITLE, SECRET_EMAIL, KEMPEN_STAFF_EMAIL] {
                if answer.body.contains(secret) {
                    wrong.push(format!("leaked {secret:?}"));
                }
            }
        }
        // A server function's refusal is its error, not "no such function".
        let error = match answer.status {
            404 => "\"NotFound\"",
            401 => "\"SignInRequired\"",
            _ => "",
        };
        if matches!(case.send, Send::Function(_)) && !error.is_empty() && !answer.body.contains(error) {
            wrong.push(format!("answered without the error {error}"));
        }
        if !answer.body.contains(case.says) {
            wrong.push(format!("does not say {:?}", case.says));
        }
        if !case.hides.is_empty() && answer.body.contains(case.hides) {
            wrong.push(format!("leaked {:?}", case.hides));
        }
        if !wrong.is_empty() {
            let body: String = answer.body.chars().take(200).collect();
            failures.push(format!(
                "row {row}: {:?} {} {}: {} (body: {body:?})",
                case.who,
                case.method(),
                case.path,
                wrong.join("; ")
            ));
        }
    }
    // Nothing of Kempen's changed, and no mail went out.
    let after = kempen_state(&app, kempen, targets.partner).await;
    if after != before {
        let (was, is) = (format!("{before:#?}"), format!("{after:#?}"));
        let gone: Vec<&str> = was.lines().filter(|l| !is.lines().any(|m| m == *l)).collect();
        let new: Vec<&str> = is.lines().filter(|l| !was.lines().any(|m| m == *l)).collect();
        failures.push(format!("Kempen's data changed:\nwas:\n{}\nis:\n{}", gone.join("\n"), new.join("\n")));
    }
    assert!(failures.is_empty(), "{} isolation failures:\n{}", failures.len(), failures.join("\n"));

    // The control row's new event is NWVL's; the draft is still Kempen's draft.
    let nwvl_events = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(nwvl))
        .filter(event::Column::Title.eq("Vorming NWVL"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(nwvl_events, 1);
    let draft = event::Entity::find_by_id(targets.draft).one(&app.db).await.unwrap().unwrap();
    assert_eq!((draft.title.as_str(), draft.status.code()), (SECRET_TITLE, "draft"));
});

/// The table covers every route: page routes and server functions as the app
/// registers them, and the form routes of the server's routers.
const FORM_ROUTES: &[&str] = &[
    "/aanmelden",
    "/aanmelden/bevestigen",
    "/aanmelden/wachtwoord",
    "/afmelden",
    "/regio/{organiser}/{event}/inschrijven",
    "/ticket/{code}/afmelden",
    "/ticket/{code}/aannemen",
    "/betaling/{token}/geannuleerd",
    "/mijn/wachtwoord",
    "/mijn/verwijderen",
    "/beheer",
    "/beheer/{organiser}/activiteiten/{event}/status",
    "/beheer/{organiser}/activiteiten/nieuw",
    "/beheer/{organiser}/activiteiten/{event}",
    "/beheer/{organiser}/activiteiten/{event}/kopie",
    "/beheer/{organiser}/mensen",
    "/beheer/{organiser}/mensen/{membership}/intrekken",
    "/beheer/{organiser}/organisaties/importeren",
    "/beheer/{organiser}/organisaties/{organisation}",
    "/beheer/organisaties/voorstellen",
    "/beheer/{organiser}/api",
    "/beheer/{organiser}/api/{token}/intrekken",
    "/beheer/{organiser}/privacy",
    "/beheer/{organiser}/facturen/{invoice}",
    "/beheer/{organiser}/facturen/bankafschrift",
    "/beheer/{organiser}/betalingen/{order}/terugbetalen",
    "/beheer/{organiser}/activiteiten/{event}/inchecken",
    "/beheer/{organiser}/activiteiten/{event}/inchecken/ongedaan",
    "/beheer/{organiser}/activiteiten/{event}/financien",
    "/beheer/{organiser}/activiteiten/{event}/financien/{line}",
    "/beheer/{organiser}/activiteiten/{event}/financien/{line}/verwijderen",
    "/beheer/{organiser}/activiteiten/{event}/financien/{line}/uitbetalen",
    "/beheer/{organiser}/activiteiten/{event}/attesten",
    "/beheer/{organiser}/activiteiten/{event}/vrijgeven",
    "/beheer/{organiser}/instellingen",
    "/beheer/{organiser}/instellingen/vier-ogen",
    "/beheer/{organiser}/lesgevers/{trainer}",
    "/beheer/{organiser}/financien/overschrijvingen",
    "/beheer/{organiser}/financien/overschrijvingen/{file}/annuleren",
    "/beheer/{organiser}/financien/onkosten",
    "/beheer/{organiser}/instellingen/km-tarief",
    "/beheer/{organiser}/activiteiten/{event}/documenten",
    "/beheer/{organiser}/activiteiten/{event}/documenten/{document}/wijzigen",
    "/beheer/{organiser}/activiteiten/{event}/documenten/{document}/verwijderen",
    "/mijn/onkosten",
    "/mijn/agenda",
    "/inschrijving/bevestigen",
];
const API_ROUTES: &[&str] = &["/api/v1/events", "/api/v1/events/{id}", "/api/v1/organisers"];
/// The organisers' API (token-bearing calls): each needs a row by another organiser's token.
const TOKEN_API_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/events/{event_id}/registrations"),
    ("POST", "/api/v1/events/{event_id}/registrations"),
    ("DELETE", "/api/v1/registrations/{registration_id}"),
    ("GET", "/api/v1/events/{event_id}/sessions"),
    ("GET", "/api/v1/events/{event_id}/sessions/{session_id}/admissions"),
    ("GET", "/api/v1/events/{event_id}/sessions/{session_id}/check-ins"),
    ("POST", "/api/v1/events/{event_id}/sessions/{session_id}/check-ins"),
    ("DELETE", "/api/v1/events/{event_id}/sessions/{session_id}/check-ins/{registration_id}"),
    ("GET", "/api/v1/participation"),
];
/// Token routes without an id of the organiser's in them: another organiser's
/// token reads its own organiser's answer (200) rather than 404.
const OWN_ONLY_API_ROUTES: &[&str] = &["/api/v1/participation"];

/// Which rows count for a route.
type Wanted = fn(&Case) -> bool;

/// Whether a concrete path fits a route template (`{name}` or `:name` segments).
fn fits(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t.starts_with('{') || t.starts_with(':') || t == p)
}

#[tokio::test]
async fn the_isolation_table_covers_every_route() {
    let targets = Targets {
        draft: 1,
        draft_slug: "x".into(),
        live: 2,
        live_session: 12,
        attendee_surname: "Peeters",
        attendee_email: "an@example.test",
        partner: 3,
        membership: 4,
        venue: 5,
        trainer: 6,
        api_token: 7,
        registration: 8,
        kempen_secret: String::new(),
        nwvl_secret: String::new(),
        invoice: 9,
        cost_line: 11,
        flagged_order: 10,
        payment_file: 13,
        other_organisation: 14,
    };
    let table = cases(&targets);
    let covered = |template: &str, wanted: &dyn Fn(&Case) -> bool| {
        table.iter().any(|case| fits(template, &case.path) && wanted(case))
    };
    let mut missing = Vec::new();
    for route in leptos_axum::generate_route_list(app::App) {
        if !covered(route.path(), &|c| matches!(c.send, Send::Get)) {
            missing.push(format!("page {}", route.path()));
        }
    }
    let functions: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    assert!(functions.len() >= 12, "server functions registered: {functions:?}");
    for path in functions {
        if !covered(path, &|c| matches!(c.send, Send::Function(_) | Send::FunctionJson(_))) {
            missing.push(format!("server function {path}"));
        }
    }
    for route in FORM_ROUTES {
        let checks: [(&str, Wanted); 3] = [
            ("by others", |c| matches!(c.send, Send::Form(_)) && c.token && !c.elsewhere && !c.who.runs_kempen()),
            ("from elsewhere", |c| matches!(c.send, Send::Form(_)) && c.elsewhere && c.status == 403),
            ("without token", |c| matches!(c.send, Send::Form(_)) && !c.token && c.status == 403),
        ];
        for (what, wanted) in checks {
            // Signing in needs no session, so there is no token and no "others".
            let session_less = matches!(
                *route,
                "/aanmelden"
                    | "/aanmelden/bevestigen"
                    | "/aanmelden/wachtwoord"
                    | "/regio/{organiser}/{event}/inschrijven"
                    | "/ticket/{code}/afmelden"
                    | "/ticket/{code}/aannemen"
                    | "/betaling/{token}/geannuleerd"
                    | "/inschrijving/bevestigen"
            );
            if (session_less && what != "from elsewhere") || (*route == "/afmelden" && what == "by others") {
                continue;
            }
            if !covered(route, &wanted) {
                missing.push(format!("form {route} {what}"));
            }
        }
    }
    for route in API_ROUTES {
        if !covered(route, &|c| matches!(c.send, Send::Get)) {
            missing.push(format!("API {route}"));
        }
    }
    // Every route of the API router is in one of the two lists.
    for (method, path) in server::api::ROUTES {
        let full = format!("/api/v1{path}");
        let listed = API_ROUTES.contains(&full.as_str())
            || TOKEN_API_ROUTES.iter().any(|(m, p)| m.eq_ignore_ascii_case(method) && *p == full);
        if !listed {
            missing.push(format!("API {method} {full} in neither API_ROUTES nor TOKEN_API_ROUTES"));
        }
    }
    for (method, route) in TOKEN_API_ROUTES {
        let by = |who: Who, status: u16| {
            covered(route, &|c| matches!(c.send, Send::Api(m, _) if m == *method) && c.who == who && c.status == status)
        };
        let other_token = if OWN_ONLY_API_ROUTES.contains(route) { 200 } else { 404 };
        if !by(NwvlAdmin, other_token) {
            missing.push(format!("API {method} {route} by another organiser's token"));
        }
        if !by(Anonymous, 401) {
            missing.push(format!("API {method} {route} without a token"));
        }
    }
    assert!(missing.is_empty(), "rows missing from the isolation table:\n{}", missing.join("\n"));
}
