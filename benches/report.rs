//! Rendering a report from an analysis already computed (the report stage alone): a one-hour run
//! (the simulated `easy-flat` from a barometric watch) and a 100 km run of climbs and descents
//! (about 11 hours), as the HTML page with its inline SVG charts (target: under 50 ms for the
//! hour) and with every chart also as a PNG (target: under 250 ms); the 100 km run within 1.5
//! times the hour, since charts are drawn from the downsampled series.

#![allow(clippy::unwrap_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use gluteus::report::{self, ReportOptions};
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Device, Options};
use std::hint::black_box;

/// A 100 km course: 25 times 2 km up at 5 % and 2 km down, on trail, with the heading turning.
const ULTRA: &str = r#"
name = "ultra"
description = "100 km of 2 km climbs and descents"
path = "line"
start = { lat = 45.9237, lon = 6.8694, ele_m = 1035.0 }
runner = { mass_kg = 70.0, cadence_spm = 170.0 }

[[leg]]
repeat = 25
legs = [
    { length_m = 2000, grade_pct = 5, pace = "7:30", surface = "trail", heading_deg = 20 },
    { length_m = 2000, grade_pct = -5, pace = "6:00", surface = "dirt", heading_deg = 110 },
]
"#;

fn analysis(course: &simulate::Course) -> gluteus::Analysis {
    let run = simulate::simulate(
        course,
        &Options {
            device: Device::Baro,
            ..Options::default()
        },
    );
    let bytes = write::encode(&run, Format::Fit);
    gluteus::analyze_bytes("run.fit", &bytes, &gluteus::Options::default()).unwrap()
}

fn render(c: &mut Criterion) {
    let runs = [
        ("one-hour", analysis(&simulate::built_in("easy-flat").unwrap())),
        ("100-km", analysis(&simulate::parse(ULTRA).unwrap())),
    ];
    let html = ReportOptions::default();
    let with_png = ReportOptions {
        png: true,
        ..ReportOptions::default()
    };
    let mut group = c.benchmark_group("report");
    group.sample_size(20);
    for (name, a) in &runs {
        let run = &a.runs[0];
        group.bench_function(format!("{name}/html+svg"), |b| {
            b.iter(|| report::run_report(black_box(a), black_box(run), None, &html).unwrap());
        });
        group.bench_function(format!("{name}/html+svg+png"), |b| {
            b.iter(|| report::run_report(black_box(a), black_box(run), None, &with_png).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
