//! `gluteus surfaces build MAP -o surfaces.idx`, and loading a surface map for `analyze`.

use super::super::ExitStatus;
use super::super::args::{SurfacesArgs, SurfacesCommand};
use super::super::output::write_atomic;
use anyhow::bail;
use gluteus::surface::{self, SurfaceMap};
use std::io::Write as _;
use std::path::Path;

pub(crate) fn run(args: &SurfacesArgs) -> anyhow::Result<ExitStatus> {
    match &args.command {
        SurfacesCommand::Build { map, output } => {
            let started = std::time::Instant::now();
            let data = read_data(map)?;
            let name = map.display().to_string();
            for warning in &data.warnings {
                super::super::print_warning(&name, warning);
            }
            let (ways, areas) = (data.ways.len(), data.areas.len());
            let bytes = surface::write_index_data(&data);
            drop(data);
            write_atomic(output, &bytes)?;
            let stdout = std::io::stdout();
            writeln!(
                stdout.lock(),
                "{}: {ways} ways, {areas} areas, {:.1} MB, in {:.1} s",
                output.display(),
                bytes.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            )?;
            Ok(ExitStatus::Success)
        }
    }
}

/// Map files larger than this are refused, bytes (a continent's extract is about 30 GB).
const MAX_MAP_BYTES: u64 = 64 << 30;

/// Reads a map's features (GeoJSON or an OSM extract) for building an index.
#[allow(clippy::disallowed_methods)] // the CLI reads the map
#[allow(clippy::case_sensitive_file_extension_comparisons)] // compared lowercased
fn read_data(path: &Path) -> anyhow::Result<surface::MapData> {
    let name = path.display().to_string();
    let lower = name.to_ascii_lowercase();
    let data = if lower.ends_with(".geojson") || lower.ends_with(".json") {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
        surface::read_geojson(&text)
    } else if lower.ends_with(".pbf") {
        surface::read_osm_pbf(|| std::fs::File::open(path).map(std::io::BufReader::new))
    } else {
        bail!("{name}: an index is built from .osm.pbf or .geojson");
    };
    data.map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// Loads a surface map by its extension: `.geojson`/`.json`, `.osm.pbf`/`.pbf`, or `.idx`.
#[allow(clippy::disallowed_methods)] // the CLI reads the map
#[allow(clippy::case_sensitive_file_extension_comparisons)] // compared lowercased
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
    } else if lower.ends_with(".pbf") {
        surface::from_osm_pbf(|| std::fs::File::open(path).map(std::io::BufReader::new))
    } else if lower.ends_with(".idx") {
        let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
        surface::read_index(&bytes)
    } else {
        bail!("{name}: a surface map is .geojson, .osm.pbf or .idx");
    };
    map.map_err(|e| anyhow::anyhow!("{name}: {e}"))
}
