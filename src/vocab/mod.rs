//! The shared vocabulary of every stage: the file formats, sports, surface classes and units that
//! `ingest`, `clean`, `surface`, `segment`, `model` and `report` all speak. It depends on nothing
//! else in the crate, so any module may use it without an arrow pointing backwards.

mod format;
mod sport;
mod surface;
mod units;

pub use format::{FileName, Format};
pub use sport::Sport;
pub use surface::Surface;
pub use units::{M_PER_FOOT, M_PER_MILE, Units};
