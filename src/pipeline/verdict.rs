//! Where the glute work came from: the run's `glute_by` breakdown and its one-line verdict.

use crate::analysis::{Gait, GluteBy, GluteShare, GradeClass, PaceClass, RunSegment, Segment};
use crate::vocab::count;

/// The glute load and stimulus of a run's segments by grade class, pace class and surface.
pub(crate) fn glute_by(segments: &[RunSegment]) -> GluteBy {
    let mut by = GluteBy::default();
    for s in segments {
        let share = GluteShare {
            minutes: s.segment.duration_s / 60.0,
            glute_load: s.estimate.glute_load,
            glute_stimulus: s.estimate.glute_stimulus,
        };
        for entry in [
            by.grade_class.entry(s.segment.grade_class).or_default(),
            by.pace_class.entry(s.segment.pace_class).or_default(),
            by.surface.entry(s.segment.surface).or_default(),
        ] {
            entry.minutes += share.minutes;
            entry.glute_load += share.glute_load;
            entry.glute_stimulus += share.glute_stimulus;
        }
    }
    by
}

/// A stretch off the climbs with at least this GEI is a hard effort (the reference, 10 km/h level,
/// is 1.0; 15 km/h is 1.84).
const HARD_GEI: f64 = 1.5;

/// One line: which kind of stretch gave most of the glute stimulus (climbs, hard efforts or steady
/// running), and what made most of the muscle damage (the descents, or the length).
pub(crate) fn verdict(segments: &[RunSegment], damage_index: f64) -> String {
    let stimulus: f64 = segments.iter().map(|s| s.estimate.glute_stimulus).sum();
    if stimulus <= 0.0 {
        return "no glute work: the run never moved".to_owned();
    }
    let climbing = |s: &RunSegment| {
        matches!(
            s.segment.grade_class,
            GradeClass::Up | GradeClass::SteepUp | GradeClass::VerySteepUp
        )
    };
    // Hard: well above the reference effort, or a pace class that says so.
    let hard = |s: &RunSegment| {
        !climbing(s)
            && (s.estimate.gei >= HARD_GEI || matches!(s.segment.pace_class, PaceClass::Hard | PaceClass::Sprint))
    };
    let group = |keep: &dyn Fn(&RunSegment) -> bool| {
        let kept: Vec<&RunSegment> = segments.iter().filter(|s| keep(s)).collect();
        let share = kept.iter().map(|s| s.estimate.glute_stimulus).sum::<f64>() / stimulus;
        let minutes = kept.iter().map(|s| s.segment.duration_s).sum::<f64>() / 60.0;
        (kept.len(), share, minutes)
    };
    let (climbs, climb_share, climb_minutes) = group(&climbing);
    let (efforts, effort_share, effort_minutes) = group(&hard);
    let work = if climbs > 0 && climb_share >= effort_share && climb_share >= 0.25 {
        format!(
            "{:.0} % of the glute stimulus came from {} ({:.0} min)",
            100.0 * climb_share,
            count(climbs, "climb"),
            climb_minutes
        )
    } else if efforts > 0 && effort_share >= 0.25 {
        format!(
            "{:.0} % of the glute stimulus came from {} ({:.0} min)",
            100.0 * effort_share,
            count(efforts, "hard effort"),
            effort_minutes
        )
    } else {
        let minutes: f64 = segments.iter().map(|s| s.segment.duration_s).sum::<f64>() / 60.0;
        format!("the glute stimulus came from steady running ({minutes:.0} min)")
    };
    // Damage: the descents' share of the damage-equivalent distance, else the length.
    let (mut flat_m, mut extra_m, mut descent_m) = (0.0, 0.0, 0.0);
    for s in segments {
        let d = s.segment.distance_m;
        let down = (-s.segment.grade_pct.unwrap_or(0.0) / 100.0).max(0.0);
        flat_m += d;
        extra_m += d * down / 0.10;
        if matches!(s.segment.grade_class, GradeClass::Down | GradeClass::SteepDown) {
            descent_m += d;
        }
    }
    let damage = if extra_m > 0.25 * (flat_m + extra_m) && descent_m > 0.0 {
        format!(
            "; {:.1} km of descent made {:.0} % of the muscle damage",
            descent_m / 1000.0,
            100.0 * extra_m / (flat_m + extra_m)
        )
    } else if damage_index >= 1.0 {
        format!("; its length ({:.1} km) is what damages muscle", flat_m / 1000.0)
    } else {
        String::new()
    };
    format!("{work}{damage}")
}

/// A run segment steeper than this, percent, over less than `SUSTAINED_M`, is suspect: runners
/// do not run up or down 30 % for a few metres (a GPS elevation jump does).
const SUSPECT_GRADE_PCT: f64 = 30.0;
/// ... m.
const SUSTAINED_M: f64 = 100.0;

/// Warnings about grades: running segments steeper than about 30 % that are not sustained
/// (suspect), and stretches beyond the models' ±45 % (capped by the glute model; energy extends
/// Minetti's curve linearly).
pub(crate) fn grade_warnings(segments: &[Segment], steep_chunks: usize) -> Vec<String> {
    let mut out = Vec::new();
    let suspect: Vec<String> = segments
        .iter()
        .filter(|s| s.gait == Gait::Run && s.distance_m < SUSTAINED_M)
        .filter_map(|s| {
            s.grade_pct
                .filter(|g| g.abs() > SUSPECT_GRADE_PCT)
                .map(|g| format!("#{} {g:+.0} % over {:.0} m", s.index, s.distance_m))
        })
        .collect();
    if !suspect.is_empty() {
        out.push(format!(
            "suspect grades (steeper than {SUSPECT_GRADE_PCT:.0} % but not sustained, run not walked): {}",
            suspect.join(", ")
        ));
    }
    if steep_chunks > 0 {
        out.push(format!(
            "{steep_chunks} stretch{} steeper than ±45 %, the models' range: GEI is capped there and energy \
             extends Minetti's curve",
            if steep_chunks == 1 { "" } else { "es" }
        ));
    }
    out
}
