//! The analysis as text (a summary and a segment table) and as CSV (one row per segment).

use super::format::{clock, distance, grade, height, pace};
use crate::analysis::{Analysis, MassSource, Run};
use crate::vocab::Units;
use std::fmt::Write as _;

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

/// The models' lines of a run's summary: energy, GAP, glute load and GEI with their bands; the
/// stimulus, descent load, damage and variety.
fn models_text(out: &mut String, s: &crate::analysis::Summary, units: Units) {
    let _ = writeln!(
        out,
        "    energy {:.0} kcal net ({:.0}-{:.0}), {:.0} kcal gross   GAP {}   glute load {:.0} ({:.0}-{:.0}), mean GEI {:.2} ({:.2}-{:.2})",
        s.energy_kcal,
        s.energy_kcal_low,
        s.energy_kcal_high,
        s.energy_kcal_gross,
        pace(units, s.gap_s_per_km),
        s.glute_load,
        s.glute_load_low,
        s.glute_load_high,
        s.mean_gei,
        s.mean_gei_low,
        s.mean_gei_high
    );
    let _ = writeln!(
        out,
        "    glute stimulus {:.0} ({:.0}-{:.0})   descent load {:.0} m   damage index {:.2}   pace variety {:.2}   stride variety {:.2}",
        s.glute_stimulus,
        s.glute_stimulus_low,
        s.glute_stimulus_high,
        s.descent_load,
        s.damage_index,
        s.pace_variety,
        s.stride_variety
    );
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
        "    ascent {}   descent {}   heart rate {} (max {})   cadence {}   max speed {}   power {}",
        s.ascent_m.map_or("-".to_owned(), |m| height(units, m)),
        s.descent_m.map_or("-".to_owned(), |m| height(units, m)),
        s.avg_hr_bpm.map_or("-".to_owned(), |h| format!("{h:.0} bpm")),
        s.max_hr_bpm.map_or("-".to_owned(), |h| format!("{h:.0}")),
        s.avg_cadence_spm.map_or("-".to_owned(), |c| format!("{c:.0} spm")),
        s.max_speed_mps
            .map_or("-".to_owned(), |v| pace(units, (v > 0.0).then(|| 1000.0 / v))),
        s.avg_power_w.map_or("-".to_owned(), |w| format!("{w:.0} W"))
    );
    if let Some(zones) = &s.hr_zones_s {
        let shown: Vec<String> = zones
            .iter()
            .enumerate()
            .map(|(k, z)| format!("Z{} {}", k + 1, clock(*z)))
            .collect();
        let _ = writeln!(out, "    heart-rate zones: {}", shown.join("  "));
    }
    models_text(out, s, units);
    let _ = writeln!(
        out,
        "    sources: distance {}, elevation {}, timer {}, surface {}; {:.1} kg{}{}",
        run.distance_source,
        run.elevation_source,
        run.timer_source,
        run.surface_source,
        run.athlete.mass_kg,
        if run.athlete.mass_source == MassSource::Default {
            " (assumed)"
        } else {
            ""
        },
        if s.load_kg > 0.0 {
            format!(", carrying {:.1} kg", s.load_kg)
        } else {
            String::new()
        }
    );
    let _ = writeln!(out, "    {}", run.summary.verdict);
    segments_text(out, run, units);
    laps_text(out, run, units);
    if !run.splits.is_empty() {
        let splits: Vec<String> = run.splits.iter().map(|sp| pace(units, sp.pace_s_per_km)).collect();
        let _ = writeln!(out, "    splits: {}", splits.join("  "));
    }
    if !run.best_efforts.is_empty() {
        let efforts: Vec<String> = run
            .best_efforts
            .iter()
            .map(|e| format!("{} {}", e.distance.name(), clock(e.time_s)))
            .collect();
        let _ = writeln!(out, "    best efforts: {}", efforts.join("  "));
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

/// The segment table.
fn segments_text(out: &mut String, run: &Run, units: Units) {
    let _ = writeln!(
        out,
        "    {:>3}  {:>8}  {:>7}  {:>10}  {:>6}  {:<13}  {:>9}  {:<7}  {:<4}  {:<9}  {:>5}  {:>9}  {:>4}",
        "#", "start", "time", "distance", "grade", "", "pace", "", "gait", "surface", "kcal", "GAP", "GEI"
    );
    for seg in &run.segments {
        let (x, m) = (&seg.segment, &seg.estimate);
        let _ = writeln!(
            out,
            "    {:>3}  {:>8}  {:>7}  {:>10}  {:>6}  {:<13}  {:>9}  {:<7}  {:<4}  {:<9}  {:>5.0}  {:>9}  {:>4.2}",
            x.index,
            clock(x.start_s),
            clock(x.duration_s),
            distance(units, x.distance_m),
            x.grade_pct.map_or("-".to_owned(), grade),
            x.grade_class.name(),
            pace(units, x.pace_s_per_km),
            x.pace_class.name(),
            x.gait.name(),
            x.surface.name(),
            m.energy_kcal,
            pace(units, m.gap_s_per_km),
            m.gei
        );
    }
}

/// The file's laps, when it has any.
fn laps_text(out: &mut String, run: &Run, units: Units) {
    if !run.laps.is_empty() {
        let _ = writeln!(
            out,
            "    {:>3}  {:>8}  {:>7}  {:>10}  {:>9}  {:>6}  {:>6}",
            "lap", "start", "time", "distance", "pace", "hr", "max hr"
        );
        for lap in &run.laps {
            let _ = writeln!(
                out,
                "    {:>3}  {:>8}  {:>7}  {:>10}  {:>9}  {:>6}  {:>6}",
                lap.index,
                clock(lap.start_s),
                clock(lap.duration_s),
                distance(units, lap.distance_m),
                pace(units, lap.pace_s_per_km),
                lap.avg_hr_bpm.map_or("-".to_owned(), |h| format!("{h:.0}")),
                lap.max_hr_bpm.map_or("-".to_owned(), |h| format!("{h:.0}"))
            );
        }
    }
}

/// The CSV columns: metric names (`start_m`, `distance_m`, `pace_s_per_km`) or imperial ones
/// (`start_mi`, `distance_mi`, `pace_s_per_mi`).
pub fn csv_header(units: Units) -> Vec<String> {
    // Lengths in metres or miles; paces per km or per mile.
    let (length, per, stride) = match units {
        Units::Metric => ("m", "km", "m"),
        Units::Imperial => ("mi", "mi", "ft"),
    };
    [
        "file",
        "session",
        "index",
        "start_s",
        "duration_s",
        &format!("start_{length}"),
        &format!("end_{length}"),
        &format!("distance_{length}"),
        "grade_pct",
        "grade_class",
        &format!("pace_s_per_{per}"),
        "pace_class",
        "gait",
        "surface",
        "avg_hr_bpm",
        "avg_cadence_spm",
        "energy_kcal",
        &format!("gap_s_per_{per}"),
        "gei",
        "gei_low",
        "gei_high",
        "glute_load",
        "glute_stimulus",
        "descent_load_m",
        &format!("stride_{stride}"),
        "turning_deg_per_100m",
    ]
    .iter()
    .map(|c| (*c).to_owned())
    .collect()
}

/// One CSV row per segment of every run, distances and paces in `units`.
pub fn csv_rows(analysis: &Analysis, units: Units) -> Vec<Vec<String>> {
    let number = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
    // Metres per distance unit of the CSV (1 for metric: metres), and km per pace unit.
    let (per_unit, pace_scale) = match units {
        Units::Metric => (1.0, 1.0),
        Units::Imperial => (units.split_m(), units.split_m() / 1000.0),
    };
    let length = move |m: f64| format!("{:.5}", m / per_unit);
    // Strides in metres, or feet.
    let stride_unit = match units {
        Units::Metric => 1.0,
        Units::Imperial => crate::vocab::M_PER_FOOT,
    };
    analysis
        .runs
        .iter()
        .flat_map(|run| {
            run.segments.iter().map(move |seg| {
                let (s, m) = (&seg.segment, &seg.estimate);
                vec![
                    analysis.file.clone(),
                    run.session.to_string(),
                    s.index.to_string(),
                    format!("{:.3}", s.start_s),
                    format!("{:.3}", s.duration_s),
                    length(s.start_m),
                    length(s.end_m),
                    length(s.distance_m),
                    number(s.grade_pct),
                    s.grade_class.name().to_owned(),
                    number(s.pace_s_per_km.map(|p| p * pace_scale)),
                    s.pace_class.name().to_owned(),
                    s.gait.name().to_owned(),
                    s.surface.name().to_owned(),
                    number(s.avg_hr_bpm),
                    number(s.avg_cadence_spm),
                    number(Some(m.energy_kcal)),
                    number(m.gap_s_per_km.map(|p| p * pace_scale)),
                    number(Some(m.gei)),
                    number(Some(m.gei_low)),
                    number(Some(m.gei_high)),
                    number(Some(m.glute_load)),
                    number(Some(m.glute_stimulus)),
                    number(Some(m.descent_load)),
                    number(s.stride_m.map(|x| x / stride_unit)),
                    number(s.turning_deg_per_100m),
                ]
            })
        })
        .collect()
}
