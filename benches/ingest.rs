//! Ingest throughput on bytes already in memory (no I/O, no gunzip): our FIT decoder against
//! fitparser, our GPX reader against the gpx crate, our TCX reader. One benchmark per file, so that
//! `scripts/bench-summary.py` can report corpus bytes divided by the sum of per-file medians.
//!
//! Uses `../shared/samples/real` when it is beside the checkout, else the bundled `samples/`.

#![allow(
    clippy::unwrap_used,
    clippy::disallowed_methods,
    clippy::cast_possible_truncation,
    clippy::semicolon_if_nothing_returned,
    clippy::collapsible_match,
    missing_docs
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn corpus(extension: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/samples/real");
    let dirs: Vec<PathBuf> = if shared.is_dir() {
        vec![shared.join("fit"), shared.join("gpx"), shared.join("tcx")]
    } else {
        vec![root.join("samples")]
    };
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case(extension))
        })
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn fitparser_decode(bytes: &[u8]) -> usize {
    use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    let mut rest = bytes;
    let mut n = 0;
    while !rest.is_empty() {
        let Ok((next, object)) = processor.deserialize_next(rest) else {
            break;
        };
        rest = next;
        match object {
            FitObject::Crc(_) => processor.reset(),
            FitObject::DataMessage(m) => {
                if processor.decode_message(m).is_ok() {
                    n += 1;
                }
            }
            _ => {}
        }
    }
    n
}

fn fit(c: &mut Criterion) {
    for path in corpus("fit") {
        let bytes = std::fs::read(&path).unwrap();
        let mut group = c.benchmark_group("fit");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("gluteus/{}", name(&path)), |b| {
            b.iter(|| gluteus::ingest::read_bytes(black_box(&bytes)).map(|r| r.samples.len()))
        });
        group.sample_size(10);
        group.bench_function(format!("fitparser/{}", name(&path)), |b| {
            b.iter(|| fitparser_decode(black_box(&bytes)))
        });
        group.finish();
    }
}

fn gpx(c: &mut Criterion) {
    for path in corpus("gpx") {
        let bytes = std::fs::read(&path).unwrap();
        let mut group = c.benchmark_group("gpx");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(20);
        group.bench_function(format!("gluteus/{}", name(&path)), |b| {
            b.iter(|| gluteus::ingest::read_bytes(black_box(&bytes)).map(|r| r.samples.len()))
        });
        group.sample_size(10);
        group.bench_function(format!("gpx-crate/{}", name(&path)), |b| {
            b.iter(|| gpx::read(black_box(bytes.as_slice())).map(|g| g.tracks.len()))
        });
        group.finish();
    }
}

fn tcx(c: &mut Criterion) {
    for path in corpus("tcx") {
        let bytes = std::fs::read(&path).unwrap();
        let mut group = c.benchmark_group("tcx");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(20);
        group.bench_function(format!("gluteus/{}", name(&path)), |b| {
            b.iter(|| gluteus::ingest::read_bytes(black_box(&bytes)).map(|r| r.samples.len()))
        });
        group.finish();
    }
}

fn crc(c: &mut Criterion) {
    let bytes: Vec<u8> = (0..1_000_000_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut group = c.benchmark_group("crc");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("slice-by-16x4/1MB", |b| {
        b.iter(|| gluteus::ingest::fit::crc16(0, black_box(&bytes)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = crc, fit, gpx, tcx
}
criterion_main!(benches);
