//! `gluteus::Error`: the errors of every fallible step in one enum, each with its source kept, and
//! a stable [`ErrorKind`] that a database can store and a script can match.

use crate::clean::CleanError;
use crate::ingest::{IngestError, ReadError};
use crate::model::AthleteError;
use crate::simulate::CourseError;
use crate::surface::MapError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Any error of the gluteus library. Its message is one line that names the file and the problem.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A run file could not be read as a run.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A run file was read, but none of its running sessions can be analysed.
    #[error("{file}: {source}")]
    Clean {
        /// The file as given.
        file: String,
        /// Why (the first running session's problem).
        #[source]
        source: CleanError,
    },
    /// An input beside the runs (athlete file, surface map, surface file) could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        source: ReadError,
    },
    /// A surface map that cannot be used.
    #[error("{}: {source}", path.display())]
    SurfaceMap {
        /// The map file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        source: MapError,
    },
    /// An athlete file that cannot be used.
    #[error("{}: {source}", path.display())]
    Athlete {
        /// The athlete file.
        path: PathBuf,
        /// What is wrong, with its line.
        #[source]
        source: AthleteError,
    },
    /// A run's surface file (`BASE.surface.toml`) that cannot be used.
    #[error("{}: {message}", path.display())]
    SurfaceFile {
        /// The surface file.
        path: PathBuf,
        /// What is wrong, with its line.
        message: String,
    },
    /// A simulator course that cannot be used.
    #[error("{name}: {source}")]
    Course {
        /// The course file or name.
        name: String,
        /// What is wrong, with its line.
        #[source]
        source: CourseError,
    },
    /// A setting that is not valid (a surface name that does not exist, say).
    #[error("{what}: {problem}")]
    InvalidInput {
        /// The setting as given.
        what: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A bug in gluteus (a panic while analysing the file), caught so that other files go on.
    #[error("{file}: internal error, a bug in gluteus (please report it with the file): {message}")]
    Internal {
        /// The file being analysed.
        file: String,
        /// The panic's message.
        message: String,
    },
}

/// What kind of failure an [`Error`] is: stable lowercase names for databases and scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file does not exist.
    NotFound,
    /// The file exists but cannot be read (permissions, a directory, an I/O error).
    Unreadable,
    /// The file holds nothing to analyse (no bytes, no records, no track points, too few samples).
    Empty,
    /// The content is not a format gluteus reads.
    UnsupportedFormat,
    /// The content is damaged beyond what can be recovered (broken gzip, malformed XML, no
    /// readable FIT message).
    Corrupt,
    /// The file is larger than any run file.
    TooLarge,
    /// The input is well-formed but not usable (a route without times, a value out of range).
    InvalidInput,
    /// A bug in gluteus.
    Internal,
}

impl ErrorKind {
    /// The stable lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Empty => "empty",
            ErrorKind::UnsupportedFormat => "unsupported_format",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of a problem reading a file.
fn read_kind(problem: &ReadError) -> ErrorKind {
    match problem {
        ReadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => ErrorKind::NotFound,
        ReadError::Io { .. } => ErrorKind::Unreadable,
        ReadError::Empty | ReadError::NoRecords { .. } | ReadError::NoTrackPoints => ErrorKind::Empty,
        ReadError::FileTooLarge { .. } | ReadError::TooLarge { .. } => ErrorKind::TooLarge,
        ReadError::UnknownFormat { .. } | ReadError::NotFit { .. } => ErrorKind::UnsupportedFormat,
        ReadError::Gzip { .. } | ReadError::NoFitData { .. } | ReadError::Xml { .. } => ErrorKind::Corrupt,
        ReadError::NoTimestamps => ErrorKind::InvalidInput,
    }
}

impl Error {
    /// What kind of failure this is.
    ///
    /// # Examples
    /// ```
    /// let error = gluteus::analyze_path("no/such/run.fit".as_ref(), &Default::default()).unwrap_err();
    /// assert_eq!(error.kind(), gluteus::ErrorKind::NotFound);
    /// assert_eq!(error.kind().name(), "not_found");
    /// assert_eq!(error.to_string(), "no/such/run.fit: no such file");
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Ingest(e) => read_kind(&e.problem),
            Error::Read { source, .. } => read_kind(source),
            Error::Clean { source, .. } => match source {
                CleanError::TooFewSamples { .. } => ErrorKind::Empty,
                CleanError::NoDistance | CleanError::Implausible { .. } => ErrorKind::InvalidInput,
            },
            Error::SurfaceMap { source, .. } => match source {
                MapError::Empty => ErrorKind::Empty,
                MapError::Malformed(_) => ErrorKind::Corrupt,
                MapError::UnknownKind => ErrorKind::UnsupportedFormat,
            },
            Error::Athlete { .. } | Error::SurfaceFile { .. } | Error::Course { .. } | Error::InvalidInput { .. } => {
                ErrorKind::InvalidInput
            }
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }
}

/// `Result` with [`Error`] as its default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
