use crate::i18n::{locale, tr};
use domain::forms::fields::language;
use domain::i18n::Locale;
use domain::paths;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#inhoud">{tr("layout.skip")}</a>
        <header class="site-header">
            <div class="container header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"L"</span>
                    <span class="brand-text">
                        <span class="brand-name">"Leernet"</span>
                        <span class="brand-tagline">{tr("layout.tagline")}</span>
                    </span>
                </a>
                <nav class="site-nav" aria-label=tr("layout.menu")>
                    <A href="/" exact=true>{tr("nav.offer")}</A>
                    <A href=paths::ORGANISERS>{tr("nav.regions")}</A>
                    <A href=paths::ACCOUNT>{tr("nav.account")}</A>
                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container footer-inner">
                <p>
                    <strong>"Leernet"</strong>
                    " "{tr("footer.about")}
                </p>
                <p class="footer-links">
                    <a href="/api/v1/openapi.json">{tr("footer.api")}</a>
                </p>
                <LanguageSwitcher/>
            </div>
            <LiveMarker/>
        </footer>
    }
}

/// Three buttons, one per language, in a plain form (it works without
/// JavaScript): the server remembers the choice in a cookie and sends the
/// visitor back to the page she was on.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) }
    };
    let current = locale();
    view! {
        <form method="post" action=paths::LANGUAGE class="language-switcher" aria-labelledby="taal-kiezen">
            <span id="taal-kiezen" class="sr-only">{tr("language.choose")}</span>
            <input type="hidden" name=language::BACK value=back/>
            {Locale::ALL.into_iter().map(|l| {
                let chosen = l == current;
                view! {
                    <button type="submit" name=language::LOCALE value=l.code() lang=l.code()
                        class=if chosen { "language current" } else { "language" }
                        aria-pressed=if chosen { "true" } else { "false" }>
                        {l.native_name()}
                    </button>
                }
            }).collect_view()}
        </form>
    }
}

/// Marks `<body data-hydrated="true">` once the page's islands are live, so
/// tests (and curious people) can see that the page became interactive. It
/// sits last in the page: islands hydrate in document order.
#[island]
fn LiveMarker() -> impl IntoView {
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
