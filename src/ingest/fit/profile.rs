//! The part of the FIT profile gluteus reads and the simulator writes, in one table: message
//! numbers, field numbers, base types, scales and the enum values used. Names come from the Garmin
//! FIT SDK profile (21.x); fitparser's full profile is used for everything else (names of sports,
//! manufacturers, products).

/// Global message numbers.
pub(crate) mod mesg {
    pub(crate) const FILE_ID: u16 = 0;
    pub(crate) const USER_PROFILE: u16 = 3;
    pub(crate) const SPORT: u16 = 12;
    pub(crate) const SESSION: u16 = 18;
    pub(crate) const LAP: u16 = 19;
    pub(crate) const RECORD: u16 = 20;
    pub(crate) const EVENT: u16 = 21;
    pub(crate) const DEVICE_INFO: u16 = 23;
    pub(crate) const ACTIVITY: u16 = 34;
    pub(crate) const FIELD_DESCRIPTION: u16 = 206;
}

/// Base types (with their endian bit where multi-byte).
pub(crate) mod base {
    pub(crate) const ENUM: u8 = 0x00;
    pub(crate) const SINT8: u8 = 0x01;
    pub(crate) const UINT8: u8 = 0x02;
    pub(crate) const UINT16: u8 = 0x84;
    pub(crate) const SINT32: u8 = 0x85;
    pub(crate) const UINT32: u8 = 0x86;
    pub(crate) const STRING: u8 = 0x07;
    pub(crate) const UINT32Z: u8 = 0x8C;
}

/// Field numbers every message shares.
pub(crate) const TIMESTAMP: u8 = 253;
/// See [`TIMESTAMP`].
pub(crate) const MESSAGE_INDEX: u8 = 254;

/// `file_id` fields.
pub(crate) mod file_id {
    pub(crate) const TYPE: u8 = 0;
    pub(crate) const MANUFACTURER: u8 = 1;
    pub(crate) const PRODUCT: u8 = 2;
    pub(crate) const SERIAL_NUMBER: u8 = 3;
    pub(crate) const TIME_CREATED: u8 = 4;
    pub(crate) const PRODUCT_NAME: u8 = 8;
}

/// `device_info` fields.
pub(crate) mod device_info {
    pub(crate) const DEVICE_INDEX: u8 = 0;
    pub(crate) const MANUFACTURER: u8 = 2;
    pub(crate) const PRODUCT: u8 = 4;
    pub(crate) const SOFTWARE_VERSION: u8 = 5;
    pub(crate) const PRODUCT_NAME: u8 = 27;
}

/// `user_profile` fields.
pub(crate) mod user_profile {
    /// Body weight, 1/10 kg.
    pub(crate) const WEIGHT: u8 = 4;
    pub(crate) const WEIGHT_SCALE: f64 = 10.0;
}

/// `sport` fields.
pub(crate) mod sport {
    pub(crate) const SPORT: u8 = 0;
    pub(crate) const SUB_SPORT: u8 = 1;
}

/// `record` fields.
pub(crate) mod record {
    pub(crate) const POSITION_LAT: u8 = 0;
    pub(crate) const POSITION_LONG: u8 = 1;
    pub(crate) const ALTITUDE: u8 = 2;
    pub(crate) const HEART_RATE: u8 = 3;
    pub(crate) const CADENCE: u8 = 4;
    pub(crate) const DISTANCE: u8 = 5;
    pub(crate) const SPEED: u8 = 6;
    pub(crate) const POWER: u8 = 7;
    pub(crate) const COMPRESSED_SPEED_DISTANCE: u8 = 8;
    pub(crate) const TEMPERATURE: u8 = 13;
    pub(crate) const FRACTIONAL_CADENCE: u8 = 53;
    pub(crate) const ENHANCED_SPEED: u8 = 73;
    pub(crate) const ENHANCED_ALTITUDE: u8 = 78;
}

/// `event` fields and values.
pub(crate) mod event {
    pub(crate) const EVENT: u8 = 0;
    pub(crate) const EVENT_TYPE: u8 = 1;
    pub(crate) const EVENT_GROUP: u8 = 4;
    /// `event` values.
    pub(crate) const TIMER: u8 = 0;
    pub(crate) const SESSION: u8 = 8;
    pub(crate) const LAP: u8 = 9;
    pub(crate) const ACTIVITY: u8 = 26;
    /// `event_type` values.
    pub(crate) const START: u8 = 0;
    pub(crate) const STOP: u8 = 1;
    pub(crate) const STOP_ALL: u8 = 4;
    pub(crate) const STOP_DISABLE: u8 = 8;
    pub(crate) const STOP_DISABLE_ALL: u8 = 9;
}

/// `lap` and `session` fields (the same numbers for the totals they share).
pub(crate) mod totals {
    pub(crate) const EVENT: u8 = 0;
    pub(crate) const EVENT_TYPE: u8 = 1;
    pub(crate) const START_TIME: u8 = 2;
    pub(crate) const TOTAL_ELAPSED_TIME: u8 = 7;
    pub(crate) const TOTAL_TIMER_TIME: u8 = 8;
    pub(crate) const TOTAL_DISTANCE: u8 = 9;
    /// `lap` only.
    pub(crate) const LAP_TOTAL_ASCENT: u8 = 21;
    /// `lap` only.
    pub(crate) const LAP_TOTAL_DESCENT: u8 = 22;
    /// `lap` only.
    pub(crate) const LAP_TRIGGER: u8 = 24;
    /// `lap` only.
    pub(crate) const LAP_SPORT: u8 = 25;
    /// `session` only.
    pub(crate) const SESSION_SPORT: u8 = 5;
    /// `session` only.
    pub(crate) const SESSION_SUB_SPORT: u8 = 6;
    /// `session` only.
    pub(crate) const SESSION_TOTAL_ASCENT: u8 = 22;
    /// `session` only.
    pub(crate) const SESSION_TOTAL_DESCENT: u8 = 23;
    /// `session` only.
    pub(crate) const SESSION_FIRST_LAP_INDEX: u8 = 25;
    /// `session` only.
    pub(crate) const SESSION_NUM_LAPS: u8 = 26;
}

/// `activity` fields.
pub(crate) mod activity {
    pub(crate) const TOTAL_TIMER_TIME: u8 = 0;
    pub(crate) const NUM_SESSIONS: u8 = 1;
    pub(crate) const TYPE: u8 = 2;
    pub(crate) const EVENT: u8 = 3;
    pub(crate) const EVENT_TYPE: u8 = 4;
    pub(crate) const LOCAL_TIMESTAMP: u8 = 5;
}

/// `field_description` fields.
pub(crate) mod field_description {
    pub(crate) const DEVELOPER_DATA_INDEX: u8 = 0;
    pub(crate) const FIELD_DEFINITION_NUMBER: u8 = 1;
    pub(crate) const BASE_TYPE_ID: u8 = 2;
    pub(crate) const FIELD_NAME: u8 = 3;
    pub(crate) const NATIVE_MESG_NUM: u8 = 14;
    pub(crate) const NATIVE_FIELD_NUM: u8 = 15;
}

/// Scales and offsets: a stored value is `(value + offset) × scale`.
pub(crate) mod scale {
    /// Degrees per semicircle.
    pub(crate) const DEGREES_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;
    /// Altitude: 1/5 m, offset 500 m.
    pub(crate) const ALTITUDE: (f64, f64) = (5.0, 500.0);
    /// Distances in centimetres.
    pub(crate) const DISTANCE: f64 = 100.0;
    /// Speeds in mm/s.
    pub(crate) const SPEED: f64 = 1000.0;
    /// Times (`total_*_time`) in ms.
    pub(crate) const TIME: f64 = 1000.0;
    /// Fractional cadence in 1/128 of a cycle.
    pub(crate) const FRACTIONAL_CADENCE: f64 = 128.0;
}

/// `sport` and `sub_sport` values the simulator writes.
pub(crate) mod sports {
    pub(crate) const RUNNING: u8 = 1;
    /// `sub_sport` by name (generic 0 for anything else).
    pub(crate) const SUB_SPORTS: [(&str, u8); 4] = [("treadmill", 1), ("street", 2), ("trail", 3), ("track", 4)];
}
