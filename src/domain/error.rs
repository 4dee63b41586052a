//! The crate's one error type. Every error says what went wrong and, where the user caused
//! it, what to do instead; [`Error::exit_code`] maps it to the exit codes of SPEC §7.1.

/// Errors of the smb library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad usage or bad input data (exit 2): the message names the value and what is expected.
    #[error("{0}")]
    Invalid(String),
    /// A playbook rule refuses the action (exit 2): picking at capacity, closing a closed case.
    #[error("{0}")]
    Refused(String),
    /// The database file cannot be used (exit 1): locked, foreign, too new, corrupt.
    #[error("{0}")]
    Database(String),
    /// An I/O failure outside the database (exit 1).
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Exit code of SPEC §7.1: 2 for bad usage or bad input data, 1 for any other failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::Refused(_) => 2,
            Error::Database(_) | Error::Io { .. } => 1,
        }
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    /// Shorthand for [`Error::Refused`].
    pub fn refused(msg: impl Into<String>) -> Self {
        Error::Refused(msg.into())
    }

    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
