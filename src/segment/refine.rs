//! Boundaries moved to where the change happened. Merging short pieces into a neighbour moves a
//! boundary to the edge of whatever piece held the change, up to a minimum segment away from it;
//! each boundary between two moving pieces of one surface is then placed, within reach of where it
//! stands, at the single change point that best splits the two: the one that leaves the least
//! squared deviation of speed and grade on either side (each in units of about half a class). This is
//! the one-change-point case of least-squares segmentation (Bai J., Perron P. (1998),
//! Econometrica 66:47-78; Killick R., Fearnhead P., Eckley I. A. (2012), JASA 107:1590-1598).

use super::{Boundary, Piece, SegmentConfig, piece_extent, piece_min_length};
use crate::clean::Track;

/// How far a boundary may move, as a share of the shorter of its two pieces (in intervals), so
/// that neither piece loses most of itself.
const REACH_SHARE: f64 = 0.4;

/// Running sums of one normalised series over intervals, for the squared deviation of any stretch.
struct Sums {
    sum: Vec<f64>,
    squares: Vec<f64>,
}

impl Sums {
    fn new(values: impl Iterator<Item = f64>) -> Self {
        let (mut sum, mut squares) = (vec![0.0], vec![0.0]);
        for v in values {
            let v = if v.is_finite() { v } else { 0.0 };
            sum.push(sum[sum.len() - 1] + v);
            squares.push(squares[squares.len() - 1] + v * v);
        }
        Self { sum, squares }
    }

    /// The squared deviation about their mean of intervals `a..b`.
    fn deviation(&self, a: usize, b: usize) -> f64 {
        if b <= a {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let n = (b - a) as f64;
        let s = self.sum[b] - self.sum[a];
        (self.squares[b] - self.squares[a] - s * s / n).max(0.0)
    }
}

/// A change of speed of this share of the reference speed weighs as much as a change of grade of
/// the grade hysteresis (both about half the width of a class).
const SPEED_UNIT_SHARE: f64 = 0.05;

/// The squared deviation of speed and grade over any stretch of intervals, each in units of about
/// half a class.
struct Costs {
    speed: Sums,
    grade: Sums,
}

impl Costs {
    fn new(track: &Track, speed: &[f64], reference_speed: f64, config: &SegmentConfig) -> Self {
        let n = track.t_s.len();
        let interval = |values: &[f64], scale: f64| -> Sums {
            let scale = if scale > 1e-9 { scale } else { 1.0 };
            Sums::new((0..n.saturating_sub(1)).map(|i| 0.5 * (values[i] + values[i + 1]) / scale))
        };
        let grade_unit = match track.elevation_source {
            crate::analysis::ElevationSource::Barometric | crate::analysis::ElevationSource::Dem => {
                config.grade_hysteresis_pct.0
            }
            _ => config.grade_hysteresis_pct.1,
        };
        Self {
            speed: interval(speed, SPEED_UNIT_SHARE * reference_speed),
            grade: interval(&track.grade_pct, grade_unit),
        }
    }

    fn of(&self, a: usize, b: usize) -> f64 {
        self.speed.deviation(a, b) + self.grade.deviation(a, b)
    }
}

/// Whether a boundary between two pieces may move: both moving, neither a short effort, one
/// surface, and only a change of class between them.
fn movable(left: &Piece, right: &Piece) -> bool {
    right.before == Boundary::Class
        && !left.stopped
        && !right.stopped
        && !left.effort
        && !right.effort
        && left.surface == right.surface
}

/// The best change point between intervals `a` and `b`, among `candidates`, that leaves both
/// sides long enough: (cost, split).
fn best_split(
    track: &Track,
    costs: &Costs,
    (left, right): (&Piece, &Piece),
    (a, b): (usize, usize),
    candidates: impl Iterator<Item = usize>,
    config: &SegmentConfig,
) -> Option<(f64, usize)> {
    let long_enough = |p: &Piece| {
        let (d, t) = piece_extent(track, p);
        d >= piece_min_length(track, p, config) && t >= config.min_duration_s
    };
    let mut best: Option<(f64, usize)> = None;
    for split in candidates {
        if split <= a || split >= b {
            continue;
        }
        let c = costs.of(a, split) + costs.of(split, b);
        if best.is_none_or(|(cost, _)| c < cost)
            && long_enough(&Piece {
                first: a,
                last: split - 1,
                ..*left
            })
            && long_enough(&Piece {
                first: split,
                last: b - 1,
                ..*right
            })
        {
            best = Some((c, split));
        }
    }
    best
}

/// Refines the boundaries between moving pieces. First, a piece between two others that one
/// change point explains at least as well as two (the flat-looking stretch a merge left over the
/// top of a hill, half climb, half descent) is shared between them at that point; then each
/// boundary is moved, within reach, to its best change point. `speed` is the speed the pace
/// classes were taken on, one value a sample; `reference_speed` what they are relative to, m/s.
pub(super) fn boundaries(
    track: &Track,
    speed: &[f64],
    reference_speed: f64,
    pieces: &mut Vec<Piece>,
    config: &SegmentConfig,
) {
    let n = track.t_s.len();
    if pieces.len() < 2 || n < 3 || speed.len() != n {
        return;
    }
    let costs = Costs::new(track, speed, reference_speed, config);
    let mut k = 1;
    while k + 1 < pieces.len() {
        let (left, middle, right) = (pieces[k - 1], pieces[k], pieces[k + 1]);
        if movable(&left, &middle) && movable(&middle, &right) {
            let (a, m0, m1, b) = (left.first, middle.first, right.first, right.last + 1);
            let two = costs.of(a, m0) + costs.of(m0, m1) + costs.of(m1, b);
            if let Some((one, split)) = best_split(track, &costs, (&left, &right), (a, b), m0..=m1, config)
                && one <= two
            {
                pieces[k - 1].last = split - 1;
                pieces[k + 1].first = split;
                pieces.remove(k);
                continue;
            }
        }
        k += 1;
    }
    for k in 1..pieces.len() {
        let (left, right) = (pieces[k - 1], pieces[k]);
        if !movable(&left, &right) {
            continue;
        }
        let (a, bound, b) = (left.first, right.first, right.last + 1);
        let shorter = (bound - a).min(b - bound);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let reach = (REACH_SHARE * shorter as f64) as usize;
        if reach == 0 {
            continue;
        }
        let here = costs.of(a, bound) + costs.of(bound, b);
        if let Some((cost, split)) = best_split(
            track,
            &costs,
            (&left, &right),
            (a, b),
            bound - reach..=bound + reach,
            config,
        ) && cost < here
        {
            pieces[k - 1].last = split - 1;
            pieces[k].first = split;
        }
    }
}
