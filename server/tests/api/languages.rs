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
