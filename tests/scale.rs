//! Issue 16 (in part): shards without coordination, and Parquet that `DuckDB` reads as one dataset.

use crate::util::{gluteus, root, tempdir};
use gluteus::simulate::{self, Device, write};
use rusqlite::Connection;
use sha2::Digest as _;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

const SHARDS: u64 = 3;

fn short_run(seed: u64, day: i64, format: write::Format) -> Vec<u8> {
    let course = simulate::parse(
        "name = \"short\"\ndescription = \"2 km\"\npath = \"loop\"\n\
         start = { lat = 52.358, lon = 4.8686, ele_m = 2.0 }\nrunner = { mass_kg = 70.0, cadence_spm = 170.0 }\n\
         [[leg]]\nlength_m = 2000.0\npace = \"5:30\"\nsurface = \"asphalt\"\n",
    )
    .unwrap();
    let sim = simulate::simulate(
        &course,
        &simulate::Options {
            device: Device::Ideal,
            seed,
            // Every four days from 2025-11-03, across a new year.
            start_unix_s: 1_762_153_200 + day * 4 * 86_400,
            ..simulate::Options::default()
        },
    );
    write::encode(&sim, format)
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        out.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// An archive folder: year folders of FIT, GPX and gzipped TCX files, a zip with a zip inside,
/// and a broken file.
fn archive(dir: &Path) -> PathBuf {
    let folder = dir.join("archive");
    let mut seed = 0;
    let mut next = |format| {
        seed += 1;
        short_run(seed, i64::try_from(seed).unwrap(), format)
    };
    for k in 0..18 {
        let year = if k < 9 { "2025" } else { "2026" };
        let sub = folder.join(year);
        std::fs::create_dir_all(&sub).unwrap();
        let (name, bytes) = match k % 3 {
            0 => (format!("run-{k}.fit"), next(write::Format::Fit)),
            1 => (format!("run-{k}.gpx"), next(write::Format::Gpx)),
            _ => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(&next(write::Format::Tcx)).unwrap();
                (format!("run-{k}.tcx.gz"), gz.finish().unwrap())
            }
        };
        std::fs::write(sub.join(name), bytes).unwrap();
    }
    let inner = zip_of(&[
        ("deep/a.fit", next(write::Format::Fit)),
        ("deep/b.fit", next(write::Format::Fit)),
    ]);
    let outer = zip_of(&[
        ("x/one.fit", next(write::Format::Fit)),
        ("x/two.gpx", next(write::Format::Gpx)),
        ("inner.zip", inner),
    ]);
    std::fs::write(folder.join("bundle.zip"), outer).unwrap();
    std::fs::write(folder.join("2026/broken.fit"), b".FIT but not really").unwrap();
    folder
}

fn run(args: &[&str]) -> std::process::Output {
    let output = gluteus(args);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every input of a database: its key (the path relative to `folder`, `!` and the entry).
fn keys(db: &Path, folder: &Path) -> BTreeSet<String> {
    let conn = Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT path, entry FROM sources UNION SELECT path, entry FROM failures")
        .unwrap();
    statement
        .query_map([], |r| {
            let (path, entry): (String, String) = (r.get(0)?, r.get(1)?);
            let rel = Path::new(&path)
                .strip_prefix(folder)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            Ok(if entry.is_empty() {
                rel
            } else {
                format!("{rel}!{entry}")
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The shard of a key, computed here as the issue defines it.
fn shard_of(key: &str) -> u64 {
    let digest = sha2::Sha256::digest(key.as_bytes());
    u64::from_be_bytes(digest[..8].try_into().unwrap()) % SHARDS
}

#[test]
fn shards_cover_every_input_exactly_once() {
    let dir = tempdir("scale-shards");
    let folder = archive(&dir);
    let f = folder.to_str().unwrap();
    let full = dir.join("full.sqlite");
    run(&["batch", f, "--db", full.to_str().unwrap(), "--quiet"]);
    let all = keys(&full, &folder);
    assert_eq!(all.len(), 23, "{all:?}");
    assert!(all.contains("bundle.zip!inner.zip!deep/a.fit"), "{all:?}");
    let mut seen = BTreeSet::new();
    let mut runs = 0;
    for k in 0..SHARDS {
        let db = dir.join(format!("shard-{k}.sqlite"));
        let shard = format!("{k}/{SHARDS}");
        let output = run(&["batch", f, "--db", db.to_str().unwrap(), "--shard", &shard, "--quiet"]);
        let mine = keys(&db, &folder);
        for key in &mine {
            assert_eq!(shard_of(key), k, "{key} in shard {k}");
            assert!(seen.insert(key.clone()), "{key} in two shards");
        }
        // The broken file fails in its own shard only, and that shard alone exits 1.
        let broken = mine.contains("2026/broken.fit");
        assert_eq!(output.status.code(), Some(i32::from(broken)), "shard {k}");
        runs += count(&db, "SELECT COUNT(*) FROM runs");
    }
    assert_eq!(seen, all, "the shards together hold every input");
    assert_eq!(runs, count(&full, "SELECT COUNT(*) FROM runs"));
}

/// Rows per table and the files (relative paths) of a Parquet folder, read with the parquet crate.
fn parquet_rows(out: &Path) -> (BTreeMap<String, usize>, BTreeSet<String>) {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let mut rows = BTreeMap::new();
    let mut files = BTreeSet::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
            let table = rel.split('/').next().unwrap().to_owned();
            let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            // Every column of the SQLite table, with its type.
            let spec = gluteus::store::rows::TABLES.iter().find(|t| t.name == table).unwrap();
            let schema = reader.schema().clone();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            let want: Vec<&str> = spec.columns.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, want, "{rel}");
            let n: usize = reader.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
            *rows.entry(table).or_insert(0) += n;
            files.insert(rel);
        }
    }
    (rows, files)
}

#[test]
fn parquet_of_shards_is_one_dataset_and_reruns_replace_their_parts() {
    let dir = tempdir("scale-parquet");
    let folder = archive(&dir);
    let f = folder.to_str().unwrap();
    let full = dir.join("full.sqlite");
    run(&["batch", f, "--db", full.to_str().unwrap(), "--quiet"]);
    let out = dir.join("parquet");
    let o = out.to_str().unwrap();
    for k in 0..SHARDS {
        run(&[
            "batch",
            f,
            "--shard",
            &format!("{k}/{SHARDS}"),
            "--parquet",
            o,
            "--quiet",
        ]);
    }
    let (rows, files) = parquet_rows(&out);
    for table in ["runs", "segments", "best_efforts", "failures", "skipped"] {
        let want = usize::try_from(count(&full, &format!("SELECT COUNT(*) FROM {table}"))).unwrap();
        assert_eq!(rows.get(table).copied().unwrap_or(0), want, "{table}");
    }
    for file in &files {
        let name = file.rsplit('/').next().unwrap();
        assert!(
            name.starts_with("part-") && name.ends_with("-of-3-000.parquet"),
            "{file}"
        );
        let depth = file.matches('/').count();
        if file.starts_with("failures/") || file.starts_with("skipped/") {
            assert_eq!(depth, 1, "{file}");
        } else {
            assert!(file.split('/').nth(1).unwrap().starts_with("year=20"), "{file}");
        }
    }
    assert!(
        files.iter().any(|f| f.starts_with("runs/year=2025/"))
            && files.iter().any(|f| f.starts_with("runs/year=2026/"))
    );
    // Shard 0 again: the same files and rows, not twice as many.
    run(&["batch", f, "--shard", &format!("0/{SHARDS}"), "--parquet", o, "--quiet"]);
    assert_eq!(parquet_rows(&out), (rows, files));
    // export writes every table of a database in the same layout.
    let exported = dir.join("export");
    run(&[
        "export",
        "--db",
        full.to_str().unwrap(),
        "--format",
        "parquet",
        "-o",
        exported.to_str().unwrap(),
    ]);
    let (rows, _) = parquet_rows(&exported);
    for table in gluteus::store::rows::TABLES {
        let want = usize::try_from(count(&full, &format!("SELECT COUNT(*) FROM {}", table.name))).unwrap();
        assert_eq!(rows.get(table.name).copied().unwrap_or(0), want, "{}", table.name);
    }
}

/// `DuckDB` reads the shards' Parquet as it is and gets the unsharded database's weekly distance.
#[test]
#[cfg_attr(
    not(duckdb),
    ignore = "needs DuckDB in .venv (python3 -m venv .venv && .venv/bin/pip install duckdb; .ci/run does it)"
)]
fn duckdb_reads_the_shards_as_the_database() {
    let dir = tempdir("scale-duckdb");
    let folder = archive(&dir);
    // The same run twice more: its bytes again, and its GPX (other bytes, the same run).
    let copies = folder.join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    std::fs::copy(folder.join("2025/run-0.fit"), copies.join("run-0-again.fit")).unwrap();
    std::fs::write(copies.join("run-0.gpx"), short_run(1, 1, write::Format::Gpx)).unwrap();
    let f = folder.to_str().unwrap();
    let full = dir.join("full.sqlite");
    run(&["batch", f, "--db", full.to_str().unwrap(), "--quiet"]);
    let out = dir.join("parquet");
    for k in 0..SHARDS {
        run(&[
            "batch",
            f,
            "--shard",
            &format!("{k}/{SHARDS}"),
            "--parquet",
            out.to_str().unwrap(),
            "--quiet",
        ]);
    }
    // docs/scale.md's views: one row per key, then one run per group of the same run.
    let docs = std::fs::read_to_string(root().join("docs/scale.md")).unwrap();
    let views: Vec<&str> = docs
        .split("```sql\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .filter(|b| b.contains("CREATE VIEW"))
        .collect();
    assert_eq!(views.len(), 1, "docs/scale.md holds the dedupe query");
    let views = views[0].replace("out/runs/", &format!("{}/runs/", out.display()));
    let week = "strftime(to_timestamp(start_unix_s), '%G-W%V')";
    let script = format!(
        "import duckdb, json\n\
         con = duckdb.connect()\n\
         for statement in {views:?}.split(';'):\n    statement.strip() and con.sql(statement)\n\
         rows = con.sql(\"SELECT {week} AS w, COUNT(*), ROUND(SUM(distance_m), 3) FROM kept GROUP BY w ORDER BY w\").fetchall()\n\
         raw = con.sql(\"SELECT COUNT(*) FROM read_parquet('{}/runs/**/*.parquet', hive_partitioning = true)\").fetchall()[0][0]\n\
         print(json.dumps({{'raw': raw, 'weeks': [[r[0], r[1], r[2]] for r in rows]}}))\n",
        out.display()
    );
    let python = root().join(".venv/bin/python");
    let output = std::process::Command::new(python)
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let weeks: Vec<(String, i64, f64)> = serde_json::from_value(answer["weeks"].clone()).unwrap();
    // The copies fell into other shards than the first recording, so the query had work to do.
    assert_eq!(count(&full, "SELECT COUNT(*) FROM duplicates"), 2);
    assert!(
        answer["raw"].as_i64().unwrap() > count(&full, "SELECT COUNT(*) FROM runs"),
        "{answer}"
    );
    // The same from SQLite, ISO weeks computed here.
    let conn = Connection::open(&full).unwrap();
    let mut by_week: BTreeMap<String, (i64, f64)> = BTreeMap::new();
    let mut statement = conn.prepare("SELECT start_unix_s, distance_m FROM runs").unwrap();
    for row in statement
        .query_map([], |r| Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?)))
        .unwrap()
    {
        let (start, distance) = row.unwrap();
        #[allow(clippy::cast_possible_truncation)]
        let t = time::OffsetDateTime::from_unix_timestamp(start.floor() as i64).unwrap();
        let (year, week, _) = t.to_iso_week_date();
        let e = by_week.entry(format!("{year}-W{week:02}")).or_default();
        e.0 += 1;
        e.1 += distance;
    }
    assert_eq!(weeks.len(), by_week.len(), "{weeks:?}");
    for ((w, n, km), (want_w, (want_n, want_m))) in weeks.iter().zip(&by_week) {
        assert_eq!((w, n), (want_w, want_n));
        assert!((km - want_m).abs() < 0.01, "{w}: {km} vs {want_m}");
    }
}
