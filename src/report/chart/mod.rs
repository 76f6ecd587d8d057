//! Charts of one run, drawn with plotters. Every chart is one function generic over the plotters
//! drawing backend ([`DrawingBackend`]), so the same code writes SVG (inline in the page, and
//! `.svg` files) and PNG. The charts read the [`Run`] and compute nothing the analysis did not:
//! they scale, convert units and place things.
//!
//! Text is drawn with Liberation Sans, compiled into the binary (SIL Open Font License, in
//! `assets/fonts/`), so PNGs come out the same on a machine with no fonts at all. SVG text names
//! the metric-compatible family `Liberation Sans, Arial, Helvetica, sans-serif`, so a browser's
//! text takes the width plotters laid it out for.
//!
//! Colours: glute engagement and surfaces are drawn with viridis (perceptually uniform, readable
//! by colour-blind readers and in greyscale); everything else is grey or black.

mod bars;
mod basemap;
mod distance;
pub(crate) mod palette;
mod route;

pub use basemap::{Basemap, MAX_BASEMAP_LINES};

use crate::analysis::{Run, RunSegment};
use crate::report::format;
use crate::vocab::Units;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;

/// The font family charts name: Liberation Sans (compiled in) and the families it is
/// metric-compatible with, for a browser that draws SVG text with its own fonts.
pub const FONT_FAMILY: &str = "Liberation Sans, Arial, Helvetica, sans-serif";
/// Liberation Sans Regular 2.1 (SIL Open Font License 1.1, `assets/fonts/`).
static FONT: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");

/// The default chart size, pixels.
pub const DEFAULT_SIZE: (u32, u32) = (1200, 600);
/// The smallest chart size that lays out, pixels.
pub const MIN_SIZE: (u32, u32) = (400, 240);
/// The largest chart size, pixels (a PNG this big is 100 MB of pixels in memory).
pub const MAX_SIZE: (u32, u32) = (8000, 8000);

/// Registers the compiled-in font with plotters, once per process. Every render calls it.
pub(crate) fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is a valid TrueType file compiled in; a test renders text with it.
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT);
    });
}

/// The charts a run report can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChartKind {
    /// Elevation against distance, filled and coloured by GEI, grade classes shaded, climbs and
    /// stops marked.
    Elevation,
    /// Pace and grade-adjusted pace against distance (faster up), heart rate on a second axis.
    Pace,
    /// GEI of each segment along the distance, with its 10-90 % band.
    Gei,
    /// Energy of each segment as bars coloured by surface, with the 10-90 % band.
    Energy,
    /// The route, projected to metres at its true aspect ratio, coloured by GEI.
    Route,
    /// Where the glute load and stimulus came from: by grade class, pace class and surface.
    GluteSources,
    /// Timer time in each heart-rate zone.
    HrZones,
}

impl ChartKind {
    /// Every chart, in page order.
    pub const ALL: [Self; 7] = [
        Self::Elevation,
        Self::Pace,
        Self::Gei,
        Self::Energy,
        Self::Route,
        Self::GluteSources,
        Self::HrZones,
    ];

    /// The file stem of the chart (`elevation` → `elevation.svg`, `elevation.png`).
    pub fn file_stem(self) -> &'static str {
        match self {
            Self::Elevation => "elevation",
            Self::Pace => "pace",
            Self::Gei => "gei",
            Self::Energy => "energy",
            Self::Route => "route",
            Self::GluteSources => "glute-sources",
            Self::HrZones => "hr-zones",
        }
    }

    /// The chart's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Elevation => "Elevation, coloured by glute engagement",
            Self::Pace => "Pace and grade-adjusted pace",
            Self::Gei => "Glute engagement (GEI) by segment",
            Self::Energy => "Energy by segment, coloured by surface",
            Self::Route => "Route, coloured by glute engagement",
            Self::GluteSources => "Where the glute work came from",
            Self::HrZones => "Time in heart-rate zones",
        }
    }

    /// Why a run has no such chart, or `None` when it has one.
    pub fn missing(self, run: &Run) -> Option<&'static str> {
        let series = run.series.as_ref();
        let no_series = "no chart series in this analysis (it was read back without one)";
        match self {
            Self::Elevation => match series {
                None => Some(no_series),
                Some(s) if s.elevation_m.iter().filter(|e| e.is_some()).count() < 2 => {
                    Some("no elevation in this recording: no elevation profile")
                }
                Some(_) => None,
            },
            Self::Pace => match series {
                None => Some(no_series),
                Some(s) if s.len() < 2 => Some("too few samples for a pace chart"),
                Some(_) => None,
            },
            Self::Route => match series {
                None => Some(no_series),
                Some(s)
                    if s.lat
                        .iter()
                        .zip(&s.lon)
                        .filter(|(a, b)| a.is_some() && b.is_some())
                        .count()
                        < 2 =>
                {
                    Some("no positions (GPS) in this recording: no route map")
                }
                Some(_) => None,
            },
            Self::Gei | Self::Energy | Self::GluteSources => {
                run.segments.is_empty().then_some("no segments in this run")
            }
            Self::HrZones => match &run.summary.hr_zones_s {
                None => Some(
                    "no heart-rate zones: they need heart rate in the recording and a maximum or threshold heart rate in the athlete file",
                ),
                Some(z) if z.iter().all(|s| *s <= 0.0) => Some("no time in any heart-rate zone"),
                Some(_) => None,
            },
        }
    }
}

/// What a chart needs besides the run.
#[derive(Clone, Copy, Debug)]
pub struct ChartContext<'a> {
    /// Units of the axes.
    pub units: Units,
    /// The surface map's ways around the route, drawn faintly beneath it.
    pub basemap: Option<&'a Basemap>,
}

/// A region of a drawn chart that shows a segment's numbers when hovered: pixel coordinates of
/// the whole picture.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Hover {
    shape: HoverShape,
    text: String,
}

#[derive(Clone, Debug, PartialEq)]
enum HoverShape {
    /// A box, corners in pixels.
    Rect((i32, i32), (i32, i32)),
    /// A line, in pixels.
    Line(Vec<(i32, i32)>),
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("chart {chart}: {message}")]
pub struct ChartError {
    /// The chart's file stem.
    pub chart: &'static str,
    /// What went wrong.
    pub message: String,
}

type DrawResult<DB> = Result<Vec<Hover>, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws one chart on any plotters backend: the one function per chart. Returns the hover
/// regions of its segments.
fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    area: &DrawingArea<DB, Shift>,
    run: &Run,
    ctx: &ChartContext,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    match kind {
        ChartKind::Elevation => distance::elevation(area, run, ctx),
        ChartKind::Pace => distance::pace(area, run, ctx),
        ChartKind::Gei => distance::gei(area, run, ctx),
        ChartKind::Energy => bars::energy(area, run, ctx),
        ChartKind::Route => route::route(area, run, ctx),
        ChartKind::GluteSources => bars::glute_sources(area, run),
        ChartKind::HrZones => bars::hr_zones(area, run),
    }
}

/// One chart as an SVG document of `size` pixels, with a `<title>` and a `<desc>` (its text
/// alternative) and the segments' hover regions, or `None` when the run has no such chart
/// ([`ChartKind::missing`]).
///
/// # Errors
/// [`ChartError`] when plotters fails to draw.
pub fn svg(kind: ChartKind, run: &Run, ctx: &ChartContext, size: (u32, u32)) -> Result<Option<String>, ChartError> {
    if kind.missing(run).is_some() {
        return Ok(None);
    }
    register_font();
    let mut body = String::with_capacity(64 * 1024);
    let hovers = {
        let root = SVGBackend::with_string(&mut body, size).into_drawing_area();
        let hovers = draw(kind, &root, run, ctx).map_err(|e| error(kind, &e))?;
        root.present().map_err(|e| error(kind, &e))?;
        hovers
    };
    Ok(Some(finish_svg(kind, run, ctx.units, &body, &hovers)))
}

/// One chart as a PNG of exactly `size` pixels (RGB, 8 bits), or `None` when the run has no
/// such chart.
///
/// # Errors
/// [`ChartError`] when plotters fails to draw.
pub fn png(kind: ChartKind, run: &Run, ctx: &ChartContext, size: (u32, u32)) -> Result<Option<Vec<u8>>, ChartError> {
    if kind.missing(run).is_some() {
        return Ok(None);
    }
    register_font();
    let (w, h) = size;
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        draw(kind, &root, run, ctx).map_err(|e| error(kind, &e))?;
        root.present().map_err(|e| error(kind, &e))?;
    }
    let mut out = Vec::with_capacity(pixels.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let write = |e: png::EncodingError| ChartError {
            chart: kind.file_stem(),
            message: format!("PNG encoding: {e}"),
        };
        let mut writer = encoder.write_header().map_err(write)?;
        writer.write_image_data(&pixels).map_err(write)?;
        writer.finish().map_err(write)?;
    }
    Ok(Some(out))
}

fn error<E: std::fmt::Display>(kind: ChartKind, e: &E) -> ChartError {
    ChartError {
        chart: kind.file_stem(),
        message: e.to_string(),
    }
}

/// Escapes text for XML and HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The plotters SVG with the chart's title and text alternative after the opening tag, its
/// accessibility attributes, and the hover regions before the closing tag.
fn finish_svg(kind: ChartKind, run: &Run, units: Units, body: &str, hovers: &[Hover]) -> String {
    let id = format!("chart-{}", kind.file_stem());
    let mut out = String::with_capacity(body.len() + hovers.len() * 200 + 512);
    let (open, rest) = match body.find("<svg ") {
        Some(i) => {
            let close = body[i..].find('>').map_or(body.len(), |j| i + j);
            (&body[..close], &body[close..])
        }
        None => ("", body),
    };
    out.push_str(open);
    let _ = write!(
        out,
        r#" class="chart" role="img" aria-labelledby="{id}-title {id}-desc""#
    );
    // `rest` starts with the opening tag's `>`.
    let (gt, rest) = rest.split_at(rest.len().min(1));
    out.push_str(gt);
    let _ = write!(
        out,
        "\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(kind.title()),
        escape(&alternative(kind, run, units))
    );
    let end = rest.rfind("</svg>").unwrap_or(rest.len());
    out.push_str(&rest[..end]);
    if !hovers.is_empty() {
        out.push_str("<g class=\"hover\">\n");
        for hover in hovers {
            match &hover.shape {
                HoverShape::Rect((x0, y0), (x1, y1)) => {
                    let _ = write!(
                        out,
                        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#000" fill-opacity="0">"##,
                        x0.min(x1),
                        y0.min(y1),
                        (x1 - x0).abs().max(1),
                        (y1 - y0).abs().max(1)
                    );
                    let _ = writeln!(out, "<title>{}</title></rect>", escape(&hover.text));
                }
                HoverShape::Line(points) => {
                    out.push_str(
                        r##"<polyline fill="none" stroke="#000" stroke-opacity="0" stroke-width="10" points=""##,
                    );
                    for (k, (x, y)) in points.iter().enumerate() {
                        if k > 0 {
                            out.push(' ');
                        }
                        let _ = write!(out, "{x},{y}");
                    }
                    let _ = writeln!(out, "\"><title>{}</title></polyline>", escape(&hover.text));
                }
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str(&rest[end..]);
    out
}

/// The chart's text alternative: what it shows, in a sentence or two, from the analysis.
fn alternative(kind: ChartKind, run: &Run, units: Units) -> String {
    let s = &run.summary;
    let dist = format::distance(units, s.distance_m);
    match kind {
        ChartKind::Elevation => format!(
            "Elevation over {dist}: {} up, {} down, {} climb{}; the fill's colour is the glute engagement index (GEI) of each segment, from dark (low) to yellow (high); grey bands shade steeper grades darker.",
            s.ascent_m.map_or("-".to_owned(), |m| format::height(units, m)),
            s.descent_m.map_or("-".to_owned(), |m| format::height(units, m)),
            run.climbs.len(),
            if run.climbs.len() == 1 { "" } else { "s" }
        ),
        ChartKind::Pace => format!(
            "Pace (solid) and grade-adjusted pace (dashed) over {dist}, faster up; average pace {}, grade-adjusted {}{}.",
            format::pace(units, s.avg_pace_s_per_km),
            format::pace(units, s.gap_s_per_km),
            s.avg_hr_bpm.map_or(String::new(), |h| format!(
                "; heart rate on the right axis, average {h:.0} bpm"
            ))
        ),
        ChartKind::Gei => format!(
            "The glute engagement index of each of the {} segments along {dist}, with its 10-90 % band; 1.0 is steady level running at 10 km/h on asphalt. Mean GEI {:.2} ({:.2}-{:.2}).",
            run.segments.len(),
            s.mean_gei,
            s.mean_gei_low,
            s.mean_gei_high
        ),
        ChartKind::Energy => format!(
            "Net energy of each of the {} segments, coloured by surface, with its 10-90 % band; {:.0} kcal in all ({:.0}-{:.0}).",
            run.segments.len(),
            s.energy_kcal,
            s.energy_kcal_low,
            s.energy_kcal_high
        ),
        ChartKind::Route => format!(
            "The route ({dist}) seen from above, north up, coloured by the glute engagement index, with its start and finish and a scale bar."
        ),
        ChartKind::GluteSources => {
            let top = |shares: Vec<(&str, f64)>| {
                shares
                    .into_iter()
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or("-".to_owned(), |(n, v)| {
                        format!("{n} ({:.0} %)", 100.0 * v / s.glute_stimulus.max(f64::MIN_POSITIVE))
                    })
            };
            let by = &run.glute_by;
            format!(
                "Shares of the glute load and stimulus by grade class, pace class and surface. Most stimulus came from {} by grade, {} by pace, {} by surface.",
                top(by
                    .grade_class
                    .iter()
                    .map(|(k, v)| (k.name(), v.glute_stimulus))
                    .collect()),
                top(by
                    .pace_class
                    .iter()
                    .map(|(k, v)| (k.name(), v.glute_stimulus))
                    .collect()),
                top(by.surface.iter().map(|(k, v)| (k.name(), v.glute_stimulus)).collect())
            )
        }
        ChartKind::HrZones => {
            let zones = s.hr_zones_s.as_deref().unwrap_or(&[]);
            let parts: Vec<String> = zones
                .iter()
                .enumerate()
                .map(|(k, z)| format!("zone {} {}", k + 1, format::clock(*z)))
                .collect();
            format!("Timer time in each heart-rate zone: {}.", parts.join(", "))
        }
    }
}

/// What a segment's hover says.
pub(crate) fn segment_text(seg: &RunSegment, units: Units) -> String {
    let (x, m) = (&seg.segment, &seg.estimate);
    format!(
        "Segment {}: {} to {}, {} {}, {} {} ({}), {}; GEI {:.2} ({:.2}-{:.2}), {:.0} kcal ({:.0}-{:.0}), glute stimulus {:.1}",
        x.index + 1,
        format::distance(units, x.start_m),
        format::distance(units, x.end_m),
        x.grade_pct.map_or("-".to_owned(), format::grade),
        x.grade_class.name(),
        format::pace(units, x.pace_s_per_km),
        x.pace_class.name(),
        x.gait.name(),
        x.surface.name(),
        m.gei,
        m.gei_low,
        m.gei_high,
        m.energy_kcal,
        m.energy_kcal_low,
        m.energy_kcal_high,
        m.glute_stimulus
    )
}

/// Draws a chart's title and its one-line legend across the top of `area`, and returns the
/// area below them.
pub(crate) fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    note: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (w, _) = area.dim_in_pixel();
    #[allow(clippy::cast_possible_wrap)]
    let mid = w as i32 / 2;
    let centred = Pos::new(HPos::Center, VPos::Top);
    area.draw(&Text::new(title, (mid, 8), font(22).pos(centred)))?;
    if !note.is_empty() {
        area.draw(&Text::new(
            note,
            (mid, 36),
            font_in(14, palette::GREY_DARK).pos(centred),
        ))?;
    }
    Ok(area.margin(58, 0, 0, 0))
}

/// A line as plotters can draw it thick: without consecutive points on one pixel, and cut at
/// every turn sharper than 120 degrees. Plotters joins the pieces of a thick line along their
/// directions: two points on one pixel have none, and a hairpin's join shoots off towards the
/// picture's edge. `pixel` maps a point to its pixel.
pub(crate) fn drawable(pixel: impl Fn(&(f64, f64)) -> (i32, i32), line: Vec<(f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut piece: Vec<((f64, f64), (i32, i32))> = Vec::with_capacity(line.len());
    for p in line {
        let px = pixel(&p);
        if piece.last().is_some_and(|(_, q)| *q == px) {
            continue;
        }
        if let [.., (_, a), (b_point, b)] = piece.as_slice() {
            let (u, v) = ((b.0 - a.0, b.1 - a.1), (px.0 - b.0, px.1 - b.1));
            let dot = f64::from(u.0 * v.0 + u.1 * v.1);
            let norms = f64::from(u.0 * u.0 + u.1 * u.1).sqrt() * f64::from(v.0 * v.0 + v.1 * v.1).sqrt();
            if dot < -0.5 * norms {
                let joint = (*b_point, *b);
                out.push(piece.drain(..).map(|(p, _)| p).collect());
                piece.push(joint);
            }
        }
        piece.push((p, px));
    }
    if piece.len() >= 2 {
        out.push(piece.into_iter().map(|(p, _)| p).collect());
    }
    out
}

/// The house style of a chart's grid, axes and labels (`label_px` the tick labels' size; axis
/// descriptions one pixel larger).
pub(crate) fn house_style<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    label_px: u32,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
    DB: DrawingBackend,
{
    mesh.light_line_style(palette::GRID)
        .bold_line_style(palette::GRID)
        .axis_style(palette::INK)
        .label_style(font_in(label_px, palette::INK))
        .axis_desc_style(font_in(label_px + 1, palette::INK))
}

/// A text style of the chart font, `size` pixels.
pub(crate) fn font(size: u32) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), f64::from(size), FontStyle::Normal).into()
}

/// A text style of the chart font in a colour.
pub(crate) fn font_in(size: u32, colour: RGBColor) -> TextStyle<'static> {
    TextStyle {
        color: colour.to_backend_color(),
        ..font(size)
    }
}
