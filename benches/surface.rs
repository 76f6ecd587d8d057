//! Surface maps at city size: a synthetic grid city of about 250,000 way segments around the
//! `easy-flat` course. Loading its index (target under 100 ms) and matching a one-hour run against
//! it (target under 2 ms).

#![allow(clippy::unwrap_used, clippy::cast_precision_loss, clippy::print_stdout, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use gluteus::clean::{self, CleanConfig};
use gluteus::ingest;
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Options};
use gluteus::surface::{self, Overrides, Surface, SurfaceConfig, SurfaceMap};
use std::hint::black_box;

/// Streets every 80 m over 10 km in both directions, cut every 10 m, surfaces in turn.
fn city() -> SurfaceMap {
    let (lat0, lon0) = (52.3130_f64, 4.7950_f64);
    let m_lat = 1.0 / 111_195.0;
    let m_lon = m_lat / lat0.to_radians().cos();
    let kinds = [
        Surface::Asphalt,
        Surface::Asphalt,
        Surface::Dirt,
        Surface::Gravel,
        Surface::Grass,
    ];
    let mut ways = Vec::new();
    for k in 0..126_u32 {
        let across = f64::from(k) * 80.0;
        let along: Vec<f64> = (0..=1000).map(|j| f64::from(j) * 10.0).collect();
        let surface = kinds[(k % 5) as usize];
        ways.push((
            surface,
            along
                .iter()
                .map(|&a| [lon0 + a * m_lon, lat0 + across * m_lat])
                .collect::<Vec<_>>(),
        ));
        ways.push((
            surface,
            along
                .iter()
                .map(|&a| [lon0 + across * m_lon, lat0 + a * m_lat])
                .collect::<Vec<_>>(),
        ));
    }
    SurfaceMap::new(&ways, Vec::new(), Vec::new()).unwrap()
}

fn surfaces(c: &mut Criterion) {
    let map = city();
    let index = surface::write_index(&map);
    println!(
        "city map: {} way segments, index {:.1} MB",
        map.way_segments(),
        index.len() as f64 / 1e6
    );
    let mut group = c.benchmark_group("surface");
    group.sample_size(20);
    group.bench_function("load-index/250k-segments", |b| {
        b.iter(|| surface::read_index(black_box(&index)).unwrap().way_segments());
    });
    let run = simulate::simulate(&simulate::built_in("easy-flat").unwrap(), &Options::default());
    let recording = ingest::read_bytes(&write::encode(&run, Format::Fit)).unwrap();
    let (runs, _) = clean::runs(&recording);
    let track = clean::clean(&recording, &runs[0], &CleanConfig::default()).unwrap();
    let config = SurfaceConfig::default();
    let none = Overrides::default();
    group.bench_function("match/one-hour-run", |b| {
        b.iter(|| {
            surface::assign(black_box(&track), None, &none, Some(&map), &config)
                .surfaces
                .len()
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(3));
    targets = surfaces
}
criterion_main!(benches);
