//! GeoJSON surface maps: `LineString`s and `MultiLineString`s are ways, `Polygon`s and `MultiPolygon`s are
//! areas; the surface comes from the feature's properties through the OSM table (`surface`, or
//! `natural`, `highway`, `tracktype`, `leisure`). The simulator's `*.surfaces.geojson` are such maps.

use super::Surface;
use super::map::{MapData, MapError, SurfaceMap, polygon};
use super::osm::from_osm_tags;
use serde_json::Value;

/// Reads a GeoJSON `FeatureCollection` (or a single `Feature`), indexed for matching.
///
/// # Errors
/// [`MapError::Malformed`] for text that is not GeoJSON; [`MapError::Empty`] when no feature has
/// a usable geometry and tags.
pub fn from_geojson(text: &str) -> Result<SurfaceMap, MapError> {
    SurfaceMap::from_data(read_geojson(text)?)
}

/// Reads a GeoJSON `FeatureCollection` (or a single `Feature`) into map features.
///
/// # Errors
/// As [`from_geojson`].
pub fn read_geojson(text: &str) -> Result<MapData, MapError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| MapError::Malformed(format!("not json: {e}")))?;
    let features: Vec<&Value> = match doc.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => doc
            .get("features")
            .and_then(Value::as_array)
            .map(|f| f.iter().collect())
            .unwrap_or_default(),
        Some("Feature") => vec![&doc],
        _ => {
            return Err(MapError::Malformed(
                "not a geojson FeatureCollection or Feature".to_owned(),
            ));
        }
    };
    let (mut ways, mut areas) = (Vec::new(), Vec::new());
    let (mut unknown, mut skipped) = (0_usize, 0_usize);
    for feature in features {
        let properties = feature.get("properties");
        let tag = |key: &str| properties.and_then(|p| p.get(key)).and_then(Value::as_str);
        let surface = match from_osm_tags(tag) {
            Some(Some(surface)) => surface,
            Some(None) => {
                unknown += 1;
                Surface::Unknown
            }
            None => {
                skipped += 1;
                continue;
            }
        };
        let Some(geometry) = feature.get("geometry") else {
            skipped += 1;
            continue;
        };
        let coordinates = geometry.get("coordinates");
        match geometry.get("type").and_then(Value::as_str) {
            Some("LineString") => ways.extend(line(coordinates).map(|l| (surface, l))),
            Some("MultiLineString") => {
                for part in coordinates.and_then(Value::as_array).into_iter().flatten() {
                    ways.extend(line(Some(part)).map(|l| (surface, l)));
                }
            }
            Some("Polygon") => areas.extend(area(coordinates).map(|p| (surface, p))),
            Some("MultiPolygon") => {
                for part in coordinates.and_then(Value::as_array).into_iter().flatten() {
                    areas.extend(area(Some(part)).map(|p| (surface, p)));
                }
            }
            _ => skipped += 1,
        }
    }
    let mut warnings = Vec::new();
    if unknown > 0 {
        warnings.push(format!(
            "{unknown} map features have a surface value not in the table: taken as unknown"
        ));
    }
    if skipped > 0 {
        warnings.push(format!(
            "{skipped} map features have no surface, highway or beach tag, or no usable geometry"
        ));
    }
    if ways.is_empty() && areas.is_empty() {
        return Err(MapError::Empty);
    }
    Ok(MapData { ways, areas, warnings })
}

fn point(value: &Value) -> Option<[f64; 2]> {
    let p = value.as_array()?;
    let (lon, lat) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
}

fn line(value: Option<&Value>) -> Option<Vec<[f64; 2]>> {
    let points: Vec<[f64; 2]> = value?.as_array()?.iter().filter_map(point).collect();
    (points.len() >= 2).then_some(points)
}

fn area(value: Option<&Value>) -> Option<geo::Polygon<f64>> {
    let rings: Vec<Vec<[f64; 2]>> = value?.as_array()?.iter().filter_map(|r| line(Some(r))).collect();
    polygon(&rings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_polygons_and_counts_unknown_values() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"surface":"asphalt"},"geometry":{"type":"LineString","coordinates":[[6.6,46.5],[6.61,46.5]]}},
            {"type":"Feature","properties":{"surface":"lava"},"geometry":{"type":"LineString","coordinates":[[6.6,46.6],[6.61,46.6]]}},
            {"type":"Feature","properties":{"natural":"beach"},"geometry":{"type":"Polygon","coordinates":[[[6.62,46.49],[6.63,46.49],[6.63,46.51],[6.62,46.49]]]}},
            {"type":"Feature","properties":{"name":"a shop"},"geometry":{"type":"Point","coordinates":[6.6,46.5]}}
        ]}"#;
        let map = from_geojson(text).unwrap();
        assert_eq!(map.way_segments(), 2);
        assert_eq!(map.areas(), 1);
        assert_eq!(map.nearest_way(6.605, 46.6, 10.0).unwrap().0, Surface::Unknown);
        assert_eq!(map.warnings.len(), 2, "{:?}", map.warnings);
        assert!(matches!(from_geojson("[1, 2]"), Err(MapError::Malformed(_))));
        assert!(matches!(
            from_geojson("{\"type\":\"FeatureCollection\",\"features\":[]}"),
            Err(MapError::Empty)
        ));
    }
}
