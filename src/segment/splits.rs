//! Km or mile splits: timer and moving time, pace, elevation change and heart rate of every
//! whole split, and of the last partial one.

use crate::analysis::Split;
use crate::clean::{Track, interpolate};

/// The splits of a run; none when the run is longer in splits than it has samples (positions that
/// jump across continents): the cost of a run must grow with its samples, not its distance.
pub(super) fn splits(track: &Track, split_m: f64) -> Vec<Split> {
    let n = track.t_s.len();
    #[allow(clippy::cast_precision_loss)]
    if track.distance_m / split_m > n as f64 {
        return Vec::new();
    }
    // Cumulative timer and moving time at each sample.
    let mut timer = Vec::with_capacity(n);
    let mut moving = Vec::with_capacity(n);
    let (mut ti, mut mo) = (0.0, 0.0);
    timer.push(0.0);
    moving.push(0.0);
    for i in 0..n - 1 {
        if track.running[i] {
            let dt = track.t_s[i + 1] - track.t_s[i];
            ti += dt;
            if !track.standing[i] {
                mo += dt;
            }
        }
        timer.push(ti);
        moving.push(mo);
    }
    let total = track.distance_m;
    let mut out = Vec::new();
    let mut start = 0.0;
    let mut index = 1;
    let d = &track.dist_m;
    while start < total - 1e-6 && split_m > 0.0 {
        let end = (start + split_m).min(total);
        // Times at the first sample reaching each distance (standing at a split point counts
        // before it).
        let at = |column: &[f64], x: f64| interpolate(d, column, x);
        let duration = at(&timer, end) - at(&timer, start);
        let moving_s = at(&moving, end) - at(&moving, start);
        let first = d.partition_point(|&x| x < start);
        let last = d.partition_point(|&x| x < end).max(first + 1).min(n);
        let hr: Vec<f64> = track
            .hr_bpm
            .get(first..last)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|h| h.is_finite())
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let avg_hr = (!hr.is_empty()).then(|| hr.iter().sum::<f64>() / hr.len() as f64);
        out.push(Split {
            index,
            start_m: start,
            end_m: end,
            duration_s: duration,
            moving_s,
            pace_s_per_km: (moving_s > 0.0).then(|| 1000.0 * moving_s / (end - start)),
            elevation_change_m: at(&track.ele_m, end) - at(&track.ele_m, start),
            avg_hr_bpm: avg_hr,
        });
        start = end;
        index += 1;
    }
    out
}
