//! Clean: one run of a [`Recording`] → a [`Track`] that is always valid. Times strictly increase;
//! GPS and elevation spikes are gone; timer pauses and standing still are marked; distance runs
//! along the track; elevation is smoothed as its source needs; speed, acceleration and grade are
//! computed over windows. Every threshold is a field of [`CleanConfig`].
//!
//! ```text
//! samples of one session ─► order, de-duplicate, drop far-away times ─► positions without spikes
//!   ─► distance (device channel, else positions, else speed) ─► timer pauses (events, else gaps)
//!   ─► speed, standing still, moving time ─► elevation without spikes, smoothed over distance,
//!      grade, ascent and descent with hysteresis
//! ```

mod distance;
mod elevation;
mod kalman;
mod series;
mod sessions;
mod timing;

pub(crate) use series::{interpolate, median as median_of, time_window_mean};
pub use sessions::{RunWindow, runs};

use crate::analysis::{DistanceSource, ElevationSource, TimerSource};
use crate::ingest::{Event, EventKind, Recording, TimerEvents};
use crate::vocab::{count, were};
use serde::Serialize;

/// Every threshold of the clean stage, with its default and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CleanConfig {
    /// Samples more than this many seconds away from the rest of the run are dropped (a clock that
    /// jumps years ahead).
    pub max_gap_s: f64,
    /// A run longer than this gets a warning, s.
    pub long_run_s: f64,
    /// Faster than this between two positions is a GPS spike, m/s (Usain Bolt's top speed).
    pub max_speed_mps: f64,
    /// After rejecting positions or elevations for this long, the next one is believed again (the
    /// receiver has moved on, not spiked), s.
    pub reanchor_s: f64,
    /// A vertical jump faster than this, m/s, makes clean look for elevation spikes around it ...
    pub max_vertical_speed_mps: f64,
    /// ... among this many samples either side ...
    pub spike_window: usize,
    /// ... and a value further than this from their median is a spike, m.
    pub spike_deviation_m: f64,
    /// Elevations outside this range are not on Earth's surface, m.
    pub elevation_range_m: (f64, f64),
    /// Positions are averaged over this many seconds either side before distances are summed
    /// (takes out most of the GPS jitter that makes a track longer than it was).
    pub position_half_window_s: f64,
    /// A device distance channel that implies more than this speed is not sound, m/s.
    pub max_channel_speed_mps: f64,
    /// Share of samples a device channel needs to be used.
    pub min_channel_share: f64,
    /// Without timer events, a gap counts as a pause when it is this many times the median
    /// sampling interval ...
    pub pause_gap_factor: f64,
    /// ... and at least this long, s ...
    pub pause_min_gap_s: f64,
    /// ... and the speed implied across it is below this (not running) or above `max_speed_mps`.
    pub pause_max_speed_mps: f64,
    /// Standing still is slower than this horizontally, m/s, ...
    pub stop_speed_mps: f64,
    /// ... and slower than this vertically (climbing stairs or a vertical kilometre is moving), m/s,
    /// ...
    pub stop_vertical_mps: f64,
    /// ... and, where the file has cadence, below this many steps per minute (steps are progress).
    pub stop_cadence_spm: f64,
    /// Standing still counts once it lasts this long, s. (Its distance is kept: GPS jitter while
    /// standing adds a little, but real exports' own distances include it too.)
    pub stop_min_s: f64,
    /// Speed is averaged over this many seconds either side ...
    pub speed_half_window_s: f64,
    /// ... or, from positions, taken as the net displacement over this many seconds either side.
    pub position_speed_half_window_s: f64,
    /// Spacing of the distance grid on which elevation is smoothed, m.
    pub grid_m: f64,
    /// Elevation smoothing half-window for a barometric altimeter and for GPS elevation, m. (The
    /// barometric 5 m, with the 3 m hysteresis below, puts ascent within 5 % of the watch's own
    /// figure on real files from four devices; 2 m and 2 m read 15-18 % high.)
    pub smooth_half_window_m: (f64, f64),
    /// Grade is the slope over this many metres either side, barometric and GPS; long enough to
    /// be meaningful, short enough to see a 100 m hill.
    pub grade_half_window_m: (f64, f64),
    /// Ascent and descent count a change once it exceeds this, barometric and GPS, m (a proposal:
    /// 2 to 4 m barometric keeps the real runs within 10 %).
    pub ascent_hysteresis_m: (f64, f64),
    /// A barometric profile rougher than this (median absolute second difference, m) is treated
    /// as GPS elevation.
    pub max_barometric_roughness_m: f64,
}

impl Default for CleanConfig {
    fn default() -> Self {
        Self {
            max_gap_s: 6.0 * 3600.0,
            long_run_s: 24.0 * 3600.0,
            max_speed_mps: 12.5,
            reanchor_s: 30.0,
            max_vertical_speed_mps: 5.0,
            spike_window: 15,
            spike_deviation_m: 25.0,
            elevation_range_m: (-450.0, 9000.0),
            position_half_window_s: 1.0,
            max_channel_speed_mps: 12.5,
            min_channel_share: 0.9,
            pause_gap_factor: 5.0,
            pause_min_gap_s: 10.0,
            pause_max_speed_mps: 1.0,
            stop_speed_mps: 0.8,
            stop_vertical_mps: 0.08,
            stop_cadence_spm: 40.0,
            stop_min_s: 3.0,
            speed_half_window_s: 2.0,
            position_speed_half_window_s: 3.0,
            grid_m: 2.0,
            smooth_half_window_m: (5.0, 60.0),
            grade_half_window_m: (20.0, 60.0),
            ascent_hysteresis_m: (3.0, 5.0),
            max_barometric_roughness_m: 1.0,
        }
    }
}

/// One point of the elevation profile, on a uniform grid of distance.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ProfilePoint {
    /// Metres along the run.
    pub dist_m: f64,
    /// Elevation without spikes, not smoothed, m.
    pub raw_m: f64,
    /// Smoothed elevation, m.
    pub ele_m: f64,
    /// Grade over the grade window, percent.
    pub grade_pct: f64,
}

/// Why a run cannot be cleaned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CleanError {
    /// Fewer than two distinct times: nothing to measure. Remedy: none; the file holds no run.
    #[error("too few samples: {kept} distinct time(s), at least 2 needed")]
    TooFewSamples {
        /// Distinct times kept.
        kept: usize,
    },
    /// Neither positions nor a distance or speed channel. Remedy: none for this file.
    #[error("no positions and no distance: nothing to measure the run by")]
    NoDistance,
    /// Distance covered in under a second: the file's clock is broken (every sample at almost the
    /// same time). Remedy: none for this file.
    #[error("implausible: {metres:.0} m in {seconds:.3} s: the file's times are broken")]
    Implausible {
        /// Metres covered.
        metres: f64,
        /// Seconds from the first sample to the last.
        seconds: f64,
    },
}

/// One cleaned run. Built only by [`clean`], so it is always valid: `t_s` strictly increases,
/// `dist_m` starts at 0 and never decreases, per-sample columns have one value per sample and
/// per-interval columns one per pair of neighbours.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Track {
    /// Unix seconds, UTC.
    pub t_s: Vec<f64>,
    /// Metres along the track while the timer runs, from 0.
    pub dist_m: Vec<f64>,
    /// Smoothed elevation, m (0 without elevation).
    pub ele_m: Vec<f64>,
    /// Grade, percent.
    pub grade_pct: Vec<f64>,
    /// Smoothed speed, m/s.
    pub speed_mps: Vec<f64>,
    /// Acceleration, m/s².
    pub accel_mps2: Vec<f64>,
    /// Heart rate, bpm (`NaN` where missing; empty when absent).
    pub hr_bpm: Vec<f64>,
    /// Cadence, steps per minute (`NaN` where missing; empty when absent).
    pub cadence_spm: Vec<f64>,
    /// Power, W (`NaN` where missing; empty when absent).
    pub power_w: Vec<f64>,
    /// Cleaned latitude and longitude, degrees (empty without positions).
    pub lat: Vec<f64>,
    /// See `lat`.
    pub lon: Vec<f64>,
    /// Per interval `i → i + 1`: the timer runs.
    pub running: Vec<bool>,
    /// Per interval `i → i + 1`: standing still (only where the timer runs).
    pub standing: Vec<bool>,
    /// Lap start times inside the run, Unix seconds.
    pub laps_s: Vec<f64>,
    /// Totals.
    pub distance_m: f64,
    /// Last minus first time, s.
    pub elapsed_s: f64,
    /// Time the timer ran, s.
    pub timer_s: f64,
    /// Timer time minus standing still, s.
    pub moving_s: f64,
    /// Metres climbed (hysteresis), m.
    pub ascent_m: f64,
    /// Metres descended (hysteresis), m.
    pub descent_m: f64,
    /// How far the elevation's fixes scatter about the smoothed profile, m (a robust standard
    /// deviation; 0 without elevation): what a segment's grade is uncertain by.
    pub elevation_noise_m: f64,
    /// The smoothed velocity from positions, m/s east and north (empty without positions or when
    /// they are too sparse to smooth): its heading does not carry the GPS error's wander.
    pub velocity_mps: Vec<[f64; 2]>,
    /// Where distance came from.
    pub distance_source: DistanceSource,
    /// Where elevation came from.
    pub elevation_source: ElevationSource,
    /// Where the pauses came from.
    pub timer_source: TimerSource,
    /// The elevation profile on a distance grid.
    pub profile: Vec<ProfilePoint>,
    /// What clean noticed.
    pub warnings: Vec<String>,
}

impl Track {
    /// The standard error of a least-squares slope over `fixes` elevation fixes spread over
    /// `length_m`, decimal: the elevation's scatter over the spread of the fixes,
    /// `σ / √(n L² / 12)` (0 over no length).
    pub fn grade_standard_error(&self, fixes: usize, length_m: f64) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let n = fixes as f64;
        if length_m > 0.0 && n > 0.0 {
            self.elevation_noise_m / (n * length_m * length_m / 12.0).sqrt()
        } else {
            0.0
        }
    }
}

/// Distance that counts only while the timer runs (segments tile the timer-running distance).
fn timer_distance(raw_dist: &[f64], running: &[bool]) -> Vec<f64> {
    let mut dist = Vec::with_capacity(raw_dist.len());
    dist.push(0.0);
    for i in 0..raw_dist.len().saturating_sub(1) {
        let step = if running[i] {
            (raw_dist[i + 1] - raw_dist[i]).max(0.0)
        } else {
            0.0
        };
        dist.push(dist[i] + step);
    }
    dist
}

/// The columns of one run, gathered in time order.
struct Raw {
    t: Vec<f64>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    ele: Vec<f64>,
    dist: Vec<f64>,
    speed: Vec<f64>,
    hr: Vec<f64>,
    cadence: Vec<f64>,
    power: Vec<f64>,
}

fn column(values: &[f64], i: usize) -> f64 {
    values.get(i).copied().unwrap_or(f64::NAN)
}

impl Raw {
    fn columns_mut(&mut self) -> [&mut Vec<f64>; 9] {
        [
            &mut self.t,
            &mut self.lat,
            &mut self.lon,
            &mut self.ele,
            &mut self.dist,
            &mut self.speed,
            &mut self.hr,
            &mut self.cadence,
            &mut self.power,
        ]
    }

    /// Keeps the first `n` samples.
    fn truncate(&mut self, n: usize) {
        for column in self.columns_mut() {
            column.truncate(n);
        }
    }

    /// Inserts samples at the given times (sorted, each strictly inside an interval), every
    /// channel interpolated linearly in `clock` (a value missing at either end stays missing).
    fn insert_at(&mut self, times: &[f64], clock: impl Fn(f64) -> f64) {
        if times.is_empty() {
            return;
        }
        let old = std::mem::take(&mut self.t);
        let n = old.len();
        let mut at = 0;
        // (sample before, share of the interval in `clock`, time) of every row.
        let mut order: Vec<(usize, f64, f64)> = Vec::with_capacity(n + times.len());
        for i in 0..n {
            if i > 0 {
                while at < times.len() && times[at] < old[i] {
                    if times[at] > old[i - 1] {
                        let span = clock(old[i]) - clock(old[i - 1]);
                        let u = if span > 0.0 {
                            ((clock(times[at]) - clock(old[i - 1])) / span).clamp(0.0, 1.0)
                        } else {
                            0.0
                        };
                        order.push((i - 1, u, times[at]));
                    }
                    at += 1;
                }
            }
            order.push((i, 0.0, old[i]));
        }
        for column in self.columns_mut().into_iter().skip(1) {
            let values = std::mem::take(column);
            *column = order
                .iter()
                .map(|&(i, u, _)| {
                    if u == 0.0 {
                        values[i]
                    } else {
                        values[i] + (values[i + 1] - values[i]) * u
                    }
                })
                .collect();
        }
        self.t = order.iter().map(|&(_, _, t)| t).collect();
    }
}

/// A session's own end (its start plus its elapsed time, rounded up to the whole second, as FIT
/// timestamps are whole seconds): records after it do not belong to the session.
fn drop_after_session(raw: &mut Raw, run: &RunWindow, warnings: &mut Vec<String>) {
    let Some(end) = run
        .device
        .as_ref()
        .and_then(|d| Some((d.start_s? + d.elapsed_s?).ceil()))
    else {
        return;
    };
    let keep = raw.t.partition_point(|&t| t <= end).max(2);
    if keep < raw.t.len() {
        let dropped = raw.t.len() - keep;
        warnings.push(format!(
            "{} after the session's end {} left out",
            crate::vocab::count(dropped, "record"),
            if dropped == 1 { "was" } else { "were" }
        ));
        raw.truncate(keep);
    }
}

/// Splits the intervals that a device's timer stop or start falls inside, so that pauses begin
/// and end exactly where the watch says and no running time is lost to half-paused intervals. The
/// new samples are placed by timer time: the runner does not move while the timer is stopped.
fn split_at_events(raw: &mut Raw, events: &[Event]) {
    let pauses = timing::pauses(events);
    let clock = |t: f64| -> f64 {
        t - pauses
            .iter()
            .map(|&(from, to)| (t.min(to) - from).max(0.0))
            .sum::<f64>()
    };
    let (first, last) = (raw.t[0], raw.t[raw.t.len() - 1]);
    let mut times: Vec<f64> = events
        .iter()
        .map(|e| e.t_s)
        .filter(|&t| t > first && t < last)
        .filter(|&t| {
            let k = raw.t.partition_point(|&x| x < t);
            // Not on a sample, nor within 0.1 s of one.
            k > 0 && k < raw.t.len() && t - raw.t[k - 1] > 0.1 && raw.t[k] - t > 0.1
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    raw.insert_at(&times, clock);
}

/// Cleans one run of a recording.
///
/// # Errors
/// [`CleanError::TooFewSamples`] with fewer than two distinct times; [`CleanError::NoDistance`]
/// without positions, distance or speed; [`CleanError::Implausible`] for distance covered in
/// under a second (a broken clock).
pub fn clean(recording: &Recording, run: &RunWindow, config: &CleanConfig) -> Result<Track, CleanError> {
    clean_with(recording, run, config, None)
}

/// [`clean`] with a digital elevation model, whose elevation under the positions replaces GPS
/// elevation (a barometric profile is kept: it is finer than any DEM). A missing tile is a warning,
/// and the file's elevation is kept.
///
/// # Errors
/// As [`clean`].
pub fn clean_with(
    recording: &Recording,
    run: &RunWindow,
    config: &CleanConfig,
    dem: Option<&crate::terrain::Dem>,
) -> Result<Track, CleanError> {
    let mut warnings = Vec::new();
    let mut raw = gather(recording, &run.samples, config, &mut warnings)?;
    let device_timer = recording.timer_events == TimerEvents::Device;
    if device_timer {
        drop_after_session(&mut raw, run, &mut warnings);
        split_at_events(&mut raw, &recording.events);
    }
    let n = raw.t.len();
    let (lat, lon) = distance::despike_positions(&raw.t, &raw.lat, &raw.lon, config, &mut warnings);
    let along = distance::along_track(&raw, &lat, &lon, config, &mut warnings)?;
    let raw_dist = &along.dist;
    let events: Vec<Event> = recording
        .events
        .iter()
        .filter(|e| e.t_s >= raw.t[0] - 1.0 && e.t_s <= raw.t[n - 1] + 1.0)
        .copied()
        .collect();
    let has_timer_events = device_timer && events.iter().any(|e| e.kind == EventKind::TimerStop);
    let (running, timer_source) = timing::running(&raw.t, raw_dist, &events, has_timer_events, config);
    let dist = timer_distance(raw_dist, &running);
    let (metres, seconds) = (raw_dist[n - 1] - raw_dist[0], raw.t[n - 1] - raw.t[0]);
    // Distance in under a second is no run (whatever the speed spikes let through: their test
    // counts at least a second between samples): a broken clock put every sample at one time.
    if metres > 1.0 && seconds < 1.0 {
        return Err(CleanError::Implausible { metres, seconds });
    }
    let positions = along
        .chord_positions
        .as_ref()
        .map(|(la, lo)| (la.as_slice(), lo.as_slice()));
    let speed = timing::speed(&raw.t, &dist, positions, &running, config);
    let from_dem = match dem {
        Some(dem) if !lat.is_empty() => match dem.elevations(&lat, &lon) {
            Ok(e) => Some(e),
            Err(problem) => {
                warnings.push(format!("--dem: {problem}: the file's elevation is kept"));
                None
            }
        },
        Some(_) => {
            warnings.push("--dem: the run has no positions: the file's elevation is kept".to_owned());
            None
        }
        None => None,
    };
    let elevation = elevation::profile(recording, &raw.t, &raw.ele, from_dem, &dist, config, &mut warnings);
    let progress = timing::Progress {
        speed: &speed,
        ele: (elevation.source != ElevationSource::None).then_some(elevation.ele_m.as_slice()),
        cadence: &raw.cadence,
    };
    let standing = timing::standing(&raw.t, &progress, &running, config);
    let accel = timing::acceleration(&raw.t, &speed, config);
    let mut timer_s = 0.0;
    let mut moving_s = 0.0;
    for i in 0..n - 1 {
        if running[i] {
            let dt = raw.t[i + 1] - raw.t[i];
            timer_s += dt;
            if !standing[i] {
                moving_s += dt;
            }
        }
    }
    let laps_s = recording
        .laps
        .iter()
        .filter_map(|l| l.start_s)
        .filter(|&s| s > raw.t[0] && s < raw.t[n - 1])
        .collect();
    let has = |v: &[f64]| v.iter().any(|x| x.is_finite());
    Ok(Track {
        distance_m: dist[n - 1],
        elapsed_s: raw.t[n - 1] - raw.t[0],
        timer_s,
        moving_s,
        ascent_m: elevation.ascent_m,
        descent_m: elevation.descent_m,
        elevation_noise_m: elevation.noise_m,
        velocity_mps: along.velocity_mps,
        ele_m: elevation.ele_m,
        grade_pct: elevation.grade_pct,
        profile: elevation.profile,
        elevation_source: elevation.source,
        speed_mps: speed,
        accel_mps2: accel,
        hr_bpm: if has(&raw.hr) { raw.hr } else { Vec::new() },
        cadence_spm: if has(&raw.cadence) { raw.cadence } else { Vec::new() },
        power_w: if has(&raw.power) { raw.power } else { Vec::new() },
        lat,
        lon,
        running,
        standing,
        laps_s,
        dist_m: dist,
        distance_source: along.source,
        timer_source,
        t_s: raw.t,
        warnings,
    })
}

/// The run's samples in time order, one per distinct time, far-away times dropped.
fn gather(
    recording: &Recording,
    indices: &[usize],
    config: &CleanConfig,
    warnings: &mut Vec<String>,
) -> Result<Raw, CleanError> {
    let s = &recording.samples;
    let mut order: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|&i| s.t_s.get(i).is_some_and(|t| t.is_finite()))
        .collect();
    let in_order = order.windows(2).all(|w| s.t_s[w[0]] <= s.t_s[w[1]]);
    if !in_order {
        order.sort_by(|&a, &b| s.t_s[a].total_cmp(&s.t_s[b]));
        warnings.push("samples out of time order (a clock that jumped back) were put in order".to_owned());
    }
    let before = order.len();
    order.dedup_by(|b, a| s.t_s[*a].total_cmp(&s.t_s[*b]).is_eq());
    if order.len() < before {
        let n = before - order.len();
        warnings.push(format!(
            "{} repeated an earlier time and {} dropped",
            count(n, "sample"),
            were(n)
        ));
    }
    // Split at huge gaps; keep the largest piece.
    let mut best = (0, 0);
    let mut start = 0;
    for k in 1..=order.len() {
        if k == order.len() || s.t_s[order[k]] - s.t_s[order[k - 1]] > config.max_gap_s {
            if k - start > best.1 - best.0 {
                best = (start, k);
            }
            start = k;
        }
    }
    if best.1 - best.0 < order.len() {
        let n = order.len() - (best.1 - best.0);
        warnings.push(format!(
            "{} more than {:.0} h away from the rest of the run {} dropped",
            count(n, "sample"),
            config.max_gap_s / 3600.0,
            were(n)
        ));
    }
    let order = &order[best.0..best.1];
    if order.len() < 2 {
        return Err(CleanError::TooFewSamples { kept: order.len() });
    }
    let pick = |col: &[f64]| -> Vec<f64> {
        if col.is_empty() {
            vec![f64::NAN; order.len()]
        } else {
            order.iter().map(|&i| column(col, i)).collect()
        }
    };
    let raw = Raw {
        t: order.iter().map(|&i| s.t_s[i]).collect(),
        lat: pick(&s.lat),
        lon: pick(&s.lon),
        ele: pick(&s.ele_m),
        dist: pick(&s.dist_m),
        speed: pick(&s.speed_mps),
        hr: pick(&s.hr_bpm),
        cadence: pick(&s.cadence_spm),
        power: pick(&s.power_w),
    };
    let span = raw.t[raw.t.len() - 1] - raw.t[0];
    if span > config.long_run_s {
        warnings.push(format!("the run lasts {:.1} h: longer than any run", span / 3600.0));
    }
    Ok(raw)
}
