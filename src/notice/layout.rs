//! Line-level structure of a notice: header, main list, 附件1.
//!
//! Finds the regions (a web page's metadata, the title, the body and its
//! list, 附件1 up to 附件2) and hands each list to `list::read`; recognizes
//! only the layout, never a notice's content.

use super::flat;
use super::list;
use super::markers::{self, mark};
use super::model::{Diagnostic, DiagnosticKind};
use super::text::{chinese_numeral, collapse_spaces, word};

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
    /// How the list was read where that is a guess (`DiagnosticKind::ReadAs`).
    pub notes: Vec<Diagnostic>,
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
    /// How the notice was read where that is a guess (tables in the text, the list in 附件1).
    pub notes: Vec<Diagnostic>,
    /// The first year the text before the list names (`票决产生2026年民生实事`):
    /// the list's year when neither a title nor a date gives it.
    pub header_year: Option<i32>,
    /// The list is 附件1 itself (the body only announces it): there is no
    /// separate attachment of measures to miss.
    pub list_in_attachment: bool,
    /// Units by item number from a table of who does what after the list
    /// (`序号 | 牵头单位 | 配合单位`), for items that name none themselves.
    pub units_table: Vec<(u32, String)>,
}

/// A note on how the text was read.
pub fn read_as(message: String, items: Vec<u32>, quote: Option<String>) -> Diagnostic {
    Diagnostic { kind: DiagnosticKind::ReadAs, items, message, quote }
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

/// `附件`, `附件1`, `附件一` alone on a line (with a colon or not): 附件1 starts.
fn is_attachment_start(line: &str) -> bool {
    let rest = match line.strip_prefix("附件") {
        Some(r) => r.trim_end_matches(['：', ' ']),
        None => return false,
    };
    rest.is_empty() || rest == "1" || rest == "一"
}

/// `附件2`, `附件三：…` (a short line): a later attachment starts, and 附件1 ends.
fn is_later_attachment(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("附件") else { return false };
    let number: String = rest.chars().take_while(|c| c.is_ascii_digit() || "二三四五六七八九十".contains(*c)).collect();
    let n = number.parse::<u32>().ok().or_else(|| chinese_numeral(&number));
    n.is_some_and(|n| n >= 2) && line.chars().count() <= 40
}

/// A line of a web page's metadata block (索引号：… / 标题：… / 发文日期：…),
/// before or after the notice's own title: one of the labels government
/// sites use, a colon, a value (a headline `云栈县：…` is no metadata).
fn is_metadata(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "索引号",
        "标题",
        "名称",
        "文号",
        "发文字号",
        "发文日期",
        "成文日期",
        "发布日期",
        "发布时间",
        "发布机构",
        "发文机关",
        "发文单位",
        "主题分类",
        "信息分类",
        "组配分类",
        "体裁分类",
        "主题词",
        "关键词",
        "来源",
        "信息来源",
        "文章来源",
        "有效性",
        "生效日期",
        "失效日期",
        "公开方式",
        "公开范围",
        "公开时限",
        "作者",
        "浏览次数",
        "字号",
        "时效",
    ];
    line.split_once('：').is_some_and(|(label, value)| LABELS.contains(&label.trim()) && !value.trim().is_empty())
}

/// The list's own title (`云溪区2025年民生实事项目清单`): a short line, not a
/// sentence, naming a list of 实事 or a 清单, not the notice itself.
fn is_list_title(line: &str) -> bool {
    if line.len() > 150 {
        return false;
    }
    // Cheap tests first: asked of every line.
    let n = line.chars().count();
    (4..=50).contains(&n)
        && !line.ends_with(['。', '：', '，', '；'])
        && !line.contains('。')
        && mark(line).is_none()
        && [word!("实事"), word!("清单"), word!("一览表"), word!("任务表"), word!("项目表")].iter().any(|w| w.is_in(line))
        && !["关于", "印发", "现将", "附件"].iter().any(|w| line.contains(w))
        // A report on a list (`2025年民生实事完成情况`, a related link) titles no list of the year.
        && !reports_on_a_list(line)
}

/// `2025年民生实事完成情况`: words about how a list went, not a list.
fn reports_on_a_list(line: &str) -> bool {
    ["完成情况", "落实情况", "进展情况"].iter().any(|w| line.contains(w))
}

/// `2025-03-01` in a line (a web page's metadata).
fn iso_date(line: &str) -> Option<(u32, u32, u32)> {
    let bytes = line.as_bytes();
    let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let shape = (0..10).all(|k| if k == 4 || k == 7 { bytes[i + k] == b'-' } else { digit(i + k) });
        if !shape || (i > 0 && digit(i - 1)) || digit(i + 10) {
            return None;
        }
        // ASCII from i to i + 10: char boundaries.
        let number = |from: usize, to: usize| line[i + from..i + to].parse::<u32>().ok();
        Some((number(0, 4)?, number(5, 7)?, number(8, 10)?)).filter(|&(_, m, d)| (1..=12).contains(&m) && (1..=31).contains(&d))
    })
}

/// `- 2 -`, `—3—`, `第2页`: a page's number left in a text copied from a
/// printed document, not part of what it says.
fn is_page_number(line: &str) -> bool {
    // Asked of every line: a page number's line is short.
    if line.is_empty() || line.len() > 24 {
        return false;
    }
    let digits = line.chars().filter(char::is_ascii_digit).count();
    let dashed = line.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '—' | '－' | ' ')) && line.contains(['-', '—', '－']);
    // `一 2 一`: a scan's OCR reads the dashes around a page number as 一.
    let scanned = line.starts_with('一') && line.ends_with('一') && line.chars().all(|c| c.is_ascii_digit() || c == '一' || c == ' ');
    let paged = line.starts_with('第') && line.ends_with('页') && line.chars().all(|c| c.is_ascii_digit() || "第页共 ，".contains(c));
    (1..=3).contains(&digits) && (dashed || paged || scanned)
}

/// The first `2026年` of a line that is no date (`2026年3月1日` is when, not
/// which year's list): four digits, not part of a longer number, no month after.
fn first_year(line: &str) -> Option<i32> {
    super::text::years(line).find(|&(year, month_after)| !month_after && (1949..=2200).contains(&year)).map(|(year, _)| year)
}

/// A line that is only a date (a signature's `2023年9月1日`).
fn date_line(line: &str) -> Option<(u32, u32, u32)> {
    (line.len() <= 48 && line.chars().count() <= 16).then(|| find_date(line)).flatten()
}

/// Where the list of a region starts: after its list title when it has one
/// followed by numbered lines (a preamble's own 一、二、三、 are requirements,
/// not items), else at the region's start. Also whether a title was found.
fn list_start(lines: &[String]) -> (usize, Option<usize>) {
    // Numbered lines after it, or units lines (a list of title-line items): two at least, a
    // web page's footer having one (`主办单位：…` under a related link `· 一图读懂2024年民生实事`).
    let marked_after = |i: usize| {
        let rest = &lines[i + 1..];
        rest.iter().any(|l| mark(l).is_some() || !markers::ordinal_parts(l).is_empty()) || rest.iter().filter(|l| list::is_units_line(l)).nth(1).is_some()
    };
    match (0..lines.len()).rev().find(|&i| is_list_title(&lines[i]) && marked_after(i)) {
        Some(i) => (i + 1, Some(i)),
        None => (0, None),
    }
}

/// A news paragraph's words before its `一是…`, when they name the year of the
/// list (`会议明确，2025年全县将集中力量办好13件民生实事：`): its title, where the
/// paragraph before may be about another year's list.
fn ordinal_lead_in(paragraph: &str) -> Option<String> {
    let &(_, first, _) = markers::ordinal_parts(paragraph).first()?;
    let lead = paragraph[..first - "一是".len()].trim_end_matches(['：', '，', ' ']);
    let sentence = lead.rsplit('。').next().unwrap_or(lead);
    super::year_of_list(sentence).map(|_| sentence.to_string())
}

/// Split a normalized notice into its parts.
pub fn split(text: &str) -> Layout {
    let mut notes = Vec::new();
    // Tables written with bars are rare: one search of the text spares asking each line, twice.
    let bars = text.contains('|') || word!("｜").is_in(text);
    let lines = {
        // The text parted into lines once (a pass over its bytes), for both questions.
        let raw: Vec<&str> = super::text::lines(text).collect();
        let padded = super::labels::numbers_zero_padded(raw.iter().copied());
        let collapsed = raw.into_iter().map(|l| if padded { collapse_spaces(&super::labels::zero_padded(l)) } else { collapse_spaces(l) });
        flat::unflatten(super::labels::relabel_lines(collapsed.filter(|l| !is_page_number(l)).collect()), bars, &mut notes)
    };
    let title_at = lines.iter().position(|l| !l.is_empty() && !is_metadata(l));
    // A heading printed on two lines: the issuer, then `关于…的通知`.
    let title_ends = title_at.map(|i| i + usize::from(lines.get(i + 1).is_some_and(|next| next.starts_with("关于") && !lines[i].contains("关于"))));
    let title = title_at.zip(title_ends).map(|(from, to)| lines[from..=to].concat());
    let units_table = if bars { flat::units_tables(&lines) } else { Vec::new() };
    let mut layout = Layout { title, notes, units_table, ..Default::default() };
    // A text that starts with its list (a table's lines, a news report's one paragraph
    // holding it after a colon) has no title line of its own.
    let body =
        title_at.zip(title_ends).map_or(lines.len(), |(i, end)| if mark(&lines[i]).is_some() || list::holds_inline_list(&lines[i]) { i } else { end + 1 });

    let attachment_at = (body..lines.len()).find(|&i| is_attachment_start(&lines[i]));
    let main_end = (body..attachment_at.unwrap_or(lines.len())).find(|&i| lines[i].starts_with("附件")).or(attachment_at).unwrap_or(lines.len());
    let main = &lines[body..main_end];
    let (main_from, main_title) = list_start(main);
    let (section, prose) = list::read(&main[main_from..]);
    layout.main = section;
    layout.main_prose = prose;

    // What precedes the list: the addressee, the 现将… sentence, the date.
    let header = match main_title {
        Some(i) => &main[..i],
        // (A news report's list is its 一是…二是… paragraph.)
        None => &main[..main.iter().position(|l| mark(l).is_some() || markers::ordinal_parts(l).len() >= 2).unwrap_or(main.len())],
    };
    layout.list_title = match main_title {
        Some(i) => Some(main[i].clone()),
        // (A paragraph reporting on another list, `会议通报了2024年民生实事完成情况。…`, titles none.)
        None => main
            .get(header.len())
            .and_then(|l| ordinal_lead_in(l))
            .or_else(|| header.iter().rev().find(|l| !l.is_empty() && find_date(l).is_none() && !reports_on_a_list(l)).cloned()),
    };
    // A web page's 发文日期：2025-03-01 (before the title) or 发布时间 (after it) when no line is a date.
    layout.header_year = header.iter().find_map(|l| first_year(l));
    // (A news page's 发布时间 may follow its headline, which reads as the list's title.)
    let page_lines = lines[..title_at.unwrap_or(0)].iter().chain(main);
    layout.date = main
        .iter()
        .find_map(|l| date_line(l))
        // The signature's date, between the line naming 附件 and the attachment itself.
        .or_else(|| lines[main_end..attachment_at.unwrap_or(main_end).max(main_end)].iter().find_map(|l| date_line(l)))
        .or_else(|| header.iter().find_map(|l| find_date(l)))
        .or_else(|| page_lines.into_iter().find_map(|l| iso_date(l)));

    // 附件1 starts at its own line; without one, after the line that names it
    // (`附件：X清单`, then the signature, then the attachment's title and list).
    let attachment_at = attachment_at.or((main_end < lines.len()).then_some(main_end));
    if let Some(start) = attachment_at {
        let end = (start + 1..lines.len()).find(|&i| is_later_attachment(&lines[i])).unwrap_or(lines.len());
        let region = &lines[start + 1..end];
        let (from, title) = list_start(region);
        let (section, _) = list::read(&region[from..]);
        // The list itself may be the attachment (the body only announces it): the body's
        // own numbered points (a 实施方案's 实施步骤, 保障措施) are fewer and name no units.
        let names_units = |s: &Section| s.items.iter().any(|i| list::names_units(&i.line));
        let larger = section.items.len() > layout.main.items.len();
        if !section.items.is_empty()
            && (layout.main.items.is_empty()
                || (larger && main_title.is_none() && title.is_some())
                || (larger && names_units(&section) && !names_units(&layout.main)))
        {
            layout.list_title = title.map(|i| region[i].clone()).or(layout.list_title);
            layout.main_prose.clear();
            layout.notes.push(read_as("正文中没有事项清单，事项从附件1读取。".into(), vec![], layout.list_title.clone()));
            layout.main = section;
            layout.list_in_attachment = true;
        } else {
            layout.attachment = Some(section);
        }
    }
    layout
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(find_date("    2023年9月1日   "), Some((2023, 9, 1)));
        assert_eq!(find_date("到2023年底，2024年13月1日"), None);
        assert_eq!(iso_date("发布时间：2025-02-12 09:30"), Some((2025, 2, 12)));
        assert_eq!(iso_date("编号12025-02-123"), None);
        assert!(is_page_number("-2-") && is_page_number("—12—") && is_page_number("第3页共8页"));
        assert!(!is_page_number("2025") && !is_page_number("1.5-2") && !is_page_number("-"));
    }
}
