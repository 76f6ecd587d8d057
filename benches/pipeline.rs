//! Clean plus segment of a one-hour, one-sample-a-second run (the simulated `easy-flat` from a
//! barometric watch, and the bundled samples), on bytes already read (target: under 1 ms); and the
//! models (energy, GAP, GEI with their bands) over its segments (target: under 200 µs).

#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use gluteus::clean::{self, CleanConfig};
use gluteus::ingest::{self, Recording};
use gluteus::model::{self, Athlete, ModelConfig};
use gluteus::segment::{self, SegmentConfig};
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Device, Options};
use std::hint::black_box;

fn clean_and_segment(recording: &Recording) -> usize {
    let (runs, _) = clean::runs(recording).unwrap();
    let track = clean::clean(recording, &runs[0], &CleanConfig::default()).unwrap();
    segment::split(&track, &[], &SegmentConfig::default()).segments.len()
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("clean+segment");
    for device in [Device::Baro, Device::Phone] {
        let run = simulate::simulate(
            &simulate::built_in("easy-flat").unwrap(),
            &Options {
                device,
                ..Options::default()
            },
        );
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

/// The whole analysis of a one-hour run: bytes in memory to an `Analysis`.
fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    for device in [Device::Baro, Device::Phone] {
        let run = simulate::simulate(
            &simulate::built_in("easy-flat").unwrap(),
            &Options {
                device,
                ..Options::default()
            },
        );
        for format in [Format::Fit, Format::Gpx] {
            let bytes = write::encode(&run, format);
            let name = format!("one-hour-{}/{format:?}", device.name()).to_lowercase();
            group.bench_function(name, |b| {
                b.iter(|| {
                    let recording = ingest::read_bytes(black_box(&bytes)).unwrap();
                    gluteus::pipeline::analyze("run", &recording, &Default::default())
                        .unwrap()
                        .runs
                        .len()
                });
            });
        }
    }
    group.finish();
}

fn models(c: &mut Criterion) {
    let mut group = c.benchmark_group("models");
    for course in ["easy-flat", "hill-repeats", "track-intervals"] {
        let run = simulate::simulate(&simulate::built_in(course).unwrap(), &Options::default());
        let recording = ingest::read_bytes(&write::encode(&run, Format::Fit)).unwrap();
        let (runs, _) = clean::runs(&recording).unwrap();
        let track = clean::clean(&recording, &runs[0], &CleanConfig::default()).unwrap();
        let segments = segment::split(&track, &[], &SegmentConfig::default()).segments;
        let (athlete, config) = (Athlete::default(), ModelConfig::default());
        group.bench_function(course, |b| {
            b.iter(|| {
                model::estimate(black_box(&track), black_box(&segments), &athlete, &config)
                    .1
                    .energy_kcal
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = pipeline, models, analysis
}
criterion_main!(benches);
