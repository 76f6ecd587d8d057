//! Segment: a [`Track`] → stretches of one grade class, one pace class and one surface that tile
//! the timer-running time of the run exactly; plus km or mile splits and climbs.
//!
//! Every interval between two samples with the timer running gets a class (with hysteresis);
//! runs of one class become pieces, cut at timer pauses and laps; pieces shorter than the minimum
//! are merged into a neighbour (never across a pause); then each segment's classes are decided from
//! its own totals, and neighbours that ended up alike are joined unless a lap separates them.

mod classes;
mod climbs;
mod splits;

pub use classes::{GRADE_EDGES_PCT, GradeClass, PACE_RATIO_EDGES, PaceClass};
pub use climbs::Climb;
pub use splits::Split;

use crate::clean::Track;
use crate::surface::Surface;
use classes::Sticky;
use serde::Serialize;

/// Every threshold of the segment stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentConfig {
    /// Shortest segment, m (except a run's first and last, and `stopped`) ...
    pub min_length_m: f64,
    /// ... and with GPS elevation, whose grade over 50 m is mostly noise (5 m of elevation noise
    /// makes the slope of a 50 m stretch uncertain by about 5 points), m.
    pub min_length_gps_m: f64,
    /// Shortest segment, s (same exceptions).
    pub min_duration_s: f64,
    /// A grade must be this far inside a new class to switch to it, percentage points: for a
    /// barometric profile and for GPS (or no) elevation, whose grades are noisier.
    pub grade_hysteresis_pct: (f64, f64),
    /// A speed ratio must be this far inside a new pace class to switch to it.
    pub pace_hysteresis: f64,
    /// Walking below this cadence, steps per minute (design.md section 3)...
    pub walk_cadence_spm: f64,
    /// ... with this hysteresis, steps per minute ...
    pub walk_cadence_hysteresis_spm: f64,
    /// ... or, without cadence, below this speed, m/s ...
    pub walk_speed_mps: f64,
    /// ... with this hysteresis, m/s.
    pub walk_speed_hysteresis_mps: f64,
    /// Length of a split, m (1000, or 1609.344 for miles).
    pub split_m: f64,
    /// A climb gains at least this much, m ...
    pub climb_min_gain_m: f64,
    /// ... at an average grade of at least this, percent ...
    pub climb_min_grade_pct: f64,
    /// ... between turning points at least this far apart, m.
    pub climb_hysteresis_m: f64,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        Self {
            min_length_m: 50.0,
            min_length_gps_m: 150.0,
            min_duration_s: 15.0,
            grade_hysteresis_pct: (1.0, 2.5),
            pace_hysteresis: 0.03,
            walk_cadence_spm: 140.0,
            walk_cadence_hysteresis_spm: 5.0,
            walk_speed_mps: 1.9,
            walk_speed_hysteresis_mps: 0.1,
            split_m: 1000.0,
            climb_min_gain_m: 10.0,
            climb_min_grade_pct: 3.0,
            climb_hysteresis_m: 3.0,
        }
    }
}

/// A stretch of one grade, pace and surface.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    /// 0-based, in order.
    pub index: usize,
    /// Seconds from the run's first sample (elapsed clock).
    pub start_s: f64,
    /// Timer time, s.
    pub duration_s: f64,
    /// Metres along the run.
    pub start_m: f64,
    /// Metres along the run.
    pub end_m: f64,
    /// `end_m - start_m`.
    pub distance_m: f64,
    /// Elevation change of the smoothed profile over the distance, percent (`None` standing still).
    pub grade_pct: Option<f64>,
    /// Class of `grade_pct` (`flat` standing still).
    pub grade_class: GradeClass,
    /// Moving time per km, s (`None` for `stopped`).
    pub pace_s_per_km: Option<f64>,
    /// Pace class.
    pub pace_class: PaceClass,
    /// Surface.
    pub surface: Surface,
    /// Mean heart rate, bpm.
    pub avg_hr_bpm: Option<f64>,
    /// Mean cadence while moving, steps per minute.
    pub avg_cadence_spm: Option<f64>,
    /// Moving time, s.
    #[serde(skip)]
    pub moving_s: f64,
    /// First and last sample of the segment in the track.
    #[serde(skip)]
    pub samples: (usize, usize),
}

/// What segmenting a run gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Segmentation {
    /// The segments, tiling the timer-running time.
    pub segments: Vec<Segment>,
    /// Km or mile splits.
    pub splits: Vec<Split>,
    /// Climbs.
    pub climbs: Vec<Climb>,
}

/// What separates two pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Boundary {
    /// A change of class: may be merged away.
    Class,
    /// A lap starts: kept unless a piece is too short.
    Lap,
    /// The timer was paused: never merged across.
    Pause,
}

/// A run of intervals of one class: intervals `first..=last` (interval `i` joins samples `i` and
/// `i + 1`), and the boundary before it.
#[derive(Clone, Copy, Debug)]
struct Piece {
    first: usize,
    last: usize,
    stopped: bool,
    before: Boundary,
}

/// Segments, splits and climbs of a run.
pub fn split(track: &Track, config: &SegmentConfig) -> Segmentation {
    let pieces = pieces(track, config);
    let pieces = merge_short(track, pieces, config);
    let median = median_speed(track);
    let mut segments: Vec<Segment> = pieces.iter().map(|p| measure(track, p, median, config)).collect();
    // Join neighbours that ended up alike, unless a pause or a lap separates them.
    let mut joined: Vec<(Piece, Segment)> = Vec::new();
    for (piece, segment) in pieces.into_iter().zip(segments.drain(..)) {
        if let Some((last_piece, last)) = joined.last_mut()
            && piece.before == Boundary::Class
            && last.grade_class == segment.grade_class
            && last.pace_class == segment.pace_class
            && last.surface == segment.surface
        {
            last_piece.last = piece.last;
            *last = measure(track, last_piece, median, config);
            continue;
        }
        joined.push((piece, segment));
    }
    let segments = joined
        .into_iter()
        .enumerate()
        .map(|(index, (_, s))| Segment { index, ..s })
        .collect();
    Segmentation {
        segments,
        splits: splits::splits(track, config.split_m),
        climbs: climbs::climbs(track, config),
    }
}

/// The median speed while moving, m/s: the reference of the running pace classes.
fn median_speed(track: &Track) -> f64 {
    let moving = (0..track.running.len())
        .filter(|&i| track.running[i] && !track.standing[i])
        .map(|i| track.speed_mps[i]);
    crate::clean::median_of(moving).unwrap_or(0.0).max(0.1)
}

/// Classifies every running interval and cuts the runs of one class into pieces.
fn pieces(track: &Track, config: &SegmentConfig) -> Vec<Piece> {
    let n = track.t_s.len();
    let median = median_speed(track);
    let mut grade = Sticky::new(match track.elevation_source {
        crate::clean::ElevationSource::Barometric => config.grade_hysteresis_pct.0,
        _ => config.grade_hysteresis_pct.1,
    });
    let mut pace = Sticky::new(config.pace_hysteresis);
    let mut walk_cadence = Sticky::new(config.walk_cadence_hysteresis_spm);
    let mut walk_speed = Sticky::new(config.walk_speed_hysteresis_mps);
    let has_cadence = !track.cadence_spm.is_empty();
    let mut laps = track.laps_s.iter().copied().peekable();
    let mut out: Vec<Piece> = Vec::new();
    let mut key: Option<(GradeClass, PaceClass)> = None;
    let mut after_pause = true;
    for i in 0..n.saturating_sub(1) {
        if !track.running[i] {
            after_pause = true;
            grade.reset();
            pace.reset();
            continue;
        }
        let mut lap = false;
        while laps.next_if(|&l| l <= track.t_s[i]).is_some() {
            lap = true;
        }
        let g = grade.update(0.5 * (track.grade_pct[i] + track.grade_pct[i + 1]), GradeClass::of);
        let speed = 0.5 * (track.speed_mps[i] + track.speed_mps[i + 1]);
        let cadence = if has_cadence {
            let c = 0.5 * (track.cadence_spm[i] + track.cadence_spm[i + 1]);
            (c.is_finite() && c > 0.0).then_some(c)
        } else {
            None
        };
        let walking = match cadence {
            Some(c) => walk_cadence.update(c, |c| c < config.walk_cadence_spm),
            None => walk_speed.update(speed, |v| v < config.walk_speed_mps),
        };
        let p = if track.standing[i] {
            PaceClass::Stopped
        } else if walking {
            PaceClass::Walk
        } else {
            pace.update(speed / median, PaceClass::of_ratio)
        };
        let this = (g, p);
        let before = if after_pause {
            Boundary::Pause
        } else if lap {
            Boundary::Lap
        } else {
            Boundary::Class
        };
        match out.last_mut() {
            Some(last) if before == Boundary::Class && key == Some(this) => last.last = i,
            _ => out.push(Piece {
                first: i,
                last: i,
                stopped: p == PaceClass::Stopped,
                before,
            }),
        }
        key = Some(this);
        after_pause = false;
    }
    out
}

/// The shortest segment for this track's elevation source, m.
pub fn min_length(track: &Track, config: &SegmentConfig) -> f64 {
    match track.elevation_source {
        crate::clean::ElevationSource::Gps => config.min_length_gps_m.max(config.min_length_m),
        _ => config.min_length_m,
    }
}

fn piece_extent(track: &Track, piece: &Piece) -> (f64, f64) {
    let (a, b) = (piece.first, piece.last + 1);
    (track.dist_m[b] - track.dist_m[a], track.t_s[b] - track.t_s[a])
}

/// Merges pieces shorter than the minimum into a neighbour, never across a pause, and into a
/// `stopped` piece only when standing still is all there is beside it; the run's first and last
/// pieces may stay short.
fn merge_short(track: &Track, mut pieces: Vec<Piece>, config: &SegmentConfig) -> Vec<Piece> {
    let min_length = min_length(track, config);
    loop {
        let count = pieces.len();
        let short = |p: &Piece| {
            let (d, t) = piece_extent(track, p);
            !p.stopped && (d < min_length || t < config.min_duration_s)
        };
        // Merge the shortest offender first, so that small ones join before they are judged alone.
        let candidate = (0..count)
            .filter(|&k| k > 0 && k + 1 < count && short(&pieces[k]))
            .filter(|&k| pieces[k].before != Boundary::Pause || pieces[k + 1].before != Boundary::Pause)
            .min_by(|&a, &b| {
                piece_extent(track, &pieces[a])
                    .1
                    .total_cmp(&piece_extent(track, &pieces[b]).1)
            });
        let first_or_last = [0, count.saturating_sub(1)]
            .into_iter()
            .filter(|&k| count > 1 && short(&pieces[k]))
            .find(|&k| {
                let (inner, boundary) = if k == 0 {
                    (1, pieces[1].before)
                } else {
                    (k - 1, pieces[k].before)
                };
                // The run's ends may stay short, but a sliver (under a fifth of the minimum) joins
                // its neighbour.
                let (d, t) = piece_extent(track, &pieces[k]);
                boundary != Boundary::Pause
                    && !pieces[inner].stopped
                    && (d < min_length / 5.0 || t < config.min_duration_s / 5.0)
            });
        let Some(k) = candidate.or(first_or_last) else {
            return pieces;
        };
        let left_open = k > 0 && pieces[k].before != Boundary::Pause;
        let right_open = k + 1 < count && pieces[k + 1].before != Boundary::Pause;
        let mut left_ok = left_open && !pieces[k - 1].stopped;
        let mut right_ok = right_open && !pieces[k + 1].stopped;
        if !left_ok && !right_ok {
            // Only standing still beside it: a few steps during a stop belong to the stop.
            left_ok = left_open;
            right_ok = right_open;
        }
        let into_left = match (left_ok, right_ok) {
            (true, true) => {
                // Stay inside the lap if one side is a lap boundary; else the neighbour of the same
                // grade class, then the closer grade and speed.
                let left_lap = pieces[k].before == Boundary::Lap;
                let right_lap = pieces[k + 1].before == Boundary::Lap;
                if left_lap == right_lap {
                    let score = |other: &Piece| {
                        let g = mean_grade(track, &pieces[k]);
                        let v = mean_speed(track, &pieces[k]);
                        let og = mean_grade(track, other);
                        let class_change = if GradeClass::of(g) == GradeClass::of(og) {
                            0.0
                        } else {
                            10.0
                        };
                        class_change + (g - og).abs() + 2.0 * (v - mean_speed(track, other)).abs()
                    };
                    score(&pieces[k - 1]) <= score(&pieces[k + 1])
                } else {
                    right_lap
                }
            }
            (left, _) => left,
        };
        if into_left {
            let piece = pieces.remove(k);
            pieces[k - 1].last = piece.last;
        } else {
            let piece = pieces.remove(k);
            pieces[k].first = piece.first;
            pieces[k].before = piece.before;
        }
    }
}

fn mean_grade(track: &Track, piece: &Piece) -> f64 {
    let (a, b) = (piece.first, piece.last + 1);
    if track.dist_m[b] - track.dist_m[a] < 1.0 {
        return 0.0;
    }
    grade(track, track.dist_m[a], track.dist_m[b])
}

/// Mean speed of a piece, m/s.
fn mean_speed(track: &Track, piece: &Piece) -> f64 {
    let (d, t) = piece_extent(track, piece);
    if t > 0.0 { d / t } else { 0.0 }
}

/// The grade of a stretch, percent: the least-squares slope of the despiked elevation over the
/// profile's grid points inside it. On a steady grade it is the elevation change over the
/// distance; unlike the ends of a smoothed profile it is not pulled by the grades either side, and
/// it averages GPS elevation noise over the whole stretch. Short stretches (under 3 grid points)
/// use the smoothed profile's change.
fn grade(track: &Track, from_m: f64, to_m: f64) -> f64 {
    let p = &track.profile;
    let a = p.partition_point(|q| q.dist_m < from_m);
    let b = p.partition_point(|q| q.dist_m <= to_m);
    if b >= a + 3 {
        #[allow(clippy::cast_precision_loss)]
        let n = (b - a) as f64;
        let mx = p[a..b].iter().map(|q| q.dist_m).sum::<f64>() / n;
        let my = p[a..b].iter().map(|q| q.raw_m).sum::<f64>() / n;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for q in &p[a..b] {
            sxy += (q.dist_m - mx) * (q.raw_m - my);
            sxx += (q.dist_m - mx) * (q.dist_m - mx);
        }
        if sxx > 0.0 {
            return 100.0 * sxy / sxx;
        }
    }
    let at = |x: f64| {
        let xs: Vec<f64> = p.iter().map(|q| q.dist_m).collect();
        let ys: Vec<f64> = p.iter().map(|q| q.ele_m).collect();
        crate::clean::interpolate(&xs, &ys, x)
    };
    100.0 * (at(to_m) - at(from_m)) / (to_m - from_m).max(1e-9)
}

/// A piece's totals and classes.
fn measure(track: &Track, piece: &Piece, median: f64, config: &SegmentConfig) -> Segment {
    let (a, b) = (piece.first, piece.last + 1);
    let distance = track.dist_m[b] - track.dist_m[a];
    let (mut duration, mut moving) = (0.0, 0.0);
    let (mut cadence_sum, mut cadence_time) = (0.0, 0.0);
    let (mut hr_sum, mut hr_time) = (0.0, 0.0);
    for i in a..b {
        if !track.running[i] {
            continue;
        }
        let dt = track.t_s[i + 1] - track.t_s[i];
        duration += dt;
        if !track.standing[i] {
            moving += dt;
            if let (Some(c0), Some(c1)) = (track.cadence_spm.get(i), track.cadence_spm.get(i + 1)) {
                let c = 0.5 * (c0 + c1);
                if c.is_finite() && c > 0.0 {
                    cadence_sum += c * dt;
                    cadence_time += dt;
                }
            }
        }
        if let (Some(h0), Some(h1)) = (track.hr_bpm.get(i), track.hr_bpm.get(i + 1)) {
            let h = 0.5 * (h0 + h1);
            if h.is_finite() {
                hr_sum += h * dt;
                hr_time += dt;
            }
        }
    }
    let grade_pct = (distance >= 1.0).then(|| grade(track, track.dist_m[a], track.dist_m[b]));
    let avg_cadence = (cadence_time > 0.0).then(|| cadence_sum / cadence_time);
    let pace_s_per_km = (!piece.stopped && distance >= 1.0 && moving > 0.0).then(|| 1000.0 * moving / distance);
    let pace_class = if piece.stopped {
        PaceClass::Stopped
    } else {
        let speed = if moving > 0.0 { distance / moving } else { 0.0 };
        let walking = match avg_cadence {
            Some(c) => c < config.walk_cadence_spm,
            None => speed < config.walk_speed_mps,
        };
        if walking {
            PaceClass::Walk
        } else {
            PaceClass::of_ratio(speed / median)
        }
    };
    Segment {
        index: 0,
        start_s: track.t_s[a] - track.t_s[0],
        duration_s: duration,
        start_m: track.dist_m[a],
        end_m: track.dist_m[b],
        distance_m: distance,
        grade_class: grade_pct.map_or(GradeClass::Flat, GradeClass::of),
        grade_pct,
        pace_s_per_km,
        pace_class,
        surface: track.surface.unwrap_or(Surface::Unknown),
        avg_hr_bpm: (hr_time > 0.0).then(|| hr_sum / hr_time),
        avg_cadence_spm: avg_cadence,
        moving_s: moving,
        samples: (a, b),
    }
}
