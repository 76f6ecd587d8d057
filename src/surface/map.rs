//! A surface map: ways (polylines) and areas (polygons), each with a surface, in R-trees (rstar, the
//! version geo uses) for nearest-way and containing-area queries. Coordinates are longitude and
//! latitude in degrees; distances are metres on a local flat projection around the query.

use super::Surface;
use crate::projection::Local;
use geo::{Contains, Coord, LineString, Point, Polygon};
use rstar::primitives::{GeomWithData, Line, Rectangle};
use rstar::{AABB, RTree};

/// A way's segment and its surface.
pub(crate) type WaySegment = GeomWithData<Line<[f64; 2]>, Surface>;
/// An area's bounding box and its index.
type AreaBox = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Why a map cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    /// The map has nothing to match against. Remedy: a map with surface-tagged ways or areas.
    #[error("no usable features: no ways or areas with a surface (or a highway or beach tag)")]
    Empty,
    /// The map file is not what its name says.
    #[error("{0}")]
    Malformed(String),
    /// The file's name does not say what kind of map it is.
    #[error("a surface map is .geojson, .osm.pbf or .idx (a built index)")]
    UnknownKind,
}

/// A map's features before indexing: ways (lists of `[lon, lat]` points) and areas, each with a
/// surface.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapData {
    /// Ways.
    pub ways: Vec<(Surface, Vec<[f64; 2]>)>,
    /// Areas.
    pub areas: Vec<(Surface, Polygon<f64>)>,
    /// What was odd about the map.
    pub warnings: Vec<String>,
}

/// Ways and areas with their surfaces.
#[derive(Debug)]
pub struct SurfaceMap {
    ways: RTree<WaySegment>,
    areas: Vec<(Surface, Polygon<f64>)>,
    area_boxes: RTree<AreaBox>,
    /// What was odd about the map (unknown surface values, skipped features).
    pub warnings: Vec<String>,
}

impl SurfaceMap {
    /// A map from ways (lists of `[lon, lat]` points) and areas (outer rings, with holes).
    ///
    /// # Errors
    /// [`MapError::Empty`] when there is nothing to match against.
    pub fn new(
        ways: &[(Surface, Vec<[f64; 2]>)],
        areas: Vec<(Surface, Polygon<f64>)>,
        warnings: Vec<String>,
    ) -> Result<Self, MapError> {
        let segments: Vec<WaySegment> = ways
            .iter()
            .flat_map(|(surface, points)| {
                points
                    .windows(2)
                    .filter(|w| w[0].iter().zip(&w[1]).any(|(a, b)| a.total_cmp(b).is_ne()))
                    .map(move |w| GeomWithData::new(Line::new(w[0], w[1]), *surface))
            })
            .collect();
        Self::from_segments(segments, areas, warnings)
    }

    /// A map from features read by a loader.
    ///
    /// # Errors
    /// [`MapError::Empty`] when there is nothing to match against.
    pub fn from_data(data: MapData) -> Result<Self, MapError> {
        Self::new(&data.ways, data.areas, data.warnings)
    }

    /// A map from way segments already cut (the index loads this way).
    pub(crate) fn from_segments(
        segments: Vec<WaySegment>,
        areas: Vec<(Surface, Polygon<f64>)>,
        warnings: Vec<String>,
    ) -> Result<Self, MapError> {
        if segments.is_empty() && areas.is_empty() {
            return Err(MapError::Empty);
        }
        let boxes = areas
            .iter()
            .enumerate()
            .filter_map(|(i, (_, polygon))| {
                let ring = polygon.exterior();
                let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
                for c in ring.coords() {
                    lo = [lo[0].min(c.x), lo[1].min(c.y)];
                    hi = [hi[0].max(c.x), hi[1].max(c.y)];
                }
                (lo[0] <= hi[0]).then(|| GeomWithData::new(Rectangle::from_corners(lo, hi), i))
            })
            .collect();
        Ok(Self {
            ways: RTree::bulk_load(segments),
            areas,
            area_boxes: RTree::bulk_load(boxes),
            warnings,
        })
    }

    /// Number of way segments.
    pub fn way_segments(&self) -> usize {
        self.ways.size()
    }

    /// Number of areas.
    pub fn areas(&self) -> usize {
        self.areas.len()
    }

    /// Every way segment and its surface (for writing an index).
    pub(crate) fn segments(&self) -> impl Iterator<Item = &WaySegment> {
        self.ways.iter()
    }

    /// Every area (for writing an index).
    pub(crate) fn area_list(&self) -> &[(Surface, Polygon<f64>)] {
        &self.areas
    }

    /// The way segments (each a surface and two `[lon, lat]` ends) that touch a box of longitude
    /// and latitude, for drawing the map around a route.
    pub fn way_segments_within(
        &self,
        min: [f64; 2],
        max: [f64; 2],
    ) -> impl Iterator<Item = (Surface, [f64; 2], [f64; 2])> + '_ {
        self.ways
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
            .map(|w| (w.data, w.geom().from, w.geom().to))
    }

    /// The surface of the nearest way within `tolerance_m` of a point, and its distance, m.
    pub fn nearest_way(&self, lon: f64, lat: f64, tolerance_m: f64) -> Option<(Surface, f64)> {
        self.best_way(lon, lat, tolerance_m, None)
    }

    /// Like [`SurfaceMap::nearest_way`], but a way that crosses the direction of travel
    /// (`direction`, a unit vector east and north) counts as `turn_penalty_m × |sin(angle)|`
    /// metres further: at a junction or where two ways run side by side, the runner is on the one
    /// going their way.
    pub fn way_along(
        &self,
        lon: f64,
        lat: f64,
        tolerance_m: f64,
        direction: [f64; 2],
        turn_penalty_m: f64,
    ) -> Option<(Surface, f64)> {
        self.best_way(lon, lat, tolerance_m, Some((direction, turn_penalty_m)))
    }

    fn best_way(
        &self,
        lon: f64,
        lat: f64,
        tolerance_m: f64,
        heading: Option<([f64; 2], f64)>,
    ) -> Option<(Surface, f64)> {
        let local = Local::at(lat);
        let (dx, dy) = local.degrees(tolerance_m);
        let envelope = AABB::from_corners([lon - dx, lat - dy], [lon + dx, lat + dy]);
        self.ways
            .locate_in_envelope_intersecting(&envelope)
            .map(|w| {
                let (a, b) = (w.geom().from, w.geom().to);
                // Local metres around the query point.
                let (ax, ay) = local.offset(lat, lon, a[1], a[0]);
                let (bx, by) = local.offset(lat, lon, b[1], b[0]);
                let d = point_segment_distance(ax, ay, bx, by);
                let penalty = heading.map_or(0.0, |([east, north], k)| {
                    let (vx, vy) = (bx - ax, by - ay);
                    let length = (vx * vx + vy * vy).sqrt().max(1e-9);
                    // |sin| of the angle between the way and the direction: their cross product.
                    k * (vx * north - vy * east).abs() / length
                });
                (w.data, d, d + penalty)
            })
            .filter(|(_, d, _)| *d <= tolerance_m)
            .min_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)))
            .map(|(s, d, _)| (s, d))
    }

    /// The surface of an area containing a point (the smallest, when areas nest).
    pub fn area_at(&self, lon: f64, lat: f64) -> Option<Surface> {
        let point = Point::new(lon, lat);
        self.area_boxes
            .locate_all_at_point(&[lon, lat])
            .filter(|b| self.areas[b.data].1.contains(&point))
            .map(|b| {
                let r = b.geom();
                let (lo, hi) = (r.lower(), r.upper());
                ((hi[0] - lo[0]) * (hi[1] - lo[1]), b.data)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, i)| self.areas[i].0)
    }
}

/// Distance from the origin to the segment a-b, same units.
fn point_segment_distance(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (vx, vy) = (bx - ax, by - ay);
    let length2 = vx * vx + vy * vy;
    let t = if length2 > 0.0 {
        (-(ax * vx + ay * vy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (ax + t * vx, ay + t * vy);
    (px * px + py * py).sqrt()
}

/// A polygon from rings of `[lon, lat]` points: the first is the outer ring, the rest holes.
pub(crate) fn polygon(rings: &[Vec<[f64; 2]>]) -> Option<Polygon<f64>> {
    let to_line =
        |ring: &Vec<[f64; 2]>| LineString::from(ring.iter().map(|p| Coord { x: p[0], y: p[1] }).collect::<Vec<_>>());
    let outer = rings.first().filter(|r| r.len() >= 3)?;
    Some(Polygon::new(
        to_line(outer),
        rings[1..].iter().filter(|r| r.len() >= 3).map(to_line).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_way_within_tolerance_and_containing_area() {
        let ways = vec![
            (Surface::Asphalt, vec![[6.60, 46.50], [6.61, 46.50]]),
            (Surface::Dirt, vec![[6.60, 46.5005], [6.61, 46.5005]]),
        ];
        let beach = polygon(&[vec![
            [6.62, 46.49],
            [6.63, 46.49],
            [6.63, 46.51],
            [6.62, 46.51],
            [6.62, 46.49],
        ]])
        .unwrap();
        let map = SurfaceMap::new(&ways, vec![(Surface::Sand, beach)], Vec::new()).unwrap();
        // 11 m north of the asphalt, 44 m south of the dirt road.
        let (surface, d) = map.nearest_way(6.605, 46.5001, 25.0).unwrap();
        assert_eq!(surface, Surface::Asphalt);
        assert!((d - 11.1).abs() < 0.5, "{d}");
        assert_eq!(map.nearest_way(6.605, 46.5004, 25.0).unwrap().0, Surface::Dirt);
        assert!(map.nearest_way(6.605, 46.502, 25.0).is_none());
        assert_eq!(map.area_at(6.625, 46.50), Some(Surface::Sand));
        assert_eq!(map.area_at(6.615, 46.50), None);
        assert_eq!(
            SurfaceMap::new(&[], Vec::new(), Vec::new()).unwrap_err(),
            MapError::Empty
        );
    }
}
