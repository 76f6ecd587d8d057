//! Trends as text (a terminal summary) and as CSV (the weekly table).

use super::{Flag, Trends};
use std::fmt::Write as _;

/// The flags of a week, in words.
fn flags(week: &super::Week) -> String {
    week.flags
        .iter()
        .map(|f| match f {
            Flag::Ramp { pct } => format!("ramp +{pct:.1} %"),
            Flag::FewRuns { runs } => format!("few_runs {runs}"),
            Flag::AcwrSpike { acwr, date } => format!("acwr_spike {acwr:.2} on {date}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A terminal summary: the weeks, the records and the advice.
pub fn to_text(trends: &Trends) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "trends {} to {} ({} runs; local days: {})",
        trends.window.since,
        trends.window.until,
        trends.runs.len(),
        trends.window.zone
    );
    let _ = writeln!(
        out,
        "  {:<8}  {:>4}  {:>8}  {:>7}  {:>9}  {:>9}  {:>7}  {:>7}  flags",
        "week", "runs", "km", "timer h", "glute ld", "stimulus", "fitness", "form"
    );
    for week in &trends.weeks {
        let t = &week.totals;
        // Fitness and form on the week's Sunday (or the window's last day).
        let sunday = super::Day::parse(&week.start).map(|d| super::Day(d.0 + 6).to_string());
        let day = trends
            .load
            .iter()
            .rev()
            .find(|d| sunday.as_ref().is_none_or(|s| d.date.as_str() <= s.as_str()));
        let _ = writeln!(
            out,
            "  {:<8}  {:>4}  {:>8.1}  {:>7.1}  {:>9.0}  {:>9.1}  {:>7.1}  {:>7.1}  {}",
            week.week,
            t.runs,
            t.distance_m / 1000.0,
            t.timer_s / 3600.0,
            t.glute_load,
            t.glute_stimulus,
            day.map_or(0.0, |d| d.fitness),
            day.map_or(0.0, |d| d.form),
            flags(week)
        );
    }
    let all_time: Vec<String> = trends
        .records
        .iter()
        .filter(|r| r.year.is_none())
        .map(|r| {
            let t = r.time_s.round();
            format!(
                "{} {}:{:02} ({})",
                r.distance.name(),
                (t / 60.0).floor(),
                t % 60.0,
                r.date
            )
        })
        .collect();
    if !all_time.is_empty() {
        let _ = writeln!(out, "  records: {}", all_time.join("  "));
    }
    for advice in &trends.advice {
        let _ = writeln!(out, "  - {}", advice.text);
    }
    out
}

/// The weekly table as CSV, one header row.
///
/// # Errors
/// The CSV writer's error (none in practice: it writes to memory).
pub fn weeks_csv(trends: &Trends) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "week",
        "start",
        "runs",
        "runs_30min",
        "distance_m",
        "moving_s",
        "timer_s",
        "ascent_m",
        "energy_kcal",
        "glute_load",
        "glute_stimulus",
        "descent_load",
        "damage",
        "hill_share",
        "sprint_share",
        "long_runs",
        "training_load",
        "stimulus_climbs",
        "stimulus_sprints",
        "stimulus_soft",
        "stimulus_easy",
        "flags",
    ])?;
    for week in &trends.weeks {
        let t = &week.totals;
        let source = |name: &str| t.glute_sources.get(name).copied().unwrap_or(0.0).to_string();
        w.write_record([
            week.week.clone(),
            week.start.clone(),
            t.runs.to_string(),
            t.runs_30min.to_string(),
            t.distance_m.to_string(),
            t.moving_s.to_string(),
            t.timer_s.to_string(),
            t.ascent_m.to_string(),
            t.energy_kcal.to_string(),
            t.glute_load.to_string(),
            t.glute_stimulus.to_string(),
            t.descent_load.to_string(),
            t.damage.to_string(),
            t.hill_share.to_string(),
            t.sprint_share.to_string(),
            t.long_runs.to_string(),
            t.training_load.to_string(),
            source("climbs"),
            source("sprints"),
            source("soft"),
            source("easy"),
            flags(week),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
