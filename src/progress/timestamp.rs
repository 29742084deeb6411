//! When a change was made: a local date and time to the millisecond, over
//! `time`'s `PrimitiveDateTime` (no zone: every copy records its own
//! wall clock, as the user reads it). Validated whenever it is read, so
//! `"2023-9-30"` or `""` never reach the merge as text to compare.
//!
//! Written `YYYY-MM-DDTHH:MM:SS`, with `.mmm` only when the milliseconds are
//! not zero: every timestamp release 0.1 wrote reads back as the same text.
//! `PRIOR` is "before the history began" (a value a copy held without a
//! recorded change, e.g. migrated from schema 1); it sorts before every real
//! time and is written `""`, as release 0.1's merge wrote it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, PrimitiveDateTime, Time};

use super::day::Day;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(PrimitiveDateTime);

/// Years a timestamp may carry: nobody edited progress before 1990 or will after 2999,
/// and a wider range only lets a wrong clock or a hostile file win every merge.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2999;

impl Timestamp {
    /// Before the history began: older than any recorded change.
    pub const PRIOR: Timestamp = Timestamp(PrimitiveDateTime::MIN);

    pub fn new(day: Day, hour: u8, minute: u8, second: u8, millisecond: u16) -> Option<Timestamp> {
        if !YEARS.contains(&day.year()) {
            return None;
        }
        let month = Month::try_from(u8::try_from(day.month()).ok()?).ok()?;
        let date = Date::from_calendar_date(day.year(), month, u8::try_from(day.day()).ok()?).ok()?;
        let time = Time::from_hms_milli(hour, minute, second, millisecond).ok()?;
        Some(Timestamp(PrimitiveDateTime::new(date, time)))
    }

    /// `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DDTHH:MM:SS.mmm`, exactly (two-digit
    /// fields, a real calendar day, a year in `YEARS`); `""` is not a time.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if !(b.len() == 19 || b.len() == 23) || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            b.get(range)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        let millisecond = if b.len() == 23 {
            if b[19] != b'.' {
                return None;
            }
            digits(20..23)?
        } else {
            0
        };
        let day = Day::new(i32::try_from(digits(0..4)?).ok()?, digits(5..7)?, digits(8..10)?)?;
        let small = |n: u32| u8::try_from(n).ok();
        Timestamp::new(day, small(digits(11..13)?)?, small(digits(14..16)?)?, small(digits(17..19)?)?, u16::try_from(millisecond).ok()?)
    }

    /// Like `parse`, and `""` is `PRIOR` (how release 0.1 stored it in a history).
    pub fn parse_or_prior(text: &str) -> Option<Timestamp> {
        if text.is_empty() {
            Some(Timestamp::PRIOR)
        } else {
            Timestamp::parse(text)
        }
    }

    pub fn is_prior(self) -> bool {
        self == Timestamp::PRIOR
    }

    /// The calendar day (None for `PRIOR`).
    pub fn day(self) -> Option<Day> {
        if self.is_prior() {
            return None;
        }
        let d = self.0.date();
        Day::new(d.year(), u8::from(d.month()).into(), d.day().into())
    }

    /// Whole seconds from `self` to `later` (negative if earlier).
    pub fn seconds_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).whole_seconds()
    }

    /// `2023-10-08 10:05:00`, as shown to people (`PRIOR`: 导入前已有).
    pub fn shown(self) -> String {
        if self.is_prior() {
            return "（记录之前）".to_string();
        }
        let t = self.0;
        format!("{} {:02}:{:02}:{:02}", self.day().map(|d| d.to_string()).unwrap_or_default(), t.hour(), t.minute(), t.second())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_prior() {
            return Ok(());
        }
        let t = self.0;
        let d = t.date();
        write!(f, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", d.year(), u8::from(d.month()), d.day(), t.hour(), t.minute(), t.second())?;
        if t.millisecond() != 0 {
            write!(f, ".{:03}", t.millisecond())?;
        }
        Ok(())
    }
}

impl FromStr for Timestamp {
    type Err = String;

    fn from_str(text: &str) -> Result<Timestamp, String> {
        Timestamp::parse_or_prior(text).ok_or_else(|| not_a_time(text))
    }
}

fn not_a_time(text: &str) -> String {
    let shown = super::jsonpath::quoted(text);
    format!("不是有效的时间（应为 2023-10-31T09:00:00 这样的写法，年份 {}–{}）：“{shown}”", YEARS.start(), YEARS.end())
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("时间字符串（如 2023-10-31T09:00:00）")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// A timestamp that must be a real time (`PRIOR`, written `""`, is refused):
/// when a record was saved, a snapshot exported, a backup taken.
pub mod real {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        t.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let t = Timestamp::deserialize(d)?;
        if t.is_prior() {
            return Err(serde::de::Error::custom(not_a_time("")));
        }
        Ok(t)
    }
}

/// A timestamp literal in unit tests.
#[cfg(test)]
pub(crate) fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap_or_else(|| panic!("not a timestamp: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_write_back_the_same_text() {
        for text in ["2023-10-08T10:05:00", "2023-10-08T10:05:00.250", "2024-02-29T23:59:59.001", "1990-01-01T00:00:00"] {
            assert_eq!(ts(text).to_string(), text);
        }
        assert_eq!(ts("2023-10-08T10:05:00.000").to_string(), "2023-10-08T10:05:00", "zero milliseconds are not written");
        assert_eq!(ts("2023-10-08T10:05:00").day(), Day::parse("2023-10-08"));
    }

    #[test]
    fn malformed_times_are_refused() {
        for text in [
            "",
            "2023-9-30",
            "2023-09-30",
            "2023-09-30T1:00:00",
            "2023-09-30 10:00:00",
            "2023-02-30T10:00:00",
            "2023-09-30T24:00:00",
            "2023-09-30T10:60:00",
            "2023-09-30T10:00:00Z",
            "2023-09-30T10:00:00.5",
            "1989-12-31T23:59:59",
            "3000-01-01T00:00:00",
            "２０２３-09-30T10:00:00",
            "+023-09-30T10:00:00",
        ] {
            assert_eq!(Timestamp::parse(text), None, "{text:?}");
        }
        let err = serde_json::from_str::<Timestamp>("\"2023-9-30\"").unwrap_err().to_string();
        assert!(err.contains("不是有效的时间") && err.contains("2023-9-30"), "{err}");
    }

    #[test]
    fn order_is_time_order_and_prior_comes_first() {
        // As text "2023-9-30" > "2023-10-05"; as time it is earlier.
        assert!(Timestamp::parse("2023-09-30T00:00:00").unwrap() < ts("2023-10-05T00:00:00"));
        assert!(ts("2023-10-05T00:00:00") < ts("2023-10-05T00:00:00.001"));
        assert!(Timestamp::PRIOR < ts("1990-01-01T00:00:00"));
        assert_eq!(Timestamp::PRIOR.to_string(), "");
        assert_eq!("".parse::<Timestamp>(), Ok(Timestamp::PRIOR));
        assert_eq!(serde_json::to_string(&Timestamp::PRIOR).unwrap(), "\"\"");
        assert_eq!(ts("2023-10-05T00:00:10").seconds_until(ts("2023-10-05T00:01:00")), 50);
    }

    #[test]
    fn real_times_refuse_prior() {
        #[derive(Deserialize)]
        struct Saved {
            #[serde(with = "real")]
            at: Timestamp,
        }
        assert!(serde_json::from_str::<Saved>(r#"{"at":""}"#).is_err());
        assert_eq!(serde_json::from_str::<Saved>(r#"{"at":"2023-10-05T00:00:10"}"#).unwrap().at, ts("2023-10-05T00:00:10"));
    }
}
