//! One list's lines → its categories and items, whatever numbers them.
//!
//! Which numbering style is a category and which an item is read from the
//! list itself: the first style used is the categories' when its lines are
//! short names with lines of another style under them, and that other style
//! numbers the items; otherwise the first style numbers the items. Deeper
//! styles are an item's own points (measures). Lists without numbers are
//! read as blocks that each end with their units line (`主办单位：…`), or as
//! `一是…；二是…` inside a paragraph.

use super::layout::{read_as, Heading, RawItem, Section};
use super::markers::{self, mark, Mark, Style};
use super::text::{chinese_numeral, word};
use std::borrow::Cow;

/// A category heading from a numbered line: `一、就业增收（3项）`, `（一）城镇更新`.
fn heading(m: &Mark<'_>, line: &str) -> Option<Heading> {
    let (name, stated_count) = name_and_count(m.rest.trim());
    // A heading is a short name, not a sentence.
    let name_len = name.chars().count();
    if name_len == 0 || name_len > 20 || name.contains(['，', '。', '；', '：']) {
        return None;
    }
    Some(Heading { index: m.no, name: name.to_string(), stated_count, line: line.to_string() })
}

/// `就业增收（3项）` / `就业增收（共3项）` / `教育卫生（4个）` → ("就业增收", Some(3)).
fn name_and_count(text: &str) -> (&str, Option<u32>) {
    let counted = text.strip_suffix('）').and_then(|r| r.rsplit_once('（')).and_then(|(name, inner)| {
        let inner = inner.trim_start_matches('共');
        let n = inner.strip_suffix('项').or_else(|| inner.strip_suffix('件')).or_else(|| inner.strip_suffix('个'))?;
        let n = n.trim().parse::<u32>().ok().or_else(|| chinese_numeral(n.trim()))?;
        Some((name.trim(), n))
    });
    match counted {
        Some((name, n)) => (name, Some(n)),
        None => (text, None),
    }
}

/// An unnumbered category with its count: `教育提质（3项）`.
fn counted_heading(line: &str, index: u32) -> Option<Heading> {
    match name_and_count(line) {
        (name, Some(n)) if !name.is_empty() && name.chars().count() <= 20 && !name.contains(['，', '。', '；', '：']) => {
            Some(Heading { index, name: name.to_string(), stated_count: Some(n), line: line.to_string() })
        }
        _ => None,
    }
}

/// `主办单位：…`, `（责任单位：…）`, `牵头部门：…`: a line naming an item's units.
/// Where the units clause that closes `sentence` after a `，` (or a space) starts
/// (`硬化道路8.6公里，责任单位：甲站，各村（社区）` → at `责任单位`), if it does.
pub(super) fn units_clause_at(sentence: &str) -> Option<usize> {
    let label = sentence.find("单位：").or_else(|| sentence.find("部门："))?;
    // After a separator, or a known label right after the text (the space between them collapsed).
    let label_end = label + "单位".len();
    let at = match super::item::KNOWN_LABELS.iter().find(|l| sentence[..label_end].ends_with(*l)) {
        Some(known) => label_end - known.len(),
        None => sentence[..label].char_indices().rev().find(|(_, c)| matches!(c, '，' | ' ' | '\u{3000}')).map(|(sep, c)| sep + c.len_utf8())?,
    };
    if at == 0 {
        return None;
    }
    let clause = &sentence[at..];
    // Whole: its parentheses closed (`…完成。（牵头单位：` is wrapped), a unit after the label.
    let open = sentence.matches('（').count() > sentence.matches('）').count();
    let named = !sentence[label_end..].trim_start_matches('：').is_empty();
    (is_units_line(clause) && !open && named).then_some(at)
}

pub fn is_units_line(line: &str) -> bool {
    // The label is short: only the first characters are looked at (asked of every line).
    let head = &line.as_bytes()[..line.len().min(33)];
    if !super::text::word!("：").is_in_bytes(head) {
        return false;
    }
    let inner = line.strip_prefix('（').unwrap_or(line);
    let Some((at, _)) = inner.char_indices().take(9).find(|(_, c)| *c == '：') else { return false };
    let label = &inner[..at];
    // A bare `单位：`, `任单位：` or `建局；责任单位：` is the rest of a line wrapped inside a label or a name (a PDF copy).
    let bare = label.chars().count() < 4;
    super::item::is_unit_label_word(label) && !bare && !label.contains(['，', '。', '、', '；'])
}

/// Which style numbers the categories (if any) and which the items.
fn styles(marks: &[Option<Mark<'_>>], lines: &[&str]) -> (Option<Style>, Option<Style>) {
    let measures = in_measures(marks, lines);
    // Numbers that say which style is which: not a figure's, not a measure's; a figure
    // after a one-line list's first number (`1.5月底前…；2.…`) is the item's.
    let inline_list = |i: usize, m: &Mark| m.no == 1 && markers::next_inline(lines[i], m.style, 2).is_some();
    let clear = |i: usize| marks[i].filter(|m| (!m.figure_follows || inline_list(i, m)) && !measures[i]);
    let Some(first) = (0..lines.len()).find(|&i| clear(i).is_some()) else { return (None, None) };
    let top = clear(first).map(|m| m.style);
    let child = (first..lines.len()).filter_map(clear).map(|m| m.style).find(|s| Some(*s) != top);
    // The list ends with its last line of the child style: top-style lines
    // after it (工作要求's （一）（二）…) are no categories of it.
    let last_child = child.and_then(|c| (0..lines.len()).rev().find(|&i| clear(i).map(|m| m.style) == Some(c))).unwrap_or(lines.len());
    let top_lines: Vec<usize> = (0..lines.len()).filter(|&i| clear(i).map(|m| m.style) == top && i < last_child).collect();
    let named = top_lines.iter().all(|&i| marks[i].and_then(|m| heading(&m, lines[i])).is_some());
    // Categories have items under them: lines of another style, or units lines (blocks).
    // Blocks ending with units lines: as many as the top lines, the top lines are their titles.
    let blocks = (0..lines.len()).filter(|&i| is_units_line(lines[i]) && (i == 0 || !is_units_line(lines[i - 1]))).count();
    // A report's one section (`（六）保障和改善民生`) over the list is no
    // category of it: a list's categories are numbered from 1.
    let one_section = top_lines.len() == 1 && marks[top_lines[0]].is_some_and(|m| m.no != 1);
    match (named, child) {
        (true, Some(child)) if one_section => (None, Some(child)),
        (true, Some(child)) => (top, Some(child)),
        (true, None) if blocks > top_lines.len() => (top, None),
        _ => (None, top),
    }
}

/// `…办好以下实事：1.…；2.…`: a list starting inside a paragraph, after a
/// colon, is a line of its own (its first number 1, its second right after).
/// A report's point may hold it too (`（三）办好民生实事。…今年办好10件民生实事：1.…；2.…`)
/// when what comes before the colon announces the items.
fn lead_in(line: &str) -> impl Iterator<Item = &str> {
    let marked = mark(line).is_some();
    let split = word!("：").find_iter(line).find_map(|colon| {
        let after = &line[colon + '：'.len_utf8()..];
        let list = mark(after).is_some_and(|m| m.no == 1 && markers::next_inline(after, m.style, 2).is_some());
        (list && (!marked || announces_items(&line[..colon]))).then(|| (&line[..colon + '：'.len_utf8()], after))
    });
    match split {
        Some((lead, list)) => [Some(lead), Some(list)].into_iter().flatten(),
        None => [Some(line), None].into_iter().flatten(),
    }
}

/// Whether `line` holds a list after a colon (`…重点办好11件民生实事：1.…；2.…`).
pub fn holds_inline_list(line: &str) -> bool {
    lead_in(line).nth(1).is_some()
}

/// `推进举措：`, `具体措施：`: a label whose numbered lines are an item's measures.
fn is_measures_label(line: &str) -> bool {
    line.starts_with("推进举措")
        || (line.ends_with('：') && line.chars().count() <= 12 && ["举措", "措施", "进度安排", "时间节点", "步骤"].iter().any(|w| line.contains(w)))
}

/// Which lines are numbered measures under a measures label: from the label
/// to the first line numbered in another style than its first numbered line.
fn in_measures(marks: &[Option<Mark<'_>>], lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    // Inside a block, and its numbering style once seen.
    let mut block: Option<Option<Style>> = None;
    for (i, line) in lines.iter().enumerate() {
        if is_measures_label(line) {
            block = Some(None);
            continue;
        }
        let (Some(style), Some(m)) = (block, marks[i]) else { continue };
        match style {
            None => block = Some(Some(m.style)),
            Some(s) if s != m.style => {
                block = None;
                continue;
            }
            Some(_) => {}
        }
        out[i] = true;
    }
    out
}

/// `1.…；2.…；3.…` on one line → one line per item (each number must be the next).
fn split_inline<'a>(lines: &[&'a str], marks: &[Option<Mark<'a>>], style: Style) -> Vec<Cow<'a, str>> {
    let mut out = Vec::with_capacity(lines.len());
    for (&line, m) in lines.iter().zip(marks) {
        let Some(m) = m.filter(|m| m.style == style) else {
            out.push(Cow::Borrowed(line));
            continue;
        };
        let mut rest = line;
        let mut no = m.no;
        // Past the number `rest` starts with, whose length changes (`（9）` then `（10）`).
        let mut skip = line.len() - m.rest.len();
        while let Some(at) = markers::next_inline(&rest[skip..], style, no + 1).map(|i| i + skip) {
            out.push(Cow::Owned(close_part(&rest[..at])));
            rest = &rest[at..];
            no += 1;
            skip = mark(rest).map_or(0, |m| rest.len() - m.rest.len());
        }
        out.push(Cow::Borrowed(rest));
    }
    out
}

/// A part cut at `；`: ends as a sentence.
fn close_part(part: &str) -> String {
    let part = part.trim_end().trim_end_matches('；');
    if part.ends_with(['。', '）']) {
        part.to_string()
    } else {
        format!("{part}。")
    }
}

/// Main-list items end with their unit or level parenthetical, a full stop,
/// or a closing units sentence without one (`…。牵头单位：X；责任单位：Y`).
/// A units parenthesis still open (`…。（牵头单位：县住`, the line wrapped
/// inside it) does not end the item.
fn ends_item(text: &str) -> bool {
    let open = |s: &str| s.matches('（').count() > s.matches('）').count();
    text.ends_with('）')
        || text.ends_with('。')
        || text.rsplit('。').next().is_some_and(|last| (last != text && is_units_line(last) && !open(last)) || units_clause_at(last).is_some())
}

/// `…。责任单位：县教育` then `局、县发改局。`: a closing units sentence
/// without its full stop, wrapped (a PDF copy): the next line is its rest
/// when it is short, unnumbered, and the rest of a label split over the
/// lines (`单位：县商务局`) or nothing but (the ends of) unit names. Lists
/// whose units sentences have no full stop wrap so too
/// (`…责任单位：县自然资源和` / `规划局、县林业局` / `2．…`).
fn wraps_units(text: &str, next: &str) -> bool {
    let unfinished = !text.ends_with(['。', '）']) && text.rsplit('。').next().is_some_and(|last| last != text && is_units_line(last));
    let last_unit = last_name(text);
    // (`单位：各乡镇。` ends a label split over the lines: a `：` of its own is no new label;
    // nor is `同责任单位：…` after `…；共`, which reads as one.)
    let label = next.split_once('：').map(|(label, _)| label);
    let label_split = label
        .is_some_and(|l| l.chars().count() < 4 || (!last_unit.is_empty() && super::item::KNOWN_LABELS.iter().any(|k| k.strip_prefix(last_unit) == Some(l))));
    // A unit name that is whole (`…、市房管中心`) before a line of whole names is
    // the list's end before its signature (`洛屏市人民政府`), not a wrap.
    let broken = last_unit.is_empty() || !only_unit_names(last_unit);
    // The rest of a name, and maybe the next label with its units (`局；共同责任单位：各区县人民政府。`)
    // or the label's start, wrapped in turn (`市民政局；共同`).
    let names = next.trim_end_matches(['。', '）']);
    let label_or_its_start = |more: &str| is_units_line(more) || super::item::KNOWN_LABELS.iter().any(|k| k.starts_with(more));
    // Or the names, then the item's schedule (`责任单位：` / `市教育局。秋季开学前完成。`).
    let then_schedule = |(end, more): (&str, &str)| only_unit_names(end) && super::item::is_schedule(more.trim_end_matches('。'));
    let name_rest = only_unit_names(names)
        || names.split_once('；').is_some_and(|(end, more)| only_unit_names(end) && !more.is_empty() && label_or_its_start(more))
        || names.split_once('。').is_some_and(then_schedule);
    let rest = label_split || (broken && !is_units_line(next) && name_rest);
    // (A label that ends the line, `责任单位：`, has all its units on the next, however long.)
    let short = next.chars().count() <= 30 || text.ends_with('：');
    unfinished && short && mark(next).is_none() && !next.contains('，') && rest
}

/// `运输局`, `规划局、县林业局`: nothing but (the ends of) short unit names,
/// by the endings of an office's name.
pub(super) fn only_unit_names(line: &str) -> bool {
    // (Also schools, companies, halls, offices and co-operatives: 中心学校, 燃气公司, 文化馆, 党政办公室, 供销社;
    // and federations: 妇联, 残联, 文联.)
    const ENDINGS: [char; 20] = ['局', '委', '办', '会', '院', '府', '部', '心', '队', '站', '所', '处', '厅', '团', '校', '司', '馆', '室', '社', '联'];
    line.split(['、', '；']).all(|name| (1..=12).contains(&name.chars().count()) && name.ends_with(ENDINGS))
}

/// An item written as a title, its units line, then its description
/// (`1)零工驿站扩容` / `牵头单位：X` / `在县城建设…。`): the description joins
/// the title before the units, `标题：描述（牵头单位：X）`. False (nothing
/// changed) unless `text` is such a title with its units only.
fn describe_titled(text: &mut String, line: &str) -> bool {
    let Some(open) = text.find('（') else { return false };
    let (title, units) = text.split_at(open);
    let names_units = units.ends_with('）') && (units.contains("单位：") || units.contains("部门："));
    if !names_units || !is_short_title(title) {
        return false;
    }
    *text = format!("{title}：{line}{units}");
    true
}

/// `完成时限：10月底前`, `主要内容：…`, `实施主体：…` on a line after the item's
/// units line (an item of labelled lines in any order): put before the units,
/// which the item's text ends with. False (nothing changed) for another line,
/// or an item not ending with its units.
fn field_before_units(text: &mut String, line: &str) -> bool {
    const FIELDS: [&str; 4] = ["实施主体：", "主要内容：", "建设内容：", "实施内容："];
    // Also `计划完成时间：`, `预计投资：`, `年度投资：` (a candidates' list).
    let field = ["计划", "预计"].iter().find_map(|p| line.strip_prefix(p)).unwrap_or(line);
    let money = ["投资：", "年度投资：", "总投资："].iter().any(|f| field.starts_with(f));
    if !(money || FIELDS.iter().chain(&super::labels::DEADLINE_LABELS).any(|f| field.starts_with(f))) || !text.ends_with('）') {
        return false;
    }
    // The start of the trailing units parentheticals (`（牵头单位：X）（配合单位：Y）`).
    let mut at = text.len();
    while text[..at].ends_with('）') {
        match text[..at].rfind('（') {
            Some(open) if is_units_line(&text[open..at]) => at = open,
            _ => break,
        }
    }
    if at == text.len() {
        return false;
    }
    let field = line.trim_end_matches('。');
    text.insert_str(at, &format!("{}{field}。", if text[..at].ends_with(['。', '；']) { "" } else { "。" }));
    true
}

/// A title line: short, no sentence in it.
fn is_short_title(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 20 && !text.contains(['，', '。', '；', '：', '（'])
}

/// A wrapped line continues its item's text; a short title without any
/// punctuation followed by its description reads `标题：描述`.
fn continue_text(text: &mut String, line: &str) {
    if is_units_line(line) {
        // After a units sentence left open (`牵头单位：X；` / `责任单位：Y。`), or going on with
        // the item's schedule (`牵头单位：X。10月底前完成。`, maybe wrapped): joined as written,
        // one closing sentence for the units' reader (the schedule put before it there).
        if units_left_open(text) || units_then_more(line) {
            return join_as_written(text, line);
        }
        let units = line.trim_end_matches('。');
        if units.starts_with('（') {
            text.push_str(units);
        } else {
            text.push_str(&format!("（{units}）"));
        }
        return;
    }
    let short_title = text.chars().count() <= 20 && !text.contains(['，', '。', '；', '：', '、', '）']);
    if short_title && !text.is_empty() {
        text.push('：');
    }
    text.push_str(line);
}

/// The last name of a units line or sentence: what follows its last `、` `：` `；` `，`.
fn last_name(units: &str) -> &str {
    units.rsplit(['、', '：', '；', '，']).next().unwrap_or(units)
}

/// `line` (units) after the item's `text` as written, a sentence of its own: the
/// units' reader takes the item's closing sentence.
fn join_as_written(text: &mut String, line: &str) {
    if !text.ends_with(['。', '；']) {
        text.truncate(text.trim_end_matches('，').len());
        text.push('。');
    }
    text.push_str(line);
}

/// `…。牵头单位：X；`: a closing units sentence whose next label is on the next line.
fn units_left_open(text: &str) -> bool {
    text.ends_with('；') && text.rsplit('。').next().is_some_and(|last| last != text && is_units_line(last))
}

/// `牵头单位：市妇联、市教`: a units line whose last name is cut short (a PDF's line
/// break; the next line is its rest, `育局。`).
fn ends_inside_a_name(line: &str) -> bool {
    let last = last_name(line).trim();
    // (A catch-all is whole: `各县区`, `相关街道`, `各镇（街道）`.)
    let catch_all = last.starts_with('各') || last.starts_with("相关") || last.ends_with(['区', '县', '镇', '乡', '村', '道', '）', ')']);
    !line.ends_with(['。', '）', '；']) && !last.is_empty() && !catch_all && !only_unit_names(last)
}

/// The units line `units` goes on at the start of `next`: the rest of its last name
/// (`主办单位：县城市管理综合执` / `法局，协办单位：…`, `主办单位：县水` / `利局`), then
/// nothing or the next label.
fn units_line_wraps(units: &str, next: &str) -> bool {
    let last = last_name(units);
    let (rest, more) = next.split_once(['，', '；', '、']).unwrap_or((next.trim_end_matches('。'), ""));
    ends_inside_a_name(units)
        && rest.chars().count() <= 6
        && only_unit_names(&format!("{last}{rest}"))
        && (more.is_empty() || is_units_line(more) || only_unit_names(more.trim_end_matches('。')))
}

/// `牵头单位：X。10月底前完成。`: a units line going on with more than units.
fn units_then_more(line: &str) -> bool {
    line.trim_end_matches('。').split_once('。').is_some_and(|(_, more)| !more.is_empty() && !is_units_line(more))
}

/// Read one list's lines (from its title, or its region's start, to its end).
/// Returns the list and the lines that are neither heading nor item.
pub fn read(region: &[String]) -> (Section, Vec<String>) {
    let lines: Vec<&str> = region.iter().map(String::as_str).filter(|l| !l.is_empty()).flat_map(lead_in).collect();
    let marks: Vec<Option<Mark<'_>>> = lines.iter().map(|l| mark(l)).collect();
    // `一、项目安排` over `（一）就业增收（2项）` over `1、…`, then `二、工作要求`:
    // the list is the section's body; the other sections are prose.
    if let Some((from, to)) = section_holding_list(&lines, &marks)
        .or_else(|| section_of_latest_year(&lines, &marks))
        .or_else(|| section_before_requirements(&lines, &marks))
        .or_else(|| section_announcing_list(&lines, &marks))
        .or_else(|| list_after_announcing_line(&lines, &marks))
        .or_else(|| categories_numbered_again(&lines, &marks))
    {
        let body: Vec<String> = lines[from..to].iter().map(|l| l.to_string()).collect();
        let (section, prose) = read(&body);
        let outside = lines[..from].iter().chain(&lines[to..]).map(|l| l.to_string());
        return (section, outside.chain(prose).collect());
    }
    let (heading_style, item_style) = styles(&marks, &lines);
    let (section, prose) = match item_style {
        Some(style) => {
            let parts = split_inline(&lines, &marks, style);
            let lines: Vec<&str> = parts.iter().map(|l| l.as_ref()).collect();
            // Marked once: a line split in parts is marked again, the others keep theirs.
            let marks: Vec<Option<Mark<'_>>> = if lines.len() == marks.len() { marks } else { lines.iter().map(|l| mark(l)).collect() };
            numbered(&lines, &marks, heading_style, style)
        }
        None => blocks(&lines, heading_style),
    };
    // A news report's 一是…十二是 is its list when it says more than the
    // numbered lines around it (links to related news, a 相关阅读 list).
    let (ordinal, ordinal_prose) = ordinals(&lines);
    if ordinal.items.len() > section.items.len() {
        return (ordinal, ordinal_prose);
    }
    (sections_not_categories(section), prose)
}

/// A document's own sections read as headings (`一、票决基本情况` over prose, `二、票决产生的
/// 项目` over the whole list, `三、有关要求`): when every item is under one heading, not
/// counted, and a heading before it holds none, the headings are the document's, not the
/// list's categories. (A counted heading is a category even when others lost their items.)
fn sections_not_categories(mut section: Section) -> Section {
    let first = section.items.first().and_then(|item| item.heading);
    let one_holds_all = first.is_some_and(|h| h > 0 && section.headings.get(h).is_some_and(|x| x.stated_count.is_none()))
        && section.items.iter().all(|item| item.heading == first);
    if one_holds_all {
        section.headings.clear();
        for item in &mut section.items {
            item.heading = None;
        }
    }
    section
}

/// The lines of a section (`一、项目安排`, no count of its own) whose body is a
/// list with counted categories (`（一）就业增收（2项）`, every heading of the
/// body's first style counted) and items numbered in a third style: from
/// after its heading to the next heading of its style.
fn section_holding_list(lines: &[&str], marks: &[Option<Mark<'_>>]) -> Option<(usize, usize)> {
    let style_at = |i: usize| marks[i].filter(|m| !m.figure_follows).map(|m| m.style);
    let first = (0..lines.len()).find(|&i| style_at(i).is_some())?;
    let top = style_at(first);
    if marks[first].and_then(|m| heading(&m, lines[first])).is_none_or(|h| h.stated_count.is_some()) {
        return None;
    }
    let end = (first + 1..lines.len()).find(|&i| style_at(i) == top).unwrap_or(lines.len());
    let category_style = (first + 1..end).find_map(style_at)?;
    // The body from..to: how many lines in `category_style`, and whether each is a short
    // name (`（一）就业增收（2项）`, `（一）道路和出行`: a section of requirements has sentences
    // there, `（一）加强组织领导。各单位要…`).
    let categories_in = |from: usize, to: usize| {
        let categories: Vec<usize> = (from..to).filter(|&i| style_at(i) == Some(category_style)).collect();
        (categories.len(), categories.iter().all(|&i| marks[i].and_then(|m| heading(&m, lines[i])).is_some()))
    };
    let (categories, counted) = categories_in(first + 1, end);
    let has_items = (first + 1..end).any(|i| style_at(i).is_some_and(|s| Some(s) != top && s != category_style));
    // Where the next section is headed alike (two short names or more), the sections are
    // the categories of one list and their `（一）` its items (a 实施方案's `一、幼有善育` /
    // `（一）新建幼儿园4所` / `推进举措：1.…`).
    let next_end = (end + 1..lines.len()).find(|&i| style_at(i) == top).unwrap_or(lines.len());
    let next_alike = end < lines.len() && matches!(categories_in(end + 1, next_end), (n, true) if n >= 2);
    (categories >= 2 && counted && has_items && !next_alike).then_some((first + 1, end))
}

/// Sections `一、2025年民生实事完成情况` and `二、2026年民生实事项目`, each over
/// numbered items: last year's report and this year's list. The list is the
/// body of the section whose heading names the latest year.
fn section_of_latest_year(lines: &[&str], marks: &[Option<Mark<'_>>]) -> Option<(usize, usize)> {
    let style_at = |i: usize| marks[i].filter(|m| !m.figure_follows).map(|m| m.style);
    let top = style_at((0..lines.len()).find(|&i| style_at(i).is_some())?)?;
    // Sections number on (`一、` `二、` `三、`): a `一、` after `三、` starts a list's
    // categories inside the last section (a report's point holding its list).
    let mut last_no = 0;
    let sections: Vec<usize> = (0..lines.len())
        .filter(|&i| style_at(i) == Some(top) && marks[i].and_then(|m| heading(&m, lines[i])).is_some())
        .filter(|&i| {
            let no = marks[i].map_or(0, |m| m.no);
            let on = no > last_no;
            last_no = last_no.max(no);
            on
        })
        .collect();
    let year_of = |line: &str| super::text::years(line).next().map(|(year, _)| year);
    let dated: Vec<(usize, i32)> = sections.iter().filter_map(|&i| year_of(lines[i]).map(|y| (i, y))).collect();
    let (latest_at, latest) = dated.iter().copied().max_by_key(|&(_, y)| y)?;
    if !dated.iter().any(|&(_, y)| y < latest) {
        return None;
    }
    let end = sections.iter().copied().find(|&i| i > latest_at).unwrap_or(lines.len());
    let holds_items = (latest_at + 1..end).filter(|&i| style_at(i).is_some_and(|s| s != top)).count() >= 2;
    holds_items.then_some((latest_at + 1, end))
}

/// Sections `一、项目清单` (or 项目内容, 具体项目…) and `二、工作要求` (保障措施,
/// 联系方式…), each over numbered lines: the list is the first's body, the
/// others are the notice's own words, whose points are no items.
fn section_before_requirements(lines: &[&str], marks: &[Option<Mark<'_>>]) -> Option<(usize, usize)> {
    const PROSE_ENDS: &[&str] = &["要求", "措施", "保障", "方式", "说明", "机制", "推进安排"];
    const LIST_WORDS: &[&str] = &["项目", "清单", "实事", "内容"];
    let style_at = |i: usize| marks[i].filter(|m| !m.figure_follows).map(|m| m.style);
    let top = style_at((0..lines.len()).find(|&i| style_at(i).is_some())?)?;
    let sections: Vec<(usize, Heading)> =
        (0..lines.len()).filter(|&i| style_at(i) == Some(top)).filter_map(|i| marks[i].and_then(|m| heading(&m, lines[i])).map(|h| (i, h))).collect();
    if !sections.iter().any(|(_, h)| PROSE_ENDS.iter().any(|w| h.name.ends_with(w))) {
        return None;
    }
    // The first such section over numbered lines (`一、项目征集情况` over bullets is not the list).
    sections.iter().enumerate().filter(|(_, (_, h))| h.stated_count.is_none() && LIST_WORDS.iter().any(|w| h.name.contains(w))).find_map(|(k, &(at, _))| {
        let end = sections.get(k + 1).map_or(lines.len(), |(i, _)| *i);
        let items = (at + 1..end).filter(|&i| style_at(i).is_some_and(|s| s != top)).count();
        (items >= 2).then_some((at + 1, end))
    })
}

/// A decision's own points `一、确定下列10个项目为…项目：`, `二、县人民政府要…`,
/// `三、…`: the one point that ends announcing what follows, and is the only
/// one over numbered lines (`（一）…`), holds the list; the other points are
/// the decision's words, whose sentences are no items.
fn section_announcing_list(lines: &[&str], marks: &[Option<Mark<'_>>]) -> Option<(usize, usize)> {
    let style_at = |i: usize| marks[i].filter(|m| !m.figure_follows).map(|m| m.style);
    let top = style_at((0..lines.len()).find(|&i| style_at(i).is_some())?)?;
    let points: Vec<usize> = (0..lines.len()).filter(|&i| style_at(i) == Some(top)).collect();
    if points.len() < 2 {
        return None;
    }
    let body_of = |k: usize| (points[k] + 1, points.get(k + 1).copied().unwrap_or(lines.len()));
    let numbered_in = |(from, to): (usize, usize)| (from..to).filter(|&i| style_at(i).is_some_and(|s| s != top)).count();
    let holding: Vec<usize> = (0..points.len()).filter(|&k| numbered_in(body_of(k)) >= 2).collect();
    let &[k] = holding.as_slice() else { return None };
    let announcing = lines[points[k]].trim_end().ends_with(['：', ':']);
    let names_items = ["项目", "实事", "如下", "下列", "以下"].iter().any(|w| lines[points[k]].contains(w));
    // Sentences, not category names: the other points say what is to be done.
    let others_are_sentences = points.iter().enumerate().filter(|&(j, _)| j != k).all(|(_, &i)| marks[i].and_then(|m| heading(&m, lines[i])).is_none());
    (announcing && names_items && others_are_sentences).then(|| body_of(k))
}

/// A report's `二、…` / `（五）…。` paragraphs, then `今年将办好以下12件民生实事：`
/// over `1、…` `2、…`: the list is the numbered lines right after that
/// announcing line, in a style the report's own points before it do not use,
/// up to the next of the report's points (`（六）…`).
fn list_after_announcing_line(lines: &[&str], marks: &[Option<Mark<'_>>]) -> Option<(usize, usize)> {
    let style_at = |i: usize| marks[i].filter(|m| !m.figure_follows).map(|m| m.style);
    // What the line announces is items (`办好以下12件民生实事：`, `现将…项目公布如下：`),
    // not requirements (`为确保上述项目落地，提出以下要求：`).
    // A report's point may say it after its own title sentence (`（三）办好民生实事。…：`);
    // a category heading (`（一）教育类项目如下：`) has no sentence before.
    let announcing = |i: usize| {
        let Some(line) = lines[i].trim_end().strip_suffix(['：', ':']) else { return false };
        (marks[i].is_none() || line.contains('。')) && announces_items(line)
    };
    let at = (1..lines.len().saturating_sub(1)).find(|&i| marks[i + 1].is_some_and(|m| m.no == 1) && announcing(i))?;
    let before: Vec<Style> = (0..=at).filter_map(style_at).collect();
    let list_style = style_at(at + 1)?;
    // A report's point (`（二）办好民生实事` under its section `三、重点工作`) may hold a list
    // whose categories are numbered as its sections, from 一 again: the list runs to
    // the next mark of the point's style, or of another style seen before it.
    let last_same = (0..=at).rev().find_map(|i| marks[i].filter(|m| !m.figure_follows && m.style == list_style));
    let starts_again = last_same.is_some_and(|m| m.no > 1) && before.iter().any(|&s| s != list_style);
    if before.is_empty() || (before.contains(&list_style) && !starts_again) {
        return None;
    }
    let end = (at + 1..lines.len()).find(|&i| style_at(i).is_some_and(|s| s != list_style && before.contains(&s))).unwrap_or(lines.len());
    let end = if starts_again { end } else { (at + 1..end).find(|&i| style_at(i).is_some_and(|s| before.contains(&s))).unwrap_or(end) };
    Some((at + 1, end))
}

/// A plan's own points `一、总体目标。…` `二、…` `三、项目安排。`, then the list's categories
/// numbered from 一 again (`一、文化体育` over `1.…`), then the plan's next point
/// `四、保障措施。`: the list is the run numbered again, up to the line that breaks its
/// numbering or goes on with the points' (a `四、` that is no short name, a sentence).
fn categories_numbered_again(lines: &[&str], marks: &[Option<Mark<'_>>]) -> Option<(usize, usize)> {
    const LIST_WORDS: &[&str] = &["项目", "清单", "实事", "任务"];
    let style_at = |i: usize| marks[i].filter(|m| !m.figure_follows).map(|m| m.style);
    let top = style_at((0..lines.len()).find(|&i| style_at(i).is_some())?)?;
    let tops: Vec<(usize, u32)> = (0..lines.len()).filter(|&i| style_at(i) == Some(top)).filter_map(|i| marks[i].map(|m| (i, m.no))).collect();
    let k = (1..tops.len()).find(|&k| tops[k].1 == 1 && tops[k - 1].1 > 1)?;
    let (holder, points) = tops[k - 1];
    if !LIST_WORDS.iter().any(|w| lines[holder].contains(w)) {
        return None;
    }
    let is_name = |i: usize| marks[i].and_then(|m| heading(&m, lines[i])).is_some();
    let mut last = 1;
    let end = tops[k + 1..]
        .iter()
        .find(|&&(i, no)| {
            let breaks = no != last + 1 || (no == points + 1 && !is_name(i));
            last = no;
            breaks
        })
        .map_or(lines.len(), |&(i, _)| i);
    let items = (tops[k].0..end).filter(|&i| style_at(i).is_some_and(|s| s != top)).count();
    (items >= 2 && is_name(tops[k].0)).then_some((tops[k].0, end))
}

/// Whether the words before a colon announce a list's items (`办好以下12件民生实事`,
/// `现将…项目公布如下`, `今年办好10件民生实事`), not requirements (`提出以下要求`):
/// its last clause says 以下 / 下列 then 实事 or 项目, ends with 如下, or counts them (`10件…实事`).
fn announces_items(lead: &str) -> bool {
    let clause = lead.rsplit('，').next().unwrap_or(lead);
    // (Asked of lines ending with a colon: the words are looked for once each.)
    let Some(named) = [word!("实事"), word!("项目")].into_iter().filter_map(|w| w.rfind(clause)).max() else { return false };
    let before = &clause[..named];
    // A count: a figure right before 件 or 项.
    let counted = || {
        before.char_indices().any(|(at, c)| {
            (c == '件' || c == '项') && before[..at].chars().next_back().is_some_and(|d| d.is_ascii_digit() || chinese_numeral(&d.to_string()).is_some())
        })
    };
    clause.ends_with("如下") || word!("以下").is_in(before) || word!("下列").is_in(before) || counted()
}

/// A time said in words before the measure's deed, `秋季开学前完成…`, `暑假期间完成…`,
/// `入冬前完成…`, `春季开学起全面实施…`: a short phrase (two to five characters) then 前, 期间 or 起.
pub(super) fn opens_with_time_words(rest: &str) -> bool {
    let head: String = rest.chars().take(8).collect();
    let before = |word: &str| head.find(word).map(|at| head[..at].chars().count());
    [before("前"), before("期间"), before("起")].into_iter().flatten().any(|n| (2..=5).contains(&n))
        && !head[..head.find(['，', '。', '；']).unwrap_or(head.len())].is_empty()
}

/// `…总投资` / `2.6亿元。（牵头单位：…）`: a PDF's line broken before a decimal figure, which
/// then reads as a number and a figure (`2.` `6亿元`). The line before is a full one (a
/// wrap comes at the page's width) left unfinished, no punctuation at its end; a short line
/// of a list without full stops (`1.新建学校2所` / `2.50个村…`) is an item of its own.
fn wraps_before_figure(lines: &[&str], at: usize, m: &Mark<'_>) -> bool {
    const FULL_LINE_CHARS: usize = 20;
    if !m.figure_follows {
        return false;
    }
    let Some(before) = at.checked_sub(1).map(|i| lines[i].trim_end()) else { return false };
    // (Nor is a line ended by its units, `…。责任单位：镇文化站`, left unfinished.)
    let unfinished = !before.ends_with(|c: char| "。；，：、）)".contains(c) || c.is_ascii_punctuation()) && !ends_item(before);
    unfinished && before.chars().count() >= FULL_LINE_CHARS
}

/// Deadlines said in words, which open a measure as a date does (`2.年底前完成签约`).
const DEADLINE_WORDS: [&str; 5] = ["年底前", "年内", "上半年", "下半年", "汛期前"];

/// A list whose items are numbered in `item_style`.
fn numbered<'a>(lines: &[&'a str], marks: &[Option<Mark<'a>>], heading_style: Option<Style>, item_style: Style) -> (Section, Vec<String>) {
    let mut section = Section::default();
    let mut prose = Vec::new();
    // Unnumbered lines after an item that ended: the item's next paragraph,
    // if another item follows; else the list's closing words.
    let mut pending: Vec<&str> = Vec::new();
    // Within an item: false until "推进举措：", then measure lines.
    let mut in_measures = false;
    // Whether the current measure came from a numbered line (an unnumbered line continues it).
    let mut numbered_measure = false;
    // The number the next measure would have (from 1 after `推进举措：`).
    let mut next_measure: Option<u32> = None;
    let mut expected = 1u32;
    // Whether a heading came since the last item (numbering may restart after one).
    let mut new_heading = false;
    // The separator of the items' numbers (`1、`), once an item is read.
    let mut item_sep: Option<char> = None;
    // After `注：1.…` (notes under a table): the next note's number, whose
    // line is a note, not an item.
    let mut next_note: Option<u32> = None;
    // The last item is a title whose units line came right after it (its description may follow).
    let mut titled_units = false;
    for (at, &line) in lines.iter().enumerate() {
        if let Some(rest) = ["注：", "说明：", "备注："].iter().find_map(|label| line.strip_prefix(label)) {
            flush(&mut section, &mut pending, &mut prose);
            next_note = mark(rest).filter(|m| m.no == 1).map(|_| 2);
            prose.push(line.to_string());
            continue;
        }
        if let Some(n) = next_note.filter(|&n| marks[at].is_some_and(|m| m.no == n && m.no != expected)) {
            next_note = Some(n + 1);
            prose.push(line.to_string());
            continue;
        }
        // Under 推进举措, `1.` is a measure where the items are numbered `1、`.
        // Nor is `1.6万人。` a number where the items are numbered `1、`: a line
        // wrapped before a figure (a scan's or a PDF's line breaks).
        // A heading's number is no measure's: `二、就业（3项）` right under the
        // last item's `推进举措：` is the next category.
        // Nor, where measures are numbered as the items are (`1．` items, `1.` measures:
        // alike once normalized), is a measure's next number: the first under the label,
        // or one a date follows (`2.8月底前…`, `2.年底前…`; the next item `2．新建…` starts with words).
        let dated = |m: &Mark| m.figure_follows || DEADLINE_WORDS.iter().any(|w| m.rest.starts_with(w)) || opens_with_time_words(m.rest);
        // (A number the next item cannot have, `2.` under item 2's measures, is a measure's too.)
        let measure_numbered = |m: &Mark| in_measures && m.style == item_style && next_measure == Some(m.no) && (m.no == 1 || dated(m) || m.no != expected);
        let m = marks[at].filter(|m| {
            Some(m.style) == heading_style
                || !(((in_measures || m.figure_follows) && item_sep.is_some_and(|s| s != m.sep)) || measure_numbered(m) || wraps_before_figure(lines, at, m))
        });
        // Numbering that starts again at 1 with no heading before it is another
        // list (相关链接, a 进度表's rows, the requirements): the list ended.
        if m.is_some_and(|m| m.style == item_style && m.no == 1 && !new_heading && section.items.last().is_some_and(|i| i.no >= 2)) {
            flush(&mut section, &mut pending, &mut prose);
            prose.extend(lines[at..].iter().map(|l| l.to_string()));
            break;
        }
        let as_heading = match m {
            Some(m) if Some(m.style) == heading_style => heading(&m, line),
            None if section.items.is_empty() || heading_style.is_none() || !pending.is_empty() => counted_heading(line, section.headings.len() as u32 + 1),
            _ => None,
        };
        if let Some(h) = as_heading {
            flush(&mut section, &mut pending, &mut prose);
            section.headings.push(h);
            in_measures = false;
            expected = 1;
            new_heading = true;
            continue;
        }
        if let Some(m) = m.filter(|m| m.style == item_style && (!m.figure_follows || m.no == expected || m.no == section.items.last().map_or(1, |i| i.no + 1)))
        {
            flush(&mut section, &mut pending, &mut prose);
            let heading = section.headings.len().checked_sub(1);
            if m.figure_follows {
                let figure: String = m.rest.chars().take_while(|c| !matches!(c, '，' | '。' | '；')).take(8).collect();
                section.notes.push(read_as(
                    format!("第{0}项的编号“{0}.”后紧接数字，已读作第{0}项、内容以“{figure}”开头，请核对。", m.no),
                    vec![m.no],
                    Some(line.chars().take(30).collect()),
                ));
            }
            section.items.push(RawItem { no: m.no, heading, line: m.rest.to_string(), measures: vec![] });
            titled_units = false;
            item_sep.get_or_insert(m.sep);
            in_measures = false;
            new_heading = false;
            expected = m.no.saturating_add(1);
            continue;
        }
        let Some(item) = section.items.last_mut() else {
            prose.push(line.to_string());
            continue;
        };
        if let Some(rest) = line.strip_prefix("推进举措") {
            in_measures = true;
            numbered_measure = false;
            next_measure = Some(1);
            let rest = rest.trim_start_matches(['：', ' ']);
            if !rest.is_empty() {
                push_measure_line(item, rest, &mut numbered_measure);
            }
        } else if in_measures && !is_units_line(line) {
            push_measure_line(item, line, &mut numbered_measure);
            next_measure = marks[at].map_or(next_measure, |m| Some(m.no.saturating_add(1)));
        } else if is_units_line(line) && !wraps_units(&item.line, line) && (pending.is_empty() || !names_units(&item.line)) {
            // The item's units, also after its measures (they end there); not the rest of
            // a label wrapped inside it (`…；共` / `同责任单位：…`), nor units after other
            // lines below an item that has its own (a web page's footer: `主办单位：…`).
            in_measures = false;
            // Lines between an item that names no units yet and its units line
            // are its description (`（一）标题（赞成票396票）` / `新建…20处。` / `责任单位：…`).
            if !section.items.last().is_some_and(|item| names_units(&item.line)) {
                for line in pending.drain(..) {
                    if let Some(item) = section.items.last_mut() {
                        continue_text(&mut item.line, line);
                    }
                }
            }
            flush(&mut section, &mut pending, &mut prose);
            if let Some(item) = section.items.last_mut() {
                titled_units = titled_units || is_short_title(&item.line);
                if lines.get(at + 1).is_some_and(|next| units_line_wraps(line, next)) {
                    // Its last name goes on at the next line's start (`…市教` / `育局。`): joined as
                    // written, the rest read as a wrap of the units sentence.
                    join_as_written(&mut item.line, line);
                } else {
                    continue_text(&mut item.line, line);
                }
            }
        } else if let Some(m) = m.filter(|m| m.style != item_style && Some(m.style) != heading_style) {
            // An item's own numbered points.
            item.measures.push(m.rest.to_string());
        } else if pending.is_empty() && ends_item(&item.line) && field_before_units(&mut item.line, line) {
            // A labelled field (完成时限：…) after the item's units line.
        } else if pending.is_empty()
            && item.line.ends_with('。')
            && is_units_line(item.line.rsplit('。').nth(1).unwrap_or(""))
            && super::labels::is_schedule(line.trim_end_matches('。'))
        {
            // The item's schedule on a line after its units sentence (`…。牵头单位：X。` / `10月底前完成。`).
            item.line.push_str(line);
        } else if titled_units && pending.is_empty() && line.contains(['，', '。']) && describe_titled(&mut item.line, line) {
            // The description under a title and its units line.
            titled_units = false;
        } else if pending.is_empty() && wraps_units(&item.line, line) {
            // The rest of a units sentence wrapped inside a name or a label: joined as written.
            item.line.push_str(line);
        } else if !ends_item(&item.line) && pending.is_empty() {
            continue_text(&mut item.line, line);
        } else {
            pending.push(line);
        }
    }
    prose.extend(pending.into_iter().map(str::to_string));
    (section, prose)
}

/// Lines between two items that ended: the first item's next paragraph when
/// they end with the units it lacks (`…。（牵头单位：X）`), else no item's
/// (a sub-heading, a signature, a note between the items).
fn flush(section: &mut Section, pending: &mut Vec<&str>, prose: &mut Vec<String>) {
    let closing_units = pending.last().is_some_and(|l| l.ends_with('）') && names_units(l));
    match section.items.last_mut() {
        Some(item) if closing_units && !names_units(&item.line) => {
            for line in pending.drain(..) {
                item.line.push_str(line);
            }
        }
        _ => prose.extend(pending.drain(..).map(str::to_string)),
    }
}

/// Whether `text` names units with a label (`单位：`, `部门：`).
pub(super) fn names_units(text: &str) -> bool {
    text.contains("单位：") || text.contains("部门：")
}

/// A list without item numbers: a title line, its description, then its
/// units (`主办单位：…，协办单位：…`): each block up to its units is an item.
fn blocks(lines: &[&str], heading_style: Option<Style>) -> (Section, Vec<String>) {
    let mut section = Section::default();
    let mut prose = Vec::new();
    // The block being read: its text lines, then its units lines.
    let mut block: Vec<&str> = Vec::new();
    let mut units: Vec<String> = Vec::new();
    for &line in lines {
        if let Some(h) = mark(line).filter(|m| Some(m.style) == heading_style).and_then(|m| heading(&m, line)) {
            close_block(&mut section, &mut prose, &mut block, &mut units);
            section.headings.push(h);
        } else if is_units_line(line) {
            units.push(line.to_string());
        } else if let Some(wrapped) = units.last_mut().filter(|u| units_line_wraps(u, line)) {
            // The rest of a name cut at the line's end (a PDF's or a narrow column's).
            wrapped.push_str(line);
        } else {
            // Units before the description (`标题` / `主办单位：…` / `对全县38所…。`): a
            // block whose one title line is its last takes the sentence after its units.
            let titled = block.last().is_some_and(|l| !is_sentence_line(l)) && block.iter().filter(|l| !is_sentence_line(l)).count() == 1;
            let description = titled && is_sentence_line(line);
            if !units.is_empty() && !description {
                close_block(&mut section, &mut prose, &mut block, &mut units);
            }
            block.push(line);
        }
    }
    close_block(&mut section, &mut prose, &mut block, &mut units);
    (section, prose)
}

/// A block that named its units is an item: its title (a short line, not a
/// sentence: a lead-in before it such as `具体如下：` is prose), description
/// and units. One that did not is prose.
/// A line of a block that is a sentence (or a lead-in), not a title.
fn is_sentence_line(line: &str) -> bool {
    // (A note in parentheses, `（按主办单位排列）`, `（X镇人民政府2025年3月3日）`, is no title either.)
    line.ends_with(['。', '：']) || line.chars().count() > 30 || (line.starts_with('（') && line.ends_with('）'))
}

/// `2026年2月27日`, `2026年栖梧县…安排`: four digits, then 年.
fn opens_with_year(line: &str) -> bool {
    line.len() > 4 && line.as_bytes()[..4].iter().all(u8::is_ascii_digit) && line[4..].starts_with('年')
}

fn close_block(section: &mut Section, prose: &mut Vec<String>, block: &mut Vec<&str>, units: &mut Vec<String>) {
    // What comes before the title is prose: up to the last sentence before
    // the block's last title line (`原创 X发布 2025-02-18`, then an intro
    // paragraph, then `长者食堂扩点`: a web article's byline and lead-in). A
    // title broken over two lines has no sentence between its lines.
    // Nor is a field (`联系人：… 联系电话：…`) or a line opening with a year (a date, the list's own
    // title `2026年…安排`) any part of an item's title.
    let no_title_part = |l: &str| is_sentence_line(l) || l.contains('：') || opens_with_year(l);
    let lead = block.iter().rposition(|l| !is_sentence_line(l)).map_or(0, |title| block[..title].iter().rposition(|l| no_title_part(l)).map_or(0, |s| s + 1));
    if units.is_empty() || block.is_empty() {
        prose.extend(block.drain(..).map(str::to_string).chain(units.drain(..)));
        return;
    }
    prose.extend(block.drain(..lead).map(str::to_string));
    let mut text = String::new();
    for line in block.drain(..) {
        continue_text(&mut text, line);
    }
    for line in units.drain(..) {
        continue_text(&mut text, &line);
    }
    let heading = section.headings.len().checked_sub(1);
    section.items.push(RawItem { no: section.items.len() as u32 + 1, heading, line: text, measures: vec![] });
}

/// `一是…；二是…；…` inside paragraphs: each part is an item.
/// The paragraph with the most parts is the list; the others (a quote's own
/// 一是…三是) are prose.
fn ordinals(lines: &[&str]) -> (Section, Vec<String>) {
    let mut section = Section::default();
    let mut prose = Vec::new();
    let counted: Vec<Vec<(u32, usize, usize)>> = lines.iter().map(|l| markers::ordinal_parts(l)).collect();
    let list = (0..lines.len()).filter(|&i| !counted[i].is_empty()).max_by_key(|&i| (counted[i].len(), std::cmp::Reverse(i)));
    for (i, (&line, parts)) in lines.iter().zip(counted).enumerate() {
        if Some(i) != list {
            prose.push(line.to_string());
            continue;
        }
        for (_, start, end) in parts {
            let no = section.items.len() as u32 + 1;
            section.items.push(RawItem { no, heading: None, line: close_part(line[start..end].trim_end_matches(['，', '。', '；'])), measures: vec![] });
        }
        section.notes.push(read_as("事项写在一段话中，已按“一是、二是……”读取，没有写明责任单位。".into(), vec![], Some(line.chars().take(30).collect())));
    }
    (section, prose)
}

fn push_measure_line(item: &mut RawItem, line: &str, numbered: &mut bool) {
    match mark(line).filter(|m| m.style == Style::Dot || m.style == Style::Paren || m.style == Style::Circled) {
        Some(m) => {
            item.measures.push(m.rest.to_string());
            *numbered = true;
        }
        None if *numbered => {
            if let Some(last) = item.measures.last_mut() {
                last.push_str(line);
            }
        }
        None => item.measures.push(line.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_lines(text: &str) -> (Section, Vec<String>) {
        read(&text.lines().map(str::to_string).collect::<Vec<_>>())
    }

    #[test]
    fn headings() {
        let line = "三、困难帮扶（10项）";
        let h = heading(&mark(line).unwrap(), line).unwrap();
        assert_eq!((h.index, h.name.as_str(), h.stated_count), (3, "困难帮扶", Some(10)));
        assert!(mark("各镇街、云溪经济开发区，区直有关单位：").is_none());
        let line = "（十一）其他";
        assert_eq!(heading(&mark(line).unwrap(), line).unwrap().stated_count, None);
    }

    #[test]
    fn categories_and_items_by_their_styles() {
        let (s, prose) = read_lines("（一）城镇更新\n1.新建公园2个。\n2.改造道路5公里。\n（二）教育\n1.新增学位300个。\n以上项目年底前完成。");
        assert_eq!(s.headings.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), ["城镇更新", "教育"]);
        assert_eq!(s.items.iter().map(|i| (i.no, i.heading)).collect::<Vec<_>>(), [(1, Some(0)), (2, Some(0)), (1, Some(1))]);
        assert_eq!(prose, ["以上项目年底前完成。"]);
        // 一、 items with no categories (sentences, not names).
        let (s, _) = read_lines("一、新建公园2个，方便群众。\n二、改造道路5公里，年底前完成。");
        assert_eq!((s.headings.len(), s.items.len()), (0, 2));
    }

    #[test]
    fn one_line_lists_and_ordinals_and_blocks() {
        let (s, _) = read_lines("1.新建公园2个；2.50个社区建成食堂；9.3.2万名；3.改造道路。");
        assert_eq!(s.items.iter().map(|i| i.line.as_str()).collect::<Vec<_>>(), ["新建公园2个。", "50个社区建成食堂；9.3.2万名。", "改造道路。"]);
        let (s, _) = read_lines("会议提出：一是新建公园；二是改造道路；三是新增学位。下一步");
        assert_eq!(s.items.iter().map(|i| i.line.as_str()).collect::<Vec<_>>(), ["新建公园。", "改造道路。", "新增学位。"]);
        let (s, prose) =
            read_lines("老旧小区改造\n改造小区20个。\n主办单位：县住建局，协办单位：各乡镇\n城市书房\n新建书房3个。\n主办单位：县文旅局\n以上请认真落实。");
        assert_eq!(
            s.items.iter().map(|i| i.line.as_str()).collect::<Vec<_>>(),
            ["老旧小区改造：改造小区20个。（主办单位：县住建局，协办单位：各乡镇）", "城市书房：新建书房3个。（主办单位：县文旅局）"]
        );
        assert_eq!(prose, ["以上请认真落实。"]);
    }

    #[test]
    fn one_line_lists_past_nine_items() {
        // The numbers grow longer on the way (`（9）` then `（10）`): found in a blind set, it panicked.
        let parts: Vec<String> = (1..=12).map(|n| format!("（{n}）新建公园{n}个")).collect();
        let (s, _) = read_lines(&format!("{}。", parts.join("；")));
        assert_eq!(s.items.iter().map(|i| i.no).collect::<Vec<_>>(), (1..=12).collect::<Vec<_>>());
        assert_eq!(s.items[9].line, "新建公园10个。");
        let (s, _) = read_lines("（9）新建公园；（10）改造道路；（11）新增学位。");
        assert_eq!(s.items.iter().map(|i| i.line.as_str()).collect::<Vec<_>>(), ["新建公园。", "改造道路。", "新增学位。"]);
    }
}
