//! The JSON snapshot a unit mails to the district office (#6): a public,
//! versioned format, pretty and readable (Chinese unescaped). Export writes
//! it; `read` validates a file completely (shape, version, notice, every
//! value against the notice) before anything may touch the state.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::carried::{self, Carried};
use super::day::Day;
use super::jsonpath::{chinese_serde, path_at, position, quoted, serde_message, shown, typed};
use super::keys::notice_hash;
use super::library::Entry;
use super::model::Progress;
use super::timestamp::{real, Timestamp};
use super::tracker::{validate, Edit};
use crate::notice::Notice;

pub const FORMAT: &str = "minsheng-snapshot";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    /// `record::notice_hash` of the notice text.
    pub notice: String,
    pub notice_title: Option<String>,
    /// Local time of the export.
    #[serde(with = "real")]
    pub exported_at: Timestamp,
    /// The exporting unit (from the settings), empty when none is set.
    pub unit: String,
    /// All progress, with its settings and history.
    #[serde(deserialize_with = "super::change_serde::object")]
    pub progress: Progress,
    /// The notice itself, when it is a library notice (the bundled one is in
    /// every build): whoever lacks it can add it (`progress::carried`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::change_serde::optional_object")]
    pub notice_source: Option<Carried>,
    /// The sender's 截至日期 (#15): the receiver is offered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Day>,
}

/// The notice a page shows, as a snapshot is matched to it: its text and
/// reading, and its library entry (None for the bundled notice).
#[derive(Clone, Copy)]
pub struct Page<'a> {
    pub text: &'a str,
    pub notice: &'a Notice,
    pub entry: Option<&'a Entry>,
}

/// The place a notice is about (相山区), as the parser read it from a title.
pub fn place(notice: &Notice) -> Option<String> {
    notice.place.clone()
}

/// The snapshot file: its name ("相山区民生实事_2023-10-31_区残联.json") and
/// pretty JSON; `carried`: the notice itself, for a library notice; `as_of`:
/// the 截至日期 the sender was looking at.
pub fn export(
    notice_text: &str,
    notice: &Notice,
    progress: &Progress,
    exported_at: Timestamp,
    carried: Option<Carried>,
    as_of: Option<Day>,
) -> (String, String) {
    let unit = progress.settings.unit.clone();
    let snapshot = Snapshot {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        notice: notice_hash(notice_text),
        notice_title: notice.title.clone(),
        exported_at,
        unit: unit.clone(),
        progress: progress.clone(),
        notice_source: carried,
        as_of,
    };
    let day = exported_at.day().map(|d| d.to_string()).unwrap_or_default();
    let mut name = format!("{}民生实事_{day}", place(notice).unwrap_or_default());
    if !unit.is_empty() {
        name.push('_');
        name.push_str(&unit);
    }
    name.push_str(".json");
    (name, serde_json::to_string_pretty(&snapshot).expect("snapshot serializes"))
}

/// Larger files are refused unread: a year of daily edits to every item
/// exports to about 6 MB (benches/share.rs), so anything much bigger is not
/// a snapshot of ours.
pub const MAX_BYTES: usize = 20 << 20;

/// Why a file cannot be imported; shown to the user as is.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
    },
    /// Nothing but white space (or nothing at all).
    Empty,
    NotJson {
        /// Where, in characters (`jsonpath::position`).
        line: usize,
        column: usize,
        /// The value the error is in ("progress.items.7.targets.0[0].value"), "." when none.
        path: String,
        message: String,
    },
    /// JSON, but not a snapshot (`format` missing or another one).
    NotSnapshot(String),
    FutureVersion(u64),
    /// A snapshot of another notice; the title it names, if any. `carried`:
    /// the whole snapshot, checked against the notice it carries, so that
    /// the notice can be added and the data taken in with it.
    OtherNotice {
        title: Option<String>,
        carried: Option<Box<Snapshot>>,
    },
    /// A snapshot whose value at `path` is wrong ("progress.items.7.status").
    Invalid {
        path: String,
        detail: String,
    },
    /// Bytes that are neither UTF-8 nor UTF-16 with a BOM (or that hold a
    /// NUL, which no JSON text does: UTF-16 without its BOM).
    NotText,
}

/// A file's text, decoded the same way in every browser: UTF-8 (a BOM
/// dropped), or UTF-16 LE/BE when it starts with that BOM (Notepad's
/// "Unicode"). Anything else is refused, never guessed: other bytes, and a
/// NUL character (UTF-16 without a BOM decodes as UTF-8 with NULs).
pub fn text_of(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| -> Result<String, ImportError> {
        if !rest.len().is_multiple_of(2) {
            return Err(ImportError::NotText);
        }
        let units = rest.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
        char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| ImportError::NotText)
    };
    let text = match bytes {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => {
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            String::from_utf8(bytes.to_vec()).map_err(|_| ImportError::NotText)?
        }
    };
    if text.contains('\0') {
        return Err(ImportError::NotText);
    }
    Ok(text)
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "文件太大（{:.1} MB）。导出的快照不会超过 {} MB，请确认选择的是本工具“导出数据”得到的 .json 文件。",
                *bytes as f64 / (1 << 20) as f64,
                MAX_BYTES >> 20
            ),
            ImportError::Empty => write!(f, "文件是空的。请选择本工具“导出数据”得到的 .json 文件。"),
            ImportError::NotJson { line, column, path, message } => {
                let path = if path == "." { String::new() } else { format!("，位置 {path}") };
                write!(f, "文件不是有效的 JSON（第{line}行第{column}列{path}：{}）。请选择本工具“导出数据”得到的 .json 文件。", chinese_serde(message))
            }
            ImportError::NotSnapshot(detail) => write!(f, "这不是民生实事进度快照：{detail}。"),
            ImportError::FutureVersion(n) => write!(f, "这份快照由更新版本的本工具导出（快照格式版本 {n}，本版本只认识到 {FORMAT_VERSION}），请用新版本导入。"),
            ImportError::OtherNotice { title: Some(title), .. } => write!(f, "这份快照属于另一份通知《{}》，与本页的通知不同，不能导入。", quoted(title)),
            ImportError::OtherNotice { title: None, .. } => write!(f, "这份快照属于另一份通知，与本页的通知不同，不能导入。"),
            ImportError::Invalid { path, detail } => write!(f, "快照内容有误，位置 {}：{detail}", shown(path)),
            ImportError::NotText => write!(f, "文件不是文本（UTF-8 或带 BOM 的 UTF-16），请选择本工具“导出数据”得到的 .json 文件。"),
        }
    }
}

impl std::error::Error for ImportError {}

/// The envelope alone, each field as any JSON (`null` too), so that a wrong one gets its own message.
#[derive(Deserialize)]
struct Header {
    #[serde(default, deserialize_with = "present")]
    format: Option<Json>,
    #[serde(default, deserialize_with = "present")]
    format_version: Option<Json>,
    #[serde(default, deserialize_with = "present")]
    notice: Option<Json>,
    #[serde(default, deserialize_with = "present")]
    notice_title: Option<Json>,
    /// Whether the file carries its notice (read in full later).
    #[serde(default)]
    notice_source: Option<serde::de::IgnoredAny>,
}

/// A field that is there, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Json>, D::Error> {
    Json::deserialize(d).map(Some)
}

/// JSON's white space (`str::trim` would take more).
fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Read and check a snapshot file for the bundled notice `notice_text` (parsed: `notice`).
pub fn read(raw: &str, notice_text: &str, notice: &Notice) -> Result<Snapshot, ImportError> {
    read_for(raw, Page { text: notice_text, notice, entry: None })
}

/// Read and check a snapshot file for the notice `page` shows. It belongs
/// to it when its `notice` is the page's text hash, or the notice it carries
/// is the page's library entry (`Carried::is`); a snapshot of another notice
/// that carries it is checked against it and returned in `OtherNotice`.
/// Nothing is changed anywhere: the caller applies the result, or shows the error.
pub fn read_for(raw: &str, page: Page<'_>) -> Result<Snapshot, ImportError> {
    if raw.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { bytes: raw.len() });
    }
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if raw.trim_matches(is_json_space).is_empty() {
        return Err(ImportError::Empty);
    }
    let not_json = |e: serde_json::Error| {
        let (line, column) = position(raw.as_bytes(), e.line(), e.column());
        ImportError::NotJson { line, column, path: path_at(raw.as_bytes(), e.line(), e.column()), message: serde_message(raw.as_bytes(), &e) }
    };
    if !raw.trim_start_matches(is_json_space).starts_with('{') {
        serde_json::from_str::<serde::de::IgnoredAny>(raw).map_err(not_json)?;
        return Err(ImportError::NotSnapshot("最外层不是对象".into()));
    }
    // The only data error a header of JSON values has is a repeated field.
    let header: Header = serde_json::from_str(raw).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => invalid(".", chinese_serde(&e.to_string())),
        _ => not_json(e),
    })?;
    match header.format {
        Some(Json::String(f)) if f == FORMAT => {}
        Some(Json::String(f)) => return Err(ImportError::NotSnapshot(format!("format 应为“{FORMAT}”，实为“{}”", quoted(&f)))),
        Some(other) => return Err(ImportError::NotSnapshot(format!("format 应为“{FORMAT}”，实为 {}", shown_json(&other)))),
        None if header.notice.is_some() && raw.contains("\"schema\"") => {
            return Err(ImportError::NotSnapshot("这是浏览器里保存的进度记录（或其隔离副本），不是导出的快照；请在其页面上用“导出数据”导出".into()))
        }
        None => return Err(ImportError::NotSnapshot("没有 format 字段".into())),
    }
    match header.format_version.as_ref().map(|v| (v, v.as_u64())) {
        Some((_, Some(n))) if n > u64::from(FORMAT_VERSION) => return Err(ImportError::FutureVersion(n)),
        Some((_, Some(n))) if n >= 1 => {}
        Some((v, _)) => return Err(invalid("format_version", format!("应为正整数，实为 {}", shown_json(v)))),
        None => return Err(invalid("format_version", "缺少此字段")),
    }
    let title = match header.notice_title {
        Some(Json::String(t)) => Some(t),
        _ => None,
    };
    let same_text = match header.notice {
        Some(Json::String(hash)) => hash == notice_hash(page.text),
        other => return Err(invalid("notice", format!("应为通知标识字符串，实为 {}", other.map_or("缺失".into(), |v| shown_json(&v))))),
    };
    if !same_text && header.notice_source.is_none() {
        return Err(ImportError::OtherNotice { title, carried: None });
    }
    let mut snapshot: Snapshot = typed(raw.as_bytes(), "").map_err(|e| ImportError::Invalid { path: e.path, detail: e.detail })?;
    snapshot.progress.canonicalize();
    super::bounds::check_unit(&snapshot.unit).map_err(|why| invalid("unit", why))?;
    let carried_notice = match &snapshot.notice_source {
        Some(c) => Some(carried::check(c, &snapshot.notice).map_err(|(field, why)| invalid(&format!("notice_source.{field}"), why))?),
        None => None,
    };
    let is_page = |c: &Carried| page.entry.is_some_and(|e| c.is(e));
    match (same_text || snapshot.notice_source.as_ref().is_some_and(is_page), carried_notice) {
        (true, _) => {
            check_against(page.notice, &snapshot.progress)?;
            Ok(snapshot)
        }
        (false, Some(notice)) => {
            check_against(&notice, &snapshot.progress)?;
            Err(ImportError::OtherNotice { title, carried: Some(Box::new(snapshot)) })
        }
        (false, None) => Err(ImportError::OtherNotice { title, carried: None }),
    }
}

/// The notice a snapshot carries, read alone and checked, or None (the
/// file's errors are `read_for`'s to tell): a page that carries data of a
/// notice the browser lacks shows that notice.
pub fn carried_notice(raw: &str) -> Option<Carried> {
    #[derive(Deserialize)]
    struct Only {
        notice: String,
        notice_source: Option<Carried>,
    }
    let only: Only = serde_json::from_slice(raw.strip_prefix('\u{feff}').unwrap_or(raw).as_bytes()).ok()?;
    let carried = only.notice_source?;
    carried::check(&carried, &only.notice).ok().map(|_| carried)
}

/// A JSON value of the file quoted in a message: short, strings in “”, the
/// rest as JSON (`null`, `1.5`, `[1,2]`).
fn shown_json(value: &Json) -> String {
    match value {
        Json::String(s) => format!("字符串“{}”", quoted(s)),
        Json::Array(_) => "数组".into(),
        Json::Object(_) => "对象".into(),
        other => quoted(&other.to_string()),
    }
}

fn invalid(path: &str, detail: impl Into<String>) -> ImportError {
    ImportError::Invalid { path: path.to_string(), detail: detail.into() }
}

/// Every recorded value must be one an edit in this app could have made.
fn check_against(notice: &Notice, progress: &Progress) -> Result<(), ImportError> {
    for (&no, p) in &progress.items {
        let at = |rest: &str| format!("progress.items.{no}{rest}");
        let Some(item) = notice.items.iter().find(|i| i.key == no) else {
            return Err(invalid(&at(""), format!("通知中没有第{no}项")));
        };
        for &target in p.targets.keys() {
            if !item.targets.iter().any(|t| t.key == target) {
                return Err(invalid(&at(&format!(".targets.{target}")), format!("第{no}项没有第{}个量化目标", target + 1)));
            }
        }
        for &subsidy in p.subsidies.keys() {
            if !item.subsidies.iter().any(|s| s.key == subsidy) {
                return Err(invalid(&at(&format!(".subsidies.{subsidy}")), format!("第{no}项没有第{}个补助标准", subsidy + 1)));
            }
        }
        super::bounds::check_item(p).map_err(|(inner, why)| invalid(&at(&inner), why))?;
    }
    for (i, change) in progress.history.iter().enumerate() {
        let edit = Edit { item: change.item, field: change.field.clone(), value: change.new.clone() };
        validate(notice, &edit).map_err(|e| invalid(&format!("progress.history[{i}]"), e.to_string().trim_end_matches('。')))?;
        if let Some(why) = change.old.number().and_then(super::bounds::refusal) {
            return Err(invalid(&format!("progress.history[{i}].old"), why));
        }
    }
    // The thresholds and unit a copy with data loads as they are (`import::on_embedded`).
    super::bounds::check_settings(&progress.settings).map_err(|why| invalid("progress.settings", why))?;
    Ok(())
}

/// The snapshot as the content of a `<script type="application/json">` in an
/// HTML page: `<` only occurs inside JSON strings, where `\u003c` means the
/// same, so no `</script>` or `<!--` can end or confuse the element.
pub fn for_html(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::{Edit, Field, Tracker, Value};

    use crate::progress::timestamp::ts;

    #[test]
    fn exported_snapshot_is_named_readable_and_complete() {
        let n = parse(crate::BUNDLED_NOTICE);
        assert_eq!(place(&n).as_deref(), Some("相山区"));
        let mut t = Tracker::default();
        t.progress.settings.unit = "区残联".into();
        t.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("首批资金已拨付".into()) }, ts("2023-10-31T16:00:00")).unwrap();
        let q3 = Day::parse("2023-09-30");
        let (name, json) = export(crate::BUNDLED_NOTICE, &n, &t.progress, ts("2023-10-31T17:05:00"), None, q3);
        assert_eq!(name, "相山区民生实事_2023-10-31_区残联.json");
        assert!(json.contains("\"note\": \"首批资金已拨付\""), "pretty, Chinese unescaped");
        let back: Snapshot = serde_json::from_str(&json).unwrap();
        assert_eq!((back.format.as_str(), back.format_version, back.unit.as_str()), (FORMAT, 1, "区残联"));
        assert_eq!(back.notice, notice_hash(crate::BUNDLED_NOTICE));
        assert_eq!(back.progress, t.progress, "all progress and history");
        // The sender's 截至日期 travels; a file without it (before #15) reads as none.
        assert!(json.contains("\"as_of\": \"2023-09-30\""));
        assert_eq!(back.as_of, q3);
        let before: Snapshot = serde_json::from_str(&json.replace("\"as_of\": \"2023-09-30\"", "\"older\": 1")).unwrap();
        assert_eq!(before.as_of, None);
        t.progress.settings.unit.clear();
        assert_eq!(export(crate::BUNDLED_NOTICE, &n, &t.progress, ts("2023-11-01T08:00:00"), None, None).0, "相山区民生实事_2023-11-01.json");
    }
}
