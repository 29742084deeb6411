//! The SpreadsheetML package both workbooks the app writes share (the 通报,
//! `view::xlsx`; the 填报表, `view::fill_form`): content types, relations,
//! the workbook part with its sheets and defined names, the styles from a
//! list of cell formats, the shared strings, and texts made safe for a cell.
//! Zipped by `view::zip_write`. Written by hand for the size of the file
//! (BENCHMARKS.md "Reading notice files", "The 通报 as Excel").

use std::fmt::Write;

use super::palette::Rgb;
use super::zip_write::zip;

/// The MIME type of an `.xlsx`.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
pub const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
pub const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A sheet of the workbook: its name, its part's XML, and the defined names
/// that refer to it (name, value), such as `_xlnm.Print_Titles`.
pub struct Sheet {
    pub name: String,
    pub xml: String,
    pub defined: Vec<(&'static str, String)>,
    /// Hidden sheets are there for the program, not the reader.
    pub hidden: bool,
}

/// The font of a cell format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Normal,
    Bold,
    /// Bold, 16 pt.
    Title,
}

/// A cell format (an entry of `cellXfs`); format 0 is the default, unstyled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Xf {
    pub font: Font,
    pub fill: Option<Rgb>,
    pub border: bool,
    /// "", "left", "center".
    pub horizontal: &'static str,
    pub wrap: bool,
    /// Cells one may type into on a protected sheet.
    pub unlocked: bool,
}

impl Xf {
    pub const fn new(font: Font, border: bool, horizontal: &'static str, wrap: bool) -> Xf {
        Xf { font, fill: None, border, horizontal, wrap, unlocked: false }
    }

    pub const fn filled(self, fill: Rgb) -> Xf {
        Xf { fill: Some(fill), ..self }
    }

    pub const fn unlocked(self) -> Xf {
        Xf { unlocked: true, ..self }
    }
}

/// The workbook (.xlsx bytes): `sheets` in order, the first selected; cells
/// refer to `formats` by index + 1 (`cellXfs` 0 is the default) and to
/// `strings` (`SharedStrings::take`) by index; `title` is the document's.
pub fn workbook(title: &str, sheets: &[Sheet], formats: &[Xf], strings: SharedStrings) -> Vec<u8> {
    let mut types = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
    ));
    let mut rels = format!(r#"{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
    let mut listed = String::new();
    let mut defined = String::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
        let _ = write!(rels, r#"<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>"#);
        let state = if sheet.hidden { r#" state="hidden""# } else { "" };
        let _ = write!(listed, r#"<sheet name="{}" sheetId="{n}"{state} r:id="rId{n}"/>"#, xml_text(&sheet.name));
        for (name, value) in &sheet.defined {
            let hidden = if name.starts_with("_xlnm._FilterDatabase") { r#" hidden="1""# } else { "" };
            let _ = write!(defined, r#"<definedName name="{name}" localSheetId="{i}"{hidden}>{}</definedName>"#, xml_text(value));
        }
    }
    types.push_str("</Types>");
    let n = sheets.len();
    let _ = write!(
        rels,
        r#"<Relationship Id="rId{}" Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId{}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        n + 1,
        n + 2
    );
    let defined = if defined.is_empty() { String::new() } else { format!("<definedNames>{defined}</definedNames>") };
    let book = format!(r#"{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews><sheets>{listed}</sheets>{defined}</workbook>"#);
    let core = format!(
        r#"{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title></cp:coreProperties>"#,
        xml_text(title)
    );
    let root_rels = concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
        "</Relationships>"
    );
    let shared = strings.xml();
    let styles = styles(formats);
    let sheet_names: Vec<String> = (1..=n).map(|n| format!("xl/worksheets/sheet{n}.xml")).collect();
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
    ];
    parts.extend(sheet_names.iter().zip(sheets).map(|(name, s)| (name.as_str(), s.xml.as_bytes())));
    zip(&parts)
}

/// Fonts, fills, borders and `formats` as `cellXfs` 1.. (0 is the default).
fn styles(formats: &[Xf]) -> String {
    let font = |bold: bool, size: u32| {
        format!(r#"<font>{}<sz val="{size}"/><name val="宋体"/><family val="3"/><charset val="134"/></font>"#, if bold { "<b/>" } else { "" })
    };
    let mut fills: Vec<Rgb> = Vec::new();
    for f in formats.iter().filter_map(|x| x.fill) {
        if !fills.contains(&f) {
            fills.push(f);
        }
    }
    let mut out = format!(r#"{XML}<styleSheet xmlns="{MAIN}"><fonts count="3">{}{}{}</fonts>"#, font(false, 11), font(true, 11), font(true, 16));
    let _ =
        write!(out, r#"<fills count="{}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#, 2 + fills.len());
    for rgb in &fills {
        let _ = write!(out, r#"<fill><patternFill patternType="solid"><fgColor rgb="{}"/><bgColor indexed="64"/></patternFill></fill>"#, rgb.argb());
    }
    out.push_str("</fills><borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border>");
    for side in ["left", "right", "top", "bottom"] {
        let _ = write!(out, r#"<{side} style="thin"><color auto="1"/></{side}>"#);
    }
    out.push_str(r#"<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
    let _ = write!(out, r#"<cellXfs count="{}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#, formats.len() + 1);
    for x in formats {
        let font = match x.font {
            Font::Normal => 0,
            Font::Bold => 1,
            Font::Title => 2,
        };
        let fill = x.fill.and_then(|f| fills.iter().position(|g| *g == f)).map_or(0, |i| i + 2);
        let _ = write!(
            out,
            r#"<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{}" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"{}><alignment vertical="center""#,
            u8::from(x.border),
            if x.unlocked { r#" applyProtection="1""# } else { "" }
        );
        if !x.horizontal.is_empty() {
            let _ = write!(out, r#" horizontal="{}""#, x.horizontal);
        }
        out.push_str(if x.wrap { r#" wrapText="1"/>"# } else { "/>" });
        if x.unlocked {
            out.push_str(r#"<protection locked="0"/>"#);
        }
        out.push_str("</xf>");
    }
    out.push_str(r#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#);
    out
}

/// The shared strings of a workbook, and the cells that refer to them.
#[derive(Debug, Default)]
pub struct SharedStrings {
    strings: Vec<String>,
}

impl SharedStrings {
    /// Write cell (`col`, `row` from 1) with format `style` holding `value`:
    /// an empty text is an empty cell (styled: it keeps its borders), not an empty string.
    pub fn cell(&mut self, out: &mut String, col: usize, row: usize, style: usize, value: &str) {
        if value.is_empty() {
            let _ = write!(out, r#"<c r="{}{row}" s="{style}"/>"#, column(col));
            return;
        }
        let _ = write!(out, r#"<c r="{}{row}" s="{style}" t="s"><v>{}</v></c>"#, column(col), self.strings.len());
        self.strings.push(xml_text(value));
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    fn xml(&self) -> String {
        let mut shared = format!(r#"{XML}<sst xmlns="{MAIN}" count="{0}" uniqueCount="{0}">"#, self.strings.len());
        for s in &self.strings {
            let _ = write!(shared, r#"<si><t xml:space="preserve">{s}</t></si>"#);
        }
        shared.push_str("</sst>");
        shared
    }
}

/// A number cell.
pub fn number_cell(out: &mut String, col: usize, row: usize, style: usize, value: f64) {
    let _ = write!(out, r#"<c r="{}{row}" s="{style}"><v>{value}</v></c>"#, column(col));
}

/// The column's letter (A–Z: the sheets here are narrower).
pub fn column(index: usize) -> char {
    char::from(b'A' + index as u8)
}

/// Excel's limit on a cell's text, in UTF-16 units.
pub const MAX_CELL: usize = 32_767;

/// `text` as XML character data: `& < > "` escaped; CR LF and a lone CR become
/// LF (a line break in the cell); other C0 controls and U+FFFE/U+FFFF, which
/// XML 1.0 cannot carry, dropped; a literal `_xHHHH_` kept from Excel's escape
/// decoding (its `_` written as `_x005F_`); cut at Excel's limit per cell.
pub fn xml_text(text: &str) -> String {
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

    #[test]
    fn texts_are_escaped_cleaned_and_cut() {
        assert_eq!(xml_text("a&b<c>\"d\"'e'"), "a&amp;b&lt;c&gt;&quot;d&quot;'e'");
        assert_eq!(xml_text("一\r\n二\r三\n四\t五"), "一\n二\n三\n四\t五");
        assert_eq!(xml_text("x\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}y"), "xy");
        assert_eq!(xml_text("_x0041_ _x00_ _xZZZZ_"), "_x005F_x0041_ _x00_ _xZZZZ_");
        assert_eq!(xml_text(&"民".repeat(40_000)).chars().count(), MAX_CELL);
    }
}
