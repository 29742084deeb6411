//! Line-level structure of a notice: header, main list, 附件1.
//!
//! Recognizes only the layout (headings "一、名称（N项）", items "1.…" in
//! the main list and "（一）…" in the attachment, "推进举措：" blocks),
//! never this notice's content.

use super::text::{chinese_numeral, collapse_spaces, strip_list_number};

#[derive(Debug, Default)]
pub struct Heading {
    pub index: u32,
    pub name: String,
    pub stated_count: Option<u32>,
    pub line: String,
}

#[derive(Debug, Default)]
pub struct RawItem {
    pub no: u32,
    /// Index into the section's `headings` (None: before any heading).
    pub heading: Option<usize>,
    /// The item's text as written (number stripped, spaces collapsed).
    pub line: String,
    pub measures: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Section {
    pub headings: Vec<Heading>,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Default)]
pub struct Layout {
    pub title: Option<String>,
    pub date: Option<(u32, u32, u32)>,
    pub list_title: Option<String>,
    pub main: Section,
    pub attachment: Option<Section>,
    /// Lines in the main list that are neither heading nor item (the closing paragraph).
    pub main_prose: Vec<String>,
}

/// "三、困难群体救助（10项）" → heading. The count is optional.
pub fn parse_heading(line: &str) -> Option<Heading> {
    let (numeral, rest) = line.split_once('、')?;
    let index = chinese_numeral(numeral)?;
    let rest = rest.trim();
    let (name, stated_count) = match rest.strip_suffix('）').and_then(|r| r.rsplit_once('（')) {
        Some((name, inner)) => match inner.strip_suffix('项').and_then(|n| n.trim().parse::<u32>().ok()) {
            Some(n) => (name.trim(), Some(n)),
            None => (rest, None),
        },
        None => (rest, None),
    };
    // A heading is a short name, not a sentence.
    let name_len = name.chars().count();
    if name_len == 0 || name_len > 20 || name.contains(['，', '。', '；']) {
        return None;
    }
    Some(Heading { index, name: name.to_string(), stated_count, line: line.to_string() })
}

/// "（十三）强化…" → (13, "强化…").
fn parse_attachment_item(line: &str) -> Option<(u32, &str)> {
    let rest = line.strip_prefix('（')?;
    let (numeral, text) = rest.split_once('）')?;
    Some((chinese_numeral(numeral)?, text.trim()))
}

/// 2023年9月1日 anywhere in the line.
pub fn find_date(line: &str) -> Option<(u32, u32, u32)> {
    let mut search = line;
    while let Some(pos) = search.find('年') {
        let before = &search[..pos];
        let digits_start = before.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
        let year: Option<u32> = before[digits_start..].parse().ok().filter(|_| before.len() - digits_start == 4);
        let after = &search[pos + '年'.len_utf8()..];
        if let (Some(year), Some((month, rest))) = (year, super::text::leading_number(after)) {
            if let Some((day, rest2)) = rest.strip_prefix('月').and_then(super::text::leading_number) {
                if rest2.starts_with('日') && (1..=12).contains(&month) && (1..=31).contains(&day) {
                    return Some((year, month, day));
                }
            }
        }
        search = after;
    }
    None
}

fn is_attachment_start(line: &str) -> bool {
    let rest = match line.strip_prefix("附件") {
        Some(r) => r.trim_end_matches('：'),
        None => return false,
    };
    rest.is_empty() || rest == "1" || rest == "一"
}

/// Split a normalized notice into its parts.
pub fn split(text: &str) -> Layout {
    let lines: Vec<String> = text.lines().map(collapse_spaces).collect();
    let mut layout = Layout { title: lines.iter().find(|l| !l.is_empty()).cloned(), ..Default::default() };

    let first_heading = lines.iter().position(|l| parse_heading(l).is_some());
    let attachment_start = lines.iter().position(|l| is_attachment_start(l));
    let header_end = first_heading.unwrap_or(lines.len()).min(attachment_start.unwrap_or(lines.len()));
    let header = &lines[..header_end];
    layout.date = header.iter().find_map(|l| find_date(l));
    layout.list_title = header.iter().rev().find(|l| !l.is_empty() && find_date(l).is_none() && Some(*l) != layout.title.as_ref()).cloned();

    if let Some(start) = first_heading.filter(|&h| attachment_start.is_none_or(|a| h < a)) {
        // The main list ends at the first "附件…" line (the list of attachments).
        let end = lines[start..].iter().position(|l| l.starts_with("附件")).map_or(lines.len(), |i| start + i);
        read_main(&lines[start..end], &mut layout);
    }
    if let Some(start) = attachment_start {
        layout.attachment = Some(read_attachment(&lines[start + 1..]));
    }
    layout
}

fn read_main(lines: &[String], layout: &mut Layout) {
    let section = &mut layout.main;
    for line in lines.iter().filter(|l| !l.is_empty()) {
        if let Some(h) = parse_heading(line) {
            section.headings.push(h);
        } else if let Some((no, text)) = strip_list_number(line) {
            let heading = section.headings.len().checked_sub(1);
            section.items.push(RawItem { no, heading, line: text.to_string(), measures: vec![] });
        } else if let Some(item) = section.items.last_mut().filter(|i| !ends_item(&i.line)) {
            // A wrapped item: its text did not reach the closing parenthetical yet.
            item.line.push_str(line);
        } else {
            layout.main_prose.push(line.clone());
        }
    }
}

/// Main-list items end with their unit or level parenthetical, or a full stop.
fn ends_item(text: &str) -> bool {
    text.ends_with('）') || text.ends_with('。')
}

fn read_attachment(lines: &[String]) -> Section {
    let mut section = Section::default();
    // Within an item: false until "推进举措：", then measure lines.
    let mut in_measures = false;
    // Whether the current measure came from a numbered line (then an
    // unnumbered line continues it; otherwise it is a measure of its own).
    let mut numbered = false;
    for line in lines.iter().filter(|l| !l.is_empty()) {
        if let Some(h) = parse_heading(line) {
            section.headings.push(h);
            in_measures = false;
            continue;
        }
        if let Some((no, text)) = parse_attachment_item(line) {
            let heading = section.headings.len().checked_sub(1);
            section.items.push(RawItem { no, heading, line: text.to_string(), measures: vec![] });
            in_measures = false;
            continue;
        }
        let Some(item) = section.items.last_mut() else { continue };
        if let Some(rest) = line.strip_prefix("推进举措") {
            in_measures = true;
            numbered = false;
            let rest = rest.trim_start_matches(['：', ' ']);
            if rest.is_empty() {
                continue;
            }
            push_measure_line(item, rest, &mut numbered);
        } else if in_measures {
            push_measure_line(item, line, &mut numbered);
        } else {
            item.line.push_str(line);
        }
    }
    section
}

fn push_measure_line(item: &mut RawItem, line: &str, numbered: &mut bool) {
    match strip_list_number(line) {
        Some((_, text)) => {
            item.measures.push(text.to_string());
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

    #[test]
    fn headings() {
        let h = parse_heading("三、困难群体救助（10项）").unwrap();
        assert_eq!((h.index, h.name.as_str(), h.stated_count), (3, "困难群体救助", Some(10)));
        assert!(parse_heading("各镇街、相山经济开发区，区直有关单位：").is_none());
        assert_eq!(parse_heading("十一、其他").unwrap().stated_count, None);
    }

    #[test]
    fn dates() {
        assert_eq!(find_date("    2023年9月1日   "), Some((2023, 9, 1)));
        assert_eq!(find_date("到2023年底，2024年13月1日"), None);
    }
}
