//! gluteus reads recorded runs (FIT, GPX, TCX, gzipped or not) and estimates, stretch by stretch,
//! the energy they cost and how hard the glutes worked.
//!
//! ```text
//!  file ──► ingest ──► clean ──► surface ──► segment ──► model ──► report
//!           Recording   Track                 Segments   Analysis  (text, JSON, CSV, charts)
//! ```
//!
//! What exists today:
//!
//! - **[`ingest`]**: bytes of one file → [`ingest::Recording`], columns in SI units and UTC, with our
//!   own FIT decoder (the fast path), quick-xml GPX and TCX readers, and format detection by content.
//! - **[`clean`]**: one running session of a recording → a [`clean::Track`]: ordered times, spikes
//!   out, timer pauses and standing still marked, distance, smoothed elevation, speed and grade.
//! - **[`segment`]**: a track → segments of one grade, pace and surface that tile the timer time;
//!   splits and climbs.
//! - **[`model`]**: segments → energy, grade-adjusted pace and Glute Engagement Index, with bands
//!   (documented strategies; `docs/model.md`).
//! - **[`pipeline`]**: the stage order, written once: recording → [`pipeline::Analysis`].
//! - **[`report`]**: formats what a stage produced; computes nothing.
//! - **[`simulate`]**: synthetic runs with known truth: a course, the true motion, a device model,
//!   and real FIT, GPX and TCX files written beside their truth and surface map.
//! - **[`surface`]**: which surface every sample is on: overrides, the file's hint, GeoJSON or
//!   OpenStreetMap surface maps matched with an R-tree, a compact surface index.
//! - **[`time`]**: UTC instants, RFC 3339 formatting, ISO 8601 parsing.
//! - **[`Error`]**: every stage's error in one enum.
//!
//! # Examples
//! ```
//! let recording = gluteus::ingest::read("samples/hill-repeats.fit".as_ref())?;
//! println!("{} samples from {:?}", recording.samples.len(), recording.device);
//! # Ok::<(), gluteus::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod clean;
pub mod error;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod segment;
pub mod simulate;
pub mod surface;
pub mod time;
mod toml_input;

pub use error::{Error, Result};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
