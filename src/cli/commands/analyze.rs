//! `gluteus analyze FILE... [--json [--series] | --csv] [--units metric|imperial] [--threads N]`.

use super::super::args::{AnalyzeArgs, GapArg, UnitsArg};
use super::super::{ExitStatus, print_failure, print_warning};
use gluteus::model::GapChoice;
use gluteus::{Analysis, Error, Settings, Units, report};
use rayon::prelude::*;
use std::io::Write;

pub(crate) fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitStatus> {
    let units = match args.units {
        UnitsArg::Metric => Units::Metric,
        UnitsArg::Imperial => Units::Imperial,
    };
    let settings = Settings {
        athlete_file: args.athlete.clone(),
        mass_kg: args.mass_kg,
        load_kg: args.load_kg,
        gap_model: match args.gap_model {
            GapArg::Minetti => GapChoice::Minetti,
            GapArg::Strava => GapChoice::Strava,
        },
        surface: args.surface.clone(),
        surface_map: args.surface_map.clone(),
        units,
        dem: args.dem.clone(),
    };
    let options = settings.options()?;
    if let (Some(map), Some(path)) = (&options.surface_map, &args.surface_map) {
        for warning in &map.warnings {
            print_warning(&path.display().to_string(), warning);
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    // Files in parallel; outcomes in input order, so the output is the same for any thread count.
    let outcomes: Vec<(String, Result<Analysis, Error>)> = pool.install(|| {
        args.files
            .par_iter()
            .map(|path| (path.display().to_string(), gluteus::analyze_path(path, &options)))
            .collect()
    });
    let failed = outcomes.iter().filter(|(_, o)| o.is_err()).count();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        for (_, outcome) in &outcomes {
            if let Err(error) = outcome {
                print_failure(error);
            }
        }
        out.write_all(&report::json(&outcomes, args.series))?;
        out.flush()?;
        return Ok(ExitStatus::of(args.files.len(), failed));
    }
    let mut csv = args.csv.then(|| csv::Writer::from_writer(Vec::new()));
    if let Some(writer) = csv.as_mut() {
        writer.write_record(report::csv_header(units))?;
    }
    for (_, outcome) in &outcomes {
        let analysis = match outcome {
            Ok(analysis) => analysis,
            Err(error) => {
                print_failure(error);
                continue;
            }
        };
        for warning in analysis
            .warnings
            .iter()
            .chain(analysis.runs.iter().flat_map(|r| &r.warnings))
        {
            print_warning(&analysis.file, warning);
        }
        if let Some(writer) = csv.as_mut() {
            for row in report::csv_rows(analysis, units) {
                writer.write_record(&row)?;
            }
        } else {
            write!(out, "{}", report::to_text(analysis, units))?;
        }
    }
    if let Some(writer) = csv {
        out.write_all(&writer.into_inner()?)?;
    }
    out.flush()?;
    Ok(ExitStatus::of(args.files.len(), failed))
}
