//! What our PDFs share (invoices, credit notes, attendance certificates): A4
//! pages, the standard Helvetica fonts in WinAnsi encoding (é, ë, € without
//! embedding a font), text measured for right alignment and wrapping, and the
//! file put together.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

pub(crate) const WIDTH: f32 = 595.0;
pub(crate) const HEIGHT: f32 = 842.0;
pub(crate) const MARGIN: f32 = 50.0;
pub(crate) const REGULAR: Name<'static> = Name(b"F1");
pub(crate) const BOLD: Name<'static> = Name(b"F2");
pub(crate) const ACCENT: (f32, f32, f32) = (0.09, 0.33, 0.45);
pub(crate) const GREY: (f32, f32, f32) = (0.42, 0.42, 0.42);

/// A character in WinAnsiEncoding (`?` when it has none).
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        _ => b'?',
    }
}

pub(crate) fn encode(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi).collect()
}

/// Helvetica advance widths (per 1000 units) of ASCII; others count as a digit.
fn glyph_width(c: char, bold: bool) -> f32 {
    pub(crate) const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
        556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
        556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
        556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
        500, 500, 500, 334, 260, 334, 584,
    ];
    let base = match c {
        ' '..='~' => f32::from(ASCII[(c as usize) - 32]),
        'é' | 'è' | 'ë' | 'ê' | 'à' | 'â' | 'ô' | 'ö' | 'û' | 'ù' | 'ü' => 556.0,
        'ç' => 500.0,
        'É' | 'È' | 'Ê' | 'Ë' => 667.0,
        'À' | 'Â' => 667.0,
        'Ç' => 722.0,
        'ï' | 'í' | 'î' | '\u{a0}' => 278.0,
        _ => 556.0,
    };
    // Helvetica-Bold is a little wider on letters (capitals barely), the same on digits.
    match c {
        _ if !bold => base,
        'A'..='Z' => base * 1.01,
        'a'..='z' => base * 1.06,
        _ => base,
    }
}

pub(crate) fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().map(|c| glyph_width(c, bold)).sum::<f32>() * size / 1000.0
}

/// Splits text into lines no wider than `width`.
pub(crate) fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if text_width(&candidate, size, false) <= width || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// `text` cut to `width`, with `…` where it was cut.
pub(crate) fn fit(text: &str, size: f32, bold: bool, width: f32) -> String {
    if text_width(text, size, bold) <= width {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && text_width(&format!("{cut}…"), size, bold) > width {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// One page being drawn.
pub(crate) struct Page {
    content: Content,
}

impl Page {
    pub(crate) fn new() -> Self {
        Page { content: Content::new() }
    }

    pub(crate) fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: (f32, f32, f32), text: &str) {
        self.content.set_fill_rgb(color.0, color.1, color.2);
        self.content.begin_text();
        self.content.set_font(if bold { BOLD } else { REGULAR }, size);
        self.content.next_line(x, y);
        self.content.show(Str(&encode(text)));
        self.content.end_text();
    }

    pub(crate) fn right(&mut self, right_x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let x = right_x - text_width(text, size, bold);
        self.text(x, y, size, bold, (0.0, 0.0, 0.0), text);
    }

    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        self.content.set_fill_rgb(color.0, color.1, color.2);
        self.content.rect(x, y, w, h);
        self.content.fill_nonzero();
    }

    /// A straight line in a grey (`0.0` black … `1.0` white).
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, grey: f32) {
        self.content.set_stroke_rgb(grey, grey, grey);
        self.content.set_line_width(width);
        self.content.move_to(from.0, from.1);
        self.content.line_to(to.0, to.1);
        self.content.stroke();
    }

    pub(crate) fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.content.set_stroke_rgb(0.75, 0.75, 0.75);
        self.content.set_line_width(width);
        self.content.move_to(x1, y);
        self.content.line_to(x2, y);
        self.content.stroke();
    }
}

/// The pages as one PDF file with its title and author.
pub(crate) fn assemble(pages: Vec<Page>, title: &str, author: &str) -> Vec<u8> {
    let count = pages.len();
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 10;
    let page_ids: Vec<Ref> = (0..count).map(|i| Ref::new(first_page + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(count as i32);
    pdf.type1_font(regular).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info).title(TextStr(title)).author(TextStr(author)).producer(TextStr("Leernet"));
    for (page, id) in pages.into_iter().zip(&page_ids) {
        let content_id = Ref::new(id.get() + 1);
        let mut writer = pdf.page(*id);
        writer.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        writer.parent(tree);
        writer.contents(content_id);
        writer.resources().fonts().pair(REGULAR, regular).pair(BOLD, bold);
        writer.finish();
        pdf.stream(content_id, &page.content.finish());
    }
    pdf.finish()
}
