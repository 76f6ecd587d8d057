//! FIT: our own fast decoder (`decode.rs`, the path every analysis takes) and fitparser's full-profile
//! decoder (`messages.rs`, for `inspect --messages` and as the reference in tests).

mod crc;
mod decode;
mod messages;
pub(crate) mod profile;

pub use crc::crc16;
pub use messages::{Message, MessageDump, MessageField, messages};

use super::ReadError;
use super::recording::{
    Altimeter, Clock, CrcStatus, Event, EventKind, FileCrc, Format, HeaderCrc, Lap, Recording, Session, Sport,
    TimerEvents,
};
use crate::time::FIT_EPOCH_S;
use decode::Decoded;
use fitparser::profile::field_types as full;

pub(crate) use decode::looks_like_fit;

/// FIT dates below this are seconds since the device was switched on, not since the FIT epoch.
const DEVICE_RELATIVE_LIMIT: f64 = 268_435_456.0;
/// A running file whose median cadence is above this already writes steps (not strides) per minute.
const STEPS_PER_MINUTE_THRESHOLD: f64 = 120.0;

/// Reads FIT bytes into a `Recording`.
///
/// # Errors
/// [`ReadError::NoFitData`] when nothing readable remains, [`ReadError::NoRecords`] when the file has
/// no `record` messages (a settings or course file).
/// The file type of a FIT file from its first message (`file_id.type`: 4 is an activity; 15
/// monitoring, 2 settings, ...), read from the header alone, without decoding the file; `None`
/// when the bytes are no FIT file or do not start with a `file_id`.
///
/// # Examples
/// ```
/// let bytes = std::fs::read("samples/hill-repeats.fit")?;
/// assert_eq!(gluteus::ingest::fit::file_type(&bytes), Some(4));
/// assert_eq!(gluteus::ingest::fit::file_type(b"<gpx/>"), None);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn file_type(bytes: &[u8]) -> Option<u8> {
    let header = usize::from(*bytes.first()?);
    if bytes.get(8..12)? != b".FIT" || header < 12 {
        return None;
    }
    let mut pos = header;
    let h = *bytes.get(pos)?;
    if h & 0xC0 != 0x40 {
        return None;
    }
    let local = h & 0x0F;
    let big_endian = *bytes.get(pos + 2)? == 1;
    let global = bytes.get(pos + 3..pos + 5)?;
    let global = if big_endian {
        u16::from_be_bytes([global[0], global[1]])
    } else {
        u16::from_le_bytes([global[0], global[1]])
    };
    let fields = usize::from(*bytes.get(pos + 5)?);
    let defs = bytes.get(pos + 6..pos + 6 + 3 * fields)?;
    pos += 6 + 3 * fields;
    if h & 0x20 != 0 {
        let dev = usize::from(*bytes.get(pos)?);
        pos += 1 + 3 * dev;
    }
    if global != 0 || *bytes.get(pos)? & 0xCF != local {
        return None;
    }
    pos += 1;
    for def in defs.chunks(3) {
        let size = usize::from(def[1]);
        if def[0] == 0 && size == 1 {
            return bytes.get(pos).copied();
        }
        pos += size;
    }
    None
}

pub(crate) fn read(bytes: &[u8]) -> Result<Recording, ReadError> {
    let decoded = decode::decode(bytes);
    if decoded.messages == 0 {
        let why = decoded
            .warnings
            .first()
            .cloned()
            .unwrap_or_else(|| "no messages".to_owned());
        return Err(ReadError::NoFitData { why });
    }
    if decoded.records == 0 {
        let kind = decoded
            .file_type
            .map_or_else(|| "fit".to_owned(), |t| full::File::from(t).to_string());
        return Err(ReadError::NoRecords {
            kind: kind.replace("unknown_variant_", "type "),
        });
    }
    Ok(recording(decoded))
}

fn sport_of(number: u8) -> Sport {
    Sport::from_name(&full::Sport::from(number).to_string())
}

fn sub_sport_name(number: u8) -> String {
    full::SubSport::from(number)
        .to_string()
        .replace("unknown_variant_", "sub_sport_")
}

fn device_name(decoded: &Decoded) -> Option<String> {
    let manufacturer = full::Manufacturer::from(decoded.manufacturer?);
    let is_garmin = matches!(
        manufacturer,
        full::Manufacturer::Garmin | full::Manufacturer::Dynastream
    );
    let manufacturer = manufacturer.to_string().replace("unknown_variant_", "manufacturer ");
    let product = match (&decoded.product_name, decoded.product) {
        (Some(name), _) => Some(name.clone()),
        (None, Some(p)) if is_garmin => Some(full::GarminProduct::from(p).to_string().replace("unknown_variant_", "")),
        (None, Some(p)) => Some(p.to_string()),
        (None, None) => None,
    };
    Some(match product {
        Some(product) => format!("{manufacturer} {product}"),
        None => manufacturer,
    })
}

fn recording(mut decoded: Decoded) -> Recording {
    let first = decoded.samples.t_s.first().copied().unwrap_or(0.0);
    let clock = if first < DEVICE_RELATIVE_LIMIT {
        Clock::DeviceRelative
    } else {
        Clock::Utc
    };
    #[allow(clippy::cast_precision_loss)]
    let shift = match clock {
        Clock::Utc => FIT_EPOCH_S as f64,
        Clock::DeviceRelative => 0.0,
    };
    let mut warnings = std::mem::take(&mut decoded.warnings);
    if decoded.sessions.is_empty() {
        warnings.push("no session message: the device's own totals are unknown".to_owned());
    }
    if clock == Clock::DeviceRelative {
        warnings.push("timestamps are relative to the device's power-on, not dates: start time unknown".to_owned());
    }
    for t in &mut decoded.samples.t_s {
        *t += shift;
    }
    let convert = |t: Option<f64>| t.map(|t| t + shift);
    let sessions: Vec<Session> = decoded
        .sessions
        .iter()
        .map(|s| Session {
            sport: s.sport.map_or(Sport::Generic, sport_of),
            sub_sport: s.sub_sport.map(sub_sport_name),
            start_s: convert(s.start),
            elapsed_s: s.elapsed_s,
            timer_s: s.timer_s,
            distance_m: s.distance_m,
            ascent_m: s.ascent_m,
            descent_m: s.descent_m,
        })
        .collect();
    let laps = decoded
        .laps
        .iter()
        .map(|l| Lap {
            start_s: convert(l.start),
            elapsed_s: l.elapsed_s,
            timer_s: l.timer_s,
            distance_m: l.distance_m,
        })
        .collect();
    let events = decoded
        .timer_events
        .iter()
        .map(|&(t, started)| Event {
            t_s: t + shift,
            kind: if started {
                EventKind::TimerStart
            } else {
                EventKind::TimerStop
            },
        })
        .collect();
    let sport = decoded
        .sport
        .map(|(s, _)| sport_of(s))
        .or_else(|| match sessions.as_slice() {
            [only] => Some(only.sport.clone()),
            _ => None,
        });
    let device = device_name(&decoded);
    let mut recording = Recording {
        format: Format::Fit,
        compressed: false,
        altimeter: Altimeter::of_device(device.as_deref(), true),
        timer_events: TimerEvents::Device,
        body_mass_kg: decoded.body_mass_kg.filter(|m| m.is_finite() && *m > 0.0),
        device,
        clock,
        utc_offset_s: decoded.utc_offset_s,
        sport,
        sessions,
        laps,
        events,
        samples: std::mem::take(&mut decoded.samples),
        crc: Some(CrcStatus {
            header: decoded.header_crc.unwrap_or(HeaderCrc::Absent),
            file: decoded.file_crc.unwrap_or(FileCrc::Missing),
        }),
        warnings,
    };
    normalise_cadence(&mut recording);
    recording
}

/// Converts FIT cadence to steps per minute on foot: devices write strides (one per two steps) for
/// running and walking, unless the file's median is already above 120 (docs/architecture.md). A
/// sample takes the sport of the session whose window holds it, else the file's sport; with no sport
/// at all it is taken to be on foot, as gluteus analyses runs.
pub(crate) fn normalise_cadence(recording: &mut Recording) {
    if recording.samples.cadence_spm.is_empty() {
        return;
    }
    let windows: Vec<(f64, f64, bool)> = recording
        .sessions
        .iter()
        .filter_map(|s| Some((s.start_s?, s.start_s? + s.elapsed_s?, s.sport.counts_strides())))
        .collect();
    let default_on_foot = recording.sport.as_ref().is_none_or(Sport::counts_strides);
    // Whether any doubled sample has no explicit sport on foot (worth saying).
    let stated = if recording.sessions.is_empty() {
        recording.sport.as_ref().is_some_and(Sport::is_on_foot)
    } else {
        recording
            .sessions
            .iter()
            .filter(|s| s.sport.counts_strides())
            .all(|s| s.sport.is_on_foot())
    };
    // Usually every session agrees with the file's sport, and no sample needs a lookup.
    let uniform = windows.iter().all(|w| w.2 == default_on_foot);
    let on_foot = |t: f64| {
        if uniform {
            return default_on_foot;
        }
        windows
            .iter()
            .find(|w| t >= w.0 && t < w.1)
            .map_or(default_on_foot, |w| w.2)
    };
    let samples = &mut recording.samples;
    // The median over samples on foot, by a histogram of whole strides (cadence is below 256).
    let mut histogram = [0_u32; 257];
    for (&t, &cadence) in samples.t_s.iter().zip(&samples.cadence_spm) {
        if cadence > 0.0 && on_foot(t) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let bin = (cadence as usize).min(256);
            histogram[bin] += 1;
        }
    }
    let counted: u32 = histogram.iter().sum();
    if counted == 0 {
        return;
    }
    let mut seen = 0;
    let median = histogram.iter().position(|&n| {
        seen += n;
        seen * 2 > counted
    });
    #[allow(clippy::cast_precision_loss)]
    let median = median.unwrap_or(0) as f64;
    if median > STEPS_PER_MINUTE_THRESHOLD {
        recording.warnings.push(format!(
            "median cadence {median:.0} is above {STEPS_PER_MINUTE_THRESHOLD:.0}: taken as steps per minute already"
        ));
        return;
    }
    for (&t, cadence) in samples.t_s.iter().zip(samples.cadence_spm.iter_mut()) {
        if on_foot(t) {
            *cadence *= 2.0;
        }
    }
    if !stated {
        recording.warnings.push(format!(
            "no running sport stated: cadence (median {median:.0}) taken as strides per minute, the format's convention, and doubled to steps"
        ));
    }
}
