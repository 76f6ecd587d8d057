//! Our decoders against the reference decoders on every real sample: fitparser for FIT, the gpx crate
//! for GPX. Same records, same times, same values.

use crate::util::real_files;
use fitparser::Value;
use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use gluteus::ingest::{self, Recording};
use std::path::Path;

/// One record message as fitparser decodes it.
#[derive(Debug, Default)]
pub struct Reference {
    pub t: Option<f64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub ele: Option<f64>,
    pub dist: Option<f64>,
    pub speed: Option<f64>,
    pub hr: Option<f64>,
    pub cadence: Option<f64>,
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Timestamp(t) => Some(t.timestamp() as f64),
        Value::Array(_) | Value::String(_) | Value::Invalid => None,
        other => other.clone().try_into().ok(),
    }
}

/// Record messages as fitparser's streaming processor decodes them, up to the end or the first
/// error, and whether it stopped early.
pub fn fitparser_records(bytes: &[u8]) -> (Vec<Reference>, bool) {
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    let mut rest = bytes;
    let mut records = Vec::new();
    while !rest.is_empty() {
        let Ok((next, object)) = processor.deserialize_next(rest) else {
            return (records, true);
        };
        rest = next;
        match object {
            FitObject::Crc(_) => processor.reset(),
            FitObject::DataMessage(message) => {
                let Ok(record) = processor.decode_message(message) else {
                    return (records, true);
                };
                if record.kind() != MesgNum::Record {
                    continue;
                }
                let mut r = Reference::default();
                let (mut altitude, mut speed, mut fraction) = (None, None, None);
                for field in record.fields() {
                    let v = number(field.value());
                    match field.name() {
                        "timestamp" => r.t = v,
                        "position_lat" => r.lat = v.map(|s| s * 180.0 / 2_147_483_648.0),
                        "position_long" => r.lon = v.map(|s| s * 180.0 / 2_147_483_648.0),
                        "enhanced_altitude" => r.ele = v,
                        "altitude" => altitude = v,
                        "distance" => r.dist = v,
                        "enhanced_speed" => r.speed = v,
                        "speed" => speed = v,
                        "heart_rate" => r.hr = v,
                        "cadence" => r.cadence = v,
                        "fractional_cadence" => fraction = v,
                        _ => {}
                    }
                }
                r.ele = r.ele.or(altitude);
                r.speed = r.speed.or(speed);
                r.cadence = r.cadence.map(|c| c + fraction.unwrap_or(0.0));
                records.push(r);
            }
            FitObject::Header(_) | FitObject::DefinitionMessage(_) => {}
        }
    }
    (records, false)
}

fn value(column: &[f64], i: usize) -> Option<f64> {
    column.get(i).copied().filter(|v| !v.is_nan())
}

fn same(name: &str, file: &str, i: usize, ours: Option<f64>, reference: Option<f64>, tolerance: f64) {
    match (ours, reference) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= tolerance,
            "{file} record {i} {name}: ours {a}, fitparser {b}"
        ),
        (None, None) => {}
        _ => panic!("{file} record {i} {name}: ours {ours:?}, fitparser {reference:?}"),
    }
}

/// Files where fitparser is known to be wrong, and what we check instead.
const FITPARSER_DISTANCE_WRONG: &str = "python-fitparse__compressed-speed-distance.fit";

fn compare(path: &Path) -> usize {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    let (reference, stopped_early) = fitparser_records(&bytes);
    let recording = match ingest::read_bytes(&bytes) {
        Ok(r) => r,
        Err(e) => {
            assert!(
                reference.is_empty(),
                "{file}: we refused ({e}) what fitparser decoded ({} records)",
                reference.len()
            );
            return 0;
        }
    };
    let s = &recording.samples;
    if stopped_early {
        assert!(
            s.len() >= reference.len(),
            "{file}: {} records, fitparser got {} before it stopped",
            s.len(),
            reference.len()
        );
    } else {
        assert_eq!(s.len(), reference.len(), "{file}: record count");
    }
    let shift = if recording.clock == ingest::Clock::Utc {
        0.0
    } else {
        631_065_600.0
    };
    for (i, r) in reference.iter().enumerate() {
        same("timestamp", &file, i, Some(s.t_s[i] + shift), r.t, 1e-6);
        same("latitude", &file, i, value(&s.lat, i), r.lat, 1e-7);
        same("longitude", &file, i, value(&s.lon, i), r.lon, 1e-7);
        same("altitude", &file, i, value(&s.ele_m, i), r.ele, 1e-6);
        same("heart rate", &file, i, value(&s.hr_bpm, i), r.hr, 0.0);
        if file != FITPARSER_DISTANCE_WRONG {
            same("distance", &file, i, value(&s.dist_m, i), r.dist, 1e-6);
            same("speed", &file, i, value(&s.speed_mps, i), r.speed, 1e-6);
        }
        // Ours is in steps per minute on foot (strides doubled), fitparser's as written.
        match (value(&s.cadence_spm, i), r.cadence) {
            (Some(a), Some(b)) => assert!(
                (a - b).abs() < 1e-9 || (a - 2.0 * b).abs() < 1e-9,
                "{file} record {i} cadence {a} vs {b}"
            ),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{file} record {i} cadence presence"),
        }
    }
    reference.len()
}

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn fit_decoder_matches_fitparser_on_every_real_fit() {
    let files = [real_files("fit", &["fit"]), real_files("broken", &["fit"])].concat();
    let mut compared = 0;
    for path in &files {
        compared += compare(path);
    }
    if !files.is_empty() {
        assert!(compared > 95_000, "only {compared} records compared");
    }
}

fn device_total_distance(recording: &Recording) -> f64 {
    recording.sessions[0].distance_m.unwrap()
}

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn compressed_speed_distance_wraps_where_fitparser_does_not() {
    let Some(path) = real_files("fit", &["fit"])
        .into_iter()
        .find(|p| p.ends_with(FITPARSER_DISTANCE_WRONG))
    else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    // fitparser sums the raw 12-bit distances without the wrap-around: far more than was run.
    let (reference, _) = fitparser_records(&bytes);
    let fitparser_last = reference.iter().rev().find_map(|r| r.dist).unwrap();
    assert!(
        (fitparser_last - 93_700.0).abs() < 500.0,
        "fitparser now gives {fitparser_last} m: revisit this test"
    );
    // Ours matches what the watch itself totalled.
    let recording = ingest::read_bytes(&bytes).unwrap();
    let ours = recording
        .samples
        .dist_m
        .iter()
        .rev()
        .find(|d| !d.is_nan())
        .copied()
        .unwrap();
    let device = device_total_distance(&recording);
    assert!((device - 10_248.67).abs() < 0.01);
    assert!(
        (ours - device).abs() / device < 0.002,
        "ours {ours} m vs the session's {device} m"
    );
}

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn gpx_reader_matches_the_gpx_crate_where_it_can_read() {
    let files = [real_files("gpx", &["gpx"]), real_files("broken", &["gpx"])].concat();
    let mut compared_files = 0;
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(reference) = gpx::read(bytes.as_slice()) else {
            continue;
        };
        let Ok(ours) = ingest::read_bytes(&bytes) else { continue };
        let points: Vec<&gpx::Waypoint> = reference
            .tracks
            .iter()
            .flat_map(|t| &t.segments)
            .flat_map(|s| &s.points)
            .filter(|p| p.time.is_some())
            .collect();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(ours.samples.len(), points.len(), "{name}: timed points");
        for (i, p) in points.iter().enumerate() {
            let s = &ours.samples;
            assert!(
                (s.lon[i] - p.point().x()).abs() < 1e-9 && (s.lat[i] - p.point().y()).abs() < 1e-9,
                "{name} point {i}"
            );
            match p.elevation {
                Some(e) => assert!((s.ele_m[i] - e).abs() < 1e-9, "{name} point {i} elevation"),
                None => assert!(s.ele_m.get(i).is_none_or(|e| e.is_nan()), "{name} point {i} elevation"),
            }
            let t: time::OffsetDateTime = p.time.unwrap().into();
            let want = t.unix_timestamp_nanos() as f64 / 1e9;
            assert!(
                (s.t_s[i] - want).abs() < 1e-3,
                "{name} point {i} time: ours {}, gpx {want}",
                s.t_s[i]
            );
        }
        compared_files += 1;
    }
    if crate::util::real_samples().is_some() {
        assert!(compared_files >= 5, "the gpx crate read only {compared_files} samples");
    }
}
