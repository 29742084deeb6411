//! One item's line: its text, the trailing parentheticals (units, level)
//! and the （全市参照执行） marker.

use super::model::Level;

#[derive(Debug, Clone, PartialEq)]
pub struct ItemHead {
    pub text: String,
    pub units: Vec<String>,
    pub units_label: Option<String>,
    pub level: Level,
    pub citywide_reference: bool,
}

/// Split "…标准（全市参照执行）。（牵头单位：区民政局、区财政局）".
pub fn split_item_line(line: &str) -> ItemHead {
    let mut text = line.trim().to_string();
    let mut head = ItemHead { text: String::new(), units: vec![], units_label: None, level: Level::District, citywide_reference: false };
    while let Some((open, inner)) = trailing_parenthetical(&text) {
        if let Some(level) = level_marker(inner) {
            head.level = level;
        } else if let Some((label, units)) = inner.split_once('：').filter(|(label, _)| label.ends_with("单位")) {
            head.units_label = Some(label.to_string());
            head.units = units.split(['、', '，', '；', ',']).map(str::trim).filter(|u| !u.is_empty()).map(str::to_string).collect();
        } else {
            break;
        }
        text.truncate(open);
        text.truncate(text.trim_end().len());
    }
    head.citywide_reference = remove_citywide_markers(&mut text);
    head.text = text;
    head
}

/// The last "（…）" of `text`, if `text` ends with it: (byte offset of "（", inner).
fn trailing_parenthetical(text: &str) -> Option<(usize, &str)> {
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
    if !text.contains(CLOSE) {
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
        let h = split_item_line("4.提高城乡居民医保政府补助标准（全市参照执行）。（牵头单位：区民政局、区财政局）");
        assert_eq!(h.text, "4.提高城乡居民医保政府补助标准。");
        assert_eq!(h.units, ["区民政局", "区财政局"]);
        assert_eq!(h.units_label.as_deref(), Some("牵头单位"));
        assert!(h.citywide_reference);
        let h = split_item_line("救助患者60名。（属市级任务） ");
        assert_eq!((h.level, h.units.len(), h.text.as_str()), (Level::City, 0, "救助患者60名。"));
        let h = split_item_line("新增完成1个任务（新增）");
        assert_eq!(h.text, "新增完成1个任务（新增）");
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
}
