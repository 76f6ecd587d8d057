//! `Recording`: what one file holds, as read, in SI units and UTC, before any cleaning. Samples are
//! columns (a struct of `Vec`s), kept in file order; every channel but time is optional.

use serde::Serialize;

pub use crate::vocab::{Format, Sport};

/// What the sample times count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// `t_s` is seconds since the Unix epoch, UTC.
    Utc,
    /// `t_s` is seconds since the device was switched on (a FIT date below 0x10000000): there is no
    /// date, so `start_time` is unknown.
    DeviceRelative,
}

/// One session (one sport) of a recording, with the totals the device computed, where it did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Session {
    /// The sport.
    pub sport: Sport,
    /// The FIT sub-sport (`treadmill`, `trail`, `track`, …), if any.
    pub sub_sport: Option<String>,
    /// Start, on the recording's clock (seconds).
    pub start_s: Option<f64>,
    /// Elapsed time the device recorded, seconds.
    pub elapsed_s: Option<f64>,
    /// Timer time the device recorded, seconds.
    pub timer_s: Option<f64>,
    /// Distance the device recorded, metres.
    pub distance_m: Option<f64>,
    /// Ascent the device recorded, metres.
    pub ascent_m: Option<f64>,
    /// Descent the device recorded, metres.
    pub descent_m: Option<f64>,
}

/// One lap as the device recorded it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lap {
    /// Start, on the recording's clock (seconds).
    pub start_s: Option<f64>,
    /// Elapsed time, seconds.
    pub elapsed_s: Option<f64>,
    /// Timer time, seconds.
    pub timer_s: Option<f64>,
    /// Distance, metres.
    pub distance_m: Option<f64>,
}

/// What a timer event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The timer started or resumed.
    TimerStart,
    /// The timer stopped or paused (including auto-pause, and a GPX segment break).
    TimerStop,
}

/// A timer event.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Event {
    /// When, on the recording's clock (seconds).
    pub t_s: f64,
    /// What happened.
    pub kind: EventKind,
}

/// The optional sample channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Latitude and longitude.
    Position,
    /// Elevation.
    Elevation,
    /// The device's distance.
    Distance,
    /// The device's speed.
    Speed,
    /// Heart rate.
    HeartRate,
    /// Cadence.
    Cadence,
    /// Power.
    Power,
    /// Temperature.
    Temperature,
}

impl Channel {
    /// Every channel, in JSON order.
    pub const ALL: [Channel; 8] = [
        Channel::Position,
        Channel::Elevation,
        Channel::Distance,
        Channel::Speed,
        Channel::HeartRate,
        Channel::Cadence,
        Channel::Power,
        Channel::Temperature,
    ];

    /// The name used in JSON `channels`.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Position => "position",
            Channel::Elevation => "elevation",
            Channel::Distance => "distance",
            Channel::Speed => "speed",
            Channel::HeartRate => "hr",
            Channel::Cadence => "cadence",
            Channel::Power => "power",
            Channel::Temperature => "temperature",
        }
    }
}

/// The samples of a recording as columns.
///
/// `t_s` always has one value per sample. Every other column is either empty (the file has no such
/// channel) or as long as `t_s`, with `NaN` where a sample lacks the value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// Time, seconds on the recording's clock.
    pub t_s: Vec<f64>,
    /// Latitude, degrees.
    pub lat: Vec<f64>,
    /// Longitude, degrees.
    pub lon: Vec<f64>,
    /// Elevation, metres.
    pub ele_m: Vec<f64>,
    /// The device's distance, metres.
    pub dist_m: Vec<f64>,
    /// The device's speed, metres per second.
    pub speed_mps: Vec<f64>,
    /// Heart rate, beats per minute.
    pub hr_bpm: Vec<f64>,
    /// Cadence, steps per minute on foot (revolutions per minute on a bike).
    pub cadence_spm: Vec<f64>,
    /// Power, watts.
    pub power_w: Vec<f64>,
    /// Temperature, degrees Celsius.
    pub temp_c: Vec<f64>,
}

impl Samples {
    /// How many samples.
    pub fn len(&self) -> usize {
        self.t_s.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.t_s.is_empty()
    }

    /// The column of a channel (latitude for `Position`).
    pub fn column(&self, channel: Channel) -> &[f64] {
        match channel {
            Channel::Position => &self.lat,
            Channel::Elevation => &self.ele_m,
            Channel::Distance => &self.dist_m,
            Channel::Speed => &self.speed_mps,
            Channel::HeartRate => &self.hr_bpm,
            Channel::Cadence => &self.cadence_spm,
            Channel::Power => &self.power_w,
            Channel::Temperature => &self.temp_c,
        }
    }

    /// How many samples carry a value of `channel`.
    ///
    /// # Examples
    /// ```
    /// use gluteus::ingest::{Channel, Samples};
    /// let samples = Samples { t_s: vec![0.0, 1.0], hr_bpm: vec![f64::NAN, 120.0], ..Samples::default() };
    /// assert_eq!(samples.count(Channel::HeartRate), 1);
    /// assert_eq!(samples.count(Channel::Power), 0);
    /// ```
    pub fn count(&self, channel: Channel) -> usize {
        self.column(channel).iter().filter(|v| !v.is_nan()).count()
    }

    /// Bytes held by the columns' values (not their spare capacity).
    pub fn column_bytes(&self) -> usize {
        self.columns().iter().map(|c| std::mem::size_of_val(c.as_slice())).sum()
    }

    fn columns(&self) -> [&Vec<f64>; 10] {
        [
            &self.t_s,
            &self.lat,
            &self.lon,
            &self.ele_m,
            &self.dist_m,
            &self.speed_mps,
            &self.hr_bpm,
            &self.cadence_spm,
            &self.power_w,
            &self.temp_c,
        ]
    }

    pub(crate) fn columns_mut(&mut self) -> [&mut Vec<f64>; 10] {
        [
            &mut self.t_s,
            &mut self.lat,
            &mut self.lon,
            &mut self.ele_m,
            &mut self.dist_m,
            &mut self.speed_mps,
            &mut self.hr_bpm,
            &mut self.cadence_spm,
            &mut self.power_w,
            &mut self.temp_c,
        ]
    }

    /// Pads every present optional column with `NaN` to the length of `t_s`, and gives back spare
    /// capacity beyond an eighth (a reader may reserve from an estimate of the sample count).
    pub(crate) fn finish(&mut self) {
        let n = self.t_s.len();
        for column in self.columns_mut() {
            if !column.is_empty() {
                column.resize(n, f64::NAN);
            }
        }
        for column in self.columns_mut() {
            if column.capacity() > n + n / 8 {
                column.shrink_to_fit();
            }
        }
    }
}

/// Appends `value` to an optional column that should hold `index` values before it, creating the
/// column (padded with `NaN`, with room for `capacity` values) on its first real value. Absent
/// channels never allocate.
#[inline]
pub(crate) fn push_optional(column: &mut Vec<f64>, index: usize, capacity: usize, value: f64) {
    if value.is_nan() {
        if !column.is_empty() {
            column.push(f64::NAN);
        }
        return;
    }
    if column.is_empty() {
        column.reserve_exact(capacity.max(index + 1));
    }
    if column.len() < index {
        column.resize(index, f64::NAN);
    }
    column.push(value);
}

/// Status of a FIT file's two checksums.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CrcStatus {
    /// The header CRC.
    pub header: HeaderCrc,
    /// The CRC over header and data at the end of the file.
    pub file: FileCrc,
}

/// The header CRC of a FIT file (the worst over chained files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderCrc {
    /// Present and right.
    Ok,
    /// A 14-byte header whose CRC field is 0: the writer did not compute it.
    NotComputed,
    /// A 12-byte header, which has no CRC.
    Absent,
    /// Present and wrong.
    Bad,
}

impl HeaderCrc {
    /// The lowercase name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            HeaderCrc::Ok => "ok",
            HeaderCrc::NotComputed => "not_computed",
            HeaderCrc::Absent => "absent",
            HeaderCrc::Bad => "bad",
        }
    }
}

/// The file CRC of a FIT file (the worst over chained files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileCrc {
    /// Present and right.
    Ok,
    /// Present and wrong.
    Bad,
    /// The file ends before its CRC.
    Missing,
}

impl FileCrc {
    /// The lowercase name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            FileCrc::Ok => "ok",
            FileCrc::Bad => "bad",
            FileCrc::Missing => "missing",
        }
    }
}

/// What kind of altimeter wrote a recording's elevation, as far as `ingest` can tell from the
/// file and its device. `clean` uses it, with how rough the profile is, to decide how to smooth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Altimeter {
    /// The device records GPS elevation: a phone or a phone app.
    Gps,
    /// A sport device that records elevation itself (a FIT watch or bike computer): barometric
    /// unless its profile is too rough for one, which is worth a warning.
    Device,
    /// Not known (an export that does not name a device it can be told from).
    Unknown,
}

/// Devices and apps whose elevation is GPS, whatever the format (matched in the lowercase device
/// name).
const GPS_DEVICES: [&str; 6] = ["phone", "android", "iphone", "strava", "runkeeper", "komoot"];

impl Altimeter {
    /// The altimeter of a device by its name; `native` when the file is the device's own format.
    ///
    /// # Examples
    /// ```
    /// use gluteus::ingest::Altimeter;
    /// assert_eq!(Altimeter::of_device(Some("Strava Android App"), false), Altimeter::Gps);
    /// assert_eq!(Altimeter::of_device(Some("garmin fenix5"), true), Altimeter::Device);
    /// assert_eq!(Altimeter::of_device(None, false), Altimeter::Unknown);
    /// ```
    pub fn of_device(device: Option<&str>, native: bool) -> Self {
        let name = device.unwrap_or("").to_ascii_lowercase();
        if GPS_DEVICES.iter().any(|d| name.contains(d)) {
            Altimeter::Gps
        } else if native {
            Altimeter::Device
        } else {
            Altimeter::Unknown
        }
    }
}

/// What a recording's timer events are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerEvents {
    /// The device's own timer start and stop events (FIT): pauses are exactly these.
    Device,
    /// Breaks between tracks or segments of an export (GPX, TCX): they may be pauses, and gaps
    /// in the samples may be others.
    TrackBreaks,
}

/// Everything gluteus read from one file: the input of `clean`.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    /// The file format.
    pub format: Format,
    /// Whether the file was gzip-compressed.
    pub compressed: bool,
    /// The recording device or exporting program (`garmin fenix5`, `Garmin Connect`), if named.
    pub device: Option<String>,
    /// What `t_s` counts from.
    pub clock: Clock,
    /// Local time minus UTC, seconds, when the file says.
    pub utc_offset_s: Option<f64>,
    /// The file's own sport (FIT `sport` message, GPX `<type>`, TCX `Sport`) when it has one.
    pub sport: Option<Sport>,
    /// Sessions with the device's totals (FIT); one per activity or group of tracks otherwise.
    pub sessions: Vec<Session>,
    /// Laps with the device's totals.
    pub laps: Vec<Lap>,
    /// Timer events, in file order.
    pub events: Vec<Event>,
    /// What the timer events are.
    pub timer_events: TimerEvents,
    /// What kind of altimeter the elevation came from.
    pub altimeter: Altimeter,
    /// The runner's body mass the file states (a FIT `user_profile`), kg.
    pub body_mass_kg: Option<f64>,
    /// The samples, in file order.
    pub samples: Samples,
    /// FIT checksum status; `None` for XML formats.
    pub crc: Option<CrcStatus>,
    /// What was odd about the file and how it was handled, one lowercase sentence each.
    pub warnings: Vec<String>,
}

impl Recording {
    /// Start of the recording in Unix seconds: the first sample's time on a UTC clock.
    pub fn start_time_s(&self) -> Option<f64> {
        match self.clock {
            Clock::Utc => self.samples.t_s.iter().copied().find(|t| t.is_finite()),
            Clock::DeviceRelative => None,
        }
    }

    /// Time from the first to the last sample, seconds.
    pub fn elapsed_s(&self) -> Option<f64> {
        let first = self.samples.t_s.first()?;
        let last = self.samples.t_s.last()?;
        Some(last - first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_column_is_created_on_first_value_and_padded() {
        let mut column = Vec::new();
        push_optional(&mut column, 0, 0, f64::NAN);
        push_optional(&mut column, 1, 0, f64::NAN);
        assert!(column.is_empty());
        push_optional(&mut column, 2, 0, 5.0);
        push_optional(&mut column, 3, 0, f64::NAN);
        assert_eq!(column.len(), 4);
        assert!(column[0].is_nan() && column[1].is_nan() && column[3].is_nan());
        assert!((column[2] - 5.0).abs() < f64::EPSILON);
    }

    #[test]
    fn finish_pads_columns_to_the_sample_count() {
        let mut samples = Samples {
            t_s: vec![0.0, 1.0, 2.0],
            hr_bpm: vec![100.0],
            ..Samples::default()
        };
        samples.finish();
        assert_eq!(samples.hr_bpm.len(), 3);
        assert!(samples.power_w.is_empty());
        assert_eq!(samples.count(Channel::HeartRate), 1);
    }
}
