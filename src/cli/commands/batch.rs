//! `gluteus batch PATH... --db FILE [--threads N] [--force] [--retry-failures] [--quiet]`.

use super::super::ExitStatus;
use super::super::args::{BatchArgs, ExportArgs, ExportFormatArg};
use super::super::output::write_atomic;
use gluteus::batch::{self, BatchOptions};
use gluteus::store::Store;
use gluteus::store::parquet::{self, Part};
use std::io::{IsTerminal as _, Write as _};

pub(crate) fn run(args: &BatchArgs) -> anyhow::Result<ExitStatus> {
    let (options, _) = super::options(&args.analysis)?;
    let pool = super::pool(args.analysis.threads)?;
    // Without --db, a database of this run alone, removed at the end: Parquet is written from it.
    let temporary = args.db.is_none().then(|| {
        let part = args.shard.map_or((0, 1), |s| (s.index, s.count));
        std::env::temp_dir().join(format!(
            "gluteus-batch-{}-part-{}-of-{}.sqlite",
            std::process::id(),
            part.0,
            part.1
        ))
    });
    let db = args.db.clone().or_else(|| temporary.clone()).unwrap_or_default();
    let result = run_into(args, &db, options, &pool);
    if let Some(path) = temporary {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    result
}

fn run_into(
    args: &BatchArgs,
    db: &std::path::Path,
    options: gluteus::Options,
    pool: &rayon::ThreadPool,
) -> anyhow::Result<ExitStatus> {
    let mut store = Store::open(db)?;
    let batch_options = BatchOptions {
        analysis: options,
        force: args.force,
        retry_failures: args.retry_failures,
        window: usize::try_from(args.window).unwrap_or(256),
        shard: args.shard,
        ..BatchOptions::default()
    };
    let started = std::time::Instant::now();
    // A progress bar on a terminal (never in a pipe or a log), unless --quiet.
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(batch::discover::estimate(&args.paths));
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} inputs  {per_sec}  ETA {eta}  {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let summary = pool.install(|| {
        batch::run(&args.paths, &mut store, &batch_options, &mut |s| {
            if let Some(bar) = &bar {
                bar.set_position(s.written);
                bar.set_message(format!("{} runs, {} failed", s.runs, s.failed));
            }
        })
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(out) = &args.parquet {
        let part = args.shard.map_or_else(Part::default, |s| Part {
            shard: s.index,
            shards: s.count,
        });
        gluteus::store::parquet::write(&store, out, &parquet::BATCH_TABLES, part)?;
    }
    let secs = started.elapsed().as_secs_f64();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{} inputs: {} runs stored, {} skipped, {} duplicate, {} failed, {} unchanged since the last batch; {} ignored (not run files){}; {:.1} s",
        summary.inputs,
        summary.runs,
        summary.skipped,
        summary.duplicates,
        summary.failed,
        summary.unchanged,
        summary.ignored,
        args.shard.map_or(String::new(), |s| format!(
            "; {} in other shards than {}/{}",
            summary.elsewhere, s.index, s.count
        )),
        secs
    )?;
    if !args.quiet && !summary.slowest.is_empty() {
        let slowest: Vec<String> = summary
            .slowest
            .iter()
            .map(|(name, took)| format!("{name} {:.0} ms", took.as_secs_f64() * 1e3))
            .collect();
        writeln!(out, "slowest: {}", slowest.join(", "))?;
    }
    out.flush()?;
    for (_, message) in &summary.failures {
        eprintln!("gluteus: error: {}", message.replace('\n', " "));
    }
    Ok(if summary.failed > 0 {
        ExitStatus::SomeFailed
    } else {
        ExitStatus::Success
    })
}

/// `gluteus export --db FILE --table NAME --format csv|jsonl -o FILE`.
pub(crate) fn export(args: &ExportArgs) -> anyhow::Result<ExitStatus> {
    if !args.db.is_file() {
        anyhow::bail!("{}: no such database", args.db.display());
    }
    let store = Store::open_read(&args.db)?;
    let format = match args.format {
        ExportFormatArg::Csv => gluteus::store::ExportFormat::Csv,
        ExportFormatArg::Jsonl => gluteus::store::ExportFormat::Jsonl,
        ExportFormatArg::Parquet => {
            let all: Vec<&str> = gluteus::store::rows::TABLES.iter().map(|t| t.name).collect();
            let tables = args
                .table
                .as_deref()
                .map_or(all, |t| t.split(',').map(str::trim).collect());
            parquet::write(&store, &args.output, &tables, Part::default())?;
            return Ok(ExitStatus::Success);
        }
    };
    let Some(table) = &args.table else {
        anyhow::bail!("--table is needed for csv and jsonl (runs, segments, ...)");
    };
    let bytes = gluteus::store::export(&store, table, format)?;
    write_atomic(&args.output, &bytes)?;
    Ok(ExitStatus::Success)
}
