//! Registration windows: when registering is possible.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "at", rename_all = "snake_case")]
pub enum RegistrationWindow {
    NotYetOpen(DateTime<Utc>),
    Open { closes_at: Option<DateTime<Utc>> },
    Closed,
}

impl RegistrationWindow {
    /// `opens_at`/`closes_at` are the event's window (either may be unset);
    /// `first_start` is the start of its first session: registering always
    /// closes when the event begins.
    pub fn at(
        now: DateTime<Utc>,
        opens_at: Option<DateTime<Utc>>,
        closes_at: Option<DateTime<Utc>>,
        first_start: Option<DateTime<Utc>>,
    ) -> Self {
        let effective_close = match (closes_at, first_start) {
            (Some(c), Some(s)) => Some(c.min(s)),
            (c, s) => c.or(s),
        };
        if let Some(open) = opens_at
            && now < open
        {
            return RegistrationWindow::NotYetOpen(open);
        }
        match effective_close {
            Some(close) if now >= close => RegistrationWindow::Closed,
            close => RegistrationWindow::Open { closes_at: close },
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, RegistrationWindow::Open { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, 9, 0, 0).unwrap()
    }

    #[test]
    fn window_states() {
        assert_eq!(RegistrationWindow::at(t(1), Some(t(2)), None, Some(t(20))), RegistrationWindow::NotYetOpen(t(2)));
        assert_eq!(
            RegistrationWindow::at(t(3), Some(t(2)), Some(t(10)), Some(t(20))),
            RegistrationWindow::Open { closes_at: Some(t(10)) }
        );
        assert_eq!(RegistrationWindow::at(t(10), Some(t(2)), Some(t(10)), Some(t(20))), RegistrationWindow::Closed);
        // Without an explicit close, the event's start closes registration.
        assert_eq!(
            RegistrationWindow::at(t(19), None, None, Some(t(20))),
            RegistrationWindow::Open { closes_at: Some(t(20)) }
        );
        assert_eq!(RegistrationWindow::at(t(20), None, None, Some(t(20))), RegistrationWindow::Closed);
        // A close date after the start is capped at the start.
        assert_eq!(RegistrationWindow::at(t(21), None, Some(t(25)), Some(t(20))), RegistrationWindow::Closed);
        assert!(RegistrationWindow::at(t(1), None, None, None).is_open());
    }
}
