//! Time: when the timer runs (the device's events, else track breaks and long gaps that no runner
//! could have covered at a run), speed, standing still, acceleration.

use super::series::median;
use super::{CleanConfig, TimerSource};
use crate::ingest::{Event, EventKind};
use crate::projection::Local;

/// The timer's pauses, `(stopped, started)` in time order, from its stop and start events (a stop
/// never followed by a start lasts to the end).
pub(super) fn pauses(events: &[Event]) -> Vec<(f64, f64)> {
    let mut sorted = events.to_vec();
    sorted.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
    let mut pauses: Vec<(f64, f64)> = Vec::new();
    let mut paused_at: Option<f64> = None;
    for event in &sorted {
        match (event.kind, paused_at) {
            (EventKind::TimerStop, None) => paused_at = Some(event.t_s),
            (EventKind::TimerStart, Some(from)) => {
                pauses.push((from, event.t_s));
                paused_at = None;
            }
            _ => {}
        }
    }
    if let Some(from) = paused_at {
        pauses.push((from, f64::INFINITY));
    }
    pauses
}

/// Per interval `i → i + 1`, whether the timer runs; and where that came from.
pub(super) fn running(
    t: &[f64],
    dist: &[f64],
    events: &[Event],
    use_events: bool,
    config: &CleanConfig,
) -> (Vec<bool>, TimerSource) {
    let n = t.len();
    let pauses = pauses(events);
    let mut running = vec![true; n.saturating_sub(1)];
    // An interval is paused when a pause covers at least half of it.
    let mut next_pause = 0;
    for (i, flag) in running.iter_mut().enumerate() {
        let (from, to) = (t[i], t[i + 1]);
        while next_pause < pauses.len() && pauses[next_pause].1 <= from {
            next_pause += 1;
        }
        let covered: f64 = pauses[next_pause..]
            .iter()
            .take_while(|p| p.0 < to)
            .map(|&(p0, p1)| p1.min(to) - p0.max(from))
            .sum();
        if covered > 0.0 && covered >= 0.5 * (to - from) {
            *flag = false;
        }
    }
    if use_events {
        return (running, TimerSource::Events);
    }
    // Without timer events: track breaks (already in `pauses`) and implausible gaps.
    let typical = median(t.windows(2).map(|w| w[1] - w[0])).unwrap_or(1.0);
    let long = (config.pause_gap_factor * typical).max(config.pause_min_gap_s);
    for i in 0..n.saturating_sub(1) {
        let dt = t[i + 1] - t[i];
        if dt > long {
            let speed = (dist[i + 1] - dist[i]) / dt;
            if speed < config.pause_max_speed_mps || speed > config.max_speed_mps {
                running[i] = false;
            }
        }
    }
    (running, TimerSource::Gaps)
}

/// Smoothed speed per sample, m/s, from the distance the run covers (the device's distance channel
/// or positions; the device's speed channel is not a witness of its own), never across a pause.
pub(super) fn speed(
    t: &[f64],
    dist: &[f64],
    positions: Option<(&[f64], &[f64])>,
    running: &[bool],
    config: &CleanConfig,
) -> Vec<f64> {
    let n = t.len();
    // From positions: the net displacement over a wider window, so that GPS jitter while standing
    // still does not add up to a walking speed.
    let half = if positions.is_some() {
        config.position_speed_half_window_s
    } else {
        config.speed_half_window_s
    };
    let local = Local::at(positions.and_then(|(lat, _)| lat.first().copied()).unwrap_or(0.0));
    let mut speed = vec![0.0; n];
    for (a, b) in blocks(running) {
        let (mut lo, mut hi) = (a, a);
        for i in a..=b {
            while t[i] - t[lo] > half {
                lo += 1;
            }
            hi = hi.max(i);
            while hi < b && t[hi + 1] - t[i] <= half {
                hi += 1;
            }
            // Sparse samples: at least the neighbours.
            let (l, h) = if hi > lo {
                (lo, hi)
            } else {
                (i.saturating_sub(1).max(a), (i + 1).min(b))
            };
            if h > l {
                let covered = match positions {
                    Some((lat, lon)) => local.metres(lat[l], lon[l], lat[h], lon[h]),
                    None => dist[h] - dist[l],
                };
                speed[i] = covered / (t[h] - t[l]);
            }
        }
    }
    speed
}

/// Maximal runs of running intervals, as first and last sample indices.
pub(super) fn blocks(running: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &r) in running.iter().enumerate() {
        match (r, start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                out.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        out.push((a, running.len()));
    }
    out
}

/// What tells a runner is making progress: horizontal speed, elevation (to see climbing) and
/// cadence (steps), per sample.
pub(super) struct Progress<'a> {
    pub(super) speed: &'a [f64],
    pub(super) ele: Option<&'a [f64]>,
    pub(super) cadence: &'a [f64],
}

/// Seconds either side over which the vertical speed is taken.
const VERTICAL_HALF_WINDOW_S: f64 = 5.0;

/// Per interval: standing still, the timer running: no horizontal progress (slower than
/// `stop_speed_mps`), no vertical progress (slower than `stop_vertical_mps`) and, where cadence
/// exists, no steps; for at least `stop_min_s`. Slow climbing, power hiking and stairs are moving.
pub(super) fn standing(t: &[f64], progress: &Progress<'_>, running: &[bool], config: &CleanConfig) -> Vec<bool> {
    let n = t.len();
    let vertical: Vec<f64> = match progress.ele {
        Some(ele) => {
            let (mut lo, mut hi) = (0, 0);
            (0..n)
                .map(|i| {
                    while lo < i && t[i] - t[lo] > VERTICAL_HALF_WINDOW_S {
                        lo += 1;
                    }
                    hi = hi.max(i);
                    while hi + 1 < n && t[hi + 1] - t[i] <= VERTICAL_HALF_WINDOW_S {
                        hi += 1;
                    }
                    if hi > lo {
                        ((ele[hi] - ele[lo]) / (t[hi] - t[lo])).abs()
                    } else {
                        0.0
                    }
                })
                .collect()
        }
        None => vec![0.0; n],
    };
    let stepping = |i: usize| {
        progress
            .cadence
            .get(i)
            .is_some_and(|c| c.is_finite() && *c >= config.stop_cadence_spm)
    };
    let mut still: Vec<bool> = (0..running.len())
        .map(|i| {
            running[i]
                && 0.5 * (progress.speed[i] + progress.speed[i + 1]) < config.stop_speed_mps
                && 0.5 * (vertical[i] + vertical[i + 1]) < config.stop_vertical_mps
                && !(stepping(i) && stepping(i + 1))
        })
        .collect();
    let mut i = 0;
    while i < still.len() {
        if !still[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < still.len() && still[i] {
            i += 1;
        }
        if t[i] - t[start] < config.stop_min_s {
            still[start..i].fill(false);
        }
    }
    still
}

/// Acceleration per sample, m/s²: the change of smoothed speed over the speed window.
pub(super) fn acceleration(t: &[f64], speed: &[f64], config: &CleanConfig) -> Vec<f64> {
    let n = t.len();
    let (mut lo, mut hi) = (0, 0);
    (0..n)
        .map(|i| {
            while lo < i && t[i] - t[lo] > config.speed_half_window_s {
                lo += 1;
            }
            hi = hi.max(i);
            while hi + 1 < n && t[hi + 1] - t[i] <= config.speed_half_window_s {
                hi += 1;
            }
            if hi > lo {
                (speed[hi] - speed[lo]) / (t[hi] - t[lo])
            } else {
                0.0
            }
        })
        .collect()
}
