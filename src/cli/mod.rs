//! The command line: runs one subcommand and is the only code that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod commands;
mod output;

pub(crate) use args::Args;
use args::Command;
use std::process::ExitCode;

/// How a run of the binary ended (docs/output.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Every input succeeded.
    Success = 0,
    /// Some inputs failed; the others were processed.
    SomeFailed = 1,
    /// A usage error, or every input failed.
    Error = 2,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

impl ExitStatus {
    /// The status of a run over `total` inputs of which `failed` failed.
    pub(crate) fn of(total: usize, failed: usize) -> ExitStatus {
        match failed {
            0 => ExitStatus::Success,
            f if f == total => ExitStatus::Error,
            _ => ExitStatus::SomeFailed,
        }
    }
}

/// Runs the command line.
pub(crate) fn run(args: &Args) -> anyhow::Result<ExitStatus> {
    match &args.command {
        Command::Analyze(analyze) => commands::analyze::run(analyze),
        Command::Report(report) => commands::report::run(report),
        Command::Batch(batch) => commands::batch::run(batch),
        Command::Export(export) => commands::batch::export(export),
        Command::Trends(trends) => commands::trends::run(trends),
        Command::Inspect(inspect) => commands::inspect::run(inspect),
        Command::Simulate(simulate) => commands::simulate::run(simulate),
        Command::Surfaces(surfaces) => commands::surfaces::run(surfaces),
    }
}

/// Panics print one line (where, and what) instead of the default report; the library turns a
/// panic while analysing a file into that file's `internal` error, which is printed as well.
pub(crate) fn one_line_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "gluteus: panic{at}: {} (a bug in gluteus; please report it)",
            what.replace('\n', " ")
        );
    }));
}

/// Whether an error is a closed pipe (`gluteus … | head`), which is not a failure.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `gluteus: error: …` on one line, with each deeper cause that the message does not
/// already say.
pub(crate) fn print_error(error: &anyhow::Error) {
    let mut line = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    eprintln!("gluteus: error: {}", line.replace('\n', " "));
}

/// Prints one failed input as a single line (docs/output.md).
pub(crate) fn print_failure(error: &dyn std::error::Error) {
    eprintln!("gluteus: error: {error}");
}

/// Prints a warning about one input.
pub(crate) fn print_warning(file: &str, warning: &str) {
    eprintln!("gluteus: warning: {file}: {warning}");
}
