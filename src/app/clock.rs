//! The browser's local clock and randomness: the only place the app reads them.

use crate::progress::{Day, Timestamp};

fn now_js() -> js_sys::Date {
    js_sys::Date::new_0()
}

/// Today in the user's time zone; None if the clock gives no date.
pub fn today() -> Option<Day> {
    let d = now_js();
    Day::new(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// The local time now, to the millisecond; Err(year) when the computer's
/// clock is outside the years a change may carry (see `Timestamp::YEARS`).
pub fn now() -> Result<Timestamp, i32> {
    let d = now_js();
    let year = d.get_full_year() as i32;
    let day = Day::new(year, d.get_month() + 1, d.get_date()).ok_or(year)?;
    let small = |n: u32| u8::try_from(n).unwrap_or(0);
    Timestamp::new(day, small(d.get_hours()), small(d.get_minutes()), small(d.get_seconds()), d.get_milliseconds() as u16).ok_or(year)
}

/// A random id for this page load (which tab wrote a stored head).
pub fn tab_id() -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..10).map(|_| DIGITS[(js_sys::Math::random() * 36.0) as usize % 36] as char).collect()
}

/// A new notice's id in the library: 16 random hex digits (64 bits).
pub fn notice_id() -> String {
    (0..16).map(|_| char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16).unwrap_or('0')).collect()
}
