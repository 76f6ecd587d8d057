//! One integration-test binary (one link on the 2-core CI machine), in themed modules.
// Tests read fixtures from disk and unwrap in their helpers as well as in test functions.
#![allow(
    clippy::unwrap_used,
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::too_many_lines,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_lossless,
    clippy::float_cmp,
    clippy::print_stderr,
    clippy::print_stdout,
    unreachable_pub,
    missing_docs
)]

mod analyze;
mod batch;
mod boundary;
mod broken;
mod cli;
mod fit_edges;
mod glutes;
mod memory;
mod models;
mod recordings;
mod reference;
mod report;
mod robustness;
mod samples;
mod scale;
mod simulate;
mod surfaces;
mod trends;
mod util;
