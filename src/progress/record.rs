//! The stored form of `Progress`: localStorage keys, the versioned record
//! (plain JSON or a deflated payload in a readable JSON envelope), migration
//! of older layouts, and rebasing this tab's edits onto what another tab
//! saved. Browser-free: the app's storage edge reads and writes the strings.
//!
//! Stored record, plain:
//! `{"schema":2,"notice":"<hash>","saved_at":"…","revision":7,"progress":{…}}`
//! and compressed (what `encode` writes):
//! `{"schema":2,"notice":"<hash>","saved_at":"…","revision":7,"encoding":"deflate+base64","data":"…"}`
//! where `data` is base64 (standard alphabet, padded) of raw deflate (no zlib
//! header) of the `progress` JSON. `decode` reads both, and schema 1.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::day::Day;
use super::model::{Change, Field, Observation, Progress, Status, SubsidyProgress, SCHEMA_VERSION};

/// Every key this app writes starts with this: Chromium shares one
/// localStorage among all file:// pages.
pub const KEY_PREFIX: &str = "minsheng:";

/// The `encoding` of a compressed record.
pub const DEFLATE_BASE64: &str = "deflate+base64";

/// Deflate level of `encode` (1 = fastest … 10 = smallest). The app saves
/// after every edit; for a year of daily edits to all 50 items (18k changes,
/// 3.3 MB of JSON) level 1 takes 7.6 ms natively and stores 416 KB, level 6
/// takes 38 ms for 292 KB (benches/storage.rs). A backup, written at most
/// every 10 minutes, can afford `encode_with(.., Deflate { level: 10 })`.
pub const DEFAULT_LEVEL: u8 = 1;

/// Refuse to inflate a payload beyond this (a damaged or hostile record).
const MAX_INFLATED: usize = 64 << 20;

/// The notice's identity: the first 16 hex chars (64 bits) of the SHA-256
/// of its text, after removing a leading BOM and unifying line endings (so a
/// copy saved with CRLF finds the same progress). Deliberately no other
/// normalization: this must never change, or saved progress disappears.
pub fn notice_hash(notice_text: &str) -> String {
    let text = notice_text.strip_prefix('\u{feff}').unwrap_or(notice_text);
    let mut hasher = Sha256::new();
    let mut rest = text;
    while let Some(cr) = rest.find('\r') {
        hasher.update(&rest.as_bytes()[..cr]);
        hasher.update(b"\n");
        rest = &rest[cr + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    hasher.update(rest.as_bytes());
    let digest = hasher.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    digest[..8].iter().flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]).collect()
}

/// localStorage key of one notice's progress: `minsheng:v2:<hash>`.
pub fn notice_key(notice_text: &str) -> String {
    key_for_hash(&notice_hash(notice_text))
}

/// The key for a hash already computed (`StoredRecord::notice`).
pub fn key_for_hash(hash: &str) -> String {
    format!("{KEY_PREFIX}v2:{hash}")
}

/// Keys an older version of the app stored this notice's progress under
/// (schema v1 used `minsheng:v1:<hash>`). Read once, migrated, never deleted.
pub fn legacy_keys(hash: &str) -> Vec<String> {
    vec![format!("{KEY_PREFIX}v1:{hash}")]
}

/// Where an unreadable record is moved before the key is reused:
/// `{key}:quarantine:{timestamp}`.
pub fn quarantine_key(key: &str, timestamp: &str) -> String {
    format!("{key}:quarantine:{timestamp}")
}

/// Backup slot `n` of a key: `{key}:backup:{n}`.
pub fn backup_key(key: &str, slot: u32) -> String {
    format!("{key}:backup:{slot}")
}

/// The key of the backup ring's index (`backups::BackupIndex`): `{key}:backups`.
pub fn backup_index_key(key: &str) -> String {
    format!("{key}:backups")
}

/// What one notice's key holds.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    /// Always `SCHEMA_VERSION` once decoded (older layouts are migrated).
    pub schema: u32,
    /// `notice_hash` of the notice the progress belongs to.
    pub notice: String,
    /// Local time of the save, "YYYY-MM-DDTHH:MM:SS" (empty when migrated from v1).
    pub saved_at: String,
    /// Bumped by every save: a tab that finds a revision other than the one it
    /// last synced knows another tab saved in between (then `rebase`).
    pub revision: u64,
    pub progress: Progress,
}

impl StoredRecord {
    pub fn new(notice: impl Into<String>, saved_at: impl Into<String>, revision: u64, progress: Progress) -> StoredRecord {
        StoredRecord { schema: SCHEMA_VERSION, notice: notice.into(), saved_at: saved_at.into(), revision, progress }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `"progress": {…}` as JSON (readable; exports, tests).
    Plain,
    /// `"encoding":"deflate+base64","data":"…"` at this deflate level (1–10).
    Deflate { level: u8 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub record: StoredRecord,
    /// The schema it was stored in, when older than `SCHEMA_VERSION` (the app
    /// should keep a copy of the raw string, e.g. as a backup, before saving over it).
    pub migrated_from: Option<u32>,
    pub compressed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DecodeError {
    /// Not JSON at all, or cut off.
    NotJson { line: usize, column: usize, message: String },
    /// JSON, but not a progress record (no schema, no notice, not an object).
    NotOurFormat(String),
    /// Written by a newer version of the app: leave it alone, never overwrite.
    FutureVersion(u32),
    /// The progress of another notice.
    OtherNotice { found: String, expected: String },
    /// Our format, but a field is damaged; `path` is where ("progress.items.7.status").
    Corrupt { path: String, detail: String },
}

impl DecodeError {
    /// May the app save over the stored value? Never over a newer version's
    /// record; anything else unreadable is moved to `quarantine_key` first.
    pub fn may_overwrite(&self) -> bool {
        !matches!(self, DecodeError::FutureVersion(_))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotJson { line, column, message } => {
                write!(f, "保存的进度不是完整的 JSON（第{line}行第{column}列）：{}", chinese_serde(message))
            }
            DecodeError::NotOurFormat(detail) => write!(f, "保存的内容不是本工具的进度记录：{detail}"),
            DecodeError::FutureVersion(n) => write!(
                f,
                "这份进度由更新版本的本工具保存（格式版本 {n}，本版本只认识到 {SCHEMA_VERSION}）。为免覆盖，本页不会改写它，请用新版本打开。"
            ),
            DecodeError::OtherNotice { found, expected } => {
                write!(f, "这份进度属于另一份通知（{found}），不是当前通知（{expected}）。")
            }
            DecodeError::Corrupt { path, detail } => write!(f, "进度记录已损坏，位置 {path}：{}", chinese_serde(detail)),
        }
    }
}

impl std::error::Error for DecodeError {}

/// serde's messages are English; say the common ones in Chinese.
pub(crate) fn chinese_serde(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let rules: [(&str, &str); 13] = [
        ("invalid type: ", "类型不对："),
        ("invalid value: ", "取值无效："),
        ("unknown variant ", "未知取值 "),
        ("missing field ", "缺少字段 "),
        ("invalid length ", "长度不对 "),
        ("EOF while parsing a string", "内容在一个字符串中途结束（文件不完整）"),
        ("EOF while parsing an object", "内容在一个对象中途结束（文件不完整）"),
        ("EOF while parsing a list", "内容在一个数组中途结束（文件不完整）"),
        ("EOF while parsing", "内容在中途结束（文件不完整）"),
        // serde_json's "expected value": neither JSON here nor a value of the wanted kind.
        ("expected value", "此处的值写法或类型不对"),
        ("expected ", "应为 "),
        ("one of ", "以下之一 "),
        ("trailing characters", "结尾有多余的字符"),
    ];
    let mut out = message.to_string();
    for (en, zh) in rules {
        out = out.replace(en, zh);
    }
    out.replace(", 应为 ", "，应为 ")
}

#[derive(Serialize)]
struct PlainOut<'a> {
    schema: u32,
    notice: &'a str,
    saved_at: &'a str,
    revision: u64,
    progress: &'a Progress,
}

#[derive(Serialize)]
struct DeflateOut<'a> {
    schema: u32,
    notice: &'a str,
    saved_at: &'a str,
    revision: u64,
    encoding: &'a str,
    data: String,
}

/// The string to store: compressed at `DEFAULT_LEVEL`.
pub fn encode(record: &StoredRecord) -> String {
    encode_with(record, Encoding::Deflate { level: level_for(&record.progress) })
}

/// The deflate level `encode` uses: the fastest while the record is small
/// (every save stays well under a frame), level 3 once it is big (a year of
/// daily edits: 335 KB instead of 416 KB, so that the record and a full
/// ring of backups stay under 1 MB; 15.7 ms instead of 7.6 ms natively).
pub fn level_for(progress: &Progress) -> u8 {
    const BIG_HISTORY: usize = 5_000;
    if progress.history.len() > BIG_HISTORY {
        3
    } else {
        DEFAULT_LEVEL
    }
}

pub fn encode_with(record: &StoredRecord, encoding: Encoding) -> String {
    encode_parts(&record.notice, &record.saved_at, record.revision, &record.progress, encoding)
}

/// `encode_with` from borrowed parts: the app saves after every edit and
/// need not copy the whole progress (and its history) into a record first.
pub fn encode_parts(notice: &str, saved_at: &str, revision: u64, progress: &Progress, encoding: Encoding) -> String {
    let out = match encoding {
        Encoding::Plain => serde_json::to_string(&PlainOut { schema: SCHEMA_VERSION, notice, saved_at, revision, progress }),
        Encoding::Deflate { level } => {
            let json = serde_json::to_vec(progress).expect("progress serializes");
            let deflated = miniz_oxide::deflate::compress_to_vec(&json, level.clamp(1, 10));
            let data = base64::engine::general_purpose::STANDARD.encode(deflated);
            serde_json::to_string(&DeflateOut { schema: SCHEMA_VERSION, notice, saved_at, revision, encoding: DEFLATE_BASE64, data })
        }
    };
    out.expect("record serializes")
}

/// Read a stored string for the notice whose hash is `expected_notice`.
pub fn decode(raw: &str, expected_notice: &str) -> Result<Decoded, DecodeError> {
    let not_json = |e: serde_json::Error| DecodeError::NotJson { line: e.line(), column: e.column(), message: e.to_string() };
    // A struct would also read from an array: look for the object first.
    if raw.trim_start().as_bytes().first() != Some(&b'{') {
        serde_json::from_str::<IgnoredAny>(raw).map_err(not_json)?;
        return Err(DecodeError::NotOurFormat("最外层不是对象".into()));
    }
    // First pass: the envelope, skipping the (large) progress.
    let header: Header = serde_json::from_str(raw).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => DecodeError::NotOurFormat(chinese_serde(&e.to_string())),
        _ => not_json(e),
    })?;
    let schema = match &header.schema {
        None => return Err(DecodeError::NotOurFormat("没有 schema（格式版本）字段".into())),
        Some(s) => match s.as_u64() {
            Some(n) if n >= 1 => n,
            _ => return Err(DecodeError::NotOurFormat(format!("schema 应为正整数，实为 {s}"))),
        },
    };
    if schema > u64::from(SCHEMA_VERSION) {
        return Err(DecodeError::FutureVersion(u32::try_from(schema).unwrap_or(u32::MAX)));
    }
    let notice = match header.notice {
        Some(Json::String(s)) => s,
        Some(other) => return Err(DecodeError::NotOurFormat(format!("notice 应为字符串，实为 {other}"))),
        None => return Err(DecodeError::NotOurFormat("没有 notice（通知标识）字段".into())),
    };
    if notice != expected_notice {
        return Err(DecodeError::OtherNotice { found: notice, expected: expected_notice.to_string() });
    }
    if schema == 1 {
        let v1: V1Record = typed(raw.as_bytes(), "")?;
        return Ok(Decoded { record: migrate_v1(v1, notice)?, migrated_from: Some(1), compressed: false });
    }
    let saved_at = match header.saved_at {
        Some(Json::String(s)) => s,
        other => return Err(corrupt("saved_at", format!("应为时间字符串，实为 {}", shown(other.as_ref())))),
    };
    let revision = match &header.revision {
        Some(r) => r.as_u64().ok_or_else(|| corrupt("revision", format!("应为非负整数，实为 {r}")))?,
        None => return Err(corrupt("revision", "缺少此字段")),
    };
    let (progress, compressed) = match &header.encoding {
        None => {
            match header.progress {
                Some(Shape::Object) => {}
                Some(Shape::Other) => return Err(corrupt("progress", "应为对象")),
                None => return Err(corrupt("progress", "缺少此字段")),
            }
            let plain: PlainIn = typed(raw.as_bytes(), "")?;
            (plain.progress, false)
        }
        Some(Json::String(enc)) if enc == DEFLATE_BASE64 => {
            let Some(Json::String(data)) = &header.data else {
                return Err(corrupt("data", format!("应为 base64 字符串，实为 {}", shown(header.data.as_ref()))));
            };
            let deflated = base64::engine::general_purpose::STANDARD
                .decode(data.as_bytes())
                .map_err(|e| corrupt("data", format!("不是有效的 base64：{e}")))?;
            let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED)
                .map_err(|e| corrupt("data", format!("压缩数据无法解压（{:?}）", e.status)))?;
            if json.trim_ascii_start().first() != Some(&b'{') {
                return Err(corrupt("progress", "解压后应为对象"));
            }
            (typed(&json, "progress")?, true)
        }
        Some(other) => return Err(corrupt("encoding", format!("未知的编码 {other}（本版本只认识 {DEFLATE_BASE64}）"))),
    };
    let record = StoredRecord { schema: SCHEMA_VERSION, notice, saved_at, revision, progress };
    Ok(Decoded { record, migrated_from: None, compressed })
}

/// The revision of a current-schema record, read from its envelope alone
/// (the payload is skipped, not inflated): a tab about to save compares it
/// with the revision it last synced, and decodes only when they differ.
pub fn stored_revision(raw: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Envelope {
        schema: Option<u32>,
        revision: Option<u64>,
    }
    let envelope: Envelope = serde_json::from_str(raw).ok()?;
    (envelope.schema == Some(SCHEMA_VERSION)).then_some(envelope.revision).flatten()
}

/// The envelope of any schema; unknown fields (v1's `items`) are skipped.
#[derive(Deserialize)]
struct Header {
    schema: Option<Json>,
    notice: Option<Json>,
    saved_at: Option<Json>,
    revision: Option<Json>,
    encoding: Option<Json>,
    data: Option<Json>,
    progress: Option<Shape>,
}

#[derive(Deserialize)]
struct PlainIn {
    progress: Progress,
}

/// Whether a value is an object, its content skipped.
enum Shape {
    Object,
    Other,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Shape;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Shape::Object)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Shape::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// Parse JSON into `T`, reporting a damaged field by its path under `prefix`.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(json: &[u8], prefix: &str) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = T::deserialize(&mut de).map_err(|e| path_error(prefix, json, e))?;
    de.end().map_err(|e| corrupt(if prefix.is_empty() { "." } else { prefix }, e.to_string()))?;
    Ok(value)
}

fn corrupt(path: &str, detail: impl Into<String>) -> DecodeError {
    DecodeError::Corrupt { path: path.to_string(), detail: detail.into() }
}

fn shown(value: Option<&Json>) -> String {
    value.map_or_else(|| "缺失".to_string(), |v| v.to_string())
}

fn path_error(prefix: &str, json: &[u8], e: serde_json::Error) -> DecodeError {
    let detail = e.to_string();
    // serde_json stops after the `}` / `]` that closes the value in which serde
    // found the error; only these two errors are about that value itself, any
    // other is about its last member (a custom or untagged-enum error).
    let own = detail.starts_with("missing field") || detail.starts_with("invalid length");
    let inner = json_path_at(json, e.line(), e.column(), !own);
    let path = match (prefix, inner.as_str()) {
        ("", ".") => ".".to_string(),
        (_, ".") => prefix.to_string(),
        ("", _) => inner,
        _ => format!("{prefix}.{inner}"),
    };
    corrupt(&path, detail)
}

/// The path ("items.7.targets.0[1].as_of", "." for the top) of the value that
/// serde_json was reading when it stopped at `line`/`column` (its error
/// position: the last byte it consumed). Map keys are joined by dots, array
/// indices written `[i]`; a key whose value has not begun is not part of it.
/// With `inside`, a closing `}` / `]` just before the position is not counted:
/// the path is that of the closed value's last member.
/// A small scanner instead of tracking the path while deserializing: it runs
/// only on an error, and costs a fraction of the code.
fn json_path_at(json: &[u8], line: usize, column: usize, inside: bool) -> String {
    enum Frame {
        /// The current key, once its `:` was read.
        Object { key: Option<String>, in_value: bool },
        /// The current element, once it has begun.
        Array { index: usize, begun: bool },
    }
    // Bytes consumed: the whole lines before `line`, then `column` bytes of it.
    let mut end = 0;
    for _ in 1..line {
        match json[end..].iter().position(|&b| b == b'\n') {
            Some(i) => end += i + 1,
            None => break,
        }
    }
    let mut json = json[..(end + column).min(json.len())].trim_ascii_end();
    if let (true, [rest @ .., b'}' | b']']) = (inside, json) {
        json = rest;
    }

    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < json.len() {
        let b = json[i];
        if !b.is_ascii_whitespace() && !matches!(b, b',' | b':' | b'}' | b']') {
            if let Some(Frame::Array { begun, .. }) = stack.last_mut() {
                *begun = true;
            }
        }
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < json.len() && json[i] != b'"' {
                    i += if json[i] == b'\\' { 2 } else { 1 };
                }
                if i >= json.len() {
                    break; // stopped inside this string
                }
                if let Some(Frame::Object { key, in_value: false }) = stack.last_mut() {
                    *key = serde_json::from_slice::<String>(&json[start..=i]).ok();
                }
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => (*key, *in_value) = (None, false),
                Some(Frame::Array { index, begun }) => (*index, *begun) = (*index + 1, false),
                None => {}
            },
            b'{' => stack.push(Frame::Object { key: None, in_value: false }),
            b'[' => stack.push(Frame::Array { index: 0, begun: false }),
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }

    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), in_value: true } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array { index, begun: true } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            _ => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

// ---- schema 1 ------------------------------------------------------------

/// v1: status by Chinese label, one `as_of` for all of an item's achieved
/// values, served counts per subsidy, no history, no settings.
#[derive(Deserialize)]
struct V1Record {
    #[serde(default)]
    saved_at: Option<String>,
    #[serde(default)]
    items: BTreeMap<u32, V1Item>,
}

#[derive(Deserialize)]
struct V1Item {
    #[serde(default)]
    status: V1Status,
    #[serde(default)]
    note: String,
    #[serde(default)]
    achieved: BTreeMap<usize, Amount>,
    #[serde(default)]
    as_of: Option<Day>,
    #[serde(default)]
    served: BTreeMap<usize, Amount>,
}

#[derive(Default)]
struct V1Status(Status);

impl<'de> Deserialize<'de> for V1Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<V1Status, D::Error> {
        let label = String::deserialize(d)?;
        Status::ALL.into_iter().find(|s| s.label() == label).map(V1Status).ok_or_else(|| {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
            serde::de::Error::custom(format!("未知的状态“{label}”（应为 {}）", known.join("/")))
        })
    }
}

/// A non-negative finite number.
struct Amount(f64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let n = f64::deserialize(d)?;
        if n.is_finite() && n >= 0.0 {
            Ok(Amount(n))
        } else {
            Err(serde::de::Error::custom(format!("不能为负数：{n}")))
        }
    }
}

fn migrate_v1(v1: V1Record, notice: String) -> Result<StoredRecord, DecodeError> {
    let mut progress = Progress::default();
    for (no, old) in v1.items {
        let p = progress.items.entry(no).or_default();
        p.status = old.status.0;
        p.note = old.note;
        if !old.achieved.is_empty() {
            let as_of = old.as_of.ok_or_else(|| corrupt(&format!("items.{no}.as_of"), "有完成值（achieved）却没有截至日期"))?;
            for (target, Amount(value)) in old.achieved {
                p.targets.insert(target, vec![Observation { as_of, value }]);
            }
        }
        for (subsidy, Amount(served)) in old.served {
            p.subsidies.insert(subsidy, SubsidyProgress { served: Some(served), ..Default::default() });
        }
    }
    Ok(StoredRecord { schema: SCHEMA_VERSION, notice, saved_at: v1.saved_at.unwrap_or_default(), revision: 0, progress })
}

// ---- two tabs ------------------------------------------------------------

/// Re-apply this tab's unsynced changes (`mine.history[synced_len..]`) onto
/// what storage holds now, in order: neither tab loses an edit, and for the
/// same field the later writer (this tab, saving now) wins. Each re-applied
/// change's `old` becomes the value it replaced in the merged state, so the
/// history stays a consistent chain; items are stamped as by an edit.
/// Settings are not in the history: they are `stored`'s (see `rebase_settings`).
pub fn rebase(stored: &Progress, mine: &Progress, synced_len: usize) -> Progress {
    let mut merged = stored.clone();
    let unsynced = mine.history.get(synced_len..).unwrap_or_default();
    merged.history.reserve(unsynced.len());
    for change in unsynced {
        let old = merged.get(change.item, &change.field);
        merged.put(change.item, &change.field, &change.new);
        let p = merged.items.entry(change.item).or_default();
        if p.updated.as_deref().is_none_or(|u| u <= change.at.as_str()) {
            p.updated = Some(change.at.clone());
            p.updated_by = (!change.unit.is_empty()).then(|| change.unit.clone());
        }
        merged.history.push(Change { old, ..change.clone() });
    }
    merged
}

/// Settings three ways: a field this tab changed since it synced (`mine` ≠
/// `synced`) is this tab's, every other field is `stored`'s.
pub fn rebase_settings(stored: &super::Settings, mine: &super::Settings, synced: &super::Settings) -> super::Settings {
    super::Settings {
        unit: if mine.unit != synced.unit { mine.unit.clone() } else { stored.unit.clone() },
        yellow_lag: if mine.yellow_lag != synced.yellow_lag { mine.yellow_lag } else { stored.yellow_lag },
        red_lag: if mine.red_lag != synced.red_lag { mine.red_lag } else { stored.red_lag },
    }
}

/// Did `field` of `item` change in `history[from..]`? (The edge can tell the
/// user "另一个标签页也修改了此项".)
pub fn touched_since(history: &[Change], from: usize, item: u32, field: &Field) -> bool {
    history.get(from..).unwrap_or_default().iter().any(|c| c.item == item && &c.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_16_hex_and_ignores_bom_and_crlf() {
        let h = notice_hash("一、\n二、\n");
        assert_eq!(h.len(), 16);
        assert!(h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(notice_hash("\u{feff}一、\r\n二、\r\n"), h);
        assert_eq!(notice_hash("一、\r二、\r"), h);
        assert_ne!(notice_hash("一、\n二、"), h);
        // SHA-256("abc") = ba7816bf8f01cfea…
        assert_eq!(notice_hash("abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn serde_messages_in_chinese() {
        assert_eq!(chinese_serde("invalid type: string \"x\", expected u32 at line 1 column 5"), "类型不对：string \"x\"，应为 u32");
    }

    /// Where serde_json stops on each kind of error, as a path (pretty-printed
    /// too: positions count lines).
    #[test]
    fn error_positions_become_paths() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: u32,
            #[serde(default)]
            day: Option<Day>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            #[serde(default)]
            list: Vec<Inner>,
            #[serde(default)]
            map: BTreeMap<u32, Vec<Inner>>,
            #[serde(default)]
            pair: Option<(u32, u32)>,
        }
        let path = |raw: &str| match typed::<Outer>(raw.as_bytes(), "") {
            Err(DecodeError::Corrupt { path, .. }) => path,
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(path(r#"{"list":[{"n":1},{"n":"x"}]}"#), "list[1].n");
        assert_eq!(path(r#"{"list":[{"n":1},{"day":null}]}"#), "list[1]");
        assert_eq!(path(r#"{"list":[{"n":1},{"n":2,"day":"2023-02-30"}]}"#), "list[1].day");
        assert_eq!(path(r#"{"list":[{"n":1},{"n":2,"day":"2023-02-30","x":0}]}"#), "list[1].day");
        assert_eq!(path(r#"{"map":{"7":[{"n":1,"day":"2023-13-01"}]},"list":[]}"#), "map.7[0].day");
        assert_eq!(path(r#"{"map":{"seven":[]}}"#), "map");
        assert_eq!(path(r#"{"map":{"a\"b":[]}}"#), "map");
        assert_eq!(path(r#"{"list":{}}"#), "list");
        assert_eq!(path(r#"{"pair":[1]}"#), "pair");
        assert_eq!(path(r#""x""#), ".");
        assert_eq!(path("{\n  \"map\": {\n    \"7\": [\n      {\n        \"n\": -1\n      }\n    ]\n  }\n}"), "map.7[0].n");
        assert_eq!(path("{\n  \"list\": [\n    {\n      \"day\": null\n    }\n  ]\n}"), "list[0]");
        match typed::<Outer>(br#"{"list":[{"n":1}]}"#, "progress") {
            Ok(o) => assert_eq!(o.list.len(), 1),
            Err(e) => panic!("{e}"),
        }
        match typed::<Outer>(br#"{"list":[{"n":true}]}"#, "progress") {
            Err(DecodeError::Corrupt { path, .. }) => assert_eq!(path, "progress.list[0].n"),
            other => panic!("{other:?}"),
        }
    }
}
