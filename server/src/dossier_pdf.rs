//! An activity's dossier as one PDF (A4, as many pages as it takes): the
//! activity and its kind; the programme (each session's date, hours, venue,
//! trainers and description); trainers and speakers; the organisations that
//! registered and came (OCMWs first) with counts; attendance per session;
//! for meetings the attendance list by name; and the meeting documents by
//! name. Tables break across pages with their heading repeated; every page
//! has its number. Texts from `domain/locales/*/dossier.txt`.

use crate::pdf::{ACCENT, GREY, HEIGHT, MARGIN, Page, WIDTH, assemble, fit, wrap};
use chrono::{DateTime, FixedOffset};
use domain::dates;
use domain::dossier::Dossier;
use domain::i18n::{self, Locale};

const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
/// Below this the footer starts.
const BOTTOM: f32 = 70.0;
const ROW: f32 = 18.0;
const TEXT_WIDTH: f32 = WIDTH - 2.0 * MARGIN;
/// At most this many session columns on the attendance list.
const MAX_SESSION_COLUMNS: usize = 6;

/// The pages being written and where the next line goes.
struct Writer<'a> {
    pages: Vec<Page>,
    page: Page,
    y: f32,
    dossier: &'a Dossier,
}

impl Writer<'_> {
    /// Room for `height` more on this page, or a new page.
    fn room(&mut self, height: f32) -> bool {
        if self.y - height < BOTTOM {
            self.pages.push(std::mem::replace(&mut self.page, Page::new()));
            self.page.fill(0.0, HEIGHT - 8.0, WIDTH, 8.0, ACCENT);
            let y = HEIGHT - MARGIN - 6.0;
            let line = format!("{} · {}", self.dossier.organiser_name, self.dossier.title);
            self.page.text(MARGIN, y, 9.0, true, GREY, &fit(&line, 9.0, true, TEXT_WIDTH));
            self.y = y - 22.0;
            return false;
        }
        true
    }

    fn heading(&mut self, text: &str) {
        // A heading never ends a page: room for it and a few lines under it.
        self.room(80.0);
        self.y -= 22.0;
        self.page.text(MARGIN, self.y, 13.0, true, ACCENT, text);
        self.y -= 6.0;
        self.page.rule(MARGIN, WIDTH - MARGIN, self.y, 0.8);
        self.y -= 16.0;
    }

    /// Wrapped text, breaking across pages.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: (f32, f32, f32), indent: f32) {
        for line in wrap(text, size, TEXT_WIDTH - indent) {
            self.room(size + 4.0);
            self.page.text(MARGIN + indent, self.y, size, bold, color, &line);
            self.y -= size + 4.0;
        }
    }

    /// A table's heading band, at the columns' left edges `x` (the last is the right edge).
    fn table_head(&mut self, x: &[f32], labels: &[&str], numeric_from: usize) {
        self.room(ROW * 2.0);
        let top = self.y;
        self.page.fill(x[0], top - ROW, x[x.len() - 1] - x[0], ROW, (0.9, 0.92, 0.93));
        for (i, label) in labels.iter().enumerate() {
            let room = x[i + 1] - x[i] - 8.0;
            let text = fit(label, 8.5, true, room);
            if i >= numeric_from {
                self.page.right(x[i + 1] - 4.0, top - 12.5, 8.5, true, &text);
            } else {
                self.page.text(x[i] + 4.0, top - 12.5, 8.5, true, BLACK, &text);
            }
        }
        self.y = top - ROW;
    }

    /// One row; a new page repeats the heading first.
    fn table_row(&mut self, x: &[f32], labels: &[&str], cells: &[String], numeric_from: usize) {
        if !self.room(ROW) {
            self.table_head(x, labels, numeric_from);
        }
        let top = self.y;
        let baseline = top - ROW + 5.5;
        for (i, cell) in cells.iter().enumerate() {
            let room = x[i + 1] - x[i] - 8.0;
            let text = fit(cell, 9.0, false, room);
            if i >= numeric_from {
                self.page.right(x[i + 1] - 4.0, baseline, 9.0, false, &text);
            } else {
                self.page.text(x[i] + 4.0, baseline, 9.0, false, BLACK, &text);
            }
        }
        self.page.line((x[0], top - ROW), (x[x.len() - 1], top - ROW), 0.4, 0.7);
        self.y = top - ROW;
    }
}

pub fn render(dossier: &Dossier, locale: Locale, made_at: DateTime<FixedOffset>) -> Vec<u8> {
    let t = |key: &'static str| -> &'static str { i18n::text(locale, key) };
    let mut w = Writer { pages: Vec::new(), page: Page::new(), y: 0.0, dossier };

    // The first page's header.
    w.page.fill(0.0, HEIGHT - 8.0, WIDTH, 8.0, ACCENT);
    let mut y = HEIGHT - MARGIN - 6.0;
    w.page.text(MARGIN, y, 10.0, true, ACCENT, &dossier.organiser_name);
    w.page.right(WIDTH - MARGIN, y, 10.0, false, dossier.kind.label_in(locale, false));
    y -= 30.0;
    w.page.text(MARGIN, y, 20.0, true, ACCENT, t("dossier.title"));
    y -= 24.0;
    for line in wrap(&dossier.title, 14.0, TEXT_WIDTH).iter().take(3) {
        w.page.text(MARGIN, y, 14.0, true, BLACK, line);
        y -= 18.0;
    }
    w.y = y - 4.0;
    if !dossier.summary.trim().is_empty() {
        w.paragraph(&dossier.summary, 10.0, false, GREY, 0.0);
    }
    let (ocmws_registered, ocmws_attended) = dossier.ocmw_counts();
    let counts = i18n::text_with(
        locale,
        "dossier.counts",
        &[
            ("registered", &dossier.registered.to_string()),
            ("attended", &dossier.attended.to_string()),
            ("ocmws_registered", &ocmws_registered.to_string()),
            ("ocmws_attended", &ocmws_attended.to_string()),
        ],
    );
    w.y -= 4.0;
    w.paragraph(&counts, 10.0, true, BLACK, 0.0);

    // The programme.
    w.heading(t("dossier.programme"));
    if dossier.sessions.is_empty() {
        w.paragraph(t("dossier.no_sessions"), 10.0, false, GREY, 0.0);
    }
    for s in &dossier.sessions {
        w.room(48.0);
        let when = dates::span_in(locale, s.starts_at.naive_local(), s.ends_at.naive_local());
        w.paragraph(&when, 10.0, true, BLACK, 0.0);
        w.paragraph(&s.title, 10.0, false, BLACK, 12.0);
        let place = match (&s.venue, s.online) {
            (Some(v), _) => v.clone(),
            (None, true) => t("dossier.online").to_string(),
            (None, false) => t("dossier.no_venue").to_string(),
        };
        w.paragraph(&place, 9.0, false, GREY, 12.0);
        if !s.trainers.is_empty() {
            w.paragraph(&format!("{}: {}", t("dossier.trainers_short"), s.trainers.join(", ")), 9.0, false, GREY, 12.0);
        }
        if let Some(d) = &s.description {
            w.paragraph(d, 9.0, false, BLACK, 12.0);
        }
        w.y -= 6.0;
    }
    if !dossier.description.trim().is_empty() {
        w.y -= 2.0;
        w.paragraph(t("dossier.content"), 10.0, true, BLACK, 0.0);
        for paragraph in dossier.description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            w.paragraph(paragraph, 9.5, false, BLACK, 0.0);
            w.y -= 4.0;
        }
    }

    // Trainers and speakers.
    w.heading(t("dossier.trainers"));
    if dossier.trainers.is_empty() {
        w.paragraph(t("dossier.no_trainers"), 10.0, false, GREY, 0.0);
    }
    for p in &dossier.trainers {
        let mut line = format!("{} ({})", p.name, p.role.name_in(locale));
        if let Some(a) = p.affiliation.as_deref().filter(|a| !a.trim().is_empty()) {
            line.push_str(&format!(", {a}"));
        }
        w.paragraph(&line, 10.0, false, BLACK, 0.0);
        if !p.sessions.is_empty() {
            w.paragraph(&p.sessions.join(", "), 9.0, false, GREY, 12.0);
        }
    }

    // Organisations.
    w.heading(t("dossier.organisations"));
    if dossier.organisations.is_empty() {
        w.paragraph(t("dossier.no_registrations"), 10.0, false, GREY, 0.0);
    } else {
        let x = [MARGIN, MARGIN + 220.0, MARGIN + 320.0, MARGIN + 410.0, WIDTH - MARGIN];
        let labels =
            [t("dossier.organisation"), t("dossier.organisation_kind"), t("dossier.registered"), t("dossier.attended")];
        w.table_head(&x, &labels, 2);
        for o in &dossier.organisations {
            let cells = [
                o.name.clone().unwrap_or_else(|| t("dossier.no_organisation").to_string()),
                o.kind.map(|k| k.name_in(locale).to_string()).unwrap_or_default(),
                o.registered.to_string(),
                o.attended.to_string(),
            ];
            w.table_row(&x, &labels, &cells, 2);
        }
        let total = [
            t("dossier.total").to_string(),
            String::new(),
            dossier.registered.to_string(),
            dossier.attended.to_string(),
        ];
        w.table_row(&x, &labels, &total, 2);
    }

    // Attendance per session.
    if !dossier.sessions.is_empty() {
        w.heading(t("dossier.attendance_per_session"));
        let x = [MARGIN, MARGIN + 150.0, MARGIN + 420.0, WIDTH - MARGIN];
        let labels = [t("dossier.date"), t("dossier.session"), t("dossier.checked_in")];
        w.table_head(&x, &labels, 2);
        for s in &dossier.sessions {
            let when = format!(
                "{} {}–{}",
                dates::date_short_in(locale, s.starts_at.date_naive()),
                dates::time(s.starts_at.naive_local()),
                dates::time(s.ends_at.naive_local())
            );
            w.table_row(&x, &labels, &[when, s.title.clone(), s.checked_in.to_string()], 2);
        }
    }

    // A meeting's attendance list.
    if dossier.lists_names() {
        w.heading(t("dossier.attendance_list"));
        if dossier.attendance.is_empty() {
            w.paragraph(t("dossier.no_registrations"), 10.0, false, GREY, 0.0);
        } else {
            let shown: Vec<_> = dossier.sessions.iter().take(MAX_SESSION_COLUMNS).collect();
            let column = if shown.is_empty() { 0.0 } else { (170.0 / shown.len() as f32).min(60.0) };
            let names_end = WIDTH - MARGIN - column * shown.len() as f32;
            let mut x = vec![MARGIN, MARGIN + (names_end - MARGIN) * 0.5, names_end];
            for i in 1..=shown.len() {
                x.push(names_end + column * i as f32);
            }
            let heads: Vec<String> =
                shown.iter().map(|s| dates::date_short_in(locale, s.starts_at.date_naive())).collect();
            let mut labels = vec![t("dossier.name"), t("dossier.organisation")];
            labels.extend(heads.iter().map(String::as_str));
            w.table_head(&x, &labels, 2);
            for line in &dossier.attendance {
                let mut cells = vec![line.name.clone(), line.organisation.clone().unwrap_or_default()];
                cells.extend(
                    line.present
                        .iter()
                        .take(shown.len())
                        .map(|p| if *p { t("dossier.present_mark").to_string() } else { "–".to_string() }),
                );
                w.table_row(&x, &labels, &cells, 2);
            }
            if dossier.sessions.len() > MAX_SESSION_COLUMNS {
                w.y -= 4.0;
                w.paragraph(t("dossier.more_sessions"), 8.5, false, GREY, 0.0);
            }
        }
    }

    // The meeting documents, by name.
    w.heading(t("dossier.documents"));
    if dossier.documents.is_empty() {
        w.paragraph(t("dossier.no_documents"), 10.0, false, GREY, 0.0);
    }
    let decimal = if locale == Locale::En { '.' } else { ',' };
    for d in &dossier.documents {
        let visibility = if d.public { t("documents.public") } else { t("documents.private") };
        w.paragraph(&format!("{}: {}", t(d.kind.label_key()), d.title), 10.0, false, BLACK, 0.0);
        let detail = format!("{} · {} · {} · {visibility}", d.file_name, d.format.label(), d.size_label(decimal));
        w.paragraph(&detail, 8.5, false, GREY, 12.0);
    }

    let Writer { mut pages, page, .. } = w;
    pages.push(page);
    let count = pages.len();
    let made = i18n::text_with(
        locale,
        "dossier.made",
        &[("date", &dates::date_long_in(locale, made_at.date_naive())), ("time", &dates::time(made_at.naive_local()))],
    );
    for (i, page) in pages.iter_mut().enumerate() {
        page.rule(MARGIN, WIDTH - MARGIN, 52.0, 0.5);
        page.text(MARGIN, 40.0, 7.5, false, GREY, &fit(&made, 7.5, false, 380.0));
        let number =
            i18n::text_with(locale, "dossier.page", &[("page", &(i + 1).to_string()), ("pages", &count.to_string())]);
        page.right(WIDTH - MARGIN, 40.0, 8.0, false, &number);
    }
    let title = format!("{} – {}", t("dossier.title"), dossier.title);
    assemble(pages, &title, &dossier.organiser_name)
}
