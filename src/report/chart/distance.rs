//! The charts along the run's distance: elevation, pace, and GEI by segment.

use super::palette::{self, GREY_MID, INK};
use super::{ChartContext, DrawResult, Hover, HoverShape, drawable, font_in, frame, house_style, segment_text};
use crate::analysis::{Gait, Run, Series};
use crate::vocab::Units;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

type Chart<'a, DB> = plotters::chart::ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The series of a run; the callers have checked [`super::ChartKind::missing`].
fn series(run: &Run) -> &Series {
    static EMPTY: std::sync::OnceLock<Series> = std::sync::OnceLock::new();
    run.series
        .as_ref()
        .unwrap_or_else(|| EMPTY.get_or_init(Series::default))
}

/// The unbroken runs of at least two points of a line with gaps (`None`).
pub(super) fn pieces(points: impl IntoIterator<Item = Option<(f64, f64)>>) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut line: Vec<(f64, f64)> = Vec::new();
    for p in points {
        if let Some(p) = p {
            line.push(p);
        } else {
            if line.len() >= 2 {
                out.push(std::mem::take(&mut line));
            }
            line.clear();
        }
    }
    if line.len() >= 2 {
        out.push(line);
    }
    out
}

/// Each segment's rows of the series, as `(first row, the segment's GEI, end)`: the rows from
/// its start to its end, the row at its end included (segment boundaries are rows of the
/// series), so that drawn segments join without gaps. Segments of fewer than two rows are left
/// out.
pub(super) fn segment_rows(run: &Run) -> Vec<(usize, f64, usize)> {
    let distance = &series(run).distance_m;
    run.segments
        .iter()
        .filter_map(|seg| {
            // The series rounds distances to 0.1 m.
            let first = distance.partition_point(|d| *d < seg.segment.start_m - 0.051);
            let end = distance.partition_point(|d| *d <= seg.segment.end_m + 0.051);
            (end >= first + 2).then_some((first, seg.estimate.gei, end))
        })
        .collect()
}

/// The x axis's end: the run's distance in the unit, at least a little.
fn x_end(run: &Run, units: Units) -> f64 {
    let s = series(run);
    let last = s.distance_m.last().copied().unwrap_or(0.0).max(run.summary.distance_m);
    (last / units.split_m()).max(0.01)
}

/// A chart along the distance with its axes drawn.
fn build<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x_end: f64,
    (y0, y1): (f64, f64),
    y_desc: &str,
    units: Units,
    y_decimals: usize,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(0.0..x_end, y0..y1)?;
    let y_label = |v: &f64| format!("{v:.y_decimals$}");
    house_style(&mut chart.configure_mesh(), 14)
        .x_desc(format!("Distance ({})", units.distance_name()))
        .y_desc(y_desc)
        .y_label_formatter(&y_label)
        .x_labels(10)
        .y_labels(8)
        .draw()?;
    Ok(chart)
}

/// One hover box per segment over the whole height of the plot.
fn segment_hovers<DB: DrawingBackend>(
    chart: &Chart<'_, DB>,
    run: &Run,
    units: Units,
    (y0, y1): (f64, f64),
) -> Vec<Hover> {
    run.segments
        .iter()
        .map(|seg| {
            let a = chart.backend_coord(&(seg.segment.start_m / units.split_m(), y1));
            let b = chart.backend_coord(&(seg.segment.end_m / units.split_m(), y0));
            Hover {
                shape: HoverShape::Rect(a, b),
                text: segment_text(seg, units),
            }
        })
        .collect()
}

/// A vertical GEI colour bar with its labels, drawn in a side column of the chart.
pub(super) fn colour_bar<DB: DrawingBackend>(
    side: &DrawingArea<DB, Shift>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    const STEPS: i32 = 32;
    const STEP_PX: i32 = 5;
    let (x0, w, top) = (8, 16, 34);
    side.draw(&Text::new("GEI", (x0, 10), font_in(15, INK)))?;
    for k in 0..STEPS {
        // High at the top.
        let t = 1.0 - f64::from(k) / f64::from(STEPS - 1);
        let y = top + k * STEP_PX;
        side.draw(&Rectangle::new(
            [(x0, y), (x0 + w, y + STEP_PX)],
            palette::viridis(t).filled(),
        ))?;
    }
    side.draw(&Rectangle::new(
        [(x0, top), (x0 + w, top + STEPS * STEP_PX)],
        INK.stroke_width(1),
    ))?;
    let scale = palette::GEI_SCALE_MAX;
    for (k, label) in [
        (0.0, format!("{scale:.0}+")),
        (0.5, format!("{:.1}", scale / 2.0)),
        (1.0, "0".to_owned()),
    ] {
        #[allow(clippy::cast_possible_truncation)]
        let y = top + (k * f64::from(STEPS * STEP_PX)) as i32 - 7;
        side.draw(&Text::new(label, (x0 + w + 5, y), font_in(13, INK)))?;
    }
    Ok(())
}

/// The area split into the plot and a side column of 80 pixels for the colour bar.
pub(super) fn with_side<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (w, _) = area.dim_in_pixel();
    area.split_horizontally(w.saturating_sub(80))
}

/// Elevation against distance, filled and coloured by each stretch's GEI; grade classes shaded
/// behind; climbs bracketed above with their gain; stops marked.
pub(super) fn elevation<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &Run,
    ctx: &ChartContext,
) -> DrawResult<DB> {
    let (s, units) = (series(run), ctx.units);
    let k = units.height_m();
    let (lowest, highest) = s
        .elevation_m
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), e| (a.min(*e), b.max(*e)));
    let (lo, hi) = (lowest / k, highest / k);
    let span = (hi - lo).max(20.0 / k);
    // Room below for the fill, above for the climb marks.
    let (y0, y1) = ((lo - 0.15 * span).floor(), hi + 0.35 * span);
    let xe = x_end(run, units);
    let body = frame(
        area,
        super::ChartKind::Elevation.title(),
        "fill colour: GEI of the segment;  grey bands: steeper grade is darker;  \u{25B2} stop or pause;  brackets: climbs",
    )?;
    let (plot, side) = with_side(&body);
    colour_bar(&side)?;
    let mut chart = build(
        &plot,
        xe,
        (y0, y1),
        &format!("Elevation ({})", units.height_name()),
        units,
        0,
    )?;
    let x = |m: f64| m / units.split_m();
    // Grade classes, shaded behind.
    chart.draw_series(run.segments.iter().filter_map(|seg| {
        palette::grade_shade(seg.segment.grade_class).map(|shade| {
            Rectangle::new(
                [(x(seg.segment.start_m), y0), (x(seg.segment.end_m), y1)],
                shade.filled(),
            )
        })
    }))?;
    // The fill, one polygon per stretch of one GEI, and the outline.
    let rows: Vec<Option<(f64, f64)>> = s
        .distance_m
        .iter()
        .zip(&s.elevation_m)
        .map(|(d, e)| e.map(|e| (x(*d), e / k)))
        .collect();
    // Each polygon reaches half a pixel into the next, so that no seam shows between them.
    let half_px = 0.5 * xe / f64::from(plot.dim_in_pixel().0.max(1));
    for (first, gei, end) in segment_rows(run) {
        for mut polygon in pieces(rows[first..end].iter().copied()) {
            let (left, right) = (polygon[0].0, polygon[polygon.len() - 1].0 + half_px);
            if let Some(last) = polygon.last_mut() {
                last.0 = right;
            }
            polygon.extend([(right, y0), (left, y0)]);
            chart.draw_series(std::iter::once(Polygon::new(polygon, palette::gei(gei).filled())))?;
        }
    }
    let outline: Vec<Vec<(f64, f64)>> = pieces(rows)
        .into_iter()
        .flat_map(|line| drawable(|p| chart.backend_coord(p), line))
        .collect();
    chart.draw_series(
        outline
            .into_iter()
            .map(|line| PathElement::new(line, INK.stroke_width(2))),
    )?;
    marks(&mut chart, run, units, (y0, hi, span))?;
    Ok(segment_hovers(&chart, run, units, (y0, y1)))
}

/// The elevation chart's marks: climbs bracketed above the profile (whose top is `hi`) with their
/// gain and mean grade, and stops (standing still, timer pauses) as triangles at the bottom.
fn marks<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    run: &Run,
    units: Units,
    (y0, hi, span): (f64, f64, f64),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (rows, k) = (series(run), units.height_m());
    let x = |m: f64| m / units.split_m();
    // Climbs: a bracket above, with the gain and the mean grade.
    let bracket_y = hi + 0.12 * span;
    for c in &run.climbs {
        let (a, b) = (x(c.start_m), x(c.end_m));
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (a, bracket_y - 0.05 * span),
                (a, bracket_y),
                (b, bracket_y),
                (b, bracket_y - 0.05 * span),
            ],
            INK.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("+{:.0} {} {:.1}%", c.gain_m / k, units.height_name(), c.avg_grade_pct),
            (a, bracket_y + 0.13 * span),
            font_in(13, INK),
        )))?;
    }
    // Stops: standing still, and timer pauses, marked at the bottom.
    let stop_y = y0 + 0.06 * span;
    let stops = run
        .segments
        .iter()
        .filter(|seg| seg.segment.gait == Gait::Stopped)
        .map(|seg| x(seg.segment.start_m))
        .chain(
            (1..rows.len())
                .filter(|&i| !rows.timer_running[i - 1] && rows.timer_running.get(i).copied().unwrap_or(true))
                .map(|i| x(rows.distance_m[i])),
        );
    chart.draw_series(stops.map(|d| TriangleMarker::new((d, stop_y), 7, RGBColor(200, 30, 30).filled())))?;
    Ok(())
}

/// The pace axis, as minus the pace (minutes per unit, so that ticks fall on whole and half
/// minutes) so that faster is up: the 2-98 % range of the
/// paces and grade-adjusted paces, so that a blip does not squash the chart, rounded out to 30 s.
fn pace_axis(s: &Series, per: f64) -> (f64, f64) {
    let pace_of = |v: f64| (v > 0.5).then(|| per / v);
    let mut paces: Vec<f64> = s
        .speed_mps
        .iter()
        .copied()
        .filter_map(pace_of)
        .chain(s.gap_speed_mps.iter().flatten().copied().filter_map(pace_of))
        .collect();
    paces.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = ((paces.len().saturating_sub(1)) as f64 * q).round() as usize;
        paces.get(i).copied()
    };
    // Within 1:00 and 30:00 per km whatever the data: faster is no running, slower is standing.
    let (fastest, slowest) = (60.0 * per / 1000.0, 1800.0 * per / 1000.0);
    let (fast, slow) = match (quantile(0.02), quantile(0.98)) {
        (Some(f), Some(sl)) => {
            let fast = ((f / 30.0).floor() * 30.0).clamp(fastest, slowest - 30.0);
            (fast, ((sl / 30.0).ceil() * 30.0).clamp(fast + 30.0, slowest))
        }
        _ => (per / 5.0, per / 2.0),
    };
    ((-slow - 15.0) / 60.0, (-fast + 15.0) / 60.0)
}

/// The heart-rate axis, bpm: the range with 10 bpm around it, or `None` without heart rate.
fn hr_axis(hr: &[Option<f64>]) -> Option<(f64, f64)> {
    if hr.iter().flatten().count() < 2 {
        return None;
    }
    let (lo, hi) = hr
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), h| (a.min(*h), b.max(*h)));
    Some(((lo - 10.0).max(30.0).floor(), (hi + 10.0).ceil().max(lo + 20.0)))
}

/// Pace (solid) and grade-adjusted pace (dashed) against distance, faster up (the axis runs
/// from slow at the bottom to fast at the top, as runners read it); heart rate on a second axis.
pub(super) fn pace<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, run: &Run, ctx: &ChartContext) -> DrawResult<DB> {
    let (s, units) = (series(run), ctx.units);
    let per = units.split_m();
    // Paces below a walking 0.5 m/s are not drawn: a stop breaks the line.
    let pace_of = |v: f64| (v > 0.5).then(|| per / v);
    let (y0, y1) = pace_axis(s, per);
    let hr = &s.hr_bpm;
    let hr_axis = hr_axis(hr);
    let has_hr = hr_axis.is_some();
    let (h0, h1) = hr_axis.unwrap_or((40.0, 220.0));
    let xe = x_end(run, units);
    let legend = if has_hr {
        "solid: pace;  dashed: grade-adjusted pace;  thin red: heart rate (right axis)"
    } else {
        "solid: pace;  dashed: grade-adjusted pace"
    };
    let body = frame(area, super::ChartKind::Pace.title(), legend)?;
    let mut builder = ChartBuilder::on(&body);
    builder
        .margin(8)
        .margin_right(20)
        .x_label_area_size(48)
        .y_label_area_size(72);
    if has_hr {
        builder.right_y_label_area_size(72);
    }
    let mut chart = builder
        .build_cartesian_2d(0.0..xe, y0..y1)?
        .set_secondary_coord(0.0..xe, h0..h1);
    let label = |v: &f64| super::format::clock(-*v * 60.0);
    house_style(&mut chart.configure_mesh(), 14)
        .x_desc(format!("Distance ({})", units.distance_name()))
        .y_desc(format!("Pace (min:s per {}), faster up", units.distance_name()))
        .y_label_formatter(&label)
        .x_labels(10)
        .y_labels(8)
        .draw()?;
    let clamp = |p: f64| (-p / 60.0).clamp(y0, y1);
    let x = |m: f64| m / per;
    let line_of = |speeds: &mut dyn Iterator<Item = Option<f64>>| {
        pieces(
            s.distance_m
                .iter()
                .zip(speeds)
                .map(|(d, v)| v.and_then(pace_of).map(|p| (x(*d), clamp(p)))),
        )
    };
    for line in line_of(&mut s.gap_speed_mps.iter().copied()) {
        for line in drawable(|p| chart.backend_coord(p), line) {
            chart.draw_series(DashedLineSeries::new(
                line,
                8,
                5,
                palette::viridis(0.55).stroke_width(2),
            ))?;
        }
    }
    for line in line_of(&mut s.speed_mps.iter().map(|v| Some(*v))) {
        let lines = drawable(|p| chart.backend_coord(p), line);
        chart.draw_series(
            lines
                .into_iter()
                .map(|line| PathElement::new(line, palette::viridis(0.0).stroke_width(2))),
        )?;
    }
    if has_hr {
        chart
            .configure_secondary_axes()
            .axis_style(INK)
            .label_style(font_in(14, INK))
            .axis_desc_style(font_in(15, INK))
            .y_desc("Heart rate (bpm)")
            .draw()?;
        let hr_line = pieces(s.distance_m.iter().zip(hr).map(|(d, h)| h.map(|h| (x(*d), h))));
        chart.draw_secondary_series(
            hr_line
                .into_iter()
                .map(|line| PathElement::new(line, RGBColor(200, 30, 30).mix(0.7).stroke_width(1))),
        )?;
    }
    Ok(segment_hovers(&chart, run, units, (y0, y1)))
}

/// The GEI of each segment as a step line along the distance, its 10-90 % band behind, the
/// level reference (1.0) dashed.
pub(super) fn gei<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, run: &Run, ctx: &ChartContext) -> DrawResult<DB> {
    let units = ctx.units;
    let top = run
        .segments
        .iter()
        .map(|seg| seg.estimate.gei_high)
        .fold(1.5_f64, f64::max);
    let (y0, y1) = (0.0, (top * 1.15 * 2.0).ceil() / 2.0);
    let xe = x_end(run, units);
    let body = frame(
        area,
        super::ChartKind::Gei.title(),
        "line: the segment's GEI;  band: its 10-90 % range, coloured by GEI;  dashed: 1.0, level running at 10 km/h",
    )?;
    let (plot, side) = with_side(&body);
    colour_bar(&side)?;
    let mut chart = build(&plot, xe, (y0, y1), "GEI", units, 1)?;
    let x = |m: f64| m / units.split_m();
    chart.draw_series(run.segments.iter().map(|seg| {
        let (a, b) = (x(seg.segment.start_m), x(seg.segment.end_m));
        Rectangle::new(
            [(a, seg.estimate.gei_low), (b, seg.estimate.gei_high)],
            palette::gei(seg.estimate.gei).mix(0.45).filled(),
        )
    }))?;
    let mut steps: Vec<(f64, f64)> = Vec::with_capacity(2 * run.segments.len());
    for seg in &run.segments {
        steps.push((x(seg.segment.start_m), seg.estimate.gei));
        steps.push((x(seg.segment.end_m), seg.estimate.gei));
    }
    let steps = drawable(|p| chart.backend_coord(p), steps);
    chart.draw_series(
        steps
            .into_iter()
            .map(|line| PathElement::new(line, INK.stroke_width(2))),
    )?;
    chart.draw_series(DashedLineSeries::new(
        vec![(0.0, 1.0), (xe, 1.0)],
        6,
        6,
        GREY_MID.stroke_width(1),
    ))?;
    Ok(segment_hovers(&chart, run, units, (y0, y1)))
}
