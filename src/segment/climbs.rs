//! Climbs: rises of the smoothed profile between turning points (with hysteresis), trimmed to
//! where the grade is a climb's, that gain enough at a steep enough average grade.

use super::SegmentConfig;
use crate::analysis::Climb;
use crate::clean::{Track, interpolate};

pub(super) fn climbs(track: &Track, config: &SegmentConfig) -> Vec<Climb> {
    let profile = &track.profile;
    if profile.len() < 2 {
        return Vec::new();
    }
    // Turning points: (index of the low, index of the high) of every rise.
    let mut rises = Vec::new();
    let (mut low, mut high) = (0, 0);
    let mut rising = false;
    for j in 1..profile.len() {
        let e = profile[j].ele_m;
        if rising {
            if e > profile[high].ele_m {
                high = j;
            } else if profile[high].ele_m - e >= config.climb_hysteresis_m {
                rises.push((low, high));
                rising = false;
                low = j;
            }
        } else if e < profile[low].ele_m {
            low = j;
        } else if e - profile[low].ele_m >= config.climb_hysteresis_m {
            rising = true;
            high = j;
        }
    }
    if rising {
        rises.push((low, high));
    }
    let times: Vec<f64> = track.t_s.iter().map(|t| t - track.t_s[0]).collect();
    rises
        .into_iter()
        .map(|(a, b)| {
            // A climb starts where the ground starts to climb, not at the lowest point of a long
            // gentle lead-in (a barometer's drift over a flat kilometre), and ends where it stops.
            let steep = |j: usize| profile[j].grade_pct >= config.climb_min_grade_pct;
            let a = (a..b).find(|&j| steep(j)).unwrap_or(a);
            let b = (a..=b).rev().find(|&j| steep(j)).unwrap_or(b);
            (a, b)
        })
        .filter_map(|(a, b)| {
            let (start, end) = (profile[a].dist_m, profile[b].dist_m);
            let gain = profile[b].ele_m - profile[a].ele_m;
            let length = end - start;
            let grade = if length > 0.0 { 100.0 * gain / length } else { 0.0 };
            (gain >= config.climb_min_gain_m && grade >= config.climb_min_grade_pct).then(|| Climb {
                start_m: start,
                end_m: end,
                length_m: length,
                gain_m: gain,
                avg_grade_pct: grade,
                max_grade_pct: profile[a..=b].iter().map(|p| p.grade_pct).fold(f64::MIN, f64::max),
                start_s: interpolate(&track.dist_m, &times, start),
                end_s: interpolate(&track.dist_m, &times, end),
            })
        })
        .collect()
}
