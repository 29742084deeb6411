//! One item's line: its text, the trailing parentheticals (units, level)
//! and the （全市参照执行） marker.

use super::model::Level;

#[derive(Debug, Clone, PartialEq)]
pub struct ItemHead {
    pub text: String,
    /// The lead units (牵头/主办; else 责任/承办/实施; else the first named).
    pub units: Vec<String>,
    pub units_label: Option<String>,
    /// The other units named (协办, 配合, 共同责任 …; 责任 beside a lead).
    pub partner_units: Vec<String>,
    pub level: Level,
    pub citywide_reference: bool,
}

/// Split "…标准（全市参照执行）。（牵头单位：县民政局、县财政局）", and
/// "…。主办单位：县住建局，协办单位：各乡镇。" (units in a closing sentence).
/// A remark in parentheses after the units (a vote count, `（赞成票141票）`)
/// stays in the text, after it.
pub fn split_item_line(line: &str) -> ItemHead {
    let line = line.trim();
    let mut head = closing_remark(line)
        .map(|open| {
            let mut head = split_units(&line[..open]);
            head.text.push_str(&line[open..]);
            head
        })
        .filter(|head| !head.units.is_empty() || !head.partner_units.is_empty())
        .unwrap_or_else(|| split_units(line));
    head.citywide_reference = remove_citywide_markers(&mut head.text);
    head
}

/// Where a closing remark in parentheses starts: one that names no units and
/// no level, after a sentence or a parenthetical (`…。（赞成票141票）`,
/// `…）（得票130票）`), so the `（街道）` of `各镇（街道）` is no remark.
fn closing_remark(line: &str) -> Option<usize> {
    let (open, inner) = trailing_parenthetical(line)?;
    let before = line[..open].trim_end();
    // (Whether it starts with a units label, not all of `unit_groups`: asked of every item.)
    let names_units = inner.split_once('：').is_some_and(|(label, _)| label.chars().count() <= 8 && is_unit_label_word(label));
    let remark = !names_units && level_marker(inner).is_none();
    (remark && (before.ends_with('。') || before.ends_with('）'))).then_some(before.len())
}

/// [`split_item_line`] without its closing remark and (全市参照执行) markers.
fn split_units(line: &str) -> ItemHead {
    let mut text = line.trim().to_string();
    // "…（牵头单位：X）。": the full stop after the units closes the item, not the text; so
    // does the semicolon of an item in a paragraph's list (`…40张（责任单位：X）；`).
    if text.ends_with("）。") || text.ends_with("）；") {
        text.pop();
    }
    let mut head = ItemHead { text: String::new(), units: vec![], units_label: None, partner_units: vec![], level: Level::District, citywide_reference: false };
    // Groups of units, the last parenthetical's first.
    let mut groups: Vec<Vec<UnitGroup>> = Vec::new();
    while let Some((open, inner)) = trailing_parenthetical(&text) {
        if let Some(level) = level_marker(inner) {
            head.level = level;
        } else if let Some(found) = unit_groups(inner) {
            groups.push(found);
        } else {
            break;
        }
        text.truncate(open);
        text.truncate(text.trim_end().len());
    }
    if groups.is_empty() {
        if let Some((at, found, after_units)) = closing_units(&text) {
            groups.push(found);
            let after_units = after_units.to_string();
            text.truncate(at);
            text.truncate(text.trim_end_matches(['，', '；', ' ']).len());
            // What is said after the units (a schedule, `，牵头单位：X，5月底前开工`; a field,
            // `。项目编码：…`) is the text's.
            if !after_units.is_empty() {
                text.push_str(if text.ends_with('。') { "" } else { "，" });
                text.push_str(&after_units);
            }
        }
    }
    let groups: Vec<UnitGroup> = groups.into_iter().rev().flatten().collect();
    let rank = |label: &str| {
        if LEAD.iter().any(|w| label.starts_with(w)) {
            0
        } else if RESPONSIBLE.iter().any(|w| label.starts_with(w)) {
            1
        } else {
            2
        }
    };
    // Only co-units named (（配合单位：…）): they are the item's units, with their label.
    let lead_rank = groups.iter().map(|(label, _)| rank(label)).min();
    for (label, units) in groups {
        if Some(rank(&label)) == lead_rank {
            head.units_label.get_or_insert(label);
            head.units.extend(units);
        } else {
            head.partner_units.extend(units);
        }
    }
    head.text = text;
    head
}

/// A units label and the units after it (`牵头单位`, [县住建局, 县财政局]).
type UnitGroup = (String, Vec<String>);

/// Labels of the lead units, then of the units responsible when no lead is named.
const LEAD: [&str; 2] = ["牵头", "主办"];

/// Words a units label ends with: 牵头单位, 协办部门, and a bureau's own
/// sections (牵头科室, 责任科室: a 教育局 listing its own 实事).
pub fn is_unit_label_word(label: &str) -> bool {
    label.ends_with("单位") || label.ends_with("部门") || label.ends_with("科室")
}
const RESPONSIBLE: [&str; 3] = ["责任", "承办", "实施"];

/// Where a units label (`牵头单位：`, `协办部门：`) ends in `text`, for a `：` at
/// `colon`: the byte offset where the label starts, if the words before the
/// colon, back to a separator, are such a label.
fn label_start(text: &str, colon: usize) -> Option<usize> {
    let before = &text[..colon];
    // A label holds no colon: after one, the words are the units of the label
    // before it, then this label (`牵头单位：甲局责任单位：`, the space between them
    // lost). Taken as one label from 0, `单位：单位：…` made the second group
    // start before the first's text.
    let separator = before.rfind(['；', '，', '。', ' ', '（', '：']);
    let start = separator.map_or(0, |i| i + super::text::char_len(before, i));
    let label = &before[start..];
    let after_units = separator.is_some_and(|i| before[i..].starts_with('：'));
    let known = || KNOWN_LABELS.iter().find(|l| label.ends_with(*l) && label.len() > l.len()).map(|l| colon - l.len());
    if after_units {
        if let Some(known) = known() {
            return Some(known);
        }
    }
    if label.chars().count() <= 8 && is_unit_label_word(label) {
        return Some(start);
    }
    // A label right after the last unit of the one before it, the space
    // between them lost (`牵头单位：甲局　责任单位：乙局`).
    known()
}

/// Unit labels, longest first where one ends another.
pub(super) const KNOWN_LABELS: &[&str] =
    &["共同责任单位", "牵头单位", "责任单位", "主办单位", "协办单位", "配合单位", "实施单位", "牵头部门", "责任部门", "配合部门"];

/// `牵头单位：A、B；配合单位：C` → [(牵头单位, [A, B]), (配合单位, [C])]; None
/// unless the text starts with a units label.
fn unit_groups(text: &str) -> Option<Vec<UnitGroup>> {
    let labels: Vec<(usize, usize)> = text.match_indices('：').filter_map(|(colon, _)| label_start(text, colon).map(|s| (s, colon))).collect();
    if labels.first().is_none_or(|&(start, _)| start != 0) {
        return None;
    }
    let groups = labels
        .iter()
        .enumerate()
        .map(|(i, &(start, colon))| {
            let end = labels.get(i + 1).map_or(text.len(), |&(next, _)| next);
            (text[start..colon].to_string(), unit_names(&text[colon + '：'.len_utf8()..end]))
        })
        .collect();
    Some(groups)
}

/// `甲局、乙办` → [甲局, 乙办], split at `、` `，` `；` `,` `。` outside a name's
/// parentheses (`各县（市、区）人民政府` is one unit). A field of another kind after
/// them (`；责任领导：副镇长X`, a person answerable) ends them.
fn unit_names(names: &str) -> Vec<String> {
    let names = match names.find('：') {
        Some(colon) => names[..colon].rfind(['；', '。', '，']).map_or(names, |end| &names[..end]),
        None => names,
    };
    const SEPARATORS: [char; 5] = ['、', '，', '；', ',', '。'];
    let own = |name: &str| Some(name.trim()).filter(|n| !n.is_empty()).map(str::to_string);
    // (Most lists have no parentheses: split without counting them.)
    if !names.contains(['（', '(']) {
        return names.split(SEPARATORS).filter_map(own).collect();
    }
    let mut depth = 0u32;
    names
        .split(|c: char| {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && SEPARATORS.contains(&c)
        })
        .filter_map(own)
        .collect()
}

/// Units named in the text's closing sentence (`…。责任单位：县住建局。`): where
/// that sentence starts, its groups, and what is said after them: a schedule in the same
/// sentence (`…，牵头单位：街道城建科，5月底前开工。`: `5月底前开工`) or a field of its
/// own (`。项目编码：…`). The sentence runs to the end of the text, with no full stop
/// before its last character.
fn closing_units(text: &str) -> Option<(usize, Vec<UnitGroup>, &str)> {
    // A field of another kind after the units sentence (`。项目编码：2026-…`, `。备注：含…`) is
    // the text's: the units end before it (and the caller keeps it in the text).
    let body = text.trim_end_matches('。');
    match body.rsplit_once('。').filter(|(_, last)| is_other_field(last)) {
        Some((units, field)) => closing_units_sentence(units).filter(|(_, _, schedule)| schedule.is_empty()).map(|(start, groups, _)| (start, groups, field)),
        None => closing_units_sentence(text),
    }
}

/// [`closing_units`] of a text whose last sentence is the units'.
fn closing_units_sentence(text: &str) -> Option<(usize, Vec<UnitGroup>, &str)> {
    let body = text.trim_end_matches('。');
    // From the first label whose sentence, and every sentence after it, is
    // units (`牵头单位：X。配合单位：Y。` is one closing, sentence by sentence).
    let labels: Vec<usize> = body.match_indices('：').filter_map(|(colon, _)| label_start(body, colon)).collect();
    let start = labels.into_iter().find(|&start| body[start..].split('。').all(|s| s.is_empty() || unit_groups(s).is_some()))?;
    // A last clause that is a time, no unit's name (`5月底前开工`, `汛期前完成`, `暑假前开班`).
    let units_end = body.rfind('，').filter(|&at| at > start && is_schedule(&body[at + '，'.len_utf8()..])).unwrap_or(body.len());
    let groups: Vec<UnitGroup> = body[start..units_end].split('。').filter_map(unit_groups).flatten().collect();
    let schedule = body.get(units_end + '，'.len_utf8()..).unwrap_or("");
    (!groups.is_empty()).then_some((start, groups, schedule))
}

/// `项目编码：2026-…`, `备注：含…`: a short label that names no units, then its value.
fn is_other_field(sentence: &str) -> bool {
    // (One field only: `（项目编码：…）责任单位：X` has the units after it.)
    sentence.split_once('：').is_some_and(|(label, value)| {
        (2..=6).contains(&label.chars().count())
            && !value.is_empty()
            && !value.contains('：')
            && !is_unit_label_word(label)
            && !label.contains(['，', '；', '、', '（', '('])
    })
}

/// A clause saying when (`5月底前开工`, `年底前完成`, `汛期前完成清淤`), not a unit.
pub(super) fn is_schedule(clause: &str) -> bool {
    !clause.contains(['：', '。']) && (!super::deadlines::extract(clause).is_empty() || super::list::opens_with_time_words(clause))
}

/// The last "（…）" of `text`, if `text` ends with it: (byte offset of "（", inner).
pub(super) fn trailing_parenthetical(text: &str) -> Option<(usize, &str)> {
    let body = text.strip_suffix('）')?;
    let mut depth = 0usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            '）' => depth += 1,
            '（' if depth == 0 => return Some((i, &body[i + '（'.len_utf8()..])),
            '（' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// （属市级任务） → City, （属省级任务） → Province.
fn level_marker(inner: &str) -> Option<Level> {
    let scope = inner.strip_prefix('属')?.strip_suffix("级任务")?;
    match scope {
        "市" => Some(Level::City),
        "省" => Some(Level::Province),
        "区" | "县" => Some(Level::District),
        _ => None,
    }
}

/// Remove every （全市参照执行） (or 全省/全区…) from the text; true if any.
///
/// Reads the text once (#11: it used to search it again from the start after
/// each removal): the first "参照执行）" of what is left is removed with its
/// "（全…" opening, and a "参照执行）" whose opening is not "（全" (or has
/// none) ends the removals, as before.
pub fn remove_citywide_markers(text: &mut String) -> bool {
    const CLOSE: &str = "参照执行）";
    // (CLOSE, its searcher kept: `word!` takes the literal. Asked of every item.)
    if !super::text::word!("参照执行）").is_in(text) {
        return false;
    }
    let mut out = String::with_capacity(text.len());
    // Byte offsets in `out` of its "（", innermost last.
    let mut opens: Vec<usize> = Vec::new();
    let mut found = false;
    for (i, c) in text.char_indices() {
        if c == '（' {
            opens.push(out.len());
        }
        out.push(c);
        if c != '）' || !out.ends_with(CLOSE) {
            continue;
        }
        // "参照执行）" has no "（": the last one kept is the nearest before it.
        let pos = out.len() - CLOSE.len();
        match opens.last() {
            Some(&open) if out[open..pos].starts_with("（全") => {
                out.truncate(open);
                while opens.last().is_some_and(|&o| o >= open) {
                    opens.pop();
                }
                found = true;
            }
            _ => {
                out.push_str(&text[i + c.len_utf8()..]);
                break;
            }
        }
    }
    *text = out;
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_level_and_marker() {
        let h = split_item_line("4.提高城乡居民医保政府补助标准（全市参照执行）。（牵头单位：县民政局、县财政局）");
        assert_eq!(h.text, "4.提高城乡居民医保政府补助标准。");
        assert_eq!(h.units, ["县民政局", "县财政局"]);
        assert_eq!(h.units_label.as_deref(), Some("牵头单位"));
        assert!(h.citywide_reference);
        let h = split_item_line("救助患者60名。（属市级任务） ");
        assert_eq!((h.level, h.units.len(), h.text.as_str()), (Level::City, 0, "救助患者60名。"));
        let h = split_item_line("新增完成1个任务（新增）");
        assert_eq!(h.text, "新增完成1个任务（新增）");
        let h = split_item_line("新建水厂2座。（牵头单位：各县（市、区）人民政府、市水务局；配合单位：各镇（街道））");
        assert_eq!(h.units, ["各县（市、区）人民政府", "市水务局"], "a name's parentheses hold no separator");
        assert_eq!(h.partner_units, ["各镇（街道）"]);
    }

    #[test]
    fn a_remark_after_the_units_stays_in_the_text() {
        let h = split_item_line("新建书屋5个。牵头单位：甲局；配合单位：乙会。（赞成票141票）");
        assert_eq!(
            (h.text.as_str(), h.units.as_slice(), h.partner_units.as_slice()),
            ("新建书屋5个。（赞成票141票）", &["甲局".to_string()][..], &["乙会".to_string()][..])
        );
        let h = split_item_line("新建书屋5个。（牵头单位：甲局）（得票130票）");
        assert_eq!((h.text.as_str(), h.units.as_slice()), ("新建书屋5个。（得票130票）", &["甲局".to_string()][..]));
        // Part of a unit's name, not a remark; and a remark with no units before it.
        assert_eq!(split_item_line("新建书屋5个。责任单位：甲局、各镇（街道）").units, ["甲局", "各镇（街道）"]);
        let h = split_item_line("新建书屋5个，9月底前完工（赞成票119票）");
        assert_eq!((h.text.as_str(), h.units.len()), ("新建书屋5个，9月底前完工（赞成票119票）", 0));
    }

    #[test]
    fn a_label_right_after_a_colon_is_its_own_group() {
        // Found by `never_panics::on_spliced_seed`: the second label was read from 0, before the first's text.
        let groups = unit_groups("单位：单位：县民政局").expect("labelled");
        assert_eq!(groups, [("单位".to_string(), vec![]), ("单位".to_string(), vec!["县民政局".to_string()])]);
        let h = split_item_line("1.新建幼儿园。主办单位：主办单位：");
        assert_eq!(h.text, "1.新建幼儿园。");
        // The units of the label before, then a label, the space between them lost.
        let groups = unit_groups("牵头单位：甲局责任单位：各乡镇").expect("labelled");
        assert_eq!(groups, [("牵头单位".to_string(), vec!["甲局".to_string()]), ("责任单位".to_string(), vec!["各乡镇".to_string()])]);
    }

    #[test]
    fn citywide_markers_as_before() {
        // (input, text left, found): nested, a marker made by a removal, a foreign one that stops.
        let cases = [
            ("甲（全市参照执行）乙（全省参照执行）", "甲乙", true),
            ("甲（全市（全区参照执行）参照执行）乙", "甲乙", true),
            ("参照执（全市参照执行）行）", "参照执行）", true),
            ("甲（另参照执行）乙（全市参照执行）", "甲（另参照执行）乙（全市参照执行）", false),
            ("（全市参照执行）参照执行）（全市参照执行）", "参照执行）（全市参照执行）", true),
            ("没有标记", "没有标记", false),
        ];
        for (input, left, found) in cases {
            let mut t = input.to_string();
            assert_eq!((remove_citywide_markers(&mut t), t.as_str()), (found, left), "{input}");
        }
        let mut t = "（全市参照执行）".repeat(100_000);
        assert!(remove_citywide_markers(&mut t) && t.is_empty());
    }

    #[test]
    fn new_is_not_a_unit() {
        let h = split_item_line("新增完成1个任务（新增）");
        assert_eq!(h.text, "新增完成1个任务（新增）");
    }

    #[test]
    fn unit_labels_and_groups() {
        let h = split_item_line("改造小区20个。（牵头单位：县住建局；配合单位：县财政局、各镇（街道））");
        assert_eq!(
            (h.units_label.as_deref(), h.units.clone(), h.partner_units.clone()),
            (Some("牵头单位"), vec!["县住建局".to_string()], vec!["县财政局".to_string(), "各镇（街道）".to_string()])
        );
        let h = split_item_line("改造小区20个：新建书房3个。（主办单位：县文旅局，协办单位：各乡镇）");
        assert_eq!((h.units, h.partner_units), (vec!["县文旅局".to_string()], vec!["各乡镇".to_string()]));
        let h = split_item_line("新建书房3个，年底前完成。责任单位：县文旅局、县财政局。");
        assert_eq!((h.text.as_str(), h.units.len(), h.units_label.as_deref()), ("新建书房3个，年底前完成。", 2, Some("责任单位")));
        let h = split_item_line("新建书房3个，责任单位：县文旅局；共同责任单位：县教育局");
        assert_eq!((h.text.as_str(), h.units.clone(), h.partner_units.clone()), ("新建书房3个", vec!["县文旅局".to_string()], vec!["县教育局".to_string()]));
        // Only co-units: they are the units, as labelled.
        let h = split_item_line("新建书房3个。（配合单位：县教育局）");
        assert_eq!((h.units_label.as_deref(), h.units.len(), h.partner_units.len()), (Some("配合单位"), 1, 0));
        // A colon inside the text is no units.
        let h = split_item_line("完成以下任务：改造小区20个。");
        assert_eq!(h.text, "完成以下任务：改造小区20个。");
    }
}
