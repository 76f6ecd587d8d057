//! The Glute Engagement Index (GEI): how hard the glutes work, relative to steady level running at
//! 10 km/h on asphalt at the runner's preferred cadence (GEI 1.0).

use super::energy::{G, SurfaceFactors};
use super::{Gait, Stride};
use serde::Serialize;

/// A glute engagement model.
pub trait GluteModel: Send + Sync {
    /// The model's name, echoed in every analysis.
    fn name(&self) -> &'static str;
    /// GEI of a stride with its low and high bounds; `cadence_ratio` is cadence over the
    /// preferred cadence at that speed, when known.
    fn gei(&self, stride: &Stride, cadence_ratio: Option<f64>) -> Band;

    /// The GEI split into the parts whose constants are uncertain, for the Monte Carlo bands. A
    /// model that does not split its GEI returns it whole as the level part.
    fn parts(&self, stride: &Stride, cadence_ratio: Option<f64>) -> Parts {
        Parts {
            level: self.gei(stride, cadence_ratio).value,
            ..Parts::default()
        }
    }
}

/// A GEI in parts: `level + climb` is the GEI.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Parts {
    /// The part that rises with speed (or the walking base).
    pub level: f64,
    /// `ln(v / v₀)` of the level part when it is a running one (its speed exponent's lever), else 0.
    pub log_speed: f64,
    /// The climbing part.
    pub climb: f64,
    /// How much the climbing part changes per unit of grade (decimal), GEI.
    pub climb_per_slope: f64,
}

/// A value with its uncertainty band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Band {
    /// The estimate.
    pub value: f64,
    /// Low bound.
    pub low: f64,
    /// High bound.
    pub high: f64,
}

/// The GEI of docs/model.md: what the hip extensors do, as a level part that rises with speed plus
/// a part that follows the body's rate of climbing.
///
/// ```text
/// GEI      = [S(v) · D(x) + k_climb · P(x, v)] · Σ_G(surface) · K(c / c_pref)     running
/// GEI_walk = [b_walk · (v / 1.4) · D(i) + k_climb · P(i, v)] · Σ_G(surface)
/// S(v)     = (v / 2.78)^p                                   p = 1.5
/// P(x, v)  = g · v · x / √(1 + x²)   W/kg, x ≥ 0 (0 below), x ≤ 0.45   k_climb = 0.55 per W/kg
/// D(x)     = max(floor, 1 + k_dn · x)  x < 0 (1 above)      k_dn = 2, floor 0.6
/// K(r)     = clamp(r, 0.8, 1.2)^(−0.55)
/// x        = i + a / g   (the equivalent slope; walking uses the grade i)
/// ```
/// Standing still scores 0. The band widens each part over its stated range (`p` 1.0-2.0,
/// `k_climb` 0.35-0.8, `k_dn` 1-3, floor 0.5-0.8, the surface range, cadence exponent −0.4 to
/// −0.8, walking base 0.1-0.3) and combines the relative spreads in quadrature.
///
/// GEI is an estimate for comparing segments and runs, not a measured muscle activation.
///
/// # References
/// Kyröläinen 2005 and Schache 2015 (speed); Roberts and Belliveau 2005 (the hip does nearly all
/// the extra work of climbing: about half the work of raising the body), Franz and Kram 2012 and
/// Ahn 2007 (uphill walking and running); Franz and Kram 2012, Vernillo 2017 (downhill);
/// di Prampero 2005 (acceleration); Lenhart 2014 (cadence); Pinnington 2005, Lejeune 1998 (sand);
/// Lieberman 2006 (walking). Full citations in docs/model.md.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gei {
    /// Reference speed, m/s (10 km/h).
    pub reference_mps: f64,
    /// Speed exponent p.
    pub speed_exponent: f64,
    /// GEI per W/kg of climbing power (the hip's share of the work of raising the body over its
    /// power in level running at the reference speed).
    pub k_climb: f64,
    /// Downhill loss per unit equivalent slope.
    pub k_down: f64,
    /// Lowest downhill factor.
    pub floor: f64,
    /// Cadence exponent.
    pub cadence_exponent: f64,
    /// Walking base.
    pub walk_base: f64,
    /// Multipliers by surface.
    pub surface: SurfaceFactors,
}

/// Relative half-ranges of the parts: the speed exponent (per unit of `ln(v / v₀)`), the climbing
/// gain and the walking base.
const SPEED_SPREAD: f64 = 0.5;
const CLIMB_SPREAD: f64 = 0.4;
const WALK_SPREAD: f64 = 0.5;
/// Steepest equivalent slope the models take, decimal.
const MAX_SLOPE: f64 = 0.45;
/// The walking base is relative to this speed, m/s.
const WALK_REFERENCE_MPS: f64 = 1.4;

impl Default for Gei {
    /// The defaults of the constants table ([`super::CONSTANTS`]).
    fn default() -> Self {
        super::ModelConfig::default().gei
    }
}

/// Half-range of a surface factor: its excess over road (soft sand 1.3 ± 0.3, trail 1.15 ± 0.15,
/// as the documented ranges), at least 0.05 off road.
fn surface_spread(factor: f64) -> f64 {
    let excess = (factor - 1.0).abs();
    if excess < 1e-9 { 0.0 } else { excess.max(0.05) }
}

impl GluteModel for Gei {
    fn name(&self) -> &'static str {
        "gei"
    }

    fn parts(&self, s: &Stride, cadence_ratio: Option<f64>) -> Parts {
        if s.gait == Gait::Stopped {
            return Parts::default();
        }
        let walking = s.gait == Gait::Walk;
        let x = if walking { s.grade } else { s.grade + s.accel_mps2 / G };
        let down = if x >= 0.0 {
            1.0
        } else {
            (1.0 + self.k_down * x).max(self.floor)
        };
        let ratio = (s.speed_mps / self.reference_mps).max(1e-3);
        let (level, log_speed) = if walking {
            (self.walk_base * s.speed_mps / WALK_REFERENCE_MPS * down, 0.0)
        } else {
            (ratio.powf(self.speed_exponent) * down, ratio.ln())
        };
        let slope = x.clamp(0.0, MAX_SLOPE);
        let per_slope = self.k_climb * G * s.speed_mps;
        let climb = per_slope * slope / (1.0 + slope * slope).sqrt();
        let cadence = match cadence_ratio {
            Some(r) if r.is_finite() && r > 0.0 && !walking => r.clamp(0.8, 1.2).powf(self.cadence_exponent),
            _ => 1.0,
        };
        let scale = self.surface.get(s.surface) * cadence;
        Parts {
            level: level * scale,
            log_speed,
            climb: climb * scale,
            climb_per_slope: if x > 0.0 && x < MAX_SLOPE {
                per_slope * scale
            } else {
                0.0
            },
        }
    }

    fn gei(&self, s: &Stride, cadence_ratio: Option<f64>) -> Band {
        if s.gait == Gait::Stopped {
            return Band {
                value: 0.0,
                low: 0.0,
                high: 0.0,
            };
        }
        let walking = s.gait == Gait::Walk;
        let x = if walking { s.grade } else { s.grade + s.accel_mps2 / G };
        // The level part, lowered downhill toward its floor.
        let (down, down_spread) = if x >= 0.0 {
            (1.0, 0.0)
        } else {
            let d = 1.0 + self.k_down * x;
            if d <= self.floor {
                (self.floor, 0.15 / self.floor)
            } else {
                (d, 0.5 * x.abs() / d)
            }
        };
        let (level, level_spread) = if walking {
            (self.walk_base * s.speed_mps / WALK_REFERENCE_MPS * down, WALK_SPREAD)
        } else {
            let ratio = (s.speed_mps / self.reference_mps).max(1e-3);
            (ratio.powf(self.speed_exponent) * down, SPEED_SPREAD * ratio.ln().abs())
        };
        // The climbing part: the hip's share of the work of raising the body.
        let slope = x.clamp(0.0, MAX_SLOPE);
        let climb = self.k_climb * G * s.speed_mps * slope / (1.0 + slope * slope).sqrt();
        let sigma = self.surface.get(s.surface);
        let (cadence, cadence_spread) = match cadence_ratio {
            Some(r) if r.is_finite() && r > 0.0 && !walking => {
                let r = r.clamp(0.8, 1.2);
                (r.powf(self.cadence_exponent), 0.2 * r.ln().abs())
            }
            _ => (1.0, 0.0),
        };
        let value = (level + climb) * sigma * cadence;
        let total = (level + climb).max(1e-12);
        // Each part's relative spread, weighted by its share of the whole.
        let parts = (level * level_spread.hypot(down_spread) / total).hypot(climb * CLIMB_SPREAD / total);
        let spread = [parts, surface_spread(sigma) / sigma, cadence_spread]
            .iter()
            .map(|d| d * d)
            .sum::<f64>()
            .sqrt();
        Band {
            value,
            low: value * (-spread).exp(),
            high: value * spread.exp(),
        }
    }
}
