use crate::accounts::sign_in;
use crate::helpers::{FormResponse, TestApp, csrf_of};
use crate::on_both_databases;
use domain::ProposalStatus;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{audit_entry, organisation, organisation_proposal, partnership};

const KEMPEN_ADMIN: &str = "hanne.laenen@cawdekempen.test";
const NWVL_STAFF: &str = "jens.jaecques@cawnoordwestvlaanderen.test";
const LIST: &str = "/beheer/biz-kempen/organisaties";
const IMPORT: &str = "/beheer/biz-kempen/organisaties/importeren";

async fn organisation_named(app: &TestApp, name: &str) -> organisation::Model {
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{name} in the demo"))
}

async fn organisations(app: &TestApp) -> u64 {
    organisation::Entity::find().count(&app.db).await.unwrap()
}

async fn kempen_partnerships(app: &TestApp) -> u64 {
    let kempen = store::backoffice::organiser_ref(&app.db, &domain::Slug::parse("biz-kempen").unwrap())
        .await
        .unwrap()
        .unwrap()
        .0;
    partnership::Entity::find().filter(partnership::Column::OrganiserId.eq(kempen)).count(&app.db).await.unwrap()
}

async fn imports(app: &TestApp) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("organisations.imported"))
        .count(&app.db)
        .await
        .unwrap()
}

async fn proposals(app: &TestApp) -> u64 {
    organisation_proposal::Entity::find().count(&app.db).await.unwrap()
}

/// Posts a raw body with its content type (a file upload, a form that is too big).
async fn post_body(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>, cookie: &str) -> FormResponse {
    let response = app
        .client
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .header("cookie", cookie)
        .body(body)
        .send()
        .await
        .expect("request failed");
    let status = response.status().as_u16();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    FormResponse { status, location, set_cookie: Vec::new(), body: response.text().await.expect("body") }
}

on_both_databases!(the_list_shows_the_organisers_own_partners, |app: TestApp| async move {
    assert_eq!(app.get(LIST).await.status, 401);
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(dashboard.body.contains("href=\"/beheer/biz-kempen/organisaties\""));

    let list = app.get_with_cookie(LIST, &hanne).await;
    assert_eq!(list.status, 200);
    for own in ["CAW De Kempen", "OCMW Geel", "OCMW Mol", "OCMW Turnhout"] {
        assert!(list.body.contains(own), "{own} listed");
    }
    // In the directory, but not Kempen's partners.
    for other in ["OCMW Brugge", "CAW Noord-West-Vlaanderen", "Advocatenkantoor Verachtert"] {
        assert!(!list.body.contains(other), "{other} is not a partner");
    }
    let geel = organisation_named(&app, "OCMW Geel").await;
    assert!(list.body.contains(&format!("href=\"{LIST}/{}\"", geel.id)));

    let search = app.get_with_cookie(&format!("{LIST}?q=geel"), &hanne).await;
    assert!(search.body.contains("OCMW Geel") && !search.body.contains("OCMW Mol"));
    assert!(search.body.contains("voor «geel»"));

    // Another organiser's staff: the list does not exist for them.
    let jens = sign_in(&app, NWVL_STAFF).await;
    let theirs = app.get_with_cookie(LIST, &jens).await;
    assert_eq!(theirs.status, 404);
    assert!(!theirs.body.contains("OCMW Geel"));
    let own = app.get_with_cookie("/beheer/biz-noord-west-vlaanderen/organisaties", &jens).await;
    assert!(own.body.contains("OCMW Brugge") && !own.body.contains("OCMW Geel"));
});

on_both_databases!(others_organisations_are_not_found, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let csrf = csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &hanne).await.body);
    let brugge = organisation_named(&app, "OCMW Brugge").await;
    let lawyer = organisation_named(&app, "Advocatenkantoor Verachtert").await;
    let fields =
        |name: &'static str| [("csrf", csrf.clone()), ("naam", name.to_string()), ("soort", "ocmw".to_string())];
    for id in [brugge.id.to_string(), lawyer.id.to_string(), "999999".to_string(), "abc".to_string()] {
        let path = format!("{LIST}/{id}");
        let page = app.get_with_cookie(&path, &hanne).await;
        assert_eq!(page.status, 404, "GET {path}");
        assert!(!page.body.contains("OCMW Brugge") && !page.body.contains("Verachtert"), "{path} leaked data");
        let f = fields("Overgenomen");
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_form(&path, &pairs, &cookie).await.status, 404, "POST {path}");
    }
    assert_eq!(organisation_named(&app, "OCMW Brugge").await, brugge, "unchanged");

    // Through their own organiser, NWVL staff cannot reach Kempen's partners either.
    let jens = sign_in(&app, NWVL_STAFF).await;
    let jens_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &jens).await.body);
    let geel = organisation_named(&app, "OCMW Geel").await;
    let sideways = format!("/beheer/biz-noord-west-vlaanderen/organisaties/{}", geel.id);
    assert_eq!(app.get_with_cookie(&sideways, &jens).await.status, 404);
    let posted = app
        .post_form(
            &sideways,
            &[("csrf", &jens_csrf), ("naam", "Gekaapt"), ("soort", "ocmw")],
            &[("cookie", jens.as_str())],
        )
        .await;
    assert_eq!(posted.status, 404);
    let direct = app
        .post_form(
            &format!("{LIST}/{}", geel.id),
            &[("csrf", &jens_csrf), ("naam", "Gekaapt"), ("soort", "ocmw")],
            &[("cookie", jens.as_str())],
        )
        .await;
    assert_eq!(direct.status, 404);
    let import =
        app.post_form(IMPORT, &[("csrf", &jens_csrf), ("csv", "naam\nGekaapt")], &[("cookie", jens.as_str())]).await;
    assert_eq!(import.status, 404);
    assert_eq!(organisation_named(&app, "OCMW Geel").await, geel);
});

on_both_databases!(editing_a_partner_is_csrf_safe_and_explains_mistakes, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let geel = organisation_named(&app, "OCMW Geel").await;
    let path = format!("{LIST}/{}", geel.id);
    let page = app.get_with_cookie(&path, &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("OCMW Geel wijzigen"));
    assert!(page.body.contains("value=\"OCMW Geel\""));
    let csrf = csrf_of(&page.body);

    let valid = [("naam", "OCMW Geel"), ("soort", "ocmw"), ("email", "sociaal@ocmw-geel.test")];
    let no_token = app.post_form(&path, &valid, &cookie).await;
    assert_eq!(no_token.status, 403);
    let wrong = app.post_form(&path, &[valid.as_slice(), &[("csrf", "vervalst")]].concat(), &cookie).await;
    assert_eq!(wrong.status, 403);
    let cross_site = app
        .post_form(
            &path,
            &[valid.as_slice(), &[("csrf", &csrf)]].concat(),
            &[cookie[0], ("origin", "https://evil.test")],
        )
        .await;
    assert_eq!(cross_site.status, 403);

    // Mistakes: the same page, with what was typed and the message next to each field.
    let bad = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("naam", "OCMW Geel"),
                ("soort", "ocmw"),
                ("ondernemingsnummer", "0207.520.811"),
                ("email", "sociaal-at-ocmw-geel"),
                ("straat", "Werft 20"),
                ("postcode", "2440"),
            ],
            &cookie,
        )
        .await;
    assert_eq!(bad.status, 422);
    let body = &bad.body;
    assert!(body.contains("2 velden vragen je aandacht"), "error summary");
    assert!(body.contains("id=\"ondernemingsnummer-error\""));
    assert!(body.contains("De controlegetallen van dit ondernemingsnummer kloppen niet."));
    assert!(body.contains("id=\"email-error\""));
    assert!(body.contains("Een e-mailadres ziet eruit als naam@organisatie.be."));
    assert!(body.contains("aria-describedby=\"ondernemingsnummer-hint ondernemingsnummer-error\""));
    for typed in ["value=\"0207.520.811\"", "value=\"sociaal-at-ocmw-geel\"", "value=\"Werft 20\""] {
        assert!(body.contains(typed), "kept {typed}");
    }
    assert_eq!(organisation_named(&app, "OCMW Geel").await, geel, "nothing saved");

    // A name that another organisation has (whatever the case) is refused, not a crash.
    let taken = app.post_form(&path, &[("csrf", &csrf), ("naam", "ocmw mol"), ("soort", "ocmw")], &cookie).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Er bestaat al een organisatie met deze naam."));

    let saved = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("naam", "OCMW Geel"),
                ("soort", "ocmw"),
                ("ondernemingsnummer", "0212.255.497"),
                ("email", "Sociaal@OCMW-Geel.test"),
                ("straat", "Werft 20"),
                ("postcode", "2440"),
                ("plaats", "Geel"),
                ("gemeente", "13008"),
            ],
            &cookie,
        )
        .await;
    assert_eq!((saved.status, saved.location.as_str()), (303, "/beheer/biz-kempen/organisaties?melding=opgeslagen"));
    let after = organisation_named(&app, "OCMW Geel").await;
    assert_eq!(after.enterprise_number.as_deref(), Some("0212255497"));
    let link = partnership::Entity::find()
        .filter(partnership::Column::OrganisationId.eq(geel.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link.contact_email.as_deref(), Some("sociaal@ocmw-geel.test"));
    assert_eq!(proposals(&app).await, 0, "Kempen's partner alone: changed, not proposed");
    assert_eq!((after.street.as_deref(), after.postcode.as_deref()), (Some("Werft 20"), Some("2440")));
    let list = app.get_with_cookie(&saved.location, &hanne).await;
    assert!(list.body.contains("De organisatie is opgeslagen."));
    assert!(list.body.contains("0212.255.497"));
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(
        dashboard
            .body
            .contains("wijzigde partnerorganisatie «OCMW Geel»: ondernemingsnummer, straat, postcode, e-mail")
    );
});

const CSV: &str = "\u{feff}Naam;Soort;Ondernemingsnummer;Straat;Postcode;Gemeente;E-mail\r\n\
    Budgetcentrum Kempen;vereniging;0207.520.810;\"Markt 1; bus 2\";2440;geel;info@budgetcentrum-kempen.test\r\n\
    OCMW Geel;OCMW;;Werft 20;2440;Geel;\r\n\
    Advocatenkantoor Verachtert;advocaat;;;;;\r\n\
    ocmw mol;;;;;;\r\n";

on_both_databases!(importing_partners_previews_then_imports_once, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let page = app.get_with_cookie(IMPORT, &hanne).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    let csrf = csrf_of(&page.body);
    let (orgs, partners) = (organisations(&app).await, kempen_partnerships(&app).await);

    // Errors: per row, with line and column; nothing can be confirmed, nothing is written.
    let broken = format!("{CSV}Kapot;bank;;;12;Parijs;\r\nBudgetcentrum Kempen;;;;;;\r\n");
    let preview = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", &broken)], &cookie).await;
    assert_eq!(preview.status, 422);
    assert!(preview.body.contains("regel 6, soort: onbekende soort «bank»"), "{}", preview.body);
    assert!(preview.body.contains("regel 6, postcode: een postcode telt 4 cijfers"));
    assert!(preview.body.contains("regel 6, gemeente: «Parijs» is geen Vlaamse gemeente"));
    assert!(preview.body.contains("regel 7, naam: deze naam staat al op regel 2"));
    assert!(preview.body.contains("2 regels bevatten fouten"));
    assert!(!preview.body.contains("name=\"bevestigen\""));
    // Even a forced confirmation writes nothing.
    let forced = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", &broken), ("bevestigen", "1")], &cookie).await;
    assert_eq!(forced.status, 422);
    assert_eq!((organisations(&app).await, kempen_partnerships(&app).await), (orgs, partners));

    // A whole-file error is shown next to the text field.
    let unknown = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", "naam;telefoon\nA;1")], &cookie).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Onbekende kolom «telefoon»"));
    assert!(unknown.body.contains("id=\"csv-error\""));

    // A good file (Excel: semicolons, BOM, CRLF, quotes): a preview per row, still nothing written.
    let preview = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", CSV)], &cookie).await;
    assert_eq!(preview.status, 200);
    let body = &preview.body;
    assert_eq!(body.matches("status status-new").count(), 1, "{body}");
    assert_eq!(body.matches("status status-updated").count(), 2);
    assert_eq!(body.matches("status status-unchanged").count(), 1);
    assert!(body.contains("1 nieuw, 2 bijgewerkt, 1 ongewijzigd"));
    assert!(body.contains("wordt partner"));
    assert!(body.contains("straat: Werft 20"));
    assert!(body.contains("name=\"bevestigen\""));
    assert_eq!((organisations(&app).await, kempen_partnerships(&app).await), (orgs, partners));

    // Confirm: one new organisation, two new partners, one audit entry.
    let done = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", CSV), ("bevestigen", "1")], &cookie).await;
    assert_eq!(done.status, 303);
    assert_eq!(
        done.location,
        "/beheer/biz-kempen/organisaties?melding=geimporteerd&nieuw=1&bijgewerkt=2&ongewijzigd=1&voorstel=0"
    );
    assert_eq!(organisations(&app).await, orgs + 1);
    assert_eq!(kempen_partnerships(&app).await, partners + 2);
    let created = organisation_named(&app, "Budgetcentrum Kempen").await;
    assert_eq!(created.kind, "association");
    assert_eq!(created.enterprise_number.as_deref(), Some("0207520810"));
    assert_eq!(created.street.as_deref(), Some("Markt 1; bus 2"));
    assert_eq!((created.municipality_nis, created.city.as_deref()), (Some(13008), Some("Geel")));
    assert_eq!(organisation_named(&app, "OCMW Geel").await.street.as_deref(), Some("Werft 20"));
    assert_eq!(organisation_named(&app, "OCMW Mol").await.name, "OCMW Mol", "matched, not renamed");
    let list = app.get_with_cookie(&done.location, &hanne).await;
    assert!(list.body.contains("De import is klaar: 1 nieuw, 2 bijgewerkt, 1 ongewijzigd."));
    assert!(list.body.contains("Budgetcentrum Kempen") && list.body.contains("Advocatenkantoor Verachtert"));
    assert_eq!(imports(&app).await, 1);
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(dashboard.body.contains("importeerde partnerorganisaties: 1 nieuw, 2 bijgewerkt, 1 ongewijzigd"));

    // The same file again: every row unchanged, and importing it changes nothing.
    let again = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", CSV)], &cookie).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body.matches("status status-unchanged").count(), 4);
    assert!(!again.body.contains("status status-new") && !again.body.contains("status status-updated"));
    assert!(again.body.contains("importeren verandert niets"));
    let twice = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", CSV), ("bevestigen", "1")], &cookie).await;
    assert_eq!(
        twice.location,
        "/beheer/biz-kempen/organisaties?melding=geimporteerd&nieuw=0&bijgewerkt=0&ongewijzigd=4&voorstel=0"
    );
    assert_eq!((organisations(&app).await, kempen_partnerships(&app).await), (orgs + 1, partners + 2));
    assert_eq!(imports(&app).await, 1, "no audit entry for an import that changed nothing");
});

on_both_databases!(imports_are_csrf_safe_and_take_excel_files, |app: TestApp| async move {
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let cookie = [("cookie", hanne.as_str())];
    let csrf = csrf_of(&app.get_with_cookie(IMPORT, &hanne).await.body);
    let orgs = organisations(&app).await;
    let no_token = app.post_form(IMPORT, &[("csv", CSV), ("bevestigen", "1")], &cookie).await;
    assert_eq!(no_token.status, 403);
    let wrong = app.post_form(IMPORT, &[("csrf", "vervalst"), ("csv", CSV), ("bevestigen", "1")], &cookie).await;
    assert_eq!(wrong.status, 403);
    assert_eq!(organisations(&app).await, orgs);

    // An uploaded file as Excel saves it in Belgium (Windows-1252), without JavaScript.
    let mut file = b"naam;soort;gemeente\r\nVzw Caf".to_vec();
    file.extend([0xe9]); // é
    file.extend(b" Anders;vereniging;Turnhout\r\n");
    let boundary = "leernetgrens";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf.as_str()), ("csv", "")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"partners.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(&file);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let preview = post_body(&app, IMPORT, &format!("multipart/form-data; boundary={boundary}"), body, &hanne).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("Vzw Café Anders"));
    // The confirmation carries the file's text forward.
    let confirm = preview.body.split("class=\"confirm-import\"").nth(1).expect("a confirm form");
    assert!(confirm.contains("name=\"csv\" value=\"naam;soort;gemeente"));
    let done = app
        .post_form(
            IMPORT,
            &[
                ("csrf", &csrf),
                ("csv", "naam;soort;gemeente\r\nVzw Café Anders;vereniging;Turnhout\r\n"),
                ("bevestigen", "1"),
            ],
            &cookie,
        )
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(organisation_named(&app, "Vzw Café Anders").await.municipality_nis, Some(13040));

    // Too much text is explained, not stored.
    let huge = format!("naam\n{}", "x".repeat(domain::partners::MAX_BYTES));
    let refused = app.post_form(IMPORT, &[("csrf", &csrf), ("csv", &huge)], &cookie).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("hoogstens 1 MB"));
    let too_big = post_body(
        &app,
        IMPORT,
        "application/x-www-form-urlencoded",
        format!("csrf={csrf}&csv={}", "x".repeat(4 * domain::partners::MAX_BYTES)).into_bytes(),
        &hanne,
    )
    .await;
    assert_eq!(too_big.status, 413);
});

const NWVL_ADMIN: &str = "elisa.demeulaere@cawnoordwestvlaanderen.test";
const NWVL_LIST: &str = "/beheer/biz-noord-west-vlaanderen/organisaties";
const PROPOSALS: &str = "/beheer/organisaties/voorstellen";

async fn organiser_id(app: &TestApp, slug: &str) -> i32 {
    store::backoffice::organiser_ref(&app.db, &domain::Slug::parse(slug).unwrap()).await.unwrap().unwrap().0
}

/// OCMW Geel, Kempen's partner, becomes NWVL's partner too (with NWVL's own
/// notes), so its identity is shared.
async fn share_geel_with_nwvl(app: &TestApp) -> organisation::Model {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let geel = organisation_named(app, "OCMW Geel").await;
    partnership::ActiveModel {
        organiser_id: Set(organiser_id(app, "biz-noord-west-vlaanderen").await),
        organisation_id: Set(geel.id),
        since: Set(None),
        notes: Set(Some("Notitie van NWVL".into())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    geel
}

async fn pending_proposals(app: &TestApp) -> Vec<organisation_proposal::Model> {
    organisation_proposal::Entity::find()
        .filter(organisation_proposal::Column::Status.eq(ProposalStatus::Pending))
        .all(&app.db)
        .await
        .unwrap()
}

/// The registration form of one of Kempen's upcoming events (it lists Kempen's partners).
async fn kempen_registration_form(app: &TestApp) -> String {
    let event = app.get("/api/v1/events?organiser=biz-kempen&q=Energie").await.json()["data"][0]["slug"]
        .as_str()
        .expect("an upcoming Kempen event")
        .to_string();
    app.get(&format!("/regio/biz-kempen/{event}/inschrijven")).await.body
}

on_both_databases!(a_shared_partner_is_filled_in_and_the_rest_goes_to_the_platform_admin, |app: TestApp| async move {
    let geel = share_geel_with_nwvl(&app).await;
    assert_eq!((geel.enterprise_number.as_deref(), geel.street.as_deref()), (None, None), "demo: empty fields");
    let form_before = kempen_registration_form(&app).await;
    assert!(form_before.contains("OCMW Geel"), "Kempen's form lists its partner");

    // Kempen keeps its own notes; NWVL does not see them (nor the reverse).
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    let kempen_page = format!("{LIST}/{}", geel.id);
    let page = app.get_with_cookie(&kempen_page, &hanne).await;
    assert!(page.body.contains("Ook andere organisatoren werken met deze organisatie samen"));
    assert!(!page.body.contains("Notitie van NWVL"));
    let csrf = csrf_of(&page.body);
    let kempen_own = [
        ("csrf", csrf.as_str()),
        ("naam", "OCMW Geel"),
        ("soort", "ocmw"),
        ("plaats", geel.city.as_deref().unwrap_or_default()),
        ("gemeente", "13008"),
        ("contactpersoon", "Kim Kempen"),
        ("telefoon", "014 56 78 90"),
        ("notities", "Notitie van Kempen"),
    ];
    let saved = app.post_form(&kempen_page, &kempen_own, &[("cookie", hanne.as_str())]).await;
    assert_eq!(saved.location, "/beheer/biz-kempen/organisaties?melding=opgeslagen", "{}", saved.body);
    assert_eq!(organisation_named(&app, "OCMW Geel").await, geel, "the shared identity untouched");

    // NWVL edits: empty fields are filled in, the new name is proposed.
    let elisa = sign_in(&app, NWVL_ADMIN).await;
    let nwvl_page = format!("{NWVL_LIST}/{}", geel.id);
    let page = app.get_with_cookie(&nwvl_page, &elisa).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Notitie van NWVL"));
    assert!(!page.body.contains("Notitie van Kempen") && !page.body.contains("Kim Kempen"));
    let csrf = csrf_of(&page.body);
    let nwvl_edit = [
        ("csrf", csrf.as_str()),
        ("naam", "Sociaal Huis Geel"),
        ("soort", "ocmw"),
        ("ondernemingsnummer", "0212.255.497"),
        ("straat", "Werft 20"),
        ("postcode", "2440"),
        ("plaats", geel.city.as_deref().unwrap_or_default()),
        ("gemeente", "13008"),
        ("email", "contact@nwvl.test"),
    ];
    let posted = app.post_form(&nwvl_page, &nwvl_edit, &[("cookie", elisa.as_str())]).await;
    assert_eq!(posted.location, "/beheer/biz-noord-west-vlaanderen/organisaties?melding=voorgesteld");
    let after = organisation_named(&app, "OCMW Geel").await;
    assert_eq!(after.enterprise_number.as_deref(), Some("0212255497"));
    assert_eq!((after.street.as_deref(), after.postcode.as_deref()), (Some("Werft 20"), Some("2440")));
    assert_eq!(pending_proposals(&app).await.len(), 1);
    // The same edit again proposes nothing new.
    app.post_form(&nwvl_page, &nwvl_edit, &[("cookie", elisa.as_str())]).await;
    assert_eq!(proposals(&app).await, 1);
    let page = app.get_with_cookie(&nwvl_page, &elisa).await;
    assert!(page.body.contains("Wacht op de platformbeheerder: Naam: Sociaal Huis Geel"), "{}", page.body);

    // Kempen's list and registration form still say OCMW Geel; its log says what NWVL changed.
    let list = app.get_with_cookie(LIST, &hanne).await;
    assert!(list.body.contains("OCMW Geel") && !list.body.contains("Sociaal Huis Geel"));
    assert!(!list.body.contains("contact@nwvl.test"), "NWVL's contact address is NWVL's");
    assert!(!kempen_registration_form(&app).await.contains("Sociaal Huis Geel"));
    let dashboard = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(
        dashboard.body.contains(
            "partnerorganisatie «OCMW Geel» gewijzigd door een andere organisator: ondernemingsnummer, straat, postcode"
        ),
        "Kempen's log"
    );
    let nwvl_dashboard = app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &elisa).await;
    assert!(nwvl_dashboard.body.contains("stelde wijzigingen voor aan partnerorganisatie «OCMW Geel»: naam"));

    // The platform admin finds it from /beheer, sees now and proposed, and accepts.
    let platform = sign_in(&app, store::demo::DEMO_PLATFORM_ADMIN).await;
    let home = app.get_with_cookie("/beheer", &platform).await;
    assert!(home.body.contains("href=\"/beheer/organisaties/voorstellen\""));
    assert!(home.body.contains("Voorstellen voor organisaties (1)"));
    let review = app.get_with_cookie(PROPOSALS, &platform).await;
    assert_eq!(review.status, 200);
    assert!(review.body.contains("Sociaal Huis Geel") && review.body.contains("OCMW Geel"));
    assert!(review.body.contains("Elisa Demeulaere"), "who proposed");
    let csrf = csrf_of(&review.body);
    let id = pending_proposals(&app).await[0].id.to_string();
    let accept = [("csrf", csrf.as_str()), ("voorstel", id.as_str()), ("besluit", "aanvaarden")];
    let accepted = app.post_form(PROPOSALS, &accept, &[("cookie", platform.as_str())]).await;
    assert_eq!(accepted.location, "/beheer/organisaties/voorstellen?melding=aanvaard");
    assert_eq!(organisation_named(&app, "Sociaal Huis Geel").await.id, geel.id);
    assert!(pending_proposals(&app).await.is_empty());
    let again = app.post_form(PROPOSALS, &accept, &[("cookie", platform.as_str())]).await;
    assert_eq!(again.location, "/beheer/organisaties/voorstellen?fout=behandeld");
    let review = app.get_with_cookie(&accepted.location, &platform).await;
    assert!(review.body.contains("Het voorstel is aanvaard") && review.body.contains("Er wachten geen voorstellen."));
    for (path, cookie) in [("/beheer/biz-kempen", &hanne), ("/beheer/biz-noord-west-vlaanderen", &elisa)] {
        let log = app.get_with_cookie(path, cookie).await;
        assert!(
            log.body.contains("aanvaardde als platformbeheerder een voorstel voor «Sociaal Huis Geel»: naam"),
            "{path}'s log"
        );
    }
    assert!(kempen_registration_form(&app).await.contains("Sociaal Huis Geel"));
});

on_both_databases!(rejected_proposals_change_nothing_and_an_import_proposes_once, |app: TestApp| async move {
    let geel = share_geel_with_nwvl(&app).await;
    let elisa = sign_in(&app, NWVL_ADMIN).await;
    let cookie = [("cookie", elisa.as_str())];
    let import = "/beheer/biz-noord-west-vlaanderen/organisaties/importeren";
    let csrf = csrf_of(&app.get_with_cookie(import, &elisa).await.body);
    let csv = "naam;soort;email\nOCMW Geel;caw;info@geel.nwvl.test\n";
    let preview = app.post_form(import, &[("csrf", &csrf), ("csv", csv)], &cookie).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("soort: CAW (voorstel aan de platformbeheerder)"), "{}", preview.body);
    assert!(preview.body.contains("e-mail: info@geel.nwvl.test"));
    let done = app.post_form(import, &[("csrf", &csrf), ("csv", csv), ("bevestigen", "1")], &cookie).await;
    assert_eq!(done.status, 303);
    assert_eq!(pending_proposals(&app).await.len(), 1);

    // The same file again: the proposal is already waiting; nothing is proposed twice.
    let again = app.post_form(import, &[("csrf", &csrf), ("csv", csv)], &cookie).await;
    assert_eq!(again.body.matches("status status-unchanged").count(), 1, "{}", again.body);
    assert!(again.body.contains("(wacht al op de platformbeheerder)"));
    let twice = app.post_form(import, &[("csrf", &csrf), ("csv", csv), ("bevestigen", "1")], &cookie).await;
    assert_eq!(twice.status, 303);
    assert_eq!(proposals(&app).await, 1);
    assert_eq!(organisation_named(&app, "OCMW Geel").await, geel, "a shared identity is only proposed");

    // Others may not decide.
    let hanne = sign_in(&app, KEMPEN_ADMIN).await;
    assert_eq!(app.get_with_cookie(PROPOSALS, &hanne).await.status, 404);
    let id = pending_proposals(&app).await[0].id.to_string();
    let hanne_csrf = csrf_of(&app.get_with_cookie("/beheer/biz-kempen", &hanne).await.body);
    let by_kempen = app
        .post_form(
            PROPOSALS,
            &[("csrf", &hanne_csrf), ("voorstel", &id), ("besluit", "aanvaarden")],
            &[("cookie", hanne.as_str())],
        )
        .await;
    assert_eq!(by_kempen.status, 403);

    let platform = sign_in(&app, store::demo::DEMO_PLATFORM_ADMIN).await;
    let csrf = csrf_of(&app.get_with_cookie(PROPOSALS, &platform).await.body);
    let odd = [("csrf", csrf.as_str()), ("voorstel", id.as_str()), ("besluit", "misschien")];
    assert_eq!(app.post_form(PROPOSALS, &odd, &[("cookie", platform.as_str())]).await.status, 400);
    let reject = [("csrf", csrf.as_str()), ("voorstel", id.as_str()), ("besluit", "afwijzen")];
    let rejected = app.post_form(PROPOSALS, &reject, &[("cookie", platform.as_str())]).await;
    assert_eq!(rejected.location, "/beheer/organisaties/voorstellen?melding=afgewezen");
    assert_eq!(organisation_named(&app, "OCMW Geel").await, geel);
    let decided = organisation_proposal::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(decided.status, ProposalStatus::Rejected);
    assert!(decided.decided_by.is_some() && decided.decided_at.is_some());
    let nwvl_log = app.get_with_cookie("/beheer/biz-noord-west-vlaanderen", &elisa).await;
    assert!(nwvl_log.body.contains("wees als platformbeheerder het voorstel voor «OCMW Geel» af: soort"));
    let kempen_log = app.get_with_cookie("/beheer/biz-kempen", &hanne).await;
    assert!(!kempen_log.body.contains("wees als platformbeheerder"));
});
