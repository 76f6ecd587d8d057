//! A run along its distance, downsampled for charts: one column per quantity, one row per kept
//! sample, every column the same length.

use crate::vocab::Surface;
use serde::{Deserialize, Serialize};

/// The most rows a series has, whatever the run's length.
pub const MAX_SERIES_POINTS: usize = 2000;
/// The fewest rows a series has, unless the run has fewer samples (then it keeps every one).
pub const MIN_SERIES_POINTS: usize = 100;

/// A downsampled run. The samples kept are the run's first and last, every segment boundary and
/// timer pause edge, and in each stretch between them the extremes of elevation, speed and heart
/// rate, so that a chart of the series looks like a chart of every sample. Values are rounded to
/// what a chart can show (0.1 m, 0.01 %, 1 mm/s, 1e-6 degrees). `null` where a channel has no
/// value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Metres along the run (timer-running distance).
    pub distance_m: Vec<f64>,
    /// Seconds from the run's first sample.
    pub elapsed_s: Vec<f64>,
    /// Whether the timer runs from this sample to the next.
    pub timer_running: Vec<bool>,
    /// Smoothed elevation, m (`null` without elevation).
    pub elevation_m: Vec<Option<f64>>,
    /// Grade, percent.
    pub grade_pct: Vec<f64>,
    /// Smoothed speed, m/s.
    pub speed_mps: Vec<f64>,
    /// Grade-adjusted speed, m/s: the level speed of the same effort under the run's GAP model
    /// (`null` standing still).
    pub gap_speed_mps: Vec<Option<f64>>,
    /// Heart rate, bpm.
    pub hr_bpm: Vec<Option<f64>>,
    /// Cadence, steps per minute.
    pub cadence_spm: Vec<Option<f64>>,
    /// Glute Engagement Index of the stretch the sample is in.
    pub gei: Vec<f64>,
    /// Surface.
    pub surface: Vec<Surface>,
    /// Latitude, degrees (`null` without positions).
    pub lat: Vec<Option<f64>>,
    /// Longitude, degrees.
    pub lon: Vec<Option<f64>>,
}

impl Series {
    /// An empty series with room for `rows` rows in every column.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            distance_m: Vec::with_capacity(rows),
            elapsed_s: Vec::with_capacity(rows),
            timer_running: Vec::with_capacity(rows),
            elevation_m: Vec::with_capacity(rows),
            grade_pct: Vec::with_capacity(rows),
            speed_mps: Vec::with_capacity(rows),
            gap_speed_mps: Vec::with_capacity(rows),
            hr_bpm: Vec::with_capacity(rows),
            cadence_spm: Vec::with_capacity(rows),
            gei: Vec::with_capacity(rows),
            surface: Vec::with_capacity(rows),
            lat: Vec::with_capacity(rows),
            lon: Vec::with_capacity(rows),
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.distance_m.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.distance_m.is_empty()
    }
}
