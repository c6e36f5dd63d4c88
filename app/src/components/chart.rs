//! A chart in a page: the SVG that [`domain::charts`] draws on the server, in
//! a `<figure>` with its caption. It needs no JavaScript and prints. The SVG
//! is named and described for screen readers (`role="img"`, title and
//! description); the page shows the table with the same figures beside it,
//! which the caption points to: that table is the accessible alternative.

use crate::i18n::tr;
use domain::charts::{Chart, Shape};
use leptos::prelude::*;

/// `<figure class="chart">` with the drawn `chart` and a caption (the chart's
/// title); `table`, the id of the table with the same figures, adds a link to it.
#[component]
pub fn ChartFigure(
    chart: Chart,
    /// The id of the table (or its heading) that holds the same figures.
    #[prop(optional, into)]
    table: Option<String>,
) -> impl IntoView {
    let svg = chart.svg();
    let class = match chart.shape {
        Shape::Bars => "chart chart-bars",
        Shape::Columns => "chart chart-columns",
    };
    view! {
        <figure class=class>
            <div class="chart-drawing" inner_html=svg></div>
            <figcaption>
                {chart.title}
                {table.map(|id| view! { " " <a class="no-print" href=format!("#{id}")>{tr("charts.see_table")}</a> })}
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::charts::Series;

    #[test]
    fn puts_the_svg_in_a_figure_with_a_caption_and_a_link_to_the_table() {
        let owner = Owner::new();
        owner.with(|| {
            let chart = Chart {
                id: "per-maand".into(),
                shape: Shape::Columns,
                title: "Deelname <per> maand".into(),
                description: "Ingeschreven per maand.".into(),
                categories: vec!["jan.".into()],
                series: vec![Series { name: "2026".into(), values: vec![3] }],
                empty: "Geen gegevens".into(),
            };
            let html = view! { <ChartFigure chart table="per-maand-tabel"/> }.to_html();
            assert!(html.starts_with("<figure class=\"chart chart-columns\">"), "{html}");
            assert!(
                html.contains(
                    "<div class=\"chart-drawing\"><svg xmlns=\"http://www.w3.org/2000/svg\" id=\"per-maand\""
                ),
                "{html}"
            );
            assert!(html.contains("role=\"img\""), "{html}");
            assert!(html.contains("<figcaption>Deelname &lt;per&gt; maand"), "{html}");
            assert!(html.contains("href=\"#per-maand-tabel\""), "{html}");
        });
    }
}
