//! The binary's contract (docs/output.md): outputs, JSON shapes, exit codes, one-line errors.

use crate::util::gluteus;
use crate::util::{root, tempdir};
use std::process::{Command, Output, Stdio};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn inspect_prints_a_readable_summary() {
    let output = gluteus(&["inspect", "samples/hill-repeats.fit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("samples    2536"), "{text}");
    assert!(text.contains("running"), "{text}");
    assert!(text.contains("crc        header ok, file ok"), "{text}");
}

#[test]
fn inspect_json_has_the_contract_fields() {
    let output = gluteus(&["inspect", "--json", "samples/track-intervals.tcx.gz"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in [
        "file",
        "format",
        "compressed",
        "device",
        "start_time",
        "elapsed_s",
        "samples",
        "channels",
        "sessions",
        "laps",
        "crc",
        "warnings",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["format"], "tcx");
    assert_eq!(doc["compressed"], true);
    assert_eq!(doc["crc"], serde_json::Value::Null);
    assert_eq!(doc["start_time"], "2026-01-05T07:00:00Z");
    assert_eq!(doc["channels"]["hr"], 1910);
    assert_eq!(doc["channels"]["power"], 0);
    assert_eq!(doc["sessions"][0]["sport"], "running");
}

#[test]
fn several_files_give_an_array_in_input_order() {
    let output = gluteus(&["inspect", "--json", "samples/beach.gpx", "samples/hill-repeats.fit"]);
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let formats: Vec<&str> = docs.iter().map(|d| d["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["gpx", "fit"]);
}

#[test]
fn a_missing_file_is_one_line_and_exit_2() {
    let output = gluteus(&["inspect", "no/such/run.fit"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "gluteus: error: no/such/run.fit: no such file\n");
}

#[test]
fn one_bad_file_among_good_ones_is_exit_1_and_the_rest_is_processed() {
    let output = gluteus(&[
        "inspect",
        "--json",
        "samples/hill-repeats.fit",
        "samples",
        "samples/beach.gpx",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "gluteus: error: samples: is a directory\n");
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(docs.len(), 2);
}

#[test]
fn inspect_messages_prints_fitparser_fields_with_utc_times() {
    let output = gluteus(&["inspect", "--messages", "samples/hill-repeats.fit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\nrecord\n"));
    assert!(text.contains("  heart_rate: "));
    assert!(text.contains("  timestamp: 2026-01-05T07:00:00Z s"), "{}", &text[..600]);
    let json = gluteus(&["inspect", "--messages", "--json", "samples/hill-repeats.fit"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let records = doc["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["name"] == "record")
        .count();
    assert_eq!(records, 2536);
}

#[test]
fn inspect_messages_refuses_xml() {
    let output = gluteus(&["inspect", "--messages", "samples/beach.gpx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("only fit files have them"));
}

#[test]
fn no_arguments_is_a_usage_error() {
    assert_eq!(gluteus(&["inspect"]).status.code(), Some(2));
    assert_eq!(gluteus(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(["inspect", "--messages", "samples/hill-repeats.fit"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn input_files_are_never_modified() {
    let path = root().join("samples/hill-repeats.fit");
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    gluteus(&["inspect", "--json", "samples/hill-repeats.fit"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
}

#[test]
fn simulate_lists_the_built_in_courses() {
    let output = gluteus(&["simulate", "--list"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for name in ["easy-flat", "hill-repeats", "beach", "track-intervals", "trail"] {
        assert!(text.contains(name), "{name} missing from --list");
    }
    let shown = gluteus(&["simulate", "--show", "beach"]);
    let toml = String::from_utf8_lossy(&shown.stdout);
    assert!(gluteus::simulate::parse(&toml).is_ok());
}

#[test]
fn simulate_writes_the_file_its_truth_and_its_surfaces_reproducibly() {
    let dir = tempdir("simulate");
    let a = dir.join("a.tcx.gz");
    let b = dir.join("b.tcx.gz");
    for path in [&a, &b] {
        let output = gluteus(&[
            "simulate",
            "--course",
            "hill-repeats",
            "--seed",
            "9",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(dir.join("a.truth.json").is_file() && dir.join("a.surfaces.geojson").is_file());
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    let inspected = gluteus(&["inspect", "--json", a.to_str().unwrap()]);
    assert!(inspected.status.success(), "{}", stderr(&inspected));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_course_files_are_one_line_naming_the_line_and_exit_2() {
    let dir = tempdir("courses");
    let cases = [
        (
            "surface.toml",
            "[[leg]]\nlength_m = 100\npace = \"5:00\"\nsurface = \"lava\"\n",
            "line 4: unknown surface",
        ),
        (
            "negative.toml",
            "[[leg]]\nlength_m = -100\npace = \"5:00\"\n",
            "line 2: length_m must be positive",
        ),
        (
            "steep.toml",
            "[[leg]]\nlength_m = 100\npace = \"5:00\"\ngrade_pct = 60\n",
            "line 4: grade 60 % is beyond",
        ),
        ("empty.toml", "", "no legs"),
    ];
    for (name, text, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = dir.join("out.fit");
        let output = gluteus(&[
            "simulate",
            "--course",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.starts_with("gluteus: error: ") && err.contains(name) && err.contains(message),
            "{err}"
        );
        assert!(!out.exists(), "{name}: nothing is written for a bad course");
    }
    let unknown = gluteus(&["simulate", "--course", "moon-walk", "-o", "x.fit"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown course \"moon-walk\""));
    let extension = gluteus(&[
        "simulate",
        "--course",
        "beach",
        "-o",
        dir.join("x.kml").to_str().unwrap(),
    ]);
    assert_eq!(extension.status.code(), Some(2));
    assert!(stderr(&extension).contains("must end in .fit, .gpx or .tcx"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn analyze_prints_a_summary_a_csv_and_the_json_contract() {
    let text = gluteus(&["analyze", "samples/hill-repeats.fit"]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let out = String::from_utf8(text.stdout).unwrap();
    assert!(
        out.contains("distance 6.80 km") && out.contains("steep_up") && out.contains("climb at"),
        "{out}"
    );
    let csv = gluteus(&[
        "analyze",
        "--csv",
        "--units",
        "imperial",
        "samples/track-intervals.tcx.gz",
    ]);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.len(), 26);
    assert!(
        header.contains(&"distance_mi") && header.contains(&"pace_s_per_mi") && header.contains(&"stride_ft"),
        "{header:?}"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() >= 10 && rows.iter().all(|r| r.starts_with("samples/track-intervals.tcx.gz,0,")));
    let json = gluteus(&["analyze", "--json", "samples/beach.gpx"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for key in [
        "file",
        "format",
        "schema_version",
        "model_version",
        "device",
        "runs",
        "skipped",
        "warnings",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    let run = &doc["runs"][0];
    for key in [
        "session",
        "sport",
        "sub_sport",
        "start_time",
        "utc_offset_s",
        "distance_source",
        "elevation_source",
        "timer_source",
        "athlete",
        "summary",
        "segments",
        "splits",
        "climbs",
        "warnings",
    ] {
        assert!(run.get(key).is_some(), "missing runs[0].{key}");
    }
    for key in [
        "distance_m",
        "elapsed_s",
        "timer_s",
        "moving_s",
        "ascent_m",
        "descent_m",
        "avg_pace_s_per_km",
    ] {
        assert!(run["summary"][key].is_number(), "summary.{key}");
    }
    for key in [
        "index",
        "start_s",
        "duration_s",
        "start_m",
        "end_m",
        "distance_m",
        "grade_pct",
        "grade_class",
        "pace_s_per_km",
        "pace_class",
        "surface",
        "energy_kj",
        "energy_kcal",
        "gap_s_per_km",
        "gei",
        "gei_low",
        "gei_high",
        "glute_load",
    ] {
        assert!(run["segments"][0].get(key).is_some(), "segments[0].{key}");
    }
    assert_eq!(run["elevation_source"], "gps");
    assert_eq!(run["timer_source"], "gaps");
    assert_eq!(run["distance_source"], "positions");
    // The 45 s stop of the beach course is a stopped segment.
    let segments = run["segments"].as_array().unwrap();
    assert!(
        segments
            .iter()
            .any(|s| s["pace_class"] == "stopped" && s["duration_s"].as_f64().unwrap() > 35.0)
    );
}

#[test]
fn issue_11_imperial_csv_is_in_miles_and_adds_up_to_the_metric_distance() {
    let column_sum = |units: &str, name: &str| -> f64 {
        let out = gluteus(&["analyze", "--csv", "--units", units, "samples/beach.gpx"]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let k = header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"));
        lines
            .map(|l| l.split(',').nth(k).unwrap().parse::<f64>().unwrap())
            .sum()
    };
    let metres = column_sum("metric", "distance_m");
    let miles = column_sum("imperial", "distance_mi");
    assert!(
        (miles * 1609.344 / metres - 1.0).abs() < 1e-4,
        "{miles} mi vs {metres} m"
    );
}
