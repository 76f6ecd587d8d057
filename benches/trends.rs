//! `trends` over an archive of 10,000 stored runs (target: under 1 s, page included): the
//! database is made once by storing a simulated one-hour run (the `easy-flat` course from a
//! barometric watch, every segment, split and route) 10,000 times, a run every 12 hours from
//! 2012, each under its own key. Measured: the trends alone (reading the store and every number)
//! and the trends with the page (its routes read, every chart drawn).

#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Device, Options};
use gluteus::store::Store;
use gluteus::trends::{self, TrendsOptions};
use std::hint::black_box;
use std::path::PathBuf;

const RUNS: usize = 10_000;
/// 2012-01-02T07:00:00Z, a Monday.
const START: f64 = 1_325_487_600.0;

fn archive() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/trends-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("runs-{RUNS}.sqlite"));
    if db.is_file() {
        return db;
    }
    let run = simulate::simulate(
        &simulate::built_in("easy-flat").unwrap(),
        &Options {
            device: Device::Baro,
            ..Options::default()
        },
    );
    let bytes = write::encode(&run, Format::Fit);
    let one = gluteus::analyze_bytes("run.fit", &bytes, &gluteus::Options::default()).unwrap();
    let partial = dir.join("partial.sqlite");
    let _ = std::fs::remove_file(&partial);
    let mut store = Store::open(&partial).unwrap();
    store
        .transaction(|w| {
            for k in 0..RUNS {
                let mut analysis = one.clone();
                analysis.content_sha256 = format!("{k:064x}");
                analysis.file = format!("run-{k:05}.fit");
                #[allow(clippy::cast_precision_loss)]
                let start = START + 43_200.0 * k as f64;
                analysis.runs[0].start_time = Some(gluteus::time::Timestamp::from_unix_s(start));
                w.run(&analysis, &analysis.runs[0])?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    std::fs::rename(&partial, &db).unwrap();
    db
}

fn bench(c: &mut Criterion) {
    let db = archive();
    let out = db.parent().unwrap().join("page");
    std::fs::create_dir_all(&out).unwrap();
    let options = TrendsOptions::default();
    let mut group = c.benchmark_group("trends");
    group.sample_size(10);
    group.bench_function(format!("{RUNS}-runs"), |b| {
        b.iter(|| trends::trends(black_box(&db), &options).unwrap().weeks.len());
    });
    group.bench_function(format!("{RUNS}-runs-with-page"), |b| {
        b.iter(|| {
            let found = trends::trends(black_box(&db), &options).unwrap();
            let routes = trends::routes(&db, &found).unwrap();
            trends::page(&found, &routes, &out, None).len()
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
