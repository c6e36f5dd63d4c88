//! `events` table.

use domain::EventStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organiser_id: i32,
    pub slug: String,
    pub kind: String,
    pub status: EventStatus,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub theme: Option<String>,
    pub theme_slug: Option<String>,
    pub audience: String,
    pub language: String,
    pub capacity: Option<i32>,
    pub seats_taken: i32,
    pub registration_opens_at: Option<DateTimeUtc>,
    pub registration_closes_at: Option<DateTimeUtc>,
    pub cancellation_deadline: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    /// `domain::questions::QuestionSet` as JSON; `None`: no questions.
    pub questions: Option<String>,
    pub group_max_participants: Option<i32>,
    /// Reminder mails before each day of the event (`domain::reminders`).
    pub reminder_enabled: bool,
    pub reminder_days: i32,
    /// "What to bring", as the organiser typed it.
    pub reminder_bring: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
