//! The user's corrections of what the parser read (#12): stored with the
//! notice as edits, by key (`keys`), and applied after every reading, so a
//! re-read (a corrected text, a newer parser) keeps them. A correction whose
//! item or target is no longer there is reported (`Unapplied`), never
//! applied elsewhere and never dropped without a word.
//!
//! Splitting an item is a corrected text plus an added item after it;
//! joining two is a corrected text plus the second removed (`split`, `join`):
//! progress recorded for a removed item stays stored and is listed by the
//! page as progress without an item.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::keys::{carry, subsidy_similarity, target_similarity, ReadSubsidy, ReadTarget};
use super::model::{Item, Level, Notice, Subsidy, Target, TargetKind};
use super::quantity::{scan, MAX_FIGURE};
use super::{read_item_text, text};

/// The corrections of one notice. Empty: the reading as the parser made it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Corrections {
    /// The list's title (`Notice::list_title`), place and year as the user set them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// By item key (an added item's too).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<u32, ItemCorrection>,
    /// Items the parser did not read (or split off one it read), in the order added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<AddedItem>,
}

/// What the user changed in one item. A field left `None` is as read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemCorrection {
    /// The item's text: its targets, subsidies and deadlines are read from it again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<Vec<String>>,
    /// The category's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Not an item of the list (a misread line, or joined into another).
    #[serde(skip_serializing_if = "is_false")]
    pub removed: bool,
    /// By target key: the target as the user put it, or `None`: not a target.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<usize, Option<TargetFix>>,
    /// By subsidy key: the standard as the user put it, or `None`: not a subsidy.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub subsidies: BTreeMap<usize, Option<SubsidyFix>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A target as the user typed it: what, how many, in what unit (万人, 个).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetFix {
    pub label: String,
    pub value: f64,
    pub unit: String,
}

/// A subsidy standard as the user typed it: what, how much (yuan), per what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubsidyFix {
    pub label: String,
    pub amount_yuan: f64,
    pub basis: String,
}

/// An item the user added: it is read like a parsed one (its targets,
/// subsidies and deadlines from its text) and placed after the item `after`
/// (else at the end of its category).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddedItem {
    pub key: u32,
    /// The number shown before it.
    pub no: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u32>,
    pub category: String,
    pub text: String,
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default = "district")]
    pub level: Level,
}

fn district() -> Level {
    Level::District
}

/// A correction that found nothing to apply to in this reading (its item or
/// target is gone, or its category): shown to the user, kept stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unapplied {
    pub item: u32,
    /// Chinese.
    pub what: String,
}

/// Longest text a correction may hold (an item's text is a few hundred characters).
pub const MAX_TEXT_CHARS: usize = 5_000;

/// Why a correction is refused (Chinese, for the editor and for a file's check).
pub fn check(c: &Corrections) -> Result<(), String> {
    let text_ok = |what: &str, t: &str| -> Result<(), String> {
        if t.chars().count() > MAX_TEXT_CHARS {
            return Err(format!("{what}超过 {MAX_TEXT_CHARS} 个字符"));
        }
        if t.chars().any(|ch| ch.is_control() && ch != '\n') {
            return Err(format!("{what}含有控制字符"));
        }
        Ok(())
    };
    let figure_ok = |what: &str, v: f64| -> Result<(), String> {
        if !v.is_finite() || !(0.0..=MAX_FIGURE).contains(&v) {
            return Err(format!("{what}应为 0 到 {MAX_FIGURE:e} 之间的数"));
        }
        Ok(())
    };
    for t in [&c.title, &c.place].into_iter().flatten() {
        text_ok("标题或地名", t)?;
    }
    if let Some(y) = c.year.filter(|y| !(1990..=2999).contains(y)) {
        return Err(format!("年份 {y} 不在 1990—2999 之间"));
    }
    for (key, i) in &c.items {
        let at = |what: &str| format!("事项 {key} 的{what}");
        if let Some(t) = &i.text {
            text_ok(&at("内容"), t)?;
            if t.trim().is_empty() {
                return Err(at("内容为空"));
            }
        }
        for u in i.units.iter().flatten().chain(i.category.iter()) {
            text_ok(&at("单位或类别"), u)?;
        }
        for t in i.targets.values().flatten() {
            text_ok(&at("量化目标"), &format!("{}{}", t.label, t.unit))?;
            figure_ok(&at("量化目标"), t.value)?;
        }
        for s in i.subsidies.values().flatten() {
            text_ok(&at("补助标准"), &format!("{}{}", s.label, s.basis))?;
            figure_ok(&at("补助标准"), s.amount_yuan)?;
        }
    }
    for a in &c.added {
        text_ok(&format!("新增事项 {} 的内容", a.key), &format!("{}{}{}", a.text, a.category, a.units.join("")))?;
    }
    Ok(())
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        *self == Corrections::default()
    }

    /// A key no item of `notice` (as read, before corrections) and no added item has.
    pub fn next_item_key(&self, read: &Notice) -> u32 {
        read.items.iter().map(|i| i.key).chain(self.added.iter().map(|a| a.key)).chain(self.items.keys().copied()).max().unwrap_or(0) + 1
    }

    /// Split the item `key` of the corrected notice `shown` at character
    /// `at` of its text: it keeps the first part, a new item (returned) the
    /// rest, in the same category with the same units.
    pub fn split(&mut self, read: &Notice, shown: &Notice, key: u32, at: usize) -> Option<u32> {
        let item = shown.items.iter().find(|i| i.key == key)?;
        let cut = item.text.char_indices().nth(at).map(|(b, _)| b)?;
        let (first, rest) = (item.text[..cut].trim(), item.text[cut..].trim());
        if first.is_empty() || rest.is_empty() {
            return None;
        }
        let category = shown.category_name(item.category)?.to_string();
        let new_key = self.next_item_key(read);
        let no = shown.items.iter().map(|i| i.no).max().unwrap_or(0) + 1;
        let added = AddedItem { key: new_key, no, after: Some(key), category, text: rest.to_string(), units: item.units.clone(), level: item.level };
        // The item's targets and subsidies as read, before the user's fixes of them: what the fixes are matched by.
        let was = apply(read, &self.without_thing_fixes(key)).0.items.into_iter().find(|i| i.key == key)?;
        self.items.entry(key).or_default().text = Some(first.to_string());
        self.added.push(added);
        self.move_split_fixes(read, &was, key, new_key);
        Some(new_key)
    }

    /// These corrections without those of the item `key`'s targets and subsidies.
    fn without_thing_fixes(&self, key: u32) -> Corrections {
        let mut plain = self.clone();
        if let Some(fix) = plain.items.get_mut(&key) {
            fix.targets.clear();
            fix.subsidies.clear();
        }
        plain
    }

    /// After a split, the corrections of targets and subsidies that went
    /// with the second part (`to`) follow them: each to the thing of the
    /// second part most like the one corrected (`was`: the item before the
    /// split, its targets and subsidies as read).
    fn move_split_fixes(&mut self, read: &Notice, was: &Item, from: u32, to: u32) {
        let (after, _) = apply(read, &self.without_thing_fixes(from));
        let (Some(first), Some(second)) = (after.items.iter().find(|i| i.key == from), after.items.iter().find(|i| i.key == to)) else { return };
        let fix = self.items.entry(from).or_default();
        let targets = follow_split(&mut fix.targets, &first.targets, &was.targets, &second.targets, |t| t.key, ReadTarget::of, target_similarity);
        let subsidies = follow_split(&mut fix.subsidies, &first.subsidies, &was.subsidies, &second.subsidies, |s| s.key, ReadSubsidy::of, subsidy_similarity);
        if !targets.is_empty() || !subsidies.is_empty() {
            let second = self.items.entry(to).or_default();
            second.targets.extend(targets);
            second.subsidies.extend(subsidies);
        }
    }

    /// Join the item `second` into `first` (texts one after the other); `second` is removed.
    pub fn join(&mut self, shown: &Notice, first: u32, second: u32) -> bool {
        let find = |k: u32| shown.items.iter().find(|i| i.key == k);
        let (Some(a), Some(b)) = (find(first), find(second)) else { return false };
        if first == second {
            return false;
        }
        let text = format!("{}{}", a.text, b.text);
        self.items.entry(first).or_default().text = Some(text);
        self.items.entry(second).or_default().removed = true;
        true
    }
}

/// The notice as corrected: `read` (a keyed reading) with `c` applied, and
/// the corrections that found nothing to apply to.
pub fn apply(read: &Notice, c: &Corrections) -> (Notice, Vec<Unapplied>) {
    let mut notice = read.clone();
    let mut unapplied = Vec::new();
    if let Some(t) = &c.title {
        notice.list_title = Some(t.clone());
    }
    if let Some(p) = &c.place {
        notice.place = (!p.trim().is_empty()).then(|| p.trim().to_string());
    }
    if c.year.is_some() {
        notice.year = c.year;
    }
    let category_index = |notice: &Notice, name: &str| notice.categories.iter().find(|k| k.name == name).map(|k| k.index);
    for a in &c.added {
        if notice.items.iter().any(|i| i.key == a.key) {
            unapplied.push(Unapplied { item: a.key, what: format!("新增事项 {} 与已有事项编号冲突，未加入", a.no) });
            continue;
        }
        let Some(category) = category_index(&notice, &a.category) else {
            unapplied
                .push(Unapplied { item: a.key, what: format!("新增事项“{}”的类别“{}”已不存在，未加入", short(&a.text), a.category) });
            continue;
        };
        let item = added_item(a, category);
        let at = a
            .after
            .and_then(|k| notice.items.iter().position(|i| i.key == k))
            .or_else(|| notice.items.iter().rposition(|i| i.category == category))
            .map_or(notice.items.len(), |p| p + 1);
        notice.items.insert(at, item);
    }
    for (&key, fix) in &c.items {
        let Some(at) = notice.items.iter().position(|i| i.key == key) else {
            unapplied.push(Unapplied { item: key, what: format!("事项 {key} 的更正：该事项在本次读取中找不到") });
            continue;
        };
        if fix.removed {
            notice.items.remove(at);
            continue;
        }
        let category = match &fix.category {
            Some(name) => match category_index(&notice, name) {
                Some(index) => Some(index),
                None => {
                    unapplied.push(Unapplied { item: key, what: format!("事项 {key} 改到的类别“{name}”已不存在") });
                    None
                }
            },
            None => None,
        };
        let item = &mut notice.items[at];
        if let Some(index) = category {
            item.category = index;
        }
        if let Some(t) = &fix.text {
            retext(item, t);
        }
        if let Some(units) = &fix.units {
            item.units = units.iter().map(|u| u.trim().to_string()).filter(|u| !u.is_empty()).collect();
            if item.units_label.is_none() && !item.units.is_empty() {
                item.units_label = Some("牵头单位".to_string());
            }
        }
        if let Some(level) = fix.level {
            item.level = level;
        }
        fix_list(&mut item.targets, &fix.targets, |t| t.key, user_target, key, "量化目标", &mut unapplied);
        fix_list(&mut item.subsidies, &fix.subsidies, |s| s.key, user_subsidy, key, "补助标准", &mut unapplied);
    }
    for category in &mut notice.categories {
        category.item_nos = notice.items.iter().filter(|i| i.category == category.index).map(|i| i.no).collect();
    }
    (notice, unapplied)
}

fn short(text: &str) -> String {
    match text.char_indices().nth(16) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The item with a corrected text: what the text says read again, the
/// targets and subsidies that are still there keeping their keys.
fn retext(item: &mut Item, corrected: &str) {
    let corrected = text::normalize(corrected).trim().to_string();
    if corrected == item.text {
        return;
    }
    let mut reading = read_item_text(&corrected, &item.measures);
    rekey(&item.targets, &mut reading.targets, ReadTarget::of, |t| t.key, target_similarity, |t, k| t.key = k);
    rekey(&item.subsidies, &mut reading.subsidies, ReadSubsidy::of, |s| s.key, subsidy_similarity, |s, k| s.key = k);
    item.text = corrected;
    item.attachment_text = None;
    item.targets = reading.targets;
    item.baselines = reading.baselines;
    item.subsidies = reading.subsidies;
    item.deadlines = reading.deadlines;
}

/// Keys for the things `new` (targets or subsidies) of a text read again,
/// from those they had (`old`): the same thing keeps its key, a new one gets a new key.
fn rekey<T, R>(old: &[T], new: &mut [T], read: fn(&T) -> R, key_of: fn(&R) -> usize, score: fn(&R, &R) -> u32, set_key: fn(&mut T, usize)) {
    let (old, read_new): (Vec<R>, Vec<R>) = (old.iter().map(read).collect(), new.iter().map(read).collect());
    let (keys, _) = carry(&old, &read_new, key_of, score);
    new.iter_mut().zip(keys).for_each(|(t, k)| set_key(t, k));
}

/// After a split, the fixes of things (targets or subsidies) that went with
/// the second part: each goes to the thing of `second` most like the one it
/// fixed (`was`: as read before the split), and is returned; the fixes of
/// things still in the first part (and the user's own) stay in `fixes`.
fn follow_split<T, R, F>(
    fixes: &mut BTreeMap<usize, F>,
    first: &[T],
    was: &[T],
    second: &[T],
    key_of: fn(&T) -> usize,
    read: fn(&T) -> R,
    score: fn(&R, &R) -> u32,
) -> BTreeMap<usize, F> {
    let mut moved = BTreeMap::new();
    for (k, f) in std::mem::take(fixes) {
        let gone = !first.iter().any(|t| key_of(t) == k);
        let to = was.iter().find(|t| gone && key_of(t) == k).and_then(|t| {
            let t = read(t);
            second.iter().map(|n| (score(&t, &read(n)), key_of(n))).filter(|(s, _)| *s > 0).max().map(|(_, n)| n)
        });
        match to {
            Some(n) => {
                moved.insert(n, f);
            }
            None => {
                fixes.insert(k, f);
            }
        }
    }
    moved
}

/// Replace or remove the things of `list` the user corrected (by key); a fix
/// for a key not there is a thing the user added.
fn fix_list<T, F>(
    list: &mut Vec<T>,
    fixes: &BTreeMap<usize, Option<F>>,
    key_of: fn(&T) -> usize,
    build: impl Fn(usize, &F) -> T,
    item: u32,
    what: &str,
    unapplied: &mut Vec<Unapplied>,
) {
    for (&key, fix) in fixes {
        match (list.iter().position(|t| key_of(t) == key), fix) {
            (Some(at), Some(f)) => list[at] = build(key, f),
            (Some(at), None) => {
                list.remove(at);
            }
            (None, Some(f)) => list.push(build(key, f)),
            (None, None) => unapplied.push(Unapplied { item, what: format!("事项 {item} 要去掉的{what}在本次读取中找不到") }),
        }
    }
}

/// A target the user typed, in base units as the parser would read "{value}{unit}".
fn user_target(key: usize, f: &TargetFix) -> Target {
    let written = format!("{}{}", f.value, f.unit.trim());
    let read = scan(&written).into_iter().next().filter(|q| q.value == f.value && q.number_start == 0);
    let (normalized, base_unit, kind) = match read {
        Some(q) => (q.normalized, q.unit.base.to_string(), q.unit.kind),
        None => (f.value, f.unit.trim().to_string(), if f.unit.contains('%') { TargetKind::Percent } else { TargetKind::Count }),
    };
    Target {
        key,
        label: f.label.trim().to_string(),
        value: f.value,
        unit: f.unit.trim().to_string(),
        normalized,
        base_unit,
        kind,
        comparator: None,
        quote: format!("（人工更正）{}{}", f.label.trim(), written),
    }
}

fn user_subsidy(key: usize, f: &SubsidyFix) -> Subsidy {
    Subsidy {
        key,
        label: f.label.trim().to_string(),
        amount_yuan: f.amount_yuan,
        basis: f.basis.trim().to_string(),
        beneficiaries: None,
        planned_total_yuan: None,
        quote: format!("（人工更正）{}", f.label.trim()),
    }
}

fn added_item(a: &AddedItem, category: u32) -> Item {
    let text = text::normalize(&a.text).trim().to_string();
    let reading = read_item_text(&text, &[]);
    let mut item = Item {
        no: a.no,
        key: a.key,
        category,
        text,
        attachment_text: None,
        units: a.units.clone(),
        units_label: (!a.units.is_empty()).then(|| "牵头单位".to_string()),
        partner_units: vec![],
        investment_yuan: reading.investment_yuan,
        level: a.level,
        citywide_reference: false,
        measures: vec![],
        targets: reading.targets,
        subsidies: reading.subsidies,
        baselines: reading.baselines,
        deadlines: reading.deadlines,
    };
    item.targets.iter_mut().enumerate().for_each(|(k, t)| t.key = k);
    item.subsidies.iter_mut().enumerate().for_each(|(k, s)| s.key = k);
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::keys::{assign, carry_keys, Reading};
    use crate::notice::parse;

    const LIST: &str = "关于印发某某县2025年民生实事的通知\n\n某某县2025年民生实事\n\n一、就业（2项）\n1.新增城镇就业1200人，培训技能人员800人次。（牵头单位：县人社局）\n2.发放创业担保贷款3000万元，举办招聘会20场。（牵头单位：县人社局）\n二、教育（1项）\n3.新建幼儿园2所，新增学位540个。（牵头单位：县教体局）\n";

    fn item(n: &Notice, key: u32) -> &Item {
        n.items.iter().find(|i| i.key == key).unwrap()
    }

    #[test]
    fn place_year_and_title_are_set() {
        let read = parse(LIST);
        let c =
            Corrections { title: Some("某某县2025年十件民生实事".into()), place: Some("某某县".into()), year: Some(2026), ..Default::default() };
        let (n, unapplied) = apply(&read, &c);
        assert!(unapplied.is_empty());
        assert_eq!((n.list_title.as_deref(), n.place.as_deref(), n.year), (Some("某某县2025年十件民生实事"), Some("某某县"), Some(2026)));
        assert_eq!(apply(&read, &Corrections::default()).0, read, "no correction, the reading as it was");
    }

    #[test]
    fn a_corrected_text_is_read_again_and_its_targets_keep_their_keys() {
        let read = parse(LIST);
        let mut c = Corrections::default();
        c.items.entry(1).or_default().text = Some("新增城镇就业1300人，培训技能人员800人次，开发公益性岗位50个".into());
        let (n, _) = apply(&read, &c);
        let targets: Vec<(usize, &str, f64)> = item(&n, 1).targets.iter().map(|t| (t.key, t.label.as_str(), t.value)).collect();
        assert_eq!(targets.len(), 3, "{targets:?}");
        assert!(targets.iter().any(|t| t.0 == 0 && t.2 == 1300.0), "the corrected figure keeps key 0: {targets:?}");
        assert!(targets.iter().any(|t| t.0 == 1 && t.2 == 800.0), "{targets:?}");
        assert!(targets.iter().any(|t| t.0 == 2 && t.2 == 50.0), "the new target gets a new key: {targets:?}");
    }

    #[test]
    fn targets_and_subsidies_are_edited_removed_and_added_by_key() {
        let read = parse(LIST);
        assert_eq!(item(&read, 2).targets.len(), 2, "{:?}", item(&read, 2).targets);
        let mut c = Corrections::default();
        let fix = c.items.entry(2).or_default();
        fix.targets.insert(0, None); // 3000万元 of loans is not a target to count
        fix.targets.insert(1, Some(TargetFix { label: "举办招聘会".into(), value: 24.0, unit: "场".into() }));
        fix.targets.insert(5, Some(TargetFix { label: "帮扶就业困难人员".into(), value: 0.12, unit: "万人".into() }));
        fix.subsidies.insert(0, Some(SubsidyFix { label: "创业补贴".into(), amount_yuan: 5000.0, basis: "每户".into() }));
        let (n, unapplied) = apply(&read, &c);
        assert!(unapplied.is_empty(), "{unapplied:?}");
        let t = &item(&n, 2).targets;
        assert_eq!(t.iter().map(|t| (t.key, t.value)).collect::<Vec<_>>(), [(1, 24.0), (5, 0.12)]);
        assert_eq!((t[1].normalized, t[1].base_unit.as_str()), (1200.0, "人"), "万人 read as the parser reads it");
        assert_eq!(item(&n, 2).subsidies[0].amount_yuan, 5000.0);
        // Progress can be recorded against the added target's key.
        let mut tracker = crate::progress::Tracker::default();
        let day = crate::progress::Day::new(2025, 6, 30).unwrap();
        let edit = crate::progress::Edit {
            item: 2,
            field: crate::progress::Field::TargetAchieved { target: 5, as_of: day },
            value: crate::progress::Value::Number(600.0),
        };
        tracker.edit(&n, edit.clone(), crate::progress::timestamp::ts("2025-07-01T09:00:00")).unwrap();
        assert!(
            tracker.edit(&read, crate::progress::Edit { item: 2, ..edit }, crate::progress::timestamp::ts("2025-07-01T09:00:01")).is_err(),
            "not a target of the uncorrected reading"
        );
    }

    #[test]
    fn items_move_change_units_and_level_split_and_join() {
        let read = parse(LIST);
        let mut c = Corrections::default();
        let fix = c.items.entry(3).or_default();
        fix.category = Some("就业".into());
        fix.units = Some(vec!["县教体局".into(), "县住建局".into()]);
        fix.level = Some(Level::City);
        let (n, _) = apply(&read, &c);
        let moved = item(&n, 3);
        assert_eq!((moved.category, moved.units.len(), moved.level), (1, 2, Level::City));
        assert_eq!(n.categories[0].item_nos, [1, 2, 3]);
        assert!(n.categories[1].item_nos.is_empty());

        let mut c = Corrections::default();
        // The second target (800人次 of training) corrected to 900 before the split: the correction goes with it.
        c.items.entry(1).or_default().targets.insert(1, Some(TargetFix { label: "培训技能人员".into(), value: 900.0, unit: "人次".into() }));
        let shown = apply(&read, &c).0;
        let new_key = c.split(&read, &shown, 1, "新增城镇就业1200人，".chars().count()).unwrap();
        assert_eq!(new_key, 4);
        let (n, _) = apply(&read, &c);
        assert_eq!(n.items.iter().map(|i| i.key).collect::<Vec<_>>(), [1, 4, 2, 3], "the split-off part follows its item");
        assert_eq!(item(&n, 1).text, "新增城镇就业1200人，");
        assert_eq!(item(&n, 4).text, "培训技能人员800人次。");
        assert_eq!(item(&n, 4).targets.iter().map(|t| t.value).collect::<Vec<_>>(), [900.0], "the correction followed its target");
        assert_eq!(item(&n, 1).targets.iter().map(|t| t.value).collect::<Vec<_>>(), [1200.0]);
        assert_eq!(item(&n, 4).units, ["县人社局"]);
        assert!(c.join(&n, 1, 4));
        let (joined, unapplied) = apply(&read, &c);
        assert!(unapplied.is_empty(), "{unapplied:?}");
        assert_eq!(joined.items.iter().map(|i| i.key).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(item(&joined, 1).text, "新增城镇就业1200人，培训技能人员800人次。");
    }

    #[test]
    fn corrections_survive_a_re_read_and_what_they_lost_is_listed() {
        let read = parse(LIST);
        let mut c = Corrections::default();
        c.items.entry(3).or_default().units = Some(vec!["县教育局".into()]);
        c.items.entry(2).or_default().level = Some(Level::City);
        // The text corrected: an item inserted at the top renumbers the rest, item 2 rewritten.
        let text = LIST
            .replace("1.新增城镇就业", "1.开发公益性岗位150个。（牵头单位：县人社局）\n2.新增城镇就业")
            .replace("2.发放创业担保贷款3000万元，举办招聘会20场", "3.组织技能大赛5场")
            .replace("3.新建幼儿园", "4.新建幼儿园");
        let mut again = parse(&text);
        let (keys, unplaced) = carry_keys(&Reading::of(&read), &again);
        assert_eq!(unplaced.len(), 1, "{unplaced:?}");
        assign(&mut again, &keys);
        let (n, unapplied) = apply(&again, &c);
        let kindergarten = n.items.iter().find(|i| i.text.starts_with("新建幼儿园")).unwrap();
        assert_eq!((kindergarten.key, kindergarten.no, kindergarten.units.clone()), (3, 4, vec!["县教育局".to_string()]));
        assert_eq!(unapplied, [Unapplied { item: 2, what: "事项 2 的更正：该事项在本次读取中找不到".into() }]);
    }

    #[test]
    fn corrections_round_trip_as_json_and_bad_ones_are_refused_in_chinese() {
        let read = parse(LIST);
        let mut c = Corrections { place: Some("某某县".into()), ..Default::default() };
        c.split(&read, &read, 1, 3).unwrap();
        c.items.entry(2).or_default().targets.insert(0, Some(TargetFix { label: "贷款".into(), value: 2.5, unit: "亿元".into() }));
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Corrections>(&json).unwrap(), c);
        assert_eq!(check(&c), Ok(()));
        let bad = |f: &dyn Fn(&mut Corrections)| {
            let mut c = c.clone();
            f(&mut c);
            check(&c).unwrap_err()
        };
        assert!(bad(&|c| c.year = Some(20250)).contains("年份"));
        assert!(bad(&|c| c
            .items
            .entry(2)
            .or_default()
            .targets
            .insert(1, Some(TargetFix { label: "x".into(), value: f64::NAN, unit: "个".into() }))
            .map_or((), |_| ()))
        .contains("量化目标"));
        assert!(bad(&|c| c.items.entry(1).or_default().text = Some("  ".into())).contains("内容为空"));
        assert!(bad(&|c| c.place = Some("某\u{7}县".into())).contains("控制字符"));
    }
}
