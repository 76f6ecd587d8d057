//! `gluteus trends`: parses the flags, asks the library, prints or writes.

use super::super::ExitStatus;
use super::super::args::TrendsArgs;
use super::super::output::write_atomic;
use super::super::print_warning;
use anyhow::Context as _;
use gluteus::model::Athlete;
use gluteus::trends::{self, Day, LoadSettings, TrendsOptions, Zone};
use std::io::Write as _;

pub(crate) fn run(args: &TrendsArgs) -> anyhow::Result<ExitStatus> {
    let day = |flag: &str, text: &Option<String>| -> anyhow::Result<Option<Day>> {
        text.as_deref()
            .map(|t| Day::parse(t).with_context(|| format!("--{flag} {t}: not a date such as 2026-06-01")))
            .transpose()
    };
    let positive = |flag: &str, value: f64| -> anyhow::Result<f64> {
        anyhow::ensure!(
            value.is_finite() && value > 0.0,
            "--{flag} {value}: must be a positive number"
        );
        Ok(value)
    };
    let athlete = match &args.athlete {
        None => Athlete::default(),
        Some(path) => gluteus::pipeline::read_athlete_file(path)?.0,
    };
    if !args.db.is_file() {
        anyhow::bail!("{}: no such database", args.db.display());
    }
    let fitness_days = positive("fitness-days", args.fitness_days)?;
    let options = TrendsOptions {
        since: day("since", &args.since)?,
        until: day("until", &args.until)?,
        zone: args
            .tz
            .as_deref()
            .map(Zone::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?,
        ramp_pct: positive("ramp-pct", args.ramp_pct)?,
        min_runs: args.min_runs,
        min_run_s: positive("min-run-minutes", args.min_run_minutes)? * 60.0,
        load: LoadSettings {
            fitness_days,
            fatigue_days: positive("fatigue-days", args.fatigue_days)?,
            acwr_spike: positive("acwr-spike", args.acwr_spike)?,
            #[allow(clippy::cast_possible_truncation)]
            warm_up_days: (2.0 * fitness_days).round() as i64,
        },
        athlete,
        ..TrendsOptions::default()
    };
    let found = trends::trends(&args.db, &options)?;
    let db = args.db.display().to_string();
    for warning in &found.warnings {
        print_warning(&db, warning);
    }
    if let Some(out) = &args.output {
        std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create the folder", out.display()))?;
        let routes = trends::routes(&args.db, &found)?;
        let page = trends::page(&found, &routes, out, args.reports.as_deref());
        write_atomic(&out.join("index.html"), page.as_bytes())?;
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &found)?;
        writeln!(stdout)?;
    } else if args.csv {
        stdout.write_all(&trends::weeks_csv(&found)?)?;
    } else if args.output.is_none() {
        stdout.write_all(trends::to_text(&found).as_bytes())?;
    }
    Ok(ExitStatus::Success)
}
