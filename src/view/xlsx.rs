//! The 通报 as an Excel workbook (#6, #15). One sheet, 通报: the title and the
//! opening summary each merged over the columns; the bold, filled header row
//! (frozen, with an autofilter); each category's heading merged over a row,
//! then one row per item, 完成状况 filled pale in its light's colour; borders
//! and wrapped text; A4 landscape, one page wide, the headers repeated on
//! every printed page, page numbers in the footer.
//!
//! Written by hand: a few SpreadsheetML parts (ECMA-376's minimal package plus
//! styles, shared strings and the title in docProps) zipped by `view::zip_write`
//! with the deflate of the `miniz_oxide` we already ship. Measured in the release build:
//! rust_xlsxwriter 0.102 (with zip, flate2, zopfli) added 497 KB of wasm and
//! 217 KB gzip to the single file, which had ~28 KB gzip left under its budget;
//! this writer adds ~9 KB of wasm, ~3.4 KB gzip.

use std::fmt::Write;

use super::spreadsheet::{column, workbook, Font, SharedStrings, Sheet, Xf, MAIN, REL, XML};
use crate::progress::Light;
use crate::view::palette::{light_pale, HEADER_FILL};
use crate::view::report::{Line, HEADERS};

pub use super::spreadsheet::MIME;

const SHEET: &str = "通报";
/// Column widths in widths of the default font's digit (a CJK character takes ~2).
const WIDTHS: [u32; 11] = [6, 36, 10, 14, 10, 14, 20, 40, 12, 14, 22];
/// 完成状况 is filled with its light's pale colour (`palette::light_pale`), in this order.
const LIGHT_FILLS: [Light; 4] = Light::ALL;

// Indices into cellXfs (see `formats`).
const TITLE: usize = 1;
const HEADER: usize = 2;
const TEXT: usize = 3;
const NUMBER: usize = 4;
fn light_style(light: Light) -> usize {
    5 + LIGHT_FILLS.iter().position(|l| *l == light).unwrap_or(3)
}
const CATEGORY: usize = 5 + LIGHT_FILLS.len();
const SUMMARY: usize = CATEGORY + 1;
/// The rows above the first line: title, summary, headers.
const HEAD_ROWS: usize = 3;

/// The cell formats TITLE, HEADER, TEXT, NUMBER, one per light in LIGHT_FILLS order, CATEGORY, SUMMARY.
fn formats() -> Vec<Xf> {
    let mut xfs = vec![
        Xf::new(Font::Title, false, "center", false),
        Xf::new(Font::Bold, true, "center", true).filled(HEADER_FILL),
        Xf::new(Font::Normal, true, "", true),
        Xf::new(Font::Normal, true, "center", false),
    ];
    xfs.extend(LIGHT_FILLS.map(|l| Xf::new(Font::Normal, true, "center", true).filled(light_pale(l))));
    xfs.extend([Xf::new(Font::Bold, true, "left", true), Xf::new(Font::Normal, false, "left", true)]);
    xfs
}

/// The workbook (.xlsx bytes) of `lines` (`report::lines`) under `title`, e.g.
/// "相山区2023年民生实事完成情况通报（截至2023年10月31日）" (`report::Heading::title_line`),
/// and the opening `summary` (`report::summary`).
pub fn report_xlsx(title: &str, summary: &str, lines: &[Line]) -> Vec<u8> {
    let last = lines.len() + HEAD_ROWS;
    let mut strings = SharedStrings::default();
    let xml = sheet(title, summary, lines, &mut strings);
    let end = column(WIDTHS.len() - 1);
    let defined = vec![
        ("_xlnm._FilterDatabase", format!("'{SHEET}'!$A${HEAD_ROWS}:${end}${last}")),
        ("_xlnm.Print_Titles", format!("'{SHEET}'!${HEAD_ROWS}:${HEAD_ROWS}")),
    ];
    workbook(title, &[Sheet { name: SHEET.into(), xml, defined, hidden: false }], &formats(), strings)
}

/// The worksheet part; its texts go to `strings` and are referred to by index.
fn sheet(title: &str, summary: &str, lines: &[Line], strings: &mut SharedStrings) -> String {
    let last = lines.len() + HEAD_ROWS;
    let end = column(WIDTHS.len() - 1);
    let mut out = format!(
        r#"{XML}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{end}{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="{HEAD_ROWS}" topLeftCell="A{first}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A{first}" sqref="A{first}"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><cols>"#,
        first = HEAD_ROWS + 1
    );
    for (i, width) in WIDTHS.iter().enumerate() {
        let _ = write!(out, r#"<col min="{0}" max="{0}" width="{width}" customWidth="1"/>"#, i + 1);
    }
    out.push_str(r#"</cols><sheetData><row r="1" ht="32" customHeight="1">"#);
    strings.cell(&mut out, 0, 1, TITLE, title);
    out.push_str(r#"</row><row r="2" ht="36" customHeight="1">"#);
    strings.cell(&mut out, 0, 2, SUMMARY, summary);
    out.push_str(r#"</row><row r="3">"#);
    for (col, header) in HEADERS.iter().enumerate() {
        strings.cell(&mut out, col, 3, HEADER, header);
    }
    out.push_str("</row>");
    let mut merges = vec![format!("A1:{end}1"), format!("A2:{end}2")];
    for (i, line) in lines.iter().enumerate() {
        let row = i + HEAD_ROWS + 1;
        let _ = write!(out, r#"<row r="{row}">"#);
        match line {
            Line::Category(name) => {
                strings.cell(&mut out, 0, row, CATEGORY, name);
                // The merged cells keep their borders.
                for col in 1..WIDTHS.len() {
                    let _ = write!(out, r#"<c r="{}{row}" s="{CATEGORY}"/>"#, column(col));
                }
                merges.push(format!("A{row}:{end}{row}"));
            }
            Line::Item(r) => {
                super::spreadsheet::number_cell(&mut out, 0, row, NUMBER, f64::from(r.no));
                for (col, cell) in r.cells().iter().enumerate().skip(1) {
                    let style = if HEADERS[col] == "完成状况" { light_style(r.light) } else { TEXT };
                    strings.cell(&mut out, col, row, style, cell);
                }
            }
        }
        out.push_str("</row>");
    }
    let _ = write!(out, r#"</sheetData><autoFilter ref="A{HEAD_ROWS}:{end}{last}"/><mergeCells count="{}">"#, merges.len());
    for m in merges {
        let _ = write!(out, r#"<mergeCell ref="{m}"/>"#);
    }
    out.push_str(
        r#"</mergeCells><printOptions horizontalCentered="1"/><pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>"#,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::{parse, Item, Notice};
    use crate::progress::{Day, Edit, Field, Status, Tracker, Value};
    use crate::view::report::{lines, rows, ReportRow};
    use calamine::{open_workbook_from_rs, BorderStyle, Data, Reader, Xlsx};
    use std::io::Cursor;

    const TITLE_TEXT: &str = "相山区2023年民生实事完成情况通报（截至2023年10月31日）";
    const SUMMARY_TEXT: &str = "截至2023年10月31日，50件民生实事已完成0件。";

    fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).expect("a readable xlsx")
    }

    fn text(s: &str) -> Data {
        Data::String(s.to_string())
    }

    /// Rows of the bundled notice at 2023-10-31 (83 % of the year) with some
    /// progress: item 7 and two more items due at the year's end reported at 88 %
    /// (green), 65 % (yellow) and 20 % (red) of their first target, item 8
    /// paused, item 9 with `note`.
    fn known_rows(note: &str) -> (Notice, Vec<ReportRow>) {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        let day = Day::parse("2023-10-31").unwrap();
        let at = crate::progress::timestamp::ts("2023-11-01T09:00:00");
        let year_end = n.items.iter().filter(|i| i.no > 9 && !i.targets.is_empty() && crate::progress::schedule::deadline(i, 2023).is_none());
        let reported = [7].into_iter().chain(year_end.map(|i| i.no).take(2));
        for (no, share) in reported.zip([0.88, 0.65, 0.2]) {
            let value = (n.items.iter().find(|i| i.no == no).unwrap().targets[0].value * share).round();
            t.edit(&n, Edit { item: no, field: Field::TargetAchieved { target: 0, as_of: day }, value: Value::Number(value) }, at).unwrap();
        }
        // Recorded on 11-01 for the 10-31 report.
        let on = |fact| Field::Dated { fact, on: day };
        use crate::progress::Fact;
        t.edit(&n, Edit { item: 8, field: on(Fact::Status), value: Value::Text(Status::Paused.key().into()) }, at).unwrap();
        t.edit(&n, Edit { item: 8, field: on(Fact::PauseReason), value: Value::Text("场地改造".into()) }, at).unwrap();
        t.edit(&n, Edit { item: 9, field: on(Fact::Note), value: Value::Text(note.into()) }, at).unwrap();
        t.edit(&n, Edit { item: 9, field: Field::Leader, value: Value::Text("王副区长".into()) }, at).unwrap();
        let items: Vec<&Item> = n.items.iter().collect();
        let rows = rows(&n, &items, &t.progress, day);
        (n, rows)
    }

    fn workbook_of(n: &Notice, rows: &[ReportRow]) -> Vec<u8> {
        report_xlsx(TITLE_TEXT, SUMMARY_TEXT, &lines(n, rows))
    }

    #[test]
    fn the_workbook_reads_back_cell_for_cell() {
        let note = "A&B <C> \"D\" 'E'\n第二行_x0041_";
        let (n, rows) = known_rows(note);
        assert_eq!(rows.len(), 50);
        let lines = lines(&n, &rows);
        assert_eq!(lines.len(), 50 + n.categories.len());
        let mut book = read(workbook_of(&n, &rows));
        assert_eq!(book.sheet_names(), vec![SHEET.to_string()]);
        let range = book.worksheet_range(SHEET).unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        assert_eq!(range.end(), Some((lines.len() as u32 + 2, 10)));
        assert_eq!(range.get((0, 0)), Some(&text(TITLE_TEXT)));
        assert_eq!(range.get((1, 0)), Some(&text(SUMMARY_TEXT)));
        let headers: Vec<Data> = (0..11).map(|c| range.get((2, c)).unwrap().clone()).collect();
        assert_eq!(headers, HEADERS.map(text));
        let mut merged_rows = vec![0, 1];
        for (i, line) in lines.iter().enumerate() {
            let row = i + 3;
            match line {
                Line::Category(name) => {
                    assert_eq!(range.get((row, 0)), Some(&text(name)));
                    merged_rows.push(row as u32);
                }
                Line::Item(r) => {
                    let cells: Vec<Data> = (0..11).map(|c| range.get((row, c)).unwrap().clone()).collect();
                    let mut expected: Vec<Data> = r.cells().iter().map(|c| if c.is_empty() { Data::Empty } else { text(c) }).collect();
                    expected[0] = Data::Float(f64::from(r.no));
                    assert_eq!(cells, expected, "row of item {}", r.no);
                }
            }
        }
        let by_no = |no: u32| lines.iter().position(|l| matches!(l, Line::Item(r) if r.no == no)).unwrap() + 3;
        assert_eq!(range.get((by_no(9), 10)), Some(&text(note)));
        assert_eq!(range.get((by_no(9), 2)), Some(&text("王副区长")));
        assert_eq!(range.get((by_no(8), 8)), Some(&Data::Empty), "not assessed: no official word");
        assert_eq!(range.get((by_no(8), 10)), Some(&text("暂停：场地改造")));
        assert_eq!(range.get((by_no(7), 8)), Some(&text("序时推进")));
        let merged: Vec<_> = book.merge_cells_by_sheet_name(SHEET).unwrap().into_iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(merged, merged_rows.iter().map(|&r| ((r, 0), (r, 10))).collect::<Vec<_>>());
    }

    #[test]
    fn styles_put_the_title_headers_and_lights_where_expected() {
        let (n, rows) = known_rows("备注");
        let lines = lines(&n, &rows);
        let mut book = read(workbook_of(&n, &rows));
        let styles = book.worksheet_style(SHEET).unwrap();
        let style = |row: usize, col: u32| styles.get((row as u32, col)).cloned().unwrap_or_else(|| panic!("a style at {row},{col}"));
        let bold = |row, col| style(row, col).font.is_some_and(|f| f.is_bold());
        let fill = |row, col| style(row, col).fill.and_then(|f| f.get_color()).map(|c| format!("{:02X}{:02X}{:02X}", c.red, c.green, c.blue));
        // Title, headers and category headings bold; item rows not.
        assert!(bold(0, 0) && bold(2, 0) && bold(2, 10) && bold(3, 0) && !bold(4, 1));
        assert_eq!(style(0, 0).font.and_then(|f| f.size), Some(16.0));
        assert_eq!(fill(2, 3).as_deref(), Some("DDEBF7"));
        assert_eq!(fill(4, 1), None);
        for (i, line) in lines.iter().enumerate() {
            if let Line::Item(r) = line {
                assert_eq!(fill(i + 3, 8), Some(light_pale(r.light).hex()[1..].to_string()), "完成状况 of item {}", r.no);
            }
        }
        let lights: Vec<Light> = rows.iter().map(|r| r.light).collect();
        assert!(Light::ALL.iter().all(|l| lights.contains(l)), "every light is in the sample: {lights:?}");
        // Borders on the table, none on the title.
        assert!(style(4, 0).borders.is_some_and(|b| b.left.style != BorderStyle::None));
        assert!(style(0, 0).borders.is_none_or(|b| b.left.style == BorderStyle::None));
    }

    #[test]
    fn no_rows_give_a_sheet_with_headers_only() {
        let bytes = report_xlsx("通报", "", &[]);
        let mut book = read(bytes.clone());
        let range = book.worksheet_range(SHEET).unwrap();
        assert_eq!((range.height(), range.width()), (3, 11));
        assert_eq!(range.get((0, 0)), Some(&text("通报")));
        assert_eq!(range.get((2, 10)), Some(&text("备注")));
        assert_eq!(bytes, report_xlsx("通报", "", &[]), "the same rows give the same bytes");
    }

    #[test]
    fn page_setup_and_frozen_headers() {
        let (n, rows) = known_rows("");
        let lines = lines(&n, &rows);
        let mut strings = SharedStrings::default();
        let sheet = sheet(TITLE_TEXT, SUMMARY_TEXT, &lines, &mut strings);
        let texts: usize = rows.iter().map(|r| r.cells()[1..].iter().filter(|c| !c.is_empty()).count()).sum();
        assert_eq!(strings.len(), 2 + 11 + texts + n.categories.len());
        let last = lines.len() + 3;
        for part in [
            r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#.to_string(),
            format!(r#"<autoFilter ref="A3:K{last}"/>"#),
            r#"<pageSetUpPr fitToPage="1"/>"#.to_string(),
            r#"paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0""#.to_string(),
        ] {
            assert!(sheet.contains(&part), "{part}");
        }
        let book = read(report_xlsx(TITLE_TEXT, SUMMARY_TEXT, &lines));
        assert!(book.defined_names().iter().any(|(name, value)| name == "_xlnm.Print_Titles" && value == "'通报'!$3:$3"), "{:?}", book.defined_names());
    }

    #[test]
    fn controls_are_dropped_in_the_file() {
        // Controls dropped in the file too; the rest reads back.
        let (_, mut rows) = known_rows("");
        rows.truncate(1);
        rows[0].remark = "前\u{7}后\r\n下一行".into();
        let mut book = read(report_xlsx(TITLE_TEXT, SUMMARY_TEXT, &[Line::Item(&rows[0])]));
        assert_eq!(book.worksheet_range(SHEET).unwrap().get((3, 10)), Some(&text("前后\n下一行")));
    }
}
