//! A calendar day, serialized as "YYYY-MM-DD". The browser edge supplies
//! "today"; the core never reads a clock.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::{Date, Month};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
        Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok().map(Day)
    }

    /// "2023-09-30" (also the first 10 chars of a timestamp "2023-09-30T14:05").
    pub fn parse(text: &str) -> Option<Day> {
        // The form every stored and exported day has, read straight from its
        // bytes: a year's store holds ~16,000 of them, read at opening, where
        // splitting and three `str::parse` calls were a quarter of the time.
        if let Some(&[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) = text.as_bytes().get(..10) {
            let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
            if digits.iter().all(u8::is_ascii_digit) {
                let n = |ds: &[u8]| ds.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
                return Day::new(n(&digits[..4]) as i32, n(&digits[4..6]), n(&digits[6..]));
            }
        }
        Day::by_parts(text)
    }

    /// Any other text: its first 10 characters split at '-' and read as numbers.
    fn by_parts(text: &str) -> Option<Day> {
        let mut parts = text.get(..10)?.split('-');
        let (y, m, d) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
        Day::new(y, m, d)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        u8::from(self.0.month()).into()
    }

    pub fn day(self) -> u32 {
        self.0.day().into()
    }

    /// Last day of `month` in `year` (month 1–12).
    pub fn end_of_month(year: i32, month: u32) -> Option<Day> {
        let m = Month::try_from(u8::try_from(month).ok()?).ok()?;
        Day::new(year, month, time::util::days_in_month(m, year).into())
    }

    /// The day after (saturating at the calendar's end).
    pub fn next(self) -> Day {
        self.0.next_day().map_or(self, Day)
    }

    /// The day `days` after this one, if the calendar has it.
    pub fn after(self, days: u32) -> Option<Day> {
        self.0.checked_add(time::Duration::days(days.into())).map(Day)
    }

    /// Whole days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(self, other: Day) -> i64 {
        (other.0 - self.0).whole_days()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        // A visitor over the borrowed text: a year of observations is ~15k days to read at every opening.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Day;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("日期字符串（如 2023-09-30）")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Day, E> {
                let refused = || E::custom(format!("不是有效日期（应为 2023-09-30 这样的写法）：“{}”", super::jsonpath::quoted(text)));
                if text.len() != 10 {
                    return Err(refused());
                }
                Day::parse(text).ok_or_else(refused)
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_format_and_arithmetic() {
        let d = Day::parse("2023-09-30").unwrap();
        assert_eq!(d.to_string(), "2023-09-30");
        assert_eq!(Day::parse("2023-09-30T14:05"), Some(d));
        assert_eq!(Day::parse("2023-02-30"), None);
        assert_eq!(Day::parse("20230930"), None);
        assert_eq!(Day::end_of_month(2024, 2).unwrap().to_string(), "2024-02-29");
        assert_eq!(Day::new(2023, 1, 1).unwrap().days_until(Day::new(2023, 12, 31).unwrap()), 364);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, "\"2023-09-30\"");
        assert!(serde_json::from_str::<Day>("\"2023-13-01\"").unwrap_err().to_string().contains("不是有效日期"));
    }

    // The fast path must agree with the general reading, `Day::by_parts`.

    proptest::proptest! {
        #[test]
        fn the_fast_path_reads_as_the_parts_do(text in "[0-9+-]{4}-[0-9+]{2}-[0-9+-]{2}[T0-9:]{0,6}", y in 0u32..10000, m in 0u32..100, d in 0u32..100) {
            proptest::prop_assert_eq!(Day::parse(&text), Day::by_parts(&text));
            let formatted = format!("{y:04}-{m:02}-{d:02}");
            proptest::prop_assert_eq!(Day::parse(&formatted), Day::by_parts(&formatted));
        }
    }
}
