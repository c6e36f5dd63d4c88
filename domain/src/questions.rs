//! The questions an event asks each attendee at registration (diet for the
//! caterer, accessibility, or the organiser's own questions), and the answers.
//!
//! Questions belong to one event and are kept with it; every answer carries a
//! copy of the question as it was asked, so editing a question later never
//! changes what someone answered.

use crate::forms::fields::editor::{self, question};
use crate::forms::{FieldErrors, Message, RawForm, row_field};
use serde::{Deserialize, Serialize};

/// Editor rows: `vraag-0-soort`, `vraag-0-label`, `vraag-0-verplicht`, `vraag-0-opties`.
pub const QUESTION: &str = "vraag";
const MAX_QUESTIONS: usize = 12;
const MAX_LABEL: usize = 150;
const MAX_OPTIONS: usize = 20;
const MAX_OPTION: usize = 80;
/// The longest free-text answer.
pub const MAX_ANSWER: usize = 500;

/// Diets a caterer can plan for; "Andere" is explained in the remarks.
pub const DIETS: &[&str] =
    &["Geen bijzondere wensen", "Vegetarisch", "Veganistisch", "Halal", "Glutenvrij", "Lactosevrij", "Andere"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A choice from [`DIETS`].
    Diet,
    /// Free text: what someone needs to take part (wheelchair, interpreter...).
    Accessibility,
    /// The organiser's own question, answered in free text.
    Text,
    /// The organiser's own question with the organiser's options.
    Choice,
}

impl QuestionKind {
    pub const ALL: &'static [QuestionKind] =
        &[QuestionKind::Diet, QuestionKind::Accessibility, QuestionKind::Text, QuestionKind::Choice];

    pub const fn code(self) -> &'static str {
        match self {
            QuestionKind::Diet => "diet",
            QuestionKind::Accessibility => "accessibility",
            QuestionKind::Text => "text",
            QuestionKind::Choice => "choice",
        }
    }

    /// Its label in `locale`.
    pub fn name_in(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n;
        match self {
            QuestionKind::Diet => i18n::text(locale, "question_kind.diet"),
            QuestionKind::Accessibility => i18n::text(locale, "question_kind.accessibility"),
            QuestionKind::Text => i18n::text(locale, "question_kind.text"),
            QuestionKind::Choice => i18n::text(locale, "question_kind.choice"),
        }
    }

    /// The question as asked when the organiser gave no wording of its own.
    pub const fn default_label(self) -> &'static str {
        match self {
            QuestionKind::Diet => "Dieetwensen",
            QuestionKind::Accessibility => "Heb je iets nodig om goed te kunnen deelnemen (toegankelijkheid)?",
            QuestionKind::Text | QuestionKind::Choice => "",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// One question of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the event, so answers and form fields keep pointing at it.
    pub key: u32,
    pub kind: QuestionKind,
    pub label: String,
    pub required: bool,
    /// The options of a [`QuestionKind::Choice`]; the diets for [`QuestionKind::Diet`].
    pub options: Vec<String>,
}

impl Question {
    /// The form field of this question for attendee row `row`: `deelnemer-0-vraag-3`.
    pub fn field(&self, prefix: &str, row: usize) -> String {
        row_field(prefix, row, &format!("vraag-{}", self.key))
    }

    /// What an attendee can choose, or `None` for free text.
    pub fn choices(&self) -> Option<&[String]> {
        matches!(self.kind, QuestionKind::Diet | QuestionKind::Choice).then_some(self.options.as_slice())
    }
}

/// An attendee's answer, with the question as it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub key: u32,
    pub kind: QuestionKind,
    pub question: String,
    pub value: String,
}

/// Checks one attendee's answers (by question key) against the event's
/// questions: the answers to keep, and what is wrong, by question key.
/// Answers to questions the event does not ask are left out.
pub fn check_answers(
    sent: &std::collections::BTreeMap<u32, String>,
    questions: &[Question],
) -> (Vec<Answer>, Vec<(u32, Message)>) {
    let mut answers = Vec::new();
    let mut wrong = Vec::new();
    for q in questions {
        let value = sent.get(&q.key).map_or("", |v| v.trim()).to_string();
        if value.is_empty() {
            if q.required {
                wrong.push((q.key, Message::new("validation.answer_required")));
            }
            continue;
        }
        match q.choices() {
            Some(options) if !options.contains(&value) => {
                wrong.push((q.key, Message::new("validation.answer_from_list")));
                continue;
            }
            None if value.chars().count() > MAX_ANSWER => {
                wrong.push((q.key, Message::with("validation.max_chars", &[("max", &MAX_ANSWER.to_string())])));
                continue;
            }
            _ => {}
        }
        answers.push(Answer { key: q.key, kind: q.kind, question: q.label.clone(), value });
    }
    (answers, wrong)
}

/// An event's questions, with the last key ever handed out, so a new question
/// never takes the key of a removed one (whose answers still carry it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionSet {
    pub last_key: u32,
    pub questions: Vec<Question>,
}

impl QuestionSet {
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }
}

/// Reads the editor's question rows. Keys of existing questions are kept;
/// new ones get keys never used before in this event.
pub fn parse_questions(form: &RawForm, existing: &QuestionSet, errors: &mut FieldErrors) -> QuestionSet {
    let mut last_key = existing.last_key.max(existing.questions.iter().map(|q| q.key).max().unwrap_or(0));
    let mut questions: Vec<Question> = Vec::new();
    for row in form.rows(QUESTION) {
        let get = |f: &str| form.row(QUESTION, row, f);
        let field = |f: &str| row_field(QUESTION, row, f);
        if !get(editor::REMOVE).is_empty() || get(question::KIND).is_empty() {
            continue;
        }
        let Some(kind) = QuestionKind::from_code(get(question::KIND)) else {
            errors.add(field(question::KIND), Message::new("validation.question_kind"));
            continue;
        };
        let label = match get(question::LABEL) {
            "" if kind.default_label().is_empty() => {
                errors.add(field(question::LABEL), Message::new("validation.question_label"));
                continue;
            }
            "" => kind.default_label().to_string(),
            label if label.chars().count() > MAX_LABEL => {
                errors.add(
                    field(question::LABEL),
                    Message::with("validation.max_chars", &[("max", &MAX_LABEL.to_string())]),
                );
                continue;
            }
            label => label.to_string(),
        };
        let options = match kind {
            QuestionKind::Diet => DIETS.iter().map(|d| d.to_string()).collect(),
            QuestionKind::Choice => {
                let mut options: Vec<String> = Vec::new();
                for option in form.get_raw(&field(question::OPTIONS)).lines().map(str::trim).filter(|o| !o.is_empty()) {
                    if !options.iter().any(|o| o == option) {
                        options.push(option.to_string());
                    }
                }
                if options.len() < 2 {
                    errors.add(field(question::OPTIONS), Message::new("validation.question_options_min"));
                } else if options.len() > MAX_OPTIONS {
                    errors.add(
                        field(question::OPTIONS),
                        Message::with("validation.question_options_max", &[("max", &MAX_OPTIONS.to_string())]),
                    );
                } else if options.iter().any(|o| o.chars().count() > MAX_OPTION) {
                    errors.add(
                        field(question::OPTIONS),
                        Message::with("validation.question_option_max_chars", &[("max", &MAX_OPTION.to_string())]),
                    );
                }
                options
            }
            QuestionKind::Accessibility | QuestionKind::Text => Vec::new(),
        };
        let key = match get(editor::ROW_ID).parse::<u32>() {
            Ok(key) if existing.questions.iter().any(|q| q.key == key) && !questions.iter().any(|q| q.key == key) => {
                key
            }
            _ => {
                last_key += 1;
                last_key
            }
        };
        if questions.iter().any(|q| q.label.eq_ignore_ascii_case(&label)) {
            errors.add(field(question::LABEL), Message::new("validation.question_twice"));
        }
        questions.push(Question { key, kind, label, required: !get(question::REQUIRED).is_empty(), options });
    }
    if questions.len() > MAX_QUESTIONS {
        errors.add(
            row_field(QUESTION, form.rows(QUESTION).first().copied().unwrap_or(0), question::KIND),
            Message::with("validation.questions_max", &[("max", &MAX_QUESTIONS.to_string())]),
        );
    }
    QuestionSet { last_key, questions }
}

/// The editor rows showing `questions`.
pub fn push_questions(form: &mut RawForm, questions: &[Question]) {
    for (row, q) in questions.iter().enumerate() {
        let field = |f: &str| row_field(QUESTION, row, f);
        form.push(&field(editor::ROW_ID), &q.key.to_string());
        form.push(&field(question::KIND), q.kind.code());
        form.push(&field(question::LABEL), &q.label);
        if q.required {
            form.push(&field(question::REQUIRED), "ja");
        }
        if q.kind == QuestionKind::Choice {
            form.push(&field(question::OPTIONS), &q.options.join("\n"));
        }
    }
}

/// How many attendees gave each answer to `key`, most frequent first
/// (the caterer's count of diets, say). Attendees without an answer are left out.
pub fn tally<'a>(key: u32, answers: impl IntoIterator<Item = &'a [Answer]>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for answer in answers.into_iter().flatten().filter(|a| a.key == key) {
        match counts.iter_mut().find(|(v, _)| *v == answer.value) {
            Some((_, n)) => *n += 1,
            None => counts.push((answer.value.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        RawForm::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn diet() -> Question {
        Question {
            key: 1,
            kind: QuestionKind::Diet,
            label: "Dieetwensen".into(),
            required: true,
            options: DIETS.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn own() -> Question {
        Question {
            key: 4,
            kind: QuestionKind::Text,
            label: "Welke casus breng je mee?".into(),
            required: false,
            options: vec![],
        }
    }

    #[test]
    fn editor_rows_become_questions_with_stable_keys() {
        let existing = QuestionSet { last_key: 4, questions: vec![diet(), own()] };
        let f = form(&[
            ("vraag-0-id", "4"),
            ("vraag-0-soort", "text"),
            ("vraag-0-label", "Welke casus breng je mee?"),
            ("vraag-1-soort", "choice"),
            ("vraag-1-label", "Welke workshop?"),
            ("vraag-1-opties", "A\n\nB\nA\nC "),
            ("vraag-1-verplicht", "ja"),
            ("vraag-2-soort", "diet"),
            ("vraag-3-soort", ""),
        ]);
        let mut errors = FieldErrors::new();
        let set = parse_questions(&f, &existing, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let questions = &set.questions;
        assert_eq!(questions.iter().map(|q| q.key).collect::<Vec<_>>(), vec![4, 5, 6]);
        assert_eq!(questions[1].options, vec!["A", "B", "C"]);
        assert!(questions[1].required);
        assert_eq!(questions[2].label, "Dieetwensen");
        assert_eq!(questions[2].options.len(), DIETS.len());

        let mut again = RawForm::default();
        push_questions(&mut again, questions);
        let reread = parse_questions(&again, &set, &mut errors);
        assert_eq!(reread, set);

        // Removing the newest question and adding another never hands out its key again.
        let mut fewer = RawForm::default();
        push_questions(&mut fewer, &questions[..2]);
        fewer.push("vraag-9-soort", "accessibility");
        let after = parse_questions(&fewer, &set, &mut errors);
        assert_eq!(after.questions.iter().map(|q| q.key).collect::<Vec<_>>(), vec![4, 5, 7]);
    }

    #[test]
    fn a_key_from_a_tampered_form_is_not_reused() {
        let f = form(&[
            ("vraag-0-id", "99"),
            ("vraag-0-soort", "accessibility"),
            ("vraag-1-id", "1"),
            ("vraag-1-soort", "accessibility"),
            ("vraag-1-label", "Rolstoel?"),
        ]);
        let mut errors = FieldErrors::new();
        let set = parse_questions(&f, &QuestionSet { last_key: 1, questions: vec![diet()] }, &mut errors);
        assert_eq!(set.questions.iter().map(|q| q.key).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn bad_questions_are_refused_at_their_field() {
        let f = form(&[
            ("vraag-0-soort", "text"),
            ("vraag-1-soort", "choice"),
            ("vraag-1-label", "Welke?"),
            ("vraag-1-opties", "enkel dit"),
            ("vraag-2-soort", "poll"),
        ]);
        let mut errors = FieldErrors::new();
        parse_questions(&f, &QuestionSet::default(), &mut errors);
        assert_eq!(errors.get("vraag-0-label").as_deref(), Some("Schrijf de vraag uit."));
        assert!(errors.get("vraag-1-opties").is_some());
        assert_eq!(errors.get("vraag-2-soort").as_deref(), Some("Kies een soort vraag."));
    }

    #[test]
    fn answers_are_checked_against_the_question() {
        let questions = vec![diet(), own()];
        let sent = |pairs: &[(u32, &str)]| pairs.iter().map(|(k, v)| (*k, v.to_string())).collect();
        let (answers, wrong) = check_answers(&sent(&[(1, "Halal"), (4, " Een huurschuld "), (9, "?")]), &questions);
        assert!(wrong.is_empty());
        assert_eq!(answers.len(), 2, "no answer to a question not asked");
        assert_eq!(answers[0].value, "Halal");
        assert_eq!(answers[1].value, "Een huurschuld");
        assert_eq!(answers[1].question, "Welke casus breng je mee?");

        let (_, wrong) = check_answers(&sent(&[(1, "Frieten")]), &questions);
        assert_eq!(wrong, [(1, Message::new("validation.answer_from_list"))]);

        let (_, wrong) = check_answers(&sent(&[]), &questions);
        assert_eq!(wrong, [(1, Message::new("validation.answer_required"))], "the free-text question is optional");
    }

    #[test]
    fn tally_counts_answers_most_frequent_first() {
        let a = |v: &str| vec![Answer { key: 1, kind: QuestionKind::Diet, question: "Dieet".into(), value: v.into() }];
        let all = [a("Vegetarisch"), a("Halal"), a("Vegetarisch"), vec![]];
        assert_eq!(
            tally(1, all.iter().map(Vec::as_slice)),
            vec![("Vegetarisch".to_string(), 2), ("Halal".to_string(), 1)]
        );
    }
}
