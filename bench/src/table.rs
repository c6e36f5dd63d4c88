//! The one table the suite prints (and writes as markdown).

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Meets its target.
    Pass,
    /// Measured, and misses its target (reported, never a failure).
    Miss,
    /// Measured; no target for this row.
    Info,
    /// Not measured yet: the feature is still being built.
    Pending,
    /// Could not run here (e.g. no PostgreSQL).
    Skipped,
    /// The measurement itself went wrong; see the result column.
    Failed,
}

impl Verdict {
    pub fn met(ok: bool) -> Verdict {
        if ok { Verdict::Pass } else { Verdict::Miss }
    }

    fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Miss => "MISS",
            Verdict::Info => "info",
            Verdict::Pending => "pending",
            Verdict::Skipped => "skipped",
            Verdict::Failed => "FAILED",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// Short: "catalogue /", "event page", "rush 1000→100".
    pub label: String,
    /// "sqlite", "postgres", or "-" for rows about the build.
    pub backend: String,
    pub result: String,
    pub target: String,
    pub verdict: Verdict,
    /// 1-minute load average before → after the measurement.
    pub load: String,
}

impl Row {
    pub fn new(label: &str, result: impl Into<String>, target: impl Into<String>, verdict: Verdict) -> Row {
        Row {
            label: label.to_string(),
            backend: "-".to_string(),
            result: result.into(),
            target: target.into(),
            verdict,
            load: String::new(),
        }
    }
}

/// A markdown table; also readable as it is in a terminal.
pub fn markdown(rows: &[Row]) -> String {
    let header = ["row", "db", "result", "target", "verdict", "load 1m before → after"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.label.clone(),
                r.backend.clone(),
                r.result.replace('|', "\\|"),
                r.target.clone(),
                r.verdict.word().to_string(),
                r.load.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| {
        let mut s = String::from("|");
        for (c, w) in cols.iter().zip(widths) {
            let _ = write!(s, " {c}{} |", " ".repeat(w - c.chars().count()));
        }
        s.push('\n');
        s
    };
    let mut out = line(&header.map(String::from));
    out.push_str(&line(&widths.map(|w| "-".repeat(w))));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

/// "12,345"
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Milliseconds with a sensible number of decimals.
pub fn ms(value: f64) -> String {
    if value < 10.0 { format!("{value:.2} ms") } else { format!("{value:.1} ms") }
}
