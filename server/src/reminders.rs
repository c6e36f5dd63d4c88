//! The reminder worker: every few minutes it queues the reminders that are
//! due (`store::reminders::due`, rules in `domain::reminders`), each in the
//! language its registration was made in, and records each one in the
//! transaction that queues its mail, so a reminder goes out once, also with
//! several workers or server processes on one database.

use app::state::AppState;
use domain::dates;
use domain::i18n;
use domain::mail::OutgoingMail;
use domain::paths;
use domain::reminders::ReminderKind;
use std::time::Duration;
use store::reminders::DueReminder;

/// How often due reminders are looked for.
const INTERVAL: Duration = Duration::from_secs(300);

/// One round: queues every reminder due now. Returns how many were queued.
pub async fn remind_once(state: &AppState) -> Result<usize, store::StoreError> {
    let now = state.clock.now();
    // Most rounds nothing is due: look before taking the write lock.
    if store::reminders::due(&state.db, now).await?.is_empty() {
        return Ok(0);
    }
    let txn = store::begin_write(&state.db).await?;
    // Again inside the transaction: what changed since (a cancellation, another worker) counts.
    let due = store::reminders::due(&txn, now).await?;
    let mut queued = 0;
    for reminder in &due {
        // Another worker that recorded it first sends it; this one sends nothing.
        if !store::reminders::mark_sent(&txn, reminder, now).await? {
            continue;
        }
        store::mail::enqueue(&txn, &reminder_mail(&state.settings.base_url, reminder), now).await?;
        queued += 1;
    }
    txn.commit().await?;
    if queued > 0 {
        tracing::info!(queued, "reminders queued");
        state.mail_wake.notify_one();
    }
    Ok(queued)
}

/// The reminder (or the "still waiting" note) in the registration's language.
/// Everything the organiser typed (titles, directions, what to bring) is
/// plain text that the mail's layout escapes.
pub fn reminder_mail(base_url: &str, r: &DueReminder) -> OutgoingMail {
    let locale = r.locale;
    let event = r.event_title.as_str();
    let date = dates::date_long_in(locale, r.day.date);
    let mut lines = vec![i18n::text_with(locale, "mail.dear", &[("name", &r.name)])];
    let (subject, action) = match r.kind {
        ReminderKind::Ticket => {
            lines.push(i18n::text_with(locale, "mail.reminder", &[("event", event)]));
            if r.day.of > 1 {
                lines.push(i18n::text_with(
                    locale,
                    "mail.reminder_day",
                    &[("number", &r.day.number.to_string()), ("of", &r.day.of.to_string())],
                ));
            }
            lines.extend(domain::reminders::when_and_where(locale, &r.sessions));
            if let Some(bring) = &r.bring {
                lines.push(i18n::text_with(locale, "mail.reminder_bring", &[("bring", bring)]));
            }
            lines.push(i18n::text(locale, "mail.reminder_ticket").to_string());
            lines.push(i18n::text(locale, "mail.reminder_cancel").to_string());
            let action = r
                .ticket_code
                .as_ref()
                .map(|code| (i18n::text(locale, "mail.my_ticket"), paths::absolute(base_url, &paths::ticket(code))));
            (i18n::text_with(locale, "mail.reminder_subject", &[("event", event), ("date", &date)]), action)
        }
        ReminderKind::StillWaiting => {
            lines.push(i18n::text_with(locale, "mail.still_waiting", &[("event", event), ("date", &date)]));
            lines.extend(domain::reminders::when_and_where(locale, &r.sessions));
            lines.push(i18n::text(locale, "mail.still_waiting_leave").to_string());
            (i18n::text_with(locale, "mail.still_waiting_subject", &[("event", event)]), None)
        }
    };
    let (text_body, html_body) = crate::mail::render_in(
        locale,
        Some(&r.organiser_name),
        &subject,
        &lines,
        action.as_ref().map(|(label, url)| (*label, url.as_str())),
    );
    OutgoingMail {
        organiser_id: Some(r.organiser_id),
        to: r.email.clone(),
        to_name: Some(r.name.clone()),
        subject,
        text_body,
        html_body,
        attachments: Vec::new(),
    }
}

/// Runs [`remind_once`] every few minutes until `stop` turns true.
pub async fn run_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = remind_once(&state).await {
            tracing::error!(error = %e, "queueing reminders failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(INTERVAL) => {}
            _ = stop.changed() => return,
        }
    }
}
