//! The fast FIT walker: one pass over the bytes, definitions compiled into fixed field offsets, no
//! allocation per record. It reads chained files, both architectures, compressed-timestamp headers and
//! developer fields (skipped by size, except a developer `Power`), checks both CRCs, and recovers from
//! damage by keeping everything before it and resynchronising on the next plausible message.

use super::crc::crc16;
use super::profile::{self, TIMESTAMP, mesg, scale};
use crate::ingest::recording::{FileCrc, HeaderCrc, Samples, push_optional};
use crate::vocab::{count, were};

/// Local message types a FIT file can define.
const LOCAL_TYPES: usize = 16;
/// Messages that must parse after a candidate definition before a resynchronisation is trusted.
const RESYNC_LOOKAHEAD: usize = 4;

/// A base type no FIT file uses, given to fields whose declared size does not fit their type.
const UNREADABLE: u8 = 0x1F;

/// A field's place in a data message, and its FIT base type.
#[derive(Clone, Copy, Debug)]
struct Field {
    offset: u16,
    size: u8,
    base: u8,
}

/// Size in bytes of a FIT base type (low five bits of the base type byte); 1 for unknown types,
/// which are read as bytes.
fn base_size(base: u8) -> u8 {
    match base & 0x1F {
        3 | 4 | 11 => 2,
        5 | 6 | 8 | 12 => 4,
        9 | 14..=16 => 8,
        _ => 1,
    }
}

/// Whether a base type byte is one the FIT profile defines.
fn base_is_known(base: u8) -> bool {
    matches!(
        base,
        0x00 | 0x01
            | 0x02
            | 0x83
            | 0x84
            | 0x85
            | 0x86
            | 0x07
            | 0x88
            | 0x89
            | 0x0A
            | 0x8B
            | 0x8C
            | 0x0D
            | 0x8E
            | 0x8F
            | 0x90
    )
}

impl Field {
    /// The first value of the field, or `None` when it is the invalid sentinel of its base type, a
    /// string, or does not fit its declared size (a misaligned definition).
    #[inline]
    fn read(self, body: &[u8], big_endian: bool) -> Option<f64> {
        let value = self.number(body, big_endian);
        (!value.is_nan()).then_some(value)
    }

    /// The first value of the field as [`Field::read`] gives it, with `NaN` for `None`: the form the
    /// record loop wants.
    // Inlined into the record loop, where it is most of the cost; measured by `cargo bench -- fit`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn number(self, body: &[u8], big_endian: bool) -> f64 {
        let at = usize::from(self.offset);
        macro_rules! int {
            ($t:ty, $invalid:expr) => {{
                const N: usize = std::mem::size_of::<$t>();
                let Some(&bytes) = body.get(at..at + N).and_then(|b| <&[u8; N]>::try_from(b).ok()) else {
                    return f64::NAN;
                };
                let raw = <$t>::from_le_bytes(bytes);
                let raw = if big_endian { raw.swap_bytes() } else { raw };
                if raw == $invalid {
                    return f64::NAN;
                }
                raw
            }};
        }
        #[allow(clippy::cast_precision_loss)]
        match self.base & 0x1F {
            0 | 2 | 13 => f64::from(int!(u8, u8::MAX)),
            1 => f64::from(int!(i8, i8::MAX)),
            3 => f64::from(int!(i16, i16::MAX)),
            4 => f64::from(int!(u16, u16::MAX)),
            5 => f64::from(int!(i32, i32::MAX)),
            6 => f64::from(int!(u32, u32::MAX)),
            8 => {
                let value = f64::from(f32::from_bits(int!(u32, u32::MAX)));
                if value.is_finite() { value } else { f64::NAN }
            }
            9 => {
                let value = f64::from_bits(int!(u64, u64::MAX));
                if value.is_finite() { value } else { f64::NAN }
            }
            10 => f64::from(int!(u8, 0)),
            11 => f64::from(int!(u16, 0)),
            12 => f64::from(int!(u32, 0)),
            14 => int!(i64, i64::MAX) as f64,
            15 => int!(u64, u64::MAX) as f64,
            16 => int!(u64, 0) as f64,
            // Strings, and fields whose size does not fit their base type (`UNREADABLE`).
            _ => f64::NAN,
        }
    }

    /// The raw bytes of the field (for `compressed_speed_distance` and strings).
    fn bytes(self, body: &[u8]) -> Option<&[u8]> {
        let at = usize::from(self.offset);
        body.get(at..at + usize::from(self.size))
    }

    /// The field as a NUL-terminated UTF-8 string (lossy).
    fn string(self, body: &[u8]) -> Option<String> {
        let bytes = self.bytes(body)?;
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        let text = String::from_utf8_lossy(&bytes[..end]).trim().to_owned();
        (!text.is_empty()).then_some(text)
    }
}

/// What a `record` field feeds; the index of its value while a record is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Slot {
    Timestamp,
    Lat,
    Lon,
    Altitude,
    EnhancedAltitude,
    HeartRate,
    Cadence,
    FractionalCadence,
    Distance,
    Speed,
    EnhancedSpeed,
    Power,
    Temperature,
    DeveloperPower,
}

/// Number of [`Slot`]s.
const SLOTS: usize = 14;

impl Slot {
    /// The slot of a native `record` field number, if gluteus reads it.
    fn of_field(number: u8) -> Option<Self> {
        Some(match number {
            TIMESTAMP => Self::Timestamp,
            profile::record::POSITION_LAT => Self::Lat,
            profile::record::POSITION_LONG => Self::Lon,
            profile::record::ALTITUDE => Self::Altitude,
            profile::record::HEART_RATE => Self::HeartRate,
            profile::record::CADENCE => Self::Cadence,
            profile::record::DISTANCE => Self::Distance,
            profile::record::SPEED => Self::Speed,
            profile::record::POWER => Self::Power,
            profile::record::TEMPERATURE => Self::Temperature,
            profile::record::FRACTIONAL_CADENCE => Self::FractionalCadence,
            profile::record::ENHANCED_SPEED => Self::EnhancedSpeed,
            profile::record::ENHANCED_ALTITUDE => Self::EnhancedAltitude,
            _ => return None,
        })
    }
}

/// One read of a `record` decode: a readable field and the slot its value goes to.
#[derive(Clone, Copy, Debug)]
struct Read {
    field: Field,
    slot: Slot,
}

/// A `record` definition compiled into the reads of the fields present, so that decoding a record is
/// one short loop with no lookups.
#[derive(Clone, Copy, Debug)]
struct RecordPlan {
    reads: [Read; SLOTS],
    len: usize,
    compressed_speed_distance: Option<Field>,
}

impl RecordPlan {
    fn new() -> Self {
        let unused = Read {
            field: Field {
                offset: 0,
                size: 0,
                base: UNREADABLE,
            },
            slot: Slot::Timestamp,
        };
        Self {
            reads: [unused; SLOTS],
            len: 0,
            compressed_speed_distance: None,
        }
    }

    /// Adds a read unless the slot already has one (the first field of a number wins, as in
    /// `Definition::field`) or the field cannot be read as a number.
    fn add(&mut self, field: Field, slot: Slot) {
        if field.base == UNREADABLE
            || base_size(field.base) > 8
            || self.reads[..self.len].iter().any(|r| r.slot == slot)
        {
            return;
        }
        if let Some(read) = self.reads.get_mut(self.len) {
            *read = Read { field, slot };
            self.len += 1;
        }
    }
}

/// A definition message, compiled.
#[derive(Clone, Debug)]
struct Definition {
    global: u16,
    big_endian: bool,
    /// Bytes of a data message of this type, developer fields included.
    size: usize,
    /// `(field number, place)` of the normal fields.
    fields: Vec<(u8, Field)>,
    timestamp: Option<Field>,
    record: Option<RecordPlan>,
}

impl Definition {
    fn field(&self, number: u8) -> Option<Field> {
        self.fields.iter().find(|(n, _)| *n == number).map(|(_, f)| *f)
    }

    fn value(&self, body: &[u8], number: u8) -> Option<f64> {
        self.field(number)?.read(body, self.big_endian)
    }
}

/// A developer field that carries running power (a Stryd-style `Power`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DeveloperPower {
    developer_index: u8,
    field_number: u8,
    base: u8,
}

/// A session message, times still raw FIT seconds.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawSession {
    pub(crate) sport: Option<u8>,
    pub(crate) sub_sport: Option<u8>,
    pub(crate) start: Option<f64>,
    pub(crate) elapsed_s: Option<f64>,
    pub(crate) timer_s: Option<f64>,
    pub(crate) distance_m: Option<f64>,
    pub(crate) ascent_m: Option<f64>,
    pub(crate) descent_m: Option<f64>,
}

/// A lap message, times still raw FIT seconds.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawLap {
    pub(crate) start: Option<f64>,
    pub(crate) elapsed_s: Option<f64>,
    pub(crate) timer_s: Option<f64>,
    pub(crate) distance_m: Option<f64>,
}

/// Everything the walker found, with times as raw FIT seconds (converted by the caller, who also
/// knows the sports and so the cadence unit).
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    /// Samples; `t_s` holds raw FIT timestamps and `cadence_spm` the raw cadence as written.
    pub(crate) samples: Samples,
    pub(crate) records: usize,
    pub(crate) compressed_timestamp_records: usize,
    pub(crate) file_type: Option<u8>,
    pub(crate) manufacturer: Option<u16>,
    pub(crate) product: Option<u16>,
    pub(crate) product_name: Option<String>,
    pub(crate) sport: Option<(u8, Option<u8>)>,
    pub(crate) sessions: Vec<RawSession>,
    pub(crate) laps: Vec<RawLap>,
    /// `(raw time, started)` of timer events.
    pub(crate) timer_events: Vec<(f64, bool)>,
    /// Local time minus UTC from the `activity` message.
    pub(crate) utc_offset_s: Option<f64>,
    /// Body mass from the `user_profile`, kg.
    pub(crate) body_mass_kg: Option<f64>,
    pub(crate) header_crc: Option<HeaderCrc>,
    pub(crate) file_crc: Option<FileCrc>,
    pub(crate) files: usize,
    pub(crate) messages: usize,
    pub(crate) warnings: Vec<String>,
}

/// A FIT file header.
#[derive(Clone, Copy, Debug)]
struct Header {
    size: usize,
    data_size: usize,
    crc: HeaderCrc,
}

/// Parses a FIT header at the start of `bytes`, or `None` if there is none.
fn header(bytes: &[u8]) -> Option<Header> {
    let size = usize::from(*bytes.first()?);
    if size < 12 || bytes.get(8..12)? != b".FIT" || bytes.len() < size {
        return None;
    }
    let data_size = u32::from_le_bytes(bytes.get(4..8)?.try_into().ok()?);
    let crc = if size >= 14 {
        match u16::from_le_bytes(bytes.get(12..14)?.try_into().ok()?) {
            0 => HeaderCrc::NotComputed,
            stored if stored == crc16(0, &bytes[..12]) => HeaderCrc::Ok,
            _ => HeaderCrc::Bad,
        }
    } else {
        HeaderCrc::Absent
    };
    Some(Header {
        size,
        data_size: usize::try_from(data_size).ok()?,
        crc,
    })
}

/// Whether `bytes` starts like a FIT file.
pub(crate) fn looks_like_fit(bytes: &[u8]) -> bool {
    header(bytes).is_some()
}

/// Why the walk of a file's data stopped.
enum Stop {
    /// The data ends inside a message.
    Truncated,
    /// The bytes at this point are not a valid message.
    Corrupt(&'static str),
}

/// Decoder state while walking: the definitions, and everything else (so that a definition can be
/// borrowed while the rest is updated).
struct Walker {
    definitions: [Option<Definition>; LOCAL_TYPES],
    state: State,
}

/// What decoding accumulates.
struct State {
    last_timestamp: Option<u32>,
    developer_power: Vec<DeveloperPower>,
    accumulated_distance: Option<(u16, f64)>,
    inherited_timestamps: usize,
    out: Decoded,
}

/// Decodes a whole FIT byte stream (one or more chained files).
///
/// Never panics; damage ends up in `warnings`. The caller decides whether what was recovered is
/// enough to be useful.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let mut walker = Walker {
        definitions: Default::default(),
        state: State {
            last_timestamp: None,
            developer_power: Vec::new(),
            accumulated_distance: None,
            inherited_timestamps: 0,
            out: Decoded::default(),
        },
    };
    let mut pos = 0;
    while let Some(head) = bytes.get(pos..).and_then(header) {
        walker.state.out.files += 1;
        let data_start = pos + head.size;
        let declared_end = data_start.saturating_add(head.data_size);
        let data_end = declared_end.min(bytes.len());
        walker.note_header_crc(head.crc, pos);
        // A fresh file: its definitions and timestamp base are its own.
        walker.definitions = Default::default();
        walker.state.last_timestamp = None;
        walker.state.accumulated_distance = None;
        walker.walk(&bytes[data_start..data_end], data_start);
        if declared_end > bytes.len() {
            walker.state.out.warnings.push(format!(
                "truncated: the header at byte {pos} declares {} data bytes but only {} are present",
                head.data_size,
                bytes.len() - data_start
            ));
            walker.note_file_crc(FileCrc::Missing);
            pos = bytes.len();
            break;
        }
        if let Some(stored) = bytes.get(declared_end..declared_end + 2) {
            let stored = u16::from_le_bytes([stored[0], stored[1]]);
            if stored == crc16(0, &bytes[pos..declared_end]) {
                walker.note_file_crc(FileCrc::Ok);
            } else {
                walker.state.out.warnings.push(format!(
                    "file crc mismatch in the fit file at byte {pos}: the data may be damaged"
                ));
                walker.note_file_crc(FileCrc::Bad);
            }
            pos = declared_end + 2;
        } else {
            walker
                .state
                .out
                .warnings
                .push(format!("truncated: the fit file at byte {pos} ends before its crc"));
            walker.note_file_crc(FileCrc::Missing);
            pos = bytes.len();
        }
    }
    if walker.state.out.files > 0 && pos < bytes.len() {
        let n = bytes.len() - pos;
        walker.state.out.warnings.push(format!(
            "{} after the last fit file {} ignored",
            count(n, "byte"),
            were(n)
        ));
    }
    if walker.state.inherited_timestamps > 0 {
        walker.state.out.warnings.push(format!(
            "{} had no timestamp and took the previous one",
            count(walker.state.inherited_timestamps, "record message")
        ));
    }
    walker.state.out.samples.finish();
    walker.state.out
}

impl Walker {
    fn note_header_crc(&mut self, crc: HeaderCrc, pos: usize) {
        if crc == HeaderCrc::Bad {
            self.state
                .out
                .warnings
                .push(format!("header crc mismatch in the fit file at byte {pos}"));
        }
        self.state.out.header_crc = Some(self.state.out.header_crc.map_or(crc, |c| c.max(crc)));
    }

    fn note_file_crc(&mut self, crc: FileCrc) {
        self.state.out.file_crc = Some(self.state.out.file_crc.map_or(crc, |c| c.max(crc)));
    }

    /// Walks the messages of one file's data section; `base` is its offset in the whole stream.
    fn walk(&mut self, data: &[u8], base: usize) {
        let mut pos = 0;
        while pos < data.len() {
            match self.message(data, pos) {
                Ok(next) => pos = next,
                Err(Stop::Truncated) => {
                    self.state.out.warnings.push(format!(
                        "truncated: the data ends inside a message at byte {}; kept the {} before it",
                        base + pos,
                        count(self.state.out.records, "record")
                    ));
                    return;
                }
                Err(Stop::Corrupt(why)) => {
                    let records = self.state.out.records;
                    if let Some(next) = self.resynchronise(data, pos + 1) {
                        self.state.out.warnings.push(format!(
                            "corrupt data at byte {} ({why}): skipped {} to the next valid message",
                            base + pos,
                            count(next - pos, "byte")
                        ));
                        pos = next;
                    } else {
                        self.state.out.warnings.push(format!(
                            "corrupt data at byte {} ({why}): kept the {} before it, nothing readable after it",
                            base + pos,
                            count(records, "record")
                        ));
                        return;
                    }
                }
            }
        }
    }

    /// Decodes the message at `pos` and returns where the next one starts.
    fn message(&mut self, data: &[u8], pos: usize) -> Result<usize, Stop> {
        let head = *data.get(pos).ok_or(Stop::Truncated)?;
        if head & 0x80 != 0 {
            // Compressed-timestamp header: local type in bits 5-6, time offset in bits 0-4.
            let local = usize::from((head >> 5) & 0x03);
            let offset = u32::from(head & 0x1F);
            let base = self.state.last_timestamp.unwrap_or(0);
            let mut timestamp = (base & !0x1F) | offset;
            if offset < (base & 0x1F) {
                timestamp = timestamp.wrapping_add(0x20);
            }
            self.state.last_timestamp = Some(timestamp);
            return self.data_message(data, pos + 1, local, Some(timestamp));
        }
        let local = usize::from(head & 0x0F);
        if head & 0x40 != 0 {
            let (definition, next) = parse_definition(data, pos, head & 0x20 != 0, false, &self.state.developer_power)?;
            if definition.record.is_some() {
                // At most one record per message of this size in the bytes left: room for them
                // all now saves regrowing every column (`Samples::finish` gives back the excess).
                let samples = &mut self.state.out.samples;
                let wanted = samples.t_s.len() + (data.len() - next) / (definition.size + 1);
                samples.t_s.reserve_exact(wanted - samples.t_s.len());
                for column in samples.columns_mut() {
                    // Absent channels stay unallocated.
                    if column.capacity() > 0 {
                        column.reserve_exact(wanted.saturating_sub(column.len()));
                    }
                }
            }
            self.definitions[local] = Some(definition);
            return Ok(next);
        }
        self.data_message(data, pos + 1, local, None)
    }

    fn data_message(&mut self, data: &[u8], at: usize, local: usize, compressed: Option<u32>) -> Result<usize, Stop> {
        let Some(definition) = &self.definitions[local] else {
            return Err(Stop::Corrupt("a data message of an undefined local type"));
        };
        let end = at + definition.size;
        let body = data.get(at..end).ok_or(Stop::Truncated)?;
        let state = &mut self.state;
        state.out.messages += 1;
        if compressed.is_none()
            && definition.record.is_none()
            && let Some(ts) = definition.timestamp.and_then(|f| f.read(body, definition.big_endian))
        {
            // Every message's timestamp is the base of the compressed ones that follow.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let raw = ts as u32;
            state.last_timestamp = Some(raw);
        }
        if let Some(plan) = &definition.record {
            state.record(plan, body, definition.big_endian, compressed);
        } else {
            state.other(definition, body, compressed);
        }
        Ok(end)
    }
}

impl State {
    /// Appends one `record` message to the columns.
    #[inline]
    fn record(&mut self, plan: &RecordPlan, body: &[u8], big: bool, compressed: Option<u32>) {
        let mut v = [f64::NAN; SLOTS];
        for read in &plan.reads[..plan.len] {
            v[read.slot as usize] = read.field.number(body, big);
        }
        let get = |slot: Slot| v[slot as usize];
        let t = if let Some(ts) = compressed {
            self.out.compressed_timestamp_records += 1;
            f64::from(ts)
        } else if !get(Slot::Timestamp).is_nan() {
            // Every message's timestamp is the base of the compressed ones that follow.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let raw = get(Slot::Timestamp) as u32;
            self.last_timestamp = Some(raw);
            get(Slot::Timestamp)
        } else if let Some(last) = self.last_timestamp {
            self.inherited_timestamps += 1;
            f64::from(last)
        } else {
            self.inherited_timestamps += 1;
            return;
        };
        let semicircle = scale::DEGREES_PER_SEMICIRCLE;
        let lat = get(Slot::Lat) * semicircle;
        let lon = get(Slot::Lon) * semicircle;
        let (lat, lon) = if lat.is_nan() || lon.is_nan() {
            (f64::NAN, f64::NAN)
        } else {
            (lat, lon)
        };
        let mut ele = get(Slot::EnhancedAltitude);
        if ele.is_nan() {
            ele = get(Slot::Altitude);
        }
        let ele = ele / scale::ALTITUDE.0 - scale::ALTITUDE.1;
        let mut distance = get(Slot::Distance) / scale::DISTANCE;
        let mut speed = get(Slot::EnhancedSpeed);
        if speed.is_nan() {
            speed = get(Slot::Speed);
        }
        speed /= scale::SPEED;
        if let Some(bytes) = plan.compressed_speed_distance.and_then(|f| f.bytes(body))
            && let [b0, b1, b2, ..] = *bytes
        {
            // Twelve bits of speed (1/100 m/s) then twelve bits of distance (1/16 m) that wrap.
            let packed_speed = u16::from(b0) | (u16::from(b1 & 0x0F) << 8);
            let packed_distance = u16::from(b1 >> 4) | (u16::from(b2) << 4);
            let total = match self.accumulated_distance {
                Some((previous, total)) => total + f64::from(packed_distance.wrapping_sub(previous) & 0x0FFF) / 16.0,
                None => f64::from(packed_distance) / 16.0,
            };
            self.accumulated_distance = Some((packed_distance, total));
            if distance.is_nan() {
                distance = total;
            }
            if speed.is_nan() {
                speed = f64::from(packed_speed) / 100.0;
            }
        }
        let mut cadence = get(Slot::Cadence);
        let fraction = get(Slot::FractionalCadence);
        if !fraction.is_nan() {
            cadence += fraction / scale::FRACTIONAL_CADENCE;
        }
        let mut power = get(Slot::Power);
        if power.is_nan() {
            power = get(Slot::DeveloperPower);
        }
        let index = self.out.samples.t_s.len();
        let s = &mut self.out.samples;
        let capacity = s.t_s.capacity();
        s.t_s.push(t);
        push_optional(&mut s.lat, index, capacity, lat);
        push_optional(&mut s.lon, index, capacity, lon);
        push_optional(&mut s.ele_m, index, capacity, ele);
        push_optional(&mut s.dist_m, index, capacity, distance);
        push_optional(&mut s.speed_mps, index, capacity, speed);
        push_optional(&mut s.hr_bpm, index, capacity, get(Slot::HeartRate));
        push_optional(&mut s.cadence_spm, index, capacity, cadence);
        push_optional(&mut s.power_w, index, capacity, power);
        push_optional(&mut s.temp_c, index, capacity, get(Slot::Temperature));
        self.out.records += 1;
    }

    /// Reads the non-record messages gluteus keeps.
    fn other(&mut self, def: &Definition, body: &[u8], compressed: Option<u32>) {
        use profile::{activity, event, file_id, sport, totals};
        let time = |number: u8| def.value(body, number);
        let timestamp = compressed.map(f64::from).or_else(|| time(TIMESTAMP));
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let small = |number: u8| def.value(body, number).map(|v| v as u8);
        let ms = |number: u8| def.value(body, number).map(|v| v / scale::TIME);
        let cm = |number: u8| def.value(body, number).map(|v| v / scale::DISTANCE);
        match def.global {
            mesg::FILE_ID => {
                self.out.file_type = self.out.file_type.or(small(file_id::TYPE));
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                if self.out.manufacturer.is_none() {
                    self.out.manufacturer = def.value(body, file_id::MANUFACTURER).map(|v| v as u16);
                    self.out.product = def.value(body, file_id::PRODUCT).map(|v| v as u16);
                    self.out.product_name = def.field(file_id::PRODUCT_NAME).and_then(|f| f.string(body));
                }
            }
            mesg::USER_PROFILE => {
                let weight = def.value(body, profile::user_profile::WEIGHT);
                self.out.body_mass_kg = weight.map(|w| w / profile::user_profile::WEIGHT_SCALE);
            }
            mesg::SPORT => {
                if let Some(value) = small(sport::SPORT) {
                    self.out.sport = Some((value, small(sport::SUB_SPORT)));
                }
            }
            mesg::SESSION => self.out.sessions.push(RawSession {
                sport: small(totals::SESSION_SPORT),
                sub_sport: small(totals::SESSION_SUB_SPORT),
                start: time(totals::START_TIME),
                elapsed_s: ms(totals::TOTAL_ELAPSED_TIME),
                timer_s: ms(totals::TOTAL_TIMER_TIME),
                distance_m: cm(totals::TOTAL_DISTANCE),
                ascent_m: time(totals::SESSION_TOTAL_ASCENT),
                descent_m: time(totals::SESSION_TOTAL_DESCENT),
            }),
            mesg::LAP => self.out.laps.push(RawLap {
                start: time(totals::START_TIME),
                elapsed_s: ms(totals::TOTAL_ELAPSED_TIME),
                timer_s: ms(totals::TOTAL_TIMER_TIME),
                distance_m: cm(totals::TOTAL_DISTANCE),
            }),
            mesg::EVENT => {
                if let (Some(event::TIMER), Some(kind), Some(t)) =
                    (small(event::EVENT), small(event::EVENT_TYPE), timestamp)
                {
                    match kind {
                        event::START => self.out.timer_events.push((t, true)),
                        event::STOP | event::STOP_ALL | event::STOP_DISABLE | event::STOP_DISABLE_ALL => {
                            self.out.timer_events.push((t, false));
                        }
                        _ => {}
                    }
                }
            }
            mesg::ACTIVITY => {
                if let (Some(utc), Some(local)) = (timestamp, def.value(body, activity::LOCAL_TIMESTAMP)) {
                    self.out.utc_offset_s = Some(local - utc);
                }
            }
            mesg::FIELD_DESCRIPTION => self.field_description(def, body),
            _ => {}
        }
    }

    /// Remembers a developer field that carries running power: named `Power`, or declared as the
    /// native `record.power`.
    fn field_description(&mut self, def: &Definition, body: &[u8]) {
        use profile::field_description as fd;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let small = |number: u8| def.value(body, number).map(|v| v as u8);
        let (Some(developer_index), Some(field_number), Some(base)) = (
            small(fd::DEVELOPER_DATA_INDEX),
            small(fd::FIELD_DEFINITION_NUMBER),
            small(fd::BASE_TYPE_ID),
        ) else {
            return;
        };
        let name = def
            .field(fd::FIELD_NAME)
            .and_then(|f| f.string(body))
            .unwrap_or_default();
        let native_message = def.value(body, fd::NATIVE_MESG_NUM);
        let native_field = small(fd::NATIVE_FIELD_NUM);
        let is_power = name.eq_ignore_ascii_case("power")
            || (native_field == Some(profile::record::POWER)
                && native_message.is_none_or(|m| (m - f64::from(mesg::RECORD)).abs() < f64::EPSILON));
        self.developer_power
            .retain(|p| !(p.developer_index == developer_index && p.field_number == field_number));
        if is_power && base_is_known(base) && base & 0x1F != 7 {
            self.developer_power.push(DeveloperPower {
                developer_index,
                field_number,
                base,
            });
        }
    }
}

impl Walker {
    /// Looks for the next offset from `from` where a plausible definition message starts and the
    /// messages after it parse too. Returns that offset, or `None` if there is none.
    fn resynchronise(&mut self, data: &[u8], from: usize) -> Option<usize> {
        (from..data.len()).find(|&candidate| {
            let head = data[candidate];
            if head & 0xC0 != 0x40 || head & 0x10 != 0 {
                return false;
            }
            let Ok((definition, next)) =
                parse_definition(data, candidate, head & 0x20 != 0, true, &self.state.developer_power)
            else {
                return false;
            };
            let mut sizes: [Option<usize>; LOCAL_TYPES] =
                std::array::from_fn(|i| self.definitions[i].as_ref().map(|d| d.size));
            sizes[usize::from(head & 0x0F)] = Some(definition.size);
            self.lookahead(data, next, sizes)
        })
    }

    /// Whether the next `RESYNC_LOOKAHEAD` messages from `pos` parse (or the data ends cleanly).
    fn lookahead(&self, data: &[u8], mut pos: usize, mut sizes: [Option<usize>; LOCAL_TYPES]) -> bool {
        for _ in 0..RESYNC_LOOKAHEAD {
            let Some(&head) = data.get(pos) else {
                return pos == data.len();
            };
            let local = if head & 0x80 != 0 {
                usize::from((head >> 5) & 0x03)
            } else if head & 0x10 != 0 {
                // Bit 4 is reserved in normal headers: a writer never sets it.
                return false;
            } else if head & 0x40 != 0 {
                match parse_definition(data, pos, head & 0x20 != 0, true, &self.state.developer_power) {
                    Ok((definition, next)) => {
                        sizes[usize::from(head & 0x0F)] = Some(definition.size);
                        pos = next;
                        continue;
                    }
                    Err(_) => return false,
                }
            } else {
                usize::from(head & 0x0F)
            };
            let Some(size) = sizes[local] else {
                return false;
            };
            pos += 1 + size;
            if pos > data.len() {
                return false;
            }
        }
        true
    }
}

/// Parses a definition message at `pos` (its header byte included). `strict` refuses what a valid
/// writer would not produce (used when resynchronising after damage).
fn parse_definition(
    data: &[u8],
    pos: usize,
    has_developer_fields: bool,
    strict: bool,
    developer_power: &[DeveloperPower],
) -> Result<(Definition, usize), Stop> {
    let fixed = data.get(pos + 1..pos + 6).ok_or(Stop::Truncated)?;
    let (reserved, architecture, count) = (fixed[0], fixed[1], usize::from(fixed[4]));
    let big_endian = match architecture {
        0 => false,
        1 => true,
        _ => return Err(Stop::Corrupt("a definition with an unknown architecture")),
    };
    if strict && (reserved != 0 || count == 0) {
        return Err(Stop::Corrupt("an implausible definition"));
    }
    let global = if big_endian {
        u16::from_be_bytes([fixed[2], fixed[3]])
    } else {
        u16::from_le_bytes([fixed[2], fixed[3]])
    };
    let mut at = pos + 6;
    let raw = data.get(at..at + 3 * count).ok_or(Stop::Truncated)?;
    at += 3 * count;
    let mut fields = Vec::with_capacity(count);
    let mut offset: u16 = 0;
    for chunk in raw.chunks_exact(3) {
        let (number, size, base) = (chunk[0], chunk[1], chunk[2]);
        if strict && (size == 0 || !base_is_known(base) || size % base_size(base) != 0) {
            return Err(Stop::Corrupt("an implausible definition"));
        }
        // A size that is not a whole number of its base type (a misaligned definition) makes the
        // value undefined: mark it once here, not on every read.
        let base = if size < base_size(base) || size % base_size(base) != 0 {
            UNREADABLE
        } else {
            base
        };
        fields.push((number, Field { offset, size, base }));
        offset = offset
            .checked_add(u16::from(size))
            .ok_or(Stop::Corrupt("a definition larger than any message"))?;
    }
    let mut developer_fields = Vec::new();
    if has_developer_fields {
        let dev_count = usize::from(*data.get(at).ok_or(Stop::Truncated)?);
        at += 1;
        let raw = data.get(at..at + 3 * dev_count).ok_or(Stop::Truncated)?;
        at += 3 * dev_count;
        for chunk in raw.chunks_exact(3) {
            let (number, size, developer_index) = (chunk[0], chunk[1], chunk[2]);
            developer_fields.push((
                number,
                developer_index,
                Field {
                    offset,
                    size,
                    base: 0x0D,
                },
            ));
            offset = offset
                .checked_add(u16::from(size))
                .ok_or(Stop::Corrupt("a definition larger than any message"))?;
        }
    }
    let timestamp = fields.iter().find(|(n, _)| *n == TIMESTAMP).map(|(_, f)| *f);
    let record = (global == mesg::RECORD).then(|| {
        let mut plan = RecordPlan::new();
        for &(number, field) in &fields {
            if let Some(slot) = Slot::of_field(number) {
                plan.add(field, slot);
            } else if number == profile::record::COMPRESSED_SPEED_DISTANCE && plan.compressed_speed_distance.is_none() {
                plan.compressed_speed_distance = Some(field);
            }
        }
        let developer_power = developer_fields.iter().find_map(|&(number, developer_index, field)| {
            developer_power
                .iter()
                .find(|p| p.developer_index == developer_index && p.field_number == number)
                .map(|p| Field { base: p.base, ..field })
        });
        if let Some(field) = developer_power {
            // Checked like a native field: a developer field whose size does not fit its type
            // is unreadable.
            let fits = field.size >= base_size(field.base) && field.size % base_size(field.base) == 0;
            if fits {
                plan.add(field, Slot::DeveloperPower);
            }
        }
        plan
    });
    let definition = Definition {
        global,
        big_endian,
        size: usize::from(offset),
        fields,
        timestamp,
        record,
    };
    Ok((definition, at))
}
