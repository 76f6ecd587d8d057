//! The file formats gluteus reads and writes, and how a file's name maps to its format and base name.

use serde::{Deserialize, Serialize};

/// The file formats gluteus reads (and the simulator writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Garmin's binary Flexible and Interoperable data Transfer format.
    Fit,
    /// GPS Exchange Format 1.0 or 1.1.
    Gpx,
    /// Garmin Training Center XML.
    Tcx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Fit, Format::Gpx, Format::Tcx];

    /// The lowercase name used in JSON, messages and file extensions.
    pub fn name(self) -> &'static str {
        match self {
            Format::Fit => "fit",
            Format::Gpx => "gpx",
            Format::Tcx => "tcx",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A run file's name understood: the format its extension names (if any), whether it ends in
/// `.gz`, and its base name, which side files (`BASE.surface.toml`) and outputs share.
///
/// The rule, in one place: drop a final `.gz`, then a final `.fit`, `.gpx` or `.tcx` (any case);
/// what is left is the base name. `run.2026-01-05.gpx.gz` has the base name `run.2026-01-05`; a
/// name with another extension keeps it (`export.xml` stays `export.xml`), because gluteus finds a
/// file's format from its content, not its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName {
    /// The format the extension names, if it names one.
    pub format: Option<Format>,
    /// Ends in `.gz`.
    pub gzip: bool,
    /// The name without `.gz` and the format's extension (any leading folders are kept).
    pub base: String,
}

impl FileName {
    /// Reads a file name (or path).
    ///
    /// # Examples
    /// ```
    /// use gluteus::{FileName, Format};
    /// let name = FileName::parse("out/run.2026-01-05.GPX.gz");
    /// assert_eq!(name.format, Some(Format::Gpx));
    /// assert!(name.gzip);
    /// assert_eq!(name.base, "out/run.2026-01-05");
    /// assert_eq!(FileName::parse("export.xml").base, "export.xml");
    /// ```
    pub fn parse(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        let (rest, gzip) = match lower.strip_suffix(".gz") {
            Some(rest) => (rest, true),
            None => (lower.as_str(), false),
        };
        let found = Format::ALL
            .into_iter()
            .find(|f| rest.len() > 4 && rest.ends_with(f.name()) && rest.as_bytes()[rest.len() - 4] == b'.');
        let keep = rest.len() - if found.is_some() { 4 } else { 0 };
        // `lower` has the same byte length as `name` (ASCII case mapping only).
        Self {
            format: found,
            gzip,
            base: name[..keep].to_owned(),
        }
    }
}
