//! Who a limit counts: the client behind a request, and the rules that bound
//! what one client or one address may hold.
//!
//! An IPv4 address is one client. An IPv6 client gets a whole /64 from its
//! provider (and picks a new address in it at will), so the /64 is the client.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

/// The client a per-client limit counts: an IPv4 address, or an IPv6 /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn of(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientKey(IpAddr::V6(Ipv6Addr::from(prefix)))
                }
            },
        }
    }
}

impl From<IpAddr> for ClientKey {
    fn from(address: IpAddr) -> Self {
        ClientKey::of(address)
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

/// How many seats one booker (by e-mail address) or one client may hold at
/// once while payments are in progress or bookings wait for confirmation.
pub const DEFAULT_SEATS_HELD: u32 = 10;

/// A booker who is not signed in and books more than this many people at
/// once confirms through the link in their own mail before anyone else is
/// mailed or the seats are theirs.
pub const MAX_UNCONFIRMED_GROUP: usize = 5;

/// How long seats wait for the booker's confirmation, at most.
pub const CONFIRMATION_TTL_HOURS: i64 = 24;

/// Whether a booking of `attendees` people needs the booker's confirmation by
/// mail: strangers' addresses must not fill seats or receive mail in the
/// organiser's name at will. Signed-in coordinators of a partner are trusted.
pub fn needs_mail_confirmation(attendees: usize, booker_trusted: bool) -> bool {
    !booker_trusted && attendees > MAX_UNCONFIRMED_GROUP
}

/// Whether a signed-in booker is trusted with large groups and holds: a
/// coordinator, staff member or admin of the organiser, or a platform admin.
pub fn booker_trusted(viewer: Option<&crate::accounts::Viewer>, organiser_id: i32) -> bool {
    use crate::Role;
    viewer.is_some_and(|v| {
        v.grants.iter().any(|g| match g.role {
            Role::PlatformAdmin => true,
            Role::Coordinator | Role::Staff | Role::Admin => g.organiser_id == Some(organiser_id),
            _ => false,
        })
    })
}

/// Whether `wanted` more held seats fit beside the `held` ones.
pub fn hold_fits(held: u64, wanted: u64, limit: u32) -> bool {
    held.saturating_add(wanted) <= u64::from(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        ClientKey::of(s.parse().unwrap()).to_string()
    }

    #[test]
    fn ipv4_is_one_client() {
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
    }

    #[test]
    fn ipv6_counts_per_64() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), key("2001:db8:1:2::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    }

    #[test]
    fn ipv4_mapped_addresses_are_their_ipv4_client() {
        assert_eq!(key("::ffff:198.51.100.4"), "198.51.100.4");
    }

    #[test]
    fn groups_above_five_confirm_unless_trusted() {
        assert!(!needs_mail_confirmation(5, false));
        assert!(needs_mail_confirmation(6, false));
        assert!(!needs_mail_confirmation(25, true));
    }

    #[test]
    fn holds_fit_up_to_the_limit() {
        assert!(hold_fits(0, 10, 10));
        assert!(hold_fits(7, 3, 10));
        assert!(!hold_fits(7, 4, 10));
        assert!(!hold_fits(u64::MAX, 1, 10));
    }
}
