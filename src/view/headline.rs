//! What a leader starts a briefing with (#16): the headline figures (完成 N 件,
//! 序时推进, 滞后, 资金执行率), the items at 红灯 with their units and the reason,
//! and the lead units ranked by how far behind they are. Counted from the
//! same item states as the 通报, so the figures agree with it.

use crate::notice::Notice;
use crate::progress::{ItemState, Light, Standing};
use crate::view::progress::subsidy_totals;

#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub total: usize,
    pub done: usize,
    pub on_schedule: usize,
    pub behind: usize,
    pub not_assessed: usize,
    /// Disbursed / planned over every subsidy with a plan, or None when no plan is known.
    pub funds_rate: Option<f64>,
}

pub fn headline(notice: &Notice, states: &[ItemState]) -> Headline {
    let count = |s: Standing| states.iter().filter(|st| st.standing == s).count();
    let (planned, disbursed) = notice
        .items
        .iter()
        .filter_map(|item| states.iter().find(|s| s.key == item.key).map(|s| subsidy_totals(item, &s.facts)))
        .fold((0.0, 0.0), |(p, d), (ip, id)| (p + ip, d + id));
    Headline {
        total: states.len(),
        done: count(Standing::Done),
        on_schedule: count(Standing::OnSchedule),
        behind: count(Standing::Behind),
        not_assessed: count(Standing::NotAssessed),
        funds_rate: (planned > 0.0).then(|| disbursed / planned),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RedItem {
    pub no: u32,
    pub text: String,
    pub units: String,
    pub reason: String,
}

/// The items at 红灯, in the list's order, each with why: the reason given
/// for a 完成状况 set by hand, a pause's reason, the note, else the lag.
pub fn red_items(notice: &Notice, states: &[ItemState]) -> Vec<RedItem> {
    notice
        .items
        .iter()
        .filter_map(|item| {
            let state = states.iter().find(|s| s.key == item.key && s.light == Light::Red)?;
            let f = &state.facts;
            let reason = [&f.judgement_reason, &f.pause_reason, &f.note]
                .into_iter()
                .find(|r| !r.trim().is_empty())
                .cloned()
                .or_else(|| state.lag.map(|lag| format!("滞后序时进度{:.0}个百分点", lag)))
                .unwrap_or_else(|| "—".to_string());
            Some(RedItem { no: item.no, text: item.text.clone(), units: item.units.join("、"), reason })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitLag {
    pub unit: String,
    pub items: usize,
    pub behind: usize,
    pub red: usize,
    /// Mean lag in percentage points over its items that have one.
    pub mean_lag: Option<f64>,
}

/// Lead units by how far behind they are: most items 未达到序时进度 first,
/// then most at 红灯, then the largest mean lag; units with none behind last.
pub fn units_by_lag(notice: &Notice, states: &[ItemState]) -> Vec<UnitLag> {
    let mut units: Vec<(UnitLag, f64, usize)> = Vec::new();
    for item in &notice.items {
        let Some(state) = states.iter().find(|s| s.key == item.key) else { continue };
        for unit in &item.units {
            let at = match units.iter().position(|(u, _, _)| &u.unit == unit) {
                Some(at) => at,
                None => {
                    units.push((UnitLag { unit: unit.clone(), items: 0, behind: 0, red: 0, mean_lag: None }, 0.0, 0));
                    units.len() - 1
                }
            };
            let (u, lag_sum, lagged) = &mut units[at];
            u.items += 1;
            u.behind += usize::from(state.standing == Standing::Behind);
            u.red += usize::from(state.light == Light::Red);
            if let Some(lag) = state.lag {
                *lag_sum += lag;
                *lagged += 1;
            }
        }
    }
    let mut out: Vec<UnitLag> = units.into_iter().map(|(u, sum, n)| UnitLag { mean_lag: (n > 0).then(|| sum / n as f64), ..u }).collect();
    out.sort_by(|a, b| b.behind.cmp(&a.behind).then(b.red.cmp(&a.red)).then(b.mean_lag.unwrap_or(f64::MIN).total_cmp(&a.mean_lag.unwrap_or(f64::MIN))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Day, Edit, Fact, Field, Tracker, Value};
    use crate::view::progress::item_states;

    fn at() -> Day {
        Day::parse("2023-09-30").unwrap()
    }

    fn states_after(edits: &[Edit]) -> (Notice, Vec<ItemState>) {
        let notice = parse(crate::BUNDLED_NOTICE);
        let mut tracker = Tracker::default();
        for e in edits {
            tracker.edit(&notice, e.clone(), ts("2023-10-01T09:00:00")).unwrap();
        }
        let states = item_states(&notice, &tracker.progress, at());
        (notice, states)
    }

    fn target(item: u32, value: f64) -> Edit {
        Edit { item, field: Field::TargetAchieved { target: 0, as_of: at() }, value: Value::Number(value) }
    }

    #[test]
    fn the_headline_counts_agree_with_the_standings() {
        let (notice, states) = states_after(&[target(1, 0.98), target(3, 0.01)]);
        let h = headline(&notice, &states);
        assert_eq!(h.total, notice.items.len());
        assert_eq!(h.done + h.on_schedule + h.behind + h.not_assessed, h.total);
        assert!(h.behind >= 1, "item 3 at 0.01 of 0.6 by September is behind: {h:?}");
        assert!(h.done + h.on_schedule >= 1, "item 1 at its goal: {h:?}");
    }

    #[test]
    fn funds_rate_is_disbursed_over_planned() {
        let (notice, none) = states_after(&[]);
        let before = headline(&notice, &none);
        // Item 7's first subsidy: 1.5万元 a child, 280 children planned (420万元); 140 served.
        let served = Edit { item: 7, field: Field::Dated { fact: Fact::SubsidyServed { subsidy: 0 }, on: at() }, value: Value::Number(140.0) };
        let (notice, states) = states_after(&[served]);
        let after = headline(&notice, &states);
        let planned: f64 = notice.items.iter().flat_map(|i| &i.subsidies).filter_map(|s| s.planned_total_yuan).sum();
        let rate = after.funds_rate.unwrap();
        assert!((rate - (140.0 * 15_000.0 + before.funds_rate.unwrap_or(0.0) * planned) / planned).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn red_items_say_why_and_units_rank_by_lag() {
        let note = Edit { item: 3, field: Field::Dated { fact: Fact::Note, on: at() }, value: Value::Text("培训场地未落实".into()) };
        let (notice, states) = states_after(&[target(3, 0.01), note, target(19, 0.001)]);
        let red = red_items(&notice, &states);
        let three = red.iter().find(|r| r.no == 3).expect("item 3 at 红灯");
        assert_eq!(three.reason, "培训场地未落实");
        assert_eq!(three.units, notice.items[2].units.join("、"));
        let nineteen = red.iter().find(|r| r.no == 19).expect("item 19 at 红灯");
        assert!(nineteen.reason.starts_with("滞后序时进度"), "{}", nineteen.reason);
        let ranked = units_by_lag(&notice, &states);
        assert!(ranked[0].behind >= 1 && ranked[0].red >= 1, "{:?}", &ranked[..3]);
        assert!(ranked.windows(2).all(|w| w[0].behind >= w[1].behind), "sorted by items behind");
        let total_items: usize = ranked.iter().map(|u| u.items).sum();
        assert!(total_items >= notice.items.iter().filter(|i| !i.units.is_empty()).count());
    }
}
