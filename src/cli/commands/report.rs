//! `gluteus report FILE... -o OUT_DIR [--format html,svg,png] [--size WxH]` and every analysis
//! flag of `analyze`: `OUT_DIR/<base name>/` per run (its page and chart files) and
//! `OUT_DIR/index.html`.

use super::super::args::{ReportArgs, ReportFormat};
use super::super::output::{create_dir, write_atomic};
use super::super::{ExitStatus, print_failure, print_warning};
use gluteus::report::{self, ReportOptions};
use rayon::prelude::*;
use std::io::Write as _;
use std::path::Path;

/// What became of one run's folder: how many files were written, or the error.
type Written = (String, Result<usize, String>);

pub(crate) fn run(args: &ReportArgs) -> anyhow::Result<ExitStatus> {
    let (options, units) = super::options(&args.analysis)?;
    let pool = super::pool(args.analysis.threads)?;
    let outcomes = super::analyze_all(&pool, &args.files, &options);
    let report_options = ReportOptions {
        units,
        size: args.size,
        html: args.format.contains(&ReportFormat::Html),
        svg: args.format.contains(&ReportFormat::Svg),
        png: args.format.contains(&ReportFormat::Png),
    };
    let folders = report::folders_for(&outcomes);
    create_dir(&args.output)?;
    // Each file's runs drawn and written in parallel (each run has its own folder); what became
    // of them is printed in input order.
    let map = options.surface_map.as_deref();
    let written: Vec<Vec<Written>> = pool.install(|| {
        outcomes
            .par_iter()
            .zip(&folders)
            .map(|((_, outcome), names)| match outcome {
                Ok(analysis) => report::file_reports(analysis, names, map, &report_options)
                    .into_iter()
                    .map(|(folder, files)| {
                        let done = files.map_err(|e| e.to_string()).and_then(|files| {
                            write_folder(&args.output.join(&folder), &files).map_err(|e| e.to_string())
                        });
                        (folder, done)
                    })
                    .collect(),
                Err(_) => Vec::new(),
            })
            .collect()
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut errors: Vec<Option<String>> = vec![None; outcomes.len()];
    for (k, ((file, outcome), runs)) in outcomes.iter().zip(&written).enumerate() {
        match outcome {
            Err(error) => print_failure(error),
            Ok(analysis) => {
                for warning in analysis
                    .warnings
                    .iter()
                    .chain(analysis.runs.iter().flat_map(|r| &r.warnings))
                {
                    print_warning(file, warning);
                }
            }
        }
        for (folder, done) in runs {
            match done {
                Ok(n) => writeln!(
                    out,
                    "{}: {n} file{}",
                    args.output.join(folder).display(),
                    if *n == 1 { "" } else { "s" }
                )?,
                Err(error) => {
                    eprintln!("gluteus: error: {file}: {error}");
                    errors[k] = Some(error.clone());
                }
            }
        }
    }
    if report_options.html {
        let index = args.output.join("index.html");
        write_atomic(
            &index,
            report::index_for(&outcomes, &folders, &errors, units).as_bytes(),
        )?;
        writeln!(out, "{}: the index", index.display())?;
    }
    out.flush()?;
    let failed = outcomes
        .iter()
        .zip(&errors)
        .filter(|((_, outcome), error)| outcome.is_err() || error.is_some())
        .count();
    Ok(ExitStatus::of(args.files.len(), failed))
}

/// Writes a run's files into its folder, each atomically; how many.
fn write_folder(dir: &Path, files: &[report::ReportFile]) -> anyhow::Result<usize> {
    create_dir(dir)?;
    for f in files {
        write_atomic(&dir.join(&f.name), &f.bytes)?;
    }
    Ok(files.len())
}
