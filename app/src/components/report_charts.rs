//! THE PLACE FOR THE REPORT'S CHARTS (issue 19, point 5; the `scopes` helper
//! draws them): server-rendered SVG, no script, printable and accessible
//! (title, description, the table beside it): participation per OCMW, and
//! per month this period against the same months a year earlier.
//!
//! The report pages call [`ParticipationCharts`] between their totals and
//! their tables, with the data the charts need; until the charts are drawn
//! it renders nothing.

use domain::reports::{MonthLine, OrganisationLine, Period};
use leptos::prelude::*;

/// The charts of a participation report (organiser, Flemish overview, organisation).
#[component]
pub fn ParticipationCharts(
    /// OCMWs first (see `domain::reports::sort_organisations`).
    by_organisation: Vec<OrganisationLine>,
    /// Every month of the period with the same month a year earlier.
    by_month: Vec<MonthLine>,
    period: Period,
) -> impl IntoView {
    // Charts slot: the `scopes` helper renders the SVG charts here.
    let _ = (by_organisation, by_month, period);
}
