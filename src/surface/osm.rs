//! OpenStreetMap tags → our surface classes. The table (also in docs/surfaces.md):
//!
//! | tag | value | class |
//! |---|---|---|
//! | `surface` | `asphalt`, `paved`, `concrete` (any), `paving_stones`, `sett`, `cobblestone`, `unhewn_cobblestone`, `bricks`, `chipseal`, `metal`, `wood` | `asphalt` |
//! | `surface` | `tartan`, `rubber` | `track` |
//! | `surface` | `grass`, `grass_paver`, `artificial_turf` | `grass` |
//! | `surface` | `dirt`, `earth`, `ground`, `mud`, `soil`, `compacted`, `unpaved` | `dirt` |
//! | `surface` | `gravel`, `fine_gravel`, `pebblestone`, `stones` | `gravel` |
//! | `surface` | `rock`, `woodchips`, `roots` | `trail` |
//! | `surface` | `sand` | `sand` |
//! | `surface` | `wet_sand`, `firm_sand` | `firm_sand` |
//! | `surface` | `snow`, `ice` | `snow` |
//! | `surface` | our own class names (`track`, `trail`, `treadmill`, …) | that class |
//! | `tracktype` (no `surface`) | `grade1` / `grade2`, `grade3` / `grade4` / `grade5` | `asphalt` / `gravel` / `dirt` / `grass` |
//! | `highway` (no `surface`, no `tracktype`) | `track`, `bridleway`, `path` / `path` with `sac_scale` / `footway`, `pedestrian`, `cycleway`, `steps` and every road | `dirt` / `trail` / `asphalt` |
//! | `leisure=track` (no `surface`) | | `track` |
//! | `natural` (areas) | `beach`, `sand`, `dune` | `sand` (a `surface` tag on the beach wins) |
//!
//! Anything else maps to `unknown`, and the map loader counts it in a warning.

use super::Surface;
use super::map::{MapData, MapError, SurfaceMap};

/// The class of an OSM `surface=*` value (or of one of our own class names), `None` if unknown.
///
/// # Examples
/// ```
/// use gluteus::surface::{Surface, surface_from_osm_value};
/// assert_eq!(surface_from_osm_value("paving_stones"), Some(Surface::Asphalt));
/// assert_eq!(surface_from_osm_value("tartan"), Some(Surface::Track));
/// assert_eq!(surface_from_osm_value("moon_dust"), None);
/// ```
pub fn surface_from_osm_value(value: &str) -> Option<Surface> {
    let v = value.trim().to_ascii_lowercase();
    if let Some(ours) = Surface::from_name(&v).filter(|s| *s != Surface::Unknown) {
        return Some(ours);
    }
    let class = match v.split(';').next().unwrap_or("") {
        "asphalt" | "paved" | "concrete" | "concrete:plates" | "concrete:lanes" | "paving_stones" | "sett"
        | "cobblestone" | "unhewn_cobblestone" | "bricks" | "chipseal" | "metal" | "wood" => Surface::Asphalt,
        "tartan" | "rubber" => Surface::Track,
        "grass" | "grass_paver" | "artificial_turf" => Surface::Grass,
        "dirt" | "earth" | "ground" | "mud" | "soil" | "compacted" | "unpaved" => Surface::Dirt,
        "gravel" | "fine_gravel" | "pebblestone" | "stones" => Surface::Gravel,
        "rock" | "woodchips" | "roots" => Surface::Trail,
        "sand" => Surface::Sand,
        "wet_sand" => Surface::FirmSand,
        "snow" | "ice" => Surface::Snow,
        _ => return None,
    };
    Some(class)
}

/// What a feature's tags say about its surface. `Some(None)`: a way or area we match against whose
/// surface is unknown (a `surface` value not in the table); `None`: not a feature for runners.
pub fn from_osm_tags<'a>(tag: impl Fn(&str) -> Option<&'a str>) -> Option<Option<Surface>> {
    if let Some(value) = tag("surface") {
        return Some(surface_from_osm_value(value));
    }
    if matches!(tag("natural"), Some("beach" | "sand" | "dune")) {
        return Some(Some(Surface::Sand));
    }
    if tag("leisure") == Some("track") {
        return Some(Some(Surface::Track));
    }
    if let Some(grade) = tag("tracktype") {
        return Some(match grade {
            "grade1" => Some(Surface::Asphalt),
            "grade2" | "grade3" => Some(Surface::Gravel),
            "grade4" => Some(Surface::Dirt),
            "grade5" => Some(Surface::Grass),
            _ => None,
        });
    }
    let highway = tag("highway")?;
    Some(Some(match highway {
        "path" if tag("sac_scale").is_some() => Surface::Trail,
        "track" | "bridleway" | "path" => Surface::Dirt,
        "proposed" | "construction" | "abandoned" | "platform" | "bus_stop" | "elevator" | "corridor" => return None,
        _ => Surface::Asphalt,
    }))
}

/// A way kept from the first pass: its id, surface (`None`: unknown value), whether it is an
/// area, and its node references.
type RawWay = (i64, Option<Surface>, bool, Vec<i64>);

/// Calls `f` on every data block of a PBF, blocks in parallel, and gathers what it pushes.
fn per_block<R, T, F>(reader: R, f: F) -> Result<Vec<T>, MapError>
where
    R: std::io::Read + Send,
    T: Send,
    F: Fn(&osmpbf::PrimitiveBlock, &mut Vec<T>) + Sync,
{
    use osmpbf::{BlobDecode, BlobReader};
    use rayon::prelude::*;
    let parts: Result<Vec<Vec<T>>, osmpbf::Error> = BlobReader::new(reader)
        .par_bridge()
        .map(|blob| {
            let mut out = Vec::new();
            if let BlobDecode::OsmData(block) = blob?.decode()? {
                f(&block, &mut out);
            }
            Ok(out)
        })
        .collect();
    let parts = parts.map_err(|e| MapError::Malformed(format!("not a readable osm pbf: {e}")))?;
    Ok(parts.into_iter().flatten().collect())
}

/// Ways (and beach areas) of an OpenStreetMap PBF extract, not yet indexed: what `surfaces build`
/// writes. `open` is called twice: ways first, then the coordinates of only the nodes they use, so
/// memory follows what matching needs, not the extract. Blocks are decoded in parallel; ways are
/// put back in id order, so the result does not depend on the thread count. Multipolygon
/// relations are not read.
///
/// # Errors
/// [`MapError::Malformed`] for a broken PBF; [`MapError::Empty`] when nothing is usable.
pub fn read_osm_pbf<R, F>(open: F) -> Result<MapData, MapError>
where
    R: std::io::Read + Send,
    F: Fn() -> std::io::Result<R>,
{
    use osmpbf::Element;
    let io = |e: std::io::Error| MapError::Malformed(format!("cannot read: {e}"));
    let mut ways: Vec<RawWay> = per_block(open().map_err(io)?, |block, out| {
        block.for_each_element(|element| {
            if let Element::Way(way) = element {
                let tags: Vec<(&str, &str)> = way.tags().collect();
                let tag = |key: &str| tags.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
                let Some(surface) = from_osm_tags(tag) else {
                    return;
                };
                let refs: Vec<i64> = way.refs().collect();
                let closed = refs.len() >= 4 && refs.first() == refs.last();
                let area =
                    closed && (matches!(tag("natural"), Some("beach" | "sand" | "dune")) || tag("area") == Some("yes"));
                out.push((way.id(), surface, area, refs));
            }
        });
    })?;
    ways.sort_unstable_by_key(|w| w.0);
    let mut needed: Vec<i64> = ways.iter().flat_map(|w| w.3.iter().copied()).collect();
    needed.sort_unstable();
    needed.dedup();
    // (id, lon, lat) with coordinates in 1e-7 degrees, as OpenStreetMap stores them.
    let mut nodes: Vec<(i64, i32, i32)> = per_block(open().map_err(io)?, |block, out| {
        let fixed = |degrees: f64| {
            #[allow(clippy::cast_possible_truncation)]
            let v = (degrees * 1e7).round() as i32;
            v
        };
        block.for_each_element(|element| {
            let (id, lon, lat) = match element {
                Element::Node(n) => (n.id(), n.lon(), n.lat()),
                Element::DenseNode(n) => (n.id(), n.lon(), n.lat()),
                _ => return,
            };
            if needed.binary_search(&id).is_ok() {
                out.push((id, fixed(lon), fixed(lat)));
            }
        });
    })?;
    drop(needed);
    nodes.sort_unstable_by_key(|n| n.0);
    let at = |id: i64| {
        nodes
            .binary_search_by_key(&id, |n| n.0)
            .ok()
            .map(|k| [f64::from(nodes[k].1) / 1e7, f64::from(nodes[k].2) / 1e7])
    };
    let mut data = MapData::default();
    let (mut unknown, mut incomplete) = (0_usize, 0_usize);
    for (_, surface, area, refs) in ways {
        let points: Vec<[f64; 2]> = refs.iter().filter_map(|&id| at(id)).collect();
        if points.len() < refs.len() {
            incomplete += 1;
        }
        let surface = surface.unwrap_or_else(|| {
            unknown += 1;
            Surface::Unknown
        });
        if area {
            if let Some(p) = super::map::polygon(&[points]) {
                data.areas.push((surface, p));
            }
        } else if points.len() >= 2 {
            data.ways.push((surface, points));
        }
    }
    if unknown > 0 {
        data.warnings.push(format!(
            "{} a surface value not in the table: taken as unknown",
            crate::vocab::count(unknown, "way") + " " + crate::vocab::have(unknown)
        ));
    }
    if incomplete > 0 {
        data.warnings.push(format!(
            "{} to nodes missing from the extract: kept what is there",
            crate::vocab::count(incomplete, "way") + if incomplete == 1 { " refers" } else { " refer" }
        ));
    }
    if data.ways.is_empty() && data.areas.is_empty() {
        return Err(MapError::Empty);
    }
    Ok(data)
}

/// [`read_osm_pbf`], indexed for matching.
///
/// # Errors
/// As [`read_osm_pbf`].
pub fn from_osm_pbf<R, F>(open: F) -> Result<SurfaceMap, MapError>
where
    R: std::io::Read + Send,
    F: Fn() -> std::io::Result<R>,
{
    SurfaceMap::from_data(read_osm_pbf(open)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    #[test]
    fn the_table() {
        assert_eq!(
            from_osm_tags(tags(&[("highway", "residential")])),
            Some(Some(Surface::Asphalt))
        );
        assert_eq!(
            from_osm_tags(tags(&[("highway", "track"), ("tracktype", "grade2")])),
            Some(Some(Surface::Gravel))
        );
        assert_eq!(from_osm_tags(tags(&[("highway", "track")])), Some(Some(Surface::Dirt)));
        assert_eq!(
            from_osm_tags(tags(&[("highway", "path"), ("sac_scale", "hiking")])),
            Some(Some(Surface::Trail))
        );
        assert_eq!(
            from_osm_tags(tags(&[("highway", "footway")])),
            Some(Some(Surface::Asphalt))
        );
        assert_eq!(
            from_osm_tags(tags(&[("highway", "footway"), ("surface", "sand")])),
            Some(Some(Surface::Sand))
        );
        assert_eq!(from_osm_tags(tags(&[("natural", "beach")])), Some(Some(Surface::Sand)));
        assert_eq!(
            from_osm_tags(tags(&[("natural", "beach"), ("surface", "pebblestone")])),
            Some(Some(Surface::Gravel))
        );
        assert_eq!(from_osm_tags(tags(&[("leisure", "track")])), Some(Some(Surface::Track)));
        assert_eq!(
            from_osm_tags(tags(&[("highway", "path"), ("surface", "lava")])),
            Some(None)
        );
        assert_eq!(from_osm_tags(tags(&[("building", "yes")])), None);
        assert_eq!(surface_from_osm_value("firm_sand"), Some(Surface::FirmSand));
    }
}
