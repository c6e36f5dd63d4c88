//! A trainer's fee statement of one activity as a one-page PDF, for their own
//! books (`domain::trainer_fees::FeeStatement`): the organiser and the
//! trainer (name, address, enterprise number, VAT status), the activity and
//! its dates, each fee with its status, when and with which reference it was
//! paid, the totals, and what the trainer's VAT status means for the fee.
//! Texts in the reader's language (`domain/locales/*/my_fees.txt`).

use crate::pdf::{ACCENT, GREY, HEIGHT, MARGIN, Page, WIDTH, assemble, fit, text_width, wrap};
use domain::dates;
use domain::i18n::{self, Locale};
use domain::trainer_fees::{self, FeeStatement, Party};
use domain::{CostStatus, Money};

const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
const BOX: (f32, f32, f32) = (0.95, 0.96, 0.97);

/// A party's box: its heading, name and lines, at (`x`, `y`), `width` wide; where it ends.
fn party(p: &mut Page, x: f32, y: f32, width: f32, heading: &str, who: &Party, extra: &[String]) -> f32 {
    let mut lines = who.address_lines();
    lines.extend(extra.iter().cloned());
    let height = 38.0 + 12.0 * lines.len() as f32;
    p.fill(x, y - height + 10.0, width, height, BOX);
    p.text(x + 10.0, y - 4.0, 8.0, true, GREY, heading);
    p.text(x + 10.0, y - 20.0, 11.0, true, BLACK, &fit(&who.name, 11.0, true, width - 20.0));
    let mut ly = y - 33.0;
    for line in &lines {
        p.text(x + 10.0, ly, 9.0, false, BLACK, &fit(line, 9.0, false, width - 20.0));
        ly -= 12.0;
    }
    y - height
}

fn enterprise_line(locale: Locale, who: &Party) -> Option<String> {
    who.enterprise_number.map(|n| i18n::text_with(locale, "pdf.enterprise_number", &[("number", &n.to_string())]))
}

pub fn render(statement: &FeeStatement, locale: Locale) -> Vec<u8> {
    let euro = |m: Money| m.display_full_in(locale);
    let right = WIDTH - MARGIN;
    let width = right - MARGIN;
    let mut p = Page::new();
    p.fill(0.0, HEIGHT - 8.0, WIDTH, 8.0, ACCENT);

    // Title and facts.
    let mut y = HEIGHT - MARGIN - 14.0;
    let title = i18n::text(locale, "my_fees.pdf_title").to_uppercase();
    p.text(MARGIN, y, 20.0, true, ACCENT, &title);
    y -= 17.0;
    let issued = dates::date_document_in(locale, statement.issued_on);
    p.text(MARGIN, y, 9.0, false, GREY, &format!("{} {issued}", i18n::text(locale, "my_fees.pdf_issued")));
    y -= 26.0;

    // The parties, side by side.
    let half = (width - 14.0) / 2.0;
    let organiser_extra: Vec<String> = enterprise_line(locale, &statement.organiser).into_iter().collect();
    let mut trainer_extra: Vec<String> = enterprise_line(locale, &statement.trainer).into_iter().collect();
    if let Some(status) = statement.vat_status {
        trainer_extra.push(i18n::text(locale, status.label_key()).to_string());
    }
    let left_end = party(
        &mut p,
        MARGIN,
        y,
        half,
        i18n::text(locale, "my_fees.pdf_organiser"),
        &statement.organiser,
        &organiser_extra,
    );
    let right_end = party(
        &mut p,
        MARGIN + half + 14.0,
        y,
        half,
        i18n::text(locale, "my_fees.pdf_trainer"),
        &statement.trainer,
        &trainer_extra,
    );
    y = f32::min(left_end, right_end) - 24.0;

    // The activity and its dates.
    p.text(MARGIN, y, 8.0, true, GREY, &i18n::text(locale, "my_fees.pdf_activity").to_uppercase());
    y -= 16.0;
    for line in wrap(&statement.event_title, 13.0, width).iter().take(2) {
        p.text(MARGIN, y, 13.0, true, BLACK, line);
        y -= 16.0;
    }
    if !statement.sessions.is_empty() {
        y -= 2.0;
        p.text(MARGIN, y, 8.0, true, GREY, &i18n::text(locale, "my_fees.pdf_sessions").to_uppercase());
        y -= 13.0;
        let shown = 12;
        for session in statement.sessions.iter().take(shown) {
            let when = format!(
                "{} {}-{}",
                dates::date_short_in(locale, session.starts_at.date()),
                dates::time(session.starts_at),
                dates::time(session.ends_at)
            );
            p.text(MARGIN, y, 9.5, false, BLACK, &when);
            p.text(MARGIN + 170.0, y, 9.5, false, GREY, &fit(&session.title, 9.5, false, width - 170.0));
            y -= 13.0;
        }
        if statement.sessions.len() > shown {
            p.text(MARGIN, y, 9.5, false, GREY, &format!("+ {}", statement.sessions.len() - shown));
            y -= 13.0;
        }
    }
    y -= 14.0;

    // The fees.
    let columns = [MARGIN + 6.0, MARGIN + 250.0, right - 6.0];
    p.fill(MARGIN, y - 6.0, width, 20.0, ACCENT);
    let white = (1.0, 1.0, 1.0);
    p.text(columns[0], y, 9.0, true, white, i18n::text(locale, "my_fees.pdf_description"));
    p.text(columns[1], y, 9.0, true, white, i18n::text(locale, "my_fees.pdf_status"));
    let amount_label = i18n::text(locale, "my_fees.pdf_amount");
    p.text(columns[2] - text_width(amount_label, 9.0, true), y, 9.0, true, white, amount_label);
    y -= 24.0;
    let status_width = columns[2] - columns[1] - 90.0;
    for (n, fee) in statement.fees.iter().enumerate() {
        // One page holds a long list; the rest is in the totals.
        if y < 200.0 {
            let rest = statement.fees.len() - n;
            p.text(columns[0], y, 9.0, false, GREY, &format!("+ {rest}"));
            y -= 16.0;
            break;
        }
        let first_y = y;
        let description = wrap(&fee.description, 9.5, columns[1] - columns[0] - 12.0);
        let mut status = vec![i18n::text(locale, trainer_fees::status_key(fee.status)).to_string()];
        if fee.status == CostStatus::Paid
            && let Some(day) = fee.paid_on
        {
            status.push(i18n::text_with(
                locale,
                "my_fees.pdf_paid",
                &[("date", &dates::date_document_in(locale, day))],
            ));
        }
        if let Some(reference) = &fee.reference {
            status.push(i18n::text_with(locale, "my_fees.pdf_reference", &[("reference", reference)]));
        }
        let status: Vec<String> = status.iter().flat_map(|s| wrap(s, 9.0, status_width)).collect();
        let mut dy = first_y;
        for line in description.iter().take(3) {
            p.text(columns[0], dy, 9.5, false, BLACK, line);
            dy -= 12.0;
        }
        let mut sy = first_y;
        for line in status.iter().take(4) {
            p.text(columns[1], sy, 9.0, false, BLACK, line);
            sy -= 12.0;
        }
        p.right(columns[2], first_y, 9.5, false, &euro(fee.agreed));
        y = f32::min(dy, sy) - 2.0;
        p.rule(MARGIN, right, y + 6.0, 0.5);
        y -= 8.0;
    }

    // Totals.
    y -= 6.0;
    let label_x = right - 230.0;
    p.text(label_x, y, 9.5, false, BLACK, i18n::text(locale, "my_fees.pdf_total_paid"));
    p.right(right - 6.0, y, 9.5, false, &euro(statement.paid()));
    y -= 10.0;
    p.fill(label_x - 6.0, y - 16.0, right - label_x + 6.0, 22.0, BOX);
    p.text(label_x, y - 9.0, 11.0, true, BLACK, i18n::text(locale, "my_fees.pdf_total"));
    p.right(right - 6.0, y - 9.0, 11.0, true, &euro(statement.total()));
    y -= 44.0;

    // VAT, and what this is.
    for line in wrap(i18n::text(locale, trainer_fees::vat_note_key(statement.vat_status)), 9.5, width) {
        p.text(MARGIN, y, 9.5, true, BLACK, &line);
        y -= 13.0;
    }
    y -= 4.0;
    for line in wrap(i18n::text(locale, "my_fees.pdf_not_invoice"), 9.0, width) {
        p.text(MARGIN, y, 9.0, false, GREY, &line);
        y -= 12.0;
    }

    let footer = i18n::text_with(
        locale,
        "my_fees.pdf_footer",
        &[("organiser", &statement.organiser.name), ("trainer", &statement.trainer.name)],
    );
    p.rule(MARGIN, right, 48.0, 0.5);
    p.text(MARGIN, 36.0, 7.5, false, GREY, &fit(&footer, 7.5, false, width));
    let title =
        format!("{} - {} - {}", i18n::text(locale, "my_fees.pdf_title"), statement.event_title, statement.trainer.name);
    assemble(vec![p], &title, &statement.organiser.name)
}

/// The statement's file name in `locale`.
pub fn file_name(statement: &FeeStatement, locale: Locale) -> String {
    statement.file_name(i18n::text(locale, "my_fees.file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::encode;
    use chrono::NaiveDate;
    use domain::trainer_fees::{Fee, StatementSession};
    use domain::{EnterpriseNumber, VatStatus};

    fn hex(text: &str) -> String {
        let bytes: String = encode(text).iter().map(|b| format!("{b:02X}")).collect();
        format!("<{bytes}>")
    }

    fn statement(vat_status: Option<VatStatus>, fees: usize) -> FeeStatement {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        FeeStatement {
            organiser: Party {
                name: "BIZ Kempen".into(),
                street: Some("Grensstraat 7".into()),
                postcode: Some("2300".into()),
                city: Some("Turnhout".into()),
                enterprise_number: EnterpriseNumber::parse("0412.345.614").ok(),
            },
            trainer: Party {
                name: "Sofie Mertens".into(),
                street: Some("Kerkstraat 1".into()),
                postcode: Some("2440".into()),
                city: Some("Geel".into()),
                enterprise_number: EnterpriseNumber::parse("0207.520.810").ok(),
            },
            vat_status,
            event_id: 42,
            event_title: "Energiearmoede: wat kan een hulpverlener doen?".into(),
            sessions: (1..=3)
                .map(|d| StatementSession {
                    title: format!("Dag {d}"),
                    starts_at: day(d + 10).and_hms_opt(9, 30, 0).unwrap(),
                    ends_at: day(d + 10).and_hms_opt(12, 30, 0).unwrap(),
                })
                .collect(),
            fees: (0..fees)
                .map(|i| Fee {
                    line_id: 7 + i as i32,
                    event_id: 42,
                    event_title: "Energiearmoede".into(),
                    starts_on: Some(day(11)),
                    description: if i == 0 { "Honorarium Sofie".into() } else { format!("Verplaatsing {i}") },
                    agreed: Money::from_cents(25_000 + i as i64),
                    status: if i == 0 { CostStatus::Paid } else { CostStatus::Approved },
                    paid_on: (i == 0).then(|| day(20)),
                    reference: (i == 0).then(|| "LEERNET-7-3".to_string()),
                })
                .collect(),
            issued_on: day(21),
        }
    }

    #[test]
    fn a_statement_with_both_parties_the_amounts_and_the_vat_line() {
        let s = statement(Some(VatStatus::Exempt), 2);
        let pdf = render(&s, Locale::Nl);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-") && text.contains("/Count 1"));
        for needle in [
            "(BIZ Kempen)".to_string(),
            "(Sofie Mertens)".into(),
            "(Ondernemingsnummer 0412.345.614)".into(),
            "(Ondernemingsnummer 0207.520.810)".into(),
            "(Vrijgesteld van btw)".into(),
            "(Honorarium Sofie)".into(),
            "(referentie LEERNET-7-3)".into(),
            "(betaald op 20-12-2026)".into(),
            hex("€ 250,00"),
            hex("€ 500,01"),
        ] {
            assert!(text.contains(&needle), "{needle}");
        }
        assert!(text.contains("(Lesgever vrijgesteld van btw:"), "the VAT line");
        assert!(!text.contains("my_fees."), "every key has a text");
        for locale in [Locale::Fr, Locale::En] {
            let other = String::from_utf8_lossy(&render(&s, locale)).into_owned();
            assert!(!other.contains("my_fees.") && !other.contains("pdf."), "{}", locale.code());
        }
        assert_eq!(file_name(&s, Locale::Nl), "vergoedingsstaat-42.pdf");
        // `LEERNET_PDF_SAMPLE=dir cargo test ...` writes samples to look at.
        if let Ok(dir) = std::env::var("LEERNET_PDF_SAMPLE") {
            std::fs::write(format!("{dir}/fee-statement.pdf"), &pdf).unwrap();
            std::fs::write(format!("{dir}/fee-statement-fr.pdf"), render(&statement(None, 30), Locale::Fr)).unwrap();
        }
    }

    #[test]
    fn every_vat_status_has_its_line_and_long_lists_stay_on_one_page() {
        for status in [None, Some(VatStatus::Liable), Some(VatStatus::NotABusiness)] {
            let text = String::from_utf8_lossy(&render(&statement(status, 40), Locale::En)).into_owned();
            assert!(text.contains("/Count 1"));
            let note = i18n::text(Locale::En, trainer_fees::vat_note_key(status));
            let first_word = note.split_whitespace().next().unwrap();
            assert!(text.contains(&format!("({first_word}")), "{note}");
        }
    }

    #[test]
    fn texts_stay_in_win_ansi() {
        for locale in Locale::ALL {
            for key in ["my_fees.pdf_title", "my_fees.pdf_not_invoice", "my_fees.vat_note.liable", "my_fees.pdf_footer"]
            {
                let text = i18n::text(locale, key).to_uppercase();
                assert!(!encode(&text).contains(&b'?'), "{key} ({})", locale.code());
            }
        }
    }
}
