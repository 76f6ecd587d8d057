//! Grade-adjusted pace: the level pace that would cost the same (Minetti) or feel the same
//! (a Strava-2017-like curve).

use super::energy::Minetti;
use serde::Serialize;

/// A grade-adjusted pace model: a speed factor `f(i)` such that running at speed `v` on grade `i`
/// is worth running `v · f(i)` on the level.
pub trait GapModel: Send + Sync {
    /// The model's name, echoed in every analysis.
    fn name(&self) -> &'static str;
    /// The speed factor at a grade (decimal).
    fn factor(&self, grade: f64) -> f64;
}

/// Metabolic GAP: `f(i) = (C0 + ΔC(i)) / C0`, the ratio of Minetti's cost on the grade to the cost on
/// the level (cost per metre is nearly speed-independent, so equal cost per metre means equal
/// effort per metre).
///
/// # References
/// Minetti A. E. et al. (2002), J Appl Physiol 93:1039-1046; docs/model.md.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MinettiGap {
    /// The energy model whose grade increment it uses.
    pub energy: Minetti,
}

impl GapModel for MinettiGap {
    fn name(&self) -> &'static str {
        "minetti"
    }

    fn factor(&self, grade: f64) -> f64 {
        let c0 = self.energy.c0_j_per_kg_m;
        ((c0 + self.energy.grade_increment(grade)) / c0).max(0.1)
    }
}

/// Strava's 2017 heart-rate-based curve as reverse-engineered (grade %, speed factor), linearly
/// interpolated and held flat beyond ±45 %. An effort model for comparing paces, not an energy
/// model: it gives far less credit downhill than Minetti (0.876 against 0.60 at −10 %).
///
/// # References
/// Robb D. (2017), An improved GAP model, Strava Engineering; table from aaron-schroeder's
/// `specialsauce` (docs/model.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Strava2017;

/// (grade %, speed factor).
pub const STRAVA_2017: [(f64, f64); 21] = [
    (-45.0, 2.096),
    (-30.0, 1.495),
    (-25.0, 1.273),
    (-20.0, 1.081),
    (-15.0, 0.941),
    (-10.0, 0.876),
    (-8.0, 0.876),
    (-6.0, 0.891),
    (-4.0, 0.918),
    (-2.0, 0.96),
    (0.0, 1.0),
    (2.0, 1.055),
    (4.0, 1.135),
    (6.0, 1.228),
    (8.0, 1.337),
    (10.0, 1.459),
    (15.0, 1.846),
    (20.0, 2.297),
    (25.0, 2.727),
    (30.0, 3.158),
    (45.0, 4.286),
];

impl GapModel for Strava2017 {
    fn name(&self) -> &'static str {
        "strava"
    }

    fn factor(&self, grade: f64) -> f64 {
        let g = (grade * 100.0).clamp(-45.0, 45.0);
        let j = STRAVA_2017
            .partition_point(|&(x, _)| x <= g)
            .clamp(1, STRAVA_2017.len() - 1);
        let ((x0, y0), (x1, y1)) = (STRAVA_2017[j - 1], STRAVA_2017[j]);
        y0 + (y1 - y0) * (g - x0) / (x1 - x0)
    }
}
