//! The JSON form of a history entry, written and read by hand.
//!
//! The form is release 0.1's (`{"at":…,"unit":…,"item":7,"field":"target_achieved",
//! "target":0,"as_of":"2023-09-30","old":null,"new":300}`), which serde's derive
//! wrote with `#[serde(flatten)]` and an `#[serde(untagged)]` value. Reading that
//! back through the derive buffers every entry and tries the value's variants
//! in turn, building an error message for each miss: a third of the time it
//! took to open a year of edits. Here a value is read by its JSON type and an
//! entry's keys straight into their places. Unknown keys are skipped (a newer
//! version may add some); a key given twice is refused, as the derive does.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::day::Day;
use super::model::{Change, Fact, Field, Status, Value};
use super::timestamp::Timestamp;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Empty => s.serialize_unit(),
            Value::Number(n) => s.serialize_f64(*n),
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("null、数字或字符串")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Empty)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Empty)
            }
            fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
                Ok(Value::Number(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
                Ok(Value::Number(n as f64))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
                Ok(Value::Number(n as f64))
            }
            fn visit_str<E>(self, t: &str) -> Result<Value, E> {
                Ok(Value::Text(t.to_string()))
            }
            fn visit_string<E>(self, t: String) -> Result<Value, E> {
                Ok(Value::Text(t))
            }
        }
        d.deserialize_any(V)
    }
}

impl Field {
    /// The `"field"` tag of a change.
    pub fn tag(&self) -> &'static str {
        match self {
            Field::Status => "status",
            Field::PauseReason => "pause_reason",
            Field::Note => "note",
            Field::Evidence => "evidence",
            Field::TargetAchieved { .. } => "target_achieved",
            Field::SubsidyServed { .. } => "subsidy_served",
            Field::SubsidyDisbursed { .. } => "subsidy_disbursed",
            Field::SubsidyPlanned { .. } => "subsidy_planned",
            Field::Dated { fact, .. } => fact.tag(),
            Field::Leader => "leader",
            Field::Responsible => "responsible",
            Field::Partners => "partners",
            Field::QuarterGoal { .. } => "quarter_goal",
            Field::QuarterShare { .. } => "quarter_share",
        }
    }

    const TAGS: [&'static str; 16] = [
        "status",
        "pause_reason",
        "note",
        "evidence",
        "target_achieved",
        "subsidy_served",
        "subsidy_disbursed",
        "subsidy_planned",
        "summary",
        "judgement",
        "judgement_reason",
        "leader",
        "responsible",
        "partners",
        "quarter_goal",
        "quarter_share",
    ];
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("at", &self.at)?;
        map.serialize_entry("unit", &self.unit)?;
        map.serialize_entry("item", &self.item)?;
        map.serialize_entry("field", self.field.tag())?;
        match &self.field {
            Field::TargetAchieved { target, as_of } => {
                map.serialize_entry("target", target)?;
                map.serialize_entry("as_of", as_of)?;
            }
            Field::SubsidyServed { subsidy } | Field::SubsidyDisbursed { subsidy } | Field::SubsidyPlanned { subsidy } => {
                map.serialize_entry("subsidy", subsidy)?;
            }
            // A fact for a day: the undated field's keys plus `on` (a release
            // before #15 skips `on` and reads the fact as undated).
            Field::Dated { fact, on } => {
                if let Some(subsidy) = fact.subsidy() {
                    map.serialize_entry("subsidy", &subsidy)?;
                }
                map.serialize_entry("on", on)?;
            }
            Field::QuarterGoal { quarter } | Field::QuarterShare { quarter } => map.serialize_entry("quarter", quarter)?,
            Field::Status | Field::PauseReason | Field::Note | Field::Evidence | Field::Leader | Field::Responsible | Field::Partners => {}
        }
        map.serialize_entry("old", &self.old)?;
        map.serialize_entry("new", &self.new)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Change, D::Error> {
        d.deserialize_map(ChangeVisitor)
    }
}

struct ChangeVisitor;

/// A change's keys, matched without allocating.
enum Key {
    At,
    Unit,
    Item,
    Field,
    Target,
    AsOf,
    Subsidy,
    On,
    Quarter,
    Old,
    New,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("字段名")
            }
            fn visit_str<E>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "at" => Key::At,
                    "unit" => Key::Unit,
                    "item" => Key::Item,
                    "field" => Key::Field,
                    "target" => Key::Target,
                    "as_of" => Key::AsOf,
                    "subsidy" => Key::Subsidy,
                    "on" => Key::On,
                    "quarter" => Key::Quarter,
                    "old" => Key::Old,
                    "new" => Key::New,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Each key once.
fn put<T, E: de::Error>(slot: &mut Option<T>, key: &'static str, value: T) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::custom(super::jsonpath::repeated(key)));
    }
    Ok(())
}

impl<'de> Visitor<'de> for ChangeVisitor {
    type Value = Change;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("一条修改记录（对象）")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
        let (mut at, mut unit, mut item, mut field) = (None, None, None, None::<String>);
        let (mut target, mut as_of, mut subsidy, mut old, mut new) = (None, None, None, None, None);
        let (mut on, mut quarter) = (None, None);
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::At => put(&mut at, "at", map.next_value::<Timestamp>()?)?,
                Key::Unit => put(&mut unit, "unit", map.next_value::<String>()?)?,
                Key::Item => put(&mut item, "item", map.next_value::<u32>()?)?,
                Key::Field => {
                    // Refused here, so that the error is placed at `field`.
                    let tag = map.next_value::<String>()?;
                    if !Field::TAGS.contains(&tag.as_str()) {
                        return Err(unknown_field(&tag));
                    }
                    put(&mut field, "field", tag)?
                }
                Key::Target => put(&mut target, "target", map.next_value::<usize>()?)?,
                Key::AsOf => put(&mut as_of, "as_of", map.next_value::<Day>()?)?,
                Key::Subsidy => put(&mut subsidy, "subsidy", map.next_value::<usize>()?)?,
                Key::On => put(&mut on, "on", map.next_value::<Day>()?)?,
                Key::Quarter => put(&mut quarter, "quarter", map.next_value::<u8>()?)?,
                Key::Old => put(&mut old, "old", map.next_value::<Value>()?)?,
                Key::New => put(&mut new, "new", map.next_value::<Value>()?)?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = |name: &'static str| de::Error::missing_field(name);
        let tag = field.ok_or_else(|| missing("field"))?;
        let need = |slot: Option<usize>, name: &'static str| slot.ok_or_else(|| missing(name));
        let need_quarter = || quarter.ok_or_else(|| missing("quarter"));
        let field = match (tag.as_str(), on) {
            ("leader", _) => Field::Leader,
            ("responsible", _) => Field::Responsible,
            ("partners", _) => Field::Partners,
            ("quarter_goal", _) => Field::QuarterGoal { quarter: need_quarter()? },
            ("quarter_share", _) => Field::QuarterShare { quarter: need_quarter()? },
            ("target_achieved", _) => Field::TargetAchieved { target: need(target, "target")?, as_of: as_of.ok_or_else(|| missing("as_of"))? },
            (tag, Some(on)) => {
                let fact = Fact::from_tag(tag, subsidy).ok_or_else(|| if subsidy.is_none() { missing("subsidy") } else { unknown_field(tag) })?;
                Field::Dated { fact, on }
            }
            ("summary" | "judgement" | "judgement_reason", None) => return Err(missing("on")),
            (tag, None) => undated(tag, subsidy)?,
        };
        Ok(Change {
            at: at.ok_or_else(|| missing("at"))?,
            unit: unit.ok_or_else(|| missing("unit"))?,
            item: item.ok_or_else(|| missing("item"))?,
            field,
            old: old.unwrap_or_default(),
            new: new.unwrap_or_default(),
        })
    }
}

/// A field of release 0.1's form (no day).
fn undated<E: de::Error>(tag: &str, subsidy: Option<usize>) -> Result<Field, E> {
    let need = |slot: Option<usize>, name: &'static str| slot.ok_or_else(|| E::missing_field(name));
    Ok(match tag {
        "status" => Field::Status,
        "pause_reason" => Field::PauseReason,
        "note" => Field::Note,
        "evidence" => Field::Evidence,
        "subsidy_served" => Field::SubsidyServed { subsidy: need(subsidy, "subsidy")? },
        "subsidy_disbursed" => Field::SubsidyDisbursed { subsidy: need(subsidy, "subsidy")? },
        "subsidy_planned" => Field::SubsidyPlanned { subsidy: need(subsidy, "subsidy")? },
        other => return Err(unknown_field(other)),
    })
}

/// A field this version does not know (a newer version's, or a damaged file).
fn unknown_field<E: de::Error>(tag: &str) -> E {
    E::custom(format!("未知的修改内容“{}”（可能来自更新版本的本工具）", super::jsonpath::quoted(tag)))
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Status;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("状态（not_started、in_progress、done、paused 之一）")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Status, E> {
                Status::from_key(key).ok_or_else(|| E::unknown_variant(key, &["not_started", "in_progress", "done", "paused"]))
            }
        }
        d.deserialize_str(V)
    }
}

/// A struct read from a JSON object only: serde's derive also takes an
/// array (its fields by position, `[]` for all defaults), which no file of
/// ours has — `"progress": []` is a wrong type, not an empty progress.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Object(std::marker::PhantomData).deserialize(d)
}

/// [`object`] for an optional field: an object, or `null` (None).
pub(crate) fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    struct OrNull<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for OrNull<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("对象或 null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            object(d).map(Some)
        }
    }
    d.deserialize_option(OrNull(std::marker::PhantomData))
}

struct Object<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Object<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Object<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("对象")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

/// A map whose keys must each come once (`#[serde(deserialize_with)]` on
/// an item's targets): serde's maps keep the last of repeated keys, while a
/// repeated field is refused — a file with `"0"` twice is refused the same
/// way, in every browser. (`jsonpath::typed` refuses repeated keys before
/// this runs; this holds for JSON read any other way.)
pub(crate) fn unique_keys<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    d.deserialize_map(UniqueKeys::<K, V, false>(std::marker::PhantomData))
}

/// `unique_keys` whose values are objects (`object`): `Progress::items`, an item's subsidies.
pub(crate) fn unique_objects<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    d.deserialize_map(UniqueKeys::<K, V, true>(std::marker::PhantomData))
}

struct UniqueKeys<K, V, const OBJECTS: bool>(std::marker::PhantomData<(K, V)>);

impl<'de, K: Deserialize<'de> + Ord + fmt::Display, V: Deserialize<'de>, const OBJECTS: bool> Visitor<'de> for UniqueKeys<K, V, OBJECTS> {
    type Value = std::collections::BTreeMap<K, V>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("对象")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: std::collections::BTreeMap<K, V> = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<K>()? {
            let value = if OBJECTS { map.next_value_seed(Object::<V>(std::marker::PhantomData))? } else { map.next_value::<V>()? };
            if out.contains_key(&key) {
                return Err(de::Error::custom(super::jsonpath::repeated(&key.to_string())));
            }
            out.insert(key, value);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_0_1_form_round_trips() {
        let json = r#"{"at":"2023-10-08T10:00:00","unit":"区残联","item":7,"field":"target_achieved","target":0,"as_of":"2023-09-30","old":300.0,"new":612.5}"#;
        let change: Change = serde_json::from_str(json).unwrap();
        assert_eq!(change.field, Field::TargetAchieved { target: 0, as_of: Day::parse("2023-09-30").unwrap() });
        assert_eq!((change.old.clone(), change.new.clone()), (Value::Number(300.0), Value::Number(612.5)));
        assert_eq!(serde_json::to_string(&change).unwrap(), json);
        let note = r#"{"at":"","unit":"","item":3,"field":"note","old":null,"new":"甲"}"#;
        let change: Change = serde_json::from_str(note).unwrap();
        assert!(change.at.is_prior());
        assert_eq!(serde_json::to_string(&change).unwrap(), note);
    }

    #[test]
    fn dated_facts_and_people_round_trip() {
        let forms = [
            r#"{"at":"2023-10-08T10:00:00","unit":"区民政局","item":7,"field":"note","on":"2023-09-30","old":"甲","new":"乙"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"subsidy_served","subsidy":1,"on":"2023-09-30","old":null,"new":40.0}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"judgement","on":"2023-09-30","old":null,"new":"behind"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"leader","old":null,"new":"张三"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"quarter_share","quarter":3,"old":null,"new":75.0}"#,
        ];
        for json in forms {
            let change: Change = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&change).unwrap(), json);
        }
        let c: Change = serde_json::from_str(forms[0]).unwrap();
        assert_eq!(c.field, Field::Dated { fact: Fact::Note, on: Day::parse("2023-09-30").unwrap() });
        for bad in [
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"summary","new":"x"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"subsidy_served","on":"2023-09-30","new":1}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"quarter_goal","new":"x"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"note","on":"2023-9-30","new":"x"}"#,
        ] {
            assert!(serde_json::from_str::<Change>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn repeated_keys_in_maps_are_refused() {
        use crate::progress::Progress;
        let once: Progress = serde_json::from_str(r#"{"items":{"7":{"note":"a"},"8":{"note":"b"}}}"#).unwrap();
        assert_eq!(once.items.len(), 2);
        let err = serde_json::from_str::<Progress>(r#"{"items":{"7":{"note":"a"},"7":{"note":"b"}}}"#).unwrap_err().to_string();
        assert!(err.contains("键“7”重复出现"), "{err}");
        assert!(serde_json::from_str::<Progress>(r#"{"items":{"7":{"subsidies":{"0":{},"0":{}}}}}"#).is_err());
    }

    #[test]
    fn values_are_read_by_their_json_type() {
        let v = |s: &str| serde_json::from_str::<Value>(s);
        assert_eq!(v("null").unwrap(), Value::Empty);
        assert_eq!(v("3").unwrap(), Value::Number(3.0));
        assert_eq!(v("\"3\"").unwrap(), Value::Text("3".into()));
        assert!(v("[1]").is_err() && v("true").is_err() && v("{}").is_err());
    }

    #[test]
    fn malformed_entries_are_refused() {
        let bad = [
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"target_achieved","as_of":"2023-09-30"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"teleport"}"#,
            r#"{"at":"2023-9-8T10:00:00","unit":"","item":7,"field":"note"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"item":8,"field":"note"}"#,
            r#"{"unit":"","item":7,"field":"note"}"#,
            r#"{"at":"2023-10-08T10:00:00","unit":"","item":-7,"field":"note"}"#,
        ];
        for json in bad {
            assert!(serde_json::from_str::<Change>(json).is_err(), "{json}");
        }
        let extra = r#"{"at":"2023-10-08T10:00:00","unit":"","item":7,"field":"note","new":"x","future":{"a":1}}"#;
        assert_eq!(serde_json::from_str::<Change>(extra).unwrap().new, Value::Text("x".into()));
    }
}
