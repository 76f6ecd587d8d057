//! The one place the stage order is written down, and the library's front door: a file (or its
//! bytes) → [`Analysis`].
//!
//! ```text
//! bytes ─► ingest ─► clean ─► surface ─► segment ─► model ─► Analysis (runs, series, skipped)
//! ```
//!
//! [`analyze_path`] and [`analyze_bytes`] take [`Options`]: the athlete, the models, a surface for
//! the whole run and a loaded surface map that threads share. [`Settings`] builds `Options` from
//! what a user typed (an athlete file, a mass, a map file), with every check in one place.

mod inputs;
mod series;
mod summary;
mod verdict;

pub use inputs::{Settings, load_surface_map, load_surface_map_data, read_athlete_file, surface_side_file};
pub use series::series;

use crate::analysis::{
    AthleteEcho, MODEL_VERSION, MassSource, Run, RunSegment, SCHEMA_VERSION, SkipReason, Skipped, SurfaceSource,
};
use crate::clean::{self, CleanConfig};
use crate::error::Error;
use crate::ingest::{self, Clock, IngestError, Recording};
use crate::model::{self, Athlete, Models};
use crate::segment::{self, SegmentConfig};
use crate::surface::{self, OverrideRange, Overrides, SurfaceConfig, SurfaceMap};
use crate::time::Timestamp;
use crate::vocab::{Surface, Units};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use crate::analysis::Analysis;

/// How to analyse: the runner, the models, surfaces, units, and every stage's thresholds. Cheap to
/// clone; the surface map is shared.
#[derive(Clone, Debug)]
pub struct Options {
    /// The runner: mass, preferred cadence, threshold pace.
    pub athlete: Athlete,
    /// The energy, grade-adjusted pace and glute models, and their constants.
    pub models: Models,
    /// The surface of every run, over the file's hint and any map (`--surface`).
    pub surface: Option<Surface>,
    /// A loaded surface map, shared by every file and thread.
    pub surface_map: Option<Arc<SurfaceMap>>,
    /// A digital elevation model whose elevation replaces GPS elevation (`--dem`), shared.
    pub dem: Option<Arc<crate::terrain::Dem>>,
    /// Whether [`analyze_path`] reads a run's surface file (`BASE.surface.toml`) beside it.
    pub surface_files: bool,
    /// Units of the splits (km or mile).
    pub units: Units,
    /// The clean stage's thresholds.
    pub clean: CleanConfig,
    /// The segment stage's thresholds.
    pub segment: SegmentConfig,
    /// Surface matching.
    pub matching: SurfaceConfig,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            athlete: Athlete::default(),
            models: Models::default(),
            surface: None,
            surface_map: None,
            dem: None,
            surface_files: true,
            units: Units::Metric,
            clean: CleanConfig::default(),
            segment: SegmentConfig::default(),
            matching: SurfaceConfig::default(),
        }
    }
}

/// Analyses one run file: FIT, GPX or TCX, gzipped or not, found by content. The surface file
/// beside it (`BASE.surface.toml`, see [`crate::FileName`]) is read when `options.surface_files`.
/// The file is only read, never modified.
///
/// A file with no running session is not an error: its analysis has no runs and lists its
/// sessions as skipped. A panic inside gluteus becomes an [`Error::Internal`] for this file.
///
/// # Errors
/// An [`Error`] naming the file and the problem; [`Error::kind`] says what kind.
///
/// # Examples
/// ```
/// let analysis = gluteus::analyze_path("samples/hill-repeats.fit".as_ref(), &Default::default())?;
/// let run = &analysis.runs[0];
/// let tiled: f64 = run.segments.iter().map(|s| s.segment.duration_s).sum();
/// assert!((tiled - run.summary.timer_s).abs() < 1e-6);
/// assert_eq!(analysis.content_sha256.len(), 64);
/// # Ok::<(), gluteus::Error>(())
/// ```
pub fn analyze_path(path: &Path, options: &Options) -> Result<Analysis, Error> {
    let name = path.display().to_string();
    guarded(&name, || {
        let bytes = ingest::load_file(path)?;
        let ranges = if options.surface_files {
            surface_side_file(path)?
        } else {
            Vec::new()
        };
        analyze_inner(&name, &bytes, options, ranges)
    })
}

/// Analyses the bytes of one run file, named `name` in the analysis and in errors. No side file is
/// read.
///
/// # Errors
/// As [`analyze_path`].
///
/// # Examples
/// ```
/// let bytes = std::fs::read("samples/beach.gpx")?;
/// let analysis = gluteus::analyze_bytes("beach.gpx", &bytes, &Default::default())?;
/// assert_eq!(analysis.format, gluteus::Format::Gpx);
/// assert!(gluteus::analyze_bytes("x.fit", b"not a run", &Default::default()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyze_bytes(name: &str, bytes: &[u8], options: &Options) -> Result<Analysis, Error> {
    guarded(name, || analyze_inner(name, bytes, options, Vec::new()))
}

/// Runs `f`, turning a panic into this file's [`Error::Internal`].
fn guarded(file: &str, f: impl FnOnce() -> Result<Analysis, Error>) -> Result<Analysis, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(Error::Internal {
            file: file.to_owned(),
            message: message.replace('\n', " "),
        })
    })
}

/// The lowercase hex SHA-256 of bytes: give it a file's bytes after gunzip ([`ingest::inflate`])
/// to get the `content_sha256` of its analysis without analysing it.
///
/// # Examples
/// ```
/// assert_eq!(
///     gluteus::pipeline::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in &digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn analyze_inner(name: &str, bytes: &[u8], options: &Options, ranges: Vec<OverrideRange>) -> Result<Analysis, Error> {
    let fail = |problem| IngestError {
        path: name.into(),
        problem,
    };
    let plain = ingest::inflate(bytes).map_err(fail)?;
    let content_sha256 = sha256_hex(&plain);
    let compressed = matches!(plain, std::borrow::Cow::Owned(_));
    let recording = ingest::read_inflated(&plain, compressed).map_err(fail)?;
    drop(plain);
    analyze_recording(name, &recording, content_sha256, options, ranges)
}

/// Analyses a recording already read: every running session, cleaned, surfaced, segmented and
/// modelled. `content_sha256` is the hash of the file's bytes after gunzip.
///
/// # Errors
/// [`Error::Clean`] when the file has running sessions but none can be cleaned.
pub fn analyze_recording(
    file: &str,
    recording: &Recording,
    content_sha256: String,
    options: &Options,
    ranges: Vec<OverrideRange>,
) -> Result<Analysis, Error> {
    let (windows, mut skipped) = clean::runs(recording);
    let overrides = Overrides {
        whole: options.surface,
        ranges,
    };
    let mut runs = Vec::new();
    let mut first_error = None;
    for window in &windows {
        match clean::clean_with(recording, window, &options.clean, options.dem.as_deref()) {
            Ok(track) => runs.push(run(recording, window, &track, &overrides, options)),
            Err(error) => {
                skipped.push(Skipped {
                    session: window.session,
                    sport: window.sport.clone(),
                    reason: SkipReason::Unusable,
                    message: error.to_string(),
                });
                first_error.get_or_insert(error);
            }
        }
    }
    if runs.is_empty()
        && let Some(source) = first_error
    {
        return Err(Error::Clean {
            file: file.to_owned(),
            source,
        });
    }
    skipped.sort_by_key(|s| s.session);
    Ok(Analysis {
        file: file.to_owned(),
        format: recording.format,
        schema_version: SCHEMA_VERSION,
        model_version: MODEL_VERSION,
        content_sha256,
        device: recording.device.clone(),
        runs,
        skipped,
        warnings: recording.warnings.clone(),
    })
}

fn run(
    recording: &Recording,
    window: &clean::RunWindow,
    track: &clean::Track,
    overrides: &Overrides,
    options: &Options,
) -> Run {
    let hint = surface::file_hint(window.sub_sport.as_deref());
    let assignment = surface::assign(
        track,
        hint,
        overrides,
        options.surface_map.as_deref(),
        &options.matching,
    );
    let segment_config = SegmentConfig {
        threshold_speed_mps: options.athlete.threshold_pace_s_per_km.map(|p| 1000.0 / p),
        split_m: options.units.split_m(),
        ..options.segment.clone()
    };
    let segmentation = segment::split(track, &assignment.surfaces, &segment_config);
    let (athlete, mass_source) = athlete(recording, &options.athlete);
    let estimates = model::estimate(track, &segmentation, &athlete, &options.models);
    let series = series::series(
        track,
        &segmentation.spans,
        &assignment.surfaces,
        &estimates.chunks,
        &options.models,
    );
    let mut warnings = track.warnings.clone();
    warnings.extend(assignment.warnings);
    match mass_source {
        MassSource::Default => warnings.push(format!(
            "body mass not given: {} kg assumed (set --mass-kg, or mass_kg in an athlete file)",
            athlete.mass_kg
        )),
        MassSource::File => warnings.push(format!(
            "body mass {:.1} kg from the file's user profile (set --mass-kg to change it)",
            athlete.mass_kg
        )),
        MassSource::Profile => {}
    }
    if segmentation.splits.is_empty() && track.distance_m >= segment_config.split_m {
        warnings.push(format!(
            "no splits: the run measures {:.0} km in only {} samples (positions that jump?)",
            track.distance_m / 1000.0,
            track.t_s.len()
        ));
    }
    if segmentation.segments.iter().any(|s| s.surface == Surface::Unknown) {
        warnings.push("surface unknown: treated as road by the models".to_owned());
    }
    warnings.extend(verdict::grade_warnings(&segmentation.segments, estimates.steep_chunks));
    let mut surface_m = BTreeMap::new();
    for s in &segmentation.segments {
        *surface_m.entry(s.surface).or_insert(0.0) += s.distance_m;
    }
    let mut run = Run {
        session: window.session,
        sport: window.sport.clone(),
        sub_sport: window.sub_sport.clone(),
        start_time: match recording.clock {
            Clock::Utc => Some(Timestamp::from_unix_s(track.t_s[0])),
            Clock::DeviceRelative => None,
        },
        utc_offset_s: recording.utc_offset_s,
        distance_source: track.distance_source,
        elevation_source: track.elevation_source,
        timer_source: track.timer_source,
        surface_source: assignment.sources.iter().copied().min().unwrap_or(SurfaceSource::None),
        athlete: AthleteEcho {
            mass_kg: athlete.mass_kg,
            mass_source,
            preferred_cadence_spm: athlete.preferred_cadence_spm,
            threshold_pace_s_per_km: athlete.threshold_pace_s_per_km,
            max_hr_bpm: athlete.max_hr_bpm,
            threshold_hr_bpm: athlete.threshold_hr_bpm,
            models: options.models.echo(),
        },
        summary: summary::summary(
            track,
            &segmentation.segments,
            &estimates.totals,
            surface_m,
            &athlete,
            mass_source == MassSource::Default,
        ),
        segments: segmentation
            .segments
            .into_iter()
            .zip(estimates.segments)
            .map(|(segment, estimate)| RunSegment { segment, estimate })
            .collect(),
        laps: summary::laps(recording, track),
        splits: segmentation.splits,
        climbs: segmentation.climbs,
        best_efforts: segmentation.best_efforts,
        glute_by: crate::analysis::GluteBy::default(),
        warnings,
        series: Some(series),
    };
    run.glute_by = verdict::glute_by(&run.segments);
    run.summary.verdict = verdict::verdict(&run.segments, run.summary.damage_index);
    run
}

/// The athlete a run is analysed with, and where its mass came from: the options' when given, else
/// the file's user profile when it states a plausible mass, else the default.
fn athlete(recording: &Recording, given: &Athlete) -> (Athlete, MassSource) {
    if given.mass_given {
        return (given.clone(), MassSource::Profile);
    }
    let mut athlete = given.clone();
    if let Some(mass) = recording.body_mass_kg
        && athlete.set_mass_kg(mass).is_ok()
    {
        return (athlete, MassSource::File);
    }
    (given.clone(), MassSource::Default)
}
