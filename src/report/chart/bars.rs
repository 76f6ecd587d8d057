//! Bar charts: energy by segment, where the glute work came from, heart-rate zones.

use super::palette::{self, GREY_MID, INK};
use super::{ChartContext, ChartKind, DrawResult, Hover, HoverShape, font, font_in, frame, house_style, segment_text};
use crate::analysis::{GluteShare, Run};
use crate::report::format;
use crate::vocab::Surface;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::BTreeSet;

/// Net energy of each segment as a bar coloured by its surface, with the 10-90 % band as an
/// error bar; a legend of the surfaces the run has.
pub(super) fn energy<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &Run,
    ctx: &ChartContext,
) -> DrawResult<DB> {
    let n = run.segments.len();
    let top = run
        .segments
        .iter()
        .map(|seg| seg.estimate.energy_kcal_high)
        .fold(1.0_f64, f64::max)
        * 1.2;
    #[allow(clippy::cast_precision_loss)]
    let (x0, x1) = (-0.5, n as f64 - 0.5);
    let body = frame(
        area,
        ChartKind::Energy.title(),
        &format!(
            "{:.0} kcal in all ({:.0}-{:.0});  bar colour: surface;  whiskers: the 10-90 % band",
            run.summary.energy_kcal, run.summary.energy_kcal_low, run.summary.energy_kcal_high
        ),
    )?;
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(x0..x1, 0.0..top)?;
    let kcal = |v: &f64| format!("{v:.0}");
    let whole = |v: &f64| format!("{}", v.round() + 1.0);
    house_style(&mut chart.configure_mesh(), 14)
        .x_desc("Segment")
        .y_desc("Net energy (kcal)")
        .x_label_formatter(&whole)
        .y_label_formatter(&kcal)
        .x_labels(n.clamp(2, 12))
        .y_labels(8)
        .draw()?;
    let half = 0.38;
    #[allow(clippy::cast_precision_loss)]
    let centre = |i: usize| i as f64;
    chart.draw_series(run.segments.iter().enumerate().map(|(i, seg)| {
        Rectangle::new(
            [(centre(i) - half, 0.0), (centre(i) + half, seg.estimate.energy_kcal)],
            palette::surface(seg.segment.surface).filled(),
        )
    }))?;
    // The band: a vertical line from the 10 % to the 90 % bound, with caps when bars are wide.
    let caps = n <= 80;
    for (i, seg) in run.segments.iter().enumerate() {
        let (lo, hi) = (seg.estimate.energy_kcal_low, seg.estimate.energy_kcal_high);
        let c = centre(i);
        let mut path = vec![(c, lo), (c, hi)];
        if caps {
            path = vec![
                (c - half / 2.0, lo),
                (c + half / 2.0, lo),
                (c, lo),
                (c, hi),
                (c - half / 2.0, hi),
                (c + half / 2.0, hi),
            ];
        }
        chart.draw_series(std::iter::once(PathElement::new(path, INK.stroke_width(1))))?;
    }
    let surfaces: BTreeSet<Surface> = run.segments.iter().map(|seg| seg.segment.surface).collect();
    for s in &surfaces {
        let colour = palette::surface(*s);
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())?
            .label(s.name())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY_MID)
        .label_font(font_in(14, INK))
        .draw()?;
    Ok(run
        .segments
        .iter()
        .enumerate()
        .map(|(i, seg)| Hover {
            shape: HoverShape::Rect(
                chart.backend_coord(&(centre(i) - 0.5, top)),
                chart.backend_coord(&(centre(i) + 0.5, 0.0)),
            ),
            text: segment_text(seg, ctx.units),
        })
        .collect())
}

/// A panel of the glute sources chart: its title, and each class's name and shares of the load
/// and the stimulus, percent.
type Panel<'a> = (&'a str, Vec<(&'a str, f64, f64)>);

/// Shares of a run's glute load and stimulus, percent, of the classes of one breakdown.
fn shares<K: Copy>(parts: impl Iterator<Item = (K, GluteShare)>, total: GluteShare) -> Vec<(K, f64, f64)> {
    let pct = |part: f64, all: f64| if all > 0.0 { 100.0 * part / all } else { 0.0 };
    parts
        .map(|(k, s)| {
            (
                k,
                pct(s.glute_load, total.glute_load),
                pct(s.glute_stimulus, total.glute_stimulus),
            )
        })
        .collect()
}

/// Where the glute work came from: three panels (grade class, pace class, surface), each with a
/// pair of bars per class: the share of the glute load (light) and of the glute stimulus (dark).
pub(super) fn glute_sources<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, run: &Run) -> DrawResult<DB> {
    let total = GluteShare {
        minutes: 0.0,
        glute_load: run.summary.glute_load,
        glute_stimulus: run.summary.glute_stimulus,
    };
    let by = &run.glute_by;
    let panels: [Panel; 3] = [
        (
            "by grade",
            shares(by.grade_class.iter().map(|(k, v)| (k.name(), *v)), total),
        ),
        (
            "by pace",
            shares(by.pace_class.iter().map(|(k, v)| (k.name(), *v)), total),
        ),
        (
            "by surface",
            shares(by.surface.iter().map(|(k, v)| (k.name(), *v)), total),
        ),
    ];
    let titled = frame(
        area,
        ChartKind::GluteSources.title(),
        "each class's share of the run's glute stimulus (dark) and glute load (light)",
    )?;
    let (body, legend) = titled.split_vertically(titled.dim_in_pixel().1.saturating_sub(30));
    let (load_colour, stimulus_colour) = (palette::viridis(0.82), palette::viridis(0.12));
    for (panel, (name, rows)) in body.split_evenly((1, 3)).iter().zip(panels) {
        #[allow(clippy::cast_precision_loss)]
        let n = rows.len().max(1) as f64;
        let mut chart = ChartBuilder::on(panel)
            .caption(name, font(17))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(8)
            .build_cartesian_2d(0.0..100.0, 0.0..n)?;
        let percent = |v: &f64| format!("{v:.0}");
        house_style(&mut chart.configure_mesh(), 13)
            .x_desc("Share of the run (%)")
            .x_label_formatter(&percent)
            .y_labels(0)
            .x_labels(6)
            .disable_y_mesh()
            .draw()?;
        // The first class at the top.
        for (k, (class, load, stimulus)) in rows.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let y = n - 1.0 - k as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y + 0.08), (*load, y + 0.33)],
                load_colour.filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y + 0.36), (*stimulus, y + 0.61)],
                stimulus_colour.filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("{class}: stimulus {stimulus:.0} %, load {load:.0} %"),
                (1.0, y + 0.93),
                font_in(13, INK),
            )))?;
        }
    }
    let (lw, _) = legend.dim_in_pixel();
    #[allow(clippy::cast_possible_wrap)]
    let mid = lw as i32 / 2;
    legend.draw(&Rectangle::new(
        [(mid - 260, 8), (mid - 244, 22)],
        stimulus_colour.filled(),
    ))?;
    legend.draw(&Text::new(
        "glute stimulus (GEI\u{B3} \u{D7} min)",
        (mid - 238, 8),
        font_in(14, INK),
    ))?;
    legend.draw(&Rectangle::new([(mid + 30, 8), (mid + 46, 22)], load_colour.filled()))?;
    legend.draw(&Text::new(
        "glute load (GEI \u{D7} min)",
        (mid + 52, 8),
        font_in(14, INK),
    ))?;
    Ok(Vec::new())
}

/// Timer time in each of the five heart-rate zones, as bars.
pub(super) fn hr_zones<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, run: &Run) -> DrawResult<DB> {
    let zones = run.summary.hr_zones_s.as_deref().unwrap_or(&[]);
    let minutes: Vec<f64> = zones.iter().map(|s| s / 60.0).collect();
    let top = minutes.iter().copied().fold(1.0_f64, f64::max) * 1.2;
    #[allow(clippy::cast_precision_loss)]
    let n = minutes.len().max(1) as f64;
    let body = frame(
        area,
        ChartKind::HrZones.title(),
        "minutes of timer time in each of the five zones",
    )?;
    let mut chart = ChartBuilder::on(&body)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..top)?;
    let whole = |v: &f64| format!("{v:.0}");
    let zone = |v: &f64| format!("Z{}", v.round() + 1.0);
    house_style(&mut chart.configure_mesh(), 14)
        .x_desc("Heart-rate zone")
        .y_desc("Timer time (min)")
        .x_label_formatter(&zone)
        .y_label_formatter(&whole)
        .x_labels(minutes.len().max(2))
        .disable_x_mesh()
        .draw()?;
    let mut hovers = Vec::new();
    for (i, m) in minutes.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let (c, t) = (i as f64, i as f64 / (n - 1.0).max(1.0));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(c - 0.35, 0.0), (c + 0.35, *m)],
            palette::viridis(t).filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format::clock(m * 60.0),
            (c, m + top * 0.02),
            font_in(14, INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )))?;
        hovers.push(Hover {
            shape: HoverShape::Rect(
                chart.backend_coord(&(c - 0.35, *m)),
                chart.backend_coord(&(c + 0.35, 0.0)),
            ),
            text: format!("Zone {}: {}", i + 1, format::clock(m * 60.0)),
        });
    }
    Ok(hovers)
}
