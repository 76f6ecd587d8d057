//! Synthetic runs with known truth: a course (legs of known grade, surface and pace), the runner's
//! true motion along it, and what a device would record, written as real FIT, GPX or TCX files
//! beside a truth file and a surface map. Every later stage is checked against this oracle.
//!
//! ```text
//!  Course ──► motion (true distance, speed) ──► path (position, elevation) ──► device (noise)
//!                                                                         └──► Simulation ──► write
//! ```
//!
//! # Examples
//! ```
//! use gluteus::simulate::{self, Options};
//! let course = simulate::built_in("beach").expect("built in");
//! let run = simulate::simulate(&course, &Options::default());
//! assert!((run.truth.distance_m - 5000.0).abs() < 10.0);
//! let fit = simulate::write::encode(&run, simulate::write::Format::Fit);
//! let back = gluteus::ingest::read_bytes(&fit)?;
//! assert_eq!(back.samples.len(), run.samples.len());
//! # Ok::<(), gluteus::ingest::ReadError>(())
//! ```

mod course;
mod device;
mod motion;
mod path;
mod rng;
pub mod write;

pub use course::{
    BUILT_IN, Course, CourseError, Extent, Leg, MAX_GRADE_PCT, MAX_STAIRS_GRADE_PCT, Path, Runner, Start, Step,
    built_in, load, parse,
};
pub use device::Device;

use crate::surface::Surface;
use device::{Errors, Heart, cadence_spm};
use path::Geometry;
use serde::Serialize;

/// 2026-01-05T07:00:00Z, the default start of every simulated run.
pub const DEFAULT_START_UNIX_S: i64 = 1_767_596_400;

/// How often the device writes a sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interval {
    /// Every second.
    EverySecond,
    /// Garmin-like smart recording: when heading, speed or elevation change, at least every 10 s.
    Smart,
}

/// Smart recording writes when any of these changes since the last sample written.
const SMART_MAX_GAP_S: f64 = 10.0;
const SMART_HEADING_DEG: f64 = 10.0;
const SMART_SPEED_MPS: f64 = 0.5;
const SMART_ELEVATION_M: f64 = 3.0;

/// Everything that is not the course.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Options {
    /// What records the run.
    pub device: Device,
    /// Seed of every noise stream: the same seed gives the same bytes.
    pub seed: u64,
    /// Sampling.
    pub interval: Interval,
    /// Start time, Unix seconds (UTC).
    pub start_unix_s: i64,
    /// The runner's local time minus UTC, s: FIT records it as the activity's local time (GPX
    /// and TCX times are written in UTC).
    pub utc_offset_s: i64,
    /// FIT only: write records with compressed-timestamp headers where the gap allows.
    pub compressed_timestamps: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            device: Device::Baro,
            seed: 1,
            interval: Interval::EverySecond,
            start_unix_s: DEFAULT_START_UNIX_S,
            utc_offset_s: 0,
            compressed_timestamps: false,
        }
    }
}

/// One sample as the device writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Seconds since the first sample (whole seconds).
    pub t_s: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Elevation, metres.
    pub ele_m: f64,
    /// The device's distance, metres.
    pub dist_m: f64,
    /// Speed, m/s.
    pub speed_mps: f64,
    /// Heart rate, beats per minute.
    pub hr_bpm: f64,
    /// Cadence, steps per minute.
    pub cadence_spm: f64,
    /// Air temperature, °C.
    pub temp_c: f64,
}

/// A lap (one per leg; a stop or pause belongs to the leg before it).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Lap {
    /// Seconds since the first sample.
    pub start_s: f64,
    /// Seconds since the first sample.
    pub end_s: f64,
    /// Timer time, seconds.
    pub timer_s: f64,
    /// Metres.
    pub distance_m: f64,
    /// Metres climbed.
    pub ascent_m: f64,
    /// Metres descended.
    pub descent_m: f64,
}

/// The truth beside a simulated file (`NAME.truth.json`): noise-free values, times in seconds
/// since the first sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Truth {
    /// Course name.
    pub course: String,
    /// Noise seed.
    pub seed: u64,
    /// Device name.
    pub device: &'static str,
    /// RFC 3339, UTC.
    pub start_time: String,
    /// Metres.
    pub distance_m: f64,
    /// Seconds.
    pub elapsed_s: f64,
    /// Seconds the timer ran.
    pub timer_s: f64,
    /// Timer time minus standing still, seconds.
    pub moving_s: f64,
    /// Metres.
    pub ascent_m: f64,
    /// Metres.
    pub descent_m: f64,
    /// The legs as run.
    pub legs: Vec<TruthLeg>,
    /// Stops (timer running) and timer pauses.
    pub stops: Vec<TruthStop>,
    /// The true value of every written sample.
    pub samples: Vec<TruthSample>,
    /// `every_second` or `smart`.
    pub interval: &'static str,
    /// Body mass of the simulated runner, kg.
    pub mass_kg: f64,
}

/// One leg of the truth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TruthLeg {
    /// 0-based.
    pub index: usize,
    /// Metres.
    pub start_m: f64,
    /// Metres.
    pub end_m: f64,
    /// Seconds since the first sample.
    pub start_s: f64,
    /// Seconds since the first sample.
    pub end_s: f64,
    /// Mean grade, percent.
    pub grade_pct: f64,
    /// Surface.
    pub surface: Surface,
    /// Target pace, seconds per km.
    pub pace_s_per_km: f64,
    /// `run` or `walk`.
    pub gait: crate::analysis::Gait,
    /// A flight of stairs.
    pub stairs: bool,
    /// The leg's cadence, steps per minute, when the course sets it.
    pub cadence_spm: Option<f64>,
    /// Load carried, kg (0 without one).
    pub load_kg: f64,
}

/// One stop of the truth.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TruthStop {
    /// Seconds since the first sample.
    pub start_s: f64,
    /// Seconds since the first sample.
    pub end_s: f64,
    /// Whether the timer ran through it.
    pub timer_running: bool,
}

/// The true value of one written sample.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TruthSample {
    /// Seconds since the first sample.
    pub t_s: f64,
    /// Degrees.
    pub lat: f64,
    /// Degrees.
    pub lon: f64,
    /// Metres.
    pub ele_m: f64,
    /// Metres.
    pub dist_m: f64,
}

/// A simulated run: what the device wrote, and the truth.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// The course it ran.
    pub course: Course,
    /// How.
    pub options: Options,
    /// The written samples.
    pub samples: Vec<Sample>,
    /// Laps, one per leg.
    pub laps: Vec<Lap>,
    /// Timer events: seconds since the first sample, and whether the timer started.
    pub events: Vec<(f64, bool)>,
    /// The truth.
    pub truth: Truth,
    /// Stretches of one surface: the surface and its true positions (latitude, longitude).
    pub surfaces: Vec<(Surface, Vec<(f64, f64)>)>,
}

/// Metres between vertices of the surface map's lines.
const SURFACE_VERTEX_SPACING_M: f64 = 5.0;

/// Rounds to `digits` decimals, so that the truth file is not full of float noise.
fn round(value: f64, digits: i32) -> f64 {
    let scale = 10_f64.powi(digits);
    (value * scale).round() / scale
}

/// Relative cost of a surface for the heart-rate model (sand about 1.6 times road).
fn surface_effort(surface: Surface) -> f64 {
    match surface {
        Surface::Sand => 1.6,
        Surface::Snow => 1.4,
        Surface::Trail => 1.15,
        Surface::FirmSand | Surface::Gravel | Surface::Grass => 1.08,
        Surface::Dirt => 1.04,
        _ => 1.0,
    }
}

/// The true cadence of a moment: the leg's own when the course sets it, a walking cadence on a
/// walking leg, else from the speed; zero standing still.
fn leg_cadence(leg: Option<&motion::LegRun>, cadence_at_10_kmh: f64, speed_mps: f64) -> f64 {
    if speed_mps < 0.3 {
        return 0.0;
    }
    match leg {
        Some(l) if l.cadence_spm.is_some() => l.cadence_spm.unwrap_or(0.0),
        Some(l) if l.gait == crate::analysis::Gait::Walk => (100.0 + 12.0 * speed_mps).min(125.0),
        _ => cadence_spm(cadence_at_10_kmh, speed_mps),
    }
}

/// Simulates a course.
pub fn simulate(course: &Course, options: &Options) -> Simulation {
    let motion = motion::run(course);
    let geometry = Geometry::new(
        course.path,
        course.start,
        &motion.legs,
        &motion.turns,
        motion.distance_m,
    );
    let mut errors = Errors::new(options.device, options.seed);
    let mut heart = Heart::new(course.runner.hr_rest_bpm, course.runner.hr_max_bpm);
    let mut samples = Vec::with_capacity(motion.moments.len());
    let mut truths = Vec::with_capacity(motion.moments.len());
    let mut previous_t = 0.0;
    for moment in &motion.moments {
        let dt = moment.t_s - previous_t;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        errors.advance(dt.round() as u64);
        previous_t = moment.t_s;
        let local = geometry.local(moment.dist_m);
        let noise = errors.position();
        let (lat, lon) = geometry.lat_lon([local[0] + noise[0], local[1] + noise[1]]);
        let (true_lat, true_lon) = geometry.lat_lon(local);
        let ele = geometry.elevation(moment.dist_m);
        let grade = geometry.grade_pct(moment.dist_m);
        let surface = motion.legs.get(moment.leg).map_or(Surface::Asphalt, |l| l.surface);
        let hr = heart.beat(dt, moment.speed_mps, grade, surface_effort(surface));
        samples.push(Sample {
            t_s: moment.t_s,
            lat,
            lon,
            ele_m: ele + errors.elevation(moment.t_s),
            dist_m: moment.dist_m,
            speed_mps: errors.speed(moment.speed_mps),
            hr_bpm: errors.heart_rate(hr),
            cadence_spm: errors.cadence(leg_cadence(
                motion.legs.get(moment.leg),
                course.runner.cadence_spm,
                moment.speed_mps,
            )),
            temp_c: (14.0 + moment.t_s / 3600.0).round(),
        });
        truths.push(TruthSample {
            t_s: moment.t_s,
            lat: round(true_lat, 8),
            lon: round(true_lon, 8),
            ele_m: round(ele, 3),
            dist_m: round(moment.dist_m, 3),
        });
    }
    if options.interval == Interval::Smart {
        let keep = smart(&motion, &geometry);
        samples = samples
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(s, _)| s)
            .collect();
        truths = truths
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(s, _)| s)
            .collect();
    }
    let (ascent_m, descent_m) = climb(&geometry, 0.0, motion.distance_m, &motion.legs);
    let laps = laps(&motion, &geometry);
    let mut events = vec![(0.0, true)];
    for stop in motion.stops.iter().filter(|s| !s.timer_running) {
        events.push((stop.start_s, false));
        events.push((stop.end_s, true));
    }
    events.push((motion.elapsed_s, false));
    let truth = truth(course, options, &motion, (ascent_m, descent_m), truths);
    let surfaces = surface_lines(&motion, &geometry);
    Simulation {
        course: course.clone(),
        options: *options,
        samples,
        laps,
        events,
        truth,
        surfaces,
    }
}

/// The truth of a run.
fn truth(
    course: &Course,
    options: &Options,
    motion: &motion::Motion,
    (ascent_m, descent_m): (f64, f64),
    samples: Vec<TruthSample>,
) -> Truth {
    Truth {
        course: course.name.clone(),
        seed: options.seed,
        device: options.device.name(),
        start_time: crate::time::format_rfc3339(options.start_unix_s as f64),
        distance_m: round(motion.distance_m, 3),
        elapsed_s: round(motion.elapsed_s, 1),
        timer_s: round(motion.timer_s, 1),
        moving_s: round(motion.moving_s, 1),
        ascent_m: round(ascent_m, 3),
        descent_m: round(descent_m, 3),
        legs: motion
            .legs
            .iter()
            .enumerate()
            .map(|(index, leg)| TruthLeg {
                index,
                start_m: round(leg.start_m, 3),
                end_m: round(leg.end_m, 3),
                start_s: round(leg.start_s, 1),
                end_s: round(leg.end_s, 1),
                grade_pct: round(0.5 * (leg.grade_pct[0] + leg.grade_pct[1]), 3),
                surface: leg.surface,
                pace_s_per_km: round(leg.pace_s_per_km, 2),
                gait: leg.gait,
                stairs: leg.stairs,
                cadence_spm: leg.cadence_spm,
                load_kg: leg.load_kg,
            })
            .collect(),
        stops: motion
            .stops
            .iter()
            .map(|s| TruthStop {
                start_s: round(s.start_s, 1),
                end_s: round(s.end_s, 1),
                timer_running: s.timer_running,
            })
            .collect(),
        samples,
        interval: match options.interval {
            Interval::EverySecond => "every_second",
            Interval::Smart => "smart",
        },
        mass_kg: course.runner.mass_kg,
    }
}

/// Which of the one-second moments smart recording keeps.
fn smart(motion: &motion::Motion, geometry: &Geometry) -> Vec<bool> {
    let moments = &motion.moments;
    let mut keep = vec![false; moments.len()];
    let mut last: Option<usize> = None;
    for (i, m) in moments.iter().enumerate() {
        let next_gap = moments.get(i + 1).map_or(f64::INFINITY, |n| n.t_s - m.t_s);
        let prev_gap = i.checked_sub(1).map_or(f64::INFINITY, |p| m.t_s - moments[p].t_s);
        // The first and last sample of every stretch the timer runs are always written.
        let edge = next_gap > 1.5 || prev_gap > 1.5;
        let changed = last.is_none_or(|l| {
            let a = &moments[l];
            let turn =
                (geometry.heading_deg(m.dist_m) - geometry.heading_deg(a.dist_m) + 540.0).rem_euclid(360.0) - 180.0;
            m.t_s - a.t_s >= SMART_MAX_GAP_S
                || turn.abs() > SMART_HEADING_DEG
                || (m.speed_mps - a.speed_mps).abs() > SMART_SPEED_MPS
                || (geometry.elevation(m.dist_m) - geometry.elevation(a.dist_m)).abs() > SMART_ELEVATION_M
        });
        if edge || changed {
            keep[i] = true;
            last = Some(i);
        }
    }
    keep
}

/// Ascent and descent of the true profile between two distances, metres.
fn climb(geometry: &Geometry, from_m: f64, to_m: f64, legs: &[motion::LegRun]) -> (f64, f64) {
    // Break at every leg boundary and at every place a ramp crosses level; between those the
    // profile is monotonic.
    let mut cuts = vec![from_m, to_m];
    for leg in legs {
        cuts.push(leg.start_m);
        let [g0, g1] = leg.grade_pct;
        if g0 * g1 < 0.0 {
            cuts.push(leg.start_m + (leg.end_m - leg.start_m) * g0 / (g0 - g1));
        }
    }
    cuts.retain(|c| (from_m..=to_m).contains(c));
    cuts.sort_by(f64::total_cmp);
    let (mut up, mut down) = (0.0, 0.0);
    for pair in cuts.windows(2) {
        let change = geometry.elevation(pair[1] - 1e-9) - geometry.elevation(pair[0]);
        if change > 0.0 {
            up += change;
        } else {
            down -= change;
        }
    }
    (up, down)
}

/// One lap per leg; a stop or pause after a leg belongs to its lap.
fn laps(motion: &motion::Motion, geometry: &Geometry) -> Vec<Lap> {
    let legs = &motion.legs;
    legs.iter()
        .enumerate()
        .map(|(i, leg)| {
            let (end_s, end_m) = legs
                .get(i + 1)
                .map_or((motion.elapsed_s, motion.distance_m), |n| (n.start_s, n.start_m));
            let paused: f64 = motion
                .stops
                .iter()
                .filter(|s| !s.timer_running && s.start_s >= leg.start_s && s.end_s <= end_s)
                .map(|s| s.end_s - s.start_s)
                .sum();
            let (ascent_m, descent_m) = climb(geometry, leg.start_m, end_m, legs);
            Lap {
                start_s: leg.start_s,
                end_s,
                timer_s: end_s - leg.start_s - paused,
                distance_m: end_m - leg.start_m,
                ascent_m,
                descent_m,
            }
        })
        .collect()
}

/// The course as lines of one surface each (consecutive legs of a surface merged).
fn surface_lines(motion: &motion::Motion, geometry: &Geometry) -> Vec<(Surface, Vec<(f64, f64)>)> {
    let mut lines: Vec<(Surface, f64, f64)> = Vec::new();
    for leg in &motion.legs {
        match lines.last_mut() {
            Some(last) if last.0 == leg.surface => last.2 = leg.end_m,
            _ => lines.push((leg.surface, leg.start_m, leg.end_m)),
        }
    }
    lines
        .into_iter()
        .map(|(surface, from, to)| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = ((to - from) / SURFACE_VERTEX_SPACING_M).ceil().max(1.0) as usize;
            #[allow(clippy::cast_precision_loss)]
            let points = (0..=n)
                .map(|i| {
                    let d = from + (to - from) * i as f64 / n as f64;
                    let (lat, lon) = geometry.lat_lon(geometry.local(d));
                    (round(lat, 8), round(lon, 8))
                })
                .collect();
            (surface, points)
        })
        .collect()
}
