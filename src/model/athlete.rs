//! The athlete profile (`athlete.toml`, design.md section 5) and the model settings it can
//! override: every constant of science.md, each checked against its documented range.
//!
//! ```toml
//! mass_kg = 72.6
//! preferred_cadence_spm = 172     # else the run's own median cadence at similar speeds
//! threshold_pace = "4:30"         # per km
//!
//! [energy]
//! c0_j_per_kg_m = 3.8             # net level cost, 3.4-4.2
//! surface = { sand = 1.5 }
//!
//! [gei]
//! k_up = 6.0                      # 3-8
//! ```

use super::energy::{Minetti, SurfaceFactors};
use super::glutes::Gei;
use crate::surface::Surface;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Body mass assumed when none is given, kg.
pub const DEFAULT_MASS_KG: f64 = 70.0;
/// Allowed body mass, kg.
pub const MASS_RANGE_KG: (f64, f64) = (25.0, 250.0);

/// Which grade-adjusted pace model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapChoice {
    /// Metabolic, from Minetti's cost curve.
    #[default]
    Minetti,
    /// Strava's 2017 heart-rate curve.
    Strava,
}

/// The runner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Athlete {
    /// Body mass, kg.
    pub mass_kg: f64,
    /// Whether the mass was given (else [`DEFAULT_MASS_KG`], with a warning).
    #[serde(skip)]
    pub mass_given: bool,
    /// Preferred cadence, steps per minute.
    pub preferred_cadence_spm: Option<f64>,
    /// Threshold pace, s/km.
    pub threshold_pace_s_per_km: Option<f64>,
}

impl Default for Athlete {
    fn default() -> Self {
        Self {
            mass_kg: DEFAULT_MASS_KG,
            mass_given: false,
            preferred_cadence_spm: None,
            threshold_pace_s_per_km: None,
        }
    }
}

/// The models' settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelConfig {
    /// Energy model.
    pub energy: Minetti,
    /// Glute model.
    pub gei: Gei,
    /// GAP model.
    pub gap: GapChoice,
    /// Relative half-width of the energy band (±15 %: individual economy, surface, terrain).
    pub energy_band: f64,
    /// Resting metabolism added for gross energy over moving time, W/kg (1 MET).
    pub resting_w_per_kg: f64,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            energy: Minetti::default(),
            gei: Gei::default(),
            gap: GapChoice::Minetti,
            energy_band: 0.15,
            resting_w_per_kg: 1.17,
        }
    }
}

/// An athlete file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct AthleteError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong, naming the key.
    pub problem: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAthlete {
    mass_kg: Option<Spanned<f64>>,
    preferred_cadence_spm: Option<Spanned<f64>>,
    threshold_pace: Option<Spanned<String>>,
    energy: Option<RawEnergy>,
    gei: Option<RawGei>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnergy {
    c0_j_per_kg_m: Option<Spanned<f64>>,
    k_aero: Option<Spanned<f64>>,
    c_min_j_per_kg_m: Option<Spanned<f64>>,
    eccentric_slope: Option<Spanned<f64>>,
    resting_w_per_kg: Option<Spanned<f64>>,
    band: Option<Spanned<f64>>,
    surface: Option<RawSurfaces>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGei {
    speed_exponent: Option<Spanned<f64>>,
    k_up: Option<Spanned<f64>>,
    k_down: Option<Spanned<f64>>,
    floor: Option<Spanned<f64>>,
    cadence_exponent: Option<Spanned<f64>>,
    walk_base: Option<Spanned<f64>>,
    surface: Option<RawSurfaces>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurfaces {
    asphalt: Option<Spanned<f64>>,
    track: Option<Spanned<f64>>,
    treadmill: Option<Spanned<f64>>,
    grass: Option<Spanned<f64>>,
    dirt: Option<Spanned<f64>>,
    gravel: Option<Spanned<f64>>,
    trail: Option<Spanned<f64>>,
    sand: Option<Spanned<f64>>,
    firm_sand: Option<Spanned<f64>>,
    snow: Option<Spanned<f64>>,
}

impl RawSurfaces {
    fn entries(&self) -> [(Surface, &Option<Spanned<f64>>); 10] {
        [
            (Surface::Asphalt, &self.asphalt),
            (Surface::Track, &self.track),
            (Surface::Treadmill, &self.treadmill),
            (Surface::Grass, &self.grass),
            (Surface::Dirt, &self.dirt),
            (Surface::Gravel, &self.gravel),
            (Surface::Trail, &self.trail),
            (Surface::Sand, &self.sand),
            (Surface::FirmSand, &self.firm_sand),
            (Surface::Snow, &self.snow),
        ]
    }
}

/// Documented ranges of the surface factors: (energy, glutes), science.md sections 3.2 and 9.3.
fn surface_range(surface: Surface, glutes: bool) -> (f64, f64) {
    let (energy, gei) = match surface {
        Surface::Asphalt | Surface::Unknown => ((1.0, 1.0), (1.0, 1.0)),
        Surface::Track => ((0.95, 1.0), (1.0, 1.0)),
        Surface::Treadmill => ((0.97, 1.0), (0.9, 1.0)),
        Surface::Grass => ((1.03, 1.29), (1.0, 1.1)),
        Surface::Dirt => ((1.03, 1.10), (1.0, 1.1)),
        Surface::Gravel => ((1.05, 1.20), (1.0, 1.15)),
        Surface::Trail => ((1.08, 1.25), (1.05, 1.3)),
        Surface::Sand => ((1.30, 1.80), (1.0, 1.6)),
        Surface::FirmSand => ((1.10, 1.35), (1.0, 1.2)),
        Surface::Snow => ((1.10, 1.35), (1.0, 1.6)),
    };
    if glutes { gei } else { energy }
}

struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn at(&self, offset: usize) -> usize {
        crate::toml_input::line_at(self.0, offset)
    }

    /// The value if inside its documented range, else an error naming the key and the line.
    fn ranged(
        &self,
        value: Option<&Spanned<f64>>,
        key: &str,
        (low, high): (f64, f64),
    ) -> Result<Option<f64>, AthleteError> {
        let Some(v) = value else { return Ok(None) };
        let x = *v.get_ref();
        if x.is_finite() && (low..=high).contains(&x) {
            Ok(Some(x))
        } else {
            Err(AthleteError {
                line: Some(self.at(v.span().start)),
                problem: format!("{key} = {x} is outside its documented range {low}..{high}"),
            })
        }
    }
}

impl Athlete {
    /// Reads an athlete file into the athlete and the model settings (the module docs show the
    /// format).
    ///
    /// # Errors
    /// An [`AthleteError`] naming the key and its line: TOML syntax, an unknown key, a mass below
    /// 25 or above 250 kg, a constant outside its documented range, a pace that is not `m:ss`.
    ///
    /// # Examples
    /// ```
    /// let (athlete, config) = gluteus::model::Athlete::parse("mass_kg = 61.5\n[gei]\nk_up = 6\n")?;
    /// assert_eq!(athlete.mass_kg, 61.5);
    /// assert_eq!(config.gei.k_up, 6.0);
    /// assert!(gluteus::model::Athlete::parse("mass_kg = 300\n").is_err());
    /// # Ok::<(), gluteus::model::AthleteError>(())
    /// ```
    pub fn parse(text: &str) -> Result<(Athlete, ModelConfig), AthleteError> {
        let lines = Lines(text);
        let raw: RawAthlete = toml::from_str(text).map_err(|e| {
            let (line, problem) = crate::toml_input::toml_error(text, &e);
            AthleteError { line, problem }
        })?;
        let mut athlete = Athlete::default();
        let mut config = ModelConfig::default();
        if let Some(mass) = lines.ranged(raw.mass_kg.as_ref(), "mass_kg", MASS_RANGE_KG)? {
            athlete.mass_kg = mass;
            athlete.mass_given = true;
        }
        athlete.preferred_cadence_spm = lines.ranged(
            raw.preferred_cadence_spm.as_ref(),
            "preferred_cadence_spm",
            (120.0, 230.0),
        )?;
        if let Some(pace) = &raw.threshold_pace {
            let seconds = pace
                .get_ref()
                .split_once(':')
                .and_then(|(m, s)| Some(m.trim().parse::<f64>().ok()? * 60.0 + s.trim().parse::<f64>().ok()?))
                .filter(|p| (120.0..=900.0).contains(p));
            athlete.threshold_pace_s_per_km = Some(seconds.ok_or_else(|| AthleteError {
                line: Some(lines.at(pace.span().start)),
                problem: format!(
                    "threshold_pace = \"{}\" is not a pace between 2:00 and 15:00 per km",
                    pace.get_ref()
                ),
            })?);
        }
        if let Some(e) = &raw.energy {
            let m = &mut config.energy;
            set(
                &mut m.c0_j_per_kg_m,
                lines.ranged(e.c0_j_per_kg_m.as_ref(), "energy.c0_j_per_kg_m", (3.4, 4.2))?,
            );
            set(
                &mut m.k_aero,
                lines.ranged(e.k_aero.as_ref(), "energy.k_aero", (0.005, 0.012))?,
            );
            set(
                &mut m.c_min_j_per_kg_m,
                lines.ranged(e.c_min_j_per_kg_m.as_ref(), "energy.c_min_j_per_kg_m", (1.0, 2.0))?,
            );
            set(
                &mut m.eccentric_slope,
                lines.ranged(e.eccentric_slope.as_ref(), "energy.eccentric_slope", (4.0, 12.0))?,
            );
            set(
                &mut config.resting_w_per_kg,
                lines.ranged(e.resting_w_per_kg.as_ref(), "energy.resting_w_per_kg", (1.1, 1.25))?,
            );
            set(
                &mut config.energy_band,
                lines.ranged(e.band.as_ref(), "energy.band", (0.0, 0.5))?,
            );
            if let Some(s) = &e.surface {
                surfaces(&mut config.energy.surface, s, &lines, "energy.surface", false)?;
            }
        }
        if let Some(g) = &raw.gei {
            let m = &mut config.gei;
            set(
                &mut m.speed_exponent,
                lines.ranged(g.speed_exponent.as_ref(), "gei.speed_exponent", (1.0, 2.0))?,
            );
            set(&mut m.k_up, lines.ranged(g.k_up.as_ref(), "gei.k_up", (3.0, 8.0))?);
            set(
                &mut m.k_down,
                lines.ranged(g.k_down.as_ref(), "gei.k_down", (1.0, 3.0))?,
            );
            set(&mut m.floor, lines.ranged(g.floor.as_ref(), "gei.floor", (0.5, 0.8))?);
            set(
                &mut m.cadence_exponent,
                lines.ranged(g.cadence_exponent.as_ref(), "gei.cadence_exponent", (-0.8, -0.4))?,
            );
            set(
                &mut m.walk_base,
                lines.ranged(g.walk_base.as_ref(), "gei.walk_base", (0.1, 0.3))?,
            );
            if let Some(s) = &g.surface {
                surfaces(&mut config.gei.surface, s, &lines, "gei.surface", true)?;
            }
        }
        Ok((athlete, config))
    }
}

fn set(slot: &mut f64, value: Option<f64>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn surfaces(
    factors: &mut SurfaceFactors,
    raw: &RawSurfaces,
    lines: &Lines<'_>,
    table: &str,
    glutes: bool,
) -> Result<(), AthleteError> {
    for (surface, value) in raw.entries() {
        let key = format!("{table}.{}", surface.name());
        if let (Some(v), Some(slot)) = (
            lines.ranged(value.as_ref(), &key, surface_range(surface, glutes))?,
            factors.get_mut(surface),
        ) {
            *slot = v;
        }
    }
    Ok(())
}
