//! The bundled samples in `samples/` are exactly what `gluteus simulate` writes for them (see
//! `samples/README.md`). `GLUTEUS_BLESS=1 cargo test samples` rewrites them; otherwise the test fails
//! if a committed sample differs from the simulator's output.

use crate::util::root;
use gluteus::simulate::write::{self, OutputName};
use gluteus::simulate::{self, Device, Interval, Options};

/// (file, course, device, interval, compressed timestamps): the README's table.
const SAMPLES: [(&str, &str, Device, Interval, bool); 4] = [
    (
        "hill-repeats.fit",
        "hill-repeats",
        Device::Baro,
        Interval::EverySecond,
        false,
    ),
    ("beach.gpx", "beach", Device::Phone, Interval::EverySecond, false),
    (
        "track-intervals.tcx.gz",
        "track-intervals",
        Device::Baro,
        Interval::EverySecond,
        false,
    ),
    ("trail-smart.fit", "trail", Device::Baro, Interval::Smart, true),
];

#[test]
fn bundled_samples_are_what_the_simulator_writes() {
    let bless = std::env::var_os("GLUTEUS_BLESS").is_some();
    let mut total = 0;
    for (file, course, device, interval, compressed_timestamps) in SAMPLES {
        let run = simulate::simulate(
            &simulate::built_in(course).unwrap(),
            &Options {
                device,
                seed: 1,
                interval,
                compressed_timestamps,
                ..Options::default()
            },
        );
        let name = OutputName::parse(file).unwrap();
        let mut bytes = write::encode(&run, name.format);
        if name.gzip {
            bytes = write::gzip(&bytes);
        }
        let expected = [
            (file.to_owned(), bytes),
            (format!("{}.truth.json", name.stem), write::truth_json(&run)),
            (format!("{}.surfaces.geojson", name.stem), write::surfaces_geojson(&run)),
        ];
        for (name, bytes) in expected {
            let path = root().join("samples").join(&name);
            if bless {
                std::fs::write(&path, &bytes).unwrap();
            }
            let committed = std::fs::read(&path).unwrap_or_default();
            assert!(
                committed == bytes,
                "samples/{name} differs from the simulator: run GLUTEUS_BLESS=1 cargo test samples"
            );
            total += bytes.len();
        }
    }
    assert!(
        total < 5 << 20,
        "the samples folder should stay well under 5 MB: {total} bytes"
    );
}
