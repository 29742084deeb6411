//! The 填报表 (#16): the 填报 grid as an Excel workbook a lead unit fills in
//! Excel or WPS and mails back, and reading it back as edits.
//!
//! Sheet 填报表 holds the grid's rows (`grid::rows`) for one unit or all:
//! the item, the target or subsidy, its goal and the unit figures are
//! recorded in, then one yellow cell per figure the row takes (完成值; or
//! 已惠及 / 已发放 / 计划), prefilled with what was recorded for the day.
//! Only those cells can be typed into (the sheet is protected, without a
//! password). Column 编号 names the row (`Row::key`); the hidden column 基准
//! holds, per figure, the value shown and the last change of its field at
//! the export, so that an import can tell what the unit changed and what
//! this copy changed since (`progress::import::form_source`: the merge then
//! lists both as a conflict). Sheet 说明 tells the unit what to do and
//! carries the notice, the day and the export's time.
//!
//! Reading checks everything before anything is taken: the sheets, the
//! header row, each row's 编号 and 序号, and each figure as the grid reads a
//! typed one (`Row::edit`); every problem is named by sheet, row and column
//! (Chinese), and one problem refuses the whole file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value as Json};

use super::grid::{rows, Column, Row};
use super::palette::{Rgb, HEADER_FILL};

use super::spreadsheet::{column, number_cell, workbook, Font, SharedStrings, Sheet, Xf, MAIN, REL, XML};
use crate::notice::source::{SheetCells, FORM_SHEETS};
use crate::notice::Notice;
use crate::progress::facts::ItemFacts;
use crate::progress::import::Source;
use crate::progress::merge::merge;
use crate::progress::{Change, Day, Edit, Field, ItemState, Progress, Timestamp, Value};

pub use super::spreadsheet::MIME;

pub const SHEET: &str = FORM_SHEETS[0];
pub const ABOUT: &str = FORM_SHEETS[1];
const FORMAT: &str = "minsheng-fill-form";
const FORMAT_VERSION: u64 = 1;

/// The header row of 填报表 (row `HEAD_ROWS`).
pub const HEADERS: [&str; 13] =
    ["序号", "事项", "牵头单位", "填报内容", "目标", "计量单位", "完成值", "已惠及（人）", "已发放（元）", "计划（元）", "此前填报", "编号", "基准"];
/// The column of each `grid::Column`'s cell: 完成值, 已惠及, 已发放, 计划.
const FIRST_FIGURE: usize = 6;
const KEY: usize = 11;
const BASE: usize = 12;
const WIDTHS: [u32; 13] = [6, 30, 16, 24, 24, 9, 12, 12, 14, 14, 22, 8, 10];
/// Rows above the first line: title, how to fill, headers.
const HEAD_ROWS: usize = 3;

// Cell formats (`spreadsheet::workbook` numbers them from 1).
const TITLE: usize = 1;
const NOTE: usize = 2;
const HEADER: usize = 3;
const TEXT: usize = 4;
const CENTER: usize = 5;
const FIGURE: usize = 6;
const NO_FIGURE: usize = 7;
const KEY_STYLE: usize = 8;
/// The pale yellow of a cell to fill in (Excel's "Note" yellow).
const TO_FILL: Rgb = Rgb(0xFF, 0xF2, 0xCC);
const GREY: Rgb = Rgb(0xED, 0xED, 0xED);

fn formats() -> Vec<Xf> {
    vec![
        Xf::new(Font::Title, false, "center", false),
        Xf::new(Font::Normal, false, "left", true),
        Xf::new(Font::Bold, true, "center", true).filled(HEADER_FILL),
        Xf::new(Font::Normal, true, "", true),
        Xf::new(Font::Normal, true, "center", false),
        Xf::new(Font::Normal, true, "", false).filled(TO_FILL).unlocked(),
        Xf::new(Font::Normal, true, "", false).filled(GREY),
        Xf::new(Font::Normal, true, "center", false).filled(GREY),
    ]
}

/// What the form is of and for.
#[derive(Debug, Clone, PartialEq)]
pub struct FormInfo {
    pub notice_title: String,
    /// `progress::keys::notice_hash` of the notice's text.
    pub notice_hash: String,
    /// The lead unit whose rows it holds (None: every unit's).
    pub unit: Option<String>,
    /// The day the figures are for (the 截至日期).
    pub day: Day,
    pub exported_at: Timestamp,
}

impl FormInfo {
    /// "区残联" or "全部单位".
    pub fn unit_shown(&self) -> &str {
        self.unit.as_deref().unwrap_or("全部单位")
    }
}

/// What a figure's cell held at the export: the value shown, and the last
/// change of its field (when, by whom, to what), if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub shown: Option<f64>,
    pub last: Option<(Timestamp, String, Value)>,
}

/// The workbook for `info` (its rows `grid::rows(notice, info.unit)`), the
/// figures as `progress` and the items' `states` hold them for `info.day`.
pub fn write(notice: &Notice, progress: &Progress, states: &[ItemState], info: &FormInfo) -> Vec<u8> {
    let rows = rows(notice, info.unit.as_deref());
    let facts = facts_by_row(&rows, states);
    let bases = bases(&rows, &facts, progress, info.day);
    let mut strings = SharedStrings::default();
    let form = form_sheet(&rows, &facts, &bases, progress, info, &mut strings);
    let about = about_sheet(info, &mut strings);
    let title = format!("{}填报表（{}）", info.notice_title, info.unit_shown());
    let end = column(KEY);
    let sheets = [
        Sheet {
            name: SHEET.into(),
            xml: form,
            defined: vec![
                ("_xlnm.Print_Titles", format!("'{SHEET}'!${HEAD_ROWS}:${HEAD_ROWS}")),
                ("_xlnm.Print_Area", format!("'{SHEET}'!$A$1:${end}${}", rows.len() + HEAD_ROWS)),
            ],
            hidden: false,
        },
        Sheet { name: ABOUT.into(), xml: about, defined: Vec::new(), hidden: false },
    ];
    workbook(&title, &sheets, &formats(), strings)
}

/// Each row's item facts on the form's day (an item with no state has none).
fn facts_by_row<'a>(rows: &[Row], states: &'a [ItemState]) -> Vec<Cow<'a, ItemFacts>> {
    let by_key: BTreeMap<u32, &ItemFacts> = states.iter().map(|s| (s.key, &s.facts)).collect();
    rows.iter().map(|row| by_key.get(&row.item.key).map_or_else(|| Cow::Owned(ItemFacts::default()), |f| Cow::Borrowed(*f))).collect()
}

/// Per row, per figure column (`Column::ALL` order): the base, None where the row has no cell.
fn bases(rows: &[Row], facts: &[Cow<ItemFacts>], progress: &Progress, day: Day) -> Vec<[Option<Base>; 4]> {
    // The last change of each field the form shows, in one pass over the history from its end.
    let mut wanted: BTreeMap<u32, Vec<(Field, usize, usize)>> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for column in Column::ALL {
            if let Some(field) = row.field(column, day) {
                wanted.entry(row.item.key).or_default().push((field, r, column.index()));
            }
        }
    }
    let mut last: BTreeMap<(usize, usize), (Timestamp, String, Value)> = BTreeMap::new();
    for change in progress.history.iter().rev() {
        let Some(fields) = wanted.get(&change.item) else { continue };
        for (field, r, c) in fields {
            if *field == change.field {
                last.entry((*r, *c)).or_insert_with(|| (change.at, change.unit.clone(), change.new.clone()));
            }
        }
    }
    rows.iter()
        .zip(facts)
        .enumerate()
        .map(|(r, (row, facts))| {
            Column::ALL
                .map(|column| row.has(column).then(|| Base { shown: row.value(column, progress, facts, day), last: last.get(&(r, column.index())).cloned() }))
        })
        .collect()
}

fn form_sheet(
    rows: &[Row],
    facts: &[Cow<ItemFacts>],
    bases: &[[Option<Base>; 4]],
    progress: &Progress,
    info: &FormInfo,
    strings: &mut SharedStrings,
) -> String {
    let last = rows.len() + HEAD_ROWS;
    let end = column(KEY);
    let mut out = format!(
        r#"{XML}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{}{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane xSplit="2" ySplit="{HEAD_ROWS}" topLeftCell="C{first}" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="G{first}" sqref="G{first}"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><cols>"#,
        column(BASE),
        first = HEAD_ROWS + 1
    );
    for (i, width) in WIDTHS.iter().enumerate() {
        let hidden = if i == BASE { r#" hidden="1""# } else { "" };
        let _ = write!(out, r#"<col min="{0}" max="{0}" width="{width}" customWidth="1"{hidden}/>"#, i + 1);
    }
    out.push_str(r#"</cols><sheetData><row r="1" ht="28" customHeight="1">"#);
    strings.cell(&mut out, 0, 1, TITLE, &format!("{}　填报表（{}）", info.notice_title, info.unit_shown()));
    out.push_str(r#"</row><row r="2" ht="48" customHeight="1">"#);
    strings.cell(
        &mut out,
        0,
        2,
        NOTE,
        &format!(
            "截至日期：{}。请只在黄色格子里填写截至该日的累计数；可写“12.5万”“4500人次”“8.6万元”等，导入时按“计量单位”换算。不要增删行列，不要改动“序号”“编号”两列。填好后保存为 .xlsx，交回后在看板上点“导入数据”选此文件。",
            super::format::date_cn(&info.day.to_string())
        ),
    );
    out.push_str(r#"</row><row r="3" ht="30" customHeight="1">"#);
    for (col, header) in HEADERS.iter().enumerate() {
        strings.cell(&mut out, col, 3, HEADER, header);
    }
    out.push_str("</row>");
    for (i, ((row, base), facts)) in rows.iter().zip(bases).zip(facts).enumerate() {
        let r = i + HEAD_ROWS + 1;
        let _ = write!(out, r#"<row r="{r}">"#);
        number_cell(&mut out, 0, r, CENTER, f64::from(row.item.no));
        strings.cell(&mut out, 1, r, TEXT, &row.item.text);
        strings.cell(&mut out, 2, r, TEXT, &row.item.units.join("、"));
        strings.cell(&mut out, 3, r, TEXT, &row.label());
        strings.cell(&mut out, 4, r, TEXT, &row.goal());
        strings.cell(&mut out, 5, r, CENTER, if row.has(Column::Achieved) { row.unit(Column::Achieved) } else { "人 / 元" });
        for column in Column::ALL {
            let col = FIRST_FIGURE + column.index();
            match &base[column.index()] {
                Some(Base { shown: Some(v), .. }) => number_cell(&mut out, col, r, FIGURE, *v),
                Some(_) => strings.cell(&mut out, col, r, FIGURE, ""),
                None => strings.cell(&mut out, col, r, NO_FIGURE, ""),
            }
        }
        strings.cell(&mut out, 10, r, TEXT, &row.placeholder(Column::Achieved, progress, facts, info.day));
        strings.cell(&mut out, KEY, r, KEY_STYLE, &row.key());
        strings.cell(&mut out, BASE, r, TEXT, &base_text(base));
        out.push_str("</row>");
    }
    let _ = write!(
        out,
        r#"</sheetData><sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/><mergeCells count="2"><mergeCell ref="A1:{end}1"/><mergeCell ref="A2:{end}2"/></mergeCells><pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>"#
    );
    out
}

/// The labels of 说明's facts, in column A (their values in B).
const LABEL_FORMAT: &str = "文件格式";
const LABEL_NOTICE: &str = "通知";
const LABEL_HASH: &str = "通知编号";
const LABEL_UNIT: &str = "填报单位";
const LABEL_DAY: &str = "截至日期";
const LABEL_EXPORTED: &str = "导出时间";

fn about_sheet(info: &FormInfo, strings: &mut SharedStrings) -> String {
    let lines = [
        ("怎样填写", "在“填报表”工作表的黄色格子里填写截至日期的累计完成数；灰色格子不用填。".to_string()),
        ("", "数字可以带单位或“万”：如“12.5万”“4500人次”“8.6万元”，导入时按该行的计量单位换算；金额以元为单位。".to_string()),
        ("", "不要增删行列，不要改动“序号”“编号”两列和本页的内容；工作表保护没有密码，只为防止误改。".to_string()),
        ("", "填好后保存（.xlsx 格式），交回后由看板的“导入数据”读入：导入前会列出每一处改动，与看板上已有的修改冲突时由您选择。".to_string()),
        ("", String::new()),
        (LABEL_FORMAT, format!("{FORMAT} {FORMAT_VERSION}")),
        (LABEL_NOTICE, info.notice_title.clone()),
        (LABEL_HASH, info.notice_hash.clone()),
        (LABEL_UNIT, info.unit_shown().to_string()),
        (LABEL_DAY, info.day.to_string()),
        (LABEL_EXPORTED, info.exported_at.to_string()),
    ];
    let mut out = format!(
        r#"{XML}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:B{}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><cols><col min="1" max="1" width="12" customWidth="1"/><col min="2" max="2" width="100" customWidth="1"/></cols><sheetData>"#,
        lines.len()
    );
    for (i, (label, text)) in lines.iter().enumerate() {
        let r = i + 1;
        let _ = write!(out, r#"<row r="{r}">"#);
        strings.cell(&mut out, 0, r, if label.is_empty() { TEXT } else { HEADER }, label);
        strings.cell(&mut out, 1, r, NOTE, text);
        out.push_str("</row>");
    }
    out.push_str(r#"</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/></worksheet>"#);
    out
}

/// The 基准 cell: per figure column, null (no cell) or `[shown, at, unit, value]`
/// (`shown` null when the cell was empty; `at`, `unit`, `value` null when the field has no change).
fn base_text(base: &[Option<Base>; 4]) -> String {
    let cells: Vec<Json> = base
        .iter()
        .map(|b| match b {
            None => Json::Null,
            Some(Base { shown, last }) => {
                let (at, unit, value) = match last {
                    Some((at, unit, value)) => (json!(at.to_string()), json!(unit), value_json(value)),
                    None => (Json::Null, Json::Null, Json::Null),
                };
                json!([shown, at, unit, value])
            }
        })
        .collect();
    Json::Array(cells).to_string()
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::Empty => Json::Null,
        Value::Number(n) => json!(n),
        Value::Text(t) => json!(t),
    }
}

fn json_value(json: &Json) -> Option<Value> {
    match json {
        Json::Null => Some(Value::Empty),
        Json::Number(n) => n.as_f64().map(Value::Number),
        Json::String(s) => Some(Value::Text(s.clone())),
        _ => None,
    }
}

fn read_base(text: &str) -> Option<[Option<Base>; 4]> {
    let Json::Array(cells) = serde_json::from_str::<Json>(text).ok()? else { return None };
    if cells.len() != 4 {
        return None;
    }
    let mut out: [Option<Base>; 4] = Default::default();
    for (slot, cell) in out.iter_mut().zip(&cells) {
        *slot = match cell {
            Json::Null => None,
            Json::Array(parts) if parts.len() == 4 => {
                let shown = match &parts[0] {
                    Json::Null => None,
                    v => Some(v.as_f64()?),
                };
                let last = match (&parts[1], &parts[2]) {
                    (Json::Null, _) => None,
                    (Json::String(at), Json::String(unit)) => Some((Timestamp::parse_or_prior(at)?, unit.clone(), json_value(&parts[3])?)),
                    _ => return None,
                };
                Some(Base { shown, last })
            }
            _ => return None,
        };
    }
    Some(out)
}

/// A figure the unit changed: the edit, and what its cell held at the export.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledCell {
    pub edit: Edit,
    pub base: Base,
}

/// A filled form, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The lead unit it was for ("" for every unit's).
    pub unit: String,
    pub day: Day,
    pub exported_at: Timestamp,
    /// The figures that differ from what the form showed, in the sheet's order.
    pub cells: Vec<FilledCell>,
}

/// Why a workbook is not a form of this notice, or what is wrong in it.
#[derive(Debug, Clone, PartialEq)]
pub enum FormError {
    /// No sheets 填报表 and 说明: not a form (maybe a snapshot's or a notice's workbook).
    NotAForm,
    /// A form of another notice (its title).
    OtherNotice(String),
    /// Written by a newer version of the app.
    Newer(u64),
    /// Problems, each naming its sheet, row and column.
    Cells(Vec<String>),
}

/// Problems listed in a message before "另有 N 处".
const SHOWN_PROBLEMS: usize = 5;

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::NotAForm => {
                write!(f, "这个 Excel 文件不是本看板导出的填报表（没有“{SHEET}”和“{ABOUT}”两张工作表）。请在“填报”页点“导出填报表”，填好后再导入。")
            }
            FormError::OtherNotice(title) => write!(f, "这份填报表属于另一份通知《{title}》，与本页的通知不同，不能导入。"),
            FormError::Newer(v) => write!(f, "这份填报表由较新版本的看板导出（格式第 {v} 版），请用新版本打开。"),
            FormError::Cells(problems) => {
                write!(f, "填报表有 {} 处问题，未导入任何数据：", problems.len())?;
                for p in problems.iter().take(SHOWN_PROBLEMS) {
                    write!(f, "{p}；")?;
                }
                if problems.len() > SHOWN_PROBLEMS {
                    write!(f, "另有 {} 处。", problems.len() - SHOWN_PROBLEMS)?;
                }
                write!(f, "请改正后再导入。")
            }
        }
    }
}

/// A fact of 说明 (its row and text) read by `parse` as `what` (日期, 时间), or the problem said.
fn read_fact<T>(found: Option<(u32, &str)>, label: &str, what: &str, parse: impl Fn(&str) -> Option<T>, problems: &mut Vec<String>) -> Option<T> {
    let Some((row, text)) = found else {
        problems.push(missing_fact(label));
        return None;
    };
    let value = parse(text);
    if value.is_none() {
        problems.push(format!("{}：“{text}”不是{what}", place(ABOUT, row, 1, "")));
    }
    value
}

/// A row of 说明 that is not there.
fn missing_fact(label: &str) -> String {
    format!("工作表“{ABOUT}”中找不到“{label}”一行（本页的内容不要改动）")
}

/// "工作表“填报表”第12行G列（完成值）".
fn place(sheet: &str, row: u32, col: usize, header: &str) -> String {
    if header.is_empty() {
        format!("工作表“{sheet}”第{row}行{}列", column(col))
    } else {
        format!("工作表“{sheet}”第{row}行{}列（{header}）", column(col))
    }
}

/// Read a filled form of `notice` (whose text hashes to `notice_hash`) from
/// the workbook's `sheets` (`notice::source::read_sheets`). Everything is
/// checked before anything is returned; nothing is changed anywhere.
pub fn read(notice: &Notice, notice_hash: &str, sheets: &[SheetCells]) -> Result<Filled, FormError> {
    let (Some(form), Some(about)) = (sheets.iter().find(|s| s.name == SHEET), sheets.iter().find(|s| s.name == ABOUT)) else {
        return Err(FormError::NotAForm);
    };
    let fact = |label: &str| {
        about.rows.iter().find(|(_, cells)| cells.first().is_some_and(|c| c.trim() == label)).map(|(n, cells)| (*n, cells.get(1).map_or("", |c| c.trim())))
    };
    let mut problems = Vec::new();
    match fact(LABEL_FORMAT).map(|(_, v)| v.split_once(' ').map(|(f, n)| (f == FORMAT, n.parse::<u64>().ok()))) {
        Some(Some((true, Some(v)))) if v > FORMAT_VERSION => return Err(FormError::Newer(v)),
        Some(Some((true, Some(_)))) => {}
        _ => return Err(FormError::NotAForm),
    }
    match fact(LABEL_HASH) {
        Some((_, hash)) if hash == notice_hash => {}
        Some(_) => return Err(FormError::OtherNotice(fact(LABEL_NOTICE).map_or("", |(_, t)| t).to_string())),
        None => problems.push(missing_fact(LABEL_HASH)),
    }
    let day = read_fact(fact(LABEL_DAY), LABEL_DAY, "日期", Day::parse, &mut problems);
    let exported_at = read_fact(fact(LABEL_EXPORTED), LABEL_EXPORTED, "时间", Timestamp::parse, &mut problems);
    let unit = match fact(LABEL_UNIT) {
        Some((_, "全部单位")) => String::new(),
        Some((_, unit)) => unit.to_string(),
        None => String::new(),
    };
    let (Some(day), Some(exported_at)) = (day, exported_at) else {
        return Err(FormError::Cells(problems));
    };
    // The header row, exactly.
    match form.rows.iter().find(|(n, _)| *n as usize == HEAD_ROWS) {
        Some((n, cells)) => {
            for (col, header) in HEADERS.iter().enumerate() {
                let found = cells.get(col).map_or("", |c| c.trim());
                if found != *header {
                    problems.push(format!("{}应为表头“{header}”，现为“{found}”：表格的列被改动过，请用新导出的填报表重新填写", place(SHEET, *n, col, "")));
                }
            }
        }
        None => problems.push(format!("工作表“{SHEET}”第{HEAD_ROWS}行的表头不见了：请用新导出的填报表重新填写")),
    }
    if !problems.is_empty() {
        return Err(FormError::Cells(problems));
    }
    let all = rows(notice, None);
    let mut seen: Vec<(String, u32)> = Vec::new();
    let mut cells = Vec::new();
    for (n, line) in form.rows.iter().filter(|(n, _)| *n as usize > HEAD_ROWS) {
        let cell = |col: usize| line.get(col).map_or("", |c| c.trim());
        if line.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let key = cell(KEY);
        let Some(row) = all.iter().find(|r| r.key() == key) else {
            problems.push(format!("{}“{key}”不是本通知的填报行：请不要改动编号列，也不要增加行", place(SHEET, *n, KEY, "编号")));
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
            problems.push(format!("{}“{key}”与第{first}行重复：同一行只能出现一次", place(SHEET, *n, KEY, "编号")));
            continue;
        }
        seen.push((key.to_string(), *n));
        if cell(0) != row.item.no.to_string() {
            problems.push(format!("{}应为 {}，现为“{}”：请不要改动序号列", place(SHEET, *n, 0, "序号"), row.item.no, cell(0)));
            continue;
        }
        let Some(base) = read_base(cell(BASE)) else {
            problems.push(format!("{}（隐藏列）的内容被改动过：请用新导出的填报表重新填写", place(SHEET, *n, BASE, "基准")));
            continue;
        };
        for column in Column::ALL {
            let col = FIRST_FIGURE + column.index();
            let typed = cell(col);
            let at = place(SHEET, *n, col, HEADERS[col]);
            match (row.edit(column, typed, day), &base[column.index()]) {
                (None, _) if typed.is_empty() => {}
                (None, _) => problems.push(format!("{at}：{}没有这一栏，请留空", row.name())),
                (Some(Err(why)), _) => problems.push(format!("{at}：{why}")),
                (Some(Ok(_)), None) => problems.push(format!("{at}（隐藏列“基准”）与此行不符：请用新导出的填报表重新填写")),
                (Some(Ok(edit)), Some(base)) => {
                    if edit.value.number() != base.shown {
                        cells.push(FilledCell { edit, base: base.clone() });
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(FormError::Cells(problems));
    }
    Ok(Filled { unit, day, exported_at, cells })
}

/// Who a form for every unit was filled by, in the history.
const ALL_UNITS_FILLER: &str = "填报表（全部单位）";

/// A filled form as a copy to merge like a snapshot (`progress::import::merged`):
/// per figure the unit changed, the last change of its field at the export
/// (the past this copy shares with the one it came from) and the unit's value,
/// recorded at `now` by the form's unit. A field this copy changed since the
/// export is then a conflict for the user to decide; one it did not change
/// takes the unit's value; every other field is left as it is.
pub fn source(name: String, filled: &Filled, now: Timestamp) -> Source {
    let unit = if filled.unit.is_empty() { ALL_UNITS_FILLER } else { filled.unit.as_str() };
    let mut history = Vec::with_capacity(filled.cells.len() * 2);
    for cell in &filled.cells {
        let (item, field) = (cell.edit.item, cell.edit.field.clone());
        let mut old = Value::Empty;
        if let Some((at, by, value)) = &cell.base.last {
            history.push(Change { at: *at, unit: by.clone(), item, field: field.clone(), old: Value::Empty, new: value.clone() });
            old = value.clone();
        }
        history.push(Change { at: now, unit: unit.to_string(), item, field, old, new: cell.edit.value.clone() });
    }
    // The state is the history replayed (`merge` of the one copy).
    let progress = merge(&[&Progress { history, ..Progress::default() }]).progress;
    Source { name, unit: unit.to_string(), exported_at: filled.exported_at, progress, as_of: Some(filled.day) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::source::read_sheets;
    use crate::notice::{parse, Notice};
    use crate::progress::import::merged;
    use crate::progress::keys::notice_hash;
    use crate::progress::timestamp::ts;
    use crate::progress::{Fact, Tracker};
    use crate::view::progress::item_states;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use std::io::Cursor;
    use std::sync::OnceLock;

    fn notice() -> &'static Notice {
        static N: OnceLock<Notice> = OnceLock::new();
        N.get_or_init(|| parse(crate::BUNDLED_NOTICE))
    }

    fn day() -> Day {
        Day::parse("2023-09-30").unwrap()
    }

    fn info(unit: Option<&str>) -> FormInfo {
        FormInfo {
            notice_title: "相山区2023年民生实事".into(),
            notice_hash: notice_hash(crate::BUNDLED_NOTICE),
            unit: unit.map(String::from),
            day: day(),
            exported_at: ts("2023-10-08T09:30:00"),
        }
    }

    /// The office's copy: item 7's first target at 300 and its first subsidy's
    /// 已惠及 at 120 for the day, by 区残联 on 10-01.
    fn office() -> Tracker {
        let mut t = Tracker::default();
        t.progress.settings.unit = "区残联".into();
        let at = ts("2023-10-01T10:00:00");
        t.edit(notice(), Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: day() }, value: Value::Number(300.0) }, at).unwrap();
        let served = Field::Dated { fact: Fact::SubsidyServed { subsidy: 0 }, on: day() };
        t.edit(notice(), Edit { item: 7, field: served, value: Value::Number(120.0) }, at).unwrap();
        t
    }

    fn form(progress: &Progress, unit: Option<&str>) -> Vec<u8> {
        let states = item_states(notice(), progress, day());
        write(notice(), progress, &states, &info(unit))
    }

    fn sheets(bytes: &[u8]) -> Vec<SheetCells> {
        read_sheets(bytes).expect("our own workbook reads")
    }

    /// Set the text of cell (`row` from 1, `col`) of sheet `name`.
    fn set(sheets: &mut [SheetCells], name: &str, row: u32, col: usize, text: &str) {
        let sheet = sheets.iter_mut().find(|s| s.name == name).unwrap();
        let cells = &mut sheet.rows.iter_mut().find(|(n, _)| *n == row).unwrap().1;
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text.to_string();
    }

    /// The sheet row (from 1) of the grid row `key` ("7-t0").
    fn row_of(sheets: &[SheetCells], key: &str) -> u32 {
        sheets[0].rows.iter().find(|(_, c)| c.get(KEY).is_some_and(|k| k == key)).unwrap().0
    }

    fn read_back(sheets: &[SheetCells]) -> Result<Filled, FormError> {
        read(notice(), &notice_hash(crate::BUNDLED_NOTICE), sheets)
    }

    #[test]
    fn an_independent_reader_sees_the_units_rows_prefilled() {
        let t = office();
        let bytes = form(&t.progress, Some("区残联"));
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec![SHEET.to_string(), ABOUT.to_string()]);
        let range = book.worksheet_range(SHEET).unwrap();
        let grid_rows = rows(notice(), Some("区残联"));
        assert_eq!(range.height(), HEAD_ROWS + grid_rows.len());
        let headers: Vec<String> = (0..HEADERS.len() as u32).map(|c| range.get_value((2, c)).unwrap().to_string()).collect();
        assert_eq!(headers, HEADERS);
        // Row 4 is item 7's first target, prefilled with 300; its subsidy's 已惠及 with 120.
        assert_eq!(range.get_value((3, 0)), Some(&Data::Float(7.0)));
        assert_eq!(range.get_value((3, KEY as u32)), Some(&Data::String("7-t0".into())));
        assert_eq!(range.get_value((3, FIRST_FIGURE as u32)), Some(&Data::Float(300.0)));
        assert_eq!(range.get_value((4, KEY as u32)), Some(&Data::String("7-s0".into())));
        assert_eq!(range.get_value((4, FIRST_FIGURE as u32 + 1)), Some(&Data::Float(120.0)));
        let about = book.worksheet_range(ABOUT).unwrap();
        let facts: Vec<(String, String)> = about.rows().map(|r| (r[0].to_string(), r[1].to_string())).collect();
        assert!(facts.contains(&(LABEL_UNIT.into(), "区残联".into())), "{facts:?}");
        assert!(facts.contains(&(LABEL_DAY.into(), "2023-09-30".into())));
        let all = form(&t.progress, None);
        let range = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(all)).unwrap().worksheet_range(SHEET).unwrap();
        assert_eq!(range.height(), HEAD_ROWS + rows(notice(), None).len());
    }

    #[test]
    fn a_form_read_back_unchanged_changes_nothing() {
        let t = office();
        let filled = read_back(&sheets(&form(&t.progress, Some("区残联")))).unwrap();
        assert_eq!((filled.unit.as_str(), filled.day, filled.exported_at), ("区残联", day(), ts("2023-10-08T09:30:00")));
        assert!(filled.cells.is_empty(), "{:?}", filled.cells);
        let filled = read_back(&sheets(&form(&Progress::default(), None))).unwrap();
        assert_eq!(filled.unit, "");
        assert!(filled.cells.is_empty());
    }

    #[test]
    fn figures_typed_as_people_write_them_become_edits_for_the_day() {
        let t = office();
        let mut book = sheets(&form(&t.progress, Some("区残联")));
        let target = row_of(&book, "7-t0");
        let subsidy = row_of(&book, "7-s0");
        set(&mut book, SHEET, target, FIRST_FIGURE, "４５０");
        set(&mut book, SHEET, subsidy, FIRST_FIGURE + 2, "8.6万元");
        set(&mut book, SHEET, subsidy, FIRST_FIGURE + 1, "");
        let filled = read_back(&book).unwrap();
        let edits: Vec<(u32, Field, Value)> = filled.cells.iter().map(|c| (c.edit.item, c.edit.field.clone(), c.edit.value.clone())).collect();
        assert_eq!(
            edits,
            vec![
                (7, Field::TargetAchieved { target: 0, as_of: day() }, Value::Number(450.0)),
                (7, Field::Dated { fact: Fact::SubsidyServed { subsidy: 0 }, on: day() }, Value::Text(String::new())),
                (7, Field::Dated { fact: Fact::SubsidyDisbursed { subsidy: 0 }, on: day() }, Value::Number(86000.0)),
            ]
        );
        assert_eq!(filled.cells[0].base.shown, Some(300.0));
        assert_eq!(
            filled.cells[0].base.last.as_ref().map(|(at, unit, v)| (*at, unit.as_str(), v.clone())),
            Some((ts("2023-10-01T10:00:00"), "区残联", Value::Number(300.0)))
        );
        assert_eq!(filled.cells[2].base.last, None);
    }

    #[test]
    fn every_problem_is_named_by_sheet_row_and_column_and_nothing_is_taken() {
        let t = office();
        let clean = sheets(&form(&t.progress, Some("区残联")));
        let target = row_of(&clean, "7-t0");
        let message = |edit: &dyn Fn(&mut Vec<SheetCells>)| {
            let mut book = clean.clone();
            edit(&mut book);
            read_back(&book).unwrap_err().to_string()
        };
        let m = message(&|b| set(b, SHEET, target, FIRST_FIGURE, "三百"));
        assert!(m.contains(&format!("工作表“填报表”第{target}行G列（完成值）")) && m.contains("未导入任何数据"), "{m}");
        let m = message(&|b| set(b, SHEET, target, FIRST_FIGURE + 2, "100"));
        assert!(m.contains(&format!("第{target}行I列（已发放（元））")) && m.contains("没有这一栏"), "{m}");
        let m = message(&|b| set(b, SHEET, target, FIRST_FIGURE, "-5"));
        assert!(m.contains(&format!("第{target}行G列")), "{m}");
        let m = message(&|b| set(b, SHEET, 3, FIRST_FIGURE, "完成数"));
        assert!(m.contains("第3行G列应为表头“完成值”，现为“完成数”"), "{m}");
        let m = message(&|b| set(b, SHEET, target, KEY, "99-t0"));
        assert!(m.contains(&format!("第{target}行L列（编号）“99-t0”不是本通知的填报行")), "{m}");
        let m = message(&|b| set(b, SHEET, target + 1, KEY, "7-t0"));
        assert!(m.contains(&format!("与第{target}行重复")), "{m}");
        let m = message(&|b| set(b, SHEET, target, 0, "8"));
        assert!(m.contains("A列（序号）应为 7"), "{m}");
        let m = message(&|b| set(b, SHEET, target, BASE, "[1,2]"));
        assert!(m.contains("M列（基准）"), "{m}");
        let m = message(&|b| set(b, ABOUT, 10, 1, "九月底"));
        assert!(m.contains("工作表“说明”第10行B列：“九月底”不是日期"), "{m}");
        // Several problems: counted, the first ones named.
        let m = message(&|b| {
            for key in ["7-t0", "7-s0", "7-s1", "7-s2", "7-s3", "8-t0", "11-t0"] {
                let row = row_of(b, key);
                set(b, SHEET, row, FIRST_FIGURE + 1, "x");
            }
        });
        assert!(m.starts_with("填报表有 7 处问题") && m.contains("另有 2 处"), "{m}");
    }

    #[test]
    fn other_files_are_told_apart() {
        let t = office();
        let book = sheets(&form(&t.progress, None));
        assert_eq!(read(notice(), "0123", &book), Err(FormError::OtherNotice("相山区2023年民生实事".into())));
        let mut newer = book.clone();
        set(&mut newer, ABOUT, 6, 1, "minsheng-fill-form 2");
        assert_eq!(read_back(&newer), Err(FormError::Newer(2)));
        assert_eq!(read_back(&book[..1]), Err(FormError::NotAForm));
        // The 通报 workbook is no form.
        let report = crate::view::xlsx::report_xlsx("通报", "", &[]);
        assert_eq!(read_back(&sheets(&report)), Err(FormError::NotAForm));
        assert!(FormError::NotAForm.to_string().contains("导出填报表"));
        // Opened as a notice, a form is told to be imported instead.
        let as_notice = crate::notice::read("填报表.xlsx", &form(&Progress::default(), None)).unwrap_err();
        assert_eq!(as_notice, crate::notice::SourceError::FillForm);
        assert!(as_notice.to_string().contains("导入数据"));
    }

    #[test]
    fn a_field_changed_here_since_the_export_is_a_conflict_the_others_are_taken() {
        let mut here = office();
        let mut book = sheets(&form(&here.progress, Some("区残联")));
        let (target, subsidy) = (row_of(&book, "7-t0"), row_of(&book, "7-s0"));
        set(&mut book, SHEET, target, FIRST_FIGURE, "450");
        set(&mut book, SHEET, subsidy, FIRST_FIGURE + 1, "130");
        let filled = read_back(&book).unwrap();
        // Meanwhile the office changed the target (not the subsidy).
        here.progress.settings.unit = "区政府办".into();
        let target_field = Field::TargetAchieved { target: 0, as_of: day() };
        here.edit(notice(), Edit { item: 7, field: target_field.clone(), value: Value::Number(320.0) }, ts("2023-10-09T08:00:00")).unwrap();
        let copy = source("区残联填报表.xlsx".into(), &filled, ts("2023-10-10T09:00:00"));
        assert_eq!((copy.unit.as_str(), copy.as_of), ("区残联", Some(day())));
        let m = merged(&here.progress, std::slice::from_ref(&copy));
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert_eq!((m.conflicts[0].item, &m.conflicts[0].field), (7, &target_field));
        let values: Vec<&Value> = m.conflicts[0].candidates.iter().map(|c| &c.value).collect();
        assert_eq!(values, [&Value::Number(320.0), &Value::Number(450.0)]);
        let served = Field::Dated { fact: Fact::SubsidyServed { subsidy: 0 }, on: day() };
        assert_eq!(m.progress.get(7, &served), Value::Number(130.0), "the unchanged field takes the unit's value");
        // Had the office not changed it, the unit's value is taken without a conflict.
        let m = merged(&office().progress, std::slice::from_ref(&copy));
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.progress.get(7, &target_field), Value::Number(450.0));
        // Importing the same form twice changes nothing more.
        let again = merged(&m.progress, &[copy]);
        assert_eq!(again.progress.items, m.progress.items);
        assert!(again.conflicts.is_empty());
    }
}
