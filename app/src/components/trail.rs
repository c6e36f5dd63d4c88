//! The way back from a back-office page.

use crate::i18n::{tr, tr_with};
use domain::listing::OrganiserRef;
use domain::paths;
use leptos::prelude::*;

/// The trail above a back-office page: the organiser's back office and, for a
/// page under another one (an invoice under the invoices, an event's list
/// under its editor), that page. Not printed.
#[component]
pub fn BackofficeTrail(
    organiser: OrganiserRef,
    /// The page this one sits under: its address and its name.
    #[prop(optional)]
    under: Option<(String, String)>,
) -> impl IntoView {
    view! {
        <nav class="breadcrumbs no-print" aria-label=tr("trail.label")>
            <a href=paths::backoffice::dashboard(&organiser.slug)>
                {tr_with("trail.backoffice", &[("organiser", &organiser.short_name)])}
            </a>
            {under.map(|(href, name)| view! { " › "<a href=href>{name}</a> })}
        </nav>
    }
}
