//! Charts for the reports: SVG drawn on the server, so a page shows them
//! without JavaScript, a printer prints them and a phone scales them (a
//! `viewBox`, no fixed size). Two shapes cover what a board shows in its year
//! report:
//!
//! - [`Shape::Bars`]: horizontal bars, one group per category with a bar per
//!   series (participation per OCMW: registered and attended). The category's
//!   name stands above its bars across the whole width, so long names
//!   ("OCMW Sint-Katelijne-Waver") fit on a phone and many categories only
//!   make the chart taller.
//! - [`Shape::Columns`]: grouped columns, one group per category (the months)
//!   with a column per series (this period against the previous one).
//!
//! Accessibility (WCAG 2.1 AA): the `<svg>` is `role="img"` named by its
//! `<title>` and described by its `<desc>` (`aria-labelledby` both); the page
//! puts the table with the same figures beside it as the real alternative.
//! Every bar carries its value in text; series differ by colour *and* fill
//! pattern (solid, hatched, dotted, crossed) and are named in a text legend;
//! every colour has at least 3:1 contrast against the white background
//! (1.4.11, tested below), text at least 4.5:1.
//!
//! Everything an organiser typed (organisation names, titles) goes through
//! [`XmlWriter`], which escapes it. Pure: no web types, so the pages (server
//! and browser) and the tests use the same code.

use crate::xml::XmlWriter;
use serde::{Deserialize, Serialize};

/// One series: its name in the legend and a value per category (a missing
/// value counts as 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<u32>,
}

/// How the chart draws its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// Horizontal bars, the category's name above its bars.
    Bars,
    /// Vertical columns, grouped per category, the names under the axis.
    Columns,
}

/// A chart to draw: labelled categories, one or more series of counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Unique on the page: the ids of the title, the description and the fill
    /// patterns derive from it (letters, digits and `-` are kept, the rest
    /// becomes `-`).
    pub id: String,
    pub shape: Shape,
    /// The chart's name (`<title>`).
    pub title: String,
    /// What it shows, in a sentence or two (`<desc>`).
    pub description: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// What the chart says when there is nothing to draw ("Geen gegevens").
    pub empty: String,
}

/// A value axis: ticks every `step` from 0 up to `max` (a multiple of `step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub step: u32,
    pub max: u32,
}

impl Axis {
    /// At most five intervals of 1, 2 or 5 times a power of ten, the last at
    /// or above `largest` (at least 1, so an axis of zeros still has a scale).
    pub fn for_largest(largest: u32) -> Axis {
        let largest = u64::from(largest.max(1));
        let raw = largest.div_ceil(5);
        let mut magnitude = 1u64;
        while magnitude * 10 <= raw {
            magnitude *= 10;
        }
        let step =
            [1, 2, 5, 10].into_iter().map(|m| m * magnitude).find(|step| step * 5 >= largest).unwrap_or(10 * magnitude);
        let max = largest.div_ceil(step) * step;
        Axis { step: u32::try_from(step).unwrap_or(u32::MAX), max: u32::try_from(max).unwrap_or(u32::MAX) }
    }

    /// The tick values, 0 first.
    pub fn ticks(self) -> impl Iterator<Item = u32> {
        (0..=self.max / self.step.max(1)).map(move |i| i * self.step)
    }
}

/// How a series looks: a colour (≥ 3:1 against white) and a fill pattern.
struct Look {
    colour: &'static str,
    pattern: Pattern,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Solid,
    Hatched,
    Dotted,
    Crossed,
}

/// The series' looks in order; a fifth series starts again (with its own name
/// in the legend and its values written on the bars).
const LOOKS: [Look; 4] = [
    Look { colour: "#0b5e55", pattern: Pattern::Solid },
    Look { colour: "#b35600", pattern: Pattern::Hatched },
    Look { colour: "#5b3a8c", pattern: Pattern::Dotted },
    Look { colour: "#1d4f91", pattern: Pattern::Crossed },
];

const BACKGROUND: &str = "#ffffff";
/// Text: the site's ink.
const INK: &str = "#1b2826";
/// Axis lines and tick labels.
const AXIS: &str = "#5b6866";
/// Grid lines: decoration (the values are written on the bars), so lighter.
const GRID: &str = "#d9e2e0";

/// Average width of a character as a share of the font size, to estimate
/// text widths (SVG cannot measure text on the server).
const CHAR_WIDTH: f64 = 0.58;

impl Chart {
    /// The chart as an `<svg>` element (no XML declaration), for the page's HTML.
    pub fn svg(&self) -> String {
        let id = element_id(&self.id);
        if self.is_empty() {
            return no_data(self, &id);
        }
        match self.shape {
            Shape::Bars => bars(self, &id),
            Shape::Columns => columns(self, &id),
        }
    }

    /// Nothing to draw: no categories, no series, or only zeros.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty() || self.series.iter().all(|s| s.values.iter().all(|v| *v == 0))
    }

    fn value(&self, series: usize, category: usize) -> u32 {
        self.series.get(series).and_then(|s| s.values.get(category)).copied().unwrap_or(0)
    }

    fn largest(&self) -> u32 {
        (0..self.series.len())
            .flat_map(|s| (0..self.categories.len()).map(move |c| (s, c)))
            .map(|(s, c)| self.value(s, c))
            .max()
            .unwrap_or(0)
    }

    /// The category's name and its values, for the group's tooltip.
    fn summary(&self, category: usize) -> String {
        let values: Vec<String> = self
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| format!("{} {}", series.name, self.value(s, category)))
            .collect();
        format!("{}: {}", self.categories[category], values.join(", "))
    }
}

/// `id` with only letters, digits and `-`, starting with a letter.
fn element_id(id: &str) -> String {
    let cleaned: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) { cleaned } else { format!("chart-{cleaned}") }
}

/// A coordinate with at most one decimal.
fn n(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") }
}

fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * CHAR_WIDTH
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

fn look(series: usize) -> &'static Look {
    &LOOKS[series % LOOKS.len()]
}

/// The fill of a series' bars: its colour, or its pattern.
fn fill(id: &str, series: usize) -> String {
    match look(series).pattern {
        Pattern::Solid => look(series).colour.to_string(),
        _ => format!("url(#{id}-p{series})"),
    }
}

/// `<svg>` with its title and description, and the patterns of the series.
fn open_svg(x: &mut XmlWriter, chart: &Chart, id: &str, width: f64, height: f64) {
    let labelledby = format!("{id}-title {id}-desc");
    let view_box = format!("0 0 {} {}", n(width), n(height));
    x.open_with(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("id", id),
            ("class", "chart-svg"),
            ("viewBox", &view_box),
            ("width", &n(width)),
            ("height", &n(height)),
            ("role", "img"),
            ("aria-labelledby", &labelledby),
        ],
    );
    x.leaf_with("title", &[("id", &format!("{id}-title"))], &chart.title);
    x.leaf_with("desc", &[("id", &format!("{id}-desc"))], &chart.description);
    x.empty_with("rect", &[("width", &n(width)), ("height", &n(height)), ("fill", BACKGROUND)]);
    let patterned: Vec<usize> = (0..chart.series.len()).filter(|s| look(*s).pattern != Pattern::Solid).collect();
    if patterned.is_empty() {
        return;
    }
    x.open("defs");
    for s in patterned {
        let Look { colour, pattern } = look(s);
        let pattern_id = format!("{id}-p{s}");
        match pattern {
            Pattern::Hatched => {
                x.open_with(
                    "pattern",
                    &[
                        ("id", &pattern_id),
                        ("width", "6"),
                        ("height", "6"),
                        ("patternUnits", "userSpaceOnUse"),
                        ("patternTransform", "rotate(45)"),
                    ],
                );
                x.empty_with("rect", &[("width", "6"), ("height", "6"), ("fill", BACKGROUND)]);
                x.empty_with("rect", &[("width", "3.5"), ("height", "6"), ("fill", colour)]);
            }
            Pattern::Dotted => {
                x.open_with(
                    "pattern",
                    &[("id", &pattern_id), ("width", "5"), ("height", "5"), ("patternUnits", "userSpaceOnUse")],
                );
                x.empty_with("rect", &[("width", "5"), ("height", "5"), ("fill", BACKGROUND)]);
                x.empty_with("circle", &[("cx", "2.5"), ("cy", "2.5"), ("r", "1.6"), ("fill", colour)]);
            }
            _ => {
                x.open_with(
                    "pattern",
                    &[("id", &pattern_id), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse")],
                );
                x.empty_with("rect", &[("width", "6"), ("height", "6"), ("fill", BACKGROUND)]);
                x.empty_with("path", &[("d", "M0 0L6 6M6 0L0 6"), ("stroke", colour), ("stroke-width", "1.6")]);
            }
        }
        x.close("pattern");
    }
    x.close("defs");
}

/// The legend, in rows across `width`: a swatch and the series' name each.
/// Returns the height it took.
fn legend(x: &mut XmlWriter, chart: &Chart, id: &str, left: f64, width: f64) -> f64 {
    const FONT: f64 = 12.0;
    const ROW: f64 = 20.0;
    x.open_with("g", &[("class", "chart-legend")]);
    let (mut at, mut top) = (left, 4.0);
    for (s, series) in chart.series.iter().enumerate() {
        let name = fit(&series.name, 40);
        let item = 14.0 + 6.0 + text_width(&name, FONT) + 16.0;
        if at > left && at + item > left + width {
            at = left;
            top += ROW;
        }
        x.empty_with(
            "rect",
            &[
                ("x", &n(at)),
                ("y", &n(top)),
                ("width", "14"),
                ("height", "14"),
                ("fill", &fill(id, s)),
                ("stroke", look(s).colour),
                ("stroke-width", "1.5"),
            ],
        );
        x.leaf_with(
            "text",
            &[("x", &n(at + 20.0)), ("y", &n(top + 11.5)), ("font-size", &n(FONT)), ("fill", INK)],
            &name,
        );
        at += item;
    }
    x.close("g");
    top + ROW + 4.0
}

/// One bar or column of series `s`, outlined in its colour.
fn bar(x: &mut XmlWriter, id: &str, s: usize, (left, top, width, height): (f64, f64, f64, f64)) {
    if width <= 0.0 || height <= 0.0 {
        return;
    }
    x.empty_with(
        "rect",
        &[
            ("x", &n(left)),
            ("y", &n(top)),
            ("width", &n(width)),
            ("height", &n(height)),
            ("fill", &fill(id, s)),
            ("stroke", look(s).colour),
            ("stroke-width", "1.5"),
            ("class", "chart-bar"),
        ],
    );
}

/// Horizontal bars.
fn bars(chart: &Chart, id: &str) -> String {
    const WIDTH: f64 = 480.0;
    const LEFT: f64 = 6.0;
    const RIGHT: f64 = WIDTH - 48.0;
    const LABEL: f64 = 18.0;
    const BAR: f64 = 14.0;
    const GAP: f64 = 3.0;
    const AFTER: f64 = 10.0;
    let axis = Axis::for_largest(chart.largest());
    let scale = (RIGHT - LEFT) / f64::from(axis.max);
    let per_series = chart.series.len() as f64;
    let group = LABEL + per_series * BAR + (per_series - 1.0) * GAP + AFTER;

    let mut probe = XmlWriter::fragment();
    let top = legend(&mut probe, chart, id, LEFT, RIGHT - LEFT) + 4.0;
    let bottom = top + group * chart.categories.len() as f64;
    let height = bottom + 22.0;

    let mut x = XmlWriter::fragment();
    open_svg(&mut x, chart, id, WIDTH, height);
    legend(&mut x, chart, id, LEFT, RIGHT - LEFT);
    x.open_with("g", &[("class", "chart-grid"), ("font-size", "11"), ("fill", AXIS), ("text-anchor", "middle")]);
    for tick in axis.ticks() {
        let at = LEFT + f64::from(tick) * scale;
        let stroke = if tick == 0 { AXIS } else { GRID };
        x.empty_with(
            "line",
            &[("x1", &n(at)), ("x2", &n(at)), ("y1", &n(top - 2.0)), ("y2", &n(bottom)), ("stroke", stroke)],
        );
        let anchor = if tick == 0 { "start" } else { "middle" };
        x.leaf_with("text", &[("x", &n(at)), ("y", &n(bottom + 15.0)), ("text-anchor", anchor)], &tick.to_string());
    }
    x.close("g");
    let label_chars = ((RIGHT - LEFT) / (12.0 * CHAR_WIDTH)) as usize;
    for (c, category) in chart.categories.iter().enumerate() {
        let y = top + group * c as f64;
        x.open_with("g", &[("class", "chart-category")]);
        x.leaf("title", &chart.summary(c));
        x.leaf_with(
            "text",
            &[("x", &n(LEFT)), ("y", &n(y + 13.0)), ("font-size", "12"), ("font-weight", "600"), ("fill", INK)],
            &fit(category, label_chars),
        );
        for s in 0..chart.series.len() {
            let value = chart.value(s, c);
            let bar_top = y + LABEL + s as f64 * (BAR + GAP);
            let length = f64::from(value) * scale;
            bar(&mut x, id, s, (LEFT, bar_top, length, BAR));
            x.leaf_with(
                "text",
                &[("x", &n(LEFT + length + 4.0)), ("y", &n(bar_top + 11.0)), ("font-size", "11"), ("fill", INK)],
                &value.to_string(),
            );
        }
        x.close("g");
    }
    x.close("svg");
    x.finish()
}

/// Grouped columns.
fn columns(chart: &Chart, id: &str) -> String {
    const WIDTH: f64 = 420.0;
    const LEFT: f64 = 36.0;
    const RIGHT: f64 = WIDTH - 6.0;
    const PLOT: f64 = 180.0;
    const VALUE_FONT: f64 = 9.0;
    let axis = Axis::for_largest(chart.largest());
    let categories = chart.categories.len() as f64;
    let per_series = chart.series.len() as f64;
    let slot = (RIGHT - LEFT) / categories;
    let column = ((slot - 6.0) / per_series - 2.0).clamp(2.0, 24.0);
    let group = column * per_series + 2.0 * (per_series - 1.0);
    let digits = chart.largest().to_string().len() as f64;
    // Values wider than their column stand upright above it.
    let upright = digits * VALUE_FONT * CHAR_WIDTH > column + 2.0;
    let value_room = if upright { digits * VALUE_FONT * CHAR_WIDTH + 8.0 } else { 14.0 };

    let mut probe = XmlWriter::fragment();
    let top = legend(&mut probe, chart, id, 6.0, WIDTH - 12.0) + value_room;
    let bottom = top + PLOT;
    let height = bottom + 24.0;
    let scale = PLOT / f64::from(axis.max);

    let mut x = XmlWriter::fragment();
    open_svg(&mut x, chart, id, WIDTH, height);
    legend(&mut x, chart, id, 6.0, WIDTH - 12.0);
    x.open_with("g", &[("class", "chart-grid"), ("font-size", "11"), ("fill", AXIS), ("text-anchor", "end")]);
    for tick in axis.ticks() {
        let at = bottom - f64::from(tick) * scale;
        let stroke = if tick == 0 { AXIS } else { GRID };
        x.empty_with(
            "line",
            &[("x1", &n(LEFT - 3.0)), ("x2", &n(RIGHT)), ("y1", &n(at)), ("y2", &n(at)), ("stroke", stroke)],
        );
        x.leaf_with("text", &[("x", &n(LEFT - 6.0)), ("y", &n(at + 4.0))], &tick.to_string());
    }
    x.close("g");
    let label_chars = ((slot / (11.0 * CHAR_WIDTH)) as usize).max(3);
    for (c, category) in chart.categories.iter().enumerate() {
        let start = LEFT + slot * c as f64 + (slot - group) / 2.0;
        x.open_with("g", &[("class", "chart-category")]);
        x.leaf("title", &chart.summary(c));
        for s in 0..chart.series.len() {
            let value = chart.value(s, c);
            let left = start + s as f64 * (column + 2.0);
            let length = f64::from(value) * scale;
            bar(&mut x, id, s, (left, bottom - length, column, length));
            let centre = left + column / 2.0;
            if upright {
                let (vx, vy) = (centre + VALUE_FONT * 0.35, bottom - length - 4.0);
                x.leaf_with(
                    "text",
                    &[
                        ("x", &n(vx)),
                        ("y", &n(vy)),
                        ("font-size", &n(VALUE_FONT)),
                        ("fill", INK),
                        ("transform", &format!("rotate(-90 {} {})", n(vx), n(vy))),
                    ],
                    &value.to_string(),
                );
            } else {
                x.leaf_with(
                    "text",
                    &[
                        ("x", &n(centre)),
                        ("y", &n(bottom - length - 4.0)),
                        ("font-size", &n(VALUE_FONT)),
                        ("fill", INK),
                        ("text-anchor", "middle"),
                    ],
                    &value.to_string(),
                );
            }
        }
        x.leaf_with(
            "text",
            &[
                ("x", &n(LEFT + slot * (c as f64 + 0.5))),
                ("y", &n(bottom + 16.0)),
                ("font-size", "11"),
                ("fill", INK),
                ("text-anchor", "middle"),
            ],
            &fit(category, label_chars),
        );
        x.close("g");
    }
    x.close("svg");
    x.finish()
}

/// The chart of nothing: the title and description still name it, and a
/// sentence says there is nothing to show.
fn no_data(chart: &Chart, id: &str) -> String {
    const WIDTH: f64 = 480.0;
    const HEIGHT: f64 = 72.0;
    let mut x = XmlWriter::fragment();
    open_svg(&mut x, chart, id, WIDTH, HEIGHT);
    x.empty_with(
        "rect",
        &[
            ("x", "1"),
            ("y", "1"),
            ("width", &n(WIDTH - 2.0)),
            ("height", &n(HEIGHT - 2.0)),
            ("fill", "none"),
            ("stroke", AXIS),
            ("stroke-dasharray", "4 4"),
        ],
    );
    x.leaf_with(
        "text",
        &[
            ("x", &n(WIDTH / 2.0)),
            ("y", &n(HEIGHT / 2.0 + 5.0)),
            ("font-size", "14"),
            ("fill", INK),
            ("text-anchor", "middle"),
            ("class", "chart-empty"),
        ],
        &chart.empty,
    );
    x.close("svg");
    x.finish()
}

/// WCAG's contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(colour: &str) -> f64 {
        let hex = colour.trim_start_matches('#');
        let channel = |i: usize| {
            let value = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
            let c = f64::from(value) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    fn chart(shape: Shape, categories: &[&str], series: &[(&str, &[u32])]) -> Chart {
        Chart {
            id: "per-ocmw".into(),
            shape,
            title: "Deelname per OCMW".into(),
            description: "Ingeschreven en aanwezig per organisatie.".into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            series: series
                .iter()
                .map(|(name, values)| Series { name: name.to_string(), values: values.to_vec() })
                .collect(),
            empty: "Geen gegevens".into(),
        }
    }

    /// An element seen while reading the SVG: its name, attributes and text.
    #[derive(Debug)]
    struct Element {
        name: String,
        attributes: Vec<(String, String)>,
        text: String,
    }

    impl Element {
        fn get(&self, key: &str) -> Option<&str> {
            self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
        }
        fn number(&self, key: &str) -> f64 {
            self.get(key).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{key} of {self:?}"))
        }
    }

    /// Reads the whole SVG as XML (panics on anything malformed), unescaping.
    fn parse(svg: &str) -> Vec<Element> {
        let mut reader = Reader::from_str(svg);
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                event @ (Event::Start(_) | Event::Empty(_)) => {
                    let (e, is_empty) = match event {
                        Event::Start(e) => (e, false),
                        Event::Empty(e) => (e, true),
                        _ => unreachable!(),
                    };
                    let name = e.name().into_inner().to_string();
                    let attributes = e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            (
                                a.key.into_inner().to_string(),
                                a.normalized_value(XmlVersion::Implicit1_0).expect("escaped value").into_owned(),
                            )
                        })
                        .collect();
                    elements.push(Element { name, attributes, text: String::new() });
                    if !is_empty {
                        open.push(elements.len() - 1);
                    }
                }
                Event::Text(t) => {
                    if let Some(i) = open.last() {
                        elements[*i].text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref().expect("character reference") {
                        Some(c) => c.to_string(),
                        None => resolve_predefined_entity(&r.xml10_content()).expect("known entity").to_string(),
                    };
                    if let Some(i) = open.last() {
                        elements[*i].text.push_str(&resolved);
                    }
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        elements
    }

    fn bars_of(elements: &[Element]) -> Vec<&Element> {
        elements.iter().filter(|e| e.name == "rect" && e.get("class") == Some("chart-bar")).collect()
    }

    #[test]
    fn axes_step_by_one_two_or_five() {
        let cases =
            [(0, 1, 1), (1, 1, 1), (3, 1, 3), (7, 2, 8), (10, 2, 10), (11, 5, 15), (48, 10, 50), (100, 20, 100)];
        for (largest, step, max) in cases {
            assert_eq!(Axis::for_largest(largest), Axis { step, max }, "largest {largest}");
        }
        assert_eq!(Axis::for_largest(1234), Axis { step: 500, max: 1500 });
        assert_eq!(Axis::for_largest(999_999), Axis { step: 200_000, max: 1_000_000 });
        assert_eq!(Axis::for_largest(7).ticks().collect::<Vec<_>>(), [0, 2, 4, 6, 8]);
        for largest in [1, 9, 99, 12345, u32::MAX / 2] {
            let axis = Axis::for_largest(largest);
            assert!(axis.max >= largest && axis.max / axis.step <= 5, "{largest}: {axis:?}");
            let first_digit = axis.step / 10u32.pow(axis.step.ilog10());
            assert!([1, 2, 5].contains(&first_digit), "{axis:?}");
        }
    }

    #[test]
    fn bars_parse_as_xml_and_their_lengths_are_proportional() {
        let chart = chart(
            Shape::Bars,
            &["OCMW Geel", "OCMW Mol", "CAW De Kempen"],
            &[("Ingeschreven", &[40, 20, 10]), ("Aanwezig", &[30, 0, 5])],
        );
        let svg = chart.svg();
        let elements = parse(&svg);
        let root = &elements[0];
        assert_eq!(root.name, "svg");
        assert_eq!(root.get("role"), Some("img"));
        assert_eq!(root.get("aria-labelledby"), Some("per-ocmw-title per-ocmw-desc"));
        assert!(root.get("viewBox").is_some_and(|v| v.starts_with("0 0 480 ")));
        let title = elements.iter().find(|e| e.name == "title").unwrap();
        assert_eq!((title.get("id"), title.text.as_str()), (Some("per-ocmw-title"), "Deelname per OCMW"));
        let desc = elements.iter().find(|e| e.name == "desc").unwrap();
        assert_eq!(desc.get("id"), Some("per-ocmw-desc"));

        // A zero draws no bar; the five others are as long as their values.
        let bars = bars_of(&elements);
        assert_eq!(bars.len(), 5);
        let per_unit = bars[0].number("width") / 40.0;
        for (bar, value) in bars.iter().zip([40.0, 30.0, 20.0, 10.0, 5.0]) {
            assert!((bar.number("width") - value * per_unit).abs() < 0.11, "{bar:?} for {value}");
        }
        // Every value is written out, the zero too; the legend names both series.
        let texts: Vec<&str> = elements.iter().filter(|e| e.name == "text").map(|e| e.text.as_str()).collect();
        for expected in ["40", "30", "20", "0", "10", "5", "Ingeschreven", "Aanwezig", "OCMW Geel", "CAW De Kempen"] {
            assert!(texts.contains(&expected), "{expected} missing in {texts:?}");
        }
        // The axis: 0, 10, … 40.
        for tick in ["10", "20", "30", "40"] {
            assert!(texts.iter().filter(|t| **t == tick).count() >= 2, "tick {tick}");
        }
        // The second series is hatched, and its pattern is defined.
        assert!(bars[1].get("fill") == Some("url(#per-ocmw-p1)"));
        assert!(elements.iter().any(|e| e.name == "pattern" && e.get("id") == Some("per-ocmw-p1")));
        assert!(!svg.starts_with("<?xml"), "an element for inside HTML");
    }

    #[test]
    fn columns_are_as_high_as_their_values() {
        let months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
        let this: Vec<u32> = (1..=12).map(|m| m * 10).collect();
        let last: Vec<u32> = (1..=12).map(|m| m * 5).collect();
        let chart = chart(Shape::Columns, &months, &[("2026", &this), ("2025", &last)]);
        let elements = parse(&chart.svg());
        let bars = bars_of(&elements);
        assert_eq!(bars.len(), 24);
        let per_unit = bars[0].number("height") / 10.0;
        let bottom = bars[0].number("y") + bars[0].number("height");
        for (i, bar) in bars.iter().enumerate() {
            let value = if i % 2 == 0 { this[i / 2] } else { last[i / 2] };
            assert!((bar.number("height") - f64::from(value) * per_unit).abs() < 0.11, "{bar:?} for {value}");
            assert!((bar.number("y") + bar.number("height") - bottom).abs() < 0.11, "all stand on the axis");
        }
        // Columns of one month side by side, the months left to right.
        assert!(bars[0].number("x") < bars[1].number("x") && bars[1].number("x") < bars[2].number("x"));
        let texts: Vec<&str> = elements.iter().filter(|e| e.name == "text").map(|e| e.text.as_str()).collect();
        assert!(texts.contains(&"mrt") && texts.contains(&"120") && texts.contains(&"2025"));
        // Three-digit values stand upright above their column.
        let upright = elements.iter().find(|e| e.name == "text" && e.text == "120").unwrap();
        assert!(upright.get("transform").is_some_and(|t| t.starts_with("rotate(-90")));
    }

    #[test]
    fn nothing_to_draw_says_so() {
        for chart in [
            chart(Shape::Bars, &[], &[("Ingeschreven", &[])]),
            chart(Shape::Columns, &["jan", "feb"], &[("2026", &[0, 0]), ("2025", &[0])]),
            chart(Shape::Bars, &["OCMW Geel"], &[]),
        ] {
            assert!(chart.is_empty());
            let elements = parse(&chart.svg());
            assert_eq!(elements[0].get("role"), Some("img"));
            assert!(elements.iter().any(|e| e.name == "title" && e.text == "Deelname per OCMW"));
            assert!(elements.iter().any(|e| e.name == "text" && e.text == "Geen gegevens"));
            assert!(bars_of(&elements).is_empty());
        }
    }

    #[test]
    fn what_organisers_typed_is_escaped() {
        let mut chart =
            chart(Shape::Bars, &["OCMW <script>alert(1)</script> & \"co\""], &[("<b>Ingeschreven</b>", &[3])]);
        chart.title = "Titel </svg><img src=x onerror=alert(1)>".into();
        chart.id = "\"><script>".into();
        let svg = chart.svg();
        assert!(!svg.contains("<script") && !svg.contains("<img") && !svg.contains("<b>"), "{svg}");
        let elements = parse(&svg);
        assert_eq!(elements[0].get("id"), Some("chart----script-"));
        assert!(elements.iter().any(|e| e.name == "title" && e.text == "Titel </svg><img src=x onerror=alert(1)>"));
        assert!(elements.iter().any(|e| e.name == "text" && e.text == "OCMW <script>alert(1)</script> & \"co\""));
        assert!(elements.iter().any(|e| e.name == "text" && e.text == "<b>Ingeschreven</b>"));
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis_and_kept_whole_in_the_tooltip() {
        let long = "Openbaar Centrum voor Maatschappelijk Welzijn van de gemeente Sint-Katelijne-Waver en omstreken";
        let elements = parse(&chart(Shape::Bars, &[long], &[("Ingeschreven", &[1])]).svg());
        let label = elements.iter().find(|e| e.name == "text" && e.text.starts_with("Openbaar")).unwrap();
        assert!(label.text.ends_with('…') && label.text.chars().count() < long.chars().count());
        assert!(elements.iter().any(|e| e.name == "title" && e.text == format!("{long}: Ingeschreven 1")));
    }

    #[test]
    fn colours_have_three_to_one_contrast_on_white_and_text_more() {
        for look in &LOOKS {
            assert!(contrast(look.colour, BACKGROUND) >= 3.0, "{}: {}", look.colour, contrast(look.colour, BACKGROUND));
        }
        assert!(contrast(INK, BACKGROUND) >= 4.5);
        assert!(contrast(AXIS, BACKGROUND) >= 4.5);
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
    }

    #[test]
    fn many_categories_make_the_chart_taller_not_smaller() {
        let names: Vec<String> = (0..30).map(|i| format!("OCMW {i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let values: Vec<u32> = (0..30).collect();
        let few = parse(&chart(Shape::Bars, &refs[..3], &[("Ingeschreven", &values[..3])]).svg());
        let many = parse(&chart(Shape::Bars, &refs, &[("Ingeschreven", &values)]).svg());
        assert!(many[0].number("height") > few[0].number("height") * 5.0);
        assert_eq!(many[0].number("width"), few[0].number("width"));
    }
}
