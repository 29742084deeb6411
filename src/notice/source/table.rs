//! A list table (an `.xlsx` sheet, a `.docx` table) → notice lines in the
//! layout the parser reads: a category row → `一、教育提质（3项）`, an item
//! row → `1.项目名称：主要内容，10月底前完成。（牵头单位：X）`. One function
//! for both formats. The header row is found by its words, not its position.

use super::super::deadlines;
use super::super::quantity::parse_f64;
use super::super::text::{chinese_numeral, normalize, numeral, shorten};

/// What a column holds, by the words of its header.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    No,
    /// 类别: a column naming each item's category (often merged down over its items).
    Category,
    Name,
    Content,
    Lead,
    /// 责任单位, 配合单位 … (the header's words are the label).
    Others(String),
    Deadline,
    /// 年度投资（万元）: the header's words and its unit.
    Investment {
        label: String,
        unit: String,
    },
}

/// Header words: exact ones, then prefixes (a header may add to them: 牵头单位（部门）).
const ROLES: &[(&[&str], &[&str], Kind)] = &[
    (&["序号", "编号"], &[], Kind::No),
    (&["类别", "分类", "项目类别", "所属类别", "领域", "所属领域"], &[], Kind::Category),
    (&["项目名称", "项目", "名称", "实事名称", "实事项目", "民生实事", "民生实事项目", "事项"], &["项目名称", "实事名称"], Kind::Name),
    (
        &["主要内容", "建设内容", "目标任务", "工作内容", "具体内容", "主要目标"],
        &["主要内容", "建设内容", "主要建设内容", "主要任务", "目标任务", "工作内容", "具体内容"],
        Kind::Content,
    ),
    (&["牵头单位", "牵头部门", "主办单位", "主办部门"], &["牵头单位", "牵头部门", "主办单位"], Kind::Lead),
    (&["责任单位", "配合单位", "协办单位", "责任部门", "配合部门"], &["责任单位", "配合单位", "协办单位", "责任部门", "配合部门"], Kind::Others),
    (&["完成时限", "完成时间", "时间节点", "完成期限", "时限"], &["完成时限", "完成时间", "完成期限"], Kind::Deadline),
    (&[], &["年度投资", "计划投资", "总投资", "投资"], Kind::Investment),
];

#[derive(Clone, Copy)]
enum Kind {
    No,
    Category,
    Name,
    Content,
    Lead,
    Others,
    Deadline,
    Investment,
}

/// A header cell's role ("牵头 单位" → Lead, "年度投资（万元）" → Investment of 万元).
fn role(cell: &str) -> Option<Role> {
    role_of_normalized(&normalize(cell))
}

/// [`role`] of a cell already normalized (a notice's line).
fn role_of_normalized(cell: &str) -> Option<Role> {
    let key: String = cell.chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
    let (words, unit) = match key.strip_suffix('）').and_then(|k| k.rsplit_once('（')) {
        Some((w, u)) => (w.to_string(), u.to_string()),
        None => (key.clone(), String::new()),
    };
    let (_, _, kind) = ROLES.iter().find(|(exact, prefixes, _)| exact.contains(&words.as_str()) || prefixes.iter().any(|p| key.starts_with(p)))?;
    Some(match kind {
        Kind::No => Role::No,
        Kind::Category => Role::Category,
        Kind::Name => Role::Name,
        Kind::Content => Role::Content,
        Kind::Lead => Role::Lead,
        Kind::Others => Role::Others(key.chars().take(4).collect()),
        Kind::Deadline => Role::Deadline,
        Kind::Investment => Role::Investment { label: words, unit: if unit.is_empty() { "万元".to_string() } else { unit } },
    })
}

/// Whether a row is a list's header (`flat` finds tables in text by it).
pub(crate) fn is_header(row: &[String]) -> bool {
    header(row).is_some()
}

/// A table of who does what, after the list (`序号 | 牵头单位 | 配合单位`, no
/// name or content column): each row's number and its units as the list's
/// parenthetical (`（牵头单位：X；配合单位：Y）`). None for any other table.
pub(crate) fn units_by_number(rows: &[Vec<String>]) -> Option<Vec<(u32, String)>> {
    let (at, roles) = rows.iter().enumerate().find_map(|(i, r)| {
        let roles: Vec<Option<Role>> = r.iter().map(|c| role(c)).collect();
        let has = |x: Role| roles.iter().flatten().any(|y| *y == x);
        (has(Role::No) && has(Role::Lead) && !has(Role::Name) && !has(Role::Content)).then_some((i, roles))
    })?;
    let out: Vec<(u32, String)> = rows[at + 1..]
        .iter()
        .filter_map(|row| {
            let cell = |c: usize| row.get(c).map_or(String::new(), |s| clean(s));
            let mut no = None;
            let mut groups = Vec::new();
            for (c, role) in roles.iter().enumerate() {
                match role {
                    Some(Role::No) => no = cell(c).parse::<u32>().ok(),
                    Some(Role::Lead) if !cell(c).is_empty() => groups.insert(0, format!("牵头单位：{}", units(&cell(c)))),
                    Some(Role::Others(label)) if !cell(c).is_empty() => groups.push(format!("{label}：{}", units(&cell(c)))),
                    _ => {}
                }
            }
            Some((no?, format!("（{}）", groups.join("；")))).filter(|_| !groups.is_empty())
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

/// Whether a normalized cell is a header's word (序号, 项目名称, 牵头单位…):
/// asked of every line of a notice, so only a short one is looked at.
pub(crate) fn is_header_cell(cell: &str) -> bool {
    !cell.is_empty() && cell.len() <= 36 && role_of_normalized(cell).is_some()
}

/// The header of a list: its roles by column, if the row has a name or
/// content column and at least one more.
fn header(row: &[String]) -> Option<Vec<Option<Role>>> {
    let roles: Vec<Option<Role>> = row.iter().map(|c| role(c)).collect();
    let has = |r: Role| roles.iter().flatten().any(|x| *x == r);
    let known = roles.iter().flatten().count();
    ((has(Role::Name) || has(Role::Content)) && known >= 2).then_some(roles)
}

enum Line {
    Heading { index: Option<u32>, name: String, stated: Option<u32> },
    Item(String),
    Prose(String),
}

/// The cell as one line of text (line breaks within it become spaces, which
/// the parser drops between Chinese characters).
fn clean(cell: &str) -> String {
    cell.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Rows → notice lines, or None when no row is a list header. `place`
/// names the table in notes ("第2张工作表“汇总”"); items before any category
/// row are put under a category named `category` (the parser reads items
/// under a heading only), or 民生实事 where that is no heading's name.
pub fn to_lines(rows: &[Vec<String>], place: &str, category: Option<&str>, notes: &mut Vec<String>) -> Option<Vec<String>> {
    let (at, roles) = rows.iter().enumerate().find_map(|(i, r)| header(r).map(|h| (i, h)))?;
    let mut out: Vec<String> = rows[..at].iter().map(|r| cells_line(r)).filter(|l| !l.is_empty()).collect();
    let ignored: Vec<String> =
        rows[at].iter().zip(&roles).filter(|(c, r)| r.is_none() && !c.trim().is_empty()).map(|(c, _)| format!("“{}”", clean(c))).collect();
    if !ignored.is_empty() {
        notes.push(format!("{place}的{}列未读入。", ignored.join("、")));
    }
    let col = |r: &Role| roles.iter().position(|x| x.as_ref() == Some(r));
    let no_col = col(&Role::No);
    let mut lines = Vec::new();
    let mut last_no = 0u32;
    let mut last_lead = String::new();
    for row in &rows[at + 1..] {
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map_or(String::new(), |s| clean(s));
        let filled: Vec<(usize, String)> = row.iter().map(|c| clean(c)).enumerate().filter(|(_, c)| !c.is_empty()).collect();
        if filled.is_empty() {
            continue;
        }
        // A total row (合计 / 总计 / 小计, its cells often merged) is no item: kept as prose.
        if filled.first().is_some_and(|(_, c)| ["合计", "总计", "小计"].contains(&c.chars().filter(|c| !c.is_whitespace()).collect::<String>().as_str()))
        {
            lines.push(Line::Prose(cells_line(row)));
            continue;
        }
        let numeral = get(no_col);
        let name = get(col(&Role::Name));
        let content = get(col(&Role::Content));
        // A category: one filled cell that is no figure ("一、教育提质"), in the
        // first column or that of the number, name or content (where a merged
        // row keeps its text), or a Chinese numeral as 序号 with the name beside it.
        let heading_column = |c: usize| c == 0 || [no_col, col(&Role::Name), col(&Role::Content)].contains(&Some(c));
        if let [(c, only)] = filled.as_slice() {
            if heading_column(*c) && !is_figure(only) {
                lines.push(heading(only));
                continue;
            }
        }
        // `一` or `一、` as 序号 (a category's row in a list table numbering its items 1, 2, …).
        // (Its subtotal may stand in the investment column: `一⇥教育卫生（4项）⇥…⇥5,210`.)
        let han_numeral = chinese_numeral(numeral.trim_end_matches(['、', '.', '．', ' ']));
        let named_only = filled.len() == 2 || (filled.len() == 3 && is_figure(&without_thousands(&filled[2].1)));
        if let Some(index) = han_numeral.filter(|_| named_only && (!name.is_empty() || !content.is_empty())) {
            let (_, name, stated) = split_heading(if name.is_empty() { &content } else { &name });
            lines.push(Line::Heading { index: Some(index), name, stated });
            continue;
        }
        // A category column: a new value starts a category.
        let category_cell = get(col(&Role::Category));
        let current = lines.iter().rev().find_map(|l| match l {
            Line::Heading { name, .. } => Some(name.as_str()),
            _ => None,
        });
        if !category_cell.is_empty() && (!name.is_empty() || !content.is_empty()) && current != Some(split_heading(&category_cell).1.as_str()) {
            lines.push(heading(&category_cell));
        }
        if name.is_empty() && content.is_empty() {
            notes.push(format!("{place}中“{}”一行没有项目名称和内容，已跳过。", shorten(&cells_line(row), 30)));
            continue;
        }
        if let Some(category) = category.filter(|_| !lines.iter().any(|l| matches!(l, Line::Heading { .. }))) {
            let name = match heading(category) {
                Line::Heading { name, .. } if !name.is_empty() => name,
                _ => "民生实事".to_string(),
            };
            notes.push(format!("{place}在第一个事项前没有分类行，已归入“{name}”类。"));
            lines.insert(0, Line::Heading { index: None, name, stated: None });
        }
        let no = numeral.parse::<u32>().ok().filter(|n| *n > 0).unwrap_or(last_no.saturating_add(1));
        last_no = no;
        // An empty 牵头单位 under an item of the same category: a merged cell, written once.
        let lead_col = col(&Role::Lead);
        if matches!(lines.last(), Some(Line::Heading { .. })) {
            last_lead.clear();
        }
        match lead_col.map(|c| get(Some(c))) {
            Some(lead) if lead.is_empty() && !last_lead.is_empty() => {
                let mut filled_in = row.clone();
                let c = lead_col.unwrap_or(0);
                filled_in.resize(filled_in.len().max(c + 1), String::new());
                filled_in[c] = last_lead.clone();
                lines.push(Line::Item(item_line(no, &name, &content, &filled_in, &roles)));
                continue;
            }
            Some(lead) => last_lead = lead,
            None => {}
        }
        lines.push(Line::Item(item_line(no, &name, &content, row, &roles)));
    }
    write(&lines, &mut out);
    Some(out)
}

/// A number such as 300 or 90.5 (the crate's own reader: core's float parser is not in the wasm).
/// `1,850` → `1850`: a spreadsheet's thousands separators (only between groups of three digits).
fn without_thousands(cell: &str) -> String {
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = cell.split_once('.').unwrap_or((cell, ""));
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = whole.contains(',') && (1..=3).contains(&first.len()) && digits(first) && groups.all(|g| g.len() == 3 && digits(g));
    if grouped && !fraction.contains(',') {
        cell.replace(',', "")
    } else {
        cell.to_string()
    }
}

fn is_figure(cell: &str) -> bool {
    parse_f64(cell.trim()).is_some_and(f64::is_finite)
}

/// Non-empty cells of a row, as one line.
pub fn cells_line(row: &[String]) -> String {
    row.iter().map(|c| clean(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ")
}

/// "一、教育提质（3项）" or "（一）教育提质（3项）" → (Some(1), "教育提质", Some(3));
/// "教育提质" → (None, "教育提质", None).
fn split_heading(cell: &str) -> (Option<u32>, String, Option<u32>) {
    let text = normalize(cell);
    let numbered = text.split_once('、').or_else(|| text.strip_prefix(['（', '(']).and_then(|r| r.split_once(['）', ')'])));
    let (index, rest) = match numbered.and_then(|(n, r)| chinese_numeral(n.trim()).map(|i| (i, r))) {
        Some((i, r)) => (Some(i), r.trim()),
        None => (None, text.trim()),
    };
    let counted = rest.strip_suffix('）').and_then(|r| r.rsplit_once('（')).and_then(|(name, inner)| {
        let n = inner.trim_start_matches('共').strip_suffix('项')?.trim().parse::<u32>().ok()?;
        Some((name.trim().to_string(), n))
    });
    match counted {
        Some((name, n)) => (index, name, Some(n)),
        None => (index, rest.to_string(), None),
    }
}

fn heading(cell: &str) -> Line {
    let (index, name, stated) = split_heading(cell);
    // What the parser takes for a heading: a short name, not a sentence.
    if name.is_empty() || name.chars().count() > 20 || name.contains(['，', '。', '；']) || ["合计", "总计", "小计"].contains(&name.as_str()) {
        return Line::Prose(clean(cell));
    }
    Line::Heading { index, name, stated }
}

/// `1.名称：内容，10月底前完成。配合单位：Y。（牵头单位：X）`.
fn item_line(no: u32, name: &str, content: &str, row: &[String], roles: &[Option<Role>]) -> String {
    let cell = |role: &Role| roles.iter().position(|r| r.as_ref() == Some(role)).and_then(|c| row.get(c)).map_or(String::new(), |s| clean(s));
    let stop: &[char] = &['。', '；', '，', '.', ';', ',', ' '];
    let name = name.trim_end_matches(stop);
    let content = content.trim_end_matches(stop);
    let mut body = match (name.is_empty(), content.is_empty()) {
        (false, false) => format!("{name}：{content}"),
        (false, true) => name.to_string(),
        _ => content.to_string(),
    };
    let due = cell(&Role::Deadline);
    if !due.is_empty() {
        let phrase = deadline_phrase(&due);
        let said = deadlines::extract(&normalize(&body));
        let new = deadlines::extract(&phrase);
        if new.is_empty() || !new.iter().all(|d| said.iter().any(|s| (s.month, s.day) == (d.month, d.day))) {
            body.push('，');
            body.push_str(&phrase);
        }
    }
    for (c, role) in roles.iter().enumerate() {
        // An investment becomes a money target of the item ("年度投资300万元"); 0 is none.
        if let (Some(Role::Investment { label, unit }), Some(v)) =
            (role, row.get(c).map(|s| without_thousands(&clean(s))).filter(|v| !v.is_empty() && parse_f64(v) != Some(0.0)))
        {
            body.push_str(&format!("，{label}{v}{}", if is_figure(&v) { unit.as_str() } else { "" }));
        }
    }
    body.push('。');
    let mut groups: Vec<(String, String)> = Vec::new();
    let lead = units(&cell(&Role::Lead));
    if !lead.is_empty() {
        groups.push(("牵头单位".to_string(), lead));
    }
    for (c, role) in roles.iter().enumerate() {
        if let (Some(Role::Others(label)), Some(u)) = (role, row.get(c).map(|s| units(s)).filter(|u| !u.is_empty())) {
            groups.push((label.clone(), u));
        }
    }
    // The parser reads one units parenthetical, the last: the lead units
    // (else the first other group); the other groups stay in the text.
    let mut groups = groups.into_iter();
    let last = groups.next();
    for (label, units) in groups {
        body.push_str(&format!("{label}：{units}。"));
    }
    if let Some((label, units)) = last {
        body.push_str(&format!("（{label}：{units}）"));
    }
    format!("{no}.{body}")
}

/// A units cell as the parser splits it: "县教育局\n县财政局" → "县教育局、县财政局".
fn units(cell: &str) -> String {
    normalize(cell).split(['、', '，', '；', '\n', '\r', ' ', '\t', '/']).map(str::trim).filter(|u| !u.is_empty()).collect::<Vec<_>>().join("、")
}

/// A 完成时限 cell as a phrase the deadline reader finds: "10月底前完成",
/// "2026年6月30日前完成"; an Excel date number (46022) is read as a date;
/// anything else is kept as "完成时限：…".
fn deadline_phrase(cell: &str) -> String {
    let text = normalize(cell);
    if !deadlines::extract(&text).is_empty() {
        return text;
    }
    if let Some((y, m, d)) = text.parse::<u32>().ok().filter(|n| (20_000..=80_000).contains(n)).and_then(excel_date) {
        return format!("{y}年{m}月{d}日前完成");
    }
    // The numbers of the cell with the character after each: 2026年10月31日, 2026-10-31, 2026.10, 10月.
    let mut parts: Vec<(u32, Option<char>)> = Vec::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            parts.push((digits.parse().unwrap_or(0), Some(c)));
            digits.clear();
        }
    }
    let sep = |c: Option<char>| matches!(c, Some('年' | '-' | '.' | '/'));
    let month_ok = |m: u32| (1..=12).contains(&m);
    match parts.as_slice() {
        [(y, s1), (m, s2), (d, _), ..] if *y >= 1000 && sep(*s1) && (sep(*s2) || *s2 == Some('月')) && month_ok(*m) && (1..=31).contains(d) => {
            format!("{y}年{m}月{d}日前完成")
        }
        [(y, s1), (m, _), ..] if *y >= 1000 && sep(*s1) && month_ok(*m) => format!("{y}年{m}月底前完成"),
        [(m, Some('月')), (d, Some('日')), ..] if month_ok(*m) && (1..=31).contains(d) => format!("{m}月{d}日前完成"),
        [(m, Some('月')), ..] if month_ok(*m) => format!("{m}月底前完成"),
        _ if text.contains("年底") || text.contains("年内") || text.contains("全年") => "年底前完成".to_string(),
        _ => format!("完成时限：{}", text.trim()),
    }
}

/// An Excel date serial (days since 1899-12-30, as Excel counts after 1900-02-28) → (y, m, d).
fn excel_date(serial: u32) -> Option<(i32, u8, u8)> {
    let date = time::Date::from_julian_day(2_415_019 + i32::try_from(serial).ok()?).ok()?;
    Some((date.year(), u8::from(date.month()), date.day()))
}

/// The lines with each heading's count of items (the stated one where the table gives it).
fn write(lines: &[Line], out: &mut Vec<String>) {
    let mut next_index = 1;
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Heading { index, name, stated } => {
                let index = index.unwrap_or(next_index);
                next_index = index + 1;
                let counted = lines[i + 1..].iter().take_while(|l| !matches!(l, Line::Heading { .. })).filter(|l| matches!(l, Line::Item(_))).count() as u32;
                out.push(format!("{}、{name}（{}项）", numeral(index), stated.unwrap_or(counted)));
            }
            Line::Item(text) | Line::Prose(text) => out.push(text.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn headers_by_words() {
        assert_eq!(role("牵头 单位"), Some(Role::Lead));
        // A 主办单位 column leads as a 牵头单位 column does; 协办单位 beside it are partners.
        assert_eq!(role("主办单位"), Some(Role::Lead));
        assert_eq!(role("协办单位"), Some(Role::Others("协办单位".into())));
        assert_eq!(role("年度投资（万元）"), Some(Role::Investment { label: "年度投资".into(), unit: "万元".into() }));
        assert_eq!(role("总投资(亿元)"), Some(Role::Investment { label: "总投资".into(), unit: "亿元".into() }));
        assert_eq!(role("计划投资"), Some(Role::Investment { label: "计划投资".into(), unit: "万元".into() }));
        assert_eq!(role("配合单位"), Some(Role::Others("配合单位".into())));
        assert_eq!(role("备注"), None);
        assert!(header(&["项目".into(), "备注".into()]).is_none());
    }

    #[test]
    fn deadlines_as_the_parser_reads_them() {
        for (cell, phrase) in [
            ("10月底前", "10月底前"),
            ("2026年10月", "2026年10月底前完成"),
            ("2026.6", "2026年6月底前完成"),
            ("2026-06-30", "2026年6月30日前完成"),
            ("2026年6月30日", "2026年6月30日前完成"),
            ("6月30日", "6月30日前完成"),
            ("9月", "9月底前完成"),
            ("46203", "2026年6月30日前完成"),
            ("2026年底", "年底前完成"),
            ("长期", "完成时限：长期"),
        ] {
            assert_eq!(deadline_phrase(cell), phrase, "{cell}");
        }
    }

    #[test]
    fn category_cells() {
        assert_eq!(split_heading("一、教育提质（3项）"), (Some(1), "教育提质".into(), Some(3)));
        assert_eq!(split_heading("十二、其他（共2项）"), (Some(12), "其他".into(), Some(2)));
        assert_eq!(split_heading("教育提质"), (None, "教育提质".into(), None));
    }

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn a_list_with_numeral_categories_a_total_and_a_footnote() {
        let table = rows(&[
            &["某县2026年项目表"],
            &["序号", "项目", "建设内容", "牵头部门", "时间节点", "备注"],
            &["一", "教育", "", "", ""],
            &["", "学校扩建", "扩建教学楼1栋。", "县教育局\n县财政局", "2026年8月"],
            &["", "食堂改造", "改造食堂2个", "县教育局", "长期"],
            &["", "", "", "县教育局", ""],
            &["合计", "", "", "", ""],
            &["注：以上为计划数。"],
        ]);
        let mut notes = Vec::new();
        let lines = to_lines(&table, "第1个表格", Some("表格"), &mut notes).unwrap();
        assert_eq!(
            lines,
            [
                "某县2026年项目表",
                "一、教育（2项）",
                "1.学校扩建：扩建教学楼1栋，2026年8月底前完成。（牵头单位：县教育局、县财政局）",
                "2.食堂改造：改造食堂2个，完成时限：长期。（牵头单位：县教育局）",
                "合计",
                "注：以上为计划数。",
            ]
        );
        assert_eq!(notes, ["第1个表格的“备注”列未读入。", "第1个表格中“县教育局”一行没有项目名称和内容，已跳过。"]);
        let n = crate::notice::parse(&lines.join("\n"));
        assert_eq!(n.categories.len(), 1);
        assert_eq!(n.items.iter().map(|i| (i.no, i.units.len(), i.deadlines.len())).collect::<Vec<_>>(), [(1, 2, 1), (2, 1, 0)]);
        assert!(to_lines(&rows(&[&["名称", "备注"], &["甲", "乙"]]), "x", Some("x"), &mut notes).is_none());
    }

    /// A generated item: name, content, lead units, deadline month.
    type GenItem = (String, String, Vec<String>, Option<u32>);

    /// A generated list: categories of items.
    fn list() -> impl Strategy<Value = Vec<(String, Vec<GenItem>)>> {
        let item =
            ("[\u{4e00}-\u{4e2f}]{2,6}", "[\u{4e00}-\u{4e2f}]{2,10}[0-9]{0,3}", prop::collection::vec("县[甲乙丙丁戊]局", 1..3), prop::option::of(1u32..=12));
        prop::collection::vec(("[\u{4e00}-\u{4e2f}]{2,8}", prop::collection::vec(item, 1..5)), 1..4)
    }

    #[test]
    fn a_category_column_merged_down() {
        // As xlsx.rs gives a vertical merge: its text repeated down the column.
        let table = rows(&[
            &["类别", "序号", "项目名称", "主要内容", "牵头单位"],
            &["教育", "1", "学校扩建", "扩建教学楼1栋", "县教育局"],
            &["教育", "2", "食堂改造", "改造食堂2个", "县教育局"],
            &["卫生", "3", "村卫生室", "新建村卫生室5个", "县卫健委"],
        ]);
        let lines = to_lines(&table, "表", Some("表"), &mut Vec::new()).unwrap();
        assert_eq!(lines[0], "一、教育（2项）");
        assert_eq!(lines[3], "二、卫生（1项）");
        let n = crate::notice::parse(&lines.join("\n"));
        assert_eq!(n.categories.iter().map(|c| (c.name.as_str(), c.item_nos.clone())).collect::<Vec<_>>(), [("教育", vec![1, 2]), ("卫生", vec![3])]);
    }

    proptest! {
        /// What the table function writes, the parser reads back: categories,
        /// items, their units and deadlines.
        #[test]
        fn the_parser_reads_what_tables_become(list in list()) {
            let mut table = vec![["序号", "项目名称", "主要内容", "牵头单位", "完成时限"].map(String::from).to_vec()];
            for (category, items) in &list {
                table.push(vec![category.clone()]);
                for (name, content, units, month) in items {
                    let due = month.map_or(String::new(), |m| format!("2026年{m}月"));
                    table.push(vec![String::new(), name.clone(), content.clone(), units.join("\n"), due]);
                }
            }
            let lines = to_lines(&table, "表", Some("表"), &mut Vec::new()).unwrap();
            let n = crate::notice::parse(&lines.join("\n"));
            let cats: Vec<(u32, &str, usize)> = n.categories.iter().map(|c| (c.index, c.name.as_str(), c.item_nos.len())).collect();
            let want: Vec<(u32, &str, usize)> = list.iter().enumerate().map(|(i, (c, items))| (i as u32 + 1, c.as_str(), items.len())).collect();
            prop_assert_eq!(cats, want);
            let all: Vec<_> = list.iter().enumerate().flat_map(|(c, (_, items))| items.iter().map(move |i| (c as u32 + 1, i))).collect();
            prop_assert_eq!(n.items.len(), all.len());
            for (k, (item, (category, (_, _, units, month)))) in n.items.iter().zip(&all).enumerate() {
                prop_assert_eq!(item.no, k as u32 + 1);
                prop_assert_eq!(item.category, *category);
                prop_assert_eq!(&item.units, units);
                prop_assert_eq!(item.deadlines.iter().map(|d| (d.month, d.day)).collect::<Vec<_>>(), month.map(|m| (m, None)).into_iter().collect::<Vec<_>>());
            }
        }

        #[test]
        fn numerals_read_back(n in 1u32..1000) {
            prop_assert_eq!(chinese_numeral(&numeral(n)), Some(n));
        }
    }
}
