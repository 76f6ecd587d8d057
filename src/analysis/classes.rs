//! The classes of a segment: grade and pace.

use serde::{Deserialize, Serialize};

/// Grade classes, by percent: `steep_down` < -8 ≤ `down` < -3 ≤ `flat` < 3 ≤ `up` < 8 ≤
/// `steep_up` < 15 ≤ `very_steep_up`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeClass {
    /// Below -8 %.
    SteepDown,
    /// -8 to -3 %.
    Down,
    /// -3 to 3 %.
    Flat,
    /// 3 to 8 %.
    Up,
    /// 8 to 15 %.
    SteepUp,
    /// Above 15 %.
    VerySteepUp,
}

/// The edges between grade classes, percent.
pub const GRADE_EDGES_PCT: [f64; 5] = [-8.0, -3.0, 3.0, 8.0, 15.0];

impl GradeClass {
    /// Every class, from steepest down to steepest up.
    pub const ALL: [Self; 6] = [
        Self::SteepDown,
        Self::Down,
        Self::Flat,
        Self::Up,
        Self::SteepUp,
        Self::VerySteepUp,
    ];

    /// The class of a grade, percent.
    ///
    /// # Examples
    /// ```
    /// use gluteus::analysis::GradeClass;
    /// assert_eq!(GradeClass::of(10.0), GradeClass::SteepUp);
    /// assert_eq!(GradeClass::of(-3.0), GradeClass::Flat);
    /// assert_eq!(GradeClass::of(-3.01), GradeClass::Down);
    /// ```
    pub fn of(grade_pct: f64) -> Self {
        let k = GRADE_EDGES_PCT.iter().filter(|&&e| grade_pct >= e).count();
        Self::ALL[k]
    }

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Self::SteepDown => "steep_down",
            Self::Down => "down",
            Self::Flat => "flat",
            Self::Up => "up",
            Self::SteepUp => "steep_up",
            Self::VerySteepUp => "very_steep_up",
        }
    }
}

/// Pace classes. `walk` is the walking gait (docs/architecture.md). The running classes are relative
/// to the athlete's threshold speed when the profile gives a threshold pace (edges
/// [`THRESHOLD_RATIO_EDGES`]), else to the run's median moving speed ([`PACE_RATIO_EDGES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceClass {
    /// Standing still, timer running.
    Stopped,
    /// Walking gait.
    Walk,
    /// Running below 90 % of the run's median speed (80 % of threshold speed).
    Easy,
    /// 90 to 110 % (80 to 95 % of threshold).
    Steady,
    /// 110 to 130 % (95 to 110 % of threshold).
    Hard,
    /// Above 130 % (110 % of threshold).
    Sprint,
}

/// Speed ratio edges between `easy`, `steady`, `hard` and `sprint`, relative to the run's median
/// moving speed.
pub const PACE_RATIO_EDGES: [f64; 3] = [0.90, 1.10, 1.30];
/// The same edges relative to the athlete's threshold speed (the pace held for about an hour):
/// below 80 % is easy, above 110 % is faster than any sustained effort.
pub const THRESHOLD_RATIO_EDGES: [f64; 3] = [0.80, 0.95, 1.10];

impl PaceClass {
    /// The running class of a speed ratio (speed / median moving speed).
    pub fn of_ratio(ratio: f64) -> Self {
        Self::of_ratio_with(ratio, &PACE_RATIO_EDGES)
    }

    /// The running class of a speed ratio with given edges.
    pub fn of_ratio_with(ratio: f64, edges: &[f64; 3]) -> Self {
        match edges.iter().filter(|&&e| ratio >= e).count() {
            0 => Self::Easy,
            1 => Self::Steady,
            2 => Self::Hard,
            _ => Self::Sprint,
        }
    }

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stopped => "stopped",
            Self::Walk => "walk",
            Self::Easy => "easy",
            Self::Steady => "steady",
            Self::Hard => "hard",
            Self::Sprint => "sprint",
        }
    }
}

/// How the body moves: the gait of a segment (and of a chunk the models see). Power hiking and
/// stairs are `walk`; `stopped` is standing still with the timer running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gait {
    /// Running.
    Run,
    /// Walking, power hiking, climbing stairs.
    Walk,
    /// Standing still.
    Stopped,
}

impl Gait {
    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Run => "run",
            Self::Walk => "walk",
            Self::Stopped => "stopped",
        }
    }
}
