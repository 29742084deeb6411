//! Progress at a glance (#16): for a group of items (a category, a lead
//! unit) the lights of its items and the completion of its quantitative
//! targets against 序时进度, as the overview cards and the charts show them.
//!
//! Honest about what is not known: completion is the mean capped share of
//! the targets that *have* a value at the day (报送), never counting an
//! unreported one as 0 %; 报送率 (reported / all targets) is shown beside it;
//! a group with nothing reported is grey ("未报送"), not red. A target
//! without a value of an item whose standing is 完成 (marked 已完成, or 完成
//! set by hand) counts as reported and met, as the item's own light does.

use crate::notice::Notice;
use crate::progress::schedule::light_for;
use crate::progress::{ItemState, Light, Settings, Standing};
use crate::view::progress::percent;

/// Completion of a group's quantitative targets against their 序时进度.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// The group's quantitative targets.
    pub targets: usize,
    /// Those with a value at the day (or of an item that is 完成).
    pub reported: usize,
    /// Mean capped share of the reported targets, 0–1; None when none is.
    pub share: Option<f64>,
    /// Mean 序时进度 of the reported targets (of all targets while none is;
    /// 0 without targets), 0–1: what `share` is measured against.
    pub expected: f64,
    /// Mean 序时进度 of all the targets (0 without targets): a line that
    /// does not move with what is reported (the time chart's).
    pub expected_all: f64,
    /// Grey while nothing is reported (or there is no target).
    pub light: Light,
}

impl Completion {
    /// 报送率: reported / targets, 0–1 (None without targets).
    pub fn rate(&self) -> Option<f64> {
        (self.targets > 0).then(|| self.reported as f64 / self.targets as f64)
    }

    /// "完成度 62%（序时 50%）", "未报送", "无量化目标": the card's and the slide's words.
    pub fn text(&self) -> String {
        match self.share {
            _ if self.targets == 0 => "无量化目标".to_string(),
            None => "未报送".to_string(),
            Some(s) => format!("完成度 {}（序时 {}）", percent(Some(s)), percent(Some(self.expected))),
        }
    }

    /// "报送 1/3", or "" without targets.
    pub fn rate_text(&self) -> String {
        if self.targets == 0 {
            String::new()
        } else {
            format!("报送 {}/{}", self.reported, self.targets)
        }
    }
}

/// Completion of the targets of `states` (items of one group) at their day.
pub fn completion<'a>(states: impl IntoIterator<Item = &'a ItemState>, settings: &Settings) -> Completion {
    let (mut targets, mut reported) = (0, 0);
    let (mut share, mut expected, mut expected_all) = (0.0, 0.0, 0.0);
    for state in states {
        let done = state.standing == Standing::Done;
        for t in &state.targets {
            targets += 1;
            expected_all += state.expected;
            let s = match t.share {
                Some(s) => s,
                None if done => 1.0,
                None => continue,
            };
            reported += 1;
            share += s.clamp(0.0, 1.0);
            expected += state.expected;
        }
    }
    let expected_all = if targets == 0 { 0.0 } else { expected_all / targets as f64 };
    if reported == 0 {
        return Completion { targets, reported, share: None, expected: expected_all, expected_all, light: Light::Grey };
    }
    let n = reported as f64;
    let (share, expected) = (share / n, expected / n);
    Completion { targets, reported, share: Some(share), expected, expected_all, light: light_for((expected - share) * 100.0, settings) }
}

/// How many items show each light, in `Light::ALL` order.
pub fn lights<'a>(states: impl IntoIterator<Item = &'a ItemState>) -> [usize; 4] {
    let mut counts = [0; 4];
    for s in states {
        counts[Light::ALL.iter().position(|l| *l == s.light).unwrap_or(3)] += 1;
    }
    counts
}

/// One category at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryGlance {
    pub index: u32,
    /// Items per light, in `Light::ALL` order.
    pub lights: [usize; 4],
    pub completion: Completion,
}

/// The states of a category's items (`states` are the notice's items' in
/// notice order, as `view::progress::item_states` gives them).
pub fn in_category<'a>(notice: &'a Notice, states: &'a [ItemState], index: u32) -> impl Iterator<Item = &'a ItemState> + Clone {
    notice.items.iter().zip(states).filter(move |(i, s)| i.category == index && i.key == s.key).map(|(_, s)| s)
}

/// Every category at a glance, in notice order.
pub fn categories(notice: &Notice, states: &[ItemState], settings: &Settings) -> Vec<CategoryGlance> {
    notice
        .categories
        .iter()
        .map(|c| {
            let mine = in_category(notice, states, c.index);
            CategoryGlance { index: c.index, lights: lights(mine.clone()), completion: completion(mine, settings) }
        })
        .collect()
}

/// The one line that tells a newcomer what this file is and what to do first.
/// `sample`: the page shows the bundled sample notice, not the user's own.
pub fn intro(sample: bool) -> &'static str {
    if sample {
        "这是民生实事进度看板：一个离线网页文件，不联网，数据只存在本浏览器。现在显示的是自带的示例清单：\
         先点「打开通知…」读入你们的清单，再点各事项的「详情」填报进度。"
    } else {
        "这是民生实事进度看板：一个离线网页文件，不联网，数据只存在本浏览器。先选「截至日期」，\
         再点各事项的「详情」填报进度；填好后用「导出数据」把文件发给汇总单位。"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Day, Edit, Field, Status, Tracker, Value};
    use crate::view::progress::item_states;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    /// Two categories of three items, one target each (年底前: the year's 序时进度).
    const SMALL: &str = "2023年民生实事清单\n一、教育（3项）\n1.新增学位300个。（牵头单位：县教育局）\n2.改造校舍12所。（牵头单位：县教育局）\n\
        3.培训教师200名。（牵头单位：县教育局）\n二、交通（3项）\n4.改造道路5公里。（牵头单位：县交通局）\n5.新建桥梁2座。（牵头单位：县交通局）\n\
        6.新增公交线路4条。（牵头单位：县交通局）\n";

    fn small() -> (Notice, Tracker) {
        let n = parse(SMALL);
        assert_eq!(n.items.iter().map(|i| (i.category, i.targets.len())).collect::<Vec<_>>(), [(1, 1), (1, 1), (1, 1), (2, 1), (2, 1), (2, 1)]);
        (n, Tracker::default())
    }

    fn record(n: &Notice, t: &mut Tracker, item: u32, value: f64, on: &str) {
        let edit = Edit { item, field: Field::TargetAchieved { target: 0, as_of: day(on) }, value: Value::Number(value) };
        t.edit(n, edit, ts("2023-07-01T09:00:00")).unwrap();
    }

    #[test]
    fn nothing_reported_is_grey_with_rate_zero_not_red() {
        let (n, t) = small();
        // At the year's end every target is due: counted as 0 % this would be red.
        let glance = categories(&n, &item_states(&n, &t.progress, day("2023-12-31")), &t.progress.settings);
        for g in &glance {
            assert_eq!((g.completion.targets, g.completion.reported, g.completion.share), (3, 0, None));
            assert_eq!(g.completion.light, Light::Grey, "category {}", g.index);
            assert_eq!(g.completion.rate(), Some(0.0));
            assert_eq!(g.completion.text(), "未报送");
            assert_eq!(g.completion.rate_text(), "报送 0/3");
            assert_eq!(g.lights, [0, 0, 0, 3]);
        }
        assert_eq!(glance[0].completion.expected, 1.0, "the tick still shows where the year should be");
    }

    #[test]
    fn completion_is_of_the_reported_targets_only() {
        let (n, mut t) = small();
        // Item 1 done (300 of 300), items 2 and 3 unreported.
        record(&n, &mut t, 1, 300.0, "2023-06-30");
        let states = item_states(&n, &t.progress, day("2023-06-30"));
        let g = &categories(&n, &states, &t.progress.settings)[0];
        assert_eq!((g.completion.targets, g.completion.reported), (3, 1));
        assert_eq!(g.completion.share, Some(1.0), "not 33 %: the unreported targets are not 0 %");
        assert_eq!(g.completion.light, Light::Green);
        assert!((g.completion.rate().unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!((g.completion.text().as_str(), g.completion.rate_text().as_str()), ("完成度 100%（序时 50%）", "报送 1/3"));
        assert_eq!(g.lights, [1, 0, 0, 2]);
        // A quarter of item 2 as well: the mean of the two reported, against the same 序时进度.
        record(&n, &mut t, 2, 3.0, "2023-06-30");
        let states = item_states(&n, &t.progress, day("2023-12-31"));
        let g = &categories(&n, &states, &t.progress.settings)[0];
        assert_eq!((g.completion.reported, g.completion.share, g.completion.expected), (2, Some(0.625), 1.0));
        assert_eq!(g.completion.light, Light::Red, "37.5 points behind the year's end");
        assert_eq!(g.lights, [1, 0, 1, 1]);
    }

    #[test]
    fn a_done_item_counts_its_targets_met() {
        let (n, mut t) = small();
        t.edit(&n, Edit { item: 4, field: Field::Status, value: Value::Text(Status::Done.key().into()) }, ts("2023-03-01T09:00:00")).unwrap();
        let states = item_states(&n, &t.progress, day("2023-06-30"));
        let g = &categories(&n, &states, &t.progress.settings)[1];
        assert_eq!((g.completion.reported, g.completion.share, g.completion.light), (1, Some(1.0), Light::Green));
        assert_eq!(g.lights, [1, 0, 0, 2]);
    }

    #[test]
    fn the_bundled_notice_at_a_glance() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        // 教育惠民 (items 17–21, targets 17:1, 18:2, 19:2, 21:1): item 18's two targets met.
        for target in [0, 1] {
            let value = n.items[17].targets[target].value;
            let edit = Edit { item: 18, field: Field::TargetAchieved { target, as_of: day("2023-06-30") }, value: Value::Number(value) };
            t.edit(&n, edit, ts("2023-07-01T09:00:00")).unwrap();
        }
        let states = item_states(&n, &t.progress, day("2023-09-30"));
        let glance = categories(&n, &states, &t.progress.settings);
        assert_eq!(glance.len(), 10);
        let edu = &glance[3];
        assert_eq!((edu.index, edu.completion.targets, edu.completion.reported), (4, 6, 2));
        assert_eq!((edu.completion.share, edu.completion.light), (Some(1.0), Light::Green), "was 33 % and red");
        assert_eq!(edu.lights, [1, 0, 0, 4]);
        assert_eq!(glance.iter().filter(|g| g.completion.light == Light::Grey).count(), 9);
        assert_eq!(glance.iter().map(|g| g.lights.iter().sum::<usize>()).sum::<usize>(), 50);
    }

    #[test]
    fn without_targets_nothing_to_measure() {
        let c = completion([], &Settings::default());
        assert_eq!((c.targets, c.share, c.expected, c.expected_all, c.light, c.rate()), (0, None, 0.0, 0.0, Light::Grey, None));
        assert_eq!((c.text().as_str(), c.rate_text().as_str()), ("无量化目标", ""));
    }

    #[test]
    fn intro_names_the_first_step() {
        assert!(intro(true).contains("打开通知") && intro(true).contains("示例"));
        assert!(intro(false).contains("截至日期") && !intro(false).contains("示例"));
    }
}
