//! The ways of a surface map around a route, drawn faintly beneath it.

use crate::analysis::Run;
use crate::surface::SurfaceMap;
use crate::vocab::Surface;

/// The most way segments a basemap keeps (the nearest to the route's centre first), so that a
/// country-sized map never makes a chart of millions of lines.
pub const MAX_BASEMAP_LINES: usize = 20_000;

/// The ways of a surface map around a route: line segments with `[lon, lat]` ends (degrees) and
/// their surface.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Basemap {
    /// Line segments, in a fixed order.
    pub lines: Vec<(Surface, [f64; 2], [f64; 2])>,
}

impl Basemap {
    /// The map's ways around a run's positions: in a box around them, half their span wider on
    /// every side (the route chart widens one axis to keep the true aspect ratio). `None`
    /// without positions or without ways there.
    pub fn around(run: &Run, map: &SurfaceMap) -> Option<Self> {
        let series = run.series.as_ref()?;
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for (lat, lon) in series.lat.iter().zip(&series.lon) {
            if let (Some(lat), Some(lon)) = (lat, lon) {
                lo = [lo[0].min(*lon), lo[1].min(*lat)];
                hi = [hi[0].max(*lon), hi[1].max(*lat)];
            }
        }
        if lo[0] > hi[0] {
            return None;
        }
        let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(0.002);
        let (min, max) = (
            [lo[0] - span / 2.0, lo[1] - span / 2.0],
            [hi[0] + span / 2.0, hi[1] + span / 2.0],
        );
        let centre = [f64::midpoint(lo[0], hi[0]), f64::midpoint(lo[1], hi[1])];
        let mut lines: Vec<(Surface, [f64; 2], [f64; 2])> = map.way_segments_within(min, max).collect();
        let key = |l: &(Surface, [f64; 2], [f64; 2])| {
            let (dx, dy) = (
                f64::midpoint(l.1[0], l.2[0]) - centre[0],
                f64::midpoint(l.1[1], l.2[1]) - centre[1],
            );
            dx * dx + dy * dy
        };
        // Nearest first, ties by coordinates: the same map and run give the same lines.
        lines.sort_by(|a, b| {
            key(a)
                .total_cmp(&key(b))
                .then(a.1[0].total_cmp(&b.1[0]))
                .then(a.1[1].total_cmp(&b.1[1]))
                .then(a.2[0].total_cmp(&b.2[0]))
                .then(a.2[1].total_cmp(&b.2[1]))
                .then(a.0.cmp(&b.0))
        });
        lines.truncate(MAX_BASEMAP_LINES);
        (!lines.is_empty()).then_some(Self { lines })
    }
}
