//! The charts' colours: viridis for glute engagement and for surfaces (ordered so that lightness
//! follows how soft the surface is), greys for everything else.

use crate::analysis::GradeClass;
use crate::vocab::Surface;
use plotters::prelude::*;

/// GEI at the top of the colour scale: higher values take its colour. 3 is a hard uphill
/// effort on the glute model's scale (1.0 is steady level running at 10 km/h).
pub(crate) const GEI_SCALE_MAX: f64 = 3.0;

/// Viridis at `t` in [0, 1].
pub(crate) fn viridis(t: f64) -> RGBColor {
    ViridisRGB::get_color_normalized(t.clamp(0.0, 1.0), 0.0, 1.0)
}

/// The colour of a GEI.
pub(crate) fn gei(value: f64) -> RGBColor {
    viridis(value / GEI_SCALE_MAX)
}

/// The colour of a surface: hard surfaces dark, soft ones light; `unknown` is grey.
pub(crate) fn surface(s: Surface) -> RGBColor {
    let t = match s {
        Surface::Asphalt => 0.0,
        Surface::Track => 0.1,
        Surface::Treadmill => 0.2,
        Surface::Dirt => 0.3,
        Surface::Gravel => 0.4,
        Surface::Grass => 0.5,
        Surface::Trail => 0.6,
        Surface::FirmSand => 0.7,
        Surface::Snow => 0.85,
        Surface::Sand => 1.0,
        Surface::Unknown => return GREY_MID,
    };
    viridis(t)
}

/// The shade behind a stretch of a grade class: steeper is darker, flat is none.
pub(crate) fn grade_shade(class: GradeClass) -> Option<RGBAColor> {
    let alpha = match class {
        GradeClass::Flat => return None,
        GradeClass::Up | GradeClass::Down => 0.06,
        GradeClass::SteepUp | GradeClass::SteepDown => 0.13,
        GradeClass::VerySteepUp => 0.20,
    };
    Some(BLACK.mix(alpha))
}

/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(232, 232, 232);
/// Axis and label text.
pub(crate) const INK: RGBColor = RGBColor(40, 40, 40);
/// Legends.
pub(crate) const GREY_DARK: RGBColor = RGBColor(95, 95, 95);
/// Secondary marks.
pub(crate) const GREY_MID: RGBColor = RGBColor(150, 150, 150);
/// The map's ways.
pub(crate) const GREY_LIGHT: RGBColor = RGBColor(205, 205, 205);
