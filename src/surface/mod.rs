//! Surface: which ground every sample of a track is on, from (in order of precedence) the user's
//! overrides, the file's own hint (FIT sub-sport `track`, `treadmill`, `trail`), a surface map
//! (GeoJSON, an OpenStreetMap extract or a prebuilt index, matched with an R-tree), else
//! `unknown`, which the models treat as road.

mod assign;
mod geojson;
mod index;
mod map;
mod osm;

pub use assign::{Assignment, OverrideRange, Overrides, SurfaceConfig, SurfaceSource, assign};
pub use geojson::{from_geojson, read_geojson};
pub use index::{read_index, write_index, write_index_data};
pub use map::{MapData, MapError, SurfaceMap};
pub use osm::{from_osm_pbf, from_osm_tags, read_osm_pbf, surface_from_osm_value};

use serde::Serialize;

/// What a stretch of a run is on (design.md section 4). `Sand` is soft, dry sand; `FirmSand` is wet
/// or packed sand at the water's edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    /// Asphalt or concrete road and pavement.
    Asphalt,
    /// A synthetic running track.
    Track,
    /// A treadmill belt.
    Treadmill,
    /// Grass.
    Grass,
    /// Compacted dirt or earth paths.
    Dirt,
    /// Gravel.
    Gravel,
    /// Technical trail: roots, rocks, uneven footing.
    Trail,
    /// Soft, dry sand.
    Sand,
    /// Wet or packed sand.
    FirmSand,
    /// Snow.
    Snow,
    /// Not known (treated as road by the models, and said so).
    Unknown,
}

impl Surface {
    /// Every surface, in the order of design.md.
    pub const ALL: [Self; 11] = [
        Self::Asphalt,
        Self::Track,
        Self::Treadmill,
        Self::Grass,
        Self::Dirt,
        Self::Gravel,
        Self::Trail,
        Self::Sand,
        Self::FirmSand,
        Self::Snow,
        Self::Unknown,
    ];

    /// The name used in JSON, CSV, course files and surface maps.
    pub fn name(self) -> &'static str {
        match self {
            Self::Asphalt => "asphalt",
            Self::Track => "track",
            Self::Treadmill => "treadmill",
            Self::Grass => "grass",
            Self::Dirt => "dirt",
            Self::Gravel => "gravel",
            Self::Trail => "trail",
            Self::Sand => "sand",
            Self::FirmSand => "firm_sand",
            Self::Snow => "snow",
            Self::Unknown => "unknown",
        }
    }

    /// The surface of a name as [`Surface::name`] gives it.
    ///
    /// # Examples
    /// ```
    /// use gluteus::surface::Surface;
    /// assert_eq!(Surface::from_name("firm_sand"), Some(Surface::FirmSand));
    /// assert_eq!(Surface::from_name("lava"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl std::fmt::Display for Surface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
