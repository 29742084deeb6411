//! The series the briefing charts draw, computed from the notice and the
//! progress at a day. Pure: the plotters drawing only lays these out.
//!
//! Completion counts every quantitative target, an unreported one as 0 %,
//! each capped at 100 % (an over-achieved target does not hide a late one);
//! "reported" says how many have a value, so an empty chart reads as "not
//! reported", not as "nothing done".

use crate::notice::{Item, Notice};
use crate::progress::schedule::{deadline, expected_share, light_for};
use crate::progress::{Day, ItemState, Light, Progress, Settings};
use crate::view::progress::{item_states, notice_year, subsidy_totals};

#[derive(Debug, Clone, PartialEq)]
pub struct CompletionBar {
    pub label: String,
    /// Mean capped share of the targets, 0–1.
    pub share: f64,
    /// Mean expected share of the same targets, 0–1 (the 序时进度 line).
    pub expected: f64,
    pub light: Light,
    pub targets: usize,
    pub reported: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubsidyBar {
    pub label: String,
    pub planned_wan: f64,
    pub disbursed_wan: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LightMix {
    pub label: String,
    /// Items per light, in `Light::ALL` order.
    pub counts: [usize; 4],
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimePoint {
    pub day: Day,
    pub share: f64,
    pub expected: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeSeries {
    pub label: String,
    pub points: Vec<TimePoint>,
}

/// Completion of a group of items' targets against their 序时进度.
fn completion(label: String, items: &[&Item], states: &[ItemState], settings: &Settings) -> CompletionBar {
    let mut share = 0.0;
    let mut expected = 0.0;
    let (mut targets, mut reported) = (0, 0);
    for item in items {
        let Some(state) = states.iter().find(|s| s.key == item.key) else { continue };
        for t in &state.targets {
            targets += 1;
            expected += state.expected;
            if let Some(s) = t.share {
                reported += 1;
                share += s.clamp(0.0, 1.0);
            }
        }
    }
    let n = targets.max(1) as f64;
    let (share, expected) = (share / n, expected / n);
    let light = if reported == 0 { Light::Grey } else { light_for((expected - share) * 100.0, settings) };
    CompletionBar { label, share, expected, light, targets, reported }
}

fn category_items(notice: &Notice, index: u32) -> Vec<&Item> {
    notice.items.iter().filter(|i| i.category == index).collect()
}

/// Completion per category, in notice order.
pub fn completion_by_category(notice: &Notice, progress: &Progress, at: Day) -> Vec<CompletionBar> {
    let states = item_states(notice, progress, at);
    notice.categories.iter().map(|c| completion(c.name.clone(), &category_items(notice, c.index), &states, &progress.settings)).collect()
}

/// Completion per lead unit (an item with two units counts for both), units in order of appearance.
pub fn completion_by_unit(notice: &Notice, progress: &Progress, at: Day) -> Vec<CompletionBar> {
    let states = item_states(notice, progress, at);
    crate::view::overview::units(notice)
        .into_iter()
        .map(|unit| {
            let items: Vec<&Item> = notice.items.iter().filter(|i| i.units.contains(&unit)).collect();
            completion(unit, &items, &states, &progress.settings)
        })
        .collect()
}

/// Planned and disbursed subsidies per category at `at`, in 万元.
pub fn subsidies_by_category(notice: &Notice, progress: &Progress, at: Day) -> Vec<SubsidyBar> {
    let states = item_states(notice, progress, at);
    notice
        .categories
        .iter()
        .map(|c| {
            let (planned, disbursed) = category_items(notice, c.index)
                .into_iter()
                .filter_map(|i| Some(subsidy_totals(i, &states.iter().find(|s| s.key == i.key)?.facts)))
                .fold((0.0, 0.0), |(p, d), (ip, id)| (p + ip, d + id));
            SubsidyBar { label: c.name.clone(), planned_wan: planned / 10_000.0, disbursed_wan: disbursed / 10_000.0 }
        })
        .collect()
}

/// Items by light per category.
pub fn lights_by_category(notice: &Notice, progress: &Progress, at: Day) -> Vec<LightMix> {
    let states = item_states(notice, progress, at);
    notice
        .categories
        .iter()
        .map(|c| {
            let mut counts = [0; 4];
            for s in states.iter().filter(|s| notice.items.iter().any(|i| i.key == s.key && i.category == c.index)) {
                counts[Light::ALL.iter().position(|l| *l == s.light).unwrap_or(3)] += 1;
            }
            LightMix { label: c.name.clone(), counts }
        })
        .collect()
}

/// The days a time chart samples: each month end of the notice's year up to
/// `at`, and `at` itself.
pub fn sample_days(year: i32, at: Day) -> Vec<Day> {
    let mut days: Vec<Day> = (1..=12).filter_map(|m| Day::end_of_month(year, m)).filter(|d| *d < at).collect();
    days.push(at);
    days
}

/// Overall completion over time (first series), then one per category.
pub fn progress_over_time(notice: &Notice, progress: &Progress, at: Day) -> Vec<TimeSeries> {
    let year = notice_year(notice, at.year());
    let days = sample_days(year, at);
    let groups: Vec<(String, Vec<&Item>)> = std::iter::once(("全部".to_string(), notice.items.iter().collect()))
        .chain(notice.categories.iter().map(|c| (c.name.clone(), category_items(notice, c.index))))
        .collect();
    let per_day: Vec<Vec<ItemState>> = days.iter().map(|d| item_states(notice, progress, *d)).collect();
    groups
        .into_iter()
        .map(|(label, items)| TimeSeries {
            points: days
                .iter()
                .zip(&per_day)
                .map(|(day, states)| {
                    let bar = completion(String::new(), &items, states, &progress.settings);
                    // With no targets at all, the line follows the year.
                    let expected = if bar.targets == 0 { expected_share(year, None, *day) } else { bar.expected };
                    TimePoint { day: *day, share: bar.share, expected }
                })
                .collect(),
            label,
        })
        .collect()
}

/// The 序时进度 of the whole year at `at` (for a chart's reference line).
pub fn year_expected(notice: &Notice, at: Day) -> f64 {
    expected_share(notice_year(notice, at.year()), None, at)
}

/// Items whose own deadline is earlier than the year's end.
pub fn items_with_deadlines(notice: &Notice, year: i32) -> Vec<(u32, Day)> {
    notice.items.iter().filter_map(|i| deadline(i, year).map(|d| (i.no, d))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::{Edit, Field, Status, Tracker, Value};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    /// A known state: item 7 (category 3, one target 797) at 400 by 06-30;
    /// item 18 (category 4, 675 and 540) at 675 and 0; item 12 done;
    /// 100 people served under item 7's first standard (15000 元).
    fn known() -> (crate::notice::Notice, Tracker) {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        let at = crate::progress::timestamp::ts("2023-07-01T09:00:00");
        let edits = [
            Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }, value: Value::Number(400.0) },
            Edit { item: 18, field: Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }, value: Value::Number(675.0) },
            Edit { item: 18, field: Field::TargetAchieved { target: 1, as_of: day("2023-06-30") }, value: Value::Number(0.0) },
            Edit { item: 12, field: Field::Status, value: Value::Text(Status::Done.key().into()) },
            Edit { item: 7, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(100.0) },
        ];
        for e in edits {
            t.edit(&n, e, at).unwrap();
        }
        (n, t)
    }

    #[test]
    fn completion_per_category_exact() {
        let (n, t) = known();
        let bars = completion_by_category(&n, &t.progress, day("2023-06-30"));
        assert_eq!(bars.len(), 10);
        let expected = 181.0 / 365.0;
        // 困难群体救助: 11 items; targets: 6:1, 7:1, 8:1, 9:1, 10:1, 11:1, 12:1, 13:1, 14:1, 15:1, 16:1 = 11.
        let c3 = &bars[2];
        assert_eq!((c3.label.as_str(), c3.targets, c3.reported), ("困难群体救助", 11, 1));
        assert!((c3.share - (400.0 / 797.0) / 11.0).abs() < 1e-12);
        assert!((c3.expected - expected).abs() < 1e-12);
        assert_eq!(c3.light, Light::Red);
        // 教育惠民: targets 17:1, 18:2, 19:2, 21:1 = 6; 675/675 = 1 and 0.
        let c4 = &bars[3];
        assert_eq!((c4.targets, c4.reported), (6, 2));
        assert!((c4.share - 1.0 / 6.0).abs() < 1e-12);
        // 交通出行: item 30 has its own deadline (10-31): expected is the mean over its 4 targets and item 31's 2.
        let c7 = &bars[6];
        let e30 = 181.0 / 304.0;
        assert!((c7.expected - (4.0 * e30 + 2.0 * expected) / 6.0).abs() < 1e-12);
        assert_eq!((c7.reported, c7.light), (0, Light::Grey));
    }

    #[test]
    fn subsidies_lights_and_units_exact() {
        let (n, t) = known();
        // Recorded on 07-01 before facts had a day: true from that day.
        let before = subsidies_by_category(&n, &t.progress, day("2023-06-30"));
        assert_eq!((before[2].planned_wan, before[2].disbursed_wan), (482.5, 0.0));
        let s = subsidies_by_category(&n, &t.progress, day("2023-07-01"));
        // 困难群体救助 planned: item 7's 420万 + 62.5万 (the notice's totals); disbursed 100 × 1.5万 = 150万.
        assert_eq!((s[2].planned_wan, s[2].disbursed_wan), (482.5, 150.0));
        // 文体服务: 采购253万元; nothing disbursed.
        assert_eq!((s[7].planned_wan, s[7].disbursed_wan), (253.0, 0.0));
        // Category 3 at 06-30: item 7 green (50.2 % vs 49.6 %), item 12 not yet done (marked on 07-01): grey.
        assert_eq!(lights_by_category(&n, &t.progress, day("2023-06-30"))[2].counts, [1, 0, 0, 10]);
        // At 07-15 item 12 is done (green), item 7 now lags (50.2 % vs 53.7 %: still under 10 points).
        let lights = lights_by_category(&n, &t.progress, day("2023-07-15"));
        assert_eq!(lights[2].counts, [2, 0, 0, 9]);
        // Item 18: mean of 100 % and 0 % is 50 %, against 53.7 %: green.
        assert_eq!(lights[3].counts, [1, 0, 0, 4]);
    }

    #[test]
    fn progress_over_time_samples_month_ends() {
        let (n, t) = known();
        let series = progress_over_time(&n, &t.progress, day("2023-07-15"));
        assert_eq!(series.len(), 11);
        let days: Vec<String> = series[0].points.iter().map(|p| p.day.to_string()).collect();
        assert_eq!(days, ["2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30", "2023-07-15"]);
        // Nothing was reported before 06-30; then 3 targets carry 400/797 + 1 + 0 out of all targets.
        assert_eq!(series[0].points[4].share, 0.0);
        let total_targets: usize = n.items.iter().map(|i| i.targets.len()).sum();
        assert!((series[0].points[5].share - (400.0 / 797.0 + 1.0) / total_targets as f64).abs() < 1e-12);
        assert_eq!(series[2].label, "社会保障");
    }

    #[test]
    fn units_count_items_they_lead() {
        let (n, t) = known();
        let bars = completion_by_unit(&n, &t.progress, day("2023-06-30"));
        let canlian = bars.iter().find(|b| b.label == "区残联").unwrap();
        // 区残联 leads 7, 8, 9, 10, 11, 16: one target each.
        assert_eq!((canlian.targets, canlian.reported), (6, 1));
        assert!((canlian.share - (400.0 / 797.0) / 6.0).abs() < 1e-12);
    }
}
