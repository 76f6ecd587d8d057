//! Segment: a [`Track`] → stretches of one grade class, one pace class and one surface that tile
//! the timer-running time of the run exactly; plus km or mile splits and climbs.
//!
//! Every interval between two samples with the timer running gets a class (with hysteresis);
//! runs of one class become pieces, cut at timer pauses and laps; pieces shorter than the minimum
//! are merged into a neighbour (never across a pause); then each segment's classes are decided from
//! its own totals, and neighbours that ended up alike are joined unless a lap separates them.

mod classes;
mod climbs;
mod efforts;
mod join;
mod refine;
mod splits;
mod turning;

use crate::analysis::{
    BestEffort, Climb, Gait, GradeClass, PACE_RATIO_EDGES, PaceClass, Segment, Split, THRESHOLD_RATIO_EDGES,
};
use crate::clean::Track;
use crate::vocab::Surface;
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
    /// ... unless it is walked (by the gait rule on its mean cadence and speed) and holds at least this
    /// many fixes, enough for a grade (a runner's 150 m at 3 m/s holds 50; a walker's 50 m of
    /// stairs holds 75 at 1 Hz): then `min_length_m` is its minimum.
    pub min_fixes_gps: usize,
    /// Shortest segment, s (same exceptions).
    pub min_duration_s: f64,
    /// A grade must be this far inside a new class to switch to it, percentage points: for a
    /// barometric profile and for GPS (or no) elevation, whose grades are noisier.
    pub grade_hysteresis_pct: (f64, f64),
    /// A speed ratio must be this far inside a new pace class to switch to it ...
    pub pace_hysteresis: f64,
    /// ... where speed is averaged over this many seconds either side (a pace class is a sustained
    /// effort, not one stride).
    pub pace_half_window_s: f64,
    /// Walking below this cadence, steps per minute (docs/model.md gives the gait rule) ...
    pub walk_cadence_spm: f64,
    /// ... with this hysteresis, steps per minute, and below this speed, m/s (a fast walker's
    /// cadence overlaps a slow runner's; speed tells them apart), ...
    pub walk_cadence_hysteresis_spm: f64,
    /// ... see `walk_cadence_hysteresis_spm`.
    pub walk_speed_with_cadence_mps: f64,
    /// ... or, without cadence, below this speed, m/s ...
    pub walk_speed_mps: f64,
    /// ... with this hysteresis, m/s.
    pub walk_speed_hysteresis_mps: f64,
    /// Length of a split, m (1000, or 1609.344 for miles).
    pub split_m: f64,
    /// The athlete's threshold speed, m/s: running pace classes are relative to it when given,
    /// else to the run's median moving speed.
    pub threshold_speed_mps: Option<f64>,
    /// A short effort (a stride, a sprint) that stays its own segment lasts at least this long, s,
    /// ...
    pub effort_min_s: f64,
    /// ... at most this long (a longer one is a segment of its own anyway), s, ...
    pub effort_max_s: f64,
    /// ... and is at least this many times the moving speed of the minute around it.
    pub effort_speed_ratio: f64,
    /// A climb gains at least this much, m ...
    pub climb_min_gain_m: f64,
    /// ... at an average grade of at least this, percent ...
    pub climb_min_grade_pct: f64,
    /// ... between turning points at least this far apart, m.
    pub climb_hysteresis_m: f64,
}

impl SegmentConfig {
    /// The gait rule, without hysteresis: walking when the cadence (steps per minute) is below
    /// `walk_cadence_spm` and the speed (m/s) below `walk_speed_with_cadence_mps`; without
    /// cadence, when the speed is below `walk_speed_mps`.
    pub fn is_walking(&self, cadence_spm: Option<f64>, speed_mps: f64) -> bool {
        match cadence_spm {
            Some(c) => c < self.walk_cadence_spm && speed_mps < self.walk_speed_with_cadence_mps,
            None => speed_mps < self.walk_speed_mps,
        }
    }
}

impl Default for SegmentConfig {
    fn default() -> Self {
        Self {
            min_length_m: 50.0,
            min_length_gps_m: 150.0,
            min_fixes_gps: 50,
            min_duration_s: 15.0,
            grade_hysteresis_pct: (1.0, 2.5),
            pace_hysteresis: 0.03,
            pace_half_window_s: 5.0,
            walk_cadence_spm: 140.0,
            walk_cadence_hysteresis_spm: 5.0,
            walk_speed_with_cadence_mps: 2.2,
            walk_speed_mps: 1.9,
            walk_speed_hysteresis_mps: 0.1,
            split_m: 1000.0,
            threshold_speed_mps: None,
            effort_min_s: 8.0,
            effort_max_s: 60.0,
            effort_speed_ratio: 1.25,
            climb_min_gain_m: 10.0,
            climb_min_grade_pct: 3.0,
            climb_hysteresis_m: 3.0,
        }
    }
}

/// What segmenting a run gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Segmentation {
    /// The segments, tiling the timer-running time.
    pub segments: Vec<Segment>,
    /// The first and last sample of each segment in the track.
    pub spans: Vec<(usize, usize)>,
    /// Km or mile splits.
    pub splits: Vec<Split>,
    /// Climbs.
    pub climbs: Vec<Climb>,
    /// The fastest stretch of each standard distance the run covers.
    pub best_efforts: Vec<BestEffort>,
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
    surface: Surface,
    /// A short effort (a stride or sprint) that stays its own segment.
    effort: bool,
}

/// Segments, splits and climbs of a run; `surfaces` has one surface per sample (the surface stage's
/// output; empty: the file's hint, else `unknown`).
pub fn split(track: &Track, surfaces: &[Surface], config: &SegmentConfig) -> Segmentation {
    let fallback = vec![Surface::Unknown; track.t_s.len()];
    let surfaces = if surfaces.len() == track.t_s.len() {
        surfaces
    } else {
        &fallback
    };
    let slopes = Slopes::new(track);
    let reference = Reference::new(track, config);
    // The speed the pace classes are taken on (and the boundaries refined on).
    let pace_speed = crate::clean::time_window_mean(&track.t_s, &track.speed_mps, config.pace_half_window_s);
    let mut pieces = pieces(track, surfaces, &pace_speed, &reference, config);
    // How much the speed wobbles: efforts must stand above it, and joins may not exceed it.
    let wobble = speed_wobble(track);
    mark_efforts(track, &slopes, &mut pieces, &reference, wobble, config);
    // A stretch that covers 1 m/s or more is not standing still, whatever its samples said; a stop
    // that absorbed short moving bits is checked again.
    for round in 0..2 {
        let mut changed = false;
        for piece in &mut pieces {
            let (a, b) = (piece.first, piece.last + 1);
            let duration = slopes.intervals[b][0] - slopes.intervals[a][0];
            if piece.stopped && duration > 0.0 && (track.dist_m[b] - track.dist_m[a]) / duration >= 1.0 {
                piece.stopped = false;
                changed = true;
            }
        }
        if round > 0 && !changed {
            break;
        }
        pieces = merge_short(track, &slopes, pieces, &reference, config);
    }
    // A piece that grew while merging may no longer be a short effort, and one that lost the mark
    // may now be short: mark again, and merge what that leaves short.
    mark_efforts(track, &slopes, &mut pieces, &reference, wobble, config);
    let pieces = merge_short(track, &slopes, pieces, &reference, config);
    let mut segments: Vec<Segment> = pieces
        .iter()
        .map(|p| measure(track, &slopes, p, &reference, config))
        .collect();
    // Join neighbours that ended up alike, unless a pause or a lap separates them.
    let join = |pieces| join::alike_neighbours(track, &slopes, &reference, wobble, config, pieces);
    let joined = join(pieces.into_iter().zip(segments.drain(..)).collect());
    // Each boundary that is left, moved to where the change happened; then neighbours that the
    // move left alike, joined.
    let mut pieces: Vec<Piece> = joined.iter().map(|(p, _)| *p).collect();
    refine::boundaries(track, &pace_speed, reference.speed, &mut pieces, config);
    let unchanged: std::collections::HashMap<(usize, usize), Segment> =
        joined.into_iter().map(|(p, s)| ((p.first, p.last), s)).collect();
    let remeasured = pieces
        .iter()
        .map(|piece| match unchanged.get(&(piece.first, piece.last)) {
            Some(segment) => (*piece, segment.clone()),
            None => (*piece, measure(track, &slopes, piece, &reference, config)),
        })
        .collect();
    let joined = join(remeasured);
    let spans = joined.iter().map(|(p, _)| (p.first, p.last + 1)).collect();
    let segments = joined
        .into_iter()
        .enumerate()
        .map(|(index, (p, s))| Segment {
            index,
            turning_deg_per_100m: turning::per_100m(track, p.first, p.last + 1),
            ..s
        })
        .collect();
    Segmentation {
        segments,
        spans,
        splits: splits::splits(track, config.split_m),
        climbs: climbs::climbs(track, config),
        best_efforts: efforts::best_efforts(track),
    }
}

/// What running pace classes are relative to: the athlete's threshold speed, else the run's
/// median moving speed, with their edges.
struct Reference {
    speed: f64,
    edges: [f64; 3],
}

impl Reference {
    fn new(track: &Track, config: &SegmentConfig) -> Self {
        match config.threshold_speed_mps.filter(|v| v.is_finite() && *v > 0.0) {
            Some(speed) => Self {
                speed,
                edges: THRESHOLD_RATIO_EDGES,
            },
            None => Self {
                speed: median_speed(track, config),
                edges: PACE_RATIO_EDGES,
            },
        }
    }
}

/// The median speed while running, m/s: the reference of the running pace classes. Walking (by
/// the gait rule, without hysteresis) does not count, so that the hikes of a mountain run do not
/// make its running look fast; a run that is all walking uses every moving sample.
fn median_speed(track: &Track, config: &SegmentConfig) -> f64 {
    let moving: Vec<usize> = (0..track.running.len())
        .filter(|&i| track.running[i] && !track.standing[i])
        .collect();
    let walking = |i: usize| {
        let v = track.speed_mps[i];
        config.is_walking(
            track.cadence_spm.get(i).copied().filter(|c| c.is_finite() && *c > 0.0),
            v,
        )
    };
    let running = moving.iter().filter(|&&i| !walking(i)).map(|&i| track.speed_mps[i]);
    crate::clean::median_of(running)
        .or_else(|| crate::clean::median_of(moving.iter().map(|&i| track.speed_mps[i])))
        .unwrap_or(0.0)
        .max(0.1)
}

/// Classifies every running interval and cuts the runs of one class into pieces.
fn pieces(
    track: &Track,
    surfaces: &[Surface],
    pace_speed: &[f64],
    reference: &Reference,
    config: &SegmentConfig,
) -> Vec<Piece> {
    let n = track.t_s.len();
    let mut grade = Sticky::new(match track.elevation_source {
        crate::analysis::ElevationSource::Barometric => config.grade_hysteresis_pct.0,
        _ => config.grade_hysteresis_pct.1,
    });
    let mut pace = Sticky::new(config.pace_hysteresis);
    let mut walk_cadence = Sticky::new(config.walk_cadence_hysteresis_spm);
    let mut walk_speed = Sticky::new(config.walk_speed_hysteresis_mps);
    let mut walk_cadenced_speed = Sticky::new(config.walk_speed_hysteresis_mps);
    let has_cadence = !track.cadence_spm.is_empty();
    let mut laps = track.laps_s.iter().copied().peekable();
    let mut out: Vec<Piece> = Vec::new();
    let mut key: Option<(GradeClass, PaceClass, Surface)> = None;
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
        let speed = 0.5 * (pace_speed[i] + pace_speed[i + 1]);
        let cadence = if has_cadence {
            let c = 0.5 * (track.cadence_spm[i] + track.cadence_spm[i + 1]);
            (c.is_finite() && c > 0.0).then_some(c)
        } else {
            None
        };
        let walking = match cadence {
            Some(c) => {
                let slow_steps = walk_cadence.update(c, |c| c < config.walk_cadence_spm);
                let slow = walk_cadenced_speed.update(speed, |v| v < config.walk_speed_with_cadence_mps);
                slow_steps && slow
            }
            None => walk_speed.update(speed, |v| v < config.walk_speed_mps),
        };
        let p = if track.standing[i] {
            PaceClass::Stopped
        } else if walking {
            PaceClass::Walk
        } else {
            pace.update(speed / reference.speed, |r| {
                PaceClass::of_ratio_with(r, &reference.edges)
            })
        };
        // Standing still has no grade worth a boundary.
        let this = (
            if p == PaceClass::Stopped { GradeClass::Flat } else { g },
            p,
            surfaces[i],
        );
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
                surface: surfaces[i],
                effort: false,
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
        crate::analysis::ElevationSource::Gps => config.min_length_gps_m.max(config.min_length_m),
        _ => config.min_length_m,
    }
}

/// The shortest a piece may be, m: with GPS elevation, longer, unless it is walked and holds
/// enough fixes to measure its grade.
fn piece_min_length(track: &Track, piece: &Piece, config: &SegmentConfig) -> f64 {
    if track.elevation_source != crate::analysis::ElevationSource::Gps {
        return config.min_length_m;
    }
    let fixes = piece.last + 1 - piece.first;
    if walked(track, piece, config) && fixes >= config.min_fixes_gps {
        config.min_length_m
    } else {
        config.min_length_gps_m.max(config.min_length_m)
    }
}

/// Whether a piece is walked, by the gait rule on its mean cadence and speed.
fn walked(track: &Track, piece: &Piece, config: &SegmentConfig) -> bool {
    let speed = mean_speed(track, piece);
    let cadences = track
        .cadence_spm
        .get(piece.first..=piece.last)
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|c| c.is_finite() && *c > 0.0);
    let (sum, count) = cadences.fold((0.0, 0_u32), |(s, n), c| (s + c, n + 1));
    config.is_walking((count > 0).then(|| sum / f64::from(count)), speed)
}

fn piece_extent(track: &Track, piece: &Piece) -> (f64, f64) {
    let (a, b) = (piece.first, piece.last + 1);
    (track.dist_m[b] - track.dist_m[a], track.t_s[b] - track.t_s[a])
}

/// Merges pieces shorter than the minimum into a neighbour, shortest first, never across a pause,
/// and into a `stopped` piece only when standing still is all there is beside it; the run's first
/// and last pieces may stay short unless they are slivers. A heap and a linked list keep this
/// O(k log k) in the number of pieces.
fn merge_short(
    track: &Track,
    slopes: &Slopes,
    mut pieces: Vec<Piece>,
    reference: &Reference,
    config: &SegmentConfig,
) -> Vec<Piece> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let min_length = min_length(track, config);
    let count = pieces.len();
    if count < 2 {
        return pieces;
    }
    let short = |p: &Piece| {
        let (d, t) = piece_extent(track, p);
        !p.stopped && !p.effort && (d < piece_min_length(track, p, config) || t < config.min_duration_s)
    };
    // A recovery between two short efforts may be shorter than the minimum.
    let between_efforts = |pieces: &[Piece], k: usize, prev: &[Option<usize>], next: &[Option<usize>]| {
        prev[k].is_some_and(|l| pieces[l].effort) && next[k].is_some_and(|r| pieces[r].effort)
    };
    let mut prev: Vec<Option<usize>> = (0..count).map(|i| i.checked_sub(1)).collect();
    let mut next: Vec<Option<usize>> = (0..count).map(|i| (i + 1 < count).then_some(i + 1)).collect();
    let mut alive = vec![true; count];
    let mut version = vec![0_u32; count];
    // Keyed by duration (a positive float's bits order like the float).
    let mut heap = BinaryHeap::new();
    let key = |p: &Piece| piece_extent(track, p).1.max(0.0).to_bits();
    for (i, p) in pieces.iter().enumerate() {
        if short(p) {
            heap.push(Reverse((key(p), i, 0_u32)));
        }
    }
    while let Some(Reverse((_, k, v))) = heap.pop() {
        if !alive[k] || version[k] != v || !short(&pieces[k]) || between_efforts(&pieces, k, &prev, &next) {
            continue;
        }
        let (left, right) = (prev[k], next[k]);
        let Some(side) = merge_side(track, slopes, &pieces, k, left, right, min_length, reference, config) else {
            continue;
        };
        let host = if side { left } else { right };
        let Some(host) = host else { continue };
        if side {
            pieces[host].last = pieces[k].last;
        } else {
            pieces[host].first = pieces[k].first;
            pieces[host].before = pieces[k].before;
        }
        alive[k] = false;
        if let Some(l) = left {
            next[l] = right;
        }
        if let Some(r) = right {
            prev[r] = left;
        }
        version[host] += 1;
        if short(&pieces[host]) {
            heap.push(Reverse((key(&pieces[host]), host, version[host])));
        }
    }
    pieces
        .into_iter()
        .zip(alive)
        .filter(|(_, a)| *a)
        .map(|(p, _)| p)
        .collect()
}

/// Which neighbour a short piece joins: `Some(true)` the left, `Some(false)` the right, `None` to
/// stay. The run's first and last pieces stay unless they are slivers (under half the minimum).
#[allow(clippy::too_many_arguments)]
fn merge_side(
    track: &Track,
    slopes: &Slopes,
    pieces: &[Piece],
    k: usize,
    left: Option<usize>,
    right: Option<usize>,
    min_length: f64,
    reference: &Reference,
    config: &SegmentConfig,
) -> Option<bool> {
    let piece = &pieces[k];
    if left.is_none() || right.is_none() {
        let (d, t) = piece_extent(track, piece);
        if d >= min_length / 2.0 && t >= config.min_duration_s / 2.0 {
            return None;
        }
    }
    let left_open = left.filter(|_| piece.before != Boundary::Pause);
    let right_open = right.filter(|&r| pieces[r].before != Boundary::Pause);
    // Not into a stop, and not into a short effort (which would stop being one).
    let mut left_ok = left_open.is_some_and(|l| !pieces[l].stopped && !pieces[l].effort);
    let mut right_ok = right_open.is_some_and(|r| !pieces[r].stopped && !pieces[r].effort);
    if !left_ok && !right_ok {
        // Only efforts or standing still beside it: an effort, else the stop (a few steps during a
        // stop belong to it).
        left_ok = left_open.is_some_and(|l| !pieces[l].stopped);
        right_ok = right_open.is_some_and(|r| !pieces[r].stopped);
        if !left_ok && !right_ok {
            left_ok = left_open.is_some();
            right_ok = right_open.is_some();
        }
    }
    match (left_ok, right_ok) {
        (false, false) => None,
        (true, false) => Some(true),
        (false, true) => Some(false),
        (true, true) => {
            let (on_left, on_right) = (left?, right?);
            // Stay inside the lap if one side is a lap boundary; else on the same surface (a
            // surface change came from a map or the user); else the neighbour of the same grade
            // class, then the closer grade and speed.
            let left_lap = piece.before == Boundary::Lap;
            let right_lap = pieces[on_right].before == Boundary::Lap;
            let left_same = pieces[on_left].surface == piece.surface;
            let right_same = pieces[on_right].surface == piece.surface;
            if left_lap != right_lap {
                Some(right_lap)
            } else if left_same != right_same {
                Some(left_same)
            } else {
                // With GPS elevation, whose grade classes flicker, grade and speed count in units
                // of about half a class (the grade hysteresis, 5 % of the reference speed); on a
                // barometric profile a change of grade class weighs most.
                let gps = track.elevation_source == crate::analysis::ElevationSource::Gps;
                let (grade_unit, speed_unit, class_weight) = if gps {
                    (config.grade_hysteresis_pct.1, 0.05 * reference.speed, 0.0)
                } else {
                    (1.0, 0.5, 10.0)
                };
                let g = mean_grade(track, slopes, piece, min_length);
                let v = mean_speed(track, piece);
                let score = |other: &Piece| {
                    let og = mean_grade(track, slopes, other, min_length);
                    let class_change = if GradeClass::of(g) == GradeClass::of(og) {
                        0.0
                    } else {
                        class_weight
                    };
                    class_change + (g - og).abs() / grade_unit + (v - mean_speed(track, other)).abs() / speed_unit
                };
                Some(score(&pieces[on_left]) <= score(&pieces[on_right]))
            }
        }
    }
}

/// The grade of a piece, percent, over at least `span_m` centred on it: the grade of a sliver,
/// over a few metres of a smoothed profile, is noise whatever its sign.
fn mean_grade(track: &Track, slopes: &Slopes, piece: &Piece, span_m: f64) -> f64 {
    let (a, b) = (piece.first, piece.last + 1);
    let (from, to) = (track.dist_m[a], track.dist_m[b]);
    let half = 0.5 * (to - from).max(span_m);
    let middle = 0.5 * (from + to);
    let end = track.dist_m.last().copied().unwrap_or(0.0);
    let (from, to) = ((middle - half).max(0.0), (middle + half).min(end));
    if to - from < 1.0 {
        return 0.0;
    }
    slopes.grade(from, to)
}

/// Mean speed of a piece, m/s.
fn mean_speed(track: &Track, piece: &Piece) -> f64 {
    let (d, t) = piece_extent(track, piece);
    if t > 0.0 { d / t } else { 0.0 }
}

/// How much the speed wobbles about its minute's mean while moving, m/s (a robust standard
/// deviation).
fn speed_wobble(track: &Track) -> f64 {
    let minute = crate::clean::time_window_mean(&track.t_s, &track.speed_mps, 30.0);
    crate::clean::median_of(
        (0..track.running.len())
            .filter(|&i| track.running[i] && !track.standing[i])
            .map(|i| (track.speed_mps[i] - minute[i]).abs()),
    )
    .unwrap_or(0.0)
        * 1.4826
}

/// Marks short efforts: running pieces of at least `effort_min_s` seconds, at a sprint's speed for
/// the run (its sprint edge, and over 2.2 m/s), whose speed is at least `effort_speed_ratio` times
/// the speed of the minute around them (strides, sprints; not a wobble of GPS speed).
#[allow(clippy::many_single_char_names)] // distances, times and indices of one piece
fn mark_efforts(
    track: &Track,
    slopes: &Slopes<'_>,
    pieces: &mut [Piece],
    reference: &Reference,
    wobble: f64,
    config: &SegmentConfig,
) {
    let sprint_mps = (reference.speed * reference.edges[2]).max(config.walk_speed_with_cadence_mps);
    // An effort must stand three times the speed's wobble above its surroundings (a phone's speed
    // wobbles; a watch's hardly).
    let n = track.t_s.len();
    // Timer time: a piece that stood still part of the time is not an effort.
    let moving_at = |i: usize| slopes.intervals[i][0];
    for piece in pieces.iter_mut() {
        piece.effort = false;
        if piece.stopped {
            continue;
        }
        let (a, b) = (piece.first, piece.last + 1);
        let (d, t) = (track.dist_m[b] - track.dist_m[a], moving_at(b) - moving_at(a));
        if t < config.effort_min_s || t > config.effort_max_s || d / t < sprint_mps {
            continue;
        }
        // The minute around the piece, the piece itself left out.
        let half = 30.0;
        let lo = track.t_s.partition_point(|&x| x < track.t_s[a] - half);
        let hi = track
            .t_s
            .partition_point(|&x| x <= track.t_s[b] + half)
            .min(n - 1)
            .max(b);
        let around_d = (track.dist_m[a] - track.dist_m[lo]) + (track.dist_m[hi] - track.dist_m[b]);
        let around_t = (moving_at(a) - moving_at(lo)) + (moving_at(hi) - moving_at(b));
        if around_t < 10.0 || around_d <= 0.0 {
            continue;
        }
        let around = around_d / around_t;
        piece.effort = d / t >= config.effort_speed_ratio * around && d / t - around >= 3.0 * wobble;
    }
}

/// Grades of stretches from running sums over the profile, so that each costs a binary search.
struct Slopes<'a> {
    profile: &'a [crate::clean::ProfilePoint],
    /// Running sums of x, y, x·y and x² (x relative to the first point, for precision).
    sums: Vec<[f64; 4]>,
    /// Running sums over intervals of timer time, moving time, cadence × time and its time
    /// (moving), heart rate × time and its time: a segment's totals in O(1).
    intervals: Vec<[f64; 6]>,
}

impl<'a> Slopes<'a> {
    fn new(track: &'a Track) -> Self {
        let profile = track.profile.as_slice();
        let x0 = profile.first().map_or(0.0, |p| p.dist_m);
        let mut sums = Vec::with_capacity(profile.len() + 1);
        let mut acc = [0.0; 4];
        sums.push(acc);
        for p in profile {
            let x = p.dist_m - x0;
            acc[0] += x;
            acc[1] += p.raw_m;
            acc[2] += x * p.raw_m;
            acc[3] += x * x;
            sums.push(acc);
        }
        let n = track.t_s.len();
        let mut intervals = Vec::with_capacity(n);
        let mut acc = [0.0; 6];
        intervals.push(acc);
        for i in 0..n - 1 {
            if track.running[i] {
                let dt = track.t_s[i + 1] - track.t_s[i];
                acc[0] += dt;
                if !track.standing[i] {
                    acc[1] += dt;
                    if let (Some(c0), Some(c1)) = (track.cadence_spm.get(i), track.cadence_spm.get(i + 1)) {
                        let c = 0.5 * (c0 + c1);
                        if c.is_finite() && c > 0.0 {
                            acc[2] += c * dt;
                            acc[3] += dt;
                        }
                    }
                }
                if let (Some(h0), Some(h1)) = (track.hr_bpm.get(i), track.hr_bpm.get(i + 1)) {
                    let h = 0.5 * (h0 + h1);
                    if h.is_finite() {
                        acc[4] += h * dt;
                        acc[5] += dt;
                    }
                }
            }
            intervals.push(acc);
        }
        Self {
            profile,
            sums,
            intervals,
        }
    }

    /// The grade of a stretch, percent: the least-squares slope of the despiked elevation over
    /// the profile's grid points inside it. On a steady grade it is the elevation change over the
    /// distance; unlike the ends of a smoothed profile it is not pulled by the grades either side,
    /// and it averages GPS elevation noise over the whole stretch. Stretches with fewer than three
    /// grid points use the smoothed profile's change.
    fn grade(&self, from_m: f64, to_m: f64) -> f64 {
        let p = self.profile;
        let first = p.partition_point(|q| q.dist_m < from_m);
        let end = p.partition_point(|q| q.dist_m <= to_m);
        if end >= first + 3 {
            #[allow(clippy::cast_precision_loss)]
            let n = (end - first) as f64;
            let [sx, sy, sxy, sxx] = std::array::from_fn(|k| self.sums[end][k] - self.sums[first][k]);
            let cov = sxy - sx * sy / n;
            let var = sxx - sx * sx / n;
            if var > 0.0 {
                return 100.0 * cov / var;
            }
        }
        let at = |x: f64| {
            let j = p.partition_point(|q| q.dist_m <= x).clamp(1, p.len().max(2) - 1);
            let (q0, q1) = (&p[j - 1], &p[j]);
            let u = if q1.dist_m > q0.dist_m {
                (x - q0.dist_m) / (q1.dist_m - q0.dist_m)
            } else {
                0.0
            };
            q0.ele_m + (q1.ele_m - q0.ele_m) * u.clamp(0.0, 1.0)
        };
        100.0 * (at(to_m) - at(from_m)) / (to_m - from_m).max(1e-9)
    }
}

/// A piece's totals and classes.
fn measure(track: &Track, slopes: &Slopes, piece: &Piece, reference: &Reference, config: &SegmentConfig) -> Segment {
    let (a, b) = (piece.first, piece.last + 1);
    let distance = track.dist_m[b] - track.dist_m[a];
    let [duration, moving, cadence_sum, cadence_time, hr_sum, hr_time] =
        std::array::from_fn(|k| slopes.intervals[b][k] - slopes.intervals[a][k]);
    let grade_pct = (!piece.stopped && distance >= 1.0).then(|| slopes.grade(track.dist_m[a], track.dist_m[b]));
    let avg_cadence = (cadence_time > 0.0).then(|| cadence_sum / cadence_time);
    let pace_s_per_km = (!piece.stopped && distance >= 1.0 && moving > 0.0).then(|| 1000.0 * moving / distance);
    let pace_class = if piece.stopped {
        PaceClass::Stopped
    } else {
        let speed = if moving > 0.0 { distance / moving } else { 0.0 };
        if config.is_walking(avg_cadence, speed) {
            PaceClass::Walk
        } else if piece.effort {
            // A short effort, labelled as what it is: a stride or a sprint.
            PaceClass::Sprint
        } else {
            PaceClass::of_ratio_with(speed / reference.speed, &reference.edges)
        }
    };
    Segment {
        index: 0,
        start_s: track.t_s[a] - track.t_s[0],
        duration_s: duration,
        moving_s: moving,
        start_m: track.dist_m[a],
        end_m: track.dist_m[b],
        distance_m: distance,
        grade_class: grade_pct.map_or(GradeClass::Flat, GradeClass::of),
        grade_pct,
        pace_s_per_km,
        pace_class,
        gait: match pace_class {
            PaceClass::Stopped => Gait::Stopped,
            PaceClass::Walk => Gait::Walk,
            _ => Gait::Run,
        },
        surface: piece.surface,
        avg_hr_bpm: (hr_time > 0.0).then(|| hr_sum / hr_time),
        avg_cadence_spm: avg_cadence,
        stride_m: avg_cadence
            .filter(|c| *c > 0.0 && !piece.stopped && moving > 0.0 && distance >= 1.0)
            .map(|c| distance / moving * 120.0 / c),
        // Measured once, on the final segments (`split`).
        turning_deg_per_100m: None,
    }
}
