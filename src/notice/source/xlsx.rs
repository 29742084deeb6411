//! An Excel `.xlsx` list → notice text: every sheet in the workbook's order
//! (shared strings, inline strings, numbers), vertical merges repeated down
//! their column, then `table::to_lines`. A sheet without a list header is
//! skipped with a note; a workbook with none is refused.

use super::zip::Archive;
use super::{attribute as attr, each_event, push_reference, table, SourceError};
use quick_xml::events::Event;

pub const WORKBOOK: &str = "xl/workbook.xml";
const WHAT: &str = "Excel 表格";
/// Columns read per row (a list has a dozen; a stray cell at column XFD is not read).
const MAX_COLUMNS: u32 = 100;
/// Cells a sheet's vertical merges may fill (a list has a few hundred).
const MAX_FILLS: usize = 1_000_000;

fn text_of(archive: &mut Archive<'_>, part: &str) -> Result<Option<String>, SourceError> {
    match archive.read(part)? {
        None => Ok(None),
        Some(b) => String::from_utf8(b)
            .map(|x| Some(x.trim_start_matches('\u{feff}').to_string()))
            .map_err(|_| SourceError::Corrupt { what: WHAT, detail: format!("{part} 不是 UTF-8 编码的 XML") }),
    }
}

/// The sheets of a 填报表 the app writes (`view::fill_form`): such a workbook
/// is progress to import, not a notice (its 填报表 sheet has a list header).
pub const FORM_SHEETS: [&str; 2] = ["填报表", "说明"];

pub fn read(archive: &mut Archive<'_>, stem: &str, notes: &mut Vec<String>) -> Result<String, SourceError> {
    let sheets = sheets(archive)?;
    if FORM_SHEETS.iter().all(|name| sheets.iter().any(|(n, _)| n == name)) {
        return Err(SourceError::FillForm);
    }
    let shared = match text_of(archive, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let mut lines = vec![stem.to_string()];
    let mut found = false;
    for (i, (name, part)) in sheets.into_iter().enumerate() {
        let place = format!("第{}张工作表“{name}”", i + 1);
        let Some(xml) = text_of(archive, &part)? else {
            notes.push(format!("{place}在文件中找不到，已跳过。"));
            continue;
        };
        let rows = sheet_rows(&xml, &part, &shared)?;
        match table::to_lines(&rows, &place, Some(&name), notes) {
            Some(list) => {
                found = true;
                lines.extend(list);
            }
            None if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) => notes.push(format!("{place}是空的，已跳过。")),
            None => notes.push(format!("{place}没有找到清单表头（如“序号”“项目名称”“主要内容”“牵头单位”），已跳过。")),
        }
    }
    if !found {
        return Err(SourceError::NoListInWorkbook);
    }
    Ok(lines.join("\n"))
}

/// One sheet's cells as read: its name and its rows that have a cell, each
/// with its number (from 1) and its cells from column A.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetCells {
    pub name: String,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// Every sheet of the workbook `bytes`, in the workbook's order, as text
/// cells (for a workbook the app wrote and a user filled: `view::fill_form`).
/// A sheet the workbook names but lacks has no rows.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<SheetCells>, SourceError> {
    let mut archive = Archive::open(bytes)?;
    if !archive.contains(WORKBOOK) {
        return Err(SourceError::OtherZip);
    }
    let shared = match text_of(&mut archive, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (name, part) in sheets(&mut archive)? {
        let rows = match text_of(&mut archive, &part)? {
            Some(xml) => sheet_cells(&xml, &part, &shared)?,
            None => Vec::new(),
        };
        out.push(SheetCells { name, rows });
    }
    Ok(out)
}

/// The sheets in the workbook's order: (name, part path).
fn sheets(archive: &mut Archive<'_>) -> Result<Vec<(String, String)>, SourceError> {
    let workbook = text_of(archive, WORKBOOK)?.unwrap_or_default();
    let mut listed: Vec<(String, Option<String>)> = Vec::new();
    each_event(&workbook, WHAT, WORKBOOK, |e| {
        if let Event::Start(s) | Event::Empty(s) = e {
            if s.local_name().as_ref() == "sheet" {
                listed.push((attr(&s, "name").unwrap_or_default(), attr(&s, "id")));
            }
        }
    })?;
    let rels_part = "xl/_rels/workbook.xml.rels";
    let rels = text_of(archive, rels_part)?.unwrap_or_default();
    // Relationship id → target (a handful: a Vec, no map code in the wasm).
    let mut targets: Vec<(String, String)> = Vec::new();
    each_event(&rels, WHAT, rels_part, |e| {
        if let Event::Start(s) | Event::Empty(s) = e {
            if s.local_name().as_ref() == "Relationship" && attr(&s, "Type").is_some_and(|t| t.ends_with("/worksheet")) {
                if let (Some(id), Some(target)) = (attr(&s, "Id"), attr(&s, "Target")) {
                    targets.push((id, target));
                }
            }
        }
    })?;
    Ok(listed
        .into_iter()
        .enumerate()
        .filter_map(|(i, (name, id))| {
            let target = match id.and_then(|id| targets.iter().find(|(i, _)| *i == id).map(|(_, t)| t.clone())) {
                Some(t) => t,
                // A chart sheet has a relationship of another type; without rels, the usual path.
                None if targets.is_empty() => format!("worksheets/sheet{}.xml", i + 1),
                None => return None,
            };
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect())
}

/// The text of each `si` (runs joined; phonetic `rPh` runs left out).
fn shared_strings(xml: &str) -> Result<Vec<String>, SourceError> {
    let mut out = Vec::new();
    let (mut in_t, mut phonetic) = (false, 0usize);
    let mut current = String::new();
    each_event(xml, WHAT, "xl/sharedStrings.xml", |e| match e {
        Event::Start(s) => match s.local_name().as_ref() {
            "si" => current.clear(),
            "t" => in_t = true,
            "rPh" => phonetic += 1,
            _ => {}
        },
        Event::Empty(s) if s.local_name().as_ref() == "si" => out.push(String::new()),
        Event::End(s) => match s.local_name().as_ref() {
            "si" => out.push(std::mem::take(&mut current)),
            "t" => in_t = false,
            "rPh" => phonetic = phonetic.saturating_sub(1),
            _ => {}
        },
        Event::Text(t) if in_t && phonetic == 0 => current.push_str(&t.xml10_content()),
        Event::GeneralRef(r) if in_t && phonetic == 0 => push_reference(&mut current, &r),
        _ => {}
    })?;
    Ok(out)
}

/// "AB12" → (column 27, row 11), both from 0.
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.len() - r.trim_start_matches(|c: char| c.is_ascii_uppercase()).len();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].bytes().fold(0u32, |c, b| c * 26 + u32::from(b - b'A' + 1)) - 1;
    let row = r[letters..].parse::<u32>().ok()?.checked_sub(1)?;
    Some((col, row))
}

/// A cell's value as text: integers without ".0", other numbers as written.
fn number_text(v: &str) -> String {
    match super::super::quantity::parse_f64(v.trim()) {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => v.trim().to_string(),
    }
}

/// The sheet's rows that have a cell, each as its cells from column A.
fn sheet_rows(xml: &str, part: &str, shared: &[String]) -> Result<Vec<Vec<String>>, SourceError> {
    Ok(sheet_cells(xml, part, shared)?.into_iter().map(|(_, row)| row).collect())
}

/// `sheet_rows`, each with its number from 1.
fn sheet_cells(xml: &str, part: &str, shared: &[String]) -> Result<Vec<(u32, Vec<String>)>, SourceError> {
    // (row, its cells as (column, text)), in the order of the file: rows ascend there (ECMA-376
    // 18.3.1.73); were they not, a merge would fill fewer cells, nothing worse.
    let mut cells: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
    let mut merges: Vec<((u32, u32), (u32, u32))> = Vec::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut kind = String::new();
    let (mut in_value, mut in_inline, mut phonetic) = (false, false, 0usize);
    let mut value = String::new();
    let mut row_seen = false;
    each_event(xml, WHAT, part, |e| match e {
        Event::Start(s) | Event::Empty(s) if s.local_name().as_ref() == "row" => {
            row = attr(&s, "r").and_then(|r| r.parse::<u32>().ok()).and_then(|r| r.checked_sub(1)).unwrap_or(if row_seen { row.saturating_add(1) } else { 0 });
            row_seen = true;
            col = 0;
        }
        Event::Start(s) if s.local_name().as_ref() == "c" => {
            if let Some((c, r)) = attr(&s, "r").as_deref().and_then(cell_ref) {
                (col, row) = (c, r);
            }
            kind = attr(&s, "t").unwrap_or_default();
            value.clear();
        }
        Event::End(s) if s.local_name().as_ref() == "c" => {
            let text = match kind.as_str() {
                "s" => value.trim().parse::<usize>().ok().and_then(|i| shared.get(i).cloned()).unwrap_or_default(),
                "inlineStr" | "str" | "e" => value.clone(),
                "b" => (if value.trim() == "1" { "TRUE" } else { "FALSE" }).to_string(),
                _ => number_text(&value),
            };
            if col < MAX_COLUMNS && !text.trim().is_empty() {
                match cells.last_mut() {
                    Some((r, list)) if *r == row => list.push((col, text)),
                    _ => cells.push((row, vec![(col, text)])),
                }
            }
            col = col.saturating_add(1);
        }
        Event::Empty(s) if s.local_name().as_ref() == "c" => {
            if let Some((c, r)) = attr(&s, "r").as_deref().and_then(cell_ref) {
                (col, row) = (c, r);
            }
            col = col.saturating_add(1);
        }
        Event::Start(s) => match s.local_name().as_ref() {
            "v" => in_value = true,
            "is" => in_inline = true,
            "rPh" => phonetic += 1,
            _ => {}
        },
        Event::End(s) => match s.local_name().as_ref() {
            "v" => in_value = false,
            "is" => in_inline = false,
            "rPh" => phonetic = phonetic.saturating_sub(1),
            _ => {}
        },
        Event::Empty(s) if s.local_name().as_ref() == "mergeCell" => {
            if let Some((a, b)) = attr(&s, "ref").as_deref().and_then(|r| r.split_once(':')) {
                if let (Some(a), Some(b)) = (cell_ref(a), cell_ref(b)) {
                    merges.push((a, b));
                }
            }
        }
        Event::Text(t) if (in_value || in_inline) && phonetic == 0 => value.push_str(&t.xml10_content()),
        Event::GeneralRef(r) if (in_value || in_inline) && phonetic == 0 => push_reference(&mut value, &r),
        _ => {}
    })?;
    // A vertical merge (a unit for several items) repeats its text down its first column,
    // in the rows that have cells; a merge across one row (a category) is left as it is.
    // At most MAX_FILLS cells are filled so (a hostile sheet could ask for billions).
    let mut fills = 0usize;
    for ((c0, r0), (_, r1)) in merges {
        let Ok(first) = cells.binary_search_by_key(&r0, |(r, _)| *r) else { continue };
        let Some(top) = cells[first].1.iter().rev().find(|(c, _)| *c == c0).map(|(_, v)| v.clone()).filter(|_| r1 > r0) else { continue };
        let end = cells.partition_point(|(r, _)| *r <= r1).max(first + 1);
        for (_, list) in &mut cells[first + 1..end] {
            fills += 1;
            if fills > MAX_FILLS {
                break;
            }
            if !list.iter().any(|(c, _)| *c == c0) {
                list.push((c0, top.clone()));
            }
        }
    }
    Ok(cells
        .into_iter()
        .map(|(number, list)| {
            let width = list.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
            let mut row = vec![String::new(); width];
            // A cell written twice: the later one, as Excel reads it.
            for (c, v) in list {
                row[c as usize] = v;
            }
            (number + 1, row)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("AB12"), Some((27, 11)));
        assert_eq!(cell_ref("XFD1048576"), Some((16383, 1_048_575)));
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(number_text("3"), "3");
        assert_eq!(number_text("3.0"), "3");
        assert_eq!(number_text("120.5"), "120.5");
    }
}
