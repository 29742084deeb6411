//! The browser's local clock: the only place the app reads the time.

use crate::progress::Day;

fn now() -> js_sys::Date {
    js_sys::Date::new_0()
}

/// Today in the user's time zone.
pub fn today() -> Day {
    let d = now();
    Day::new(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_else(|| Day::new(2023, 1, 1).expect("valid"))
}

/// Local time "YYYY-MM-DDTHH:MM:SS" for the history.
pub fn timestamp() -> String {
    let d = now();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}
