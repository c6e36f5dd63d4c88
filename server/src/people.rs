//! Inviting people to an organiser and taking roles away (admins only).

use crate::web::{AdminPage, Admins, Id, Path, Posted, Staff, WebError};
use app::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::i18n;
use domain::mail::OutgoingMail;
use domain::paths;
use domain::people::Invitation;
use store::people::RevokeRefusal;

const BODY_LIMIT: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::axum(paths::route::PEOPLE), post(invite))
        .route(&paths::axum(paths::route::MEMBERSHIP_REVOKE), post(revoke))
        .route(&paths::axum(paths::route::BACKOFFICE), post(create_organiser))
}

/// Roles are the admins' to give and take.
struct People;

impl AdminPage for People {
    const REFUSAL: &'static str = "refused.people_admins";
}

type AdminPost = Staff<Admins<People>, BODY_LIMIT>;

async fn invite(
    State(state): State<AppState>,
    Staff { viewer, organiser_id, organiser, form, .. }: AdminPost,
) -> Result<Response, WebError> {
    let partners = store::people::partner_organisations(&state.db, organiser_id).await?;
    let invitation = Invitation::parse(&form, &partners).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let now = state.clock.now();
    // The role and the mail that announces it are written together, or not at all.
    // A refusal drops the transaction (a roll back) before the page renders.
    let txn = store::begin_write(&state.db).await?;
    let invited = store::people::invite(&txn, organiser_id, &invitation, viewer.person_id, now)
        .await?
        .map_err(|errors| WebError::invalid(form, errors))?;
    let mail = invitation_mail(&state, organiser_id, &organiser.name, &viewer.full_name, &invitation, &invited);
    store::mail::enqueue(&txn, &mail, now).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(Redirect::to(&paths::with_notice(&paths::backoffice::people(&organiser.slug), "uitgenodigd")).into_response())
}

/// The mail that brings an invited person in, with a link that signs them in.
fn invitation_mail(
    state: &AppState,
    organiser_id: i32,
    organiser_name: &str,
    inviter: &str,
    invitation: &Invitation,
    invited: &store::people::Invited,
) -> OutgoingMail {
    let link = paths::absolute(&state.settings.base_url, &paths::sign_in_link(&invited.token));
    // The invited person's language is not known yet: the inviter's it is.
    let locale = crate::language::current();
    let role_name = invitation.role.name_in(locale).to_lowercase();
    let role = match &invited.organisation {
        Some(o) => i18n::text_with(locale, "mail.invitation_role_for", &[("role", &role_name), ("organisation", o)]),
        None => role_name,
    };
    let subject = i18n::text_with(locale, "mail.invitation_subject", &[("organiser", organiser_name)]);
    let (text_body, html_body) = crate::mail::render_in(
        locale,
        Some(organiser_name),
        &subject,
        &[
            i18n::text_with(locale, "mail.dear", &[("name", &invitation.name)]),
            i18n::text_with(
                locale,
                "mail.invitation_body",
                &[("inviter", inviter), ("role", &role), ("organiser", organiser_name)],
            ),
            i18n::text(locale, "mail.invitation_link").to_string(),
        ],
        Some((i18n::text(locale, "mail.invitation_button"), &link)),
    );
    OutgoingMail {
        organiser_id: Some(organiser_id),
        to: invitation.email.clone(),
        to_name: Some(invitation.name.clone()),
        subject,
        text_body,
        html_body,
        attachments: Vec::new(),
    }
}

/// Platform admins create an organiser and invite its first admin, in one go.
async fn create_organiser(
    State(state): State<AppState>,
    Posted { viewer, form }: Posted<BODY_LIMIT>,
) -> Result<Response, WebError> {
    let now = state.clock.now();
    if !viewer.is_platform_admin() {
        return Err(WebError::Forbidden("refused.platform_admins"));
    }
    let new = domain::people::NewOrganiser::parse(&form).map_err(|errors| WebError::invalid(form.clone(), errors))?;
    // A refusal drops the transaction (a roll back) before the page renders.
    let txn = store::begin_write(&state.db).await?;
    let organiser_id = store::people::create_organiser(&txn, &new, now)
        .await?
        .map_err(|errors| WebError::invalid(form.clone(), errors))?;
    let invited = store::people::invite(&txn, organiser_id, &new.first_admin, viewer.person_id, now)
        .await?
        .map_err(|errors| WebError::invalid(form, errors))?;
    let mail = invitation_mail(&state, organiser_id, &new.name, &viewer.full_name, &new.first_admin, &invited);
    store::mail::enqueue(&txn, &mail, now).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(Redirect::to(&paths::with_notice(paths::backoffice::HOME, "organisator")).into_response())
}

async fn revoke(
    State(state): State<AppState>,
    Path((_, Id(id))): Path<(String, Id)>,
    Staff { viewer, organiser_id, organiser, .. }: AdminPost,
) -> Result<Response, WebError> {
    let back = |query: &str| {
        Ok(Redirect::to(&format!("{}?{query}", paths::backoffice::people(&organiser.slug))).into_response())
    };
    match store::people::revoke(&state.db, organiser_id, id, viewer.person_id, state.clock.now()).await? {
        Ok(()) => back("melding=ingetrokken"),
        Err(RevokeRefusal::LastAdmin) => back("fout=laatste-beheerder"),
        Err(RevokeRefusal::Unknown) => Err(WebError::NotFound),
    }
}
