//! analysis: the result of analysing one file, as data and nothing else. Every stage may fill
//! these types; this module imports no stage. Everything here serialises to the JSON of
//! `gluteus analyze --json` (docs/output.md) and deserialises back to an equal value, so an
//! analysis can be stored and read again (a database row, a Parquet file, a cache).
//!
//! ```text
//! Analysis ── file, format, versions, content_sha256, device, warnings
//!   ├─ runs: Run ── session, sport, start_time, sources, athlete, summary, warnings
//!   │    ├─ segments: Segment (what `segment` measured) + Estimate (what `model` estimated)
//!   │    ├─ splits, climbs
//!   │    └─ series: Series (downsampled columns for charts)
//!   └─ skipped: Skipped ── session, sport, reason
//! ```

mod classes;
mod series;
mod sources;

pub use classes::{GRADE_EDGES_PCT, Gait, GradeClass, PACE_RATIO_EDGES, PaceClass, THRESHOLD_RATIO_EDGES};
pub use series::{MAX_SERIES_POINTS, MIN_SERIES_POINTS, Series};
pub use sources::{DistanceSource, ElevationSource, SurfaceSource, TimerSource};

use crate::time::Timestamp;
use crate::vocab::{Format, Sport, Surface};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the analysis JSON. It changes whenever a field is added, removed or changes
/// meaning: 2 added `content_sha256`, `series`, typed skip reasons and the model echo; 3 added
/// segment `gait`, run `laps`, the summary's maxima, power and heart-rate zones, and made ascent and
/// descent `null` without elevation; 4 the glute stimulus, descent load and damage; 5 a run's
/// `best_efforts`.
pub const SCHEMA_VERSION: u32 = 5;
/// The version of the models: it changes whenever the same input would give other numbers.
pub const MODEL_VERSION: u32 = 3;

/// The analysis of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The file as given.
    pub file: String,
    /// The file's format, found from its content.
    pub format: Format,
    /// [`SCHEMA_VERSION`] of the code that wrote it.
    pub schema_version: u32,
    /// [`MODEL_VERSION`] of the code that wrote it.
    pub model_version: u32,
    /// SHA-256 of the file's bytes after gunzip, lowercase hex: `run.fit` and `run.fit.gz` are the
    /// same activity.
    pub content_sha256: String,
    /// The recording device or exporting program, if the file names it.
    pub device: Option<String>,
    /// One per running session, in file order.
    pub runs: Vec<Run>,
    /// The sessions not analysed, and why.
    pub skipped: Vec<Skipped>,
    /// About the file as a whole.
    pub warnings: Vec<String>,
}

/// Why a session was not analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Its sport is not running (the sport is in [`Skipped::sport`]).
    NotARun,
    /// A session of no stated sport in a file whose other sessions are runs.
    GenericBesideRuns,
    /// No samples fall in its time window.
    NoSamples,
    /// Its samples cannot be analysed (too few, or nothing to measure distance by).
    Unusable,
}

/// A session that was not analysed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Index of the session in the file, from 0.
    pub session: usize,
    /// Its sport.
    pub sport: Sport,
    /// Why, as data.
    pub reason: SkipReason,
    /// Why, in words.
    pub message: String,
}

/// One analysed run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Index of the session in the file, from 0.
    pub session: usize,
    /// Sport as the file names it.
    pub sport: Sport,
    /// Sub-sport as the file names it.
    pub sub_sport: Option<String>,
    /// First sample, UTC (`None` for device-relative clocks).
    pub start_time: Option<Timestamp>,
    /// Local time minus UTC, s, when the file says.
    pub utc_offset_s: Option<f64>,
    /// Where distance came from.
    pub distance_source: DistanceSource,
    /// Where elevation came from.
    pub elevation_source: ElevationSource,
    /// Where timer pauses came from.
    pub timer_source: TimerSource,
    /// The highest-precedence source any surface came from.
    pub surface_source: SurfaceSource,
    /// The runner and the models used.
    pub athlete: AthleteEcho,
    /// Totals.
    pub summary: Summary,
    /// Segments, tiling the timer-running time, with their model outputs.
    pub segments: Vec<RunSegment>,
    /// The file's laps inside this run, as the device recorded them.
    pub laps: Vec<Lap>,
    /// Km or mile splits.
    pub splits: Vec<Split>,
    /// Climbs.
    pub climbs: Vec<Climb>,
    /// The fastest stretch of each standard distance the run covers (timer time).
    #[serde(default)]
    pub best_efforts: Vec<BestEffort>,
    /// The glute load and stimulus broken down by grade class, pace class and surface.
    pub glute_by: GluteBy,
    /// What the stages noticed about this run.
    pub warnings: Vec<String>,
    /// The run along its distance, downsampled for charts. The library always fills it;
    /// `analyze --json` prints it only with `--series`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<Series>,
}

/// Where the body mass came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MassSource {
    /// An athlete file or `--mass-kg`.
    Profile,
    /// The recording's own user profile (a FIT `user_profile`).
    File,
    /// Nobody said: the default was assumed (and the run warns).
    Default,
}

/// The athlete and the models a run was analysed with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AthleteEcho {
    /// Body mass, kg.
    pub mass_kg: f64,
    /// Where the mass came from.
    pub mass_source: MassSource,
    /// Preferred cadence, steps per minute (`None`: the run's own, by speed).
    pub preferred_cadence_spm: Option<f64>,
    /// Threshold pace, s/km.
    pub threshold_pace_s_per_km: Option<f64>,
    /// Maximum heart rate, bpm.
    pub max_hr_bpm: Option<f64>,
    /// Threshold heart rate, bpm.
    pub threshold_hr_bpm: Option<f64>,
    /// The energy, grade-adjusted pace and glute models by name, and every model constant.
    pub models: ModelEcho,
}

/// The models a run was analysed with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelEcho {
    /// The energy model's name.
    pub energy: String,
    /// The grade-adjusted pace model's name.
    pub gap: String,
    /// The glute model's name.
    pub glutes: String,
    /// Every model constant by its athlete-file key (`energy.c0_j_per_kg_m`), in its unit.
    pub constants: BTreeMap<String, f64>,
}

/// A run's totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// m.
    pub distance_m: f64,
    /// s.
    pub elapsed_s: f64,
    /// s.
    pub timer_s: f64,
    /// s.
    pub moving_s: f64,
    /// Metres climbed (`null` without elevation).
    pub ascent_m: Option<f64>,
    /// Metres descended (`null` without elevation).
    pub descent_m: Option<f64>,
    /// Moving time per km, s.
    pub avg_pace_s_per_km: Option<f64>,
    /// Grade-adjusted pace, s/km.
    pub gap_s_per_km: Option<f64>,
    /// Time-weighted mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Highest heart rate while the timer runs, bpm.
    pub max_hr_bpm: Option<f64>,
    /// Moving mean cadence, steps per minute.
    pub avg_cadence_spm: Option<f64>,
    /// Highest smoothed speed while moving, m/s.
    pub max_speed_mps: Option<f64>,
    /// Time-weighted mean power while moving, W (`null` without power; a developer `Power` field
    /// counts).
    pub avg_power_w: Option<f64>,
    /// Timer seconds in each of five heart-rate zones (`null` unless the athlete gives a maximum or
    /// threshold heart rate; docs/output.md has the zones).
    pub hr_zones_s: Option<Vec<f64>>,
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
    /// 10 % bound of `glute_load`.
    pub glute_load_low: f64,
    /// 90 % bound of `glute_load`.
    pub glute_load_high: f64,
    /// `glute_load` / timer minutes.
    pub mean_gei: f64,
    /// 10 % bound of `mean_gei`.
    pub mean_gei_low: f64,
    /// 90 % bound of `mean_gei`.
    pub mean_gei_high: f64,
    /// GEI³ × minutes: the intensity-weighted dose (docs/model.md).
    pub glute_stimulus: f64,
    /// 10 % bound of `glute_stimulus`.
    pub glute_stimulus_low: f64,
    /// 90 % bound of `glute_stimulus`.
    pub glute_stimulus_high: f64,
    /// Eccentric load of running downhill, m (see [`Estimate::descent_load`]).
    pub descent_load: f64,
    /// Muscle damage, relative to an easy, flat half marathon (1.0): grows faster than distance,
    /// and downhill kilometres count more (docs/model.md).
    pub damage_index: f64,
    /// How much the pace changed between moving segments: the time-weighted coefficient of
    /// variation of their speeds (0 for an even run).
    pub pace_variety: f64,
    /// The same for their strides (0 without cadence).
    pub stride_variety: f64,
    /// Load carried, kg (0 without one).
    pub load_kg: f64,
    /// Whether the body mass was assumed (the default, said in a warning) rather than given by the
    /// athlete, the command line or the file's user profile.
    pub mass_assumed: bool,
    /// One line that says where the glute work and the muscle damage came from.
    pub verdict: String,
    /// Metres per surface.
    pub surface_m: BTreeMap<Surface, f64>,
}

/// A segment and what the models say of it (one flat object in JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSegment {
    /// What the segment stage measured.
    #[serde(flatten)]
    pub segment: Segment,
    /// What the models estimated.
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// A stretch of one grade, pace and surface, as the segment stage measured it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// 0-based, in order.
    pub index: usize,
    /// Seconds from the run's first sample (elapsed clock).
    pub start_s: f64,
    /// Timer time, s.
    pub duration_s: f64,
    /// Moving time (timer time not standing still), s.
    pub moving_s: f64,
    /// Metres along the run.
    pub start_m: f64,
    /// Metres along the run.
    pub end_m: f64,
    /// `end_m - start_m`.
    pub distance_m: f64,
    /// Least-squares slope of the elevation over the segment, percent (`None` standing still).
    pub grade_pct: Option<f64>,
    /// Class of `grade_pct` (`flat` standing still).
    pub grade_class: GradeClass,
    /// Moving time per km, s (`None` for `stopped`).
    pub pace_s_per_km: Option<f64>,
    /// Pace class.
    pub pace_class: PaceClass,
    /// Gait: `run`, `walk` or `stopped`.
    pub gait: Gait,
    /// Surface.
    pub surface: Surface,
    /// Mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Mean cadence while moving, steps per minute.
    pub avg_cadence_spm: Option<f64>,
    /// Metres per stride of two steps: speed × 120 / cadence in steps per minute (`None` without
    /// cadence or standing still).
    pub stride_m: Option<f64>,
    /// How much the track turns, degrees of heading change per 100 m, measured on positions every
    /// 10 m (`None` without positions or under 20 m).
    pub turning_deg_per_100m: Option<f64>,
}

/// The model outputs of one segment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Net metabolic energy, kJ.
    pub energy_kj: f64,
    /// Net metabolic energy, kcal.
    pub energy_kcal: f64,
    /// Low bound of the net energy, kcal.
    pub energy_kcal_low: f64,
    /// High bound of the net energy, kcal.
    pub energy_kcal_high: f64,
    /// Grade-adjusted pace, s/km (`None` standing still).
    pub gap_s_per_km: Option<f64>,
    /// Time-weighted mean Glute Engagement Index (a relative index: 1.0 is steady level running
    /// at 10 km/h on asphalt).
    pub gei: f64,
    /// Low bound of `gei`.
    pub gei_low: f64,
    /// High bound of `gei`.
    pub gei_high: f64,
    /// GEI × minutes of timer time.
    pub glute_load: f64,
    /// 10 % bound of `glute_load`.
    pub glute_load_low: f64,
    /// 90 % bound of `glute_load`.
    pub glute_load_high: f64,
    /// An intensity-weighted dose for strength and muscle building: GEI³ × minutes (docs/model.md).
    pub glute_stimulus: f64,
    /// 10 % bound of `glute_stimulus`.
    pub glute_stimulus_low: f64,
    /// 90 % bound of `glute_stimulus`.
    pub glute_stimulus_high: f64,
    /// Eccentric load of running downhill: metres descended, each weighted by speed relative to
    /// 10 km/h (`Σ d · max(0, −i) · v / v₀`), m.
    pub descent_load: f64,
}

/// Timer minutes, glute load and glute stimulus of a part of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GluteShare {
    /// Timer minutes.
    pub minutes: f64,
    /// GEI × minutes.
    pub glute_load: f64,
    /// GEI³ × minutes.
    pub glute_stimulus: f64,
}

/// A run's glute load and stimulus by grade class, pace class and surface (the classes it has).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GluteBy {
    /// By grade class.
    pub grade_class: BTreeMap<GradeClass, GluteShare>,
    /// By pace class.
    pub pace_class: BTreeMap<PaceClass, GluteShare>,
    /// By surface.
    pub surface: BTreeMap<Surface, GluteShare>,
}

/// One lap of the file, with the device's own totals where it gives them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lap {
    /// 1-based.
    pub index: usize,
    /// Seconds from the run's first sample.
    pub start_s: f64,
    /// Metres along the run.
    pub start_m: f64,
    /// Timer time, s: the device's, else measured.
    pub duration_s: f64,
    /// Distance, m: the device's, else measured.
    pub distance_m: f64,
    /// Timer time per km, s.
    pub pace_s_per_km: Option<f64>,
    /// Time-weighted mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Highest heart rate, bpm.
    pub max_hr_bpm: Option<f64>,
}

/// One km or mile split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// 1-based.
    pub index: usize,
    /// Metres along the run.
    pub start_m: f64,
    /// Metres along the run.
    pub end_m: f64,
    /// Timer time, s.
    pub duration_s: f64,
    /// Moving time, s.
    pub moving_s: f64,
    /// Moving time per km, s.
    pub pace_s_per_km: Option<f64>,
    /// Elevation at the end minus at the start (smoothed), m.
    pub elevation_change_m: f64,
    /// Mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
}

/// A standard distance that best efforts and records are timed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EffortDistance {
    /// 400 m.
    #[serde(rename = "400m")]
    M400,
    /// 1 km.
    #[serde(rename = "1km")]
    Km1,
    /// 1 mile, 1,609.344 m.
    #[serde(rename = "1mi")]
    Mile,
    /// 5 km.
    #[serde(rename = "5km")]
    Km5,
    /// 10 km.
    #[serde(rename = "10km")]
    Km10,
    /// Half marathon, 21,097.5 m.
    #[serde(rename = "half")]
    Half,
    /// Marathon, 42,195 m.
    #[serde(rename = "marathon")]
    Marathon,
}

impl EffortDistance {
    /// Every distance, shortest first.
    pub const ALL: [EffortDistance; 7] = [
        EffortDistance::M400,
        EffortDistance::Km1,
        EffortDistance::Mile,
        EffortDistance::Km5,
        EffortDistance::Km10,
        EffortDistance::Half,
        EffortDistance::Marathon,
    ];

    /// The distance, m.
    pub fn metres(self) -> f64 {
        match self {
            EffortDistance::M400 => 400.0,
            EffortDistance::Km1 => 1000.0,
            EffortDistance::Mile => 1609.344,
            EffortDistance::Km5 => 5000.0,
            EffortDistance::Km10 => 10_000.0,
            EffortDistance::Half => 21_097.5,
            EffortDistance::Marathon => 42_195.0,
        }
    }

    /// Its name in JSON and in the store (`400m`, `1km`, `1mi`, `5km`, `10km`, `half`, `marathon`).
    pub fn name(self) -> &'static str {
        match self {
            EffortDistance::M400 => "400m",
            EffortDistance::Km1 => "1km",
            EffortDistance::Mile => "1mi",
            EffortDistance::Km5 => "5km",
            EffortDistance::Km10 => "10km",
            EffortDistance::Half => "half",
            EffortDistance::Marathon => "marathon",
        }
    }

    /// The distance a name gives (`"5km"`), if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// The fastest stretch of one standard distance inside a run, timed on the timer (pauses with the
/// timer stopped do not count; standing with the timer running does).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BestEffort {
    /// Which distance.
    pub distance: EffortDistance,
    /// Its length, m.
    pub distance_m: f64,
    /// Timer time over it, s.
    pub time_s: f64,
    /// `time_s` per km, s.
    pub pace_s_per_km: f64,
    /// Where it starts: metres along the run.
    pub start_m: f64,
    /// Where it starts: seconds after the run's first sample (wall-clock).
    pub start_s: f64,
}

/// One climb.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Climb {
    /// Metres along the run.
    pub start_m: f64,
    /// Metres along the run.
    pub end_m: f64,
    /// `end_m - start_m`.
    pub length_m: f64,
    /// Elevation gained, m.
    pub gain_m: f64,
    /// `gain_m / length_m`, percent.
    pub avg_grade_pct: f64,
    /// Steepest grade on the way (over the grade window), percent.
    pub max_grade_pct: f64,
    /// Seconds from the run's first sample.
    pub start_s: f64,
    /// Seconds from the run's first sample.
    pub end_s: f64,
}
