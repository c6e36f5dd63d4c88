//! Writing XML documents: the UBL invoices and credit notes now, the pain.001
//! payment files of the payouts to come. [`XmlWriter`] is a thin layer over
//! `quick-xml`'s `Writer`, which escapes every text and attribute value and
//! indents; the layer adds what every document of ours needs and quick-xml
//! leaves to the caller:
//!
//! - the `<?xml version="1.0" encoding="UTF-8"?>` declaration and a final line break;
//! - dropping the control characters XML 1.0 forbids (a tab, line feed and
//!   carriage return are allowed; a stray `\u{1}` pasted into a name would make
//!   the whole document unreadable for the receiver, so it goes);
//! - infallible calls: it writes into memory, where writing cannot fail, so the
//!   document code reads as the document and not as error handling.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;

/// An indenting XML writer (two spaces) into memory.
pub struct XmlWriter {
    inner: Writer<Vec<u8>>,
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl XmlWriter {
    /// A document that starts with the XML declaration (UTF-8).
    pub fn new() -> Self {
        let mut inner = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing into a Vec cannot fail; so here and below the io::Result is dropped.
        let _ = inner.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        XmlWriter { inner }
    }

    /// A fragment without the XML declaration: an element to put inside another
    /// document, such as an `<svg>` chart inside an HTML page.
    pub fn fragment() -> Self {
        XmlWriter { inner: Writer::new_with_indent(Vec::new(), b' ', 2) }
    }

    /// `<name>` on its own line; what follows is indented one step deeper.
    pub fn open(&mut self, name: &str) {
        self.open_with(name, &[]);
    }

    /// `<name key="value" …>`, the values escaped.
    pub fn open_with(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let _ = self.inner.write_event(Event::Start(start(name, attributes)));
    }

    /// `</name>`, closing what [`open`](Self::open) opened.
    pub fn close(&mut self, name: &str) {
        let _ = self.inner.write_event(Event::End(BytesEnd::new(name)));
    }

    /// `<name key="value" …/>`, an element without content, the values escaped.
    pub fn empty_with(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let _ = self.inner.write_event(Event::Empty(start(name, attributes)));
    }

    /// `<name>value</name>` on one line, the value escaped.
    pub fn leaf(&mut self, name: &str, value: &str) {
        self.leaf_with(name, &[], value);
    }

    /// `<name key="value" …>value</name>` on one line, everything escaped.
    pub fn leaf_with(&mut self, name: &str, attributes: &[(&str, &str)], value: &str) {
        let _ = self.inner.write_event(Event::Start(start(name, attributes)));
        let _ = self.inner.write_event(Event::Text(BytesText::new(&allowed(value))));
        let _ = self.inner.write_event(Event::End(BytesEnd::new(name)));
    }

    /// The document, ending with a line break.
    pub fn finish(self) -> String {
        let mut bytes = self.inner.into_inner();
        bytes.push(b'\n');
        // Only &str went in, so the bytes are UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for (key, value) in attributes {
        tag.push_attribute((*key, allowed(value).as_ref()));
    }
    tag
}

/// `text` without the characters XML 1.0 does not allow.
fn allowed(text: &str) -> Cow<'_, str> {
    let forbidden =
        |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') || matches!(c, '\u{fffe}' | '\u{ffff}');
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|c| !forbidden(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_indents_and_drops_what_xml_forbids() {
        let mut x = XmlWriter::new();
        x.open_with("Doc", &[("xmlns", "urn:x"), ("note", "a \"b\" & <c>")]);
        x.leaf("Name", "Vzw <Den> \"Durpel\" & co\u{1}\tx");
        x.open("Inner");
        x.leaf_with("Amount", &[("currencyID", "EUR")], "12.50");
        x.close("Inner");
        x.close("Doc");
        assert_eq!(
            x.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <Doc xmlns=\"urn:x\" note=\"a &quot;b&quot; &amp; &lt;c&gt;\">\n  \
             <Name>Vzw &lt;Den&gt; &quot;Durpel&quot; &amp; co\tx</Name>\n  \
             <Inner>\n    \
             <Amount currencyID=\"EUR\">12.50</Amount>\n  \
             </Inner>\n\
             </Doc>\n"
        );
    }

    #[test]
    fn a_fragment_has_no_declaration_and_empty_elements_close_themselves() {
        let mut x = XmlWriter::fragment();
        x.open_with("g", &[("class", "a<b")]);
        x.empty_with("rect", &[("width", "3"), ("fill", "url(#p)")]);
        x.close("g");
        assert_eq!(x.finish(), "<g class=\"a&lt;b\">\n  <rect width=\"3\" fill=\"url(#p)\"/>\n</g>\n");
    }
}
