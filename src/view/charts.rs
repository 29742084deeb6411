//! The series the briefing charts draw, computed from the notice and the
//! progress at a day. Pure: the plotters drawing only lays these out.
//!
//! Completion is `view::glance::completion`: the mean capped share of the
//! targets that have a value (an over-achieved target does not hide a late
//! one, an unreported one is not 0 %), with 报送率 beside it; a group with
//! nothing reported is grey, and a day before anything was reported is a gap
//! in the time chart, not a zero.

use crate::notice::{Item, Notice};
use crate::progress::schedule::{deadline, expected_share};
use crate::progress::{Day, ItemState, Progress};
use crate::view::glance::{self, Completion};
use crate::view::progress::{item_states, notice_year, subsidy_totals};

#[derive(Debug, Clone, PartialEq)]
pub struct CompletionBar {
    pub label: String,
    pub completion: Completion,
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
    /// Completion of the targets reported by that day; None (a gap) before any is.
    pub share: Option<f64>,
    pub expected: f64,
    pub reported: usize,
    pub targets: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeSeries {
    pub label: String,
    pub points: Vec<TimePoint>,
}

fn category_items(notice: &Notice, index: u32) -> Vec<&Item> {
    notice.items.iter().filter(|i| i.category == index).collect()
}

/// Completion per category, in notice order.
pub fn completion_by_category(notice: &Notice, progress: &Progress, at: Day) -> Vec<CompletionBar> {
    let states = item_states(notice, progress, at);
    notice
        .categories
        .iter()
        .map(|c| CompletionBar { label: c.name.clone(), completion: glance::completion(glance::in_category(notice, &states, c.index), &progress.settings) })
        .collect()
}

/// Completion per lead unit (an item with two units counts for both), units in order of appearance.
pub fn completion_by_unit(notice: &Notice, progress: &Progress, at: Day) -> Vec<CompletionBar> {
    let states = item_states(notice, progress, at);
    crate::view::overview::units(notice)
        .into_iter()
        .map(|unit| {
            let mine = notice.items.iter().zip(&states).filter(|(i, s)| i.key == s.key && i.units.contains(&unit)).map(|(_, s)| s);
            CompletionBar { completion: glance::completion(mine, &progress.settings), label: unit }
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
    notice.categories.iter().map(|c| LightMix { label: c.name.clone(), counts: glance::lights(glance::in_category(notice, &states, c.index)) }).collect()
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
                    let mine = notice.items.iter().zip(states).filter(|(i, s)| i.key == s.key && items.iter().any(|m| m.key == i.key)).map(|(_, s)| s);
                    let c = glance::completion(mine, &progress.settings);
                    // With no targets at all, the line follows the year.
                    let expected = if c.targets == 0 { expected_share(year, None, *day) } else { c.expected_all };
                    TimePoint { day: *day, share: c.share, expected, reported: c.reported, targets: c.targets }
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
    use crate::progress::{Edit, Field, Light, Status, Tracker, Value};

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
        // Only item 7's is reported: completion is its share, not a tenth of it.
        let c3 = &bars[2];
        assert_eq!((c3.label.as_str(), c3.completion.targets, c3.completion.reported), ("困难群体救助", 11, 1));
        assert_eq!(c3.completion.share, Some(400.0 / 797.0));
        assert!((c3.completion.expected - expected).abs() < 1e-12);
        assert_eq!(c3.completion.light, Light::Green, "50.2 % against 49.6 %");
        // 教育惠民: targets 17:1, 18:2, 19:2, 21:1 = 6; item 18's 675/675 = 1 and 0: the mean of those two.
        let c4 = &bars[3];
        assert_eq!((c4.completion.targets, c4.completion.reported), (6, 2));
        assert_eq!(c4.completion.share, Some(0.5));
        assert!((c4.completion.rate().unwrap() - 2.0 / 6.0).abs() < 1e-12);
        // 交通出行: nothing reported: grey, and its tick is the mean over item 30's 4 targets (own deadline 10-31) and item 31's 2.
        let c7 = &bars[6];
        let e30 = 181.0 / 304.0;
        assert!((c7.completion.expected - (4.0 * e30 + 2.0 * expected) / 6.0).abs() < 1e-12);
        assert_eq!((c7.completion.reported, c7.completion.share, c7.completion.light), (0, None, Light::Grey));
        // At the year's end nothing reported is still grey, never red.
        let late = completion_by_category(&n, &t.progress, day("2023-12-31"));
        assert_eq!(late[6].completion.light, Light::Grey);
        // 困难群体救助 then: item 7 at 50.2 % and item 12 done (07-01): 75.1 %, 24.9 points behind.
        assert_eq!(late[2].completion.light, Light::Yellow);
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
        // Item 12 done from 07-01 without a figure: its target counts as met.
        let c3 = &completion_by_category(&n, &t.progress, day("2023-07-15"))[2];
        assert_eq!((c3.completion.reported, c3.completion.share), (2, Some((400.0 / 797.0 + 1.0) / 2.0)));
    }

    #[test]
    fn progress_over_time_samples_month_ends_with_gaps_before_any_report() {
        let (n, t) = known();
        let series = progress_over_time(&n, &t.progress, day("2023-07-15"));
        assert_eq!(series.len(), 11);
        let days: Vec<String> = series[0].points.iter().map(|p| p.day.to_string()).collect();
        assert_eq!(days, ["2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30", "2023-07-15"]);
        // Nothing was reported before 06-30: gaps, not zeros; the 序时进度 line goes on.
        assert!(series[0].points[..5].iter().all(|p| p.share.is_none() && p.reported == 0), "{:?}", series[0].points);
        assert!(series[0].points[..5].windows(2).all(|w| w[1].expected > w[0].expected));
        // 06-30: 3 targets carry 400/797 + 1 + 0.
        let total_targets: usize = n.items.iter().map(|i| i.targets.len()).sum();
        let june = &series[0].points[5];
        assert_eq!((june.reported, june.targets), (3, total_targets));
        assert!((june.share.unwrap() - (400.0 / 797.0 + 1.0) / 3.0).abs() < 1e-12);
        // The reference line is the mean over all targets, whatever is reported.
        assert!(june.expected > 0.49 && june.expected < 0.6, "{}", june.expected);
        assert_eq!(series[2].label, "社会保障");
        // 社会保障 never reported: a gap all along.
        assert!(series[2].points.iter().all(|p| p.share.is_none()));
    }

    #[test]
    fn units_count_items_they_lead() {
        let (n, t) = known();
        let bars = completion_by_unit(&n, &t.progress, day("2023-06-30"));
        let canlian = bars.iter().find(|b| b.label == "区残联").unwrap();
        // 区残联 leads 7, 8, 9, 10, 11, 16: one target each.
        assert_eq!((canlian.completion.targets, canlian.completion.reported), (6, 1));
        assert_eq!(canlian.completion.share, Some(400.0 / 797.0));
    }
}
