//! ingest: the bytes of one file (FIT, GPX or TCX, optionally gzipped) -> [`Recording`]. The only
//! stage that knows file formats. Times are UTC, positions degrees, everything else SI; a partly
//! damaged file gives the samples it could read plus warnings.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)] // the stage that reads files

mod detect;
pub mod fit;
mod gpx;
mod recording;
mod tcx;
mod xml;

pub use detect::MAX_INFLATED_BYTES;
pub use recording::{
    Altimeter, Channel, Clock, CrcStatus, Event, EventKind, FileCrc, Format, HeaderCrc, Lap, Recording, Samples,
    Session, Sport, TimerEvents,
};

use std::path::{Path, PathBuf};

/// The most bytes a file may have on disk: a guard against reading a disk image by mistake.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// What is wrong with a file's content. Messages are lowercase and name the problem, not the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be read from disk. Check the path and its permissions.
    #[error("{message}")]
    Io {
        /// The operating system's words, lowercase.
        message: String,
        /// The error itself.
        #[source]
        source: std::io::Error,
    },
    /// The file has no bytes (or only white space).
    #[error("empty file")]
    Empty,
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("file too large ({bytes} bytes): run files are at most a few tens of megabytes")]
    FileTooLarge {
        /// Its size.
        bytes: u64,
    },
    /// The content is not FIT, GPX or TCX, gzipped or not.
    #[error("not a fit, gpx or tcx file: it looks like {seems}")]
    UnknownFormat {
        /// What the content looks like instead.
        seems: &'static str,
    },
    /// A gzip stream that does not inflate. The download may be incomplete.
    #[error("broken gzip data: {message}")]
    Gzip {
        /// The inflater's words.
        message: String,
    },
    /// A gzip stream that inflates past [`MAX_INFLATED_BYTES`].
    #[error("gzip data inflates past {limit_mib} mib: refused")]
    TooLarge {
        /// The limit in MiB.
        limit_mib: u64,
    },
    /// A FIT file in which no message could be read.
    #[error("no readable fit messages: {why}")]
    NoFitData {
        /// What stopped the decoder.
        why: String,
    },
    /// A FIT file without `record` messages: settings, a course, or an empty activity.
    #[error("no record messages (a {kind} file): nothing recorded to analyse")]
    NoRecords {
        /// The file type from `file_id` (`settings`, `activity`, ...).
        kind: String,
    },
    /// Malformed XML that the reader cannot get past.
    #[error("malformed xml at byte {position}: {message}")]
    Xml {
        /// Byte offset of the error.
        position: u64,
        /// The XML reader's words.
        message: String,
    },
    /// `--messages` was asked of a file that is not FIT.
    #[error("fit messages asked of a {format} file: only fit files have them")]
    NotFit {
        /// The file's real format.
        format: &'static str,
    },
    /// A GPX or TCX file without track points.
    #[error("no track points: nothing recorded to analyse")]
    NoTrackPoints,
    /// A GPX or TCX file whose points have no times: a planned route.
    #[error("no timestamps: this is a route, not a recorded run")]
    NoTimestamps,
}

/// A file that could not be read, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct IngestError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    #[source]
    pub problem: ReadError,
}

fn io_problem(source: std::io::Error) -> ReadError {
    let message = match source.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => {
            let text = source.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            format!("cannot read: {}", text.to_lowercase())
        }
    };
    ReadError::Io { message, source }
}

/// Reads one run file from disk. The file is only read, never modified.
///
/// # Errors
/// [`IngestError`] naming the path and the problem.
///
/// # Examples
/// ```
/// let recording = gluteus::ingest::read("samples/beach.gpx".as_ref()).unwrap();
/// assert_eq!(recording.format, gluteus::ingest::Format::Gpx);
/// assert!(recording.samples.len() > 100);
/// let error = gluteus::ingest::read("no/such/file.fit".as_ref()).unwrap_err();
/// assert_eq!(error.to_string(), "no/such/file.fit: no such file");
/// ```
pub fn read(path: &Path) -> Result<Recording, IngestError> {
    let fail = |problem| IngestError {
        path: path.to_owned(),
        problem,
    };
    let bytes = load(path).map_err(fail)?;
    read_bytes(&bytes).map_err(fail)
}

/// Every message and field of a FIT file (gzipped or not) as fitparser's full profile decodes them.
///
/// # Errors
/// [`IngestError`] when the file cannot be read or is not FIT.
pub fn fit_messages(path: &Path) -> Result<fit::MessageDump, IngestError> {
    let fail = |problem| IngestError {
        path: path.to_owned(),
        problem,
    };
    let bytes = load(path).map_err(fail)?;
    let bytes = if detect::is_gzip(&bytes) {
        detect::gunzip(&bytes).map_err(fail)?
    } else {
        bytes
    };
    match detect::detect(&bytes).map_err(fail)? {
        Format::Fit => Ok(fit::messages(&bytes)),
        other => Err(fail(ReadError::NotFit { format: other.name() })),
    }
}

/// The bytes of a run file, as [`read`] reads them: directories and files larger than
/// [`MAX_FILE_BYTES`] are refused. The file is only read, never modified.
///
/// # Errors
/// [`IngestError`] naming the path and the problem.
pub fn load_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    load(path).map_err(|problem| IngestError {
        path: path.to_owned(),
        problem,
    })
}

/// The bytes of a file, refusing directories and files too large to be runs.
fn load(path: &Path) -> Result<Vec<u8>, ReadError> {
    load_limited(path, MAX_FILE_BYTES)
}

/// The bytes of any input file (an athlete file, a surface map), refusing directories and files
/// larger than `max_bytes`.
pub(crate) fn load_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let size = check_file(path)?;
    if size > max_bytes {
        return Err(ReadError::FileTooLarge { bytes: size });
    }
    std::fs::read(path).map_err(io_problem)
}

/// The size of a file that exists and is not a directory.
pub(crate) fn check_file(path: &Path) -> Result<u64, ReadError> {
    let metadata = std::fs::metadata(path).map_err(io_problem)?;
    if metadata.is_dir() {
        return Err(ReadError::Io {
            message: "is a directory".to_owned(),
            source: std::io::Error::other("is a directory"),
        });
    }
    Ok(metadata.len())
}

/// Reads the bytes of one run file of any supported format, gzipped or not, detected by content.
///
/// # Errors
/// [`ReadError`] when the bytes are not a run file or nothing usable could be recovered.
///
/// # Examples
/// ```
/// use gluteus::ingest::{read_bytes, Format};
/// let gpx = br#"<gpx version="1.1"><trk><trkseg>
///     <trkpt lat="46.5" lon="6.6"><time>2026-01-05T07:00:00Z</time></trkpt>
///     <trkpt lat="46.5001" lon="6.6"><time>2026-01-05T07:00:05Z</time></trkpt>
/// </trkseg></trk></gpx>"#;
/// let recording = read_bytes(gpx).unwrap();
/// assert_eq!(recording.format, Format::Gpx);
/// assert_eq!(recording.samples.len(), 2);
/// assert!(read_bytes(b"\x89PNG\r\n\x1a\n").is_err());
/// ```
pub fn read_bytes(bytes: &[u8]) -> Result<Recording, ReadError> {
    let plain = inflate(bytes)?;
    read_inflated(&plain, detect::is_gzip(bytes))
}

/// The bytes of a file after gunzip: the same bytes when they are not gzip. A file's content
/// hash is taken over these, so that `run.fit` and `run.fit.gz` are the same activity.
///
/// # Errors
/// [`ReadError::Gzip`] or [`ReadError::TooLarge`] for gzip that does not inflate or inflates past
/// [`MAX_INFLATED_BYTES`].
pub fn inflate(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, ReadError> {
    if detect::is_gzip(bytes) {
        Ok(std::borrow::Cow::Owned(detect::gunzip(bytes)?))
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes))
    }
}

/// Reads bytes that [`inflate`] gave; `compressed` says whether they came out of gzip.
///
/// # Errors
/// As [`read_bytes`].
pub fn read_inflated(bytes: &[u8], compressed: bool) -> Result<Recording, ReadError> {
    let mut recording = read_plain(bytes)?;
    recording.compressed = compressed;
    Ok(recording)
}

fn read_plain(bytes: &[u8]) -> Result<Recording, ReadError> {
    match detect::detect(bytes)? {
        Format::Fit => fit::read(bytes),
        Format::Gpx => gpx::read(bytes),
        Format::Tcx => tcx::read(bytes),
    }
}
