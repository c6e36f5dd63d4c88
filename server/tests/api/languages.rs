//! Languages: the browser's `Accept-Language` on a first visit, the
//! switcher's choice (a cookie) after that, in the page and its headers.

use crate::helpers::TestApp;
use crate::on_both_databases;

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (String, String, String) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let language = response.headers()["content-language"].to_str().unwrap().to_string();
    let vary = response.headers().get_all("vary").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    (language, vary, response.text().await.unwrap())
}

on_both_databases!(the_browser_language_then_the_chosen_one, |app: TestApp| async move {
    // Dutch by default.
    let (language, vary, body) = page(&app, "/", &[]).await;
    assert_eq!(language, "nl");
    assert!(vary.contains("Accept-Language"), "{vary}");
    assert!(body.contains("<html lang=\"nl\"") && body.contains("Toon aanbod"));

    // A French browser on a first visit.
    let (language, _, body) = page(&app, "/", &[("accept-language", "fr-BE,fr;q=0.9,en;q=0.5")]).await;
    assert_eq!(language, "fr");
    assert!(body.contains("<html lang=\"fr\""));
    for text in ["Afficher l&#x27;offre", "Rechercher", "Mon compte", "Données ouvertes (API)"] {
        assert!(body.contains(text) || body.contains(&text.replace("&#x27;", "'")), "{text}");
    }
    assert!(!body.contains("Toon aanbod"));
    // The cards too: kinds, dates, seats.
    for text in ["Quand :", "Formation", "Complet – liste d", "Tous les mois"] {
        assert!(body.contains(text), "{text}");
    }
    assert!(!body.contains("Wanneer:") && !body.contains("Volzet"));
    // A language we do not have: Dutch.
    let (language, _, _) = page(&app, "/", &[("accept-language", "de-DE,de;q=0.9")]).await;
    assert_eq!(language, "nl");

    // The switcher: a plain form post that remembers the choice and goes back.
    let chosen = app.post_form("/taal", &[("taal", "en"), ("terug", "/regio/biz-kempen?soort=vorming")], &[]).await;
    assert_eq!((chosen.status, chosen.location.as_str()), (303, "/regio/biz-kempen?soort=vorming"));
    let cookie = chosen.set_cookie.iter().find(|c| c.starts_with("leernet_lang=en")).expect("a language cookie");
    assert!(cookie.contains("Path=/") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age="), "{cookie}");
    // The choice wins over the browser.
    let (language, _, body) =
        page(&app, "/regio/biz-kempen", &[("cookie", "leernet_lang=en"), ("accept-language", "fr-BE")]).await;
    assert_eq!(language, "en");
    assert!(body.contains("<html lang=\"en\"") && body.contains("Show programme"));
    assert!(body.contains("aria-pressed=\"true\"") && body.contains(">English<"), "the switcher shows the choice");

    // Nothing leads elsewhere, and nonsense changes nothing.
    let away = app.post_form("/taal", &[("taal", "fr"), ("terug", "//evil.test/")], &[]).await;
    assert_eq!(away.location, "/");
    let unknown = app.post_form("/taal", &[("taal", "xx"), ("terug", "/regio")], &[]).await;
    assert_eq!((unknown.location.as_str(), unknown.set_cookie.len()), ("/regio", 0));
    let elsewhere = app.post_form("/taal", &[("taal", "fr")], &[("origin", "https://evil.test")]).await;
    assert_eq!(elsewhere.status, 403);
});

on_both_databases!(the_event_page_and_registration_form_in_french, |app: TestApp| async move {
    let (path, _, _, _) = crate::registration::open_event(&app, "Vorming huurachterstallen", Some(20)).await;
    let french = [("cookie", "leernet_lang=fr")];
    let (language, _, event) = page(&app, &path, &french).await;
    assert_eq!(language, "fr");
    for text in
        ["À propos de cette activité", "Infos pratiques", "Quand", "Pour qui", "Ouvert à tous", "S&#x27;inscrire"]
    {
        assert!(event.contains(text) || event.contains(&text.replace("&#x27;", "'")), "{text}");
    }
    assert!(!event.contains("Over deze activiteit") && !event.contains("Praktisch"));

    let (_, _, form) = page(&app, &format!("{path}/inschrijven"), &french).await;
    for text in ["Qui vient ?", "Adresse e-mail", "Vos coordonnées", "Votre nom"] {
        assert!(form.contains(text), "{text}");
    }
    assert!(!form.contains("Wie komt er?") && !form.contains("Jouw gegevens"));
});

on_both_databases!(a_refused_registration_in_english_says_why_in_english, |app: TestApp| async move {
    let (path, _, ticket, partner) = crate::registration::open_event(&app, "Vorming huurachterstallen", Some(20)).await;
    let mut fields = crate::registration::one_attendee(ticket, partner, "Ann Peters", "ann.peters@ocmw-geel.test");
    fields.retain(|(k, _)| k != "toestemming");
    fields.iter_mut().filter(|(k, _)| k == "deelnemer-0-email").for_each(|(_, v)| *v = "not-an-address".into());
    let refused = app
        .post_form(
            &format!("{path}/inschrijven"),
            &crate::registration::pairs(&fields),
            &[("cookie", "leernet_lang=en")],
        )
        .await;
    assert_eq!(refused.status, 422);
    let body = &refused.body;
    assert!(body.contains("<html lang=\"en\""));
    assert!(body.contains("Confirm that the participants know their details are used for this."));
    assert!(body.contains("an email address looks like name@organisation.be"));
    assert!(body.contains("2 fields need your attention"));
    // Next to its field: the message's id is what the field points at.
    assert!(body.contains("id=\"deelnemer-0-email-error\" class=\"field-error\">an email address looks like"));
    assert!(body.contains("aria-describedby=\"deelnemer-0-email-error\""));
    assert!(!body.contains("Bevestig dat de deelnemers weten") && !body.contains("ziet eruit als"));
    assert!(body.contains("Ann Peters"), "what was typed stays");
});

/// The newest mail to `to` in the outbox.
async fn mail_to(app: &TestApp, to: &str) -> store::entities::mail_outbox::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use store::entities::mail_outbox;
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(to))
        .order_by_desc(mail_outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a mail to {to}"))
}

on_both_databases!(a_registration_is_confirmed_in_the_language_it_was_made_in, |app: TestApp| async move {
    let (path, _, ticket, partner) = crate::registration::open_event(&app, "Vorming huurachterstallen", Some(20)).await;
    let register = |name: &'static str, email: &'static str, cookie: &'static str| {
        let fields = crate::registration::one_attendee(ticket, partner, name, email);
        let path = format!("{path}/inschrijven");
        let app = &app;
        async move {
            let headers: Vec<(&str, &str)> = if cookie.is_empty() { vec![] } else { vec![("cookie", cookie)] };
            let done = app.post_form(&path, &crate::registration::pairs(&fields), &headers).await;
            assert_eq!(done.status, 303, "{}", done.body);
        }
    };
    register("Sophie Lambert", "sophie.lambert@cpas-mons.test", "leernet_lang=fr").await;
    register("An Peeters", "an.peeters@ocmw-geel.test", "").await;

    let french = mail_to(&app, "sophie.lambert@cpas-mons.test").await;
    assert_eq!(french.subject, "Inscription confirmée : Vorming huurachterstallen");
    for text in [
        "Bonjour Sophie Lambert,",
        "Vous êtes inscrit·e à « Vorming huurachterstallen »",
        "Mon ticket",
        "Bien cordialement,",
    ] {
        assert!(french.text_body.contains(text), "{text} in {}", french.text_body);
    }
    assert!(
        french.html_body.contains("<html lang=\"fr\"") && french.html_body.contains("alt=\"Code QR de votre ticket\"")
    );
    assert!(french.attachments.as_deref().is_some_and(|a| a.contains("inscription.ics")));
    assert!(!french.text_body.contains("Beste") && !french.text_body.contains("Met vriendelijke groeten"));

    let dutch = mail_to(&app, "an.peeters@ocmw-geel.test").await;
    assert_eq!(dutch.subject, "Ingeschreven: Vorming huurachterstallen");
    assert!(dutch.text_body.contains("Beste An Peeters,") && dutch.text_body.contains("Met vriendelijke groeten,"));
    assert!(dutch.html_body.contains("<html lang=\"nl\""));

    // Cancelling later, on her ticket page, is answered in French too (whatever the page's language then).
    let start = french.text_body.find("/ticket/").expect("ticket link");
    let ticket_path: String = french.text_body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    let cancelled = app.post_form(&format!("{ticket_path}/afmelden"), &[], &[]).await;
    assert_eq!(cancelled.status, 303);
    let notice = mail_to(&app, "sophie.lambert@cpas-mons.test").await;
    assert_eq!(notice.subject, "Désinscription : Vorming huurachterstallen");
    assert!(notice.text_body.contains("Vous vous êtes désinscrit·e"));
});

/// An invoice (not a credit note) of `slug`'s from the demo data.
async fn an_invoice_of(app: &TestApp, slug: &str) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use store::entities::{invoice, organiser};
    let o = organiser::Entity::find().filter(organiser::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap();
    invoice::Entity::find()
        .filter(invoice::Column::OrganiserId.eq(o.id))
        .filter(invoice::Column::DocumentKind.eq("invoice"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo data has invoices")
        .id
}

on_both_databases!(the_invoices_pages_and_the_pdf_in_french_and_english, |app: TestApp| async move {
    let hanne = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let id = an_invoice_of(&app, "biz-kempen").await;
    let french = format!("{hanne}; leernet_lang=fr");
    let english = format!("{hanne}; leernet_lang=en");

    let list = app.get_with_cookie("/beheer/biz-kempen/facturen", &french).await;
    assert_eq!(list.status, 200);
    for text in ["<html lang=\"fr\"", "Factures", "Importer un relevé bancaire", "Toutes", "Payées", "Client"] {
        assert!(list.body.contains(text), "{text}");
    }
    assert!(!list.body.contains("Bankafschrift inlezen") && !list.body.contains("Mededeling"));
    let list = app.get_with_cookie("/beheer/biz-kempen/facturen", &english).await;
    for text in ["<html lang=\"en\"", "Invoices", "Import bank statement", "Customer", "Communication"] {
        assert!(list.body.contains(text), "{text}");
    }
    assert!(!list.body.contains("Bankafschrift inlezen") && !list.body.contains("Klant"));

    let detail = app.get_with_cookie(&format!("/beheer/biz-kempen/facturen/{id}"), &french).await;
    assert_eq!(detail.status, 200);
    for text in ["Facture ", "Télécharger le PDF", "Notre référence", "Prix unitaire", "Total HTVA"] {
        assert!(detail.body.contains(text), "{text}");
    }
    assert!(!detail.body.contains("PDF downloaden") && !detail.body.contains("Onze referentie"));
    let detail = app.get_with_cookie(&format!("/beheer/biz-kempen/facturen/{id}"), &english).await;
    for text in ["Invoice ", "Download PDF", "Our reference", "Unit price", "Total excl. VAT"] {
        assert!(detail.body.contains(text), "{text}");
    }

    let statement = app.get_with_cookie("/beheer/biz-kempen/facturen/bankafschrift", &french).await;
    assert!(statement.body.contains("Fichier (CODA ou CSV)") && statement.body.contains("Ou collez le contenu ici"));

    // The PDF follows the reader's language (plain ASCII labels are literal strings in the PDF).
    let pdf = |cookie: String| {
        let app = &app;
        async move { app.get_with_cookie(&format!("/beheer/biz-kempen/facturen/{id}/pdf"), &cookie).await }
    };
    let dutch = pdf(hanne.clone()).await;
    assert!(dutch.body.starts_with("%PDF-") && dutch.body.contains("(Factuurdatum)"));
    let in_french = pdf(french.clone()).await;
    assert_eq!((in_french.status, in_french.content_type.as_str()), (200, "application/pdf"));
    assert!(in_french.body.contains("(Date de facture)"), "a French label");
    assert!(!in_french.body.contains("(Factuurdatum)"));
    let in_english = pdf(english.clone()).await;
    assert!(in_english.body.contains("(Invoice date)") && in_english.body.contains("(Payment)"));
});

on_both_databases!(the_online_payments_page_in_french_and_english, |app: TestApp| async move {
    let hanne = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let page = app.get_with_cookie("/beheer/biz-kempen/betalingen", &format!("{hanne}; leernet_lang=fr")).await;
    assert_eq!(page.status, 200);
    for text in ["<html lang=\"fr\"", "Paiements en ligne", "Ce qui a été payé et remboursé en ligne", "À vérifier"]
    {
        assert!(page.body.contains(text), "{text}");
    }
    assert!(!page.body.contains("Online betalingen") && !page.body.contains("Te controleren"));
    let page = app.get_with_cookie("/beheer/biz-kempen/betalingen", &format!("{hanne}; leernet_lang=en")).await;
    for text in ["<html lang=\"en\"", "Online payments", "What was paid and refunded online", "To check"] {
        assert!(page.body.contains(text), "{text}");
    }
    assert!(!page.body.contains("Online betalingen") && !page.body.contains("Te controleren"));
});

// The back office, page by page, in French and in English: headings, labels,
// the audit log, a refused form and the invitation mail follow the reader.
on_both_databases!(the_back_office_speaks_french_and_english, |app: TestApp| async move {
    let session = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let french = format!("{session}; leernet_lang=fr");
    let english = format!("{session}; leernet_lang=en");
    let pages: [(&str, &[&str], &[&str]); 8] = [
        (
            "/beheer/biz-kempen/activiteiten/nieuw",
            &[
                "Nouvelle activité",
                "À propos de l",
                "Places et inscription",
                "Créer comme brouillon",
                "Qui peut s'inscrire",
            ],
            &["New activity", "About the activity", "Seats and registration", "Create as draft", "Who may register"],
        ),
        (
            "/beheer/biz-kempen/mensen",
            &["Personnes et rôles", "Inviter quelqu", "Envoyer l", "Administrateur"],
            &["People and roles", "Invite someone", "Send invitation", "Admin"],
        ),
        (
            "/beheer/biz-kempen/organisaties",
            &["Organisations partenaires", "Importer depuis un CSV", "Numéro d", "CPAS"],
            &["Partner organisations", "Import from CSV", "Enterprise number", "OCMW (public social welfare centre)"],
        ),
        (
            "/beheer/biz-kempen/organisaties/importeren",
            &["Importer des organisations partenaires", "Afficher l", "Fichier CSV"],
            &["Import partner organisations", "Show preview", "CSV file"],
        ),
        (
            "/beheer/biz-kempen/api",
            &["Clés API", "Nouvelle clé", "Créer la clé"],
            &["API keys", "New key", "Create key"],
        ),
        (
            "/beheer/biz-kempen/privacy",
            &["Vie privée", "Délai de conservation", "mois après la dernière séance"],
            &["Privacy", "Retention period", "months after the last session"],
        ),
        (
            "/mijn",
            &[
                "Bienvenue, Hanne",
                "Vos rôles",
                "Vers la gestion",
                "Mes données",
                "Supprimer mon compte",
                "Se déconnecter",
            ],
            &["Welcome, Hanne", "Your roles", "To the back office", "My data", "Delete my account", "Sign out"],
        ),
        ("/regio", &["Les régions BIZ"], &["The BIZ regions"]),
    ];
    let dutch = [
        "Nieuwe activiteit",
        "Mensen en rollen",
        "Importeren uit CSV",
        "Nieuwe sleutel",
        "Bewaartermijn",
        "Je rollen",
        "De BIZ-regio",
        "Voorbeeld tonen",
    ];
    for (path, fr, en) in pages {
        for (cookie, texts) in [(&french, fr), (&english, en)] {
            let page = app.get_with_cookie(path, cookie).await;
            assert_eq!(page.status, 200, "{path}");
            let body = page.body.replace("&#x27;", "'");
            for text in texts {
                assert!(body.contains(text), "{path} in {cookie}: {text}");
            }
            for text in dutch {
                assert!(!body.contains(text), "{path} in {cookie} still says {text}");
            }
        }
    }

    // A partner's edit form offers the kinds in the reader's language.
    let list = app.get_with_cookie("/beheer/biz-kempen/organisaties", &french).await;
    let rows = list.body.find("<tbody").expect("the partners table");
    let start = rows + list.body[rows..].find("href=\"/beheer/biz-kempen/organisaties/").expect("a partner link") + 6;
    let end = start + list.body[start..].find('"').unwrap();
    let partner = app.get_with_cookie(&list.body[start..end], &french).await;
    assert_eq!(partner.status, 200, "{}", &list.body[start..end]);
    assert!(partner.body.contains(">CPAS<") && partner.body.contains("Association où les pauvres prennent la parole"));
    assert!(!partner.body.contains("Vereniging waar armen het woord nemen"));

    // The audit log: the sentence in the reader's language around what was recorded.
    let event = app.insert_draft("biz-kempen", "Vorming met een logboek", true).await;
    let list = app.get_with_cookie(&format!("/beheer/biz-kempen/activiteiten/{event}/inschrijvingen"), &english).await;
    assert_eq!(list.status, 200);
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &english).await;
    assert!(dashboard.body.contains("viewed the participant list of «Vorming met een logboek»"), "{}", dashboard.body);

    // A form without its token is refused in the reader's language.
    let refused = app.post_form("/beheer/biz-kempen/api", &[("naam", "Website")], &[("cookie", &english)]).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("This form has expired"), "{}", refused.body);

    // An invitation goes out in the inviter's language.
    let page = app.get_with_cookie("/beheer/biz-kempen/mensen", &french).await;
    let csrf = crate::helpers::csrf_of(&page.body);
    let fields = [
        ("csrf", csrf.as_str()),
        ("naam", "Camille Dubois"),
        ("email", "camille.dubois@example.test"),
        ("rol", "staff"),
    ];
    let invited = app.post_form("/beheer/biz-kempen/mensen", &fields, &[("cookie", &french)]).await;
    assert_eq!(invited.status, 303, "{}", invited.body);
    let mail = mail_to(&app, "camille.dubois@example.test").await;
    assert!(mail.subject.starts_with("Invitation : ") && mail.subject.ends_with(" sur Leernet"), "{}", mail.subject);
    assert!(mail.text_body.contains("vous invite en tant que collaborateur chez"), "{}", mail.text_body);
});

/// A problem answer: its status, `Content-Language` and JSON body.
async fn problem(response: reqwest::Response) -> (u16, String, serde_json::Value) {
    let status = response.status().as_u16();
    let language = response.headers().get("content-language").map(|v| v.to_str().unwrap().to_string());
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    (status, language.unwrap_or_default(), response.json().await.unwrap())
}

// The server's own problems (too large, too many requests, not ready, timed
// out) speak the request's language and keep the RFC 9457 shape; under the
// JSON API they stay English, like the API's other problems.
#[tokio::test]
async fn the_servers_problems_speak_the_request_language() {
    use crate::helpers::{Backend, spawn_empty, spawn_empty_with};
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    let oversized = |path: &'static str, cookie: &'static str| {
        let request = app
            .client
            .post(format!("{}{path}", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(vec![b'a'; server::operations::MAX_BODY + 1]);
        async move { problem(request.send().await.unwrap()).await }
    };
    for (cookie, language, title, detail) in [
        ("leernet_lang=nl", "nl", "Verzoek te groot", "Een verzoek mag hoogstens 26 MB zijn."),
        ("leernet_lang=fr", "fr", "Requête trop volumineuse", "Une requête compte au maximum 26 Mo."),
        ("leernet_lang=en", "en", "Payload too large", "A request may be at most 26 MB."),
    ] {
        let (status, content_language, body) = oversized("/aanmelden", cookie).await;
        assert_eq!((status, content_language.as_str()), (413, language));
        assert_eq!(body["title"], title);
        assert_eq!(body["detail"], detail);
        assert_eq!(body["status"], 413);
        assert_eq!(body["type"], "https://leernet.be/problems/payload-too-large");
    }
    let (_, _, api) = oversized("/api/v1/events", "leernet_lang=fr").await;
    assert_eq!(
        (api["title"].as_str(), api["detail"].as_str()),
        (Some("Payload too large"), Some("A request may be at most 26 MB."))
    );

    // The partner import's own limit, below the server's.
    let import = app
        .client
        .post(format!("{}/beheer/biz-kempen/organisaties/importeren", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", "leernet_lang=fr")
        .body(vec![b'a'; 3 * 1024 * 1024 + 65 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(import.status().as_u16(), 413);
    assert!(import.text().await.unwrap().starts_with("Ce formulaire est trop volumineux : une importation"));

    // A refused form in French and in English.
    for (language, text) in [("fr", "Ce formulaire a expiré"), ("en", "This form has expired")] {
        let cookie = crate::accounts::sign_in(&app, &format!("iemand.{language}@ocmw-geel.test")).await;
        let refused = app
            .post_form(
                "/afmelden",
                &[("csrf", "geraden")],
                &[("cookie", &format!("{cookie}; leernet_lang={language}"))],
            )
            .await;
        assert_eq!(refused.status, 403);
        assert!(refused.body.starts_with(text), "{}", refused.body);
    }

    // 429, by the page's language; the API's in English.
    let limited = spawn_empty_with(Backend::Sqlite, &[("LEERNET_RATE_LIMIT", "1")]).await.unwrap();
    assert_eq!(limited.get("/regio").await.status, 200);
    for (accept, title, detail) in [
        ("fr-BE,fr;q=0.9", "Trop de requêtes", "Trop de requêtes depuis cette adresse ; réessayez dans "),
        ("en-GB", "Too many requests", "Too many requests from this address; try again in "),
        ("nl-BE", "Te veel verzoeken", "Te veel verzoeken van dit adres; probeer het over "),
    ] {
        let response = limited
            .client
            .get(format!("{}/regio", limited.address))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        assert!(response.headers().contains_key("retry-after"));
        let (status, _, body) = problem(response).await;
        assert_eq!((status, body["title"].as_str()), (429, Some(title)));
        assert!(body["detail"].as_str().unwrap().starts_with(detail), "{body}");
    }
    let api = limited
        .client
        .get(format!("{}/api/v1/events", limited.address))
        .header("cookie", "leernet_lang=fr")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(api).await.2["title"], "Too many requests");

    // The 30 s limit's problem (waiting 30 s is no test).
    use domain::i18n::Locale;
    let timed_out = |locale| serde_json::to_value(server::operations::timed_out(locale)).unwrap();
    assert_eq!(timed_out(Locale::Fr)["detail"], "Cette requête a pris trop de temps et a été interrompue. Réessayez.");
    assert_eq!(timed_out(Locale::En)["title"], "Request timed out");
    assert_eq!(timed_out(Locale::Nl)["status"], 503);
    assert_eq!(server::operations::problem_locale("/api/v1/events"), Locale::En, "the API stays English");
}

// `/ready` says why it is not ready in the request's language; `ready` itself
// is a fixed word for probes.
#[tokio::test]
async fn not_ready_in_the_request_language() {
    use crate::helpers::{Backend, spawn_empty};
    use sea_orm::ConnectionTrait;
    let app = spawn_empty(Backend::Sqlite).await.expect("sqlite always works");
    let ready =
        app.client.get(format!("{}/ready", app.address)).header("cookie", "leernet_lang=fr").send().await.unwrap();
    assert_eq!(ready.text().await.unwrap(), "ready");
    let last = {
        use migrations::MigratorTrait;
        migrations::Migrator::migrations().last().expect("migrations").name().to_string()
    };
    app.db.execute_unprepared(&format!("DELETE FROM seaql_migrations WHERE version = '{last}'")).await.unwrap();
    for (accept, title, detail) in [
        ("fr", "Pas prêt", "1 migration de la base de données pas encore exécutée."),
        ("en", "Not ready", "1 database migration not run yet."),
        ("nl", "Niet klaar", "1 databankmigratie nog niet uitgevoerd."),
    ] {
        let response =
            app.client.get(format!("{}/ready", app.address)).header("accept-language", accept).send().await.unwrap();
        let (status, language, body) = problem(response).await;
        assert_eq!((status, language.as_str()), (503, accept));
        assert_eq!((body["title"].as_str(), body["detail"].as_str()), (Some(title), Some(detail)));
        assert_eq!(body["type"], "https://leernet.be/problems/not-ready");
    }
}

// The sign-in limit and the password form speak the reader's language too.
on_both_databases!(sign_in_limits_and_password_errors_in_french_and_english, |app: TestApp| async move {
    for (language, text) in [
        ("fr", "Vous pourrez en demander un nouveau dans 4 minutes."),
        ("en", "You can ask for a new one in 4 minutes."),
    ] {
        let (_, _, body) = page(
            &app,
            "/aanmelden?fout=te-veel&email=a%40b.test&minuten=4",
            &[("cookie", &format!("leernet_lang={language}"))],
        )
        .await;
        assert!(body.contains(text), "{language}: {text}");
    }
    let session = crate::accounts::sign_in(&app, "tabitha.tanghe@cawdekempen.test").await;
    for (language, texts) in [
        ("fr", ["Choisissez un mot de passe", "Un premier mot de passe se choisit dans les 10 minutes"]),
        ("en", ["Choose a password of at least 12", "You choose a first password within 10 minutes"]),
    ] {
        let cookie = format!("{session}; leernet_lang={language}");
        let page = app.get_with_cookie("/mijn?fout=wachtwoord-kort#wachtwoord", &cookie).await;
        for text in texts {
            assert!(page.body.replace("&#x27;", "'").contains(text), "{language}: {text}");
        }
    }
    for (language, text) in
        [("fr", "Connectez-vous d'abord (à nouveau) avec un lien"), ("en", "Sign in (again) with a link first")]
    {
        let cookie = format!("{session}; leernet_lang={language}");
        let page = app.get_with_cookie("/mijn?fout=link-nodig", &cookie).await;
        assert!(page.body.replace("&#x27;", "'").contains(text), "{language}: {text}");
    }
});
