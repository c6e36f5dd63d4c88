//! Leernet's benchmark suite. `make bench` (bench/run.sh) builds the release
//! server and runs `leernet-bench all`; see bench/README.md.
//!
//! ```text
//! leernet-bench all  --server target/release/leernet-server --site target/site --out bench/out
//! leernet-bench rush --base http://127.0.0.1:3000 --database sqlite://data/leernet.db
//! leernet-bench check-in --base http://127.0.0.1:3000 --database sqlite://data/leernet.db
//! leernet-bench check-in-api --base http://127.0.0.1:3000 --database sqlite://data/leernet.db
//! leernet-bench report --base http://127.0.0.1:3000 --database sqlite://data/leernet.db
//! ```
//!
//! (`report` grows that database to a million registrations: use a copy.)
//!
//! Settings (environment, all optional): `BENCH_BACKENDS` (`sqlite,postgres`),
//! `BENCH_POSTGRES_URL` (`postgres://postgres@127.0.0.1:5432/test`: a database
//! to connect to while creating and dropping the benchmark's own),
//! `BENCH_DURATION` (seconds per URL, 15), `BENCH_WARMUP` (seconds, 3),
//! `BENCH_CONNECTIONS` (64), `BENCH_RUSH` (registrations, 1000),
//! `BENCH_SEATS` (100), `BENCH_API_TICKETS` (3000), `BENCH_API_CONNECTIONS`
//! (50), `BENCH_ROWS` (only these rows, by label, comma-separated).

mod api_door;
mod door;
mod fresh;
mod loadgen;
mod machine;
mod million;
mod rush;
mod server;
mod suite;
mod table;

use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: leernet-bench all --server BIN --site DIR --out DIR
       leernet-bench rush --base URL --database URL [--requests N] [--seats N]
       leernet-bench check-in --base URL --database URL
       leernet-bench check-in-api --base URL --database URL [--tickets N] [--connections N]
       leernet-bench report --base URL --database URL   (adds a million registrations)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leernet-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` pairs after the command.
fn option(args: &[String], name: &str) -> Option<String> {
    args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone())
}

fn required(args: &[String], name: &str) -> anyhow::Result<String> {
    option(args, name).with_context(|| format!("{name} is missing\n\n{USAGE}"))
}

fn run(args: &[String]) -> anyhow::Result<()> {
    match args.first().map(String::as_str) {
        Some("all") => {
            let settings = suite::Settings::from_env(
                PathBuf::from(required(args, "--server")?),
                PathBuf::from(required(args, "--site")?),
                PathBuf::from(required(args, "--out")?),
            )?;
            suite::run(&settings)
        }
        Some("rush") => {
            let base = required(args, "--base")?;
            let database = required(args, "--database")?;
            let number = |name: &str, default: usize| -> anyhow::Result<usize> {
                option(args, name).map_or(Ok(default), |v| v.parse().with_context(|| format!("{name} {v:?}")))
            };
            let plan = rush::Plan { requests: number("--requests", 1000)?, seats: number("--seats", 100)? };
            let runtime = tokio::runtime::Runtime::new()?;
            let outcome = runtime.block_on(rush::run(&base, &database, plan))?;
            println!("{}", outcome.summary());
            for sample in &outcome.unexpected {
                println!("  unexpected: {sample}");
            }
            Ok(())
        }
        Some("check-in") => {
            let (base, database) = (required(args, "--base")?, required(args, "--database")?);
            let scans = tokio::runtime::Runtime::new()?.block_on(door::run(&base, &database))?;
            println!(
                "{} scans: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} errors {}",
                scans.scans,
                scans.p50_ms,
                scans.p99_ms,
                scans.max_ms,
                scans.errors,
                scans.sample.unwrap_or_default()
            );
            Ok(())
        }
        Some("check-in-api") => {
            let (base, database) = (required(args, "--base")?, required(args, "--database")?);
            let number = |name: &str, default: usize| -> anyhow::Result<usize> {
                option(args, name).map_or(Ok(default), |v| v.parse().with_context(|| format!("{name} {v:?}")))
            };
            let plan =
                api_door::Plan { tickets: number("--tickets", 3000)?, connections: number("--connections", 50)? };
            let outcome = tokio::runtime::Runtime::new()?.block_on(api_door::run(&base, &database, plan))?;
            println!("{}", outcome.summary());
            for r in [&outcome.first, &outcome.repeat] {
                if let Some(sample) = &r.sample {
                    println!("  unexpected: {sample}");
                }
            }
            Ok(())
        }
        Some("report") => {
            let (base, database) = (required(args, "--base")?, required(args, "--database")?);
            let r = tokio::runtime::Runtime::new()?.block_on(million::run(&base, &database))?;
            println!(
                "{} registrations, {} check-ins (filled in {:.1} s, counters rebuilt and checked in {:.1} s)",
                r.registrations, r.check_ins, r.fill_seconds, r.rebuild_seconds
            );
            for page in &r.pages {
                match page.timing {
                    Some((median, max)) => {
                        println!("{} ({}): median {median:.0} ms, max {max:.0} ms", page.name, page.path)
                    }
                    None => println!("{} ({}): not there yet (404)", page.name, page.path),
                }
            }
            Ok(())
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}
