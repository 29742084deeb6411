//! Tables flattened into text (a web page's table copied as text): rows of
//! `|`-separated cells, or one cell per line. Both are read back into the
//! table's rows, and the rows into the lines a list in text has
//! (`source::table::to_lines`: one reader of list tables for every format).

use super::layout::read_as;
use super::markers::{mark, Style};
use super::model::Diagnostic;
use super::source::table::{is_header, is_header_cell, to_lines};

/// `lines` with every flattened list table replaced by its list lines.
/// Linear: each line is looked at a bounded number of times.
/// `bars`: whether the text has a `|` or `｜` at all.
pub fn unflatten(lines: Vec<String>, bars: bool, notes: &mut Vec<Diagnostic>) -> Vec<String> {
    // A table in one cell a line starts with its 序号 cell (`cell_table`).
    let starts_cells = |l: &str| l == "序号" || l == "编号";
    if !lines.iter().any(|l| (bars && is_pipe_row(l)) || starts_cells(l)) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let (rows, next) = if is_pipe_row(&lines[i]) {
            let (rows, next) = pipe_table(&lines, i);
            (rows.map(|rows| with_category_above(rows, &mut out)), next)
        } else if starts_cells(&lines[i]) {
            cell_table(&lines, i)
        } else {
            (None, i + 1)
        };
        match rows.filter(|r| r.iter().any(|row| is_header(row))).and_then(|rows| to_lines(&rows, "文中表格", None, &mut Vec::new())) {
            Some(converted) => {
                let how = if is_pipe_row(&lines[i]) { "以“|”分隔各格" } else { "每格一行" };
                notes.push(read_as(format!("文中有一个表格（{how}），已按表格的表头读取其中的事项，请核对各列。"), vec![], Some(lines[i].clone())));
                out.extend(converted);
            }
            None => out.extend(lines[i..next.max(i + 1)].iter().cloned()),
        }
        i = next.max(i + 1);
    }
    out
}

/// The units of items by number from tables of who does what
/// (`source::table::units_by_number`), written as `|` rows anywhere in `lines`.
pub fn units_tables(lines: &[String]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_pipe_row(&lines[i]) {
            i += 1;
            continue;
        }
        let (rows, next) = pipe_table(lines, i);
        if let Some(found) = rows.as_deref().and_then(super::source::table::units_by_number) {
            out.extend(found);
        }
        i = next.max(i + 1);
    }
    out
}

/// A table whose first category's line stands above its header (`（一）教育优先（3项）`
/// / `序号|项目名称|…`, each category a table of its own, its header repeated):
/// that line is taken into the table as its first row after the header, so
/// all its categories are read alike.
fn with_category_above(mut rows: Vec<Vec<String>>, out: &mut Vec<String>) -> Vec<Vec<String>> {
    let Some(above) = out.iter().rposition(|l| !l.is_empty()) else { return rows };
    let later_categories = rows.iter().skip(1).any(|r| r.len() == 1 && is_category_line(&r[0]));
    if is_category_line(&out[above]) && later_categories && rows.first().is_some_and(|r| is_header(r)) {
        let line = out.remove(above);
        out.truncate(above);
        rows.insert(1, vec![line]);
    }
    rows
}

fn is_pipe_row(line: &str) -> bool {
    // Asked of every line: most have no bar at all (a byte search).
    (line.contains('|') || line.contains('｜')) && line.chars().filter(|&c| c == '|' || c == '｜').count() >= 2
}

/// `|序号|项目名称|…|` rows from `at`: the rows and the line after them. A
/// category's line between rows (`一、幼有善育`, not in a cell) is a row of
/// one cell; the header repeated after a page break is dropped.
fn pipe_table(lines: &[String], at: usize) -> (Option<Vec<Vec<String>>>, usize) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut i = at;
    while i < lines.len() {
        if is_pipe_row(&lines[i]) {
            let line = lines[i].replace('｜', "|");
            if !line.chars().all(|c| matches!(c, '|' | '-' | ':' | '：' | ' ')) {
                let row: Vec<String> = line.trim().trim_start_matches('|').trim_end_matches('|').split('|').map(|c| c.trim().to_string()).collect();
                if rows.first() != Some(&row) {
                    rows.push(row);
                }
            }
            i += 1;
            continue;
        }
        // Blank and category lines go on with the table only when rows follow
        // them (the run is looked at once: linear).
        // (A row of another width after them is no row of this table: a web page's
        // `相关链接：A | B | C` below it.)
        let width = |line: &str| line.trim().trim_matches(['|', '｜']).split(['|', '｜']).count();
        let same_width = |j: usize| rows.first().is_none_or(|header| width(&lines[j]) == header.len());
        let Some(next_row) =
            (i..lines.len()).find(|&j| !(lines[j].is_empty() || is_category_line(&lines[j]))).filter(|&j| is_pipe_row(&lines[j]) && same_width(j))
        else {
            break;
        };
        rows.extend(lines[i..next_row].iter().filter(|l| !l.is_empty()).map(|l| vec![l.clone()]));
        i = next_row;
    }
    (Some(rows), i)
}

/// A category's line in a table: `一、教育文化`, `（二）医疗养老` (a short name).
fn is_category_line(line: &str) -> bool {
    mark(line).is_some_and(|m| matches!(m.style, Style::Han | Style::ParenHan) && m.rest.chars().count() <= 24 && !m.rest.contains('。'))
}

/// `一` / `一、` alone, then a short name on the next line: a category's row.
fn bare_numeral_category<'a>(line: &str, next: Option<&'a str>) -> Option<&'a str> {
    super::text::chinese_numeral(line.trim_end_matches('、'))?;
    next.filter(|n| n.chars().count() <= 20 && mark(n).is_none() && !n.chars().any(|c| c.is_ascii_digit() || "。，；：".contains(c)))
}

/// A table with one cell per line from `at`, which must start a run of
/// header cells beginning with 序号: the rows and the line after them (or
/// None and the end of the run of header cells, to be kept as it is).
fn cell_table(lines: &[String], at: usize) -> (Option<Vec<Vec<String>>>, usize) {
    // A header may have columns the parser has no role for (建设地点, 备注…):
    // short labels without figures or sentence marks, which no row starts with.
    // Nor is a bare Han numeral (`一`: a category's 序号 right after the header).
    let is_label = |l: &str| {
        is_header_cell(l)
            || (l.chars().count() <= 10
                && mark(l).is_none()
                && super::text::chinese_numeral(l).is_none()
                && !l.chars().any(|c| c.is_ascii_digit() || "。，、；：:,;".contains(c)))
    };
    let run_end = (at..lines.len()).find(|&i| !lines[i].is_empty() && !is_label(&lines[i])).unwrap_or(lines.len());
    let header: Vec<String> = lines[at..run_end].iter().filter(|l| !l.is_empty()).cloned().collect();
    let numbered = header.first().is_some_and(|c| c == "序号" || c == "编号");
    if header.len() < 3 || !numbered || !is_header(&header) {
        return (None, run_end);
    }
    let width = header.len();
    let money: Vec<bool> = header.iter().map(|h| h.contains("投资") || h.contains("金额") || h.contains("万元")).collect();
    let is_money = |col: usize| money.get(col).copied().unwrap_or(false);
    // The next non-empty line from `i` (each line is looked at a bounded number of times).
    let filled_from = |i: usize| (i..lines.len()).find(|&j| !lines[j].is_empty());
    let mut rows = vec![header];
    let mut row: Vec<String> = Vec::new();
    let mut last_no = 0u32;
    let mut end = run_end;
    let mut at = filled_from(run_end);
    while let Some(i) = at {
        let line = &lines[i];
        // A page's running header (`…人民政府办公室文件`) between a whole row and the header
        // again: skipped, as the header is next.
        let row_whole = row.is_empty() || row.len() >= width;
        if *line != rows[0][0] && row_whole && rows.len() > 1 && filled_from(i + 1).is_some_and(|n| lines[n] == rows[0][0]) {
            at = filled_from(i + 1);
            continue;
        }
        // The header again where a page broke the table: skipped.
        if *line == rows[0][0] {
            let mut j = Some(i);
            let mut same = 0;
            while let Some(k) = j.filter(|&k| same < width && lines[k] == rows[0][same]) {
                same += 1;
                j = filled_from(k + 1);
            }
            if same == width {
                at = j;
                continue;
            }
        }
        let next = filled_from(i + 1);
        let next_no = |n: u32| line.parse::<u32>().ok() == Some(n);
        let is_category = is_category_line(line);
        // An unnumbered category: a line between two rows, the next row right after it.
        let next_is_row = next.is_some_and(|n| lines[n].parse::<u32>().ok() == Some(last_no + 1));
        let total = ["合计", "总计", "小计"].contains(&line.as_str());
        // Numbers that start again at 1 under each category's row (`一、教育（3项）` / `1` …).
        let after_category = row.is_empty()
            && rows.len() > 1
            && rows.last().is_some_and(|r| r.len() == 1 || (r.len() == 2 && super::text::chinese_numeral(r[0].trim_end_matches('、')).is_some()));
        let restarts = after_category && last_no > 1 && next_no(1);
        if restarts {
            last_no = 0;
        }
        if total && row.len() >= 2 {
            // A total row after a row short of its last cell (a merged one): the total's own row.
            rows.push(std::mem::take(&mut row));
            row.push(line.clone());
        } else if next_no(last_no + 1) && !(row.len() < width && !row.is_empty() && is_money(row.len())) && (row.is_empty() || row.len() >= 2) {
            rows.extend((!row.is_empty()).then(|| std::mem::take(&mut row)));
            row.push(line.clone());
            last_no += 1;
        } else if let Some(name) = bare_numeral_category(line, next.map(|n| lines[n].as_str())).filter(|_| row.is_empty() || row.len() >= 2) {
            // `一` then `教育文化`: a category's row whose 序号 is a Han numeral, its name in the next cell.
            rows.extend((!row.is_empty()).then(|| std::mem::take(&mut row)));
            rows.push(vec![line.clone(), name.to_string()]);
            end = next.map_or(i + 1, |n| n + 1);
            at = next.and_then(|n| filled_from(n + 1));
            continue;
        } else if is_category || ((row.is_empty() || row.len() >= width) && next_is_row) {
            rows.extend((!row.is_empty()).then(|| std::mem::take(&mut row)));
            rows.push(vec![line.clone()]);
        } else if !row.is_empty() && row.len() < width {
            row.push(line.clone());
        } else {
            break;
        }
        end = i + 1;
        at = next;
    }
    rows.extend((!row.is_empty()).then_some(row));
    // Header words with no row after them are no table.
    if rows.len() < 2 {
        return (None, run_end);
    }
    (Some(rows), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unflatten_(lines: Vec<String>) -> Vec<String> {
        unflatten(lines, true, &mut Vec::new())
    }

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn pipe_rows_become_list_lines() {
        let out =
            unflatten_(lines("清单如下\n|序号|项目名称|主要内容|牵头单位|\n|---|---|---|---|\n|一、教育||||\n|1|学位|新增学位300个|县教育局、县财政局|\n以上"));
        assert_eq!(out, ["清单如下", "一、教育（1项）", "1.学位：新增学位300个。（牵头单位：县教育局、县财政局）", "以上"]);
    }

    #[test]
    fn one_cell_per_line_becomes_list_lines() {
        let text = "序号\n\n项目名称\n\n主要内容\n\n牵头单位\n\n一、教育\n\n1\n\n学位\n\n新增学位300个\n\n县教育局\n\n2\n\n书房\n\n新建书房3个\n\n县文旅局\n\n以上项目年底前完成。";
        let out = unflatten_(lines(text));
        assert_eq!(
            out,
            ["一、教育（2项）", "1.学位：新增学位300个。（牵头单位：县教育局）", "2.书房：新建书房3个。（牵头单位：县文旅局）", "", "以上项目年底前完成。"]
        );
        // Header words that are no table are kept as they are.
        assert_eq!(unflatten_(lines("序号\n名称\n备注")), ["序号", "名称", "备注"]);
    }
}
