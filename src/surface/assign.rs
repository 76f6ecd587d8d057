//! Which surface every sample is on, by precedence: an override, the file's hint, the map, else
//! `unknown`. Map matches are smoothed along the track, so that a GPS wobble near a junction does
//! not flip the surface.

use super::{Surface, SurfaceMap};
use crate::analysis::SurfaceSource;
use crate::clean::Track;
use crate::projection::Local;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Matching settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurfaceConfig {
    /// A sample matches the nearest way within this distance, m (a few GPS error deviations).
    pub tolerance_m: f64,
    /// Stretches of one matched surface shorter than this take the surface around them, m.
    pub min_stretch_m: f64,
    /// A way across the direction of travel counts as this many metres × |sin(angle)| further.
    pub turn_penalty_m: f64,
    /// The direction of travel is taken over this many metres either side of a sample.
    pub heading_half_window_m: f64,
}

impl Default for SurfaceConfig {
    fn default() -> Self {
        Self {
            tolerance_m: 25.0,
            min_stretch_m: 40.0,
            turn_penalty_m: 40.0,
            heading_half_window_m: 15.0,
        }
    }
}

/// A surface for part of a run, by distance (m) or elapsed time (s) from its start.
#[derive(Clone, Debug, PartialEq)]
pub struct OverrideRange {
    /// The surface.
    pub surface: Surface,
    /// From and to, metres along the run.
    pub metres: Option<(f64, f64)>,
    /// From and to, seconds from the first sample.
    pub seconds: Option<(f64, f64)>,
}

/// User overrides: a surface for the whole run, and ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// `--surface`.
    pub whole: Option<Surface>,
    /// From a run's surface file (`NAME.surface.toml`).
    pub ranges: Vec<OverrideRange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    range: Vec<Spanned<RawRange>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    surface: Spanned<String>,
    from_m: Option<f64>,
    to_m: Option<f64>,
    from_s: Option<f64>,
    to_s: Option<f64>,
}

impl Overrides {
    /// Reads a run's surface file:
    ///
    /// ```toml
    /// [[range]]
    /// from_m = 1500
    /// to_m = 3500
    /// surface = "sand"
    ///
    /// [[range]]
    /// from_s = 0          # or by seconds from the start
    /// to_s = 600
    /// surface = "track"
    /// ```
    ///
    /// # Errors
    /// `line N: …` for TOML errors, unknown keys, unknown surfaces, and ranges that are not a
    /// pair of increasing distances or times.
    pub fn parse_ranges(text: &str) -> Result<Vec<OverrideRange>, String> {
        let line = |offset: usize| crate::toml_input::line_at(text, offset);
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (at, problem) = crate::toml_input::toml_error(text, &e);
            format!("{}{problem}", at.map(|l| format!("line {l}: ")).unwrap_or_default())
        })?;
        raw.range
            .iter()
            .map(|spanned| {
                let r = spanned.get_ref();
                let at = line(spanned.span().start);
                let surface = Surface::from_name(r.surface.get_ref()).ok_or_else(|| {
                    format!(
                        "line {}: unknown surface \"{}\"",
                        line(r.surface.span().start),
                        r.surface.get_ref()
                    )
                })?;
                let pair = |a: Option<f64>, b: Option<f64>| match (a, b) {
                    (Some(a), Some(b)) if a.is_finite() && b > a => Ok(Some((a, b))),
                    (None, None) => Ok(None),
                    _ => Err(format!("line {at}: a range needs from < to, both given")),
                };
                let (metres, seconds) = (pair(r.from_m, r.to_m)?, pair(r.from_s, r.to_s)?);
                if metres.is_none() == seconds.is_none() {
                    return Err(format!("line {at}: a range is from_m/to_m or from_s/to_s"));
                }
                Ok(OverrideRange {
                    surface,
                    metres,
                    seconds,
                })
            })
            .collect()
    }
}

/// The surface of every sample and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// Per sample.
    pub surfaces: Vec<Surface>,
    /// Per sample.
    pub sources: Vec<SurfaceSource>,
    /// What matching noticed.
    pub warnings: Vec<String>,
}

/// The surface a file's FIT sub-sport states for the whole run (`track`, `treadmill`, `trail`).
///
/// # Examples
/// ```
/// use gluteus::{Surface, surface::file_hint};
/// assert_eq!(file_hint(Some("treadmill")), Some(Surface::Treadmill));
/// assert_eq!(file_hint(Some("street")), None);
/// ```
pub fn file_hint(sub_sport: Option<&str>) -> Option<Surface> {
    match sub_sport {
        Some("track" | "indoor_track") => Some(Surface::Track),
        Some("treadmill" | "indoor_running") => Some(Surface::Treadmill),
        Some("trail") => Some(Surface::Trail),
        _ => None,
    }
}

/// Assigns a surface to every sample of a track: an override, else the file's hint (see
/// [`file_hint`]), else the map, else `unknown`.
pub fn assign(
    track: &Track,
    hint: Option<Surface>,
    overrides: &Overrides,
    map: Option<&SurfaceMap>,
    config: &SurfaceConfig,
) -> Assignment {
    let n = track.t_s.len();
    let mut surfaces = vec![Surface::Unknown; n];
    let mut sources = vec![SurfaceSource::None; n];
    let mut warnings = Vec::new();
    if let Some(map) = map {
        if track.lat.is_empty() {
            warnings.push("the run has no positions: the surface map cannot be used".to_owned());
        } else {
            let mut matched = 0;
            let headings = headings(track, config.heading_half_window_m);
            for i in 0..n {
                let (lon, lat) = (track.lon[i], track.lat[i]);
                let way = match headings[i] {
                    Some(h) => map.way_along(lon, lat, config.tolerance_m, h, config.turn_penalty_m),
                    None => map.nearest_way(lon, lat, config.tolerance_m),
                };
                let found = way.map(|(s, _)| s).or_else(|| map.area_at(lon, lat));
                if let Some(surface) = found {
                    surfaces[i] = surface;
                    sources[i] = SurfaceSource::Map;
                    matched += 1;
                }
            }
            if matched == 0 {
                warnings.push("the surface map does not cover the run".to_owned());
            }
            smooth(&track.dist_m, &mut surfaces, config.min_stretch_m);
            for (surface, source) in surfaces.iter().zip(sources.iter_mut()) {
                *source = if *surface == Surface::Unknown {
                    SurfaceSource::None
                } else {
                    SurfaceSource::Map
                };
            }
        }
    }
    if let Some(hint) = hint {
        surfaces.fill(hint);
        sources.fill(SurfaceSource::File);
    }
    let t0 = track.t_s.first().copied().unwrap_or(0.0);
    for i in 0..n {
        let (d, t) = (track.dist_m[i], track.t_s[i] - t0);
        let ranged = overrides.ranges.iter().rev().find(|r| {
            r.metres.is_some_and(|(a, b)| d >= a && d < b) || r.seconds.is_some_and(|(a, b)| t >= a && t < b)
        });
        if let Some(surface) = ranged.map(|r| r.surface).or(overrides.whole) {
            surfaces[i] = surface;
            sources[i] = SurfaceSource::Override;
        }
    }
    Assignment {
        surfaces,
        sources,
        warnings,
    }
}

/// The direction of travel at every sample, a unit vector east and north, over `half_m` metres of
/// track either side (`None` where the runner has not moved that far).
fn headings(track: &Track, half_m: f64) -> Vec<Option<[f64; 2]>> {
    let n = track.t_s.len();
    let local = Local::at(track.lat.first().copied().unwrap_or(0.0));
    let (mut lo, mut hi) = (0, 0);
    (0..n)
        .map(|i| {
            let d = track.dist_m[i];
            while track.dist_m[lo] < d - half_m {
                lo += 1;
            }
            hi = hi.max(i);
            while hi + 1 < n && track.dist_m[hi + 1] <= d + half_m {
                hi += 1;
            }
            let (east, north) = local.offset(track.lat[lo], track.lon[lo], track.lat[hi], track.lon[hi]);
            let length = (east * east + north * north).sqrt();
            (length >= half_m).then(|| [east / length, north / length])
        })
        .collect()
}

/// Replaces stretches shorter than `min_m` by the surface around them (the longer neighbour),
/// shortest first, until none is left. A heap and a linked list of stretches keep this
/// O(k log k) in the number of stretches.
fn smooth(dist: &[f64], surfaces: &mut [Surface], min_m: f64) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // Stretches: first sample, surface; a stretch ends where the next begins.
    let mut first: Vec<usize> = Vec::new();
    let mut kind: Vec<Surface> = Vec::new();
    for (i, s) in surfaces.iter().enumerate() {
        if kind.last() != Some(s) {
            first.push(i);
            kind.push(*s);
        }
    }
    let k = first.len();
    if k < 2 {
        return;
    }
    let n = surfaces.len();
    let mut prev: Vec<Option<usize>> = (0..k).map(|j| j.checked_sub(1)).collect();
    let mut next: Vec<Option<usize>> = (0..k).map(|j| (j + 1 < k).then_some(j + 1)).collect();
    let mut alive = vec![true; k];
    let mut version = vec![0_u32; k];
    let length = |j: usize, next: &[Option<usize>], first: &[usize]| {
        let end = next[j].map_or(n - 1, |m| first[m]);
        dist[end] - dist[first[j]]
    };
    let mut heap = BinaryHeap::new();
    for j in 0..k {
        let l = length(j, &next, &first);
        if l < min_m {
            heap.push(Reverse((l.max(0.0).to_bits(), j, 0_u32)));
        }
    }
    while let Some(Reverse((_, j, v))) = heap.pop() {
        if !alive[j] || version[j] != v || length(j, &next, &first) >= min_m {
            continue;
        }
        let take = match (prev[j], next[j]) {
            (Some(l), Some(r)) => {
                if length(l, &next, &first) >= length(r, &next, &first) {
                    l
                } else {
                    r
                }
            }
            (Some(l), None) => l,
            (None, Some(r)) => r,
            (None, None) => continue,
        };
        // Stretch j takes the neighbour's surface and joins it (and the stretch beyond, if that
        // has the same surface too).
        let surface = kind[take];
        let mut keep = j;
        kind[j] = surface;
        if let Some(l) = prev[j].filter(|&l| kind[l] == surface) {
            // Fold j into l.
            alive[j] = false;
            next[l] = next[j];
            if let Some(r) = next[j] {
                prev[r] = Some(l);
            }
            keep = l;
        }
        if let Some(r) = next[keep].filter(|&r| kind[r] == surface) {
            alive[r] = false;
            next[keep] = next[r];
            if let Some(rr) = next[r] {
                prev[rr] = Some(keep);
            }
        }
        version[keep] += 1;
        let l = length(keep, &next, &first);
        if l < min_m {
            heap.push(Reverse((l.max(0.0).to_bits(), keep, version[keep])));
        }
    }
    for j in (0..k).filter(|&j| alive[j]) {
        let end = next[j].map_or(n, |m| first[m]);
        surfaces[first[j]..end].fill(kind[j]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_stretches_take_the_surface_around_them() {
        let dist: Vec<f64> = (0..100).map(|i| f64::from(i) * 3.0).collect();
        let mut s = vec![Surface::Asphalt; 100];
        s[40..45].fill(Surface::Dirt); // 15 m: a wobble
        s[60..100].fill(Surface::Sand); // 120 m: real
        smooth(&dist, &mut s, 40.0);
        assert!(s[..60].iter().all(|x| *x == Surface::Asphalt));
        assert!(s[60..].iter().all(|x| *x == Surface::Sand));
    }

    #[test]
    fn surface_files_name_the_line() {
        let ranges = Overrides::parse_ranges("[[range]]\nfrom_m = 10\nto_m = 20\nsurface = \"sand\"\n").unwrap();
        assert_eq!(ranges[0].metres, Some((10.0, 20.0)));
        let error = Overrides::parse_ranges("[[range]]\nfrom_m = 10\nto_m = 20\nsurface = \"lava\"\n").unwrap_err();
        assert!(error.starts_with("line 4: unknown surface"), "{error}");
        assert!(Overrides::parse_ranges("[[range]]\nfrom_m = 30\nto_m = 20\nsurface = \"sand\"\n").is_err());
        assert!(
            Overrides::parse_ranges("[[range]]\nfrom_m = 10\nto_m = 20\nsurface = \"sand\"\ncolour = 1\n").is_err()
        );
    }
}
