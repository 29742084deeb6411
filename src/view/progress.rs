//! View models of recorded progress: each item's state at the chosen day,
//! subsidy figures, the per-item history, the light counts.

use crate::notice::{Item, Notice, Subsidy};
use crate::progress::facts::{item_facts, ItemFacts, UndatedChanges};
use crate::progress::schedule::assess_with;
use crate::progress::{Change, Day, Fact, Field, ItemState, Light, Progress, Standing, Status, Value};

/// The year the notice's targets are for: the year its list is for, else its issue date's.
pub fn notice_year(notice: &Notice, fallback: i32) -> i32 {
    // The year the list is for, then the year it was issued.
    notice.year.or_else(|| notice.date.as_deref().and_then(Day::parse).map(Day::year)).unwrap_or(fallback)
}

/// Every item's state at `at`, in notice order. Runs after every edit: the
/// history (a year of edits is ~18k changes) is scanned once for the few
/// status changes, not once per item.
pub fn item_states(notice: &Notice, progress: &Progress, at: Day) -> Vec<ItemState> {
    let year = notice_year(notice, at.year());
    let undated = UndatedChanges::of(&progress.history);
    notice
        .items
        .iter()
        .map(|i| {
            let recorded = progress.items.get(&i.key);
            let subsidies: Vec<usize> = i.subsidies.iter().map(|s| s.key).collect();
            let facts = item_facts(recorded, &undated, i.key, &subsidies, at);
            assess_with(i, recorded, facts, year, at, &progress.settings)
        })
        .collect()
}

/// The keys progress is recorded under that no item of the notice has (an
/// item removed by a correction, or not found in a corrected text): the
/// progress stays stored, and the page lists these.
pub fn keys_without_item(notice: &Notice, progress: &Progress) -> Vec<u32> {
    progress.items.keys().copied().filter(|&k| !notice.items.iter().any(|i| i.key == k)).collect()
}

/// How many items show each light.
pub fn light_counts(states: &[ItemState]) -> [(Light, usize); 4] {
    Light::ALL.map(|l| (l, states.iter().filter(|s| s.light == l).count()))
}

/// "62%" (rounded), or "—" when nothing is recorded.
pub fn percent(share: Option<f64>) -> String {
    match share {
        None => "—".to_string(),
        Some(s) if !crate::progress::bounds::total_is_sound(s) => crate::view::format::ANOMALY.to_string(),
        Some(s) => format!("{:.0}%", s * 100.0),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubsidyFigures {
    pub standard: f64,
    /// The user's figure, or the notice's (280 × 15000), or none.
    pub planned: Option<f64>,
    pub planned_from_notice: bool,
    pub served: Option<f64>,
    /// Override, else served × standard.
    pub disbursed: Option<f64>,
    pub disbursed_overridden: bool,
}

/// A subsidy's figures from its facts on a day (`ItemFacts::subsidies`).
pub fn subsidy_figures(subsidy: &Subsidy, facts: &ItemFacts) -> SubsidyFigures {
    let p = facts.subsidies.get(&subsidy.key).copied().unwrap_or_default();
    let computed = p.served.map(|n| n * subsidy.amount_yuan);
    SubsidyFigures {
        standard: subsidy.amount_yuan,
        planned: p.planned.or(subsidy.planned_total_yuan),
        planned_from_notice: p.planned.is_none() && subsidy.planned_total_yuan.is_some(),
        served: p.served,
        disbursed: p.disbursed.or(computed),
        disbursed_overridden: p.disbursed.is_some(),
    }
}

/// Planned and disbursed totals of an item's subsidies (yuan), where known.
pub fn subsidy_totals(item: &Item, facts: &ItemFacts) -> (f64, f64) {
    item.subsidies.iter().map(|s| subsidy_figures(s, facts)).fold((0.0, 0.0), |(p, d), f| (p + f.planned.unwrap_or(0.0), d + f.disbursed.unwrap_or(0.0)))
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// The change's position in the whole history: with the texts, the row's
    /// key, so a new edit adds one row on the page instead of redrawing all.
    pub index: usize,
    pub at: String,
    pub unit: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// An item's newest `limit` changes, newest first, as text, and how many
/// changes it has in all. Only the rows shown are formatted: with a year of
/// daily edits an item has hundreds, and every edit recomputes this.
pub fn item_history(progress: &Progress, item: u32, limit: usize) -> (Vec<HistoryRow>, usize) {
    let mut changes = progress.history.iter().enumerate().rev().filter(|(_, c)| c.item == item);
    let rows: Vec<HistoryRow> = changes
        .by_ref()
        .take(limit)
        .map(|(index, c): (usize, &Change)| HistoryRow {
            index,
            at: c.at.shown(),
            unit: if c.unit.is_empty() { "（未设单位）".to_string() } else { c.unit.clone() },
            field: c.field.label(),
            old: value_text(&c.old, &c.field),
            new: value_text(&c.new, &c.field),
        })
        .collect();
    let total = rows.len() + changes.count();
    (rows, total)
}

/// What a change did, said right after it: "已修改 第7项 备注：（空） → 已开工".
pub fn change_said(item_no: u32, change: &Change) -> String {
    format!("已修改 第{item_no}项 {}：{} → {}", change.field.label(), value_text(&change.old, &change.field), value_text(&change.new, &change.field))
}

fn value_text(value: &Value, field: &Field) -> String {
    match (value, field) {
        (Value::Text(key), Field::Status | Field::Dated { fact: Fact::Status, .. }) => Status::from_key(key).map_or(key.clone(), |s| s.label().to_string()),
        (Value::Text(key), Field::Dated { fact: Fact::Judgement, .. }) if !key.is_empty() => {
            Standing::from_key(key).map_or(key.clone(), |s| s.label().to_string())
        }
        (Value::Text(t), _) if !t.is_empty() => t.clone(),
        (Value::Number(n), _) => crate::view::format::number(*n),
        _ => "（空）".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Edit, Tracker};

    #[test]
    fn subsidy_figures_prefill_and_override() {
        let n = parse(crate::BUNDLED_NOTICE);
        let item7 = &n.items[6];
        let mut t = Tracker::default();
        let june = Day::parse("2023-06-30").unwrap();
        let facts = |t: &Tracker, at: &str| item_states(&n, &t.progress, Day::parse(at).unwrap())[6].facts.clone();
        let f = subsidy_figures(&item7.subsidies[0], &facts(&t, "2023-06-30"));
        assert_eq!((f.planned, f.planned_from_notice, f.disbursed), (Some(4_200_000.0), true, None));
        // Recorded in July for the end of June.
        let served = Field::Dated { fact: Fact::SubsidyServed { subsidy: 0 }, on: june };
        t.edit(&n, Edit { item: 7, field: served, value: Value::Number(100.0) }, ts("2023-07-01T09:00:00")).unwrap();
        let f = subsidy_figures(&item7.subsidies[0], &facts(&t, "2023-06-30"));
        assert_eq!((f.served, f.disbursed, f.disbursed_overridden), (Some(100.0), Some(1_500_000.0), false));
        assert_eq!(subsidy_figures(&item7.subsidies[0], &facts(&t, "2023-06-29")).served, None);
        t.edit(
            &n,
            Edit { item: 7, field: Field::Dated { fact: Fact::SubsidyDisbursed { subsidy: 0 }, on: june }, value: Value::Number(1_400_000.0) },
            ts("2023-07-01T09:01:00"),
        )
        .unwrap();
        t.edit(
            &n,
            Edit { item: 7, field: Field::Dated { fact: Fact::SubsidyPlanned { subsidy: 1 }, on: june }, value: Value::Number(45_000.0) },
            ts("2023-07-01T09:02:00"),
        )
        .unwrap();
        let f = facts(&t, "2023-09-30");
        assert_eq!(subsidy_figures(&item7.subsidies[0], &f).disbursed, Some(1_400_000.0));
        assert_eq!(subsidy_totals(item7, &f), (4_200_000.0 + 45_000.0 + 625_000.0, 1_400_000.0));
    }

    #[test]
    fn history_rows_newest_first_in_chinese() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        t.progress.settings.unit = "区残联".into();
        t.edit(&n, Edit { item: 7, field: Field::Status, value: Value::Text(Status::InProgress.key().into()) }, ts("2023-07-01T09:00:00")).unwrap();
        t.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("首批".into()) }, ts("2023-07-02T09:00:00")).unwrap();
        let (rows, total) = item_history(&t.progress, 7, usize::MAX);
        assert_eq!((rows.len(), total), (2, 2));
        let (newest, total) = item_history(&t.progress, 7, 1);
        assert_eq!((newest.len(), total, newest[0].index), (1, 2, 1), "the newest only, and the count of all");
        assert!(item_history(&t.progress, 8, 5) == (vec![], 0));
        assert_eq!((rows[0].field.as_str(), rows[0].old.as_str(), rows[0].new.as_str()), ("备注", "（空）", "首批"));
        assert_eq!(
            (rows[1].old.as_str(), rows[1].new.as_str(), rows[1].unit.as_str(), rows[1].at.as_str()),
            ("未启动", "推进中", "区残联", "2023-07-01 09:00:00")
        );
    }

    #[test]
    fn states_and_counts() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        t.edit(
            &n,
            Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: Day::parse("2023-06-30").unwrap() }, value: Value::Number(100.0) },
            ts("2023-07-01T09:00:00"),
        )
        .unwrap();
        let states = item_states(&n, &t.progress, Day::parse("2023-06-30").unwrap());
        assert_eq!(states.len(), 50);
        assert_eq!(light_counts(&states), [(Light::Green, 0), (Light::Yellow, 0), (Light::Red, 1), (Light::Grey, 49)]);
        assert_eq!(percent(states[6].share), "13%");
        assert_eq!(notice_year(&n, 2026), 2023);
    }
}
