//! Fixed-concurrency HTTP load with wrk (Debian's `wrk`, installed by
//! bench/run.sh): requests per second, latency percentiles, bad answers.

use anyhow::{Context, bail};
use std::process::Command;
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct Load {
    pub requests: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers that were neither 2xx nor 3xx.
    pub bad_status: u64,
    /// Connect, read, write errors and timeouts.
    pub socket_errors: u64,
}

/// `wrk -t2 -c<connections> -d<duration> --latency <url>`.
pub fn wrk(url: &str, connections: u32, duration: Duration) -> anyhow::Result<Load> {
    wrk_with(url, connections, duration, &[])
}

/// [`wrk`] with request headers (`"Cookie: leernet_session=…"`).
pub fn wrk_with(url: &str, connections: u32, duration: Duration, headers: &[String]) -> anyhow::Result<Load> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).min(connections as usize);
    let mut command = Command::new("wrk");
    for header in headers {
        command.arg("-H").arg(header);
    }
    let output = command
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{}s", duration.as_secs().max(1)))
        .args(["--timeout", "10s", "--latency"])
        .arg(url)
        .output()
        .context("running wrk (bench/run.sh installs it: apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("wrk failed: {}{}", text, String::from_utf8_lossy(&output.stderr));
    }
    parse_wrk(&text).with_context(|| format!("reading wrk's output:\n{text}"))
}

fn parse_wrk(text: &str) -> anyhow::Result<Load> {
    let mut load = Load::default();
    let mut seen = (false, false, false);
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", value] => {
                load.p50_ms = duration_ms(value)?;
                seen.0 = true;
            }
            ["99%", value] => {
                load.p99_ms = duration_ms(value)?;
                seen.1 = true;
            }
            ["Requests/sec:", value] => {
                load.per_second = value.parse()?;
                seen.2 = true;
            }
            [count, "requests", "in", ..] => load.requests = count.parse()?,
            ["Non-2xx", "or", "3xx", "responses:", count] => load.bad_status = count.parse()?,
            ["Socket", "errors:", rest @ ..] => {
                // "connect 0, read 0, write 0, timeout 0"
                load.socket_errors =
                    rest.iter().filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok()).sum::<u64>();
            }
            _ => {}
        }
    }
    if seen != (true, true, true) {
        bail!("no latency distribution or rate in wrk's output");
    }
    Ok(load)
}

/// wrk's "850.00us", "4.21ms", "1.02s", "2.00m" in milliseconds.
fn duration_ms(value: &str) -> anyhow::Result<f64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic()).context("no unit")?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse()?;
    Ok(match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        "h" => number * 3_600_000.0,
        other => bail!("unknown unit {other:?}"),
    })
}

/// wrk's version line ("wrk 4.1.0 [epoll] ..."), for the report.
pub fn version() -> String {
    // wrk prints its version with usage, to stdout, and exits 1.
    Command::new("wrk")
        .arg("-v")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .chain(String::from_utf8_lossy(&o.stderr).lines())
                .find(|l| l.starts_with("wrk "))
                .map(|l| l.split(" Copyright").next().unwrap_or(l).trim().to_string())
        })
        .unwrap_or_else(|| "wrk".to_string())
}
