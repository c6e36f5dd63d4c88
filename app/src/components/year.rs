//! The pieces of a page about one year (the participation report, the
//! finances): the year to show, and the year's key figures.

use crate::i18n::tr;
use leptos::prelude::*;

/// A form that asks for another year (`?jaar=`) of the page at `action`;
/// `children` go after its button (a download of the year, say).
#[component]
pub fn YearPicker(
    action: String,
    year: i32,
    /// The years there is something to show for, newest first.
    years: Vec<i32>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <form method="get" action=action class="toolbar no-print">
            <label for="jaar">{tr("reports.year")}</label>
            <select id="jaar" name=domain::forms::fields::year::YEAR>
                {years.into_iter().map(|y| view! { <option value=y.to_string() selected=y == year>{y}</option> }).collect_view()}
            </select>
            <button type="submit" class="button button-quiet button-small">{tr("reports.show")}</button>
            {children.map(|c| c())}
        </form>
    }
}

/// Key figures as a grid of cards: (label, value).
#[component]
pub fn Figures(figures: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <dl class="report-figures">
            {figures.into_iter().map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> }).collect_view()}
        </dl>
    }
}
