//! The binary's contract (design.md section 4): outputs, JSON shapes, exit codes, one-line errors.

use crate::util::root;
use std::process::{Command, Output, Stdio};

fn gluteus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gluteus"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn inspect_prints_a_readable_summary() {
    let output = gluteus(&["inspect", "samples/easy-5k.fit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("samples    1671"), "{text}");
    assert!(text.contains("running"), "{text}");
    assert!(text.contains("crc        header ok, file ok"), "{text}");
}

#[test]
fn inspect_json_has_the_contract_fields() {
    let output = gluteus(&["inspect", "--json", "samples/easy-5k.tcx.gz"]);
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
    assert_eq!(doc["channels"]["hr"], 1671);
    assert_eq!(doc["channels"]["power"], 0);
    assert_eq!(doc["sessions"][0]["sport"], "running");
}

#[test]
fn several_files_give_an_array_in_input_order() {
    let output = gluteus(&["inspect", "--json", "samples/easy-5k.gpx", "samples/easy-5k.fit"]);
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
        "samples/easy-5k.fit",
        "samples",
        "samples/easy-5k.gpx",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "gluteus: error: samples: is a directory\n");
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(docs.len(), 2);
}

#[test]
fn inspect_messages_prints_fitparser_fields_with_utc_times() {
    let output = gluteus(&["inspect", "--messages", "samples/easy-5k.fit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\nrecord\n"));
    assert!(text.contains("  heart_rate: "));
    assert!(text.contains("  timestamp: 2026-01-05T07:00:00Z s"), "{}", &text[..600]);
    let json = gluteus(&["inspect", "--messages", "--json", "samples/easy-5k.fit"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let records = doc["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["name"] == "record")
        .count();
    assert_eq!(records, 1671);
}

#[test]
fn inspect_messages_refuses_xml() {
    let output = gluteus(&["inspect", "--messages", "samples/easy-5k.gpx"]);
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
        .args(["inspect", "--messages", "samples/easy-5k.fit"])
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
    let path = root().join("samples/easy-5k.fit");
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    gluteus(&["inspect", "--json", "samples/easy-5k.fit"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
}
