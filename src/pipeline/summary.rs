//! A run's totals, maxima, heart-rate zones and laps, from the cleaned track, the models' totals and
//! the file's laps.

use crate::analysis::{ElevationSource, Lap, Summary};
use crate::clean::Track;
use crate::ingest::Recording;
use crate::model::{Athlete, Totals};
use crate::vocab::Surface;
use std::collections::BTreeMap;

/// Heart-rate zone edges as shares of the threshold heart rate (Friel's five running zones:
/// below 85 %, 85-90, 90-95, 95-100, above).
pub(crate) const THRESHOLD_ZONES: [f64; 4] = [0.85, 0.90, 0.95, 1.00];
/// Heart-rate zone edges as shares of the maximum heart rate (the common five zones: below 60 %,
/// 60-70, 70-80, 80-90, above).
pub(crate) const MAX_ZONES: [f64; 4] = [0.60, 0.70, 0.80, 0.90];

/// The mean of a per-sample column over interval `i`, `NaN` where either end lacks it.
fn interval(values: &[f64], i: usize) -> f64 {
    0.5 * (values.get(i).copied().unwrap_or(f64::NAN) + values.get(i + 1).copied().unwrap_or(f64::NAN))
}

/// The time-weighted mean of a per-sample channel over samples `a..=b` while the timer runs (moving
/// time only, and positive values only, when `moving_only`).
pub(crate) fn weighted(track: &Track, values: &[f64], moving_only: bool, (a, b): (usize, usize)) -> Option<f64> {
    let (mut sum, mut time) = (0.0, 0.0);
    for i in a..b.min(track.running.len()) {
        if !track.running[i] || (moving_only && track.standing[i]) {
            continue;
        }
        let v = interval(values, i);
        if v.is_finite() && (!moving_only || v > 0.0) {
            let dt = track.t_s[i + 1] - track.t_s[i];
            sum += v * dt;
            time += dt;
        }
    }
    (time > 0.0).then(|| sum / time)
}

/// The highest value of a channel over samples `a..=b` on intervals where the timer runs (and the
/// runner moves, when `moving_only`).
fn highest(track: &Track, values: &[f64], moving_only: bool, (a, b): (usize, usize)) -> Option<f64> {
    let mut best: Option<f64> = None;
    for i in a..b.min(track.running.len()) {
        if !track.running[i] || (moving_only && track.standing[i]) {
            continue;
        }
        for v in [values.get(i), values.get(i + 1)].into_iter().flatten() {
            if v.is_finite() && best.is_none_or(|x| *v > x) {
                best = Some(*v);
            }
        }
    }
    best
}

/// Timer seconds in each of five heart-rate zones, when the athlete gives a threshold or maximum.
fn hr_zones(track: &Track, athlete: &Athlete) -> Option<Vec<f64>> {
    let (reference, edges) = match (athlete.threshold_hr_bpm, athlete.max_hr_bpm) {
        (Some(threshold), _) => (threshold, THRESHOLD_ZONES),
        (None, Some(max)) => (max, MAX_ZONES),
        (None, None) => return None,
    };
    let mut zones = vec![0.0; 5];
    for i in 0..track.running.len() {
        let hr = interval(&track.hr_bpm, i);
        if track.running[i] && hr.is_finite() {
            let zone = edges.iter().filter(|&&e| hr >= e * reference).count();
            zones[zone] += track.t_s[i + 1] - track.t_s[i];
        }
    }
    Some(zones)
}

/// The run's summary.
pub(crate) fn summary(
    track: &Track,
    segments: &[crate::analysis::Segment],
    totals: &Totals,
    surface_m: BTreeMap<Surface, f64>,
    athlete: &Athlete,
    mass_assumed: bool,
) -> Summary {
    let all = (0, track.t_s.len());
    let elevation = track.elevation_source != ElevationSource::None;
    Summary {
        distance_m: track.distance_m,
        elapsed_s: track.elapsed_s,
        timer_s: track.timer_s,
        moving_s: track.moving_s,
        ascent_m: elevation.then_some(track.ascent_m),
        descent_m: elevation.then_some(track.descent_m),
        avg_pace_s_per_km: (track.distance_m > 0.0 && track.moving_s > 0.0)
            .then(|| 1000.0 * track.moving_s / track.distance_m),
        gap_s_per_km: totals.gap_s_per_km,
        avg_hr_bpm: weighted(track, &track.hr_bpm, false, all),
        max_hr_bpm: highest(track, &track.hr_bpm, false, all),
        avg_cadence_spm: weighted(track, &track.cadence_spm, true, all),
        max_speed_mps: highest(track, &track.speed_mps, true, all).or(Some(0.0)),
        avg_power_w: weighted(track, &track.power_w, true, all),
        hr_zones_s: hr_zones(track, athlete),
        energy_kj: totals.energy_kj,
        energy_kcal: totals.energy_kcal,
        energy_kcal_gross: totals.energy_kcal_gross,
        energy_kcal_low: totals.energy_kcal_low,
        energy_kcal_high: totals.energy_kcal_high,
        glute_load: totals.glute_load,
        glute_load_low: totals.glute_load_low,
        glute_load_high: totals.glute_load_high,
        mean_gei: totals.mean_gei,
        mean_gei_low: totals.mean_gei_low,
        mean_gei_high: totals.mean_gei_high,
        glute_stimulus: totals.glute_stimulus,
        glute_stimulus_low: totals.glute_stimulus_low,
        glute_stimulus_high: totals.glute_stimulus_high,
        descent_load: totals.descent_load,
        damage_index: totals.damage_index,
        pace_variety: variety(segments, |s| (s.moving_s > 0.0).then(|| s.distance_m / s.moving_s)),
        stride_variety: variety(segments, |s| s.stride_m),
        load_kg: athlete.load_kg,
        mass_assumed,
        verdict: String::new(),
        surface_m,
    }
}

/// The time-weighted coefficient of variation of a measure over the moving segments (0 when
/// fewer than two have it).
fn variety(segments: &[crate::analysis::Segment], measure: impl Fn(&crate::analysis::Segment) -> Option<f64>) -> f64 {
    let values: Vec<(f64, f64)> = segments
        .iter()
        .filter(|s| s.gait != crate::analysis::Gait::Stopped && s.moving_s > 0.0)
        .filter_map(|s| measure(s).filter(|v| v.is_finite()).map(|v| (v, s.moving_s)))
        .collect();
    let weight: f64 = values.iter().map(|(_, w)| w).sum();
    if values.len() < 2 || weight <= 0.0 {
        return 0.0;
    }
    let mean = values.iter().map(|(v, w)| v * w).sum::<f64>() / weight;
    let variance = values.iter().map(|(v, w)| w * (v - mean).powi(2)).sum::<f64>() / weight;
    if mean > 0.0 { variance.sqrt() / mean } else { 0.0 }
}

/// The file's laps that start inside the run, with the device's totals where it gives them and
/// the track's otherwise.
pub(crate) fn laps(recording: &Recording, track: &Track) -> Vec<Lap> {
    let n = track.t_s.len();
    let (first, last) = (track.t_s[0], track.t_s[n - 1]);
    let mut starts: Vec<(f64, &crate::ingest::Lap)> = recording
        .laps
        .iter()
        .filter_map(|l| l.start_s.map(|s| (s, l)))
        .filter(|&(s, _)| s >= first - 1.0 && s < last)
        .collect();
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let index_at = |t: f64| track.t_s.partition_point(|&x| x < t).min(n - 1);
    let timer_between = |a: usize, b: usize| -> f64 {
        (a..b.min(n - 1))
            .filter(|&i| track.running[i])
            .map(|i| track.t_s[i + 1] - track.t_s[i])
            .sum()
    };
    starts
        .iter()
        .enumerate()
        .map(|(k, &(start, lap))| {
            let end = lap
                .elapsed_s
                .map(|e| start + e)
                .or_else(|| starts.get(k + 1).map(|s| s.0))
                .unwrap_or(last)
                .min(starts.get(k + 1).map_or(last, |s| s.0).max(start));
            let (a, b) = (index_at(start.max(first)), index_at(end));
            let duration_s = lap.timer_s.unwrap_or_else(|| timer_between(a, b));
            let distance_m = lap.distance_m.unwrap_or(track.dist_m[b] - track.dist_m[a]);
            Lap {
                index: k + 1,
                start_s: (start - first).max(0.0),
                start_m: track.dist_m[a],
                duration_s,
                distance_m,
                pace_s_per_km: (distance_m > 0.0 && duration_s > 0.0).then(|| 1000.0 * duration_s / distance_m),
                avg_hr_bpm: weighted(track, &track.hr_bpm, false, (a, b)),
                max_hr_bpm: highest(track, &track.hr_bpm, false, (a, b)),
            }
        })
        .collect()
}
