//! Units of the readable outputs. JSON is always SI; text, CSV and splits follow [`Units`].

use serde::{Deserialize, Serialize};

/// Metres in a statute mile.
pub const M_PER_MILE: f64 = 1609.344;
/// Metres in a foot.
pub const M_PER_FOOT: f64 = 0.3048;

/// Units for the readable outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilometres and metres.
    #[default]
    Metric,
    /// Miles and feet.
    Imperial,
}

impl Units {
    /// Metres in one distance unit (a km or a mile): the length of a split.
    ///
    /// # Examples
    /// ```
    /// assert_eq!(gluteus::Units::Imperial.split_m(), 1609.344);
    /// ```
    pub fn split_m(self) -> f64 {
        match self {
            Units::Metric => 1000.0,
            Units::Imperial => M_PER_MILE,
        }
    }

    /// Metres in one height unit (a metre or a foot).
    pub fn height_m(self) -> f64 {
        match self {
            Units::Metric => 1.0,
            Units::Imperial => M_PER_FOOT,
        }
    }

    /// The distance unit's short name (`km`, `mi`).
    pub fn distance_name(self) -> &'static str {
        match self {
            Units::Metric => "km",
            Units::Imperial => "mi",
        }
    }

    /// The height unit's short name (`m`, `ft`).
    pub fn height_name(self) -> &'static str {
        match self {
            Units::Metric => "m",
            Units::Imperial => "ft",
        }
    }
}
