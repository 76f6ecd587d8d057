//! The device model: what a watch or phone would write for the true motion. GPS position error is
//! correlated over tens of seconds (a first-order Gauss-Markov process per axis), barometric
//! elevation is precise but drifts, GPS elevation is noisy and wanders; heart rate follows effort
//! with a lag; cadence rises with speed.

use super::rng::{Correlated, Rng};

/// What records the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Device {
    /// No noise at all: the truth, as a device would format it.
    Ideal,
    /// A GPS watch with a barometric altimeter: about 3 m position noise, 0.3 m elevation noise and
    /// a drift of up to 2 m an hour.
    Baro,
    /// A phone: about 5 m position noise, GPS elevation with 5 m noise and a slow wander of about
    /// 15 m.
    Phone,
}

impl Device {
    /// Every device, in the order `--device` lists them.
    pub const ALL: [Self; 3] = [Self::Ideal, Self::Baro, Self::Phone];

    /// The name used on the command line and in the truth.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ideal => "ideal",
            Self::Baro => "baro",
            Self::Phone => "phone",
        }
    }

    /// The device of a name as [`Device::name`] gives it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// Noise streams, numbered so that adding one never changes the others.
mod stream {
    pub(super) const GPS_EAST: u64 = 1;
    pub(super) const GPS_NORTH: u64 = 2;
    pub(super) const ELEVATION: u64 = 3;
    pub(super) const ELEVATION_SLOW: u64 = 4;
    pub(super) const SPEED: u64 = 5;
    pub(super) const HEART_RATE: u64 = 6;
    pub(super) const CADENCE: u64 = 7;
}

/// GPS position error: standard deviation per axis (m) and correlation time (s).
const GPS_BARO: (f64, f64) = (3.0, 30.0);
const GPS_PHONE: (f64, f64) = (5.0, 30.0);
/// Barometric altimeter: white noise (m) and the largest drift rate (m per hour).
const BARO_NOISE_M: f64 = 0.3;
const BARO_DRIFT_M_PER_H: f64 = 2.0;
/// Phone GPS elevation: noise (m) correlated over (s) ...
const PHONE_ELEVATION: (f64, f64) = (5.0, 0.5);
/// ... and a slow wander: two sine waves of this amplitude (m; together up to 15 m from peak to
/// trough) with periods drawn from these ranges (s), as GPS altitude drifts with the satellites
/// in view.
const PHONE_WANDER_AMPLITUDE_M: f64 = 3.75;
const PHONE_WANDER_PERIODS_S: [(f64, f64); 2] = [(2400.0, 4800.0), (3600.0, 7200.0)];
/// Speed noise, m/s, per device (Doppler speed is good; a phone's less so).
const SPEED_NOISE: [f64; 3] = [0.0, 0.05, 0.15];

/// The error a device adds, sample by sample.
pub(crate) struct Errors {
    device: Device,
    east: Option<Correlated>,
    north: Option<Correlated>,
    elevation: Option<Correlated>,
    /// Amplitude (m), period (s) and phase (rad) of the wander's waves.
    wander: Vec<(f64, f64, f64)>,
    drift_m_per_s: f64,
    white: Rng,
    speed: Rng,
    heart: Rng,
    cadence: Rng,
}

impl Errors {
    pub(crate) fn new(device: Device, seed: u64) -> Self {
        let gps = match device {
            Device::Ideal => None,
            Device::Baro => Some(GPS_BARO),
            Device::Phone => Some(GPS_PHONE),
        };
        let axis = |stream| gps.map(|(sigma, tau)| Correlated::new(Rng::new(seed, stream), sigma, tau, 1.0));
        let mut white = Rng::new(seed, stream::ELEVATION);
        let drift_m_per_s = match device {
            Device::Baro => (2.0 * white.uniform() - 1.0) * BARO_DRIFT_M_PER_H / 3600.0,
            _ => 0.0,
        };
        let (elevation, wander) = match device {
            Device::Phone => {
                let mut slow = Rng::new(seed, stream::ELEVATION_SLOW);
                let waves = PHONE_WANDER_PERIODS_S
                    .iter()
                    .map(|&(low, high)| {
                        let period = low + (high - low) * slow.uniform();
                        let phase = std::f64::consts::TAU * slow.uniform();
                        (PHONE_WANDER_AMPLITUDE_M, period, phase)
                    })
                    .collect();
                (
                    Some(Correlated::new(
                        Rng::new(seed, stream::ELEVATION),
                        PHONE_ELEVATION.0,
                        PHONE_ELEVATION.1,
                        1.0,
                    )),
                    waves,
                )
            }
            _ => (None, Vec::new()),
        };
        Self {
            device,
            east: axis(stream::GPS_EAST),
            north: axis(stream::GPS_NORTH),
            elevation,
            wander,
            drift_m_per_s,
            white,
            speed: Rng::new(seed, stream::SPEED),
            heart: Rng::new(seed, stream::HEART_RATE),
            cadence: Rng::new(seed, stream::CADENCE),
        }
    }

    /// Advances the correlated errors by `seconds` whole seconds.
    pub(crate) fn advance(&mut self, seconds: u64) {
        for process in [&mut self.east, &mut self.north, &mut self.elevation]
            .into_iter()
            .flatten()
        {
            for _ in 0..seconds {
                process.step();
            }
        }
    }

    /// Position error now: metres east and north.
    pub(crate) fn position(&self) -> [f64; 2] {
        [
            self.east.as_ref().map_or(0.0, Correlated::value),
            self.north.as_ref().map_or(0.0, Correlated::value),
        ]
    }

    /// Elevation error now, `t_s` seconds into the run.
    pub(crate) fn elevation(&mut self, t_s: f64) -> f64 {
        match self.device {
            Device::Ideal => 0.0,
            Device::Baro => BARO_NOISE_M * self.white.normal() + self.drift_m_per_s * t_s,
            Device::Phone => {
                self.elevation.as_ref().map_or(0.0, Correlated::value)
                    + self
                        .wander
                        .iter()
                        .map(|&(a, period, phase)| a * (std::f64::consts::TAU * t_s / period + phase).sin())
                        .sum::<f64>()
            }
        }
    }

    /// A speed reading for a true speed.
    pub(crate) fn speed(&mut self, true_mps: f64) -> f64 {
        let sd = match self.device {
            Device::Ideal => SPEED_NOISE[0],
            Device::Baro => SPEED_NOISE[1],
            Device::Phone => SPEED_NOISE[2],
        };
        if true_mps <= 0.0 || sd == 0.0 {
            return true_mps;
        }
        (true_mps + sd * self.speed.normal()).max(0.0)
    }

    /// A heart-rate reading, whole beats per minute.
    pub(crate) fn heart_rate(&mut self, true_bpm: f64) -> f64 {
        let noise = if self.device == Device::Ideal {
            0.0
        } else {
            self.heart.normal()
        };
        (true_bpm + noise).round()
    }

    /// A cadence reading, steps per minute (zero stays zero).
    pub(crate) fn cadence(&mut self, true_spm: f64) -> f64 {
        if self.device == Device::Ideal || true_spm == 0.0 {
            return true_spm;
        }
        true_spm + self.cadence.normal()
    }
}

/// Heart-rate response: a first-order lag towards a target set by effort.
pub(crate) struct Heart {
    rest: f64,
    max: f64,
    bpm: f64,
}

/// Time constants of heart-rate rise and recovery, seconds.
const HR_RISE_S: f64 = 30.0;
const HR_FALL_S: f64 = 45.0;

impl Heart {
    pub(crate) fn new(rest: f64, max: f64) -> Self {
        Self {
            rest,
            max,
            bpm: rest + 0.1 * (max - rest),
        }
    }

    /// Advances `dt_s` seconds at a speed (m/s) and grade (%), on a surface that costs `surface`
    /// times road; returns the heart rate.
    pub(crate) fn beat(&mut self, dt_s: f64, speed_mps: f64, grade_pct: f64, surface: f64) -> f64 {
        let effort = if speed_mps > 0.0 {
            0.30 + 0.115 * speed_mps * surface * (1.0 + 0.06 * grade_pct.max(-5.0))
        } else {
            0.2
        };
        let target = self.rest + effort.clamp(0.0, 0.98) * (self.max - self.rest);
        let tau = if target > self.bpm { HR_RISE_S } else { HR_FALL_S };
        self.bpm = target + (self.bpm - target) * (-dt_s / tau).exp();
        self.bpm
    }
}

/// Steps per minute at a speed: the runner's cadence at 10 km/h, rising gently with speed; a
/// walking cadence below 1.9 m/s; zero standing still.
pub(crate) fn cadence_spm(cadence_at_10_kmh: f64, speed_mps: f64) -> f64 {
    if speed_mps < 0.3 {
        0.0
    } else if speed_mps < 1.9 {
        (100.0 + 12.0 * speed_mps).min(125.0)
    } else {
        (cadence_at_10_kmh * (speed_mps / (10.0 / 3.6)).powf(0.22)).clamp(140.0, 230.0)
    }
}
