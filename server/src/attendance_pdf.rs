//! The sign-in sheet of one session as a PDF (A4, as many pages as it takes):
//! a header with the activity, its kind, the date and hours, the venue and the
//! trainers; then one row per person registered with their organisation, the
//! time they were scanned in (if they were) and room to sign; then a few empty
//! rows for people who came without being on the list. Texts from
//! `domain/locales/*/attendance.txt`.

use crate::pdf::{ACCENT, GREY, HEIGHT, MARGIN, Page, WIDTH, assemble, fit, wrap};
use chrono::{DateTime, FixedOffset};
use domain::attendance::AttendanceList;
use domain::dates;
use domain::i18n::{self, Locale};

const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
/// Room to write a name by hand.
const ROW: f32 = 25.0;
/// Column edges: number, name, organisation, checked in, signature.
const COLUMNS: [f32; 6] = [MARGIN, MARGIN + 24.0, MARGIN + 176.0, MARGIN + 310.0, MARGIN + 366.0, WIDTH - MARGIN];
/// Below this the footer starts.
const BOTTOM: f32 = 70.0;
/// Empty rows for walk-ins.
const WALK_INS: usize = 5;

/// `list` must hold one session (`AttendanceList::for_session`).
pub fn render(list: &AttendanceList, locale: Locale, made_at: DateTime<FixedOffset>) -> Vec<u8> {
    let session = list.sessions.first();
    let when =
        session.map(|s| dates::span_in(locale, s.starts_at.naive_local(), s.ends_at.naive_local())).unwrap_or_default();
    let mut pages = Vec::new();
    let mut page = Page::new();
    let mut y = first_header(&mut page, list, locale, &when);
    y = table_head(&mut page, y, locale);
    let mut number = 0;
    for row in &list.rows {
        if y - ROW < BOTTOM {
            pages.push(std::mem::replace(&mut page, Page::new()));
            y = next_header(&mut page, list, &when);
            y = table_head(&mut page, y, locale);
        }
        number += 1;
        let checked_in = row.checked_in.first().copied().flatten();
        y = table_row(&mut page, y, number, &row.name, row.organisation.as_deref(), checked_in);
    }
    // Walk-ins: a line saying so, then empty rows, together on one page.
    if y - 24.0 - ROW * (WALK_INS as f32) < BOTTOM {
        pages.push(std::mem::replace(&mut page, Page::new()));
        y = next_header(&mut page, list, &when);
    }
    y -= 18.0;
    page.text(MARGIN, y, 9.0, false, GREY, i18n::text(locale, "attendance.walk_ins"));
    y = table_head(&mut page, y - 6.0, locale);
    for _ in 0..WALK_INS {
        number += 1;
        y = table_row(&mut page, y, number, "", None, None);
    }
    pages.push(page);

    let count = pages.len();
    let made = i18n::text_with(
        locale,
        "attendance.made",
        &[("date", &dates::date_long_in(locale, made_at.date_naive())), ("time", &dates::time(made_at.naive_local()))],
    );
    for (i, page) in pages.iter_mut().enumerate() {
        page.rule(MARGIN, WIDTH - MARGIN, 52.0, 0.5);
        for (n, line) in wrap(&made, 7.5, 380.0).iter().enumerate() {
            page.text(MARGIN, 40.0 - 9.0 * n as f32, 7.5, false, GREY, line);
        }
        let number = i18n::text_with(
            locale,
            "attendance.page",
            &[("page", &(i + 1).to_string()), ("pages", &count.to_string())],
        );
        page.right(WIDTH - MARGIN, 40.0, 8.0, false, &number);
    }
    let title = format!("{} – {} – {when}", i18n::text(locale, "attendance.sheet_title"), list.event_title);
    assemble(pages, &title, &list.organiser)
}

/// The first page's header; returns where the table starts.
fn first_header(p: &mut Page, list: &AttendanceList, locale: Locale, when: &str) -> f32 {
    let width = WIDTH - 2.0 * MARGIN;
    p.fill(0.0, HEIGHT - 8.0, WIDTH, 8.0, ACCENT);
    let mut y = HEIGHT - MARGIN - 6.0;
    p.text(MARGIN, y, 10.0, true, ACCENT, &list.organiser);
    if let Some(kind) = list.kind_in(locale) {
        p.right(WIDTH - MARGIN, y, 10.0, false, kind);
    }
    y -= 30.0;
    p.text(MARGIN, y, 20.0, true, ACCENT, i18n::text(locale, "attendance.sheet_title"));
    y -= 24.0;
    for line in wrap(&list.event_title, 14.0, width).iter().take(3) {
        p.text(MARGIN, y, 14.0, true, BLACK, line);
        y -= 18.0;
    }
    y -= 6.0;
    let session = list.sessions.first();
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(s) = session {
        facts.push((i18n::text(locale, "attendance.date"), format!("{when} · {}", s.title)));
        facts.push((
            i18n::text(locale, "attendance.venue"),
            s.venue.clone().unwrap_or_else(|| i18n::text(locale, "attendance.online").to_string()),
        ));
        if !s.trainers.is_empty() {
            facts.push((i18n::text(locale, "attendance.trainers"), s.trainers.join(", ")));
        }
    }
    let counts = i18n::text_with(
        locale,
        "attendance.counts",
        &[("registered", &list.rows.len().to_string()), ("present", &list.present_at(0).to_string())],
    );
    for (label, value) in facts {
        p.text(MARGIN, y, 10.0, true, BLACK, label);
        for line in wrap(&value, 10.0, width - 90.0).iter().take(2) {
            p.text(MARGIN + 90.0, y, 10.0, false, BLACK, line);
            y -= 14.0;
        }
        y -= 2.0;
    }
    p.text(MARGIN + 90.0, y, 10.0, false, GREY, &counts);
    y - 16.0
}

/// Following pages: the activity and the session in one line.
fn next_header(p: &mut Page, list: &AttendanceList, when: &str) -> f32 {
    p.fill(0.0, HEIGHT - 8.0, WIDTH, 8.0, ACCENT);
    let y = HEIGHT - MARGIN - 6.0;
    let line = format!("{} · {when}", list.event_title);
    p.text(MARGIN, y, 10.0, true, BLACK, &fit(&line, 10.0, true, WIDTH - 2.0 * MARGIN));
    y - 16.0
}

/// The column headings on a grey band; returns the top of the first row.
fn table_head(p: &mut Page, top: f32, locale: Locale) -> f32 {
    let height = 18.0;
    p.fill(MARGIN, top - height, WIDTH - 2.0 * MARGIN, height, (0.9, 0.92, 0.93));
    let labels = [
        "attendance.number",
        "attendance.name",
        "attendance.organisation",
        "attendance.checked_in",
        "attendance.signature",
    ];
    for (i, key) in labels.iter().enumerate() {
        let room = COLUMNS[i + 1] - COLUMNS[i] - 8.0;
        p.text(COLUMNS[i] + 4.0, top - 12.5, 8.5, true, BLACK, &fit(i18n::text(locale, key), 8.5, true, room));
    }
    top - height
}

/// One row; returns the top of the next.
fn table_row(
    p: &mut Page,
    top: f32,
    number: usize,
    name: &str,
    organisation: Option<&str>,
    checked_in: Option<DateTime<FixedOffset>>,
) -> f32 {
    let bottom = top - ROW;
    let baseline = bottom + 9.0;
    if checked_in.is_some() {
        // Those scanned in stand out on paper, in black and white too (the time is bold).
        p.fill(COLUMNS[0], bottom, COLUMNS[5] - COLUMNS[0], ROW, (0.91, 0.96, 0.92));
    }
    p.text(COLUMNS[0] + 4.0, baseline, 8.5, false, GREY, &number.to_string());
    p.text(COLUMNS[1] + 4.0, baseline, 10.0, false, BLACK, &fit(name, 10.0, false, COLUMNS[2] - COLUMNS[1] - 8.0));
    if let Some(organisation) = organisation {
        let room = COLUMNS[3] - COLUMNS[2] - 8.0;
        p.text(COLUMNS[2] + 4.0, baseline, 9.0, false, BLACK, &fit(organisation, 9.0, false, room));
    }
    if let Some(at) = checked_in {
        p.text(COLUMNS[3] + 4.0, baseline, 10.0, true, (0.05, 0.4, 0.2), &dates::time(at.naive_local()));
    }
    // Both edges: a filled row would cover the line under the row above it.
    p.line((COLUMNS[0], top), (COLUMNS[5], top), 0.6, 0.55);
    p.line((COLUMNS[0], bottom), (COLUMNS[5], bottom), 0.6, 0.55);
    for x in &COLUMNS[1..5] {
        p.line((*x, bottom), (*x, top), 0.4, 0.75);
    }
    // The outer edges of the table.
    p.line((COLUMNS[5], bottom), (COLUMNS[5], top), 0.4, 0.75);
    p.line((COLUMNS[0], bottom), (COLUMNS[0], top), 0.4, 0.75);
    bottom
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use domain::attendance::{ListRow, ListSession};

    fn at(h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 3, 3, h, m, 0).unwrap()
    }

    fn list(people: usize) -> AttendanceList {
        AttendanceList {
            event_id: 1,
            organiser: "BIZ Kempen".into(),
            event_title: "Leernetwerk negatieve dossiers".into(),
            kind: "learning_network".into(),
            sessions: vec![ListSession {
                id: 1,
                title: "Sessie 1".into(),
                starts_at: at(9, 30),
                ends_at: at(12, 30),
                venue: Some("Zaal De Schakel, Markt 1, 2400 Mol".into()),
                trainers: vec!["Alexander Exelmans".into()],
            }],
            rows: (0..people)
                .map(|i| ListRow {
                    registration_id: i as i32,
                    name: format!("Deelnemer {i:03}"),
                    organisation: Some("OCMW Mol".into()),
                    email: None,
                    ticket_type: "Standaard".into(),
                    status: domain::RegistrationStatus::Confirmed,
                    registered_at: at(8, 0),
                    checked_in: vec![(i % 3 == 0).then(|| at(9, 2))],
                })
                .collect(),
        }
    }

    fn pages(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        text.matches("/Type /Page\n").count() + text.matches("/Type /Page ").count()
    }

    #[test]
    fn a_short_list_is_one_page_with_its_header_and_people() {
        let pdf = render(&list(4), Locale::Nl, at(8, 0));
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(pages(&pdf), 1);
        let text = String::from_utf8_lossy(&pdf);
        for part in [
            "Aanwezigheidslijst",
            "Leernetwerk negatieve dossiers",
            "Deelnemer 003",
            "Alexander Exelmans",
            "Handtekening",
            "09:02",
        ] {
            assert!(text.contains(part), "{part}");
        }
    }

    #[test]
    fn a_long_list_runs_over_pages_and_keeps_everyone() {
        let pdf = render(&list(120), Locale::Fr, at(8, 0));
        assert!(pages(&pdf) >= 4, "{} pages", pages(&pdf));
        let text = String::from_utf8_lossy(&pdf);
        for i in [0, 59, 119] {
            assert!(text.contains(&format!("Deelnemer {i:03}")), "row {i}");
        }
        assert!(text.contains("Page 1 sur"), "in French");
    }

    #[test]
    fn every_sheet_text_stays_in_win_ansi() {
        for locale in Locale::ALL {
            for key in [
                "attendance.sheet_title",
                "attendance.signature",
                "attendance.made",
                "attendance.walk_ins",
                "attendance.counts",
            ] {
                assert!(!crate::pdf::encode(i18n::text(locale, key)).contains(&b'?'), "{key} ({})", locale.code());
            }
        }
    }
}
