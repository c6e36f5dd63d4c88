use crate::components::status::loaded;
use crate::error::AppError;
use crate::i18n::tr;
use domain::listing::OrganiserProfile;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "organisers")]
pub async fn load_organisers() -> Result<Vec<OrganiserProfile>, AppError> {
    let state = crate::state::app_state()?;
    Ok(store::catalogue::organisers(&state.db).await?)
}

#[component]
pub fn OrganisersPage() -> impl IntoView {
    let organisers = Resource::new(|| (), |_| load_organisers());
    view! {
        <Title text=tr("regions.title")/>
        <section class="hero">
            <div class="container">
                <h1>{tr("regions.heading")}</h1>
                <p class="lead">{tr("regions.lead")}</p>
            </div>
        </section>
        <div class="container">
            {loaded(organisers, |list| view! {
                            <ul class="organiser-list">
                                {list.into_iter().map(|o| view! {
                                    <li class="organiser-card">
                                        <h2><a href=paths::organiser(&o.slug)>{o.name.clone()}</a></h2>
                                        <p>{o.description.clone()}</p>
                                        <p class="contact-line"><a href=format!("mailto:{}", o.email)>{o.email.clone()}</a></p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any())}
        </div>
    }
}
