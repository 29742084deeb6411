//! 序时进度 and 红黄绿灯: where each target and item should be at a day,
//! where it is, and how far behind.

use super::day::Day;
use super::facts::{item_facts, ItemFacts, UndatedChanges};
use super::model::{Change, ItemProgress, Settings, Status};
use crate::notice::{Item, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Light {
    Green,
    Yellow,
    Red,
    /// Not started, or nothing numeric to measure.
    Grey,
}

impl Light {
    pub const ALL: [Light; 4] = [Light::Green, Light::Yellow, Light::Red, Light::Grey];

    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }

    /// Lights are never colour alone: each has a word.
    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
            Light::Grey => "灰灯",
        }
    }
}

/// The three standings of the district's quarterly reports, plus "not assessed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    Done,
    OnSchedule,
    Behind,
    NotAssessed,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Done => "完成",
            Standing::OnSchedule => "序时推进",
            Standing::Behind => "未达到序时进度",
            Standing::NotAssessed => "未评估",
        }
    }

    /// The three a person may set by hand (完成状况, #15).
    pub const JUDGED: [Standing; 3] = [Standing::Done, Standing::OnSchedule, Standing::Behind];

    pub fn key(self) -> &'static str {
        match self {
            Standing::Done => "done",
            Standing::OnSchedule => "on_schedule",
            Standing::Behind => "behind",
            Standing::NotAssessed => "not_assessed",
        }
    }

    /// A standing a person may set, by its key.
    pub fn from_key(key: &str) -> Option<Standing> {
        Standing::JUDGED.into_iter().find(|s| s.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetState {
    /// The target's key (`Target::key`).
    pub key: usize,
    /// Latest value recorded on or before the day, in the target's written unit.
    pub achieved: Option<f64>,
    pub as_of: Option<Day>,
    /// achieved / target (not capped: 1.2 is 120 %).
    pub share: Option<f64>,
    /// Percentage points behind the expected share (negative: ahead).
    pub lag: Option<f64>,
    pub light: Light,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemState {
    /// The item's key (`Item::key`).
    pub key: u32,
    pub status: Status,
    /// Its facts on the day (status, note, 完成情况, subsidy figures…).
    pub facts: ItemFacts,
    /// The standing was set by hand (完成状况, with `facts.judgement_reason`).
    pub judged: bool,
    /// Expected share at the day, 0–1.
    pub expected: f64,
    pub deadline: Option<Day>,
    pub targets: Vec<TargetState>,
    /// Mean of the targets' shares, each capped at 1.
    pub share: Option<f64>,
    pub lag: Option<f64>,
    pub light: Light,
    pub standing: Standing,
}

/// Expected share at `at`: the elapsed part of the year, or of the span up
/// to the item's own deadline.
pub fn expected_share(year: i32, deadline: Option<Day>, at: Day) -> f64 {
    expected_with_milestones(year, deadline, &[], at)
}

/// Expected share at `at` through the item's milestones (季度目标: by a
/// quarter's end, this share of the year's goal, 0–1): a straight line from
/// one to the next, from nothing before the year to all at the deadline.
/// Milestones at or after the deadline are not on the way to it.
pub fn expected_with_milestones(year: i32, deadline: Option<Day>, milestones: &[(Day, f64)], at: Day) -> f64 {
    let (Some(start), Some(year_end)) = (Day::new(year, 1, 1), Day::new(year, 12, 31)) else { return 0.0 };
    let end = deadline.unwrap_or(year_end);
    if at < start {
        return 0.0;
    }
    if at >= end {
        return 1.0;
    }
    // Days counted as in a straight line: the first of January is one day in.
    let mut from = (start.days_until(start) - 1, 0.0);
    for &(day, share) in milestones.iter().filter(|(d, _)| *d >= start && *d < end) {
        let point = (start.days_until(day), share.clamp(0.0, 1.0));
        if at <= day {
            return between(from, point, start.days_until(at));
        }
        from = point;
    }
    between(from, (start.days_until(end), 1.0), start.days_until(at))
}

/// The share at day `x` on the line from `a` to `b` (days since the start, share).
fn between(a: (i64, f64), b: (i64, f64), x: i64) -> f64 {
    if b.0 <= a.0 {
        return b.1;
    }
    a.1 + (b.1 - a.1) * (x - a.0) as f64 / (b.0 - a.0) as f64
}

/// The milestones an item's 季度目标 set: each quarter's end with its share.
pub fn milestones(progress: Option<&ItemProgress>, year: i32) -> Vec<(Day, f64)> {
    progress.into_iter().flat_map(|p| &p.quarters).filter_map(|(q, goal)| Some((Day::end_of_month(year, u32::from(*q) * 3)?, goal.share? / 100.0))).collect()
}

/// The earliest deadline the item or its measures give, in the notice's year.
pub fn deadline(item: &Item, year: i32) -> Option<Day> {
    item.deadlines
        .iter()
        .filter_map(|d| match d.day {
            Some(day) => Day::new(year, d.month, day),
            None => Day::end_of_month(year, d.month),
        })
        .min()
}

/// The light for a lag in percentage points, by the settings' thresholds.
pub fn light_for(lag: f64, settings: &Settings) -> Light {
    if lag > settings.red_lag {
        Light::Red
    } else if lag >= settings.yellow_lag {
        Light::Yellow
    } else {
        Light::Green
    }
}

/// Share of one target: from its baseline where the notice gives one
/// ("从3千伏安提高到3.1千伏安": 3.05 is halfway).
fn share(target: &Target, baseline: Option<&Target>, achieved: f64) -> Option<f64> {
    match baseline {
        Some(b) if target.value > b.value => Some((achieved - b.value) / (target.value - b.value)),
        _ if target.value > 0.0 => Some(achieved / target.value),
        _ => None,
    }
}

/// Assess one item at day `at`, its facts read from `history`.
pub fn assess(item: &Item, progress: Option<&ItemProgress>, history: &[Change], year: i32, at: Day, settings: &Settings) -> ItemState {
    let undated = UndatedChanges::of(history);
    let subsidies: Vec<usize> = item.subsidies.iter().map(|s| s.key).collect();
    assess_with(item, progress, item_facts(progress, &undated, item.key, &subsidies, at), year, at, settings)
}

/// Assess one item at day `at` with its facts on that day.
pub fn assess_with(item: &Item, progress: Option<&ItemProgress>, facts: ItemFacts, year: i32, at: Day, settings: &Settings) -> ItemState {
    let deadline = deadline(item, year);
    let expected = expected_with_milestones(year, deadline, &milestones(progress, year), at);
    let status = facts.status;
    let targets: Vec<TargetState> = item
        .targets
        .iter()
        .map(|target| {
            let latest = progress.and_then(|p| p.targets.get(&target.key)).and_then(|obs| obs.iter().rev().find(|o| o.as_of <= at));
            let baseline = item.baselines.iter().find(|b| b.label == target.label && b.unit == target.unit);
            let share = latest.and_then(|o| share(target, baseline, o.value));
            let lag = share.map(|s| (expected - s) * 100.0);
            TargetState {
                key: target.key,
                achieved: latest.map(|o| o.value),
                as_of: latest.map(|o| o.as_of),
                share,
                lag,
                light: lag.map_or(Light::Grey, |l| light_for(l, settings)),
            }
        })
        .collect();
    let measured: Vec<f64> = targets.iter().filter_map(|t| t.share).collect();
    let item_share = (!measured.is_empty()).then(|| measured.iter().map(|s| s.clamp(0.0, 1.0)).sum::<f64>() / measured.len() as f64);
    let all_met = !targets.is_empty() && targets.iter().all(|t| t.share.is_some_and(|s| s >= 1.0));
    let lag = item_share.map(|s| (expected - s) * 100.0);
    let (light, standing) = if status == Status::Done || all_met {
        (Light::Green, Standing::Done)
    } else {
        match lag {
            Some(l) => {
                let light = light_for(l, settings);
                (light, if light == Light::Green { Standing::OnSchedule } else { Standing::Behind })
            }
            None => (Light::Grey, Standing::NotAssessed),
        }
    };
    // A person's 完成状况 overrides the numbers' (and judges items without
    // measurable targets); behind keeps a red the numbers give, else yellow.
    let judged = facts.judgement;
    let (light, standing) = match judged {
        Some(Standing::Behind) => (if light == Light::Red { Light::Red } else { Light::Yellow }, Standing::Behind),
        Some(s) => (Light::Green, s),
        None => (light, standing),
    };
    ItemState { key: item.key, status, facts, judged: judged.is_some(), expected, deadline, targets, share: item_share, lag, light, standing }
}
