//! Courses: the legs a simulated run follows, read from TOML, and the built-in ones.
//!
//! ```toml
//! name = "beach"
//! path = "loop"               # "line" (legs follow their headings), "loop" or "track"
//! start = { lat = 52.105, lon = 4.265, ele_m = 3.0 }
//! runner = { mass_kg = 70.0, cadence_spm = 170.0 }
//! trailing_record_s = 240.0  # optional, FIT: one more record minutes after the timer stopped
//!
//! [[leg]]
//! length_m = 1500.0          # or duration_s = 10.0 for a sprint burst
//! pace = "5:30"              # per km; or a number of seconds per km
//! surface = "asphalt"        # defaults to the surface of the leg before
//! grade_pct = 0.0            # or [from, to] for a ramp; defaults to flat
//! gait = "walk"              # optional: "run" (the default) or "walk" (power hiking)
//! cadence_spm = 110.0        # optional: steps per minute on this leg (else from speed and gait)
//! stairs = true              # optional: stairs, which may be as steep as ±60 %
//! load_kg = 10                # optional: a load carried, kg (0-60), in the truth only
//!
//! [[leg]]
//! stop_s = 45.0              # standing still, the timer running ("pause_s": the timer paused)
//!
//! [[leg]]
//! repeat = 8
//! legs = [ { length_m = 300.0, grade_pct = 10.0, pace = "6:30", heading_deg = 0.0 },
//!          { length_m = 300.0, grade_pct = -10.0, pace = "6:00", heading_deg = 180.0 } ]
//! ```

use crate::surface::Surface;
use serde::Deserialize;
use toml::Spanned;

/// The steepest grade a course may have, in percent (the cost model is calibrated to ±45 %).
pub const MAX_GRADE_PCT: f64 = 45.0;
/// The steepest grade of a leg of stairs, in percent.
pub const MAX_STAIRS_GRADE_PCT: f64 = 60.0;
/// Bounds on a leg's target pace, seconds per km (a 2:00/km sprint to a 30:00/km walk).
const PACE_RANGE_S_PER_KM: (f64, f64) = (120.0, 1800.0);
/// Bounds on the whole course, so that a typo cannot ask for a week-long file.
const MAX_LENGTH_M: f64 = 500_000.0;
const MAX_DURATION_S: f64 = 48.0 * 3600.0;

/// A course: where it starts, who runs it, and its steps in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    /// Its name (written into the files and the truth).
    pub name: String,
    /// One line about it.
    pub description: String,
    /// How the legs are laid out on the ground.
    pub path: Path,
    /// The FIT `sub_sport` to write (`generic`, `street`, `trail`, `track`, `treadmill`).
    pub sub_sport: String,
    /// Start position and elevation.
    pub start: Start,
    /// The runner.
    pub runner: Runner,
    /// Legs, stops and pauses, repeats expanded.
    pub steps: Vec<Step>,
    /// A FIT file ends with one more record this many seconds after the timer stopped (a watch
    /// that logged once more before it was saved), s.
    pub trailing_record_s: Option<f64>,
}

/// How a course's legs are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// Straight legs, each along its heading; where the heading reverses (135° or more) between
    /// two legs of known length, the runner slows to 2 m/s and turns on a 2 m arc centred on the
    /// boundary (a U-turn, not an instant flip).
    Line,
    /// The whole course on one circle, back to the start.
    Loop,
    /// Laps of a standard 400 m track (84.39 m straights, 36.80 m radius at the measuring line).
    Track,
}

/// Where a course starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Start {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Elevation, metres.
    pub ele_m: f64,
}

/// The simulated runner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Runner {
    /// Body mass, kg.
    pub mass_kg: f64,
    /// Cadence at 10 km/h, steps per minute.
    pub cadence_spm: f64,
    /// Resting heart rate, beats per minute.
    pub hr_rest_bpm: f64,
    /// Maximum heart rate, beats per minute.
    pub hr_max_bpm: f64,
}

/// One step of a course.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Running.
    Leg(Leg),
    /// Standing still for `duration_s`; with the timer running (a traffic light) or paused.
    Stop {
        /// Seconds.
        duration_s: f64,
        /// Whether the watch's timer keeps running.
        timer_running: bool,
    },
}

/// A leg: a stretch at one target pace on one surface, with a constant grade or a ramp.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    /// How long: a distance, or a time (sprint bursts).
    pub extent: Extent,
    /// Grade at the start and at the end of the leg, percent (equal for a constant grade).
    pub grade_pct: [f64; 2],
    /// What it is on.
    pub surface: Surface,
    /// Target pace, seconds per km.
    pub pace_s_per_km: f64,
    /// Direction on a `line` path, degrees clockwise from north.
    pub heading_deg: f64,
    /// Running or walking (power hiking, stairs).
    pub gait: crate::analysis::Gait,
    /// Cadence on this leg, steps per minute (`None`: from speed and gait).
    pub cadence_spm: Option<f64>,
    /// A flight of stairs.
    pub stairs: bool,
    /// Load carried on this leg, kg (a weight vest, a pack): in the truth, for the analysis to be
    /// told with `--load-kg` (no file format records it).
    pub load_kg: f64,
}

/// How long a leg is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extent {
    /// Metres along the path.
    Metres(f64),
    /// Seconds of running.
    Seconds(f64),
}

/// A course file that cannot be used: where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct CourseError {
    /// 1-based line of the offending value, when known.
    pub line: Option<usize>,
    /// What is wrong, lowercase.
    pub problem: String,
}

/// The built-in courses: name and TOML text.
pub const BUILT_IN: [(&str, &str); 7] = [
    ("easy-flat", include_str!("../../courses/easy-flat.toml")),
    ("hill-repeats", include_str!("../../courses/hill-repeats.toml")),
    ("beach", include_str!("../../courses/beach.toml")),
    ("track-intervals", include_str!("../../courses/track-intervals.toml")),
    ("trail", include_str!("../../courses/trail.toml")),
    ("vertical-km", include_str!("../../courses/vertical-km.toml")),
    ("stairs", include_str!("../../courses/stairs.toml")),
];

/// A built-in course by name.
///
/// # Examples
/// ```
/// let course = gluteus::simulate::built_in("hill-repeats").expect("a built-in course");
/// assert_eq!(course.name, "hill-repeats");
/// assert!(gluteus::simulate::built_in("moon-walk").is_none());
/// ```
pub fn built_in(name: &str) -> Option<Course> {
    let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
    // The built-in files are tested to parse.
    parse(text).ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    name: Option<String>,
    description: Option<String>,
    path: Option<Spanned<String>>,
    sub_sport: Option<Spanned<String>>,
    start: Option<Spanned<RawStart>>,
    runner: Option<RawRunner>,
    trailing_record_s: Option<Spanned<f64>>,
    #[serde(default)]
    leg: Vec<Spanned<RawLeg>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStart {
    lat: f64,
    lon: f64,
    #[serde(default)]
    ele_m: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRunner {
    mass_kg: Option<Spanned<f64>>,
    cadence_spm: Option<Spanned<f64>>,
    hr_rest_bpm: Option<Spanned<f64>>,
    hr_max_bpm: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeg {
    length_m: Option<Spanned<f64>>,
    duration_s: Option<Spanned<f64>>,
    stop_s: Option<Spanned<f64>>,
    pause_s: Option<Spanned<f64>>,
    pace: Option<Spanned<RawPace>>,
    grade_pct: Option<Spanned<RawGrade>>,
    surface: Option<Spanned<String>>,
    heading_deg: Option<Spanned<f64>>,
    gait: Option<Spanned<String>>,
    cadence_spm: Option<Spanned<f64>>,
    stairs: Option<bool>,
    load_kg: Option<Spanned<f64>>,
    repeat: Option<Spanned<i64>>,
    legs: Option<Vec<Spanned<RawLeg>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawPace {
    Seconds(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawGrade {
    Constant(f64),
    Ramp(Vec<f64>),
}

/// Turns byte offsets into 1-based line numbers.
struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn at(&self, offset: usize) -> usize {
        crate::toml_input::line_at(self.0, offset)
    }

    /// The value if it is a positive number, else an error naming its line.
    fn positive(&self, value: &Spanned<f64>, what: &str) -> Result<f64, CourseError> {
        let v = *value.get_ref();
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(self.error(value, format!("{what} must be positive, got {v}")))
        }
    }

    fn error<T>(&self, spanned: &Spanned<T>, problem: impl Into<String>) -> CourseError {
        CourseError {
            line: Some(self.at(spanned.span().start)),
            problem: problem.into(),
        }
    }
}

/// Reads a course from TOML text.
///
/// # Errors
/// A [`CourseError`] naming the line for TOML syntax errors, unknown keys, an unknown surface, a
/// length or duration that is not positive, a grade beyond ±45 %, an implausible pace, a start off
/// the globe, or a course with no legs.
pub fn parse(text: &str) -> Result<Course, CourseError> {
    let raw: RawCourse = toml::from_str(text).map_err(|e| {
        let (line, problem) = crate::toml_input::toml_error(text, &e);
        CourseError {
            line,
            problem: problem.to_lowercase(),
        }
    })?;
    let lines = Lines(text);
    let path = match raw.path.as_ref() {
        None => Path::Line,
        Some(p) => match p.get_ref().as_str() {
            "line" => Path::Line,
            "loop" => Path::Loop,
            "track" => Path::Track,
            other => {
                return Err(lines.error(p, format!("unknown path \"{other}\" (expected line, loop or track)")));
            }
        },
    };
    let sub_sport = match raw.sub_sport.as_ref() {
        None => "generic".to_owned(),
        Some(s) => {
            let name = s.get_ref().as_str();
            if !["generic", "street", "trail", "track", "treadmill"].contains(&name) {
                return Err(lines.error(
                    s,
                    format!("unknown sub_sport \"{name}\" (expected generic, street, trail, track or treadmill)"),
                ));
            }
            name.to_owned()
        }
    };
    let start = match raw.start.as_ref() {
        None => Start {
            lat: 46.5191,
            lon: 6.6323,
            ele_m: 400.0,
        },
        Some(s) => {
            let r = s.get_ref();
            if !(-85.0..=85.0).contains(&r.lat) || !(-180.0..=180.0).contains(&r.lon) || !r.ele_m.is_finite() {
                return Err(lines.error(
                    s,
                    "the start must be a latitude within ±85° and a longitude within ±180°",
                ));
            }
            Start {
                lat: r.lat,
                lon: r.lon,
                ele_m: r.ele_m,
            }
        }
    };
    let runner = runner(raw.runner.as_ref(), &lines)?;
    let mut steps = Vec::new();
    let mut context = LegContext {
        surface: Surface::Asphalt,
        heading_deg: 0.0,
    };
    for leg in &raw.leg {
        expand(leg, &lines, &mut context, &mut steps, 0)?;
    }
    if !steps.iter().any(|s| matches!(s, Step::Leg(_))) {
        return Err(CourseError {
            line: Some(1),
            problem: "the course has no legs: add at least one [[leg]] with length_m or duration_s".to_owned(),
        });
    }
    let course = Course {
        name: raw.name.unwrap_or_else(|| "course".to_owned()),
        description: raw.description.unwrap_or_default(),
        path,
        sub_sport,
        start,
        runner,
        steps,
        trailing_record_s: raw
            .trailing_record_s
            .as_ref()
            .map(|t| lines.positive(t, "trailing_record_s"))
            .transpose()?,
    };
    let (length, duration) = course.nominal_extent();
    if length > MAX_LENGTH_M || duration > MAX_DURATION_S {
        return Err(CourseError {
            line: None,
            problem: format!(
                "the course is too long ({:.0} km, {:.1} h): at most {:.0} km and {:.0} h",
                length / 1000.0,
                duration / 3600.0,
                MAX_LENGTH_M / 1000.0,
                MAX_DURATION_S / 3600.0
            ),
        });
    }
    Ok(course)
}

/// An optional runner value, the value it sets, its bounds and its name.
type Check<'a> = (&'a Option<Spanned<f64>>, &'a mut f64, (f64, f64), &'static str);

fn runner(raw: Option<&RawRunner>, lines: &Lines<'_>) -> Result<Runner, CourseError> {
    let mut runner = Runner {
        mass_kg: 70.0,
        cadence_spm: 170.0,
        hr_rest_bpm: 55.0,
        hr_max_bpm: 185.0,
    };
    let Some(raw) = raw else {
        return Ok(runner);
    };
    let checks: [Check<'_>; 4] = [
        (&raw.mass_kg, &mut runner.mass_kg, (20.0, 250.0), "mass_kg"),
        (&raw.cadence_spm, &mut runner.cadence_spm, (100.0, 240.0), "cadence_spm"),
        (&raw.hr_rest_bpm, &mut runner.hr_rest_bpm, (25.0, 120.0), "hr_rest_bpm"),
        (&raw.hr_max_bpm, &mut runner.hr_max_bpm, (100.0, 230.0), "hr_max_bpm"),
    ];
    for (value, slot, (low, high), name) in checks {
        if let Some(v) = value {
            if !(low..=high).contains(v.get_ref()) {
                return Err(lines.error(v, format!("{name} {} is outside {low}..{high}", v.get_ref())));
            }
            *slot = *v.get_ref();
        }
    }
    if runner.hr_max_bpm <= runner.hr_rest_bpm {
        return Err(CourseError {
            line: None,
            problem: "hr_max_bpm must be above hr_rest_bpm".to_owned(),
        });
    }
    Ok(runner)
}

/// What a leg inherits from the one before it.
struct LegContext {
    surface: Surface,
    heading_deg: f64,
}

fn expand(
    spanned: &Spanned<RawLeg>,
    lines: &Lines<'_>,
    context: &mut LegContext,
    steps: &mut Vec<Step>,
    depth: usize,
) -> Result<(), CourseError> {
    let leg = spanned.get_ref();
    let kinds = [
        leg.length_m.is_some(),
        leg.duration_s.is_some(),
        leg.stop_s.is_some(),
        leg.pause_s.is_some(),
        leg.repeat.is_some(),
    ];
    if kinds.iter().filter(|&&k| k).count() != 1 {
        return Err(lines.error(
            spanned,
            "a leg needs exactly one of length_m, duration_s, stop_s, pause_s or repeat",
        ));
    }
    if let Some(repeat) = &leg.repeat {
        let times = *repeat.get_ref();
        if !(1..=1000).contains(&times) {
            return Err(lines.error(repeat, format!("repeat must be 1 to 1000, got {times}")));
        }
        let inner = leg.legs.as_deref().unwrap_or_default();
        if inner.is_empty() || depth > 0 {
            return Err(lines.error(repeat, "repeat needs a non-empty `legs` list (and repeats do not nest)"));
        }
        for _ in 0..times {
            for part in inner {
                expand(part, lines, context, steps, depth + 1)?;
            }
        }
        return Ok(());
    }
    if let Some(legs) = &leg.legs
        && let Some(first) = legs.first()
    {
        return Err(lines.error(first, "`legs` belongs to a leg with `repeat`"));
    }
    if let Some(stop) = leg.stop_s.as_ref().or(leg.pause_s.as_ref()) {
        steps.push(Step::Stop {
            duration_s: lines.positive(stop, "a stop")?,
            timer_running: leg.stop_s.is_some(),
        });
        return Ok(());
    }
    steps.push(Step::Leg(running_leg(spanned, lines, context)?));
    Ok(())
}

/// A running leg (`length_m` or `duration_s`), checked.
fn running_leg(spanned: &Spanned<RawLeg>, lines: &Lines<'_>, context: &mut LegContext) -> Result<Leg, CourseError> {
    let leg = spanned.get_ref();
    let extent = match (&leg.length_m, &leg.duration_s) {
        (Some(length), _) => Extent::Metres(lines.positive(length, "length_m")?),
        (_, Some(duration)) => Extent::Seconds(lines.positive(duration, "duration_s")?),
        _ => unreachable!("exactly one kind was checked above"),
    };
    let Some(pace) = &leg.pace else {
        return Err(lines.error(spanned, "a leg needs a pace, such as pace = \"5:30\" (per km)"));
    };
    let pace_s_per_km = match pace.get_ref() {
        RawPace::Seconds(s) => Some(*s),
        RawPace::Text(text) => parse_pace(text),
    }
    .filter(|p| (PACE_RANGE_S_PER_KM.0..=PACE_RANGE_S_PER_KM.1).contains(p))
    .ok_or_else(|| {
        lines.error(
            pace,
            "pace must be \"m:ss\" per km (or seconds per km) between 2:00 and 30:00",
        )
    })?;
    let grade_pct = match leg.grade_pct.as_ref() {
        None => [0.0, 0.0],
        Some(g) => {
            let values = match g.get_ref() {
                RawGrade::Constant(v) => [*v, *v],
                RawGrade::Ramp(v) if v.len() == 2 => [v[0], v[1]],
                RawGrade::Ramp(_) => {
                    return Err(lines.error(g, "grade_pct is a number or a [from, to] pair"));
                }
            };
            let steepest = if leg.stairs == Some(true) {
                MAX_STAIRS_GRADE_PCT
            } else {
                MAX_GRADE_PCT
            };
            if let Some(bad) = values.iter().find(|v| !v.is_finite() || v.abs() > steepest) {
                return Err(lines.error(
                    g,
                    format!("grade {bad} % is beyond ±{steepest} % (stairs = true allows ±{MAX_STAIRS_GRADE_PCT} %)"),
                ));
            }
            values
        }
    };
    if let Some(surface) = &leg.surface {
        context.surface = Surface::from_name(surface.get_ref()).ok_or_else(|| {
            let names: Vec<&str> = Surface::ALL.iter().map(|s| s.name()).collect();
            lines.error(
                surface,
                format!(
                    "unknown surface \"{}\" (expected one of {})",
                    surface.get_ref(),
                    names.join(", ")
                ),
            )
        })?;
    }
    if let Some(heading) = &leg.heading_deg {
        let h = *heading.get_ref();
        if !h.is_finite() {
            return Err(lines.error(heading, "heading_deg must be a number of degrees"));
        }
        context.heading_deg = h.rem_euclid(360.0);
    }
    let gait = match leg.gait.as_ref() {
        None => crate::analysis::Gait::Run,
        Some(g) => match g.get_ref().as_str() {
            "run" => crate::analysis::Gait::Run,
            "walk" => crate::analysis::Gait::Walk,
            other => return Err(lines.error(g, format!("unknown gait \"{other}\" (expected run or walk)"))),
        },
    };
    let cadence_spm = match &leg.cadence_spm {
        None => None,
        Some(c) if (60.0..=240.0).contains(c.get_ref()) => Some(*c.get_ref()),
        Some(c) => return Err(lines.error(c, format!("cadence_spm {} is outside 60..240", c.get_ref()))),
    };
    let (low, high) = crate::model::LOAD_RANGE_KG;
    let load_kg = match &leg.load_kg {
        None => 0.0,
        Some(l) if (low..=high).contains(l.get_ref()) => *l.get_ref(),
        Some(l) => return Err(lines.error(l, format!("load_kg {} is outside {low}..{high}", l.get_ref()))),
    };
    Ok(Leg {
        extent,
        grade_pct,
        surface: context.surface,
        pace_s_per_km,
        heading_deg: context.heading_deg,
        gait,
        cadence_spm,
        stairs: leg.stairs.unwrap_or(false),
        load_kg,
    })
}

/// `"m:ss"` to seconds.
fn parse_pace(text: &str) -> Option<f64> {
    let (minutes, seconds) = text.trim().split_once(':')?;
    let minutes: u32 = minutes.parse().ok()?;
    let seconds: f64 = seconds.parse().ok()?;
    (0.0..60.0)
        .contains(&seconds)
        .then(|| f64::from(minutes) * 60.0 + seconds)
}

impl Course {
    /// Planned length (metres of the distance legs, plus duration legs at their pace) and duration
    /// (at target pace, stops included), before any acceleration.
    pub fn nominal_extent(&self) -> (f64, f64) {
        let (mut length, mut duration) = (0.0, 0.0);
        for step in &self.steps {
            match step {
                Step::Leg(leg) => {
                    let speed = 1000.0 / leg.pace_s_per_km;
                    let (l, d) = match leg.extent {
                        Extent::Metres(m) => (m, m / speed),
                        Extent::Seconds(s) => (s * speed, s),
                    };
                    length += l;
                    duration += d;
                }
                Step::Stop { duration_s, .. } => duration += duration_s,
            }
        }
        (length, duration)
    }

    /// One line per step, for `simulate --list`.
    pub fn describe(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|step| match step {
                Step::Leg(leg) => {
                    let extent = match leg.extent {
                        Extent::Metres(m) => format!("{m:.0} m"),
                        Extent::Seconds(s) => format!("{s:.0} s"),
                    };
                    let grade = if (leg.grade_pct[0] - leg.grade_pct[1]).abs() < f64::EPSILON {
                        format!("{:+.0} %", leg.grade_pct[0])
                    } else {
                        format!("{:+.0}..{:+.0} %", leg.grade_pct[0], leg.grade_pct[1])
                    };
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let pace = leg.pace_s_per_km.round() as u32;
                    format!("{extent} {} at {}:{:02}/km, {grade}", leg.surface, pace / 60, pace % 60)
                }
                Step::Stop {
                    duration_s,
                    timer_running: true,
                } => format!("stop {duration_s:.0} s (timer running)"),
                Step::Stop { duration_s, .. } => format!("timer paused {duration_s:.0} s"),
            })
            .collect()
    }
}

/// Course files larger than this are refused (a course is a few hundred bytes).
const MAX_COURSE_BYTES: u64 = 1 << 20;

/// A built-in course by its name, else the course file at that path.
///
/// # Errors
/// [`crate::Error::InvalidInput`] for a name that is neither, [`crate::Error::Read`] for a file that
/// cannot be read, [`crate::Error::Course`] (with the line) for one that is not a valid course.
///
/// # Examples
/// ```
/// let course = gluteus::simulate::load("beach")?;
/// assert_eq!(course.name, "beach");
/// assert!(gluteus::simulate::load("no-such-course").is_err());
/// # Ok::<(), gluteus::Error>(())
/// ```
pub fn load(name_or_path: &str) -> Result<Course, crate::Error> {
    if let Some(course) = built_in(name_or_path) {
        return Ok(course);
    }
    let path = std::path::Path::new(name_or_path);
    if !path.is_file() {
        let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
        return Err(crate::Error::InvalidInput {
            what: format!("unknown course \"{name_or_path}\""),
            problem: format!("neither a built-in course ({}) nor a course file", names.join(", ")),
        });
    }
    let bytes = crate::ingest::load_limited(path, MAX_COURSE_BYTES).map_err(|source| crate::Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| crate::Error::InvalidInput {
        what: name_or_path.to_owned(),
        problem: "not utf-8 text".to_owned(),
    })?;
    parse(&text).map_err(|source| crate::Error::Course {
        name: name_or_path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_course_parses_and_keeps_off_the_grade_class_edges() {
        let edges = [-8.0, -3.0, 3.0, 8.0, 15.0];
        for (name, text) in BUILT_IN {
            let course = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(course.name, name);
            for step in &course.steps {
                if let Step::Leg(leg) = step {
                    for g in leg.grade_pct {
                        assert!(edges.iter().all(|e| (g - e).abs() >= 1.5), "{name}: grade {g}");
                    }
                }
            }
        }
    }

    #[test]
    fn built_in_lengths_are_those_of_the_issue() {
        let length = |name: &str| built_in(name).unwrap().nominal_extent().0;
        assert!((length("easy-flat") - 8046.7).abs() < 0.1);
        assert!((length("hill-repeats") - 6800.0).abs() < 0.1);
        assert!((length("beach") - 5000.0).abs() < 0.1);
        assert!((length("trail") - 9000.0).abs() < 0.1);
        let easy = built_in("easy-flat").unwrap();
        assert!((easy.nominal_extent().1 - 3600.0).abs() < 1.0);
    }

    #[test]
    fn bad_courses_name_the_line() {
        let cases = [
            (
                "[[leg]]\nlength_m = 100\npace = \"5:00\"\nsurface = \"lava\"\n",
                4,
                "unknown surface \"lava\"",
            ),
            ("[[leg]]\nlength_m = -100\npace = \"5:00\"\n", 2, "must be positive"),
            (
                "[[leg]]\nlength_m = 100\npace = \"5:00\"\ngrade_pct = 50\n",
                4,
                "beyond ±45 %",
            ),
            ("name = \"empty\"\n", 1, "no legs"),
            (
                "[[leg]]\nlength_m = 100\npace = \"5:00\"\ncolour = 3\n",
                4,
                "unknown field",
            ),
            ("[[leg]]\nlength_m = 100\npace = \"fast\"\n", 3, "pace must be"),
            ("[[leg]]\nlength_m = 100\n", 1, "needs a pace"),
            (
                "[[leg]]\nlength_m = 100\nduration_s = 5\npace = \"5:00\"\n",
                1,
                "exactly one",
            ),
            ("name = \n", 1, ""),
        ];
        for (text, line, fragment) in cases {
            let error = parse(text).expect_err(text);
            assert_eq!(error.line, Some(line), "{text}: {error}");
            assert!(error.to_string().contains(fragment), "{text}: {error}");
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }

    #[test]
    fn repeats_expand_and_surface_and_heading_carry_over() {
        let course = parse(
            "[[leg]]\nlength_m = 100\npace = 300\nsurface = \"sand\"\nheading_deg = 90\n\
             [[leg]]\nrepeat = 2\nlegs = [ { length_m = 50, pace = \"4:00\" }, { pause_s = 10 } ]\n",
        )
        .unwrap();
        assert_eq!(course.steps.len(), 5);
        let Step::Leg(last) = &course.steps[3] else {
            panic!("a leg")
        };
        assert_eq!(last.surface, Surface::Sand);
        assert!((last.heading_deg - 90.0).abs() < f64::EPSILON);
        assert!((last.pace_s_per_km - 240.0).abs() < f64::EPSILON);
        assert!(matches!(
            course.steps[4],
            Step::Stop {
                timer_running: false,
                ..
            }
        ));
    }
}
