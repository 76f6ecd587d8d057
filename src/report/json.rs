//! `analyze --json`: one element per input, in input order: its analysis, or
//! `{"file", "error": {"kind", "message"}}`. One input gives one object; several give an array.

use crate::analysis::Analysis;
use crate::error::{Error, ErrorKind};
use serde::Serialize;
use std::borrow::Cow;

/// A failed input, as JSON shows it.
#[derive(Serialize)]
struct Failure<'a> {
    file: &'a str,
    error: ErrorInfo,
}

#[derive(Serialize)]
struct ErrorInfo {
    kind: ErrorKind,
    message: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Element<'a> {
    Analysis(Cow<'a, Analysis>),
    Failure(Failure<'a>),
}

fn element<'a>(file: &'a str, outcome: &'a Result<Analysis, Error>, series: bool) -> Element<'a> {
    match outcome {
        Ok(analysis) if series || analysis.runs.iter().all(|r| r.series.is_none()) => {
            Element::Analysis(Cow::Borrowed(analysis))
        }
        Ok(analysis) => {
            let mut plain = analysis.clone();
            for run in &mut plain.runs {
                run.series = None;
            }
            Element::Analysis(Cow::Owned(plain))
        }
        Err(error) => Element::Failure(Failure {
            file,
            error: ErrorInfo {
                kind: error.kind(),
                message: error.to_string(),
            },
        }),
    }
}

/// The JSON of `analyze --json` for the outcomes of the inputs, in order (`file` names each
/// input), pretty-printed with a final newline. Runs carry their series only when `series`.
///
/// # Examples
/// ```
/// let path = std::path::Path::new("samples/beach.gpx");
/// let outcome = gluteus::analyze_path(path, &Default::default());
/// let bytes = gluteus::report::json(&[("samples/beach.gpx".to_owned(), outcome)], false);
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// assert_eq!(value["file"], "samples/beach.gpx");
/// assert!(value["runs"][0].get("series").is_none());
/// ```
pub fn json(outcomes: &[(String, Result<Analysis, Error>)], series: bool) -> Vec<u8> {
    let elements: Vec<Element<'_>> = outcomes
        .iter()
        .map(|(file, outcome)| element(file, outcome, series))
        .collect();
    // Serialising these types to memory cannot fail: every map key is a string.
    let mut bytes = match elements.as_slice() {
        [only] => serde_json::to_vec_pretty(only),
        _ => serde_json::to_vec_pretty(&elements),
    }
    .unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
