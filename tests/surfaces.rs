//! Surface maps: the simulator's GeoJSON maps give simulated runs their true surfaces; a small
//! OpenStreetMap extract written here (and converted to PBF by osmium) maps its tags as the table
//! says; the index round-trips; bad maps give clear errors.

use crate::util::{root, tempdir};
use gluteus::analysis::SurfaceSource;
use gluteus::ingest;
use gluteus::simulate::write::{self, Format};
use gluteus::simulate::{self, Device, Options};
use gluteus::surface::{self, MapError, Overrides, Surface, SurfaceMap};
use std::fmt::Write as _;
use std::process::Command;
use std::sync::Arc;

#[test]
fn simulated_runs_find_their_true_surfaces_on_their_own_maps() {
    for course in ["beach", "trail"] {
        for device in [Device::Baro, Device::Phone] {
            for format in [Format::Fit, Format::Gpx] {
                let sim = simulate::simulate(
                    &simulate::built_in(course).unwrap(),
                    &Options {
                        device,
                        seed: 5,
                        ..Options::default()
                    },
                );
                let map = surface::from_geojson(std::str::from_utf8(&write::surfaces_geojson(&sim)).unwrap()).unwrap();
                let recording = ingest::read_bytes(&write::encode(&sim, format)).unwrap();
                let options = gluteus::Options {
                    surface_map: Some(Arc::new(map)),
                    ..gluteus::Options::default()
                };
                let run = crate::util::analyze(course, &recording, &options)
                    .unwrap()
                    .runs
                    .remove(0);
                let name = format!("{course} {} {format:?}", device.name());
                let truth = &sim.truth;
                // Segments are placed on the truth by time (a GPX distance from noisy positions runs
                // long, unevenly): the true distance at a segment's start and end.
                let at = |t: f64| {
                    let samples = &truth.samples;
                    let j = samples.partition_point(|s| s.t_s <= t).clamp(1, samples.len() - 1);
                    let (a, b) = (&samples[j - 1], &samples[j]);
                    let u = if b.t_s > a.t_s {
                        ((t - a.t_s) / (b.t_s - a.t_s)).clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    a.dist_m + (b.dist_m - a.dist_m) * u
                };
                let placed: Vec<(f64, f64, Surface)> = run
                    .segments
                    .iter()
                    .map(|x| {
                        let s = &x.segment;
                        (at(s.start_s), at(s.start_s + s.duration_s), s.surface)
                    })
                    .collect();
                let mut right = 0.0;
                for leg in &truth.legs {
                    for &(from, to, surface) in &placed {
                        let overlap = leg.end_m.min(to) - leg.start_m.max(from);
                        if overlap > 0.0 && surface == leg.surface {
                            right += overlap;
                        }
                    }
                }
                let share = right / truth.distance_m;
                assert!(
                    share >= 0.95,
                    "{name}: {:.1} % of the distance on its true surface",
                    100.0 * share
                );
                // Boundaries at a surface change within 30 m.
                for pair in truth.legs.windows(2) {
                    if pair[0].surface != pair[1].surface {
                        let nearest = placed
                            .windows(2)
                            .filter(|p| p[0].2 != p[1].2)
                            .map(|p| (p[1].0 - pair[1].start_m).abs())
                            .fold(f64::INFINITY, f64::min);
                        assert!(
                            nearest <= 30.0,
                            "{name}: surface change at {:.0} m found {nearest:.1} m away",
                            pair[1].start_m
                        );
                    }
                }
                assert_eq!(run.surface_source, SurfaceSource::Map, "{name}");
            }
        }
    }
}

#[test]
fn on_the_beach_sand_costs_about_one_point_six_times_asphalt() {
    let sim = simulate::simulate(&simulate::built_in("beach").unwrap(), &Options::default());
    let map = surface::from_geojson(std::str::from_utf8(&write::surfaces_geojson(&sim)).unwrap()).unwrap();
    let recording = ingest::read_bytes(&write::encode(&sim, Format::Fit)).unwrap();
    let options = gluteus::Options {
        surface_map: Some(Arc::new(map)),
        ..gluteus::Options::default()
    };
    let run = crate::util::analyze("beach", &recording, &options)
        .unwrap()
        .runs
        .remove(0);
    let per_m = |surface: Surface| {
        let (e, d) = run
            .segments
            .iter()
            .filter(|x| x.segment.surface == surface && x.segment.distance_m > 0.0)
            .fold((0.0, 0.0), |(e, d), x| {
                (e + x.estimate.energy_kcal, d + x.segment.distance_m)
            });
        e / d
    };
    let ratio = per_m(Surface::Sand) / per_m(Surface::Asphalt);
    assert!((ratio - 1.6).abs() <= 0.1, "sand / asphalt energy per metre {ratio:.3}");
    assert!(run.summary.surface_m[&Surface::Sand] > 1900.0 && run.summary.surface_m[&Surface::Asphalt] > 2900.0);
}

#[test]
fn overrides_win_over_the_file_and_the_map() {
    let sim = simulate::simulate(&simulate::built_in("track-intervals").unwrap(), &Options::default());
    let recording = ingest::read_bytes(&write::encode(&sim, Format::Fit)).unwrap();
    let map = SurfaceMap::new(
        &[(Surface::Grass, vec![[2.0, 48.0], [3.0, 49.0]])],
        Vec::new(),
        Vec::new(),
    )
    .unwrap();
    let ranges = Overrides::parse_ranges("[[range]]\nfrom_m = 0\nto_m = 1000\nsurface = \"grass\"\n").unwrap();
    let overrides = Overrides { whole: None, ranges };
    let options = gluteus::Options {
        surface_map: Some(Arc::new(map)),
        surface: overrides.whole,
        ..gluteus::Options::default()
    };
    let run = crate::util::analyze_with("track", &recording, &options, overrides.ranges.clone())
        .unwrap()
        .runs
        .remove(0);
    let first = &run.segments[0].segment;
    assert_eq!(first.surface, Surface::Grass, "the override");
    assert!(
        run.segments.iter().skip(1).all(|x| x.segment.surface == Surface::Track),
        "the file's sub-sport"
    );
    let whole = Overrides {
        whole: Some(Surface::Sand),
        ranges: Vec::new(),
    };
    let options = gluteus::Options {
        surface: whole.whole,
        ..gluteus::Options::default()
    };
    let run = crate::util::analyze_with("track", &recording, &options, whole.ranges.clone())
        .unwrap()
        .runs
        .remove(0);
    assert!(run.segments.iter().all(|x| x.segment.surface == Surface::Sand));
}

/// A small extract: a residential street, a graded track, a mountain path, a footway, a sandy
/// path, a beach, a building (ignored) and a way with a surface value not in the table.
fn extract_osm() -> String {
    let mut xml =
        String::from("<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='gluteus tests'>\n");
    let mut id = 0;
    let mut node = |xml: &mut String, lat: f64, lon: f64| {
        id += 1;
        let _ = writeln!(xml, "  <node id='{id}' version='1' lat='{lat:.7}' lon='{lon:.7}'/>");
        id
    };
    let mut ways = String::new();
    let mut way_id = 1000;
    let mut way = |nodes: &[i64], tags: &[(&str, &str)]| {
        way_id += 1;
        let _ = writeln!(ways, "  <way id='{way_id}' version='1'>");
        for n in nodes {
            let _ = writeln!(ways, "    <nd ref='{n}'/>");
        }
        for (k, v) in tags {
            let _ = writeln!(ways, "    <tag k='{k}' v='{v}'/>");
        }
        ways.push_str("  </way>\n");
    };
    // Horizontal ways 0.001 degree (111 m) apart in latitude, from lon 6.600 to 6.610.
    let rows: [&[(&str, &str)]; 6] = [
        &[("highway", "residential")],
        &[("highway", "track"), ("tracktype", "grade2")],
        &[("highway", "path"), ("sac_scale", "mountain_hiking")],
        &[("highway", "footway")],
        &[("highway", "path"), ("surface", "sand")],
        &[("highway", "path"), ("surface", "lava")],
    ];
    for (k, tags) in rows.iter().enumerate() {
        let lat = 46.500 + 0.001 * k as f64;
        let a = node(&mut xml, lat, 6.600);
        let b = node(&mut xml, lat, 6.610);
        way(&[a, b], tags);
    }
    let corners = [(46.510, 6.620), (46.510, 6.630), (46.520, 6.630), (46.520, 6.620)];
    let beach: Vec<i64> = corners.iter().map(|&(lat, lon)| node(&mut xml, lat, lon)).collect();
    way(
        &[beach[0], beach[1], beach[2], beach[3], beach[0]],
        &[("natural", "beach")],
    );
    let house: Vec<i64> = [(46.53, 6.60), (46.53, 6.601), (46.531, 6.601)]
        .iter()
        .map(|&(lat, lon)| node(&mut xml, lat, lon))
        .collect();
    way(&[house[0], house[1], house[2], house[0]], &[("building", "yes")]);
    xml.push_str(&ways);
    xml.push_str("</osm>\n");
    xml
}

/// Converts the extract to PBF with osmium (the test runs only where osmium is installed).
fn extract_pbf(dir: &std::path::Path) -> std::path::PathBuf {
    let xml = dir.join("extract.osm");
    let pbf = dir.join("extract.osm.pbf");
    std::fs::write(&xml, extract_osm()).unwrap();
    match Command::new("osmium")
        .args(["cat", "--overwrite", "-o"])
        .arg(&pbf)
        .arg(&xml)
        .status()
    {
        Ok(status) if status.success() => pbf,
        other => panic!("osmium cat failed: {other:?}"),
    }
}

#[test]
#[cfg_attr(not(osmium), ignore = "needs osmium (Debian's osmium-tool) on the PATH")]
fn an_osm_extract_maps_its_tags_as_the_table_says() {
    let dir = tempdir("osm");
    let pbf = extract_pbf(&dir);
    let map = surface::from_osm_pbf(|| std::fs::File::open(&pbf).map(std::io::BufReader::new)).unwrap();
    let want = [
        Surface::Asphalt,
        Surface::Gravel,
        Surface::Trail,
        Surface::Asphalt,
        Surface::Sand,
        Surface::Unknown,
    ];
    for (k, surface) in want.iter().enumerate() {
        let lat = 46.500 + 0.001 * k as f64 + 0.00005; // 5.6 m north of the way
        assert_eq!(
            map.nearest_way(6.605, lat, 25.0).map(|m| m.0),
            Some(*surface),
            "row {k}"
        );
    }
    assert_eq!(map.area_at(6.625, 46.515), Some(Surface::Sand), "the beach");
    assert_eq!(map.area_at(6.6005, 46.5302), None, "buildings are not surfaces");
    assert_eq!(map.way_segments(), 6);
    assert!(
        map.warnings
            .iter()
            .any(|w| w.contains("1 way has a surface value not in the table")),
        "{:?}",
        map.warnings
    );
    // The index keeps all of it; the CLI builds it and analyze loads it.
    let index = dir.join("extract.idx");
    let output = Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(["surfaces", "build"])
        .arg(&pbf)
        .arg("-o")
        .arg(&index)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // The same bytes whatever the thread count (blocks are decoded in parallel).
    let single = dir.join("single.idx");
    let output = Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(["surfaces", "build"])
        .arg(&pbf)
        .arg("-o")
        .arg(&single)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(std::fs::read(&index).unwrap(), std::fs::read(&single).unwrap());
    let loaded = surface::read_index(&std::fs::read(&index).unwrap()).unwrap();
    assert_eq!(loaded.way_segments(), 6);
    assert_eq!(
        loaded.nearest_way(6.605, 46.50205, 25.0).map(|m| m.0),
        Some(Surface::Trail)
    );
    assert_eq!(loaded.area_at(6.625, 46.515), Some(Surface::Sand));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_maps_give_clear_errors() {
    assert_eq!(
        surface::from_geojson("{\"type\":\"FeatureCollection\",\"features\":[]}").unwrap_err(),
        MapError::Empty
    );
    assert!(matches!(surface::from_geojson("not json"), Err(MapError::Malformed(_))));
    let broken = b"\x00\x00\x00\x0dthis is not a pbf file at all".to_vec();
    let error = surface::from_osm_pbf(|| Ok(std::io::Cursor::new(broken.clone()))).unwrap_err();
    assert!(matches!(error, MapError::Malformed(_)), "{error:?}");
    assert!(surface::read_index(b"GLUTSIDX").is_err());
    // A map that does not cover the run: a warning, the run analysed as unknown.
    let far = SurfaceMap::new(
        &[(Surface::Sand, vec![[0.0, 0.0], [0.01, 0.0]])],
        Vec::new(),
        Vec::new(),
    )
    .unwrap();
    let recording = ingest::read(&root().join("samples/beach.gpx")).unwrap();
    let options = gluteus::Options {
        surface_map: Some(Arc::new(far)),
        ..gluteus::Options::default()
    };
    let run = crate::util::analyze("beach", &recording, &options)
        .unwrap()
        .runs
        .remove(0);
    assert!(
        run.warnings.iter().any(|w| w.contains("does not cover the run")),
        "{:?}",
        run.warnings
    );
    // On the command line: one line, exit 2.
    let dir = tempdir("badmap");
    let empty = dir.join("empty.geojson");
    std::fs::write(&empty, "{\"type\":\"FeatureCollection\",\"features\":[]}").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(["analyze", "--surface-map"])
        .arg(&empty)
        .arg("samples/beach.gpx")
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.lines().count() == 1 && stderr.contains("empty.geojson: no usable features"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_surface_file_beside_a_run_sets_its_ranges() {
    let dir = tempdir("surface-file");
    let run = dir.join("beach.2026-01-05.gpx.gz");
    std::fs::copy(root().join("samples/beach.gpx"), dir.join("plain.gpx")).unwrap();
    let bytes = std::fs::read(dir.join("plain.gpx")).unwrap();
    std::fs::write(&run, write::gzip(&bytes)).unwrap();
    std::fs::write(
        dir.join("beach.2026-01-05.surface.toml"),
        "[[range]]\nfrom_m = 0\nto_m = 100000\nsurface = \"grass\"\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(["analyze", "--json"])
        .arg(&run)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["runs"][0]["surface_source"], "override");
    let surfaces = doc["runs"][0]["summary"]["surface_m"].as_object().unwrap();
    assert_eq!(surfaces.keys().collect::<Vec<_>>(), ["grass"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
