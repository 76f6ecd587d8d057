//! Positions without spikes, and distance along the track: the device's channel when it is sound,
//! else haversine distances between lightly averaged positions, else the speed channel integrated.

use super::series::fill_gaps;
use super::{CleanConfig, CleanError, DistanceSource, Raw};
use crate::projection::Local;
use crate::vocab::{count, were};
use geo::{Distance, Haversine, Point};

/// Positions with spikes removed (a jump faster than a runner can go from the last believed
/// position) and gaps filled by interpolation in time. Empty when the run has no positions.
pub(super) fn despike_positions(
    t: &[f64],
    lat: &[f64],
    lon: &[f64],
    config: &CleanConfig,
    warnings: &mut Vec<String>,
) -> (Vec<f64>, Vec<f64>) {
    let valid = |i: usize| lat[i].is_finite() && lon[i].is_finite() && lat[i].abs() <= 90.0 && lon[i].abs() <= 180.0;
    if (0..t.len()).filter(|&i| valid(i)).count() < 2 {
        return (Vec::new(), Vec::new());
    }
    let local = Local::at((0..t.len()).find(|&i| valid(i)).map_or(0.0, |i| lat[i]));
    let mut out_lat = vec![f64::NAN; t.len()];
    let mut out_lon = vec![f64::NAN; t.len()];
    let mut anchor: Option<usize> = None;
    let mut rejected_since: Option<f64> = None;
    let mut spikes = 0;
    for i in (0..t.len()).filter(|&i| valid(i)) {
        let believe = match anchor {
            None => true,
            Some(j) => {
                let d = local.metres(lat[j], lon[j], lat[i], lon[i]);
                let dt = (t[i] - t[j]).max(1.0);
                d / dt <= config.max_speed_mps || rejected_since.is_some_and(|s| t[i] - s >= config.reanchor_s)
            }
        };
        if believe {
            out_lat[i] = lat[i];
            out_lon[i] = lon[i];
            anchor = Some(i);
            rejected_since = None;
        } else {
            spikes += 1;
            rejected_since.get_or_insert(t[i]);
        }
    }
    if spikes > 0 {
        warnings.push(format!(
            "{} {} removed",
            count(spikes, "gps position spike"),
            were(spikes)
        ));
    }
    fill_gaps(t, &mut out_lat);
    fill_gaps(t, &mut out_lon);
    (out_lat, out_lon)
}

/// Positions to take speed from (their net displacement over a few seconds), when distance is the
/// chords between them.
pub(super) type Smoothed = Option<(Vec<f64>, Vec<f64>)>;

/// Distance along a run and what came with it.
pub(super) struct AlongTrack {
    /// Cumulative distance from the first sample, m.
    pub(super) dist: Vec<f64>,
    /// Where it came from.
    pub(super) source: DistanceSource,
    /// Positions to take speed from, when distance is the chords between them.
    pub(super) chord_positions: Smoothed,
    /// The smoothed velocity, m/s east and north (empty without a smoother).
    pub(super) velocity_mps: Vec<[f64; 2]>,
}

/// Cumulative distance from the first sample (pauses included; the caller drops them), its
/// source, and, when it is the chords between positions too sparse to smooth, those positions.
pub(super) fn along_track(
    raw: &Raw,
    lat: &[f64],
    lon: &[f64],
    config: &CleanConfig,
    warnings: &mut Vec<String>,
) -> Result<AlongTrack, CleanError> {
    let n = raw.t.len();
    // The smoother runs whenever there are positions: its headings measure turning whatever
    // distance is taken from.
    let smoothed = if lat.is_empty() {
        None
    } else {
        super::kalman::smooth(&raw.t, lat, lon)
    };
    let headings = smoothed.as_ref().map_or_else(Vec::new, |s| s.velocity_mps.clone());
    if let Some(dist) = device_channel(&raw.t, &raw.dist, config) {
        return Ok(AlongTrack {
            dist,
            source: DistanceSource::Device,
            chord_positions: None,
            velocity_mps: headings,
        });
    }
    if raw.dist.iter().any(|d| d.is_finite()) {
        warnings.push(
            "the device's distance channel is not sound (gaps, decreases or impossible speed): distance from positions"
                .to_owned(),
        );
    }
    if !lat.is_empty() {
        // Positions that GPS jitter does not lengthen, and the distance their smoothed speed covers.
        if let Some(smoothed) = smoothed {
            let mut total = 0.0;
            let dist = smoothed
                .step_m
                .iter()
                .map(|step| {
                    total += step;
                    total
                })
                .collect();
            // Speed comes from this distance: the smoothed positions still carry the GPS error's
            // slow wander, which their displacement over a few seconds would read as speed.
            return Ok(AlongTrack {
                dist,
                source: DistanceSource::Positions,
                chord_positions: None,
                velocity_mps: headings,
            });
        }
        let (lat, lon) = (lat.to_vec(), lon.to_vec());
        let mut dist = Vec::with_capacity(n);
        dist.push(0.0);
        // Steps of a few metres on a flat projection, its reference latitude moved along with the
        // run (within 0.01°, the projection's scale is right to 0.02 %); a long jump by haversine.
        let mut reference = lat[0];
        let mut local = Local::at(reference);
        for i in 1..n {
            if (lat[i] - reference).abs() > 0.01 {
                reference = lat[i];
                local = Local::at(reference);
            }
            let mut d = local.metres(lat[i - 1], lon[i - 1], lat[i], lon[i]);
            if d > 1000.0 {
                d = Haversine.distance(Point::new(lon[i - 1], lat[i - 1]), Point::new(lon[i], lat[i]));
            }
            dist.push(dist[i - 1] + d);
        }
        return Ok(AlongTrack {
            dist,
            source: DistanceSource::Positions,
            chord_positions: Some((lat, lon)),
            velocity_mps: headings,
        });
    }
    let mut speed = raw.speed.clone();
    if speed.iter().filter(|s| s.is_finite()).count() >= 2 {
        fill_gaps(&raw.t, &mut speed);
        let mut dist = Vec::with_capacity(n);
        dist.push(0.0);
        for i in 1..n {
            let dt = raw.t[i] - raw.t[i - 1];
            dist.push(dist[i - 1] + 0.5 * (speed[i - 1] + speed[i]).max(0.0) * dt);
        }
        warnings.push("no positions and no distance channel: distance from the speed channel".to_owned());
        return Ok(AlongTrack {
            dist,
            source: DistanceSource::Speed,
            chord_positions: None,
            velocity_mps: headings,
        });
    }
    Err(CleanError::NoDistance)
}

/// The device's distance channel from 0, if it is sound: present on most samples, never going
/// back by more than a metre, and never implying impossible speed.
fn device_channel(t: &[f64], dist: &[f64], config: &CleanConfig) -> Option<Vec<f64>> {
    let present = dist.iter().filter(|d| d.is_finite()).count();
    #[allow(clippy::cast_precision_loss)]
    if present < 2 || (present as f64) < config.min_channel_share * dist.len() as f64 {
        return None;
    }
    let mut filled = dist.to_vec();
    fill_gaps(t, &mut filled);
    let mut impossible = 0;
    for i in 1..filled.len() {
        let step = filled[i] - filled[i - 1];
        if step < -1.0 {
            return None;
        }
        let dt = t[i] - t[i - 1];
        if step > config.max_channel_speed_mps * dt.max(1.0) {
            impossible += 1;
        }
    }
    if impossible * 100 > filled.len() {
        return None;
    }
    let first = filled[0];
    let mut high = 0.0_f64;
    Some(
        filled
            .iter()
            .map(|d| {
                high = high.max(d - first);
                high
            })
            .collect(),
    )
}
