//! Seat counting: what the numbers mean ([`SeatsLeft`]). Whether a new order's
//! seats are taken is decided in the database, in one guarded statement
//! (`store/src/orders/seats.rs`), so concurrent registrations never oversell;
//! a ticket type's own cap is checked with [`SeatsLeft::fits`]. What each
//! registration then is (confirmed, waiting for payment or confirmation,
//! waitlisted) is `crate::registration::Seating`.

use serde::{Deserialize, Serialize};

/// How many seats an event still has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "seats", rename_all = "snake_case")]
pub enum SeatsLeft {
    /// No capacity set: everyone fits.
    Unlimited,
    /// This many seats remain (at least one).
    Available(u32),
    /// No seats remain; new registrations go to the waiting list.
    Full,
}

impl SeatsLeft {
    /// `capacity` is the event's capacity (None = unlimited); `taken` counts
    /// registrations that hold a seat (confirmed and awaiting payment).
    pub fn compute(capacity: Option<u32>, taken: u32) -> Self {
        match capacity {
            None => SeatsLeft::Unlimited,
            Some(cap) if taken >= cap => SeatsLeft::Full,
            Some(cap) => SeatsLeft::Available(cap - taken),
        }
    }

    pub fn fits(self, wanted: u32) -> bool {
        match self {
            SeatsLeft::Unlimited => true,
            SeatsLeft::Available(n) => wanted <= n,
            SeatsLeft::Full => wanted == 0,
        }
    }

    /// Few seats left deserves a warning in the catalogue.
    pub fn is_scarce(self) -> bool {
        matches!(self, SeatsLeft::Available(n) if n <= 5)
    }

    /// [`SeatsLeft::label_nl`] in `locale`.
    pub fn label_in(self, locale: crate::i18n::Locale) -> String {
        use crate::i18n;
        match self {
            SeatsLeft::Unlimited => i18n::text(locale, "seats.free").to_string(),
            SeatsLeft::Available(n) => i18n::plural(locale, "seats.left", u64::from(n), &[]),
            SeatsLeft::Full => i18n::text(locale, "seats.full").to_string(),
        }
    }

    pub fn label_nl(self) -> String {
        match self {
            SeatsLeft::Unlimited => "Plaatsen vrij".to_string(),
            SeatsLeft::Available(1) => "Nog 1 plaats".to_string(),
            SeatsLeft::Available(n) => format!("Nog {n} plaatsen"),
            SeatsLeft::Full => "Volzet – wachtlijst".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_seats() {
        assert_eq!(SeatsLeft::compute(None, 500), SeatsLeft::Unlimited);
        assert_eq!(SeatsLeft::compute(Some(50), 0), SeatsLeft::Available(50));
        assert_eq!(SeatsLeft::compute(Some(50), 49), SeatsLeft::Available(1));
        assert_eq!(SeatsLeft::compute(Some(50), 50), SeatsLeft::Full);
        // More taken than capacity (capacity lowered later) is still just full.
        assert_eq!(SeatsLeft::compute(Some(50), 60), SeatsLeft::Full);
        assert_eq!(SeatsLeft::compute(Some(0), 0), SeatsLeft::Full);
    }

    #[test]
    fn fits_and_labels() {
        assert!(SeatsLeft::Available(3).fits(3));
        assert!(!SeatsLeft::Available(3).fits(4));
        assert!(!SeatsLeft::Full.fits(1));
        assert!(SeatsLeft::Unlimited.fits(1000));
        assert_eq!(SeatsLeft::Available(1).label_nl(), "Nog 1 plaats");
        assert_eq!(SeatsLeft::Available(12).label_nl(), "Nog 12 plaatsen");
        assert!(SeatsLeft::Available(5).is_scarce());
        assert!(!SeatsLeft::Available(6).is_scarce());
    }
}
