//! The surface index (`gluteus surfaces build`): only what matching needs, packed. Way segments as
//! fixed-point coordinates (1e-7 degree, as OpenStreetMap stores them) with a surface code, and
//! areas as rings; loading reads the arrays and bulk-loads the R-tree.
//!
//! ```text
//! "GLUTSIDX" | version u32 | segments u64 | areas u64
//! segments × (lon0 i32, lat0 i32, lon1 i32, lat1 i32, surface u8)
//! areas × (surface u8, rings u32, rings × (points u32, points × (lon i32, lat i32)))
//! ```
//! All little-endian.

use super::Surface;
use super::map::{MapData, MapError, SurfaceMap, WaySegment, polygon};
use rstar::primitives::{GeomWithData, Line};

const MAGIC: &[u8; 8] = b"GLUTSIDX";
const VERSION: u32 = 1;
const SCALE: f64 = 1e7;

fn code(surface: Surface) -> u8 {
    #[allow(clippy::cast_possible_truncation)]
    let index = Surface::ALL
        .iter()
        .position(|s| *s == surface)
        .unwrap_or(Surface::ALL.len() - 1) as u8;
    index
}

#[allow(clippy::cast_possible_truncation)]
fn fixed(degrees: f64) -> i32 {
    (degrees * SCALE).round() as i32
}

/// The index of a map, as bytes.
pub fn write_index(map: &SurfaceMap) -> Vec<u8> {
    let segments = map.segments().map(|s| (s.geom().from, s.geom().to, s.data));
    encode(map.way_segments(), segments, map.area_list())
}

/// The index of a map's features, as bytes, without building the map's trees (what `surfaces
/// build` writes: a country's features need not be indexed in memory to be written). Segments are
/// written as they are cut, never gathered.
pub fn write_index_data(data: &MapData) -> Vec<u8> {
    let segments = || {
        data.ways
            .iter()
            .flat_map(|(surface, points)| points.windows(2).map(move |w| (w[0], w[1], *surface)))
            .filter(|(a, b, _)| a.iter().zip(b).any(|(x, y)| x.total_cmp(y).is_ne()))
    };
    encode(segments().count(), segments(), &data.areas)
}

fn encode(
    count: usize,
    segments: impl Iterator<Item = ([f64; 2], [f64; 2], Surface)>,
    areas: &[(Surface, geo::Polygon<f64>)],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + count * 17);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(count as u64).to_le_bytes());
    out.extend_from_slice(&(areas.len() as u64).to_le_bytes());
    for (a, b, surface) in segments {
        for v in [a[0], a[1], b[0], b[1]] {
            out.extend_from_slice(&fixed(v).to_le_bytes());
        }
        out.push(code(surface));
    }
    for (surface, area) in areas {
        out.push(code(*surface));
        let rings: Vec<&geo::LineString<f64>> = std::iter::once(area.exterior()).chain(area.interiors()).collect();
        out.extend_from_slice(&u32::try_from(rings.len()).unwrap_or(0).to_le_bytes());
        for ring in rings {
            out.extend_from_slice(&u32::try_from(ring.0.len()).unwrap_or(0).to_le_bytes());
            for c in &ring.0 {
                out.extend_from_slice(&fixed(c.x).to_le_bytes());
                out.extend_from_slice(&fixed(c.y).to_le_bytes());
            }
        }
    }
    out
}

/// A cursor over the index bytes that fails cleanly at the end.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], MapError> {
        let slice = self
            .bytes
            .get(self.at..self.at.saturating_add(n))
            .ok_or_else(|| MapError::Malformed("truncated surface index".to_owned()))?;
        self.at += n;
        Ok(slice)
    }
    fn u8(&mut self) -> Result<u8, MapError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, MapError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default()))
    }
    fn u64(&mut self) -> Result<u64, MapError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap_or_default()))
    }
    fn degrees(&mut self) -> Result<f64, MapError> {
        Ok(f64::from(i32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default())) / SCALE)
    }
}

/// Loads an index.
///
/// # Errors
/// [`MapError::Malformed`] for bytes that are not a surface index of this version (or are cut
/// short); [`MapError::Empty`] for an index with nothing in it.
pub fn read_index(bytes: &[u8]) -> Result<SurfaceMap, MapError> {
    let mut c = Cursor { bytes, at: 0 };
    if c.take(8)? != MAGIC {
        return Err(MapError::Malformed("not a gluteus surface index".to_owned()));
    }
    let version = c.u32()?;
    if version != VERSION {
        return Err(MapError::Malformed(format!(
            "surface index version {version}, this gluteus reads version {VERSION}: rebuild it with `gluteus surfaces build`"
        )));
    }
    let (segments, areas) = (c.u64()?, c.u64()?);
    let segment_bytes = usize::try_from(segments).ok().and_then(|n| n.checked_mul(17));
    if segment_bytes.is_none_or(|b| b > bytes.len()) {
        return Err(MapError::Malformed("truncated surface index".to_owned()));
    }
    let surface = |code: u8| Surface::ALL.get(usize::from(code)).copied().unwrap_or(Surface::Unknown);
    let mut ways: Vec<WaySegment> = Vec::with_capacity(usize::try_from(segments).unwrap_or(0));
    for _ in 0..segments {
        let (x0, y0, x1, y1) = (c.degrees()?, c.degrees()?, c.degrees()?, c.degrees()?);
        ways.push(GeomWithData::new(Line::new([x0, y0], [x1, y1]), surface(c.u8()?)));
    }
    let mut polygons = Vec::new();
    for _ in 0..areas {
        let s = surface(c.u8()?);
        let rings = c.u32()?;
        let mut list = Vec::new();
        for _ in 0..rings {
            let points = c.u32()?;
            if usize::try_from(points).map_or(true, |p| p.saturating_mul(8) > bytes.len()) {
                return Err(MapError::Malformed("truncated surface index".to_owned()));
            }
            let mut ring = Vec::with_capacity(points as usize);
            for _ in 0..points {
                ring.push([c.degrees()?, c.degrees()?]);
            }
            list.push(ring);
        }
        if let Some(p) = polygon(&list) {
            polygons.push((s, p));
        }
    }
    SurfaceMap::from_segments(ways, polygons, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_round_trips_and_damage_is_an_error() {
        let beach = polygon(&[vec![[6.62, 46.49], [6.63, 46.49], [6.63, 46.51], [6.62, 46.49]]]).unwrap();
        let map = SurfaceMap::new(
            &[(Surface::Gravel, vec![[6.60, 46.50], [6.61, 46.50], [6.61, 46.51]])],
            vec![(Surface::Sand, beach)],
            Vec::new(),
        )
        .unwrap();
        let bytes = write_index(&map);
        let back = read_index(&bytes).unwrap();
        assert_eq!(back.way_segments(), 2);
        assert_eq!(back.nearest_way(6.605, 46.5, 5.0).unwrap().0, Surface::Gravel);
        assert_eq!(back.area_at(6.628, 46.495), Some(Surface::Sand));
        for cut in 0..bytes.len() {
            assert!(read_index(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(read_index(b"GLUTSIDX\x09\0\0\0").is_err());
    }
}
