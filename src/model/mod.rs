//! Model: segments of a cleaned run → metabolic energy, grade-adjusted pace and glute engagement,
//! each with an uncertainty band. The models are strategies ([`EnergyModel`], [`GapModel`],
//! [`GluteModel`]) with documented defaults; `docs/model.md` explains them.
//!
//! The models never see raw samples: each segment is resampled into chunks of about 20 m or 10 s,
//! with speed, grade and acceleration from the smoothed track. The cost curve is convex and the
//! GEI is steeper uphill than downhill, so feeding them noisy samples would turn noise into bias.

mod athlete;
mod energy;
mod gap;
mod glutes;
#[cfg(test)]
#[allow(clippy::float_cmp)]
mod tests;

pub use athlete::{Athlete, AthleteError, DEFAULT_MASS_KG, GapChoice, MASS_RANGE_KG, ModelConfig};
pub use energy::{EnergyModel, G, MINETTI_RUN, MINETTI_WALK, Minetti, SurfaceFactors};
pub use gap::{GapModel, MinettiGap, STRAVA_2017, Strava2017};
pub use glutes::{Band, Gei, GluteModel};

use crate::clean::Track;
use crate::segment::{PaceClass, Segment};
use crate::surface::Surface;
use serde::Serialize;

/// Joules in a kilocalorie.
pub const J_PER_KCAL: f64 = 4184.0;
/// A chunk of a segment ends once it is this long, m ...
const CHUNK_M: f64 = 20.0;
/// ... or lasts this long, s.
const CHUNK_S: f64 = 10.0;
/// Accelerations are clipped to this, m/s².
const MAX_ACCEL_MPS2: f64 = 4.0;

/// How the body moves through a chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gait {
    /// Running.
    Running,
    /// Walking (design.md section 3's gait rule, through the segment's pace class).
    Walking,
    /// Standing still.
    Standing,
}

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

/// The model outputs of one segment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Net metabolic energy, kJ.
    pub energy_kj: f64,
    /// Net metabolic energy, kcal.
    pub energy_kcal: f64,
    /// Grade-adjusted pace, s/km (`None` standing still).
    pub gap_s_per_km: Option<f64>,
    /// Time-weighted mean Glute Engagement Index.
    pub gei: f64,
    /// Low bound of `gei`.
    pub gei_low: f64,
    /// High bound of `gei`.
    pub gei_high: f64,
    /// GEI × minutes of timer time.
    pub glute_load: f64,
    /// Low and high bounds of the net energy, kcal.
    #[serde(skip)]
    pub energy_kcal_band: (f64, f64),
    /// Level-equivalent metres (for the run's GAP).
    #[serde(skip)]
    pub equivalent_m: f64,
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
    /// `glute_load` / timer minutes.
    pub mean_gei: f64,
}

/// Energy, GAP and GEI of every segment of a run, and the run's totals.
pub fn estimate(
    track: &Track,
    segments: &[Segment],
    athlete: &Athlete,
    config: &ModelConfig,
) -> (Vec<Estimate>, Totals) {
    let energy = &config.energy;
    let gap: Box<dyn GapModel> = match config.gap {
        GapChoice::Minetti => Box::new(MinettiGap { energy: energy.clone() }),
        GapChoice::Strava => Box::new(Strava2017),
    };
    let preferred = Preferred::new(track, segments, athlete.preferred_cadence_spm);
    let estimates: Vec<Estimate> = segments
        .iter()
        .map(|s| {
            segment(
                track,
                s,
                athlete.mass_kg,
                energy,
                gap.as_ref(),
                &config.gei,
                &preferred,
                config.energy_band,
            )
        })
        .collect();
    let energy_kj: f64 = estimates.iter().map(|e| e.energy_kj).sum();
    let energy_kcal: f64 = estimates.iter().map(|e| e.energy_kcal).sum();
    let glute_load: f64 = estimates.iter().map(|e| e.glute_load).sum();
    let equivalent: f64 = estimates.iter().map(|e| e.equivalent_m).sum();
    let moving: f64 = segments.iter().map(|s| s.moving_s).sum();
    let minutes = track.timer_s / 60.0;
    let resting_kcal = athlete.mass_kg * config.resting_w_per_kg * track.moving_s / J_PER_KCAL;
    let totals = Totals {
        gap_s_per_km: (equivalent > 0.0 && moving > 0.0).then(|| 1000.0 * moving / equivalent),
        energy_kj,
        energy_kcal,
        energy_kcal_gross: energy_kcal + resting_kcal,
        energy_kcal_low: estimates.iter().map(|e| e.energy_kcal_band.0).sum(),
        energy_kcal_high: estimates.iter().map(|e| e.energy_kcal_band.1).sum(),
        glute_load,
        mean_gei: if minutes > 0.0 { glute_load / minutes } else { 0.0 },
    };
    (estimates, totals)
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
    fn new(track: &Track, segments: &[Segment], fixed: Option<f64>) -> Self {
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
        for s in segments
            .iter()
            .filter(|s| !matches!(s.pace_class, PaceClass::Stopped | PaceClass::Walk))
        {
            let (a, b) = s.samples;
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

/// The models over one segment, chunk by chunk.
#[allow(clippy::too_many_arguments)]
fn segment(
    track: &Track,
    seg: &Segment,
    mass_kg: f64,
    energy: &Minetti,
    gap: &dyn GapModel,
    gei: &Gei,
    preferred: &Preferred,
    band: f64,
) -> Estimate {
    let (first, end) = seg.samples;
    let gait = match seg.pace_class {
        PaceClass::Stopped => Gait::Standing,
        PaceClass::Walk => Gait::Walking,
        _ => Gait::Running,
    };
    let (mut joules, mut load, mut load_low, mut load_high, mut equivalent) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut start = first;
    while start < end {
        // One chunk: from `start` to `stop`, about 20 m or 10 s of timer time.
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
            gait: if moving > 0.0 { gait } else { Gait::Standing },
        };
        let slope = (1.0 + stride.grade * stride.grade).sqrt();
        joules += mass_kg * energy.cost_j_per_kg_m(&stride) * d * slope;
        let cadence = mean_cadence(track, start, stop);
        let ratio = cadence.zip(preferred.at(stride.speed_mps)).map(|(c, p)| c / p);
        let band = gei.gei(&stride, ratio);
        let minutes = timer / 60.0;
        load += band.value * minutes;
        load_low += band.low * minutes;
        load_high += band.high * minutes;
        if stride.gait != Gait::Standing {
            equivalent += d * gap.factor(stride.grade);
        }
        start = stop;
    }
    let minutes = seg.duration_s / 60.0;
    let mean = |x: f64| if minutes > 0.0 { x / minutes } else { 0.0 };
    let kcal = joules / J_PER_KCAL;
    Estimate {
        energy_kj: joules / 1000.0,
        energy_kcal: kcal,
        gap_s_per_km: (gait != Gait::Standing && equivalent > 0.0 && seg.moving_s > 0.0)
            .then(|| 1000.0 * seg.moving_s / equivalent),
        gei: mean(load),
        gei_low: mean(load_low),
        gei_high: mean(load_high),
        glute_load: load,
        energy_kcal_band: (kcal * (1.0 - band), kcal * (1.0 + band)),
        equivalent_m: equivalent,
    }
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
