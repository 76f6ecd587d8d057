//! The simulator against independent readers and against its own truth: every built-in course, on
//! every device, in every format, reads back (with our ingest, fitparser and the gpx crate) as the
//! truth says, within the device's noise; random courses too; the same seed gives the same bytes.

use crate::reference::fitparser_records;
use gluteus::ingest::{self, Clock, CrcStatus, FileCrc, HeaderCrc, Recording};
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Course, Device, Interval, Options, Simulation};
use proptest::prelude::*;
use std::fmt::Write as _;

const FORMATS: [Format; 3] = [Format::Fit, Format::Gpx, Format::Tcx];

fn options(device: Device, seed: u64) -> Options {
    Options {
        device,
        seed,
        ..Options::default()
    }
}

/// Metres between two positions (equirectangular; fine at these distances).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let k = 6_371_008.8_f64.to_radians();
    let dy = (a.0 - b.0) * k;
    let dx = (a.1 - b.1) * k * a.0.to_radians().cos();
    dx.hypot(dy)
}

/// Position error a device may show: a multiple of its noise, plus the formats' rounding.
fn position_bound(device: Device) -> (f64, f64) {
    match device {
        // (root mean square, largest), metres
        Device::Ideal => (0.02, 0.05),
        Device::Baro => (3.0 * 1.41 * 1.6, 3.0 * 6.0),
        Device::Phone => (5.0 * 1.41 * 1.6, 5.0 * 6.0),
    }
}

/// Elevation error a device may show, metres (largest).
fn elevation_bound(device: Device, hours: f64) -> f64 {
    match device {
        Device::Ideal => 0.11, // FIT stores fifths of a metre
        Device::Baro => 0.3 * 5.0 + 2.0 * hours + 0.11,
        Device::Phone => 5.0 * 6.0 + 7.5 * 6.0,
    }
}

/// Reads a written file back and checks it against the truth.
fn check_read_back(run: &Simulation, format: Format, recording: &Recording) {
    let truth = &run.truth;
    let what = format!("{} {:?} {}", truth.course, format, truth.device);
    let s = &recording.samples;
    assert_eq!(s.len(), truth.samples.len(), "{what}: samples");
    assert_eq!(recording.clock, Clock::Utc, "{what}");
    let start = run.options.start_unix_s as f64;
    let (rms_bound, max_bound) = position_bound(run.options.device);
    let mut squares = 0.0;
    for (i, t) in truth.samples.iter().enumerate() {
        assert!((s.t_s[i] - start - t.t_s).abs() < 1e-6, "{what}: time of sample {i}");
        let error = metres((s.lat[i], s.lon[i]), (t.lat, t.lon));
        assert!(error < max_bound, "{what}: sample {i} is {error:.2} m off");
        squares += error * error;
        let ele = (s.ele_m[i] - t.ele_m).abs();
        assert!(
            ele < elevation_bound(run.options.device, truth.elapsed_s / 3600.0),
            "{what}: sample {i} elevation off by {ele}"
        );
        if format != Format::Gpx {
            assert!((s.dist_m[i] - t.dist_m).abs() < 0.011, "{what}: sample {i} distance");
        }
    }
    // GPS error is correlated over 30 s: only a run of many correlation times has a settled RMS.
    let rms = (squares / truth.samples.len() as f64).sqrt();
    if truth.elapsed_s >= 900.0 {
        assert!(rms < rms_bound, "{what}: position rms {rms:.2} m");
    }
    // Heart rate and cadence read back in their units: cadence in steps per minute, to the
    // resolution of the format (FIT 1/128 stride, GPX and TCX whole strides).
    let resolution = if format == Format::Fit { 2.0 / 128.0 } else { 1.0 };
    for (i, written) in run.samples.iter().enumerate() {
        assert!((s.hr_bpm[i] - written.hr_bpm).abs() < 1e-9, "{what}: hr of sample {i}");
        let cadence = s.cadence_spm[i];
        assert!(
            (cadence - written.cadence_spm).abs() <= resolution + 1e-9,
            "{what}: cadence of sample {i}: {cadence} for {}",
            written.cadence_spm
        );
    }
    if format != Format::Gpx {
        assert_eq!(recording.laps.len(), truth.legs.len(), "{what}: laps");
    }
    // TCX marks a pause with a new track inside a lap; a pause at a lap boundary shows only as a
    // gap in time (for clean to find), as in Garmin's own exports.
    let stops = truth
        .stops
        .iter()
        .filter(|s| !s.timer_running)
        .filter(|s| format != Format::Tcx || !truth.legs.iter().any(|l| (l.start_s - s.end_s).abs() < 1e-6))
        .count();
    let pauses = recording
        .events
        .iter()
        .filter(|e| e.kind == ingest::EventKind::TimerStop && e.t_s < start + truth.elapsed_s - 0.5)
        .count();
    assert_eq!(pauses, stops, "{what}: timer pauses");
}

fn check_fit(run: &Simulation, bytes: &[u8], recording: &Recording) {
    let truth = &run.truth;
    assert_eq!(
        recording.crc,
        Some(CrcStatus {
            header: HeaderCrc::Ok,
            file: FileCrc::Ok
        })
    );
    assert!(recording.warnings.is_empty(), "{:?}", recording.warnings);
    let session = &recording.sessions[0];
    assert!((session.distance_m.unwrap() - truth.distance_m).abs() < 0.01);
    assert!((session.timer_s.unwrap() - truth.timer_s).abs() < 0.01);
    assert!((session.elapsed_s.unwrap() - truth.elapsed_s).abs() < 0.01);
    // fitparser, an independent decoder, reads the same records.
    let (records, stopped_early) = fitparser_records(bytes);
    assert!(!stopped_early, "fitparser stopped early on {}", truth.course);
    assert_eq!(records.len(), recording.samples.len());
    for (i, r) in records.iter().enumerate() {
        let s = &recording.samples;
        assert_eq!(r.t, Some(s.t_s[i]), "record {i} time");
        assert!((r.lat.unwrap() - s.lat[i]).abs() < 1e-7 && (r.lon.unwrap() - s.lon[i]).abs() < 1e-7);
        assert!((r.dist.unwrap() - s.dist_m[i]).abs() < 1e-6);
        assert!((r.ele.unwrap() - s.ele_m[i]).abs() < 1e-6);
    }
}

#[test]
fn every_course_on_every_device_reads_back_as_its_truth() {
    for (name, _) in simulate::BUILT_IN {
        let course = simulate::built_in(name).unwrap();
        for device in Device::ALL {
            let run = simulate::simulate(&course, &options(device, 7));
            for format in FORMATS {
                let bytes = write::encode(&run, format);
                let recording = ingest::read_bytes(&bytes).unwrap_or_else(|e| panic!("{name} {format:?}: {e}"));
                check_read_back(&run, format, &recording);
                if format == Format::Fit {
                    check_fit(&run, &bytes, &recording);
                }
            }
        }
    }
}

#[test]
fn gzipped_output_reads_back_the_same() {
    let run = simulate::simulate(&simulate::built_in("beach").unwrap(), &options(Device::Phone, 3));
    for format in FORMATS {
        let plain = ingest::read_bytes(&write::encode(&run, format)).unwrap();
        let zipped = ingest::read_bytes(&write::gzip(&write::encode(&run, format))).unwrap();
        assert!(zipped.compressed);
        assert_eq!(plain.samples, zipped.samples, "{format:?}");
    }
}

#[test]
fn gpx_output_reads_with_the_gpx_crate() {
    let run = simulate::simulate(
        &simulate::built_in("track-intervals").unwrap(),
        &options(Device::Baro, 2),
    );
    let bytes = write::encode(&run, Format::Gpx);
    let reference = gpx::read(bytes.as_slice()).unwrap();
    let points: Vec<&gpx::Waypoint> = reference.tracks[0].segments.iter().flat_map(|s| &s.points).collect();
    // One segment per stretch of running timer: the pause splits the track.
    assert_eq!(reference.tracks[0].segments.len(), 2);
    assert_eq!(points.len(), run.samples.len());
    for (p, s) in points.iter().zip(&run.samples) {
        assert!((p.point().y() - s.lat).abs() < 1e-7 && (p.point().x() - s.lon).abs() < 1e-7);
        assert!((p.elevation.unwrap() - s.ele_m).abs() < 0.006);
    }
}

#[test]
fn compressed_timestamps_decode_to_the_same_records() {
    let course = simulate::built_in("track-intervals").unwrap();
    let plain = simulate::simulate(&course, &options(Device::Baro, 4));
    let compressed = simulate::simulate(
        &course,
        &Options {
            compressed_timestamps: true,
            ..options(Device::Baro, 4)
        },
    );
    let a = write::encode(&plain, Format::Fit);
    let b = write::encode(&compressed, Format::Fit);
    assert!(b.len() < a.len());
    let (ra, rb) = (ingest::read_bytes(&a).unwrap(), ingest::read_bytes(&b).unwrap());
    assert_eq!(ra.samples, rb.samples);
    let (records, stopped_early) = fitparser_records(&b);
    assert!(!stopped_early);
    assert_eq!(records.len(), rb.samples.len());
    for (r, t) in records.iter().zip(&rb.samples.t_s) {
        assert_eq!(r.t, Some(*t));
    }
    // fitparser's full-profile decode, CRC checks on, finds nothing wrong.
    let messages = ingest::fit::messages(&b);
    assert_eq!(messages.error, None);
    assert!(messages.messages.iter().any(|m| m.name == "session"));
}

#[test]
fn smart_recording_writes_fewer_samples_at_most_ten_seconds_apart() {
    let course = simulate::built_in("trail").unwrap();
    let every = simulate::simulate(&course, &options(Device::Baro, 5));
    let smart = simulate::simulate(
        &course,
        &Options {
            interval: Interval::Smart,
            ..options(Device::Baro, 5)
        },
    );
    assert!(
        smart.samples.len() * 3 < every.samples.len(),
        "{} of {}",
        smart.samples.len(),
        every.samples.len()
    );
    assert_eq!(smart.truth.samples.len(), smart.samples.len());
    for pair in smart.samples.windows(2) {
        assert!(pair[1].t_s - pair[0].t_s <= 10.0);
    }
    let recording = ingest::read_bytes(&write::encode(&smart, Format::Fit)).unwrap();
    check_read_back(&smart, Format::Fit, &recording);
}

#[test]
fn truth_json_has_the_contract_fields_in_order() {
    let run = simulate::simulate(&simulate::built_in("beach").unwrap(), &options(Device::Ideal, 7));
    let json: serde_json::Value = serde_json::from_slice(&write::truth_json(&run)).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let contract = [
        "course",
        "seed",
        "device",
        "start_time",
        "distance_m",
        "elapsed_s",
        "timer_s",
        "moving_s",
        "ascent_m",
        "descent_m",
        "legs",
        "stops",
        "samples",
    ];
    assert_eq!(&keys[..contract.len()], contract);
    assert_eq!(json["start_time"], "2026-01-05T07:00:00Z");
    let legs = json["legs"].as_array().unwrap();
    assert_eq!(legs.len(), 3);
    assert_eq!(legs[1]["surface"], "sand");
    assert_eq!(json["stops"][0]["timer_running"], true);
    let sample = json["samples"][0].as_object().unwrap();
    assert_eq!(
        sample.keys().collect::<Vec<_>>(),
        ["t_s", "lat", "lon", "ele_m", "dist_m"]
    );
    let geojson: serde_json::Value = serde_json::from_slice(&write::surfaces_geojson(&run)).unwrap();
    let surfaces: Vec<&str> = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["surface"].as_str().unwrap())
        .collect();
    assert_eq!(surfaces, ["asphalt", "sand", "asphalt"]);
    assert_eq!(geojson["features"][0]["geometry"]["type"], "LineString");
}

/// A random course: legs of random length or duration, grade, surface and pace, with stops and
/// pauses between some of them.
fn course_strategy() -> impl Strategy<Value = Course> {
    let leg = (
        prop_oneof![
            (50.0..1500.0_f64).prop_map(|m| format!("length_m = {m:.1}")),
            (5.0..120.0_f64).prop_map(|s| format!("duration_s = {s:.1}"))
        ],
        -20.0..20.0_f64,
        -20.0..20.0_f64,
        prop::sample::select(vec!["asphalt", "sand", "trail", "grass", "track", "gravel"]),
        180.0..600.0_f64,
        0.0..360.0_f64,
        prop::option::weighted(0.2, (prop::bool::ANY, 1.0..90.0_f64)),
    );
    (
        prop::collection::vec(leg, 1..6),
        prop::sample::select(vec!["line", "loop", "track"]),
    )
        .prop_map(|(legs, path)| {
            let mut text = format!("name = \"random\"\npath = \"{path}\"\n");
            for (extent, g0, g1, surface, pace, heading, stop) in legs {
                let _ = write!(
                    text,
                    "[[leg]]\n{extent}\ngrade_pct = [{g0:.2}, {g1:.2}]\nsurface = \"{surface}\"\npace = {pace:.1}\nheading_deg = {heading:.0}\n"
                );
                if let Some((running, seconds)) = stop {
                    let key = if running { "stop_s" } else { "pause_s" };
                    let _ = write!(text, "[[leg]]\n{key} = {seconds:.0}\n");
                }
            }
            simulate::parse(&text).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_courses_decode_and_agree_with_their_truth(
        course in course_strategy(),
        device in prop::sample::select(Device::ALL.to_vec()),
        seed in 0_u64..1000,
        format in prop::sample::select(FORMATS.to_vec()),
    ) {
        let run = simulate::simulate(&course, &options(device, seed));
        let bytes = write::encode(&run, format);
        let recording = ingest::read_bytes(&bytes).unwrap();
        check_read_back(&run, format, &recording);
        let truth = &run.truth;
        let last = run.samples.last().unwrap();
        prop_assert!((last.t_s - truth.elapsed_s).abs() < 1e-9);
        prop_assert!((last.dist_m - truth.distance_m).abs() < 1e-3);
        let legs: f64 = truth.legs.iter().map(|l| l.end_m - l.start_m).sum();
        prop_assert!((legs - truth.distance_m).abs() < 1e-2);
        prop_assert!(truth.moving_s <= truth.timer_s && truth.timer_s <= truth.elapsed_s);
        if format == Format::Fit {
            check_fit(&run, &bytes, &recording);
        }
        // The same seed gives the same bytes.
        let again = write::encode(&simulate::simulate(&course, &options(device, seed)), format);
        prop_assert_eq!(bytes, again);
    }
}
