//! Notice files → notice text: what [`super::parse`] reads, from a `.txt` in
//! any of the encodings a Chinese office writes, a Word `.docx` or an Excel
//! `.xlsx` list. Pure and total like the parser: bad input is a [`SourceError`]
//! whose message is Chinese, never a panic, and no work is done on a file over
//! [`MAX_FILE_BYTES`] or past [`zip::MAX_INFLATED`] of unpacked content.
//!
//! The format is told by the file's first bytes, its name's extension only
//! second. GB18030/GBK is decoded by a function the caller passes
//! ([`read_with`]): natively `encoding_rs` ([`read`]), in the browser its own
//! `TextDecoder('gb18030')`, so the wasm carries no GBK tables.

mod docx;
mod encoding;
pub(crate) mod table;
mod xlsx;
// pub(crate): the tests of `view::zip_write` read its archives back with it.
pub(crate) mod zip;

pub use encoding::Encoding;
pub use xlsx::{read_sheets, SheetCells, FORM_SHEETS};

use std::fmt;

/// Files larger than this are refused before any work (a notice is a few hundred KB).
pub const MAX_FILE_BYTES: usize = 30 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt { encoding: Encoding },
    Docx,
    Xlsx,
}

/// A file read as notice text.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The notice text, for [`super::parse`].
    pub text: String,
    pub format: Format,
    /// Remarks for the user, in Chinese ("第2张工作表“汇总”没有找到表头……，已跳过").
    pub notes: Vec<String>,
}

/// Why a file cannot be read; [`fmt::Display`] gives the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    Empty,
    TooLarge {
        bytes: usize,
    },
    Pdf,
    /// An OLE file (D0 CF 11 E0): `.doc`/`.xls`, or an Office file with an open password.
    LegacyOffice {
        extension: Option<String>,
    },
    Rtf,
    /// A zip archive that is neither a `.docx` nor an `.xlsx`.
    OtherZip,
    /// A damaged archive or document; the detail is Chinese.
    Corrupt {
        what: &'static str,
        detail: String,
    },
    /// Unpacking would pass [`zip::MAX_INFLATED`].
    Inflated,
    Encrypted,
    Binary,
    UnknownEncoding,
    /// A workbook none of whose sheets has a list header.
    NoListInWorkbook,
    /// A 填报表 the app wrote (`view::fill_form`): progress to import, not a notice.
    FillForm,
    /// A document without any text.
    NoText {
        what: &'static str,
    },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "文件是空的，没有可读的内容。"),
            Self::TooLarge { bytes } => write!(
                f,
                "文件太大（{}.{} MB），超过 {} MB 的上限。民生实事通知通常只有几百 KB，请确认选对了文件。",
                bytes / 1_048_576,
                bytes % 1_048_576 * 10 / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
            Self::Pdf => write!(f, "暂不支持 PDF 文件。请在 PDF 阅读器中全选并复制通知正文，粘贴到记事本保存为 .txt 文件（或直接粘贴文字）后再导入。"),
            Self::LegacyOffice { extension } => match extension.as_deref() {
                Some("doc") => write!(f, "这是旧版 Word 文档（.doc），暂不支持。请在 Word 或 WPS 中打开，“另存为” .docx 格式后再导入。"),
                Some("xls") => write!(f, "这是旧版 Excel 表格（.xls），暂不支持。请在 Excel 或 WPS 中打开，“另存为” .xlsx 格式后再导入。"),
                Some("docx" | "xlsx") => write!(
                    f,
                    "文件可能设置了打开密码，或是旧版 Office 文件改了扩展名。请在 Word/Excel 或 WPS 中取消密码，或“另存为” .docx/.xlsx 格式后再导入。"
                ),
                _ => write!(f, "这是旧版 Office 文档（.doc 或 .xls），暂不支持。请在 Word/Excel 或 WPS 中打开，“另存为” .docx 或 .xlsx 格式后再导入。"),
            },
            Self::Rtf => write!(f, "这是 RTF 文档，暂不支持。请在 Word 或 WPS 中打开，“另存为” .docx 格式后再导入。"),
            Self::OtherZip => write!(f, "这是一个压缩包，但不是 Word 文档（.docx）或 Excel 表格（.xlsx）。请解压后选择其中的通知文件。"),
            Self::Corrupt { what, detail } => write!(f, "{what}已损坏，无法读取（{detail}）。请重新下载，或在 Word/Excel 或 WPS 中重新保存后再试。"),
            Self::Inflated => {
                write!(f, "文件解压后超过 {} MB，不像是一份民生实事通知（可能是恶意构造的压缩文件），已停止读取。", zip::MAX_INFLATED / 1_048_576)
            }
            Self::Encrypted => write!(f, "文件已加密，无法读取。请在 Word/Excel 或 WPS 中取消密码后再导入。"),
            Self::Binary => write!(f, "文件不是文本，也不是 Word（.docx）或 Excel（.xlsx）文档，无法读取。"),
            Self::UnknownEncoding => {
                write!(f, "无法识别文件的文字编码（不是 UTF-8、UTF-16 或 GB18030/GBK）。请在记事本或 WPS 中“另存为” UTF-8 编码的文本后再导入。")
            }
            Self::NoListInWorkbook => write!(
                f,
                "工作簿中没有找到民生实事清单：没有一张工作表有“序号”“项目名称”“主要内容”“牵头单位”等表头。请确认表头在表格中，或将通知正文另存为 .txt 后导入。"
            ),
            Self::NoText { what } => write!(f, "{what}中没有文字。"),
            Self::FillForm => write!(f, "这是看板导出的填报表，不是通知。填好的填报表请在看板上点“导入数据”导入。"),
        }
    }
}

impl SourceError {
    /// A short English name of the refusal, for `notice2json`'s second line.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty file",
            Self::TooLarge { .. } => "file over 30 MB",
            Self::Pdf => "PDF is not supported (copy its text)",
            Self::LegacyOffice { .. } => "legacy .doc/.xls or password-protected Office file (save as .docx/.xlsx)",
            Self::Rtf => "RTF is not supported (save as .docx)",
            Self::OtherZip => "a zip archive that is no .docx or .xlsx",
            Self::Corrupt { .. } => "damaged document or archive",
            Self::Inflated => "unpacks to over 64 MB",
            Self::Encrypted => "encrypted archive",
            Self::Binary => "not text",
            Self::UnknownEncoding => "unknown text encoding (save as UTF-8)",
            Self::NoListInWorkbook => "no sheet with a list header",
            Self::NoText { .. } => "document without text",
            Self::FillForm => "a 填报表 (import it as progress, not as a notice)",
        }
    }
}

impl std::error::Error for SourceError {}

/// Read a notice file with `encoding_rs` for GB18030 (native builds: tests, the CLI).
#[cfg(not(target_arch = "wasm32"))]
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Source, SourceError> {
    read_with(file_name, bytes, &|b: &[u8]| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(b).map(|t| t.into_owned()))
}

/// Read a notice file. `gb18030` decodes GB18030 bytes strictly (None on a
/// malformed sequence); it is called only for a text that is neither UTF-8
/// nor UTF-16 and whose bytes are well-formed GB18030, and what it returns is
/// checked to look like text.
pub fn read_with(file_name: &str, bytes: &[u8], gb18030: &dyn Fn(&[u8]) -> Option<String>) -> Result<Source, SourceError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge { bytes: bytes.len() });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SourceError::Empty);
    }
    let extension = extension(file_name);
    let stem = stem(file_name);
    if bytes.starts_with(b"%PDF") {
        return Err(SourceError::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(SourceError::LegacyOffice { extension });
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(SourceError::Rtf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return read_zip(bytes, stem);
    }
    match extension.as_deref() {
        Some("pdf") => return Err(SourceError::Pdf),
        Some(e @ ("doc" | "xls")) => return Err(SourceError::LegacyOffice { extension: Some(e.to_string()) }),
        _ => {}
    }
    let (text, encoding) = encoding::decode(bytes, gb18030)?;
    let mut notes = Vec::new();
    if let Some(e @ ("docx" | "xlsx")) = extension.as_deref() {
        notes.push(format!("文件扩展名是 .{e}，但内容是纯文本，已按文本读取。"));
    }
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(Source { text, format: Format::Txt { encoding }, notes })
}

fn read_zip(bytes: &[u8], stem: &str) -> Result<Source, SourceError> {
    let mut archive = zip::Archive::open(bytes)?;
    let mut notes = Vec::new();
    // Word Online and some converters name the main part otherwise (word/document2.xml).
    let main = if archive.contains(docx::DOCUMENT) { Some(docx::DOCUMENT.to_string()) } else { main_part(&mut archive)?.filter(|p| p.starts_with("word/")) };
    if let Some(part) = main {
        let text = docx::read(&mut archive, &part, &mut notes)?;
        Ok(Source { text, format: Format::Docx, notes })
    } else if archive.contains(xlsx::WORKBOOK) {
        let text = xlsx::read(&mut archive, stem, &mut notes)?;
        Ok(Source { text, format: Format::Xlsx, notes })
    } else {
        Err(SourceError::OtherZip)
    }
}

/// The main part `_rels/.rels` names (its officeDocument relationship), if any.
fn main_part(archive: &mut zip::Archive<'_>) -> Result<Option<String>, SourceError> {
    const RELS: &str = "_rels/.rels";
    let Some(bytes) = archive.read(RELS)? else { return Ok(None) };
    let Ok(xml) = std::str::from_utf8(&bytes) else { return Ok(None) };
    let mut found = None;
    // Damaged relationships only mean no main part found here (a workbook does not need them).
    let read = each_event(xml, "压缩文件", RELS, |e| {
        if let quick_xml::events::Event::Start(s) | quick_xml::events::Event::Empty(s) = e {
            if s.local_name().as_ref() == "Relationship" && attribute(&s, "Type").is_some_and(|t| t.ends_with("/officeDocument")) {
                found = attribute(&s, "Target");
            }
        }
    });
    Ok(found.filter(|_| read.is_ok()).map(|t| t.trim_start_matches('/').to_string()))
}

/// Lower-case extension of a file name ("通知.DOCX" → "docx").
fn extension(file_name: &str) -> Option<String> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).filter(|e| !e.is_empty())
}

/// The file name without folders and extension ("a/某县清单.xlsx" → "某县清单").
fn stem(file_name: &str) -> &str {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Text of an XML entity or character reference (`&amp;`, `&#x4E00;`), for the document readers.
fn push_reference(out: &mut String, reference: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(reference) {
        out.push_str(s);
    }
}

/// The value of an element's attribute by its local name (`w:val` → "val", `r:id` → "id"), references resolved.
fn attribute(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local)?;
    Some(quick_xml::escape::unescape(&a.value).map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned))
}

/// Each event of an XML part of `what`, handed to `f`; an XML error is `Corrupt`.
fn each_event<'x>(xml: &'x str, what: &'static str, part: &str, mut f: impl FnMut(quick_xml::events::Event<'x>)) -> Result<(), SourceError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(e) => f(e),
            Err(_) => return Err(SourceError::Corrupt { what, detail: format!("{part} 的 XML 在第 {} 字节处格式错误", reader.buffer_position()) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(extension("a/b/通知.DOCX").as_deref(), Some("docx"));
        assert_eq!(extension("通知"), None);
        assert_eq!(extension("c:\\x.y\\通知"), None);
        assert_eq!(stem("a\\某县清单.xlsx"), "某县清单");
        assert_eq!(stem("清单"), "清单");
    }
}
