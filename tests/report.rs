//! `gluteus report`: the folders and the index, self-contained pages, SVG and PNG charts of the
//! size asked, the same bytes every time, runs without positions or elevation, broken inputs,
//! chart snapshots, the README's picture, and a real browser when one is installed.

use crate::util::{chrome, chromium, gluteus, not_white, root, tempdir};
use gluteus::report::{self, ChartContext, ChartKind, ReportOptions, chart};
use gluteus::simulate::{self, Device, write};
use gluteus::{Analysis, Options, Units};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SAMPLES: [&str; 3] = [
    "samples/hill-repeats.fit",
    "samples/beach.gpx",
    "samples/track-intervals.tcx.gz",
];

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under a folder, by its path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let name = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `report` of the three samples with the beach's surface map, every format.
fn three_samples(out: &Path, extra: &[&str]) -> std::process::Output {
    let out = out.to_str().unwrap();
    let mut args = vec!["report"];
    args.extend(SAMPLES);
    args.extend([
        "--surface-map",
        "samples/beach.surfaces.geojson",
        "-o",
        out,
        "--format",
        "html,svg,png",
    ]);
    args.extend(extra);
    gluteus(&args)
}

fn analysis(file: &str, options: &Options) -> Analysis {
    gluteus::analyze_path(&root().join(file), options).unwrap()
}

/// What a page would load from elsewhere: `src`, stylesheets and icons, CSS `url()` and
/// `@import` that point outside the page.
fn outside_loads(page: &str) -> Vec<String> {
    let lower = page.to_ascii_lowercase();
    let mut found = Vec::new();
    for pattern in [
        " src=", "srcset=", "<link", "@import", "url(", "<script", "<iframe", "<object", "<image", "<use",
    ] {
        if lower.contains(pattern) {
            found.push(pattern.to_owned());
        }
    }
    found
}

#[test]
fn report_writes_a_page_per_run_and_an_index_linking_them() {
    let out = tempdir("report-three");
    let output = three_samples(&out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let index = read(&out.join("index.html"));
    for name in ["hill-repeats", "beach", "track-intervals"] {
        assert!(
            index.contains(&format!("href=\"{name}/index.html\"")),
            "index does not link {name}"
        );
        let page = read(&out.join(name).join("index.html"));
        let file = SAMPLES.iter().find(|f| f.contains(name)).unwrap();
        let options = gluteus::Settings {
            surface_map: Some(root().join("samples/beach.surfaces.geojson")),
            ..gluteus::Settings::default()
        }
        .options()
        .unwrap();
        let run = &analysis(file, &options).runs[0];
        // The verdict, the mass said to be assumed, a row per segment, and the charts.
        assert!(page.contains(&run.summary.verdict), "{name}: no verdict");
        assert!(page.contains("assumed"), "{name}: the mass is not said to be assumed");
        let rows = page
            .split("<table class=\"segments\">")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap();
        assert_eq!(
            rows.matches("<tr><td").count(),
            run.segments.len(),
            "{name}: segment rows"
        );
        assert!(page.matches("<svg ").count() >= 5, "{name}: fewer than five charts");
        assert!(page.contains("Content-Security-Policy"), "{name}: no CSP");
        assert_eq!(
            outside_loads(&page),
            Vec::<String>::new(),
            "{name}: loads from elsewhere"
        );
        // Every chart has a title and a text alternative; segments have hover text.
        assert_eq!(
            page.matches("<title id=\"chart-").count(),
            page.matches("<svg ").count()
        );
        assert_eq!(page.matches("<desc id=\"chart-").count(), page.matches("<svg ").count());
        assert!(page.contains("<title>Segment 1: "), "{name}: no hover text");
        // The index row has the run's distance, energy and verdict.
        assert!(index.contains(&format!("{:.0}</td>", run.summary.energy_kcal)));
        // The SVG and PNG files of each chart the run has.
        for kind in ChartKind::ALL {
            let has = kind.missing(run).is_none();
            for ext in ["svg", "png"] {
                let path = out.join(name).join(format!("{}.{ext}", kind.file_stem()));
                assert_eq!(path.is_file(), has, "{}", path.display());
            }
        }
    }
}

#[test]
fn svg_files_are_well_formed_with_text_and_data() {
    let out = tempdir("report-svg");
    let output = gluteus(&["report", SAMPLES[0], "-o", out.to_str().unwrap(), "--format", "svg"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!out.join("hill-repeats/index.html").exists(), "html was not asked for");
    let mut longest = 0;
    for kind in ChartKind::ALL.iter().filter(|k| **k != ChartKind::HrZones) {
        let svg = read(&out.join(format!("hill-repeats/{}.svg", kind.file_stem())));
        assert!(svg.starts_with("<svg "), "{kind:?}");
        assert!(svg.trim_end().ends_with("</svg>"), "{kind:?}");
        assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
        assert!(svg.matches("<text").count() >= 4, "{kind:?}: titles and axis labels");
        assert!(svg.contains(kind.title()), "{kind:?}: its title");
        for line in svg.split("points=\"").skip(1) {
            longest = longest.max(line.split('"').next().unwrap().split(' ').count());
        }
    }
    assert!(longest >= 50, "no line of 50 points: {longest}");
}

/// (width, height, share of pixels in the central 60 % that differ from the most common colour).
fn png_stats(bytes: &[u8]) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.line_size / w;
    let pixel = |x: usize, y: usize| &buf[y * info.line_size + x * channels..y * info.line_size + (x + 1) * channels];
    let mut counts: BTreeMap<&[u8], usize> = BTreeMap::new();
    for y in (0..h).step_by(3) {
        for x in (0..w).step_by(3) {
            *counts.entry(pixel(x, y)).or_default() += 1;
        }
    }
    let background = counts.iter().max_by_key(|(_, n)| **n).unwrap().0.to_vec();
    let (x0, x1, y0, y1) = (w / 5, w * 4 / 5, h / 5, h * 4 / 5);
    let drawn = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| pixel(x, y) != background.as_slice())
        .count();
    (info.width, info.height, drawn as f64 / ((x1 - x0) * (y1 - y0)) as f64)
}

#[test]
fn pngs_are_the_size_asked_with_something_drawn_in_the_plot() {
    let out = tempdir("report-png");
    let output = three_samples(&out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let files = tree(&out);
    let pngs: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(k, _)| Path::new(k.as_str()).extension().is_some_and(|e| e == "png"))
        .collect();
    assert!(pngs.len() >= 15, "{} PNG files", pngs.len());
    for (name, bytes) in &pngs {
        let (w, h, drawn) = png_stats(bytes);
        assert_eq!((w, h), (1200, 600), "{name}");
        assert!(drawn >= 0.0025, "{name}: {:.2} % drawn in the middle", 100.0 * drawn);
    }
    let small = tempdir("report-png-size");
    let output = gluteus(&[
        "report",
        SAMPLES[2],
        "-o",
        small.to_str().unwrap(),
        "--format",
        "png",
        "--size",
        "640x400",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for (name, bytes) in tree(&small) {
        let (w, h, _) = png_stats(&bytes);
        assert_eq!((w, h), (640, 400), "{name}");
    }
}

#[test]
fn a_size_out_of_range_is_a_usage_error() {
    let out = tempdir("report-bad-size");
    for size in ["10x10", "1200", "axb", "100000x600"] {
        let output = gluteus(&["report", SAMPLES[0], "-o", out.to_str().unwrap(), "--size", size]);
        assert_eq!(output.status.code(), Some(2), "--size {size}");
        assert!(stderr(&output).contains("--size"), "{}", stderr(&output));
    }
}

#[test]
fn same_input_same_bytes_whatever_the_thread_count() {
    let (one, two) = (tempdir("report-threads-1"), tempdir("report-threads-2"));
    let a = three_samples(&one, &["--threads", "1"]);
    let b = three_samples(&two, &["--threads", "2"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let (ta, tb) = (tree(&one), tree(&two));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{name} differs between --threads 1 and --threads 2");
    }
}

#[test]
fn a_broken_file_is_listed_in_the_index_and_the_others_reported() {
    let out = tempdir("report-broken");
    let broken = out.join("broken.fit");
    std::fs::write(&broken, b"\x0e\x10this is no FIT file at all\n").unwrap();
    let target = out.join("out");
    let output = gluteus(&[
        "report",
        SAMPLES[0],
        broken.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panic"), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).lines().filter(|l| l.contains("broken.fit")).count(),
        1,
        "{}",
        stderr(&output)
    );
    assert!(target.join("hill-repeats/index.html").is_file());
    let index = read(&target.join("index.html"));
    assert!(index.contains("broken.fit") && index.contains("failed"), "{index}");
    // Every input broken: exit 2, and still an index saying why.
    let only = out.join("only");
    let output = gluteus(&["report", broken.to_str().unwrap(), "-o", only.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(read(&only.join("index.html")).contains("broken.fit"));
}

#[test]
fn repeated_base_names_are_numbered_in_input_order() {
    let names = report::folder_names(&[
        ("a/run.fit", vec![0]),
        ("b/RUN.FIT", vec![0]),
        ("c/run.gpx.gz", vec![0]),
        ("run-2.tcx", vec![0]),
        ("multi.fit", vec![0, 3]),
        ("bad.fit", vec![]),
        (".gz", vec![0]),
    ]);
    let flat: Vec<Vec<&str>> = names.iter().map(|v| v.iter().map(String::as_str).collect()).collect();
    assert_eq!(
        flat,
        vec![
            vec!["run"],
            vec!["RUN"],
            vec!["run-2"],
            vec!["run-2-2"],
            vec!["multi-0", "multi-3"],
            vec!["bad"],
            vec!["run-3"],
        ]
    );
    // Through the command line: the second input of one base name goes to NAME-2/.
    let out = tempdir("report-repeated");
    let copy = out.join("in").join("hill-repeats.gpx");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(root().join(SAMPLES[1]), &copy).unwrap();
    let target = out.join("out");
    let output = gluteus(&[
        "report",
        SAMPLES[0],
        copy.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let first = read(&target.join("hill-repeats/index.html"));
    let second = read(&target.join("hill-repeats-2/index.html"));
    assert!(first.contains("hill-repeats.fit") && second.contains("hill-repeats.gpx"));
    let index = read(&target.join("index.html"));
    assert!(index.find("hill-repeats/index.html").unwrap() < index.find("hill-repeats-2/index.html").unwrap());
}

/// `text` without any `<tag>...</tag>` element.
fn strip(text: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        out.push_str(&rest[..i]);
        let j = rest[i..].find(&close).unwrap() + i + close.len();
        rest = &rest[j..];
    }
    out.push_str(rest);
    out
}

/// A treadmill-like TCX: times, distance and heart rate only (the simulated track course with its
/// positions and altitudes removed).
fn treadmill_tcx(dir: &Path) -> PathBuf {
    let course = simulate::built_in("track-intervals").unwrap();
    let sim = simulate::simulate(
        &course,
        &simulate::Options {
            device: Device::Ideal,
            ..simulate::Options::default()
        },
    );
    let tcx = String::from_utf8(write::encode(&sim, write::Format::Tcx)).unwrap();
    let path = dir.join("treadmill.tcx");
    std::fs::write(&path, strip(&strip(&tcx, "Position"), "AltitudeMeters")).unwrap();
    path
}

#[test]
fn a_run_without_positions_or_elevation_gets_a_page_with_notes() {
    let dir = tempdir("report-treadmill");
    let file = treadmill_tcx(&dir);
    assert!(!read(&file).contains("<Position>"));
    let out = dir.join("out");
    let output = gluteus(&[
        "report",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "html,svg,png",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panic"));
    let page = read(&out.join("treadmill/index.html"));
    assert!(page.matches("<svg ").count() >= 3, "charts on the page");
    assert!(
        page.contains("No positions (GPS) in this recording"),
        "a note on the route"
    );
    assert!(
        page.contains("No elevation in this recording"),
        "a note on the elevation"
    );
    assert!(!out.join("treadmill/route.svg").exists() && !out.join("treadmill/elevation.png").exists());
    assert!(out.join("treadmill/pace.png").is_file() && out.join("treadmill/energy.svg").is_file());
}

#[test]
fn an_analysis_read_back_without_its_series_still_gets_a_page() {
    let mut a = analysis(SAMPLES[0], &Options::default());
    a.runs[0].series = None;
    let files = report::run_report(
        &a,
        &a.runs[0],
        None,
        &ReportOptions {
            svg: true,
            png: true,
            ..ReportOptions::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    // The charts from segments only; the page says why the others are missing.
    assert!(
        names.contains(&"index.html") && names.contains(&"energy.svg") && names.contains(&"glute-sources.png"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"pace.svg") && !names.contains(&"route.svg"),
        "{names:?}"
    );
    let page = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(page.contains("No chart series in this analysis"));
}

#[test]
fn imperial_units_label_the_axes_in_miles_and_feet() {
    let out = tempdir("report-imperial");
    let output = gluteus(&[
        "report",
        SAMPLES[0],
        "-o",
        out.to_str().unwrap(),
        "--format",
        "svg",
        "--units",
        "imperial",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let elevation = read(&out.join("hill-repeats/elevation.svg"));
    assert!(elevation.contains("Distance (mi)") && elevation.contains("Elevation (ft)"));
    assert!(read(&out.join("hill-repeats/pace.svg")).contains("per mi"));
    let route = read(&out.join("hill-repeats/route.svg"));
    assert!(
        route.contains(" ft\n</text>") || route.contains(" mi\n</text>"),
        "the scale bar in feet or miles"
    );
}

#[test]
fn a_surface_map_draws_its_ways_beneath_the_route() {
    let out = tempdir("report-basemap");
    let with = gluteus(&[
        "report",
        SAMPLES[0],
        "-o",
        out.join("with").to_str().unwrap(),
        "--format",
        "svg",
        "--surface-map",
        "samples/hill-repeats.surfaces.geojson",
    ]);
    let without = gluteus(&[
        "report",
        SAMPLES[0],
        "-o",
        out.join("without").to_str().unwrap(),
        "--format",
        "svg",
    ]);
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    // The map's ways are drawn in light grey.
    let grey = "stroke=\"#CDCDCD\"";
    let (a, b) = (
        read(&out.join("with/hill-repeats/route.svg")),
        read(&out.join("without/hill-repeats/route.svg")),
    );
    assert!(
        a.matches(grey).count() > b.matches(grey).count() + 1,
        "{} vs {}",
        a.matches(grey).count(),
        b.matches(grey).count()
    );
}

/// Renders each chart of the hill-repeats sample (with an athlete whose maximum heart rate gives
/// zones) and compares it with `tests/snapshots/report/<chart>.svg`. With `GLUTEUS_BLESS=1` the
/// snapshots are written instead.
#[test]
fn chart_svgs_match_their_snapshots() {
    let dir = tempdir("report-snapshots");
    let athlete = dir.join("athlete.toml");
    std::fs::write(&athlete, "mass_kg = 64.0\nmax_hr_bpm = 185\n").unwrap();
    let options = gluteus::Settings {
        athlete_file: Some(athlete),
        ..gluteus::Settings::default()
    }
    .options()
    .unwrap();
    let a = analysis(SAMPLES[0], &options);
    let run = &a.runs[0];
    let ctx = ChartContext {
        units: Units::Metric,
        basemap: None,
    };
    let snapshots = root().join("tests/snapshots/report");
    let bless = std::env::var_os("GLUTEUS_BLESS").is_some_and(|v| v == "1");
    let mut differ = Vec::new();
    for kind in ChartKind::ALL {
        let svg = chart::svg(kind, run, &ctx, chart::DEFAULT_SIZE)
            .unwrap()
            .unwrap_or_else(|| panic!("{kind:?} missing"));
        // Twice, the same bytes.
        assert_eq!(svg, chart::svg(kind, run, &ctx, chart::DEFAULT_SIZE).unwrap().unwrap());
        let path = snapshots.join(format!("{}.svg", kind.file_stem()));
        if bless {
            std::fs::create_dir_all(&snapshots).unwrap();
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != svg {
            std::fs::write(path.with_extension("svg.new"), &svg).unwrap();
            differ.push(kind.file_stem());
        }
    }
    assert!(
        differ.is_empty(),
        "charts differ from tests/snapshots/report: {differ:?}; each new drawing is beside its snapshot as .svg.new: look at both, and if the new one is right, run GLUTEUS_BLESS=1 cargo test chart_svgs"
    );
}

/// The picture in the README is what the code draws now: `scripts/readme-chart.sh` makes it with
/// the command below.
#[test]
fn the_readme_picture_is_what_the_code_draws() {
    let committed = std::fs::read(root().join("docs/images/hill-repeats-elevation.png")).unwrap();
    let out = tempdir("report-readme");
    let output = gluteus(&[
        "report",
        SAMPLES[0],
        "-o",
        out.to_str().unwrap(),
        "--format",
        "png",
        "--size",
        "1000x500",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let drawn = std::fs::read(out.join("hill-repeats/elevation.png")).unwrap();
    assert!(
        drawn == committed,
        "docs/images/hill-repeats-elevation.png is not what the code draws: run scripts/readme-chart.sh"
    );
    let script = read(&root().join("scripts/readme-chart.sh"));
    assert!(
        script.contains("--format png --size 1000x500"),
        "the script and this test draw alike"
    );
    assert!(read(&root().join("README.md")).contains("docs/images/hill-repeats-elevation.png"));
}

/// A real browser draws a run page: a screenshot that is not blank, and every chart in the DOM
/// with drawn paths.
#[test]
#[cfg_attr(
    not(chromium),
    ignore = "needs chromium (Debian's chromium package; .ci/run installs it)"
)]
fn chromium_draws_every_chart_of_a_page() {
    let exe = chromium().expect("chromium on PATH");
    let out = tempdir("report-browser");
    let output = three_samples(&out.join("out"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = out.join("out/hill-repeats/index.html");
    let url = format!("file://{}", page.display());
    let shot = out.join("shot.png");
    let (code, _) = chrome(
        &exe,
        &out.join("profile-1"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            &url,
        ],
    );
    assert_eq!(code, Some(0), "chromium --screenshot");
    let (w, h, _) = png_stats(&std::fs::read(&shot).unwrap());
    assert_eq!((w, h), (1280, 2000));
    // Not blank: well over 2 % of the pixels differ from the page's background.
    let share = not_white(&std::fs::read(&shot).unwrap());
    assert!(share > 0.05, "screenshot {:.1} % drawn", 100.0 * share);
    let (code, dom) = chrome(&exe, &out.join("profile-2"), &["--dump-dom", &url]);
    assert_eq!(code, Some(0), "chromium --dump-dom");
    let charts: Vec<&str> = dom.split("<svg ").skip(1).collect();
    assert!(charts.len() >= 5, "{} charts in the DOM", charts.len());
    for chart in charts {
        let body = chart.split("</svg>").next().unwrap();
        assert!(
            body.contains("<polyline") || body.contains("<path") || body.contains("<polygon"),
            "a chart with nothing drawn"
        );
    }
    // It prints: a PDF of several pages (the CSS keeps each chart on one page).
    let pdf = out.join("page.pdf");
    let (code, _) = chrome(
        &exe,
        &out.join("profile-3"),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url,
        ],
    );
    assert_eq!(code, Some(0), "chromium --print-to-pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let pages = bytes
        .windows(10)
        .filter(|w| w == b"/Type /Pag" || w == b"/Type/Page")
        .count();
    assert!(bytes.starts_with(b"%PDF") && pages >= 2, "{pages} pages");
}
