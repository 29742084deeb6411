//! Lines numbered or labelled in less common ways, rewritten to the common
//! ones before the layout is read, so that one reader serves both:
//! - an item labelled `项目一：` / `项目1：` → `1.` (a list of 项目N);
//! - a category `第一类　…` / `第二部分 …` / `第三板块：…` (a short heading line) → `一、…`;
//! - an item whose units come first, `（1）【牵头单位：X】text` → `（1）text（牵头单位：X）`.
//!
//! Each rule looks only at the line's first characters: lines are asked one by one.

use std::borrow::Cow;

use super::list::is_units_line;
use super::markers::mark;
use super::text::{chinese_numeral, leading_number};

/// Words after `第N` that make a short line a category heading.
const CATEGORY_WORDS: &[&str] = &["大类", "类", "部分", "板块", "方面", "篇"];
/// A category heading line is short: a name and maybe a count.
const MAX_HEADING_CHARS: usize = 30;

/// `line` in the common form, or as it is.
pub fn relabel(line: &str) -> Cow<'_, str> {
    if let Some(rest) = line.strip_prefix("项目") {
        if let Some((no, text)) = numeral_then(rest, &['：', '、', ' ', '.']) {
            return Cow::Owned(format!("{no}.{text}"));
        }
    }
    if let Some(rest) = line.strip_prefix('第') {
        if line.chars().count() <= MAX_HEADING_CHARS && !line.contains(['。', '，', '；']) {
            if let Some((no, name)) = category(rest) {
                return Cow::Owned(format!("{}、{name}", super::text::numeral(no)));
            }
        }
    }
    units_first(line).map_or(Cow::Borrowed(line), Cow::Owned)
}

/// `一：rest`, `12、rest` → (number, rest) when a separator of `seps` follows the numeral.
fn numeral_then<'a>(text: &'a str, seps: &[char]) -> Option<(u32, &'a str)> {
    let (at, sep) = text.char_indices().take(5).find(|(_, c)| seps.contains(c))?;
    let numeral = &text[..at];
    let no = match leading_number(numeral) {
        Some((n, "")) => n,
        _ => chinese_numeral(numeral)?,
    };
    Some((no, text[at + sep.len_utf8()..].trim_start()))
}

/// `一类　教育卫生（4个）` (after `第`) → (1, "教育卫生（4个）").
fn category(rest: &str) -> Option<(u32, &str)> {
    let (at, _) = rest.char_indices().take(6).find(|(i, _)| CATEGORY_WORDS.iter().any(|w| rest[*i..].starts_with(w)))?;
    let no = chinese_numeral(&rest[..at]).or_else(|| match leading_number(&rest[..at]) {
        Some((n, "")) => Some(n),
        _ => None,
    })?;
    let word = CATEGORY_WORDS.iter().find(|w| rest[at..].starts_with(**w))?;
    let name = rest[at + word.len()..].trim_start_matches(['：', '、', '.', ' ']).trim();
    (!name.is_empty()).then_some((no, name))
}

/// `（1）【牵头单位：X】text` → `（1）text（牵头单位：X）`.
fn units_first(line: &str) -> Option<String> {
    let m = mark(line)?;
    let inner = m.rest.strip_prefix('【').or_else(|| m.rest.strip_prefix('['))?;
    let (units, text) = inner.split_once(['】', ']'])?;
    if !is_units_line(units) || text.trim().is_empty() {
        return None;
    }
    let number = &line[..line.len() - m.rest.len()];
    Some(format!("{number}{}（{units}）", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_the_common_numbering() {
        assert_eq!(relabel("项目一：城南小学扩建"), "1.城南小学扩建");
        assert_eq!(relabel("项目12、公厕提升"), "12.公厕提升");
        assert_eq!(relabel("项目建设要求：按期完成"), "项目建设要求：按期完成", "a word after 项目, not a numeral");
        assert_eq!(relabel("第一类　学有所教（3个）"), "一、学有所教（3个）");
        assert_eq!(relabel("第三部分：道路出行"), "三、道路出行");
        assert_eq!(relabel("第一类项目完成后，由各单位组织验收。"), "第一类项目完成后，由各单位组织验收。", "a sentence stays");
        assert_eq!(relabel("第十四届人大常委会"), "第十四届人大常委会");
        assert_eq!(relabel("（1）【牵头单位：县教育局】新建幼儿园"), "（1）新建幼儿园（牵头单位：县教育局）");
        assert_eq!(relabel("1.【重点】新建幼儿园"), "1.【重点】新建幼儿园", "a bracket that names no units stays");
    }
}
