//! `gluteus analyze FILE... [--json [--series] | --csv] [--units metric|imperial] [--threads N]`.

use super::super::args::AnalyzeArgs;
use super::super::{ExitStatus, print_failure, print_warning};
use gluteus::report;
use std::io::Write;

pub(crate) fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitStatus> {
    let (options, units) = super::options(&args.analysis)?;
    let outcomes = super::analyze_all(&super::pool(args.analysis.threads)?, &args.files, &options);
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
