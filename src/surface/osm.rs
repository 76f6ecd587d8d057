//! OpenStreetMap tags → our surface classes. The table (also in docs/surfaces.md):
//!
//! | tag | value | class |
//! |---|---|---|
//! | `surface` | asphalt, paved, concrete (any), paving_stones, sett, cobblestone, unhewn_cobblestone, bricks, chipseal, metal, wood | `asphalt` |
//! | `surface` | tartan, rubber | `track` |
//! | `surface` | grass, grass_paver, artificial_turf | `grass` |
//! | `surface` | dirt, earth, ground, mud, soil, compacted, unpaved | `dirt` |
//! | `surface` | gravel, fine_gravel, pebblestone, stones | `gravel` |
//! | `surface` | rock, woodchips, roots | `trail` |
//! | `surface` | sand | `sand` |
//! | `surface` | wet_sand, firm_sand | `firm_sand` |
//! | `surface` | snow, ice | `snow` |
//! | `surface` | our own class names (`track`, `trail`, `treadmill`, …) | that class |
//! | `tracktype` (no `surface`) | grade1 / grade2, grade3 / grade4 / grade5 | `asphalt` / `gravel` / `dirt` / `grass` |
//! | `highway` (no `surface`, no `tracktype`) | track, bridleway / path (with `sac_scale`: `trail`) / footway, pedestrian, cycleway, steps and every road | `dirt` / `trail` / `asphalt` |
//! | `leisure=track` (no `surface`) | | `track` |
//! | `natural` (areas) | beach, sand, dune | `sand` (a `surface` tag on the beach wins) |
//!
//! Anything else maps to `unknown`, and the map loader counts it in a warning.

use super::Surface;

/// The class of an OSM `surface=*` value (or of one of our own class names), `None` if unknown.
///
/// # Examples
/// ```
/// use gluteus::surface::{Surface, surface_from_osm_value};
/// assert_eq!(surface_from_osm_value("paving_stones"), Some(Surface::Asphalt));
/// assert_eq!(surface_from_osm_value("tartan"), Some(Surface::Track));
/// assert_eq!(surface_from_osm_value("moon_dust"), None);
/// ```
pub fn surface_from_osm_value(value: &str) -> Option<Surface> {
    let v = value.trim().to_ascii_lowercase();
    if let Some(ours) = Surface::from_name(&v).filter(|s| *s != Surface::Unknown) {
        return Some(ours);
    }
    let class = match v.split(';').next().unwrap_or("") {
        "asphalt" | "paved" | "concrete" | "concrete:plates" | "concrete:lanes" | "paving_stones" | "sett"
        | "cobblestone" | "unhewn_cobblestone" | "bricks" | "chipseal" | "metal" | "wood" => Surface::Asphalt,
        "tartan" | "rubber" => Surface::Track,
        "grass" | "grass_paver" | "artificial_turf" => Surface::Grass,
        "dirt" | "earth" | "ground" | "mud" | "soil" | "compacted" | "unpaved" => Surface::Dirt,
        "gravel" | "fine_gravel" | "pebblestone" | "stones" => Surface::Gravel,
        "rock" | "woodchips" | "roots" => Surface::Trail,
        "sand" => Surface::Sand,
        "wet_sand" => Surface::FirmSand,
        "snow" | "ice" => Surface::Snow,
        _ => return None,
    };
    Some(class)
}

/// What a feature's tags say about its surface. `Some(None)`: a way or area we match against whose
/// surface is unknown (a `surface` value not in the table); `None`: not a feature for runners.
pub fn from_osm_tags<'a>(tag: impl Fn(&str) -> Option<&'a str>) -> Option<Option<Surface>> {
    if let Some(value) = tag("surface") {
        return Some(surface_from_osm_value(value));
    }
    if matches!(tag("natural"), Some("beach" | "sand" | "dune")) {
        return Some(Some(Surface::Sand));
    }
    if tag("leisure") == Some("track") {
        return Some(Some(Surface::Track));
    }
    if let Some(grade) = tag("tracktype") {
        return Some(match grade {
            "grade1" => Some(Surface::Asphalt),
            "grade2" | "grade3" => Some(Surface::Gravel),
            "grade4" => Some(Surface::Dirt),
            "grade5" => Some(Surface::Grass),
            _ => None,
        });
    }
    let highway = tag("highway")?;
    Some(Some(match highway {
        "track" | "bridleway" => Surface::Dirt,
        "path" if tag("sac_scale").is_some() => Surface::Trail,
        "path" => Surface::Dirt,
        "proposed" | "construction" | "abandoned" | "platform" | "bus_stop" | "elevator" | "corridor" => return None,
        _ => Surface::Asphalt,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    #[test]
    fn the_table() {
        assert_eq!(
            from_osm_tags(tags(&[("highway", "residential")])),
            Some(Some(Surface::Asphalt))
        );
        assert_eq!(
            from_osm_tags(tags(&[("highway", "track"), ("tracktype", "grade2")])),
            Some(Some(Surface::Gravel))
        );
        assert_eq!(from_osm_tags(tags(&[("highway", "track")])), Some(Some(Surface::Dirt)));
        assert_eq!(
            from_osm_tags(tags(&[("highway", "path"), ("sac_scale", "hiking")])),
            Some(Some(Surface::Trail))
        );
        assert_eq!(
            from_osm_tags(tags(&[("highway", "footway")])),
            Some(Some(Surface::Asphalt))
        );
        assert_eq!(
            from_osm_tags(tags(&[("highway", "footway"), ("surface", "sand")])),
            Some(Some(Surface::Sand))
        );
        assert_eq!(from_osm_tags(tags(&[("natural", "beach")])), Some(Some(Surface::Sand)));
        assert_eq!(
            from_osm_tags(tags(&[("natural", "beach"), ("surface", "pebblestone")])),
            Some(Some(Surface::Gravel))
        );
        assert_eq!(from_osm_tags(tags(&[("leisure", "track")])), Some(Some(Surface::Track)));
        assert_eq!(
            from_osm_tags(tags(&[("highway", "path"), ("surface", "lava")])),
            Some(None)
        );
        assert_eq!(from_osm_tags(tags(&[("building", "yes")])), None);
        assert_eq!(surface_from_osm_value("firm_sand"), Some(Surface::FirmSand));
    }
}
