//! Issue 15: `gluteus trends` over an archive of simulated runs on chosen dates, stored by `batch`:
//! every flag, the weekly and monthly sums against the runs table, fitness and fatigue against a
//! direct computation, the records against the runs that hold them, local days, and the page.

use crate::util::{chrome, chromium, gluteus, not_white, root, tempdir};
use gluteus::simulate::{self, Device, write};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Monday 2026-06-01 00:00 UTC: the first day of 2026-W23.
const MONDAY: i64 = 1_780_272_000;
const DAY: i64 = 86_400;

fn course(name: &str, legs: &[(f64, &str)]) -> simulate::Course {
    let mut text = format!(
        "name = \"{name}\"\ndescription = \"flat\"\npath = \"loop\"\n\
         start = {{ lat = 52.358, lon = 4.8686, ele_m = 2.0 }}\nrunner = {{ mass_kg = 70.0, cadence_spm = 170.0 }}\n"
    );
    for (m, pace) in legs {
        let _ = write!(
            text,
            "[[leg]]\nlength_m = {m}\npace = \"{pace}\"\nsurface = \"asphalt\"\n"
        );
    }
    simulate::parse(&text).unwrap()
}

/// The plan: per week, (day of the week, course, hour UTC); the last week's Monday run starts at
/// 23:30 UTC on the Sunday before, at +02:00.
fn archive(dir: &Path) -> PathBuf {
    let easy = course("easy", &[(6000.0, "6:00")]);
    let long = course("long", &[(7500.0, "6:00")]);
    let tempo = course("tempo", &[(1500.0, "6:00"), (5200.0, "4:30"), (1000.0, "6:00")]);
    let hills = simulate::built_in("hill-repeats").unwrap();
    let plan: [&[(i64, &simulate::Course)]; 8] = [
        &[(1, &easy), (3, &easy), (5, &easy)],
        &[(1, &easy), (3, &easy), (5, &easy)],
        &[(1, &long), (3, &long), (5, &long)],
        &[(1, &easy), (5, &easy)],
        &[(1, &hills), (3, &easy), (5, &tempo)],
        &[],
        &[(1, &easy), (3, &easy), (5, &easy)],
        &[(0, &hills), (3, &easy), (5, &easy)],
    ];
    let folder = dir.join("archive");
    std::fs::create_dir_all(&folder).unwrap();
    let mut seed = 1;
    for (week, runs) in plan.iter().enumerate() {
        for &(weekday, course) in *runs {
            seed += 1;
            let day = MONDAY + (7 * i64::try_from(week).unwrap() + weekday) * DAY;
            let (start, offset) = if week == 7 && weekday == 0 {
                (day + 90 * 60 - 7200, 7200)
            } else {
                (day + 10 * 3600, 0)
            };
            let sim = simulate::simulate(
                course,
                &simulate::Options {
                    device: Device::Ideal,
                    seed,
                    start_unix_s: start,
                    utc_offset_s: offset,
                    ..simulate::Options::default()
                },
            );
            let name = format!("w{week}-{weekday}-{}.fit", course.name);
            std::fs::write(folder.join(name), write::encode(&sim, write::Format::Fit)).unwrap();
        }
    }
    folder
}

fn run_ok(args: &[&str]) -> String {
    let output = gluteus(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A stored run as the test reads it back.
struct Stored {
    sha: String,
    session: i64,
    day: String,
    monday: i64,
    month: String,
    distance_m: f64,
    timer_s: f64,
    moving_s: f64,
}

/// `YYYY-MM-DD` of a day number.
fn date(day: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(day * DAY).unwrap();
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

fn stored(db: &Path) -> Vec<Stored> {
    let conn = Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT content_sha256, session, start_unix_s, utc_offset_s, distance_m, timer_s, moving_s FROM runs")
        .unwrap();
    statement
        .query_map([], |r| {
            let start: f64 = r.get(2)?;
            let offset: Option<f64> = r.get(3)?;
            #[allow(clippy::cast_possible_truncation)]
            let day = ((start + offset.unwrap_or(0.0)) / DAY as f64).floor() as i64;
            let monday = day - (day + 3).rem_euclid(7);
            Ok(Stored {
                sha: r.get(0)?,
                session: r.get(1)?,
                day: date(day),
                monday,
                month: date(day)[..7].to_owned(),
                distance_m: r.get(4)?,
                timer_s: r.get(5)?,
                moving_s: r.get(6)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn trends_of_an_archive_agree_with_its_runs() {
    let dir = tempdir("trends-archive");
    let folder = archive(&dir);
    let db = dir.join("runs.sqlite");
    let d = db.to_str().unwrap();
    run_ok(&["batch", folder.to_str().unwrap(), "--db", d, "--quiet"]);
    let runs = stored(&db);
    assert_eq!(runs.len(), 20);
    let doc: serde_json::Value = serde_json::from_str(&run_ok(&["trends", "--db", d, "--json"])).unwrap();

    // Weeks: the eight of the window, in order, every one present, sums equal to the runs'.
    let weeks = doc["weeks"].as_array().unwrap();
    let labels: Vec<&str> = weeks.iter().map(|w| w["week"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            "2026-W23", "2026-W24", "2026-W25", "2026-W26", "2026-W27", "2026-W28", "2026-W29", "2026-W30"
        ]
    );
    let mut distance = Vec::new();
    for (k, week) in weeks.iter().enumerate() {
        let monday = MONDAY / DAY + 7 * i64::try_from(k).unwrap();
        assert_eq!(week["start"], date(monday));
        let mine: Vec<&Stored> = runs.iter().filter(|r| r.monday == monday).collect();
        assert_eq!(week["runs"], mine.len(), "{}", labels[k]);
        for (field, sum) in [
            ("distance_m", mine.iter().map(|r| r.distance_m).sum::<f64>()),
            ("timer_s", mine.iter().map(|r| r.timer_s).sum()),
            ("moving_s", mine.iter().map(|r| r.moving_s).sum()),
        ] {
            assert!(close(week[field].as_f64().unwrap(), sum), "{} {field}", labels[k]);
        }
        distance.push(week["distance_m"].as_f64().unwrap());
        // The flags, from the rules applied here.
        let rule = |name: &str| {
            week["flags"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["rule"] == name)
                .cloned()
        };
        let before = if k == 0 { 0.0 } else { distance[k - 1] };
        let rise = 100.0 * (distance[k] / before - 1.0);
        match rule("ramp") {
            Some(flag) => {
                assert!(before > 0.0 && rise > 10.0, "{}: ramp after {before} m", labels[k]);
                assert!((flag["pct"].as_f64().unwrap() - rise).abs() < 0.06, "{}", labels[k]);
            }
            None => assert!(before == 0.0 || rise <= 10.0, "{}: no ramp at {rise:.1} %", labels[k]),
        }
        let long = mine.iter().filter(|r| r.timer_s >= 1800.0).count();
        match rule("few_runs") {
            Some(flag) => assert!(long < 3 && flag["runs"] == long, "{}", labels[k]),
            None => assert!(long >= 3, "{}: {long} runs of 30 minutes", labels[k]),
        }
    }
    // The cases the plan was made for.
    assert!(
        weeks[2]["flags"][0]["rule"] == "ramp" && (weeks[2]["flags"][0]["pct"].as_f64().unwrap() - 25.0).abs() < 1.0
    );
    assert_eq!(weeks[5]["runs"], 0, "the empty week is a zero, not a gap");
    assert!(
        !weeks[6]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "ramp"),
        "a week after a zero week is not judged"
    );
    // The Monday run at 01:30 local (+02:00), 23:30 UTC on Sunday, is in W30.
    assert_eq!(weeks[7]["runs"], 3);
    assert_eq!(weeks[6]["runs"], 3);

    // Months.
    let months = doc["months"].as_array().unwrap();
    let mut by_month: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for r in &runs {
        let e = by_month.entry(r.month.as_str()).or_default();
        e.0 += 1;
        e.1 += r.distance_m;
    }
    assert_eq!(months.len(), by_month.len());
    for (m, (month, (n, metres))) in months.iter().zip(&by_month) {
        assert_eq!(m["month"], *month);
        assert_eq!(m["runs"], *n);
        assert!(close(m["distance_m"].as_f64().unwrap(), *metres));
        let shares: f64 = m["glute_sources"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!(
            close(shares, m["glute_stimulus"].as_f64().unwrap()),
            "each segment counted once"
        );
    }

    // Fitness and fatigue: one entry a day, load exactly on run days, the EWMA recomputed here.
    let load = doc["load"].as_array().unwrap();
    assert_eq!(load.len(), 56);
    let run_days: std::collections::BTreeSet<&str> = runs.iter().map(|r| r.day.as_str()).collect();
    let (kf, ka) = (1.0 - (-1.0_f64 / 42.0).exp(), 1.0 - (-1.0_f64 / 7.0).exp());
    let (mut fitness, mut fatigue) = (0.0, 0.0);
    for (k, entry) in load.iter().enumerate() {
        assert_eq!(entry["date"], date(MONDAY / DAY + i64::try_from(k).unwrap()));
        let l = entry["training_load"].as_f64().unwrap();
        assert_eq!(
            l > 0.0,
            run_days.contains(entry["date"].as_str().unwrap()),
            "{}",
            entry["date"]
        );
        fitness += (l - fitness) * kf;
        fatigue += (l - fatigue) * ka;
        assert!(
            (entry["fitness"].as_f64().unwrap() - fitness).abs() < 0.002,
            "{}",
            entry["date"]
        );
        assert!(
            (entry["fatigue"].as_f64().unwrap() - fatigue).abs() < 0.002,
            "{}",
            entry["date"]
        );
        let form = entry["form"].as_f64().unwrap();
        assert!((form - (fitness - fatigue)).abs() < 0.003);
    }

    // Records: the fastest best effort of each distance in the store, with its run's local date.
    let conn = Connection::open(&db).unwrap();
    let records = doc["records"].as_array().unwrap();
    for distance in ["400m", "1km", "1mi", "5km"] {
        let (sha, session, time): (String, i64, f64) = conn
            .query_row(
                "SELECT content_sha256, session, time_s FROM best_efforts WHERE distance = ?1 ORDER BY time_s LIMIT 1",
                [distance],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        let record = records
            .iter()
            .find(|r| r["distance"] == distance && r["year"].is_null())
            .unwrap_or_else(|| panic!("no {distance} record"));
        assert_eq!(record["content_sha256"], sha.as_str());
        assert_eq!(record["session"], session);
        assert!(close(record["time_s"].as_f64().unwrap(), time));
        let day = &runs.iter().find(|r| r.sha == sha && r.session == session).unwrap().day;
        assert_eq!(record["date"], day.as_str());
        // The tempo run at 4:30/km holds them.
        assert!((time / gluteus::analysis::EffortDistance::from_name(distance).unwrap().metres() - 0.27).abs() < 0.005);
    }
    assert!(
        !records
            .iter()
            .any(|r| r["distance"] == "10km" || r["distance"] == "half")
    );

    // The CSV is the weekly table.
    let csv = run_ok(&["trends", "--db", d, "--csv"]);
    assert_eq!(csv.lines().count(), 9);
    assert!(csv.starts_with("week,start,runs,"));

    // --tz UTC moves the +02:00 run back to Sunday, in W29; a window cuts the weeks.
    let utc: serde_json::Value =
        serde_json::from_str(&run_ok(&["trends", "--db", d, "--json", "--tz", "UTC"])).unwrap();
    assert_eq!(utc["weeks"][6]["runs"], 4);
    assert_eq!(utc["weeks"][7]["runs"], 2);
    let cut: serde_json::Value = serde_json::from_str(&run_ok(&[
        "trends",
        "--db",
        d,
        "--json",
        "--since",
        "2026-06-08",
        "--until",
        "2026-06-21",
    ]))
    .unwrap();
    assert_eq!(cut["weeks"].as_array().unwrap().len(), 2);
    assert_eq!(cut["load"].as_array().unwrap().len(), 14);
    assert!(
        cut["weeks"][0]["flags"].as_array().unwrap().is_empty(),
        "W24 equals W23, which is before the window but still counts for the ramp"
    );

    // The page.
    let out = dir.join("page");
    run_ok(&["trends", "--db", d, "-o", out.to_str().unwrap()]);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.matches("<svg ").count() >= 8, "every chart inline");
    assert!(
        !page.contains("src=") && !page.contains("<script"),
        "self-contained, no script"
    );
    assert!(page.contains("2026-W25") && page.contains("ramp +"));
    for advice in doc["advice"].as_array().unwrap() {
        let text = advice["text"].as_str().unwrap();
        assert!(page.contains(&text.replace('\'', "&#39;")), "{text}");
    }
    // --reports links each record to its run's report, relative to the page.
    let reports = dir.join("reports");
    let tempo = folder.join("w4-5-tempo.fit");
    run_ok(&["report", tempo.to_str().unwrap(), "-o", reports.to_str().unwrap()]);
    run_ok(&[
        "trends",
        "--db",
        d,
        "-o",
        out.to_str().unwrap(),
        "--reports",
        reports.to_str().unwrap(),
    ]);
    let linked = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        linked.contains("href=\"../reports/w4-5-tempo/index.html\""),
        "a record links to its report"
    );
    // Bad requests: one line, exit 2.
    for args in [
        vec!["trends", "--db", d, "--since", "2026-07-01", "--until", "2026-06-01"],
        vec!["trends", "--db", "no-such.sqlite"],
        vec!["trends", "--db", d, "--tz", "Mars/Olympus"],
        vec!["trends", "--db", d, "--since", "2026-02-30"],
    ] {
        let output = gluteus(&args);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    // A browser draws it (when chromium is here; the test below says so when it is not).
    if let Some(exe) = chromium() {
        let (code, dom) = chrome(
            &exe,
            &dir.join("profile"),
            &["--dump-dom", &format!("file://{}", out.join("index.html").display())],
        );
        assert_eq!(code, Some(0));
        assert!(dom.matches("<svg ").count() >= 8);
    }
}

#[test]
#[cfg_attr(
    not(chromium),
    ignore = "needs chromium (Debian's chromium package; .ci/run installs it)"
)]
fn chromium_draws_the_trends_page() {
    let exe = chromium().expect("chromium on PATH");
    let dir = tempdir("trends-browser");
    let db = dir.join("runs.sqlite");
    run_ok(&[
        "batch",
        root().join("samples").to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--quiet",
    ]);
    let out = dir.join("page");
    run_ok(&["trends", "--db", db.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let shot = dir.join("shot.png");
    let (code, _) = chrome(
        &exe,
        &dir.join("profile"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,3000",
            &format!("file://{}", out.join("index.html").display()),
        ],
    );
    assert_eq!(code, Some(0));
    let share = not_white(&std::fs::read(&shot).unwrap());
    assert!(share > 0.05, "screenshot {:.1} % drawn", 100.0 * share);
}
