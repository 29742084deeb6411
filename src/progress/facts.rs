//! Facts for the day they are true for (#15): what an item's status, note,
//! 完成情况, hand-set 完成状况 and subsidy figures were on a day, whether they
//! were recorded then or later (a Q3 report compiled in October).
//!
//! A fact recorded since #15 is a `DatedFact` (`Field::Dated`); one recorded
//! before is an undated field whose day is the day it was recorded (its
//! history entry's). On a day, the fact with the latest day not after it
//! holds, a later-recorded one winning a tie; 完成情况 and 完成状况 hold only
//! within their quarter.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::day::Day;
use super::model::{Change, DatedFact, Fact, Field, ItemProgress, Status, SubsidyProgress, Value};
use super::schedule::Standing;
use super::tracker::Edit;

impl Fact {
    /// The `"field"` tag of a fact: the undated field's where there is one.
    pub fn tag(self) -> &'static str {
        match self {
            Fact::Status => "status",
            Fact::PauseReason => "pause_reason",
            Fact::Note => "note",
            Fact::Evidence => "evidence",
            Fact::Summary => "summary",
            Fact::Judgement => "judgement",
            Fact::JudgementReason => "judgement_reason",
            Fact::SubsidyServed { .. } => "subsidy_served",
            Fact::SubsidyDisbursed { .. } => "subsidy_disbursed",
            Fact::SubsidyPlanned { .. } => "subsidy_planned",
        }
    }

    /// The fact a tag names (`subsidy`: the index a subsidy fact needs).
    pub fn from_tag(tag: &str, subsidy: Option<usize>) -> Option<Fact> {
        Some(match tag {
            "status" => Fact::Status,
            "pause_reason" => Fact::PauseReason,
            "note" => Fact::Note,
            "evidence" => Fact::Evidence,
            "summary" => Fact::Summary,
            "judgement" => Fact::Judgement,
            "judgement_reason" => Fact::JudgementReason,
            "subsidy_served" => Fact::SubsidyServed { subsidy: subsidy? },
            "subsidy_disbursed" => Fact::SubsidyDisbursed { subsidy: subsidy? },
            "subsidy_planned" => Fact::SubsidyPlanned { subsidy: subsidy? },
            _ => return None,
        })
    }

    pub fn subsidy(self) -> Option<usize> {
        match self {
            Fact::SubsidyServed { subsidy } | Fact::SubsidyDisbursed { subsidy } | Fact::SubsidyPlanned { subsidy } => Some(subsidy),
            _ => None,
        }
    }
}

/// The quarter a day is in, as (year, 1–4).
pub fn quarter_of(day: Day) -> (i32, u8) {
    (day.year(), ((day.month() - 1) / 3 + 1) as u8)
}

impl ItemProgress {
    /// The dated fact that holds on `day`, if one was recorded: the latest
    /// on or before it (within its quarter for 完成情况 and 完成状况).
    pub fn dated_on(&self, fact: Fact, day: Day) -> Option<&DatedFact> {
        let start = self.dated.partition_point(|f| f.fact < fact);
        let end = self.dated.partition_point(|f| f.fact < fact || (f.fact == fact && f.on <= day));
        let latest = self.dated[start..end].last()?;
        (!fact.within_quarter() || quarter_of(latest.on) == quarter_of(day)).then_some(latest)
    }

    /// The fact recorded for exactly `day`.
    pub fn dated_exactly(&self, fact: Fact, day: Day) -> Option<&Value> {
        let at = self.dated.partition_point(|f| (f.fact, f.on) < (fact, day));
        self.dated.get(at).filter(|f| (f.fact, f.on) == (fact, day)).map(|f| &f.value)
    }

    /// Record `value` for `fact` on `day` (replacing that day's).
    pub fn put_dated(&mut self, fact: Fact, on: Day, value: Value) {
        let at = self.dated.partition_point(|f| (f.fact, f.on) < (fact, on));
        match self.dated.get_mut(at) {
            Some(existing) if existing.fact == fact && existing.on == on => existing.value = value,
            _ => self.dated.insert(at, DatedFact { fact, on, value }),
        }
    }

    /// The undated value of a fact (recorded before facts had a day).
    pub fn undated(&self, fact: Fact) -> Value {
        match fact {
            Fact::Status => Value::Text(self.status.key().to_string()),
            Fact::PauseReason => Value::from_text(&self.pause_reason),
            Fact::Note => Value::from_text(&self.note),
            Fact::Evidence => Value::from_text(&self.evidence),
            Fact::Summary | Fact::Judgement | Fact::JudgementReason => Value::Empty,
            Fact::SubsidyServed { subsidy } => Value::from_number(self.subsidies.get(&subsidy).and_then(|s| s.served)),
            Fact::SubsidyDisbursed { subsidy } => Value::from_number(self.subsidies.get(&subsidy).and_then(|s| s.disbursed)),
            Fact::SubsidyPlanned { subsidy } => Value::from_number(self.subsidies.get(&subsidy).and_then(|s| s.planned)),
        }
    }
}

/// What an item's facts were on a day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemFacts {
    pub status: Status,
    pub pause_reason: String,
    pub note: String,
    pub evidence: String,
    /// 完成情况 as written for the day's quarter (empty: none written).
    pub summary: String,
    /// 完成状况 set by hand for the day's quarter.
    pub judgement: Option<Standing>,
    pub judgement_reason: String,
    /// By subsidy key.
    pub subsidies: BTreeMap<usize, SubsidyProgress>,
}

/// The undated changes of the history (facts recorded before #15), by item,
/// in history order: collected once per history, then looked up per item.
#[derive(Debug, Default)]
pub struct UndatedChanges<'a> {
    by_item: BTreeMap<u32, Vec<&'a Change>>,
}

impl<'a> UndatedChanges<'a> {
    pub fn of(history: &'a [Change]) -> UndatedChanges<'a> {
        let mut by_item: BTreeMap<u32, Vec<&Change>> = BTreeMap::new();
        for change in history {
            let undated = matches!(
                change.field,
                Field::Status
                    | Field::PauseReason
                    | Field::Note
                    | Field::Evidence
                    | Field::SubsidyServed { .. }
                    | Field::SubsidyDisbursed { .. }
                    | Field::SubsidyPlanned { .. }
            );
            if undated {
                by_item.entry(change.item).or_default().push(change);
            }
        }
        UndatedChanges { by_item }
    }

    /// The undated field's value on `day` and the day it was recorded (None:
    /// from before the history, or no history read). Before its first change
    /// a field held that change's old value.
    fn on(&self, item: u32, field: &Field, current: Value, day: Day) -> (Value, Option<Day>) {
        let mut changes = self.by_item.get(&item).into_iter().flatten().filter(|c| c.field == *field).peekable();
        let Some(first) = changes.peek() else { return (current, None) };
        if first.at.day().is_some_and(|d| d > day) {
            return (first.old.clone(), None);
        }
        // A value from before the history (`PRIOR`, no day) held from the start.
        let last = changes.take_while(|c| c.at.day().is_none_or(|d| d <= day)).last().expect("the first change is on or before the day");
        (last.new.clone(), last.at.day())
    }
}

/// The value of `fact` on `day`: the dated fact when it is as late as the
/// undated value's recording day, else the undated value.
pub fn value_on(progress: Option<&ItemProgress>, undated: &UndatedChanges, item: u32, fact: Fact, day: Day) -> Value {
    let default = ItemProgress::default();
    let p = progress.unwrap_or(&default);
    let dated = p.dated_on(fact, day);
    let (old, recorded) = match fact.undated() {
        Some(field) => undated.on(item, &field, p.undated(fact), day),
        None => (Value::Empty, None),
    };
    match dated {
        Some(d) if recorded.is_none_or(|r| d.on >= r) => d.value.clone(),
        _ => old,
    }
}

/// Every fact of an item on `day`; `subsidies`: the item's subsidy keys.
pub fn item_facts(progress: Option<&ItemProgress>, undated: &UndatedChanges, item: u32, subsidies: &[usize], day: Day) -> ItemFacts {
    let on = |fact| value_on(progress, undated, item, fact, day);
    let text = |fact| on(fact).text().to_string();
    ItemFacts {
        status: Status::from_key(on(Fact::Status).text()).unwrap_or_default(),
        pause_reason: text(Fact::PauseReason),
        note: text(Fact::Note),
        evidence: text(Fact::Evidence),
        summary: text(Fact::Summary),
        judgement: Standing::from_key(on(Fact::Judgement).text()),
        judgement_reason: text(Fact::JudgementReason),
        subsidies: subsidies
            .iter()
            .map(|&subsidy| {
                let figures = SubsidyProgress {
                    served: on(Fact::SubsidyServed { subsidy }).number(),
                    disbursed: on(Fact::SubsidyDisbursed { subsidy }).number(),
                    planned: on(Fact::SubsidyPlanned { subsidy }).number(),
                };
                (subsidy, figures)
            })
            .filter(|(_, f)| *f != SubsidyProgress::default())
            .collect(),
    }
}

/// Edits made now by a restore or an import's decided conflicts, for the
/// day the user looks at: an edit of a field that holds a fact without a day
/// (recorded before #15) is made to the fact for `day` instead — an undated
/// value counts from the day it is recorded, so one written now would not
/// show at that day. The fact for that day the edits also touch is the
/// converted edit's (a restore removes a later fact and sets the older value).
pub fn for_day(edits: Vec<Edit>, day: Day) -> Vec<Edit> {
    let (undated, mut rest): (Vec<Edit>, Vec<Edit>) = edits.into_iter().partition(|e| undated_fact(&e.field).is_some());
    let converted: Vec<Edit> = undated
        .into_iter()
        .filter_map(|e| {
            let fact = undated_fact(&e.field)?;
            // Nothing (an emptied field) is a blank for the day: it hides an earlier fact.
            let value = if e.value == Value::Empty { Value::Text(String::new()) } else { e.value };
            Some(Edit { item: e.item, field: Field::Dated { fact, on: day }, value })
        })
        .collect();
    rest.retain(|e| !converted.iter().any(|c| c.item == e.item && c.field == e.field));
    rest.extend(converted);
    rest
}

/// The fact an undated field holds.
fn undated_fact(field: &Field) -> Option<Fact> {
    Some(match *field {
        Field::Status => Fact::Status,
        Field::PauseReason => Fact::PauseReason,
        Field::Note => Fact::Note,
        Field::Evidence => Fact::Evidence,
        Field::SubsidyServed { subsidy } => Fact::SubsidyServed { subsidy },
        Field::SubsidyDisbursed { subsidy } => Fact::SubsidyDisbursed { subsidy },
        Field::SubsidyPlanned { subsidy } => Fact::SubsidyPlanned { subsidy },
        _ => return None,
    })
}

/// The stored form of a dated fact: a history entry's field keys, its day and value.
impl Serialize for DatedFact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("field", self.fact.tag())?;
        if let Some(subsidy) = self.fact.subsidy() {
            map.serialize_entry("subsidy", &subsidy)?;
        }
        map.serialize_entry("on", &self.on)?;
        map.serialize_entry("value", &self.value)?;
        map.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredFact {
    field: String,
    #[serde(default)]
    subsidy: Option<usize>,
    on: Day,
    #[serde(default)]
    value: Value,
}

impl<'de> Deserialize<'de> for DatedFact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DatedFact, D::Error> {
        let stored: StoredFact = super::change_serde::object(d)?;
        let fact = Fact::from_tag(&stored.field, stored.subsidy)
            .ok_or_else(|| de::Error::custom(format!("未知的事项字段“{}”", super::jsonpath::quoted(&stored.field))))?;
        Ok(DatedFact { fact, on: stored.on, value: stored.value })
    }
}

/// An item's dated facts, each (fact, day) once, put in order.
pub(crate) fn sorted_facts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DatedFact>, D::Error> {
    let mut facts = Vec::<DatedFact>::deserialize(d)?;
    facts.sort_by_key(|f| (f.fact, f.on));
    if let Some(w) = facts.windows(2).find(|w| (w[0].fact, w[0].on) == (w[1].fact, w[1].on)) {
        return Err(de::Error::custom(format!("“{}”在 {} 记录了两次", w[0].fact.label(), w[0].on)));
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::timestamp::{ts, Timestamp};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn the_latest_fact_not_after_the_day_holds() {
        let mut p = ItemProgress::default();
        p.put_dated(Fact::Note, day("2023-09-30"), Value::Text("三季度".into()));
        p.put_dated(Fact::Note, day("2023-06-30"), Value::Text("二季度".into()));
        p.put_dated(Fact::Note, day("2023-12-31"), Value::Text(String::new()));
        let none = UndatedChanges::default();
        let note = |d| value_on(Some(&p), &none, 7, Fact::Note, day(d));
        assert_eq!(note("2023-05-01"), Value::Empty);
        assert_eq!(note("2023-06-30"), Value::Text("二季度".into()));
        assert_eq!(note("2023-10-31"), Value::Text("三季度".into()));
        // A blank fact hides the earlier one.
        assert_eq!(note("2023-12-31").text(), "");
        assert_eq!(p.dated.iter().map(|f| f.on.to_string()).collect::<Vec<_>>(), ["2023-06-30", "2023-09-30", "2023-12-31"]);
    }

    #[test]
    fn a_judgement_holds_within_its_quarter_only() {
        let mut p = ItemProgress::default();
        p.put_dated(Fact::Judgement, day("2023-09-30"), Value::Text(Standing::OnSchedule.key().into()));
        p.put_dated(Fact::Summary, day("2023-08-15"), Value::Text("已完成主体工程".into()));
        let facts = |d| item_facts(Some(&p), &UndatedChanges::default(), 7, &[], day(d));
        assert_eq!(facts("2023-09-30").judgement, Some(Standing::OnSchedule));
        assert_eq!(facts("2023-09-30").summary, "已完成主体工程");
        assert_eq!(facts("2023-09-29").judgement, None);
        assert_eq!(facts("2023-12-31").judgement, None);
        assert_eq!(facts("2023-12-31").summary, "");
    }

    #[test]
    fn an_undated_fact_counts_from_the_day_it_was_recorded() {
        // Recorded before #15: a note on 2023-07-05, then a dated one for 2023-06-30 typed in October.
        let mut p = ItemProgress { note: "七月".into(), ..Default::default() };
        let history = vec![Change {
            at: ts("2023-07-05T10:00:00"),
            unit: String::new(),
            item: 7,
            field: Field::Note,
            old: Value::Empty,
            new: Value::Text("七月".into()),
        }];
        p.put_dated(Fact::Note, day("2023-06-30"), Value::Text("六月底".into()));
        let undated = UndatedChanges::of(&history);
        let note = |d| value_on(Some(&p), &undated, 7, Fact::Note, day(d));
        assert_eq!(note("2023-06-01"), Value::Empty);
        assert_eq!(note("2023-06-30"), Value::Text("六月底".into()));
        assert_eq!(note("2023-07-31"), Value::Text("七月".into()));
        // A dated fact as late as the undated one wins.
        p.put_dated(Fact::Note, day("2023-07-05"), Value::Text("更正".into()));
        assert_eq!(value_on(Some(&p), &undated, 7, Fact::Note, day("2023-07-31")), Value::Text("更正".into()));
        // Without its history (not read yet), an undated value holds from the start.
        assert_eq!(
            value_on(Some(&ItemProgress { note: "七月".into(), ..Default::default() }), &UndatedChanges::default(), 7, Fact::Note, day("2023-01-01")),
            Value::Text("七月".into())
        );
        // A value from before the history holds from the start too.
        let prior = vec![Change { at: Timestamp::PRIOR, unit: String::new(), item: 7, field: Field::Note, old: Value::Empty, new: Value::Text("旧".into()) }];
        assert_eq!(UndatedChanges::of(&prior).on(7, &Field::Note, Value::Empty, day("2023-01-01")), (Value::Text("旧".into()), None));
    }

    #[test]
    fn dated_facts_round_trip_and_repeats_are_refused() {
        let mut p = ItemProgress::default();
        p.put_dated(Fact::SubsidyServed { subsidy: 1 }, day("2023-09-30"), Value::Number(40.0));
        p.put_dated(Fact::Note, day("2023-09-30"), Value::Empty);
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.contains(r#""dated":[{"field":"note","on":"2023-09-30","value":null},{"field":"subsidy_served","subsidy":1,"on":"2023-09-30","value":40.0}]"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ItemProgress>(&json).unwrap(), p);
        let twice = r#"{"dated":[{"field":"note","on":"2023-09-30","value":"a"},{"field":"note","on":"2023-09-30","value":"b"}]}"#;
        assert!(serde_json::from_str::<ItemProgress>(twice).unwrap_err().to_string().contains("记录了两次"));
        assert!(serde_json::from_str::<ItemProgress>(r#"{"dated":[{"field":"teleport","on":"2023-09-30"}]}"#).is_err());
        assert!(serde_json::from_str::<ItemProgress>(r#"{"dated":[{"field":"subsidy_served","on":"2023-09-30"}]}"#).is_err());
        // An item without dated facts or people is written as before #15.
        assert_eq!(
            serde_json::to_string(&ItemProgress { note: "a".into(), ..Default::default() }).unwrap(),
            r#"{"status":"not_started","pause_reason":"","note":"a","evidence":"","targets":{},"subsidies":{},"updated":null,"updated_by":null}"#
        );
    }

    #[test]
    fn a_restore_or_a_decision_sets_the_fact_for_the_day_looked_at() {
        use crate::notice::parse;
        use crate::progress::Tracker;
        let n = parse(crate::BUNDLED_NOTICE);
        let year_end = day("2023-12-31");
        // Before #15: a note recorded on 2023-10-08. Since: a later fact for 12-31.
        let mut t = Tracker::default();
        t.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("旧".into()) }, ts("2023-10-08T09:00:00")).unwrap();
        let backup = t.progress.clone();
        t.edit(&n, Edit { item: 7, field: Field::Dated { fact: Fact::Note, on: year_end }, value: Value::Text("后来".into()) }, ts("2026-12-01T09:00:00"))
            .unwrap();
        t.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("又改".into()) }, ts("2026-12-02T09:00:00")).unwrap();
        // Restored in 2026 while looking at 2023-12-31.
        let edits = for_day(crate::progress::diff::diff(&t.progress, &backup), year_end);
        assert!(edits.iter().all(|e| matches!(e.field, Field::Dated { .. })), "{edits:?}");
        assert_eq!(edits.len(), 1, "the note for 12-31, once: {edits:?}");
        t.edit_all(&n, edits, ts("2026-12-06T09:00:00")).unwrap();
        let undated = UndatedChanges::of(&t.progress.history);
        assert_eq!(value_on(t.progress.items.get(&7), &undated, 7, Fact::Note, year_end), Value::Text("旧".into()), "the backup's note shows at 12-31");
        // An emptied field is a blank for the day.
        let blank = for_day(vec![Edit { item: 7, field: Field::Evidence, value: Value::Empty }], year_end);
        assert_eq!(blank[0].value, Value::Text(String::new()));
        // Other fields pass as they are.
        let target = Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: year_end }, value: Value::Number(1.0) };
        assert_eq!(for_day(vec![target.clone()], year_end), vec![target]);
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_of(day("2023-03-31")), (2023, 1));
        assert_eq!(quarter_of(day("2023-04-01")), (2023, 2));
        assert_eq!(quarter_of(day("2023-12-31")), (2023, 4));
    }
}
