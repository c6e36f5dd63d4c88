use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#inhoud">"Naar de inhoud"</a>
        <header class="site-header">
            <div class="container header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"L"</span>
                    <span class="brand-text">
                        <span class="brand-name">"Leernet"</span>
                        <span class="brand-tagline">"Vorming voor budget- en schuldhulpverlening"</span>
                    </span>
                </a>
                <nav class="site-nav" aria-label="Hoofdmenu">
                    <A href="/" exact=true>"Aanbod"</A>
                    <A href="/regio">"Regio's"</A>
                    <A href="/mijn">"Mijn account"</A>
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
                    " brengt het vormingsaanbod van de BIZ-samenwerkingsverbanden (Budget In Zicht) samen: leernetwerken, vormingen, methodiekendagen en groepsmodules voor wie werkt in de budget- en schuldhulpverlening."
                </p>
                <p class="footer-links">
                    <a href="/api/v1/openapi.json">"Open data (API)"</a>
                </p>
            </div>
        </footer>
    }
}
