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

/// The GEI of docs/model.md:
///
/// ```text
/// GEI  = S(v) · G(ES) · Σ_G(surface) · K(c / c_pref)             running
/// S(v) = (v / 2.78)^p                                             p = 1.5
/// G(x) = 1 + k_up · min(x, 0.45)            x ≥ 0                 k_up = 5
///      = max(floor, 1 + k_dn · x)           x < 0                 k_dn = 2, floor 0.6
/// K(r) = clamp(r, 0.8, 1.2)^(−0.55)
/// GEI_walk = 0.15 · (v / 1.4) · (1 + 20 · max(i, 0))
/// ES   = i + a / g
/// ```
/// Standing still scores 0. The band widens each factor over its stated range (`p` 1.0-2.0, `k_up`
/// 3-8, `k_dn` 1-3, floor 0.5-0.8, the surface range, cadence exponent −0.4 to −0.8) and combines
/// the relative spreads in quadrature: the reference run has no spread, by definition.
///
/// GEI is an estimate for comparing segments and runs, not a measured muscle activation.
///
/// # References
/// Kyröläinen 2005 and Schache 2015 (speed); Roberts and Belliveau 2005, Ahn 2007 (uphill);
/// Franz and Kram 2012, Vernillo 2017 (downhill); di Prampero 2005 (acceleration); Lenhart 2014
/// (cadence); Pinnington 2005, Lejeune 1998 (sand); Lieberman 2006 (walking). Full citations in docs/model.md.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gei {
    /// Reference speed, m/s (10 km/h).
    pub reference_mps: f64,
    /// Speed exponent p.
    pub speed_exponent: f64,
    /// Uphill gain per unit equivalent slope.
    pub k_up: f64,
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

    fn gei(&self, s: &Stride, cadence_ratio: Option<f64>) -> Band {
        let zero = Band {
            value: 0.0,
            low: 0.0,
            high: 0.0,
        };
        match s.gait {
            Gait::Stopped => zero,
            Gait::Walk => {
                let value = self.walk_base * (s.speed_mps / 1.4) * (1.0 + 20.0 * s.grade.max(0.0));
                // Walking base 0.1 to 0.3.
                Band {
                    value,
                    low: value * 0.1 / 0.15,
                    high: value * 0.3 / 0.15,
                }
            }
            Gait::Run => {
                let ratio = (s.speed_mps / self.reference_mps).max(1e-3);
                let speed = ratio.powf(self.speed_exponent);
                let x = s.grade + s.accel_mps2 / G;
                let (grade, grade_spread) = if x >= 0.0 {
                    let x = x.min(0.45);
                    let g = 1.0 + self.k_up * x;
                    (g, 2.5 * x / g)
                } else {
                    let g = 1.0 + self.k_down * x;
                    if g <= self.floor {
                        (self.floor, 0.15 / self.floor)
                    } else {
                        (g, x.abs() / g)
                    }
                };
                let sigma = self.surface.get(s.surface);
                let (cadence, cadence_spread) = match cadence_ratio {
                    Some(r) if r.is_finite() && r > 0.0 => {
                        let r = r.clamp(0.8, 1.2);
                        (r.powf(self.cadence_exponent), 0.2 * r.ln().abs())
                    }
                    _ => (1.0, 0.0),
                };
                let value = speed * grade * sigma * cadence;
                let spread = [
                    0.5 * ratio.ln().abs(),
                    grade_spread,
                    surface_spread(sigma) / sigma,
                    cadence_spread,
                ]
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
    }
}
