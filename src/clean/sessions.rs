//! Which parts of a recording are runs: one run per running session (docs/architecture.md). Records
//! belong to the session whose window `[start, start + elapsed]` holds their time (the latest such
//! session when windows touch); other sessions are listed as skipped.

use crate::analysis::{SkipReason, Skipped};
use crate::ingest::{Recording, Session, Sport};

/// A session to analyse as a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunWindow {
    /// Index of the session in the recording (0 when the file has none).
    pub session: usize,
    /// Its sport.
    pub sport: Sport,
    /// Its sub-sport, as the file names it.
    pub sub_sport: Option<String>,
    /// Indices of its samples in the recording, in file order.
    pub samples: Vec<usize>,
    /// Start and end of its window, Unix seconds, when the file gives one.
    pub window: Option<(f64, f64)>,
    /// The device's own totals for the session.
    pub device: Option<Session>,
}

/// Seconds a record may lie after its session's stated end and still belong to it (watches round).
const WINDOW_SLACK_S: f64 = 1.0;

/// The runs of a recording, and the sessions skipped (in session order). A file with no running
/// session gives no runs and lists every session as skipped.
///
/// A file without sessions is one run unless its sport says otherwise. A `generic` session counts
/// as a run only when no session of the file is explicitly running (a GPX file without `<type>`).
pub fn runs(recording: &Recording) -> (Vec<RunWindow>, Vec<Skipped>) {
    let n = recording.samples.len();
    if recording.sessions.is_empty() {
        let sport = recording.sport.clone().unwrap_or(Sport::Generic);
        if !is_run(&sport, true) {
            let message = format!("not a run ({})", sport.name());
            return (
                Vec::new(),
                vec![Skipped {
                    session: 0,
                    sport,
                    reason: SkipReason::NotARun,
                    message,
                }],
            );
        }
        return (
            vec![RunWindow {
                session: 0,
                sport,
                sub_sport: None,
                samples: (0..n).collect(),
                window: None,
                device: None,
            }],
            Vec::new(),
        );
    }
    let any_running = recording.sessions.iter().any(|s| s.sport == Sport::Running);
    let starts: Vec<Option<f64>> = recording.sessions.iter().map(|s| s.start_s).collect();
    let windowed = starts.iter().all(Option::is_some);
    let mut runs = Vec::new();
    let mut skipped = Vec::new();
    for (index, session) in recording.sessions.iter().enumerate() {
        if !is_run(&session.sport, !any_running) {
            let (reason, message) = if session.sport == Sport::Generic {
                (
                    SkipReason::GenericBesideRuns,
                    "a generic session in a file with running sessions".to_owned(),
                )
            } else {
                (SkipReason::NotARun, format!("not a run ({})", session.sport.name()))
            };
            skipped.push(Skipped {
                session: index,
                sport: session.sport.clone(),
                reason,
                message,
            });
            continue;
        }
        let (samples, window) = if windowed && recording.sessions.len() > 1 {
            let start = session.start_s.unwrap_or(f64::NEG_INFINITY);
            let end = session.elapsed_s.map_or(f64::INFINITY, |e| start + e);
            // The next session that starts later takes over at its start.
            let next = starts
                .iter()
                .flatten()
                .copied()
                .filter(|&s| s > start)
                .fold(f64::INFINITY, f64::min);
            let limit = (end + WINDOW_SLACK_S).min(next);
            let inside: Vec<usize> = recording
                .samples
                .t_s
                .iter()
                .enumerate()
                .filter(|&(_, &t)| t >= start && t < limit)
                .map(|(i, _)| i)
                .collect();
            (inside, Some((start, end)))
        } else {
            let window = session.start_s.zip(session.elapsed_s).map(|(s, e)| (s, s + e));
            ((0..n).collect(), window)
        };
        if samples.is_empty() {
            skipped.push(Skipped {
                session: index,
                sport: session.sport.clone(),
                reason: SkipReason::NoSamples,
                message: "no samples in its time window".to_owned(),
            });
            continue;
        }
        runs.push(RunWindow {
            session: index,
            sport: session.sport.clone(),
            sub_sport: session.sub_sport.clone(),
            samples,
            window,
            device: Some(session.clone()),
        });
    }
    (runs, skipped)
}

/// Whether a sport is analysed as a run; `generic` only when `generic_is_run`.
fn is_run(sport: &Sport, generic_is_run: bool) -> bool {
    match sport {
        Sport::Running => true,
        Sport::Generic => generic_is_run,
        _ => false,
    }
}
