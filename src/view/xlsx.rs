//! The 通报 table as an Excel workbook (#6). One sheet, 通报: the title merged
//! over the six columns; the bold, filled header row (frozen, with an
//! autofilter); one row per item, 完成状况 filled pale in its light's colour;
//! borders and wrapped text; A4 landscape, one page wide, title and headers
//! repeated on every printed page, page numbers in the footer.
//!
//! Written by hand: a few SpreadsheetML parts (ECMA-376's minimal package plus
//! styles, shared strings and the title in docProps) zipped by `view::zip_write`
//! with the deflate of the `miniz_oxide` we already ship. Measured in the release build:
//! rust_xlsxwriter 0.102 (with zip, flate2, zopfli) added 497 KB of wasm and
//! 217 KB gzip to the single file, which had ~28 KB gzip left under its budget;
//! this writer adds ~9 KB of wasm, ~3.4 KB gzip.

use std::fmt::Write;

use crate::progress::Light;
use crate::view::palette::{light_pale, Rgb, HEADER_FILL};
use crate::view::report::{standing_text, ReportRow, HEADERS};
use crate::view::zip_write::zip;

/// The MIME type of the file `report_xlsx` writes.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const SHEET: &str = "通报";
/// Column widths in widths of the default font's digit (a CJK character takes ~2).
const WIDTHS: [u32; 6] = [6, 48, 16, 46, 24, 26];
/// 完成状况 is filled with its light's pale colour (`palette::light_pale`), in this order.
const LIGHT_FILLS: [Light; 4] = Light::ALL;

// Indices into cellXfs (see `styles`).
const TITLE: usize = 1;
const HEADER: usize = 2;
const TEXT: usize = 3;
const NUMBER: usize = 4;
fn light_style(light: Light) -> usize {
    5 + LIGHT_FILLS.iter().position(|l| *l == light).unwrap_or(3)
}

/// The workbook (.xlsx bytes) of `rows` under `title`, e.g.
/// "相山区2023年民生实事完成情况通报（截至2023年10月31日）" (`report::Heading::title_line`).
pub fn report_xlsx(title: &str, rows: &[ReportRow]) -> Vec<u8> {
    let last = rows.len() + 2;
    let mut strings = Vec::new();
    let (sheet_xml, workbook_xml) = (sheet(title, rows, &mut strings), workbook(last));
    let mut shared = format!(r#"{XML}<sst xmlns="{MAIN}" count="{0}" uniqueCount="{0}">"#, strings.len());
    for s in &strings {
        let _ = write!(shared, r#"<si><t xml:space="preserve">{s}</t></si>"#);
    }
    shared.push_str("</sst>");
    let core = format!(
        r#"{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title></cp:coreProperties>"#,
        xml_text(title)
    );
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("xl/workbook.xml", workbook_xml.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/styles.xml", styles().as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
    ])
}

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    "</Relationships>"
);

const WORKBOOK_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
    "</Relationships>"
);

/// The workbook part: the one sheet, the autofilter's range and the print titles (rows 1–2).
fn workbook(last: usize) -> String {
    format!(
        r#"{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews><sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'{SHEET}'!$A$2:$F${last}</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">'{SHEET}'!$1:$2</definedName></definedNames></workbook>"#
    )
}

/// Fonts, fills, borders and the cell formats the sheet refers to by index
/// (TITLE, HEADER, TEXT, NUMBER, then one per light in LIGHT_FILLS order).
fn styles() -> String {
    let font = |bold: bool, size: u32| {
        format!(r#"<font>{}<sz val="{size}"/><name val="宋体"/><family val="3"/><charset val="134"/></font>"#, if bold { "<b/>" } else { "" })
    };
    let solid = |rgb: Rgb| format!(r#"<fill><patternFill patternType="solid"><fgColor rgb="{}"/><bgColor indexed="64"/></patternFill></fill>"#, rgb.argb());
    // (font, fill, border, horizontal alignment, wrap)
    let mut xfs = vec![(0, 0, 0, "", false), (2, 0, 0, "center", false), (1, 2, 1, "center", true), (0, 0, 1, "", true), (0, 0, 1, "center", false)];
    xfs.extend((0..LIGHT_FILLS.len()).map(|i| (0, 3 + i, 1, "center", true)));
    let mut out = format!(r#"{XML}<styleSheet xmlns="{MAIN}"><fonts count="3">{}{}{}</fonts>"#, font(false, 11), font(true, 11), font(true, 16));
    let _ = write!(
        out,
        r#"<fills count="{}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>{}"#,
        3 + LIGHT_FILLS.len(),
        solid(HEADER_FILL)
    );
    for light in LIGHT_FILLS {
        out.push_str(&solid(light_pale(light)));
    }
    out.push_str("</fills><borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border>");
    for side in ["left", "right", "top", "bottom"] {
        let _ = write!(out, r#"<{side} style="thin"><color auto="1"/></{side}>"#);
    }
    out.push_str(r#"<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
    let _ = write!(out, r#"<cellXfs count="{}">"#, xfs.len());
    for (i, (font, fill, border, horizontal, wrap)) in xfs.into_iter().enumerate() {
        let _ = write!(out, r#"<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0""#);
        if i == 0 {
            out.push_str("/>");
            continue;
        }
        let _ = write!(out, r#" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center""#);
        if !horizontal.is_empty() {
            let _ = write!(out, r#" horizontal="{horizontal}""#);
        }
        out.push_str(if wrap { r#" wrapText="1"/></xf>"# } else { "/></xf>" });
    }
    out.push_str(r#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#);
    out
}

/// The worksheet part; its texts go to `strings` (escaped) and are referred to by index.
fn sheet(title: &str, rows: &[ReportRow], strings: &mut Vec<String>) -> String {
    let last = rows.len() + 2;
    let mut out = format!(
        r#"{XML}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:F{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><cols>"#
    );
    for (i, width) in WIDTHS.iter().enumerate() {
        let _ = write!(out, r#"<col min="{0}" max="{0}" width="{width}" customWidth="1"/>"#, i + 1);
    }
    out.push_str(r#"</cols><sheetData><row r="1" ht="32" customHeight="1">"#);
    let mut text = |out: &mut String, col: usize, row: usize, style: usize, value: &str| {
        let _ = write!(out, r#"<c r="{}{row}" s="{style}" t="s"><v>{}</v></c>"#, column(col), strings.len());
        strings.push(xml_text(value));
    };
    text(&mut out, 0, 1, TITLE, title);
    out.push_str(r#"</row><row r="2">"#);
    for (col, header) in HEADERS.iter().enumerate() {
        text(&mut out, col, 2, HEADER, header);
    }
    out.push_str("</row>");
    for (i, r) in rows.iter().enumerate() {
        let row = i + 3;
        let _ = write!(out, r#"<row r="{row}"><c r="A{row}" s="{NUMBER}"><v>{}</v></c>"#, r.no);
        text(&mut out, 1, row, TEXT, &r.goal);
        text(&mut out, 2, row, TEXT, &r.units);
        text(&mut out, 3, row, TEXT, &r.achieved);
        text(&mut out, 4, row, light_style(r.light), &standing_text(r.standing, r.light));
        text(&mut out, 5, row, TEXT, &r.remark);
        out.push_str("</row>");
    }
    let _ = write!(
        out,
        r#"</sheetData><autoFilter ref="A2:F{last}"/><mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells><printOptions horizontalCentered="1"/><pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>"#
    );
    out
}

fn column(index: usize) -> char {
    char::from(b'A' + index as u8)
}

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_CELL: usize = 32_767;

/// `text` as XML character data: `& < > "` escaped; CR LF and a lone CR become
/// LF (a line break in the cell); other C0 controls and U+FFFE/U+FFFF, which
/// XML 1.0 cannot carry, dropped; a literal `_xHHHH_` kept from Excel's escape
/// decoding (its `_` written as `_x005F_`); cut at Excel's limit per cell.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL {
            break;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' if text[i + 1..].starts_with('\n') => {}
            '\r' => out.push('\n'),
            '\t' | '\n' => out.push(c),
            '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            '_' if excel_escape_at(&text[i..]) => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `s` starts with `_xHHHH_`, which Excel would read as an escaped character.
fn excel_escape_at(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::{parse, Item};
    use crate::progress::{Day, Edit, Field, Status, Tracker, Value};
    use crate::view::report::rows;
    use calamine::{open_workbook_from_rs, BorderStyle, Data, Reader, Xlsx};
    use std::io::Cursor;

    const TITLE_TEXT: &str = "相山区2023年民生实事完成情况通报（截至2023年10月31日）";

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
    fn known_rows(note: &str) -> Vec<ReportRow> {
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
        t.edit(&n, Edit { item: 8, field: Field::Status, value: Value::Text(Status::Paused.key().into()) }, at).unwrap();
        t.edit(&n, Edit { item: 8, field: Field::PauseReason, value: Value::Text("场地改造".into()) }, at).unwrap();
        t.edit(&n, Edit { item: 9, field: Field::Note, value: Value::Text(note.into()) }, at).unwrap();
        let items: Vec<&Item> = n.items.iter().collect();
        rows(&n, &items, &t.progress, day)
    }

    #[test]
    fn the_workbook_reads_back_cell_for_cell() {
        let note = "A&B <C> \"D\" 'E'\n第二行_x0041_";
        let rows = known_rows(note);
        assert_eq!(rows.len(), 50);
        let bytes = report_xlsx(TITLE_TEXT, &rows);
        let mut book = read(bytes.clone());
        assert_eq!(book.sheet_names(), vec![SHEET.to_string()]);
        let range = book.worksheet_range(SHEET).unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        assert_eq!(range.end(), Some((rows.len() as u32 + 1, 5)));
        assert_eq!(range.get((0, 0)), Some(&text(TITLE_TEXT)));
        let headers: Vec<Data> = (0..6).map(|c| range.get((1, c)).unwrap().clone()).collect();
        assert_eq!(headers, HEADERS.map(text));
        for (i, r) in rows.iter().enumerate() {
            let cells: Vec<Data> = (0..6).map(|c| range.get((i + 2, c)).unwrap().clone()).collect();
            let expected =
                [Data::Float(f64::from(r.no)), text(&r.goal), text(&r.units), text(&r.achieved), text(&standing_text(r.standing, r.light)), text(&r.remark)];
            assert_eq!(cells, expected, "row of item {}", r.no);
        }
        let by_no = |no: u32| rows.iter().position(|r| r.no == no).unwrap() + 2;
        assert_eq!(range.get((by_no(9), 5)), Some(&text(note)));
        assert_eq!(range.get((by_no(8), 4)), Some(&text("未评估（灰灯）")));
        assert_eq!(range.get((by_no(8), 5)), Some(&text("暂停：场地改造")));
        let merged: Vec<_> = book.merge_cells_by_sheet_name(SHEET).unwrap().into_iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(merged, vec![((0, 0), (0, 5))]);
    }

    #[test]
    fn styles_put_the_title_headers_and_lights_where_expected() {
        let rows = known_rows("备注");
        let mut book = read(report_xlsx(TITLE_TEXT, &rows));
        let styles = book.worksheet_style(SHEET).unwrap();
        let style = |row: usize, col: u32| styles.get((row as u32, col)).cloned().unwrap_or_else(|| panic!("a style at {row},{col}"));
        let bold = |row, col| style(row, col).font.is_some_and(|f| f.is_bold());
        let fill = |row, col| style(row, col).fill.and_then(|f| f.get_color()).map(|c| format!("{:02X}{:02X}{:02X}", c.red, c.green, c.blue));
        assert!(bold(0, 0) && bold(1, 0) && bold(1, 5) && !bold(2, 1));
        assert_eq!(style(0, 0).font.and_then(|f| f.size), Some(16.0));
        assert_eq!(fill(1, 3).as_deref(), Some("DDEBF7"));
        assert_eq!(fill(2, 1), None);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(fill(i + 2, 4), Some(light_pale(r.light).hex()[1..].to_string()), "完成状况 of item {}", r.no);
        }
        let lights: Vec<Light> = rows.iter().map(|r| r.light).collect();
        assert!(Light::ALL.iter().all(|l| lights.contains(l)), "every light is in the sample: {lights:?}");
        // Borders on the table, none on the title.
        assert!(style(2, 0).borders.is_some_and(|b| b.left.style != BorderStyle::None));
        assert!(style(0, 0).borders.is_none_or(|b| b.left.style == BorderStyle::None));
    }

    #[test]
    fn no_rows_give_a_sheet_with_headers_only() {
        let bytes = report_xlsx("通报", &[]);
        let mut book = read(bytes.clone());
        let range = book.worksheet_range(SHEET).unwrap();
        assert_eq!((range.height(), range.width()), (2, 6));
        assert_eq!(range.get((0, 0)), Some(&text("通报")));
        assert_eq!(range.get((1, 5)), Some(&text("备注")));
        assert_eq!(bytes, report_xlsx("通报", &[]), "the same rows give the same bytes");
    }

    #[test]
    fn page_setup_and_frozen_headers() {
        let rows = known_rows("");
        let mut strings = Vec::new();
        let sheet = sheet(TITLE_TEXT, &rows, &mut strings);
        assert_eq!(strings.len(), 1 + 6 + 5 * rows.len());
        for part in [
            r#"<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>"#,
            r#"<autoFilter ref="A2:F52"/>"#,
            r#"<pageSetUpPr fitToPage="1"/>"#,
            r#"paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0""#,
        ] {
            assert!(sheet.contains(part), "{part}");
        }
        assert!(workbook(52).contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'通报'!$1:$2</definedName>"#));
    }

    #[test]
    fn texts_are_escaped_cleaned_and_cut() {
        assert_eq!(xml_text("a&b<c>\"d\"'e'"), "a&amp;b&lt;c&gt;&quot;d&quot;'e'");
        assert_eq!(xml_text("一\r\n二\r三\n四\t五"), "一\n二\n三\n四\t五");
        assert_eq!(xml_text("x\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}y"), "xy");
        assert_eq!(xml_text("_x0041_ _x00_ _xZZZZ_"), "_x005F_x0041_ _x00_ _xZZZZ_");
        assert_eq!(xml_text(&"民".repeat(40_000)).chars().count(), MAX_CELL);
        // Controls dropped in the file too; the rest reads back.
        let mut rows = known_rows("");
        rows.truncate(1);
        rows[0].remark = "前\u{7}后\r\n下一行".into();
        let mut book = read(report_xlsx(TITLE_TEXT, &rows));
        assert_eq!(book.worksheet_range(SHEET).unwrap().get((2, 5)), Some(&text("前后\n下一行")));
    }
}
