//! Lines numbered or labelled in less common ways, rewritten to the common
//! ones before the layout is read, so that one reader serves both:
//! - an item labelled `项目一：` / `项目1：` / `第1项：` → `1.`;
//! - a category `第一类　…` / `第二部分 …` / `第三板块：…` (a short heading line) → `一、…`;
//! - category lines with no number of their own, numbered in order when a
//!   list has two or more: `【教育提质】`; a short name alone on its line
//!   (`教育服务`, `教育卫生类：`) right before a numbered item, or before a
//!   blank line and an item's title line;
//! - an item whose units come first, `（1）【牵头单位：X】text` → `（1）text（牵头单位：X）`;
//! - units said in a closing sentence, `由X牵头，Y配合。` / `由X、Y共同牵头。` / `由X负责。` /
//!   `责任单位为X。` → `（牵头单位：X；配合单位：Y）`, `（责任单位：X）`.
//!
//! Each rule looks at a line and its neighbours only: linear in the text.

use std::borrow::Cow;

use super::list::is_units_line;
use super::markers::mark;
use super::text::{chinese_numeral, leading_number, numeral, word};

/// Words after `第N` that make a short line a category heading.
const CATEGORY_WORDS: &[&str] = &["大类", "类", "部分", "板块", "方面", "篇"];
/// A category heading line is short: a name and maybe a count.
const MAX_HEADING_CHARS: usize = 30;
/// An unnumbered category's name is shorter.
const MAX_NAME_CHARS: usize = 12;

/// Labels of an item's deadline field (`完成时限：9月底前`).
pub(super) const DEADLINE_LABELS: [&str; 4] = ["完成时限：", "完成时间：", "时间节点：", "完成期限："];

/// `lines` with each rewritten to the common form (see the module's rules).
pub fn relabel_lines(lines: Vec<String>) -> Vec<String> {
    let joined = join_ordinal_lines(lines);
    // `第一部分 总体要求` / `第二部分 项目内容` over items numbered `一、`: the document's parts,
    // whose numbers would read as the items' own; they stay as written (no mark).
    let parts_stay =
        joined.iter().any(|l| is_part_line(l)) && joined.iter().any(|l| !l.starts_with('第') && mark(l).is_some_and(|m| m.style == super::markers::Style::Han));
    let mut lines: Vec<String> = joined
        .into_iter()
        .map(|l| if parts_stay && is_part_line(&l) { l } else { relabel_line(l) })
        .flat_map(deadline_field_apart)
        .map(month_deadline)
        .collect();
    number_categories(&mut lines);
    units_after_their_items(slides(lines))
}

/// `第二部分 项目内容及推进举措`: a line naming a part of the document.
fn is_part_line(line: &str) -> bool {
    line.starts_with('第') && line.char_indices().take(6).any(|(at, _)| line[at..].starts_with("部分"))
}

/// `relabel` and `said_units` of a line; the line itself (not a copy) when
/// neither changes it, as for most lines.
fn relabel_line(line: String) -> String {
    let relabeled = relabel(&line);
    if let Cow::Owned(said) = said_units(&relabeled) {
        return said;
    }
    match relabeled {
        Cow::Owned(relabeled) => relabeled,
        Cow::Borrowed(_) => line,
    }
}

/// A slide deck's text (`▌教育托育` headings, `• 新建托育园3所` bullets, each
/// with a detail line `提供托位270个｜牵头：甲局｜9月底前`), where two
/// or more `▌` headings are: from the first to the next `三、` section, the
/// headings become `（一）…`, the bullets `1.…` (numbered on across headings)
/// and a detail line a sentence with its units (`…，9月底前。（牵头单位：甲局）`).
/// The deck's 目录 (its sections numbered `1.` to a blank line) is no list.
/// A slide's marker (`【幻灯片4】`) is dropped, and a section's heading
/// continued on the next slide (`二、项目清单（2/4）`) is read once.
fn slides(lines: Vec<String>) -> Vec<String> {
    const HEADING: char = '▌';
    const BULLETS: [char; 4] = ['•', '●', '◆', '▪'];
    if lines.iter().filter(|l| l.starts_with(HEADING)).count() < 2 {
        return lines;
    }
    // `【幻灯片4】`, `【第3页】`: short, with a number (a category's bracket has none).
    let marker = |l: &str| {
        l.strip_prefix('【').and_then(|r| r.strip_suffix('】')).is_some_and(|inner| inner.chars().count() <= 8 && inner.contains(|c: char| c.is_ascii_digit()))
    };
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut seen_sections: Vec<String> = Vec::new();
    let (mut in_list, mut headings, mut items) = (false, 0u32, 0u32);
    let mut in_contents = false;
    for line in lines {
        in_contents = (in_contents && !line.trim().is_empty()) || line.trim() == "目录";
        if in_contents || marker(line.trim()) {
            continue;
        }
        // `二、项目清单（2/4）` → `二、项目清单`, kept the first time only.
        let line = match line.trim_end().strip_suffix('）').and_then(|r| r.rsplit_once('（')) {
            Some((heading, part)) if part.split_once('/').is_some_and(|(k, n)| k.parse::<u32>().is_ok() && n.parse::<u32>().is_ok()) => {
                if seen_sections.iter().any(|s| s == heading) {
                    continue;
                }
                seen_sections.push(heading.to_string());
                heading.to_string()
            }
            _ => line,
        };
        if let Some(name) = line.strip_prefix(HEADING) {
            in_list = true;
            headings += 1;
            out.push(format!("（{}）{}", numeral(headings), name.trim()));
            continue;
        }
        if in_list && mark(&line).is_some_and(|m| m.style == super::markers::Style::Han) {
            in_list = false;
        }
        match line.strip_prefix(BULLETS) {
            Some(text) if in_list => {
                items += 1;
                out.push(format!("{items}.{}", text.trim()));
            }
            _ if in_list && items > 0 && line.contains(['｜', '|']) => out.push(detail_line(&line)),
            _ => out.push(line),
        }
    }
    out
}

/// `提供托位270个｜牵头：甲局、乙会｜9月底前` → `提供托位270个，9月底前。（牵头单位：甲局、乙会）`.
fn detail_line(line: &str) -> String {
    let (mut text, mut units) = (Vec::new(), Vec::new());
    for field in line.split(['｜', '|']).map(str::trim).filter(|f| !f.is_empty()) {
        match ["牵头单位：", "牵头：", "责任单位：", "责任："].iter().find_map(|l| field.strip_prefix(l).map(|rest| (l, rest))) {
            Some((label, rest)) => units.push(format!("{}：{rest}", if label.starts_with("牵头") { "牵头单位" } else { "责任单位" })),
            None => text.push(field.trim_end_matches('。')),
        }
    }
    let units = if units.is_empty() { String::new() } else { format!("（{}）", units.join("；")) };
    format!("{}。{units}", text.join("，"))
}

/// Each item's units (and deadline field) written on the lines above its
/// number (`牵头单位：X　完成时限：8月` / `01．…`): moved below it, where units
/// are read. Only when the first numbered line has such lines above it and
/// the last has none below it: units written after their items put lines
/// between two items too, above the next.
fn units_after_their_items(lines: Vec<String>) -> Vec<String> {
    let is_field = |l: &str| is_units_line(l) || DEADLINE_LABELS.iter().any(|d| l.starts_with(d));
    // The field lines right above line `i` (blank lines skipped), if the first of them names units.
    let above = |i: usize| {
        let mut from = i;
        while from > 0 && (lines[from - 1].is_empty() || is_field(&lines[from - 1])) && i - from < 4 {
            from -= 1;
        }
        let first = (from..i).find(|&k| !lines[k].is_empty())?;
        is_units_line(&lines[first]).then_some(first..i)
    };
    // Most texts stop here, having marked only the lines up to their first number.
    let Some(first) = (0..lines.len()).find(|&i| mark(&lines[i]).is_some()) else { return lines };
    if above(first).is_none() {
        return lines;
    }
    let numbered: Vec<usize> = (first..lines.len()).filter(|&i| mark(&lines[i]).is_some()).collect();
    let last = *numbered.last().expect("the first is numbered");
    let below_last = lines[last + 1..].iter().find(|l| !l.is_empty()).is_some_and(|l| is_field(l));
    let moved: Vec<(usize, std::ops::Range<usize>)> = numbered.iter().filter_map(|&i| above(i).map(|r| (i, r))).collect();
    if below_last || moved.len() < 2 {
        return lines;
    }
    let mut skip = vec![false; lines.len()];
    for (_, range) in &moved {
        range.clone().for_each(|k| skip[k] = true);
    }
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if skip[i] {
            continue;
        }
        out.push(line.clone());
        if let Some((_, range)) = moved.iter().find(|(item, _)| *item == i) {
            out.extend(lines[range.clone()].iter().filter(|l| !l.is_empty()).cloned());
        }
    }
    out
}

/// `完成时限：2026年8月`: a month alone as a deadline field is its end, as in a
/// 完成时限 column (`完成时限：2026年8月底前`).
fn month_deadline(line: String) -> String {
    let Some(label) = DEADLINE_LABELS.iter().find(|l| line.starts_with(**l)) else { return line };
    let value = line[label.len()..].trim_end_matches('。');
    let month = value.split_once('年').map_or(value, |(year, month)| if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) { month } else { "" });
    let bare = month.strip_suffix('月').is_some_and(|m| m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)));
    if bare {
        format!("{label}{value}底前")
    } else {
        line
    }
}

/// `牵头单位：X　　完成时限：9月底前` (the spaces between the fields collapsed): the
/// units line and the deadline field as two lines, as when each has its own.
fn deadline_field_apart(line: String) -> impl Iterator<Item = String> {
    // (An array, not a Vec: asked of every line.)
    let apart = |first: String, second: Option<String>| [Some(first), second].into_iter().flatten();
    if !is_units_line(&line) {
        return apart(line, None);
    }
    // Each label ends with `：`, all are as long: the first colon ending one
    // is the first label (a byte search, not one substring search per label).
    let colon = '：'.len_utf8();
    let label_at = |(at, _): (usize, &str)| DEADLINE_LABELS.iter().find(|l| line[..at + colon].ends_with(**l)).map(|l| at + colon - l.len());
    match line.match_indices('：').filter_map(label_at).find(|&at| at > 0) {
        Some(at) => apart(line[..at].trim_end_matches(['；', '，', '。']).to_string(), Some(line[at..].to_string())),
        None => apart(line, None),
    }
}

/// A news report's `一是…；二是…；三是…。` that goes on line by line
/// (`四是…` / `五是…`): the lines joined into its paragraph, so the parts
/// are read as one list (`markers::ordinal_parts`).
fn join_ordinal_lines(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    // The last part's number of the paragraph being extended.
    let mut last: Option<u32> = None;
    for line in lines {
        let next = last.map(|k| format!("{}是", numeral(k + 1)));
        match (next, out.last_mut()) {
            (Some(next), Some(paragraph)) if line.starts_with(&next) => {
                paragraph.push_str(&line);
                last = last.map(|k| k + 1);
            }
            _ => {
                // Only a paragraph with a first part is looked into (a byte search: asked of every line).
                last = if word!("一是").is_in(&line) {
                    let parts = super::markers::ordinal_parts(&line);
                    parts.last().map(|p| p.0).filter(|_| parts.len() >= 2)
                } else {
                    None
                };
                out.push(line);
            }
        }
    }
    out
}

/// Units said in a clause, as the labelled form: `（X牵头）` → `（牵头单位：X）`;
/// `（X牵头，Y配合）` → `（牵头单位：X；配合单位：Y）`; `（由X负责）` → `（牵头单位：X）`;
/// `，责任单位为X；` → `（责任单位：X）；`.
fn said_units(line: &str) -> Cow<'_, str> {
    let with_partners = word!("牵头，").is_in(line) || word!("负责）").is_in(line);
    if !word!("牵头）").is_in(line) && !word!("单位为").is_in(line) && !with_partners {
        return Cow::Borrowed(line);
    }
    let plausible = |units: &str| !units.is_empty() && units.chars().count() <= 40 && !units.contains(['，', '；', '：', '。', '（', '）']);
    let mut out = line.to_string();
    if with_partners {
        out = said_with_partners(&out, plausible).unwrap_or(out);
    }
    // `（X牵头）`, right to left so earlier offsets stay.
    let mut end = out.len();
    while let Some(close) = out[..end].rfind("牵头）") {
        let Some(open) = out[..close].rfind('（') else { break };
        let units = out[open + '（'.len_utf8()..close].to_string();
        if plausible(&units) {
            out.replace_range(open..close + "牵头）".len(), &format!("（牵头单位：{units}）"));
        }
        end = open;
    }
    // `，责任单位为X` up to `；` or `。` or the end.
    for label in ["责任单位", "牵头单位"] {
        let said = format!("{label}为");
        let mut from = 0;
        while let Some(at) = out[from..].find(&said).map(|i| i + from) {
            let start = out[at + said.len()..].find(['；', '。']).map_or(out.len(), |i| i + at + said.len());
            let units = out[at + said.len()..start].to_string();
            let after_clause = out[..at].ends_with(['，', '。']) || at == 0;
            if plausible(&units) && after_clause {
                let cut = if out[..at].ends_with('，') { at - '，'.len_utf8() } else { at };
                let labelled = format!("（{label}：{units}）");
                out.replace_range(cut..start, &labelled);
                from = cut + labelled.len();
            } else {
                from = at + said.len();
            }
        }
    }
    Cow::Owned(out)
}

/// `（X牵头，Y配合）`, `（由X、Y共同牵头，Z协助）` (a WeChat article's units): the parentheses
/// labelled, `（牵头单位：X；配合单位：Y）`, where both parts are plausible units; and
/// `（由X负责）` where X is nothing but units' names (`（由专人负责）` names none).
fn said_with_partners(line: &str, plausible: impl Fn(&str) -> bool) -> Option<String> {
    let mut out = line.to_string();
    let mut changed = false;
    // Right to left, so that earlier offsets stay.
    let mut end = out.len();
    while let Some(close) = out[..end].rfind('）') {
        let Some(open) = out[..close].rfind('（') else { break };
        end = open;
        let inner = &out[open + '（'.len_utf8()..close];
        let labelled = match inner.split_once('，') {
            Some((said, partners_said)) => {
                let lead = lead_said(said.strip_prefix('由').unwrap_or(said));
                let partners = PARTNERS_SAID.iter().find_map(|w| partners_said.strip_suffix(w));
                match (lead, partners) {
                    (Some(lead), Some(partners)) if plausible(lead) && plausible(partners) => format!("（牵头单位：{lead}；配合单位：{partners}）"),
                    // `（乡交通站牵头，年底前完成）`: the schedule is the item's text, before its units.
                    (Some(lead), None) if plausible(lead) && super::list::only_unit_names(lead) && super::item::is_schedule(partners_said) => {
                        format!("，{partners_said}（牵头单位：{lead}）")
                    }
                    _ => continue,
                }
            }
            None => match inner.strip_suffix("负责").map(|said| said.strip_prefix('由').unwrap_or(said)) {
                Some(lead) if plausible(lead) && super::list::only_unit_names(lead) => format!("（牵头单位：{lead}）"),
                _ => continue,
            },
        };
        out.replace_range(open..close + '）'.len_utf8(), &labelled);
        changed = true;
    }
    changed.then_some(out)
}

/// Whether `text` numbers its items `01 …` (two digits, a space, the text:
/// a news app's or a WeChat article's list).
pub fn numbers_zero_padded<'a>(mut lines: impl Iterator<Item = &'a str>) -> bool {
    lines.any(|l| spaced_number(l).is_some_and(|(no, _)| no == 1) && l.trim_start().starts_with('0'))
}

/// `01 托育服务扩容` → `1.托育服务扩容` (where the text numbers its items so,
/// `numbers_zero_padded`): read before spaces are collapsed, which would join
/// the number to the text.
pub fn zero_padded(line: &str) -> Cow<'_, str> {
    match spaced_number(line) {
        Some((no, rest)) => Cow::Owned(format!("{no}.{rest}")),
        None => Cow::Borrowed(line),
    }
}

/// `01 text`, `12　text` (two digits, spaces, then no figure): (number, text).
fn spaced_number(line: &str) -> Option<(u32, &str)> {
    let line = line.trim_start_matches([' ', '\u{3000}']);
    let b = line.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    let rest = &line[2..];
    let text = rest.trim_start_matches([' ', '\u{3000}']);
    if text.len() == rest.len() || text.starts_with(|c: char| c.is_ascii_digit() || "年月日个万%".contains(c)) {
        return None;
    }
    Some((line[..2].parse().ok()?, text))
}

/// `line` in the common form, or as it is (the rules of one line). A deadline
/// sentence after the units is moved by `deadline_after_units` once the item's
/// lines are joined (`build_item`), not here: a wrapped item has it on another line.
pub fn relabel(line: &str) -> Cow<'_, str> {
    let numbered = renumbered(line);
    let line_now = numbered.as_deref().unwrap_or(line);
    let rewritten = units_first(line_now).or_else(|| closing_units(line_now));
    match (rewritten, numbered) {
        (Some(r), _) | (None, Some(r)) => Cow::Owned(r),
        (None, None) => Cow::Borrowed(line),
    }
}

/// `项目一：…`, `第1项：…` → `1.…`; `第一类　…` → `一、…`; None for any other line.
fn renumbered(line: &str) -> Option<String> {
    // A mark before the number (`★1. …`: a candidate chosen in advance) is no part of the item's text.
    if let Some(rest) = line.strip_prefix(['★', '☆']).filter(|rest| mark(rest).is_some()) {
        return Some(renumbered(rest).unwrap_or_else(|| rest.to_string()));
    }
    // `NO.1` / `No.01` (a WeChat article's item number, often alone on its line).
    if let Some(rest) = ["NO.", "No.", "NO．", "No．"].iter().find_map(|p| line.strip_prefix(p)) {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=3).contains(&digits) {
            let no: u32 = rest[..digits].parse().ok()?;
            return Some(format!("{no}.{}", rest[digits..].trim_start()));
        }
    }
    if let Some(rest) = line.strip_prefix("项目") {
        if let Some((no, text)) = numeral_then(rest, &['：', '、', ' ', '.']) {
            return Some(format!("{no}.{text}"));
        }
    }
    let rest = line.strip_prefix('第')?;
    if let Some((no, text)) = item_number(rest) {
        return Some(format!("{no}.{text}"));
    }
    if line.chars().count() <= MAX_HEADING_CHARS && !line.contains(['。', '，', '；']) {
        if let Some((no, name)) = category(rest) {
            return Some(format!("{}、{name}", numeral(no)));
        }
    }
    None
}

/// `…。牵头单位：X；责任单位：Y。完成时限：9月底前。` (or `…。11月底前完成。`): the units sentence is
/// the item's last, as the reader of units expects: the deadline's sentence
/// goes before it (`…。完成时限：9月底前。牵头单位：X；责任单位：Y。`), and so does a
/// remark in parentheses after it that names no units (`（本项为新增项目）`).
/// A scan's stray mark after the last full stop (`·`) is dropped.
pub(super) fn deadline_after_units(line: &str) -> Option<String> {
    let line = line.trim_end_matches(['·', '•', ' ', '\u{3000}']);
    if let Some(moved) = units_parenthetical_before_deadline(line).or_else(|| deadline_field_after_units(line)) {
        return Some(moved);
    }
    let (line, remark) = match super::item::trailing_parenthetical(line) {
        Some((open, inner)) if line[..open].ends_with('。') && !is_units_line(inner) => (&line[..open], &line[open..]),
        _ => (line, ""),
    };
    let body = line.strip_suffix('。')?;
    let last_at = word!("。").rfind(body)? + '。'.len_utf8();
    let last = &body[last_at..];
    // A labelled deadline, or a sentence that is only a schedule (`11月底前完成`).
    let labelled = DEADLINE_LABELS.iter().any(|l| last.starts_with(l));
    if !(labelled || is_schedule(last)) {
        return None;
    }
    let sentence_at = word!("。").rfind(&body[..last_at - '。'.len_utf8()]).map_or(0, |i| i + '。'.len_utf8());
    let sentence = &body[sentence_at..last_at];
    // The units sentence, or the units clause closing it (`…8.6公里，责任单位：X。2026年9月30日前完成。`).
    if is_units_line(sentence.trim_end_matches('。')) {
        return Some(format!("{}{last}。{remark}{sentence}", &body[..sentence_at]));
    }
    let clause_at = sentence_at + super::list::units_clause_at(sentence.trim_end_matches('。'))?;
    let before = body[..clause_at].trim_end_matches('，');
    Some(format!("{before}。{last}。{remark}{}", &body[clause_at..last_at]))
}

/// `…。责任单位：X、Y；完成时限：10月底前`: the deadline field after the units in
/// the item's last sentence goes before them (`…。完成时限：10月底前。责任单位：X、Y。`).
fn deadline_field_after_units(line: &str) -> Option<String> {
    let body = line.strip_suffix('。').unwrap_or(line);
    let at = word!("。").rfind(body).map_or(0, |i| i + '。'.len_utf8());
    // (Asked of every item: most have no units sentence last, and nothing is copied for them.)
    if !is_units_line(&body[at..]) {
        return None;
    }
    let [units, deadline] = <[String; 2]>::try_from(deadline_field_apart(body[at..].to_string()).collect::<Vec<_>>()).ok()?;
    Some(format!("{}{deadline}。{units}。", &body[..at]))
}

/// A sentence that only says when: one to three short clauses, each a deadline
/// (`6月底前完成全年目标的一半，年底前全面完成`) or a time said in words
/// (`秋季开学前完成首期培训`, `汛期前开工`, `暑假期间完成安装`).
pub(super) fn is_schedule(sentence: &str) -> bool {
    let clauses = || sentence.split('，');
    let when = |c: &str| c.chars().count() <= 16 && (c.contains('前') || c.contains("期间") || !super::deadlines::extract(c).is_empty());
    !sentence.is_empty() && clauses().count() <= 3 && clauses().all(when)
}

/// `…1650个（牵头单位：X），8月25日前完成。`: units in parentheses before the
/// item's last clause, a deadline only, go after it (`…1650个，8月25日前完成。（牵头单位：X）`);
/// so does a schedule written right after them (`…。（牵头单位：X）9月30日前完成。`).
fn units_parenthetical_before_deadline(line: &str) -> Option<String> {
    let body = line.strip_suffix('。').unwrap_or(line);
    if let Some(close) = body.rfind('）').map(|i| i + '）'.len_utf8()).filter(|&end| end < body.len() && is_schedule(&body[end..])) {
        let (open, units) = super::item::trailing_parenthetical(&body[..close])?;
        let before = &body[..open];
        let comma = if before.ends_with(['。', '，', '；']) { "" } else { "，" };
        return is_units_line(units).then(|| format!("{before}{comma}{}。（{units}）", &body[close..]));
    }
    let comma = word!("，").rfind(body)?;
    let (before, last) = (&body[..comma], &body[comma + '，'.len_utf8()..]);
    if last.chars().count() > 16 || super::deadlines::extract(last).is_empty() {
        return None;
    }
    let (open, units) = super::item::trailing_parenthetical(before)?;
    is_units_line(units).then(|| format!("{}，{last}。（{units}）", &before[..open]))
}

/// How a lead is said after its units (`由X牵头实施`), longest first.
const LEAD_SAID: [&str; 9] = ["共同牵头", "牵头组织实施", "牵头实施", "牵头负责", "牵头组织", "牵头落实", "牵头推进", "负责牵头", "牵头"];
/// How the others are said after theirs (`Y配合实施`, `各县（市、区）负责落实`), longest first.
const PARTNERS_SAID: [&str; 7] = ["配合实施", "配合", "协助", "负责落实", "具体实施", "负责实施", "指导"];

/// The lead of `X牵头` (any of [`LEAD_SAID`]), or of `X负责` / `X负责实施` when X is
/// nothing but units' names (`由专人负责`, `由各方负责` name no unit).
fn lead_said(said: &str) -> Option<&str> {
    LEAD_SAID
        .iter()
        .find_map(|w| said.strip_suffix(w))
        .or_else(|| ["负责实施", "负责"].iter().find_map(|w| said.strip_suffix(w)).filter(|lead| super::list::only_unit_names(lead)))
}

/// An item that opens with its units, `由X牵头，举办…`, `由X、Y共同牵头，为…`: the
/// item as written with them labelled after it (`…。（牵头单位：X）`). Asked only of an
/// item that names no units otherwise (a line of prose opening so is no item's).
pub(super) fn opening_units(item: &str) -> Option<String> {
    let text = mark(item).map_or(item, |m| m.rest);
    let (said, rest) = text.strip_prefix('由')?.split_once('，')?;
    let lead = lead_said(said)?;
    let plausible = !lead.is_empty() && lead.chars().count() <= 60 && !lead.contains(['；', '：', '。']);
    (plausible && !rest.trim().is_empty()).then(|| format!("{}。（牵头单位：{lead}）", item.trim_end().trim_end_matches(['。', '；'])))
}

/// `1项：rest` (after `第`) → (1, rest).
fn item_number(rest: &str) -> Option<(u32, &str)> {
    let (at, _) = rest.char_indices().take(5).find(|(_, c)| *c == '项')?;
    let no = match leading_number(&rest[..at]) {
        Some((n, "")) => n,
        _ => chinese_numeral(&rest[..at])?,
    };
    let text = rest[at + '项'.len_utf8()..].strip_prefix(['：', '、', ' ', '.'])?;
    (!text.is_empty()).then_some((no, text.trim_start()))
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

/// `（1）【牵头单位：X】text` (or `1．（牵头单位：X）text`) → `（1）text（牵头单位：X）`.
fn units_first(line: &str) -> Option<String> {
    let m = mark(line)?;
    let (inner, close) = [('【', '】'), ('[', ']'), ('（', '）'), ('(', ')')].iter().find_map(|&(open, close)| Some((m.rest.strip_prefix(open)?, close)))?;
    let (units, text) = inner.split_once(close)?;
    if !is_units_line(units) || text.trim().is_empty() {
        return None;
    }
    let number = &line[..line.len() - m.rest.len()];
    Some(format!("{number}{}（{units}）", text.trim()))
}

/// A closing sentence or clause that names the units, as the labelled form:
/// `…。由X牵头，Y配合。` → `…。（牵头单位：X；配合单位：Y）`; `由X、Y共同牵头。`;
/// `…6个，由X牵头，Y配合，暑期完成。` → `…6个，暑期完成。（牵头单位：X；配合单位：Y）`.
/// Only after another sentence or clause of the line.
pub(super) fn closing_units(line: &str) -> Option<String> {
    said_units_closing(line, false)
}

/// [`closing_units`] of one item's text (cut from a list, a paragraph or a line): there a
/// lead named by units' names is one whatever follows it (`…1100人次，由X中心牵头，建立档案，
/// 开展随访；`), where on a line of prose it may open a requirement.
pub(super) fn item_closing_units(item: &str) -> Option<String> {
    said_units_closing(item, true)
}

fn said_units_closing(line: &str, within_item: bool) -> Option<String> {
    // `由X牵头、Y配合`: the partners after a `、` are a clause of their own. (This and the
    // closing sentence without 由 below are asked of each item, once cut out, not of every line.)
    let parted;
    let line = if within_item && word!("牵头、").is_in(line) {
        parted = line.replace("牵头、", "牵头，");
        parted.as_str()
    } else {
        line
    };
    // An item of a one-line list ends with `；`, or with nothing once split.
    let body = line.strip_suffix(['。', '；']).unwrap_or(line);
    // The last `由` that starts a sentence or a clause after another; else a last
    // sentence that opens with units' names saying they lead (`…。县教育局牵头，县住建局配合。`).
    let by = word!("由").find_iter(body).filter(|&i| body[..i].ends_with(['。', '，'])).last();
    let (at, said_at) = match by {
        Some(at) => (at, at + '由'.len_utf8()),
        None if within_item => {
            // The last sentence's first clause, else a later clause of it (`…12.5公里，镇村建办牵头，
            // 6月底前完工`: a one-line list's item, or a report's `三、…，市卫健委牵头，各县区配合。`).
            let sentence = word!("。").rfind(body).map_or(0, |i| i + '。'.len_utf8());
            let names_lead = |at: usize| {
                let first = body[at..].split('，').next().unwrap_or("");
                lead_said(first).is_some_and(super::list::only_unit_names)
            };
            let clauses = word!("，").find_iter(&body[sentence..]).map(|i| sentence + i + '，'.len_utf8());
            let at = std::iter::once(sentence).filter(|&at| at > 0).chain(clauses).find(|&at| names_lead(at))?;
            (at, at)
        }
        None => return None,
    };
    // In one item's text only: a `；` after it ends this item, and what follows is another's (a
    // news paragraph's `…，由X牵头，Y配合，年底前完成；十二是…`); on a line, one before it may
    // end another's (`…；十三是…，由X牵头。`). Such lines are read once cut into items.
    let parts = if within_item { &body[at..] } else { body };
    if parts.contains('；') {
        return None;
    }
    let before = body[..at].strip_suffix('，').unwrap_or(&body[..at]);
    // In one item's text, sentences after the units' own (`由镇民政办牵头。按月发放到位。`) are its text's.
    let said_end = if within_item { body[said_at..].find('。').map_or(body.len(), |i| said_at + i) } else { body.len() };
    let after = body.get(said_end + '。'.len_utf8()..).unwrap_or("");
    let mut clauses = body[said_at..said_end].split('，');
    // Leads parted by a comma (`由X，Y牵头`: an ASCII comma normalized): names before the clause saying 牵头.
    let mut said = clauses.next()?;
    let mut names = Vec::new();
    while lead_said(said).is_none() && super::list::only_unit_names(said) && names.len() < 4 {
        names.push(said);
        said = clauses.next()?;
    }
    names.push(lead_said(said)?);
    let lead = names.join("、");
    let lead = lead.as_str();
    let mut rest: Vec<&str> = clauses.collect();
    let partners = match rest.first().and_then(|c| PARTNERS_SAID.iter().find_map(|w| c.strip_suffix(w))) {
        Some(partners) => {
            rest.remove(0);
            partners
        }
        None => "",
    };
    let plausible = |units: &str| !units.is_empty() && units.chars().count() <= 60 && !units.contains(['，', '；', '：']);
    if !plausible(lead) || !(partners.is_empty() || plausible(partners)) || rest.iter().any(|c| c.is_empty()) {
        return None;
    }
    // Clauses after a lead with no partners say who does what only when they are a deadline
    // (`要加强领导。由各单位牵头，认真研究，细化方案。` is a requirement, not units).
    let named = within_item && super::list::only_unit_names(lead);
    if partners.is_empty() && !named && !rest.iter().all(|c| !super::deadlines::extract(c).is_empty()) {
        return None;
    }
    let labelled =
        if partners.is_empty() { format!("（牵头单位：{lead}）") } else { format!("（牵头单位：{lead}；配合单位：{partners}）") };
    // What the sentence says after the units (`，暑期完成安装`) stays in the text, before them.
    let rest = rest.join("，");
    let stop = if before.ends_with('。') { "" } else { "。" };
    let text = match rest.as_str() {
        "" => format!("{before}{stop}"),
        rest if stop.is_empty() => format!("{before}{rest}。"),
        rest => format!("{before}，{rest}。"),
    };
    let after = if after.is_empty() { String::new() } else { format!("{after}。") };
    Some(format!("{text}{after}{labelled}"))
}

/// Number the category lines that carry no number (`【教育提质】`, a short
/// name alone on its line) `一、` `二、` … where the text has two or more of
/// one kind; a kind seen once is no list's categories.
fn number_categories(lines: &mut [String]) {
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
    // Each line's name, once (asked of every line by each rule below).
    let named: Vec<bool> = lines.iter().map(|l| plain_name(l).is_some()).collect();
    let bracketed: Vec<usize> = (0..lines.len()).filter(|&i| bracket_name(&lines[i]).is_some()).collect();
    // A name right before a numbered item.
    // (After a blank line, or ending with a colon: `民生保障类：` right after the last item.)
    let over_numbered: Vec<usize> = (0..lines.len())
        .filter(|&i| named[i] && (i == 0 || blank(i - 1) || lines[i].trim_end().ends_with(['：', ':'])) && lines.get(i + 1).is_some_and(|n| mark(n).is_some()))
        .collect();
    // A name, a blank line, then an item's title and its next line.
    let over_titles: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            named[i]
                && (i == 0 || blank(i - 1))
                && blank(i + 1)
                && lines.get(i + 2).is_some_and(|t| !t.trim().is_empty() && t.chars().count() <= 25 && !t.contains(['。', '：']))
                && !blank(i + 3)
        })
        .collect();
    for (kind, name_of) in [(bracketed, bracket_name as fn(&str) -> Option<&str>), (over_numbered, plain_name), (over_titles, plain_name)] {
        if kind.len() < 2 {
            continue;
        }
        for (n, i) in kind.into_iter().enumerate() {
            if let Some(name) = name_of(&lines[i]).map(str::to_string) {
                lines[i] = format!("{}、{name}", numeral(n as u32 + 1));
            }
        }
    }
}

/// `【教育提质】` alone on its line → its name.
fn bracket_name(line: &str) -> Option<&str> {
    let name = line.trim().strip_prefix('【')?.strip_suffix('】')?;
    short_name(name)
}

/// `教育服务`, `教育卫生类：` alone on a line → the name; not a label of an
/// item's parts (`推进举措：`, `主要内容：`, `进度安排：` over numbered lines).
fn plain_name(line: &str) -> Option<&str> {
    let name = short_name(line.trim().trim_end_matches(['：', ':']))?;
    const PART_LABELS: &[&str] = &["举措", "措施", "要求", "内容", "安排", "目标", "任务", "如下", "时限", "进度", "节点", "说明", "备注"];
    (!PART_LABELS.iter().any(|l| name.ends_with(l))).then_some(name)
}

/// A category's name: a few Han characters (with 、 or quotes), no sentence, no figure.
fn short_name(name: &str) -> Option<&str> {
    // Most lines are longer than any name: decided by their length in bytes first.
    if name.len() > MAX_NAME_CHARS * 3 {
        return None;
    }
    let n = name.chars().count();
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || matches!(c, '、' | '“' | '”');
    ((2..=MAX_NAME_CHARS).contains(&n) && name.chars().all(han) && mark(name).is_none()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text's lines, as the rules take them.
    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    fn all(text: &str) -> Vec<String> {
        relabel_lines(lines(text))
    }

    #[test]
    fn units_said_in_a_clause_become_labels() {
        // (line, as relabelled): the clause after another, its verbs, a deadline after it; else as it is.
        let cases = [
            ("3.新建书屋6个，由甲局牵头，乙会配合，暑期完成。", "3.新建书屋6个，暑期完成。（牵头单位：甲局；配合单位：乙会）"),
            ("3.新建书屋6个，由甲局、乙会共同牵头。", "3.新建书屋6个。（牵头单位：甲局、乙会）"),
            ("3.新建书屋6个。由甲局牵头，乙会配合。", "3.新建书屋6个。（牵头单位：甲局；配合单位：乙会）"),
            ("3.新建书屋6个，由甲局牵头实施；", "3.新建书屋6个。（牵头单位：甲局）"),
            ("新建书屋6个，由甲局牵头，各县（市、区）负责落实；", "新建书屋6个。（牵头单位：甲局；配合单位：各县（市、区））"),
            ("3.由甲局牵头，新建书屋6个。", "3.由甲局牵头，新建书屋6个。"),
            ("3.新建书屋6个，由财政补助，甲局牵头实施。", "3.新建书屋6个，由财政补助，甲局牵头实施。"),
            ("3.新建书屋6个，由县甲局负责。", "3.新建书屋6个。（牵头单位：县甲局）"),
            ("3.新建书屋6个，由县甲局负责实施，8月底前完成。", "3.新建书屋6个，8月底前完成。（牵头单位：县甲局）"),
            ("3.新建书屋6个，由专人负责。", "3.新建书屋6个，由专人负责。"),
            ("3.新建书屋6个，由甲局，乙办牵头，丙会配合。", "3.新建书屋6个。（牵头单位：甲局、乙办；配合单位：丙会）"),
            ("3.新建书屋6个，由甲局，认真研究。", "3.新建书屋6个，由甲局，认真研究。"),
            // A news paragraph: the clause is one item's, the paragraph's last `由` before another item.
            ("一是新建书屋6个，由甲局牵头，各村配合，年底前完成；二是新建公园2个；", "一是新建书屋6个，由甲局牵头，各村配合，年底前完成；二是新建公园2个；"),
        ];
        for (line, relabelled) in cases {
            assert_eq!(relabel(line), relabelled, "{line}");
        }
    }

    #[test]
    fn items_opening_with_their_units_keep_their_text() {
        let cases = [
            ("7.由乡甲中心牵头，建设冷库2座；", Some("7.由乡甲中心牵头，建设冷库2座。（牵头单位：乡甲中心）")),
            ("由甲局、乙办共同牵头，为困难群众适配辅具150件", Some("由甲局、乙办共同牵头，为困难群众适配辅具150件。（牵头单位：甲局、乙办）")),
            ("由县甲局负责，改造路灯300盏。", Some("由县甲局负责，改造路灯300盏。（牵头单位：县甲局）")),
            ("由专人负责，改造路灯300盏。", None),
            ("由甲局牵头。", None),
            ("新建书屋6个，由甲局牵头。", None),
        ];
        for (item, labelled) in cases {
            assert_eq!(opening_units(item).as_deref(), labelled, "{item}");
        }
    }

    #[test]
    fn labels_become_the_common_numbering() {
        assert_eq!(relabel("项目一：城南小学扩建"), "1.城南小学扩建");
        assert_eq!(relabel("项目12、公厕提升"), "12.公厕提升");
        assert_eq!(relabel("项目建设要求：按期完成"), "项目建设要求：按期完成", "a word after 项目, not a numeral");
        assert_eq!(relabel("第3项：新建公园2个。"), "3.新建公园2个。");
        assert_eq!(relabel("第一类　学有所教（3个）"), "一、学有所教（3个）");
        assert_eq!(relabel("第三部分：道路出行"), "三、道路出行");
        assert_eq!(relabel("第一类项目完成后，由各单位组织验收。"), "第一类项目完成后，由各单位组织验收。", "a sentence stays");
        assert_eq!(relabel("第十四届人大常委会"), "第十四届人大常委会");
        assert_eq!(relabel("★3. 农村供水保障提升"), "3. 农村供水保障提升");
        assert_eq!(relabel("★满意度测评"), "★满意度测评");
        assert_eq!(relabel("NO.12"), "12.");
        assert_eq!(relabel("No.3 老年助餐"), "3.老年助餐");
        assert_eq!(relabel("NO.2028年"), "NO.2028年");
        assert_eq!(relabel("（1）【牵头单位：县教育局】新建幼儿园"), "（1）新建幼儿园（牵头单位：县教育局）");
        assert_eq!(relabel("1.【重点】新建幼儿园"), "1.【重点】新建幼儿园", "a bracket that names no units stays");
        assert_eq!(relabel("1.（牵头单位：县教育局；配合单位：县财政局）新建幼儿园"), "1.新建幼儿园（牵头单位：县教育局；配合单位：县财政局）");
        assert_eq!(relabel("1.（含改扩建）新建幼儿园"), "1.（含改扩建）新建幼儿园", "a parenthesis that names no units stays");
    }

    #[test]
    fn a_deadline_field_on_the_units_line_is_a_line_of_its_own() {
        let apart = |line: &str| deadline_field_apart(line.into()).collect::<Vec<_>>();
        assert_eq!(apart("牵头单位：甲局配合单位：乙局完成时限：2028年8月底前"), ["牵头单位：甲局配合单位：乙局", "完成时限：2028年8月底前"]);
        assert_eq!(apart("完成时限：8月底前"), ["完成时限：8月底前"]);
        assert_eq!(
            deadline_after_units("新建食堂2个。责任单位：甲局、乙办；完成时限：10月底前").as_deref(),
            Some("新建食堂2个。完成时限：10月底前。责任单位：甲局、乙办。")
        );
        assert_eq!(apart("新建食堂，完成时限：8月底前"), ["新建食堂，完成时限：8月底前"]);
    }

    #[test]
    fn a_month_alone_is_a_deadline_field_s_end() {
        assert_eq!(month_deadline("完成时限：2026年8月".into()), "完成时限：2026年8月底前");
        assert_eq!(month_deadline("完成时间：11月。".into()), "完成时间：11月底前");
        assert_eq!(month_deadline("完成时限：2026年8月底前".into()), "完成时限：2026年8月底前");
        assert_eq!(month_deadline("完成时限：13月".into()), "完成时限：13月");
        assert_eq!(month_deadline("新建2026年8月".into()), "新建2026年8月");
    }

    #[test]
    fn units_above_their_items_go_below() {
        let above = lines("清单\n牵头单位：甲局\n完成时限：8月\n1.新建公园2个。\n\n牵头单位：乙局\n2.改造道路5公里。\n以上项目年底前完成。");
        assert_eq!(
            units_after_their_items(above),
            lines("清单\n1.新建公园2个。\n牵头单位：甲局\n完成时限：8月\n\n2.改造道路5公里。\n牵头单位：乙局\n以上项目年底前完成。")
        );
        // Units below their items stay where they are.
        let below = lines("清单\n1.新建公园2个。\n牵头单位：甲局\n2.改造道路5公里。\n牵头单位：乙局");
        assert_eq!(units_after_their_items(below.clone()), below);
    }

    #[test]
    fn a_slide_deck_s_headings_and_bullets() {
        let deck = lines("目录\n1.概况\n2.项目清单\n\n【幻灯片2】\n一、概况\n• 征集意见800条\n【幻灯片3】\n二、项目清单（1/2）\n▌教育\n• 新建托育园3所\n  提供托位270个｜牵头：甲局、乙会｜9月底前\n【幻灯片4】\n二、项目清单（2/2）\n▌养老\n• 助餐点建设\n三、保障措施\n• 每月调度");
        assert_eq!(
            slides(deck),
            lines("\n一、概况\n• 征集意见800条\n二、项目清单\n（一）教育\n1.新建托育园3所\n提供托位270个，9月底前。（牵头单位：甲局、乙会）\n（二）养老\n2.助餐点建设\n三、保障措施\n• 每月调度")
        );
    }

    #[test]
    fn zero_padded_numbers() {
        assert!(numbers_zero_padded("清单\n01 托育服务扩容\n新建托育点。\n02 社区医院".lines()));
        assert!(!numbers_zero_padded("12 月底前完成\n10 个社区".lines()));
        assert_eq!(zero_padded("01 托育服务扩容"), "1.托育服务扩容");
        assert_eq!(zero_padded("13　农村公路"), "13.农村公路");
        assert_eq!(zero_padded("12 月底前完成"), "12 月底前完成");
    }

    #[test]
    fn a_deadline_after_the_units_goes_before_them() {
        assert_eq!(
            deadline_after_units("1.新开通公交线路4条。牵头单位：县交通局；责任单位：各乡镇。完成时限：2026年9月底前。").as_deref(),
            Some("1.新开通公交线路4条。完成时限：2026年9月底前。牵头单位：县交通局；责任单位：各乡镇。")
        );
        assert_eq!(deadline_after_units("1.新开通公交线路4条。完成时限：9月底前。"), None);
        assert_eq!(
            deadline_after_units("4、改造老旧小区9个。牵头单位：县住建局。11月底前完成。").as_deref(),
            Some("4、改造老旧小区9个。11月底前完成。牵头单位：县住建局。")
        );
        assert_eq!(deadline_after_units("4、改造老旧小区9个。牵头单位：县住建局。"), None);
        assert_eq!(
            deadline_after_units("2、新建食堂10个。牵头单位：县民政局。完成时限：6月底前。（本项为新增项目）").as_deref(),
            Some("2、新建食堂10个。完成时限：6月底前。（本项为新增项目）牵头单位：县民政局。")
        );
        assert_eq!(
            deadline_after_units("4、改造老旧小区9个。牵头单位：县住建局。11月底前完成。·").as_deref(),
            Some("4、改造老旧小区9个。11月底前完成。牵头单位：县住建局。")
        );
    }

    #[test]
    fn closing_sentences_name_the_units() {
        assert_eq!(relabel("1.新建公园2个。由县城管局牵头，县财政局、各镇配合。"), "1.新建公园2个。（牵头单位：县城管局；配合单位：县财政局、各镇）");
        assert_eq!(relabel("2.改造道路。由县住建局、县水利局共同牵头。"), "2.改造道路。（牵头单位：县住建局、县水利局）");
        assert_eq!(said_units("3.新增学位。责任单位为县文旅局、团县委。"), "3.新增学位。（责任单位：县文旅局、团县委）。");
        assert_eq!(
            said_units("（1）改造路灯，责任单位为县城管局；（2）建设冷库，责任单位为县农业农村局。"),
            "（1）改造路灯（责任单位：县城管局）；（2）建设冷库（责任单位：县农业农村局）。"
        );
        assert_eq!(said_units("一是新增就业1500人（县人社局牵头）；二是新建学校"), "一是新增就业1500人（牵头单位：县人社局）；二是新建学校");
        assert_eq!(said_units("会议认为，这项工作的主体单位为县政府，要抓好。"), "会议认为，这项工作的主体单位为县政府，要抓好。");
        assert_eq!(
            relabel("由县政府办公室牵头，会同各部门抓好落实，确保按期完成。"),
            "由县政府办公室牵头，会同各部门抓好落实，确保按期完成。",
            "no sentence before it"
        );
        assert_eq!(relabel("要加强领导。由各单位牵头，认真研究，细化方案。"), "要加强领导。由各单位牵头，认真研究，细化方案。", "no 配合 after the lead");
    }

    #[test]
    fn ordinal_lines_join_their_paragraph() {
        assert_eq!(
            all("会议确定：一是新建学校；二是新建医院。\n三是改造道路。\n四是新增学位。\n下一步要抓好落实。"),
            ["会议确定：一是新建学校；二是新建医院。三是改造道路。四是新增学位。", "下一步要抓好落实。"]
        );
        assert_eq!(all("三是改造道路。\n四是新增学位。"), ["三是改造道路。", "四是新增学位。"], "no paragraph of two parts before");
    }

    #[test]
    fn unnumbered_categories_are_numbered_where_there_are_two() {
        assert_eq!(all("【教育提质】\n①新建学校。\n\n【健康守护】\n②新建医院。"), ["一、教育提质", "①新建学校。", "", "二、健康守护", "②新建医院。"]);
        assert_eq!(
            all("清单\n\n就业服务\n1）零工驿站\n\n教育服务：\n2）学校扩容"),
            ["清单", "", "一、就业服务", "1）零工驿站", "", "二、教育服务", "2）学校扩容"]
        );
        let titled = all("教育服务\n\n午休改造\n配备课桌椅。\n主办单位：区文旅局\n\n医疗健康\n\n医院迁建\n迁建医院。\n主办单位：区体育局");
        assert_eq!((titled[0].as_str(), titled[6].as_str()), ("一、教育服务", "二、医疗健康"));
        assert_eq!(all("【打印本页】\n1.新建学校。"), ["【打印本页】", "1.新建学校。"], "one alone is no list's categories");
        let measures = all("1.新建学校。\n推进举措：\n1.3月底前选址。\n2.新建医院。\n推进举措：\n1.6月底前开工。");
        assert_eq!((measures[1].as_str(), measures[4].as_str()), ("推进举措：", "推进举措："), "a part's label is no category");
    }
}
