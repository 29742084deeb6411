//! Stable keys for a notice's items, targets and subsidies (#12): what
//! recorded progress points at, instead of printed numbers and positions.
//!
//! A notice read for the first time gets its keys from `first_keys`: an
//! item's printed number when the numbers are unique (the bundled notice's
//! stored progress is keyed by them, so it keeps pointing at the same items),
//! else its position; a target's or subsidy's position. When the text is
//! corrected or a newer parser reads it differently, `carry_keys` hands the
//! old keys to the new reading by what the things *are* (text, label, unit,
//! figure), never by where they stand, and lists what it could not place:
//! the caller shows that list, and progress recorded under those keys is
//! kept, not dropped.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{Notice, Subsidy, Target, TargetKind};

/// The keys of one notice, parallel to `Notice::items`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keys {
    pub items: Vec<ItemKeys>,
}

/// One item's key and its targets' and subsidies' keys (parallel to its
/// `targets` and `subsidies`). Keys are unique within their list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemKeys {
    pub key: u32,
    pub targets: Vec<usize>,
    pub subsidies: Vec<usize>,
}

/// What had a key before and has no counterpart in the new reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// An item (its key and its text as it was).
    Item { key: u32, text: String },
    /// A target of an item that is still there.
    Target { item: u32, key: usize, label: String },
    /// A subsidy of an item that is still there.
    Subsidy { item: u32, key: usize, label: String },
}

/// Keys for a notice read for the first time.
pub fn first_keys(notice: &Notice) -> Keys {
    let numbers: BTreeSet<u32> = notice.items.iter().map(|i| i.no).collect();
    let by_number = numbers.len() == notice.items.len();
    let items = notice
        .items
        .iter()
        .enumerate()
        .map(|(at, item)| ItemKeys {
            key: if by_number { item.no } else { at as u32 + 1 },
            targets: (0..item.targets.len()).collect(),
            subsidies: (0..item.subsidies.len()).collect(),
        })
        .collect();
    Keys { items }
}

/// The keys a notice's items, targets and subsidies carry.
pub fn keys_of(notice: &Notice) -> Keys {
    let items = notice
        .items
        .iter()
        .map(|i| ItemKeys { key: i.key, targets: i.targets.iter().map(|t| t.key).collect(), subsidies: i.subsidies.iter().map(|s| s.key).collect() })
        .collect();
    Keys { items }
}

/// Give a notice's items, targets and subsidies `keys` (parallel to them:
/// from `first_keys` or `carry_keys` of this very reading).
pub fn assign(notice: &mut Notice, keys: &Keys) {
    for (item, k) in notice.items.iter_mut().zip(&keys.items) {
        item.key = k.key;
        item.targets.iter_mut().zip(&k.targets).for_each(|(t, &key)| t.key = key);
        item.subsidies.iter_mut().zip(&k.subsidies).for_each(|(s, &key)| s.key = key);
    }
}

/// What a keyed reading of a notice was, as much as `carry_keys` needs to
/// recognise its things in the next reading (stored beside the notice: it is
/// smaller than the notice's JSON, quotes and measures left out).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reading {
    pub items: Vec<ReadItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadItem {
    pub key: u32,
    pub text: String,
    /// The category's name (its numbering may change).
    pub category: Option<String>,
    pub targets: Vec<ReadTarget>,
    pub subsidies: Vec<ReadSubsidy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadTarget {
    pub key: usize,
    pub label: String,
    pub base_unit: String,
    pub kind: TargetKind,
    pub normalized: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadSubsidy {
    pub key: usize,
    pub label: String,
    pub amount_yuan: f64,
}

impl Reading {
    /// The reading of a keyed notice.
    pub fn of(notice: &Notice) -> Reading {
        let items = notice
            .items
            .iter()
            .map(|i| ReadItem {
                key: i.key,
                text: i.text.clone(),
                category: notice.category_name(i.category).map(str::to_string),
                targets: i.targets.iter().map(ReadTarget::of).collect(),
                subsidies: i.subsidies.iter().map(ReadSubsidy::of).collect(),
            })
            .collect();
        Reading { items }
    }

    /// Its keys.
    pub fn keys(&self) -> Keys {
        let items = self
            .items
            .iter()
            .map(|i| ItemKeys { key: i.key, targets: i.targets.iter().map(|t| t.key).collect(), subsidies: i.subsidies.iter().map(|s| s.key).collect() })
            .collect();
        Keys { items }
    }
}

impl ReadTarget {
    pub fn of(t: &Target) -> ReadTarget {
        ReadTarget { key: t.key, label: t.label.clone(), base_unit: t.base_unit.clone(), kind: t.kind, normalized: t.normalized }
    }
}

impl ReadSubsidy {
    pub fn of(s: &Subsidy) -> ReadSubsidy {
        ReadSubsidy { key: s.key, label: s.label.clone(), amount_yuan: s.amount_yuan }
    }
}

/// The keys of the reading `old` carried over to `new`, and what could not
/// be placed. An item keeps its key when its text is the same, or when it is
/// the most similar one left in the same category with most of its wording
/// (a corrected typo, a changed figure); a new item gets a key no item had.
/// Within an item kept, targets and subsidies are matched the same way by
/// label, unit and figure.
pub fn carry_keys(old: &Reading, new: &Notice) -> (Keys, Vec<Unplaced>) {
    // The same texts in the same order (every opening of a notice whose text and
    // parser did not change): item i is item i, as pairing would find, without
    // comparing every pair.
    let same_texts = old.items.len() == new.items.len() && old.items.iter().zip(&new.items).all(|(o, n)| o.text == n.text);
    let (taken, left) = if same_texts { ((0..new.items.len()).map(Some).collect(), vec![]) } else { pair_items(old, new) };
    let mut unplaced = Vec::new();
    let mut next = old.items.iter().map(|k| k.key).max().unwrap_or(0);
    let items = new
        .items
        .iter()
        .zip(taken)
        .map(|(item, taken)| match taken {
            Some(o) => {
                let was = &old.items[o];
                let new_targets: Vec<ReadTarget> = item.targets.iter().map(ReadTarget::of).collect();
                let (targets, lost) = carry(&was.targets, &new_targets, |t| t.key, target_similarity);
                unplaced.extend(lost.into_iter().map(|i| Unplaced::Target { item: was.key, key: was.targets[i].key, label: was.targets[i].label.clone() }));
                let new_subsidies: Vec<ReadSubsidy> = item.subsidies.iter().map(ReadSubsidy::of).collect();
                let (subsidies, lost) = carry(&was.subsidies, &new_subsidies, |s| s.key, subsidy_similarity);
                unplaced.extend(lost.into_iter().map(|i| Unplaced::Subsidy {
                    item: was.key,
                    key: was.subsidies[i].key,
                    label: was.subsidies[i].label.clone(),
                }));
                ItemKeys { key: was.key, targets, subsidies }
            }
            None => {
                next += 1;
                ItemKeys { key: next, targets: (0..item.targets.len()).collect(), subsidies: (0..item.subsidies.len()).collect() }
            }
        })
        .collect();
    unplaced.extend(left.into_iter().map(|o| Unplaced::Item { key: old.items[o].key, text: old.items[o].text.clone() }));
    (Keys { items }, unplaced)
}

/// Each new item's counterpart in the old reading, and the old ones left over.
fn pair_items(old: &Reading, new: &Notice) -> (Vec<Option<usize>>, Vec<usize>) {
    let new_categories: Vec<Option<&str>> = new.items.iter().map(|i| new.category_name(i.category)).collect();
    // (Each text's bigrams counted once: a 200-item list compares up to 40,000 pairs.)
    let (old_grams, new_grams): (Vec<Bigrams>, Vec<Bigrams>) =
        (old.items.iter().map(|i| bigrams(&i.text)).collect(), new.items.iter().map(|i| bigrams(&i.text)).collect());
    // The same text anywhere (an item moved to another category is the same item)
    // outranks any similar wording, which counts only within the same category.
    let score = |n: usize, o: usize| {
        if new.items[n].text == old.items[o].text {
            2000
        } else if new_categories[n] != old.items[o].category.as_deref() {
            0
        } else {
            Some(similarity(&new_grams[n], &old_grams[o])).filter(|&s| s >= 500).unwrap_or(0)
        }
    };
    pair(new.items.len(), old.items.len(), score)
}

/// Each new thing's old counterpart, best-scoring pairs first (a score of 0
/// is no pair; ties go to the earlier new, then the earlier old thing), and
/// the old things left over.
fn pair(new_len: usize, old_len: usize, score: impl Fn(usize, usize) -> u32) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut pairs: Vec<(u32, usize, usize)> =
        (0..new_len).flat_map(|n| (0..old_len).map(move |o| (n, o))).filter_map(|(n, o)| Some((score(n, o), n, o)).filter(|p| p.0 > 0)).collect();
    // (A total order: unstable sorting gives the same result, with less code in the wasm.)
    pairs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut taken, mut used) = (vec![None; new_len], vec![false; old_len]);
    for (_, n, o) in pairs {
        if taken[n].is_none() && !used[o] {
            taken[n] = Some(o);
            used[o] = true;
        }
    }
    (taken, (0..old_len).filter(|&o| !used[o]).collect())
}

/// Keys for `new` things from `old` ones (each keyed by `key_of`), paired
/// by `score`; a thing left over gets a key none had. Returns the keys and
/// the indices of the old things left over.
pub(crate) fn carry<T>(old: &[T], new: &[T], key_of: fn(&T) -> usize, score: fn(&T, &T) -> u32) -> (Vec<usize>, Vec<usize>) {
    let (taken, left) = pair(new.len(), old.len(), |n, o| score(&new[n], &old[o]));
    let mut next = old.iter().map(key_of).max().map_or(0, |k| k + 1);
    let keys = taken
        .into_iter()
        .map(|o| {
            o.map_or_else(
                || {
                    next += 1;
                    next - 1
                },
                |o| key_of(&old[o]),
            )
        })
        .collect();
    (keys, left)
}

/// A target is the same one when its label and unit are; a changed figure
/// keeps it (a corrected number), a changed label with the same figure too.
pub(crate) fn target_similarity(a: &ReadTarget, b: &ReadTarget) -> u32 {
    let label = a.label == b.label;
    let unit = a.base_unit == b.base_unit && a.kind == b.kind;
    let figure = a.normalized == b.normalized;
    match (label, unit, figure) {
        (true, true, true) => 4,
        (true, true, false) => 3,
        (false, true, true) => 2,
        (true, false, _) => 1,
        _ => 0,
    }
}

pub(crate) fn subsidy_similarity(a: &ReadSubsidy, b: &ReadSubsidy) -> u32 {
    let label = a.label == b.label;
    let amount = a.amount_yuan == b.amount_yuan;
    match (label, amount) {
        (true, true) => 3,
        (true, false) => 2,
        (false, true) => 1,
        _ => 0,
    }
}

/// A text's character bigrams, sorted, each as often as it occurs (a
/// sorted list, not a map: one less map type compiled into the wasm).
type Bigrams = Vec<(char, char)>;

fn bigrams(text: &str) -> Bigrams {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Bigrams = chars.windows(2).map(|w| (w[0], w[1])).collect();
    out.sort_unstable();
    out
}

/// How alike two texts are, 0–1000: shared character bigrams (Dice's
/// coefficient), which a corrected typo or figure changes little.
fn similarity(a: &Bigrams, b: &Bigrams) -> u32 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0;
    }
    // Bigrams both have, each as often as the text with fewer of it has it: a merge of the sorted lists.
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2000 * shared / total) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;

    const LIST: &str = "某某县2025年民生实事\n\n一、就业（2项）\n1.新增城镇就业1200人，培训技能人员800人次。（牵头单位：县人社局）\n2.发放创业担保贷款3000万元。（牵头单位：县人社局）\n二、教育（2项）\n3.新建幼儿园2所，新增学位540个。（牵头单位：县教体局）\n4.改造农村学校厕所30座。（牵头单位：县教体局）\n";

    fn keys_of(k: &Keys) -> Vec<u32> {
        k.items.iter().map(|i| i.key).collect()
    }

    #[test]
    fn first_keys_are_the_printed_numbers_when_unique_else_positions() {
        let n = parse(LIST);
        assert_eq!(keys_of(&first_keys(&n)), [1, 2, 3, 4]);
        assert_eq!(first_keys(&n).items[0].targets, [0, 1]);
        // Numbering that restarts in each category: two items printed 1.
        let restarting = parse(&LIST.replace("3.新建", "1.新建").replace("4.改造", "2.改造"));
        assert_eq!(restarting.items.len(), 4);
        assert_eq!(keys_of(&first_keys(&restarting)), [1, 2, 3, 4]);
        let seed = parse(crate::BUNDLED_NOTICE);
        assert!(first_keys(&seed).items.iter().zip(&seed.items).all(|(k, i)| k.key == i.no), "the bundled notice's stored progress keeps its items");
    }

    #[test]
    fn keys_follow_the_items_not_their_numbers() {
        let old = parse(LIST);
        // An item inserted at the top renumbers the rest; a typo corrected in item 3's text.
        let new = parse(
            &LIST
                .replace("1.新增城镇就业", "1.开发公益性岗位150个。（牵头单位：县人社局）\n2.新增城镇就业")
                .replace("2.发放创业", "3.发放创业")
                .replace("3.新建幼儿园2所", "4.新建公办幼儿园2所")
                .replace("4.改造", "5.改造"),
        );
        assert_eq!(new.items.len(), 5);
        let (keys, unplaced) = carry_keys(&Reading::of(&old), &new);
        assert_eq!(keys_of(&keys), [5, 1, 2, 3, 4], "the new item gets a key no item had");
        assert!(unplaced.is_empty(), "{unplaced:?}");
    }

    #[test]
    fn what_cannot_be_placed_is_listed() {
        let old = parse(LIST);
        // Item 4 removed; item 1 loses its second target; item 2 rewritten beyond recognition.
        let new = parse(
            &LIST
                .replace("4.改造农村学校厕所30座。（牵头单位：县教体局）\n", "")
                .replace("，培训技能人员800人次", "")
                .replace("发放创业担保贷款3000万元", "举办招聘会20场"),
        );
        let (keys, unplaced) = carry_keys(&Reading::of(&old), &new);
        assert_eq!(keys.items[0].key, 1);
        assert_eq!(keys.items[0].targets, [0], "the target that stayed keeps its key");
        assert_eq!(keys.items[1].key, 5, "not recognised: a new key");
        assert!(unplaced.contains(&Unplaced::Item { key: 4, text: old.items[3].text.clone() }), "{unplaced:?}");
        assert!(unplaced.contains(&Unplaced::Item { key: 2, text: old.items[1].text.clone() }), "{unplaced:?}");
        assert!(unplaced.iter().any(|u| matches!(u, Unplaced::Target { item: 1, key: 1, .. })), "{unplaced:?}");
    }

    #[test]
    fn a_corrected_figure_keeps_its_target() {
        let old = parse(LIST);
        let new = parse(&LIST.replace("培训技能人员800人次", "培训技能人员900人次").replace("新增城镇就业1200人，", "新增城镇就业1200人，新增岗位50个，"));
        let (keys, unplaced) = carry_keys(&Reading::of(&old), &new);
        assert!(unplaced.is_empty(), "{unplaced:?}");
        let labels: Vec<&str> = new.items[0].targets.iter().map(|t| t.label.as_str()).collect();
        let training = labels.iter().position(|l| l.contains("培训")).unwrap();
        assert_eq!(keys.items[0].targets[training], 1, "{labels:?} {:?}", keys.items[0].targets);
        assert_eq!(keys.items[0].targets[0], 0);
        let mut all = keys.items[0].targets.clone();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), keys.items[0].targets.len(), "keys unique");
    }

    #[test]
    fn the_same_reading_keeps_every_key() {
        let seed = parse(crate::BUNDLED_NOTICE);
        let keys = first_keys(&seed);
        assert_eq!(carry_keys(&Reading::of(&seed), &seed), (keys, vec![]));
    }
}
