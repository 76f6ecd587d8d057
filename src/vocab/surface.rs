//! The surface classes a stretch of a run can be on.

use serde::{Deserialize, Serialize};

/// What a stretch of a run is on (docs/output.md). `Sand` is soft, dry sand; `FirmSand` is wet
/// or packed sand at the water's edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// Every surface, in the order of docs/output.md.
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
    /// use gluteus::Surface;
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
