use crate::components::status::ErrorPage;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound("Deze pagina bestaat niet. Misschien is de link verouderd?".to_string())/> }
}
