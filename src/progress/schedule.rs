//! 序时进度 and 红黄绿灯: where each target and item should be at a day,
//! where it is, and how far behind.

use super::day::Day;
use super::model::{Change, Field, ItemProgress, Settings, Status};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let (Some(start), Some(year_end)) = (Day::new(year, 1, 1), Day::new(year, 12, 31)) else { return 0.0 };
    let end = deadline.unwrap_or(year_end);
    if at < start {
        return 0.0;
    }
    if at >= end {
        return 1.0;
    }
    (start.days_until(at) + 1) as f64 / (start.days_until(end) + 1) as f64
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

/// The status the item had at the end of `at`, from the history.
pub fn status_at(history: &[Change], item: u32, current: Status, at: Day) -> Status {
    let mut changes = history.iter().filter(|c| c.item == item && c.field == Field::Status);
    let Some(first) = changes.next() else { return current };
    if first.at.day().is_some_and(|d| d > at) {
        return Status::from_key(first.old.text()).unwrap_or_default();
    }
    std::iter::once(first)
        .chain(changes)
        // A value from before the history (`PRIOR`, no day) held from the start.
        .take_while(|c| c.at.day().is_none_or(|d| d <= at))
        .last()
        .and_then(|c| Status::from_key(c.new.text()))
        .unwrap_or(current)
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

/// Assess one item at day `at`.
pub fn assess(item: &Item, progress: Option<&ItemProgress>, history: &[Change], year: i32, at: Day, settings: &Settings) -> ItemState {
    let deadline = deadline(item, year);
    let expected = expected_share(year, deadline, at);
    let current = progress.map_or(Status::NotStarted, |p| p.status);
    let status = status_at(history, item.key, current, at);
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
    ItemState { key: item.key, status, expected, deadline, targets, share: item_share, lag, light, standing }
}
