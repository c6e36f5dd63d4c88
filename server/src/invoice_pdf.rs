//! Invoices and credit notes as PDF: A4, the standard Helvetica fonts in
//! WinAnsi encoding (é, ë, € without embedding a font), with the content
//! Belgian law asks for (parties with address and enterprise/VAT number,
//! number, dates, description, quantity, base per rate or the exemption) and
//! the structured communication to pay with. Its texts are in the booker's or
//! the reader's language (`domain/locales/*/pdf.txt`).

use crate::pdf::{ACCENT, GREY, HEIGHT, MARGIN, Page, WIDTH, text_width, wrap};
use domain::Money;
use domain::dates;
use domain::i18n::{self, Locale};
use domain::invoicing::{DocumentKind, InvoiceDocument, VatTreatment};

/// An amount with its cents, in `locale`'s notation: `€ 1.400,00`, `1 400,00 €`, `€1,400.00`.
fn euro(locale: Locale, m: Money) -> String {
    m.display_full_in(locale)
}

/// The document's kind in `locale`, capitalised.
fn kind_name(locale: Locale, kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Invoice => i18n::text(locale, "pdf.invoice"),
        DocumentKind::CreditNote => i18n::text(locale, "pdf.credit_note"),
    }
}

/// The document as a PDF file, its texts in `locale`.
pub fn render(doc: &InvoiceDocument, locale: Locale) -> Vec<u8> {
    let euro = |m: Money| euro(locale, m);
    let date = |d: chrono::NaiveDate| dates::date_document_in(locale, d);
    let number = |n: &dyn std::fmt::Display| n.to_string();
    let totals = doc.totals();
    let invoice = doc.kind() == DocumentKind::Invoice;
    let s = &doc.supplier;
    let mut pages = vec![Page::new()];
    let black = (0.0, 0.0, 0.0);

    // Supplier, top left.
    let p = &mut pages[0];
    p.fill(0.0, HEIGHT - 8.0, WIDTH, 8.0, ACCENT);
    let mut y = HEIGHT - MARGIN - 10.0;
    p.text(MARGIN, y, 15.0, true, ACCENT, &s.name);
    y -= 18.0;
    let mut supplier_lines: Vec<String> = Vec::new();
    if let Some(street) = &s.address.street {
        supplier_lines.push(street.clone());
    }
    let place = [s.address.postcode.as_deref(), s.address.city.as_deref()].into_iter().flatten().collect::<Vec<_>>();
    if !place.is_empty() {
        supplier_lines.push(place.join(" "));
    }
    let enterprise_number = number(&s.enterprise_number);
    supplier_lines.push(i18n::text_with(locale, "pdf.enterprise_number", &[("number", &enterprise_number)]));
    supplier_lines.push(match doc.vat {
        VatTreatment::Standard { .. } => i18n::text_with(locale, "pdf.vat_number", &[("number", &enterprise_number)]),
        VatTreatment::Exempt => i18n::text(locale, "pdf.vat_exempt").to_string(),
    });
    if let Some(iban) = &s.iban {
        supplier_lines.push(format!("IBAN {iban}"));
    }
    supplier_lines.push(s.email.clone());
    for line in &supplier_lines {
        p.text(MARGIN, y, 9.0, false, GREY, line);
        y -= 12.0;
    }

    // Title and key facts, top right.
    let title = kind_name(locale, doc.kind()).to_uppercase();
    let right = WIDTH - MARGIN;
    let ty = HEIGHT - MARGIN - 14.0;
    p.text(right - text_width(&title, 22.0, true), ty, 22.0, true, ACCENT, &title);
    let issue_label = if invoice { i18n::text(locale, "pdf.invoice_date") } else { i18n::text(locale, "pdf.date") };
    let mut facts: Vec<(&str, String)> =
        vec![(i18n::text(locale, "pdf.number"), doc.number.to_string()), (issue_label, date(doc.issue_date))];
    if let Some(due) = doc.due_date.filter(|_| invoice) {
        facts.push((i18n::text(locale, "pdf.due_date"), date(due)));
    }
    if let Some(service) = doc.service_date {
        facts.push((i18n::text(locale, "pdf.service_date"), date(service)));
    }
    if let Some(po) = &doc.purchase_order {
        facts.push((i18n::text(locale, "pdf.purchase_order"), po.clone()));
    }
    facts.push((i18n::text(locale, "pdf.our_reference"), doc.order_reference.clone()));
    let mut fy = ty - 24.0;
    for (label, value) in &facts {
        p.text(right - 210.0, fy, 9.0, false, GREY, label);
        p.right(right, fy, 9.0, true, value);
        fy -= 13.0;
    }

    // Customer.
    let mut y = f32::min(y, fy) - 18.0;
    p.fill(MARGIN, y - 78.0, 260.0, 88.0, (0.95, 0.96, 0.97));
    let to = if invoice { i18n::text(locale, "pdf.invoice_to") } else { i18n::text(locale, "pdf.credit_note_to") };
    p.text(MARGIN + 10.0, y - 4.0, 8.0, true, GREY, to);
    let c = &doc.customer;
    let mut cy = y - 20.0;
    p.text(MARGIN + 10.0, cy, 11.0, true, black, &c.name);
    cy -= 13.0;
    let mut customer_lines = Vec::new();
    if let Some(street) = &c.address.street {
        customer_lines.push(street.clone());
    }
    let place = [c.address.postcode.as_deref(), c.address.city.as_deref()].into_iter().flatten().collect::<Vec<_>>();
    if !place.is_empty() {
        customer_lines.push(place.join(" "));
    }
    if let Some(number) = c.enterprise_number {
        customer_lines.push(i18n::text_with(locale, "pdf.enterprise_number", &[("number", &number.to_string())]));
    }
    if let Some(email) = &c.email {
        customer_lines.push(email.clone());
    }
    for line in customer_lines.iter().take(4) {
        p.text(MARGIN + 10.0, cy, 9.0, false, black, line);
        cy -= 12.0;
    }
    if let Some(credited) = doc.credited {
        p.text(
            MARGIN + 280.0,
            y - 20.0,
            9.5,
            false,
            black,
            &i18n::text_with(
                locale,
                "pdf.credits",
                &[("number", &credited.number.to_string()), ("date", &date(credited.issue_date))],
            ),
        );
    }
    y -= 110.0;

    // Lines.
    let columns = [MARGIN + 284.0, MARGIN + 329.0, MARGIN + 399.0, right];
    let header = |p: &mut Page, y: f32| {
        p.fill(MARGIN, y - 6.0, right - MARGIN, 20.0, ACCENT);
        p.text(MARGIN + 6.0, y, 9.0, true, (1.0, 1.0, 1.0), i18n::text(locale, "pdf.description"));
        for (label, x) in column_labels(locale).iter().zip(columns) {
            let w = text_width(label, 9.0, true);
            p.text(x - w - 4.0, y, 9.0, true, (1.0, 1.0, 1.0), label);
        }
    };
    header(&mut pages[0], y);
    y -= 24.0;
    let vat_label = match doc.vat {
        VatTreatment::Standard { .. } => i18n::text_with(locale, "pdf.rate", &[("percent", &doc.vat.percent())]),
        VatTreatment::Exempt => i18n::text(locale, "pdf.exempt").to_string(),
    };
    // Lines stop where the totals (two rows more with a rounding) and the payment box still fit.
    let bottom = if totals.rounding.is_zero() { 190.0 } else { 220.0 };
    for line in &doc.lines {
        let wrapped = wrap(&line.description, 9.5, 205.0);
        let needed = wrapped.len() as f32 * 12.0 + 8.0;
        if y - needed < bottom {
            pages.push(Page::new());
            y = HEIGHT - MARGIN - 10.0;
            let last = pages.len() - 1;
            header(&mut pages[last], y);
            y -= 24.0;
        }
        let last = pages.len() - 1;
        let p = &mut pages[last];
        let first_y = y;
        for part in &wrapped {
            p.text(MARGIN + 6.0, y, 9.5, false, black, part);
            y -= 12.0;
        }
        p.right(columns[0] - 4.0, first_y, 9.5, false, &euro(line.unit_price));
        p.right(columns[1] - 4.0, first_y, 9.5, false, &line.quantity.to_string());
        p.right(columns[2] - 4.0, first_y, 9.5, false, &vat_label);
        p.right(columns[3] - 4.0, first_y, 9.5, false, &euro(line.net()));
        y -= 2.0;
        p.rule(MARGIN, right, y + 6.0, 0.5);
        y -= 6.0;
    }

    // Totals.
    let last = pages.len() - 1;
    let p = &mut pages[last];
    y -= 8.0;
    let label_x = right - 230.0;
    p.text(label_x, y, 9.5, false, black, i18n::text(locale, "pdf.total_net"));
    p.right(right - 4.0, y, 9.5, false, &euro(totals.net));
    y -= 15.0;
    match doc.vat {
        VatTreatment::Standard { .. } => {
            let vat_on =
                i18n::text_with(locale, "pdf.vat_on", &[("percent", &doc.vat.percent()), ("net", &euro(totals.net))]);
            p.text(label_x, y, 9.5, false, black, &vat_on);
        }
        VatTreatment::Exempt => p.text(label_x, y, 9.5, false, black, i18n::text(locale, "pdf.vat_zero")),
    }
    p.right(right - 4.0, y, 9.5, false, &euro(totals.vat));
    // The rounding that brings the total with VAT to the prices shown (BT-114).
    if !totals.rounding.is_zero() {
        y -= 15.0;
        p.text(label_x, y, 9.5, false, black, i18n::text(locale, "pdf.total_incl"));
        p.right(right - 4.0, y, 9.5, false, &euro(totals.gross));
        y -= 15.0;
        p.text(label_x, y, 9.5, false, black, i18n::text(locale, "pdf.rounding"));
        p.right(right - 4.0, y, 9.5, false, &euro(totals.rounding));
    }
    y -= 10.0;
    p.fill(label_x - 6.0, y - 16.0, right - label_x + 6.0, 22.0, (0.95, 0.96, 0.97));
    let total_label =
        if invoice { i18n::text(locale, "pdf.total_due") } else { i18n::text(locale, "pdf.total_credited") };
    p.text(label_x, y - 9.0, 11.0, true, black, total_label);
    p.right(right - 4.0, y - 9.0, 11.0, true, &euro(totals.due));
    y -= 40.0;
    if let VatTreatment::Exempt = doc.vat {
        p.text(MARGIN, y, 9.0, false, GREY, i18n::text(locale, "pdf.exemption"));
        y -= 16.0;
    }

    // How to pay.
    if invoice {
        p.fill(MARGIN, y - 62.0, right - MARGIN, 70.0, (0.93, 0.96, 0.98));
        p.fill(MARGIN, y - 62.0, 4.0, 70.0, ACCENT);
        p.text(MARGIN + 14.0, y - 8.0, 10.0, true, ACCENT, i18n::text(locale, "pdf.payment"));
        let amount = euro(totals.due);
        let due = doc.due_date.map(date);
        let transfer = match (due.as_deref(), s.iban.as_deref()) {
            (None, None) => i18n::text_with(locale, "pdf.transfer", &[("amount", &amount)]),
            (Some(due), None) => i18n::text_with(locale, "pdf.transfer_due", &[("amount", &amount), ("due", due)]),
            (None, Some(iban)) => {
                i18n::text_with(locale, "pdf.transfer_account", &[("amount", &amount), ("iban", iban)])
            }
            (Some(due), Some(iban)) => i18n::text_with(
                locale,
                "pdf.transfer_due_account",
                &[("amount", &amount), ("due", due), ("iban", iban)],
            ),
        };
        p.text(MARGIN + 14.0, y - 24.0, 9.5, false, black, &transfer);
        if let Some(ogm) = doc.payment_reference {
            p.text(MARGIN + 14.0, y - 38.0, 9.5, false, black, i18n::text(locale, "pdf.with_communication"));
            p.text(MARGIN + 14.0, y - 54.0, 12.0, true, black, &ogm.to_string());
        }
    } else {
        p.text(MARGIN, y, 9.5, false, black, i18n::text(locale, "pdf.credit_note_settled"));
    }

    // Footer on every page.
    let count = pages.len();
    let footer = i18n::text_with(
        locale,
        "pdf.footer",
        &[("supplier", &s.name), ("number", &enterprise_number), ("email", &s.email)],
    );
    let document_number = doc.number.to_string();
    for (i, page) in pages.iter_mut().enumerate() {
        page.rule(MARGIN, right, 48.0, 0.5);
        page.text(MARGIN, 36.0, 7.5, false, GREY, &footer);
        let folio = i18n::text_with(
            locale,
            "pdf.folio",
            &[
                ("document", kind_name(locale, doc.kind())),
                ("number", &document_number),
                ("page", &(i + 1).to_string()),
                ("pages", &count.to_string()),
            ],
        );
        page.text(right - text_width(&folio, 7.5, false), 36.0, 7.5, false, GREY, &folio);
    }

    let title = format!("{} {}", kind_name(locale, doc.kind()), doc.number);
    crate::pdf::assemble(pages, &title, &s.name)
}

/// The headers of the columns right of the description.
fn column_labels(locale: Locale) -> [&'static str; 4] {
    [
        i18n::text(locale, "pdf.unit_price"),
        i18n::text(locale, "pdf.quantity"),
        i18n::text(locale, "pdf.vat"),
        i18n::text(locale, "pdf.net_amount"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::encode;

    #[test]
    fn column_headers_fit_their_columns_in_every_language() {
        // Each column's room: from the previous column's right edge (or the
        // description's wrapping width) to its own, less the padding.
        let room = [284.0 - 211.0, 329.0 - 284.0, 399.0 - 329.0, 495.0 - 399.0];
        for locale in Locale::ALL {
            for (label, room) in column_labels(locale).iter().zip(room) {
                assert!(text_width(label, 9.0, true) + 6.0 <= room, "{label} ({})", locale.code());
            }
            for text in ["pdf.total_due", "pdf.total_credited"] {
                assert!(text_width(i18n::text(locale, text), 11.0, true) < 130.0, "{text} ({})", locale.code());
            }
        }
    }

    #[test]
    fn amounts_and_texts_stay_in_win_ansi() {
        assert_eq!(euro(Locale::Nl, Money::from_cents(140_000)), "€ 1.400,00");
        assert_eq!(euro(Locale::Fr, Money::from_cents(140_000)), "1\u{a0}400,00\u{a0}€");
        assert_eq!(euro(Locale::En, Money::from_cents(-4_550)), "-€45.50");
        for locale in Locale::ALL {
            for key in ["pdf.credit_note", "pdf.credit_note_to", "pdf.exemption", "pdf.vat_exempt", "pdf.credits"] {
                let text = i18n::text(locale, key).to_uppercase();
                assert!(!encode(&text).contains(&b'?'), "{key} ({}) has a character outside WinAnsi", locale.code());
            }
        }
    }

    #[test]
    fn win_ansi_covers_dutch_and_the_euro() {
        assert_eq!(encode("é€ë–"), vec![0xe9, 0x80, 0xeb, 0x96]);
        assert_eq!(encode("ł"), b"?".to_vec());
    }

    #[test]
    fn wrapping_keeps_lines_narrow() {
        let lines = wrap("Leernetwerk schuldbemiddeling – voormiddag en namiddag – Anna Peeters", 9.5, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 9.5, false) <= 120.0));
    }
}

#[cfg(test)]
mod sample {
    use super::*;
    use crate::pdf::encode;
    use domain::invoicing::*;
    use domain::{EnterpriseNumber, OgmReference};

    fn document(vat: VatTreatment, kind: DocumentKind, lines: usize) -> InvoiceDocument {
        let date = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        InvoiceDocument {
            number: InvoiceNumber { kind, year: 2026, number: 42 },
            issue_date: date(23),
            due_date: Some(date(30)),
            service_date: Some(date(27)),
            supplier: Supplier {
                name: "BIZ Kempen".into(),
                enterprise_number: EnterpriseNumber::parse("0412.345.614").unwrap(),
                address: Address {
                    street: Some("Grensstraat 7".into()),
                    postcode: Some("2300".into()),
                    city: Some("Turnhout".into()),
                },
                iban: Some("BE71096123456769".into()),
                email: "bizkempen@cawdekempen.test".into(),
            },
            customer: Customer {
                name: "OCMW Geel".into(),
                enterprise_number: EnterpriseNumber::parse("0212.255.497").ok(),
                address: Address {
                    street: Some("Markt 1".into()),
                    postcode: Some("2440".into()),
                    city: Some("Geel".into()),
                },
                email: Some("dora@ocmw-geel.test".into()),
            },
            vat,
            lines: (0..lines)
                .map(|i| Line {
                    description: format!("Vorming «Schuldbemiddeling en energie» – Deelname – Zoë Vermeulen-Ëlsen {i}"),
                    quantity: 1,
                    unit_price: vat.net_of(Money::from_cents(9550)),
                })
                .collect(),
            payment_reference: OgmReference::from_base(12_600_042).ok(),
            purchase_order: Some("BB-2026-0412".into()),
            order_reference: "2026-1A2B3C4D".into(),
            credited: None,
            rounding: Money::ZERO,
        }
    }

    #[test]
    fn a_rounding_line_when_the_total_with_vat_is_not_the_price_shown() {
        let hex = |text: &str| {
            let bytes: String = encode(text).iter().map(|b| format!("{b:02X}")).collect();
            format!("<{bytes}>")
        };
        let vat = VatTreatment::Standard { rate_basis_points: STANDARD_RATE_BASIS_POINTS };
        for kind in [DocumentKind::Invoice, DocumentKind::CreditNote] {
            let mut doc = document(vat, kind, 1);
            let price = Money::from_cents(3500);
            doc.lines = vec![Line::at_price_incl_vat("Vorming – Deelname – An Peeters".into(), 1, price, vat)];
            doc.rounding = rounding_to(vat, &doc.lines, price);
            let pdf = render(&doc, Locale::Nl);
            let text = String::from_utf8_lossy(&pdf);
            for needle in ["(Totaal incl. btw)".to_string(), "(Afronding op de prijzen incl. btw)".into()] {
                assert!(text.contains(&needle), "{needle}");
            }
            // Total with VAT € 35,01, rounding € -0,01, amount due € 35,00 (and the transfer asks it).
            for amount in ["€ 35,01", "€ -0,01", "€ 35,00"] {
                assert!(text.contains(&hex(amount)), "{amount}");
            }
            if kind == DocumentKind::Invoice {
                assert!(
                    text.contains(&hex(
                        "Gelieve € 35,00 vóór 30-11-2026 op rekening BE71096123456769 over te schrijven"
                    ))
                );
            }
            let english = String::from_utf8_lossy(&render(&doc, Locale::En)).into_owned();
            assert!(english.contains("(Rounding to the prices incl. VAT)"));
            if let Ok(dir) = std::env::var("LEERNET_PDF_SAMPLE") {
                std::fs::write(format!("{dir}/rounding-{}.pdf", kind.code()), &pdf).unwrap();
            }
        }
        // No rounding, no rounding line.
        let text = String::from_utf8_lossy(&render(&document(vat, DocumentKind::Invoice, 1), Locale::Nl)).into_owned();
        assert!(!text.contains("Afronding") && !text.contains("(Totaal incl. btw)"));
    }

    #[test]
    fn a_pdf_with_the_legal_content() {
        for (vat, kind, lines) in [
            (VatTreatment::Exempt, DocumentKind::Invoice, 2),
            (VatTreatment::Standard { rate_basis_points: 2100 }, DocumentKind::Invoice, 40),
        ] {
            let doc = document(vat, kind, lines);
            let pdf = render(&doc, Locale::Nl);
            let text = String::from_utf8_lossy(&pdf);
            assert!(text.starts_with("%PDF-"));
            let ogm = format!("({})", doc.payment_reference.unwrap());
            for needle in [
                "(2026-00042)",
                ogm.as_str(),
                "(IBAN BE71096123456769)",
                "(OCMW Geel)",
                "(Ondernemingsnummer 0212.255.497)",
            ] {
                assert!(text.contains(needle), "{needle}");
            }
            assert!(text.contains("/Count 1") == (lines < 10), "long invoices run over pages");
            // Text with letters beyond ASCII is written as a hex string.
            let hex = |text: &str| {
                let bytes: String = encode(text).iter().map(|b| format!("{b:02X}")).collect();
                format!("<{bytes}>")
            };
            let french = String::from_utf8_lossy(&render(&doc, Locale::Fr)).into_owned();
            for needle in [hex("Numéro d'entreprise 0212.255.497"), "(Bon de commande)".into(), "(23/11/2026)".into()]
            {
                assert!(french.contains(&needle), "{needle} in French");
            }
            let english = String::from_utf8_lossy(&render(&doc, Locale::En)).into_owned();
            for needle in ["(Enterprise number 0212.255.497)", "(Invoice date)", "(23 Nov 2026)"] {
                assert!(english.contains(needle), "{needle} in English");
            }
            assert!(!english.contains("(Factuurdatum)") && text.contains("(Factuurdatum)"));
            if vat.category() == "S" {
                assert!(english.contains("(21%)") && text.contains("(21 %)"), "rates as each language writes them");
            }
            for pdf in [&*text, french.as_str(), english.as_str()] {
                assert!(!pdf.contains("pdf."), "every key has a text");
            }
            // `LEERNET_PDF_SAMPLE=dir cargo test ...` writes the samples to look at.
            if let Ok(dir) = std::env::var("LEERNET_PDF_SAMPLE") {
                std::fs::write(format!("{dir}/sample-{}-{lines}.pdf", vat.category()), &pdf).unwrap();
                for locale in [Locale::Fr, Locale::En] {
                    let path = format!("{dir}/sample-{}-{lines}-{}.pdf", vat.category(), locale.code());
                    std::fs::write(path, render(&doc, locale)).unwrap();
                }
            }
        }
    }
}
