//! `gluteus batch`: every input accounted for, each activity once, failures as data, the same
//! database whatever the thread count, a re-run that reads nothing, and the safety limits.

use crate::util::{gluteus, root, tempdir};
use gluteus::simulate::{self, Device, write};
use rusqlite::Connection;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A simulated run of a built-in course, as bytes of a format.
fn simulated(course: &str, device: Device, seed: u64, start_unix_s: i64, format: write::Format) -> Vec<u8> {
    let course = simulate::built_in(course).unwrap();
    let sim = simulate::simulate(
        &course,
        &simulate::Options {
            device,
            seed,
            start_unix_s,
            ..simulate::Options::default()
        },
    );
    write::encode(&sim, format)
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A zip of (name, bytes) entries, deflated.
fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, options).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

const DAY: i64 = 86_400;
const START: i64 = 1_767_596_400; // 2026-01-05T07:00:00Z

/// A small archive folder: four runs, a byte copy, a gzip copy, the same run from another device
/// (a same-run duplicate), a look-alike that is another run, a broken file, a README, and a zip
/// with a run, a nested zip and a gzip bomb.
fn archive(dir: &Path) -> PathBuf {
    let a = dir.join("archive");
    std::fs::create_dir_all(a.join("2026")).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(a.join(name), bytes).unwrap();
    let hill = simulated("hill-repeats", Device::Baro, 1, START, write::Format::Fit);
    put("2026/hill.fit", &hill);
    put("2026/hill-copy.fit", &hill);
    put("2026/hill.fit.gz", &gz(&hill));
    put(
        "2026/beach.GPX",
        &simulated("beach", Device::Phone, 2, START + DAY, write::Format::Gpx),
    );
    put(
        "2026/trail.tcx",
        &simulated("trail", Device::Baro, 3, START + 2 * DAY, write::Format::Tcx),
    );
    // The same hill run, from a phone: the same sport, start and (within 2 %) distance.
    put(
        "2026/hill-phone.gpx",
        &simulated("hill-repeats", Device::Phone, 4, START, write::Format::Gpx),
    );
    // Another run an hour later on the same course: not a duplicate.
    put(
        "2026/hill-later.fit",
        &simulated("hill-repeats", Device::Baro, 5, START + 3600, write::Format::Fit),
    );
    put("broken.fit", b"\x0e\x10this is no FIT file at all");
    put("README.txt", b"notes");
    let easy = simulated("easy-flat", Device::Baro, 6, START + 3 * DAY, write::Format::Fit);
    let inner = zip_of(&[("deep/easy.fit", easy)]);
    let bomb = gz(&vec![0u8; 40 << 20]);
    let outer = zip_of(&[
        (
            "activities/track.tcx.gz",
            gz(&simulated(
                "track-intervals",
                Device::Baro,
                7,
                START + 4 * DAY,
                write::Format::Tcx,
            )),
        ),
        ("parts/inner.zip", inner),
        ("activities/bomb.fit.gz", bomb),
        ("profile.csv", b"a,b\n1,2\n".to_vec()),
    ]);
    put("export.zip", &outer);
    // Six zips deep: refused.
    let mut nested = zip_of(&[(
        "run.fit",
        simulated("easy-flat", Device::Ideal, 8, START + 5 * DAY, write::Format::Fit),
    )]);
    for k in 0..5 {
        nested = zip_of(&[(&format!("level{k}.zip"), nested)]);
    }
    put("nested.zip", &nested);
    a
}

fn batch(paths: &[&Path], db: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec!["batch".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["--db".into(), db.display().to_string()]);
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    gluteus(&args)
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of every content table, in key order, as text.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut out = Vec::new();
    for table in gluteus::store::rows::TABLES {
        if table.name == "meta" {
            continue;
        }
        let columns: Vec<String> = table.columns.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        let order = if table.key.is_empty() {
            columns.join(", ")
        } else {
            table
                .key
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let sql = format!("SELECT {} FROM \"{}\" ORDER BY {order}", columns.join(", "), table.name);
        let mut statement = conn.prepare(&sql).unwrap();
        let n = table.columns.len();
        let rows = statement
            .query_map([], |r| {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(format!("{}: {}", table.name, cells.join("|")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn an_archive_is_accounted_for_each_activity_once() {
    let dir = tempdir("batch-archive");
    let a = archive(&dir);
    let db = dir.join("runs.sqlite");
    let output = batch(&[&a], &db, &["--threads", "2"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("ignored"), "{out}");
    // Runs: hill, beach, trail, hill-later, track, easy (4 zips deep is not reached: 2 here).
    assert_eq!(count(&db, "SELECT COUNT(*) FROM runs"), 6, "{out}");
    assert_eq!(
        count(&db, "SELECT COUNT(DISTINCT content_sha256 || session) FROM runs"),
        6
    );
    // The byte copy and the gzip copy: the same bytes; the phone's copy: the same run.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM duplicates WHERE kind = 'same_bytes'"),
        2
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM duplicates WHERE kind = 'same_run'"), 1);
    let (dt, dd): (f64, f64) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT start_diff_s, distance_diff_m FROM duplicates WHERE kind = 'same_run'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(dt.abs() <= 60.0 && dd.abs() < 0.02 * 6800.0, "{dt} s, {dd} m");
    // Failures: the broken file, the bomb and the nest too deep, each with its kind.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM failures"), 3);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM failures WHERE kind = 'too_large'"), 2);
    assert!(stderr(&output).contains("broken.fit"));
    // Every input has a source row: 8 files, 3 zip entries and the nest too deep.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sources"), 12);
    // Segments for every run, routes of at most 200 points.
    assert_eq!(
        count(&db, "SELECT COUNT(DISTINCT content_sha256 || session) FROM segments"),
        6
    );
    assert!(count(&db, "SELECT MAX(points) FROM routes") <= 200);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM routes"), 6);
}

#[test]
fn the_database_is_the_same_whatever_the_thread_count() {
    let dir = tempdir("batch-threads");
    let a = archive(&dir);
    let (one, two) = (dir.join("one.sqlite"), dir.join("two.sqlite"));
    assert_eq!(batch(&[&a], &one, &["--threads", "1"]).status.code(), Some(1));
    assert_eq!(batch(&[&a], &two, &["--threads", "2"]).status.code(), Some(1));
    let (x, y) = (dump(&one), dump(&two));
    assert_eq!(x.len(), y.len());
    for (a, b) in x.iter().zip(&y) {
        assert_eq!(a, b);
    }
}

#[test]
fn a_rerun_reads_nothing_and_force_redoes_without_doubling() {
    let dir = tempdir("batch-rerun");
    let a = archive(&dir);
    let db = dir.join("runs.sqlite");
    batch(&[&a], &db, &[]);
    let before = dump(&db);
    let again = batch(&[&a], &db, &[]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "nothing failed this time: {}",
        stderr(&again)
    );
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(out.contains("0 runs stored") && out.contains("12 unchanged"), "{out}");
    assert_eq!(dump(&db), before);
    let forced = batch(&[&a], &db, &["--force"]);
    assert_eq!(forced.status.code(), Some(1));
    assert_eq!(dump(&db), before, "--force redoes, and stores the same rows");
}

#[test]
fn runs_columns_are_the_json_fields() {
    let dir = tempdir("batch-columns");
    let db = dir.join("runs.sqlite");
    let output = batch(&[&root().join("samples/hill-repeats.fit")], &db, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let analysis =
        gluteus::analyze_path(&root().join("samples/hill-repeats.fit"), &gluteus::Options::default()).unwrap();
    let run = serde_json::to_value(&analysis.runs[0]).unwrap();
    let columns: Vec<&str> = gluteus::store::rows::RUNS.columns.iter().map(|(n, _)| *n).collect();
    for (key, value) in run
        .as_object()
        .unwrap()
        .iter()
        .chain(run["summary"].as_object().unwrap())
    {
        if matches!(
            key.as_str(),
            "summary" | "segments" | "laps" | "splits" | "climbs" | "best_efforts" | "glute_by" | "athlete" | "series"
        ) {
            continue;
        }
        assert!(columns.contains(&key.as_str()), "runs has no column {key} ({value})");
    }
    let stored: f64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT distance_m FROM runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, analysis.runs[0].summary.distance_m);
    // The run's child lists are their own tables, row for item.
    for (table, items) in [
        ("segments", analysis.runs[0].segments.len()),
        ("best_efforts", analysis.runs[0].best_efforts.len()),
    ] {
        assert!(items > 0, "{table}: nothing to compare");
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM {table}")),
            i64::try_from(items).unwrap(),
            "{table}"
        );
    }
}

/// A FIT file of another type than activity (15: monitoring): a header, a `file_id` and nothing
/// else.
fn monitoring_fit() -> Vec<u8> {
    let mut body = vec![0x40, 0, 0, 0, 0, 1, 0, 1, 0]; // definition: local 0, global 0, field 0 (1 byte)
    body.extend([0x00, 15]); // data: type = 15
    let mut bytes = vec![14, 0x20, 0x08, 0x08];
    bytes.extend(u32::try_from(body.len()).unwrap().to_le_bytes());
    bytes.extend(b".FIT");
    bytes.extend([0, 0]);
    bytes.extend(body);
    bytes.extend([0, 0]);
    bytes
}

#[test]
fn strava_and_garmin_exports_name_skip_and_keep_each_run_once() {
    let dir = tempdir("batch-exports");
    let run = simulated("hill-repeats", Device::Baro, 1, START, write::Format::Fit);
    let strava_copy = simulated("hill-repeats", Device::Phone, 2, START + 20, write::Format::Gpx);
    let ride = simulated("easy-flat", Device::Baro, 3, START + DAY, write::Format::Gpx);
    let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Distance\n\
               11,\"Jan 5, 2026, 7:00:20 AM\",Hill session by the river,Run,,2520,6.8,,,false,,,activities/11.gpx.gz,6800\n\
               12,\"Jan 6, 2026, 7:00:00 AM\",Commute,Ride,,3600,8.0,,,true,,,activities/12.gpx,8000\n";
    let strava = zip_of(&[
        ("activities.csv", csv.as_bytes().to_vec()),
        ("profile.csv", b"x\n".to_vec()),
        ("activities/11.gpx.gz", gz(&strava_copy)),
        ("activities/12.gpx", ride),
        (
            "routes/1.gpx",
            b"<gpx><rte><rtept lat=\"1\" lon=\"2\"/></rte></gpx>".to_vec(),
        ),
    ]);
    let part = zip_of(&[("1001.fit", run), ("1002.fit", monitoring_fit())]);
    let garmin = zip_of(&[("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", part)]);
    let a = dir.join("in");
    std::fs::create_dir_all(&a).unwrap();
    // Garmin first: its run is kept, Strava's copy of it is the duplicate.
    std::fs::write(a.join("a-garmin.zip"), garmin).unwrap();
    std::fs::write(a.join("b-strava.zip"), strava).unwrap();
    let db = dir.join("runs.sqlite");
    let output = batch(&[&a], &db, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM runs"), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM duplicates WHERE kind = 'same_run'"), 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM skipped WHERE reason = 'not_an_activity'"),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM skipped WHERE reason = 'not_a_run' AND sport = 'Ride'"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM skipped WHERE reason = 'route'"), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM failures"), 0);
    // The dropped Strava copy's name reaches the kept run's source.
    let name: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT strava_name FROM sources WHERE outcome = 'run'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Hill session by the river");
    // Exports: CSV with one header row, JSON lines.
    let csv_out = dir.join("runs.csv");
    let e = gluteus(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--table",
        "runs",
        "--format",
        "csv",
        "-o",
        csv_out.to_str().unwrap(),
    ]);
    assert_eq!(e.status.code(), Some(0), "{}", stderr(&e));
    let text = std::fs::read_to_string(&csv_out).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.starts_with("content_sha256,session,file,"));
    let jsonl = dir.join("segments.jsonl");
    let e = gluteus(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--table",
        "segments",
        "--format",
        "jsonl",
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(e.status.code(), Some(0), "{}", stderr(&e));
    let n = count(&db, "SELECT COUNT(*) FROM segments");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(i64::try_from(lines.len()).unwrap(), n);
    let bad = gluteus(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--table",
        "nope",
        "--format",
        "csv",
        "-o",
        csv_out.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no table nope"));
}

/// Killed at any instant and run again, a batch stores what a clean batch stores: no run lost,
/// none twice.
#[test]
fn a_batch_killed_and_run_again_equals_a_clean_batch() {
    let dir = tempdir("batch-crash");
    let a = dir.join("runs");
    std::fs::create_dir_all(&a).unwrap();
    for k in 0..48 {
        let bytes = simulated(
            "track-intervals",
            Device::Baro,
            k + 1,
            START + i64::try_from(k).unwrap() * DAY,
            write::Format::Fit,
        );
        std::fs::write(a.join(format!("run-{k:03}.fit")), bytes).unwrap();
    }
    let clean = dir.join("clean.sqlite");
    assert_eq!(batch(&[&a], &clean, &["--window", "4"]).status.code(), Some(0));
    let crashed = dir.join("crashed.sqlite");
    let mut kills = 0;
    for wait_ms in [30, 90, 200, 400] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gluteus"))
            .args([
                "batch",
                a.to_str().unwrap(),
                "--db",
                crashed.to_str().unwrap(),
                "--window",
                "4",
                "--threads",
                "2",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
    }
    eprintln!("{kills} of 4 kills hit a running batch");
    let last = batch(&[&a], &crashed, &["--window", "4"]);
    assert_eq!(last.status.code(), Some(0), "{}", stderr(&last));
    assert_eq!(dump(&crashed), dump(&clean), "after {kills} kills");
    assert_eq!(count(&crashed, "SELECT COUNT(*) FROM runs"), 48);
    let ok: String = Connection::open(&crashed)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn the_readme_queries_answer_on_a_batch() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let from = readme.find("Ask the database").expect("the README's query section");
    let block = &readme[from..];
    let start = block.find("```sql\n").expect("a sql block") + "```sql\n".len();
    let sql = &block[start..start + block[start..].find("```").unwrap()];
    let dir = tempdir("readme-queries");
    // The bundled runs, a file that fails and a session that is not a run.
    std::fs::write(dir.join("broken.fit"), b".FIT not really").unwrap();
    std::fs::write(dir.join("monitoring.fit"), monitoring_fit()).unwrap();
    let db = dir.join("runs.sqlite");
    let output = batch(&[&root().join("samples"), &dir], &db, &["--quiet"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let conn = Connection::open(&db).unwrap();
    let statements: Vec<&str> = sql.split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
    assert!(statements.len() >= 5, "{statements:?}");
    for statement in statements {
        let mut prepared = conn.prepare(statement).unwrap_or_else(|e| panic!("{e}: {statement}"));
        let columns = prepared.column_count();
        let rows: Vec<Vec<String>> = prepared
            .query_map([], |r| {
                Ok((0..columns).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect())
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!rows.is_empty(), "no rows: {statement}");
        // No column is NULL in every row: a misspelt column in an aggregate would be.
        for c in 0..columns {
            assert!(
                rows.iter().any(|r| r[c] != "Null"),
                "column {c} is always NULL: {statement}"
            );
        }
    }
}

/// Exports read the database and change nothing in it.
#[test]
fn exports_leave_the_database_as_it_was() {
    let dir = tempdir("batch-export-read-only");
    let db = dir.join("runs.sqlite");
    batch(&[&root().join("samples")], &db, &["--quiet"]);
    // The database file, and what its write-ahead log holds (SQLite may create an empty log and
    // its index to let a reader in).
    let snapshot = || {
        (
            std::fs::read(&db).unwrap(),
            std::fs::read(format!("{}-wal", db.display())).unwrap_or_default(),
        )
    };
    let before = snapshot();
    let d = db.to_str().unwrap();
    for args in [
        vec!["export", "--db", d, "--table", "runs", "--format", "csv", "-o"],
        vec!["export", "--db", d, "--format", "parquet", "-o"],
    ] {
        let out = dir.join(format!("out-{}", args.len()));
        let mut args = args.clone();
        let o = out.display().to_string();
        args.push(&o);
        let output = gluteus(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert!(before == snapshot(), "the database changed");
    // Not a database of ours: refused, one line, exit 2.
    std::fs::write(dir.join("other.sqlite"), b"").unwrap();
    let output = gluteus(&[
        "export",
        "--db",
        dir.join("other.sqlite").to_str().unwrap(),
        "--table",
        "runs",
        "--format",
        "csv",
        "-o",
        "x.csv",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}
