//! The app layer's one error type. Server functions return it; pages turn it
//! into a message and, during server rendering, an HTTP status.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    /// The page is for signed-in people.
    #[error("meld je aan om deze pagina te bekijken")]
    SignInRequired,
    /// A query parameter or form field with a bad value, named so the page can point at it.
    #[error("{parameter}: {message}")]
    BadRequest { parameter: String, message: String },
    /// Something broke on our side. The details are logged, never shown.
    #[error("er ging iets mis aan onze kant; probeer het zo meteen opnieuw")]
    Internal,
    #[error("de server is niet bereikbaar: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::SignInRequired => 401,
            AppError::BadRequest { .. } => 400,
            AppError::Internal => 500,
            AppError::Transport(_) => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::Deserialization(message) => {
                AppError::BadRequest { parameter: "argumenten".into(), message }
            }
            ServerFnErrorErr::Request(message) | ServerFnErrorErr::Response(message) => AppError::Transport(message),
            _ => AppError::Internal,
        }
    }
}

impl From<domain::FilterError> for AppError {
    fn from(e: domain::FilterError) -> Self {
        AppError::BadRequest { parameter: e.parameter, message: e.message }
    }
}

#[cfg(feature = "ssr")]
impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        tracing::error!(error = %e, "store error");
        AppError::Internal
    }
}

/// During server rendering, makes the HTTP response carry the error's status.
pub fn set_response_status(_error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(_error.status_code())
    {
        options.set_status(status);
    }
}
