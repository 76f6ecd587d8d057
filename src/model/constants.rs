//! Every model constant in one table: its athlete-file key, default, documented range and unit.
//! The models' defaults, the athlete file's range checks and the analysis echo all read it, so a
//! constant is written down once.

use super::ModelConfig;
use crate::vocab::Surface;

/// One model constant.
#[derive(Clone, Copy, Debug)]
pub struct Constant {
    /// Its key in the athlete file and in the analysis echo (`energy.c0_j_per_kg_m`).
    pub key: &'static str,
    /// The default.
    pub default: f64,
    /// The documented range; the athlete file refuses values outside it.
    pub range: (f64, f64),
    /// Unit, or `""` for a ratio.
    pub unit: &'static str,
    /// Reads it from a configuration.
    pub get: fn(&ModelConfig) -> f64,
    /// Writes it into a configuration.
    pub set: fn(&mut ModelConfig, f64),
}

macro_rules! constant {
    ($key:literal, $default:expr, $range:expr, $unit:literal, $($field:ident).+) => {
        Constant {
            key: $key,
            default: $default,
            range: $range,
            unit: $unit,
            get: |c| c.$($field).+,
            set: |c, v| c.$($field).+ = v,
        }
    };
}

/// The scalar constants (docs/model.md gives each one's source).
pub const CONSTANTS: [Constant; 12] = [
    constant!("energy.c0_j_per_kg_m", 3.8, (3.4, 4.2), "J/kg/m", energy.c0_j_per_kg_m),
    constant!("energy.k_aero", 0.010, (0.005, 0.012), "J s2/m3/kg", energy.k_aero),
    constant!(
        "energy.c_min_j_per_kg_m",
        1.5,
        (1.0, 2.0),
        "J/kg/m",
        energy.c_min_j_per_kg_m
    ),
    constant!(
        "energy.eccentric_slope",
        8.2,
        (4.0, 12.0),
        "J/kg/m",
        energy.eccentric_slope
    ),
    constant!("energy.resting_w_per_kg", 1.17, (1.1, 1.25), "W/kg", resting_w_per_kg),
    constant!("energy.band", 0.15, (0.0, 0.5), "", energy_band),
    constant!("gei.speed_exponent", 1.5, (1.0, 2.0), "", gei.speed_exponent),
    constant!("gei.k_climb", 0.55, (0.35, 0.8), "1/(W/kg)", gei.k_climb),
    constant!("gei.k_down", 2.0, (1.0, 3.0), "", gei.k_down),
    constant!("gei.floor", 0.6, (0.5, 0.8), "", gei.floor),
    constant!("gei.cadence_exponent", -0.55, (-0.8, -0.4), "", gei.cadence_exponent),
    constant!("gei.walk_base", 0.15, (0.1, 0.3), "", gei.walk_base),
];

/// A surface's energy and glute multipliers: default and documented range of each.
#[derive(Clone, Copy, Debug)]
pub struct SurfaceConstant {
    /// The surface.
    pub surface: Surface,
    /// Running energy multiplier (asphalt 1.0), and its range.
    pub energy: (f64, (f64, f64)),
    /// Glute engagement multiplier (asphalt 1.0), and its range.
    pub glutes: (f64, (f64, f64)),
}

const fn surface(surface: Surface, energy: (f64, (f64, f64)), glutes: (f64, (f64, f64))) -> SurfaceConstant {
    SurfaceConstant {
        surface,
        energy,
        glutes,
    }
}

/// The surface multipliers: energy from Lejeune 1998, Pinnington 2001, Kerdok 2002, Voloshina 2015
/// and Soule and Goldman 1972 through the walking-to-running transfer rule; glutes a proposal
/// within the stated ranges (docs/model.md).
pub const SURFACES: [SurfaceConstant; 10] = [
    surface(Surface::Asphalt, (1.0, (1.0, 1.0)), (1.0, (1.0, 1.0))),
    surface(Surface::Track, (0.98, (0.95, 1.0)), (1.0, (1.0, 1.0))),
    surface(Surface::Treadmill, (1.0, (0.97, 1.0)), (0.95, (0.9, 1.0))),
    surface(Surface::Grass, (1.08, (1.03, 1.29)), (1.05, (1.0, 1.1))),
    surface(Surface::Dirt, (1.05, (1.03, 1.10)), (1.05, (1.0, 1.1))),
    surface(Surface::Gravel, (1.10, (1.05, 1.20)), (1.08, (1.0, 1.15))),
    surface(Surface::Trail, (1.15, (1.08, 1.25)), (1.15, (1.05, 1.3))),
    surface(Surface::Sand, (1.60, (1.30, 1.80)), (1.30, (1.0, 1.6))),
    surface(Surface::FirmSand, (1.20, (1.10, 1.35)), (1.10, (1.0, 1.2))),
    surface(Surface::Snow, (1.20, (1.10, 1.35)), (1.10, (1.0, 1.6))),
];

/// The scalar constant of a key.
pub(crate) fn constant(key: &str) -> Option<&'static Constant> {
    CONSTANTS.iter().find(|c| c.key == key)
}

/// The surface constants of a surface (`unknown` counts as asphalt).
pub(crate) fn surface_constant(s: Surface) -> &'static SurfaceConstant {
    SURFACES.iter().find(|c| c.surface == s).unwrap_or(&SURFACES[0])
}
