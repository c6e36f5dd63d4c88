//! Read models of the public catalogue: what a visitor (or an API client) sees
//! of published events. Times are Belgian local times with their UTC offset,
//! so they display without a time zone database and serialise unambiguously.

use crate::capacity::SeatsLeft;
use crate::catalogue::YearMonth;
use crate::kinds::{Audience, EventKind};
use crate::money::Money;
use crate::slug::Slug;
use crate::window::RegistrationWindow;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserRef {
    pub slug: Slug,
    pub name: String,
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserProfile {
    pub slug: Slug,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub email: String,
    pub phone: Option<String>,
    pub website: Option<String>,
}

/// One event in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub id: i32,
    pub organiser: OrganiserRef,
    pub slug: Slug,
    pub kind: EventKind,
    pub title: String,
    pub summary: String,
    pub theme: Option<Theme>,
    pub audience: Audience,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    pub session_count: u32,
    /// Cities of the venues, in session order, without repeats.
    pub cities: Vec<String>,
    pub price: PriceRange,
    pub seats: SeatsLeft,
    pub registration: RegistrationWindow,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Theme {
    pub slug: Slug,
    pub label: String,
}

/// The cheapest and dearest active ticket; both zero for a free event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRange {
    pub from: Money,
    pub to: Money,
}

impl PriceRange {
    pub fn of(prices: impl IntoIterator<Item = Money>) -> Self {
        let mut it = prices.into_iter();
        match it.next() {
            None => PriceRange { from: Money::ZERO, to: Money::ZERO },
            Some(first) => it.fold(PriceRange { from: first, to: first }, |r, p| PriceRange {
                from: r.from.min(p),
                to: r.to.max(p),
            }),
        }
    }

    pub fn is_free(self) -> bool {
        self.to.is_zero()
    }

    /// [`PriceRange::label_nl`] in `locale`.
    pub fn label_in(self, locale: crate::i18n::Locale) -> String {
        let free = crate::i18n::text(locale, "price.free");
        if self.is_free() {
            free.to_string()
        } else if self.from == self.to {
            self.from.display_in(locale)
        } else if self.from.is_zero() {
            format!("{free} – {}", self.to.display_in(locale))
        } else {
            format!("{} – {}", self.from.display_in(locale), self.to.display_in(locale))
        }
    }

    pub fn label_nl(self) -> String {
        if self.is_free() {
            "Gratis".to_string()
        } else if self.from == self.to {
            self.from.display_nl()
        } else if self.from.is_zero() {
            format!("Gratis – {}", self.to.display_nl())
        } else {
            format!("{} – {}", self.from.display_nl(), self.to.display_nl())
        }
    }
}

/// The public event page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub card: EventCard,
    pub organiser: OrganiserProfile,
    pub description: String,
    pub language: String,
    pub capacity: Option<u32>,
    pub sessions: Vec<SessionView>,
    pub trainers: Vec<TrainerView>,
    pub ticket_types: Vec<TicketTypeView>,
    pub cancelled: bool,
    /// Seats held but not yet the holders': online payments in progress, and
    /// large groups waiting for their booker's confirmation. Counted apart,
    /// so nobody mistakes a full activity for a booked-out one.
    pub held: HeldSeats,
}

/// Seats taken without being paid or confirmed yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldSeats {
    pub paying: u32,
    pub awaiting_confirmation: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: i32,
    pub title: String,
    pub description: Option<String>,
    pub track: Option<String>,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    pub venue: Option<VenueView>,
    pub online: bool,
    /// Names of the trainers or speakers of this session.
    pub speakers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueView {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub directions: Option<String>,
    pub wheelchair_accessible: bool,
}

/// A trainer as the public sees them: never their fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerView {
    pub name: String,
    pub affiliation: Option<String>,
    pub role: String,
    pub bio: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketTypeView {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub price: Money,
    pub eligibility: String,
}

/// What the catalogue's filter controls can offer, from the upcoming events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueFacets {
    pub organisers: Vec<OrganiserRef>,
    pub kinds: Vec<EventKind>,
    pub themes: Vec<Theme>,
    pub months: Vec<YearMonth>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_ranges() {
        assert!(PriceRange::of([]).is_free());
        assert_eq!(PriceRange::of([Money::ZERO]).label_nl(), "Gratis");
        assert_eq!(PriceRange::of([Money::from_euros(45)]).label_nl(), "€ 45");
        let r = PriceRange::of([Money::from_euros(60), Money::from_euros(35), Money::from_cents(4550)]);
        assert_eq!(r.label_nl(), "€ 35 – € 60");
        assert_eq!(PriceRange::of([Money::ZERO, Money::from_euros(20)]).label_nl(), "Gratis – € 20");
    }
}
