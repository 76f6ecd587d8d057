//! Every FIT message and field as fitparser decodes them with the full FIT profile: names, values,
//! units, and UTC times. Used by `gluteus inspect --messages` and as the reference decoder in tests.

use crate::time::format_rfc3339;
use fitparser::Value;
use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use serde::Serialize;

/// One decoded field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageField {
    /// The profile's field name (`heart_rate`, `unknown_field_88`, or a developer field's name).
    pub name: String,
    /// The value: a number, a string, an RFC 3339 UTC time, an array, or null when invalid.
    pub value: serde_json::Value,
    /// The profile's units (`bpm`, `m`, `semicircles`), empty when none.
    pub units: String,
}

/// One decoded data message.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    /// The profile's message name (`record`, `session`, `unknown_233`).
    pub name: String,
    /// Its fields.
    pub fields: Vec<MessageField>,
}

/// The messages of a file and, when decoding stopped early, why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageDump {
    /// The messages before the end or the damage.
    pub messages: Vec<Message>,
    /// fitparser's error if it could not decode the whole file.
    pub error: Option<String>,
}

fn json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Timestamp(t) => {
            // Precision: fitparser's times are whole seconds or milliseconds.
            #[allow(clippy::cast_precision_loss)]
            let unix = t.timestamp() as f64 + f64::from(t.timestamp_subsec_millis()) / 1000.0;
            J::String(format_rfc3339(unix))
        }
        Value::Byte(v) | Value::Enum(v) | Value::UInt8(v) | Value::UInt8z(v) => J::from(*v),
        Value::SInt8(v) => J::from(*v),
        Value::SInt16(v) => J::from(*v),
        Value::UInt16(v) | Value::UInt16z(v) => J::from(*v),
        Value::SInt32(v) => J::from(*v),
        Value::UInt32(v) | Value::UInt32z(v) => J::from(*v),
        Value::SInt64(v) => J::from(*v),
        Value::UInt64(v) | Value::UInt64z(v) => J::from(*v),
        Value::Float32(v) => J::from(f64::from(*v)),
        Value::Float64(v) => J::from(*v),
        Value::String(s) => J::String(s.clone()),
        Value::Array(items) => J::Array(items.iter().map(json).collect()),
        Value::Invalid => J::Null,
    }
}

/// Decodes every message of a FIT byte stream (chained files included) with fitparser's streaming
/// processor, keeping what precedes any damage. CRCs are not enforced here; gluteus's own decoder
/// reports them.
///
/// # Examples
/// ```
/// let dump = gluteus::ingest::fit::messages(b"not a fit file");
/// assert!(dump.messages.is_empty());
/// assert!(dump.error.is_some());
/// ```
pub fn messages(bytes: &[u8]) -> MessageDump {
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    let mut rest = bytes;
    let mut messages = Vec::new();
    let mut error = None;
    while !rest.is_empty() {
        let (next, object) = match processor.deserialize_next(rest) {
            Ok(step) => step,
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        };
        match object {
            FitObject::Crc(_) => processor.reset(),
            FitObject::DataMessage(message) => match processor.decode_message(message) {
                Ok(record) => messages.push(Message {
                    name: record.kind().to_string(),
                    fields: record
                        .fields()
                        .iter()
                        .map(|f| MessageField {
                            name: f.name().to_owned(),
                            value: json(f.value()),
                            units: f.units().to_owned(),
                        })
                        .collect(),
                }),
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            },
            FitObject::Header(_) | FitObject::DefinitionMessage(_) => {}
        }
        rest = next;
    }
    MessageDump { messages, error }
}
