//! Staff release seats held without payment or confirmation
//! (`POST /beheer/{organiser}/activiteiten/{event}/vrijgeven`, field
//! `bestelling`: the order's reference), from the participants list: an
//! online payment in progress is expired at Stripe first, a large group
//! awaiting its booker's confirmation is let go; the seats go to the waiting
//! list and the release is in the organiser's log.

use crate::orders::settle::{GiveUpFailed, give_up_checkout};
use crate::web::{AnyStaff, Id, Path, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::paths;

pub fn router() -> Router<AppState> {
    Router::new().route(&paths::axum(paths::route::EVENT_RELEASE_HOLDS), post(release))
}

async fn release(
    State(state): State<AppState>,
    Path((organiser, Id(event_id))): Path<(String, Id)>,
    post: Staff<AnyStaff, { 4 * 1024 }>,
) -> Result<Response, WebError> {
    let reference = post.form.get(domain::forms::fields::release_hold::ORDER).trim().to_string();
    let list = paths::backoffice::event_registrations(&organiser, event_id);
    let now = state.clock.now();
    // A payment in progress: Stripe must no longer take it before the seats go.
    if let Some(order) =
        store::orders::pay::held_by_reference(&state.db, post.organiser_id, event_id, &reference).await?
    {
        match give_up_checkout(&state, &order).await {
            Ok(()) => {}
            Err(GiveUpFailed::Unreachable) => {
                return Ok(Redirect::to(&format!("{list}?melding=stripe-onbereikbaar")).into_response());
            }
            Err(GiveUpFailed::Store(e)) => return Err(e.into()),
        }
        let txn = store::begin_write(&state.db).await?;
        use sea_orm::EntityTrait;
        let order_now = store::entities::order::Entity::find_by_id(order.id).one(&txn).await?;
        // Stripe may have reported it paid meanwhile: then nothing was released.
        if let Some(o) = order_now.filter(|o| o.status == domain::OrderStatus::Cancelled) {
            let seats = order.attendees.len();
            store::orders::cancel::record_release(&txn, (post.organiser_id, post.viewer.person_id), &o, seats, now)
                .await?;
        }
        txn.commit().await?;
        return Ok(Redirect::to(&format!("{list}?melding=vrijgegeven")).into_response());
    }
    let txn = store::begin_write(&state.db).await?;
    let offers = store::orders::cancel::release_unconfirmed_order(
        &txn,
        (post.organiser_id, event_id),
        &reference,
        post.viewer.person_id,
        now,
    )
    .await?
    .ok_or(WebError::NotFound)?;
    crate::orders::mails::queue_offer_mails(&txn, &state.settings.base_url, &offers, now).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(Redirect::to(&paths::with_notice(&list, "vrijgegeven")).into_response())
}
