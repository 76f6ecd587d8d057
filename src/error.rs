//! `gluteus::Error`: the errors of every fallible stage in one enum, so that callers can use `?`
//! across stages and still match on what went wrong.

use crate::ingest::IngestError;

/// Any error of the gluteus library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read as a run. The message names the file and the problem.
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

/// `Result` with [`Error`] as its default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
