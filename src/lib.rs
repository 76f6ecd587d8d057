//! gluteus reads recorded runs (FIT, GPX, TCX, gzipped or not) and estimates, stretch by stretch,
//! the energy they cost and how hard the glutes worked.
//!
//! ```text
//!  file ──► ingest ──► clean ──► surface ──► segment ──► model ──► report
//!           Recording   Track                 Segments   Analysis  (text, JSON, CSV, charts)
//! ```
//!
//! The front door is one call from a file to an [`Analysis`]:
//!
//! ```
//! let analysis = gluteus::analyze_path("samples/hill-repeats.fit".as_ref(), &gluteus::Options::default())?;
//! for run in &analysis.runs {
//!     println!("{:.1} km, {:.0} kcal, mean GEI {:.2}", run.summary.distance_m / 1000.0,
//!              run.summary.energy_kcal, run.summary.mean_gei);
//! }
//! let json = serde_json::to_string(&analysis).unwrap();
//! let back: gluteus::Analysis = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, analysis);
//! # Ok::<(), gluteus::Error>(())
//! ```
//!
//! The modules, in pipeline order:
//!
//! - **[`ingest`]**: bytes of one file → [`Recording`], columns in SI units and UTC, with our own
//!   FIT decoder (the fast path), quick-xml GPX and TCX readers, and format detection by content.
//! - **[`clean`]**: one running session of a recording → a [`Track`]: ordered times, spikes out,
//!   timer pauses and standing still marked, distance, smoothed elevation, speed and grade.
//! - **[`surface`]**: which surface every sample is on: overrides, the file's hint, GeoJSON or
//!   OpenStreetMap surface maps matched with an R-tree, a compact surface index.
//! - **[`segment`]**: a track → segments of one grade, pace and surface that tile the timer time;
//!   splits and climbs.
//! - **[`model`]**: segments → energy, grade-adjusted pace and Glute Engagement Index, with bands;
//!   the models are values ([`model::Models`]) and every constant is in one table.
//! - **[`analysis`]**: the result as data ([`Analysis`]), serialisable both ways; it imports no
//!   stage, so every stage may fill it.
//! - **[`report`]**: formats an analysis (text, JSON, CSV); computes nothing.
//! - **[`pipeline`]**: the stage order, written once: [`analyze_path`], [`analyze_bytes`],
//!   [`Options`] and [`Settings`].
//!
//! Beside them: [`vocab`] (formats, sports, surfaces, units: the words every stage shares),
//! [`time`] (UTC instants), [`simulate`] (synthetic runs with known truth) and [`Error`] (every
//! failure, with a stable [`ErrorKind`]).

#![forbid(unsafe_code)]

pub mod analysis;
pub mod batch;
pub mod clean;
pub mod error;
pub mod ingest;
pub mod model;
pub mod pipeline;
mod projection;
pub mod report;
pub mod segment;
pub mod simulate;
pub mod store;
pub mod surface;
pub mod terrain;
pub mod time;
mod toml_input;
pub mod trends;
pub mod vocab;

pub use analysis::Analysis;
pub use clean::Track;
pub use error::{Error, ErrorKind, Result};
pub use ingest::Recording;
pub use pipeline::{Options, Settings, analyze_bytes, analyze_path};
pub use vocab::{FileName, Format, Sport, Surface, Units};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
