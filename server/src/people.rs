//! Inviting people to an organiser and taking roles away (admins only).

use crate::auth::server_error;
use crate::forms::{StaffPost, answer_with_errors, form_token_refusal, not_found, read_body, signed_in, staff_post};
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
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

fn admins_only() -> Response {
    (StatusCode::FORBIDDEN, crate::language::tr("refused.people_admins")).into_response()
}

async fn admin_post(
    state: &AppState,
    parts: &axum::http::request::Parts,
    organiser: &str,
    body: axum::body::Body,
) -> Result<(StaffPost, domain::forms::RawForm), Response> {
    let form = read_body(body, BODY_LIMIT).await?;
    let post = staff_post(state, &parts.headers, organiser, &form).await?;
    if !post.viewer.is_admin_of(post.organiser.slug.as_str()) {
        return Err(admins_only());
    }
    Ok((post, form))
}

async fn invite(State(state): State<AppState>, Path(organiser): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (StaffPost { viewer, organiser_id, organiser }, form) = match admin_post(&state, &parts, &organiser, body).await
    {
        Ok(found) => found,
        Err(response) => return response,
    };
    let partners = match store::people::partner_organisations(&state.db, organiser_id).await {
        Ok(p) => p,
        Err(e) => return server_error(e),
    };
    let invitation = match Invitation::parse(&form, &partners) {
        Ok(i) => i,
        Err(errors) => {
            return answer_with_errors(&state, &parts, form, errors).await;
        }
    };
    let now = state.clock.now();
    // The role and the mail that announces it are written together, or not at all.
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let invited = match store::people::invite(&txn, organiser_id, &invitation, viewer.person_id, now).await {
        Ok(Ok(invited)) => invited,
        Ok(Err(errors)) => {
            // Roll back before rendering: the page's own queries need a connection too.
            drop(txn);
            return answer_with_errors(&state, &parts, form, errors).await;
        }
        Err(e) => return server_error(e),
    };
    let mail = invitation_mail(&state, organiser_id, &organiser.name, &viewer.full_name, &invitation, &invited);
    if let Err(e) = store::mail::enqueue(&txn, &mail, now).await {
        return server_error(e);
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    Redirect::to(&paths::with_notice(&paths::backoffice::people(&organiser.slug), "uitgenodigd")).into_response()
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
async fn create_organiser(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form = match read_body(body, BODY_LIMIT).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let now = state.clock.now();
    let viewer = match signed_in(&state, &parts.headers).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    if let Some(response) = form_token_refusal(&viewer, form.get("csrf")) {
        return response;
    }
    if !viewer.grants.iter().any(|g| g.role == domain::Role::PlatformAdmin) {
        return (StatusCode::FORBIDDEN, crate::language::tr("refused.platform_admins")).into_response();
    }
    let new = match domain::people::NewOrganiser::parse(&form) {
        Ok(n) => n,
        Err(errors) => {
            return answer_with_errors(&state, &parts, form, errors).await;
        }
    };
    let txn = match store::begin_write(&state.db).await {
        Ok(t) => t,
        Err(e) => return server_error(e),
    };
    let organiser_id = match store::people::create_organiser(&txn, &new, now).await {
        Ok(Ok(id)) => id,
        Ok(Err(errors)) => {
            // Roll back before rendering: the page's own queries need a connection too.
            drop(txn);
            return answer_with_errors(&state, &parts, form, errors).await;
        }
        Err(e) => return server_error(e),
    };
    let invited = match store::people::invite(&txn, organiser_id, &new.first_admin, viewer.person_id, now).await {
        Ok(Ok(invited)) => invited,
        Ok(Err(errors)) => {
            // Roll back before rendering: the page's own queries need a connection too.
            drop(txn);
            return answer_with_errors(&state, &parts, form, errors).await;
        }
        Err(e) => return server_error(e),
    };
    let mail = invitation_mail(&state, organiser_id, &new.name, &viewer.full_name, &new.first_admin, &invited);
    if let Err(e) = store::mail::enqueue(&txn, &mail, now).await {
        return server_error(e);
    }
    if let Err(e) = txn.commit().await {
        return server_error(e);
    }
    state.mail_wake.notify_one();
    Redirect::to(&paths::with_notice(paths::backoffice::HOME, "organisator")).into_response()
}

async fn revoke(
    State(state): State<AppState>,
    Path((organiser, membership)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let (StaffPost { viewer, organiser_id, organiser }, _) = match admin_post(&state, &parts, &organiser, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(id) = membership.parse::<i32>().ok().filter(|id| *id > 0) else { return not_found() };
    let back =
        |query: &str| Redirect::to(&format!("{}?{query}", paths::backoffice::people(&organiser.slug))).into_response();
    match store::people::revoke(&state.db, organiser_id, id, viewer.person_id, state.clock.now()).await {
        Ok(Ok(())) => back("melding=ingetrokken"),
        Ok(Err(RevokeRefusal::LastAdmin)) => back("fout=laatste-beheerder"),
        Ok(Err(RevokeRefusal::Unknown)) => not_found(),
        Err(e) => server_error(e),
    }
}
