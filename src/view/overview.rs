//! The category overview and the filter choices. A heading whose stated
//! count differs from the items listed is a 数据核查 finding
//! (`notice::checks`), listed there, not on the overview's cards; the cards'
//! progress is `view::glance`.

use crate::notice::{Item, Notice};

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryRow {
    pub index: u32,
    pub name: String,
    pub listed: usize,
    /// The investments its items state (`年度投资3000万元`), summed, in 万元; None when none states one.
    pub investment_wan: Option<f64>,
}

pub fn categories(notice: &Notice) -> Vec<CategoryRow> {
    notice
        .categories
        .iter()
        .map(|c| {
            let listed = c.item_nos.len();
            let stated: Vec<f64> = notice.items.iter().filter(|i| i.category == c.index).filter_map(|i| i.investment_yuan).collect();
            let investment_wan = (!stated.is_empty()).then(|| stated.iter().sum::<f64>() / 10_000.0);
            CategoryRow { index: c.index, name: c.name.clone(), listed, investment_wan }
        })
        .collect()
}

/// Every unit named by any item, in order of first appearance.
pub fn units(notice: &Notice) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in notice.items.iter().flat_map(|i| &i.units) {
        if !out.contains(u) {
            out.push(u.clone());
        }
    }
    out
}

/// The items grouped under their categories, keeping only `shown`.
pub fn grouped<'a>(notice: &'a Notice, shown: &[&'a Item]) -> Vec<(&'a str, u32, Vec<&'a Item>)> {
    notice
        .categories
        .iter()
        .map(|c| (c.name.as_str(), c.index, shown.iter().copied().filter(|i| i.category == c.index).collect::<Vec<_>>()))
        .filter(|(_, _, items)| !items.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;

    /// The headings' counts that differ are 数据核查's findings (the cards no longer carry them).
    #[test]
    fn counts_that_differ_are_checks() {
        use crate::notice::DiagnosticKind as K;
        let n = parse(crate::BUNDLED_NOTICE);
        let rows = categories(&n);
        assert_eq!(rows.len(), 10);
        let listed: Vec<(u32, usize)> = rows.iter().map(|r| (r.index, r.listed)).collect();
        assert_eq!(listed[..4], [(1, 3), (2, 2), (3, 11), (4, 5)]);
        assert!(rows.iter().all(|r| r.investment_wan.is_none()), "the bundled notice states no investment");
        let checked: std::collections::BTreeSet<u32> = n
            .diagnostics
            .iter()
            .filter(|d| matches!(d.kind, K::CategoryCountMismatch | K::AttachmentCountMismatch))
            .flat_map(|d| d.items.iter().map(|no| n.items.iter().find(|i| i.no == *no).map_or(0, |i| i.category)))
            .collect();
        assert_eq!(checked.into_iter().collect::<Vec<_>>(), [3, 4, 5, 6, 8, 9, 10], "the categories the cards' badges named");
    }

    #[test]
    fn investments_summed_per_category() {
        let n = parse("清单\n一、交通（2项）\n1.改造道路5公里，总投资1.2亿元。（牵头单位：县交通局）\n2.新建桥梁1座，年度投资300.5万元。（牵头单位：县交通局）\n二、教育（1项）\n3.新增学位100个。（牵头单位：县教育局）\n");
        let rows = categories(&n);
        assert_eq!(rows.iter().map(|r| r.investment_wan).collect::<Vec<_>>(), [Some(12_300.5), None]);
    }

    #[test]
    fn units_in_order() {
        let n = parse(crate::BUNDLED_NOTICE);
        let u = units(&n);
        assert_eq!(&u[..3], ["区人社局", "区商务局", "区民政局"]);
        assert!(u.contains(&"区残联".to_string()));
        assert_eq!(u.len(), u.iter().collect::<std::collections::HashSet<_>>().len());
    }

    #[test]
    fn grouping_keeps_order_and_drops_empty_categories() {
        let n = parse(crate::BUNDLED_NOTICE);
        let shown: Vec<&Item> = n.items.iter().filter(|i| i.no % 10 == 7).collect();
        let g = grouped(&n, &shown);
        let got: Vec<(u32, Vec<u32>)> = g.iter().map(|(_, c, items)| (*c, items.iter().map(|i| i.no).collect())).collect();
        assert_eq!(
            got,
            [(3, vec![7]), (4, vec![17]), (5, vec![27]), (8, vec![]), (9, vec![37]), (10, vec![47])]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .collect::<Vec<_>>()
        );
    }
}
