//! Honest uncertainty: 10 / 90 % bands for energy, GEI, glute load and glute stimulus from a
//! seeded Monte Carlo over the documented constant ranges, drawn over segment aggregates (a few
//! sums per segment), never over samples.
//!
//! Each draw takes, for the whole run: the speed exponent, the climbing gain, the walking base, the
//! between-runner spread of the index, the level cost and running economy, and, when they are not
//! known, the body mass and the surface; and, for each segment, the error of its grade (the
//! elevation's scatter over the spread of its fixes). The same seed gives the same bands whatever
//! the thread or the machine. A band always holds its reported value.

use super::STIMULUS_EXPONENT;
use crate::analysis::Estimate;

/// Draws per run (at least 64: the 10th and 90th percentiles of 64 draws are stable to a few %).
pub const DRAWS: usize = 64;
/// The seed of every draw.
const SEED: u64 = 0x676c_7574_6575_7321;
/// z of the 90th percentile of a normal: a documented range's half-width over this is its σ when
/// the range is taken as the 10-90 % one.
const Z90: f64 = 1.281_551_6;
/// Standard deviations, each a documented range read as 10-90 %: the speed exponent 1.0-2.0, the
/// climbing gain 0.35-0.8 (log), the walking base 0.1-0.3 (log), the between-runner spread of the
/// index (a proposal: GM activity differs between runners at one speed, Kyröläinen 2005; 0.9-1.1 at
/// the reference), the level cost 3.4-4.2 J/kg/m (relative), an assumed body mass (adults 55-90 kg
/// around 70), an unknown surface (road to trail, 1.0-1.15).
const SIGMA_SPEED_EXPONENT: f64 = 0.5 / Z90;
const SIGMA_CLIMB: f64 = 0.41 / Z90;
const SIGMA_WALK: f64 = 0.55 / Z90;
const SIGMA_RUNNER: f64 = 0.095 / Z90;
const SIGMA_LEVEL_COST: f64 = 0.105 / Z90;
const SIGMA_ASSUMED_MASS: f64 = 0.25 / Z90;
const SIGMA_UNKNOWN_SURFACE: f64 = 0.075 / Z90;

/// What the draws need of one segment.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Aggregate {
    /// Σ running level part × minutes, and the same weighted by `ln(v / v₀)`.
    pub(super) run_level: f64,
    pub(super) run_level_log: f64,
    /// Σ walking level part × minutes.
    pub(super) walk_level: f64,
    /// Σ climbing part × minutes, and its change per unit of grade × minutes.
    pub(super) climb: f64,
    pub(super) climb_per_slope: f64,
    /// Net energy, kcal, and its change per unit of grade, kcal.
    pub(super) energy_kcal: f64,
    pub(super) energy_per_slope: f64,
    /// The standard error of the segment's grade, decimal.
    pub(super) grade_sigma: f64,
    /// The surface is unknown (counted as road).
    pub(super) unknown_surface: bool,
    /// Timer minutes.
    pub(super) minutes: f64,
}

/// What is known of the run as a whole.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Knowledge {
    /// The body mass is the default.
    pub(super) mass_assumed: bool,
    /// The energy model's own band (`energy.band`), relative, read as its 10-90 % half-width.
    pub(super) energy_band: f64,
}

/// SplitMix64 and Box-Muller: a small, seeded source of normal deviates.
struct Normal {
    state: u64,
    spare: Option<f64>,
}

impl Normal {
    fn new() -> Self {
        Self {
            state: SEED,
            spare: None,
        }
    }

    fn uniform(&mut self) -> f64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        #[allow(clippy::cast_precision_loss)]
        let u = (z >> 11) as f64 / (1_u64 << 53) as f64;
        u
    }

    fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let (u, v) = (self.uniform().max(f64::MIN_POSITIVE), self.uniform());
        let r = (-2.0 * u.ln()).sqrt();
        let (sin, cos) = (std::f64::consts::TAU * v).sin_cos();
        self.spare = Some(r * sin);
        r * cos
    }
}

/// The 10th and 90th percentiles of `values` (sorted in place), widened to hold `value`.
fn band(values: &mut [f64], value: f64) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        #[allow(clippy::cast_precision_loss)]
        let x = q * (values.len() - 1) as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = x.floor() as usize;
        let next = values[(i + 1).min(values.len() - 1)];
        values[i] + (next - values[i]) * (x - x.floor())
    };
    (at(0.10).min(value), at(0.90).max(value))
}

/// The bands of a run's totals, relative to each reported total: (low, high) of energy, glute load
/// and glute stimulus.
pub(super) struct RunBands {
    pub(super) energy_kcal: (f64, f64),
    pub(super) glute_load: (f64, f64),
    pub(super) glute_stimulus: (f64, f64),
}

/// Fills each segment's bands from the draws, and returns the run's.
pub(super) fn fill(estimates: &mut [Estimate], aggregates: &[Aggregate], knowledge: Knowledge) -> RunBands {
    let n = estimates.len();
    let mut normal = Normal::new();
    // Per draw and segment: energy, load, stimulus.
    let mut energy = vec![vec![0.0; DRAWS]; n];
    let mut load = vec![vec![0.0; DRAWS]; n];
    let mut stimulus = vec![vec![0.0; DRAWS]; n];
    let mut totals = [vec![0.0; DRAWS], vec![0.0; DRAWS], vec![0.0; DRAWS]];
    for draw in 0..DRAWS {
        let exponent = SIGMA_SPEED_EXPONENT * normal.next();
        let climb = (SIGMA_CLIMB * normal.next()).exp();
        let walk = (SIGMA_WALK * normal.next()).exp();
        let runner = (SIGMA_RUNNER * normal.next()).exp();
        let economy = ((knowledge.energy_band / Z90) * normal.next()).exp();
        let level_cost = 1.0 + SIGMA_LEVEL_COST * normal.next();
        let mass = if knowledge.mass_assumed {
            (SIGMA_ASSUMED_MASS * normal.next()).exp()
        } else {
            1.0
        };
        let surface = (SIGMA_UNKNOWN_SURFACE * normal.next()).exp();
        for (k, a) in aggregates.iter().enumerate() {
            let grade_error = a.grade_sigma * normal.next();
            let on = |unknown: bool| if unknown { surface } else { 1.0 };
            // The speed exponent's change, to second order in its lever.
            let run_level = if a.run_level > 0.0 {
                let mean_log = a.run_level_log / a.run_level;
                a.run_level * (exponent * mean_log).exp()
            } else {
                0.0
            };
            let glute =
                ((run_level + a.walk_level * walk + (a.climb + a.climb_per_slope * grade_error).max(0.0) * climb)
                    * runner
                    * on(a.unknown_surface))
                .max(0.0);
            let e = ((a.energy_kcal * level_cost + a.energy_per_slope * grade_error)
                * economy
                * mass
                * on(a.unknown_surface))
            .max(0.0);
            let value_load = estimates[k].glute_load;
            let s = if value_load > 0.0 {
                estimates[k].glute_stimulus * (glute / value_load).powf(STIMULUS_EXPONENT)
            } else {
                0.0
            };
            energy[k][draw] = e;
            load[k][draw] = glute;
            stimulus[k][draw] = s;
            totals[0][draw] += e;
            totals[1][draw] += glute;
            totals[2][draw] += s;
        }
    }
    for (k, estimate) in estimates.iter_mut().enumerate() {
        let minutes = aggregates[k].minutes;
        (estimate.energy_kcal_low, estimate.energy_kcal_high) = band(&mut energy[k], estimate.energy_kcal);
        (estimate.glute_load_low, estimate.glute_load_high) = band(&mut load[k], estimate.glute_load);
        (estimate.glute_stimulus_low, estimate.glute_stimulus_high) = band(&mut stimulus[k], estimate.glute_stimulus);
        if minutes > 0.0 {
            estimate.gei_low = (estimate.glute_load_low / minutes).min(estimate.gei);
            estimate.gei_high = (estimate.glute_load_high / minutes).max(estimate.gei);
        } else {
            (estimate.gei_low, estimate.gei_high) = (estimate.gei, estimate.gei);
        }
    }
    let sum = |f: fn(&Estimate) -> f64| estimates.iter().map(f).sum::<f64>();
    let [mut e, mut l, mut s] = totals;
    RunBands {
        energy_kcal: band(&mut e, sum(|x| x.energy_kcal)),
        glute_load: band(&mut l, sum(|x| x.glute_load)),
        glute_stimulus: band(&mut s, sum(|x| x.glute_stimulus)),
    }
}
