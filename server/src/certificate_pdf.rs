//! An attendance certificate as a one-page PDF, in the participant's language
//! (`domain/locales/*/certificates.txt`).

use crate::pdf::{ACCENT, GREY, MARGIN, Page, WIDTH, assemble, wrap};
use domain::certificates::{Certificate, duration_in, session_line};
use domain::dates;
use domain::i18n::{self, Locale};

pub fn render(certificate: &Certificate, locale: Locale, issued_on: chrono::NaiveDate) -> Vec<u8> {
    let black = (0.0, 0.0, 0.0);
    let right = WIDTH - MARGIN;
    let width = right - MARGIN;
    let mut p = Page::new();
    p.fill(0.0, 842.0 - 8.0, WIDTH, 8.0, ACCENT);
    let mut y = 842.0 - MARGIN - 20.0;
    p.text(MARGIN, y, 12.0, true, ACCENT, &certificate.organiser_name);
    y -= 60.0;
    p.text(MARGIN, y, 26.0, true, ACCENT, i18n::text(locale, "certificate.title"));
    y -= 44.0;

    let organiser = [("organiser", certificate.organiser_name.as_str())];
    p.text(MARGIN, y, 11.0, false, black, &i18n::text_with(locale, "certificate.declares", &organiser));
    y -= 28.0;
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
    y -= 8.0;
    for session in &certificate.sessions {
        for (i, line) in wrap(&session_line(locale, session), 10.5, width - 16.0).into_iter().enumerate() {
            if i == 0 {
                p.fill(MARGIN + 2.0, y + 3.0, 4.0, 4.0, ACCENT);
            }
            p.text(MARGIN + 16.0, y, 10.5, false, black, &line);
            y -= 14.0;
        }
        y -= 4.0;
        // One page holds a year of monthly sessions; a longer list stops at the footer.
        if y < 200.0 {
            break;
        }
    }
    y -= 10.0;
    let total =
        i18n::text_with(locale, "certificate.total", &[("duration", &duration_in(locale, certificate.minutes()))]);
    p.text(MARGIN, y, 12.0, true, black, &total);

    // Place, date and the organiser, bottom.
    let issued =
        i18n::text_with(locale, "certificate.place_date", &[("date", &dates::date_long_in(locale, issued_on))]);
    p.text(MARGIN, 170.0, 10.5, false, black, &issued);
    p.text(MARGIN, 150.0, 10.5, true, black, &i18n::text_with(locale, "certificate.signed", &organiser));
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
    use domain::certificates::AttendedSession;

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
            sessions: vec![AttendedSession {
                title: "Sessie 1".into(),
                starts_at: tz.with_ymd_and_hms(2026, 3, 3, 9, 30, 0).unwrap(),
                ends_at: tz.with_ymd_and_hms(2026, 3, 3, 12, 30, 0).unwrap(),
            }],
            locale: Locale::Nl,
            sent: false,
        };
        let pdf = render(&certificate, Locale::Nl, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count(), 1, "one page");
        for part in ["Attest van deelname", "Els Peeters", "OCMW Mol", "Samen 3 uur."] {
            assert!(text.contains(part), "{part}");
        }
        // A line with letters beyond ASCII (the session's, with its dash) is written as a hex string.
        let session = crate::pdf::encode(&session_line(Locale::Nl, &certificate.sessions[0]));
        let hex: String = session.iter().map(|b| format!("{b:02X}")).collect();
        assert!(text.contains(&format!("<{hex}>")), "the session line");
    }
}
