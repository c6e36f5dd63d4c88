use crate::i18n::{locale, tr};
use domain::dates;
use domain::i18n::Locale;
use domain::listing::EventCard;
use domain::paths;
use domain::{RegistrationWindow, SeatsLeft};
use leptos::prelude::*;

pub fn event_href(card: &EventCard) -> String {
    paths::event(&card.organiser.slug, &card.slug)
}

/// A short line on when an event takes place: one day (however many programme
/// items it has), or a series of sessions over several days.
pub fn when_line(locale: Locale, card: &EventCard) -> String {
    let start = card.starts_at.naive_local();
    let end = card.ends_at.naive_local();
    if start.date() == end.date() {
        format!("{}, {}–{}", dates::date_compact_in(locale, start.date()), dates::time(start), dates::time(end))
    } else if card.session_count > 1 {
        let sessions = domain::i18n::text_with(locale, "card.sessions", &[("count", &card.session_count.to_string())]);
        format!(
            "{sessions}, {} – {}",
            dates::date_compact_in(locale, start.date()),
            dates::date_short_in(locale, end.date())
        )
    } else {
        format!("{} – {}", dates::date_compact_in(locale, start.date()), dates::date_short_in(locale, end.date()))
    }
}

#[component]
pub fn SeatsBadge(seats: SeatsLeft, registration: RegistrationWindow) -> impl IntoView {
    let locale = locale();
    let (class, label) = match (registration, seats) {
        (RegistrationWindow::Closed, _) => ("badge badge-muted", tr("card.closed").to_string()),
        (RegistrationWindow::NotYetOpen(_), _) => ("badge badge-muted", tr("card.soon").to_string()),
        (_, SeatsLeft::Full) => ("badge badge-full", seats.label_in(locale)),
        (_, s) if s.is_scarce() => ("badge badge-scarce", s.label_in(locale)),
        (_, s) => ("badge badge-open", s.label_in(locale)),
    };
    view! { <span class=class>{label}</span> }
}

#[component]
pub fn EventCardView(card: EventCard, #[prop(optional)] show_organiser: bool) -> impl IntoView {
    let href = event_href(&card);
    let locale = locale();
    let (day, month) = dates::badge_in(locale, card.starts_at.date_naive());
    let when = when_line(locale, &card);
    let place = if card.cities.is_empty() { None } else { Some(card.cities.join(", ")) };
    let price = card.price.label_in(locale);
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
                    <span class=format!("kind kind-{}", card.kind.code())>{card.kind.label_in(locale, false)}</span>
                    {card.theme.clone().map(|t| view! { <span class="theme">{t.label}</span> })}
                </p>
                <h3 class="event-title" id=title_id>
                    <a href=href>{card.title.clone()}</a>
                </h3>
                {show_organiser.then(|| view! { <p class="event-organiser">{card.organiser.name.clone()}</p> })}
                <p class="event-summary">{card.summary.clone()}</p>
                <ul class="event-facts">
                    <li><span class="fact-label">{tr("card.when")}" "</span>{when}</li>
                    {place.map(|p| view! { <li><span class="fact-label">{tr("card.where")}" "</span>{p}</li> })}
                    <li><span class="fact-label">{tr("card.price")}" "</span>{price}</li>
                </ul>
                <p class="event-status">
                    <SeatsBadge seats=card.seats registration=card.registration/>
                    {(card.audience == domain::Audience::Partners).then(|| view! { <span class="badge badge-muted">{tr("card.partners_only")}</span> })}
                </p>
            </div>
        </article>
    }
}
