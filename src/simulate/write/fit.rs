//! Our FIT encoder: a 14-byte header with its CRC, definitions, `file_id`, `device_info`, timer
//! `event`s, `record`s (optionally with compressed-timestamp headers), `lap`s, `session` and
//! `activity`, and the file CRC. Little-endian, no developer fields.

use crate::ingest::fit::crc16;
use crate::ingest::fit::profile::{
    MESSAGE_INDEX, TIMESTAMP, activity, base, device_info, event, file_id, mesg, record, scale, sports, totals,
};
use crate::simulate::{Device, Sample, Simulation};
use crate::time::FIT_EPOCH_S;

/// Local message types.
mod local {
    pub(super) const FILE_ID: u8 = 0;
    pub(super) const RECORD: u8 = 1;
    /// Records without a timestamp field, for compressed-timestamp headers (local types 0-3 only).
    pub(super) const RECORD_COMPRESSED: u8 = 2;
    pub(super) const EVENT: u8 = 3;
    pub(super) const DEVICE_INFO: u8 = 4;
    pub(super) const LAP: u8 = 5;
    pub(super) const SESSION: u8 = 6;
    pub(super) const ACTIVITY: u8 = 7;
}

/// The FIT protocol (2.0) and profile (21.40) versions written in the header.
const PROTOCOL_VERSION: u8 = 0x20;
const PROFILE_VERSION: u16 = 2140;
/// `manufacturer = development`.
const MANUFACTURER_DEVELOPMENT: u16 = 255;
/// Length of the product name string field.
const NAME_BYTES: u8 = 24;

/// A message's fields: number, size, base type.
type Fields = &'static [(u8, u8, u8)];

const FILE_ID: Fields = &[
    (file_id::TYPE, 1, base::ENUM),
    (file_id::MANUFACTURER, 2, base::UINT16),
    (file_id::PRODUCT, 2, base::UINT16),
    (file_id::SERIAL_NUMBER, 4, base::UINT32Z),
    (file_id::TIME_CREATED, 4, base::UINT32),
    (file_id::PRODUCT_NAME, NAME_BYTES, base::STRING),
];
const DEVICE_INFO: Fields = &[
    (TIMESTAMP, 4, base::UINT32),
    (device_info::DEVICE_INDEX, 1, base::UINT8),
    (device_info::MANUFACTURER, 2, base::UINT16),
    (device_info::PRODUCT, 2, base::UINT16),
    (device_info::SOFTWARE_VERSION, 2, base::UINT16),
    (device_info::PRODUCT_NAME, NAME_BYTES, base::STRING),
];
const EVENT: Fields = &[
    (TIMESTAMP, 4, base::UINT32),
    (event::EVENT, 1, base::ENUM),
    (event::EVENT_TYPE, 1, base::ENUM),
    (event::EVENT_GROUP, 1, base::UINT8),
];
/// A record's fields after its timestamp (compressed-timestamp records have only these).
const RECORD_TAIL: Fields = &[
    (record::POSITION_LAT, 4, base::SINT32),
    (record::POSITION_LONG, 4, base::SINT32),
    (record::DISTANCE, 4, base::UINT32),
    (record::ENHANCED_SPEED, 4, base::UINT32),
    (record::ENHANCED_ALTITUDE, 4, base::UINT32),
    (record::HEART_RATE, 1, base::UINT8),
    (record::CADENCE, 1, base::UINT8), // strides per minute
    (record::FRACTIONAL_CADENCE, 1, base::UINT8),
    (record::TEMPERATURE, 1, base::SINT8),
];
const LAP: Fields = &[
    (TIMESTAMP, 4, base::UINT32),
    (totals::START_TIME, 4, base::UINT32),
    (totals::TOTAL_ELAPSED_TIME, 4, base::UINT32),
    (totals::TOTAL_TIMER_TIME, 4, base::UINT32),
    (totals::TOTAL_DISTANCE, 4, base::UINT32),
    (totals::LAP_TOTAL_ASCENT, 2, base::UINT16),
    (totals::LAP_TOTAL_DESCENT, 2, base::UINT16),
    (MESSAGE_INDEX, 2, base::UINT16),
    (totals::EVENT, 1, base::ENUM),
    (totals::EVENT_TYPE, 1, base::ENUM),
    (totals::LAP_TRIGGER, 1, base::ENUM),
    (totals::LAP_SPORT, 1, base::ENUM),
];
const SESSION: Fields = &[
    (TIMESTAMP, 4, base::UINT32),
    (totals::START_TIME, 4, base::UINT32),
    (totals::TOTAL_ELAPSED_TIME, 4, base::UINT32),
    (totals::TOTAL_TIMER_TIME, 4, base::UINT32),
    (totals::TOTAL_DISTANCE, 4, base::UINT32),
    (totals::SESSION_TOTAL_ASCENT, 2, base::UINT16),
    (totals::SESSION_TOTAL_DESCENT, 2, base::UINT16),
    (totals::SESSION_FIRST_LAP_INDEX, 2, base::UINT16),
    (totals::SESSION_NUM_LAPS, 2, base::UINT16),
    (MESSAGE_INDEX, 2, base::UINT16),
    (totals::EVENT, 1, base::ENUM),
    (totals::EVENT_TYPE, 1, base::ENUM),
    (totals::SESSION_SPORT, 1, base::ENUM),
    (totals::SESSION_SUB_SPORT, 1, base::ENUM),
];
const ACTIVITY: Fields = &[
    (TIMESTAMP, 4, base::UINT32),
    (activity::TOTAL_TIMER_TIME, 4, base::UINT32),
    (activity::LOCAL_TIMESTAMP, 4, base::UINT32),
    (activity::NUM_SESSIONS, 2, base::UINT16),
    (activity::TYPE, 1, base::ENUM),
    (activity::EVENT, 1, base::ENUM),
    (activity::EVENT_TYPE, 1, base::ENUM),
];

/// Writes little-endian FIT messages.
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn define(&mut self, local: u8, global: u16, fields: &[(u8, u8, u8)]) {
        self.bytes.push(0x40 | local);
        self.bytes.extend_from_slice(&[0, 0]); // reserved, little-endian
        self.bytes.extend_from_slice(&global.to_le_bytes());
        #[allow(clippy::cast_possible_truncation)]
        self.bytes.push(fields.len() as u8);
        for &(number, size, base) in fields {
            self.bytes.extend_from_slice(&[number, size, base]);
        }
    }

    fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn string(&mut self, text: &str) {
        let mut field = [0_u8; NAME_BYTES as usize];
        let bytes = text.as_bytes();
        let n = bytes.len().min(field.len() - 1);
        field[..n].copy_from_slice(&bytes[..n]);
        self.bytes.extend_from_slice(&field);
    }
}

/// A value scaled to an unsigned integer field, or the field's invalid value when it does not fit.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn scaled_u32(value: f64, scale: f64, offset: f64) -> u32 {
    let v = ((value + offset) * scale).round();
    if v.is_finite() && (0.0..f64::from(u32::MAX)).contains(&v) {
        v as u32
    } else {
        u32::MAX
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn scaled_u16(value: f64) -> u16 {
    let v = value.round();
    if v.is_finite() && (0.0..f64::from(u16::MAX)).contains(&v) {
        v as u16
    } else {
        u16::MAX
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn scaled_u8(value: f64) -> u8 {
    let v = value.round();
    if v.is_finite() && (0.0..f64::from(u8::MAX)).contains(&v) {
        v as u8
    } else {
        u8::MAX
    }
}

/// Degrees to semicircles.
#[allow(clippy::cast_possible_truncation)]
fn semicircles(degrees: f64) -> i32 {
    (degrees / scale::DEGREES_PER_SEMICIRCLE).round() as i32
}

/// The FIT `sub_sport` number of a course's sub-sport name.
fn sub_sport(name: &str) -> u8 {
    sports::SUB_SPORTS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(0, |&(_, number)| number)
}

/// Timer events and records, in time order.
fn records(w: &mut Writer, run: &Simulation, compressed_timestamps: bool, at: &dyn Fn(f64) -> u32) {
    w.define(local::EVENT, mesg::EVENT, EVENT);
    let mut record_fields: Vec<(u8, u8, u8)> = vec![(TIMESTAMP, 4, base::UINT32)];
    record_fields.extend_from_slice(RECORD_TAIL);
    w.define(local::RECORD, mesg::RECORD, &record_fields);
    if compressed_timestamps {
        w.define(local::RECORD_COMPRESSED, mesg::RECORD, RECORD_TAIL);
    }
    let event = |w: &mut Writer, t: u32, started: bool| {
        w.u8(local::EVENT);
        w.u32(t);
        w.u8(event::TIMER);
        w.u8(if started { event::START } else { event::STOP_ALL });
        w.u8(0);
    };
    let mut events = run.events.iter().peekable();
    let mut last_timestamp: Option<u32> = None;
    for sample in &run.samples {
        while let Some(&&(t, started)) = events.peek() {
            // A start goes before the sample of its second, a stop after it.
            if t > sample.t_s || (t >= sample.t_s && !started) {
                break;
            }
            event(w, at(t), started);
            last_timestamp = Some(at(t));
            events.next();
        }
        last_timestamp = Some(record(w, sample, at(sample.t_s), compressed_timestamps, last_timestamp));
    }
    for &(t, started) in events {
        event(w, at(t), started);
    }
    if let (Some(after), Some(last)) = (run.course.trailing_record_s, run.samples.last()) {
        let late = Sample {
            speed_mps: 0.0,
            cadence_spm: 0.0,
            ..*last
        };
        record(w, &late, at(last.t_s + after), false, None);
    }
}

/// Writes one record; returns its timestamp.
fn record(w: &mut Writer, sample: &Sample, t: u32, compressed_timestamps: bool, last_timestamp: Option<u32>) -> u32 {
    match last_timestamp {
        Some(last) if compressed_timestamps && t >= last && t - last < 32 => {
            #[allow(clippy::cast_possible_truncation)]
            w.u8(0x80 | (local::RECORD_COMPRESSED << 5) | (t & 0x1F) as u8);
        }
        _ => {
            w.u8(local::RECORD);
            w.u32(t);
        }
    }
    w.i32(semicircles(sample.lat));
    w.i32(semicircles(sample.lon));
    w.u32(scaled_u32(sample.dist_m, scale::DISTANCE, 0.0));
    w.u32(scaled_u32(sample.speed_mps, scale::SPEED, 0.0));
    w.u32(scaled_u32(sample.ele_m, scale::ALTITUDE.0, scale::ALTITUDE.1));
    w.u8(scaled_u8(sample.hr_bpm));
    let strides = sample.cadence_spm / 2.0;
    let whole = strides.floor();
    w.u8(scaled_u8(whole));
    w.u8(scaled_u8(
        ((strides - whole) * scale::FRACTIONAL_CADENCE).min(scale::FRACTIONAL_CADENCE - 1.0),
    ));
    #[allow(clippy::cast_possible_truncation)]
    w.bytes
        .extend_from_slice(&(sample.temp_c.round().clamp(-126.0, 126.0) as i8).to_le_bytes());
    t
}

/// Encodes a simulated run as a FIT activity file.
pub(crate) fn encode(run: &Simulation, compressed_timestamps: bool) -> Vec<u8> {
    let start = u32::try_from(run.options.start_unix_s - FIT_EPOCH_S).unwrap_or(0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let at = |t_s: f64| start.wrapping_add(t_s.round().max(0.0) as u32);
    let name = format!("gluteus {}", run.options.device.name());
    let product: u16 = match run.options.device {
        Device::Ideal => 1,
        Device::Baro => 2,
        Device::Phone => 3,
    };
    let mut w = Writer {
        bytes: Vec::with_capacity(64 + run.samples.len() * 30 + run.laps.len() * 40),
    };
    w.bytes.extend_from_slice(&[14, PROTOCOL_VERSION]);
    w.u16(PROFILE_VERSION);
    w.u32(0); // data size, set below
    w.bytes.extend_from_slice(b".FIT");
    w.u16(0); // header CRC, set below

    w.define(local::FILE_ID, mesg::FILE_ID, FILE_ID);
    w.u8(local::FILE_ID);
    w.u8(4); // activity
    w.u16(MANUFACTURER_DEVELOPMENT);
    w.u16(product);
    #[allow(clippy::cast_possible_truncation)]
    w.u32(1 + (run.options.seed as u32 & 0x7FFF_FFFF));
    w.u32(start);
    w.string(&name);

    w.define(local::DEVICE_INFO, mesg::DEVICE_INFO, DEVICE_INFO);
    w.u8(local::DEVICE_INFO);
    w.u32(start);
    w.u8(0); // the creator
    w.u16(MANUFACTURER_DEVELOPMENT);
    w.u16(product);
    w.u16(100); // software version 1.00
    w.string(&name);

    records(&mut w, run, compressed_timestamps, &at);

    let end = at(run.truth.elapsed_s);
    w.define(local::LAP, mesg::LAP, LAP);
    for (i, lap) in run.laps.iter().enumerate() {
        w.u8(local::LAP);
        w.u32(at(lap.end_s));
        w.u32(at(lap.start_s));
        w.u32(scaled_u32(lap.end_s - lap.start_s, scale::TIME, 0.0));
        w.u32(scaled_u32(lap.timer_s, scale::TIME, 0.0));
        w.u32(scaled_u32(lap.distance_m, scale::DISTANCE, 0.0));
        w.u16(scaled_u16(lap.ascent_m));
        w.u16(scaled_u16(lap.descent_m));
        w.u16(u16::try_from(i).unwrap_or(u16::MAX));
        w.u8(event::LAP);
        w.u8(event::STOP);
        w.u8(if i + 1 == run.laps.len() { 7 } else { 0 }); // lap_trigger: session_end / manual
        w.u8(sports::RUNNING);
    }
    let truth = &run.truth;
    w.define(local::SESSION, mesg::SESSION, SESSION);
    w.u8(local::SESSION);
    w.u32(end);
    w.u32(start);
    w.u32(scaled_u32(truth.elapsed_s, scale::TIME, 0.0));
    w.u32(scaled_u32(truth.timer_s, scale::TIME, 0.0));
    w.u32(scaled_u32(truth.distance_m, scale::DISTANCE, 0.0));
    w.u16(scaled_u16(truth.ascent_m));
    w.u16(scaled_u16(truth.descent_m));
    w.u16(0);
    w.u16(u16::try_from(run.laps.len()).unwrap_or(u16::MAX));
    w.u16(0);
    w.u8(event::SESSION);
    w.u8(event::STOP);
    w.u8(sports::RUNNING);
    w.u8(sub_sport(&run.course.sub_sport));

    w.define(local::ACTIVITY, mesg::ACTIVITY, ACTIVITY);
    w.u8(local::ACTIVITY);
    w.u32(end);
    w.u32(scaled_u32(truth.timer_s, scale::TIME, 0.0));
    // The local time, from which readers take the runner's UTC offset.
    #[allow(clippy::cast_possible_truncation)]
    w.u32(end.wrapping_add_signed(run.options.utc_offset_s as i32));
    w.u16(1);
    w.u8(0); // type: manual
    w.u8(event::ACTIVITY);
    w.u8(event::STOP);

    let data_size = u32::try_from(w.bytes.len() - 14).unwrap_or(u32::MAX);
    w.bytes[4..8].copy_from_slice(&data_size.to_le_bytes());
    let header_crc = crc16(0, &w.bytes[..12]);
    w.bytes[12..14].copy_from_slice(&header_crc.to_le_bytes());
    let crc = crc16(0, &w.bytes);
    w.bytes.extend_from_slice(&crc.to_le_bytes());
    w.bytes
}
