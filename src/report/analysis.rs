//! The analysis as text (a summary and a segment table) and as CSV (one row per segment).

use crate::analysis::{Analysis, MassSource, Run};
use crate::vocab::Units;
use std::fmt::Write as _;

/// A distance in the report's unit, two decimals.
fn distance(units: Units, metres: f64) -> String {
    format!("{:.2} {}", metres / units.split_m(), units.distance_name())
}

/// A height in the report's unit, whole.
fn height(units: Units, metres: f64) -> String {
    format!("{:.0} {}", metres / units.height_m(), units.height_name())
}

/// A pace per km or per mile, `-` when unknown.
fn pace(units: Units, s_per_km: Option<f64>) -> String {
    let Some(p) = s_per_km.filter(|p| p.is_finite()) else {
        return "-".to_owned();
    };
    format!("{}/{}", clock(p * units.split_m() / 1000.0), units.distance_name())
}

/// A grade with its sign, one decimal; a grade that rounds to zero is `0.0%`, never `-0.0%`.
fn grade(pct: f64) -> String {
    let rounded = (pct * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0.0%".to_owned()
    } else {
        format!("{rounded:+.1}%")
    }
}

/// `h:mm:ss` or `m:ss`.
fn clock(seconds: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let s = seconds.round().max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The readable report.
pub fn to_text(analysis: &Analysis, units: Units) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  ({}{})",
        analysis.file,
        analysis.format,
        analysis.device.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
    );
    for run in &analysis.runs {
        run_text(&mut out, run, units);
    }
    for s in &analysis.skipped {
        let _ = writeln!(out, "  skipped session {} ({}): {}", s.session, s.sport, s.message);
    }
    out
}

fn run_text(out: &mut String, run: &Run, units: Units) {
    let s = &run.summary;
    let _ = writeln!(
        out,
        "  run (session {}, {}) starting {}",
        run.session,
        run.sport,
        run.start_time
            .map_or_else(|| "at an unknown time".to_owned(), |t| t.to_string())
    );
    let _ = writeln!(
        out,
        "    distance {}   elapsed {}   timer {}   moving {}   pace {}",
        distance(units, s.distance_m),
        clock(s.elapsed_s),
        clock(s.timer_s),
        clock(s.moving_s),
        pace(units, s.avg_pace_s_per_km)
    );
    let _ = writeln!(
        out,
        "    ascent {}   descent {}   heart rate {}   cadence {}",
        height(units, s.ascent_m),
        height(units, s.descent_m),
        s.avg_hr_bpm.map_or("-".to_owned(), |h| format!("{h:.0} bpm")),
        s.avg_cadence_spm.map_or("-".to_owned(), |c| format!("{c:.0} spm"))
    );
    let _ = writeln!(
        out,
        "    energy {:.0} kcal net ({:.0}-{:.0}), {:.0} kcal gross   GAP {}   glute load {:.0} (mean GEI {:.2})",
        s.energy_kcal,
        s.energy_kcal_low,
        s.energy_kcal_high,
        s.energy_kcal_gross,
        pace(units, s.gap_s_per_km),
        s.glute_load,
        s.mean_gei
    );
    let _ = writeln!(
        out,
        "    sources: distance {}, elevation {}, timer {}, surface {}; {:.1} kg{}",
        run.distance_source,
        run.elevation_source,
        run.timer_source,
        run.surface_source,
        run.athlete.mass_kg,
        if run.athlete.mass_source == MassSource::Default {
            " (assumed)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "    {:>3}  {:>8}  {:>7}  {:>10}  {:>6}  {:<13}  {:>9}  {:<7}  {:<9}  {:>5}  {:>9}  {:>4}",
        "#", "start", "time", "distance", "grade", "", "pace", "", "surface", "kcal", "GAP", "GEI"
    );
    for seg in &run.segments {
        let (x, m) = (&seg.segment, &seg.estimate);
        let _ = writeln!(
            out,
            "    {:>3}  {:>8}  {:>7}  {:>10}  {:>6}  {:<13}  {:>9}  {:<7}  {:<9}  {:>5.0}  {:>9}  {:>4.2}",
            x.index,
            clock(x.start_s),
            clock(x.duration_s),
            distance(units, x.distance_m),
            x.grade_pct.map_or("-".to_owned(), grade),
            x.grade_class.name(),
            pace(units, x.pace_s_per_km),
            x.pace_class.name(),
            x.surface.name(),
            m.energy_kcal,
            pace(units, m.gap_s_per_km),
            m.gei
        );
    }
    if !run.splits.is_empty() {
        let splits: Vec<String> = run.splits.iter().map(|sp| pace(units, sp.pace_s_per_km)).collect();
        let _ = writeln!(out, "    splits: {}", splits.join("  "));
    }
    for c in &run.climbs {
        let _ = writeln!(
            out,
            "    climb at {}: {} up over {} ({:.1} % average, {:.1} % steepest)",
            distance(units, c.start_m),
            height(units, c.gain_m),
            distance(units, c.length_m),
            c.avg_grade_pct,
            c.max_grade_pct
        );
    }
}

/// The CSV header.
pub const CSV_HEADER: [&str; 21] = [
    "file",
    "session",
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
    "avg_hr_bpm",
    "avg_cadence_spm",
    "energy_kcal",
    "gap_s_per_km",
    "gei",
    "gei_low",
    "gei_high",
    "glute_load",
];

/// One CSV row per segment of every run.
pub fn csv_rows(analysis: &Analysis) -> Vec<[String; 21]> {
    let number = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
    analysis
        .runs
        .iter()
        .flat_map(|run| {
            run.segments.iter().map(move |seg| {
                let (s, m) = (&seg.segment, &seg.estimate);
                [
                    analysis.file.clone(),
                    run.session.to_string(),
                    s.index.to_string(),
                    format!("{:.3}", s.start_s),
                    format!("{:.3}", s.duration_s),
                    format!("{:.3}", s.start_m),
                    format!("{:.3}", s.end_m),
                    format!("{:.3}", s.distance_m),
                    number(s.grade_pct),
                    s.grade_class.name().to_owned(),
                    number(s.pace_s_per_km),
                    s.pace_class.name().to_owned(),
                    s.surface.name().to_owned(),
                    number(s.avg_hr_bpm),
                    number(s.avg_cadence_spm),
                    number(Some(m.energy_kcal)),
                    number(m.gap_s_per_km),
                    number(Some(m.gei)),
                    number(Some(m.gei_low)),
                    number(Some(m.gei_high)),
                    number(Some(m.glute_load)),
                ]
            })
        })
        .collect()
}
