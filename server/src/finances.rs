//! Form posts of the admins' money pages: add a cost line to an event (or a
//! correction of a paid one), change one, move one along its actions
//! (approve, withdraw the approval, mark paid: buttons of the line's page,
//! posted to its address with `actie`), remove one, pay one through Stripe
//! Connect, and the organiser's four-eyes setting. Each posts to its page's
//! own address; a form with errors is answered with that page rendered from
//! what was typed (422), a saved one with a redirect to the event's books
//! and a message.

use crate::web::{AdminPage, Admins, Id, Path, SignedIn, Staff, WebError};
use crate::web::{YearQuery, csv_download};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::accounts::Action;
use domain::finances::{CostAction, CostLineEdit, EditRefusal, StripeBlocker, field};
use domain::paths;
use domain::{CostStatus, Money};

use store::finances::{Added, Moved, Payout, PayoutOutcome, Removal, Updated};
/// A cost line's form is a few hundred bytes.
const FORM_LIMIT: usize = 16 * 1024;

/// The books are the admins': staff read why they may not post here.
struct Books;

impl AdminPage for Books {
    const REFUSAL: &'static str = "refused.finances_admins";
}

/// A post of the money pages: an admin of the organiser, a form of at most [`FORM_LIMIT`].
type AdminPost = Staff<Admins<Books>, FORM_LIMIT>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::FINANCES_CSV), axum::routing::get(year_csv))
        .route(&paths::axum(paths::route::EVENT_FINANCES), post(add))
        .route(&paths::axum(paths::route::COST_LINE), post(update))
        .route(&paths::axum(paths::route::COST_LINE_REMOVE), post(remove))
        .route(&paths::axum(paths::route::COST_LINE_PAY_OUT), post(pay_out))
        .route(&paths::axum(paths::route::FOUR_EYES), post(four_eyes))
}

fn books(post: &AdminPost, event_id: i32, notice: &str) -> Response {
    let path = format!(
        "{}#kosten",
        paths::with_notice(&paths::backoffice::event_finances(&post.organiser.slug, event_id), notice)
    );
    Redirect::to(&path).into_response()
}

/// The form's line, its trainer checked to be one of the organiser's (their
/// name is the payee when none was typed).
async fn parse_line(state: &AppState, post: &AdminPost) -> Result<CostLineEdit, WebError> {
    let mut edit =
        CostLineEdit::from_form(&post.form).map_err(|errors| WebError::invalid(post.form.clone(), errors))?;
    if let Some(trainer_id) = edit.trainer_id {
        let Some(name) = store::payouts::trainer_name(&state.db, post.organiser_id, trainer_id).await? else {
            let mut errors = domain::forms::FieldErrors::new();
            errors.add(field::TRAINER, domain::forms::Message::new("validation.cost_trainer_unknown"));
            return Err(WebError::invalid(post.form.clone(), errors));
        };
        edit.payee = edit.payee.or(Some(name));
    }
    Ok(edit)
}

async fn add(
    State(state): State<AppState>,
    Path((_, Id(event_id))): Path<(String, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    let edit = parse_line(&state, &post).await?;
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    let added =
        store::finances::add_cost_line(&txn, post.organiser_id, event_id, &edit, post.viewer.person_id, now).await?;
    txn.commit().await?;
    match added {
        Added::Added(_) if edit.corrects.is_some() => Ok(books(&post, event_id, "correctie-toegevoegd")),
        Added::Added(_) => Ok(books(&post, event_id, "toegevoegd")),
        Added::NotCorrectable => Ok(books(&post, event_id, "niet-te-corrigeren")),
        Added::NotFound => Err(WebError::NotFound),
    }
}

/// The line's address takes its edit form, and its buttons (`actie`).
async fn update(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(line_id))): Path<(String, Id, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    // Another organiser's line is not found, whatever the form holds.
    let (_, stored) =
        store::finances::cost_line(&state.db, post.organiser_id, event_id, line_id).await?.ok_or(WebError::NotFound)?;
    // A line in a payment file keeps the amount and payee the bank was sent.
    if stored.status == CostStatus::SentToBank {
        return Ok(books(&post, event_id, "in-betaalbestand"));
    }
    if let Some(action) = CostAction::parse(post.form.get(field::ACTION)) {
        return act(&state, &post, event_id, line_id, action).await;
    }
    let edit = parse_line(&state, &post).await?;
    let txn = store::begin_write(&state.db).await?;
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let updated =
        store::finances::update_cost_line(&txn, organiser_id, event_id, line_id, &edit, person_id, now).await?;
    txn.commit().await?;
    match updated {
        Updated::Saved(changes) => {
            Ok(books(&post, event_id, if changes.is_empty() { "ongewijzigd" } else { "opgeslagen" }))
        }
        Updated::NotFound => Err(WebError::NotFound),
        Updated::Refused(EditRefusal::Final) => Ok(books(&post, event_id, "betaald-definitief")),
        Updated::Refused(EditRefusal::Fixed(errors)) => Err(WebError::invalid(post.form.clone(), errors)),
        Updated::Stale => Ok(books(&post, event_id, "gewijzigd")),
    }
}

/// Approve, withdraw the approval, or mark paid by hand.
async fn act(
    state: &AppState,
    post: &AdminPost,
    event_id: i32,
    line_id: i32,
    action: CostAction,
) -> Result<Response, WebError> {
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let txn = store::begin_write(&state.db).await?;
    let moved = match action {
        CostAction::Approve => {
            // What the admin saw is what they approve: a line changed meanwhile is not approved.
            let seen_amount = Money::parse(post.form.get(field::SEEN_AMOUNT)).ok();
            store::finances::approve(&txn, organiser_id, event_id, line_id, seen_amount, person_id, now).await?
        }
        CostAction::WithdrawApproval => {
            store::finances::withdraw_approval(&txn, organiser_id, event_id, line_id, person_id, now).await?
        }
        CostAction::MarkPaid => {
            let reference = domain::finances::paid_reference(&post.form)
                .map_err(|errors| WebError::invalid(post.form.clone(), errors))?;
            store::finances::mark_paid(&txn, organiser_id, event_id, line_id, &reference, person_id, now).await?
        }
        // Not buttons of the line's page (`CostAction::parse` gives none of them).
        CostAction::StartPayout | CostAction::PayoutMade | CostAction::PayoutRefused => Moved::Stale,
    };
    txn.commit().await?;
    let done = match action {
        CostAction::Approve => "goedgekeurd",
        CostAction::WithdrawApproval => "ingetrokken",
        _ => "betaald-gemarkeerd",
    };
    match moved {
        Moved::Done => Ok(books(post, event_id, done)),
        Moved::NotFound => Err(WebError::NotFound),
        Moved::Stale => Ok(books(post, event_id, "gewijzigd")),
        Moved::NoAmount => Ok(books(post, event_id, "bedrag-nodig")),
        Moved::FourEyes => Ok(books(post, event_id, "vier-ogen")),
    }
}

async fn remove(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(line_id))): Path<(String, Id, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    let txn = store::begin_write(&state.db).await?;
    let (organiser_id, person_id, now) = (post.organiser_id, post.viewer.person_id, state.clock.now());
    let removal = store::finances::remove_cost_line(&txn, organiser_id, event_id, line_id, person_id, now).await?;
    txn.commit().await?;
    match removal {
        Removal::Removed => Ok(books(&post, event_id, "verwijderd")),
        Removal::Paid => Ok(books(&post, event_id, "betaald")),
        Removal::Approved => Ok(books(&post, event_id, "eerst-intrekken")),
        Removal::NotFound => Err(WebError::NotFound),
    }
}

/// Pays an approved line to its trainer's ready Stripe account, at the amount
/// approved, whatever the form holds. The line is held (`paying_out`) in a
/// write of its own, so a second click finds it held; Stripe is asked
/// outside any transaction (a write turn is never held over the network);
/// the idempotency key makes a retry after a timeout return the transfer
/// already made, and the guarded update records it once.
async fn pay_out(
    State(state): State<AppState>,
    Path((_, Id(event_id), Id(line_id))): Path<(String, Id, Id)>,
    post: AdminPost,
) -> Result<Response, WebError> {
    use app::payments::{BALANCE_INSUFFICIENT, INSUFFICIENT_CAPABILITIES, NewTransfer, PaymentError, RESOURCE_MISSING};
    let (organiser_id, person_id) = (post.organiser_id, post.viewer.person_id);
    let txn = store::begin_write(&state.db).await?;
    let held =
        store::finances::start_payout(&txn, organiser_id, event_id, line_id, person_id, state.clock.now()).await?;
    txn.commit().await?;
    let plan = match held {
        Payout::Ready(plan) => plan,
        Payout::NotPayable => return Ok(books(&post, event_id, "niet-uit-te-betalen")),
        Payout::NoReadyAccount(StripeBlocker::NoTrainer) => return Ok(books(&post, event_id, "geen-lesgever")),
        Payout::NoReadyAccount(StripeBlocker::NotReady) => return Ok(books(&post, event_id, "stripe-niet-klaar")),
        Payout::InProgress => return Ok(books(&post, event_id, "uitbetaling-bezig")),
        Payout::FourEyes => return Ok(books(&post, event_id, "vier-ogen")),
        Payout::NotFound => return Err(WebError::NotFound),
    };
    let asked = NewTransfer {
        amount_cents: plan.amount.cents(),
        destination: plan.account.as_str().to_string(),
        description: plan.description(),
        transfer_group: plan.transfer_group.clone(),
        idempotency_key: plan.idempotency_key.clone(),
    };
    let failed = |outcome: PayoutOutcome| {
        let (db, plan) = (state.db.clone(), plan.clone());
        async move {
            let txn = store::begin_write(&db).await?;
            store::finances::payout_failed(&txn, &plan, outcome).await?;
            txn.commit().await?;
            Ok::<(), WebError>(())
        }
    };
    let transfer = match state.payments.transfer(&asked).await {
        Ok(transfer) => transfer,
        Err(PaymentError::Refused(reason)) => {
            tracing::info!(line = line_id, reason, "Stripe refused a payout");
            failed(PayoutOutcome::Refused).await?;
            let notice = match reason.as_str() {
                BALANCE_INSUFFICIENT => "saldo-te-laag",
                RESOURCE_MISSING => "account-onbekend",
                INSUFFICIENT_CAPABILITIES => "stripe-niet-klaar",
                _ => "geweigerd",
            };
            return Ok(books(&post, event_id, notice));
        }
        Err(PaymentError::NotConfigured) => {
            failed(PayoutOutcome::NotAsked).await?;
            return Ok(books(&post, event_id, "geen-betaalprovider"));
        }
        Err(PaymentError::Unavailable(reason)) => {
            // Nothing is known of the outcome: the line stays held and the same key asks again next time.
            tracing::warn!(line = line_id, reason, "Stripe unreachable for a payout");
            failed(PayoutOutcome::Unknown).await?;
            return Ok(books(&post, event_id, "stripe-onbereikbaar"));
        }
    };
    let txn = store::begin_write(&state.db).await?;
    let now = state.clock.now();
    let recorded = store::finances::record_payout(&txn, &plan, &transfer.id, person_id, now).await?;
    txn.commit().await?;
    Ok(books(&post, event_id, if recorded { "uitbetaald" } else { "al-betaald" }))
}

/// The organiser's four eyes, on the settings page: a checkbox (no box, no value: off).
async fn four_eyes(State(state): State<AppState>, post: AdminPost) -> Result<Response, WebError> {
    let on = !post.form.get(field::FOUR_EYES).is_empty();
    let txn = store::begin_write(&state.db).await?;
    store::finances::set_four_eyes(&txn, post.organiser_id, on, post.viewer.person_id, state.clock.now()).await?;
    txn.commit().await?;
    let settings = paths::backoffice::settings(&post.organiser.slug);
    Ok(Redirect::to(&format!("{}#vier-ogen", paths::with_notice(&settings, "vier-ogen-bewaard"))).into_response())
}

/// The year per event as CSV, for the organiser's admins (a download: no
/// session goes to the sign-in page; anyone else gets 404).
async fn year_csv(
    State(state): State<AppState>,
    Path(organiser): Path<String>,
    axum::extract::Query(query): axum::extract::Query<YearQuery>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, WebError> {
    // A download: staff who are no admins find nothing here either.
    let access = match store::backoffice::may(&state.db, &viewer, &organiser, Action::Administer).await? {
        store::backoffice::Decision::Allowed(access) => access,
        _ => return Err(WebError::NotFound),
    };
    let year = query.year(&state);
    let books = store::finances::year(&state.db, access.organiser_id, access.organiser, year).await?;
    let file = format!("financien-{}-{year}.csv", books.organiser.slug);
    Ok(csv_download(domain::finances::year_csv(&books), &file))
}
