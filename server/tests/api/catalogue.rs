use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(catalogue_lists_upcoming_events_across_regions, |app: TestApp| async move {
    let page = app.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("<html lang=\"nl\""));
    for title in ["Hoe omgaan met negatieve dossiers", "Duurzaam Budgetmanagement", "Telecom", "Casusbesprekingen"] {
        assert!(page.body.contains(title), "{title} missing from the catalogue");
    }
    // Past events are history, not offer.
    assert!(!page.body.contains("Huurwaarborg"));
    // The full Telecom training says so.
    assert!(page.body.contains("Volzet"));
});

on_both_databases!(catalogue_filters_by_kind_price_month_and_text, |app: TestApp| async move {
    let trainings = app.get("/?soort=vorming").await;
    assert_eq!(trainings.status, 200);
    assert!(trainings.body.contains("Verzekeringen"));
    assert!(!trainings.body.contains("Duurzaam Budgetmanagement"));

    let free = app.get("/?prijs=gratis").await;
    assert!(free.body.contains("Stuurgroep"));
    assert!(!free.body.contains("Duurzaam Budgetmanagement"));

    let paid = app.get("/?prijs=betalend").await;
    assert!(paid.body.contains("Duurzaam Budgetmanagement"));
    assert!(!paid.body.contains("Stuurgroep BIZ"));

    // The API says which months have events; the page filtered on one shows only those.
    let list = app.get("/api/v1/events").await.json();
    let first = list["data"][0]["starts_at"].as_str().unwrap()[..7].to_string();
    let month = app.get(&format!("/?maand={first}")).await;
    assert_eq!(month.status, 200);
    assert!(month.body.contains(list["data"][0]["title"].as_str().unwrap()));

    let search = app.get("/?zoek=telecom").await;
    assert!(search.body.contains("Telecom"));
    assert!(search.body.contains("1 activiteit"));

    let nothing = app.get("/?zoek=zzzgeenresultaat").await;
    assert_eq!(nothing.status, 200);
    assert!(nothing.body.contains("Geen activiteiten gevonden"));
});

on_both_databases!(organiser_page_shows_only_its_own_events, |app: TestApp| async move {
    let kempen = app.get("/regio/biz-kempen").await;
    assert_eq!(kempen.status, 200);
    assert!(kempen.body.contains("BIZ Kempen"));
    assert!(kempen.body.contains("Casusbesprekingen"));
    assert!(!kempen.body.contains("Telecom"));
    let regions = app.get("/regio").await;
    assert!(regions.body.contains("BIZ Noord-West-Vlaanderen") && regions.body.contains("BIZ Kempen"));
});

on_both_databases!(event_page_shows_sessions_trainer_price_and_seats, |app: TestApp| async move {
    let (path, _) = app.event_path("Verzekeringen").await;
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Cedric Lesage"));
    assert!(page.body.contains("Dampont Verzekeringen"));
    assert!(page.body.contains("Nog 3 plaatsen"));
    assert!(page.body.contains("€ "));
    // Trainer fees are internal: never on a public page.
    assert!(!page.body.contains("200,00") && !page.body.contains("€ 200"));

    let (network, _) = app.event_path("negatieve dossiers").await;
    let page = app.get(&network).await;
    assert!(page.body.contains("Lies Pauwels"));
    assert!(page.body.contains("4 sessies"));
    assert!(!page.body.contains("1.400"));
});

on_both_databases!(bad_filters_get_a_400_page_that_names_them, |app: TestApp| async move {
    for (query, parameter) in [
        ("soort=feest", "soort"),
        ("maand=2026-13", "maand"),
        ("prijs=duur", "prijs"),
        ("regio=BIZ%20Kempen", "regio"),
        ("thema=..%2Fetc", "thema"),
    ] {
        let page = app.get(&format!("/?{query}")).await;
        assert_eq!(page.status, 400, "{query}");
        assert!(page.body.contains(&format!("«{parameter}»")), "{query}: {}", page.body);
    }
    let long = "x".repeat(101);
    assert_eq!(app.get(&format!("/?zoek={long}")).await.status, 400);
    // Empty values are untouched selects, not errors.
    assert_eq!(app.get("/?soort=&maand=&thema=&prijs=&zoek=").await.status, 200);
});

on_both_databases!(unknown_pages_get_a_404_page, |app: TestApp| async move {
    for path in [
        "/regio/bestaat-niet",
        "/regio/BIZ",
        "/regio/biz-kempen/bestaat-niet",
        "/regio/biz-kempen/%00",
        "/iets/anders",
        "/regio/biz-kempen/a/b",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("Niet gevonden"), "{path}");
    }
});

on_both_databases!(search_text_is_escaped, |app: TestApp| async move {
    let page = app.get("/?zoek=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert(1)</script>"));
});

/// The page and the nonce its Content-Security-Policy allows.
async fn page_with_nonce(app: &TestApp, path: &str) -> (String, String) {
    let response = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_string();
    (response.text().await.unwrap(), nonce)
}

on_both_databases!(public_pages_are_kept_until_what_they_show_changes, |app: TestApp| async move {
    use sea_orm::ConnectionTrait;
    let (path, event_id) = app.event_path("Verzekeringen").await;

    // Served again, each time with its own nonce, in the page and in the header.
    let (first, first_nonce) = page_with_nonce(&app, &path).await;
    let (second, second_nonce) = page_with_nonce(&app, &path).await;
    assert_ne!(first_nonce, second_nonce);
    assert!(first.contains(&format!("nonce=\"{first_nonce}\"")));
    assert!(second.contains(&format!("nonce=\"{second_nonce}\"")) && !second.contains(&first_nonce));
    assert_eq!(first.replace(&first_nonce, "N"), second.replace(&second_nonce, "N"));
    assert!(second.contains("Nog 3 plaatsen"));

    // Any change the page shows is there at once: a seat taken (straight in the
    // database, as another server would), a new title.
    let revision = store::site::revision(&app.db).await.unwrap();
    app.db
        .execute_unprepared(&format!("UPDATE events SET seats_taken = seats_taken + 1 WHERE id = {event_id}"))
        .await
        .unwrap();
    assert!(store::site::revision(&app.db).await.unwrap() > revision, "the trigger bumped the revision");
    let (after, _) = page_with_nonce(&app, &path).await;
    assert!(after.contains("Nog 2 plaatsen"), "the seat taken shows at once");
    app.db
        .execute_unprepared(&format!("UPDATE events SET title = 'Verzekeringen, vernieuwd' WHERE id = {event_id}"))
        .await
        .unwrap();
    assert!(app.get(&path).await.body.contains("Verzekeringen, vernieuwd"));
    assert!(app.get("/").await.body.contains("Verzekeringen, vernieuwd"), "the catalogue too");

    // Time changes what is open: a kept page lives one minute of the clock at most.
    let (before, _) = page_with_nonce(&app, "/").await;
    assert!(before.contains("Verzekeringen, vernieuwd"));
    app.clock.set(app.clock_now() + chrono::Duration::days(400));
    let (later, _) = page_with_nonce(&app, "/").await;
    assert!(!later.contains("Verzekeringen, vernieuwd"), "a year later the event is history");

    // Each language has its own copy.
    let french = app
        .client
        .get(format!("{}/", app.address))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(french.contains("<html lang=\"fr\""));
});

/// The answer's status and the named headers (`None` when absent).
async fn headers_of(
    app: &TestApp,
    path: &str,
    extra: &[(&str, &str)],
) -> (u16, std::collections::HashMap<&'static str, Option<String>>, String) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let names = ["etag", "cache-control", "vary", "content-security-policy", "set-cookie"];
    let headers =
        names.iter().map(|n| (*n, response.headers().get(*n).map(|v| v.to_str().unwrap().to_string()))).collect();
    (status, headers, response.text().await.unwrap())
}

on_both_databases!(public_pages_and_the_public_api_revalidate_with_etags, |app: TestApp| async move {
    use sea_orm::ConnectionTrait;
    let (path, event_id) = app.event_path("Verzekeringen").await;
    for (url, vary) in [
        (path.as_str(), "cookie, accept-language"),
        ("/", "cookie, accept-language"),
        ("/api/v1/events", "authorization, accept-language"),
        (&format!("/api/v1/events/{event_id}") as &str, "authorization, accept-language"),
        ("/api/v1/organisers", "authorization, accept-language"),
    ] {
        let (status, first, body) = headers_of(&app, url, &[]).await;
        assert_eq!(status, 200, "{url}");
        let etag = first["etag"].clone().unwrap_or_else(|| panic!("{url} has no ETag"));
        assert!(etag.starts_with("W/\""), "{url}: {etag}");
        assert_eq!(first["cache-control"].as_deref(), Some("public, no-cache"), "{url}");
        assert_eq!(first["vary"].as_deref(), Some(vary), "{url}");
        assert!(!body.is_empty());

        // Rendered again (a page with another nonce): the same tag.
        let (_, again, _) = headers_of(&app, url, &[]).await;
        assert_eq!(again["etag"].as_deref(), Some(etag.as_str()), "{url}: same content, same tag");

        // The client's copy is current: 304, no body, no new policy (the
        // stored page's nonce goes with its stored policy).
        let (status, not_modified, body) = headers_of(&app, url, &[("if-none-match", &etag)]).await;
        assert_eq!(status, 304, "{url}");
        assert!(body.is_empty(), "{url}: a 304 has no body");
        assert_eq!(not_modified["etag"].as_deref(), Some(etag.as_str()));
        assert_eq!(not_modified["cache-control"].as_deref(), Some("public, no-cache"));
        assert!(not_modified["content-security-policy"].is_none(), "{url}");
        let (status, _, _) = headers_of(&app, url, &[("if-none-match", "W/\"other\", \"tags\"")]).await;
        assert_eq!(status, 200, "{url}: another tag gets the answer");
    }

    // A change the answers show: a new tag, and the old one gets the answer.
    let api = format!("/api/v1/events/{event_id}");
    let (_, before, _) = headers_of(&app, &api, &[]).await;
    let (_, page_before, _) = headers_of(&app, &path, &[]).await;
    app.db
        .execute_unprepared(&format!("UPDATE events SET title = 'Verzekeringen (nieuw)' WHERE id = {event_id}"))
        .await
        .unwrap();
    for (url, old) in [(api.as_str(), &before), (path.as_str(), &page_before)] {
        let old_tag = old["etag"].clone().unwrap();
        let (status, now, body) = headers_of(&app, url, &[("if-none-match", &old_tag)]).await;
        assert_eq!(status, 200, "{url}: changed since");
        assert_ne!(now["etag"], old["etag"], "{url}");
        assert!(!body.is_empty());
    }

    // Each language its own tag.
    let (_, dutch, _) = headers_of(&app, "/", &[]).await;
    let (_, french, _) = headers_of(&app, "/", &[("accept-language", "fr")]).await;
    assert_ne!(dutch["etag"], french["etag"]);
    let (status, _, _) =
        headers_of(&app, "/", &[("accept-language", "fr"), ("if-none-match", dutch["etag"].as_deref().unwrap())]).await;
    assert_eq!(status, 200, "the Dutch page's tag does not stand for the French page");
});

on_both_databases!(personal_answers_are_never_kept_for_others, |app: TestApp| async move {
    let cookie = crate::accounts::sign_in(&app, "hanne.laenen@cawdekempen.test").await;
    let (path, _) = app.event_path("Verzekeringen").await;
    let (_, anonymous, _) = headers_of(&app, &path, &[]).await;
    let anonymous_tag = anonymous["etag"].clone().unwrap();
    for url in [path.as_str(), "/", "/mijn", "/beheer/biz-kempen"] {
        let (status, signed_in, _) = headers_of(&app, url, &[("cookie", &cookie)]).await;
        assert_eq!(status, 200, "{url}");
        assert!(signed_in["etag"].is_none(), "{url}: a signed-in page is not kept");
        assert_eq!(signed_in["cache-control"].as_deref(), Some("private, no-cache"), "{url}");
        // The anonymous page's tag is no way to a signed-in visitor's copy.
        let (status, _, body) = headers_of(&app, url, &[("cookie", &cookie), ("if-none-match", &anonymous_tag)]).await;
        assert_eq!(status, 200, "{url}");
        assert!(!body.is_empty());
    }
    // An organiser token's answers are its own.
    let response =
        app.client.get(format!("{}/api/v1/events", app.address)).bearer_auth("0".repeat(64)).send().await.unwrap();
    assert!(response.headers().get("etag").is_none());
    assert_eq!(response.headers()["cache-control"], "private, no-cache");
});
