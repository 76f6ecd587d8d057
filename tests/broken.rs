//! Every broken real sample gets the answer it deserves: a recovered recording with the right
//! samples and warnings, or a clear refusal. Never a panic.

use crate::util::real_samples;
use gluteus::ingest::{self, FileCrc, ReadError};

/// How a broken sample must come out.
enum Outcome {
    /// Read: this many samples, and a warning containing this text (empty: no warning needed).
    Read(usize, &'static str),
    /// Refused with an error whose message contains this text.
    Refused(&'static str),
}

const CASES: &[(&str, Outcome)] = &[
    ("fitfile4j__raw_run.fit", Outcome::Read(303, "crc mismatch")),
    ("python-fitparse__nick.fit", Outcome::Read(14_391, "truncated")),
    (
        "python-fitparse__strava-android-app-201.10-b1218918.fit",
        Outcome::Read(473, "corrupt data at byte 7471"),
    ),
    (
        "python-fitparse__coros-pace-2-cycling-misaligned-fields.fit",
        Outcome::Read(11_272, ""),
    ),
    ("tormoder-fit__unterminated-strings.fit", Outcome::Read(33, "")),
    (
        "python-fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
        Outcome::Read(132, ""),
    ),
    (
        "muktihari-fit__valid_only_contain_fileid.fit",
        Outcome::Read(1, "no session message"),
    ),
    (
        "python-fitparse__Settings.fit",
        Outcome::Refused("no record messages (a settings file)"),
    ),
    ("python-fitparse__event_timestamp.fit", Outcome::Read(4376, "")),
    (
        "python-fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
        Outcome::Read(4700, ""),
    ),
    (
        "python-fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit",
        Outcome::Read(13_471, ""),
    ),
    ("python-fitparse__garmin-fenix-5-walk.fit", Outcome::Read(17, "")),
    ("sweatpy__2020-06-01-16-52-40.fit", Outcome::Read(96, "")),
    ("gpxpy__Mojstrovka.gpx", Outcome::Read(184, "timestamps are bogus")),
    (
        "gpxpy__cerknicko-jezero-without-elevations.gpx",
        Outcome::Read(295, "without a time"),
    ),
    (
        "gpxpy__cerknicko-without-times.gpx",
        Outcome::Read(5, "tracks without timestamps were dropped"),
    ),
    ("gpxpy__track-with-empty-segment.gpx", Outcome::Read(9, "")),
    ("gpxpy__unicode_with_bom.gpx", Outcome::Refused("no track points")),
    ("togeojson__missing_hr.gpx", Outcome::Read(16, "")),
    ("togeojson__empty_trk.gpx", Outcome::Refused("no track points")),
    (
        "georust-gpx__strava_route_example.gpx",
        Outcome::Refused("no timestamps: this is a route, not a recorded run"),
    ),
    (
        "gpx-data-analysis__RouteBstd.gpx",
        Outcome::Refused("no timestamps: this is a route, not a recorded run"),
    ),
    ("sweatpy__activity_5039744860.gpx", Outcome::Read(96, "")),
    ("sweatpy__activity_5039744860.tcx", Outcome::Read(100, "")),
    ("python-tcxparser__sup_activity_1.tcx", Outcome::Read(111, "")),
];

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn every_broken_sample_is_recovered_or_refused_as_expected() {
    let Some(dir) = real_samples() else { return };
    let broken = dir.join("broken");
    let on_disk = std::fs::read_dir(&broken).unwrap().count();
    assert_eq!(on_disk, CASES.len(), "a broken sample has no expected outcome here");
    for (name, outcome) in CASES {
        let path = broken.join(name);
        let result = ingest::read(&path);
        match (outcome, result) {
            (Outcome::Read(samples, warning), Ok(recording)) => {
                assert_eq!(recording.samples.len(), *samples, "{name}: samples");
                if !warning.is_empty() {
                    assert!(
                        recording.warnings.iter().any(|w| w.contains(warning)),
                        "{name}: no warning with {warning:?} in {:?}",
                        recording.warnings
                    );
                }
            }
            (Outcome::Refused(text), Err(error)) => {
                let message = error.to_string();
                assert!(message.contains(text), "{name}: {message}");
                assert!(
                    message.starts_with(&path.display().to_string()),
                    "the error names the file: {message}"
                );
                assert!(!message.contains('\n'), "one line: {message}");
            }
            (Outcome::Read(..), Err(error)) => panic!("{name}: refused: {error}"),
            (Outcome::Refused(_), Ok(recording)) => panic!("{name}: read {} samples", recording.samples.len()),
        }
    }
}

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn a_bad_file_crc_is_a_warning_with_every_record_kept() {
    let Some(dir) = real_samples() else { return };
    let recording = ingest::read(&dir.join("broken/fitfile4j__raw_run.fit")).unwrap();
    assert_eq!(recording.crc.unwrap().file, FileCrc::Bad);
    assert_eq!(recording.samples.len(), 303);
    assert_eq!(recording.sessions[0].distance_m, Some(4157.02));
}

#[test]
fn synthetic_bad_inputs_are_refused_in_one_line() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let random: Vec<u8> = (0..4096_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let cases: [(&[u8], &str); 6] = [
        (b"", "empty file"),
        (png, "png image"),
        (&random, "not a fit, gpx or tcx file"),
        (b"<?xml version=\"1.0\"?><gpx version=\"1.1\"></gpx>", "no track points"),
        (
            b"<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"></trkseg></trk></gpx>",
            "malformed xml",
        ),
        (b"\x1f\x8b\x08\x00garbage", "broken gzip data"),
    ];
    for (bytes, want) in cases {
        let error = ingest::read_bytes(bytes).unwrap_err();
        assert!(error.to_string().contains(want), "{want}: got {error}");
    }
    assert!(matches!(ingest::read_bytes(b""), Err(ReadError::Empty)));
}

/// Found by `report` on the real samples: a GPX whose every point has one time (Mojstrovka) gave
/// 12 m "run" in a millisecond and millions of kcal. Distance covered in under a second is
/// refused, with the reason.
#[test]
fn issue_13_distance_in_under_a_second_is_refused() {
    let mut samples = gluteus::ingest::Samples::default();
    for k in 0..20 {
        samples.t_s.push(1.7e9 + 0.01 * f64::from(k));
        samples.lat.push(46.5 + 0.0001 * f64::from(k));
        samples.lon.push(6.6);
        samples.ele_m.push(400.0 - f64::from(k));
    }
    let recording = crate::util::bare_gpx_recording(samples);
    let error = crate::util::analyze("clock.gpx", &recording, &gluteus::Options::default()).unwrap_err();
    assert_eq!(error.kind(), gluteus::ErrorKind::InvalidInput);
    assert!(error.to_string().contains("times are broken"), "{error}");
    // One second is enough.
    let mut samples = gluteus::ingest::Samples::default();
    for k in 0..20 {
        samples.t_s.push(1.7e9 + f64::from(k));
        samples.lat.push(46.5 + 0.00002 * f64::from(k));
        samples.lon.push(6.6);
        samples.ele_m.push(400.0);
    }
    let recording = crate::util::bare_gpx_recording(samples);
    assert!(crate::util::analyze("ok.gpx", &recording, &gluteus::Options::default()).is_ok());
}
