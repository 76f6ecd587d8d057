//! Elevation: spikes out (faster vertically than anyone climbs), then smoothed over distance, not
//! time (a grade is a change over metres), as much as its source needs: a barometric altimeter
//! lightly, GPS elevation strongly. Grade is the slope of the smoothed profile over a window of
//! metres; ascent and descent count changes beyond a hysteresis.

use super::series::{fill_gaps, interpolate_sorted, median, moving_average};
use super::{CleanConfig, ElevationSource, ProfilePoint};
use crate::ingest::{Altimeter, Recording};

/// Grid points of the elevation profile per sample, at most (a 1 Hz run at 28 km/h uses 4).
const MAX_GRID_PER_SAMPLE: f64 = 8.0;

/// GPS elevation is smoothed over windows that hold about this many fixes (30 either side: the
/// configured 60 m at 2 m/s and faster) ...
const GPS_WINDOW_SAMPLES: usize = 60;
/// ... but never less than this either side, m.
const GPS_MIN_HALF_WINDOW_M: f64 = 10.0;

/// For each grid point, half the distance that `GPS_WINDOW_SAMPLES` fixes around it span, m
/// (the fixes' distances `dist` non-decreasing, the grid `xs` increasing).
fn fix_spans(dist: &[f64], xs: &[f64]) -> Vec<f64> {
    let n = dist.len();
    let side = GPS_WINDOW_SAMPLES / 2;
    let mut c = 0;
    xs.iter()
        .map(|&x| {
            while c + 1 < n && dist[c + 1] <= x {
                c += 1;
            }
            let (a, b) = (c.saturating_sub(side), (c + side).min(n - 1));
            0.5 * (dist[b] - dist[a])
        })
        .collect()
}

/// The mean of the fixes within each grid point's half-window (`cells` grid cells of `step` m);
/// where a window holds no fix, the interpolated profile `fallback`.
fn fix_means(dist: &[f64], ele: &[f64], xs: &[f64], cells: &[usize], step: f64, fallback: &[f64]) -> Vec<f64> {
    let mut prefix = Vec::with_capacity(ele.len() + 1);
    prefix.push(0.0);
    for e in ele {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + e);
    }
    let n = dist.len();
    // The window's ends move little from one point to the next: walk them there.
    let (mut a, mut b) = (0, 0);
    xs.iter()
        .zip(cells)
        .zip(fallback)
        .map(|((&x, &c), &fallback)| {
            #[allow(clippy::cast_precision_loss)]
            let h = c as f64 * step;
            // a: the first fix at or beyond x - h; b: the first beyond x + h.
            while a < n && dist[a] < x - h {
                a += 1;
            }
            while a > 0 && dist[a - 1] >= x - h {
                a -= 1;
            }
            while b < n && dist[b] <= x + h {
                b += 1;
            }
            while b > 0 && dist[b - 1] > x + h {
                b -= 1;
            }
            if b > a {
                #[allow(clippy::cast_precision_loss)]
                let count = (b - a) as f64;
                (prefix[b] - prefix[a]) / count
            } else {
                fallback
            }
        })
        .collect()
}

/// What the elevation step gives.
pub(super) struct Elevation {
    pub(super) ele_m: Vec<f64>,
    pub(super) grade_pct: Vec<f64>,
    pub(super) profile: Vec<ProfilePoint>,
    pub(super) source: ElevationSource,
    pub(super) ascent_m: f64,
    pub(super) descent_m: f64,
    /// Robust standard deviation of the fixes about the smoothed profile, m.
    pub(super) noise_m: f64,
}

pub(super) fn profile(
    recording: &Recording,
    t: &[f64],
    raw: &[f64],
    dem: Option<Vec<f64>>,
    dist: &[f64],
    config: &CleanConfig,
    warnings: &mut Vec<String>,
) -> Elevation {
    let n = t.len();
    // A DEM replaces any elevation but a barometric one (the file's source is only looked at when
    // there is a DEM).
    if let Some(dem) = dem {
        let barometric = raw.iter().filter(|e| e.is_finite()).count() >= 2 && {
            let mut probe = raw.to_vec();
            fill_gaps(t, &mut probe);
            source(recording, &probe, config, &mut Vec::new()) == ElevationSource::Barometric
        };
        if !barometric {
            return smoothed(t, &dem, dist, ElevationSource::Dem, config);
        }
    }
    let (low, high) = config.elevation_range_m;
    let valid = |e: f64| e.is_finite() && (low..=high).contains(&e);
    let total = dist[n - 1];
    if raw.iter().filter(|e| valid(**e)).count() < 2 {
        warnings.push("no elevation: grades are taken as 0".to_owned());
        return Elevation {
            ele_m: vec![0.0; n],
            grade_pct: vec![0.0; n],
            profile: [0.0, total]
                .iter()
                .map(|&dist_m| ProfilePoint {
                    dist_m,
                    raw_m: 0.0,
                    ele_m: 0.0,
                    grade_pct: 0.0,
                })
                .collect(),
            source: ElevationSource::None,
            ascent_m: 0.0,
            descent_m: 0.0,
            noise_m: 0.0,
        };
    }
    let mut ele = despike(t, raw, &valid, config, warnings);
    fill_gaps(t, &mut ele);
    let source = source(recording, &ele, config, warnings);
    smoothed(t, &ele, dist, source, config)
}

/// The profile of elevations `ele` (no gaps) over distance: smoothed as its source needs (a
/// barometric profile or a DEM lightly, GPS elevation strongly), grades, ascent and descent.
fn smoothed(t: &[f64], ele: &[f64], dist: &[f64], source: ElevationSource, config: &CleanConfig) -> Elevation {
    let n = t.len();
    let total = dist[n - 1];
    let (smooth_m, grade_m, hysteresis) = match source {
        ElevationSource::Barometric | ElevationSource::Dem => (
            config.smooth_half_window_m.0,
            config.grade_half_window_m.0,
            config.ascent_hysteresis_m.0,
        ),
        _ => (
            config.smooth_half_window_m.1,
            config.grade_half_window_m.1,
            config.ascent_hysteresis_m.1,
        ),
    };
    // The profile on a grid of distance, of at most `MAX_GRID_PER_SAMPLE` points a sample: a run
    // whose positions jump across continents costs what its samples cost.
    #[allow(clippy::cast_precision_loss)]
    let step = config.grid_m.max(total / (MAX_GRID_PER_SAMPLE * n as f64));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let cells = (total / step).floor() as usize;
    #[allow(clippy::cast_precision_loss)]
    let mut xs: Vec<f64> = (0..=cells).map(|j| j as f64 * step).collect();
    if total - xs[xs.len() - 1] > 1e-9 || xs.len() < 2 {
        xs.push(total.max(xs[xs.len() - 1] + 1e-6));
    }
    let on_grid = interpolate_sorted(dist, ele, &xs);
    let points = xs.len();
    let half = |metres: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let cells = (metres / step).round().max(1.0) as usize;
        cells
    };
    // Half-windows (grid cells) of each point, for smoothing and for grade. GPS elevation is
    // noise on every fix, so its windows hold enough fixes, not enough metres: as many metres as
    // `GPS_WINDOW_SAMPLES` fixes span there, between `GPS_MIN_HALF_WINDOW_M` and the configured
    // half-window (a walker's climb of stairs is 50 m long; at running pace the window is the
    // configured one).
    let (smooth_cells, grade_cells): (Vec<usize>, Vec<usize>) = if source == ElevationSource::Gps {
        let spans = fix_spans(dist, &xs);
        spans
            .iter()
            .map(|&span| {
                (
                    half(span.clamp(GPS_MIN_HALF_WINDOW_M, smooth_m)),
                    half(span.clamp(GPS_MIN_HALF_WINDOW_M, grade_m)),
                )
            })
            .unzip()
    } else {
        (vec![half(smooth_m); points], vec![half(grade_m); points])
    };
    let smooth = if source == ElevationSource::Gps {
        // Each point the mean of the fixes within its window (all of them: on a grid finer than
        // the fixes' spacing, interpolation would use two and waste the rest).
        fix_means(dist, ele, &xs, &smooth_cells, step, &on_grid)
    } else {
        moving_average(&on_grid, smooth_cells[0])
    };
    let grade: Vec<f64> = (0..points)
        .map(|j| {
            let reach = grade_cells[j];
            let (a, b) = (j.saturating_sub(reach), (j + reach).min(points - 1));
            let run = xs[b] - xs[a];
            if run > 0.0 {
                100.0 * (smooth[b] - smooth[a]) / run
            } else {
                0.0
            }
        })
        .collect();
    let (ascent_m, descent_m) = climb(&smooth, hysteresis);
    let ele_m = interpolate_sorted(&xs, &smooth, dist);
    let grade_pct = interpolate_sorted(&xs, &grade, dist);
    let noise_m = median(ele.iter().zip(&ele_m).map(|(raw, smooth)| (raw - smooth).abs())).unwrap_or(0.0) * 1.4826;
    let profile = (0..points)
        .map(|j| ProfilePoint {
            dist_m: xs[j],
            raw_m: on_grid[j],
            ele_m: smooth[j],
            grade_pct: grade[j],
        })
        .collect();
    Elevation {
        ele_m,
        grade_pct,
        profile,
        source,
        ascent_m,
        descent_m,
        noise_m,
    }
}

/// Elevations with spikes and impossible values set to `NaN`. A spike is a value far from the
/// median of its neighbourhood; only neighbourhoods of a jump faster than anyone climbs are
/// examined (so a dive of several samples is caught whole, and smooth data costs nothing).
fn despike(
    t: &[f64],
    raw: &[f64],
    valid: &dyn Fn(f64) -> bool,
    config: &CleanConfig,
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let n = raw.len();
    let mut out: Vec<f64> = raw.iter().map(|&e| if valid(e) { e } else { f64::NAN }).collect();
    let known: Vec<usize> = (0..n).filter(|&i| out[i].is_finite()).collect();
    let half = config.spike_window;
    let mut examine = vec![false; known.len()];
    for k in 1..known.len() {
        let (a, b) = (known[k - 1], known[k]);
        let rate = (out[b] - out[a]).abs() / (t[b] - t[a]).max(1.0);
        if rate > config.max_vertical_speed_mps {
            let lo = (k - 1).saturating_sub(half);
            let hi = (k + half).min(known.len() - 1);
            examine[lo..=hi].fill(true);
        }
    }
    // A value is judged against the median of its neighbours only when it is far from their mean
    // (a running sum): the median, which a dive of several samples cannot move, decides.
    let values: Vec<f64> = known.iter().map(|&i| raw[i]).collect();
    let mut prefix = Vec::with_capacity(values.len() + 1);
    prefix.push(0.0);
    for v in &values {
        prefix.push(prefix[prefix.len() - 1] + v);
    }
    let mut spikes = 0;
    let mut window = Vec::with_capacity(2 * half + 1);
    for k in (0..known.len()).filter(|&k| examine[k]) {
        let lo = k.saturating_sub(half);
        let hi = (k + half).min(known.len() - 1);
        #[allow(clippy::cast_precision_loss)]
        let mean = (prefix[hi + 1] - prefix[lo]) / (hi + 1 - lo) as f64;
        if (values[k] - mean).abs() <= 0.5 * config.spike_deviation_m {
            continue;
        }
        window.clear();
        window.extend_from_slice(&values[lo..=hi]);
        let Some(centre) = median(window.iter().copied()) else {
            continue;
        };
        if (values[k] - centre).abs() > config.spike_deviation_m {
            out[known[k]] = f64::NAN;
            spikes += 1;
        }
    }
    if spikes > 0 {
        warnings.push(format!(
            "{} {} removed",
            crate::vocab::count(spikes, "elevation spike"),
            crate::vocab::were(spikes)
        ));
    }
    out
}

/// Barometric for a profile as smooth as an altimeter's (median absolute second difference at
/// most `max_barometric_roughness_m`) from a device that is not a phone; GPS otherwise.
fn source(recording: &Recording, ele: &[f64], config: &CleanConfig, warnings: &mut Vec<String>) -> ElevationSource {
    if recording.altimeter == Altimeter::Gps {
        return ElevationSource::Gps;
    }
    let roughness = median(ele.windows(3).map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())).unwrap_or(0.0);
    if roughness > config.max_barometric_roughness_m {
        if recording.altimeter == Altimeter::Device {
            warnings.push(format!(
                "elevation too rough for a barometric altimeter ({roughness:.1} m): smoothed as gps elevation"
            ));
        }
        return ElevationSource::Gps;
    }
    ElevationSource::Barometric
}

/// Ascent and descent of a profile, counting a climb or descent only between turning points at
/// least `hysteresis` apart.
pub(super) fn climb(profile: &[f64], hysteresis: f64) -> (f64, f64) {
    let Some(&first) = profile.first() else {
        return (0.0, 0.0);
    };
    let (mut ascent, mut descent) = (0.0, 0.0);
    let mut anchor = first;
    let mut extreme = first;
    let mut trend = 0_i8; // 1 up, -1 down, 0 not yet known
    for &v in &profile[1..] {
        match trend {
            1 if v > extreme => extreme = v,
            1 if extreme - v >= hysteresis => {
                ascent += extreme - anchor;
                anchor = extreme;
                extreme = v;
                trend = -1;
            }
            -1 if v < extreme => extreme = v,
            -1 if v - extreme >= hysteresis => {
                descent += anchor - extreme;
                anchor = extreme;
                extreme = v;
                trend = 1;
            }
            0 if v - anchor >= hysteresis => {
                extreme = v;
                trend = 1;
            }
            0 if anchor - v >= hysteresis => {
                extreme = v;
                trend = -1;
            }
            _ => {}
        }
    }
    match trend {
        1 => ascent += extreme - anchor,
        -1 => descent += anchor - extreme,
        _ => {}
    }
    (ascent, descent)
}

#[cfg(test)]
mod tests {
    use super::climb;

    #[test]
    fn hysteresis_ignores_wiggles_and_counts_real_climbs() {
        let wiggle: Vec<f64> = (0..100).map(|i| if i % 2 == 0 { 0.0 } else { 1.0 }).collect();
        assert_eq!(climb(&wiggle, 2.0), (0.0, 0.0));
        let hill = [0.0, 5.0, 10.0, 9.5, 10.0, 4.0, 0.0, 3.0];
        assert_eq!(climb(&hill, 2.0), (13.0, 10.0));
    }
}
