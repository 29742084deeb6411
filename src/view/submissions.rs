//! 报送 (#15): for the period a 通报 covers — the as-of day's quarter, from its
//! first day to the as-of day — which lead units have reported and which
//! have not (the 未报送单位 a 督查 office 催报), and the share of each
//! category's items reported (报送率). An item is reported when any fact of it
//! is recorded for a day in the period: a dated fact, a target's value, or a
//! fact recorded before facts had a day (#15), by the day it was recorded.

use std::collections::BTreeSet;

use crate::notice::Notice;
use crate::progress::facts::quarter_of;
use crate::progress::{Change, Day, Field, Progress};

#[derive(Debug, Clone, PartialEq)]
pub struct Submissions {
    /// The period's first and last day.
    pub from: Day,
    pub to: Day,
    /// Lead units with an item reported, in the notice's order.
    pub reported: Vec<String>,
    /// Lead units with none (未报送单位), in the notice's order.
    pub unreported: Vec<String>,
    pub categories: Vec<CategoryRate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryRate {
    /// "一、就业创业", as the 通报 heads it.
    pub name: String,
    pub items: usize,
    pub reported: usize,
}

impl CategoryRate {
    /// 报送率, 0–1 (None without items).
    pub fn rate(&self) -> Option<f64> {
        (self.items > 0).then(|| self.reported as f64 / self.items as f64)
    }
}

/// The period of a 通报 at `at`: its quarter's first day to `at`.
pub fn period(at: Day) -> (Day, Day) {
    let (year, quarter) = quarter_of(at);
    (Day::new(year, u32::from(quarter) * 3 - 2, 1).expect("a quarter's first day exists"), at)
}

/// Who has reported for the period that ends at `at`.
pub fn submissions(notice: &Notice, progress: &Progress, at: Day) -> Submissions {
    let (from, to) = period(at);
    let within = |d: Day| from <= d && d <= to;
    let mut reported_items: BTreeSet<u32> = BTreeSet::new();
    for (key, p) in &progress.items {
        let dated = p.dated.iter().any(|f| within(f.on));
        let figures = p.targets.values().flatten().any(|o| within(o.as_of));
        if dated || figures {
            reported_items.insert(*key);
        }
    }
    // Facts recorded before they had a day count on the day they were recorded.
    let undated = |c: &Change| {
        matches!(
            c.field,
            Field::Status
                | Field::PauseReason
                | Field::Note
                | Field::Evidence
                | Field::SubsidyServed { .. }
                | Field::SubsidyDisbursed { .. }
                | Field::SubsidyPlanned { .. }
        )
    };
    reported_items.extend(progress.history.iter().filter(|c| undated(c) && c.at.day().is_some_and(within)).map(|c| c.item));

    let (mut reported, mut unreported) = (Vec::new(), Vec::new());
    for unit in crate::view::overview::units(notice) {
        let any = notice.items.iter().any(|i| i.units.contains(&unit) && reported_items.contains(&i.key));
        if any { &mut reported } else { &mut unreported }.push(unit);
    }
    let categories = notice
        .categories
        .iter()
        .map(|c| {
            let items: Vec<u32> = notice.items.iter().filter(|i| i.category == c.index).map(|i| i.key).collect();
            CategoryRate {
                name: crate::view::format::category_heading(c.index, &c.name),
                items: items.len(),
                reported: items.iter().filter(|k| reported_items.contains(k)).count(),
            }
        })
        .collect();
    Submissions { from, to, reported, unreported, categories }
}

/// The 催报 text a 督查 office sends: "截至2023年9月30日，以下单位尚未报送三季度进展：区民政局、区残联。"
pub fn reminder(s: &Submissions) -> String {
    let quarter = crate::progress::quarter_cn(quarter_of(s.to).1);
    if s.unreported.is_empty() {
        return format!("截至{}，各牵头单位均已报送{quarter}季度进展。", crate::view::format::date_cn(&s.to.to_string()));
    }
    format!("截至{}，以下单位尚未报送{quarter}季度进展：{}。请于收到后尽快报送。", crate::view::format::date_cn(&s.to.to_string()), s.unreported.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Edit, Fact, Tracker, Value};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn a_unit_has_reported_when_a_fact_of_its_items_is_for_the_period() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        let q3 = day("2023-09-30");
        let unit_of = |no: u32| n.items.iter().find(|i| i.no == no).unwrap().units[0].clone();
        // Another item of 困难群体救助 with a lead unit (some items name none).
        let other = n.items.iter().find(|i| i.category == 3 && i.no != 7 && !i.units.is_empty() && i.units[0] != "区残联").unwrap().no;
        // Item 7: a target value for 09-30; `other`: a note for 08-15 typed in October;
        // item 25: a note for Q2 only; item 30: a note before #15, recorded on 2023-07-03.
        t.edit(&n, Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: q3 }, value: Value::Number(500.0) }, ts("2023-10-08T09:00:00")).unwrap();
        t.edit(
            &n,
            Edit { item: other, field: Field::Dated { fact: Fact::Note, on: day("2023-08-15") }, value: Value::Text("八月".into()) },
            ts("2023-10-08T09:00:00"),
        )
        .unwrap();
        t.edit(
            &n,
            Edit { item: 25, field: Field::Dated { fact: Fact::Note, on: day("2023-06-30") }, value: Value::Text("二季度".into()) },
            ts("2023-10-08T09:00:00"),
        )
        .unwrap();
        t.edit(&n, Edit { item: 30, field: Field::Note, value: Value::Text("旧版".into()) }, ts("2023-07-03T09:00:00")).unwrap();
        let s = submissions(&n, &t.progress, q3);
        assert_eq!((s.from, s.to), (day("2023-07-01"), q3));
        for no in [7, other, 30] {
            assert!(s.reported.contains(&unit_of(no)), "item {no}'s unit {}", unit_of(no));
        }
        let all = crate::view::overview::units(&n);
        assert_eq!(s.reported.len() + s.unreported.len(), all.len());
        let mut expected: Vec<String> = all.iter().filter(|u| n.items.iter().any(|i| [7, other, 30].contains(&i.no) && i.units.contains(u))).cloned().collect();
        expected.dedup();
        assert_eq!(s.reported, expected, "every lead unit of the three items, and only those");
        assert!(s.unreported.contains(&unit_of(25)), "Q2's note is not Q3's report");
        // 报送率: item 7 and `other` are in 困难群体救助 (11 items).
        let c3 = &s.categories[2];
        assert_eq!((c3.name.as_str(), c3.items, c3.reported), ("三、困难群体救助", 11, 2));
        assert!((c3.rate().unwrap() - 2.0 / 11.0).abs() < 1e-12);
        assert_eq!(s.categories.iter().map(|c| c.items).sum::<usize>(), 50);
        // In Q2, only item 25 had a fact.
        let q2 = submissions(&n, &t.progress, day("2023-06-30"));
        assert_eq!(q2.reported, vec![unit_of(25)]);
        assert!(reminder(&q2).starts_with("截至2023年6月30日，以下单位尚未报送二季度进展："));
    }

    #[test]
    fn everyone_reported() {
        let n = parse("关于印发某县2024年民生实事的通知\n\n某县2024年民生实事\n\n一、教育（1项）\n1.新建幼儿园3所。（牵头单位：县教育局）\n");
        let mut t = Tracker::default();
        let key = n.items[0].key;
        t.edit(
            &n,
            Edit { item: key, field: Field::Dated { fact: Fact::Summary, on: day("2024-03-31") }, value: Value::Text("已开工".into()) },
            ts("2024-04-02T09:00:00"),
        )
        .unwrap();
        let s = submissions(&n, &t.progress, day("2024-03-31"));
        assert_eq!((s.reported.clone(), s.unreported.len()), (vec!["县教育局".to_string()], 0));
        assert_eq!(reminder(&s), "截至2024年3月31日，各牵头单位均已报送一季度进展。");
    }
}
