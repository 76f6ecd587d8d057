//! Surface: which ground every sample of a track is on, from (in order of precedence) the user's
//! overrides, the file's own hint (FIT sub-sport `track`, `treadmill`, `trail`), a surface map
//! (GeoJSON, an OpenStreetMap extract or a prebuilt index, matched with an R-tree), else
//! `unknown`, which the models treat as road.

mod assign;
mod geojson;
mod index;
mod map;
mod osm;

pub use assign::{Assignment, OverrideRange, Overrides, SurfaceConfig, assign, file_hint};
pub use geojson::{from_geojson, read_geojson};
pub use index::{read_index, write_index, write_index_data};
pub use map::{MapData, MapError, SurfaceMap};
pub use osm::{from_osm_pbf, from_osm_tags, read_osm_pbf, surface_from_osm_value};

pub use crate::vocab::Surface;
