//! Spreadsheet files in and out: the CSV that people export from Excel (the
//! partner import, bank statements) and the CSV we hand them (the board's
//! report, the books, attendance lists). Reading and writing go through the
//! `csv` crate and decoding through `encoding_rs`; what stays ours is what a
//! library cannot know:
//!
//! - **Formula defusing** ([`defuse`]): a text cell that starts with `=`, `+`,
//!   `-` or `@` gets a leading `'`, so a spreadsheet shows it instead of running
//!   it (a registrant named `=HYPERLINK(…)` must not become a link in the
//!   organiser's Excel). Figures (amounts, counts, dates) are written as they are,
//!   so `-20,00` stays a negative number; [`Cell`] says which is which.
//! - **The Belgian Excel dialect** ([`SheetWriter`]): a BOM so Excel reads
//!   UTF-8, semicolons, CRLF; quotes only where needed.
//! - **A quote left open** ([`read`]): the csv crate reads it as one cell that
//!   runs to the end of the file, without a word, which would swallow every
//!   row after it. A person should hear "line 12 opens a quote it never
//!   closes" instead, so a short scan by the same rules says whether the file
//!   ended inside quotes.

use std::borrow::Cow;

/// Text of an uploaded file. A byte order mark says the encoding (Excel's
/// "Unicode text" is UTF-16 with one) and goes. Without one: CSV files come from
/// Excel, which in Belgium still saves Windows-1252 unless told otherwise, so
/// valid UTF-8 is taken as it is and anything else is read as Windows-1252
/// (WHATWG's mapping, which gives every byte a character).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// A text cell with a formula's first character gets a `'` in front.
pub fn defuse(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@']) { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// One cell of a written row.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Typed by people (names, titles, labels): defused.
    Text(&'a str),
    /// Written by us (amounts, counts, dates): as it is.
    Figure(&'a str),
}

/// A CSV file for Belgian Excel: a BOM, semicolons, CRLF, quotes where needed.
pub struct SheetWriter {
    inner: csv::Writer<Vec<u8>>,
}

impl Default for SheetWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl SheetWriter {
    pub fn new() -> Self {
        let inner = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer("\u{feff}".as_bytes().to_vec());
        SheetWriter { inner }
    }

    /// A row of text cells, such as the column names.
    pub fn texts<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells.into_iter().map(|c| defuse(c.as_ref()).into_owned()).collect();
        self.write(&cells);
    }

    /// A row of cells, the text ones defused.
    pub fn row(&mut self, cells: &[Cell<'_>]) {
        let cells: Vec<Cow<'_, [u8]>> = cells
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => match defuse(text) {
                    Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
                    Cow::Owned(text) => Cow::Owned(text.into_bytes()),
                },
                Cell::Figure(figure) => Cow::Borrowed(figure.as_bytes()),
            })
            .collect();
        self.write(&cells);
    }

    fn write<S: AsRef<[u8]>>(&mut self, cells: &[S]) {
        // Writing into a Vec cannot fail: the only errors are the writer's io errors.
        let _ = self.inner.write_record(cells);
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.inner.into_inner().unwrap_or_else(|e| e.into_inner().get_ref().clone())
    }

    /// The file as text (it is UTF-8: only text went in).
    pub fn finish_text(self) -> String {
        String::from_utf8(self.finish()).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// One record of a file read: the line it starts on (a quoted cell may span
/// several) and its cells, untrimmed. Line breaks inside a cell are `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The file ends inside a quoted cell that starts on `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedQuote {
    pub line: usize,
}

/// Reads CSV text with `separator` into records; records may have any number
/// of cells; wholly empty lines are skipped. A BOM at the start is skipped.
pub fn read(text: &str, separator: u8) -> Result<Vec<Record>, UnclosedQuote> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    // Reading from memory only fails on what `flexible` allows; stop there if it ever does.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let line = record.position().map_or(1, |p| start_line(text, p));
        let cells = record.iter().map(cell_text).collect();
        records.push(Record { line, cells });
    }
    if ends_inside_quotes(text.as_bytes(), separator) {
        return Err(UnclosedQuote { line: records.last().map_or(1, |r| r.line) });
    }
    Ok(records)
}

/// The line a record starts on. The csv crate gives where its reading began:
/// at the previous record's line break, before any empty lines it skipped.
fn start_line(text: &str, at: &csv::Position) -> usize {
    let from = usize::try_from(at.byte()).unwrap_or(usize::MAX);
    let breaks = text.as_bytes().get(from..).unwrap_or_default();
    let skipped = breaks.iter().take_while(|b| matches!(b, b'\r' | b'\n')).filter(|b| **b == b'\n').count();
    usize::try_from(at.line()).unwrap_or(usize::MAX).saturating_add(skipped)
}

fn cell_text(bytes: &[u8]) -> String {
    // The separator is ASCII, so a cell of UTF-8 text is UTF-8.
    let text = String::from_utf8_lossy(bytes);
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.into_owned() }
}

/// Whether `text` ends inside a quoted cell, by the rules the csv crate reads
/// with: a quote opens a cell only at its start, a doubled quote inside is a
/// quote, and after the closing quote the cell runs on unquoted.
fn ends_inside_quotes(text: &[u8], separator: u8) -> bool {
    #[derive(PartialEq)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let mut state = State::CellStart;
    for &b in text {
        let ends_cell = b == separator || b == b'\n' || b == b'\r';
        state = match state {
            State::CellStart if b == b'"' => State::Quoted,
            State::CellStart | State::Unquoted | State::AfterQuote if ends_cell => State::CellStart,
            State::AfterQuote if b == b'"' => State::Quoted,
            State::CellStart | State::Unquoted | State::AfterQuote => State::Unquoted,
            State::Quoted if b == b'"' => State::AfterQuote,
            State::Quoted => State::Quoted,
        };
    }
    state == State::Quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_belgian_excel_with_defused_text_and_plain_figures() {
        let mut sheet = SheetWriter::new();
        sheet.texts(["naam", "bedrag"]);
        sheet.row(&[Cell::Text("OCMW \"Noord\"; Kust"), Cell::Figure("-20,00")]);
        sheet.row(&[Cell::Text("=SUM(A1)"), Cell::Figure("1")]);
        sheet.row(&[Cell::Text("+32 14 00 00 00"), Cell::Text("@home\nnext")]);
        assert_eq!(
            sheet.finish_text(),
            "\u{feff}naam;bedrag\r\n\"OCMW \"\"Noord\"\"; Kust\";-20,00\r\n'=SUM(A1);1\r\n'+32 14 00 00 00;\"'@home\nnext\"\r\n"
        );
    }

    #[test]
    fn reads_quotes_line_breaks_and_line_numbers() {
        let text = "\u{feff}naam;straat\r\n\r\n\"Twee\r\nregels\";\"x;\"\"y\"\"\"\nDerde;y;z\n";
        let records = read(text, b';').unwrap();
        let cells: Vec<(usize, Vec<&str>)> =
            records.iter().map(|r| (r.line, r.cells.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            cells,
            vec![(1, vec!["naam", "straat"]), (3, vec!["Twee\nregels", "x;\"y\""]), (5, vec!["Derde", "y", "z"])]
        );
    }

    #[test]
    fn a_quote_left_open_is_reported_where_it_starts() {
        assert_eq!(read("naam\n\"A\nB", b';'), Err(UnclosedQuote { line: 2 }));
        assert_eq!(read("a;\"", b';'), Err(UnclosedQuote { line: 1 }));
        assert_eq!(read("a;\"\"\"", b';'), Err(UnclosedQuote { line: 1 }));
        for closed in ["a;\"\"", "a;\"\"\"\"", "a;\"b\"c", "a;b\"c", "\"a\"\"\";b\n"] {
            assert!(read(closed, b';').is_ok(), "{closed}");
        }
    }

    #[test]
    fn windows_1252_and_utf8_decode() {
        assert_eq!(decode_text("café €".as_bytes()), "café €");
        assert_eq!(decode_text(b"caf\xe9 \x80 \x81"), "café € \u{81}");
        assert_eq!(decode_text(b"\xef\xbb\xbfnaam;stad\r\n"), "naam;stad\r\n", "a UTF-8 BOM goes");
        let utf16: Vec<u8> =
            [0xfeff_u16].into_iter().chain("naam\tcafé".encode_utf16()).flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_text(&utf16), "naam\tcafé", "Excel's Unicode text");
    }
}
