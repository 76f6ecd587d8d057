//! A report over many inputs: each input's folder names, each run's files drawn, and the index,
//! from the outcomes of analysing the inputs (the caller writes the files).

use super::chart::{Basemap, ChartError};
use super::html::{IndexRow, ReportFile, ReportOptions, folder_names, index_page, run_report};
use crate::analysis::Analysis;
use crate::error::Error;
use crate::surface::SurfaceMap;
use crate::vocab::Units;
use rayon::prelude::*;

/// The outcome of analysing one input: its name as given, and its analysis or its error.
pub type Outcome = (String, Result<Analysis, Error>);

/// What one run's report is: its folder, and its files or why they could not be drawn.
pub type RunFiles = (String, Result<Vec<ReportFile>, ChartError>);

/// The folder of each run of each input, in input order ([`folder_names`]).
pub fn folders_for(outcomes: &[Outcome]) -> Vec<Vec<String>> {
    let sessions: Vec<(&str, Vec<usize>)> = outcomes
        .iter()
        .map(|(file, outcome)| {
            let sessions = outcome
                .as_ref()
                .map(|a| a.runs.iter().map(|r| r.session).collect())
                .unwrap_or_default();
            (file.as_str(), sessions)
        })
        .collect();
    folder_names(&sessions)
}

/// The files of every run of one analysed file, drawn in parallel (rayon), in run order; each
/// run's route over the map's ways when a surface map is given.
pub fn file_reports(
    analysis: &Analysis,
    folders: &[String],
    map: Option<&SurfaceMap>,
    options: &ReportOptions,
) -> Vec<RunFiles> {
    analysis
        .runs
        .par_iter()
        .zip(folders)
        .map(|(run, folder)| {
            let basemap = map.and_then(|m| Basemap::around(run, m));
            (folder.clone(), run_report(analysis, run, basemap.as_ref(), options))
        })
        .collect()
}

/// The index page of a report: every run linked to its folder, every file with no run said so,
/// every failure (`errors[k]`, the input's analysis error or a chart's) with its message.
pub fn index_for(outcomes: &[Outcome], folders: &[Vec<String>], errors: &[Option<String>], units: Units) -> String {
    let skipped: Vec<String> = outcomes
        .iter()
        .map(|(_, o)| match o {
            Ok(a) if a.runs.is_empty() => a
                .skipped
                .iter()
                .map(|s| format!("session {} ({}): {}", s.session, s.sport, s.message))
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        })
        .collect();
    let mut rows = Vec::new();
    for (k, ((file, outcome), names)) in outcomes.iter().zip(folders).enumerate() {
        match (outcome, errors.get(k).and_then(Option::as_deref)) {
            (Err(error), None) => rows.push(IndexRow::Failed {
                file,
                error: error.to_string(),
            }),
            (_, Some(error)) => rows.push(IndexRow::Failed {
                file,
                error: error.to_owned(),
            }),
            (Ok(analysis), None) if analysis.runs.is_empty() => rows.push(IndexRow::NoRun { file, why: &skipped[k] }),
            (Ok(analysis), None) => {
                for (run, folder) in analysis.runs.iter().zip(names) {
                    rows.push(IndexRow::Run { folder, analysis, run });
                }
            }
        }
    }
    index_page(&rows, units)
}
