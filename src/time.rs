//! UTC instants as seconds since the Unix epoch, with RFC 3339 formatting and a fast ISO 8601 parser
//! for the timestamps of GPX and TCX files. Everything in gluteus is UTC; local offsets are only kept
//! as numbers (`utc_offset_s`).

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_S: i64 = 631_065_600;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The days of a month of the proleptic Gregorian calendar; `None` for a month that is not 1-12.
pub(crate) fn days_in_month(year: i64, month: u32) -> Option<u32> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// The date of a day number since 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats Unix seconds as RFC 3339 UTC (`2026-01-05T07:00:00Z`), with milliseconds only when the
/// instant has a fractional part.
///
/// # Examples
/// ```
/// assert_eq!(gluteus::time::format_rfc3339(1_767_596_400.0), "2026-01-05T07:00:00Z");
/// assert_eq!(gluteus::time::format_rfc3339(0.25), "1970-01-01T00:00:00.250Z");
/// ```
pub fn format_rfc3339(unix_s: f64) -> String {
    // Round to whole milliseconds first so that 59.9996 s does not print as 60 s.
    #[allow(clippy::cast_possible_truncation)]
    let total_ms = (unix_s * 1000.0).round() as i64;
    let seconds = total_ms.div_euclid(1000);
    let millis = total_ms.rem_euclid(1000);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    let (hour, minute, second) = (of_day / 3600, of_day / 60 % 60, of_day % 60);
    if millis == 0 {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
    }
}

/// A UTC instant to the millisecond: what `start_time` is in an analysis. It serialises as RFC 3339
/// (`2026-01-05T07:00:00Z`, milliseconds only when there are some) and reads back to the same value.
///
/// # Examples
/// ```
/// use gluteus::time::Timestamp;
/// let t = Timestamp::from_unix_s(1_767_596_400.25);
/// assert_eq!(t.to_string(), "2026-01-05T07:00:00.250Z");
/// assert_eq!(t.unix_s(), 1_767_596_400.25);
/// assert_eq!("2026-01-05T08:00:00.250+01:00".parse::<Timestamp>(), Ok(t));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    unix_ms: i64,
}

impl Timestamp {
    /// The instant of Unix seconds, rounded to the millisecond.
    pub fn from_unix_s(unix_s: f64) -> Self {
        #[allow(clippy::cast_possible_truncation)]
        let millis = (unix_s * 1000.0).round() as i64;
        Self { unix_ms: millis }
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_ms(self) -> i64 {
        self.unix_ms
    }

    /// Seconds since the Unix epoch.
    #[allow(clippy::cast_precision_loss)] // exact for any date within 285,000 years
    pub fn unix_s(self) -> f64 {
        self.unix_ms as f64 / 1000.0
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        #[allow(clippy::cast_precision_loss)]
        f.write_str(&format_rfc3339(self.unix_ms as f64 / 1000.0))
    }
}

/// A text that is not an RFC 3339 date-time with a zone.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an rfc 3339 date-time with a zone: {0:?}")]
pub struct TimestampError(String);

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match parse_iso8601(text.as_bytes()) {
            Some((unix_s, Zone::Explicit)) => Ok(Self::from_unix_s(unix_s)),
            _ => Err(TimestampError(text.to_owned())),
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How a parsed timestamp declared its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// `Z` or a numeric offset: the instant is exact.
    Explicit,
    /// No zone at all: read as UTC, which the caller should warn about.
    Missing,
}

fn digits(bytes: &[u8], at: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(at..at + count)?;
    let mut value = 0_u32;
    for &b in slice {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    Some(value)
}

/// Parses an ISO 8601 / RFC 3339 date-time (`2017-07-29T14:46:35Z`, with optional fraction and
/// `Z`, `+hh:mm`, `+hhmm` or no zone) into Unix seconds. Leading and trailing white space is allowed.
/// Returns `None` for anything else, including impossible dates.
///
/// # Examples
/// ```
/// use gluteus::time::{parse_iso8601, Zone};
/// assert_eq!(parse_iso8601(b"1970-01-01T01:00:00+01:00"), Some((0.0, Zone::Explicit)));
/// assert_eq!(parse_iso8601(b" 1970-01-01T00:00:01.5 "), Some((1.5, Zone::Missing)));
/// assert_eq!(parse_iso8601(b"yesterday"), None);
/// ```
pub fn parse_iso8601(text: &[u8]) -> Option<(f64, Zone)> {
    parse_zoned(text).map(|(unix, zone, _)| (unix, zone))
}

/// Like [`parse_iso8601`], with the offset the text gives (local time minus UTC, s): `Some(0)` for
/// `Z`, `None` when it gives no zone.
///
/// # Examples
/// ```
/// use gluteus::time::parse_iso8601_offset;
/// assert_eq!(parse_iso8601_offset(b"2026-06-07T23:30:00+02:00"), Some((1_780_867_800.0, Some(7200))));
/// assert_eq!(parse_iso8601_offset(b"2026-06-07T21:30:00Z"), Some((1_780_867_800.0, Some(0))));
/// assert_eq!(parse_iso8601_offset(b"2026-06-07T21:30:00"), Some((1_780_867_800.0, None)));
/// ```
pub fn parse_iso8601_offset(text: &[u8]) -> Option<(f64, Option<i64>)> {
    parse_zoned(text).map(|(unix, zone, offset)| (unix, (zone == Zone::Explicit).then_some(offset)))
}

/// Unix seconds, whether a zone was given, and its offset, s.
fn parse_zoned(text: &[u8]) -> Option<(f64, Zone, i64)> {
    let text = text.trim_ascii();
    let year = digits(text, 0, 4)?;
    if text.get(4) != Some(&b'-') || text.get(7) != Some(&b'-') || !matches!(text.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (month, day) = (digits(text, 5, 2)?, digits(text, 8, 2)?);
    if text.get(13) != Some(&b':') || text.get(16) != Some(&b':') {
        return None;
    }
    let (hour, minute, second) = (digits(text, 11, 2)?, digits(text, 14, 2)?, digits(text, 17, 2)?);
    let days_in_month = days_in_month(i64::from(year), month)?;
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut fraction = 0.0;
    if matches!(text.get(at), Some(b'.' | b',')) {
        at += 1;
        let mut scale = 0.1;
        let start = at;
        while let Some(b) = text.get(at).filter(|b| b.is_ascii_digit()) {
            fraction += f64::from(b - b'0') * scale;
            scale /= 10.0;
            at += 1;
        }
        if at == start {
            return None;
        }
    }
    let (offset_s, zone) = match text.get(at) {
        None => (0, Zone::Missing),
        Some(b'Z' | b'z') if at + 1 == text.len() => (0, Zone::Explicit),
        Some(&sign @ (b'+' | b'-')) => {
            let hours = digits(text, at + 1, 2)?;
            let rest = &text[at + 3..];
            let minutes = match rest {
                [] => 0,
                [b':', m1, m2] | [m1, m2] => digits(&[*m1, *m2], 0, 2)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            (if sign == b'+' { offset } else { -offset }, Zone::Explicit)
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(year), month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_s;
    #[allow(clippy::cast_precision_loss)]
    let unix = seconds as f64 + fraction;
    Some((unix, zone, offset_s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_four_centuries() {
        for days in (-200_000..200_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let back = days_from_civil(y, m as u32, d as u32);
            assert_eq!(back, days);
        }
    }

    #[test]
    fn parses_the_spellings_real_exports_use() {
        let cases: [(&[u8], f64); 6] = [
            (b"2017-07-29T14:46:35Z", 1_501_339_595.0),
            (b"2017-07-29T14:46:35.000Z", 1_501_339_595.0),
            (b"2023-09-30T06:50:34.123Z", 1_696_056_634.123),
            (b"2017-07-29T16:46:35+02:00", 1_501_339_595.0),
            (b"2017-07-29T12:46:35-0200", 1_501_339_595.0),
            (b"1901-12-13T20:45:52Z", -2_147_483_648.0),
        ];
        for (text, want) in cases {
            let (got, zone) = parse_iso8601(text).unwrap();
            assert!((got - want).abs() < 1e-6, "{}", String::from_utf8_lossy(text));
            assert_eq!(zone, Zone::Explicit);
        }
    }

    #[test]
    fn refuses_impossible_or_malformed_dates() {
        for text in [
            &b"2017-02-29T00:00:00Z"[..],
            b"2017-13-01T00:00:00Z",
            b"2017-01-01",
            b"2017-01-01T00:00:00Q",
            b"2017-01-01T00:00:00.",
        ] {
            assert_eq!(parse_iso8601(text), None, "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn formats_with_millis_only_when_needed() {
        assert_eq!(format_rfc3339(1_501_339_595.0), "2017-07-29T14:46:35Z");
        assert_eq!(format_rfc3339(1_696_056_634.123), "2023-09-30T06:50:34.123Z");
        assert_eq!(format_rfc3339(-2_147_483_648.0), "1901-12-13T20:45:52Z");
    }
}
