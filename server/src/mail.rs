//! Sending mail: the SMTP or file transport, the worker that drains the outbox
//! (`store::mail`), and the Dutch layout every mail shares.
//!
//! Requests only ever queue a mail ([`store::mail::enqueue`]); the worker sends
//! it, so a slow or broken mail server never blocks or fails a request. A failed
//! try is queued again with a growing delay; a mail that keeps failing, or that
//! the server refuses for good (5xx), ends as 'failed' with its error, for staff.
//!
//! Configuration: `SMTP_URL` (`smtp://user:pass@host:587?tls=required` for
//! STARTTLS, `smtps://user:pass@host:465` for TLS, `smtp://127.0.0.1:2525` plain,
//! only for a local relay or tests). Without it mails are written as `.eml` files
//! into the outbox directory. `LEERNET_MAIL_FROM` is the sending address.

use chrono::{DateTime, Utc};
use domain::clock::Clock;
use domain::i18n::{self, Locale};
use domain::mail::OutgoingMail;
use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::StoreError;
use store::mail::{QueuedMail, Retry, Sender};
use tokio::sync::{Notify, watch};

/// `LEERNET_MAIL_FROM` when unset.
pub const DEFAULT_FROM: &str = "Leernet <no-reply@leernet.test>";
/// Where mails go when no `SMTP_URL` is set (the caller may choose another directory).
pub const DEFAULT_OUTBOX_DIR: &str = "data/outbox";
/// How often the worker looks for due mails when nobody wakes it.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Mails claimed per round.
pub const BATCH: u64 = 20;
/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A mail variable with a value we cannot use, named. Configuration
/// (`crate::config`) reads it as its own error; mail knows nothing of the rest
/// of the configuration.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{variable}: {message}")]
pub struct MailConfigError {
    pub variable: &'static str,
    pub message: String,
}

/// Mail configuration, parsed and checked at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `SMTP_URL`; None writes mails to `outbox_dir`.
    pub smtp_url: Option<String>,
    /// `LEERNET_MAIL_FROM`: the envelope sender and the From address. An
    /// organiser's mail shows "<organiser> via Leernet" as its name.
    pub from: Mailbox,
    pub outbox_dir: PathBuf,
}

/// Parses the mail variables (already read from the environment; empty counts
/// as unset). A bad value gives an error naming `SMTP_URL` or `LEERNET_MAIL_FROM`.
pub fn from_env_values(
    smtp_url: Option<String>,
    from: Option<String>,
    outbox_dir: PathBuf,
) -> Result<MailSettings, MailConfigError> {
    let smtp_url = smtp_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    if let Some(url) = &smtp_url {
        let scheme_ok = url.starts_with("smtp://") || url.starts_with("smtps://");
        let parsed = if scheme_ok { AsyncSmtpTransport::<Tokio1Executor>::from_url(url).err() } else { None };
        if !scheme_ok || parsed.is_some() {
            let reason = parsed.map(|e| format!(" ({e})")).unwrap_or_default();
            return Err(MailConfigError {
                variable: "SMTP_URL",
                message: format!(
                    "{:?} is not a mail server like smtp://user:password@host:587?tls=required or smtps://host:465{reason}",
                    redact_url(url)
                ),
            });
        }
    }
    let from_raw = from.map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
    let from = match from_raw {
        None => DEFAULT_FROM.parse::<Mailbox>().map_err(|e| MailConfigError {
            variable: "LEERNET_MAIL_FROM",
            message: format!("the default {DEFAULT_FROM:?} does not parse: {e}"),
        })?,
        Some(raw) => raw.parse::<Mailbox>().map_err(|e| MailConfigError {
            variable: "LEERNET_MAIL_FROM",
            message: format!("{raw:?} is not an address like \"Leernet <no-reply@leernet.be>\" ({e})"),
        })?,
    };
    Ok(MailSettings { smtp_url, from, outbox_dir })
}

/// Where mails go.
#[derive(Debug, Clone)]
pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Each mail as an `.eml` file in this directory (created when missing).
    File(PathBuf),
}

impl MailTransport {
    pub fn new(settings: &MailSettings) -> Result<Self, MailConfigError> {
        match &settings.smtp_url {
            None => Ok(MailTransport::File(settings.outbox_dir.clone())),
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|builder| MailTransport::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()))
                .map_err(|e| MailConfigError { variable: "SMTP_URL", message: e.to_string() }),
        }
    }

    /// Sends one message. Errors say whether trying again could help.
    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            MailTransport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError { permanent: e.is_permanent(), message: format!("SMTP: {e}") }),
            MailTransport::File(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| SendError { permanent: false, message: format!("creating {}: {e}", dir.display()) })?;
                AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| SendError { permanent: false, message: format!("writing to {}: {e}", dir.display()) })
            }
        }
    }
}

/// A failed send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// The server refused for good (5xx) or the mail cannot be built: don't retry.
    pub permanent: bool,
    pub message: String,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A transport and the address mails come from: what the worker needs.
#[derive(Debug, Clone)]
pub struct Mailer {
    pub transport: MailTransport,
    pub from: Mailbox,
    /// For logs: the SMTP server without credentials, or the outbox directory.
    pub description: String,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Self, MailConfigError> {
        let description = match &settings.smtp_url {
            Some(url) => format!("SMTP {}", redact_url(url)),
            None => format!("files in {}", settings.outbox_dir.display()),
        };
        Ok(Mailer { transport: MailTransport::new(settings)?, from: settings.from.clone(), description })
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834), so out-of-office replies stay away.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl header::Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// The MIME message for a queued mail: multipart/alternative (plain text and
/// HTML, UTF-8). An organiser's mail comes "from" "<organiser> via Leernet" at the
/// platform's address and replies go to the organiser.
pub fn build_message(from: &Mailbox, sender: Option<&Sender>, mail: &OutgoingMail) -> Result<Message, SendError> {
    let permanent = |message: String| SendError { permanent: true, message };
    let to_address: Address =
        mail.to.as_str().parse().map_err(|e| permanent(format!("address not accepted by the mailer: {e}")))?;
    let to_name = mail.to_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
    let from_address = from.email.clone();
    let from = match sender {
        Some(s) => Mailbox::new(Some(format!("{} via Leernet", s.name)), from.email.clone()),
        None => from.clone(),
    };
    let mut builder = Message::builder()
        .from(from)
        .to(Mailbox::new(to_name, to_address))
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}@{}>", uuid::Uuid::new_v4().simple(), from_address.domain())))
        .header(AutoSubmitted);
    if let Some(reply_to) = sender.and_then(|s| s.email.trim().parse::<Address>().ok()) {
        builder = builder.reply_to(Mailbox::new(sender.map(|s| s.name.clone()), reply_to));
    }
    let part = |a: &domain::mail::Attachment| -> Result<lettre::message::SinglePart, SendError> {
        let content_type = lettre::message::header::ContentType::parse(&a.content_type)
            .map_err(|e| permanent(format!("attachment type {}: {e}", a.content_type)))?;
        let attachment = match &a.inline_id {
            Some(id) => lettre::message::Attachment::new_inline_with_name(id.clone(), a.filename.clone()),
            None => lettre::message::Attachment::new(a.filename.clone()),
        };
        Ok(if a.base64 {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&a.content)
                .map_err(|e| permanent(format!("attachment {}: {e}", a.filename)))?;
            attachment.body(bytes, content_type)
        } else {
            attachment.body(a.content.clone(), content_type)
        })
    };
    let mut body = MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone());
    // Images the HTML shows (cid:) travel with it in multipart/related.
    let (inline, attached): (Vec<_>, Vec<_>) = mail.attachments.iter().partition(|a| a.inline_id.is_some());
    if !inline.is_empty() {
        let mut related = MultiPart::related().multipart(body);
        for a in inline {
            related = related.singlepart(part(a)?);
        }
        body = related;
    }
    if !attached.is_empty() {
        let mut mixed = MultiPart::mixed().multipart(body);
        for a in attached {
            mixed = mixed.singlepart(part(a)?);
        }
        body = mixed;
    }
    builder.multipart(body).map_err(|e| permanent(format!("building the message: {e}")))
}

/// Claims the due mails (up to [`BATCH`]) and sends them one by one, recording
/// each outcome. Returns how many were claimed; send failures are recorded on
/// their row and logged, not returned.
pub async fn drain_once(db: &DatabaseConnection, mailer: &Mailer, clock: &dyn Clock) -> Result<usize, StoreError> {
    drain_round(db, mailer, clock, &|| false).await
}

/// [`drain_once`], but when `stopping()` turns true between two mails, the
/// mails claimed and not yet sent are handed back to the queue (for this or
/// another process to send), so a stopping worker loses none and waits for
/// no more than the mail it is sending.
pub async fn drain_round(
    db: &DatabaseConnection,
    mailer: &Mailer,
    clock: &dyn Clock,
    stopping: &(dyn Fn() -> bool + Sync),
) -> Result<usize, StoreError> {
    let claimed = store::mail::claim_due(db, clock.now(), BATCH).await?;
    let mut senders: HashMap<i32, Option<Sender>> = HashMap::new();
    for (index, queued) in claimed.iter().enumerate() {
        if stopping() {
            for unsent in &claimed[index..] {
                store::mail::release_claim(db, unsent.id).await?;
            }
            tracing::info!(handed_back = claimed.len() - index, "mail worker stopping; unsent mails queued again");
            break;
        }
        let sender = match queued.mail.organiser_id {
            None => None,
            Some(id) => match senders.get(&id) {
                Some(found) => found.clone(),
                None => {
                    let found = store::mail::organiser_sender(db, id).await?;
                    senders.insert(id, found.clone());
                    found
                }
            },
        };
        let outcome = match build_message(&mailer.from, sender.as_ref(), &queued.mail) {
            Ok(message) => mailer.transport.send(message).await,
            Err(e) => Err(e),
        };
        record(db, queued, outcome, clock.now()).await?;
    }
    Ok(claimed.len())
}

async fn record(
    db: &DatabaseConnection,
    queued: &QueuedMail,
    outcome: Result<(), SendError>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let to = mask_address(queued.mail.to.as_str());
    match outcome {
        Ok(()) => {
            store::mail::mark_sent(db, queued.id, now).await?;
            tracing::info!(mail_id = queued.id, to = %to, "mail sent");
        }
        Err(e) => {
            // A permanent refusal gives up at once (no attempts left to allow).
            let max_attempts = if e.permanent { 0 } else { store::mail::MAX_ATTEMPTS };
            match store::mail::mark_failed(db, queued.id, now, &e.message, max_attempts).await? {
                Retry::At(at) => tracing::warn!(
                    mail_id = queued.id,
                    to = %to,
                    attempt = queued.attempts,
                    retry_at = %at,
                    error = %e,
                    "mail not sent; will retry"
                ),
                Retry::GaveUp => tracing::error!(
                    mail_id = queued.id,
                    to = %to,
                    attempt = queued.attempts,
                    error = %e,
                    "mail not sent; giving up"
                ),
            }
        }
    }
    Ok(())
}

/// Drains the outbox until `shutdown` turns true (or its sender is dropped):
/// every [`POLL_INTERVAL`], at once when `wake` is notified (after an enqueue),
/// and straight again after a full batch. A round in progress finishes first.
pub async fn run_worker(
    db: DatabaseConnection,
    mailer: Arc<Mailer>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(transport = %mailer.description, "mail worker started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        let stopping = {
            let shutdown = shutdown.clone();
            move || *shutdown.borrow()
        };
        let full_batch = match drain_round(&db, &mailer, clock.as_ref(), &stopping).await {
            Ok(claimed) => claimed as u64 >= BATCH,
            Err(e) => {
                tracing::error!(error = %e, "mail outbox unavailable");
                false
            }
        };
        if full_batch {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL_INTERVAL) => {}
            _ = wake.notified() => {}
            changed = shutdown.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
    }
    tracing::info!("mail worker stopped");
}

/// An address for logs: first character and domain (`h…@cawdekempen.be`).
pub fn mask_address(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None => "…".to_string(),
    }
}

/// A URL without its password, for messages and logs.
fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_string() };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme_end + 3], &rest[at..])
        }
        None => url.to_string(),
    }
}

/// The shared layout, in Dutch: a heading, paragraphs, an optional button
/// (`(label, url)`) and the signature of the organiser, or Leernet. Returns
/// `(plain text, HTML)`; every input is escaped in the HTML. Line breaks inside
/// a paragraph are kept.
pub fn render(
    organiser_name: Option<&str>,
    heading: &str,
    paragraphs: &[String],
    action: Option<(&str, &str)>,
) -> (String, String) {
    render_with_image(Locale::Nl, organiser_name, heading, paragraphs, action, None)
}

/// [`render`] with the layout's own words (greeting, footer) in `locale`.
pub fn render_in(
    locale: Locale,
    organiser_name: Option<&str>,
    heading: &str,
    paragraphs: &[String],
    action: Option<(&str, &str)>,
) -> (String, String) {
    render_with_image(locale, organiser_name, heading, paragraphs, action, None)
}

/// An image that travels inside the mail (an inline attachment), shown in the
/// HTML after the action: its content id and its text alternative.
pub struct InlineImage<'a> {
    pub content_id: &'a str,
    pub alt: &'a str,
    pub size_px: u32,
}

/// [`render_in`], with an inline image (a ticket's QR code) under the action.
pub fn render_with_image(
    locale: Locale,
    organiser_name: Option<&str>,
    heading: &str,
    paragraphs: &[String],
    action: Option<(&str, &str)>,
    image: Option<InlineImage<'_>>,
) -> (String, String) {
    let signer = organiser_name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or("Leernet");
    let footer = match organiser_name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => i18n::text_with(locale, "mail.footer_for", &[("organiser", name)]),
        None => i18n::text(locale, "mail.footer").to_string(),
    };
    let regards = i18n::text(locale, "mail.regards");
    let lang = locale.code();

    let mut text = format!("{heading}\n\n");
    for paragraph in paragraphs {
        text.push_str(paragraph.trim_end());
        text.push_str("\n\n");
    }
    if let Some((label, url)) = action {
        text.push_str(&format!("{label}:\n{url}\n\n"));
    }
    text.push_str(&format!("{regards}\n{signer}\n\n-- \n{footer}\n"));

    const TEXT: &str = "margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2933;";
    const MUTED: &str = "color:#52606d;";
    const BRAND: &str = "#1d5c8f";
    let mut html = String::with_capacity(2048);
    html.push_str(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"));
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!("<title>{}</title>\n</head>\n", escape(heading)));
    html.push_str("<body style=\"margin:0;padding:0;background-color:#f3f5f7;\">\n");
    html.push_str(&format!(
        "<div role=\"article\" aria-roledescription=\"e-mail\" aria-label=\"{}\" lang=\"{lang}\" \
         style=\"max-width:600px;margin:0 auto;padding:24px 12px;font-family:Arial,Helvetica,sans-serif;\">\n",
        escape(heading)
    ));
    html.push_str(&format!(
        "<div style=\"background-color:#ffffff;border-top:4px solid {BRAND};border-radius:6px;padding:28px 24px;\">\n"
    ));
    html.push_str(&format!(
        "<p style=\"margin:0 0 8px;font-size:14px;line-height:1.4;{MUTED}\">{}</p>\n",
        escape(signer)
    ));
    html.push_str(&format!(
        "<h1 style=\"margin:0 0 20px;font-size:22px;line-height:1.3;color:#102a43;\">{}</h1>\n",
        escape(heading)
    ));
    for paragraph in paragraphs {
        let body = escape(paragraph.trim_end()).replace('\n', "<br>\n");
        html.push_str(&format!("<p style=\"{TEXT}\">{body}</p>\n"));
    }
    if let Some((label, url)) = action {
        let (label, url) = (escape(label), escape(url));
        html.push_str(&format!(
            "<p style=\"margin:24px 0;\"><a href=\"{url}\" style=\"display:inline-block;background-color:{BRAND};\
             color:#ffffff;font-size:16px;font-weight:bold;line-height:1.25;text-decoration:none;\
             padding:12px 20px;border-radius:6px;\">{label}</a></p>\n"
        ));
        html.push_str(&format!(
            "<p style=\"margin:0 0 16px;font-size:14px;line-height:1.5;{MUTED}\">{}<br>\n<a href=\"{url}\" \
             style=\"color:{BRAND};word-break:break-all;\">{url}</a></p>\n",
            escape(i18n::text(locale, "mail.button_fallback"))
        ));
    }
    if let Some(image) = image {
        html.push_str(&format!(
            "<p style=\"margin:24px 0;text-align:center;\"><img src=\"cid:{}\" alt=\"{}\" width=\"{size}\" \
             height=\"{size}\" style=\"display:inline-block;border:0;\"></p>\n",
            escape(image.content_id),
            escape(image.alt),
            size = image.size_px,
        ));
    }
    html.push_str(&format!("<p style=\"{TEXT}margin-top:24px;\">{}<br>\n{}</p>\n", escape(regards), escape(signer)));
    html.push_str("</div>\n");
    html.push_str(&format!(
        "<p style=\"margin:16px 0 0;font-size:13px;line-height:1.5;text-align:center;{MUTED}\">{}</p>\n",
        escape(&footer)
    ));
    html.push_str("</div>\n</body>\n</html>\n");
    (text, html)
}

/// Escapes text for HTML content and attribute values.
fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Email;

    fn settings(smtp: Option<&str>, from: Option<&str>) -> Result<MailSettings, MailConfigError> {
        from_env_values(smtp.map(String::from), from.map(String::from), PathBuf::from("data/outbox"))
    }

    #[test]
    fn parses_settings_and_names_bad_variables() {
        let defaults = settings(None, None).unwrap();
        assert_eq!(defaults.smtp_url, None);
        assert_eq!(defaults.from.email.to_string(), "no-reply@leernet.test");
        assert_eq!(defaults.from.name.as_deref(), Some("Leernet"));
        assert_eq!(settings(Some("  "), Some("")).unwrap(), defaults);
        for good in [
            "smtp://user:pass@mail.example.be:587?tls=required",
            "smtps://mail.example.be:465",
            "smtp://127.0.0.1:2525",
        ] {
            assert_eq!(settings(Some(good), None).unwrap().smtp_url.as_deref(), Some(good));
        }
        for bad in ["mail.example.be", "http://mail.example.be", "smtp://user:geheim@host?tls=sometimes", "smtp://"] {
            let e = settings(Some(bad), None).unwrap_err();
            assert_eq!(e.variable, "SMTP_URL", "{bad}");
            assert!(!e.message.contains("geheim"), "the password leaks: {}", e.message);
        }
        assert_eq!(settings(None, Some("geen adres")).unwrap_err().variable, "LEERNET_MAIL_FROM");
        let from = settings(None, Some("BIZ Kempen <info@bizkempen.be>")).unwrap().from;
        assert_eq!(from.email.to_string(), "info@bizkempen.be");
    }

    #[test]
    fn transports_follow_the_settings() {
        let file = Mailer::new(&settings(None, None).unwrap()).unwrap();
        assert!(matches!(file.transport, MailTransport::File(ref d) if d == &PathBuf::from("data/outbox")));
        let smtp =
            Mailer::new(&settings(Some("smtp://u:geheim@mail.example.be:587?tls=required"), None).unwrap()).unwrap();
        assert!(matches!(smtp.transport, MailTransport::Smtp(_)));
        assert_eq!(smtp.description, "SMTP smtp://u:***@mail.example.be:587?tls=required");
    }

    #[test]
    fn masks_addresses_and_passwords() {
        assert_eq!(mask_address("hanne.laenen@cawdekempen.be"), "h…@cawdekempen.be");
        assert_eq!(mask_address("nonsense"), "…");
        assert_eq!(redact_url("smtps://mail.example.be:465"), "smtps://mail.example.be:465");
        assert_eq!(redact_url("smtp://user:pw@host:587/ehlo"), "smtp://user:***@host:587/ehlo");
    }

    #[test]
    fn renders_escaped_dutch_html_and_text() {
        let (text, html) = render(
            Some("BIZ Kempen"),
            "Je inschrijving is bevestigd",
            &["Dag Hanne,".to_string(), "Tot op de vormingsdag <Schulden & gezin>.\nWelkom!".to_string()],
            Some(("Bekijk je inschrijving", "https://leernet.test/x?a=1&b=2")),
        );
        assert!(text.starts_with("Je inschrijving is bevestigd\n\nDag Hanne,\n\n"));
        assert!(text.contains("Tot op de vormingsdag <Schulden & gezin>.\nWelkom!"));
        assert!(text.contains("Bekijk je inschrijving:\nhttps://leernet.test/x?a=1&b=2"));
        assert!(text.contains("Met vriendelijke groeten,\nBIZ Kempen"));
        assert!(html.contains("<html lang=\"nl\">"));
        assert!(html.contains("&lt;Schulden &amp; gezin&gt;.<br>"));
        assert!(html.contains("href=\"https://leernet.test/x?a=1&amp;b=2\""));
        assert!(!html.contains("<Schulden"));
        assert!(html.contains("Met vriendelijke groeten,<br>\nBIZ Kempen"));

        let (text, html) = render(None, "Aanmelden <bij> Leernet", &[], None);
        assert!(text.contains("Met vriendelijke groeten,\nLeernet"));
        assert!(html.contains("<h1 style=\"margin:0 0 20px;font-size:22px;line-height:1.3;color:#102a43;\">Aanmelden &lt;bij&gt; Leernet</h1>"));
        assert!(!html.contains("href="));
    }

    #[test]
    fn an_organisers_mail_comes_via_leernet_and_replies_go_to_the_organiser() {
        let from: Mailbox = DEFAULT_FROM.parse().unwrap();
        let sender = Sender { name: "BIZ Kempen".into(), email: "info@bizkempen.be".into() };
        let mail = OutgoingMail {
            organiser_id: Some(1),
            to: Email::parse("hanne@caw.be").unwrap(),
            to_name: Some("Hanne Laenen".into()),
            subject: "Bevestiging".into(),
            text_body: "Dag Hanne".into(),
            html_body: "<p>Dag Hanne</p>".into(),
            attachments: Vec::new(),
        };
        let raw = String::from_utf8(build_message(&from, Some(&sender), &mail).unwrap().formatted()).unwrap();
        assert!(raw.contains("From: \"BIZ Kempen via Leernet\" <no-reply@leernet.test>\r\n"), "{raw}");
        assert!(raw.contains("Reply-To: \"BIZ Kempen\" <info@bizkempen.be>\r\n"), "{raw}");
        assert!(raw.contains("To: \"Hanne Laenen\" <hanne@caw.be>\r\n"), "{raw}");
        assert!(raw.contains("Auto-Submitted: auto-generated\r\n"), "{raw}");
        assert!(raw.contains("@leernet.test>\r\n") && raw.contains("Message-ID: <"), "{raw}");
        let raw = String::from_utf8(build_message(&from, None, &mail).unwrap().formatted()).unwrap();
        assert!(raw.contains("From: Leernet <no-reply@leernet.test>\r\n"), "{raw}");
        assert!(!raw.contains("Reply-To"));
    }

    #[test]
    fn attachments_make_a_mixed_message() {
        let from: Mailbox = DEFAULT_FROM.parse().unwrap();
        let mail = OutgoingMail {
            organiser_id: None,
            to: Email::parse("an@ocmw-geel.test").unwrap(),
            to_name: None,
            subject: "Ingeschreven".into(),
            text_body: "Dag An".into(),
            html_body: "<p>Dag An</p>".into(),
            attachments: vec![domain::mail::Attachment {
                filename: "inschrijving.ics".into(),
                content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
                content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
                base64: false,
                inline_id: None,
            }],
        };
        let raw = String::from_utf8(build_message(&from, None, &mail).unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Content-Type: text/calendar; charset=utf-8; method=PUBLISH"));
        assert!(raw.contains("filename=\"inschrijving.ics\""));
    }

    #[test]
    fn inline_images_travel_in_a_related_part() {
        let from: Mailbox = DEFAULT_FROM.parse().unwrap();
        let mail = OutgoingMail {
            organiser_id: None,
            to: Email::parse("an@ocmw-geel.test").unwrap(),
            to_name: None,
            subject: "Ticket".into(),
            text_body: "Dag An".into(),
            html_body: "<img src=\"cid:ticket-qr\">".into(),
            attachments: vec![domain::mail::Attachment {
                filename: "ticket-qr.png".into(),
                content_type: "image/png".into(),
                content: "iVBORw0KGgo=".into(),
                base64: true,
                inline_id: Some("ticket-qr".into()),
            }],
        };
        let raw = String::from_utf8(build_message(&from, None, &mail).unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/related"), "{raw}");
        assert!(!raw.contains("multipart/mixed"), "nothing else attached");
        assert!(raw.contains("Content-ID: <ticket-qr>") && raw.contains("Content-Disposition: inline"), "{raw}");
    }
}
