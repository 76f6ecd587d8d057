//! One integration-test binary (one link on the 2-core CI machine), in themed modules.

mod samples;
mod util;
