//! The route seen from above: positions projected to metres on a local flat projection, north up,
//! at the true aspect ratio, coloured by GEI, over the surface map's ways when one was given.

use super::distance::{colour_bar, pieces, segment_rows, with_side};
use super::palette::{self, GREY_LIGHT, INK};
use super::{ChartContext, ChartKind, DrawResult, Hover, HoverShape, drawable, font_in, frame, segment_text};
use crate::analysis::{Run, Series};
use crate::projection::Local;
use crate::vocab::{M_PER_FOOT, Units};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// A scale bar's length, m, and its label: a round length near a fifth of the width.
fn scale_bar(width_m: f64, units: Units) -> (f64, String) {
    let target = width_m / 5.0;
    let steps: &[(f64, &str)] = match units {
        Units::Metric => &[
            (10.0, "10 m"),
            (20.0, "20 m"),
            (50.0, "50 m"),
            (100.0, "100 m"),
            (200.0, "200 m"),
            (500.0, "500 m"),
            (1000.0, "1 km"),
            (2000.0, "2 km"),
            (5000.0, "5 km"),
            (10_000.0, "10 km"),
            (20_000.0, "20 km"),
            (50_000.0, "50 km"),
        ],
        Units::Imperial => &[
            (50.0 * M_PER_FOOT, "50 ft"),
            (100.0 * M_PER_FOOT, "100 ft"),
            (200.0 * M_PER_FOOT, "200 ft"),
            (500.0 * M_PER_FOOT, "500 ft"),
            (1000.0 * M_PER_FOOT, "1000 ft"),
            (804.672, "0.5 mi"),
            (1609.344, "1 mi"),
            (3218.688, "2 mi"),
            (8046.72, "5 mi"),
            (16_093.44, "10 mi"),
            (32_186.88, "20 mi"),
            (80_467.2, "50 mi"),
        ],
    };
    let (m, label) = steps
        .iter()
        .rev()
        .find(|(m, _)| *m <= target)
        .copied()
        .unwrap_or(steps[0]);
    (m, label.to_owned())
}

/// A run's positions on a local flat projection around the centre of their box, metres east and
/// north.
struct Projected {
    local: Local,
    centre: (f64, f64),
    /// Each series row's position (`None` without one).
    points: Vec<Option<(f64, f64)>>,
    /// Half the box's width and height, m, with a margin.
    half: (f64, f64),
}

impl Projected {
    fn new(series: &Series) -> Self {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for (lat, lon) in series.lat.iter().zip(&series.lon) {
            if let (Some(lat), Some(lon)) = (lat, lon) {
                lo = [lo[0].min(*lon), lo[1].min(*lat)];
                hi = [hi[0].max(*lon), hi[1].max(*lat)];
            }
        }
        let centre = (f64::midpoint(lo[1], hi[1]), f64::midpoint(lo[0], hi[0]));
        let mut projected = Self {
            local: Local::at(centre.0),
            centre,
            points: Vec::new(),
            half: (0.0, 0.0),
        };
        projected.points = series
            .lat
            .iter()
            .zip(&series.lon)
            .map(|(lat, lon)| Some(projected.at((*lat)?, (*lon)?)))
            .collect();
        let (a, b) = (projected.at(lo[1], lo[0]), projected.at(hi[1], hi[0]));
        projected.half = (
            ((b.0 - a.0) / 2.0).max(25.0) * 1.08,
            ((b.1 - a.1) / 2.0).max(25.0) * 1.08,
        );
        projected
    }

    /// Metres east and north of the centre.
    fn at(&self, lat: f64, lon: f64) -> (f64, f64) {
        self.local.offset(self.centre.0, self.centre.1, lat, lon)
    }
}

/// The route chart.
pub(super) fn route<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &Run,
    ctx: &ChartContext,
) -> DrawResult<DB> {
    let Some(series) = run.series.as_ref() else {
        return Ok(Vec::new());
    };
    let route = Projected::new(series);
    let body = frame(
        area,
        ChartKind::Route.title(),
        "north up;  colour: GEI of the segment;  \u{25CB} start,  \u{25A0} finish",
    )?;
    let (framed, side) = with_side(&body);
    colour_bar(&side)?;
    let plot = framed.margin(4, 16, 16, 4);
    let (w, h) = plot.dim_in_pixel();
    // One scale for both axes: the larger of the two metres per pixel.
    let per_px = (2.0 * route.half.0 / f64::from(w.max(1))).max(2.0 * route.half.1 / f64::from(h.max(1)));
    let (xr, yr) = (per_px * f64::from(w) / 2.0, per_px * f64::from(h) / 2.0);
    let mut chart = ChartBuilder::on(&plot).build_cartesian_2d(-xr..xr, -yr..yr)?;
    chart
        .plotting_area()
        .draw(&Rectangle::new([(-xr, -yr), (xr, yr)], GREY_LIGHT.stroke_width(1)))?;
    if let Some(map) = ctx.basemap {
        chart.draw_series(map.lines.iter().map(|(_, a, b)| {
            PathElement::new(
                vec![route.at(a[1], a[0]), route.at(b[1], b[0])],
                GREY_LIGHT.stroke_width(1),
            )
        }))?;
    }
    // One line per stretch of one GEI. Points closer than 2.5 pixels to the last one kept are
    // left out: at map scale GPS jitter would only make spikes at the line's joins.
    for (first, gei, end) in segment_rows(run) {
        let style = palette::gei(gei).stroke_width(4);
        let thinned = thin(&route.points[first..end], 2.5 * per_px);
        let lines: Vec<Vec<(f64, f64)>> = pieces(thinned)
            .into_iter()
            .flat_map(|line| drawable(|p| chart.backend_coord(p), line))
            .collect();
        chart.draw_series(lines.into_iter().map(|line| PathElement::new(line, style)))?;
    }
    ends(&plot, &chart, &route.points)?;
    // The scale bar, bottom left.
    let (bar_m, label) = scale_bar(2.0 * xr, ctx.units);
    #[allow(clippy::cast_possible_truncation)]
    let bar_px = (bar_m / per_px).round() as i32;
    #[allow(clippy::cast_possible_wrap)]
    let y = h as i32 - 20;
    plot.draw(&PathElement::new(
        vec![(16, y - 6), (16, y), (16 + bar_px, y), (16 + bar_px, y - 6)],
        INK.stroke_width(2),
    ))?;
    plot.draw(&Text::new(label, (20, y - 24), font_in(14, INK)))?;
    Ok(hovers(&chart, run, &route.points, ctx.units))
}

type Map<'a, DB> = plotters::chart::ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A line's points without those closer than `gap` to the last one kept (but its last point);
/// gaps (`None`) kept.
fn thin(points: &[Option<(f64, f64)>], gap: f64) -> Vec<Option<(f64, f64)>> {
    let mut thinned = Vec::with_capacity(points.len());
    let mut last: Option<(f64, f64)> = None;
    for (k, p) in points.iter().enumerate() {
        if let Some(p) = p {
            let near = last.is_some_and(|q| (p.0 - q.0).hypot(p.1 - q.1) < gap);
            if !near || k + 1 == points.len() {
                thinned.push(Some(*p));
                last = Some(*p);
            }
        } else {
            thinned.push(None);
            last = None;
        }
    }
    thinned
}

/// The start (a ring) and the finish (a square), labelled.
fn ends<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    chart: &Map<'_, DB>,
    points: &[Option<(f64, f64)>],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let first = points.iter().flatten().next().copied();
    let last = points.iter().rev().flatten().next().copied();
    let (Some(start), Some(finish)) = (first, last) else {
        return Ok(());
    };
    let base = plot.get_base_pixel();
    let px = |p: (f64, f64)| {
        let (x, y) = chart.backend_coord(&p);
        (x - base.0, y - base.1)
    };
    let ((sx, sy), (fx, fy)) = (px(start), px(finish));
    plot.draw(&Circle::new((sx, sy), 8, WHITE.filled()))?;
    plot.draw(&Circle::new((sx, sy), 8, INK.stroke_width(3)))?;
    plot.draw(&Rectangle::new([(fx - 7, fy - 7), (fx + 7, fy + 7)], INK.filled()))?;
    plot.draw(&Rectangle::new([(fx - 3, fy - 3), (fx + 3, fy + 3)], WHITE.filled()))?;
    plot.draw(&Text::new("Start", (sx + 12, sy - 22), font_in(15, INK)))?;
    plot.draw(&Text::new("Finish", (fx + 12, fy + 6), font_in(15, INK)))?;
    Ok(())
}

/// Each segment's stretch of the route as a hover line.
fn hovers<DB: DrawingBackend>(
    chart: &Map<'_, DB>,
    run: &Run,
    points: &[Option<(f64, f64)>],
    units: Units,
) -> Vec<Hover> {
    let Some(series) = run.series.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(run.segments.len());
    let mut i = 0;
    for seg in &run.segments {
        while i < series.len() && series.distance_m[i] < seg.segment.start_m - 0.051 {
            i += 1;
        }
        let line: Vec<(i32, i32)> = (i..series.len())
            .take_while(|&j| series.distance_m[j] <= seg.segment.end_m + 0.051)
            .filter_map(|j| points[j].map(|p| chart.backend_coord(&p)))
            .collect();
        if line.len() >= 2 {
            out.push(Hover {
                shape: HoverShape::Line(line),
                text: segment_text(seg, units),
            });
        }
    }
    out
}
