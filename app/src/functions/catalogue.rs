use crate::error::AppError;
use domain::CatalogueFilter;
use domain::listing::{CatalogueFacets, EventCard, EventPage, OrganiserProfile};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the catalogue page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub filter: CatalogueFilter,
    pub events: Vec<EventCard>,
    /// Filter choices, from all upcoming events in scope (not only the matching ones).
    pub facets: CatalogueFacets,
    /// Set when the catalogue is one organiser's page.
    pub organiser: Option<OrganiserProfile>,
}

/// The catalogue for raw query parameters. `organiser` scopes it to one
/// organiser's page; that organiser must exist.
// JSON input: query pairs are a list of tuples, which form encoding cannot carry.
#[server(endpoint = "catalogue", input = leptos::server_fn::codec::Json)]
pub async fn load_catalogue(organiser: Option<String>, query: Vec<(String, String)>) -> Result<Catalogue, AppError> {
    use domain::Slug;
    let state = crate::state::app_state()?;
    let mut filter = CatalogueFilter::from_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let profile = match organiser {
        Some(raw) => {
            let not_found = || {
                AppError::NotFound(crate::i18n::tr_with("error.no_such_organiser", &[("name", &format!("{raw:?}"))]))
            };
            let slug = Slug::parse(&raw).map_err(|_| not_found())?;
            let profile = store::catalogue::organiser_profile(&state.db, &slug).await?.ok_or_else(not_found)?;
            filter.organiser = Some(slug);
            Some(profile)
        }
        None => None,
    };
    let (events, facets) = store::catalogue::upcoming_events_with_facets(&state.db, state.clock.now(), &filter).await?;
    Ok(Catalogue { filter, events, facets, organiser: profile })
}

#[server(endpoint = "event")]
pub async fn load_event(organiser: String, event: String) -> Result<EventPage, AppError> {
    use domain::Slug;
    let state = crate::state::app_state()?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.event_not_found").to_string());
    let (Ok(organiser), Ok(event)) = (Slug::parse(&organiser), Slug::parse(&event)) else {
        return Err(not_found());
    };
    store::catalogue::event_page(&state.db, state.clock.now(), &organiser, &event).await?.ok_or_else(not_found)
}
