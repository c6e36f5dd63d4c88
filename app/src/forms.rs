//! Forms that work without JavaScript: the page renders from a [`FormState`]
//! (the values to show and the errors next to their fields). A GET fills it
//! from the database; a form post that fails validation is answered with the
//! same page rendered from what was typed (see the server's `forms` module).

use domain::forms::{FieldErrors, RawForm};
use serde::{Deserialize, Serialize};

/// What a form shows: its values (as typed, or loaded) and any errors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub values: RawForm,
    pub errors: FieldErrors,
}

impl FormState {
    pub fn new(values: RawForm) -> Self {
        FormState { values, errors: FieldErrors::new() }
    }

    pub fn value(&self, name: &str) -> String {
        self.values.get_raw(name).to_string()
    }

    /// The message for field `name`, in the page's language.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get_in(crate::i18n::locale(), name)
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.values.get(name).is_empty()
    }
}

/// Handed to the page rendered in answer to a form post that failed (or that
/// only added a row): the page shows this instead of what the database holds.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct Resubmission(pub FormState);

/// The resubmitted form, while rendering the answer to a form post.
#[cfg(feature = "ssr")]
pub fn resubmitted() -> Option<FormState> {
    leptos::prelude::use_context::<Resubmission>().map(|r| r.0)
}
