//! The days a 督查 office reports at: the ends of the list's quarters, its
//! year end, and today. The toolbar offers them as presets for the 截至日期;
//! a notice opens at the day last chosen for it (`opening_day`).

use crate::progress::Day;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Q1,
    Q2,
    Q3,
    YearEnd,
    Today,
}

impl Preset {
    pub const ALL: [Preset; 5] = [Preset::Q1, Preset::Q2, Preset::Q3, Preset::YearEnd, Preset::Today];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Q1 => "一季度末",
            Preset::Q2 => "二季度末",
            Preset::Q3 => "三季度末",
            Preset::YearEnd => "年末",
            Preset::Today => "今天",
        }
    }

    /// For element ids: `as-of-q1` … `as-of-today`.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Q1 => "q1",
            Preset::Q2 => "q2",
            Preset::Q3 => "q3",
            Preset::YearEnd => "year-end",
            Preset::Today => "today",
        }
    }

    /// The day of this preset for a list of `year`.
    pub fn day(self, year: i32, today: Day) -> Day {
        let (month, day) = match self {
            Preset::Q1 => (3, 31),
            Preset::Q2 => (6, 30),
            Preset::Q3 => (9, 30),
            Preset::YearEnd => (12, 31),
            Preset::Today => return today,
        };
        Day::new(year, month, day).expect("a quarter's last day exists in every year")
    }
}

/// The 截至日期 a notice opens at: the day last chosen for it (`remembered`);
/// else, once the list's year is over, its year end (a 2023 list opened in
/// 2026 is read as the year it was); else today.
pub fn opening_day(year: i32, today: Day, remembered: Option<Day>) -> Day {
    let year_end = Preset::YearEnd.day(year, today);
    remembered.unwrap_or(if today > year_end { year_end } else { today })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_opens_at_its_last_day_else_its_year_end_once_over_else_today() {
        let day = |s| Day::parse(s).unwrap();
        assert_eq!(opening_day(2023, day("2026-12-06"), None), day("2023-12-31"));
        assert_eq!(opening_day(2023, day("2026-12-06"), Some(day("2023-09-30"))), day("2023-09-30"));
        assert_eq!(opening_day(2026, day("2026-12-06"), None), day("2026-12-06"));
        assert_eq!(opening_day(2026, day("2026-12-06"), Some(day("2026-09-30"))), day("2026-09-30"));
        assert_eq!(opening_day(2023, day("2023-12-31"), None), day("2023-12-31"));
    }

    #[test]
    fn quarter_ends_of_the_lists_year_and_today() {
        let today = Day::parse("2026-12-06").unwrap();
        let days: Vec<String> = Preset::ALL.iter().map(|p| p.day(2023, today).to_string()).collect();
        assert_eq!(days, ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31", "2026-12-06"]);
        // A leap year changes none of them.
        assert_eq!(Preset::Q1.day(2024, today).to_string(), "2024-03-31");
        let labels: Vec<&str> = Preset::ALL.iter().map(|p| p.label()).collect();
        assert_eq!(labels, ["一季度末", "二季度末", "三季度末", "年末", "今天"]);
    }
}
