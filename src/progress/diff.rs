//! The difference between two progress states, as the edits that turn one
//! into the other: restoring a backup goes through these (so it is in the
//! history and can be undone), and an import will show them first.

use std::collections::BTreeSet;

use super::model::{Field, Progress};
use super::tracker::Edit;

/// Every field whose value differs, in item order.
pub fn diff(from: &Progress, to: &Progress) -> Vec<Edit> {
    let items: BTreeSet<u32> = from.items.keys().chain(to.items.keys()).copied().collect();
    let mut edits = Vec::new();
    for item in items {
        for field in fields(from, to, item) {
            let (old, new) = (from.get(item, &field), to.get(item, &field));
            if old != new {
                edits.push(Edit { item, field, value: new });
            }
        }
    }
    edits
}

/// The fields either state has for `item`.
pub(crate) fn fields(a: &Progress, b: &Progress, item: u32) -> Vec<Field> {
    let mut out = vec![Field::Status, Field::PauseReason, Field::Note, Field::Evidence, Field::Leader, Field::Responsible, Field::Partners];
    let mut targets = BTreeSet::new();
    let mut subsidies = BTreeSet::new();
    let mut dated = BTreeSet::new();
    let mut quarters = BTreeSet::new();
    for p in [a, b].into_iter().filter_map(|p| p.items.get(&item)) {
        for (t, observations) in &p.targets {
            targets.extend(observations.iter().map(|o| (*t, o.as_of)));
        }
        subsidies.extend(p.subsidies.keys().copied());
        dated.extend(p.dated.iter().map(|f| (f.fact, f.on)));
        quarters.extend(p.quarters.keys().copied());
    }
    out.extend(dated.into_iter().map(|(fact, on)| Field::Dated { fact, on }));
    for quarter in quarters {
        out.extend([Field::QuarterGoal { quarter }, Field::QuarterShare { quarter }]);
    }
    out.extend(targets.into_iter().map(|(target, as_of)| Field::TargetAchieved { target, as_of }));
    for subsidy in subsidies {
        out.extend([Field::SubsidyServed { subsidy }, Field::SubsidyDisbursed { subsidy }, Field::SubsidyPlanned { subsidy }]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Day, Status, Tracker, Value};

    #[test]
    fn applying_the_diff_reaches_the_other_state() {
        let n = parse(crate::BUNDLED_NOTICE);
        let d = |s| Day::parse(s).unwrap();
        let mut a = Tracker::default();
        a.edit(&n, Edit { item: 7, field: Field::Status, value: Value::Text(Status::Done.key().into()) }, ts("2023-07-01T09:00:00")).unwrap();
        a.edit(
            &n,
            Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: d("2023-06-30") }, value: Value::Number(300.0) },
            ts("2023-07-01T09:00:01"),
        )
        .unwrap();
        let mut b = Tracker::default();
        b.edit(
            &n,
            Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: d("2023-09-30") }, value: Value::Number(500.0) },
            ts("2023-10-01T09:00:00"),
        )
        .unwrap();
        b.edit(&n, Edit { item: 8, field: Field::Note, value: Value::Text("b".into()) }, ts("2023-10-01T09:00:01")).unwrap();
        b.edit(&n, Edit { item: 7, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(10.0) }, ts("2023-10-01T09:00:02")).unwrap();
        let edits = diff(&a.progress, &b.progress);
        // status back to not started, 06-30 cleared, 09-30 set, served set, item 8's note.
        assert_eq!(edits.len(), 5, "{edits:?}");
        for e in edits {
            a.edit(&n, e, ts("2023-10-02T09:00:00")).unwrap();
        }
        assert_eq!(a.progress.items[&7].targets, b.progress.items[&7].targets);
        assert_eq!(a.progress.items[&7].status, b.progress.items[&7].status);
        assert_eq!(a.progress.items[&7].subsidies, b.progress.items[&7].subsidies);
        assert_eq!(a.progress.items[&8].note, "b");
        assert!(diff(&a.progress, &b.progress).is_empty());
    }
}
