//! Sports, as files name them.

use serde::{Deserialize, Serialize};

/// The sport of a session, as the file names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Sport {
    /// Running of any kind (road, trail, track, treadmill).
    Running,
    /// Walking.
    Walking,
    /// Hiking.
    Hiking,
    /// Cycling.
    Cycling,
    /// Swimming.
    Swimming,
    /// A multisport transition.
    Transition,
    /// A sport the file leaves generic.
    Generic,
    /// Anything else, by the file's own name for it.
    Other(String),
}

impl Sport {
    /// The lowercase name used in JSON (FIT profile spelling).
    pub fn name(&self) -> &str {
        match self {
            Sport::Running => "running",
            Sport::Walking => "walking",
            Sport::Hiking => "hiking",
            Sport::Cycling => "cycling",
            Sport::Swimming => "swimming",
            Sport::Transition => "transition",
            Sport::Generic => "generic",
            Sport::Other(name) => name,
        }
    }

    /// Sports on foot, whose cadence devices write in strides per minute.
    pub fn is_on_foot(&self) -> bool {
        matches!(self, Sport::Running | Sport::Walking | Sport::Hiking)
    }

    /// Whether a file's cadence for this sport is in strides per minute: on foot, and also when the
    /// file leaves the sport generic (FIT, TCX and Garmin's GPX extension write strides for running
    /// and walking whatever the sport tag says or omits; gluteus analyses runs). Cycling cadence is
    /// revolutions per minute.
    ///
    /// # Examples
    /// ```
    /// use gluteus::Sport;
    /// assert!(Sport::Generic.counts_strides());
    /// assert!(!Sport::Cycling.counts_strides());
    /// ```
    pub fn counts_strides(&self) -> bool {
        self.is_on_foot() || *self == Sport::Generic
    }

    /// Maps a sport name as GPX `<type>`, TCX `Sport` or the FIT profile spell it. Strava's numeric
    /// GPX types are understood too (`9` run, `10` walk, `4` hike, `1` ride).
    ///
    /// # Examples
    /// ```
    /// use gluteus::Sport;
    /// assert_eq!(Sport::from_name("Run"), Sport::Running);
    /// assert_eq!(Sport::from_name("9"), Sport::Running);
    /// assert_eq!(Sport::from_name("Biking"), Sport::Cycling);
    /// assert_eq!(Sport::from_name("kayaking"), Sport::Other("kayaking".into()));
    /// ```
    pub fn from_name(name: &str) -> Sport {
        let lower = name.trim().to_ascii_lowercase();
        match lower.as_str() {
            "running" | "run" | "trail_running" | "trailrun" | "trail run" | "trail running" | "virtualrun"
            | "virtual_run" | "treadmill_running" | "street_running" | "track_running" | "9" => Sport::Running,
            "walking" | "walk" | "10" => Sport::Walking,
            "hiking" | "hike" | "4" => Sport::Hiking,
            "cycling" | "biking" | "ride" | "bike" | "road_biking" | "mountain_biking" | "virtualride" | "1" => {
                Sport::Cycling
            }
            "swimming" | "swim" | "open_water_swimming" | "lap_swimming" => Sport::Swimming,
            "transition" => Sport::Transition,
            "generic" | "" => Sport::Generic,
            _ => Sport::Other(lower),
        }
    }
}

impl From<Sport> for String {
    fn from(sport: Sport) -> String {
        sport.name().to_owned()
    }
}

impl From<String> for Sport {
    fn from(name: String) -> Sport {
        Sport::from_name(&name)
    }
}

impl std::fmt::Display for Sport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
