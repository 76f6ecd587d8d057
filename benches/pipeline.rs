//! The analysis of a one-hour, one-sample-a-second run (the simulated `easy-flat` from a
//! barometric watch and from a phone, and the bundled samples): clean plus segment on a recording
//! already read (target: under 1 ms); the models over its segments (target: under 200 µs); and
//! the whole analysis, bytes in memory to an `Analysis` (content hash and chart series included),
//! with the hash and the series also measured on their own.

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

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = pipeline, models, analysis
}
criterion_main!(benches);
