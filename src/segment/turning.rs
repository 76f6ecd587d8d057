//! How much a stretch of track turns: the sum of the changes of heading, per 100 m. The heading is
//! the smoothed velocity's (the clean stage's smoother gives the GPS error's wander to the position,
//! so a straight road on a phone does not zigzag); on a track too sparse to smooth, the heading
//! between positions taken every `STEP_M` metres. A straight road scores near 0, a 20 m zigzag of
//! right angles about 450, a 400 m track about 90; a watch's or a phone's jitter reads as about
//! 15-20 on a straight road.

use crate::clean::Track;
use crate::projection::Local;

/// Spacing of the positions the heading is taken between, m: long enough that a watch's position
/// jitter does not read as turning, short enough to see a street corner.
const STEP_M: f64 = 10.0;
/// Below this speed, m/s, a heading is noise.
const MIN_HEADING_SPEED_MPS: f64 = 1.0;
/// Positions per sample, at most.
const MAX_POINTS_PER_SAMPLE: f64 = 4.0;

/// Degrees of heading change per 100 m over samples `a..=b`, or `None` without positions or over
/// less than two steps.
pub(super) fn per_100m(track: &Track, a: usize, b: usize) -> Option<f64> {
    if track.lat.len() != track.t_s.len() || b >= track.lat.len() {
        return None;
    }
    let length = track.dist_m[b] - track.dist_m[a];
    if length < 2.0 * STEP_M || b <= a {
        return None;
    }
    if track.velocity_mps.len() == track.t_s.len() {
        // Headings every STEP_M metres or more, so that a sample's jitter does not add up; none
        // below MIN_HEADING_SPEED_MPS (standing, shuffling).
        let (mut turned, mut last): (f64, Option<(f64, f64)>) = (0.0, None);
        for i in a..=b {
            let [east, north] = track.velocity_mps[i];
            if east.hypot(north) < MIN_HEADING_SPEED_MPS || last.is_some_and(|(d, _)| track.dist_m[i] - d < STEP_M) {
                continue;
            }
            let h = east.atan2(north).to_degrees();
            if let Some((_, previous)) = last {
                turned += ((h - previous + 540.0).rem_euclid(360.0) - 180.0).abs();
            }
            last = Some((track.dist_m[i], h));
        }
        return Some(100.0 * turned / length);
    }
    // At most a few points a sample: a track whose positions jump across continents costs what its
    // samples cost.
    #[allow(clippy::cast_precision_loss)]
    let step = STEP_M.max(length / (MAX_POINTS_PER_SAMPLE * (b - a) as f64));
    let local = Local::at(track.lat[a]);
    let (lat0, lon0) = (track.lat[a], track.lon[a]);
    // Positions every STEP_M metres along the distance, interpolated between samples.
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(4 * (b - a) + 2);
    let mut next = track.dist_m[a];
    for i in a..b {
        let (d0, d1) = (track.dist_m[i], track.dist_m[i + 1]);
        while next <= d1 && d1 > d0 {
            let u = ((next - d0) / (d1 - d0)).clamp(0.0, 1.0);
            let lat = track.lat[i] + (track.lat[i + 1] - track.lat[i]) * u;
            let lon = track.lon[i] + (track.lon[i + 1] - track.lon[i]) * u;
            if !(lat.is_finite() && lon.is_finite()) {
                return None;
            }
            points.push(local.offset(lat0, lon0, lat, lon));
            next += step;
        }
    }
    let headings: Vec<f64> = points
        .windows(2)
        .filter(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1) > 0.5)
        .map(|w| (w[1].0 - w[0].0).atan2(w[1].1 - w[0].1).to_degrees())
        .collect();
    if headings.len() < 2 {
        return None;
    }
    let turned: f64 = headings
        .windows(2)
        .map(|w| (w[1] - w[0] + 540.0).rem_euclid(360.0) - 180.0)
        .map(f64::abs)
        .sum();
    Some(100.0 * turned / length)
}
