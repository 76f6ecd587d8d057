//! `gluteus simulate` on a one-hour, one-sample-a-second run (the built-in `easy-flat`): the whole
//! job (motion, device noise, the file, its truth and its surface map, all in memory), and the
//! parts. The target is under 20 ms for the whole job, so that an archive of 10,000 runs is made in
//! minutes.

#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Options};
use std::hint::black_box;

fn simulate(c: &mut Criterion) {
    let course = simulate::built_in("easy-flat").unwrap();
    let options = Options::default();
    let mut group = c.benchmark_group("simulate");
    group.bench_function("one-hour/fit+truth+surfaces", |b| {
        b.iter(|| {
            let run = simulate::simulate(black_box(&course), &options);
            let fit = write::encode(&run, Format::Fit);
            let truth = write::truth_json(&run);
            let surfaces = write::surfaces_geojson(&run);
            fit.len() + truth.len() + surfaces.len()
        });
    });
    group.bench_function("one-hour/run-only", |b| {
        b.iter(|| simulate::simulate(black_box(&course), &options).samples.len());
    });
    let run = simulate::simulate(&course, &options);
    for (name, format) in [("fit", Format::Fit), ("gpx", Format::Gpx), ("tcx", Format::Tcx)] {
        group.bench_function(format!("one-hour/write-{name}"), |b| {
            b.iter(|| write::encode(black_box(&run), format).len());
        });
    }
    group.bench_function("one-hour/write-gpx.gz", |b| {
        b.iter(|| write::gzip(&write::encode(black_box(&run), Format::Gpx)).len());
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = simulate
}
criterion_main!(benches);
