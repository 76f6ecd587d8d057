//! The `inspect` report: what is in a file, as decoded, before any cleaning (docs/output.md).

use crate::ingest::{Channel, Clock, CrcStatus, Recording};
use crate::time::format_rfc3339;
use serde::Serialize;
use std::fmt::Write as _;

/// One session as `inspect --json` shows it.
#[derive(Debug, Serialize)]
pub(crate) struct InspectedSession {
    /// Index of the session in the file, from 0 (as `analyze` numbers runs).
    session: usize,
    sport: String,
    sub_sport: Option<String>,
    start_time: Option<String>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    ascent_m: Option<f64>,
}

/// One lap as `inspect --json` shows it.
#[derive(Debug, Serialize)]
pub(crate) struct InspectedLap {
    start_time: Option<String>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
}

/// What `gluteus inspect` reports for one file; serialises to the JSON of docs/output.md.
#[derive(Debug, Serialize)]
pub struct Inspection {
    file: String,
    format: &'static str,
    compressed: bool,
    device: Option<String>,
    sport: Option<String>,
    start_time: Option<String>,
    utc_offset_s: Option<f64>,
    elapsed_s: Option<f64>,
    samples: usize,
    channels: serde_json::Map<String, serde_json::Value>,
    sessions: Vec<InspectedSession>,
    laps: Vec<InspectedLap>,
    timer_events: usize,
    crc: Option<CrcStatus>,
    warnings: Vec<String>,
}

/// Builds the inspection of `recording`, read from `file`.
///
/// # Examples
/// ```
/// let recording = gluteus::ingest::read("samples/beach.gpx".as_ref()).unwrap();
/// let inspection = gluteus::report::inspect("samples/beach.gpx", &recording);
/// let json = serde_json::to_value(&inspection).unwrap();
/// assert_eq!(json["format"], "gpx");
/// assert_eq!(json["samples"], recording.samples.len());
/// ```
pub fn inspect(file: &str, recording: &Recording) -> Inspection {
    let time = |t: Option<f64>| match recording.clock {
        Clock::Utc => t.map(format_rfc3339),
        Clock::DeviceRelative => None,
    };
    let channels = Channel::ALL
        .iter()
        .map(|&c| (c.name().to_owned(), serde_json::Value::from(recording.samples.count(c))))
        .collect();
    Inspection {
        file: file.to_owned(),
        format: recording.format.name(),
        compressed: recording.compressed,
        device: recording.device.clone(),
        sport: recording.sport.as_ref().map(|s| s.name().to_owned()),
        start_time: time(recording.start_time_s()),
        utc_offset_s: recording.utc_offset_s,
        elapsed_s: recording.elapsed_s(),
        samples: recording.samples.len(),
        channels,
        sessions: recording
            .sessions
            .iter()
            .enumerate()
            .map(|(session, s)| InspectedSession {
                session,
                sport: s.sport.name().to_owned(),
                sub_sport: s.sub_sport.clone(),
                start_time: time(s.start_s),
                elapsed_s: s.elapsed_s,
                timer_s: s.timer_s,
                distance_m: s.distance_m,
                ascent_m: s.ascent_m,
            })
            .collect(),
        laps: recording
            .laps
            .iter()
            .map(|l| InspectedLap {
                start_time: time(l.start_s),
                elapsed_s: l.elapsed_s,
                timer_s: l.timer_s,
                distance_m: l.distance_m,
            })
            .collect(),
        timer_events: recording.events.len(),
        crc: recording.crc,
        warnings: recording.warnings.clone(),
    }
}

fn duration(seconds: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let whole = seconds.round() as i64;
    format!("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60)
}

fn optional(value: Option<f64>, unit: &str) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.1} {unit}"))
}

impl Inspection {
    /// The warnings, for the caller to print where warnings go.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// A readable multi-line summary (warnings not included).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let compressed = if self.compressed { ", gzipped" } else { "" };
        let _ = writeln!(out, "{}  ({}{compressed})", self.file, self.format);
        let _ = writeln!(out, "  device     {}", self.device.as_deref().unwrap_or("unknown"));
        let _ = writeln!(out, "  sport      {}", self.sport.as_deref().unwrap_or("unknown"));
        let _ = writeln!(
            out,
            "  start      {}",
            self.start_time.as_deref().unwrap_or("unknown (no date)")
        );
        let _ = writeln!(
            out,
            "  elapsed    {}",
            self.elapsed_s.map_or_else(|| "-".to_owned(), duration)
        );
        let channels: Vec<String> = self
            .channels
            .iter()
            .filter(|(_, n)| n.as_u64() != Some(0))
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        let _ = writeln!(
            out,
            "  samples    {}  ({})",
            self.samples,
            if channels.is_empty() {
                "time only".to_owned()
            } else {
                channels.join(", ")
            }
        );
        for s in &self.sessions {
            let sport = match &s.sub_sport {
                Some(sub) if sub != "generic" => format!("{}/{sub}", s.sport),
                _ => s.sport.clone(),
            };
            let _ = writeln!(
                out,
                "  session {}  {sport}: start {}, elapsed {}, timer {}, distance {}, ascent {}",
                s.session,
                s.start_time.as_deref().unwrap_or("-"),
                s.elapsed_s.map_or_else(|| "-".to_owned(), duration),
                s.timer_s.map_or_else(|| "-".to_owned(), duration),
                optional(s.distance_m, "m"),
                optional(s.ascent_m, "m"),
            );
        }
        if !self.laps.is_empty() {
            let _ = writeln!(out, "  laps       {}", self.laps.len());
        }
        if let Some(crc) = self.crc {
            let _ = writeln!(
                out,
                "  crc        header {}, file {}",
                crc.header.name(),
                crc.file.name()
            );
        }
        out
    }
}
