//! `gluteus surfaces build MAP -o surfaces.idx`, and loading a surface map for `analyze`.

use anyhow::bail;
use gluteus::surface::{self, SurfaceMap};
use std::path::Path;

/// Map files larger than this are refused, bytes (a continent's extract is about 30 GB).
const MAX_MAP_BYTES: u64 = 64 << 30;

/// Loads a surface map by its extension: `.geojson`/`.json`, `.osm.pbf`/`.pbf`, or `.idx`.
#[allow(clippy::disallowed_methods)] // the CLI reads the map
pub(crate) fn load_map(path: &Path) -> anyhow::Result<SurfaceMap> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?
        .len();
    if size > MAX_MAP_BYTES {
        bail!("{name}: {size} bytes is too large for a surface map");
    }
    let lower = name.to_ascii_lowercase();
    let map = if lower.ends_with(".geojson") || lower.ends_with(".json") {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
        surface::from_geojson(&text)
    } else {
        bail!("{name}: a surface map is .geojson, .osm.pbf or .idx");
    };
    map.map_err(|e| anyhow::anyhow!("{name}: {e}"))
}
