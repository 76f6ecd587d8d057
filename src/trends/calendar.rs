//! Local calendar days, ISO weeks and months, and the zone that turns a run's UTC start into its
//! local day.

use std::fmt;

/// A calendar day: days since 1970-01-01 (proleptic Gregorian).
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// The day of a date, if it exists.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Self> {
        let days_in_month = crate::time::days_in_month(year, month)?;
        (day >= 1 && day <= days_in_month).then(|| Day(crate::time::days_from_civil(year, month, day)))
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// # Examples
    /// ```
    /// use gluteus::trends::Day;
    /// assert_eq!(Day::parse("2026-06-01").unwrap().to_string(), "2026-06-01");
    /// assert!(Day::parse("2026-02-30").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse::<i64>().ok()?;
        let month = parts.next()?.parse::<u32>().ok()?;
        let day = parts.next()?.parse::<u32>().ok()?;
        Self::from_ymd(year, month, day)
    }

    /// The local day of a UTC instant at an offset (local minus UTC, s).
    pub fn of_instant(unix_s: f64, offset_s: f64) -> Self {
        #[allow(clippy::cast_possible_truncation)]
        Day(((unix_s + offset_s) / 86_400.0).floor() as i64)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i64, u32, u32) {
        let (y, m, d) = crate::time::civil_from_days(self.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (y, m as u32, d as u32)
    }

    /// 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }

    /// The Monday of its ISO week.
    pub fn monday(self) -> Self {
        Day(self.0 - self.weekday())
    }

    /// Its ISO 8601 week: the year of the week's Thursday and the week's number in it.
    pub fn iso_week(self) -> (i64, u32) {
        let thursday = Day(self.monday().0 + 3);
        let (year, _, _) = thursday.ymd();
        let first = Day(crate::time::days_from_civil(year, 1, 1));
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let week = ((thursday.0 - first.0) / 7 + 1) as u32;
        (year, week)
    }

    /// `2026-W23`.
    pub fn week_label(self) -> String {
        let (year, week) = self.iso_week();
        format!("{year}-W{week:02}")
    }

    /// `2026-06`.
    pub fn month_label(self) -> String {
        let (year, month, _) = self.ymd();
        format!("{year}-{month:02}")
    }

    /// The first day of its month.
    pub fn month_start(self) -> Self {
        let (year, month, _) = self.ymd();
        Day(crate::time::days_from_civil(year, month, 1))
    }

    /// The first day of the next month.
    pub fn next_month(self) -> Self {
        let (year, month, _) = self.ymd();
        let (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        Day(crate::time::days_from_civil(year, month, 1))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The zone `--tz` names: a fixed offset or an IANA zone (from the time-zone database compiled in,
/// so that the same archive gives the same days on every machine).
#[derive(Clone, Debug)]
pub enum Zone {
    /// A fixed offset, s (`UTC`, `+02:00`, `-0530`).
    Fixed(i64),
    /// An IANA zone (`Europe/Paris`), with its daylight-saving rules.
    Named(String, jiff::tz::TimeZone),
}

impl Zone {
    /// Parses `UTC`, `Z`, `+02:00`, `-05`, `+0530` or an IANA name.
    ///
    /// # Errors
    /// A one-line message when it is neither.
    ///
    /// # Examples
    /// ```
    /// use gluteus::trends::Zone;
    /// // 2026-07-19T23:30:00Z is 01:30 on Monday 20 July in Paris (summer time, +02:00).
    /// assert_eq!(Zone::parse("Europe/Paris").unwrap().offset_at(1_784_503_800.0), 7200.0);
    /// assert_eq!(Zone::parse("-05:30").unwrap().offset_at(0.0), -19_800.0);
    /// assert!(Zone::parse("Mars/Olympus").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
            return Ok(Zone::Fixed(0));
        }
        if let Some(rest) = t.strip_prefix('+').or_else(|| t.strip_prefix('-')) {
            let sign = if t.starts_with('-') { -1 } else { 1 };
            let digits: String = rest.chars().filter(|c| *c != ':').collect();
            let (h, m) = match digits.len() {
                1 | 2 => (digits.parse::<i64>().ok(), Some(0)),
                4 => (digits[..2].parse::<i64>().ok(), digits[2..].parse::<i64>().ok()),
                _ => (None, None),
            };
            return match (h, m) {
                (Some(h), Some(m)) if h <= 14 && m < 60 && digits.chars().all(|c| c.is_ascii_digit()) => {
                    Ok(Zone::Fixed(sign * (h * 3600 + m * 60)))
                }
                _ => Err(format!("--tz {text}: not an offset such as +02:00")),
            };
        }
        jiff::tz::TimeZone::get(t)
            .map(|zone| Zone::Named(t.to_owned(), zone))
            .map_err(|_| {
                format!("--tz {text}: not a time zone (an IANA name such as Europe/Paris, or an offset such as +02:00)")
            })
    }

    /// Local time minus UTC at an instant, s.
    pub fn offset_at(&self, unix_s: f64) -> f64 {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Zone::Fixed(offset) => *offset as f64,
            Zone::Named(_, zone) => {
                #[allow(clippy::cast_possible_truncation)]
                let second = unix_s.floor() as i64;
                jiff::Timestamp::from_second(second).map_or(0.0, |t| f64::from(zone.to_offset(t).seconds()))
            }
        }
    }

    /// How it was given.
    pub fn name(&self) -> String {
        match self {
            Zone::Fixed(0) => "UTC".to_owned(),
            Zone::Fixed(offset) => {
                let sign = if *offset < 0 { '-' } else { '+' };
                let a = offset.abs();
                format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
            }
            Zone::Named(name, _) => name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_at_year_ends() {
        // 2026-06-01 is a Monday in W23; 2021-01-03 (Sunday) is in 2020-W53; 2024-12-30 in 2025-W01.
        let cases = [
            ((2026, 6, 1), "2026-W23", 0),
            ((2021, 1, 3), "2020-W53", 6),
            ((2024, 12, 30), "2025-W01", 0),
        ];
        for ((y, m, d), label, weekday) in cases {
            let day = Day::from_ymd(y, m, d).unwrap();
            assert_eq!(day.week_label(), label, "{day}");
            assert_eq!(day.weekday(), weekday, "{day}");
        }
        assert_eq!(Day::of_instant(1_784_503_800.0, 7200.0).to_string(), "2026-07-20");
        assert_eq!(Day::of_instant(1_784_503_800.0, 0.0).to_string(), "2026-07-19");
    }
}
