//! What the GPX and TCX readers share: number and time parsing that counts its failures, the
//! columns builder, and warnings phrased once.

use super::recording::{
    Altimeter, Clock, Event, EventKind, Format, Lap, Recording, Samples, Session, Sport, TimerEvents, push_optional,
};
use crate::time::{Zone, parse_iso8601};
use crate::vocab::{count, have, were};

/// `1 time has`, `2 times have`.
fn count_have(n: usize, noun: &str) -> String {
    format!("{} {}", count(n, noun), have(n))
}

/// One track point or trackpoint as it is being read; `NaN` is "not given".
#[derive(Clone, Copy, Debug)]
pub(crate) struct Point {
    pub(crate) t_s: f64,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) ele_m: f64,
    pub(crate) dist_m: f64,
    pub(crate) speed_mps: f64,
    pub(crate) hr_bpm: f64,
    pub(crate) cadence: f64,
    pub(crate) power_w: f64,
    pub(crate) temp_c: f64,
}

impl Point {
    pub(crate) const EMPTY: Point = Point {
        t_s: f64::NAN,
        lat: f64::NAN,
        lon: f64::NAN,
        ele_m: f64::NAN,
        dist_m: f64::NAN,
        speed_mps: f64::NAN,
        hr_bpm: f64::NAN,
        cadence: f64::NAN,
        power_w: f64::NAN,
        temp_c: f64::NAN,
    };
}

/// Counts what an XML reader had to tolerate, for one warning each at the end.
#[derive(Debug, Default)]
pub(crate) struct Tolerated {
    pub(crate) bad_numbers: usize,
    pub(crate) bad_times: usize,
    pub(crate) zoneless_times: usize,
    pub(crate) untimed_points: usize,
    pub(crate) bad_positions: usize,
}

impl Tolerated {
    /// Parses a number, counting (and returning `NaN` for) one that is not.
    pub(crate) fn number(&mut self, text: &str) -> f64 {
        match text.trim_ascii().parse::<f64>().ok() {
            Some(v) if v.is_finite() => v,
            _ => {
                self.bad_numbers += 1;
                f64::NAN
            }
        }
    }

    /// Parses a time, counting zone-less and unreadable ones.
    pub(crate) fn time(&mut self, text: &str) -> f64 {
        match parse_iso8601(text.as_bytes()) {
            Some((t, Zone::Explicit)) => t,
            Some((t, Zone::Missing)) => {
                self.zoneless_times += 1;
                t
            }
            None => {
                self.bad_times += 1;
                f64::NAN
            }
        }
    }

    /// Appends the warnings for what was tolerated.
    pub(crate) fn warn(&self, warnings: &mut Vec<String>) {
        if self.zoneless_times > 0 {
            let n = self.zoneless_times;
            warnings.push(format!("{} no zone and {} read as utc", count_have(n, "time"), were(n)));
        }
        if self.bad_times > 0 {
            warnings.push(format!(
                "{} {} ignored",
                count(self.bad_times, "unreadable time"),
                were(self.bad_times)
            ));
        }
        if self.bad_numbers > 0 {
            warnings.push(format!(
                "{} {} ignored",
                count(self.bad_numbers, "unreadable number"),
                were(self.bad_numbers)
            ));
        }
        if self.bad_positions > 0 {
            warnings.push(format!(
                "{} outside the valid range {} ignored",
                count(self.bad_positions, "position"),
                were(self.bad_positions)
            ));
        }
        if self.untimed_points > 0 {
            warnings.push(format!(
                "{} without a time {} dropped",
                count(self.untimed_points, "point"),
                were(self.untimed_points)
            ));
        }
    }
}

/// Appends a point to the columns; points without a time are dropped (and counted).
pub(crate) fn push_point(samples: &mut Samples, point: &Point, tolerated: &mut Tolerated) -> bool {
    if point.t_s.is_nan() {
        tolerated.untimed_points += 1;
        return false;
    }
    let (mut lat, mut lon) = (point.lat, point.lon);
    if lat.is_nan() || lon.is_nan() || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        if !(lat.is_nan() && lon.is_nan()) {
            tolerated.bad_positions += 1;
        }
        lat = f64::NAN;
        lon = f64::NAN;
    }
    let index = samples.t_s.len();
    samples.t_s.push(point.t_s);
    let capacity = samples.t_s.capacity();
    push_optional(&mut samples.lat, index, capacity, lat);
    push_optional(&mut samples.lon, index, capacity, lon);
    push_optional(&mut samples.ele_m, index, capacity, point.ele_m);
    push_optional(&mut samples.dist_m, index, capacity, point.dist_m);
    push_optional(&mut samples.speed_mps, index, capacity, point.speed_mps);
    push_optional(&mut samples.hr_bpm, index, capacity, point.hr_bpm);
    push_optional(&mut samples.cadence_spm, index, capacity, point.cadence);
    push_optional(&mut samples.power_w, index, capacity, point.power_w);
    push_optional(&mut samples.temp_c, index, capacity, point.temp_c);
    true
}

/// Warnings about implausible times: all equal, or long before GPS watches existed.
pub(crate) fn check_times(t_s: &[f64], warnings: &mut Vec<String>) {
    let (Some(first), Some(last)) = (t_s.first(), t_s.last()) else {
        return;
    };
    if t_s.len() > 1 && t_s.iter().all(|t| t.total_cmp(first).is_eq()) {
        warnings.push(format!(
            "all {} points have the same time: the timestamps are bogus",
            t_s.len()
        ));
    }
    // 1990-01-01: nothing recorded a run before this.
    if first.min(*last) < 631_152_000.0 {
        warnings.push(format!(
            "times before 1990 ({}): the timestamps are bogus",
            crate::time::format_rfc3339(*first)
        ));
    }
}

/// The local part of a possibly prefixed XML name (`gpxtpx:hr` -> `hr`).
pub(crate) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Turns a quick-xml error into the one-line problem we report.
pub(crate) fn xml_problem(error: &quick_xml::Error, position: u64) -> super::ReadError {
    super::ReadError::Xml {
        position,
        message: error.to_string().to_lowercase(),
    }
}

/// What a GPX or TCX reader collected, before the common tail makes it a [`Recording`].
pub(crate) struct Parts {
    pub(crate) format: Format,
    pub(crate) device: Option<String>,
    pub(crate) sport: Option<Sport>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) laps: Vec<Lap>,
    /// Sample index where each timed track or segment starts.
    pub(crate) breaks: Vec<usize>,
    pub(crate) samples: Samples,
    pub(crate) tolerated: Tolerated,
    pub(crate) warnings: Vec<String>,
}

/// The common tail of the XML readers: warnings about tolerated values and times, a stop and a
/// start at every break, columns padded, cadence in steps per minute.
pub(crate) fn finish(mut parts: Parts) -> Recording {
    parts.tolerated.warn(&mut parts.warnings);
    check_times(&parts.samples.t_s, &mut parts.warnings);
    let events = pauses(&parts.samples.t_s, &parts.breaks);
    parts.samples.finish();
    let altimeter = Altimeter::of_device(parts.device.as_deref(), false);
    let mut recording = Recording {
        format: parts.format,
        compressed: false,
        device: parts.device,
        clock: Clock::Utc,
        utc_offset_s: None,
        sport: parts.sport,
        sessions: parts.sessions,
        laps: parts.laps,
        events,
        timer_events: TimerEvents::TrackBreaks,
        body_mass_kg: None,
        altimeter,
        samples: parts.samples,
        crc: None,
        warnings: parts.warnings,
    };
    super::fit::normalise_cadence(&mut recording);
    recording
}

/// A stop at the end of each timed segment and a start at the beginning of the next.
pub(crate) fn pauses(t_s: &[f64], segment_starts: &[usize]) -> Vec<Event> {
    let mut starts: Vec<usize> = segment_starts
        .iter()
        .copied()
        .filter(|&i| i > 0 && i < t_s.len())
        .collect();
    starts.dedup();
    starts
        .iter()
        .flat_map(|&i| {
            [
                Event {
                    t_s: t_s[i - 1],
                    kind: EventKind::TimerStop,
                },
                Event {
                    t_s: t_s[i],
                    kind: EventKind::TimerStart,
                },
            ]
        })
        .collect()
}
