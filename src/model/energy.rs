//! Metabolic energy of running and walking: Minetti's cost-of-transport polynomials, extended
//! beyond ±45 %, with acceleration as an equivalent slope, surface multipliers and air resistance.

use super::constants::SURFACES;
use super::{Gait, Stride};
use crate::vocab::Surface;
use serde::Serialize;

/// Standard gravity, m/s².
pub const G: f64 = 9.81;

/// A model of the net metabolic cost of moving one kilogram one metre.
///
/// Implement it to swap the energy model (the [`Minetti`] default is the one documented in
/// `docs/model.md`).
pub trait EnergyModel: Send + Sync {
    /// The model's name, echoed in every analysis.
    fn name(&self) -> &'static str;
    /// Net metabolic cost (above resting) of the stride, J per kg per metre along the ground.
    fn cost_j_per_kg_m(&self, stride: &Stride) -> f64;
}

/// Minetti's running cost polynomial, `Cr(i) = 155.4 i⁵ − 30.4 i⁴ − 43.3 i³ + 46.3 i² + 19.5 i + 3.6`
/// J/kg/m for grades `i` (decimal) within ±0.45, as coefficients c0..c5.
pub const MINETTI_RUN: [f64; 6] = [3.6, 19.5, 46.3, -43.3, -30.4, 155.4];
/// Minetti's walking polynomial, `Cw(i)`, coefficients c0..c5, J/kg/m.
pub const MINETTI_WALK: [f64; 6] = [2.5, 19.6, 51.9, -76.8, -58.7, 280.5];

fn polynomial(c: &[f64; 6], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, k| acc * x + k)
}

/// Energy of running after Minetti et al. (2002) with the extensions docs/model.md describes.
///
/// ```text
/// ES  = i + a/g                      equivalent slope (di Prampero et al. 2005)
/// EM  = sqrt(1 + (a/g)²)             equivalent mass
/// ΔC(x) = Cr(x) − 3.6                for |x| ≤ 0.45
///       = 55.65 x − 5.61 − 3.6       for x > 0.45    (di Prampero's linear continuation)
///       = ΔC(−0.45) + 8.2 (−0.45 − x) for x < −0.45  (eccentric efficiency about −1.2)
/// C   = max(C_min, (C0 + ΔC(ES)) · EM) · σ_E(surface) + k_aero · v²
/// ```
/// Walking uses `Cw(ES) · EM` and walking surface factors (`1 + 2 (σ_E − 1)`, the inverse of the
/// walking-to-running transfer rule, giving 2.2 for soft sand where Lejeune measured 2.1 to 2.7).
///
/// # Units
/// Speeds m/s, accelerations m/s², grades decimal, costs J/kg/m.
///
/// # References
/// - Minetti A. E. et al. (2002), Energy cost of walking and running at extreme uphill and
///   downhill slopes, J Appl Physiol 93:1039-1046.
/// - di Prampero P. E. et al. (2005), Sprint running: a new energetic approach, J Exp Biol
///   208:2809-2816.
/// - Lejeune T. M., Willems P. A., Heglund N. C. (1998), Mechanics and energetics of human
///   locomotion on sand, J Exp Biol 201:2071-2080.
/// - Pugh L. G. C. E. (1971), The influence of wind resistance in running and walking, J Physiol
///   213:255-276 (air resistance, via di Prampero's constant).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Minetti {
    /// Net cost of level running, J/kg/m (3.4 elite to 4.2 ACSM; 3.8 recreational).
    pub c0_j_per_kg_m: f64,
    /// Air resistance, metabolic, J·s²/(m³·kg): cost `k_aero · v²` per metre (0.005 to 0.012).
    pub k_aero: f64,
    /// Floor on the running cost, J/kg/m (below the measured minimum of 1.73 at −20 %).
    pub c_min_j_per_kg_m: f64,
    /// Slope of the cost below −45 %, J/kg/m per unit grade.
    pub eccentric_slope: f64,
    /// Running energy multipliers by surface (asphalt 1.0).
    pub surface: SurfaceFactors,
}

impl Default for Minetti {
    /// The defaults of the constants table ([`super::CONSTANTS`]).
    fn default() -> Self {
        super::ModelConfig::default().energy
    }
}

impl Minetti {
    /// The grade cost increment `ΔC(x)` over level running, J/kg/m, with the continuations beyond
    /// ±45 %.
    pub fn grade_increment(&self, x: f64) -> f64 {
        let base = MINETTI_RUN[0];
        if x > 0.45 {
            55.65 * x - 5.61 - base
        } else if x < -0.45 {
            polynomial(&MINETTI_RUN, -0.45) - base + self.eccentric_slope * (-0.45 - x)
        } else {
            polynomial(&MINETTI_RUN, x) - base
        }
    }
}

impl EnergyModel for Minetti {
    fn name(&self) -> &'static str {
        "minetti"
    }

    fn cost_j_per_kg_m(&self, s: &Stride) -> f64 {
        if s.gait == Gait::Stopped {
            return 0.0;
        }
        let es = s.grade + s.accel_mps2 / G;
        let em = (1.0 + (s.accel_mps2 / G).powi(2)).sqrt();
        let sigma = self.surface.get(s.surface);
        let air = if s.surface == Surface::Treadmill {
            0.0
        } else {
            self.k_aero * s.speed_mps * s.speed_mps
        };
        match s.gait {
            Gait::Walk => {
                let x = es.clamp(-0.45, 0.45);
                let walk = polynomial(&MINETTI_WALK, x).max(self.c_min_j_per_kg_m) * em;
                walk * (1.0 + 2.0 * (sigma - 1.0)) + air
            }
            _ => ((self.c0_j_per_kg_m + self.grade_increment(es)) * em).max(self.c_min_j_per_kg_m) * sigma + air,
        }
    }
}

/// A multiplier per surface.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurfaceFactors {
    /// `asphalt`.
    pub asphalt: f64,
    /// `track`.
    pub track: f64,
    /// `treadmill`.
    pub treadmill: f64,
    /// `grass`.
    pub grass: f64,
    /// `dirt`.
    pub dirt: f64,
    /// `gravel`.
    pub gravel: f64,
    /// `trail`.
    pub trail: f64,
    /// `sand` (soft, dry).
    pub sand: f64,
    /// `firm_sand`.
    pub firm_sand: f64,
    /// `snow`.
    pub snow: f64,
}

impl SurfaceFactors {
    /// Running energy multipliers (Lejeune 1998, Pinnington 2001, Kerdok 2002, Voloshina 2015,
    /// Soule and Goldman 1972 through the transfer rule; docs/model.md).
    pub fn energy() -> Self {
        Self::from_table(|c| c.energy.0)
    }

    /// Glute engagement multipliers (a proposal within the documented ranges, docs/model.md).
    pub fn glutes() -> Self {
        Self::from_table(|c| c.glutes.0)
    }

    fn from_table(pick: impl Fn(&super::SurfaceConstant) -> f64) -> Self {
        let mut factors = Self {
            asphalt: 1.0,
            track: 1.0,
            treadmill: 1.0,
            grass: 1.0,
            dirt: 1.0,
            gravel: 1.0,
            trail: 1.0,
            sand: 1.0,
            firm_sand: 1.0,
            snow: 1.0,
        };
        for c in &SURFACES {
            if let Some(slot) = factors.get_mut(c.surface) {
                *slot = pick(c);
            }
        }
        factors
    }

    /// The factor of a surface; `unknown` is treated as road.
    pub fn get(&self, surface: Surface) -> f64 {
        match surface {
            Surface::Asphalt | Surface::Unknown => self.asphalt,
            Surface::Track => self.track,
            Surface::Treadmill => self.treadmill,
            Surface::Grass => self.grass,
            Surface::Dirt => self.dirt,
            Surface::Gravel => self.gravel,
            Surface::Trail => self.trail,
            Surface::Sand => self.sand,
            Surface::FirmSand => self.firm_sand,
            Surface::Snow => self.snow,
        }
    }

    /// Mutable access by surface name (for athlete-file overrides).
    pub fn get_mut(&mut self, surface: Surface) -> Option<&mut f64> {
        Some(match surface {
            Surface::Asphalt => &mut self.asphalt,
            Surface::Track => &mut self.track,
            Surface::Treadmill => &mut self.treadmill,
            Surface::Grass => &mut self.grass,
            Surface::Dirt => &mut self.dirt,
            Surface::Gravel => &mut self.gravel,
            Surface::Trail => &mut self.trail,
            Surface::Sand => &mut self.sand,
            Surface::FirmSand => &mut self.firm_sand,
            Surface::Snow => &mut self.snow,
            Surface::Unknown => return None,
        })
    }
}
