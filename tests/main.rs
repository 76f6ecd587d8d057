//! One integration-test binary (one link on the 2-core CI machine), in themed modules.

mod broken;
mod cli;
mod fit_edges;
mod memory;
mod reference;
mod robustness;
mod samples;
mod util;
