//! Amounts of money in euro cents. Money is never a float.

use crate::forms::Message;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Sub};

/// An amount in euro cents. Negative amounts exist (refunds, credit notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("geef een bedrag in euro, bv. 45 of 12,50")]
    Malformed,
    #[error("een bedrag heeft hoogstens twee cijfers na de komma")]
    TooPrecise,
    #[error("het bedrag is te groot")]
    TooLarge,
}

impl MoneyError {
    /// The message for the user, in the page's language when shown.
    pub fn message(&self) -> Message {
        match self {
            MoneyError::Malformed => Message::new("validation.money_malformed"),
            MoneyError::TooPrecise => Message::new("validation.money_too_precise"),
            MoneyError::TooLarge => Message::new("validation.money_too_large"),
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub const fn from_euros(euros: i64) -> Self {
        Money(euros * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parses what a Flemish user types: `45`, `45,5`, `1.400,00`, `12.50`, `€ 12,50`.
    /// A single `.` followed by exactly three digits is a thousands separator.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('€')
            .trim_end_matches("EUR")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        if digits.is_empty() {
            return Err(MoneyError::Malformed);
        }
        let (whole, fraction) = split_decimal(digits)?;
        if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::Malformed);
        }
        if !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::Malformed);
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let euros: i64 = whole.parse().map_err(|_| MoneyError::TooLarge)?;
        let mut cents_part: i64 =
            if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| MoneyError::Malformed)? };
        if fraction.len() == 1 {
            cents_part *= 10;
        }
        let cents = euros.checked_mul(100).and_then(|c| c.checked_add(cents_part)).ok_or(MoneyError::TooLarge)?;
        Ok(Money(if negative { -cents } else { cents }))
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Dutch notation without the currency sign: `1.400,00`.
    pub fn amount_nl(self) -> String {
        self.amount_with('.', ',')
    }

    /// The amount with `thousands` between groups of three digits and
    /// `decimal` before the cents.
    fn amount_with(self, thousands: char, decimal: char) -> String {
        let abs = self.0.unsigned_abs();
        let euros = abs / 100;
        let cents = abs % 100;
        let mut grouped = String::new();
        let digits = euros.to_string();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(thousands);
            }
            grouped.push(ch);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped}{decimal}{cents:02}")
    }

    /// The amount without the currency sign in `locale`'s notation:
    /// `1.400,00` (nl), `1 400,00` (fr, with a no-break space), `1,400.00` (en).
    pub fn amount_in(self, locale: Locale) -> String {
        match locale {
            Locale::Nl => self.amount_with('.', ','),
            Locale::Fr => self.amount_with('\u{a0}', ','),
            Locale::En => self.amount_with(',', '.'),
        }
    }

    /// A short display in `locale`, cents only when there are any:
    /// `€ 45`, `€ 12,50` (nl); `45 €`, `12,50 €` (fr); `€45`, `€12.50` (en).
    /// French puts a no-break space before the sign, so it never starts a line.
    pub fn display_in(self, locale: Locale) -> String {
        let full = self.amount_in(locale);
        let short = match locale {
            Locale::En => full.strip_suffix(".00"),
            Locale::Nl | Locale::Fr => full.strip_suffix(",00"),
        };
        with_euro_sign(locale, short.unwrap_or(&full))
    }

    /// The amount with its cents in `locale`, as documents show it:
    /// `€ 1.400,00` (nl), `1 400,00 €` (fr), `€1,400.00` (en).
    pub fn display_full_in(self, locale: Locale) -> String {
        with_euro_sign(locale, &self.amount_in(locale))
    }

    /// Short Dutch display: `€ 45` for whole euros, `€ 12,50` otherwise.
    pub fn display_nl(self) -> String {
        self.display_in(Locale::Nl)
    }
}

fn split_decimal(digits: &str) -> Result<(String, String), MoneyError> {
    if let Some((whole, fraction)) = digits.rsplit_once(',') {
        // Comma is the decimal mark; dots before it are thousands separators.
        return Ok((strip_thousands(whole)?, fraction.to_string()));
    }
    let dots = digits.matches('.').count();
    match dots {
        0 => Ok((digits.to_string(), String::new())),
        1 => {
            let (whole, after) = digits.split_once('.').ok_or(MoneyError::Malformed)?;
            if after.len() == 3 {
                Ok((format!("{whole}{after}"), String::new()))
            } else {
                Ok((whole.to_string(), after.to_string()))
            }
        }
        _ => Ok((strip_thousands(digits)?, String::new())),
    }
}

fn strip_thousands(whole: &str) -> Result<String, MoneyError> {
    let groups: Vec<&str> = whole.split('.').collect();
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return Err(MoneyError::Malformed);
    }
    Ok(groups.concat())
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_nl())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Mul<u32> for Money {
    type Output = Money;
    fn mul(self, rhs: u32) -> Money {
        Money(self.0 * i64::from(rhs))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

/// Where `locale` puts the euro sign (French: after, with a no-break space,
/// so the sign never starts a line).
fn with_euro_sign(locale: Locale, amount: &str) -> String {
    match locale {
        Locale::Nl => format!("€ {amount}"),
        Locale::Fr => format!("{amount}\u{a0}€"),
        Locale::En => match amount.strip_prefix('-') {
            Some(positive) => format!("-€{positive}"),
            None => format!("€{amount}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("45"), Ok(Money::from_cents(4500)));
        assert_eq!(Money::parse("12,5"), Ok(Money::from_cents(1250)));
        assert_eq!(Money::parse("12,50"), Ok(Money::from_cents(1250)));
        assert_eq!(Money::parse("12.50"), Ok(Money::from_cents(1250)));
        assert_eq!(Money::parse("€ 1.400,00"), Ok(Money::from_cents(140_000)));
        assert_eq!(Money::parse("1.400"), Ok(Money::from_cents(140_000)));
        assert_eq!(Money::parse("2.750.000"), Ok(Money::from_cents(275_000_000)));
        assert_eq!(Money::parse("-20"), Ok(Money::from_cents(-2000)));
    }

    #[test]
    fn rejects_nonsense() {
        assert_eq!(Money::parse(""), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("abc"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("12,345"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("1.40,00"), Err(MoneyError::Malformed));
        assert_eq!(Money::parse("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse("1e5"), Err(MoneyError::Malformed));
    }

    #[test]
    fn formats_in_dutch() {
        assert_eq!(Money::from_cents(140_000).display_nl(), "€ 1.400");
        assert_eq!(Money::from_cents(1250).display_nl(), "€ 12,50");
        assert_eq!(Money::from_cents(5).amount_nl(), "0,05");
        assert_eq!(Money::from_cents(-275_000).amount_nl(), "-2.750,00");
        assert_eq!(Money::from_cents(100_000_000).amount_nl(), "1.000.000,00");
    }

    #[test]
    fn formats_per_language() {
        let whole = Money::from_euros(45);
        let cents = Money::from_cents(1250);
        let large = Money::from_cents(140_050);
        assert_eq!(whole.display_in(Locale::Nl), "€ 45");
        assert_eq!(cents.display_in(Locale::Nl), "€ 12,50");
        assert_eq!(whole.display_in(Locale::Fr), "45\u{a0}€");
        assert_eq!(cents.display_in(Locale::Fr), "12,50\u{a0}€");
        assert_eq!(large.display_in(Locale::Fr), "1\u{a0}400,50\u{a0}€");
        assert_eq!(whole.display_in(Locale::En), "€45");
        assert_eq!(cents.display_in(Locale::En), "€12.50");
        assert_eq!(large.display_in(Locale::En), "€1,400.50");
        assert_eq!(Money::from_cents(-2000).display_in(Locale::En), "-€20");
        assert_eq!(large.amount_in(Locale::Nl), large.amount_nl());
        // Documents keep the cents.
        assert_eq!(whole.display_full_in(Locale::Nl), "€ 45,00");
        assert_eq!(whole.display_full_in(Locale::Fr), "45,00\u{a0}€");
        assert_eq!(Money::from_cents(-2000).display_full_in(Locale::En), "-€20.00");
    }

    #[test]
    fn round_trips_every_small_amount() {
        for cents in (0..200_000).step_by(37) {
            let m = Money::from_cents(cents);
            assert_eq!(Money::parse(&m.amount_nl()), Ok(m), "{cents}");
        }
    }

    #[test]
    fn arithmetic_is_exact() {
        let total: Money = [Money::from_cents(1), Money::from_cents(2)].into_iter().sum();
        assert_eq!(total, Money::from_cents(3));
        assert_eq!(Money::from_euros(45) * 3, Money::from_euros(135));
    }
}
