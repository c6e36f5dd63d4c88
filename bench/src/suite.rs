//! The whole suite: the release build's wasm, then per database a fresh
//! server with demo data and the rows measured against it; one table.
//!
//! Adding a row (e.g. check-in, report queries) is one function: for a row
//! measured against a running server, write `fn name(t: &Target) ->
//! anyhow::Result<Measured>` and add it to [`PER_SERVER`] (and take its line
//! out of [`PENDING`]); for a row about the build, add to [`BUILD`].

use crate::fresh;
use crate::loadgen::{self, Load};
use crate::machine::{self, Facts, RssSampler};
use crate::rush;
use crate::server::{Backend, Database, Server};
use crate::table::{self, Row, Verdict};
use anyhow::{Context, bail};
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

pub struct Settings {
    pub server: PathBuf,
    /// The bare axum handler (`leernet-bare`, beside the server).
    pub bare: PathBuf,
    pub site: PathBuf,
    pub out: PathBuf,
    pub backends: Vec<Backend>,
    pub postgres_url: String,
    pub duration: Duration,
    pub warmup: Duration,
    pub connections: u32,
    pub rush: rush::Plan,
    pub api_door: crate::api_door::Plan,
    /// Only the rows with these labels (`BENCH_ROWS`); all when empty.
    pub only: Vec<String>,
}

impl Settings {
    pub fn from_env(server: PathBuf, site: PathBuf, out: PathBuf) -> anyhow::Result<Settings> {
        let var = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
        let number = |key: &str, default: u64| -> anyhow::Result<u64> {
            var(key).map_or(Ok(default), |v| v.trim().parse().with_context(|| format!("{key}={v:?}")))
        };
        let backends = var("BENCH_BACKENDS")
            .unwrap_or_else(|| "sqlite,postgres".to_string())
            .split(',')
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| match b {
                "sqlite" => Ok(Backend::Sqlite),
                "postgres" => Ok(Backend::Postgres),
                other => bail!("BENCH_BACKENDS: {other:?} is neither sqlite nor postgres"),
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Settings {
            bare: server.with_file_name("leernet-bare"),
            server,
            site,
            out,
            backends,
            postgres_url: var("BENCH_POSTGRES_URL")
                .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".to_string()),
            duration: Duration::from_secs(number("BENCH_DURATION", 15)?),
            warmup: Duration::from_secs(number("BENCH_WARMUP", 3)?),
            connections: u32::try_from(number("BENCH_CONNECTIONS", 64)?)?,
            rush: rush::Plan {
                requests: usize::try_from(number("BENCH_RUSH", 1000)?)?,
                seats: usize::try_from(number("BENCH_SEATS", 100)?)?,
            },
            api_door: crate::api_door::Plan {
                tickets: usize::try_from(number("BENCH_API_TICKETS", 3000)?)?,
                connections: usize::try_from(number("BENCH_API_CONNECTIONS", 50)?)?,
            },
            only: var("BENCH_ROWS")
                .map(|v| v.split(',').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
                .unwrap_or_default(),
        })
    }
}

impl Settings {
    /// Whether the row `label` is measured in this run (`BENCH_ROWS`).
    fn wanted(&self, label: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|l| l == label)
    }
}

/// What one row function measured; the suite adds label, database and load.
pub struct Measured {
    pub result: String,
    pub target: String,
    pub verdict: Verdict,
}

/// A running server to measure.
pub struct Target<'a> {
    pub settings: &'a Settings,
    pub backend: Backend,
    pub base: String,
    pub database_url: String,
    pub pid: u32,
    /// `/regio/<organiser>/<event>`: the catalogue's first event.
    pub event_path: String,
    pub runtime: &'a tokio::runtime::Runtime,
    pub rss: RssSampler,
    pub rss_at_start_kib: u64,
    /// Lines for the report under the table (e.g. unexpected answers).
    pub notes: RefCell<Vec<String>>,
    /// The bare axum handler's requests/s in this run, once measured.
    pub bare_per_second: Cell<Option<f64>>,
    /// The signed-in session and paths of issue 21's rows, made once.
    fresh: RefCell<Option<Rc<fresh::Paths>>>,
}

type ServerRow = fn(&Target) -> anyhow::Result<Measured>;
type BuildRow = fn(&Settings) -> anyhow::Result<Measured>;

/// Measured against each server, in this order. Memory last: it reports the
/// peak over everything before it.
const PER_SERVER: &[(&str, ServerRow)] = &[
    // First: the machine's limit, for the share each row after it prints.
    ("bare axum", bare_axum),
    ("catalogue /", catalogue),
    ("event page", event_page),
    // Issue 21: what is rendered fresh, before the rows below change the data.
    ("API event", api_event),
    ("API events", api_events),
    ("event page signed in", event_page_signed_in),
    ("back-office dashboard", dashboard),
    ("participants list", participants),
    ("check-in page", check_in_page),
    ("registration rush", registration_rush),
    ("check-in", check_in),
    ("check-in API", check_in_api),
    ("server memory", memory),
    // Last: it grows the database to a million registrations.
    ("report @ 1M registrations", report_at_a_million),
];

/// About the build, measured once.
const BUILD: &[(&str, BuildRow)] = &[("wasm (release)", wasm)];

/// Rows the issue asks for whose feature is still being built: (label, target).
const PENDING: &[(&str, &str)] = &[];

const CATALOGUE_RPS: f64 = 5_000.0;
const CATALOGUE_P99_MS: f64 = 20.0;
const RSS_MAX_MB: f64 = 150.0;
const WASM_GZIP_MAX_KB: f64 = 400.0;
const CHECK_IN_P99_MS: f64 = 5.0;
/// Redeeming over the API (issue 16): per second, and the slowest 1 %.
const API_REDEEM_RPS: f64 = 2_000.0;
const API_REDEEM_P99_MS: f64 = 10.0;
/// Issue 21: the JSON API, and signed-in pages and the back office (SQLite).
const API_RPS: f64 = 10_000.0;
const SIGNED_IN_RPS: f64 = 3_000.0;
const SIGNED_IN_P99_MS: f64 = 20.0;
/// Issue 19: every report page under 200 ms (the slowest of five) at a million registrations.
const REPORT_MAX_MS: f64 = 200.0;

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    std::fs::create_dir_all(&settings.out)?;
    let out = std::fs::canonicalize(&settings.out)?;
    let started = chrono::Utc::now();
    let facts = Facts::read();
    let load_at_start = machine::load_all();
    let runtime = tokio::runtime::Runtime::new()?;
    let mut rows: Vec<(usize, Row)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();

    for (i, (label, measure)) in BUILD.iter().enumerate() {
        if !settings.wanted(label) {
            continue;
        }
        eprintln!("bench: {label}");
        rows.push((i, timed(label, "-", || measure(settings))));
    }
    for backend in &settings.backends {
        let dir = out.join(backend.name());
        std::fs::create_dir_all(&dir)?;
        eprintln!("bench: {} server (log: {})", backend.name(), dir.join("server.log").display());
        match measure_server(settings, *backend, &dir, &runtime, &mut notes) {
            Ok(measured) => rows.extend(measured.into_iter().map(|(i, row)| (BUILD.len() + i, row))),
            Err(e) => {
                let reason = format!("{e:#}");
                eprintln!("bench: {}: {reason}", backend.name());
                let verdict = if *backend == Backend::Postgres && reason.contains("connecting to PostgreSQL") {
                    Verdict::Skipped
                } else {
                    Verdict::Failed
                };
                rows.push((BUILD.len(), row_with(backend.name(), "server", one_line(&reason), "—", verdict)));
            }
        }
    }
    for (label, target) in PENDING {
        let result = "not measured yet: being built elsewhere";
        rows.push((BUILD.len() + PER_SERVER.len(), row_with("-", label, result, target, Verdict::Pending)));
    }
    // Grouped by row, then database, in the order they ran.
    rows.sort_by_key(|(i, _)| *i);
    let rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();

    let mut report = String::new();
    let _ = writeln!(report, "## Run of {} UTC\n", started.format("%Y-%m-%d %H:%M"));
    let _ = writeln!(
        report,
        "- machine: {} × {}, {:.1} GiB RAM, Linux {}; load average at start {load_at_start}, at the end {}",
        facts.cpus,
        facts.model,
        facts.memory_gib,
        facts.kernel,
        machine::load_all()
    );
    let _ = writeln!(report, "- commit: {}", facts.commit);
    let _ = writeln!(
        report,
        "- load: {}, {} connections, {} s per URL after a {} s warm-up; rush: {} posts of the registration form at once for {} seats; check-in API: {} tickets, {} connections",
        loadgen::version(),
        settings.connections,
        settings.duration.as_secs(),
        settings.warmup.as_secs(),
        settings.rush.requests,
        settings.rush.seats,
        settings.api_door.tickets,
        settings.api_door.connections
    );
    let _ = writeln!(
        report,
        "- server: release build, demo data, LEERNET_RATE_LIMIT=0, the registration limits per address, e-mail, activity and held seats raised (all load comes from one address), LEERNET_FAKE_STRIPE=1, otherwise defaults; logs in {}\n",
        relative_to_repository(&out).display()
    );
    report.push_str(&table::markdown(&rows));
    if !notes.is_empty() {
        report.push('\n');
        for note in &notes {
            let _ = writeln!(report, "- {note}");
        }
    }
    println!("\n{report}");
    std::fs::write(out.join("latest.md"), &report)?;
    std::fs::write(out.join(format!("run-{}.md", started.format("%Y%m%d-%H%M%S"))), &report)?;
    eprintln!("bench: written to {}", out.join("latest.md").display());
    Ok(())
}

fn row_with(backend: &str, label: &str, result: impl Into<String>, target: &str, verdict: Verdict) -> Row {
    let mut row = Row::new(label, result, target, verdict);
    row.backend = backend.to_string();
    row
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(300).collect()
}

/// Runs one row function with the load average before and after.
fn timed(label: &str, backend: &str, measure: impl FnOnce() -> anyhow::Result<Measured>) -> Row {
    let before = machine::load_1m();
    let measured = measure();
    let after = machine::load_1m();
    let mut row = match measured {
        Ok(m) => row_with(backend, label, m.result, &m.target, m.verdict),
        Err(e) => row_with(backend, label, one_line(&format!("{e:#}")), "—", Verdict::Failed),
    };
    row.load = format!("{before:.2} → {after:.2}");
    row
}

fn measure_server(
    settings: &Settings,
    backend: Backend,
    dir: &Path,
    runtime: &tokio::runtime::Runtime,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<(usize, Row)>> {
    let database = runtime.block_on(Database::create(backend, dir, &settings.postgres_url))?;
    let result = (|| {
        let today = store::time::local_date(chrono::Utc::now()).to_string();
        let loaded = crate::server::load_demo_data(&settings.server, &database.url, &settings.site, dir, &today)?;
        eprintln!("bench: {loaded}");
        let server = Server::start(&settings.server, &database.url, &settings.site, dir)?;
        let rss_at_start_kib = machine::status_kib(server.pid, "VmRSS").unwrap_or(0);
        let target = Target {
            settings,
            backend,
            base: server.base.clone(),
            database_url: database.url.clone(),
            pid: server.pid,
            event_path: runtime.block_on(first_event_path(&server.base))?,
            runtime,
            rss: RssSampler::start(server.pid),
            rss_at_start_kib,
            notes: RefCell::new(Vec::new()),
            bare_per_second: Cell::new(None),
            fresh: RefCell::new(None),
        };
        let mut rows = Vec::new();
        for (i, (label, measure)) in PER_SERVER.iter().enumerate() {
            if !settings.wanted(label) {
                continue;
            }
            eprintln!("bench: {} {label}", backend.name());
            rows.push((i, timed(label, backend.name(), || measure(&target))));
        }
        notes.extend(target.notes.take().into_iter().map(|n| format!("{}: {n}", backend.name())));
        drop(target);
        server.stop()?;
        Ok(rows)
    })();
    if let Err(e) = runtime.block_on(database.drop_it()) {
        eprintln!("bench: could not drop the benchmark database: {e:#}");
    }
    result
}

/// The first event page the catalogue links to, as a visitor would find it.
async fn first_event_path(base: &str) -> anyhow::Result<String> {
    let html = reqwest::get(format!("{base}/")).await?.error_for_status()?.text().await?;
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| {
            let parts: Vec<&str> = href.trim_start_matches('/').split('/').collect();
            parts.len() == 3 && parts[0] == "regio" && parts.iter().all(|p| !p.is_empty() && !p.contains('?'))
        })
        .map(str::to_string)
        .context("the catalogue links to no event page")
}

/// Warm-up, then the measured run, at the suite's concurrency.
fn http_load(t: &Target, path: &str) -> anyhow::Result<Load> {
    let url = format!("{}{path}", t.base);
    if !t.settings.warmup.is_zero() {
        loadgen::wrk(&url, t.settings.connections, t.settings.warmup)?;
    }
    loadgen::wrk(&url, t.settings.connections, t.settings.duration)
}

fn describe(load: &Load) -> String {
    let mut s = format!(
        "{} req/s · p50 {} · p99 {} · {} non-2xx",
        table::thousands(load.per_second.round() as u64),
        table::ms(load.p50_ms),
        table::ms(load.p99_ms),
        load.bad_status
    );
    if load.socket_errors > 0 {
        let _ = write!(s, " · {} socket errors", load.socket_errors);
    }
    s
}

fn catalogue(t: &Target) -> anyhow::Result<Measured> {
    let load = http_load(t, "/")?;
    let share = fresh::share_of_bare(t, &load);
    let goal = format!("≥ {} req/s, p99 < {CATALOGUE_P99_MS:.0} ms", table::thousands(CATALOGUE_RPS as u64));
    // The issue sets the target on SQLite; PostgreSQL is reported beside it.
    let (target, verdict) = match t.backend {
        Backend::Sqlite => (
            goal,
            Verdict::met(
                load.per_second >= CATALOGUE_RPS
                    && load.p99_ms < CATALOGUE_P99_MS
                    && load.bad_status == 0
                    && load.socket_errors == 0,
            ),
        ),
        Backend::Postgres => (format!("({goal} on SQLite)"), Verdict::Info),
    };
    Ok(Measured { result: describe(&load) + &share, target, verdict })
}

fn event_page(t: &Target) -> anyhow::Result<Measured> {
    let load = http_load(t, &t.event_path)?;
    t.notes.borrow_mut().push(format!("event page measured: {}", t.event_path));
    let result = describe(&load) + &fresh::share_of_bare(t, &load);
    Ok(Measured { result, target: "—".to_string(), verdict: Verdict::Info })
}

fn bare_axum(t: &Target) -> anyhow::Result<Measured> {
    let load = fresh::bare(t)?;
    let result = format!("{} (the machine's limit: `leernet-bare`, no middleware)", describe(&load));
    Ok(Measured { result, target: "—".to_string(), verdict: Verdict::Info })
}

/// The paths and session of issue 21's rows, made on first use.
fn fresh_paths(t: &Target) -> anyhow::Result<Rc<fresh::Paths>> {
    if let Some(paths) = t.fresh.borrow().as_ref() {
        return Ok(paths.clone());
    }
    let paths = Rc::new(t.runtime.block_on(fresh::paths(t))?);
    *t.fresh.borrow_mut() = Some(paths.clone());
    Ok(paths)
}

/// A fresh path's row: its load, its share of the bare handler, and the
/// target (SQLite's; PostgreSQL reported beside it).
fn fresh_row(t: &Target, path: &str, signed_in: bool, rps: f64, p99_ms: Option<f64>) -> anyhow::Result<Measured> {
    let paths = fresh_paths(t)?;
    let load = fresh::path(t, path, signed_in.then_some(paths.cookie.as_str()))?;
    let mut goal = format!("≥ {} req/s", table::thousands(rps as u64));
    if let Some(p99) = p99_ms {
        let _ = write!(goal, ", p99 < {p99:.0} ms");
    }
    goal.push_str(&format!(" at {} connections", fresh::CONNECTIONS));
    let met = load.per_second >= rps
        && p99_ms.is_none_or(|p99| load.p99_ms < p99)
        && load.bad_status == 0
        && load.socket_errors == 0;
    let (target, verdict) = match t.backend {
        Backend::Sqlite => (goal, Verdict::met(met)),
        Backend::Postgres => (format!("({goal} on SQLite)"), Verdict::Info),
    };
    t.notes.borrow_mut().push(format!("{path} measured{}", if signed_in { ", signed in" } else { "" }));
    Ok(Measured { result: describe(&load) + &fresh::share_of_bare(t, &load), target, verdict })
}

fn api_event(t: &Target) -> anyhow::Result<Measured> {
    let path = fresh_paths(t)?.api_event.clone();
    fresh_row(t, &path, false, API_RPS, None)
}

fn api_events(t: &Target) -> anyhow::Result<Measured> {
    fresh_row(t, "/api/v1/events", false, API_RPS, None)
}

fn event_page_signed_in(t: &Target) -> anyhow::Result<Measured> {
    let path = fresh_paths(t)?.signed_in_event.clone();
    fresh_row(t, &path, true, SIGNED_IN_RPS, Some(SIGNED_IN_P99_MS))
}

fn dashboard(t: &Target) -> anyhow::Result<Measured> {
    let path = fresh_paths(t)?.dashboard.clone();
    fresh_row(t, &path, true, SIGNED_IN_RPS, Some(SIGNED_IN_P99_MS))
}

fn participants(t: &Target) -> anyhow::Result<Measured> {
    let path = fresh_paths(t)?.participants.clone();
    fresh_row(t, &path, true, SIGNED_IN_RPS, Some(SIGNED_IN_P99_MS))
}

fn check_in_page(t: &Target) -> anyhow::Result<Measured> {
    let path = fresh_paths(t)?.check_in.clone();
    fresh_row(t, &path, true, SIGNED_IN_RPS, Some(SIGNED_IN_P99_MS))
}

fn registration_rush(t: &Target) -> anyhow::Result<Measured> {
    let outcome = t.runtime.block_on(rush::run(&t.base, &t.database_url, t.settings.rush))?;
    for sample in &outcome.unexpected {
        t.notes.borrow_mut().push(format!("rush, unexpected answer: {}", one_line(sample)));
    }
    let ok = outcome.oversold() == 0 && outcome.consistent() && outcome.unexpected_count() == 0;
    Ok(Measured {
        result: outcome.summary(),
        target: "oversold 0, every post answered".to_string(),
        verdict: Verdict::met(ok),
    })
}

fn check_in(t: &Target) -> anyhow::Result<Measured> {
    let scans = t.runtime.block_on(crate::door::run(&t.base, &t.database_url))?;
    let goal = format!("p99 < {CHECK_IN_P99_MS:.0} ms");
    // As for the catalogue, the target is the embedded default's (SQLite).
    // PostgreSQL's figure is reported beside it: there every first scan waits
    // for its commit to reach the disk. A wrong answer misses on either.
    let (target, verdict) = match t.backend {
        Backend::Sqlite => (goal, Verdict::met(scans.p99_ms < CHECK_IN_P99_MS && scans.errors == 0)),
        Backend::Postgres if scans.errors == 0 => (format!("({goal} on SQLite)"), Verdict::Info),
        Backend::Postgres => (format!("({goal} on SQLite), no errors"), Verdict::met(false)),
    };
    if let Some(sample) = &scans.sample {
        t.notes.borrow_mut().push(format!("check-in, unexpected answer: {}", one_line(sample)));
    }
    Ok(Measured {
        result: format!(
            "p50 {} · p99 {} · max {} over {} scans (4 doors, every ticket twice) · {} errors",
            table::ms(scans.p50_ms),
            table::ms(scans.p99_ms),
            table::ms(scans.max_ms),
            table::thousands(scans.scans as u64),
            scans.errors
        ),
        target,
        verdict,
    })
}

fn check_in_api(t: &Target) -> anyhow::Result<Measured> {
    let outcome = t.runtime.block_on(crate::api_door::run(&t.base, &t.database_url, t.settings.api_door))?;
    for (round, r) in [("first scans", &outcome.first), ("repeats", &outcome.repeat)] {
        if let Some(sample) = &r.sample {
            t.notes.borrow_mut().push(format!("check-in API, {round}, unexpected answer: {}", one_line(sample)));
        }
    }
    let goal = format!("≥ {} redeems/s, p99 < {API_REDEEM_P99_MS:.0} ms", table::thousands(API_REDEEM_RPS as u64));
    let fast = |r: &crate::api_door::Round| r.per_second >= API_REDEEM_RPS && r.p99_ms < API_REDEEM_P99_MS;
    let right = outcome.consistent() && outcome.first.errors == 0 && outcome.repeat.errors == 0;
    // The target is SQLite's; PostgreSQL's figure is reported beside it.
    let (target, verdict) = match t.backend {
        Backend::Sqlite => (goal, Verdict::met(right && fast(&outcome.first) && fast(&outcome.repeat))),
        Backend::Postgres if right => (format!("({goal} on SQLite)"), Verdict::Info),
        Backend::Postgres => (format!("({goal} on SQLite), no errors"), Verdict::met(false)),
    };
    Ok(Measured { result: outcome.summary(), target, verdict })
}

fn report_at_a_million(t: &Target) -> anyhow::Result<Measured> {
    let report = t.runtime.block_on(crate::million::run(&t.base, &t.database_url))?;
    let mut pages = Vec::new();
    let mut fast = true;
    for page in &report.pages {
        match page.timing {
            Some((median, max)) => {
                fast &= max < REPORT_MAX_MS;
                pages.push(format!("{} median {} · max {}", page.name, table::ms(median), table::ms(max)));
            }
            None => {
                pages.push(format!("{}: not there yet", page.name));
                t.notes
                    .borrow_mut()
                    .push(format!("report pages: {} ({}) answered 404: not built yet", page.name, page.path));
            }
        }
    }
    Ok(Measured {
        result: format!(
            "{} ({} registrations, {} check-ins, 11 organisers, 300 organisations, 10 years; filled in {:.0} s, counters rebuilt and checked in {:.1} s)",
            pages.join("; "),
            table::thousands(report.registrations),
            table::thousands(report.check_ins),
            report.fill_seconds,
            report.rebuild_seconds
        ),
        target: format!("every page < {REPORT_MAX_MS:.0} ms (max of 5)"),
        verdict: Verdict::met(fast),
    })
}

fn memory(t: &Target) -> anyhow::Result<Measured> {
    let hwm = machine::status_kib(t.pid, "VmHWM").context("reading the server's VmHWM")?;
    let now = machine::status_kib(t.pid, "VmRSS").unwrap_or(0);
    Ok(Measured {
        result: format!(
            "peak {:.1} MB (VmHWM) · {:.1} MB at start, {:.1} MB sampled peak, {:.1} MB after the rows above",
            machine::mb(hwm),
            machine::mb(t.rss_at_start_kib),
            machine::mb(t.rss.peak_kib()),
            machine::mb(now)
        ),
        target: format!("< {RSS_MAX_MB:.0} MB"),
        verdict: Verdict::met(machine::mb(hwm) < RSS_MAX_MB),
    })
}

fn wasm(settings: &Settings) -> anyhow::Result<Measured> {
    let pkg = settings.site.join("pkg");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&pkg)
        .with_context(|| format!("reading {}", pkg.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no .wasm in {}", pkg.display());
    }
    let (mut raw, mut gzip) = (0u64, 0u64);
    for file in &files {
        raw += std::fs::metadata(file)?.len();
        gzip += gzipped_size(file)?;
    }
    let kb = |b: u64| b as f64 / 1000.0;
    let names: Vec<String> =
        files.iter().filter_map(|f| f.file_name()).map(|n| n.to_string_lossy().to_string()).collect();
    Ok(Measured {
        result: format!("raw {:.0} kB · gzip -9 {:.0} kB ({})", kb(raw), kb(gzip), names.join(", ")),
        target: format!("≤ {WASM_GZIP_MAX_KB:.0} kB gzip"),
        verdict: Verdict::met(kb(gzip) <= WASM_GZIP_MAX_KB),
    })
}

/// Bytes of `gzip -9` of a file (what a server precompressing it would send).
fn gzipped_size(file: &Path) -> anyhow::Result<u64> {
    let output = std::process::Command::new("gzip").args(["-9", "-c"]).arg(file).output().context("running gzip")?;
    if !output.status.success() {
        bail!("gzip failed on {}", file.display());
    }
    Ok(output.stdout.len() as u64)
}

/// `path` as seen from the repository's root, so the report names the same
/// folder on every machine (an absolute path is left as it is when it lies
/// outside the repository).
fn relative_to_repository(path: &std::path::Path) -> std::path::PathBuf {
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(std::path::Path::to_path_buf);
    repository
        .and_then(|root| std::fs::canonicalize(root).ok())
        .and_then(|root| path.strip_prefix(root).ok().map(std::path::Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
