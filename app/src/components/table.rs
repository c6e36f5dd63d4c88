//! A wide table's wrapper: on a narrow screen the table scrolls inside it
//! rather than the page. The wrapper is a named region that takes focus, so a
//! keyboard can scroll it and a screen reader says which table it is
//! (WCAG 2.1.1; axe's `scrollable-region-focusable`).

use leptos::prelude::*;

/// `<div class="table-wrap" role="region" tabindex="0">` around `children`,
/// named by a heading (`labelledby`) or a text (`label`).
#[component]
pub fn DataTable(
    /// The id of the heading that names the table.
    #[prop(optional, into)]
    labelledby: Option<String>,
    /// The table's name, where no heading names it.
    #[prop(optional, into)]
    label: Option<String>,
    /// Classes next to `table-wrap` (`compact`, `no-print`).
    #[prop(optional)]
    class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let class = match class {
        Some(extra) => format!("table-wrap {extra}"),
        None => "table-wrap".to_string(),
    };
    view! {
        <div class=class role="region" aria-label=label aria-labelledby=labelledby tabindex="0">
            {children()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The component writes what the pages wrote by hand.
    #[test]
    fn renders_the_wrapper_the_pages_wrote() {
        let owner = Owner::new();
        owner.with(|| {
            let by_hand = view! {
                <div class="table-wrap no-print" role="region" aria-labelledby="alle" tabindex="0"><table></table></div>
            }
            .to_html();
            let component =
                view! { <DataTable class="no-print" labelledby="alle"><table></table></DataTable> }.to_html();
            assert_eq!(component, by_hand);
            let by_hand = view! {
                <div class="table-wrap" role="region" aria-label="Facturen" tabindex="0"><table></table></div>
            }
            .to_html();
            let component = view! { <DataTable label="Facturen"><table></table></DataTable> }.to_html();
            assert_eq!(component, by_hand);
        });
    }
}
