//! The analysis of a one-hour, one-sample-a-second run (the simulated `easy-flat` from a
//! barometric watch and from a phone, and the bundled samples): clean plus segment on a recording
//! already read (target: under 1 ms); the models over its segments (target: under 200 µs); and
//! the whole analysis, bytes in memory to an `Analysis` (content hash and chart series included),
//! with the hash and the series also measured on their own. `end-to-end` runs that whole analysis
//! twice on the same FIT bytes: with our decoder, and with fitparser as the decoder (its records,
//! sessions, laps and timer events turned into the same `Recording`), so that the decoder's share
//! of the wall time is visible.

#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use gluteus::clean::{self, CleanConfig};
use gluteus::ingest::{self, Recording};
use gluteus::model::{self, Athlete, Models};
use gluteus::segment::{self, SegmentConfig};
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Device, Options};
use std::hint::black_box;

fn clean_and_segment(recording: &Recording) -> usize {
    let (runs, _) = clean::runs(recording);
    let track = clean::clean(recording, &runs[0], &CleanConfig::default()).unwrap();
    segment::split(&track, &[], &SegmentConfig::default()).segments.len()
}

fn one_hour(device: Device) -> simulate::Simulation {
    simulate::simulate(
        &simulate::built_in("easy-flat").unwrap(),
        &Options {
            device,
            ..Options::default()
        },
    )
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("clean+segment");
    for device in [Device::Baro, Device::Phone] {
        let run = one_hour(device);
        for format in [Format::Fit, Format::Gpx] {
            let recording = ingest::read_bytes(&write::encode(&run, format)).unwrap();
            let name = format!("one-hour-{}/{format:?}", device.name()).to_lowercase();
            group.bench_function(name, |b| b.iter(|| clean_and_segment(black_box(&recording))));
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for file in [
        "hill-repeats.fit",
        "beach.gpx",
        "track-intervals.tcx.gz",
        "trail-smart.fit",
    ] {
        let recording = ingest::read(&root.join(file)).unwrap();
        group.bench_function(format!("samples/{file}"), |b| {
            b.iter(|| clean_and_segment(black_box(&recording)));
        });
    }
    group.finish();
}

fn models(c: &mut Criterion) {
    let mut group = c.benchmark_group("models");
    for course in ["easy-flat", "hill-repeats", "track-intervals"] {
        let run = simulate::simulate(&simulate::built_in(course).unwrap(), &Options::default());
        let recording = ingest::read_bytes(&write::encode(&run, Format::Fit)).unwrap();
        let (runs, _) = clean::runs(&recording);
        let track = clean::clean(&recording, &runs[0], &CleanConfig::default()).unwrap();
        let segmentation = segment::split(&track, &[], &SegmentConfig::default());
        let (athlete, models) = (Athlete::default(), Models::default());
        group.bench_function(course, |b| {
            b.iter(|| {
                model::estimate(black_box(&track), black_box(&segmentation), &athlete, &models)
                    .totals
                    .energy_kcal
            });
        });
    }
    group.finish();
}

/// The whole analysis of a one-hour run, and its two additions (content hash, series) alone.
fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    let options = gluteus::Options::default();
    for device in [Device::Baro, Device::Phone] {
        let run = one_hour(device);
        for format in [Format::Fit, Format::Gpx] {
            let bytes = write::encode(&run, format);
            let name = format!("one-hour-{}/{format:?}", device.name()).to_lowercase();
            group.bench_function(name.clone(), |b| {
                b.iter(|| {
                    gluteus::analyze_bytes("run", black_box(&bytes), &options)
                        .unwrap()
                        .runs
                        .len()
                });
            });
            group.bench_function(format!("{name}/content-hash"), |b| {
                b.iter(|| gluteus::pipeline::sha256_hex(black_box(&bytes)).len());
            });
            let recording = ingest::read_bytes(&bytes).unwrap();
            let (runs, _) = clean::runs(&recording);
            let track = clean::clean(&recording, &runs[0], &CleanConfig::default()).unwrap();
            let segmentation = segment::split(&track, &[], &SegmentConfig::default());
            let models = Models::default();
            let estimates = model::estimate(&track, &segmentation, &Athlete::default(), &models);
            group.bench_function(format!("{name}/series"), |b| {
                b.iter(|| {
                    gluteus::pipeline::series(black_box(&track), &segmentation.spans, &[], &estimates.chunks, &models)
                        .len()
                });
            });
        }
    }
    group.finish();
}

/// A number of a fitparser value (times as Unix seconds), when it is one.
fn number(value: &fitparser::Value) -> Option<f64> {
    use fitparser::Value;
    match value {
        Value::Timestamp(t) => Some(t.timestamp() as f64 + f64::from(t.timestamp_subsec_millis()) / 1000.0),
        Value::String(_) | Value::Array(_) | Value::Invalid => None,
        other => other.clone().try_into().ok(),
    }
}

/// The `Recording` of a FIT file as fitparser decodes it: the same channels, sessions, laps and
/// timer events our decoder reads (scaled values from fitparser's profile; semicircles to degrees).
fn fitparser_recording(bytes: &[u8]) -> Recording {
    use fitparser::profile::MesgNum;
    use gluteus::ingest::{Altimeter, Clock, Event, EventKind, Lap, Samples, Session, TimerEvents};
    let records = fitparser::from_bytes(bytes).unwrap();
    let mut samples = Samples::default();
    let (mut sessions, mut laps, mut events) = (Vec::new(), Vec::new(), Vec::new());
    let mut device = None;
    for record in &records {
        let field = |name: &str| record.fields().iter().find(|f| f.name() == name);
        let value = |name: &str| field(name).and_then(|f| number(f.value()));
        let text = |name: &str| field(name).map(|f| f.value().to_string());
        let either = |a: &str, b: &str| value(a).or_else(|| value(b)).unwrap_or(f64::NAN);
        match record.kind() {
            MesgNum::Record => {
                let Some(t) = value("timestamp") else { continue };
                let degrees = |name: &str| value(name).map_or(f64::NAN, |v| v * 180.0 / 2_147_483_648.0);
                samples.t_s.push(t);
                samples.lat.push(degrees("position_lat"));
                samples.lon.push(degrees("position_long"));
                samples.ele_m.push(either("enhanced_altitude", "altitude"));
                samples.dist_m.push(either("distance", "distance"));
                samples.speed_mps.push(either("enhanced_speed", "speed"));
                samples.hr_bpm.push(either("heart_rate", "heart_rate"));
                let cadence =
                    value("cadence").map_or(f64::NAN, |c| 2.0 * (c + value("fractional_cadence").unwrap_or(0.0)));
                samples.cadence_spm.push(cadence);
                samples.power_w.push(either("power", "power"));
                samples.temp_c.push(either("temperature", "temperature"));
            }
            MesgNum::Session => sessions.push(Session {
                sport: gluteus::Sport::from_name(&text("sport").unwrap_or_default()),
                sub_sport: text("sub_sport"),
                start_s: value("start_time"),
                elapsed_s: value("total_elapsed_time"),
                timer_s: value("total_timer_time"),
                distance_m: value("total_distance"),
                ascent_m: value("total_ascent"),
                descent_m: value("total_descent"),
            }),
            MesgNum::Lap => laps.push(Lap {
                start_s: value("start_time"),
                elapsed_s: value("total_elapsed_time"),
                timer_s: value("total_timer_time"),
                distance_m: value("total_distance"),
            }),
            MesgNum::Event if text("event").as_deref() == Some("timer") => {
                let (Some(t_s), Some(kind)) = (value("timestamp"), text("event_type")) else {
                    continue;
                };
                let kind = if kind == "start" {
                    EventKind::TimerStart
                } else {
                    EventKind::TimerStop
                };
                events.push(Event { t_s, kind });
            }
            MesgNum::FileId => {
                device = Some(format!(
                    "{} {}",
                    text("manufacturer").unwrap_or_default(),
                    text("garmin_product").or_else(|| text("product")).unwrap_or_default()
                ));
            }
            _ => {}
        }
    }
    Recording {
        format: gluteus::Format::Fit,
        compressed: false,
        altimeter: Altimeter::of_device(device.as_deref(), true),
        device,
        clock: Clock::Utc,
        utc_offset_s: None,
        sport: sessions.first().map(|s| s.sport.clone()),
        sessions,
        laps,
        events,
        timer_events: TimerEvents::Device,
        body_mass_kg: None,
        samples,
        crc: None,
        warnings: Vec::new(),
    }
}

/// The whole analysis of the one-hour watch FIT with our decoder and with fitparser's.
fn end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("end-to-end");
    let options = gluteus::Options::default();
    let bytes = write::encode(&one_hour(Device::Baro), Format::Fit);
    let ours = gluteus::analyze_bytes("run", &bytes, &options).unwrap();
    let theirs = gluteus::pipeline::analyze_recording(
        "run",
        &fitparser_recording(&bytes),
        gluteus::pipeline::sha256_hex(&bytes),
        &options,
        Vec::new(),
    )
    .unwrap();
    // The same analysis both ways, or the comparison means nothing.
    let (a, b) = (&ours.runs[0].summary, &theirs.runs[0].summary);
    assert_eq!(ours.runs.len(), theirs.runs.len());
    assert!(
        (a.distance_m - b.distance_m).abs() < 1e-6 * a.distance_m,
        "{} vs {}",
        a.distance_m,
        b.distance_m
    );
    assert_eq!(ours.runs[0].segments.len(), theirs.runs[0].segments.len());
    group.bench_function("one-hour-baro/ours", |b| {
        b.iter(|| {
            gluteus::analyze_bytes("run", black_box(&bytes), &options)
                .unwrap()
                .runs
                .len()
        });
    });
    group.bench_function("one-hour-baro/fitparser", |b| {
        b.iter(|| {
            let recording = fitparser_recording(black_box(&bytes));
            gluteus::pipeline::analyze_recording(
                "run",
                &recording,
                gluteus::pipeline::sha256_hex(&bytes),
                &options,
                Vec::new(),
            )
            .unwrap()
            .runs
            .len()
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = pipeline, models, analysis, end_to_end
}
criterion_main!(benches);
