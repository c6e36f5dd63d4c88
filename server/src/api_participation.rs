//! `GET /api/v1/participation?from=YYYY-MM-DD&to=YYYY-MM-DD`: the board's
//! participation per organisation over a period, for the organiser of the
//! request's API token (issue 19, point 8). The figures are the report's own
//! (`store::reports::participation`), so the API and the page never disagree.

use crate::problem::Problem;
use app::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use domain::reports::{Counts, OrganisationLine, Period, Scope, Totals};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/participation", get(participation))
}

/// The counts of one line, flat.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct CountsOut {
    registered: u32,
    attended: u32,
    people: u32,
    check_ins: u32,
    minutes: u64,
}

impl From<Counts> for CountsOut {
    fn from(c: Counts) -> Self {
        CountsOut {
            registered: c.registered,
            attended: c.attended,
            people: c.people,
            check_ins: c.check_ins,
            minutes: c.minutes,
        }
    }
}

#[derive(Debug, Serialize)]
struct LineOut {
    organisation_id: Option<i32>,
    name: String,
    kind: String,
    municipality: Option<String>,
    activities: u32,
    #[serde(flatten)]
    counts: CountsOut,
}

impl From<OrganisationLine> for LineOut {
    fn from(line: OrganisationLine) -> Self {
        LineOut {
            organisation_id: line.organisation_id,
            name: line.name,
            kind: line.kind,
            municipality: line.municipality,
            activities: line.activities,
            counts: line.counts.into(),
        }
    }
}

#[derive(Debug, Serialize)]
struct TotalsOut {
    activities: u32,
    sessions: u32,
    organisations: u32,
    ocmws: u32,
    #[serde(flatten)]
    counts: CountsOut,
}

impl From<Totals> for TotalsOut {
    fn from(t: Totals) -> Self {
        TotalsOut {
            activities: t.activities,
            sessions: t.sessions,
            organisations: t.organisations,
            ocmws: t.ocmws,
            counts: t.counts.into(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ParticipationOut {
    organiser: String,
    from: NaiveDate,
    to: NaiveDate,
    totals: TotalsOut,
    count: usize,
    data: Vec<LineOut>,
}

/// A day exactly as documented: `YYYY-MM-DD`, ten characters (chrono alone
/// would also take `2026-1-5`).
fn day(raw: &str, parameter: &str) -> Result<NaiveDate, Problem> {
    let shaped = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    shaped
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| Problem::invalid_parameter(parameter, format!("{raw:?} is not a day like 2026-01-31")))
}

/// The period of the query: `from` and `to` both given, in order, at most
/// [`domain::reports::LONGEST_PERIOD_YEARS`] long.
fn period(query: Option<&str>) -> Result<Period, Problem> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| Problem::invalid_parameter("query", format!("the query string is malformed: {e}")))?;
    let (mut from, mut to) = (None, None);
    for (key, value) in &pairs {
        match key.as_str() {
            "from" => from = Some(day(value, "from")?),
            "to" => to = Some(day(value, "to")?),
            other => {
                return Err(Problem::invalid_parameter(other, format!("unknown parameter {other:?}; use from and to")));
            }
        }
    }
    let from = from.ok_or_else(|| Problem::invalid_parameter("from", "from is required (YYYY-MM-DD)"))?;
    let to = to.ok_or_else(|| Problem::invalid_parameter("to", "to is required (YYYY-MM-DD)"))?;
    if from > to {
        return Err(Problem::invalid_parameter("to", format!("to ({to}) is before from ({from})")));
    }
    let years = domain::reports::LONGEST_PERIOD_YEARS;
    let longest = Period::asked(Some(&from.to_string()), Some(&to.to_string()), None, from);
    longest.map_err(|_| Problem::invalid_parameter("to", format!("the period is longer than {years} years")))
}

async fn participation(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Json<ParticipationOut>, Problem> {
    let (organiser_id, _) = crate::api_registrations::organiser_of(&state, &headers).await?;
    let period = period(query.as_deref())?;
    let report = store::reports::participation(&state.db, Scope::Organiser(organiser_id), period).await?;
    let organiser = report.organiser.map(|o| o.slug.to_string()).unwrap_or_default();
    let data: Vec<LineOut> = report.by_organisation.into_iter().map(LineOut::from).collect();
    Ok(Json(ParticipationOut {
        organiser,
        from: period.from,
        to: period.to,
        totals: report.totals.into(),
        count: data.len(),
        data,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_needs_two_days_in_order() {
        let p = period(Some("from=2026-01-01&to=2026-06-30")).unwrap();
        assert_eq!((p.from.to_string(), p.to.to_string()), ("2026-01-01".into(), "2026-06-30".into()));
        for (query, parameter) in [
            ("from=2026-01-01", "to"),
            ("to=2026-01-01", "from"),
            ("from=2026-1-01&to=2026-02-01", "from"),
            ("from=2026-02-30&to=2026-03-01", "from"),
            ("from=2026-03-01&to=2026-02-01", "to"),
            ("from=2000-01-01&to=2026-01-01", "to"),
            ("from=2026-01-01&to=2026-02-01&organiser=x", "organiser"),
            ("from=%2B2026-01-01&to=2026-02-01", "from"),
        ] {
            let problem = period(Some(query)).unwrap_err();
            assert_eq!((problem.status, problem.parameter.as_deref()), (400, Some(parameter)), "{query}");
        }
    }
}
