//! The admins' money pages: the year per event, an event's income and costs,
//! and one cost line's form. For admins of the organiser only: staff run the
//! door and the lists, not the books.

use crate::error::AppError;
use crate::forms::FormState;
use domain::finances::{CostLine, CostTotals, FinanceYear, Income};
use domain::listing::OrganiserRef;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One event's books, with the form for a new line (empty, or as typed when a post failed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFinancesPage {
    pub organiser: OrganiserRef,
    pub event_id: i32,
    pub title: String,
    pub income: Income,
    /// In the order of the books: corrections under the line they correct.
    pub lines: Vec<CostLine>,
    /// The lines' totals (approved and paid as the ledger sums them).
    pub costs: CostTotals,
    pub form: FormState,
    /// The organiser's trainers (id, name), to choose as a line's payee.
    pub trainers: Vec<(i32, String)>,
    pub csrf_token: String,
    /// The organiser's four eyes, and who is looking: an approver is not offered to pay.
    pub four_eyes: bool,
    pub viewer_id: i32,
    /// The trainers whose Stripe account is ready for payouts: only their lines get a pay button.
    pub stripe_ready: Vec<i32>,
}

/// One cost line: its edit form while it may change, its actions, and a
/// paid line's corrections with the form for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLinePage {
    pub organiser: OrganiserRef,
    pub event_id: i32,
    pub title: String,
    pub line: CostLine,
    /// The edit form (of an editable line).
    pub form: FormState,
    /// The form that marks an approved line paid (its reference).
    pub paid_form: FormState,
    /// A paid line's form for a correction (posted to the event's books).
    pub correction_form: FormState,
    /// The line this one corrects, and the lines that correct this one.
    pub corrected: Option<CostLine>,
    pub corrections: Vec<CostLine>,
    pub trainers: Vec<(i32, String)>,
    pub csrf_token: String,
    pub four_eyes: bool,
    pub viewer_id: i32,
}

#[cfg(feature = "ssr")]
async fn admin_organiser(
    state: &crate::state::AppState,
    organiser: &str,
) -> Result<(domain::accounts::Viewer, i32, OrganiserRef), AppError> {
    crate::functions::account::admin_of(state, organiser, "refused.finances_admins").await
}

/// The organiser's trainers, as the cost line form offers them.
#[cfg(feature = "ssr")]
async fn trainer_choices(state: &crate::state::AppState, organiser_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    Ok(store::payouts::trainers(&state.db, organiser_id).await?.into_iter().map(|t| (t.id, t.full_name)).collect())
}

#[cfg(feature = "ssr")]
fn event_not_found() -> AppError {
    AppError::NotFound(crate::i18n::tr("error.staff_event_not_found").into())
}

#[cfg(feature = "ssr")]
fn positive_id(raw: &str, not_found: fn() -> AppError) -> Result<i32, AppError> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(not_found)
}

/// The organiser's year per event (this year when `year` is missing or far off).
#[server(endpoint = "finances/year")]
pub async fn load_finance_year(organiser: String, year: Option<i32>) -> Result<FinanceYear, AppError> {
    use chrono::Datelike;
    let state = crate::state::app_state()?;
    let (_, organiser_id, organiser) = admin_organiser(&state, &organiser).await?;
    let year = domain::reports::year_asked(year, store::time::local_date(state.clock.now()).year());
    Ok(store::finances::year(&state.db, organiser_id, organiser, year).await?)
}

#[server(endpoint = "finances/event")]
pub async fn load_event_finances(organiser: String, event: String) -> Result<EventFinancesPage, AppError> {
    let state = crate::state::app_state()?;
    let (viewer, organiser_id, organiser) = admin_organiser(&state, &organiser).await?;
    let event_id = positive_id(&event, event_not_found)?;
    let books = store::finances::event_books(&state.db, organiser_id, event_id).await?.ok_or_else(event_not_found)?;
    let form =
        crate::forms::resubmitted().unwrap_or_else(|| FormState::new(domain::finances::CostLineEdit::blank_values()));
    let four_eyes = store::finances::four_eyes(&state.db, organiser_id).await?;
    Ok(EventFinancesPage {
        organiser,
        event_id,
        title: books.title,
        income: books.income,
        lines: books.lines,
        costs: books.costs,
        form,
        trainers: trainer_choices(&state, organiser_id).await?,
        csrf_token: viewer.csrf_token,
        four_eyes,
        viewer_id: viewer.person_id,
        stripe_ready: store::payouts::trainers(&state.db, organiser_id)
            .await?
            .into_iter()
            .filter(|t| t.stripe.ready_account().is_some())
            .map(|t| t.id)
            .collect(),
    })
}

#[server(endpoint = "finances/line")]
pub async fn load_cost_line(organiser: String, event: String, line: String) -> Result<CostLinePage, AppError> {
    let state = crate::state::app_state()?;
    let (viewer, organiser_id, organiser) = admin_organiser(&state, &organiser).await?;
    fn line_not_found() -> AppError {
        AppError::NotFound(crate::i18n::tr("error.cost_line_not_found").into())
    }
    let event_id = positive_id(&event, event_not_found)?;
    let line_id = positive_id(&line, line_not_found)?;
    use domain::finances::{CostAction, CostLineEdit, field};
    let books = store::finances::event_books(&state.db, organiser_id, event_id).await?.ok_or_else(line_not_found)?;
    let line = books.lines.iter().find(|l| l.id == line_id).cloned().ok_or_else(line_not_found)?;
    let corrected = line.corrects.and_then(|id| books.lines.iter().find(|l| l.id == id).cloned());
    let corrections = books.lines.iter().filter(|l| l.corrects == Some(line.id)).cloned().collect();
    // A refused post comes back to the form it came from: the edit or the "paid" form.
    let resubmitted = crate::forms::resubmitted();
    let marking_paid = resubmitted
        .as_ref()
        .is_some_and(|f| CostAction::parse(f.values.get(field::ACTION)) == Some(CostAction::MarkPaid));
    let stored = || FormState::new(CostLineEdit::form_values(&line));
    let (form, paid_form) = match resubmitted {
        Some(f) if marking_paid => (stored(), f),
        Some(f) => (f, FormState::default()),
        None => (stored(), FormState::default()),
    };
    let correction_form = FormState::new(CostLineEdit::correction_values(&line));
    let four_eyes = store::finances::four_eyes(&state.db, organiser_id).await?;
    let trainers = trainer_choices(&state, organiser_id).await?;
    Ok(CostLinePage {
        organiser,
        event_id,
        title: books.title,
        line,
        form,
        paid_form,
        correction_form,
        corrected,
        corrections,
        csrf_token: viewer.csrf_token,
        four_eyes,
        viewer_id: viewer.person_id,
        trainers,
    })
}
