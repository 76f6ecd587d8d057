//! Numbers as the reports write them: distances, heights, paces, grades and clock times in the
//! units asked for.

use crate::vocab::Units;

/// A distance in the report's unit, two decimals.
pub(crate) fn distance(units: Units, metres: f64) -> String {
    format!("{:.2} {}", metres / units.split_m(), units.distance_name())
}

/// A height in the report's unit, whole.
pub(crate) fn height(units: Units, metres: f64) -> String {
    format!("{:.0} {}", metres / units.height_m(), units.height_name())
}

/// A pace per km or per mile, `-` when unknown.
pub(crate) fn pace(units: Units, s_per_km: Option<f64>) -> String {
    let Some(p) = s_per_km.filter(|p| p.is_finite()) else {
        return "-".to_owned();
    };
    format!("{}/{}", clock(p * units.split_m() / 1000.0), units.distance_name())
}

/// A grade with its sign, one decimal; a grade that rounds to zero is `0.0%`, never `-0.0%`.
pub(crate) fn grade(pct: f64) -> String {
    let rounded = (pct * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0.0%".to_owned()
    } else {
        format!("{rounded:+.1}%")
    }
}

/// `h:mm:ss` or `m:ss`.
pub(crate) fn clock(seconds: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let s = seconds.round().max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
