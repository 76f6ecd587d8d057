//! The chart series of a run: which samples to keep (at most [`MAX_SERIES_POINTS`]) and their
//! values, rounded to what a chart shows.

use crate::analysis::{ElevationSource, MAX_SERIES_POINTS, Series};
use crate::clean::Track;
use crate::model::{Chunk, Models};
use crate::vocab::Surface;

/// Indices kept per stretch between boundaries: the extremes of elevation, speed and heart rate.
const PER_BUCKET: usize = 6;

/// 2⁵²: adding and subtracting it rounds a smaller float to a whole number (ties to even), with
/// two additions instead of a call to `round`.
const WHOLE: f64 = 4_503_599_627_370_496.0;

/// `x` rounded to `1 / scale`, with `-0` as `0`; non-finite values are 0.
fn round(x: f64, scale: f64) -> f64 {
    let r = x * scale;
    if !r.is_finite() {
        return 0.0;
    }
    let whole = if r.abs() < WHOLE {
        let m = WHOLE.copysign(r);
        (r + m) - m
    } else {
        r
    };
    let rounded = whole / scale;
    if rounded == 0.0 { 0.0 } else { rounded }
}

fn value(column: &[f64], i: usize, scale: f64) -> Option<f64> {
    column
        .get(i)
        .copied()
        .filter(|v| v.is_finite())
        .map(|v| round(v, scale))
}

/// The samples a series keeps: all of a run of at most [`MAX_SERIES_POINTS`] samples; else the
/// first and last, segment boundaries and timer pause edges, and the extremes of elevation, speed
/// and heart rate in each of equal stretches of samples.
pub(crate) fn keep(track: &Track, spans: &[(usize, usize)]) -> Vec<usize> {
    let n = track.t_s.len();
    if n <= MAX_SERIES_POINTS {
        return (0..n).collect();
    }
    let mut must: Vec<usize> = vec![0, n - 1];
    must.extend(spans.iter().flat_map(|&(a, b)| [a, b]));
    must.extend((1..track.running.len()).filter(|&i| track.running[i] != track.running[i - 1]));
    must.sort_unstable();
    must.dedup();
    // Boundaries take at most half the budget (a run of more segments keeps every other one).
    let half = MAX_SERIES_POINTS / 2;
    if must.len() > half {
        let step = must.len().div_ceil(half);
        let last = must[must.len() - 1];
        must = must.iter().copied().step_by(step).collect();
        if must.last() != Some(&last) {
            must.pop();
            must.push(last);
        }
    }
    let buckets = (MAX_SERIES_POINTS - must.len()) / PER_BUCKET;
    let mut marked = vec![false; n];
    for &i in &must {
        marked[i] = true;
    }
    for b in 0..buckets {
        let (lo, hi) = (b * n / buckets, ((b + 1) * n / buckets).min(n));
        for column in [&track.ele_m, &track.speed_mps, &track.hr_bpm] {
            let Some(stretch) = column.get(lo..hi.min(column.len())) else {
                continue;
            };
            let mut lowest: Option<(usize, f64)> = None;
            let mut highest: Option<(usize, f64)> = None;
            for (k, &v) in stretch.iter().enumerate() {
                if !v.is_finite() {
                    continue;
                }
                if lowest.is_none_or(|(_, l)| v < l) {
                    lowest = Some((k, v));
                }
                if highest.is_none_or(|(_, h)| v > h) {
                    highest = Some((k, v));
                }
            }
            for (k, _) in lowest.into_iter().chain(highest) {
                marked[lo + k] = true;
            }
        }
    }
    (0..n).filter(|&i| marked[i]).collect()
}

/// The chart series of a cleaned run: its segments' sample spans, the surface of every sample and
/// the chunks the models ran on (see [`Series`] for which samples are kept).
pub fn series(
    track: &Track,
    spans: &[(usize, usize)],
    surfaces: &[Surface],
    chunks: &[Chunk],
    models: &Models,
) -> Series {
    let kept = keep(track, spans);
    let n = track.t_s.len();
    let t0 = track.t_s[0];
    let elevation = track.elevation_source != ElevationSource::None;
    let mut series = Series::with_capacity(kept.len());
    // The chunk holding a sample: the last one starting at or before it (rows are in order).
    let mut chunk = 0;
    for &i in &kept {
        while chunk + 1 < chunks.len() && chunks[chunk + 1].first <= i {
            chunk += 1;
        }
        let interval = i.min(n.saturating_sub(2));
        let running = track.running.get(interval).copied().unwrap_or(false);
        let standing = track.standing.get(interval).copied().unwrap_or(true);
        let speed = track.speed_mps[i];
        let grade = track.grade_pct[i];
        series.distance_m.push(round(track.dist_m[i], 10.0));
        series.elapsed_s.push(round(track.t_s[i] - t0, 1000.0));
        series.timer_running.push(running);
        series.elevation_m.push(elevation.then(|| round(track.ele_m[i], 100.0)));
        series.grade_pct.push(round(grade, 100.0));
        series.speed_mps.push(round(speed, 1000.0));
        series.gap_speed_mps.push(
            (running && !standing && speed > 0.0).then(|| round(speed * models.gap.factor(grade / 100.0), 1000.0)),
        );
        series.hr_bpm.push(value(&track.hr_bpm, i, 10.0));
        series.cadence_spm.push(value(&track.cadence_spm, i, 10.0));
        let gei = chunks.get(chunk).filter(|c| c.first <= i).map_or(0.0, |c| c.gei);
        series.gei.push(round(gei, 1000.0));
        series
            .surface
            .push(surfaces.get(i).copied().unwrap_or(Surface::Unknown));
        series.lat.push(value(&track.lat, i, 1e6));
        series.lon.push(value(&track.lon, i, 1e6));
    }
    series
}
