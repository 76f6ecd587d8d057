//! The trends page: one self-contained HTML file with inline SVG charts drawn by plotters (the
//! run report's fonts, colours and house style), the weekly and monthly tables, the records and
//! the advice. No script, nothing loaded from elsewhere.

use super::{Day, Flag, Source, Trends};
use crate::report::chart::{escape, font, font_in, frame, house_style, palette, register_font};
use crate::report::html::{base_name, head};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The most route points the map draws; longer archives are thinned evenly, run by run.
pub const MAX_MAP_POINTS: usize = 200_000;

const SIZE: (u32, u32) = (1200, 420);

/// A value of a day of the load model.
type Pick = fn(&super::LoadDay) -> f64;

type Result2<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One series of a bar chart: its name, colour and a value per bar.
struct Bars<'a> {
    name: &'a str,
    colour: RGBColor,
    values: Vec<f64>,
}

/// A bar chart over labelled columns: series stacked, an optional dashed line, and a text above
/// chosen columns.
#[allow(clippy::too_many_arguments)]
fn bar_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    note: &str,
    y_label: &str,
    labels: &[String],
    series: &[Bars<'_>],
    line: Option<(f64, &str)>,
    marks: &[(usize, String)],
) -> Result2<DB> {
    area.fill(&WHITE)?;
    let inner = frame(area, title, note)?;
    let n = labels.len().max(1);
    let top = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .sum::<f64>()
        })
        .fold(line.map_or(0.0, |l| l.0), f64::max);
    // Headroom for the legend and the marks above the bars.
    let top = if top > 0.0 { top * 1.4 } else { 1.0 };
    #[allow(clippy::cast_precision_loss)]
    let mut chart = ChartBuilder::on(&inner)
        .margin(10)
        .x_label_area_size(52)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..n as f64, 0.0..top)?;
    let every = n.div_ceil(26).max(1);
    let label = |x: &f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = x.floor() as usize;
        if i < labels.len() && i.is_multiple_of(every) && (x - x.floor() - 0.5).abs() < 1e-6 {
            labels[i].clone()
        } else {
            String::new()
        }
    };
    house_style(&mut chart.configure_mesh(), 13)
        .disable_x_mesh()
        .y_labels(6)
        .x_labels(2 * n + 1)
        .x_label_formatter(&label)
        .y_desc(y_label)
        .draw()?;
    for (i, _) in labels.iter().enumerate() {
        let mut base = 0.0;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v > 0.0 {
                #[allow(clippy::cast_precision_loss)]
                let x = i as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.12, base), (x + 0.88, base + v)],
                    s.colour.filled(),
                )))?;
            }
            base += v;
        }
    }
    for s in series {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())?
            .label(s.name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], s.colour.filled()));
    }
    if let Some((value, name)) = line {
        #[allow(clippy::cast_precision_loss)]
        let end = n as f64;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, value), (end, value)],
                8,
                5,
                palette::INK.stroke_width(2),
            ))?
            .label(name)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], palette::INK.stroke_width(2)));
    }
    for (i, text) in marks {
        use plotters::style::text_anchor::{HPos, Pos, VPos};
        let total: f64 = series.iter().map(|s| s.values.get(*i).copied().unwrap_or(0.0)).sum();
        #[allow(clippy::cast_precision_loss)]
        let at = (*i as f64 + 0.5, total + top * 0.02);
        chart.draw_series(std::iter::once(Text::new(
            text.clone(),
            at,
            font_in(12, palette::INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )))?;
    }
    legend(&mut chart)
}

/// The legend of a chart's series, top left, in the house style.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
) -> Result2<DB> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(palette::GREY_LIGHT)
        .label_font(font(13))
        .draw()
}

/// Fitness, fatigue and form over the days of the window.
fn load_chart<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, trends: &Trends) -> Result2<DB> {
    area.fill(&WHITE)?;
    let inner = frame(
        area,
        "Fitness, fatigue and form",
        "fitness: 42-day weighted training load; fatigue: 7-day; form = fitness - fatigue",
    )?;
    let days = &trends.load;
    #[allow(clippy::cast_precision_loss)]
    let n = days.len().max(2) as f64;
    let high = days.iter().map(|d| d.fitness.max(d.fatigue)).fold(1.0_f64, f64::max) * 1.1;
    let low = days.iter().map(|d| d.form).fold(0.0_f64, f64::min) * 1.1;
    let mut chart = ChartBuilder::on(&inner)
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..n, low..high)?;
    let every = (days.len() / 8).max(1);
    let label = |x: &f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = x.round() as usize;
        days.get(i)
            .filter(|_| i.is_multiple_of(every))
            .map_or(String::new(), |d| d.date.clone())
    };
    house_style(&mut chart.configure_mesh(), 13)
        .x_labels(9)
        .x_label_formatter(&label)
        .y_desc("training load")
        .draw()?;
    #[allow(clippy::cast_precision_loss)]
    let series = |f: fn(&super::LoadDay) -> f64| -> Vec<(f64, f64)> {
        days.iter().enumerate().map(|(i, d)| (i as f64, f(d))).collect()
    };
    let lines: [(&str, RGBColor, Pick); 3] = [
        ("fitness", palette::viridis(0.25), |d| d.fitness),
        ("fatigue", palette::viridis(0.75), |d| d.fatigue),
        ("form", palette::GREY_DARK, |d| d.form),
    ];
    for (name, colour, f) in lines {
        chart
            .draw_series(LineSeries::new(series(f), colour.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], colour.stroke_width(2)));
    }
    legend(&mut chart)
}

/// A calendar of each year of the window: a square per day, coloured by the day's distance.
fn calendar_chart<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, trends: &Trends) -> Result2<DB> {
    area.fill(&WHITE)?;
    let inner = frame(
        area,
        "Calendar",
        "a square per day, Monday at the top; colour: the day's distance (darker is shorter, yellow the longest)",
    )?;
    let mut by_day: std::collections::BTreeMap<Day, f64> = std::collections::BTreeMap::new();
    for run in &trends.runs {
        *by_day.entry(run.day).or_insert(0.0) += run.distance_m;
    }
    let most = by_day.values().copied().fold(0.0_f64, f64::max).max(1.0);
    let (Some(since), Some(until)) = (Day::parse(&trends.window.since), Day::parse(&trends.window.until)) else {
        return Ok(());
    };
    let years: Vec<i64> = (since.ymd().0..=until.ymd().0).collect();
    let (w, h) = inner.dim_in_pixel();
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let rows = years.len().max(1) as i32;
    #[allow(clippy::cast_possible_wrap)]
    let (w, h) = (w as i32, h as i32);
    let cell = ((w - 60) / 54).min((h - 10) / (rows * 8)).max(2);
    for (k, year) in years.iter().enumerate() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
        let y0 = 4 + k as i32 * cell * 8;
        inner.draw(&Text::new(year.to_string(), (0, y0 + 3 * cell), font(13)))?;
        let Some(first) = Day::from_ymd(*year, 1, 1) else {
            continue;
        };
        let Some(next) = Day::from_ymd(*year + 1, 1, 1) else {
            continue;
        };
        let mut day = first;
        while day < next {
            #[allow(clippy::cast_possible_truncation)]
            let column = ((day.monday().0 - first.monday().0) / 7) as i32;
            #[allow(clippy::cast_possible_truncation)]
            let row = day.weekday() as i32;
            let (x, y) = (50 + column * cell, y0 + row * cell);
            let colour = if day < since || day > until {
                RGBColor(245, 245, 245)
            } else {
                by_day
                    .get(&day)
                    .map_or(RGBColor(228, 228, 228), |m| palette::viridis(0.15 + 0.85 * m / most))
            };
            inner.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], colour.filled()))?;
            day = Day(day.0 + 1);
        }
    }
    Ok(())
}

/// Every stored route of the window, projected around their centre and drawn faintly, so that
/// the streets run most often stand out.
fn map_chart<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, routes: &[Vec<[f64; 2]>]) -> Result2<DB> {
    area.fill(&WHITE)?;
    let points: usize = routes.iter().map(Vec::len).sum();
    let inner = frame(
        area,
        "Every route",
        &format!(
            "{} routes overlaid, north up, around the most common start; where lines pile up, the streets run most often",
            routes.iter().filter(|r| r.len() >= 2).count()
        ),
    )?;
    if points == 0 {
        return Ok(());
    }
    // The centre: the median latitude and longitude of the routes' first points (one far-away
    // holiday run does not move it).
    let mut first_lats: Vec<f64> = routes.iter().filter_map(|r| r.first()).map(|p| p[0]).collect();
    let mut first_lons: Vec<f64> = routes.iter().filter_map(|r| r.first()).map(|p| p[1]).collect();
    first_lats.sort_by(f64::total_cmp);
    first_lons.sort_by(f64::total_cmp);
    let (lat0, lon0) = (first_lats[first_lats.len() / 2], first_lons[first_lons.len() / 2]);
    let local = crate::projection::Local::at(lat0);
    let xy = |p: &[f64; 2]| local.offset(lat0, lon0, p[0], p[1]);
    // The extent: a square around the median start, 1.6 times the median distance of
    // the points from it, so that runs far from home (a holiday, a race abroad) do not shrink
    // home to a dot; they are left out of the picture.
    let mut reach: Vec<f64> = routes
        .iter()
        .flatten()
        .map(|p| {
            let (x, y) = xy(p);
            x.hypot(y)
        })
        .collect();
    reach.sort_by(f64::total_cmp);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let radius = reach[((reach.len() - 1) as f64 * 0.5).round() as usize].max(200.0) * 1.6;
    let (w, h) = inner.dim_in_pixel();
    let span = 2.0 * radius / f64::from(w.min(h));
    let (cx, cy) = (0.0, 0.0);
    let (half_w, half_h) = (span * f64::from(w) / 2.0, span * f64::from(h) / 2.0);
    let mut chart = ChartBuilder::on(&inner)
        .margin(6)
        .build_cartesian_2d(cx - half_w..cx + half_w, cy - half_h..cy + half_h)?;
    let step = points.div_ceil(MAX_MAP_POINTS).max(1);
    let colour = palette::viridis(0.2).mix(0.25);
    let shown = |(x, y): (f64, f64)| (x - cx).abs() <= half_w && (y - cy).abs() <= half_h;
    for route in routes {
        // Cut where the route leaves the picture.
        let mut line: Vec<(f64, f64)> = Vec::new();
        for p in route.iter().step_by(step).map(xy) {
            if shown(p) {
                line.push(p);
                continue;
            }
            if line.len() >= 2 {
                chart.draw_series(std::iter::once(PathElement::new(
                    std::mem::take(&mut line),
                    colour.stroke_width(2),
                )))?;
            }
            line.clear();
        }
        if line.len() >= 2 {
            chart.draw_series(std::iter::once(PathElement::new(line, colour.stroke_width(2))))?;
        }
    }
    Ok(())
}

/// An SVG chart as text, with its title and text alternative for screen readers.
fn svg(
    id: &str,
    title: &str,
    alternative: &str,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
) -> String {
    register_font();
    let mut body = String::new();
    {
        let root = SVGBackend::with_string(&mut body, size).into_drawing_area();
        if let Err(e) = draw(&root).and_then(|()| root.present()) {
            return format!(
                "<p class=\"meta\">The {} chart could not be drawn: {}</p>",
                escape(title),
                escape(&e.to_string())
            );
        }
    }
    let Some(open) = body.find("<svg ") else {
        return body;
    };
    let close = body[open..].find('>').map_or(body.len(), |j| open + j);
    format!(
        "{} class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        &body[..close],
        escape(title),
        escape(alternative),
        &body[close + 1..]
    )
}

fn km(m: f64) -> String {
    format!("{:.1}", m / 1000.0)
}

fn hours(s: f64) -> String {
    format!("{}:{:02}", (s / 3600.0).floor(), ((s % 3600.0) / 60.0).floor())
}

fn clock(s: f64) -> String {
    let whole = s.round();
    if whole >= 3600.0 {
        format!(
            "{}:{:02}:{:02}",
            (whole / 3600.0).floor(),
            ((whole % 3600.0) / 60.0).floor(),
            whole % 60.0
        )
    } else {
        format!("{}:{:02}", (whole / 60.0).floor(), whole % 60.0)
    }
}

/// The relative link from `out` to a run's report under `reports`, when it exists.
fn report_link(out: &Path, reports: &Path, file: &str, session: i64) -> Option<String> {
    let base = base_name(file);
    let candidates = [format!("{base}-{session}"), base];
    let folder = candidates
        .iter()
        .map(|name| reports.join(name))
        .find(|dir| dir.join("index.html").is_file())?;
    let (from, to) = (out.canonicalize().ok()?, folder.join("index.html").canonicalize().ok()?);
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut link = PathBuf::new();
    for _ in from.components().skip(common) {
        link.push("..");
    }
    for part in to.components().skip(common) {
        link.push(part);
    }
    Some(link.to_string_lossy().replace('\\', "/"))
}

/// Every chart of the page, as inline SVG.
#[allow(clippy::too_many_lines)] // one call per chart, each with its own words
fn charts(trends: &Trends, routes: &[Vec<[f64; 2]>]) -> Vec<String> {
    let weeks: Vec<String> = trends.weeks.iter().map(|w| w.week.clone()).collect();
    let ramp_marks: Vec<(usize, String)> = trends
        .weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            w.flags.iter().find_map(|f| match f {
                Flag::Ramp { pct } => Some((i, format!("+{pct:.0} %"))),
                _ => None,
            })
        })
        .collect();
    let flagged = |i: usize| ramp_marks.iter().any(|(k, _)| *k == i);
    let distance = |keep: bool| -> Vec<f64> {
        trends
            .weeks
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if flagged(i) == keep {
                    w.totals.distance_m / 1000.0
                } else {
                    0.0
                }
            })
            .collect()
    };
    vec![
        svg(
            "weekly-distance",
            "Weekly distance",
            &format!(
                "Distance per ISO week, {} weeks; {} week(s) rose more than the ramp limit over the week before, marked with the rise.",
                weeks.len(),
                ramp_marks.len()
            ),
            SIZE,
            |a| {
                bar_chart(
                    a,
                    "Weekly distance",
                    "weeks that rose more than 10 % over the week before are marked with the rise",
                    "km",
                    &weeks,
                    &[
                        Bars {
                            name: "distance",
                            colour: palette::viridis(0.35),
                            values: distance(false),
                        },
                        Bars {
                            name: "ramp",
                            colour: palette::viridis(0.85),
                            values: distance(true),
                        },
                    ],
                    None,
                    &ramp_marks,
                )
            },
        ),
        svg(
            "runs-per-week",
            "Runs per week",
            "Runs per week: those of 30 minutes or more of timer time, and shorter ones, against the three-a-week line.",
            SIZE,
            |a| {
                #[allow(clippy::cast_precision_loss)]
                let long: Vec<f64> = trends.weeks.iter().map(|w| f64::from(w.totals.runs_30min)).collect();
                #[allow(clippy::cast_precision_loss)]
                let short: Vec<f64> = trends
                    .weeks
                    .iter()
                    .map(|w| f64::from(w.totals.runs - w.totals.runs_30min))
                    .collect();
                bar_chart(
                    a,
                    "Runs per week",
                    "runs of 30 minutes or more count towards three a week",
                    "runs",
                    &weeks,
                    &[
                        Bars {
                            name: "30 min or more",
                            colour: palette::viridis(0.35),
                            values: long,
                        },
                        Bars {
                            name: "shorter",
                            colour: palette::GREY_LIGHT,
                            values: short,
                        },
                    ],
                    Some((3.0, "three a week")),
                    &[],
                )
            },
        ),
        svg(
            "glute-per-week",
            "Glute work per week",
            "Glute stimulus per week split by where it came from: climbs, hard efforts and sprints, soft ground, easy running.",
            SIZE,
            |a| {
                let series: Vec<Bars<'_>> = Source::ALL
                    .iter()
                    .enumerate()
                    .map(|(k, s)| Bars {
                        name: s.words(),
                        #[allow(clippy::cast_precision_loss)]
                        colour: palette::viridis(0.9 - 0.27 * k as f64),
                        values: trends
                            .weeks
                            .iter()
                            .map(|w| w.totals.glute_sources.get(s.name()).copied().unwrap_or(0.0))
                            .collect(),
                    })
                    .collect();
                bar_chart(
                    a,
                    "Glute stimulus per week",
                    "GEI cubed x minutes, by where it came from (a segment counts once: climbs, then sprints, then soft ground)",
                    "glute stimulus",
                    &weeks,
                    &series,
                    None,
                    &[],
                )
            },
        ),
        svg(
            "glute-volume",
            "Glute volume per week",
            "Glute load per week: GEI x minutes, the volume of glute work.",
            SIZE,
            |a| {
                bar_chart(
                    a,
                    "Glute volume per week",
                    "glute load: GEI x minutes, the volume of glute work (stimulus, above, weighs hard work more)",
                    "load",
                    &weeks,
                    &[Bars {
                        name: "glute load",
                        colour: palette::viridis(0.35),
                        values: trends.weeks.iter().map(|w| w.totals.glute_load).collect(),
                    }],
                    None,
                    &[],
                )
            },
        ),
        svg(
            "load",
            "Fitness, fatigue and form",
            &format!(
                "Fitness, fatigue and form over the {} days of the window; on the last day fitness {:.1}, fatigue {:.1}, form {:.1}.",
                trends.load.len(),
                trends.load.last().map_or(0.0, |d| d.fitness),
                trends.load.last().map_or(0.0, |d| d.fatigue),
                trends.load.last().map_or(0.0, |d| d.form)
            ),
            SIZE,
            |a| load_chart(a, trends),
        ),
        svg(
            "surfaces",
            "Surface mix per month",
            "Distance per month on each surface.",
            SIZE,
            |a| {
                let months: Vec<String> = trends.months.iter().map(|m| m.month.clone()).collect();
                let mut names: Vec<&String> = trends.months.iter().flat_map(|m| m.totals.surface_m.keys()).collect();
                names.sort();
                names.dedup();
                let series: Vec<Bars<'_>> = names
                    .iter()
                    .map(|name| Bars {
                        name: name.as_str(),
                        colour: crate::vocab::Surface::from_name(name).map_or(palette::GREY_MID, palette::surface),
                        values: trends
                            .months
                            .iter()
                            .map(|m| m.totals.surface_m.get(*name).copied().unwrap_or(0.0) / 1000.0)
                            .collect(),
                    })
                    .collect();
                bar_chart(
                    a,
                    "Surface mix per month",
                    "km on each surface",
                    "km",
                    &months,
                    &series,
                    None,
                    &[],
                )
            },
        ),
        svg(
            "calendar",
            "Calendar",
            &format!(
                "A calendar of the window's {} runs, a square per day coloured by distance.",
                trends.runs.len()
            ),
            (1200, 200 + 140 * u32::try_from(calendar_years(trends)).unwrap_or(1)),
            |a| calendar_chart(a, trends),
        ),
        svg(
            "map",
            "Every route",
            &format!(
                "The window's {} stored routes overlaid on one map, north up.",
                routes.iter().filter(|r| r.len() >= 2).count()
            ),
            (1200, 800),
            |a| map_chart(a, routes),
        ),
    ]
}

/// The records, linked to their run reports where they exist.
fn records_table(html: &mut String, trends: &Trends, out: &Path, reports: Option<&Path>) {
    html.push_str("<h2>Records</h2>\n");
    if trends.records.is_empty() {
        html.push_str("<p class=\"meta\">No run covers 400 m yet.</p>\n");
    } else {
        html.push_str("<div class=\"wide\"><table>\n<tr><th>distance</th><th>scope</th><th class=\"n\">time</th><th class=\"n\">pace /km</th><th>date</th><th>run</th></tr>\n");
        for r in &trends.records {
            let name = escape(&r.file);
            let run = match reports.and_then(|dir| report_link(out, dir, &r.file, r.session)) {
                Some(link) => format!("<a href=\"{}\">{name}</a>", escape(&link)),
                None => name,
            };
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{run}</td></tr>",
                r.distance.name(),
                r.year.map_or("all time".to_owned(), |y| y.to_string()),
                clock(r.time_s),
                clock(r.pace_s_per_km),
                escape(&r.date)
            );
        }
        html.push_str("</table></div>\n");
    }
}

/// Every run of the window, folded away, linked to its report where one exists.
fn runs_table(html: &mut String, trends: &Trends, out: &Path, reports: Option<&Path>) {
    let _ = writeln!(
        html,
        "<h2>Runs</h2>\n<details><summary>The {} runs of the window</summary>\n<div class=\"wide\"><table>\n<tr><th>date</th><th>file</th><th class=\"n\">km</th></tr>",
        trends.runs.len()
    );
    for run in &trends.runs {
        let name = escape(&run.file);
        let file = match reports.and_then(|dir| report_link(out, dir, &run.file, run.session)) {
            Some(link) => format!("<a href=\"{}\">{name}</a>", escape(&link)),
            None => name,
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{file}</td><td class=\"n\">{}</td></tr>",
            run.day,
            km(run.distance_m)
        );
    }
    html.push_str("</table></div>\n</details>\n");
}

/// The weekly table.
fn weeks_table(html: &mut String, trends: &Trends) {
    html.push_str("<h2>Weeks</h2>\n<div class=\"wide\"><table>\n<tr><th>week</th><th>from</th><th class=\"n\">runs</th><th class=\"n\">30 min+</th><th class=\"n\">km</th><th class=\"n\">timer</th><th class=\"n\">moving</th><th class=\"n\">ascent m</th><th class=\"n\">kcal</th><th class=\"n\">glute load</th><th class=\"n\">glute stimulus</th><th class=\"n\">from climbs</th><th class=\"n\">from sprints</th><th class=\"n\">from soft ground</th><th class=\"n\">from easy running</th><th class=\"n\">descent load</th><th class=\"n\">hills</th><th class=\"n\">sprints</th><th class=\"n\">long</th><th class=\"n\">training load</th><th>flags</th></tr>\n");
    for w in &trends.weeks {
        let t = &w.totals;
        let source = |s: Source| t.glute_sources.get(s.name()).copied().unwrap_or(0.0);
        let flags: Vec<String> = w
            .flags
            .iter()
            .map(|f| match f {
                Flag::Ramp { pct } => format!("ramp +{pct:.1} %"),
                Flag::FewRuns { runs } => format!("few runs ({runs})"),
                Flag::AcwrSpike { acwr, date } => format!("acwr {acwr:.2} on {date}"),
            })
            .collect();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.0}</td><td class=\"n\">{:.0}</td><td class=\"n\">{:.0}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.0} %</td><td class=\"n\">{:.0} %</td><td class=\"n\">{}</td><td class=\"n\">{:.0}</td><td>{}</td></tr>",
            w.week,
            w.start,
            t.runs,
            t.runs_30min,
            km(t.distance_m),
            hours(t.timer_s),
            hours(t.moving_s),
            t.ascent_m,
            t.energy_kcal,
            t.glute_load,
            t.glute_stimulus,
            source(Source::Climbs),
            source(Source::Sprints),
            source(Source::Soft),
            source(Source::Easy),
            t.descent_load,
            100.0 * t.hill_share,
            100.0 * t.sprint_share,
            t.long_runs,
            t.training_load,
            escape(&flags.join("; "))
        );
    }
    html.push_str("</table></div>\n");
}

/// The monthly table, with where the glute stimulus came from.
fn months_table(html: &mut String, trends: &Trends) {
    html.push_str("<h2>Months</h2>\n<div class=\"wide\"><table>\n<tr><th>month</th><th class=\"n\">runs</th><th class=\"n\">km</th><th class=\"n\">timer</th><th class=\"n\">kcal</th><th class=\"n\">glute stimulus</th><th class=\"n\">from climbs</th><th class=\"n\">from sprints</th><th class=\"n\">from soft ground</th><th class=\"n\">from easy running</th><th class=\"n\">damage</th></tr>\n");
    for m in &trends.months {
        let t = &m.totals;
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.0}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.0} %</td><td class=\"n\">{:.0} %</td><td class=\"n\">{:.0} %</td><td class=\"n\">{:.0} %</td><td class=\"n\">{:.2}</td></tr>",
            m.month,
            t.runs,
            km(t.distance_m),
            hours(t.timer_s),
            t.energy_kcal,
            t.glute_stimulus,
            100.0 * t.source_share(Source::Climbs),
            100.0 * t.source_share(Source::Sprints),
            100.0 * t.source_share(Source::Soft),
            100.0 * t.source_share(Source::Easy),
            t.damage
        );
    }
    html.push_str("</table></div>\n");
}

/// The whole page. `out` is the folder it is written to (for links), `reports` the folder of the
/// run reports to link to.
pub fn page(trends: &Trends, routes: &[Vec<[f64; 2]>], out: &Path, reports: Option<&Path>) -> String {
    let mut html = head("Trends");
    html.push_str("<style>td { white-space: nowrap; }</style>\n");
    let _ = writeln!(
        html,
        "<h1>Training trends</h1>\n<p class=\"meta\">{} to {} ({} runs; local days: {}; training load: {})</p>",
        escape(&trends.window.since),
        escape(&trends.window.until),
        trends.runs.len(),
        escape(&trends.window.zone),
        match &trends.load_method {
            super::LoadMethod::Trimp { how, .. } => format!("heart-rate TRIMP; {}", escape(how)),
            super::LoadMethod::Pace { how, .. } => format!("from pace; {}", escape(how)),
        }
    );
    if !trends.advice.is_empty() {
        html.push_str("<h2>What the numbers say</h2>\n<ul class=\"notes\">\n");
        for a in &trends.advice {
            let _ = writeln!(html, "<li>{}</li>", escape(&a.text));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("<h2>Charts</h2>\n");
    for chart in charts(trends, routes) {
        let _ = writeln!(html, "<figure>{chart}</figure>");
    }
    records_table(&mut html, trends, out, reports);
    weeks_table(&mut html, trends);
    months_table(&mut html, trends);
    runs_table(&mut html, trends, out, reports);
    if !trends.warnings.is_empty() {
        html.push_str("<h2>Warnings</h2>\n<ul class=\"warnings\">\n");
        for w in &trends.warnings {
            let _ = writeln!(html, "<li>{}</li>", escape(w));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("<p class=\"meta\">Made by gluteus from the archive database alone: nothing on this page was loaded from elsewhere.</p>\n</body>\n</html>\n");
    html
}

fn calendar_years(trends: &Trends) -> i64 {
    match (Day::parse(&trends.window.since), Day::parse(&trends.window.until)) {
        (Some(a), Some(b)) => b.ymd().0 - a.ymd().0 + 1,
        _ => 1,
    }
}
