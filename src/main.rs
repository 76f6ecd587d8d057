//! The `gluteus` binary: parse arguments, run, turn the outcome into an exit code.

#![forbid(unsafe_code)]

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::one_line_panics();
    let args = cli::Args::parse();
    match cli::run(&args) {
        Ok(status) => status.into(),
        Err(error) => {
            if cli::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            cli::print_error(&error);
            cli::ExitStatus::Error.into()
        }
    }
}
