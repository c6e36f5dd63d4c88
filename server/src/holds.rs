//! Staff release seats held without payment or confirmation
//! (`POST /beheer/{organiser}/activiteiten/{event}/vrijgeven`, field
//! `bestelling`: the order's reference), from the participants list: an
//! online payment in progress is expired at Stripe first, a large group
//! awaiting its booker's confirmation is let go; the seats go to the waiting
//! list and the release is in the organiser's log.

use crate::auth::server_error;
use crate::forms::{not_found, read_body, staff_post};
use crate::payments::{GiveUpFailed, give_up_checkout};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;

pub fn router() -> Router<AppState> {
    Router::new().route("/beheer/{organiser}/activiteiten/{event}/vrijgeven", post(release))
}

async fn release(
    State(state): State<AppState>,
    Path((organiser, event)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, 4 * 1024).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let post = match staff_post(&state, &parts.headers, &organiser, &form).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let Some(event_id) = event.parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let reference = form.get("bestelling").trim().to_string();
    let list = format!("/beheer/{organiser}/activiteiten/{event_id}/inschrijvingen");
    let now = state.clock.now();
    // A payment in progress: Stripe must no longer take it before the seats go.
    match store::payments::held_by_reference(&state.db, post.organiser_id, event_id, &reference).await {
        Ok(Some(order)) => {
            return match give_up_checkout(&state, &order).await {
                Ok(()) => {
                    let logged = async {
                        let txn = store::begin_write(&state.db).await?;
                        use sea_orm::EntityTrait;
                        let order_now = store::entities::order::Entity::find_by_id(order.id).one(&txn).await?;
                        // Stripe may have reported it paid meanwhile: then nothing was released.
                        if let Some(o) = order_now.filter(|o| o.status == domain::OrderStatus::Cancelled) {
                            let seats = order.attendees.len();
                            store::registration::record_release(
                                &txn,
                                (post.organiser_id, post.viewer.person_id),
                                &o,
                                seats,
                                now,
                            )
                            .await?;
                        }
                        txn.commit().await?;
                        Ok::<_, store::StoreError>(())
                    };
                    match logged.await {
                        Ok(()) => Redirect::to(&format!("{list}?melding=vrijgegeven")).into_response(),
                        Err(e) => server_error(e),
                    }
                }
                Err(GiveUpFailed::Unreachable) => {
                    Redirect::to(&format!("{list}?melding=stripe-onbereikbaar")).into_response()
                }
                Err(GiveUpFailed::Store(e)) => server_error(e),
            };
        }
        Ok(None) => {}
        Err(e) => return server_error(e),
    }
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let released = store::registration::release_unconfirmed_order(
        &txn,
        (post.organiser_id, event_id),
        &reference,
        post.viewer.person_id,
        now,
    )
    .await;
    let offers = match released {
        Ok(Some(offers)) => offers,
        Ok(None) => return not_found(),
        Err(e) => return server_error(e),
    };
    if let Err(e) = crate::waitlist::queue_offer_mails(&txn, &state.settings.base_url, &offers, now).await {
        return server_error(e);
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    Redirect::to(&format!("{list}?melding=vrijgegeven")).into_response()
}
