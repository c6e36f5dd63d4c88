use domain::dates;
use domain::listing::EventCard;
use domain::{RegistrationWindow, SeatsLeft};
use leptos::prelude::*;

pub fn event_href(card: &EventCard) -> String {
    format!("/regio/{}/{}", card.organiser.slug, card.slug)
}

/// A short line on when an event takes place: one day (however many programme
/// items it has), or a series of sessions over several days.
pub fn when_line(card: &EventCard) -> String {
    let start = card.starts_at.naive_local();
    let end = card.ends_at.naive_local();
    if start.date() == end.date() {
        format!("{}, {}–{}", dates::date_compact(start.date()), dates::time(start), dates::time(end))
    } else if card.session_count > 1 {
        format!(
            "{} sessies, {} – {}",
            card.session_count,
            dates::date_compact(start.date()),
            dates::date_short(end.date())
        )
    } else {
        format!("{} – {}", dates::date_compact(start.date()), dates::date_short(end.date()))
    }
}

#[component]
pub fn SeatsBadge(seats: SeatsLeft, registration: RegistrationWindow) -> impl IntoView {
    let (class, label) = match (registration, seats) {
        (RegistrationWindow::Closed, _) => ("badge badge-muted", "Inschrijvingen gesloten".to_string()),
        (RegistrationWindow::NotYetOpen(_), _) => ("badge badge-muted", "Inschrijven kan binnenkort".to_string()),
        (_, SeatsLeft::Full) => ("badge badge-full", seats.label_nl()),
        (_, s) if s.is_scarce() => ("badge badge-scarce", s.label_nl()),
        (_, s) => ("badge badge-open", s.label_nl()),
    };
    view! { <span class=class>{label}</span> }
}

#[component]
pub fn EventCardView(card: EventCard, #[prop(optional)] show_organiser: bool) -> impl IntoView {
    let href = event_href(&card);
    let (day, month) = dates::badge(card.starts_at.date_naive());
    let when = when_line(&card);
    let place = if card.cities.is_empty() { None } else { Some(card.cities.join(", ")) };
    let price = card.price.label_nl();
    let title_id = format!("event-{}", card.id);
    let labelled_by = title_id.clone();
    view! {
        <article class="event-card" aria-labelledby=labelled_by>
            <div class="date-badge" aria-hidden="true">
                <span class="date-day">{day}</span>
                <span class="date-month">{month}</span>
            </div>
            <div class="event-card-body">
                <p class="event-kicker">
                    <span class=format!("kind kind-{}", card.kind.code())>{card.kind.label_nl()}</span>
                    {card.theme.clone().map(|t| view! { <span class="theme">{t.label}</span> })}
                </p>
                <h3 class="event-title" id=title_id>
                    <a href=href>{card.title.clone()}</a>
                </h3>
                {show_organiser.then(|| view! { <p class="event-organiser">{card.organiser.name.clone()}</p> })}
                <p class="event-summary">{card.summary.clone()}</p>
                <ul class="event-facts">
                    <li><span class="fact-label">"Wanneer: "</span>{when}</li>
                    {place.map(|p| view! { <li><span class="fact-label">"Waar: "</span>{p}</li> })}
                    <li><span class="fact-label">"Prijs: "</span>{price}</li>
                </ul>
                <p class="event-status">
                    <SeatsBadge seats=card.seats registration=card.registration/>
                    {(card.audience == domain::Audience::Partners).then(|| view! { <span class="badge badge-muted">"Voor partners"</span> })}
                </p>
            </div>
        </article>
    }
}
