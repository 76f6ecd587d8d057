//! The athlete profile (`athlete.toml`, docs/model.md) and the model settings it can
//! override: every model constant, each checked against its documented range in the constants
//! table ([`super::CONSTANTS`], [`super::SURFACES`]).
//!
//! ```toml
//! mass_kg = 72.6
//! preferred_cadence_spm = 172     # else the run's own median cadence at similar speeds
//! threshold_pace = "4:30"         # per km
//! max_hr_bpm = 188                # or threshold_hr_bpm = 170: heart-rate zones
//! resting_hr_bpm = 48             # with max_hr_bpm: Banister training load in `trends`
//! sex = "female"                  # "female" or "male": the TRIMP weighting (default male)
//!
//! [energy]
//! c0_j_per_kg_m = 3.8             # net level cost, 3.4-4.2
//! surface = { sand = 1.5 }
//!
//! [gei]
//! k_climb = 0.6                  # 0.35-0.8
//! ```

use super::constants::{CONSTANTS, SURFACES, constant, surface_constant};
use super::energy::{Minetti, SurfaceFactors};
use super::glutes::Gei;
use crate::vocab::Surface;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

/// Body mass assumed when none is given, kg.
pub const DEFAULT_MASS_KG: f64 = 70.0;
/// Allowed body mass, kg.
pub const MASS_RANGE_KG: (f64, f64) = (25.0, 250.0);
/// The carried load a run may state, kg (a vest, a pack, a sled's pull is not a load).
pub const LOAD_RANGE_KG: (f64, f64) = (0.0, 60.0);

/// Which grade-adjusted pace model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapChoice {
    /// Metabolic, from Minetti's cost curve.
    Minetti,
    /// Strava's 2017 heart-rate curve: the effort runners compare with (the default).
    #[default]
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
    /// Maximum heart rate, bpm (heart-rate zones as shares of it).
    pub max_hr_bpm: Option<f64>,
    /// Threshold (lactate threshold) heart rate, bpm (heart-rate zones as shares of it, preferred
    /// over the maximum).
    pub threshold_hr_bpm: Option<f64>,
    /// Resting heart rate, bpm (with the maximum: the heart-rate reserve of a training load).
    pub resting_hr_bpm: Option<f64>,
    /// Whether the Banister training load uses the weighting fitted on women (`sex = "female"`);
    /// else the one fitted on men.
    pub female: bool,
    /// Load carried, kg (a weight vest, a pack): energy counts it, and the glutes work harder.
    pub load_kg: f64,
}

impl Default for Athlete {
    fn default() -> Self {
        Self {
            mass_kg: DEFAULT_MASS_KG,
            load_kg: 0.0,
            mass_given: false,
            preferred_cadence_spm: None,
            threshold_pace_s_per_km: None,
            max_hr_bpm: None,
            threshold_hr_bpm: None,
            resting_hr_bpm: None,
            female: false,
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
    /// Every constant at its default in the constants table.
    fn default() -> Self {
        let mut config = Self {
            energy: Minetti {
                c0_j_per_kg_m: 0.0,
                k_aero: 0.0,
                c_min_j_per_kg_m: 0.0,
                eccentric_slope: 0.0,
                surface: SurfaceFactors::energy(),
            },
            gei: Gei {
                reference_mps: 10.0 / 3.6,
                speed_exponent: 0.0,
                k_climb: 0.0,
                k_down: 0.0,
                floor: 0.0,
                cadence_exponent: 0.0,
                walk_base: 0.0,
                surface: SurfaceFactors::glutes(),
            },
            gap: GapChoice::Strava,
            energy_band: 0.0,
            resting_w_per_kg: 0.0,
        };
        for c in &CONSTANTS {
            (c.set)(&mut config, c.default);
        }
        config
    }
}

impl ModelConfig {
    /// Every constant by its athlete-file key, as the analysis echoes them.
    pub fn constants(&self) -> BTreeMap<String, f64> {
        let mut out: BTreeMap<String, f64> = CONSTANTS.iter().map(|c| (c.key.to_owned(), (c.get)(self))).collect();
        for c in &SURFACES {
            let name = c.surface.name();
            out.insert(format!("energy.surface.{name}"), self.energy.surface.get(c.surface));
            out.insert(format!("gei.surface.{name}"), self.gei.surface.get(c.surface));
        }
        out
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
    load_kg: Option<Spanned<f64>>,
    preferred_cadence_spm: Option<Spanned<f64>>,
    threshold_pace: Option<Spanned<String>>,
    max_hr_bpm: Option<Spanned<f64>>,
    threshold_hr_bpm: Option<Spanned<f64>>,
    resting_hr_bpm: Option<Spanned<f64>>,
    sex: Option<Spanned<String>>,
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
    k_climb: Option<Spanned<f64>>,
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

/// Documented range of a surface factor: energy, or glutes.
fn surface_range(surface: Surface, glutes: bool) -> (f64, f64) {
    let c = surface_constant(surface);
    if glutes { c.glutes.1 } else { c.energy.1 }
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
    /// Sets the body mass, checked against [`MASS_RANGE_KG`] (the one place it is checked).
    ///
    /// # Errors
    /// An [`AthleteError`] for a mass outside the range.
    ///
    /// # Examples
    /// ```
    /// let mut athlete = gluteus::model::Athlete::default();
    /// athlete.set_mass_kg(64.0).unwrap();
    /// assert!(athlete.mass_given);
    /// assert!(athlete.set_mass_kg(300.0).is_err());
    /// ```
    pub fn set_mass_kg(&mut self, mass_kg: f64) -> Result<(), AthleteError> {
        let (low, high) = MASS_RANGE_KG;
        if !(mass_kg.is_finite() && (low..=high).contains(&mass_kg)) {
            return Err(AthleteError {
                line: None,
                problem: format!("a body mass must be {low} to {high} kg, not {mass_kg}"),
            });
        }
        self.mass_kg = mass_kg;
        self.mass_given = true;
        Ok(())
    }

    /// Sets the carried load, kg.
    ///
    /// # Errors
    /// An [`AthleteError`] when the load is outside [`LOAD_RANGE_KG`].
    pub fn set_load_kg(&mut self, load_kg: f64) -> Result<(), AthleteError> {
        let (low, high) = LOAD_RANGE_KG;
        if !(load_kg.is_finite() && (low..=high).contains(&load_kg)) {
            return Err(AthleteError {
                line: None,
                problem: format!("a carried load must be {low} to {high} kg, not {load_kg}"),
            });
        }
        self.load_kg = load_kg;
        Ok(())
    }

    /// Reads an athlete file into the athlete and the model settings (the module docs show the
    /// format).
    ///
    /// # Errors
    /// An [`AthleteError`] naming the key and its line: TOML syntax, an unknown key, a mass below
    /// 25 or above 250 kg, a constant outside its documented range, a pace that is not `m:ss`.
    ///
    /// # Examples
    /// ```
    /// let (athlete, config) = gluteus::model::Athlete::parse("mass_kg = 61.5\n[gei]\nk_climb = 0.6\n")?;
    /// assert_eq!(athlete.mass_kg, 61.5);
    /// assert_eq!(config.gei.k_climb, 0.6);
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
            athlete.set_mass_kg(mass)?;
        }
        if let Some(load) = lines.ranged(raw.load_kg.as_ref(), "load_kg", LOAD_RANGE_KG)? {
            athlete.set_load_kg(load)?;
        }
        athlete.preferred_cadence_spm = lines.ranged(
            raw.preferred_cadence_spm.as_ref(),
            "preferred_cadence_spm",
            (120.0, 230.0),
        )?;
        athlete.max_hr_bpm = lines.ranged(raw.max_hr_bpm.as_ref(), "max_hr_bpm", (120.0, 240.0))?;
        athlete.threshold_hr_bpm = lines.ranged(raw.threshold_hr_bpm.as_ref(), "threshold_hr_bpm", (100.0, 220.0))?;
        athlete.resting_hr_bpm = lines.ranged(raw.resting_hr_bpm.as_ref(), "resting_hr_bpm", (25.0, 110.0))?;
        if let (Some(rest), Some(max)) = (athlete.resting_hr_bpm, athlete.max_hr_bpm)
            && rest >= max - 20.0
        {
            return Err(AthleteError {
                line: raw.resting_hr_bpm.as_ref().map(|r| lines.at(r.span().start)),
                problem: format!("resting_hr_bpm = {rest} is not at least 20 below max_hr_bpm = {max}"),
            });
        }
        if let Some(sex) = &raw.sex {
            athlete.female = match sex.get_ref().to_lowercase().as_str() {
                "female" | "f" | "woman" => true,
                "male" | "m" | "man" => false,
                other => {
                    return Err(AthleteError {
                        line: Some(lines.at(sex.span().start)),
                        problem: format!("sex = \"{other}\" is not \"female\" or \"male\""),
                    });
                }
            };
        }
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
            table(&mut config, &lines, e.c0_j_per_kg_m.as_ref(), "energy.c0_j_per_kg_m")?;
            table(&mut config, &lines, e.k_aero.as_ref(), "energy.k_aero")?;
            table(
                &mut config,
                &lines,
                e.c_min_j_per_kg_m.as_ref(),
                "energy.c_min_j_per_kg_m",
            )?;
            table(
                &mut config,
                &lines,
                e.eccentric_slope.as_ref(),
                "energy.eccentric_slope",
            )?;
            table(
                &mut config,
                &lines,
                e.resting_w_per_kg.as_ref(),
                "energy.resting_w_per_kg",
            )?;
            table(&mut config, &lines, e.band.as_ref(), "energy.band")?;
            if let Some(s) = &e.surface {
                surfaces(&mut config.energy.surface, s, &lines, "energy.surface", false)?;
            }
        }
        if let Some(g) = &raw.gei {
            table(&mut config, &lines, g.speed_exponent.as_ref(), "gei.speed_exponent")?;
            table(&mut config, &lines, g.k_climb.as_ref(), "gei.k_climb")?;
            table(&mut config, &lines, g.k_down.as_ref(), "gei.k_down")?;
            table(&mut config, &lines, g.floor.as_ref(), "gei.floor")?;
            table(&mut config, &lines, g.cadence_exponent.as_ref(), "gei.cadence_exponent")?;
            table(&mut config, &lines, g.walk_base.as_ref(), "gei.walk_base")?;
            if let Some(s) = &g.surface {
                surfaces(&mut config.gei.surface, s, &lines, "gei.surface", true)?;
            }
        }
        Ok((athlete, config))
    }
}

/// Sets a constant of the table from the file, if it is there and inside its documented range.
fn table(
    config: &mut ModelConfig,
    lines: &Lines<'_>,
    value: Option<&Spanned<f64>>,
    key: &str,
) -> Result<(), AthleteError> {
    let Some(c) = constant(key) else {
        return Err(AthleteError {
            line: None,
            problem: format!("{key} is not a model constant"),
        });
    };
    if let Some(v) = lines.ranged(value, key, c.range)? {
        (c.set)(config, v);
    }
    Ok(())
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
