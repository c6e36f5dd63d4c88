//! Configuration from environment variables, read once at start-up. A bad value
//! stops start-up with one line that names the variable.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `LEERNET_ADDR`: where the server listens.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://path` or `postgres://…`.
    pub database_url: String,
    /// `LEERNET_BASE_URL`: the public address, for links in mails and documents.
    pub base_url: String,
    /// `LEERNET_SITE_ROOT`: the built assets (cargo-leptos' `target/site`).
    pub site_root: PathBuf,
    /// `LEERNET_DB_POOL`: maximum database connections.
    pub db_pool: u32,
    /// `LEERNET_LOG_FORMAT`: `text` or `json`.
    pub log_json: bool,
    /// `SMTP_URL`, `LEERNET_MAIL_FROM`, `LEERNET_MAIL_OUTBOX`: where mail goes.
    pub mail: crate::mail::MailSettings,
    /// `LEERNET_REGISTRATIONS_PER_IP`, `_PER_EMAIL`, `_PER_ACTIVITY` registration
    /// posts per `LEERNET_REGISTRATION_WINDOW_MINUTES`, `LEERNET_SEATS_HELD` and
    /// `LEERNET_SIGN_IN_LINKS_PER_IP`.
    pub registration_limits: app::state::RegistrationLimits,
    /// `LEERNET_RATE_LIMIT`: requests per minute per client address (per
    /// process); 0 switches the limit off.
    pub rate_per_minute: u32,
    /// `LEERNET_TRUSTED_PROXIES`: comma-separated addresses of the reverse
    /// proxies whose `X-Forwarded-For` tells the client's address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET` (both or neither) and
    /// `STRIPE_API_BASE`: real Stripe. Without keys, no online payment.
    pub stripe: Option<StripeSettings>,
    /// `LEERNET_FAKE_STRIPE=1`: the built-in fake Stripe (no money moves), for
    /// development, tests and benchmarks; refused on an https address.
    pub fake_stripe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeSettings {
    pub secret_key: String,
    pub webhook_secret: String,
    /// Where the API is, with a trailing slash (`https://api.stripe.com/`).
    pub api_base: String,
}

impl StripeSettings {
    /// Test keys (`sk_test_...`) move no real money either.
    pub fn test_mode(&self) -> bool {
        !self.secret_key.starts_with("sk_live_") && !self.secret_key.starts_with("rk_live_")
    }
}

/// `LEERNET_RATE_LIMIT` when unset.
pub const DEFAULT_RATE_PER_MINUTE: u32 = 600;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl From<crate::mail::MailConfigError> for ConfigError {
    fn from(e: crate::mail::MailConfigError) -> Self {
        ConfigError { variable: e.variable, message: e.message }
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/leernet.db";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr_raw = lookup("LEERNET_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_string());
        let addr: SocketAddr = addr_raw.trim().parse().map_err(|_| ConfigError {
            variable: "LEERNET_ADDR",
            message: format!("{addr_raw:?} is not an address like 127.0.0.1:3000"),
        })?;
        let database_url = lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError {
                variable: "DATABASE_URL",
                message: format!("{database_url:?} is neither sqlite://… nor postgres://…"),
            });
        }
        let base_url = lookup("LEERNET_BASE_URL").unwrap_or_else(|| format!("http://{addr}"));
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError {
                variable: "LEERNET_BASE_URL",
                message: format!("{base_url:?} must start with http:// or https://"),
            });
        }
        let site_root = PathBuf::from(lookup("LEERNET_SITE_ROOT").unwrap_or_else(|| "target/site".to_string()));
        let db_pool = match lookup("LEERNET_DB_POOL") {
            None => 10,
            Some(raw) => {
                raw.trim().parse::<u32>().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| ConfigError {
                    variable: "LEERNET_DB_POOL",
                    message: format!("{raw:?} is not a number of connections between 1 and 1000"),
                })?
            }
        };
        let log_json = match lookup("LEERNET_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(ConfigError {
                    variable: "LEERNET_LOG_FORMAT",
                    message: format!("{other:?} is neither text nor json"),
                });
            }
        };
        let mut registration_limits = app::state::RegistrationLimits::default();
        let number = |variable: &'static str, min: u64, max: u64, what: &str| -> Result<Option<u64>, ConfigError> {
            lookup(variable)
                .map(|raw| {
                    raw.trim().parse::<u64>().ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| ConfigError {
                        variable,
                        message: format!("{raw:?} is not a number of {what} between {min} and {max}"),
                    })
                })
                .transpose()
        };
        if let Some(n) = number("LEERNET_REGISTRATIONS_PER_IP", 1, 1_000_000, "registrations")? {
            registration_limits.per_client = n;
        }
        if let Some(n) = number("LEERNET_REGISTRATIONS_PER_EMAIL", 1, 1_000_000, "registrations")? {
            registration_limits.per_email = n;
        }
        if let Some(n) = number("LEERNET_REGISTRATIONS_PER_ACTIVITY", 1, 10_000_000, "registrations")? {
            registration_limits.per_activity = n;
        }
        if let Some(minutes) = number("LEERNET_REGISTRATION_WINDOW_MINUTES", 1, 24 * 60, "minutes")? {
            registration_limits.window = chrono::Duration::minutes(i64::try_from(minutes).unwrap_or(15));
        }
        if let Some(seats) = number("LEERNET_SEATS_HELD", 1, 10_000, "seats")? {
            registration_limits.seats_held = u32::try_from(seats).unwrap_or(domain::limits::DEFAULT_SEATS_HELD);
        }
        if let Some(n) = number("LEERNET_SIGN_IN_LINKS_PER_IP", 1, 1_000_000, "sign-in links")? {
            registration_limits.sign_in_links_per_client = n;
        }
        let outbox = PathBuf::from(lookup("LEERNET_MAIL_OUTBOX").unwrap_or_else(|| "data/outbox".to_string()));
        let mail = crate::mail::from_env_values(lookup("SMTP_URL"), lookup("LEERNET_MAIL_FROM"), outbox)?;
        let rate_per_minute = match lookup("LEERNET_RATE_LIMIT") {
            None => DEFAULT_RATE_PER_MINUTE,
            Some(raw) => raw.trim().parse::<u32>().ok().filter(|n| *n <= 1_000_000).ok_or_else(|| ConfigError {
                variable: "LEERNET_RATE_LIMIT",
                message: format!("{raw:?} is not a number of requests per minute (0 switches the limit off)"),
            })?,
        };
        let trusted_proxies = match lookup("LEERNET_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.parse::<std::net::IpAddr>().map_err(|_| ConfigError {
                        variable: "LEERNET_TRUSTED_PROXIES",
                        message: format!("{p:?} is not an IP address like 127.0.0.1"),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let stripe = match (lookup("STRIPE_SECRET_KEY"), lookup("STRIPE_WEBHOOK_SECRET")) {
            (None, None) => None,
            (Some(secret_key), Some(webhook_secret)) => {
                let api_base = lookup("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com/".to_string());
                if !(api_base.starts_with("https://") || api_base.starts_with("http://")) {
                    return Err(ConfigError {
                        variable: "STRIPE_API_BASE",
                        message: format!("{api_base:?} must start with https://"),
                    });
                }
                Some(StripeSettings {
                    secret_key: secret_key.trim().to_string(),
                    webhook_secret: webhook_secret.trim().to_string(),
                    api_base: format!("{}/", api_base.trim_end_matches('/')),
                })
            }
            (Some(_), None) => {
                return Err(ConfigError {
                    variable: "STRIPE_WEBHOOK_SECRET",
                    message: "is needed with STRIPE_SECRET_KEY (the endpoint's signing secret, whsec_...)".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError {
                    variable: "STRIPE_SECRET_KEY",
                    message: "is needed with STRIPE_WEBHOOK_SECRET".into(),
                });
            }
        };
        let fake_stripe = match lookup("LEERNET_FAKE_STRIPE").as_deref().map(str::trim) {
            None | Some("0") => false,
            Some("1") => true,
            Some(other) => {
                return Err(ConfigError {
                    variable: "LEERNET_FAKE_STRIPE",
                    message: format!("{other:?} is neither 1 (use the built-in fake Stripe) nor 0"),
                });
            }
        };
        if fake_stripe && base_url.starts_with("https://") {
            return Err(ConfigError {
                variable: "LEERNET_FAKE_STRIPE",
                message: "the fake Stripe moves no money and is refused on a public https address; \
                          set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET instead"
                    .into(),
            });
        }
        if fake_stripe && stripe.is_some() {
            return Err(ConfigError {
                variable: "LEERNET_FAKE_STRIPE",
                message: "cannot be combined with STRIPE_SECRET_KEY: choose real Stripe or the fake".into(),
            });
        }
        Ok(Config {
            addr,
            database_url,
            base_url: base_url.trim_end_matches('/').to_string(),
            site_root,
            db_pool,
            log_json,
            mail,
            registration_limits,
            rate_per_minute,
            trusted_proxies,
            stripe,
            fake_stripe,
        })
    }

    /// The directory a SQLite database file lives in, to create before connecting.
    pub fn sqlite_dir(&self) -> Option<PathBuf> {
        let path = self.database_url.strip_prefix("sqlite://").or_else(|| self.database_url.strip_prefix("sqlite:"))?;
        let path = path.split('?').next()?;
        if path.is_empty() || path.contains(":memory:") {
            return None;
        }
        PathBuf::from(path).parent().filter(|p| !p.as_os_str().is_empty()).map(PathBuf::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = with(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.base_url, "http://127.0.0.1:3000");
        assert_eq!(c.sqlite_dir(), Some(PathBuf::from("data")));
        assert!(!c.log_json);
        assert_eq!(c.registration_limits, app::state::RegistrationLimits::default());
        let c = with(&[
            ("LEERNET_REGISTRATIONS_PER_IP", "3"),
            ("LEERNET_REGISTRATIONS_PER_EMAIL", "4"),
            ("LEERNET_REGISTRATIONS_PER_ACTIVITY", "5"),
            ("LEERNET_REGISTRATION_WINDOW_MINUTES", "60"),
            ("LEERNET_SEATS_HELD", "6"),
            ("LEERNET_SIGN_IN_LINKS_PER_IP", "7"),
        ])
        .unwrap();
        let limits = c.registration_limits;
        assert_eq!((limits.per_client, limits.per_email, limits.per_activity, limits.seats_held), (3, 4, 5, 6));
        assert_eq!(limits.sign_in_links_per_client, 7);
        assert_eq!(limits.window, chrono::Duration::minutes(60));
        assert_eq!(c.rate_per_minute, DEFAULT_RATE_PER_MINUTE);
        assert!(c.trusted_proxies.is_empty());
    }

    #[test]
    fn proxies_and_rate() {
        let c = with(&[("LEERNET_TRUSTED_PROXIES", "127.0.0.1, ::1"), ("LEERNET_RATE_LIMIT", "0")]).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert_eq!(c.rate_per_minute, 0);
    }

    #[test]
    fn bad_values_name_the_variable() {
        assert_eq!(with(&[("LEERNET_ADDR", "localhost")]).unwrap_err().variable, "LEERNET_ADDR");
        assert_eq!(with(&[("DATABASE_URL", "mysql://x")]).unwrap_err().variable, "DATABASE_URL");
        assert_eq!(with(&[("LEERNET_BASE_URL", "leernet.be")]).unwrap_err().variable, "LEERNET_BASE_URL");
        assert_eq!(with(&[("LEERNET_DB_POOL", "0")]).unwrap_err().variable, "LEERNET_DB_POOL");
        assert_eq!(with(&[("LEERNET_LOG_FORMAT", "xml")]).unwrap_err().variable, "LEERNET_LOG_FORMAT");
        assert_eq!(with(&[("LEERNET_RATE_LIMIT", "veel")]).unwrap_err().variable, "LEERNET_RATE_LIMIT");
        assert_eq!(with(&[("LEERNET_TRUSTED_PROXIES", "proxy")]).unwrap_err().variable, "LEERNET_TRUSTED_PROXIES");
        assert_eq!(with(&[("SMTP_URL", "http://mail")]).unwrap_err().variable, "SMTP_URL");
        assert_eq!(with(&[("LEERNET_MAIL_FROM", "geen adres")]).unwrap_err().variable, "LEERNET_MAIL_FROM");
        for (key, value) in [
            ("LEERNET_REGISTRATIONS_PER_IP", "0"),
            ("LEERNET_REGISTRATIONS_PER_EMAIL", "-1"),
            ("LEERNET_REGISTRATIONS_PER_ACTIVITY", "veel"),
            ("LEERNET_REGISTRATION_WINDOW_MINUTES", "veel"),
            ("LEERNET_SEATS_HELD", "0"),
            ("LEERNET_SIGN_IN_LINKS_PER_IP", "0"),
            ("LEERNET_FAKE_STRIPE", "ja"),
        ] {
            assert_eq!(with(&[(key, value)]).unwrap_err().variable, key);
        }
        assert_eq!(with(&[("STRIPE_SECRET_KEY", "sk_test_x")]).unwrap_err().variable, "STRIPE_WEBHOOK_SECRET");
        assert_eq!(with(&[("STRIPE_WEBHOOK_SECRET", "whsec_x")]).unwrap_err().variable, "STRIPE_SECRET_KEY");
    }

    #[test]
    fn stripe_keys_choose_real_stripe() {
        assert_eq!(with(&[]).unwrap().stripe, None);
        let c = with(&[("STRIPE_SECRET_KEY", "sk_live_x"), ("STRIPE_WEBHOOK_SECRET", "whsec_x")]).unwrap();
        let stripe = c.stripe.unwrap();
        assert_eq!(stripe.api_base, "https://api.stripe.com/");
        assert!(!stripe.test_mode());
        let c = with(&[("STRIPE_SECRET_KEY", "sk_test_x"), ("STRIPE_WEBHOOK_SECRET", "whsec_x")]).unwrap();
        assert!(c.stripe.unwrap().test_mode());
    }

    #[test]
    fn the_fake_stripe_only_when_asked_and_never_on_https() {
        assert!(!with(&[]).unwrap().fake_stripe);
        assert!(with(&[("LEERNET_FAKE_STRIPE", "1")]).unwrap().fake_stripe);
        let public = with(&[("LEERNET_FAKE_STRIPE", "1"), ("LEERNET_BASE_URL", "https://leernet.example.be")]);
        assert_eq!(public.unwrap_err().variable, "LEERNET_FAKE_STRIPE");
        let both =
            with(&[("LEERNET_FAKE_STRIPE", "1"), ("STRIPE_SECRET_KEY", "sk_test_x"), ("STRIPE_WEBHOOK_SECRET", "w")]);
        assert_eq!(both.unwrap_err().variable, "LEERNET_FAKE_STRIPE");
    }

    #[test]
    fn postgres_has_no_sqlite_dir() {
        let c = with(&[("DATABASE_URL", "postgres://localhost/leernet")]).unwrap();
        assert_eq!(c.sqlite_dir(), None);
    }
}
