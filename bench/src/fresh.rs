//! Issue 21's rows: the paths rendered fresh on every request (the JSON API,
//! a signed-in visitor's event page, the back office), beside a bare axum
//! handler measured in the same run as the machine's limit.
//!
//! Each path is loaded with wrk at [`CONNECTIONS`] connections (as the issue
//! measured), signed in where the path needs it with a session of BIZ
//! Kempen's admin made straight in the database. Every row prints its rate
//! as a share of the bare handler's, so a busy machine shows in both.

use crate::loadgen::{self, Load};
use crate::suite::Target;
use anyhow::{Context, bail};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use store::entities::{event, organiser, person};

/// The measurements were taken with wrk at 50 connections.
pub const CONNECTIONS: u32 = 50;
const STAFF: &str = "hanne.laenen@cawdekempen.test";
const ORGANISER: &str = "biz-kempen";

/// The bare handler, started for one measurement and stopped after it.
struct Bare {
    child: Child,
    base: String,
}

impl Bare {
    fn start(binary: &Path) -> anyhow::Result<Bare> {
        let mut child = Command::new(binary)
            .arg("127.0.0.1:0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {} (bench/run.sh builds it)", binary.display()))?;
        let stdout = child.stdout.take().context("the bare handler's output")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line.trim().strip_prefix("listening on ").context("the bare handler did not say where")?;
        Ok(Bare { base: format!("http://{addr}"), child })
    }
}

impl Drop for Bare {
    fn drop(&mut self) {
        // Closing its standard input stops it; kill it if it does not.
        drop(self.child.stdin.take());
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// wrk against `url` with the suite's warm-up and duration, at [`CONNECTIONS`].
fn load(t: &Target, url: &str, headers: &[String]) -> anyhow::Result<Load> {
    if !t.settings.warmup.is_zero() {
        loadgen::wrk_with(url, CONNECTIONS, t.settings.warmup, headers)?;
    }
    loadgen::wrk_with(url, CONNECTIONS, t.settings.duration, headers)
}

/// The bare handler's rate, measured now; kept on the target for the rows after it.
pub fn bare(t: &Target) -> anyhow::Result<Load> {
    let bare = Bare::start(&t.settings.bare)?;
    let measured = load(t, &format!("{}/", bare.base), &[])?;
    if measured.bad_status > 0 || measured.socket_errors > 0 {
        bail!("the bare handler answered badly: {measured:?}");
    }
    t.bare_per_second.set(Some(measured.per_second));
    Ok(measured)
}

/// What a signed-in row needs: a session cookie and the paths to load.
pub struct Paths {
    pub cookie: String,
    pub api_event: String,
    pub signed_in_event: String,
    pub dashboard: String,
    pub participants: String,
    pub check_in: String,
}

/// A session of BIZ Kempen's admin and the paths of its busiest activity.
pub async fn paths(t: &Target<'_>) -> anyhow::Result<Paths> {
    let db = sea_orm::Database::connect(&t.database_url).await.context("connecting to the database")?;
    let kempen =
        organiser::Entity::find().filter(organiser::Column::Slug.eq(ORGANISER)).one(&db).await?.context(ORGANISER)?;
    let busiest = event::Entity::find()
        .filter(event::Column::OrganiserId.eq(kempen.id))
        .order_by_desc(event::Column::SeatsTaken)
        .order_by_asc(event::Column::Id)
        .one(&db)
        .await?
        .context("an activity of BIZ Kempen")?;
    let staff = person::Entity::find().filter(person::Column::Email.eq(STAFF)).one(&db).await?.context(STAFF)?;
    let session = store::accounts::create_session(&db, staff.id, chrono::Utc::now()).await?;
    let api: serde_json::Value = reqwest::get(format!("{}/api/v1/events", t.base)).await?.json().await?;
    let api_event_id = api["data"][0]["id"].as_i64().context("the API lists no event")?;
    db.close().await?;
    Ok(Paths {
        cookie: format!("Cookie: leernet_session={session}"),
        api_event: format!("/api/v1/events/{api_event_id}"),
        signed_in_event: t.event_path.clone(),
        dashboard: domain::paths::backoffice::dashboard(ORGANISER),
        participants: domain::paths::backoffice::event_registrations(ORGANISER, busiest.id),
        check_in: domain::paths::backoffice::event_checkin(ORGANISER, busiest.id),
    })
}

/// Loads `path` (signed in when `cookie` is given) and checks every answer was
/// the page, not a sign-in redirect or an error.
pub fn path(t: &Target, path: &str, cookie: Option<&str>) -> anyhow::Result<Load> {
    let url = format!("{}{path}", t.base);
    if let Some(cookie) = cookie {
        // wrk counts a 303 to the sign-in page as a success: ask once first.
        let status = t.runtime.block_on(async {
            let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
            let value = cookie.trim_start_matches("Cookie: ");
            anyhow::Ok(client.get(&url).header("cookie", value).send().await?.status())
        })?;
        if !status.is_success() {
            bail!("{path} answered {status} to the signed-in admin");
        }
    }
    let headers: Vec<String> = cookie.map(str::to_string).into_iter().collect();
    load(t, &url, &headers)
}

/// "12 % of the bare handler" when the bare handler was measured in this run.
pub fn share_of_bare(t: &Target, load: &Load) -> String {
    match t.bare_per_second.get() {
        Some(bare) if bare > 0.0 => format!(" · {:.1} % of bare", 100.0 * load.per_second / bare),
        _ => String::new(),
    }
}
