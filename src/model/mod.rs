//! Model: segments of a cleaned run → metabolic energy, grade-adjusted pace and glute engagement,
//! each with an uncertainty band. The models are strategies ([`EnergyModel`], [`GapModel`],
//! [`GluteModel`]) with documented defaults; `docs/model.md` explains them.
//!
//! The models never see raw samples: each segment is resampled into chunks of about 20 m or 10 s,
//! with speed, grade and acceleration from the smoothed track. The cost curve is convex and the
//! GEI is steeper uphill than downhill, so feeding them noisy samples would turn noise into bias.

mod athlete;
mod bands;
mod constants;
mod energy;
mod gap;
mod glutes;
#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests;

pub use athlete::{Athlete, AthleteError, DEFAULT_MASS_KG, GapChoice, LOAD_RANGE_KG, MASS_RANGE_KG, ModelConfig};
pub use bands::DRAWS;
pub use constants::{CONSTANTS, Constant, SURFACES, SurfaceConstant};
pub use energy::{EnergyModel, G, MINETTI_RUN, MINETTI_WALK, Minetti, SurfaceFactors};
pub use gap::{GapModel, MinettiGap, STRAVA_2017, Strava2017};
pub use glutes::{Band, Gei, GluteModel, Parts};

pub use crate::analysis::Gait;
use crate::analysis::{Estimate, ModelEcho, PaceClass, Segment};
use crate::clean::Track;
use crate::segment::Segmentation;
use crate::vocab::Surface;
use serde::Serialize;
use std::sync::Arc;

/// Joules in a kilocalorie.
pub const J_PER_KCAL: f64 = 4184.0;
/// A chunk of a segment ends once it is this long, m ...
const CHUNK_M: f64 = 20.0;
/// ... or lasts this long, s.
const CHUNK_S: f64 = 10.0;
/// The speed descent load is relative to, m/s (10 km/h).
const REFERENCE_SPEED_MPS: f64 = 10.0 / 3.6;
/// Accelerations are clipped to this, m/s².
const MAX_ACCEL_MPS2: f64 = 4.0;
/// The glute stimulus weighs each minute by GEI to this power (a proposal, 2 to 4): motor units
/// are recruited by size, so the high-threshold fibres that grow are used only at high intensity
/// (Henneman 1957), and muscle grows with loads near the maximum more than with volume.
pub const STIMULUS_EXPONENT: f64 = 3.0;
/// The damage index's reference: an easy, flat half marathon, km.
const DAMAGE_REFERENCE_KM: f64 = 21.0975;
/// Damage grows with distance to this power (a proposal, 1.3 to 2.0: after a marathon CK, LDH and
/// DNA damage were higher than after 10 and 21 km, Ryu 2016; marathon < 100 km < 308 km, Shin 2016).
const DAMAGE_EXPONENT: f64 = 1.6;
/// A kilometre at −10 % counts as 1 + this many flat ones for damage (a proposal, 0.5 to 2: the
/// down Comrades damaged more than the up run; −15 % running hurts the quadriceps most).
const DOWNHILL_DAMAGE_WEIGHT: f64 = 1.0;

/// What the models see of a stretch of running.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stride {
    /// Speed, m/s.
    pub speed_mps: f64,
    /// Grade, decimal (0.10 = 10 %).
    pub grade: f64,
    /// Forward acceleration, m/s².
    pub accel_mps2: f64,
    /// Surface (`unknown` counts as road).
    pub surface: Surface,
    /// Gait.
    pub gait: Gait,
}

/// The model totals of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    /// Grade-adjusted pace of the whole run, s/km.
    pub gap_s_per_km: Option<f64>,
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
    /// 10 % bound of `glute_stimulus`.
    pub glute_stimulus_low: f64,
    /// 90 % bound of `glute_stimulus`.
    pub glute_stimulus_high: f64,
    /// GEI^`STIMULUS_EXPONENT` × minutes.
    pub glute_stimulus: f64,
    /// Speed-weighted metres descended, m.
    pub descent_load: f64,
    /// Muscle damage relative to an easy, flat half marathon.
    pub damage_index: f64,
}

/// The models an analysis uses, as values: swap one by assigning another implementation (see
/// CONTRIBUTING.md, "How to add a model"). `config` holds the constants the default models were
/// built from, the energy band and the resting metabolism.
#[derive(Clone)]
pub struct Models {
    /// Metabolic energy.
    pub energy: Arc<dyn EnergyModel>,
    /// Grade-adjusted pace.
    pub gap: Arc<dyn GapModel>,
    /// Glute engagement.
    pub glutes: Arc<dyn GluteModel>,
    /// The constants (echoed in every analysis).
    pub config: ModelConfig,
}

impl Models {
    /// The documented models ([`Minetti`], [`MinettiGap`] or [`Strava2017`], [`Gei`]) with the
    /// constants of `config`.
    pub fn new(config: ModelConfig) -> Self {
        let gap: Arc<dyn GapModel> = match config.gap {
            GapChoice::Minetti => Arc::new(MinettiGap {
                energy: config.energy.clone(),
            }),
            GapChoice::Strava => Arc::new(Strava2017),
        };
        Self {
            energy: Arc::new(config.energy.clone()),
            gap,
            glutes: Arc::new(config.gei.clone()),
            config,
        }
    }

    /// The models' names and constants, as an analysis echoes them.
    pub fn echo(&self) -> ModelEcho {
        ModelEcho {
            energy: self.energy.name().to_owned(),
            gap: self.gap.name().to_owned(),
            glutes: self.glutes.name().to_owned(),
            constants: self.config.constants(),
        }
    }
}

impl Default for Models {
    fn default() -> Self {
        Self::new(ModelConfig::default())
    }
}

impl std::fmt::Debug for Models {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Models")
            .field("energy", &self.energy.name())
            .field("gap", &self.gap.name())
            .field("glutes", &self.glutes.name())
            .field("config", &self.config)
            .finish()
    }
}

/// What the models give for one run: an estimate per segment, the run's totals, and the chunks the
/// models ran on (for the series).
#[derive(Clone, Debug, PartialEq)]
pub struct Estimates {
    /// One per segment.
    pub segments: Vec<Estimate>,
    /// The run's totals.
    pub totals: Totals,
    /// The chunks, in order along the run.
    pub chunks: Vec<Chunk>,
    /// Moving chunks steeper than ±45 %, the models' range.
    pub steep_chunks: usize,
}

/// One chunk the models ran on: samples `first..=last` of the track.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chunk {
    /// First sample.
    pub first: usize,
    /// Last sample.
    pub last: usize,
    /// Glute Engagement Index.
    pub gei: f64,
    /// Grade-adjusted speed over the chunk's moving time, m/s (`None` standing still).
    pub gap_speed_mps: Option<f64>,
    /// Damage-equivalent metres: the distance, downhill weighted up.
    pub damage_m: f64,
    /// Moving, and steeper than ±45 %.
    pub steep: bool,
}

/// Energy, GAP and GEI of every segment of a run, and the run's totals.
///
/// # Examples
/// ```
/// use gluteus::{clean, model, segment};
/// let recording = gluteus::ingest::read("samples/hill-repeats.fit".as_ref())?;
/// let (runs, _) = clean::runs(&recording);
/// let track = clean::clean(&recording, &runs[0], &Default::default())?;
/// let segmentation = segment::split(&track, &[], &Default::default());
/// let models = model::Models::default();
/// let estimates = model::estimate(&track, &segmentation, &Default::default(), &models);
/// assert_eq!(estimates.segments.len(), segmentation.segments.len());
/// assert!(estimates.totals.energy_kcal > 100.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn estimate(track: &Track, segmentation: &Segmentation, athlete: &Athlete, models: &Models) -> Estimates {
    let segments = &segmentation.segments;
    let config = &models.config;
    let preferred = Preferred::new(track, segmentation, athlete.preferred_cadence_spm);
    let mut chunks = Vec::with_capacity(track.t_s.len() / 8 + 1);
    let mut equivalent = 0.0;
    let mut aggregates = Vec::with_capacity(segments.len());
    let mut estimates: Vec<Estimate> = segments
        .iter()
        .zip(&segmentation.spans)
        .map(|(s, &span)| {
            let (estimate, eq, aggregate) = segment(track, s, span, athlete, models, &preferred, &mut chunks);
            equivalent += eq;
            aggregates.push(aggregate);
            estimate
        })
        .collect();
    let run_bands = bands::fill(
        &mut estimates,
        &aggregates,
        bands::Knowledge {
            mass_assumed: !athlete.mass_given,
            energy_band: config.energy_band,
        },
    );
    let energy_kj: f64 = estimates.iter().map(|e| e.energy_kj).sum();
    let energy_kcal: f64 = estimates.iter().map(|e| e.energy_kcal).sum();
    let glute_load: f64 = estimates.iter().map(|e| e.glute_load).sum();
    let moving: f64 = segments.iter().map(|s| s.moving_s).sum();
    // Damage-equivalent kilometres: each chunk's distance, downhill weighted up.
    let damage_km: f64 = chunks.iter().map(|c| c.damage_m).sum::<f64>() / 1000.0;
    let minutes = track.timer_s / 60.0;
    let per_minute = |x: f64| if minutes > 0.0 { x / minutes } else { 0.0 };
    let resting_kcal = athlete.mass_kg * config.resting_w_per_kg * track.moving_s / J_PER_KCAL;
    let totals = Totals {
        gap_s_per_km: (equivalent > 0.0 && moving > 0.0).then(|| 1000.0 * moving / equivalent),
        energy_kj,
        energy_kcal,
        energy_kcal_gross: energy_kcal + resting_kcal,
        energy_kcal_low: run_bands.energy_kcal.0,
        energy_kcal_high: run_bands.energy_kcal.1,
        glute_load,
        glute_load_low: run_bands.glute_load.0,
        glute_load_high: run_bands.glute_load.1,
        mean_gei: per_minute(glute_load),
        mean_gei_low: per_minute(run_bands.glute_load.0),
        mean_gei_high: per_minute(run_bands.glute_load.1),
        glute_stimulus_low: run_bands.glute_stimulus.0,
        glute_stimulus_high: run_bands.glute_stimulus.1,
        glute_stimulus: estimates.iter().map(|e| e.glute_stimulus).sum(),
        descent_load: estimates.iter().map(|e| e.descent_load).sum(),
        damage_index: (damage_km / DAMAGE_REFERENCE_KM).powf(DAMAGE_EXPONENT),
    };
    let steep_chunks = chunks.iter().filter(|c| c.steep).count();
    Estimates {
        segments: estimates,
        totals,
        chunks,
        steep_chunks,
    }
}

/// The runner's preferred cadence at a speed: the profile's, else the run's own median cadence at
/// similar speeds (the 0.25 m/s speed bin and its neighbours, once they hold 10 samples), else its
/// median running cadence. Histograms of whole steps per minute keep this linear in samples.
struct Preferred {
    fixed: Option<f64>,
    by_bin: Vec<Option<f64>>,
    overall: Option<f64>,
}

/// Width of a speed bin, m/s, and the cadences histogrammed, steps per minute.
const SPEED_BIN_MPS: f64 = 0.25;
const SPEED_BINS: usize = 48;
const CADENCE_RANGE: (usize, usize) = (60, 260);

impl Preferred {
    fn new(track: &Track, segmentation: &Segmentation, fixed: Option<f64>) -> Self {
        let empty = Self {
            fixed,
            by_bin: Vec::new(),
            overall: None,
        };
        if fixed.is_some() || track.cadence_spm.is_empty() {
            return empty;
        }
        let width = CADENCE_RANGE.1 - CADENCE_RANGE.0;
        let mut histogram = vec![0_u32; SPEED_BINS * width];
        let mut total = vec![0_u32; width];
        for (_, &(a, b)) in segmentation
            .segments
            .iter()
            .zip(&segmentation.spans)
            .filter(|(s, _)| !matches!(s.pace_class, PaceClass::Stopped | PaceClass::Walk))
        {
            for i in a..=b {
                let (v, c) = (track.speed_mps[i], track.cadence_spm[i]);
                if !(c.is_finite() && c > 0.0 && v > 0.5) {
                    continue;
                }
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let (bin, step) = (
                    ((v / SPEED_BIN_MPS) as usize).min(SPEED_BINS - 1),
                    (c.round() as usize).clamp(CADENCE_RANGE.0, CADENCE_RANGE.1 - 1) - CADENCE_RANGE.0,
                );
                histogram[bin * width + step] += 1;
                total[step] += 1;
            }
        }
        let median = |counts: &[u32]| -> Option<f64> {
            let n: u32 = counts.iter().sum();
            if n == 0 {
                return None;
            }
            let mut seen = 0;
            #[allow(clippy::cast_precision_loss)]
            counts
                .iter()
                .position(|&k| {
                    seen += k;
                    2 * seen >= n
                })
                .map(|step| (step + CADENCE_RANGE.0) as f64)
        };
        let overall = median(&total);
        let mut merged = vec![0_u32; width];
        let by_bin = (0..SPEED_BINS)
            .map(|bin| {
                merged.fill(0);
                for near in bin.saturating_sub(1)..=(bin + 1).min(SPEED_BINS - 1) {
                    for (m, k) in merged.iter_mut().zip(&histogram[near * width..(near + 1) * width]) {
                        *m += k;
                    }
                }
                (merged.iter().sum::<u32>() >= 10).then(|| median(&merged)).flatten()
            })
            .collect();
        Self { fixed, by_bin, overall }
    }

    fn at(&self, speed: f64) -> Option<f64> {
        if self.fixed.is_some() {
            return self.fixed;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let bin = ((speed.max(0.0) / SPEED_BIN_MPS) as usize).min(SPEED_BINS - 1);
        self.by_bin.get(bin).copied().flatten().or(self.overall)
    }
}

/// The models over one segment, chunk by chunk; its estimate and its level-equivalent metres
/// (for the run's GAP).
fn segment(
    track: &Track,
    seg: &Segment,
    (first, end): (usize, usize),
    athlete: &Athlete,
    models: &Models,
    preferred: &Preferred,
    chunks: &mut Vec<Chunk>,
) -> (Estimate, f64, bands::Aggregate) {
    let gait = seg.gait;
    // A carried load costs energy as body mass does, and the hip extensors carry it too.
    let mass_kg = athlete.mass_kg + athlete.load_kg;
    let carried = mass_kg / athlete.mass_kg.max(1.0);
    let (mut joules, mut load, mut equivalent) = (0.0, 0.0, 0.0);
    let (mut stimulus, mut descent) = (0.0, 0.0);
    let mut aggregate = bands::Aggregate {
        unknown_surface: seg.surface == Surface::Unknown,
        minutes: seg.duration_s / 60.0,
        grade_sigma: track.grade_standard_error(end - first + 1, track.dist_m[end] - track.dist_m[first]),
        ..bands::Aggregate::default()
    };
    let mut start = first;
    while start < end {
        let (stop, timer, moving) = next_chunk(track, start, end);
        let d = track.dist_m[stop] - track.dist_m[start];
        let stride = Stride {
            speed_mps: if moving > 0.0 { d / moving } else { 0.0 },
            grade: chunk_grade(track, start, stop),
            accel_mps2: if timer > 0.0 {
                ((track.speed_mps[stop] - track.speed_mps[start]) / timer).clamp(-MAX_ACCEL_MPS2, MAX_ACCEL_MPS2)
            } else {
                0.0
            },
            surface: seg.surface,
            gait: if moving > 0.0 { gait } else { Gait::Stopped },
        };
        let slope = (1.0 + stride.grade * stride.grade).sqrt();
        let chunk_joules = mass_kg * models.energy.cost_j_per_kg_m(&stride) * d * slope;
        joules += chunk_joules;
        if stride.gait != Gait::Stopped && d > 0.0 {
            // How the chunk's energy moves with its grade, for the bands.
            let at = |grade: f64| models.energy.cost_j_per_kg_m(&Stride { grade, ..stride });
            let per_slope = (at(stride.grade + 0.01) - at(stride.grade - 0.01)) / 0.02;
            aggregate.energy_per_slope += mass_kg * per_slope * d * slope / J_PER_KCAL;
        }
        let cadence = mean_cadence(track, start, stop);
        let ratio = cadence.zip(preferred.at(stride.speed_mps)).map(|(c, p)| c / p);
        let parts = models.glutes.parts(&stride, ratio);
        let gei = (parts.level + parts.climb) * carried;
        let minutes = timer / 60.0;
        load += gei * minutes;
        stimulus += gei.powf(STIMULUS_EXPONENT) * minutes;
        if stride.gait == Gait::Walk {
            aggregate.walk_level += parts.level * carried * minutes;
        } else {
            aggregate.run_level += parts.level * carried * minutes;
            aggregate.run_level_log += parts.level * carried * minutes * parts.log_speed;
        }
        aggregate.climb += parts.climb * carried * minutes;
        aggregate.climb_per_slope += parts.climb_per_slope * carried * minutes;
        let downhill = (-stride.grade).max(0.0);
        if stride.gait != Gait::Stopped {
            descent += d * downhill * stride.speed_mps / REFERENCE_SPEED_MPS;
        }
        let factor = models.gap.factor(stride.grade);
        if stride.gait != Gait::Stopped {
            equivalent += d * factor;
        }
        chunks.push(Chunk {
            first: start,
            last: stop,
            gei,
            gap_speed_mps: (stride.gait != Gait::Stopped).then_some(stride.speed_mps * factor),
            damage_m: d * (1.0 + DOWNHILL_DAMAGE_WEIGHT * downhill / 0.10),
            steep: stride.gait != Gait::Stopped && stride.grade.abs() > 0.45,
        });
        start = stop;
    }
    let minutes = seg.duration_s / 60.0;
    let mean = |x: f64| if minutes > 0.0 { x / minutes } else { 0.0 };
    let kcal = joules / J_PER_KCAL;
    aggregate.energy_kcal = kcal;
    // The bands are filled in by the draws (`bands::fill`).
    let estimate = Estimate {
        energy_kj: joules / 1000.0,
        energy_kcal: kcal,
        energy_kcal_low: kcal,
        energy_kcal_high: kcal,
        gap_s_per_km: (gait != Gait::Stopped && equivalent > 0.0 && seg.moving_s > 0.0)
            .then(|| 1000.0 * seg.moving_s / equivalent),
        gei: mean(load),
        gei_low: mean(load),
        gei_high: mean(load),
        glute_load: load,
        glute_load_low: load,
        glute_load_high: load,
        glute_stimulus: stimulus,
        glute_stimulus_low: stimulus,
        glute_stimulus_high: stimulus,
        descent_load: descent,
    };
    (estimate, equivalent, aggregate)
}

/// One chunk from sample `start`: about 20 m or 10 s of timer time, ending by `end`. Returns its
/// last sample, timer time and moving time, s.
fn next_chunk(track: &Track, start: usize, end: usize) -> (usize, f64, f64) {
    let mut stop = start;
    let (mut timer, mut moving) = (0.0, 0.0);
    while stop < end {
        if track.running[stop] {
            let dt = track.t_s[stop + 1] - track.t_s[stop];
            timer += dt;
            if !track.standing[stop] {
                moving += dt;
            }
        }
        stop += 1;
        if track.dist_m[stop] - track.dist_m[start] >= CHUNK_M || timer >= CHUNK_S {
            break;
        }
    }
    (stop, timer, moving)
}

/// Grade over a chunk, decimal: the smoothed profile's grade averaged over its distance.
fn chunk_grade(track: &Track, start: usize, stop: usize) -> f64 {
    let n = stop - start + 1;
    #[allow(clippy::cast_precision_loss)]
    let mean = track.grade_pct[start..=stop].iter().sum::<f64>() / n as f64;
    mean / 100.0
}

fn mean_cadence(track: &Track, start: usize, stop: usize) -> Option<f64> {
    let values = track.cadence_spm.get(start..=stop)?;
    let valid: Vec<f64> = values.iter().copied().filter(|c| c.is_finite() && *c > 0.0).collect();
    #[allow(clippy::cast_precision_loss)]
    (!valid.is_empty()).then(|| valid.iter().sum::<f64>() / valid.len() as f64)
}
