//! Garbage at every door: each form route, server function, page and API
//! call of the isolation table gets random bytes, invalid UTF-8, huge
//! fields, the wrong content type and broken multipart bodies, sent with
//! Kempen's admin's session, form token and API token so that the garbage
//! gets past the guards and reaches the parsers. Nothing answers 5xx or
//! drops the connection, and the API answers every refusal as problem JSON.

use super::*;

/// Deterministic noise (xorshift64), so that a failure replays the same way.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// Text with a bit of everything: ASCII, accents, emoji, separators.
    fn text(&mut self, len: usize) -> String {
        const PIECES: [&str; 12] = ["a", "Z", "9", " ", "é", "€", "😀", ";", "&", "=", "%", "\u{feff}"];
        (0..len).map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize]).collect()
    }
}

const FORM: &str = "application/x-www-form-urlencoded";
const BOUNDARY: &str = "leernet-garbage-boundary";

/// `name=value&…` with the values as raw bytes (invalid UTF-8 stays invalid).
fn urlencoded(pairs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend(form_urlencoded::byte_serialize(name.as_bytes()).flat_map(str::bytes));
        out.push(b'=');
        out.extend(form_urlencoded::byte_serialize(value).flat_map(str::bytes));
    }
    out
}

/// A well-formed multipart body with these fields; `bestand` is sent as a file.
fn multipart(pairs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in pairs {
        out.extend(format!("--{BOUNDARY}\r\n").bytes());
        if *name == "bestand" {
            out.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    .bytes(),
            );
        } else {
            out.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes());
        }
        out.extend(value);
        out.extend(b"\r\n");
    }
    out.extend(format!("--{BOUNDARY}--\r\n").bytes());
    out
}

/// A CODA statement whose movement carries text where the structured
/// communication's twelve digits belong (the bank-statement bug).
fn coda_with_text_in_the_communication() -> String {
    let pad = |s: String| format!("{s:<128}");
    let movement = format!(
        "2100010000{:<21}0{:015}261126{:<8}1101{:<50}261126{:03}00 0",
        "REF1", 10_000, "00150000", "1éééééé €😀", 1
    );
    let movement: String = movement.chars().take(128).collect();
    assert_eq!(movement.chars().count(), 128, "{movement}");
    [
        pad("0000026112672500        00000000000CAW DE KEMPEN             BBRUBEBB   00000000000 00000 2".into()),
        pad("12012BE68539007547034                  EUR0000000000000000251126CAW DE KEMPEN".into()),
        movement,
        pad("8012BE68539007547034".into()),
        pad("9".into()),
    ]
    .join("\n")
}

/// Every garbage body for a form with these (valid) fields: (content type, body).
fn form_bodies(valid: &Fields, csrf: &str, noise: &mut Noise) -> Vec<(String, Vec<u8>)> {
    let token = ("csrf", csrf.as_bytes().to_vec());
    let names: Vec<&str> = valid.iter().map(|(k, _)| *k).chain(["naam", "afschrift", "bestand"]).collect();
    let each = |value: &dyn Fn(usize) -> Vec<u8>| -> Vec<(&str, Vec<u8>)> {
        std::iter::once(token.clone()).chain(names.iter().enumerate().map(|(i, n)| (*n, value(i)))).collect()
    };
    let invalid_utf8 = each(&|i| [b"\xff\xfe".as_slice(), b"\xc3\x28", &i.to_le_bytes()].concat());
    let long = noise.text(3_000).into_bytes();
    let long_values = each(&|_| long.clone());
    let numbers =
        each(&|i| ["-1", "0", "99999999999999999999", "1e400", "NaN", "-0,001", "31/02/2027", "25:61"][i % 8].into());
    let random = noise.bytes(2_000);
    let mut csrf_then_random = format!("csrf={csrf}&").into_bytes();
    csrf_then_random.extend(noise.bytes(1_000));
    let mut coda = each(&|_| Vec::new());
    coda.retain(|(name, _)| *name == "csrf");
    coda.push(("afschrift", coda_with_text_in_the_communication().into_bytes()));
    let multipart_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let mut file = noise.bytes(3_000);
    file.extend(b"\nnaam;soort\n\"\xff\xfe;;;\r\n");
    let with_file: Vec<(&str, Vec<u8>)> =
        vec![token.clone(), ("naam", noise.bytes(50)), ("bestand", file), ("afschrift", noise.bytes(200))];
    let json = serde_json::to_vec(&serde_json::json!({ "csrf": csrf, "naam": noise.text(20) })).unwrap();
    vec![
        (FORM.into(), Vec::new()),
        (FORM.into(), random.clone()),
        (FORM.into(), csrf_then_random),
        (FORM.into(), urlencoded(&invalid_utf8)),
        (FORM.into(), urlencoded(&long_values)),
        (FORM.into(), urlencoded(&numbers)),
        (FORM.into(), urlencoded(&coda)),
        // Beyond every form's body limit.
        (FORM.into(), urlencoded(&[token.clone(), ("naam", vec![b'a'; 5 * 1024 * 1024])])),
        ("application/json".into(), json),
        ("text/plain; charset=utf-8".into(), random.clone()),
        ("multipart/form-data".into(), random.clone()),
        (multipart_type.clone(), random),
        (multipart_type.clone(), multipart(&with_file)),
        (multipart_type, multipart(&coda)),
        ("garbage/x; charset=\"é".into(), b"csrf=x".to_vec()),
        ("multipart/form-data; boundary=".into(), b"--\r\n\r\n--".to_vec()),
    ]
}

/// Garbage for the API's JSON bodies.
fn api_bodies(noise: &mut Noise) -> Vec<(String, Vec<u8>)> {
    let json = |v: serde_json::Value| serde_json::to_vec(&v).unwrap();
    let attendee = |name: serde_json::Value, email: serde_json::Value| serde_json::json!({ "name": name, "email": email, "organisation": "OCMW Geel" });
    let registration = |attendees: serde_json::Value, payment: serde_json::Value| {
        serde_json::json!({
            "ticket_type": 1,
            "attendees": attendees,
            "booker": { "name": "An", "email": "an@example.test" },
            "payment": payment,
        })
    };
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    let a = "application/json".to_string();
    vec![
        (a.clone(), Vec::new()),
        (a.clone(), noise.bytes(2_000)),
        (a.clone(), b"{\"ticket_type\": \"\xff\xfe\"}".to_vec()),
        (a.clone(), deep.into_bytes()),
        (a.clone(), b"{\"ticket_type\": 1e400}".to_vec()),
        (a.clone(), json(serde_json::json!({ "ticket_type": 99999999999i64 }))),
        (a.clone(), json(serde_json::json!([1, 2, 3]))),
        (a.clone(), json(serde_json::json!(null))),
        (a.clone(), json(registration(serde_json::json!([]), serde_json::json!("free")))),
        (a.clone(), json(registration(serde_json::json!("everyone"), serde_json::json!({ "invoice": 7 })))),
        (
            a.clone(),
            json(registration(
                serde_json::json!([attendee(noise.text(5_000).into(), noise.text(300).into())]),
                serde_json::json!({ "invoice": { "organisation": noise.text(3000), "enterprise_number": "é", "po_reference": "😀" } }),
            )),
        ),
        (
            a.clone(),
            json(registration(
                serde_json::json!(
                    (0..200)
                        .map(|i| attendee(format!("P{i}").into(), format!("p{i}@x.test").into()))
                        .collect::<Vec<_>>()
                ),
                serde_json::json!("free"),
            )),
        ),
        (
            a.clone(),
            json(serde_json::json!({
                "ticket_type": -1,
                "attendees": [{ "name": "A", "email": "a@x.test", "organisation": -5, "answers": { "4294967295": "é" } }],
                "booker": { "name": "", "email": "" },
                "payment": "online",
                "expected_total_cents": i64::MIN,
                "group": { "participants": 4294967295u32, "dates": ["é", "2027-02-30", "99999-01-01"] },
            })),
        ),
        // Beyond the body limit.
        (a.clone(), json(serde_json::json!({ "attendees": "x".repeat(200_000) }))),
        ("application/problem+json".into(), b"{".to_vec()),
        ("text/plain".into(), b"{}".to_vec()),
        ("application/x-www-form-urlencoded".into(), b"ticket_type=1".to_vec()),
        ("".into(), noise.bytes(100)),
    ]
}

struct Sent {
    what: String,
    status: Option<u16>,
    content_type: String,
}

async fn fire(
    app: &TestApp,
    method: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> Sent {
    let url = format!("{}{path}", app.address);
    let mut request = match method {
        "GET" => app.client.get(&url),
        "DELETE" => app.client.delete(&url),
        _ => app.client.post(&url),
    };
    if !content_type.is_empty() {
        request = request.header("content-type", content_type);
    }
    for (name, value) in headers {
        // As bytes: a header may carry text that is not ASCII.
        match reqwest::header::HeaderValue::from_bytes(value.as_bytes()) {
            Ok(value) => request = request.header(*name, value),
            Err(e) => panic!("{name}: {value:?} cannot be sent: {e}"),
        }
    }
    let len = body.len();
    let what = format!("{method} {path} ({content_type}, {len} bytes)");
    match request.body(body).send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let content_type =
                response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            // Read the whole answer: a handler that panics mid-stream shows here.
            match response.bytes().await {
                Ok(_) => Sent { what, status: Some(status), content_type },
                Err(e) => Sent { what: format!("{what}: body cut off: {e}"), status: None, content_type },
            }
        }
        Err(e) => Sent { what: format!("{what}: {e}"), status: None, content_type: String::new() },
    }
}

/// Routes whose success would end the session the rest of the test uses.
fn ends_the_session(path: &str) -> bool {
    matches!(path, "/afmelden" | "/mijn/verwijderen" | "/api/account/erase")
}

on_both_databases!(garbage_gets_a_4xx_never_a_5xx, |app: TestApp| async move {
    let (kempen, nwvl) = (organiser_id(&app, KEMPEN).await, organiser_id(&app, NWVL).await);
    let targets = targets(&app, kempen, nwvl).await;
    let table = cases(&targets);
    let cookie = sign_in(&app, KempenAdmin.email().unwrap()).await;
    let csrf = csrf_of_session(&app, &cookie).await;
    let session = [("cookie", cookie.as_str())];
    let bearer = format!("Bearer {}", targets.kempen_secret);
    let mut noise = Noise(0x5eed_1eef_2026_1207);
    let mut failures = Vec::new();
    let mut sent = 0;
    let mut check = |answer: Sent, problem_json: bool| {
        sent += 1;
        match answer.status {
            Some(status) if status < 500 => {
                if problem_json && status >= 400 && answer.content_type != "application/problem+json" {
                    failures.push(format!("{}: {status} as {:?}, not problem JSON", answer.what, answer.content_type));
                }
            }
            Some(status) => failures.push(format!("{}: {status}", answer.what)),
            None => failures.push(answer.what),
        }
    };

    // The API first (a form below may revoke its token).
    let mut api_calls: Vec<(&'static str, String)> = table
        .iter()
        .filter_map(|c| match c.send {
            Send::Api(method, _) => Some((method, c.path.clone())),
            _ => None,
        })
        .collect();
    let (live, registration) = (targets.live, targets.registration);
    for odd in ["0", "-1", "99999999999999999999", "%FF", "%C3%28", "1e3", "%F0%9F%98%80"] {
        api_calls.push(("GET", format!("/api/v1/events/{odd}")));
        api_calls.push(("GET", format!("/api/v1/events/{odd}/registrations")));
        api_calls.push(("POST", format!("/api/v1/events/{odd}/registrations")));
        api_calls.push(("DELETE", format!("/api/v1/registrations/{odd}")));
    }
    for query in ["limit=0", "limit=%FF", "limit=99999999999999999999", "cursor=-1", "status=%C3%28", "x=1&&&==", "%"] {
        api_calls.push(("GET", format!("/api/v1/events/{live}/registrations?{query}")));
        api_calls.push(("GET", format!("/api/v1/events?{query}")));
    }
    for query in ["kind=%FF", "month=9999-99", "month=2027-13", "q=%00", "organiser=%C3%28", "price=", "theme=A%20B"] {
        api_calls.push(("GET", format!("/api/v1/events?{query}")));
    }
    api_calls.sort();
    api_calls.dedup();
    let bodies = api_bodies(&mut noise);
    for (method, path) in &api_calls {
        let auth = [("authorization", bearer.as_str())];
        check(fire(&app, method, path, "", Vec::new(), &auth).await, true);
        if *method == "POST" {
            for (content_type, body) in &bodies {
                check(fire(&app, method, path, content_type, body.clone(), &auth).await, true);
            }
            let keys = [("authorization", bearer.as_str()), ("idempotency-key", "é😀")];
            check(fire(&app, method, path, "application/json", b"{}".to_vec(), &keys).await, true);
        }
        for authorization in ["Bearer", "Bearer lnt_é", "Basic Zm9vOmJhcg==", &format!("Bearer {}", "é".repeat(5000))]
        {
            check(fire(&app, method, path, "", Vec::new(), &[("authorization", authorization)]).await, true);
        }
    }
    // A registration the API cancels twice: once, then 409.
    let cancel = format!("/api/v1/registrations/{registration}");
    check(fire(&app, "DELETE", &cancel, "", Vec::new(), &[("authorization", bearer.as_str())]).await, true);

    // Every form post and server function, then every page with a nonsense query.
    let mut posts: Vec<(String, Fields)> = table
        .iter()
        .filter(|c| !c.path.contains(NWVL) && !ends_the_session(&c.path))
        .filter_map(|c| match &c.send {
            Send::Form(fields) | Send::Function(fields) => Some((c.path.clone(), fields.clone())),
            Send::FunctionJson(_) => Some((c.path.clone(), Vec::new())),
            _ => None,
        })
        .collect();
    posts.sort_by(|a, b| a.0.cmp(&b.0));
    posts.dedup_by(|a, b| a.0 == b.0);
    assert!(posts.len() >= 30, "form routes and server functions: {}", posts.len());
    for (path, fields) in &posts {
        for (content_type, body) in form_bodies(fields, &csrf, &mut noise) {
            check(fire(&app, "POST", path, &content_type, body, &session).await, false);
        }
    }
    // The bank-statement bug: text where the structured communication belongs gets the preview.
    let coda =
        urlencoded(&[("csrf", csrf.as_bytes().to_vec()), ("afschrift", coda_with_text_in_the_communication().into())]);
    let statement = fire(&app, "POST", &format!("/beheer/{KEMPEN}/facturen/bankafschrift"), FORM, coda, &session).await;
    assert_eq!(statement.status, Some(200), "{}", statement.what);
    let mut pages: Vec<String> = table
        .iter()
        .filter(|c| matches!(c.send, Send::Get) && !c.path.contains("/api/v1"))
        .map(|c| c.path.split('?').next().unwrap_or_default().to_string())
        .collect();
    pages.sort();
    pages.dedup();
    for page in &pages {
        let query =
            "?zoek=%FF%FE&maand=9999-99&jaar=-1&pagina=99999999999999999999&soort=%C3%28&melding=%F0%9F%98%80&aantal=é";
        check(fire(&app, "GET", &format!("{page}{query}"), "", Vec::new(), &session).await, false);
    }
    assert!(sent > 500, "only {sent} requests sent");
    assert!(failures.is_empty(), "{} of {sent} garbage requests failed:\n{}", failures.len(), failures.join("\n"));
});
