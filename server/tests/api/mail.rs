//! The mail worker against a real SMTP listener (a small one, written here, that
//! speaks the protocol over TCP and records what it receives), and against the
//! file outbox.
//!
//! Mails are queued at a clock years after the server's own (fixed) clock, so a
//! worker the server may run itself never finds them due: only the test sends.

use crate::helpers::TestApp;
use crate::on_both_databases;
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Email;
use domain::clock::FixedClock;
use domain::mail::OutgoingMail;
use server::mail::{Mailer, drain_once, from_env_values, render};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use store::mail::{MailStatus, OutboxEntry};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

fn later() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 3, 4, 9, 30, 0).single().expect("valid time")
}

const SUBJECT: &str = "Inschrijving bevestigd: vormingsdag ‘Schulden en gezin’ – Geel";

/// A mail on behalf of BIZ Kempen (from the demo data), in Dutch with accents.
async fn kempen_mail(app: &TestApp) -> OutgoingMail {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use store::entities::organiser;
    let kempen = organiser::Entity::find()
        .filter(organiser::Column::Slug.eq("biz-kempen"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("BIZ Kempen in the demo data");
    let (text_body, html_body) = render(
        Some(&kempen.name),
        "Je inschrijving is bevestigd",
        &[
            "Dag Hanne,".to_string(),
            "Je bent ingeschreven voor de vormingsdag “Schulden en gezin” op dinsdag 12 januari in Geel.".to_string(),
            "We zien je graag in café De Zwaan.".to_string(),
        ],
        Some(("Bekijk je inschrijving", "https://leernet.test/regio/biz-kempen/schulden-en-gezin")),
    );
    OutgoingMail {
        organiser_id: Some(kempen.id),
        to: Email::parse("Hanne.Laenen@cawdekempen.be").expect("valid"),
        to_name: Some("Hanne Laenen".to_string()),
        subject: SUBJECT.to_string(),
        text_body,
        html_body,
        attachments: Vec::new(),
    }
}

fn smtp_mailer(port: u16) -> Mailer {
    let settings =
        from_env_values(Some(format!("smtp://127.0.0.1:{port}")), None, PathBuf::from("unused")).expect("settings");
    Mailer::new(&settings).expect("mailer")
}

async fn entry(app: &TestApp, id: i32) -> OutboxEntry {
    store::mail::get(&app.db, id).await.expect("query").expect("row exists")
}

on_both_databases!(sends_multipart_dutch_mail_over_smtp, |app: TestApp| async move {
    let smtp = SmtpListener::start(Reply::Accept).await;
    let mail = kempen_mail(&app).await;
    let id = store::mail::enqueue(&app.db, &mail, later()).await.expect("enqueue");
    let clock = FixedClock::new(later() + Duration::seconds(1));

    let claimed = drain_once(&app.db, &smtp_mailer(smtp.port), &clock).await.expect("drain");
    assert_eq!(claimed, 1);

    let received = smtp.received();
    assert_eq!(received.len(), 1, "one mail over SMTP");
    let got = &received[0];
    assert_eq!(got.mail_from, "<no-reply@leernet.test>");
    assert_eq!(got.rcpt_to, vec!["<hanne.laenen@cawdekempen.be>".to_string()]);

    let message = Mime::parse(&got.data);
    assert_eq!(message.header("To").as_deref(), Some("\"Hanne Laenen\" <hanne.laenen@cawdekempen.be>"));
    assert_eq!(message.header("From").as_deref(), Some("\"BIZ Kempen via Leernet\" <no-reply@leernet.test>"));
    assert_eq!(message.header("Reply-To").as_deref(), Some("\"BIZ Kempen\" <bizkempen@cawdekempen.test>"));
    assert_eq!(message.header("Subject").as_deref(), Some(SUBJECT));
    assert!(message.raw_header("Subject").is_some_and(|s| s.is_ascii()), "non-ASCII subject is RFC 2047-encoded");
    assert!(message.header("Content-Type").is_some_and(|c| c.starts_with("multipart/alternative")));
    assert!(message.header("Message-ID").is_some() && message.header("Date").is_some());

    let parts = message.parts();
    assert_eq!(parts.len(), 2, "text and HTML");
    let text = &parts[0];
    assert!(text.header("Content-Type").is_some_and(|c| c.to_lowercase().starts_with("text/plain; charset=utf-8")));
    let text_body = text.body();
    assert!(text_body.contains("vormingsdag “Schulden en gezin” op dinsdag 12 januari"), "{text_body}");
    assert!(text_body.contains("café De Zwaan"));
    assert!(text_body.contains("Met vriendelijke groeten,\r\nBIZ Kempen"), "{text_body}");
    let html = &parts[1];
    assert!(html.header("Content-Type").is_some_and(|c| c.to_lowercase().starts_with("text/html; charset=utf-8")));
    let html_body = html.body();
    assert!(html_body.contains("<html lang=\"nl\">"));
    assert!(html_body.contains("vormingsdag “Schulden en gezin”"), "{html_body}");
    assert!(html_body.contains("href=\"https://leernet.test/regio/biz-kempen/schulden-en-gezin\""));

    let row = entry(&app, id).await;
    assert_eq!(row.status, MailStatus::Sent);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.sent_at, Some(later() + Duration::seconds(1)));
    assert_eq!(row.last_error, None);
    // Nothing left to send.
    assert_eq!(drain_once(&app.db, &smtp_mailer(smtp.port), &clock).await.expect("drain"), 0);
    assert_eq!(smtp.received().len(), 1);
});

on_both_databases!(two_workers_never_send_the_same_mail, |app: TestApp| async move {
    let smtp = SmtpListener::start(Reply::Accept).await;
    let mail = kempen_mail(&app).await;
    for _ in 0..12 {
        store::mail::enqueue(&app.db, &mail, later()).await.expect("enqueue");
    }
    let clock = FixedClock::new(later());
    let (one, two) = (smtp_mailer(smtp.port), smtp_mailer(smtp.port));
    let (a, b) = tokio::join!(drain_once(&app.db, &one, &clock), drain_once(&app.db, &two, &clock));
    assert_eq!(a.expect("first worker") + b.expect("second worker"), 12);
    assert_eq!(smtp.received().len(), 12, "each mail exactly once");
    let rows =
        store::mail::list_for_organiser(&app.db, mail.organiser_id.expect("organiser"), 100).await.expect("list");
    assert!(rows.iter().all(|r| r.status == MailStatus::Sent && r.attempts == 1));
});

on_both_databases!(a_temporary_refusal_queues_the_mail_again, |app: TestApp| async move {
    let smtp = SmtpListener::start(Reply::RejectData("451 4.3.0 Probeer later opnieuw")).await;
    let id = store::mail::enqueue(&app.db, &kempen_mail(&app).await, later()).await.expect("enqueue");
    let clock = FixedClock::new(later());

    assert_eq!(drain_once(&app.db, &smtp_mailer(smtp.port), &clock).await.expect("drain"), 1);
    let row = entry(&app, id).await;
    assert_eq!(row.status, MailStatus::Queued);
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("451")), "{:?}", row.last_error);
    assert!(row.next_attempt_at > later(), "retried later, not at once");
    assert_eq!(row.sent_at, None);
    assert!(smtp.received().is_empty());
    // Not due yet: nothing is sent before the back-off is over.
    assert_eq!(drain_once(&app.db, &smtp_mailer(smtp.port), &clock).await.expect("drain"), 0);

    // Once the server is back and the wait is over, the mail goes out.
    let working = SmtpListener::start(Reply::Accept).await;
    clock.set(row.next_attempt_at);
    assert_eq!(drain_once(&app.db, &smtp_mailer(working.port), &clock).await.expect("drain"), 1);
    assert_eq!(working.received().len(), 1);
    let row = entry(&app, id).await;
    assert_eq!((row.status, row.attempts), (MailStatus::Sent, 2));
});

on_both_databases!(an_unreachable_server_or_a_permanent_refusal_is_recorded, |app: TestApp| async move {
    // Nobody listens on a port that was just freed.
    let closed_port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let mail = kempen_mail(&app).await;
    let id = store::mail::enqueue(&app.db, &mail, later()).await.expect("enqueue");
    let clock = FixedClock::new(later());
    assert_eq!(drain_once(&app.db, &smtp_mailer(closed_port), &clock).await.expect("drain"), 1);
    let row = entry(&app, id).await;
    assert_eq!((row.status, row.attempts), (MailStatus::Queued, 1));
    assert!(row.last_error.is_some() && row.next_attempt_at > later());

    // 5xx: trying again cannot help, so the mail fails at once, visibly.
    let smtp = SmtpListener::start(Reply::RejectRecipient("550 5.1.1 Onbekende ontvanger")).await;
    clock.set(row.next_attempt_at);
    assert_eq!(drain_once(&app.db, &smtp_mailer(smtp.port), &clock).await.expect("drain"), 1);
    let row = entry(&app, id).await;
    assert_eq!((row.status, row.attempts), (MailStatus::Failed, 2));
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("550")), "{:?}", row.last_error);
    let listed =
        store::mail::list_for_organiser(&app.db, mail.organiser_id.expect("organiser"), 10).await.expect("list");
    assert!(listed.iter().any(|e| e.id == id && e.status == MailStatus::Failed), "staff see the failure");
});

on_both_databases!(without_smtp_mails_go_to_the_file_outbox, |app: TestApp| async move {
    let dir = tempfile::tempdir().expect("temp dir");
    let outbox = dir.path().join("data").join("outbox");
    let mailer = Mailer::new(&from_env_values(None, None, outbox.clone()).expect("settings")).expect("mailer");
    let mail = OutgoingMail {
        organiser_id: None,
        to: Email::parse("an.peeters@ocmw-geel.test").expect("valid"),
        to_name: None,
        subject: "Je aanmeldlink voor Leernet".to_string(),
        text_body: "Dag An, je link staat klaar.".to_string(),
        html_body: "<p>Dag An, je link staat klaar.</p>".to_string(),
        attachments: Vec::new(),
    };
    let id = store::mail::enqueue(&app.db, &mail, later()).await.expect("enqueue");
    assert_eq!(drain_once(&app.db, &mailer, &FixedClock::new(later())).await.expect("drain"), 1);

    let files: Vec<PathBuf> =
        std::fs::read_dir(&outbox).expect("outbox created").map(|e| e.expect("entry").path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let message = Mime::parse(&std::fs::read_to_string(&files[0]).expect("readable"));
    assert_eq!(message.header("To").as_deref(), Some("an.peeters@ocmw-geel.test"));
    assert_eq!(message.header("From").as_deref(), Some("Leernet <no-reply@leernet.test>"));
    assert_eq!(message.header("Subject").as_deref(), Some("Je aanmeldlink voor Leernet"));
    assert_eq!(message.header("Reply-To"), None);
    assert!(message.parts().iter().any(|p| p.body().contains("Dag An, je link staat klaar.")));
    assert_eq!(entry(&app, id).await.status, MailStatus::Sent);
    assert_eq!(store::mail::list_platform(&app.db, 10).await.expect("list").len(), 1);
});

on_both_databases!(the_worker_sends_when_woken_and_stops_on_shutdown, |app: TestApp| async move {
    let smtp = SmtpListener::start(Reply::Accept).await;
    let clock = Arc::new(FixedClock::new(later()));
    let wake = Arc::new(tokio::sync::Notify::new());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(server::mail::run_worker(
        app.db.clone(),
        Arc::new(smtp_mailer(smtp.port)),
        clock.clone(),
        wake.clone(),
        stopped,
    ));
    let id = store::mail::enqueue(&app.db, &kempen_mail(&app).await, later()).await.expect("enqueue");
    wake.notify_one();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while entry(&app, id).await.status != MailStatus::Sent {
        assert!(std::time::Instant::now() < deadline, "the worker sent nothing");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(smtp.received().len(), 1);
    stop.send(true).expect("worker listens");
    tokio::time::timeout(std::time::Duration::from_secs(5), worker).await.expect("worker stops").expect("no panic");
});

// ---------------------------------------------------------------------------
// A minimal SMTP server (RFC 5321): enough for one client at a time.

#[derive(Clone, Copy)]
enum Reply {
    Accept,
    RejectRecipient(&'static str),
    RejectData(&'static str),
}

#[derive(Debug, Clone)]
struct Received {
    mail_from: String,
    rcpt_to: Vec<String>,
    /// The message as sent after DATA, dot-stuffing undone, CRLF line ends.
    data: String,
}

struct SmtpListener {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpListener {
    async fn start(reply: Reply) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP listener");
        let port = listener.local_addr().expect("addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = serve(socket, reply, store).await;
                });
            }
        });
        SmtpListener { port, received, task }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }
}

async fn serve(socket: tokio::net::TcpStream, reply: Reply, store: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 smtp.test ESMTP klaar\r\n").await?;
    let (mut mail_from, mut rcpt_to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let verb = command.split(' ').next().unwrap_or_default().to_ascii_uppercase();
        let answer: String = match verb.as_str() {
            "EHLO" => "250-smtp.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n".into(),
            "HELO" => "250 smtp.test\r\n".into(),
            "MAIL" => {
                mail_from = argument(&command);
                rcpt_to.clear();
                "250 2.1.0 OK\r\n".into()
            }
            "RCPT" => match reply {
                Reply::RejectRecipient(answer) => format!("{answer}\r\n"),
                _ => {
                    rcpt_to.push(argument(&command));
                    "250 2.1.5 OK\r\n".into()
                }
            },
            "DATA" => match reply {
                Reply::RejectData(answer) => format!("{answer}\r\n"),
                _ => {
                    write.write_all(b"354 Start mail input; end with <CRLF>.<CRLF>\r\n").await?;
                    let mut data = String::new();
                    loop {
                        let mut line = String::new();
                        if lines.read_line(&mut line).await? == 0 {
                            return Ok(());
                        }
                        if line == ".\r\n" {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    }
                    store.lock().expect("not poisoned").push(Received {
                        mail_from: mail_from.clone(),
                        rcpt_to: rcpt_to.clone(),
                        data,
                    });
                    "250 2.0.0 Queued\r\n".into()
                }
            },
            "RSET" | "NOOP" => "250 2.0.0 OK\r\n".into(),
            "QUIT" => {
                write.write_all(b"221 2.0.0 Dag\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.2 Command not implemented\r\n".into(),
        };
        write.write_all(answer.as_bytes()).await?;
    }
}

/// `<a@b>` from `MAIL FROM:<a@b> BODY=8BITMIME`.
fn argument(command: &str) -> String {
    let after = command.split_once(':').map(|(_, a)| a.trim()).unwrap_or_default();
    after.split(' ').next().unwrap_or_default().to_string()
}

// ---------------------------------------------------------------------------
// Just enough MIME reading (RFC 2045–2047) to check what arrived.

struct Mime {
    headers: Vec<(String, String)>,
    body: String,
}

impl Mime {
    fn parse(raw: &str) -> Mime {
        let raw = raw.replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().expect("folded line follows a header");
                last.1.push_str(line);
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.to_string(), value.trim().to_string()));
            }
        }
        Mime { headers, body: body.to_string() }
    }

    fn raw_header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    }

    fn header(&self, name: &str) -> Option<String> {
        self.raw_header(name).map(|v| decode_words(&v))
    }

    fn parts(&self) -> Vec<Mime> {
        let content_type = self.raw_header("Content-Type").unwrap_or_default();
        let boundary = content_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))
            .map(|b| b.trim_matches('"').to_string())
            .expect("multipart has a boundary");
        let delimiter = format!("--{boundary}");
        self.body
            .split(&delimiter)
            .skip(1)
            .take_while(|p| !p.starts_with("--"))
            .map(|p| Mime::parse(p.strip_prefix('\n').unwrap_or(p)))
            .collect()
    }

    /// The decoded body, with CRLF line ends.
    fn body(&self) -> String {
        let encoding = self.raw_header("Content-Transfer-Encoding").unwrap_or_default().to_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => base64(&self.body.replace(['\n', ' '], "")),
            "quoted-printable" => quoted_printable(&self.body),
            _ => self.body.clone().into_bytes(),
        };
        String::from_utf8(bytes).expect("UTF-8 body").replace("\r\n", "\n").replace('\n', "\r\n")
    }
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`), dropping the space between two.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut previous_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, from) = rest.split_at(start);
        let parts: Vec<&str> = from[2..].splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else { break };
        if !(previous_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let text = &parts[2][..end];
        let bytes = match parts[1].to_ascii_lowercase().as_str() {
            "b" => base64(text),
            "q" => quoted_printable(&text.replace('_', " ")),
            other => panic!("unknown encoding {other}"),
        };
        out.push_str(&String::from_utf8(bytes).expect("UTF-8 word"));
        rest = &parts[2][end + 2..];
        previous_was_word = true;
    }
    out.push_str(rest);
    out
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let value = ALPHABET.iter().position(|a| *a == c).unwrap_or_else(|| panic!("not base64: {c}")) as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' if bytes.get(i + 1) == Some(&b'\r') => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}
