//! `gluteus report`: one self-contained HTML page per run (inline CSS and SVG charts, no script,
//! nothing loaded from elsewhere), the chart files beside it, and an index of the runs.

use super::chart::{self, Basemap, ChartContext, ChartError, ChartKind, escape};
use super::format::{clock, distance, grade, height, pace};
use crate::analysis::{Analysis, MassSource, Run};
use crate::vocab::Units;
use std::collections::HashSet;
use std::fmt::Write as _;

/// What a report holds and how its charts are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// Units of the page and the charts.
    pub units: Units,
    /// Chart size, pixels (SVG and PNG).
    pub size: (u32, u32),
    /// Write `index.html` pages.
    pub html: bool,
    /// Write each chart as an `.svg` file.
    pub svg: bool,
    /// Write each chart as a `.png` file.
    pub png: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            units: Units::Metric,
            size: chart::DEFAULT_SIZE,
            html: true,
            svg: false,
            png: false,
        }
    }
}

/// One file of a report: its path inside the run's folder and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFile {
    /// File name inside the run's folder (`index.html`, `elevation.svg`, ...).
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The files of one run's report: `index.html` (when asked) and each chart the run has, as SVG
/// and PNG (when asked). Charts are drawn from the run's downsampled series, so a long run draws
/// as fast as a short one.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw a chart.
pub fn run_report(
    analysis: &Analysis,
    run: &Run,
    basemap: Option<&Basemap>,
    options: &ReportOptions,
) -> Result<Vec<ReportFile>, ChartError> {
    let ctx = ChartContext {
        units: options.units,
        basemap,
    };
    let mut files = Vec::new();
    let mut inline = Vec::new();
    for kind in ChartKind::ALL {
        if (options.html || options.svg)
            && let Some(svg) = chart::svg(kind, run, &ctx, options.size)?
        {
            if options.svg {
                files.push(ReportFile {
                    name: format!("{}.svg", kind.file_stem()),
                    bytes: svg.as_bytes().to_vec(),
                });
            }
            inline.push((kind, svg));
        }
        if options.png
            && let Some(png) = chart::png(kind, run, &ctx, options.size)?
        {
            files.push(ReportFile {
                name: format!("{}.png", kind.file_stem()),
                bytes: png,
            });
        }
    }
    if options.html {
        let page = run_page(analysis, run, &inline, options);
        files.insert(
            0,
            ReportFile {
                name: "index.html".to_owned(),
                bytes: page.into_bytes(),
            },
        );
    }
    Ok(files)
}

/// The folder name of each run of each input, in input order: the file name without `.gz` and
/// its format extension; `-<session>` when the file gives more than one run; `-2`, `-3`, ... for
/// a base name already used by an earlier input (and further on, past any name taken).
///
/// `inputs` holds each input's file name and the sessions of its runs (empty when it failed).
///
/// # Examples
/// ```
/// use gluteus::report::folder_names;
/// let names = folder_names(&[("a/run.fit", vec![0]), ("b/run.gpx.gz", vec![0]), ("two.fit", vec![0, 2])]);
/// assert_eq!(names, vec![vec!["run".to_owned()], vec!["run-2".to_owned()],
///                        vec!["two-0".to_owned(), "two-2".to_owned()]]);
/// ```
pub fn folder_names(inputs: &[(&str, Vec<usize>)]) -> Vec<Vec<String>> {
    let mut used: HashSet<String> = HashSet::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    inputs
        .iter()
        .map(|(file, sessions)| {
            let base = base_name(file);
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            let mut k = *count;
            let mut name = if k == 1 { base.clone() } else { format!("{base}-{k}") };
            while used.contains(&name) {
                k += 1;
                name = format!("{base}-{k}");
            }
            used.insert(name.clone());
            if sessions.len() > 1 {
                sessions
                    .iter()
                    .map(|s| {
                        let folder = format!("{name}-{s}");
                        used.insert(folder.clone());
                        folder
                    })
                    .collect()
            } else {
                vec![name]
            }
        })
        .collect()
}

/// A file's base name: its name without `.gz` and without its extension (`run` for
/// `dir/run.fit.gz`); `run` when nothing is left.
pub(crate) fn base_name(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let name = if name.len() >= 3
        && name.is_char_boundary(name.len() - 3)
        && name[name.len() - 3..].eq_ignore_ascii_case(".gz")
    {
        &name[..name.len() - 3]
    } else {
        name
    };
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    if stem.is_empty() || stem == "." || stem == ".." {
        "run".to_owned()
    } else {
        stem.to_owned()
    }
}

/// One line of the index.
#[derive(Clone, Debug)]
pub enum IndexRow<'a> {
    /// A run and the folder of its page.
    Run {
        /// The folder, relative to the index.
        folder: &'a str,
        /// Its file's analysis.
        analysis: &'a Analysis,
        /// The run.
        run: &'a Run,
    },
    /// A file with no run to report (every session skipped).
    NoRun {
        /// The file as given.
        file: &'a str,
        /// Why, in words.
        why: &'a str,
    },
    /// A file that failed.
    Failed {
        /// The file as given.
        file: &'a str,
        /// The error, one line.
        error: String,
    },
}

/// The index page: every run with its date, distance, time, energy, glute stimulus and verdict,
/// linked to its page; every failed file with its error.
pub fn index_page(rows: &[IndexRow], units: Units) -> String {
    let mut out = head("gluteus report");
    let runs = rows.iter().filter(|r| matches!(r, IndexRow::Run { .. })).count();
    let failed = rows.iter().filter(|r| matches!(r, IndexRow::Failed { .. })).count();
    let _ = writeln!(
        out,
        "<h1>Runs</h1>\n<p class=\"meta\">{runs} run{} reported{}.</p>",
        plural(runs),
        if failed > 0 {
            format!(", {failed} file{} failed", plural(failed))
        } else {
            String::new()
        }
    );
    out.push_str(
        "<div class=\"wide\"><table>\n<thead><tr><th>Date</th><th>Run</th><th>Distance</th><th>Timer time</th><th>Energy (kcal)</th><th>Glute stimulus</th><th>Verdict</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        match row {
            IndexRow::Run { folder, analysis, run } => {
                let s = &run.summary;
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td><a href=\"{}/index.html\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.0}</td><td class=\"n\">{:.0}</td><td>{}</td></tr>",
                    escape(&start_text(run)),
                    escape(&href(folder)),
                    escape(&run_name(analysis, run)),
                    distance(units, s.distance_m),
                    clock(s.timer_s),
                    s.energy_kcal,
                    s.glute_stimulus,
                    escape(&s.verdict)
                );
            }
            IndexRow::NoRun { file, why } => {
                let _ = writeln!(
                    out,
                    "<tr class=\"skipped\"><td>-</td><td>{}</td><td colspan=\"5\">no run: {}</td></tr>",
                    escape(file),
                    escape(why)
                );
            }
            IndexRow::Failed { file, error } => {
                let _ = writeln!(
                    out,
                    "<tr class=\"failed\"><td>-</td><td>{}</td><td colspan=\"5\">failed: {}</td></tr>",
                    escape(file),
                    escape(error)
                );
            }
        }
    }
    out.push_str("</tbody></table></div>\n");
    out.push_str(FOOT);
    out
}

/// A folder name as a relative link (percent-encoding what a URL path cannot hold).
fn href(folder: &str) -> String {
    let mut out = String::with_capacity(folder.len());
    for b in folder.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The run's start in local time when the file gives its offset, else in UTC.
fn start_text(run: &Run) -> String {
    let Some(t) = run.start_time else {
        return "unknown date".to_owned();
    };
    let (shifted, zone) = match run.utc_offset_s {
        Some(offset) => {
            #[allow(clippy::cast_possible_truncation)]
            let minutes = (offset / 60.0).round() as i64;
            let sign = if minutes < 0 { '-' } else { '+' };
            (
                t.unix_s() + offset,
                format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60),
            )
        }
        None => (t.unix_s(), "UTC".to_owned()),
    };
    let text = crate::time::format_rfc3339(shifted.floor());
    // `2026-01-05T07:00:00Z` → `2026-01-05 07:00`.
    format!("{} {} {zone}", &text[..10], &text[11..16])
}

/// The run's name: its file's name, and its session when the file has several runs.
fn run_name(analysis: &Analysis, run: &Run) -> String {
    let file = analysis.file.rsplit(['/', '\\']).next().unwrap_or(&analysis.file);
    if analysis.runs.len() > 1 {
        format!("{file} (session {})", run.session)
    } else {
        file.to_owned()
    }
}

/// The page's CSS: readable on a screen, charts as wide as the page, no chart cut in print (A4 or
/// Letter).
const STYLE: &str = "
:root { color-scheme: light; }
body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; color: #222; background: #fff; margin: 0 auto; max-width: 1240px; padding: 16px 20px 40px; line-height: 1.4; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #ddd; padding-bottom: 0.15em; }
p.meta { color: #555; margin: 0.2em 0 0.8em; }
p.verdict { font-size: 1.15em; background: #f3f3f3; border-left: 5px solid #3b528b; padding: 0.5em 0.8em; }
figure { margin: 1em 0 1.6em; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: #444; font-size: 0.92em; margin-top: 0.3em; }
svg.chart { display: block; width: 100%; height: auto; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.4em 0 1em; }
th, td { padding: 3px 7px; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts td:first-child { color: #555; }
ul.notes li, ul.warnings li { margin: 0.2em 0; }
tr.failed td { color: #a00; }
tr.skipped td { color: #666; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .wide { overflow: visible; }
  table { font-size: 7.5pt; }
  th, td { padding: 1px 3px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  svg.chart { width: 100%; max-width: 100%; height: auto; }
}
";

pub(crate) fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"generator\" content=\"gluteus {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

const FOOT: &str = "<p class=\"meta\">Made by gluteus from the recording alone: nothing on this page was loaded from elsewhere.</p>\n</body>\n</html>\n";

/// The run's page.
fn run_page(analysis: &Analysis, run: &Run, charts: &[(ChartKind, String)], options: &ReportOptions) -> String {
    let units = options.units;
    let s = &run.summary;
    let name = run_name(analysis, run);
    let mut out = head(&format!("{name}: gluteus report"));
    let _ = writeln!(out, "<h1>{}</h1>", escape(&name));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} &middot; {} &middot; {} &middot; {}{}</p>",
        escape(&start_text(run)),
        escape(&run.sport.to_string()),
        distance(units, s.distance_m),
        clock(s.timer_s),
        analysis
            .device
            .as_deref()
            .map_or(String::new(), |d| format!(" &middot; {}", escape(d)))
    );
    let _ = writeln!(out, "<p class=\"verdict\">{}</p>", escape(&s.verdict));
    summary_table(&mut out, run, units);
    out.push_str("<h2>Charts</h2>\n");
    for (kind, svg) in charts {
        let _ = writeln!(
            out,
            "<figure>\n{svg}<figcaption>{}. Hover a segment to see its numbers.</figcaption>\n</figure>",
            escape(kind.title())
        );
    }
    let missing: Vec<&str> = ChartKind::ALL.iter().filter_map(|k| k.missing(run)).collect();
    if !missing.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for why in missing {
            let _ = writeln!(out, "<li>{}</li>", escape(&capitalise(why)));
        }
        out.push_str("</ul>\n");
    }
    segments_table(&mut out, run, units);
    splits_table(&mut out, run, units);
    laps_table(&mut out, run, units);
    climbs_table(&mut out, run, units);
    assumptions(&mut out, analysis, run);
    let warnings: Vec<&String> = analysis.warnings.iter().chain(&run.warnings).collect();
    out.push_str("<h2>Warnings</h2>\n");
    if warnings.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<ul class=\"warnings\">\n");
        for w in warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(w));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(FOOT);
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// An optional number, `-` when absent.
fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or("-".to_owned(), f)
}

fn summary_table(out: &mut String, run: &Run, units: Units) {
    let s = &run.summary;
    let rows: Vec<(&str, String)> = vec![
        ("Distance", distance(units, s.distance_m)),
        (
            "Elapsed / timer / moving time",
            format!("{} / {} / {}", clock(s.elapsed_s), clock(s.timer_s), clock(s.moving_s)),
        ),
        (
            "Pace / grade-adjusted pace",
            format!("{} / {}", pace(units, s.avg_pace_s_per_km), pace(units, s.gap_s_per_km)),
        ),
        (
            "Ascent / descent",
            format!(
                "{} / {}",
                opt(s.ascent_m, |m| height(units, m)),
                opt(s.descent_m, |m| height(units, m))
            ),
        ),
        (
            "Heart rate (mean / max)",
            format!(
                "{} / {}",
                opt(s.avg_hr_bpm, |h| format!("{h:.0} bpm")),
                opt(s.max_hr_bpm, |h| format!("{h:.0} bpm"))
            ),
        ),
        (
            "Cadence / power",
            format!(
                "{} / {}",
                opt(s.avg_cadence_spm, |c| format!("{c:.0} spm")),
                opt(s.avg_power_w, |w| format!("{w:.0} W"))
            ),
        ),
        (
            "Net energy (10-90 %)",
            format!(
                "{:.0} kcal ({:.0}-{:.0}); {:.0} kcal gross",
                s.energy_kcal, s.energy_kcal_low, s.energy_kcal_high, s.energy_kcal_gross
            ),
        ),
        (
            "Mean GEI (10-90 %)",
            format!("{:.2} ({:.2}-{:.2})", s.mean_gei, s.mean_gei_low, s.mean_gei_high),
        ),
        (
            "Glute load, GEI × min (10-90 %)",
            format!("{:.0} ({:.0}-{:.0})", s.glute_load, s.glute_load_low, s.glute_load_high),
        ),
        (
            "Glute stimulus, GEI³ × min (10-90 %)",
            format!(
                "{:.0} ({:.0}-{:.0})",
                s.glute_stimulus, s.glute_stimulus_low, s.glute_stimulus_high
            ),
        ),
        ("Descent load", height(units, s.descent_load)),
        (
            "Damage index (1.0 = an easy flat half marathon)",
            format!("{:.2}", s.damage_index),
        ),
        (
            "Pace variety / stride variety",
            format!("{:.2} / {:.2}", s.pace_variety, s.stride_variety),
        ),
        ("Surfaces", {
            let parts: Vec<String> = s
                .surface_m
                .iter()
                .map(|(k, m)| format!("{} {}", k.name(), distance(units, *m)))
                .collect();
            if parts.is_empty() {
                "-".to_owned()
            } else {
                parts.join(", ")
            }
        }),
    ];
    out.push_str("<h2>Summary</h2>\n<table class=\"facts\">\n<tbody>\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", escape(k), escape(&v));
    }
    if let Some(zones) = &s.hr_zones_s {
        let parts: Vec<String> = zones
            .iter()
            .enumerate()
            .map(|(k, z)| format!("Z{} {}", k + 1, clock(*z)))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>Heart-rate zones</td><td>{}</td></tr>",
            escape(&parts.join("  "))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn segments_table(out: &mut String, run: &Run, units: Units) {
    let _ = writeln!(
        out,
        "<h2>Segments</h2>\n<div class=\"wide\"><table class=\"segments\">\n<thead><tr><th class=\"n\">#</th><th class=\"n\">Start</th><th class=\"n\">Distance</th><th class=\"n\">Time</th><th class=\"n\">Grade</th><th>Class</th><th class=\"n\">Pace</th><th>Pace class</th><th>Gait</th><th>Surface</th><th class=\"n\">HR</th><th class=\"n\">Energy kcal (10-90 %)</th><th class=\"n\">GAP</th><th class=\"n\">GEI (10-90 %)</th><th class=\"n\">Glute load</th><th class=\"n\">Glute stimulus</th><th class=\"n\">Descent load ({})</th></tr></thead>\n<tbody>",
        units.height_name()
    );
    for seg in &run.segments {
        let (x, m) = (&seg.segment, &seg.estimate);
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.0} ({:.0}-{:.0})</td><td class=\"n\">{}</td><td class=\"n\">{:.2} ({:.2}-{:.2})</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.0}</td></tr>",
            x.index + 1,
            distance(units, x.start_m),
            distance(units, x.distance_m),
            clock(x.duration_s),
            opt(x.grade_pct, grade),
            x.grade_class.name(),
            pace(units, x.pace_s_per_km),
            x.pace_class.name(),
            x.gait.name(),
            x.surface.name(),
            opt(x.avg_hr_bpm, |h| format!("{h:.0}")),
            m.energy_kcal,
            m.energy_kcal_low,
            m.energy_kcal_high,
            pace(units, m.gap_s_per_km),
            m.gei,
            m.gei_low,
            m.gei_high,
            m.glute_load,
            m.glute_stimulus,
            m.descent_load / units.height_m()
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn splits_table(out: &mut String, run: &Run, units: Units) {
    out.push_str("<h2>Splits</h2>\n");
    if run.splits.is_empty() {
        out.push_str("<p>No splits: the run is shorter than one split.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"wide\"><table>\n<thead><tr><th class=\"n\">{}</th><th class=\"n\">Distance</th><th class=\"n\">Timer time</th><th class=\"n\">Pace</th><th class=\"n\">Elevation change</th><th class=\"n\">HR</th></tr></thead>\n<tbody>",
        units.distance_name()
    );
    for sp in &run.splits {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            sp.index,
            distance(units, sp.end_m - sp.start_m),
            clock(sp.duration_s),
            pace(units, sp.pace_s_per_km),
            {
                let h = sp.elevation_change_m / units.height_m();
                if h.round() == 0.0 {
                    format!("0 {}", units.height_name())
                } else {
                    format!("{h:+.0} {}", units.height_name())
                }
            },
            opt(sp.avg_hr_bpm, |h| format!("{h:.0}"))
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn laps_table(out: &mut String, run: &Run, units: Units) {
    out.push_str("<h2>Laps</h2>\n");
    if run.laps.is_empty() {
        out.push_str("<p>The recording has no laps.</p>\n");
        return;
    }
    out.push_str("<div class=\"wide\"><table>\n<thead><tr><th class=\"n\">Lap</th><th class=\"n\">Start</th><th class=\"n\">Distance</th><th class=\"n\">Timer time</th><th class=\"n\">Pace</th><th class=\"n\">HR</th><th class=\"n\">Max HR</th></tr></thead>\n<tbody>\n");
    for lap in &run.laps {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            lap.index,
            distance(units, lap.start_m),
            distance(units, lap.distance_m),
            clock(lap.duration_s),
            pace(units, lap.pace_s_per_km),
            opt(lap.avg_hr_bpm, |h| format!("{h:.0}")),
            opt(lap.max_hr_bpm, |h| format!("{h:.0}"))
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn climbs_table(out: &mut String, run: &Run, units: Units) {
    if run.climbs.is_empty() {
        return;
    }
    out.push_str("<h2>Climbs</h2>\n<div class=\"wide\"><table>\n<thead><tr><th class=\"n\">Start</th><th class=\"n\">Length</th><th class=\"n\">Gain</th><th class=\"n\">Mean grade</th><th class=\"n\">Steepest</th><th class=\"n\">Time</th></tr></thead>\n<tbody>\n");
    for c in &run.climbs {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} %</td><td class=\"n\">{:.1} %</td><td class=\"n\">{}</td></tr>",
            distance(units, c.start_m),
            distance(units, c.length_m),
            height(units, c.gain_m),
            c.avg_grade_pct,
            c.max_grade_pct,
            clock(c.end_s - c.start_s)
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn assumptions(out: &mut String, analysis: &Analysis, run: &Run) {
    let a = &run.athlete;
    let s = &run.summary;
    out.push_str("<h2>Model and assumptions</h2>\n<table class=\"facts\">\n<tbody>\n");
    let mass = match a.mass_source {
        MassSource::Default => format!(
            "{:.1} kg, assumed: no athlete file, no --mass-kg and no user profile in the recording gave one (every estimate's band includes the spread of body masses)",
            a.mass_kg
        ),
        MassSource::Profile => format!(
            "{:.1} kg, from the athlete profile or --mass-kg (not assumed)",
            a.mass_kg
        ),
        MassSource::File => format!("{:.1} kg, from the recording's user profile (not assumed)", a.mass_kg),
    };
    let rows: Vec<(&str, String)> = vec![
        ("Body mass", mass),
        ("Load carried", if s.load_kg > 0.0 { format!("{:.1} kg", s.load_kg) } else { "none".to_owned() }),
        ("Energy model", a.models.energy.clone()),
        ("Grade-adjusted pace model", a.models.gap.clone()),
        ("Glute model", a.models.glutes.clone()),
        ("Versions", format!("model version {}, analysis schema {}, gluteus {}", analysis.model_version, analysis.schema_version, env!("CARGO_PKG_VERSION"))),
        (
            "Uncertainty bands",
            "every range is the 10th to 90th percentile of 64 seeded draws over the models' constant ranges, a spread between runners, the body mass when it is assumed, the surface when it is unknown, and each segment's grade error".to_owned(),
        ),
        (
            "GEI",
            "a relative index, 1.0 for steady level running at 10 km/h on asphalt: for comparing segments and runs, not a measured muscle activation".to_owned(),
        ),
        (
            "Sources",
            format!("distance {}, elevation {}, timer {}, surface {}", run.distance_source, run.elevation_source, run.timer_source, run.surface_source),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", escape(k), escape(&v));
    }
    if let Some(p) = a.preferred_cadence_spm {
        let _ = writeln!(out, "<tr><td>Preferred cadence</td><td>{p:.0} spm</td></tr>");
    }
    if let Some(t) = a.threshold_pace_s_per_km {
        let _ = writeln!(
            out,
            "<tr><td>Threshold pace</td><td>{}</td></tr>",
            escape(&pace(Units::Metric, Some(t)))
        );
    }
    if let Some(h) = a.max_hr_bpm {
        let _ = writeln!(out, "<tr><td>Maximum heart rate</td><td>{h:.0} bpm</td></tr>");
    }
    if let Some(h) = a.threshold_hr_bpm {
        let _ = writeln!(out, "<tr><td>Threshold heart rate</td><td>{h:.0} bpm</td></tr>");
    }
    out.push_str("</tbody>\n</table>\n");
    if !a.models.constants.is_empty() {
        out.push_str("<details><summary>Model constants</summary>\n<table>\n<tbody>\n");
        for (k, v) in &a.models.constants {
            let _ = writeln!(out, "<tr><td>{}</td><td class=\"n\">{v}</td></tr>", escape(k));
        }
        out.push_str("</tbody>\n</table>\n</details>\n");
    }
}
