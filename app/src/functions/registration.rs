use crate::error::AppError;
use crate::forms::FormState;
use domain::listing::EventCard;
use domain::registration::RegistrationChoices;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The registration form of one published event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPage {
    pub event: EventCard,
    pub choices: RegistrationChoices,
    pub form: FormState,
    /// Online payments move no real money (shown as a banner).
    pub payments_test_mode: bool,
    /// Whether online payment is offered (a payment provider is configured).
    pub online_payment: bool,
}

#[server(endpoint = "registration/form")]
pub async fn load_registration(organiser: String, event: String) -> Result<RegistrationPage, AppError> {
    use domain::Slug;
    use domain::forms::{fields::registration as names, row_field};
    let state = crate::state::app_state()?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.event_not_found").to_string());
    let (Ok(organiser), Ok(event)) = (Slug::parse(&organiser), Slug::parse(&event)) else {
        return Err(not_found());
    };
    let page =
        store::catalogue::event_page(&state.db, state.clock.now(), &organiser, &event).await?.ok_or_else(not_found)?;
    let (organiser_id, _) = store::backoffice::organiser_ref(&state.db, &organiser).await?.ok_or_else(not_found)?;
    let choices = store::orders::book::choices(&state.db, organiser_id, page.card.id, state.clock.now())
        .await?
        .ok_or_else(not_found)?;
    let form = match crate::forms::resubmitted() {
        Some(form) => form,
        None => {
            // Someone signed in registers themselves, most of the time.
            let headers: http::HeaderMap = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
            let viewer = match crate::session::session_id(&headers) {
                Some(sid) => store::accounts::viewer(&state.db, &sid, state.clock.now()).await?,
                None => None,
            };
            let mut values = domain::forms::RawForm::default();
            if let Some(only) = choices.tickets.first().filter(|_| choices.tickets.len() == 1) {
                values.push(names::TICKET, &only.id.to_string());
            }
            if let Some(v) = viewer {
                values.push(&row_field(names::ATTENDEE, 0, names::attendee::NAME), &v.full_name);
                values.push(&row_field(names::ATTENDEE, 0, names::attendee::EMAIL), v.email.as_str());
                values.push(names::BOOKER_NAME, &v.full_name);
                values.push(names::BOOKER_EMAIL, v.email.as_str());
            } else {
                values.push(&row_field(names::ATTENDEE, 0, names::attendee::NAME), "");
            }
            // A group module proposes its planned dates; the organisation may ask for others.
            if let Some(group) = &choices.group {
                for (index, (_, date)) in group.sessions.iter().enumerate() {
                    let proposal = if *date >= group.earliest { date.to_string() } else { String::new() };
                    values.push(&domain::registration::group_date_field(index), &proposal);
                }
            }
            FormState::new(values)
        }
    };
    Ok(RegistrationPage {
        event: page.card,
        choices,
        form,
        payments_test_mode: state.payments.test_mode(),
        online_payment: state.payments.available(),
    })
}

/// The ticket behind the link in an attendee's mail, with its QR code.
#[server(endpoint = "ticket")]
pub async fn load_ticket(code: String) -> Result<domain::registration::TicketView, AppError> {
    let state = crate::state::app_state()?;
    let not_found = || AppError::NotFound(crate::i18n::tr("error.ticket_not_found").into());
    if !domain::registration::is_ticket_code(&code) {
        return Err(not_found());
    }
    let mut view =
        store::orders::book::ticket_view(&state.db, &code, state.clock.now()).await?.ok_or_else(not_found)?;
    let address = domain::paths::absolute(&state.settings.base_url, &domain::paths::ticket(&code));
    view.qr_svg = qrcode::QrCode::new(address.as_bytes())
        .map(|qr| qr.render::<qrcode::render::svg::Color>().min_dimensions(240, 240).quiet_zone(true).build())
        .map_err(|e| {
            tracing::error!(error = %e, "QR code");
            AppError::Internal
        })?;
    Ok(view)
}

/// The address of the signed-in person's own calendar feed, if they made one.
#[server(endpoint = "account/calendar")]
pub async fn load_my_calendar() -> Result<Option<String>, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    let token = store::calendar_feeds::token_of(&state.db, viewer.person_id).await?;
    Ok(token.map(|t| domain::paths::absolute(&state.settings.base_url, &domain::paths::personal_calendar_feed(t))))
}

/// The signed-in person's own registrations, with their tickets.
#[server(endpoint = "account/registrations")]
pub async fn load_my_registrations() -> Result<Vec<domain::registration::MyRegistration>, AppError> {
    let state = crate::state::app_state()?;
    let viewer = crate::functions::account::require_viewer(&state).await?;
    Ok(store::orders::book::my_registrations(&state.db, viewer.person_id, state.clock.now()).await?)
}
