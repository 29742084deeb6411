//! The 通报 as a Word document (.docx) laid out as a 公文 (GB/T 9704 as offices
//! apply it): title in 方正小标宋简体 2号 (22 pt) centred, a subtitle in
//! 楷体_GB2312 3号 centred, body paragraphs in 仿宋_GB2312 3号 with a first-line
//! indent of two characters on a fixed 28 pt line, then the table in
//! 仿宋_GB2312 五号 (10.5 pt): single black borders, its bold header row
//! repeated on every page, category rows merged across all columns, texts
//! wrapped whole (never cut). The footer carries the page number as 公文 do,
//! "— N —" centred in 宋体 4号 (a PAGE field).
//!
//! **Page.** A4 landscape (297 × 210 mm): a table of ten columns does not fit
//! the 156 mm of a portrait type area. The portrait 公文 page's margins go
//! with the turn: 订口 28 and 切口 26 mm become top and bottom, 天头 37 and
//! 地脚 35 mm left and right. So the type area is the standard 156 × 225 mm on
//! its side, with the table's head on the 订口 side, where GB/T 9704 puts a
//! landscape table's head on an odd page. (A strict quarter turn would put
//! the 35 mm on the left; we keep the wider margin where the lines begin.)
//!
//! **Fonts.** Each style names its font for ascii, hAnsi and eastAsia
//! (`w:rFonts`); Word and WPS substitute a font that is not installed, and
//! `word/fontTable.xml` tells them what to take instead: 仿宋 and 楷体 (the
//! names the same faces have on Windows since Vista) for the `_GB2312` ones,
//! 宋体 for 方正小标宋简体, each with the GB2312 character set, so a Chinese
//! face is chosen, never a Latin one. Texts are `zh-CN` (`w:lang`), which
//! LibreOffice uses to pick a CJK face through fontconfig.
//!
//! Written by hand, like `view::xlsx`: nine small WordprocessingML parts zipped
//! by `view::zip_write`; same document in, same bytes out. Measured in the
//! release build (a temporary call from `app::start`, 2026-12-06): +13.3 KB of
//! wasm after wasm-opt (6.2 KB of it the parts' fixed XML), +3.2 KB packed
//! with LZMA as the single file carries it; the zip writer and deflate are
//! already there for the XLSX. No DOCX crate comes near (BENCHMARKS.md, "The
//! 通报 as a Word file").

use std::borrow::Cow;
use std::fmt::Write;

use crate::view::zip_write::zip;

/// The MIME type of the file [`write`] makes.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What the 通报 says, in order.
pub struct Document<'a> {
    /// "相山区2023年民生实事完成情况通报"; also the file's `dc:title`.
    pub title: &'a str,
    /// "（截至2023年9月30日）"; empty: no subtitle paragraph.
    pub subtitle: &'a str,
    /// The opening paragraphs (body text), before the table.
    pub summary: &'a [String],
    /// The table's header cells; none: no table.
    pub headers: &'a [&'a str],
    /// Relative column widths, one per header (any scale: they are shared out
    /// over the type area's width). Missing, extra or all zero: equal widths.
    pub widths: &'a [u32],
    pub rows: &'a [DocRow],
}

/// A row of the table below its header.
pub enum DocRow {
    /// A category row ("一、教育（5项）"): one bold cell across all columns.
    Heading(String),
    /// One text per header. A missing cell is empty; texts past the last
    /// column go into the last cell, each on a line of its own (nothing is dropped).
    Cells(Vec<String>),
}

/// The .docx bytes of `doc`.
pub fn write(doc: &Document) -> Vec<u8> {
    let core = format!(
        r#"{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title></cp:coreProperties>"#,
        escaped(doc.title)
    );
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("word/document.xml", document(doc).as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/settings.xml", SETTINGS.as_bytes()),
        ("word/fontTable.xml", FONT_TABLE.as_bytes()),
        ("word/footer1.xml", FOOTER.as_bytes()),
    ])
}

/// Millimetres in twips (1/1440 inch), the unit of page and table geometry.
const fn mm(millimetres: u32) -> u32 {
    (millimetres * 14_400 + 127) / 254
}

/// A4 landscape.
const PAGE_WIDTH: u32 = 16_838;
const PAGE_HEIGHT: u32 = 11_906;
const MARGIN_TOP: u32 = mm(28);
const MARGIN_BOTTOM: u32 = mm(26);
const MARGIN_LEFT: u32 = mm(37);
const MARGIN_RIGHT: u32 = mm(35);
/// The page number's line sits 7 mm under the type area (GB/T 9704): its
/// 14 pt (~5 mm) line ends ~14 mm above the page's edge.
const FOOTER_DISTANCE: u32 = mm(14);
/// There is no header; Word wants a distance for it all the same.
const HEADER_DISTANCE: u32 = mm(15);
/// The type area's width, 225 mm: what the table's columns share.
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// A table cell's left and right padding (1 mm: ten columns have little room).
const CELL_PADDING: u32 = mm(1);
/// The table's text size in half-points (五号, 10.5 pt) and a CJK character's width in twips.
const TABLE_SIZE: u32 = 21;
const TABLE_CHAR: u32 = TABLE_SIZE * 10;
/// A row of at most this many lines (~50 mm, under a third of the type area's
/// height) is kept on one page; a taller one may break, so a long text never
/// leaves most of a page empty (or cannot be placed at all).
const MAX_UNSPLIT_LINES: u32 = 10;

/// Line pitch of the title (exact 35 pt: 22 pt glyphs are not clipped) and of
/// the subtitle and body (exact 28 pt, the 公文 grid), in twips; [`STYLES`] has the same.
const TITLE_LINE: u32 = 700;
const BODY_LINE: u32 = 560;

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// word/document.xml: the title block, the summary, the table, the page setup.
fn document(doc: &Document) -> String {
    let mut out = format!(r#"{XML}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>"#);
    // A blank line between the title block and the text (GB/T 9704): space after its last paragraph.
    let headings = [("Title", doc.title, TITLE_LINE), ("Subtitle", doc.subtitle, BODY_LINE)];
    let shown = if doc.subtitle.is_empty() { &headings[..1] } else { &headings[..] };
    for (i, (style, text, line)) in shown.iter().enumerate() {
        let _ = write!(out, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>"#);
        if i + 1 == shown.len() {
            let _ = write!(out, r#"<w:spacing w:after="{BODY_LINE}" w:line="{line}" w:lineRule="exact"/>"#);
        }
        out.push_str("</w:pPr>");
        push_run(&mut out, text);
        out.push_str("</w:p>");
    }
    for paragraph in doc.summary {
        out.push_str("<w:p>");
        push_run(&mut out, paragraph);
        out.push_str("</w:p>");
    }
    if !doc.headers.is_empty() {
        table(&mut out, doc);
        // Word ends a body with a paragraph, never a table; this one is 1 pt
        // high so it cannot push a blank page after a table that fills the last.
        out.push_str(r#"<w:p><w:pPr><w:spacing w:line="20" w:lineRule="exact"/></w:pPr></w:p>"#);
    }
    let _ = write!(
        out,
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}" w:orient="landscape"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    out
}

/// The table: fixed column widths summing to the type area's, borders, the
/// header row repeated on each page, short rows kept on one page.
fn table(out: &mut String, doc: &Document) {
    let widths = column_widths(doc.widths, doc.headers.len());
    let columns = widths.len();
    // A column whose every text fits on one line is centred (序号, 完成状况…); the others read from the left.
    let mut centred = vec![true; columns];
    for row in doc.rows {
        if let DocRow::Cells(cells) = row {
            for ((centre, text), width) in centred.iter_mut().zip(fit_cells(cells, columns)).zip(&widths) {
                *centre &= lines(&text, *width) <= 1;
            }
        }
    }

    let _ = write!(out, r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>"#);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(out, r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#);
    }
    let _ = write!(
        out,
        r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{CELL_PADDING}" w:type="dxa"/><w:right w:w="{CELL_PADDING}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
    );
    for width in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{width}"/>"#);
    }
    out.push_str(r#"</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#);
    for (header, width) in doc.headers.iter().zip(&widths) {
        cell(out, *width, 1, "TableHeading", false, header);
    }
    out.push_str("</w:tr>");
    for row in doc.rows {
        match row {
            DocRow::Heading(text) => {
                row_start(out, lines(text, TEXT_WIDTH));
                cell(out, TEXT_WIDTH, columns, "TableCategory", false, text);
            }
            DocRow::Cells(cells) => {
                let cells = fit_cells(cells, columns);
                row_start(out, cells.iter().zip(&widths).map(|(text, width)| lines(text, *width)).max().unwrap_or(1));
                for ((text, width), centre) in cells.iter().zip(&widths).zip(&centred) {
                    cell(out, *width, 1, "TableText", *centre, text);
                }
            }
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// Opens a row `lines` high: kept on one page when that is short.
fn row_start(out: &mut String, lines: u32) {
    out.push_str(if lines <= MAX_UNSPLIT_LINES { "<w:tr><w:trPr><w:cantSplit/></w:trPr>" } else { "<w:tr>" });
}

/// One cell of `width` twips spanning `span` grid columns, its text in `style`.
fn cell(out: &mut String, width: u32, span: usize, style: &str, centre: bool, text: &str) {
    let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
    if span > 1 {
        let _ = write!(out, r#"<w:gridSpan w:val="{span}"/>"#);
    }
    let _ = write!(out, r#"<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>"#);
    if centre {
        out.push_str(r#"<w:jc w:val="center"/>"#);
    }
    out.push_str("</w:pPr>");
    push_run(out, text);
    out.push_str("</w:p></w:tc>");
}

/// `cells` as exactly `columns` texts: missing ones empty, extra ones joined
/// onto the last column's text, each on its own line.
fn fit_cells(cells: &[String], columns: usize) -> Vec<Cow<'_, str>> {
    let mut fitted: Vec<Cow<str>> = cells.iter().take(columns).map(|text| Cow::Borrowed(text.as_str())).collect();
    if cells.len() > columns && columns > 0 {
        fitted[columns - 1] = Cow::Owned(cells[columns - 1..].join("\n"));
    }
    fitted.resize(columns, Cow::Borrowed(""));
    fitted
}

/// The columns' widths in twips: `relative` shared out over [`TEXT_WIDTH`]
/// (cumulative rounding, so they sum to it exactly); equal shares when
/// `relative` does not give one positive total for `columns` columns.
fn column_widths(relative: &[u32], columns: usize) -> Vec<u32> {
    let equal = vec![1; columns];
    let relative = if relative.len() == columns && relative.iter().any(|w| *w > 0) { relative } else { &equal };
    let total: u64 = relative.iter().map(|w| u64::from(*w)).sum();
    let mut sum = 0u64;
    let mut previous = 0u32;
    relative
        .iter()
        .map(|w| {
            sum += u64::from(*w);
            let edge = ((sum * u64::from(TEXT_WIDTH) + total / 2) / total) as u32;
            let width = edge - previous;
            previous = edge;
            width
        })
        .collect()
}

/// About how many lines `text` takes in a table cell `width` twips wide (a
/// CJK or full-width character one [`TABLE_CHAR`], others half): enough to
/// tell a short row from one that may need to break across pages.
fn lines(text: &str, width: u32) -> u32 {
    let room = width.saturating_sub(2 * CELL_PADDING).max(TABLE_CHAR) / (TABLE_CHAR / 2);
    text.split('\n')
        .map(|line| {
            let halves: u32 = line.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum();
            halves.div_ceil(room).max(1)
        })
        .sum()
}

/// Appends `text` as one run: escaped, a tab as `<w:tab/>`, a line break
/// (LF, CRLF or CR) as `<w:br/>`. Nothing for an empty text.
fn push_run(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    for (i, line) in text.split("\r\n").flat_map(|l| l.split(['\r', '\n'])).enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            let piece = escaped(piece);
            if !piece.is_empty() {
                let _ = write!(out, r#"<w:t xml:space="preserve">{piece}</w:t>"#);
            }
        }
    }
    out.push_str("</w:r>");
}

/// `text` as XML character data: `& < >` escaped; the characters XML 1.0
/// cannot carry (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) dropped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    r#"<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>"#,
    r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    "</Relationships>"
);

/// The main part's relationships; the footer is rId4 (`document`'s sectPr).
const DOCUMENT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>"#,
    r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
    "</Relationships>"
);

/// The styles, so a user restyles the 通报 in Word as any 公文: 仿宋_GB2312
/// 3号 by default; Normal (正文) with the 2-character indent on the 28 pt
/// line; Title, Subtitle; the table's text, header and category rows (not
/// based on Normal: no indent, single spacing); the footer's page number.
const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/>"#,
    r#"<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>"#,
    r#"<w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
    r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>"#,
    r#"<w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:next w:val="Normal"/><w:qFormat/>"#,
    r#"<w:pPr><w:spacing w:line="700" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>"#,
    r#"<w:rPr><w:rFonts w:ascii="方正小标宋简体" w:hAnsi="方正小标宋简体" w:eastAsia="方正小标宋简体" w:cs="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:next w:val="Normal"/><w:qFormat/>"#,
    r#"<w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>"#,
    r#"<w:rPr><w:rFonts w:ascii="楷体_GB2312" w:hAnsi="楷体_GB2312" w:eastAsia="楷体_GB2312" w:cs="楷体_GB2312"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="表格文字"/><w:qFormat/>"#,
    r#"<w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableHeading"><w:name w:val="表头"/><w:basedOn w:val="TableText"/><w:qFormat/>"#,
    r#"<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableCategory"><w:name w:val="表格分类行"/><w:basedOn w:val="TableText"/><w:qFormat/>"#,
    r#"<w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>"#,
    r#"<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>"#,
    "</w:styles>"
);

/// Word 2013+ layout (else Word opens it in 兼容模式); CJK punctuation compressed as Word does for Chinese.
const SETTINGS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>"#,
    r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
    "</w:settings>"
);

/// The fonts the styles name, each with a Chinese face to take when it is missing (module doc).
const FONT_TABLE: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    "</w:fonts>"
);

/// The page number, "— N —" centred (the number a PAGE field, its last value "1").
const FOOTER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r>"#,
    r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>"#,
    r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
    r#"<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::source::zip::Archive;

    const HEADERS: [&str; 4] = ["序号", "年度目标", "牵头单位", "完成状况"];

    fn rows() -> Vec<DocRow> {
        vec![
            DocRow::Heading("一、教育（2项）".into()),
            DocRow::Cells(["1", "新建幼儿园3所", "区教体局", "完成"].map(String::from).to_vec()),
            DocRow::Cells(vec!["2".into(), "改造校舍".repeat(80), "区教体局".into(), "序时推进".into()]),
        ]
    }

    fn with<T>(subtitle: &str, f: impl FnOnce(&Document) -> T) -> T {
        let (summary, rows) = (["全区民生实事进展顺利。".to_string(), "第二段".to_string()], rows());
        f(&Document {
            title: "相山区2023年民生实事完成情况通报", subtitle, summary: &summary, headers: &HEADERS, widths: &[1, 6, 3, 2], rows: &rows
        })
    }

    /// The parts of the package, each checked to be well-formed XML.
    fn parts(bytes: &[u8]) -> Vec<(String, String)> {
        let mut archive = Archive::open(bytes).expect("our zip reader opens it");
        let names = ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml", "word/_rels/document.xml.rels"].into_iter().chain([
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
        ]);
        names
            .map(|name| {
                let xml = String::from_utf8(archive.read(name).unwrap().unwrap_or_else(|| panic!("{name} missing"))).unwrap();
                let mut reader = quick_xml::Reader::from_str(&xml);
                let mut depth = 0i32;
                loop {
                    match reader.read_event().unwrap_or_else(|e| panic!("{name}: {e}")) {
                        quick_xml::events::Event::Start(_) => depth += 1,
                        quick_xml::events::Event::End(_) => depth -= 1,
                        quick_xml::events::Event::Eof => break,
                        _ => {}
                    }
                }
                assert_eq!(depth, 0, "{name} closes every element");
                (name.to_string(), xml)
            })
            .collect()
    }

    #[test]
    fn texts_are_escaped_broken_at_newlines_and_cleaned() {
        let run = |text: &str| {
            let mut out = String::new();
            push_run(&mut out, text);
            out
        };
        assert_eq!(run(r#"a&b<c>"d"'e'"#), r#"<w:r><w:t xml:space="preserve">a&amp;b&lt;c&gt;"d"'e'</w:t></w:r>"#);
        assert_eq!(
            run("一\r\n二\r三\n\n四\t五"),
            r#"<w:r><w:t xml:space="preserve">一</w:t><w:br/><w:t xml:space="preserve">二</w:t><w:br/><w:t xml:space="preserve">三</w:t><w:br/><w:br/><w:t xml:space="preserve">四</w:t><w:tab/><w:t xml:space="preserve">五</w:t></w:r>"#
        );
        assert_eq!(run("x\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}y 😀"), r#"<w:r><w:t xml:space="preserve">xy 😀</w:t></w:r>"#);
        assert_eq!(run(""), "");
        assert_eq!(escaped("<标题>&\u{7}"), "&lt;标题&gt;&amp;");
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        let bytes = with("（截至2023年9月30日）", write);
        assert_eq!(bytes, with("（截至2023年9月30日）", write));
        assert_ne!(bytes, with("", write));
    }

    #[test]
    fn the_package_has_every_part_well_formed_and_the_title_in_its_properties() {
        let parts = parts(&with("", write));
        let part = |name: &str| &parts.iter().find(|(n, _)| n == name).unwrap().1;
        assert!(part("docProps/core.xml").contains("<dc:title>相山区2023年民生实事完成情况通报</dc:title>"));
        for target in ["styles.xml", "settings.xml", "fontTable.xml", "footer1.xml"] {
            assert!(part("word/_rels/document.xml.rels").contains(&format!(r#"Target="{target}""#)), "{target}");
            assert!(part("[Content_Types].xml").contains(&format!(r#"PartName="/word/{target}""#)), "{target}");
        }
        assert!(part("word/_rels/document.xml.rels").contains(r#"Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer""#));
        assert!(part("word/footer1.xml").contains(r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#));
    }

    #[test]
    fn page_title_block_and_table_have_the_gongwen_shape() {
        let xml = with("（截至2023年9月30日）", document);
        for part in [
            r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#,
            r#"<w:pgMar w:top="1587" w:right="1984" w:bottom="1474" w:left="2098" w:header="850" w:footer="794" w:gutter="0"/>"#,
            r#"<w:pStyle w:val="Title"/></w:pPr>"#,
            // The blank line after the title block goes with its last paragraph.
            r#"<w:pStyle w:val="Subtitle"/><w:spacing w:after="560" w:line="560" w:lineRule="exact"/>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">全区民生实事进展顺利。</w:t></w:r></w:p>"#,
            r#"<w:tblLayout w:type="fixed"/>"#,
            r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#,
            r#"<w:gridSpan w:val="4"/>"#,
        ] {
            assert!(xml.contains(part), "{part}");
        }
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1, "only the header row repeats");
        assert_eq!(xml.matches("<w:gridSpan").count(), 1, "only the category row spans");
        let grid: u32 = xml.split(r#"<w:gridCol w:w=""#).skip(1).map(|s| s.split('"').next().unwrap().parse::<u32>().unwrap()).sum();
        assert_eq!(grid, TEXT_WIDTH);
        // The header, the category row and row 1 stay on one page; row 2's 320 characters may break.
        assert_eq!(xml.matches("<w:cantSplit/>").count(), 3);
        // 序号, 牵头单位 and 完成状况 fit on a line in both rows, so they are centred; 年度目标 is not.
        assert_eq!(xml.matches(r#"<w:pStyle w:val="TableText"/><w:jc w:val="center"/>"#).count(), 3 * 2);
        assert!(xml.contains(&format!(r#"<w:pStyle w:val="TableText"/></w:pPr><w:r><w:t xml:space="preserve">{}"#, "改造校舍".repeat(80))));

        let untitled = with("", document);
        assert!(!untitled.contains("Subtitle"));
        assert!(untitled.contains(r#"<w:pStyle w:val="Title"/><w:spacing w:after="560" w:line="700" w:lineRule="exact"/>"#));
    }

    #[test]
    fn styles_name_the_gongwen_fonts_and_sizes() {
        for part in [
            r#"<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:sz w:val="32"/>"#,
            r#"w:eastAsia="方正小标宋简体" w:cs="方正小标宋简体"/><w:sz w:val="44"/>"#,
            r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#,
            r#"<w:spacing w:line="560" w:lineRule="exact"/>"#,
            r#"w:eastAsia="楷体_GB2312""#,
            r#"w:eastAsia="宋体" w:cs="宋体"/><w:sz w:val="28"/>"#,
        ] {
            assert!(STYLES.contains(part), "{part}");
        }
    }

    #[test]
    fn columns_share_the_type_area_and_rows_fit_the_header() {
        assert_eq!(TEXT_WIDTH, 12_756, "225 mm");
        let widths = column_widths(&[1, 1, 1], 3);
        assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(widths.iter().all(|w| w.abs_diff(TEXT_WIDTH / 3) <= 1));
        assert_eq!(column_widths(&[1, 3], 2), [3189, 9567]);
        for wrong in [&[][..], &[0, 0][..], &[1, 2, 3][..]] {
            assert_eq!(column_widths(wrong, 2), [6378, 6378], "{wrong:?}");
        }
        let cells = |texts: &[&str]| texts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(fit_cells(&cells(&["a"]), 3), ["a", "", ""]);
        assert_eq!(fit_cells(&cells(&["a", "b", "c", "d"]), 3), ["a", "b", "c\nd"]);
        assert_eq!(lines("", 2000), 1);
        assert_eq!(lines("民".repeat(20).as_str(), 2000), 3, "8 characters a line in a 2000-twip column");
        assert_eq!(lines("a\nb", 2000), 2);
    }
}
