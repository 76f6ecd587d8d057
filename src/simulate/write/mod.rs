//! Writers for simulated runs: FIT (our encoder), GPX 1.1 and TCX, each optionally gzipped; the
//! truth JSON and the surface map GeoJSON that go beside them.

mod fit;
mod gpx;
mod tcx;

use super::Simulation;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write as _;

pub use crate::vocab::Format;

/// An output file name understood: its format, whether to gzip, and the stem that the truth and
/// surface files share (`run.fit.gz` → `run`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputName {
    /// Format from the extension.
    pub format: Format,
    /// Ends in `.gz`.
    pub gzip: bool,
    /// The name without its format and `.gz` extensions.
    pub stem: String,
}

impl OutputName {
    /// Reads `NAME.{fit,gpx,tcx}[.gz]` (case-insensitive).
    ///
    /// # Examples
    /// ```
    /// use gluteus::simulate::write::{Format, OutputName};
    /// let name = OutputName::parse("out/beach.GPX.gz").unwrap();
    /// assert_eq!((name.format, name.gzip, name.stem.as_str()), (Format::Gpx, true, "out/beach"));
    /// assert!(OutputName::parse("beach.kml").is_none());
    /// ```
    pub fn parse(name: &str) -> Option<Self> {
        let parsed = crate::vocab::FileName::parse(name);
        let format = parsed.format?;
        (!parsed.base.is_empty() && !parsed.base.ends_with('/')).then_some(Self {
            format,
            gzip: parsed.gzip,
            stem: parsed.base,
        })
    }
}

/// The file's bytes in a format (not compressed).
pub fn encode(run: &Simulation, format: Format) -> Vec<u8> {
    match format {
        Format::Fit => fit::encode(run, run.options.compressed_timestamps),
        Format::Gpx => gpx::encode(run),
        Format::Tcx => tcx::encode(run),
    }
}

/// Gzips bytes deterministically (no name, no time in the header).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `NAME.truth.json`: the truth, pretty-printed.
pub fn truth_json(run: &Simulation) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&run.truth).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `NAME.surfaces.geojson`: the course's surfaces as LineStrings with an OSM-style `surface`.
pub fn surfaces_geojson(run: &Simulation) -> Vec<u8> {
    let features: Vec<serde_json::Value> = run
        .surfaces
        .iter()
        .map(|(surface, points)| {
            let coordinates: Vec<[f64; 2]> = points.iter().map(|&(lat, lon)| [lon, lat]).collect();
            serde_json::json!({
                "type": "Feature",
                "properties": { "surface": surface.name(), "source": "gluteus simulate", "course": run.course.name },
                "geometry": { "type": "LineString", "coordinates": coordinates },
            })
        })
        .collect();
    let collection = serde_json::json!({ "type": "FeatureCollection", "features": features });
    let mut bytes = serde_json::to_vec(&collection).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
