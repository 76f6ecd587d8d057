//! `gluteus analyze FILE... [--json | --csv] [--units metric|imperial] [--threads N]`.

use super::super::args::{AnalyzeArgs, UnitsArg};
use super::super::{ExitStatus, print_warning};
use super::inspect::write_json;
use gluteus::ingest;
use gluteus::pipeline::{self, Analysis, Config};
use gluteus::report::{self, Units};
use rayon::prelude::*;
use std::io::Write;

pub(crate) fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitStatus> {
    let units = match args.units {
        UnitsArg::Metric => Units::Metric,
        UnitsArg::Imperial => Units::Imperial,
    };
    let mut config = Config::default();
    config.segment.split_m = units.split_m();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    // Files in parallel; results in input order, so the output is the same for any thread count.
    let results: Vec<Result<Analysis, String>> = pool.install(|| {
        args.files
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let recording = ingest::read(path).map_err(|e| e.to_string())?;
                pipeline::analyze(&name, &recording, &config).map_err(|e| format!("{name}: {e}"))
            })
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0;
    let mut documents = Vec::new();
    let mut csv = args.csv.then(|| csv::Writer::from_writer(Vec::new()));
    if let Some(writer) = csv.as_mut() {
        writer.write_record(report::CSV_HEADER)?;
    }
    for result in results {
        let analysis = match result {
            Ok(analysis) => analysis,
            Err(message) => {
                failed += 1;
                eprintln!("gluteus: error: {message}");
                continue;
            }
        };
        if args.json {
            documents.push(serde_json::to_value(&analysis)?);
            continue;
        }
        for warning in analysis
            .warnings
            .iter()
            .chain(analysis.runs.iter().flat_map(|r| &r.warnings))
        {
            print_warning(&analysis.file, warning);
        }
        if let Some(writer) = csv.as_mut() {
            for row in report::csv_rows(&analysis) {
                writer.write_record(&row)?;
            }
        } else {
            write!(out, "{}", report::to_text(&analysis, units))?;
        }
    }
    if args.json {
        write_json(&mut out, documents, args.files.len())?;
    }
    if let Some(writer) = csv {
        out.write_all(&writer.into_inner()?)?;
    }
    out.flush()?;
    Ok(ExitStatus::of(args.files.len(), failed))
}
