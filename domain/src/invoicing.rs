//! Invoices and credit notes as documents: who bills whom for what, the totals
//! (exact, in cents, rounded the way EN 16931 rounds), the numbers
//! (`2026-00042`, credit notes `CN-2026-00003`), the structured communication
//! that pays an invoice, and the Peppol BIS Billing 3.0 UBL that carries it.
//!
//! Ticket prices are what people pay, VAT included. For an organiser that
//! charges VAT the net unit price is the price without 21 % rounded to the
//! cent, a line's net amount is quantity × net unit price and the VAT is
//! computed once over the category's net total (BR-CO-17), so the total with
//! VAT (BT-112) can be a cent or a few off the prices shown at registration
//! (€ 35 is € 28,93 + € 6,08 = € 35,01). An invoice asks what the participant
//! was shown: the difference goes into the rounding amount (BT-114, UBL
//! `PayableRoundingAmount`), so the amount due (BT-115 = BT-112 + BT-114,
//! BR-CO-16) is the sum of the prices shown ([`rounding_to`]) while the VAT
//! stays exact. A credit note carries the rounding of the prices it credits.

use crate::enterprise::EnterpriseNumber;
use crate::money::Money;
use crate::ogm::OgmReference;
use crate::xml::XmlWriter;
use chrono::NaiveDate;
use std::fmt;

/// Invoice or credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Invoice,
    CreditNote,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::CreditNote => "credit_note",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "invoice" => Some(DocumentKind::Invoice),
            "credit_note" => Some(DocumentKind::CreditNote),
            _ => None,
        }
    }
}

/// A document's number: per organiser, kind and year, counted from 1 without gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvoiceNumber {
    pub kind: DocumentKind,
    pub year: i32,
    pub number: i32,
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DocumentKind::Invoice => write!(f, "{}-{:05}", self.year, self.number),
            DocumentKind::CreditNote => write!(f, "CN-{}-{:05}", self.year, self.number),
        }
    }
}

/// The structured communication that pays invoice `number` of `organiser_id`
/// in `year`: organiser (3 digits), year (2), number (5). Distinct invoices get
/// distinct references as long as organisers stay below 1000 and numbers
/// below 100 000 a year; `None` beyond that (the invoice then has none).
pub fn payment_reference(organiser_id: i32, year: i32, number: i32) -> Option<OgmReference> {
    if !(1..1000).contains(&organiser_id) || !(1..100_000).contains(&number) || year < 0 {
        return None;
    }
    let base = u64::try_from(organiser_id).ok()? * 10_000_000
        + u64::try_from(year % 100).ok()? * 100_000
        + u64::try_from(number).ok()?;
    OgmReference::from_base(base).ok()
}

/// The VAT an organiser charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VatTreatment {
    /// Standard rate, in basis points (2100 = 21 %).
    Standard { rate_basis_points: u32 },
    /// Exempt under art. 44 of the Belgian VAT code (training by a recognised
    /// non-profit or public body).
    Exempt,
}

/// Belgium's standard rate.
pub const STANDARD_RATE_BASIS_POINTS: u32 = 2100;

/// CEF VATEX code for art. 44, § 2, 4° WBTW, Belgium's transposition of
/// art. 132(1)(i) of Directive 2006/112/EC (vocational training).
pub const EXEMPTION_CODE: &str = "VATEX-EU-132-1I";
/// The reason printed on the invoice and carried in BT-120.
pub const EXEMPTION_REASON: &str = "Vrijgesteld van btw, art. 44, § 2, 4° WBTW";

impl VatTreatment {
    /// From an organiser's `vat_mode` column (`exempt` | `standard`).
    pub fn from_mode(mode: &str) -> Option<Self> {
        match mode {
            "exempt" => Some(VatTreatment::Exempt),
            "standard" => Some(VatTreatment::Standard { rate_basis_points: STANDARD_RATE_BASIS_POINTS }),
            _ => None,
        }
    }

    /// UNCL 5305 category: `S` or `E`.
    pub fn category(self) -> &'static str {
        match self {
            VatTreatment::Standard { .. } => "S",
            VatTreatment::Exempt => "E",
        }
    }

    pub fn rate_basis_points(self) -> u32 {
        match self {
            VatTreatment::Standard { rate_basis_points } => rate_basis_points,
            VatTreatment::Exempt => 0,
        }
    }

    /// Back from the stored category and rate.
    pub fn from_stored(category: &str, rate_basis_points: i32) -> Option<Self> {
        match category {
            "E" => Some(VatTreatment::Exempt),
            "S" => Some(VatTreatment::Standard { rate_basis_points: u32::try_from(rate_basis_points).ok()? }),
            _ => None,
        }
    }

    /// The net unit price of a price that includes this VAT, rounded half up to the cent.
    pub fn net_of(self, gross: Money) -> Money {
        let bp = i64::from(self.rate_basis_points());
        let g = gross.cents();
        Money::from_cents((g * 20_000 + 10_000 + bp).div_euclid(2 * (10_000 + bp)))
    }

    /// VAT on a net amount, rounded half away from zero to the cent (BR-CO-17).
    pub fn vat_on(self, net: Money) -> Money {
        let bp = i64::from(self.rate_basis_points());
        let n = net.cents() * bp;
        Money::from_cents(if n >= 0 { (n + 5_000) / 10_000 } else { -((-n + 5_000) / 10_000) })
    }

    /// The rate as UBL writes a percentage: `21` or `0`, `5.5` when needed.
    pub fn percent(self) -> String {
        let bp = self.rate_basis_points();
        let (whole, fraction) = (bp / 100, bp % 100);
        match fraction {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }
}

/// A party's postal address (Belgian: country BE).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

/// Who bills: the organiser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub name: String,
    pub enterprise_number: EnterpriseNumber,
    pub address: Address,
    pub iban: Option<String>,
    pub email: String,
}

/// Who pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub name: String,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub address: Address,
    /// Where the invoice went (the booker).
    pub email: Option<String>,
}

/// One line: what, how many, at what net unit price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub description: String,
    pub quantity: u32,
    pub unit_price: Money,
}

impl Line {
    /// `quantity` × something shown at `price`, VAT included: the net unit
    /// price is the price without `vat`, rounded to the cent.
    pub fn at_price_incl_vat(description: String, quantity: u32, price: Money, vat: VatTreatment) -> Line {
        Line { description, quantity, unit_price: vat.net_of(price) }
    }

    pub fn net(&self) -> Money {
        self.unit_price * self.quantity
    }
}

/// The rounding amount (BT-114) that makes the amount due of `lines`, billed
/// under `vat`, equal `shown`: the sum of the VAT-inclusive prices the
/// participants were shown for them.
pub fn rounding_to(vat: VatTreatment, lines: &[Line], shown: Money) -> Money {
    shown - Totals::of(vat, lines, Money::ZERO).gross
}

/// The invoice a credit note corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credited {
    pub number: InvoiceNumber,
    pub issue_date: NaiveDate,
}

/// An invoice or credit note with everything the law and Peppol ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDocument {
    pub number: InvoiceNumber,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    /// When the service is delivered (the event's first day).
    pub service_date: Option<NaiveDate>,
    pub supplier: Supplier,
    pub customer: Customer,
    pub vat: VatTreatment,
    pub lines: Vec<Line>,
    /// Structured communication to pay with (invoices only).
    pub payment_reference: Option<OgmReference>,
    /// The customer's purchase order number.
    pub purchase_order: Option<String>,
    /// Our order (registration) reference.
    pub order_reference: String,
    pub credited: Option<Credited>,
    /// The rounding amount (BT-114): what brings the total with VAT to the
    /// prices shown ([`rounding_to`]); zero on documents issued before.
    pub rounding: Money,
}

/// The money on a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// The lines' net amounts (BT-106, BT-109 and the taxable amount BT-116).
    pub net: Money,
    /// VAT on `net` (BT-110, BT-117).
    pub vat: Money,
    /// Total with VAT (BT-112): `net + vat`.
    pub gross: Money,
    /// The rounding amount (BT-114).
    pub rounding: Money,
    /// Amount due (BT-115): `gross + rounding`, what the invoice asks or the
    /// credit note gives back.
    pub due: Money,
}

impl Totals {
    /// The totals of `lines` billed under `vat`, with rounding amount `rounding`.
    pub fn of(vat: VatTreatment, lines: &[Line], rounding: Money) -> Totals {
        let net: Money = lines.iter().map(Line::net).sum();
        let tax = vat.vat_on(net);
        Totals { net, vat: tax, gross: net + tax, rounding, due: net + tax + rounding }
    }
}

impl InvoiceDocument {
    pub fn kind(&self) -> DocumentKind {
        self.number.kind
    }

    pub fn totals(&self) -> Totals {
        Totals::of(self.vat, &self.lines, self.rounding)
    }

    /// Peppol BIS Billing 3.0 UBL 2.1: an `Invoice` or a `CreditNote`.
    pub fn to_ubl(&self) -> String {
        ubl(self)
    }
}

/// `<name currencyID="EUR">1234.50</name>`: an amount as UBL wants it.
fn amount(x: &mut XmlWriter, name: &str, money: Money) {
    x.leaf_with(name, &[("currencyID", "EUR")], &decimal(money));
}

/// `1234.50`: a decimal with a point and two digits, as UBL wants amounts.
pub fn decimal(money: Money) -> String {
    let c = money.cents();
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.unsigned_abs() / 100, c.unsigned_abs() % 100)
}

const CUSTOMIZATION_ID: &str = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn address(x: &mut XmlWriter, a: &Address) {
    x.open("cac:PostalAddress");
    if let Some(street) = non_empty(&a.street) {
        x.leaf("cbc:StreetName", street);
    }
    if let Some(city) = non_empty(&a.city) {
        x.leaf("cbc:CityName", city);
    }
    if let Some(postcode) = non_empty(&a.postcode) {
        x.leaf("cbc:PostalZone", postcode);
    }
    x.open("cac:Country");
    x.leaf("cbc:IdentificationCode", "BE");
    x.close("cac:Country");
    x.close("cac:PostalAddress");
}

fn ubl(doc: &InvoiceDocument) -> String {
    let invoice = doc.kind() == DocumentKind::Invoice;
    let root = if invoice { "Invoice" } else { "CreditNote" };
    let namespace = if invoice {
        "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    } else {
        "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    };
    let totals = doc.totals();
    let mut x = XmlWriter::new();
    x.open_with(
        root,
        &[
            ("xmlns", namespace),
            ("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
            ("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
        ],
    );
    x.leaf("cbc:CustomizationID", CUSTOMIZATION_ID);
    x.leaf("cbc:ProfileID", PROFILE_ID);
    x.leaf("cbc:ID", &doc.number.to_string());
    x.leaf("cbc:IssueDate", &doc.issue_date.to_string());
    if invoice {
        if let Some(due) = doc.due_date {
            x.leaf("cbc:DueDate", &due.to_string());
        }
        x.leaf("cbc:InvoiceTypeCode", "380");
    } else {
        x.leaf("cbc:CreditNoteTypeCode", "381");
    }
    if let VatTreatment::Exempt = doc.vat {
        x.leaf("cbc:Note", EXEMPTION_REASON);
    }
    x.leaf("cbc:DocumentCurrencyCode", "EUR");
    // BT-10: the customer's own reference; ours when they gave none (PEPPOL-EN16931-R003).
    x.leaf("cbc:BuyerReference", doc.purchase_order.as_deref().unwrap_or(&doc.order_reference));
    if let Some(po) = doc.purchase_order.as_deref() {
        x.open("cac:OrderReference");
        x.leaf("cbc:ID", po);
        x.close("cac:OrderReference");
    }
    if let Some(credited) = doc.credited {
        x.open("cac:BillingReference");
        x.open("cac:InvoiceDocumentReference");
        x.leaf("cbc:ID", &credited.number.to_string());
        x.leaf("cbc:IssueDate", &credited.issue_date.to_string());
        x.close("cac:InvoiceDocumentReference");
        x.close("cac:BillingReference");
    }

    // Seller.
    let s = &doc.supplier;
    let seller_number = s.enterprise_number.digits();
    x.open("cac:AccountingSupplierParty");
    x.open("cac:Party");
    x.leaf_with("cbc:EndpointID", &[("schemeID", "0208")], &seller_number);
    x.open("cac:PartyName");
    x.leaf("cbc:Name", &s.name);
    x.close("cac:PartyName");
    address(&mut x, &s.address);
    x.open("cac:PartyTaxScheme");
    match doc.vat {
        // BT-31, the VAT identifier.
        VatTreatment::Standard { .. } => {
            x.leaf("cbc:CompanyID", &format!("BE{seller_number}"));
            x.open("cac:TaxScheme");
            x.leaf("cbc:ID", "VAT");
        }
        // BT-32, the tax registration identifier of a VAT-exempt organisation.
        VatTreatment::Exempt => {
            x.leaf("cbc:CompanyID", &seller_number);
            x.open("cac:TaxScheme");
            x.leaf("cbc:ID", "LOC");
        }
    }
    x.close("cac:TaxScheme");
    x.close("cac:PartyTaxScheme");
    x.open("cac:PartyLegalEntity");
    x.leaf("cbc:RegistrationName", &s.name);
    x.leaf_with("cbc:CompanyID", &[("schemeID", "0208")], &seller_number);
    x.close("cac:PartyLegalEntity");
    x.open("cac:Contact");
    x.leaf("cbc:ElectronicMail", &s.email);
    x.close("cac:Contact");
    x.close("cac:Party");
    x.close("cac:AccountingSupplierParty");

    // Buyer.
    let c = &doc.customer;
    x.open("cac:AccountingCustomerParty");
    x.open("cac:Party");
    if let Some(number) = c.enterprise_number {
        x.leaf_with("cbc:EndpointID", &[("schemeID", "0208")], &number.digits());
    }
    x.open("cac:PartyName");
    x.leaf("cbc:Name", &c.name);
    x.close("cac:PartyName");
    address(&mut x, &c.address);
    x.open("cac:PartyLegalEntity");
    x.leaf("cbc:RegistrationName", &c.name);
    if let Some(number) = c.enterprise_number {
        x.leaf_with("cbc:CompanyID", &[("schemeID", "0208")], &number.digits());
    }
    x.close("cac:PartyLegalEntity");
    if let Some(email) = c.email.as_deref() {
        x.open("cac:Contact");
        x.leaf("cbc:ElectronicMail", email);
        x.close("cac:Contact");
    }
    x.close("cac:Party");
    x.close("cac:AccountingCustomerParty");

    if let Some(date) = doc.service_date {
        x.open("cac:Delivery");
        x.leaf("cbc:ActualDeliveryDate", &date.to_string());
        x.close("cac:Delivery");
    }
    if invoice {
        x.open("cac:PaymentMeans");
        x.leaf_with("cbc:PaymentMeansCode", &[("name", "Credit transfer")], "30");
        if let Some(ogm) = doc.payment_reference {
            x.leaf("cbc:PaymentID", &ogm.to_string());
        }
        if let Some(iban) = non_empty(&s.iban) {
            x.open("cac:PayeeFinancialAccount");
            x.leaf("cbc:ID", &iban.replace(' ', ""));
            x.leaf("cbc:Name", &s.name);
            x.close("cac:PayeeFinancialAccount");
        }
        x.close("cac:PaymentMeans");
        if let Some(due) = doc.due_date {
            x.open("cac:PaymentTerms");
            x.leaf("cbc:Note", &format!("Te betalen tegen {}", due.format("%d-%m-%Y")));
            x.close("cac:PaymentTerms");
        }
    }

    x.open("cac:TaxTotal");
    amount(&mut x, "cbc:TaxAmount", totals.vat);
    x.open("cac:TaxSubtotal");
    amount(&mut x, "cbc:TaxableAmount", totals.net);
    amount(&mut x, "cbc:TaxAmount", totals.vat);
    x.open("cac:TaxCategory");
    x.leaf("cbc:ID", doc.vat.category());
    x.leaf("cbc:Percent", &doc.vat.percent());
    if let VatTreatment::Exempt = doc.vat {
        x.leaf("cbc:TaxExemptionReasonCode", EXEMPTION_CODE);
        x.leaf("cbc:TaxExemptionReason", EXEMPTION_REASON);
    }
    x.open("cac:TaxScheme");
    x.leaf("cbc:ID", "VAT");
    x.close("cac:TaxScheme");
    x.close("cac:TaxCategory");
    x.close("cac:TaxSubtotal");
    x.close("cac:TaxTotal");

    x.open("cac:LegalMonetaryTotal");
    amount(&mut x, "cbc:LineExtensionAmount", totals.net);
    amount(&mut x, "cbc:TaxExclusiveAmount", totals.net);
    amount(&mut x, "cbc:TaxInclusiveAmount", totals.gross);
    if !totals.rounding.is_zero() {
        amount(&mut x, "cbc:PayableRoundingAmount", totals.rounding);
    }
    amount(&mut x, "cbc:PayableAmount", totals.due);
    x.close("cac:LegalMonetaryTotal");

    let (line_tag, quantity_tag) = if invoice {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    } else {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    };
    for (i, line) in doc.lines.iter().enumerate() {
        x.open(line_tag);
        x.leaf("cbc:ID", &(i + 1).to_string());
        x.leaf_with(quantity_tag, &[("unitCode", "C62")], &line.quantity.to_string());
        amount(&mut x, "cbc:LineExtensionAmount", line.net());
        x.open("cac:Item");
        x.leaf("cbc:Name", &line.description);
        x.open("cac:ClassifiedTaxCategory");
        x.leaf("cbc:ID", doc.vat.category());
        x.leaf("cbc:Percent", &doc.vat.percent());
        x.open("cac:TaxScheme");
        x.leaf("cbc:ID", "VAT");
        x.close("cac:TaxScheme");
        x.close("cac:ClassifiedTaxCategory");
        x.close("cac:Item");
        x.open("cac:Price");
        amount(&mut x, "cbc:PriceAmount", line.unit_price);
        x.close("cac:Price");
        x.close(line_tag);
    }
    x.close(root);
    x.finish()
}

/// One row of the back office's invoice list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvoiceListItem {
    pub id: i32,
    pub number: String,
    pub credit_note: bool,
    pub issue_date: NaiveDate,
    pub customer: String,
    pub total: Money,
    pub outstanding: Money,
    pub status: crate::InvoiceStatus,
    pub payment_reference: Option<String>,
}

/// The back office's invoice list (`filter`: `open` or `paid`, or all).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvoiceList {
    pub organiser: crate::listing::OrganiserRef,
    pub filter: Option<crate::InvoiceStatus>,
    pub rows: Vec<InvoiceListItem>,
}

/// One line of an invoice as the back office shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvoiceLineView {
    pub description: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub net: Money,
}

/// One invoice or credit note in the back office.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvoiceDetail {
    pub organiser: crate::listing::OrganiserRef,
    pub id: i32,
    pub number: String,
    pub credit_note: bool,
    pub status: crate::InvoiceStatus,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub service_date: Option<NaiveDate>,
    pub customer: String,
    pub customer_enterprise_number: Option<String>,
    pub purchase_order: Option<String>,
    pub order_reference: String,
    pub credited: Option<String>,
    /// The VAT rate as UBL writes it (`21`); `None` when exempt.
    pub vat_percent: Option<String>,
    pub lines: Vec<InvoiceLineView>,
    pub net: Money,
    pub vat: Money,
    /// Total with VAT (BT-112).
    pub gross: Money,
    /// The rounding to the prices shown (BT-114); zero for most documents.
    pub rounding: Money,
    /// What the invoice asks or the credit note gives back (BT-115).
    pub due: Money,
    pub outstanding: Money,
    pub payment_reference: Option<String>,
    pub paid_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub csrf_token: String,
}

/// What importing a bank statement would do with one of its lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatementPreviewRow {
    pub date: Option<NaiveDate>,
    pub amount: Money,
    pub counterparty: String,
    pub communication: String,
    /// What the bank adds (CODA information records), possibly empty.
    #[serde(default)]
    pub information: String,
    /// The amount in the currency the payer paid in, when not euro.
    #[serde(default)]
    pub original: Option<crate::bank::OriginalAmount>,
    pub invoice_id: Option<i32>,
    pub invoice_number: Option<String>,
    /// The trainer or supplier a debit pays, for a line of one of our payment files.
    #[serde(default)]
    pub payee: Option<String>,
    /// `exact`, `other_amount`, `not_open`, `imported`, `unknown`, `outgoing`
    /// (a debit of no payment file of ours), or for a payment file's debit
    /// `payout`, `payout_paid` (booked before) or `payout_other_amount`.
    pub outcome: String,
    /// What the invoice still awaits, for `other_amount`.
    pub open_amount: Option<Money>,
    /// Whether confirming books this line as a payment.
    pub books: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn sample(vat: VatTreatment, kind: DocumentKind) -> InvoiceDocument {
        InvoiceDocument {
            number: InvoiceNumber { kind, year: 2026, number: 42 },
            issue_date: date(2026, 3, 2),
            due_date: Some(date(2026, 4, 1)),
            service_date: Some(date(2026, 4, 20)),
            supplier: Supplier {
                name: "CAW De Kempen & Co <BIZ>".into(),
                enterprise_number: EnterpriseNumber::parse("0207.520.810").unwrap(),
                address: Address {
                    street: Some("Grote Markt 1".into()),
                    postcode: Some("2300".into()),
                    city: Some("Turnhout".into()),
                },
                iban: Some("BE68 5390 0754 7034".into()),
                email: "biz@example.test".into(),
            },
            customer: Customer {
                name: "OCMW Geel".into(),
                enterprise_number: None,
                address: Address::default(),
                email: None,
            },
            vat,
            lines: vec![Line {
                description: "Leernetwerk – ticket".into(),
                quantity: 3,
                unit_price: Money::from_cents(3719),
            }],
            payment_reference: payment_reference(1, 2026, 42),
            purchase_order: Some("PO-77".into()),
            order_reference: "2026-ABCDEF12".into(),
            credited: None,
            rounding: Money::ZERO,
        }
    }

    const STANDARD: VatTreatment = VatTreatment::Standard { rate_basis_points: STANDARD_RATE_BASIS_POINTS };

    /// `count` attendees, one line each, at `price_cents` VAT included.
    fn group(vat: VatTreatment, price_cents: i64, count: u32) -> (Vec<Line>, Totals) {
        let price = Money::from_cents(price_cents);
        let lines: Vec<Line> = (0..count).map(|_| Line::at_price_incl_vat(String::new(), 1, price, vat)).collect();
        let rounding = rounding_to(vat, &lines, price * count);
        let totals = Totals::of(vat, &lines, rounding);
        (lines, totals)
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(InvoiceNumber { kind: DocumentKind::Invoice, year: 2026, number: 42 }.to_string(), "2026-00042");
        assert_eq!(
            InvoiceNumber { kind: DocumentKind::CreditNote, year: 2026, number: 3 }.to_string(),
            "CN-2026-00003"
        );
    }

    #[test]
    fn payment_references_are_distinct_and_valid() {
        let a = payment_reference(1, 2026, 42).unwrap();
        assert_eq!(a.base(), 12_600_042);
        assert_eq!(a.to_string(), format!("+++001/2600/042{}+++", &a.digits()[10..]));
        assert_ne!(payment_reference(2, 2026, 42), Some(a));
        assert_ne!(payment_reference(1, 2027, 42), Some(a));
        assert_ne!(payment_reference(1, 2026, 43), Some(a));
        assert_eq!(payment_reference(1000, 2026, 1), None);
        assert_eq!(payment_reference(1, 2026, 100_000), None);
    }

    #[test]
    fn vat_is_exact_in_cents() {
        let s = VatTreatment::Standard { rate_basis_points: 2100 };
        assert_eq!(s.net_of(Money::from_euros(45)), Money::from_cents(3719));
        assert_eq!(s.net_of(Money::from_euros(121)), Money::from_euros(100));
        assert_eq!(s.vat_on(Money::from_cents(11157)), Money::from_cents(2343));
        // Half a cent rounds up: 0.50 × 21 % = 0.105.
        assert_eq!(s.vat_on(Money::from_cents(50)), Money::from_cents(11));
        assert_eq!(VatTreatment::Exempt.vat_on(Money::from_euros(100)), Money::ZERO);
        assert_eq!(VatTreatment::Exempt.net_of(Money::from_euros(45)), Money::from_euros(45));
        assert_eq!(s.percent(), "21");
        assert_eq!(VatTreatment::Standard { rate_basis_points: 550 }.percent(), "5.5");
        assert_eq!(VatTreatment::Exempt.percent(), "0");
    }

    #[test]
    fn totals_follow_en16931() {
        let doc = sample(VatTreatment::Standard { rate_basis_points: 2100 }, DocumentKind::Invoice);
        let t = doc.totals();
        assert_eq!(
            (t.net, t.vat, t.gross),
            (Money::from_cents(11157), Money::from_cents(2343), Money::from_cents(13500))
        );
        let exempt = sample(VatTreatment::Exempt, DocumentKind::Invoice).totals();
        assert_eq!((exempt.vat, exempt.gross), (Money::ZERO, Money::from_cents(11157)));
    }

    #[test]
    fn an_invoice_asks_the_prices_shown() {
        // (price, attendees, VAT) → (net, VAT, total with VAT, rounding, amount due), in cents.
        let cases = [
            // € 35: € 28,93 net + € 6,08 VAT = € 35,01, rounded down to what was shown.
            ((3500, 1, STANDARD), (2893, 608, 3501, -1, 3500)),
            ((7000, 1, STANDARD), (5785, 1215, 7000, 0, 7000)),
            ((1250, 1, STANDARD), (1033, 217, 1250, 0, 1250)),
            // € 10: € 8,26 + € 1,73 = € 9,99, rounded up.
            ((1000, 1, STANDARD), (826, 173, 999, 1, 1000)),
            ((99, 7, STANDARD), (574, 121, 695, -2, 693)),
            ((3500, 10, STANDARD), (28930, 6075, 35005, -5, 35000)),
            ((7000, 4, STANDARD), (23140, 4859, 27999, 1, 28000)),
            ((1250, 8, STANDARD), (8264, 1735, 9999, 1, 10000)),
            ((3500, 1, VatTreatment::Exempt), (3500, 0, 3500, 0, 3500)),
            ((99, 7, VatTreatment::Exempt), (693, 0, 693, 0, 693)),
        ];
        for ((price, count, vat), expected) in cases {
            let (_, t) = group(vat, price, count);
            let got = (t.net.cents(), t.vat.cents(), t.gross.cents(), t.rounding.cents(), t.due.cents());
            assert_eq!(got, expected, "{count} × {price} ({})", vat.category());
        }
    }

    /// Every price up to € 500 for groups of 1 to 25 (a booking's maximum):
    /// the amount due is exactly what was shown, the VAT stays exactly
    /// BR-CO-17's, and the rounding stays within what cent rounding can
    /// cause (half a net cent with its VAT per attendee, half a VAT cent).
    #[test]
    fn brute_force_the_amount_due_is_always_the_price_shown() {
        let max_group = u32::try_from(crate::registration::MAX_ATTENDEES).unwrap();
        // (rounding, price) at the extremes per group size, whole euros only: adversarial prices.
        let mut up = vec![(0, 0); max_group as usize + 1];
        let mut down = vec![(0, 0); max_group as usize + 1];
        for price in 1..=50_000 {
            for count in 1..=max_group {
                for vat in [STANDARD, VatTreatment::Exempt] {
                    // One line of `count` adds up as `count` lines of one (a line's net is quantity × unit).
                    let lines = [Line::at_price_incl_vat(String::new(), count, Money::from_cents(price), vat)];
                    let t = Totals::of(vat, &lines, rounding_to(vat, &lines, Money::from_cents(price) * count));
                    assert_eq!(t.due.cents(), price * i64::from(count), "{count} × {price}");
                    assert_eq!(t.vat, vat.vat_on(t.net), "BR-CO-17");
                    assert_eq!(t.gross, t.net + t.vat);
                    assert_eq!(t.net, lines.iter().map(Line::net).sum::<Money>());
                    let r = t.rounding.cents();
                    assert!(r.abs() * 1000 <= 605 * i64::from(count) + 500, "{count} × {price}: rounding {r}");
                    if vat == VatTreatment::Exempt {
                        assert_eq!(r, 0);
                    } else if price % 100 == 0 {
                        let c = count as usize;
                        if r > up[c].0 {
                            up[c] = (r, price);
                        }
                        if r < down[c].0 {
                            down[c] = (r, price);
                        }
                    }
                }
            }
        }
        // The worst whole-euro prices (the first price to reach each extreme).
        // The integration tests bill these through the real registration form.
        assert_eq!((up[1], down[1]), ((1, 1000), (-1, 400)));
        assert_eq!((up[5], down[5]), ((3, 1000), (-3, 400)));
        assert_eq!((up[25], down[25]), ((15, 3800), (-15, 700)));
    }

    #[test]
    fn ubl_carries_the_rounding_and_the_amount_due() {
        let (lines, t) = group(STANDARD, 3500, 1);
        for kind in [DocumentKind::Invoice, DocumentKind::CreditNote] {
            let mut doc = sample(STANDARD, kind);
            doc.lines = lines.clone();
            doc.rounding = t.rounding;
            let xml = doc.to_ubl();
            assert!(
                xml.contains(
                    "<cbc:TaxInclusiveAmount currencyID=\"EUR\">35.01</cbc:TaxInclusiveAmount>\n    \
                     <cbc:PayableRoundingAmount currencyID=\"EUR\">-0.01</cbc:PayableRoundingAmount>\n    \
                     <cbc:PayableAmount currencyID=\"EUR\">35.00</cbc:PayableAmount>"
                ),
                "{xml}"
            );
        }
        // No rounding: no element (BR-CO-16 then reads payable = total with VAT).
        let xml = sample(STANDARD, DocumentKind::Invoice).to_ubl();
        assert!(!xml.contains("PayableRoundingAmount") && xml.contains(">135.00</cbc:PayableAmount>"));
        let mut up = sample(STANDARD, DocumentKind::Invoice);
        (up.lines, up.rounding) = {
            let (lines, t) = group(STANDARD, 1000, 5);
            (lines, t.rounding)
        };
        let xml = up.to_ubl();
        assert!(
            xml.contains(">0.03</cbc:PayableRoundingAmount>") && xml.contains(">50.00</cbc:PayableAmount>"),
            "{xml}"
        );
    }

    #[test]
    fn ubl_invoice_carries_what_peppol_needs() {
        let xml = sample(VatTreatment::Exempt, DocumentKind::Invoice).to_ubl();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns="));
        assert!(xml.contains(&format!("<cbc:CustomizationID>{CUSTOMIZATION_ID}</cbc:CustomizationID>")));
        assert!(xml.contains("<cbc:EndpointID schemeID=\"0208\">0207520810</cbc:EndpointID>"));
        assert!(xml.contains("<cbc:Name>CAW De Kempen &amp; Co &lt;BIZ&gt;</cbc:Name>"));
        assert!(xml.contains("<cbc:PaymentMeansCode name=\"Credit transfer\">30</cbc:PaymentMeansCode>"));
        assert!(xml.contains(&format!("<cbc:PaymentID>{}</cbc:PaymentID>", payment_reference(1, 2026, 42).unwrap())));
        assert!(xml.contains("<cbc:ID>BE68539007547034</cbc:ID>"));
        assert!(xml.contains("<cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>"));
        assert!(xml.contains("<cac:OrderReference>\n    <cbc:ID>PO-77</cbc:ID>"));
        assert!(xml.contains("<cbc:PayableAmount currencyID=\"EUR\">111.57</cbc:PayableAmount>"));
        assert!(xml.contains("<cbc:InvoicedQuantity unitCode=\"C62\">3</cbc:InvoicedQuantity>"));
        assert!(!xml.contains("BillingReference"));
    }

    #[test]
    fn ubl_credit_note_refers_to_its_invoice() {
        let mut doc = sample(VatTreatment::Standard { rate_basis_points: 2100 }, DocumentKind::CreditNote);
        doc.credited = Some(Credited {
            number: InvoiceNumber { kind: DocumentKind::Invoice, year: 2026, number: 7 },
            issue_date: date(2026, 2, 1),
        });
        let xml = doc.to_ubl();
        assert!(xml.contains("<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""));
        assert!(xml.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
        assert!(xml.contains("<cbc:ID>2026-00007</cbc:ID>\n      <cbc:IssueDate>2026-02-01</cbc:IssueDate>"));
        assert!(xml.contains("<cbc:CompanyID>BE0207520810</cbc:CompanyID>"));
        assert!(xml.contains("<cbc:CreditedQuantity unitCode=\"C62\">3</cbc:CreditedQuantity>"));
        assert!(!xml.contains("PaymentMeans"));
        assert!(!xml.contains("<cbc:DueDate>"));
    }

    #[test]
    fn escaping_covers_markup_and_control_characters() {
        let mut doc = sample(VatTreatment::Exempt, DocumentKind::Invoice);
        doc.customer.name = "a&b<c>\"d'\u{1}é€".into();
        let xml = doc.to_ubl();
        assert!(xml.contains("<cbc:RegistrationName>a&amp;b&lt;c&gt;&quot;d&apos;é€</cbc:RegistrationName>"), "{xml}");
    }
}
