//! The rules of signing in that protect a person from others: how often a
//! sign-in link may be mailed to one address, and what setting or changing a
//! password asks for. The server and the store apply them; the times come
//! from the caller (the app's clock), so tests can move them.

use chrono::{DateTime, Duration, Utc};

/// How long a sign-in link works after it was mailed (the store's token TTL).
pub const LINK_TTL: Duration = Duration::minutes(20);
/// Links mailed to one address in [`LINK_LOOKBACK`] before a wait applies:
/// a slow mail, a typo in the mailbox, a second device.
pub const LINKS_WITHOUT_WAITING: usize = 3;
/// After that, at most one link per address per this long. Never more: a
/// stranger asking for someone's links cannot keep her out longer than this,
/// and she always has a link in her mailbox younger than this (so still
/// working, see [`LINK_TTL`]) while she waits.
pub const LINK_COOLDOWN: Duration = Duration::minutes(5);
/// How far back the links to an address are counted.
pub const LINK_LOOKBACK: Duration = Duration::hours(1);

/// Whether a link may be mailed to an address now, given when the earlier
/// ones to that address were mailed (any order; only those within
/// [`LINK_LOOKBACK`] count). `Err` holds how long until the next one may go.
pub fn next_link(sent: &[DateTime<Utc>], now: DateTime<Utc>) -> Result<(), Duration> {
    let recent: Vec<DateTime<Utc>> = sent.iter().copied().filter(|at| *at > now - LINK_LOOKBACK).collect();
    if recent.len() < LINKS_WITHOUT_WAITING {
        return Ok(());
    }
    let Some(last) = recent.iter().max() else { return Ok(()) };
    let ready_at = *last + LINK_COOLDOWN;
    if ready_at <= now { Ok(()) } else { Err(ready_at - now) }
}

/// Whole minutes to say to someone who waits `wait` (at least one).
pub fn minutes_to_say(wait: Duration) -> i64 {
    ((wait.num_seconds() + 59) / 60).max(1)
}

/// A sign-in by link counts as proof of the mailbox for this long: a password
/// may then be set or changed without the current one.
pub const RECENT_LINK_SIGN_IN: Duration = Duration::minutes(10);

/// Whether a session that signed in by link at `at` did so recently enough.
pub fn link_sign_in_is_recent(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    at.is_some_and(|at| at <= now && now - at <= RECENT_LINK_SIGN_IN)
}

/// What setting or changing a password asks of the signed-in person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    /// Nothing more: she signed in by link in the last ten minutes.
    Allowed,
    /// Her current password (she has one, and no recent link sign-in).
    NeedsCurrentPassword,
    /// A fresh sign-in by link: she has no password yet, and a session alone
    /// (perhaps left open on a shared computer) must not give an account one.
    NeedsLinkSignIn,
}

/// The rule for a password set or change in a session that signed in by
/// link at `link_signed_in_at` (None: by password).
pub fn password_change(
    has_password: bool,
    link_signed_in_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> PasswordChange {
    if link_sign_in_is_recent(link_signed_in_at, now) {
        PasswordChange::Allowed
    } else if has_password {
        PasswordChange::NeedsCurrentPassword
    } else {
        PasswordChange::NeedsLinkSignIn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    fn minutes(m: i64) -> Duration {
        Duration::minutes(m)
    }

    #[test]
    fn the_first_links_need_no_wait() {
        let now = t0();
        assert_eq!(next_link(&[], now), Ok(()));
        assert_eq!(next_link(&[now, now], now), Ok(()));
        assert_eq!(next_link(&[now, now, now], now), Err(LINK_COOLDOWN));
    }

    #[test]
    fn after_that_one_link_per_cooldown_never_a_longer_wait() {
        let now = t0();
        let sent = [now - minutes(3), now - minutes(2), now - minutes(1)];
        assert_eq!(next_link(&sent, now), Err(minutes(4)));
        assert_eq!(next_link(&sent, now + minutes(4)), Ok(()));
        // Someone asking for her links all the time: each wait still ends
        // within the cooldown of the last link, however many went out.
        let hammered: Vec<_> = (0..60).map(|i| now - Duration::seconds(i * 61)).collect();
        assert!(next_link(&hammered, now).is_err_and(|wait| wait <= LINK_COOLDOWN));
        assert_eq!(next_link(&hammered, now + LINK_COOLDOWN), Ok(()));
    }

    #[test]
    fn a_refused_link_leaves_a_working_one_in_the_mailbox() {
        // While the wait lasts, the last link mailed still works.
        assert!(LINK_COOLDOWN < LINK_TTL);
    }

    #[test]
    fn old_links_do_not_count() {
        let now = t0();
        let sent = [now - minutes(61), now - minutes(70), now - minutes(2)];
        assert_eq!(next_link(&sent, now), Ok(()));
    }

    #[test]
    fn waits_are_said_in_whole_minutes() {
        assert_eq!(minutes_to_say(Duration::seconds(1)), 1);
        assert_eq!(minutes_to_say(Duration::seconds(60)), 1);
        assert_eq!(minutes_to_say(Duration::seconds(61)), 2);
        assert_eq!(minutes_to_say(LINK_COOLDOWN), 5);
    }

    #[test]
    fn a_link_sign_in_counts_for_ten_minutes() {
        let at = t0();
        assert!(link_sign_in_is_recent(Some(at), at));
        assert!(link_sign_in_is_recent(Some(at), at + minutes(10)));
        assert!(!link_sign_in_is_recent(Some(at), at + minutes(11)));
        assert!(!link_sign_in_is_recent(None, at));
        assert!(!link_sign_in_is_recent(Some(at + minutes(1)), at), "not from the future");
    }

    #[test]
    fn what_a_password_change_asks() {
        let at = t0();
        assert_eq!(password_change(true, Some(at), at + minutes(9)), PasswordChange::Allowed);
        assert_eq!(password_change(false, Some(at), at + minutes(9)), PasswordChange::Allowed);
        assert_eq!(password_change(true, Some(at), at + minutes(11)), PasswordChange::NeedsCurrentPassword);
        assert_eq!(password_change(true, None, at), PasswordChange::NeedsCurrentPassword);
        assert_eq!(password_change(false, None, at), PasswordChange::NeedsLinkSignIn);
        assert_eq!(password_change(false, Some(at), at + minutes(11)), PasswordChange::NeedsLinkSignIn);
    }
}
