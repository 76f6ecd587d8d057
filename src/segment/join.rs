//! Neighbours that ended up alike become one segment, unless a pause or a lap separates them or
//! either is a short effort: of the same classes and speeds, or of neighbouring classes whose
//! grades and speeds differ by less than the noise of the recording (a 6 % leg measured at 5.8 %
//! and 8.1 % is one leg, not two).

use super::SegmentConfig;
use super::{Boundary, Piece, Reference, Slopes, measure, piece_extent};
use crate::analysis::{ElevationSource, PaceClass, Segment};
use crate::clean::Track;

/// Neighbours whose grades differ by less than this many standard errors of the difference are
/// joined (their grades are one grade, measured twice).
const JOIN_SIGMAS: f64 = 3.0;

/// Neighbours whose speeds differ by more than this share are never joined, whatever the noise
/// or their classes.
const MAX_JOIN_SPEED_RATIO: f64 = 0.10;

/// What a piece's grade is uncertain by, percentage points: the elevation's scatter over the
/// spread of its fixes (the standard error of a least-squares slope, `σ / √(n L² / 12)`).
fn grade_sigma(track: &Track, piece: &Piece) -> f64 {
    let (length, _) = piece_extent(track, piece);
    100.0 * track.grade_standard_error(piece.last + 1 - piece.first, length)
}

/// Whether two neighbouring segments are one: grades alike (one class, or apart by less than the
/// elevation's noise or `sigma`, the standard error of their difference), speeds alike, one
/// surface, one gait.
fn alike(a: &Segment, b: &Segment, sigma: f64, grade_noise: f64, speed_noise: f64, config: &SegmentConfig) -> bool {
    let running = |x: &Segment| matches!(x.pace_class, PaceClass::Easy | PaceClass::Steady | PaceClass::Hard);
    let grades = a.grade_class == b.grade_class
        || a.grade_pct
            .zip(b.grade_pct)
            .is_some_and(|(x, y)| (x - y).abs() < grade_noise.max(JOIN_SIGMAS * sigma));
    // A pace class is wide: neighbours of one class join only if their speeds are within
    // `MAX_JOIN_SPEED_RATIO` of each other (sand at 6:30/km beside road at 5:30/km is two
    // segments, whatever their class); of neighbouring running classes, only within the noise.
    let (va, vb) = (a.distance_m / a.moving_s.max(1e-9), b.distance_m / b.moving_s.max(1e-9));
    let speed_ratio = if vb > 0.0 { (va / vb - 1.0).abs() } else { f64::INFINITY };
    let paces = (a.pace_class == b.pace_class
        && (a.pace_class == PaceClass::Stopped || speed_ratio < MAX_JOIN_SPEED_RATIO))
        || (running(a)
            && running(b)
            && speed_ratio < (2.0 * speed_noise).clamp(config.pace_hysteresis, MAX_JOIN_SPEED_RATIO));
    grades && paces && a.surface == b.surface && a.gait == b.gait
}

/// Joins alike neighbours, left to right, each joined segment measured again. `wobble` is how
/// much the speed wobbles about its minute's mean, m/s.
pub(super) fn alike_neighbours(
    track: &Track,
    slopes: &Slopes,
    reference: &Reference,
    wobble: f64,
    config: &SegmentConfig,
    pieces: Vec<(Piece, Segment)>,
) -> Vec<(Piece, Segment)> {
    let grade_noise = match track.elevation_source {
        ElevationSource::Barometric | ElevationSource::Dem => config.grade_hysteresis_pct.0,
        _ => config.grade_hysteresis_pct.1,
    };
    let speed_noise = wobble / reference.speed;
    let mut joined: Vec<(Piece, Segment)> = Vec::with_capacity(pieces.len());
    for (piece, segment) in pieces {
        if let Some((last_piece, last)) = joined.last_mut()
            && piece.before == Boundary::Class
            && !piece.effort
            && !last_piece.effort
            && alike(
                last,
                &segment,
                grade_sigma(track, last_piece).hypot(grade_sigma(track, &piece)),
                grade_noise,
                speed_noise,
                config,
            )
        {
            last_piece.last = piece.last;
            *last = measure(track, slopes, last_piece, reference, config);
            continue;
        }
        joined.push((piece, segment));
    }
    joined
}
