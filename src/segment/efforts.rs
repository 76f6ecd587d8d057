//! Best efforts: the fastest stretch of each standard distance (400 m to the marathon) inside a
//! run, timed on the timer, as running apps and watches report them.
//!
//! Along the run, cumulative distance `d` and cumulative timer time `τ` are both piecewise linear
//! between samples and both stand still while the timer is stopped. The time over a stretch of
//! length `D` ending at distance `e` is `τ(e) − τ(e − D)`; as a function of `e` it is piecewise
//! linear, so its least value is at a breakpoint: where the stretch's end or its start falls on a
//! sample. Both are tried, each with two pointers: linear time per distance.

use crate::analysis::{BestEffort, EffortDistance};
use crate::clean::Track;

/// No human covers any of these distances faster than this, m/s (the 400 m world record is
/// 9.3 m/s): a faster "effort" is a glitch in the positions, and is not reported.
const MAX_EFFORT_SPEED_MPS: f64 = 11.0;

/// The time at distance `x` along the run, interpolated between the samples `i` and `i + 1` that
/// hold it (`d[i] <= x <= d[i + 1]`).
fn time_at(d: &[f64], tau: &[f64], i: usize, x: f64) -> f64 {
    let span = d[i + 1] - d[i];
    if span > 0.0 {
        tau[i] + (x - d[i]) / span * (tau[i + 1] - tau[i])
    } else {
        tau[i]
    }
}

/// The fastest stretch of `length` metres: (timer time, start distance, start timer time), or
/// `None` when the run is shorter.
fn fastest(d: &[f64], tau: &[f64], length: f64) -> Option<(f64, f64, f64)> {
    let n = d.len();
    if n < 2 || d[n - 1] < length {
        return None;
    }
    let mut best: Option<(f64, f64, f64)> = None;
    let mut keep = |time: f64, start_m: f64, start_tau: f64| {
        if best.is_none_or(|(t, _, _)| time < t - 1e-9) {
            best = Some((time, start_m, start_tau));
        }
    };
    // Ends on a sample: the start is `length` before it.
    let mut i = 0;
    for j in 0..n {
        let start = d[j] - length;
        if start < 0.0 {
            continue;
        }
        while i + 1 < n && d[i + 1] < start {
            i += 1;
        }
        if i + 1 >= n {
            break;
        }
        let start_tau = time_at(d, tau, i, start);
        keep(tau[j] - start_tau, start, start_tau);
    }
    // Starts on a sample: the end is `length` after it.
    let mut k = 0;
    for (i, &start) in d.iter().enumerate() {
        let end = start + length;
        if end > d[n - 1] {
            break;
        }
        k = k.max(i);
        while k + 1 < n && d[k + 1] < end {
            k += 1;
        }
        if k + 1 >= n {
            break;
        }
        keep(time_at(d, tau, k, end) - tau[i], start, tau[i]);
    }
    best
}

/// The best effort of every standard distance the run covers, shortest first.
pub(super) fn best_efforts(track: &Track) -> Vec<BestEffort> {
    let n = track.t_s.len();
    if n < 2 {
        return Vec::new();
    }
    // Cumulative timer time at each sample.
    let mut tau = Vec::with_capacity(n);
    let mut timer = 0.0;
    tau.push(0.0);
    for i in 0..n - 1 {
        if track.running.get(i).copied().unwrap_or(false) {
            timer += track.t_s[i + 1] - track.t_s[i];
        }
        tau.push(timer);
    }
    let d = &track.dist_m;
    if d.len() != n || d.iter().any(|v| !v.is_finite()) {
        return Vec::new();
    }
    EffortDistance::ALL
        .into_iter()
        .filter_map(|distance| {
            let length = distance.metres();
            let (time_s, start_m, start_tau) = fastest(d, &tau, length)?;
            if !(time_s > 0.0 && length / time_s <= MAX_EFFORT_SPEED_MPS) {
                return None;
            }
            // The wall-clock second of the start: the first sample at or past its timer time.
            let at = tau.partition_point(|&t| t < start_tau).min(n - 1);
            let start_s = if at > 0 && tau[at] > tau[at - 1] {
                let u = (start_tau - tau[at - 1]) / (tau[at] - tau[at - 1]);
                track.t_s[at - 1] + u * (track.t_s[at] - track.t_s[at - 1]) - track.t_s[0]
            } else {
                track.t_s[at] - track.t_s[0]
            };
            // To the hundredth: what a stopwatch shows, and the same bytes on every machine.
            let hundredths = |x: f64| (x * 100.0).round() / 100.0;
            Some(BestEffort {
                distance,
                distance_m: length,
                time_s: hundredths(time_s),
                pace_s_per_km: hundredths(time_s / length * 1000.0),
                start_m: hundredths(start_m),
                start_s: hundredths(start_s),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slowest way: every start at every sample and every end at every sample, interpolated.
    fn brute(d: &[f64], tau: &[f64], length: f64) -> Option<f64> {
        let n = d.len();
        let mut best: Option<f64> = None;
        for i in 0..n {
            for k in 0..n - 1 {
                let end = d[i] + length;
                if d[k] <= end && end <= d[k + 1] {
                    let t = time_at(d, tau, k, end) - tau[i];
                    best = Some(best.map_or(t, |b: f64| b.min(t)));
                }
                let start = d[i] - length;
                if start >= 0.0 && d[k] <= start && start <= d[k + 1] {
                    let t = tau[i] - time_at(d, tau, k, start);
                    best = Some(best.map_or(t, |b: f64| b.min(t)));
                }
            }
        }
        best
    }

    #[test]
    fn the_two_pointer_search_finds_the_brute_force_minimum() {
        // Irregular speeds and a pause (distance and timer both still).
        let mut d = vec![0.0];
        let mut tau = vec![0.0];
        for i in 1..1000_u64 {
            let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
            let speed = if (150..170).contains(&i) {
                0.0
            } else {
                2.0 + (h % 300) as f64 / 100.0
            };
            let dt = if speed == 0.0 { 0.0 } else { 1.0 };
            d.push(d[d.len() - 1] + speed * dt);
            tau.push(tau[tau.len() - 1] + dt);
        }
        for length in [400.0, 1000.0, 1609.344] {
            let (fast, _, _) = fastest(&d, &tau, length).unwrap();
            let slow = brute(&d, &tau, length).unwrap();
            assert!((fast - slow).abs() < 1e-9, "{length}: {fast} vs {slow}");
        }
        assert!(fastest(&d, &tau, 5000.0).is_none(), "longer than the run");
    }
}
