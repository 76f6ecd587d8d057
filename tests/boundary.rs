//! Issue 10, the library boundary: an analysis survives serialisation, the command line prints
//! what the library returns, every input gets an answer in order, failures are data with a stable
//! kind, a panic is one file's internal error, and the chart series keeps what a chart needs.

use crate::util::gluteus;
use crate::util::{real_files, root, tempdir};
use gluteus::analysis::{MAX_SERIES_POINTS, MIN_SERIES_POINTS};
use gluteus::model::{Band, GluteModel, Stride};
use gluteus::simulate::{self, Device, write};
use gluteus::{Analysis, ErrorKind, Options, analyze_bytes, analyze_path};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn bundled() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_ascii_lowercase();
            [".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    files
}

/// Serialise, deserialise, compare: the whole analysis, series included.
fn round_trips(path: &Path) {
    let Ok(analysis) = analyze_path(path, &Options::default()) else {
        return; // files that are refused have nothing to round-trip
    };
    let json = serde_json::to_string(&analysis).unwrap();
    let back: Analysis = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(back == analysis, "{}: the analysis read back differs", path.display());
    // And the bytes are stable: writing what was read gives the same JSON.
    assert_eq!(serde_json::to_string(&back).unwrap(), json, "{}", path.display());
}

#[test]
fn issue_10_every_bundled_sample_round_trips_through_json() {
    for path in bundled() {
        round_trips(&path);
    }
}

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn issue_10_every_real_sample_round_trips_through_json() {
    let files = [
        real_files("fit", &["fit"]),
        real_files("gpx", &["gpx"]),
        real_files("tcx", &["tcx"]),
        real_files("broken", &["fit", "gpx", "tcx"]),
    ]
    .concat();
    assert!(files.len() > 20, "{}", files.len());
    for path in files {
        round_trips(&path);
    }
}

#[test]
fn issue_10_the_cli_prints_exactly_what_the_library_returns() {
    let dir = tempdir("boundary-cli");
    let broken = dir.join("broken.fit");
    std::fs::write(&broken, b"not a run at all").unwrap();
    let broken = broken.display().to_string();
    let inputs = [
        "samples/hill-repeats.fit",
        "samples/no-such-run.fit",
        broken.as_str(),
        "samples/beach.gpx",
    ];
    for series in [false, true] {
        let mut args = vec!["analyze", "--json"];
        if series {
            args.push("--series");
        }
        args.extend(inputs);
        let cli = gluteus(&args);
        assert_eq!(cli.status.code(), Some(1), "some inputs failed");
        // Tests run in the package root, as the CLI above: the same paths name the same files.
        let options = Options::default();
        let outcomes: Vec<(String, _)> = inputs
            .iter()
            .map(|f| ((*f).to_owned(), analyze_path(Path::new(f), &options)))
            .collect();
        let library = gluteus::report::json(&outcomes, series);
        assert!(
            cli.stdout == library,
            "--json{}: the CLI's bytes differ from the library's",
            if series { " --series" } else { "" }
        );
        let stderr = String::from_utf8_lossy(&cli.stderr);
        assert_eq!(stderr.lines().count(), 2, "one line per failed input: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn issue_10_every_input_is_answered_in_order_whatever_the_threads_and_zone() {
    let dir = tempdir("boundary-order");
    let empty = dir.join("empty.gpx");
    std::fs::write(&empty, b"").unwrap();
    let empty = empty.display().to_string();
    let files = [
        "samples/no-such-run.fit",
        "samples/hill-repeats.fit",
        empty.as_str(),
        "samples/beach.gpx",
        "samples/track-intervals.tcx.gz",
        "samples",
    ];
    let run = |threads: &str, tz: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_gluteus"))
            .args(["analyze", "--json", "--threads", threads])
            .args(files)
            .env("TZ", tz)
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        output.stdout
    };
    let one = run("1", "UTC");
    assert_eq!(one, run("2", "UTC"));
    assert_eq!(one, run("3", "Asia/Kolkata"));
    let doc: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let elements = doc.as_array().unwrap();
    assert_eq!(elements.len(), files.len());
    for (element, file) in elements.iter().zip(files) {
        assert_eq!(element["file"], file);
    }
    let kinds: Vec<&str> = elements
        .iter()
        .map(|e| e["error"]["kind"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(kinds, ["not_found", "ok", "empty", "ok", "ok", "unreadable"]);
    assert!(
        elements[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no such file")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn issue_10_error_kinds_are_stable_names() {
    let dir = tempdir("boundary-kinds");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let route =
        "<gpx version=\"1.1\"><rte><rtept lat=\"46.5\" lon=\"6.6\"/><rtept lat=\"46.6\" lon=\"6.6\"/></rte></gpx>";
    let cases = [
        (dir.join("missing.fit"), ErrorKind::NotFound),
        (dir.clone(), ErrorKind::Unreadable),
        (write("empty.fit", b""), ErrorKind::Empty),
        (
            write("picture.fit", b"\x89PNG\r\n\x1a\n0000"),
            ErrorKind::UnsupportedFormat,
        ),
        (
            write("cut.gpx.gz", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2]),
            ErrorKind::Corrupt,
        ),
        (write("route.gpx", route.as_bytes()), ErrorKind::InvalidInput),
        (
            write("bad.gpx", b"<gpx version=\"1.1\"><trk><trkseg><trkpt lat=\"1\""),
            ErrorKind::Corrupt,
        ),
    ];
    for (path, want) in cases {
        let error = analyze_path(&path, &Options::default()).unwrap_err();
        assert_eq!(error.kind(), want, "{}: {error}", path.display());
        let message = error.to_string();
        assert!(
            message.contains(&*path.display().to_string()) && !message.contains('\n'),
            "{message}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A glute model with a bug.
struct Panics;

impl GluteModel for Panics {
    fn name(&self) -> &'static str {
        "panics"
    }

    fn gei(&self, _: &Stride, _: Option<f64>) -> Band {
        panic!("this model has a bug")
    }
}

#[test]
fn issue_10_a_panic_is_that_files_internal_error_and_the_rest_go_on() {
    let mut broken = Options::default();
    broken.models.glutes = Arc::new(Panics);
    let path = root().join("samples/beach.gpx");
    let error = analyze_path(&path, &broken).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Internal);
    assert!(error.to_string().contains("this model has a bug"), "{error}");
    // Nothing is poisoned: the next analysis, on any thread, goes on.
    let analyses: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| analyze_path(&path, &Options::default()).map(|a| a.runs.len())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(analyses.iter().all(|a| matches!(a, Ok(1))), "{analyses:?}");
}

#[test]
fn issue_10_a_file_and_its_gzip_are_the_same_activity() {
    let plain = std::fs::read(root().join("samples/hill-repeats.fit")).unwrap();
    let zipped = write::gzip(&plain);
    let a = analyze_bytes("run.fit", &plain, &Options::default()).unwrap();
    let b = analyze_bytes("run.fit.gz", &zipped, &Options::default()).unwrap();
    assert_eq!(a.content_sha256, b.content_sha256);
    assert_eq!(a.content_sha256, gluteus::pipeline::sha256_hex(&plain));
    assert_eq!(a.runs, b.runs);
    let other = std::fs::read(root().join("samples/trail-smart.fit")).unwrap();
    assert_ne!(
        analyze_bytes("other.fit", &other, &Options::default())
            .unwrap()
            .content_sha256,
        a.content_sha256
    );
    assert_eq!(a.schema_version, gluteus::analysis::SCHEMA_VERSION);
}

/// A long run at 1 Hz, a short one, and their series.
#[test]
fn issue_10_the_series_keeps_extremes_and_boundaries_within_its_budget() {
    let course = simulate::parse(
        "name = \"long\"\n[[leg]]\nlength_m = 9000\ngrade_pct = 0\npace = 330\n\
         [[leg]]\nlength_m = 1500\ngrade_pct = 9\npace = 420\n[[leg]]\nlength_m = 1500\ngrade_pct = -9\npace = 300\n\
         [[leg]]\nstop_s = 40\n[[leg]]\nlength_m = 12000\ngrade_pct = 1\npace = 340\n",
    )
    .unwrap();
    let sim = simulate::simulate(
        &course,
        &simulate::Options {
            device: Device::Baro,
            ..simulate::Options::default()
        },
    );
    let bytes = write::encode(&sim, write::Format::Fit);
    let analysis = analyze_bytes("long.fit", &bytes, &Options::default()).unwrap();
    let run = &analysis.runs[0];
    let series = run.series.as_ref().unwrap();
    let n = series.len();
    assert!((MIN_SERIES_POINTS..=MAX_SERIES_POINTS).contains(&n), "{n} points");
    for column in [
        series.elapsed_s.len(),
        series.timer_running.len(),
        series.elevation_m.len(),
        series.grade_pct.len(),
        series.speed_mps.len(),
        series.gap_speed_mps.len(),
        series.hr_bpm.len(),
        series.cadence_spm.len(),
        series.gei.len(),
        series.surface.len(),
        series.lat.len(),
        series.lon.len(),
    ] {
        assert_eq!(column, n);
    }
    assert!(series.distance_m.windows(2).all(|w| w[0] <= w[1]));
    assert!(series.elapsed_s.windows(2).all(|w| w[0] < w[1]));
    // Every segment boundary is a point of the series.
    for s in &run.segments {
        let at = (s.segment.start_m * 10.0).round() / 10.0;
        assert!(
            series.distance_m.iter().any(|d| (d - at).abs() < 0.051),
            "segment {} at {:.1} m is not in the series",
            s.segment.index,
            s.segment.start_m
        );
    }
    // The top of the climb is kept: the series' highest point is the run's.
    let recording = gluteus::ingest::read_bytes(&bytes).unwrap();
    let (windows, _) = gluteus::clean::runs(&recording);
    let track = gluteus::clean::clean(&recording, &windows[0], &gluteus::clean::CleanConfig::default()).unwrap();
    let top = track.ele_m.iter().copied().fold(f64::MIN, f64::max);
    let series_top = series.elevation_m.iter().flatten().copied().fold(f64::MIN, f64::max);
    assert!(
        (top - series_top).abs() < 0.006,
        "top {top:.2} m, series top {series_top:.2} m"
    );
    let fastest = track.speed_mps.iter().copied().fold(f64::MIN, f64::max);
    let series_fastest = series.speed_mps.iter().copied().fold(f64::MIN, f64::max);
    assert!((fastest - series_fastest).abs() < 0.0006);
    // The GEI rises on the climb and the grade-adjusted speed is above the speed there.
    let climbing: Vec<usize> = (0..n).filter(|&i| series.grade_pct[i] > 7.0).collect();
    assert!(!climbing.is_empty());
    assert!(
        climbing
            .iter()
            .all(|&i| series.gap_speed_mps[i].is_none_or(|g| g > series.speed_mps[i]))
    );
    // A short run keeps every sample.
    let short = analyze_path(&root().join("samples/beach.gpx"), &Options::default()).unwrap();
    let samples = gluteus::ingest::read(&root().join("samples/beach.gpx"))
        .unwrap()
        .samples
        .len();
    let kept = short.runs[0].series.as_ref().unwrap().len();
    assert!(
        kept == samples || kept >= MIN_SERIES_POINTS.min(samples),
        "{kept} of {samples}"
    );
}

#[test]
fn issue_10_inspect_and_analyze_number_sessions_from_zero() {
    let output = gluteus(&["inspect", "--json", "samples/hill-repeats.fit"]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["sessions"][0]["session"], 0);
    let text = String::from_utf8(gluteus(&["inspect", "samples/hill-repeats.fit"]).stdout).unwrap();
    assert!(text.contains("session 0  running"), "{text}");
    let text = String::from_utf8(gluteus(&["analyze", "samples/hill-repeats.fit"]).stdout).unwrap();
    assert!(text.contains("run (session 0, running)"), "{text}");
    assert!(
        text.contains("sources: distance device, elevation barometric, timer events"),
        "{text}"
    );
    assert!(!text.contains("-0.0%"), "{text}");
}

#[test]
fn issue_10_every_model_constant_is_one_row_of_the_table() {
    use gluteus::model::{Athlete, CONSTANTS, ModelConfig, SURFACES};
    let defaults = ModelConfig::default();
    let echo = defaults.constants();
    // Every key is in the echo at its default, and the athlete file takes it at the edges of its
    // range and refuses it beyond.
    for c in &CONSTANTS {
        assert_eq!(echo[c.key], c.default, "{}", c.key);
        let (section, key) = c.key.split_once('.').unwrap();
        for (value, ok) in [
            (c.range.0, true),
            (c.range.1, true),
            (c.range.1 + 1.0, false),
            (c.range.0 - 1.0, false),
        ] {
            let text = format!("mass_kg = 70\n[{section}]\n{key} = {value}\n");
            match Athlete::parse(&text) {
                Ok((_, config)) => {
                    assert!(ok, "{} = {value} was taken", c.key);
                    assert_eq!((c.get)(&config), value, "{}", c.key);
                }
                Err(e) => {
                    assert!(!ok, "{} = {value}: {e}", c.key);
                    assert!(e.to_string().contains(c.key), "{e}");
                }
            }
        }
    }
    for s in &SURFACES {
        let name = s.surface.name();
        assert_eq!(echo[&format!("energy.surface.{name}")], s.energy.0);
        assert_eq!(echo[&format!("gei.surface.{name}")], s.glutes.0);
    }
    assert_eq!(echo.len(), CONSTANTS.len() + 2 * SURFACES.len());
}

#[test]
fn issue_10_base_names_and_side_files_follow_one_rule() {
    use gluteus::FileName;
    for (name, base) in [
        ("run.fit", "run"),
        ("run.2026-01-05.gpx.gz", "run.2026-01-05"),
        ("RUN.TCX.GZ", "RUN"),
        ("export.xml", "export.xml"),
        ("archive.fit.gz", "archive"),
    ] {
        assert_eq!(FileName::parse(name).base, base, "{name}");
    }
    let dir = tempdir("boundary-side");
    let run = dir.join("beach.2026-01-05.gpx.gz");
    std::fs::write(
        &run,
        write::gzip(&std::fs::read(root().join("samples/beach.gpx")).unwrap()),
    )
    .unwrap();
    std::fs::write(
        dir.join("beach.2026-01-05.surface.toml"),
        "[[range]]\nfrom_m = 0\nto_m = 100000\nsurface = \"snow\"\n",
    )
    .unwrap();
    let analysis = analyze_path(&run, &Options::default()).unwrap();
    assert!(
        analysis.runs[0]
            .segments
            .iter()
            .all(|s| s.segment.surface == gluteus::Surface::Snow)
    );
    std::fs::write(
        dir.join("beach.2026-01-05.surface.toml"),
        "[[range]]\nsurface = \"lava\"\n",
    )
    .unwrap();
    let error = analyze_path(&run, &Options::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(
        error.to_string().contains("beach.2026-01-05.surface.toml: line 2"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
