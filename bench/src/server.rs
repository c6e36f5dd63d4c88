//! A release server with demo data on a free port, against a fresh database
//! of its own; its log goes to a file.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A database made for one run: a new SQLite file, or a new PostgreSQL
/// database (`leernet_bench_<pid>`) that is dropped afterwards.
pub struct Database {
    pub url: String,
    /// PostgreSQL: where to connect to drop it, and its name.
    drop_from: Option<(String, String)>,
}

impl Database {
    pub async fn create(backend: Backend, dir: &Path, postgres_admin_url: &str) -> anyhow::Result<Database> {
        match backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(dir.join(format!("leernet.db{suffix}")));
                }
                Ok(Database { url: format!("sqlite://{}", dir.join("leernet.db").display()), drop_from: None })
            }
            Backend::Postgres => {
                let name = format!("leernet_bench_{}", std::process::id());
                let admin = sea_orm::Database::connect(postgres_admin_url)
                    .await
                    .with_context(|| format!("connecting to PostgreSQL at {postgres_admin_url}"))?;
                use sea_orm::ConnectionTrait;
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
                admin.close().await?;
                Ok(Database {
                    url: with_database(postgres_admin_url, &name)?,
                    drop_from: Some((postgres_admin_url.to_string(), name)),
                })
            }
        }
    }

    pub async fn drop_it(self) -> anyhow::Result<()> {
        if let Some((admin_url, name)) = self.drop_from {
            use sea_orm::ConnectionTrait;
            let admin = sea_orm::Database::connect(&admin_url).await?;
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
            admin.close().await?;
        }
        Ok(())
    }
}

/// The same PostgreSQL URL with another database name.
fn with_database(url: &str, name: &str) -> anyhow::Result<String> {
    let (before_query, query) = url.split_once('?').map_or((url, None), |(a, q)| (a, Some(q)));
    let scheme_end = before_query.find("://").context("a postgres:// URL")? + 3;
    let base = match before_query[scheme_end..].find('/') {
        Some(slash) => &before_query[..scheme_end + slash],
        None => before_query,
    };
    Ok(match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    })
}

pub struct Server {
    pub base: String,
    pub pid: u32,
    pub log: PathBuf,
    child: Child,
}

/// The environment every server of the suite runs with. Every request comes
/// from 127.0.0.1, so the per-client limits (600 requests a minute, 30
/// registrations per 15 minutes) would measure the limiter, not the server.
fn environment(database_url: &str, site: &Path, outbox: &Path) -> Vec<(String, String)> {
    [
        ("DATABASE_URL", database_url.to_string()),
        ("LEERNET_SITE_ROOT", site.display().to_string()),
        ("LEERNET_MAIL_OUTBOX", outbox.display().to_string()),
        ("LEERNET_RATE_LIMIT", "0".to_string()),
        ("LEERNET_REGISTRATIONS_PER_IP", "1000000".to_string()),
        ("LEERNET_REGISTRATIONS_PER_EMAIL", "1000000".to_string()),
        ("LEERNET_REGISTRATIONS_PER_ACTIVITY", "10000000".to_string()),
        ("LEERNET_SEATS_HELD", "10000".to_string()),
        ("LEERNET_FAKE_STRIPE", "1".to_string()),
        ("NO_COLOR", "1".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// `leernet-server demo-data --today <date>` into the fresh database.
pub fn load_demo_data(
    binary: &Path,
    database_url: &str,
    site: &Path,
    dir: &Path,
    today: &str,
) -> anyhow::Result<String> {
    let output = clean_command(binary)
        .args(["demo-data", "--today", today])
        .envs(environment(database_url, site, &dir.join("outbox")))
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    std::fs::write(dir.join("demo-data.log"), format!("{text}\n{}", String::from_utf8_lossy(&output.stderr)))?;
    if !output.status.success() {
        bail!("demo-data failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(text)
}

/// The binary with only PATH and HOME from our environment, so nothing a
/// developer exported (RUST_LOG, LEERNET_*) changes what is measured.
fn clean_command(binary: &Path) -> Command {
    let mut command = Command::new(binary);
    command.env_clear();
    for key in ["PATH", "HOME"] {
        if let Ok(value) = std::env::var(key) {
            command.env(key, value);
        }
    }
    command
}

impl Server {
    pub fn start(binary: &Path, database_url: &str, site: &Path, dir: &Path) -> anyhow::Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let addr = format!("127.0.0.1:{port}");
        let base = format!("http://{addr}");
        let log = dir.join("server.log");
        let file = std::fs::File::create(&log)?;
        let child = clean_command(binary)
            .arg("serve")
            .envs(environment(database_url, site, &dir.join("outbox")))
            .env("LEERNET_ADDR", &addr)
            .env("LEERNET_BASE_URL", &base)
            .stdin(Stdio::null())
            .stdout(file.try_clone()?)
            .stderr(file)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let pid = child.id();
        let mut server = Server { base, pid, log, child };
        server.wait_ready(Duration::from_secs(60))?;
        Ok(server)
    }

    fn wait_ready(&mut self, limit: Duration) -> anyhow::Result<()> {
        let started = Instant::now();
        let addr = self.base.trim_start_matches("http://").to_string();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server stopped ({status}); see {}", self.log.display());
            }
            if http_status(&addr, "/ready").is_some_and(|s| s == 200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        bail!("the server was not ready within {limit:?}; see {}", self.log.display())
    }

    /// SIGTERM (the server finishes what is in flight), then waits.
    pub fn stop(mut self) -> anyhow::Result<()> {
        let _ = Command::new("kill").args(["-TERM", &self.pid.to_string()]).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(70) {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.child.kill()?;
        self.child.wait()?;
        bail!("the server did not stop within 70 s after SIGTERM; killed")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only when `stop` was not reached (an error on the way): never leave
        // a server running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The status of a plain GET, without a client library (used while waiting).
fn http_status(addr: &str, path: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}
