//! An attendance certificate as a one-page PDF, in the participant's language
//! (`domain/locales/*/certificates.txt`).

use crate::pdf::{ACCENT, GREY, MARGIN, Page, WIDTH, assemble, fit, wrap};
use domain::certificates::{Certificate, duration_in};
use domain::dates;
use domain::i18n::{self, Locale};

pub fn render(certificate: &Certificate, locale: Locale, issued_on: chrono::NaiveDate) -> Vec<u8> {
    let black = (0.0, 0.0, 0.0);
    let right = WIDTH - MARGIN;
    let width = right - MARGIN;
    let mut p = Page::new();
    p.fill(0.0, 842.0 - 8.0, WIDTH, 8.0, ACCENT);
    // The organiser as an employer files it: name, address, enterprise number.
    let mut y = 842.0 - MARGIN - 14.0;
    p.text(MARGIN, y, 12.0, true, ACCENT, &certificate.organiser_name);
    let mut issuer = Vec::new();
    if let Some(address) = &certificate.organiser_address {
        issuer.push(address.clone());
    }
    if let Some(number) = &certificate.organiser_enterprise_number {
        issuer.push(i18n::text_with(locale, "pdf.enterprise_number", &[("number", number)]));
    }
    for line in &issuer {
        y -= 13.0;
        p.text(MARGIN, y, 9.0, false, GREY, line);
    }
    y -= 46.0;
    p.text(MARGIN, y, 26.0, true, ACCENT, i18n::text(locale, "certificate.title"));
    y -= 40.0;

    let organiser = [("organiser", certificate.organiser_name.as_str())];
    p.text(MARGIN, y, 11.0, false, black, &i18n::text_with(locale, "certificate.declares", &organiser));
    y -= 26.0;
    p.text(MARGIN, y, 18.0, true, black, &certificate.participant);
    y -= 20.0;
    if let Some(organisation) = &certificate.organisation {
        let from = i18n::text_with(locale, "certificate.from", &[("organisation", organisation)]);
        p.text(MARGIN, y, 11.0, false, black, &from);
        y -= 22.0;
    }
    let took_part = i18n::text_with(locale, "certificate.took_part", &[("event", &certificate.event_title)]);
    for line in wrap(&took_part, 11.0, width) {
        p.text(MARGIN, y, 11.0, false, black, &line);
        y -= 15.0;
    }
    y -= 6.0;
    // The sessions as a table: date, from, to, hours, session.
    let columns = [MARGIN, MARGIN + 150.0, MARGIN + 195.0, MARGIN + 240.0, MARGIN + 300.0, right];
    let headings = [
        "certificate.col_date",
        "certificate.col_from",
        "certificate.col_to",
        "certificate.col_hours",
        "certificate.col_session",
    ];
    p.fill(MARGIN, y - 5.0, width, 18.0, (0.9, 0.92, 0.93));
    for (i, key) in headings.iter().enumerate() {
        p.text(columns[i] + 4.0, y, 9.0, true, black, i18n::text(locale, key));
    }
    y -= 20.0;
    for (n, session) in certificate.sessions.iter().enumerate() {
        // One page holds a year of weekly sessions; a longer list stops above the signature.
        if y < 250.0 {
            let rest = (certificate.sessions.len() - n) as u64;
            p.text(MARGIN + 4.0, y, 9.0, false, GREY, &i18n::plural(locale, "certificate.more_sessions", rest, &[]));
            y -= 16.0;
            break;
        }
        let cells = [
            dates::date_short_in(locale, session.starts_at.date_naive()),
            dates::time(session.starts_at.naive_local()),
            dates::time(session.ends_at.naive_local()),
            duration_in(locale, session.minutes()),
            fit(&session.title, 9.5, false, columns[5] - columns[4] - 8.0),
        ];
        for (i, cell) in cells.iter().enumerate() {
            p.text(columns[i] + 4.0, y, 9.5, false, black, cell);
        }
        p.line((MARGIN, y - 5.0), (right, y - 5.0), 0.4, 0.8);
        y -= 16.0;
    }
    y -= 8.0;
    let total =
        i18n::text_with(locale, "certificate.total", &[("duration", &duration_in(locale, certificate.minutes()))]);
    p.text(MARGIN, y, 12.0, true, black, &total);
    y -= 20.0;
    if !certificate.trainers.is_empty() {
        let trainers = i18n::text_with(locale, "certificate.trainers", &[("names", &certificate.trainers.join(", "))]);
        for line in wrap(&trainers, 10.5, width).iter().take(3) {
            p.text(MARGIN, y, 10.5, false, black, line);
            y -= 14.0;
        }
    }

    // Place, date and who signs, bottom.
    let issued =
        i18n::text_with(locale, "certificate.place_date", &[("date", &dates::date_long_in(locale, issued_on))]);
    p.text(MARGIN, 190.0, 10.5, false, black, &issued);
    p.text(MARGIN, 170.0, 10.5, true, black, &i18n::text_with(locale, "certificate.signed", &organiser));
    if let Some(signatory) = &certificate.signatory {
        p.line((MARGIN, 112.0), (MARGIN + 200.0, 112.0), 0.6, 0.45);
        p.text(MARGIN, 98.0, 10.5, true, black, signatory.name());
        p.text(MARGIN, 85.0, 10.0, false, black, signatory.function());
    }
    p.rule(MARGIN, right, 60.0, 0.5);
    for (i, line) in wrap(i18n::text(locale, "certificate.footer"), 8.0, width).iter().enumerate() {
        p.text(MARGIN, 46.0 - 10.0 * i as f32, 8.0, false, GREY, line);
    }
    let title = format!("{} – {}", i18n::text(locale, "certificate.title"), certificate.participant);
    assemble(vec![p], &title, &certificate.organiser_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate, TimeZone};
    use domain::certificates::{AttendedSession, Signatory};

    #[test]
    fn every_certificate_text_stays_in_win_ansi() {
        for locale in Locale::ALL {
            for key in ["certificate.title", "certificate.declares", "certificate.took_part", "certificate.footer"] {
                let text = i18n::text(locale, key);
                assert!(!crate::pdf::encode(text).contains(&b'?'), "{key} ({})", locale.code());
            }
        }
    }

    #[test]
    fn a_certificate_is_a_one_page_pdf_with_its_text() {
        let tz = FixedOffset::east_opt(3600).unwrap();
        let certificate = Certificate {
            registration_id: 1,
            participant: "Els Peeters".into(),
            email: None,
            organisation: Some("OCMW Mol".into()),
            event_title: "Leernetwerk negatieve dossiers".into(),
            organiser_name: "BIZ Kempen".into(),
            organiser_enterprise_number: Some("0412.345.614".into()),
            organiser_address: Some("Grote Markt 1, 2300 Turnhout".into()),
            signatory: Signatory::parse("Hanne Laenen", "Coordinator").unwrap(),
            trainers: vec!["Alexander Exelmans".into()],
            sessions: vec![AttendedSession {
                title: "Sessie 1".into(),
                starts_at: tz.with_ymd_and_hms(2026, 3, 3, 9, 30, 0).unwrap(),
                ends_at: tz.with_ymd_and_hms(2026, 3, 3, 12, 30, 0).unwrap(),
            }],
            locale: Locale::Nl,
            sent: false,
            sent_on: None,
        };
        let pdf = render(&certificate, Locale::Nl, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(), 1, "one page");
        for part in [
            "Attest van deelname",
            "Els Peeters",
            "OCMW Mol",
            "Samen 3 uur.",
            "Ondernemingsnummer 0412.345.614",
            "Grote Markt 1, 2300 Turnhout",
            "Alexander Exelmans",
            "Hanne Laenen",
            "Coordinator",
            "09:30",
            "12:30",
        ] {
            assert!(text.contains(part), "{part}");
        }
        // The session's hours as a cell of its own.
        assert!(text.contains("(3 uur)"), "the hours of the session");
    }
}
