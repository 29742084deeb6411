//! A Word `.docx` → notice text: word/document.xml's paragraphs in order
//! (`w:t` text, `w:tab` → tab, `w:br`/`w:cr` → line break), each table a
//! list table when it has a list header (`table::to_lines`), else its rows
//! as lines of tab-separated cells. Merged cells: a horizontal span keeps
//! the columns aligned, a vertical one repeats the text of the cell above.

use super::zip::Archive;
use super::{attribute as attr, each_event, push_reference, table, SourceError};
use quick_xml::events::Event;

pub const DOCUMENT: &str = "word/document.xml";
const WHAT: &str = "Word 文档";

enum Block {
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

/// A table being read: its rows, and the cell being read.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<String>>,
    cell: String,
    cell_open: bool,
    span: usize,
    continues: bool,
}

/// Read `part`, the document's main part (word/document.xml, or where `_rels/.rels` says).
pub fn read(archive: &mut Archive<'_>, part: &str, notes: &mut Vec<String>) -> Result<String, SourceError> {
    let bytes = archive.read(part)?.ok_or(SourceError::OtherZip)?;
    let xml = std::str::from_utf8(&bytes).map_err(|_| SourceError::Corrupt { what: WHAT, detail: "正文不是 UTF-8 编码的 XML".into() })?;
    let blocks = blocks(xml.trim_start_matches('\u{feff}'), part, notes)?;
    let mut lines: Vec<String> = Vec::new();
    let mut tables = 0;
    for block in blocks {
        match block {
            Block::Paragraph(p) => lines.push(p),
            Block::Table(rows) => {
                tables += 1;
                match table::to_lines(&rows, &format!("第{tables}个表格"), Some("民生实事"), notes) {
                    Some(list) => lines.extend(list),
                    None => lines
                        .extend(rows.iter().map(|r| r.iter().map(|c| c.replace('\n', " ")).collect::<Vec<_>>().join("\t")).filter(|l| !l.trim().is_empty())),
                }
            }
        }
    }
    let text = lines.join("\n");
    if text.trim().is_empty() {
        return Err(SourceError::NoText { what: WHAT });
    }
    Ok(text)
}

fn blocks(xml: &str, part: &str, notes: &mut Vec<String>) -> Result<Vec<Block>, SourceError> {
    let mut out = Vec::new();
    // Paragraphs being read (a text box's paragraphs sit inside another's).
    let mut paragraphs: Vec<String> = Vec::new();
    let mut table: Option<TableState> = None;
    // Depth of tables within the outermost one (their text goes into its cell).
    let mut nested = 0usize;
    let (mut in_run, mut in_text, mut fallback) = (0usize, false, 0usize);
    let mut numbered = 0usize;
    each_event(xml, WHAT, part, |event| match event {
        Event::Start(e) => {
            let name = e.local_name();
            match name.as_ref() {
                _ if fallback > 0 => fallback += 1,
                "Fallback" => fallback = 1,
                "p" => paragraphs.push(String::new()),
                "r" => in_run += 1,
                "t" if in_run > 0 => in_text = true,
                "tbl" if table.is_some() => nested += 1,
                "tbl" => table = Some(TableState::default()),
                "tr" if nested == 0 => {
                    if let Some(t) = table.as_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                "tc" if nested == 0 => {
                    if let Some(t) = table.as_mut() {
                        t.cell.clear();
                        t.cell_open = true;
                        t.span = 1;
                        t.continues = false;
                    }
                }
                _ => {}
            }
        }
        Event::Empty(e) if fallback == 0 => {
            let name = e.local_name();
            match name.as_ref() {
                "tab" if in_run > 0 => push(&mut paragraphs, "\t"),
                "br" | "cr" if in_run > 0 => push(&mut paragraphs, "\n"),
                "numPr" => numbered += 1,
                "gridSpan" if nested == 0 => {
                    if let (Some(t), Some(v)) = (table.as_mut(), attr(&e, "val").and_then(|v| v.parse::<usize>().ok())) {
                        t.span = v.clamp(1, 64);
                    }
                }
                "vMerge" if nested == 0 => {
                    if let Some(t) = table.as_mut() {
                        t.continues = attr(&e, "val").is_none_or(|v| v == "continue");
                    }
                }
                "gridBefore" if nested == 0 => {
                    if let (Some(t), Some(v)) = (table.as_mut(), attr(&e, "val").and_then(|v| v.parse::<usize>().ok())) {
                        if let Some(row) = t.rows.last_mut() {
                            row.extend(std::iter::repeat_n(String::new(), v.min(64)));
                        }
                    }
                }
                "p" if table.is_none() => out.push(Block::Paragraph(String::new())),
                _ => {}
            }
        }
        Event::Text(t) if in_text && fallback == 0 => push(&mut paragraphs, &t.xml10_content()),
        Event::GeneralRef(r) if in_text && fallback == 0 => {
            let mut s = String::new();
            push_reference(&mut s, &r);
            push(&mut paragraphs, &s);
        }
        Event::End(e) => {
            let name = e.local_name();
            match name.as_ref() {
                _ if fallback > 0 => fallback -= 1,
                "t" => in_text = false,
                "r" => in_run = in_run.saturating_sub(1),
                "p" => {
                    let text = paragraphs.pop().unwrap_or_default();
                    match table.as_mut() {
                        Some(t) if t.cell_open => {
                            if !t.cell.is_empty() {
                                t.cell.push('\n');
                            }
                            t.cell.push_str(&text);
                        }
                        Some(_) => {}
                        None => out.push(Block::Paragraph(text)),
                    }
                }
                "tbl" if nested > 0 => nested -= 1,
                "tbl" => {
                    if let Some(t) = table.take() {
                        out.push(Block::Table(t.rows));
                    }
                }
                "tc" if nested == 0 => {
                    if let Some(t) = table.as_mut() {
                        end_cell(t);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    })?;
    if numbered > 0 {
        notes.push(format!("文档中有 {numbered} 段使用了 Word 自动编号，编号本身未读入；如清单未识别，请在 Word 或 WPS 中将自动编号转为文本后再试。"));
    }
    Ok(out)
}

/// Append to the innermost paragraph being read.
fn push(paragraphs: &mut [String], s: &str) {
    if let Some(p) = paragraphs.last_mut() {
        p.push_str(s);
    }
}

/// Close a cell: its text (or, continuing a vertical merge, the text above), then empty cells for its span.
fn end_cell(t: &mut TableState) {
    t.cell_open = false;
    let rows = t.rows.len();
    let col = t.rows.last().map_or(0, Vec::len);
    let text = if t.continues && rows >= 2 { t.rows[rows - 2].get(col).cloned().unwrap_or_default() } else { std::mem::take(&mut t.cell) };
    if let Some(row) = t.rows.last_mut() {
        row.push(text);
        row.extend(std::iter::repeat_n(String::new(), t.span - 1));
    }
}
