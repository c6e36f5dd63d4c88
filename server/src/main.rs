//! `leernet-server [serve | migrate | demo-data [--today YYYY-MM-DD] | platform-admin EMAIL | api-token ORGANISER [NAME] | backup FILE | restore FILE [--force] | rebuild-counters | help]`

// Leptos views are deeply nested types; the default limit is too low for them.
#![recursion_limit = "512"]

use anyhow::Context;
use domain::clock::{Clock, SystemClock};
use server::Application;
use server::config::Config;
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "usage: leernet-server [serve | migrate | demo-data [--today YYYY-MM-DD] | platform-admin EMAIL
                       | api-token ORGANISER [NAME] | backup FILE | restore FILE [--force]
                       | rebuild-counters | help]

  serve           run the web server (default)
  migrate         apply pending database migrations and exit
  demo-data       load the demo data into an EMPTY database (refuses otherwise)
  platform-admin  make EMAIL a platform admin, who creates organisers (they sign in by link)
  api-token       make an API token for the organiser with address ORGANISER (e.g. biz-kempen),
                  named NAME, and print its secret (once); admins revoke it at /beheer/ORGANISER/api
  backup          copy the SQLite database into the new FILE, consistently, while the server runs
  restore         put the backup FILE in place of the SQLite database (stop the server first;
                  --force replaces a database that holds data); for PostgreSQL both print
                  the pg_dump/pg_restore procedure
  rebuild-counters  recount the participation counters (registered, attended, checked in per
                  activity, session and organisation) from the registrations and check-ins,
                  write them in one transaction and print every counter that changed

Configuration comes from environment variables; see README.md.";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("leernet: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(config.log_json);
    match run(&config, &args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("leernet: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: &Config, args: &[String]) -> anyhow::Result<()> {
    match args.first().map(String::as_str) {
        None | Some("serve") => {
            let app = Application::build(config, Arc::new(SystemClock)).await?;
            tracing::info!(addr = %config.addr, base_url = %config.base_url, "Leernet is listening");
            app.run_until_stopped().await.context("serving")?;
            Ok(())
        }
        Some("migrate") => {
            let db = server::open_database(config).await?;
            store::migrate(&db).await.context("running migrations")?;
            println!("migrations applied");
            Ok(())
        }
        Some("demo-data") => {
            let today = match args.get(1).map(String::as_str) {
                None => store::time::local_date(SystemClock.now()),
                Some("--today") => {
                    let raw = args.get(2).context("--today needs a date like 2026-11-23")?;
                    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                        .with_context(|| format!("{raw:?} is not a date like 2026-11-23"))?
                }
                Some(other) => anyhow::bail!("unknown option {other:?}\n\n{USAGE}"),
            };
            let db = server::open_database(config).await?;
            store::migrate(&db).await.context("running migrations")?;
            match demo::load(&db, today).await {
                Ok(summary) => {
                    println!(
                        "demo data loaded for {today}: {} organisers, {} organisations, {} events, {} registrations, {} check-ins",
                        summary.organisers,
                        summary.organisations,
                        summary.events,
                        summary.registrations,
                        summary.check_ins
                    );
                    Ok(())
                }
                Err(demo::DemoError::NotEmpty) => {
                    println!("the database already has data; demo data not loaded");
                    Ok(())
                }
                Err(e) => Err(e).context("loading demo data"),
            }
        }
        Some("platform-admin") => {
            let raw = args.get(1).context("platform-admin needs an e-mail address")?;
            let email = domain::Email::parse(raw).map_err(|e| anyhow::anyhow!("{raw:?}: {e}"))?;
            let db = server::open_database(config).await?;
            store::migrate(&db).await.context("running migrations")?;
            if store::people::make_platform_admin(&db, &email, SystemClock.now()).await? {
                println!("{email} is now a platform admin; they sign in by link at {}/aanmelden", config.base_url);
            } else {
                println!("{email} was already a platform admin");
            }
            Ok(())
        }
        Some("api-token") => {
            let raw = args.get(1).context("api-token needs the organiser's address, like biz-kempen")?;
            let slug = domain::Slug::parse(raw).map_err(|e| anyhow::anyhow!("{raw:?}: {e}"))?;
            let name = args.get(2).map_or("command line", String::as_str);
            let form = domain::forms::RawForm::new(vec![(domain::forms::fields::api_token::NAME.into(), name.into())]);
            let name = domain::api_tokens::parse_token_name(&form).map_err(|errors| {
                anyhow::anyhow!("{name:?}: {}", errors.get(domain::forms::fields::api_token::NAME).unwrap_or_default())
            })?;
            let db = server::open_database(config).await?;
            store::migrate(&db).await.context("running migrations")?;
            let (organiser_id, _) = store::backoffice::organiser_ref(&db, &slug)
                .await?
                .with_context(|| format!("there is no organiser {slug}"))?;
            let txn = store::begin_write(&db).await?;
            let (_, secret) =
                store::api_tokens::create_from_command_line(&txn, organiser_id, &name, SystemClock.now()).await?;
            txn.commit().await?;
            eprintln!("API token {name:?} made for {slug}; it is shown this once:");
            println!("{secret}");
            Ok(())
        }
        Some("backup") => {
            let file = args.get(1).context("backup needs a file to write, like backups/leernet-2026-11-23.db")?;
            let summary = server::backup::backup(config, std::path::Path::new(file)).await?;
            println!(
                "backup written to {file}: {} bytes, {} of {} migrations",
                summary.bytes, summary.migrations, summary.known_migrations
            );
            Ok(())
        }
        Some("restore") => {
            let file = args.get(1).context("restore needs the backup file to restore")?;
            let force = match args.get(2).map(String::as_str) {
                None => false,
                Some("--force") => true,
                Some(other) => anyhow::bail!("unknown option {other:?}\n\n{USAGE}"),
            };
            let summary = server::backup::restore(config, std::path::Path::new(file), force).await?;
            println!(
                "{file} restored to {}: {} of {} migrations; the server applies newer ones when it starts",
                config.database_url, summary.migrations, summary.known_migrations
            );
            Ok(())
        }
        Some("rebuild-counters") => {
            let db = server::open_database(config).await?;
            store::migrate(&db).await.context("running migrations")?;
            let rebuilt = store::counters::rebuild(&db).await.context("rebuilding the counters")?;
            let organisation = |o: Option<i32>| o.map_or_else(|| "none".to_string(), |id| id.to_string());
            for c in &rebuilt.activity_changes {
                println!(
                    "activity {} organisation {}: registered {} -> {}, attended {} -> {}",
                    c.event_id,
                    organisation(c.organisation_id),
                    c.before.0,
                    c.after.0,
                    c.before.1,
                    c.after.1
                );
            }
            for c in &rebuilt.session_changes {
                println!(
                    "session {} (activity {}) organisation {}: checked in {} -> {}",
                    c.session_id,
                    c.event_id,
                    organisation(c.organisation_id),
                    c.before,
                    c.after
                );
            }
            println!(
                "counters rebuilt: {} per activity and organisation, {} per session and organisation; {} changed",
                rebuilt.activity_counters,
                rebuilt.session_counters,
                rebuilt.activity_changes.len() + rebuilt.session_changes.len()
            );
            Ok(())
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => anyhow::bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}
