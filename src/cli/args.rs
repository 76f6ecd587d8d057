//! The command line, as clap derives it (design.md section 4 is the contract).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Analyse recorded runs: energy and glute engagement, segment by segment.
#[derive(Debug, Parser)]
#[command(name = "gluteus", version, about, propagate_version = true)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Show what a run file holds, as decoded, before any cleaning.
    Inspect(InspectArgs),
}

/// Arguments of `gluteus inspect`.
#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// FIT, GPX or TCX files, gzipped or not.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// Print JSON (one object per file; an array for several files).
    #[arg(long)]
    pub(crate) json: bool,
    /// Print every FIT message and field as the full FIT profile (fitparser) decodes them.
    #[arg(long)]
    pub(crate) messages: bool,
}
