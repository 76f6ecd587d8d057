//! batch: the pipeline over a whole archive. Inputs are found in a fixed order ([`discover`]),
//! analysed in parallel (rayon) a window at a time, and written by one writer in input order, one
//! transaction per window: the database is the same whatever the thread count, memory is bounded
//! by the window, and a process killed at any instant loses only its open window, which the next
//! run redoes. Every input is accounted for: a run, a session skipped, a duplicate, a failure, or
//! a file of another type ignored.

pub mod discover;
pub mod limits;
pub mod strava;

use crate::analysis::Analysis;
use crate::pipeline::{Options, analyze_bytes, sha256_hex};
use crate::store::{Outcome, Place, Store, StoreError, Writer};
pub use discover::Shard;
use discover::{Data, Input};
use limits::Limits;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Two recordings of one run: the same sport, starts within this many seconds ...
pub const SAME_RUN_START_S: f64 = 60.0;
/// ... and distances within this share of the larger.
pub const SAME_RUN_DISTANCE: f64 = 0.02;

/// How a batch runs.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// The analysis options.
    pub analysis: Options,
    /// The safety limits.
    pub limits: Limits,
    /// Inputs analysed at once, then written in one transaction.
    pub window: usize,
    /// Redo every input, stored or not.
    pub force: bool,
    /// Retry inputs stored as failures.
    pub retry_failures: bool,
    /// Only this shard's inputs (`--shard K/N`).
    pub shard: Option<Shard>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        Self {
            analysis: Options::default(),
            limits: Limits::default(),
            window: 256,
            force: false,
            retry_failures: false,
            shard: None,
        }
    }
}

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Inputs found (run files and zip entries that are run files).
    pub inputs: u64,
    /// Inputs read and written so far (the unchanged ones not counted).
    pub written: u64,
    /// Runs stored.
    pub runs: u64,
    /// Sessions skipped (not runs, or unusable).
    pub skipped: u64,
    /// Runs not stored because they were already (the same bytes, or the same run).
    pub duplicates: u64,
    /// Inputs that failed.
    pub failed: u64,
    /// Files of other types passed over.
    pub ignored: u64,
    /// Inputs already stored by an earlier batch, not read again.
    pub unchanged: u64,
    /// Inputs of other shards, not read.
    pub elsewhere: u64,
    /// The slowest inputs to analyse, slowest first (at most 5).
    pub slowest: Vec<(String, Duration)>,
    /// Every failure of this batch: the input and its error, in input order.
    pub failures: Vec<(String, String)>,
}

/// What the parallel stage made of one input.
struct Processed {
    input: Input,
    raw_sha256: String,
    result: Result<Made, (String, String)>,
    took: Duration,
}

/// An input read: analysed, or passed over without decoding.
enum Made {
    /// Its analysis.
    Analysis(Analysis),
    /// Not an activity (a FIT file of another type), or an activity that is not a run: one
    /// skipped row, without decoding.
    Skip {
        /// SHA-256 of its bytes after gunzip.
        content_sha256: String,
        /// The sport, or what the file is.
        sport: String,
        /// `not_an_activity`, `not_a_run` or `route`.
        reason: &'static str,
        /// Why, in words.
        message: String,
    },
}

/// The FIT file types by number, for messages.
fn fit_type_name(t: u8) -> String {
    match t {
        1 => "device".to_owned(),
        2 => "settings".to_owned(),
        3 => "sport".to_owned(),
        5 => "workout".to_owned(),
        6 => "course".to_owned(),
        9 => "weight".to_owned(),
        15 => "monitoring".to_owned(),
        32 => "monitoring_b".to_owned(),
        49 => "sleep".to_owned(),
        other => format!("type {other}"),
    }
}

/// Reads, inflates (within the limits) and analyses one input.
fn process(mut input: Input, options: &BatchOptions) -> Processed {
    let start = Instant::now();
    // The bytes of a zip entry move out of the input (which keeps only where it was found).
    let data = std::mem::replace(&mut input.data, Data::Bytes(Vec::new()));
    let raw = match data {
        Data::File(path) => crate::ingest::load_file(&path).map_err(|e| {
            let e = crate::Error::from(e);
            (e.kind().name().to_owned(), e.to_string())
        }),
        Data::Bytes(bytes) => Ok(bytes),
        Data::Refused { kind, message } => Err((kind.to_owned(), format!("{}: {message}", input.name))),
    };
    let (raw_sha256, result) = match raw {
        Err(e) => (String::new(), Err(e)),
        Ok(raw) => {
            // Bytes that are not gzipped hash once: their raw hash is their content hash, which
            // the analysis computes.
            let gzipped = raw.starts_with(&[0x1f, 0x8b]);
            let mut sha = if gzipped { sha256_hex(&raw) } else { String::new() };
            let inflated = if gzipped {
                limits::gunzip(&raw, &options.limits).map_err(|e| (e.kind().to_owned(), format!("{}: {e}", input.name)))
            } else {
                Ok(raw)
            };
            let strava_skip = input
                .strava
                .as_ref()
                .filter(|a| strava::not_a_run(&a.kind))
                .map(|a| a.kind.clone());
            let result = inflated.and_then(|bytes| match crate::ingest::fit::file_type(&bytes) {
                _ if input.route => Ok(Made::Skip {
                    content_sha256: sha256_hex(&bytes),
                    sport: "route".to_owned(),
                    reason: "route",
                    message: "a planned route of the strava export, not a recorded run".to_owned(),
                }),
                _ if strava_skip.is_some() => Ok(Made::Skip {
                    content_sha256: sha256_hex(&bytes),
                    sport: strava_skip.clone().unwrap_or_default(),
                    reason: "not_a_run",
                    message: format!(
                        "not a run: {} in the strava export",
                        strava_skip.clone().unwrap_or_default()
                    ),
                }),
                Some(t) if t != 4 => Ok(Made::Skip {
                    content_sha256: sha256_hex(&bytes),
                    sport: fit_type_name(t),
                    reason: "not_an_activity",
                    message: format!("a fit {} file, not an activity", fit_type_name(t)),
                }),
                _ => {
                    let analysed = analyze_bytes(&input.name, &bytes, &options.analysis);
                    if sha.is_empty() {
                        sha = match &analysed {
                            Ok(a) => a.content_sha256.clone(),
                            Err(_) => sha256_hex(&bytes),
                        };
                    }
                    analysed
                        .map(Made::Analysis)
                        .map_err(|e| (e.kind().name().to_owned(), e.to_string()))
                }
            });
            if sha.is_empty() {
                sha = match &result {
                    Ok(Made::Skip { content_sha256, .. }) => content_sha256.clone(),
                    _ => String::new(),
                };
            }
            (sha, result)
        }
    };
    Processed {
        input,
        raw_sha256,
        result,
        took: start.elapsed(),
    }
}

/// Runs a batch over `paths` into `store`, on the current rayon pool: discovery and the analysis
/// of each window on this thread and the pool, the writing of the window before on a writer
/// thread of its own, so that the two overlap. `progress` is called after each window is
/// written, with the summary so far.
///
/// # Errors
/// The store's errors (a database that cannot be written), or a path that cannot be listed.
pub fn run(
    paths: &[PathBuf],
    store: &mut Store,
    options: &BatchOptions,
    progress: &mut (dyn FnMut(&Summary) + Send),
) -> anyhow::Result<Summary> {
    // Discovery asks a connection of its own whether an input is stored (the write-ahead log
    // lets it read while the writer writes).
    let reader = store.reopen()?;
    let found = std::sync::atomic::AtomicU64::new(0);
    let (to_writer, windows) = std::sync::mpsc::sync_channel::<Vec<Processed>>(1);
    std::thread::scope(|scope| {
        let found = &found;
        let writer = scope.spawn(move || -> anyhow::Result<Summary> {
            let mut summary = Summary::default();
            for processed in windows {
                store.transaction(|w| {
                    for p in &processed {
                        write(w, p, &mut summary)?;
                    }
                    Ok(())
                })?;
                summary.written += processed.len() as u64;
                for p in processed {
                    summary.slowest.push((p.input.name, p.took));
                }
                summary.slowest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                summary.slowest.truncate(5);
                summary.inputs = found.load(std::sync::atomic::Ordering::Relaxed);
                progress(&summary);
            }
            Ok(summary)
        });
        let mut window: Vec<Input> = Vec::with_capacity(options.window);
        let mut unchanged = 0;
        let send = |window: &mut Vec<Input>| -> anyhow::Result<()> {
            if window.is_empty() {
                return Ok(());
            }
            let inputs = std::mem::take(window);
            let processed: Vec<Processed> = inputs.into_par_iter().map(|input| process(input, options)).collect();
            // A closed channel means the writer stopped on an error, which joining it returns.
            to_writer
                .send(processed)
                .map_err(|_| anyhow::anyhow!("the batch's writer stopped"))
        };
        let known = |place: &Place, size: u64, modified_ms: i64| {
            !options.force
                && reader
                    .seen(place, size, modified_ms)
                    .ok()
                    .flatten()
                    .is_some_and(|outcome| outcome != Outcome::Failed.name() || !options.retry_failures)
        };
        let discovered = discover::discover(paths, &options.limits, &known, options.shard, &mut |input| {
            found.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if !options.force
                && let Some(outcome) = reader.seen(&input.place, input.size, input.modified_ms)?
                && (outcome != Outcome::Failed.name() || !options.retry_failures)
            {
                unchanged += 1;
                return Ok(());
            }
            window.push(input);
            if window.len() >= options.window {
                send(&mut window)?;
            }
            Ok(())
        });
        let last = send(&mut window);
        drop(to_writer);
        let mut summary = writer
            .join()
            .map_err(|_| anyhow::anyhow!("the batch's writer panicked"))??;
        let discovered = discovered?;
        last?;
        summary.inputs = found.load(std::sync::atomic::Ordering::Relaxed) + discovered.known;
        summary.unchanged = unchanged + discovered.known;
        summary.ignored = discovered.ignored;
        summary.elsewhere = discovered.elsewhere;
        Ok(summary)
    })
}

/// Writes what became of one input, in input order.
fn write(w: &Writer<'_>, p: &Processed, summary: &mut Summary) -> Result<(), StoreError> {
    let place: &Place = &p.input.place;
    let (size, modified_ms) = (p.input.size, p.input.modified_ms);
    let analysis = match &p.result {
        Err((kind, message)) => {
            summary.failed += 1;
            summary.failures.push((p.input.name.clone(), message.clone()));
            w.failure(place, &p.raw_sha256, kind, message)?;
            return w.source(place, size, modified_ms, &p.raw_sha256, None, Outcome::Failed, None);
        }
        Ok(Made::Skip {
            content_sha256,
            sport,
            reason,
            message,
        }) => {
            w.clear_failure(place)?;
            w.skipped_file(content_sha256, place, sport, reason, message)?;
            summary.skipped += 1;
            let strava = p.input.strava.as_ref().map(|a| (a.name.as_str(), a.kind.as_str()));
            return w.source(
                place,
                size,
                modified_ms,
                &p.raw_sha256,
                Some(content_sha256),
                Outcome::NoRun,
                strava,
            );
        }
        Ok(Made::Analysis(a)) => a,
    };
    w.clear_failure(place)?;
    let sha = analysis.content_sha256.as_str();
    let mut kept = 0;
    let mut dropped = 0;
    for skipped in &analysis.skipped {
        w.skipped(analysis, place, skipped)?;
        summary.skipped += 1;
    }
    // The same bytes found at another place, stored already: each run a duplicate of itself there.
    let same_bytes = w.content_elsewhere(sha, place)?;
    for run in &analysis.runs {
        if same_bytes {
            w.duplicate(
                sha,
                run.session,
                (sha, run.session),
                "same_bytes",
                Some(0.0),
                Some(0.0),
                place,
            )?;
            dropped += 1;
            continue;
        }
        let twin = match (run.start_time, run.sport.to_string()) {
            (Some(start), sport) => {
                let s = start.unix_s();
                w.runs_starting(&sport, s - SAME_RUN_START_S, s + SAME_RUN_START_S)?
                    .into_iter()
                    .filter(|k| k.content_sha256 != sha)
                    .find(|k| {
                        let larger = k.distance_m.max(run.summary.distance_m);
                        (k.distance_m - run.summary.distance_m).abs() <= SAME_RUN_DISTANCE * larger
                    })
                    .map(|k| (k, s))
            }
            (None, _) => None,
        };
        if let Some((k, s)) = twin {
            if let Some(a) = &p.input.strava {
                w.attach_strava(&k.content_sha256, &a.name, &a.kind)?;
            }
            w.duplicate(
                sha,
                run.session,
                (&k.content_sha256, k.session),
                "same_run",
                Some(s - k.start_unix_s),
                Some(run.summary.distance_m - k.distance_m),
                place,
            )?;
            dropped += 1;
        } else {
            w.run(analysis, run)?;
            kept += 1;
        }
    }
    summary.runs += kept;
    summary.duplicates += dropped;
    let outcome = if kept > 0 {
        Outcome::Run
    } else if dropped > 0 {
        Outcome::Duplicate
    } else {
        Outcome::NoRun
    };
    let strava = p.input.strava.as_ref().map(|a| (a.name.as_str(), a.kind.as_str()));
    w.source(place, size, modified_ms, &p.raw_sha256, Some(sha), outcome, strava)
}
