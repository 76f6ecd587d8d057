//! The one place the stage order is written down: a recording → its runs → clean → segment →
//! (model, with the next issue) → an [`Analysis`] that every report consumes.

use crate::clean::{self, CleanConfig, CleanError, DistanceSource, ElevationSource, Skipped, TimerSource};
use crate::ingest::{Clock, Recording};
use crate::model::{self, Athlete, Estimate, ModelConfig};
use crate::segment::{self, Climb, Segment, SegmentConfig, Split};
use crate::surface::{self, Overrides, SurfaceConfig, SurfaceMap, SurfaceSource};
use crate::time::format_rfc3339;
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of the analysis JSON (design.md section 4).
pub const SCHEMA_VERSION: u32 = 1;
/// The version of the models (science.md section 9's proposal, as documented in docs/model.md).
pub const MODEL_VERSION: &str = "1";

/// Every stage's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Config {
    /// Clean.
    pub clean: CleanConfig,
    /// Segment.
    pub segment: SegmentConfig,
    /// The models' constants.
    pub model: ModelConfig,
    /// The runner.
    pub athlete: Athlete,
    /// Surface matching.
    pub surface: SurfaceConfig,
}

/// Where surfaces come from, besides the file: the user's overrides and a surface map.
#[derive(Clone, Copy, Debug, Default)]
pub struct SurfaceInputs<'a> {
    /// `--surface` and a run's surface file.
    pub overrides: Option<&'a Overrides>,
    /// `--surface-map`.
    pub map: Option<&'a SurfaceMap>,
}

/// The analysis of one file (design.md section 4).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The file as given.
    pub file: String,
    /// `fit`, `gpx` or `tcx`.
    pub format: &'static str,
    /// Version of this JSON.
    pub schema_version: u32,
    /// Version of the models.
    pub model_version: &'static str,
    /// Recording device.
    pub device: Option<String>,
    /// One per running session.
    pub runs: Vec<Run>,
    /// Sessions not analysed.
    pub skipped: Vec<Skipped>,
    /// About the file as a whole.
    pub warnings: Vec<String>,
}

/// One analysed run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    /// Index of the session in the file.
    pub session: usize,
    /// Sport as the file names it.
    pub sport: String,
    /// Sub-sport as the file names it.
    pub sub_sport: Option<String>,
    /// First sample, RFC 3339 UTC (`None` for device-relative clocks).
    pub start_time: Option<String>,
    /// Local time minus UTC, s, when the file says.
    pub utc_offset_s: Option<f64>,
    /// Where distance came from.
    pub distance_source: DistanceSource,
    /// Where elevation came from.
    pub elevation_source: ElevationSource,
    /// Where timer pauses came from.
    pub timer_source: TimerSource,
    /// The highest-precedence source any surface came from (`override`, `file`, `map`, `none`).
    pub surface_source: SurfaceSource,
    /// The runner and every model constant used.
    pub athlete: AthleteEcho,
    /// Totals.
    pub summary: Summary,
    /// Segments, tiling the timer-running time, with their model outputs.
    pub segments: Vec<RunSegment>,
    /// Km or mile splits.
    pub splits: Vec<Split>,
    /// Climbs.
    pub climbs: Vec<Climb>,
    /// What the stages noticed about this run.
    pub warnings: Vec<String>,
}

/// A segment and what the models say of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSegment {
    /// The segment.
    #[serde(flatten)]
    pub segment: Segment,
    /// Energy, GAP and GEI.
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// The athlete and the model constants a run was analysed with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AthleteEcho {
    /// Body mass, kg.
    pub mass_kg: f64,
    /// `profile` (an athlete file or `--mass-kg`) or `default`.
    pub mass_source: &'static str,
    /// Preferred cadence, steps per minute (`None`: the run's own, by speed).
    pub preferred_cadence_spm: Option<f64>,
    /// Threshold pace, s/km.
    pub threshold_pace_s_per_km: Option<f64>,
    /// Every model constant.
    pub model: ModelConfig,
}

/// A run's totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// m.
    pub distance_m: f64,
    /// s.
    pub elapsed_s: f64,
    /// s.
    pub timer_s: f64,
    /// s.
    pub moving_s: f64,
    /// m.
    pub ascent_m: f64,
    /// m.
    pub descent_m: f64,
    /// Moving time per km, s.
    pub avg_pace_s_per_km: Option<f64>,
    /// Grade-adjusted pace, s/km.
    pub gap_s_per_km: Option<f64>,
    /// Time-weighted mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Moving mean cadence, steps per minute.
    pub avg_cadence_spm: Option<f64>,
    /// Net energy, kJ.
    pub energy_kj: f64,
    /// Net energy, kcal.
    pub energy_kcal: f64,
    /// Net plus resting metabolism over moving time, kcal.
    pub energy_kcal_gross: f64,
    /// Low bound of the net energy, kcal.
    pub energy_kcal_low: f64,
    /// High bound of the net energy, kcal.
    pub energy_kcal_high: f64,
    /// GEI × minutes.
    pub glute_load: f64,
    /// `glute_load` / timer minutes.
    pub mean_gei: f64,
    /// Metres per surface.
    pub surface_m: BTreeMap<String, f64>,
}

/// Why a file gives no analysis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzeError {
    /// Nothing in the file is a run. Remedy: gluteus analyses runs only.
    #[error("no running session (found: {})", found.join(", "))]
    NoRunningSession {
        /// The sports found.
        found: Vec<String>,
    },
    /// Every running session failed to clean.
    #[error("{0}")]
    Clean(#[from] CleanError),
}

/// Analyses a recording: every running session, cleaned and segmented.
///
/// # Errors
/// [`AnalyzeError::NoRunningSession`] when nothing is a run; [`AnalyzeError::Clean`] when no
/// running session could be cleaned (the first failure).
///
/// # Examples
/// ```
/// let recording = gluteus::ingest::read("samples/hill-repeats.fit".as_ref())?;
/// let analysis = gluteus::pipeline::analyze("hill-repeats.fit", &recording, &Default::default())?;
/// let run = &analysis.runs[0];
/// let tiled: f64 = run.segments.iter().map(|s| s.segment.duration_s).sum();
/// assert!((tiled - run.summary.timer_s).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn analyze(file: &str, recording: &Recording, config: &Config) -> Result<Analysis, AnalyzeError> {
    analyze_with(file, recording, config, SurfaceInputs::default())
}

/// [`analyze`] with surface overrides and a surface map.
///
/// # Errors
/// As [`analyze`].
pub fn analyze_with(
    file: &str,
    recording: &Recording,
    config: &Config,
    inputs: SurfaceInputs<'_>,
) -> Result<Analysis, AnalyzeError> {
    let (windows, mut skipped) = clean::runs(recording).map_err(|found| AnalyzeError::NoRunningSession { found })?;
    let mut runs = Vec::new();
    let mut first_error = None;
    for window in &windows {
        match clean::clean(recording, window, &config.clean) {
            Ok(track) => runs.push(run(recording, window, &track, config, inputs)),
            Err(error) => {
                skipped.push(Skipped {
                    session: window.session,
                    sport: window.sport.name().to_owned(),
                    reason: error.to_string(),
                });
                first_error.get_or_insert(error);
            }
        }
    }
    if runs.is_empty()
        && let Some(error) = first_error
    {
        return Err(error.into());
    }
    skipped.sort_by_key(|s| s.session);
    Ok(Analysis {
        file: file.to_owned(),
        format: recording.format.name(),
        schema_version: SCHEMA_VERSION,
        model_version: MODEL_VERSION,
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
    config: &Config,
    inputs: SurfaceInputs<'_>,
) -> Run {
    let none = Overrides::default();
    let assignment = surface::assign(track, inputs.overrides.unwrap_or(&none), inputs.map, &config.surface);
    let segment_config = SegmentConfig {
        threshold_speed_mps: config.athlete.threshold_pace_s_per_km.map(|p| 1000.0 / p),
        ..config.segment.clone()
    };
    let segmentation = segment::split(track, &assignment.surfaces, &segment_config);
    let surface_source = assignment.sources.iter().copied().min().unwrap_or(SurfaceSource::None);
    let mut surface_m = BTreeMap::new();
    for s in &segmentation.segments {
        *surface_m.entry(s.surface.name().to_owned()).or_insert(0.0) += s.distance_m;
    }
    let weighted = |values: &[f64], moving_only: bool| -> Option<f64> {
        let (mut sum, mut time) = (0.0, 0.0);
        for i in 0..track.running.len() {
            if !track.running[i] || (moving_only && track.standing[i]) {
                continue;
            }
            let v = 0.5 * (values.get(i).copied().unwrap_or(f64::NAN) + values.get(i + 1).copied().unwrap_or(f64::NAN));
            if v.is_finite() && (!moving_only || v > 0.0) {
                let dt = track.t_s[i + 1] - track.t_s[i];
                sum += v * dt;
                time += dt;
            }
        }
        (time > 0.0).then(|| sum / time)
    };
    let start_time = match recording.clock {
        Clock::Utc => Some(format_rfc3339(track.t_s[0])),
        Clock::DeviceRelative => None,
    };
    let (estimates, totals) = model::estimate(track, &segmentation.segments, &config.athlete, &config.model);
    let mut warnings = track.warnings.clone();
    warnings.extend(assignment.warnings);
    if !config.athlete.mass_given {
        warnings.push(format!(
            "body mass not given: {} kg assumed (set --mass-kg, or mass_kg in an athlete file)",
            config.athlete.mass_kg
        ));
    }
    if segmentation
        .segments
        .iter()
        .any(|s| s.surface == crate::surface::Surface::Unknown)
    {
        warnings.push("surface unknown: treated as road by the models".to_owned());
    }
    Run {
        session: window.session,
        sport: window.sport.name().to_owned(),
        sub_sport: window.sub_sport.clone(),
        start_time,
        utc_offset_s: recording.utc_offset_s,
        distance_source: track.distance_source,
        elevation_source: track.elevation_source,
        timer_source: track.timer_source,
        surface_source,
        athlete: AthleteEcho {
            mass_kg: config.athlete.mass_kg,
            mass_source: if config.athlete.mass_given {
                "profile"
            } else {
                "default"
            },
            preferred_cadence_spm: config.athlete.preferred_cadence_spm,
            threshold_pace_s_per_km: config.athlete.threshold_pace_s_per_km,
            model: config.model.clone(),
        },
        summary: Summary {
            distance_m: track.distance_m,
            elapsed_s: track.elapsed_s,
            timer_s: track.timer_s,
            moving_s: track.moving_s,
            ascent_m: track.ascent_m,
            descent_m: track.descent_m,
            avg_pace_s_per_km: (track.distance_m > 0.0 && track.moving_s > 0.0)
                .then(|| 1000.0 * track.moving_s / track.distance_m),
            gap_s_per_km: totals.gap_s_per_km,
            avg_hr_bpm: weighted(&track.hr_bpm, false),
            avg_cadence_spm: weighted(&track.cadence_spm, true),
            energy_kj: totals.energy_kj,
            energy_kcal: totals.energy_kcal,
            energy_kcal_gross: totals.energy_kcal_gross,
            energy_kcal_low: totals.energy_kcal_low,
            energy_kcal_high: totals.energy_kcal_high,
            glute_load: totals.glute_load,
            mean_gei: totals.mean_gei,
            surface_m,
        },
        segments: segmentation
            .segments
            .into_iter()
            .zip(estimates)
            .map(|(segment, estimate)| RunSegment { segment, estimate })
            .collect(),
        splits: segmentation.splits,
        climbs: segmentation.climbs,
        warnings,
    }
}
