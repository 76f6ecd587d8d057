//! Where a run's numbers came from: the source of its distance, elevation, timer pauses and
//! surfaces. The stages that decide them (`clean`, `surface`) fill these in.

use serde::{Deserialize, Serialize};

/// Where the distance came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceSource {
    /// The device's distance channel.
    Device,
    /// Haversine distances between cleaned positions.
    Positions,
    /// The speed channel, integrated.
    Speed,
}

/// Where the elevation came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElevationSource {
    /// A barometric altimeter.
    Barometric,
    /// GPS elevation.
    Gps,
    /// A digital elevation model under the positions (`--dem`).
    Dem,
    /// No elevation: grades are 0.
    None,
}

/// Where the timer pauses came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerSource {
    /// The device's timer start and stop events.
    Events,
    /// Track breaks and long gaps with no plausible running across them.
    Gaps,
}

/// Where a sample's surface came from, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurfaceSource {
    /// `--surface`, or a range of the run's surface file.
    Override,
    /// The file itself (FIT sub-sport).
    File,
    /// A surface map.
    Map,
    /// Nothing: `unknown`, treated as road.
    None,
}

impl DistanceSource {
    /// The lowercase name used in JSON and text.
    pub fn name(self) -> &'static str {
        match self {
            DistanceSource::Device => "device",
            DistanceSource::Positions => "positions",
            DistanceSource::Speed => "speed",
        }
    }
}

impl std::fmt::Display for DistanceSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl ElevationSource {
    /// The lowercase name used in JSON and text.
    pub fn name(self) -> &'static str {
        match self {
            ElevationSource::Barometric => "barometric",
            ElevationSource::Gps => "gps",
            ElevationSource::Dem => "dem",
            ElevationSource::None => "none",
        }
    }
}

impl std::fmt::Display for ElevationSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl TimerSource {
    /// The lowercase name used in JSON and text.
    pub fn name(self) -> &'static str {
        match self {
            TimerSource::Events => "events",
            TimerSource::Gaps => "gaps",
        }
    }
}

impl std::fmt::Display for TimerSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl SurfaceSource {
    /// The lowercase name used in JSON and text.
    pub fn name(self) -> &'static str {
        match self {
            SurfaceSource::Override => "override",
            SurfaceSource::File => "file",
            SurfaceSource::Map => "map",
            SurfaceSource::None => "none",
        }
    }
}

impl std::fmt::Display for SurfaceSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
